/* libFuzzer harness: the .lips problem text form. A problem that loads must
 * write and load back unchanged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lips/lips.h"

static lips_problem a, b;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = 0;
    lips_error err;
    if (lips_problem_parse_text(text, "fuzz", &a, &err) == LIPS_OK) {
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        if (!f || lips_problem_write_text(&a, f) != LIPS_OK) abort();
        fclose(f);
        if (lips_problem_parse_text(out, "written", &b, &err) != LIPS_OK) abort();
        if (a.n_examples != b.n_examples || !lips_program_equal(&a.sketch, &b.sketch)) abort();
        free(out);
    }
    free(text);
    return 0;
}
