/// How a step is shown before its first question — the same words on a prompt and on a page.
public struct StepPresentation: Sendable, Hashable, Codable {
    /// ① … ⑭, 補足①, 補足②.
    public let mark: String
    /// The manual's title.
    public let title: LocalizedText
    /// The manual's operations, in order.
    public let operations: LocalizedLines
    /// The job's own facts for the step (⑥'s request and reference IDs, ⑦'s file).
    public let details: LocalizedLines
    /// The manual's cautions (★注意★, ※), and what cannot be undone.
    public let cautions: LocalizedLines

    init(step: SuccessionStep, job: Job) {
        mark = step.mark
        title = step.title
        operations = step.operations
        details = job.procedure.details(of: step.id, job: job)
        cautions = step.cautions
    }
}

/// How a question is shown: what to type beside the field, an example in it, whether it takes
/// a list (one item a line, ended by an empty line at a prompt) or digits only.
public struct QuestionPresentation: Sendable, Hashable, Codable {
    /// A hint beside the field: how a list is typed, which secret is asked.
    public let hint: LocalizedText?
    /// An example of what to type.
    public let placeholder: LocalizedText?
    /// Whether the answer is a list, one item a line.
    public let isList: Bool
    /// Whether the answer is digits (a phone shows its number pad).
    public let isNumeric: Bool
    /// Whether the answer is a secret (never echoed, never sent back).
    public let isSecret: Bool
    /// The options of a choice, in order.
    public let choices: [Choice]

    init(_ question: JobQuestion) {
        let kind = question.kind
        isList = kind.isList
        isSecret = kind.isSecret
        isNumeric = kind == .code || kind == .count
        if case .choice(let options) = kind { choices = options } else { choices = [] }
        switch kind {
        case .secret(let secret): hint = secret.name
        case .readerList, .serialList, .certificateList:
            hint = LocalizedText(
                ja: "1 行に 1 つ。ないときは「なし」。",
                en: "One per line; 「なし」 (none) when there is none."
            )
        default: hint = nil
        }
        placeholder =
            switch kind {
            case .code: LocalizedText(ja: "1310110049", en: "1310110049")
            case .codeOrHidden: LocalizedText(ja: "10桁、または「非表示」", en: "10 digits, or 「非表示」 (hidden)")
            case .thumbprint: LocalizedText(ja: "拇印（先頭8桁以上）", en: "thumbprint (8 hex digits or more)")
            case .date: LocalizedText(ja: "2030/02/28", en: "2030/02/28")
            case .statusLine: LocalizedText(ja: "Status=…", en: "Status=…")
            case .count: LocalizedText(ja: "2", en: "2")
            case .readerList: LocalizedText(ja: "CAORA-000101 未接続", en: "CAORA-000101 未接続")
            case .serialList: LocalizedText(ja: "CAORA-000101", en: "CAORA-000101")
            case .certificateList:
                LocalizedText(ja: "0110113719 2027/02/25 1a2b3c4d", en: "0110113719 2027/02/25 1a2b3c4d")
            default: nil
            }
    }
}
