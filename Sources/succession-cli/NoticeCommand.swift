import ArgumentParser
import Foundation
import SuccessionKit
import SystemPackage

/// `succession notice check FILE --new-code C [--old-code C] [--at DATE]`.
struct NoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "Check the certificate issue notice (電子証明書取得に関する情報).",
        subcommands: [NoticeCheckCommand.self]
    )
}

struct NoticeCheckCommand: CheckedAgainstCodes {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a notice typed as the paper is (項目<TAB>値 rows) or as JSON against the new code.",
        discussion:
            "Exit status: 0 when the work can proceed, 1 when a check fails, 2 on bad usage or an unreadable file."
    )

    @Argument(help: "The notice: text rows as on the paper (UTF-8 or Shift-JIS), or a .json object.")
    var file: String
    @OptionGroup var codes: SuccessionCodeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let (newCode, oldCode, date) = try codes.resolved(language: language)
        let reading = try Self.read(file, language: language)
        let problems = reading.problems + reading.notice.check(newCode: newCode, oldCode: oldCode, at: date)
        var heading = [Phrase.notice(language) + file]
        for row in reading.rows where row.differsFromPaper {
            heading.append(
                Phrase.readRowAs(row.name, row.field.japaneseName)(language)
            )
        }
        let notice = reading.notice
        let fields: [String: JSONValue] = [
            "file": .string(file),
            "issuedTo": .optional(notice.issuedTo),
            "code": .optional(notice.code?.digits),
            "issuer": .optional(notice.issuer),
            "terminalName": .optional(notice.terminalName),
            "requestID": .optional(notice.requestID),
            "referenceID": .optional(notice.referenceID),
            "validityStart": .optional(notice.validityStart.map(ISO8601.string)),
            "validityEnd": .optional(notice.validityEnd.map(ISO8601.string)),
            "downloadExpiry": .optional(notice.downloadExpiry.map(ISO8601.string)),
            "rows": .array(
                reading.rows.map { .object(["name": .string($0.name), "field": .string($0.field.rawValue)]) }
            ),
        ]
        let valid = ProblemRenderer(language: language, json: output.json).render(
            problems,
            heading: heading,
            fields: fields
        )
        if !valid { throw ExitCode(ExitStatus.checkFailed) }
    }

    /// Reads the notice file: JSON when it looks like JSON, else text rows, UTF-8 or Shift-JIS.
    static func read(_ path: String, language: Language) throws -> NoticeReading {
        do {
            return try CertificateIssueNotice.read(contentsOf: FilePath(path))
        } catch {
            throw UsageFailure(message: error.cliMessage(in: language))
        }
    }
}
