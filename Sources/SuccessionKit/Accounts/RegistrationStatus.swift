public import Foundation

/// What a status means for the technician: done, wait, fix and retry, or failed.
public enum StatusOutcome: String, Sendable, Hashable, Codable {
    /// Finished; go on.
    case done
    /// Still working; wait and look again.
    case wait
    /// Fix the input and do it again.
    case retry
    /// Failed on the system's side.
    case failed
}

/// The 登録状況 of an account bulk registration (アカウント一括登録結果, 補足資料① 3-②).
public enum RegistrationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// 登録待ち: queued; look again in a minute.
    case waiting = "登録待ち"
    /// 登録中: being registered; look again in a minute.
    case registering = "登録中"
    /// 登録完了: every account registered.
    case completed = "登録完了"
    /// 登録完了(一部ID重複あり): done, some IDs existed already (a warning).
    case completedWithDuplicates = "登録完了(一部ID重複あり)"
    /// 登録失敗(入力チェックエラー): a value of the file was refused; fix it and upload again.
    case inputCheckError = "登録失敗(入力チェックエラー)"
    /// 登録失敗(ファイル構造エラー): the file's layout or encoding was refused (Shift-JIS, CRLF).
    case fileStructureError = "登録失敗(ファイル構造エラー)"
    /// 登録失敗(システムエラー): failed on the system's side; try later or call the help desk.
    case systemError = "登録失敗(システムエラー)"
    /// Seen on the result screen of the manual, though not in its table.
    case csvFormatError = "登録失敗(CSV形式エラー)"

    /// Reads a label as shown on screen: spaces, full-width parentheses and `ID` written
    /// with spaces are tolerated.
    public init?(label: String) {
        let squeezed = TypedInput.halfWidth(label).filter { !$0.isWhitespace }
        guard let status = Self.allCases.first(where: { $0.rawValue == squeezed }) else { return nil }
        self = status
    }

    /// What to do.
    public var outcome: StatusOutcome {
        switch self {
        case .waiting, .registering: .wait
        case .completed, .completedWithDuplicates: .done
        case .inputCheckError, .fileStructureError, .csvFormatError: .retry
        case .systemError: .failed
        }
    }

    /// The manual's advice, as a problem (`registration.*`), or `nil` when fully done.
    public var problem: Problem? {
        switch self {
        case .completed: nil
        case .waiting, .registering: Problem(.registrationWaiting, severity: .warning, values: [.found: rawValue])
        case .completedWithDuplicates: Problem(.registrationDuplicates, severity: .warning, values: [.found: rawValue])
        case .inputCheckError: Problem(.registrationInputError, values: [.found: rawValue])
        case .fileStructureError, .csvFormatError: Problem(.registrationFileError, values: [.found: rawValue])
        case .systemError: Problem(.registrationSystemError, values: [.found: rawValue])
        }
    }
}

/// The distribution application's `Status=` line (配信実績, 【工事手順⑬】).
public struct DistributionStatus: Sendable, Hashable, Codable {
    /// The status text after `Status=`.
    public let text: String
    /// `done` for the two waiting-for-the-scheduled-run states; `retry` otherwise.
    public let outcome: StatusOutcome
    /// The 再開予定時刻 as written, when given.
    public let resumeAt: String?

    /// Reads a `Status=…` line (or the text after `Status=`).
    ///
    /// - Parameter line: the line as typed or pasted (full-width forms and a leading `Status=`
    ///   are accepted).
    /// - Parameter now: the time of the work, when known: a 再開予定時刻 more than
    ///   ``resumeTolerance`` before it is refused (the next scheduled run lies ahead of the
    ///   reboot, never behind). A time that is no time (`2026/13/45 99:99`) is always refused.
    public init(line: String, now: Date? = nil) {
        var text = TypedInput.halfWidth(line).trimmingCharacters(in: .whitespaces)
        if let range = text.range(of: "Status=") { text = String(text[range.upperBound...]) }
        self.text = text
        // Only the manual's two waiting states, each followed by its 「[再開予定時刻：…]」.
        let squeezed = text.filter { !$0.isWhitespace }
        let states = ["サーバー接続の定期実行待ち(未適用更新ファイルなし)", "サーバー接続の定期実行待ち"]
        let state = states.first { squeezed.hasPrefix($0) }
        let rest = state.map { String(squeezed.dropFirst($0.count)) } ?? ""
        var resume: String?
        if rest.hasPrefix("[再開予定時刻:"), rest.hasSuffix("]"), rest.count > "[再開予定時刻:]".count {
            if let open = text.range(of: "再開予定時刻:"), let close = text[open.upperBound...].lastIndex(of: "]") {
                resume = String(text[open.upperBound..<close]).trimmingCharacters(in: .whitespaces)
            }
        }
        resumeAt = resume
        var invalid: Problem?
        if let resume {
            if let date = Self.resumeDate(resume) {
                if let now, date < now.addingTimeInterval(-Self.resumeTolerance) {
                    invalid = Problem(
                        .distributionResumeTimePast,
                        values: [.found: resume, .expected: JapanTime.minute(now)]
                    )
                }
            } else {
                invalid = Problem(.distributionResumeTimeInvalid, values: [.found: resume])
            }
        }
        resumeProblem = invalid
        outcome = resume != nil && invalid == nil ? .done : .retry
        stateWithoutResumeTime = state != nil && rest.isEmpty
    }

    /// How far before the time of the work a 再開予定時刻 may lie (the person types it a little
    /// later than the screen showed it; the terminal's clock may differ a little).
    public static let resumeTolerance: TimeInterval = 3600

    /// `2026/11/29 09:00` (seconds optional; `-` or `.` between the date's parts), Japan time,
    /// or `nil` when it is no real time.
    static func resumeDate(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" })
        guard parts.count == 2, let day = TypedDate.parse(String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count),
            clock.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        let second = clock.count == 3 ? Int(clock[2]) : 0
        guard let second, (0...59).contains(second) else { return nil }
        return day.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60 + second))
    }

    /// Why a written 再開予定時刻 is not accepted.
    let resumeProblem: Problem?

    /// Whether the text is one of the two waiting states, only without its 再開予定時刻.
    let stateWithoutResumeTime: Bool

    /// The manual's advice when not done.
    public var problem: Problem? {
        if outcome == .done { return nil }
        if let resumeProblem { return resumeProblem }
        if stateWithoutResumeTime { return Problem(.distributionResumeTimeMissing, values: [.found: text]) }
        return Problem(.distributionNotDone, values: [.found: text])
    }

    /// Downloads and reboots are repeated until no update popup appears, at most this often.
    public static let maximumRounds = 3
}

extension ProblemCode {
    /// 補足① the registration is still 登録待ち or 登録中 (a warning). Values: found.
    public static let registrationWaiting = ProblemCode(rawValue: "registration.waiting")
    /// 補足① registered, but some IDs existed already (a warning). Values: found.
    public static let registrationDuplicates = ProblemCode(rawValue: "registration.duplicates")
    /// 補足① 登録失敗(入力チェックエラー). Values: found.
    public static let registrationInputError = ProblemCode(rawValue: "registration.inputError")
    /// 補足① 登録失敗(ファイル構造エラー) or (CSV形式エラー). Values: found.
    public static let registrationFileError = ProblemCode(rawValue: "registration.fileError")
    /// 補足① 登録失敗(システムエラー). Values: found.
    public static let registrationSystemError = ProblemCode(rawValue: "registration.systemError")
    /// ⑬ the `Status=` text is not one of the manual's two waiting states: repeat the download
    /// and reboot. Values: found.
    public static let distributionNotDone = ProblemCode(rawValue: "distribution.notDone")
    /// One of the manual's two waiting states, without its 「[再開予定時刻：…]」. Values: found.
    public static let distributionResumeTimeMissing = ProblemCode(rawValue: "distribution.resumeTimeMissing")
    /// The 再開予定時刻 is no real date and time (`2026/13/45 99:99`). Values: found.
    public static let distributionResumeTimeInvalid = ProblemCode(rawValue: "distribution.resumeTimeInvalid")
    /// The 再開予定時刻 lies before the work (an old screen, a typo). Values: found, expected (now).
    public static let distributionResumeTimePast = ProblemCode(rawValue: "distribution.resumeTimePast")
    /// A 登録状況 that is none of the system's. Values: found.
    public static let registrationUnknown = ProblemCode(rawValue: "registration.unknown")
}
