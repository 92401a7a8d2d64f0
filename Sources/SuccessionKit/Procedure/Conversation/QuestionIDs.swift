/// The questions of the manual's procedure, by id: what a script, `job confirm --answer ID=TEXT`
/// or another process answers by. Each names its step and its ``AnswerKind``; an id with
/// "per …" repeats for each subject (`12.state.CAORA-000101`), and a script may answer every
/// subject at once by the id without it.
extension JobQuestion.ID {
    /// ② `2.done` — logged on to the terminal (choice: yes).
    public static let loggedOn = Self(.step2, "done")
    /// ③ `3.readers` — the readers the login-name tool lists, with their state (readerList).
    public static let readersListed = Self(.step3, "readers")
    /// ③ `3.removed.SERIAL` — per reader: removed (撤去) in the tool (choice: yes).
    public static let readerRemoved = Self(.step3, "removed")
    /// ④ `4.certificates` — the Online Billing certificates in 個人, before removing
    /// (certificateList).
    public static let certificatesListed = Self(.step4, "certificates")
    /// ④ `4.removed.CODE` — per old certificate (by 発行先): removed (choice: yes).
    public static let certificateRemoved = Self(.step4, "removed")
    /// ⑤ `5.method` — InitializeFace.bat or ReaderInfo.ini deleted (choice: 1, 2).
    public static let initializationMethod = Self(.step5, "method")
    /// ⑥ `6.downloaded` — the new certificate downloaded and copied to `--downloads` (choice: yes).
    public static let downloaded = Self(.step6, "downloaded")
    /// ⑥ `6.desktopFolder` — the desktop backup folder made on the terminal (choice: yes).
    public static let desktopFolder = Self(.step6, "desktopFolder")
    /// ⑥ `6.pin` — the 証明書パスワード (secret: certificatePassword).
    public static let downloadPIN = Self(.step6, "pin")
    /// ⑦ `7.installed` — the import wizard finished (choice: yes).
    public static let installed = Self(.step7, "installed")
    /// ⑦ `7.pin` — the 証明書パスワード again, after a restart (secret: certificatePassword).
    public static let installPIN = Self(.step7, "pin")
    /// ⑧ `8.thumbprint` — the new certificate's 拇印 as shown (thumbprint).
    public static let thumbprint = Self(.step8, "thumbprint")
    /// ⑧ `8.expiry` — its 有効期限 (date).
    public static let expiry = Self(.step8, "expiry")
    /// ⑧ `8.others` — any other Online Billing certificate still in 個人 (certificateList).
    public static let otherCertificates = Self(.step8, "others")
    /// ⑨ `9.login` — the admin account could log in (choice: yes, no → 補足①).
    public static let adminLogin = Self(.step9, "login")
    /// ⑨ `9.loginConfirmed` — after いいえ: really go to 補足① (choice: supplement, back).
    public static let adminLoginConfirmed = Self(.step9, "loginConfirmed")
    /// ⑨ `9.code` — the 10-digit 機関コード shown (code).
    public static let institutionCode = Self(.step9, "code")
    /// ⑩ `10.before` — OQS_MEDICAL_INSTITUTION_CODE before editing (codeOrHidden).
    public static let credentialBefore = Self(.step10, "before")
    /// ⑩ `10.loginKeyUser` — OQS_LOGIN_KEY's user name (text).
    public static let loginKeyUser = Self(.step10, "loginKeyUser")
    /// ⑩ `10.after` — OQS_MEDICAL_INSTITUTION_CODE after 保存 (codeOrHidden).
    public static let credentialAfter = Self(.step10, "after")
    /// ⑪ `11.done` — OQSComAppRestart run and rebooted (choice: yes).
    public static let restarted = Self(.step11, "done")
    /// ⑫ `12.password` — the face-auth account's password (secret: facePassword).
    public static let facePassword = Self(.step12, "password")
    /// ⑫ `12.readers` — the readers connected now, when ③ recorded none (serialList).
    public static let connectedReaders = Self(.step12, "readers")
    /// ⑫ `12.state.SERIAL` — per reader: its state after 登録 (choice: connected, notConnected,
    /// notYet).
    public static let readerState = Self(.step12, "state")
    /// ⑬ `13.status` — the distribution record's `Status=` line (statusLine).
    public static let distributionStatus = Self(.step13, "status")
    /// ⑬ `13.faceAuth` — face authentication works after the reboot (choice: yes, no).
    public static let faceAuthWorks = Self(.step13, "faceAuth")
    /// ⑭ `14.myNumberCard` — test ①, the マイナンバーカード (choice: passed, failed, notPossible).
    public static let myNumberCardTest = Self(.step14, "myNumberCard")
    /// ⑭ `14.insuranceCard` — test ②, the 保険証 (choice: passed, failed).
    public static let insuranceCardTest = Self(.step14, "insuranceCard")
    /// ⑭ `14.backup` — the backup on the customer's USB memory, explained (choice: yes, no).
    public static let backupHandedOver = Self(.step14, "backup")
    /// 補足① `S1.environment` — 利用環境 on the user-settings paper (choice: production, other).
    public static let paperEnvironment = Self(.supplement1, "environment")
    /// 補足① `S1.paperCode` — the paper's 医療機関コード (code).
    public static let paperCode = Self(.supplement1, "paperCode")
    /// 補足① `S1.path` — an initial password printed or not (choice: initialPassword,
    /// secretNumber).
    public static let registrationPath = Self(.supplement1, "path")
    /// 補足① `S1.codePasted` — the new 機関コード pasted into the setup text and saved (choice: yes).
    public static let setupTextSaved = Self(.supplement1, "codePasted")
    /// 補足① `S1.status` — 登録状況 of the bulk registration (text).
    public static let registrationStatus = Self(.supplement1, "status")
    /// 補足① `S1.count` — 処理件数 (count).
    public static let processedCount = Self(.supplement1, "count")
    /// 補足① `S1.loggedIn` — the user IDs that could log in afterwards (text).
    public static let loggedIn = Self(.supplement1, "loggedIn")
    /// 補足② `S2.facilityName` — the facility name the readers' waiting screen shows (text).
    public static let facilityName = Self(.supplement2, "facilityName")
    /// 補足② `S2.expectedName` — the facility's right (new) name, as the customer gives it (text).
    public static let expectedFacilityName = Self(.supplement2, "expectedName")

    /// Every question of the manual's procedure, in the order they are asked.
    public static let standard: [JobQuestion.ID] = [
        loggedOn, readersListed, readerRemoved, certificatesListed, certificateRemoved, initializationMethod,
        downloaded, desktopFolder, downloadPIN, installed, installPIN, thumbprint, expiry, otherCertificates,
        adminLogin, adminLoginConfirmed, institutionCode, paperEnvironment, paperCode, registrationPath,
        setupTextSaved, registrationStatus, processedCount, loggedIn, credentialBefore, loginKeyUser,
        credentialAfter, restarted, facePassword, connectedReaders, readerState, expectedFacilityName, facilityName,
        distributionStatus, faceAuthWorks, myNumberCardTest, insuranceCardTest, backupHandedOver,
    ]
}
