#!/usr/bin/env bash
# A newcomer's package, made in a temporary folder from the getting-started article
# (Sources/SuccessionKit/Docs.docc/GettingStarted.md): its manifest is the article's first
# snippet with the README's line `.package(url: "https://github.com/succession-kit/SuccessionKit",
# from: …, traits: [])` pointed at this checkout by path, and its program is every other snippet
# of the article, in order, inside one function (compiled, never run: they name files of a real
# succession), beside what runs: a code's typo explained, and a whole job driven to 全手順完了 on a
# backend whose credential store is an actor of the probe's own (the sandbox's files, from the
# SuccessionKitSandbox product, keep the certificates and the readers). It fails when
#   - `swift package resolve` pins any package but swift-system (the CLI's and the guided page's
#     packages — Hummingbird, SwiftNIO, … — and the DocC plugin must stay out);
#   - resolving or building prints a warning (a package it does not use warned on every build);
#   - the article's code does not compile, or the program does not run (the library links,
#     OpenSSL included), or the job on the actor store does not end 全手順完了.
#
#   bash Scripts/probe-package.sh              # run by .ci/run after the strict build
#   KEEP=1 bash Scripts/probe-package.sh       # keep the temporary package and say where
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
article=$root/Sources/SuccessionKit/Docs.docc/GettingStarted.md
allowed="swift-system"
probe=$(mktemp -d "${TMPDIR:-/tmp}/succession-probe.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "probe: kept in $probe"; else trap 'rm -rf "$probe"' EXIT; fi
say() { echo "probe: $*"; }

# The article's Swift snippets: the manifest (the one that begins with swift-tools-version) and
# the rest, their imports first.
python3 - "$article" "$probe" "$root" <<'PY'
import pathlib
import re
import sys

article, probe, root = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
blocks = re.findall(r"^```swift\n(.*?)^```", article.read_text(encoding="utf-8"), flags=re.M | re.S)
manifests = [b for b in blocks if b.startswith("// swift-tools-version")]
if len(manifests) != 1:
    sys.exit(f"probe: the article has {len(manifests)} manifests, not one")
line = '.package(url: "https://github.com/succession-kit/SuccessionKit", from: '
found = [l for l in manifests[0].splitlines() if line in l]
if len(found) != 1 or "traits: []" not in found[0]:
    sys.exit("probe: the article's manifest has no README line with traits: []")
manifest = manifests[0].replace(
    found[0].strip().rstrip(","), f'.package(name: "SuccessionKit", path: "{root}", traits: [])'
)
target = re.search(r'\.executableTarget\(\s*name: "([^"]+)"', manifest)
if not target:
    sys.exit("probe: the article's manifest has no executable target")
# The job that runs needs a practice terminal: the sandbox product, from the same package.
product = '.product(name: "SuccessionKit", package: "SuccessionKit"),'
if product not in manifest:
    sys.exit("probe: the article's manifest does not name the SuccessionKit product")
manifest = manifest.replace(
    product, product + '\n                .product(name: "SuccessionKitSandbox", package: "SuccessionKit"),'
)
(probe / "Package.swift").write_text(manifest, encoding="utf-8")
code = [b for b in blocks if b not in manifests]
imports = sorted({l for b in code for l in b.splitlines() if l.startswith("import ")} | {
    "import Foundation", "import SuccessionKit", "import SuccessionKitSandbox", "import SystemPackage"})
body = "\n".join(l for b in code for l in b.splitlines() if not l.startswith("import "))
program = "\n".join(imports) + f"""

// The article's snippets, in order: compiled, never run.
func gettingStarted() async throws {{
{body}
}}

// What runs: the library is linked (OpenSSL included) and explains a typo in Japanese.
let reading = MedicalInstitutionCode.read("13101100O9")
precondition(!reading.isValid && reading.problems.contains {{ $0.code == .codeCharacter }})
print(try MedicalInstitutionCode(parsing: "１３１０１１００４９").digits, reading.problems[0].message(in: .japanese))

// What runs (2): a whole job through a session, on a backend whose credential store is an actor
// of this package; the sandbox's files keep the certificates and the readers.
actor ProbeCredentials: CredentialStore {{
    struct Record: Codable {{ var before: String?; var after: String }}
    private(set) var code: String? = "0110113719"

    func institutionCode() -> String? {{ code }}
    func loginKey() -> LoginKey? {{ LoginKey(userName: "R0RENK01", password: AccountPassword("Linkage#2026x")) }}
    func prepareInstitutionCode(_ new: MedicalInstitutionCode) throws(SuccessionError) -> StoreIntent {{
        StoreIntent(before: code, change: try TerminalChange(record: Record(before: code, after: new.digits)))
    }}
    func setInstitutionCode(_ new: MedicalInstitutionCode, as intent: StoreIntent) -> CredentialChange {{
        code = new.digits
        return CredentialChange(before: intent.before, after: new.digits, readBack: true, change: intent.change)
    }}
    func reconcile(_ intent: StoreIntent) throws(SuccessionError) -> TerminalChange {{
        try intent.change.records(as: Record.self).contains {{ $0.after == code }} ? intent.change : TerminalChange()
    }}
    func revert(_ change: TerminalChange) throws(SuccessionError) {{
        for record in try change.records(as: Record.self).reversed() {{ code = record.before }}
    }}
}}

let probeRoot = FilePath(FileManager.default.temporaryDirectory.path).appending("probe-job-\\(UUID().uuidString)")
defer {{ try? FileManager.default.removeItem(atPath: probeRoot.string) }}
let scenario = try SandboxScenario.make(
    root: probeRoot,
    oldCode: MedicalInstitutionCode(parsing: "0110113719"),
    newCode: MedicalInstitutionCode(parsing: "1310110049"),
    pin: CertificatePIN("1357")
)
try scenario.plugReaders(false)  // ③: the readers are unplugged first
let probeCredentials = ProbeCredentials()
let probeSession = try JobSession.start(
    JobStartRequest(oldCode: "0110113719", newCode: "1310110049", notice: .notice(scenario.notice), backend: .custom),
    at: probeRoot,
    inputs: JobInputs(pin: CertificatePIN("1357"), facePassword: AccountPassword("Face#Probe2026x")),
    backends: {{ (description, root) throws(SuccessionError) -> Terminal? in
        guard description.backend == .custom else {{ return nil }}
        let files = try Terminal.sandbox(root: root)
        return Terminal(
            layout: files.layout, credentials: probeCredentials,
            certificates: files.certificates, readers: files.readers
        )
    }}
)
let probeAnswers = [
    "2.done": "はい", "9.login": "はい", "9.code": "1310110049", "11.done": "はい",
    "13.status": "Status=サーバー接続の定期実行待ち [再開予定時刻：\\(JapanTime.minute(Date().addingTimeInterval(86_400)))]",
    "13.faceAuth": "はい", "14.myNumberCard": "はい", "14.insuranceCard": "はい", "14.backup": "はい",
    "S2.expectedName": "さくら内科", "S2.facilityName": "さくら内科",
]
let ending = try await probeSession.drive {{ question in
    let id = question.id.withoutSubject.rawValue
    if id == "11.done" {{ try? scenario.plugReaders(true) }}  // plugged in again before ⑫
    return probeAnswers[id]
}}
guard ending == .complete, await probeCredentials.code == "1310110049" else {{
    print("the job on the actor store ended \\(ending)")
    exit(1)
}}
print("全手順完了: a whole job on an actor store")
"""
source = probe / "Sources" / target.group(1)
source.mkdir(parents=True)
(source / "main.swift").write_text(program, encoding="utf-8")
print(f"probe: {len(code)} snippets of {article.name} in target {target.group(1)}")
PY

cd "$probe"
start=$(date +%s)
swift package resolve >resolve.log 2>&1 || { cat resolve.log; exit 1; }
say "resolved in $(( $(date +%s) - start )) s"
pins=$(python3 -c 'import json; print(" ".join(sorted(p["identity"] for p in json.load(open("Package.resolved"))["pins"])))' 2>/dev/null || true)
say "pins: ${pins:-none}"
status=0
for pin in $pins; do
    case " $allowed " in
    *" $pin "*) ;;
    *) say "FAIL: $pin is pinned, though the library does not need it"; status=1 ;;
    esac
done
if grep -qi "warning" resolve.log; then
    cat resolve.log
    say "FAIL: resolving printed a warning"
    status=1
fi

swift build >build.log 2>&1 || { cat build.log; say "FAIL: the article's code does not build"; exit 1; }
if grep -E "warning:" build.log; then
    say "FAIL: the build printed a warning (above)"
    status=1
fi
say "built: $(grep -cE '^\[[0-9]+/[0-9]+\] Compiling' build.log) compile steps"
bin=$(swift build --show-bin-path)
"$bin/$(basename "$(find Sources -mindepth 1 -maxdepth 1 -type d | head -n 1)")" || {
    say "FAIL: the program did not run"
    status=1
}
[ $status = 0 ] && say "OK: $(echo "$pins" | wc -w) pin(s), no warning, the article's code builds, a whole job ran on an actor store"
exit $status
