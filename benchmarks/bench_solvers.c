/* Solvers side by side on a generated dataset: for each problem, z3, saa and
 * enum under the prior ordering, a model's ordering (--model) and an oracle
 * ordering (the true program's attributes: the best a predictor could do),
 * one thread each, one timeout. Prints the share solved within 0.1 s, 1 s and the timeout, and the
 * median time of the solved ones. With --holes K it instead punches K holes
 * (function, lambda or argument) into each problem's program and solves the
 * sketch with z3 (the same holes under every ordering). With --transformers
 * it adds up z3's --explain counters of the holes it decides with
 * transformers: instances allowed, those never proposed (the abstraction
 * excluded them), and per instance the proposals and refutations.
 *   bench_solvers DATA.jsonl PRIOR.json TIMEOUT [--model FILE] [--holes K] [--solvers z3,saa,enum]
 *                 [--transformers 1] [--bitvectors 1]
 * --bitvectors 1 has z3 encode integers as bit-vectors instead of Ints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_rng.h"
#include "lips/lips.h"
#include "lips/nn.h"

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void punch(lips_problem *p, int holes) {
    p->sketch = p->program;
    for (int h = 0; h < holes; h++) {
        lips_stmt *s = &p->sketch.stmts[rnd(p->sketch.n_stmts)];
        int kind = (int)rnd(3);
        if (kind == 0 || (kind == 1 && s->lambda < 0)) s->fn = s->lambda = LIPS_HOLE;
        else if (kind == 1) s->lambda = LIPS_HOLE;
        else s->args[rnd((unsigned)s->nargs)] = LIPS_HOLE;
    }
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: bench_solvers DATA.jsonl PRIOR.json TIMEOUT [--holes K]\n");
        return 2;
    }
    lips_error err;
    lips_problem *ps;
    size_t n;
    float prior[LIPS_N_ATTRS];
    if (lips_dataset_load(argv[1], &ps, &n, &err) || lips_order_load(argv[2], prior, &err)) {
        lips_error_print(&err, stderr);
        return 2;
    }
    double timeout = atof(argv[3]);
    int holes = 0, transformers = 0, bitvectors = 0;
    long allowed = 0, never = 0, proposed[LIPS_N_INSTANCES] = {0}, refuted[LIPS_N_INSTANCES] = {0};
    const char *which = "z3,saa,enum";
    lips_nn *nn = NULL;
    for (int a = 4; a + 1 < argc; a += 2) {
        if (!strcmp(argv[a], "--holes")) holes = atoi(argv[a + 1]);
        else if (!strcmp(argv[a], "--solvers")) which = argv[a + 1];
        else if (!strcmp(argv[a], "--transformers")) transformers = atoi(argv[a + 1]);
        else if (!strcmp(argv[a], "--bitvectors")) bitvectors = atoi(argv[a + 1]);
        else if (!strcmp(argv[a], "--model") && lips_nn_load(argv[a + 1], &nn, &err)) {
            lips_error_print(&err, stderr);
            return 2;
        }
    }
    lips_solver solvers[3];
    int n_solvers = 0;
    for (int k = 0; k < LIPS_N_SOLVERS; k++)
        if (strstr(which, lips_solver_name((lips_solver)k)) && k != LIPS_SOLVER_DFS) solvers[n_solvers++] = (lips_solver)k;
    float(*model_p)[LIPS_N_ATTRS] = nn ? malloc(n * sizeof *model_p) : NULL;
    for (size_t i = 0; nn && i < n; i++) lips_nn_predict(nn, &ps[i], model_p[i]);
    printf("%zu problems, timeout %g s%s\n\n", n, timeout, holes ? ", sketches with holes" : "");
    printf("| solver | ordering | solved <= 0.1 s | solved <= 1 s | solved <= %g s | median time (solved) | mean nodes (solved) |\n", timeout);
    printf("|---|---|---|---|---|---|---|\n");
    static const char *order_names[] = {"prior", "model", "oracle"};
    double *times = malloc(n * sizeof *times);
    for (int si = 0; si < n_solvers; si++) {
        for (int oi = 0; oi < (solvers[si] == LIPS_SOLVER_ENUM ? 1 : 3); oi++) {
            if (oi == 1 && !nn) continue;
            int s01 = 0, s1 = 0, sall = 0;
            double nodes = 0;
            for (size_t i = 0; i < n; i++) {
                lips_problem *p = &ps[i];
                /* the same holes in problem i under every ordering */
                rng = 12345 + 2654435761u * (uint64_t)(i + 1);
                if (holes) punch(p, holes);
                lips_solve_config cfg;
                lips_solve_config_default(&cfg);
                cfg.solver = solvers[si];
                cfg.max_len = p->program.n_stmts;
                cfg.timeout_s = timeout;
                cfg.threads = 1;
                cfg.z3_bitvectors = bitvectors;
                cfg.explain = transformers && solvers[si] == LIPS_SOLVER_Z3;
                uint64_t attrs = lips_program_attrs(&p->program);
                for (int a = 0; a < LIPS_N_ATTRS; a++)
                    cfg.attr_p[a] = oi == 0   ? prior[a]
                                    : oi == 1 ? model_p[i][a]
                                              : ((attrs >> a) & 1 ? 0.9f : 0.1f * prior[a]);
                lips_solve_result r;
                if (lips_solve(p, &cfg, &r, &err)) {
                    lips_error_print(&err, stderr);
                    return 1;
                }
                const char *tl = r.explain ? strstr(r.explain, "transformers: ") : NULL;
                int nv, na;
                if (tl && sscanf(tl, "transformers: %d of %d", &nv, &na) == 2) {
                    never += nv;
                    allowed += na;
                    const char *end = strchr(tl, '\n');
                    for (int k = 0; k < LIPS_N_INSTANCES; k++) {
                        char key[64];
                        snprintf(key, sizeof key, " %s ", lips_instances[k].name);
                        const char *at = strstr(tl, key);
                        unsigned pr, rf;
                        if (at && at < end && sscanf(at + strlen(key), "%u/%u", &pr, &rf) == 2) {
                            proposed[k] += pr;
                            refuted[k] += rf;
                        }
                    }
                }
                if (r.status == LIPS_SOLVE_FOUND) {
                    nodes += (double)r.nodes;
                    times[sall++] = r.seconds;
                    s01 += r.seconds <= 0.1;
                    s1 += r.seconds <= 1;
                }
                lips_solve_result_free(&r);
            }
            qsort(times, (size_t)sall, sizeof *times, cmp_double);
            printf("| %s | %s | %.0f%% | %.0f%% | %.0f%% | %.3g s | %.3g |\n", lips_solver_name(solvers[si]),
                   solvers[si] == LIPS_SOLVER_ENUM ? "none" : order_names[oi], 100.0 * s01 / n, 100.0 * s1 / n,
                   100.0 * sall / n, sall ? times[sall / 2] : 0, sall ? nodes / sall : 0);
            fflush(stdout);
        }
    }
    if (transformers) {
        printf("\nz3's transformers at the holes it decides with them, all orderings: %ld instances allowed, %ld of "
               "them never proposed (excluded by the abstraction)\n\n| instance | proposed | refuted |\n|---|---|---|\n",
               allowed, never);
        for (int k = 0; k < LIPS_N_INSTANCES; k++)
            if (proposed[k]) printf("| %s | %ld | %ld |\n", lips_instances[k].name, proposed[k], refuted[k]);
    }
    free(times);
    free(model_p);
    lips_nn_free(nn);
    free(ps);
    return 0;
}
