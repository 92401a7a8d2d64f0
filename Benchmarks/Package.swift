// swift-tools-version: 6.1
// Side-by-side measurements of SuccessionKit against raw OpenSSL calls, the openssl CLI and
// Python cryptography. Its own package, so that `swift test` never builds it. Run ./run.sh.

import PackageDescription

let package = Package(
    name: "SuccessionKitBenchmarks",
    dependencies: [
        // The library alone: the CLI's and the guided page's packages stay out (see the README).
        .package(name: "SuccessionKit", path: "..", traits: []),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // The system OpenSSL again, for the "raw OpenSSL calls" baseline.
        .systemLibrary(name: "CBenchOpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .executableTarget(
            name: "succession-bench",
            dependencies: [
                .product(name: "SuccessionKit", package: "SuccessionKit"),
                .product(name: "SuccessionKitSandbox", package: "SuccessionKit"),
                "CBenchOpenSSL",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
