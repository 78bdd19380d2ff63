/* Benchmarks: every solver under every ordering on every problem of a
 * dataset. Each run happens in a child process of its own, so a crash or a
 * hang is recorded as unsolved and the benchmark goes on; each result is
 * appended to DIR/results.jsonl as it arrives, and a benchmark started again
 * on the same DIR runs only what is missing. The summary is DeepCoder's
 * measure (Balog et al. 2017, Table 1): the time limit per problem needed to
 * solve 20/40/60/80/100% of the problems, and the model ordering's speedup
 * over the prior at each. docs/bench.md describes the files. */
#ifndef LIPS_BENCH_H
#define LIPS_BENCH_H

#include <stdint.h>
#include <stdio.h>

#include "lips/comm.h"
#include "lips/nn.h"
#include "lips/solve.h"

typedef enum {
    LIPS_ORDER_MODEL,  /* the network's prediction for each problem */
    LIPS_ORDER_PRIOR,  /* attribute frequencies of a training set */
    LIPS_ORDER_ORACLE, /* the true program's attributes: the best any predictor could do */
    LIPS_ORDER_NONE,   /* enum's fixed order */
    LIPS_N_ORDERS
} lips_order_kind;

const char *lips_order_kind_name(lips_order_kind o);

typedef enum {
    LIPS_BENCH_SOLVED,
    LIPS_BENCH_NO_PROGRAM, /* the space was exhausted */
    LIPS_BENCH_TIMEOUT,
    LIPS_BENCH_OOM,
    LIPS_BENCH_ERROR, /* the solver returned an error */
    LIPS_BENCH_CRASH, /* the child died, or was killed for overrunning its timeout */
    LIPS_BENCH_N_OUTCOMES
} lips_bench_outcome;

const char *lips_bench_outcome_name(lips_bench_outcome o);

typedef struct lips_bench_record {
    long problem; /* 0-based index in the dataset */
    lips_solver solver;
    lips_order_kind order;
    lips_bench_outcome outcome;
    double seconds; /* the solver's own time, plus the prediction's under the model
                       ordering; wall time for a crash */
    double predict_seconds; /* the network's time for this problem (model ordering) */
    uint64_t nodes;          /* enumeration nodes, or the plans Z3 proposed */
    uint64_t completions;    /* z3: plans the enumerator tried to complete */
    double smt_seconds;      /* z3: time in Z3's checks */
    double complete_seconds; /* z3: time in the enumerator's completions */
    char program[1024]; /* when solved, one line with " | " */
    int holdout;        /* a solved run under --holdout K: K, the held-out examples its
                           program was run on; else 0 */
    int holdout_right;  /* of them, those it gets right */
    uint8_t semantics;  /* lips_semantics the run used: the problem's (results.jsonl
                           names it when it is not strict) */
} lips_bench_record;

/* Writes r as one JSON line (with newline); name is the problem's name. */
void lips_bench_record_write(const lips_bench_record *r, const char *name, FILE *out);

/* Parses one results.jsonl line; file and line name it in errors. */
lips_status lips_bench_record_parse(const char *text, const char *file, int line, lips_bench_record *r,
                                    lips_error *err);

/* Runs a problem: lips_solve, or a stand-in (tests use one that crashes). */
typedef lips_status (*lips_bench_solve_fn)(const lips_problem *p, const lips_solve_config *cfg,
                                           lips_solve_result *res, lips_error *err);

typedef struct lips_bench_config {
    unsigned solvers;  /* bits 1 << lips_solver */
    unsigned orders;   /* bits 1 << lips_order_kind; enum always runs once, with NONE */
    double timeout_s;  /* per run, > 0 */
    int max_len;       /* synthesis length; 0: each problem's known program's length (else 3) */
    int holdout;       /* K: solvers and the network see each problem's first M-K of its M
                          examples; a found program is run on the last K. 0: none */
    int examples;      /* of those M-K, they see only the first this many (0: all): the
                          same problems solved from fewer examples */
    int jobs;          /* child processes at once, 1..64 */
    size_t mem_limit;  /* each run's lips_solve_config.mem_limit; 0: the default */
    lips_nn *model;    /* for LIPS_ORDER_MODEL */
    float prior[LIPS_N_ATTRS]; /* for LIPS_ORDER_PRIOR, and the oracle's absent attributes */
    lips_bench_solve_fn solve; /* NULL: lips_solve */
    int progress;      /* a progress line on stderr */
    const lips_comm *comm; /* NULL: one process. Else the ranks share the runs (each
                              with `jobs` children), rank 0 handing out the next
                              as a rank's run ends; rank 0 alone reads and writes
                              dir, appending every rank's records */
} lips_bench_config;

void lips_bench_config_default(lips_bench_config *cfg);

typedef struct lips_bench_report {
    long runs;    /* (problem, solver, ordering) triples asked for */
    long resumed; /* of them, found in results.jsonl and not run again */
    long crashed; /* of the new runs, children that died or were killed */
    double seconds;
} lips_bench_report;

/* Runs every (problem, solver, ordering) of cfg over the n problems of the
 * dataset at data_path, appending to dir/results.jsonl (created with dir).
 * dir/run.json records the dataset's CRC-32, its size and the settings that
 * change results (timeout, max_len, holdout, examples, and the number of
 * problems in DeepCoder semantics); resuming with other ones is refused.
 * Each problem runs in its own semantics (lips_problem.semantics). A holdout that leaves some problem no example is refused before
 * anything runs, at that problem's line of data_path. */
lips_status lips_bench_run(const lips_problem *ps, size_t n, const char *data_path, const lips_bench_config *cfg,
                           const char *dir, lips_bench_report *rep, lips_error *err);

/* Loads dir/results.jsonl: *out is malloc'd (free with free()). A last line
 * cut short by an interrupted run is dropped; any other bad line is an error. */
lips_status lips_bench_load(const char *dir, lips_bench_record **out, size_t *n, lips_error *err);

#define LIPS_BENCH_N_PERCENTS 5
extern const int lips_bench_percents[LIPS_BENCH_N_PERCENTS]; /* 20, 40, 60, 80, 100 */

/* One (solver, ordering) over a dataset of n problems. */
typedef struct lips_bench_row {
    lips_solver solver;
    lips_order_kind order;
    long problems, runs, solved, crashed;
    /* the time limit needed to solve each percentage of the problems: the
     * ceil(pct * problems / 100)-th smallest solving time, INFINITY when fewer
     * were solved */
    double time_to[LIPS_BENCH_N_PERCENTS];
    long holdout_ok;       /* solved runs whose program is right on every held-out example */
    double median_seconds; /* of the solved runs */
    double mean_nodes;     /* of the solved runs */
    /* z3: mean completions of the solved runs, and the shares of all its
     * runs' time spent in Z3's checks and in the enumerator's completions */
    double mean_completions, smt_share, complete_share;
    double *times;         /* the solved runs' times, ascending (malloc'd) */
} lips_bench_row;

typedef struct lips_bench_summary {
    long problems;
    double timeout_s;
    int holdout; /* K of lips_bench_config */
    int examples; /* M of lips_bench_config */
    long deepcoder_runs; /* runs in DeepCoder semantics (the rest are strict) */
    int n_rows;
    lips_bench_row rows[LIPS_N_SOLVERS * LIPS_N_ORDERS];
} lips_bench_summary;

/* Rows for the solvers and orderings of cfg, in a fixed order (dfs, saa,
 * enum, z3; model, prior, oracle), from the records of a run. */
lips_status lips_bench_summarize(const lips_bench_record *recs, size_t n_recs, long problems,
                                 const lips_bench_config *cfg, lips_bench_summary *s, lips_error *err);
void lips_bench_summary_free(lips_bench_summary *s);

/* The model ordering's speedup over the prior at percentile k for solver:
 * the prior's time over the model's. When only the model reached it, a
 * lower bound (the timeout over the model's time) with *lower_bound set;
 * NAN when neither did or a row is missing. */
double lips_bench_speedup(const lips_bench_summary *s, lips_solver solver, int k, int *lower_bound);

/* The summary as Markdown (the tables of summary.md and stdout) or JSON. */
void lips_bench_summary_write_md(const lips_bench_summary *s, const char *title, FILE *out);
void lips_bench_summary_write_json(const lips_bench_summary *s, FILE *out);

/* Writes dir/summary.md, dir/summary.json and, with plot set, dir/solved.png
 * (fraction solved against time per problem, drawn by gnuplot), each
 * atomically (a temporary file, then rename). */
lips_status lips_bench_write(const lips_bench_summary *s, const char *title, const char *dir, int plot,
                             lips_error *err);

#endif
