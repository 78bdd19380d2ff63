/* Mini-batch Adam over the network's single parameter buffer, and the
 * measures that judge the predictions. */
#include "lips/train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "rng.h"

#define C LIPS_N_ATTRS

void lips_train_config_default(lips_train_config *c) {
    c->epochs = 10;
    c->batch = 64;
    c->lr = 1e-3f;
    c->seed = 1;
    c->progress = NULL;
    c->report = NULL;
    c->comm = NULL;
}

void lips_train_targets(const lips_problem *p, float y[LIPS_N_ATTRS]) {
    uint64_t bits = lips_program_attrs(&p->program);
    for (int i = 0; i < C; i++) y[i] = (float)((bits >> i) & 1);
}

/* Probabilities for n problems, batch by batch. */
static void predict_all(lips_nn *nn, const lips_problem *data, size_t n, float *probs) {
    const lips_problem *batch[4096];
    for (size_t i = 0; i < n;) {
        int b = 0;
        for (; b < nn->cfg.max_batch && i + (size_t)b < n; b++) batch[b] = &data[i + (size_t)b];
        lips_nn_forward(nn, batch, b);
        for (int k = 0; k < b * C; k++) probs[i * C + (size_t)k] = 1.0f / (1.0f + expf(-nn->logits[k]));
        i += (size_t)b;
    }
}

static const float *probs_sort_key;
static int by_prob_desc(const void *a, const void *b) {
    float x = probs_sort_key[*(const int *)a], y = probs_sort_key[*(const int *)b];
    return x > y ? -1 : x < y ? 1 : *(const int *)a - *(const int *)b;
}

static const float *auc_key;
static int by_score(const void *a, const void *b) {
    float x = auc_key[*(const size_t *)a], y = auc_key[*(const size_t *)b];
    return x < y ? -1 : x > y;
}

/* Measures probs[n x C] against the problems' programs. */
static lips_status measure(const float *probs, const lips_problem *data, size_t n, lips_eval *out) {
    memset(out, 0, sizeof *out);
    float *y = malloc(n * C * sizeof *y), *col = malloc(n * sizeof *col);
    size_t *idx = malloc(n * sizeof *idx);
    if (!y || !col || !idx) {
        free(y);
        free(col);
        free(idx);
        return LIPS_ERR_INTERNAL;
    }
    double count[C] = {0};
    for (size_t i = 0; i < n; i++) {
        lips_train_targets(&data[i], y + i * C);
        int order[C];
        for (int j = 0; j < C; j++) order[j] = j;
        probs_sort_key = probs + i * C;
        qsort(order, C, sizeof order[0], by_prob_desc);
        int hits = 0, worst = 0, ntrue = 0;
        double ap = 0;
        for (int r = 0; r < C; r++) {
            int j = order[r];
            float p = probs[i * C + (size_t)j], t = y[i * C + (size_t)j];
            out->loss += -(t * log(fmax(p, 1e-7)) + (1 - t) * log(fmax(1 - p, 1e-7)));
            if (t > 0) {
                hits++;
                ap += (double)hits / (r + 1);
                out->mean_rank += r + 1;
                worst = r + 1;
                ntrue++;
            }
        }
        out->map += ntrue ? ap / ntrue : 0;
        out->mean_worst_rank += worst;
        for (int a = 0; a < C; a++) {
            if (y[i * C + (size_t)a] == 0) continue;
            count[a]++;
            for (int b = 0; b < C; b++) out->confusion[a][b] += probs[i * C + (size_t)b];
        }
    }
    double total_true = 0;
    for (size_t i = 0; i < n * C; i++) total_true += y[i];
    out->mean_rank /= total_true > 0 ? total_true : 1;
    out->loss /= (double)n;
    out->map /= (double)n;
    out->mean_worst_rank /= (double)n;
    for (int a = 0; a < C; a++)
        for (int b = 0; b < C; b++) out->confusion[a][b] /= count[a] > 0 ? count[a] : 1;
    /* ROC AUC by the rank-sum (Mann-Whitney) formula, ties averaged */
    int n_auc = 0;
    for (int a = 0; a < C; a++) {
        for (size_t i = 0; i < n; i++) {
            col[i] = probs[i * C + (size_t)a];
            idx[i] = i;
        }
        auc_key = col;
        qsort(idx, n, sizeof idx[0], by_score);
        double pos = 0, rank_sum = 0;
        for (size_t i = 0; i < n;) {
            size_t j = i;
            while (j < n && col[idx[j]] == col[idx[i]]) j++;
            double avg = (double)(i + j + 1) / 2.0;
            for (size_t k = i; k < j; k++)
                if (y[idx[k] * C + (size_t)a] > 0) pos++, rank_sum += avg;
            i = j;
        }
        double neg = (double)n - pos;
        out->auc[a] = pos > 0 && neg > 0 ? (rank_sum - pos * (pos + 1) / 2) / (pos * neg) : NAN;
        if (!isnan(out->auc[a])) out->mean_auc += out->auc[a], n_auc++;
    }
    out->mean_auc = n_auc ? out->mean_auc / n_auc : NAN;
    free(y);
    free(col);
    free(idx);
    return LIPS_OK;
}

lips_status lips_evaluate(lips_nn *nn, const lips_problem *data, size_t n, lips_eval *out, lips_error *err) {
    if (n == 0) return lips_error_set(err, LIPS_ERR_INPUT, NULL, 0, 0, "no problems to evaluate");
    float *probs = malloc(n * C * sizeof *probs);
    if (!probs) return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
    predict_all(nn, data, n, probs);
    lips_status s = measure(probs, data, n, out);
    free(probs);
    return s ? lips_error_set(err, s, NULL, 0, 0, "out of memory") : LIPS_OK;
}

void lips_evaluate_fixed(const float p[LIPS_N_ATTRS], const lips_problem *data, size_t n, lips_eval *out) {
    float *probs = malloc(n * C * sizeof *probs);
    if (!probs) return;
    for (size_t i = 0; i < n; i++) memcpy(probs + i * C, p, C * sizeof *probs);
    measure(probs, data, n, out);
    free(probs);
}

/* One data-parallel step's gradient, the mean over `all` problems of which
 * this rank holds b: its slice's mean gradient weighted by b / all, summed
 * over the ranks with the slices' losses (added to *loss). */
static int data_parallel_step(lips_nn *nn, const lips_comm *comm, const lips_problem **batch, const float *y, int b,
                              size_t all, double *loss) {
    double part = 0;
    if (b > 0) {
        lips_nn_forward(nn, batch, b);
        part = lips_nn_backward(nn, y, b) * b;
        float w = (float)b / (float)all;
        for (size_t k = 0; k < nn->n_params; k++) nn->grads[k] *= w;
    } else {
        memset(nn->grads, 0, nn->n_params * sizeof *nn->grads);
    }
    if (comm->sum_floats(comm->ctx, nn->grads, nn->n_params) || comm->sum_doubles(comm->ctx, &part, 1)) return -1;
    *loss += part;
    return 0;
}

lips_status lips_train(lips_nn *nn, const lips_problem *train, size_t n, const lips_problem *valid, size_t nv,
                       const lips_train_config *cfg, double *loss_out, lips_error *err) {
    int B = cfg->batch < 1 ? 1 : cfg->batch > nn->cfg.max_batch ? nn->cfg.max_batch : cfg->batch;
    const lips_comm *comm = lips_comm_many(cfg->comm) ? cfg->comm : NULL;
    size_t ranks = comm ? (size_t)comm->size : 1, step_n = ranks * (size_t)B;
    for (size_t i = 0; i < n; i++)
        if (!train[i].has_program)
            return lips_error_set(err, LIPS_ERR_INPUT, NULL, 0, 0, "training problem %zu has no program", i + 1);
    size_t np = nn->n_params;
    float *m = calloc(np, sizeof *m), *v = calloc(np, sizeof *v), *y = malloc((size_t)B * C * sizeof *y);
    size_t *perm = malloc(n * sizeof *perm);
    if (!m || !v || !y || !perm) {
        free(m);
        free(v);
        free(y);
        free(perm);
        return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
    }
    const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    lips_status st = LIPS_OK;
    uint64_t s = cfg->seed;
    long step = 0;
    double loss = 0, start = lips_now_s(), step_s = 0;
    lips_train_report *rep = cfg->report;
    if (rep) memset(rep, 0, sizeof *rep);
    for (size_t i = 0; i < n; i++) perm[i] = i;
    for (int ep = 0; ep < cfg->epochs; ep++) {
        double t0 = lips_now_s();
        for (size_t i = n; i > 1; i--) { /* Fisher-Yates with the seeded generator */
            size_t j = (size_t)(lips_rng_next(&s) % i), t = perm[i - 1];
            perm[i - 1] = perm[j];
            perm[j] = t;
        }
        loss = 0;
        for (size_t i = 0; i < n; i += step_n) {
            const lips_problem *batch[4096];
            /* this rank's slice of the step's problems: all of them for one process */
            size_t all = n - i < step_n ? n - i : step_n, r = comm ? (size_t)comm->rank : 0;
            size_t from = i + all * r / ranks, to = i + all * (r + 1) / ranks;
            int b = 0;
            for (; from + (size_t)b < to; b++) {
                batch[b] = &train[perm[from + (size_t)b]];
                lips_train_targets(batch[b], y + (size_t)b * C);
            }
            if (comm) {
                if (data_parallel_step(nn, comm, batch, y, b, all, &loss)) {
                    st = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "the ranks could not sum their gradients");
                    goto end;
                }
            } else {
                lips_nn_forward(nn, batch, b);
                loss += lips_nn_backward(nn, y, b) * b;
            }
            step++;
            float c1 = 1.0f - powf(b1, (float)step), c2 = 1.0f - powf(b2, (float)step);
            for (size_t k = 0; k < np; k++) {
                float g = nn->grads[k];
                m[k] = b1 * m[k] + (1 - b1) * g;
                v[k] = b2 * v[k] + (1 - b2) * g * g;
                nn->params[k] -= cfg->lr * (m[k] / c1) / (sqrtf(v[k] / c2) + eps);
            }
        }
        loss /= (double)n;
        double dt = lips_now_s() - t0; /* the steps alone: validation is not training throughput */
        step_s += dt;
        /* the validation set is measured after every epoch when there is a
         * progress line, and after the last for the report */
        int last = ep + 1 == cfg->epochs, measured = 0;
        lips_eval ev;
        if (valid && nv && (cfg->progress || (rep && last)))
            measured = lips_evaluate(nn, valid, nv, &ev, err) == LIPS_OK;
        if (rep && last && measured) {
            rep->has_valid = 1;
            rep->valid = ev;
        }
        if (cfg->progress) {
            fprintf(cfg->progress, "epoch %d/%d: train loss %.4f", ep + 1, cfg->epochs, loss);
            if (measured)
                fprintf(cfg->progress, ", valid loss %.4f, mean AUC %.3f, MAP %.3f", ev.loss, ev.mean_auc, ev.map);
            fprintf(cfg->progress, ", %.1f s (%.0f problems/s)\n", lips_now_s() - t0, (double)n / (dt > 0 ? dt : 1e-9));
            fflush(cfg->progress);
        }
    }
end:
    if (rep && !st) {
        rep->loss = loss;
        rep->seconds = lips_now_s() - start;
        rep->step_seconds = step_s;
        rep->problems_per_s = step_s > 0 ? (double)n * cfg->epochs / step_s : 0;
    }
    free(m);
    free(v);
    free(y);
    free(perm);
    if (loss_out && !st) *loss_out = loss;
    return st;
}
