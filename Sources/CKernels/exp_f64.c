// e^x over float64 arrays as vector code: x = (128·m + j)·ln2/128 + r, e^x = 2^m · 2^(j/128) · e^r
// with a 128-entry table of 2^(j/128) (computed at load time in extended precision), |r| below
// ln2/256 and e^r − 1 as its Taylor series to r⁵. The result is the correctly rounded one but for
// about 1 in 1000 values (one ulp off), as with libm's exp; 0, subnormals, inf and NaN where
// libm gives them.
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "CKernels.h"
#include "widest_vectors.h"

enum { TABLE_BITS = 7, TABLE_SIZE = 1 << TABLE_BITS };
// 2^(j/128) as the sum of two doubles (the second holds what the first rounds off), so the
// only rounding that matters is the last one.
static double powers_high[TABLE_SIZE], powers_low[TABLE_SIZE];

__attribute__((constructor)) static void fill_powers_of_two(void) {
    for (int j = 0; j < TABLE_SIZE; j++) {
        long double exact = exp2l((long double)j / TABLE_SIZE);
        powers_high[j] = (double)exact;
        powers_low[j] = (double)(exact - powers_high[j]);
    }
}

static inline double bits_to_double(uint64_t u) { double d; memcpy(&d, &u, sizeof d); return d; }
static inline uint64_t double_to_bits(double d) { uint64_t u; memcpy(&u, &d, sizeof u); return u; }

KS_WIDEST_VECTORS
void ks_exp_f64(const double *x, double *y, ptrdiff_t n) {
    const double scale = TABLE_SIZE / 0.69314718055994530942;  // 128 / ln2
    const double shifter = 6755399441055744.0;                 // 1.5 · 2^52: adding it rounds to an integer
    // ln2/128 split: high has 32 significant bits, so k · high is exact for every |k| < 2^18 here.
    const double high = 0x1.62e42fef00000p-8, low = 0x1.473de6af278edp-41;
    for (ptrdiff_t i = 0; i < n; i++) {
        double v = x[i];
        double c = v < -746.0 ? -746.0 : (v > 710.0 ? 710.0 : v);
        double shifted = c * scale + shifter;
        double k = shifted - shifter;
        int64_t ki = (int32_t)(uint32_t)double_to_bits(shifted);  // k, in the low bits of the mantissa
        double r = (c - k * high) - k * low;
        double p = r + r * r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120))));
        double th = powers_high[ki & (TABLE_SIZE - 1)], tl = powers_low[ki & (TABLE_SIZE - 1)];
        int64_t m = ki >> TABLE_BITS, half = m >> 1;
        double first = bits_to_double((uint64_t)(half + 1023) << 52), second = bits_to_double((uint64_t)(m - half + 1023) << 52);
        double result = (th + (th * p + tl)) * first * second;
        y[i] = v != v ? v : result;
    }
}
