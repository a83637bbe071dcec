// c += aᵀ · b where a (k × m) and b (k × n) are tall and thin and c small: a convolution's kernel
// gradient, patches (one row per output pixel) against the output gradient, when the patches are
// short (a first layer's few input channels). BLAS handles this shape poorly; here a block of
// 8 rows and 32 columns of c stays in registers while all k rows stream by once.
#include "CKernels.h"
#include "widest_vectors.h"

enum { ROWS = 8, COLS = 32 };

KS_WIDEST_VECTORS
void ks_long_gemm_tn_f32(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
                         const float *b, ptrdiff_t ldb, float *c, ptrdiff_t ldc) {
    for (ptrdiff_t i0 = 0; i0 < m; i0 += ROWS) {
        ptrdiff_t rows = m - i0 < ROWS ? m - i0 : ROWS;
        for (ptrdiff_t j0 = 0; j0 < n; j0 += COLS) {
            ptrdiff_t cols = n - j0 < COLS ? n - j0 : COLS;
            float acc[ROWS][COLS];
            for (int r = 0; r < ROWS; r++) for (int j = 0; j < COLS; j++) acc[r][j] = 0;
            if (rows == ROWS && cols == COLS) {
                for (ptrdiff_t p = 0; p < k; p++) {
                    const float *restrict ap = a + p * lda + i0;
                    const float *restrict bp = b + p * ldb + j0;
                    for (int r = 0; r < ROWS; r++) {
                        float s = ap[r];
                        for (int j = 0; j < COLS; j++) acc[r][j] += s * bp[j];
                    }
                }
            } else {
                for (ptrdiff_t p = 0; p < k; p++) {
                    const float *restrict ap = a + p * lda + i0;
                    const float *restrict bp = b + p * ldb + j0;
                    for (ptrdiff_t r = 0; r < rows; r++) {
                        float s = ap[r];
                        for (ptrdiff_t j = 0; j < cols; j++) acc[r][j] += s * bp[j];
                    }
                }
            }
            for (ptrdiff_t r = 0; r < rows; r++)
                for (ptrdiff_t j = 0; j < cols; j++) c[(i0 + r) * ldc + j0 + j] += acc[r][j];
        }
    }
}
