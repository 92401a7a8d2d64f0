import Foundation
public import SuccessionKit

/// The customer's report as an A4 HTML page 【工事手順⑭】, built by the page's HTML builder (every
/// value escaped): what `job report --format html`, `demo` and the page's `/report` show.
public enum ReportPage {
    /// Where the page's style sheet is.
    public enum Style: Sendable {
        /// In the page (a file the customer opens on its own).
        case inline
        /// Served at this path (a server whose Content-Security-Policy allows no inline style).
        case linked(String)
    }

    /// The report as an HTML page.
    public static func html(_ report: JobReport, style: Style = .inline) -> String {
        let t = { (ja: String, en: String) in LocalizedText(ja: ja, en: en)(report.language) }
        let page = el("html", Attribute("lang", report.language.rawValue)) {
            el("head") {
                el("meta", Attribute("charset", "utf-8"))
                el("meta", Attribute("name", "viewport"), Attribute("content", "width=device-width, initial-scale=1"))
                el("title") { report.title }
                switch style {
                case .inline: el("style") { Node.trusted(styleSheet) }
                case .linked(let href): el("link", Attribute("rel", "stylesheet"), Attribute("href", href))
                }
            }
            el("body") {
                el("h1") { report.title }
                el("p", Attribute("class", "meta")) {
                    report.madeLabel + ": " + JobReport.time(report.createdAt) + "\u{3000}"
                    el("span", Attribute("class", "status " + (report.complete ? "complete" : "incomplete"))) {
                        report.completion
                    }
                }
                el("table") {
                    for fact in report.facts {
                        el("tr") {
                            el("th") { fact.label }
                            el("td", Attribute("class", "value")) { keepingHexTogether(fact.value) }
                        }
                    }
                }
                el("h2") { report.stepsHeading }
                el("table", Attribute("class", "steps")) {
                    el("tr") { for heading in report.stepHeadings { el("th") { heading } } }
                    for step in report.steps {
                        el("tr", Attribute("class", step.state.rawValue)) {
                            el("td", Attribute("class", "mark")) { step.mark }
                            el("td", Attribute("class", "title")) { step.title }
                            el("td", Attribute("class", "state")) { step.state.words(report.language) }
                            // A skipped step says 省略 once; its reason is in the notes.
                            el("td", Attribute("class", "how")) {
                                step.state == .skipped ? "" : step.verification?.words(report.language) ?? ""
                            }
                            el("td", Attribute("class", "time")) { JobReport.time(step.time) }
                            el("td", Attribute("class", "notes")) {
                                for (index, note) in step.notes.enumerated() {
                                    if index > 0 { el("br") }
                                    keepingHexTogether(note)
                                }
                            }
                        }
                    }
                }
                el("h2") { report.keepHeading }
                el("ul", Attribute("class", "keep")) {
                    for line in report.customerMustKeep { el("li") { line } }
                }
                el("div", Attribute("class", "sign")) {
                    el("span") { t("作業者", "Technician") }
                    el("div")
                    el("span") { t("お客様確認", "Customer") }
                    el("div")
                }
                if !report.technicianNotes.isEmpty {
                    el("section", Attribute("class", "technician")) {
                        el("h2") { report.technicianHeading }
                        el("ul") {
                            for note in report.technicianNotes { el("li") { keepingHexTogether(note) } }
                        }
                    }
                }
            }
        }
        return Node.document(page)
    }

    /// Text with each 拇印 in it (four or more hex pairs, `e2 c6 3c a0 …`) in groups of ten pairs
    /// that never break inside: a phone wraps a 拇印 between two groups, never within one.
    static func keepingHexTogether(_ text: String) -> [Node] {
        var nodes: [Node] = []
        var rest = text[...]
        while let match = rest.firstMatch(of: /(?:[0-9A-Fa-f]{2} ){3,}[0-9A-Fa-f]{2}/) {
            nodes.append(.text(String(rest[..<match.range.lowerBound])))
            let pairs = match.output.split(separator: " ")
            for start in stride(from: 0, to: pairs.count, by: 10) {
                if start > 0 { nodes.append(.text(" ")) }
                let group = pairs[start..<min(start + 10, pairs.count)].joined(separator: " ")
                nodes.append(el("span", Attribute("class", "hex")) { group })
            }
            rest = rest[match.range.upperBound...]
        }
        if !rest.isEmpty { nodes.append(.text(String(rest))) }
        return nodes
    }

    /// The report's style sheet: A4 print, a screen, a 360-pixel phone.
    public static let styleSheet: StaticString = """
        @page { size: A4; margin: 9mm; }
        body { font-family: "Noto Sans CJK JP", "IPAexGothic", "Hiragino Sans", "Yu Gothic", sans-serif; font-size: 7.6pt; line-height: 1.2; color: #111; margin: 0; }
        h1 { font-size: 14pt; margin: 0 0 3mm; border-bottom: 2px solid #1a4d8f; padding-bottom: 2mm; }
        h2 { font-size: 10pt; margin: 2.5mm 0 1mm; color: #1a4d8f; }
        .meta { margin-bottom: 4mm; }
        .status { font-weight: bold; padding: 0.5mm 2mm; border-radius: 1mm; }
        .status.complete { background: #dff3e2; color: #11602a; }
        .status.incomplete { background: #fde2e1; color: #8a1c17; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 1px solid #999; padding: 0.35mm 1.2mm; vertical-align: top; text-align: left; }
        th { background: #eef2f8; width: 42mm; font-weight: normal; }
        .steps th { width: auto; }
        @media screen { body { margin: 10mm auto; max-width: 182mm; } }
        td.mark { width: 14mm; text-align: center; white-space: nowrap; }
        td.state { width: 10mm; text-align: center; }
        td.time { width: 22mm; white-space: nowrap; }
        td.how { width: 25mm; white-space: nowrap; }
        td.title { width: 44mm; }
        td.notes { font-size: 6.6pt; }
        tr.failed td.state { color: #8a1c17; font-weight: bold; }
        tr.skipped td.state, tr.pending td.state { color: #666; }
        td { overflow-wrap: anywhere; }
        td.value { word-break: normal; overflow-wrap: break-word; }
        .keep { border: 2px solid #1a4d8f; padding: 2mm 4mm 2mm 8mm; margin-top: 2mm; }
        .keep li { margin: 0.3mm 0; }
        .hex { white-space: nowrap; }
        li { overflow-wrap: break-word; }
        .sign { margin-top: 3mm; display: flex; gap: 10mm; }
        .sign div { flex: 1; border-bottom: 1px solid #333; height: 10mm; }
        .technician { margin-top: 6mm; border-top: 1px dashed #999; color: #444; }
        @media print { .technician { display: none; } }
        @media screen and (max-width: 640px) {
          body { font-size: 10.5pt; line-height: 1.45; margin: 3mm; }
          h1 { font-size: 13pt; }
          table, tbody, tr, th, td { display: block; width: auto; }
          tr { border-bottom: 1px solid #ccc; padding: 1mm 0; }
          th, td { border: none; padding: 0.4mm 1mm; }
          th { background: none; font-weight: bold; }
          .steps tr:first-child { display: none; }
          td.mark, td.state, td.time, td.how, td.title { display: inline-block; width: auto; text-align: left; }
          .sign { flex-direction: column; gap: 2mm; }
        }
        """

}
