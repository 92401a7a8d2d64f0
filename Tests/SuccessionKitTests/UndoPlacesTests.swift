import Foundation
import Testing

@testable import SuccessionKit

/// Undo acts inside the terminal's root only: what lies in a folder the person gave stays there,
/// and a path a journal was edited to name is refused before anything moves.
@Suite("Undo stays inside the root")
struct UndoPlacesTests {
    @Test("A hand-edited journal naming a file outside the root: undo refuses and moves nothing")
    func editedJournal() async throws {
        let work = try JobTests.Work()
        try await work.run()
        let victim = work.root.deletingLastPathComponent().appendingPathComponent("victim-\(UUID().uuidString).txt")
        try Data("keep me".utf8).write(to: victim)
        defer { try? FileManager.default.removeItem(at: victim) }
        var job = try work.store.load()
        let backup = try #require(job.evidence(of: DownloadAndBackUpStep.self)?.backupFile)
        let forged = Job.Event(
            time: Date(),
            step: .step6,
            kind: .started,
            changes: [RecordedChange(store: .files, change: TerminalChange(created: [victim.path]))]
        )
        job.record(forged)
        try work.store.save(job)
        await #expect(throws: SuccessionError(.jobUndoOutside)) { try await work.runner.undo(.step6) }
        #expect(FileManager.default.fileExists(atPath: victim.path), "the file outside is untouched")
        #expect(FileManager.default.fileExists(atPath: backup), "nothing else was undone either")
        #expect(try work.store.load().state(of: .step6) == .done)
    }

    @Test("A path climbing out of the root with .. is outside too")
    func dotDot() async throws {
        let work = try JobTests.Work()
        try await work.run()
        var job = try work.store.load()
        let climbing = work.root.path + "/Users/../../elsewhere.txt"
        job.record(
            Job.Event(
                time: Date(),
                step: .step6,
                kind: .started,
                changes: [RecordedChange(store: .files, change: TerminalChange(created: [climbing]))]
            )
        )
        try work.store.save(job)
        await #expect(throws: SuccessionError(.jobUndoOutside)) { try await work.runner.undo(.step6) }
    }

    @Test("Attended undo of ⑥ leaves the customer's copy on --backup-folder where it is, and says so")
    func customerCopyStays() async throws {
        let site = try AttendedConversationTests.Site(outsideBackup: true)
        try await site.work()
        let backup = try #require(try site.store.load().evidence(of: DownloadAndBackUpStep.self)?.backupFile)
        #expect(!backup.hasPrefix(site.root.path + "/"), "the copy is on the customer's folder")
        let job = try await site.runner.undo(.step6)
        #expect(FileManager.default.fileExists(atPath: backup), "undo moved nothing off the customer's folder")
        #expect(job.lastEvent(of: .step6)?.problems.map(\.code) == [.jobUndoLeftInPlace, .jobUndoLeftInPlace])
        #expect(job.state(of: .step6) == .pending)
    }

    @Test("18: attended ⑥ done again on the customer's folder: their manifest is never archived, undo ⑥ works")
    func backupTwice() async throws {
        let site = try AttendedConversationTests.Site(outsideBackup: true)
        try await site.work()
        _ = try await site.runner.undo(.step6)
        try await site.work()
        let job = try site.store.load()
        #expect(job.state(of: .step6) == .done)
        #expect(
            job.changes(of: .step6).allSatisfy { $0.change.archived.isEmpty },
            "nothing of the customer's was archived"
        )
        let undone = try await site.runner.undo(.step6)
        #expect(undone.state(of: .step6) == .pending)
        let manifest = site.root.path + "-usb/backup/" + CertificateBackup.manifestName
        #expect(FileManager.default.fileExists(atPath: manifest), "their manifest stays where it is")
    }

    @Test("Undo of ⑦ reopens ⑩ without reverting it; ⑩ done again still reports the old code as before")
    func reopenedCredential() async throws {
        let work = try JobTests.Work()
        try await work.run()
        _ = try await work.runner.undo(.step7)
        #expect(try work.store.load().state(of: .step10) == .pending)
        try await work.run()
        let report = JobReport(job: try work.store.load())
        #expect(report.fact("OQS_MEDICAL_INSTITUTION_CODE") == "0110113719 → 1310110049", "not 1310110049 → 1310110049")
    }

    @Test("A journal that is a symbolic link is refused, never read through")
    func journalSymlink() async throws {
        let work = try JobTests.Work()
        let elsewhere = work.root.deletingLastPathComponent().appendingPathComponent("job-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try FileManager.default.moveItem(atPath: work.store.path, toPath: elsewhere.path)
        try FileManager.default.createSymbolicLink(atPath: work.store.path, withDestinationPath: elsewhere.path)
        #expect(throws: SuccessionError(.fileSymbolicLink)) { try work.store.load() }
    }
}
