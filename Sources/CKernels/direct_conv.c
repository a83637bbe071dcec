// Direct 2-D convolution, channels-last, stride 1: no patch matrix. A tile of output pixels
// (consecutive in the output) times a strip of 16 or 32 filters stays in registers while
// the kernel's taps and channels stream by; the kernel gradient keeps a block of patch rows
// times a strip of filters in registers while every output pixel streams by. The input
// gradient is the forward loop run on the zero-padded output gradient with the kernel turned
// round, so these two loops are the whole convolution. Written with explicit 16-float vectors
// (one AVX-512 register; two AVX2 ones) so the compiler vectorizes across filters.
#include "CKernels.h"
#include "vector16.h"
#include "widest_vectors.h"

#pragma STDC FP_CONTRACT ON

// One tile of the forward loop: PIX output pixels (consecutive in the output, so a tile may
// run past a row's end onto the next row) times V vectors of filters from column j0. base[p]
// is pixel p's top-left input value; `cols` columns are stored from `out` on. Kernel rows
// outside [kyFirst, kyEnd) meet only the input's zero rows for every pixel of the tile.
#define CONV_TILE(PIX, V)                                                                        \
    do {                                                                                         \
        vf16 acc[PIX][V];                                                                        \
        for (int p = 0; p < PIX; p++)                                                            \
            for (int v = 0; v < V; v++) acc[p][v] = (vf16){0};                                   \
        for (ptrdiff_t ky = kyFirst; ky < kyEnd; ky++) {                                         \
            /* A kernel row's taps and channels are one contiguous run in x and in wt. */        \
            const float *wp = wt + ky * kw * c * ldw + j0;                                       \
            ptrdiff_t row = ky * w * c;                                                          \
            for (ptrdiff_t r = 0; r < kw * c; r++) {                                             \
                vf16 wv[V];                                                                      \
                for (int v = 0; v < V; v++) LOAD16(wv[v], wp + r * ldw + 16 * v);                \
                for (int p = 0; p < PIX; p++) {                                                  \
                    float s = base[p][row + r];                                                  \
                    for (int v = 0; v < V; v++) acc[p][v] += s * wv[v];                          \
                }                                                                                \
            }                                                                                    \
        }                                                                                        \
        if (cols == 16 * V) {                                                                    \
            for (int v = 0; v < V; v++) {                                                        \
                vf16 b = {0};                                                                    \
                if (bias) LOAD16(b, bias + j0 + 16 * v);                                         \
                for (int p = 0; p < PIX; p++) {                                                  \
                    vf16 y = acc[p][v] + b;                                                      \
                    if (relu) y = (vf16)((vi16)y & ~(y < 0));                                    \
                    memcpy(out + p * f + j0 + 16 * v, &y, sizeof(vf16));                         \
                }                                                                                \
            }                                                                                    \
        } else {                                                                                 \
            for (int p = 0; p < PIX; p++) {                                                      \
                float row[16 * V];                                                               \
                for (int v = 0; v < V; v++) memcpy(row + 16 * v, &acc[p][v], sizeof(vf16));      \
                finish_row(row, cols, bias ? bias + j0 : NULL, relu);                            \
                memcpy(out + p * f + j0, row, (size_t)cols * sizeof(float));                     \
            }                                                                                    \
        }                                                                                        \
    } while (0)

// Adds the bias to an output row's sums, then applies ReLU (a NaN stays NaN), as the separate
// ops would; a whole strip does the same in vector registers, ReLU clearing the bits of the
// negative values.
static inline void finish_row(float *restrict row, ptrdiff_t cols, const float *restrict bias, int relu) {
    if (bias)
        for (ptrdiff_t j = 0; j < cols; j++) row[j] += bias[j];
    if (relu)
        for (ptrdiff_t j = 0; j < cols; j++) row[j] = row[j] < 0 ? 0 : row[j];
}

// An image with fewer output pixels than a tile: one value at a time.
static inline void conv_pixel(const float *x0, ptrdiff_t w, ptrdiff_t c, const float *wt, ptrdiff_t kh, ptrdiff_t kw,
                              ptrdiff_t f, ptrdiff_t ldw, const float *bias, int relu, float *out) {
    for (ptrdiff_t j = 0; j < f; j++) {
        float sum = 0;
        for (ptrdiff_t ky = 0; ky < kh; ky++)
            for (ptrdiff_t kx = 0; kx < kw; kx++)
                for (ptrdiff_t ci = 0; ci < c; ci++) sum += x0[(ky * w + kx) * c + ci] * wt[((ky * kw + kx) * c + ci) * ldw + j];
        out[j] = sum;
    }
    finish_row(out, f, bias, relu);
}

enum { MOST_PIX = 12 };

KS_WIDEST_VECTORS
void ks_conv2d_valid_f32(const float *x, ptrdiff_t h, ptrdiff_t w, ptrdiff_t c, ptrdiff_t zeroTop, ptrdiff_t zeroBottom,
                         const float *wt, ptrdiff_t kh, ptrdiff_t kw, ptrdiff_t f, ptrdiff_t ldw, const float *bias, int relu,
                         float *output) {
    ptrdiff_t oh = h - kh + 1, ow = w - kw + 1, pixels = oh * ow;
    if (oh <= 0 || ow <= 0) return;
    int wide = ldw % 32 == 0;
    ptrdiff_t strip = wide ? 32 : 16, pix = wide ? 6 : 12;
    if (pixels < pix) {
        for (ptrdiff_t q = 0; q < pixels; q++)
            conv_pixel(x + (q / ow * w + q % ow) * c, w, c, wt, kh, kw, f, ldw, bias, relu, output + q * f);
        return;
    }
    // Strip by strip, so a strip's weights stay in cache while every tile of the image passes.
    for (ptrdiff_t j0 = 0; j0 < f; j0 += strip) {
        ptrdiff_t cols = f - j0 < strip ? f - j0 : strip;
        for (ptrdiff_t q = 0; q < pixels; q += pix) {
            // The last tile moves back to end at the last pixel, recomputing a few, so every tile is whole.
            ptrdiff_t first = q + pix <= pixels ? q : pixels - pix;
            // Each pixel's top-left input value, stepping along the output rows (one division per tile).
            const float *base[MOST_PIX];
            ptrdiff_t oyFirst = first / ow, oy = oyFirst, ox = first - oyFirst * ow;
            for (ptrdiff_t p = 0; p < pix; p++) {
                base[p] = x + (oy * w + ox) * c;
                if (++ox == ow) { ox = 0; oy++; }
            }
            // Skip the kernel rows that fall in the zero rows (padding) for all of the tile's pixels.
            ptrdiff_t oyLast = (first + pix - 1) / ow;
            ptrdiff_t kyFirst = zeroTop - oyLast > 0 ? zeroTop - oyLast : 0;
            ptrdiff_t kyEnd = h - zeroBottom - oyFirst < kh ? h - zeroBottom - oyFirst : kh;
            float *out = output + first * f;
            if (wide) CONV_TILE(6, 2); else CONV_TILE(12, 1);
        }
    }
}

// One block of the kernel gradient: ROWS patch rows from r0 times V vectors of filters from j0,
// summed over the output pixels of one image and added to gw. Patch row r = (ky·kw + kx)·c + ci
// lies (ky·w + kx)·c + ci values after a pixel's top-left input value. A block past the patch's
// last row computes its extra rows from the pixel's first value and drops them: every block has
// constant bounds, so its sums stay in registers.
#define KERNEL_GRAD_BLOCK(ROWS, V)                                                               \
    do {                                                                                         \
        rows = patch - r0 < ROWS ? patch - r0 : ROWS;                                            \
        vf16 acc[ROWS][V];                                                                       \
        ptrdiff_t o[ROWS];                                                                       \
        for (int r = 0; r < ROWS; r++) {                                                         \
            o[r] = r < rows ? (r0 + r) / (kw * c) * w * c + (r0 + r) % (kw * c) : 0;             \
            for (int v = 0; v < V; v++) acc[r][v] = (vf16){0};                                   \
        }                                                                                        \
        for (ptrdiff_t oy = 0; oy < oh; oy++) {                                                  \
            const float *xrow = xi + oy * w * c;                                                 \
            const float *grow = gi + oy * ow * f + j0;                                           \
            for (ptrdiff_t ox = 0; ox < ow; ox++) {                                              \
                const float *xp = xrow + ox * c;                                                 \
                vf16 gv[V];                                                                      \
                for (int v = 0; v < V; v++) LOAD16(gv[v], grow + ox * f + 16 * v);              \
                for (int r = 0; r < ROWS; r++) {                                                 \
                    float s = xp[o[r]];                                                          \
                    for (int v = 0; v < V; v++) acc[r][v] += s * gv[v];                          \
                }                                                                                \
            }                                                                                    \
        }                                                                                        \
        for (int r = 0; r < rows; r++)                                                           \
            for (int v = 0; v < V; v++)                                                          \
                for (int j = 0; j < 16; j++) gw[(r0 + r) * f + j0 + 16 * v + j] += acc[r][v][j]; \
    } while (0)

KS_WIDEST_VECTORS
void ks_conv2d_kernel_grad_f32(const float *x, ptrdiff_t n, ptrdiff_t h, ptrdiff_t w, ptrdiff_t c, const float *g,
                               ptrdiff_t f, ptrdiff_t kh, ptrdiff_t kw, float *gw, float *gb) {
    ptrdiff_t oh = h - kh + 1, ow = w - kw + 1, patch = kh * kw * c;
    if (oh <= 0 || ow <= 0 || f % 16 != 0) return;
    int wide = f % 32 == 0;
    ptrdiff_t strip = wide ? 32 : 16;
    // Image by image, so one image's input and gradient stay in cache while every block of
    // the kernel gradient passes over them. Blocks of 8 rows (16 for 16 filters; as many
    // offsets as the registers hold), the last one the smaller size when that holds what is left.
    for (ptrdiff_t img = 0; img < n; img++) {
        const float *xi = x + img * h * w * c, *gi = g + img * oh * ow * f;
        for (ptrdiff_t r0 = 0, rows = 0; r0 < patch; r0 += rows) {
            ptrdiff_t left = patch - r0;
            for (ptrdiff_t j0 = 0; j0 < f; j0 += strip) {
                if (wide) {
                    if (left > 4) KERNEL_GRAD_BLOCK(8, 2); else KERNEL_GRAD_BLOCK(4, 2);
                } else {
                    if (left > 8) KERNEL_GRAD_BLOCK(16, 1); else KERNEL_GRAD_BLOCK(8, 1);
                }
            }
        }
        // The bias gradient: the image's output gradient summed per filter, while it is still in cache.
        if (gb)
            for (ptrdiff_t p = 0; p < oh * ow; p++)
                for (ptrdiff_t j = 0; j < f; j++) gb[j] += gi[p * f + j];
    }
}
