// The product of small matrices (a recurrent step's, a small Dense layer's), where calling BLAS
// costs more than the arithmetic: each row of C is built from scaled rows of B, the inner loop
// over contiguous rows on the widest vectors, a strip of 32 columns kept in registers while the
// k rows of B are added in.
#include "CKernels.h"
#include "widest_vectors.h"

enum { STRIP = 32 };

KS_WIDEST_VECTORS
void ks_small_gemm_f32(int transA, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha, const float *a, ptrdiff_t lda,
                       const float *b, ptrdiff_t ldb, float beta, float *c, ptrdiff_t ldc) {
    ptrdiff_t strips = n / STRIP * STRIP;
    for (ptrdiff_t i = 0; i < m; i++) {
        float *restrict row = c + i * ldc;
        for (ptrdiff_t j0 = 0; j0 < n; j0 += STRIP) {
            ptrdiff_t width = j0 < strips ? STRIP : n - j0;
            float sum[STRIP];
            if (width == STRIP) {
                for (int j = 0; j < STRIP; j++) sum[j] = beta == 0 ? 0 : beta * row[j0 + j];
                for (ptrdiff_t p = 0; p < k; p++) {
                    float scale = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                    const float *restrict source = b + p * ldb + j0;
                    for (int j = 0; j < STRIP; j++) sum[j] += scale * source[j];
                }
                for (int j = 0; j < STRIP; j++) row[j0 + j] = sum[j];
            } else {
                for (ptrdiff_t j = 0; j < width; j++) sum[j] = beta == 0 ? 0 : beta * row[j0 + j];
                for (ptrdiff_t p = 0; p < k; p++) {
                    float scale = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                    const float *restrict source = b + p * ldb + j0;
                    for (ptrdiff_t j = 0; j < width; j++) sum[j] += scale * source[j];
                }
                for (ptrdiff_t j = 0; j < width; j++) row[j0 + j] = sum[j];
            }
        }
    }
}
