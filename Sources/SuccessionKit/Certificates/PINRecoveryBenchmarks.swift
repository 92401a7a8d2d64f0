/// What the side-by-side benchmarks (`Benchmarks/`, a package of their own, which `package`
/// access does not reach) time of PIN recovery's kernels. Not API: behind
/// `@_spi(Benchmarks)`, so absent from the documentation, the public symbol count and an
/// integrator's code completion.
@_spi(Benchmarks)
extension PINRecovery {
    /// The C kernels this CPU runs, by name (`shaExtensions`, `avx2`, `avx512`, `portable`).
    public static var benchmarkKernelNames: [String] {
        Kernel.available.filter { $0.implementation != nil }.map(\.rawValue)
    }

    /// Hashes each of `lanes` digests (5 words each for SHA-1, 8 for SHA-256, lane after lane in
    /// `digests`) again, `iterations` times, with the kernel named `name`, as a MAC search does.
    /// - Returns: `false` when no kernel has that name or this CPU does not run it.
    public static func benchmarkRehash(
        kernel name: String,
        sha1: Bool,
        digests: inout [UInt32],
        lanes: Int,
        iterations: UInt32
    ) -> Bool {
        guard let kernel = Kernel(rawValue: name), kernel != .automatic, kernel.isAvailable,
            digests.count >= lanes * (sha1 ? 5 : 8)
        else { return false }
        var block = [UInt8](repeating: 0, count: 64)
        MACSearch.rehash(
            sha1 ? .sha1 : .sha256,
            &digests,
            lanes: lanes,
            rounds: iterations,
            kernel: kernel,
            block: &block
        )
        return true
    }
}
