#!/usr/bin/env bash
# One run, same files, one table of ratios: SuccessionKit against raw OpenSSL calls, the
# openssl CLI and Python cryptography. Not a test: run it by hand on a quiet machine.
#
#   bash Benchmarks/run.sh
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cores=$(nproc)

echo "building (release)…" >&2
swift build -c release --product succession-bench >/dev/null
(cd .. && swift build -c release --product succession >/dev/null)
bench=$(swift build -c release --show-bin-path)/succession-bench
cli=$(cd .. && swift build -c release --show-bin-path)/succession
"$bench" make "$work"
value() { "$@" | awk '{print $2}'; }
ms() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# --- open + verify, per file
ours=$(value "$bench" open "$work/modern.p12" 300)
raw=$(value "$bench" raw "$work/modern.p12" 300)
ours_legacy=$(value "$bench" open "$work/legacy.p12" 300)
raw_legacy=$(value "$bench" raw "$work/legacy.p12" 300)
start=$(date +%s%N)
for _ in $(seq 100); do openssl pkcs12 -in "$work/modern.p12" -passin pass:1357 -noout 2>/dev/null; done
cli_open=$(( ($(date +%s%N) - start) / 100 ))
python=$(python3 - "$work/modern.p12" <<'PY'
import sys, timeit
from cryptography.hazmat.primitives.serialization import pkcs12
data = open(sys.argv[1], "rb").read()
n = 100
t = timeit.timeit(lambda: pkcs12.load_key_and_certificates(data, b"1357"), number=n)
print(t / n * 1e9)
PY
)

# --- folder pick over 1,000 files
pick=$(value "$bench" pick "$work/downloads")
start=$(date +%s%N)
for f in "$work"/downloads/*.p12; do openssl pkcs12 -legacy -in "$f" -passin pass:1357 -noout 2>/dev/null || true; done
cli_pick=$(( $(date +%s%N) - start ))

# --- code check over 1,000,000 codes
codes=$(value "$bench" codes "$work/codes.txt")
start=$(date +%s%N)
"$cli" code check --file "$work/codes.txt" >/dev/null || true
cli_codes=$(( $(date +%s%N) - start ))

# --- PIN recovery over the whole space (the PIN is 9999, the last candidate)
recover=$(value "$bench" recover "$work/pin-9999.p12")
compress=$(value "$bench" compress 20000000)
iterations=2048
# The floor: every candidate needs `iterations` compressions (RFC 7292 B.2), spread on all cores.
limit=$(awk -v c="$compress" -v i="$iterations" -v n="$cores" 'BEGIN { print 10000 * i * c / n }')
start=$(date +%s%N)
for p in $(seq 9000 9199); do openssl pkcs12 -in "$work/pin-9999.p12" -passin "pass:$p" -noout 2>/dev/null || true; done
loop=$(( ($(date +%s%N) - start) * 50 ))   # 200 candidates, scaled to 10,000

printf '\nMachine: %s, %s cores, %s; %s\n\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$cores" \
    "$(openssl version | cut -d' ' -f1-2)" "$(swift --version 2>/dev/null | head -1)"
printf '%-44s %14s %14s %10s %s\n' "measurement" "SuccessionKit" "peer" "ratio" "target"
printf '%-44s %12s ms %12s ms %10s %s\n' "open+verify (AES) vs raw OpenSSL calls" "$(ms "$ours")" "$(ms "$raw")" "$(ratio "$ours" "$raw")" "≤ 1.2"
printf '%-44s %12s ms %12s ms %10s %s\n' "open+verify (legacy) vs raw OpenSSL calls" "$(ms "$ours_legacy")" "$(ms "$raw_legacy")" "$(ratio "$ours_legacy" "$raw_legacy")" "≤ 1.2"
printf '%-44s %12s ms %12s ms %10s %s\n' "open+verify vs openssl pkcs12 (process)" "$(ms "$ours")" "$(ms "$cli_open")" "$(ratio "$cli_open" "$ours")×" "faster"
printf '%-44s %12s ms %12s ms %10s %s\n' "open+verify vs Python cryptography" "$(ms "$ours")" "$(ms "$python")" "$(ratio "$python" "$ours")×" "≥ 3× faster"
printf '%-44s %12s ms %12s ms %10s %s\n' "pick over 1,000 files vs openssl loop" "$(ms "$pick")" "$(ms "$cli_pick")" "$(ratio "$cli_pick" "$pick")×" "faster"
printf '%-44s %14s %14s %10s %s\n' "code check in-process, one core" "$(printf '%.1fM/s' "$(awk -v c="$codes" 'BEGIN{print c/1e6}')")" "" "" "≥ 10M/s"
printf '%-44s %12s ms %14s %10s %s\n' "code check CLI, 1,000,000 codes from a file" "$(ms "$cli_codes")" "" "" ""
printf '%-44s %12s ms %12s ms %10s %s\n' "PIN recovery, whole space vs derivation limit" "$(ms "$recover")" "$(ms "$limit")" "$(ratio "$recover" "$limit")" "≤ 1.3"
printf '%-44s %12s ms %12s ms %10s %s\n' "PIN recovery vs shell loop over openssl" "$(ms "$recover")" "$(ms "$loop")" "$(ratio "$loop" "$recover")×" "≥ 100×"
printf '\nlimit = 10,000 PINs × %s iterations × %s ns per raw SHA-256 compression (OpenSSL SHA256_Transform) / %s cores\n' \
    "$iterations" "$compress" "$cores"
