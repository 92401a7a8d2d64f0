/// The two Windows credential entries (汎用資格情報) of an オン資 terminal 【工事手順⑩】.
///
/// `OQS_MEDICAL_INSTITUTION_CODE` holds the 10-digit code; `OQS_LOGIN_KEY` the linkage account
/// and its password, whose user name tells the terminal's kind. The password is never handed
/// out in plain text: ``LoginKey/password`` is an ``AccountPassword``.
public protocol CredentialStore: Sendable {
    /// The value of `OQS_MEDICAL_INSTITUTION_CODE` as stored (which may not be a valid code), or
    /// `nil` when the entry does not exist.
    func institutionCode() throws(SuccessionError) -> String?

    /// Replaces `OQS_MEDICAL_INSTITUTION_CODE` with a valid code; the previous state is archived
    /// and returned for the job record.
    func setInstitutionCode(_ code: MedicalInstitutionCode) throws(SuccessionError) -> CredentialChange

    /// `OQS_LOGIN_KEY`, or `nil` when the entry does not exist.
    func loginKey() throws(SuccessionError) -> LoginKey?
}

extension CredentialStore {
    /// Replaces the code from what a person typed; an invalid code is refused with its problems
    /// and nothing is written.
    public func setInstitutionCode(parsing text: String) throws(SuccessionError) -> CredentialChange {
        try setInstitutionCode(MedicalInstitutionCode(parsing: text))
    }
}

/// `OQS_LOGIN_KEY`: a user name and a password that never prints.
public struct LoginKey: Sendable, Hashable {
    /// `R0RENK01` or `R1RENK01` (or what was typed there).
    public let userName: String
    /// The linkage account's password.
    public let password: AccountPassword

    public init(userName: String, password: AccountPassword) {
        self.userName = userName
        self.password = password
    }
}

/// A change of `OQS_MEDICAL_INSTITUTION_CODE`, for the job record: values before and after,
/// and the archive entry that holds the previous state. Never holds a secret.
public struct CredentialChange: Sendable, Hashable, Codable {
    public let before: String?
    public let after: String
    /// The archive entry of the previous credential state, when there was one.
    public let archiveEntry: String?
}
