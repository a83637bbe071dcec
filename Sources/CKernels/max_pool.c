// Float max pooling, channels-last, vectorized across channels. The forward pass keeps each
// window's first maximum (a later value wins only when strictly greater, so a leading NaN
// stays). For training it also records, per output, which cell of its window won (the first
// cell equal to the maximum, the window's first cell when the maximum is NaN). The backward pass
// is for windows that do not overlap (strides at least the window, as in MaxPooling2D's
// default): every input cell belongs to one window at most, so each is written once, from the
// recorded winners alone, without reading the input again. When the input is a ReLU's output,
// `relu_masked` also applies the ReLU's gradient: a window whose maximum is not positive has no
// winner and passes nothing back, which is what the ReLU would do to its cells.
#include <string.h>
#include "CKernels.h"
#include "vector16.h"
#include "widest_vectors.h"

enum { NO_WINNER = 255 };

// The input rows (or columns) [start, end) that output row o's window covers, clipped to the image.
static inline void window(ptrdiff_t o, ptrdiff_t stride, ptrdiff_t before, ptrdiff_t k, ptrdiff_t size, ptrdiff_t *start,
                          ptrdiff_t *end) {
    ptrdiff_t first = o * stride - before, last = first + k;
    *start = first < 0 ? 0 : first;
    *end = last > size ? size : last;
}

typedef unsigned char vu8x16 __attribute__((vector_size(16), aligned(1)));

// Sixteen channels of one window: the maxima, and each one's winning cell (or none, with
// relu_masked, where the maximum is not positive). `a` is the window's first cell inside the
// image, rows × cols cells `rowStep` and `cellStep` floats apart; a cell's number counts kw per row.
#define POOL16(a, rows, cols, kw, rowStep, cellStep, out, won, relu_masked)                         \
    do {                                                                                            \
        vf16 m, v;                                                                                  \
        vi16 at = {0};                                                                              \
        LOAD16(m, a);                                                                               \
        for (ptrdiff_t cy = 0; cy < (rows); cy++)                                                   \
            for (ptrdiff_t cx = cy == 0 ? 1 : 0; cx < (cols); cx++) {                               \
                LOAD16(v, (a) + cy * (rowStep) + cx * (cellStep));                                  \
                vi16 better = v > m;                                                                \
                m = (vf16)(((vi16)v & better) | ((vi16)m & ~better));                               \
                if (won) at = (better & (int)(cy * (kw) + cx)) | (at & ~better);                    \
            }                                                                                       \
        memcpy(out, &m, sizeof m);                                                                  \
        if (won) {                                                                                  \
            if (relu_masked) {                                                                      \
                vi16 positive = m > 0;                                                              \
                at = (at & positive) | (NO_WINNER & ~positive);                                     \
            }                                                                                       \
            vu8x16 bytes = __builtin_convertvector(at, vu8x16);                                     \
            memcpy(won, &bytes, sizeof bytes);                                                      \
        }                                                                                           \
    } while (0)

KS_WIDEST_VECTORS
void ks_max_pool_forward_f32(const float *x, float *y, unsigned char *winners, ptrdiff_t h, ptrdiff_t w, ptrdiff_t c,
                             ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t kh, ptrdiff_t kw, ptrdiff_t sh, ptrdiff_t sw,
                             ptrdiff_t top, ptrdiff_t left, int relu_masked) {
    for (ptrdiff_t oy = 0; oy < oh; oy++) {
        ptrdiff_t y0, y1;
        window(oy, sh, top, kh, h, &y0, &y1);
        for (ptrdiff_t ox = 0; ox < ow; ox++) {
            ptrdiff_t x0, x1;
            window(ox, sw, left, kw, w, &x0, &x1);
            float *restrict out = y + (oy * ow + ox) * c;
            unsigned char *restrict won = winners ? winners + (oy * ow + ox) * c : NULL;
            if (y0 >= y1 || x0 >= x1) {
                memset(out, 0, (size_t)c * sizeof(float));
                if (won) memset(won, NO_WINNER, (size_t)c);
                continue;
            }
            const float *first = x + (y0 * w + x0) * c;
            ptrdiff_t j = 0;
            for (; j + 16 <= c; j += 16) POOL16(first + j, y1 - y0, x1 - x0, kw, w * c, c, out + j, won ? won + j : NULL, relu_masked);
            // The channels past the last 16, one by one.
            for (; j < c; j++) {
                float m = first[j];
                unsigned char at = 0;
                for (ptrdiff_t iy = y0; iy < y1; iy++)
                    for (ptrdiff_t ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
                        float v = x[(iy * w + ix) * c + j];
                        if (v > m) { m = v; at = (unsigned char)((iy - y0) * kw + (ix - x0)); }
                    }
                out[j] = m;
                if (won) won[j] = relu_masked && !(m > 0) ? NO_WINNER : at;
            }
        }
    }
}

// Whether input cell i (a row or a column) lies in no window: past the last, or between two.
static inline int uncovered(ptrdiff_t i, ptrdiff_t before, ptrdiff_t stride, ptrdiff_t k, ptrdiff_t outputs) {
    return (i + before) / stride >= outputs || (i + before) % stride >= k;
}

KS_WIDEST_VECTORS
void ks_max_pool_backward_winners_f32(const unsigned char *winners, const float *g, float *gx, ptrdiff_t h, ptrdiff_t w,
                                      ptrdiff_t c, ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t kh, ptrdiff_t kw, ptrdiff_t sh,
                                      ptrdiff_t sw, ptrdiff_t top, ptrdiff_t left) {
    // Cells no window covers (past the last window, or between windows) get zero.
    for (ptrdiff_t iy = 0; iy < h; iy++)
        if (uncovered(iy, top, sh, kh, oh)) memset(gx + iy * w * c, 0, (size_t)(w * c) * sizeof(float));
    for (ptrdiff_t ix = 0; ix < w; ix++)
        if (uncovered(ix, left, sw, kw, ow))
            for (ptrdiff_t iy = 0; iy < h; iy++)
                if (!uncovered(iy, top, sh, kh, oh)) memset(gx + (iy * w + ix) * c, 0, (size_t)c * sizeof(float));
    for (ptrdiff_t oy = 0; oy < oh; oy++) {
        ptrdiff_t y0, y1;
        window(oy, sh, top, kh, h, &y0, &y1);
        for (ptrdiff_t ox = 0; ox < ow; ox++) {
            ptrdiff_t x0, x1;
            window(ox, sw, left, kw, w, &x0, &x1);
            const unsigned char *restrict won = winners + (oy * ow + ox) * c;
            const float *restrict go = g + (oy * ow + ox) * c;
            for (ptrdiff_t iy = y0; iy < y1; iy++)
                for (ptrdiff_t ix = x0; ix < x1; ix++) {
                    float *restrict gp = gx + (iy * w + ix) * c;
                    int at = (int)((iy - y0) * kw + (ix - x0));
                    ptrdiff_t j = 0;
                    for (; j + 16 <= c; j += 16) {
                        vu8x16 bytes;
                        vf16 gv;
                        memcpy(&bytes, won + j, sizeof bytes);
                        LOAD16(gv, go + j);
                        vf16 kept = (vf16)((vi16)gv & (__builtin_convertvector(bytes, vi16) == at));
                        memcpy(gp + j, &kept, sizeof kept);
                    }
                    for (; j < c; j++) gp[j] = won[j] == at ? go[j] : 0.0f;
                }
        }
    }
}
