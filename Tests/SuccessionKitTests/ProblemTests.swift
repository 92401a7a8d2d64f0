import Foundation
import SuccessionKit
import Testing

/// Problems, errors and their messages: the pattern every check follows.
@Suite("Problems and messages")
struct ProblemTests {
    static let codes: [ProblemCode] = [
        .codeEmpty, .codeLength, .codeCharacter, .codePrefecture, .codeKind, .codeCheckDigit, .codeSample,
        .codeNoTerminalProcedure, .fileUnreadable, .fileUnwritable, .fileEncoding,
    ]

    @Test("Every problem code has a Japanese and an English message of its own", arguments: codes)
    func everyCodeHasMessages(_ code: ProblemCode) {
        let problem = Problem(code, values: [.path: "/x", .position: "3", .character: "O", .expected: "7"])
        let japanese = problem.message(in: .japanese)
        let english = problem.message(in: .english)
        #expect(japanese != english)
        #expect(!japanese.contains(code.rawValue))
        #expect(japanese.unicodeScalars.contains { $0.value > 0x3000 }, "the Japanese message is in Japanese")
        #expect(english.unicodeScalars.allSatisfy { $0.value < 0x3000 }, "the English message has no Japanese")
    }

    /// Every code the library declares, read from its sources (`ProblemCode(rawValue: "…")`), so
    /// a new code is covered without anyone adding it to a list.
    static let allCodes: [ProblemCode] = {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var codes: [ProblemCode] = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        for file in files.sorted() where file.hasSuffix(".swift") {
            let text = (try? String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)) ?? ""
            for match in text.matches(of: /ProblemCode\(rawValue: "([A-Za-z0-9.]+)"\)/) {
                codes.append(ProblemCode(rawValue: String(match.output.1)))
            }
        }
        return codes
    }()

    @Test("The code list is read from the sources: it holds the families and the codes once missed")
    func codeListIsComplete() {
        #expect(Self.allCodes.count > 100)
        for code in [ProblemCode.pkcs12PINNotFound, .fileReadBackMismatch, .codeCheckDigit, .jobSkipReason] {
            #expect(Self.allCodes.contains(code), "\(code)")
        }
    }

    @Test("Every code's Swift name is its stable code without the dot (pkcs12PINNotFound is pkcs12.pinNotFound)")
    func namesAgreeWithCodes() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        var checked = 0
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /static let ([A-Za-z0-9]+) = ProblemCode\(rawValue: "([A-Za-z0-9.]+)"\)/) {
                let name = String(match.output.1)
                let code = String(match.output.2)
                #expect(
                    name.lowercased() == code.replacingOccurrences(of: ".", with: "").lowercased(),
                    "\(name) is \(code)"
                )
                checked += 1
            }
        }
        #expect(checked == Self.allCodes.count)
    }

    @Test("No two families register a message for the same code; the catalog holds exactly the declared codes")
    func catalogHasNoDuplicates() {
        #expect(MessageCatalog.library.duplicates.isEmpty, "\(MessageCatalog.library.duplicates)")
        let declared = Set(Self.allCodes)
        let registered = Set(MessageCatalog.library.entries.keys)
        #expect(registered.subtracting(declared).isEmpty, "messages for undeclared codes")
        #expect(declared.subtracting(registered).isEmpty, "declared codes without a message")
    }

    @Test("Joining two families that both claim a code reports it")
    func duplicatesAreReported() {
        let entry = MessageCatalog.Entry(ja: { _ in "一" }, en: { _ in "one" })
        let catalog = MessageCatalog(families: [
            MessageCatalog.Family(name: "a", entries: [.codeLength: entry]),
            MessageCatalog.Family(name: "b", entries: [.codeLength: entry, .codeKind: entry]),
        ])
        #expect(catalog.duplicates == [.codeLength: ["a", "b"]])
        #expect(catalog.entries.count == 2)
    }

    @Test("Every problem code of every family has its own Japanese and English messages", arguments: allCodes)
    func everyFamilyHasMessages(_ code: ProblemCode) {
        let problem = Problem(code)
        let japanese = problem.message(in: .japanese)
        let english = problem.message(in: .english)
        #expect(!japanese.hasPrefix(code.rawValue), "no Japanese message")
        #expect(!english.hasPrefix(code.rawValue), "no English message")
        #expect(japanese != english)
    }

    @Test("The problem-codes article lists every declared code once, under its family")
    func articleListsEveryCode() throws {
        let article = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/SuccessionKit/Docs.docc/ProblemCodes.md")
        let text = try String(contentsOf: article, encoding: .utf8)
        var listed: [ProblemCode] = []
        var family = ""
        for line in text.split(separator: "\n") {
            if line.hasPrefix("### ") { family = String(line.dropFirst(4)) }
            guard let match = line.firstMatch(of: /^- ``ProblemCode\/\w+`` `([A-Za-z0-9.]+)`$/) else { continue }
            let code = String(match.output.1)
            #expect(code.hasPrefix(family + "."), "\(code) is listed under \(family)")
            listed.append(ProblemCode(rawValue: code))
        }
        #expect(listed.count == Set(listed).count, "a code listed twice")
        #expect(
            Set(listed) == Set(Self.allCodes),
            "run python3 Scripts/problem-codes.py: \(Set(Self.allCodes).symmetricDifference(listed))"
        )
    }

    @Test("12: the wording: 旧コード (never 旧いコード), and no stray space between a Japanese word and its particle")
    func wording() {
        // Values as the checks give them (a question ID, digits, dates); a Japanese label where
        // a step's own check names one (⑨'s, ⑩'s 機関コード).
        let values: [ProblemValueKey: String] = [
            .field: "9.code", .found: "0110113719", .expected: "1310110049", .detail: "承継前の旧コード", .steps: "⑦・⑧",
            .path: "/x", .position: "3", .count: "2", .kind: "medical", .date: "2026-12-07T00:00:00Z",
            .notBefore: "2026-12-01T00:00:00Z", .notAfter: "2027-12-01T00:00:00Z",
        ]
        var labelled = values
        labelled[.field] = "機関コード"
        var texts = Self.allCodes.map { Problem($0, values: values).message(in: .japanese) }
        texts += [ProblemCode.jobCodeMismatch, .answerOldValue, .answerMismatch].map {
            Problem($0, values: labelled).message(in: .japanese)
        }
        for step in SuccessionProcedure.standard.metadata {
            texts += step.operations.japanese + step.cautions.japanese + [step.title.japanese]
        }
        // A kanji or kana, a space, then a particle: 「機関コード に」.
        let stray = /[\p{Han}\p{Katakana}ー] [をにがはでとのへもや]/
        for text in texts {
            #expect(!text.contains("旧い"), "\(text)")
            #expect(text.firstMatch(of: stray) == nil, "\(text)")
        }
        let mismatch = Problem(.jobCodeMismatch, values: labelled).message(in: .japanese)
        #expect(mismatch.hasPrefix("機関コードに表示されたコード 0110113719 が"), "\(mismatch)")
    }

    @Test("9: the library's messages and the steps' texts name no CLI command or option (front ends add theirs)")
    func noCommandLine() {
        let values: [ProblemValueKey: String] = [.found: "7", .field: "7", .path: "/x", .expected: "1310110049"]
        var texts: [String] = []
        for code in Self.allCodes {
            let problem = Problem(code, values: values)
            texts += [problem.message(in: .japanese), problem.message(in: .english)]
        }
        for step in SuccessionProcedure.standard.metadata {
            texts += step.operations.japanese + step.operations.english + step.cautions.japanese + step.cautions.english
        }
        // The one tool the library names on purpose: the work PC's PIN recovery, on the page too.
        let command = /\bjob (run|redo|undo|skip|init|confirm|report|status)\b|(^|[\s(（`])--[a-z]/
        for text in texts {
            #expect(text.firstMatch(of: command) == nil, "\(text)")
        }
    }

    @Test("The stable codes are unique")
    func uniqueCodes() {
        #expect(Set(Self.allCodes).count == Self.allCodes.count)
    }

    @Test("A message uses the values that explain the problem")
    func messageUsesValues() {
        let problem = Problem(.codeCharacter, values: [.position: "4", .character: "O", .suggestion: "0"])
        #expect(problem.message(in: .english).contains("Character 4 is 'O'"))
        #expect(problem.message(in: .english).contains("digit 0"))
        #expect(problem.message(in: .japanese).contains("4文字目"))
    }

    @Test("An empty answer shows the question's example, and no empty 「例: 」 when it has none (a free text)")
    func emptyAnswerExample() {
        let status = Problem(.answerEmpty, values: [.expected: "Status=0"])
        #expect(status.message(in: .japanese).hasSuffix("入力してください（例: Status=0）。"))
        #expect(status.message(in: .english).hasSuffix("Type one (e.g. Status=0)."))
        for free in [Problem(.answerEmpty), Problem(.answerEmpty, values: [.expected: ""])] {
            #expect(!free.message(in: .japanese).contains("例:"))
            #expect(free.message(in: .japanese).hasSuffix("入力してください。"))
            #expect(free.message(in: .english).hasSuffix("Type one."))
        }
    }

    @Test("An error lists errors before warnings and compares by codes only")
    func errorOrderAndEquality() {
        let error = SuccessionError([
            Problem(.codeNoTerminalProcedure, severity: .warning), Problem(.codeLength, values: [.count: "9"]),
        ])
        #expect(error.code == .codeLength)
        #expect(error == SuccessionError([Problem(.codeLength), Problem(.codeNoTerminalProcedure)]))
        #expect(error != SuccessionError(.codeLength))
    }

    @Test("A problem round-trips through JSON with its stable code")
    func codable() throws {
        let problem = Problem(.codeCheckDigit, values: [.expected: "7"])
        let data = try JSONEncoder().encode(problem)
        #expect(String(decoding: data, as: UTF8.self).contains(#""code":"code.checkDigit""#))
        #expect(try JSONDecoder().decode(Problem.self, from: data) == problem)
    }

    @Test(
        "The language follows LC_ALL, then LC_MESSAGES, then LANG; ja* is Japanese",
        arguments: [
            (["LANG": "ja_JP.UTF-8"], Language.japanese), (["LANG": "en_US.UTF-8"], .english), ([:], .english),
            (["LANG": "ja_JP.UTF-8", "LC_ALL": "C"], .english), (["LANG": "C", "LC_MESSAGES": "ja_JP"], .japanese),
        ]
    )
    func preferredLanguage(_ environment: [String: String], expected: Language) {
        #expect(Language.preferred(environment: environment) == expected)
    }

    @Test("The results the CLI prints are Codable, and round-trip through JSON")
    func resultsAreCodable() async throws {
        let reading = MedicalInstitutionCode.read("1234567890")
        let decoded = try JSONCoding.decoder().decode(CodeReading.self, from: JSONCoding.encoder().encode(reading))
        #expect(decoded == reading)
        let error = SuccessionError([Problem(.codeSample), Problem(.codeCheckDigit, values: [.expected: "7"])])
        let back = try JSONCoding.decoder().decode(SuccessionError.self, from: JSONCoding.encoder().encode(error))
        #expect(back.problems == error.problems)
        #expect(throws: DecodingError.self) {
            try JSONCoding.decoder().decode(SuccessionError.self, from: Data(#"{"problems":[]}"#.utf8))
        }
    }
}
