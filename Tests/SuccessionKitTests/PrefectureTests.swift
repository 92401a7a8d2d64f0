import SuccessionKit
import Testing

/// Prefectures, JIS X 0401 order, and which check-digit rule each uses.
@Suite("Prefecture")
struct PrefectureTests {
    static let names = [
        "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
        "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
        "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
        "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
        "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
    ]

    @Test("Every prefecture 01–47 has its Japanese name", arguments: Array(names.enumerated()))
    func japaneseName(_ entry: (offset: Int, element: String)) throws {
        let prefecture = try #require(Prefecture(number: entry.offset + 1))
        #expect(prefecture.japaneseName == entry.element)
        #expect(prefecture.name(in: .japanese) == entry.element)
        #expect(!prefecture.englishName.isEmpty)
    }

    @Test("There are exactly 47, numbered 1–47", arguments: [0, 48, 99])
    func outOfRange(_ number: Int) {
        #expect(Prefecture.allCases.count == 47)
        #expect(Prefecture(number: number) == nil)
    }

    @Test("Two digits with a leading zero")
    func digits() {
        #expect(Prefecture.hokkaido.digits == "01")
        #expect(Prefecture.okinawa.digits == "47")
    }

    @Test("Only 埼玉・千葉・東京・神奈川 use the six-digit rule")
    func sixDigitPrefectures() {
        let six = Prefecture.allCases.filter { $0.checkDigitRule == .sixDigits }
        #expect(six == [.saitama, .chiba, .tokyo, .kanagawa])
    }
}
