package import Foundation

/// Dates as technicians type them and papers print them: `2021/03/10`, `2021-03-10`,
/// `2021年3月10日`, full-width digits, or a full ISO 8601 time (`2026-11-25T09:00:00Z`).
///
/// A date without a time means the start of that day in Japan (UTC+9), where the terminal is.
package enum TypedDate {
    /// The date `text` names, or `nil`.
    package static func parse(_ text: String) -> Date? {
        let typed = TypedInput.halfWidth(text).trimmingCharacters(in: .whitespaces)
        if typed.contains("T"), let date = try? Date(typed, strategy: .iso8601) { return date }
        let separators = CharacterSet(charactersIn: "/-.年月日")
        let parts = typed.components(separatedBy: separators).filter { !$0.isEmpty }
        guard parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1900...2999).contains(year), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let calendar = JapanTime.calendar
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == day  // 2021/02/30 is not a date
        else { return nil }
        return date
    }
}
