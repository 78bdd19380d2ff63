#include "lips/interp.h"

lips_run lips_program_run_from(const lips_program *p, lips_semantics sem, int from, lips_value *vars) {
    for (int i = from; i < p->n_stmts; i++) {
        const lips_stmt *s = &p->stmts[i];
        const lips_instance *in = &lips_instances[lips_stmt_instance(s)];
        const lips_value *a = &vars[s->args[0]];
        const lips_value *b = in->arity == 2 ? &vars[s->args[1]] : a;
        lips_eval_status st = in->eval[sem](a, b, &vars[p->n_inputs + i]);
        if (st != LIPS_EVAL_OK) return (lips_run){st, i};
    }
    return (lips_run){LIPS_EVAL_OK, -1};
}

lips_run lips_program_run(const lips_program *p, lips_semantics sem, const lips_value *inputs, lips_value *vars) {
    for (int i = 0; i < p->n_inputs; i++) vars[i] = inputs[i];
    lips_run r = lips_program_run_from(p, sem, 0, vars);
    /* strict values never leave the range; DeepCoder's result must not */
    int last = p->n_inputs + p->n_stmts - 1;
    if (r.status == LIPS_EVAL_OK && sem != LIPS_SEM_STRICT && p->n_stmts > 0 &&
        !lips_value_within(&vars[last], LIPS_INT_MIN, LIPS_INT_MAX))
        return (lips_run){LIPS_EVAL_RANGE, p->n_stmts - 1};
    return r;
}
