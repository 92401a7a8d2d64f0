public import Foundation

/// ISO 8601 in UTC (`2026-11-25T09:00:00Z`), the one date form of our JSON and problem values.
public enum ISO8601 {
    /// `date` as `yyyy-MM-ddTHH:mm:ssZ`.
    public static func string(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(
                .colon
            ).timeZone(separator: .omitted)
        )
    }
}
