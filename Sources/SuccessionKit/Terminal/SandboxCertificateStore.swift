package import Foundation
import SystemPackage

/// The certificate stores of a sandbox terminal: a folder per store, each certificate a
/// `.p12` (personal) or `.der` (roots) named by its fingerprint, with a JSON sidecar.
public struct SandboxCertificateStore: TerminalCertificateStore {
    let layout: TerminalLayout

    /// The store of the sandbox terminal laid out by `layout` (its files under `layout.root`).
    public init(layout: TerminalLayout) {
        self.layout = layout
    }

    private var personalFolder: FilePath { layout.certificatesFolder.appending("personal") }
    private var rootsFolder: FilePath { layout.certificatesFolder.appending("roots") }

    /// The store's folders are real folders inside the root: a link would send key material
    /// elsewhere, and make the store look empty.
    private func requireRealFolders() throws(SuccessionError) {
        for folder in [personalFolder, rootsFolder] {
            try FileSystem.requireRealFolder(folder.string, under: layout.root.string)
        }
    }

    public func personal() throws(SuccessionError) -> [InstalledCertificate] {
        try requireRealFolders()
        var result: [InstalledCertificate] = []
        for name in FileSystem.files(under: personalFolder.string) where name.hasSuffix(".json") {
            if let installed = try JSONFile.read(
                InstalledCertificate.self,
                from: personalFolder.appending(name).string,
                damaged: .terminalStateDamaged,
                followLinks: false
            ) {
                result.append(installed)
            }
        }
        return result.sorted { ($0.installedAt ?? .distantPast) < ($1.installedAt ?? .distantPast) }
    }

    public func trustedRoots() throws(SuccessionError) -> [CertificateSummary] {
        try requireRealFolders()
        var result: [CertificateSummary] = []
        for name in FileSystem.files(under: rootsFolder.string) where name.hasSuffix(".json") {
            if let summary = try JSONFile.read(
                CertificateSummary.self,
                from: rootsFolder.appending(name).string,
                damaged: .terminalStateDamaged,
                followLinks: false
            ) {
                result.append(summary)
            }
        }
        return result
    }

    public func install(_ request: CertificateImport) throws(SuccessionError) -> CertificateInstallation {
        let problems = request.bundle.verify(newCode: request.newCode, oldCode: request.oldCode, at: request.date)
        guard !problems.containsError else { throw SuccessionError(problems.filter { $0.severity == .error }) }
        let installed = InstalledCertificate(
            certificate: request.bundle.certificate,
            options: request.options,
            installedAt: request.date
        )
        return try place(bundle: request.bundle, bytes: request.fileBytes, installed: installed)
    }

    /// Puts a bundle in the personal store without the succession's checks: how the demo and
    /// tests set up the OLD certificate a terminal already holds.
    @discardableResult
    package func seed(
        _ bundle: PKCS12Bundle,
        bytes: [UInt8],
        at date: Date
    ) throws(SuccessionError) -> InstalledCertificate {
        try place(
            bundle: bundle,
            bytes: bytes,
            installed: InstalledCertificate(certificate: bundle.certificate, options: .manual, installedAt: date)
        ).installed
    }

    private func place(
        bundle: PKCS12Bundle,
        bytes: [UInt8],
        installed: InstalledCertificate
    ) throws(SuccessionError) -> CertificateInstallation {
        let sha = bundle.certificate.sha256
        try requireRealFolders()
        try AtomicFile.createFolder(personalFolder.string)
        let record = personalFolder.appending("\(sha).json")
        if let existing = try JSONFile.read(
            InstalledCertificate.self,
            from: record.string,
            damaged: .terminalStateDamaged,
            followLinks: false
        ) {
            // Already installed: importing twice changes nothing.
            return CertificateInstallation(installed: existing, change: TerminalChange())
        }
        var created: [String] = []
        let file = personalFolder.appending("\(sha).p12")
        // A run killed between the .p12 and its record left the file: the same bytes are adopted.
        if !FileSystem.exists(file.string)
            || (try? FileBytes.read(file.string, limit: FileBytes.Limit.certificate)) != bytes
        {
            try AtomicFile.write(bytes, to: file.string, replace: false)
        }
        created.append(layout.relative(file))
        try JSONFile.write(installed, to: record.string)
        created.append(layout.relative(record))
        if installed.options?.trustIssuer ?? true {
            try AtomicFile.createFolder(rootsFolder.string)
            for (summary, object) in zip(bundle.chain, bundle.chainObjects) where summary.isCA {
                let der = rootsFolder.appending("\(summary.sha256).der")
                let json = rootsFolder.appending("\(summary.sha256).json")
                guard !FileSystem.exists(json.string) else { continue }
                try AtomicFile.write(object.der, to: der.string, replace: false)
                try JSONFile.write(summary, to: json.string)
                created += [layout.relative(der), layout.relative(json)]
            }
        }
        return CertificateInstallation(installed: installed, change: TerminalChange(created: created))
    }

    public func remove(_ certificate: InstalledCertificate) throws(SuccessionError) -> TerminalChange {
        let sha256 = certificate.certificate?.sha256 ?? ""
        try requireRealFolders()
        let p12 = personalFolder.appending("\(sha256).p12")
        let json = personalFolder.appending("\(sha256).json")
        guard !sha256.isEmpty, FileSystem.exists(json.string) else {
            throw SuccessionError(.terminalNoSuchCertificate, values: [.found: certificate.issuedTo])
        }
        let archive = TerminalArchive(layout: layout)
        var change = TerminalChange()
        for path in [p12, json] where FileSystem.exists(path.string) {
            change.archived.append(try archive.archive(path, reason: "certificate.remove", remove: true))
        }
        return change
    }

    public func revert(_ change: TerminalChange) throws(SuccessionError) {
        try TerminalArchive(layout: layout).revertFiles(change, root: layout.root)
    }
}
