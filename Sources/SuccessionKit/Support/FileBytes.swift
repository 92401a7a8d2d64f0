import SystemPackage

/// Reads a whole (small) file, with `file.unreadable` on failure.
public enum FileBytes {
    /// The bytes of the file at `path`.
    /// - Throws: ``SuccessionError`` with `file.unreadable`.
    public static func read(_ path: String) throws(SuccessionError) -> [UInt8] {
        do {
            let descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
            return try descriptor.closeAfter {
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let count = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0) }
                    if count == 0 { break }
                    bytes.append(contentsOf: chunk.prefix(count))
                }
                return bytes
            }
        } catch {
            throw SuccessionError(.fileUnreadable, values: [.path: path, .reason: "\(error)"])
        }
    }
}
