/* Soundness of the Z3 encoding, as a property over many random cases: for
 * every function instance and concrete arguments on which it succeeds, the
 * transformer's constraints over the exact abstractions of the arguments and
 * the result simplify to true; so do the invariants of every abstraction. A
 * single violation fails. */
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

/* 10,000 per instance (380,000 in all) in the suite; LIPS_SOUNDNESS_CASES
 * raises it for a long run (docs/solver.md) */
static int cases_per_instance(void) {
    const char *s = getenv("LIPS_SOUNDNESS_CASES");
    int n = s ? atoi(s) : 0;
    return n > 0 ? n : 10000;
}
#define RESET_EVERY 2000 /* cases between fresh contexts, to bound memory */

static uint64_t rng = 0x853c49e6748fea9bull;

static unsigned rnd(unsigned n) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Random values at several scales, so that both typical and extreme cases
 * (empty lists, range edges, small magnitudes for (**2) and (*)) appear. */
static lips_value random_value(int type) {
    static const int scales[] = {1, 3, 15, 40, 128, 256};
    int r = scales[rnd(6)];
    if (type == LIPS_T_INT) return lips_value_int(rnd(4) == 0 ? (int)rnd(25) - 2 : (int)rnd(2 * (unsigned)r + 1) - r);
    int n = rnd(5) == 0 ? (int)rnd(3) : (int)rnd(LIPS_MAX_LEN + 1), xs[LIPS_MAX_LEN];
    for (int i = 0; i < n; i++) {
        int x = (int)rnd(2 * (unsigned)r + 1) - r;
        xs[i] = x < LIPS_INT_MIN ? LIPS_INT_MIN : x > LIPS_INT_MAX ? LIPS_INT_MAX : x;
    }
    return lips_value_list(xs, n);
}

static void print_value(const char *what, const lips_value *v) {
    char buf[256];
    lips_value_print(v, buf, sizeof buf);
    fprintf(stderr, "  %s = %s\n", what, buf);
}

typedef struct {
    Z3_context ctx;
    lips_enc e;
} env;

static void env_open(env *z) {
    Z3_config c = Z3_mk_config();
    z->ctx = Z3_mk_context_rc(c);
    Z3_del_config(c);
    lips_enc_init(&z->e, z->ctx);
}

static void env_close(env *z) {
    lips_enc_free(&z->e);
    Z3_del_context(z->ctx);
}

/* Does the conjunction built since mark simplify to true? */
static int holds(env *z, int mark) {
    Z3_ast f = lips_enc_take(&z->e, mark);
    Z3_ast s = Z3_simplify(z->ctx, f);
    Z3_inc_ref(z->ctx, s);
    int ok = Z3_get_bool_value(z->ctx, s) == Z3_L_TRUE;
    if (!ok) fprintf(stderr, "  constraint: %s\n  simplified: %s\n", Z3_ast_to_string(z->ctx, f), Z3_ast_to_string(z->ctx, s));
    Z3_dec_ref(z->ctx, s);
    return ok;
}

static void test_transformers_are_sound(void **state) {
    env z;
    env_open(&z);
    long checked = 0;
    const int per = cases_per_instance();
    for (int inst = 0; inst < LIPS_N_INSTANCES; inst++) {
        const lips_instance *in = &lips_instances[inst];
        int ok_cases = 0;
        for (int c = 0; c < per; c++) {
            lips_value a = random_value(in->arg_types[0]);
            lips_value b = in->arity == 2 ? random_value(in->arg_types[1]) : a, out;
            /* ZIPWITH sees equal lengths often, where it knows the most */
            if (in->fn == LIPS_FN_ZIPWITH && rnd(2)) b.len = a.len < b.len ? a.len : b.len, a.len = b.len;
            if (lips_instance_eval(inst, &a, &b, &out) != LIPS_EVAL_OK) continue;
            ok_cases++;
            if (checked % RESET_EVERY == 0 && checked) {
                env_close(&z);
                env_open(&z);
            }
            lips_absval A, B, O;
            lips_enc_const(&z.e, &a, &A);
            lips_enc_const(&z.e, &b, &B);
            lips_enc_const(&z.e, &out, &O);
            int mark = z.e.n_conj;
            lips_enc_transform(&z.e, inst, &A, &B, &O);
            lips_enc_invariants(&z.e, &O);
            checked++;
            if (!holds(&z, mark)) {
                fprintf(stderr, "unsound: %s\n", in->name);
                print_value("a", &a);
                if (in->arity == 2) print_value("b", &b);
                print_value("out", &out);
                fail();
            }
        }
        /* most random arguments must succeed, or the property says little */
        if (ok_cases < per / 10) fail_msg("%s: only %d successful cases", in->name, ok_cases);
    }
    env_close(&z);
    assert_true(checked > (long)per * LIPS_N_INSTANCES / 2);
    fprintf(stderr, "%ld successful cases checked\n", checked);
}

/* The transformers must also hold when the instance is not chosen: the
 * encoding guards them, so here we check the guard is needed, i.e. that they
 * are not vacuous: a wrong output is refuted for most cases. */
static void test_transformers_refute_wrong_outputs(void **state) {
    env z;
    env_open(&z);
    for (int inst = 0; inst < LIPS_N_INSTANCES; inst++) {
        const lips_instance *in = &lips_instances[inst];
        int tried = 0, refuted = 0;
        for (int c = 0; c < 400; c++) {
            lips_value a = random_value(in->arg_types[0]);
            lips_value b = in->arity == 2 ? random_value(in->arg_types[1]) : a, out, wrong;
            if (lips_instance_eval(inst, &a, &b, &out) != LIPS_EVAL_OK) continue;
            wrong = random_value(in->ret_type);
            if (lips_value_equal(&wrong, &out)) continue;
            lips_absval A, B, W;
            lips_enc_const(&z.e, &a, &A);
            lips_enc_const(&z.e, &b, &B);
            lips_enc_const(&z.e, &wrong, &W);
            int mark = z.e.n_conj;
            lips_enc_transform(&z.e, inst, &A, &B, &W);
            Z3_ast s = Z3_simplify(z.ctx, lips_enc_take(&z.e, mark));
            Z3_inc_ref(z.ctx, s);
            refuted += Z3_get_bool_value(z.ctx, s) == Z3_L_FALSE;
            Z3_dec_ref(z.ctx, s);
            tried++;
        }
        if (tried < 50 || refuted * 2 < tried)
            fail_msg("%s refutes only %d of %d wrong outputs", in->name, refuted, tried);
    }
    env_close(&z);
}

static void test_invariants_are_sound(void **state) {
    env z;
    env_open(&z);
    for (int c = 0; c < 20000; c++) {
        if (c % RESET_EVERY == 0 && c) {
            env_close(&z);
            env_open(&z);
        }
        lips_value v = random_value(rnd(2));
        lips_absval A;
        lips_enc_const(&z.e, &v, &A);
        int mark = z.e.n_conj;
        lips_enc_invariants(&z.e, &A);
        if (!holds(&z, mark)) {
            print_value("v", &v);
            fail();
        }
    }
    env_close(&z);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invariants_are_sound),
        cmocka_unit_test(test_transformers_are_sound),
        cmocka_unit_test(test_transformers_refute_wrong_outputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
