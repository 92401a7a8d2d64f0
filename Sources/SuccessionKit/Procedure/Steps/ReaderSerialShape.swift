/// The shape of a reader's serial as typed — letters, digits and separators in their order —
/// by which a list of one site's readers is checked: one model's stickers share a shape, so a
/// serial of another shape is a slip (a digit missing, a hyphen left out) 【工事手順③⑫】. The
/// manual names no format, so the list is compared with itself: an inference, said as such.
extension ReaderSerialNumber {
    /// Letters as `A`, digits as `9`, anything else as itself: `CAORA-000101` → `AAAAA-999999`.
    var shape: String {
        String(rawValue.map { $0.isLetter ? "A" : $0.isNumber ? "9" : $0 })
    }

    /// A serial whose shape differs from the others of one list: its digit count
    /// (`answer.serialShape`), or — the count the same — its separators or letters
    /// (`answer.serialSeparator`). Never taken by typing it again: a value that fails a format
    /// check is not recorded by repetition; the person types the sticker again.
    static func shapeProblem(_ serials: [ReaderSerialNumber]) -> Problem? {
        guard serials.count > 1 else { return nil }
        let shapes = Dictionary(grouping: serials, by: \.shape)
        guard shapes.count > 1,
            let usual = shapes.max(by: { ($0.value.count, $0.key) < ($1.value.count, $1.key) }),
            let odd = serials.first(where: { $0.shape != usual.key }),
            let other = usual.value.first
        else { return nil }
        let digits = { (serial: ReaderSerialNumber) in serial.rawValue.filter(\.isNumber).count }
        let code: ProblemCode = digits(odd) != digits(other) ? .answerSerialShape : .answerSerialSeparator
        return Problem(code, values: [.found: odd.rawValue, .expected: other.rawValue])
    }
}

extension ProblemCode {
    /// A serial with another count of digits than the others of its list. Values: found, expected.
    public static let answerSerialShape = ProblemCode(rawValue: "answer.serialShape")
    /// A serial with the same count of digits as the others but other separators or letters (a
    /// hyphen left out). Values: found, expected.
    public static let answerSerialSeparator = ProblemCode(rawValue: "answer.serialSeparator")
}

/// The messages of the serial-shape checks (③ and ⑫ use them).
enum ReaderSerialMessages {
    static let all: [ProblemCode: ProblemMessage] = [
        .answerSerialShape: ProblemMessage(
            ja: {
                "シリアル番号 \($0[.found] ?? "") は他（\($0[.expected] ?? "")）と数字の桁数が違います。シールの「SER. No.」を 1 台ずつ確認して、一覧を入力し直してください。"
            },
            en: {
                "Serial \($0[.found] ?? "") has another number of digits than the others (\($0[.expected] ?? "")). Check each reader's SER. No. sticker and type the list again."
            }
        ),
        .answerSerialSeparator: ProblemMessage(
            ja: {
                "シリアル番号 \($0[.found] ?? "") は他（\($0[.expected] ?? "")）と桁数は同じですが、区切り（-）や文字の並びが違います。シールのとおり「-」も含めて入力し直してください。"
            },
            en: {
                "Serial \($0[.found] ?? "") has as many digits as the others (\($0[.expected] ?? "")) but other separators or letters. Type it as the sticker shows, hyphen included."
            }
        ),
    ]
}
