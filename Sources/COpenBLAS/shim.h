// OpenBLAS's CBLAS declarations (Debian's libopenblas-dev). The library itself is loaded on first
// use (see KTensor's BLAS.swift), so programs that never multiply matrices never start its threads.
#ifndef KSCRIPT_COPENBLAS_SHIM_H
#define KSCRIPT_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
