// The customer's report as an A4 HTML page 【工事手順⑭】: one of its three renderings.
import Foundation

extension JobReport {
    /// The technician's notes as an HTML section that is not printed.
    private var technicianSection: String {
        guard !technicianNotes.isEmpty else { return "" }
        let items = technicianNotes.map { "<li>\(Self.escape($0))</li>" }.joined(separator: "\n")
        return "<section class=\"technician\"><h2>\(Self.escape(technicianHeading))</h2><ul>\n\(items)\n</ul></section>"
    }

    /// The report as a self-contained HTML page, laid out for A4 printing (its style sheet inline).
    public var html: String {
        page(head: "<style>\n" + Self.styleSheet + "\n</style>")
    }

    /// The report as an HTML page that links its style sheet (``styleSheet``, served at `href`)
    /// instead of holding it: for a server whose Content-Security-Policy allows no inline style.
    public func html(styleSheetAt href: String) -> String {
        page(head: "<link rel=\"stylesheet\" href=\"\(Self.escape(href))\">")
    }

    /// The report's style sheet: A4 print, a screen, a 360-pixel phone.
    public static let styleSheet = """
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
        td { word-break: break-all; }
        .keep { border: 2px solid #1a4d8f; padding: 2mm 4mm; margin-top: 2mm; }
        .keep li { margin: 0.3mm 0; }
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

    private func page(head: String) -> String {
        var rows = ""
        for (label, value) in facts {
            rows += "<tr><th>\(Self.escape(label))</th><td>\(Self.escape(value))</td></tr>\n"
        }
        var stepRows = ""
        for step in steps {
            let notes = step.notes.map(Self.escape).joined(separator: "<br>")
            stepRows +=
                "<tr class=\"\(step.state.rawValue)\"><td class=\"mark\">\(Self.escape(step.mark))</td><td class=\"title\">\(Self.escape(step.title))</td>"
                + "<td class=\"state\">\(step.state.words(language))</td><td class=\"how\">\(step.verification?.words(language) ?? "")</td>"
                + "<td class=\"time\">\(Self.time(step.time))</td><td class=\"notes\">\(notes)</td></tr>\n"
        }
        let keep = customerMustKeep.map { "<li>\(Self.escape($0))</li>" }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(title))</title>
            \(head)
            </head>
            <body>
            <h1>\(Self.escape(title))</h1>
            <p class="meta">\(t("作成日時", "Made")): \(Self.time(createdAt))　<span class="status \(complete ? "complete" : "incomplete")">\(Self.escape(completion))</span></p>
            <table>
            \(rows)</table>
            <h2>\(t("作業手順", "Steps"))</h2>
            <table class="steps">
            <tr>\(stepHeadings.map { "<th>\($0)</th>" }.joined())</tr>
            \(stepRows)</table>
            <h2>\(Self.escape(keepHeading))</h2>
            <ul class="keep">
            \(keep)
            </ul>
            <div class="sign"><span>\(t("作業者", "Technician"))</span><div></div><span>\(t("お客様確認", "Customer"))</span><div></div></div>
            \(technicianSection)
            </body>
            </html>

            """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
