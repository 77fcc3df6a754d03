#ifndef CLOSETD_COPENBLAS_SHIM_H
#define CLOSETD_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
