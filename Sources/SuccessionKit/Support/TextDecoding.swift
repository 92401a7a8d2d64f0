import Foundation

/// A whole small text file as UTF-8 or Shift-JIS (CP932), and when it is neither, the line
/// that is to blame.
package enum TextDecoding {
    /// The text of `bytes`, or the 1-based number of the first line that does not fit: in a
    /// file whose first non-ASCII line is UTF-8, the first line that is not UTF-8 (a Shift-JIS
    /// line pasted into a UTF-8 notice), and the other way round.
    package static func decode(_ bytes: [UInt8]) -> Result<String, LineError> {
        if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
        if let text = String(data: Data(bytes), encoding: .shiftJIS) { return .success(text) }
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        var encoding: String.Encoding?
        for (index, line) in lines.enumerated() where line.contains(where: { $0 >= 0x80 }) {
            let isUTF8 = String(validating: line, as: UTF8.self) != nil
            let isShiftJIS = !isUTF8 && String(data: Data(line), encoding: .shiftJIS) != nil
            switch encoding {
            case nil where isUTF8: encoding = .utf8
            case nil where isShiftJIS: encoding = .shiftJIS
            case .utf8? where isUTF8, .shiftJIS? where isShiftJIS: continue
            default: return .failure(LineError(line: index + 1))
            }
        }
        return .failure(LineError(line: 1))
    }

    /// The line a text could not be read at.
    package struct LineError: Error, Equatable {
        package let line: Int
    }
}
