import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// The Wine prefix the tests run against, from the environment `Scripts/windows-prefix.sh`
/// prints: `SUCCESSION_AGENT_COMMAND` (the agent's command line: words separated by spaces, or
/// a JSON array of strings) and `WINEPREFIX` (for the independent views of the state).
enum Wine {
    static let environment = ProcessInfo.processInfo.environment

    /// How to start the agent, or `nil` when the tests under Wine are to be skipped.
    static let command: [String]? = {
        guard let text = environment["SUCCESSION_AGENT_COMMAND"]?.trimmingCharacters(in: .whitespaces),
            !text.isEmpty
        else { return nil }
        if text.hasPrefix("["),
            let words = try? JSONDecoder().decode([String].self, from: Data(text.utf8))
        {
            return words
        }
        return text.split(separator: " ").map(String.init)
    }()

    /// The prefix's `drive_c`.
    static let driveC: URL? = environment["WINEPREFIX"].map {
        URL(fileURLWithPath: $0).appendingPathComponent("drive_c")
    }

    /// Whether the tests under Wine run.
    static var available: Bool { command != nil && driveC != nil }

    /// What a skipped run says.
    static let skipReason: Comment =
        "skipped: SUCCESSION_AGENT_COMMAND and WINEPREFIX are not set. Prepare a Wine prefix and run: eval \"$(bash Scripts/windows-prefix.sh)\" && swift test --filter WindowsAgentTests"

    /// A connection to the agent in the prefix.
    static func connection() -> AgentConnection {
        AgentConnection(command: command ?? ["false"], timeout: .seconds(120))
    }

    /// A fresh agent process asks `body`, then ends: an independent reader of the stores.
    static func fresh<T: Sendable>(
        _ body: @escaping @Sendable (AgentConnection) async throws -> T
    ) async throws -> T {
        let connection = connection()
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    /// The thumbprints the registry holds for the current user's personal store, through
    /// `wine reg query` (what the agent's CertOpenStore reads, seen by another program).
    static func registryThumbprints(_ store: String = "My") throws -> Set<String> {
        let key = #"HKCU\Software\Microsoft\SystemCertificates\"# + store + #"\Certificates"#
        let output = try run(["wine", "reg", "query", key])
        var found = Set<String>()
        for line in output.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let range = trimmed.range(of: #"\Certificates\"#, options: .backwards) else { continue }
            let name = trimmed[range.upperBound...]
            if name.count == 40, name.allSatisfy(\.isHexDigit) { found.insert(name.lowercased()) }
        }
        return found
    }

    /// A file under `drive_c` (`ProgramData/OQS-Auth/ReaderInfo.ini`).
    static func file(_ relative: String) -> URL {
        (driveC ?? URL(fileURLWithPath: "/nonexistent")).appendingPathComponent(relative)
    }

    /// Runs a program and returns its standard output; standard error goes to a file, so no pipe
    /// of ours is left to a wineserver.
    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("wine-run-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return String(decoding: try Data(contentsOf: output), as: UTF8.self)
    }
}

/// A job's local folder for one test, removed afterwards.
final class JobFolder {
    let url: URL
    var path: FilePath { FilePath(url.path) }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "succession-agent-test-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A path a record names relative to the root, as a URL.
    func resolve(_ recorded: String) -> URL { url.appendingPathComponent(recorded) }
}

/// Certificates shaped like the real ones, made in this process.
struct Fixtures {
    let factory: SandboxCertificates
    let now = Date()

    init() throws {
        factory = try SandboxCertificates(start: Date().addingTimeInterval(-86_400 * 30))
    }

    /// A `.p12` for `code` with `pin`, and the bundle it opens to.
    func p12(_ code: String, pin: String) throws -> (bytes: [UInt8], bundle: PKCS12Bundle) {
        let code = try MedicalInstitutionCode(parsing: code)
        let bytes = try factory.makePKCS12(
            code: code,
            pin: CertificatePIN(pin),
            start: now.addingTimeInterval(-86_400),
            end: now.addingTimeInterval(86_400 * 400)
        )
        return (bytes, try PKCS12Bundle(bytes: bytes, pin: CertificatePIN(pin)))
    }

    /// ⑦'s request for a `.p12` of the new code.
    func request(
        _ p12: (bytes: [UInt8], bundle: PKCS12Bundle),
        pin: String,
        newCode: String,
        oldCode: String
    ) throws
        -> CertificateImport
    {
        CertificateImport(
            bundle: p12.bundle,
            fileBytes: p12.bytes,
            filePath: nil,
            pin: CertificatePIN(pin),
            newCode: try MedicalInstitutionCode(parsing: newCode),
            oldCode: try MedicalInstitutionCode(parsing: oldCode),
            date: now
        )
    }
}

/// Codes with valid check digits, one pair per test, so the tests' certificates never meet.
enum Codes {
    /// A valid 10-digit code of prefecture 13, kind 1, serial `serial` (6 digits).
    static func code(_ serial: Int) -> String {
        let body = "131" + String(format: "%06d", serial)
        for digit in 0...9 {
            let text = body + String(digit)
            if (try? MedicalInstitutionCode(parsing: text)) != nil { return text }
        }
        return body + "0"
    }
}

extension AgentConnection {
    /// Imports a `.p12` as the terminal had it before the succession (the tests' setup).
    func seed(_ p12: [UInt8], pin: String) async throws -> String {
        let reply = try await send(
            AgentRequest(
                "cert.import",
                ["pfxBase64": .text(Data(p12).base64EncodedString()), "password": .pin(CertificatePIN(pin))]
            )
        )
        return reply.string("thumbprint") ?? ""
    }

    /// Creates a generic credential as the practice terminal has it (persistence "enterprise"),
    /// or leaves the one there. (An empty `catch where` after this `do` crashes swiftc 6.3.1 in
    /// MandatoryAllocBoxToStack when written inline in an `async throws` test: keep it here.)
    func create(_ target: String, userName: String, value: AgentRequest.Value) async throws {
        let request = AgentRequest(
            "cred.create",
            ["target": .text(target), "userName": .text(userName), "value": value, "persist": .text("enterprise")]
        )
        do {
            _ = try await send(request)
        } catch  where error.code == .agentCredExists {
            return
        }
    }

    /// The personal store's thumbprints, as this agent lists them.
    func thumbprints() async throws -> Set<String> {
        let reply = try await send(AgentRequest("cert.list"))
        return Set((reply.objects("certificates") ?? []).compactMap { $0.string("thumbprint") })
    }

    /// A credential's value as this agent reads it.
    func value(of target: String) async throws -> String? {
        try await send(AgentRequest("cred.read", ["target": .text(target)])).string("value")
    }
}

/// A store record's fields, read as JSON, as the journal holds it.
func recordFields(_ change: TerminalChange) -> [String: Any] {
    guard let text = change.storeRecords.first,
        let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    else { return [:] }
    return object
}
