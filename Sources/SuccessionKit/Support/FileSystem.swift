import Foundation
package import SystemPackage

/// Small file-system questions, in one place.
package enum FileSystem {
    package static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    package static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// Whether `path` itself is a symbolic link (not followed).
    package static func isSymbolicLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK
    }

    /// Checks that every component of `path` below `root` is a real folder or missing — never a
    /// symbolic link — so that what is written there stays inside the root.
    /// - Throws: `file.symbolicLink` naming the first link on the way.
    package static func requireRealFolder(_ path: String, under root: String) throws(SuccessionError) {
        guard path.hasPrefix(root + "/") else { return }
        var current = root
        for component in path.dropFirst(root.count + 1).split(separator: "/") {
            current += "/" + component
            if isSymbolicLink(current) { throw SuccessionError(.fileSymbolicLink, values: [.path: current]) }
        }
    }

    /// A path a record names, as a path inside `root`: relative to it (or absolute and below it),
    /// no `.` or `..` and no empty component, and no symbolic link on the way — or `nil`. A
    /// journal or a manifest is a file a person can edit: nothing moves by a path that leaves
    /// the root.
    package static func confined(_ recorded: String, under root: FilePath) -> FilePath? {
        var relative = recorded
        if recorded.hasPrefix("/") {
            let base = root.string.hasSuffix("/") ? root.string : root.string + "/"
            guard recorded.hasPrefix(base) else { return nil }
            relative = String(recorded.dropFirst(base.count))
        }
        let components = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.isEmpty, !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            return nil
        }
        var current = root
        for component in components {
            current.append(String(component))
            if isSymbolicLink(current.string) { return nil }
        }
        return current
    }

    /// Every regular file under `folder`, relative paths, sorted.
    package static func files(under folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var result: [String] = []
        while let next = enumerator.nextObject() as? String {
            if !isDirectory(FilePath(folder).pushing(FilePath(next)).string) { result.append(next) }
        }
        return result.sorted()
    }
}
