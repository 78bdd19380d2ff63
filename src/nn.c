/* The attribute predictor's forward and backward passes. Buffers are sized
 * once in lips_nn_new; the passes allocate nothing. */
#include "lips/nn.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "lips/dsl.h"
#include "rng.h"

#define C LIPS_N_ATTRS
#define MAGIC "LIPSNN\0\0"
#define VERSION 2u /* version 1: no R field, no relation features */
#define HEADER_BYTES(version) (8 + 4 * ((version) == 1 ? 6 : 7) + 8)

void lips_nn_config_default(lips_nn_config *c) {
    c->E = 20;
    c->L = 20;
    c->K = 256;
    c->H = 3;
    c->R = LIPS_NN_RELATIONS;
    c->max_batch = 64;
}

static size_t layer_in(const lips_nn *nn, int l) { return l == 0 ? (size_t)nn->in_dim : (size_t)nn->cfg.K; }

/* Lays the parameter groups out in one buffer (params or grads); with base
 * NULL it only counts them. Offsets are integers, so counting does no
 * arithmetic on a null pointer. */
static void views(lips_nn *nn, float *base, lips_nn_params *v) {
    const lips_nn_config *c = &nn->cfg;
    size_t at = 0;
#define TAKE(field, n) (v->field = base ? base + at : NULL, at += (n))
    TAKE(emb, (size_t)LIPS_NN_VOCAB * c->E);
    for (int l = 0; l < c->H; l++) {
        TAKE(W[l], (size_t)c->K * layer_in(nn, l));
        TAKE(b[l], (size_t)c->K);
    }
    TAKE(Wd, (size_t)C * c->K);
    TAKE(bd, (size_t)C);
#undef TAKE
    nn->n_params = at;
}

static float uniform(uint64_t *s, float a) { return a * (2.0f * (float)(lips_rng_next(s) >> 40) / (float)(1ull << 24) - 1.0f); }

static int config_ok(const lips_nn_config *c) {
    return c->E >= 1 && c->E <= 256 && c->L >= 1 && c->L <= LIPS_MAX_LEN && c->K >= 1 && c->K <= 4096 && c->H >= 1 &&
           c->H <= 8 && (c->R == 0 || c->R == LIPS_NN_RELATIONS) && c->max_batch >= 1 && c->max_batch <= 4096;
}

lips_nn *lips_nn_new(const lips_nn_config *cfg, uint64_t seed) {
    if (!config_ok(cfg)) return NULL;
    lips_nn *nn = calloc(1, sizeof *nn);
    if (!nn) return NULL;
    nn->cfg = *cfg;
    nn->in_dim = LIPS_NN_SLOTS * (2 + cfg->L * cfg->E) + cfg->R;
    views(nn, NULL, &nn->p);
    nn->params = calloc(nn->n_params, sizeof(float));
    nn->grads = calloc(nn->n_params, sizeof(float));
    int rows = nn->max_rows = cfg->max_batch * LIPS_MAX_EXAMPLES;
    size_t wide = (size_t)(nn->in_dim > cfg->K ? nn->in_dim : cfg->K);
    nn->tokens = calloc((size_t)rows * LIPS_NN_SLOTS * cfg->L, sizeof *nn->tokens);
    nn->x = calloc((size_t)rows * nn->in_dim, sizeof(float));
    nn->dh = calloc((size_t)rows * wide, sizeof(float));
    nn->dh2 = calloc((size_t)rows * wide, sizeof(float));
    nn->pool = calloc((size_t)cfg->max_batch * cfg->K, sizeof(float));
    nn->dpool = calloc((size_t)cfg->max_batch * cfg->K, sizeof(float));
    nn->logits = calloc((size_t)cfg->max_batch * C * 2, sizeof(float)); /* logits, then their gradient */
    nn->rows_of = calloc((size_t)rows, sizeof(int));
    nn->n_rows = calloc((size_t)cfg->max_batch, sizeof(int));
    int ok = nn->params && nn->grads && nn->tokens && nn->x && nn->dh && nn->dh2 && nn->pool && nn->dpool &&
             nn->logits && nn->rows_of && nn->n_rows;
    for (int l = 0; l < cfg->H && ok; l++) ok = (nn->h[l] = calloc((size_t)rows * cfg->K, sizeof(float))) != NULL;
    if (!ok) {
        lips_nn_free(nn);
        return NULL;
    }
    views(nn, nn->params, &nn->p);
    views(nn, nn->grads, &nn->g);
    /* Xavier-uniform weights, small embeddings, zero biases */
    uint64_t s = seed;
    for (size_t i = 0; i < (size_t)LIPS_NN_VOCAB * cfg->E; i++) nn->p.emb[i] = uniform(&s, 0.5f);
    for (int l = 0; l < cfg->H; l++) {
        size_t in = layer_in(nn, l);
        float a = sqrtf(6.0f / (float)(in + (size_t)cfg->K));
        for (size_t i = 0; i < (size_t)cfg->K * in; i++) nn->p.W[l][i] = uniform(&s, a);
    }
    float a = sqrtf(6.0f / (float)(cfg->K + C));
    for (size_t i = 0; i < (size_t)C * cfg->K; i++) nn->p.Wd[i] = uniform(&s, a);
    return nn;
}

void lips_nn_free(lips_nn *nn) {
    if (!nn) return;
    free(nn->params);
    free(nn->grads);
    free(nn->tokens);
    free(nn->x);
    free(nn->dh);
    free(nn->dh2);
    free(nn->pool);
    free(nn->dpool);
    free(nn->logits);
    free(nn->rows_of);
    free(nn->n_rows);
    for (int l = 0; l < 8; l++) free(nn->h[l]);
    free(nn);
}

static inline float sigmoidf(float z) { return 1.0f / (1.0f + expf(-z)); }

static int is_list(const lips_value *v) { return v->type == LIPS_T_LIST; }

static int sorted(const lips_value *v, int dir) {
    if (!is_list(v) || v->len < 2) return 0;
    for (int i = 1; i < v->len; i++)
        if (dir > 0 ? v->v[i] < v->v[i - 1] : v->v[i] > v->v[i - 1]) return 0;
    return 1;
}

/* A first-order list function of the DSL (SORT, REVERSE) on v, by its kernel. */
static lips_value apply(int fn, const lips_value *v) {
    lips_value r;
    lips_instance_eval(lips_instance_find(fn, LIPS_NONE), LIPS_SEM_STRICT, v, NULL, &r);
    return r;
}

/* Is the multiset of a contained in that of b? Both given sorted. */
static int sub_multiset(const lips_value *sa, const lips_value *sb) {
    int j = 0;
    for (int i = 0; i < sa->len; i++) {
        while (j < sb->len && sb->v[j] < sa->v[i]) j++;
        if (j == sb->len || sb->v[j] != sa->v[i]) return 0;
        j++;
    }
    return 1;
}

static int subsequence(const lips_value *a, const lips_value *b) {
    int j = 0;
    for (int i = 0; i < b->len && j < a->len; i++) j += b->v[i] == a->v[j];
    return j == a->len;
}

static int affix(const lips_value *a, const lips_value *b, int suffix) {
    if (a->len > b->len) return 0;
    int off = suffix ? b->len - a->len : 0;
    return memcmp(a->v, b->v + off, (size_t)a->len * sizeof a->v[0]) == 0;
}

static int element_of(int32_t x, const lips_value *b) {
    for (int i = 0; i < b->len; i++)
        if (b->v[i] == x) return 1;
    return 0;
}

void lips_nn_relations(const lips_problem *p, const lips_example *ex, float *f) {
    const lips_value *o = &ex->out;
    memset(f, 0, LIPS_NN_RELATIONS * sizeof *f);
    f[0] = (float)sorted(o, 1);
    f[1] = (float)sorted(o, -1);
    lips_value so = is_list(o) ? apply(LIPS_FN_SORT, o) : *o;
    for (int s = 0; s < p->sketch.n_inputs && s < LIPS_MAX_INPUTS; s++) {
        const lips_value *in = &ex->in[s];
        float *g = f + 2 + s * LIPS_NN_REL_PER_INPUT;
        if (is_list(in) && is_list(o)) {
            lips_value si = apply(LIPS_FN_SORT, in), ri = apply(LIPS_FN_REVERSE, in);
            int sub = sub_multiset(&so, &si);
            g[0] = (float)(o->len == in->len && sub);
            g[1] = (float)(o->len >= 2 && lips_value_equal(o, &ri));
            g[2] = (float)subsequence(o, in);
            g[3] = (float)sub;
            g[4] = (float)affix(o, in, 0);
            g[5] = (float)affix(o, in, 1);
            g[6] = (float)(o->len == in->len);
            g[7] = (float)(o->len < in->len);
        }
        if (is_list(in) && !is_list(o)) g[8] = (float)element_of(o->v[0], in);
        g[9] = (float)sorted(in, 1);
        if (!is_list(in) && is_list(o)) g[10] = (float)(in->v[0] == o->len);
    }
}

/* One example as the encoder sees it: per slot a type one-hot and L tokens,
 * then the relation features. */
static void encode_row(lips_nn *nn, const lips_problem *p, const lips_example *ex, int r) {
    const lips_nn_config *c = &nn->cfg;
    int slot_dim = 2 + c->L * c->E;
    float *x = nn->x + (size_t)r * nn->in_dim;
    for (int s = 0; s < LIPS_NN_SLOTS; s++) {
        const lips_value *v = s < LIPS_MAX_INPUTS ? (s < p->sketch.n_inputs ? &ex->in[s] : NULL) : &ex->out;
        int32_t *tok = nn->tokens + ((size_t)r * LIPS_NN_SLOTS + s) * c->L;
        float *xs = x + (size_t)s * slot_dim;
        xs[0] = v && v->type == LIPS_T_INT;
        xs[1] = v && v->type == LIPS_T_LIST;
        int n = !v ? 0 : v->type == LIPS_T_INT ? 1 : v->len;
        /* inputs and outputs are in [-256, 255] in either semantics (only
         * the values between them may be wider), so every token has a row */
        for (int j = 0; j < c->L; j++) {
            tok[j] = j < n ? v->v[j] - LIPS_INT_MIN : LIPS_NN_NULL_TOKEN;
            memcpy(xs + 2 + (size_t)j * c->E, nn->p.emb + (size_t)tok[j] * c->E, (size_t)c->E * sizeof(float));
        }
    }
    if (c->R) lips_nn_relations(p, ex, x + (size_t)LIPS_NN_SLOTS * slot_dim);
}

/* out[rows x K] = sigmoid(in[rows x n] W^T + b) */
static void dense_forward(int rows, int n, int K, const float *in, const float *W, const float *b, float *out) {
    for (int r = 0; r < rows; r++) memcpy(out + (size_t)r * K, b, (size_t)K * sizeof(float));
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, K, n, 1.0f, in, n, W, n, 1.0f, out, K);
    for (size_t i = 0; i < (size_t)rows * K; i++) out[i] = sigmoidf(out[i]);
}

void lips_nn_forward(lips_nn *nn, const lips_problem *const *probs, int n) {
    const lips_nn_config *c = &nn->cfg;
    int rows = 0;
    for (int i = 0; i < n; i++) {
        nn->n_rows[i] = probs[i]->n_examples;
        for (int e = 0; e < probs[i]->n_examples; e++, rows++) {
            nn->rows_of[rows] = i;
            encode_row(nn, probs[i], &probs[i]->examples[e], rows);
        }
    }
    const float *in = nn->x;
    for (int l = 0; l < c->H; l++) {
        dense_forward(rows, (int)layer_in(nn, l), c->K, in, nn->p.W[l], nn->p.b[l], nn->h[l]);
        in = nn->h[l];
    }
    /* mean over each problem's examples */
    memset(nn->pool, 0, (size_t)n * c->K * sizeof(float));
    for (int r = 0; r < rows; r++) {
        int i = nn->rows_of[r];
        float w = 1.0f / (float)nn->n_rows[i];
        cblas_saxpy(c->K, w, in + (size_t)r * c->K, 1, nn->pool + (size_t)i * c->K, 1);
    }
    for (int i = 0; i < n; i++) memcpy(nn->logits + (size_t)i * C, nn->p.bd, C * sizeof(float));
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, C, c->K, 1.0f, nn->pool, c->K, nn->p.Wd, c->K, 1.0f,
                nn->logits, C);
}

double lips_nn_backward(lips_nn *nn, const float *targets, int n) {
    const lips_nn_config *c = &nn->cfg;
    int K = c->K, rows = 0;
    for (int i = 0; i < n; i++) rows += nn->n_rows[i];
    memset(nn->grads, 0, nn->n_params * sizeof(float));
    float *dz = nn->logits + (size_t)nn->cfg.max_batch * C;
    double loss = 0;
    for (int i = 0; i < n * C; i++) {
        float z = nn->logits[i], y = targets[i];
        /* binary cross-entropy from logits, stable for large |z| */
        loss += (z > 0 ? z : 0) - z * y + log1p(exp(-fabs((double)z)));
        dz[i] = (sigmoidf(z) - y) / (float)n;
    }
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, C, K, n, 1.0f, dz, C, nn->pool, K, 0.0f, nn->g.Wd, K);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < C; j++) nn->g.bd[j] += dz[(size_t)i * C + j];
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, K, C, 1.0f, dz, C, nn->p.Wd, K, 0.0f, nn->dpool, K);
    float *dh = nn->dh, *dprev = nn->dh2;
    for (int r = 0; r < rows; r++) {
        int i = nn->rows_of[r];
        float w = 1.0f / (float)nn->n_rows[i];
        for (int k = 0; k < K; k++) dh[(size_t)r * K + k] = nn->dpool[(size_t)i * K + k] * w;
    }
    for (int l = c->H - 1; l >= 0; l--) {
        const float *h = nn->h[l], *in = l ? nn->h[l - 1] : nn->x;
        int nin = (int)layer_in(nn, l);
        for (size_t i = 0; i < (size_t)rows * K; i++) dh[i] *= h[i] * (1.0f - h[i]);
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, K, nin, rows, 1.0f, dh, K, in, nin, 0.0f, nn->g.W[l], nin);
        for (int r = 0; r < rows; r++) cblas_saxpy(K, 1.0f, dh + (size_t)r * K, 1, nn->g.b[l], 1);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, nin, K, 1.0f, dh, K, nn->p.W[l], nin, 0.0f, dprev,
                    nin);
        float *t = dh;
        dh = dprev;
        dprev = t;
    }
    /* dh now holds the gradient of x: scatter it into the embedding rows */
    int slot_dim = 2 + c->L * c->E;
    for (int r = 0; r < rows; r++)
        for (int s = 0; s < LIPS_NN_SLOTS; s++)
            for (int j = 0; j < c->L; j++) {
                int tok = nn->tokens[((size_t)r * LIPS_NN_SLOTS + s) * c->L + j];
                cblas_saxpy(c->E, 1.0f, dh + (size_t)r * nn->in_dim + (size_t)s * slot_dim + 2 + (size_t)j * c->E, 1,
                            nn->g.emb + (size_t)tok * c->E, 1);
            }
    return loss / n;
}

void lips_nn_predict(lips_nn *nn, const lips_problem *p, float probs[LIPS_N_ATTRS]) {
    const lips_problem *one[1] = {p};
    lips_nn_forward(nn, one, 1);
    for (int i = 0; i < C; i++) probs[i] = sigmoidf(nn->logits[i]);
}

/* ---- files ---- */

static void put_u32(unsigned char *b, uint32_t v) {
    for (int i = 0; i < 4; i++) b[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *b) {
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

lips_status lips_nn_save(const lips_nn *nn, const char *path, lips_error *err) {
    size_t head = HEADER_BYTES(VERSION), bytes = head + 4 * nn->n_params + 4;
    unsigned char *buf = malloc(bytes);
    if (!buf) return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
    memcpy(buf, MAGIC, 8);
    uint32_t dims[7] = {VERSION,           (uint32_t)nn->cfg.E, (uint32_t)nn->cfg.L, (uint32_t)nn->cfg.K,
                        (uint32_t)nn->cfg.H, C,                 (uint32_t)nn->cfg.R};
    for (int i = 0; i < 7; i++) put_u32(buf + 8 + 4 * i, dims[i]);
    put_u32(buf + head - 8, (uint32_t)nn->n_params);
    put_u32(buf + head - 4, (uint32_t)((uint64_t)nn->n_params >> 32));
    for (size_t i = 0; i < nn->n_params; i++) {
        uint32_t u;
        memcpy(&u, &nn->params[i], 4);
        put_u32(buf + head + 4 * i, u);
    }
    put_u32(buf + bytes - 4, (uint32_t)crc32(0L, buf, (uInt)(bytes - 4)));
    /* write a temporary file and rename it, so a killed run leaves no half model */
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(buf, 1, bytes, f) == bytes;
    ok = f && fclose(f) == 0 && ok;
    free(buf);
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot write the model file");
    }
    return LIPS_OK;
}

lips_status lips_nn_load(const char *path, lips_nn **out, lips_error *err) {
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0 || S_ISDIR(st.st_mode))
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot open the model file");
    if ((unsigned long long)st.st_size > LIPS_NN_MAX_FILE_BYTES)
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "model file is larger than the %u-byte limit",
                              LIPS_NN_MAX_FILE_BYTES);
    size_t bytes = (size_t)st.st_size;
    if (bytes < HEADER_BYTES(1) + 4)
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "not a lips model: %zu bytes is too short", bytes);
    unsigned char *buf = malloc(bytes);
    FILE *f = fopen(path, "rb");
    size_t got = f && buf ? fread(buf, 1, bytes, f) : 0;
    if (f) fclose(f);
    lips_status s = LIPS_OK;
    if (!buf) s = lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
    else if (got != bytes) s = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot read the model file");
    else if (memcmp(buf, MAGIC, 8) != 0) s = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "not a lips model (bad magic)");
    else if (get_u32(buf + 8) < 1 || get_u32(buf + 8) > VERSION)
        s = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "model version %u, this lips reads versions 1 to %u",
                           get_u32(buf + 8), VERSION);
    else if (get_u32(buf + bytes - 4) != (uint32_t)crc32(0L, buf, (uInt)(bytes - 4)))
        s = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "model file is corrupted (checksum mismatch)");
    lips_nn *nn = NULL;
    if (s == LIPS_OK) {
        lips_nn_config cfg;
        lips_nn_config_default(&cfg);
        cfg.E = (int)get_u32(buf + 12);
        cfg.L = (int)get_u32(buf + 16);
        cfg.K = (int)get_u32(buf + 20);
        cfg.H = (int)get_u32(buf + 24);
        uint32_t version = get_u32(buf + 8);
        size_t head = HEADER_BYTES(version);
        cfg.R = version == 1 ? 0 : (int)get_u32(buf + 32);
        uint64_t np = bytes >= head + 4 ? get_u32(buf + head - 8) | (uint64_t)get_u32(buf + head - 4) << 32 : 0;
        if (get_u32(buf + 28) != C || !config_ok(&cfg))
            s = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "model dimensions are out of range");
        else if (!(nn = lips_nn_new(&cfg, 0)))
            s = lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
        else if (np != nn->n_params || bytes != head + 4 * np + 4)
            s = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0,
                               "model file size does not match its dimensions (truncated or mismatched)");
        for (size_t i = 0; s == LIPS_OK && i < nn->n_params; i++) {
            uint32_t u = get_u32(buf + head + 4 * i);
            memcpy(&nn->params[i], &u, 4);
            if (!isfinite(nn->params[i]))
                s = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "model parameter %zu is not finite", i);
        }
    }
    free(buf);
    if (s) {
        lips_nn_free(nn);
        return s;
    }
    *out = nn;
    return LIPS_OK;
}
