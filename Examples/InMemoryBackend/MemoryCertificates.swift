public import SuccessionKit
import Synchronization

/// A personal certificate store kept in memory 【工事手順④⑦⑧】.
public final class MemoryCertificates: TerminalCertificateStore {
    /// What an operation did, enough to undo it from the journal alone.
    enum Record: Codable {
        case installed(InstalledCertificate)
        case removed(InstalledCertificate)
    }

    private let installed: Mutex<[InstalledCertificate]>

    /// A store holding `installed`.
    public init(installed: [InstalledCertificate]) {
        self.installed = Mutex(installed)
    }

    /// The personal store now.
    public var current: [InstalledCertificate] { installed.withLock { $0 } }

    public func personal() throws(SuccessionError) -> [InstalledCertificate] { current }

    public func trustedRoots() throws(SuccessionError) -> [CertificateSummary] { [] }

    public func install(_ request: CertificateImport) throws(SuccessionError) -> CertificateInstallation {
        // A real store would hand request.fileBytes and request.pin to its import API.
        let certificate = InstalledCertificate(
            certificate: request.bundle.certificate,
            options: request.options,
            installedAt: request.date
        )
        installed.withLock { $0.append(certificate) }
        return CertificateInstallation(
            installed: certificate,
            change: try TerminalChange(record: Record.installed(certificate))
        )
    }

    public func remove(_ certificate: InstalledCertificate) throws(SuccessionError) -> TerminalChange {
        let found = installed.withLock { list in
            defer { list.removeAll { $0 == certificate } }
            return list.contains(certificate)
        }
        guard found else {
            throw SuccessionError(
                .terminalNoSuchCertificate,
                values: [.found: certificate.thumbprint ?? certificate.issuedTo]
            )
        }
        return try TerminalChange(record: Record.removed(certificate))
    }

    public func revert(_ change: TerminalChange) throws(SuccessionError) {
        // Idempotent: what is already back where it was is left alone.
        for record in try change.records(as: Record.self).reversed() {
            installed.withLock { list in
                switch record {
                // A certificate is known by its thumbprint, as a Windows store knows it.
                case .installed(let certificate): list.removeAll { $0.thumbprint == certificate.thumbprint }
                case .removed(let certificate) where !list.contains(where: { $0.thumbprint == certificate.thumbprint }):
                    list.append(certificate)
                case .removed: break
                }
            }
        }
    }
}
