/* Constraint transformers over interval abstractions, in linear integer
 * arithmetic. Each transformer must be sound: for concrete arguments whose
 * exact abstractions are a and b, and a successful result r, the constraints
 * hold with out = the exact abstraction of r (tests/test_encode.c checks this
 * on random values for every instance). They may also exclude failing
 * arguments (HEAD of an empty list): a failing statement is never part of a
 * solution. */
#include "encode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Z3_ast keep(lips_enc *e, Z3_ast a) {
    if (a) Z3_ast_vector_push(e->ctx, e->pool, a);
    return a;
}

int lips_enc_init(lips_enc *e, Z3_context ctx) {
    memset(e, 0, sizeof *e);
    e->ctx = ctx;
    e->pool = Z3_mk_ast_vector(ctx);
    Z3_ast_vector_inc_ref(ctx, e->pool);
    e->int_sort = Z3_mk_int_sort(ctx);
    e->bool_sort = Z3_mk_bool_sort(ctx);
    Z3_inc_ref(ctx, Z3_sort_to_ast(ctx, e->int_sort));
    Z3_inc_ref(ctx, Z3_sort_to_ast(ctx, e->bool_sort));
    return 0;
}

void lips_enc_free(lips_enc *e) {
    if (!e->ctx) return;
    Z3_dec_ref(e->ctx, Z3_sort_to_ast(e->ctx, e->int_sort));
    Z3_dec_ref(e->ctx, Z3_sort_to_ast(e->ctx, e->bool_sort));
    Z3_ast_vector_dec_ref(e->ctx, e->pool);
    free(e->conj);
    memset(e, 0, sizeof *e);
}

void lips_enc_add(lips_enc *e, Z3_ast a) {
    if (e->n_conj == e->cap_conj) {
        int cap = e->cap_conj ? 2 * e->cap_conj : 256;
        Z3_ast *nc = realloc(e->conj, (size_t)cap * sizeof *nc);
        if (!nc) {
            e->oom = 1;
            return;
        }
        e->conj = nc;
        e->cap_conj = cap;
    }
    e->conj[e->n_conj++] = a;
}

Z3_ast lips_enc_take(lips_enc *e, int mark) {
    int n = e->n_conj - mark;
    Z3_ast r = n == 0 ? Z3_mk_true(e->ctx) : n == 1 ? e->conj[mark] : Z3_mk_and(e->ctx, (unsigned)n, e->conj + mark);
    e->n_conj = mark;
    return keep(e, r);
}

Z3_ast lips_enc_num(lips_enc *e, int v) { return keep(e, Z3_mk_int(e->ctx, v, e->int_sort)); }

Z3_ast lips_enc_var(lips_enc *e, const char *prefix, Z3_sort s) {
    char name[64];
    snprintf(name, sizeof name, "%s!%u", prefix, e->fresh++);
    return keep(e, Z3_mk_const(e->ctx, Z3_mk_string_symbol(e->ctx, name), s));
}

/* ---- term helpers: every result is kept alive ---- */

#define CTX e->ctx
static Z3_ast N(lips_enc *e, int v) { return lips_enc_num(e, v); }
static Z3_ast add(lips_enc *e, Z3_ast a, Z3_ast b) { Z3_ast x[2] = {a, b}; return keep(e, Z3_mk_add(CTX, 2, x)); }
static Z3_ast sub(lips_enc *e, Z3_ast a, Z3_ast b) { Z3_ast x[2] = {a, b}; return keep(e, Z3_mk_sub(CTX, 2, x)); }
static Z3_ast mulc(lips_enc *e, int k, Z3_ast a) { Z3_ast x[2] = {N(e, k), a}; return keep(e, Z3_mk_mul(CTX, 2, x)); }
static Z3_ast neg(lips_enc *e, Z3_ast a) { return keep(e, Z3_mk_unary_minus(CTX, a)); }
static Z3_ast eq(lips_enc *e, Z3_ast a, Z3_ast b) { return keep(e, Z3_mk_eq(CTX, a, b)); }
static Z3_ast le(lips_enc *e, Z3_ast a, Z3_ast b) { return keep(e, Z3_mk_le(CTX, a, b)); }
static Z3_ast lt(lips_enc *e, Z3_ast a, Z3_ast b) { return keep(e, Z3_mk_lt(CTX, a, b)); }
static Z3_ast ge(lips_enc *e, Z3_ast a, Z3_ast b) { return keep(e, Z3_mk_ge(CTX, a, b)); }
static Z3_ast gt(lips_enc *e, Z3_ast a, Z3_ast b) { return keep(e, Z3_mk_gt(CTX, a, b)); }
static Z3_ast not_(lips_enc *e, Z3_ast a) { return keep(e, Z3_mk_not(CTX, a)); }
static Z3_ast and2(lips_enc *e, Z3_ast a, Z3_ast b) { Z3_ast x[2] = {a, b}; return keep(e, Z3_mk_and(CTX, 2, x)); }
static Z3_ast implies(lips_enc *e, Z3_ast a, Z3_ast b) { return keep(e, Z3_mk_implies(CTX, a, b)); }
static Z3_ast ite(lips_enc *e, Z3_ast c, Z3_ast a, Z3_ast b) { return keep(e, Z3_mk_ite(CTX, c, a, b)); }
static Z3_ast min2(lips_enc *e, Z3_ast a, Z3_ast b) { return ite(e, le(e, a, b), a, b); }
static Z3_ast max2(lips_enc *e, Z3_ast a, Z3_ast b) { return ite(e, ge(e, a, b), a, b); }
/* Z3's div and mod add axioms for every term, selected or not, and slowed
 * checks tenfold: division and parity are defined by fresh variables and
 * linear constraints instead, added to the conjunction being built (so they
 * hold only where the instance is selected). */
static Z3_ast fresh_int(lips_enc *e) { return lips_enc_var(e, "q", e->int_sort); }

/* The value of a numeral x (known inputs and outputs are numerals). */
static int numeral(lips_enc *e, Z3_ast x, int *v) {
    return Z3_is_numeral_ast(e->ctx, x) && Z3_get_numeral_int(e->ctx, x, v);
}

/* C's division x / d, truncated toward zero. */
static Z3_ast tdiv(lips_enc *e, Z3_ast x, int d) {
    int v;
    if (numeral(e, x, &v)) return N(e, v / d);
    Z3_ast q = fresh_int(e), dq = mulc(e, d, q);
    Z3_ast nonneg = ge(e, x, N(e, 0));
    lips_enc_add(e, implies(e, nonneg, and2(e, le(e, dq, x), le(e, x, add(e, dq, N(e, d - 1))))));
    lips_enc_add(e, implies(e, not_(e, nonneg), and2(e, ge(e, dq, x), ge(e, x, sub(e, dq, N(e, d - 1))))));
    return q;
}

/* x mod 2, in {0, 1} for negative x too. */
static Z3_ast parity(lips_enc *e, Z3_ast x) {
    int v;
    if (numeral(e, x, &v)) return N(e, (v % 2 + 2) % 2);
    Z3_ast k = fresh_int(e), p = fresh_int(e);
    lips_enc_add(e, ge(e, p, N(e, 0)));
    lips_enc_add(e, le(e, p, N(e, 1)));
    lips_enc_add(e, eq(e, x, add(e, mulc(e, 2, k), p)));
    return p;
}
#undef CTX

#define ADD(x) lips_enc_add(e, (x))
/* "if c then (everything added inside)" */
#define WHEN(c, body)                                   \
    do {                                                \
        int mark_ = e->n_conj;                          \
        body;                                           \
        Z3_ast then_ = lips_enc_take(e, mark_);         \
        ADD(implies(e, (c), then_));                    \
    } while (0)

/* ---- abstract values ---- */

static void int_invariants(lips_enc *e, const lips_absval *v) {
    ADD(ge(e, v->x, N(e, LIPS_INT_MIN)));
    ADD(le(e, v->x, N(e, LIPS_INT_MAX)));
}

static void list_invariants(lips_enc *e, const lips_absval *v) {
    ADD(ge(e, v->len, N(e, 0)));
    ADD(le(e, v->len, N(e, LIPS_MAX_LEN)));
    WHEN(eq(e, v->len, N(e, 0)), {
        ADD(eq(e, v->mn, N(e, 0)));
        ADD(eq(e, v->mx, N(e, 0)));
        ADD(eq(e, v->hd, N(e, 0)));
        ADD(eq(e, v->lt, N(e, 0)));
        ADD(eq(e, v->sm, N(e, 0)));
    });
    WHEN(ge(e, v->len, N(e, 1)), {
        ADD(ge(e, v->mn, N(e, LIPS_INT_MIN)));
        ADD(le(e, v->mx, N(e, LIPS_INT_MAX)));
        ADD(le(e, v->mn, v->hd));
        ADD(le(e, v->hd, v->mx));
        ADD(le(e, v->mn, v->lt));
        ADD(le(e, v->lt, v->mx));
    });
    WHEN(eq(e, v->len, N(e, 1)), {
        ADD(eq(e, v->mn, v->mx));
        ADD(eq(e, v->sm, v->hd));
    });
    /* the sum of k elements lies between k*min and k*max, and with the first
     * and last elements known, the k-2 others lie between min and max */
    for (int k = 2; k <= LIPS_MAX_LEN; k++) {
        WHEN(eq(e, v->len, N(e, k)), {
            Z3_ast ends = add(e, v->hd, v->lt);
            ADD(ge(e, v->sm, add(e, ends, mulc(e, k - 2, v->mn))));
            ADD(le(e, v->sm, add(e, ends, mulc(e, k - 2, v->mx))));
        });
    }
}

void lips_enc_invariants(lips_enc *e, const lips_absval *v) {
    if (v->x) int_invariants(e, v);
    if (v->len) list_invariants(e, v);
}

void lips_enc_fresh(lips_enc *e, int type, lips_absval *o) {
    memset(o, 0, sizeof *o);
    if (type == LIPS_T_UNKNOWN) o->islist = lips_enc_var(e, "islist", e->bool_sort);
    else o->islist = keep(e, type == LIPS_T_LIST ? Z3_mk_true(e->ctx) : Z3_mk_false(e->ctx));
    if (type != LIPS_T_LIST) {
        o->x = lips_enc_var(e, "x", e->int_sort);
    }
    if (type != LIPS_T_INT) {
        o->len = lips_enc_var(e, "len", e->int_sort);
        o->mn = lips_enc_var(e, "mn", e->int_sort);
        o->mx = lips_enc_var(e, "mx", e->int_sort);
        o->hd = lips_enc_var(e, "hd", e->int_sort);
        o->lt = lips_enc_var(e, "lt", e->int_sort);
        o->sm = lips_enc_var(e, "sm", e->int_sort);
    }
    lips_enc_invariants(e, o);
}

void lips_abs_of(const lips_value *v, int f[8]) {
    memset(f, 0, 8 * sizeof f[0]);
    f[0] = v->type == LIPS_T_LIST;
    if (v->type == LIPS_T_INT) {
        f[1] = v->v[0];
        return;
    }
    f[2] = v->len;
    if (!v->len) return;
    int mn = v->v[0], mx = v->v[0], sm = 0;
    for (int i = 0; i < v->len; i++) {
        mn = v->v[i] < mn ? v->v[i] : mn;
        mx = v->v[i] > mx ? v->v[i] : mx;
        sm += v->v[i];
    }
    f[3] = mn;
    f[4] = mx;
    f[5] = v->v[0];
    f[6] = v->v[v->len - 1];
    f[7] = sm;
}

void lips_enc_const(lips_enc *e, const lips_value *v, lips_absval *o) {
    int f[8];
    lips_abs_of(v, f);
    memset(o, 0, sizeof *o);
    o->islist = keep(e, f[0] ? Z3_mk_true(e->ctx) : Z3_mk_false(e->ctx));
    if (!f[0]) {
        o->x = N(e, f[1]);
        return;
    }
    o->len = N(e, f[2]);
    o->mn = N(e, f[3]);
    o->mx = N(e, f[4]);
    o->hd = N(e, f[5]);
    o->lt = N(e, f[6]);
    o->sm = N(e, f[7]);
}

void lips_enc_same(lips_enc *e, const lips_absval *a, const lips_absval *b) {
    ADD(eq(e, a->islist, b->islist));
    if (a->x && b->x) ADD(eq(e, a->x, b->x));
    if (a->len && b->len) {
        ADD(eq(e, a->len, b->len));
        ADD(eq(e, a->mn, b->mn));
        ADD(eq(e, a->mx, b->mx));
        ADD(eq(e, a->hd, b->hd));
        ADD(eq(e, a->lt, b->lt));
        ADD(eq(e, a->sm, b->sm));
    }
}

static void same_list(lips_enc *e, const lips_absval *a, const lips_absval *o) {
    ADD(eq(e, o->len, a->len));
    ADD(eq(e, o->mn, a->mn));
    ADD(eq(e, o->mx, a->mx));
    ADD(eq(e, o->hd, a->hd));
    ADD(eq(e, o->lt, a->lt));
    ADD(eq(e, o->sm, a->sm));
}

/* ---- lambdas, from their data in dsl.h ---- */

/* f(x) for the int -> int lambdas, when it is linear (all but SQR). */
static Z3_ast map_term(lips_enc *e, const lips_lambda_info *l, Z3_ast x) {
    Z3_ast y = l->div > 1 ? tdiv(e, x, l->div) : mulc(e, l->mul, x);
    return l->add ? add(e, y, N(e, l->add)) : y;
}

static Z3_ast binop_term(lips_enc *e, int lambda, Z3_ast x, Z3_ast y) {
    switch (lambda) {
    case LIPS_L_PLUS: return add(e, x, y);
    case LIPS_L_MINUS: return sub(e, x, y);
    case LIPS_L_MIN: return min2(e, x, y);
    case LIPS_L_MAX: return max2(e, x, y);
    default: return NULL; /* (*) is not linear */
    }
}

/* ---- one transformer per function ---- */

typedef void (*transformer)(lips_enc *e, int lambda, const lips_absval *a, const lips_absval *b,
                            const lips_absval *o);

static void t_head(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    ADD(ge(e, a->len, N(e, 1)));
    ADD(eq(e, o->x, a->hd));
}

static void t_last(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    ADD(ge(e, a->len, N(e, 1)));
    ADD(eq(e, o->x, a->lt));
}

static void t_minimum(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    ADD(ge(e, a->len, N(e, 1)));
    ADD(eq(e, o->x, a->mn));
}

static void t_maximum(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    ADD(ge(e, a->len, N(e, 1)));
    ADD(eq(e, o->x, a->mx));
}

static void t_sum(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    ADD(eq(e, o->x, a->sm));
}

static void t_reverse(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    ADD(eq(e, o->len, a->len));
    ADD(eq(e, o->mn, a->mn));
    ADD(eq(e, o->mx, a->mx));
    ADD(eq(e, o->hd, a->lt));
    ADD(eq(e, o->lt, a->hd));
    ADD(eq(e, o->sm, a->sm));
}

static void t_sort(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    ADD(eq(e, o->len, a->len));
    ADD(eq(e, o->mn, a->mn));
    ADD(eq(e, o->mx, a->mx));
    ADD(eq(e, o->hd, a->mn));
    ADD(eq(e, o->lt, a->mx));
    ADD(eq(e, o->sm, a->sm));
}

/* A sublist keeps its elements within the list's bounds. */
static void sub_bounds(lips_enc *e, const lips_absval *xs, const lips_absval *o) {
    WHEN(gt(e, o->len, N(e, 0)), {
        ADD(ge(e, o->mn, xs->mn));
        ADD(le(e, o->mx, xs->mx));
    });
}

/* TAKE and DROP clamp the count to [0, len]. */
static Z3_ast clamp_count(lips_enc *e, Z3_ast n, Z3_ast len) {
    return ite(e, lt(e, n, N(e, 0)), N(e, 0), ite(e, gt(e, n, len), len, n));
}

static void t_take(lips_enc *e, int l, const lips_absval *n, const lips_absval *xs, const lips_absval *o) {
    Z3_ast k = clamp_count(e, n->x, xs->len);
    ADD(eq(e, o->len, k));
    sub_bounds(e, xs, o);
    WHEN(gt(e, k, N(e, 0)), ADD(eq(e, o->hd, xs->hd)));
    WHEN(eq(e, k, xs->len), same_list(e, xs, o));
}

static void t_drop(lips_enc *e, int l, const lips_absval *n, const lips_absval *xs, const lips_absval *o) {
    Z3_ast k = clamp_count(e, n->x, xs->len);
    ADD(eq(e, o->len, sub(e, xs->len, k)));
    sub_bounds(e, xs, o);
    WHEN(gt(e, o->len, N(e, 0)), ADD(eq(e, o->lt, xs->lt)));
    WHEN(eq(e, k, N(e, 0)), same_list(e, xs, o));
}

static void t_access(lips_enc *e, int l, const lips_absval *n, const lips_absval *xs, const lips_absval *o) {
    ADD(ge(e, n->x, N(e, 0)));
    ADD(lt(e, n->x, xs->len));
    ADD(ge(e, o->x, xs->mn));
    ADD(le(e, o->x, xs->mx));
    WHEN(eq(e, n->x, N(e, 0)), ADD(eq(e, o->x, xs->hd)));
    WHEN(eq(e, n->x, sub(e, xs->len, N(e, 1))), ADD(eq(e, o->x, xs->lt)));
}

static void t_map(lips_enc *e, int lambda, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    const lips_lambda_info *f = &lips_lambdas[lambda];
    ADD(eq(e, o->len, a->len));
    if (f->mul == 0) {
        /* x*x is not linear: in range only for |x| <= 15, where x*x >= |x| */
        WHEN(gt(e, a->len, N(e, 0)), {
            ADD(ge(e, a->mn, N(e, -15)));
            ADD(le(e, a->mx, N(e, 15)));
            ADD(ge(e, o->mn, N(e, 0)));
            ADD(ge(e, o->hd, a->hd));
            ADD(ge(e, o->hd, neg(e, a->hd)));
            ADD(ge(e, o->lt, a->lt));
            ADD(ge(e, o->lt, neg(e, a->lt)));
            ADD(ge(e, o->mx, a->mx));
            ADD(ge(e, o->mx, neg(e, a->mn)));
        });
        return;
    }
    WHEN(gt(e, a->len, N(e, 0)), {
        ADD(eq(e, o->hd, map_term(e, f, a->hd)));
        ADD(eq(e, o->lt, map_term(e, f, a->lt)));
        /* monotone: non-decreasing for mul > 0, non-increasing for mul < 0 */
        ADD(eq(e, o->mn, map_term(e, f, f->mul > 0 ? a->mn : a->mx)));
        ADD(eq(e, o->mx, map_term(e, f, f->mul > 0 ? a->mx : a->mn)));
    });
    if (f->div == 1) {
        Z3_ast s = mulc(e, f->mul, a->sm);
        ADD(eq(e, o->sm, f->add ? add(e, s, mulc(e, f->add, a->len)) : s));
    }
}

static Z3_ast pred_true(lips_enc *e, int lambda, Z3_ast x) {
    switch (lambda) {
    case LIPS_L_POS: return gt(e, x, N(e, 0));
    case LIPS_L_NEGP: return lt(e, x, N(e, 0));
    case LIPS_L_EVEN: return eq(e, parity(e, x), N(e, 0));
    default: return eq(e, parity(e, x), N(e, 1));
    }
}

/* Facts shared by FILTER and COUNT: `kept` elements satisfy the predicate. */
static void pred_facts(lips_enc *e, int lambda, const lips_absval *a, Z3_ast kept) {
    ADD(ge(e, kept, N(e, 0)));
    ADD(le(e, kept, a->len));
    Z3_ast nonempty = gt(e, a->len, N(e, 0));
    /* the first or last element satisfying p means at least one is kept */
    ADD(implies(e, and2(e, nonempty, pred_true(e, lambda, a->hd)), ge(e, kept, N(e, 1))));
    ADD(implies(e, and2(e, nonempty, pred_true(e, lambda, a->lt)), ge(e, kept, N(e, 1))));
    if (lambda == LIPS_L_POS) {
        ADD(implies(e, gt(e, a->mn, N(e, 0)), eq(e, kept, a->len)));
        ADD(implies(e, le(e, a->mx, N(e, 0)), eq(e, kept, N(e, 0))));
        ADD(implies(e, and2(e, nonempty, gt(e, a->mx, N(e, 0))), ge(e, kept, N(e, 1))));
    } else if (lambda == LIPS_L_NEGP) {
        ADD(implies(e, lt(e, a->mx, N(e, 0)), eq(e, kept, a->len)));
        ADD(implies(e, ge(e, a->mn, N(e, 0)), eq(e, kept, N(e, 0))));
        ADD(implies(e, and2(e, nonempty, lt(e, a->mn, N(e, 0))), ge(e, kept, N(e, 1))));
    }
}

static void t_filter(lips_enc *e, int lambda, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    pred_facts(e, lambda, a, o->len);
    sub_bounds(e, a, o);
    WHEN(gt(e, o->len, N(e, 0)), {
        ADD(pred_true(e, lambda, o->hd));
        ADD(pred_true(e, lambda, o->lt));
        ADD(pred_true(e, lambda, o->mn));
        ADD(pred_true(e, lambda, o->mx));
    });
    WHEN(eq(e, o->len, a->len), same_list(e, a, o));
}

static void t_count(lips_enc *e, int lambda, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    pred_facts(e, lambda, a, o->x);
}

static void t_zipwith(lips_enc *e, int lambda, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    ADD(eq(e, o->len, min2(e, a->len, b->len)));
    Z3_ast nonempty = gt(e, o->len, N(e, 0));
    Z3_ast hd = binop_term(e, lambda, a->hd, b->hd);
    if (!hd) return;
    WHEN(nonempty, {
        ADD(eq(e, o->hd, hd));
        switch (lambda) {
        case LIPS_L_PLUS:
            ADD(ge(e, o->mn, add(e, a->mn, b->mn)));
            ADD(le(e, o->mx, add(e, a->mx, b->mx)));
            break;
        case LIPS_L_MINUS:
            ADD(ge(e, o->mn, sub(e, a->mn, b->mx)));
            ADD(le(e, o->mx, sub(e, a->mx, b->mn)));
            break;
        case LIPS_L_MIN:
            ADD(ge(e, o->mn, min2(e, a->mn, b->mn)));
            ADD(le(e, o->mx, min2(e, a->mx, b->mx)));
            break;
        default:
            ADD(ge(e, o->mn, max2(e, a->mn, b->mn)));
            ADD(le(e, o->mx, max2(e, a->mx, b->mx)));
            break;
        }
    });
    WHEN(and2(e, nonempty, eq(e, a->len, b->len)), {
        ADD(eq(e, o->lt, binop_term(e, lambda, a->lt, b->lt)));
        if (lambda == LIPS_L_PLUS) ADD(eq(e, o->sm, add(e, a->sm, b->sm)));
        if (lambda == LIPS_L_MINUS) ADD(eq(e, o->sm, sub(e, a->sm, b->sm)));
    });
}

static void t_scanl1(lips_enc *e, int lambda, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    ADD(eq(e, o->len, a->len));
    WHEN(gt(e, a->len, N(e, 0)), {
        ADD(eq(e, o->hd, a->hd));
        switch (lambda) {
        case LIPS_L_PLUS: ADD(eq(e, o->lt, a->sm)); break;
        case LIPS_L_MIN:
            ADD(eq(e, o->mn, a->mn));
            ADD(eq(e, o->lt, a->mn));
            ADD(eq(e, o->mx, a->hd));
            break;
        case LIPS_L_MAX:
            ADD(eq(e, o->mx, a->mx));
            ADD(eq(e, o->lt, a->mx));
            ADD(eq(e, o->mn, a->hd));
            break;
        default: break;
        }
    });
}

static const transformer transformers[LIPS_N_FNS] = {
    [LIPS_FN_HEAD] = t_head,       [LIPS_FN_LAST] = t_last,       [LIPS_FN_MINIMUM] = t_minimum,
    [LIPS_FN_MAXIMUM] = t_maximum, [LIPS_FN_SUM] = t_sum,         [LIPS_FN_REVERSE] = t_reverse,
    [LIPS_FN_SORT] = t_sort,       [LIPS_FN_TAKE] = t_take,       [LIPS_FN_DROP] = t_drop,
    [LIPS_FN_ACCESS] = t_access,   [LIPS_FN_MAP] = t_map,         [LIPS_FN_FILTER] = t_filter,
    [LIPS_FN_COUNT] = t_count,     [LIPS_FN_ZIPWITH] = t_zipwith, [LIPS_FN_SCANL1] = t_scanl1,
};

void lips_enc_transform(lips_enc *e, int inst, const lips_absval *a, const lips_absval *b,
                        const lips_absval *o) {
    const lips_instance *in = &lips_instances[inst];
    transformers[in->fn](e, in->lambda, a, b, o);
}
