public import Foundation

/// Dates as technicians type them and papers print them: `2021/03/10`, `2021-03-10`,
/// `2021年3月10日`, full-width digits, or a full ISO 8601 time (`2026-11-25T09:00:00Z`).
///
/// A date without a time means the start of that day in Japan (UTC+9), where the terminal is.
public enum TypedDate {
    /// Japan Standard Time, which has no daylight saving time.
    public static let japan = TimeZone(secondsFromGMT: 9 * 3600) ?? .gmt

    /// The date `text` names, or `nil`.
    public static func parse(_ text: String) -> Date? {
        let typed = TypedInput.halfWidth(text).trimmingCharacters(in: .whitespaces)
        if typed.contains("T"), let date = try? Date(typed, strategy: .iso8601) { return date }
        let separators = CharacterSet(charactersIn: "/-.年月日")
        let parts = typed.components(separatedBy: separators).filter { !$0.isEmpty }
        guard parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1900...2999).contains(year), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = japan
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == day  // 2021/02/30 is not a date
        else { return nil }
        return date
    }
}

/// Dates as people in Japan read them: Japan time, the manual's `2026/11/28` style. A
/// certificate valid from 2026/11/28 00:00 JST (2026-11-27T15:00Z) shows as 2026/11/28.
public enum JapanTime {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TypedDate.japan
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
}
