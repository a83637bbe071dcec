// The product of small matrices (a recurrent step's, a small Dense layer's), where calling BLAS
// costs more than the arithmetic: each row of C is built from scaled rows of B, so the inner loop
// runs over C's and B's contiguous rows on the widest vectors.
#include "CKernels.h"
#include "widest_vectors.h"

KS_WIDEST_VECTORS
void ks_small_gemm_f32(int transA, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha, const float *a, ptrdiff_t lda,
                       const float *b, ptrdiff_t ldb, float beta, float *c, ptrdiff_t ldc) {
    for (ptrdiff_t i = 0; i < m; i++) {
        float *restrict row = c + i * ldc;
        if (beta == 0) {
            for (ptrdiff_t j = 0; j < n; j++) row[j] = 0;
        } else if (beta != 1) {
            for (ptrdiff_t j = 0; j < n; j++) row[j] *= beta;
        }
        for (ptrdiff_t p = 0; p < k; p++) {
            float scale = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
            const float *restrict source = b + p * ldb;
            for (ptrdiff_t j = 0; j < n; j++) row[j] += scale * source[j];
        }
    }
}
