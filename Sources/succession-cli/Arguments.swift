import ArgumentParser
import Foundation
import SuccessionKit

/// Checks on the process's arguments and locale before any command runs.
enum Arguments {
    /// Every argument must be UTF-8 text: Swift's argument strings repair other bytes (to
    /// U+FFFD), so a file named in Latin-1 or Shift-JIS would be looked for under another
    /// name and reported as "no such file". Said so instead, with the argument's position.
    static func requireText() throws {
        let language = Language.preferred(environment: ProcessInfo.processInfo.environment)
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            if String(validatingCString: pointer) == nil {
                let bytes = UnsafeBufferPointer(
                    start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                    count: strlen(pointer)
                )
                throw UsageFailure(
                    message: Phrase.argumentNotUTF8(index, String(decoding: bytes, as: UTF8.self))(language)
                )
            }
        }
    }

    /// A locale whose character set is not UTF-8 (`LANG=ja_JP.SJIS`, `ja_JP.eucJP`) gets a note
    /// on standard error: the output is UTF-8, whatever the locale says.
    static func noteLocale() {
        let environment = ProcessInfo.processInfo.environment
        guard
            let value = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap({ environment[$0] }).first(where: { !$0.isEmpty }
            )
        else { return }
        guard let dot = value.firstIndex(of: ".") else { return }
        let codeset = value[value.index(after: dot)...].prefix { $0 != "@" }.lowercased()
        guard !["utf-8", "utf8"].contains(codeset) else { return }
        Output.error.write(Phrase.localeNotUTF8(Language.preferred(environment: environment)))
        Output.error.flush()
    }
}

/// A code given as an option, read once by the library (full-width digits, hyphens, `O` for
/// `0`); one that does not read is bad usage, said with the code's own messages before anything
/// else is read or asked.
struct CodeOption: ExpressibleByArgument, Sendable {
    let reading: CodeReading

    init?(argument: String) {
        reading = MedicalInstitutionCode.read(argument)
    }

    /// The usage failure of an invalid code named by `option`, in `language`; `nil` when valid.
    func failure(option: String, language: Language) -> UsageFailure? {
        guard reading.code == nil else { return nil }
        return UsageFailure(
            message: "\(option) \(reading.input): "
                + reading.problems.map { $0.cliMessage(in: language) }.joined(separator: " ")
        )
    }
}

/// A step given as an argument, read once by the library: `7`, `⑦`, `07`, `S1`, `補足①`.
struct StepOption: ExpressibleByArgument, Sendable {
    let id: SuccessionStep.ID

    init?(argument: String) {
        guard let id = SuccessionStep.ID(typed: argument) else { return nil }
        self.id = id
    }
}
