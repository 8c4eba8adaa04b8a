#!/usr/bin/env python3
"""DEV-ONLY yardstick: a CP-SAT model of a frontdesk-repair/1 day.

Not part of the product, the tests or CI (they must never need it). It
gives optimal or best-known costs of generated days so the solver's
answers can be compared with them (see the README's "Day repair" table).

    pip install ortools
    python3 scripts/dev/repair_cpsat.py DAY.json [DAY.json ...] [--seconds 60] [--workers 2] [--hint PLAN.json]

Prints one JSON line per day: status (OPTIMAL or FEASIBLE), objective,
best bound, wall seconds. The model follows docs/REPAIR.md: starts on the
wall-clock grid (every instant each grid line names), one resource per part
(input or, when movable, any with the role), windows, no overlap with each
other or with in_room parts, waiting from the target, overtime per
resource, deferrals and reassignments.
"""
import argparse
import json
import sys
import time
from datetime import date as Date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from ortools.sat.python import cp_model

DEFAULT_WEIGHTS = {"wait": 1, "urgent": 10, "overtime": 3, "defer": 90, "reassign": 5}


def instant(text):
    return int(datetime.fromisoformat(text).timestamp()) // 60


def local_instants(zone, day, minute):
    """Every UTC minute a wall-clock minute of `day` names (0, 1 or 2)."""
    wall = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
    found = set()
    for fold in (0, 1):
        aware = wall.replace(tzinfo=zone, fold=fold)
        utc = aware.astimezone(timezone.utc)
        if utc.astimezone(zone).replace(tzinfo=None) == wall:
            found.add(int(utc.timestamp()) // 60)
    return sorted(found)


def clock_instant(zone, day, text):
    hours, minutes = map(int, text.split(":"))
    if hours == 24:
        return local_instants(zone, day + timedelta(days=1), 0)[0]
    return local_instants(zone, day, hours * 60 + minutes)[0]


def read_day(doc):
    """The day in UTC minutes: the grid, resources (window, in-room stretches)
    and the visits to plan (release, target, weight, parts with candidates)."""
    zone = ZoneInfo(doc["timezone"])
    day = Date.fromisoformat(doc["date"])
    weights = dict(DEFAULT_WEIGHTS, **{k: v for k, v in (doc.get("weights") or {}).items() if v is not None})
    now = instant(doc["now"])
    grid_min = doc["grid_min"]
    grid = sorted({t for m in range(0, 1440, grid_min) for t in local_instants(zone, day, m)})
    resources = []
    for r in doc["resources"]:
        close = clock_instant(zone, day, r["close"])
        resources.append({
            "id": r["id"], "roles": set(r["roles"]),
            "open": clock_instant(zone, day, r["available_from"]),
            "close": close, "limit": close + (r.get("max_overtime_min") or 0),
            "fixed": [],
        })
    index = {r["id"]: i for i, r in enumerate(resources)}
    jobs = []
    for v in doc["visits"]:
        parts = [{"role": p["role"], "input": index[p["resource"]],
                  "offset": p.get("offset_min") or 0, "duration": p["duration_min"],
                  "movable": bool(p.get("movable"))} for p in v["parts"]]
        if v["state"] == "in_room":
            started = instant(v["started"])
            for p in parts:
                resources[p["input"]]["fixed"].append((started + p["offset"], started + p["offset"] + p["duration"]))
            continue
        for p in parts:
            p["candidates"] = [p["input"]] + ([i for i, r in enumerate(resources)
                                               if i != p["input"] and p["role"] in r["roles"]] if p["movable"] else [])
        scheduled = instant(v["scheduled"])
        if v["state"] == "arrived":
            release, target = now, max(scheduled, instant(v["arrived"]))
        else:
            release, target = max(now, scheduled), scheduled
        weight = weights["urgent"] if v.get("urgent") else weights["wait"]
        jobs.append({"id": v["id"], "release": release, "target": target, "weight": weight,
                     "deferrable": bool(v.get("deferrable")), "parts": parts})
    return grid, resources, jobs, weights


def hinted(hint, jobs):
    """(index, job, plan item) for every job a hint plan mentions."""
    by_id = {item["id"]: item for item in (hint or {}).get("plan", [])}
    for j, job in enumerate(jobs):
        if job["id"] in by_id:
            yield j, job, by_id[job["id"]]


def solve(doc, seconds, workers, hint=None, fix=False):
    grid, resources, jobs, weights = read_day(doc)
    model = cp_model.CpModel()
    intervals = [[] for _ in resources]
    ends = [[] for _ in resources]
    objective = []
    starts, choice, present_of = {}, {}, {}
    for j, job in enumerate(jobs):
        values = [t for t in grid if t >= job["release"]]
        present = model.NewBoolVar(f"p{j}") if job["deferrable"] else model.NewConstant(1)
        present_of[j] = present
        if job["deferrable"]:
            objective.append(weights["defer"] * (1 - present))
        if not values:
            model.Add(present == 0)
            continue
        start = model.NewIntVarFromDomain(cp_model.Domain.FromValues(values), f"s{j}")
        starts[j] = start
        wait = model.NewIntVar(0, 24 * 60 * 2, f"w{j}")
        model.Add(wait >= start - job["target"]).OnlyEnforceIf(present)
        objective.append(job["weight"] * wait)
        for k, part in enumerate(job["parts"]):
            literals = []
            for r in part["candidates"]:
                res = resources[r]
                x = model.NewBoolVar(f"x{j}_{k}_{r}")
                choice[(j, k, r)] = x
                literals.append(x)
                model.AddImplication(x, present)
                begin = start + part["offset"]
                model.Add(begin >= res["open"]).OnlyEnforceIf(x)
                model.Add(begin + part["duration"] <= res["limit"]).OnlyEnforceIf(x)
                intervals[r].append(model.NewOptionalFixedSizeIntervalVar(begin, part["duration"], x, f"i{j}_{k}_{r}"))
                ends[r].append((begin + part["duration"], x))
                if r != part["input"]:
                    objective.append(weights["reassign"] * x)
            model.Add(sum(literals) == present)
    for r, res in enumerate(resources):
        merged = []
        for s, e in sorted(res["fixed"]):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        for s, e in merged:
            intervals[r].append(model.NewFixedSizeIntervalVar(s, e - s, f"f{r}_{s}"))
        model.AddNoOverlap(intervals[r])
        overtime = model.NewIntVar(0, 24 * 60 * 2, f"o{r}")
        if merged:
            model.Add(overtime >= max(e for _, e in merged) - res["close"])
        for end, x in ends[r]:
            model.Add(overtime >= end - res["close"]).OnlyEnforceIf(x)
        objective.append(weights["overtime"] * overtime)
    model.Minimize(sum(objective))
    for j, job, item in hinted(hint, jobs):
        if item.get("deferred"):
            if job["deferrable"]:
                model.AddHint(present_of[j], 0)
                if fix:
                    model.Add(present_of[j] == 0)
            continue
        if j in starts:
            model.AddHint(starts[j], instant(item["start"]))
            if fix:
                model.Add(starts[j] == instant(item["start"]))
        for k, part in enumerate(item["parts"]):
            for (jj, kk, r), x in choice.items():
                if jj == j and kk == k:
                    value = 1 if resources[r]["id"] == part["resource"] else 0
                    model.AddHint(x, value)
                    if fix:
                        model.Add(x == value)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    clock = time.time()
    status = solver.Solve(model)
    return outcome(solver, status, clock)


def outcome(solver, status, clock):
    """What a run reports: status, objective, best bound, wall seconds."""
    return {
        "status": solver.StatusName(status),
        "objective": round(solver.ObjectiveValue()) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None,
        "bound": round(solver.BestObjectiveBound()),
        "seconds": round(time.time() - clock, 2),
    }


def arguments():
    """The command line both yardsticks take."""
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hint")
    return parser


def main():
    parser = arguments()
    parser.add_argument("--fix", action="store_true", help="fix the hinted plan: its cost in this model")
    args = parser.parse_args()
    hint = json.load(open(args.hint)) if args.hint else None
    for path in args.files:
        with open(path) as handle:
            doc = json.load(handle)
        result = solve(doc, args.seconds, args.workers, hint, args.fix)
        print(json.dumps({"file": path, **result}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
