// Float32 loops that Swift cannot make fast: vectorized sqrt (Swift's squareRoot keeps C's errno
// path, which stops vectorization) and the machine's widest vectors (AVX-512 or AVX2, chosen
// when the program starts), for the activations and small products of recurrent layers,
// convolutions and max pooling, and the optimizers' updates; and the two-core work split.
#ifndef KSCRIPT_CKERNELS_H
#define KSCRIPT_CKERNELS_H
#include <stddef.h>

/// p[i] = 1 / (1 + exp(-p[i])), with a fast exp of a few ulps.
void ks_sigmoid_f32(float *p, ptrdiff_t n);
/// p[i] = tanh(p[i]), a few ulps.
void ks_tanh_f32(float *p, ptrdiff_t n);
/// p[i] = exp(p[i]), the same fast exp.
void ks_exp_f32(float *p, ptrdiff_t n);

/// y[i] = exp(x[i]) for float64, within about half an ulp (libm's exp is too, but not vectorized).
void ks_exp_f64(const double *x, double *y, ptrdiff_t n);

/// Row-major c = alpha · op(a) · b + beta · c (op transposes when transA), for small sizes.
void ks_small_gemm_f32(int transA, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha, const float *a, ptrdiff_t lda,
                       const float *b, ptrdiff_t ldb, float beta, float *c, ptrdiff_t ldc);

/// Row-major c += aᵀ · b for a (k × m) and b (k × n) with k long and m, n small (a convolution's
/// kernel gradient from short patches).
void ks_long_gemm_tn_f32(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
                         const float *b, ptrdiff_t ldb, float *c, ptrdiff_t ldc);

/// One image's valid, stride-1 convolution, channels-last: output (h-kh+1 × w-kw+1 × f) = x (h × w × c)
/// correlated with wt (kh × kw × c × ldw), where ldw is a multiple of 16 and columns past f are zero;
/// plus `bias` (f values) unless it is NULL, then through ReLU when `relu` is not 0. x's first
/// zeroTop and last zeroBottom rows are zeros (padding), whose products the loop may skip.
void ks_conv2d_valid_f32(const float *x, ptrdiff_t h, ptrdiff_t w, ptrdiff_t c, ptrdiff_t zeroTop, ptrdiff_t zeroBottom,
                         const float *wt, ptrdiff_t kh, ptrdiff_t kw, ptrdiff_t f, ptrdiff_t ldw, const float *bias, int relu,
                         float *output);
/// gw (kh × kw × c × f) += the kernel gradient of that convolution over n images: x (n × h × w × c)
/// against the output gradient g (n × h-kh+1 × w-kw+1 × f); f is a multiple of 16. Unless gb is
/// NULL, gb (f) += the bias gradient, g summed per filter.
void ks_conv2d_kernel_grad_f32(const float *x, ptrdiff_t n, ptrdiff_t h, ptrdiff_t w, ptrdiff_t c, const float *g,
                               ptrdiff_t f, ptrdiff_t kh, ptrdiff_t kw, float *gw, float *gb);

/// One image's max pooling (channels-last): y (oh × ow × c) holds each window's maximum of x (h × w × c),
/// windows clipped to the image; a window wholly in the padding gives 0. Unless `winners` is NULL, it
/// also records each output's winning cell, (row in window) × kw + (column in window), in `winners`
/// (oh × ow × c); 255 for a window wholly in the padding and, with relu_masked, for a window whose
/// maximum is not positive. Windows that record winners have at most 255 cells.
void ks_max_pool_forward_f32(const float *x, float *y, unsigned char *winners, ptrdiff_t h, ptrdiff_t w, ptrdiff_t c,
                             ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t kh, ptrdiff_t kw, ptrdiff_t sh, ptrdiff_t sw,
                             ptrdiff_t top, ptrdiff_t left, int relu_masked);
/// One image's max-pooling gradient (channels-last) for windows that do not overlap: gx (h × w × c)
/// gets each window's output gradient g (oh × ow × c) at its recorded winner, zero at its other
/// cells and at cells outside every window.
void ks_max_pool_backward_winners_f32(const unsigned char *winners, const float *g, float *gx, ptrdiff_t h, ptrdiff_t w,
                                      ptrdiff_t c, ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t kh, ptrdiff_t kw, ptrdiff_t sh,
                                      ptrdiff_t sw, ptrdiff_t top, ptrdiff_t left);

/// One half of a job: `half` is 0 or 1.
typedef void (*ks_half_function)(void *context, int half);
/// Runs fn(context, 0) and fn(context, 1), the second on kscript's helper thread when it is free
/// in time, and returns when both are done. Calls from inside a half run both halves inline.
void ks_parallel_pair(ks_half_function fn, void *context);

// Keras 3's update rules, one variable at a time, in place. State arrays that the
// configuration does not use are NULL.
void ks_sgd_f32(float *p, const float *g, float *velocity, ptrdiff_t n, float lr, float momentum, int nesterov);
void ks_rmsprop_f32(float *p, const float *g, float *velocity, float *momentum, float *average, ptrdiff_t n,
                    float rho, float lr, float eps, float momentumFactor);
void ks_adam_f32(float *p, const float *g, float *m, float *v, float *vMax, ptrdiff_t n,
                 float beta1, float beta2, float alpha, float eps);
void ks_adagrad_f32(float *p, const float *g, float *accumulator, ptrdiff_t n, float lr, float eps);
void ks_adadelta_f32(float *p, const float *g, float *accGrad, float *accDelta, ptrdiff_t n, float rho, float lr, float eps);
void ks_adamax_f32(float *p, const float *g, float *m, float *u, ptrdiff_t n,
                   float beta1, float beta2, float lr, float correction, float eps);
void ks_nadam_f32(float *p, const float *g, float *m, float *v, ptrdiff_t n,
                  float beta1, float beta2, float c1, float c2, float lr, float vCorrection, float eps);

/// c = alpha · a·b + beta · c (row-major c: m × n, ldc; b: k × n, ldb) for the whole 16-column groups
/// of c, where a's element (r, p) is a[r·sa + p·sp]; returns how many columns it made (the caller
/// makes the rest; all of them on a machine without AVX-512). beta = 0 never reads c.
ptrdiff_t ks_register_gemm_f32(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha, const float *a, ptrdiff_t sa,
                               ptrdiff_t sp, const float *b, ptrdiff_t ldb, float beta, float *c, ptrdiff_t ldc);

/// Prefetches (for reading) the `count` rows numbered `rows` of `rowBytes` bytes each from `base`.
void ks_prefetch_rows(const void *base, const ptrdiff_t *rows, ptrdiff_t count, ptrdiff_t rowBytes);

#endif
