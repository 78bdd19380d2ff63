/* Enumerative search: DFS, sort-and-add and plain enumeration over
 * straight-line programs, with incremental execution and pruning.
 * docs/search.md describes the search space and the pruning rules. */
#ifndef LIPS_ENUMERATE_H
#define LIPS_ENUMERATE_H

#include "lips/solve.h"

/* Solves p with cfg->solver in {DFS, SAA, ENUM}. Fills *res (free with
 * lips_solve_result_free). A program reported FOUND fills the sketch and
 * passes every example. */
lips_status lips_enumerate_solve(const lips_problem *p, const lips_solve_config *cfg,
                                 lips_solve_result *res, lips_error *err);

#endif
