import SystemPackage

#if canImport(Foundation)
import Foundation
#endif

/// Reads a text file line by line in constant memory — a vendor's list of a million sites
/// as well as a ten-line note — accepting UTF-8 (with or without BOM) and Shift-JIS (CP932),
/// LF or CRLF.
package final class TextLineReader {
    /// One line of the file.
    package struct Line: Sendable, Hashable {
        /// The 1-based line number.
        package let number: Int
        /// The line's text without its line ending, or `nil` when it is neither UTF-8 nor
        /// Shift-JIS, or too long.
        package let text: String?
        /// The line's length in bytes when it was longer than the reader's limit: skipped unread.
        package var tooLong: Int? = nil
    }

    /// Lines longer than this are skipped without being buffered (``Line/tooLong``).
    package var maximumLineLength: Int?

    private let descriptor: FileDescriptor
    private let path: String
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private var lineNumber = 0
    private var closed = false
    private static let chunkSize = 1 << 16

    /// Opens `path` for reading: a regular file of any size (it is streamed).
    /// - Throws: ``SuccessionError`` with `file.unreadable` when it cannot be opened, and
    ///   `file.notRegular` for a FIFO or a device (refused before any read: nothing blocks).
    package init(path: String) throws(SuccessionError) {
        self.path = path
        descriptor = try FileBytes.openRegular(path, limit: nil)
        buffer.reserveCapacity(Self.chunkSize * 2)
    }

    /// Reads standard input, named `-` in problems.
    package convenience init(standardInput: Void = ()) {
        self.init(descriptor: .standardInput, name: "-")
    }

    private init(descriptor: FileDescriptor, name: String) {
        self.path = name
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.chunkSize * 2)
    }

    deinit {
        if !closed { try? descriptor.close() }
    }

    /// The next line, or `nil` at the end of the file.
    /// - Throws: ``SuccessionError`` with `file.unreadable` when reading fails (a folder, an I/O error).
    package func nextLine() throws(SuccessionError) -> Line? {
        while true {
            let newline = newlineIndex(from: start)
            if let limit = maximumLineLength, (newline ?? buffer.count) - start > limit {
                return try skipLongLine()
            }
            if let newline {
                let line = makeLine(buffer[start..<newline])
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = makeLine(buffer[start...])
                start = buffer.count
                return line
            }
            try fill()
        }
    }

    /// Discards the rest of a line longer than the limit, reading straight into one scratch
    /// chunk (never into the line buffer), counting its length.
    private func skipLongLine() throws(SuccessionError) -> Line {
        lineNumber += 1
        if let newline = newlineIndex(from: start) {
            defer { start = newline + 1 }
            return Line(number: lineNumber, text: nil, tooLong: newline - start)
        }
        var length = buffer.count - start
        buffer.removeAll(keepingCapacity: true)
        start = 0
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        while !atEnd {
            let read: Int
            do {
                read = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0, retryOnInterrupt: true) }
            } catch {
                throw SuccessionError(.fileUnreadable, path: path, system: SystemReason.values(error))
            }
            if read == 0 {
                atEnd = true
                break
            }
            let newline = chunk.withUnsafeBufferPointer { pointer -> Int? in
                guard let base = pointer.baseAddress,
                    let found = memchr(base, Int32(UInt8(ascii: "\n")), read)
                else { return nil }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            if let newline {
                length += newline
                buffer.append(contentsOf: chunk[(newline + 1)..<read])
                break
            }
            length += read
        }
        return Line(number: lineNumber, text: nil, tooLong: length)
    }

    /// The index of the next line feed at or after `from` (memchr: a long line is scanned at
    /// memory speed).
    private func newlineIndex(from: Int) -> Int? {
        guard from < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { pointer -> Int? in
            guard let base = pointer.baseAddress,
                let found = memchr(base + from, Int32(UInt8(ascii: "\n")), pointer.count - from)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Closes the file now rather than when the reader is released.
    package func close() {
        guard !closed else { return }
        closed = true
        try? descriptor.close()
    }

    private func fill() throws(SuccessionError) {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.chunkSize))
        let read: Int
        do {
            read = try buffer.withUnsafeMutableBytes { raw in
                try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[old...]), retryOnInterrupt: true)
            }
        } catch {
            buffer.removeLast(Self.chunkSize)
            throw SuccessionError(.fileUnreadable, path: path, system: SystemReason.values(error))
        }
        buffer.removeLast(Self.chunkSize - read)
        if read == 0 { atEnd = true }
    }

    private func makeLine(_ bytes: ArraySlice<UInt8>) -> Line {
        lineNumber += 1
        var bytes = bytes
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        if lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return Line(number: lineNumber, text: Self.decode(bytes))
    }

    /// UTF-8 first (ASCII is both); Shift-JIS (CP932) for files saved by Japanese Windows tools.
    static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        #if canImport(Foundation)
        return String(data: Data(bytes), encoding: .shiftJIS)
        #else
        return nil
        #endif
    }
}
