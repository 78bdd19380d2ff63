/* Constraint transformers over interval abstractions, in linear integer
 * arithmetic (or bit-vectors). Each transformer must be sound: for concrete
 * arguments whose exact abstractions are a and b, and a successful result r,
 * the constraints hold with out = the exact abstraction of r
 * (tests/test_encode.c checks this on millions of random values for every
 * instance, by evaluating this code concretely). They may also exclude failing
 * arguments (HEAD of an empty list): a failing statement is never part of a
 * solution. */
#include "encode.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the encoder: terms are Z3 ASTs, or values when ctx is NULL ---- */

static lips_term V(int64_t v) { return (lips_term){NULL, v}; }

lips_term lips_enc_keep(lips_enc *e, Z3_ast a) {
    if (a) Z3_ast_vector_push(e->ctx, e->pool, a);
    return (lips_term){a, 0};
}
#define keep lips_enc_keep

void lips_enc_init(lips_enc *e, Z3_context ctx, int bv, lips_semantics sem) {
    memset(e, 0, sizeof *e);
    e->ctx = ctx;
    e->bv = bv;
    e->sem = sem;
    e->bv_width = sem == LIPS_SEM_STRICT ? LIPS_ENC_BV_WIDTH : LIPS_ENC_BV_WIDTH_WIDE;
    if (!ctx) return;
    e->pool = Z3_mk_ast_vector(ctx);
    Z3_ast_vector_inc_ref(ctx, e->pool);
    e->int_sort = bv ? Z3_mk_bv_sort(ctx, e->bv_width) : Z3_mk_int_sort(ctx);
    e->bool_sort = Z3_mk_bool_sort(ctx);
    Z3_ast_vector_push(ctx, e->pool, Z3_sort_to_ast(ctx, e->int_sort));
    Z3_ast_vector_push(ctx, e->pool, Z3_sort_to_ast(ctx, e->bool_sort));
}

void lips_enc_free(lips_enc *e) {
    if (e->ctx) Z3_ast_vector_dec_ref(e->ctx, e->pool);
    free(e->conj);
    memset(e, 0, sizeof *e);
}

void lips_enc_add(lips_enc *e, lips_term a) {
    if (e->n_conj == e->cap_conj) {
        int cap = e->cap_conj ? 2 * e->cap_conj : 256;
        lips_term *nc = realloc(e->conj, (size_t)cap * sizeof *nc);
        if (!nc) {
            e->oom = 1;
            return;
        }
        e->conj = nc;
        e->cap_conj = cap;
    }
    e->conj[e->n_conj++] = a;
}

lips_term lips_enc_take(lips_enc *e, int mark) {
    int n = e->n_conj - mark;
    e->n_conj = mark;
    if (!e->ctx) {
        int all = 1;
        for (int i = 0; i < n; i++) all &= e->conj[mark + i].v;
        return V(all);
    }
    if (n == 0) return keep(e, Z3_mk_true(e->ctx));
    if (n == 1) return e->conj[mark];
    Z3_ast *xs = malloc((size_t)n * sizeof *xs);
    if (!xs) {
        e->oom = 1;
        return keep(e, Z3_mk_true(e->ctx));
    }
    for (int i = 0; i < n; i++) xs[i] = e->conj[mark + i].z;
    lips_term r = keep(e, Z3_mk_and(e->ctx, (unsigned)n, xs));
    free(xs);
    return r;
}

lips_term lips_enc_num(lips_enc *e, int64_t v) {
    return e->ctx ? keep(e, Z3_mk_int64(e->ctx, v, e->int_sort)) : V(v);
}

lips_term lips_enc_bool(lips_enc *e, int b) {
    return e->ctx ? keep(e, b ? Z3_mk_true(e->ctx) : Z3_mk_false(e->ctx)) : V(b != 0);
}

Z3_ast lips_enc_var(lips_enc *e, const char *prefix, Z3_sort s) {
    char name[64];
    snprintf(name, sizeof name, "%s!%u", prefix, e->fresh++);
    return keep(e, Z3_mk_const(e->ctx, Z3_mk_string_symbol(e->ctx, name), s)).z;
}

/* ---- term helpers, one line per operation and backend ---- */

static lips_term zvar(lips_enc *e, const char *prefix, Z3_sort s) {
    return (lips_term){lips_enc_var(e, prefix, s), 0};
}

#define CTX e->ctx
#define BIN(name, cexpr, bvmk, intmk)                                     \
    static lips_term name(lips_enc *e, lips_term a, lips_term b) {        \
        if (!CTX) return V(cexpr);                                        \
        if (e->bv) return keep(e, bvmk(CTX, a.z, b.z));                   \
        return keep(e, intmk(CTX, a.z, b.z));                             \
    }
static Z3_ast mk_add(Z3_context c, Z3_ast a, Z3_ast b) { Z3_ast x[2] = {a, b}; return Z3_mk_add(c, 2, x); }
static Z3_ast mk_sub(Z3_context c, Z3_ast a, Z3_ast b) { Z3_ast x[2] = {a, b}; return Z3_mk_sub(c, 2, x); }
static Z3_ast mk_mul(Z3_context c, Z3_ast a, Z3_ast b) { Z3_ast x[2] = {a, b}; return Z3_mk_mul(c, 2, x); }
BIN(add, a.v + b.v, Z3_mk_bvadd, mk_add)
BIN(sub, a.v - b.v, Z3_mk_bvsub, mk_sub)
BIN(mul, a.v * b.v, Z3_mk_bvmul, mk_mul)
BIN(le, a.v <= b.v, Z3_mk_bvsle, Z3_mk_le)
BIN(lt, a.v < b.v, Z3_mk_bvslt, Z3_mk_lt)
BIN(ge, a.v >= b.v, Z3_mk_bvsge, Z3_mk_ge)
BIN(gt, a.v > b.v, Z3_mk_bvsgt, Z3_mk_gt)
BIN(eq, a.v == b.v, Z3_mk_eq, Z3_mk_eq)
BIN(implies, !a.v || b.v, Z3_mk_implies, Z3_mk_implies)
static Z3_ast mk_and2(Z3_context c, Z3_ast a, Z3_ast b) { Z3_ast x[2] = {a, b}; return Z3_mk_and(c, 2, x); }
BIN(and2, a.v && b.v, mk_and2, mk_and2)
static Z3_ast mk_or2(Z3_context c, Z3_ast a, Z3_ast b) { Z3_ast x[2] = {a, b}; return Z3_mk_or(c, 2, x); }
BIN(or2, a.v || b.v, mk_or2, mk_or2)
#undef BIN

static lips_term N(lips_enc *e, int64_t v) { return lips_enc_num(e, v); }
static lips_term mulc(lips_enc *e, int k, lips_term a) { return mul(e, N(e, k), a); }
static lips_term not_(lips_enc *e, lips_term a) { return CTX ? keep(e, Z3_mk_not(CTX, a.z)) : V(!a.v); }
static lips_term ite(lips_enc *e, lips_term c, lips_term a, lips_term b) {
    return CTX ? keep(e, Z3_mk_ite(CTX, c.z, a.z, b.z)) : c.v ? a : b;
}
static lips_term min2(lips_enc *e, lips_term a, lips_term b) { return ite(e, le(e, a, b), a, b); }
static lips_term max2(lips_enc *e, lips_term a, lips_term b) { return ite(e, ge(e, a, b), a, b); }

/* A fresh integer defined by the constraints its caller adds; evaluated
 * concretely it is the witness those constraints must accept. */
static lips_term fresh_int(lips_enc *e, int64_t witness) {
    return CTX ? zvar(e, "q", e->int_sort) : V(witness);
}

/* The value of a Z3 numeral (known inputs and outputs are numerals). */
static int numeral(lips_enc *e, lips_term x, int64_t *v) {
    if (!CTX || !Z3_is_numeral_ast(CTX, x.z)) return 0;
    if (!e->bv) return Z3_get_numeral_int64(CTX, x.z, v);
    uint64_t u;
    if (!Z3_get_numeral_uint64(CTX, x.z, &u)) return 0;
    uint64_t sign = (uint64_t)1 << (e->bv_width - 1);
    *v = (int64_t)(u ^ sign) - (int64_t)sign; /* sign-extends from the width */
    return 1;
}
#undef CTX

#define ADD(x) lips_enc_add(e, (x))
/* "if c then (everything added inside)" */
#define WHEN(c, body)                                   \
    do {                                                \
        int mark_ = e->n_conj;                          \
        body;                                           \
        lips_term then_ = lips_enc_take(e, mark_);      \
        ADD(implies(e, (c), then_));                    \
    } while (0)

/* DeepCoder semantics' arithmetic wraps to 32 bits (docs/dsl.md,
 * "Semantics"). A fact that takes an operation for exact holds there only
 * where the operands' bounds show that it cannot wrap: `safe`. can_wrap says
 * whether the operation may wrap at all; safe is built only where it is
 * needed, so that strict semantics' encoding is what it was. */
#define UNLESS_WRAPS(can_wrap, safe, body)                       \
    do {                                                         \
        if ((can_wrap) && e->sem != LIPS_SEM_STRICT) {           \
            int wrap_mark_ = e->n_conj; /* WHEN, nestable in it */ \
            body;                                                \
            lips_term wrap_then_ = lips_enc_take(e, wrap_mark_); \
            ADD(implies(e, (safe), wrap_then_));                 \
        } else {                                                 \
            body;                                                \
        }                                                        \
    } while (0)

/* Z3's div and mod add axioms for every term, selected or not, and slowed
 * checks tenfold: division and parity are defined by fresh variables and
 * linear constraints instead, added to the conjunction being built (so they
 * hold only where the instance is selected); numerals are divided at once. */

/* C's division x / d, truncated toward zero. */
static lips_term tdiv(lips_enc *e, lips_term x, int d) {
    int64_t v;
    if (numeral(e, x, &v)) return N(e, v / d);
    lips_term q = fresh_int(e, x.v / d), dq = mulc(e, d, q);
    lips_term nonneg = ge(e, x, N(e, 0));
    ADD(implies(e, nonneg, and2(e, le(e, dq, x), le(e, x, add(e, dq, N(e, d - 1))))));
    ADD(implies(e, not_(e, nonneg), and2(e, ge(e, dq, x), ge(e, x, sub(e, dq, N(e, d - 1))))));
    return q;
}

/* x mod 2, in {0, 1} for negative x too. */
static lips_term parity(lips_enc *e, lips_term x) {
    int64_t v;
    if (numeral(e, x, &v)) return N(e, (v % 2 + 2) % 2);
    int64_t p_w = (x.v % 2 + 2) % 2;
    lips_term k = fresh_int(e, (x.v - p_w) / 2), p = fresh_int(e, p_w);
    ADD(ge(e, p, N(e, 0)));
    ADD(le(e, p, N(e, 1)));
    ADD(eq(e, x, add(e, mulc(e, 2, k), p)));
    return p;
}

/* [lo, hi] within 32 bits: whatever lies between them does not wrap. */
static lips_term fits(lips_enc *e, lips_term lo, lips_term hi) {
    return and2(e, ge(e, lo, N(e, LIPS_WIDE_MIN)), le(e, hi, N(e, LIPS_WIDE_MAX)));
}

/* Every element of a within [-s, s]. */
static lips_term within(lips_enc *e, const lips_absval *a, int64_t s) {
    return and2(e, ge(e, a->mn, N(e, -s)), le(e, a->mx, N(e, s)));
}

/* The largest s with s * s within 32 bits: products of two elements within
 * [-s, s] do not wrap. */
#define SQRT_WIDE_MAX 46340

/* ---- abstract values ---- */

static void int_invariants(lips_enc *e, const lips_absval *v) {
    ADD(ge(e, v->x, N(e, lips_semantics_min(e->sem))));
    ADD(le(e, v->x, N(e, lips_semantics_max(e->sem))));
}

static void list_invariants(lips_enc *e, const lips_absval *v) {
    lips_term T = lips_enc_bool(e, 1);
    ADD(ge(e, v->len, N(e, 0)));
    ADD(le(e, v->len, N(e, LIPS_MAX_LEN)));
    WHEN(le(e, v->len, N(e, 1)), {
        ADD(eq(e, v->up, T));
        ADD(eq(e, v->dn, T));
    });
    WHEN(eq(e, v->len, N(e, 0)), {
        ADD(eq(e, v->mn, N(e, 0)));
        ADD(eq(e, v->mx, N(e, 0)));
        ADD(eq(e, v->hd, N(e, 0)));
        ADD(eq(e, v->lt, N(e, 0)));
        ADD(eq(e, v->sm, N(e, 0)));
    });
    WHEN(ge(e, v->len, N(e, 1)), {
        ADD(ge(e, v->mn, N(e, lips_semantics_min(e->sem))));
        ADD(le(e, v->mx, N(e, lips_semantics_max(e->sem))));
        ADD(le(e, v->mn, v->hd));
        ADD(le(e, v->hd, v->mx));
        ADD(le(e, v->mn, v->lt));
        ADD(le(e, v->lt, v->mx));
    });
    WHEN(eq(e, v->len, N(e, 1)), {
        ADD(eq(e, v->mn, v->mx));
        ADD(eq(e, v->sm, v->hd));
    });
    /* sorted lists start and end at their extremes; constant ones are both */
    WHEN(v->up, {
        ADD(eq(e, v->hd, v->mn));
        ADD(eq(e, v->lt, v->mx));
    });
    WHEN(v->dn, {
        ADD(eq(e, v->hd, v->mx));
        ADD(eq(e, v->lt, v->mn));
    });
    ADD(eq(e, and2(e, v->up, v->dn), eq(e, v->mn, v->mx)));
    /* Sums are tied to the other fields only for two elements: the bounds
     * k*min <= sum <= k*max need a case per length k, and those 19 cases
     * per list made checks 1.5-2.5x slower on generated length-3 tasks for
     * little pruning (docs/solver.md) */
    WHEN(eq(e, v->len, N(e, 2)), ADD(eq(e, v->sm, add(e, v->hd, v->lt))));
}

void lips_enc_invariants(lips_enc *e, const lips_absval *v) {
    if (v->has_int) int_invariants(e, v);
    if (v->has_list) list_invariants(e, v);
}

void lips_enc_fresh(lips_enc *e, int type, lips_absval *o) {
    lips_enc_fresh_alias(e, type, o);
    lips_enc_invariants(e, o);
}

void lips_enc_fresh_alias(lips_enc *e, int type, lips_absval *o) {
    memset(o, 0, sizeof *o);
    o->has_int = type != LIPS_T_LIST;
    o->has_list = type != LIPS_T_INT;
    if (type == LIPS_T_UNKNOWN) o->islist = zvar(e, "islist", e->bool_sort);
    else o->islist = lips_enc_bool(e, type == LIPS_T_LIST);
    if (o->has_int) o->x = zvar(e, "x", e->int_sort);
    if (o->has_list) {
        lips_term *f[] = {&o->len, &o->mn, &o->mx, &o->hd, &o->lt, &o->sm};
        static const char *names[] = {"len", "mn", "mx", "hd", "lt", "sm"};
        for (int i = 0; i < 6; i++) *f[i] = zvar(e, names[i], e->int_sort);
        o->up = zvar(e, "up", e->bool_sort);
        o->dn = zvar(e, "dn", e->bool_sort);
    }
}

void lips_enc_fresh_type(lips_enc *e, int type, lips_absval *o) {
    memset(o, 0, sizeof *o);
    if (type == LIPS_T_UNKNOWN) o->islist = zvar(e, "islist", e->bool_sort);
    else o->islist = lips_enc_bool(e, type == LIPS_T_LIST);
}

void lips_enc_const(lips_enc *e, const lips_value *v, lips_absval *o) {
    memset(o, 0, sizeof *o);
    o->islist = lips_enc_bool(e, v->type == LIPS_T_LIST);
    if (v->type == LIPS_T_INT) {
        o->has_int = 1;
        o->x = N(e, v->v[0]);
        return;
    }
    o->has_list = 1;
    int64_t mn = 0, mx = 0, sm = 0;
    int up = 1, dn = 1;
    for (int i = 0; i < v->len; i++) {
        mn = !i || v->v[i] < mn ? v->v[i] : mn;
        mx = !i || v->v[i] > mx ? v->v[i] : mx;
        sm += v->v[i];
        if (i) up &= v->v[i - 1] <= v->v[i], dn &= v->v[i - 1] >= v->v[i];
    }
    o->len = N(e, v->len);
    o->mn = N(e, mn);
    o->mx = N(e, mx);
    o->hd = N(e, v->len ? v->v[0] : 0);
    o->lt = N(e, v->len ? v->v[v->len - 1] : 0);
    o->sm = N(e, sm);
    o->up = lips_enc_bool(e, up);
    o->dn = lips_enc_bool(e, dn);
}

static void same_list(lips_enc *e, const lips_absval *a, const lips_absval *o) {
    ADD(eq(e, o->len, a->len));
    ADD(eq(e, o->mn, a->mn));
    ADD(eq(e, o->mx, a->mx));
    ADD(eq(e, o->hd, a->hd));
    ADD(eq(e, o->lt, a->lt));
    ADD(eq(e, o->sm, a->sm));
    ADD(eq(e, o->up, a->up));
    ADD(eq(e, o->dn, a->dn));
}

void lips_enc_same(lips_enc *e, const lips_absval *a, const lips_absval *b) {
    ADD(eq(e, a->islist, b->islist));
    if (a->has_int && b->has_int) ADD(eq(e, a->x, b->x));
    if (a->has_list && b->has_list) same_list(e, a, b);
}

/* ---- lambdas, from their data in dsl.h and, for binary ones, the table below ---- */

/* f(x) for the int -> int lambdas, when it is linear (all but SQR). */
static lips_term map_term(lips_enc *e, const lips_lambda_info *l, lips_term x) {
    lips_term y = l->div > 1 ? tdiv(e, x, l->div) : mulc(e, l->mul, x);
    return l->add ? add(e, y, N(e, l->add)) : y;
}

/* Binary operators, from their rows in dsl.h: g_<ID>, the Z3 term of the
 * value (NULL: not linear), whether it grows with its second argument, the
 * sign with which sums carry over, and what SCANL1 keeps of its list. */
typedef enum { SCAN_DIFF, SCAN_PRODUCT, SCAN_SUM, SCAN_RUNNING_MIN, SCAN_RUNNING_MAX } scan_kind;
typedef struct {
    lips_term (*g)(lips_enc *, lips_term, lips_term);
    int b_grows, sum_sign;
    scan_kind scan;
} binop_info;

#define g_PLUS add
#define g_MINUS sub
#define g_TIMES NULL
#define g_MIN min2
#define g_MAX max2
#define BINOP_ROW(ctx, L, name, alias, value, grows, sum, scan) [LIPS_L_##L] = {g_##L, grows, sum, SCAN_##scan},
static const binop_info binops[LIPS_N_LAMBDAS] = {LIPS_BINOP_LAMBDAS(BINOP_ROW, ~)};

/* p(x) for the int -> bool lambdas: sign*x > 0, or x mod 2 == parity. */
static lips_term pred_true(lips_enc *e, int lambda, lips_term x) {
    const lips_lambda_info *p = &lips_lambdas[lambda];
    if (p->sign) return gt(e, mulc(e, p->sign, x), N(e, 0));
    return eq(e, parity(e, x), N(e, p->parity));
}

/* ---- one transformer per function ---- */

static int64_t isqrt64(int64_t x) {
    int64_t s = (int64_t)sqrt((double)x);
    while (s * s > x) s--;
    while ((s + 1) * (s + 1) <= x) s++;
    return s;
}

typedef void (*transformer)(lips_enc *e, int lambda, const lips_absval *a, const lips_absval *b,
                            const lips_absval *o);

static void nonempty(lips_enc *e, const lips_absval *a) { ADD(ge(e, a->len, N(e, 1))); }

static void t_head(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    nonempty(e, a);
    ADD(eq(e, o->x, a->hd));
}

static void t_last(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    nonempty(e, a);
    ADD(eq(e, o->x, a->lt));
}

static void t_minimum(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    nonempty(e, a);
    ADD(eq(e, o->x, a->mn));
}

static void t_maximum(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    nonempty(e, a);
    ADD(eq(e, o->x, a->mx));
}

static void t_sum(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    UNLESS_WRAPS(1, fits(e, a->sm, a->sm), ADD(eq(e, o->x, a->sm)));
}

static void t_reverse(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    ADD(eq(e, o->len, a->len));
    ADD(eq(e, o->mn, a->mn));
    ADD(eq(e, o->mx, a->mx));
    ADD(eq(e, o->hd, a->lt));
    ADD(eq(e, o->lt, a->hd));
    ADD(eq(e, o->sm, a->sm));
    ADD(eq(e, o->up, a->dn));
    ADD(eq(e, o->dn, a->up));
}

static void t_sort(lips_enc *e, int l, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    ADD(eq(e, o->len, a->len));
    ADD(eq(e, o->mn, a->mn));
    ADD(eq(e, o->mx, a->mx));
    ADD(eq(e, o->up, lips_enc_bool(e, 1)));
    ADD(eq(e, o->sm, a->sm));
}

/* A sublist keeps its elements within the list's bounds, and its order. */
static void sublist(lips_enc *e, const lips_absval *xs, const lips_absval *o) {
    WHEN(gt(e, o->len, N(e, 0)), {
        ADD(ge(e, o->mn, xs->mn));
        ADD(le(e, o->mx, xs->mx));
    });
    ADD(implies(e, xs->up, o->up));
    ADD(implies(e, xs->dn, o->dn));
}

/* TAKE and DROP clamp the count to [0, len]. */
static lips_term clamp_count(lips_enc *e, lips_term n, lips_term len) {
    return ite(e, lt(e, n, N(e, 0)), N(e, 0), ite(e, gt(e, n, len), len, n));
}

static void t_take(lips_enc *e, int l, const lips_absval *n, const lips_absval *xs, const lips_absval *o) {
    lips_term k = clamp_count(e, n->x, xs->len);
    ADD(eq(e, o->len, k));
    sublist(e, xs, o);
    WHEN(gt(e, k, N(e, 0)), ADD(eq(e, o->hd, xs->hd)));
    WHEN(eq(e, k, xs->len), same_list(e, xs, o));
}

static void t_drop(lips_enc *e, int l, const lips_absval *n, const lips_absval *xs, const lips_absval *o) {
    lips_term k = clamp_count(e, n->x, xs->len);
    ADD(eq(e, o->len, sub(e, xs->len, k)));
    sublist(e, xs, o);
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

/* What (**2) keeps of a non-empty list whose squares do not wrap: x*x >= |x| */
static void square_bounds(lips_enc *e, const lips_absval *a, const lips_absval *o) {
    ADD(ge(e, o->mn, N(e, 0)));
    ADD(ge(e, o->hd, a->hd));
    ADD(ge(e, o->hd, mulc(e, -1, a->hd)));
    ADD(ge(e, o->lt, a->lt));
    ADD(ge(e, o->lt, mulc(e, -1, a->lt)));
    ADD(ge(e, o->mx, a->mx));
    ADD(ge(e, o->mx, mulc(e, -1, a->mn)));
}

/* on non-negative elements x*x grows with x, on non-positive it falls */
static void square_order(lips_enc *e, const lips_absval *a, const lips_absval *o) {
    ADD(implies(e, and2(e, ge(e, a->mn, N(e, 0)), a->up), o->up));
    ADD(implies(e, and2(e, ge(e, a->mn, N(e, 0)), a->dn), o->dn));
    ADD(implies(e, and2(e, le(e, a->mx, N(e, 0)), a->up), o->dn));
    ADD(implies(e, and2(e, le(e, a->mx, N(e, 0)), a->dn), o->up));
}

/* A linear map f keeps its list's order and bounds when no element wraps. */
static void map_linear(lips_enc *e, const lips_lambda_info *f, const lips_absval *a, const lips_absval *o) {
    /* monotone: non-decreasing for mul > 0, non-increasing for mul < 0 */
    WHEN(gt(e, a->len, N(e, 0)), {
        ADD(eq(e, o->hd, map_term(e, f, a->hd)));
        ADD(eq(e, o->lt, map_term(e, f, a->lt)));
        ADD(eq(e, o->mn, map_term(e, f, f->mul > 0 ? a->mn : a->mx)));
        ADD(eq(e, o->mx, map_term(e, f, f->mul > 0 ? a->mx : a->mn)));
    });
    lips_term up = f->mul > 0 ? a->up : a->dn, dn = f->mul > 0 ? a->dn : a->up;
    if (f->div == 1) {
        /* strictly monotone: order is kept exactly, and sums are linear */
        ADD(eq(e, o->up, up));
        ADD(eq(e, o->dn, dn));
        lips_term s = mulc(e, f->mul, a->sm);
        ADD(eq(e, o->sm, f->add ? add(e, s, mulc(e, f->add, a->len)) : s));
    } else {
        ADD(implies(e, up, o->up));
        ADD(implies(e, dn, o->dn));
    }
}

static void t_map(lips_enc *e, int lambda, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    const lips_lambda_info *f = &lips_lambdas[lambda];
    ADD(eq(e, o->len, a->len));
    if (f->mul == 0) {
        /* x*x is not linear. Strict semantics needs |x| <= 15 (else the
         * statement fails); in DeepCoder's, |x| > 46340 wraps and the facts
         * are left out */
        if (e->sem == LIPS_SEM_STRICT) {
            int64_t s = isqrt64(LIPS_INT_MAX);
            WHEN(gt(e, a->len, N(e, 0)), {
                ADD(ge(e, a->mn, N(e, -s)));
                ADD(le(e, a->mx, N(e, s)));
                square_bounds(e, a, o);
            });
            square_order(e, a, o);
        } else {
            lips_term small = within(e, a, SQRT_WIDE_MAX);
            WHEN(and2(e, small, gt(e, a->len, N(e, 0))), square_bounds(e, a, o));
            WHEN(small, square_order(e, a, o));
        }
        return;
    }
    /* f is monotone, so it maps the list into [f(mn), f(mx)] (or the
     * reverse); division never wraps */
    lips_term lo = f->mul > 0 ? a->mn : a->mx, hi = f->mul > 0 ? a->mx : a->mn;
    UNLESS_WRAPS(f->div == 1, fits(e, map_term(e, f, lo), map_term(e, f, hi)), map_linear(e, f, a, o));
}

/* Facts shared by FILTER and COUNT: `kept` elements satisfy the predicate. */
static void pred_facts(lips_enc *e, int lambda, const lips_absval *a, lips_term kept) {
    ADD(ge(e, kept, N(e, 0)));
    ADD(le(e, kept, a->len));
    lips_term some = gt(e, a->len, N(e, 0));
    /* the first or last element satisfying p means at least one is kept */
    ADD(implies(e, and2(e, some, pred_true(e, lambda, a->hd)), ge(e, kept, N(e, 1))));
    ADD(implies(e, and2(e, some, pred_true(e, lambda, a->lt)), ge(e, kept, N(e, 1))));
    int s = lips_lambdas[lambda].sign;
    if (s) {
        /* s*x > 0 holds for every element iff it holds for the least s*x */
        lips_term least = mulc(e, s, s > 0 ? a->mn : a->mx), most = mulc(e, s, s > 0 ? a->mx : a->mn);
        ADD(implies(e, gt(e, least, N(e, 0)), eq(e, kept, a->len)));
        ADD(implies(e, le(e, most, N(e, 0)), eq(e, kept, N(e, 0))));
        ADD(implies(e, and2(e, some, gt(e, most, N(e, 0))), ge(e, kept, N(e, 1))));
    }
}

static void t_filter(lips_enc *e, int lambda, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    pred_facts(e, lambda, a, o->len);
    sublist(e, a, o);
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

/* The binary operators that may wrap: (+), (-) and (*); MIN and MAX do not. */
static int arithmetic(int lambda) {
    scan_kind k = binops[lambda].scan;
    return k != SCAN_RUNNING_MIN && k != SCAN_RUNNING_MAX;
}

/* (*): the signs of the factors' bounds fix the products' signs */
static void product_signs(lips_enc *e, const lips_absval *a, const lips_absval *b, const lips_absval *o,
                          lips_term some) {
    lips_term zero = N(e, 0);
    lips_term a_nn = ge(e, a->mn, zero), a_np = le(e, a->mx, zero);
    lips_term b_nn = ge(e, b->mn, zero), b_np = le(e, b->mx, zero);
    WHEN(some, {
        ADD(implies(e, and2(e, a_nn, b_nn), ge(e, o->mn, zero)));
        ADD(implies(e, and2(e, a_np, b_np), ge(e, o->mn, zero)));
        ADD(implies(e, and2(e, a_nn, b_np), le(e, o->mx, zero)));
        ADD(implies(e, and2(e, a_np, b_nn), le(e, o->mx, zero)));
        ADD(implies(e, eq(e, ge(e, a->hd, zero), ge(e, b->hd, zero)), ge(e, o->hd, zero)));
        ADD(implies(e, eq(e, le(e, a->hd, zero), le(e, b->hd, zero)), ge(e, o->hd, zero)));
    });
}

/* g is monotone in each argument: bounds and pointwise order carry over */
static void zip_monotone(lips_enc *e, const binop_info *g, const lips_absval *a, const lips_absval *b,
                         const lips_absval *o, lips_term some, lips_term b_lo, lips_term b_hi) {
    WHEN(some, {
        ADD(eq(e, o->hd, g->g(e, a->hd, b->hd)));
        ADD(ge(e, o->mn, g->g(e, a->mn, b_lo)));
        ADD(le(e, o->mx, g->g(e, a->mx, b_hi)));
    });
    lips_term b_up = g->b_grows ? b->up : b->dn, b_dn = g->b_grows ? b->dn : b->up;
    ADD(implies(e, and2(e, a->up, b_up), o->up));
    ADD(implies(e, and2(e, a->dn, b_dn), o->dn));
    WHEN(and2(e, some, eq(e, a->len, b->len)), {
        ADD(eq(e, o->lt, g->g(e, a->lt, b->lt)));
        if (g->sum_sign) ADD(eq(e, o->sm, add(e, a->sm, mulc(e, g->sum_sign, b->sm))));
    });
}

static void t_zipwith(lips_enc *e, int lambda, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    const binop_info *g = &binops[lambda];
    ADD(eq(e, o->len, min2(e, a->len, b->len)));
    lips_term some = gt(e, o->len, N(e, 0));
    if (!g->g) {
        UNLESS_WRAPS(1, and2(e, within(e, a, SQRT_WIDE_MAX), within(e, b, SQRT_WIDE_MAX)),
                     product_signs(e, a, b, o, some));
        return;
    }
    /* every g(x, y) lies within [g(a.mn, b_lo), g(a.mx, b_hi)] */
    lips_term b_lo = g->b_grows ? b->mn : b->mx, b_hi = g->b_grows ? b->mx : b->mn;
    UNLESS_WRAPS(arithmetic(lambda), fits(e, g->g(e, a->mn, b_lo), g->g(e, a->mx, b_hi)),
                 zip_monotone(e, g, a, b, o, some, b_lo, b_hi));
}

/* A running sum or difference is within 20 times the largest |element|:
 * within 32 bits when 20 times the bounds are. */
static lips_term short_sums(lips_enc *e, const lips_absval *a) {
    return fits(e, mulc(e, LIPS_MAX_LEN, a->mn), mulc(e, LIPS_MAX_LEN, a->mx));
}

/* The running products of a list do not wrap when it has at most one
 * element, or its elements are within [-1, 1], or for a length bound L its
 * elements are within [-s, s] with s^L within 32 bits: the largest such s,
 * for the longest L that has it. */
static const struct {
    int8_t len;
    int32_t s;
} product_bounds[] = {{2, SQRT_WIDE_MAX}, {3, 1290}, {4, 215}, {5, 73}, {6, 35}, {7, 21}, {8, 14},
                      {9, 10}, {10, 8}, {11, 7}, {13, 5}, {15, 4}, {19, 3}, {20, 2}};

static lips_term short_products(lips_enc *e, const lips_absval *a) {
    lips_term safe = or2(e, le(e, a->len, N(e, 1)), within(e, a, 1));
    for (size_t i = 0; i < sizeof product_bounds / sizeof *product_bounds; i++)
        safe = or2(e, safe, and2(e, le(e, a->len, N(e, product_bounds[i].len)), within(e, a, product_bounds[i].s)));
    return safe;
}

static void t_scanl1(lips_enc *e, int lambda, const lips_absval *a, const lips_absval *b, const lips_absval *o) {
    lips_term T = lips_enc_bool(e, 1);
    ADD(eq(e, o->len, a->len));
    WHEN(gt(e, a->len, N(e, 0)), {
        ADD(eq(e, o->hd, a->hd));
        switch (binops[lambda].scan) {
        case SCAN_SUM:
            UNLESS_WRAPS(1, short_sums(e, a), {
                ADD(eq(e, o->lt, a->sm));
                /* running sums of non-negative elements never fall */
                ADD(implies(e, ge(e, a->mn, N(e, 0)), o->up));
                ADD(implies(e, le(e, a->mx, N(e, 0)), o->dn));
            });
            break;
        case SCAN_RUNNING_MIN:
            ADD(eq(e, o->mn, a->mn));
            ADD(eq(e, o->lt, a->mn));
            ADD(eq(e, o->mx, a->hd));
            ADD(eq(e, o->dn, T));
            break;
        case SCAN_RUNNING_MAX:
            ADD(eq(e, o->mx, a->mx));
            ADD(eq(e, o->lt, a->mx));
            ADD(eq(e, o->mn, a->hd));
            ADD(eq(e, o->up, T));
            break;
        case SCAN_DIFF:
            /* a0 - a1 - ... - an: the last is 2 a0 - the sum; subtracting
             * non-negative elements never rises */
            UNLESS_WRAPS(1, short_sums(e, a), {
                ADD(eq(e, o->lt, sub(e, mulc(e, 2, a->hd), a->sm)));
                ADD(implies(e, ge(e, a->mn, N(e, 0)), o->dn));
                ADD(implies(e, le(e, a->mx, N(e, 0)), o->up));
            });
            break;
        case SCAN_PRODUCT:
            /* products of non-negative elements stay non-negative, and of
             * elements >= 1 never fall */
            UNLESS_WRAPS(1, short_products(e, a), {
                ADD(implies(e, ge(e, a->mn, N(e, 0)), ge(e, o->mn, N(e, 0))));
                ADD(implies(e, ge(e, a->mn, N(e, 1)), o->up));
            });
            break;
        }
    });
}

/* t_<stem>, named by each function's row in dsl.h */
#define TRANSFORMER(ctx, F, stem, ...) [LIPS_FN_##F] = t_##stem,
static const transformer transformers[LIPS_N_FNS] = {LIPS_FUNCTIONS(TRANSFORMER, ~)};

void lips_enc_transform(lips_enc *e, int inst, const lips_absval *a, const lips_absval *b,
                        const lips_absval *o) {
    const lips_instance *in = &lips_instances[inst];
    transformers[in->fn](e, in->lambda, a, b, o);
}
