// Multi-buffer SHA-256 and SHA-1 rehash: one candidate per 32-bit SIMD lane, LANES candidates
// per call. Included by sha_kernels.c once per vector width, with these macros defined:
//
//   LANES              lanes per vector (8 for AVX2, 16 for AVX-512)
//   LANES_NAME(name)   the function's name for this width
//   LANES_TARGET       the function attribute enabling the instructions
//
// Written with the compiler's vector operators rather than intrinsics, for two reasons: one body
// serves both widths (the compiler turns the rotate and three-input logic patterns into vprold
// and vpternlogd where AVX-512 has them), and an unoptimized (debug) build stays usable — at -O0
// every intrinsic is a call-like sequence through the stack, about 10× slower again.
//
// The message of each compression is the previous digest followed by constant padding, so the
// padding words are written as constants and the compiler folds them into the round constants
// and the first schedule words. The digests are transposed once per call (LANES × words,
// consecutive per candidate → one vector per word), not once per iteration.
//
// This file is no public header: it lives beside sha_kernels.c, outside include/.

typedef uint32_t LANES_NAME(vector) __attribute__((vector_size(4 * LANES), aligned(4 * LANES)));
#define LV LANES_NAME(vector)
#define L_SET1(c) ((LV){0} + (uint32_t)(c))
#define L_ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define L_ROL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define L_CH(e, f, g) ((((f) ^ (g)) & (e)) ^ (g))
#define L_MAJ(a, b, c) (((a) & (b)) | ((c) & ((a) | (b))))

LANES_TARGET static void LANES_NAME(sha256_rehash)(uint32_t *digests, uint32_t count) {
    _Alignas(64) uint32_t soa[8][LANES];
    for (int l = 0; l < LANES; l++)
        for (int i = 0; i < 8; i++) soa[i][l] = digests[8 * l + i];
    LV h[8];
    for (int i = 0; i < 8; i++) h[i] = *(const LV *)soa[i];
    for (uint32_t round = 0; round < count; round++) {
        LV w[16];
        for (int i = 0; i < 8; i++) w[i] = h[i];
        w[8] = L_SET1(0x80000000u);
        for (int i = 9; i < 15; i++) w[i] = L_SET1(0);
        w[15] = L_SET1(256);
        LV a = L_SET1(sha256_iv[0]), b = L_SET1(sha256_iv[1]), c = L_SET1(sha256_iv[2]), d = L_SET1(sha256_iv[3]);
        LV e = L_SET1(sha256_iv[4]), f = L_SET1(sha256_iv[5]), g = L_SET1(sha256_iv[6]), hh = L_SET1(sha256_iv[7]);
        _Pragma("clang loop unroll(full)")
        for (int i = 0; i < 64; i++) {
            if (i >= 16) {
                const LV w15 = w[(i - 15) & 15], w2 = w[(i - 2) & 15];
                const LV s0 = L_ROR(w15, 7) ^ L_ROR(w15, 18) ^ (w15 >> 3);
                const LV s1 = L_ROR(w2, 17) ^ L_ROR(w2, 19) ^ (w2 >> 10);
                w[i & 15] += s0 + w[(i - 7) & 15] + s1;
            }
            const LV t1 = hh + (L_ROR(e, 6) ^ L_ROR(e, 11) ^ L_ROR(e, 25)) + L_CH(e, f, g) + sha256_k[i] + w[i & 15];
            const LV t2 = (L_ROR(a, 2) ^ L_ROR(a, 13) ^ L_ROR(a, 22)) + L_MAJ(a, b, c);
            hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
        }
        h[0] = a + sha256_iv[0]; h[1] = b + sha256_iv[1]; h[2] = c + sha256_iv[2]; h[3] = d + sha256_iv[3];
        h[4] = e + sha256_iv[4]; h[5] = f + sha256_iv[5]; h[6] = g + sha256_iv[6]; h[7] = hh + sha256_iv[7];
    }
    for (int i = 0; i < 8; i++) *(LV *)soa[i] = h[i];
    for (int l = 0; l < LANES; l++)
        for (int i = 0; i < 8; i++) digests[8 * l + i] = soa[i][l];
}

LANES_TARGET static void LANES_NAME(sha1_rehash)(uint32_t *digests, uint32_t count) {
    _Alignas(64) uint32_t soa[5][LANES];
    for (int l = 0; l < LANES; l++)
        for (int i = 0; i < 5; i++) soa[i][l] = digests[5 * l + i];
    LV h[5];
    for (int i = 0; i < 5; i++) h[i] = *(const LV *)soa[i];
    for (uint32_t round = 0; round < count; round++) {
        LV w[16];
        for (int i = 0; i < 5; i++) w[i] = h[i];
        w[5] = L_SET1(0x80000000u);
        for (int i = 6; i < 15; i++) w[i] = L_SET1(0);
        w[15] = L_SET1(160);
        LV a = L_SET1(sha1_iv[0]), b = L_SET1(sha1_iv[1]), c = L_SET1(sha1_iv[2]), d = L_SET1(sha1_iv[3]);
        LV e = L_SET1(sha1_iv[4]);
        _Pragma("clang loop unroll(full)")
        for (int i = 0; i < 80; i++) {
            if (i >= 16) {
                const LV x = w[(i - 3) & 15] ^ w[(i - 8) & 15] ^ w[(i - 14) & 15] ^ w[i & 15];
                w[i & 15] = L_ROL(x, 1);
            }
            LV fk;
            if (i < 20) fk = L_CH(b, c, d) + 0x5a827999u;
            else if (i < 40) fk = (b ^ c ^ d) + 0x6ed9eba1u;
            else if (i < 60) fk = L_MAJ(b, c, d) + 0x8f1bbcdcu;
            else fk = (b ^ c ^ d) + 0xca62c1d6u;
            const LV t = L_ROL(a, 5) + fk + e + w[i & 15];
            e = d; d = c; c = L_ROL(b, 30); b = a; a = t;
        }
        h[0] = a + sha1_iv[0]; h[1] = b + sha1_iv[1]; h[2] = c + sha1_iv[2]; h[3] = d + sha1_iv[3];
        h[4] = e + sha1_iv[4];
    }
    for (int i = 0; i < 5; i++) *(LV *)soa[i] = h[i];
    for (int l = 0; l < LANES; l++)
        for (int i = 0; i < 5; i++) digests[5 * l + i] = soa[i][l];
}

#undef LV
#undef L_SET1
#undef L_ROR
#undef L_ROL
#undef L_CH
#undef L_MAJ
