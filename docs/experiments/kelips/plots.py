#!/usr/bin/env python3
"""Draws the Kelips experiment plots as plain SVG from the JSON that simulate printed.

Usage: python3 plots.py   (reads kelips-n*.json, chord-n*.json and pastry-n*.json next to this script,
as written by the commands in ../kelips.md, and writes hops-vs-n.svg and heap-vs-n.svg there)."""
import glob
import json
import math
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
W, H, L, R, T, B = 560, 340, 60, 130, 30, 50
NS = [1000, 3000, 10000, 30000, 100000]
COLOURS = {"kelips": "#06c", "chord": "#c60", "pastry": "#393"}


def runs(routing):
    out = []
    for p in glob.glob(os.path.join(HERE, f"{routing}-n*.json")):
        m = re.search(r"-n(\d+)\.json$", p)
        if m and os.path.getsize(p) > 0:
            with open(p) as f:
                out.append((int(m.group(1)), json.loads(f.readline())))
    return sorted(out)


def x(n):
    return L + (math.log10(n) - 3) / 2 * (W - R - L)


def frame(title, ylabel, ymax, ticks):
    y = lambda v: H - B - v / ymax * (H - B - T)
    body = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
            f'<rect width="{W}" height="{H}" fill="white"/>',
            f'<text x="{W / 2}" y="18" text-anchor="middle" font-size="14">{title}</text>',
            f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>',
            f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>',
            f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">nodes N (log scale)</text>',
            f'<text x="14" y="{(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 14 {(T + H - B) / 2})">{ylabel}</text>']
    for v in ticks:
        body.append(f'<text x="{L - 8}" y="{y(v) + 4}" text-anchor="end">{v:g}</text>')
        body.append(f'<line x1="{L}" y1="{y(v)}" x2="{W - R}" y2="{y(v)}" stroke="#eee"/>')
    for n in NS:
        body.append(f'<text x="{x(n)}" y="{H - B + 16}" text-anchor="middle">{n:,}</text>')
    return body, y


def series(body, y, pts, colour, label, row, dashed=False):
    if not pts:
        return
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    body.append('<polyline points="' + " ".join(f"{x(n)},{y(v)}" for n, v in pts)
                + f'" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
    for n, v in pts:
        body.append(f'<circle cx="{x(n)}" cy="{y(v)}" r="3" fill="{colour}"/>')
    body.append(f'<line x1="{W - R + 10}" y1="{T + 10 + 18 * row}" x2="{W - R + 30}" y2="{T + 10 + 18 * row}" stroke="{colour}" stroke-width="2"{dash}/>')
    body.append(f'<text x="{W - R + 34}" y="{T + 14 + 18 * row}">{label}</text>')


def write(name, body):
    body.append("</svg>")
    with open(os.path.join(HERE, name), "w") as f:
        f.write("\n".join(body) + "\n")


def hops_vs_n():
    body, y = frame("Lookup hops vs N (seed 1, 1,000 lookups)", "hops per lookup", 6, [0, 1, 2, 3, 4, 5, 6])
    row = 0
    for routing in ["kelips", "pastry", "chord"]:
        rs = runs(routing)
        series(body, y, [(n, j["hops"]["mean"]) for n, j in rs], COLOURS[routing], f"{routing} mean", row)
        row += 1
        series(body, y, [(n, j["hops"]["max"]) for n, j in rs], COLOURS[routing], f"{routing} max", row, dashed=True)
        row += 1
    ok = [f"{n:,}: {j['lookup_success']:.3f}" for n, j in runs("kelips")]
    body.append(f'<text x="{L + 6}" y="{T + 8}" fill="#06c">kelips success {"; ".join(ok)}</text>')
    write("hops-vs-n.svg", body)


def heap_vs_n():
    rs = runs("kelips")
    top = max([j["heap_per_node_bytes"] / 1000 for _, j in rs] + [100])
    ymax = math.ceil(top / 50) * 50
    body, y = frame("Kelips heap per node after the joins", "KB per node", ymax, list(range(0, ymax + 1, 50)))
    series(body, y, [(n, j["heap_per_node_bytes"] / 1000) for n, j in rs], COLOURS["kelips"], "heap / node", 0)
    series(body, y, [(n, j["state_entries"]["mean"] / 10) for n, j in rs], "#999", "entries / 10", 1, dashed=True)
    write("heap-vs-n.svg", body)


if __name__ == "__main__":
    hops_vs_n()
    heap_vs_n()
