"""relq's answers to the benchmark questions, compared with the other engines' answers.

    python3 benches/answers.py ANCHORS_JSON RELQ_BIN DATA_DIR

ANCHORS_JSON is what `anchors.py run --out` wrote (its questions and the other engines'
answers); each question is run again by RELQ_BIN on DATA_DIR's actors.csv and events.csv with
`--format json`, and its rows compared with every other engine's answer. Prints one line per
question and engine, and exits 1 when an answer differs or a question fails.
"""
import json
import os
import subprocess
import sys


def relq_rows(relq, data, query):
    run = subprocess.run(
        [relq, "--load", os.path.join(data, "actors.csv"),
         "--load", os.path.join(data, "events.csv"), "--format", "json", "-c", query],
        capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(run.stderr.strip() or "relq exited with %d" % run.returncode)
    rows = []
    for line in run.stdout.splitlines():
        if line.strip():
            value = json.loads(line)
            rows.extend(value if isinstance(value, list) else [value])
    return [list(r.values()) if isinstance(r, dict) else r for r in rows]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        res = json.load(f)
    relq, data = sys.argv[2], sys.argv[3]
    others = {n: e for n, e in res["engines"].items() if n != "relq"}
    same = True
    for qid, query in res["queries"].items():
        try:
            got = relq_rows(relq, data, query)
        except RuntimeError as e:
            print("%s relq failed: %s" % (qid, e))
            same = False
            continue
        for name, engine in sorted(others.items()):
            answer = engine.get("queries", {}).get(qid, {}).get("answer")
            if answer is None:
                print("%s %s: no answer to compare" % (qid, name))
            elif answer == got:
                print("%s %s: same" % (qid, name))
            else:
                print("%s %s: DIFFERENT (relq %s, %s %s)" % (qid, name, got[:3], name, answer[:3]))
                same = False
    print("every answer the same" if same else "answers differ")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
