/* The observational-equivalence index: a depth-first enumeration of every
 * straight-line program of at most L statements over one input set, keeping
 * the hash of each program's outputs in an open-addressing set.
 *
 * The enumeration skips only programs whose outputs another recorded
 * program of no more statements also produces, so the set is exactly the
 * outputs of all programs of 0..L statements (docs/datagen.md, "Shared
 * inputs"):
 *  - a statement failing on an example ends its branch: a program using it
 *    fails, one not using it has it as dead code (below);
 *  - a statement equal to an earlier variable on every example ends its
 *    branch: below it, replacing it by that variable gives a shorter program
 *    with the same outputs;
 *  - a program with a dead statement (not the last, used by no later one)
 *    is not recorded and a branch that can no longer end without one (each
 *    statement uses at most two unused ones and adds itself) is not
 *    followed: removing dead statements gives a shorter program with the
 *    same outputs.
 *  - two adjacent statements that do not use each other are tried in one
 *    order only (swapping them changes no value).
 * Inputs need not be used, so programs over a subset of the inputs are in
 * the set, and arguments may repeat. */
#include "lips/oe.h"

#include <stdlib.h>
#include <string.h>

#include "hset.h"
#include "rng.h"

struct lips_oe_index {
    lips_hset set; /* the outputs' hashes */
    uint64_t nodes;
    int M, n_in, L, oom;
    lips_semantics sem;
    lips_value vals[LIPS_MAX_VARS][LIPS_MAX_EXAMPLES];
    uint64_t hash[LIPS_MAX_VARS];
    uint8_t types[LIPS_MAX_VARS];
    uint8_t uses[LIPS_MAX_VARS];
    int code[LIPS_MAX_STMTS]; /* statement d's (instance, a, b) in enumeration order */
};

lips_oe_index *lips_oe_index_new(void) { return calloc(1, sizeof(lips_oe_index)); }

void lips_oe_index_free(lips_oe_index *x) {
    if (!x) return;
    lips_hset_free(&x->set);
    free(x);
}

/* Two elements a step: hashing is a large share of a node's cost. */
static uint64_t outputs_hash(const lips_value *v, int M) {
    uint64_t h = 0x6f65ull;
    for (int e = 0; e < M; e++) {
        int n = v[e].type == LIPS_T_INT ? 1 : v[e].len;
        h = lips_mix64(h ^ ((uint64_t)v[e].type << 8 | v[e].len));
        const int32_t *x = v[e].v;
        int i = 0;
        for (; i + 2 <= n; i += 2) {
            uint64_t w = (uint64_t)(uint32_t)x[i] | (uint64_t)(uint32_t)x[i + 1] << 32;
            h = (h ^ w) * 0x9e3779b97f4a7c15ull;
            h ^= h >> 29;
        }
        uint64_t w = i < n ? (uint32_t)x[i] : 0;
        h = (h ^ w) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 29;
    }
    h = lips_mix64(h);
    return h ? h : 1;
}

static void insert(lips_oe_index *x, uint64_t h) {
    if (lips_hset_insert(&x->set, h) < 0) x->oom = 1;
}

static int same_as_earlier(const lips_oe_index *x, int nv, uint64_t h) {
    for (int v = 0; v < nv; v++) {
        if (x->hash[v] != h || x->types[v] != x->types[nv]) continue;
        int eq = 1;
        for (int e = 0; e < x->M && eq; e++) eq = lips_value_equal(&x->vals[v][e], &x->vals[nv][e]);
        if (eq) return 1;
    }
    return 0;
}

/* Statement d (d statements before it) in every way that can still be part
 * of a program of at most L statements without dead code. */
static void dfs(lips_oe_index *x, int d) {
    int nv = x->n_in + d, unused = 0, last = d + 1 == x->L;
    int of_type[2][LIPS_MAX_VARS], n_of[2] = {0, 0}, need = -1;
    for (int v = 0; v < nv; v++) {
        of_type[x->types[v]][n_of[x->types[v]]++] = v;
        if (v >= x->n_in && !x->uses[v]) unused++, need = v;
    }
    for (int inst = 0; inst < LIPS_N_INSTANCES && !x->oom; inst++) {
        const lips_instance *in = &lips_instances[inst];
        if (last && unused > in->arity) continue;
        const int *as = of_type[in->arg_types[0]];
        int na = n_of[in->arg_types[0]];
        /* the last unary statement can only take the one unused statement */
        if (last && unused == 1 && in->arity == 1) {
            as = &need;
            na = x->types[need] == in->arg_types[0];
        }
        for (int ia = 0; ia < na; ia++) {
            int a = as[ia];
            const int *bs = in->arity == 2 ? of_type[in->arg_types[1]] : &as[ia];
            int nb = in->arity == 2 ? n_of[in->arg_types[1]] : 1;
            for (int ib = 0; ib < nb; ib++) {
                int b = bs[ib], consumed = (a >= x->n_in && !x->uses[a]) + (b != a && b >= x->n_in && !x->uses[b]);
                int left = unused - consumed + 1; /* unused statements after this one, itself included */
                /* the last statement must use every unused one; before it,
                 * the remaining L - d - 1 statements consume at most one each */
                if (last ? left != 1 : left > x->L - d) continue;
                /* two adjacent statements that do not depend on each other
                 * come in one order only: the one enumerated first, first */
                int code = (inst * LIPS_MAX_VARS + a) * LIPS_MAX_VARS + b;
                if (d > 0 && a != nv - 1 && b != nv - 1 && code < x->code[d - 1]) continue;
                int ok = 1;
                for (int e = 0; e < x->M && ok; e++)
                    ok = in->eval[x->sem](&x->vals[a][e], &x->vals[b][e], &x->vals[nv][e]) == LIPS_EVAL_OK;
                x->nodes++;
                if (!ok) continue;
                uint64_t h = outputs_hash(x->vals[nv], x->M);
                x->types[nv] = in->ret_type;
                if (!last && same_as_earlier(x, nv, h)) continue;
                if (left == 1) insert(x, h);
                if (last) continue;
                x->hash[nv] = h;
                x->code[d] = code;
                x->uses[a]++;
                x->uses[b] += b != a;
                dfs(x, d + 1);
                x->uses[a]--;
                x->uses[b] -= b != a;
            }
        }
    }
}

lips_status lips_oe_index_build(lips_oe_index *x, lips_semantics sem, int n_inputs, const uint8_t *types, int M,
                                const lips_value in[][LIPS_MAX_INPUTS], int max_len) {
    lips_hset_clear(&x->set);
    x->nodes = 0;
    x->oom = 0;
    x->M = M;
    x->sem = sem;
    x->n_in = n_inputs;
    x->L = max_len;
    memset(x->uses, 0, sizeof x->uses);
    for (int i = 0; i < n_inputs; i++) {
        x->types[i] = types[i];
        for (int e = 0; e < M; e++) x->vals[i][e] = in[e][i];
        x->hash[i] = outputs_hash(x->vals[i], M);
        insert(x, x->hash[i]);
    }
    if (max_len > 0) dfs(x, 0);
    return x->oom ? LIPS_ERR_INTERNAL : LIPS_OK;
}

int lips_oe_index_has(const lips_oe_index *x, const lips_value *out) {
    return lips_hset_has(&x->set, outputs_hash(out, x->M));
}

size_t lips_oe_index_size(const lips_oe_index *x) { return x->set.n; }
uint64_t lips_oe_index_nodes(const lips_oe_index *x) { return x->nodes; }
size_t lips_oe_index_bytes(const lips_oe_index *x) { return sizeof *x + x->set.cap * sizeof *x->set.slot; }
