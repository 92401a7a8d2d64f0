#!/usr/bin/env bash
# The Windows agent's own checks under Wine 8, headless. Installs nothing (.ci/run does):
# needs wine, wine64, gcc-mingw-w64-x86-64-win32, openssl, python3 and the ja_JP.UTF-8 locale.
#  1. builds Windows/Agent/build/succession-agent.exe;
#  2. makes a fresh WINEPREFIX in a temporary folder (wineboot -i), reporting Windows 10;
#  3. runs Windows/Agent/tests/harness.py: fixtures made with openssl at run time, a practice
#     terminal inside the prefix, every op checked by an independent view; expected Wine gaps
#     are named. Exit status non-zero on any unexpected result.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wine wineserver x86_64-w64-mingw32-gcc openssl python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wine wine64 gcc-mingw-w64-x86-64-win32 openssl)" >&2; exit 2; }
done
# Wine gives a batch's CP932 text its bytes only in a Japanese locale (PITFALLS.md).
if ! locale -a 2>/dev/null | grep -qiE '^ja_JP\.utf-?8$'; then
    echo "missing the ja_JP.UTF-8 locale: localedef -i ja_JP -f UTF-8 ja_JP.UTF-8" >&2
    exit 2
fi
start=$(date +%s.%N)
bash Scripts/windows-agent-build.sh

# A fresh prefix reporting Windows 10, with its own persistent wineserver (a pipe held by a
# wineserver costs ~3 s a call) and the practice terminal's files: Scripts/windows-prefix.sh,
# shared with the Swift backend's tests. The harness writes its own practice files over them.
eval "$(SUCCESSION_AGENT_EXE=Windows/Agent/build/succession-agent.exe bash Scripts/windows-prefix.sh)"
cleanup() {
    wineserver -k >/dev/null 2>&1 || true
    rm -rf "$WINEPREFIX"
}
trap cleanup EXIT

python3 Windows/Agent/tests/harness.py Windows/Agent/build/succession-agent.exe
awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "windows-agent-test: %.1f s in all (build, wineboot, checks)\n", b - a }'
