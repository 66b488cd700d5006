#!/usr/bin/env python3
"""SVG plots (no plotting library) from the JSON lines already measured for the unstructured experiments.

Usage: python3 unstructured-plots.py DIR
where DIR holds unstructured-results.jsonl, unstructured-rewired-results.jsonl and
unstructured-scale-results.jsonl; writes into DIR:

- unstructured-scale-busiest.svg, unstructured-scale-latency.svg: busiest node's messages per lookup
  and mean latency against N for the current code (default TTLs, the most maintained run at each N,
  as unstructured-scale-report.py chooses); filled points issued their lookups all at once, hollow
  points one at a time (see "The set-up" in unstructured.md).
- unstructured-e2-pingpong.svg: experiment 2, ping/pong share of the lookup phase's messages with and
  without pong caching, before and with neighbour rewiring.
- unstructured-ttl-success.svg, unstructured-ttl-messages.svg: the flooding TTL sweeps (success and
  query messages per lookup against TTL).
"""
import importlib.util
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("scale", os.path.join(HERE, "unstructured-scale-report.py"))
scale = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scale)

COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e"]


def load(path):
    return [json.loads(line) for line in open(path) if line.strip()]


def ttl(d):
    return int(scale.ttl_of(d).split()[0])


def line_plot(series, path, title, xlabel, ylabel, log_x, log_y, note=""):
    """series: list of (name, colour, [(x, y, filled)]). A line per series, one point per row."""
    pts = [(x, y) for _, _, s in series for x, y, _ in s if y > 0 or not log_y]
    fx = math.log10 if log_x else (lambda v: v)
    xs = [fx(x) for x, _ in pts]
    x0, x1 = min(xs), max(xs)
    if log_y:
        y0 = math.floor(math.log10(min(y for _, y in pts)))
        y1 = math.ceil(math.log10(max(y for _, y in pts)))
        fy = math.log10
        ticks = [(10 ** e, f"1e{e}") for e in range(y0, y1 + 1)]
    else:
        top = max(y for _, y in pts)
        y0, y1 = 0.0, (1.0 if top <= 1 else top * 1.1)
        fy = lambda v: v
        ticks = [(y1 * k / 4, f"{y1 * k / 4:.2f}" if y1 <= 1 else f"{y1 * k / 4:.0f}") for k in range(5)]
    w, h, m, legend = 620, 340, 60, 190
    sx = lambda x: m + (fx(x) - x0) / max(1e-9, x1 - x0) * (w - legend - m)
    sy = lambda y: h - m - (fy(y) - y0) / max(1e-9, y1 - y0) * (h - 2 * m)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<text x="{(w - legend + m) / 2}" y="20" text-anchor="middle">{title}</text>',
           f'<line x1="{m}" y1="{h - m}" x2="{w - legend}" y2="{h - m}" stroke="black"/>',
           f'<line x1="{m}" y1="{m}" x2="{m}" y2="{h - m}" stroke="black"/>',
           f'<text x="{(w - legend + m) / 2}" y="{h - 20}" text-anchor="middle">{xlabel}</text>',
           f'<text x="15" y="{h / 2}" transform="rotate(-90 15 {h / 2})" text-anchor="middle">{ylabel}</text>']
    if note:
        out.append(f'<text x="{m}" y="{h - 5}" font-size="10">{note}</text>')
    for v, text in ticks:
        y = sy(v)
        out.append(f'<line x1="{m - 4}" y1="{y:.1f}" x2="{w - legend}" y2="{y:.1f}" stroke="#ddd"/>'
                   f'<text x="{m - 6}" y="{y + 4:.1f}" text-anchor="end">{text}</text>')
    for x in sorted({x for x, _ in pts}):
        out.append(f'<text x="{sx(x):.1f}" y="{h - m + 16}" text-anchor="middle">{x}</text>')
    for i, (name, c, s) in enumerate(series):
        s = sorted(p for p in s if p[1] > 0 or not log_y)
        out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
                   % (c, " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y, _ in s)))
        for x, y, filled in s:
            out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="4" stroke="{c}" stroke-width="2" '
                       f'fill="{c if filled else "white"}"/>')
        out.append(f'<text x="{w - legend + 10}" y="{m + 16 * i}" fill="{c}">{name}</text>')
    out.append("</svg>")
    open(path, "w").write("\n".join(out) + "\n")


def bar_plot(groups, path, title, ylabel):
    """groups: list of (label, [(bar name, colour, value 0..1)]). Grouped bars, values as percentages."""
    w, h, m = 620, 340, 60
    n = sum(len(b) for _, b in groups) + len(groups)
    bw = (w - 2 * m) / n
    sy = lambda v: h - m - v * (h - 2 * m)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<text x="{w / 2}" y="20" text-anchor="middle">{title}</text>',
           f'<line x1="{m}" y1="{h - m}" x2="{w - m}" y2="{h - m}" stroke="black"/>',
           f'<line x1="{m}" y1="{m}" x2="{m}" y2="{h - m}" stroke="black"/>',
           f'<text x="15" y="{h / 2}" transform="rotate(-90 15 {h / 2})" text-anchor="middle">{ylabel}</text>']
    for k in range(5):
        y = sy(k / 4)
        out.append(f'<line x1="{m - 4}" y1="{y:.1f}" x2="{w - m}" y2="{y:.1f}" stroke="#ddd"/>'
                   f'<text x="{m - 6}" y="{y + 4:.1f}" text-anchor="end">{k * 25}%</text>')
    x = m + bw / 2
    legend = {}
    for label, bars in groups:
        start = x
        for name, c, v in bars:
            out.append(f'<rect x="{x:.1f}" y="{sy(v):.1f}" width="{bw * 0.9:.1f}" height="{sy(0) - sy(v):.1f}" fill="{c}"/>')
            out.append(f'<text x="{x + bw * 0.45:.1f}" y="{sy(v) - 4:.1f}" text-anchor="middle" font-size="10">{v:.0%}</text>')
            legend[name] = c
            x += bw
        out.append(f'<text x="{(start + x) / 2:.1f}" y="{h - m + 16}" text-anchor="middle">{label}</text>')
        x += bw
    for i, (name, c) in enumerate(legend.items()):
        out.append(f'<rect x="{m + 10}" y="{m + 16 * i - 9}" width="10" height="10" fill="{c}"/>'
                   f'<text x="{m + 25}" y="{m + 16 * i}">{name}</text>')
    out.append("</svg>")
    open(path, "w").write("\n".join(out) + "\n")


def pingpong_share(r):
    phase = r["lookup_phase_messages_by_type"]
    return (phase.get("flooding.ping", 0) + phase.get("flooding.pong", 0)) / sum(phase.values())


def main(d):
    first = load(os.path.join(d, "unstructured-results.jsonl"))
    rewired = load(os.path.join(d, "unstructured-rewired-results.jsonl"))
    rows = load(os.path.join(d, "unstructured-scale-results.jsonl"))

    # busiest node and latency against N, current code
    best = {}
    for d_ in rows:
        r = d_["result"]
        if scale.label(d_) != r["routing"] or scale.ttl_of(d_) != scale.DEFAULT_TTL[r["routing"]]:
            continue
        k = (r["routing"], r["nodes"])
        if k not in best or ("--settle-ms" in d_["args"] and "--settle-ms" not in best[k]["args"]):
            best[k] = d_
    names = sorted({k[0] for k in best})
    for metric, fname, title, ylabel, log_y in [
            (lambda r: r["busiest_node"]["messages_per_lookup"], "unstructured-scale-busiest.svg",
             "Busiest node: messages per lookup (current code)", "messages / lookup", True),
            (lambda r: r["lookup_latency_ms"]["mean"], "unstructured-scale-latency.svg",
             "Mean lookup latency, simulated (current code)", "ms", False)]:
        series = []
        for i, name in enumerate(names):
            pts = [(n, metric(x["result"]), scale.issued(x) != "one at a time") for (rt, n), x in best.items() if rt == name]
            series.append((name, COLOURS[i], pts))
        line_plot(series, os.path.join(d, fname), title, "N (nodes, log scale)", ylabel, True, log_y,
                  "filled: lookups issued all at once; hollow: one at a time (not comparable for load)")

    # experiment 2
    def e2(runs, tag):
        return pingpong_share(next(x for x in runs if x["tag"] == tag)["result"])
    configs = [("no pong cache", "e2-flooding-pongcache-false-300"),
               ("no cache, ping TTL 3", "e2-flooding-pongcache-false-300-pingttl3"),
               ("pong cache (default)", "e2-flooding-pongcache-true-300")]
    groups = [(label, [("before rewiring", COLOURS[0], e2(first, tag)), ("with rewiring", COLOURS[1], e2(rewired, tag))])
              for label, tag in configs]
    bar_plot(groups, os.path.join(d, "unstructured-e2-pingpong.svg"),
             "Experiment 2: ping/pong share of lookup-phase messages (flooding, N = 300)", "share of messages")

    # TTL sweeps
    sweeps = [
        ("N=3,000, before rewiring", [x for x in first if x["tag"].startswith("e1-flooding-ttl") and x["tag"].endswith("-3000")]),
        ("N=3,000, rewired", [x for x in rewired if x["tag"].startswith("e1-flooding-ttl") and x["tag"].endswith("-3000")]),
        ("N=10,000, waves + 150 s", [x for x in rows if x["tag"].startswith("mix-flooding") and "10000-waves-settle150" in x["tag"]]),
    ]
    for metric, fname, title, ylabel, log_y in [
            (lambda r: r["lookup_success"], "unstructured-ttl-success.svg", "Flooding: success against TTL", "success", False),
            (scale.query_messages, "unstructured-ttl-messages.svg", "Flooding: query messages per lookup against TTL",
             "messages / lookup", True)]:
        series = [(name, COLOURS[i], [(ttl(x), metric(x["result"]), scale.issued(x) != "one at a time") for x in runs])
                  for i, (name, runs) in enumerate(sweeps)]
        line_plot(series, os.path.join(d, fname), title, "TTL", ylabel, False, log_y,
                  "filled: lookups issued all at once; hollow: one at a time")


if __name__ == "__main__":
    main(sys.argv[1])
