package import Foundation

/// ISO 8601 in UTC (`2026-11-25T09:00:00Z`), the one date form of our JSON and problem values.
package enum ISO8601 {
    /// `date` as `yyyy-MM-ddTHH:mm:ssZ`.
    package static func string(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// `date` as `yyyyMMddTHHmmssZ`, for names of files.
    package static func compact(_ date: Date) -> String {
        date.formatted(.iso8601.dateSeparator(.omitted).timeSeparator(.omitted))
    }

    /// The date `text` holds in either form, or `nil`.
    package static func date(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601))
            ?? (try? Date(text, strategy: .iso8601.dateSeparator(.omitted).timeSeparator(.omitted)))
    }
}
