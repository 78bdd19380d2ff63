/* What every solver is handed: the configuration of a solve, the ordering of
 * function instances made from it, and the result it fills. lips_solve
 * (solve.h) prepares one lips_search and gives it to a solver: the
 * enumerator (enumerate.h: dfs, saa, enum) or the sketch solver (sketch.h:
 * z3). Solvers depend on this module only, never on solve.h. */
#ifndef LIPS_ORDER_H
#define LIPS_ORDER_H

#include <stddef.h>
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

/* Writes the file lips_order_load reads: an object naming every attribute,
 * each probability with 6 significant digits, so that a float written, read
 * and written again is the same text. */
lips_status lips_order_write(const float attr_p[LIPS_N_ATTRS], const char *path, lips_error *err);

typedef enum {
    LIPS_SOLVER_DFS,
    LIPS_SOLVER_SAA,  /* sort and add over enumeration */
    LIPS_SOLVER_ENUM, /* fixed canonical order, no ordering information */
    LIPS_SOLVER_Z3,   /* SMT sketch solver with sort and add */
    LIPS_N_SOLVERS
} lips_solver;

/* "dfs", "saa", "enum", "z3"; "?" for anything else. */
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
                         counts its search state and --all lists, z3 Z3's
                         allocations, which Z3 counts for the whole process
                         (docs/solver.md); 0 means LIPS_DEFAULT_MEM_LIMIT. Over
                         it the solve stops with LIPS_SOLVE_OOM, everything freed */
    int no_prune;     /* enumeration: mask of pruning rules to switch off
                         (enumerate.h LIPS_PRUNE_*), for measuring what they save */
    int z3_bitvectors; /* z3: integers as 32-bit bit-vectors instead of Z3 Ints,
                          for measuring the encodings against each other */
} lips_solve_config;

void lips_solve_config_default(lips_solve_config *cfg);

typedef enum {
    LIPS_SOLVE_FOUND,
    LIPS_SOLVE_NONE,    /* the space is exhausted: no program */
    LIPS_SOLVE_TIMEOUT,
    LIPS_SOLVE_OOM      /* the memory bound (mem_limit) was reached */
} lips_solve_status;

/* "found", "no program", "timeout", "out of memory". */
const char *lips_solve_status_name(lips_solve_status s);

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

/* A solve made ready once, for whichever solver runs it: the problem and
 * configuration (kept by reference), the instances' order and costs, the
 * clock, and the space. */
typedef struct lips_search {
    const lips_problem *pb;
    const lips_solve_config *cfg;
    float score[LIPS_N_INSTANCES]; /* lips_order_scores of cfg->attr_p */
    float cost[LIPS_N_INSTANCES];  /* lips_order_costs of score */
    int rank[LIPS_N_INSTANCES];    /* instance ids in search order: by score,
                                      or the table's order for LIPS_SOLVER_ENUM */
    double t0, deadline;           /* CLOCK_MONOTONIC seconds; deadline 0: none */
    int synth;                     /* the sketch has no statements: plain synthesis */
    int max_len;                   /* synthesis: cfg->max_len within 1..LIPS_MAX_STMTS;
                                      a sketch: its statements */
    lips_program holes;            /* synthesis: max_len whole-statement holes;
                                      a sketch: the sketch */
} lips_search;

/* Prepares the search of p under cfg, starting its clock now. */
void lips_search_prepare(lips_search *s, const lips_problem *p, const lips_solve_config *cfg);

/* The space of programs of len statements: in synthesis the first len
 * whole-statement holes; a sketch has one space, the sketch (len ignored). */
lips_program lips_search_space(const lips_search *s, int len);

#endif
