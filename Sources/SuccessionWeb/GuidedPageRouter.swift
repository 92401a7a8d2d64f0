import Foundation
import HTTPTypes
public import Hummingbird
import NIOCore
public import SuccessionKit
import Synchronization

/// The secrets of one server's life: the access token printed in its URL (then a cookie) and
/// the token every form post carries. 128 random bits each.
public struct GuidedPageKeys: Sendable {
    public let token: String
    package let csrf: String

    public init(token: String, csrf: String) {
        self.token = token
        self.csrf = csrf
    }

    /// New random tokens.
    public static func random() -> GuidedPageKeys {
        GuidedPageKeys(token: randomHex(), csrf: randomHex())
    }

    private static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }
            .joined()
    }
}

/// The Host header values a request may carry: the address served (DNS rebinding: a page of
/// another site that resolves its name to 127.0.0.1 sends its own name).
public final class AllowedHosts: Sendable {
    private let hosts: Mutex<Set<String>>

    public init(_ hosts: Set<String> = []) {
        self.hosts = Mutex(hosts)
    }

    /// Allows `127.0.0.1:port` and `localhost:port` only.
    public func serve(port: Int) {
        serve(port: port, names: PageEndpoint.loopback.names, defaultPort: 80)
    }

    /// Allows each of `names` with `:port`, and alone when `port` is the scheme's default (a
    /// browser leaves `:443` out of the Host).
    public func serve(port: Int, names: [String], defaultPort: Int) {
        let allowed = names.map { $0.lowercased() }
        hosts.withLock { $0 = Set(allowed.map { "\($0):\(port)" } + (port == defaultPort ? allowed : [])) }
    }

    /// Whether a request with this Host header is let through.
    public func allows(_ host: String) -> Bool {
        hosts.withLock { $0.contains(host.lowercased()) }
    }
}

/// The names of the page's cookies.
enum CookieName {
    static let token = "succession-token"
    static let language = "succession-lang"
}

/// The guided page's routes: `/` (the start form, or a redirect to the job), `/job`, `/report`,
/// `/style.css`, `/report.css` (each also as `HEAD`: the same answer without its body); posts
/// `/start`, `/answer`, `/redo`, `/again`. Every request passes the ``PageGuard`` first.
/// `secure`: served over TLS, so the cookies are `Secure`.
public func guidedPageRouter(
    job: GuidedJob,
    keys: GuidedPageKeys,
    hosts: AllowedHosts,
    language: Language = .japanese,
    secure: Bool = false
) -> Router<BasicRequestContext> {
    let router = Router(options: .autoGenerateHeadEndpoints)
    router.add(middleware: PageGuard(keys: keys, hosts: hosts, secure: secure))
    let site = Site(job: job, keys: keys, defaultLanguage: language, secure: secure)
    router.get("/") { request, _ in try await site.home(request) }
    router.post("/start") { request, context in try await site.start(request, context: context) }
    router.get("/job") { request, _ in try await site.jobPage(request) }
    router.post("/answer") { request, context in try await site.answer(request, context: context) }
    router.post("/redo") { request, context in try await site.redo(request, context: context) }
    router.post("/undo") { request, context in try await site.undo(request, context: context) }
    router.post("/again") { request, context in try await site.again(request, context: context) }
    router.get("/report") { request, _ in try await site.report(request) }
    router.get("/style.css") { _, _ in styleSheet(Style.css) }
    // The report's own sheet (A4 print, a phone): served, so that no inline style needs a CSP exception.
    router.get("/report.css") { _, _ in styleSheet(ReportPage.styleSheet.description) }
    return router
}

func styleSheet(_ css: String) -> Response {
    Response(
        status: .ok,
        headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "no-cache"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: css))
    )
}

/// Checks every request before a route sees it — the Host, then the token (query `t` on the
/// first visit, a cookie after) — and puts the security headers on every response.
struct PageGuard: RouterMiddleware {
    typealias Context = BasicRequestContext
    let keys: GuidedPageKeys
    let hosts: AllowedHosts
    let secure: Bool

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        // HTTP/1's Host header arrives as the authority.
        if !hosts.allows(request.head.authority ?? "") {
            response = plain(HTTPResponse.Status(code: 421, reasonPhrase: "Misdirected Request"), "wrong host\n")
        } else if let cookie = request.cookies[CookieName.token], Self.same(cookie.value, keys.token) {
            do {
                response = try await next(request, context)
            } catch let error as HTTPError {
                response = plain(error.status, "\(error.status.code)\n")
            } catch is NIOTooManyBytesError {
                // A body past a route's limit (`collectBody(upTo:)`): the sender's fault, said so.
                response = plain(.contentTooLarge, "413: the form is too large.\n413: 送信内容が大きすぎます。\n")
            } catch {
                response = plain(.internalServerError, "internal error\n")
            }
        } else if request.method == .get || request.method == .head, let typed = request.uri.queryParameters["t"],
            Self.same(String(typed), keys.token)
        {
            // The token leaves the address bar: a cookie carries it from now on.
            let language = request.uri.queryParameters["lang"].map { "?lang=" + String($0) } ?? ""
            response = Response(status: .seeOther, headers: [.location: request.uri.path + language])
            response.setCookie(
                Cookie(
                    name: CookieName.token,
                    value: keys.token,
                    path: "/",
                    secure: secure,
                    httpOnly: true,
                    sameSite: .strict
                )
            )
        } else {
            response = plain(
                .forbidden,
                "403: open the address `succession serve` printed (with its ?t=…).\n"
                    + "403: succession serve が表示したアドレス（?t=… 付き）を開いてください。\n"
            )
        }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; form-action 'self'"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    /// Compares in time that does not depend on where the texts differ.
    static func same(_ typed: String, _ expected: String) -> Bool {
        let a = Array(typed.utf8)
        let b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
    Response(
        status: status,
        headers: [.contentType: "text/plain; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: text))
    )
}

func page(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
        status: status,
        headers: [.contentType: "text/html; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: html))
    )
}

func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}

extension HTTPField.Name {
    static let referrerPolicy = named("Referrer-Policy")
    static let xFrameOptions = named("X-Frame-Options")

    /// A field name written in this file: always a valid token.
    private static func named(_ name: String) -> Self {
        guard let field = Self(name) else { preconditionFailure("not a field name: \(name)") }
        return field
    }
}

/// A posted form: every one carries the CSRF token.
protocol PostedForm: Decodable {
    var csrf: String { get }
}

struct StartForm: PostedForm {
    var csrf: String
    var oldCode: String?
    var newCode: String?
    var notice: String?
    var downloads: String?
    var backupFolder: String?
    var attended: String?
}

struct AnswerForm: PostedForm {
    var csrf: String
    var q: String
    var answer: String?
    /// The asking the form answers: a second send of the same form is outdated.
    var attempt: String?
}

struct StepForm: PostedForm {
    var csrf: String
    var step: String
    var reopening: String?
}

struct UndoForm: PostedForm {
    var csrf: String
    var step: String
    var doneByHand: String?
    var reopening: String?
}

struct TokenForm: PostedForm {
    var csrf: String
}

/// The routes' work.
struct Site: Sendable {
    let job: GuidedJob
    let keys: GuidedPageKeys
    let defaultLanguage: Language
    let secure: Bool

    /// The language of a request: `?lang=` (kept in a cookie), the cookie, else the default.
    private func language(_ request: Request) -> (Language, Cookie?) {
        if let asked = request.uri.queryParameters["lang"], let language = Language(rawValue: String(asked)) {
            return (
                language,
                Cookie(
                    name: CookieName.language,
                    value: language.rawValue,
                    path: "/",
                    secure: secure,
                    httpOnly: true,
                    sameSite: .strict
                )
            )
        }
        if let cookie = request.cookies[CookieName.language], let language = Language(rawValue: cookie.value) {
            return (language, nil)
        }
        return (defaultLanguage, nil)
    }

    private func pages(_ request: Request, path: String) -> (Pages, Cookie?) {
        let (language, cookie) = language(request)
        return (Pages(language: language, csrf: keys.csrf, path: path), cookie)
    }

    private func respond(_ response: Response, _ cookie: Cookie?) -> Response {
        var response = response
        if let cookie { response.setCookie(cookie) }
        return response
    }

    private func failure(_ error: SuccessionError, _ pages: Pages) -> Response {
        let words = { (ja: String, en: String) in LocalizedText(ja: ja, en: en)(pages.language) }
        return page(
            pages.message(
                title: words("エラー", "Error"),
                [words("ジョブを読めませんでした。", "The job could not be read.")],
                problems: error.problems
            ),
            status: .internalServerError
        )
    }

    /// Reads a posted form and checks its CSRF token; `nil` when either fails.
    private func form<Form: PostedForm>(
        _ type: Form.Type,
        _ request: Request,
        context: BasicRequestContext
    ) async throws -> Form? {
        var request = request
        let body = try await request.collectBody(upTo: 256 * 1024)
        let text = String(buffer: body)
        guard let form = try? URLEncodedFormDecoder().decode(Form.self, from: text) else { return nil }
        return PageGuard.same(form.csrf, keys.csrf) ? form : nil
    }

    private func refused(_ request: Request) -> Response {
        let (pages, _) = pages(request, path: "/job")
        let words = { (ja: String, en: String) in LocalizedText(ja: ja, en: en)(pages.language) }
        return page(
            pages.message(
                title: words("送信できません", "Not sent"),
                [
                    words(
                        "このフォームは古いか、このページのものではありません。ページを開き直してください。",
                        "This form is stale or not from this page. Open the page again."
                    )
                ]
            ),
            status: .forbidden
        )
    }

    func home(_ request: Request) async throws -> Response {
        let (pages, cookie) = pages(request, path: "/")
        if await job.hasJob { return respond(redirect("/job"), cookie) }
        return respond(page(pages.start(trustAnchors: job.trustAnchors.count)), cookie)
    }

    /// The start form's body: a notice file (64 KiB) and a pasted notice fit; a larger body is
    /// read to its end and dropped (up to 8 MiB), so the browser gets the page's answer.
    static let startLimit = 256 * 1024
    static let drainLimit = 8 << 20

    /// The start form as sent: URL-encoded, or multipart (with the file field) from the page.
    private enum StartPost {
        case form(StartForm, NoticeFile?)
        case tooLarge(Int)
        case refused
        case malformed
    }

    private func startPost(_ request: Request) async throws -> StartPost {
        var bytes: [UInt8] = []
        var total = 0
        for try await buffer in request.body {
            total += buffer.readableBytes
            if total > Self.drainLimit { throw HTTPError(.contentTooLarge) }
            if total <= Self.startLimit { bytes += buffer.readableBytesView } else { bytes = [] }
        }
        guard total <= Self.startLimit else { return .tooLarge(total) }
        let form: StartForm
        var file: NoticeFile?
        if let boundary = Multipart.boundary(contentType: request.headers[.contentType] ?? "") {
            guard let parts = Multipart.parts(bytes, boundary: boundary) else { return .malformed }
            var fields: [String: String] = [:]
            for part in parts where fields[part.name] == nil {
                if part.name == "noticeFile" {
                    let name = part.fileName ?? ""
                    if file == nil, !name.isEmpty || !part.body.isEmpty {
                        file = NoticeFile(name: name, bytes: part.body)
                    }
                } else {
                    fields[part.name] = String(decoding: part.body, as: UTF8.self)
                }
            }
            form = StartForm(
                csrf: fields["csrf"] ?? "",
                oldCode: fields["oldCode"],
                newCode: fields["newCode"],
                notice: fields["notice"],
                downloads: fields["downloads"],
                backupFolder: fields["backupFolder"],
                attended: fields["attended"]
            )
        } else {
            guard
                let decoded = try? URLEncodedFormDecoder().decode(
                    StartForm.self,
                    from: String(decoding: bytes, as: UTF8.self)
                )
            else { return .refused }
            form = decoded
        }
        return PageGuard.same(form.csrf, keys.csrf) ? .form(form, file) : .refused
    }

    func start(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let (pages, _) = pages(request, path: "/")
        let form: StartForm
        let file: NoticeFile?
        switch try await startPost(request) {
        case .form(let sent, let chosen):
            form = sent
            file = chosen
        case .refused:
            return refused(request)
        case .malformed:
            return plain(.badRequest, "malformed form\n")
        case .tooLarge(let count):
            let problem = Problem(
                .fileTooLarge,
                values: [
                    .path: LocalizedText(ja: "通知書", en: "the notice")(pages.language),
                    .limit: String(NoticeFile.limit), .count: String(count),
                ]
            )
            return page(
                pages.start(
                    refusal: StartRefusal(problems: [Problem(.jobCannotStart), problem]),
                    trustAnchors: job.trustAnchors.count
                ),
                status: .contentTooLarge
            )
        }
        var fields = StartRequest(
            oldCode: form.oldCode ?? "",
            newCode: form.newCode ?? "",
            notice: form.notice ?? "",
            downloads: (form.downloads ?? "").trimmingCharacters(in: .whitespaces),
            backupFolder: (form.backupFolder ?? "").trimmingCharacters(in: .whitespaces),
            attended: form.attended == "on"
        )
        if let file {
            // A chosen file is the notice; its text goes into the text area, so that a refused
            // start shows what was read and needs no second choice of the file.
            switch file.text() {
            case .text(let text):
                fields.notice = text
                fields.noticeFile = file.name
            case .refused(let problem):
                return page(
                    pages.start(
                        fields,
                        refusal: StartRefusal(problems: [Problem(.jobCannotStart), problem]),
                        trustAnchors: job.trustAnchors.count
                    ),
                    status: .unprocessableContent
                )
            }
        }
        do {
            if let refusal = try await job.start(fields) {
                return page(
                    pages.start(fields, refusal: refusal, trustAnchors: job.trustAnchors.count),
                    status: .unprocessableContent
                )
            }
        } catch {
            return page(
                pages.start(
                    fields,
                    refusal: StartRefusal(problems: error.problems),
                    trustAnchors: job.trustAnchors.count
                ),
                status: .unprocessableContent
            )
        }
        return redirect("/job")
    }

    func jobPage(_ request: Request) async throws -> Response {
        let (pages, cookie) = pages(request, path: "/job")
        do {
            guard let view = try await job.view() else { return respond(redirect("/"), cookie) }
            return respond(page(pages.job(view)), cookie)
        } catch {
            return failure(error, pages)
        }
    }

    func answer(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let form = try await form(AnswerForm.self, request, context: context) else { return refused(request) }
        do {
            let refused = try await job.answer(form.q, form.answer ?? "", attempt: form.attempt.flatMap { Int($0) })
            // A refusal is shown beside the field: the page opens there, not above it.
            return redirect(refused ? "/job#problem" : "/job#current")
        } catch {
            return failure(error, pages(request, path: "/job").0)
        }
    }

    func redo(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let form = try await form(StepForm.self, request, context: context) else { return refused(request) }
        let id = SuccessionStep.ID(rawValue: form.step)
        do {
            try await job.redo(id, reopening: form.reopening == "yes")
        } catch {
            return failure(error, pages(request, path: "/job").0)
        }
        return redirect("/job#current")
    }

    func undo(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let form = try await form(UndoForm.self, request, context: context) else { return refused(request) }
        let id = SuccessionStep.ID(rawValue: form.step)
        do {
            try await job.undo(id, doneByHand: form.doneByHand == "yes", reopening: form.reopening == "yes")
        } catch {
            return failure(error, pages(request, path: "/job").0)
        }
        return redirect("/job#step-" + id.rawValue)
    }

    func again(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard try await form(TokenForm.self, request, context: context) != nil else { return refused(request) }
        await job.runAgain()
        return redirect("/job#current")
    }

    func report(_ request: Request) async throws -> Response {
        let (pages, cookie) = pages(request, path: "/report")
        do {
            guard let html = try await job.report(in: pages.language) else { return respond(redirect("/"), cookie) }
            return respond(page(html), cookie)
        } catch {
            return failure(error, pages)
        }
    }
}
