#!/usr/bin/env bash
# Counts the public symbols of the SuccessionKit module from its symbol graph, extracted as
# Scripts/docs.sh extracts it (public only, synthesized members and extension blocks included,
# no SPI): the surface an integrator sees in DocC and in code completion.
#
#   bash Scripts/public-symbols.sh            # builds the library target, then prints the counts
#   bash Scripts/public-symbols.sh --list     # every symbol instead (path and kind), sorted, to diff
#
# The first line is the total (every symbol but extension blocks); the others break it down.
# The CHANGELOG gives the count of each release.
set -euo pipefail
cd "$(dirname "$0")/.."
list=0
if [ "${1:-}" = --list ]; then list=1; shift; fi
module=${1:-SuccessionKit}
swift build --target "$module" >/dev/null
bin=$(swift build --show-bin-path)
triple=$(swift -print-target-info | python3 -c 'import json, sys; print(json.load(sys.stdin)["target"]["triple"])')
graphs=$(mktemp -d)
trap 'rm -rf "$graphs"' EXIT
swift symbolgraph-extract -module-name "$module" -target "$triple" \
    -I "$bin/Modules" -I Sources/COpenSSL -I .build/checkouts/swift-system/Sources/CSystem/include \
    -Xcc -fmodule-map-file="$bin/CSHAKernels.build/module.modulemap" \
    -minimum-access-level public -emit-extension-block-symbols -output-dir "$graphs"
python3 - "$module" "$graphs" "$list" <<'PY'
import collections
import glob
import json
import sys

module, folder, listing = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
names = []
kinds = collections.Counter()
synthesized = 0
problem_codes = 0
for path in sorted(glob.glob(f"{folder}/{module}*.symbols.json")):
    with open(path, encoding="utf-8") as file:
        graph = json.load(file)
    for symbol in graph["symbols"]:
        kind = symbol["kind"]["identifier"]
        if kind == "swift.extension":
            continue
        kinds[kind] += 1
        names.append(f"{'.'.join(symbol['pathComponents'])} {kind}")
        if "::SYNTHESIZED::" in symbol["identifier"]["precise"]:
            synthesized += 1
        if kind == "swift.type.property" and symbol["pathComponents"][0] == "ProblemCode":
            problem_codes += 1
if listing:
    print("\n".join(sorted(names)))
    sys.exit(0)
types = sum(kinds[k] for k in ("swift.struct", "swift.enum", "swift.class", "swift.protocol", "swift.typealias"))
functions = sum(kinds[k] for k in ("swift.func", "swift.method", "swift.type.method", "swift.func.op", "swift.init"))
total = sum(kinds.values())
print(f"{module}: {total} public symbols")
print(f"  declared in the sources: {total - synthesized} (synthesized by the compiler: {synthesized})")
print(f"  types: {types}; functions, methods, operators and initializers: {functions}")
print(f"  ProblemCode constants: {problem_codes}")
for kind, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0])):
    print(f"  {kind}: {count}")
PY
