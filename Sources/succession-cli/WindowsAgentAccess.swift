import ArgumentParser
import Foundation
import SuccessionKit
import Synchronization
import SystemPackage

/// `--windows-agent CMD`: how to start `succession-agent.exe`, split into words as a shell splits
/// them (`wine "/opt/succession/windows/succession-agent.exe"`): single and double quotes group
/// words with spaces; a backslash takes a following quote, backslash or space as it is and is
/// otherwise itself, so a Windows path (`C:\Tools\succession-agent.exe`) reads as typed. No
/// variable, glob or command substitution: the words are passed to `posix_spawn` as they are.
struct AgentCommandOption: ExpressibleByArgument, Sendable {
    let words: [String]

    init?(argument: String) {
        guard let words = Self.split(argument), !words.isEmpty else { return nil }
        self.words = words
    }

    /// The words of `text`, or `nil` when a quote is left open.
    static func split(_ text: String) -> [String]? {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if character == "\\", quote != "'", let next = characters.first,
                next == "\"" || next == "'" || next == "\\" || (quote == nil && next.isWhitespace)
            {
                word.append(next)
                characters.removeFirst()
                inWord = true
                continue
            }
            switch (quote, character) {
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case (nil, _) where character.isWhitespace:
                if inWord { words.append(word) }
                word = ""
                inWord = false
            default:
                word.append(character)
                inWord = true
            }
        }
        guard quote == nil else { return nil }
        if inWord { words.append(word) }
        return words
    }
}

/// How the CLI opens a job's Windows terminal: through the library's own
/// `Terminal.windowsAgent`, keeping the agent's connection (to greet the agent and to end it
/// when the command ends), and allowing ④ to archive a certificate without its private key only
/// when the person gave a reason for this run (`job run --archive-without-key`).
final class AgentBackends: Sendable {
    private let reason: String?
    private let connections = Mutex<[AgentConnection]>([])

    init(archiveWithoutKey reason: String? = nil) {
        self.reason = reason
    }

    /// The session's hook: a Windows job opened with this command's policy; others as the
    /// library opens them.
    var backends: JobSession.Backends {
        { [self] description, root throws(SuccessionError) in
            guard description.backend == .windowsAgent, let command = description.agentCommand, !command.isEmpty
            else { return nil }
            let connection = AgentConnection(command: command)
            connections.withLock { $0.append(connection) }
            return try Terminal.windowsAgent(
                root: root,
                connection: connection,
                downloads: description.downloads.map { FilePath($0) } ?? TerminalLayout(root: root).path(.downloads),
                backupFolder: description.backupFolder.map { FilePath($0) },
                certificateArchive: reason.map { .withoutPrivateKeyAllowed(reason: $0) } ?? .withPrivateKey
            )
        }
    }

    /// Ends every agent this command started (each sees the end of its input and exits).
    func close() async {
        for connection in connections.withLock({ $0 }) { await connection.close() }
    }
}

/// Greets the agent `command` starts before anything is created with it: a command that does not
/// start an agent of protocol 1 is refused here, not at ④.
enum AgentGreeting {
    static func hello(_ command: [String], renderer: ProblemRenderer) async throws -> AgentHello {
        let connection = AgentConnection(command: command)
        do {
            let hello = try await connection.hello()
            await connection.close()
            return hello
        } catch {
            await connection.close()
            renderer.render(error.problems)
            throw ExitCode(ExitStatus.of(error))
        }
    }

    /// One line about the agent: who it runs as, on what.
    static func line(_ hello: AgentHello, language: Language) -> String {
        let windows = [hello.windowsName, hello.windowsBuild.map { "build \($0)" }, hello.wine.map { "Wine \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
        return Phrase.agentGreeted(hello.agentVersion, hello.user, hello.computer, windows)(language)
    }
}
