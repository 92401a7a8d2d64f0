public import SuccessionKit

/// `OQS_MEDICAL_INSTITUTION_CODE` and `OQS_LOGIN_KEY` kept in memory 【工事手順⑩】 — an actor: a
/// store whose calls suspend (a Windows agent over a pipe, a server) is written the same way.
///
/// A change records the value before in the store's own type, so that an undo needs nothing but
/// the journal: it works after a restart, and a second undo of the same change does nothing more.
public actor MemoryCredentials: CredentialStore {
    /// What setting the code replaces, and what it sets.
    struct CodeChange: Codable {
        var before: String?
        var after: String
    }

    private var code: String?

    /// A store holding `code` (or no entry).
    public init(code: String?) {
        self.code = code
    }

    /// The value now, for a test or a tool that shows it.
    public var currentCode: String? { code }

    public func institutionCode() throws(SuccessionError) -> String? { code }

    public func loginKey() throws(SuccessionError) -> LoginKey? {
        LoginKey(userName: "R0RENK01", password: AccountPassword("Linkage#2026x"))
    }

    public func prepareInstitutionCode(_ new: MedicalInstitutionCode) throws(SuccessionError) -> StoreIntent {
        // The value before is decided before anything changes: the intent the job journals.
        StoreIntent(before: code, change: try TerminalChange(record: CodeChange(before: code, after: new.digits)))
    }

    public func setInstitutionCode(
        _ new: MedicalInstitutionCode,
        as intent: StoreIntent
    ) throws(SuccessionError) -> CredentialChange {
        // Idempotent: set to the value, whatever an earlier attempt left.
        code = new.digits
        return CredentialChange(before: intent.before, after: code ?? "", readBack: true, change: intent.change)
    }

    public func reconcile(_ intent: StoreIntent) throws(SuccessionError) -> TerminalChange {
        // In effect when the store holds the value the change sets.
        let planned = try intent.change.records(as: CodeChange.self)
        return planned.contains { $0.after == code } ? intent.change : TerminalChange()
    }

    public func revert(_ change: TerminalChange) throws(SuccessionError) {
        for record in try change.records(as: CodeChange.self).reversed() { code = record.before }
    }
}
