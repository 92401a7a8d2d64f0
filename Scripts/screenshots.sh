#!/usr/bin/env bash
# Screenshots of the guided page (`succession serve`) as a phone (360×800) and a laptop
# (1280×900) show it: the job page in the middle of a sandbox job (stopped at a question, with a
# refused answer beside its field) and the customer's report of a finished job. Installs
# chromium, its driver, selenium and a Japanese font when missing (Debian, as root). The
# pictures are not committed.
#
#   bash Scripts/screenshots.sh OUT_DIR [path/to/succession]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: screenshots.sh OUT_DIR [succession]}
binary=$(realpath "${2:-.build/debug/succession}")
mkdir -p "$out"
out=$(realpath "$out")
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver fonts-noto-cjk
fi
python3 -c "import selenium" 2>/dev/null || pip install selenium
work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# A sandbox job worked by the CLI from a script of answers ($2): the readers unplugged for ③,
# plugged in again for ⑫, as a technician does by hand.
sandbox() {
    "$binary" terminal sandbox "$1" >/dev/null
    "$binary" job init --terminal "$1" --old-code 0110113719 --new-code 1310110049 \
        --notice "$1/Users/OqsComApp/Desktop/通知書.txt" >/dev/null
    readers() { for serial in CAORA-000101 CAORA-000102; do "$binary" terminal readers plug "$serial" "$@" >/dev/null; done; }
    readers --out --terminal "$1"
    export SUCCESSION_PIN=1357 SUCCESSION_FACE_PASSWORD='Face#Secret2026'
    "$binary" job run --terminal "$1" --script "$2" >/dev/null || true
    readers --terminal "$1"
    "$binary" job run --terminal "$1" --script "$2" >/dev/null || true
    unset SUCCESSION_PIN SUCCESSION_FACE_PASSWORD
}
shoot() { # $1 = name, $2 = URL; headless Chromium through Selenium, so that the picture is
    # taken once the page has settled (the question's field has focus and is scrolled into view)
    python3 - "$out" "$1" "$2" <<'PY'
import sys, time
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
out, name, url = sys.argv[1:4]
for width, height in [(360, 800), (1280, 900)]:
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]:
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        # A window is never narrower than 500 px: the viewport is set as a phone's instead.
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500})
        browser.get(url)
        time.sleep(0.5)
        browser.save_screenshot(f"{out}/{name}-{width}x{height}.png")
    finally:
        browser.quit()
PY
}
serve() { # $1 = folder; sets $url
    "$binary" serve --terminal "$1" --lang ja > "$work/url.txt" &
    server=$!
    for _ in $(seq 100); do [ -s "$work/url.txt" ] && break; sleep 0.1; done
    url=$(head -1 "$work/url.txt")
}
stop() { kill -INT "$server"; wait "$server" || true; server=; : > "$work/url.txt"; }

# The middle of a job: answered up to ⑬, where a person typed the manual's sample 「日時」.
cat > "$work/middle.json" <<'JSON'
{ "2.done": "yes", "9.login": "yes", "9.code": "1310110049", "11.done": "yes", "12.state": "接続中",
  "S2.expectedName": "さくら内科", "S2.expectedName": "さくら内科", "S2.facilityName": "さくら内科" }
JSON
sandbox "$work/middle" "$work/middle.json"
serve "$work/middle"
base=${url%%/\?*}
token=${url##*t=}
# One refused answer (the manual's sample 「日時」 typed as it is), posted as the page's form does.
page=$(curl -s -b "succession-token=$token" "$base/job")
csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"//')
question=$(grep -o 'name="q" value="[^"]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"//')
curl -s -o /dev/null -w "refused answer posted: %{http_code}\n" -b "succession-token=$token" --data-urlencode "csrf=$csrf" --data-urlencode "q=$question" \
    --data-urlencode "answer=Status=サーバー接続の定期実行待ち [再開予定時刻：日時]" "$base/answer"
shoot job "$base/job?t=$token"
stop

minute=$(TZ=Asia/Tokyo date -d tomorrow +%Y/%m/%d\ %H:%M)
cat > "$work/done.json" <<JSON
{ "2.done": "yes", "9.login": "yes", "9.code": "1310110049", "11.done": "yes", "12.state": "接続中",
  "13.status": "Status=サーバー接続の定期実行待ち [再開予定時刻：$minute]", "13.faceAuth": "yes",
  "14.myNumberCard": "yes", "14.insuranceCard": "yes", "14.backup": "yes", "S2.expectedName": "さくら内科", "S2.facilityName": "さくら内科" }
JSON
sandbox "$work/done" "$work/done.json"
serve "$work/done"
base=${url%%/\?*}
token=${url##*t=}
shoot done "$base/job?t=$token"
shoot report "$base/report?t=$token"
stop
ls -l "$out"/*.png
