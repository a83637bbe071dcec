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
#include "widest_vectors.h"

enum { NO_WINNER = 255 };

// The input rows (or columns) [start, end) that output row o's window covers, clipped to the image.
static inline void window(ptrdiff_t o, ptrdiff_t stride, ptrdiff_t before, ptrdiff_t k, ptrdiff_t size, ptrdiff_t *start,
                          ptrdiff_t *end) {
    ptrdiff_t first = o * stride - before, last = first + k;
    *start = first < 0 ? 0 : first;
    *end = last > size ? size : last;
}

// Folds one more window cell into the running maxima, noting the cell as the winner where it is greater.
static inline void fold_cell(const float *restrict cell, float *restrict out, unsigned char *restrict won, unsigned char at,
                             ptrdiff_t c) {
    if (won)
        for (ptrdiff_t j = 0; j < c; j++) {
            int better = cell[j] > out[j];
            out[j] = better ? cell[j] : out[j];
            won[j] = better ? at : won[j];
        }
    else
        for (ptrdiff_t j = 0; j < c; j++) out[j] = cell[j] > out[j] ? cell[j] : out[j];
}

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
            memcpy(out, x + (y0 * w + x0) * c, (size_t)c * sizeof(float));
            if (won) memset(won, 0, (size_t)c);
            for (ptrdiff_t iy = y0; iy < y1; iy++)
                for (ptrdiff_t ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++)
                    fold_cell(x + (iy * w + ix) * c, out, won, (unsigned char)((iy - y0) * kw + (ix - x0)), c);
            if (won && relu_masked)
                for (ptrdiff_t j = 0; j < c; j++) won[j] = out[j] > 0 ? won[j] : NO_WINNER;
        }
    }
}

KS_WIDEST_VECTORS
void ks_max_pool_backward_winners_f32(const unsigned char *winners, const float *g, float *gx, ptrdiff_t h, ptrdiff_t w,
                                      ptrdiff_t c, ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t kh, ptrdiff_t kw, ptrdiff_t sh,
                                      ptrdiff_t sw, ptrdiff_t top, ptrdiff_t left) {
    // Cells no window covers (past the last window, or between windows) get zero.
    for (ptrdiff_t iy = 0; iy < h; iy++) {
        int row = (iy + top) / sh < oh && (iy + top) % sh < kh;
        for (ptrdiff_t ix = 0; ix < w; ix++)
            if (!(row && (ix + left) / sw < ow && (ix + left) % sw < kw)) memset(gx + (iy * w + ix) * c, 0, (size_t)c * sizeof(float));
    }
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
                    unsigned char at = (unsigned char)((iy - y0) * kw + (ix - x0));
                    for (ptrdiff_t j = 0; j < c; j++) gp[j] = won[j] == at ? go[j] : 0.0f;
                }
        }
    }
}
