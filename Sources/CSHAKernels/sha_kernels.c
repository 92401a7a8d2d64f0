// See CSHAKernels.h. The SHA-NI code follows Intel's published round structure (sha256rnds2 /
// sha1rnds4 with the msg1/msg2 schedule); the AVX2 and AVX-512 code runs one candidate per
// 32-bit lane (sha_lanes.h). Every x86 path is compiled for its instructions through function
// attributes only, and chosen at run time from CPUID and, for the vector registers, from what the
// operating system saves and restores (XGETBV): a CPU may have AVX-512 that the OS left off.
#include "CSHAKernels.h"

#include <stdatomic.h>
#include <string.h>

#define ROTR32(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define ROTL32(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};
static const uint32_t sha256_iv[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};
static const uint32_t sha1_iv[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};

// MARK: Portable C

static void sha256_rehash_portable(uint32_t *h, uint32_t count) {
    for (uint32_t round = 0; round < count; round++) {
        uint32_t w[64];
        for (int i = 0; i < 8; i++) w[i] = h[i];
        w[8] = 0x80000000u;
        for (int i = 9; i < 15; i++) w[i] = 0;
        w[15] = 256;
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = ROTR32(w[i - 15], 7) ^ ROTR32(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = ROTR32(w[i - 2], 17) ^ ROTR32(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = sha256_iv[0], b = sha256_iv[1], c = sha256_iv[2], d = sha256_iv[3];
        uint32_t e = sha256_iv[4], f = sha256_iv[5], g = sha256_iv[6], hh = sha256_iv[7];
        for (int i = 0; i < 64; i++) {
            uint32_t t1 = hh + (ROTR32(e, 6) ^ ROTR32(e, 11) ^ ROTR32(e, 25)) + ((e & f) ^ (~e & g)) + sha256_k[i] + w[i];
            uint32_t t2 = (ROTR32(a, 2) ^ ROTR32(a, 13) ^ ROTR32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
        }
        h[0] = sha256_iv[0] + a; h[1] = sha256_iv[1] + b; h[2] = sha256_iv[2] + c; h[3] = sha256_iv[3] + d;
        h[4] = sha256_iv[4] + e; h[5] = sha256_iv[5] + f; h[6] = sha256_iv[6] + g; h[7] = sha256_iv[7] + hh;
    }
}

static void sha1_rehash_portable(uint32_t *h, uint32_t count) {
    for (uint32_t round = 0; round < count; round++) {
        uint32_t w[80];
        for (int i = 0; i < 5; i++) w[i] = h[i];
        w[5] = 0x80000000u;
        for (int i = 6; i < 15; i++) w[i] = 0;
        w[15] = 160;
        for (int i = 16; i < 80; i++) w[i] = ROTL32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint32_t a = sha1_iv[0], b = sha1_iv[1], c = sha1_iv[2], d = sha1_iv[3], e = sha1_iv[4];
        for (int i = 0; i < 80; i++) {
            uint32_t f, k;
            if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
            else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
            else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
            else { f = b ^ c ^ d; k = 0xca62c1d6; }
            uint32_t t = ROTL32(a, 5) + f + e + k + w[i];
            e = d; d = c; c = ROTL32(b, 30); b = a; a = t;
        }
        h[0] = sha1_iv[0] + a; h[1] = sha1_iv[1] + b; h[2] = sha1_iv[2] + c; h[3] = sha1_iv[3] + d;
        h[4] = sha1_iv[4] + e;
    }
}

// MARK: x86: what the CPU and the OS offer

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define CSHA_HAS_X86 1
#define SHANI __attribute__((target("sha,sse4.1")))

enum {
    FEATURE_SHA = 1 << 0,
    FEATURE_AVX2 = 1 << 1,
    FEATURE_AVX512 = 1 << 2,
    FEATURE_KNOWN = 1 << 30,  // set once detected, so that a CPU with none of them is cached too
};

// XCR0: which register state the OS saves on a context switch. Read only when CPUID says the OS
// enabled XSAVE (OSXSAVE), else the instruction faults.
static uint64_t read_xcr0(void) {
    uint32_t low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((uint64_t)high << 32) | low;
}

static int detect_features(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return FEATURE_KNOWN;
    const int sse41 = (ecx >> 19) & 1, osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1;
    unsigned ebx7 = 0;
    if (__get_cpuid_max(0, 0) >= 7 && __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) ebx7 = ebx;
    const uint64_t xcr0 = osxsave ? read_xcr0() : 0;
    // XMM|YMM state (bits 1, 2); AVX-512 adds the opmask, ZMM0–15 upper halves and ZMM16–31 (5–7).
    const int ymm = (xcr0 & 0x06) == 0x06, zmm = (xcr0 & 0xE6) == 0xE6;
    int features = FEATURE_KNOWN;
    if (sse41 && ((ebx7 >> 29) & 1)) features |= FEATURE_SHA;
    if (avx && ymm && ((ebx7 >> 5) & 1)) features |= FEATURE_AVX2;
    if (zmm && ((ebx7 >> 16) & 1) && ((ebx7 >> 30) & 1)) features |= FEATURE_AVX512;  // F and BW
    return features;
}

// CPUID can trap to the hypervisor in a virtual machine: read once, keep the answer.
static int cpu_features(void) {
    static atomic_int cached = 0;
    int features = atomic_load_explicit(&cached, memory_order_relaxed);
    if (features == 0) {
        features = detect_features();
        atomic_store_explicit(&cached, features, memory_order_relaxed);
    }
    return features;
}

static int cpu_has_sha_extensions(void) { return (cpu_features() & FEATURE_SHA) != 0; }

// MARK: x86 SHA extensions

// One SHA-256 compression of the message (m0…m3, words in lane order w0 at lane 0) from the
// IV, for L independent lanes interleaved. State in and out as (h0…h3, h4…h7) vectors.
#define SHA256_LANES(L)                                                                            \
    SHANI static void sha256_rehash_ni##L(uint32_t *digests, uint32_t count) {                    \
        const __m128i iv0 = _mm_set_epi32((int)sha256_iv[0], (int)sha256_iv[1], (int)sha256_iv[4], (int)sha256_iv[5]); \
        const __m128i iv1 = _mm_set_epi32((int)sha256_iv[2], (int)sha256_iv[3], (int)sha256_iv[6], (int)sha256_iv[7]); \
        const __m128i pad2 = _mm_set_epi32(0, 0, 0, (int)0x80000000u);                             \
        const __m128i pad3 = _mm_set_epi32(256, 0, 0, 0);                                          \
        __m128i h0[L], h1[L];                                                                      \
        for (int l = 0; l < L; l++) {                                                              \
            h0[l] = _mm_loadu_si128((const __m128i *)(digests + 8 * l));                           \
            h1[l] = _mm_loadu_si128((const __m128i *)(digests + 8 * l + 4));                       \
        }                                                                                          \
        for (uint32_t round = 0; round < count; round++) {                                         \
            __m128i m[L][4], s0[L], s1[L], msg[L];                                                 \
            for (int l = 0; l < L; l++) {                                                          \
                m[l][0] = h0[l]; m[l][1] = h1[l]; m[l][2] = pad2; m[l][3] = pad3;                  \
                s0[l] = iv0; s1[l] = iv1;                                                          \
            }                                                                                      \
            _Pragma("clang loop unroll(full)")                                                     \
            for (int g = 0; g < 16; g++) {                                                         \
                const __m128i k = _mm_loadu_si128((const __m128i *)(sha256_k + 4 * g));            \
                for (int l = 0; l < L; l++) {                                                      \
                    msg[l] = _mm_add_epi32(m[l][g & 3], k);                                        \
                    s1[l] = _mm_sha256rnds2_epu32(s1[l], s0[l], msg[l]);                           \
                }                                                                                  \
                if (g >= 3 && g < 15) {                                                            \
                    for (int l = 0; l < L; l++) {                                                  \
                        __m128i t = _mm_alignr_epi8(m[l][g & 3], m[l][(g - 1) & 3], 4);            \
                        m[l][(g + 1) & 3] = _mm_add_epi32(m[l][(g + 1) & 3], t);                   \
                        m[l][(g + 1) & 3] = _mm_sha256msg2_epu32(m[l][(g + 1) & 3], m[l][g & 3]);  \
                    }                                                                              \
                }                                                                                  \
                for (int l = 0; l < L; l++) {                                                      \
                    msg[l] = _mm_shuffle_epi32(msg[l], 0x0E);                                      \
                    s0[l] = _mm_sha256rnds2_epu32(s0[l], s1[l], msg[l]);                           \
                }                                                                                  \
                if (g >= 1 && g < 13) {                                                            \
                    for (int l = 0; l < L; l++)                                                    \
                        m[l][(g - 1) & 3] = _mm_sha256msg1_epu32(m[l][(g - 1) & 3], m[l][g & 3]);  \
                }                                                                                  \
            }                                                                                      \
            for (int l = 0; l < L; l++) {                                                          \
                __m128i abef = _mm_add_epi32(s0[l], iv0), cdgh = _mm_add_epi32(s1[l], iv1);        \
                /* ABEF/CDGH back to h0…h3 / h4…h7, the next message's first words. */             \
                __m128i t = _mm_shuffle_epi32(abef, 0x1B);                                         \
                cdgh = _mm_shuffle_epi32(cdgh, 0xB1);                                              \
                h0[l] = _mm_blend_epi16(t, cdgh, 0xF0);                                            \
                h1[l] = _mm_alignr_epi8(cdgh, t, 8);                                               \
            }                                                                                      \
        }                                                                                          \
        for (int l = 0; l < L; l++) {                                                              \
            _mm_storeu_si128((__m128i *)(digests + 8 * l), h0[l]);                                 \
            _mm_storeu_si128((__m128i *)(digests + 8 * l + 4), h1[l]);                             \
        }                                                                                          \
    }

SHA256_LANES(1)
SHA256_LANES(2)
SHA256_LANES(3)

// SHA-1 with sha1rnds4: the message vector holds w0 in lane 3 … w3 in lane 0, and so does
// ABCD (A in lane 3): the digest h0…h3 is the next message's first vector as it is.
#define SHA1_LANES(L)                                                                              \
    SHANI static void sha1_rehash_ni##L(uint32_t *digests, uint32_t count) {                      \
        const __m128i ivabcd = _mm_set_epi32((int)sha1_iv[0], (int)sha1_iv[1], (int)sha1_iv[2], (int)sha1_iv[3]); \
        const __m128i ive = _mm_set_epi32((int)sha1_iv[4], 0, 0, 0);                               \
        const __m128i pad1 = _mm_set_epi32(0, (int)0x80000000u, 0, 0);                             \
        const __m128i pad3 = _mm_set_epi32(0, 0, 0, 160);                                          \
        __m128i abcd[L], ee[L];                                                                    \
        for (int l = 0; l < L; l++) {                                                              \
            const uint32_t *d = digests + 5 * l;                                                   \
            abcd[l] = _mm_set_epi32((int)d[0], (int)d[1], (int)d[2], (int)d[3]);                   \
            ee[l] = _mm_set_epi32((int)d[4], 0, 0, 0);                                             \
        }                                                                                          \
        for (uint32_t round = 0; round < count; round++) {                                         \
            __m128i m[L][4], a[L], e0[L], e1[L];                                                   \
            for (int l = 0; l < L; l++) {                                                          \
                m[l][0] = abcd[l]; m[l][1] = _mm_or_si128(ee[l], pad1);                            \
                m[l][2] = _mm_setzero_si128(); m[l][3] = pad3;                                     \
                a[l] = ivabcd; e0[l] = _mm_add_epi32(ive, m[l][0]);                                \
                e1[l] = a[l];                                                                      \
                a[l] = _mm_sha1rnds4_epu32(a[l], e0[l], 0);                                        \
            }                                                                                      \
            _Pragma("clang loop unroll(full)")                                                     \
            for (int g = 1; g < 20; g++) {                                                         \
                for (int l = 0; l < L; l++) {                                                      \
                    __m128i *next = (g & 1) ? &e1[l] : &e0[l];                                     \
                    __m128i *other = (g & 1) ? &e0[l] : &e1[l];                                    \
                    *next = _mm_sha1nexte_epu32(*next, m[l][g & 3]);                               \
                    *other = a[l];                                                                 \
                    if (g >= 3 && g <= 18) m[l][(g + 1) & 3] = _mm_sha1msg2_epu32(m[l][(g + 1) & 3], m[l][g & 3]); \
                    switch (g / 5) {                                                               \
                    case 0: a[l] = _mm_sha1rnds4_epu32(a[l], *next, 0); break;                     \
                    case 1: a[l] = _mm_sha1rnds4_epu32(a[l], *next, 1); break;                     \
                    case 2: a[l] = _mm_sha1rnds4_epu32(a[l], *next, 2); break;                     \
                    default: a[l] = _mm_sha1rnds4_epu32(a[l], *next, 3); break;                    \
                    }                                                                              \
                    if (g <= 16) m[l][(g - 1) & 3] = _mm_sha1msg1_epu32(m[l][(g - 1) & 3], m[l][g & 3]); \
                    if (g >= 2 && g <= 17) m[l][(g - 2) & 3] = _mm_xor_si128(m[l][(g - 2) & 3], m[l][g & 3]); \
                }                                                                                  \
            }                                                                                      \
            for (int l = 0; l < L; l++) {                                                          \
                ee[l] = _mm_sha1nexte_epu32(e0[l], ive);                                           \
                abcd[l] = _mm_add_epi32(a[l], ivabcd);                                             \
            }                                                                                      \
        }                                                                                          \
        for (int l = 0; l < L; l++) {                                                              \
            uint32_t *d = digests + 5 * l;                                                         \
            d[0] = (uint32_t)_mm_extract_epi32(abcd[l], 3); d[1] = (uint32_t)_mm_extract_epi32(abcd[l], 2); \
            d[2] = (uint32_t)_mm_extract_epi32(abcd[l], 1); d[3] = (uint32_t)_mm_extract_epi32(abcd[l], 0); \
            d[4] = (uint32_t)_mm_extract_epi32(ee[l], 3);                                          \
        }                                                                                          \
    }

SHA1_LANES(1)
SHA1_LANES(2)
SHA1_LANES(3)

// MARK: AVX2, 8 lanes

#define LANES 8
#define LANES_NAME(name) name##_avx2
#define LANES_TARGET __attribute__((target("avx2")))
#include "sha_lanes.h"
#undef LANES
#undef LANES_NAME
#undef LANES_TARGET

// MARK: AVX-512, 16 lanes

#define LANES 16
#define LANES_NAME(name) name##_avx512
#define LANES_TARGET __attribute__((target("avx512f,avx512bw")))
#include "sha_lanes.h"
#undef LANES
#undef LANES_NAME
#undef LANES_TARGET
#else
#define CSHA_HAS_X86 0
static int cpu_has_sha_extensions(void) { return 0; }
#endif

// MARK: Dispatch

int csha_is_available(csha_implementation implementation) {
    switch (implementation) {
    case CSHA_AUTOMATIC:
    case CSHA_PORTABLE: return 1;
#if CSHA_HAS_X86
    case CSHA_SHA_EXTENSIONS: return (cpu_features() & FEATURE_SHA) != 0;
    case CSHA_AVX2: return (cpu_features() & FEATURE_AVX2) != 0;
    case CSHA_AVX512: return (cpu_features() & FEATURE_AVX512) != 0;
#endif
    default: return 0;
    }
}

int csha_lane_width(csha_implementation implementation) {
    switch (implementation) {
    case CSHA_SHA_EXTENSIONS: return 3;
    case CSHA_AVX2: return 8;
    case CSHA_AVX512: return 16;
    default: return 1;
    }
}

csha_implementation csha_best_implementation(void) {
    return cpu_has_sha_extensions() ? CSHA_SHA_EXTENSIONS : CSHA_PORTABLE;
}

// A path the CPU lacks is never run: such a request gets the default path instead.
static csha_implementation resolve(csha_implementation requested) {
    if (requested != CSHA_AUTOMATIC && csha_is_available(requested)) return requested;
    return csha_best_implementation();
}

// Lanes per interleaved SHA-NI call. Measured on Zen 4 (README, Speed): one lane 36 ns (SHA-256)
// / 34 ns (SHA-1) per compression; two 19–22 / 19; three 18–20 / 18: three for both.
#ifndef CSHA256_INTERLEAVE
#define CSHA256_INTERLEAVE 3
#endif
#ifndef CSHA1_INTERLEAVE
#define CSHA1_INTERLEAVE 3
#endif

#if CSHA_HAS_X86
typedef void (*lanes_kernel)(uint32_t *digests, uint32_t count);

// Whole vectors of `width` candidates, then the tail (fewer than `width`) padded with zero
// digests in a buffer on the stack, of which only the real lanes are copied back.
static void rehash_in_vectors(uint32_t *digests, int lanes, uint32_t count, int words, int width, lanes_kernel kernel) {
    int l = 0;
    for (; l + width <= lanes; l += width) kernel(digests + words * l, count);
    if (l < lanes) {
        uint32_t tail[16 * 8] = {0};
        const size_t bytes = (size_t)(lanes - l) * (size_t)words * sizeof(uint32_t);
        memcpy(tail, digests + words * l, bytes);
        kernel(tail, count);
        memcpy(digests + words * l, tail, bytes);
    }
}
#endif

csha_implementation csha256_rehash(uint32_t *digests, int lanes, uint32_t count, csha_implementation implementation) {
    csha_implementation used = resolve(implementation);
#if CSHA_HAS_X86
    switch (used) {
    case CSHA_SHA_EXTENSIONS: {
        int l = 0;
        for (; CSHA256_INTERLEAVE == 3 && l + 3 <= lanes; l += 3) sha256_rehash_ni3(digests + 8 * l, count);
        for (; l + 2 <= lanes; l += 2) sha256_rehash_ni2(digests + 8 * l, count);
        for (; l < lanes; l++) sha256_rehash_ni1(digests + 8 * l, count);
        return used;
    }
    case CSHA_AVX2: rehash_in_vectors(digests, lanes, count, 8, 8, sha256_rehash_avx2); return used;
    case CSHA_AVX512: rehash_in_vectors(digests, lanes, count, 8, 16, sha256_rehash_avx512); return used;
    default: break;
    }
#endif
    for (int l = 0; l < lanes; l++) sha256_rehash_portable(digests + 8 * l, count);
    return CSHA_PORTABLE;
}

csha_implementation csha1_rehash(uint32_t *digests, int lanes, uint32_t count, csha_implementation implementation) {
    csha_implementation used = resolve(implementation);
#if CSHA_HAS_X86
    switch (used) {
    case CSHA_SHA_EXTENSIONS: {
        int l = 0;
        for (; CSHA1_INTERLEAVE == 3 && l + 3 <= lanes; l += 3) sha1_rehash_ni3(digests + 5 * l, count);
        for (; l + 2 <= lanes; l += 2) sha1_rehash_ni2(digests + 5 * l, count);
        for (; l < lanes; l++) sha1_rehash_ni1(digests + 5 * l, count);
        return used;
    }
    case CSHA_AVX2: rehash_in_vectors(digests, lanes, count, 5, 8, sha1_rehash_avx2); return used;
    case CSHA_AVX512: rehash_in_vectors(digests, lanes, count, 5, 16, sha1_rehash_avx512); return used;
    default: break;
    }
#endif
    for (int l = 0; l < lanes; l++) sha1_rehash_portable(digests + 5 * l, count);
    return CSHA_PORTABLE;
}
