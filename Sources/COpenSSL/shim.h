// COpenSSL: the system OpenSSL 3.x headers, plus static inline wrappers for the
// function-like macros that Swift cannot import (see ../shared/PITFALLS.md).
#ifndef SUCCESSIONKIT_COPENSSL_SHIM_H
#define SUCCESSIONKIT_COPENSSL_SHIM_H

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

static inline int shim_sk_X509_num(const STACK_OF(X509) *s) { return sk_X509_num(s); }
static inline X509 *shim_sk_X509_value(const STACK_OF(X509) *s, int i) { return sk_X509_value(s, i); }
static inline void shim_sk_X509_pop_free(STACK_OF(X509) *s) { sk_X509_pop_free(s, X509_free); }
static inline STACK_OF(X509) *shim_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int shim_sk_X509_push(STACK_OF(X509) *s, X509 *x) { return sk_X509_push(s, x); }

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

#endif
