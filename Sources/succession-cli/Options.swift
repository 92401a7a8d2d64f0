import ArgumentParser
import SuccessionKit
import SystemPackage

#if canImport(Foundation)
import Foundation
#endif

/// Options every command shares: how to show results.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Language of messages: ja or en (default: from LANG; ja* means Japanese).",
            valueName: "ja|en"
        )
    )
    var lang: LanguageOption?

    /// The language chosen by `--lang`, else by the environment.
    var language: Language {
        if let lang { return lang.language }
        return Language.preferred(environment: ProcessInfo.processInfo.environment)
    }
}

/// `--lang` values.
enum LanguageOption: String, ExpressibleByArgument, CaseIterable {
    case ja, en

    var language: Language {
        switch self {
        case .ja: .japanese
        case .en: .english
        }
    }
}

/// A command whose options name codes (`--old-code`, `--new-code`, `--code`): their shapes are
/// checked in `validate()`, before anything is read or asked, with the code's own messages.
protocol TakingCodes: ParsableCommand {
    /// The code options in a fixed order, as (option, typed text).
    var codeArguments: KeyValuePairs<String, String> { get }
    var output: OutputOptions { get }
}

extension TakingCodes {
    func validate() throws {
        try UsageFailure.validating { _ = try parsedCodes() }
    }

    /// The codes of ``codeArguments``, parsed, in their order.
    func parsedCodes() throws -> [MedicalInstitutionCode] {
        try codeArguments.map { try CodeArgument.parse($0.value, option: $0.key, language: output.language) }
    }
}

/// The state folder (`.succession`) of the job folder `root` as typed: whether it exists says
/// whether a folder is a job's, and a typo never creates one.
struct StateFolder {
    let path: String

    init(of root: String) {
        path = TerminalLayout(root: FilePath(root)).stateFolder.string
    }

    var exists: Bool { FileManager.default.fileExists(atPath: path) }
}
