// Iterated-digest kernels for PIN recovery (RFC 7292 B.2): a 32-byte (SHA-256) or 20-byte
// (SHA-1) digest hashed again, `count` times, for several independent candidates at once.
//
// A digest is given as its native-endian words h0…h7 (h0…h4): the big-endian words of the
// digest bytes, which are exactly the message words of the next one-block hash. With the SHA
// extensions (x86 SHA-NI) three candidates run interleaved so that the rounds unit never waits on
// one chain of dependent rounds; with AVX2 or AVX-512 each 32-bit lane of a vector carries one
// candidate (8 or 16 at once); elsewhere a portable C loop does the same work. Which is fastest
// depends on the CPU: measure (SuccessionKit's PIN search does, once per process).
#ifndef CSHA_KERNELS_H
#define CSHA_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Which code path computes the kernels.
typedef enum {
    /// The default path: the SHA extensions where CPUID reports them, else portable C. A fixed
    /// preference, not a measurement.
    CSHA_AUTOMATIC = 0,
    /// Portable C (reference, and CPUs without SHA extensions).
    CSHA_PORTABLE = 1,
    /// x86 SHA extensions (SHA-NI), three candidates interleaved.
    CSHA_SHA_EXTENSIONS = 2,
    /// AVX2, one candidate per lane of a 256-bit vector: 8 at once.
    CSHA_AVX2 = 3,
    /// AVX-512 (F and BW), one candidate per lane of a 512-bit vector: 16 at once.
    CSHA_AVX512 = 4,
} csha_implementation;

/// The implementation CSHA_AUTOMATIC picks on this CPU.
csha_implementation csha_best_implementation(void);

/// 1 when this CPU has the instructions of `implementation` and the operating system has
/// enabled their registers (CPUID and XGETBV), else 0. Portable C is always available.
int csha_is_available(csha_implementation implementation);

/// Candidates one pass of `implementation` computes together (1 for portable C, 3 for the SHA
/// extensions, 8 for AVX2, 16 for AVX-512). Any count works; a multiple of this wastes no lane.
int csha_lane_width(csha_implementation implementation);

/// Replaces each of the `lanes` SHA-256 digests at `digests` (8 words each, consecutive) by
/// SHA-256 applied `count` more times to its 32 bytes. An implementation this CPU lacks is never
/// run: CSHA_AUTOMATIC's is used instead. Returns the implementation used.
csha_implementation csha256_rehash(uint32_t *digests, int lanes, uint32_t count, csha_implementation implementation);

/// The same for SHA-1 digests (5 words each, consecutive).
csha_implementation csha1_rehash(uint32_t *digests, int lanes, uint32_t count, csha_implementation implementation);

#ifdef __cplusplus
}
#endif

#endif
