/* DSL values: an int or a list of at most 20 ints. A problem's inputs and
 * outputs are in [-256, 255]; the values a program computes in between are
 * too in strict semantics, and in DeepCoder semantics are 32-bit ints whose
 * arithmetic wraps around, as Java's and C++'s int. */
#ifndef LIPS_VALUE_H
#define LIPS_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "lips/error.h"

#define LIPS_INT_MIN (-256)
#define LIPS_INT_MAX 255
#define LIPS_MAX_LEN 20
/* The range of intermediate values in DeepCoder semantics (docs/dsl.md,
 * "Semantics", says why 32 bits). */
#define LIPS_WIDE_MIN INT32_MIN
#define LIPS_WIDE_MAX INT32_MAX

typedef enum { LIPS_T_INT = 0, LIPS_T_LIST = 1, LIPS_T_UNKNOWN = 2 } lips_type;

/* How programs run (docs/dsl.md, "Semantics"). STRICT: every value a
 * program computes is in [-256, 255]. DEEPCODER, as DeepCoder's own
 * generator: a problem's inputs and outputs are in [-256, 255], the values
 * in between are not bounded by it. */
typedef enum { LIPS_SEM_STRICT = 0, LIPS_SEM_DEEPCODER = 1, LIPS_N_SEMANTICS } lips_semantics;

/* "strict" / "deepcoder" */
const char *lips_semantics_name(lips_semantics s);
/* The semantics named name, or -1. */
int lips_semantics_find(const char *name);

/* The range of the values a program computes under semantics s: [-256, 255]
 * in strict semantics, [LIPS_WIDE_MIN, LIPS_WIDE_MAX] in DeepCoder's. */
static inline int32_t lips_semantics_min(lips_semantics s) {
    return s == LIPS_SEM_STRICT ? LIPS_INT_MIN : LIPS_WIDE_MIN;
}
static inline int32_t lips_semantics_max(lips_semantics s) {
    return s == LIPS_SEM_STRICT ? LIPS_INT_MAX : LIPS_WIDE_MAX;
}

/* Fixed size and allocation-free: values live in arrays and are copied by
 * assignment. An int is stored in v[0] with len 0. Elements are 32-bit so
 * that DeepCoder semantics' intermediates fit. */
typedef struct lips_value {
    uint8_t type; /* lips_type */
    uint8_t len;  /* list length, 0..LIPS_MAX_LEN */
    int32_t v[LIPS_MAX_LEN];
} lips_value;

static inline lips_value lips_value_int(int x) {
    lips_value r = {LIPS_T_INT, 0, {0}};
    r.v[0] = (int32_t)x;
    return r;
}

/* Builds a list; the caller guarantees n <= LIPS_MAX_LEN. */
lips_value lips_value_list(const int *xs, int n);

int lips_value_equal(const lips_value *a, const lips_value *b);
/* Is every int of v within [lo, hi]? */
int lips_value_within(const lips_value *v, int32_t lo, int32_t hi);
/* A value's hash. Values within [-32768, 32767] hash as they did when
 * elements were 16 bits (datasets' fingerprints depend on it). */
uint64_t lips_value_hash(const lips_value *v, uint64_t seed);

/* "int" / "[int]" */
const char *lips_type_name(lips_type t);

/* Room for the longest canonical text of a value, with its NUL: twenty
 * elements of "-2147483648" (DeepCoder semantics' intermediates). */
#define LIPS_VALUE_TEXT_MAX 261

/* Canonical text: "-3" or "[3, 4, -9]". Returns the length written (like snprintf). */
int lips_value_print(const lips_value *v, char *buf, size_t n);

/* Parses one value from text at *pos (skipping blanks), advancing *pos. line/col
 * of text[0] and file are used for the error position. Rejects ints outside
 * [-256, 255] and lists longer than 20. */
lips_status lips_value_parse(const char *text, size_t *pos, const char *file, int line, int col,
                             lips_value *out, lips_error *err);

#endif
