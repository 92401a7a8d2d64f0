extension MessageCatalog.Family {
    static let certificates = Self(
        name: "certificates",
        entries: [
            .pkcs12WrongPIN: Entry(
                ja: {
                    ($0[.hint] == "space" ? "入力された証明書パスワードの前後に空白があります。" : "")
                        + "証明書パスワードが違います。ダウンロード時に決めた半角数字4桁を確認してください。分からない場合は証明書の再発行申請（手数料あり）が必要です。"
                },
                en: {
                    ($0[.hint] == "space" ? "The PIN given begins or ends with a space. " : "")
                        + "The certificate password (PIN) is wrong. Check the 4 digits chosen at download; if nobody knows them, a new certificate must be applied for (with a fee)."
                }
            ),
            .pkcs12Malformed: Entry(
                ja: { _ in "このファイルは .p12 として読めません（壊れているか、.p12 ではありません）。ダウンロードし直すか、バックアップのファイルを使ってください。" },
                en: {
                    "This file cannot be read as a .p12 (\($0[.reason] ?? "")). Download it again or use the backup copy."
                }
            ),
            .pkcs12UnsupportedAlgorithm: Entry(
                ja: {
                    "このファイルの暗号方式（\($0[.algorithm] ?? "")）はこの環境の OpenSSL で扱えません。証明書パスワードの誤りではありません。OpenSSL の legacy プロバイダがある環境で開いてください。"
                },
                en: {
                    "This file uses an algorithm this machine's OpenSSL cannot run (\($0[.algorithm] ?? "")). The PIN is not the problem; open it where OpenSSL's legacy provider is installed."
                }
            ),
            .pkcs12NoCertificate: Entry(
                ja: { _ in "ファイルに証明書が入っていません。ダウンロードサイトから取得した元の .p12 を使ってください。" },
                en: { _ in "The file holds no certificate. Use the original .p12 from the download site." }
            ),
            .pkcs12NoPrivateKey: Entry(
                ja: { _ in "ファイルに秘密鍵が入っていません。このままでは端末の認証に使えません。ダウンロードサイトから取得した元の .p12 を使ってください。" },
                en: { _ in
                    "The file holds no private key, so it cannot authenticate the terminal. Use the original .p12 from the download site."
                }
            ),
            .pkcs12KeyMismatch: Entry(
                ja: { _ in "秘密鍵が証明書と対になっていません（別の証明書の鍵です）。ダウンロードサイトから取得した元の .p12 を使ってください。" },
                en: { _ in
                    "The private key belongs to another certificate. Use the original .p12 from the download site."
                }
            ),
            .pkcs12NoMAC: Entry(
                ja: { _ in "このファイルには改ざん検知（MAC）がありません。証明書パスワードは復号できるかどうかでしか確かめられません。" },
                en: { _ in "This file has no integrity MAC: a PIN can only be checked by decrypting it." }
            ),
            .certIssuer: Entry(
                ja: { "発行者が「\($0[.expected] ?? "")」ではありません（\($0[.found] ?? "")）。オンライン資格確認用の証明書ではありません。" },
                en: {
                    "The issuer is not '\($0[.expected] ?? "")' but '\($0[.found] ?? "")': this is not an オン資 certificate."
                }
            ),
            .certNoInstitutionCode: Entry(
                ja: { "証明書の発行先（\($0[.found] ?? "")）に医療機関等コードが見つかりません。オン資用の証明書か確認してください。" },
                en: {
                    "No medical institution code was found in the subject (\($0[.found] ?? "")). Check that this is the オン資 certificate."
                }
            ),
            .certCodeMismatch: Entry(
                ja: {
                    "証明書の医療機関等コードは \($0[.found] ?? "") で、新しいコード \($0[.expected] ?? "") ではありません。新しいコードで発行された証明書を使ってください。"
                },
                en: {
                    "The certificate is for code \($0[.found] ?? ""), not the new code \($0[.expected] ?? ""). Use the certificate issued for the new code."
                }
            ),
            .certOldCode: Entry(
                ja: {
                    "これは旧医療機関等コード \($0[.found] ?? "") の証明書です。新しいコード \($0[.expected] ?? "") の証明書（ダウンロードフォルダのもう一方の .p12）を使ってください。"
                },
                en: {
                    "This is the certificate of the OLD code \($0[.found] ?? ""). Use the one for the new code \($0[.expected] ?? "") (the other .p12 in Downloads)."
                }
            ),
            .certNotYetValid: Entry(
                ja: {
                    "証明書の有効期間は \(JapanTime.day(iso: $0[.notBefore] ?? "")) からで、\(JapanTime.day(iso: $0[.date] ?? "")) にはまだ有効ではありません。端末の日時を確認してください。"
                },
                en: {
                    "The certificate is valid only from \(JapanTime.day(iso: $0[.notBefore] ?? "")), not yet on \(JapanTime.day(iso: $0[.date] ?? "")). Check the terminal's clock."
                }
            ),
            .certExpired: Entry(
                ja: {
                    "証明書の有効期限は \(JapanTime.day(iso: $0[.notAfter] ?? "")) で切れています（\(JapanTime.day(iso: $0[.date] ?? "")) 時点）。新しい証明書を使ってください。"
                },
                en: {
                    "The certificate expired on \(JapanTime.day(iso: $0[.notAfter] ?? "")) (checked for \(JapanTime.day(iso: $0[.date] ?? ""))). Use a current certificate."
                }
            ),
            .certPINFormat: Entry(
                ja: { _ in "ダウンロードサイトの証明書パスワードは半角数字4桁です。入力された証明書パスワードは4桁の数字ではありません。" },
                en: { _ in "The download site's certificate password is 4 digits; the PIN given is not." }
            ),
            .certNotACertificate: Entry(
                ja: { "「\($0[.path] ?? "")」には証明書（PEM か DER）がありません。ルート CA の証明書のファイルを指定してください。" },
                en: { "'\($0[.path] ?? "")' holds no certificate (PEM or DER). Give the root CA's certificate file." }
            ),
            .certNoticeValidity: Entry(
                ja: {
                    "証明書の有効期間（\($0[.found] ?? "")）が、通知書の電子証明書有効期間（\($0[.expected] ?? "")）と一致しません。この通知書で発行された証明書ではありません。通知書とファイルの組み合わせを確認してください。"
                },
                en: {
                    "The certificate's validity (\($0[.found] ?? "")) is not the notice's (\($0[.expected] ?? "")): this is not the certificate the notice was issued for. Check that the paper and the file belong together."
                }
            ),
            .certAmbiguous: Entry(
                ja: { "新しいコードの有効な証明書が複数あります（\($0[.found] ?? "")）。どれを使うか決められません。不要なファイルを片付けてから選び直してください。" },
                en: {
                    "Several valid certificates for the new code were found (\($0[.found] ?? "")). Not guessing: remove the unneeded files and pick again."
                }
            ),
            .certDuplicate: Entry(
                ja: { "「\($0[.found] ?? "")」と同じ証明書の複製です。" },
                en: { "A copy of the same certificate as '\($0[.found] ?? "")'." }
            ),
            .backupVerifyFailed: Entry(
                ja: { "バックアップ「\($0[.path] ?? "")」を読み戻すと内容が一致しませんでした。書きかけのファイルは残していません。保存先の媒体を確認してください。" },
                en: {
                    "The backup '\($0[.path] ?? "")' did not read back identical; the partial file was removed. Check the target medium."
                }
            ),
            .backupFileChanged: Entry(
                ja: {
                    "「\($0[.path] ?? "")」は選んだ後に変わっています（別のファイルに置き換えられたか、ダウンロードし直されました）。バックアップしていません。もう一度ファイルを選び直してください。"
                },
                en: {
                    "'\($0[.path] ?? "")' has changed since it was picked (replaced or downloaded again). It was not backed up; pick the file again."
                }
            ),
            .backupManifestDamaged: Entry(
                ja: { "バックアップの記録「\($0[.path] ?? "")」が読めません。壊れた記録は別名で残し、新しく作り直しました。" },
                en: {
                    "The backup manifest '\($0[.path] ?? "")' is unreadable; it was kept under another name and a new one written."
                }
            ),
            .backupManifestUnwritable: Entry(
                ja: {
                    "バックアップの記録「\($0[.path] ?? "")」を書けませんでした（バックアップのファイルは書き込み、読み戻して確認済みです）。もう一度バックアップを実行してください。"
                },
                en: {
                    "The backup manifest '\($0[.path] ?? "")' could not be written (the backup file itself was written and read back). Run the backup again."
                }
            ),
            .pkcs12PINTimeLimit: Entry(
                ja: { "制限時間（\($0[.limit] ?? "?") 秒）で打ち切りました（\($0[.count] ?? "?") 件試行、見つからず）。時間を延ばして再実行してください。" },
                en: {
                    "Gave up at the time limit of \($0[.limit] ?? "?") s (\($0[.count] ?? "?") tried, not found). Run again with more time."
                }
            ),
            .pkcs12PINNotFound: Entry(
                ja: { "0000〜9999 のどれでも開けません（\($0[.count] ?? "?")件試行）。4桁の数字ではないパスフレーズの可能性があります。" },
                en: {
                    "No PIN from 0000 to 9999 opens it (\($0[.count] ?? "?") tried); its passphrase may not be 4 digits."
                }
            ),
            .pkcs12RewrapFailed: Entry(
                ja: { _ in "新しいパスフレーズでの .p12 の作成に失敗しました。元のファイルはそのままです。" },
                en: {
                    "Could not write the .p12 with the new passphrase (\($0[.reason] ?? "")). The original file is unchanged."
                }
            ),
            .certSignature: Entry(
                ja: { "証明書の署名が、同じファイルにある発行者「\($0[.found] ?? "")」の証明書で検証できません。名前だけが同じ別の認証局の可能性があります。インストールしないでください。" },
                en: {
                    "The certificate's signature does not verify with the issuer certificate in its file ('\($0[.found] ?? "")'): a CA that only borrows the name. Do not install it."
                }
            ),
            .opensslUnavailable: Entry(
                ja: { _ in
                    "OpenSSL を準備できません（ライブラリまたはプロバイダを読み込めません）。OpenSSL 3（libssl3）が正しく入っているか確認してください。証明書には触れていません。"
                },
                en: {
                    "OpenSSL cannot be set up (\($0[.detail] ?? "library"): \($0[.reason] ?? "")). Check that OpenSSL 3 (libssl3) is installed; no certificate was touched."
                }
            ),
            .sandboxCertificateCreationFailed: Entry(
                ja: { _ in "練習用の証明書を作れませんでした（OpenSSL の鍵・証明書の作成に失敗）。実際の証明書やファイルには触れていません。" },
                en: {
                    "Could not make the practice certificate (\($0[.reason] ?? "OpenSSL failed")). No real certificate or file was touched."
                }
            ),
            .certServingCertificateFailed: Entry(
                ja: { _ in "ガイドページの TLS 証明書を作れませんでした。暗号化なしでは公開しません（何も公開していません）。" },
                en: {
                    "Could not make the guided page's TLS certificate (\($0[.reason] ?? "OpenSSL failed")). The page is never served without TLS there: nothing is served."
                }
            ),
            .certIssuerNotVerified: Entry(
                ja: { _ in "発行者の名前は一致しますが、本物のルート証明書とは照合していません（ルートの公開鍵を持っていないため）。ルート証明書を指定すると照合します。" },
                en: { _ in
                    "The issuer's name matches; it was not verified against the real root (its public key is not known here). Give the root certificate to verify it."
                }
            ),
            .certUntrusted: Entry(
                ja: { "署名の連鎖が、指定されたルート証明書に届きません（発行者「\($0[.found] ?? "")」）。インストールしないでください。" },
                en: {
                    "The chain of signatures does not reach the given root certificate (issuer '\($0[.found] ?? "")'). Do not install it."
                }
            ),
            .pkcs12IterationsTooHigh: Entry(
                ja: {
                    "このファイルの鍵導出（MAC または暗号化された部分）の反復回数は \($0[.count] ?? "?") 回で、上限（\($0[.limit] ?? "?") 回）を超えています。実際の証明書ファイルは約 2,048 回です。開かずに止めました。"
                },
                en: {
                    "This file's key derivation (its MAC or an encrypted part) asks for \($0[.count] ?? "?") iterations, beyond the limit of \($0[.limit] ?? "?") (real files use about 2,048). It was not opened."
                }
            ),
            .certAmbiguousCode: Entry(
                ja: { "証明書の発行先に、違う医療機関等コードが複数あります（\($0[.found] ?? "")）。どちらの証明書か決められないため、インストールしないでください。" },
                en: {
                    "The certificate's subject holds several different codes (\($0[.found] ?? "")); it cannot be told which it is for. Do not install it."
                }
            ),
        ]
    )
}

extension ProblemCode {
    /// Several distinct valid certificates for the new code: the pick is not guessed.
    public static let certAmbiguous = ProblemCode(rawValue: "cert.ambiguous")
    /// A warning: a byte-identical copy of the chosen certificate.
    public static let certDuplicate = ProblemCode(rawValue: "cert.duplicate")
    /// A backup did not read back identical.
    public static let backupVerifyFailed = ProblemCode(rawValue: "backup.verifyFailed")
    /// No 4-digit PIN opens the file. Values: ``ProblemValueKey/count`` (tried).
    public static let pkcs12PINNotFound = ProblemCode(rawValue: "pkcs12.pinNotFound")
    /// The search gave up at its time limit. Values: count (tried), limit (seconds).
    public static let pkcs12PINTimeLimit = ProblemCode(rawValue: "pkcs12.pinTimeLimit")
    /// Re-wrapping failed.
    public static let pkcs12RewrapFailed = ProblemCode(rawValue: "pkcs12.rewrapFailed")
}
