#!/usr/bin/env python3
"""Draws the piece-availability plot of swarm experiment 3 as plain SVG.

Usage: python3 availability.py   (reads availability.csv next to this script — the EXP-CSV lines that
AvailabilityExperiment prints, without their prefix — and writes availability.svg there).
Each curve is a share of its whole: pieces no leecher has (of all pieces), copies held by the
leechers (of pieces x leechers), and the fewest and most copies of any one piece (of the leechers)."""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
LEECHERS, PIECES = 8, 128
W, H, L, R, T, B = 700, 340, 60, 250, 30, 50


def main():
    with open(os.path.join(HERE, "availability.csv")) as f:
        rows = [{k: int(v) for k, v in r.items()} for r in csv.DictReader(f)]
    t_max = max(r["t_s"] for r in rows)
    series = [
        ("pieces no leecher has / pieces", "#c33", lambda r: r["pieces_missing_everywhere"] / PIECES),
        ("copies held / (pieces × leechers)", "#06c", lambda r: r["pieces_done_total"] / (PIECES * LEECHERS)),
        ("fewest copies of a piece / leechers", "#393", lambda r: r["min_copies"] / LEECHERS),
        ("most copies of a piece / leechers", "#c90", lambda r: r["max_copies"] / LEECHERS),
    ]

    def x(t):
        return L + t / t_max * (W - L - R)

    def y(v):
        return T + (1 - v) * (H - T - B)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{L}" y="18" font-size="13">Piece availability: 1 seeder, {LEECHERS} leechers, {PIECES} pieces</text>']
    for i in range(0, 11, 2):
        v = i / 10
        out.append(f'<line x1="{L}" y1="{y(v):.1f}" x2="{W - R}" y2="{y(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{L - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:.1f}</text>')
    for t in range(0, t_max + 1, 2):
        out.append(f'<text x="{x(t):.1f}" y="{H - B + 16}" text-anchor="middle">{t}</text>')
    out.append(f'<text x="{(L + W - R) / 2:.1f}" y="{H - 12}" text-anchor="middle">virtual time (s)</text>')
    out.append(f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>')
    out.append(f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>')
    for k, (label, colour, f) in enumerate(series):
        pts = " ".join(f"{x(r['t_s']):.1f},{y(f(r)):.1f}" for r in rows)
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{pts}"/>')
        ly = T + 14 + 18 * k
        out.append(f'<line x1="{W - R + 10}" y1="{ly - 4}" x2="{W - R + 26}" y2="{ly - 4}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{W - R + 30}" y="{ly}">{label}</text>')
    out.append("</svg>")
    with open(os.path.join(HERE, "availability.svg"), "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
