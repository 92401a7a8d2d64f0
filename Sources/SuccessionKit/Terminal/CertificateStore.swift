public import Foundation

/// The terminal's certificate stores 【工事手順④⑦⑧】: the current user's personal store, which
/// holds the client certificate with its key, and the trusted roots.
public protocol CertificateStore: Sendable {
    /// The personal store.
    func personal() throws(SuccessionError) -> [InstalledCertificate]
    /// The trusted root certificates.
    func trustedRoots() throws(SuccessionError) -> [CertificateSummary]
    /// Installs a bundle that passes ``PKCS12Bundle/verify(newCode:oldCode:at:pin:)``; one that
    /// does not is refused with its problems and nothing is written. The issuer's CA
    /// certificates are added to the trusted roots (the wizard's security warning, answered はい).
    func install(
        _ bundle: PKCS12Bundle,
        bytes: [UInt8],
        newCode: MedicalInstitutionCode,
        oldCode: MedicalInstitutionCode?,
        at date: Date,
        options: CertificateInstallOptions
    ) throws(SuccessionError) -> InstalledCertificate
    /// Removes a personal certificate by moving it into the terminal's archive.
    func remove(sha256: String) throws(SuccessionError) -> [TerminalArchive.Entry]
}

extension CertificateStore {
    /// The personal certificates issued by the Online Billing NW Common Root CA, for `code`
    /// when given.
    public func onlineBillingCertificates(
        for code: MedicalInstitutionCode? = nil
    ) throws(SuccessionError) -> [InstalledCertificate] {
        try personal().filter { installed in
            let issuer = KnownIssuer.commonName(inRFC2253: installed.certificate.issuer.rfc2253) ?? ""
            return KnownIssuer.isOnlineBillingRoot(issuer)
                && (code == nil || installed.certificate.institutionCode == code)
        }
    }

    /// Removes (archives) every Online Billing certificate that is not for `newCode` 【工事手順④】.
    public func removeCertificates(
        notFor newCode: MedicalInstitutionCode
    ) throws(SuccessionError) -> [TerminalArchive.Entry] {
        var entries: [TerminalArchive.Entry] = []
        for installed in try onlineBillingCertificates() where installed.certificate.institutionCode != newCode {
            entries += try remove(sha256: installed.certificate.sha256)
        }
        return entries
    }
}

/// A certificate in the personal store, with the options it was imported with.
public struct InstalledCertificate: Sendable, Hashable, Codable {
    public let certificate: CertificateSummary
    public let options: CertificateInstallOptions
    public let installedAt: Date
}

/// The import wizard's choices 【工事手順⑦】, kept as attributes of the installed certificate.
public struct CertificateInstallOptions: Sendable, Hashable, Codable {
    /// 保存場所: 現在のユーザー.
    public var currentUser = true
    /// 秘密キーの保護を強力にする: OFF.
    public var strongPrivateKeyProtection = false
    /// このキーをエクスポート可能にする: ON.
    public var exportable = true
    /// すべての拡張プロパティを含める: ON.
    public var includeExtendedProperties = true
    /// 自動的に証明書ストアを選択する.
    public var automaticStore = true
    /// 信頼されたルート証明機関に発行者を登録する: はい.
    public var trustIssuer = true

    public init() {}

    /// The manual's choices.
    public static let manual = CertificateInstallOptions()

    /// Where the options differ from the manual's, as warnings.
    public var problems: [Problem] {
        var differing: [String] = []
        if !currentUser { differing.append("currentUser") }
        if strongPrivateKeyProtection { differing.append("strongPrivateKeyProtection") }
        if !exportable { differing.append("exportable") }
        if !includeExtendedProperties { differing.append("includeExtendedProperties") }
        if !automaticStore { differing.append("automaticStore") }
        if !trustIssuer { differing.append("trustIssuer") }
        return differing.map { Problem(.terminalInstallOption, severity: .warning, values: [.field: $0]) }
    }
}
