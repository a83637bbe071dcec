// Asks the memory system for rows of an array that a coming step will read (the next batch's
// shuffled rows of the training data), so they arrive while this step computes instead of
// stalling the copy that gathers them.
#include "CKernels.h"

enum { LINE = 64 };

void ks_prefetch_rows(const void *base, const ptrdiff_t *rows, ptrdiff_t count, ptrdiff_t rowBytes) {
    const char *bytes = base;
    for (ptrdiff_t k = 0; k < count; k++) {
        const char *row = bytes + rows[k] * rowBytes;
        for (ptrdiff_t offset = 0; offset < rowBytes; offset += LINE) __builtin_prefetch(row + offset, 0, 1);
    }
}
