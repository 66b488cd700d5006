#!/bin/bash
# Experiments 1, 3 and 4 (and churn) on the current code: every run of unstructured-current-results.jsonl.
# Usage: HOPSCOTCH_JAR=examples/target/hopscotch.jar OUT=unstructured-current-results.jsonl \
#          OUT_E2=unstructured-current-e2-results.jsonl bash unstructured-current-run.sh
# Each run appends one line {tag, args, max_rss_kb, elapsed, result}; needs /usr/bin/time and python3.
# The two 100,000-node flooding runs need about 10 GB of heap and half an hour each on an idle core.
set -eu
JAR=${HOPSCOTCH_JAR:-examples/target/hopscotch.jar}
OUT=${OUT:-unstructured-current-results.jsonl}
TMP=$(mktemp -d)

run() {
  local tag=$1 xmx=$2
  shift 2
  /usr/bin/time -v -o "$TMP/$tag.time" java -Xmx"$xmx" -jar "$JAR" simulate --keys 200 --seed 1 --join-via random --json "$@" \
    > "$TMP/$tag.out" 2> "$TMP/$tag.err"
  python3 - "$tag" "$*" "$TMP" "$OUT" <<'PY'
import json, re, sys
tag, args, tmp, out = sys.argv[1:5]
t = open(f"{tmp}/{tag}.time").read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
result = json.loads(open(f"{tmp}/{tag}.out").read().strip().splitlines()[-1])
with open(out, "a") as f:
    f.write(json.dumps({"tag": tag, "args": args, "max_rss_kb": rss, "elapsed": elapsed, "result": result}) + "\n")
PY
}

W="--join-batch 1000 --settle-ms 150000"
C="--churn-rate 5 --churn-seconds 120"
G="--routing-option get-limit=1"
for n in 1000 10000; do
  run cur-central-$n 3g --routing central --nodes $n --lookups 200
  run cur-supernode-$n 3g --routing supernode --nodes $n --lookups 200 $G
done
run cur-flooding-1000 2g --routing flooding --nodes 1000 --lookups 200 $G
run cur-flooding-10000 3g --routing flooding --nodes 10000 --lookups 100 $G
run cur-central-30000-waves-settle150 3g --routing central --nodes 30000 --lookups 200 $W
run cur-supernode-30000-waves-settle150 4g --routing supernode --nodes 30000 --lookups 200 $W $G
run cur-flooding-30000-waves-settle150 6g --routing flooding --nodes 30000 --lookups 100 $W $G
run cur-central-100000-waves-settle150 5g --routing central --nodes 100000 --lookups 200 $W
run cur-supernode-100000-waves-settle150 7g --routing supernode --nodes 100000 --lookups 200 $W $G
run cur-flooding-100000-waves-settle150 10g --routing flooding --nodes 100000 --lookups 50 $W $G
run cur-flooding-ttl8-100000-waves-settle150 10g --routing flooding --nodes 100000 --lookups 50 $W $G --routing-option ttl=8
for ttl in 4 5; do
  run cur-flooding-ttl$ttl-10000 3g --routing flooding --nodes 10000 --lookups 100 $G --routing-option ttl=$ttl
done
for ttl in 3 4; do
  run cur-supernode-ttl$ttl-10000 3g --routing supernode --nodes 10000 --lookups 200 $G --routing-option ttl=$ttl
done
run churn-central-10000 3g --routing central --nodes 10000 --lookups 200 $C
run churn-supernode-10000 3g --routing supernode --nodes 10000 --lookups 200 $G $C
run churn-flooding-10000 3g --routing flooding --nodes 10000 --lookups 100 $G $C
# experiment 2: ping/pong share at N = 300, lookups one at a time
OUT=${OUT_E2:-unstructured-current-e2-results.jsonl}
E2="--routing flooding --nodes 300 --lookups 50 --batch 1"
run cur-e2-flooding-pongcache-false-300 2g $E2 --routing-option pong-cache=false
run cur-e2-flooding-pongcache-false-300-pingttl3 2g $E2 --routing-option pong-cache=false --routing-option ping-ttl=3
run cur-e2-flooding-pongcache-true-300 2g $E2 --routing-option pong-cache=true
rm -r "$TMP"
