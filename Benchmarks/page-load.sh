#!/usr/bin/env bash
# A load check of the guided page (not a test): `succession serve` on a sandbox job, the job
# page asked for by wrk on loopback for DURATION (default 30 s) with 2 threads and 8
# connections; prints requests/s and the latency percentiles (p99 among them), so that a slow
# page is seen. Installs wrk when missing (Debian, as root).
#
#   bash Benchmarks/page-load.sh [path/to/succession] [DURATION]
#   (build it first: swift build -c release --product succession)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-.build/release/succession}")
duration=${2:-30s}
command -v wrk >/dev/null || { apt-get update; DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }
work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
"$binary" terminal sandbox "$work/site" >/dev/null
"$binary" job init --terminal "$work/site" --old-code 0110113719 --new-code 1310110049 \
    --notice "$work/site/Users/OqsComApp/Desktop/通知書.txt" >/dev/null
"$binary" serve --terminal "$work/site" > "$work/url.txt" &
server=$!
for _ in $(seq 100); do [ -s "$work/url.txt" ] && break; sleep 0.1; done
url=$(head -1 "$work/url.txt")
base=${url%%/\?*}
token=${url##*t=}
echo "== wrk on $base/job for $duration ($("$binary" --version))"
timeout 120 wrk -t2 -c8 -d"$duration" --latency -H "Cookie: succession-token=$token" "$base/job" \
    | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx"
