/// What could be read from a typed code, valid or not: the parts that make sense and every
/// problem, so that a person sees everything wrong at once.
public struct CodeReading: Sendable, Hashable, Codable {
    /// The text as it was typed.
    public let input: String
    /// The ten digits, when exactly ten digits (and nothing else but separators) were typed.
    public let digits: String?
    /// The prefecture, when the first two digits name one.
    public let prefecture: Prefecture?
    /// The facility kind, when the third digit names one.
    public let kind: FacilityKind?
    /// Every problem, errors first; warnings do not make the code invalid.
    public let problems: [Problem]
    /// The valid code, or `nil` when any problem is an error.
    public let code: MedicalInstitutionCode?

    /// Whether the input is a valid code.
    public var isValid: Bool { code != nil }
}

extension CodeReading {
    /// The reading of a code that is valid already (a program's own, a demo's): nothing to read
    /// again, and its checks' warnings (a prefecture's rule inferred) kept off.
    public init(code: MedicalInstitutionCode) {
        self.init(
            input: code.digits,
            digits: code.digits,
            prefecture: code.prefecture,
            kind: code.kind,
            problems: [],
            code: code
        )
    }
}

/// The detailed, character-by-character reader behind ``MedicalInstitutionCode/read(_:)``.
struct CodeReader {
    private enum Slot {
        case digit(UInt8)
        case other(Character, position: Int)
    }

    private let text: String
    private var slots: [Slot] = []
    private var problems: [Problem] = []

    init(_ text: String) {
        self.text = text
    }

    consuming func reading() -> CodeReading {
        for (offset, character) in text.enumerated() {
            if let digit = TypedInput.digitValue(character) {
                slots.append(.digit(digit))
            } else if !TypedInput.isSeparator(character) {
                slots.append(.other(character, position: offset + 1))
                var values: [ProblemValueKey: String] = [
                    .position: String(offset + 1), .character: String(character),
                ]
                values[.suggestion] = TypedInput.digitLookalike(character).map(String.init)
                problems.append(Problem(.codeCharacter, values: values))
            }
        }
        let digits = slots.compactMap { slot -> UInt8? in
            if case .digit(let digit) = slot { return digit }
            return nil
        }
        let allDigits = digits.count == slots.count

        if slots.isEmpty {
            problems.append(Problem(.codeEmpty))
        } else if slots.count != 10 {
            var values: [ProblemValueKey: String] = [.count: String(slots.count)]
            if allDigits && slots.count == 7 { values[.sevenDigitCode] = "true" }
            problems.append(Problem(.codeLength, values: values))
        }

        // Seven digits alone are the part after prefecture and kind: do not read them as those.
        let sevenAlone = allDigits && slots.count == 7
        let prefecture = sevenAlone ? nil : readPrefecture()
        let kind = sevenAlone ? nil : readKind()

        var tenDigits: String?
        if slots.count == 10 && allDigits {
            tenDigits = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
            // The manual's sample says more than its check digit: it comes first.
            if tenDigits == MedicalInstitutionCode.placeholderDigits { problems.append(Problem(.codeSample)) }
            if let prefecture { checkDigit(digits, prefecture: prefecture) }
        }

        var code: MedicalInstitutionCode?
        if !problems.containsError, slots.count == 10, allDigits, let kind {
            code = MedicalInstitutionCode(checkedDigits: digits)
            if kind.terminalKind == nil { problems.append(MedicalInstitutionCode.noTerminalProcedure(kind)) }
        }
        let sorted = problems.isEmpty ? [] : SuccessionError(problems).problems
        return CodeReading(
            input: text,
            digits: tenDigits,
            prefecture: prefecture,
            kind: kind,
            problems: sorted,
            code: code
        )
    }

    private mutating func readPrefecture() -> Prefecture? {
        guard slots.count >= 2, case .digit(let tens) = slots[0], case .digit(let ones) = slots[1] else {
            return nil
        }
        let number = Int(tens) * 10 + Int(ones)
        guard let prefecture = Prefecture(number: number) else {
            problems.append(Problem(.codePrefecture, values: [.found: "\(tens)\(ones)"]))
            return nil
        }
        return prefecture
    }

    private mutating func readKind() -> FacilityKind? {
        guard slots.count >= 3, case .digit(let digit) = slots[2] else { return nil }
        guard let kind = FacilityKind(digit: Int(digit)) else {
            problems.append(Problem(.codeKind, values: [.found: String(digit)]))
            return nil
        }
        return kind
    }

    private mutating func checkDigit(_ digits: [UInt8], prefecture: Prefecture) {
        let rule = prefecture.checkDigitRule
        let expected = rule.checkDigit(digits)
        guard expected != digits[9] else { return }
        let other: CheckDigitRule = rule == .nineDigits ? .sixDigits : .nineDigits
        problems.append(
            Problem(
                .codeCheckDigit,
                values: [
                    .expected: String(expected),
                    .found: String(digits[9]),
                    .rule: rule.rawValue,
                    .otherRuleAccepts: String(other.checkDigit(digits) == digits[9]),
                    .prefecture: prefecture.digits,
                ]
            )
        )
    }
}
