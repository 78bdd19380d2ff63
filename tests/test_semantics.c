/* The two semantics (docs/dsl.md, "Semantics"). Where strict semantics
 * succeeds, DeepCoder's computes the same values, kernel by kernel and
 * program by program; values in the old 16-bit range hash as they did. On
 * problems made in DeepCoder semantics whose values in between leave
 * [-256, 255] (written by hand, made by lips_gen_run, and random ones),
 * strict semantics
 * refutes the known program and DeepCoder's accepts it, and saa and z3 in
 * DeepCoder semantics find a program for every one, which re-runs right.
 * DeepCoder semantics wraps around 32 bits as Java's and C++'s int do: its
 * kernels agree with 32-bit modular arithmetic, and problems only the wrap
 * reproduces (a running product that wraps to 0) are accepted and solved. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lips/dataset.h"
#include "lips/lips.h"
#include "rng.h"

static uint64_t rng = 0x2545f4914f6cdd1dull;

static int rnd(int lo, int hi) { return lips_rng_int(&rng, lo, hi); }

/* A value in [-256, 255], often small, with lists of any length. */
static lips_value random_value(int type) {
    int r = rnd(0, 2) == 0 ? 8 : 256;
    if (type == LIPS_T_INT) return lips_value_int(rnd(-r, r - 1));
    int xs[LIPS_MAX_LEN], n = rnd(0, LIPS_MAX_LEN);
    for (int i = 0; i < n; i++) xs[i] = rnd(-r, r - 1);
    return lips_value_list(xs, n);
}

/* Every kernel on in-range arguments: a strict success is a DeepCoder
 * success with the same value, a strict NULL a DeepCoder NULL; only a
 * strict range failure may succeed in DeepCoder semantics. */
static void test_kernels_agree(void **state) {
    long widened = 0;
    for (int inst = 0; inst < LIPS_N_INSTANCES; inst++) {
        const lips_instance *in = &lips_instances[inst];
        for (int c = 0; c < 20000; c++) {
            lips_value a = random_value(in->arg_types[0]), b = in->arity == 2 ? random_value(in->arg_types[1]) : a;
            lips_value os, od;
            lips_eval_status ss = lips_instance_eval(inst, LIPS_SEM_STRICT, &a, &b, &os);
            lips_eval_status sd = lips_instance_eval(inst, LIPS_SEM_DEEPCODER, &a, &b, &od);
            if (ss == LIPS_EVAL_OK) {
                assert_int_equal(sd, LIPS_EVAL_OK);
                assert_true(lips_value_equal(&os, &od));
            } else if (ss == LIPS_EVAL_NULL) {
                assert_int_equal(sd, LIPS_EVAL_NULL);
            } else {
                assert_int_not_equal(sd, LIPS_EVAL_RANGE); /* DeepCoder's wraps, never fails */
                widened += sd == LIPS_EVAL_OK;
                if (sd == LIPS_EVAL_OK) assert_false(lips_value_within(&od, LIPS_INT_MIN, LIPS_INT_MAX));
            }
        }
    }
    assert_true(widened > 10000); /* the property is not vacuous */
}

/* Exact values where DeepCoder semantics wraps, and where it does not touch
 * ints that only count or index. */
static void test_wrap_values(void **state) {
    static const struct {
        const char *program, *input, *output;
    } cases[] = {
        {"a <- [int] | b <- SCANL1 (*) a", "[128, 128, 128, 128, 128]", "[128, 16384, 2097152, 268435456, 0]"},
        {"a <- [int] | b <- MAP (**2) a", "[65536, 46341, -46340]", "[0, -2147479015, 2147395600]"},
        {"a <- [int] | b <- MAP (*(-1)) a", "[-2147483648, 2147483647]", "[-2147483648, -2147483647]"},
        {"a <- [int] | b <- MAP (+1) a", "[2147483647]", "[-2147483648]"},
        {"a <- [int] | b <- MAP (-1) a", "[-2147483648]", "[2147483647]"},
        {"a <- [int] | b <- MAP (*4) a", "[536870912, 536870911, -536870913]", "[-2147483648, 2147483644, 2147483644]"},
        {"a <- [int] | b <- MAP (*3) a", "[1431655766]", "[2]"},
        {"a <- [int] | b <- MAP (/2) a", "[-2147483648, -7]", "[-1073741824, -3]"},
        {"a <- [int] | b <- SUM a", "[2147483647, 1]", "-2147483648"},
        {"a <- [int] | b <- ZIPWITH (+) a a", "[-2147483648, 1073741824]", "[0, -2147483648]"},
        {"a <- [int] | b <- SCANL1 (-) a", "[-2147483648, 1]", "[-2147483648, 2147483647]"},
        {"a <- [int] | b <- SCANL1 (+) a", "[2147483647, 2147483647]", "[2147483647, -2]"},
        {"a <- [int] | b <- int | c <- TAKE b a", "[1, 2] | 2147483647", "[1, 2]"},
        {"a <- [int] | b <- int | c <- TAKE b a", "[1, 2] | -2147483648", "[]"},
        {"a <- [int] | b <- int | c <- DROP b a", "[1, 2] | -2147483648", "[1, 2]"},
        {"a <- [int] | b <- int | c <- ACCESS b a", "[1, 2] | -2147483648", "NULL"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        lips_program p;
        lips_error err;
        assert_int_equal(lips_program_parse(cases[i].program, "case", 1, 0, &p, &err), LIPS_OK);
        /* wide inputs: set by hand, as the parser keeps to [-256, 255] */
        lips_value in[2];
        char text[LIPS_VALUE_TEXT_MAX];
        long long xs[LIPS_MAX_LEN], n = 0, x;
        const char *c = cases[i].input + 1;
        for (int k; sscanf(c, "%lld%n", &x, &k) == 1; c += k + (c[k] == ',')) xs[n++] = x;
        in[0].type = LIPS_T_LIST;
        in[0].len = (uint8_t)n;
        for (int k = 0; k < n; k++) in[0].v[k] = (int32_t)xs[k];
        if (*c == ']' && c[1] == ' ') in[1] = lips_value_int((int)strtol(c + 4, NULL, 10));
        lips_value vars[LIPS_MAX_VARS];
        memcpy(vars, in, sizeof in);
        lips_run r = lips_program_run_from(&p, LIPS_SEM_DEEPCODER, 0, vars);
        if (r.status == LIPS_EVAL_NULL) snprintf(text, sizeof text, "NULL");
        else lips_value_print(&vars[p.n_inputs + p.n_stmts - 1], text, sizeof text);
        if (strcmp(text, cases[i].output) != 0)
            fail_msg("%s on %s: %s, not %s", cases[i].program, cases[i].input, text, cases[i].output);
    }
}

/* A random program of len statements over a list and an int. */
static void random_program(int len, lips_program *p) {
    memset(p, 0, sizeof *p);
    p->n_inputs = 2;
    p->input_types[0] = LIPS_T_LIST;
    p->input_types[1] = LIPS_T_INT;
    for (int i = 0; i < len; i++) {
        for (;;) {
            const lips_instance *in = &lips_instances[rnd(0, LIPS_N_INSTANCES - 1)];
            int a[2] = {LIPS_NONE, LIPS_NONE}, ok = 1;
            for (int k = 0; k < in->arity && ok; k++) {
                int c[LIPS_MAX_VARS], nc = 0;
                for (int v = 0; v < p->n_inputs + i; v++)
                    if (lips_program_var_type(p, v) == in->arg_types[k]) c[nc++] = v;
                ok = nc > 0;
                if (ok) a[k] = c[rnd(0, nc - 1)];
            }
            if (!ok) continue;
            p->stmts[i] = (lips_stmt){(int8_t)in->fn, in->lambda, (int8_t)in->arity, {(int8_t)a[0], (int8_t)a[1]}};
            p->n_stmts = (uint8_t)(i + 1);
            break;
        }
    }
}

/* Whole programs: where a strict run succeeds, a DeepCoder run succeeds
 * with every variable the same; where DeepCoder's succeeds, its result is
 * in [-256, 255]. */
static void test_programs_agree(void **state) {
    long strict_ok = 0, deepcoder_only = 0;
    for (int c = 0; c < 50000; c++) {
        lips_program p;
        random_program(rnd(1, 4), &p);
        lips_value in[2] = {random_value(LIPS_T_LIST), random_value(LIPS_T_INT)};
        lips_value vs[LIPS_MAX_VARS], vd[LIPS_MAX_VARS];
        lips_run rs = lips_program_run(&p, LIPS_SEM_STRICT, in, vs);
        lips_run rd = lips_program_run(&p, LIPS_SEM_DEEPCODER, in, vd);
        int res = p.n_inputs + p.n_stmts - 1;
        if (rs.status == LIPS_EVAL_OK) {
            strict_ok++;
            assert_int_equal(rd.status, LIPS_EVAL_OK);
            for (int v = 0; v <= res; v++) assert_true(lips_value_equal(&vs[v], &vd[v]));
        } else if (rd.status == LIPS_EVAL_OK) {
            deepcoder_only++;
            assert_int_equal(rs.status, LIPS_EVAL_RANGE);
        }
        if (rd.status == LIPS_EVAL_OK) assert_true(lips_value_within(&vd[res], LIPS_INT_MIN, LIPS_INT_MAX));
    }
    assert_true(strict_ok > 10000 && deepcoder_only > 500);
}

/* The hash as it was with 16-bit elements (datasets' fingerprints and the
 * golden bytes of lips gen depend on it). */
static uint64_t hash16(const lips_value *v, uint64_t seed) {
    uint64_t h = seed ^ 0xcbf29ce484222325ull;
    int n = v->type == LIPS_T_INT ? 1 : v->len;
    h = (h ^ (uint64_t)(v->type * 64 + v->len)) * 0x100000001b3ull;
    for (int i = 0; i < n; i++) h = (h ^ (uint16_t)v->v[i]) * 0x100000001b3ull;
    return lips_mix64(h);
}

static void test_hash(void **state) {
    for (int c = 0; c < 10000; c++) {
        lips_value v = random_value(c % 2 ? LIPS_T_LIST : LIPS_T_INT);
        for (int i = 0; i < (v.type == LIPS_T_INT ? 1 : v.len); i++)
            if (rnd(0, 3) == 0) v.v[i] = rnd(-32768, 32767);
        assert_true(lips_value_hash(&v, (uint64_t)c) == hash16(&v, (uint64_t)c));
        /* a wide value differs from the one 65536 away, which 16 bits
         * would have confused */
        int x = rnd(-(1 << 24), 1 << 24);
        lips_value a = lips_value_int(x), b = lips_value_int(x + 65536);
        assert_true(lips_value_hash(&a, 7) != lips_value_hash(&b, 7));
    }
}

/* The longest text of a value fits LIPS_VALUE_TEXT_MAX, exactly. */
static void test_text_room(void **state) {
    int xs[LIPS_MAX_LEN];
    for (int i = 0; i < LIPS_MAX_LEN; i++) xs[i] = LIPS_WIDE_MIN;
    lips_value v = lips_value_list(xs, LIPS_MAX_LEN);
    char buf[LIPS_VALUE_TEXT_MAX];
    assert_int_equal(lips_value_print(&v, buf, sizeof buf), LIPS_VALUE_TEXT_MAX - 1);
    assert_int_equal(strncmp(buf, "[-2147483648, -2147483648, ", 27), 0);
    assert_int_equal(buf[LIPS_VALUE_TEXT_MAX - 2], ']');
}

/* Solves pb in its semantics with solver (z3 in bit-vectors if asked); the
 * program reported passes every example in pb's semantics (lips_solve
 * checks that too). */
static lips_solve_status solve(const lips_problem *pb, lips_solver solver, int bitvectors) {
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    cfg.solver = solver;
    cfg.z3_bitvectors = bitvectors;
    cfg.max_len = pb->program.n_stmts;
    cfg.timeout_s = 30;
    cfg.threads = 1;
    lips_solve_result r;
    lips_error err;
    if (lips_solve(pb, &cfg, &r, &err) != LIPS_OK) fail_msg("%s: %s", lips_solver_name(solver), err.msg);
    lips_solve_status st = r.status;
    if (st == LIPS_SOLVE_FOUND) assert_int_equal(lips_problem_first_mismatch(pb, &r.program), -1);
    lips_solve_result_free(&r);
    return st;
}

/* pb, whose program is set, as a DeepCoder-semantics problem of that program
 * with n examples still to fill. */
static void deepcoder_problem_of(lips_problem *pb, int n) {
    pb->has_program = 1;
    pb->semantics = LIPS_SEM_DEEPCODER;
    pb->sketch.n_inputs = pb->program.n_inputs;
    memcpy(pb->sketch.input_types, pb->program.input_types, sizeof pb->sketch.input_types);
    pb->out_type = (uint8_t)lips_program_result_type(&pb->program);
    pb->n_examples = n;
}

/* What this file shows of one DeepCoder-semantics problem: strict semantics
 * refutes its program, DeepCoder's accepts it, saa and z3 find a program.
 * Returns 1 when a strict solve proves there is none. */
static int check_deepcoder_problem(lips_problem *pb) {
    char text[512];
    lips_program_print(&pb->program, " | ", text, sizeof text);
    assert_int_equal(pb->semantics, LIPS_SEM_DEEPCODER);
    if (lips_problem_first_mismatch(pb, &pb->program) != -1) fail_msg("DeepCoder semantics refutes %s", text);
    pb->semantics = LIPS_SEM_STRICT;
    if (lips_problem_first_mismatch(pb, &pb->program) == -1) fail_msg("strict semantics accepts %s", text);
    int strict_none = solve(pb, LIPS_SOLVER_SAA, 0) == LIPS_SOLVE_NONE;
    pb->semantics = LIPS_SEM_DEEPCODER;
    static const lips_solver solvers[] = {LIPS_SOLVER_SAA, LIPS_SOLVER_Z3};
    for (int k = 0; k < 2; k++)
        if (solve(pb, solvers[k], 0) != LIPS_SOLVE_FOUND)
            fail_msg("%s in DeepCoder semantics finds no program for %s", lips_solver_name(solvers[k]), text);
    return strict_none;
}

/* The three: a running sum reaching 285, MAP (*3) reaching 318,
 * ZIPWITH (*) a a reaching 9216, each followed by a statement that brings
 * the result back into [-256, 255]. */
static void test_handwritten(void **state) {
    static const struct {
        const char *program;
        const char *inputs[4];
    } cases[] = {
        {"a <- [int] | b <- SCANL1 (+) a | c <- MAP (/2) b", {"[200, 85, -100]", "[3, 1, 4]", "[-9, 0]", "[100, 100, 100, -250]"}},
        {"a <- [int] | b <- MAP (*3) a | c <- MAP (/4) b", {"[106, -5]", "[7, 8, 9]", "[-200]", "[0, 1, 2, 3]"}},
        {"a <- [int] | b <- ZIPWITH (*) a a | c <- FILTER (%2==1) b", {"[96, 3]", "[5, 6, 7]", "[-100, 3]", "[1]"}},
    };
    int strict_none = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        lips_problem pb;
        memset(&pb, 0, sizeof pb);
        lips_error err;
        assert_int_equal(lips_program_parse(cases[i].program, "case", 1, 0, &pb.program, &err), LIPS_OK);
        deepcoder_problem_of(&pb, 4);
        for (int e = 0; e < 4; e++) {
            size_t pos = 0;
            lips_value vars[LIPS_MAX_VARS];
            assert_int_equal(lips_value_parse(cases[i].inputs[e], &pos, "case", 1, 1, &pb.examples[e].in[0], &err),
                             LIPS_OK);
            assert_int_equal(lips_program_run(&pb.program, LIPS_SEM_DEEPCODER, pb.examples[e].in, vars).status,
                             LIPS_EVAL_OK);
            pb.examples[e].out = vars[pb.program.n_inputs + pb.program.n_stmts - 1];
        }
        strict_none += check_deepcoder_problem(&pb);
        /* z3's bit-vectors are wide enough for DeepCoder semantics too */
        assert_int_equal(solve(&pb, LIPS_SOLVER_Z3, 1), LIPS_SOLVE_FOUND);
    }
    fprintf(stderr, "handwritten: 3 problems strict semantics refutes, all solved in DeepCoder's; "
                    "strict saa proves %d have no program\n", strict_none);
}

/* Problems of prog31's shape in Neo's benchmark: a running product that
 * wraps to 0 on long lists of even numbers feeds TAKE, ACCESS or is the
 * result. Only the wrap reproduces the outputs: the exact product of
 * non-zero elements is not 0 (checked), so unbounded ints would give
 * another answer, and strict semantics fails. */
static void test_wrap_problems(void **state) {
    static const char *programs[] = {
        "a <- [int] | b <- SCANL1 (*) a | c <- LAST b",
        "a <- [int] | b <- SCANL1 (*) a | c <- LAST b | d <- TAKE c a",
        "a <- [int] | b <- SCANL1 (*) a | c <- LAST b | d <- ACCESS c a",
    };
    /* examples 0-2 wrap to 0; 3-4 are short lists whose product is small */
    static const int small[2][3] = {{2, 1, 1}, {1, 1, 1}};
    for (size_t i = 0; i < sizeof programs / sizeof *programs; i++) {
        lips_problem pb;
        memset(&pb, 0, sizeof pb);
        lips_error err;
        assert_int_equal(lips_program_parse(programs[i], "case", 1, 0, &pb.program, &err), LIPS_OK);
        deepcoder_problem_of(&pb, 5);
        for (int e = 0; e < 5; e++) {
            int xs[LIPS_MAX_LEN], n = e < 3 ? rnd(16, LIPS_MAX_LEN) : 3;
            double exact = 1;
            for (int k = 0; k < n; k++) {
                xs[k] = e < 3 ? 4 * rnd(1, 63) * (rnd(0, 1) ? 1 : -1) : small[e - 3][k];
                exact *= xs[k];
            }
            assert_true(exact != 0);
            pb.examples[e].in[0] = lips_value_list(xs, n);
            lips_value vars[LIPS_MAX_VARS];
            assert_int_equal(lips_program_run(&pb.program, LIPS_SEM_DEEPCODER, pb.examples[e].in, vars).status,
                             LIPS_EVAL_OK);
            pb.examples[e].out = vars[pb.program.n_inputs + pb.program.n_stmts - 1];
            /* at least 32 factors of 2: the 32-bit product is 0 */
            if (e < 3) assert_int_equal(vars[pb.program.n_inputs + 1].v[0], 0);
        }
        check_deepcoder_problem(&pb);
        assert_int_equal(solve(&pb, LIPS_SOLVER_Z3, 1), LIPS_SOLVE_FOUND);
    }
}

/* lips_gen_run in DeepCoder semantics: every record says so and its program
 * runs right in it; those whose program strict semantics refutes are
 * solved by saa and z3 in DeepCoder semantics. */
static void test_generated(void **state) {
    int records = 0, refuted = 0, strict_none = 0;
    long written = 0;
    for (int T = 2; T <= 3; T++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        lips_gen_config cfg;
        lips_gen_config_default(&cfg);
        cfg.length = T;
        cfg.count = 1500;
        cfg.seed = 16;
        cfg.semantics = LIPS_SEM_DEEPCODER;
        lips_gen_report rep;
        lips_error err;
        assert_int_equal(lips_gen_run(&cfg, f, &rep, &err), LIPS_OK);
        fclose(f);
        written += rep.problems;
        for (char *line = buf, *next; line && *line; line = next) {
            next = strchr(line, '\n');
            if (next) *next++ = 0;
            lips_problem pb;
            assert_int_equal(lips_problem_parse_json(line, "gen", records + 1, &pb, &err), LIPS_OK);
            records++;
            assert_int_equal(pb.semantics, LIPS_SEM_DEEPCODER);
            assert_int_equal(lips_problem_first_mismatch(&pb, &pb.program), -1);
            pb.semantics = LIPS_SEM_STRICT;
            int strict_refutes = lips_problem_first_mismatch(&pb, &pb.program) != -1;
            pb.semantics = LIPS_SEM_DEEPCODER;
            if (!strict_refutes) continue;
            refuted++;
            strict_none += check_deepcoder_problem(&pb);
        }
        free(buf);
    }
    fprintf(stderr, "generated: %d records, %d of them refuted by strict semantics and solved by saa and z3 in "
                    "DeepCoder's; strict saa proves %d have no program\n", records, refuted, strict_none);
    assert_int_equal(records, written);
    assert_true(records > 2000);
    assert_true(refuted >= 20);
}

/* Random programs of 2-3 statements on random inputs in [-256, 255], kept
 * when DeepCoder semantics runs them on all five examples, with outputs not
 * all equal, and strict semantics fails on some example. */
static void test_random_problems(void **state) {
    int made = 0, strict_none = 0;
    while (made < 40) {
        lips_problem pb;
        memset(&pb, 0, sizeof pb);
        random_program(rnd(2, 3), &pb.program);
        deepcoder_problem_of(&pb, 5);
        int ok = 1, strict_fails = 0, varied = 0, res = pb.program.n_inputs + pb.program.n_stmts - 1;
        for (int e = 0; e < 5 && ok; e++) {
            lips_value vars[LIPS_MAX_VARS];
            pb.examples[e].in[0] = random_value(LIPS_T_LIST);
            pb.examples[e].in[1] = random_value(LIPS_T_INT);
            strict_fails |= lips_program_run(&pb.program, LIPS_SEM_STRICT, pb.examples[e].in, vars).status != LIPS_EVAL_OK;
            ok = lips_program_run(&pb.program, LIPS_SEM_DEEPCODER, pb.examples[e].in, vars).status == LIPS_EVAL_OK;
            pb.examples[e].out = vars[res];
            varied |= e > 0 && !lips_value_equal(&pb.examples[e].out, &pb.examples[0].out);
        }
        if (!ok || !strict_fails || !varied) continue;
        made++;
        strict_none += check_deepcoder_problem(&pb);
    }
    fprintf(stderr, "random: %d problems refuted by strict semantics and solved by saa and z3 in DeepCoder's; "
                    "strict saa proves %d have no program\n", made, strict_none);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernels_agree),
        cmocka_unit_test(test_programs_agree),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_text_room),
        cmocka_unit_test(test_wrap_values),
        cmocka_unit_test(test_handwritten),
        cmocka_unit_test(test_wrap_problems),
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_random_problems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
