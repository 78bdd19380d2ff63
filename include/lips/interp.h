/* The interpreter: runs concrete programs on concrete inputs. */
#ifndef LIPS_INTERP_H
#define LIPS_INTERP_H

#include "lips/program.h"

typedef struct lips_run {
    lips_eval_status status; /* LIPS_EVAL_OK if every statement succeeded */
    int failed_stmt;         /* index of the failing statement, or -1 */
} lips_run;

/* Runs concrete program p. vars must have room for n_inputs + n_stmts values;
 * inputs are copied into vars[0..n_inputs), statement i writes vars[n_inputs+i].
 * On success the result is vars[n_inputs + n_stmts - 1]. No allocation. */
lips_run lips_program_run(const lips_program *p, const lips_value *inputs, lips_value *vars);

/* Runs statements [from, n_stmts) only, reusing vars computed for the prefix. */
lips_run lips_program_run_from(const lips_program *p, int from, lips_value *vars);

#endif
