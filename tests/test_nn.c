/* The network: a finite-difference gradient check of every parameter group,
 * bit-exact save/load, and refusal of every kind of bad model file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "lips/lips.h"
#include "lips/nn.h"

static lips_problem probs[3];
static float targets[3 * LIPS_N_ATTRS];

static void setup_problems(void) {
    const char *texts[3] = {"a <- [int]\n---\n[3, 4, -9] -> [4, 3, -9]\n[1] -> [1]\n",
                            "a <- int | b <- [int]\n---\n2, [1, 2, 3] -> [1, 2]\n0, [5, -5] -> []\n1, [] -> []\n",
                            "a <- [int] | b <- [int]\n---\n[1, 2], [3] -> 4\n"};
    lips_error err;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(lips_problem_parse_text(texts[i], "t", &probs[i], &err), LIPS_OK);
        for (int j = 0; j < LIPS_N_ATTRS; j++) targets[i * LIPS_N_ATTRS + j] = (float)((i * 7 + j) % 3 == 0);
    }
}

static double loss_at(lips_nn *nn, const lips_problem *const *pp) {
    lips_nn_forward(nn, pp, 3);
    double loss = 0;
    for (int i = 0; i < 3 * LIPS_N_ATTRS; i++) {
        double z = nn->logits[i], y = targets[i];
        loss += (z > 0 ? z : 0) - z * y + log1p(exp(-fabs(z)));
    }
    return loss / 3;
}

/* Central differences in float, so the step is large and the tolerance
 * relative; a wrong backward pass is off by far more than this. */
static void gradient_check(lips_nn_config cfg) {
    setup_problems();
    lips_nn *nn = lips_nn_new(&cfg, 7);
    assert_non_null(nn);
    const lips_problem *pp[3] = {&probs[0], &probs[1], &probs[2]};
    lips_nn_forward(nn, pp, 3);
    lips_nn_backward(nn, targets, 3);
    float *analytic = malloc(nn->n_params * sizeof *analytic);
    memcpy(analytic, nn->grads, nn->n_params * sizeof *analytic);
    struct { const char *name; float *p; size_t n; } groups[] = {
        {"embedding", nn->p.emb, (size_t)LIPS_NN_VOCAB * cfg.E},
        {"W0", nn->p.W[0], (size_t)cfg.K * nn->in_dim}, {"b0", nn->p.b[0], (size_t)cfg.K},
        {"W1", nn->p.W[1], (size_t)cfg.K * cfg.K},      {"b1", nn->p.b[1], (size_t)cfg.K},
        {"W2", nn->p.W[2], (size_t)cfg.K * cfg.K},      {"b2", nn->p.b[2], (size_t)cfg.K},
        {"Wd", nn->p.Wd, (size_t)LIPS_N_ATTRS * cfg.K},  {"bd", nn->p.bd, LIPS_N_ATTRS},
    };
    if (cfg.H < 3) groups[5].n = groups[6].n = 0; /* no third layer */
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        int checked = 0;
        for (size_t k = 0; k < groups[g].n; k++) {
            size_t at = (size_t)(groups[g].p - nn->params) + k;
            if (fabsf(analytic[at]) < 1e-4f && g == 0 && checked > 20) continue; /* unused embedding rows */
            float old = nn->params[at];
            const float h = 1e-2f;
            nn->params[at] = old + h;
            double up = loss_at(nn, pp);
            nn->params[at] = old - h;
            double down = loss_at(nn, pp);
            nn->params[at] = old;
            double numeric = (up - down) / (2 * h), a = analytic[at];
            double tol = 2e-3 + 2e-2 * fmax(fabs(numeric), fabs(a));
            if (fabs(numeric - a) > tol)
                fail_msg("%s[%zu]: backward %.6g, finite difference %.6g", groups[g].name, k, a, numeric);
            if (++checked >= 300) break;
        }
        assert_true(checked > 0 || groups[g].n == 0);
    }
    free(analytic);
    lips_nn_free(nn);
}

static void test_gradient_check(void **state) {
    gradient_check((lips_nn_config){.E = 3, .L = 4, .K = 6, .H = 2, .max_batch = 4});
}

/* with the relation features: their columns of W0 get gradients too */
static void test_gradient_check_relations(void **state) {
    gradient_check((lips_nn_config){.E = 3, .L = 4, .K = 6, .H = 2, .R = LIPS_NN_RELATIONS, .max_batch = 4});
}

/* The indices of the features of the problem's first example that are 1,
 * as a string: "0 5 7" */
static const char *ones_of(const char *text) {
    lips_problem p;
    lips_error err;
    float f[LIPS_NN_RELATIONS];
    assert_int_equal(lips_problem_parse_text(text, "t", &p, &err), LIPS_OK);
    lips_nn_relations(&p, &p.examples[0], f);
    static char buf[256];
    size_t at = 0;
    buf[0] = 0;
    for (int i = 0; i < LIPS_NN_RELATIONS; i++) {
        assert_true(f[i] == 0.0f || f[i] == 1.0f);
        if (f[i] == 1.0f) at += (size_t)snprintf(buf + at, sizeof buf - at, at ? " %d" : "%d", i);
    }
    return buf;
}

/* Exact features: 0 1 output sorted up/down; input s at 2 + 11 s: permutation,
 * reverse, subsequence, sub-multiset, prefix, suffix, same length, shorter,
 * element of, input sorted, int input = output length. */
static void test_relations(void **state) {
    static const struct { const char *text, *ones; } cases[] = {
        /* the seed task: SORT then REVERSE, a permutation sorted downward */
        {"a <- [int]\n---\n[3, 4, -9] -> [4, 3, -9]\n", "1 2 5 8"},
        {"a <- [int]\n---\n[1, 5, 2] -> [2, 5, 1]\n", "2 3 5 8"},
        {"a <- [int]\n---\n[1, 5, 2] -> [1, 2, 5]\n", "0 2 5 8"},
        /* TAKE: a prefix; the int input is the output's length */
        {"a <- int | b <- [int]\n---\n2, [1, 2, 3] -> [1, 2]\n", "0 12 15 16 17 20 22"},
        /* DROP: a suffix; FILTER: a subsequence, not a prefix or suffix */
        {"a <- [int]\n---\n[7, 1, 2] -> [1, 2]\n", "0 4 5 7 9"},
        {"a <- [int]\n---\n[7, 1, 2, 8] -> [7, 2]\n", "1 4 5 9"},
        /* a sub-multiset out of order: not a subsequence; repeats count */
        {"a <- [int]\n---\n[1, 2, 3] -> [3, 1]\n", "1 5 9 11"},
        {"a <- [int]\n---\n[1, 2, 3] -> [1, 1]\n", "0 1 9 11"},
        /* an int output: an element, or not */
        {"a <- [int]\n---\n[4, -2, 9] -> 9\n", "10"},
        {"a <- [int]\n---\n[4, -2, 9] -> 11\n", ""},
        /* two list inputs: each slot against the output; the empty output is
         * a prefix, suffix and sub-multiset of anything */
        {"a <- [int] | b <- [int]\n---\n[1, 2], [2, 1] -> []\n", "4 5 6 7 9 11 15 16 17 18 20"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) assert_string_equal(ones_of(cases[i].text), cases[i].ones);
}

/* L = 2 cuts the 3-element lists of the test problems; three layers */
static void test_gradient_check_short_values(void **state) {
    gradient_check((lips_nn_config){.E = 2, .L = 2, .K = 5, .H = 3, .max_batch = 3});
}

/* A value longer than L is its first L elements: the encoder never sees the rest. */
static void test_values_cut_to_L(void **state) {
    lips_problem a, b, c;
    lips_error err;
    assert_int_equal(lips_problem_parse_text("a <- [int]\n---\n[3, 4, -9, 7] -> [4, 3, -9]\n", "t", &a, &err), LIPS_OK);
    assert_int_equal(lips_problem_parse_text("a <- [int]\n---\n[3, 4] -> [4, 3]\n", "t", &b, &err), LIPS_OK);
    assert_int_equal(lips_problem_parse_text("a <- [int]\n---\n[3, 5] -> [4, 3]\n", "t", &c, &err), LIPS_OK);
    lips_nn_config cfg = {.E = 3, .L = 2, .K = 8, .H = 2, .max_batch = 2};
    lips_nn *nn = lips_nn_new(&cfg, 5);
    float pa[LIPS_N_ATTRS], pb[LIPS_N_ATTRS], pc[LIPS_N_ATTRS];
    lips_nn_predict(nn, &a, pa);
    lips_nn_predict(nn, &b, pb);
    lips_nn_predict(nn, &c, pc);
    assert_memory_equal(pa, pb, sizeof pa);
    assert_memory_not_equal(pa, pc, sizeof pa); /* the first L elements do count */
    lips_nn_free(nn);
}

static char path[64];

static void write_bytes(const unsigned char *b, size_t n) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    fclose(f);
}

/* The file loads as nn: its R, its parameters bit for bit, its predictions. */
static void expect_same_network(lips_nn *nn, const char *file, int R) {
    lips_nn *back;
    lips_error err;
    assert_int_equal(lips_nn_load(file, &back, &err), LIPS_OK);
    assert_int_equal(back->cfg.R, R);
    assert_int_equal(back->n_params, nn->n_params);
    assert_memory_equal(back->params, nn->params, nn->n_params * sizeof(float));
    for (int i = 0; i < 3; i++) {
        float p1[LIPS_N_ATTRS], p2[LIPS_N_ATTRS];
        lips_nn_predict(nn, &probs[i], p1);
        lips_nn_predict(back, &probs[i], p2);
        assert_memory_equal(p1, p2, sizeof p1);
    }
    lips_nn_free(back);
}

static void test_save_load_and_bad_files(void **state) {
    setup_problems();
    snprintf(path, sizeof path, "/tmp/lips-nn-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    lips_nn_config cfg = {.E = 4, .L = 20, .K = 16, .H = 3, .R = LIPS_NN_RELATIONS, .max_batch = 8};
    lips_nn *nn = lips_nn_new(&cfg, 3), *back;
    lips_error err;
    assert_int_equal(lips_nn_save(nn, path, &err), LIPS_OK);
    expect_same_network(nn, path, LIPS_NN_RELATIONS);

    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    size_t n = (size_t)ftell(f);
    rewind(f);
    unsigned char *good = malloc(n), *bad = malloc(n);
    assert_int_equal(fread(good, 1, n, f), n);
    fclose(f);
    static const struct { size_t cut; const char *msg; } truncations[] = {
        {0, "not a lips model: 0 bytes is too short"},
        {20, "not a lips model: 20 bytes is too short"},
        {100, "model file is corrupted (checksum mismatch)"},
    };
    for (size_t i = 0; i < 3; i++) {
        write_bytes(good, truncations[i].cut);
        assert_int_equal(lips_nn_load(path, &back, &err), LIPS_ERR_INPUT);
        assert_string_equal(err.msg, truncations[i].msg);
        assert_null(back);
    }
    write_bytes(good, n - 1);
    assert_int_equal(lips_nn_load(path, &back, &err), LIPS_ERR_INPUT);
    /* a flipped byte anywhere */
    for (size_t at = 0; at < n; at += n / 37 + 1) {
        memcpy(bad, good, n);
        bad[at] ^= 0x5a;
        write_bytes(bad, n);
        assert_int_equal(lips_nn_load(path, &back, &err), LIPS_ERR_INPUT);
        assert_null(back);
    }
    memcpy(bad, good, n);
    bad[0] = 'X';
    write_bytes(bad, n);
    assert_int_equal(lips_nn_load(path, &back, &err), LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "not a lips model (bad magic)");
    memcpy(bad, good, n);
    bad[8] = 9;
    write_bytes(bad, n);
    assert_int_equal(lips_nn_load(path, &back, &err), LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "model version 9, this lips reads versions 1 to 2");
    assert_int_equal(lips_nn_load("/nonexistent/model.lips", &back, &err), LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "cannot open the model file");
    free(good);
    free(bad);
    unlink(path);
    lips_nn_free(nn);
}

/* A version 1 file (no R field) loads as a network without relation
 * features, with the same parameters and predictions. */
static void test_version_1_files(void **state) {
    setup_problems();
    char v1[] = "/tmp/lips-nn-v1-XXXXXX";
    int fd = mkstemp(v1);
    assert_true(fd >= 0);
    close(fd);
    lips_nn_config cfg = {.E = 4, .L = 6, .K = 8, .H = 2, .R = 0, .max_batch = 2};
    lips_nn *nn = lips_nn_new(&cfg, 9), *back;
    lips_error err;
    assert_int_equal(lips_nn_save(nn, v1, &err), LIPS_OK);
    FILE *f = fopen(v1, "rb");
    static unsigned char b2[1 << 16], b1[1 << 16];
    size_t n = fread(b2, 1, sizeof b2, f);
    fclose(f);
    assert_true(n > 48 && n < sizeof b2);
    assert_int_equal(b2[8], 2);
    assert_int_equal(b2[32], 0); /* R */
    /* drop the R field, say version 1, checksum again */
    memcpy(b1, b2, 32);
    memcpy(b1 + 32, b2 + 36, n - 36 - 4);
    b1[8] = 1;
    uint32_t crc = (uint32_t)crc32(0L, b1, (uInt)(n - 8));
    for (int i = 0; i < 4; i++) b1[n - 8 + (size_t)i] = (unsigned char)(crc >> (8 * i));
    f = fopen(v1, "wb");
    assert_int_equal(fwrite(b1, 1, n - 4, f), n - 4);
    fclose(f);
    expect_same_network(nn, v1, 0);
    /* a relation count other than 0 or LIPS_NN_RELATIONS is refused */
    b2[32] = 7;
    crc = (uint32_t)crc32(0L, b2, (uInt)(n - 4));
    for (int i = 0; i < 4; i++) b2[n - 4 + (size_t)i] = (unsigned char)(crc >> (8 * i));
    f = fopen(v1, "wb");
    assert_int_equal(fwrite(b2, 1, n, f), n);
    fclose(f);
    assert_int_equal(lips_nn_load(v1, &back, &err), LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "model dimensions are out of range");
    unlink(v1);
    lips_nn_free(nn);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradient_check),
        cmocka_unit_test(test_gradient_check_relations),
        cmocka_unit_test(test_relations),
        cmocka_unit_test(test_version_1_files),
        cmocka_unit_test(test_gradient_check_short_values),
        cmocka_unit_test(test_values_cut_to_L),
        cmocka_unit_test(test_save_load_and_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
