/// `OQS_MEDICAL_INSTITUTION_CODE` and `OQS_LOGIN_KEY` in the Windows terminal's Credential
/// Manager, through the agent's `cred.read` and `cred.write` 【工事手順⑩】.
///
/// The value before is read when the change is prepared and kept in the change's record, so
/// that undo writes it back. The write names that value (`ifValue`): a resumed job never
/// overwrites a value someone else put there, and a write made already by a killed attempt is
/// recognized, not made twice. Only the value changes: the agent keeps the entry's user name,
/// persistence and encoding. `OQS_LOGIN_KEY`'s password never leaves the agent: its
/// ``LoginKey/password`` is empty, as it is for a person looking at the entry.
public struct AgentCredentialStore: CredentialStore {
    static let codeTarget = "OQS_MEDICAL_INSTITUTION_CODE"
    static let loginKeyTarget = "OQS_LOGIN_KEY"

    /// What a change of the entry records: its value before and after.
    struct Record: Codable, Hashable {
        var target: String
        var before: String
        var after: String
    }

    let connection: AgentConnection

    /// The store of the Windows terminal the agent of `connection` runs on.
    public init(connection: AgentConnection) {
        self.connection = connection
    }

    public func institutionCode() async throws(SuccessionError) -> String? {
        try await connection.credential(Self.codeTarget)?.string("value")
    }

    public func loginKey() async throws(SuccessionError) -> LoginKey? {
        guard let entry = try await connection.credential(Self.loginKeyTarget) else { return nil }
        return LoginKey(userName: entry.string("userName") ?? "", password: AccountPassword(""))
    }

    /// Reads the value before and plans the change, changing nothing.
    /// - Throws: `terminal.missingCredential` (field) when the entry does not exist (the agent
    ///   changes an entry, never creates it); `agent.cred.unknownEncoding` when its value is not
    ///   text.
    public func prepareInstitutionCode(_ code: MedicalInstitutionCode) async throws(SuccessionError) -> StoreIntent {
        guard let entry = try await connection.credential(Self.codeTarget) else {
            throw SuccessionError(.terminalMissingCredential, values: [.field: Self.codeTarget])
        }
        guard let before = entry.string("value") else {
            throw SuccessionError(.agentCredUnknownEncoding, values: [.field: "cred.read"])
        }
        let record = Record(target: Self.codeTarget, before: before, after: code.digits)
        return StoreIntent(before: before, subjects: [Self.codeTarget], change: try TerminalChange(record: record))
    }

    /// Writes the new code with `cred.write`, only over the value before, and reads it back.
    /// - Throws: `agent.cred.valueChanged` (found: the value now) when the entry holds neither
    ///   the value before nor the new one; the agent's `agent.cred.*` errors.
    public func setInstitutionCode(
        _ code: MedicalInstitutionCode,
        as intent: StoreIntent
    ) async throws(SuccessionError) -> CredentialChange {
        let record = try Self.record(of: intent.change)
        let written: AgentReply
        do {
            written = try await connection.send(
                AgentRequest(
                    "cred.write",
                    ["target": .text(record.target), "value": .text(code.digits), "ifValue": .text(record.before)]
                )
            )
        } catch  where error.code == .agentCredValueChanged {
            // Written already by an attempt killed before its record: read back, not written twice.
            guard let now = try await connection.credential(record.target), now.string("value") == code.digits else {
                throw try await changed(record.target, expected: record.before)
            }
            written = now
        }
        return CredentialChange(
            before: record.before,
            after: written.string("value") ?? "",
            readBack: true,
            change: intent.change
        )
    }

    public func reconcile(_ intent: StoreIntent) async throws(SuccessionError) -> TerminalChange {
        guard !intent.change.isEmpty else { return TerminalChange() }
        let record = try Self.record(of: intent.change)
        let now = try await connection.credential(record.target)?.string("value")
        // In effect only when the entry holds the new value (and it is not the same as before).
        return now == record.after && record.after != record.before ? intent.change : TerminalChange()
    }

    /// Writes each record's value before back, when the entry still holds the value after.
    /// - Throws: `agent.cred.valueChanged` (found) when it holds a third value, which undo does
    ///   not overwrite.
    public func revert(_ change: TerminalChange) async throws(SuccessionError) {
        for record in try change.records(as: Record.self).reversed() where record.before != record.after {
            do {
                _ = try await connection.send(
                    AgentRequest(
                        "cred.write",
                        ["target": .text(record.target), "value": .text(record.before), "ifValue": .text(record.after)]
                    )
                )
            } catch  where error.code == .agentCredValueChanged {
                // Undone already (a kill during undo), or changed by someone else.
                if try await connection.credential(record.target)?.string("value") == record.before { continue }
                throw try await changed(record.target, expected: record.after)
            }
        }
    }

    private func changed(_ target: String, expected: String) async throws(SuccessionError) -> SuccessionError {
        let now = try await connection.credential(target)?.string("value") ?? ""
        return SuccessionError(
            .agentCredValueChanged,
            values: [.field: "cred.write", .found: now, .expected: expected]
        )
    }

    private static func record(of change: TerminalChange) throws(SuccessionError) -> Record {
        guard let record = try change.records(as: Record.self).first else {
            throw SuccessionError(.terminalChangeRecord, values: [.detail: "no credential record"])
        }
        return record
    }
}
