public import Foundation
public import SuccessionKit
public import SystemPackage

/// A sandbox terminal as a technician finds it before a succession: the old code's certificate
/// installed, the credentials on the old code, two card readers bound (with ReaderInfo.ini),
/// Downloads holding the old and the new `.p12`, and the notice of the new code. Certificates
/// are made in-process with OpenSSL, with dates around `now`.
public struct SandboxScenario: Sendable {
    /// The sandbox terminal, as found before the succession.
    public let terminal: Terminal
    /// The code the terminal is on: its certificate's, its credential's.
    public let oldCode: MedicalInstitutionCode
    /// The code it moves to: the notice's and the new `.p12`'s.
    public let newCode: MedicalInstitutionCode
    /// The notice of the new code, read from ``noticeText``.
    public let notice: CertificateIssueNotice
    /// The notice as the paper's text (also written to the desktop as 通知書.txt).
    public let noticeText: String
    /// The two card readers bound to the face-auth account (`CAORA-000101`, `CAORA-000102`).
    public let readerSerials: [ReaderSerialNumber]
    /// The old certificate, installed in the personal store.
    public let oldCertificate: CertificateSummary
    /// The new certificate, in Downloads beside the old `.p12`.
    public let newCertificate: CertificateSummary
    /// The old certificate's `.p12` in Downloads (what a practice Windows terminal imports).
    public let oldCertificateFile: FilePath

    /// Plugs the scenario's card readers in or out, as the technician does by hand: out before
    /// ③ (a reader still plugged in is never removed: `reader.connected`), in again before ⑫
    /// 【工事手順③⑫】.
    public func plugReaders(_ pluggedIn: Bool) throws(SuccessionError) {
        let readers = SandboxReaderBindingStore(layout: terminal.layout)
        for serial in readerSerials { try readers.setPluggedIn(serial, pluggedIn) }
    }

    /// The notice's file on the sandbox's desktop.
    public var noticeFile: FilePath { terminal.layout.path(.desktop).appending(Self.noticeFileName) }
    private static let noticeFileName = "通知書.txt"

    /// The demo's scenario under `root`: a Hokkaido clinic's code (0110113719) changing to a
    /// Tokyo one's (1310110049), both `.p12` files opened by `pin` — what `succession demo` works on.
    public static func demo(
        root: FilePath,
        pin: CertificatePIN,
        now: Date = Date()
    ) throws(SuccessionError)
        -> SandboxScenario
    {
        try make(
            root: root,
            oldCode: MedicalInstitutionCode(parsing: "0110113719"),
            newCode: MedicalInstitutionCode(parsing: "1310110049"),
            pin: pin,
            now: now
        )
    }

    /// Builds the scenario under `root` (created when missing).
    ///
    /// - Parameters:
    ///   - root: the folder that stands for the terminal's disk.
    ///   - oldCode: the code the terminal is on.
    ///   - newCode: the code of the notice and the new certificate.
    ///   - pin: the 証明書パスワード of both `.p12` files.
    ///   - now: the time the dates are made around (the new certificate issued yesterday).
    public static func make(
        root: FilePath,
        oldCode: MedicalInstitutionCode,
        newCode: MedicalInstitutionCode,
        pin: CertificatePIN,
        now: Date = Date()
    ) throws(SuccessionError) -> SandboxScenario {
        let terminal = try Terminal.sandbox(root: root)
        let layout = terminal.layout
        let factory = try CertificateFactory(start: now.addingTimeInterval(-5 * 365 * JapanTime.secondsPerDay))
        let day = JapanTime.secondsPerDay
        // The old certificate: issued three years ago, legacy algorithms, as older downloads are.
        let old = try factory.makePKCS12(
            code: oldCode,
            pin: pin,
            start: now.addingTimeInterval(-3 * 365 * day),
            end: now.addingTimeInterval(90 * day),
            legacy: true
        )
        // The new one: validity 3 years 3 months from the notice's issue date (yesterday).
        let issued = now.addingTimeInterval(-day)
        let new = try factory.makePKCS12(
            code: newCode,
            pin: pin,
            start: issued,
            end: issued.addingTimeInterval((3 * 365 + 91) * day)
        )
        let downloads = layout.path(.downloads)
        let oldFile = downloads.appending("\(Self.fileName(now.addingTimeInterval(-3 * 365 * day))).p12")
        try AtomicFile.write(old, to: oldFile.string, replace: true)
        try AtomicFile.write(new, to: downloads.appending("\(Self.fileName(now)).p12").string, replace: true)

        // The manual's initialization tool is there, as on a real terminal 【工事手順⑤】.
        try AtomicFile.write(
            Array("@echo off\r\nrem sandbox stand-in for InitializeFace.bat\r\n".utf8),
            to: layout.path(.work).appending("InitializeFace.bat").string,
            replace: true,
            mode: 0o644
        )
        try SandboxCertificateStore(layout: layout).seed(
            PKCS12Bundle(bytes: old, pin: pin),
            bytes: old,
            at: now.addingTimeInterval(-3 * 365 * day)
        )
        let terminalKind = oldCode.terminalKind ?? .medicalDental
        try SandboxCredentialStore(layout: layout).seed(
            institutionCode: oldCode.digits,
            loginKey: LoginKey(userName: terminalKind.linkageAccountID, password: PasswordPolicy.generate())
        )
        let serials = [ReaderSerialNumber(rawValue: "CAORA-000101"), ReaderSerialNumber(rawValue: "CAORA-000102")]
        try SandboxReaderBindingStore(layout: layout).seed(bound: serials)

        let noticeText = """
            電子証明書取得に関する情報
            発行者\t\(KnownIssuer.onlineBillingNWCommonRootCA)
            発行先\t\(newCode.digits)
            端末名称\t総合受付
            電子証明書ダウンロードサイトリクエストID\t\(Self.digits(15, seed: newCode.digits))
            電子証明書ダウンロードサイトリファレンスID\tDEMO\(Self.digits(6, seed: oldCode.digits))
            電子証明書有効期間\t\(Self.slash(issued))~\(Self.slash(issued.addingTimeInterval((3 * 365 + 91) * day)))
            電子証明書ダウンロードサイト有効期限\t\(Self.slash(issued.addingTimeInterval(180 * day)))

            """
        try AtomicFile.write(
            Array(noticeText.utf8),
            to: layout.path(.desktop).appending(Self.noticeFileName).string,
            replace: true,
            mode: 0o644
        )
        return SandboxScenario(
            terminal: terminal,
            oldCode: oldCode,
            newCode: newCode,
            notice: CertificateIssueNotice.read(text: noticeText).notice,
            noticeText: noticeText,
            readerSerials: serials,
            oldCertificate: try PKCS12Bundle(bytes: old, pin: pin).certificate,
            newCertificate: try PKCS12Bundle(bytes: new, pin: pin).certificate,
            oldCertificateFile: oldFile
        )
    }

    private static func fileName(_ date: Date) -> String {
        String(Int(date.timeIntervalSince1970))
    }

    private static func slash(_ date: Date) -> String {
        JapanTime.day(date)
    }

    private static func digits(_ count: Int, seed: String) -> String {
        String(String(repeating: seed, count: count / max(seed.count, 1) + 1).prefix(count))
    }
}
