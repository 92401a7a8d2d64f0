public import Foundation
public import SystemPackage

/// A verified backup of the new certificate 【工事手順⑥】: a lost backup means a new issue
/// application with a fee, so the copy is checked before it is trusted.
public enum CertificateBackup {
    /// The desktop folder the manual names: `NTT東オン資端末_電子証明書`.
    public static let defaultFolderName = "NTT東オン資端末_電子証明書"

    /// The backup folder the manual names, on the desktop at `desktop` 【工事手順⑥】.
    public static func defaultFolder(onDesktop desktop: FilePath) -> FilePath {
        desktop.appending(defaultFolderName)
    }
    /// The manifest written beside the backups.
    public static let manifestName = "backup-manifest.json"

    /// One backed-up file, as the manifest records it. Never holds a PIN or passphrase.
    public struct Record: Sendable, Hashable, Codable {
        /// The file's name in the backup folder.
        public let file: String
        /// The SHA-256 of the file's bytes, lower-case hex.
        public let fileSHA256: String
        /// The certificate's SHA-256 fingerprint.
        public let certificateSHA256: String
        /// The 医療機関等コード in the certificate's subject.
        public let institutionCode: MedicalInstitutionCode?
        /// The start of the certificate's validity.
        public let notBefore: Date
        /// The end of the certificate's validity.
        public let notAfter: Date
        /// When the backup was made.
        public let backedUpAt: Date
        /// Whether the file was re-wrapped with a new passphrase (then the download PIN does
        /// not open it).
        public let rewrapped: Bool
    }

    /// The copy ``backup(bytes:fileName:bundle:to:rewrappedWith:date:)`` made, or found already there.
    public struct Copy: Sendable, Hashable, Codable {
        /// The backup: the folder given with the backup's name appended.
        public let path: FilePath
        /// What the manifest records.
        public let record: Record
        /// `true` when an identical file was already there (nothing was written).
        public let alreadyPresent: Bool

        init(path: FilePath, record: Record, alreadyPresent: Bool) {
            self.path = path
            self.record = record
            self.alreadyPresent = alreadyPresent
        }

        private enum CodingKeys: String, CodingKey { case path, record, alreadyPresent }

        /// Decodes an outcome whose path is text, as ``encode(to:)`` writes it.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            path = FilePath(try container.decode(String.self, forKey: .path))
            record = try container.decode(Record.self, forKey: .record)
            alreadyPresent = try container.decode(Bool.self, forKey: .alreadyPresent)
        }

        /// Encodes the path as text (the form `--json` prints).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path.string, forKey: .path)
            try container.encode(record, forKey: .record)
            try container.encode(alreadyPresent, forKey: .alreadyPresent)
        }
    }

    /// Backs up the `.p12` at `file` (the one ``CertificatePicker/pick(in:newCode:oldCode:pin:at:trustAnchors:progress:)``
    /// chose, say) into `folder` under its own name: the file is read once, opened with `pin`,
    /// and copied as ``backup(bytes:fileName:bundle:to:rewrappedWith:date:)`` copies.
    ///
    /// Checking the certificate is the caller's (the picker has): a file that opens is copied.
    /// - Throws: `file.*` when it cannot be read, `pkcs12.*` when it does not open with `pin`,
    ///   and what the copy throws.
    public static func backup(
        contentsOf file: FilePath,
        pin: CertificatePIN,
        to folder: FilePath,
        rewrappedWith passphrase: CertificatePIN? = nil,
        date: Date = Date()
    ) throws(SuccessionError) -> Copy {
        let bytes = try PKCS12Bundle.fileBytes(at: file)
        return try backup(
            bytes: bytes,
            fileName: file.lastComponent?.string ?? file.string,
            bundle: try PKCS12Bundle(bytes: bytes, pin: pin),
            to: folder,
            rewrappedWith: passphrase,
            date: date
        )
    }

    /// Backs up the file the picker chose (``CertificatePicker/Pick/picked``, or a
    /// ``CertificatePicker/PickedFile`` opened by hand) into `folder` under its own name, as
    /// ``backup(bytes:fileName:bundle:to:rewrappedWith:date:)`` copies — provided it is still the
    /// file that was checked: its bytes are read again and their SHA-256 compared with the one
    /// taken when it was picked. No PIN is needed (the bundle is open already).
    ///
    /// ```swift
    /// let pick = try CertificatePicker.pick(in: downloads, newCode: code, pin: pin, at: .now)
    /// if let picked = pick.picked {
    ///     let copy = try CertificateBackup.backup(picked, to: backupFolder)
    /// }
    /// ```
    /// - Throws: `backup.fileChanged` (values: path, expected — the digest when picked, found —
    ///   the digest now) when the file changed since it was picked, and nothing is written;
    ///   `file.*` when it can no longer be read; what the copy throws.
    public static func backup(
        _ picked: CertificatePicker.PickedFile,
        to folder: FilePath,
        rewrappedWith passphrase: CertificatePIN? = nil,
        date: Date = Date()
    ) throws(SuccessionError) -> Copy {
        let bytes = try PKCS12Bundle.fileBytes(at: picked.path)
        let digest = try Digest.sha256(bytes)
        guard digest == picked.sha256 else {
            throw SuccessionError(
                .backupFileChanged,
                values: [.path: picked.path.string, .expected: picked.sha256, .found: digest]
            )
        }
        // These bytes are the ones checked: they are what is copied, whatever happens to the
        // file from now on.
        return try backup(
            bytes: bytes,
            fileName: picked.path.lastComponent?.string ?? picked.path.string,
            bundle: picked.bundle,
            to: folder,
            rewrappedWith: passphrase,
            date: date
        )
    }

    /// Copies a `.p12` into `folder` (created when missing) safely: temporary file, fsync,
    /// read back, SHA-256 compared, rename; mode 0600; an existing different file is kept and
    /// the new one named by its fingerprint; the manifest updated.
    ///
    /// - Parameters:
    ///   - bytes: the original file's bytes, already opened as `bundle`.
    ///   - fileName: the backup's name in `folder` (the downloaded file's, as a rule).
    ///   - bundle: the file opened with its PIN and verified; its certificate is what the
    ///     manifest records.
    ///   - folder: the backup folder 【工事手順⑥】, e.g. the desktop's
    ///     「NTT東オン資端末_電子証明書」 or the customer's USB memory.
    ///   - passphrase: when given, the backup is the bundle re-wrapped with this passphrase
    ///     (AES-256, PBKDF2-SHA256, SHA-256 MAC) instead of the original bytes.
    ///   - date: when the backup is made, as the manifest records it.
    public static func backup(
        bytes: [UInt8],
        fileName: String,
        bundle: PKCS12Bundle,
        to folder: FilePath,
        rewrappedWith passphrase: CertificatePIN? = nil,
        date: Date = Date()
    ) throws(SuccessionError) -> Copy {
        // A manifest that exists but cannot be read stops the backup before anything is written:
        // it is never replaced unread (a damaged one is kept aside and rewritten below).
        do {
            _ = try manifest(in: folder)
        } catch  where error.code == .backupManifestDamaged {
            // Kept aside by updateManifest.
        }
        let content =
            try passphrase.map { (passphrase: CertificatePIN) throws(SuccessionError) in
                try bundle.rewrapped(passphrase: passphrase)
            } ?? bytes
        let digest = try Digest.sha256(content)
        try AtomicFile.createFolder(folder.string)
        // One writer at a time in the folder, for the whole write: the check for an existing
        // name, the file, and the manifest's read-modify-write (no record lost, every OK true,
        // on FAT too, where no hard link makes "create, never overwrite" atomic).
        let lock = try FolderLock(folder)
        defer { lock.release() }

        let (name, alreadyPresent) = try destination(for: fileName, digest: digest, in: folder)
        let path = folder.appending(name).string
        if !alreadyPresent {
            try AtomicFile.write(content, to: path, replace: false)
            // Verified again as the file now stands under its real name.
            let written = try? FileBytes.read(path, followLinks: false)
            guard let written, try Digest.sha256(written) == digest else {
                // Ours, just made and wrong; the original is untouched: the bad copy goes, as
                // the message says, so a later backup is not mistaken for a good one.
                unlink(path)
                throw SuccessionError(.backupVerifyFailed, values: [.path: path])
            }
        }
        let record = Record(
            file: name,
            fileSHA256: digest,
            certificateSHA256: bundle.certificate.sha256,
            institutionCode: bundle.certificate.institutionCode,
            notBefore: bundle.certificate.notBefore,
            notAfter: bundle.certificate.notAfter,
            backedUpAt: date,
            rewrapped: passphrase != nil
        )
        try updateManifest(in: folder, with: record)
        return Copy(path: FilePath(path), record: record, alreadyPresent: alreadyPresent)
    }

    /// The records of the manifest in `folder` (empty when there is none).
    /// - Throws: `file.unreadable` / `file.notRegular` / `file.symbolicLink` when it exists but
    ///   cannot be read,
    ///   `backup.manifestDamaged` when it is not a manifest.
    public static func manifest(in folder: FilePath) throws(SuccessionError) -> [Record] {
        let path = folder.appending(manifestName).string
        var status = stat()
        guard lstat(path, &status) == 0 else { return [] }  // none yet
        // A link (to ~/.ssh/id_ed25519, say) is never read, nor copied aside as "damaged".
        let bytes = try FileBytes.read(path, followLinks: false)
        do {
            return try JSONCoding.decoder().decode([Record].self, from: Data(bytes))
        } catch {
            throw SuccessionError(.backupManifestDamaged, values: [.path: path])
        }
    }

    /// Adds `record` to the folder's manifest, written whole (temporary file, fsync, rename).
    /// - Throws: `backup.manifestUnwritable` when the records cannot be encoded (the backup
    ///   itself is written and verified by then; the message says to run the backup again).
    private static func updateManifest(in folder: FilePath, with record: Record) throws(SuccessionError) {
        let path = folder.appending(manifestName).string
        var records: [Record]
        do {
            records = try manifest(in: folder)
        } catch  where error.code == .backupManifestDamaged {
            // Keep the damaged manifest beside the new one; never lose what it said.
            if let damaged = try? FileBytes.read(path, followLinks: false) {
                try AtomicFile.write(
                    damaged,
                    to: path + ".damaged-\(Int(Date().timeIntervalSince1970))",
                    replace: false
                )
            }
            records = []
        }
        if !records.contains(where: { $0.file == record.file && $0.fileSHA256 == record.fileSHA256 }) {
            records.append(record)
        }
        let data: Data
        do {
            data = try JSONCoding.encoder().encode(records)
        } catch {
            throw SuccessionError(.backupManifestUnwritable, values: [.path: path, .detail: "\(error)"])
        }
        try AtomicFile.write(Array(data), to: path, replace: true)
    }

    /// The name a backup of content with `digest` takes in `folder`: `fileName`, unless a
    /// different file (or a symbolic link) has it, then ``fingerprintName(_:_:)``; and whether an
    /// identical file is there already. A job decides it before the backup is written, so that
    /// its journal names the exact file the backup creates.
    package static func destination(
        for fileName: String,
        digest: String,
        in folder: FilePath
    ) throws(SuccessionError) -> (name: String, alreadyPresent: Bool) {
        var name = fileName
        for candidate in [fileName, fingerprintName(fileName, digest)] {
            name = candidate
            let path = folder.appending(candidate).string
            // A symbolic link is never a backup (delete its target and nothing is left): the
            // next name is tried.
            if FileSystem.isSymbolicLink(path) { continue }
            guard let existing = try? FileBytes.read(path, followLinks: false) else { break }
            if try Digest.sha256(existing) == digest { return (candidate, true) }
        }
        return (name, false)
    }

    /// `name-<12 hex digits of the SHA-256>.ext`: the second name tried, when a different file
    /// already has the first.
    static func fingerprintName(_ fileName: String, _ digest: String) -> String {
        let component = FilePath.Component(fileName)
        let stem = component?.stem ?? fileName
        return "\(stem)-\(digest.prefix(12)).\(component?.extension ?? "p12")"
    }
}

extension ProblemCode {
    /// The picked file is no longer the one that was picked (its bytes' SHA-256 differs: replaced,
    /// downloaded again, edited): it is not backed up. Values: path, expected (the digest when
    /// picked), found (the digest now).
    public static let backupFileChanged = ProblemCode(rawValue: "backup.fileChanged")
    /// The backup manifest cannot be read; it is kept aside and a new one written.
    public static let backupManifestDamaged = ProblemCode(rawValue: "backup.manifestDamaged")
    /// The backup manifest's records could not be encoded, so it was not written; the backup
    /// file itself is there and verified. Values: path, detail.
    public static let backupManifestUnwritable = ProblemCode(rawValue: "backup.manifestUnwritable")
}
