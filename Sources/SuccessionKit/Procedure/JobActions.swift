import Foundation

/// The automatic steps' actions. Each is idempotent: run twice, it changes nothing the second
/// time (a removed certificate is gone, a backup is already present, a code already set).
extension JobRunner {
    func action(_ id: SuccessionStep.ID, job: Job) throws(SuccessionError) -> ([String: String], [Problem]) {
        switch id {
        case .s1: return checkNotice(job)
        case .s3: return try unbindReaders(job)
        case .s4: return try removeOldCertificates(job)
        case .s5: return try initializeReaders()
        case .s6: return try downloadAndBackUp(job)
        case .s7: return try install(job)
        case .s8: return try confirmInstalled(job)
        case .s10: return try setCredential(job)
        case .s12: return try bindReaders(job)
        default: return ([:], [])
        }
    }

    /// ① The notice must be for the new code, valid, and its download site open.
    private func checkNotice(_ job: Job) -> ([String: String], [Problem]) {
        let problems = job.notice.check(newCode: job.newCode, oldCode: job.oldCode, at: now())
        var evidence = ["issuedTo": job.notice.issuedTo ?? ""]
        if let expiry = job.notice.downloadExpiry { evidence["downloadExpiry"] = ISO8601.string(expiry) }
        return (evidence, problems)
    }

    /// ③ Note every reader's serial, then remove each from the login-name tool — only once it
    /// is unplugged (未接続).
    private func unbindReaders(_ job: Job) throws(SuccessionError) -> ([String: String], [Problem]) {
        let readers = try terminal.readers.readers()
        // Serials noted on an earlier, failed attempt count too: those readers may be gone.
        let earlier = job.events.filter { $0.step == .s3 }.compactMap { $0.evidence["serials"] }
            .flatMap { $0.split(separator: ",").map(String.init) }
        let serials = Set(earlier + readers.map(\.serial.rawValue)).sorted()
        var problems: [Problem] = []
        for reader in readers {
            do {
                _ = try terminal.readers.remove(reader.serial)
            } catch {
                problems += error.problems
            }
        }
        return (["serials": serials.joined(separator: ","), "count": String(serials.count)], problems)
    }

    /// ④ Archive every Online Billing certificate that is not for the new code.
    private func removeOldCertificates(_ job: Job) throws(SuccessionError) -> ([String: String], [Problem]) {
        let old = try terminal.certificates.onlineBillingCertificates().filter {
            $0.certificate.institutionCode != job.newCode
        }
        _ = try terminal.certificates.removeCertificates(notFor: job.newCode)
        return (["removed": old.map(\.certificate.sha256).joined(separator: ","), "count": String(old.count)], [])
    }

    /// ⑤ Say how many readers will be unbound, then archive ReaderInfo.ini.
    private func initializeReaders() throws(SuccessionError) -> ([String: String], [Problem]) {
        let impact = try terminal.readers.initializationImpact()
        let done = try terminal.readers.initialize()
        return (
            [
                "unbound": done.unbound.map(\.rawValue).joined(separator: ","),
                "readerInfoArchived": String(impact.readerInfoExists),
            ],
            impact.problems
        )
    }

    /// ⑥ Choose the new `.p12` in Downloads by content and back it up, verified, to the desktop.
    private func downloadAndBackUp(_ job: Job) throws(SuccessionError) -> ([String: String], [Problem]) {
        guard let pin = inputs.pin else { return ([:], [Problem(.jobInputMissing, values: [.field: "pin"])]) }
        let report = progress
        let step = SuccessionProcedure.step(.s6)
        let pick = try CertificatePicker.pick(
            in: terminal.layout.path(.downloads),
            newCode: job.newCode,
            oldCode: job.oldCode,
            pin: pin,
            at: now(),
            progress: report.map { report in
                { @Sendable done, total in report(.working(step, done: done, total: total)) }
            }
        )
        guard let chosen = pick.chosen else {
            let problems = pick.candidates.flatMap { candidate in
                candidate.problems.map { $0.inRow((candidate.path as NSString).lastPathComponent) }
            }
            return (
                ["candidates": String(pick.candidates.count)],
                problems.isEmpty ? [Problem(.jobNoCertificateFile)] : problems
            )
        }
        let bytes = try FileBytes.read(chosen)
        let bundle = try PKCS12Bundle(bytes: bytes, pin: pin)
        let backup = try CertificateBackup.backup(
            bytes: bytes,
            fileName: (chosen as NSString).lastPathComponent,
            bundle: bundle,
            to: terminal.layout.backupFolder,
            date: now()
        )
        let others = pick.candidates.filter { $0.path != chosen }.map { ($0.path as NSString).lastPathComponent }
        return (
            [
                "file": terminal.layout.relative(chosen), "certificateSHA256": bundle.certificate.sha256,
                "fileSHA256": backup.record.fileSHA256, "backupPath": terminal.layout.relative(backup.path),
                "backupVerified": "true", "notBefore": ISO8601.string(bundle.certificate.notBefore),
                "notAfter": ISO8601.string(bundle.certificate.notAfter), "subject": bundle.certificate.subject.rfc2253,
                "notChosen": others.joined(separator: ","),
            ],
            bundle.verify(newCode: job.newCode, oldCode: job.oldCode, at: now(), pin: pin).filter {
                $0.severity == .warning
            }
        )
    }

    /// ⑦ Install the file ⑥ chose and backed up, with the manual's import options.
    private func install(_ job: Job) throws(SuccessionError) -> ([String: String], [Problem]) {
        let chosen = job.evidence(of: .s6)
        guard chosen["backupVerified"] == "true", let file = chosen["file"] else {
            return ([:], [Problem(.jobPrecondition, values: [.found: "7", .missing: "6"])])
        }
        guard let pin = inputs.pin else { return ([:], [Problem(.jobInputMissing, values: [.field: "pin"])]) }
        let bytes = try FileBytes.read(terminal.layout.root + "/" + file)
        let bundle = try PKCS12Bundle(bytes: bytes, pin: pin)
        guard bundle.certificate.sha256 == chosen["certificateSHA256"] else {
            return ([:], [Problem(.jobFileChanged, values: [.path: file])])
        }
        do {
            let installed = try terminal.certificates.install(
                bundle,
                bytes: bytes,
                newCode: job.newCode,
                oldCode: job.oldCode,
                at: now(),
                options: .manual
            )
            return (["sha256": installed.certificate.sha256, "options": "manual"], [])
        } catch {
            return ([:], error.problems)
        }
    }

    /// ⑧ The store holds the new certificate and no other Online Billing one.
    private func confirmInstalled(_ job: Job) throws(SuccessionError) -> ([String: String], [Problem]) {
        let expected = job.evidence(of: .s6)["certificateSHA256"]
        let installed = try terminal.certificates.onlineBillingCertificates()
        var problems: [Problem] = []
        if !installed.contains(where: { $0.certificate.sha256 == expected }) {
            problems.append(Problem(.terminalNoNewCertificate, values: [.expected: job.newCode.digits]))
        }
        for leftover in installed where leftover.certificate.institutionCode != job.newCode {
            problems.append(
                Problem(
                    .terminalLeftoverCertificate,
                    values: [
                        .found: leftover.certificate.institutionCode?.digits ?? "?",
                        .detail: leftover.certificate.sha256,
                    ]
                )
            )
        }
        return (["sha256": expected ?? ""], problems)
    }

    /// ⑩ Set OQS_MEDICAL_INSTITUTION_CODE; the value before is evidence (it is not a secret).
    private func setCredential(_ job: Job) throws(SuccessionError) -> ([String: String], [Problem]) {
        var problems: [Problem] = []
        if let key = try terminal.credentials.loginKey(), let accounts = AccountSet(code: job.newCode) {
            problems += accounts.check(ids: [], loginKeyUser: key.userName)
        }
        let change = try terminal.credentials.setInstitutionCode(job.newCode)
        return (["before": change.before ?? "", "after": change.after], problems)
    }

    /// ⑫ Bind the face-auth account to every reader noted in ③, each then 接続中.
    private func bindReaders(_ job: Job) throws(SuccessionError) -> ([String: String], [Problem]) {
        guard let password = inputs.facePassword else {
            return ([:], [Problem(.jobInputMissing, values: [.field: "facePassword"])])
        }
        let noted =
            job.evidence(of: .s3)["serials"]?.split(separator: ",").map { ReaderSerialNumber(rawValue: String($0)) }
            ?? []
        let serials = noted.isEmpty ? try terminal.readers.readers().map(\.serial) : noted
        var bound: [String] = []
        var problems: [Problem] = []
        for serial in serials {
            if let current = try terminal.readers.readers().first(where: { $0.serial == serial }), current.isBound {
                bound.append(serial.rawValue)
                continue
            }
            do {
                let binding = try terminal.readers.add(serial, loginName: UserID.faceAuth.rawValue, password: password)
                if binding.isBound { bound.append(serial.rawValue) }
            } catch {
                problems += error.problems
            }
        }
        if serials.isEmpty { problems.append(Problem(.readerNone)) }
        return (["bound": bound.joined(separator: ","), "loginName": UserID.faceAuth.rawValue], problems)
    }
}

extension ProblemCode {
    /// ⑥ found no `.p12` at all in Downloads.
    public static let jobNoCertificateFile = ProblemCode(rawValue: "job.noCertificateFile")
    /// The chosen file changed between ⑥ and ⑦.
    public static let jobFileChanged = ProblemCode(rawValue: "job.fileChanged")
}
