/* Every DSL function instance on normal and edge inputs, with exact results. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "lips/lips.h"

static lips_value val(const char *text) {
    lips_value v;
    size_t pos = 0;
    lips_error err;
    if (lips_value_parse(text, &pos, "test", 1, 1, &v, &err) != LIPS_OK) {
        fprintf(stderr, "bad test value '%s': %s\n", text, err.msg);
        fail();
    }
    return v;
}

static int find_instance(const char *name) {
    for (int i = 0; i < LIPS_N_INSTANCES; i++)
        if (strcmp(lips_instances[i].name, name) == 0) return i;
    fail_msg("no instance named %s", name);
    return -1;
}

/* expected: a value, "NULL" or "RANGE" */
typedef struct { const char *inst, *a, *b, *expected; } eval_case;

static const eval_case cases[] = {
    {"HEAD", "[3, 4, -9]", NULL, "3"},
    {"HEAD", "[]", NULL, "NULL"},
    {"LAST", "[3, 4, -9]", NULL, "-9"},
    {"LAST", "[7]", NULL, "7"},
    {"LAST", "[]", NULL, "NULL"},
    {"MINIMUM", "[3, -4, 9, -4]", NULL, "-4"},
    {"MINIMUM", "[]", NULL, "NULL"},
    {"MAXIMUM", "[3, -4, 9, 9]", NULL, "9"},
    {"MAXIMUM", "[-256]", NULL, "-256"},
    {"MAXIMUM", "[]", NULL, "NULL"},
    {"SUM", "[3, 4, -9]", NULL, "-2"},
    {"SUM", "[]", NULL, "0"},
    {"SUM", "[200, 55]", NULL, "255"},
    {"SUM", "[200, 56]", NULL, "RANGE"},
    {"SUM", "[-200, -57]", NULL, "RANGE"},
    {"REVERSE", "[3, 4, -9]", NULL, "[-9, 4, 3]"},
    {"REVERSE", "[]", NULL, "[]"},
    {"SORT", "[3, -4, 9, 0, -4]", NULL, "[-4, -4, 0, 3, 9]"},
    {"SORT", "[]", NULL, "[]"},
    {"TAKE", "2", "[3, 4, -9]", "[3, 4]"},
    {"TAKE", "5", "[3, 4, -9]", "[3, 4, -9]"},
    {"TAKE", "-1", "[3, 4, -9]", "[]"},
    {"TAKE", "0", "[]", "[]"},
    {"DROP", "2", "[3, 4, -9]", "[-9]"},
    {"DROP", "5", "[3, 4, -9]", "[]"},
    {"DROP", "-3", "[3, 4, -9]", "[3, 4, -9]"},
    {"ACCESS", "1", "[3, 4, -9]", "4"},
    {"ACCESS", "2", "[3, 4, -9]", "-9"},
    {"ACCESS", "3", "[3, 4, -9]", "NULL"},
    {"ACCESS", "-1", "[3, 4, -9]", "NULL"},
    {"ACCESS", "0", "[]", "NULL"},
    {"MAP (+1)", "[3, -1, 254]", NULL, "[4, 0, 255]"},
    {"MAP (+1)", "[255]", NULL, "RANGE"},
    {"MAP (+1)", "[]", NULL, "[]"},
    {"MAP (-1)", "[3, 0, -255]", NULL, "[2, -1, -256]"},
    {"MAP (-1)", "[-256]", NULL, "RANGE"},
    {"MAP (-1)", "[]", NULL, "[]"},
    {"MAP (*2)", "[3, -7, 127]", NULL, "[6, -14, 254]"},
    {"MAP (*2)", "[128]", NULL, "RANGE"},
    {"MAP (*2)", "[]", NULL, "[]"},
    {"MAP (/2)", "[7, -7, -1, 0]", NULL, "[3, -3, 0, 0]"},
    {"MAP (/2)", "[-256, 255]", NULL, "[-128, 127]"},
    {"MAP (/2)", "[]", NULL, "[]"},
    {"MAP (*(-1))", "[3, -7, 0, 255]", NULL, "[-3, 7, 0, -255]"},
    {"MAP (*(-1))", "[-256]", NULL, "RANGE"},
    {"MAP (*(-1))", "[]", NULL, "[]"},
    {"MAP (**2)", "[3, -7, 15, -15, 0]", NULL, "[9, 49, 225, 225, 0]"},
    {"MAP (**2)", "[-15, 16]", NULL, "RANGE"},
    {"MAP (**2)", "[]", NULL, "[]"},
    {"MAP (*3)", "[3, -7, 85]", NULL, "[9, -21, 255]"},
    {"MAP (*3)", "[86]", NULL, "RANGE"},
    {"MAP (*3)", "[]", NULL, "[]"},
    {"MAP (/3)", "[7, -7, 2, -2, 9]", NULL, "[2, -2, 0, 0, 3]"},
    {"MAP (/3)", "[-256, 255, -1, -3, -4, -5]", NULL, "[-85, 85, 0, -1, -1, -1]"}, /* toward zero */
    {"MAP (/3)", "[]", NULL, "[]"},
    {"MAP (*4)", "[3, -7, -64]", NULL, "[12, -28, -256]"},
    {"MAP (*4)", "[64]", NULL, "RANGE"},
    {"MAP (*4)", "[]", NULL, "[]"},
    {"MAP (/4)", "[7, -7, 3, -256]", NULL, "[1, -1, 0, -64]"},
    {"MAP (/4)", "[-3, -5, 255]", NULL, "[0, -1, 63]"},
    {"MAP (/4)", "[]", NULL, "[]"},
    {"FILTER (>0)", "[3, -4, 0, 9]", NULL, "[3, 9]"},
    {"FILTER (>0)", "[]", NULL, "[]"},
    {"FILTER (<0)", "[3, -4, 0, -9]", NULL, "[-4, -9]"},
    {"FILTER (<0)", "[-256, 255, -1, 0]", NULL, "[-256, -1]"},
    {"FILTER (<0)", "[]", NULL, "[]"},
    {"FILTER (%2==0)", "[3, -4, 0, -9, 8]", NULL, "[-4, 0, 8]"},
    {"FILTER (%2==0)", "[-1, -2, -256, 255]", NULL, "[-2, -256]"},
    {"FILTER (%2==0)", "[]", NULL, "[]"},
    {"FILTER (%2==1)", "[3, -4, 0, -9, 8]", NULL, "[3, -9]"},
    {"FILTER (%2==1)", "[-1, -3, -256, -255]", NULL, "[-1, -3, -255]"}, /* odd negatives */
    {"FILTER (%2==1)", "[]", NULL, "[]"},
    {"COUNT (>0)", "[3, -4, 0, 9]", NULL, "2"},
    {"COUNT (>0)", "[]", NULL, "0"},
    {"COUNT (<0)", "[3, -4, 0, -9]", NULL, "2"},
    {"COUNT (<0)", "[0, 1, 255]", NULL, "0"},
    {"COUNT (<0)", "[]", NULL, "0"},
    {"COUNT (%2==0)", "[3, -4, 0, -9, 8]", NULL, "3"},
    {"COUNT (%2==0)", "[-1, -2, -256, 255]", NULL, "2"},
    {"COUNT (%2==0)", "[]", NULL, "0"},
    {"COUNT (%2==1)", "[3, -4, 0, -9, -1]", NULL, "3"},
    {"COUNT (%2==1)", "[]", NULL, "0"},
    {"ZIPWITH (+)", "[1, 2, 3]", "[10, 20]", "[11, 22]"},
    {"ZIPWITH (+)", "[200]", "[100]", "RANGE"},
    {"ZIPWITH (+)", "[]", "[1]", "[]"},
    {"ZIPWITH (-)", "[1, 2, 3]", "[10, 20, 30]", "[-9, -18, -27]"},
    {"ZIPWITH (-)", "[-200]", "[100]", "RANGE"},
    {"ZIPWITH (-)", "[1, 2]", "[]", "[]"},
    {"ZIPWITH (*)", "[1, -2, 3]", "[10, 20, 30]", "[10, -40, 90]"},
    {"ZIPWITH (*)", "[16]", "[16]", "RANGE"},
    {"ZIPWITH (*)", "[]", "[]", "[]"},
    {"ZIPWITH MIN", "[1, -2, 30]", "[10, 20, 3, 7]", "[1, -2, 3]"},
    {"ZIPWITH MIN", "[-256, 5, -1]", "[255, -256]", "[-256, -256]"},
    {"ZIPWITH MIN", "[]", "[1, 2]", "[]"},
    {"ZIPWITH MIN", "[1, 2]", "[]", "[]"},
    {"ZIPWITH MAX", "[1, -2, 30]", "[10, 20, 3]", "[10, 20, 30]"},
    {"ZIPWITH MAX", "[-5, -7, 255]", "[-3, -9]", "[-3, -7]"},
    {"ZIPWITH MAX", "[]", "[-1]", "[]"},
    {"ZIPWITH MAX", "[-1]", "[]", "[]"},
    {"SCANL1 (+)", "[1, 2, 3, -4]", NULL, "[1, 3, 6, 2]"},
    {"SCANL1 (+)", "[]", NULL, "[]"},
    {"SCANL1 (+)", "[200, 100, -100]", NULL, "RANGE"},
    {"SCANL1 (-)", "[10, 2, 3]", NULL, "[10, 8, 5]"},
    {"SCANL1 (-)", "[-250, 10]", NULL, "RANGE"},
    {"SCANL1 (-)", "[]", NULL, "[]"},
    {"SCANL1 (*)", "[2, 3, -4]", NULL, "[2, 6, -24]"},
    {"SCANL1 (*)", "[16, 16]", NULL, "RANGE"},
    {"SCANL1 (*)", "[5]", NULL, "[5]"},
    {"SCANL1 (*)", "[]", NULL, "[]"},
    {"SCANL1 MIN", "[3, 5, 1, 2]", NULL, "[3, 3, 1, 1]"},
    {"SCANL1 MIN", "[-3, 5, -256, 0]", NULL, "[-3, -3, -256, -256]"},
    {"SCANL1 MIN", "[]", NULL, "[]"},
    {"SCANL1 MAX", "[3, 5, 1, 7]", NULL, "[3, 5, 5, 7]"},
    {"SCANL1 MAX", "[]", NULL, "[]"},
};

static void test_instances_on_cases(void **state) {
    int covered[LIPS_N_INSTANCES] = {0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const eval_case *c = &cases[i];
        int inst = find_instance(c->inst);
        covered[inst] = 1;
        lips_value a = val(c->a), b = c->b ? val(c->b) : a, out;
        lips_eval_status st = lips_instance_eval(inst, LIPS_SEM_STRICT, &a, &b, &out);
        if (strcmp(c->expected, "NULL") == 0) {
            assert_int_equal(st, LIPS_EVAL_NULL);
        } else if (strcmp(c->expected, "RANGE") == 0) {
            assert_int_equal(st, LIPS_EVAL_RANGE);
        } else {
            char buf[256];
            if (st != LIPS_EVAL_OK) fail_msg("%s %s: status %d", c->inst, c->a, st);
            lips_value_print(&out, buf, sizeof buf);
            if (strcmp(buf, c->expected) != 0)
                fail_msg("%s %s %s: got %s, expected %s", c->inst, c->a, c->b ? c->b : "", buf,
                         c->expected);
            lips_value want = val(c->expected);
            assert_true(lips_value_equal(&out, &want));
        }
    }
    for (int i = 0; i < LIPS_N_INSTANCES; i++)
        if (!covered[i]) fail_msg("instance %s has no test case", lips_instances[i].name);
}

/* The table's rows must agree with lips_instance_find, the function table and
 * the lambda table; every (fn, lambda) pair that is not a row must be refused. */
static void test_table_consistency(void **state) {
    int rows = 0;
    for (int fn = 0; fn < LIPS_N_FNS; fn++) {
        for (int l = LIPS_NONE; l < LIPS_N_LAMBDAS; l++) {
            int id = lips_instance_find(fn, l);
            int expect = -1;
            for (int i = 0; i < LIPS_N_INSTANCES; i++)
                if (lips_instances[i].fn == fn && lips_instances[i].lambda == l) expect = i;
            assert_int_equal(id, expect);
            if (id < 0) continue;
            rows++;
            const lips_instance *in = &lips_instances[id];
            assert_int_equal(in->arity, lips_fns[fn].arity);
            assert_int_equal(in->ret_type, lips_fns[fn].ret_type);
            for (int k = 0; k < in->arity; k++) assert_int_equal(in->arg_types[k], lips_fns[fn].arg_types[k]);
            char name[64];
            if (l == LIPS_NONE)
                snprintf(name, sizeof name, "%s", lips_fns[fn].name);
            else
                snprintf(name, sizeof name, "%s %s", lips_fns[fn].name, lips_lambdas[l].name);
            assert_string_equal(in->name, name);
        }
    }
    assert_int_equal(rows, LIPS_N_INSTANCES);
    assert_int_equal(lips_instance_find(LIPS_N_FNS, LIPS_NONE), -1);
    assert_int_equal(lips_instance_find(LIPS_FN_MAP, LIPS_HOLE), -1);
}

static void test_attr_names(void **state) {
    static const char *want[LIPS_N_ATTRS] = {
        "HEAD", "LAST", "MINIMUM", "MAXIMUM", "SUM", "REVERSE", "SORT", "TAKE", "DROP",
        "ACCESS", "MAP", "FILTER", "COUNT", "ZIPWITH", "SCANL1", "(+1)", "(-1)", "(*2)",
        "(/2)", "(*(-1))", "(**2)", "(*3)", "(/3)", "(*4)", "(/4)", "(>0)", "(<0)",
        "(%2==0)", "(%2==1)", "(+)", "(-)", "(*)", "MIN", "MAX"};
    for (int i = 0; i < LIPS_N_ATTRS; i++) assert_string_equal(lips_attr_name(i), want[i]);
}

/* Instance ids fix the order of enumeration (the search's ties, gen --all)
 * and index gen --stats' counts: the tables must keep expanding to this. */
static void test_instance_order(void **state) {
    static const char *want[LIPS_N_INSTANCES] = {
        "HEAD", "LAST", "MINIMUM", "MAXIMUM", "SUM", "REVERSE", "SORT", "TAKE", "DROP", "ACCESS",
        "MAP (+1)", "MAP (-1)", "MAP (*2)", "MAP (/2)", "MAP (*(-1))", "MAP (**2)", "MAP (*3)",
        "MAP (/3)", "MAP (*4)", "MAP (/4)", "FILTER (>0)", "FILTER (<0)", "FILTER (%2==0)",
        "FILTER (%2==1)", "COUNT (>0)", "COUNT (<0)", "COUNT (%2==0)", "COUNT (%2==1)",
        "ZIPWITH (+)", "ZIPWITH (-)", "ZIPWITH (*)", "ZIPWITH MIN", "ZIPWITH MAX", "SCANL1 (+)",
        "SCANL1 (-)", "SCANL1 (*)", "SCANL1 MIN", "SCANL1 MAX"};
    for (int i = 0; i < LIPS_N_INSTANCES; i++) assert_string_equal(lips_instances[i].name, want[i]);
}

/* The map lambdas' data description must agree with their kernels. */
static void test_lambda_data_matches_kernels(void **state) {
    for (int l = 0; l < LIPS_N_LAMBDAS; l++) {
        const lips_lambda_info *li = &lips_lambdas[l];
        if (li->kind != LIPS_LK_MAP) continue;
        int inst = lips_instance_find(LIPS_FN_MAP, l);
        for (int x = -15; x <= 15; x++) {
            int xs[1] = {x};
            lips_value a = lips_value_list(xs, 1), out;
            assert_int_equal(lips_instance_eval(inst, LIPS_SEM_STRICT, &a, &a, &out), LIPS_EVAL_OK);
            int want = li->mul == 0 ? x * x : x * li->mul / li->div + li->add;
            assert_int_equal(out.v[0], want);
        }
    }
}

/* Builds a concrete program by hand: the parser is tested elsewhere. */
static lips_stmt st(int fn, int lambda, int a0, int a1) {
    lips_stmt s = {(int8_t)fn, (int8_t)lambda, (int8_t)(a1 == LIPS_NONE ? 1 : 2),
                   {(int8_t)a0, (int8_t)a1}};
    return s;
}

static void test_interp_program(void **state) {
    /* a <- [int] | b <- FILTER (<0) a | c <- MAP (*4) b | d <- SORT c | e <- REVERSE d */
    lips_program p = {1, 4, {LIPS_T_LIST}, {{0}}};
    p.stmts[0] = st(LIPS_FN_FILTER, LIPS_L_NEGP, 0, LIPS_NONE);
    p.stmts[1] = st(LIPS_FN_MAP, LIPS_L_MUL4, 1, LIPS_NONE);
    p.stmts[2] = st(LIPS_FN_SORT, LIPS_NONE, 2, LIPS_NONE);
    p.stmts[3] = st(LIPS_FN_REVERSE, LIPS_NONE, 3, LIPS_NONE);
    lips_value in = val("[-17, -3, 4, 11, 0, -5, -9, 13, 6, 6, -8, 11]"), vars[LIPS_MAX_VARS];
    lips_run r = lips_program_run(&p, LIPS_SEM_STRICT, &in, vars);
    assert_int_equal(r.status, LIPS_EVAL_OK);
    assert_int_equal(r.failed_stmt, -1);
    lips_value want = val("[-12, -20, -32, -36, -68]");
    assert_true(lips_value_equal(&vars[4], &want));

    /* -17*4 = -68 is fine, -65*4 leaves the range at statement 1 */
    in = val("[-65, 1]");
    r = lips_program_run(&p, LIPS_SEM_STRICT, &in, vars);
    assert_int_equal(r.status, LIPS_EVAL_RANGE);
    assert_int_equal(r.failed_stmt, 1);
}

static void test_interp_null_and_reuse(void **state) {
    /* a <- int | b <- [int] | c <- TAKE a b | d <- HEAD c | e <- ACCESS d b */
    lips_program p = {2, 3, {LIPS_T_INT, LIPS_T_LIST}, {{0}}};
    p.stmts[0] = st(LIPS_FN_TAKE, LIPS_NONE, 0, 1);
    p.stmts[1] = st(LIPS_FN_HEAD, LIPS_NONE, 2, LIPS_NONE);
    p.stmts[2] = st(LIPS_FN_ACCESS, LIPS_NONE, 3, 1);
    lips_value in[2] = {val("0"), val("[1, 5, 7]")}, vars[LIPS_MAX_VARS];
    lips_run r = lips_program_run(&p, LIPS_SEM_STRICT, in, vars);
    assert_int_equal(r.status, LIPS_EVAL_NULL);
    assert_int_equal(r.failed_stmt, 1);

    in[0] = val("2");
    r = lips_program_run(&p, LIPS_SEM_STRICT, in, vars);
    assert_int_equal(r.status, LIPS_EVAL_OK);
    assert_int_equal(vars[4].v[0], 5);

    /* rerun only the last statement after changing the prefix's value */
    vars[3] = val("2");
    r = lips_program_run_from(&p, LIPS_SEM_STRICT, 2, vars);
    assert_int_equal(r.status, LIPS_EVAL_OK);
    assert_int_equal(vars[4].v[0], 7);
}

static void test_value_parse_errors(void **state) {
    static const struct { const char *text, *msg; int col; } bad[] = {
        {"[1, 2", "expected ',' or ']' in list", 6},
        {"257", "integer 257 is outside [-256, 255]", 1},
        {"[1, -300]", "integer -300 is outside [-256, 255]", 5},
        {"[1, x]", "expected an integer", 5},
        {"[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]",
         "list starting at column 1 is longer than 20 elements", 42},
        {"99999999999999999999", "integer 99999999999999999999 is outside [-256, 255]", 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lips_value v;
        lips_error err;
        size_t pos = 0;
        assert_int_equal(lips_value_parse(bad[i].text, &pos, "f.lips", 3, 1, &v, &err),
                         LIPS_ERR_INPUT);
        assert_string_equal(err.msg, bad[i].msg);
        assert_int_equal(err.line, 3);
        assert_int_equal(err.col, bad[i].col);
    }
}

static void test_value_print_parse_round_trip(void **state) {
    uint64_t s = 42;
    for (int iter = 0; iter < 10000; iter++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        int n = (int)((s >> 33) % 21), xs[LIPS_MAX_LEN];
        for (int i = 0; i < n; i++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            xs[i] = (int)((s >> 33) % 512) - 256;
        }
        lips_value v = (iter & 1) ? lips_value_list(xs, n) : lips_value_int(n ? xs[0] : 0), w;
        char buf[256];
        lips_value_print(&v, buf, sizeof buf);
        size_t pos = 0;
        assert_int_equal(lips_value_parse(buf, &pos, "", 1, 1, &w, NULL), LIPS_OK);
        assert_int_equal(pos, strlen(buf));
        assert_true(lips_value_equal(&v, &w));
        assert_true(lips_value_hash(&v, 1) == lips_value_hash(&w, 1));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_instances_on_cases),
        cmocka_unit_test(test_table_consistency),
        cmocka_unit_test(test_attr_names),
        cmocka_unit_test(test_instance_order),
        cmocka_unit_test(test_lambda_data_matches_kernels),
        cmocka_unit_test(test_interp_program),
        cmocka_unit_test(test_interp_null_and_reuse),
        cmocka_unit_test(test_value_parse_errors),
        cmocka_unit_test(test_value_print_parse_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
