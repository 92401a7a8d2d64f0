public import Foundation
import SystemPackage

/// A succession job: the codes, the notice, and the journal of everything done — the evidence
/// a customer report is made from. Never holds a secret.
///
/// The steps' states, their order and the job's completion are derived from the journal and the
/// job's ``procedure`` (the manual's, unless a session was opened with another).
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
        /// Not needed in this job (補足① when ⑨ found the accounts carried over).
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
            /// The step is being worked: an event that carries a store's intent or change.
            case started
            /// The step was done (its evidence and verification recorded).
            case done
            /// A real finding failed the step (its problems recorded).
            case failed
            /// The step was skipped, with the reason in ``Job/Event/note``.
            case skipped
            /// Written by journals of format 3 before the step's need was derived (補足① not
            /// needed): read, and no longer written.
            case notNeeded
            /// The step branched (⑨ could not log in): the steps its preconditions add come
            /// first, then it is tried again 【工事手順⑨】.
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
        /// What was done, as the step's own evidence type records it (``Job/evidence(of:)``).
        public let evidence: EvidenceRecord
        /// How the step was verified (done and skipped events).
        public let verification: StepVerification?
        /// What the step changed on the terminal, per store, for undo.
        public let changes: [RecordedChange]
        /// A store change about to be made (the journal's write-ahead record).
        public let intent: RecordedIntent?
        /// What was wrong (a failed step), or worth knowing (warnings of a done one).
        public let problems: [Problem]
        /// A person's note: the reason of a skip.
        public let note: String?
        /// Notes for the technician (inferences, cautions): shown by `job status` and the
        /// report's technician section, never in the customer's rows.
        public let technicianNotes: [Problem]?

        package init(
            time: Date,
            step: SuccessionStep.ID,
            kind: Kind,
            evidence: EvidenceRecord = EvidenceRecord(),
            verification: StepVerification? = nil,
            changes: [RecordedChange] = [],
            intent: RecordedIntent? = nil,
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
            self.intent = intent
            self.problems = problems
            self.note = note
            self.technicianNotes = technicianNotes
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            time = try container.decode(Date.self, forKey: .time)
            step = try container.decode(SuccessionStep.ID.self, forKey: .step)
            kind = try container.decode(Kind.self, forKey: .kind)
            evidence = try container.decodeIfPresent(EvidenceRecord.self, forKey: .evidence) ?? EvidenceRecord()
            verification = try container.decodeIfPresent(StepVerification.self, forKey: .verification)
            changes = try container.decodeIfPresent([RecordedChange].self, forKey: .changes) ?? []
            intent = try container.decodeIfPresent(RecordedIntent.self, forKey: .intent)
            problems = try container.decodeIfPresent([Problem].self, forKey: .problems) ?? []
            note = try container.decodeIfPresent(String.self, forKey: .note)
            technicianNotes = try container.decodeIfPresent([Problem].self, forKey: .technicianNotes)
        }

        /// Whether the event decides the step's state (not a store's intent or change).
        var isDecisive: Bool { kind != .started && kind != .notNeeded }
    }

    /// The journal's format; a journal of another version is refused with `job.version`. Each
    /// step's evidence keeps the keys format 3 gave it, so format 3 it stays.
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
    /// Which terminal the job runs on, so that every later command opens the same one.
    public let terminal: TerminalDescription
    /// The journal: every event, oldest first; the steps' states are derived from it.
    public private(set) var events: [Event]
    /// The steps the job is worked by (not stored: a session opens the job with it).
    public var procedure: SuccessionProcedure = .standard

    private enum CodingKeys: String, CodingKey {
        case version, oldCode, newCode, notice, createdAt, terminal, events
    }

    package init(
        oldCode: MedicalInstitutionCode,
        newCode: MedicalInstitutionCode,
        notice: CertificateIssueNotice,
        terminal: TerminalDescription,
        procedure: SuccessionProcedure = .standard,
        createdAt: Date = Date()
    ) {
        self.version = Self.formatVersion
        self.oldCode = oldCode
        self.newCode = newCode
        self.notice = notice
        self.terminal = terminal
        self.createdAt = createdAt
        self.events = []
        self.procedure = procedure
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
            if event.step == .step12, let serials = evidence.fields["readerSerials"] {
                evidence.fields["boundSerials"] = serials
                evidence.fields["readerSerials"] = nil
            }
            for key in ["certificateFile", "backupFile", "backupFolder"] {
                if let path = evidence.text(key) { evidence.fields[key] = .string(resolved(path)) }
            }
            if case .array(let paths)? = evidence.fields["notChosen"] {
                evidence.fields["notChosen"] = .array(paths.map { $0.string.map { .string(resolved($0)) } ?? $0 })
            }
            let changes = event.changes.map { recorded in
                guard recorded.store == .files else { return recorded }
                var change = recorded.change
                change.created = change.created.map(resolved)
                return RecordedChange(store: recorded.store, change: change, operation: recorded.operation)
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
                intent: event.intent,
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
        problems: [Problem] = [],
        note: String? = nil,
        at time: Date = Date()
    ) {
        record(Event(time: time, step: step, kind: kind, problems: problems, note: note))
    }

    // MARK: What the journal says of a step

    /// The step's state: its last decisive event, or 不要 when this job does not need it.
    public func state(of step: SuccessionStep.ID) -> StepState {
        let recorded = recordedState(of: step)
        if recorded == .done || recorded == .skipped { return recorded }
        if let procedureStep = procedure.procedureStep(step), !procedureStep.isNeeded(in: self) { return .notNeeded }
        return recorded
    }

    private func recordedState(of step: SuccessionStep.ID) -> StepState {
        switch lastEvent(of: step)?.kind {
        case .done: .done
        case .failed: .failed
        case .skipped: .skipped
        default: .pending
        }
    }

    /// The evidence of the step's last `done` (or skip, which may carry evidence too), read
    /// through the step's own type; `nil` while it has none.
    public func evidence<Step: ProcedureStep>(of step: Step.Type) -> Step.Evidence? {
        guard let record = evidenceRecord(of: Step.id) else { return nil }
        return try? record.decode(Step.Evidence.self)
    }

    /// The evidence record of the step's last `done` or skip, as the journal keeps it.
    public func evidenceRecord(of step: SuccessionStep.ID) -> EvidenceRecord? {
        guard let last = lastEvent(of: step), [.done, .skipped].contains(last.kind), !last.evidence.isEmpty else {
            return nil
        }
        return last.evidence
    }

    /// The last event of the step that decides its state (not a store's intent or change).
    public func lastEvent(of step: SuccessionStep.ID) -> Event? {
        events.last { $0.step == step && $0.isDecisive }
    }

    /// How the step's current state was verified, when it is done or skipped.
    public func verification(of step: SuccessionStep.ID) -> StepVerification? {
        guard [.done, .skipped].contains(state(of: step)) else { return nil }
        return lastEvent(of: step)?.verification
    }

    /// The step's events since it was last undone: what its stores changed since then is still in
    /// effect on the terminal (a redo or a reopen changes nothing there).
    func sinceUndone(_ step: SuccessionStep.ID) -> ArraySlice<Event> {
        let start = events.lastIndex { $0.step == step && $0.kind == .undone }.map { $0 + 1 } ?? 0
        return events[start...]
    }

    /// The store changes the step made since it was last undone, oldest first: what undo hands
    /// back, newest first.
    func changes(of step: SuccessionStep.ID) -> [RecordedChange] {
        sinceUndone(step).filter { $0.step == step }.flatMap(\.changes)
    }

    /// The intents the step journaled since it was last undone, oldest first.
    func intents(of step: SuccessionStep.ID) -> [RecordedIntent] {
        sinceUndone(step).filter { $0.step == step }.compactMap(\.intent)
    }

    /// The step's intent that no change closed: a kill cut its store call short.
    func openIntent(of step: SuccessionStep.ID) -> RecordedIntent? {
        let own = sinceUndone(step).filter { $0.step == step }
        guard let last = own.lastIndex(where: { $0.intent != nil }) else { return nil }
        let closed = own[own.index(after: last)...].contains { !$0.changes.isEmpty }
        return closed ? nil : own[last].intent
    }

    /// Whether the step branched since it was last done over or undone (⑨'s いいえ).
    public func hasBranched(_ step: SuccessionStep.ID) -> Bool {
        for event in events.reversed() where event.step == step {
            switch event.kind {
            case .branched: return true
            case .undone, .redone: return false
            default: continue
            }
        }
        return false
    }

    // MARK: The order

    /// Whether the step counts as finished: done, skipped with a reason, or not needed.
    public func isFinished(_ step: SuccessionStep.ID) -> Bool {
        [.done, .skipped, .notNeeded].contains(state(of: step))
    }

    /// The steps that must be finished before `step` in this job.
    public func preconditions(of step: SuccessionStep.ID) -> [SuccessionStep.ID] {
        procedure.procedureStep(step)?.preconditions(in: self) ?? []
    }

    /// The preconditions of `step` that are not done. A skipped step blocks every step that
    /// depends on it.
    public func unmetPreconditions(of step: SuccessionStep.ID) -> [SuccessionStep.ID] {
        preconditions(of: step).filter { ![.done, .notNeeded].contains(state(of: $0)) }
    }

    /// The steps that depend on `step`, directly or through others, in the order they are worked.
    public func dependents(of step: SuccessionStep.ID) -> [SuccessionStep.ID] {
        var found: Set<SuccessionStep.ID> = [step]
        var changed = true
        while changed {
            changed = false
            for candidate in procedure.ids where !found.contains(candidate) {
                if preconditions(of: candidate).contains(where: found.contains) {
                    found.insert(candidate)
                    changed = true
                }
            }
        }
        return order.filter { $0 != step && found.contains($0) }
    }

    /// The steps in the order they are worked: the procedure's, except that a step comes after
    /// the steps it needs in this job (補足① before ⑨ is tried again, after ⑨ branched).
    public var order: [SuccessionStep.ID] {
        var placed: [SuccessionStep.ID] = []
        var remaining = procedure.ids
        while !remaining.isEmpty {
            let ready = remaining.firstIndex { id in
                preconditions(of: id).allSatisfy { placed.contains($0) || !procedure.ids.contains($0) }
            }
            // A cycle of preconditions (a procedure of one's own): the rest in the list's order.
            guard let ready else { return placed + remaining }
            placed.append(remaining.remove(at: ready))
        }
        return placed
    }

    /// The first step that is not finished, in the order they are worked; `nil` when every step is.
    public var nextStep: SuccessionStep.ID? {
        order.first { !isFinished($0) }
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
    public enum Completion: Sendable, Hashable, Codable {
        /// Every step done (a step not needed counts as done).
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
                let joined = ids.map { SuccessionProcedure.standard.step($0).mark }.joined(separator: "・")
                return LocalizedText(ja: "完了（省略あり: \(joined)）", en: "Finished, with skipped steps: \(joined)")
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
        case .skipped: LocalizedText(ja: "省略（理由あり）", en: "skipped")
        }
    }
}
