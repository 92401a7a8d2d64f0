public import Foundation

/// Dates as people in Japan read them: Japan time, the manual's `2026/11/28` style.
///
/// Every date a person reads (messages, the CLI's text, the customer's report) goes through
/// here; machine output (`--json`, journals, problem values) stays ISO 8601. A certificate
/// valid from 2026/11/28 00:00 JST (2026-11-27T15:00Z) shows as 2026/11/28.
public enum JapanTime {
    /// Japan Standard Time (UTC+9), which has no daylight saving time.
    public static let timeZone = TimeZone(secondsFromGMT: 9 * 3600) ?? .gmt

    /// A day in seconds. Exact in Japan time, which has no daylight saving time.
    public static let secondsPerDay: TimeInterval = 86_400

    /// The one Gregorian calendar in Japan time the library computes days with.
    package static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    /// `2026/11/28`.
    public static func day(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d/%02d/%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// `2026/11/28 09:05`.
    public static func minute(_ date: Date) -> String {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return day(date) + String(format: " %02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }

    /// An ISO 8601 value of a problem (`2026-11-27T15:00:00Z`) as ``day(_:)``; any other text
    /// as it is.
    package static func day(iso text: String) -> String {
        guard let date = ISO8601.date(text) else { return text }
        return day(date)
    }
}
