#!/usr/bin/env bash
# Prepares a fresh, headless Wine prefix with a practice オン資 terminal in it, for the Swift
# backend's tests (Tests/WindowsAgentTests) and the agent's own checks, and prints the shell
# lines that point a process at it:
#
#     eval "$(bash Scripts/windows-prefix.sh)"     # WINEPREFIX, SUCCESSION_AGENT_COMMAND, …
#     swift test --filter WindowsAgentTests
#     WINEPREFIX=… wineserver -k; rm -rf "$WINEPREFIX"   # the last printed line says exactly this
#
# 1. builds Windows/Agent/build/succession-agent.exe (unless SUCCESSION_AGENT_EXE names one);
# 2. makes the prefix in a temporary folder (or $1), reporting Windows 10 (the terminals' Windows;
#    Wine's default says Windows 7), and starts a persistent wineserver for it: a pipe held by a
#    wineserver that a wine call started costs ~3 s a call (PITFALLS.md);
# 3. puts the practice terminal's files under drive_c: C:\ProgramData\OQS-Auth\ReaderInfo.ini,
#    C:\Work\InitializeFace.bat (asks, initializes on 「1」, says 初期化完了, waits for Enter; CP932,
#    like the real tool as the manual shows it), the OQSComAppRestart batch.
# Credentials and certificates are the tests' to make, through the agent.
#
# Installs nothing (.ci/run does): needs wine, wine64, gcc-mingw-w64-x86-64-win32, the
# ja_JP.UTF-8 locale (Wine gives a batch's CP932 text its bytes only in a Japanese locale).
# Progress goes to standard error; standard output holds only the lines to eval.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
for tool in wine wineserver; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wine wine64)" >&2; exit 2; }
done
if ! locale -a 2>/dev/null | grep -qiE '^ja_JP\.utf-?8$'; then
    echo "missing the ja_JP.UTF-8 locale: localedef -i ja_JP -f UTF-8 ja_JP.UTF-8" >&2
    exit 2
fi
agent=${SUCCESSION_AGENT_EXE:-}
if [ -z "$agent" ]; then
    bash Scripts/windows-agent-build.sh >&2
    agent="$repo/Windows/Agent/build/succession-agent.exe"
fi
[ -f "$agent" ] || { echo "no agent at $agent" >&2; exit 2; }
agent=$(cd "$(dirname "$agent")" && pwd)/$(basename "$agent")

unset DISPLAY WAYLAND_DISPLAY
export WINEDEBUG=-all LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 WINEDLLOVERRIDES="mscoree,mshtml="
if [ $# -ge 1 ]; then
    mkdir -p "$1"
    WINEPREFIX=$(cd "$1" && pwd)
else
    WINEPREFIX=$(mktemp -d /tmp/succession-wine.XXXXXX)
fi
export WINEPREFIX
start=$(date +%s.%N)
wineserver -p </dev/null >"$WINEPREFIX/wineserver.log" 2>&1
wine wineboot -i >"$WINEPREFIX/wineboot.log" 2>&1
wine reg add 'HKCU\Software\Wine' /v Version /t REG_SZ /d win10 /f >>"$WINEPREFIX/wineboot.log" 2>&1
awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "wineboot: %.1f s\n", b - a }' >&2

drive_c="$WINEPREFIX/drive_c"
mkdir -p "$drive_c/ProgramData/OQS-Auth" "$drive_c/Work" "$drive_c/Program Files/OQS/OQSComApp/tools"
printf '[Reader]\r\nSerialNo=FJ0001234\r\nLoginName=F0FACE01\r\n; 顔認証付きカードリーダー\r\n' \
    | iconv -f UTF-8 -t CP932 >"$drive_c/ProgramData/OQS-Auth/ReaderInfo.ini"
printf '%s\r\n' '@echo off' 'echo セットアップ情報の初期化を行います。' 'set /p ANSWER=1:初期化する 9:終了 番号: ' \
    'if not "%ANSWER%"=="1" exit /b 9' 'del C:\ProgramData\OQS-Auth\ReaderInfo.ini' 'echo 初期化完了' 'pause' \
    'exit /b 0' | iconv -f UTF-8 -t CP932 >"$drive_c/Work/InitializeFace.bat"
printf '@echo off\r\necho restarted> C:\\Work\\restart-marker.txt\r\nexit /b 0\r\n' \
    >"$drive_c/Program Files/OQS/OQSComApp/tools/OQSComAppRestart.bat"
echo "practice terminal: $drive_c (ReaderInfo.ini, InitializeFace.bat, OQSComAppRestart.bat)" >&2

q() { printf "%q" "$1"; }
echo "unset DISPLAY WAYLAND_DISPLAY"
echo "export WINEPREFIX=$(q "$WINEPREFIX") WINEDEBUG=-all LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 WINEDLLOVERRIDES=$(q "$WINEDLLOVERRIDES")"
echo "export SUCCESSION_AGENT_COMMAND=$(q "wine $agent")"
echo "# when done: WINEPREFIX=$(q "$WINEPREFIX") wineserver -k; rm -rf $(q "$WINEPREFIX")"
