import Foundation

/// A person's answer to a manual step, with the values the manual has them read off a screen or
/// a paper. `Decodable`, so that a scripted person can give answers from a file.
public struct StepAnswer: Sendable, Hashable, Codable {
    public enum Answer: String, Sendable, Hashable, Codable {
        case yes, no, skip
    }

    public var answer: Answer
    /// A note; for a skip, the required reason.
    public var note: String?
    /// ⑨ the 10-digit 機関コード copied from アカウント管理更新.
    public var institutionCode: String?
    /// ⑬ the distribution record's `Status=` line.
    public var statusLine: String?
    /// ⑬ whether face authentication works after the reboot.
    public var faceAuthWorks: Bool?
    /// ⑭ the customer's tests and the backup.
    public var handover: Handover?
    /// 補足① what the paper and the system showed.
    public var accountRegistration: AccountRegistration?
    /// 補足② the facility name now on the readers' waiting screen.
    public var facilityName: String?

    public init(
        _ answer: Answer,
        note: String? = nil,
        institutionCode: String? = nil,
        statusLine: String? = nil,
        faceAuthWorks: Bool? = nil,
        handover: Handover? = nil,
        accountRegistration: AccountRegistration? = nil,
        facilityName: String? = nil
    ) {
        self.answer = answer
        self.note = note
        self.institutionCode = institutionCode
        self.statusLine = statusLine
        self.faceAuthWorks = faceAuthWorks
        self.handover = handover
        self.accountRegistration = accountRegistration
        self.facilityName = facilityName
    }
}
