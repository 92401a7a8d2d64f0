#!/usr/bin/env bash
# One run, same files, one table of ratios: SuccessionKit against raw OpenSSL calls, the
# openssl CLI, Python cryptography and, when given, John the Ripper. Not a test: run it by hand
# on a quiet machine.
#
#   bash Benchmarks/run.sh
#   JOHN=/path/to/john/run/john bash Benchmarks/run.sh
#
# JOHN: a John the Ripper jumbo build of your own (never a dependency of SuccessionKit): its
# `pfx` format is timed on the same files, and its run/pfx2john.py (Python asn1crypto) makes
# the hashes.
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

# --- PIN recovery. Files made by the openssl CLI, 2,048 iterations: a SHA-256 MAC file
# (openssl's default) and a SHA-1 MAC one (-legacy -macalg sha1), each with the PIN 9999 (the
# last candidate) and with a passphrase that is not four digits (all 10,000 tried, none found).
openssl pkcs12 -in "$work/modern.p12" -passin pass:1357 -nodes -out "$work/all.pem" 2>/dev/null
iterations=2048
for pass in 9999 not-a-pin; do
    openssl pkcs12 -export -in "$work/all.pem" -macalg sha256 -iter $iterations -passout "pass:$pass" \
        -out "$work/sha256-$pass.p12"
    openssl pkcs12 -export -legacy -in "$work/all.pem" -macalg sha1 -iter $iterations -passout "pass:$pass" \
        -out "$work/sha1-$pass.p12"
done
whole() {  # the CLI on FILE [ARGS…], best of 3 runs, ns; its last --json line in $work/last.json
    local best="" start t file=$1
    shift
    for _ in 1 2 3; do
        start=$(date +%s%N)
        "$cli" cert recover-pin "$file" --json "$@" >"$work/last.json" || true  # exit 1: not found
        t=$(( $(date +%s%N) - start ))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    echo "$best"
}
field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/last.json" "$1"; }
recover256=$(whole "$work/sha256-9999.p12")
recover1=$(whole "$work/sha1-9999.p12")
space256=$(whole "$work/sha256-not-a-pin.p12")
chosen256=$(field kernel); measured256=$(field nsPerCompression)
space1=$(whole "$work/sha1-not-a-pin.p12")
chosen1=$(field kernel); measured1=$(field nsPerCompression)
single256=$(whole "$work/sha256-not-a-pin.p12" --threads 1)
single1=$(whole "$work/sha1-not-a-pin.p12" --threads 1)
# Every kernel on one core, longer than the search's own once-per-process measurement.
"$bench" kernels sha256 20000 >"$work/kernels-sha256"
"$bench" kernels sha1 20000 >"$work/kernels-sha1"
ns_of() { awk -v k="$2" '$1 == k { print $2 }' "$work/kernels-$1"; }
compress=$(value "$bench" compress 20000000)
# The bound: every candidate needs `iterations` compressions (RFC 7292 B.2), at the speed of the
# kernel the search chose, measured in this run, spread on all cores.
kernel256=$(ns_of sha256 "$chosen256")
kernel1=$(ns_of sha1 "$chosen1")
limit256=$(awk -v c="$kernel256" -v i="$iterations" -v n="$cores" 'BEGIN { print 10000 * i * c / n }')
limit1=$(awk -v c="$kernel1" -v i="$iterations" -v n="$cores" 'BEGIN { print 10000 * i * c / n }')
recover=$recover256
start=$(date +%s%N)
for p in $(seq 9000 9199); do openssl pkcs12 -in "$work/sha256-9999.p12" -passin "pass:$p" -noout 2>/dev/null || true; done
loop=$(( ($(date +%s%N) - start) * 50 ))   # 200 candidates, scaled to 10,000

# --- John the Ripper on the same whole-space files, whole process, best of 3.
john256="" john1=""
if [ -n "${JOHN:-}" ]; then
    john_run() {  # FILE.hash [threads]: ns
        local best="" start t
        for _ in 1 2 3; do
            rm -f "$work/john.pot" "$work/john.rec"
            start=$(date +%s%N)
            OMP_NUM_THREADS=${2:-$cores} "$JOHN" --format=pfx --mask='?d?d?d?d' --pot="$work/john.pot" \
                --session="$work/john" "$1" >/dev/null 2>&1 || true
            t=$(( $(date +%s%N) - start ))
            if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
        done
        echo "$best"
    }
    for d in sha256 sha1; do
        python3 "$(dirname "$JOHN")/pfx2john.py" "$work/$d-not-a-pin.p12" >"$work/$d.hash"
    done
    john256=$(john_run "$work/sha256.hash")
    john1=$(john_run "$work/sha1.hash")
    john_single256=$(john_run "$work/sha256.hash" 1)
    john_single1=$(john_run "$work/sha1.hash" 1)
fi
rate() { awk -v ns="$1" 'BEGIN { printf "%.1f k/s", 10000 / (ns / 1e9) / 1000 }'; }

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
printf '%-44s %12s ms %12s ms %10s %s\n' "recover-pin 9999 (SHA-256 MAC) vs kernel bound" "$(ms "$recover256")" "$(ms "$limit256")" "$(ratio "$recover256" "$limit256")" "≤ 1.2"
printf '%-44s %12s ms %12s ms %10s %s\n' "recover-pin 9999 (SHA-1 MAC) vs kernel bound" "$(ms "$recover1")" "$(ms "$limit1")" "$(ratio "$recover1" "$limit1")" "≤ 1.2"
printf '%-44s %12s ms %12s ms %10s %s\n' "whole space (SHA-256 MAC) vs kernel bound" "$(ms "$space256")" "$(ms "$limit256")" "$(ratio "$space256" "$limit256")" "≤ 1.2"
printf '%-44s %12s ms %12s ms %10s %s\n' "whole space (SHA-1 MAC) vs kernel bound" "$(ms "$space1")" "$(ms "$limit1")" "$(ratio "$space1" "$limit1")" "≤ 1.2"
if [ -n "$john256" ]; then
    printf '%-44s %12s ms %12s ms %10s %s\n' "whole space (SHA-256 MAC) vs John, $cores cores" "$(ms "$space256")" "$(ms "$john256")" "$(ratio "$john256" "$space256")×" "faster"
    printf '%-44s %12s ms %12s ms %10s %s\n' "whole space (SHA-1 MAC) vs John, $cores cores" "$(ms "$space1")" "$(ms "$john1")" "$(ratio "$john1" "$space1")×" "faster"
    printf '%-44s %14s %14s %10s %s\n' "one core (SHA-256 MAC) vs John, PINs/s" "$(rate "$single256")" "$(rate "$john_single256")" "$(ratio "$john_single256" "$single256")×" "≥ 1×"
    printf '%-44s %14s %14s %10s %s\n' "one core (SHA-1 MAC) vs John, PINs/s" "$(rate "$single1")" "$(rate "$john_single1")" "$(ratio "$john_single1" "$single1")×" "≥ 1×"
else
    printf '%-44s %14s %14s %10s %s\n' "one core (SHA-256 MAC), PINs/s" "$(rate "$single256")" "" "" "(JOHN= for John)"
    printf '%-44s %14s %14s %10s %s\n' "one core (SHA-1 MAC), PINs/s" "$(rate "$single1")" "" "" ""
fi
printf '%-44s %12s ms %12s ms %10s %s\n' "PIN recovery vs shell loop over openssl" "$(ms "$recover")" "$(ms "$loop")" "$(ratio "$loop" "$recover")×" "≥ 100×"

printf '\nRehash kernels, one core, ns per compression (48 candidates × 20,000 iterations, best of 3):\n'
printf '%-16s %10s %10s\n' "kernel" "SHA-256" "SHA-1"
for k in shaExtensions avx2 avx512 openSSL portable; do
    a=$(ns_of sha256 "$k"); b=$(ns_of sha1 "$k")
    if [ -n "$a" ]; then printf '%-16s %10s %10s\n' "$k" "$a" "$b"; else printf '%-16s %21s\n' "$k" "not on this CPU"; fi
done
printf '\nrecover-pin measured at its start and chose: SHA-256 %s (%s ns), SHA-1 %s (%s ns)\n' \
    "$chosen256" "$measured256" "$chosen1" "$measured1"
printf 'bound = 10,000 PINs x %s iterations x the chosen kernel'"'"'s ns per compression above / %s cores (OpenSSL SHA256_Transform alone: %s ns)\n' \
    "$iterations" "$cores" "$compress"
printf 'recover-pin = the whole process (start, read, measure, search, confirming open), best of 3 runs; whole space = a passphrase that is not 4 digits\n'
if [ -n "$john256" ]; then
    printf 'John = %s --format=pfx --mask='"'"'?d?d?d?d'"'"', whole process, best of 3 (one core: OMP_NUM_THREADS=1; ours --threads 1)\n' "$JOHN"
fi
