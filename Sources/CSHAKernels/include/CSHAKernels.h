// Iterated-digest kernels for PIN recovery (RFC 7292 B.2): a 32-byte (SHA-256) or 20-byte
// (SHA-1) digest hashed again, `count` times, for several independent candidates at once.
//
// A digest is given as its native-endian words h0…h7 (h0…h4): the big-endian words of the
// digest bytes, which are exactly the message words of the next one-block hash. With the SHA
// extensions (x86 SHA-NI) two candidates run interleaved so that the rounds unit never waits on
// one chain of dependent rounds; elsewhere a portable C loop does the same work.
#ifndef CSHA_KERNELS_H
#define CSHA_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Which code path computes the kernels.
typedef enum {
    /// The fastest this CPU runs.
    CSHA_AUTOMATIC = 0,
    /// Portable C (reference, and CPUs without SHA extensions).
    CSHA_PORTABLE = 1,
    /// x86 SHA extensions (SHA-NI), chosen only where CPUID reports them.
    CSHA_SHA_EXTENSIONS = 2,
} csha_implementation;

/// The implementation CSHA_AUTOMATIC picks on this CPU.
csha_implementation csha_best_implementation(void);

/// Replaces each of the `lanes` SHA-256 digests at `digests` (8 words each, consecutive) by
/// SHA-256 applied `count` more times to its 32 bytes. Returns the implementation used.
csha_implementation csha256_rehash(uint32_t *digests, int lanes, uint32_t count, csha_implementation implementation);

/// The same for SHA-1 digests (5 words each, consecutive).
csha_implementation csha1_rehash(uint32_t *digests, int lanes, uint32_t count, csha_implementation implementation);

#ifdef __cplusplus
}
#endif

#endif
