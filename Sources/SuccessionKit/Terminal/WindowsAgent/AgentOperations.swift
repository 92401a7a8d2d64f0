import Foundation

/// A certificate of the personal store as the agent's `cert.list` describes it.
struct AgentCertificate: Sendable, Hashable {
    var thumbprint: String
    var issuedTo: String
    var issuedBy: String
    var notAfter: Date?
    var hasPrivateKey: Bool
    /// `nil`: no key, or it cannot be opened without a prompt.
    var exportable: Bool?

    init(_ reply: AgentReply) throws(SuccessionError) {
        thumbprint = try reply.required("thumbprint", of: "cert.list")
        issuedTo = reply.string("issuedTo") ?? ""
        issuedBy = reply.string("issuedBy") ?? ""
        notAfter = reply.string("notAfter").flatMap(ISO8601.date)
        hasPrivateKey = reply.flag("hasPrivateKey") ?? false
        exportable = reply.flag("exportable")
    }

    /// As the certificate stores of the library show it (発行先, 発行者, 有効期限, 拇印).
    var installed: InstalledCertificate {
        InstalledCertificate(
            issuedTo: issuedTo,
            issuer: issuedBy,
            notAfter: notAfter,
            thumbprint: thumbprint,
            certificate: nil,
            options: nil,
            installedAt: nil
        )
    }
}

/// The ops the stores use, typed. Each is one request of protocol 1.
extension AgentConnection {
    /// `cert.list`: the personal store (CurrentUser\MY).
    func certificates() async throws(SuccessionError) -> [AgentCertificate] {
        let reply = try await send(AgentRequest("cert.list"))
        var result: [AgentCertificate] = []
        for entry in reply.objects("certificates") ?? [] { result.append(try AgentCertificate(entry)) }
        return result
    }

    /// The personal certificate with `thumbprint`, or `nil`.
    func certificate(_ thumbprint: String) async throws(SuccessionError) -> AgentCertificate? {
        try await certificates().first { $0.thumbprint == thumbprint }
    }

    /// `cred.read`; `nil` when the entry does not exist.
    func credential(_ target: String) async throws(SuccessionError) -> AgentReply? {
        do {
            return try await send(AgentRequest("cred.read", ["target": .text(target)]))
        } catch  where error.code == .agentCredNotFound {
            return nil
        }
    }

    /// `file.digest` of an OQS-Auth path: its SHA-256, or `nil` when it does not exist.
    func digest(of path: String) async throws(SuccessionError) -> String? {
        let reply = try await send(AgentRequest("file.digest", ["path": .text(path)]))
        guard reply.flag("exists") == true else { return nil }
        return try reply.required("sha256", of: "file.digest")
    }

    /// `C:\ProgramData\OQS-Auth\ReaderInfo.ini` as this Windows names it.
    func readerInfoPath() async throws(SuccessionError) -> String {
        try await hello().oqsAuthFolder + #"\ReaderInfo.ini"#
    }
}
