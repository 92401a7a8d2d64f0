import Foundation
import SuccessionKit
import SuccessionKitSandbox
import SystemPackage
import Testing

/// A step of one's own: one type, in this test target, and one line that puts it in a procedure.
/// Nothing in SuccessionKit names it; the job, its order, its typed evidence, its report row and
/// its message come from the type alone.
struct PhotographRackStep: ProcedureStep {
    struct Evidence: Codable, Sendable, Hashable {
        var photographs: Int
    }

    static let step = SuccessionStep(
        id: SuccessionStep.ID(rawValue: "X1"),
        mark: "追加①",
        title: LocalizedText(ja: "ラックの写真", en: "Photograph the rack"),
        kind: .manual,
        preconditions: [.step12],
        operations: LocalizedLines(
            ja: ["作業後のラックを正面から撮影します。"],
            en: ["Photograph the rack from the front after the work."]
        )
    )

    static let count = JobQuestion.ID(SuccessionStep.ID(rawValue: "X1"), "photographs")
    static let tooFew = ProblemCode(rawValue: "extra.tooFewPhotographs")

    static let messages: [ProblemCode: ProblemMessage] = [
        tooFew: ProblemMessage(
            ja: { "写真が \($0[.found] ?? "?") 枚です。2 枚以上撮影してください。" },
            en: { "\($0[.found] ?? "?") photographs: take at least 2." }
        )
    ]

    func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        answers.has(Self.count)
            ? nil
            : JobQuestion(
                id: Self.count,
                step: Self.id,
                prompt: LocalizedText(ja: "撮影した枚数は？", en: "How many photographs?"),
                kind: .count
            )
    }

    func check(_ answer: Answer, to question: JobQuestion, _ context: StepContext, _ answers: StepAnswers) -> Problem? {
        if case .count(let count) = answer, count < 2 { return Problem(Self.tooFew, values: [.found: String(count)]) }
        return nil
    }

    func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome<Evidence>) {
        guard case .count(let count) = answers[Self.count] else { return }
        outcome.verification = .person
        outcome.evidence = Evidence(photographs: count)
    }

    func reportFacts(_ evidence: Evidence?, in job: Job) -> [ReportFact] {
        [
            ReportFact(
                LocalizedText(ja: "ラックの写真", en: "Rack photographs"),
                evidence.map { LocalizedText(ja: "\($0.photographs) 枚", en: "\($0.photographs)") }
            )
        ]
    }
}

@Suite("A step of one's own is one type and one line")
struct ExtraStepTests {
    /// The manual's procedure with the rack photograph after ⑫ — the one line.
    static let procedure = SuccessionProcedure.standard.inserting(PhotographRackStep(), after: .step12)

    @Test("A 17th step runs in its place through the session, refuses as its own check says, and reports its fact")
    func seventeenthStep() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("extra-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = FilePath(folder.path)
        let scenario = try SandboxScenario.make(
            root: root,
            oldCode: MedicalInstitutionCode(parsing: "0110113719"),
            newCode: MedicalInstitutionCode(parsing: "1310110049"),
            pin: CertificatePIN("1357")
        )
        let request = JobStartRequest(
            oldCode: "0110113719",
            newCode: "1310110049",
            notice: .file(scenario.noticeFile),
            backend: .sandbox
        )
        let session = try JobSession.start(
            request,
            at: root,
            inputs: JobInputs(pin: CertificatePIN("1357"), facePassword: AccountPassword("Face#Extra2026x")),
            procedure: Self.procedure
        )
        session.runner.handWork = { step in
            if step.id == .step3 { try? scenario.plugReaders(false) }
            if step.id == .step12 { try? scenario.plugReaders(true) }
        }
        var answers = JobTests.Work.defaults
        answers["X1.photographs"] = "1"
        var asked: [JobQuestion] = []
        let first = try await session.drive { question in
            asked.append(question)
            return answers[question.id.rawValue]
        }
        // One photograph is refused by the step's own check, with the step's own message.
        guard case .paused(let paused) = first else {
            Issue.record("expected to pause at X1, ended \(first)")
            return
        }
        #expect(paused.id == PhotographRackStep.count)
        #expect(paused.problem?.code == PhotographRackStep.tooFew)
        #expect(paused.problem?.message(in: .japanese) == "写真が 1 枚です。2 枚以上撮影してください。")
        let presentation = try session.presentation(of: PhotographRackStep.id)
        #expect(presentation.mark == "追加①" && presentation.operations.japanese.count == 1)
        answers["X1.photographs"] = "3"
        let ending = try await session.drive { answers[$0.id.rawValue] }
        #expect(ending == .complete)
        let job = try session.job()
        #expect(job.completion == .complete)
        // Its place: after ⑫ and before 補足②, as the one line put it.
        let order = job.order.map(\.rawValue)
        #expect(order.firstIndex(of: "X1") == order.firstIndex(of: "12").map { $0 + 1 })
        #expect(job.evidence(of: PhotographRackStep.self) == PhotographRackStep.Evidence(photographs: 3))
        let report = JobReport(job: job)
        #expect(report.fact("ラックの写真") == "3 枚")
        #expect(report.steps.contains { $0.mark == "追加①" && $0.state == .done })
        // The journal is read back by the same procedure; the manual's alone refuses a step it lacks.
        #expect(try JobSession.read(at: root, procedure: Self.procedure).state(of: PhotographRackStep.id) == .done)
        let standardRead = try JobSession.read(at: root)
        #expect(!standardRead.order.contains(PhotographRackStep.id))
    }
}
