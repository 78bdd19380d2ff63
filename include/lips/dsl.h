/* The DeepCoder DSL: 15 functions, 19 lambdas, 38 function instances. */
#ifndef LIPS_DSL_H
#define LIPS_DSL_H

#include <stdint.h>

#include "lips/value.h"

/* The DSL is written once, in the tables below: a row per function and a row
 * per lambda. Every row is expanded as X(ctx..., columns) where ctx is what
 * the expander passes after X. The enums, lips_fns, lips_lambdas, the 38
 * instances and their kernels (src/dsl.c), the backward bounds rules
 * (src/bounds.c) and the SMT transformers (smt/encode.c) are all expanded
 * from them. The instances are each first-order function, then each
 * higher-order function with each lambda of its kind, in table order; their
 * ids are the network's output index, which the shipped models depend on. */

/* Functions, in attribute-vector order (bits 0..14):
 * X(ctx..., ID, stem, first argument type, second argument type or NONE,
 *   result type, kind of lambda taken or NONE, bounds rule).
 * The stem names the kernel (k_<stem>, or k_<stem>_<LAMBDA> for each lambda,
 * in src/dsl.c) and the transformer (t_<stem> in smt/encode.c); the bounds
 * rule is r_<rule> in src/bounds.c. */
#define LIPS_FUNCTIONS(X, ...)                                              \
    X(__VA_ARGS__, HEAD, head, LIST, NONE, INT, NONE, element)              \
    X(__VA_ARGS__, LAST, last, LIST, NONE, INT, NONE, element)              \
    X(__VA_ARGS__, MINIMUM, minimum, LIST, NONE, INT, NONE, element)        \
    X(__VA_ARGS__, MAXIMUM, maximum, LIST, NONE, INT, NONE, element)        \
    X(__VA_ARGS__, SUM, sum, LIST, NONE, INT, NONE, sum)                    \
    X(__VA_ARGS__, REVERSE, reverse, LIST, NONE, LIST, NONE, same)          \
    X(__VA_ARGS__, SORT, sort, LIST, NONE, LIST, NONE, same)                \
    X(__VA_ARGS__, TAKE, take, INT, LIST, LIST, NONE, take_drop)            \
    X(__VA_ARGS__, DROP, drop, INT, LIST, LIST, NONE, take_drop)            \
    X(__VA_ARGS__, ACCESS, access, INT, LIST, INT, NONE, access)            \
    X(__VA_ARGS__, MAP, map, LIST, NONE, LIST, MAP, map)                    \
    X(__VA_ARGS__, FILTER, filter, LIST, NONE, LIST, PRED, same)            \
    X(__VA_ARGS__, COUNT, count, LIST, NONE, INT, PRED, count)              \
    X(__VA_ARGS__, ZIPWITH, zipwith, LIST, LIST, LIST, BINOP, zipwith)      \
    X(__VA_ARGS__, SCANL1, scanl1, LIST, NONE, LIST, BINOP, scanl1)

/* Lambdas, in attribute-vector order (bits 15..33), by kind, with what they
 * compute as data so that kernels, transformers and bounds rules all read
 * the same numbers. Columns: ID, canonical name, the DeepCoder utilities'
 * name (accepted by the parser), then
 *   int -> int:  mul, div, add: x -> x * mul / div + add (C's truncating
 *                division; mul 0 means x * x);
 *   int -> bool: sign, parity: sign * x > 0, or when sign is 0, x mod 2 ==
 *                parity;
 *   int, int -> int: its value, a C expression of x and y; whether it
 *                grows with y (it grows with x; TIMES does neither: 0); the
 *                sign with which sums carry over (g(a, b) summed over
 *                positions is sum a + sign * sum b; 0: they do not); and
 *                what SCANL1 keeps of its list (the stem of its transformer
 *                case in smt/encode.c). The Z3 term of the value is g_<ID>
 *                in smt/encode.c. */
#define LIPS_MAP_LAMBDAS(X, ...)                           \
    X(__VA_ARGS__, ADD1, "(+1)", "INC", 1, 1, 1)           \
    X(__VA_ARGS__, SUB1, "(-1)", "DEC", 1, 1, -1)          \
    X(__VA_ARGS__, MUL2, "(*2)", "SHL", 2, 1, 0)           \
    X(__VA_ARGS__, DIV2, "(/2)", "SHR", 1, 2, 0)           \
    X(__VA_ARGS__, NEG, "(*(-1))", "doNEG", -1, 1, 0)      \
    X(__VA_ARGS__, SQR, "(**2)", "SQR", 0, 1, 0)           \
    X(__VA_ARGS__, MUL3, "(*3)", "MUL3", 3, 1, 0)          \
    X(__VA_ARGS__, DIV3, "(/3)", "DIV3", 1, 3, 0)          \
    X(__VA_ARGS__, MUL4, "(*4)", "MUL4", 4, 1, 0)          \
    X(__VA_ARGS__, DIV4, "(/4)", "DIV4", 1, 4, 0)
#define LIPS_PRED_LAMBDAS(X, ...)                          \
    X(__VA_ARGS__, POS, "(>0)", "isPOS", 1, 0)             \
    X(__VA_ARGS__, NEGP, "(<0)", "isNEG", -1, 0)           \
    X(__VA_ARGS__, EVEN, "(%2==0)", "isEVEN", 0, 0)        \
    X(__VA_ARGS__, ODD, "(%2==1)", "isODD", 0, 1)
#define LIPS_BINOP_LAMBDAS(X, ...)                                          \
    X(__VA_ARGS__, PLUS, "(+)", "+", x + y, 1, 1, SUM)                      \
    X(__VA_ARGS__, MINUS, "(-)", "-", x - y, 0, -1, DIFF)                   \
    X(__VA_ARGS__, TIMES, "(*)", "*", x * y, 0, 0, PRODUCT)                 \
    X(__VA_ARGS__, MIN, "MIN", "min", x < y ? x : y, 1, 0, RUNNING_MIN)     \
    X(__VA_ARGS__, MAX, "MAX", "max", x > y ? x : y, 1, 0, RUNNING_MAX)

#define LIPS_FN_ENUM_(ctx, F, ...) LIPS_FN_##F,
#define LIPS_L_ENUM_(ctx, L, ...) LIPS_L_##L,
typedef enum { LIPS_FUNCTIONS(LIPS_FN_ENUM_, ~) LIPS_N_FNS } lips_fn;
typedef enum {
    LIPS_MAP_LAMBDAS(LIPS_L_ENUM_, ~) LIPS_PRED_LAMBDAS(LIPS_L_ENUM_, ~)
    LIPS_BINOP_LAMBDAS(LIPS_L_ENUM_, ~) LIPS_N_LAMBDAS
} lips_lambda;
#undef LIPS_FN_ENUM_
#undef LIPS_L_ENUM_

#define LIPS_N_ATTRS (LIPS_N_FNS + LIPS_N_LAMBDAS) /* 34 */
#define LIPS_N_INSTANCES 38 /* as many as the tables make: src/dsl.c checks */
#define LIPS_ATTR_LAMBDA(l) (LIPS_N_FNS + (l))

/* Marks in lips_stmt fields and in instance lambda slots. */
#define LIPS_HOLE (-1)
#define LIPS_NONE (-2)

/* The kinds of lambda; a first-order function's is NONE. */
typedef enum { LIPS_LK_MAP, LIPS_LK_PRED, LIPS_LK_BINOP, LIPS_LK_NONE } lips_lambda_kind;

typedef struct lips_lambda_info {
    const char *name;     /* canonical: "(+1)", "(%2==1)", "MIN" */
    const char *alias;    /* DeepCoder utilities' name: "INC", "isODD", "min" */
    uint8_t kind;         /* lips_lambda_kind */
    int8_t mul, div, add; /* LIPS_LK_MAP: x -> x*mul/div + add (mul 0 means x*x) */
    int8_t sign, parity;  /* LIPS_LK_PRED: sign*x > 0, or (sign 0) x mod 2 == parity */
} lips_lambda_info;

typedef struct lips_fn_info {
    const char *name;     /* "MAP" */
    uint8_t arity;        /* value arguments (the lambda is not counted) */
    uint8_t arg_types[2]; /* lips_type */
    uint8_t ret_type;     /* lips_type */
    uint8_t is_higher;    /* takes a lambda */
    uint8_t lambda_kind;  /* lips_lambda_kind */
} lips_fn_info;

/* Evaluation status of a statement. */
typedef enum { LIPS_EVAL_OK = 0, LIPS_EVAL_NULL = 1, LIPS_EVAL_RANGE = 2 } lips_eval_status;

/* Evaluation kernel: a and b are the arguments (b unused for arity 1). */
typedef lips_eval_status (*lips_eval_fn)(const lips_value *a, const lips_value *b, lips_value *out);

typedef struct lips_instance {
    const char *name;   /* canonical printed name: "MAP (+1)", "HEAD" */
    uint8_t fn;         /* lips_fn */
    int8_t lambda;      /* lips_lambda or LIPS_NONE */
    uint8_t arity;
    uint8_t arg_types[2];
    uint8_t ret_type;
    lips_eval_fn eval[LIPS_N_SEMANTICS]; /* the kernel, per lips_semantics */
} lips_instance;

extern const lips_fn_info lips_fns[LIPS_N_FNS];
extern const lips_lambda_info lips_lambdas[LIPS_N_LAMBDAS];
extern const lips_instance lips_instances[LIPS_N_INSTANCES];

/* Instance id of (fn, lambda) (lambda LIPS_NONE for first-order), or -1. */
int lips_instance_find(int fn, int lambda);

/* Attribute names, index 0..33: "HEAD", ..., "SCANL1", "(+1)", ..., "MAX". */
const char *lips_attr_name(int attr);

/* Runs one instance under semantics sem; reports why a failure happened
 * (LIPS_EVAL_RANGE: a value outside [-256, 255] in strict semantics;
 * DeepCoder's wraps around 32 bits and never reports it). */
lips_eval_status lips_instance_eval(int inst, lips_semantics sem, const lips_value *a, const lips_value *b,
                                    lips_value *out);

#endif
