/// A prefecture (都道府県), numbered as in JIS X 0401 — the first two digits of a
/// ``MedicalInstitutionCode``.
public enum Prefecture: Int, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case hokkaido = 1
    case aomori = 2
    case iwate = 3
    case miyagi = 4
    case akita = 5
    case yamagata = 6
    case fukushima = 7
    case ibaraki = 8
    case tochigi = 9
    case gunma = 10
    case saitama = 11
    case chiba = 12
    case tokyo = 13
    case kanagawa = 14
    case niigata = 15
    case toyama = 16
    case ishikawa = 17
    case fukui = 18
    case yamanashi = 19
    case nagano = 20
    case gifu = 21
    case shizuoka = 22
    case aichi = 23
    case mie = 24
    case shiga = 25
    case kyoto = 26
    case osaka = 27
    case hyogo = 28
    case nara = 29
    case wakayama = 30
    case tottori = 31
    case shimane = 32
    case okayama = 33
    case hiroshima = 34
    case yamaguchi = 35
    case tokushima = 36
    case kagawa = 37
    case ehime = 38
    case kochi = 39
    case fukuoka = 40
    case saga = 41
    case nagasaki = 42
    case kumamoto = 43
    case oita = 44
    case miyazaki = 45
    case kagoshima = 46
    case okinawa = 47

    /// The prefecture with JIS X 0401 number `number` (1–47), or `nil`.
    public init?(number: Int) {
        self.init(rawValue: number)
    }

    /// The JIS X 0401 number, 1–47.
    public var number: Int { rawValue }

    /// The two digits that start a code of this prefecture, e.g. `"01"`.
    public var digits: String { number < 10 ? "0\(number)" : "\(number)" }

    /// The Japanese name, e.g. `東京都`.
    public var japaneseName: String {
        switch self {
        case .hokkaido: "北海道"
        case .aomori: "青森県"
        case .iwate: "岩手県"
        case .miyagi: "宮城県"
        case .akita: "秋田県"
        case .yamagata: "山形県"
        case .fukushima: "福島県"
        case .ibaraki: "茨城県"
        case .tochigi: "栃木県"
        case .gunma: "群馬県"
        case .saitama: "埼玉県"
        case .chiba: "千葉県"
        case .tokyo: "東京都"
        case .kanagawa: "神奈川県"
        case .niigata: "新潟県"
        case .toyama: "富山県"
        case .ishikawa: "石川県"
        case .fukui: "福井県"
        case .yamanashi: "山梨県"
        case .nagano: "長野県"
        case .gifu: "岐阜県"
        case .shizuoka: "静岡県"
        case .aichi: "愛知県"
        case .mie: "三重県"
        case .shiga: "滋賀県"
        case .kyoto: "京都府"
        case .osaka: "大阪府"
        case .hyogo: "兵庫県"
        case .nara: "奈良県"
        case .wakayama: "和歌山県"
        case .tottori: "鳥取県"
        case .shimane: "島根県"
        case .okayama: "岡山県"
        case .hiroshima: "広島県"
        case .yamaguchi: "山口県"
        case .tokushima: "徳島県"
        case .kagawa: "香川県"
        case .ehime: "愛媛県"
        case .kochi: "高知県"
        case .fukuoka: "福岡県"
        case .saga: "佐賀県"
        case .nagasaki: "長崎県"
        case .kumamoto: "熊本県"
        case .oita: "大分県"
        case .miyazaki: "宮崎県"
        case .kagoshima: "鹿児島県"
        case .okinawa: "沖縄県"
        }
    }

    /// The English name, e.g. `Tokyo`.
    public var englishName: String {
        switch self {
        case .hokkaido: "Hokkaido"
        case .aomori: "Aomori"
        case .iwate: "Iwate"
        case .miyagi: "Miyagi"
        case .akita: "Akita"
        case .yamagata: "Yamagata"
        case .fukushima: "Fukushima"
        case .ibaraki: "Ibaraki"
        case .tochigi: "Tochigi"
        case .gunma: "Gunma"
        case .saitama: "Saitama"
        case .chiba: "Chiba"
        case .tokyo: "Tokyo"
        case .kanagawa: "Kanagawa"
        case .niigata: "Niigata"
        case .toyama: "Toyama"
        case .ishikawa: "Ishikawa"
        case .fukui: "Fukui"
        case .yamanashi: "Yamanashi"
        case .nagano: "Nagano"
        case .gifu: "Gifu"
        case .shizuoka: "Shizuoka"
        case .aichi: "Aichi"
        case .mie: "Mie"
        case .shiga: "Shiga"
        case .kyoto: "Kyoto"
        case .osaka: "Osaka"
        case .hyogo: "Hyogo"
        case .nara: "Nara"
        case .wakayama: "Wakayama"
        case .tottori: "Tottori"
        case .shimane: "Shimane"
        case .okayama: "Okayama"
        case .hiroshima: "Hiroshima"
        case .yamaguchi: "Yamaguchi"
        case .tokushima: "Tokushima"
        case .kagawa: "Kagawa"
        case .ehime: "Ehime"
        case .kochi: "Kochi"
        case .fukuoka: "Fukuoka"
        case .saga: "Saga"
        case .nagasaki: "Nagasaki"
        case .kumamoto: "Kumamoto"
        case .oita: "Oita"
        case .miyazaki: "Miyazaki"
        case .kagoshima: "Kagoshima"
        case .okinawa: "Okinawa"
        }
    }

    /// The name in `language`.
    public func name(in language: Language) -> String {
        language == .japanese ? japaneseName : englishName
    }

    /// Which digits of a code its check digit covers (see ``CheckDigitRule``).
    public var checkDigitRule: CheckDigitRule {
        switch self {
        case .saitama, .chiba, .tokyo, .kanagawa: .sixDigits
        default: .nineDigits
        }
    }

    public var description: String { japaneseName }
}
