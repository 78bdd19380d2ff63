/* The data generator: programs of a given length in canonical form, input
 * ranges from backward bounds (bounds.h), sampled examples, semantic
 * de-duplication, test sets disjoint from a training set, and dataset
 * statistics. docs/datagen.md describes every rule and what is guaranteed. */
#ifndef LIPS_DATASET_H
#define LIPS_DATASET_H

#include <stdint.h>
#include <stdio.h>

#include "lips/comm.h"
#include "lips/problem.h"

#define LIPS_GEN_MAX_LEN 8 /* statements of a generated program */
#define LIPS_GEN_PROBES 16 /* probe inputs per input signature */
#define LIPS_GEN_MAX_SHARED 65536 /* problems per shared input set */

typedef struct lips_gen_config {
    int length;       /* statements, 1..LIPS_GEN_MAX_LEN */
    long count;       /* problems wanted; ignored with `all` */
    int all;          /* every canonical program of this length, in enumeration order */
    int examples;     /* M, 1..LIPS_MAX_EXAMPLES; with examples_min, the most */
    int holdout_examples; /* H: examples drawn after the M and appended to them, for
                             lips bench --holdout H; M + H <= LIPS_MAX_EXAMPLES. Every
                             check of a program judges its M examples only */
    int max_list_len; /* 1..LIPS_MAX_LEN; with list_len_min, the most */
    /* How people write examples (docs/datagen.md, "Shapes"): a problem may
     * draw its own shape. 0 leaves a dimension standard (M = examples, lists
     * up to max_list_len, values as the bounds allow); otherwise, for a
     * shaped problem, */
    int examples_min; /* M uniform in examples_min..examples */
    int list_len_min; /* the lists' cap log-uniform in list_len_min..max_list_len */
    int scale_min, scale_max; /* input ints and elements within [-S, S], S
                                 log-uniform in scale_min..scale_max (1..256) */
    double shaped;    /* the share of problems that draw a shape, 0..1 (default
                         1); the rest are standard */
    int per_program;  /* problems (example sets) per program, 1..1000 */
    lips_semantics semantics; /* how the programs run (value.h); the problems
                                 carry it. Strict by default */
    uint64_t seed;
    int threads;      /* 1 or 2; the output does not depend on it */
    const lips_comm *comm; /* NULL: one process. Else each rank makes its share of
                              every round's chunks (with `threads` threads), all
                              ranks merge them alike, and rank 0 alone writes: the
                              same bytes as one process (the others' out may be
                              NULL) */
    int shared_inputs; /* 0: each candidate gets its own examples and an exhaustive
                          search for a shorter program. K >= 1: K problems share one
                          input set, and a candidate's outputs are looked up in the
                          set of outputs every shorter program reaches on it (lips_oe_index,
                          docs/datagen.md "Shared inputs"); not with all, per_program > 1,
                          test or disjoint_from */
    int shared_examples; /* with shared_inputs: 0, the problems of a set share all M
                            examples; S >= 1: they share S (all M when M <= S), each
                            draws its other M - S from its own ranges, and the index
                            holds the shorter programs' outputs on the S */
    int test;         /* test set: every problem carries one probe example */
    const char *disjoint_from; /* training set (JSON Lines) or NULL; implies test. No
                                  problem is solved by a training program of at most
                                  `length` statements under any injective type-keeping
                                  mapping of its inputs onto the problem's */
    /* Called by the generating thread after each round of work. */
    void (*progress)(void *ctx, long done, long target, double seconds);
    void *progress_ctx;
} lips_gen_config;

/* Why candidates were dropped, and what was written. */
typedef struct lips_gen_report {
    long problems;         /* written */
    long candidates;       /* canonical programs tried */
    long no_range;         /* backward bounds left an input's range empty */
    long bad_examples;     /* too few distinct examples, or no probe fits (test sets), or
                              (shared_inputs) the shared inputs leave its ranges or make it fail */
    long constant;         /* the same output on every example */
    long shorter;          /* a program of fewer statements produces every example's output */
    long duplicate;        /* the same program or the same probe fingerprint as an earlier problem */
    long in_training;      /* a training program, its inputs mapped injectively onto the
                              problem's, produces every example's output */
    long train_programs;   /* training programs indexed (length <= this one) */
    long input_sets;       /* shared input sets enumerated (shared_inputs) */
    size_t index_bytes;    /* the largest observational-equivalence index (shared_inputs) */
    double seconds;
} lips_gen_report;

void lips_gen_config_default(lips_gen_config *cfg);

/* The training mix of `lips gen --mixed` (docs/nn.md measures it): a
 * quarter of the problems standard, the rest shaped with 1..examples
 * examples, lists capped at 1..max_list_len and values within [-S, S] for
 * S in 3..256. */
void lips_gen_config_mixed(lips_gen_config *cfg);

/* Checks cfg's fields; an LIPS_ERR_INPUT error names the bad one. */
lips_status lips_gen_config_check(const lips_gen_config *cfg, lips_error *err);

/* Generates the dataset as JSON Lines into out. Same bytes for the same
 * config on any thread count and any cfg->comm size. When fewer problems
 * exist than cfg->count (a small length), writes those there are:
 * rep->problems says how many (on every rank). */
lips_status lips_gen_run(const lips_gen_config *cfg, FILE *out, lips_gen_report *rep,
                         lips_error *err);

/* Canonical form: every statement is used later (but the last), every input
 * is used, statements appear in the post-order of a left-to-right walk from
 * the result, and inputs in the order that walk first meets them. Every
 * program has exactly one canonical ordering. */
int lips_gen_is_canonical(const lips_program *p);

/* Why lips_gen_examples rejected a program. */
typedef enum {
    LIPS_GEN_OK,
    LIPS_GEN_NO_RANGE,
    LIPS_GEN_BAD_EXAMPLES,
    LIPS_GEN_CONSTANT,
    LIPS_GEN_SHORTER
} lips_gen_verdict;

/* Makes problem out from concrete program p, in strict semantics: M
 * examples with lists of at most max_list_len elements, drawn from the backward-bounds ranges with a
 * generator seeded by seed. out->program is p, out->sketch its inputs.
 * LIPS_GEN_SHORTER when a program of fewer statements over p's inputs
 * produces every output (an exhaustive enumerative search: costly for long
 * programs, docs/datagen.md). */
lips_gen_verdict lips_gen_examples(const lips_program *p, int M, int max_list_len, uint64_t seed,
                                   lips_problem *out);

/* Attribute and instance frequencies of a dataset's programs. */
typedef struct lips_dataset_stats {
    long problems;
    long with_program; /* records that carry a program */
    long attrs[LIPS_N_ATTRS];
    long instances[LIPS_N_INSTANCES];
    long lengths[LIPS_MAX_STMTS + 1];
} lips_dataset_stats;

lips_status lips_dataset_stats_read(const char *path, lips_dataset_stats *st, lips_error *err);

/* {"problems": N, "attributes": {"HEAD": f, ...}, "instances": {...},
 * "lengths": {...}}: f is the fraction of programs with the attribute, so
 * the file is an ordering for lips_order_load. */
void lips_dataset_stats_write_json(const lips_dataset_stats *st, FILE *out);

/* The same as an aligned table, for people. */
void lips_dataset_stats_write_table(const lips_dataset_stats *st, FILE *out);

#endif
