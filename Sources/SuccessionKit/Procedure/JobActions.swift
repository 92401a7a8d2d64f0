import Foundation

/// The automatic steps' actions, through the terminal's stores only. Each is idempotent: run
/// twice, it changes nothing the second time (a removed certificate is gone, a backup is already
/// present, a code already set). Each records what it changed before it can fail, so that a
/// half-done step can still be undone.
extension JobRunner {
    /// How each step the stores perform is verified when a person does it on the terminal and
    /// types back what it shows (⑥ is software's either way; ⑩ depends on whether the value is shown).
    static let attendedVerification: [SuccessionStep.ID: StepVerification] = [
        .step3: .typedEvidence, .step4: .typedEvidence, .step5: .person, .step7: .person, .step8: .typedEvidence,
        .step12: .typedEvidence,
    ]

    func act(_ id: SuccessionStep.ID, job: inout Job, into outcome: inout StepOutcome) throws(SuccessionError) {
        if terminal.observation == .person, let verification = Self.attendedVerification[id] {
            outcome.verification = verification
        }
        switch id {
        case .step1: checkNotice(job, into: &outcome)
        case .step3: try unbindReaders(&job, into: &outcome)
        case .step4: try removeOldCertificates(job, into: &outcome)
        case .step5: try initializeReaders(job, into: &outcome)
        case .step6: try downloadAndBackUp(job, into: &outcome)
        case .step7: try install(job, into: &outcome)
        case .step8: try confirmInstalled(job, into: &outcome)
        case .step10: try setCredential(job, into: &outcome)
        case .step12: try bindReaders(job, into: &outcome)
        default: break
        }
    }

    /// ① The notice must be for the new code, valid, and its download site open.
    private func checkNotice(_ job: Job, into outcome: inout StepOutcome) {
        outcome.problems += job.notice.check(newCode: job.newCode, oldCode: job.oldCode, at: now())
        outcome.evidence.noticeIssuedTo = job.notice.issuedTo
        outcome.evidence.downloadExpiry = job.notice.downloadExpiry
    }

    /// ③ Note every reader's serial (recorded before any is removed), then remove each from the
    /// login-name tool — only once it is unplugged (未接続).
    private func unbindReaders(_ job: inout Job, into outcome: inout StepOutcome) throws(SuccessionError) {
        let readers = try terminal.readers.readers()
        // Serials noted on an earlier attempt count too: those readers may be gone already.
        let earlier = job.events.filter { $0.step == .step3 }.flatMap { $0.evidence.readerSerials ?? [] }
        outcome.evidence.readerSerials = Array(Set(earlier + readers.map(\.serial.rawValue))).sorted()
        // The intent — every serial to unbind — is journaled before the first removal: a run
        // killed half-way still knows every reader ⑫ must bind again.
        var intent = StepEvidence()
        intent.readerSerials = outcome.evidence.readerSerials
        job.record(.step3, .started, evidence: intent, at: now())
        try journal.save(job)
        var states: [String] = []
        // A plugged-in reader bound to nothing is not in the tool's list: nothing to remove.
        for reader in readers where reader.state != .unregistered {
            do {
                outcome.record(.readers, try terminal.readers.remove(reader.serial))
                states.append("\(reader.serial.rawValue) \(reader.state.rawValue)")
                if states.count == 1 { failpoint?("3:afterFirstReader") }
            } catch  where error.code == .attendedNoAnswer {
                throw error
            } catch {
                outcome.problems += error.problems
            }
        }
        outcome.evidence.readerStates = states
    }

    /// ④ Every Online Billing certificate in 個人 as shown; each not for the new code is removed
    /// (archived).
    private func removeOldCertificates(_ job: Job, into outcome: inout StepOutcome) throws(SuccessionError) {
        let seen = try terminal.certificates.onlineBillingCertificates()
        outcome.evidence.seenCertificates = seen.map(CertificateSighting.init)
        let old = seen.filter { $0.institutionCode != job.newCode }
        var removed: [CertificateSighting] = []
        for certificate in old {
            outcome.record(.certificates, try terminal.certificates.remove(certificate))
            removed.append(CertificateSighting(certificate))
        }
        outcome.evidence.removedCertificates = removed
    }

    /// ⑤ Say how many readers will have to be bound again, then initialize (the tool first).
    private func initializeReaders(_ job: Job, into outcome: inout StepOutcome) throws(SuccessionError) {
        let impact = try terminal.readers.initializationImpact()
        outcome.problems += impact.problems
        // ③ already removed the readers from the tool; what it noted still says how many will
        // have to be bound again in ⑫. In a job, ③'s record is the confirmation the rule asks
        // for: every reader about to be unbound must be among the serials it noted.
        let noted = job.evidence(of: .step3).readerSerials ?? []
        let confirmed = Set(impact.readersToUnbind.map(\.rawValue)).isSubset(of: noted)
        if let refusal = impact.confirmationProblem(confirmed: confirmed) {
            outcome.problems.append(refusal)
            return
        }
        if impact.readersToUnbind.count < 2 && noted.count > 1 {
            outcome.problems.append(
                Problem(.readerSeveralUnbound, severity: .warning, values: [.count: String(noted.count)])
            )
        }
        let done = try terminal.readers.initialize()
        outcome.record(.readers, done.change)
        outcome.evidence.initialization = done.method
        outcome.evidence.unboundSerials = done.unbound.map(\.rawValue)
    }

    /// ⑥ Choose the new `.p12` by content and back it up, verified, to the backup folder.
    private func downloadAndBackUp(_ job: Job, into outcome: inout StepOutcome) throws(SuccessionError) {
        guard let pin = inputs.pin else {
            outcome.problems.append(
                Problem(.jobInputMissing, values: [.field: JobInputs.Secret.certificatePassword.rawValue])
            )
            return
        }
        let report = progress
        let step = SuccessionProcedure.step(.step6)
        let anchors = job.terminal.trustAnchors.compactMap { TrustAnchor(encoded: $0) }
        let pick = try CertificatePicker.pick(
            in: terminal.downloads,
            newCode: job.newCode,
            oldCode: job.oldCode,
            pin: pin,
            at: now(),
            trustAnchors: anchors,
            progress: report.map { report in
                { @Sendable done, total in report(.working(step, done: done, total: total)) }
            }
        )
        let others = pick.candidates.filter { $0.path != pick.chosen }.map(\.path)
        outcome.evidence.notChosen = others
        guard let chosen = pick.chosen else {
            let problems = pick.candidates.flatMap { candidate in
                candidate.problems.map { $0.inRow((candidate.path as NSString).lastPathComponent) }
            }
            outcome.problems += problems.isEmpty ? [Problem(.jobNoCertificateFile)] : problems
            return
        }
        let bytes = try FileBytes.read(chosen, limit: FileBytes.Limit.certificate)
        let bundle = try PKCS12Bundle(bytes: bytes, pin: pin)
        let folder = terminal.backupFolder
        let manifest = folder + "/" + CertificateBackup.manifestName
        // The manifest is replaced by the backup: keep what it said, so that undo restores it.
        var files = TerminalChange()
        if FileManager.default.fileExists(atPath: manifest) {
            files.archived.append(
                try terminal.archive.archive(manifest, reason: "backup.manifest", remove: false, date: now())
            )
        } else {
            files.created.append(manifest)
        }
        let backup = try CertificateBackup.backup(
            bytes: bytes,
            fileName: (chosen as NSString).lastPathComponent,
            bundle: bundle,
            to: folder,
            date: now()
        )
        if !backup.alreadyPresent { files.created.insert(backup.path, at: 0) }
        outcome.record(.files, files)
        let certificate = bundle.certificate
        outcome.evidence.certificateFile = chosen
        outcome.evidence.certificateSHA256 = certificate.sha256
        outcome.evidence.certificateSHA1 = certificate.sha1
        outcome.evidence.certificateSubject = certificate.subject.rfc2253
        outcome.evidence.certificateNotBefore = certificate.notBefore
        outcome.evidence.certificateNotAfter = certificate.notAfter
        outcome.evidence.fileSHA256 = backup.record.fileSHA256
        outcome.evidence.backupFolder = folder
        outcome.evidence.backupFile = backup.path
        let warnings = bundle.verify(
            newCode: job.newCode,
            oldCode: job.oldCode,
            at: now(),
            pin: pin,
            trustAnchors: anchors
        ).filter { $0.severity == .warning }
        // Without a trust anchor only the issuer's name was compared: the record says so.
        outcome.evidence.issuerVerified = !warnings.contains { $0.code == .certIssuerNotVerified }
        outcome.problems += warnings
    }

    /// ⑦ Install the file ⑥ chose and backed up, with the manual's import options.
    private func install(_ job: Job, into outcome: inout StepOutcome) throws(SuccessionError) {
        let chosen = job.evidence(of: .step6)
        guard let file = chosen.certificateFile, chosen.backupFile != nil else {
            outcome.problems.append(Problem(.jobPrecondition, values: [.found: "⑦", .missing: "⑥"]))
            return
        }
        guard let pin = inputs.pin else {
            outcome.problems.append(
                Problem(.jobInputMissing, values: [.field: JobInputs.Secret.certificatePassword.rawValue])
            )
            return
        }
        let bytes = try FileBytes.read(file, limit: FileBytes.Limit.certificate)
        let bundle = try PKCS12Bundle(bytes: bytes, pin: pin)
        guard bundle.certificate.sha256 == chosen.certificateSHA256 else {
            outcome.problems.append(Problem(.jobFileChanged, values: [.path: file]))
            return
        }
        let problems = bundle.verify(newCode: job.newCode, oldCode: job.oldCode, at: now(), pin: pin)
        guard !problems.containsError else {
            outcome.problems += problems
            return
        }
        let installation = try terminal.certificates.install(
            CertificateImport(
                bundle: bundle,
                fileBytes: bytes,
                filePath: file,
                pin: pin,
                newCode: job.newCode,
                oldCode: job.oldCode,
                options: .manual,
                date: now()
            )
        )
        outcome.record(.certificates, installation.change)
        outcome.evidence.installOptions = installation.installed.options ?? .manual
        outcome.problems += installation.installed.options?.problems ?? []
    }

    /// ⑧ 個人 holds the new certificate — the very one ⑥ verified, by SHA-256 or by its 拇印 —
    /// and no other Online Billing certificate.
    private func confirmInstalled(_ job: Job, into outcome: inout StepOutcome) throws(SuccessionError) {
        let expected = job.evidence(of: .step6)
        let sha1 = expected.certificateSHA1 ?? ""
        let installed = try terminal.certificates.onlineBillingCertificates()
        let current = installed.filter { $0.institutionCode == job.newCode }
        if current.isEmpty {
            outcome.problems.append(Problem(.terminalNoNewCertificate, values: [.expected: job.newCode.digits]))
        }
        for certificate in current {
            outcome.evidence.thumbprintShown = certificate.thumbprint
            if let summary = certificate.certificate {
                if summary.sha256 != expected.certificateSHA256 {
                    outcome.problems.append(
                        Problem(
                            .jobThumbprintMismatch,
                            values: [.found: Thumbprint.display(summary.sha1), .expected: Thumbprint.display(sha1)]
                        )
                    )
                }
                continue
            }
            guard let typed = certificate.thumbprint, Thumbprint.isWellFormed(typed) else {
                outcome.problems.append(
                    Problem(.jobThumbprintMalformed, values: [.found: certificate.thumbprint ?? ""])
                )
                continue
            }
            if !sha1.hasPrefix(typed) {
                outcome.problems.append(
                    Problem(
                        .jobThumbprintMismatch,
                        values: [
                            .found: Thumbprint.display(typed),
                            .expected: Thumbprint.display(
                                sha1,
                                digits: max(typed.count, Thumbprint.minimumTypedDigits)
                            ),
                        ]
                    )
                )
            }
        }
        for leftover in installed where leftover.institutionCode != job.newCode {
            outcome.problems.append(leftover.leftoverProblem)
        }
    }

    /// ⑩ Set OQS_MEDICAL_INSTITUTION_CODE to ⑨'s 機関コード; the value read back must be it.
    private func setCredential(_ job: Job, into outcome: inout StepOutcome) throws(SuccessionError) {
        let shown = job.evidence(of: .step9).institutionCodeShown.flatMap { MedicalInstitutionCode.read($0).code }
        let code = shown ?? job.newCode
        if let key = try terminal.credentials.loginKey(), let accounts = AccountSet(code: code) {
            outcome.problems += accounts.check(ids: [], loginKeyUser: key.userName)
        }
        let change = try terminal.credentials.setInstitutionCode(code)
        outcome.record(.credentials, change.change)
        outcome.evidence.credentialBefore = change.before
        outcome.evidence.credentialAfter = change.after
        outcome.evidence.credentialReadBack = change.readBack
        if terminal.observation == .person {
            outcome.verification = change.readBack ? .typedEvidence : .person
        }
        let after = MedicalInstitutionCode.read(change.after).code
        if after != code {
            outcome.problems.append(
                Problem(.jobCredentialMismatch, values: [.found: change.after, .expected: code.digits])
            )
        }
    }

    /// ⑫ Bind the face-auth account to every reader noted in ③, each then 接続中. The password
    /// is checked against the face-auth account's policy first, and never recorded.
    private func bindReaders(_ job: Job, into outcome: inout StepOutcome) throws(SuccessionError) {
        guard let password = inputs.facePassword else {
            outcome.problems.append(Problem(.jobInputMissing, values: [.field: JobInputs.Secret.facePassword.rawValue]))
            return
        }
        let policy = PasswordPolicy.check(password, account: .faceAuth)
        guard !policy.containsError else {
            outcome.problems += policy
            return
        }
        let noted = (job.evidence(of: .step3).readerSerials ?? []).map { ReaderSerialNumber(rawValue: $0) }
        // A person is not asked for the list again: ③ noted every serial.
        let listed = noted.isEmpty || terminal.observation == .software ? try terminal.readers.readers() : []
        let serials = noted.isEmpty ? listed.map(\.serial) : noted
        let loginName = UserID.faceAuth.rawValue
        outcome.evidence.loginName = loginName
        outcome.problems.append(Problem(.accountFaceAuthInferred, severity: .warning, values: [.found: loginName]))
        var bound: [String] = []
        for serial in serials {
            if let current = listed.first(where: { $0.serial == serial }), current.isBound {
                bound.append(serial.rawValue)
                continue
            }
            do {
                let addition = try terminal.readers.add(serial, loginName: loginName, password: password)
                outcome.record(.readers, addition.change)
                if addition.binding.isBound { bound.append(serial.rawValue) }
            } catch  where error.code == .attendedNoAnswer {
                throw error
            } catch {
                outcome.problems += error.problems
            }
        }
        outcome.evidence.readerSerials = bound
        if serials.isEmpty { outcome.problems.append(Problem(.readerNone)) }
    }
}

extension ProblemCode {
    /// ⑥ found no `.p12` at all in Downloads.
    public static let jobNoCertificateFile = ProblemCode(rawValue: "job.noCertificateFile")
    /// The chosen file changed between ⑥ and ⑦.
    public static let jobFileChanged = ProblemCode(rawValue: "job.fileChanged")
}
