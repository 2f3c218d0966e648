#!/bin/sh
# Fill fuzz/corpus/<target>/ with seed inputs: the golden test statements, the seed graph, small
# CSV and node-link files, and a small snapshot saved by relq. Run from anywhere; needs cargo.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
corpus="$here/corpus"
mkdir -p "$corpus/parse" "$corpus/query" "$corpus/import_csv" "$corpus/import_json" "$corpus/snapshot"

# Statements: every golden statement, one file each, for the parser and for the query target.
find "$root/tests/queries" -name '*.cypher' | while read -r f; do
    name=$(echo "${f#"$root"/tests/queries/}" | tr '/' '_')
    cp "$f" "$corpus/parse/$name"
    cp "$f" "$corpus/query/$name"
done
# The seed graph's script, whole, for the parser.
cp "$root/data/seed.cypher" "$corpus/parse/seed.cypher"

# CSV: a nodes file alone, and a nodes file, a NUL byte and a relationships file.
printf 'id:ID,name,:LABEL\na,Russia,Actor\nb,USA,Actor;Country\n' > "$corpus/import_csv/nodes.csv"
{
    printf 'id:ID(Actor),name,born:int,tags:string[],:LABEL\n1,"Alice, A.",1970,x;y,Actor\n2,Bob,,z,Actor\n'
    printf '\000'
    printf ':START_ID(Actor),:END_ID(Actor),:TYPE,weight:float\n1,2,ACCUSES,0.5\n2,1,THREATENS,\n'
} > "$corpus/import_csv/nodes_rels.csv"

# Node-link JSON, written by relq's own export from the seed graph, and a hand-made one.
cd "$root"
cargo run --quiet -- --export json -o "$corpus/import_json/seed.json" -c 'MATCH (n)-[r]->(m) RETURN n, r, m' >/dev/null 2>&1 || true
printf '{"nodes":[{"id":1,"labels":"Actor","name":"A"},{"id":"b","labels":["Actor"],"properties":{"n":[1,2]}}],"links":[{"source":1,"target":"b","type":"ACCUSES","w":1.5}]}' \
    > "$corpus/import_json/small.json"

# A small snapshot, saved by relq: the seed graph, and a graph of two nodes.
cargo run --quiet -- --save "$corpus/snapshot/seed.relq" -c 'RETURN 1' >/dev/null 2>&1 || true
cargo run --quiet -- --empty --save "$corpus/snapshot/small.relq" \
    -c "CREATE (:A {name: 'x', n: [1, 2.5, true]})-[:R {w: 'y'}]->(:B)" >/dev/null 2>&1 || true

find "$corpus" -type f | wc -l
echo "corpus in $corpus"
