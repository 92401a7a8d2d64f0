// The `agent.*` problem codes: one per error code of the Windows agent's protocol 1
// (Windows/Agent/PROTOCOL.md, "Error codes"), and the Swift side's own (the process, the reply,
// the archive policies of ④). The set is closed: a new code is one line here and its messages
// in AgentMessages.swift.

extension ProblemCode {
    /// The agent could not read a request (not JSON, a duplicate member, a bad `id` or `op`): a bug of this program
    /// or an agent of another version. Values: field (the op), win32, detail.
    public static let agentRequestMalformed = ProblemCode(rawValue: "agent.request.malformed")
    /// A request was over the agent's 1 MiB line limit. Values: field, win32, detail.
    public static let agentRequestTooLarge = ProblemCode(rawValue: "agent.request.tooLarge")
    /// The agent does not know the op (an older agent). Values: field, win32, detail.
    public static let agentRequestUnknownOp = ProblemCode(rawValue: "agent.request.unknownOp")
    /// The agent refused a field the op does not take (an older agent). Values: field, win32, detail.
    public static let agentRequestUnknownField = ProblemCode(rawValue: "agent.request.unknownField")
    /// A field was missing or of the wrong form. Values: field, win32, detail (names the field).
    public static let agentRequestBadField = ProblemCode(rawValue: "agent.request.badField")
    /// The agent does not speak the protocol version asked for. Values: field, win32, detail.
    public static let agentRequestUnsupportedProtocol = ProblemCode(rawValue: "agent.request.unsupportedProtocol")
    /// The agent ran out of memory or CryptoAPI failed: a bug or a broken system. Values: field, win32, detail.
    public static let agentInternal = ProblemCode(rawValue: "agent.internal")
    /// The agent refused a path (a link or junction on the way, a forbidden name, outside OQS-Auth). Values: field,
    /// win32, detail.
    public static let agentPathRefused = ProblemCode(rawValue: "agent.path.refused")
    /// A certificate store of the logged-in user would not open. Values: field, win32, detail.
    public static let agentCertStoreFailed = ProblemCode(rawValue: "agent.cert.storeFailed")
    /// No certificate with that thumbprint in the personal store (CurrentUser\\MY). Values: field, win32, detail.
    public static let agentCertNotFound = ProblemCode(rawValue: "agent.cert.notFound")
    /// The certificate to remove is on the keep list (the new certificate ⑦ installed): nothing was removed. Values:
    /// field, win32, detail.
    public static let agentCertKept = ProblemCode(rawValue: "agent.cert.kept")
    /// Deleting the certificate, committing the store or reading its absence back failed. Values: field, win32,
    /// detail.
    public static let agentCertRemoveFailed = ProblemCode(rawValue: "agent.cert.removeFailed")
    /// The certificate has no private key to export. Values: field, win32, detail.
    public static let agentCertNoPrivateKey = ProblemCode(rawValue: "agent.cert.noPrivateKey")
    /// The certificate's private key is marked not exportable. Values: field, win32, detail.
    public static let agentCertNotExportable = ProblemCode(rawValue: "agent.cert.notExportable")
    /// Exporting the certificate with its key, or verifying the export, failed (always under Wine 8, whose
    /// PFXExportCertStoreEx is a stub). Values: field, win32, detail.
    public static let agentCertExportFailed = ProblemCode(rawValue: "agent.cert.exportFailed")
    /// The file is not a PKCS#12 file. Values: field, win32, detail.
    public static let agentCertBadPfx = ProblemCode(rawValue: "agent.cert.badPfx")
    /// Windows refused the 証明書パスワード. Values: field, win32, detail.
    public static let agentCertWrongPassword = ProblemCode(rawValue: "agent.cert.wrongPassword")
    /// The import failed (under Wine 8 a wrong 証明書パスワード is this, with win32 0). Values: field, win32, detail.
    public static let agentCertImportFailed = ProblemCode(rawValue: "agent.cert.importFailed")
    /// The `.p12` does not hold exactly one certificate with a private key. Values: field, win32, detail.
    public static let agentCertUnexpectedContent = ProblemCode(rawValue: "agent.cert.unexpectedContent")
    /// The agent serves no such credential, or refuses to write OQS_LOGIN_KEY. Values: field, win32, detail.
    public static let agentCredRefused = ProblemCode(rawValue: "agent.cred.refused")
    /// No such generic credential. Values: field, win32, detail.
    public static let agentCredNotFound = ProblemCode(rawValue: "agent.cred.notFound")
    /// The credential to create exists already. Values: field, win32, detail.
    public static let agentCredExists = ProblemCode(rawValue: "agent.cred.exists")
    /// The value is not allowed (OQS_MEDICAL_INSTITUTION_CODE takes 10 ASCII digits) or cannot be stored. Values:
    /// field, win32, detail.
    public static let agentCredBadValue = ProblemCode(rawValue: "agent.cred.badValue")
    /// The credential's value is neither UTF-16LE nor ANSI text: it is never rewritten. Values: field, win32, detail.
    public static let agentCredUnknownEncoding = ProblemCode(rawValue: "agent.cred.unknownEncoding")
    /// The credential no longer holds the value the job recorded before: nothing was written. Values: field, win32,
    /// detail; found and expected when the store compared them itself.
    public static let agentCredValueChanged = ProblemCode(rawValue: "agent.cred.valueChanged")
    /// Reading the credential failed. Values: field, win32, detail.
    public static let agentCredReadFailed = ProblemCode(rawValue: "agent.cred.readFailed")
    /// Writing the credential failed. Values: field, win32, detail.
    public static let agentCredWriteFailed = ProblemCode(rawValue: "agent.cred.writeFailed")
    /// The credential read back differs from what was written. Values: field, win32, detail.
    public static let agentCredVerifyFailed = ProblemCode(rawValue: "agent.cred.verifyFailed")
    /// The file under OQS-Auth (or the `.p12`) does not exist. Values: field, win32, detail.
    public static let agentFileNotFound = ProblemCode(rawValue: "agent.file.notFound")
    /// The named archive copy does not exist. Values: field, win32, detail.
    public static let agentFileNoArchive = ProblemCode(rawValue: "agent.file.noArchive")
    /// Two digests differ: nothing was changed. Values: field, win32, detail.
    public static let agentFileDigestMismatch = ProblemCode(rawValue: "agent.file.digestMismatch")
    /// A different file is at the destination already. Values: field, win32, detail.
    public static let agentFileDestinationExists = ProblemCode(rawValue: "agent.file.destinationExists")
    /// Windows refused access to the file (win32 5). Values: field, win32, detail.
    public static let agentFileAccessDenied = ProblemCode(rawValue: "agent.file.accessDenied")
    /// The file is over 1 MiB. Values: field, win32, detail.
    public static let agentFileTooLarge = ProblemCode(rawValue: "agent.file.tooLarge")
    /// Reading or writing a file failed. Values: field, win32, detail.
    public static let agentFileIoFailed = ProblemCode(rawValue: "agent.file.ioFailed")
    /// The written file read back differs. Values: field, win32, detail.
    public static let agentFileVerifyFailed = ProblemCode(rawValue: "agent.file.verifyFailed")
    /// The batch or tool is not there (C:\\Work\\InitializeFace.bat, OQSComAppRestart). Values: field, win32, detail.
    public static let agentRunNotFound = ProblemCode(rawValue: "agent.run.notFound")
    /// The batch or tool could not be started. Values: field, win32, detail.
    public static let agentRunStartFailed = ProblemCode(rawValue: "agent.run.startFailed")
    /// The batch or tool did not finish in time. Values: field, win32, detail.
    public static let agentRunTimeout = ProblemCode(rawValue: "agent.run.timeout")
    /// The elevation prompt was answered いいえ. Values: field, win32, detail.
    public static let agentRunCancelled = ProblemCode(rawValue: "agent.run.cancelled")
    /// The agent answered with an error code this program does not know (a newer agent). Values: field, found (the
    /// agent's code), win32, detail.
    public static let agentUnknownError = ProblemCode(rawValue: "agent.unknownError")
    /// The agent's command could not be started (no such program). Values: path (the program), reason, errno.
    public static let agentNotStarted = ProblemCode(rawValue: "agent.notStarted")
    /// The agent's process ended (or closed its output) before it answered; the next call starts it again. Values:
    /// field (the op), count (the exit status, when known), detail (what the agent's process wrote on standard error
    /// before it answered its first request, when it never did).
    public static let agentExited = ProblemCode(rawValue: "agent.exited")
    /// The agent did not answer in time and was stopped; the next call starts it again. What the request was to
    /// change may have happened: the job reconciles it. Values: field (the op), limit (seconds).
    public static let agentTimeout = ProblemCode(rawValue: "agent.timeout")
    /// The agent speaks another protocol version than 1. Values: found, expected.
    public static let agentProtocolMismatch = ProblemCode(rawValue: "agent.protocolMismatch")
    /// A reply was not protocol 1's (not JSON, another id, a missing field); the agent is stopped and the next call
    /// starts it again. Values: field (the op), detail.
    public static let agentBadReply = ProblemCode(rawValue: "agent.badReply")
    /// A local path cannot be given to the agent: not absolute, or the agent runs neither under Wine nor on this
    /// Windows. Values: path.
    public static let agentPathUnmappable = ProblemCode(rawValue: "agent.pathUnmappable")
    /// A warning: the agent runs elevated on Windows, so it sees the administrator's certificates and credentials,
    /// not the logged-in user's. Start it as the logged-in user.
    public static let agentElevated = ProblemCode(rawValue: "agent.elevated")
    /// ④ stopped before removing anything: the certificate's private key could not be archived in a way that restores
    /// (a PFX with its key, verified). Values: found (発行先), detail (thumbprint), reason (the agent's code), win32.
    public static let agentKeyNotArchived = ProblemCode(rawValue: "agent.keyNotArchived")
    /// Undoing ④ cannot bring the certificate back: it was archived without its private key (`.cer`), with the
    /// person's reason. Values: found (発行先), detail (thumbprint), path (the `.cer`), reason (the reason given).
    public static let agentKeyNotRestorable = ProblemCode(rawValue: "agent.keyNotRestorable")
    /// An archive copy the Windows agent wrote does not match what the agent reported, or does not open as the
    /// certificate with its key. Values: path, detail.
    public static let agentArchiveDamaged = ProblemCode(rawValue: "agent.archiveDamaged")
    /// The archive copy an undo needs is not there. Values: path.
    public static let agentArchiveMissing = ProblemCode(rawValue: "agent.archiveMissing")
    /// The certificate the import put into the personal store is not the one asked for. Values: found, expected
    /// (thumbprints).
    public static let agentImportMismatch = ProblemCode(rawValue: "agent.importMismatch")
    /// ⑤ InitializeFace.bat ended without saying 初期化完了 (or with an exit code other than 0),
    /// and there is no ReaderInfo.ini to delete instead. Values: field (the op), count (the exit
    /// code).
    public static let agentInitializationFailed = ProblemCode(rawValue: "agent.initializationFailed")
    /// An archive without the private key was allowed without a reason: the reason is what the
    /// record keeps of the person's decision.
    public static let agentArchiveReasonMissing = ProblemCode(rawValue: "agent.archiveReasonMissing")
}

extension ProblemCode {
    /// The codes the agent itself sends (protocol 1): a reply's `error.code` is one of these, and
    /// any other is ``agentUnknownError``.
    static let agentProtocolCodes: Set<ProblemCode> = [
        .agentRequestMalformed,
        .agentRequestTooLarge,
        .agentRequestUnknownOp,
        .agentRequestUnknownField,
        .agentRequestBadField,
        .agentRequestUnsupportedProtocol,
        .agentInternal,
        .agentPathRefused,
        .agentCertStoreFailed,
        .agentCertNotFound,
        .agentCertKept,
        .agentCertRemoveFailed,
        .agentCertNoPrivateKey,
        .agentCertNotExportable,
        .agentCertExportFailed,
        .agentCertBadPfx,
        .agentCertWrongPassword,
        .agentCertImportFailed,
        .agentCertUnexpectedContent,
        .agentCredRefused,
        .agentCredNotFound,
        .agentCredExists,
        .agentCredBadValue,
        .agentCredUnknownEncoding,
        .agentCredValueChanged,
        .agentCredReadFailed,
        .agentCredWriteFailed,
        .agentCredVerifyFailed,
        .agentFileNotFound,
        .agentFileNoArchive,
        .agentFileDigestMismatch,
        .agentFileDestinationExists,
        .agentFileAccessDenied,
        .agentFileTooLarge,
        .agentFileIoFailed,
        .agentFileVerifyFailed,
        .agentRunNotFound,
        .agentRunStartFailed,
        .agentRunTimeout,
        .agentRunCancelled,
    ]
}
