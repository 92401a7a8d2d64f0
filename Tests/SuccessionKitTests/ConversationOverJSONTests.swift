import Foundation
import SuccessionKit
import SuccessionKitSandbox
import Testing

/// The conversation travels: a front end in another process (another language, another
/// machine) gets every question, reply and way forward as JSON, and answers by id.
@Suite("The conversation travels as JSON to another process and back")
struct ConversationOverJSONTests {
    /// The other process: for each JSON line it gets, it sends the line back as it read it
    /// (`echo`), the Japanese prompt it would show (`shown`) and, for a question, the answer of its
    /// plan for the question's id (the list for an id is used in turn).
    static let frontEnd = #"""
        import json, sys
        plan = json.load(open(sys.argv[1]))
        for line in sys.stdin:
            message = json.loads(line)
            out = {"echo": message}
            question = message.get("next", {}).get("question")
            if question is not None:
                qid = question["id"]
                key = qid if qid in plan else ".".join(qid.split(".")[:2])
                out["shown"] = question["prompt"]["ja"]
                out["answer"] = plan[key].pop(0) if len(plan.get(key, [])) > 1 else plan.get(key, [None])[0]
            print(json.dumps(out, ensure_ascii=False), flush=True)
        """#

    /// A line-based pipe to the other process.
    final class Peer {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        var buffer = Data()

        init(script: URL, plan: URL) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = [script.path, plan.path]
            process.standardInput = input
            process.standardOutput = output
            try process.run()
        }

        /// Sends one JSON line and reads the one line that comes back.
        func exchange(_ message: [String: Any]) throws -> [String: Any] {
            var line = try JSONSerialization.data(withJSONObject: message)
            line.append(0x0A)
            input.fileHandleForWriting.write(line)
            while !buffer.contains(0x0A) {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else { throw CocoaError(.fileReadUnknown) }
                buffer.append(chunk)
            }
            let end = try #require(buffer.firstIndex(of: 0x0A))
            let reply = buffer[buffer.startIndex..<end]
            buffer = Data(buffer[buffer.index(after: end)...])
            return try #require(try JSONSerialization.jsonObject(with: reply) as? [String: Any])
        }

        deinit {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    /// `value` as JSON, read back by the other process and decoded again here.
    static func roundTrip<Value: Codable & Equatable>(
        _ value: Value,
        key: String,
        through peer: Peer
    ) throws -> [String: Any] {
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value))
        let answer = try peer.exchange([key: encoded])
        let echoed = try #require((answer["echo"] as? [String: Any])?[key])
        let decoded = try JSONDecoder().decode(Value.self, from: JSONSerialization.data(withJSONObject: echoed))
        #expect(decoded == value, "\(key) is the same after the trip")
        return answer
    }

    /// What the other process was asked and what it was refused while it answered `runner`'s
    /// questions, until the job completed or `stop` says so (that question left unanswered).
    static func converse(
        _ runner: JobRunner,
        through peer: Peer,
        until stop: (JobQuestion) -> Bool = { _ in false }
    ) async throws -> (asked: Set<JobQuestion.ID>, refused: [ProblemCode]) {
        var asked: Set<JobQuestion.ID> = []
        var refused: [ProblemCode] = []
        for _ in 0..<200 {
            let next = try await runner.next()
            let answer = try roundTrip(next, key: "next", through: peer)
            switch next {
            case .question(let question):
                if stop(question) { return (asked, refused) }
                asked.insert(question.id.withoutSubject)
                #expect(answer["shown"] as? String == question.prompt.japanese, "the other process shows the prompt")
                let text = try #require(answer["answer"] as? String, "the plan answers \(question.id)")
                let reply = try await runner.answer(question.id, text)
                _ = try roundTrip(reply, key: "reply", through: peer)
                if case .rejected(let problem) = reply { refused.append(problem.code) }
            case .stopped(let step, let problems, let wayForward):
                Issue.record("stopped at \(step): \(problems.map(\.code)) \(wayForward)")
                return (asked, refused)
            case .complete:
                return (asked, refused)
            }
        }
        Issue.record("the conversation did not end")
        return (asked, refused)
    }

    static func peer(in folder: URL, plan: [String: [String]]) throws -> Peer {
        let script = folder.appendingPathComponent("front-end.py")
        try Data(frontEnd.utf8).write(to: script)
        let planFile = folder.appendingPathComponent("plan.json")
        try JSONSerialization.data(withJSONObject: plan).write(to: planFile)
        return try Peer(script: script, plan: planFile)
    }

    @Test(
        "Every question of the manual is answered by another process over JSON and comes back equal: the attended job with 補足①, ③ with no reader, a software terminal's PIN asked again"
    )
    func everyQuestionOverJSON() async throws {
        // The attended job, to 補足① and back; a typo's refusal travels too.
        let site = try AttendedConversationTests.Site()
        var plan = site.right.mapValues { [$0] }
        plan["9.login"] = ["いいえ", "はい"]
        plan["9.loginConfirmed"] = ["supplement"]
        plan["9.code"] = ["131011OO49", "1310110049"]
        plan["S1.environment"] = ["本番環境"]
        plan["S1.paperCode"] = ["1310110049"]
        plan["S1.path"] = ["記載なし"]
        plan["S1.codePasted"] = ["はい"]
        plan["S1.status"] = ["登録完了"]
        plan["S1.count"] = ["2"]
        plan["S1.loggedIn"] = ["OnsKANRI F0FACE01"]
        let attended = try await Self.converse(site.runner, through: Self.peer(in: site.root, plan: plan))
        #expect(try site.runner.job().completion == .complete)
        #expect(attended.refused == [.codeCharacter], "the typo's refusal came back as it went")

        // ③ finds no reader bound: ⑫ asks which are connected.
        let noReaders = try AttendedConversationTests.Site()
        var readersPlan = noReaders.right.mapValues { [$0] }
        readersPlan["3.readers"] = ["なし"]
        readersPlan["12.readers"] = ["CAORA-000101\nCAORA-000102"]
        let unbound = try await Self.converse(
            noReaders.runner,
            through: Self.peer(in: noReaders.root, plan: readersPlan)
        )
        #expect(try noReaders.runner.job().completion == .complete)

        // A software terminal asks ⑦'s PIN when the process that verified the file is gone.
        let work = try JobTests.Work()
        var softwarePlan = JobTests.Work.defaults.mapValues { [$0] }
        softwarePlan["7.pin"] = ["1357"]
        let peer = try Self.peer(in: work.root, plan: softwarePlan)
        _ = try await Self.converse(work.runner, through: peer) { $0.id == .adminLogin }
        _ = try await work.runner.undo(.step7)
        let restarted = JobRunner(
            terminal: work.scenario.terminal,
            journal: work.store,
            inputs: JobInputs(facePassword: AccountPassword("Face#Secret2026"))
        )
        restarted.handWork = work.runner.handWork
        let software = try await Self.converse(restarted, through: peer)
        #expect(software.asked.contains(.installPIN))
        #expect(try work.store.load().completion == .complete)

        let asked = attended.asked.union(unbound.asked).union(software.asked)
        #expect(asked == Set(JobQuestion.ID.standard), "missing: \(Set(JobQuestion.ID.standard).subtracting(asked))")
    }

    @Test("A stop and its way forward travel as JSON and come back equal")
    func wayForwardOverJSON() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("front-end.py")
        try Data(Self.frontEnd.utf8).write(to: script)
        let planFile = folder.appendingPathComponent("plan.json")
        try Data("{}".utf8).write(to: planFile)
        let peer = try Peer(script: script, plan: planFile)
        let problem = Problem(.readerConnected, values: [.found: "CAORA-000101"])
        for way in [WayForward.runAgain(.step3), .redo(.step7), .unblock(.supplement2)] {
            _ = try Self.roundTrip(JobNext.stopped(.step8, [problem], wayForward: way), key: "next", through: peer)
        }
        _ = try Self.roundTrip(AnswerReply.outdated, key: "reply", through: peer)
    }
}
