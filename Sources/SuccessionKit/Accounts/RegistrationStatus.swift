import Foundation

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
    case waiting = "登録待ち"
    case registering = "登録中"
    case completed = "登録完了"
    case completedWithDuplicates = "登録完了(一部ID重複あり)"
    case inputCheckError = "登録失敗(入力チェックエラー)"
    case fileStructureError = "登録失敗(ファイル構造エラー)"
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
    public init(line: String) {
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
        outcome = resume != nil ? .done : .retry
        stateWithoutResumeTime = state != nil && rest.isEmpty
    }

    /// Whether the text is one of the two waiting states, only without its 再開予定時刻.
    let stateWithoutResumeTime: Bool

    /// The manual's advice when not done.
    public var problem: Problem? {
        if outcome == .done { return nil }
        if stateWithoutResumeTime { return Problem(.distributionResumeTimeMissing, values: [.found: text]) }
        return Problem(.distributionNotDone, values: [.found: text])
    }

    /// Downloads and reboots are repeated until no update popup appears, at most this often.
    public static let maximumRounds = 3
}

extension ProblemCode {
    public static let registrationWaiting = ProblemCode(rawValue: "registration.waiting")
    public static let registrationDuplicates = ProblemCode(rawValue: "registration.duplicates")
    public static let registrationInputError = ProblemCode(rawValue: "registration.inputError")
    public static let registrationFileError = ProblemCode(rawValue: "registration.fileError")
    public static let registrationSystemError = ProblemCode(rawValue: "registration.systemError")
    public static let distributionNotDone = ProblemCode(rawValue: "distribution.notDone")
    /// One of the manual's two waiting states, without its 「[再開予定時刻：…]」. Values: found.
    public static let distributionResumeTimeMissing = ProblemCode(rawValue: "distribution.resumeTimeMissing")
    /// A 登録状況 that is none of the system's. Values: found.
    public static let registrationUnknown = ProblemCode(rawValue: "registration.unknown")
}
