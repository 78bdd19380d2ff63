/* Training: on a small generated set the loss goes down, the trained network
 * ranks held-out problems' attributes better than the training set's prior,
 * and two runs with one seed give bit-identical parameters. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lips/dataset.h"
#include "lips/lips.h"
#include "lips/train.h"

static lips_problem *gen(int length, long count, uint64_t seed, const char *disjoint, size_t *n) {
    char path[64];
    snprintf(path, sizeof path, "/tmp/lips-train-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    lips_gen_config cfg;
    lips_gen_config_default(&cfg);
    cfg.length = length;
    cfg.count = count;
    cfg.seed = seed;
    cfg.disjoint_from = disjoint;
    lips_gen_report rep;
    lips_error err;
    if (lips_gen_run(&cfg, f, &rep, &err) != LIPS_OK) fail_msg("gen: %s", err.msg);
    fclose(f);
    lips_problem *ps;
    assert_int_equal(lips_dataset_load(path, &ps, n, &err), LIPS_OK);
    unlink(path);
    return ps;
}

static void test_training_beats_the_prior(void **state) {
    openblas_set_num_threads(1);
    size_t n, nt;
    char train_path[64];
    snprintf(train_path, sizeof train_path, "/tmp/lips-train-set-XXXXXX");
    int fd = mkstemp(train_path);
    close(fd);
    lips_problem *train = gen(3, 3000, 5, NULL, &n);
    /* the held-out set is semantically disjoint from the training set */
    FILE *f = fopen(train_path, "w");
    for (size_t i = 0; i < n; i++) lips_problem_write_json(&train[i], f);
    fclose(f);
    lips_problem *test = gen(3, 300, 6, train_path, &nt);
    assert_true(n == 3000 && nt == 300);

    /* the prior: attribute frequencies of the training programs */
    float prior[LIPS_N_ATTRS] = {0}, y[LIPS_N_ATTRS];
    for (size_t i = 0; i < n; i++) {
        lips_train_targets(&train[i], y);
        for (int a = 0; a < LIPS_N_ATTRS; a++) prior[a] += y[a] / (float)n;
    }
    lips_nn_config nc = {.E = 8, .L = 20, .K = 64, .H = 2, .max_batch = 32};
    lips_nn *nn = lips_nn_new(&nc, 1);
    lips_train_config tc;
    lips_train_config_default(&tc);
    tc.batch = 32;
    tc.epochs = 1;
    double first, last;
    lips_error err;
    assert_int_equal(lips_train(nn, train, n, NULL, 0, &tc, &first, &err), LIPS_OK);
    tc.epochs = 6;
    tc.seed = 2;
    assert_int_equal(lips_train(nn, train, n, NULL, 0, &tc, &last, &err), LIPS_OK);
    assert_true(last < first);

    lips_eval model, base;
    assert_int_equal(lips_evaluate(nn, test, nt, &model, &err), LIPS_OK);
    lips_evaluate_fixed(prior, test, nt, &base);
    fprintf(stderr, "held-out: model loss %.3f MAP %.3f AUC %.3f rank %.2f; prior loss %.3f MAP %.3f rank %.2f\n",
            model.loss, model.map, model.mean_auc, model.mean_rank, base.loss, base.map, base.mean_rank);
    assert_true(model.loss < base.loss);
    assert_true(model.map > base.map);
    assert_true(model.mean_rank < base.mean_rank);
    assert_true(model.mean_auc > 0.7);
    lips_nn_free(nn);

    /* determinism: the same seed twice gives the same bits */
    lips_nn *a = lips_nn_new(&nc, 9), *b = lips_nn_new(&nc, 9);
    tc.epochs = 1;
    assert_int_equal(lips_train(a, train, 500, NULL, 0, &tc, &first, &err), LIPS_OK);
    assert_int_equal(lips_train(b, train, 500, NULL, 0, &tc, &last, &err), LIPS_OK);
    assert_memory_equal(a->params, b->params, a->n_params * sizeof(float));
    lips_nn_free(a);
    lips_nn_free(b);

    /* a non-default value length: trained, saved, loaded, predicting the same */
    lips_nn_config small = {.E = 4, .L = 6, .K = 16, .H = 2, .max_batch = 32};
    lips_nn *s6 = lips_nn_new(&small, 4), *back;
    lips_train_report rep;
    tc.report = &rep;
    tc.epochs = 2;
    assert_int_equal(lips_train(s6, train, 400, test, 50, &tc, &last, &err), LIPS_OK);
    assert_true(rep.has_valid && rep.loss == last && rep.step_seconds > 0 && rep.problems_per_s > 0);
    char model_path[64];
    snprintf(model_path, sizeof model_path, "/tmp/lips-train-model-XXXXXX");
    fd = mkstemp(model_path);
    close(fd);
    assert_int_equal(lips_nn_save(s6, model_path, &err), LIPS_OK);
    assert_int_equal(lips_nn_load(model_path, &back, &err), LIPS_OK);
    assert_int_equal(back->cfg.L, 6);
    assert_int_equal(back->in_dim, s6->in_dim);
    float p1[LIPS_N_ATTRS], p2[LIPS_N_ATTRS];
    for (size_t i = 0; i < 20; i++) {
        lips_nn_predict(s6, &test[i], p1);
        lips_nn_predict(back, &test[i], p2);
        assert_memory_equal(p1, p2, sizeof p1);
    }
    lips_eval ev;
    assert_int_equal(lips_evaluate(back, test, 50, &ev, &err), LIPS_OK);
    assert_true(ev.loss == rep.valid.loss && ev.map == rep.valid.map);
    lips_nn_free(s6);
    lips_nn_free(back);
    unlink(model_path);
    free(train);
    free(test);
    unlink(train_path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_training_beats_the_prior),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
