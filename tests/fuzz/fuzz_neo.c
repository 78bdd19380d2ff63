/* libFuzzer harness: one of Neo's JSON problems (lips import --from neo). A
 * problem that loads must write in Neo's layout and load back unchanged. */
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
    lips_import_note note;
    if (lips_neo_parse(text, "fuzz.json", &a, &note, &err) == LIPS_OK) {
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        if (!f || lips_neo_write(&a, f) != LIPS_OK) abort();
        fclose(f);
        if (lips_neo_parse(out, "fuzz.json", &b, &note, &err) != LIPS_OK || note.why[0]) abort();
        if (a.n_examples != b.n_examples || a.has_program != b.has_program ||
            (a.has_program && !lips_program_equal(&a.program, &b.program)))
            abort();
        for (int i = 0; i < a.n_examples; i++)
            if (!lips_value_equal(&a.examples[i].out, &b.examples[i].out)) abort();
        free(out);
    }
    free(text);
    return 0;
}
