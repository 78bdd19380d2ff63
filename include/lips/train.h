/* Training the attribute predictor (mini-batch Adam) and measuring it. */
#ifndef LIPS_TRAIN_H
#define LIPS_TRAIN_H

#include <stdio.h>

#include "lips/comm.h"
#include "lips/nn.h"

/* Quality on a labelled set: mean binary cross-entropy, per-attribute ROC AUC
 * (NAN where the attribute is always or never present), mean average
 * precision of each problem's ranking, and the mean rank (1 = first) of the
 * true attributes and of the worst-ranked true attribute. */
typedef struct lips_eval {
    double loss, mean_auc, map, mean_rank, mean_worst_rank;
    double auc[LIPS_N_ATTRS];
    /* confusion[i][j]: mean predicted probability of j over problems that have i */
    double confusion[LIPS_N_ATTRS][LIPS_N_ATTRS];
} lips_eval;

/* What a training run did, for the model card. */
typedef struct lips_train_report {
    double loss;           /* the last epoch's mean training loss */
    double seconds;        /* wall time of the whole run, validation included */
    double step_seconds;   /* wall time of the training steps alone */
    double problems_per_s; /* epochs x problems / step_seconds */
    int has_valid;         /* valid was given: */
    lips_eval valid;       /* the last epoch's validation measures */
} lips_train_report;

typedef struct lips_train_config {
    int epochs;
    int batch;
    float lr;
    uint64_t seed;
    FILE *progress; /* a line per epoch, or NULL */
    lips_train_report *report; /* filled when not NULL */
    /* NULL: one process. Else data-parallel: each step takes comm->size x
     * batch problems, each rank computes the gradient of its contiguous
     * slice and the ranks sum them (sum_floats), so every rank makes the
     * same update as one process would with a batch of comm->size x batch
     * (to rounding). Every rank needs nn built from the same seed and the
     * same data; progress and report belong on rank 0 alone. */
    const lips_comm *comm;
} lips_train_config;

void lips_train_config_default(lips_train_config *c);

/* The 34 0/1 targets of a problem's known program. */
void lips_train_targets(const lips_problem *p, float y[LIPS_N_ATTRS]);

/* Trains nn on problems with known programs; valid may be NULL. Deterministic
 * for a seed and an OpenBLAS thread count (OpenBLAS may sum in another order
 * with another number of threads). Returns the last epoch's mean training
 * loss in *loss. */
lips_status lips_train(lips_nn *nn, const lips_problem *train, size_t n, const lips_problem *valid, size_t nv,
                       const lips_train_config *cfg, double *loss, lips_error *err);

lips_status lips_evaluate(lips_nn *nn, const lips_problem *data, size_t n, lips_eval *out, lips_error *err);

/* The same measures for a fixed vector of probabilities (the prior). */
void lips_evaluate_fixed(const float probs[LIPS_N_ATTRS], const lips_problem *data, size_t n, lips_eval *out);

#endif
