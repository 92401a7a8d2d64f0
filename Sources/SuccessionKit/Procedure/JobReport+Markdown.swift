// The customer's report as Markdown: one of its renderings.
import Foundation

extension JobReport {
    /// The report as Markdown.
    public var markdown: String {
        var text = "# \(title)\n\n"
        text += "\(madeLabel): \(Self.time(createdAt))　\(t("状態", "State")): \(completion)\n\n"
        text += "| \(t("項目", "Item")) | \(t("内容", "Value")) |\n|---|---|\n"
        for fact in facts { text += "| \(Self.markdownCell(fact.label)) | \(Self.markdownCell(fact.value)) |\n" }
        text += "\n## \(stepsHeading)\n\n| \(stepHeadings.joined(separator: " | ")) |\n|---|---|---|---|---|---|\n"
        for step in steps {
            // A skipped step says 省略 once; its reason is in the notes.
            let how = step.state == .skipped ? "" : step.verification?.words(language) ?? ""
            text +=
                "| \(step.mark) | \(Self.markdownCell(step.title)) | \(step.state.words(language)) | \(how) | \(Self.time(step.time)) | \(Self.markdownCell(step.notes.joined(separator: " "))) |\n"
        }
        text += "\n## \(keepHeading)\n\n"
        for line in customerMustKeep { text += "- \(Self.markdownCell(line))\n" }
        if !technicianNotes.isEmpty {
            text += "\n## \(technicianHeading)\n\n"
            for note in technicianNotes { text += "- \(Self.markdownCell(note))\n" }
        }
        return text
    }

    /// A table cell: raw HTML escaped (a Markdown viewer renders `<img onerror>` from a facility
    /// name), `|` escaped, one line.
    private static func markdownCell(_ text: String) -> String {
        HTMLText.escaped(text).replacingOccurrences(of: "|", with: #"\|"#).replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }
}
