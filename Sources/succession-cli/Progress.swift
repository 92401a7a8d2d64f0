import SuccessionKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on standard error, shown only when it is a terminal (never in
/// `--json` output or a pipe).
enum Progress {
    /// A callback that redraws the bar, or `nil` when standard error is not a terminal.
    static func bar(label: String) -> (@Sendable (Int, Int) -> Void)? {
        guard isatty(2) == 1 else { return nil }
        return { done, total in
            let width = 30
            let filled = total == 0 ? width : width * done / total
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            Output.error.writeRaw("\r\(label) [\(bar)] \(done)/\(total)")
            Output.error.flush()
        }
    }

    /// Ends the bar's line.
    static func finish() {
        guard isatty(2) == 1 else { return }
        Output.error.writeRaw("\r\u{1B}[K")
        Output.error.flush()
    }
}
