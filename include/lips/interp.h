/* The interpreter: runs concrete programs on concrete inputs, under a
 * semantics (value.h, docs/dsl.md "Semantics"). */
#ifndef LIPS_INTERP_H
#define LIPS_INTERP_H

#include "lips/program.h"

typedef struct lips_run {
    lips_eval_status status; /* LIPS_EVAL_OK if every statement succeeded */
    int failed_stmt;         /* index of the failing statement, or -1 */
} lips_run;

/* Runs concrete program p under semantics sem. vars must have room for
 * n_inputs + n_stmts values; inputs are copied into vars[0..n_inputs),
 * statement i writes vars[n_inputs+i]. On success the result is
 * vars[n_inputs + n_stmts - 1]. In DeepCoder semantics a result outside
 * [-256, 255] fails the run (LIPS_EVAL_RANGE at the last statement), though
 * the values before it may be wide. No allocation. */
lips_run lips_program_run(const lips_program *p, lips_semantics sem, const lips_value *inputs, lips_value *vars);

/* Runs statements [from, n_stmts) only, reusing vars computed for the
 * prefix. It does not check the result's range: p may be the prefix of a
 * longer program, whose last value is an intermediate. */
lips_run lips_program_run_from(const lips_program *p, lips_semantics sem, int from, lips_value *vars);

#endif
