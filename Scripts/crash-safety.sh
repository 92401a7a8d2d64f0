#!/usr/bin/env bash
# Crash safety: kills (kill -9) backups, re-wraps, job steps and credential writes at random
# moments, ROUNDS times each (default 100), and checks after every kill that nothing is
# half-written (every file under its real name is complete and valid) and nothing is lost (the
# old state or the new one, never neither; the job always resumes to a consistent terminal).
#
#   bash Scripts/crash-safety.sh [ROUNDS]        # run by .ci/run
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-100}
swift build --product succession >/dev/null
bin=$(swift build --show-bin-path)/succession
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LANG=C SUCCESSION_PIN=1357 SUCCESSION_FACE_PASSWORD='Face#Crash2026x' SUCCESSION_NEW_PIN='crash safety passphrase'
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# Sleeps a random time up to $1 seconds, then kills the background job $2 with SIGKILL.
kill_later() { sleep "$(awk -v max="$1" -v seed="$RANDOM" 'BEGIN { srand(seed); printf "%.4f", rand() * max }')"; kill -9 "$2" 2>/dev/null || true; wait "$2" 2>/dev/null || true; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

"$bin" terminal sandbox "$work/template" >/dev/null
source=$(ls "$work/template/Users/OqsComApp/Downloads"/*.p12 | sort | tail -1)
source_sha=$(sha "$source")

echo "== backup, killed $rounds times"
for i in $(seq "$rounds"); do
    target="$work/backup-$i"
    "$bin" cert backup "$source" --to "$target" >/dev/null 2>&1 &
    kill_later 0.06 $!
    for f in "$target"/*.p12; do
        [ -e "$f" ] || continue
        [ "$(sha "$f")" = "$source_sha" ] || fail "backup $i: $f is not a complete copy"
    done
    if [ -e "$target/backup-manifest.json" ]; then
        python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$target/backup-manifest.json" || fail "backup $i: manifest half-written"
    fi
    # A second run completes the backup: nothing was lost.
    "$bin" cert backup "$source" --to "$target" >/dev/null || fail "backup $i: cannot complete after the kill"
done

echo "== rewrap, killed $rounds times"
for i in $(seq "$rounds"); do
    out="$work/rewrap-$i.p12"
    "$bin" cert rewrap "$source" --out "$out" >/dev/null 2>&1 &
    kill_later 0.4 $!
    if [ -e "$out" ]; then
        SUCCESSION_PIN="$SUCCESSION_NEW_PIN" "$bin" cert inspect "$out" >/dev/null || fail "rewrap $i: $out is half-written"
    fi
done

echo "== credential writes, killed $rounds times"
cp -a "$work/template" "$work/credentials"
for i in $(seq "$rounds"); do
    code=$([ $((i % 2)) = 0 ] && echo 1310110049 || echo 0110113719)
    "$bin" terminal credentials set-code "$code" --terminal "$work/credentials" >/dev/null 2>&1 &
    kill_later 0.05 $!
    value=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["institutionCode"])' "$work/credentials/.succession/credentials.json") \
        || fail "credentials $i: credentials.json half-written"
    case "$value" in 1310110049|0110113719) ;; *) fail "credentials $i: unexpected code $value" ;; esac
done

echo "== job steps, killed $rounds times"
for i in $(seq "$rounds"); do
    root="$work/job-$i"
    cp -a "$work/template" "$root"
    "$bin" job init --terminal "$root" --old-code 0110113719 --new-code 1310110049 \
        --notice "$root/Users/OqsComApp/Desktop/通知書.txt" >/dev/null
    for serial in CAORA-000101 CAORA-000102; do "$bin" terminal readers plug "$serial" --out --terminal "$root" >/dev/null; done
    "$bin" job confirm 2 --terminal "$root" >/dev/null 2>&1 || true
    "$bin" job run --yes --terminal "$root" >/dev/null 2>&1 &
    kill_later 0.25 $!
    "$bin" job status --terminal "$root" --json >/dev/null || fail "job $i: the journal is half-written"
    # Resume to the end, as a technician would, and check the terminal holds together.
    for _ in $(seq 20); do
        next=$("$bin" job status --terminal "$root" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["next"] or "")')
        [ -n "$next" ] || break
        case "$next" in
            2) "$bin" job confirm 2 --terminal "$root" >/dev/null ;;
            9) "$bin" job confirm 9 --institution-code 1310110049 --terminal "$root" >/dev/null ;;
            14) "$bin" job confirm 14 --answer myNumberCard=yes --answer insuranceCard=yes --answer backup=yes --terminal "$root" >/dev/null ;;
            S2) "$bin" job confirm S2 --answer expectedName=さくら内科 --answer facilityName=さくら内科 --terminal "$root" >/dev/null ;;
            11) for serial in CAORA-000101 CAORA-000102; do "$bin" terminal readers plug "$serial" --terminal "$root" >/dev/null; done
                "$bin" job confirm 11 --terminal "$root" >/dev/null ;;
            13) "$bin" job confirm 13 --terminal "$root" --answer faceAuth=yes --answer "status=Status=サーバー接続の定期実行待ち [再開予定時刻：$(TZ=Asia/Tokyo date -d tomorrow +%Y/%m/%d) 09:00]" >/dev/null ;;
            *) "$bin" job run --yes --terminal "$root" >/dev/null 2>&1 || true ;;
        esac
    done
    "$bin" terminal check --terminal "$root" --new-code 1310110049 >/dev/null || fail "job $i: the terminal is not consistent after resuming"
    # The record is true after the kill: ⑩'s value before is the old code, never the new one.
    before=$("$bin" job report --terminal "$root" --format json | python3 -c 'import json,sys; print(next((f["value"] for f in json.load(sys.stdin)["facts"] if f["label"] == "OQS_MEDICAL_INSTITUTION_CODE"), ""))')
    [ "$before" = "0110113719 → 1310110049" ] || fail "job $i: the report says ⑩ changed $before, not 0110113719 → 1310110049"
    # And undo of every step that changed the terminal brings it back byte for byte.
    for step in 12 10 7 6 5 4 3; do
        "$bin" job undo "$step" --yes --terminal "$root" >/dev/null 2>&1 || fail "job $i: undo $step refused after the kill"
    done
    for kept in .succession/credentials.json .succession/certificates/personal ProgramData/OQS-Auth; do
        diff -r "$work/template/$kept" "$root/$kept" >/dev/null 2>&1 || fail "job $i: $kept is not as it was after undo"
    done
    rm -rf "$root"
done

total=$((rounds * 4))
echo "$((total - failures)) passed, $failures failed"
[ "$failures" = 0 ]
