#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

static inline void bench_sk_X509_pop_free(STACK_OF(X509) *s) { sk_X509_pop_free(s, X509_free); }
/// One raw SHA-256 compression: the floor of the PKCS#12 key derivation, per iteration.
static inline void bench_sha256_compress(SHA256_CTX *ctx, const unsigned char *block) { SHA256_Transform(ctx, block); }
