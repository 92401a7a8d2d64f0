// swift-tools-version: 6.1
// libFuzzer targets for SuccessionKit's parsers of untrusted input. Its own package, built with
// -sanitize=fuzzer,address by ./run.sh; never by `swift test`.

import PackageDescription

let package = Package(
    name: "SuccessionKitFuzz",
    // The library alone (`traits: []`): the CLI's and the guided page's packages stay out.
    dependencies: [.package(name: "SuccessionKit", path: "..", traits: [])],
    targets: [.target(name: "FuzzDriver")]
        + ["fuzz-pkcs12", "fuzz-notice", "fuzz-csv", "fuzz-code", "fuzz-journal", "fuzz-layout"].map { name in
            .executableTarget(
                name: name,
                dependencies: ["FuzzDriver", .product(name: "SuccessionKit", package: "SuccessionKit")]
            )
        },
    swiftLanguageModes: [.v6]
)
