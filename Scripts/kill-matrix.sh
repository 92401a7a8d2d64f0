#!/usr/bin/env bash
# The kill matrix: a whole sandbox job is killed (SIGKILL, as a power cut) right after each change
# of a store file in turn — every rename, link and unlink of every file but the journal, counted
# by the binary itself (SUCCESSION_KILL_AFTER_CHANGE=N) — then resumed to 全手順完了, then undone
# (⑫ ⑩ ⑦ ⑥ ⑤ ④ ③), and its terminal compared byte for byte with a job never killed and undone
# the same. The record must also stay true: ⑩'s value before is the old code.
#
#   bash Scripts/kill-matrix.sh              # run by .ci/run
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product succession >/dev/null
bin=$(swift build --show-bin-path)/succession
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LANG=C SUCCESSION_PIN=1357 SUCCESSION_FACE_PASSWORD='Face#Matrix2026x'
resume=$(TZ=Asia/Tokyo date -d tomorrow +%Y/%m/%d)
# The person's answers: phase 1 stops at ⑪ (the readers are plugged in by hand before it is
# confirmed), phase 2 goes on from ⑪ to the end.
cat > "$work/phase2.json" <<JSON
{ "2.done": "はい", "9.login": "はい", "9.code": "1310110049", "11.done": "はい",
  "13.status": "Status=サーバー接続の定期実行待ち [再開予定時刻：$resume 09:00]", "13.faceAuth": "はい",
  "14.myNumberCard": "はい", "14.insuranceCard": "はい", "14.backup": "はい",
  "S2.expectedName": "さくら内科", "S2.facilityName": "さくら内科" }
JSON
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a.pop("11.done"); json.dump(a, open(sys.argv[2], "w"), ensure_ascii=False)' \
    "$work/phase2.json" "$work/phase1.json"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

"$bin" terminal sandbox "$work/template" >/dev/null
for serial in CAORA-000101 CAORA-000102; do
    "$bin" terminal readers plug "$serial" --out --terminal "$work/template" >/dev/null
done
"$bin" job init --terminal "$work/template" --old-code 0110113719 --new-code 1310110049 \
    --notice "$work/template/Users/OqsComApp/Desktop/通知書.txt" >/dev/null

next_step() {
    "$bin" job status --terminal "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["next"] or "")'
}

# Runs phase $2 of the job in $1 until it pauses at ⑪ (phase 1, whose person does not confirm ⑪
# before plugging the readers in) or ends; a kill is resumed by running it again.
phase() {
    local root=$1 script=$2
    for _ in 1 2 3 4; do
        "$bin" job run --script "$work/$script.json" --terminal "$root" >/dev/null 2>&1 || true
        local next
        next=$(next_step "$root")
        [ -z "$next" ] && return 0
        [ "$script" = phase1 ] && [ "$next" = 11 ] && return 0
    done
    return 1
}

# A job in $1 resumed to its end from wherever it stands.
whole() {
    local root=$1
    phase "$root" phase1 || return 1
    [ -z "$(next_step "$root")" ] && return 0
    for serial in CAORA-000101 CAORA-000102; do "$bin" terminal readers plug "$serial" --terminal "$root" >/dev/null; done
    phase "$root" phase2
}

# Every file of the terminal but the job's own state (journal, lock, archive) and the report.
snapshot() {
    (cd "$1" && find . -type f ! -path './.succession/job.json' ! -path './.succession/job.lock' \
        ! -path './.succession/archive/*' ! -name '.*.tmp-*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}

undo_all() {
    for step in 12 10 7 6 5 4 3; do
        "$bin" job undo "$step" --yes --terminal "$1" >/dev/null 2>&1 || { fail "$2: undo $step refused"; return; }
    done
}

check_record() {
    local root=$1 label=$2
    local state before
    state=$("$bin" job status --terminal "$root" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["completion"])')
    [ "$state" = "All steps done" ] || fail "$label: the job ends '$state'"
    before=$("$bin" job report --terminal "$root" --format json | python3 -c 'import json,sys; print(next((f["value"] for f in json.load(sys.stdin)["facts"] if f["label"] == "OQS_MEDICAL_INSTITUTION_CODE"), ""))')
    [ "$before" = "0110113719 → 1310110049" ] || fail "$label: ⑩ recorded '$before'"
}

# The reference: never killed. The store changes of each phase are counted on the way.
cp -a "$work/template" "$work/reference"
touch "$work/changes1" "$work/changes2"
SUCCESSION_COUNT_CHANGES="$work/changes1" phase "$work/reference" phase1
for serial in CAORA-000101 CAORA-000102; do "$bin" terminal readers plug "$serial" --terminal "$work/reference" >/dev/null; done
SUCCESSION_COUNT_CHANGES="$work/changes2" phase "$work/reference" phase2
check_record "$work/reference" reference
undo_all "$work/reference" reference
snapshot "$work/reference" > "$work/reference.sums"
first=$(wc -l < "$work/changes1")
second=$(wc -l < "$work/changes2")
echo "== the reference job changed store files $first times before ⑪ and $second times after"
[ "$first" -gt 0 ] && [ "$second" -gt 0 ] || fail "no store change was counted: the seam is not wired"

rounds=0
for which in 1 2; do
    count=$([ "$which" = 1 ] && echo "$first" || echo "$second")
    for n in $(seq "$count"); do
        rounds=$((rounds + 1))
        root="$work/kill-$which-$n"
        cp -a "$work/template" "$root"
        file=$(sed -n "${n}p" "$work/changes$which" | cut -d' ' -f2-)
        if [ "$which" = 1 ]; then
            SUCCESSION_KILL_AFTER_CHANGE=$n "$bin" job run --script "$work/phase1.json" --terminal "$root" >/dev/null 2>&1 || true
        else
            phase "$root" phase1 || fail "kill $which/$n: phase 1"
            for serial in CAORA-000101 CAORA-000102; do "$bin" terminal readers plug "$serial" --terminal "$root" >/dev/null; done
            SUCCESSION_KILL_AFTER_CHANGE=$n "$bin" job run --script "$work/phase2.json" --terminal "$root" >/dev/null 2>&1 || true
        fi
        whole "$root" || fail "kill $which/$n (after ${file#"$root"/}): the job does not resume to the end"
        label="kill after change $n of phase $which (${file##*/})"
        check_record "$root" "$label"
        undo_all "$root" "$label"
        snapshot "$root" > "$root.sums"
        if ! diff -q "$work/reference.sums" "$root.sums" >/dev/null; then
            fail "$label: the terminal after undo differs from the reference"
            diff "$work/reference.sums" "$root.sums" | head -5 >&2
        fi
        rm -rf "$root" "$root.sums"
    done
done
echo "$rounds kill points: $((rounds - failures)) passed, $failures failed"
[ "$failures" = 0 ]
