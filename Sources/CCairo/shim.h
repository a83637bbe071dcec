// Cairo's 2-D drawing library (Debian's libcairo2-dev): image, SVG and PDF surfaces.
#ifndef KSCRIPT_CCAIRO_SHIM_H
#define KSCRIPT_CCAIRO_SHIM_H
#include <cairo/cairo.h>
#include <cairo/cairo-svg.h>
#include <cairo/cairo-pdf.h>
#endif
