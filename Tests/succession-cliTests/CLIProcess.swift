import Foundation
import Testing

/// Runs the built `succession` binary as a technician would, and captures what it says.
struct CLIProcess {
    struct Result {
        let status: Int32
        let standardOutput: String
        let standardError: String

        /// Standard output parsed as JSON Lines.
        func jsonLines() throws -> [[String: Any]] {
            try standardOutput.split(separator: "\n").map { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
                return try #require(object as? [String: Any])
            }
        }
    }

    /// The folder the test bundle was built into; `succession` is built beside it.
    static let buildFolder: URL = {
        let candidates = [
            Bundle.main.bundleURL,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ]
        for folder in candidates {
            var url = folder
            for _ in 0..<3 {
                if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("succession").path) {
                    return url
                }
                url = url.deletingLastPathComponent()
            }
        }
        return candidates[0]
    }()

    static var executable: URL { buildFolder.appendingPathComponent("succession") }

    /// Runs `succession` with `arguments`; `LANG` defaults to C so messages are English unless
    /// a test asks otherwise.
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        standardInput: Data? = nil,
        viaShell: Bool = false
    ) throws -> Result {
        let process = Process()
        if viaShell {
            // arguments[0] is another program (e.g. /usr/bin/time) that runs succession.
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
        } else if FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") {
            // A new session has no controlling terminal: a PIN prompt can never wait for a
            // person while the tests run, even when they are started from a terminal.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["--wait", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        var env = ["LANG": "C", "PATH": "/usr/bin:/bin"]
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let standardInput { input.fileHandleForWriting.write(standardInput) }
        try input.fileHandleForWriting.close()
        // Read both pipes while the process runs, so a large output cannot block it.
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errReader.isExecuting || !errReader.isFinished { usleep(1000) }
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self)
        )
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("succession-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Runs under `timeout`, so that a hang fails the test instead of blocking the run.
extension CLIProcess {
    /// `succession` with `arguments`, ended after `seconds`.
    static func bounded(
        _ arguments: [String],
        environment: [String: String] = [:],
        seconds: Int = 20
    ) throws -> Result {
        try run(
            ["/usr/bin/timeout", String(seconds), executable.path] + arguments,
            environment: environment,
            viaShell: true
        )
    }

    /// A shell line with `$S` the built binary, ended after `seconds`.
    static func shell(_ line: String, environment: [String: String] = [:], seconds: Int = 20) throws -> Result {
        var env = environment
        env["S"] = executable.path
        return try run(["/usr/bin/timeout", String(seconds), "/bin/sh", "-c", line], environment: env, viaShell: true)
    }

    /// A finished demo terminal in `folder`/demo.
    static func demo(in folder: URL) throws -> String {
        let root = folder.appendingPathComponent("demo").path
        #expect(try bounded(["demo", "--terminal", root]).status == 0)
        return root
    }

    /// A sandbox terminal in `folder`/t, with a job when asked.
    static func sandbox(in folder: URL, job: Bool) throws -> String {
        let root = folder.appendingPathComponent("t").path
        #expect(try bounded(["terminal", "sandbox", root], seconds: 60).status == 0)
        if job {
            let created = try bounded(
                [
                    "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049",
                    "--notice", root + "/Users/OqsComApp/Desktop/通知書.txt",
                ],
                seconds: 60
            )
            #expect(created.status == 0, "\(created.standardError)")
        }
        return root
    }

    /// Every path under `folder`, relative to it.
    static func files(in folder: String) -> Set<String> {
        Set(FileManager.default.enumerator(atPath: folder)?.allObjects.compactMap { $0 as? String } ?? [])
    }
}
