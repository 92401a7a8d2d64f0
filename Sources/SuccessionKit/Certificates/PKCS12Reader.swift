internal import COpenSSL

/// Opens a `.p12` the way OpenSSL's `PKCS12_parse` does, but step by step, so that each way
/// of failing gets its own answer: damaged bytes, an algorithm this OpenSSL lacks, a wrong
/// PIN, or a file whose MAC no longer matches although the PIN opens it.
///
/// Every OpenSSL object here is freed by `defer` before returning, except the certificates
/// and keys, which go to their Swift owners.
struct PKCS12Reader {
    private let library: OpenSSLLibrary
    private let pin: CertificatePIN
    /// Some tools protect "no password" as a NULL passphrase, others as "": try both.
    private var passNull = false

    /// - Throws: `openssl.unavailable` when OpenSSL cannot be set up.
    init(pin: CertificatePIN) throws(SuccessionError) {
        self.library = try OpenSSLLibrary.loaded()
        self.pin = pin
    }

    /// Opens `bytes` with the PIN.
    mutating func open(_ bytes: [UInt8]) throws(SuccessionError) -> PKCS12Bundle {
        ERR_clear_error()
        defer { ERR_clear_error() }
        let p12 = try parse(bytes)
        defer { PKCS12_free(p12) }
        guard let authsafes = PKCS12_unpack_authsafes(p12) else {
            throw Self.malformed("the PKCS#12 contents cannot be read")
        }
        defer { shim_sk_PKCS7_pop_free(authsafes) }

        let scan = scanAlgorithms(p12, authsafes)
        var algorithms = scan.0
        let derivations = scan.derivations
        // Every key derivation the file asks for — the MAC's and each bag's — is bounded, one
        // by one and in sum, before any of them runs.
        try Self.checkIterations(algorithms.macIterations)
        for count in derivations { try Self.checkIterations(count) }
        try Self.checkIterations(derivations.reduce(algorithms.macIterations ?? 0) { $0 + $1 })
        var problems: [Problem] = []
        if algorithms.hasMAC {
            try verifyMAC(p12, authsafes, algorithms: algorithms)
        } else {
            problems.append(Problem(.pkcs12NoMAC, severity: .warning))
        }

        var certificates: [OpenSSLCertificate] = []
        var keys: [OpenSSLPrivateKey] = []
        for index in 0..<shim_sk_PKCS7_num(authsafes) {
            guard let p7 = shim_sk_PKCS7_value(authsafes, index) else { continue }
            guard let bags = unpack(p7) else {
                if !algorithms.unsupported.isEmpty { throw Self.unsupported(algorithms) }
                // No MAC to tell us: a wrong PIN is the likely reason, damage the other.
                if !algorithms.hasMAC { throw SuccessionError(.pkcs12WrongPIN, values: [.detail: "noMAC"]) }
                throw Self.malformed("a part of the file cannot be decrypted although its MAC matches")
            }
            defer { shim_sk_PKCS12_SAFEBAG_pop_free(bags) }
            try collect(bags, into: &certificates, &keys, algorithms: &algorithms)
        }
        return try Self.bundle(certificates: certificates, keys: keys, algorithms: algorithms, problems: problems)
    }

    /// Real files use about 2,048 iterations: a count beyond this — one count, or the sum of a
    /// file's counts (its MAC's and every bag's) — is refused before any key derivation
    /// (2³¹−1 of them would keep a core busy for minutes with no word).
    static let maximumIterations = 10_000_000

    static func checkIterations(_ iterations: Int?) throws(SuccessionError) {
        // A count that does not fit (read as negative) is no more derivable than a huge one.
        if let iterations, iterations > maximumIterations || iterations < 0 {
            throw SuccessionError(
                .pkcs12IterationsTooHigh,
                values: [.count: String(iterations), .limit: String(maximumIterations)]
            )
        }
    }

    // MARK: Steps

    private func parse(_ bytes: [UInt8]) throws(SuccessionError) -> OpaquePointer {
        guard !bytes.isEmpty else { throw Self.malformed("the file is empty") }
        // Created in our library context first, so decryption later finds the legacy provider.
        var p12 = PKCS12_init_ex(NID_pkcs7_data, library.context, nil)
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_PKCS12(&p12, &cursor, buffer.count)
        }
        guard let parsed else {
            if let p12 { PKCS12_free(p12) }
            // Told apart by the outer SEQUENCE a PKCS#12 starts with and OpenSSL's reason codes
            // (data ended early), not by its English texts.
            let errors = OpenSSLError.drain()
            let truncated = bytes.first == 0x30 && errors.isTruncation
            throw Self.malformed(
                truncated ? "the file is truncated" : "the file is not PKCS#12 (DER)",
                openSSL: errors
            )
        }
        return parsed
    }

    /// The file's algorithms, and the iteration count of every bag's key derivation.
    private func scanAlgorithms(
        _ p12: OpaquePointer,
        _ authsafes: OpaquePointer
    ) -> (PKCS12Algorithms, derivations: [Int]) {
        var algorithms = PKCS12Algorithms()
        var derivations: [Int] = []
        var digestNID: Int32 = NID_undef
        var iterations = 0
        if shim_PKCS12_mac_info(p12, &digestNID, &iterations) == 1 {
            algorithms.macIterations = iterations
            if digestNID == NID_undef {
                algorithms.macDigest = "unknown"
                algorithms.unsupported.append("MAC digest")
            } else {
                algorithms.macDigest = String(cString: OBJ_nid2sn(digestNID)).lowercased()
                let digest = EVP_MD_fetch(library.context, OBJ_nid2sn(digestNID), nil)
                if digest == nil { algorithms.unsupported.append("MAC \(algorithms.macDigest ?? "")") }
                EVP_MD_free(digest)
            }
        }
        for index in 0..<shim_sk_PKCS7_num(authsafes) {
            guard let p7 = shim_sk_PKCS7_value(authsafes, index) else { continue }
            if let algorithm = shim_PKCS7_encrypted_algorithm(p7) {
                let described = PBEAlgorithm(algorithm, library: library)
                algorithms.certificateEncryption = described.text
                if !described.isSupported { algorithms.unsupported.append(described.text) }
                if let count = described.iterations { derivations.append(count) }
            } else if shim_PKCS7_type_nid(p7) == NID_pkcs7_data, let bags = PKCS12_unpack_p7data(p7) {
                defer { shim_sk_PKCS12_SAFEBAG_pop_free(bags) }
                derivations += noteKeyAlgorithms(bags, &algorithms)
            } else if shim_PKCS7_type_nid(p7) != NID_pkcs7_data {
                algorithms.unsupported.append("PKCS#7 content " + String(cString: OBJ_nid2ln(shim_PKCS7_type_nid(p7))))
            }
        }
        ERR_clear_error()
        return (algorithms, derivations)
    }

    /// Notes the shrouded keys' algorithms; returns their iteration counts.
    private func noteKeyAlgorithms(_ bags: OpaquePointer, _ algorithms: inout PKCS12Algorithms) -> [Int] {
        var derivations: [Int] = []
        for index in 0..<shim_sk_PKCS12_SAFEBAG_num(bags) {
            guard let bag = shim_sk_PKCS12_SAFEBAG_value(bags, index),
                PKCS12_SAFEBAG_get_nid(bag) == NID_pkcs8ShroudedKeyBag,
                let algorithm = shim_PKCS12_SAFEBAG_shrouded_algorithm(bag)
            else { continue }
            let described = PBEAlgorithm(algorithm, library: library)
            algorithms.keyEncryption = described.text
            if !described.isSupported && !algorithms.unsupported.contains(described.text) {
                algorithms.unsupported.append(described.text)
            }
            if let count = described.iterations { derivations.append(count) }
        }
        return derivations
    }

    /// Checks the PIN against the MAC: one key derivation, no decryption. On a mismatch, tells
    /// a wrong PIN from a damaged file by trying to decrypt with the same PIN.
    private mutating func verifyMAC(
        _ p12: OpaquePointer,
        _ authsafes: OpaquePointer,
        algorithms: PKCS12Algorithms
    ) throws(SuccessionError) {
        let (matches, macErrors) = macMatches(p12, null: false)
        if matches { return }
        if pin.isEmpty && macMatches(p12, null: true).matches {
            passNull = true
            return
        }
        if !algorithms.unsupported.isEmpty { throw Self.unsupported(algorithms) }
        if contentsDecrypt(authsafes) {
            throw SuccessionError(
                [
                    Problem(
                        .pkcs12Malformed,
                        values: [
                            .reason:
                                "the MAC does not match, yet the PIN decrypts the contents: the file was altered or damaged"
                        ]
                    )
                ]
            )
        }
        // A PIN with a space around it is the likeliest typing slip: the message says so.
        var values: [ProblemValueKey: String] = pin.hasSurroundingSpace ? [.hint: "space"] : [:]
        if !macErrors.entries.isEmpty { values[.openSSL] = macErrors.description }
        throw SuccessionError(.pkcs12WrongPIN, values: values)
    }

    /// Whether the MAC matches, with what OpenSSL queued while checking it.
    private func macMatches(_ p12: OpaquePointer, null: Bool) -> (matches: Bool, errors: OpenSSLError) {
        let (result, errors) = OpenSSLError.collecting {
            if null { return PKCS12_verify_mac(p12, nil, 0) }
            return pin.withCString { PKCS12_verify_mac(p12, $0, $1) }
        }
        return (result == 1, errors)
    }

    /// Whether any encrypted part opens with the PIN (used only after a MAC mismatch).
    private func contentsDecrypt(_ authsafes: OpaquePointer) -> Bool {
        defer { ERR_clear_error() }
        for index in 0..<shim_sk_PKCS7_num(authsafes) {
            guard let p7 = shim_sk_PKCS7_value(authsafes, index) else { continue }
            if shim_PKCS7_encrypted_algorithm(p7) != nil {
                if let bags = unpack(p7) {
                    shim_sk_PKCS12_SAFEBAG_pop_free(bags)
                    return true
                }
            } else if let bags = PKCS12_unpack_p7data(p7) {
                defer { shim_sk_PKCS12_SAFEBAG_pop_free(bags) }
                for bagIndex in 0..<shim_sk_PKCS12_SAFEBAG_num(bags) {
                    guard let bag = shim_sk_PKCS12_SAFEBAG_value(bags, bagIndex),
                        PKCS12_SAFEBAG_get_nid(bag) == NID_pkcs8ShroudedKeyBag
                    else { continue }
                    if let info = decryptKey(bag) {
                        PKCS8_PRIV_KEY_INFO_free(info)
                        return true
                    }
                }
            }
        }
        return false
    }

    /// The bags of one authenticated safe, decrypting it when it is encrypted.
    private func unpack(_ p7: UnsafeMutablePointer<PKCS7>) -> OpaquePointer? {
        if shim_PKCS7_encrypted_algorithm(p7) != nil {
            if passNull { return PKCS12_unpack_p7encdata(p7, nil, 0) }
            return pin.withCString { PKCS12_unpack_p7encdata(p7, $0, $1) }
        }
        return PKCS12_unpack_p7data(p7)
    }

    private func decryptKey(_ bag: OpaquePointer) -> OpaquePointer? {
        if passNull { return PKCS12_decrypt_skey_ex(bag, nil, 0, library.context, nil) }
        return pin.withCString { PKCS12_decrypt_skey_ex(bag, $0, $1, library.context, nil) }
    }

    private func collect(
        _ bags: OpaquePointer,
        into certificates: inout [OpenSSLCertificate],
        _ keys: inout [OpenSSLPrivateKey],
        algorithms: inout PKCS12Algorithms
    ) throws(SuccessionError) {
        // Keys inside an encrypted part were out of sight before it was decrypted: their counts
        // are bounded here, before their own derivation.
        let derivations = noteKeyAlgorithms(bags, &algorithms)
        for count in derivations { try Self.checkIterations(count) }
        try Self.checkIterations(derivations.reduce(0, +))
        for index in 0..<shim_sk_PKCS12_SAFEBAG_num(bags) {
            guard let bag = shim_sk_PKCS12_SAFEBAG_value(bags, index) else { continue }
            let name = Self.friendlyName(bag)
            switch PKCS12_SAFEBAG_get_nid(bag) {
            case NID_certBag:
                guard PKCS12_SAFEBAG_get_bag_nid(bag) == NID_x509Certificate else { continue }
                guard let certificate = PKCS12_SAFEBAG_get1_cert(bag) else {
                    throw Self.malformed("a certificate in the file is damaged")
                }
                guard let object = OpenSSLCertificate(taking: certificate, friendlyName: name) else {
                    throw Self.malformed("a certificate in the file cannot be encoded again")
                }
                certificates.append(object)
            case NID_keyBag:
                guard let info = PKCS12_SAFEBAG_get0_p8inf(bag),
                    let key = EVP_PKCS82PKEY_ex(info, library.context, nil)
                else { throw Self.malformed("the private key in the file is damaged") }
                keys.append(OpenSSLPrivateKey(taking: key, friendlyName: name))
            case NID_pkcs8ShroudedKeyBag:
                guard let info = decryptKey(bag) else {
                    if !algorithms.unsupported.isEmpty { throw Self.unsupported(algorithms) }
                    if !algorithms.hasMAC { throw SuccessionError(.pkcs12WrongPIN, values: [.detail: "noMAC"]) }
                    throw Self.malformed("the private key cannot be decrypted although the MAC matches")
                }
                defer { PKCS8_PRIV_KEY_INFO_free(info) }
                guard let key = EVP_PKCS82PKEY_ex(info, library.context, nil) else {
                    throw Self.malformed("the private key in the file is damaged")
                }
                keys.append(OpenSSLPrivateKey(taking: key, friendlyName: name))
            case NID_safeContentsBag:
                if let nested = PKCS12_SAFEBAG_get0_safes(bag) {
                    try collect(nested, into: &certificates, &keys, algorithms: &algorithms)
                }
            default:
                continue  // CRL and secret bags carry nothing the terminal needs
            }
        }
    }

    private static func friendlyName(_ bag: OpaquePointer) -> String? {
        guard let name = PKCS12_get_friendlyname(bag) else { return nil }
        defer { shim_OPENSSL_free(name) }
        return String(cString: name)
    }

    // MARK: Result

    /// Chooses the terminal's certificate: the one whose public key matches a private key;
    /// without a match, the first non-CA certificate (reported as a mismatch).
    private static func bundle(
        certificates: [OpenSSLCertificate],
        keys: [OpenSSLPrivateKey],
        algorithms: PKCS12Algorithms,
        problems: [Problem]
    ) throws(SuccessionError) -> PKCS12Bundle {
        guard !certificates.isEmpty else {
            throw SuccessionError(.pkcs12NoCertificate, values: [.count: String(keys.count)])
        }
        var leaf: OpenSSLCertificate?
        var key: OpenSSLPrivateKey?
        search: for certificate in certificates {
            for candidate in keys where candidate.matches(certificate) {
                leaf = certificate
                key = candidate
                break search
            }
        }
        let matched = leaf != nil
        let chosen = leaf ?? certificates.first { !$0.isCA } ?? certificates[0]
        return PKCS12Bundle(
            certificate: chosen,
            privateKey: key ?? keys.first,
            chain: certificates.filter { $0 !== chosen },
            keyMatchesCertificate: matched,
            algorithms: algorithms,
            openingProblems: problems
        )
    }

    private static func malformed(_ reason: String, openSSL: OpenSSLError = OpenSSLError.drain()) -> SuccessionError {
        var values: [ProblemValueKey: String] = [.reason: reason]
        if !openSSL.entries.isEmpty { values[.openSSL] = openSSL.description }
        return SuccessionError(.pkcs12Malformed, values: values)
    }

    private static func unsupported(_ algorithms: PKCS12Algorithms) -> SuccessionError {
        SuccessionError(
            .pkcs12UnsupportedAlgorithm,
            values: [.algorithm: algorithms.unsupported.joined(separator: ", ")]
        )
    }
}
