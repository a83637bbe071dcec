// zlib (Debian's zlib1g-dev): deflate streams inside .npz archives and gzip files.
#ifndef KSCRIPT_CZLIB_SHIM_H
#define KSCRIPT_CZLIB_SHIM_H
#include <zlib.h>
#endif
