import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// The connection's rules, with stand-in agents made of `/bin/sh` (no Wine needed): a process
/// that ends, one that never answers, one of another protocol, a secret only on standard input.
@Suite("The agent connection, with stand-in agents")
struct AgentConnectionTests {
    @Test("An agent that ends before it answers is agent.exited, with its exit status and what it said")
    func endedAgent() async throws {
        let connection = AgentConnection(command: ["/bin/sh", "-c", "echo 'wine: cannot find L\"x.exe\"' >&2; exit 53"])
        let error = try await #require(throws: SuccessionError.self) { try await connection.hello() }
        #expect(error.code == .agentExited)
        #expect(error.problems[0][.count] == "53")
        #expect(error.problems[0][.detail]?.contains("cannot find") == true, "Wine's reason for a failed start is kept")
    }

    @Test("A program that is not there is agent.notStarted, naming it")
    func missingProgram() async throws {
        let connection = AgentConnection(command: ["/nonexistent/succession-agent"])
        let error = try await #require(throws: SuccessionError.self) { try await connection.hello() }
        #expect(error.code == .agentNotStarted)
        #expect(error.problems[0][.path] == "/nonexistent/succession-agent")
    }

    @Test("An agent that does not answer in time is stopped: agent.timeout, and the process is gone")
    func silentAgent() async throws {
        // The stand-in would end by itself after 300 s (agent.exited): agent.timeout says the
        // limit stopped it. Nothing is timed here.
        let connection = AgentConnection(command: ["/bin/sh", "-c", "exec sleep 300"], timeout: .milliseconds(500))
        let error = try await #require(throws: SuccessionError.self) { try await connection.hello() }
        #expect(error.code == .agentTimeout)
        #expect(await connection.agentProcessID == nil, "never spoken to again")
    }

    @Test("An agent of another protocol version is refused before any request")
    func otherProtocol() async throws {
        let reply = #"{"id":1,"ok":true,"agentVersion":"9.0.0","protocol":2,"user":"u"}"#
        let connection = AgentConnection(command: ["/bin/sh", "-c", "read line; echo '\(reply)'; cat >/dev/null"])
        let error = try await #require(throws: SuccessionError.self) { try await connection.hello() }
        #expect(error.code == .agentProtocolMismatch)
        #expect(error.problems[0][.found] == "2")
    }

    @Test("A reply to another request is agent.badReply, and the process is not used again")
    func replyOutOfStep() async throws {
        let hello = #"{"id":1,"ok":true,"agentVersion":"0.2.0","protocol":1,"user":"u","wine":"8.0"}"#
        let stray = #"{"id":7,"ok":true}"#
        let connection = AgentConnection(
            command: ["/bin/sh", "-c", "read a; echo '\(hello)'; read b; echo '\(stray)'; cat >/dev/null"]
        )
        _ = try await connection.hello()
        let error = try await #require(throws: SuccessionError.self) {
            try await connection.send(AgentRequest("cert.list"))
        }
        #expect(error.code == .agentBadReply)
        #expect(await connection.agentProcessID == nil)
    }

    @Test("An agent's error is its own stable code with the Win32 number; an unknown code is agent.unknownError")
    func typedErrors() async throws {
        let hello = #"{"id":1,"ok":true,"agentVersion":"0.2.0","protocol":1,"user":"u","wine":"8.0"}"#
        let known = #"{"id":2,"ok":false,"error":{"code":"agent.cert.notFound","win32":2148081668,"message":"m"}}"#
        let unknown = #"{"id":3,"ok":false,"error":{"code":"agent.cert.somethingNew","win32":5,"message":"m"}}"#
        let connection = AgentConnection(
            command: [
                "/bin/sh", "-c",
                "read a; echo '\(hello)'; read b; echo '\(known)'; read c; echo '\(unknown)'; cat >/dev/null",
            ]
        )
        let first = try await #require(throws: SuccessionError.self) {
            try await connection.send(AgentRequest("cert.list"))
        }
        #expect(first.code == .agentCertNotFound)
        #expect(first.problems[0].value(.win32) == 0x8009_2004)
        #expect(first.problems[0][.field] == "cert.list")
        let japanese = first.message(in: .japanese)
        let english = first.message(in: .english)
        #expect(japanese != english)
        let second = try await #require(throws: SuccessionError.self) {
            try await connection.send(AgentRequest("cert.list"))
        }
        #expect(second.code == .agentUnknownError)
        #expect(second.problems[0][.found] == "agent.cert.somethingNew")
        await connection.close()
    }

    @Test("A secret travels only in the request line on standard input, never in the program's argv")
    func secretOnlyOnStandardInput() async throws {
        let folder = try JobFolder()
        let seen = folder.url.appendingPathComponent("stdin.txt").path
        let hello = #"{"id":1,"ok":true,"agentVersion":"0.2.0","protocol":1,"user":"u","wine":"8.0"}"#
        let script =
            "read -r a; echo '\(hello)'; read -r b; printf '%s\\n' \"$b\" > '\(seen)'; echo '{\"id\":2,\"ok\":true}'"
        let connection = AgentConnection(command: ["/bin/sh", "-c", script])
        let request = AgentRequest(
            "cert.import",
            [
                "path": .text("C:\\x \"quoted\"\n.p12"), "password": .pin(CertificatePIN("13\"57")),
                "keep": .texts(["a", "b"]),
            ]
        )
        #expect(request.holdsSecret)
        _ = try await connection.send(request)
        await connection.close()
        let line = try String(contentsOfFile: seen, encoding: .utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["op"] as? String == "cert.import")
        #expect(object["id"] as? Int == 2)
        #expect(object["path"] as? String == "C:\\x \"quoted\"\n.p12", "escaped as JSON and read back exactly")
        #expect(object["password"] as? String == "13\"57")
        #expect(object["keep"] as? [String] == ["a", "b"])
        #expect(!connection.command.joined(separator: " ").contains("13\"57"))
    }

    @Test("A dead agent is typed for the call that finds it, and the next call starts a new one")
    func restartsAfterDeath() async throws {
        let hello = #"{"id":ID,"ok":true,"agentVersion":"0.2.0","protocol":1,"user":"u","wine":"8.0"}"#
        // Answers hello with the id it was given, then waits to be killed.
        let script = """
            read line; id=$(printf '%s' "$line" | sed 's/.*"id":\\([0-9]*\\).*/\\1/'); \
            echo '\(hello)' | sed "s/ID/$id/"; cat >/dev/null
            """
        let connection = AgentConnection(command: ["/bin/sh", "-c", script], timeout: .seconds(10))
        _ = try await connection.hello()
        let first = try #require(await connection.agentProcessID)
        kill(first, SIGKILL)
        let error = try await #require(throws: SuccessionError.self) {
            try await connection.send(AgentRequest("cert.list"))
        }
        #expect(error.code == .agentExited)
        _ = try await connection.hello()
        let second = try #require(await connection.agentProcessID)
        #expect(second != first)
        await connection.close()
    }

    @Test("Local paths reach an agent under Wine on drive Z:")
    func pathsUnderWine() async throws {
        let hello = #"{"id":1,"ok":true,"agentVersion":"0.2.0","protocol":1,"user":"u","wine":"8.0"}"#
        let connection = AgentConnection(command: ["/bin/sh", "-c", "read a; echo '\(hello)'; cat >/dev/null"])
        #expect(try await connection.agentPath(for: "/tmp/job/.succession/x.pfx") == #"Z:\tmp\job\.succession\x.pfx"#)
        await #expect(throws: SuccessionError(.agentPathUnmappable)) {
            try await connection.agentPath(for: "relative/x.pfx")
        }
        await connection.close()
    }

    @Test("Every agent.* code has Japanese and English messages")
    func messages() {
        let codes: [ProblemCode] = [
            .agentCertExportFailed, .agentKeyNotArchived, .agentKeyNotRestorable, .agentExited, .agentTimeout,
            .agentCredValueChanged, .agentInitializationFailed, .agentArchiveReasonMissing,
        ]
        for code in codes {
            let problem = Problem(code, values: [.field: "cert.export", .win32: "5", .found: "1234567890"])
            let japanese = problem.message(in: .japanese)
            let english = problem.message(in: .english)
            #expect(!japanese.hasPrefix(code.rawValue), "\(code)")
            #expect(!english.hasPrefix(code.rawValue), "\(code)")
            #expect(japanese.unicodeScalars.contains { $0.value > 0x3000 })
        }
    }

    @Test("Terminal.windowsAgent: software works the stores, the person the login-name tool and the download")
    func terminal() throws {
        let job = try JobFolder()
        let terminal = try Terminal.windowsAgent(
            root: job.path,
            command: ["wine", "/nonexistent/succession-agent.exe"],
            downloads: job.path.appending("Downloads")
        )
        #expect(terminal.backend == .windowsAgent)
        #expect(terminal.description().backend == .windowsAgent)
        #expect(terminal.observation(of: .certificates) == .software)
        #expect(terminal.observation(of: .credentials) == .software)
        #expect(terminal.observation(of: .readerInitialization) == .software)
        #expect(terminal.observation(of: .readerBindings) == .person)
        #expect(terminal.observation(of: .downloads) == .person)
        #expect(terminal.observation(of: nil) == .software)
        #expect(throws: SuccessionError(.agentArchiveReasonMissing)) {
            try Terminal.windowsAgent(
                root: job.path,
                command: ["wine"],
                downloads: job.path,
                certificateArchive: .withoutPrivateKeyAllowed(reason: " ")
            )
        }
    }

    @Test("A job's description opens the same Windows terminal again; without an agent command it is refused")
    func reopened() throws {
        let job = try JobFolder()
        let command = ["wine", "/nonexistent/succession-agent.exe"]
        var description = try Terminal.windowsAgent(root: job.path, command: command, downloads: job.path)
            .description()
        description.agentCommand = command
        let reopened = try Terminal.windowsAgent(root: job.path, description: description)
        #expect(reopened.backend == .windowsAgent)
        #expect(reopened.downloads == job.path)
        description.agentCommand = nil
        #expect(throws: SuccessionError(.agentNotStarted)) {
            try Terminal.windowsAgent(root: job.path, description: description)
        }
    }

    @Test("Each of the manual's steps names the part of the terminal it works")
    func stepParts() {
        func part(_ id: SuccessionStep.ID) -> TerminalPart? {
            guard let step = SuccessionProcedure.standard.procedureStep(id) else { return nil }
            return type(of: step).terminalPart
        }
        let expected: [(SuccessionStep.ID, TerminalPart?)] = [
            (.step3, .readerBindings), (.step12, .readerBindings), (.step4, .certificates), (.step7, .certificates),
            (.step8, .certificates), (.step5, .readerInitialization), (.step6, .downloads), (.step10, .credentials),
            (.step9, nil), (.step11, nil),
        ]
        for (id, want) in expected {
            let found: TerminalPart? = part(id)
            #expect(found == want, "\(id.rawValue)")
        }
    }
}
