/* Throughput of the enumerative search: nodes per second on exhaustive
 * length-3, length-4 and length-5 searches (5 examples, lists of up to 20), the saving
 * of equivalence pruning, the two-thread speedup and timeout accuracy.
 *   bench_enumerate [TASKS] [SEED]   (run by benchmarks/enumerate.sh) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lips/enumerate.h"
#include "bench_rng.h"
#include "lips/lips.h"

/* Random inputs (one list, one int); outputs a list no program of the
 * searched length produces, so the search explores its whole space. */
static void random_problem(lips_problem *p) {
    memset(p, 0, sizeof *p);
    p->sketch.n_inputs = 2;
    p->sketch.input_types[0] = LIPS_T_LIST;
    p->sketch.input_types[1] = LIPS_T_INT;
    p->out_type = LIPS_T_LIST;
    p->n_examples = 5;
    for (int e = 0; e < 5; e++) {
        int xs[LIPS_MAX_LEN], n = 10 + (int)rnd(11);
        for (int i = 0; i < n; i++) xs[i] = (int)rnd(101) - 50;
        p->examples[e].in[0] = lips_value_list(xs, n);
        p->examples[e].in[1] = lips_value_int((int)rnd(8));
        int out[LIPS_MAX_LEN];
        for (int i = 0; i < LIPS_MAX_LEN; i++) out[i] = 7 * e + 200 - i;
        p->examples[e].out = lips_value_list(out, LIPS_MAX_LEN);
    }
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct {
    double rate, seconds;
    double nodes;
} run_stats;

static run_stats measure(lips_problem *ps, int n, int T, int threads, int no_prune) {
    double *rates = malloc((size_t)n * sizeof *rates);
    double secs = 0, nodes = 0;
    for (int i = 0; i < n; i++) {
        lips_solve_config cfg;
        lips_solve_config_default(&cfg);
        cfg.solver = LIPS_SOLVER_ENUM;
        cfg.max_len = T;
        cfg.timeout_s = 0;
        cfg.threads = threads;
        cfg.no_prune = no_prune;
        lips_solve_result r;
        lips_error err;
        if (lips_solve(&ps[i], &cfg, &r, &err) != LIPS_OK || r.status != LIPS_SOLVE_NONE) {
            fprintf(stderr, "bench: unexpected result\n");
            exit(1);
        }
        rates[i] = (double)r.nodes / r.seconds;
        secs += r.seconds;
        nodes += (double)r.nodes;
        lips_solve_result_free(&r);
    }
    qsort(rates, (size_t)n, sizeof *rates, cmp_double);
    run_stats s = {rates[n / 2], secs / n, nodes / n};
    free(rates);
    return s;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 5;
    rng = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
    if (n < 1) n = 1;
    lips_problem *ps = calloc((size_t)n, sizeof *ps);
    for (int i = 0; i < n; i++) random_problem(&ps[i]);
    /* pruning: all rules on, then each one off alone */
    static const int masks[] = {0, LIPS_PRUNE_EQUIV, LIPS_PRUNE_FAIL, LIPS_PRUNE_DEAD};
    static const char *const mask_names[] = {"all on", "EQUIV off", "FAIL off", "DEAD off"};
    printf("| search | threads | pruning | nodes (mean) | time (mean) | nodes/s (median) |\n");
    printf("|---|---|---|---|---|---|\n");
    /* length 5 (seconds per task): one task, every rule on, for the two-thread speedup */
    for (int T = 3; T <= 5; T++) {
        int m = T == 3 ? n : T == 4 ? (n + 4) / 5 : 1;
        for (int threads = 1; threads <= 2; threads++) {
            for (int k = 0; k < (threads == 1 && T < 5 ? 4 : 1); k++) {
                run_stats s = measure(ps, m, T, threads, masks[k]);
                printf("| length %d, exhaustive | %d | %s | %.3g | %.3g s | %.3g M |\n", T, threads,
                       mask_names[k], s.nodes, s.seconds, s.rate / 1e6);
                fflush(stdout);
            }
        }
    }
    /* --timeout accuracy: a length-5 search stopped after 0.5 and 2 s */
    for (int k = 0; k < 2; k++) {
        double want = k ? 2.0 : 0.5;
        lips_solve_config cfg;
        lips_solve_config_default(&cfg);
        cfg.solver = LIPS_SOLVER_SAA;
        cfg.max_len = 5;
        cfg.timeout_s = want;
        lips_solve_result r;
        lips_error err;
        lips_solve(&ps[0], &cfg, &r, &err);
        printf("\ntimeout %.1f s: stopped after %.4f s (%+.2f%%), status %s\n", want, r.seconds,
               100 * (r.seconds - want) / want, lips_solve_status_name(r.status));
        lips_solve_result_free(&r);
    }
    free(ps);
    return 0;
}
