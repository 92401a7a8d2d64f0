import Foundation
import SystemPackage

/// How ④ may archive a certificate before it removes it from the Windows terminal.
///
/// The manual's ④ simply deletes the old certificate. This tool removes only what it can put
/// back: a PFX **with** the private key, exported by the agent and verified (it opens with its
/// password and holds that very certificate and its key). When Windows cannot export the key
/// (marked not exportable, no key, or — always, under Wine 8 — the export fails), ④ stops
/// with `agent.keyNotArchived` and removes nothing. A person who decides the old key is not
/// needed may then allow an archive without it, giving the reason; undo of ④ then says it cannot
/// bring the certificate back (`agent.keyNotRestorable`) rather than putting back a certificate
/// without its key.
public enum CertificateArchivePolicy: Sendable, Hashable {
    /// Remove only after an archive with the private key (the default).
    case withPrivateKey
    /// Archive with the private key when Windows can export it, else without it (`.cer`), for
    /// `reason` — what the person decided, recorded with the change in the journal.
    case withoutPrivateKeyAllowed(reason: String)

    /// The reason given for archiving without the key, when allowed.
    var reasonWithoutKey: String? {
        if case .withoutPrivateKeyAllowed(let reason) = self { return reason }
        return nil
    }
}

/// The Windows terminal's personal certificate store (CurrentUser\MY), through the agent
/// 【工事手順④⑦⑧】.
///
/// - ⑦ imports the verified `.p12` with the manual's options (`cert.import`; the `.p12`'s bytes
///   and 証明書パスワード travel only in the request line); undo removes it again. The issuer's
///   CA certificate, added to the trusted roots by the import, stays there on undo: the agent
///   has no op to remove a root.
/// - ④ archives each certificate it removes under `.succession/archive/windows/certificates/`
///   (see ``CertificateArchivePolicy``), then removes it by thumbprint with a keep list: every
///   certificate ⑦ installed on this terminal, so that ④ run again after ⑦ never removes the new
///   one. Undo imports the archived PFX again.
/// - ⑧ reads the store: 発行先, 発行者, 有効期限 and the full 拇印 of each certificate.
public struct AgentCertificateStore: TerminalCertificateStore {
    /// What a change of the store records, in the journal.
    enum Record: Codable, Hashable {
        /// ⑦ imported the certificate `thumbprint`.
        case installed(thumbprint: String, issuedTo: String)
        /// ④ removed it, archived at the planned places (relative to the root).
        case removed(removal: Removal)
    }

    /// A planned or made removal: where each form of archive goes.
    struct Removal: Codable, Hashable {
        var thumbprint: String
        var issuedTo: String
        /// The PFX with its key, when Windows says the key may be exported.
        var pfx: String?
        /// Its password file.
        var password: String?
        /// The certificate without its key, when the person allowed it.
        var cer: String?
        /// The person's reason for allowing an archive without the key.
        var reasonWithoutKey: String?
        /// Certificates the removal must never touch (what ⑦ installed).
        var keep: [String]
    }

    let connection: AgentConnection
    let archive: AgentArchiveFolder
    let policy: CertificateArchivePolicy

    /// How long an import may wait for the person to answer Windows' security warning.
    static let importTimeout: Duration = .seconds(600)

    /// The store of the Windows terminal the agent of `connection` runs on; what ④ archives goes
    /// under `layout`'s state folder, in `archive/windows/`.
    public init(connection: AgentConnection, layout: TerminalLayout, policy: CertificateArchivePolicy = .withPrivateKey)
    {
        self.connection = connection
        self.archive = AgentArchiveFolder(layout: layout)
        self.policy = policy
    }

    public func personal() async throws(SuccessionError) -> [InstalledCertificate] {
        try await connection.certificates().map(\.installed)
    }

    /// The agent has no op that lists the trusted roots: a person looks in 証明書の管理.
    /// - Throws: `attended.byPerson`.
    public func trustedRoots() async throws(SuccessionError) -> [CertificateSummary] {
        throw SuccessionError(.attendedByPerson, values: [.field: "証明書の管理（信頼されたルート証明機関）"])
    }

    // MARK: ⑦

    public func prepareInstall(_ request: CertificateImport) async throws(SuccessionError) -> StoreIntent {
        try Self.verify(request)
        let certificate = request.bundle.certificate
        let present = try await connection.certificate(certificate.sha1) != nil
        let change =
            present
            ? TerminalChange()
            : try TerminalChange(
                record: Record.installed(thumbprint: certificate.sha1, issuedTo: request.newCode.digits)
            )
        return StoreIntent(subjects: [certificate.sha256], change: change)
    }

    /// Imports the verified `.p12` with `cert.import`, as `intent` says (nothing when it is
    /// installed already), and reads the certificate back from the store.
    /// - Throws: the problems of a bundle that fails the checks; the agent's `agent.cert.*`
    ///   errors (`agent.cert.importFailed` for a wrong 証明書パスワード under Wine);
    ///   `agent.importMismatch` when the store then holds another certificate.
    public func install(
        _ request: CertificateImport,
        as intent: StoreIntent
    ) async throws(SuccessionError) -> CertificateInstallation {
        try Self.verify(request)
        let certificate = request.bundle.certificate
        var options = request.options
        if !intent.change.isEmpty {
            // On the keep list of every later removal before it is in the store.
            try archive.noteInstalled(.init(thumbprint: certificate.sha1, code: request.newCode.digits))
            let imported = try await connection.send(
                AgentRequest(
                    "cert.import",
                    [
                        "pfxBase64": .text(Data(request.fileBytes).base64EncodedString()),
                        "password": .pin(request.pin),
                        "installCA": .flag(request.options.trustIssuer),
                    ]
                ),
                // On Windows the import waits for a person: ⑧'s security warning (はい).
                timeout: Self.importTimeout
            )
            let thumbprint = imported.string("thumbprint") ?? ""
            guard thumbprint == certificate.sha1 else {
                throw SuccessionError(.agentImportMismatch, values: [.found: thumbprint, .expected: certificate.sha1])
            }
            // What the import did, not what was asked: Wine 8 refuses the extended-properties
            // flag and drops the CA inside the .p12, and the record says so.
            if let extended = imported.flag("extendedProperties") { options.includeExtendedProperties = extended }
            if let exportable = imported.flag("exportable") { options.exportable = exportable }
            let roots = imported.objects("caCertificates") ?? []
            if options.trustIssuer, request.bundle.chain.contains(where: \.isCA),
                !roots.contains(where: { $0.string("store") == "Root" })
            {
                options.trustIssuer = false
            }
        }
        guard let shown = try await connection.certificate(certificate.sha1) else {
            throw SuccessionError(.agentImportMismatch, values: [.found: "", .expected: certificate.sha1])
        }
        let installed = InstalledCertificate(
            issuedTo: shown.issuedTo,
            issuer: shown.issuedBy,
            notAfter: shown.notAfter,
            thumbprint: shown.thumbprint,
            // The store holds the certificate whose SHA-1 is this bundle's: that very one.
            certificate: certificate,
            options: options,
            installedAt: request.date
        )
        return CertificateInstallation(installed: installed, change: intent.change)
    }

    private static func verify(_ request: CertificateImport) throws(SuccessionError) {
        let problems = request.bundle.verify(newCode: request.newCode, oldCode: request.oldCode, at: request.date)
        guard !problems.containsError else { throw SuccessionError(problems.filter { $0.severity == .error }) }
    }

    // MARK: ④

    /// Plans a removal, changing nothing: the exact archive places (the PFX with the key, and the
    /// `.cer` when allowed) and the keep list.
    /// - Throws: `terminal.noSuchCertificate` (found: 発行先) when it is not in the store;
    ///   `agent.keyNotArchived` when Windows says its key cannot be exported and the policy does
    ///   not allow an archive without it (nothing is journaled, nothing removed).
    public func prepareRemove(_ certificate: InstalledCertificate) async throws(SuccessionError) -> StoreIntent {
        let thumbprint = certificate.thumbprint ?? ""
        guard thumbprint.count == 40, let found = try await connection.certificate(thumbprint) else {
            throw SuccessionError(.terminalNoSuchCertificate, values: [.found: certificate.issuedTo])
        }
        let keyExportable = found.hasPrivateKey && found.exportable != false
        let reason = policy.reasonWithoutKey
        if !keyExportable && reason == nil {
            throw SuccessionError(
                .agentKeyNotArchived,
                values: [
                    .found: found.issuedTo, .detail: thumbprint,
                    .reason: found.hasPrivateKey
                        ? ProblemCode.agentCertNotExportable.rawValue
                        : ProblemCode.agentCertNoPrivateKey.rawValue,
                ]
            )
        }
        let removal = Removal(
            thumbprint: thumbprint,
            issuedTo: found.issuedTo,
            pfx: keyExportable ? archive.recorded(archive.pfx(thumbprint)) : nil,
            password: keyExportable ? archive.recorded(archive.password(thumbprint)) : nil,
            cer: reason == nil ? nil : archive.recorded(archive.cer(thumbprint)),
            reasonWithoutKey: reason,
            keep: try await keepList()
        )
        return StoreIntent(subjects: [thumbprint], change: try TerminalChange(record: Record.removed(removal: removal)))
    }

    /// Archives, then removes, as the intent planned; an archive made by an earlier attempt is
    /// used (verified), never made again.
    /// - Throws: `agent.keyNotArchived` when the PFX cannot be made and no archive without the
    ///   key is allowed; `agent.archiveDamaged` when an archive does not verify; `agent.cert.kept`
    ///   when the certificate is one ⑦ installed. In each case nothing is removed.
    public func remove(
        _ certificate: InstalledCertificate,
        as intent: StoreIntent
    ) async throws(SuccessionError) -> TerminalChange {
        guard case .removed(var removal) = try Self.record(of: intent.change) else {
            throw SuccessionError(.terminalChangeRecord, values: [.detail: "not a removal"])
        }
        try archive.create()
        let cer = try removal.cer.map(archive.resolve)
        // An archive an earlier attempt made is used, never made again: with the key first.
        if try await !archiveWithKey(removal, madeOnly: true) {
            if let cer, try archive.bytes(cer) != nil {
                try await archiveWithoutKey(removal, at: cer)
            } else if try await !archiveWithKey(removal, madeOnly: false) {
                guard let cer else {
                    throw SuccessionError(.terminalChangeRecord, values: [.detail: "no archive planned"])
                }
                try await archiveWithoutKey(removal, at: cer)
            }
        }
        removal.keep = Array(Set(removal.keep).union(try await keepList()))
        do {
            _ = try await connection.send(
                AgentRequest(
                    "cert.remove",
                    ["thumbprint": .text(removal.thumbprint), "keep": .texts(removal.keep.sorted())]
                )
            )
        } catch  where error.code == .agentCertNotFound {
            // Removed already, by an attempt killed before its record.
        }
        return intent.change
    }

    /// Finds (verified) or makes the PFX archive with the key; `false` when there is none and
    /// `madeOnly`, or when it cannot be made and the policy allows the archive without the key.
    private func archiveWithKey(_ removal: Removal, madeOnly: Bool) async throws(SuccessionError) -> Bool {
        guard let pfxPath = removal.pfx, let passwordPath = removal.password else { return false }
        let pfx = try archive.resolve(pfxPath)
        let passwordFile = try archive.resolve(passwordPath)
        if let bytes = try archive.bytes(pfx) {
            try Self.verifyPFX(
                bytes,
                password: try readPassword(passwordFile),
                thumbprint: removal.thumbprint,
                path: pfxPath
            )
            return true
        }
        guard !madeOnly else { return false }
        // A new password: written first, so the PFX, once it exists, can always be opened.
        var secret = Self.randomPassword()
        let password = CertificatePIN(String(decoding: secret, as: UTF8.self))
        try AtomicFile.write(secret, to: passwordFile.string, replace: true)
        secret.withUnsafeMutableBytes { SecretBytes.cleanse($0) }
        let exported: AgentReply
        do {
            exported = try await connection.send(
                AgentRequest(
                    "cert.export",
                    [
                        "thumbprint": .text(removal.thumbprint),
                        "path": .text(try await connection.agentPath(for: pfx)),
                        "password": .pin(password),
                    ]
                )
            )
        } catch  where error.code == .agentCertNotFound {
            // Gone from the store, and no archive of ours holds it.
            unlink(passwordFile.string)
            throw SuccessionError(.terminalNoSuchCertificate, values: [.found: removal.issuedTo])
        } catch  where [.agentCertExportFailed, .agentCertNotExportable, .agentCertNoPrivateKey].contains(error.code) {
            // No PFX was written: its password goes too.
            unlink(passwordFile.string)
            guard removal.reasonWithoutKey != nil, removal.cer != nil else {
                var values: [ProblemValueKey: String] = [
                    .found: removal.issuedTo, .detail: removal.thumbprint, .reason: error.code.rawValue,
                ]
                values[.win32] = error.problems[0][.win32]
                throw SuccessionError(.agentKeyNotArchived, values: values)
            }
            return false
        }
        guard let bytes = try archive.bytes(pfx), try Digest.sha256(bytes) == exported.string("sha256") else {
            throw SuccessionError(.agentArchiveDamaged, values: [.path: pfxPath, .detail: "sha256"])
        }
        try Self.verifyPFX(bytes, password: password, thumbprint: removal.thumbprint, path: pfxPath)
        return true
    }

    /// Makes (or finds) the archive without the key: the certificate's DER, checked by its SHA-1.
    private func archiveWithoutKey(_ removal: Removal, at cer: FilePath) async throws(SuccessionError) {
        if try archive.bytes(cer) == nil {
            let exported = try await connection.send(
                AgentRequest(
                    "cert.exportPublic",
                    ["thumbprint": .text(removal.thumbprint), "path": .text(try await connection.agentPath(for: cer))]
                )
            )
            guard let bytes = try archive.bytes(cer), try Digest.sha256(bytes) == exported.string("sha256") else {
                throw SuccessionError(.agentArchiveDamaged, values: [.path: archive.recorded(cer), .detail: "sha256"])
            }
        }
        guard let bytes = try archive.bytes(cer), try Digest.sha1(bytes) == removal.thumbprint else {
            throw SuccessionError(.agentArchiveDamaged, values: [.path: archive.recorded(cer), .detail: "sha1"])
        }
    }

    /// The thumbprints ④ must never remove: every certificate ⑦ installed here, and every
    /// certificate now in the store for a code ⑦ installed one for. A removal of one of them is
    /// refused by the agent (`agent.cert.kept`).
    private func keepList() async throws(SuccessionError) -> [String] {
        let installed = try archive.installed()
        guard !installed.isEmpty else { return [] }
        let codes = Set(installed.map(\.code))
        let current = try await connection.certificates().filter { codes.contains($0.issuedTo) }.map(\.thumbprint)
        return Set(installed.map(\.thumbprint)).union(current).sorted()
    }

    // MARK: Resuming and undo

    public func reconcile(_ intent: StoreIntent) async throws(SuccessionError) -> TerminalChange {
        guard !intent.change.isEmpty else { return TerminalChange() }
        switch try Self.record(of: intent.change) {
        case .installed(let thumbprint, _):
            return try await connection.certificate(thumbprint) != nil ? intent.change : TerminalChange()
        case .removed(let removal):
            // In effect once the certificate is gone; an archive made without the removal is
            // only a copy (kept, and used by the next attempt).
            return try await connection.certificate(removal.thumbprint) == nil ? intent.change : TerminalChange()
        }
    }

    /// Undoes ⑦ by removing the certificate it imported (its root CA stays), and ④ by importing
    /// the archived PFX again.
    /// - Throws: `agent.keyNotRestorable` for a certificate archived without its key (nothing is
    ///   put back); `agent.archiveMissing` when the archive is gone; the agent's errors.
    public func revert(_ change: TerminalChange) async throws(SuccessionError) {
        for record in try change.records(as: Record.self).reversed() {
            switch record {
            case .installed(let thumbprint, _):
                do {
                    _ = try await connection.send(
                        AgentRequest("cert.remove", ["thumbprint": .text(thumbprint), "keep": .texts([])])
                    )
                } catch  where error.code == .agentCertNotFound {
                    // Removed already.
                }
            case .removed(let removal):
                try await restore(removal)
            }
        }
    }

    private func restore(_ removal: Removal) async throws(SuccessionError) {
        guard try await connection.certificate(removal.thumbprint) == nil else { return }
        if let pfxPath = removal.pfx, let passwordPath = removal.password,
            let bytes = try archive.bytes(try archive.resolve(pfxPath))
        {
            let password = try readPassword(try archive.resolve(passwordPath))
            try Self.verifyPFX(bytes, password: password, thumbprint: removal.thumbprint, path: pfxPath)
            let imported = try await connection.send(
                AgentRequest(
                    "cert.import",
                    [
                        "pfxBase64": .text(Data(bytes).base64EncodedString()),
                        "password": .pin(password),
                        "installCA": .flag(false),
                    ]
                )
            )
            guard imported.string("thumbprint") == removal.thumbprint else {
                throw SuccessionError(
                    .agentImportMismatch,
                    values: [.found: imported.string("thumbprint") ?? "", .expected: removal.thumbprint]
                )
            }
            return
        }
        if let cer = removal.cer, try archive.bytes(try archive.resolve(cer)) != nil {
            throw SuccessionError(
                .agentKeyNotRestorable,
                values: [
                    .found: removal.issuedTo, .detail: removal.thumbprint, .path: cer,
                    .reason: removal.reasonWithoutKey ?? "",
                ]
            )
        }
        throw SuccessionError(.agentArchiveMissing, values: [.path: removal.pfx ?? removal.cer ?? ""])
    }

    // MARK: Helpers

    private static func record(of change: TerminalChange) throws(SuccessionError) -> Record {
        guard let record = try change.records(as: Record.self).first else {
            throw SuccessionError(.terminalChangeRecord, values: [.detail: "no certificate record"])
        }
        return record
    }

    /// The PFX opens with `password` and holds the certificate `thumbprint` with its own key: an
    /// archive that restores.
    private static func verifyPFX(
        _ bytes: [UInt8],
        password: CertificatePIN,
        thumbprint: String,
        path: String
    ) throws(SuccessionError) {
        let bundle: PKCS12Bundle
        do {
            bundle = try PKCS12Bundle(bytes: bytes, pin: password)
        } catch {
            throw SuccessionError(.agentArchiveDamaged, values: [.path: path, .detail: error.code.rawValue])
        }
        guard bundle.certificate.sha1 == thumbprint, bundle.key != nil, bundle.keyMatchesCertificate else {
            throw SuccessionError(
                .agentArchiveDamaged,
                values: [.path: path, .detail: "not the certificate with its key"]
            )
        }
    }

    private func readPassword(_ file: FilePath) throws(SuccessionError) -> CertificatePIN {
        var bytes = try FileBytes.read(file.string, limit: 256, followLinks: false)
        defer { bytes.withUnsafeMutableBytes { SecretBytes.cleanse($0) } }
        return CertificatePIN(String(decoding: bytes, as: UTF8.self))
    }

    /// 32 random letters and digits: a password that no person types.
    private static func randomPassword() -> [UInt8] {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789".utf8)
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] }
    }
}
