/// A prefecture (都道府県), numbered as in JIS X 0401 — the first two digits of a
/// ``MedicalInstitutionCode``.
public enum Prefecture: Int, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// 北海道: codes begin with 01.
    case hokkaido = 1
    /// 青森県: codes begin with 02.
    case aomori = 2
    /// 岩手県: codes begin with 03.
    case iwate = 3
    /// 宮城県: codes begin with 04.
    case miyagi = 4
    /// 秋田県: codes begin with 05.
    case akita = 5
    /// 山形県: codes begin with 06.
    case yamagata = 6
    /// 福島県: codes begin with 07.
    case fukushima = 7
    /// 茨城県: codes begin with 08.
    case ibaraki = 8
    /// 栃木県: codes begin with 09.
    case tochigi = 9
    /// 群馬県: codes begin with 10.
    case gunma = 10
    /// 埼玉県: codes begin with 11.
    case saitama = 11
    /// 千葉県: codes begin with 12.
    case chiba = 12
    /// 東京都: codes begin with 13.
    case tokyo = 13
    /// 神奈川県: codes begin with 14.
    case kanagawa = 14
    /// 新潟県: codes begin with 15.
    case niigata = 15
    /// 富山県: codes begin with 16.
    case toyama = 16
    /// 石川県: codes begin with 17.
    case ishikawa = 17
    /// 福井県: codes begin with 18.
    case fukui = 18
    /// 山梨県: codes begin with 19.
    case yamanashi = 19
    /// 長野県: codes begin with 20.
    case nagano = 20
    /// 岐阜県: codes begin with 21.
    case gifu = 21
    /// 静岡県: codes begin with 22.
    case shizuoka = 22
    /// 愛知県: codes begin with 23.
    case aichi = 23
    /// 三重県: codes begin with 24.
    case mie = 24
    /// 滋賀県: codes begin with 25.
    case shiga = 25
    /// 京都府: codes begin with 26.
    case kyoto = 26
    /// 大阪府: codes begin with 27.
    case osaka = 27
    /// 兵庫県: codes begin with 28.
    case hyogo = 28
    /// 奈良県: codes begin with 29.
    case nara = 29
    /// 和歌山県: codes begin with 30.
    case wakayama = 30
    /// 鳥取県: codes begin with 31.
    case tottori = 31
    /// 島根県: codes begin with 32.
    case shimane = 32
    /// 岡山県: codes begin with 33.
    case okayama = 33
    /// 広島県: codes begin with 34.
    case hiroshima = 34
    /// 山口県: codes begin with 35.
    case yamaguchi = 35
    /// 徳島県: codes begin with 36.
    case tokushima = 36
    /// 香川県: codes begin with 37.
    case kagawa = 37
    /// 愛媛県: codes begin with 38.
    case ehime = 38
    /// 高知県: codes begin with 39.
    case kochi = 39
    /// 福岡県: codes begin with 40.
    case fukuoka = 40
    /// 佐賀県: codes begin with 41.
    case saga = 41
    /// 長崎県: codes begin with 42.
    case nagasaki = 42
    /// 熊本県: codes begin with 43.
    case kumamoto = 43
    /// 大分県: codes begin with 44.
    case oita = 44
    /// 宮崎県: codes begin with 45.
    case miyazaki = 45
    /// 鹿児島県: codes begin with 46.
    case kagoshima = 46
    /// 沖縄県: codes begin with 47.
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
