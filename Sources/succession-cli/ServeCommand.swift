import ArgumentParser
import Foundation
import SuccessionKit
import SuccessionWeb

/// `succession serve`: the guided page — the same job in a browser, on this machine only.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The guided page: the job's steps and questions in a browser, on 127.0.0.1 with a token.",
        discussion: """
            Prints http://127.0.0.1:PORT/?t=TOKEN and serves until Ctrl-C. The page holds the job's lock for \
            its whole life: a command that would change the job is refused meanwhile (job status and job \
            report still read it). With no job in WORK the page starts one, with the same hard stop as \
            job init. Only loopback is served: --listen on another address (over TLS) is not built yet.
            """
    )
    @OptionGroup var folder: JobFolderOptions
    @Option(name: .long, help: "The port (default: a free one).") var port: Int?
    @Option(name: .long, help: "The address to listen on; only 127.0.0.1 (loopback) for now.") var listen: String?
    @Option(name: .long, help: ArgumentHelp("The page's default language.", valueName: "ja|en")) var lang:
        LanguageOption?

    func validate() throws {
        if let port, !(0...65_535).contains(port) {
            throw ValidationError("--port takes 0 to 65535.")
        }
    }

    func run() async throws {
        let language = lang?.language ?? .japanese
        if let listen, !["127.0.0.1", "localhost"].contains(listen) {
            throw UsageFailure(message: Phrase.serveLoopbackOnly(listen)(language))
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.absolute, isDirectory: &isFolder), isFolder.boolValue else {
            throw UsageFailure(message: Phrase.serveNoFolder(folder.terminal)(language))
        }
        let job: GuidedJob
        do {
            job = try GuidedJob(root: folder.absolute)
        } catch {
            Output.error.write(error.cliMessage(in: language))
            throw ExitCode(ExitStatus.of(error))
        }
        let keys = GuidedPageKeys.random()
        try await serveGuidedPage(job: job, keys: keys, port: port ?? 0, language: language) { served in
            let out = Output.standard
            out.write("http://127.0.0.1:\(served)/?t=\(keys.token)")
            out.write(Phrase.serveRunning(language))
            out.flush()
        }
    }
}

extension Phrase {
    static func serveLoopbackOnly(_ address: String) -> Phrase {
        Phrase(
            "--listen \(address): このページは 127.0.0.1 でのみ公開します（他のアドレスは TLS 対応後）。",
            "--listen \(address): the page is served on 127.0.0.1 only (other addresses wait for TLS)."
        )
    }
    static func serveNoFolder(_ path: String) -> Phrase {
        Phrase("「\(path)」はフォルダーではありません。", "'\(path)' is not a folder.")
    }
    static let serveRunning = Phrase(
        "このアドレスをブラウザーで開いてください。Ctrl-C で終了します。",
        "Open this address in a browser. Ctrl-C stops the page."
    )
}
