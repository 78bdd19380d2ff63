/* What the solvers share (ordering, loading an ordering, the dispatcher) and
 * `lips solve` end to end: exit codes and the distinct 'no program' and
 * 'timeout' messages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lips/enumerate.h"
#include "lips/lips.h"

static void test_scores_take_the_minimum(void **state) {
    float p[LIPS_N_ATTRS], s[LIPS_N_INSTANCES];
    for (int i = 0; i < LIPS_N_ATTRS; i++) p[i] = (float)(i + 1) / 100.0f;
    lips_order_scores(p, s);
    for (int i = 0; i < LIPS_N_INSTANCES; i++) {
        const lips_instance *in = &lips_instances[i];
        float want = p[in->fn];
        if (in->lambda >= 0 && p[LIPS_ATTR_LAMBDA(in->lambda)] < want) want = p[LIPS_ATTR_LAMBDA(in->lambda)];
        assert_true(s[i] == want);
    }
    /* MAP (+1): MAP 0.11, (+1) 0.16 -> 0.11; a likely lambda never lifts an unlikely function */
    p[LIPS_FN_MAP] = 0.05f;
    p[LIPS_ATTR_LAMBDA(LIPS_L_ADD1)] = 0.99f;
    lips_order_scores(p, s);
    assert_true(s[lips_instance_find(LIPS_FN_MAP, LIPS_L_ADD1)] == 0.05f);
    p[LIPS_FN_MAP] = 0.99f;
    p[LIPS_ATTR_LAMBDA(LIPS_L_ADD1)] = 0.02f;
    lips_order_scores(p, s);
    assert_true(s[lips_instance_find(LIPS_FN_MAP, LIPS_L_ADD1)] == 0.02f);
}

static void test_rank_is_descending_with_ties_by_id(void **state) {
    float s[LIPS_N_INSTANCES];
    int r[LIPS_N_INSTANCES];
    for (int i = 0; i < LIPS_N_INSTANCES; i++) s[i] = (float)(i % 3);
    lips_order_rank(s, r);
    int seen[LIPS_N_INSTANCES] = {0};
    for (int k = 0; k < LIPS_N_INSTANCES; k++) {
        seen[r[k]]++;
        if (k) {
            assert_true(s[r[k - 1]] >= s[r[k]]);
            if (s[r[k - 1]] == s[r[k]]) assert_true(r[k - 1] < r[k]);
        }
    }
    for (int i = 0; i < LIPS_N_INSTANCES; i++) assert_int_equal(seen[i], 1);
    assert_int_equal(r[0], 2); /* score 2: ids 2, 5, 8, ... */
    assert_int_equal(r[1], 5);
}

static char *write_tmp(const char *text) {
    static char path[64];
    strcpy(path, "/tmp/lips_test_solve_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_order_load(void **state) {
    char json[4096];
    size_t n = 0;
    n += (size_t)snprintf(json + n, sizeof json - n, "{\"n\": 10, \"attributes\": {");
    for (int i = 0; i < LIPS_N_ATTRS; i++)
        n += (size_t)snprintf(json + n, sizeof json - n, "%s\"%s\": %g", i ? ", " : "", lips_attr_name(i), i / 40.0);
    snprintf(json + n, sizeof json - n, "}}");
    float p[LIPS_N_ATTRS];
    lips_error err;
    char *path = write_tmp(json);
    assert_int_equal(lips_order_load(path, p, &err), LIPS_OK);
    unlink(path);
    for (int i = 0; i < LIPS_N_ATTRS; i++) assert_true(p[i] == (float)(i / 40.0));

    path = write_tmp("{\"HEAD\": 0.5}");
    assert_int_equal(lips_order_load(path, p, &err), LIPS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "LAST"));
    unlink(path);
    path = write_tmp("{\"HEAD\": ");
    assert_int_equal(lips_order_load(path, p, &err), LIPS_ERR_INPUT);
    unlink(path);
    assert_int_equal(lips_order_load("/nonexistent/order.json", p, &err), LIPS_ERR_INPUT);
}

static void test_solver_names(void **state) {
    assert_string_equal(lips_solver_name(LIPS_SOLVER_DFS), "dfs");
    assert_string_equal(lips_solver_name(LIPS_SOLVER_SAA), "saa");
    assert_string_equal(lips_solver_name(LIPS_SOLVER_ENUM), "enum");
    assert_string_equal(lips_solver_name(LIPS_SOLVER_Z3), "z3");
}

static lips_problem pb;

static void load_text(const char *text) {
    lips_error err;
    if (lips_problem_parse_text(text, "t", &pb, &err) != LIPS_OK) fail_msg("%s", err.msg);
}

/* sort descending: REVERSE (SORT a), or the same through negation */
static const char sort_desc[] =
    "a <- [int]\n---\n"
    "[3, 4, -9] -> [4, 3, -9]\n"
    "[16, -13, -6, 20, 20, 17] -> [20, 20, 17, 16, -6, -13]\n"
    "[-17, -6, -18, 15, -12, -2] -> [15, -2, -6, -12, -17, -18]\n";

/* --max-results keeps the best programs of the full ranking, and the
 * ranking is shortest first, then by the ordering's score. */
static void test_all_bounded_is_a_prefix_of_the_ranking(void **state) {
    load_text(sort_desc);
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    cfg.solver = LIPS_SOLVER_DFS;
    cfg.max_len = 3;
    cfg.all = 1;
    cfg.max_results = 1000000;
    cfg.timeout_s = 0;
    for (int i = 0; i < LIPS_N_ATTRS; i++) cfg.attr_p[i] = 0.1f + 0.02f * (float)i;
    lips_solve_result full, part;
    lips_error err;
    assert_int_equal(lips_solve(&pb, &cfg, &full, &err), LIPS_OK);
    assert_true(full.n_results >= 6);
    assert_int_equal(full.results[0].n_stmts, 2);
    for (int max = 1; max <= 5; max += 2) {
        cfg.max_results = max;
        cfg.threads = 1 + max % 2;
        assert_int_equal(lips_solve(&pb, &cfg, &part, &err), LIPS_OK);
        assert_int_equal(part.status, LIPS_SOLVE_FOUND);
        assert_int_equal(part.n_results, max);
        for (int i = 0; i < max; i++) assert_true(lips_program_equal(&part.results[i], &full.results[i]));
        lips_solve_result_free(&part);
    }
    lips_solve_result_free(&full);
}

/* Every pruning rule can be switched off; FAIL and DEAD only cost nodes, EQUIV
 * also enlarges the space. */
static void test_pruning_rules_keep_the_solutions(void **state) {
    load_text(sort_desc);
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    cfg.solver = LIPS_SOLVER_ENUM;
    cfg.max_len = 3;
    cfg.all = 1;
    cfg.max_results = 1000000;
    cfg.timeout_s = 0;
    lips_solve_result base, r;
    lips_error err;
    assert_int_equal(lips_solve(&pb, &cfg, &base, &err), LIPS_OK);
    for (int off = 1; off <= (LIPS_PRUNE_EQUIV | LIPS_PRUNE_FAIL | LIPS_PRUNE_DEAD); off++) {
        cfg.no_prune = off;
        assert_int_equal(lips_solve(&pb, &cfg, &r, &err), LIPS_OK);
        assert_true(r.nodes > base.nodes);
        if (off & LIPS_PRUNE_EQUIV) {
            assert_true(r.n_results >= base.n_results);
        } else {
            assert_int_equal(r.n_results, base.n_results);
            for (int i = 0; i < r.n_results; i++) assert_true(lips_program_equal(&r.results[i], &base.results[i]));
        }
        lips_solve_result_free(&r);
    }
    lips_solve_result_free(&base);
}

/* ---- the CLI ---- */

static int run_cli(const char *args, char *out, size_t n) {
    const char *bin = getenv("LIPS_BIN");
    if (!bin) bin = "lips";
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s %s 2>&1", bin, args);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    size_t k = fread(out, 1, n - 1, f);
    out[k] = 0;
    int st = pclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_cli_no_program_and_timeout(void **state) {
    char out[8192], args[512];
    /* no program of 2 statements turns [1] into six 5s */
    char *path = write_tmp("a <- [int]\n---\n[1] -> [5, 5, 5, 5, 5, 5]\n[2] -> [5, 5, 5, 5, 5, 5]\n");
    for (int s = LIPS_SOLVER_DFS; s <= LIPS_SOLVER_ENUM; s++) {
        snprintf(args, sizeof args, "solve %s --solver %s --max-len 2", path, lips_solver_name((lips_solver)s));
        assert_int_equal(run_cli(args, out, sizeof out), 0);
        assert_non_null(strstr(out, ": no program by "));
        assert_null(strstr(out, "timeout"));
    }
    snprintf(args, sizeof args, "solve %s --max-len 2 --json", path);
    assert_int_equal(run_cli(args, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"status\":\"no program\""));

    snprintf(args, sizeof args, "solve %s --max-len 6 --timeout 0.2", path);
    assert_int_equal(run_cli(args, out, sizeof out), 0);
    assert_non_null(strstr(out, ": timeout by saa in "));
    assert_null(strstr(out, "no program"));
    unlink(path);
}

static void test_cli_finds_and_prints(void **state) {
    char out[8192], args[512];
    char *path = write_tmp(sort_desc);
    snprintf(args, sizeof args, "solve %s --solver enum --max-len 2", path);
    assert_int_equal(run_cli(args, out, sizeof out), 0);
    assert_non_null(strstr(out, ": found by enum in "));
    assert_non_null(strstr(out, "\na <- [int]\n"));
    snprintf(args, sizeof args, "solve %s --solver dfs --max-len 2 --all", path);
    assert_int_equal(run_cli(args, out, sizeof out), 0);
    assert_non_null(strstr(out, "a <- [int] | b <- SORT a | c <- REVERSE b\n"));
    unlink(path);
}

static void test_cli_bad_options(void **state) {
    char out[8192];
    assert_int_equal(run_cli("solve x.lips --solver nope", out, sizeof out), 2);
    assert_non_null(strstr(out, "unknown solver"));
    assert_int_equal(run_cli("solve x.lips --max-len 0", out, sizeof out), 2);
    assert_int_equal(run_cli("solve /nonexistent.lips", out, sizeof out), 2);
    assert_int_equal(run_cli("solve x.lips --model m.json --prior p.json", out, sizeof out), 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scores_take_the_minimum),
        cmocka_unit_test(test_rank_is_descending_with_ties_by_id),
        cmocka_unit_test(test_order_load),
        cmocka_unit_test(test_solver_names),
        cmocka_unit_test(test_all_bounded_is_a_prefix_of_the_ranking),
        cmocka_unit_test(test_pruning_rules_keep_the_solutions),
        cmocka_unit_test(test_cli_no_program_and_timeout),
        cmocka_unit_test(test_cli_finds_and_prints),
        cmocka_unit_test(test_cli_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
