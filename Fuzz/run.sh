#!/usr/bin/env bash
# Builds the libFuzzer targets (-sanitize=fuzzer,address) and runs each for RUNS executions
# (default 1,000,000) from the seed corpus in Corpus/. A crash leaves its input in
# Fuzz/Artifacts/; keep it as a test when you fix it.
#
#   bash Fuzz/run.sh [RUNS] [TARGET…]         # e.g. bash Fuzz/run.sh 1000000 fuzz-code
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-1000000}
shift || true
targets=("${@:-fuzz-pkcs12 fuzz-notice fuzz-csv fuzz-code fuzz-journal fuzz-layout}")
swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >/dev/null
bin=$(swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --show-bin-path)
mkdir -p Artifacts
for target in ${targets[*]}; do
    corpus="Corpus/${target#fuzz-}"
    live=$(mktemp -d)
    cp "$corpus"/* "$live"/
    echo "== $target: $runs runs"
    ASAN_OPTIONS=detect_leaks=1 "$bin/$target" -runs="$runs" -max_len=8192 -artifact_prefix=Artifacts/ \
        -print_final_stats=1 "$live" 2>&1 | grep -E "stat::number_of_executed_units|Done|ERROR|SUMMARY|crash" || true
    rm -rf "$live"
done
