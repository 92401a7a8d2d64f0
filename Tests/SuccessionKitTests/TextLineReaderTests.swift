import Foundation
import SuccessionKit
import Testing

/// Reading a vendor's list: UTF-8 or Shift-JIS, LF or CRLF, constant memory.
@Suite("TextLineReader and CodeList")
struct TextLineReaderTests {
    private func lines(of bytes: [UInt8]) throws -> [String?] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try TextLineReader(path: url.path)
        var result: [String?] = []
        while let line = try reader.nextLine() { result.append(line.text) }
        return result
    }

    @Test(
        "A line longer than the limit is skipped unread with its length; the lines around it are read",
        arguments: [100, 70_000, 200_000]
    )
    func tooLongLines(_ length: Int) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("long-\(UUID().uuidString)")
        try Data(Array(("a\n" + String(repeating: "9", count: length) + "\nb").utf8)).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try TextLineReader(path: url.path)
        reader.maximumLineLength = 50
        var seen: [String] = []
        while let line = try reader.nextLine() {
            seen.append(line.tooLong.map { "long \($0) at \(line.number)" } ?? line.text ?? "?")
        }
        #expect(seen == ["a", "long \(length) at 2", "b"])
    }

    @Test("LF, CRLF, a UTF-8 BOM and a last line without a line feed")
    func lineEndings() throws {
        #expect(try lines(of: Array("\u{FEFF}a\r\nb\nc".utf8)) == ["a", "b", "c"])
        #expect(try lines(of: []) == [])
    }

    @Test("A Shift-JIS line is decoded (a CSV saved by a Japanese Windows tool)")
    func shiftJIS() throws {
        // 東京 in Shift-JIS: 93 8C 8B 9E
        #expect(try lines(of: [0x31, 0x2C, 0x93, 0x8C, 0x8B, 0x9E, 0x0A]) == ["1,東京"])
    }

    @Test("A line that is neither UTF-8 nor Shift-JIS is returned without text, not guessed")
    func undecodable() throws {
        #expect(try lines(of: [0x31, 0x0A, 0xFF, 0xFF, 0x0A, 0x32]) == ["1", nil, "2"])
    }

    @Test("Lines longer than the read buffer are kept whole")
    func longLines() throws {
        let long = String(repeating: "x", count: 200_000)
        #expect(try lines(of: Array((long + "\n1").utf8)) == [long, "1"])
    }

    @Test("A missing file is file.unreadable; a folder, a device or a FIFO is file.notRegular, refused unread")
    func unreadable() async throws {
        #expect(throws: SuccessionError(.fileUnreadable)) { try TextLineReader(path: "/nonexistent/list.csv") }
        #expect(throws: SuccessionError(.fileNotRegular)) {
            try TextLineReader(path: FileManager.default.temporaryDirectory.path)
        }
        #expect(throws: SuccessionError(.fileNotRegular)) { try TextLineReader(path: "/dev/zero") }
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString)").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        // Opened without blocking (no writer ever comes) and refused.
        #expect(throws: SuccessionError(.fileNotRegular)) { try TextLineReader(path: fifo) }
        #expect(throws: SuccessionError(.fileNotRegular)) { try FileBytes.read(fifo) }
    }

    @Test("A file larger than its kind can be is refused before it is read")
    func tooLarge() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sparse-\(UUID().uuidString).p12").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { unlink(path) }
        #expect(truncate(path, 2 << 30) == 0, "a sparse 2 GB file")
        #expect(throws: SuccessionError(.fileTooLarge)) { try FileBytes.read(path, limit: FileBytes.Limit.certificate) }
    }

    @Test(
        "The code field is the line, or the first CSV column without quotes",
        arguments: [
            ("1310110049", "1310110049"), ("1310110049,東京クリニック", "1310110049"), ("\"1310110049\",\"x\"", "1310110049"),
            ("  1310110049  ", "1310110049"), ("1310110049\tname", "1310110049"), (",name", ""),
        ]
    )
    func codeField(_ line: String, expected: String) {
        #expect(CodeList.codeField(of: line) == expected)
    }

    @Test("Blank lines have no code field; a first line without digits is a header")
    func blankAndHeader() {
        #expect(CodeList.codeField(of: "") == nil)
        #expect(CodeList.codeField(of: "   ") == nil)
        #expect(CodeList.isHeader("医療機関コード,名称"))
        #expect(CodeList.isHeader("code,name"))
        #expect(!CodeList.isHeader("13１0110049,名称"))
        #expect(!CodeList.isHeader(""))
    }
}
