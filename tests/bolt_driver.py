"""The official neo4j Python driver against `relq serve`, over bolt:// and neo4j://.

Usage: bolt_driver.py HOST:PORT RELQ [TOKEN]

Runs the README's example queries and compares every answer with the shell's
(`relq --format json -c ...`), then db.schema.visualization's virtual nodes
and relationships, parameters, nodes, relationships and paths,
transactions (committed and rolled back), paging, read access mode and an error.
Prints one line per check and exits non-zero on the first mismatch."""

import json
import subprocess
import datetime
import sys

import neo4j
from neo4j.graph import Node, Path, Relationship

ADDRESS, RELQ = sys.argv[1], sys.argv[2]
TOKEN = sys.argv[3] if len(sys.argv) > 3 else "unused"

README_QUERIES = [
    "MATCH (a:Actor)-[r:ACCUSES]->(:Actor {name: 'Russia'}) RETURN a.name AS accuser, r.allegation AS allegation ORDER BY accuser",
    "MATCH (:Actor {name: 'Russia'})-[p:PROPOSES]->(b) RETURN b.name AS to_whom, p.topic AS proposal, p.quote AS sentence ORDER BY proposal LIMIT 1",
    "MATCH p = shortestPath((a:Actor {name: 'FBI'})-[*]-(b:Actor {name: 'Germany'})) RETURN [n IN nodes(p) | n.name] AS route, [r IN relationships(p) | type(r)] AS via",
    "MATCH (a:Actor)<-[r:ACCUSES]-() RETURN a.name AS actor, count(r) AS accusations ORDER BY accusations DESC",
    # Entities: nodes, relationships and paths, in lists and maps too.
    "MATCH p = (a:Actor)-[r:ACCUSES]->(b:Actor {name: 'Russia'}) RETURN a, r, b, p ORDER BY id(r)",
    "MATCH p = (:Actor {name: 'FBI'})-[*1..2]-(x) RETURN p, {end: x, hops: length(p)} AS m, [x] AS l ORDER BY id(x), length(p) LIMIT 10",
    "MATCH (n:Actor) RETURN n.name AS name, labels(n) AS labels, n.aliases AS aliases ORDER BY name",
    "RETURN 1 AS i, 2.5 AS f, 'x' AS s, true AS b, null AS n, [1, [2, 'three']] AS l, {k: {v: 1}} AS m",
]


def shell(statement):
    out = subprocess.run(
        [RELQ, "--format", "json", "-c", statement],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [normal(json.loads(line)) for line in out.splitlines()]


def normal(value):
    """The shell's JSON with labels sorted (the driver gives them as a set)."""
    if isinstance(value, dict):
        out = {k: normal(v) for k, v in value.items()}
        if "labels" in out and isinstance(out["labels"], list) and "properties" in out:
            out["labels"] = sorted(out["labels"])
        return out
    if isinstance(value, list):
        return [normal(v) for v in value]
    return value


def node_json(n):
    return {"id": int(n.element_id), "labels": sorted(n.labels), "properties": to_json(dict(n))}


def rel_json(r):
    return {
        "id": int(r.element_id),
        "type": r.type,
        "start": int(r.start_node.element_id),
        "end": int(r.end_node.element_id),
        "properties": to_json(dict(r)),
    }


def to_json(value):
    """A driver value in the shape of relq's JSON output."""
    if isinstance(value, Node):
        return node_json(value)
    if isinstance(value, Relationship):
        return rel_json(value)
    if isinstance(value, Path):
        return {
            "nodes": [node_json(n) for n in value.nodes],
            "relationships": [rel_json(r) for r in value.relationships],
        }
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (neo4j.time.Date, neo4j.time.Time, neo4j.time.DateTime, neo4j.time.Duration)):
        # relq's JSON gives temporal values in ISO 8601.
        return value.iso_format()
    return value


def records_json(records):
    return [{k: to_json(r[k]) for k in r.keys()} for r in records]


def strip_virtual(value):
    """The shell's JSON of a virtual entity without its `virtual` mark, which Bolt has not."""
    return {k: v for k, v in value.items() if k != "virtual"}


def check(name, got, expected):
    if got != expected:
        print(f"MISMATCH {name}\n  driver: {got!r}\n  shell:  {expected!r}")
        sys.exit(1)
    print(f"ok {name}")


def main():
    for scheme in ("bolt", "neo4j"):
        uri = f"{scheme}://{ADDRESS}"
        with neo4j.GraphDatabase.driver(uri, auth=("neo4j", TOKEN)) as driver:
            driver.verify_connectivity()
            for i, q in enumerate(README_QUERIES):
                records, _, _ = driver.execute_query(q)
                check(f"{scheme} query {i + 1}", records_json(records), shell(q))

            # db.schema.visualization's virtual nodes and relationships: the driver's own Node
            # and Relationship, with negative ids, as the shell gives them.
            q = "CALL db.schema.visualization()"
            records, _, _ = driver.execute_query(q)
            if scheme == "bolt":
                # The first connection, before this script writes: the graph is the shell's.
                check(f"{scheme} schema visualization", records_json(records),
                      [{k: [strip_virtual(x) for x in v] for k, v in row.items()} for row in shell(q)])
            nodes, rels = records[0]["nodes"], records[0]["relationships"]
            check(f"{scheme} virtual node types",
                  (all(isinstance(n, Node) for n in nodes), all(isinstance(r, Relationship) for r in rels)),
                  (True, True))
            check(f"{scheme} virtual node", (nodes[0].element_id, nodes[0].id, set(nodes[0].labels),
                                             nodes[0]["name"], nodes[0]["indexes"]),
                  ("-1", -1, {"Actor"}, "Actor", []))
            r = rels[0]
            check(f"{scheme} virtual relationship",
                  (r.element_id, r.type, r["name"], r.start_node.element_id, r.end_node.element_id,
                   r.start_node["name"] if r.start_node is not None else None),
                  ("-1", "ACCUSES", "ACCUSES", "-1", "-1", "Actor"))

            # Parameters of every type relq has.
            params = {"name": "Russia", "n": 2, "f": 0.5, "b": True, "none": None,
                      "list": [1, "two", [3.0]], "map": {"k": "v", "nested": {"x": [1]}}}
            records, _, _ = driver.execute_query(
                "MATCH (a:Actor {name: $name}) RETURN a.name AS name, $n + 1 AS n, $f * 2 AS f, "
                "NOT $b AS b, $none IS NULL AS none, $list AS list, $map AS map", params)
            check(f"{scheme} parameters", records_json(records), [{
                "name": "Russia", "n": 3, "f": 1.0, "b": False, "none": True,
                "list": [1, "two", [3.0]], "map": {"k": "v", "nested": {"x": [1]}}}])

            # Temporal values as the driver's own types, both ways.
            records, _, _ = driver.execute_query(
                "RETURN date('2020-11-14') AS d, localtime('10:30:00.5') AS lt, "
                "time('10:30+01:00') AS t, localdatetime('2020-11-14T10:30') AS ldt, "
                "datetime('2020-11-14T10:30:00Z') AS dt, "
                "datetime('2020-11-14T10:30[Europe/Berlin]') AS berlin, "
                "duration('P1Y2M3DT4H5.5S') AS du")
            r = records[0]
            check(f"{scheme} date", r["d"], neo4j.time.Date(2020, 11, 14))
            check(f"{scheme} localtime", r["lt"], neo4j.time.Time(10, 30, 0, 500000000))
            check(f"{scheme} time", (r["t"].hour, r["t"].minute, r["t"].utcoffset().total_seconds()),
                  (10, 30, 3600.0))
            check(f"{scheme} localdatetime", r["ldt"], neo4j.time.DateTime(2020, 11, 14, 10, 30))
            check(f"{scheme} datetime", r["dt"].to_native().isoformat(), "2020-11-14T10:30:00+00:00")
            check(f"{scheme} zoned datetime",
                  (r["berlin"].hour, r["berlin"].utcoffset().total_seconds(), str(r["berlin"].tzinfo)),
                  (10, 3600.0, "Europe/Berlin"))
            check(f"{scheme} duration", (r["du"].months, r["du"].days, r["du"].seconds, r["du"].nanoseconds),
                  (14, 3, 4 * 3600 + 5, 500000000))
            records, _, _ = driver.execute_query(
                "RETURN $d + duration('P1D') AS next, $dt.year AS year, toString($du) AS du",
                {"d": neo4j.time.Date(2020, 11, 14),
                 "dt": neo4j.time.DateTime(2020, 11, 14, 10, 30, tzinfo=datetime.timezone.utc),
                 "du": neo4j.time.Duration(days=7)})
            check(f"{scheme} temporal parameters",
                  (records[0]["next"], records[0]["year"], records[0]["du"]),
                  (neo4j.time.Date(2020, 11, 15), 2020, "P7D"))

            # Points as the driver's own types, both ways.
            records, _, _ = driver.execute_query(
                "RETURN point({longitude: 12.5, latitude: 55.6}) AS geo, "
                "point({x: 1, y: 2, z: 3}) AS flat3d")
            r = records[0]
            check(f"{scheme} wgs-84 point", (type(r["geo"]).__name__, r["geo"].srid,
                                             r["geo"].longitude, r["geo"].latitude),
                  ("WGS84Point", 4326, 12.5, 55.6))
            check(f"{scheme} cartesian-3d point", (type(r["flat3d"]).__name__, r["flat3d"].srid,
                                                   tuple(r["flat3d"])),
                  ("CartesianPoint", 9157, (1.0, 2.0, 3.0)))
            records, _, _ = driver.execute_query(
                "RETURN round(point.distance($a, $b)) AS metres, $c.x + $c.z AS sum, $c.crs AS crs",
                {"a": neo4j.spatial.WGS84Point((12.564590, 55.672874)),
                 "b": neo4j.spatial.WGS84Point((12.994341, 55.611784)),
                 "c": neo4j.spatial.CartesianPoint((1.5, 0.0, 2.0))})
            check(f"{scheme} point parameters",
                  (records[0]["metres"], records[0]["sum"], records[0]["crs"]),
                  (27842.0, 3.5, "cartesian-3d"))

            with driver.session() as session:
                # A committed write: its counters, and the node is there after.
                tag = f"{scheme}-commit"
                summary = session.execute_write(
                    lambda tx: tx.run("CREATE (:Visitor {tag: $t})", t=tag).consume())
                check(f"{scheme} counters", summary.counters.nodes_created, 1)
                check(f"{scheme} committed", session.run(
                    "MATCH (v:Visitor {tag: $t}) RETURN count(v) AS c", t=tag).single()["c"], 1)

                # An explicit transaction rolled back: nothing stays, ids included.
                tx = session.begin_transaction()
                tx.run("CREATE (:Visitor {tag: 'rolled back'})").consume()
                inside = tx.run("MATCH (v:Visitor {tag: 'rolled back'}) RETURN count(v) AS c").single()["c"]
                tx.rollback()
                check(f"{scheme} seen inside the transaction", inside, 1)
                check(f"{scheme} rolled back", session.run(
                    "MATCH (v:Visitor {tag: 'rolled back'}) RETURN count(v) AS c").single()["c"], 0)

                # A transaction function that fails rolls back what it did.
                def fails(tx):
                    tx.run("CREATE (:Visitor {tag: 'failed'})").consume()
                    raise RuntimeError("stop")
                try:
                    session.execute_write(fails)
                except RuntimeError:
                    pass
                check(f"{scheme} failed function rolled back", session.run(
                    "MATCH (v:Visitor {tag: 'failed'}) RETURN count(v) AS c").single()["c"], 0)

                # Two statements in one transaction, committed together.
                pair = f"{scheme}-pair"
                with session.begin_transaction() as tx:
                    tx.run("CREATE (:Visitor {tag: $t})", t=pair).consume()
                    tx.run("MATCH (v:Visitor {tag: $t}) CREATE (v)-[:KNOWS]->(:Visitor {tag: $t})", t=pair).consume()
                    tx.commit()
                check(f"{scheme} transaction committed", session.run(
                    "MATCH (:Visitor {tag: $t})-[k:KNOWS]->() RETURN count(k) AS c", t=pair).single()["c"], 1)

                # Schema commands: their counters, SHOW, and a constraint refusing a duplicate.
                label = "Guest" + "".join(c for c in scheme if c.isalnum())
                summary = session.run(
                    f"CREATE CONSTRAINT {label}_tag FOR (g:{label}) REQUIRE g.tag IS UNIQUE").consume()
                check(f"{scheme} constraint added", summary.counters.constraints_added, 1)
                summary = session.run(f"CREATE INDEX {label}_name FOR (g:{label}) ON (g.name)").consume()
                check(f"{scheme} index added", summary.counters.indexes_added, 1)
                names = [r["name"] for r in session.run(
                    "SHOW INDEXES YIELD name WHERE name STARTS WITH $p RETURN name ORDER BY name", p=label)]
                check(f"{scheme} show indexes", names, [f"{label}_name", f"{label}_tag"])
                session.run(f"CREATE (:{label} {{tag: 1}})").consume()
                try:
                    session.run(f"CREATE (:{label} {{tag: 1}})").consume()
                    print(f"MISMATCH {scheme} constraint: the duplicate went through")
                    sys.exit(1)
                except neo4j.exceptions.Neo4jError as e:
                    check(f"{scheme} constraint error", e.code,
                          "Neo.ClientError.Schema.ConstraintValidationFailed")
                check(f"{scheme} one guest", session.run(
                    f"MATCH (g:{label}) RETURN count(g) AS c").single()["c"], 1)
                summary = session.run(f"DROP CONSTRAINT {label}_tag").consume()
                check(f"{scheme} constraint removed", summary.counters.constraints_removed, 1)

            # Records in pages: fetch_size 3 pulls 3 at a time (has_more).
            with driver.session(fetch_size=3) as session:
                xs = [r["x"] for r in session.run("UNWIND range(1, 10) AS x RETURN x")]
                check(f"{scheme} paged records", xs, list(range(1, 11)))

            # An error: Neo4j's code and the shell's text with its caret.
            try:
                driver.execute_query("MATCH (n:Actor) RETRUN n")
                print(f"MISMATCH {scheme} error: no error")
                sys.exit(1)
            except neo4j.exceptions.Neo4jError as e:
                check(f"{scheme} error code", e.code, "Neo.ClientError.Statement.SyntaxError")
                check(f"{scheme} error caret", "^^^^^^" in e.message and "query:1:17" in e.message, True)

            # The session goes on after an error in a transaction.
            with driver.session() as session:
                try:
                    session.execute_write(lambda tx: tx.run("RETURN 1/0").consume())
                except neo4j.exceptions.Neo4jError as e:
                    check(f"{scheme} error in transaction", e.code, "Neo.ClientError.Statement.ArithmeticError")
                check(f"{scheme} after the error", session.run("RETURN 2 AS x").single()["x"], 2)

            # Read access mode refuses writes.
            with driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
                try:
                    session.execute_read(lambda tx: tx.run("CREATE (:Visitor {tag: 'read'})").consume())
                    print(f"MISMATCH {scheme} read mode: the write went through")
                    sys.exit(1)
                except neo4j.exceptions.Neo4jError as e:
                    check(f"{scheme} read mode", e.code, "Neo.ClientError.Statement.AccessMode")

            # EXPLAIN gives the plan in the summary.
            _, summary, _ = driver.execute_query("EXPLAIN MATCH (a:Actor) RETURN a")
            check(f"{scheme} plan", summary.plan["operatorType"], "ProduceResults")
    print("all checks passed")


main()
