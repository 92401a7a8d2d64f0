import ArgumentParser
import Foundation
import SuccessionKit
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `succession cert …`: the `.p12` client certificate 【工事手順④⑥⑦⑧】.
struct CertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "Inspect, verify, pick, back up and re-wrap .p12 certificates.",
        discussion: """
            The PIN (証明書パスワード) is asked without echo, or read from --pin-file FILE or the \
            environment variable SUCCESSION_PIN; it is never taken from the command line and never printed.
            """,
        subcommands: [
            CertInspectCommand.self, CertVerifyCommand.self, CertPickCommand.self, CertBackupCommand.self,
            CertRewrapCommand.self, CertRecoverPINCommand.self,
        ]
    )
}

/// Where the PIN comes from.
struct PINOptions: ParsableArguments {
    @Option(name: .long, help: "A file whose first line is the PIN (else SUCCESSION_PIN, else a prompt).")
    var pinFile: String?

    func pin(language: Language) throws -> CertificatePIN {
        try SecretInput.read(
            file: pinFile,
            environment: "SUCCESSION_PIN",
            prompt: Phrase.certificatePasswordPrompt(language),
            language: language
        )
    }

    /// The download site's 4-digit PIN of a job: spaces and a line ending around the digits are
    /// not part of it (a PIN file ends with a newline).
    func downloadSitePIN(language: Language) throws -> CertificatePIN {
        .downloadSite(
            try SecretInput.text(
                file: pinFile,
                environment: "SUCCESSION_PIN",
                prompt: Phrase.certificatePasswordPrompt(language),
                language: language
            )
        )
    }
}

/// The codes and date a certificate is checked against.
struct SuccessionCodeOptions: ParsableArguments {
    @Option(name: .long, help: "The NEW medical institution code (10 digits).")
    var newCode: String

    @Option(name: .long, help: "The OLD code, to recognise the previous certificate.")
    var oldCode: String?

    @Option(name: .long, help: "Check validity on this date (2026-11-25, 2026/11/25, 2026年11月25日; default: now).")
    var at: String?

    func resolved(language: Language) throws -> (new: MedicalInstitutionCode, old: MedicalInstitutionCode?, date: Date)
    {
        let new = try CodeArgument.parse(newCode, option: "--new-code", language: language)
        let old = try oldCode.map { try CodeArgument.parse($0, option: "--old-code", language: language) }
        guard let at else { return (new, old, Date()) }
        guard let date = TypedDate.parse(at) else {
            throw UsageFailure(
                message: Phrase.unreadableDate(at, option: "--at")(language)
            )
        }
        return (new, old, date)
    }
}

/// A command checked against the codes of a succession: their shapes (and `--at`) are
/// checked in `validate()`, before anything is read or asked.
protocol CheckedAgainstCodes: ParsableCommand {
    var codes: SuccessionCodeOptions { get }
    var output: OutputOptions { get }
}

extension CheckedAgainstCodes {
    func validate() throws {
        try UsageFailure.validating { _ = try codes.resolved(language: output.language) }
    }
}

/// What a certificate command works with, asked in the order a person expects: the codes
/// (already shape-checked) and the date, then the 証明書パスワード.
struct CertificateInputs {
    let newCode: MedicalInstitutionCode
    let oldCode: MedicalInstitutionCode?
    let date: Date
    let pin: CertificatePIN

    init(_ codes: SuccessionCodeOptions, _ pinOptions: PINOptions, language: Language) throws {
        (newCode, oldCode, date) = try codes.resolved(language: language)
        pin = try pinOptions.pin(language: language)
    }
}

/// A code given as an option: invalid means bad usage (exit 2), with the code's own messages.
enum CodeArgument {
    static func parse(_ text: String, option: String, language: Language) throws -> MedicalInstitutionCode {
        let reading = MedicalInstitutionCode.read(text)
        guard let code = reading.code else {
            throw UsageFailure(
                message: "\(option) \(text): "
                    + reading.problems.map { $0.cliMessage(in: language) }.joined(separator: " ")
            )
        }
        return code
    }
}

/// Opens a `.p12` for a command: unreadable → exit 2; anything else → a problem to render.
enum CertificateFile {
    static func open(
        _ path: String,
        pin: CertificatePIN,
        language: Language
    ) throws -> (
        bytes: [UInt8], bundle: Result<PKCS12Bundle, SuccessionError>
    ) {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, limit: FileBytes.Limit.certificate)
        } catch {
            throw UsageFailure(message: error.cliMessage(in: language))
        }
        return (bytes, Result { () throws(SuccessionError) in try PKCS12Bundle(bytes: bytes, pin: pin) })
    }

    /// Opens the file, or shows why it cannot be opened and ends the command with status 1.
    static func openOrExplain(
        _ path: String,
        pin: CertificatePIN,
        renderer: CertificateRenderer
    ) throws -> (bytes: [UInt8], bundle: PKCS12Bundle) {
        let opened = try open(path, pin: pin, language: renderer.language)
        switch opened.bundle {
        case .success(let bundle):
            return (opened.bytes, bundle)
        case .failure(let error):
            renderer.render(file: path, bundle: nil, problems: error.problems)
            throw ExitCode(ExitStatus.checkFailed)
        }
    }
}

struct CertInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what a .p12 holds: subject, issuer, validity, fingerprint, key, algorithms."
    )

    @Argument(help: "The .p12 file.") var file: String
    @OptionGroup var pinOptions: PINOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let renderer = CertificateRenderer(language: language, json: output.json)
        let bundle = try CertificateFile.openOrExplain(
            file,
            pin: pinOptions.pin(language: language),
            renderer: renderer
        ).bundle
        renderer.render(file: file, bundle: bundle, problems: bundle.problems)
        if bundle.problems.containsError { throw ExitCode(ExitStatus.checkFailed) }
    }
}

struct CertVerifyCommand: CheckedAgainstCodes {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that a .p12 is the one to install: issuer, new code (not the old), validity, key."
    )

    @Argument(help: "The .p12 file.") var file: String
    @OptionGroup var codes: SuccessionCodeOptions
    @Option(name: .long, help: "The real root CA certificate (PEM or DER) to verify the chain against.") var ca:
        [String] = []
    @OptionGroup var pinOptions: PINOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let anchors = try ca.map { try TrustAnchorFile.read($0, language: language) }
        let inputs = try CertificateInputs(codes, pinOptions, language: language)
        let renderer = CertificateRenderer(language: language, json: output.json)
        let bundle = try CertificateFile.openOrExplain(file, pin: inputs.pin, renderer: renderer).bundle
        let problems = bundle.verify(
            newCode: inputs.newCode,
            oldCode: inputs.oldCode,
            at: inputs.date,
            pin: inputs.pin,
            trustAnchors: anchors
        )
        renderer.render(file: file, bundle: bundle, problems: problems)
        if problems.containsError { throw ExitCode(ExitStatus.checkFailed) }
    }
}

struct CertPickCommand: CheckedAgainstCodes {
    static let configuration = CommandConfiguration(
        commandName: "pick",
        abstract: "Choose the .p12 to install from a folder (Downloads) by content, and say why not the others."
    )

    @Argument(help: "The folder to look in.") var folder: String
    @OptionGroup var codes: SuccessionCodeOptions
    @OptionGroup var pinOptions: PINOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let inputs = try CertificateInputs(codes, pinOptions, language: language)
        let progress = output.json ? nil : Progress.bar(label: Phrase.checking(language))
        let pick: CertificatePicker.Pick
        do {
            pick = try CertificatePicker.pick(
                in: FilePath(folder),
                newCode: inputs.newCode,
                oldCode: inputs.oldCode,
                pin: inputs.pin,
                at: inputs.date,
                progress: progress
            )
        } catch {
            throw UsageFailure(message: error.cliMessage(in: language))
        }
        Progress.finish()
        CertificateRenderer(language: language, json: output.json).render(pick)
        if pick.chosen == nil { throw ExitCode(ExitStatus.checkFailed) }
    }
}

struct CertBackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy a .p12 into the backup folder, verified, mode 0600, never overwriting, with a manifest.",
        discussion: """
            With --rewrap the backup is written with a new passphrase (asked twice without echo, or \
            --new-pin-file FILE, or SUCCESSION_NEW_PIN) using AES-256-CBC, PBKDF2-HMAC-SHA256 and a SHA-256 MAC.
            """
    )

    @Argument(help: "The .p12 file.") var file: String
    @Option(name: .long, help: "The backup folder (default: ~/Desktop/\(CertificateBackup.defaultFolderName)).")
    var to: String?
    @Flag(name: .long, help: "Store the backup re-wrapped with a new, strong passphrase.") var rewrap = false
    @Option(name: .long, help: "A file whose first line is the new passphrase (with --rewrap).") var newPinFile: String?
    @OptionGroup var pinOptions: PINOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let pin = try pinOptions.pin(language: language)
        let renderer = CertificateRenderer(language: language, json: output.json)
        let opened = try CertificateFile.openOrExplain(file, pin: pin, renderer: renderer)
        let bundle = opened.bundle
        let passphrase = rewrap ? try NewPassphrase.read(file: newPinFile, language: language) : nil
        let folder =
            to.map(FilePath.init(_:))
            ?? CertificateBackup.defaultFolder(
                onDesktop: FilePath(ProcessInfo.processInfo.environment["HOME"] ?? ".").appending("Desktop")
            )
        do {
            let result = try CertificateBackup.backup(
                bytes: opened.bytes,
                fileName: URL(fileURLWithPath: file).lastPathComponent,
                bundle: bundle,
                to: folder,
                rewrappedWith: passphrase
            )
            renderer.render(result)
        } catch {
            renderer.render(file: file, bundle: nil, problems: error.problems)
            throw ExitCode(ExitStatus.of(error))
        }
    }
}

struct CertRewrapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrap",
        abstract: "Write a new .p12 with a new passphrase and modern algorithms, verified by reopening it."
    )

    @Argument(help: "The .p12 file.") var file: String
    @Option(name: .long, help: "The new file (never overwritten).") var out: String
    @Option(
        name: .long,
        help: "A file whose first line is the new passphrase (else SUCCESSION_NEW_PIN, else a prompt)."
    )
    var newPinFile: String?
    @OptionGroup var pinOptions: PINOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let pin = try pinOptions.pin(language: language)
        let renderer = CertificateRenderer(language: language, json: output.json)
        let bundle = try CertificateFile.openOrExplain(file, pin: pin, renderer: renderer).bundle
        let passphrase = try NewPassphrase.read(file: newPinFile, language: language)
        do {
            let bytes = try bundle.rewrapped(passphrase: passphrase)
            try AtomicFile.write(bytes, to: out, replace: false)
            let written = try PKCS12Bundle(contentsOf: FilePath(out), pin: passphrase)
            renderer.render(file: out, bundle: written, problems: written.problems)
        } catch {
            renderer.render(file: file, bundle: nil, problems: error.problems)
            throw ExitCode(ExitStatus.of(error))
        }
    }
}

/// The new passphrase of a re-wrap.
enum NewPassphrase {
    static func read(file: String?, language: Language) throws -> CertificatePIN {
        let passphrase = try SecretInput.read(
            file: file,
            environment: "SUCCESSION_NEW_PIN",
            option: "--new-pin-file",
            prompt: Phrase.newPassphrasePrompt(language),
            confirmPrompt: Phrase.newPassphraseAgainPrompt(language),
            language: language
        )
        guard !passphrase.isEmpty else {
            throw UsageFailure(message: Phrase.emptyPassphrase(language))
        }
        return passphrase
    }
}

struct CertRecoverPINCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover-pin",
        abstract: "Find the forgotten 4-digit PIN of a .p12 you own (MAC check only, all cores).",
        discussion: """
            The PIN is shown only on a terminal, or in --json when asked. Afterwards, re-wrap the backup \
            with a strong passphrase (succession cert rewrap): a 4-digit PIN is found in seconds.
            """
    )

    @Argument(help: "The .p12 file.") var file: String
    @Option(name: .long, help: "Threads, 1 to 4 per core (default: one per core).") var threads: Int?
    @Option(name: .long, help: "Give up cleanly after this many seconds (at most a week, 604800).")
    var maxSeconds: Double?
    @OptionGroup var output: OutputOptions

    /// The longest --max-seconds: a week.
    static let mostSeconds: Double = 604_800

    func validate() throws {
        try UsageFailure.validating {
            let language = output.language
            // A finite number within a week: `inf`, `nan` or 1e16 never reach a conversion to
            // whole milliseconds (which would trap past Int64's range).
            if let maxSeconds, !(maxSeconds > 0 && maxSeconds <= Self.mostSeconds) {
                throw UsageFailure(message: Phrase.maxSecondsRange(most: Int(Self.mostSeconds))(language))
            }
            let most = ProcessInfo.processInfo.activeProcessorCount * 4
            if let threads, !(1...most).contains(threads) {
                throw UsageFailure(message: Phrase.threadsRange(most: most)(language))
            }
        }
    }

    func run() throws {
        let language = output.language
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(file, limit: FileBytes.Limit.certificate) } catch {
            throw UsageFailure(message: error.cliMessage(in: language))
        }
        let bar = output.json ? nil : Progress.bar(label: Phrase.searching(language))
        let renderer = ProblemRenderer(language: language, json: output.json)
        // The estimate first, from this file's iteration count and this machine's speed.
        let estimate = try attempt(renderer) { () throws(SuccessionError) in
            try PINRecovery.estimate(bytes, threads: threads)
        }
        let seconds = Double(estimate.components.seconds) + Double(estimate.components.attoseconds) / 1e18
        if !output.json { Output.error.write(Phrase.estimate(seconds)(language)) }
        Output.error.flush()
        let limit = maxSeconds.map { Duration.milliseconds(Int64($0 * 1000)) }
        let result = try attempt(renderer) { () throws(SuccessionError) in
            try PINRecovery.recover(bytes, threads: threads, timeLimit: limit, progress: bar)
        }
        Progress.finish()
        if !output.json, !result.droppedKernels.isEmpty {
            Output.error.write(Phrase.kernelsDropped(result.droppedKernels.map(\.rawValue))(language))
        }
        // Which loop searched and how fast it runs here, in every --json outcome: the benchmark
        // reads it from a search that finds nothing.
        let search = Self.searchFields(result)
        if result.timedOut {
            renderer.render(
                [
                    Problem(
                        .pkcs12PINTimeLimit,
                        values: [.count: String(result.tried), .limit: String(maxSeconds ?? 0)]
                    )
                ],
                fields: search.merging(["found": .bool(false), "timedOut": .bool(true)]) { $1 }
            )
            throw ExitCode(ExitStatus.checkFailed)
        }
        guard let pin = result.pin else {
            renderer.render(
                [Problem(.pkcs12PINNotFound, values: [.count: String(result.tried)])],
                fields: search.merging(["found": .bool(false)]) { $1 }
            )
            throw ExitCode(ExitStatus.checkFailed)
        }
        let advice =
            Phrase.rewrapAdvice(language)
        if output.json {
            renderer.render(
                [],
                fields: search.merging([
                    "found": .bool(true), "pin": .string(pin.revealedDigits), "tried": .int(result.tried),
                ]) { $1 }
            )
        } else if isatty(1) == 1 {
            Output.standard.write(Phrase.recoveredPIN(language) + pin.revealedDigits)
            Output.standard.write(advice)
        } else {
            Output.standard.write(
                Phrase.recoveredPINHidden(language)
            )
            Output.standard.write(advice)
        }
    }
}

extension CertRecoverPINCommand {
    /// The method, and for a MAC search the kernel, the MAC's digest, the kernel's measured
    /// nanoseconds per compression on this machine and the kernels dropped because their digests
    /// differed from OpenSSL's (an empty list when every kernel proved itself).
    static func searchFields(_ result: PINRecovery.Outcome) -> [String: JSONValue] {
        var fields: [String: JSONValue] = ["method": .string(result.method.rawValue)]
        if let kernel = result.kernel {
            fields["kernel"] = .string(kernel.rawValue)
            fields["droppedKernels"] = .array(result.droppedKernels.map { .string($0.rawValue) })
        }
        if let digest = result.digest { fields["digest"] = .string(digest.rawValue) }
        if let speed = result.nanosecondsPerCompression {
            fields["nsPerCompression"] = .encodable((speed * 10).rounded() / 10)  // 0.1 ns: more is noise
        }
        return fields
    }
}

extension Phrase {
    static func kernelsDropped(_ names: [String]) -> Phrase {
        let list = names.joined(separator: ", ")
        return Phrase(
            "注意: この CPU では計算ループ \(list) の結果が OpenSSL と一致しなかったため、使わずに探しました。",
            "Note: on this CPU the loop(s) \(list) gave digests other than OpenSSL's and were not used for the search."
        )
    }
}

/// `--ca FILE`: a root CA certificate to verify chains against; a file without one is bad usage.
enum TrustAnchorFile {
    /// A file that cannot be read, or holds no certificate, is a usage error (exit 2).
    static func read(_ path: String, language: Language) throws -> TrustAnchor {
        do throws(SuccessionError) {
            return try TrustAnchor(contentsOf: FilePath(path))
        } catch {
            throw UsageFailure(message: error.cliMessage(in: language))
        }
    }
}
