// Keras 3's optimizer update rules over float32 arrays, in place: the arithmetic of each rule in
// Keras's order, as vector code (sqrt included). Constants that depend on the step (bias
// corrections) are computed by the caller.
#include <math.h>
#include "CKernels.h"
#include "widest_vectors.h"

KS_WIDEST_VECTORS
void ks_sgd_f32(float *p, const float *g, float *velocity, ptrdiff_t n, float lr, float momentum, int nesterov) {
    if (!velocity) {
        for (ptrdiff_t i = 0; i < n; i++) p[i] -= lr * g[i];
    } else if (nesterov) {
        for (ptrdiff_t i = 0; i < n; i++) {
            velocity[i] = momentum * velocity[i] - lr * g[i];
            p[i] += momentum * velocity[i] - lr * g[i];
        }
    } else {
        for (ptrdiff_t i = 0; i < n; i++) {
            velocity[i] = momentum * velocity[i] - lr * g[i];
            p[i] += velocity[i];
        }
    }
}

KS_WIDEST_VECTORS
void ks_rmsprop_f32(float *p, const float *g, float *velocity, float *momentum, float *average, ptrdiff_t n,
                    float rho, float lr, float eps, float momentumFactor) {
    // One loop per configuration: a test of the optional arrays inside the loop kept it scalar.
    if (average) {
        for (ptrdiff_t i = 0; i < n; i++) {
            velocity[i] = rho * velocity[i] + (1 - rho) * g[i] * g[i];
            average[i] = rho * average[i] + (1 - rho) * g[i];
            float increment = lr * g[i] / sqrtf(velocity[i] - average[i] * average[i] + eps);
            if (momentum) {
                momentum[i] = momentumFactor * momentum[i] + increment;
                p[i] -= momentum[i];
            } else {
                p[i] -= increment;
            }
        }
    } else if (momentum) {
        for (ptrdiff_t i = 0; i < n; i++) {
            velocity[i] = rho * velocity[i] + (1 - rho) * g[i] * g[i];
            momentum[i] = momentumFactor * momentum[i] + lr * g[i] / sqrtf(velocity[i] + eps);
            p[i] -= momentum[i];
        }
    } else {
        for (ptrdiff_t i = 0; i < n; i++) {
            velocity[i] = rho * velocity[i] + (1 - rho) * g[i] * g[i];
            p[i] -= lr * g[i] / sqrtf(velocity[i] + eps);
        }
    }
}

KS_WIDEST_VECTORS
void ks_adam_f32(float *p, const float *g, float *m, float *v, float *vMax, ptrdiff_t n,
                 float beta1, float beta2, float alpha, float eps) {
    if (vMax) {
        for (ptrdiff_t i = 0; i < n; i++) {
            m[i] += (g[i] - m[i]) * (1 - beta1);
            v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
            vMax[i] = v[i] >= vMax[i] ? v[i] : vMax[i];
            p[i] -= alpha * m[i] / (sqrtf(vMax[i]) + eps);
        }
    } else {
        for (ptrdiff_t i = 0; i < n; i++) {
            m[i] += (g[i] - m[i]) * (1 - beta1);
            v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
            p[i] -= alpha * m[i] / (sqrtf(v[i]) + eps);
        }
    }
}

KS_WIDEST_VECTORS
void ks_adagrad_f32(float *p, const float *g, float *accumulator, ptrdiff_t n, float lr, float eps) {
    for (ptrdiff_t i = 0; i < n; i++) {
        accumulator[i] += g[i] * g[i];
        p[i] -= lr * g[i] / sqrtf(accumulator[i] + eps);
    }
}

KS_WIDEST_VECTORS
void ks_adadelta_f32(float *p, const float *g, float *accGrad, float *accDelta, ptrdiff_t n, float rho, float lr, float eps) {
    for (ptrdiff_t i = 0; i < n; i++) {
        accGrad[i] = rho * accGrad[i] + (1 - rho) * g[i] * g[i];
        float delta = -sqrtf(accDelta[i] + eps) / sqrtf(accGrad[i] + eps) * g[i];
        accDelta[i] = rho * accDelta[i] + (1 - rho) * delta * delta;
        p[i] += lr * delta;
    }
}

KS_WIDEST_VECTORS
void ks_adamax_f32(float *p, const float *g, float *m, float *u, ptrdiff_t n,
                   float beta1, float beta2, float lr, float correction, float eps) {
    for (ptrdiff_t i = 0; i < n; i++) {
        m[i] += (g[i] - m[i]) * (1 - beta1);
        float decayed = beta2 * u[i], magnitude = fabsf(g[i]);
        u[i] = magnitude >= decayed ? magnitude : decayed;
        p[i] -= lr * m[i] / (correction * (u[i] + eps));
    }
}

KS_WIDEST_VECTORS
void ks_nadam_f32(float *p, const float *g, float *m, float *v, ptrdiff_t n,
                  float beta1, float beta2, float c1, float c2, float lr, float vCorrection, float eps) {
    for (ptrdiff_t i = 0; i < n; i++) {
        m[i] += (g[i] - m[i]) * (1 - beta1);
        v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
        float mHat = c1 * m[i] + c2 * g[i];
        p[i] -= lr * mHat / (sqrtf(v[i] / vCorrection) + eps);
    }
}
