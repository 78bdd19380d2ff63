/* Programs and sketches: straight-line code over the DSL, with holes.
 *
 * Variables are numbered: inputs 0..n_inputs-1, then statement i binds
 * variable n_inputs + i. The program's result is its last variable. */
#ifndef LIPS_PROGRAM_H
#define LIPS_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "lips/dsl.h"
#include "lips/error.h"

#define LIPS_MAX_INPUTS 3
#define LIPS_MAX_STMTS 16
#define LIPS_MAX_VARS (LIPS_MAX_INPUTS + LIPS_MAX_STMTS)

/* One statement. A concrete statement has fn, lambda (LIPS_NONE for
 * first-order functions), nargs and args all set. Holes:
 *   c <- ??          fn = lambda = nargs = args[*] = LIPS_HOLE
 *   c <- ?? a [b]    fn = lambda = LIPS_HOLE, nargs = 1 or 2, args given
 *   c <- MAP ?? a    lambda = LIPS_HOLE
 *   d <- TAKE ?? c   args[0] = LIPS_HOLE
 * Unused args slots are LIPS_NONE. */
typedef struct lips_stmt {
    int8_t fn;
    int8_t lambda;
    int8_t nargs;
    int8_t args[2];
} lips_stmt;

typedef struct lips_program {
    uint8_t n_inputs;
    uint8_t n_stmts;
    uint8_t input_types[LIPS_MAX_INPUTS]; /* lips_type */
    lips_stmt stmts[LIPS_MAX_STMTS];
} lips_program;

/* Flags for lips_program_parse. */
enum {
    LIPS_PARSE_SKETCH = 1 /* allow holes */
};

/* Parses program or sketch text: one statement a line or separated by " | ".
 * Blank lines and lines starting with '#' are skipped. Variable names are any
 * identifiers; the printer renames them a, b, c, ... Aliases of the DeepCoder
 * utilities (INC, isODD, ...) are accepted. first_line is the line number of
 * text[0] in file, for error positions. Checks types and variable scope. */
lips_status lips_program_parse(const char *text, const char *file, int first_line, int flags,
                               lips_program *out, lips_error *err);

/* Canonical text, statements separated by sep ("\n" or " | "), no trailing
 * separator. Returns the length (like snprintf). */
int lips_program_print(const lips_program *p, const char *sep, char *buf, size_t n);

/* Canonical text of one statement's right-hand side ("MAP (+1) a", "??"). */
int lips_stmt_print(const lips_program *p, int stmt, char *buf, size_t n);

/* Canonical variable name of variable index v: a..z, then v26, v27, ... */
const char *lips_var_name(int v);

/* Type of variable v, or LIPS_T_UNKNOWN (a whole-statement hole). */
lips_type lips_program_var_type(const lips_program *p, int v);

/* Type of the program's result (its last variable). */
lips_type lips_program_result_type(const lips_program *p);

int lips_program_is_concrete(const lips_program *p); /* no holes */
int lips_program_n_holes(const lips_program *p);
int lips_program_equal(const lips_program *a, const lips_program *b);

/* Instance id of a concrete statement. */
static inline int lips_stmt_instance(const lips_stmt *s) { return lips_instance_find(s->fn, s->lambda); }

/* The statement applying instance inst to variables a and b; b is ignored
 * (its slot LIPS_NONE) when the instance takes one argument. Either may be
 * LIPS_HOLE. */
lips_stmt lips_stmt_of_instance(int inst, int a, int b);

/* Bit i set iff attribute i (lips_attr_name) occurs in the concrete parts. */
uint64_t lips_program_attrs(const lips_program *p);

/* Does concrete program p fill sketch: same inputs, and where the sketch has
 * statements, the same number of them agreeing on every part that is not a
 * hole? A sketch without statements is filled by any program on its inputs. */
int lips_program_fills(const lips_program *sketch, const lips_program *p);

/* Checks a concrete or holey program: argument types, scope, input count. */
lips_status lips_program_check(const lips_program *p, const char *file, lips_error *err);

#endif
