/* The Z3 sketch solver against enumeration: on random sketches with 1-3
 * holes of every kind over programs of length 1-4, and on plain synthesis of
 * length 1-2, z3 finds a program exactly when enum does and proves there is
 * none exactly when enum does; every program it reports fills the sketch and
 * passes the examples (lips_solve re-checks that); --explain and --timeout
 * do what they say. The comparisons with enum run in both semantics. */
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
#include "rng.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n) { return lips_rng_below(&rng, n); }

static lips_problem pb;

/* The semantics of the tasks random_task makes. */
static lips_semantics sem;

/* Small elements; in DeepCoder semantics also, half the time, elements up to
 * 256 in magnitude, so that values in between leave [-256, 255]. */
static lips_value random_list(void) {
    int xs[LIPS_MAX_LEN], n = 2 + (int)rnd(7), r = sem == LIPS_SEM_DEEPCODER && rnd(2) ? 256 : 20;
    for (int i = 0; i < n; i++) xs[i] = (int)rnd(2 * (unsigned)r + 1) - r;
    for (int i = 0; i < n; i++) xs[i] = xs[i] > LIPS_INT_MAX ? LIPS_INT_MAX : xs[i];
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
        pb.sketch = p;
        pb.out_type = (uint8_t)lips_program_result_type(&p);
        pb.n_examples = 4;
        pb.semantics = (uint8_t)sem;
        int ok = 1;
        for (int e = 0; e < pb.n_examples && ok; e++) {
            lips_value vars[LIPS_MAX_VARS];
            pb.examples[e].in[0] = random_list();
            pb.examples[e].in[1] = lips_value_int((int)rnd(6));
            ok = lips_program_run(&p, sem, pb.examples[e].in, vars).status == LIPS_EVAL_OK;
            pb.examples[e].out = vars[p.n_inputs + len - 1];
        }
        if (ok) return;
    }
}

/* The kinds of holes: a whole statement, a function (with its lambda), a
 * lambda alone, an argument. */
enum { HOLE_STMT, HOLE_FN, HOLE_LAMBDA, HOLE_ARG, N_HOLE_KINDS };

/* Punches a hole of kind `kind` into a random statement; 0 if that statement
 * cannot take it (a lambda hole needs a lambda). */
static int punch(int kind) {
    lips_stmt *st = &pb.sketch.stmts[rnd(pb.sketch.n_stmts)];
    switch (kind) {
    case HOLE_STMT: *st = (lips_stmt){LIPS_HOLE, LIPS_HOLE, LIPS_HOLE, {LIPS_HOLE, LIPS_HOLE}}; return 1;
    case HOLE_FN:
        if (st->nargs == LIPS_HOLE) return 0;
        st->fn = st->lambda = LIPS_HOLE;
        return 1;
    case HOLE_LAMBDA:
        if (st->fn < 0 || st->lambda < 0) return 0;
        st->lambda = LIPS_HOLE;
        return 1;
    default:
        if (st->nargs == LIPS_HOLE) return 0;
        st->args[rnd((unsigned)st->nargs)] = LIPS_HOLE;
        return 1;
    }
}

/* 1-3 holes, the first of kind `first`; in a third of the sketches a fixed
 * lambda is also changed, which often leaves no solution. */
static void make_sketch(int first, int counts[N_HOLE_KINDS]) {
    int holes = 1 + (int)rnd(3);
    for (int h = 0; h < holes; h++) {
        int kind = h == 0 ? first : (int)rnd(N_HOLE_KINDS);
        if (punch(kind)) counts[kind]++;
    }
    if (rnd(3) == 0) {
        lips_stmt *st = &pb.sketch.stmts[rnd(pb.sketch.n_stmts)];
        if (st->fn >= 0 && st->lambda >= 0) {
            int kind = lips_lambdas[st->lambda].kind, l;
            do l = (int)rnd(LIPS_N_LAMBDAS);
            while (lips_lambdas[l].kind != kind);
            st->lambda = (int8_t)l;
        }
    }
}

static lips_solve_status solve(lips_solver solver, int max_len, lips_solve_result *r) {
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    cfg.solver = solver;
    cfg.max_len = max_len;
    cfg.timeout_s = 20;
    cfg.threads = 1;
    /* a random ordering, so sort and add has work to do */
    for (int a = 0; a < LIPS_N_ATTRS; a++) cfg.attr_p[a] = (float)rnd(1000) / 1000.0f;
    lips_error err;
    if (lips_solve(&pb, &cfg, r, &err) != LIPS_OK) fail_msg("%s: %s", lips_solver_name(solver), err.msg);
    return r->status;
}

/* Solves pb with enum and z3; fails on disagreement. Returns z3's status, or
 * -1 when either timed out. */
static int compare(int max_len) {
    lips_solve_result re, rz;
    lips_solve_status se = solve(LIPS_SOLVER_ENUM, max_len, &re), sz = solve(LIPS_SOLVER_Z3, max_len, &rz);
    int out = -1;
    if (se != LIPS_SOLVE_TIMEOUT && sz != LIPS_SOLVE_TIMEOUT) {
        if (se != sz) {
            char buf[1024];
            lips_program_print(&pb.sketch, " | ", buf, sizeof buf);
            fail_msg("enum says %d, z3 says %d on %s", se, sz, buf);
        }
        if (sz == LIPS_SOLVE_FOUND) {
            assert_true(lips_program_fills(&pb.sketch, &rz.program));
            assert_int_equal(lips_problem_first_mismatch(&pb, &rz.program), -1);
        }
        out = sz;
    }
    lips_solve_result_free(&re);
    lips_solve_result_free(&rz);
    return out;
}

static void test_sketches_agree_with_enum(void **state) {
    sem = (lips_semantics)(intptr_t)*state;
    int compared = 0, found = 0, none = 0, total = 0, counts[N_HOLE_KINDS] = {0};
    for (int len = 1; len <= 4; len++) {
        for (int t = 0; t < (len < 4 ? 40 : 16); t++) {
            random_task(len);
            make_sketch(t % N_HOLE_KINDS, counts);
            total++;
            int s = compare(len);
            compared += s >= 0;
            found += s == LIPS_SOLVE_FOUND;
            none += s == LIPS_SOLVE_NONE;
        }
    }
    fprintf(stderr, "%s: %d of %d sketches compared: %d found, %d without a program; holes: %d statement, "
                    "%d function, %d lambda, %d argument\n",
            lips_semantics_name(sem), compared, total, found, none, counts[HOLE_STMT], counts[HOLE_FN], counts[HOLE_LAMBDA], counts[HOLE_ARG]);
    assert_true(compared * 10 >= total * 9);
    assert_true(found >= 20 && none >= 5);
    for (int k = 0; k < N_HOLE_KINDS; k++) assert_true(counts[k] >= 20);
}

/* Plain synthesis of lengths 1-4: the sketch declares only the inputs. Half
 * the outputs are a random program's; the other half are changed so that
 * often no program of the length reaches them, which z3 must prove by
 * exhausting every plan and every completion. */
static void test_synthesis_agrees_with_enum(void **state) {
    sem = (lips_semantics)(intptr_t)*state;
    int compared = 0, found = 0, none = 0, total = 0;
    for (int len = 1; len <= 4; len++) {
        /* lengths 3 and 4: Z3 plans the first statement, the enumerator completes */
        for (int t = 0; t < (len <= 2 ? 16 : len == 3 ? 10 : 4); t++) {
            random_task(len);
            pb.sketch.n_stmts = 0;
            /* changed within [-256, 255], as a problem file's outputs are */
            lips_value *o = &pb.examples[rnd((unsigned)pb.n_examples)].out;
            if (t % 2 && pb.out_type == LIPS_T_LIST) {
                o->v[0] = o->len ? o->v[0] + (o->v[0] < LIPS_INT_MAX ? 1 : -1) : 0;
                if (!o->len) o->len = 1;
            } else if (t % 2) {
                o->v[0] += o->v[0] < LIPS_INT_MAX ? 1 : -1;
            }
            total++;
            int s = compare(len);
            compared += s >= 0;
            found += s == LIPS_SOLVE_FOUND;
            none += s == LIPS_SOLVE_NONE;
        }
    }
    fprintf(stderr, "%s: %d of %d synthesis tasks compared: %d found, %d without a program\n", lips_semantics_name(sem),
            compared, total, found, none);
    assert_true(compared == total);
    assert_true(found >= 15 && none >= 10);
}

/* Shortest first: on random tasks whose program has length L, every solver
 * with --max-len L + 1 reports a program of the fewest statements that fits,
 * the length of the shortest program an exhaustive --all enumeration lists. */
static void test_every_solver_reports_a_shortest_program(void **state) {
    sem = LIPS_SEM_STRICT;
    int shorter = 0;
    for (int len = 2; len <= 3; len++) {
        for (int t = 0; t < 12; t++) {
            random_task(len);
            pb.sketch.n_stmts = 0;
            lips_solve_config cfg;
            lips_solve_config_default(&cfg);
            cfg.solver = LIPS_SOLVER_ENUM;
            cfg.max_len = len;
            cfg.all = 1;
            cfg.max_results = 1 << 20;
            lips_solve_result all;
            lips_error err;
            assert_int_equal(lips_solve(&pb, &cfg, &all, &err), LIPS_OK);
            assert_int_equal(all.status, LIPS_SOLVE_FOUND);
            int shortest = len;
            for (int i = 0; i < all.n_results; i++)
                if (all.results[i].n_stmts < shortest) shortest = all.results[i].n_stmts;
            shorter += shortest < len;
            lips_solve_result_free(&all);
            for (int s = 0; s < LIPS_N_SOLVERS; s++) {
                lips_solve_result r;
                assert_int_equal(solve((lips_solver)s, len + 1, &r), LIPS_SOLVE_FOUND);
                if (r.program.n_stmts != shortest) {
                    char buf[1024];
                    lips_program_print(&r.program, " | ", buf, sizeof buf);
                    fail_msg("%s reports %s; the shortest has %d statements", lips_solver_name((lips_solver)s), buf,
                             shortest);
                }
                lips_solve_result_free(&r);
            }
        }
    }
    fprintf(stderr, "%d of 24 tasks have a program shorter than the one they were made from\n", shorter);
    assert_true(shorter >= 3);
}

/* --all: z3 lists the same programs as enum, ranked the same way (length,
 * then cost under the ordering). */
static void test_all_ranks_like_enum(void **state) {
    sem = LIPS_SEM_STRICT;
    int listed = 0;
    for (int t = 0; t < 8; t++) {
        random_task(1 + t % 2);
        pb.sketch.n_stmts = 0;
        lips_solve_result r[2];
        for (int k = 0; k < 2; k++) {
            lips_solve_config cfg;
            lips_solve_config_default(&cfg);
            cfg.solver = k ? LIPS_SOLVER_Z3 : LIPS_SOLVER_ENUM;
            cfg.max_len = 2;
            cfg.all = 1;
            cfg.threads = 1;
            for (int a = 0; a < LIPS_N_ATTRS; a++) cfg.attr_p[a] = (float)(a % 7 + 1) / 8.0f;
            lips_error err;
            assert_int_equal(lips_solve(&pb, &cfg, &r[k], &err), LIPS_OK);
        }
        assert_int_equal(r[0].n_results, r[1].n_results);
        for (int i = 0; i < r[0].n_results; i++) {
            char a[1024], b[1024];
            lips_program_print(&r[0].results[i], " | ", a, sizeof a);
            lips_program_print(&r[1].results[i], " | ", b, sizeof b);
            assert_string_equal(a, b);
        }
        listed += r[0].n_results;
        lips_solve_result_free(&r[0]);
        lips_solve_result_free(&r[1]);
    }
    assert_true(listed >= 8);
}

static void parse_seed(void) {
    lips_error err;
    assert_int_equal(lips_problem_parse_text("a <- [int]\n---\n[3, 4, -9] -> [4, 3, -9]\n[1, 5, 2] -> [5, 2, 1]\n"
                                             "[0] -> [0]\n",
                                             "t", &pb, &err),
                     LIPS_OK);
}

static void test_explain_and_synthesis(void **state) {
    parse_seed();
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    cfg.solver = LIPS_SOLVER_Z3;
    cfg.max_len = 2;
    cfg.explain = 1;
    cfg.timeout_s = 60;
    for (int i = 0; i < LIPS_N_ATTRS; i++) cfg.attr_p[i] = 0.1f;
    cfg.attr_p[LIPS_FN_SORT] = cfg.attr_p[LIPS_FN_REVERSE] = 0.9f;
    lips_solve_result r;
    lips_error err;
    assert_int_equal(lips_solve(&pb, &cfg, &r, &err), LIPS_OK);
    assert_int_equal(r.status, LIPS_SOLVE_FOUND);
    char buf[256];
    lips_program_print(&r.program, " | ", buf, sizeof buf);
    assert_string_equal(buf, "a <- [int] | b <- SORT a | c <- REVERSE b");
    assert_non_null(r.explain);
    assert_non_null(strstr(r.explain, "sort and add starts with k = 1"));
    assert_non_null(strstr(r.explain, "length 1: Z3 plans 0 statements (the enumerator alone)\n"));
    assert_non_null(strstr(r.explain, "length 2: Z3 plans 1 statement\n"));
    assert_non_null(strstr(r.explain, "sort-and-add rounds"));
    /* length 1 is the enumerator's alone (one completion); at length 2, the
     * longest, Z3 plans b and the enumerator completes c */
    unsigned long long plans, checks, refuted, completions, nodes, known;
    const char *sum = strstr(r.explain, "plans proposed by Z3");
    assert_non_null(sum);
    for (sum--; sum > r.explain && sum[-1] != ' '; sum--) {
    }
    assert_int_equal(sscanf(sum, "%llu plans proposed by Z3 in %llu checks (%*g s), %llu refuted by the interpreter, "
                                 "%llu completed by the enumerator (%llu nodes, %*g s), %llu blocked as a known dead state",
                            &plans, &checks, &refuted, &completions, &nodes, &known),
                     6);
    assert_true(plans >= 1 && refuted + (completions - 1) + known == plans);
    assert_true(nodes >= completions);
    lips_solve_result_free(&r);
}

/* A refutation blocks more than the refuted candidate. FILTER (>0) agrees
 * with the abstraction of these examples (right length bound, elements in
 * range, first and last positive) but not with the values; ranked first, it
 * is proposed, refuted, and the conflict blocks at once every instance that
 * fails on the input, so the next proposal is the answer. */
static void test_conflicts_generalize(void **state) {
    lips_error err;
    assert_int_equal(lips_problem_parse_text("a <- [int]\nb <- ?? a\n---\n[4, 7, 2, -9, 6] -> [4, 2, 6]\n"
                                             "[10, -3, 8, 5] -> [10, 8]\n",
                                             "t", &pb, &err),
                     LIPS_OK);
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    cfg.solver = LIPS_SOLVER_Z3;
    cfg.explain = 1;
    cfg.timeout_s = 60;
    for (int i = 0; i < LIPS_N_ATTRS; i++) cfg.attr_p[i] = 0.5f;
    cfg.attr_p[LIPS_FN_FILTER] = cfg.attr_p[LIPS_ATTR_LAMBDA(LIPS_L_POS)] = 0.9f;
    cfg.attr_p[LIPS_ATTR_LAMBDA(LIPS_L_EVEN)] = 0.01f;
    lips_solve_result r;
    assert_int_equal(lips_solve(&pb, &cfg, &r, &err), LIPS_OK);
    assert_int_equal(r.status, LIPS_SOLVE_FOUND);
    char buf[256];
    lips_program_print(&r.program, " | ", buf, sizeof buf);
    assert_string_equal(buf, "a <- [int] | b <- FILTER (%2==0) a");
    assert_non_null(strstr(r.explain, "  refuted a <- [int] | b <- FILTER (>0) a: wrong output on example 1"));
    const char *sum = strstr(r.explain, "plans proposed by Z3");
    assert_non_null(sum);
    unsigned long long cands, checks, refuted, completions, clauses;
    for (sum--; sum > r.explain && sum[-1] != ' '; sum--) {
    }
    assert_int_equal(sscanf(sum,
                            "%llu plans proposed by Z3 in %llu checks (%*g s), %llu refuted by the interpreter, "
                            "%llu completed by the enumerator (%*u nodes, %*g s), %*u blocked as a known dead state; "
                            "%llu conflict clauses learned",
                            &cands, &checks, &refuted, &completions, &clauses),
                     5);
    /* a one-hole sketch: the plan is the whole sketch, nothing to complete */
    assert_int_equal(completions, 0);
    /* per instance: FILTER (>0) got past its transformer and was refuted,
     * the answer was proposed once; every other allowed one never was */
    const char *tr = strstr(r.explain, "transformers: ");
    assert_non_null(tr);
    assert_non_null(strstr(tr, "proposed / refuted: FILTER (>0) 1/1 FILTER (%2==0) 1/0\n"));
    /* one refutation; every list -> list instance but FILTER (%2==0) fails an example */
    assert_int_equal(cands, 2);
    assert_int_equal(refuted, 1);
    assert_true(clauses >= 20);
    lips_solve_result_free(&r);
}

/* --timeout bounds the whole solve: a length-5 search for an output no
 * short program reaches stops at the deadline (lengths up to 4 are proved
 * empty in about 0.4 s here, length 5 takes far longer). */
static void test_timeout(void **state) {
    lips_error err;
    assert_int_equal(lips_problem_parse_text("a <- [int]\nb <- int\n---\n"
                                             "[3, 4, -9, 12, 40, -7], 2 -> [77, -3, 5, 1]\n"
                                             "[1, 5, 2, 9, 9], 0 -> [-100, 4, 2, 8, 8, 31]\n"
                                             "[6, -2, 0, 0, 14], 1 -> [13, 13, 13]\n",
                                             "t", &pb, &err),
                     LIPS_OK);
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    cfg.solver = LIPS_SOLVER_Z3;
    cfg.max_len = 5;
    cfg.timeout_s = 1;
    lips_solve_result r;
    assert_int_equal(lips_solve(&pb, &cfg, &r, &err), LIPS_OK);
    assert_int_equal(r.status, LIPS_SOLVE_TIMEOUT);
    /* generous: the machine running the suite is shared */
    assert_true(r.seconds < 3.0);
    lips_solve_result_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_explain_and_synthesis),
        cmocka_unit_test(test_conflicts_generalize),
        cmocka_unit_test(test_timeout),
        cmocka_unit_test_prestate(test_sketches_agree_with_enum, (void *)(intptr_t)LIPS_SEM_STRICT),
        cmocka_unit_test_prestate(test_sketches_agree_with_enum, (void *)(intptr_t)LIPS_SEM_DEEPCODER),
        cmocka_unit_test_prestate(test_synthesis_agrees_with_enum, (void *)(intptr_t)LIPS_SEM_STRICT),
        cmocka_unit_test_prestate(test_synthesis_agrees_with_enum, (void *)(intptr_t)LIPS_SEM_DEEPCODER),
        cmocka_unit_test(test_every_solver_reports_a_shortest_program),
        cmocka_unit_test(test_all_ranks_like_enum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
