#!/usr/bin/env python3
"""Tables and SVG plots of the current code's unstructured runs (unstructured-current-results.jsonl).

Each line: {"tag", "args", "max_rss_kb", "elapsed", "result"} as in unstructured-scale-results.jsonl
(result is one `simulate --json` object; max_rss_kb and elapsed come from `/usr/bin/time -v`). Tags:
cur-<routing>[-ttl<T>]-<N>[-waves-settle150] for experiments 1, 3 and 4, churn-<routing>-<N> for the
churn runs. Every run issued its lookups all at once (`simulate`'s default --batch of 1,000).

Usage: python3 unstructured-current-report.py unstructured-current-results.jsonl [svg-directory]
Prints markdown tables (and experiment 2's from unstructured-current-e2-results.jsonl beside it, if
present); with a directory also writes unstructured-current-{success,messages,busiest,
latency,ttl,reach}.svg.
"""
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def _module(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, file))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


scale = _module("scale", "unstructured-scale-report.py")
plots = _module("plots", "unstructured-plots.py")
COLOURS = {"central": "#1b9e77", "flooding": "#d95f02", "supernode": "#7570b3"}


def reached(r):
    """Nodes (flooding) or supernodes (supernode) a query reached on average, the origin included, and
    the share of all nodes or supernodes; None for central."""
    c = r["counters"]
    if r["routing"] == "flooding":
        started = c.get("flooding.queries_started", 0)
        if not started:
            return None
        n = 1 + c.get("flooding.queries_reached", 0) / started
        return n, n / r["live_nodes"]
    if r["routing"] == "supernode":
        supers = c.get("supernode.promotions", 0) - c.get("supernode.demotions", 0)
        started = c.get("supernode.queries_started", 0)
        if not started or not supers:
            return None
        n = 1 + c.get("supernode.queries_reached", 0) / started
        return n, n / supers
    return None


def reach_cell(r):
    x = reached(r)
    if x is None:
        return "-"
    c = r["counters"]
    what = "nodes" if r["routing"] == "flooding" else \
        f"of {c.get('supernode.promotions', 0) - c.get('supernode.demotions', 0):,} supernodes"
    return f"{x[0]:,.0f} {what} ({x[1]:.1%})"


def joins(d):
    args = d["args"].split()
    s = "waves of " + args[args.index("--join-batch") + 1] if "--join-batch" in args else "one by one"
    if "--settle-ms" in args:
        s += f", then {int(args[args.index('--settle-ms') + 1]) // 1000} s"
    return s


def main_table(rows):
    print("| routing | N | joins | TTL | lookups | success | query messages / lookup | all messages / lookup "
          "| reached per query | hops mean (p99) | latency ms mean (p50, p99) | busiest node msgs / lookup | wall (h:mm:ss) | peak RSS GB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    def order(d):
        r = d["result"]
        default = scale.ttl_of(d) == scale.DEFAULT_TTL[r["routing"]]
        return r["routing"], not default, scale.ttl_of(d), r["nodes"]

    for d in sorted(rows, key=order):
        r = d["result"]
        lat = r["lookup_latency_ms"]
        print(f"| {r['routing']} | {r['nodes']:,} | {joins(d)} | {scale.ttl_of(d)} | {r['lookups']} | {r['lookup_success']:.3f} "
              f"| {scale.query_messages(r):,.1f} | {r['messages_per_lookup']:,.1f} | {reach_cell(r)} "
              f"| {r['hops']['mean']:.2f} ({r['hops']['p99']}) | {lat['mean']:.0f} ({lat['p50']:.0f}, {lat['p99']:.0f}) "
              f"| {r['busiest_node']['messages_per_lookup']:.1f} | {scale.wall(d)} | {scale.rss(d)} |")


def churn_table(rows):
    # no message column: the lookup phase of a churn run also holds the final read of every key
    print("| routing | N | lookups during churn | crashes (and as many joins) in 120 s | success of lookups during churn "
          "| keys whose publisher crashed (of 200, read after the churn) | hops mean | latency ms mean (p99) |")
    print("|---|---|---|---|---|---|---|---|")
    for d in sorted(rows, key=lambda d: d["result"]["routing"]):
        r = d["result"]
        ch = r["churn"]
        print(f"| {r['routing']} | {r['nodes']:,} | {r['lookups']} | {ch['crashes']} | {r['lookup_success']:.3f} "
              f"| {ch['keys_lost']} | {r['hops']['mean']:.2f} | {r['lookup_latency_ms']['mean']:.0f} ({r['lookup_latency_ms']['p99']:.0f}) |")


def reach_table(rows):
    """Flooding: share of the nodes first reached at each hop count (from flooding.queries_reached.hops_H)."""
    runs = [d for d in rows if d["result"]["routing"] == "flooding" and d["tag"].startswith("cur-")
            and d["result"]["counters"].get("flooding.queries_started")]
    if not runs:
        return
    runs.sort(key=lambda d: (d["result"]["nodes"], int(scale.ttl_of(d))))
    hmax = max(int(scale.ttl_of(d)) for d in runs)
    print("| N | TTL | " + " | ".join(f"≤ {h} hops" for h in range(1, hmax + 1)) + " | success |")
    print("|---|---|" + "---|" * hmax + "---|")
    for d in runs:
        r = d["result"]
        ttl = int(scale.ttl_of(d))
        print(f"| {r['nodes']:,} | {ttl} | " + " | ".join(
            f"{x:.1%}" if h <= ttl else "-" for h, x in cumulative(r, hmax)) + f" | {r['lookup_success']:.2f} |")


def cumulative(r, hmax):
    c = r["counters"]
    started = c["flooding.queries_started"]
    total = 1.0
    out = []
    for h in range(1, hmax + 1):
        total += c.get(f"flooding.queries_reached.hops_{h}", 0) / started
        out.append((h, total / r["live_nodes"]))
    return out


def svgs(rows, directory):
    cur = [d for d in rows if d["tag"].startswith("cur-") and scale.ttl_of(d) == scale.DEFAULT_TTL[d["result"]["routing"]]]
    by = {}
    for d in cur:
        by.setdefault(d["result"]["routing"], []).append(d["result"])
    for name, metric, title, ylabel, log_y in [
            ("success", lambda r: r["lookup_success"], "Share of lookups that found the key (default TTLs)", "success", False),
            ("messages", scale.query_messages, "Query messages per lookup (default TTLs)", "messages / lookup", True),
            ("busiest", lambda r: r["busiest_node"]["messages_per_lookup"], "Busiest node: messages per lookup", "messages / lookup", True),
            ("latency", lambda r: r["lookup_latency_ms"]["mean"], "Mean lookup latency (virtual ms)", "ms", False)]:
        series = [(k, COLOURS[k], [(r["nodes"], metric(r), True) for r in v]) for k, v in sorted(by.items())]
        plots.line_plot(series, os.path.join(directory, f"unstructured-current-{name}.svg"), title, "N (nodes, log scale)",
                        ylabel, True, log_y)
    ttl_series = []
    for label, routing, n in [("flooding, N=10,000", "flooding", 10000), ("flooding, N=30,000", "flooding", 30000),
                              ("flooding, N=100,000", "flooding", 100000), ("supernodes, N=10,000", "supernode", 10000),
                              ("supernodes, N=100,000", "supernode", 100000)]:
        pts = [(int(scale.ttl_of(d).split()[0]), d["result"]["lookup_success"], True) for d in rows
               if d["tag"].startswith("cur-") and d["result"]["routing"] == routing and d["result"]["nodes"] == n]
        if pts:
            ttl_series.append((label, plots.COLOURS[len(ttl_series)], pts))
    if ttl_series:
        plots.line_plot(ttl_series, os.path.join(directory, "unstructured-current-ttl.svg"), "Success against TTL",
                        "TTL (supernodes: among supernodes)", "success", False, False)
    reach_series = []
    # the default TTL at each N, and the larger TTL at 100,000 (the smaller TTLs are in the table)
    for d in sorted((d for d in rows if d["tag"].startswith("cur-") and d["result"]["routing"] == "flooding"
                     and d["result"]["counters"].get("flooding.queries_started")
                     and (scale.ttl_of(d) == scale.DEFAULT_TTL["flooding"] or int(scale.ttl_of(d)) > 7)),
                    key=lambda d: (d["result"]["nodes"], int(scale.ttl_of(d)))):
        r = d["result"]
        ttl = int(scale.ttl_of(d))
        reach_series.append((f"N={r['nodes']:,}, TTL {ttl}", plots.COLOURS[len(reach_series) % len(plots.COLOURS)],
                             [(h, x, True) for h, x in cumulative(r, ttl)]))
    if reach_series:
        plots.line_plot(reach_series, os.path.join(directory, "unstructured-current-reach.svg"),
                        "Flooding: share of nodes a query reached within h hops", "hops h", "share of nodes", False, False)


def e2_table(path):
    """Experiment 2 on the current code: ping/pong share of the lookup phase, N = 300, lookups one at a time."""
    print("| pong caching | ping TTL | ping+pong messages / lookup | query messages / lookup | ping/pong share of all lookup-phase messages |")
    print("|---|---|---|---|---|")
    for line in open(path):
        if not line.strip():
            continue
        d = json.loads(line)
        r = d["result"]
        phase = r["lookup_phase_messages_by_type"]
        pp = phase.get("flooding.ping", 0) + phase.get("flooding.pong", 0)
        opts = r.get("routing_options", {})
        print(f"| {opts.get('pong-cache', 'true')} | {'neighbours only' if opts.get('pong-cache', 'true') == 'true' else opts.get('ping-ttl', '7 (default)')} | {pp:,.1f} "
              f"| {scale.query_messages(r):,.1f} | {plots.pingpong_share(r):.1%} |")


if __name__ == "__main__":
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    main_rows = [d for d in rows if d["tag"].startswith("cur-")]
    churn_rows = [d for d in rows if d["tag"].startswith("churn-")]
    main_table(main_rows)
    print()
    if churn_rows:
        churn_table(churn_rows)
        print()
    reach_table(main_rows)
    e2 = os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), "unstructured-current-e2-results.jsonl")
    if os.path.exists(e2):
        print()
        e2_table(e2)
    if len(sys.argv) > 2:
        svgs(rows, sys.argv[2])
