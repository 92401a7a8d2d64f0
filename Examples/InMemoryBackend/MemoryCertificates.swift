public import SuccessionKit

/// A personal certificate store kept in memory 【工事手順④⑦⑧】, as an actor.
public actor MemoryCertificates: TerminalCertificateStore {
    /// What an operation did, enough to undo it from the journal alone.
    enum Record: Codable {
        case installed(InstalledCertificate)
        case removed(InstalledCertificate)
    }

    private var installed: [InstalledCertificate]

    /// A store holding `installed`.
    public init(installed: [InstalledCertificate]) {
        self.installed = installed
    }

    /// The personal store now.
    public var current: [InstalledCertificate] { installed }

    public func personal() throws(SuccessionError) -> [InstalledCertificate] { installed }

    public func trustedRoots() throws(SuccessionError) -> [CertificateSummary] { [] }

    private static func shown(_ request: CertificateImport) -> InstalledCertificate {
        InstalledCertificate(
            certificate: request.bundle.certificate,
            options: request.options,
            installedAt: request.date
        )
    }

    public func prepareInstall(_ request: CertificateImport) throws(SuccessionError) -> StoreIntent {
        let certificate = Self.shown(request)
        return StoreIntent(
            subjects: [certificate.thumbprint ?? ""],
            change: try TerminalChange(record: Record.installed(certificate))
        )
    }

    public func install(
        _ request: CertificateImport,
        as intent: StoreIntent
    ) throws(SuccessionError) -> CertificateInstallation {
        // A real store would hand request.fileBytes and request.pin to its import API.
        let certificate = Self.shown(request)
        // Idempotent: a certificate is known by its thumbprint, as a Windows store knows it.
        if !installed.contains(where: { $0.thumbprint == certificate.thumbprint }) { installed.append(certificate) }
        return CertificateInstallation(installed: certificate, change: intent.change)
    }

    public func prepareRemove(_ certificate: InstalledCertificate) throws(SuccessionError) -> StoreIntent {
        guard installed.contains(where: { $0.thumbprint == certificate.thumbprint }) else {
            throw SuccessionError(
                .terminalNoSuchCertificate,
                values: [.found: certificate.thumbprint ?? certificate.issuedTo]
            )
        }
        return StoreIntent(
            subjects: [certificate.thumbprint ?? ""],
            change: try TerminalChange(record: Record.removed(certificate))
        )
    }

    public func remove(
        _ certificate: InstalledCertificate,
        as intent: StoreIntent
    ) throws(SuccessionError) -> TerminalChange {
        installed.removeAll { $0.thumbprint == certificate.thumbprint }
        return intent.change
    }

    public func reconcile(_ intent: StoreIntent) throws(SuccessionError) -> TerminalChange {
        // In effect when the store shows what the change leaves: installed, or gone.
        let done = try intent.change.records(as: Record.self).allSatisfy { record in
            switch record {
            case .installed(let certificate): installed.contains { $0.thumbprint == certificate.thumbprint }
            case .removed(let certificate): !installed.contains { $0.thumbprint == certificate.thumbprint }
            }
        }
        return done ? intent.change : TerminalChange()
    }

    public func revert(_ change: TerminalChange) throws(SuccessionError) {
        // Idempotent: what is already back where it was is left alone.
        for record in try change.records(as: Record.self).reversed() {
            switch record {
            case .installed(let certificate): installed.removeAll { $0.thumbprint == certificate.thumbprint }
            case .removed(let certificate) where !installed.contains(where: { $0.thumbprint == certificate.thumbprint }):
                installed.append(certificate)
            case .removed: break
            }
        }
    }
}
