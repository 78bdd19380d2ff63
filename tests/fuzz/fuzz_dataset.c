/* libFuzzer harness: JSON Lines datasets as a file, through every reader
 * that takes one: the whole-set loader (train, eval) and the statistics
 * (gen --stats; --disjoint-from reads lines the same way). Whatever loads
 * must write back and reload as the same problems. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lips/dataset.h"
#include "lips/lips.h"
#include "tmpfile.h"

static lips_problem again;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[] = "/tmp/lips-fuzz-dataset-XXXXXX";
    if (fuzz_write_tmp(data, size, path)) return 0;
    lips_error err;
    lips_problem *ps;
    size_t n;
    if (lips_dataset_load(path, &ps, &n, &err) == LIPS_OK) {
        for (size_t i = 0; i < n; i++) {
            char *out = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&out, &len);
            if (!f || lips_problem_write_json(&ps[i], f) != LIPS_OK) abort();
            fclose(f);
            if (lips_problem_parse_json(out, "written", 1, &again, &err) != LIPS_OK) abort();
            if (again.n_examples != ps[i].n_examples || !lips_program_equal(&again.sketch, &ps[i].sketch)) abort();
            free(out);
        }
        free(ps);
    } else if (err.code != LIPS_ERR_INPUT) {
        abort();
    }
    lips_dataset_stats st;
    lips_dataset_stats_read(path, &st, &err);
    unlink(path);
    return 0;
}
