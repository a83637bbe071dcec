// GNU readline and history for the kscript REPL (Debian's libreadline-dev).
#ifndef KSCRIPT_CREADLINE_SHIM_H
#define KSCRIPT_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
#endif
