/* The enumerative solvers: they find known programs, --all agrees with brute
 * force, sketches keep their fixed parts, and exhausted or timed-out searches
 * say so. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lips/enumerate.h"
#include "lips/lips.h"
#include "rng.h"

static uint64_t rng = 0x2545f4914f6cdd1dull;

static unsigned rnd(unsigned n) { return lips_rng_below(&rng, n); }

static lips_problem pb;

static lips_value random_value(int type, int maxlen, int range) {
    if (type == LIPS_T_INT) return lips_value_int((int)rnd(9) - 2);
    int xs[LIPS_MAX_LEN], n = (int)rnd((unsigned)maxlen + 1);
    for (int i = 0; i < n; i++) xs[i] = (int)rnd(2 * (unsigned)range + 1) - range;
    return lips_value_list(xs, n);
}

/* A random program of len statements without dead statements, and M examples
 * on which it succeeds with a non-constant output. Returns 0 if none found. */
static int random_task(int n_inputs, int len, int M, lips_program *prog) {
    for (int attempt = 0; attempt < 1000; attempt++) {
        memset(prog, 0, sizeof *prog);
        prog->n_inputs = (uint8_t)n_inputs;
        for (int i = 0; i < n_inputs; i++) prog->input_types[i] = (uint8_t)(i == 0 ? LIPS_T_LIST : rnd(2));
        prog->n_stmts = (uint8_t)len;
        int ok = 1;
        for (int i = 0; i < len && ok; i++) {
            int nv = n_inputs + i, tries = 0;
            for (;; tries++) {
                if (tries > 100) {
                    ok = 0;
                    break;
                }
                const lips_instance *in = &lips_instances[rnd(LIPS_N_INSTANCES)];
                int a[2] = {LIPS_NONE, LIPS_NONE}, good = 1;
                for (int k = 0; k < in->arity && good; k++) {
                    int c[LIPS_MAX_VARS], nc = 0;
                    for (int v = 0; v < nv; v++)
                        if (lips_program_var_type(prog, v) == in->arg_types[k]) c[nc++] = v;
                    if (!nc) good = 0;
                    else a[k] = c[rnd((unsigned)nc)];
                }
                /* the previous statement must be used, so none is dead */
                if (!good || (i > 0 && a[0] != nv - 1 && a[1] != nv - 1)) continue;
                prog->stmts[i] = (lips_stmt){(int8_t)in->fn, in->lambda, (int8_t)in->arity,
                                             {(int8_t)a[0], (int8_t)a[1]}};
                break;
            }
        }
        if (!ok) continue;
        memset(&pb, 0, sizeof pb);
        pb.sketch = *prog;
        pb.sketch.n_stmts = 0;
        pb.out_type = (uint8_t)lips_program_result_type(prog);
        pb.has_program = 1;
        pb.program = *prog;
        int distinct = 0;
        for (int e = 0; e < M && ok; e++) {
            lips_value vars[LIPS_MAX_VARS];
            for (int i = 0; i < n_inputs; i++) pb.examples[e].in[i] = random_value(prog->input_types[i], 8, 12);
            lips_run r = lips_program_run(prog, LIPS_SEM_STRICT, pb.examples[e].in, vars);
            ok = r.status == LIPS_EVAL_OK;
            pb.examples[e].out = vars[n_inputs + len - 1];
            if (e && !lips_value_equal(&pb.examples[e].out, &pb.examples[0].out)) distinct = 1;
        }
        pb.n_examples = M;
        if (ok && distinct) return 1;
    }
    return 0;
}

static void solve_ok(const lips_solve_config *cfg, lips_solve_result *r) {
    lips_error err;
    if (lips_solve(&pb, cfg, r, &err) != LIPS_OK) fail_msg("solve: %s", err.msg);
}

static void check_finds_known_programs(lips_solver solver) {
    for (int len = 1; len <= 4; len++) {
        int solved = 0, tasks = len <= 2 ? 20 : len == 3 ? 8 : 3;
        for (int t = 0; t < tasks; t++) {
            lips_program prog;
            assert_true(random_task(1 + (int)rnd(2), len, 5, &prog));
            lips_solve_config cfg;
            lips_solve_config_default(&cfg);
            cfg.solver = solver;
            cfg.max_len = len;
            cfg.timeout_s = 0;
            /* the program's own attributes make a good ordering */
            uint64_t attrs = lips_program_attrs(&prog);
            for (int i = 0; i < LIPS_N_ATTRS; i++) cfg.attr_p[i] = (attrs >> i) & 1 ? 0.9f : 0.1f;
            if (solver == LIPS_SOLVER_ENUM && len == 4) cfg.timeout_s = 30;
            lips_solve_result r;
            solve_ok(&cfg, &r);
            if (solver == LIPS_SOLVER_ENUM && len == 4 && r.status == LIPS_SOLVE_TIMEOUT) continue;
            if (r.status != LIPS_SOLVE_FOUND) {
                char buf[512];
                lips_program_print(&prog, " | ", buf, sizeof buf);
                fail_msg("%s missed %s", lips_solver_name(solver), buf);
            }
            assert_true(r.program.n_stmts <= len);
            assert_int_equal(lips_problem_first_mismatch(&pb, &r.program), -1);
            solved++;
            lips_solve_result_free(&r);
        }
        assert_true(solved > 0);
    }
}

static void test_dfs_finds_known_programs(void **state) { check_finds_known_programs(LIPS_SOLVER_DFS); }
static void test_saa_finds_known_programs(void **state) { check_finds_known_programs(LIPS_SOLVER_SAA); }
static void test_enum_finds_known_programs(void **state) { check_finds_known_programs(LIPS_SOLVER_ENUM); }

/* ---- brute force, written independently of the search ---- */

typedef struct {
    lips_program *v;
    int n, cap;
} plist;

static void plist_add(plist *l, const lips_program *p) {
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = realloc(l->v, (size_t)l->cap * sizeof *l->v);
        assert_non_null(l->v);
    }
    l->v[l->n++] = *p;
}

/* The space: every statement succeeds on every example, every statement but
 * the last is used later, and no statement but the last equals an earlier
 * variable on every example. */
static int in_space_and_consistent(const lips_program *p) {
    lips_value vars[LIPS_MAX_EXAMPLES][LIPS_MAX_VARS];
    int nv = p->n_inputs + p->n_stmts;
    for (int e = 0; e < pb.n_examples; e++)
        if (lips_program_run(p, LIPS_SEM_STRICT, pb.examples[e].in, vars[e]).status != LIPS_EVAL_OK) return 0;
    for (int s = 0; s + 1 < p->n_stmts; s++) {
        int v = p->n_inputs + s, used = 0;
        for (int t = s + 1; t < p->n_stmts; t++)
            for (int k = 0; k < p->stmts[t].nargs; k++) used |= p->stmts[t].args[k] == v;
        if (!used) return 0;
        for (int u = 0; u < v; u++) {
            int same = 1;
            for (int e = 0; e < pb.n_examples && same; e++) same = lips_value_equal(&vars[e][u], &vars[e][v]);
            if (same) return 0;
        }
    }
    for (int e = 0; e < pb.n_examples; e++)
        if (!lips_value_equal(&vars[e][nv - 1], &pb.examples[e].out)) return 0;
    return 1;
}

static void brute(lips_program *p, int depth, int max_len, plist *out) {
    if (depth == max_len) return;
    int nv = p->n_inputs + depth;
    for (int i = 0; i < LIPS_N_INSTANCES; i++) {
        const lips_instance *in = &lips_instances[i];
        for (int a = 0; a < nv; a++) {
            for (int b = 0; b < (in->arity == 2 ? nv : 1); b++) {
                if (lips_program_var_type(p, a) != in->arg_types[0]) continue;
                if (in->arity == 2 && lips_program_var_type(p, b) != in->arg_types[1]) continue;
                p->stmts[depth] = (lips_stmt){(int8_t)in->fn, in->lambda, (int8_t)in->arity,
                                              {(int8_t)a, in->arity == 2 ? (int8_t)b : (int8_t)LIPS_NONE}};
                p->n_stmts = (uint8_t)(depth + 1);
                if (lips_program_result_type(p) == pb.out_type && in_space_and_consistent(p)) plist_add(out, p);
                brute(p, depth + 1, max_len, out);
            }
        }
    }
    p->n_stmts = (uint8_t)depth;
}

static int cmp_prog(const void *x, const void *y) { return memcmp(x, y, sizeof(lips_program)); }

static void test_all_matches_brute_force(void **state) {
    for (int t = 0; t < 12; t++) {
        int len = 1 + t % 3, max_len = len;
        lips_program prog;
        assert_true(random_task(len == 3 ? 1 : 1 + (int)rnd(2), len, len == 3 ? 2 : 3, &prog));
        plist want = {0};
        lips_program p = pb.sketch;
        brute(&p, 0, max_len, &want);
        for (lips_solver s = LIPS_SOLVER_DFS; s <= LIPS_SOLVER_ENUM; s++) {
            lips_solve_config cfg;
            lips_solve_config_default(&cfg);
            cfg.solver = s;
            cfg.max_len = max_len;
            cfg.all = 1;
            cfg.max_results = 1000000;
            cfg.timeout_s = 0;
            cfg.threads = 1 + t % 2;
            for (int k = 0; k < LIPS_N_ATTRS; k++) cfg.attr_p[k] = 0.05f + 0.9f * (float)rnd(1000) / 1000.0f;
            lips_solve_result r;
            solve_ok(&cfg, &r);
            assert_int_equal(r.n_results, want.n);
            /* ranked: shortest first, then by score: the sum of -log of the
             * statements' instance scores does not decrease within a length */
            float score[LIPS_N_INSTANCES];
            lips_order_scores(cfg.attr_p, score);
            double prev = 0;
            for (int i = 0; i < r.n_results; i++) {
                double cost = 0;
                for (int k = pb.sketch.n_stmts; k < r.results[i].n_stmts; k++)
                    cost -= log(score[lips_stmt_instance(&r.results[i].stmts[k])]);
                if (i > 0) {
                    assert_true(r.results[i - 1].n_stmts <= r.results[i].n_stmts);
                    if (s != LIPS_SOLVER_ENUM && r.results[i - 1].n_stmts == r.results[i].n_stmts)
                        assert_true(cost >= prev - 1e-4);
                }
                prev = cost;
            }
            qsort(r.results, (size_t)r.n_results, sizeof *r.results, cmp_prog);
            qsort(want.v, (size_t)want.n, sizeof *want.v, cmp_prog);
            for (int i = 0; i < want.n; i++) assert_true(lips_program_equal(&r.results[i], &want.v[i]));
            lips_solve_result_free(&r);
        }
        assert_true(want.n >= 1);
        free(want.v);
    }
}

static void test_sketch_fixed_parts_are_kept(void **state) {
    lips_error err;
    static const char *sketches[] = {
        "a <- [int] | b <- FILTER ?? a | c <- MAP (*2) b | d <- ?? c",
        "a <- [int] | b <- int | c <- ?? | d <- TAKE b ??",
        "a <- [int] | b <- ?? a | c <- ZIPWITH ?? b a",
    };
    static const char *programs[] = {
        "a <- [int] | b <- FILTER (%2==1) a | c <- MAP (*2) b | d <- REVERSE c",
        "a <- [int] | b <- int | c <- SORT a | d <- TAKE b c",
        "a <- [int] | b <- MAP (*3) a | c <- ZIPWITH (-) b a",
    };
    for (int i = 0; i < 3; i++) {
        lips_program sol;
        assert_int_equal(lips_program_parse(programs[i], "t", 1, 0, &sol, &err), LIPS_OK);
        memset(&pb, 0, sizeof pb);
        assert_int_equal(lips_program_parse(sketches[i], "t", 1, LIPS_PARSE_SKETCH, &pb.sketch, &err), LIPS_OK);
        pb.out_type = LIPS_T_LIST;
        pb.n_examples = 5;
        for (int e = 0; e < 5; e++) {
            lips_value vars[LIPS_MAX_VARS];
            for (int k = 0; k < sol.n_inputs; k++)
                pb.examples[e].in[k] = sol.input_types[k] == LIPS_T_INT ? lips_value_int(2 + e % 3)
                                                                         : random_value(LIPS_T_LIST, 9, 20);
            assert_int_equal(lips_program_run(&sol, LIPS_SEM_STRICT, pb.examples[e].in, vars).status, LIPS_EVAL_OK);
            pb.examples[e].out = vars[sol.n_inputs + sol.n_stmts - 1];
        }
        for (lips_solver s = LIPS_SOLVER_DFS; s <= LIPS_SOLVER_ENUM; s++) {
            lips_solve_config cfg;
            lips_solve_config_default(&cfg);
            cfg.solver = s;
            cfg.all = 1;
            lips_solve_result r;
            solve_ok(&cfg, &r);
            assert_int_equal(r.status, LIPS_SOLVE_FOUND);
            int has_sol = 0;
            for (int k = 0; k < r.n_results; k++) {
                assert_true(lips_program_fills(&pb.sketch, &r.results[k]));
                has_sol |= lips_program_equal(&r.results[k], &sol);
            }
            assert_true(has_sol);
            lips_solve_result_free(&r);
        }
    }
}

static void test_unsatisfiable_and_timeout(void **state) {
    lips_error err;
    /* no program of 2 statements turns [1] into a list of six 5s */
    assert_int_equal(lips_problem_parse_text("a <- [int]\n---\n[1] -> [5, 5, 5, 5, 5, 5]\n[2] -> [5, 5, 5, 5, 5, 5]\n",
                                             "t", &pb, &err), LIPS_OK);
    for (lips_solver s = LIPS_SOLVER_DFS; s <= LIPS_SOLVER_ENUM; s++) {
        lips_solve_config cfg;
        lips_solve_config_default(&cfg);
        cfg.solver = s;
        cfg.max_len = 2;
        lips_solve_result r;
        solve_ok(&cfg, &r);
        assert_int_equal(r.status, LIPS_SOLVE_NONE);
        assert_true(r.nodes > 100);
        lips_solve_result_free(&r);
    }
    /* the same at length 6 cannot finish in 50 ms */
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    cfg.max_len = 6;
    cfg.timeout_s = 0.05;
    lips_solve_result r;
    solve_ok(&cfg, &r);
    assert_int_equal(r.status, LIPS_SOLVE_TIMEOUT);
    lips_solve_result_free(&r);
}

/* Two threads report exactly the program one thread finds first. */
static void test_threads_agree(void **state) {
    for (int t = 0; t < 200; t++) {
        lips_program prog;
        assert_true(random_task(1, 3, 5, &prog));
        lips_solve_result r1, r2;
        lips_solve_config cfg;
        lips_solve_config_default(&cfg);
        cfg.solver = LIPS_SOLVER_DFS;
        cfg.timeout_s = 0;
        cfg.threads = 1;
        solve_ok(&cfg, &r1);
        cfg.threads = 2;
        solve_ok(&cfg, &r2);
        assert_int_equal(r1.status, r2.status);
        assert_true(lips_program_equal(&r1.program, &r2.program));
        lips_solve_result_free(&r1);
        lips_solve_result_free(&r2);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dfs_finds_known_programs),
        cmocka_unit_test(test_saa_finds_known_programs),
        cmocka_unit_test(test_enum_finds_known_programs),
        cmocka_unit_test(test_all_matches_brute_force),
        cmocka_unit_test(test_sketch_fixed_parts_are_kept),
        cmocka_unit_test(test_unsatisfiable_and_timeout),
        cmocka_unit_test(test_threads_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
