/* libFuzzer harness: model files. Whatever loads must predict finite
 * probabilities; nothing may read out of bounds. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lips/lips.h"
#include "lips/nn.h"
#include "tmpfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[] = "/tmp/lips-fuzz-model-XXXXXX";
    if (fuzz_write_tmp(data, size, path)) return 0;
    lips_nn *nn;
    lips_error err;
    if (lips_nn_load(path, &nn, &err) == LIPS_OK) {
        static lips_problem p;
        if (lips_problem_parse_text("a <- [int]\n---\n[1, 2] -> 3\n", "fuzz", &p, &err) != LIPS_OK) abort();
        float probs[LIPS_N_ATTRS];
        lips_nn_predict(nn, &p, probs);
        for (int i = 0; i < LIPS_N_ATTRS; i++)
            if (!(probs[i] >= 0 && probs[i] <= 1)) abort();
        lips_nn_free(nn);
    }
    unlink(path);
    return 0;
}
