// Float max pooling, channels-last, vectorized across channels. The forward pass keeps each
// window's first maximum (a later value wins only when strictly greater, so a leading NaN
// stays). The backward pass is for windows that do not overlap (strides at least the window,
// as in MaxPooling2D's default): every input cell belongs to one window at most, so each is
// written once, branch-free. The first cell of a window equal to its maximum takes the gradient
// (the cell the forward pass kept), the window's first cell when the maximum is NaN. When the
// input is a ReLU's output, `relu_masked` also applies the ReLU's gradient: a window whose
// maximum is not positive passes nothing back, which is what the ReLU would do to its cells.
#include <string.h>
#include "CKernels.h"
#include "widest_vectors.h"

enum { CHUNK = 64 };

// The input rows (or columns) [start, end) that output row o's window covers, clipped to the image.
static inline void window(ptrdiff_t o, ptrdiff_t stride, ptrdiff_t before, ptrdiff_t k, ptrdiff_t size, ptrdiff_t *start,
                          ptrdiff_t *end) {
    ptrdiff_t first = o * stride - before, last = first + k;
    *start = first < 0 ? 0 : first;
    *end = last > size ? size : last;
}

KS_WIDEST_VECTORS
void ks_max_pool_forward_f32(const float *x, float *y, ptrdiff_t h, ptrdiff_t w, ptrdiff_t c, ptrdiff_t oh, ptrdiff_t ow,
                             ptrdiff_t kh, ptrdiff_t kw, ptrdiff_t sh, ptrdiff_t sw, ptrdiff_t top, ptrdiff_t left) {
    for (ptrdiff_t oy = 0; oy < oh; oy++) {
        ptrdiff_t y0, y1;
        window(oy, sh, top, kh, h, &y0, &y1);
        for (ptrdiff_t ox = 0; ox < ow; ox++) {
            ptrdiff_t x0, x1;
            window(ox, sw, left, kw, w, &x0, &x1);
            float *restrict out = y + (oy * ow + ox) * c;
            if (y0 >= y1 || x0 >= x1) {
                memset(out, 0, (size_t)c * sizeof(float));
                continue;
            }
            memcpy(out, x + (y0 * w + x0) * c, (size_t)c * sizeof(float));
            for (ptrdiff_t iy = y0; iy < y1; iy++)
                for (ptrdiff_t ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
                    const float *restrict cell = x + (iy * w + ix) * c;
                    for (ptrdiff_t j = 0; j < c; j++) out[j] = cell[j] > out[j] ? cell[j] : out[j];
                }
        }
    }
}

KS_WIDEST_VECTORS
void ks_max_pool_backward_disjoint_f32(const float *x, const float *y, const float *g, float *gx, ptrdiff_t h,
                                       ptrdiff_t w, ptrdiff_t c, ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t kh, ptrdiff_t kw,
                                       ptrdiff_t sh, ptrdiff_t sw, ptrdiff_t top, ptrdiff_t left, int relu_masked) {
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
            if (y0 >= y1 || x0 >= x1) continue;
            const float *restrict yo = y + (oy * ow + ox) * c;
            const float *restrict go = g + (oy * ow + ox) * c;
            for (ptrdiff_t c0 = 0; c0 < c; c0 += CHUNK) {
                ptrdiff_t count = c - c0 < CHUNK ? c - c0 : CHUNK;
                int open[CHUNK];  // 1 while no cell of the window has matched the maximum
                float gm[CHUNK];  // the gradient the window passes on
                for (ptrdiff_t j = 0; j < count; j++) {
                    open[j] = 1;
                    gm[j] = relu_masked && !(yo[c0 + j] > 0) ? 0.0f : go[c0 + j];
                }
                for (ptrdiff_t iy = y0; iy < y1; iy++)
                    for (ptrdiff_t ix = x0; ix < x1; ix++) {
                        const float *restrict xp = x + (iy * w + ix) * c + c0;
                        float *restrict gp = gx + (iy * w + ix) * c + c0;
                        for (ptrdiff_t j = 0; j < count; j++) {
                            int hit = (xp[j] == yo[c0 + j]) & open[j];
                            gp[j] = hit ? gm[j] : 0.0f;
                            open[j] &= !hit;
                        }
                    }
                float *restrict first = gx + (y0 * w + x0) * c + c0;
                for (ptrdiff_t j = 0; j < count; j++) first[j] = open[j] ? gm[j] : first[j];
            }
        }
    }
}
