// 16-float vectors (one AVX-512 register; two AVX2 ones) for the loops written with explicit
// vectors, so the compiler vectorizes across a row of filters or columns.
#ifndef KSCRIPT_VECTOR16_H
#define KSCRIPT_VECTOR16_H
#include <string.h>

typedef float vf16 __attribute__((vector_size(64), aligned(4)));
typedef int vi16 __attribute__((vector_size(64), aligned(4)));

// Reads 16 floats from any address (a macro: a function returning a vector would change the
// calling convention between the AVX-512 and AVX2 builds).
#define LOAD16(dst, src) memcpy(&(dst), (src), sizeof(vf16))
#endif
