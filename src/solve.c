/* A solve: the search is prepared once (order.c), handed to the configured
 * solver, and every program it reports is re-checked before it is returned. */
#include "lips/solve.h"

#include <string.h>

#include "lips/enumerate.h"
#include "lips/sketch.h"

static int verified(const lips_problem *p, const lips_program *prog) {
    return lips_program_is_concrete(prog) && lips_program_fills(&p->sketch, prog) &&
           lips_program_check(prog, NULL, NULL) == LIPS_OK &&
           lips_problem_first_mismatch(p, prog) < 0;
}

/* In DeepCoder semantics a program's result is in [-256, 255]: an output
 * outside it (only a problem built in memory can have one) has no program,
 * though the solvers, which compare values, could match it. */
static int outputs_in_range(const lips_problem *p) {
    for (int e = 0; e < p->n_examples; e++)
        if (!lips_value_within(&p->examples[e].out, LIPS_INT_MIN, LIPS_INT_MAX)) return 0;
    return 1;
}

lips_status lips_solve(const lips_problem *p, const lips_solve_config *cfg, lips_solve_result *res,
                       lips_error *err) {
    if (p->semantics != LIPS_SEM_STRICT && !outputs_in_range(p)) {
        memset(res, 0, sizeof *res);
        res->status = LIPS_SOLVE_NONE;
        return LIPS_OK;
    }
    lips_search s;
    lips_search_prepare(&s, p, cfg);
    lips_status st = cfg->solver == LIPS_SOLVER_Z3 ? lips_sketch_solve(&s, res, err)
                                                   : lips_enumerate_solve(&s, res, err);
    if (st) return st;
    int bad = res->status == LIPS_SOLVE_FOUND && !verified(p, &res->program);
    for (int i = 0; i < res->n_results && !bad; i++) bad = !verified(p, &res->results[i]);
    if (bad)
        return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0,
                              "solver %s reported a program that fails the examples (a bug)",
                              lips_solver_name(cfg->solver));
    return LIPS_OK;
}
