import Foundation
import Hummingbird
import HummingbirdTesting
import SuccessionKit
import SuccessionKitSandbox
import SuccessionWeb
import SystemPackage
import Testing

/// A step of one's own, in this test target: the page shows it from its type alone.
struct SignOffStep: ProcedureStep {
    struct Evidence: Codable, Sendable, Hashable { var signedBy: String }

    static let step = SuccessionStep(
        id: SuccessionStep.ID(rawValue: "X2"),
        mark: "追加②",
        title: LocalizedText(ja: "院長の確認", en: "The director's sign-off"),
        kind: .manual,
        preconditions: [.step2],
        operations: LocalizedLines(ja: ["院長に作業内容を説明します。"], en: ["Explain the work to the director."])
    )

    static let name = JobQuestion.ID(SuccessionStep.ID(rawValue: "X2"), "signedBy")

    func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        answers.has(Self.name)
            ? nil
            : JobQuestion(
                id: Self.name,
                step: Self.id,
                prompt: LocalizedText(ja: "確認した方の氏名は？", en: "Who signed off?"),
                kind: .text
            )
    }

    func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome<Evidence>) {
        guard case .text(let name) = answers[Self.name] else { return }
        outcome.verification = .person
        outcome.evidence = Evidence(signedBy: name)
    }

    func reportFacts(_ evidence: Evidence?, in job: Job) -> [ReportFact] {
        [ReportFact(LocalizedText(ja: "院長の確認", en: "Director's sign-off"), evidence?.signedBy)]
    }
}

@Suite("The page renders a step of one's own")
struct PageExtraStepTests {
    @Test("A 17th step is shown, asked and reported by the page from its type alone")
    func seventeenthStepOnThePage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("page-extra-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = FilePath(folder.appendingPathComponent("site").path)
        _ = try SandboxScenario.make(
            root: root,
            oldCode: MedicalInstitutionCode(parsing: "0110113719"),
            newCode: MedicalInstitutionCode(parsing: "1310110049"),
            pin: CertificatePIN("1357")
        )
        let procedure = SuccessionProcedure.standard.inserting(SignOffStep(), after: .step2)
        let job = try GuidedJob(root: root, procedure: procedure)
        let keys = GuidedPageKeys(token: "0123456789abcdef0123456789abcdef", csrf: "fedcba9876543210fedcba9876543210")
        let site = try PageSite()
        let app = Application(router: guidedPageRouter(job: job, keys: keys, hosts: AllowedHosts(["localhost"])))
        try await app.test(.router) { client in
            let page = PageClient(client: client, site: site)
            let started = try await page.post("/start", site.startFields(attended: true))
            #expect(started.status == .seeOther)
            _ = try await page.post("/answer", [("csrf", keys.csrf), ("q", "2.done"), ("answer", "yes")])
            let body = String(buffer: try await page.get("/job").body)
            #expect(PageClient.questionID(body) == "X2.signedBy")
            #expect(body.contains("追加②") && body.contains("院長に作業内容を説明します。"))
            _ = try await page.post("/answer", [("csrf", keys.csrf), ("q", "X2.signedBy"), ("answer", "山田院長")])
            #expect(PageClient.questionID(String(buffer: try await page.get("/job").body)) == "3.readers")
            let report = String(buffer: try await page.get("/report").body)
            #expect(report.contains("<th>院長の確認</th><td class=\"value\">山田院長</td>"))
        }
    }
}

@Suite("A job started from the page takes what job init takes")
struct PageStartTests {
    @Test("With serve --ca's real root, a job started from the page verifies ⑥'s chain as the CLI does")
    func trustAnchorsFromServe() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("page-ca-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = FilePath(folder.appendingPathComponent("site").path)
        let scenario = try SandboxScenario.make(
            root: root,
            oldCode: MedicalInstitutionCode(parsing: "0110113719"),
            newCode: MedicalInstitutionCode(parsing: "1310110049"),
            pin: CertificatePIN("1357")
        )
        let downloads = scenario.terminal.downloads
        let newest = try #require(try FileManager.default.contentsOfDirectory(atPath: downloads.string).sorted().last)
        let bundle = try PKCS12Bundle(contentsOf: downloads.appending(newest), pin: CertificatePIN("1357"))
        let anchor = try #require(bundle.chainDER.first.flatMap { TrustAnchor(encoded: $0) })
        let job = try GuidedJob(root: root, trustAnchors: [anchor])
        let site = try PageSite()
        let app = Application(router: guidedPageRouter(job: job, keys: site.keys, hosts: AllowedHosts(["localhost"])))
        try await app.test(.router) { client in
            let page = PageClient(client: client, site: site)
            // The start form says which root ⑥ will verify against.
            let form = String(buffer: try await page.get("/").body)
            #expect(form.contains("ルート証明書（1 件）"))
            var fields = site.startFields(attended: false)
            fields[3] = ("notice", scenario.noticeText)
            _ = try await page.post("/start", fields)
            try scenario.plugReaders(false)
            _ = try await page.post("/answer", [("csrf", site.keys.csrf), ("q", "2.done"), ("answer", "yes")])
            let body = String(buffer: try await page.get("/job").body)
            #expect(PageClient.questionID(body) == "6.pin")
            _ = try await page.post("/answer", [("csrf", site.keys.csrf), ("q", "6.pin"), ("answer", "1357")])
            _ = try await page.get("/job")
        }
        let recorded = try #require(try JobSession.read(at: root).evidence(of: DownloadAndBackUpStep.self))
        #expect(recorded.issuerVerified == true, "the chain was verified against serve --ca's root")
    }
}
