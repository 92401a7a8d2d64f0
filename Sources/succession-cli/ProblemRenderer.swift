import SuccessionKit

/// Renders a list of problems the way every check command does: `OK`, or one `NG`/`注意` line
/// per problem; or one JSON object with `valid` and `problems` plus the command's own fields.
struct ProblemRenderer {
    let language: Language
    let json: Bool

    /// Writes the verdict; returns whether there was no error.
    @discardableResult
    func render(_ problems: [Problem], heading: [String] = [], fields: [String: JSONValue] = [:]) -> Bool {
        let valid = !problems.containsError
        if json {
            var object = fields
            object["valid"] = .bool(valid)
            object["problems"] = .array(problems.map { ProblemRecord($0, language: language).jsonValue })
            Output.standard.write(JSONValue.object(object).encoded)
            return valid
        }
        heading.forEach(Output.standard.write)
        if valid { Output.standard.write("OK") }
        for problem in problems {
            let mark = problem.severity == .error ? "NG" : Phrase.note(language)
            Output.standard.write("\(mark)  \(problem.cliMessage(in: language))")
        }
        return valid
    }
}

/// A small JSON value for commands whose output has a few fields of their own.
indirect enum JSONValue: Encodable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])
    /// A library value that is `Codable` already (evidence, answers): encoded as it is.
    case encodable(any Encodable & Sendable)

    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .encodable(let value): try container.encode(value)
        }
    }

    var encoded: String { JSONLines().line(self) }
}

extension ProblemRecord {
    var jsonValue: JSONValue {
        .object([
            "code": .string(code), "severity": .string(severity), "message": .string(message),
            "values": .object(values.mapValues(JSONValue.string)),
        ])
    }
}
