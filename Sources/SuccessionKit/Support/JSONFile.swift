package import Foundation
import SystemPackage

/// The one JSON setup of the library: sorted keys, no escaped slashes, ISO 8601 dates.
///
/// State files, journals, manifests and the CLI's `--json` share it, so a date written by one
/// reads back in another.
package enum JSONCoding {
    /// An encoder; `pretty` for files a person may open.
    package static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// A decoder for what ``encoder(pretty:)`` writes.
    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// JSON files read whole and written atomically with mode 0600.
package enum JSONFile {
    /// The value stored at `path`, or `nil` when there is no file.
    /// - Throws: the file errors of ``FileBytes``, or `damaged` (the caller's code, which names
    ///   what the file is) when the file holds no such value.
    ///
    /// - Parameter followLinks: `false` for a file the tool relies on (the journal, a store's
    ///   state, the archive's manifest): a symbolic link there is refused, never followed.
    package static func read<T: Decodable>(
        _ type: T.Type,
        from path: String,
        damaged: ProblemCode,
        followLinks: Bool = true
    ) throws(SuccessionError) -> T? {
        guard FileSystem.exists(path) else { return nil }
        return try load(type, from: path, damaged: damaged, followLinks: followLinks)
    }

    /// The value stored at `path`.
    /// - Throws: the file errors of ``FileBytes`` (a missing file is `file.unreadable`), or
    ///   `damaged` with the decoder's reason when the file holds no such value.
    package static func load<T: Decodable>(
        _ type: T.Type,
        from path: String,
        damaged: ProblemCode,
        followLinks: Bool = true
    ) throws(SuccessionError) -> T {
        let bytes = try FileBytes.read(path, followLinks: followLinks)
        do {
            return try JSONCoding.decoder().decode(T.self, from: Data(bytes))
        } catch {
            throw SuccessionError(
                damaged,
                values: [.path: path, .reason: String(describing: error).prefix(160).description]
            )
        }
    }

    /// Writes `value` to `path` (creating its folder) through ``AtomicFile``.
    package static func write(_ value: some Encodable, to path: String) throws(SuccessionError) {
        guard let data = try? JSONCoding.encoder().encode(value) else {
            throw SuccessionError(.fileUnwritable, values: [.path: path, .reason: "encoding"])
        }
        try AtomicFile.createFolder(FilePath(path).removingLastComponent().string)
        try AtomicFile.write(Array(data), to: path, replace: true)
    }
}
