#!/usr/bin/env python3
"""Port-to-port sea distances for the route network, computed once with `searoute`.

Reads data/routes/hubs.csv and data/routes/links.csv; for every link whose `km` is `sea`,
computes the searoute distance between the two hubs' coordinates and writes
data/routes/sea.csv with that provenance. Also computes the reference lanes listed in
REFERENCE (used to turn a published lane rate into a rate per km; see links.csv notes).

searoute (PyPI, Apache-2.0) ships Eurostat's marnet network (EUPL): only the computed
distances are stored in bilat, never the network itself.

Usage: python3 -m venv target/route/venv && target/route/venv/bin/pip install searoute==1.6.0
       target/route/venv/bin/python scripts/sea_distances.py
"""
import csv
import pathlib

import searoute
from importlib.metadata import version

ROOT = pathlib.Path(__file__).resolve().parent.parent / "data" / "routes"
NM_KM = 1.852
# Lanes not in the network whose distance turns a published rate into a rate per km.
REFERENCE = [("INNSA", "Nhava Sheva (JNPT)", 18.95, 72.95, "QAHMD")]


def main() -> None:
    hubs = {}
    with open(ROOT / "hubs.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            hubs[row["id"]] = (float(row["lon"]), float(row["lat"]))
    pairs = []
    with open(ROOT / "links.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["km"] == "sea":
                pairs.append((row["from"], row["to"]))
    for code, _name, lat, lon, to in REFERENCE:
        hubs[code] = (lon, lat)
        pairs.append((code, to))
    ver = version("searoute")
    out = ROOT / "sea.csv"
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["from", "to", "nm", "km", "tool"])
        for a, b in sorted(set(pairs)):
            r = searoute.searoute(hubs[a], hubs[b], units="naut")
            nm = r.properties["length"]
            w.writerow([a, b, f"{nm:.1f}", f"{nm * NM_KM:.1f}", f"searoute {ver}"])
    print(f"wrote {out} ({len(set(pairs))} lanes)")


if __name__ == "__main__":
    main()
