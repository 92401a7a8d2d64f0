import Foundation

extension Terminal {
    /// A real terminal worked by a person (`job init … --attended`): each GUI operation of the
    /// manual is shown step by step, the person does it and types back what the screen shows,
    /// and software checks every typed value. ⑥ (pick and back up the new `.p12`) is done by
    /// software, from `downloads` (USB memory or the terminal's Downloads) into `backupFolder`.
    ///
    /// - Parameters:
    ///   - root: a local folder for the job's journal and archive.
    public static func attended(
        root: String,
        person: any AttendedPerson,
        downloads: String,
        backupFolder: String? = nil
    ) throws(SuccessionError) -> Terminal {
        let layout = TerminalLayout(root: root)
        try AtomicFile.createFolder(layout.stateFolder)
        return Terminal(
            layout: layout,
            credentials: AttendedCredentialStore(person: person),
            certificates: AttendedCertificateStore(person: person),
            readers: AttendedReaderBindingStore(person: person),
            downloads: downloads,
            backupFolder: backupFolder ?? CertificateBackup.defaultFolder(onDesktop: root),
            observation: .person
        )
    }
}

/// What the attended stores share: asking, and reading the typical answers.
struct AttendedAsk: Sendable {
    let person: any AttendedPerson

    func ask(
        _ id: AttendedQuestion.ID,
        _ step: String,
        subject: String? = nil,
        _ instructions: LocalizedLines,
        _ prompt: LocalizedLines
    ) throws(SuccessionError) -> String {
        let question = AttendedQuestion(
            id: id,
            step: step,
            subject: subject,
            instructions: instructions,
            prompt: prompt
        )
        guard let text = person.answer(question) else {
            throw SuccessionError(.attendedNoAnswer, values: [.field: id.rawValue])
        }
        return TypedInput.halfWidth(text).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Lines of a list answer; 「なし」/none is the empty list.
    func lines(_ text: String) -> [String] {
        let none = ["なし", "無し", "none", "-", ""]
        if none.contains(text.lowercased()) { return [] }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
    }

    func yes(_ text: String, _ id: AttendedQuestion.ID) throws(SuccessionError) -> Bool {
        switch text.lowercased() {
        case "はい", "yes", "y", "ok", "済", "できた": return true
        case "いいえ", "no", "n", "できない": return false
        default:
            throw SuccessionError(.attendedAnswer, values: [.field: id.rawValue, .found: text, .expected: "はい / いいえ"])
        }
    }

    func state(_ text: String, _ id: AttendedQuestion.ID) throws(SuccessionError) -> CardReaderBinding.State {
        switch text.lowercased().filter({ !$0.isWhitespace }) {
        case "接続中", "connected": return .connected
        case "未接続", "notconnected": return .notConnected
        default:
            throw SuccessionError(.attendedAnswer, values: [.field: id.rawValue, .found: text, .expected: "接続中 / 未接続"])
        }
    }

    func undoByHand(_ what: String) -> SuccessionError {
        SuccessionError(.attendedUndoByHand, values: [.field: what])
    }
}

/// The login-name management tool, worked by a person 【工事手順③⑤⑫】.
struct AttendedReaderBindingStore: ReaderBindingStore {
    let ask: AttendedAsk

    init(person: any AttendedPerson) { ask = AttendedAsk(person: person) }

    func readers() throws(SuccessionError) -> [CardReaderBinding] {
        let text = try ask.ask(
            .readersList,
            "③",
            AttendedInstructions.readersList,
            AttendedInstructions.readersListPrompt
        )
        var readers: [CardReaderBinding] = []
        for line in ask.lines(text) {
            let parts = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard parts.count >= 2 else {
                throw SuccessionError(
                    .attendedAnswer,
                    values: [
                        .field: AttendedQuestion.ID.readersList.rawValue, .found: line, .expected: "CAORA-000101 未接続",
                    ]
                )
            }
            let state = try ask.state(parts.dropFirst().joined(), .readersList)
            // The tool lists readers bound to a login name; which one is not shown in this list.
            readers.append(
                CardReaderBinding(
                    serial: ReaderSerialNumber(rawValue: parts[0]),
                    loginName: UserID.faceAuth.rawValue,
                    state: state
                )
            )
        }
        return readers
    }

    func remove(_ serial: ReaderSerialNumber) throws(SuccessionError) -> TerminalChange {
        let text = try ask.ask(
            .readerRemove,
            "③",
            subject: serial.rawValue,
            AttendedInstructions.readerRemove,
            AttendedInstructions.readerRemovePrompt
        )
        guard try ask.state(text, .readerRemove) == .notConnected else {
            throw SuccessionError(.readerConnected, values: [.found: serial.rawValue])
        }
        return TerminalChange()
    }

    func add(
        _ serial: ReaderSerialNumber,
        loginName: String,
        password: AccountPassword
    ) throws(SuccessionError) -> ReaderAddition {
        let text = try ask.ask(
            .readerAdd,
            "⑫",
            subject: serial.rawValue,
            AttendedInstructions.readerAdd,
            AttendedInstructions.readerAddPrompt
        )
        guard try ask.state(text, .readerAdd) == .connected else {
            throw SuccessionError(.readerNotConnectedAfterAdd, values: [.found: serial.rawValue])
        }
        return ReaderAddition(
            binding: CardReaderBinding(serial: serial, loginName: loginName, state: .connected),
            change: TerminalChange()
        )
    }

    func initializationImpact() throws(SuccessionError) -> ReaderInitializationImpact {
        // A person cannot see the bindings file; ③'s list says how many readers there were.
        ReaderInitializationImpact(readersToUnbind: [], readerInfoExists: true)
    }

    func initialize() throws(SuccessionError) -> ReaderInitialization {
        let text = try ask.ask(
            .readersInitialize,
            "⑤",
            AttendedInstructions.readersInitialize,
            AttendedInstructions.readersInitializePrompt
        )
        let method: ReaderInitialization.Method
        switch text {
        case "1": method = .initializeTool
        case "2": method = .readerInfoDeleted
        default:
            throw SuccessionError(
                .attendedAnswer,
                values: [.field: AttendedQuestion.ID.readersInitialize.rawValue, .found: text, .expected: "1 / 2"]
            )
        }
        return ReaderInitialization(unbound: [], method: method, change: TerminalChange())
    }

    func revert(_ change: TerminalChange) throws(SuccessionError) {
        throw ask.undoByHand("ログイン名管理ツール / login-name management tool")
    }
}

/// 証明書の管理 and the import wizard, worked by a person 【工事手順④⑦⑧】.
struct AttendedCertificateStore: CertificateStore {
    let ask: AttendedAsk

    init(person: any AttendedPerson) { ask = AttendedAsk(person: person) }

    func personal() throws(SuccessionError) -> [InstalledCertificate] {
        let text = try ask.ask(
            .certificatesList,
            "④⑧",
            AttendedInstructions.certificatesList,
            AttendedInstructions.certificatesListPrompt
        )
        var result: [InstalledCertificate] = []
        for line in ask.lines(text) {
            let parts = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard parts.count >= 2, let notAfter = TypedDate.parse(parts[1]) else {
                throw SuccessionError(
                    .attendedAnswer,
                    values: [
                        .field: AttendedQuestion.ID.certificatesList.rawValue, .found: line,
                        .expected: "1310110049 2030/02/27 1a2b3c4d",
                    ]
                )
            }
            let thumbprint = parts.count > 2 ? parts.dropFirst(2).joined() : nil
            result.append(
                InstalledCertificate(
                    issuedTo: parts[0],
                    issuer: KnownIssuer.onlineBillingNWCommonRootCA,
                    notAfter: notAfter,
                    thumbprint: thumbprint,
                    certificate: nil,
                    options: nil,
                    installedAt: nil
                )
            )
        }
        return result
    }

    func trustedRoots() throws(SuccessionError) -> [CertificateSummary] { [] }

    func install(_ request: CertificateImport) throws(SuccessionError) -> CertificateInstallation {
        var instructions = AttendedInstructions.certificateInstall
        if let path = request.filePath {
            instructions = LocalizedLines(
                ja: instructions.japanese + ["ファイル: \(path)"],
                en: instructions.english + ["File: \(path)"]
            )
        }
        let text = try ask.ask(.certificateInstall, "⑦", instructions, AttendedInstructions.yesNoPrompt)
        guard try ask.yes(text, .certificateInstall) else {
            throw SuccessionError(
                .attendedAnswer,
                values: [.field: "certificates.install", .found: text, .expected: "はい"]
            )
        }
        // What the wizard imported is proved in ⑧ by the 拇印 a person reads.
        return CertificateInstallation(
            installed: InstalledCertificate(
                issuedTo: request.newCode.digits,
                issuer: KnownIssuer.onlineBillingNWCommonRootCA,
                notAfter: request.bundle.certificate.notAfter,
                thumbprint: nil,
                certificate: nil,
                options: request.options,
                installedAt: request.date
            ),
            change: TerminalChange()
        )
    }

    func remove(_ certificate: InstalledCertificate) throws(SuccessionError) -> TerminalChange {
        let text = try ask.ask(
            .certificateRemove,
            "④",
            subject: certificate.issuedTo,
            AttendedInstructions.certificateRemove,
            AttendedInstructions.yesNoPrompt
        )
        guard try ask.yes(text, .certificateRemove) else {
            throw SuccessionError(.terminalNoSuchCertificate, values: [.found: certificate.issuedTo])
        }
        return TerminalChange()
    }

    func revert(_ change: TerminalChange) throws(SuccessionError) {
        throw ask.undoByHand("証明書の管理 / certificate store")
    }
}

/// Credential Manager, worked by a person 【工事手順⑩】.
struct AttendedCredentialStore: CredentialStore {
    let ask: AttendedAsk

    init(person: any AttendedPerson) { ask = AttendedAsk(person: person) }

    private static let hidden: Set<String> = ["非表示", "hidden", "見えない"]

    func institutionCode() throws(SuccessionError) -> String? {
        let text = try ask.ask(
            .credentialCurrent,
            "⑩",
            AttendedInstructions.credentialCurrent,
            AttendedInstructions.credentialCodePrompt
        )
        return Self.hidden.contains(text.lowercased()) ? nil : text
    }

    func setInstitutionCode(_ code: MedicalInstitutionCode) throws(SuccessionError) -> CredentialChange {
        let text = try ask.ask(
            .credentialCode,
            "⑩",
            subject: code.digits,
            AttendedInstructions.credentialCode,
            AttendedInstructions.credentialCodePrompt
        )
        // When the field is not shown the value cannot be read back: recorded as such.
        if Self.hidden.contains(text.lowercased()) {
            return CredentialChange(before: nil, after: code.digits, readBack: false, change: TerminalChange())
        }
        return CredentialChange(before: nil, after: text, readBack: true, change: TerminalChange())
    }

    func loginKey() throws(SuccessionError) -> LoginKey? {
        let text = try ask.ask(.loginKeyUser, "⑩", AttendedInstructions.loginKeyUser, AttendedInstructions.loginKeyUser)
        return text.isEmpty ? nil : LoginKey(userName: text, password: AccountPassword(""))
    }

    func revert(_ change: TerminalChange) throws(SuccessionError) {
        throw ask.undoByHand("OQS_MEDICAL_INSTITUTION_CODE")
    }
}
