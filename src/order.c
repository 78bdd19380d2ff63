/* The ordering of function instances, and the search every solver is
 * handed: made here once, so the solvers share one clock, one clamp of the
 * length and one hole sketch. */
#include "lips/order.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "json.h"

static const char *const solver_names[LIPS_N_SOLVERS] = {"dfs", "saa", "enum", "z3"};

const char *lips_solver_name(lips_solver s) {
    return s >= 0 && s < LIPS_N_SOLVERS ? solver_names[s] : "?";
}

void lips_order_scores(const float attr_p[LIPS_N_ATTRS], float inst_score[LIPS_N_INSTANCES]) {
    for (int i = 0; i < LIPS_N_INSTANCES; i++) {
        const lips_instance *in = &lips_instances[i];
        float s = attr_p[in->fn];
        if (in->lambda >= 0 && attr_p[LIPS_ATTR_LAMBDA(in->lambda)] < s)
            s = attr_p[LIPS_ATTR_LAMBDA(in->lambda)];
        inst_score[i] = s;
    }
}

void lips_order_rank(const float inst_score[LIPS_N_INSTANCES], int ranked[LIPS_N_INSTANCES]) {
    for (int i = 0; i < LIPS_N_INSTANCES; i++) ranked[i] = i;
    /* insertion sort: stable, so ties keep ascending ids */
    for (int i = 1; i < LIPS_N_INSTANCES; i++) {
        int x = ranked[i], j = i;
        for (; j > 0 && inst_score[ranked[j - 1]] < inst_score[x]; j--) ranked[j] = ranked[j - 1];
        ranked[j] = x;
    }
}

void lips_order_costs(const float inst_score[LIPS_N_INSTANCES], float cost[LIPS_N_INSTANCES]) {
    for (int i = 0; i < LIPS_N_INSTANCES; i++) cost[i] = -logf(inst_score[i] > 1e-6f ? inst_score[i] : 1e-6f);
}

lips_status lips_order_load(const char *path, float attr_p[LIPS_N_ATTRS], lips_error *err) {
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "is a directory, not an ordering file");
    FILE *f = fopen(path, "rb");
    if (!f) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot open the file");
    char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    int too_big = !feof(f);
    fclose(f);
    if (too_big) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "an ordering file is at most 64 KiB");
    buf[n] = 0;
    cJSON *root;
    lips_status pst = lips_json_parse(buf, path, 1, &root, err);
    if (pst) return pst;
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "attributes");
    if (!o) o = root;
    lips_status st = LIPS_OK;
    if (!cJSON_IsObject(o)) st = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "expected an object of 34 probabilities");
    for (int i = 0; st == LIPS_OK && i < LIPS_N_ATTRS; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, lips_attr_name(i));
        if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 1))
            st = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0,
                                "attribute \"%s\" needs a probability in [0, 1]", lips_attr_name(i));
        else
            attr_p[i] = (float)v->valuedouble;
    }
    cJSON_Delete(root);
    return st;
}

lips_status lips_order_write(const float attr_p[LIPS_N_ATTRS], const char *path, lips_error *err) {
    FILE *f = fopen(path, "w");
    if (!f) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot create the file");
    fputs("{\n", f);
    for (int i = 0; i < LIPS_N_ATTRS; i++)
        fprintf(f, "  \"%s\": %.6g%s\n", lips_attr_name(i), attr_p[i], i + 1 < LIPS_N_ATTRS ? "," : "");
    fputs("}\n", f);
    if (fclose(f) != 0) return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "cannot write the file");
    return LIPS_OK;
}

void lips_solve_config_default(lips_solve_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->solver = LIPS_SOLVER_SAA;
    cfg->max_len = 3;
    cfg->timeout_s = 60;
    cfg->max_results = 1000;
    cfg->threads = 2;
    for (int i = 0; i < LIPS_N_ATTRS; i++) cfg->attr_p[i] = 0.5f;
}

void lips_solve_result_free(lips_solve_result *r) {
    free(r->results);
    free(r->explain);
    r->results = NULL;
    r->explain = NULL;
    r->n_results = 0;
}

const char *lips_solve_status_name(lips_solve_status s) {
    switch (s) {
    case LIPS_SOLVE_FOUND: return "found";
    case LIPS_SOLVE_NONE: return "no program";
    case LIPS_SOLVE_TIMEOUT: return "timeout";
    case LIPS_SOLVE_OOM: return "out of memory";
    }
    return "?";
}

void lips_search_prepare(lips_search *s, const lips_problem *p, const lips_solve_config *cfg) {
    memset(s, 0, sizeof *s);
    s->pb = p;
    s->cfg = cfg;
    s->t0 = lips_now_s();
    s->deadline = cfg->timeout_s > 0 ? s->t0 + cfg->timeout_s : 0;
    lips_order_scores(cfg->attr_p, s->score);
    lips_order_costs(s->score, s->cost);
    if (cfg->solver == LIPS_SOLVER_ENUM)
        for (int i = 0; i < LIPS_N_INSTANCES; i++) s->rank[i] = i;
    else
        lips_order_rank(s->score, s->rank);
    s->synth = p->sketch.n_stmts == 0;
    s->holes = p->sketch;
    if (s->synth) {
        s->max_len = cfg->max_len < 1 ? 1 : cfg->max_len > LIPS_MAX_STMTS ? LIPS_MAX_STMTS : cfg->max_len;
        s->holes.n_stmts = (uint8_t)s->max_len;
        for (int i = 0; i < s->max_len; i++)
            s->holes.stmts[i] = (lips_stmt){LIPS_HOLE, LIPS_HOLE, LIPS_HOLE, {LIPS_HOLE, LIPS_HOLE}};
    } else {
        s->max_len = p->sketch.n_stmts;
    }
}

lips_program lips_search_space(const lips_search *s, int len) {
    lips_program sk = s->holes;
    if (s->synth) sk.n_stmts = (uint8_t)len;
    return sk;
}
