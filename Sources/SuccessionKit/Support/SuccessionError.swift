public import Foundation

/// The error every throwing API of SuccessionKit throws: one or more ``Problem``s.
///
/// Like swift-certificates' `CertificateError`, equality compares the problem codes only,
/// so a test can write `#expect(throws: SuccessionError(.fileUnreadable))`.
public struct SuccessionError: Error, Sendable, Hashable, Codable, CustomStringConvertible, LocalizedError {
    /// Every problem found, errors first. Never empty.
    public let problems: [Problem]

    /// The code of the first (most important) problem.
    public var code: ProblemCode { problems[0].code }

    /// Creates an error from the problems a check found; errors are put first.
    /// - Precondition: `problems` is not empty.
    public init(_ problems: [Problem]) {
        precondition(!problems.isEmpty, "an error needs at least one problem")
        // A stable sort: errors before warnings, order kept otherwise.
        self.problems = problems.enumerated()
            .sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }
            .map(\.element)
    }

    private enum CodingKeys: String, CodingKey { case problems }

    /// Decodes `{"problems": [...]}`; an empty list is no error and is refused.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let problems = try container.decode([Problem].self, forKey: .problems)
        guard !problems.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: .problems,
                in: container,
                debugDescription: "an error needs at least one problem"
            )
        }
        self.init(problems)
    }

    /// Creates an error with one problem.
    public init(_ code: ProblemCode, values: [ProblemValueKey: String] = [:]) {
        self.init([Problem(code, values: values)])
    }

    /// The problems explained in `language`, one per line.
    public func message(in language: Language) -> String {
        problems.map { $0.message(in: language) }.joined(separator: "\n")
    }

    public var description: String {
        problems.map(\.description).joined(separator: "; ")
    }

    /// The problems explained in the language of the process's locale (`LC_ALL`, `LC_MESSAGES`,
    /// `LANG`), so that `localizedDescription` says what is wrong rather than an error number.
    public var errorDescription: String? {
        message(in: Language.preferred(environment: ProcessInfo.processInfo.environment))
    }

    public static func == (lhs: SuccessionError, rhs: SuccessionError) -> Bool {
        lhs.problems.map(\.code) == rhs.problems.map(\.code)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(problems.map(\.code))
    }
}
