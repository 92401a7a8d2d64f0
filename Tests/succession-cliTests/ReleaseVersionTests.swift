import Foundation
import Testing

/// One version for a release: what `succession --version` prints (and so the tarball's name,
/// which Scripts/release.sh takes from it), the first version of CHANGELOG.md, and the
/// `from:` of the README's and the getting-started article's `.package` line.
@Suite("Release version")
struct ReleaseVersionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
    }

    /// The version of CHANGELOG.md's first `## [X.Y.Z]` heading.
    static func changelogVersion() throws -> String {
        let match = try #require(try text("CHANGELOG.md").firstMatch(of: /(?m)^## \[([0-9]+\.[0-9]+\.[0-9]+)\]/))
        return String(match.output.1)
    }

    @Test("succession --version prints the version of CHANGELOG.md's newest entry")
    func versionMatchesChangelog() throws {
        let result = try CLIProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == (try Self.changelogVersion()))
    }

    @Test("The README's and the getting-started article's package line name that version, with traits: []")
    func packageLinesMatchChangelog() throws {
        let version = try Self.changelogVersion()
        let line =
            ".package(url: \"https://github.com/succession-kit/SuccessionKit\", from: \"\(version)\", traits: [])"
        #expect(try Self.text("README.md").contains(line))
        #expect(try Self.text("Sources/SuccessionKit/Docs.docc/GettingStarted.md").contains(line))
    }

    @Test("The tarball is named from --version, never from a version of its own")
    func tarballTakesTheVersion() throws {
        let script = try Self.text("Scripts/release.sh")
        #expect(script.contains(#"version=$("$bin/succession" --version)"#))
        #expect(script.contains("name=succession-$version-linux-$arch"))
    }
}
