import Foundation

/// JSON state files of a sandbox terminal: read whole, written atomically with mode 0600.
enum SandboxFiles {
    static func read<T: Decodable>(_ type: T.Type, from path: String) throws(SuccessionError) -> T? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bytes = try FileBytes.read(path)
        do {
            return try decoder.decode(T.self, from: Data(bytes))
        } catch {
            throw SuccessionError(.terminalStateDamaged, values: [.path: path])
        }
    }

    static func write(_ value: some Encodable, to path: String) throws(SuccessionError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(value) else {
            throw SuccessionError(.fileUnwritable, values: [.path: path, .reason: "encoding"])
        }
        try AtomicFile.createFolder((path as NSString).deletingLastPathComponent)
        try AtomicFile.write(Array(data), to: path, replace: true)
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

extension ProblemCode {
    /// A sandbox state file cannot be read. Values: ``ProblemValueKey/path``.
    public static let terminalStateDamaged = ProblemCode(rawValue: "terminal.stateDamaged")
}
