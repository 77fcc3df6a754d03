#ifndef CLOSETD_CJPEG_SHIM_H_WRAPPER
#define CLOSETD_CJPEG_SHIM_H_WRAPPER
// A thin shim over libjpeg: every call that can fail runs inside its own setjmp, so libjpeg's errors come back as a
// return code and a message instead of exit(). Swift cannot call setjmp itself.
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Size of the message buffer the functions below fill on failure (libjpeg's JMSG_LENGTH_MAX is 200).
#define CJPEG_MESSAGE_CAPACITY 256

/// Output colour of a decode.
enum cjpeg_colour {
    CJPEG_RGB = 0,
    CJPEG_GREY = 1,
};

/// What a JPEG header says, and the output size at a DCT scale of 1/scale_denominator.
struct cjpeg_header {
    int width, height, components;
    int output_width, output_height;
};

/// Reads the header. scale_denominator is 1, 2, 4 or 8. Returns 0, or -1 with message filled.
int cjpeg_read_header(const uint8_t *data, size_t size, int scale_denominator, struct cjpeg_header *header,
                      char *message);

/// Decodes at 1/scale_denominator into output (output_height rows of output_width * channels bytes, rows
/// output_row_bytes apart). Returns 0, or -1 with message filled. Warnings (corrupt data libjpeg recovered from) fail too.
int cjpeg_decode(const uint8_t *data, size_t size, int scale_denominator, int colour, uint8_t *output,
                 size_t output_capacity, size_t output_row_bytes, char *message);

/// Encodes RGB (or grey when components == 1) at quality 1...100 with libjpeg's standard Huffman tables (tests,
/// `camera grab`). *jpeg is malloc'd: free it with cjpeg_free. Returns 0, or -1 with message filled.
int cjpeg_encode(const uint8_t *pixels, int width, int height, int components, int quality, uint8_t **jpeg,
                 size_t *jpeg_size, char *message);

/// Frees what cjpeg_encode returned.
void cjpeg_free(void *pointer);

/// Writes a complete DHT segment (marker FF C4 included) holding the four standard Huffman tables of the JPEG
/// standard, taken from libjpeg itself. Returns its size, or 0 if capacity is too small (about 420 bytes suffice).
size_t cjpeg_standard_huffman_segment(uint8_t *output, size_t capacity);

#ifdef __cplusplus
}
#endif
#endif
