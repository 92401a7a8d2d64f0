import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SuccessionKit
import SystemPackage
import SuccessionKitSandbox
import SuccessionWeb
import Testing

/// A sandbox site with a guided page over it, for in-process router tests: the keys are fixed,
/// the Host the router test framework sends (`localhost`) and `127.0.0.1:8080` are allowed.
final class PageSite: Sendable {
    let folder: URL
    let root: String
    let scenario: SandboxScenario
    let keys = GuidedPageKeys(token: "0123456789abcdef0123456789abcdef", csrf: "fedcba9876543210fedcba9876543210")
    let job: GuidedJob

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("page-\(UUID().uuidString)")
        root = folder.appendingPathComponent("site").path
        scenario = try SandboxScenario.make(
            root: FilePath(root),
            oldCode: MedicalInstitutionCode(parsing: "0110113719"),
            newCode: MedicalInstitutionCode(parsing: "1310110049"),
            pin: CertificatePIN("1357")
        )
        job = try GuidedJob(root: FilePath(root))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var journalPath: String { root + "/.succession/job.json" }

    func application() -> some ApplicationProtocol {
        Application(
            router: guidedPageRouter(
                job: job,
                keys: keys,
                hosts: AllowedHosts(["localhost", "127.0.0.1:8080"])
            )
        )
    }

    /// The start form's fields for this scenario's job.
    func startFields(attended: Bool, notice: String? = nil) -> [(String, String)] {
        var fields = [
            ("csrf", keys.csrf), ("oldCode", "0110113719"), ("newCode", "1310110049"),
            ("notice", notice ?? scenario.noticeText),
        ]
        if attended {
            let layout = scenario.terminal.layout
            fields += [
                ("attended", "on"), ("downloads", layout.path(.downloads).string),
                ("backupFolder", folder.appendingPathComponent("usb").path),
            ]
        }
        return fields
    }

    /// The answers of a hurried technician, each list typed in turn: a typo then its correction,
    /// an empty field, full-width digits, a wrong 拇印, a password typed as the PIN.
    var hurriedPlan: [String: [String]] {
        let old = scenario.oldCertificate
        let new = scenario.newCertificate
        var wrong = Array(new.sha1.prefix(8))
        wrong[0] = wrong[0] == "0" ? "1" : "0"
        return [
            "2.done": ["", "はい"],
            "3.readers": ["caora-０００１０１ 未接続\nCAORA-00102 未接続", "caora-000101 未接続\nＣＡＯＲＡ-000102 未接続"],
            "3.removed": ["no", "yes"],
            "4.certificates": [
                "", "0110113719 \(JapanTime.day(old.notAfter)) \(Thumbprint.display(old.sha1, digits: 8))",
            ],
            "4.removed": ["yes"], "5.method": ["1"], "6.downloaded": ["yes"], "6.desktopFolder": ["yes"],
            "6.pin": ["Kanri#Henkou2026", "1357"], "7.installed": ["yes"],
            "8.thumbprint": [String(wrong), Thumbprint.display(new.sha1, digits: 8).uppercased()],
            "8.expiry": [JapanTime.day(new.notAfter)], "8.others": ["なし"],
            "9.login": ["yes"], "9.code": ["131011OO49", "１３１０１１００４９"],
            "10.loginKeyUser": ["R0RENK01"], "10.before": ["0110113719"], "10.after": ["", "1310110049"],
            "11.done": ["yes"], "12.password": ["1357", "Face#Secret2026"], "12.state": ["接続中", "接続中"],
            "13.status": [
                "サーバー接続の定期実行待ち [再開予定時刻：\(JapanTime.minute(Date().addingTimeInterval(86_400)))]"
            ],
            "13.faceAuth": ["yes"], "14.myNumberCard": ["yes"], "14.insuranceCard": ["ｙ"], "14.backup": ["yes"],
            "S2.expectedName": ["さくら内科"],
            "S2.facilityName": ["さくら内科"],
        ]
    }
}

/// Requests as a browser that has visited the printed URL makes them.
struct PageClient {
    let client: any TestClientProtocol
    let site: PageSite

    var cookie: String { "succession-token=\(site.keys.token)" }

    func get(_ path: String, cookie: Bool = true, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if cookie { headers[.cookie] = self.cookie }
        return try await client.execute(uri: path, method: .get, headers: headers)
    }

    func post(_ path: String, _ fields: [(String, String)], cookie: Bool = true) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if cookie { headers[.cookie] = self.cookie }
        return try await client.execute(
            uri: path,
            method: .post,
            headers: headers,
            body: ByteBuffer(string: Self.encode(fields))
        )
    }

    /// A multipart post as the start form sends it: text fields, then file fields (name, file
    /// name, bytes).
    func postMultipart(
        _ path: String,
        _ fields: [(String, String)],
        files: [(String, String, [UInt8])],
        boundary: String = "----succession-test-7MA4YWxkTrZu0gW"
    ) async throws -> TestResponse {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, fileName, bytes) in files {
            body += Array(
                ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\n"
                    + "Content-Type: text/plain\r\n\r\n").utf8
            )
            body += bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return try await client.execute(
            uri: path,
            method: .post,
            headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: cookie],
            body: ByteBuffer(bytes: body)
        )
    }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128))
        )
        allowed.insert(charactersIn: "-._~")
        return fields.map { key, value in
            key + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
    }

    /// The question the job page asks now, by its hidden `q` field.
    static func questionID(_ body: String) -> String? {
        guard let range = body.range(of: #"name="q" value="([^"]+)""#, options: .regularExpression) else { return nil }
        let match = body[range]
        return match.split(separator: "\"").dropFirst(3).first.map(String.init)
    }

    /// Answers every question the page asks from `plan` (each list in turn; an id without its
    /// subject answers every subject) until the page asks nothing; returns every page's body.
    func work(_ plan: [String: [String]], until last: String? = nil, limit: Int = 120) async throws -> [String] {
        var plan = plan
        var bodies: [String] = []
        for _ in 0..<limit {
            let page = try await get("/job")
            let body = String(buffer: page.body)
            bodies.append(body)
            guard let id = Self.questionID(body), id != last else { break }
            let key = plan[id] != nil ? id : id.split(separator: ".").prefix(2).joined(separator: ".")
            guard var answers = plan[key], !answers.isEmpty else {
                Issue.record("no answer planned for \(id)")
                break
            }
            let text = answers.count > 1 ? answers.removeFirst() : answers[0]
            plan[key] = answers
            let reply = try await post("/answer", [("csrf", site.keys.csrf), ("q", id), ("answer", text)])
            #expect(reply.status == .seeOther)
            bodies.append(String(buffer: reply.body))
        }
        return bodies
    }
}
