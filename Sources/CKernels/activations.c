// Exp, sigmoid and tanh over float32 arrays: exp as 2^k * e^r (|r| <= ln2/2, Cephes's degree-6
// polynomial), branch-free so that each loop becomes vector code.
#include <stdint.h>
#include <string.h>
#include "CKernels.h"
#include "widest_vectors.h"

static inline float bits_to_float(uint32_t u) { float f; memcpy(&f, &u, sizeof f); return f; }
static inline uint32_t float_to_bits(float f) { uint32_t u; memcpy(&u, &f, sizeof u); return u; }

/// e^x; the rounding of x·log2(e) to an integer k uses the 1.5·2^23 trick.
static inline float fast_exp(float v) {
    float x = v < -87.3f ? -87.3f : (v > 88.7f ? 88.7f : v);
    float shifted = x * 1.44269504088896341f + 12582912.0f;
    float k = shifted - 12582912.0f;
    float r = x - k * 0.693359375f + k * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float y = p * (r * r) + r + 1.0f;
    int32_t exponent = ((int32_t)float_to_bits(shifted) - 0x4B400000 + 127) << 23;
    return y * bits_to_float((uint32_t)exponent);
}

KS_WIDEST_VECTORS
void ks_exp_f32(float *p, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) p[i] = fast_exp(p[i]);
}

KS_WIDEST_VECTORS
void ks_sigmoid_f32(float *p, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) p[i] = 1.0f / (1.0f + fast_exp(-p[i]));
}

/// tanh(x) = sign(x) (1 - e) / (1 + e) with e = exp(-2|x|); below 0.1 in magnitude, where that
/// subtraction loses digits, its Taylor series to x⁷.
KS_WIDEST_VECTORS
void ks_tanh_f32(float *p, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) {
        float x = p[i];
        uint32_t sign = float_to_bits(x) & 0x80000000u;
        float a = bits_to_float(float_to_bits(x) & 0x7FFFFFFFu);
        float e = fast_exp(-2.0f * a);
        float t = (1.0f - e) / (1.0f + e);
        float a2 = a * a;
        float series = a + a * a2 * (-1.0f / 3.0f + a2 * (2.0f / 15.0f + a2 * (-17.0f / 315.0f)));
        t = a < 0.1f ? series : t;
        p[i] = bits_to_float(float_to_bits(t) | sign);
    }
}
