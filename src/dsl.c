/* The DSL's tables, expanded from the rows in dsl.h. Kernels are generated
 * per instance, with the lambda's data as literals, so the hot path has no
 * switch on the lambda. */
#include "lips/dsl.h"

#include <string.h>

/* Types as the rows spell them; a second argument of NONE means one argument. */
#define TYPE_INT LIPS_T_INT
#define TYPE_LIST LIPS_T_LIST
#define TYPE_NONE 0
#define ARITY_INT 2
#define ARITY_LIST 2
#define ARITY_NONE 1

#define FN_INFO(ctx, F, stem, t0, t1, rt, K, rule)                                   \
    [LIPS_FN_##F] = {#F, ARITY_##t1, {TYPE_##t0, TYPE_##t1}, TYPE_##rt,              \
                     LIPS_LK_##K != LIPS_LK_NONE, LIPS_LK_##K},
const lips_fn_info lips_fns[LIPS_N_FNS] = {LIPS_FUNCTIONS(FN_INFO, ~)};

#define MAP_INFO(ctx, L, name, alias, mul, div, add) \
    [LIPS_L_##L] = {name, alias, LIPS_LK_MAP, mul, div, add, 0, 0},
#define PRED_INFO(ctx, L, name, alias, sign, parity) \
    [LIPS_L_##L] = {name, alias, LIPS_LK_PRED, 0, 0, 0, sign, parity},
#define BINOP_INFO(ctx, L, name, alias, ...) [LIPS_L_##L] = {name, alias, LIPS_LK_BINOP, 0, 0, 0, 0, 0},
const lips_lambda_info lips_lambdas[LIPS_N_LAMBDAS] = {
    LIPS_MAP_LAMBDAS(MAP_INFO, ~) LIPS_PRED_LAMBDAS(PRED_INFO, ~) LIPS_BINOP_LAMBDAS(BINOP_INFO, ~)};

/* The instances, in id order: FO(<function row>) for each first-order
 * function, HO(<function row>, <lambda row>) for each higher-order function
 * and each lambda of its kind. */
#define INSTANCES(FO, HO) LIPS_FUNCTIONS(INSTANCES_OF, FO, HO)
#define INSTANCES_OF(FO, HO, F, stem, t0, t1, rt, K, rule) \
    INSTANCES_OF_##K(FO, HO, F, stem, t0, t1, rt, K, rule)
#define INSTANCES_OF_NONE(FO, HO, ...) FO(__VA_ARGS__)
#define INSTANCES_OF_MAP(FO, HO, ...) LIPS_MAP_LAMBDAS(HO, __VA_ARGS__)
#define INSTANCES_OF_PRED(FO, HO, ...) LIPS_PRED_LAMBDAS(HO, __VA_ARGS__)
#define INSTANCES_OF_BINOP(FO, HO, ...) LIPS_BINOP_LAMBDAS(HO, __VA_ARGS__)

#define ID_FO(F, ...) I_##F,
#define ID_HO(F, stem, t0, t1, rt, K, rule, L, ...) I_##F##_##L,
enum { INSTANCES(ID_FO, ID_HO) N_INSTANCE_ROWS };
_Static_assert(N_INSTANCE_ROWS == LIPS_N_INSTANCES, "LIPS_N_INSTANCES counts the instances");

/* Every kernel is made once per semantics S: ACC_S is the type it computes
 * in, FIT_S(x) what becomes of a result x, and [LO_S, HI_S] the range it
 * must then be in. Strict arguments are within [-256, 255], so int holds any
 * product, and a result outside the range fails. DeepCoder arguments are
 * 32-bit, so one step of int64_t holds any sum of 20 or product of two, and
 * the result wraps to 32 bits as Java's and C++'s int do (docs/dsl.md,
 * "Semantics"): it is then always in range. Making a copy per semantics
 * keeps the strict hot loop as it was: no test of the semantics per
 * element. */
#define ACC_STRICT int
#define FIT_STRICT(x) (x)
#define LO_STRICT LIPS_INT_MIN
#define HI_STRICT LIPS_INT_MAX
#define ACC_DEEPCODER int64_t
#define FIT_DEEPCODER(x) wrap32(x)
#define LO_DEEPCODER LIPS_WIDE_MIN
#define HI_DEEPCODER LIPS_WIDE_MAX
#define IN_RANGE(S, x) ((x) >= LO_##S && (x) <= HI_##S)
#define SIG(name, S, a, b) static lips_eval_status name##_##S(const lips_value *a, const lips_value *b, lips_value *out)

static inline void set_int(lips_value *out, int32_t x) {
    out->type = LIPS_T_INT;
    out->len = 0;
    out->v[0] = x;
}

/* x modulo 2^32, as a two's-complement int32: through uint32_t, whose
 * arithmetic is modular, so no signed overflow happens on the way. */
static inline int64_t wrap32(int64_t x) { return (int32_t)(uint32_t)(uint64_t)x; }

static inline int clamp_count(int32_t n, int len) { return n < 0 ? 0 : n > len ? len : (int)n; }

/* ---- first-order kernels ---- */

#define FO_KERNELS(S)                                                                     \
    SIG(k_head, S, a, b) {                                                                \
        if (a->len == 0) return LIPS_EVAL_NULL;                                           \
        set_int(out, a->v[0]);                                                            \
        return LIPS_EVAL_OK;                                                              \
    }                                                                                     \
    SIG(k_last, S, a, b) {                                                                \
        if (a->len == 0) return LIPS_EVAL_NULL;                                           \
        set_int(out, a->v[a->len - 1]);                                                   \
        return LIPS_EVAL_OK;                                                              \
    }                                                                                     \
    SIG(k_minimum, S, a, b) {                                                             \
        if (a->len == 0) return LIPS_EVAL_NULL;                                           \
        int32_t m = a->v[0];                                                              \
        for (int i = 1; i < a->len; i++)                                                  \
            if (a->v[i] < m) m = a->v[i];                                                 \
        set_int(out, m);                                                                  \
        return LIPS_EVAL_OK;                                                              \
    }                                                                                     \
    SIG(k_maximum, S, a, b) {                                                             \
        if (a->len == 0) return LIPS_EVAL_NULL;                                           \
        int32_t m = a->v[0];                                                              \
        for (int i = 1; i < a->len; i++)                                                  \
            if (a->v[i] > m) m = a->v[i];                                                 \
        set_int(out, m);                                                                  \
        return LIPS_EVAL_OK;                                                              \
    }                                                                                     \
    SIG(k_sum, S, a, b) {                                                                 \
        ACC_##S s = 0;                                                                    \
        for (int i = 0; i < a->len; i++) s += a->v[i];                                    \
        s = FIT_##S(s);                                                                   \
        if (!IN_RANGE(S, s)) return LIPS_EVAL_RANGE;                                      \
        set_int(out, (int32_t)s);                                                         \
        return LIPS_EVAL_OK;                                                              \
    }                                                                                     \
    SIG(k_reverse, S, a, b) {                                                             \
        out->type = LIPS_T_LIST;                                                          \
        out->len = a->len;                                                                \
        for (int i = 0; i < a->len; i++) out->v[i] = a->v[a->len - 1 - i];                \
        return LIPS_EVAL_OK;                                                              \
    }                                                                                     \
    /* insertion sort: lists have at most 20 elements */                                 \
    SIG(k_sort, S, a, b) {                                                                \
        out->type = LIPS_T_LIST;                                                          \
        out->len = a->len;                                                                \
        for (int i = 0; i < a->len; i++) {                                                \
            int32_t x = a->v[i];                                                          \
            int j = i;                                                                    \
            for (; j > 0 && out->v[j - 1] > x; j--) out->v[j] = out->v[j - 1];            \
            out->v[j] = x;                                                                \
        }                                                                                 \
        return LIPS_EVAL_OK;                                                              \
    }                                                                                     \
    SIG(k_take, S, n, xs) {                                                               \
        int k = clamp_count(n->v[0], xs->len);                                            \
        out->type = LIPS_T_LIST;                                                          \
        out->len = (uint8_t)k;                                                            \
        memcpy(out->v, xs->v, (size_t)k * sizeof xs->v[0]);                               \
        return LIPS_EVAL_OK;                                                              \
    }                                                                                     \
    SIG(k_drop, S, n, xs) {                                                               \
        int k = clamp_count(n->v[0], xs->len);                                            \
        out->type = LIPS_T_LIST;                                                          \
        out->len = (uint8_t)(xs->len - k);                                                \
        memmove(out->v, xs->v + k, (size_t)(xs->len - k) * sizeof xs->v[0]);              \
        return LIPS_EVAL_OK;                                                              \
    }                                                                                     \
    SIG(k_access, S, n, xs) {                                                             \
        int32_t i = n->v[0];                                                              \
        if (i < 0 || i >= xs->len) return LIPS_EVAL_NULL;                                 \
        set_int(out, xs->v[i]);                                                           \
        return LIPS_EVAL_OK;                                                              \
    }
FO_KERNELS(STRICT)
FO_KERNELS(DEEPCODER)

/* ---- higher-order kernels: k_<stem>_<LAMBDA>_<S>, from the lambda's data ---- */

#define MAP_APPLY(x, mul, div, add) ((mul) == 0 ? (x) * (x) : (x) * (mul) / (div) + (add))
/* C's % is negative for odd negatives, so parity is tested as x % 2 != 0 */
#define PRED_APPLY(x, sign, parity) ((sign) != 0 ? (sign) * (x) > 0 : ((x) % 2 != 0) == (parity))

#define KERNEL_map(S, L, mul, div, add)                                                   \
    SIG(k_map_##L, S, a, b) {                                                             \
        int bad = 0;                                                                      \
        out->type = LIPS_T_LIST;                                                          \
        out->len = a->len;                                                                \
        for (int i = 0; i < a->len; i++) {                                                \
            ACC_##S y = FIT_##S(MAP_APPLY((ACC_##S)a->v[i], mul, div, add));              \
            bad |= !IN_RANGE(S, y);                                                       \
            out->v[i] = (int32_t)y;                                                       \
        }                                                                                 \
        return bad ? LIPS_EVAL_RANGE : LIPS_EVAL_OK;                                      \
    }

#define KERNEL_filter(S, L, sign, parity)                                                 \
    SIG(k_filter_##L, S, a, b) {                                                          \
        int n = 0;                                                                        \
        for (int i = 0; i < a->len; i++)                                                  \
            if (PRED_APPLY((ACC_##S)a->v[i], sign, parity)) out->v[n++] = a->v[i];        \
        out->type = LIPS_T_LIST;                                                          \
        out->len = (uint8_t)n;                                                            \
        return LIPS_EVAL_OK;                                                              \
    }

#define KERNEL_count(S, L, sign, parity)                                                  \
    SIG(k_count_##L, S, a, b) {                                                           \
        int n = 0;                                                                        \
        for (int i = 0; i < a->len; i++) n += PRED_APPLY((ACC_##S)a->v[i], sign, parity); \
        set_int(out, n);                                                                  \
        return LIPS_EVAL_OK;                                                              \
    }

#define KERNEL_zipwith(S, L, value, ...)                                                  \
    SIG(k_zipwith_##L, S, a, b) {                                                         \
        int n = a->len < b->len ? a->len : b->len, bad = 0;                               \
        out->type = LIPS_T_LIST;                                                          \
        out->len = (uint8_t)n;                                                            \
        for (int i = 0; i < n; i++) {                                                     \
            ACC_##S x = a->v[i], y = b->v[i], r = FIT_##S(value);                         \
            bad |= !IN_RANGE(S, r);                                                       \
            out->v[i] = (int32_t)r;                                                       \
        }                                                                                 \
        return bad ? LIPS_EVAL_RANGE : LIPS_EVAL_OK;                                      \
    }

#define KERNEL_scanl1(S, L, value, ...)                                                   \
    SIG(k_scanl1_##L, S, a, b) {                                                          \
        out->type = LIPS_T_LIST;                                                          \
        out->len = a->len;                                                                \
        if (a->len == 0) return LIPS_EVAL_OK;                                             \
        ACC_##S acc = a->v[0];                                                            \
        out->v[0] = (int32_t)acc;                                                         \
        for (int i = 1; i < a->len; i++) {                                                \
            ACC_##S x = acc, y = a->v[i];                                                 \
            acc = FIT_##S(value);                                                         \
            /* a failing prefix fails the whole statement (strict semantics); */         \
            /* DeepCoder's accumulator wraps, so int64_t holds its next product */        \
            if (!IN_RANGE(S, acc)) return LIPS_EVAL_RANGE;                                \
            out->v[i] = (int32_t)acc;                                                     \
        }                                                                                 \
        return LIPS_EVAL_OK;                                                              \
    }

#define NO_KERNEL(...)
#define HO_KERNEL(F, stem, t0, t1, rt, K, rule, L, name, alias, ...) \
    KERNEL_##stem(STRICT, L, __VA_ARGS__) KERNEL_##stem(DEEPCODER, L, __VA_ARGS__)
INSTANCES(NO_KERNEL, HO_KERNEL)

#define FO_ROW(F, stem, t0, t1, rt, ...)                                        \
    {#F, LIPS_FN_##F, LIPS_NONE, ARITY_##t1, {TYPE_##t0, TYPE_##t1}, TYPE_##rt, \
     {k_##stem##_STRICT, k_##stem##_DEEPCODER}},
#define HO_ROW(F, stem, t0, t1, rt, K, rule, L, name, ...)                                  \
    {#F " " name, LIPS_FN_##F, LIPS_L_##L, ARITY_##t1, {TYPE_##t0, TYPE_##t1}, TYPE_##rt, \
     {k_##stem##_##L##_STRICT, k_##stem##_##L##_DEEPCODER}},
const lips_instance lips_instances[LIPS_N_INSTANCES] = {INSTANCES(FO_ROW, HO_ROW)};

/* instance_of[fn][0] is 1 + the id of first-order fn, instance_of[fn][1 + l]
 * that of (fn, l); 0 means there is no such instance. */
#define FO_ID(F, ...) [LIPS_FN_##F][0] = 1 + I_##F,
#define HO_ID(F, stem, t0, t1, rt, K, rule, L, ...) [LIPS_FN_##F][1 + LIPS_L_##L] = 1 + I_##F##_##L,
static const int8_t instance_of[LIPS_N_FNS][1 + LIPS_N_LAMBDAS] = {INSTANCES(FO_ID, HO_ID)};

int lips_instance_find(int fn, int lambda) {
    if (fn < 0 || fn >= LIPS_N_FNS) return -1;
    if (lambda == LIPS_NONE) return instance_of[fn][0] - 1;
    if (lambda < 0 || lambda >= LIPS_N_LAMBDAS) return -1;
    return instance_of[fn][1 + lambda] - 1;
}

const char *lips_attr_name(int attr) {
    if (attr < 0 || attr >= LIPS_N_ATTRS) return "?";
    return attr < LIPS_N_FNS ? lips_fns[attr].name : lips_lambdas[attr - LIPS_N_FNS].name;
}

lips_eval_status lips_instance_eval(int inst, lips_semantics sem, const lips_value *a, const lips_value *b,
                                    lips_value *out) {
    return lips_instances[inst].eval[sem](a, b, out);
}
