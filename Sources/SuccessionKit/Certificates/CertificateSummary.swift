public import Foundation

/// What a person needs to know about one certificate: of a `.p12` file, or of a terminal's
/// certificate store.
public struct CertificateSummary: Sendable, Hashable, Codable {
    /// The subject, e.g. `CN=1310110049,OU=総合受付,O=…,C=JP`.
    public let subject: DistinguishedNameText
    /// The issuer, e.g. `CN=Online Billing NW Common Root CA,…`.
    public let issuer: DistinguishedNameText
    /// The serial number, upper-case hex.
    public let serial: String
    /// The start of the validity period.
    public let notBefore: Date
    /// The end of the validity period.
    public let notAfter: Date
    /// The SHA-256 fingerprint of the certificate's DER, lower-case hex.
    public let sha256: String
    /// The SHA-1 of the certificate's DER, lower-case hex: Windows' 拇印 (thumbprint), which a
    /// person reads in 証明書の管理 【工事手順⑧】.
    public let sha1: String
    /// Whether this is a CA certificate (part of the chain, not the terminal's own).
    public let isCA: Bool
    /// The PKCS#12 friendly name of its bag, if any.
    public let friendlyName: String?
    /// The 医療機関等コード found in the subject, if any (see ``institutionCodeAttribute``).
    public let institutionCode: MedicalInstitutionCode?
    /// The subject attribute the code was read from (`CN`, `OU`, `serialNumber`, …).
    ///
    /// The subject's layout of the real certificates is not public: the code is read from
    /// whichever attribute holds a valid 10-digit code, CN first, never from a fixed position.
    public let institutionCodeAttribute: String?

    /// Creates a summary (a backend that reads certificates from its own store builds these).
    public init(
        subject: DistinguishedNameText,
        issuer: DistinguishedNameText,
        serial: String,
        notBefore: Date,
        notAfter: Date,
        sha256: String,
        sha1: String,
        isCA: Bool,
        friendlyName: String?,
        institutionCode: MedicalInstitutionCode?,
        institutionCodeAttribute: String?
    ) {
        self.subject = subject
        self.issuer = issuer
        self.serial = serial
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.sha256 = sha256
        self.sha1 = sha1
        self.isCA = isCA
        self.friendlyName = friendlyName
        self.institutionCode = institutionCode
        self.institutionCodeAttribute = institutionCodeAttribute
    }

    /// Whether `date` lies within the validity period.
    public func isValid(at date: Date) -> Bool {
        notBefore <= date && date <= notAfter
    }

    /// Every valid code in any subject attribute, CN first, each once (more than one is
    /// `cert.ambiguousCode`).
    static func institutionCodes(in attributes: [(name: String, value: String)]) -> [MedicalInstitutionCode] {
        let ordered = attributes.filter { $0.name == "CN" } + attributes.filter { $0.name != "CN" }
        var codes: [MedicalInstitutionCode] = []
        for attribute in ordered {
            for run in digitRuns(in: attribute.value) where run.count == 10 {
                if let code = try? MedicalInstitutionCode(parsing: run), !codes.contains(code) { codes.append(code) }
            }
        }
        return codes
    }

    /// Reads the 医療機関等コード from subject attributes: CN first, then the others in order;
    /// the first 10-digit run that is a valid code wins, with the attribute it was read from.
    static func institutionCode(in attributes: [(name: String, value: String)]) -> (MedicalInstitutionCode, String)? {
        let ordered = attributes.filter { $0.name == "CN" } + attributes.filter { $0.name != "CN" }
        for attribute in ordered {
            for run in digitRuns(in: attribute.value) where run.count == 10 {
                if let code = try? MedicalInstitutionCode(parsing: run) { return (code, attribute.name) }
            }
        }
        return nil
    }

    private static func digitRuns(in text: String) -> [String] {
        var runs: [String] = []
        var current = ""
        for character in text {
            if let digit = TypedInput.digitValue(character) {
                current.append(Character(Unicode.Scalar(digit + 48)))
            } else if !current.isEmpty {
                runs.append(current)
                current = ""
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}

/// A distinguished name in the two forms people meet: RFC 2253 (`CN=…,O=…,C=JP`, most
/// specific first) and OpenSSL's one-line form (`C = JP, O = …, CN = …`). UTF-8 is kept, so
/// Japanese names read as Japanese.
public struct DistinguishedNameText: Sendable, Hashable, Codable, CustomStringConvertible {
    /// RFC 2253 form.
    public let rfc2253: String
    /// OpenSSL's one-line form.
    public let oneLine: String

    /// A name in both forms (a backend that reads its store's certificates builds these).
    public init(rfc2253: String, oneLine: String) {
        self.rfc2253 = rfc2253
        self.oneLine = oneLine
    }

    public var description: String { rfc2253 }
}

/// The private key's algorithm and size.
public struct KeySummary: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `RSA`, `EC`, `Ed25519`, …
    public let type: String
    /// The key size in bits.
    public let bits: Int
    /// The curve of an EC key, e.g. `prime256v1`.
    public let curve: String?

    public var description: String {
        curve.map { "\(type) \(bits) (\($0))" } ?? "\(type) \(bits)"
    }
}
