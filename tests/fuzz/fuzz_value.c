/* libFuzzer harness: values as they come from --inputs and example lines. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lips/lips.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = 0;
    lips_value v, w;
    size_t pos = 0;
    if (lips_value_parse(text, &pos, "fuzz", 1, 1, &v, NULL) == LIPS_OK) {
        if (pos > size) abort();
        char buf[256];
        lips_value_print(&v, buf, sizeof buf);
        size_t p2 = 0;
        if (lips_value_parse(buf, &p2, "printed", 1, 1, &w, NULL) != LIPS_OK) abort();
        if (!lips_value_equal(&v, &w)) abort();
    }
    free(text);
    return 0;
}
