#!/usr/bin/env bash
# The DocC of the two library products, SuccessionKit and SuccessionKitSandbox: their public
# symbol graphs (as swift-docc-plugin makes them: public only, synthesized members and extension
# blocks included, no SPI), converted by the toolchain's `docc` with warnings as errors (broken
# links, undocumented parameters), then Scripts/doc-abstracts.py: every public symbol declared in
# our sources has an abstract.
#
#   bash Scripts/docs.sh            # run by .ci/run, after a debug build of the library
#
# The HTML archives are left in .build/docs/NAME.doccarchive.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --target SuccessionKitSandbox >/dev/null
bin=$(swift build --show-bin-path)
triple=$(swift -print-target-info | python3 -c 'import json, sys; print(json.load(sys.stdin)["target"]["triple"])')
out=.build/docs
rm -rf "$out"
mkdir -p "$out"
status=0
for module in SuccessionKit SuccessionKitSandbox; do
    graphs="$out/$module.symbols"
    mkdir -p "$graphs"
    swift symbolgraph-extract -module-name "$module" -target "$triple" \
        -I "$bin/Modules" -I Sources/COpenSSL -I .build/checkouts/swift-system/Sources/CSystem/include \
        -Xcc -fmodule-map-file="$bin/CSHAKernels.build/module.modulemap" \
        -minimum-access-level public -emit-extension-block-symbols -output-dir "$graphs"
    log="$out/$module.log"
    if ! docc convert "Sources/$module/Docs.docc" --additional-symbol-graph-dir "$graphs" \
        --fallback-display-name "$module" --fallback-bundle-identifier "$module" \
        --output-dir "$out/$module.doccarchive" --warnings-as-errors >"$log" 2>&1; then
        status=1
    fi
    # `docc` exits 1 on the first kind of error only after printing them all: show every one.
    if grep -qE '^(warning|error):' "$log"; then
        cat "$log"
        echo "$module: $(grep -cE '^(warning|error):' "$log") DocC diagnostics" >&2
        status=1
    fi
    python3 Scripts/doc-abstracts.py "$module" "$graphs" || status=1
done
exit $status
