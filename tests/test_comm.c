/* lips_comm without MPI: the ranks are threads of this process, with
 * collectives over a barrier, so the library's division of work is tested in
 * every build (the mpi test runs the real thing under mpirun). gen on 2 and
 * 3 ranks writes one process's bytes (also with shared input sets); train
 * on 2 ranks with batch B gives the weights of one process with batch 2B,
 * the same on every rank; bench on 3 ranks has one process's outcomes, in
 * one results.jsonl. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lips/lips.h"

#define MAX_RANKS 4

typedef struct { /* a rank's messages in arrival order, each its sender then its bytes */
    char *buf;
    size_t len, at;
} mailbox;

typedef struct {
    int size;
    pthread_barrier_t bar;
    const void *in[MAX_RANKS];
    size_t len[MAX_RANKS];
    pthread_mutex_t mu;
    mailbox mail[MAX_RANKS];
    long counter; /* fetch_add's, under mu */
} group;

typedef struct {
    group *g;
    lips_comm comm;
} member;

static int allgather(void *ctx, const void *buf, size_t len, char **all, size_t *lens) {
    member *m = ctx;
    group *g = m->g;
    g->in[m->comm.rank] = buf;
    g->len[m->comm.rank] = len;
    pthread_barrier_wait(&g->bar);
    size_t total = 0;
    for (int r = 0; r < g->size; r++) total += lens[r] = g->len[r];
    *all = malloc(total ? total : 1);
    for (int r = 0, at = 0; r < g->size; at += (int)g->len[r], r++) memcpy(*all + at, g->in[r], g->len[r]);
    pthread_barrier_wait(&g->bar);
    return 0;
}

/* rank order on every rank: the same bits everywhere, as MPI promises */
#define SUM(name, type)                                                      \
    static int name(void *ctx, type *x, size_t n) {                          \
        member *m = ctx;                                                     \
        group *g = m->g;                                                     \
        g->in[m->comm.rank] = x;                                             \
        pthread_barrier_wait(&g->bar);                                       \
        type *s = calloc(n ? n : 1, sizeof *s);                              \
        for (int r = 0; r < g->size; r++)                                    \
            for (size_t k = 0; k < n; k++) s[k] += ((const type *)g->in[r])[k]; \
        pthread_barrier_wait(&g->bar);                                       \
        memcpy(x, s, n * sizeof *s);                                         \
        free(s);                                                             \
        return 0;                                                            \
    }
SUM(sum_floats, float)
SUM(sum_doubles, double)

static int broadcast(void *ctx, void *buf, size_t len) {
    member *m = ctx;
    group *g = m->g;
    if (m->comm.rank == 0) g->in[0] = buf;
    pthread_barrier_wait(&g->bar);
    if (m->comm.rank != 0) memcpy(buf, g->in[0], len);
    pthread_barrier_wait(&g->bar);
    return 0;
}

static int send_to(void *ctx, int to, const void *buf, size_t len) {
    member *m = ctx;
    group *g = m->g;
    pthread_mutex_lock(&g->mu);
    g->mail[to].buf = realloc(g->mail[to].buf, g->mail[to].len + sizeof(int) + len);
    memcpy(g->mail[to].buf + g->mail[to].len, &m->comm.rank, sizeof(int));
    memcpy(g->mail[to].buf + g->mail[to].len + sizeof(int), buf, len);
    g->mail[to].len += sizeof(int) + len;
    pthread_mutex_unlock(&g->mu);
    return 0;
}

static int poll_any(void *ctx, void *buf, size_t len, int *from) {
    member *m = ctx;
    group *g = m->g;
    pthread_mutex_lock(&g->mu);
    mailbox *box = &g->mail[m->comm.rank];
    int got = box->len - box->at >= sizeof(int) + len;
    if (got) {
        memcpy(from, box->buf + box->at, sizeof(int));
        memcpy(buf, box->buf + box->at + sizeof(int), len);
        box->at += sizeof(int) + len;
    }
    pthread_mutex_unlock(&g->mu);
    return got;
}

static int fetch_add(void *ctx, long n, long *old) {
    member *m = ctx;
    group *g = m->g;
    pthread_mutex_lock(&g->mu);
    *old = g->counter;
    g->counter += n;
    pthread_mutex_unlock(&g->mu);
    return 0;
}

/* A group of size ranks; with a counter (shared) starting where a run before
 * might have left it, not at 0, or without one. */
static void group_init(group *g, member *ms, int size, int shared) {
    memset(g, 0, sizeof *g);
    g->size = size;
    g->counter = 1000;
    pthread_barrier_init(&g->bar, NULL, (unsigned)size);
    pthread_mutex_init(&g->mu, NULL);
    for (int r = 0; r < size; r++)
        ms[r] = (member){g, {r, size, &ms[r], allgather, sum_floats, sum_doubles, broadcast, send_to, poll_any,
                             shared ? fetch_add : NULL}};
}

static void group_free(group *g) {
    pthread_barrier_destroy(&g->bar);
    pthread_mutex_destroy(&g->mu);
    for (int r = 0; r < g->size; r++) free(g->mail[r].buf);
}

/* Runs fn(arg of rank r) on a thread per rank. */
static void run_ranks(int size, void *(*fn)(void *), void *args, size_t arg_size) {
    pthread_t th[MAX_RANKS];
    for (int r = 0; r < size; r++) assert_int_equal(pthread_create(&th[r], NULL, fn, (char *)args + r * arg_size), 0);
    for (int r = 0; r < size; r++) pthread_join(th[r], NULL);
}

/* ---- gen ---- */

typedef struct {
    lips_gen_config cfg;
    char *buf;
    size_t len;
    lips_status st;
    lips_gen_report rep;
} gen_job;

static void *gen_rank(void *arg) {
    gen_job *j = arg;
    lips_error err;
    FILE *out = j->cfg.comm->rank == 0 ? open_memstream(&j->buf, &j->len) : NULL;
    j->st = lips_gen_run(&j->cfg, out, &j->rep, &err);
    if (out) fclose(out);
    return NULL;
}

static void gen_same(const lips_gen_config *cfg) {
    char *one = NULL;
    size_t one_len = 0;
    FILE *f = open_memstream(&one, &one_len);
    lips_gen_report rep;
    lips_error err;
    assert_int_equal(lips_gen_run(cfg, f, &rep, &err), LIPS_OK);
    fclose(f);
    assert_true(rep.problems > 0);
    for (int size = 2; size <= 3; size++)
    for (int shared = 0; shared <= 1; shared++) {
        group g;
        member ms[MAX_RANKS];
        gen_job jobs[MAX_RANKS];
        group_init(&g, ms, size, shared);
        for (int r = 0; r < size; r++) {
            memset(&jobs[r], 0, sizeof jobs[r]);
            jobs[r].cfg = *cfg;
            jobs[r].cfg.comm = &ms[r].comm;
        }
        run_ranks(size, gen_rank, jobs, sizeof jobs[0]);
        for (int r = 0; r < size; r++) {
            assert_int_equal(jobs[r].st, LIPS_OK);
            assert_int_equal(jobs[r].rep.problems, rep.problems);
            assert_int_equal(jobs[r].rep.candidates, rep.candidates);
            assert_int_equal(jobs[r].rep.duplicate, rep.duplicate);
        }
        assert_int_equal(jobs[0].len, one_len);
        assert_memory_equal(jobs[0].buf, one, one_len);
        /* the chunks were taken from the counter, and every rank's last take past the end */
        if (shared) assert_true(g.counter >= 1000 + 16 + size);
        free(jobs[0].buf);
        group_free(&g);
    }
    free(one);
}

static void test_gen_sampled(void **state) {
    lips_gen_config cfg;
    lips_gen_config_default(&cfg);
    cfg.length = 3;
    cfg.count = 300;
    cfg.seed = 11;
    gen_same(&cfg);
    cfg.threads = 1;
    cfg.length = 2;
    cfg.per_program = 2;
    lips_gen_config_mixed(&cfg);
    gen_same(&cfg);
}

static void test_gen_shared_inputs(void **state) {
    lips_gen_config cfg;
    lips_gen_config_default(&cfg);
    cfg.length = 3;
    cfg.count = 200;
    cfg.seed = 3;
    cfg.shared_inputs = 16;
    cfg.semantics = LIPS_SEM_DEEPCODER;
    gen_same(&cfg);
}

static void test_gen_all(void **state) {
    lips_gen_config cfg;
    lips_gen_config_default(&cfg);
    cfg.length = 2;
    cfg.all = 1;
    cfg.test = 1;
    gen_same(&cfg);
}

/* ---- train ---- */

enum { N_TRAIN = 150, BATCH = 16 };
static lips_problem train_set[N_TRAIN];

typedef struct {
    lips_nn *nn;
    lips_train_config tc;
    lips_status st;
} train_job;

static void *train_rank(void *arg) {
    train_job *j = arg;
    lips_error err;
    double loss;
    j->st = lips_train(j->nn, train_set, N_TRAIN, NULL, 0, &j->tc, &loss, &err);
    return NULL;
}

static void test_train_two_ranks(void **state) {
    lips_gen_config gc;
    lips_gen_config_default(&gc);
    gc.length = 2;
    gc.count = N_TRAIN;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    lips_gen_report rep;
    lips_error err;
    assert_int_equal(lips_gen_run(&gc, f, &rep, &err), LIPS_OK);
    fclose(f);
    f = fmemopen(text, len, "r");
    char line[1 << 16];
    for (int i = 0; i < N_TRAIN; i++) {
        assert_non_null(fgets(line, sizeof line, f));
        assert_int_equal(lips_problem_parse_json(line, "gen", i + 1, &train_set[i], &err), LIPS_OK);
    }
    fclose(f);
    free(text);

    lips_nn_config nc = {.E = 8, .L = 20, .K = 32, .H = 2, .max_batch = 2 * BATCH};
    lips_nn *one = lips_nn_new(&nc, 3);
    lips_train_config tc;
    lips_train_config_default(&tc);
    tc.epochs = 1;
    tc.batch = 2 * BATCH;
    double loss;
    /* 150 = 4 x 32 + 22: the last step is partial */
    assert_int_equal(lips_train(one, train_set, N_TRAIN, NULL, 0, &tc, &loss, &err), LIPS_OK);

    group g;
    member ms[2];
    train_job jobs[2];
    group_init(&g, ms, 2, 0);
    nc.max_batch = BATCH;
    for (int r = 0; r < 2; r++) {
        jobs[r].nn = lips_nn_new(&nc, 3);
        lips_train_config_default(&jobs[r].tc);
        jobs[r].tc.epochs = 1;
        jobs[r].tc.batch = BATCH;
        jobs[r].tc.comm = &ms[r].comm;
    }
    run_ranks(2, train_rank, jobs, sizeof jobs[0]);
    assert_int_equal(jobs[0].st, LIPS_OK);
    assert_int_equal(jobs[1].st, LIPS_OK);
    assert_int_equal(jobs[0].nn->n_params, one->n_params);
    assert_memory_equal(jobs[0].nn->params, jobs[1].nn->params, one->n_params * sizeof(float));
    float worst = 0;
    for (size_t k = 0; k < one->n_params; k++) {
        float d = jobs[0].nn->params[k] - one->params[k];
        if (d < 0) d = -d;
        if (d > worst) worst = d;
    }
    assert_true(worst <= 1e-5f);
    /* and the training moved the weights: the bound is not met trivially */
    lips_nn *start = lips_nn_new(&nc, 3);
    float moved = 0;
    for (size_t k = 0; k < one->n_params; k++) {
        float d = start->params[k] - one->params[k];
        if (d < 0) d = -d;
        if (d > moved) moved = d;
    }
    assert_true(moved > 1e-3f);
    lips_nn_free(start);
    for (int r = 0; r < 2; r++) lips_nn_free(jobs[r].nn);
    lips_nn_free(one);
    group_free(&g);
}

/* ---- bench ---- */

typedef struct {
    const lips_problem *ps;
    size_t n;
    const char *data, *dir;
    lips_bench_config cfg;
    lips_bench_report rep;
    lips_status st;
} bench_job;

static void *bench_rank(void *arg) {
    bench_job *j = arg;
    lips_error err;
    j->st = lips_bench_run(j->ps, j->n, j->data, &j->cfg, j->dir, &j->rep, &err);
    return NULL;
}

static int by_run(const void *a, const void *b) {
    const lips_bench_record *x = a, *y = b;
    if (x->problem != y->problem) return x->problem < y->problem ? -1 : 1;
    if (x->solver != y->solver) return x->solver < y->solver ? -1 : 1;
    return (int)x->order - (int)y->order;
}

static void test_bench_three_ranks(void **state) {
    char dir[] = "/tmp/lips-test-comm-XXXXXX", data[64], one[80], three[80];
    assert_non_null(mkdtemp(dir));
    snprintf(data, sizeof data, "%s/d.jsonl", dir);
    snprintf(one, sizeof one, "%s/one", dir);
    lips_gen_config gc;
    lips_gen_config_default(&gc);
    gc.length = 2;
    gc.count = 10;
    gc.test = 1;
    FILE *f = fopen(data, "w");
    lips_gen_report grep;
    lips_error err;
    assert_int_equal(lips_gen_run(&gc, f, &grep, &err), LIPS_OK);
    fclose(f);
    lips_problem *ps;
    size_t n;
    assert_int_equal(lips_dataset_load(data, &ps, &n, &err), LIPS_OK);

    lips_bench_config cfg;
    lips_bench_config_default(&cfg);
    cfg.solvers = 1u << LIPS_SOLVER_ENUM | 1u << LIPS_SOLVER_DFS;
    cfg.orders = 1u << LIPS_ORDER_PRIOR | 1u << LIPS_ORDER_ORACLE;
    cfg.jobs = 1;
    cfg.timeout_s = 5;
    lips_bench_report rep;
    assert_int_equal(lips_bench_run(ps, n, data, &cfg, one, &rep, &err), LIPS_OK);

    /* runs handed out by messages, then taken from a shared counter */
    for (int shared = 0; shared <= 1; shared++) {
        snprintf(three, sizeof three, "%s/three%d", dir, shared);
        group g;
        member ms[3];
        bench_job jobs[3];
        group_init(&g, ms, 3, shared);
        for (int r = 0; r < 3; r++) {
            jobs[r] = (bench_job){ps, n, data, three, cfg, {0}, LIPS_OK};
            jobs[r].cfg.comm = &ms[r].comm;
        }
        run_ranks(3, bench_rank, jobs, sizeof jobs[0]);
        /* every run taken, and every rank's one take past the end */
        if (shared) assert_int_equal(g.counter, 1000 + 3 * (long)n + 3);
        group_free(&g);
        for (int r = 0; r < 3; r++) assert_int_equal(jobs[r].st, LIPS_OK);
        assert_int_equal(jobs[0].rep.runs, 3 * (long)n);

        lips_bench_record *a, *b;
        size_t na, nb;
        assert_int_equal(lips_bench_load(one, &a, &na, &err), LIPS_OK);
        assert_int_equal(lips_bench_load(three, &b, &nb, &err), LIPS_OK);
        assert_int_equal(na, 3 * n);
        assert_int_equal(nb, na);
        qsort(a, na, sizeof *a, by_run);
        qsort(b, nb, sizeof *b, by_run);
        for (size_t i = 0; i < na; i++) {
            assert_int_equal(by_run(&a[i], &b[i]), 0);
            assert_int_equal(a[i].outcome, LIPS_BENCH_SOLVED);
            assert_int_equal(b[i].outcome, a[i].outcome);
            assert_int_equal(b[i].nodes, a[i].nodes);
            assert_string_equal(b[i].program, a[i].program);
        }
        free(a);
        free(b);
    }
    free(ps);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gen_sampled),
        cmocka_unit_test(test_gen_shared_inputs),
        cmocka_unit_test(test_gen_all),
        cmocka_unit_test(test_train_two_ranks),
        cmocka_unit_test(test_bench_three_ranks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
