// c = alpha · a·b + beta · c for the products of Dense layers (a batch of rows against a kernel,
// or the kernel's gradient from a batch), where b's rows are contiguous. A block of up to 8 rows
// times 48 columns of c stays in registers while the k rows of b stream by; each step is three
// vector loads of b, eight broadcasts of a, and 24 fused multiply-adds, which keeps one core's
// multiply-add units busy. a's element (r, p) is a[r·sa + p·sp], so one loop serves a and its
// transpose. Only whole 16-column groups are done here, and only with AVX-512; the caller takes
// the rest.
#include "CKernels.h"
#include "vector16.h"
#include "widest_vectors.h"

#pragma STDC FP_CONTRACT ON

// One block: ROWS rows from i0 times V vectors of columns from j0.
#define GEMM_BLOCK(ROWS, V)                                                                      \
    do {                                                                                         \
        vf16 acc[ROWS][V];                                                                       \
        for (int r = 0; r < ROWS; r++)                                                           \
            for (int v = 0; v < V; v++) acc[r][v] = (vf16){0};                                   \
        const float *ap = a + i0 * sa;                                                           \
        for (ptrdiff_t p = 0; p < k; p++) {                                                      \
            vf16 bv[V];                                                                          \
            for (int v = 0; v < V; v++) LOAD16(bv[v], b + p * ldb + j0 + 16 * v);                \
            for (int r = 0; r < ROWS; r++) {                                                     \
                float s = ap[r * sa + p * sp];                                                   \
                for (int v = 0; v < V; v++) acc[r][v] += s * bv[v];                              \
            }                                                                                    \
        }                                                                                        \
        for (int r = 0; r < ROWS; r++)                                                           \
            for (int v = 0; v < V; v++) {                                                        \
                float *cp = c + (i0 + r) * ldc + j0 + 16 * v;                                    \
                vf16 y = alpha * acc[r][v];                                                      \
                if (beta != 0) {                                                                 \
                    vf16 old;                                                                    \
                    LOAD16(old, cp);                                                             \
                    y += beta * old;                                                             \
                }                                                                                \
                memcpy(cp, &y, sizeof(vf16));                                                    \
            }                                                                                    \
    } while (0)

// All rows of c for the columns [j0, j0 + 16·V): blocks of 8 rows, then 4, then single rows.
#define GEMM_COLUMNS(V)                                                                          \
    do {                                                                                         \
        ptrdiff_t i0 = 0;                                                                        \
        for (; i0 + 8 <= m; i0 += 8) GEMM_BLOCK(8, V);                                           \
        for (; i0 + 4 <= m; i0 += 4) GEMM_BLOCK(4, V);                                           \
        for (; i0 < m; i0++) GEMM_BLOCK(1, V);                                                   \
    } while (0)

KS_WIDEST_VECTORS
ptrdiff_t ks_register_gemm_f32(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha, const float *a, ptrdiff_t sa,
                               ptrdiff_t sp, const float *b, ptrdiff_t ldb, float beta, float *c, ptrdiff_t ldc) {
    // The 24 sums of a block need AVX-512's 32 vector registers; with fewer, BLAS does it all.
    if (!__builtin_cpu_supports("avx512f")) return 0;
    ptrdiff_t j0 = 0;
    for (; j0 + 48 <= n; j0 += 48) GEMM_COLUMNS(3);
    for (; j0 + 16 <= n; j0 += 16) GEMM_COLUMNS(1);
    return j0;
}
