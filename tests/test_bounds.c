/* Backward bounds: every instance has a rule, every rule is sound
 * on random constraints and random arguments inside them, and whole
 * programs run inside their computed ranges; in both semantics. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "lips/bounds.h"
#include "lips/interp.h"
#include "rng.h"
#include "wraps.h"

static uint64_t rng_state = 12345;

static int rnd(int lo, int hi) { return lips_rng_int(&rng_state, lo, hi); }

/* uniform in [lo, hi], which may span the whole 32-bit range */
static int64_t rnd64(int64_t lo, int64_t hi) {
    return lo + (int64_t)(lips_rng_next(&rng_state) % (uint64_t)(hi - lo + 1));
}

/* the semantics the test in progress runs in */
static lips_semantics sem;

static lips_value sample(int type, const lips_range *r) {
    if (type == LIPS_T_INT) return lips_value_int((int)rnd64(r->lo, r->hi));
    int xs[LIPS_MAX_LEN], n = rnd(0, r->maxlen);
    /* the corners are where overflow hides */
    for (int i = 0; i < n; i++) xs[i] = (int)(rnd(0, 3) == 0 ? (rnd(0, 1) ? r->lo : r->hi) : rnd64(r->lo, r->hi));
    return lips_value_list(xs, n);
}

/* The rules are named by the DSL table's rows, so they cannot fall out of
 * line with it; what remains is that every instance has one: each accepts
 * the unconstrained result and bounds every argument. */
static void every_instance_has_a_rule(void **state) {
    for (int i = 0; i < LIPS_N_INSTANCES; i++) {
        lips_range out = lips_range_full(LIPS_MAX_LEN), a[2] = {{1, 0, -1}, {1, 0, -1}};
        if (!lips_bounds_instance(i, LIPS_SEM_STRICT, &out, a)) fail_msg("%s has no rule", lips_instances[i].name);
        for (int k = 0; k < lips_instances[i].arity; k++) {
            assert_false(lips_range_empty(&a[k]));
            assert_true(a[k].maxlen >= 0);
        }
    }
}

static int lips_bounds_instance_strict(int inst, const lips_range *out, lips_range a[2]) {
    return lips_bounds_instance(inst, LIPS_SEM_STRICT, out, a);
}

/* Known rules, exactly. */
static void rules_exact(void **state) {
    lips_range out = {LIPS_INT_MIN, LIPS_INT_MAX, 20}, a[2];
    assert_true(lips_bounds_instance_strict(lips_instance_find(LIPS_FN_MAP, LIPS_L_MUL2), &out, a));
    assert_int_equal(a[0].lo, -128);
    assert_int_equal(a[0].hi, 127);
    assert_true(lips_bounds_instance_strict(lips_instance_find(LIPS_FN_SUM, LIPS_NONE), &out, a));
    assert_int_equal(a[0].lo, -12);
    assert_int_equal(a[0].hi, 12);
    assert_true(lips_bounds_instance_strict(lips_instance_find(LIPS_FN_TAKE, LIPS_NONE), &out, a));
    assert_int_equal(a[0].lo, 0);
    assert_int_equal(a[0].hi, 19);
    assert_true(lips_bounds_instance_strict(lips_instance_find(LIPS_FN_MAP, LIPS_L_SQR), &out, a));
    assert_int_equal(a[0].lo, -15);
    assert_int_equal(a[0].hi, 15);
    assert_true(lips_bounds_instance_strict(lips_instance_find(LIPS_FN_MAP, LIPS_L_DIV4), &out, a));
    assert_int_equal(a[0].lo, LIPS_INT_MIN);
    assert_int_equal(a[0].hi, LIPS_INT_MAX);
    assert_true(lips_bounds_instance_strict(lips_instance_find(LIPS_FN_SCANL1, LIPS_L_TIMES), &out, a));
    assert_int_equal(a[0].lo, -2);
    assert_int_equal(a[0].hi, 2);
    assert_int_equal(a[0].maxlen, 7);
    lips_range small = {0, 3, 20};
    assert_true(lips_bounds_instance_strict(lips_instance_find(LIPS_FN_COUNT, LIPS_L_POS), &small, a));
    assert_int_equal(a[0].maxlen, 3);
    lips_range pos = {5, 10, 20};
    assert_false(lips_bounds_instance_strict(lips_instance_find(LIPS_FN_SUM, LIPS_NONE), &pos, a));
    /* DeepCoder semantics bounds by its 32-bit range: MAP (*2) of a wide
     * result, (**2) and SCANL1 (*) of one in [-2^31, 2^31 - 1] */
    lips_range wide = {LIPS_WIDE_MIN, LIPS_WIDE_MAX, 20};
    assert_true(lips_bounds_instance(lips_instance_find(LIPS_FN_MAP, LIPS_L_MUL2), LIPS_SEM_DEEPCODER, &wide, a));
    assert_true(a[0].lo == -(1 << 30) && a[0].hi == (1 << 30) - 1);
    assert_true(lips_bounds_instance(lips_instance_find(LIPS_FN_MAP, LIPS_L_SQR), LIPS_SEM_DEEPCODER, &wide, a));
    assert_int_equal(a[0].hi, 46340);
    assert_true(lips_bounds_instance(lips_instance_find(LIPS_FN_SCANL1, LIPS_L_TIMES), LIPS_SEM_DEEPCODER, &wide, a));
    assert_int_equal(a[0].hi, 2); /* 2^20 < 2^31 - 1 < 3^20 */
    assert_int_equal(a[0].maxlen, 20);
    assert_true(lips_bounds_instance(lips_instance_find(LIPS_FN_COUNT, LIPS_L_POS), LIPS_SEM_DEEPCODER, &small, a));
    assert_true(a[0].lo == LIPS_WIDE_MIN && a[0].hi == LIPS_WIDE_MAX);
    /* a program's inputs and result stay in [-256, 255]: c <- MAP (*3) a,
     * d <- COUNT (>0) c lets a be any input in DeepCoder semantics */
    lips_program p = {1, 2, {LIPS_T_LIST}, {{0}}};
    p.stmts[0] = (lips_stmt){LIPS_FN_MAP, LIPS_L_MUL3, 1, {0, LIPS_NONE}};
    p.stmts[1] = (lips_stmt){LIPS_FN_COUNT, LIPS_L_POS, 1, {1, LIPS_NONE}};
    lips_range rg[LIPS_MAX_VARS];
    assert_true(lips_bounds_program(&p, 20, LIPS_SEM_STRICT, rg));
    assert_true(rg[0].lo == -85 && rg[0].hi == 85);
    assert_true(lips_bounds_program(&p, 20, LIPS_SEM_DEEPCODER, rg));
    assert_true(rg[0].lo == LIPS_INT_MIN && rg[0].hi == LIPS_INT_MAX);
    assert_true(rg[1].lo == LIPS_WIDE_MIN && rg[1].hi == LIPS_WIDE_MAX);
    assert_true(rg[2].lo == LIPS_INT_MIN && rg[2].hi == LIPS_INT_MAX);
}

/* For each instance and many random result constraints: arguments drawn
 * inside the computed constraints never leave [-256, 255] (DeepCoder
 * semantics: never wrap around 32 bits), and a result,
 * when there is one, satisfies the constraint. */
static void rules_sound(void **state) {
    sem = (lips_semantics)(intptr_t)*state;
    int64_t lo = lips_semantics_min(sem), hi = lips_semantics_max(sem);
    long runs = 0, ok_runs = 0;
    for (int inst = 0; inst < LIPS_N_INSTANCES; inst++) {
        const lips_instance *in = &lips_instances[inst];
        for (int c = 0; c < 2000; c++) {
            lips_range out;
            out.maxlen = rnd(0, LIPS_MAX_LEN);
            /* DeepCoder semantics: as often a range near [-256, 255] as a wide one */
            int64_t l = sem == LIPS_SEM_STRICT || c % 4 < 2 ? lo : LIPS_INT_MIN * 4;
            int64_t h = sem == LIPS_SEM_STRICT || c % 4 < 2 ? hi : LIPS_INT_MAX * 4;
            if (c == 0) {
                out.lo = lo, out.hi = hi;
            } else if (c % 2) { /* ranges holding 0, as the propagation makes */
                out.lo = rnd64(l, 0), out.hi = rnd64(0, h);
            } else {
                out.lo = rnd64(l, h), out.hi = rnd64(out.lo, h);
            }
            lips_range a[2];
            if (!lips_bounds_instance(inst, sem, &out, a)) continue;
            for (int k = 0; k < in->arity; k++) {
                assert_true(a[k].lo >= lo && a[k].hi <= hi);
                assert_true(a[k].maxlen >= 0 && a[k].maxlen <= LIPS_MAX_LEN);
            }
            for (int t = 0; t < 50; t++) {
                lips_value x = sample(in->arg_types[0], &a[0]);
                lips_value y = in->arity == 2 ? sample(in->arg_types[1], &a[1]) : x, r;
                lips_eval_status st = lips_instance_eval(inst, sem, &x, &y, &r);
                runs++;
                /* DeepCoder semantics wraps instead of failing: the rules must rule that out too */
                if (st == LIPS_EVAL_RANGE || (st == LIPS_EVAL_OK && lips_test_wraps(inst, &x, &y, &r))) {
                    char bx[200], by[200];
                    lips_value_print(&x, bx, sizeof bx);
                    lips_value_print(&y, by, sizeof by);
                    fail_msg("%s on %s %s left the range (result range [%lld, %lld] len %d)", in->name, bx,
                             in->arity == 2 ? by : "", (long long)out.lo, (long long)out.hi, out.maxlen);
                }
                if (st == LIPS_EVAL_OK) {
                    ok_runs++;
                    if (!lips_range_contains(&out, &r)) fail_msg("%s: result outside [%lld, %lld]", in->name, (long long)out.lo, (long long)out.hi);
                    if (r.type == LIPS_T_LIST && r.len > out.maxlen) fail_msg("%s: result too long", in->name);
                }
            }
        }
    }
    assert_true(ok_runs > runs / 2); /* the test is not vacuous */
}

/* Random programs (dead code and all): inputs in their ranges keep every
 * variable inside its range. */
static void programs_sound(void **state) {
    sem = (lips_semantics)(intptr_t)*state;
    int checked = 0;
    for (int n = 0; n < 20000; n++) {
        lips_program p = {0};
        p.n_inputs = (uint8_t)rnd(1, 3);
        for (int i = 0; i < p.n_inputs; i++) p.input_types[i] = (uint8_t)rnd(0, 1);
        p.input_types[0] = LIPS_T_LIST;
        int T = rnd(1, 6), types[LIPS_MAX_VARS];
        for (int i = 0; i < p.n_inputs; i++) types[i] = p.input_types[i];
        for (int i = 0; i < T; i++) {
            int V = p.n_inputs + i, inst, a, b = 0;
            const lips_instance *in;
            do {
                inst = rnd(0, LIPS_N_INSTANCES - 1);
                in = &lips_instances[inst];
                a = rnd(0, V - 1);
                if (in->arity == 2) b = rnd(0, V - 1);
            } while (types[a] != in->arg_types[0] || (in->arity == 2 && types[b] != in->arg_types[1]));
            lips_stmt *s = &p.stmts[i];
            s->fn = (int8_t)in->fn;
            s->lambda = in->lambda;
            s->nargs = (int8_t)in->arity;
            s->args[0] = (int8_t)a;
            s->args[1] = in->arity == 2 ? (int8_t)b : LIPS_NONE;
            types[V] = in->ret_type;
            p.n_stmts = (uint8_t)(i + 1);
        }
        lips_range rg[LIPS_MAX_VARS];
        int max_len = rnd(1, LIPS_MAX_LEN);
        if (!lips_bounds_program(&p, max_len, sem, rg)) continue;
        for (int t = 0; t < 10; t++) {
            lips_value vars[LIPS_MAX_VARS];
            for (int i = 0; i < p.n_inputs; i++) vars[i] = sample(p.input_types[i], &rg[i]);
            for (int i = 0; i < p.n_inputs; i++) assert_true(vars[i].type != LIPS_T_LIST || vars[i].len <= max_len);
            lips_run r = lips_program_run(&p, sem, vars, vars);
            int upto = r.status == LIPS_EVAL_OK ? p.n_stmts : r.failed_stmt;
            for (int i = 0; i < upto; i++) {
                const lips_stmt *s = &p.stmts[i];
                int inst = lips_stmt_instance(s);
                const lips_value *y = &vars[s->args[lips_instances[inst].arity == 2]];
                assert_false(lips_test_wraps(inst, &vars[s->args[0]], y, &vars[p.n_inputs + i]));
            }
            if (r.status == LIPS_EVAL_RANGE) {
                char buf[512];
                lips_program_print(&p, " | ", buf, sizeof buf);
                fail_msg("%s: statement %d left [-256, 255]", buf, r.failed_stmt + 1);
            }
            for (int v = 0; v < p.n_inputs + upto; v++) assert_true(lips_range_contains(&rg[v], &vars[v]));
            for (int i = 0; i < p.n_inputs; i++) assert_true(lips_value_within(&vars[i], LIPS_INT_MIN, LIPS_INT_MAX));
            checked++;
        }
    }
    assert_true(checked > 50000);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_instance_has_a_rule),
        cmocka_unit_test(rules_exact),
        cmocka_unit_test_prestate(rules_sound, (void *)(intptr_t)LIPS_SEM_STRICT),
        cmocka_unit_test_prestate(rules_sound, (void *)(intptr_t)LIPS_SEM_DEEPCODER),
        cmocka_unit_test_prestate(programs_sound, (void *)(intptr_t)LIPS_SEM_STRICT),
        cmocka_unit_test_prestate(programs_sound, (void *)(intptr_t)LIPS_SEM_DEEPCODER),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
