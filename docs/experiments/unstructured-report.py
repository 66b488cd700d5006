#!/usr/bin/env python3
"""Turns the JSON lines of unstructured-run.sh into the Markdown tables and SVG plots of unstructured.md.

Usage: python3 unstructured-report.py unstructured-results.jsonl [svg-directory]
"""
import json
import math
import sys

QUERY_TYPES = {
    "central": ["central.lookup", "central.holders", "central.fetch", "central.records", "core.probe", "core.probe_response"],
    "flooding": ["flooding.query", "flooding.query_hit", "flooding.fetch", "flooding.records", "flooding.push", "flooding.push_delivery"],
    "supernode": ["supernode.search", "supernode.results", "supernode.query", "supernode.query_hit", "supernode.fetch",
                  "supernode.records", "supernode.relay_fetch"],
}


def load(path):
    runs = {}
    for line in open(path):
        d = json.loads(line)
        if d["result"]:
            runs[d["tag"]] = d
    return runs


def query_messages(r):
    phase = r["lookup_phase_messages_by_type"]
    return sum(phase.get(t, 0) for t in QUERY_TYPES[r["routing"]])


def e1_table(runs):
    print("| routing | N | TTL | success | query messages / lookup | all messages / lookup | hops mean (p99) | latency ms mean (p99) | busiest node msgs / lookup | wall s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for tag, d in sorted(runs.items(), key=lambda kv: (kv[1]["result"]["routing"], kv[1]["result"]["nodes"], kv[0])):
        if not tag.startswith("e1-"):
            continue
        r = d["result"]
        ttl = "7" if r["routing"] == "flooding" else ("4 (supernodes)" if r["routing"] == "supernode" else "-")
        if "ttl=" in d["args"]:
            ttl = d["args"].split("ttl=")[1].split()[0]
        print(f"| {r['routing']} | {r['nodes']} | {ttl} | {r['lookup_success']:.3f} | {query_messages(r):.1f} | {r['messages_per_lookup']:.1f} "
              f"| {r['hops']['mean']:.2f} ({r['hops']['p99']}) | {r['lookup_latency_ms']['mean']:.0f} ({r['lookup_latency_ms']['p99']:.0f}) "
              f"| {r['busiest_node']['messages_per_lookup']:.1f} | {r['wall_s']:.0f} |")


def e2_table(runs):
    print("| run | ping+pong messages / lookup | query messages / lookup | ping/pong share of all lookup-phase messages |")
    print("|---|---|---|---|")
    for tag, d in sorted(runs.items()):
        if not tag.startswith("e2-"):
            continue
        r = d["result"]
        phase = r["lookup_phase_messages_by_type"]
        pp = phase.get("flooding.ping", 0) + phase.get("flooding.pong", 0)
        total = sum(phase.values())
        print(f"| {tag} | {pp:.1f} | {query_messages(r):.1f} | {pp / total:.1%} |")


def svg(runs, path, metric, title, ylabel):
    """A log-log line plot of metric(result) against N, one line per routing (e1 runs with default TTL)."""
    series = {}
    for tag, d in runs.items():
        r = d["result"]
        if not tag.startswith("e1-") or ("ttl" in tag and "ttl7" not in tag):
            continue
        series.setdefault(r["routing"], []).append((r["nodes"], metric(r)))
    pts = [p for s in series.values() for p in s if p[1] > 0]
    if not pts:
        return
    x0, x1 = math.log10(min(p[0] for p in pts)), math.log10(max(p[0] for p in pts))
    y0, y1 = math.floor(math.log10(min(p[1] for p in pts))), math.ceil(math.log10(max(p[1] for p in pts)))
    w, h, m = 520, 320, 60
    sx = lambda x: m + (math.log10(x) - x0) / max(1e-9, x1 - x0) * (w - 2 * m)
    sy = lambda y: h - m - (math.log10(y) - y0) / max(1e-9, y1 - y0) * (h - 2 * m)
    colours = {"central": "#1b9e77", "flooding": "#d95f02", "supernode": "#7570b3"}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<text x="{w / 2}" y="20" text-anchor="middle">{title}</text>',
           f'<line x1="{m}" y1="{h - m}" x2="{w - m}" y2="{h - m}" stroke="black"/>',
           f'<line x1="{m}" y1="{m}" x2="{m}" y2="{h - m}" stroke="black"/>',
           f'<text x="{w / 2}" y="{h - 15}" text-anchor="middle">N (nodes, log scale)</text>',
           f'<text x="15" y="{h / 2}" transform="rotate(-90 15 {h / 2})" text-anchor="middle">{ylabel}</text>']
    for e in range(y0, y1 + 1):
        y = sy(10 ** e)
        out.append(f'<line x1="{m - 4}" y1="{y}" x2="{w - m}" y2="{y}" stroke="#ddd"/><text x="{m - 6}" y="{y + 4}" text-anchor="end">1e{e}</text>')
    for n in sorted({p[0] for p in pts}):
        out.append(f'<text x="{sx(n)}" y="{h - m + 16}" text-anchor="middle">{n}</text>')
    for i, (name, s) in enumerate(sorted(series.items())):
        s = sorted(p for p in s if p[1] > 0)
        c = colours.get(name, "black")
        out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (c, " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in s)))
        out.extend(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="{c}"/>' for x, y in s)
        out.append(f'<text x="{w - m + 5}" y="{m + 15 * i}" fill="{c}">{name}</text>')
    out.append("</svg>")
    open(path, "w").write("\n".join(out))


if __name__ == "__main__":
    runs = load(sys.argv[1])
    print("## Experiments 1, 3, 4\n")
    e1_table(runs)
    print("\n## Experiment 2\n")
    e2_table(runs)
    if len(sys.argv) > 2:
        d = sys.argv[2]
        svg(runs, f"{d}/unstructured-messages.svg", query_messages, "Query messages per lookup", "messages / lookup")
        svg(runs, f"{d}/unstructured-busiest.svg", lambda r: r["busiest_node"]["messages_per_lookup"],
            "Messages handled by the busiest node per lookup", "messages / lookup")
        svg(runs, f"{d}/unstructured-latency.svg", lambda r: r["lookup_latency_ms"]["mean"], "Mean lookup latency (simulated)", "ms")
