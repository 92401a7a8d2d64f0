#!/usr/bin/env bash
# Screenshots of the guided page (`succession serve`) as a phone (360×800) and a laptop
# (1280×900) show it: the job page in the middle of a sandbox job (stopped at a question, with a
# refused answer beside its field) and the customer's report of a finished job. Installs
# chromium and a Japanese font when missing (Debian, as root). The pictures are not committed.
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
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk
fi
work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# A sandbox job answered up to ⑬, where a person typed the sample 「日時」 instead of the time.
sandbox() {
    "$binary" terminal sandbox "$1" >/dev/null
    "$binary" job init --terminal "$1" --old-code 0110113719 --new-code 1310110049 \
        --notice "$1/Users/OqsComApp/Desktop/通知書.txt" >/dev/null
}
shoot() { # $1 = name, $2 = URL
    for size in 360,800 1280,900; do
        chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=$size \
            --screenshot="$out/$1-${size/,/x}.png" "$2" 2>/dev/null
    done
}
serve() { # $1 = folder; sets $url
    "$binary" serve --terminal "$1" --lang ja > "$work/url.txt" &
    server=$!
    for _ in $(seq 100); do [ -s "$work/url.txt" ] && break; sleep 0.1; done
    url=$(head -1 "$work/url.txt")
}
stop() { kill -INT "$server"; wait "$server" || true; server=; : > "$work/url.txt"; }

sandbox "$work/middle"
cat > "$work/middle.json" <<'JSON'
{ "2.done": "yes", "9.login": "yes", "9.code": "1310110049", "11.done": "yes", "12.state": "接続中" }
JSON
"$binary" job run --terminal "$work/middle" --script "$work/middle.json" >/dev/null || true
serve "$work/middle"
base=${url%%/\?*}
token=${url##*t=}
# One refused answer (the manual's sample 「日時」 typed as it is), posted as the page's form does.
page=$(curl -s -b "succession-token=$token" "$base/job")
csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"//')
question=$(grep -o 'name="q" value="[^"]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"//')
curl -s -o /dev/null -b "succession-token=$token" --data-urlencode "csrf=$csrf" --data-urlencode "q=$question" \
    --data-urlencode "answer=Status=サーバー接続の定期実行待ち [再開予定時刻：日時]" "$base/answer"
shoot job "$base/job?t=$token"
stop

sandbox "$work/done"
minute=$(TZ=Asia/Tokyo date -d tomorrow +%Y/%m/%d\ %H:%M)
cat > "$work/done.json" <<JSON
{ "2.done": "yes", "9.login": "yes", "9.code": "1310110049", "11.done": "yes", "12.state": "接続中",
  "13.status": "Status=サーバー接続の定期実行待ち [再開予定時刻：$minute]", "13.faceAuth": "yes",
  "14.myNumberCard": "yes", "14.insuranceCard": "yes", "14.backup": "yes", "S2.facilityName": "さくら内科" }
JSON
"$binary" job run --terminal "$work/done" --script "$work/done.json" >/dev/null
serve "$work/done"
base=${url%%/\?*}
token=${url##*t=}
shoot done "$base/job?t=$token"
shoot report "$base/report?t=$token"
stop
ls -l "$out"/*.png
