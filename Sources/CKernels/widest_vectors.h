// KS_WIDEST_VECTORS: compile a loop for AVX-512, for AVX2 and for any x86-64, and let the
// loader pick the best one for the machine (GCC/Clang function multiversioning).
#ifndef KSCRIPT_WIDEST_VECTORS_H
#define KSCRIPT_WIDEST_VECTORS_H
#if defined(__x86_64__) && defined(__linux__)
#define KS_WIDEST_VECTORS __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define KS_WIDEST_VECTORS
#endif
#endif
