import Foundation
import SuccessionKit

/// A `multipart/form-data` body (RFC 7578), read just far enough for the start form: each part's
/// name, its file name and its bytes. Everything is bounded: the body was read with a limit, a
/// part's headers are at most 8 KiB, there are at most 32 parts.
enum Multipart {
    struct Part: Sendable, Hashable {
        let name: String
        /// Present for a file field; empty when no file was chosen.
        let fileName: String?
        let body: [UInt8]
    }

    /// The boundary of a `multipart/form-data` Content-Type, or `nil` for any other type.
    static func boundary(contentType: String) -> String? {
        let pieces = parameters(contentType)
        guard pieces.first?.key.lowercased() == "multipart/form-data",
            let boundary = pieces.dropFirst().first(where: { $0.key.lowercased() == "boundary" })?.value,
            (1...70).contains(boundary.utf8.count)
        else { return nil }
        return boundary
    }

    /// The parts of `body`, or `nil` when it is not a well-formed multipart body.
    static func parts(_ body: [UInt8], boundary: String) -> [Part]? {
        let delimiter = Array(("--" + boundary).utf8)
        let crlf: [UInt8] = [0x0D, 0x0A]
        guard var index = find(delimiter, in: body, from: 0) else { return nil }
        var parts: [Part] = []
        while parts.count <= 32 {
            index += delimiter.count
            if body[index...].starts(with: [0x2D, 0x2D]) { return parts }
            // Transport padding may follow a delimiter before its line break.
            while index < body.count, body[index] == 0x20 || body[index] == 0x09 { index += 1 }
            guard body[index...].starts(with: crlf) else { return nil }
            index += 2
            guard let headerEnd = find(crlf + crlf, in: body, from: index), headerEnd - index <= 8192 else {
                return nil
            }
            let headers = String(decoding: body[index..<headerEnd], as: UTF8.self)
            let start = headerEnd + 4
            guard let end = find(crlf + delimiter, in: body, from: start) else { return nil }
            guard
                let disposition = headers.components(separatedBy: "\r\n").first(where: {
                    $0.lowercased().hasPrefix("content-disposition:")
                })
            else { return nil }
            let pieces = parameters(String(disposition.dropFirst("content-disposition:".count)))
            guard pieces.first?.key.lowercased() == "form-data",
                let name = pieces.dropFirst().first(where: { $0.key.lowercased() == "name" })?.value
            else { return nil }
            let fileName = pieces.dropFirst().first { $0.key.lowercased() == "filename" }?.value
            parts.append(Part(name: name, fileName: fileName.map(Self.baseName), body: Array(body[start..<end])))
            index = end + 2
        }
        return nil
    }

    /// A header value's pieces split at `;` outside quotes: the first as its key alone, the
    /// others as `key=value` (quotes removed).
    static func parameters(_ value: String) -> [(key: String, value: String)] {
        var pieces: [String] = []
        var piece = ""
        var quoted = false
        for character in value {
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                pieces.append(piece)
                piece = ""
            } else {
                piece.append(character)
            }
        }
        pieces.append(piece)
        return pieces.map { piece in
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "=") else { return (trimmed, "") }
            var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            return (String(trimmed[..<equals]).trimmingCharacters(in: .whitespaces), value)
        }
    }

    /// The last component of a file name (an old browser sends `C:\…\name`), with the quote a
    /// browser writes as `%22` put back, at most 200 characters.
    static func baseName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return String(last.replacingOccurrences(of: "%22", with: "\"").prefix(200))
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

/// A notice file chosen on the start form: UTF-8 or Shift-JIS (CP932) text rows, or JSON.
struct NoticeFile: Sendable, Hashable {
    /// A notice is a page of rows: 64 KiB is generous.
    static let limit = 64 * 1024
    let name: String
    let bytes: [UInt8]

    enum Reading {
        case text(String)
        case refused(Problem)
    }

    /// The file's text, or why it cannot be read (too large, or neither UTF-8 nor Shift-JIS).
    func text() -> Reading {
        guard bytes.count <= Self.limit else {
            return .refused(
                Problem(.fileTooLarge, values: [.path: name, .limit: String(Self.limit), .count: String(bytes.count)])
            )
        }
        switch TextDecoding.decode(bytes) {
        case .success(let text):
            return .text(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        case .failure(let error):
            return .refused(Problem(.fileEncoding, values: [.path: name, .line: String(error.line)]))
        }
    }
}
