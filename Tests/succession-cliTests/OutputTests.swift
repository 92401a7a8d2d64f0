import Foundation
import Testing

/// What the CLI writes on standard output: a write that fails (a full disk, a closed descriptor)
/// is said and exits 2, and the text is UTF-8 whatever the locale says. Every command runs under
/// `timeout`: a hang fails.
@Suite("Standard output: a failed write is an error, the text is UTF-8")
struct OutputTests {
    @Test(
        "A failed write on standard output (a full disk, a closed descriptor) is file.unwritable, exit 2",
        arguments: [" > /dev/full", " >&-"]
    )
    func standardOutputWriteErrors(_ redirection: String) throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try CLIProcess.demo(in: folder)
        for command in [
            "\"$S\" job report --terminal '\(root)'", "\"$S\" job report --terminal '\(root)' --format json",
            "\"$S\" job status --terminal '\(root)'", "\"$S\" code check 1310110049",
        ] {
            let result = try CLIProcess.shell(command + redirection)
            #expect(result.status == 2, "\(command)\(redirection): \(result.status) \(result.standardError)")
            #expect(result.standardError.contains("standard output"), "\(command)\(redirection)")
        }
    }

    @Test("LANG=ja_JP.SJIS: the tool says it writes UTF-8")
    func shiftJISLocale() throws {
        let result = try CLIProcess.bounded(["code", "check", "1310110049"], environment: ["LANG": "ja_JP.SJIS"])
        #expect(result.status == 0)
        #expect(result.standardError.contains("UTF-8"))
    }
}
