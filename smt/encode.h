/* The encoding: abstract values and the constraint transformers of the 38
 * function instances. Internal to liblips (the public entry is sketch.h).
 *
 * Every constraint is written once, against lips_term. An encoder built on a
 * Z3 context makes Z3 formulas from it; one built without evaluates the very
 * same constraints on plain integers. The soundness tests run millions of
 * random cases through the second and cross-check the first on numerals, so
 * they test the code that builds the Z3 encoding, not a copy of it. */
#ifndef LIPS_ENCODE_H
#define LIPS_ENCODE_H

#include <z3.h>

#include "lips/program.h"

/* A Z3 term (z), or a concrete value (v; Booleans are 0 or 1). */
typedef struct lips_term {
    Z3_ast z;
    int64_t v; /* wide: DeepCoder semantics' sums of 32-bit elements */
} lips_term;

/* The abstraction of one value on one example. A list is abstracted by its
 * length, and when it is not empty by its exact minimum, maximum, first and
 * last elements and its sum (all 0 for the empty list), and by whether it is
 * sorted up (non-decreasing) and down (non-increasing); an int by itself.
 * islist says which; a variable whose type a hole leaves open has both parts
 * (has_int and has_list). */
typedef struct lips_absval {
    uint8_t has_int, has_list;
    lips_term islist;
    lips_term x;
    lips_term len, mn, mx, hd, lt, sm;
    lips_term up, dn; /* Booleans */
} lips_absval;

/* Integers are Z3 Ints, or with `bv` signed bit-vectors of a width per
 * semantics: wide enough that no true intermediate term (sums of 20
 * elements, times 4) wraps, which is all soundness needs. Strict elements
 * are 9-bit: 20 bits; DeepCoder's 32-bit: 40 bits. */
#define LIPS_ENC_BV_WIDTH 20
#define LIPS_ENC_BV_WIDTH_WIDE 40

/* A growing conjunction and the context it is built in. Every AST made
 * through the encoder is kept alive in `pool` (the context counts
 * references) until lips_enc_free. */
typedef struct lips_enc {
    Z3_context ctx; /* NULL: concrete evaluation */
    int bv;
    unsigned bv_width;
    lips_semantics sem; /* the range of the values a program computes */
    Z3_ast_vector pool;
    Z3_sort int_sort, bool_sort;
    lips_term *conj;
    int n_conj, cap_conj;
    int oom;
    unsigned fresh;
} lips_enc;

/* ctx NULL makes a concrete evaluator; bv picks bit-vectors over Ints;
 * values of type int and list elements lie in sem's range (a sketch's
 * inputs and outputs are numerals within [-256, 255] anyway). */
void lips_enc_init(lips_enc *e, Z3_context ctx, int bv, lips_semantics sem);
void lips_enc_free(lips_enc *e);

/* Adds a conjunct. */
void lips_enc_add(lips_enc *e, lips_term a);
/* The conjunction of everything added since mark (and drops it). */
lips_term lips_enc_take(lips_enc *e, int mark);

lips_term lips_enc_num(lips_enc *e, int64_t v);
lips_term lips_enc_bool(lips_enc *e, int b);
/* A fresh Z3 constant (Z3 encoders only). */
Z3_ast lips_enc_var(lips_enc *e, const char *prefix, Z3_sort s);
/* Keeps a Z3 AST made outside the encoder alive, as a term. */
lips_term lips_enc_keep(lips_enc *e, Z3_ast a);

/* Fresh abstract value with the invariants of its type(s) added (Z3
 * encoders only). type is LIPS_T_INT, LIPS_T_LIST or LIPS_T_UNKNOWN. */
void lips_enc_fresh(lips_enc *e, int type, lips_absval *out);
/* The same without the invariants, for a value that is equated to one that
 * has them (a hole argument equals the variable it picks): repeating them
 * there only slows Z3 down. */
void lips_enc_fresh_alias(lips_enc *e, int type, lips_absval *out);
/* A fresh value abstracted by its type alone (islist): for statements no
 * transformer constrains, whose values the interpreter computes instead. */
void lips_enc_fresh_type(lips_enc *e, int type, lips_absval *out);
/* Adds the invariants every abstraction of v's type(s) satisfies. */
void lips_enc_invariants(lips_enc *e, const lips_absval *v);
/* The exact abstraction of a concrete value: numerals, or plain values. */
void lips_enc_const(lips_enc *e, const lips_value *v, lips_absval *out);

/* Adds the constraints of instance inst mapping args a (and b) to out: one
 * transformer per function in a table, lambdas read from their data. */
void lips_enc_transform(lips_enc *e, int inst, const lips_absval *a, const lips_absval *b,
                        const lips_absval *out);

/* Adds "a and b are the same value" (every field present in both). */
void lips_enc_same(lips_enc *e, const lips_absval *a, const lips_absval *b);

#endif
