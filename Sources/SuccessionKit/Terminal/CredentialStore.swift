/// The two Windows credential entries (汎用資格情報) of an オン資 terminal 【工事手順⑩】.
///
/// `OQS_MEDICAL_INSTITUTION_CODE` holds the 10-digit code; `OQS_LOGIN_KEY` the linkage account
/// and its password, whose user name tells the terminal's kind. The password is never handed
/// out in plain text: ``LoginKey/password`` is an ``AccountPassword``.
///
/// A store keeps the contract of <doc:WritingATerminalBackend#The-contract>: calls the job
/// makes one at a time (each may suspend: an actor can be a store); a change prepared before it
/// is made, made idempotently, and reconciled after a kill; only what happened reported; an
/// idempotent `revert(_:)`; nothing deleted; no secret in an intent or a change.
///
/// See <doc:WritingATerminalBackend> for implementing this outside the module.
public protocol CredentialStore: Sendable {
    /// The value of `OQS_MEDICAL_INSTITUTION_CODE` as stored (which may not be a valid code), or
    /// `nil` when the entry does not exist or cannot be read.
    func institutionCode() async throws(SuccessionError) -> String?

    /// `OQS_LOGIN_KEY`, or `nil` when the entry does not exist.
    func loginKey() async throws(SuccessionError) -> LoginKey?

    /// Decides, changing nothing, what replacing `OQS_MEDICAL_INSTITUTION_CODE` with `code` will
    /// change: the value before, and the change record (where the old value is archived).
    func prepareInstitutionCode(_ code: MedicalInstitutionCode) async throws(SuccessionError) -> StoreIntent

    /// Replaces `OQS_MEDICAL_INSTITUTION_CODE` with `code` as `intent` says, and reports the
    /// value it holds afterwards, as the store reads it back. Idempotent: an intent made in part
    /// (by a process killed half-way) is completed, and nothing is archived twice — never the
    /// new value as the value before.
    /// - Throws: `file.unwritable` (values: path, reason, errno) or `terminal.stateDamaged`
    ///   (path) for a store of files; a store of another kind throws the library code closest to
    ///   what failed, with the values that code documents.
    func setInstitutionCode(
        _ code: MedicalInstitutionCode,
        as intent: StoreIntent
    ) async throws(SuccessionError)
        -> CredentialChange

    /// What of `intent` is in effect after a process was killed while it was made: the part of
    /// its change that `revert(_:)` must undo (empty when nothing happened).
    func reconcile(_ intent: StoreIntent) async throws(SuccessionError) -> TerminalChange

    /// Undoes a change this store made; idempotent.
    func revert(_ change: TerminalChange) async throws(SuccessionError)
}

extension CredentialStore {
    /// Prepares and makes the change in one call, for work that keeps no journal (`succession
    /// terminal credentials --set`).
    public func setInstitutionCode(_ code: MedicalInstitutionCode) async throws(SuccessionError) -> CredentialChange {
        try await setInstitutionCode(code, as: try await prepareInstitutionCode(code))
    }

    /// Replaces the code from what a person typed; an invalid code is refused with its problems
    /// and nothing is written.
    public func setInstitutionCode(parsing text: String) async throws(SuccessionError) -> CredentialChange {
        try await setInstitutionCode(MedicalInstitutionCode(parsing: text))
    }
}

/// `OQS_LOGIN_KEY`: a user name and a password that never prints.
public struct LoginKey: Sendable, Hashable {
    /// `R0RENK01` or `R1RENK01` (or what was typed there).
    public let userName: String
    /// The linkage account's password (empty when the store cannot read it, as a person cannot).
    public let password: AccountPassword

    /// The entry as a store reads it.
    public init(userName: String, password: AccountPassword) {
        self.userName = userName
        self.password = password
    }
}

/// A change of `OQS_MEDICAL_INSTITUTION_CODE`, for the job record: the values before and after,
/// how the value after was read, and what to undo. Never holds a secret.
public struct CredentialChange: Sendable, Hashable, Codable {
    /// The value before, when the store could read it.
    public let before: String?
    /// The value the entry holds now, as read back (by software, or typed by a person), or the
    /// value written when it cannot be seen (``readBack`` is `false`).
    public let after: String
    /// Whether ``after`` was read back after saving, rather than only written.
    public let readBack: Bool
    /// What to hand to ``CredentialStore/revert(_:)``.
    public let change: TerminalChange

    /// What a store's ``CredentialStore/setInstitutionCode(_:)`` returns.
    public init(before: String?, after: String, readBack: Bool, change: TerminalChange) {
        self.before = before
        self.after = after
        self.readBack = readBack
        self.change = change
    }
}
