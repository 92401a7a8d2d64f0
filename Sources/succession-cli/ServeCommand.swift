import ArgumentParser
import Foundation
import SuccessionKit
import SystemPackage
import SuccessionWeb
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `succession serve`: the guided page — the same job in a browser: on this machine over plain
/// HTTP, or with `--listen` on another address over TLS with a certificate made at start.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The guided page: the job's steps and questions in a browser, on a loopback address with a token.",
        discussion: """
            Prints http://127.X.Y.Z:PORT/?t=TOKEN (a loopback address of the page's own, new at each start, \
            so that no other local service receives its cookie) and serves until Ctrl-C. The page holds the job's lock for \
            its whole life: a command that would change the job is refused meanwhile (job status and job \
            report still read it). With no job in WORK the page starts one, with the same hard stop as \
            job init. --listen on another address (a phone on the same network: --listen 0.0.0.0) serves \
            over TLS only, with a certificate made at start: its SHA-256 fingerprint is printed, to compare \
            with the one the browser shows before going on.
            """
    )
    @OptionGroup var folder: JobFolderOptions
    @Option(name: .long, help: "The port (default: a free one).") var port: Int?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The address to listen on (default: a loopback address of its own, plain HTTP); any other address, or 0.0.0.0 for all, over TLS.",
            valueName: "address"
        )
    ) var listen: String?
    @Option(name: .long, help: ArgumentHelp("The page's default language.", valueName: "ja|en")) var lang:
        LanguageOption?
    @Option(
        name: .long,
        help:
            "The real root CA certificate (PEM or DER) ⑥ verifies the new certificate against, for a job the page starts."
    )
    var ca: [String] = []

    func validate() throws {
        if let port, !(0...65_535).contains(port) {
            throw ValidationError("--port takes 0 to 65535.")
        }
    }

    func run() async throws {
        let language = lang?.language ?? .japanese
        var endpoint = PageEndpoint.privateLoopback()
        if let listen {
            do throws(ListenRefusal) {
                endpoint = try PageEndpoint.listening(on: listen)
            } catch .notAnAddress(let text) {
                throw UsageFailure(message: Phrase.serveNotAnAddress(text)(language))
            } catch .plainOffLoopback(let text) {
                throw UsageFailure(message: Phrase.servePlainOffLoopback(text)(language))
            } catch .shortForm(let text, let meaning) {
                throw UsageFailure(message: Phrase.serveShortForm(text, meaning)(language))
            } catch .certificate(let error) {
                Output.error.write(error.cliMessage(in: language))
                throw ExitCode(ExitStatus.of(error))
            }
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.absolute.string, isDirectory: &isFolder), isFolder.boolValue
        else {
            throw UsageFailure(message: Phrase.serveNoFolder(folder.terminal)(language))
        }
        let anchors = try ca.map { try TrustAnchorFile.read($0, language: language) }
        let job: GuidedJob
        do {
            job = try GuidedJob(root: folder.absolute, trustAnchors: anchors)
        } catch {
            Output.error.write(error.cliMessage(in: language))
            throw ExitCode(ExitStatus.of(error))
        }
        let keys = GuidedPageKeys.random()
        let listening = Listening()
        let served = endpoint
        do {
            try await serveGuidedPage(job: job, keys: keys, endpoint: served, port: port ?? 0, language: language) {
                port in
                listening.started.withLock { $0 = true }
                let out = Output.standard
                out.write(served.url(port: port, token: keys.token))
                if let identity = served.identity {
                    out.write(Phrase.serveFingerprint(identity.fingerprint)(language))
                    for name in served.shown.dropFirst() {
                        out.write(Phrase.serveAlso(served.url(port: port, token: keys.token, name: name))(language))
                    }
                    out.write(Phrase.serveRunningTLS(language))
                } else {
                    out.write(Phrase.serveRunning(language))
                }
                if let failure = out.flushedFailure() {
                    // Nobody got the address: a page no one can open must not hold the job's
                    // lock. Stop at once; the kernel releases the lock and the socket.
                    Output.error.write(Phrase.standardOutputFailed(failure)(language))
                    Output.error.write(Phrase.serveAddressNotPrinted(language))
                    Output.error.flush()
                    _exit(ExitStatus.usage)
                }
                if served.bind == PageEndpoint.loopback.bind, served.identity == nil {
                    Output.error.write(Phrase.serveSharedLoopback(language))
                    Output.error.flush()
                }
            }
        } catch  where !listening.started.withLock({ $0 }) {
            // The socket could not be bound (a port in use, an address not of this machine).
            throw UsageFailure(
                message: Phrase.serveCannotListen(endpoint.bind, port ?? 0, "\(error)")(language)
            )
        }
    }
}

/// Whether the page's socket listens: an error before it did is the address's or the port's.
private final class Listening: Sendable {
    let started = Mutex(false)
}

extension Phrase {
    static func serveNotAnAddress(_ text: String) -> Phrase {
        Phrase(
            "--listen \(text): アドレス（192.168.1.5、0.0.0.0 など）でもホスト名でもありません。ポートは --port で指定します。",
            "--listen \(text): neither an address (192.168.1.5, 0.0.0.0, …) nor a host name. The port goes in --port."
        )
    }
    static func servePlainOffLoopback(_ text: String) -> Phrase {
        Phrase(
            "--listen \(text): 127.0.0.1 以外では暗号化なしの http では公開しません（トークンとパスワードがネットワークを平文で流れるため）。http:// を外すと TLS（https）で公開します。",
            "--listen \(text): off loopback the page is never served as plain http (the token and the passwords would cross the network in clear). Leave out http:// to serve it over TLS (https)."
        )
    }
    static func serveCannotListen(_ address: String, _ port: Int, _ reason: String) -> Phrase {
        let where_ = port == 0 ? address : "\(address):\(port)"
        return Phrase(
            "\(where_) で待ち受けできません（\(reason)）。ポートが使用中か、このマシンのアドレスではありません。",
            "Cannot listen on \(where_) (\(reason)): the port is in use, or the address is not this machine's."
        )
    }
    static func serveShortForm(_ text: String, _ meaning: String) -> Phrase {
        Phrase(
            "--listen \(text): 省略形のアドレスです（システムは \(meaning) と読みます）。\(meaning) のように省略せずに書いてください（すべてのアドレスなら 0.0.0.0）。",
            "--listen \(text): a short form of an address (the system reads it as \(meaning)). Write it in full, as \(meaning) (every address: 0.0.0.0)."
        )
    }
    static let serveAddressNotPrinted = Phrase(
        "ページのアドレスを表示できないため、ページを止めました（ジョブのロックも解放しました）。",
        "The page's address could not be printed, so the page was stopped (and the job's lock released)."
    )
    static let serveSharedLoopback = Phrase(
        "注意: 127.0.0.1 はこの PC のすべてのサービスが共有するアドレスです。ブラウザーはこのページの Cookie（アクセス用トークン）を 127.0.0.1 の他のサービスにも送ります。--listen を付けなければ専用のアドレスで開きます。",
        "Note: 127.0.0.1 is shared by every service on this machine; the browser sends this page's cookie (its access token) to all of them. Without --listen the page gets a loopback address of its own."
    )
    static func serveNoFolder(_ path: String) -> Phrase {
        Phrase("「\(path)」はフォルダーではありません。", "'\(path)' is not a folder.")
    }
    static func serveFingerprint(_ fingerprint: String) -> Phrase {
        Phrase("証明書 SHA-256: \(fingerprint)", "Certificate SHA-256: \(fingerprint)")
    }
    static func serveAlso(_ url: String) -> Phrase {
        Phrase("（別のアドレス: \(url)）", "(also: \(url))")
    }
    static let serveRunning = Phrase(
        "このアドレスをブラウザーで開いてください。Ctrl-C で終了します。",
        "Open this address in a browser. Ctrl-C stops the page."
    )
    static let serveRunningTLS = Phrase(
        "このアドレスをブラウザーで開いてください。この場で作った証明書のため警告が出ます。証明書の詳細の SHA-256 が上の値と同じときだけ進んでください。Ctrl-C で終了します。",
        "Open this address in a browser. The certificate was made just now, so the browser warns: go on only when the SHA-256 in its certificate details is the one above. Ctrl-C stops the page."
    )
}
