// OpenBLAS's CBLAS interface plus the thread-count controls (Debian: libopenblas-dev).
#ifndef SYNIB_CBLAS_SHIM_H
#define SYNIB_CBLAS_SHIM_H
#include <cblas.h>
#endif
