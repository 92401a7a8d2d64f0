public import Foundation
import SystemPackage

/// The customer's report of a succession: facility, codes, the facts each step recorded, every
/// step with its result, and what the customer must keep 【工事手順⑭】. Japanese unless asked
/// otherwise; rendered as Markdown and JSON here, and as an A4 HTML page by the guided page.
public struct JobReport: Sendable, Hashable, Codable {
    /// One row of the steps' table.
    public struct StepLine: Sendable, Hashable, Codable {
        /// The step's id, as the journal keeps it (`1`…`14`, `S1`, `S2`).
        public let number: String
        /// ① … ⑭, 補足①, 補足②.
        public let mark: String
        /// The manual's title, in the report's language.
        public let title: String
        /// The step's state at the time of the report.
        public let state: Job.StepState
        /// How the record was verified (done steps; a skip's reason is in ``notes``).
        public let verification: StepVerification?
        /// When the step's last event was recorded.
        public let time: Date?
        /// What went wrong, and a skip's reason, in the report's language.
        public let notes: [String]
    }

    /// One row of the facts: a label and its value, in the report's language.
    public struct Fact: Sendable, Hashable, Codable {
        /// The row's label.
        public let label: String
        /// The value; a step that has not recorded it shows its state (未実施（⑩）).
        public let value: String
    }

    /// The report's title.
    public let title: String
    /// 端末名称 from the notice.
    public let terminalName: String?
    /// Which backend worked the terminal: the practice sandbox, a real terminal attended by a
    /// person, or an integrator's backend.
    public let backend: TerminalDescription.Backend
    /// The code before the succession.
    public let oldCode: String
    /// The code after it.
    public let newCode: String
    /// The facts: the job's (codes, terminal) and each step's, in the order the steps are worked.
    public let facts: [Fact]
    /// Every step, in the order worked.
    public let steps: [StepLine]
    /// Warnings and inferences for the technician, by step (not the customer's rows).
    public let technicianNotes: [String]
    /// 「全手順完了」 only when every step is done.
    public let completion: String
    /// Whether the job is ``Job/Completion/complete``.
    public let complete: Bool
    /// When the report was made.
    public let createdAt: Date
    /// What the customer must keep and why: the backup on external media 【工事手順⑭】.
    public let customerMustKeep: [String]
    /// The language of the report's words (Japanese unless asked otherwise).
    public let language: Language

    /// The report of `job`, in `language`.
    public init(job: Job, language: Language = .japanese, createdAt: Date = Date()) {
        let t = { (ja: String, en: String) in language == .japanese ? ja : en }
        let procedure = job.procedure
        self.language = language
        title = t("オンライン資格確認端末 承継工事 報告書", "Online eligibility terminal: succession work report")
        terminalName = job.notice.terminalName
        backend = job.terminal.backend
        oldCode = job.oldCode.digits
        newCode = job.newCode.digits
        let order = job.order
        steps = order.map { id in
            let step = procedure.step(id)
            let last = job.lastEvent(of: id)
            // The customer's rows carry what went wrong and a skip's reason; warnings and
            // inferences are the technician's (``technicianNotes``).
            var notes = last?.problems.filter { $0.severity == .error }.map { $0.message(in: language) } ?? []
            if let note = last?.note, last?.kind == .skipped { notes.append(note) }
            if job.state(of: id) == .notNeeded, let step = procedure.procedureStep(id),
                let why = type(of: step).notNeededNote
            {
                notes.append(why(language))
            }
            return StepLine(
                number: id.rawValue,
                mark: step.mark,
                title: step.title(language),
                state: job.state(of: id),
                verification: job.verification(of: id),
                time: last?.time,
                notes: notes
            )
        }
        var facts = Self.jobFacts(job, language)
        for id in order {
            guard let step = procedure.procedureStep(id) else { continue }
            for fact in Self.facts(of: step, job) {
                // A step that recorded nothing shows its state: a pending or undone step never
                // reads as "none".
                let value =
                    fact.value?(language)
                    ?? (job.state(of: id) == .done
                        ? "—"
                        : job.state(of: id).words(language)
                            + t("（\(procedure.step(id).mark)）", " (\(procedure.step(id).mark))"))
                facts.append(Fact(label: fact.label(language), value: value))
            }
        }
        self.facts = facts
        technicianNotes = order.flatMap { id -> [String] in
            let last = job.lastEvent(of: id)
            let warnings = (last?.problems ?? []).filter { $0.severity == .warning } + (last?.technicianNotes ?? [])
            return warnings.map { "\(procedure.step(id).mark) \($0.message(in: language))" }
        }
        completion = job.completion.words(language)
        complete = job.completion == .complete
        self.createdAt = createdAt
        customerMustKeep = Self.keep(job, t)
    }

    /// The step's facts, its evidence read through its own type.
    private static func facts<Step: ProcedureStep>(of step: Step, _ job: Job) -> [ReportFact] {
        step.reportFacts(job.evidence(of: Step.self), in: job)
    }

    /// The job's own facts: the terminal, how it was worked, the facility and the codes.
    private static func jobFacts(_ job: Job, _ language: Language) -> [Fact] {
        let t = { (ja: String, en: String) in language == .japanese ? ja : en }
        let kind =
            switch job.terminal.backend {
            case .sandbox: t("練習用サンドボックス", "practice sandbox")
            case .attended: t("実端末（作業者が画面の値を入力し照合）", "real terminal (a person typed what the screens showed; checked)")
            case .windowsAgent:
                t("実端末（エージェントが Windows の証明書・資格情報を操作し照合）", "real terminal (the agent worked Windows' stores; checked)")
            case .custom: t("連携システム", "integrated system")
            }
        let prefecture = t(job.newCode.prefecture.japaneseName, job.newCode.prefecture.englishName)
        let facility = t(job.newCode.kind.japaneseName, job.newCode.kind.englishName)
        return [
            Fact(
                label: t("端末名称・作業方式", "Terminal, how it was worked"),
                value: "\(job.notice.terminalName ?? "—")（\(kind)）"
            ),
            Fact(label: t("都道府県・種別", "Prefecture, kind"), value: "\(prefecture)・\(facility)"),
            Fact(
                label: t("医療機関等コード", "Medical institution code"),
                value: "\(job.oldCode.digits) → \(job.newCode.digits)"
            ),
        ]
    }

    /// What the customer keeps: the backup on external media, and why 【工事手順⑥⑭】.
    private static func keep(_ job: Job, _ t: (String, String) -> String) -> [String] {
        let folder = CertificateBackup.defaultFolderName
        let keepBackup: String
        switch job.terminal.backend {
        case .attended, .windowsAgent, .custom:
            keepBackup = t(
                "電子証明書のバックアップ（お客様の USB メモリ等のコピーと、端末のデスクトップの「\(folder)」フォルダ）を、外部記録媒体で保管してください。",
                "Keep the certificate backup (the copy on the customer's USB memory, and the terminal's desktop folder 「\(folder)」) on external media."
            )
        case .sandbox:
            keepBackup = t(
                "デスクトップの「\(folder)」フォルダを、お客様の USB メモリ等の外部記録媒体に保管してください。",
                "Keep the desktop folder 「\(folder)」 on the customer's USB memory or other external media."
            )
        }
        return [
            keepBackup,
            t(
                "パソコンが故障した際など、新しいパソコンにこの証明書をインストールしてセットアップする必要があります。",
                "When the PC fails, this certificate is installed on the new PC to set it up."
            ),
            t(
                "バックアップを無くした場合は、電子証明書の発行申請をやり直す必要があり、発行手数料が発生します。",
                "A lost backup means applying for the certificate again, with an issue fee."
            ),
            t(
                "電子証明書取得に関する情報（通知書）と証明書パスワードは、取扱いに注意して大切に保管してください。",
                "Keep the certificate notice (電子証明書取得に関する情報) and the certificate password safe."
            ),
        ]
    }

    /// A sandbox path shown as the terminal's Windows path — only when it is one: a path
    /// relative to the root that starts with a location's sandbox path, or an absolute path
    /// whose part before the location's whole components is the sandbox root (`root`, or a
    /// folder holding the sandbox's `.succession`). Any other path (`/media/usb/Work/bk`, a
    /// folder the person gave) is shown as it is: the report shows where the backup is.
    static func windowsPath(_ path: String, root: String?) -> String {
        let locations = TerminalLayout.Location.allCases.sorted {
            $0.sandboxPath.components.count > $1.sandboxPath.components.count
        }
        for location in locations {
            let base = location.sandboxPath.string
            if !path.hasPrefix("/") {
                guard path == base || path.hasPrefix(base + "/") else { continue }
                return location.windowsPath + path.dropFirst(base.count).replacingOccurrences(of: "/", with: #"\"#)
            }
            var searchStart = path.startIndex
            while let range = path.range(of: "/" + base, range: searchStart..<path.endIndex) {
                searchStart = path.index(after: range.lowerBound)
                let rest = path[range.upperBound...]
                guard rest.isEmpty || rest.hasPrefix("/") else { continue }
                let prefix = String(path[..<range.lowerBound])
                let isRoot =
                    root.map { FilePath($0) == FilePath(prefix) }
                    ?? FileSystem.isDirectory(TerminalLayout(root: FilePath(prefix)).stateFolder.string)
                guard isRoot else { continue }
                return location.windowsPath + rest.replacingOccurrences(of: "/", with: #"\"#)
            }
        }
        return path
    }

    /// A time as people in Japan read it; empty when unknown.
    package static func time(_ date: Date?) -> String {
        date.map(JapanTime.minute) ?? ""
    }

    /// `japanese` or `english`, in the report's language.
    package func t(_ japanese: String, _ english: String) -> String {
        language == .japanese ? japanese : english
    }

    /// Warnings and inferences are the technician's: shown on screen, never printed for the customer.
    package var technicianHeading: String {
        t("作業者向けメモ（お客様への報告には含みません）", "Technician's notes (not part of the customer's report)")
    }

    /// The headings of the steps' table.
    package var stepHeadings: [String] {
        language == .japanese
            ? ["手順", "内容", "結果", "確認方法", "日時", "備考"] : ["Step", "What", "Result", "How checked", "When", "Notes"]
    }

    /// The heading of what the customer keeps.
    package var keepHeading: String {
        t("お客様に保管していただくもの【工事手順⑭】", "What the customer keeps (step ⑭)")
    }

    /// The heading of the steps' table.
    package var stepsHeading: String { t("作業手順", "Steps") }

    /// 作成日時.
    package var madeLabel: String { t("作成日時", "Made") }
}
