#ifndef CLOSETD_CJPEG_SHIM_H
#define CLOSETD_CJPEG_SHIM_H
// jpeglib.h needs these first.
#include <stdio.h>
#include <stddef.h>
#include <jpeglib.h>
#endif
