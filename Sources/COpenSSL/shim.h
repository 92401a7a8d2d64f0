// COpenSSL: the system OpenSSL 3.x headers, plus static inline wrappers for the
// function-like macros that Swift cannot import.
#ifndef SUCCESSIONKIT_COPENSSL_SHIM_H
#define SUCCESSIONKIT_COPENSSL_SHIM_H

// PIN recovery iterates the raw SHA-1/SHA-256 compression functions (SHA*_Transform), which
// OpenSSL 3 marks deprecated but still ships, with its hardware paths (SHA-NI, AVX2): they are
// the only way to reach the key derivation's own cost without EVP's per-call overhead.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

static inline int shim_sk_X509_num(const STACK_OF(X509) *s) { return sk_X509_num(s); }
static inline X509 *shim_sk_X509_value(const STACK_OF(X509) *s, int i) { return sk_X509_value(s, i); }
static inline void shim_sk_X509_pop_free(STACK_OF(X509) *s) { sk_X509_pop_free(s, X509_free); }
static inline STACK_OF(X509) *shim_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int shim_sk_X509_push(STACK_OF(X509) *s, X509 *x) { return sk_X509_push(s, x); }
/// Frees the stack only; the certificates stay owned by their Swift owners.
static inline void shim_sk_X509_free(STACK_OF(X509) *s) { sk_X509_free(s); }

/// The outer type of a PKCS#7 content info (data, encryptedData, …).
static inline int shim_PKCS7_type_nid(const PKCS7 *p7) { return OBJ_obj2nid(p7->type); }
/// The algorithm that encrypts an encryptedData content info, or NULL.
static inline const X509_ALGOR *shim_PKCS7_encrypted_algorithm(const PKCS7 *p7) {
    if (OBJ_obj2nid(p7->type) != NID_pkcs7_encrypted || p7->d.encrypted == NULL
        || p7->d.encrypted->enc_data == NULL) {
        return NULL;
    }
    return p7->d.encrypted->enc_data->algorithm;
}
/// The DER of an algorithm's SEQUENCE parameter (PBES2 / PBKDF2 / PBE parameters), or 0.
static inline int shim_X509_ALGOR_sequence_parameter(const X509_ALGOR *alg, const unsigned char **der) {
    const void *pval = NULL;
    int ptype = 0;
    X509_ALGOR_get0(NULL, &ptype, &pval, alg);
    if (ptype != V_ASN1_SEQUENCE || pval == NULL) return 0;
    const ASN1_STRING *seq = (const ASN1_STRING *)pval;
    *der = ASN1_STRING_get0_data(seq);
    return ASN1_STRING_length(seq);
}
static inline int shim_X509_ALGOR_nid(const X509_ALGOR *alg) {
    const ASN1_OBJECT *obj = NULL;
    X509_ALGOR_get0(&obj, NULL, NULL, alg);
    return obj == NULL ? NID_undef : OBJ_obj2nid(obj);
}
/// PBES2: the key-derivation and encryption algorithms.
static inline const X509_ALGOR *shim_PBE2PARAM_keyfunc(const PBE2PARAM *p) { return p->keyfunc; }
static inline const X509_ALGOR *shim_PBE2PARAM_encryption(const PBE2PARAM *p) { return p->encryption; }
/// PBKDF2: iterations and PRF (NULL means hmacWithSHA1).
static inline long shim_PBKDF2PARAM_iterations(const PBKDF2PARAM *p) { return ASN1_INTEGER_get(p->iter); }
static inline int shim_PBKDF2PARAM_prf_nid(const PBKDF2PARAM *p) {
    return p->prf == NULL ? NID_hmacWithSHA1 : shim_X509_ALGOR_nid(p->prf);
}
/// PKCS#12 PBE (pbeWithSHAAnd…): iterations.
static inline long shim_PBEPARAM_iterations(const PBEPARAM *p) { return ASN1_INTEGER_get(p->iter); }

static inline long shim_BIO_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }
static inline void shim_OPENSSL_free(void *p) { OPENSSL_free(p); }

static inline int shim_sk_PKCS7_num(const STACK_OF(PKCS7) *s) { return sk_PKCS7_num(s); }
static inline PKCS7 *shim_sk_PKCS7_value(const STACK_OF(PKCS7) *s, int i) { return sk_PKCS7_value(s, i); }
static inline void shim_sk_PKCS7_pop_free(STACK_OF(PKCS7) *s) { sk_PKCS7_pop_free(s, PKCS7_free); }

static inline int shim_sk_PKCS12_SAFEBAG_num(const STACK_OF(PKCS12_SAFEBAG) *s) { return sk_PKCS12_SAFEBAG_num(s); }
static inline PKCS12_SAFEBAG *shim_sk_PKCS12_SAFEBAG_value(const STACK_OF(PKCS12_SAFEBAG) *s, int i) {
    return sk_PKCS12_SAFEBAG_value(s, i);
}
static inline void shim_sk_PKCS12_SAFEBAG_pop_free(STACK_OF(PKCS12_SAFEBAG) *s) {
    sk_PKCS12_SAFEBAG_pop_free(s, PKCS12_SAFEBAG_free);
}

/// One-line (RFC 2253, UTF-8 kept) form of a name, as `openssl x509 -nameopt RFC2253` prints it.
static inline unsigned long shim_XN_FLAG_RFC2253_UTF8(void) {
    return (XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
}
/// OpenSSL's one-line form (`/C=JP/O=…` style replaced by `C = JP, O = …`), UTF-8 kept.
static inline unsigned long shim_XN_FLAG_ONELINE_UTF8(void) {
    return (XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB) | ASN1_STRFLGS_UTF8_CONVERT;
}

/// The dotted OID of an algorithm (for algorithms OpenSSL does not know by name).
static inline int shim_X509_ALGOR_oid_text(const X509_ALGOR *alg, char *buffer, int length) {
    const ASN1_OBJECT *obj = NULL;
    X509_ALGOR_get0(&obj, NULL, NULL, alg);
    return obj == NULL ? 0 : OBJ_obj2txt(buffer, length, obj, 1);
}

/// The MAC's digest and iteration count; returns 0 when the file has no MAC.
static inline int shim_PKCS12_mac_info(const PKCS12 *p12, int *digest_nid, long *iterations) {
    if (!PKCS12_mac_present(p12)) return 0;
    const X509_ALGOR *alg = NULL;
    const ASN1_INTEGER *iter = NULL;
    PKCS12_get0_mac(NULL, &alg, NULL, &iter, p12);
    *digest_nid = alg == NULL ? NID_undef : shim_X509_ALGOR_nid(alg);
    *iterations = iter == NULL ? 1 : ASN1_INTEGER_get(iter);
    return 1;
}

/// The encryption algorithm of a shrouded key bag, or NULL.
static inline const X509_ALGOR *shim_PKCS12_SAFEBAG_shrouded_algorithm(const PKCS12_SAFEBAG *bag) {
    const X509_SIG *sig = PKCS12_SAFEBAG_get0_pkcs8(bag);
    if (sig == NULL) return NULL;
    const X509_ALGOR *alg = NULL;
    X509_SIG_get0(sig, &alg, NULL);
    return alg;
}

/// An RSA key pair of `bits` bits, generated in `ctx` (EVP_RSA_gen is a variadic macro).
static inline EVP_PKEY *shim_generate_rsa(OSSL_LIB_CTX *ctx, unsigned int bits) {
    return EVP_PKEY_Q_keygen(ctx, NULL, "RSA", (size_t)bits);
}

/// An EC key pair on P-256, generated in `ctx` (EVP_EC_gen is a variadic macro).
static inline EVP_PKEY *shim_generate_ec_p256(OSSL_LIB_CTX *ctx) {
    return EVP_PKEY_Q_keygen(ctx, NULL, "EC", "P-256");
}

/// The private key as PKCS#8 DER written into `out` (`capacity` bytes); its length, or -1.
/// OpenSSL's own intermediate (the PKCS8_PRIV_KEY_INFO) is wiped when freed.
static inline int shim_private_key_pkcs8(EVP_PKEY *key, unsigned char *out, int capacity) {
    PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(key);
    if (p8 == NULL) return -1;
    int length = i2d_PKCS8_PRIV_KEY_INFO(p8, NULL);
    if (length <= 0 || length > capacity) {
        length = -1;
    } else {
        unsigned char *cursor = out;
        length = i2d_PKCS8_PRIV_KEY_INFO(p8, &cursor);
    }
    PKCS8_PRIV_KEY_INFO_free(p8);
    return length;
}

/// Adds an X.509v3 extension given in OpenSSL's configuration syntax ("critical,CA:TRUE").
static inline int shim_X509_add_extension(X509 *cert, X509 *issuer, int nid, const char *value) {
    X509V3_CTX v3;
    X509V3_set_ctx(&v3, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
    if (ext == NULL) return 0;
    int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok;
}

/// Adds a UTF-8 name entry ("CN", "O", …).
static inline int shim_X509_NAME_add_utf8(X509_NAME *name, const char *field, const char *value) {
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, (const unsigned char *)value, -1, -1, 0);
}

/// One SHA-256 compression of `block` into `state` (8 words, host order).
static inline void shim_sha256_compress(unsigned int state[8], const unsigned char block[64]) {
    SHA256_CTX ctx;
    for (int i = 0; i < 8; i++) ctx.h[i] = state[i];
    SHA256_Transform(&ctx, block);
    for (int i = 0; i < 8; i++) state[i] = ctx.h[i];
}

/// One SHA-1 compression of `block` into `state` (5 words, host order).
static inline void shim_sha1_compress(unsigned int state[5], const unsigned char block[64]) {
    SHA_CTX ctx;
    ctx.h0 = state[0]; ctx.h1 = state[1]; ctx.h2 = state[2]; ctx.h3 = state[3]; ctx.h4 = state[4];
    SHA1_Transform(&ctx, block);
    state[0] = ctx.h0; state[1] = ctx.h1; state[2] = ctx.h2; state[3] = ctx.h3; state[4] = ctx.h4;
}

#endif
