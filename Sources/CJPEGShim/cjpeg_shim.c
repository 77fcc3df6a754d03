// libjpeg behind setjmp: error_exit longjmps back into the function that called libjpeg, never exit().
#include "cjpeg_shim.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

struct shim_error {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    char *message;
};

static void shim_error_exit(j_common_ptr cinfo) {
    struct shim_error *error = (struct shim_error *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    snprintf(error->message, CJPEG_MESSAGE_CAPACITY, "%s", text);
    longjmp(error->jump, 1);
}

// Corrupt-data warnings (premature end, bad Huffman code) make libjpeg fill with grey: a frame like that is corrupt.
static void shim_emit_message(j_common_ptr cinfo, int level) {
    if (level < 0) shim_error_exit(cinfo);
}

static void shim_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void install(struct jpeg_error_mgr *manager) {
    jpeg_std_error(manager);
    manager->error_exit = shim_error_exit;
    manager->emit_message = shim_emit_message;
    manager->output_message = shim_output_message;
}

static int check_denominator(int d, char *message) {
    if (d == 1 || d == 2 || d == 4 || d == 8) return 1;
    snprintf(message, CJPEG_MESSAGE_CAPACITY, "scale 1/%d is not one of 1, 1/2, 1/4, 1/8", d);
    return 0;
}

// Creates the decompressor over `data`, reads the header and asks for DCT scaling by 1/`scale_denominator`.
// Call it only after the caller's setjmp: libjpeg errors in here longjmp back into the caller's frame.
static void open_scaled(struct jpeg_decompress_struct *cinfo, const uint8_t *data, size_t size, int scale_denominator) {
    jpeg_create_decompress(cinfo);
    jpeg_mem_src(cinfo, data, (unsigned long)size);
    jpeg_read_header(cinfo, TRUE);
    cinfo->scale_num = 1;
    cinfo->scale_denom = (unsigned)scale_denominator;
}

int cjpeg_read_header(const uint8_t *data, size_t size, int scale_denominator, struct cjpeg_header *header,
                      char *message) {
    if (!check_denominator(scale_denominator, message)) return -1;
    struct jpeg_decompress_struct cinfo;
    struct shim_error error;
    error.message = message;
    cinfo.err = &error.manager;
    install(&error.manager);
    if (setjmp(error.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    open_scaled(&cinfo, data, size, scale_denominator);
    jpeg_calc_output_dimensions(&cinfo);
    header->width = (int)cinfo.image_width;
    header->height = (int)cinfo.image_height;
    header->components = cinfo.num_components;
    header->output_width = (int)cinfo.output_width;
    header->output_height = (int)cinfo.output_height;
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

int cjpeg_decode(const uint8_t *data, size_t size, int scale_denominator, int colour, uint8_t *output,
                 size_t output_capacity, size_t output_row_bytes, char *message) {
    if (!check_denominator(scale_denominator, message)) return -1;
    struct jpeg_decompress_struct cinfo;
    struct shim_error error;
    error.message = message;
    cinfo.err = &error.manager;
    install(&error.manager);
    if (setjmp(error.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    open_scaled(&cinfo, data, size, scale_denominator);
    cinfo.out_color_space = colour == CJPEG_GREY ? JCS_GRAYSCALE : JCS_RGB;
    cinfo.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&cinfo);
    size_t row = (size_t)cinfo.output_width * (size_t)cinfo.output_components;
    if (row > output_row_bytes || output_row_bytes * (cinfo.output_height - 1) + row > output_capacity) {
        snprintf(message, CJPEG_MESSAGE_CAPACITY, "output buffer too small for %ux%u", cinfo.output_width,
                 cinfo.output_height);
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[1] = {output + (size_t)cinfo.output_scanline * output_row_bytes};
        jpeg_read_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

int cjpeg_encode(const uint8_t *pixels, int width, int height, int components, int quality, uint8_t **jpeg,
                 size_t *jpeg_size, char *message) {
    struct jpeg_compress_struct cinfo;
    struct shim_error error;
    unsigned char *buffer = NULL;
    unsigned long buffer_size = 0;
    error.message = message;
    cinfo.err = &error.manager;
    install(&error.manager);
    if (setjmp(error.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(buffer);
        return -1;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &buffer, &buffer_size);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = components;
    cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    size_t row = (size_t)width * (size_t)components;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW rows[1] = {(JSAMPROW)(pixels + (size_t)cinfo.next_scanline * row)};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *jpeg = buffer;
    *jpeg_size = buffer_size;
    return 0;
}

void cjpeg_free(void *pointer) { free(pointer); }

static size_t put_table(uint8_t *out, int table_class, int index, const JHUFF_TBL *table) {
    size_t n = 0, count = 0;
    out[n++] = (uint8_t)((table_class << 4) | index);
    for (int i = 1; i <= 16; i++) {
        out[n++] = table->bits[i];
        count += table->bits[i];
    }
    memcpy(out + n, table->huffval, count);
    return n + count;
}

size_t cjpeg_standard_huffman_segment(uint8_t *output, size_t capacity) {
    // jpeg_set_defaults fills the standard tables of the JPEG standard (Annex K.3) into a compressor.
    struct jpeg_compress_struct cinfo;
    struct shim_error error;
    char message[CJPEG_MESSAGE_CAPACITY];
    uint8_t body[4 * (1 + 16 + 256)];
    size_t n = 0;
    error.message = message;
    cinfo.err = &error.manager;
    install(&error.manager);
    if (setjmp(error.jump)) {
        jpeg_destroy_compress(&cinfo);
        return 0;
    }
    jpeg_create_compress(&cinfo);
    cinfo.in_color_space = JCS_RGB;
    cinfo.input_components = 3;
    jpeg_set_defaults(&cinfo);
    n += put_table(body + n, 0, 0, cinfo.dc_huff_tbl_ptrs[0]);
    n += put_table(body + n, 1, 0, cinfo.ac_huff_tbl_ptrs[0]);
    n += put_table(body + n, 0, 1, cinfo.dc_huff_tbl_ptrs[1]);
    n += put_table(body + n, 1, 1, cinfo.ac_huff_tbl_ptrs[1]);
    jpeg_destroy_compress(&cinfo);
    if (n + 4 > capacity) return 0;
    output[0] = 0xFF;
    output[1] = 0xC4;
    output[2] = (uint8_t)((n + 2) >> 8);
    output[3] = (uint8_t)((n + 2) & 0xFF);
    memcpy(output + 4, body, n);
    return n + 4;
}
