/* Soundness of the Z3 encoding, as a property over millions of random cases:
 * for every function instance and concrete arguments on which it succeeds,
 * the transformer's constraints over the exact abstractions of the arguments
 * and the result hold; so do the invariants of every abstraction. A single
 * violation fails.
 *
 * The transformers are written once against lips_term (smt/encode.h): the
 * bulk of the cases evaluates that code on plain integers, with the witness
 * of every fresh variable (quotients, parities) that the constraints must
 * accept; a cross-check builds the same constraints as Z3 terms over numerals,
 * in integer and bit-vector arithmetic, and has Z3 simplify them to true.
 * Every test runs in both semantics: DeepCoder's draws wide values too, and
 * enough of its cases wrap around 32 bits (near +-2^31, long running
 * products, squares past 46340, sums of large values) that a transformer
 * assuming exact arithmetic fails. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"
#include "lips/lips.h"
#include "rng.h"
#include "wraps.h"

/* per instance: 40,000 concrete cases (1.5 M in all) and 300 through Z3;
 * LIPS_SOUNDNESS_CASES raises the concrete count for a long run */
static int cases_per_instance(void) {
    const char *s = getenv("LIPS_SOUNDNESS_CASES");
    int n = s ? atoi(s) : 0;
    return n > 0 ? n : 40000;
}
#define Z3_CASES 300

static uint64_t rng = 0x853c49e6748fea9bull;

static unsigned rnd(unsigned n) { return lips_rng_below(&rng, n); }

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The semantics the test in progress runs in. */
static lips_semantics sem;

/* x within [-r, r], each value as likely */
static int64_t uniform(int64_t r) { return (int64_t)(lips_rng_next(&rng) % (uint64_t)(2 * r + 1)) - r; }

/* Random values at several scales, so that both typical and extreme cases
 * (empty lists, range edges, small magnitudes for (**2) and (*)) appear, and
 * in several shapes: sorted up or down, constant, of one sign. DeepCoder
 * semantics adds scales up to past its 32-bit range (clamped to its edges). */
static lips_value random_value(int type) {
    static const int64_t scales[] = {1, 3, 15, 40, 128, 256, 3000, 46341, 1 << 20, 1 << 30, (int64_t)1 << 32};
    int64_t r = scales[rnd(sem == LIPS_SEM_STRICT ? 6 : 11)], lo = lips_semantics_min(sem), hi = lips_semantics_max(sem);
    if (type == LIPS_T_INT) {
        int64_t x = rnd(4) == 0 ? (int)rnd(25) - 2 : uniform(r);
        return lips_value_int((int)(x < lo ? lo : x > hi ? hi : x));
    }
    int n = rnd(5) == 0 ? (int)rnd(3) : (int)rnd(LIPS_MAX_LEN + 1), xs[LIPS_MAX_LEN];
    /* shape 8 (DeepCoder only): elements of magnitude k or k + 1 for a k
     * whose powers reach 2^31 at some length up to 20, where running
     * products just fit or just wrap */
    static const int edges[] = {2, 3, 4, 5, 7, 8, 10, 14, 21, 35, 73, 215, 1290, 46340};
    int shape = (int)rnd(sem == LIPS_SEM_STRICT ? 8 : 9), k = edges[rnd(sizeof edges / sizeof *edges)];
    for (int i = 0; i < n; i++) {
        int64_t x = shape == 3 && i ? xs[0] : uniform(r);
        if (shape == 8) x = (k + (int)rnd(2)) * (rnd(4) ? 1 : -1);
        if (shape == 4) x = x < 0 ? -x : x;
        if (shape == 5) x = x > 0 ? -x : x;
        xs[i] = (int)(x < lo ? lo : x > hi ? hi : x);
    }
    if (shape == 1 || shape == 2) qsort(xs, (size_t)n, sizeof xs[0], cmp_int);
    if (shape == 2)
        for (int i = 0; i < n / 2; i++) {
            int t = xs[i];
            xs[i] = xs[n - 1 - i];
            xs[n - 1 - i] = t;
        }
    return lips_value_list(xs, n);
}

static void print_value(const char *what, const lips_value *v) {
    char buf[256];
    lips_value_print(v, buf, sizeof buf);
    fprintf(stderr, "  %s = %s\n", what, buf);
}

/* A random successful application of inst. */
static int random_case(int inst, lips_value *a, lips_value *b, lips_value *out) {
    const lips_instance *in = &lips_instances[inst];
    *a = random_value(in->arg_types[0]);
    *b = in->arity == 2 ? random_value(in->arg_types[1]) : *a;
    /* ZIPWITH sees equal lengths often, where it knows the most */
    if (in->fn == LIPS_FN_ZIPWITH && rnd(2)) b->len = a->len < b->len ? a->len : b->len, a->len = b->len;
    return lips_instance_eval(inst, sem, a, b, out) == LIPS_EVAL_OK;
}

/* The transformer of inst, with the invariants of all three values, over
 * their exact abstractions: the conjunction built. */
static lips_term constraints(lips_enc *e, int inst, const lips_value *a, const lips_value *b, const lips_value *out) {
    lips_absval A, B, O;
    lips_enc_const(e, a, &A);
    lips_enc_const(e, b, &B);
    lips_enc_const(e, out, &O);
    int mark = e->n_conj;
    lips_enc_invariants(e, &A);
    lips_enc_invariants(e, &B);
    lips_enc_invariants(e, &O);
    lips_enc_transform(e, inst, &A, &B, &O);
    return lips_enc_take(e, mark);
}

static void report(const char *how, int inst, const lips_value *a, const lips_value *b, const lips_value *out) {
    fprintf(stderr, "unsound (%s): %s\n", how, lips_instances[inst].name);
    print_value("a", a);
    if (lips_instances[inst].arity == 2) print_value("b", b);
    print_value("out", out);
}

static void test_transformers_are_sound(void **state) {
    sem = (lips_semantics)(intptr_t)*state;
    lips_enc e;
    lips_enc_init(&e, NULL, 0, sem);
    long checked = 0;
    const int per = cases_per_instance();
    for (int inst = 0; inst < LIPS_N_INSTANCES; inst++) {
        int ok_cases = 0, wraps = 0;
        for (int c = 0; c < per; c++) {
            lips_value a, b, out;
            if (!random_case(inst, &a, &b, &out)) continue;
            ok_cases++;
            wraps += lips_test_wraps(inst, &a, &b, &out);
            if (!constraints(&e, inst, &a, &b, &out).v) {
                report("concrete", inst, &a, &b, &out);
                fail();
            }
        }
        checked += ok_cases;
        /* most random arguments must succeed, or the property says little */
        if (ok_cases < per / 10) fail_msg("%s: only %d successful cases", lips_instances[inst].name, ok_cases);
        /* every instance whose arithmetic can wrap does on a few percent */
        const lips_instance *in = &lips_instances[inst];
        int can_wrap = in->fn == LIPS_FN_SUM || (in->fn == LIPS_FN_MAP && lips_lambdas[in->lambda].div == 1) ||
                       ((in->fn == LIPS_FN_ZIPWITH || in->fn == LIPS_FN_SCANL1) && in->lambda != LIPS_L_MIN &&
                        in->lambda != LIPS_L_MAX);
        if (sem == LIPS_SEM_STRICT) assert_int_equal(wraps, 0);
        else if (can_wrap && wraps < per / 50)
            fail_msg("%s: only %d of %d cases wrap", in->name, wraps, ok_cases);
    }
    lips_enc_free(&e);
    assert_true(checked > (long)per * LIPS_N_INSTANCES / 2);
    fprintf(stderr, "%ld successful cases checked\n", checked);
}

/* The same constraints built as Z3 terms over numerals simplify to true, in
 * both arithmetics: the Z3 side of every operation agrees with its plain
 * side. */
static void test_z3_terms_agree(void **state) {
    sem = (lips_semantics)(intptr_t)*state;
    for (int bv = 0; bv <= 1; bv++) {
        Z3_config cfg = Z3_mk_config();
        Z3_context ctx = Z3_mk_context_rc(cfg);
        Z3_del_config(cfg);
        lips_enc e, plain;
        lips_enc_init(&plain, NULL, 0, sem);
        for (int inst = 0; inst < LIPS_N_INSTANCES; inst++) {
            lips_enc_init(&e, ctx, bv, sem); /* one pool per instance bounds memory */
            for (int c = 0; c < Z3_CASES; c++) {
                lips_value a, b, out, wrong = random_value(lips_instances[inst].ret_type);
                if (!random_case(inst, &a, &b, &out)) continue;
                /* a right and a wrong output: Z3 must decide both as the plain code does */
                for (int w = 0; w <= 1; w++) {
                    const lips_value *o = w ? &wrong : &out;
                    int expect = constraints(&plain, inst, &a, &b, o).v;
                    Z3_ast f = constraints(&e, inst, &a, &b, o).z;
                    Z3_ast s = Z3_simplify(ctx, f);
                    Z3_inc_ref(ctx, s);
                    Z3_lbool got = Z3_get_bool_value(ctx, s);
                    Z3_dec_ref(ctx, s);
                    if (got != (expect ? Z3_L_TRUE : Z3_L_FALSE)) {
                        report(bv ? "Z3 bit-vectors disagree" : "Z3 integers disagree", inst, &a, &b, o);
                        fail();
                    }
                }
            }
            lips_enc_free(&e);
        }
        lips_enc_free(&plain);
        Z3_del_context(ctx);
    }
}

/* The transformers are not vacuous: each refutes most wrong outputs. */
static void test_transformers_refute_wrong_outputs(void **state) {
    sem = (lips_semantics)(intptr_t)*state;
    lips_enc e;
    lips_enc_init(&e, NULL, 0, sem);
    for (int inst = 0; inst < LIPS_N_INSTANCES; inst++) {
        int tried = 0, refuted = 0;
        for (int c = 0; c < 4000; c++) {
            lips_value a, b, out, wrong = random_value(lips_instances[inst].ret_type);
            if (!random_case(inst, &a, &b, &out) || lips_value_equal(&wrong, &out)) continue;
            refuted += !constraints(&e, inst, &a, &b, &wrong).v;
            tried++;
        }
        if (tried < 500 || refuted * 2 < tried)
            fail_msg("%s refutes only %d of %d wrong outputs", lips_instances[inst].name, refuted, tried);
    }
    lips_enc_free(&e);
}

/* Exact facts the encoding promises, on hand-picked values. */
static void test_exact_facts(void **state) {
    sem = LIPS_SEM_STRICT;
    lips_enc e;
    lips_enc_init(&e, NULL, 0, sem);
    int up[] = {1, 2, 2, 9}, down[] = {9, 2, 2, 1};
    lips_value u = lips_value_list(up, 4), d = lips_value_list(down, 4), out;
    int sort = lips_instance_find(LIPS_FN_SORT, LIPS_NONE), rev = lips_instance_find(LIPS_FN_REVERSE, LIPS_NONE);
    /* SORT's output is sorted up: [9, 2, 2, 1] is not a possible output */
    assert_false(constraints(&e, sort, &u, &u, &d).v);
    assert_true(constraints(&e, sort, &d, &d, &u).v);
    /* REVERSE swaps the two orders */
    assert_int_equal(lips_instance_eval(rev, sem, &u, &u, &out), LIPS_EVAL_OK);
    assert_true(constraints(&e, rev, &u, &u, &d).v);
    assert_false(constraints(&e, rev, &u, &u, &u).v);
    /* MAP (/2) keeps the order and divides truncating toward zero */
    int m[] = {-3, -1, 1, 3}, h[] = {-1, 0, 0, 1}, hw[] = {-2, -1, 0, 1};
    lips_value mv = lips_value_list(m, 4), hv = lips_value_list(h, 4), hwv = lips_value_list(hw, 4);
    int div2 = lips_instance_find(LIPS_FN_MAP, LIPS_L_DIV2);
    assert_true(constraints(&e, div2, &mv, &mv, &hv).v);
    assert_false(constraints(&e, div2, &mv, &mv, &hwv).v);
    lips_enc_free(&e);
    /* (**2) of 16 leaves strict semantics, so strict MAP (**2) bounds its
     * elements by 15; DeepCoder semantics bounds them by 46340 */
    int big[] = {16, -300}, sq[] = {256, 90000};
    lips_value bv = lips_value_list(big, 2), sqv = lips_value_list(sq, 2);
    int sqr = lips_instance_find(LIPS_FN_MAP, LIPS_L_SQR);
    assert_int_equal(lips_instance_eval(sqr, LIPS_SEM_STRICT, &bv, &bv, &out), LIPS_EVAL_RANGE);
    assert_int_equal(lips_instance_eval(sqr, LIPS_SEM_DEEPCODER, &bv, &bv, &out), LIPS_EVAL_OK);
    assert_true(lips_value_equal(&out, &sqv));
    lips_enc_init(&e, NULL, 0, LIPS_SEM_STRICT);
    assert_false(constraints(&e, sqr, &bv, &bv, &sqv).v);
    lips_enc_free(&e);
    lips_enc_init(&e, NULL, 0, LIPS_SEM_DEEPCODER);
    assert_true(constraints(&e, sqr, &bv, &bv, &sqv).v);
    /* past 46340 the square wraps, and MAP (**2) knows nothing of it: not
     * even that it is non-negative */
    int edge[] = {46341, 3}, edge_sq[] = {-2147479015, 9};
    lips_value ev = lips_value_list(edge, 2), esv = lips_value_list(edge_sq, 2);
    assert_int_equal(lips_instance_eval(sqr, LIPS_SEM_DEEPCODER, &ev, &ev, &out), LIPS_EVAL_OK);
    assert_true(lips_value_equal(&out, &esv));
    assert_true(constraints(&e, sqr, &ev, &ev, &esv).v);
    /* a running product that wraps to 0 after rising: neither sorted nor
     * positive, and accepted */
    int big2[] = {128, 128, 128, 128, 128}, prods[] = {128, 16384, 2097152, 268435456, 0};
    lips_value pv = lips_value_list(big2, 5), prv = lips_value_list(prods, 5);
    int scan_times = lips_instance_find(LIPS_FN_SCANL1, LIPS_L_TIMES);
    assert_int_equal(lips_instance_eval(scan_times, LIPS_SEM_DEEPCODER, &pv, &pv, &out), LIPS_EVAL_OK);
    assert_true(lips_value_equal(&out, &prv));
    assert_true(constraints(&e, scan_times, &pv, &pv, &prv).v);
    /* where nothing wraps, DeepCoder semantics keeps strict's facts: a
     * running product of elements >= 1 is sorted up */
    int small[] = {1, 2, 3}, bad_prods[] = {1, 2, 1};
    lips_value sv = lips_value_list(small, 3), bpv = lips_value_list(bad_prods, 3);
    assert_false(constraints(&e, scan_times, &sv, &sv, &bpv).v);
    lips_enc_free(&e);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_facts),
        cmocka_unit_test_prestate(test_transformers_are_sound, (void *)(intptr_t)LIPS_SEM_STRICT),
        cmocka_unit_test_prestate(test_transformers_are_sound, (void *)(intptr_t)LIPS_SEM_DEEPCODER),
        cmocka_unit_test_prestate(test_z3_terms_agree, (void *)(intptr_t)LIPS_SEM_STRICT),
        cmocka_unit_test_prestate(test_z3_terms_agree, (void *)(intptr_t)LIPS_SEM_DEEPCODER),
        cmocka_unit_test_prestate(test_transformers_refute_wrong_outputs, (void *)(intptr_t)LIPS_SEM_STRICT),
        cmocka_unit_test_prestate(test_transformers_refute_wrong_outputs, (void *)(intptr_t)LIPS_SEM_DEEPCODER),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
