/* The DeepCoder DSL: 15 functions, 19 lambdas, 38 function instances.
 * One table (lips_instances) drives names, types, attribute bits, evaluation
 * and printing; the SMT transformers, the data generator's backward bounds
 * and the network's output index are keyed by the same instance ids. */
#ifndef LIPS_DSL_H
#define LIPS_DSL_H

#include <stdint.h>

#include "lips/value.h"

/* Functions, in attribute-vector order (bits 0..14). */
typedef enum {
    LIPS_FN_HEAD, LIPS_FN_LAST, LIPS_FN_MINIMUM, LIPS_FN_MAXIMUM, LIPS_FN_SUM,
    LIPS_FN_REVERSE, LIPS_FN_SORT, LIPS_FN_TAKE, LIPS_FN_DROP, LIPS_FN_ACCESS,
    LIPS_FN_MAP, LIPS_FN_FILTER, LIPS_FN_COUNT, LIPS_FN_ZIPWITH, LIPS_FN_SCANL1,
    LIPS_N_FNS
} lips_fn;

/* Lambdas, in attribute-vector order (bits 15..33). */
typedef enum {
    LIPS_L_ADD1, LIPS_L_SUB1, LIPS_L_MUL2, LIPS_L_DIV2, LIPS_L_NEG, LIPS_L_SQR,
    LIPS_L_MUL3, LIPS_L_DIV3, LIPS_L_MUL4, LIPS_L_DIV4,              /* int -> int  */
    LIPS_L_POS, LIPS_L_NEGP, LIPS_L_EVEN, LIPS_L_ODD,                /* int -> bool */
    LIPS_L_PLUS, LIPS_L_MINUS, LIPS_L_TIMES, LIPS_L_MIN, LIPS_L_MAX, /* int,int -> int */
    LIPS_N_LAMBDAS
} lips_lambda;

#define LIPS_N_ATTRS (LIPS_N_FNS + LIPS_N_LAMBDAS) /* 34 */
#define LIPS_N_INSTANCES 38
#define LIPS_ATTR_LAMBDA(l) (LIPS_N_FNS + (l))

/* Marks in lips_stmt fields and in instance lambda slots. */
#define LIPS_HOLE (-1)
#define LIPS_NONE (-2)

/* What a lambda computes, as data, so interpreters, transformers and bounds
 * rules can all be driven by it: unary maps compute (x * mul) / div + add
 * (SQR is x*x, NEG is mul -1); predicates and binary ops are named by kind. */
typedef enum { LIPS_LK_MAP, LIPS_LK_PRED, LIPS_LK_BINOP } lips_lambda_kind;

typedef struct lips_lambda_info {
    const char *name;    /* canonical: "(+1)", "(%2==1)", "MIN" */
    const char *alias;   /* DeepCoder utilities' name: "INC", "isODD", "min"; or NULL */
    uint8_t kind;        /* lips_lambda_kind */
    int8_t mul, div, add; /* LIPS_LK_MAP: x -> x*mul/div + add (SQR: mul 0 means x*x) */
} lips_lambda_info;

typedef struct lips_fn_info {
    const char *name;     /* "MAP" */
    uint8_t arity;        /* value arguments (the lambda is not counted) */
    uint8_t arg_types[2]; /* lips_type */
    uint8_t ret_type;     /* lips_type */
    uint8_t is_higher;    /* takes a lambda */
    uint8_t lambda_kind;  /* lips_lambda_kind, when is_higher */
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
    lips_eval_fn eval;
} lips_instance;

extern const lips_fn_info lips_fns[LIPS_N_FNS];
extern const lips_lambda_info lips_lambdas[LIPS_N_LAMBDAS];
extern const lips_instance lips_instances[LIPS_N_INSTANCES];

/* Instance id of (fn, lambda) (lambda LIPS_NONE for first-order), or -1. */
int lips_instance_find(int fn, int lambda);

/* Attribute names, index 0..33: "HEAD", ..., "SCANL1", "(+1)", ..., "MAX". */
const char *lips_attr_name(int attr);

/* Runs one instance; reports why a failure happened. */
lips_eval_status lips_instance_eval(int inst, const lips_value *a, const lips_value *b,
                                    lips_value *out);

#endif
