import Foundation
import SuccessionKit
import SuccessionKitSandbox
import SystemPackage
import Testing

@testable import succession_cli

/// A step of one's own, in this test target: the CLI's renderings show it from its type alone.
struct LabelTerminalStep: ProcedureStep {
    struct Evidence: Codable, Sendable, Hashable { var label: String }

    static let step = SuccessionStep(
        id: SuccessionStep.ID(rawValue: "X3"),
        mark: "追加③",
        title: LocalizedText(ja: "端末のラベル", en: "Label the terminal"),
        kind: .manual,
        preconditions: [.step1],
        operations: LocalizedLines(ja: ["端末に証明書の所在ラベルを貼ります。"], en: ["Put the certificate label on the terminal."])
    )

    static let label = JobQuestion.ID(SuccessionStep.ID(rawValue: "X3"), "label")

    func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        answers.has(Self.label)
            ? nil
            : JobQuestion(
                id: Self.label,
                step: Self.id,
                prompt: LocalizedText(ja: "ラベルに書いた名前は？", en: "The name on the label?"),
                kind: .text
            )
    }

    func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome<Evidence>) {
        guard case .text(let text) = answers[Self.label] else { return }
        outcome.verification = .person
        outcome.evidence = Evidence(label: text)
    }
}

@Suite("The CLI renders a step of one's own")
struct CLIExtraStepTests {
    @Test("A 17th step is shown before its question, asked with its id, and listed by job status")
    func seventeenthStepInTheCLI() async throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = FilePath(folder.appendingPathComponent("site").path)
        let scenario = try SandboxScenario.make(
            root: root,
            oldCode: MedicalInstitutionCode(parsing: "0110113719"),
            newCode: MedicalInstitutionCode(parsing: "1310110049"),
            pin: CertificatePIN("1357")
        )
        let procedure = SuccessionProcedure.standard.inserting(LabelTerminalStep(), after: .step1)
        let session = try JobSession.start(
            JobStartRequest(
                oldCode: "0110113719",
                newCode: "1310110049",
                notice: .file(scenario.noticeFile),
                backend: .sandbox
            ),
            at: root,
            procedure: procedure
        )
        guard case .question(let question) = try await session.next() else {
            Issue.record("X3 should ask first after ①")
            return
        }
        #expect(question.id == LabelTerminalStep.label)
        let prompt = TTYPrompt(language: .japanese, root: root.string)
        let renderer = JobRenderer(language: .japanese, json: false)
        let shown = renderer.operationLines(try session.presentation(of: question.step))
        #expect(shown.contains("追加③ 端末のラベル"))
        #expect(shown.contains { $0.contains("1. 端末に証明書の所在ラベルを貼ります。") })
        let asked = prompt.questionLines(question, session.presentation(of: question))
        #expect(asked.contains { $0.contains("ラベルに書いた名前は？") && $0.contains("〔X3.label〕") })
        #expect(try await session.answer(question.id, "受付PC") == .accepted)
        _ = try await session.next()
        let status = renderer.statusLines(try session.job())
        #expect(status.contains("✔ 追加③ 端末のラベル [完了]（作業者の確認）"))
        #expect(status.firstIndex { $0.contains("追加③") } == 2, "listed right after ①, in its place")
    }
}
