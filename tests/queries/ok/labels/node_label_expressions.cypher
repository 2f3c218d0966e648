// Label expressions in node patterns (Neo4j 5): `|` either, `&` both, `!` not, `%` any label,
// parentheses; `!` binds tightest, then `&`, then `|`. Every seed node is an Actor and has one
// of Country, Organization, Group, Person.
MATCH (a:Country|Organization) RETURN a.name AS country_or_organization ORDER BY a.name;
MATCH (a:Actor&Person) RETURN a.name AS person ORDER BY a.name;
MATCH (a:!Country) RETURN count(*) AS not_countries;
MATCH (a:Actor&!(Country|Person)) RETURN a.name AS neither ORDER BY a.name;
MATCH (a:!Group&!Person|Organization) RETURN a.name AS precedence ORDER BY a.name;
MATCH (a:%) RETURN count(*) AS labelled;
MATCH (a:!%) RETURN count(*) AS unlabelled;
MATCH (a:(Country|Person)&(Person|Group)) RETURN a.name AS grouped ORDER BY a.name;
// The colon form stays a conjunction.
MATCH (a:Actor:Country) RETURN count(*) AS actor_countries;
// Along a pattern, in OPTIONAL MATCH, and the same node twice.
MATCH (a:Person|Organization)-[:LEADS]->(b:Country|Organization) RETURN a.name, b.name ORDER BY a.name;
MATCH (a:Group) OPTIONAL MATCH (a)<-[:DENIES]-(b:!Person) RETURN a.name, b.name ORDER BY a.name;
MATCH (a:Country|Person)-[:ACCUSES]->(b), (a:!Person) RETURN DISTINCT a.name ORDER BY a.name;
// In pattern predicates, EXISTS, COUNT and pattern comprehensions.
MATCH (a:Actor) WHERE (a)-[:ACCUSES]->(:Country&!Person) RETURN a.name AS accuses_a_country ORDER BY a.name;
MATCH (a:Country) WHERE EXISTS { (a)<-[:LEADS|MEMBER_OF]-(:Person) }
RETURN a.name AS led, COUNT { (a)-[]-(:!Country) } AS non_country_neighbours ORDER BY a.name;
MATCH (a:Actor {name: 'Russia'}) RETURN [(a)-[:DENIES]->(b:Group|Organization) | b.name] AS denied;
