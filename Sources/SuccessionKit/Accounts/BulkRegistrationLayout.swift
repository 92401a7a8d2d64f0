public import Foundation

/// A field of the account bulk-registration file (アカウント一括登録用ファイル).
public enum BulkRegistrationField: String, Sendable, Hashable, Codable, CaseIterable {
    /// 医療機関コード: the facility's 10-digit code.
    case institutionCode
    /// 権限区分: the account's role (``BulkRegistrationFile/faceAuthRole``, …).
    case role
    /// ユーザID: the account's ID (`F0FACE01`, `R0RENK01`, …).
    case userID
    /// ユーザ名.
    case userName
    /// ユーザ名(カナ): the name in katakana.
    case userNameKana
    /// 利用開始年月日, `yyyy/MM/dd`.
    case startDate
    /// 利用終了年月日, `yyyy/MM/dd` or empty.
    case endDate
    /// A vendor column SuccessionKit writes empty and does not check.
    case other
}

/// The column layout of the bulk-registration CSV, as data.
///
/// The system's exact layout is not in our references (the vendor supplies ready files), so it
/// is not code: ``adminFields`` is a documented default following the admin-account form
/// (setup text 6.8), and a vendor's layout can be given as JSON:
///
/// ```json
/// {"hasHeader": true, "columns": [{"field": "institutionCode", "title": "医療機関コード"}, …]}
/// ```
public struct BulkRegistrationLayout: Sendable, Hashable, Codable {
    /// One column: which field, under which header title.
    public struct Column: Sendable, Hashable, Codable {
        /// What the column holds.
        public var field: BulkRegistrationField
        /// Its title on the header line, e.g. `ユーザID`.
        public var title: String

        /// The column holding `field` under `title`.
        public init(field: BulkRegistrationField, title: String) {
            self.field = field
            self.title = title
        }
    }

    /// The columns, in file order.
    public var columns: [Column]
    /// Whether the first line holds the titles.
    public var hasHeader: Bool

    /// A layout of `columns`, in file order, with a header line of their titles unless
    /// `hasHeader` is `false`.
    public init(columns: [Column], hasHeader: Bool = true) {
        self.columns = columns
        self.hasHeader = hasHeader
    }

    /// 医療機関コード, 権限区分, ユーザID, ユーザ名, ユーザ名(カナ), 利用開始年月日, 利用終了年月日 — the
    /// fields of the admin-account form, with a header line.
    public static let adminFields = BulkRegistrationLayout(columns: [
        Column(field: .institutionCode, title: "医療機関コード"),
        Column(field: .role, title: "権限区分"),
        Column(field: .userID, title: "ユーザID"),
        Column(field: .userName, title: "ユーザ名"),
        Column(field: .userNameKana, title: "ユーザ名(カナ)"),
        Column(field: .startDate, title: "利用開始年月日"),
        Column(field: .endDate, title: "利用終了年月日"),
    ])

    /// A layout from its JSON.
    /// - Throws: ``SuccessionError`` with `csv.layout` when the JSON is not a layout.
    public static func decode(json: Data) throws(SuccessionError) -> BulkRegistrationLayout {
        guard let layout = try? JSONCoding.decoder().decode(BulkRegistrationLayout.self, from: json),
            !layout.columns.isEmpty,
            layout.columns.contains(where: { $0.field == .userID })
        else { throw SuccessionError(.csvLayout) }
        return layout
    }
}

/// One account of the bulk-registration file.
public struct BulkRegistrationRow: Sendable, Hashable, Codable {
    /// 医療機関コード, 10 digits.
    public var institutionCode: String
    /// 権限区分.
    public var role: String
    /// ユーザID.
    public var userID: String
    /// ユーザ名.
    public var userName: String
    /// ユーザ名(カナ).
    public var userNameKana: String
    /// `yyyy/MM/dd`.
    public var startDate: String
    /// `yyyy/MM/dd`, or empty for none.
    public var endDate: String

    /// A row with every field; `endDate` empty for an account without an end.
    public init(
        institutionCode: String,
        role: String,
        userID: String,
        userName: String,
        userNameKana: String,
        startDate: String,
        endDate: String = ""
    ) {
        self.institutionCode = institutionCode
        self.role = role
        self.userID = userID
        self.userName = userName
        self.userNameKana = userNameKana
        self.startDate = startDate
        self.endDate = endDate
    }

    func value(_ field: BulkRegistrationField) -> String {
        switch field {
        case .institutionCode: institutionCode
        case .role: role
        case .userID: userID
        case .userName: userName
        case .userNameKana: userNameKana
        case .startDate: startDate
        case .endDate: endDate
        case .other: ""
        }
    }

    mutating func set(_ field: BulkRegistrationField, _ value: String) {
        switch field {
        case .institutionCode: institutionCode = value
        case .role: role = value
        case .userID: userID = value
        case .userName: userName = value
        case .userNameKana: userNameKana = value
        case .startDate: startDate = value
        case .endDate: endDate = value
        case .other: break
        }
    }
}
