import Foundation
import Testing

@testable import succession_cli

/// `--json` prints one JSON value per line; a value that cannot be encoded is said, not hidden.
@Suite("JSON lines")
struct JSONLinesTests {
    /// A value whose encoding fails, as a record with a non-finite number would.
    struct Unencodable: Encodable {
        func encode(to encoder: any Encoder) throws {
            throw EncodingError.invalidValue(Double.nan, .init(codingPath: [], debugDescription: "not finite"))
        }
    }

    @Test("A value that cannot be encoded gives a parseable problem line, never an empty object")
    func encodingFailure() throws {
        let line = JSONLines().line(Unencodable())
        #expect(line != "{}")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["code"] as? String == "cli.jsonEncoding")
        #expect(object["severity"] as? String == "error")
        #expect(JSONLines().line(["b": 2, "a": 1]) == #"{"a":1,"b":2}"#, "keys sorted, one line")
    }
}
