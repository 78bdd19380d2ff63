/* Solving a problem: lips_solve prepares the search (order.h: the
 * configuration, the ordering of instances, the result) and hands it to the
 * configured solver, lips_enumerate_solve (enumerate.h: dfs, saa, enum) or
 * lips_sketch_solve (sketch.h: z3). */
#ifndef LIPS_SOLVE_H
#define LIPS_SOLVE_H

#include "lips/order.h"

/* Solves p with the configured solver. Every program it reports has been
 * re-run on all examples and checked against the sketch; a solver that
 * reports a wrong program is an internal error. */
lips_status lips_solve(const lips_problem *p, const lips_solve_config *cfg, lips_solve_result *res,
                       lips_error *err);

#endif
