// printf-style formatting of one double, callable from Swift without variadic-argument boxing.
#ifndef KSCRIPT_CFORMAT_H
#define KSCRIPT_CFORMAT_H
#include <stdio.h>
static inline int kscript_format_double(char *buffer, size_t size, const char *format, double value) {
    return snprintf(buffer, size, format, value);
}
#endif
