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

    /// The outcome: a chosen file, or none with every reason.
    public struct Pick: Sendable, Hashable, Codable {
        /// The file to install, or `nil` when none qualifies or several distinct ones do.
        public let chosen: FilePath?
        /// Every `.p12`/`.pfx` in the folder, by name.
        public let candidates: [Candidate]

        init(chosen: FilePath?, candidates: [Candidate]) {
            self.chosen = chosen
            self.candidates = candidates
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
            do throws(SuccessionError) {
                let bundle = try PKCS12Bundle(contentsOf: path, pin: pin)
                let problems = bundle.verify(newCode: newCode, oldCode: oldCode, at: date, trustAnchors: trustAnchors)
                candidate = Candidate(path: path, certificate: bundle.certificate, problems: problems)
            } catch {
                candidate = Candidate(path: path, certificate: nil, problems: error.problems)
            }
            let done = results.set(index, candidate)
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
        return decide(results.values + unnamed)
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
    private let state: Mutex<(slots: [CertificatePicker.Candidate?], done: Int)>

    init(count: Int) {
        state = Mutex((Array(repeating: nil, count: count), 0))
    }

    /// Stores a result; returns how many are done.
    func set(_ index: Int, _ value: CertificatePicker.Candidate) -> Int {
        state.withLock { state in
            state.slots[index] = value
            state.done += 1
            return state.done
        }
    }

    var values: [CertificatePicker.Candidate] {
        state.withLock { $0.slots.compactMap { $0 } }
    }
}
