public import SuccessionKit
import Synchronization

/// `OQS_MEDICAL_INSTITUTION_CODE` and `OQS_LOGIN_KEY` kept in memory 【工事手順⑩】.
///
/// A change records the value before in the store's own type, so that an undo needs nothing but
/// the journal: it works after a restart, and a second undo of the same change does nothing more.
public final class MemoryCredentials: CredentialStore {
    /// What ``setInstitutionCode(_:)`` replaced.
    struct CodeBefore: Codable {
        var code: String?
    }

    private let code: Mutex<String?>

    /// A store holding `code` (or no entry).
    public init(code: String?) {
        self.code = Mutex(code)
    }

    /// The value now, for a test or a tool that shows it.
    public var currentCode: String? { code.withLock { $0 } }

    public func institutionCode() throws(SuccessionError) -> String? { currentCode }

    public func setInstitutionCode(_ new: MedicalInstitutionCode) throws(SuccessionError) -> CredentialChange {
        let before = code.withLock { code in
            defer { code = new.digits }
            return code
        }
        return CredentialChange(
            before: before,
            after: currentCode ?? "",
            readBack: true,
            change: try TerminalChange(record: CodeBefore(code: before))
        )
    }

    public func loginKey() throws(SuccessionError) -> LoginKey? {
        LoginKey(userName: "R0RENK01", password: AccountPassword("Linkage#2026x"))
    }

    public func revert(_ change: TerminalChange) throws(SuccessionError) {
        for record in try change.records(as: CodeBefore.self).reversed() {
            code.withLock { $0 = record.code }
        }
    }
}
