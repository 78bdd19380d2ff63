/* The DSL table. Every fact about a function instance lives in one row of
 * lips_instances; kernels are generated per lambda so the hot path has no
 * switch on the lambda. */
#include "lips/dsl.h"

#include <string.h>

#define INT LIPS_T_INT
#define LIST LIPS_T_LIST

const lips_fn_info lips_fns[LIPS_N_FNS] = {
    [LIPS_FN_HEAD] = {"HEAD", 1, {LIST}, INT, 0, 0},
    [LIPS_FN_LAST] = {"LAST", 1, {LIST}, INT, 0, 0},
    [LIPS_FN_MINIMUM] = {"MINIMUM", 1, {LIST}, INT, 0, 0},
    [LIPS_FN_MAXIMUM] = {"MAXIMUM", 1, {LIST}, INT, 0, 0},
    [LIPS_FN_SUM] = {"SUM", 1, {LIST}, INT, 0, 0},
    [LIPS_FN_REVERSE] = {"REVERSE", 1, {LIST}, LIST, 0, 0},
    [LIPS_FN_SORT] = {"SORT", 1, {LIST}, LIST, 0, 0},
    [LIPS_FN_TAKE] = {"TAKE", 2, {INT, LIST}, LIST, 0, 0},
    [LIPS_FN_DROP] = {"DROP", 2, {INT, LIST}, LIST, 0, 0},
    [LIPS_FN_ACCESS] = {"ACCESS", 2, {INT, LIST}, INT, 0, 0},
    [LIPS_FN_MAP] = {"MAP", 1, {LIST}, LIST, 1, LIPS_LK_MAP},
    [LIPS_FN_FILTER] = {"FILTER", 1, {LIST}, LIST, 1, LIPS_LK_PRED},
    [LIPS_FN_COUNT] = {"COUNT", 1, {LIST}, INT, 1, LIPS_LK_PRED},
    [LIPS_FN_ZIPWITH] = {"ZIPWITH", 2, {LIST, LIST}, LIST, 1, LIPS_LK_BINOP},
    [LIPS_FN_SCANL1] = {"SCANL1", 1, {LIST}, LIST, 1, LIPS_LK_BINOP},
};

const lips_lambda_info lips_lambdas[LIPS_N_LAMBDAS] = {
    [LIPS_L_ADD1] = {"(+1)", "INC", LIPS_LK_MAP, 1, 1, 1},
    [LIPS_L_SUB1] = {"(-1)", "DEC", LIPS_LK_MAP, 1, 1, -1},
    [LIPS_L_MUL2] = {"(*2)", "SHL", LIPS_LK_MAP, 2, 1, 0},
    [LIPS_L_DIV2] = {"(/2)", "SHR", LIPS_LK_MAP, 1, 2, 0},
    [LIPS_L_NEG] = {"(*(-1))", "doNEG", LIPS_LK_MAP, -1, 1, 0},
    [LIPS_L_SQR] = {"(**2)", "SQR", LIPS_LK_MAP, 0, 1, 0},
    [LIPS_L_MUL3] = {"(*3)", "MUL3", LIPS_LK_MAP, 3, 1, 0},
    [LIPS_L_DIV3] = {"(/3)", "DIV3", LIPS_LK_MAP, 1, 3, 0},
    [LIPS_L_MUL4] = {"(*4)", "MUL4", LIPS_LK_MAP, 4, 1, 0},
    [LIPS_L_DIV4] = {"(/4)", "DIV4", LIPS_LK_MAP, 1, 4, 0},
    [LIPS_L_POS] = {"(>0)", "isPOS", LIPS_LK_PRED, 0, 0, 0},
    [LIPS_L_NEGP] = {"(<0)", "isNEG", LIPS_LK_PRED, 0, 0, 0},
    [LIPS_L_EVEN] = {"(%2==0)", "isEVEN", LIPS_LK_PRED, 0, 0, 0},
    [LIPS_L_ODD] = {"(%2==1)", "isODD", LIPS_LK_PRED, 0, 0, 0},
    [LIPS_L_PLUS] = {"(+)", "+", LIPS_LK_BINOP, 0, 0, 0},
    [LIPS_L_MINUS] = {"(-)", "-", LIPS_LK_BINOP, 0, 0, 0},
    [LIPS_L_TIMES] = {"(*)", "*", LIPS_LK_BINOP, 0, 0, 0},
    [LIPS_L_MIN] = {"MIN", "min", LIPS_LK_BINOP, 0, 0, 0},
    [LIPS_L_MAX] = {"MAX", "max", LIPS_LK_BINOP, 0, 0, 0},
};

static inline int in_range(int x) { return x >= LIPS_INT_MIN && x <= LIPS_INT_MAX; }

static inline void set_int(lips_value *out, int x) {
    out->type = INT;
    out->len = 0;
    out->v[0] = (int16_t)x;
}

/* ---- first-order kernels ---- */

static lips_eval_status k_head(const lips_value *a, const lips_value *b, lips_value *out) {
    if (a->len == 0) return LIPS_EVAL_NULL;
    set_int(out, a->v[0]);
    return LIPS_EVAL_OK;
}

static lips_eval_status k_last(const lips_value *a, const lips_value *b, lips_value *out) {
    if (a->len == 0) return LIPS_EVAL_NULL;
    set_int(out, a->v[a->len - 1]);
    return LIPS_EVAL_OK;
}

static lips_eval_status k_minimum(const lips_value *a, const lips_value *b, lips_value *out) {
    if (a->len == 0) return LIPS_EVAL_NULL;
    int m = a->v[0];
    for (int i = 1; i < a->len; i++)
        if (a->v[i] < m) m = a->v[i];
    set_int(out, m);
    return LIPS_EVAL_OK;
}

static lips_eval_status k_maximum(const lips_value *a, const lips_value *b, lips_value *out) {
    if (a->len == 0) return LIPS_EVAL_NULL;
    int m = a->v[0];
    for (int i = 1; i < a->len; i++)
        if (a->v[i] > m) m = a->v[i];
    set_int(out, m);
    return LIPS_EVAL_OK;
}

static lips_eval_status k_sum(const lips_value *a, const lips_value *b, lips_value *out) {
    int s = 0;
    for (int i = 0; i < a->len; i++) s += a->v[i];
    if (!in_range(s)) return LIPS_EVAL_RANGE;
    set_int(out, s);
    return LIPS_EVAL_OK;
}

static lips_eval_status k_reverse(const lips_value *a, const lips_value *b, lips_value *out) {
    out->type = LIST;
    out->len = a->len;
    for (int i = 0; i < a->len; i++) out->v[i] = a->v[a->len - 1 - i];
    return LIPS_EVAL_OK;
}

/* Insertion sort: lists have at most 20 elements. */
static lips_eval_status k_sort(const lips_value *a, const lips_value *b, lips_value *out) {
    out->type = LIST;
    out->len = a->len;
    for (int i = 0; i < a->len; i++) {
        int16_t x = a->v[i];
        int j = i;
        for (; j > 0 && out->v[j - 1] > x; j--) out->v[j] = out->v[j - 1];
        out->v[j] = x;
    }
    return LIPS_EVAL_OK;
}

static inline int clamp_count(int n, int len) { return n < 0 ? 0 : n > len ? len : n; }

static lips_eval_status k_take(const lips_value *n, const lips_value *xs, lips_value *out) {
    int k = clamp_count(n->v[0], xs->len);
    out->type = LIST;
    out->len = (uint8_t)k;
    memcpy(out->v, xs->v, (size_t)k * sizeof xs->v[0]);
    return LIPS_EVAL_OK;
}

static lips_eval_status k_drop(const lips_value *n, const lips_value *xs, lips_value *out) {
    int k = clamp_count(n->v[0], xs->len);
    out->type = LIST;
    out->len = (uint8_t)(xs->len - k);
    memmove(out->v, xs->v + k, (size_t)(xs->len - k) * sizeof xs->v[0]);
    return LIPS_EVAL_OK;
}

static lips_eval_status k_access(const lips_value *n, const lips_value *xs, lips_value *out) {
    int i = n->v[0];
    if (i < 0 || i >= xs->len) return LIPS_EVAL_NULL;
    set_int(out, xs->v[i]);
    return LIPS_EVAL_OK;
}

/* ---- lambdas ---- */

#define L_ADD1(x) ((x) + 1)
#define L_SUB1(x) ((x) - 1)
#define L_MUL2(x) ((x) * 2)
#define L_DIV2(x) ((x) / 2)
#define L_NEG(x) (-(x))
#define L_SQR(x) ((x) * (x))
#define L_MUL3(x) ((x) * 3)
#define L_DIV3(x) ((x) / 3)
#define L_MUL4(x) ((x) * 4)
#define L_DIV4(x) ((x) / 4)
#define L_POS(x) ((x) > 0)
#define L_NEGP(x) ((x) < 0)
#define L_EVEN(x) ((x) % 2 == 0)
#define L_ODD(x) ((x) % 2 != 0) /* C's % is negative for odd negatives */
#define L_PLUS(x, y) ((x) + (y))
#define L_MINUS(x, y) ((x) - (y))
#define L_TIMES(x, y) ((x) * (y))
#define L_MIN(x, y) ((x) < (y) ? (x) : (y))
#define L_MAX(x, y) ((x) > (y) ? (x) : (y))

#define MAP_KERNEL(L)                                                                      \
    static lips_eval_status k_map_##L(const lips_value *a, const lips_value *b,          \
                                      lips_value *out) {                                  \
        int bad = 0;                                                                      \
        out->type = LIST;                                                                 \
        out->len = a->len;                                                                \
        for (int i = 0; i < a->len; i++) {                                                \
            int y = L_##L((int)a->v[i]);                                                  \
            bad |= !in_range(y);                                                          \
            out->v[i] = (int16_t)y;                                                       \
        }                                                                                 \
        return bad ? LIPS_EVAL_RANGE : LIPS_EVAL_OK;                                      \
    }

#define PRED_KERNELS(L)                                                                    \
    static lips_eval_status k_filter_##L(const lips_value *a, const lips_value *b,       \
                                         lips_value *out) {                               \
        int n = 0;                                                                        \
        for (int i = 0; i < a->len; i++)                                                  \
            if (L_##L((int)a->v[i])) out->v[n++] = a->v[i];                               \
        out->type = LIST;                                                                 \
        out->len = (uint8_t)n;                                                            \
        return LIPS_EVAL_OK;                                                              \
    }                                                                                     \
    static lips_eval_status k_count_##L(const lips_value *a, const lips_value *b,        \
                                        lips_value *out) {                                \
        int n = 0;                                                                        \
        for (int i = 0; i < a->len; i++) n += L_##L((int)a->v[i]);                        \
        set_int(out, n);                                                                  \
        return LIPS_EVAL_OK;                                                              \
    }

#define BINOP_KERNELS(L)                                                                   \
    static lips_eval_status k_zipwith_##L(const lips_value *a, const lips_value *b,      \
                                          lips_value *out) {                              \
        int n = a->len < b->len ? a->len : b->len, bad = 0;                               \
        out->type = LIST;                                                                 \
        out->len = (uint8_t)n;                                                            \
        for (int i = 0; i < n; i++) {                                                     \
            int y = L_##L((int)a->v[i], (int)b->v[i]);                                    \
            bad |= !in_range(y);                                                          \
            out->v[i] = (int16_t)y;                                                       \
        }                                                                                 \
        return bad ? LIPS_EVAL_RANGE : LIPS_EVAL_OK;                                      \
    }                                                                                     \
    static lips_eval_status k_scanl1_##L(const lips_value *a, const lips_value *b,       \
                                         lips_value *out) {                               \
        out->type = LIST;                                                                 \
        out->len = a->len;                                                                \
        if (a->len == 0) return LIPS_EVAL_OK;                                             \
        int acc = a->v[0];                                                                \
        out->v[0] = (int16_t)acc;                                                         \
        for (int i = 1; i < a->len; i++) {                                                \
            acc = L_##L(acc, (int)a->v[i]);                                               \
            /* a failing prefix fails the whole statement, and stopping early  */        \
            /* keeps the accumulator from overflowing int */                              \
            if (!in_range(acc)) return LIPS_EVAL_RANGE;                                   \
            out->v[i] = (int16_t)acc;                                                     \
        }                                                                                 \
        return LIPS_EVAL_OK;                                                              \
    }

MAP_KERNEL(ADD1)
MAP_KERNEL(SUB1)
MAP_KERNEL(MUL2)
MAP_KERNEL(DIV2)
MAP_KERNEL(NEG)
MAP_KERNEL(SQR)
MAP_KERNEL(MUL3)
MAP_KERNEL(DIV3)
MAP_KERNEL(MUL4)
MAP_KERNEL(DIV4)
PRED_KERNELS(POS)
PRED_KERNELS(NEGP)
PRED_KERNELS(EVEN)
PRED_KERNELS(ODD)
BINOP_KERNELS(PLUS)
BINOP_KERNELS(MINUS)
BINOP_KERNELS(TIMES)
BINOP_KERNELS(MIN)
BINOP_KERNELS(MAX)

#define FO(F, name, ar, t0, t1, rt, k) {name, LIPS_FN_##F, LIPS_NONE, ar, {t0, t1}, rt, k}
#define HO(F, L, name, ar, t0, t1, rt, k) {name, LIPS_FN_##F, LIPS_L_##L, ar, {t0, t1}, rt, k}
#define MAPI(L, lam) HO(MAP, L, "MAP " lam, 1, LIST, 0, LIST, k_map_##L)
#define FILTERI(L, lam) HO(FILTER, L, "FILTER " lam, 1, LIST, 0, LIST, k_filter_##L)
#define COUNTI(L, lam) HO(COUNT, L, "COUNT " lam, 1, LIST, 0, INT, k_count_##L)
#define ZIPI(L, lam) HO(ZIPWITH, L, "ZIPWITH " lam, 2, LIST, LIST, LIST, k_zipwith_##L)
#define SCANI(L, lam) HO(SCANL1, L, "SCANL1 " lam, 1, LIST, 0, LIST, k_scanl1_##L)

const lips_instance lips_instances[LIPS_N_INSTANCES] = {
    FO(HEAD, "HEAD", 1, LIST, 0, INT, k_head),
    FO(LAST, "LAST", 1, LIST, 0, INT, k_last),
    FO(MINIMUM, "MINIMUM", 1, LIST, 0, INT, k_minimum),
    FO(MAXIMUM, "MAXIMUM", 1, LIST, 0, INT, k_maximum),
    FO(SUM, "SUM", 1, LIST, 0, INT, k_sum),
    FO(REVERSE, "REVERSE", 1, LIST, 0, LIST, k_reverse),
    FO(SORT, "SORT", 1, LIST, 0, LIST, k_sort),
    FO(TAKE, "TAKE", 2, INT, LIST, LIST, k_take),
    FO(DROP, "DROP", 2, INT, LIST, LIST, k_drop),
    FO(ACCESS, "ACCESS", 2, INT, LIST, INT, k_access),
    MAPI(ADD1, "(+1)"),
    MAPI(SUB1, "(-1)"),
    MAPI(MUL2, "(*2)"),
    MAPI(DIV2, "(/2)"),
    MAPI(NEG, "(*(-1))"),
    MAPI(SQR, "(**2)"),
    MAPI(MUL3, "(*3)"),
    MAPI(DIV3, "(/3)"),
    MAPI(MUL4, "(*4)"),
    MAPI(DIV4, "(/4)"),
    FILTERI(POS, "(>0)"),
    FILTERI(NEGP, "(<0)"),
    FILTERI(EVEN, "(%2==0)"),
    FILTERI(ODD, "(%2==1)"),
    COUNTI(POS, "(>0)"),
    COUNTI(NEGP, "(<0)"),
    COUNTI(EVEN, "(%2==0)"),
    COUNTI(ODD, "(%2==1)"),
    ZIPI(PLUS, "(+)"),
    ZIPI(MINUS, "(-)"),
    ZIPI(TIMES, "(*)"),
    ZIPI(MIN, "MIN"),
    ZIPI(MAX, "MAX"),
    SCANI(PLUS, "(+)"),
    SCANI(MINUS, "(-)"),
    SCANI(TIMES, "(*)"),
    SCANI(MIN, "MIN"),
    SCANI(MAX, "MAX"),
};

/* Row of the first instance of each function, and the first lambda of each
 * kind: the table lists a higher-order function's instances in lambda order,
 * which test_dsl checks row by row. */
static const int8_t fn_first_row[LIPS_N_FNS] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 24, 28, 33};
static const int8_t kind_first_lambda[] = {
    [LIPS_LK_MAP] = LIPS_L_ADD1, [LIPS_LK_PRED] = LIPS_L_POS, [LIPS_LK_BINOP] = LIPS_L_PLUS};

int lips_instance_find(int fn, int lambda) {
    if (fn < 0 || fn >= LIPS_N_FNS) return -1;
    const lips_fn_info *f = &lips_fns[fn];
    if (!f->is_higher) return lambda == LIPS_NONE ? fn_first_row[fn] : -1;
    if (lambda < 0 || lambda >= LIPS_N_LAMBDAS || lips_lambdas[lambda].kind != f->lambda_kind)
        return -1;
    return fn_first_row[fn] + lambda - kind_first_lambda[f->lambda_kind];
}

const char *lips_attr_name(int attr) {
    if (attr < 0 || attr >= LIPS_N_ATTRS) return "?";
    return attr < LIPS_N_FNS ? lips_fns[attr].name : lips_lambdas[attr - LIPS_N_FNS].name;
}

lips_eval_status lips_instance_eval(int inst, const lips_value *a, const lips_value *b,
                                    lips_value *out) {
    return lips_instances[inst].eval(a, b, out);
}
