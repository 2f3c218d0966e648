#!/usr/bin/env python3
"""Scale curve of relq on generated event graphs: load time, peak memory, snapshot size and
the median time of each benchmark query, one markdown row per size.

Usage:
    python3 benches/scale.py --kit DIR --data DIR [--relq target/release/relq]
                             [--sizes 10000,100000,1000000] [--runs 3]

--kit is the benchmark kit: a folder with gen_events.py (the generator) and queries.cypher
(statements ended by ';', each after a '// Qn: title' line). Data for N events is generated
into DATA/N once and reused. Standard library only.

The generator pads generic actors' numbers to six digits, or to more when a graph has more
than a million actors (100M events: `Actor_0000040`), so the queries' actor names are
written at the width of each size's data: the same actors at every size, where the kit's
six-digit names would name no actor at 100M events (and time an empty answer).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time


def queries(path):
    """[(qid, text)] from a queries.cypher file."""
    out, qid, buf = [], None, []
    with open(path) as f:
        for line in f:
            s = line.strip()
            m = re.match(r"^//\s*(Q\d+)\s*:", s)
            if m:
                qid, buf = m.group(1), []
                continue
            if s.startswith("//") or not s:
                continue
            buf.append(s)
            if s.endswith(";") and qid:
                out.append((qid, " ".join(buf)))
                qid, buf = None, []
    return out


def at_width(text, events):
    """The query with its generic actors' names at the generator's width for `events`."""
    actors = max(50, events // 20)
    width = max(6, len(str(actors - 1)))
    return re.sub(r"Actor_(\d+)", lambda m: "Actor_%0*d" % (width, int(m.group(1))), text)


def run(cmd):
    """Run a command; return (seconds, stdout, stderr)."""
    start = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    secs = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr}")
    return secs, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kit", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--relq", default="target/release/relq")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    qs = queries(os.path.join(a.kit, "queries.cypher"))
    print("| events | load s | peak RSS MiB | snapshot MiB | open s | "
          + " | ".join(q for q, _ in qs) + " |")
    print("|---:" * (5 + len(qs)) + "|")
    for n in [int(s) for s in a.sizes.split(",")]:
        d = os.path.join(a.data, str(n))
        if not os.path.exists(os.path.join(d, "events.csv")):
            subprocess.run([sys.executable, os.path.join(a.kit, "gen_events.py"),
                            "--events", str(n), "--out", d], check=True,
                           capture_output=True)
        load = ["--load", os.path.join(d, "actors.csv"), "--load", os.path.join(d, "events.csv")]
        with tempfile.TemporaryDirectory() as tmp:
            snap = os.path.join(tmp, "g.relq")
            # Load alone (and save a snapshot): the time and memory of having the graph.
            load_s, _, _ = run([a.relq, *load, "-c", "RETURN 1"])
            rss = run_rss([a.relq, *load, "-c", "RETURN 1"])
            run([a.relq, *load, "--save", snap, "-c", "RETURN 1"])
            size = os.path.getsize(snap) / 2**20
            open_s, _, _ = run([a.relq, snap, "-c", "RETURN 1"])
            script = os.path.join(tmp, "q.cypher")
            with open(script, "w") as f:
                for _ in range(a.runs):
                    for _, text in qs:
                        f.write(at_width(text, n) + "\n")
            _, _, err = run([a.relq, snap, "--timing", "-f", script])
            for line in err.splitlines():
                if line.startswith("warning:"):
                    print(f"{n:,} events: {line}", file=sys.stderr)
        times = [float(m) for m in re.findall(r"-- .* in ([0-9.]+) ms", err)]
        per_q = [statistics.median(times[i::len(qs)]) for i in range(len(qs))]
        print(f"| {n:,} | {load_s:.2f} | {rss:.0f} | {size:.1f} | {open_s:.2f} | "
              + " | ".join(f"{t:.3g}" for t in per_q) + " |", flush=True)


def run_rss(cmd):
    """Peak RSS in MiB of one run, from GNU time."""
    p = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr}")
    return int(p.stderr.strip().splitlines()[-1]) / 1024


if __name__ == "__main__":
    main()
