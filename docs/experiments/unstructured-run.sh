#!/bin/bash
# Runs the unstructured-search experiments one at a time (never two big simulations at once);
# one JSON line per run in $OUT. Takes about 40 minutes on a busy 2-core machine.
J=${HOPSCOTCH_JAR:-examples/target/hopscotch.jar}
OUT=${OUT:-unstructured-results.jsonl}
run() {
  local tag="$1"; shift
  local t0=$(date +%s)
  local line
  line=$(timeout 1500 java -Xmx6g -jar $J simulate --keys 200 --seed 1 --join-via random --json "$@" 2>/dev/null | grep '^{' | tail -1)
  echo "{\"tag\":\"$tag\",\"args\":\"$*\",\"result\":${line:-null}}" >> $OUT
  echo "$tag done in $(( $(date +%s) - t0 )) s"
}
# experiments 1, 3, 4: the three strategies against N
for n in 1000 3000 10000; do
  run e1-central-$n --routing central --nodes $n --lookups 200
  run e1-supernode-$n --routing supernode --nodes $n --lookups 200 --routing-option get-limit=1
done
run e1-supernode-ttl6-10000 --routing supernode --nodes 10000 --lookups 200 --routing-option get-limit=1 --routing-option ttl=6
run e1-flooding-ttl7-1000 --routing flooding --nodes 1000 --lookups 200 --routing-option get-limit=1
run e1-flooding-ttl7-3000 --routing flooding --nodes 3000 --lookups 200 --routing-option get-limit=1
run e1-flooding-ttl7-10000 --routing flooding --nodes 10000 --lookups 100 --routing-option get-limit=1
# experiment 1: flooding against TTL
for ttl in 2 3 4 5; do
  run e1-flooding-ttl$ttl-3000 --routing flooding --nodes 3000 --lookups 200 --routing-option get-limit=1 --routing-option ttl=$ttl
done
# experiment 2: ping/pong share with and without pong caching
for pc in true false; do
  run e2-flooding-pongcache-$pc-300 --routing flooding --nodes 300 --lookups 50 --routing-option pong-cache=$pc
done
run e2-flooding-pongcache-false-300-pingttl3 --routing flooding --nodes 300 --lookups 50 --routing-option pong-cache=false --routing-option ping-ttl=3
