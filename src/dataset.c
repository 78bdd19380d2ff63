/* The data generator. Work is cut into rounds of ROUND_CHUNKS chunks of
 * CHUNK_SLOTS candidates; a chunk's programs and examples depend only on the
 * seed and the chunk's index, worker threads take chunks in any order, and
 * one thread merges each round's chunks in index order (de-duplication,
 * writing). So the output is the same bytes on any thread count.
 *
 * Semantic checks use probe banks: LIPS_GEN_PROBES fixed inputs per input
 * signature (the ordered input types), the same in every run with the same
 * max list length. A program's probe fingerprint hashes its outputs (or
 * failures) on its signature's bank. docs/datagen.md states what each check
 * guarantees. */
#include "lips/dataset.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "lips/bounds.h"
#include "lips/interp.h"
#include "lips/oe.h"
#include "lips/solve.h"
#include "clock.h"
#include "hset.h"
#include "rng.h"

#define N_SIGS 14          /* 2 + 4 + 8 ordered type tuples of 1..3 inputs */
#define CHUNK_SLOTS 256    /* candidates a chunk makes */
#define ROUND_CHUNKS 16    /* chunks per round: fixed, so rounds do not depend on threads */
#define MIN_SLOTS 2        /* candidates a chunk makes at least, when sampling */
#define SLOT_ATTEMPTS 4096 /* sampled programs per slot before the slot gives up */
#define PROBE_SEED 0x6c697073ull /* "lips": probe banks are fixed, not drawn from --seed */
#define EXAMPLE_ATTEMPTS 20      /* sampled inputs per wanted example */
#define STMT_DRAWS 64            /* draws of one statement of a sampled program */
#define HOLDOUT_STREAM 0x686f6c64ull /* "hold": held-out examples' stream, from the candidate's */

/* ---- random numbers: splitmix64, one state per chunk or program ---- */

static uint64_t stream_seed(uint64_t seed, uint64_t stream, uint64_t index) {
    return lips_mix64(seed ^ lips_mix64(stream * 0x9e3779b97f4a7c15ull + index + 1));
}

/* ---- programs ---- */

static int sig_of(const lips_program *p) {
    int bits = 0;
    for (int i = 0; i < p->n_inputs; i++) bits |= p->input_types[i] << i;
    return (1 << p->n_inputs) - 2 + bits;
}

static void sig_types(int sig, int *n, uint8_t types[LIPS_MAX_INPUTS]) {
    *n = sig < 2 ? 1 : sig < 6 ? 2 : 3;
    int bits = sig - ((1 << *n) - 2);
    for (int i = 0; i < *n; i++) types[i] = (uint8_t)((bits >> i) & 1);
}

static uint64_t program_hash(const lips_program *p) {
    uint64_t h = 0xcbf29ce484222325ull;
    const uint8_t head[2] = {p->n_inputs, p->n_stmts};
    for (int i = 0; i < 2; i++) h = (h ^ head[i]) * 0x100000001b3ull;
    for (int i = 0; i < p->n_inputs; i++) h = (h ^ p->input_types[i]) * 0x100000001b3ull;
    for (int i = 0; i < p->n_stmts; i++) {
        const lips_stmt *s = &p->stmts[i];
        uint64_t w = (uint64_t)(uint8_t)s->fn | (uint64_t)(uint8_t)s->lambda << 8 |
                     (uint64_t)(uint8_t)s->args[0] << 16 | (uint64_t)(uint8_t)s->args[1] << 24;
        h = (h ^ w) * 0x100000001b3ull;
    }
    return lips_mix64(h);
}

static int walk(const lips_program *p, int v, uint8_t *seen, int *next_in, int *next_st) {
    if (seen[v]) return 1;
    seen[v] = 1;
    if (v < p->n_inputs) return v == (*next_in)++;
    const lips_stmt *s = &p->stmts[v - p->n_inputs];
    for (int k = 0; k < s->nargs; k++)
        if (!walk(p, s->args[k], seen, next_in, next_st)) return 0;
    return v - p->n_inputs == (*next_st)++;
}

int lips_gen_is_canonical(const lips_program *p) {
    if (p->n_stmts == 0) return 0;
    uint8_t seen[LIPS_MAX_VARS] = {0};
    int next_in = 0, next_st = 0;
    return walk(p, p->n_inputs + p->n_stmts - 1, seen, &next_in, &next_st) &&
           next_in == p->n_inputs && next_st == p->n_stmts;
}

/* Variables not yet used by a statement, the newest one included. A program
 * of T statements needs this to be at most T - i + 1 after i statements:
 * each statement uses at most two and adds one, and at the end only the
 * result may be unused. */
static int n_unused(const lips_program *p) {
    uint8_t used[LIPS_MAX_VARS] = {0};
    for (int i = 0; i < p->n_stmts; i++)
        for (int k = 0; k < p->stmts[i].nargs; k++) used[p->stmts[i].args[k]] = 1;
    int u = 0;
    for (int v = 0; v < p->n_inputs + p->n_stmts; v++) u += !used[v];
    return u;
}

static int var_type(const lips_program *p, int v) {
    return v < p->n_inputs ? p->input_types[v]
                           : lips_instances[lips_stmt_instance(&p->stmts[v - p->n_inputs])].ret_type;
}

static void canon_walk(const lips_program *p, int v, int8_t *map, int *next_in, int *next_st,
                       lips_program *out) {
    if (map[v] != LIPS_NONE) return;
    if (v < p->n_inputs) {
        out->input_types[*next_in] = p->input_types[v];
        map[v] = (int8_t)(*next_in)++;
        return;
    }
    const lips_stmt *s = &p->stmts[v - p->n_inputs];
    for (int k = 0; k < s->nargs; k++) canon_walk(p, s->args[k], map, next_in, next_st, out);
    lips_stmt *t = &out->stmts[*next_st];
    *t = *s;
    for (int k = 0; k < s->nargs; k++) t->args[k] = map[s->args[k]];
    map[v] = (int8_t)(p->n_inputs + (*next_st)++);
}

/* The canonical form of p (the walk's order, inputs renamed: p's variable v
 * is out's map[v]), or 0 when p has a dead statement or an unused input. */
static int canonicalize(const lips_program *p, lips_program *out, int8_t map[LIPS_MAX_VARS]) {
    memset(map, LIPS_NONE, LIPS_MAX_VARS);
    memset(out, 0, sizeof *out);
    out->n_inputs = p->n_inputs;
    out->n_stmts = p->n_stmts;
    int next_in = 0, next_st = 0;
    canon_walk(p, p->n_inputs + p->n_stmts - 1, map, &next_in, &next_st, out);
    return next_in == p->n_inputs && next_st == p->n_stmts;
}

/* Random program over n inputs of the given types, statement by statement:
 * an instance uniform among those the available types allow and its
 * arguments uniform among earlier variables of the right types, redrawn (up
 * to STMT_DRAWS times) while the draft could no longer end without a dead
 * statement or an unused input. The result is put in canonical form; its
 * input j is the draft's input in_of[j]. */
static int sample_program_over(uint64_t *rng, int T, int n, const uint8_t *in_types, lips_program *out,
                               int in_of[LIPS_MAX_INPUTS]) {
    lips_program draft, *p = &draft;
    memset(p, 0, sizeof *p);
    p->n_inputs = (uint8_t)n;
    memcpy(p->input_types, in_types, (size_t)n);
    uint8_t types[LIPS_MAX_VARS], used[LIPS_MAX_VARS] = {0};
    memcpy(types, p->input_types, p->n_inputs);
    int unused = p->n_inputs;
    for (int i = 0; i < T; i++) {
        int V = p->n_inputs + i, byt[2][LIPS_MAX_VARS], cnt[2] = {0, 0};
        for (int v = 0; v < V; v++) byt[types[v]][cnt[types[v]]++] = v;
        if (!cnt[LIPS_T_LIST]) return 0;
        /* after this statement at most T - i variables may be unused */
        int need = unused + 1 - (T - i), draw, inst = 0, a = 0, b = 0;
        for (draw = 0; draw < STMT_DRAWS; draw++) {
            do inst = lips_rng_int(rng, 0, LIPS_N_INSTANCES - 1);
            while (lips_instances[inst].arg_types[0] == LIPS_T_INT && !cnt[LIPS_T_INT]);
            const lips_instance *in = &lips_instances[inst];
            a = byt[in->arg_types[0]][lips_rng_int(rng, 0, cnt[in->arg_types[0]] - 1)];
            b = in->arity == 2 ? byt[in->arg_types[1]][lips_rng_int(rng, 0, cnt[in->arg_types[1]] - 1)] : a;
            if (!used[a] + (b != a && !used[b]) >= need) break;
        }
        if (draw == STMT_DRAWS) return 0;
        p->n_stmts = (uint8_t)(i + 1);
        p->stmts[i] = lips_stmt_of_instance(inst, a, b);
        unused += 1 - !used[a] - (b != a && !used[b]);
        used[a] = used[b] = 1;
        types[V] = lips_instances[inst].ret_type;
    }
    int8_t map[LIPS_MAX_VARS];
    if (!canonicalize(p, out, map)) return 0;
    for (int v = 0; v < n; v++) in_of[map[v]] = v;
    return 1;
}

/* Random program of 1..3 inputs of uniform types (sample_program_over). */
static int sample_program(uint64_t *rng, int T, lips_program *out) {
    int max_in = T + 1 < LIPS_MAX_INPUTS ? T + 1 : LIPS_MAX_INPUTS, in_of[LIPS_MAX_INPUTS];
    int n = lips_rng_int(rng, 1, max_in);
    uint8_t types[LIPS_MAX_INPUTS];
    for (int i = 0; i < n; i++) types[i] = (uint8_t)lips_rng_int(rng, 0, 1);
    return sample_program_over(rng, T, n, types, out, in_of);
}

/* Enumeration of every canonical program of length T: signatures in order,
 * then statements by (instance, first argument, second argument). */
typedef struct {
    int T, sig, level, started;
    int code[LIPS_GEN_MAX_LEN];
    lips_program p;
} enumerator;

static int next_choice(enumerator *e, int i) {
    lips_program *p = &e->p;
    int V = p->n_inputs + i;
    for (e->code[i]++; e->code[i] < LIPS_N_INSTANCES * V * V; e->code[i]++) {
        int c = e->code[i], inst = c / (V * V), a = c / V % V, b = c % V;
        const lips_instance *in = &lips_instances[inst];
        if (var_type(p, a) != in->arg_types[0]) continue;
        if (in->arity == 1 ? b != 0 : var_type(p, b) != in->arg_types[1]) continue;
        p->n_stmts = (uint8_t)(i + 1);
        p->stmts[i] = lips_stmt_of_instance(inst, a, b);
        return 1;
    }
    return 0;
}

static int enum_next(enumerator *e, lips_program *out) {
    while (e->sig < N_SIGS) {
        if (!e->started) {
            int n;
            memset(&e->p, 0, sizeof e->p);
            sig_types(e->sig, &n, e->p.input_types);
            e->p.n_inputs = (uint8_t)n;
            e->level = 0;
            e->code[0] = -1;
            e->started = 1;
        }
        int i = e->level;
        if (!next_choice(e, i)) {
            if (i == 0) {
                e->sig++;
                e->started = 0;
            } else {
                e->level--;
            }
            continue;
        }
        if (n_unused(&e->p) > e->T - i) continue;
        if (i + 1 < e->T) {
            e->level = i + 1;
            e->code[i + 1] = -1;
            continue;
        }
        if (lips_gen_is_canonical(&e->p)) {
            *out = e->p;
            return 1;
        }
    }
    return 0;
}

/* ---- probe banks ---- */

/* Probe k's value at input position j of type t does not depend on the
 * signature: a signature's probe k is (pos[k][0][t0], pos[k][1][t1], ...).
 * So a program whose inputs are mapped onto some positions of a larger or
 * permuted signature sees, on that signature's probe k, inputs that depend
 * only on the mapping: the training index (below) needs one entry per
 * mapping onto positions, not one per signature. */
typedef struct {
    lips_value pos[LIPS_GEN_PROBES][LIPS_MAX_INPUTS][2];
    lips_value in[N_SIGS][LIPS_GEN_PROBES][LIPS_MAX_INPUTS];
    lips_semantics sem; /* how programs run on them: the dataset's semantics */
} probe_bank;

static void probes_build(probe_bank *b, int max_len, lips_semantics sem) {
    b->sem = sem;
    static const int scale[LIPS_GEN_PROBES] = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256};
    for (int k = 0; k < LIPS_GEN_PROBES; k++)
        for (int j = 0; j < LIPS_MAX_INPUTS; j++)
            for (int t = 0; t < 2; t++) {
                uint64_t rng = stream_seed(PROBE_SEED, 1, (uint64_t)((k * LIPS_MAX_INPUTS + j) * 2 + t));
                int s = scale[k];
                lips_value *v = &b->pos[k][j][t];
                if (t == LIPS_T_INT) {
                    /* even probes carry small counts for TAKE, DROP and ACCESS */
                    int hi = (s < max_len ? s : max_len) - 1;
                    *v = lips_value_int(k % 2 == 0 ? lips_rng_int(&rng, 0, hi > 0 ? hi : 0)
                                                   : lips_rng_int(&rng, -s, s - 1));
                } else {
                    int xs[LIPS_MAX_LEN], len = lips_rng_int(&rng, 1, max_len);
                    for (int e = 0; e < len; e++) xs[e] = lips_rng_int(&rng, -s, s - 1 > LIPS_INT_MAX ? LIPS_INT_MAX : s - 1);
                    *v = lips_value_list(xs, len);
                }
            }
    for (int sig = 0; sig < N_SIGS; sig++) {
        int n;
        uint8_t types[LIPS_MAX_INPUTS];
        sig_types(sig, &n, types);
        for (int k = 0; k < LIPS_GEN_PROBES; k++)
            for (int j = 0; j < n; j++) b->in[sig][k][j] = b->pos[k][j][types[j]];
    }
}

/* The hash of an output on probe k (of any signature). */
static uint64_t out_hash(int k, const lips_value *out) {
    return lips_mix64(lips_value_hash(out, 0x70726f6265ull) ^ (uint64_t)(k + 1));
}

static uint64_t fingerprint(const lips_program *p, const probe_bank *b) {
    int sig = sig_of(p);
    uint64_t h = lips_mix64((uint64_t)sig + 0x1000);
    lips_value vars[LIPS_MAX_VARS];
    for (int k = 0; k < LIPS_GEN_PROBES; k++) {
        lips_run r = lips_program_run(p, b->sem, b->in[sig][k], vars);
        uint64_t x = r.status == LIPS_EVAL_OK ? out_hash(k, &vars[p->n_inputs + p->n_stmts - 1])
                                              : 0xdeadull + (uint64_t)k;
        h = lips_mix64(h ^ x) + (uint64_t)k;
    }
    return h;
}

/* ---- examples ---- */

static void sample_value(uint64_t *rng, int type, const lips_range *r, lips_value *v) {
    if (type == LIPS_T_INT) {
        *v = lips_value_int(lips_rng_int(rng, r->lo, r->hi));
        return;
    }
    int xs[LIPS_MAX_LEN], len = lips_rng_int(rng, 0, r->maxlen);
    for (int i = 0; i < len; i++) xs[i] = lips_rng_int(rng, r->lo, r->hi);
    *v = lips_value_list(xs, len);
}

static int same_inputs(const lips_value *a, const lips_value *b, int n) {
    for (int i = 0; i < n; i++)
        if (!lips_value_equal(&a[i], &b[i])) return 0;
    return 1;
}

/* Draws inputs into vars[*n], ... until there are `want` examples or
 * `draws` draws were made: inputs distinct from every earlier example's, on
 * which p runs. */
static void draw_examples(const lips_program *p, lips_semantics sem, const lips_range *rg, uint64_t *rng, int want,
                          int draws, lips_value vars[][LIPS_MAX_VARS], int *n) {
    int nin = p->n_inputs;
    for (int tries = 0; *n < want && tries < draws; tries++) {
        lips_value *in = vars[*n];
        for (int i = 0; i < nin; i++) sample_value(rng, p->input_types[i], &rg[i], &in[i]);
        int dup = 0;
        for (int e = 0; e < *n && !dup; e++) dup = same_inputs(vars[e], in, nin);
        if (!dup && lips_program_run(p, sem, in, in).status == LIPS_EVAL_OK) ++*n;
    }
}

/* With bank set (test sets), the first example found is a probe input that
 * lies inside the program's ranges; *probe_k says which. H held-out
 * examples, distinct from the M and from each other, are drawn after the
 * checks (which judge the M alone) and go after the M. */
/* ---- shapes: how many examples, how long the lists, how large the values ---- */

typedef struct {
    int M;       /* examples */
    int max_len; /* lists' cap */
    int scale;   /* input values within [-scale, scale]; 0: as the bounds allow */
} shape;

static int shaping(const lips_gen_config *cfg) {
    return cfg->shaped > 0 && (cfg->examples_min || cfg->list_len_min || cfg->scale_min);
}

/* Log-uniform in lo..hi (lo >= 1): small values as likely per octave as
 * large ones, as in examples people write. */
static int rng_log_int(uint64_t *s, int lo, int hi) {
    double u = (double)(lips_rng_next(s) >> 11) * 0x1p-53;
    int v = (int)exp(log(lo) + u * (log(hi + 1.0) - log(lo)));
    return v < lo ? lo : v > hi ? hi : v;
}

/* Standard shapes draw nothing, so a dataset without shaping options is
 * the same, byte for byte, as before they existed. */
static shape draw_shape(const lips_gen_config *cfg, uint64_t *rng) {
    shape sh = {cfg->examples, cfg->max_list_len, 0};
    if (!shaping(cfg) || (double)(lips_rng_next(rng) >> 11) * 0x1p-53 >= cfg->shaped) return sh;
    if (cfg->examples_min) sh.M = lips_rng_int(rng, cfg->examples_min, cfg->examples);
    if (cfg->list_len_min) sh.max_len = rng_log_int(rng, cfg->list_len_min, cfg->max_list_len);
    if (cfg->scale_min) sh.scale = rng_log_int(rng, cfg->scale_min, cfg->scale_max);
    return sh;
}

/* p's variables' ranges by backward bounds, its inputs' within the shape's
 * scale; 0 when an input's is empty. */
static int program_ranges(const lips_program *p, lips_semantics sem, shape sh, lips_range rg[LIPS_MAX_VARS]) {
    if (!lips_bounds_program(p, sh.max_len, sem, rg)) return 0;
    for (int i = 0; sh.scale && i < p->n_inputs; i++) {
        if (rg[i].lo < -sh.scale) rg[i].lo = -sh.scale;
        if (rg[i].hi > sh.scale) rg[i].hi = sh.scale;
        if (lips_range_empty(&rg[i])) return 0;
    }
    return 1;
}

/* Problem out of program p and the n examples vars[e] (inputs, then every
 * statement's value); example `first` goes first (it is swapped with 0). */
static void set_problem(const lips_program *p, lips_semantics sem, lips_value vars[][LIPS_MAX_VARS], int n,
                        int first, lips_problem *out) {
    int nin = p->n_inputs, res = nin + p->n_stmts - 1;
    out->name[0] = 0;
    memset(&out->sketch, 0, sizeof out->sketch);
    out->sketch.n_inputs = p->n_inputs;
    memcpy(out->sketch.input_types, p->input_types, sizeof p->input_types);
    out->has_program = 1;
    out->semantics = (uint8_t)sem;
    out->program = *p;
    out->out_type = vars[0][res].type;
    out->n_examples = n;
    for (int e = 0; e < n; e++) {
        int src = e == first ? 0 : e == 0 ? first : e;
        memcpy(out->examples[e].in, vars[src], (size_t)nin * sizeof vars[0][0]);
        out->examples[e].out = vars[src][res];
    }
}

static lips_gen_verdict make_problem(const lips_program *p, lips_semantics sem, shape sh, int H, uint64_t *rng,
                                     const probe_bank *bank, int *probe_k, lips_problem *out) {
    int M = sh.M;
    lips_range rg[LIPS_MAX_VARS];
    if (!program_ranges(p, sem, sh, rg)) return LIPS_GEN_NO_RANGE;
    int nin = p->n_inputs, nv = nin + p->n_stmts, n = 0;
    lips_value vars[LIPS_MAX_EXAMPLES][LIPS_MAX_VARS];
    if (bank) {
        int sig = sig_of(p), order[LIPS_GEN_PROBES];
        for (int k = 0; k < LIPS_GEN_PROBES; k++) order[k] = k;
        for (int k = LIPS_GEN_PROBES - 1; k > 0; k--) {
            int j = lips_rng_int(rng, 0, k), t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        for (int t = 0; t < LIPS_GEN_PROBES && !n; t++) {
            const lips_value *in = bank->in[sig][order[t]];
            int fits = 1;
            for (int i = 0; i < nin; i++) fits &= lips_range_contains(&rg[i], &in[i]);
            if (fits && lips_program_run(p, sem, in, vars[0]).status == LIPS_EVAL_OK) {
                *probe_k = order[t];
                n = 1;
            }
        }
        if (!n) return LIPS_GEN_BAD_EXAMPLES;
    }
    draw_examples(p, sem, rg, rng, M, EXAMPLE_ATTEMPTS * M, vars, &n);
    if (n < M) return LIPS_GEN_BAD_EXAMPLES;
    /* one example cannot tell a constant program from any other */
    int res = nv - 1, constant = M > 1;
    for (int e = 1; e < M && constant; e++) constant = lips_value_equal(&vars[e][res], &vars[0][res]);
    if (constant) return LIPS_GEN_CONSTANT;
    /* A statement equal to an earlier variable on every example can be
     * replaced by it: the program is equivalent to a shorter one. */
    for (int v = nin; v < nv; v++)
        for (int u = 0; u < v; u++) {
            if (vars[0][u].type != vars[0][v].type) continue;
            int eq = 1;
            for (int e = 0; e < M && eq; e++) eq = lips_value_equal(&vars[e][u], &vars[e][v]);
            if (eq) return LIPS_GEN_SHORTER;
        }
    /* a stream of their own (rng does not advance), so everything else is
     * drawn as without them */
    uint64_t held_rng = lips_mix64(*rng ^ HOLDOUT_STREAM);
    draw_examples(p, sem, rg, &held_rng, M + H, EXAMPLE_ATTEMPTS * H, vars, &n);
    if (n < M + H) return LIPS_GEN_BAD_EXAMPLES;
    /* the probe goes to a random place among the M, so position says nothing */
    set_problem(p, sem, vars, M + H, bank ? lips_rng_int(rng, 0, M - 1) : 0, out);
    return LIPS_GEN_OK;
}

/* Does a program of fewer statements than pb's, over pb's inputs, produce
 * every example's output? The enumerative engine answers exactly: an
 * exhaustive search of lengths 1..T-1 (one thread, no timeout; its
 * equivalence and dead-code pruning only skip programs that have a shorter
 * equivalent in the space). It keeps no state between calls and allocates
 * only its search state (tens of KiB), so worker threads may call it.
 * *failed is set on a solver error. */
static int shorter_exists(const lips_problem *pb, int *failed) {
    int T = pb->program.n_stmts;
    if (T <= 1) return 0;
    lips_solve_config sc;
    lips_solve_config_default(&sc);
    sc.solver = LIPS_SOLVER_ENUM;
    sc.max_len = T - 1;
    sc.timeout_s = 0;
    sc.threads = 1;
    lips_solve_result res;
    lips_error err;
    if (lips_solve(pb, &sc, &res, &err) != LIPS_OK) {
        *failed = 1;
        return 0;
    }
    lips_solve_status status = res.status;
    lips_solve_result_free(&res);
    if (status != LIPS_SOLVE_FOUND && status != LIPS_SOLVE_NONE) *failed = 1;
    return status == LIPS_SOLVE_FOUND;
}

lips_gen_verdict lips_gen_examples(const lips_program *p, int M, int max_list_len, uint64_t seed,
                                   lips_problem *out) {
    uint64_t rng = stream_seed(seed, 3, 0);
    lips_gen_verdict v = make_problem(p, LIPS_SEM_STRICT, (shape){M, max_list_len, 0}, 0, &rng, NULL, NULL, out);
    int failed = 0;
    if (v == LIPS_GEN_OK && shorter_exists(out, &failed)) v = LIPS_GEN_SHORTER;
    return failed ? LIPS_GEN_BAD_EXAMPLES : v;
}

/* ---- the training-set index: (probe, output hash) -> (program, input mapping) ----
 *
 * A training program P over n inputs is compared with a test problem Q
 * through every injective mapping m of P's inputs onto Q's input positions
 * that keeps types: P run on (Q.in[m(0)], ..., Q.in[m(n-1)]). Since probe
 * values depend only on (probe, position, type), P is run once per probe k
 * and per injective m into positions {0, 1, 2} (3 mappings for one input,
 * 6 for two or three) on (pos[k][m(i)][type of P's input i]), and indexed by
 * (k, output hash). A test problem whose probe example is probe k of its
 * signature finds, in the bucket of (k, its output there), every (P, m) that
 * agrees with it on that example, among entries whose m fits its signature
 * (positions it has, of P's types); those are run on all its examples. */

#define MAP_BITS 6 /* m(0) | m(1) << 2 | m(2) << 4 */
#define TRAIN_MAX_PROGS ((size_t)1 << (31 - MAP_BITS))

typedef struct {
    lips_program *progs;
    size_t n, cap;
    int32_t *head;  /* bucket -> first entry, by the key's low bits */
    size_t mask;
    uint32_t *check; /* entry -> the key's high 32 bits */
    int32_t *code;  /* entry -> program << MAP_BITS | mapping */
    int32_t *next;  /* entry -> next entry of its bucket */
    size_t ne, ecap;
} train_index;

static void train_free(train_index *t) {
    free(t->progs);
    free(t->head);
    free(t->check);
    free(t->code);
    free(t->next);
}

/* The injective mappings of n inputs onto positions 0..LIPS_MAX_INPUTS-1. */
static int input_maps(int n, int maps[6]) {
    int k = 0;
    for (int c = 0; c < 1 << MAP_BITS; c++) {
        int ok = 1, seen = 0;
        for (int i = 0; i < LIPS_MAX_INPUTS && ok; i++) {
            int m = (c >> (2 * i)) & 3;
            if (i >= n) {
                ok = m == 0;
            } else {
                ok = m < LIPS_MAX_INPUTS && !(seen & 1 << m);
                seen |= 1 << m;
            }
        }
        if (ok) maps[k++] = c;
    }
    return k;
}

static int same_program(const lips_program *a, const lips_program *b) {
    if (a->n_inputs != b->n_inputs || a->n_stmts != b->n_stmts ||
        memcmp(a->input_types, b->input_types, a->n_inputs))
        return 0;
    for (int i = 0; i < a->n_stmts; i++) {
        const lips_stmt *x = &a->stmts[i], *y = &b->stmts[i];
        if (x->fn != y->fn || x->lambda != y->lambda || x->nargs != y->nargs || x->args[0] != y->args[0] ||
            (x->nargs == 2 && x->args[1] != y->args[1]))
            return 0;
    }
    return 1;
}

static int train_push(train_index *t, uint64_t key, int32_t code) {
    if (t->ne == t->ecap) {
        size_t cap = t->ecap ? t->ecap * 2 : 1 << 16;
        uint32_t *c = realloc(t->check, cap * sizeof *c);
        if (c) t->check = c;
        int32_t *d = c ? realloc(t->code, cap * sizeof *d) : NULL;
        if (d) t->code = d;
        int32_t *n = d ? realloc(t->next, cap * sizeof *n) : NULL;
        if (!n) return -1;
        t->next = n;
        t->ecap = cap;
    }
    size_t b = key & t->mask;
    t->check[t->ne] = (uint32_t)(key >> 32);
    t->code[t->ne] = code;
    t->next[t->ne] = t->head[b];
    t->head[b] = (int32_t)t->ne++;
    return 0;
}

static lips_status train_build(train_index *t, const char *path, int T, const probe_bank *bank,
                               lips_error *err) {
    lips_dataset *d = lips_dataset_open(path, err);
    if (!d) return err ? err->code : LIPS_ERR_INPUT;
    lips_problem *pb = malloc(sizeof *pb);
    int r;
    lips_status st = pb ? LIPS_OK : lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
    long line = 0;
    /* the same program in several records (--per-program) is indexed once */
    size_t dcap = 1 << 16, slots_used = 0;
    int32_t *dedup = malloc(dcap * sizeof *dedup);
    if (!dedup && st == LIPS_OK) st = lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
    if (dedup) memset(dedup, 0xff, dcap * sizeof *dedup);
    while (st == LIPS_OK && (r = lips_dataset_next(d, pb, err)) != 0) {
        line++;
        if (r < 0) {
            st = err ? err->code : LIPS_ERR_INPUT;
            break;
        }
        if (!pb->has_program) {
            st = lips_error_set(err, LIPS_ERR_INPUT, path, (int)line, 0,
                                "a training set record needs its \"program\"");
            break;
        }
        if (pb->program.n_stmts > T) continue;
        if (2 * (slots_used + 1) > dcap) {
            size_t nc = dcap * 2;
            int32_t *nd = malloc(nc * sizeof *nd);
            if (!nd) {
                st = lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
                break;
            }
            memset(nd, 0xff, nc * sizeof *nd);
            for (size_t i = 0; i < dcap; i++)
                if (dedup[i] >= 0) {
                    size_t j = program_hash(&t->progs[dedup[i]]) & (nc - 1);
                    while (nd[j] >= 0) j = (j + 1) & (nc - 1);
                    nd[j] = dedup[i];
                }
            free(dedup);
            dedup = nd;
            dcap = nc;
        }
        size_t j = program_hash(&pb->program) & (dcap - 1);
        while (dedup[j] >= 0 && !same_program(&t->progs[dedup[j]], &pb->program)) j = (j + 1) & (dcap - 1);
        if (dedup[j] >= 0) continue;
        if (t->n == TRAIN_MAX_PROGS) {
            st = lips_error_set(err, LIPS_ERR_INPUT, path, (int)line, 0,
                                "a training set may hold at most %zu distinct programs", TRAIN_MAX_PROGS);
            break;
        }
        if (t->n == t->cap) {
            t->cap = t->cap ? t->cap * 2 : 4096;
            lips_program *np = realloc(t->progs, t->cap * sizeof *np);
            if (!np) {
                st = lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
                break;
            }
            t->progs = np;
        }
        dedup[j] = (int32_t)t->n;
        slots_used++;
        t->progs[t->n++] = pb->program;
    }
    free(dedup);
    free(pb);
    lips_dataset_free(d);
    if (st) return st;
    /* nothing to be disjoint from is a wrong path, not a training set */
    if (!line) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "the training set has no problems");
    /* buckets: about one per four entries at most (chains are only walked
     * for the few test candidates; verification is exact anyway) */
    int maps[LIPS_MAX_INPUTS + 1][6], n_maps[LIPS_MAX_INPUTS + 1] = {0};
    size_t bound = 0, cap = 1024;
    for (int n = 1; n <= LIPS_MAX_INPUTS; n++) n_maps[n] = input_maps(n, maps[n]);
    for (size_t i = 0; i < t->n; i++) bound += (size_t)n_maps[t->progs[i].n_inputs] * LIPS_GEN_PROBES;
    while (cap < bound / 4) cap *= 2;
    t->head = malloc(cap * sizeof *t->head);
    if (!t->head) return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
    memset(t->head, 0xff, cap * sizeof *t->head);
    t->mask = cap - 1;
    lips_value vars[LIPS_MAX_VARS], in[LIPS_MAX_INPUTS];
    for (size_t i = 0; i < t->n; i++) {
        const lips_program *p = &t->progs[i];
        for (int mi = 0; mi < n_maps[p->n_inputs]; mi++) {
            int m = maps[p->n_inputs][mi];
            for (int k = 0; k < LIPS_GEN_PROBES; k++) {
                for (int j = 0; j < p->n_inputs; j++) in[j] = bank->pos[k][(m >> (2 * j)) & 3][p->input_types[j]];
                if (lips_program_run(p, bank->sem, in, vars).status != LIPS_EVAL_OK) continue;
                if (train_push(t, out_hash(k, &vars[p->n_inputs + p->n_stmts - 1]), (int32_t)(i << MAP_BITS | (size_t)m)))
                    return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
            }
        }
    }
    return LIPS_OK;
}

/* Is some indexed training program, under some injective type-keeping
 * mapping of its inputs onto pb's, equivalent to pb's program on pb's
 * examples? Such a pair agrees on the probe example (probe k of pb's
 * signature), so it is in that probe's bucket; the bucket's pairs that fit
 * pb's signature are then run on every example. */
static int train_has(const train_index *t, const lips_problem *pb, int sig, int k,
                     const probe_bank *bank) {
    const lips_program *q = &pb->program;
    const lips_example *probe = NULL;
    for (int e = 0; e < pb->n_examples && !probe; e++)
        if (same_inputs(pb->examples[e].in, bank->in[sig][k], q->n_inputs)) probe = &pb->examples[e];
    uint64_t key = out_hash(k, &probe->out);
    lips_value vars[LIPS_MAX_VARS], in[LIPS_MAX_INPUTS];
    for (int32_t i = t->head[key & t->mask]; i >= 0; i = t->next[i]) {
        if (t->check[i] != (uint32_t)(key >> 32)) continue;
        const lips_program *p = &t->progs[t->code[i] >> MAP_BITS];
        int m = t->code[i] & ((1 << MAP_BITS) - 1), fits = 1, pos[LIPS_MAX_INPUTS];
        for (int j = 0; j < p->n_inputs && fits; j++) {
            pos[j] = (m >> (2 * j)) & 3;
            fits = pos[j] < q->n_inputs && q->input_types[pos[j]] == p->input_types[j];
        }
        if (!fits) continue;
        int all = 1;
        for (int e = 0; e < pb->n_examples && all; e++) {
            for (int j = 0; j < p->n_inputs; j++) in[j] = pb->examples[e].in[pos[j]];
            lips_run r = lips_program_run(p, bank->sem, in, vars);
            all = r.status == LIPS_EVAL_OK &&
                  lips_value_equal(&vars[p->n_inputs + p->n_stmts - 1], &pb->examples[e].out);
        }
        if (all) return 1;
    }
    return 0;
}

/* ---- chunks and rounds ---- */

typedef struct {
    size_t off, len; /* of the JSON lines in the chunk's buffer */
    int lines;       /* problems: one per example set */
    uint64_t phash, fp;
} cand;

typedef struct {
    cand *c; /* one per slot */
    int n;
    char *buf;
    size_t buflen;
    long candidates, no_range, bad_examples, constant, shorter, duplicate, in_training;
    size_t index_bytes; /* shared inputs: the index built, or 0 */
    int failed; /* an example did not re-run to its output, a solver error, or out of memory */
} chunk_out;

typedef struct {
    const lips_gen_config *cfg;
    const probe_bank *bank;
    const train_index *train;
    const lips_hset *progs, *fps;    /* programs and fingerprints written in earlier rounds */
    int slots;                  /* candidates a chunk makes this round (sampling) */
    int active;                 /* chunks that work this round (the others make nothing) */
    long round_base;            /* global index of the round's first chunk */
    const lips_program *all;    /* --all: the round's programs, CHUNK_SLOTS a chunk */
    long all_n, all_base;       /* programs in this round, global index of the first */
    const lips_comm *comm;      /* the ranks, or NULL: one process */
    int rank, size;             /* without a shared counter this process's chunks are rank, rank + size, ... */
    atomic_int next;            /* of those, the next one a thread takes */
    long counter_base;          /* with one, the counter's value for the round's first chunk */
    atomic_long taken;          /* values of it this rank took this round */
    atomic_int lost;            /* a take that failed: nobody knows which chunk it was */
    unsigned char made[ROUND_CHUNKS]; /* the chunks this process made this round */
    chunk_out out[ROUND_CHUNKS];
} round_ctx;

static void count_verdict(chunk_out *o, lips_gen_verdict v) {
    o->no_range += v == LIPS_GEN_NO_RANGE;
    o->bad_examples += v == LIPS_GEN_BAD_EXAMPLES;
    o->constant += v == LIPS_GEN_CONSTANT;
    o->shorter += v == LIPS_GEN_SHORTER;
}

/* Examples (per_program sets of them), the re-run check, the duplicate
 * check against earlier rounds, the training check, the shorter-program
 * check, the JSON lines. The sets of one program stand or fall together
 * with the first; a later set that fails a check is left out. Returns 1
 * when the candidate used up its slot (written, or a duplicate of an
 * earlier round's program, which the merge would drop), 0 when rejected. */
static int finish_candidate(round_ctx *rc, chunk_out *o, FILE *ms, const lips_program *p,
                            uint64_t *rng) {
    const lips_gen_config *cfg = rc->cfg;
    lips_problem pb;
    int test = cfg->test || cfg->disjoint_from, lines = 0;
    cand *c = &o->c[o->n];
    fflush(ms);
    long start = ftell(ms);
    for (int r = 0; r < cfg->per_program; r++) {
        int probe_k = -1;
        shape sh = draw_shape(cfg, rng);
        lips_gen_verdict v = make_problem(p, cfg->semantics, sh, cfg->holdout_examples, rng, test ? rc->bank : NULL,
                                          &probe_k, &pb);
        if (r == 0) count_verdict(o, v);
        if (v != LIPS_GEN_OK) {
            if (r == 0) return 0;
            continue;
        }
        if (lips_problem_first_mismatch(&pb, p) != -1) {
            o->failed = 1;
            return 0;
        }
        if (r == 0) {
            /* seen in an earlier round: the merge would drop it, so skip
             * the costly checks (the sets are read-only during a round) */
            c->phash = program_hash(p);
            c->fp = fingerprint(p, rc->bank);
            if (lips_hset_has(rc->progs, c->phash) || lips_hset_has(rc->fps, c->fp)) {
                o->duplicate++;
                return 1;
            }
        }
        /* what a solver sees is judged: the held-out examples are set aside until written */
        pb.n_examples = sh.M;
        if (rc->train && train_has(rc->train, &pb, sig_of(p), probe_k, rc->bank)) {
            o->in_training++;
            fseek(ms, start, SEEK_SET);
            return 0;
        }
        int shorter = shorter_exists(&pb, &o->failed);
        pb.n_examples = sh.M + cfg->holdout_examples;
        if (o->failed) return 0;
        if (shorter) {
            if (r == 0) {
                o->shorter++;
                return 0;
            }
            continue;
        }
        if (lips_problem_write_json(&pb, ms) != LIPS_OK) {
            o->failed = 1;
            return 0;
        }
        lines++;
    }
    fflush(ms);
    c->off = (size_t)start;
    c->len = (size_t)(ftell(ms) - start);
    c->lines = lines;
    o->n++;
    return 1;
}

static int constant_outputs(const lips_value *outs, int M) {
    int constant = M > 1;
    for (int e = 1; e < M && constant; e++) constant = lips_value_equal(&outs[e], &outs[0]);
    return constant;
}

/* The examples the problems of a set share: S of the shape's M (all when
 * --shared-examples is not given). */
static int shared_count(const lips_gen_config *cfg, shape sh) {
    return cfg->shared_examples && cfg->shared_examples < sh.M ? cfg->shared_examples : sh.M;
}

/* Shared inputs: candidate q, whose input j reads the set's input in_of[j],
 * on the set's S examples x; it draws its other M - S from its own ranges.
 * Returns 1 when it used up its slot (written, or a duplicate of an earlier
 * round's program), 0 when rejected. */
static int shared_candidate(round_ctx *rc, chunk_out *o, FILE *ms, const lips_program *q,
                            const int *in_of, const lips_value x[][LIPS_MAX_INPUTS], shape sh,
                            const lips_oe_index *idx, lips_hset *taken, uint64_t *rng) {
    int M = sh.M, S = shared_count(rc->cfg, sh), H = rc->cfg->holdout_examples, res = q->n_inputs + q->n_stmts - 1;
    lips_range rg[LIPS_MAX_VARS];
    lips_semantics sem = rc->cfg->semantics;
    if (!program_ranges(q, sem, sh, rg)) {
        o->no_range++;
        return 0;
    }
    /* the examples must be ones make_problem could have drawn for q */
    lips_value vars[LIPS_MAX_EXAMPLES][LIPS_MAX_VARS], outs[LIPS_MAX_EXAMPLES];
    for (int e = 0; e < S; e++) {
        for (int j = 0; j < q->n_inputs; j++) {
            vars[e][j] = x[e][in_of[j]];
            if (!lips_range_contains(&rg[j], &vars[e][j])) {
                o->bad_examples++;
                return 0;
            }
        }
        if (lips_program_run(q, sem, vars[e], vars[e]).status != LIPS_EVAL_OK) {
            o->bad_examples++;
            return 0;
        }
        outs[e] = vars[e][res];
    }
    /* with S < M the constant check waits for the other examples, drawn
     * only for candidates that pass the cheaper checks below */
    if (S == M && constant_outputs(outs, M)) {
        o->constant++;
        return 0;
    }
    /* no shorter program on the S shared examples: none on all M */
    if (lips_oe_index_has(idx, outs)) {
        o->shorter++;
        return 0;
    }
    cand *c = &o->c[o->n];
    c->phash = program_hash(q);
    c->fp = fingerprint(q, rc->bank);
    if (lips_hset_has(rc->progs, c->phash) || lips_hset_has(rc->fps, c->fp)) {
        o->duplicate++;
        return 1;
    }
    /* problems of one input set have distinct outputs, so distinct examples */
    uint64_t oh = 0x6f7574ull;
    for (int e = 0; e < S; e++) oh = lips_mix64(oh ^ lips_value_hash(&outs[e], (uint64_t)e));
    if (lips_hset_has(taken, oh)) {
        o->duplicate++;
        return 0;
    }
    int n = S;
    if (S < M) {
        draw_examples(q, sem, rg, rng, M, EXAMPLE_ATTEMPTS * (M - S), vars, &n);
        if (n < M) {
            o->bad_examples++;
            return 0;
        }
        for (int e = S; e < M; e++) outs[e] = vars[e][res];
        if (constant_outputs(outs, M)) {
            o->constant++;
            return 0;
        }
    }
    if (H) {
        uint64_t held_rng = lips_mix64(*rng ^ HOLDOUT_STREAM);
        draw_examples(q, sem, rg, &held_rng, M + H, EXAMPLE_ATTEMPTS * H, vars, &n);
        if (n < M + H) {
            o->bad_examples++;
            return 0;
        }
    }
    lips_problem pb;
    set_problem(q, sem, vars, n, 0, &pb);
    fflush(ms);
    long start = ftell(ms);
    if (lips_hset_insert(taken, oh) < 0 || lips_problem_first_mismatch(&pb, q) != -1 ||
        lips_problem_write_json(&pb, ms) != LIPS_OK) {
        o->failed = 1;
        return 0;
    }
    fflush(ms);
    c->off = (size_t)start;
    c->len = (size_t)(ftell(ms) - start);
    c->lines = 1;
    o->n++;
    return 1;
}

/* Shared inputs: the chunk's input set is the examples of the first
 * sampled program that gets them (a shape drawn for the chunk), the index
 * holds every output of the programs of T-1 statements on them, and
 * programs over the same input types are sampled until the slots are full;
 * a slot that finds nothing in SLOT_ATTEMPTS programs ends the chunk. */
static void run_chunk_shared(round_ctx *rc, chunk_out *o, FILE *ms, int ci) {
    const lips_gen_config *cfg = rc->cfg;
    uint64_t rng = stream_seed(cfg->seed, 4, (uint64_t)(rc->round_base + ci));
    shape sh = draw_shape(cfg, &rng);
    lips_program p;
    lips_problem *seed = malloc(sizeof *seed);
    lips_oe_index *idx = lips_oe_index_new();
    lips_hset taken = {0};
    int found = 0, in_of[LIPS_MAX_INPUTS] = {0, 1, 2};
    if (!seed || !idx) {
        o->failed = 1;
        goto done;
    }
    for (int a = 0; a < SLOT_ATTEMPTS && !found; a++) {
        if (!sample_program(&rng, cfg->length, &p)) continue;
        o->candidates++;
        lips_gen_verdict v = make_problem(&p, cfg->semantics, sh, 0, &rng, NULL, NULL, seed);
        found = v == LIPS_GEN_OK;
        if (!found) count_verdict(o, v);
    }
    if (!found) goto done;
    lips_value x[LIPS_MAX_EXAMPLES][LIPS_MAX_INPUTS];
    for (int e = 0; e < sh.M; e++) memcpy(x[e], seed->examples[e].in, sizeof x[e]);
    int n = p.n_inputs;
    uint8_t types[LIPS_MAX_INPUTS];
    memcpy(types, p.input_types, sizeof types);
    if (lips_oe_index_build(idx, cfg->semantics, n, types, shared_count(cfg, sh), (const lips_value(*)[LIPS_MAX_INPUTS])x,
                            cfg->length - 1)) {
        o->failed = 1;
        goto done;
    }
    o->index_bytes = lips_oe_index_bytes(idx);
    for (int slot = 0; slot < rc->slots && !o->failed; slot++) {
        int done = 0, a;
        for (a = 0; a < SLOT_ATTEMPTS && !done && !o->failed; a++) {
            /* the program that drew the inputs is the first candidate */
            if (slot || a) {
                if (!sample_program_over(&rng, cfg->length, n, types, &p, in_of)) continue;
                o->candidates++;
            }
            done = shared_candidate(rc, o, ms, &p, in_of, (const lips_value(*)[LIPS_MAX_INPUTS])x, sh, idx,
                                    &taken, &rng);
        }
        if (!done) break;
    }
done:
    lips_hset_free(&taken);
    lips_oe_index_free(idx);
    free(seed);
}

static void run_chunk(round_ctx *rc, int ci) {
    const lips_gen_config *cfg = rc->cfg;
    chunk_out *o = &rc->out[ci];
    memset(o, 0, sizeof *o);
    if (ci >= rc->active) return;
    o->c = malloc((size_t)(rc->all || rc->slots < CHUNK_SLOTS ? CHUNK_SLOTS : rc->slots) * sizeof *o->c);
    FILE *ms = o->c ? open_memstream(&o->buf, &o->buflen) : NULL;
    if (!ms) {
        o->failed = 1;
        return;
    }
    if (cfg->shared_inputs) {
        run_chunk_shared(rc, o, ms, ci);
    } else if (rc->all) {
        for (long j = (long)ci * CHUNK_SLOTS; j < rc->all_n && j < (long)(ci + 1) * CHUNK_SLOTS; j++) {
            uint64_t rng = stream_seed(cfg->seed, 2, (uint64_t)(rc->all_base + j));
            o->candidates++;
            finish_candidate(rc, o, ms, &rc->all[j], &rng);
            if (o->failed) break;
        }
    } else {
        uint64_t rng = stream_seed(cfg->seed, 1, (uint64_t)(rc->round_base + ci));
        for (int slot = 0; slot < rc->slots && !o->failed; slot++) {
            int done = 0;
            for (int a = 0; a < SLOT_ATTEMPTS && !done && !o->failed; a++) {
                lips_program p;
                if (!sample_program(&rng, cfg->length, &p)) continue;
                o->candidates++;
                done = finish_candidate(rc, o, ms, &p, &rng);
            }
        }
    }
    if (fclose(ms) != 0) o->failed = 1;
}

/* The chunk a free thread makes next, or ROUND_CHUNKS when none is left.
 * With the ranks' shared counter, whichever thread of whichever rank frees
 * up first takes the next chunk: the chunks' costs vary (with how many
 * candidates the searches reject), so a fixed deal leaves the rank that drew
 * the cheaper ones waiting at the round's end. The counter runs on over the
 * rounds: every thread's last take, past the round's end, counts too. */
static int next_chunk(round_ctx *rc) {
    const lips_comm *c = rc->comm;
    if (!c || !c->fetch_add) {
        int ci = rc->rank + rc->size * atomic_fetch_add(&rc->next, 1);
        return ci < ROUND_CHUNKS ? ci : ROUND_CHUNKS;
    }
    long v;
    if (c->fetch_add(c->ctx, 1, &v) != 0) {
        atomic_store(&rc->lost, 1);
        return ROUND_CHUNKS;
    }
    atomic_fetch_add(&rc->taken, 1);
    v -= rc->counter_base;
    return v >= 0 && v < ROUND_CHUNKS ? (int)v : ROUND_CHUNKS;
}

static void *worker(void *arg) {
    round_ctx *rc = arg;
    for (int ci; (ci = next_chunk(rc)) < ROUND_CHUNKS;) {
        run_chunk(rc, ci);
        rc->made[ci] = 1;
    }
    return NULL;
}

void lips_gen_config_default(lips_gen_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->length = 3;
    cfg->count = 1000;
    cfg->examples = 5;
    cfg->max_list_len = LIPS_MAX_LEN;
    cfg->threads = 2;
    cfg->per_program = 1;
    cfg->shaped = 1;
}

void lips_gen_config_mixed(lips_gen_config *cfg) {
    cfg->examples_min = 1;
    cfg->list_len_min = 1;
    cfg->scale_min = 3;
    cfg->scale_max = 256;
    cfg->shaped = 0.75;
}

lips_status lips_gen_config_check(const lips_gen_config *cfg, lips_error *err) {
    if (cfg->length < 1 || cfg->length > LIPS_GEN_MAX_LEN)
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0, "--length must be in 1..%d, got %d",
                              LIPS_GEN_MAX_LEN, cfg->length);
    if (!cfg->all && cfg->count < 1)
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0, "--count must be at least 1, got %ld", cfg->count);
    if (cfg->examples < 1 || cfg->examples > LIPS_MAX_EXAMPLES)
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0, "--examples must be in 1..%d, got %d",
                              LIPS_MAX_EXAMPLES, cfg->examples);
    if (cfg->examples_min < 0 || cfg->examples_min > cfg->examples)
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0, "--examples: the least must be in 1..%d, got %d",
                              cfg->examples, cfg->examples_min);
    if (cfg->list_len_min < 0 || cfg->list_len_min > cfg->max_list_len)
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0,
                              "--max-list-len: the least cap must be in 1..%d, got %d", cfg->max_list_len,
                              cfg->list_len_min);
    if (cfg->scale_min < 0 || (cfg->scale_min && (cfg->scale_max < cfg->scale_min || cfg->scale_max > 256)))
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0, "--value-scale must be A or A-B with 1 <= A <= B <= 256, got %d-%d",
                              cfg->scale_min, cfg->scale_max);
    if (!(cfg->shaped >= 0 && cfg->shaped <= 1))
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0, "--shaped must be in [0, 1], got %g", cfg->shaped);
    if (cfg->holdout_examples < 0 || cfg->examples + cfg->holdout_examples > LIPS_MAX_EXAMPLES)
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0,
                              "--examples plus --holdout-examples must be at most %d, got %d + %d",
                              LIPS_MAX_EXAMPLES, cfg->examples, cfg->holdout_examples);
    if (cfg->max_list_len < 1 || cfg->max_list_len > LIPS_MAX_LEN)
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0, "--max-list-len must be in 1..%d, got %d",
                              LIPS_MAX_LEN, cfg->max_list_len);
    if (cfg->per_program < 1 || cfg->per_program > 1000)
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0, "--per-program must be in 1..1000, got %d",
                              cfg->per_program);
    if (cfg->shared_inputs < 0 || cfg->shared_inputs > LIPS_GEN_MAX_SHARED)
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0, "--shared-inputs must be in 1..%d, got %d",
                              LIPS_GEN_MAX_SHARED, cfg->shared_inputs);
    if (cfg->shared_examples < 0 || cfg->shared_examples > LIPS_MAX_EXAMPLES)
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0, "--shared-examples must be in 1..%d, got %d",
                              LIPS_MAX_EXAMPLES, cfg->shared_examples);
    if (cfg->shared_examples && !cfg->shared_inputs)
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0, "--shared-examples needs --shared-inputs");
    if (cfg->shared_inputs && (cfg->all || cfg->per_program > 1 || cfg->test || cfg->disjoint_from))
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0,
                              "--shared-inputs does not go with %s", cfg->all ? "--all" :
                              cfg->per_program > 1 ? "--per-program" : cfg->disjoint_from ? "--disjoint-from" : "--test");
    if (cfg->threads < 1 || cfg->threads > 2)
        return lips_error_set(err, LIPS_ERR_INPUT, "", 0, 0, "--threads must be 1 or 2, got %d", cfg->threads);
    return LIPS_OK;
}

/* What a rank tells the others of its round, before its chunks. */
typedef struct {
    long taken; /* values of the shared counter it took */
    int lost;   /* a take failed */
} round_note;

/* Gives every rank every chunk of the round: each sends its note, then the
 * chunks it made (each its index, its counters, its candidates' records,
 * then its lines) and takes the others'. Every chunk must come from exactly
 * one rank; one that did not (a rank that could not send, a take that
 * failed) is marked failed, on every rank alike. The counters taken move
 * the next round's base, the same on every rank. */
static int share_round(round_ctx *rc, const lips_comm *comm) {
    char *mine = NULL, *all = NULL;
    size_t len = 0, *lens = calloc((size_t)comm->size, sizeof *lens);
    FILE *ms = lens ? open_memstream(&mine, &len) : NULL;
    round_note note = {atomic_load(&rc->taken), atomic_load(&rc->lost)};
    int ok = ms != NULL && fwrite(&note, sizeof note, 1, ms) == 1;
    for (int ci = 0; ok && ci < ROUND_CHUNKS; ci++) {
        const chunk_out *o = &rc->out[ci];
        if (!rc->made[ci]) continue;
        ok = fwrite(&ci, sizeof ci, 1, ms) == 1 && fwrite(o, sizeof *o, 1, ms) == 1 &&
             (!o->n || fwrite(o->c, sizeof *o->c, (size_t)o->n, ms) == (size_t)o->n) &&
             (!o->buflen || fwrite(o->buf, 1, o->buflen, ms) == o->buflen);
    }
    if (ms && fclose(ms) != 0) ok = 0;
    /* every rank takes part even after a failure here, so none waits; the
     * others then miss this rank's chunks */
    if (comm->allgather(comm->ctx, ok ? mine : NULL, ok ? len : 0, &all, lens) != 0) ok = 0;
    int from[ROUND_CHUNKS] = {0}, lost = 0;
    const char *at = all;
    for (int r = 0; ok && r < comm->size; r++) {
        const char *end = at + lens[r];
        if (end - at < (ptrdiff_t)sizeof note) {
            at = end;
            continue;
        }
        memcpy(&note, at, sizeof note);
        at += sizeof note;
        rc->counter_base += note.taken;
        lost |= note.lost;
        int ci;
        while (end - at >= (ptrdiff_t)(sizeof ci + sizeof(chunk_out))) {
            memcpy(&ci, at, sizeof ci);
            at += sizeof ci;
            if (ci < 0 || ci >= ROUND_CHUNKS || from[ci]++) break; /* garbled: the rest is missed */
            chunk_out *o = &rc->out[ci];
            if (r == rc->rank) {
                at += sizeof *o + (size_t)o->n * sizeof *o->c + o->buflen;
                continue;
            }
            memcpy(o, at, sizeof *o);
            at += sizeof *o;
            o->c = malloc((size_t)(o->n ? o->n : 1) * sizeof *o->c);
            o->buf = malloc(o->buflen ? o->buflen : 1);
            if (!o->c || !o->buf) {
                o->failed = 1; /* out of memory: the whole job fails */
                o->n = 0;
                o->buflen = 0;
                break;
            }
            memcpy(o->c, at, (size_t)o->n * sizeof *o->c);
            at += (size_t)o->n * sizeof *o->c;
            memcpy(o->buf, at, o->buflen);
            at += o->buflen;
        }
        at = end;
    }
    for (int ci = 0; ok && ci < ROUND_CHUNKS; ci++)
        if (from[ci] != 1 || lost) {
            /* what arrived of it, if anything, is not written */
            rc->out[ci].failed = 1;
            if (from[ci] != 1) rc->out[ci].n = 0;
        }
    free(all);
    free(mine);
    free(lens);
    return ok;
}

/* Writes round rc's accepted candidates in chunk order (out NULL: only
 * counts them); returns how many. */
static long merge_round(round_ctx *rc, FILE *out, lips_hset *progs, lips_hset *fps, long target,
                        lips_gen_report *rep, int *failed) {
    long added = 0;
    for (int ci = 0; ci < ROUND_CHUNKS; ci++) {
        chunk_out *o = &rc->out[ci];
        *failed |= o->failed;
        rep->candidates += o->candidates;
        rep->no_range += o->no_range;
        rep->bad_examples += o->bad_examples;
        rep->constant += o->constant;
        rep->shorter += o->shorter;
        rep->duplicate += o->duplicate;
        rep->in_training += o->in_training;
        rep->input_sets += o->index_bytes > 0;
        if (o->index_bytes > rep->index_bytes) rep->index_bytes = o->index_bytes;
        for (int i = 0; i < o->n && !*failed && (target < 0 || rep->problems < target); i++) {
            const cand *c = &o->c[i];
            if (lips_hset_has(progs, c->phash) || lips_hset_has(fps, c->fp)) {
                rep->duplicate++;
                continue;
            }
            if (lips_hset_insert(progs, c->phash) < 0 || lips_hset_insert(fps, c->fp) < 0) {
                *failed = 1;
                break;
            }
            /* the worker wrote lines without a name: each starts with '{' */
            added++;
            const char *line = o->buf + c->off, *end = line + c->len;
            while (line < end && (target < 0 || rep->problems < target)) {
                const char *nl = memchr(line, '\n', (size_t)(end - line));
                rep->problems++;
                if (out) {
                    fprintf(out, "{\"name\":\"T%d-%06ld\",", rc->cfg->length, rep->problems);
                    fwrite(line + 1, 1, (size_t)(nl - line), out);
                }
                line = nl + 1;
            }
        }
        free(o->buf);
        free(o->c);
        o->buf = NULL;
        o->c = NULL;
    }
    return added;
}

lips_status lips_gen_run(const lips_gen_config *cfg, FILE *out, lips_gen_report *rep,
                         lips_error *err) {
    memset(rep, 0, sizeof *rep);
    lips_status st = lips_gen_config_check(cfg, err);
    if (st) return st;
    double t0 = lips_now_s();
    probe_bank *bank = malloc(sizeof *bank);
    round_ctx *rc = calloc(1, sizeof *rc);
    lips_program *all = cfg->all ? malloc(ROUND_CHUNKS * CHUNK_SLOTS * sizeof *all) : NULL;
    enumerator *en = cfg->all ? calloc(1, sizeof *en) : NULL;
    train_index train = {0};
    lips_hset progs = {0}, fps = {0};
    if (!bank || !rc || (cfg->all && (!all || !en))) {
        st = lips_error_set(err, LIPS_ERR_INTERNAL, "", 0, 0, "out of memory");
        goto done;
    }
    probes_build(bank, cfg->max_list_len, cfg->semantics);
    if (cfg->disjoint_from) {
        st = train_build(&train, cfg->disjoint_from, cfg->length, bank, err);
        if (st) goto done;
        rep->train_programs = (long)train.n;
    }
    rc->cfg = cfg;
    rc->bank = bank;
    rc->train = cfg->disjoint_from ? &train : NULL;
    rc->progs = &progs;
    rc->fps = &fps;
    const lips_comm *comm = lips_comm_many(cfg->comm) ? cfg->comm : NULL;
    rc->comm = comm;
    rc->rank = comm ? comm->rank : 0;
    rc->size = comm ? comm->size : 1;
    if (comm && comm->fetch_add && lips_comm_counter_base(comm, &rc->counter_base)) {
        st = lips_error_set(err, LIPS_ERR_INTERNAL, "", 0, 0, "internal error: the ranks could not share a counter");
        goto done;
    }
    if (en) en->T = cfg->length;
    long target = cfg->all ? -1 : cfg->count;
    int failed = 0;
    for (long round = 0;; round++) {
        rc->round_base = round * ROUND_CHUNKS;
        rc->active = ROUND_CHUNKS;
        if (cfg->shared_inputs) {
            /* a chunk enumerates one input set, the costly part, and fills
             * up to K slots on it: as few chunks as make 5/4 of the problems
             * still wanted, at least two (one a thread) */
            long K = cfg->shared_inputs, need = (target - rep->problems) * 5 / 4 + 1;
            long active = (need + K - 1) / K;
            rc->active = active < 2 ? 2 : active > ROUND_CHUNKS ? ROUND_CHUNKS : (int)active;
            long slots = (need + rc->active - 1) / rc->active;
            rc->slots = slots > K ? (int)K : (int)slots;
        } else if (!cfg->all) {
            /* a round makes about 5/4 of the programs still wanted, at least
             * MIN_SLOTS a chunk: with the shorter-program check a candidate
             * can cost a whole search, so rounds are not much larger than
             * needed. This depends only on earlier rounds: deterministic. */
            long want = (target - rep->problems + cfg->per_program - 1) / cfg->per_program;
            long slots = (want * 5 / 4 + ROUND_CHUNKS - 1) / ROUND_CHUNKS;
            rc->slots = slots < MIN_SLOTS ? MIN_SLOTS : slots > CHUNK_SLOTS ? CHUNK_SLOTS : (int)slots;
        }
        if (cfg->all) {
            rc->all = all;
            rc->all_base += rc->all_n;
            rc->all_n = 0;
            while (rc->all_n < ROUND_CHUNKS * CHUNK_SLOTS && enum_next(en, &all[rc->all_n])) rc->all_n++;
            if (rc->all_n == 0) break;
        }
        atomic_store(&rc->next, 0);
        atomic_store(&rc->taken, 0);
        atomic_store(&rc->lost, 0);
        memset(rc->made, 0, sizeof rc->made);
        pthread_t th;
        int spawned = cfg->threads > 1 && pthread_create(&th, NULL, worker, rc) == 0;
        worker(rc);
        if (spawned) pthread_join(th, NULL);
        if (comm && !share_round(rc, comm)) {
            st = lips_error_set(err, LIPS_ERR_INTERNAL, "", 0, 0, "internal error: the ranks could not exchange their work");
            goto done;
        }
        long added = merge_round(rc, out, &progs, &fps, target, rep, &failed);
        if (failed) {
            st = lips_error_set(err, LIPS_ERR_INTERNAL, "", 0, 0,
                                "internal error: a generated example did not re-run to its output, or out of memory");
            goto done;
        }
        if (cfg->progress) cfg->progress(cfg->progress_ctx, rep->problems, target, lips_now_s() - t0);
        if (target >= 0 && rep->problems >= target) break;
        /* a round adding under 1% of its slots means the space is used up */
        if (!cfg->all && added * 100 < (long)rc->active * rc->slots) break;
    }
    if (out && ferror(out)) st = lips_error_set(err, LIPS_ERR_INTERNAL, "", 0, 0, "write error");
done:
    rep->seconds = lips_now_s() - t0;
    lips_hset_free(&progs);
    lips_hset_free(&fps);
    train_free(&train);
    free(en);
    free(all);
    free(rc);
    free(bank);
    return st;
}

/* ---- statistics ---- */

lips_status lips_dataset_stats_read(const char *path, lips_dataset_stats *st, lips_error *err) {
    memset(st, 0, sizeof *st);
    lips_dataset *d = lips_dataset_open(path, err);
    if (!d) return err ? err->code : LIPS_ERR_INPUT;
    lips_problem *pb = malloc(sizeof *pb);
    if (!pb) {
        lips_dataset_free(d);
        return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
    }
    int r;
    while ((r = lips_dataset_next(d, pb, err)) > 0) {
        st->problems++;
        if (!pb->has_program) continue;
        st->with_program++;
        uint64_t bits = lips_program_attrs(&pb->program);
        for (int a = 0; a < LIPS_N_ATTRS; a++) st->attrs[a] += (bits >> a) & 1;
        for (int i = 0; i < pb->program.n_stmts; i++) st->instances[lips_stmt_instance(&pb->program.stmts[i])]++;
        st->lengths[pb->program.n_stmts]++;
    }
    free(pb);
    lips_dataset_free(d);
    if (r < 0) return err ? err->code : LIPS_ERR_INPUT;
    /* statistics of nothing would be an ordering of zeros */
    if (!st->problems) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "the dataset has no problems");
    return LIPS_OK;
}

static double frac(long x, long n) { return n ? (double)x / (double)n : 0.0; }

void lips_dataset_stats_write_json(const lips_dataset_stats *st, FILE *out) {
    long stmts = 0;
    for (int i = 0; i < LIPS_N_INSTANCES; i++) stmts += st->instances[i];
    fprintf(out, "{\"problems\": %ld, \"with_program\": %ld,\n \"attributes\": {", st->problems,
            st->with_program);
    for (int a = 0; a < LIPS_N_ATTRS; a++)
        fprintf(out, "%s\"%s\": %.6f", a ? ", " : "", lips_attr_name(a), frac(st->attrs[a], st->with_program));
    fprintf(out, "},\n \"instances\": {");
    for (int i = 0; i < LIPS_N_INSTANCES; i++)
        fprintf(out, "%s\"%s\": %.6f", i ? ", " : "", lips_instances[i].name, frac(st->instances[i], stmts));
    fprintf(out, "},\n \"lengths\": {");
    for (int l = 1, first = 1; l <= LIPS_MAX_STMTS; l++)
        if (st->lengths[l]) {
            fprintf(out, "%s\"%d\": %ld", first ? "" : ", ", l, st->lengths[l]);
            first = 0;
        }
    fprintf(out, "}}\n");
}

void lips_dataset_stats_write_table(const lips_dataset_stats *st, FILE *out) {
    long stmts = 0;
    for (int i = 0; i < LIPS_N_INSTANCES; i++) stmts += st->instances[i];
    fprintf(out, "%ld problems, %ld with a program\n\n%-10s %9s %8s\n", st->problems, st->with_program,
            "attribute", "programs", "fraction");
    for (int a = 0; a < LIPS_N_ATTRS; a++)
        fprintf(out, "%-10s %9ld %8.4f\n", lips_attr_name(a), st->attrs[a], frac(st->attrs[a], st->with_program));
    fprintf(out, "\n%-18s %9s %8s\n", "instance", "uses", "share");
    for (int i = 0; i < LIPS_N_INSTANCES; i++)
        fprintf(out, "%-18s %9ld %8.4f\n", lips_instances[i].name, st->instances[i], frac(st->instances[i], stmts));
}
