import Foundation
import SuccessionKit
import Testing

/// The question ids are an interface: scripts and other processes answer by them.
@Suite("Question ids are stable and documented")
struct QuestionIDTests {
    @Test("Each id of the manual's procedure is its step's id, a dot and a name, and no two are the same")
    func idsAreWellFormed() {
        let ids = JobQuestion.ID.standard
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let parts = id.rawValue.split(separator: ".")
            #expect(parts.count == 2, "\(id)")
            #expect(SuccessionStep.ID(typed: String(parts[0])) != nil, "\(id) names a step")
        }
        #expect(JobQuestion.ID(.step12, "state", subject: "CAORA-000101").rawValue == "12.state.CAORA-000101")
    }

    @Test("The question-ids article lists every question of the manual's procedure, in the order asked")
    func articleListsEveryQuestion() throws {
        let article = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/SuccessionKit/Docs.docc/QuestionIDs.md")
        let text = try String(contentsOf: article, encoding: .utf8)
        // `3.removed.SERIAL`: the id, then the subject it repeats for.
        let listed = text.matches(of: /^\| \S+ \| `([A-Za-z0-9]+\.[A-Za-z0-9]+)/.anchorsMatchLineEndings()).map {
            JobQuestion.ID(rawValue: String($0.output.1))
        }
        #expect(listed == JobQuestion.ID.standard)
    }
}
