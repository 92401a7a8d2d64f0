"""Every public symbol that a module declares in its sources has an abstract.

    python3 Scripts/doc-abstracts.py MODULE SYMBOL-GRAPH-DIR

Reads the symbol graphs `swift symbolgraph-extract` wrote for MODULE (Scripts/docs.sh makes
them) and lists, by file and line, each public declaration without a `///` comment of its own
(its first line is the abstract DocC shows). Not counted: extension blocks, members the compiler
synthesizes (`==`, `hash(into:)` of a `Hashable` enum), and a witness that has no comment of its
own but inherits the protocol's documentation from another module (`description`,
`init(from:)`). Exits 1 when one is missing.
"""

import glob
import json
import sys


def missing_abstracts(module, folder):
    missing = []
    for path in sorted(glob.glob(f"{folder}/{module}*.symbols.json")):
        with open(path, encoding="utf-8") as file:
            graph = json.load(file)
        for symbol in graph["symbols"]:
            if symbol["kind"]["identifier"] == "swift.extension":
                continue
            if "::SYNTHESIZED::" in symbol["identifier"]["precise"] or "location" not in symbol:
                continue
            comment = symbol.get("docComment")
            if comment and comment.get("module", module) != module:
                continue  # the protocol's own documentation, from another module
            lines = [line["text"].strip() for line in (comment or {}).get("lines", [])]
            if lines and lines[0] and not lines[0].startswith("- "):
                continue
            location = symbol["location"]
            file = location["uri"].split("/Sources/", 1)[-1]
            line = location["position"]["line"] + 1
            name = ".".join(symbol["pathComponents"])
            missing.append(f"{file}:{line}: {symbol['kind']['displayName']} {name} has no abstract")
    return missing


def main():
    module, folder = sys.argv[1], sys.argv[2]
    missing = missing_abstracts(module, folder)
    for entry in missing:
        print(entry)
    if missing:
        print(f"{module}: {len(missing)} public symbols without an abstract", file=sys.stderr)
        return 1
    print(f"{module}: every public symbol has an abstract")
    return 0


if __name__ == "__main__":
    sys.exit(main())
