public import Foundation

/// A certificate as a store showed it (for the record).
public struct CertificateSighting: Sendable, Hashable, Codable {
    /// 発行先 as shown.
    public let issuedTo: String
    /// 有効期限, when shown.
    public let notAfter: Date?
    /// 拇印 (or its first digits, as typed), when shown.
    public let thumbprint: String?

    package init(issuedTo: String, notAfter: Date?, thumbprint: String?) {
        self.issuedTo = issuedTo
        self.notAfter = notAfter
        self.thumbprint = thumbprint
    }

    init(_ installed: InstalledCertificate) {
        self.init(issuedTo: installed.issuedTo, notAfter: installed.notAfter, thumbprint: installed.thumbprint)
    }
}
