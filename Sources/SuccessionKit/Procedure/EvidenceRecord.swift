import Foundation

/// A step's evidence as the journal keeps it: a JSON object whose keys only the step's own
/// ``ProcedureStep/Evidence`` type knows. Written back exactly as read, so a journal of an
/// earlier release keeps its keys; read through the step's type with ``decode(_:)``.
public struct EvidenceRecord: Sendable, Hashable, Codable {
    var fields: [String: JSONNode]

    /// No evidence.
    public init() {
        fields = [:]
    }

    /// The record of `evidence`.
    /// - Throws: `job.evidenceRecord` when it does not encode as a JSON object.
    public init(_ evidence: some Encodable) throws(SuccessionError) {
        do {
            let data = try JSONCoding.encoder(pretty: false).encode(evidence)
            fields = try JSONCoding.decoder().decode([String: JSONNode].self, from: data)
        } catch {
            throw SuccessionError(.jobEvidenceRecord, values: [.detail: "\(error)"])
        }
    }

    /// The evidence, read as `type`.
    /// - Throws: `job.evidenceRecord` when the record is not a `type` (a journal edited by hand,
    ///   or written by another procedure).
    public func decode<Evidence: Decodable>(_ type: Evidence.Type) throws(SuccessionError) -> Evidence {
        do {
            let data = try JSONCoding.encoder(pretty: false).encode(fields)
            return try JSONCoding.decoder().decode(type, from: data)
        } catch {
            throw SuccessionError(.jobEvidenceRecord, values: [.detail: "\(error)"])
        }
    }

    /// Whether the record holds nothing.
    public var isEmpty: Bool { fields.isEmpty }

    /// The text of the field `key`, when it is text (a migration reads paths this way).
    func text(_ key: String) -> String? { fields[key]?.string }

    public init(from decoder: any Decoder) throws {
        fields = try decoder.singleValueContainer().decode([String: JSONNode].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fields)
    }
}

extension ProblemCode {
    /// A step's evidence does not encode, or a journal's record of it does not read as the
    /// step's type (a journal edited by hand). Values: detail.
    public static let jobEvidenceRecord = ProblemCode(rawValue: "job.evidenceRecord")
}
