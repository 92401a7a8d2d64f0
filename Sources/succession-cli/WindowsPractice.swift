import ArgumentParser
import Foundation
import SuccessionKit
import SuccessionKitSandbox
import SystemPackage

/// A practice Windows terminal inside the agent's Windows, as a clinic's stands before ①: the old
/// code's certificate in the user's personal store, OQS_MEDICAL_INSTITUTION_CODE and
/// OQS_LOGIN_KEY in Credential Manager, and — under Wine, where this process can reach the
/// prefix's `drive_c` — ReaderInfo.ini, `C:\Work\InitializeFace.bat` and the OQSComAppRestart
/// batch. The certificate and the credentials go through the agent, as the job's own changes do.
enum WindowsPractice {
    /// Sets the practice terminal up from `scenario`'s old certificate and code; returns where
    /// the files went (`nil` when not under Wine: they are not made).
    static func prepare(
        _ scenario: SandboxScenario,
        pin: CertificatePIN,
        agent command: [String],
        hello: AgentHello
    ) async throws(SuccessionError) -> FilePath? {
        let connection = AgentConnection(command: command)
        do {
            let p12 = try FileBytes.read(scenario.oldCertificateFile.string, limit: 1 << 20)
            _ = try await connection.send(
                AgentRequest(
                    "cert.import",
                    ["pfxBase64": .text(Data(p12).base64EncodedString()), "password": .pin(pin)]
                )
            )
            let linkage = scenario.oldCode.terminalKind?.linkageAccountID ?? "R0RENK01"
            try await create(
                "OQS_MEDICAL_INSTITUTION_CODE",
                userName: linkage,
                value: .text(scenario.oldCode.digits),
                on: connection
            )
            try await create(
                "OQS_LOGIN_KEY",
                userName: linkage,
                value: .password(PasswordPolicy.generate()),
                on: connection
            )
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
        guard hello.wine != nil else { return nil }
        let driveC = wineDriveC()
        try writeFiles(under: driveC)
        return driveC
    }

    /// A credential as the practice terminal has it; one already there is left as it is.
    private static func create(
        _ target: String,
        userName: String,
        value: AgentRequest.Value,
        on connection: AgentConnection
    ) async throws(SuccessionError) {
        let request = AgentRequest(
            "cred.create",
            ["target": .text(target), "userName": .text(userName), "value": value, "persist": .text("enterprise")]
        )
        do {
            _ = try await connection.send(request)
        } catch {
            guard error.code == .agentCredExists else { throw error }
        }
    }

    /// The prefix's `drive_c`, as Wine finds it: `$WINEPREFIX`, else `~/.wine`.
    static func wineDriveC() -> FilePath {
        let environment = ProcessInfo.processInfo.environment
        let prefix =
            environment["WINEPREFIX"].map { FilePath($0) }
            ?? FilePath(environment["HOME"] ?? NSHomeDirectory()).appending(".wine")
        return prefix.appending("drive_c")
    }

    /// The OQS software's files the manual's ⑤ and ⑪ use, in CP932 with CRLF as on a terminal.
    /// (The reader's serial and the batch's wording are the practice's own, assumed: the manual
    /// shows the batch's 「1」 and 「初期化完了」, not its whole text.)
    private static func writeFiles(under driveC: FilePath) throws(SuccessionError) {
        let files: [(String, String)] = [
            (
                "ProgramData/OQS-Auth/ReaderInfo.ini",
                "[Reader]\r\nSerialNo=CAORA-000101\r\nLoginName=F0FACE01\r\n; 顔認証付きカードリーダー\r\n"
            ),
            (
                "Work/InitializeFace.bat",
                [
                    "@echo off", "echo セットアップ情報の初期化を行います。", "set /p ANSWER=1:初期化する 9:終了 番号: ",
                    #"if not "%ANSWER%"=="1" exit /b 9"#, #"del C:\ProgramData\OQS-Auth\ReaderInfo.ini"#, "echo 初期化完了",
                    "pause", "exit /b 0",
                ].map { $0 + "\r\n" }.joined()
            ),
            (
                "Program Files/OQS/OQSComApp/tools/OQSComAppRestart.bat",
                "@echo off\r\necho restarted> C:\\Work\\restart-marker.txt\r\nexit /b 0\r\n"
            ),
        ]
        for (path, text) in files {
            let file = driveC.appending(path)
            try AtomicFile.createFolder(file.removingLastComponent().string)
            // Shift-JIS here is Windows-31J (CP932): every character above is in it.
            let bytes = Array(text.data(using: .shiftJIS) ?? Data(text.utf8))
            try AtomicFile.write(bytes, to: file.string, replace: true, mode: 0o644)
        }
    }
}

/// `succession terminal windows-sandbox DIR --windows-agent CMD`: a practice Windows terminal
/// for `job init --windows-agent`.
struct TerminalWindowsSandboxCommand: TakingCodes, AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "windows-sandbox",
        abstract:
            "Set up a practice Windows terminal through the agent (old certificate and code), and DIR as terminal sandbox does.",
        discussion: """
            Inside the agent's Windows: the old code's certificate in the user's personal store, \
            OQS_MEDICAL_INSTITUTION_CODE and OQS_LOGIN_KEY; under Wine also ReaderInfo.ini, \
            C:\\Work\\InitializeFace.bat and OQSComAppRestart. DIR holds the job's folder, Downloads with the \
            old and the new .p12 (証明書パスワード 1357) and the notice, for \
            job init --windows-agent CMD --terminal DIR --downloads DIR/Downloads --notice DIR/Desktop/通知書.txt. \
            Never on a clinic's terminal: it adds a certificate and credentials.
            """
    )

    @Argument(help: "The folder to create (must not hold a sandbox).") var root: String
    @Option(
        name: .customLong("windows-agent"),
        help: ArgumentHelp(
            "How to start succession-agent.exe (\"wine /path/succession-agent.exe\").",
            valueName: "command"
        )
    )
    var windowsAgent: AgentCommandOption
    @Option(name: .long, help: "The OLD code.") var oldCode = "0110113719"
    @Option(name: .long, help: "The NEW code.") var newCode = "1310110049"
    @OptionGroup var output: OutputOptions

    var codeArguments: KeyValuePairs<String, String> { ["--old-code": oldCode, "--new-code": newCode] }

    func run() async throws {
        let language = output.language
        let codes = try parsedCodes()
        let folder = FilePath.typed(root)
        if StateFolder(of: folder.string).exists {
            throw UsageFailure(message: Phrase.sandboxExists(root)(language))
        }
        let renderer = ProblemRenderer(language: language, json: output.json)
        let hello = try await AgentGreeting.hello(windowsAgent.words, renderer: renderer)
        let pin = CertificatePIN("1357")
        let scenario = try attempt(renderer) { () throws(SuccessionError) in
            try SandboxScenario.make(root: folder, oldCode: codes[0], newCode: codes[1], pin: pin)
        }
        let files = try await attempt(renderer) { () async throws(SuccessionError) in
            try await WindowsPractice.prepare(scenario, pin: pin, agent: windowsAgent.words, hello: hello)
        }
        renderer.render(
            hello.problems,
            heading: [
                AgentGreeting.line(hello, language: language),
                files.map { Phrase.windowsPractice($0.string)(language) } ?? Phrase.windowsPracticeNoFiles(language),
                folder.string,
            ],
            fields: [
                "terminal": .string(folder.string), "notice": .string(scenario.noticeFile.string),
                "downloads": .string(scenario.terminal.layout.path(.downloads).string),
                "windowsFiles": files.map { .string($0.string) } ?? .null,
            ]
        )
    }
}
