internal import COpenSSL

/// The bytes of a secret (a 証明書パスワード, an account's password) in memory of its own,
/// wiped with `OPENSSL_cleanse` when the last value that holds it goes away.
///
/// `OPENSSL_cleanse` is used because a Swift loop that zeroes memory about to be freed may be
/// optimized away. The bytes never change after `init`, so sharing the storage between
/// copies of a value is safe.
package final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `bytes` into storage of its own, then wipes the caller's array.
    package init(wiping bytes: inout [UInt8]) {
        storage = .allocate(byteCount: max(bytes.count, 1), alignment: 1)
        storage.copyBytes(from: bytes[...])
        count = bytes.count
        bytes.withUnsafeMutableBytes { SecretBytes.cleanse($0) }
    }

    /// The number of bytes.
    package let count: Int

    deinit {
        SecretBytes.cleanse(storage)
        storage.deallocate()
    }

    /// Runs `body` with the secret's bytes.
    package func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try body(UnsafeRawBufferPointer(rebasing: storage[..<count]))
    }

    /// Whether both hold the same bytes.
    func equals(_ other: SecretBytes) -> Bool {
        withUnsafeBytes { mine in other.withUnsafeBytes { theirs in mine.elementsEqual(theirs) } }
    }

    /// Zeroes `buffer` in a way the compiler keeps.
    static func cleanse(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        OPENSSL_cleanse(base, buffer.count)
    }
}
