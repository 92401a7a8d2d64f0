public import Foundation
import SystemPackage

/// A succession job: the codes, the notice, and the journal of everything done — the evidence
/// a customer report is made from. Never holds a secret.
public struct Job: Sendable, Hashable, Codable {
    /// The state of a step, derived from the journal.
    public enum StepState: String, Sendable, Hashable, Codable {
        /// Not done yet (or reopened by an undo).
        case pending
        /// Done, and checked as its ``StepVerification`` says.
        case done
        /// A real finding failed it: its problems say what to put right.
        case failed
        /// Skipped, with the reason recorded.
        case skipped
        /// 補足① when ⑨ found the accounts carried over: the manual does not ask for it.
        case notNeeded

        /// The word people read: 完了, 失敗, 省略, 未実施, 不要.
        public var words: LocalizedText {
            switch self {
            case .done: LocalizedText(ja: "完了", en: "done")
            case .failed: LocalizedText(ja: "失敗", en: "FAILED")
            case .skipped: LocalizedText(ja: "省略", en: "skipped")
            case .pending: LocalizedText(ja: "未実施", en: "pending")
            case .notNeeded: LocalizedText(ja: "不要", en: "not needed")
            }
        }
    }

    /// One entry of the journal.
    public struct Event: Sendable, Hashable, Codable {
        /// What happened to the step.
        public enum Kind: String, Sendable, Hashable, Codable {
            /// The step began (a kill after this re-runs it: every action is idempotent).
            case started
            /// The step was done (its evidence and verification recorded).
            case done
            /// A real finding failed the step (its problems recorded).
            case failed
            /// The step was skipped, with the reason in ``Job/Event/note``.
            case skipped
            /// 補足① is not needed (⑨ found the accounts carried over).
            case notNeeded
            /// ⑨ could not log in: supplement ① comes first, then ⑨ again 【工事手順⑨】.
            case branched
            /// The step was undone through what its stores recorded.
            case undone
            /// A step it depends on was undone or done over: it is pending again.
            case reopened
            /// Opened again to be done over, the terminal unchanged (`job redo`).
            case redone
        }

        /// When it happened.
        public let time: Date
        /// The step it belongs to.
        public let step: SuccessionStep.ID
        /// What happened.
        public let kind: Kind
        /// What was done, typed.
        public let evidence: StepEvidence
        /// How the step was verified (done and skipped events).
        public let verification: StepVerification?
        /// What the step changed on the terminal, per store, for undo.
        public let changes: [RecordedChange]
        /// What was wrong (a failed step), or worth knowing (warnings of a done one).
        public let problems: [Problem]
        /// A person's note: the reason of a skip, an answer.
        public let note: String?
        /// Notes for the technician (inferences, cautions): shown by `job status` and the
        /// report's technician section, never in the customer's rows.
        public let technicianNotes: [Problem]?

        package init(
            time: Date,
            step: SuccessionStep.ID,
            kind: Kind,
            evidence: StepEvidence = StepEvidence(),
            verification: StepVerification? = nil,
            changes: [RecordedChange] = [],
            problems: [Problem] = [],
            note: String? = nil,
            technicianNotes: [Problem]? = nil
        ) {
            self.time = time
            self.step = step
            self.kind = kind
            self.evidence = evidence
            self.verification = verification
            self.changes = changes
            self.problems = problems
            self.note = note
            self.technicianNotes = technicianNotes
        }
    }

    /// The journal's format; a journal of another version is refused with `job.version`.
    public static let formatVersion = 3

    /// The journal's format: ``formatVersion`` (a format-2 journal is migrated as it is read).
    public private(set) var version: Int
    /// The 医療機関等コード before the succession.
    public let oldCode: MedicalInstitutionCode
    /// The 医療機関等コード after it: the new certificate's and the credential's.
    public let newCode: MedicalInstitutionCode
    /// The 電子証明書発行通知書 of the new code 【工事手順①】.
    public let notice: CertificateIssueNotice
    /// When the job was created.
    public let createdAt: Date
    /// Which terminal the job runs on, so that every later command opens the same kind.
    public let terminal: TerminalDescription
    /// The journal: every event, oldest first; the steps' states are derived from it.
    public private(set) var events: [Event]

    package init(
        oldCode: MedicalInstitutionCode,
        newCode: MedicalInstitutionCode,
        notice: CertificateIssueNotice,
        terminal: TerminalDescription,
        createdAt: Date = Date()
    ) {
        self.version = Self.formatVersion
        self.oldCode = oldCode
        self.newCode = newCode
        self.notice = notice
        self.terminal = terminal
        self.createdAt = createdAt
        self.events = []
    }

    /// The formats a journal may have on disk: 2 is read and migrated to 3.
    static let readableVersions: ClosedRange<Int> = 2...3

    /// A format-2 journal as format 3: the text of every rejected answer (the `found` of an
    /// `attended.answer` problem, which may hold a password typed at the wrong prompt) dropped,
    /// and ⑫'s bound readers under their own name (format 2 kept them as `readerSerials`).
    ///
    /// - Parameter root: the terminal's root, absolute: format 2 kept the paths a relative
    ///   `--terminal` gave as they were typed; they are resolved against it once, here.
    func migrated(root: String) -> Job {
        guard version == 2 else { return self }
        func resolved(_ path: String) -> String { FilePath(root).pushing(FilePath(path)).string }
        var job = self
        job.version = Self.formatVersion
        job.events = events.map { event in
            var evidence = event.evidence
            if event.step == .step12, let serials = evidence.readerSerials {
                evidence.boundSerials = serials
                evidence.readerSerials = nil
            }
            evidence.certificateFile = evidence.certificateFile.map(resolved)
            evidence.backupFile = evidence.backupFile.map(resolved)
            evidence.backupFolder = evidence.backupFolder.map(resolved)
            evidence.notChosen = evidence.notChosen?.map(resolved)
            let changes = event.changes.map { recorded in
                guard recorded.store == .files else { return recorded }
                var change = recorded.change
                change.created = change.created.map(resolved)
                return RecordedChange(store: recorded.store, change: change)
            }
            let problems = event.problems.map { problem in
                problem.code.rawValue == "attended.answer"
                    ? Problem(
                        problem.code,
                        severity: problem.severity,
                        values: problem.values.filter { $0.key != .found }
                    )
                    : problem
            }
            return Event(
                time: event.time,
                step: event.step,
                kind: event.kind,
                evidence: evidence,
                verification: event.verification,
                changes: changes,
                problems: problems,
                note: event.note,
                technicianNotes: event.technicianNotes
            )
        }
        return job
    }

    /// Appends an event.
    package mutating func record(_ event: Event) {
        events.append(event)
    }

    /// Appends an event of `kind` for `step`.
    package mutating func record(
        _ step: SuccessionStep.ID,
        _ kind: Event.Kind,
        evidence: StepEvidence = StepEvidence(),
        verification: StepVerification? = nil,
        changes: [RecordedChange] = [],
        problems: [Problem] = [],
        note: String? = nil,
        at time: Date = Date()
    ) {
        record(
            Event(
                time: time,
                step: step,
                kind: kind,
                evidence: evidence,
                verification: verification,
                changes: changes,
                problems: problems,
                note: note
            )
        )
    }

    /// The step's state: its last decisive event.
    public func state(of step: SuccessionStep.ID) -> StepState {
        for event in events.reversed() where event.step == step {
            switch event.kind {
            case .done: return .done
            case .failed: return .failed
            case .skipped: return .skipped
            case .notNeeded: return .notNeeded
            case .undone, .reopened, .branched, .redone: return .pending
            case .started: continue
            }
        }
        return .pending
    }

    /// The evidence of the step's last `done` (or skip, which may carry evidence too).
    public func evidence(of step: SuccessionStep.ID) -> StepEvidence {
        lastEvent(of: step).flatMap { [.done, .skipped].contains($0.kind) ? $0.evidence : nil } ?? StepEvidence()
    }

    /// The intents an unfinished attempt at `step` journaled before changing a store (`started`
    /// events with evidence since its last decisive event).
    func intents(of step: SuccessionStep.ID) -> [StepEvidence] {
        var found: [StepEvidence] = []
        for event in events.reversed() where event.step == step {
            guard event.kind == .started else { break }
            if event.evidence != StepEvidence() { found.append(event.evidence) }
        }
        return found
    }

    /// The last event of the step that is not `started`.
    public func lastEvent(of step: SuccessionStep.ID) -> Event? {
        events.last { $0.step == step && $0.kind != .started }
    }

    /// How the step's current state was verified, when it is done or skipped.
    public func verification(of step: SuccessionStep.ID) -> StepVerification? {
        guard [.done, .skipped].contains(state(of: step)) else { return nil }
        return lastEvent(of: step)?.verification
    }

    /// Whether supplement ① is needed: ⑨ could not log in with the admin account.
    public var needsAccountRegistration: Bool {
        events.contains { $0.step == .step9 && $0.kind == .branched }
    }

    /// Whether the step counts as finished: done, skipped with a reason, or not needed.
    public func isFinished(_ step: SuccessionStep.ID) -> Bool {
        [.done, .skipped, .notNeeded].contains(state(of: step))
    }

    /// The preconditions of `step` that are not done. A skipped step blocks every step that
    /// depends on it; ⑨ after its branch needs supplement ① first.
    public func unmetPreconditions(of step: SuccessionStep.ID) -> [SuccessionStep.ID] {
        var required = SuccessionProcedure.step(step).preconditions
        if step == .step9 && needsAccountRegistration { required.append(.supplement1) }
        return required.filter { ![.done, .notNeeded].contains(state(of: $0)) }
    }

    /// The steps that depend on `step`, directly or through others, in the manual's order.
    public func dependents(of step: SuccessionStep.ID) -> [SuccessionStep.ID] {
        var found: Set<SuccessionStep.ID> = [step]
        var changed = true
        while changed {
            changed = false
            for candidate in SuccessionProcedure.steps where !found.contains(candidate.id) {
                var needs = candidate.preconditions
                if candidate.id == .step9 && needsAccountRegistration { needs.append(.supplement1) }
                if needs.contains(where: found.contains) {
                    found.insert(candidate.id)
                    changed = true
                }
            }
        }
        return order.filter { $0 != step && found.contains($0) }
    }

    /// The first step that is not finished, in the manual's order; `nil` when every step is.
    public var nextStep: SuccessionStep.ID? {
        order.first { !isFinished($0) }
    }

    /// The steps in the order they are worked: supplement ① after ⑨, or — when ⑨ could not log
    /// in — before ⑨ is tried again; supplement ② after ⑫.
    public var order: [SuccessionStep.ID] {
        let accounts: [SuccessionStep.ID] = needsAccountRegistration ? [.supplement1, .step9] : [.step9, .supplement1]
        return [.step1, .step2, .step3, .step4, .step5, .step6, .step7, .step8] + accounts + [
            .step10, .step11, .step12, .supplement2, .step13, .step14,
        ]
    }

    /// Whether every step is finished (some may be skipped: see ``completion``).
    public var isComplete: Bool { nextStep == nil }

    /// How complete the job is, as the report must say it: 「全手順完了」 only when every step
    /// is done.
    public var completion: Completion {
        guard isComplete else { return .incomplete }
        let skipped = order.filter { state(of: $0) == .skipped }
        return skipped.isEmpty ? .complete : .completeWithSkips(skipped)
    }

    /// How complete a job is.
    public enum Completion: Sendable, Hashable {
        /// Every step done (supplement ① not needed counts as done).
        case complete
        /// Every step finished, these skipped with a reason.
        case completeWithSkips([SuccessionStep.ID])
        /// Some step is pending or failed.
        case incomplete

        /// 「全手順完了」, 「完了（省略あり: ⑭）」 or 「未完了」.
        public var words: LocalizedText {
            switch self {
            case .complete: return LocalizedText(ja: "全手順完了", en: "All steps done")
            case .completeWithSkips(let ids):
                let marks = ids.map { SuccessionProcedure.step($0).mark }.joined(separator: "・")
                return LocalizedText(ja: "完了（省略あり: \(marks)）", en: "Finished, with skipped steps: \(marks)")
            case .incomplete: return LocalizedText(ja: "未完了", en: "Not finished")
            }
        }
    }
}

/// How a step's record was verified — the report never says more than this.
public enum StepVerification: String, Sendable, Hashable, Codable, CaseIterable {
    /// Software did the step and checked the result itself.
    case software
    /// A person did the step on the terminal and typed what the screen showed; software checked
    /// every typed value.
    case typedEvidence
    /// A person confirmed it; nothing could be checked.
    case person
    /// Skipped, with the reason recorded.
    case skipped

    /// The words of the report and `job status`.
    public var words: LocalizedText {
        switch self {
        case .software: LocalizedText(ja: "ソフトウェアで確認", en: "checked by software")
        case .typedEvidence: LocalizedText(ja: "画面の値を入力・照合", en: "typed evidence checked by software")
        case .person: LocalizedText(ja: "作業者の確認", en: "confirmed by a person")
        case .skipped: LocalizedText(ja: "省略（理由あり）", en: "skipped with a reason")
        }
    }
}

/// Which kind of terminal a job runs on, kept in the journal.
public struct TerminalDescription: Sendable, Hashable, Codable {
    /// How the terminal is worked, as the report says it — not ``TerminalKind``, which is what
    /// the facility is (医科・歯科 or 薬局) and so which linkage account the terminal has.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The practice sandbox (plain files).
        case sandbox
        /// A real terminal: a person does each GUI step and types back what it shows.
        case attended
        /// A backend of the integrator's own.
        case custom
    }

    /// The terminal's kind.
    public var kind: Kind
    /// Where the new `.p12` is looked for (attended: USB memory or Downloads), when not the
    /// terminal's default.
    public var downloads: String?
    /// Where the backup goes, when not the terminal's default.
    public var backupFolder: String?
    /// The real root CA certificates (DER) the new certificate's chain is verified against in
    /// ⑥; without one only the issuer's name can be compared, and the record says so.
    public var trustAnchors: [[UInt8]]

    package init(
        kind: Kind,
        downloads: String? = nil,
        backupFolder: String? = nil,
        trustAnchors: [[UInt8]] = []
    ) {
        self.kind = kind
        self.downloads = downloads
        self.backupFolder = backupFolder
        self.trustAnchors = trustAnchors
    }

    private enum CodingKeys: String, CodingKey { case kind, downloads, backupFolder, trustAnchors }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        downloads = try container.decodeIfPresent(String.self, forKey: .downloads)
        backupFolder = try container.decodeIfPresent(String.self, forKey: .backupFolder)
        trustAnchors = try container.decodeIfPresent([[UInt8]].self, forKey: .trustAnchors) ?? []
    }
}

/// A change a step made through one of the terminal's stores, kept for undo.
public struct RecordedChange: Sendable, Hashable, Codable {
    /// Which store made the change, and so which one undoes it.
    public enum Store: String, Sendable, Hashable, Codable {
        /// The terminal's ``Terminal/credentials``.
        case credentials
        /// The terminal's ``Terminal/certificates``.
        case certificates
        /// The terminal's ``Terminal/readers``.
        case readers
        /// Files the software itself wrote (the backup of ⑥), undone through the archive.
        case files
    }

    /// Which store made it.
    public let store: Store
    /// What that store returned, handed back to its `revert(_:)` on undo.
    public let change: TerminalChange

    package init(store: Store, change: TerminalChange) {
        self.store = store
        self.change = change
    }
}
