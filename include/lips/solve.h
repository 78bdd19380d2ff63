/* What every solver shares: the ordering of function instances, the
 * configuration of a solve and its result. Solvers: lips_enumerate_solve
 * (enumerate.h: dfs, saa, enum) and lips_sketch_solve (sketch.h: z3). */
#ifndef LIPS_SOLVE_H
#define LIPS_SOLVE_H

#include <stdint.h>

#include "lips/problem.h"

/* DeepCoder's ordering: an instance's score is its function's probability,
 * or for a higher-order instance the minimum of its function's and its
 * lambda's probabilities. */
void lips_order_scores(const float attr_p[LIPS_N_ATTRS], float inst_score[LIPS_N_INSTANCES]);

/* Instance ids by descending score; ties by ascending id, so the order is total. */
void lips_order_rank(const float inst_score[LIPS_N_INSTANCES], int ranked[LIPS_N_INSTANCES]);

/* -log of each score (scores under 1e-6 count as 1e-6): a program's cost is
 * the sum over its statements, and --all ranks by length, then cost. */
void lips_order_costs(const float inst_score[LIPS_N_INSTANCES], float cost[LIPS_N_INSTANCES]);

/* Reads 34 attribute probabilities from a JSON file: an object
 * {"HEAD": 0.3, ...} naming every attribute, or the "attributes" object of
 * `lips gen --stats` / `lips predict --json` output. */
lips_status lips_order_load(const char *path, float attr_p[LIPS_N_ATTRS], lips_error *err);

typedef enum {
    LIPS_SOLVER_DFS,
    LIPS_SOLVER_SAA,  /* sort and add over enumeration */
    LIPS_SOLVER_ENUM, /* fixed canonical order, no ordering information */
    LIPS_SOLVER_Z3,   /* SMT sketch solver with sort and add */
    LIPS_N_SOLVERS
} lips_solver;

const char *lips_solver_name(lips_solver s);

/* The memory bound of a solve when lips_solve_config.mem_limit is 0, and the
 * largest bound (Z3 takes it as a 32-bit byte count). */
#define LIPS_DEFAULT_MEM_LIMIT ((size_t)2048 << 20)
#define LIPS_MAX_MEM_LIMIT ((size_t)4095 << 20)

typedef struct lips_solve_config {
    lips_solver solver;
    int max_len;      /* statements of a synthesized program (no statements in the sketch) */
    double timeout_s; /* whole solve; <= 0 means none */
    int all;          /* collect every consistent program up to max_len */
    int max_results;  /* bound for `all` */
    int threads;      /* 1 or 2 */
    int explain;      /* z3: record the candidate / conflict / sort-and-add log */
    float attr_p[LIPS_N_ATTRS]; /* ordering; ignored by LIPS_SOLVER_ENUM */
    size_t mem_limit; /* bytes a solve may hold (docs/reliability.md): enumeration
                         counts its search state and --all lists, z3 Z3's own
                         allocations; 0 means LIPS_DEFAULT_MEM_LIMIT. Over it the
                         solve stops with LIPS_SOLVE_OOM, everything freed */
    int no_prune;     /* enumeration: mask of pruning rules to switch off
                         (enumerate.h LIPS_PRUNE_*), for measuring what they save */
} lips_solve_config;

void lips_solve_config_default(lips_solve_config *cfg);

typedef enum {
    LIPS_SOLVE_FOUND,
    LIPS_SOLVE_NONE,    /* the space is exhausted: no program */
    LIPS_SOLVE_TIMEOUT,
    LIPS_SOLVE_OOM      /* the memory bound (mem_limit) was reached */
} lips_solve_status;

typedef struct lips_solve_result {
    lips_solve_status status;
    lips_program program;   /* when FOUND: re-checked on every example */
    double seconds;
    uint64_t nodes;         /* enumeration nodes, or the plans Z3 proposed */
    uint64_t completions;   /* z3: plans the enumerator tried to complete */
    double smt_seconds;     /* z3: time in Z3's checks */
    double complete_seconds; /* z3: time in the enumerator's completions */
    int n_results;          /* with `all` */
    lips_program *results;  /* malloc'd, ranked; free with lips_solve_result_free */
    char *explain;          /* malloc'd text log, with `explain`; or NULL */
} lips_solve_result;

void lips_solve_result_free(lips_solve_result *r);

/* Solves p with the configured solver. Every program it reports has been
 * re-run on all examples and checked against the sketch; a solver that
 * reports a wrong program is an internal error. */
lips_status lips_solve(const lips_problem *p, const lips_solve_config *cfg, lips_solve_result *res,
                       lips_error *err);

#endif
