#include "lips/interp.h"

lips_run lips_program_run_from(const lips_program *p, int from, lips_value *vars) {
    for (int i = from; i < p->n_stmts; i++) {
        const lips_stmt *s = &p->stmts[i];
        const lips_instance *in = &lips_instances[lips_stmt_instance(s)];
        const lips_value *a = &vars[s->args[0]];
        const lips_value *b = in->arity == 2 ? &vars[s->args[1]] : a;
        lips_eval_status st = in->eval(a, b, &vars[p->n_inputs + i]);
        if (st != LIPS_EVAL_OK) return (lips_run){st, i};
    }
    return (lips_run){LIPS_EVAL_OK, -1};
}

lips_run lips_program_run(const lips_program *p, const lips_value *inputs, lips_value *vars) {
    for (int i = 0; i < p->n_inputs; i++) vars[i] = inputs[i];
    return lips_program_run_from(p, 0, vars);
}
