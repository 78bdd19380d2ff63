/* The Z3 sketch solver against enumeration on random sketches: z3 finds a
 * program exactly when enum does, every program it reports fills the sketch
 * and passes the examples, and --explain tells what happened. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lips/lips.h"
#include "lips/sketch.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static lips_problem pb;

static lips_value random_list(void) {
    int xs[LIPS_MAX_LEN], n = 2 + (int)rnd(7);
    for (int i = 0; i < n; i++) xs[i] = (int)rnd(41) - 20;
    return lips_value_list(xs, n);
}

/* A random program that succeeds on 4 random examples, as pb. */
static void random_task(int len) {
    for (;;) {
        lips_program p;
        memset(&p, 0, sizeof p);
        p.n_inputs = (uint8_t)(1 + rnd(2));
        p.input_types[0] = LIPS_T_LIST;
        p.input_types[1] = LIPS_T_INT;
        p.n_stmts = (uint8_t)len;
        for (int i = 0; i < len; i++) {
            for (;;) {
                const lips_instance *in = &lips_instances[rnd(LIPS_N_INSTANCES)];
                int a[2] = {LIPS_NONE, LIPS_NONE}, ok = 1;
                for (int k = 0; k < in->arity && ok; k++) {
                    int c[LIPS_MAX_VARS], nc = 0;
                    for (int v = 0; v < p.n_inputs + i; v++)
                        if (lips_program_var_type(&p, v) == in->arg_types[k]) c[nc++] = v;
                    ok = nc > 0;
                    if (ok) a[k] = c[rnd((unsigned)nc)];
                }
                if (!ok) continue;
                p.stmts[i] = (lips_stmt){(int8_t)in->fn, in->lambda, (int8_t)in->arity, {(int8_t)a[0], (int8_t)a[1]}};
                break;
            }
        }
        memset(&pb, 0, sizeof pb);
        pb.program = p;
        pb.has_program = 1;
        pb.out_type = (uint8_t)lips_program_result_type(&p);
        pb.n_examples = 4;
        int ok = 1;
        for (int e = 0; e < pb.n_examples && ok; e++) {
            lips_value vars[LIPS_MAX_VARS];
            pb.examples[e].in[0] = random_list();
            pb.examples[e].in[1] = lips_value_int((int)rnd(6));
            ok = lips_program_run(&p, pb.examples[e].in, vars).status == LIPS_EVAL_OK;
            pb.examples[e].out = vars[p.n_inputs + len - 1];
        }
        if (ok) return;
    }
}

/* Punches 1-3 holes of random kinds into the program; sometimes changes a
 * fixed part too, which may leave the sketch without a solution. */
static void make_sketch(void) {
    lips_program *s = &pb.sketch;
    *s = pb.program;
    int holes = 1 + (int)rnd(3);
    for (int h = 0; h < holes; h++) {
        lips_stmt *st = &s->stmts[rnd(s->n_stmts)];
        switch (rnd(4)) {
        case 0: *st = (lips_stmt){LIPS_HOLE, LIPS_HOLE, LIPS_HOLE, {LIPS_HOLE, LIPS_HOLE}}; break;
        case 1: if (st->nargs != LIPS_HOLE) st->fn = st->lambda = LIPS_HOLE; break;
        case 2: if (st->fn >= 0 && st->lambda >= 0) st->lambda = LIPS_HOLE; break;
        default: if (st->nargs != LIPS_HOLE) st->args[rnd((unsigned)st->nargs)] = LIPS_HOLE; break;
        }
    }
    if (rnd(3) == 0) {
        lips_stmt *st = &s->stmts[rnd(s->n_stmts)];
        if (st->fn >= 0 && st->lambda >= 0) {
            /* another lambda of the same kind */
            int kind = lips_lambdas[st->lambda].kind, l;
            do l = (int)rnd(LIPS_N_LAMBDAS);
            while (lips_lambdas[l].kind != kind);
            st->lambda = (int8_t)l;
        }
    }
}

static lips_solve_status solve(lips_solver solver, lips_solve_result *r) {
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    cfg.solver = solver;
    cfg.timeout_s = 20;
    cfg.threads = 1;
    lips_error err;
    if (lips_solve(&pb, &cfg, r, &err) != LIPS_OK) fail_msg("%s: %s", lips_solver_name(solver), err.msg);
    return r->status;
}

static void test_z3_agrees_with_enum(void **state) {
    int compared = 0, found = 0, none = 0, total = 0;
    for (int len = 1; len <= 4; len++) {
        for (int t = 0; t < (len < 4 ? 14 : 6); t++) {
            random_task(len);
            make_sketch();
            total++;
            lips_solve_result re, rz;
            lips_solve_status se = solve(LIPS_SOLVER_ENUM, &re), sz = solve(LIPS_SOLVER_Z3, &rz);
            if (se != LIPS_SOLVE_TIMEOUT && sz != LIPS_SOLVE_TIMEOUT) {
                if (se != sz) {
                    char buf[1024];
                    lips_program_print(&pb.sketch, " | ", buf, sizeof buf);
                    fail_msg("enum says %d, z3 says %d on %s", se, sz, buf);
                }
                compared++;
                found += sz == LIPS_SOLVE_FOUND;
                none += sz == LIPS_SOLVE_NONE;
                if (sz == LIPS_SOLVE_FOUND) assert_true(lips_program_fills(&pb.sketch, &rz.program));
            }
            lips_solve_result_free(&re);
            lips_solve_result_free(&rz);
        }
    }
    fprintf(stderr, "%d of %d compared: %d found, %d without a program\n", compared, total, found, none);
    assert_true(compared * 10 >= total * 9);
    assert_true(found > 0 && none > 0);
}

static void test_explain_and_synthesis(void **state) {
    lips_error err;
    assert_int_equal(lips_problem_parse_text("a <- [int]\n---\n[3, 4, -9] -> [4, 3, -9]\n[1, 5, 2] -> [5, 2, 1]\n"
                                             "[0] -> [0]\n",
                                             "t", &pb, &err),
                     LIPS_OK);
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    cfg.solver = LIPS_SOLVER_Z3;
    cfg.max_len = 2;
    cfg.explain = 1;
    cfg.timeout_s = 60;
    for (int i = 0; i < LIPS_N_ATTRS; i++) cfg.attr_p[i] = 0.1f;
    cfg.attr_p[LIPS_FN_SORT] = cfg.attr_p[LIPS_FN_REVERSE] = 0.9f;
    lips_solve_result r;
    assert_int_equal(lips_solve(&pb, &cfg, &r, &err), LIPS_OK);
    assert_int_equal(r.status, LIPS_SOLVE_FOUND);
    char buf[256];
    lips_program_print(&r.program, " | ", buf, sizeof buf);
    assert_string_equal(buf, "a <- [int] | b <- SORT a | c <- REVERSE b");
    assert_non_null(r.explain);
    assert_non_null(strstr(r.explain, "length 1\n"));
    assert_non_null(strstr(r.explain, "length 2\n"));
    assert_non_null(strstr(r.explain, "sort-and-add rounds"));
    lips_solve_result_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_explain_and_synthesis),
        cmocka_unit_test(test_z3_agrees_with_enum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
