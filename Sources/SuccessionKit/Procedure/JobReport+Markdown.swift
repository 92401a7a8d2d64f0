// The customer's report as Markdown: one of its three renderings.
import Foundation

extension JobReport {
    /// The report as Markdown.
    public var markdown: String {
        var text = "# \(title)\n\n"
        text += "\(t("作成日時", "Made")): \(Self.time(createdAt))　\(t("状態", "State")): \(completion)\n\n"
        text += "| \(t("項目", "Item")) | \(t("内容", "Value")) |\n|---|---|\n"
        for (label, value) in facts { text += "| \(label) | \(Self.markdownCell(value)) |\n" }
        text +=
            "\n## \(t("作業手順", "Steps"))\n\n| \(stepHeadings.joined(separator: " | ")) |\n|---|---|---|---|---|---|\n"
        for step in steps {
            text +=
                "| \(step.mark) | \(step.title) | \(step.state.words(language)) | \(step.verification?.words(language) ?? "") | \(Self.time(step.time)) | \(Self.markdownCell(step.notes.joined(separator: " "))) |\n"
        }
        text += "\n## \(keepHeading)\n\n"
        for line in customerMustKeep { text += "- \(line)\n" }
        if !technicianNotes.isEmpty {
            text += "\n## \(technicianHeading)\n\n"
            for note in technicianNotes { text += "- \(Self.escape(note))\n" }
        }
        return text
    }

    /// A table cell: raw HTML escaped as in the HTML report (a Markdown viewer renders
    /// `<img onerror>` from a facility name), `|` escaped, one line.
    private static func markdownCell(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "|", with: #"\|"#).replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }
}
