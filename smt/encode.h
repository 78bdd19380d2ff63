/* The Z3 encoding: abstract values and the constraint transformers of the 38
 * function instances. Internal to liblips (the public entry is sketch.h). */
#ifndef LIPS_ENCODE_H
#define LIPS_ENCODE_H

#include <z3.h>

#include "lips/program.h"

/* The abstraction of one value on one example. A list is abstracted by its
 * length, and when it is not empty by its exact minimum, maximum, first and
 * last elements and its sum (all 0 for the empty list); an int by itself.
 * islist says which; a variable whose type a hole leaves open has both. */
typedef struct lips_absval {
    Z3_ast islist;
    Z3_ast x;
    Z3_ast len, mn, mx, hd, lt, sm;
} lips_absval;

/* A growing conjunction and the context it is built in. Every AST made
 * through these helpers is kept alive in `pool` (the context counts
 * references) until lips_enc_free. */
typedef struct lips_enc {
    Z3_context ctx;
    Z3_ast_vector pool;
    Z3_sort int_sort, bool_sort;
    Z3_ast *conj;
    int n_conj, cap_conj;
    int oom;
    unsigned fresh;
} lips_enc;

int lips_enc_init(lips_enc *e, Z3_context ctx);
void lips_enc_free(lips_enc *e);

/* Adds a conjunct. */
void lips_enc_add(lips_enc *e, Z3_ast a);
/* The conjunction of everything added since mark (and drops it). */
Z3_ast lips_enc_take(lips_enc *e, int mark);

Z3_ast lips_enc_num(lips_enc *e, int v);
Z3_ast lips_enc_var(lips_enc *e, const char *prefix, Z3_sort s);

/* Fresh abstract value with the invariants of its type(s) added. type is
 * LIPS_T_INT, LIPS_T_LIST or LIPS_T_UNKNOWN (both parts, islist free). */
void lips_enc_fresh(lips_enc *e, int type, lips_absval *out);
/* Adds the invariants every abstraction of v's type(s) satisfies. */
void lips_enc_invariants(lips_enc *e, const lips_absval *v);
/* The exact abstraction of a concrete value, as numerals. */
void lips_enc_const(lips_enc *e, const lips_value *v, lips_absval *out);
/* Concrete abstraction in plain integers, for tests: fields in order
 * islist, x, len, mn, mx, hd, lt, sm. */
void lips_abs_of(const lips_value *v, int out[8]);

/* Adds the constraints of instance inst mapping args a (and b) to out. The
 * table behind it holds one transformer per function; lambdas are read from
 * their data in dsl.h. */
void lips_enc_transform(lips_enc *e, int inst, const lips_absval *a, const lips_absval *b,
                        const lips_absval *out);

/* Adds "a and b are the same value" (every field present in both). */
void lips_enc_same(lips_enc *e, const lips_absval *a, const lips_absval *b);

#endif
