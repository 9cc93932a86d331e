#!/usr/bin/env python3
"""One lever's effect at every base sample of a Sobol sweep (docs/validation.md, section 3c).

In Saltelli's scheme the rows A_j and AB_j^(i) of base sample j differ in lever i only, so each base sample gives
one one-at-a-time change of lever i at a random setting of the others. This prints, for every base sample, the
lever's two values, both points' alpha* with their bootstrap intervals and whether the intervals are disjoint,
and, for DP-SGD, the noise per example sigma*C/B at both points (sigma from `acasim privacy`, the RDP accountant
the runs use, with the runs' sampling rate B/n and epochs * ceil(n/B) steps).

usage: scripts/sobol-lever-pairs.py SWEEP_FOLDER LEVER_KEY [--acasim PATH] [--csv OUT.csv]
Needs python3 (3.11, for tomllib; Debian 12's) and nothing else.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tomllib


def noise_multiplier(acasim, n, batch, epochs, epsilon, delta):
    steps = epochs * max(1, -(-n // batch))
    out = subprocess.run([acasim, "privacy", "--sample-rate", repr(min(1.0, batch / n)), "--steps", str(steps),
                          "--delta", repr(delta), "--target-epsilon", repr(epsilon), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["noise_multiplier"]


def point(sweep, pid, acasim):
    folder = os.path.join(sweep, "points", pid)
    with open(os.path.join(folder, "summary.json")) as f:
        c = next(iter(json.load(f)["collectives"].values()))
    with open(os.path.join(folder, "scenario.resolved.toml"), "rb") as f:
        s = tomllib.load(f)
    p = s["platform"]
    row = {"alpha_star": c["critical_mass"], "lower": c["critical_mass_lower"], "upper": c["critical_mass_upper"],
           "epsilon": p.get("privacy", {}).get("target_epsilon"), "clip": p.get("privacy", {}).get("clip"),
           "batch": p["batch_size"], "epochs": p["epochs"], "learning_rate": p["learning_rate"]}
    if p["learner"] == "dp_sgd" and row["epsilon"] is not None:
        sigma = noise_multiplier(acasim, s["population"]["size"], row["batch"], row["epochs"], row["epsilon"],
                                 p["privacy"]["delta"])
        row["sigma"] = sigma
        row["noise_per_example"] = sigma * row["clip"] / row["batch"]
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sweep")
    ap.add_argument("lever", help="the swept key, e.g. platform.privacy.target_epsilon")
    ap.add_argument("--acasim", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build",
                                                      "release", "src", "cli", "acasim"))
    ap.add_argument("--csv", help="also write the table here")
    a = ap.parse_args()
    with open(os.path.join(a.sweep, "sensitivity_design.csv"), newline="") as f:
        design = list(csv.DictReader(f))
    if any(r["design"] != "sobol" for r in design):
        sys.exit(f"{a.sweep}: not a sobol sweep")
    axes = sorted({r["axis"] for r in design if r["axis"]})
    if a.lever not in axes:
        sys.exit(f"{a.lever}: not an axis of {a.sweep} (axes: {', '.join(axes)})")
    groups = {}
    for r in design:
        groups.setdefault(int(r["group"]), []).append(r)
    rows = []
    for group, g in sorted(groups.items()):
        base = point(a.sweep, next(r["point"] for r in g if r["block"] == "A"), a.acasim)
        moved = point(a.sweep, next(r["point"] for r in g if r["block"] == "AB" and r["axis"] == a.lever), a.acasim)
        row = {"group": group}
        row.update({k + "_A": v for k, v in base.items()})
        row.update({k + "_AB": v for k, v in moved.items()})
        row["delta_alpha_star"] = moved["alpha_star"] - base["alpha_star"]
        row["disjoint"] = moved["lower"] > base["upper"] or moved["upper"] < base["lower"]
        rows.append(row)
    header = list(rows[0].keys()) if rows else []
    out = open(a.csv, "w", newline="") if a.csv else None
    for f in [sys.stdout] + ([out] if out else []):
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    if out:
        out.close()

if __name__ == "__main__":
    main()
