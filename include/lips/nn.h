/* The neural attribute predictor (DeepCoder's encoder/decoder): examples in,
 * 34 attribute probabilities out. Forward and backward passes are explicit
 * pairs over one parameter buffer, one gradient buffer and one activation
 * buffer sized at creation (llm.c is the model); every matrix product goes
 * through cblas_sgemm. docs/nn.md describes the network and the file format. */
#ifndef LIPS_NN_H
#define LIPS_NN_H

#include <stddef.h>
#include <stdint.h>

#include "lips/problem.h"

#define LIPS_NN_NULL_TOKEN 512 /* tokens 0..511 are the ints -256..255 */
#define LIPS_NN_VOCAB 513
#define LIPS_NN_SLOTS (LIPS_MAX_INPUTS + 1) /* inputs, then the output */
#define LIPS_NN_MAX_FILE_BYTES (64u << 20)
/* Relations between an example's values (docs/nn.md, "Relations"): 2 of the
 * output, then 11 of each input slot against the output. */
#define LIPS_NN_REL_PER_INPUT 11
#define LIPS_NN_RELATIONS (2 + LIPS_MAX_INPUTS * LIPS_NN_REL_PER_INPUT)

typedef struct lips_nn_config {
    int E; /* embedding dimensions (20) */
    int L; /* value length, padded with NULL (20) */
    int K; /* hidden units per layer (256) */
    int H; /* hidden layers (3) */
    int R; /* relation features per example: 0 or LIPS_NN_RELATIONS (the default) */
    int max_batch; /* problems per training batch the buffers are sized for */
} lips_nn_config;

void lips_nn_config_default(lips_nn_config *c);

/* Parameter groups, in buffer order: embedding, then W and b of each hidden
 * layer, then the decoder's W and b. */
typedef struct lips_nn_params {
    float *emb;              /* VOCAB x E */
    float *W[8], *b[8];      /* layer l: K x in_l, K */
    float *Wd, *bd;          /* C x K, C */
} lips_nn_params;

typedef struct lips_nn {
    lips_nn_config cfg;
    int in_dim;            /* SLOTS * (2 + L*E) + R */
    size_t n_params;
    float *params, *grads; /* n_params each */
    lips_nn_params p, g;   /* views into params and grads */
    /* activations for max_batch problems of up to LIPS_MAX_EXAMPLES examples */
    int max_rows;
    int32_t *tokens;       /* rows x SLOTS*L */
    float *types;          /* rows x SLOTS*2 */
    float *x;              /* rows x in_dim */
    float *h[8];           /* layer outputs, rows x K */
    float *dh, *dh2;       /* rows x max(K, in_dim) scratch */
    float *pool, *dpool;   /* max_batch x K */
    float *logits;         /* max_batch x C */
    int *rows_of;          /* problem of each row */
    int *n_rows;           /* rows per problem */
} lips_nn;

/* The LIPS_NN_RELATIONS features of one example, each 0 or 1: whether the
 * output is sorted either way, and for each input whether the output is a
 * permutation of it, its reverse, a subsequence, a sub-multiset, a prefix, a
 * suffix, of the same or a smaller length, an element of it, whether the
 * input is sorted, and whether an int input equals the output list's length.
 * An MLP over tokens at fixed positions sees these relations only
 * indirectly. */
void lips_nn_relations(const lips_problem *p, const lips_example *ex, float *f);

/* A network with Xavier-uniform weights from seed; NULL when out of memory. */
lips_nn *lips_nn_new(const lips_nn_config *cfg, uint64_t seed);
void lips_nn_free(lips_nn *nn);

/* Forward pass over n problems (n <= max_batch): logits[n x 34]. */
void lips_nn_forward(lips_nn *nn, const lips_problem *const *probs, int n);

/* Backward pass after lips_nn_forward with the same problems: the gradient of
 * the mean binary cross-entropy of targets[n x 34] (0/1) is written to
 * nn->grads (overwritten, not accumulated). Returns the loss. */
double lips_nn_backward(lips_nn *nn, const float *targets, int n);

/* The 34 probabilities for one problem. */
void lips_nn_predict(lips_nn *nn, const lips_problem *p, float probs[LIPS_N_ATTRS]);

/* Versioned little-endian file: magic, version, dimensions, parameters, CRC-32. */
lips_status lips_nn_save(const lips_nn *nn, const char *path, lips_error *err);
/* Refuses truncated, corrupted or mismatched files with a one-line error. */
lips_status lips_nn_load(const char *path, lips_nn **out, lips_error *err);

#endif
