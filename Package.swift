// swift-tools-version: 6.1
// SuccessionKit — checked, recorded succession work (承継工事) for オンライン資格確認 terminals.

import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

/// The library's own: an async function runs where it is called from, so an actor (the page's)
/// can keep a job session and await it.
let librarySettings = strictSettings + [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]

/// The default trait: the `succession` command and its guided page, and what only they need.
/// A package that uses the SuccessionKit library turns it off (`traits: []` on its `.package`
/// line) and resolves swift-system alone; at the root it is on, so `swift run succession demo`
/// and `swift test` work as they are. The CLI's and the page's targets (and their tests) need it:
/// their sources import these packages without `#if CLI`.
let tool = "CLI"
let onlyTool: TargetDependencyCondition? = .when(traits: [tool])

let package = Package(
    name: "SuccessionKit",
    // Linux (the build and CI machines) and macOS 15, whose Synchronization module has Mutex.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SuccessionKit", targets: ["SuccessionKit"]),
        // Demo and practice terminals with certificates made in-process: not for real work.
        .library(name: "SuccessionKitSandbox", targets: ["SuccessionKitSandbox"]),
        .executable(name: "succession", targets: ["succession-cli"]),
    ],
    traits: [
        .trait(
            name: tool,
            description: """
                The succession command and its guided page (succession serve): swift-argument-parser, \
                Hummingbird, SwiftNIO, swift-nio-ssl, swift-http-types and swift-log. On by default; a \
                package that uses only the SuccessionKit library turns it off with `traits: []` and \
                resolves swift-system alone.
                """
        ),
        .default(enabledTraits: [tool]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // The guided page's server (`succession serve`), in SuccessionWeb only.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // TLS for `serve --listen` off loopback (HummingbirdTLS); BoringSSL, in SuccessionWeb only.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // `swift package generate-documentation --target SuccessionKit`. No target uses it, so a
        // package that depends on this one never resolves it (Scripts/probe-package.sh checks).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The system OpenSSL (libssl/libcrypto 3.x). Headers and static inline shims only.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // SHA-256 / SHA-1 hashed again and again, several candidates interleaved; SHA-NI chosen at
        // run time through function attributes (no global flags), portable C elsewhere.
        // Only SuccessionKit uses them (no product: not API); the benchmarks reach them through
        // `@_spi(Benchmarks)` (PINRecoveryBenchmarks.swift).
        .target(name: "CSHAKernels"),
        .target(
            name: "SuccessionKit",
            dependencies: [
                "COpenSSL",
                "CSHAKernels",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: librarySettings
        ),
        // A sandbox terminal as a technician finds it before a succession, for demos and tests.
        .target(
            name: "SuccessionKitSandbox",
            dependencies: ["SuccessionKit", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: strictSettings
        ),
        // The guided page: the job's questions as forms over HTTP on loopback, over TLS elsewhere.
        // The library stays free of HTTP: only this target imports Hummingbird; the CLI calls it.
        .target(
            name: "SuccessionWeb",
            dependencies: [
                "SuccessionKit",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Hummingbird", package: "hummingbird", condition: onlyTool),
                .product(name: "HummingbirdCore", package: "hummingbird", condition: onlyTool),
                .product(name: "HummingbirdTLS", package: "hummingbird", condition: onlyTool),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: onlyTool),
                .product(name: "NIOCore", package: "swift-nio", condition: onlyTool),
                .product(name: "Logging", package: "swift-log", condition: onlyTool),
                .product(name: "HTTPTypes", package: "swift-http-types", condition: onlyTool),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "succession-cli",
            dependencies: [
                "SuccessionKit",
                "SuccessionKitSandbox",
                "SuccessionWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser", condition: onlyTool),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        // A small program that embeds the library, as an integrator would.
        .executableTarget(
            name: "CustomerListCheck",
            dependencies: ["SuccessionKit", .product(name: "SystemPackage", package: "swift-system")],
            path: "Examples/CustomerListCheck",
            swiftSettings: strictSettings
        ),
        // A terminal backend of three stores and a journal in memory, written outside the module
        // as an integrator would; the backend tests run a whole job on it.
        .target(
            name: "InMemoryBackend",
            dependencies: ["SuccessionKit", .product(name: "SystemPackage", package: "swift-system")],
            path: "Examples/InMemoryBackend",
            exclude: ["README.md"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SuccessionKitTests",
            // The kernels are tested against OpenSSL's own SHA-256 and SHA-1.
            dependencies: [
                "SuccessionKit", "SuccessionKitSandbox", "CSHAKernels", "COpenSSL",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        // A terminal backend implemented outside the module: only `import SuccessionKit`.
        .testTarget(
            name: "TerminalBackendTests",
            dependencies: [
                "SuccessionKit", "SuccessionKitSandbox", "InMemoryBackend",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        // The Windows agent's stores, run against succession-agent.exe under Wine: the tests that
        // need it skip themselves, saying why, unless SUCCESSION_AGENT_COMMAND names the agent
        // (Scripts/windows-prefix.sh prepares a prefix and prints it).
        .testTarget(
            name: "WindowsAgentTests",
            dependencies: ["SuccessionKit", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SuccessionWebTests",
            dependencies: [
                "SuccessionWeb",
                "SuccessionKit",
                "SuccessionKitSandbox",
                .product(name: "Hummingbird", package: "hummingbird", condition: onlyTool),
                .product(name: "HummingbirdTesting", package: "hummingbird", condition: onlyTool),
                .product(name: "HTTPTypes", package: "swift-http-types", condition: onlyTool),
                .product(name: "NIOCore", package: "swift-nio", condition: onlyTool),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: onlyTool),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "succession-cliTests",
            dependencies: [
                "succession-cli", "SuccessionKit", "SuccessionKitSandbox",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
