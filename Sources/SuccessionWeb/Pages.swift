import Foundation
import SuccessionKit

/// The guided page's HTML: every value goes through ``Node``, so it is escaped.
struct Pages {
    let language: Language
    /// The form token every post carries.
    let csrf: String
    /// The path the language switch links to.
    var path = "/job"

    /// The page's own words, through the library's one localization mechanism.
    private func t(_ japanese: String, _ english: String) -> String {
        LocalizedText(ja: japanese, en: english)(language)
    }

    // MARK: Frame

    func document(title: String, @NodeBuilder main: () -> [Node]) -> String {
        let other: Language = language == .japanese ? .english : .japanese
        let page = el("html", Attribute("lang", language.rawValue)) {
            el("head") {
                el("meta", Attribute("charset", "utf-8"))
                el("meta", Attribute("name", "viewport"), Attribute("content", "width=device-width, initial-scale=1"))
                el("title") { title }
                el("link", Attribute("rel", "stylesheet"), Attribute("href", "/style.css"))
            }
            el("body") {
                el("header", Attribute("class", "bar")) {
                    el("span", Attribute("class", "brand")) { t("承継工事ガイド", "Succession guide") }
                    el("a", Attribute("href", path + "?lang=" + other.rawValue), Attribute("lang", other.rawValue)) {
                        other == .japanese ? "日本語" : "English"
                    }
                }
                el("main") { main() }
            }
        }
        return Node.document(page)
    }

    private func hidden(_ name: StaticString, _ value: String) -> Node {
        el("input", Attribute("type", "hidden"), Attribute("name", name.description), Attribute("value", value))
    }

    private func csrfField() -> Node { hidden("csrf", csrf) }

    private func problems(_ list: [Problem]) -> Node {
        el("ul", Attribute("class", "problems")) {
            for problem in list {
                el("li", Attribute("class", problem.severity == .error ? "problem" : "warning")) {
                    problem.message(in: language)
                }
            }
        }
    }

    // MARK: The job page

    func job(_ view: JobView) -> String {
        let job = view.job
        let current: SuccessionStep.ID? =
            switch view.next {
            case .question(let question): question.step
            case .stopped(let id, _, _): id
            case .complete: nil
            }
        let complete = job.isComplete
        return document(title: t("承継工事", "Succession") + " " + job.newCode.digits) {
            el("section", Attribute("class", "summary")) {
                el("h1") { t("承継工事", "Succession") }
                el("p", Attribute("class", "codes")) {
                    el("span") { t("旧コード", "Old code") + " " }
                    el("span", Attribute("class", "code")) { job.oldCode.digits }
                    " → "
                    el("span") { t("新コード", "new code") + " " }
                    el("span", Attribute("class", "code")) { job.newCode.digits }
                }
                el("p", Attribute("class", "completion " + (complete ? "complete" : "incomplete"))) {
                    job.completion.words(language)
                }
                el("nav", Attribute("class", "links")) {
                    if current != nil { el("a", Attribute("href", "#current")) { t("現在の手順へ", "Current step") } }
                    el("a", Attribute("href", "/report")) {
                        complete ? t("報告書を表示", "Show the report") : t("報告書（途中）", "Report so far")
                    }
                }
            }
            if case .complete = view.next {
                el("section", Attribute("class", "done-box")) {
                    el("p") { t("すべての手順が終わりました。", "Every step is finished.") }
                    el("a", Attribute("class", "button"), Attribute("href", "/report")) {
                        t("お客様向け報告書を開く", "Open the customer's report")
                    }
                }
            }
            el("ol", Attribute("class", "steps")) {
                for id in job.order { step(id, in: job, view: view, isCurrent: id == current) }
            }
        }
    }

    private func step(_ id: SuccessionStep.ID, in job: Job, view: JobView, isCurrent: Bool) -> Node {
        let shown = view.steps[id]
        let state = job.state(of: id)
        return el(
            "li",
            Attribute("class", "step " + state.rawValue + (isCurrent ? " current" : "")),
            Attribute("id", isCurrent ? "current" : "step-" + id.rawValue)
        ) {
            el("details", .flag("open", isCurrent || view.notice?.step == id)) {
                el("summary") {
                    el("span", Attribute("class", "mark")) { shown?.mark ?? id.rawValue }
                    el("span", Attribute("class", "title")) { shown?.title(language) ?? "" }
                    el("span", Attribute("class", "state")) { state.words(language) }
                    // A skipped step says 省略 once; its reason is in the report.
                    if state != .skipped, let verification = job.verification(of: id) {
                        el("span", Attribute("class", "how")) { verification.words(language) }
                    }
                }
                if let shown { manual(shown) }
                if isCurrent {
                    switch view.next {
                    case .question(let question):
                        if let presentation = view.question {
                            self.question(question, typed: view.typed, presentation: presentation)
                        }
                        wayBack(question, in: job)
                    case .stopped(_, let list, let way):
                        stopped(list, way, mark: view.steps[way.step]?.mark ?? way.step.rawValue)
                    case .complete: Node.empty
                    }
                    if let notice = view.notice, notice.step == id { stepNotice(notice) }
                } else if state != .pending {
                    if let notice = view.notice, notice.step == id { stepNotice(notice) }
                    el("div", Attribute("class", "again")) {
                        redoButton(id, label: t("この手順をやり直す", "Do this step over"))
                        undoButton(id, label: t("元に戻す", "Undo"))
                    }
                }
            }
        }
    }

    private func manual(_ shown: StepPresentation) -> Node {
        let operations = shown.operations(language)
        let details = shown.details(language)
        let cautions = shown.cautions(language)
        return el("div", Attribute("class", "manual")) {
            if !operations.isEmpty {
                el("h3") { t("操作", "Operations") }
                el("ol", Attribute("class", "operations")) {
                    for line in operations { el("li") { line } }
                }
            }
            if !details.isEmpty {
                el("ul", Attribute("class", "details")) {
                    for line in details { el("li") { line } }
                }
            }
            if !cautions.isEmpty {
                el("h3") { t("注意", "Cautions") }
                el("ul", Attribute("class", "cautions")) {
                    for line in cautions { el("li") { line } }
                }
            }
        }
    }

    /// A branch taken by a tap is taken back by one: while ⑨'s branch (補足①) is in progress,
    /// ⑨ can be asked again.
    private func wayBack(_ question: JobQuestion, in job: Job) -> Node {
        guard job.hasBranched(.step9), question.step == .supplement1 || question.step == .step9 else {
            return Node.empty
        }
        return el("div", Attribute("class", "again")) {
            redoButton(.step9, label: t("⑨に戻る（ログインできた）", "Back to ⑨ (the login worked)"))
        }
    }

    private func question(_ question: JobQuestion, typed: String?, presentation: QuestionPresentation) -> Node {
        let problemID = question.problem == nil ? nil : "problem"
        return el(
            "form",
            Attribute("class", "question"),
            Attribute("method", "post"),
            Attribute("action", "/answer")
        ) {
            csrfField()
            hidden("q", question.id.rawValue)
            // The asking this form answers: a second send of it is not a retype.
            hidden("attempt", String(question.attempt))
            el("label", Attribute("for", "answer"), Attribute("class", "prompt")) {
                question.prompt(language)
                if let subject = question.subject { el("span", Attribute("class", "subject")) { subject } }
            }
            if let problem = question.problem {
                el("p", Attribute("class", "problem"), Attribute("id", "problem"), Attribute("role", "alert")) {
                    problem.message(in: language)
                }
            }
            field(question, presentation, typed: typed, describedBy: problemID)
            el("p", Attribute("class", "qid")) { question.id.rawValue }
        }
    }

    private func field(
        _ question: JobQuestion,
        _ presentation: QuestionPresentation,
        typed: String?,
        describedBy: String?
    ) -> Node {
        let send = el("button", Attribute("type", "submit"), Attribute("class", "send")) { t("送信", "Send") }
        let hint = presentation.hint.map { hint in el("span", Attribute("class", "hint")) { hint(language) } }
        if !presentation.choices.isEmpty {
            return el("div", Attribute("class", "choices"), Attribute("id", "answer")) {
                for choice in presentation.choices {
                    el(
                        "button",
                        Attribute("type", "submit"),
                        Attribute("name", "answer"),
                        Attribute("value", choice.key),
                        Attribute("class", "choice")
                    ) { choice.label(language) }
                }
            }
        }
        if presentation.isSecret {
            return el("div", Attribute("class", "field")) {
                hint ?? Node.empty
                el(
                    "input",
                    Attribute("type", "password"),
                    Attribute("name", "answer"),
                    Attribute("id", "answer"),
                    Attribute("autocomplete", "off"),
                    Attribute("aria-describedby", describedBy),
                    .flag("autofocus", true)
                )
                send
            }
        }
        if presentation.isList {
            return el("div", Attribute("class", "field")) {
                hint ?? Node.empty
                el(
                    "textarea",
                    Attribute("name", "answer"),
                    Attribute("id", "answer"),
                    Attribute("rows", "4"),
                    Attribute("placeholder", presentation.placeholder?(language)),
                    Attribute("autocomplete", "off"),
                    Attribute("spellcheck", "false"),
                    Attribute("aria-describedby", describedBy),
                    .flag("autofocus", true)
                ) { typed ?? "" }
                send
            }
        }
        return el("div", Attribute("class", "field")) {
            el(
                "input",
                Attribute("type", "text"),
                Attribute("name", "answer"),
                Attribute("id", "answer"),
                Attribute("value", typed),
                Attribute("placeholder", presentation.placeholder?(language)),
                Attribute("autocomplete", "off"),
                Attribute("autocapitalize", "off"),
                Attribute("spellcheck", "false"),
                Attribute("inputmode", presentation.isNumeric ? "numeric" : nil),
                Attribute("aria-describedby", describedBy),
                .flag("autofocus", true)
            )
            send
        }
    }

    private func stopped(_ list: [Problem], _ way: WayForward, mark: String) -> Node {
        el("div", Attribute("class", "stopped")) {
            el("p", Attribute("class", "stop-heading")) { t("この手順で止まりました。", "The job stopped at this step.") }
            problems(list)
            switch way {
            case .runAgain:
                el("form", Attribute("method", "post"), Attribute("action", "/again")) {
                    csrfField()
                    el("button", Attribute("type", "submit")) {
                        t("直したので、もう一度実行する", "Put right; run this step again")
                    }
                }
            case .redo(let id), .unblock(let id):
                redoButton(id, label: t("手順 ", "Do step ") + mark + t(" をやり直す", " over"))
            }
        }
    }

    /// Why an undo or a redo did nothing yet, with the button that confirms what it asks.
    private func stepNotice(_ notice: StepNotice) -> Node {
        el("div", Attribute("class", "notice"), Attribute("role", "alert")) {
            problems(notice.problems)
            switch (notice.action, notice.refusal) {
            case (.undo, .attendedUndoByHand):
                undoButton(
                    notice.step,
                    label: t("画面で元に戻しました（この手順を開き直す）", "I undid it on the screen (reopen this step)"),
                    doneByHand: true
                )
            case (.undo, .jobReopensLaterSteps):
                undoButton(
                    notice.step,
                    label: t("後の手順も未実施に戻して元に戻す", "Undo, and return the later steps to pending"),
                    doneByHand: notice.doneByHand,
                    reopening: true
                )
            case (.redo, .jobReopensLaterSteps):
                redoButton(
                    notice.step,
                    label: t("後の手順も未実施に戻してやり直す", "Do it over, and return the later steps to pending"),
                    reopening: true
                )
            default: Node.empty
            }
        }
    }

    private func undoButton(
        _ id: SuccessionStep.ID,
        label: String,
        doneByHand: Bool = false,
        reopening: Bool = false
    ) -> Node {
        el("form", Attribute("method", "post"), Attribute("action", "/undo"), Attribute("class", "redo")) {
            csrfField()
            hidden("step", id.rawValue)
            if doneByHand { hidden("doneByHand", "yes") }
            if reopening { hidden("reopening", "yes") }
            el("button", Attribute("type", "submit"), Attribute("class", "secondary")) { label }
        }
    }

    private func redoButton(_ id: SuccessionStep.ID, label: String, reopening: Bool = false) -> Node {
        el("form", Attribute("method", "post"), Attribute("action", "/redo"), Attribute("class", "redo")) {
            csrfField()
            hidden("step", id.rawValue)
            if reopening { hidden("reopening", "yes") }
            el("button", Attribute("type", "submit"), Attribute("class", "secondary")) { label }
        }
    }

    // MARK: The start page

    func start(_ form: StartRequest = StartRequest(), refusal: StartRefusal? = nil, trustAnchors: Int = 0) -> String {
        document(title: t("ジョブの作成", "Start a job")) {
            el("h1") { t("承継工事を始める", "Start a succession") }
            el("p") {
                t(
                    "新コードの「電子証明書発行通知書」が無い場合は工事できません。",
                    "Without a certificate issue notice for the new code the work cannot be done."
                )
            }
            if let refusal {
                el("section", Attribute("class", "refused"), Attribute("role", "alert")) {
                    el("p", Attribute("class", "stop-heading")) {
                        t("開始できません。何も作成していません。", "Cannot start. Nothing was created.")
                    }
                    problems(refusal.problems)
                }
            }
            // Multipart, for the notice file; a form without script works as well.
            el(
                "form",
                Attribute("method", "post"),
                Attribute("action", "/start"),
                Attribute("enctype", "multipart/form-data"),
                Attribute("class", "start")
            ) {
                csrfField()
                text("oldCode", t("旧コード（10桁）", "Old code (10 digits)"), form.oldCode, numeric: true)
                text("newCode", t("新コード（10桁）", "New code (10 digits)"), form.newCode, numeric: true)
                el("div", Attribute("class", "row")) {
                    el("label", Attribute("for", "noticeFile")) {
                        t(
                            "電子証明書発行通知書のファイル（UTF-8 または Shift-JIS のテキスト、または JSON）",
                            "The certificate issue notice as a file (UTF-8 or Shift-JIS text, or JSON)"
                        )
                    }
                    el(
                        "input",
                        Attribute("type", "file"),
                        Attribute("name", "noticeFile"),
                        Attribute("id", "noticeFile"),
                        Attribute("accept", ".txt,.json,.csv,.tsv,text/plain,application/json")
                    )
                    if let name = form.noticeFile {
                        el("p", Attribute("class", "hint"), Attribute("id", "noticeFileRead")) {
                            t("「", "Read from ") + name + t("」から読みました（下の欄）。", " (shown below).")
                        }
                    }
                }
                el("label", Attribute("for", "notice")) {
                    t(
                        "または通知書を書いてあるとおりに貼り付け（ファイルを選んだときはファイルを使います）",
                        "Or paste the notice as written (a chosen file is used instead)"
                    )
                }
                el(
                    "textarea",
                    Attribute("name", "notice"),
                    Attribute("id", "notice"),
                    Attribute("rows", "8"),
                    Attribute("spellcheck", "false")
                ) { form.notice }
                text("downloads", t("新しい .p12 のあるフォルダー", "Folder holding the new .p12"), form.downloads)
                el("p", Attribute("class", "hint"), Attribute("id", "trustAnchors")) {
                    trustAnchors > 0
                        ? t(
                            "⑥ では新しい証明書のチェーンを、この画面の起動時に指定したルート証明書（\(trustAnchors) 件）で照合します。",
                            "Step ⑥ verifies the new certificate's chain against the root certificates given when this page started (\(trustAnchors))."
                        )
                        : t(
                            "ルート証明書が指定されていません（serve --ca）: ⑥ では発行者の名前だけを照合し、記録にそう残します。",
                            "No root certificate was given (serve --ca): step ⑥ compares only the issuer's name, and the record says so."
                        )
                }
                text("backupFolder", t("バックアップ先フォルダー", "Backup folder"), form.backupFolder)
                el("label", Attribute("class", "check")) {
                    el(
                        "input",
                        Attribute("type", "checkbox"),
                        Attribute("name", "attended"),
                        Attribute("value", "on"),
                        .flag("checked", form.attended)
                    )
                    t("立会い（実機の画面を見て入力する）", "Attended (type what the real screens show)")
                }
                el("button", Attribute("type", "submit")) { t("ジョブを作成", "Create the job") }
            }
        }
    }

    private func text(_ name: StaticString, _ label: String, _ value: String, numeric: Bool = false) -> Node {
        el("div", Attribute("class", "row")) {
            el("label", Attribute("for", name.description)) { label }
            el(
                "input",
                Attribute("type", "text"),
                Attribute("name", name.description),
                Attribute("id", name.description),
                Attribute("value", value),
                Attribute("autocomplete", "off"),
                Attribute("spellcheck", "false"),
                Attribute("inputmode", numeric ? "numeric" : nil)
            )
        }
    }

    // MARK: Messages

    func message(title: String, _ lines: [String], problems list: [Problem] = []) -> String {
        document(title: title) {
            el("h1") { title }
            for line in lines { el("p") { line } }
            if !list.isEmpty { problems(list) }
        }
    }
}
