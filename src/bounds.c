/* Backward bounds rules, one per function, named by its row in dsl.h. A
 * rule reads the constraint on the instance's result and writes sufficient
 * constraints on its arguments; MAP's rule is driven by the lambda's data
 * (mul, div, add), ZIPWITH's and SCANL1's choose by the lambda.
 * tests/test_bounds.c checks every rule's soundness on random arguments. */
#include "lips/bounds.h"

#include "lips/dsl.h"

typedef int (*rule_fn)(const lips_range *out, int lambda, lips_range args[2]);

static int fdiv(int a, int b) {
    int q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0))) q--;
    return q;
}

static int cdiv(int a, int b) { return -fdiv(-a, b); }

static int isqrt(int x) {
    int s = 0;
    while ((s + 1) * (s + 1) <= x) s++;
    return s;
}

/* [lo, hi] intersected with [-256, 255]; empty (lo > hi) stays empty. */
static lips_range mk(int lo, int hi, int maxlen) {
    lips_range r = {lo < LIPS_INT_MIN ? LIPS_INT_MIN : lo, hi > LIPS_INT_MAX ? LIPS_INT_MAX : hi, maxlen};
    return r;
}

static int ok(const lips_range *r, int n) {
    for (int i = 0; i < n; i++)
        if (lips_range_empty(&r[i]) || r[i].maxlen < 0) return 0;
    return 1;
}

/* The count of TAKE/DROP/ACCESS: an index into a list of at most L elements. */
static lips_range count_range(int L) { return mk(0, L - 1, L); }

/* HEAD, LAST, MINIMUM, MAXIMUM: the result is one of the elements. */
static int r_element(const lips_range *out, int l, lips_range a[2]) {
    a[0] = mk(out->lo, out->hi, out->maxlen);
    return ok(a, 1);
}

/* REVERSE, SORT, FILTER: elements are kept, the length does not grow. */
static int r_same(const lips_range *out, int l, lips_range a[2]) {
    a[0] = *out;
    return ok(a, 1);
}

/* SUM of at most L elements: each in range / L. The empty sum 0 must fit. */
static int r_sum(const lips_range *out, int l, lips_range a[2]) {
    int L = out->maxlen > 0 ? out->maxlen : 1;
    if (out->lo > 0 || out->hi < 0) return 0;
    a[0] = mk(cdiv(out->lo, L), fdiv(out->hi, L), out->maxlen);
    return ok(a, 1);
}

/* TAKE, DROP: the count in [0, L); the list keeps the result's bounds. */
static int r_take_drop(const lips_range *out, int l, lips_range a[2]) {
    a[0] = count_range(out->maxlen);
    a[1] = *out;
    return ok(a, 2);
}

static int r_access(const lips_range *out, int l, lips_range a[2]) {
    a[0] = count_range(out->maxlen);
    a[1] = mk(out->lo, out->hi, out->maxlen);
    return ok(a, 2);
}

/* MAP f, f(x) = trunc(x * mul / div) + add (SQR: mul 0). trunc(t / div) lies
 * in [y0, y1] whenever t lies in [y0 * div, y1 * div]. */
static int r_map(const lips_range *out, int l, lips_range a[2]) {
    const lips_lambda_info *f = &lips_lambdas[l];
    int y0 = out->lo - f->add, y1 = out->hi - f->add;
    if (f->mul == 0) {
        if (y1 < 0) return 0;
        int s = isqrt(y1);
        a[0] = y0 <= 0 ? mk(-s, s, out->maxlen) : mk(isqrt(y0 - 1) + 1, s, out->maxlen);
        return ok(a, 1);
    }
    int t0 = y0 * f->div, t1 = y1 * f->div;
    a[0] = f->mul > 0 ? mk(cdiv(t0, f->mul), fdiv(t1, f->mul), out->maxlen)
                      : mk(cdiv(t1, f->mul), fdiv(t0, f->mul), out->maxlen);
    return ok(a, 1);
}

/* COUNT over at most hi elements; the count 0 must fit. */
static int r_count(const lips_range *out, int l, lips_range a[2]) {
    if (out->lo > 0 || out->hi < 0) return 0;
    a[0] = mk(LIPS_INT_MIN, LIPS_INT_MAX, out->hi < out->maxlen ? out->hi : out->maxlen);
    return ok(a, 1);
}

/* The largest s with |x|, |y| <= s implying |x * y| within [lo, hi]. */
static int product_bound(const lips_range *out) {
    if (out->lo > 0 || out->hi < 0) return -1;
    return isqrt(-out->lo < out->hi ? -out->lo : out->hi);
}

static int r_zip_plus(const lips_range *out, int l, lips_range a[2]) {
    a[0] = a[1] = mk(cdiv(out->lo, 2), fdiv(out->hi, 2), out->maxlen);
    return ok(a, 2);
}

static int r_zip_minus(const lips_range *out, int l, lips_range a[2]) {
    a[0] = mk(cdiv(out->lo, 2), fdiv(out->hi, 2), out->maxlen);
    a[1] = mk(-fdiv(out->hi, 2), -cdiv(out->lo, 2), out->maxlen);
    return ok(a, 2);
}

static int r_zip_times(const lips_range *out, int l, lips_range a[2]) {
    int s = product_bound(out);
    a[0] = a[1] = mk(-s, s, out->maxlen);
    return s >= 0 && ok(a, 2);
}

/* MIN, MAX pick one of their arguments. */
static int r_zip_select(const lips_range *out, int l, lips_range a[2]) {
    a[0] = a[1] = *out;
    return ok(a, 2);
}

/* SCANL1 (-): x0 - x1 - ... - xi; with |x| <= m, |result| <= L * m. */
static int r_scan_minus(const lips_range *out, int l, lips_range a[2]) {
    int L = out->maxlen > 0 ? out->maxlen : 1;
    if (out->lo > 0 || out->hi < 0) return 0;
    int m = fdiv(-out->lo < out->hi ? -out->lo : out->hi, L);
    a[0] = mk(-m, m, out->maxlen);
    return ok(a, 1);
}

/* SCANL1 (*): products of up to L elements within [-B, B] need |x| <= s with
 * s^L <= B. Long lists force s = 1, so when lists of 5 or more elements of
 * [-2, 2] fit, the rule trades length for the wider range. */
static int r_scan_times(const lips_range *out, int l, lips_range a[2]) {
    if (out->lo > 0 || out->hi < 0) return 0;
    int B = -out->lo < out->hi ? -out->lo : out->hi, L = out->maxlen > 0 ? out->maxlen : 1;
    int s = 0;
    for (;;) {
        long p = 1;
        for (int i = 0; i < L && p <= B; i++) p *= s + 1;
        if (p > B) break;
        s++;
    }
    int L2 = 0;
    for (long p = 2; p <= B; p *= 2) L2++;
    if (s < 2 && L2 >= 5 && L2 < L) {
        s = 2;
        L = L2;
    }
    a[0] = mk(-s, s, L < out->maxlen ? L : out->maxlen);
    return ok(a, 1);
}

static int r_zipwith(const lips_range *out, int l, lips_range a[2]) {
    switch (l) {
    case LIPS_L_PLUS: return r_zip_plus(out, l, a);
    case LIPS_L_MINUS: return r_zip_minus(out, l, a);
    case LIPS_L_TIMES: return r_zip_times(out, l, a);
    case LIPS_L_MIN:
    case LIPS_L_MAX: return r_zip_select(out, l, a);
    default: return 0; /* no rule: the generator makes no statement of it */
    }
}

static int r_scanl1(const lips_range *out, int l, lips_range a[2]) {
    switch (l) {
    case LIPS_L_PLUS: return r_sum(out, l, a); /* the i-th result sums i + 1 <= L elements */
    case LIPS_L_MINUS: return r_scan_minus(out, l, a);
    case LIPS_L_TIMES: return r_scan_times(out, l, a);
    case LIPS_L_MIN:
    case LIPS_L_MAX: return r_zip_select(out, l, a);
    default: return 0;
    }
}

#define RULE(ctx, F, stem, t0, t1, rt, K, rule) [LIPS_FN_##F] = r_##rule,
static const rule_fn rules[LIPS_N_FNS] = {LIPS_FUNCTIONS(RULE, ~)};

lips_range lips_range_full(int maxlen) { return (lips_range){LIPS_INT_MIN, LIPS_INT_MAX, maxlen}; }

int lips_range_contains(const lips_range *r, const lips_value *v) {
    if (v->type == LIPS_T_INT) return v->v[0] >= r->lo && v->v[0] <= r->hi;
    if (v->len > r->maxlen) return 0;
    for (int i = 0; i < v->len; i++)
        if (v->v[i] < r->lo || v->v[i] > r->hi) return 0;
    return 1;
}

int lips_bounds_instance(int inst, const lips_range *out, lips_range args[2]) {
    if (lips_range_empty(out)) return 0;
    const lips_instance *in = &lips_instances[inst];
    return rules[in->fn](out, in->lambda, args);
}

int lips_bounds_program(const lips_program *p, int max_len, lips_range vars[LIPS_MAX_VARS]) {
    int nv = p->n_inputs + p->n_stmts;
    for (int v = 0; v < nv; v++) vars[v] = lips_range_full(max_len);
    for (int i = p->n_stmts - 1; i >= 0; i--) {
        const lips_stmt *s = &p->stmts[i];
        int inst = lips_stmt_instance(s);
        lips_range a[2];
        if (!lips_bounds_instance(inst, &vars[p->n_inputs + i], a)) return 0;
        for (int k = 0; k < lips_instances[inst].arity; k++) {
            lips_range *r = &vars[s->args[k]];
            if (a[k].lo > r->lo) r->lo = a[k].lo;
            if (a[k].hi < r->hi) r->hi = a[k].hi;
            if (a[k].maxlen < r->maxlen) r->maxlen = a[k].maxlen;
        }
    }
    for (int v = 0; v < p->n_inputs; v++)
        if (lips_range_empty(&vars[v])) return 0;
    return 1;
}
