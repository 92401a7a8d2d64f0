/// What the libFuzzer targets (`Fuzz/`, a package of their own, which `package` access does not
/// reach) call of a code list's line helpers. Not API: behind `@_spi(Fuzzing)`, so absent from
/// the documentation, the public symbol count and an integrator's code completion.
@_spi(Fuzzing)
extension CodeList {
    /// ``codeField(of:)`` and ``isHeader(_:)`` of one line, as ``read(path:each:)`` applies them.
    public static func fuzzLine(_ line: String) -> (field: String?, isHeader: Bool) {
        (codeField(of: line), isHeader(line))
    }
}
