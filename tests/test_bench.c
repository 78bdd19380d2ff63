/* lips bench: the percentile summary against its definition, results lines
 * round trip, a crashing and a hanging run recorded as unsolved, resume after
 * an interrupted run, and real solvers end to end. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lips/bench.h"
#include "lips/lips.h"

#define assert_near(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

static lips_bench_record rec(long problem, lips_solver s, lips_order_kind o, lips_bench_outcome u, double sec) {
    lips_bench_record r;
    memset(&r, 0, sizeof r);
    r.problem = problem;
    r.solver = s;
    r.order = o;
    r.outcome = u;
    r.seconds = sec;
    r.nodes = (uint64_t)problem * 10;
    return r;
}

static void saa_config(lips_bench_config *cfg, double timeout) {
    lips_bench_config_default(cfg);
    cfg->solvers = 1u << LIPS_SOLVER_SAA;
    cfg->orders = 1u << LIPS_ORDER_MODEL | 1u << LIPS_ORDER_PRIOR;
    cfg->timeout_s = timeout;
}

static void test_percentiles_from_known_times(void **state) {
    /* 10 problems: the model solves 0..6 in 0.01*(i+1) s, the prior all in 0.1*(i+1) s */
    lips_bench_record r[32];
    size_t n = 0;
    for (int i = 0; i < 10; i++) {
        r[n++] = rec(i, LIPS_SOLVER_SAA, LIPS_ORDER_MODEL, i < 7 ? LIPS_BENCH_SOLVED : LIPS_BENCH_TIMEOUT,
                     i < 7 ? 0.01 * (i + 1) : 5);
        r[n++] = rec(i, LIPS_SOLVER_SAA, LIPS_ORDER_PRIOR, LIPS_BENCH_SOLVED, 0.1 * (i + 1));
    }
    r[n++] = rec(0, LIPS_SOLVER_SAA, LIPS_ORDER_MODEL, LIPS_BENCH_TIMEOUT, 5); /* a repeat counts once */
    lips_bench_config cfg;
    saa_config(&cfg, 5);
    lips_bench_summary s;
    lips_error err;
    assert_int_equal(lips_bench_summarize(r, n, 10, &cfg, &s, &err), LIPS_OK);
    assert_int_equal(s.n_rows, 2);
    const lips_bench_row *m = &s.rows[0], *p = &s.rows[1];
    assert_int_equal(m->order, LIPS_ORDER_MODEL);
    assert_int_equal(m->solved, 7);
    assert_int_equal(m->runs, 10);
    assert_near(m->time_to[0], 0.02, 1e-12); /* 20% of 10: the 2nd fastest */
    assert_near(m->time_to[1], 0.04, 1e-12);
    assert_near(m->time_to[2], 0.06, 1e-12);
    assert_true(isinf(m->time_to[3])); /* 80% needs 8 of 10; 7 solved */
    assert_true(isinf(m->time_to[4]));
    assert_near(m->median_seconds, 0.04, 1e-12);
    assert_near(m->mean_nodes, 30, 1e-9);
    assert_near(p->time_to[4], 1.0, 1e-12);
    int lb;
    assert_near(lips_bench_speedup(&s, LIPS_SOLVER_SAA, 0, &lb), 10, 1e-9);
    assert_false(lb);
    assert_true(isnan(lips_bench_speedup(&s, LIPS_SOLVER_SAA, 3, &lb)));
    assert_true(isnan(lips_bench_speedup(&s, LIPS_SOLVER_DFS, 0, &lb)));
    lips_bench_summary_free(&s);

    /* only the model gets there: a lower bound, the timeout over its time */
    for (size_t i = 0; i < n; i++)
        if (r[i].order == LIPS_ORDER_PRIOR) r[i].outcome = LIPS_BENCH_TIMEOUT;
    assert_int_equal(lips_bench_summarize(r, n, 10, &cfg, &s, &err), LIPS_OK);
    assert_near(lips_bench_speedup(&s, LIPS_SOLVER_SAA, 1, &lb), 5 / 0.04, 1e-9);
    assert_true(lb);
    lips_bench_summary_free(&s);
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* time_to[k] is the smallest limit t under which at least pct% of the
 * problems are solved, over random sets of times. */
static void test_percentiles_match_the_definition(void **state) {
    srand(7);
    lips_bench_config cfg;
    saa_config(&cfg, 1);
    cfg.orders = 1u << LIPS_ORDER_PRIOR;
    static lips_bench_record r[200];
    double t[200];
    for (int round = 0; round < 2000; round++) {
        long n = 1 + rand() % 150;
        int solved = 0;
        for (long i = 0; i < n; i++) {
            int ok = rand() % 4 != 0;
            double sec = (rand() % 1000) / 1000.0;
            r[i] = rec(i, LIPS_SOLVER_SAA, LIPS_ORDER_PRIOR, ok ? LIPS_BENCH_SOLVED : LIPS_BENCH_TIMEOUT, sec);
            if (ok) t[solved++] = sec;
        }
        qsort(t, (size_t)solved, sizeof *t, cmp);
        lips_bench_summary s;
        lips_error err;
        assert_int_equal(lips_bench_summarize(r, (size_t)n, n, &cfg, &s, &err), LIPS_OK);
        for (int k = 0; k < LIPS_BENCH_N_PERCENTS; k++) {
            double want = INFINITY;
            for (int j = 0; j < solved && isinf(want); j++) {
                int under = 0;
                for (int q = 0; q < solved; q++) under += t[q] <= t[j];
                if (100.0 * under >= lips_bench_percents[k] * (double)n) want = t[j];
            }
            if (isinf(want)) assert_true(isinf(s.rows[0].time_to[k]));
            else assert_near(s.rows[0].time_to[k], want, 0);
        }
        lips_bench_summary_free(&s);
    }
}

/* The z3 rows' plans, completions and time shares: shares over all runs'
 * solver time (the prediction left out), means over the solved runs. */
static void test_z3_time_shares(void **state) {
    lips_bench_record r[3];
    for (int i = 0; i < 3; i++) {
        r[i] = rec(i, LIPS_SOLVER_Z3, LIPS_ORDER_MODEL, i < 2 ? LIPS_BENCH_SOLVED : LIPS_BENCH_TIMEOUT, 1.25);
        r[i].predict_seconds = 0.25;  /* solver time 1 s each */
        r[i].smt_seconds = 0.5 * i;   /* 0, 0.5, 1: 1.5 of 3 s */
        r[i].complete_seconds = 0.25; /* 0.75 of 3 s */
        r[i].completions = (uint64_t)(4 * (i + 1));
    }
    lips_bench_config cfg;
    saa_config(&cfg, 5);
    cfg.solvers = 1u << LIPS_SOLVER_Z3;
    cfg.orders = 1u << LIPS_ORDER_MODEL;
    lips_bench_summary s;
    lips_error err;
    assert_int_equal(lips_bench_summarize(r, 3, 3, &cfg, &s, &err), LIPS_OK);
    assert_int_equal(s.n_rows, 1);
    assert_near(s.rows[0].smt_share, 0.5, 1e-12);
    assert_near(s.rows[0].complete_share, 0.25, 1e-12);
    assert_near(s.rows[0].mean_completions, 6, 1e-12); /* (4 + 8) / 2 solved */
    assert_near(s.rows[0].mean_nodes, 5, 1e-12);        /* (0 + 10) / 2 */
    char *buf;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    lips_bench_summary_write_md(&s, "t", f);
    fclose(f);
    assert_non_null(strstr(buf, "| model | 5 | 6 | 50.0% | 25.0% |\n"));
    free(buf);
    lips_bench_summary_free(&s);
}

static void test_record_round_trip(void **state) {
    lips_bench_record a = rec(12, LIPS_SOLVER_Z3, LIPS_ORDER_MODEL, LIPS_BENCH_SOLVED, 0.125);
    a.nodes = 123456789;
    a.predict_seconds = 0.000375;
    a.completions = 77;
    a.smt_seconds = 0.0625;
    a.complete_seconds = 0.03125;
    snprintf(a.program, sizeof a.program, "a <- [int] | b <- SORT a | c <- REVERSE b");
    char *buf;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    lips_bench_record_write(&a, "p12", f);
    fclose(f);
    assert_int_equal(buf[len - 1], '\n');
    lips_bench_record b;
    lips_error err;
    assert_int_equal(lips_bench_record_parse(buf, "r.jsonl", 1, &b, &err), LIPS_OK);
    assert_int_equal(b.problem, 12);
    assert_int_equal(b.solver, LIPS_SOLVER_Z3);
    assert_int_equal(b.order, LIPS_ORDER_MODEL);
    assert_true(b.predict_seconds == 0.000375);
    assert_int_equal(b.outcome, LIPS_BENCH_SOLVED);
    assert_true(b.seconds == 0.125);
    assert_true(b.nodes == 123456789);
    assert_true(b.completions == 77 && b.smt_seconds == 0.0625 && b.complete_seconds == 0.03125);
    assert_string_equal(b.program, a.program);
    assert_int_equal(b.holdout, 0);
    assert_null(strstr(buf, "holdout")); /* without --holdout, lines are as they were */
    assert_null(strstr(buf, "semantics")); /* and strict runs too */
    assert_int_equal(b.semantics, LIPS_SEM_STRICT);
    free(buf);

    a.semantics = LIPS_SEM_DEEPCODER;
    f = open_memstream(&buf, &len);
    lips_bench_record_write(&a, "p12", f);
    fclose(f);
    assert_non_null(strstr(buf, ",\"semantics\":\"deepcoder\"}"));
    assert_int_equal(lips_bench_record_parse(buf, "r.jsonl", 1, &b, &err), LIPS_OK);
    assert_int_equal(b.semantics, LIPS_SEM_DEEPCODER);
    free(buf);
    a.semantics = LIPS_SEM_STRICT;
    assert_int_equal(lips_bench_record_parse("{\"problem\": 1, \"solver\": \"z3\", \"order\": \"model\", "
                                             "\"status\": \"solved\", \"seconds\": 1, \"nodes\": 1, \"semantics\": \"wide\"}",
                                             "r.jsonl", 6, &b, &err),
                     LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "\"semantics\" must be \"strict\" or \"deepcoder\"");

    a.holdout = 3;
    a.holdout_right = 2;
    f = open_memstream(&buf, &len);
    lips_bench_record_write(&a, "p12", f);
    fclose(f);
    assert_non_null(strstr(buf, "\"holdout\":3,\"holdout_right\":2,\"holdout_ok\":false}"));
    assert_int_equal(lips_bench_record_parse(buf, "r.jsonl", 1, &b, &err), LIPS_OK);
    assert_int_equal(b.holdout, 3);
    assert_int_equal(b.holdout_right, 2);
    free(buf);
    assert_int_equal(lips_bench_record_parse("{\"problem\": 1, \"solver\": \"z3\", \"order\": \"model\", "
                                             "\"status\": \"solved\", \"seconds\": 1, \"nodes\": 1, \"holdout\": 2}",
                                             "r.jsonl", 4, &b, &err),
                     LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "\"holdout\" needs a \"holdout_right\" between 0 and it");
    assert_int_equal(lips_bench_record_parse("{\"problem\": 1, \"solver\": \"z3\", \"order\": \"model\", "
                                             "\"status\": \"solved\", \"seconds\": 1, \"nodes\": 1, \"completions\": 2}",
                                             "r.jsonl", 5, &b, &err),
                     LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "\"completions\", \"smt_seconds\" and \"complete_seconds\" go together, each >= 0");
    /* other solvers' lines carry no such keys */
    a.solver = LIPS_SOLVER_SAA;
    f = open_memstream(&buf, &len);
    lips_bench_record_write(&a, "p12", f);
    fclose(f);
    assert_null(strstr(buf, "completions"));
    free(buf);
    assert_int_equal(lips_bench_record_parse("{\"problem\": 1, \"solver\": \"z4\", \"order\": \"model\", "
                                             "\"status\": \"solved\", \"seconds\": 1, \"nodes\": 1}",
                                             "r.jsonl", 3, &b, &err),
                     LIPS_ERR_INPUT);
    assert_int_equal(err.line, 3);
}

/* ---- runs ---- */

static const char *const tasks[] = {
    "a <- [int]\nb <- SORT a\n---\n[3, 1, 2] -> [1, 2, 3]\n[5, -1] -> [-1, 5]\n",
    "a <- [int]\nb <- REVERSE a\n---\n[3, 1, 2] -> [2, 1, 3]\n[5, -1] -> [-1, 5]\n",
    "a <- [int]\nb <- SUM a\n---\n[3, 1, 2] -> 6\n[5, -1] -> 4\n",
    "a <- [int]\nb <- MAP (*2) a\n---\n[3, 1, 2] -> [6, 2, 4]\n[5, -1] -> [10, -2]\n",
    "a <- [int]\nb <- FILTER (>0) a\nc <- MAXIMUM b\n---\n[3, -1, 2] -> 3\n[-5, 1] -> 1\n",
    "a <- [int]\nb <- SORT a\nc <- REVERSE b\n---\n[3, 4, -9] -> [4, 3, -9]\n[1, 2] -> [2, 1]\n",
};
#define N_TASKS (sizeof tasks / sizeof *tasks)

static char dir[64], data[128], out[128];

/* A fresh directory: data is its dataset's path, out where the benchmark writes. */
static FILE *make_dir(void) {
    strcpy(dir, "/tmp/lips_test_bench_XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(data, sizeof data, "%s/data.jsonl", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    FILE *f = fopen(data, "w");
    assert_non_null(f);
    return f;
}

/* A fresh directory with a dataset of the tasks above as synthesis problems
 * with known programs. */
static void make_dataset(lips_problem **ps, size_t *n) {
    FILE *f = make_dir();
    for (size_t i = 0; i < N_TASKS; i++) {
        static lips_problem p;
        lips_error err;
        assert_int_equal(lips_problem_parse_text(tasks[i], "t", &p, &err), LIPS_OK);
        p.program = p.sketch;
        p.has_program = 1;
        p.sketch.n_stmts = 0;
        snprintf(p.name, sizeof p.name, "task%zu", i);
        assert_int_equal(lips_problem_write_json(&p, f), LIPS_OK);
    }
    fclose(f);
    lips_error err;
    assert_int_equal(lips_dataset_load(data, ps, n, &err), LIPS_OK);
    assert_int_equal(*n, N_TASKS);
}

static void remove_dataset(lips_problem *ps) {
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(ps);
}

/* Problem 1 crashes its child, problem 2 hangs it; the rest "solve" in a
 * known time. */
static lips_status faulty_solve(const lips_problem *p, const lips_solve_config *cfg, lips_solve_result *res,
                                lips_error *err) {
    memset(res, 0, sizeof *res);
    if (!strcmp(p->name, "task1")) raise(SIGKILL);
    if (!strcmp(p->name, "task2"))
        for (;;) pause();
    res->status = LIPS_SOLVE_FOUND;
    res->program = p->program;
    res->seconds = 0.001 * (p->name[4] - '0' + 1) * (cfg->attr_p[0] == 0.5f ? 1 : 2);
    res->nodes = 7;
    return LIPS_OK;
}

static int count_lines(const char *path) {
    FILE *f = fopen(path, "r");
    int n = 0, c;
    while (f && (c = fgetc(f)) != EOF) n += c == '\n';
    if (f) fclose(f);
    return n;
}

static void test_crash_hang_and_resume(void **state) {
    lips_problem *ps;
    size_t n;
    make_dataset(&ps, &n);
    char results[160], cmd[1024];
    snprintf(results, sizeof results, "%s/results.jsonl", out);

    lips_bench_config cfg;
    saa_config(&cfg, 0.05); /* a hung child is killed after 1.5 * 0.05 + 5 s */
    cfg.orders = 1u << LIPS_ORDER_PRIOR | 1u << LIPS_ORDER_ORACLE;
    cfg.solve = faulty_solve;
    cfg.jobs = 2;
    lips_bench_report rep;
    lips_error err;
    assert_int_equal(lips_bench_run(ps, n, data, &cfg, out, &rep, &err), LIPS_OK);
    assert_int_equal(rep.runs, 2 * (long)N_TASKS);
    assert_int_equal(rep.resumed, 0);
    assert_int_equal(rep.crashed, 4);
    assert_int_equal(count_lines(results), 2 * (int)N_TASKS);

    lips_bench_record *recs;
    size_t n_recs;
    assert_int_equal(lips_bench_load(out, &recs, &n_recs, &err), LIPS_OK);
    assert_int_equal(n_recs, 2 * N_TASKS);
    for (size_t i = 0; i < n_recs; i++) {
        int bad = recs[i].problem == 1 || recs[i].problem == 2;
        assert_int_equal(recs[i].outcome, bad ? LIPS_BENCH_CRASH : LIPS_BENCH_SOLVED);
        if (!bad) {
            char want[512];
            lips_program_print(&ps[recs[i].problem].program, " | ", want, sizeof want);
            assert_string_equal(recs[i].program, want);
        }
    }
    lips_bench_summary s;
    assert_int_equal(lips_bench_summarize(recs, n_recs, (long)n, &cfg, &s, &err), LIPS_OK);
    for (int i = 0; i < s.n_rows; i++) {
        assert_int_equal(s.rows[i].solved, 4);
        assert_int_equal(s.rows[i].crashed, 2);
        assert_true(isinf(s.rows[i].time_to[3])); /* 80% of 6 needs 5 */
    }
    /* solved: tasks 0, 3, 4, 5 in 0.001 * (i + 1) s under the prior, twice that under the oracle */
    assert_int_equal(s.rows[0].order, LIPS_ORDER_PRIOR);
    assert_near(s.rows[0].time_to[0], 0.004, 1e-12);
    assert_near(s.rows[0].time_to[2], 0.006, 1e-12);
    assert_near(s.rows[1].time_to[2], 0.012, 1e-12);
    assert_int_equal(lips_bench_write(&s, "test", out, 0, &err), LIPS_OK);
    lips_bench_summary_free(&s);
    free(recs);

    /* An interrupted run: the last two lines gone, a third cut in half. */
    snprintf(cmd, sizeof cmd, "head -n %d %s > %s.x && mv %s.x %s && printf '{\"problem\": 3, \"sol' >> %s",
             2 * (int)N_TASKS - 2, results, results, results, results, results);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(lips_bench_run(ps, n, data, &cfg, out, &rep, &err), LIPS_OK);
    assert_int_equal(rep.resumed, 2 * (long)N_TASKS - 2);
    assert_int_equal(count_lines(results), 2 * (int)N_TASKS);
    assert_int_equal(lips_bench_load(out, &recs, &n_recs, &err), LIPS_OK);
    assert_int_equal(n_recs, 2 * N_TASKS);
    free(recs);

    /* Nothing left to run: a second resume runs nothing. */
    assert_int_equal(lips_bench_run(ps, n, data, &cfg, out, &rep, &err), LIPS_OK);
    assert_int_equal(rep.resumed, rep.runs);

    /* Other settings than the run's are refused. */
    cfg.timeout_s = 0.06;
    assert_int_equal(lips_bench_run(ps, n, data, &cfg, out, &rep, &err), LIPS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "timeout"));

    remove_dataset(ps);
}

/* ---- held-out examples ---- */

/* Four examples each; under --holdout 2 the solvers see the first two.
 * REVERSE a fits sortdesc's two and gets one of its held-out examples right
 * and the other wrong; HEAD a fits sum's two and gets neither (it fails on
 * the empty list). */
static const char *const holdout_lines[] = {
    "{\"name\":\"sort\",\"program\":\"a <- [int] | b <- SORT a\",\"examples\":[{\"inputs\":[[3,1,2]],\"output\":[1,2,3]},"
    "{\"inputs\":[[5,-1]],\"output\":[-1,5]},{\"inputs\":[[0,7,-7]],\"output\":[-7,0,7]},{\"inputs\":[[4]],\"output\":[4]}]}",
    "{\"name\":\"sortdesc\",\"program\":\"a <- [int] | b <- SORT a | c <- REVERSE b\",\"examples\":[{\"inputs\":[[1,2,3]],"
    "\"output\":[3,2,1]},{\"inputs\":[[-5,0]],\"output\":[0,-5]},{\"inputs\":[[7,8]],\"output\":[8,7]},"
    "{\"inputs\":[[2,9,4]],\"output\":[9,4,2]}]}",
    "{\"name\":\"sum\",\"program\":\"a <- [int] | b <- SUM a\",\"examples\":[{\"inputs\":[[5]],\"output\":5},"
    "{\"inputs\":[[3]],\"output\":3},{\"inputs\":[[1,2]],\"output\":3},{\"inputs\":[[]],\"output\":0}]}",
    "{\"name\":\"rev\",\"program\":\"a <- [int] | b <- REVERSE a\",\"examples\":[{\"inputs\":[[1,2]],\"output\":[2,1]},"
    "{\"inputs\":[[3]],\"output\":[3]},{\"inputs\":[[4,5]],\"output\":[5,4]},{\"inputs\":[[]],\"output\":[]}]}",
};
#define N_HOLDOUT (sizeof holdout_lines / sizeof *holdout_lines)

static int seen_examples; /* what overfit_solve must be shown */

/* The shortest program that fits what it is shown, written down by hand;
 * rev times out. Being shown other than seen_examples examples, or a
 * program that does not fit them, is an error (the run's status). */
static lips_status overfit_solve(const lips_problem *p, const lips_solve_config *cfg, lips_solve_result *res,
                                 lips_error *err) {
    static const char *const fits[][2] = {
        {"sort", "a <- [int] | b <- SORT a"},
        {"sortdesc", "a <- [int] | b <- REVERSE a"},
        {"sum", "a <- [int] | b <- HEAD a"},
    };
    memset(res, 0, sizeof *res);
    if (p->n_examples != seen_examples)
        return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "shown %d examples", p->n_examples);
    res->status = LIPS_SOLVE_TIMEOUT;
    res->seconds = cfg->timeout_s;
    for (size_t i = 0; i < sizeof fits / sizeof *fits; i++) {
        if (strcmp(p->name, fits[i][0])) continue;
        lips_status st = lips_program_parse(fits[i][1], "fits", 1, 0, &res->program, err);
        if (st || lips_problem_first_mismatch(p, &res->program) >= 0)
            return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "%s does not fit", fits[i][1]);
        res->status = LIPS_SOLVE_FOUND;
        res->seconds = 0.001 * (double)(i + 1);
    }
    return LIPS_OK;
}

/* The line of results.jsonl about problem `problem` (0-based). */
static void results_line(int problem, char *line, size_t n) {
    char path[160], key[32];
    snprintf(path, sizeof path, "%s/results.jsonl", out);
    snprintf(key, sizeof key, "{\"problem\":%d,", problem);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    while (fgets(line, (int)n, f) && strncmp(line, key, strlen(key))) {}
    fclose(f);
    assert_int_equal(strncmp(line, key, strlen(key)), 0);
}

static char *file_text(const char *name) {
    char path[160];
    snprintf(path, sizeof path, "%s/%s", out, name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char text[1 << 14];
    size_t got = fread(text, 1, sizeof text - 1, f);
    text[got] = 0;
    fclose(f);
    return text;
}

/* --holdout 2: the solver is shown two examples, each program found is run
 * on the other two, results.jsonl says how it did, the summary counts the
 * problems whose program got both right; a resume must use the same K, and
 * a K that leaves a problem no example is refused before anything runs. */
static void test_holdout(void **state) {
    FILE *f = make_dir();
    for (size_t i = 0; i < N_HOLDOUT; i++) fprintf(f, "%s\n", holdout_lines[i]);
    fclose(f);
    lips_problem *ps;
    size_t n;
    lips_error err;
    assert_int_equal(lips_dataset_load(data, &ps, &n, &err), LIPS_OK);
    assert_int_equal(n, N_HOLDOUT);

    lips_bench_config cfg;
    saa_config(&cfg, 1);
    cfg.orders = 1u << LIPS_ORDER_PRIOR;
    cfg.solve = overfit_solve;
    cfg.holdout = 2;
    seen_examples = 2;
    lips_bench_report rep;
    assert_int_equal(lips_bench_run(ps, n, data, &cfg, out, &rep, &err), LIPS_OK);
    assert_int_equal(rep.runs, (long)N_HOLDOUT);

    static const struct {
        lips_bench_outcome outcome;
        int right;
        const char *tail;
    } want[N_HOLDOUT] = {
        {LIPS_BENCH_SOLVED, 2, "\"program\":\"a <- [int] | b <- SORT a\",\"holdout\":2,\"holdout_right\":2,\"holdout_ok\":true}\n"},
        {LIPS_BENCH_SOLVED, 1, "\"program\":\"a <- [int] | b <- REVERSE a\",\"holdout\":2,\"holdout_right\":1,\"holdout_ok\":false}\n"},
        {LIPS_BENCH_SOLVED, 0, "\"program\":\"a <- [int] | b <- HEAD a\",\"holdout\":2,\"holdout_right\":0,\"holdout_ok\":false}\n"},
        {LIPS_BENCH_TIMEOUT, 0, "\"status\":\"timeout\",\"seconds\":1,\"nodes\":0}\n"},
    };
    lips_bench_record *recs;
    size_t n_recs;
    assert_int_equal(lips_bench_load(out, &recs, &n_recs, &err), LIPS_OK);
    assert_int_equal(n_recs, N_HOLDOUT);
    for (size_t i = 0; i < n_recs; i++) {
        const lips_bench_record *r = &recs[i];
        assert_int_equal(r->outcome, want[r->problem].outcome);
        assert_int_equal(r->holdout, r->outcome == LIPS_BENCH_SOLVED ? 2 : 0);
        assert_int_equal(r->holdout_right, want[r->problem].right);
        char line[2048];
        results_line((int)r->problem, line, sizeof line);
        size_t tl = strlen(want[r->problem].tail);
        assert_true(strlen(line) >= tl);
        assert_string_equal(line + strlen(line) - tl, want[r->problem].tail);
    }

    lips_bench_summary s;
    assert_int_equal(lips_bench_summarize(recs, n_recs, (long)n, &cfg, &s, &err), LIPS_OK);
    assert_int_equal(s.holdout, 2);
    assert_int_equal(s.n_rows, 1);
    assert_int_equal(s.rows[0].solved, 3);
    assert_int_equal(s.rows[0].holdout_ok, 1);
    assert_int_equal(lips_bench_write(&s, "test", out, 0, &err), LIPS_OK);
    lips_bench_summary_free(&s);
    free(recs);
    assert_non_null(strstr(file_text("summary.md"), "\n| saa | prior | 3/4 | 1 | 25.0% | 33.3% |\n"));
    const char *json = file_text("summary.json");
    assert_non_null(strstr(json, "\"holdout\":\t2,"));
    assert_non_null(strstr(json, "\"holdout_ok\":\t1,\n\t\t\t\"holdout_ok_share\":\t0.25,"));
    assert_non_null(strstr(file_text("run.json"), "\"holdout\":\t2\n"));

    /* the same K resumes; another one, or none, is refused */
    assert_int_equal(lips_bench_run(ps, n, data, &cfg, out, &rep, &err), LIPS_OK);
    assert_int_equal(rep.resumed, (long)N_HOLDOUT);
    for (int k = 0; k <= 1; k++) {
        cfg.holdout = k;
        assert_int_equal(lips_bench_run(ps, n, data, &cfg, out, &rep, &err), LIPS_ERR_INPUT);
        assert_string_equal(err.msg, "holds a run with another holdout; resume with the same data and settings or "
                                     "choose another --out");
    }

    /* every problem must keep an example to solve from */
    cfg.holdout = 4;
    snprintf(out, sizeof out, "%s/out4", dir);
    assert_int_equal(lips_bench_run(ps, n, data, &cfg, out, &rep, &err), LIPS_ERR_INPUT);
    assert_string_equal(err.file, data);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.msg, "--holdout 4 leaves none of the problem's 4 examples to solve from");
    assert_int_equal(access(out, F_OK), -1);

    /* without --holdout: run.json, the lines and the summary as they were; a
     * resume with one is refused */
    cfg.holdout = 0;
    seen_examples = 4;
    snprintf(out, sizeof out, "%s/out0", dir);
    assert_int_equal(lips_bench_run(ps, n, data, &cfg, out, &rep, &err), LIPS_OK);
    assert_int_equal(lips_bench_load(out, &recs, &n_recs, &err), LIPS_OK);
    assert_int_equal(lips_bench_summarize(recs, n_recs, (long)n, &cfg, &s, &err), LIPS_OK);
    assert_int_equal(s.rows[0].solved, 1); /* REVERSE and HEAD do not fit all four examples */
    assert_int_equal(lips_bench_write(&s, "test", out, 0, &err), LIPS_OK);
    lips_bench_summary_free(&s);
    free(recs);
    assert_null(strstr(file_text("run.json"), "holdout"));
    assert_null(strstr(file_text("results.jsonl"), "holdout"));
    assert_null(strstr(file_text("summary.md"), "eld-out"));
    assert_null(strstr(file_text("summary.json"), "holdout"));
    cfg.holdout = 2;
    assert_int_equal(lips_bench_run(ps, n, data, &cfg, out, &rep, &err), LIPS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "another holdout"));
    remove_dataset(ps);
}

/* The real solvers under the shipped model, the prior and the oracle: every
 * problem solved, every program re-checked; the model's runs include its
 * prediction time. */
static void test_real_solvers(void **state) {
    lips_problem *ps;
    size_t n;
    make_dataset(&ps, &n);
    lips_bench_config cfg;
    lips_bench_config_default(&cfg);
    cfg.orders = 1u << LIPS_ORDER_MODEL | 1u << LIPS_ORDER_PRIOR | 1u << LIPS_ORDER_ORACLE;
    cfg.timeout_s = 20;
    char model[512];
    snprintf(model, sizeof model, "%s/models/deepcoder-t3.lips", getenv("LIPS_SOURCE_DIR"));
    lips_bench_report rep;
    lips_error err;
    assert_int_equal(lips_nn_load(model, &cfg.model, &err), LIPS_OK);
    assert_int_equal(lips_bench_run(ps, n, data, &cfg, out, &rep, &err), LIPS_OK);
    lips_nn_free(cfg.model);
    assert_int_equal(rep.runs, (long)N_TASKS * 10); /* dfs, saa, z3 three times; enum once */
    assert_int_equal(rep.crashed, 0);
    lips_bench_record *recs;
    size_t n_recs;
    assert_int_equal(lips_bench_load(out, &recs, &n_recs, &err), LIPS_OK);
    for (size_t i = 0; i < n_recs; i++) {
        assert_int_equal(recs[i].outcome, LIPS_BENCH_SOLVED);
        if (recs[i].order == LIPS_ORDER_MODEL) assert_true(recs[i].predict_seconds > 0 && recs[i].seconds > recs[i].predict_seconds);
        else assert_true(recs[i].predict_seconds == 0);
        lips_program prog;
        assert_int_equal(lips_program_parse(recs[i].program, "r", 1, 0, &prog, &err), LIPS_OK);
        assert_int_equal(lips_problem_first_mismatch(&ps[recs[i].problem], &prog), -1);
    }
    free(recs);
    remove_dataset(ps);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percentiles_from_known_times),
        cmocka_unit_test(test_percentiles_match_the_definition),
        cmocka_unit_test(test_z3_time_shares),
        cmocka_unit_test(test_record_round_trip),
        cmocka_unit_test(test_crash_hang_and_resume),
        cmocka_unit_test(test_holdout),
        cmocka_unit_test(test_real_solvers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
