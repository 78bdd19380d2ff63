/* Backward bounds rules, one per function, named by its row in dsl.h. A
 * rule reads the constraint on the instance's result and writes sufficient
 * constraints on its arguments; MAP's rule is driven by the lambda's data
 * (mul, div, add), ZIPWITH's and SCANL1's choose by the lambda.
 * tests/test_bounds.c checks every rule's soundness on random arguments.
 * In DeepCoder semantics the ranges are those of exact arithmetic, with no
 * wrap-around: sufficient still, and the generator runs every program it
 * keeps. */
#include "lips/bounds.h"

#include <math.h>

#include "lips/dsl.h"

typedef int (*rule_fn)(lips_semantics sem, const lips_range *out, int lambda, lips_range args[2]);

static int64_t fdiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0))) q--;
    return q;
}

static int64_t cdiv(int64_t a, int64_t b) { return -fdiv(-a, b); }

static int64_t isqrt(int64_t x) {
    int64_t s = (int64_t)sqrt((double)x);
    while (s * s > x) s--;
    while ((s + 1) * (s + 1) <= x) s++;
    return s;
}

/* The largest s >= 0 with s^n <= B (B >= 0, n >= 1). */
static int64_t iroot(int64_t B, int n) {
    int64_t s = (int64_t)pow((double)B, 1.0 / n);
    for (;;) { /* corrects pow's rounding either way */
        int64_t p = 1;
        for (int i = 0; i < n && p <= B; i++) p *= s;
        if (p <= B || s == 0) break;
        s--;
    }
    for (;;) {
        int64_t p = 1;
        for (int i = 0; i < n && p <= B; i++) p *= s + 1;
        if (p > B) return s;
        s++;
    }
}

/* [lo, hi] intersected with the semantics' range of values; empty (lo >
 * hi) stays empty. */
static lips_range mk(lips_semantics sem, int64_t lo, int64_t hi, int maxlen) {
    int64_t a = lips_semantics_min(sem), b = lips_semantics_max(sem);
    lips_range r = {lo < a ? a : lo, hi > b ? b : hi, maxlen};
    return r;
}

static int ok(const lips_range *r, int n) {
    for (int i = 0; i < n; i++)
        if (lips_range_empty(&r[i]) || r[i].maxlen < 0) return 0;
    return 1;
}

/* The count of TAKE/DROP/ACCESS: an index into a list of at most L elements. */
static lips_range count_range(lips_semantics sem, int L) { return mk(sem, 0, L - 1, L); }

/* HEAD, LAST, MINIMUM, MAXIMUM: the result is one of the elements. */
static int r_element(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    a[0] = mk(sem, out->lo, out->hi, out->maxlen);
    return ok(a, 1);
}

/* REVERSE, SORT, FILTER: elements are kept, the length does not grow. */
static int r_same(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    a[0] = *out;
    return ok(a, 1);
}

/* SUM of at most L elements: each in range / L. The empty sum 0 must fit. */
static int r_sum(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    int L = out->maxlen > 0 ? out->maxlen : 1;
    if (out->lo > 0 || out->hi < 0) return 0;
    a[0] = mk(sem, cdiv(out->lo, L), fdiv(out->hi, L), out->maxlen);
    return ok(a, 1);
}

/* TAKE, DROP: the count in [0, L); the list keeps the result's bounds. */
static int r_take_drop(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    a[0] = count_range(sem, out->maxlen);
    a[1] = *out;
    return ok(a, 2);
}

static int r_access(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    a[0] = count_range(sem, out->maxlen);
    a[1] = mk(sem, out->lo, out->hi, out->maxlen);
    return ok(a, 2);
}

/* MAP f, f(x) = trunc(x * mul / div) + add (SQR: mul 0). trunc(t / div) lies
 * in [y0, y1] whenever t lies in [y0 * div, y1 * div]. */
static int r_map(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    const lips_lambda_info *f = &lips_lambdas[l];
    int64_t y0 = out->lo - f->add, y1 = out->hi - f->add;
    if (f->mul == 0) {
        if (y1 < 0) return 0;
        int64_t s = isqrt(y1);
        a[0] = y0 <= 0 ? mk(sem, -s, s, out->maxlen) : mk(sem, isqrt(y0 - 1) + 1, s, out->maxlen);
        return ok(a, 1);
    }
    int64_t t0 = y0 * f->div, t1 = y1 * f->div;
    a[0] = f->mul > 0 ? mk(sem, cdiv(t0, f->mul), fdiv(t1, f->mul), out->maxlen)
                      : mk(sem, cdiv(t1, f->mul), fdiv(t0, f->mul), out->maxlen);
    return ok(a, 1);
}

/* COUNT over at most hi elements; the count 0 must fit. */
static int r_count(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    if (out->lo > 0 || out->hi < 0) return 0;
    a[0] = mk(sem, lips_semantics_min(sem), lips_semantics_max(sem), out->hi < out->maxlen ? out->hi : out->maxlen);
    return ok(a, 1);
}

/* The largest s with |x|, |y| <= s implying |x * y| within [lo, hi]. */
static int64_t product_bound(const lips_range *out) {
    if (out->lo > 0 || out->hi < 0) return -1;
    return isqrt(-out->lo < out->hi ? -out->lo : out->hi);
}

static int r_zip_plus(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    a[0] = a[1] = mk(sem, cdiv(out->lo, 2), fdiv(out->hi, 2), out->maxlen);
    return ok(a, 2);
}

static int r_zip_minus(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    a[0] = mk(sem, cdiv(out->lo, 2), fdiv(out->hi, 2), out->maxlen);
    a[1] = mk(sem, -fdiv(out->hi, 2), -cdiv(out->lo, 2), out->maxlen);
    return ok(a, 2);
}

static int r_zip_times(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    int64_t s = product_bound(out);
    a[0] = a[1] = mk(sem, -s, s, out->maxlen);
    return s >= 0 && ok(a, 2);
}

/* MIN, MAX pick one of their arguments. */
static int r_zip_select(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    a[0] = a[1] = *out;
    return ok(a, 2);
}

/* SCANL1 (-): x0 - x1 - ... - xi; with |x| <= m, |result| <= L * m. */
static int r_scan_minus(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    int L = out->maxlen > 0 ? out->maxlen : 1;
    if (out->lo > 0 || out->hi < 0) return 0;
    int64_t m = fdiv(-out->lo < out->hi ? -out->lo : out->hi, L);
    a[0] = mk(sem, -m, m, out->maxlen);
    return ok(a, 1);
}

/* SCANL1 (*): products of up to L elements within [-B, B] need |x| <= s with
 * s^L <= B. Long lists force s = 1, so when lists of 5 or more elements of
 * [-2, 2] fit, the rule trades length for the wider range. */
static int r_scan_times(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    if (out->lo > 0 || out->hi < 0) return 0;
    int64_t B = -out->lo < out->hi ? -out->lo : out->hi, s = iroot(B, out->maxlen > 0 ? out->maxlen : 1);
    int L = out->maxlen > 0 ? out->maxlen : 1, L2 = 0;
    for (int64_t p = 2; p <= B; p *= 2) L2++;
    if (s < 2 && L2 >= 5 && L2 < L) {
        s = 2;
        L = L2;
    }
    a[0] = mk(sem, -s, s, L < out->maxlen ? L : out->maxlen);
    return ok(a, 1);
}

static int r_zipwith(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    switch (l) {
    case LIPS_L_PLUS: return r_zip_plus(sem, out, l, a);
    case LIPS_L_MINUS: return r_zip_minus(sem, out, l, a);
    case LIPS_L_TIMES: return r_zip_times(sem, out, l, a);
    case LIPS_L_MIN:
    case LIPS_L_MAX: return r_zip_select(sem, out, l, a);
    default: return 0; /* no rule: the generator makes no statement of it */
    }
}

static int r_scanl1(lips_semantics sem, const lips_range *out, int l, lips_range a[2]) {
    switch (l) {
    case LIPS_L_PLUS: return r_sum(sem, out, l, a); /* the i-th result sums i + 1 <= L elements */
    case LIPS_L_MINUS: return r_scan_minus(sem, out, l, a);
    case LIPS_L_TIMES: return r_scan_times(sem, out, l, a);
    case LIPS_L_MIN:
    case LIPS_L_MAX: return r_zip_select(sem, out, l, a);
    default: return 0;
    }
}

#define RULE(ctx, F, stem, t0, t1, rt, K, rule) [LIPS_FN_##F] = r_##rule,
static const rule_fn rules[LIPS_N_FNS] = {LIPS_FUNCTIONS(RULE, ~)};

lips_range lips_range_full(int maxlen) { return (lips_range){LIPS_INT_MIN, LIPS_INT_MAX, maxlen}; }

/* Every value the semantics lets a program compute. */
static lips_range full(lips_semantics sem, int maxlen) {
    return (lips_range){lips_semantics_min(sem), lips_semantics_max(sem), maxlen};
}

int lips_range_contains(const lips_range *r, const lips_value *v) {
    if (v->type == LIPS_T_INT) return v->v[0] >= r->lo && v->v[0] <= r->hi;
    if (v->len > r->maxlen) return 0;
    for (int i = 0; i < v->len; i++)
        if (v->v[i] < r->lo || v->v[i] > r->hi) return 0;
    return 1;
}

int lips_bounds_instance(int inst, lips_semantics sem, const lips_range *out, lips_range args[2]) {
    if (lips_range_empty(out)) return 0;
    const lips_instance *in = &lips_instances[inst];
    return rules[in->fn](sem, out, in->lambda, args);
}

int lips_bounds_program(const lips_program *p, int max_len, lips_semantics sem, lips_range vars[LIPS_MAX_VARS]) {
    int nv = p->n_inputs + p->n_stmts;
    /* the inputs and the result within [-256, 255], the rest as sem allows */
    for (int v = 0; v < nv; v++)
        vars[v] = v < p->n_inputs || v == nv - 1 ? lips_range_full(max_len) : full(sem, max_len);
    for (int i = p->n_stmts - 1; i >= 0; i--) {
        const lips_stmt *s = &p->stmts[i];
        int inst = lips_stmt_instance(s);
        lips_range a[2];
        if (!lips_bounds_instance(inst, sem, &vars[p->n_inputs + i], a)) return 0;
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
