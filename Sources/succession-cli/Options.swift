import ArgumentParser
import SuccessionKit

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

    var language: Language { self == .ja ? .japanese : .english }
}
