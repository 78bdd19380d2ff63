/* libFuzzer harness: the DeepCoder utilities' data directory (lips import
 * --from deepcoder-utils). The input is the four example files, separated by
 * a byte 0x01, in a fresh directory. What loads must write and load back as
 * the same problems. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lips/lips.h"

static const char *const names[4] = {"input_types.txt", "input_values.txt", "output_types.txt", "output_values.txt"};

static void clean(const char *dir) {
    char p[256];
    for (int k = 0; k < 4; k++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[k]);
        unlink(p);
    }
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char dir[] = "/tmp/lips-fuzz-dcu-XXXXXX", p[256];
    if (!mkdtemp(dir)) return 0;
    const uint8_t *s = data, *end = data + size;
    for (int k = 0; k < 4; k++) {
        const uint8_t *sep = k < 3 ? memchr(s, 1, (size_t)(end - s)) : NULL;
        const uint8_t *e = sep ? sep : end;
        snprintf(p, sizeof p, "%s/%s", dir, names[k]);
        FILE *f = fopen(p, "wb");
        if (!f) abort();
        fwrite(s, 1, (size_t)(e - s), f);
        fclose(f);
        s = sep ? sep + 1 : end;
    }
    lips_error err;
    lips_problem *a, *b;
    size_t na, nb;
    if (lips_dcu_read(dir, &a, &na, NULL, NULL, &err) == LIPS_OK) {
        if (lips_dcu_write(a, na, dir, &err) != LIPS_OK || lips_dcu_read(dir, &b, &nb, NULL, NULL, &err) != LIPS_OK || na != nb) abort();
        for (size_t i = 0; i < na; i++) {
            if (a[i].n_examples != b[i].n_examples || !lips_program_equal(&a[i].sketch, &b[i].sketch)) abort();
            for (int e = 0; e < a[i].n_examples; e++) {
                if (!lips_value_equal(&a[i].examples[e].out, &b[i].examples[e].out)) abort();
                for (int k = 0; k < a[i].sketch.n_inputs; k++)
                    if (!lips_value_equal(&a[i].examples[e].in[k], &b[i].examples[e].in[k])) abort();
            }
        }
        free(a);
        free(b);
    } else if (err.code != LIPS_ERR_INPUT) {
        abort();
    }
    clean(dir);
    return 0;
}
