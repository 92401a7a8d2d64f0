import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// Journals an older release left on a technician's disk open, resume and undo with this one:
/// format 3 (three folders written by release 0.1.0) and format 2 (a journal of the release
/// before). See Fixtures/format3/README.md for how each was written.
@Suite("Journals of earlier releases")
struct JournalFormatTests {
    /// A format-3 folder unpacked into a temporary folder, its old absolute root replaced by the
    /// new one, as moving the folder would require.
    struct Unpacked {
        let parent: URL
        let root: FilePath

        init(_ name: String) throws {
            parent = FileManager.default.temporaryDirectory.appendingPathComponent("format3-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            let tarball = Fixture.path("format3/\(name).tar.gz")
            let tar = Process()
            tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            tar.arguments = ["tar", "-xzf", tarball, "-C", parent.path]
            try tar.run()
            tar.waitUntilExit()
            #expect(tar.terminationStatus == 0, "unpacked \(name)")
            root = FilePath(parent.appendingPathComponent(name).path)
            let journal = parent.appendingPathComponent("\(name)/.succession/job.json")
            let text = try String(contentsOf: journal, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "/tmp/fx3/\(name)", with: root.string).utf8).write(to: journal)
        }

        func remove() { try? FileManager.default.removeItem(at: parent) }
    }

    static let answers: [String: String] = {
        var answers = JobTests.Work.defaults
        answers["S1.codePasted"] = "はい"
        return answers
    }()

    @Test("A finished sandbox job of release 0.1.0 opens as done, and undoes every step through its stores")
    func finishedSandboxJob() async throws {
        let folder = try Unpacked("sandbox-done")
        defer { folder.remove() }
        let session = try JobSession.open(at: folder.root)
        let job = try session.job()
        #expect(job.version == 3)
        #expect(job.completion == .complete)
        #expect(job.state(of: .supplement1) == .notNeeded, "a notNeeded event of format 3 reads as the derived 不要")
        #expect(job.evidence(of: SetCredentialStep.self)?.credentialBefore == "0110113719")
        #expect(job.evidence(of: BindReadersStep.self)?.boundSerials == ["CAORA-000101", "CAORA-000102"])
        #expect(
            job.evidence(of: AccountsStep.self)?.institutionCodeShown?.digits == "1310110049",
            "text read as a code"
        )
        let terminal = session.runner.terminal
        #expect(try await terminal.credentials.institutionCode() == "1310110049")
        for id in [SuccessionStep.ID.step12, .step10, .step7, .step6, .step5, .step4, .step3] {
            _ = try await session.undo(id, reopening: true)
        }
        #expect(try await terminal.credentials.institutionCode() == "0110113719")
        #expect(try await terminal.certificates.onlineBillingCertificates().map(\.issuedTo) == ["0110113719"])
        #expect(try await terminal.readers.readers().allSatisfy { $0.loginName == "F0FACE01" })
        #expect(try session.job().state(of: .step3) == .pending)
    }

    @Test("A sandbox job of release 0.1.0 paused at ⑨ resumes to 全手順完了, then undoes ⑩ to the old code")
    func pausedSandboxJob() async throws {
        let folder = try Unpacked("sandbox-midway")
        defer { folder.remove() }
        let session = try JobSession.open(
            at: folder.root,
            inputs: JobInputs(pin: CertificatePIN("1357"), facePassword: AccountPassword("Face#Format3x"))
        )
        let readers = SandboxReaderBindingStoreHands(root: folder.root)
        session.runner.handWork = { step in if step.id == .step12 { readers.plugIn() } }
        #expect(try session.job().nextStep == .step9)
        let ending = try await session.drive { Self.answers[$0.id.rawValue] }
        #expect(ending == .complete)
        let job = try session.job()
        #expect(job.completion == .complete)
        #expect(job.evidence(of: SetCredentialStep.self)?.credentialBefore == "0110113719")
        _ = try await session.undo(.step10, reopening: true)
        #expect(try await session.runner.terminal.credentials.institutionCode() == "0110113719")
        // ④ of release 0.1.0 is undone too: its archive entries of format 3 restore.
        _ = try await session.undo(.step7, reopening: true)
        _ = try await session.undo(.step4, reopening: true)
        #expect(
            try await session.runner.terminal.certificates.onlineBillingCertificates().map(\.issuedTo) == ["0110113719"]
        )
    }

    @Test("An attended job of release 0.1.0 paused at ⑨ resumes, and a GUI step is undone by hand")
    func pausedAttendedJob() async throws {
        let folder = try Unpacked("attended-midway")
        defer { folder.remove() }
        let session = try JobSession.open(at: folder.root)
        #expect(session.runner.terminal.backend == .attended)
        guard case .question(let question) = try await session.next() else {
            Issue.record("the attended job asks ⑨ again")
            return
        }
        #expect(question.id == .adminLogin)
        var answers = Self.answers
        answers["10.loginKeyUser"] = "R0RENK01"
        answers["10.before"] = "0110113719"
        answers["10.after"] = "1310110049"
        answers["12.password"] = "Face#Format3x"
        answers["12.state"] = "接続中"
        let ending = try await session.drive { question in
            answers[question.id.rawValue] ?? answers[question.id.withoutSubject.rawValue]
        }
        #expect(ending == .complete)
        await #expect(throws: SuccessionError(.attendedUndoByHand)) {
            _ = try await session.undo(.step10, reopening: true)
        }
        let undone = try await session.undo(.step10, doneByHand: true, reopening: true)
        #expect(undone.state(of: .step10) == .pending)
    }

    @Test("The format-2 journal opens through a session (migrated), resumes at ⑧ and is undone by hand")
    func formatTwoThroughASession() async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("format2-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let state = parent.appendingPathComponent(".succession")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Fixture.path("format2/attended-job.json"),
            toPath: state.appendingPathComponent("job.json").path
        )
        let session = try JobSession.open(at: FilePath(parent.path))
        let job = try session.job()
        #expect(job.version == 3)
        #expect(job.state(of: .step8) == .failed)
        guard case .question(let question) = try await session.next() else {
            Issue.record("⑧ asks again")
            return
        }
        #expect(question.step == .step8)
        let undone = try await session.undo(.step2, doneByHand: true, reopening: true)
        #expect(undone.state(of: .step2) == .pending)
    }
}

/// The person's hands on a sandbox's readers (their cables).
struct SandboxReaderBindingStoreHands: Sendable {
    let root: FilePath

    func plugIn() {
        let store = SandboxReaderBindingStore(layout: TerminalLayout(root: root))
        for serial in ["CAORA-000101", "CAORA-000102"] {
            try? store.setPluggedIn(ReaderSerialNumber(rawValue: serial), true)
        }
    }
}
