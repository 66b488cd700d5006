#!/usr/bin/env python3
"""Markdown table of the scale runs (N up to 100,000) in unstructured-scale-results.jsonl.

Each line: {"tag", "args", "max_rss_kb", "elapsed", "result"} where result is one `simulate --json`
object and max_rss_kb / elapsed come from `/usr/bin/time -v` (lines copied from
unstructured-results.jsonl have neither: their wall time is the run's own wall_s).

Usage: python3 unstructured-scale-report.py unstructured-scale-results.jsonl
"""
import json
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


def table(lines):
    print("| routing | N | joins | TTL | lookups | success | query messages / lookup | all messages / lookup "
          "| supernodes (reached per query) | hops mean (p99) | latency ms mean (p99) | busiest node msgs / lookup "
          "| wall (h:mm:ss) | peak RSS GB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for d in sorted(lines, key=lambda d: (d["result"]["routing"], d["result"]["nodes"], d["tag"])):
        r = d["result"]
        args = d["args"].split()
        ttl = DEFAULT_TTL[r["routing"]]
        if "ttl" in r.get("routing_options", {}):
            ttl = r["routing_options"]["ttl"]
        joins = "waves of " + args[args.index("--join-batch") + 1] if "--join-batch" in args else "one by one"
        if "--settle-ms" in args:
            joins += f", then {int(args[args.index('--settle-ms') + 1]) // 1000} s of maintenance"
        print(f"| {r['routing']} | {r['nodes']} | {joins} | {ttl} | {r['lookups']} | {r['lookup_success']:.3f} "
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


if __name__ == "__main__":
    table([json.loads(line) for line in open(sys.argv[1]) if line.strip()])
