#!/usr/bin/env python3
"""Markdown table of the scale runs (N up to 100,000) in unstructured-scale-results.jsonl.

Each line: {"tag", "args", "max_rss_kb", "elapsed", "result"} where result is one `simulate --json`
object and max_rss_kb / elapsed come from `/usr/bin/time -v` (lines copied from
unstructured-results.jsonl have neither: their wall time is the run's own wall_s).

Flooding rows whose tag does not start with "mix-" were run before flooding had neighbour rewiring
and are labelled so.

Usage: python3 unstructured-scale-report.py unstructured-scale-results.jsonl [svg-directory]
(with a directory, also writes unstructured-scale-success.svg and unstructured-scale-messages.svg:
success and query messages per lookup against N for the current code, default TTLs)
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
DEFAULT_TTL = {"central": "-", "flooding": "7", "supernode": "6 (supernodes)"}


def query_messages(r):
    phase = r["lookup_phase_messages_by_type"]
    return sum(phase.get(t, 0) for t in QUERY_TYPES[r["routing"]])


def supernode_reach(r):
    """Supernodes now, and supernodes a query reached on average (the origin's own included)."""
    if r["routing"] != "supernode":
        return "-"
    c = r["counters"]
    supers = c.get("supernode.promotions", 0) - c.get("supernode.demotions", 0)
    started = c.get("supernode.queries_started", 0)
    if not started:
        return f"{supers} (-)"
    reached = 1 + c.get("supernode.queries_reached", 0) / started
    return f"{supers} ({reached:.0f}, {reached / supers:.1%})"


def label(d):
    r = d["result"]
    if r["routing"] == "flooding" and not d["tag"].startswith("mix-"):
        return "flooding, before rewiring"
    return r["routing"]


def issued(d):
    """How the lookups went out: rows tagged e1-/e2- were run before `simulate --batch` existed (one
    lookup at a time); later rows issue `--batch` lookups at once (default 1,000)."""
    args = d["args"].split()
    if "--batch" in args:
        batch = int(args[args.index("--batch") + 1])
    elif d["tag"].startswith(("e1-", "e2-")):
        batch = 1
    else:
        batch = 1000
    if batch == 1:
        return "one at a time"
    return "all at once" if batch >= d["result"]["lookups"] else f"{batch} at once"


def ttl_of(d):
    r = d["result"]
    ttl = DEFAULT_TTL[r["routing"]]
    if "ttl" in r.get("routing_options", {}):
        ttl = r["routing_options"]["ttl"]
    for a in d["args"].split():
        if a.startswith("ttl="):
            ttl = a.split("=")[1]
    return ttl


def table(lines):
    print("| routing | N | joins | TTL | lookups | lookups issued | success | query messages / lookup | all messages / lookup "
          "| supernodes (reached per query) | hops mean (p99) | latency ms mean (p99) | busiest node msgs / lookup "
          "| wall (h:mm:ss) | peak RSS GB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for d in sorted(lines, key=lambda d: (label(d), d["result"]["nodes"], d["tag"])):
        r = d["result"]
        args = d["args"].split()
        ttl = ttl_of(d)
        joins = "waves of " + args[args.index("--join-batch") + 1] if "--join-batch" in args else "one by one"
        if "--settle-ms" in args:
            joins += f", then {int(args[args.index('--settle-ms') + 1]) // 1000} s of maintenance"
        print(f"| {label(d)} | {r['nodes']} | {joins} | {ttl} | {r['lookups']} | {issued(d)} | {r['lookup_success']:.3f} "
              f"| {query_messages(r):.1f} | {r['messages_per_lookup']:.1f} | {supernode_reach(r)} "
              f"| {r['hops']['mean']:.2f} ({r['hops']['p99']}) | {r['lookup_latency_ms']['mean']:.0f} ({r['lookup_latency_ms']['p99']:.0f}) "
              f"| {r['busiest_node']['messages_per_lookup']:.1f} | {wall(d)} | {rss(d)} |")


def wall(d):
    """Elapsed wall time as h:mm:ss, from /usr/bin/time's m:ss.ss or h:mm:ss, else from the run's wall_s."""
    if "elapsed" in d:
        parts = [float(p) for p in d["elapsed"].split(":")]
        s = round(sum(p * 60 ** i for i, p in enumerate(reversed(parts))))
    else:
        s = round(d["result"]["wall_s"])
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def rss(d):
    return f"{d['max_rss_kb'] / 1024 / 1024:.1f}" if "max_rss_kb" in d else "-"


def current(lines):
    """Per (routing, N): the row of the current code with the default TTL, the most maintained one first."""
    best = {}
    for d in lines:
        r = d["result"]
        if label(d) != r["routing"] or ttl_of(d) != DEFAULT_TTL[r["routing"]]:
            continue
        k = (r["routing"], r["nodes"])
        settle = "--settle-ms" in d["args"]
        if k not in best or (settle and "--settle-ms" not in best[k]["args"]):
            best[k] = d
    series = {}
    for (routing, n), d in best.items():
        series.setdefault(routing, []).append((n, d["result"]))
    return series


def svg(series, path, metric, title, ylabel, log_y):
    """A line plot of metric(result) against N (log scale), one line per routing."""
    pts = [(n, metric(r)) for s in series.values() for n, r in s]
    pts = [p for p in pts if p[1] > 0 or not log_y]
    if not pts:
        return
    x0, x1 = math.log10(min(p[0] for p in pts)), math.log10(max(p[0] for p in pts))
    if log_y:
        y0, y1 = math.floor(math.log10(min(p[1] for p in pts))), math.ceil(math.log10(max(p[1] for p in pts)))
        fy = math.log10
        ticks = [(10 ** e, f"1e{e}") for e in range(y0, y1 + 1)]
    else:
        y0, y1 = 0.0, 1.0
        fy = lambda v: v
        ticks = [(v / 4, f"{v / 4:.2f}") for v in range(5)]
    w, h, m = 520, 320, 60
    sx = lambda x: m + (math.log10(x) - x0) / max(1e-9, x1 - x0) * (w - 2 * m)
    sy = lambda y: h - m - (fy(y) - y0) / max(1e-9, y1 - y0) * (h - 2 * m)
    colours = {"central": "#1b9e77", "flooding": "#d95f02", "supernode": "#7570b3"}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<text x="{w / 2}" y="20" text-anchor="middle">{title}</text>',
           f'<line x1="{m}" y1="{h - m}" x2="{w - m}" y2="{h - m}" stroke="black"/>',
           f'<line x1="{m}" y1="{m}" x2="{m}" y2="{h - m}" stroke="black"/>',
           f'<text x="{w / 2}" y="{h - 15}" text-anchor="middle">N (nodes, log scale)</text>',
           f'<text x="15" y="{h / 2}" transform="rotate(-90 15 {h / 2})" text-anchor="middle">{ylabel}</text>']
    for v, text in ticks:
        y = sy(v)
        out.append(f'<line x1="{m - 4}" y1="{y}" x2="{w - m}" y2="{y}" stroke="#ddd"/><text x="{m - 6}" y="{y + 4}" text-anchor="end">{text}</text>')
    for n in sorted({p[0] for p in pts}):
        out.append(f'<text x="{sx(n)}" y="{h - m + 16}" text-anchor="middle">{n}</text>')
    for i, (name, s) in enumerate(sorted(series.items())):
        s = sorted((n, metric(r)) for n, r in s)
        s = [p for p in s if p[1] > 0 or not log_y]
        c = colours.get(name, "black")
        out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (c, " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in s)))
        out.extend(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="{c}"/>' for x, y in s)
        out.append(f'<text x="{w - m + 5}" y="{m + 15 * i}" fill="{c}">{name}</text>')
    out.append("</svg>")
    open(path, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    table(rows)
    if len(sys.argv) > 2:
        series = current(rows)
        svg(series, f"{sys.argv[2]}/unstructured-scale-success.svg", lambda r: r["lookup_success"],
            "Share of lookups that found the key (default TTLs)", "success", False)
        svg(series, f"{sys.argv[2]}/unstructured-scale-messages.svg", query_messages,
            "Query messages per lookup (default TTLs)", "messages / lookup", True)
