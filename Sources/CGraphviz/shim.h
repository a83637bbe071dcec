// Graphviz's layout and rendering library (Debian's libgraphviz-dev): cgraph + gvc.
#ifndef KSCRIPT_CGRAPHVIZ_SHIM_H
#define KSCRIPT_CGRAPHVIZ_SHIM_H
#include <graphviz/gvc.h>
#endif
