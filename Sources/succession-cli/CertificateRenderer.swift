import Foundation
import SuccessionKit
import SystemPackage

/// Shows certificates, picks and backups as text or JSON.
struct CertificateRenderer {
    let language: Language
    let json: Bool
    private let lines = JSONLines()

    init(language: Language, json: Bool) {
        self.language = language
        self.json = json
    }

    /// A file's certificate (when it opened) and the problems found.
    func render(file: String, bundle: PKCS12Bundle?, problems: [Problem]) {
        if json {
            Output.standard.write(
                lines.line(CertificateRecord(file: file, bundle: bundle, problems: problems, language: language))
            )
            return
        }
        Output.standard.write(Phrase.file(language) + file)
        if let bundle { describe(bundle) }
        renderVerdict(problems)
    }

    func render(_ pick: CertificatePicker.Pick) {
        if json {
            Output.standard.write(lines.line(PickRecord(pick, language: language)))
            return
        }
        for candidate in pick.candidates {
            // A name is one line: its line breaks are shown escaped, so no name forges a line.
            let name = Output.oneLine(candidate.path.lastComponent?.string ?? candidate.path.string)
            if candidate.path == pick.chosen {
                Output.standard.write("→ \(name)  " + Phrase.installThis(language))
            } else {
                let reasons = candidate.problems.map { $0.cliMessage(in: language) }.joined(separator: " ／ ")
                Output.standard.write("   \(name)  \(reasons.isEmpty ? "-" : reasons)")
            }
        }
        if let chosen = pick.chosen {
            Output.standard.write(Phrase.chosen(language) + Output.oneLine(chosen.string))
        } else {
            Output.standard.write(
                Phrase.nothingChosen(language)
            )
        }
    }

    func render(_ result: CertificateBackup.Copy) {
        if json {
            Output.standard.write(lines.line(result))
            return
        }
        let record = result.record
        if result.alreadyPresent {
            Output.standard.write(
                Phrase.alreadyBackedUp(language) + result.path.string
            )
        } else {
            Output.standard.write(
                Phrase.backedUp(language) + result.path.string
            )
        }
        Output.standard.write("  SHA-256: \(record.fileSHA256)")
        if record.rewrapped {
            Output.standard.write(
                Phrase.rewrapped(language)
            )
        }
        Output.standard.write(
            Phrase.keepBackup(language)
        )
    }

    private func describe(_ bundle: PKCS12Bundle) {
        let certificate = bundle.certificate
        let write = { (label: Phrase, value: String) in
            Output.standard.write("  \(label(language)): \(value)")
        }
        write(.subject, certificate.subject.rfc2253)
        write(.issuer, certificate.issuer.rfc2253)
        if let code = certificate.institutionCode {
            write(.institutionCode, "\(code.digits) (\(certificate.institutionCodeAttribute ?? "?"))")
        }
        // People read Japan time (a certificate from 00:00 JST is from that day); --json keeps ISO 8601.
        write(.validity, "\(JapanTime.minute(certificate.notBefore)) 〜 \(JapanTime.minute(certificate.notAfter))")
        write(.sha256, certificate.sha256)
        write(.serial, certificate.serial)
        if let key = bundle.key {
            let match =
                bundle.keyMatchesCertificate
                ? Phrase.keyMatches(language) : Phrase.keyDoesNotMatch(language)
            write(.privateKey, "\(key) (\(match))")
        }
        let algorithms = bundle.algorithms
        write(.mac, algorithms.macDigest.map { "\($0), \(algorithms.macIterations ?? 1) iterations" } ?? "-")
        write(.keyEncryption, algorithms.keyEncryption ?? "-")
        write(.certificateEncryption, algorithms.certificateEncryption ?? "-")
        if !bundle.chain.isEmpty {
            write(.chain, bundle.chain.map(\.subject.rfc2253).joined(separator: " | "))
        }
    }

    private func renderVerdict(_ problems: [Problem]) {
        if !problems.containsError {
            Output.standard.write("OK")
        }
        for problem in problems {
            let mark = problem.severity == .error ? "NG" : Phrase.note(language)
            Output.standard.write("\(mark)  \(problem.cliMessage(in: language))")
        }
    }
}

/// `cert inspect|verify --json`.
struct CertificateRecord: Encodable {
    struct ChainEntry: Encodable {
        let subject: String
        let issuer: String
        let sha256: String
        let notAfter: String
    }

    let file: String
    let subject: String?
    let subjectOneLine: String?
    let issuer: String?
    let serial: String?
    let notBefore: String?
    let notAfter: String?
    let sha256: String?
    let institutionCode: String?
    let institutionCodeAttribute: String?
    let key: KeySummary?
    let keyMatchesCertificate: Bool?
    let algorithms: PKCS12Algorithms?
    let chain: [ChainEntry]?
    let problems: [ProblemRecord]

    init(file: String, bundle: PKCS12Bundle?, problems: [Problem], language: Language) {
        self.file = file
        let certificate = bundle?.certificate
        subject = certificate?.subject.rfc2253
        subjectOneLine = certificate?.subject.oneLine
        issuer = certificate?.issuer.rfc2253
        serial = certificate?.serial
        notBefore = certificate.map { ISO8601.string($0.notBefore) }
        notAfter = certificate.map { ISO8601.string($0.notAfter) }
        sha256 = certificate?.sha256
        institutionCode = certificate?.institutionCode?.digits
        institutionCodeAttribute = certificate?.institutionCodeAttribute
        key = bundle?.key
        keyMatchesCertificate = bundle?.keyMatchesCertificate
        algorithms = bundle?.algorithms
        chain = bundle?.chain.map {
            ChainEntry(
                subject: $0.subject.rfc2253,
                issuer: $0.issuer.rfc2253,
                sha256: $0.sha256,
                notAfter: ISO8601.string($0.notAfter)
            )
        }
        self.problems = problems.map { ProblemRecord($0, language: language) }
    }

    // Absent values are written as null so every object has the same keys.
    func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey {
            case file, subject, subjectOneLine, issuer, serial, notBefore, notAfter, sha256, institutionCode
            case institutionCodeAttribute, key, keyMatchesCertificate, algorithms, chain, problems
        }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(file, forKey: .file)
        try container.encode(subject, forKey: .subject)
        try container.encode(subjectOneLine, forKey: .subjectOneLine)
        try container.encode(issuer, forKey: .issuer)
        try container.encode(serial, forKey: .serial)
        try container.encode(notBefore, forKey: .notBefore)
        try container.encode(notAfter, forKey: .notAfter)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(institutionCode, forKey: .institutionCode)
        try container.encode(institutionCodeAttribute, forKey: .institutionCodeAttribute)
        try container.encode(key, forKey: .key)
        try container.encode(keyMatchesCertificate, forKey: .keyMatchesCertificate)
        try container.encode(algorithms, forKey: .algorithms)
        try container.encode(chain, forKey: .chain)
        try container.encode(problems, forKey: .problems)
    }
}

/// `cert pick --json`.
struct PickRecord: Encodable {
    struct Candidate: Encodable {
        let path: String
        let sha256: String?
        let institutionCode: String?
        let problems: [ProblemRecord]
    }
    let chosen: String?
    let candidates: [Candidate]

    init(_ pick: CertificatePicker.Pick, language: Language) {
        chosen = pick.chosen?.string
        candidates = pick.candidates.map {
            Candidate(
                path: $0.path.string,
                sha256: $0.certificate?.sha256,
                institutionCode: $0.certificate?.institutionCode?.digits,
                problems: $0.problems.map { ProblemRecord($0, language: language) }
            )
        }
    }

    func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey { case chosen, candidates }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(chosen, forKey: .chosen)
        try container.encode(candidates, forKey: .candidates)
    }
}
