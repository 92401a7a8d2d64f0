import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines folded for the terminal they are shown on, at word and token boundaries: a code, a
/// serial, a path or an English word is never cut; Japanese text may break between characters,
/// as it does on paper. Output that is not a terminal is left as it is (a script reads it whole).
enum Wrapping {
    /// The terminal's width in columns, or `nil` when standard output is not a terminal.
    static let width: Int? = {
        guard isatty(1) == 1 else { return nil }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) }
    }()

    /// `text` folded to `width` columns, continuation lines indented by `indent` spaces.
    static func lines(_ text: String, indent: Int, width: Int? = Wrapping.width) -> String {
        guard let width, width > indent + 10 else { return text }
        var lines: [String] = []
        var line = ""
        var column = 0
        for token in tokens(text) {
            let size = columns(token)
            if column + size > width, !line.trimmingCharacters(in: .whitespaces).isEmpty {
                lines.append(line)
                line = String(repeating: " ", count: indent)
                column = indent
                if token.allSatisfy({ $0 == " " }) { continue }
            }
            line += token
            column += size
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// Runs of ASCII non-space characters (a word, a code), runs of spaces, and each other
    /// character alone (a Japanese character may end a line); a closing mark joins what it
    /// closes and an opening mark what it opens.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
        }
        for character in text {
            if character.isASCII && character != " " {
                if current.first == " " { flush() }
                current.append(character)
            } else if character == " " {
                if let first = current.first, first != " " { flush() }
                current.append(character)
            } else {
                flush()
                // Closing marks stay with what they close: 」、。） never begin a line.
                if "、。」』）)】〕".contains(character), let last = tokens.popLast() {
                    tokens.append(last + String(character))
                } else {
                    tokens.append(String(character))
                }
            }
        }
        flush()
        // Opening marks stay with what they open: 「（〔 never end a line.
        var kept: [String] = []
        var opening = ""
        for token in tokens {
            if token.count == 1, "「『（(【〔".contains(token) {
                opening += token
                continue
            }
            kept.append(opening + token)
            opening = ""
        }
        if !opening.isEmpty { kept.append(opening) }
        return kept
    }

    /// Columns a terminal gives `text`: two for wide (East Asian) characters.
    static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value)
            return total + (wide ? 2 : 1)
        }
    }
}
