public import Foundation
public import SystemPackage
import Synchronization
import Dispatch

/// Chooses the `.p12` to install from a folder by content 【工事手順⑥⑦】.
///
/// After the download, Downloads holds the old and the new file; the manual picks by modified
/// time, which a copy or a second download silently breaks. Here every `.p12`/`.pfx` is opened
/// and verified; the one for the new code, from the right issuer, valid today, wins — and every
/// other file says why not.
public enum CertificatePicker {
    /// One file of the folder and why it was or was not chosen.
    public struct Candidate: Sendable, Hashable, Codable {
        /// The file: the folder given to ``CertificatePicker/pick(in:newCode:oldCode:pin:at:trustAnchors:progress:)``
        /// with the file's name appended (absolute when the folder is).
        public let path: FilePath
        /// The certificate, when the file could be opened.
        public let certificate: CertificateSummary?
        /// Why it is not the one: no error for the chosen file (warnings may say more; see
        /// ``Swift/Array/isAcceptable``).
        public let problems: [Problem]

        init(path: FilePath, certificate: CertificateSummary?, problems: [Problem]) {
            self.path = path
            self.certificate = certificate
            self.problems = problems
        }

        private enum CodingKeys: String, CodingKey { case path, certificate, problems }

        /// Decodes a candidate whose path is text, as ``encode(to:)`` writes it.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            path = FilePath(try container.decode(String.self, forKey: .path))
            certificate = try container.decodeIfPresent(CertificateSummary.self, forKey: .certificate)
            problems = try container.decode([Problem].self, forKey: .problems)
        }

        /// Encodes the path as text (the form `--json` prints), not swift-system's own form.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path.string, forKey: .path)
            try container.encodeIfPresent(certificate, forKey: .certificate)
            try container.encode(problems, forKey: .problems)
        }
    }

    /// A `.p12` file as it was read and opened: the SHA-256 of its bytes at that moment and the
    /// bundle they opened to, so that nothing opens it again and a later step can tell whether
    /// the file is still the one that was checked (``CertificateBackup/backup(_:to:rewrappedWith:date:)``
    /// refuses one that changed, `backup.fileChanged`).
    ///
    /// Two are equal when they name the same path with the same bytes.
    public struct PickedFile: Sendable, Hashable {
        /// The file, as ``Candidate/path`` names it.
        public let path: FilePath
        /// The SHA-256 of the file's bytes when it was read, lower-case hex (what
        /// ``CertificateBackup/Record/fileSHA256`` records of a copy that is not re-wrapped).
        public let sha256: String
        /// The bundle the bytes opened to with the PIN given (the PIN is not kept).
        public let bundle: PKCS12Bundle

        /// Reads and opens the `.p12` at `path` with `pin`, as the picker does each file: for a
        /// file a person chose without the picker, to back it up with the same guarantee.
        /// - Throws: `file.*` when it cannot be read, `pkcs12.*` when it does not open with `pin`.
        public init(contentsOf path: FilePath, pin: CertificatePIN) throws(SuccessionError) {
            let bytes = try PKCS12Bundle.fileBytes(at: path)
            self.init(path: path, sha256: try Digest.sha256(bytes), bundle: try PKCS12Bundle(bytes: bytes, pin: pin))
        }

        init(path: FilePath, sha256: String, bundle: PKCS12Bundle) {
            self.path = path
            self.sha256 = sha256
            self.bundle = bundle
        }

        /// Same path, same bytes.
        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.path == rhs.path && lhs.sha256 == rhs.sha256
        }

        /// Hashes the path and the bytes' digest.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(path)
            hasher.combine(sha256)
        }
    }

    /// The outcome: a chosen file, or none with every reason.
    ///
    /// Two picks are equal when they chose the same file for the same reasons (``picked`` aside:
    /// it does not travel through JSON).
    public struct Pick: Sendable, Hashable, Codable {
        /// The file to install, or `nil` when none qualifies or several distinct ones do.
        public let chosen: FilePath?
        /// Every `.p12`/`.pfx` in the folder, by name.
        public let candidates: [Candidate]
        /// The chosen file as it was opened and verified — its bytes' SHA-256 and the bundle —
        /// to install or back up without opening it again; `nil` when nothing was chosen, and in
        /// a pick decoded from JSON (a bundle holds a private key: it is never encoded).
        public let picked: PickedFile?

        init(chosen: FilePath?, candidates: [Candidate], picked: PickedFile? = nil) {
            self.chosen = chosen
            self.candidates = candidates
            self.picked = picked
        }

        /// Same choice, same candidates.
        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.chosen == rhs.chosen && lhs.candidates == rhs.candidates
        }

        /// Hashes the choice and the candidates.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(chosen)
            hasher.combine(candidates)
        }

        private enum CodingKeys: String, CodingKey { case chosen, candidates }

        /// Decodes a pick as ``encode(to:)`` writes it.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let chosen = try container.decodeIfPresent(String.self, forKey: .chosen).map(FilePath.init(_:))
            self.init(chosen: chosen, candidates: try container.decode([Candidate].self, forKey: .candidates))
        }

        /// Encodes the chosen path as text, or `null`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(chosen?.string, forKey: .chosen)
            try container.encode(candidates, forKey: .candidates)
        }
    }

    /// Picks the file to install from `folder` 【工事手順⑥⑦】: the one `.p12` whose certificate
    /// is for `newCode` and passes ``PKCS12Bundle/verify(newCode:oldCode:at:pin:trustAnchors:)``;
    /// every other file says why it is not (the old code's certificate, a wrong PIN, expired…).
    ///
    /// - Parameters:
    ///   - folder: the folder the files were downloaded to (Downloads, or a USB memory).
    ///   - newCode: the code the new certificate must be for.
    ///   - oldCode: the code before the succession, when known: its certificate is named as the
    ///     old one (`cert.oldCode`), never a mere mismatch.
    ///   - pin: the 証明書パスワード, tried on every file.
    ///   - date: the time of the work, for the validity check.
    ///   - trustAnchors: the real root CA certificates the chain is verified against; without one
    ///     only the issuer's name is compared (`cert.issuerNotVerified`).
    ///   - progress: called after each file with (done, total), for a progress bar; files are
    ///     opened on all cores, so it may be called from any thread.
    /// - Throws: ``SuccessionError`` with `file.unreadable` when the folder cannot be listed.
    public static func pick(
        in folder: FilePath,
        newCode: MedicalInstitutionCode,
        oldCode: MedicalInstitutionCode? = nil,
        pin: CertificatePIN,
        at date: Date,
        trustAnchors: [TrustAnchor] = [],
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(SuccessionError) -> Pick {
        let (paths, undecodable) = try certificateFiles(in: folder.string)
        // Every file costs a key derivation: open them on all cores.
        let results = ResultBox(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let path = paths[index]
            let candidate: Candidate
            var picked: PickedFile?
            do throws(SuccessionError) {
                let file = try PickedFile(contentsOf: path, pin: pin)
                let problems = file.bundle.verify(
                    newCode: newCode,
                    oldCode: oldCode,
                    at: date,
                    trustAnchors: trustAnchors
                )
                candidate = Candidate(path: path, certificate: file.bundle.certificate, problems: problems)
                // Only a file that may be chosen keeps its bundle (and its key) until the choice.
                if !problems.containsError { picked = file }
            } catch {
                candidate = Candidate(path: path, certificate: nil, problems: error.problems)
            }
            let done = results.set(index, candidate, picked)
            progress?(done, paths.count)
        }
        // A name that is not UTF-8 cannot be named again (by ⑥, by a person typing it): it is
        // listed as such, never as "no such file".
        let unnamed = undecodable.map { name in
            Candidate(
                path: folder.appending(name),
                certificate: nil,
                problems: [Problem(.fileNameNotText).with(.path, folder.appending(name))]
            )
        }
        let decided = decide(results.values + unnamed)
        return Pick(
            chosen: decided.chosen,
            candidates: decided.candidates,
            picked: decided.chosen.flatMap { chosen in results.opened.first { $0.path == chosen } }
        )
    }

    /// One winner, or none: distinct valid certificates are a tie to explain, not to guess;
    /// byte-identical copies of one certificate are the same choice.
    static func decide(_ candidates: [Candidate]) -> Pick {
        let passing = candidates.filter { !$0.problems.containsError }
        let fingerprints = Set(passing.compactMap { $0.certificate?.sha256 })
        guard let first = passing.first, fingerprints.count == 1 else {
            guard fingerprints.count > 1 else { return Pick(chosen: nil, candidates: candidates) }
            let names = passing.map { $0.path.lastComponent?.string ?? $0.path.string }.joined(separator: ", ")
            let explained = candidates.map { candidate in
                guard !candidate.problems.containsError else { return candidate }
                let tie = Problem(.certAmbiguous, values: [.found: names])
                return Candidate(
                    path: candidate.path,
                    certificate: candidate.certificate,
                    problems: [tie] + candidate.problems
                )
            }
            return Pick(chosen: nil, candidates: explained)
        }
        let explained = candidates.map { candidate in
            guard candidate.path != first.path, !candidate.problems.containsError else { return candidate }
            let name = first.path.lastComponent?.string ?? first.path.string
            let copy = Problem(.certDuplicate, severity: .warning, values: [.found: name])
            return Candidate(
                path: candidate.path,
                certificate: candidate.certificate,
                problems: [copy] + candidate.problems
            )
        }
        return Pick(chosen: first.path, candidates: explained)
    }

    /// The `.p12` and `.pfx` files directly in `folder`, sorted by name, and the names of such
    /// files that are not UTF-8 (shown with U+FFFD in place of their other bytes).
    static func certificateFiles(
        in folder: String
    ) throws(SuccessionError) -> (
        paths: [FilePath], undecodable: [String]
    ) {
        guard let directory = opendir(folder) else {
            throw SuccessionError(.fileUnreadable, path: folder, system: SystemReason.values(errno: errno))
        }
        defer { closedir(directory) }
        var names: [String] = []
        var undecodable: [String] = []
        while let entry = readdir(directory) {
            let (name, isText) = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    pointer -> (String, Bool) in
                    if let text = String(validatingCString: pointer) { return (text, true) }
                    let bytes = UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))
                    return (String(decoding: bytes, as: UTF8.self), false)
                }
            }
            let lowered = name.lowercased()
            guard (lowered.hasSuffix(".p12") || lowered.hasSuffix(".pfx")) && !name.hasPrefix(".") else { continue }
            if isText { names.append(name) } else { undecodable.append(name) }
        }
        return (names.sorted().map { FilePath(folder).appending($0) }, undecodable.sorted())
    }
}

/// Collects results written from several threads, in their original order.
private final class ResultBox: Sendable {
    private let state:
        Mutex<(slots: [CertificatePicker.Candidate?], opened: [CertificatePicker.PickedFile?], done: Int)>

    init(count: Int) {
        state = Mutex((Array(repeating: nil, count: count), Array(repeating: nil, count: count), 0))
    }

    /// Stores a result, and the opened file when it may be chosen; returns how many are done.
    func set(_ index: Int, _ value: CertificatePicker.Candidate, _ opened: CertificatePicker.PickedFile?) -> Int {
        state.withLock { state in
            state.slots[index] = value
            state.opened[index] = opened
            state.done += 1
            return state.done
        }
    }

    var values: [CertificatePicker.Candidate] {
        state.withLock { $0.slots.compactMap { $0 } }
    }

    /// The files that opened without an error, in order.
    var opened: [CertificatePicker.PickedFile] {
        state.withLock { $0.opened.compactMap { $0 } }
    }
}
