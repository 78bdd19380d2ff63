/* Backward bounds: which inputs keep every value of a program inside the
 * semantics' range: [-256, 255] everywhere in strict semantics; in
 * DeepCoder's, inputs and result in [-256, 255] and the values in between
 * in [-2^31, 2^31 - 1]. Each function has one rule (src/bounds.c, named by the
 * function's row in dsl.h) mapping a constraint on an instance's result to
 * constraints on its arguments; a program's input ranges come from running
 * the rules from the last statement back to the inputs. docs/datagen.md
 * lists the rules. */
#ifndef LIPS_BOUNDS_H
#define LIPS_BOUNDS_H

#include "lips/program.h"

/* A constraint on one value: an int in [lo, hi], or a list of at most maxlen
 * elements each in [lo, hi]. Empty when lo > hi. */
typedef struct lips_range {
    int64_t lo, hi; /* 64-bit so that rules compute on wide bounds exactly */
    int maxlen; /* lists only */
} lips_range;

static inline int lips_range_empty(const lips_range *r) { return r->lo > r->hi; }

/* The constraint that accepts every value in [-256, 255] with lists up to maxlen. */
lips_range lips_range_full(int maxlen);

/* Does v satisfy r? */
int lips_range_contains(const lips_range *r, const lips_value *v);

/* Rule of instance inst under semantics sem: given that its result must
 * satisfy *out, writes sufficient constraints for its arguments into
 * args[0..arity), within sem's range. Sound: arguments inside them give a
 * result inside *out or a NULL (an empty list or an index outside it),
 * never a value outside sem's range. Returns 0 when some argument's
 * constraint is empty. */
int lips_bounds_instance(int inst, lips_semantics sem, const lips_range *out, lips_range args[2]);

/* Ranges of every variable of concrete program p under semantics sem: its
 * inputs and result within [-256, 255], inputs drawing lists of at most
 * max_len elements. Returns 0 when an input's range is empty (the program
 * cannot be given examples). */
int lips_bounds_program(const lips_program *p, int max_len, lips_semantics sem, lips_range vars[LIPS_MAX_VARS]);

#endif
