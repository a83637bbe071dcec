// OpenBLAS's CBLAS interface (Debian's libopenblas-dev) for the tensor core's matrix products.
#ifndef KSCRIPT_COPENBLAS_SHIM_H
#define KSCRIPT_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
