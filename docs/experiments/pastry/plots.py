#!/usr/bin/env python3
"""Draws the Pastry experiment plots as plain SVG from the JSON the simulate command printed.

Usage: python3 plots.py DIR   (DIR holds n1000.json, n3000.json, ... as written by the commands in
pastry.md; the SVG files are written next to this script)."""
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
W, H, L, R, T, B = 560, 340, 60, 20, 30, 50


def load(d, name):
    p = os.path.join(d, name + ".json")
    if not os.path.exists(p) or os.path.getsize(p) == 0:
        return None
    with open(p) as f:
        return json.load(f)


def svg(name, body, title, xlabel, ylabel):
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W/2}" y="18" text-anchor="middle" font-size="14">{title}</text>',
           f'<line x1="{L}" y1="{H-B}" x2="{W-R}" y2="{H-B}" stroke="black"/>',
           f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H-B}" stroke="black"/>',
           f'<text x="{(L+W-R)/2}" y="{H-12}" text-anchor="middle">{xlabel}</text>',
           f'<text x="14" y="{(T+H-B)/2}" text-anchor="middle" transform="rotate(-90 14 {(T+H-B)/2})">{ylabel}</text>']
    out += body
    out.append('</svg>')
    with open(os.path.join(HERE, name), "w") as f:
        f.write("\n".join(out) + "\n")


def scale(v, lo, hi, a, b):
    return a + (v - lo) / (hi - lo) * (b - a)


def hops_vs_n(d):
    ns = [1000, 3000, 10000, 30000, 100000]
    pts = [(n, load(d, f"n{n}")) for n in ns]
    pts = [(n, j["hops"]["mean"]) for n, j in pts if j]
    x = lambda n: scale(math.log10(n), 3, 5, L, W - R)
    y = lambda h: scale(h, 0, 6, H - B, T)
    body = []
    for h in range(0, 7):
        body.append(f'<text x="{L-8}" y="{y(h)+4}" text-anchor="end">{h}</text>')
    for n in ns:
        body.append(f'<text x="{x(n)}" y="{H-B+16}" text-anchor="middle">{n:,}</text>')
    bound = " ".join(f"{x(n)},{y(math.ceil(math.log(n, 16) - 1e-9))}" for n in [1000, 4096, 4097, 65536, 65537, 100000])
    body.append(f'<polyline points="{bound}" fill="none" stroke="#999" stroke-dasharray="4 3"/>')
    body.append(f'<text x="{x(1200)}" y="{y(3)-6}" fill="#777">⌈log16 N⌉</text>')
    for n, h in [(1000, 2.5), (100000, 4.0)]:
        body.append(f'<rect x="{x(n)-4}" y="{y(h)-4}" width="8" height="8" fill="none" stroke="#c00"/>')
    body.append(f'<text x="{x(1000)+8}" y="{y(2.5)+16}" fill="#c00">paper</text>')
    if pts:
        body.append('<polyline points="' + " ".join(f"{x(n)},{y(h)}" for n, h in pts) + '" fill="none" stroke="#06c" stroke-width="2"/>')
        for n, h in pts:
            body.append(f'<circle cx="{x(n)}" cy="{y(h)}" r="3" fill="#06c"/>')
            body.append(f'<text x="{x(n)}" y="{y(h)-8}" text-anchor="middle" fill="#06c">{h:.2f}</text>')
    svg("hops-vs-n.svg", body, "Pastry mean hops vs N (b=4, L=16, M=32)", "nodes (log scale)", "mean hops")


def distribution(d, name):
    j = load(d, name)
    if not j:
        return
    dist = {int(k): v for k, v in j["hop_distribution"].items()}
    total = sum(dist.values())
    maxh = max(dist)
    x = lambda h: scale(h, -0.5, maxh + 0.5, L, W - R)
    y = lambda f: scale(f, 0, 1, H - B, T)
    bw = (W - R - L) / (maxh + 1) * 0.7
    body = []
    for f in [0, 0.25, 0.5, 0.75, 1]:
        body.append(f'<text x="{L-8}" y="{y(f)+4}" text-anchor="end">{f:.2f}</text>')
    for h in range(0, maxh + 1):
        f = dist.get(h, 0) / total
        body.append(f'<rect x="{x(h)-bw/2}" y="{y(f)}" width="{bw}" height="{y(0)-y(f)}" fill="#06c"/>')
        body.append(f'<text x="{x(h)}" y="{H-B+16}" text-anchor="middle">{h}</text>')
        body.append(f'<text x="{x(h)}" y="{y(f)-4}" text-anchor="middle">{f:.3f}</text>')
    svg("hop-distribution-" + name + ".svg", body, f"Hop distribution, N = {j['nodes']:,}", "hops", "fraction of lookups")


def state_vs_n(d):
    ns = [1000, 3000, 10000, 30000, 100000]
    rows = [(n, load(d, f"n{n}")) for n in ns]
    rows = [(n, j["state_entries"]["by_structure"], j["state_entries"]["mean"]) for n, j in rows if j]
    if not rows:
        return
    x = lambda n: scale(math.log10(n), 3, 5, L, W - R)
    y = lambda v: scale(v, 0, 120, H - B, T)
    body = []
    for v in range(0, 121, 20):
        body.append(f'<text x="{L-8}" y="{y(v)+4}" text-anchor="end">{v}</text>')
    for n in ns:
        body.append(f'<text x="{x(n)}" y="{H-B+16}" text-anchor="middle">{n:,}</text>')
    series = [("total", "#000", lambda s, t: t), ("routing table", "#06c", lambda s, t: s["routing_table"]),
              ("leaf set", "#090", lambda s, t: s["leaf_set"]), ("neighbourhood", "#c60", lambda s, t: s["neighbourhood"])]
    for i, (label, colour, f) in enumerate(series):
        body.append('<polyline points="' + " ".join(f"{x(n)},{y(f(s, t))}" for n, s, t in rows) + f'" fill="none" stroke="{colour}" stroke-width="2"/>')
        body.append(f'<text x="{L+10}" y="{T+14+14*i}" fill="{colour}">{label}</text>')
    svg("state-vs-n.svg", body, "State entries per node vs N", "nodes (log scale)", "entries")


if __name__ == "__main__":
    d = sys.argv[1] if len(sys.argv) > 1 else HERE
    hops_vs_n(d)
    distribution(d, "n100000")
    distribution(d, "n30000")
    distribution(d, "n10000")
    state_vs_n(d)
