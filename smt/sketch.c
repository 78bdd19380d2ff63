#include "lips/sketch.h"
lips_status lips_sketch_solve(const lips_problem *p, const lips_solve_config *cfg,
                              lips_solve_result *res, lips_error *err) {
    (void)p; (void)cfg;
    res->status = LIPS_SOLVE_NONE; res->results = NULL; res->explain = NULL; res->n_results = 0;
    return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "TEMP");
}
