// HDF5 (Debian's libhdf5-dev, serial build): the file format of Keras's .weights.h5 files.
#ifndef KSCRIPT_CHDF5_SHIM_H
#define KSCRIPT_CHDF5_SHIM_H
#include <hdf5/serial/hdf5.h>
#endif
