#!/usr/bin/env python3
"""The graph algorithm procedures (algo.*) side by side with NetworkX and igraph on the same
event graph: the median time of each algorithm, one markdown row per algorithm.

Usage:
    python3 benches/algorithms.py --data DIR [--relq target/release/relq] [--runs 5]
                                  [--skip-networkx-betweenness]

--data is a folder with actors.csv and events.csv in Neo4j's admin import format (as the
benchmark kit's generator writes them). relq runs each call in one process after loading the
folder once (`--timing`, the first run of each call left out); NetworkX and igraph get their
graphs built before the clock starts, the chosen part of it too (relq's time includes choosing
it), and run each algorithm --runs times (NetworkX's slowest ones once). NetworkX needs SciPy
for PageRank; a library that is not installed is left out of the table.
"""
import argparse
import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

# (name, relq call, what the others run it on, the algorithm)
CASES = [
    ("PageRank", "algo.pageRank()", "all", "pagerank"),
    ("PageRank of ACCUSES", "algo.pageRank({relationshipTypes: ['ACCUSES']})", "accuses", "pagerank"),
    ("degree (outgoing)", "algo.degree()", "all", "degree"),
    ("weakly connected components", "algo.wcc()", "all", "wcc"),
    ("strongly connected components", "algo.scc()", "all", "scc"),
    ("triangles", "algo.triangleCount()", "all", "triangles"),
    ("Louvain", "algo.louvain()", "all", "louvain"),
    ("Leiden", "algo.leiden()", "all", "leiden"),
    ("betweenness among countries", "algo.betweenness({nodeLabels: ['Country']})", "countries", "betweenness"),
]


def relq_times(relq, data, runs):
    """{name: median ms} of each case's call, all in one relq process."""
    lines = []
    for name, call, _, _ in CASES:
        col = "componentId" if "wcc" in call or "scc" in call else (
            "triangleCount" if "triangle" in call else (
                "communityId" if "louvain" in call or "leiden" in call else "score"))
        stmt = f"CALL {call} YIELD node, {col} RETURN count(*) AS n, count(DISTINCT {col}) AS d;"
        lines += [stmt] * (runs + 1)
    with tempfile.NamedTemporaryFile("w", suffix=".cypher", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        script = f.name
    try:
        out = subprocess.run(
            [relq, "--load", os.path.join(data, "actors.csv"),
             "--load", os.path.join(data, "events.csv"), "--timing", "-f", script],
            capture_output=True, text=True, check=True,
        )
    finally:
        os.unlink(script)
    times = [float(m) for m in re.findall(r"rows in ([0-9.]+) ms", out.stderr)]
    if len(times) != len(lines):
        sys.exit(f"relq printed {len(times)} timings for {len(lines)} statements:\n{out.stderr[-2000:]}")
    result = {}
    for i, (name, _, _, _) in enumerate(CASES):
        chunk = times[i * (runs + 1) + 1:(i + 1) * (runs + 1)]
        result[name] = statistics.median(chunk)
    return result


def read(data):
    with open(os.path.join(data, "actors.csv"), newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    idc, lab = head.index("id:ID"), head.index(":LABEL")
    nodes = [r[idc] for r in rows[1:]]
    countries = {r[idc] for r in rows[1:] if "Country" in r[lab].split(";")}
    with open(os.path.join(data, "events.csv"), newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    s, e, t = head.index(":START_ID"), head.index(":END_ID"), head.index(":TYPE")
    edges = [(r[s], r[e], r[t]) for r in rows[1:]]
    return nodes, countries, edges


def part(nodes, countries, edges, which):
    if which == "all":
        return nodes, [(a, b) for a, b, _ in edges]
    if which == "accuses":
        return nodes, [(a, b) for a, b, t in edges if t == "ACCUSES"]
    chosen = [n for n in nodes if n in countries]
    return chosen, [(a, b) for a, b, _ in edges if a in countries and b in countries]


def timed(fn, runs):
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t) * 1000)
    return statistics.median(ts)


def networkx_times(parts, runs, skip_betweenness):
    try:
        import networkx as nx
        from networkx.algorithms import community
    except ImportError:
        return None
    graphs = {}
    for which, (ns, es) in parts.items():
        g = nx.MultiDiGraph()
        g.add_nodes_from(ns)
        g.add_edges_from(es)
        und = nx.Graph()
        und.add_nodes_from(ns)
        for a, b in es:
            if und.has_edge(a, b):
                und[a][b]["weight"] += 1
            else:
                und.add_edge(a, b, weight=1)
        graphs[which] = (g, und)
    algos = {
        "pagerank": lambda g, u: nx.pagerank(g),
        "degree": lambda g, u: dict(g.out_degree()),
        "wcc": lambda g, u: list(nx.weakly_connected_components(g)),
        "scc": lambda g, u: list(nx.strongly_connected_components(g)),
        "triangles": lambda g, u: nx.triangles(u),
        "louvain": lambda g, u: community.louvain_communities(u, weight="weight", seed=1),
        "betweenness": lambda g, u: nx.betweenness_centrality(nx.DiGraph(g), normalized=False),
    }
    out = {}
    for name, _, which, algo in CASES:
        if algo == "betweenness" and skip_betweenness:
            continue
        if algo not in algos:
            # NetworkX has no Leiden of its own.
            continue
        g, u = graphs[which]
        slow = algo in ("louvain", "betweenness", "triangles")
        out[name] = timed(lambda: algos[algo](g, u), 1 if slow else runs)
    return out


def igraph_times(parts, runs):
    try:
        import igraph as ig
    except ImportError:
        return None
    graphs = {}
    for which, (ns, es) in parts.items():
        index = {n: i for i, n in enumerate(ns)}
        g = ig.Graph(n=len(ns), edges=[(index[a], index[b]) for a, b in es], directed=True)
        u = g.as_undirected()
        u.es["weight"] = 1
        u.simplify(combine_edges="sum")
        graphs[which] = (g, u)
    algos = {
        "pagerank": lambda g, u: g.pagerank(),
        "degree": lambda g, u: g.degree(mode="out"),
        "wcc": lambda g, u: g.connected_components(mode="weak"),
        "scc": lambda g, u: g.connected_components(mode="strong"),
        "triangles": lambda g, u: u.list_triangles(),
        "louvain": lambda g, u: u.community_multilevel(weights="weight"),
        "leiden": lambda g, u: u.community_leiden(
            objective_function="modularity", weights="weight", n_iterations=-1),
        "betweenness": lambda g, u: g.betweenness(directed=True),
    }
    out = {}
    for name, _, which, algo in CASES:
        g, u = graphs[which]
        out[name] = timed(lambda: algos[algo](g, u), runs)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--relq", default="target/release/relq")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--skip-networkx-betweenness", action="store_true")
    args = ap.parse_args()
    relq = relq_times(args.relq, args.data, args.runs)
    nodes, countries, edges = read(args.data)
    parts = {w: part(nodes, countries, edges, w) for w in ("all", "accuses", "countries")}
    nx_t = networkx_times(parts, args.runs, args.skip_networkx_betweenness)
    ig_t = igraph_times(parts, args.runs)
    cols = ["relq"] + (["NetworkX"] if nx_t else []) + (["igraph"] if ig_t else [])
    print(f"| algorithm ({len(parts['all'][0])} nodes, {len(parts['all'][1])} relationships) | "
          + " | ".join(f"{c} ms" for c in cols) + " | relq / fastest other |")
    print("|---|" + "---:|" * (len(cols) + 1))
    for name, _, _, _ in CASES:
        row = [relq[name]]
        others = [t[name] for t in (nx_t, ig_t) if t and name in t]
        cells = [f"{relq[name]:.1f}"]
        for t in (nx_t, ig_t):
            if t is not None:
                cells.append(f"{t[name]:.1f}" if name in t else "-")
        ratio = f"{row[0] / min(others):.2f}" if others else "-"
        print(f"| {name} | " + " | ".join(cells) + f" | {ratio} |")


if __name__ == "__main__":
    main()
