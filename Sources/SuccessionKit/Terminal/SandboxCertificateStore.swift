package import Foundation
import SystemPackage

/// The certificate stores of a sandbox terminal: a folder per store, each certificate a
/// `.p12` (personal) or `.der` (roots) named by its fingerprint, with a JSON sidecar.
package struct SandboxCertificateStore: TerminalCertificateStore {
    let layout: TerminalLayout

    /// The store of the sandbox terminal laid out by `layout` (its files under `layout.root`).
    package init(layout: TerminalLayout) {
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

    package func personal() throws(SuccessionError) -> [InstalledCertificate] {
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

    package func trustedRoots() throws(SuccessionError) -> [CertificateSummary] {
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

    package func prepareInstall(_ request: CertificateImport) throws(SuccessionError) -> StoreIntent {
        try verify(request)
        return StoreIntent(
            subjects: [request.bundle.certificate.sha256],
            change: TerminalChange(
                created: try planned(bundle: request.bundle, trustIssuer: request.options.trustIssuer)
            )
        )
    }

    package func install(
        _ request: CertificateImport,
        as intent: StoreIntent
    ) throws(SuccessionError) -> CertificateInstallation {
        try verify(request)
        let installed = InstalledCertificate(
            certificate: request.bundle.certificate,
            options: request.options,
            installedAt: request.date
        )
        return try place(bundle: request.bundle, bytes: request.fileBytes, installed: installed, intent: intent)
    }

    private func verify(_ request: CertificateImport) throws(SuccessionError) {
        let problems = request.bundle.verify(newCode: request.newCode, oldCode: request.oldCode, at: request.date)
        guard !problems.containsError else { throw SuccessionError(problems.filter { $0.severity == .error }) }
    }

    /// Puts a bundle in the personal store without the succession's checks: how the demo and
    /// tests set up the OLD certificate a terminal already holds.
    @discardableResult
    package func seed(
        _ bundle: PKCS12Bundle,
        bytes: [UInt8],
        at date: Date
    ) throws(SuccessionError) -> InstalledCertificate {
        let installed = InstalledCertificate(certificate: bundle.certificate, options: .manual, installedAt: date)
        let intent = StoreIntent(change: TerminalChange(created: try planned(bundle: bundle, trustIssuer: true)))
        return try place(bundle: bundle, bytes: bytes, installed: installed, intent: intent).installed
    }

    private func paths(of sha256: String) -> (p12: FilePath, record: FilePath) {
        (personalFolder.appending("\(sha256).p12"), personalFolder.appending("\(sha256).json"))
    }

    /// The files an import creates, in the order it writes them: none when it is installed.
    private func planned(bundle: PKCS12Bundle, trustIssuer: Bool) throws(SuccessionError) -> [String] {
        try requireRealFolders()
        let (p12, record) = paths(of: bundle.certificate.sha256)
        guard !FileSystem.exists(record.string) else { return [] }
        var created = [layout.relative(p12), layout.relative(record)]
        if trustIssuer {
            for summary in bundle.chain where summary.isCA {
                let json = rootsFolder.appending("\(summary.sha256).json")
                guard !FileSystem.exists(json.string) else { continue }
                created += [layout.relative(rootsFolder.appending("\(summary.sha256).der")), layout.relative(json)]
            }
        }
        return created
    }

    private func place(
        bundle: PKCS12Bundle,
        bytes: [UInt8],
        installed: InstalledCertificate,
        intent: StoreIntent
    ) throws(SuccessionError) -> CertificateInstallation {
        try requireRealFolders()
        try AtomicFile.createFolder(personalFolder.string)
        let (file, record) = paths(of: bundle.certificate.sha256)
        let created = Set(intent.change.created)
        // Only what the intent planned is written; what an earlier attempt wrote is kept.
        if created.contains(layout.relative(file)),
            (try? FileBytes.read(file.string, limit: FileBytes.Limit.certificate)) != bytes
        {
            try AtomicFile.write(bytes, to: file.string, replace: false)
        }
        if created.contains(layout.relative(record)), !FileSystem.exists(record.string) {
            try JSONFile.write(installed, to: record.string)
        }
        for (summary, object) in zip(bundle.chain, bundle.chainObjects) where summary.isCA {
            let der = rootsFolder.appending("\(summary.sha256).der")
            let json = rootsFolder.appending("\(summary.sha256).json")
            guard created.contains(layout.relative(json)) else { continue }
            try AtomicFile.createFolder(rootsFolder.string)
            if !FileSystem.exists(der.string) { try AtomicFile.write(object.der, to: der.string, replace: false) }
            if !FileSystem.exists(json.string) { try JSONFile.write(summary, to: json.string) }
        }
        let shown =
            try JSONFile.read(
                InstalledCertificate.self,
                from: record.string,
                damaged: .terminalStateDamaged,
                followLinks: false
            )
            ?? installed
        return CertificateInstallation(installed: shown, change: intent.change)
    }

    package func prepareRemove(_ certificate: InstalledCertificate) throws(SuccessionError) -> StoreIntent {
        let sha256 = certificate.certificate?.sha256 ?? ""
        try requireRealFolders()
        let (p12, json) = paths(of: sha256)
        guard !sha256.isEmpty, FileSystem.exists(json.string) else {
            throw SuccessionError(.terminalNoSuchCertificate, values: [.found: certificate.issuedTo])
        }
        var change = TerminalChange()
        for path in [p12, json] where FileSystem.exists(path.string) {
            change.archived.append(try archive.plan(path, reason: "certificate.remove", remove: true))
        }
        return StoreIntent(subjects: [sha256], change: change)
    }

    package func remove(
        _ certificate: InstalledCertificate,
        as intent: StoreIntent
    ) throws(SuccessionError) -> TerminalChange {
        try requireRealFolders()
        var change = intent.change
        change.archived = []
        // The key first, its record last: the certificate is listed until both are archived.
        for planned in intent.change.archived { change.archived.append(try archive.archive(planned)) }
        return change
    }

    package func reconcile(_ intent: StoreIntent) throws(SuccessionError) -> TerminalChange {
        try archive.reconcile(intent.change)
    }

    package func revert(_ change: TerminalChange) throws(SuccessionError) {
        try archive.revertFiles(change, root: layout.root)
    }

    private var archive: TerminalArchive { TerminalArchive(layout: layout) }
}
