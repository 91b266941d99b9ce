#!/usr/bin/env bash
# Reproduces the engine throughput comparison of docs/asl-engine.md in one run on one machine:
#   aeonnova asl bench  vs  aws-local-stepfunctions 3.0.0 (../shared/bench/peer-bench.mjs)
# on ../shared/bench/remediation-shaped.asl.json with its mocks (test case Bench).
# Usage: scripts/bench-engine.sh [OUR_ITERATIONS=100000] [PEER_ITERATIONS=3000]  (100,000 so JIT warm-up is amortised)   (env BENCH_DIR overrides ../shared/bench)
set -euo pipefail
cd "$(dirname "$0")/.."

bench_dir="${BENCH_DIR:-../shared/bench}"
ours_n="${1:-100000}"
peer_n="${2:-3000}"
def="$bench_dir/remediation-shaped.asl.json"
for f in "$def" "$bench_dir/remediation-shaped.input.json" "$bench_dir/remediation-shaped.mocks.json" "$bench_dir/peer-bench.mjs"; do
  [ -f "$f" ] || { echo "bench-engine: missing $f (set BENCH_DIR)" >&2; exit 2; }
done
if [ ! -d tools/node_modules/aws-local-stepfunctions ]; then
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

dotnet build -c Release local/AeonNova.Cli -v q -nologo >/dev/null
# Both engines run at the same time, so a machine whose load changes from minute to minute affects them alike.
# Ours usually finishes first; the peer then has the machine to itself, which only favours the peer.
peer_out=$(mktemp)
PEER_DIR="$PWD/tools" node "$bench_dir/peer-bench.mjs" "$peer_n" >"$peer_out" &
peer_pid=$!
ours=$(dotnet local/AeonNova.Cli/bin/Release/net10.0/aeonnova.dll asl bench "$def" \
  --input "$bench_dir/remediation-shaped.input.json" \
  --mocks "$bench_dir/remediation-shaped.mocks.json" --test-case Bench --iterations "$ours_n")
wait "$peer_pid"
peer=$(cat "$peer_out")
rm -f "$peer_out"

echo "$ours"
echo "$peer"
OURS="$ours" PEER="$peer" node -e '
  const o = JSON.parse(process.env.OURS), p = JSON.parse(process.env.PEER);
  const same = JSON.stringify(o.output) === JSON.stringify(p.output);
  console.log(JSON.stringify({ aeonnova: Math.round(o.executionsPerSecond), peer: Math.round(p.executionsPerSecond),
    ratio: +(o.executionsPerSecond / p.executionsPerSecond).toFixed(1), sameOutput: same }));
  if (!same) process.exit(1);'
