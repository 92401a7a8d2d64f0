internal import COpenSSL

/// A password-based encryption algorithm of a `.p12`, described for people and checked
/// against what this machine's OpenSSL can run.
struct PBEAlgorithm {
    /// E.g. `PBES2 (PBKDF2 hmacWithSHA256, AES-256-CBC, 2048 iterations)` or
    /// `pbeWithSHA1And40BitRC2-CBC (2048 iterations)`.
    let text: String
    /// Whether the cipher can be fetched from SuccessionKit's library context.
    let isSupported: Bool
    /// The key derivation's iteration count (PBKDF2's, or the PKCS#12-PBE's), when it can be read.
    var iterations: Int?

    init(_ algorithm: UnsafePointer<X509_ALGOR>, library: OpenSSLLibrary) {
        let nid = shim_X509_ALGOR_nid(algorithm)
        var parameters: UnsafePointer<UInt8>?
        let length = Int(shim_X509_ALGOR_sequence_parameter(algorithm, &parameters))
        if nid == NID_pbes2 {
            self = Self.pbes2(parameters, length, library: library)
        } else if nid != NID_undef {
            var cipherNID: Int32 = NID_undef
            let known = EVP_PBE_find_ex(EVP_PBE_TYPE_OUTER, nid, &cipherNID, nil, nil, nil) == 1
            let iterations = Self.pbeIterations(parameters, length)
            let name = String(cString: OBJ_nid2ln(nid))
            text = iterations.map { "\(name) (\($0) iterations)" } ?? name
            isSupported = known && Self.cipherAvailable(cipherNID, library: library)
            self.iterations = iterations
        } else {
            var buffer = [CChar](repeating: 0, count: 128)
            let written = shim_X509_ALGOR_oid_text(algorithm, &buffer, Int32(buffer.count))
            let oid = String(decoding: buffer.prefix(Int(max(0, written))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            text = "unknown algorithm \(oid)"
            isSupported = false
        }
    }

    private init(text: String, isSupported: Bool) {
        self.text = text
        self.isSupported = isSupported
    }

    private static func pbes2(_ der: UnsafePointer<UInt8>?, _ length: Int, library: OpenSSLLibrary) -> PBEAlgorithm {
        var cursor = der
        guard length > 0, let parameters = d2i_PBE2PARAM(nil, &cursor, length) else {
            return PBEAlgorithm(text: "PBES2 (damaged parameters)", isSupported: false)
        }
        defer { PBE2PARAM_free(parameters) }
        let cipherNID = shim_X509_ALGOR_nid(shim_PBE2PARAM_encryption(parameters))
        let cipher = cipherNID == NID_undef ? "unknown cipher" : String(cString: OBJ_nid2sn(cipherNID))
        var derivation = "unknown key derivation"
        var iterations: Int?
        let keyFunction = shim_PBE2PARAM_keyfunc(parameters)
        if shim_X509_ALGOR_nid(keyFunction) == NID_id_pbkdf2 {
            var kdfDER: UnsafePointer<UInt8>?
            let kdfLength = Int(shim_X509_ALGOR_sequence_parameter(keyFunction, &kdfDER))
            if kdfLength > 0, let kdf = d2i_PBKDF2PARAM(nil, &kdfDER, kdfLength) {
                defer { PBKDF2PARAM_free(kdf) }
                let prf = String(cString: OBJ_nid2sn(shim_PBKDF2PARAM_prf_nid(kdf)))
                iterations = shim_PBKDF2PARAM_iterations(kdf)
                derivation = "PBKDF2 \(prf), \(shim_PBKDF2PARAM_iterations(kdf)) iterations"
            }
        }
        var algorithm = PBEAlgorithm(
            text: "PBES2 (\(cipher), \(derivation))",
            isSupported: cipherNID != NID_undef && cipherAvailable(cipherNID, library: library)
                && !derivation.hasPrefix("unknown")
        )
        algorithm.iterations = iterations
        return algorithm
    }

    private static func pbeIterations(_ der: UnsafePointer<UInt8>?, _ length: Int) -> Int? {
        var cursor = der
        guard length > 0, let parameters = d2i_PBEPARAM(nil, &cursor, length) else { return nil }
        defer { PBEPARAM_free(parameters) }
        return shim_PBEPARAM_iterations(parameters)
    }

    private static func cipherAvailable(_ nid: Int32, library: OpenSSLLibrary) -> Bool {
        guard nid != NID_undef, let name = OBJ_nid2sn(nid) else { return false }
        let cipher = EVP_CIPHER_fetch(library.context, name, nil)
        defer { EVP_CIPHER_free(cipher) }
        return cipher != nil
    }
}
