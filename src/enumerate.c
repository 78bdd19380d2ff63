/* Enumerative synthesis. A node runs one function instance on all M examples,
 * reading the values its prefix computed: the search keeps one value table
 * (variables x examples) per thread and never allocates while it searches.
 *
 * Two modes share the loop:
 *  - synthesis (the sketch has no statements): programs of 1..max_len
 *    statements; a node whose value equals the output on every example is a
 *    solution. The space excludes dead statements (every statement but the
 *    last is used later) and statements whose value equals an earlier
 *    variable's on every example (they can be replaced by that variable);
 *  - sketch: exactly the sketch's statements, fixed parts kept, holes filled;
 *    the last statement must produce the outputs.
 * A failing statement (NULL or out of range on any example) prunes its subtree
 * in both modes. */
#include "lips/enumerate.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "lips/interp.h"
#include "clock.h"

#define CLOCK_EVERY 1024 /* nodes between deadline checks */
#define MAX_THREADS 2

typedef struct {
    int8_t inst, a, b;
} choice;

typedef struct {
    lips_program prog;
    double cost; /* sum of -log(score): lower ranks first */
} found;

/* What all threads of one search share. */
typedef struct {
    lips_search s;       /* the problem, configuration, order, costs and deadline */
    lips_program sketch; /* the space searched now */
    int n_slots, M;
    lips_semantics sem;  /* the problem's: which kernels run */
    uint8_t allowed[LIPS_N_INSTANCES]; /* for instances chosen by a hole */
    int must_use;                      /* sort and add: the newest instance, or -1 */
    int holes_after[LIPS_MAX_STMTS];   /* hole statements after statement i */
    unsigned prune_off;                /* LIPS_PRUNE_* rules switched off */
    atomic_int stop;     /* time out, out of memory, or first solution */
    atomic_long best_top; /* lowest order key with a solution */
    atomic_long next_item; /* next work item to claim */
    int split;            /* depth whose nodes are the work items */
    int nthreads;
    size_t all_budget;    /* bytes each thread's --all list may take (mem_limit) */
} shared;

typedef struct {
    shared *sh;
    int tid;
    long pos;     /* work items seen so far, in serial order */
    long claim;   /* the work item this thread owns next */
    long cur_top; /* order key of the current node: 2*item+1, or 2*item above the split */
    uint64_t nodes;
    int timed_out, oom;
    lips_value vals[LIPS_MAX_VARS][LIPS_MAX_EXAMPLES];
    uint8_t types[LIPS_MAX_VARS];
    uint8_t uses[LIPS_MAX_VARS];
    choice stack[LIPS_MAX_STMTS];
    int hole_inst[LIPS_MAX_STMTS]; /* stack[i] came from a hole that chose the instance */
    int new_used;                  /* sort and add: holes on the stack that chose must_use */
    int barren;                    /* statements on the stack that keep the branch from
                                      reporting: failing ones (FAIL off), a last one that
                                      leaves a statement unused (DEAD off) */
    int has_first;
    long first_top;
    lips_program first;
    found *all;
    size_t n_all, cap_all;
} worker;

static int values_equal_all(const worker *w, int x, int y) {
    if (w->types[x] != w->types[y]) return 0;
    for (int e = 0; e < w->sh->M; e++)
        if (!lips_value_equal(&w->vals[x][e], &w->vals[y][e])) return 0;
    return 1;
}

static int matches_output(const worker *w, int v) {
    const lips_problem *pb = w->sh->s.pb;
    if (w->types[v] != pb->out_type) return 0;
    for (int e = 0; e < w->sh->M; e++)
        if (!lips_value_equal(&w->vals[v][e], &pb->examples[e].out)) return 0;
    return 1;
}

static void build_program(const worker *w, int len, lips_program *p) {
    const shared *sh = w->sh;
    memset(p, 0, sizeof *p);
    p->n_inputs = sh->sketch.n_inputs;
    memcpy(p->input_types, sh->sketch.input_types, sizeof p->input_types);
    p->n_stmts = (uint8_t)len;
    for (int i = 0; i < len; i++) p->stmts[i] = lips_stmt_of_instance(w->stack[i].inst, w->stack[i].a, w->stack[i].b);
}

static int cmp_found(const void *x, const void *y) {
    const found *a = x, *b = y;
    if (a->prog.n_stmts != b->prog.n_stmts) return a->prog.n_stmts - b->prog.n_stmts;
    if (a->cost != b->cost) return a->cost < b->cost ? -1 : 1;
    return memcmp(&a->prog, &b->prog, sizeof a->prog);
}

/* Records a solution of len statements; returns 0 when the search must stop. */
static int record(worker *w, int len) {
    shared *sh = w->sh;
    if (w->barren) return 1;
    /* both threads walk the nodes above the split; one of them reports them */
    if (sh->s.cfg->all && len - 1 < sh->split && w->tid != 0) return 1;
    if (sh->must_use >= 0) {
        int used = 0;
        for (int i = 0; i < len; i++) used |= w->hole_inst[i] && w->stack[i].inst == sh->must_use;
        if (!used) return 1;
    }
    if (!sh->s.cfg->all) {
        if (!w->has_first || w->cur_top < w->first_top) {
            w->has_first = 1;
            w->first_top = w->cur_top;
            build_program(w, len, &w->first);
        }
        long cur = atomic_load(&sh->best_top);
        while (w->cur_top < cur && !atomic_compare_exchange_weak(&sh->best_top, &cur, w->cur_top)) {
        }
        return 0;
    }
    size_t limit = sh->s.cfg->max_results > 0 ? (size_t)sh->s.cfg->max_results : 100000;
    if (w->n_all == 2 * limit) {
        /* keep only the best max_results by rank: the rank is a total order,
         * so the final list is the same as if all had been kept */
        qsort(w->all, w->n_all, sizeof *w->all, cmp_found);
        w->n_all = limit;
    }
    if (w->n_all == w->cap_all) {
        size_t cap = w->cap_all ? w->cap_all * 2 : 64;
        found *na = cap * sizeof *na > sh->all_budget ? NULL : realloc(w->all, cap * sizeof *na);
        if (!na) {
            w->oom = 1;
            atomic_store(&sh->stop, 1);
            return 0;
        }
        w->all = na;
        w->cap_all = cap;
    }
    found *f = &w->all[w->n_all++];
    build_program(w, len, &f->prog);
    f->cost = 0;
    for (int i = 0; i < len; i++) f->cost += sh->s.cost[w->stack[i].inst];
    return 1;
}

/* Polls the clock and the other thread; returns 1 when this subtree must stop. */
static int must_stop(worker *w) {
    shared *sh = w->sh;
    if (atomic_load_explicit(&sh->stop, memory_order_relaxed)) return 1;
    if (!sh->s.cfg->all && w->cur_top > atomic_load_explicit(&sh->best_top, memory_order_relaxed)) return 1;
    if ((w->nodes & (CLOCK_EVERY - 1)) == 0 && sh->s.deadline > 0 && lips_now_s() > sh->s.deadline) {
        w->timed_out = 1;
        atomic_store(&sh->stop, 1);
        return 1;
    }
    return 0;
}

static int dfs(worker *w, int depth);

/* The last statement only matters if it produces every output, so it runs
 * the examples one at a time and stops at the first mismatch: most last
 * statements cost one kernel call. */
static int leaf(worker *w, int depth, const lips_instance *in, int a, int b) {
    const shared *sh = w->sh;
    lips_value *out = w->vals[sh->sketch.n_inputs + depth];
    const lips_example *ex = sh->s.pb->examples;
    lips_eval_fn eval = in->eval[sh->sem]; /* once: a kernel call would make the loop reload it */
    for (int e = 0; e < sh->M; e++)
        if (eval(&w->vals[a][e], &w->vals[b][e], &out[e]) != LIPS_EVAL_OK ||
            !lips_value_equal(&out[e], &ex[e].out))
            return 1;
    return record(w, depth + 1);
}

/* Runs instance inst on (a, b) as statement depth and goes on below it.
 * Returns 0 when the whole search must stop. */
static int node(worker *w, int depth, int inst, int a, int b, int from_hole) {
    shared *sh = w->sh;
    const lips_instance *in = &lips_instances[inst];
    int nv = sh->sketch.n_inputs + depth;
    /* The threads share the work at the split depth: both walk the same
     * nodes above it (only thread 0 counts them) and claim items there in
     * turn, so a thread that drew a small subtree takes the next item. */
    if (depth == sh->split) {
        long item = w->pos++;
        if (item != w->claim) return 1;
        w->claim = atomic_fetch_add(&sh->next_item, 1);
        w->cur_top = 2 * item + 1;
        w->nodes++;
    } else if (depth < sh->split) {
        w->cur_top = 2 * w->pos;
        w->nodes += w->tid == 0;
    } else {
        w->nodes++;
    }
    if (must_stop(w)) return 0;
    w->stack[depth] = (choice){(int8_t)inst, (int8_t)a, (int8_t)b};
    w->hole_inst[depth] = from_hole;
    int is_new = from_hole && inst == sh->must_use;
    if (depth + 1 == sh->n_slots) {
        w->new_used += is_new;
        int go_on = leaf(w, depth, in, a, b);
        w->new_used -= is_new;
        return go_on;
    }
    lips_value *out = w->vals[nv];
    lips_eval_fn eval = in->eval[sh->sem];
    int fails = 0;
    for (int e = 0; e < sh->M && !fails; e++)
        fails = eval(&w->vals[a][e], &w->vals[b][e], &out[e]) != LIPS_EVAL_OK;
    if (fails && !(sh->prune_off & LIPS_PRUNE_FAIL)) return 1;
    w->types[nv] = in->ret_type;
    w->barren += fails;
    w->new_used += is_new;
    w->uses[a]++;
    if (in->arity == 2) w->uses[b]++;
    int go_on = 1;
    if (sh->s.synth) {
        int unused = 0; /* statements before this one that nothing uses yet */
        for (int v = sh->sketch.n_inputs; v < nv; v++) unused += w->uses[v] == 0;
        if (unused == 0 && !w->barren && matches_output(w, nv)) go_on = record(w, depth + 1);
        int dup = 0;
        if (!(sh->prune_off & LIPS_PRUNE_EQUIV) && !w->barren)
            for (int v = 0; v < nv && !dup; v++) dup = values_equal_all(w, v, nv);
        /* each later statement uses at most two of the unused variables */
        int hopeless = !(sh->prune_off & LIPS_PRUNE_DEAD) && unused + 1 > 2 * (sh->n_slots - depth - 1);
        if (go_on && !dup && !hopeless) go_on = dfs(w, depth + 1);
    } else {
        go_on = dfs(w, depth + 1);
    }
    w->uses[a]--;
    if (in->arity == 2) w->uses[b]--;
    w->new_used -= is_new;
    w->barren -= fails;
    return go_on;
}

/* Tries every argument choice for instance inst at statement depth. The last
 * statement of a synthesized program must use every statement nothing uses
 * yet (there are at most two: the dead-statement lookahead saw to it). */
static int args(worker *w, int depth, const lips_stmt *spec, int inst, int from_hole) {
    const shared *sh = w->sh;
    const lips_instance *in = &lips_instances[inst];
    int nv = sh->sketch.n_inputs + depth;
    int lo0 = 0, hi0 = nv, lo1 = 0, hi1 = in->arity == 2 ? nv : 1;
    if (spec->nargs != LIPS_HOLE && spec->args[0] >= 0) lo0 = spec->args[0], hi0 = lo0 + 1;
    if (in->arity == 2 && spec->nargs != LIPS_HOLE && spec->args[1] >= 0) lo1 = spec->args[1], hi1 = lo1 + 1;
    int need[LIPS_MAX_STMTS], n_need = 0;
    if (sh->s.synth && depth + 1 == sh->n_slots)
        for (int v = sh->sketch.n_inputs; v < nv; v++)
            if (w->uses[v] == 0) need[n_need++] = v;
    int keep_dead = sh->prune_off & LIPS_PRUNE_DEAD;
    if (n_need > in->arity && !keep_dead) return 1;
    for (int a = lo0; a < hi0; a++) {
        if (w->types[a] != in->arg_types[0]) continue;
        for (int b = lo1; b < hi1; b++) {
            if (in->arity == 2 && w->types[b] != in->arg_types[1]) continue;
            int bb = in->arity == 2 ? b : a;
            int dead = n_need > in->arity ||
                       (n_need && !((need[0] == a || need[0] == bb) && (n_need == 1 || need[1] == a || need[1] == bb)));
            if (dead && !keep_dead) continue;
            w->barren += dead;
            int go_on = node(w, depth, inst, a, bb, from_hole);
            w->barren -= dead;
            if (!go_on) return 0;
        }
    }
    return 1;
}

static int dfs(worker *w, int depth) {
    const shared *sh = w->sh;
    const lips_stmt *spec = &sh->sketch.stmts[depth];
    int last = depth + 1 == sh->n_slots;
    int hole = spec->fn == LIPS_HOLE;
    /* sort and add: the last hole must take the newest instance if no hole has */
    int only_new = hole && sh->must_use >= 0 && !w->new_used && sh->holes_after[depth] == 0;
    for (int k = 0; k < LIPS_N_INSTANCES; k++) {
        int inst = sh->s.rank[k];
        const lips_instance *in = &lips_instances[inst];
        if (last && in->ret_type != sh->s.pb->out_type) continue;
        if (hole) {
            if (!sh->allowed[inst] || (only_new && inst != sh->must_use)) continue;
            if (spec->nargs != LIPS_HOLE && spec->nargs != in->arity) continue;
        } else if (spec->fn != in->fn || (spec->lambda != LIPS_HOLE && spec->lambda != in->lambda)) {
            continue;
        }
        if (!args(w, depth, spec, inst, hole)) return 0;
    }
    return 1;
}

static void *worker_main(void *arg) {
    worker *w = arg;
    const shared *sh = w->sh;
    for (int i = 0; i < sh->sketch.n_inputs; i++) {
        w->types[i] = sh->sketch.input_types[i];
        for (int e = 0; e < sh->M; e++) w->vals[i][e] = sh->s.pb->examples[e].in[i];
    }
    dfs(w, 0);
    return NULL;
}


/* One complete search over the allowed instances. */
static lips_status run_search(shared *sh, worker *ws, lips_solve_result *res, lips_error *err) {
    atomic_store(&sh->stop, 0);
    atomic_store(&sh->best_top, (long)1 << 60);
    atomic_store(&sh->next_item, 0);
    pthread_t th[MAX_THREADS];
    for (int t = 0; t < sh->nthreads; t++) {
        worker *w = &ws[t];
        w->sh = sh;
        w->tid = t;
        w->pos = 0;
        w->claim = atomic_fetch_add(&sh->next_item, 1);
        w->cur_top = 0;
        w->has_first = 0;
        if (t > 0 && pthread_create(&th[t], NULL, worker_main, w) != 0)
            return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "cannot start a search thread");
    }
    worker_main(&ws[0]);
    for (int t = 1; t < sh->nthreads; t++) pthread_join(th[t], NULL);
    long chosen = -1; /* the first solution in serial order wins, whichever thread found it */
    for (int t = 0; t < sh->nthreads; t++) {
        res->nodes += ws[t].nodes;
        ws[t].nodes = 0;
        if (ws[t].timed_out) res->status = LIPS_SOLVE_TIMEOUT;
        if (ws[t].oom) res->status = LIPS_SOLVE_OOM;
    }
    for (int t = 0; t < sh->nthreads; t++) {
        if (ws[t].has_first && (chosen < 0 || ws[t].first_top < chosen)) {
            chosen = ws[t].first_top;
            res->status = LIPS_SOLVE_FOUND;
            res->program = ws[t].first;
        }
    }
    return LIPS_OK;
}

/* The space of sketch sk: its statements, fixed or holes, are the slots. */
static void set_space(shared *sh, const lips_program *sk) {
    sh->sketch = *sk;
    sh->n_slots = sk->n_stmts;
    sh->split = sh->n_slots >= 3 ? 1 : 0;
    memset(sh->holes_after, 0, sizeof sh->holes_after);
    for (int i = sh->n_slots - 2; i >= 0; i--)
        sh->holes_after[i] = sh->holes_after[i + 1] + (sk->stmts[i + 1].fn == LIPS_HOLE);
}

/* One search thread over a fixed problem, reused for every prefix the Z3
 * solver proposes: nothing is allocated per completion. */
struct lips_completer {
    shared sh;
    worker w;
    lips_solve_config cfg;
};

lips_completer *lips_completer_new(const lips_search *s) {
    lips_completer *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->cfg = *s->cfg;
    c->cfg.all = 0;
    c->cfg.threads = 1;
    shared *sh = &c->sh;
    sh->s = *s;
    sh->s.cfg = &c->cfg;
    sh->M = s->pb->n_examples;
    sh->sem = (lips_semantics)s->pb->semantics;
    sh->nthreads = 1;
    sh->must_use = -1;
    memset(sh->allowed, 1, sizeof sh->allowed);
    return c;
}

void lips_completer_free(lips_completer *c) { free(c); }

lips_solve_status lips_completer_run(lips_completer *c, const lips_program *partial, lips_program *out,
                                     uint64_t *nodes) {
    shared *sh = &c->sh;
    set_space(sh, partial);
    lips_solve_result res;
    memset(&res, 0, sizeof res);
    res.status = LIPS_SOLVE_NONE;
    lips_error err;
    run_search(sh, &c->w, &res, &err); /* one thread: it cannot fail to start */
    *nodes += res.nodes;
    if (res.status == LIPS_SOLVE_FOUND) *out = res.program;
    return res.status;
}

/* Sets up the space of the problem's sketch, or in synthesis of programs of
 * exactly len whole-statement holes (shorter ones are reached as prefixes). */
static void set_length(shared *sh, int len) {
    lips_program sk = lips_search_space(&sh->s, len);
    set_space(sh, &sk);
}

/* Searches the current space in the order of solver how: sort and add's
 * rounds, or one pass over every instance. */
static lips_status search_length(shared *sh, worker *ws, lips_solve_result *res, lips_error *err, lips_solver how) {
    const lips_solve_config *cfg = sh->s.cfg;
    lips_status st = LIPS_OK;
    if (how != LIPS_SOLVER_SAA) {
        memset(sh->allowed, 1, sizeof sh->allowed);
        sh->must_use = -1;
        return run_search(sh, ws, res, err);
    }
    /* sort and add: search with the k best instances, then k+1, ...;
     * round k only reports programs that use the instance it added */
    memset(sh->allowed, 0, sizeof sh->allowed);
    for (int k = 1; k <= LIPS_N_INSTANCES && st == LIPS_OK; k++) {
        sh->allowed[sh->s.rank[k - 1]] = 1;
        sh->must_use = k > 1 ? sh->s.rank[k - 1] : -1;
        st = run_search(sh, ws, res, err);
        if (res->status == LIPS_SOLVE_TIMEOUT || res->status == LIPS_SOLVE_OOM) break;
        if (res->status == LIPS_SOLVE_FOUND && !cfg->all) break;
    }
    return st;
}

lips_status lips_enumerate_solve(const lips_search *s, lips_solve_result *res, lips_error *err) {
    const lips_solve_config *cfg = s->cfg;
    memset(res, 0, sizeof *res);
    shared *sh = calloc(1, sizeof *sh);
    worker *ws = calloc(MAX_THREADS, sizeof *ws);
    if (!sh || !ws) {
        free(sh);
        free(ws);
        return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
    }
    sh->s = *s;
    sh->M = s->pb->n_examples;
    sh->sem = (lips_semantics)s->pb->semantics;
    sh->nthreads = cfg->threads >= 2 ? 2 : 1;
    /* the memory bound: the search state is fixed, the --all lists grow */
    size_t budget = cfg->mem_limit ? cfg->mem_limit : LIPS_DEFAULT_MEM_LIMIT;
    size_t fixed = sizeof *sh + MAX_THREADS * sizeof *ws;
    sh->all_budget = budget > fixed ? (budget - fixed) / (size_t)sh->nthreads : 0;
    sh->prune_off = (unsigned)cfg->no_prune;

    res->status = LIPS_SOLVE_NONE;
    lips_status st = LIPS_OK;
    if (budget <= fixed) {
        res->status = LIPS_SOLVE_OOM;
    } else if (!sh->s.synth || cfg->all) {
        /* a sketch has one length; --all collects every length at once and
         * ranks by length, then cost */
        set_length(sh, s->max_len);
        st = search_length(sh, ws, res, err, cfg->solver);
    } else {
        /* shortest first: length L is searched only once every shorter
         * length is exhausted, so the program reported has the fewest
         * statements. A shorter length is first searched once with every
         * instance, which settles whether it has a program; only when it
         * does, sort and add searches it again to report the one its order
         * puts first. The longest length goes straight to the solver's order. */
        int T = s->max_len;
        for (int L = 1; L <= T && st == LIPS_OK && res->status == LIPS_SOLVE_NONE; L++) {
            set_length(sh, L);
            lips_solver how = L < T && cfg->solver == LIPS_SOLVER_SAA ? LIPS_SOLVER_DFS : cfg->solver;
            st = search_length(sh, ws, res, err, how);
            if (st == LIPS_OK && how != cfg->solver && res->status == LIPS_SOLVE_FOUND) {
                res->status = LIPS_SOLVE_NONE;
                st = search_length(sh, ws, res, err, cfg->solver);
            }
        }
    }

    if (st == LIPS_OK && cfg->all) {
        size_t n = 0;
        for (int t = 0; t < sh->nthreads; t++) n += ws[t].n_all;
        res->results = n ? malloc(n * sizeof *res->results) : NULL;
        found *merged = n ? malloc(n * sizeof *merged) : NULL;
        if (n && (!res->results || !merged)) {
            free(merged);
            st = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
        } else if (n) {
            size_t k = 0;
            for (int t = 0; t < sh->nthreads; t++) {
                if (ws[t].n_all) memcpy(merged + k, ws[t].all, ws[t].n_all * sizeof *merged);
                k += ws[t].n_all;
            }
            qsort(merged, n, sizeof *merged, cmp_found);
            size_t limit = cfg->max_results > 0 && (size_t)cfg->max_results < n ? (size_t)cfg->max_results : n;
            for (size_t i = 0; i < limit; i++) res->results[i] = merged[i].prog;
            res->n_results = (int)limit;
            if (res->status != LIPS_SOLVE_TIMEOUT && res->status != LIPS_SOLVE_OOM) {
                res->status = LIPS_SOLVE_FOUND;
                res->program = res->results[0];
            }
            free(merged);
        }
    }
    for (int t = 0; t < MAX_THREADS; t++) free(ws[t].all);
    free(ws);
    free(sh);
    res->seconds = lips_now_s() - s->t0;
    return st;
}
