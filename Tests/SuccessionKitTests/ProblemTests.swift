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
    func resultsAreCodable() throws {
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
