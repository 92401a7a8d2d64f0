#!/usr/bin/env bash
# Renders the demo's customer report in a real headless browser (Debian's Chromium) to PNG and
# PDF (A4), to look at it as the customer will. Installs chromium and a Japanese font when
# missing (Debian/Ubuntu, as root).
#
#   bash Scripts/render-report.sh [OUT_DIR]              # default OUT_DIR: .build/report
#   ATTENDED=1 bash Scripts/render-report.sh [OUT_DIR]   # the report of an attended job
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build/report}
mkdir -p "$out"
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk
fi
sandbox=$(mktemp -d)/terminal
swift run -c release succession demo --terminal "$sandbox" --lang ja ${ATTENDED:+--attended} > "$out/demo.txt"
report="$sandbox/Users/OqsComApp/Desktop/承継工事報告書.html"
cp "$report" "$out/report.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=794,1123 \
    --screenshot="$(realpath "$out")/report.png" "file://$report" 2>/dev/null
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$(realpath "$out")/report.pdf" "file://$report" 2>/dev/null
# The PDF must have exactly one A4 page (595 x 842 points).
if command -v pdfinfo >/dev/null; then pdfinfo "$out/report.pdf" | grep -E "Pages|Page size"; fi
echo "rendered: $out/report.png $out/report.pdf"
