/// A valid 10-digit 医療機関等コード — the code that identifies a clinic, hospital or pharmacy
/// to オンライン資格確認, and that a succession changes.
///
/// A value that exists is valid: its prefecture is 01–47, its 点数表番号 names a facility kind,
/// and its check digit is right under the prefecture's ``CheckDigitRule``. Create one from what
/// a person typed with ``init(parsing:)``, or inspect every problem of an input with
/// ``read(_:)``.
///
/// ```swift
/// let code = try MedicalInstitutionCode(parsing: "１３-１-０１１００４９")
/// code.digits              // "1310110049"
/// code.prefecture          // .tokyo
/// code.terminalKind?.linkageAccountID  // "R0RENK01"
/// ```
public struct MedicalInstitutionCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ten digits as one number (leading zeros implied); cheap to hash and compare.
    private let value: UInt64

    private init(validated value: UInt64) {
        self.value = value
    }

    /// Reads a code from what a person typed — full-width digits, spaces and hyphens are
    /// accepted — and validates it.
    ///
    /// - Throws: ``SuccessionError`` with every problem found (`code.length`,
    ///   `code.character`, `code.prefecture`, `code.kind`, `code.checkDigit`, …).
    public init(parsing text: String) throws(SuccessionError) {
        if let value = Self.fastValidate(text) {
            self.init(validated: value)
            return
        }
        let reading = Self.read(text)
        guard let code = reading.code else { throw SuccessionError(reading.problems) }
        self = code
    }

    /// Builds a code from its parts: a prefecture, a facility kind and the 7-digit code
    /// (郡市区番号 + 医療機関番号 + 検証番号) that is sometimes all a paper shows.
    ///
    /// - Throws: ``SuccessionError`` when the seven digits are not seven digits or the check
    ///   digit is wrong for that prefecture.
    public init(prefecture: Prefecture, kind: FacilityKind, sevenDigitCode: String) throws(SuccessionError) {
        try self.init(parsing: prefecture.digits + String(kind.digit) + sevenDigitCode)
    }

    /// Everything that can be read from `text`: the digits, prefecture and kind where they
    /// could be read, and every problem. Never throws; ``CodeReading/code`` is the valid code
    /// when there is no error.
    public static func read(_ text: String) -> CodeReading {
        // A line read from a file or a prompt keeps its line ending: it is not part of the code.
        var text = text
        while text.last == "\n" || text.last == "\r" || text.last == "\r\n" { text.removeLast() }
        if let value = fastValidate(text) {
            let code = MedicalInstitutionCode(validated: value)
            return CodeReading(
                input: text,
                digits: code.digits,
                prefecture: code.prefecture,
                kind: code.kind,
                problems: code.kind.terminalKind == nil ? [Self.noTerminalProcedure(code.kind)] : [],
                code: code
            )
        }
        return CodeReader(text).reading()
    }

    /// Whether `text` reads as a valid code.
    public static func isValid(_ text: String) -> Bool {
        switch fastScan(text) {
        case .valid: true
        case .invalid: false
        case .undecided: read(text).code != nil
        }
    }

    /// The ten digits, e.g. `"1310110049"`.
    public var digits: String {
        var text = String(value)
        if text.count < 10 { text = String(repeating: "0", count: 10 - text.count) + text }
        return text
    }

    /// The prefecture (digits 1–2).
    public var prefecture: Prefecture {
        // Validated at creation.
        Prefecture(number: Int(value / 100_000_000)) ?? .hokkaido
    }

    /// The facility kind (digit 3, 点数表番号).
    public var kind: FacilityKind {
        FacilityKind(digit: Int(value / 10_000_000 % 10)) ?? .medical
    }

    /// The terminal setting — 医科歯科 or 薬局 — that decides the linkage account; `nil` for
    /// 訪問看護, which the succession manual does not cover.
    public var terminalKind: TerminalKind? { kind.terminalKind }

    /// The 7-digit code: 郡市区番号 (2) + 医療機関番号 (4) + 検証番号 (1).
    public var sevenDigitCode: String {
        String(digits.suffix(7))
    }

    /// The check digit (検証番号), the last digit.
    public var checkDigit: Int { Int(value % 10) }

    public var description: String { digits }

    public static func < (lhs: MedicalInstitutionCode, rhs: MedicalInstitutionCode) -> Bool {
        lhs.value < rhs.value
    }

    /// The verdict of the fast scan.
    private enum FastVerdict {
        case valid(UInt64)
        /// ASCII digits and separators only, and not a valid code: nothing more to learn.
        case invalid
        /// Something else was typed (full-width digits, letters): ask the detailed reader.
        case undecided
    }

    /// The whole check for the common case — ASCII digits, maybe with spaces or hyphens — in
    /// one pass without allocating or dividing: both rules' Luhn sums (``CheckDigitRule``) are
    /// kept as the digits arrive, and the prefecture's rule picks one.
    private static func fastScan(_ text: String) -> FastVerdict {
        var value: UInt64 = 0
        var count = 0
        var sumNine = 0  // rule A: digits 1–9
        var sumSix = 0  // rule B: digits 4–9
        var last = 0
        for byte in text.utf8 {
            let digit = Int(byte) &- 48
            if digit >= 0 && digit <= 9 {
                count &+= 1
                guard count <= 10 else { return .invalid }
                value = value &* 10 &+ UInt64(digit)
                if count == 10 {
                    last = digit
                } else {
                    let weighted = CheckDigitRule.weighted(digit, position: count)
                    sumNine &+= weighted
                    if count >= CheckDigitRule.sixDigits.firstCoveredPosition { sumSix &+= weighted }
                }
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "\t") {
                continue
            } else {
                return .undecided
            }
        }
        guard count == 10 else { return .invalid }
        guard let prefecture = Prefecture(number: Int(value / 100_000_000)),
            FacilityKind(digit: Int(value / 10_000_000 % 10)) != nil
        else { return .invalid }
        let sum = prefecture.checkDigitRule == .sixDigits ? sumSix : sumNine
        guard CheckDigitRule.checkDigit(sum: sum) == last, value != placeholderValue else { return .invalid }
        return .valid(value)
    }

    private static func fastValidate(_ text: String) -> UInt64? {
        if case .valid(let value) = fastScan(text) { return value }
        return nil
    }

    /// `1234567890`, the manual's sample: a placeholder, never a real code.
    static let placeholderValue: UInt64 = 1_234_567_890
    static let placeholderDigits = "1234567890"

    static func noTerminalProcedure(_ kind: FacilityKind) -> Problem {
        Problem(.codeNoTerminalProcedure, severity: .warning, values: [.kind: kind.identifier])
    }

    /// Creates a code from ten validated digits (used by ``CodeReader``).
    init(checkedDigits: [UInt8]) {
        self.init(validated: checkedDigits.reduce(0) { $0 * 10 + UInt64($1) })
    }
}

extension MedicalInstitutionCode: Codable {
    /// Decodes a code from its 10-digit string, validating it.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.description)
            )
        }
    }

    /// Encodes the code as its 10-digit string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}

extension MedicalInstitutionCode: LosslessStringConvertible {
    /// Reads a code as ``init(parsing:)`` does; `nil` when it is not valid.
    public init?(_ description: String) {
        guard let code = try? Self(parsing: description) else { return nil }
        self = code
    }
}
