import Foundation
import Testing

@testable import succession_cli

/// The Windows agent's options, without Wine: how CMD is split, and what is refused before
/// anything is created. (Under Wine, `Tests/e2e/windows_job.py` drives a whole job.)
@Suite("The --windows-agent options")
struct WindowsAgentCommandTests {
    @Test(
        "CMD is split as a shell splits words: quotes group, a Windows path's backslashes stay, nothing is expanded",
        arguments: [
            ("wine /opt/agent.exe", ["wine", "/opt/agent.exe"]),
            ("  wine   '/opt/My Tools/agent.exe'  ", ["wine", "/opt/My Tools/agent.exe"]),
            (#""C:\Program Files\agent.exe""#, [#"C:\Program Files\agent.exe"#]),
            (#"C:\Tools\agent.exe"#, [#"C:\Tools\agent.exe"#]),
            (#"wine /opt/My\ Tools/agent.exe"#, ["wine", "/opt/My Tools/agent.exe"]),
            (#"wine "say \"hi\"""#, ["wine", #"say "hi""#]),
            ("succession-agent.exe", ["succession-agent.exe"]),
            ("agent $HOME *", ["agent", "$HOME", "*"]),
            ("''", [""]),
        ]
    )
    func split(_ text: String, _ words: [String]) {
        #expect(AgentCommandOption.split(text) == words)
    }

    @Test("An open quote is no command; an empty one neither")
    func unreadable() {
        #expect(AgentCommandOption.split("wine 'agent.exe") == nil)
        #expect(AgentCommandOption(argument: "   ") == nil)
    }

    @Test("job init --windows-agent with an agent that does not start: refused, nothing created")
    func agentMissing() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("site").path
        let result = try CLIProcess.run([
            "job", "init", "--terminal", root, "--windows-agent", "/nonexistent/succession-agent.exe",
            "--old-code", "0110113719", "--new-code", "1310110049", "--notice", "/nonexistent/notice.txt",
            "--downloads", folder.path, "--lang", "en",
        ])
        #expect(result.status != 0)
        #expect(result.standardOutput.contains("cannot be started"), "\(result.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: root), "nothing is created")
    }

    @Test("--attended and --windows-agent together are a usage error")
    func attendedAndAgent() throws {
        let result = try CLIProcess.run([
            "job", "init", "--terminal", "/tmp/x", "--attended", "--windows-agent", "agent.exe", "--old-code",
            "0110113719", "--new-code", "1310110049", "--notice", "n.txt", "--lang", "en",
        ])
        #expect(result.status == 2)
        #expect(result.standardError.contains("--attended and --windows-agent"), "\(result.standardError)")
    }

    @Test("job run --archive-without-key with an empty reason is a usage error")
    func emptyReason() throws {
        let result = try CLIProcess.run(["job", "run", "--terminal", "/tmp/x", "--archive-without-key", "  "])
        #expect(result.status == 2)
    }
}
