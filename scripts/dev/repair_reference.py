#!/usr/bin/env python3
"""DEV-ONLY: best-known costs of the repair benchmark's generated days.

Writes crates/frontdesk-engine/benches/repair_reference.json, which
`cargo bench -p frontdesk-engine --bench repair` reads to show each day's
cost against the best cost CP-SAT found (and whether it proved it optimal).
Nothing in the product, the tests or CI needs this script or ortools.
The time-indexed model (repair_timeindexed.py) is the default: its linear
relaxation is much stronger, so it proves optima the interval model
(repair_cpsat.py) cannot.

    pip install ortools
    cargo build --release -p frontdesk-engine --example repair_day
    cargo build --release -p frontdesk-cli     # for --hint
    python3 scripts/dev/repair_reference.py [--classes small,medium,large] [--workers 1] [--hint]

With --hint, CP-SAT starts from frontdesk-cli's own plan, so what it reports
is the best of both (it can only improve on ours); the entry says so.

Days are named by an FNV-1a hash of their text, so a changed generator
simply makes the old entries unused.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from repair_cpsat import solve as solve_intervals  # noqa: E402
from repair_timeindexed import solve as solve_time_indexed  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
EXAMPLE = os.path.join(TARGET, "release", "examples", "repair_day")
CLI = os.path.join(TARGET, "release", "frontdesk-cli")
OUT = os.path.join(ROOT, "crates", "frontdesk-engine", "benches", "repair_reference.json")
# Same classes as benches/repair.rs, with the CP-SAT time per day.
CLASSES = {
    "small": ([8, 12, 16, 20], range(1, 4), 60),
    "medium": ([60], range(1, 6), 60),
    "large": ([300], range(1, 4), 120),
}


def fingerprint(data):
    value = 0xCBF29CE484222325
    for byte in data:
        value ^= byte
        value = (value * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{value:016x}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--classes", default="small,medium,large")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--hint", action="store_true")
    parser.add_argument("--model", choices=["intervals", "time-indexed"], default="time-indexed")
    args = parser.parse_args()
    known = {}
    if os.path.exists(OUT):
        for day in json.load(open(OUT))["days"]:
            known[day["fingerprint"]] = day
    for name in args.classes.split(","):
        sizes, seeds, seconds = CLASSES[name]
        for visits in sizes:
            for seed in seeds:
                with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
                    path = handle.name
                subprocess.run([EXAMPLE, "--visits", str(visits), "--seed", str(seed), "--out", path], check=True)
                data = open(path, "rb").read()
                key = fingerprint(data)
                if key in known and known[key]["status"] == "OPTIMAL":
                    continue
                hint = None
                if args.hint:
                    run = subprocess.run([CLI, "repair", "--scenario", path], capture_output=True, text=True)
                    hint = json.loads(run.stdout) if run.returncode == 0 else None
                solve = solve_time_indexed if args.model == "time-indexed" else solve_intervals
                result = solve(json.loads(data), seconds, args.workers, hint)
                known[key] = {"class": name, "visits": visits, "seed": seed, "fingerprint": key,
                              "model": args.model, "hinted": hint is not None, **result}
                print(json.dumps(known[key]), flush=True)
                os.unlink(path)
                with open(OUT, "w") as out:
                    json.dump({"note": "dev-only CP-SAT results, see scripts/dev/repair_reference.py",
                               "days": sorted(known.values(), key=lambda d: (d["visits"], d["seed"]))}, out, indent=1)
                    out.write("\n")


if __name__ == "__main__":
    main()
