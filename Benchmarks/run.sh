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

# --- PIN recovery over the whole space, the whole `succession cert recover-pin` process timed.
# The PIN is 9999, the last candidate; 2,048 iterations; a SHA-256 MAC file (openssl's default)
# and a SHA-1 MAC one (-legacy -macalg sha1), both made by the openssl CLI.
openssl pkcs12 -in "$work/modern.p12" -passin pass:1357 -nodes -out "$work/all.pem" 2>/dev/null
openssl pkcs12 -export -in "$work/all.pem" -macalg sha256 -iter 2048 -passout pass:9999 -out "$work/sha256-9999.p12"
openssl pkcs12 -export -legacy -in "$work/all.pem" -macalg sha1 -iter 2048 -passout pass:9999 -out "$work/sha1-9999.p12"
iterations=2048
whole() {  # the CLI on FILE, best of 3 runs, ns
    local best="" start t
    for _ in 1 2 3; do
        start=$(date +%s%N)
        "$cli" cert recover-pin "$1" --json >/dev/null
        t=$(( $(date +%s%N) - start ))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    echo "$best"
}
recover256=$(whole "$work/sha256-9999.p12")
recover1=$(whole "$work/sha1-9999.p12")
kernel256=$(value "$bench" kernel sha256 300000)
kernel1=$(value "$bench" kernel sha1 300000)
compress=$(value "$bench" compress 20000000)
# The bound: every candidate needs `iterations` compressions (RFC 7292 B.2), at the kernel's own
# best speed measured in this run, spread on all cores.
limit256=$(awk -v c="$kernel256" -v i="$iterations" -v n="$cores" 'BEGIN { print 10000 * i * c / n }')
limit1=$(awk -v c="$kernel1" -v i="$iterations" -v n="$cores" 'BEGIN { print 10000 * i * c / n }')
recover=$recover256
start=$(date +%s%N)
for p in $(seq 9000 9199); do openssl pkcs12 -in "$work/sha256-9999.p12" -passin "pass:$p" -noout 2>/dev/null || true; done
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
printf '%-44s %12s ms %12s ms %10s %s\n' "recover-pin (SHA-256 MAC) vs kernel bound" "$(ms "$recover256")" "$(ms "$limit256")" "$(ratio "$recover256" "$limit256")" "≤ 1.2"
printf '%-44s %12s ms %12s ms %10s %s\n' "recover-pin (SHA-1 MAC) vs kernel bound" "$(ms "$recover1")" "$(ms "$limit1")" "$(ratio "$recover1" "$limit1")" "≤ 1.2"
printf '%-44s %12s ms %12s ms %10s %s\n' "PIN recovery vs shell loop over openssl" "$(ms "$recover")" "$(ms "$loop")" "$(ratio "$loop" "$recover")×" "≥ 100×"
printf '\nbound = 10,000 PINs x %s iterations x the kernel best ns per compression (SHA-256 %s, SHA-1 %s; OpenSSL SHA256_Transform %s) / %s cores\n' \
    "$iterations" "$kernel256" "$kernel1" "$compress" "$cores"
printf 'recover-pin = the whole process (start, read, search, confirming open), best of 3 runs\n'
