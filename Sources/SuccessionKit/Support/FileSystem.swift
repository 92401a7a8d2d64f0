import Foundation

/// Small file-system questions, in one place.
package enum FileSystem {
    package static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    package static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// Every regular file under `folder`, relative paths, sorted.
    package static func files(under folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var result: [String] = []
        while let next = enumerator.nextObject() as? String {
            if !isDirectory(folder + "/" + next) { result.append(next) }
        }
        return result.sorted()
    }
}
