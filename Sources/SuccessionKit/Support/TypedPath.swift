import Foundation
package import SystemPackage

extension FilePath {
    /// A path as a person typed it, made absolute against the current directory, once: every
    /// path a job records or prints then means the same wherever the next command runs.
    package static func typed(_ text: String) -> FilePath {
        FilePath(FileManager.default.currentDirectoryPath).pushing(FilePath(text))
    }
}
