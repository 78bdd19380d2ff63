/* libFuzzer harness: program and sketch text. Whatever parses must print and
 * parse back to the same program. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lips/lips.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = 0;
    for (int flags = 0; flags <= LIPS_PARSE_SKETCH; flags += LIPS_PARSE_SKETCH) {
        lips_program p, q;
        lips_error err;
        if (lips_program_parse(text, "fuzz", 1, flags, &p, &err) != LIPS_OK) continue;
        char buf[4096];
        int n = lips_program_print(&p, "\n", buf, sizeof buf);
        if (n < 0 || (size_t)n >= sizeof buf) abort();
        if (lips_program_parse(buf, "printed", 1, flags, &q, &err) != LIPS_OK) abort();
        if (!lips_program_equal(&p, &q)) abort();
    }
    free(text);
    return 0;
}
