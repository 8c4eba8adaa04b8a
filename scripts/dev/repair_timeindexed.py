#!/usr/bin/env python3
"""DEV-ONLY yardstick: a time-indexed 0-1 model of a frontdesk-repair/1 day.

Like repair_cpsat.py, nothing in the product, the tests or CI uses it. One
variable per (visit, grid start) and per (movable part, resource, start);
capacity is enforced at every part start, so its linear relaxation gives
much stronger lower bounds than the interval model: use it to prove optima
(or bound the gap) of medium days.

    pip install ortools
    python3 scripts/dev/repair_timeindexed.py DAY.json [--seconds 60] [--workers 2] [--hint PLAN.json]
"""
import json
import sys
import time
from collections import defaultdict

from ortools.sat.python import cp_model

sys.path.insert(0, __import__("os").path.dirname(__file__))
from repair_cpsat import arguments, hinted, instant, outcome, read_day  # noqa: E402


def fits(resource, start, end):
    return resource["open"] <= start and end <= resource["limit"] and all(
        end <= s or e <= start for s, e in resource["fixed"])


def solve(doc, seconds, workers, hint=None, out=None):
    grid, resources, jobs, weights = read_day(doc)
    model = cp_model.CpModel()
    # (resource) -> list of (start, end, literal)
    uses = defaultdict(list)
    # (resource) -> per part placed on it: [(end, literal)] (one is chosen)
    ends = defaultdict(lambda: defaultdict(list))
    objective = []
    start_of = {}
    wvars = {}
    for j, job in enumerate(jobs):
        options = []
        for t in grid:
            if t < job["release"]:
                continue
            # Each part needs at least one allowed resource that fits.
            if all(any(fits(resources[r], t + p["offset"], t + p["offset"] + p["duration"]) for r in p["candidates"])
                   for p in job["parts"]):
                options.append(t)
        x = {t: model.NewBoolVar(f"x{j}_{t}") for t in options}
        start_of[j] = x
        deferred = model.NewBoolVar(f"d{j}") if job["deferrable"] else None
        model.Add(sum(x.values()) + (deferred if deferred is not None else 0) == 1)
        if deferred is not None:
            objective.append(weights["defer"] * deferred)
        for t, var in x.items():
            late = max(0, t - job["target"])
            if late:
                objective.append(job["weight"] * late * var)
        for k, p in enumerate(job["parts"]):
            for t, var in x.items():
                begin, end = t + p["offset"], t + p["offset"] + p["duration"]
                allowed = [r for r in p["candidates"] if fits(resources[r], begin, end)]
                if len(p["candidates"]) == 1:
                    r = p["input"]
                    uses[r].append((begin, end, var))
                    ends[r][(j, k)].append((end, var))
                    continue
                ws = []
                for r in allowed:
                    w = model.NewBoolVar(f"w{j}_{k}_{r}_{t}")
                    wvars[(j, k, r, t)] = w
                    ws.append(w)
                    uses[r].append((begin, end, w))
                    ends[r][(j, k)].append((end, w))
                    if r != p["input"]:
                        objective.append(weights["reassign"] * w)
                model.Add(sum(ws) == var)
    for r, res in enumerate(resources):
        items = uses[r]
        points = sorted({s for s, _, _ in items})
        for point in points:
            active = [lit for s, e, lit in items if s <= point < e]
            if len(active) > 1:
                model.Add(sum(active) <= 1)
        overtime = model.NewIntVar(0, 3000, f"o{r}")
        fixed_end = max((e for _, e in res["fixed"]), default=None)
        if fixed_end is not None and fixed_end > res["close"]:
            model.Add(overtime >= fixed_end - res["close"])
        # At most one start is chosen per part: its overtime is a sum.
        for terms in ends[r].values():
            late = [(end - res["close"]) * lit for end, lit in terms if end > res["close"]]
            if late:
                model.Add(overtime >= sum(late))
        objective.append(weights["overtime"] * overtime)
    model.Minimize(sum(objective))
    for j, job, item in hinted(hint, jobs):
        if not item.get("deferred"):
            t = instant(item["start"])
            for tt, var in start_of[j].items():
                model.AddHint(var, 1 if tt == t else 0)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.linearization_level = 2
    clock = time.time()
    status = solver.Solve(model)
    if out and status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        plan = []
        for j, job in enumerate(jobs):
            chosen = [t for t, var in start_of[j].items() if solver.Value(var)]
            if not chosen:
                plan.append({"id": job["id"], "deferred": True})
                continue
            t = chosen[0]
            parts = []
            for k, p in enumerate(job["parts"]):
                resource = p["input"]
                for r in p["candidates"]:
                    w = wvars.get((j, k, r, t))
                    if w is not None and solver.Value(w):
                        resource = r
                parts.append(resources[resource]["id"])
            plan.append({"id": job["id"], "start_minute": t, "parts": parts})
        json.dump(plan, open(out, "w"), indent=1)
    return outcome(solver, status, clock)


def main():
    parser = arguments()
    parser.add_argument("--out", help="write the plan found (starts as UTC minutes)")
    args = parser.parse_args()
    hint = json.load(open(args.hint)) if args.hint else None
    for path in args.files:
        print(json.dumps({"file": path, **solve(json.load(open(path)), args.seconds, args.workers, hint, args.out)}), flush=True)


if __name__ == "__main__":
    main()
