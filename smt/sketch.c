/* The sketch solver: Z3 plans, the enumerator completes. The sketch is
 * encoded once; Z3 proposes fillings of the holes of its first statements
 * (the plan), the interpreter refutes a plan statement that fails or
 * repeats a value, the enumerator tries every completion of the remaining
 * hole statements, and a plan without one is blocked together with every
 * choice computing the same values (CEGIS). A sketch with one hole statement
 * is all plan: Z3 decides it under the interval transformers and the
 * outputs. Sort and add restricts the holes to the most probable instances
 * through assumption literals and widens the set along the unsat core; plain
 * synthesis solves lengths shortest first. docs/solver.md describes the
 * whole loop. */
#include "lips/sketch.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"
#include "lips/enumerate.h"
#include "lips/interp.h"
#include "clock.h"

typedef struct {
    int n_cand, cand[LIPS_N_INSTANCES]; /* instances this statement may run */
    int chosen_by_hole;                 /* the instance comes from a hole */
    Z3_ast sel[LIPS_N_INSTANCES];       /* one-hot choice of cand[k]; NULL for one candidate */
    int slots;                          /* argument slots encoded */
    int fixed_arg[2];                   /* variable, or LIPS_HOLE */
    int argsel_hole[2];                 /* the argument is a hole */
    Z3_ast argsel[2][LIPS_MAX_VARS];    /* one-hot choice of a hole argument's variable */
} stmt_enc;

/* One encoded sketch. Plain synthesis keeps one per program length, encoded
 * when the search reaches that length. */
typedef struct {
    lips_program sk;
    stmt_enc st[LIPS_MAX_STMTS];
    Z3_solver s;
    int plan;      /* statements Z3 decides; the enumerator completes the rest */
    uint8_t allowed[LIPS_N_INSTANCES]; /* sort and add's set in this layer */
    double params_at; /* when its solver's parameters were last set (limit_check) */
    /* abstract values per example, and each statement's arguments per
     * example: kept to encode instances when sort and add allows them */
    lips_absval (*vals)[LIPS_MAX_VARS];
    lips_absval (*args)[2][LIPS_MAX_EXAMPLES];
} layer;

/* A refutation that holds in other layers too (replay_lemmas). */
typedef struct {
    lips_program p;
    int upto;
} logged_refutation;

typedef struct {
    const lips_search *search;
    const lips_problem *pb;       /* search->pb */
    const lips_solve_config *cfg; /* search->cfg */
    Z3_context ctx;
    Z3_solver s;
    int k_end; /* instances allowed in the last layer solved */
    int widen; /* after an unsat check: the instance the core blames, or -1 */
    lips_enc e;
    lips_program sk;
    layer *cur;   /* the layer the fields below are copied from */
    stmt_enc *st; /* the current layer's */
    int plan;
    lips_absval (*vals)[LIPS_MAX_VARS];
    lips_absval (*args)[2][LIPS_MAX_EXAMPLES];
    layer *layers; /* plain synthesis: one per length; a sketch: one */
    int n_layers;
    Z3_ast allow[LIPS_N_INSTANCES];
    lips_completer *comp;
    logged_refutation *logged;
    int n_logged, cap_logged;
    uint64_t *dead; /* open addressing: states of plans no completion extends */
    unsigned n_dead, cap_dead;
    /* statistics and the --explain log */
    uint64_t candidates, refuted, clauses, shared_lemmas, rounds, checks, completions, comp_nodes, dead_hits;
    /* per instance, in layers Z3 decides with transformers: how often a hole
     * took it in a proposal, and how often such a proposal was refuted there */
    uint32_t proposed[LIPS_N_INSTANCES], refuted_at[LIPS_N_INSTANCES];
    uint8_t ever_allowed[LIPS_N_INSTANCES];
    int transformed; /* some layer was decided with transformers */
    double z3_s, comp_s, enc_s;
    char *log;
    size_t log_len, log_cap;
} solver;

/* Makes layer ly the one the encoding and learning functions work on. */
static void use_layer(solver *sv, layer *ly) {
    sv->cur = ly;
    sv->sk = ly->sk;
    sv->st = ly->st;
    sv->s = ly->s;
    sv->plan = ly->plan;
    sv->vals = ly->vals;
    sv->args = ly->args;
}

/* Z3 reports errors through this handler instead of aborting; every check
 * and every encoding step looks at it. */
static _Thread_local Z3_error_code z3_error;
static void on_z3_error(Z3_context c, Z3_error_code code) {
    (void)c;
    if (!z3_error) z3_error = code;
}

static void explain(solver *sv, const char *fmt, ...) {
    if (!sv->cfg->explain) return;
    va_list ap;
    for (;;) {
        size_t room = sv->log_cap - sv->log_len;
        va_start(ap, fmt);
        int n = vsnprintf(sv->log ? sv->log + sv->log_len : NULL, sv->log ? room : 0, fmt, ap);
        va_end(ap);
        if (n < 0) return;
        if (sv->log && (size_t)n < room) {
            sv->log_len += (size_t)n;
            return;
        }
        size_t cap = (sv->log_cap + (size_t)n + 1) * 2;
        char *nl = realloc(sv->log, cap);
        if (!nl) return;
        sv->log = nl;
        sv->log_cap = cap;
    }
}

static Z3_ast keep(solver *sv, Z3_ast a) { return lips_enc_keep(&sv->e, a).z; }
static void add(solver *sv, Z3_ast a) { lips_enc_add(&sv->e, lips_enc_keep(&sv->e, a)); }

static Z3_ast or_of(solver *sv, Z3_ast *xs, int n) {
    return keep(sv, n == 0 ? Z3_mk_false(sv->ctx) : n == 1 ? xs[0] : Z3_mk_or(sv->ctx, (unsigned)n, xs));
}

static void exactly_one(solver *sv, Z3_ast *xs, int n) {
    add(sv, or_of(sv, xs, n));
    if (n > 1) add(sv, Z3_mk_atmost(sv->ctx, (unsigned)n, xs, 1));
}


/* Candidate instances of statement i of the sketch, most probable first. */
static void candidates(solver *sv, int i) {
    const lips_program *sk = &sv->sk;
    const lips_stmt *s = &sk->stmts[i];
    stmt_enc *se = &sv->st[i];
    se->n_cand = 0;
    se->chosen_by_hole = s->fn == LIPS_HOLE || s->lambda == LIPS_HOLE;
    for (int k = 0; k < LIPS_N_INSTANCES; k++) {
        int inst = sv->search->rank[k];
        const lips_instance *in = &lips_instances[inst];
        if (s->fn != LIPS_HOLE && (in->fn != s->fn || (s->lambda != LIPS_HOLE && in->lambda != s->lambda))) continue;
        if (s->nargs != LIPS_HOLE && s->nargs != in->arity) continue;
        int ok = 1;
        for (int a = 0; a < in->arity && s->nargs != LIPS_HOLE; a++) {
            if (s->args[a] == LIPS_HOLE) continue;
            lips_type t = lips_program_var_type(sk, s->args[a]);
            ok &= t == LIPS_T_UNKNOWN || t == in->arg_types[a];
        }
        if (ok) se->cand[se->n_cand++] = inst;
    }
}

/* Is the current layer's plan completed by the enumerator? Then it is
 * encoded by its types alone: it has no outputs to reach, so transformers
 * could only forbid failing plan statements, which the interpreter's first
 * refutation blocks all at once; with them Z3 proposed as many plans, each
 * check 7-15 times slower (docs/solver.md). */
static int typed_plan(const solver *sv) { return sv->plan < sv->sk.n_stmts; }

/* The examples encoded: types are the same on every example, so a typed
 * plan is encoded once. */
static int encoded_examples(const solver *sv) { return typed_plan(sv) ? 1 : sv->pb->n_examples; }

/* Adds candidate k of statement i: its types and, unless the plan is typed,
 * its transformer on every example, implied by its selector. */
static void encode_body(solver *sv, int i, int k) {
    lips_enc *e = &sv->e;
    stmt_enc *se = &sv->st[i];
    int inst = se->cand[k], nv = sv->sk.n_inputs + i;
    const lips_instance *in = &lips_instances[inst];
    lips_absval(*args)[LIPS_MAX_EXAMPLES] = sv->args[i];
    int mark = e->n_conj;
    for (int x = 0; x < encoded_examples(sv); x++) {
        const lips_absval *o = &sv->vals[x][nv];
        for (int a = 0; a < in->arity; a++)
            add(sv, Z3_mk_eq(sv->ctx, args[a][x].islist.z, lips_enc_bool(e, in->arg_types[a] == LIPS_T_LIST).z));
        add(sv, Z3_mk_eq(sv->ctx, o->islist.z, lips_enc_bool(e, in->ret_type == LIPS_T_LIST).z));
        if (!typed_plan(sv)) lips_enc_transform(e, inst, &args[0][x], in->arity == 2 ? &args[1][x] : &args[0][x], o);
    }
    Z3_ast body = lips_enc_take(e, mark).z;
    add(sv, se->sel[0] ? Z3_mk_implies(sv->ctx, se->sel[k], body) : body);
}

/* Asserts what the encoder collected into the current solver. */
static void flush(solver *sv) {
    for (int k = 0; k < sv->e.n_conj && !z3_error; k++) Z3_solver_assert(sv->ctx, sv->s, sv->e.conj[k].z);
    sv->e.n_conj = 0;
}

/* Encodes statement i on every example: selectors, argument multiplexers,
 * and the candidate instances. A candidate that a hole chooses implies its
 * allow literal; its transformer is added only once sort and add allows it:
 * Z3 internalizes every arithmetic term it is given, selected or not, and
 * the transformers of 38 instances made each check 10-20 times slower than
 * those of the few allowed ones (docs/solver.md). */
static void encode_stmt(solver *sv, int i, const uint8_t *allowed) {
    lips_absval(*vals)[LIPS_MAX_VARS] = sv->vals;
    lips_enc *e = &sv->e;
    const lips_program *sk = &sv->sk;
    const lips_stmt *s = &sk->stmts[i];
    stmt_enc *se = &sv->st[i];
    int nv = sk->n_inputs + i, M = encoded_examples(sv);
    char name[48]; /* "arg%d_%d_%d" with any ints */
    /* Boolean one-hot choices: the SAT core propagates them directly, where
     * equalities on an Int selector would go through arithmetic */
    se->sel[0] = NULL;
    if (se->n_cand > 1) {
        for (int k = 0; k < se->n_cand; k++) {
            snprintf(name, sizeof name, "sel%d_%d", i, se->cand[k]);
            se->sel[k] = lips_enc_var(e, name, e->bool_sort);
        }
        exactly_one(sv, se->sel, se->n_cand);
    }
    se->slots = 0;
    for (int k = 0; k < se->n_cand; k++)
        if (lips_instances[se->cand[k]].arity > se->slots) se->slots = lips_instances[se->cand[k]].arity;

    lips_absval(*args)[LIPS_MAX_EXAMPLES] = sv->args[i];
    for (int a = 0; a < se->slots; a++) {
        int fixed = s->nargs != LIPS_HOLE ? s->args[a] : LIPS_HOLE;
        se->fixed_arg[a] = fixed;
        se->argsel_hole[a] = 0;
        if (fixed >= 0) {
            for (int x = 0; x < M; x++) args[a][x] = vals[x][fixed];
            continue;
        }
        /* the argument's type: what every candidate agrees on, else open */
        int t = -1;
        for (int k = 0; k < se->n_cand; k++) {
            const lips_instance *in = &lips_instances[se->cand[k]];
            if (in->arity <= a) continue;
            t = t < 0 || t == in->arg_types[a] ? in->arg_types[a] : LIPS_T_UNKNOWN;
        }
        Z3_ast dom[LIPS_MAX_VARS];
        int nd = 0;
        for (int v = 0; v < nv; v++) {
            lips_type vt = lips_program_var_type(sk, v);
            se->argsel[a][v] = NULL;
            if (t != LIPS_T_UNKNOWN && vt != LIPS_T_UNKNOWN && vt != (lips_type)t) continue;
            snprintf(name, sizeof name, "arg%d_%d_%d", i, a, v);
            se->argsel[a][v] = dom[nd++] = lips_enc_var(e, name, e->bool_sort);
        }
        se->argsel_hole[a] = 1;
        exactly_one(sv, dom, nd);
        for (int x = 0; x < M; x++) {
            (typed_plan(sv) ? lips_enc_fresh_type : lips_enc_fresh_alias)(e, t, &args[a][x]);
            for (int v = 0; v < nv; v++) {
                if (!se->argsel[a][v]) continue;
                int mark = e->n_conj;
                lips_enc_same(e, &args[a][x], &vals[x][v]);
                Z3_ast same = lips_enc_take(e, mark).z;
                add(sv, Z3_mk_implies(sv->ctx, se->argsel[a][v], same));
            }
        }
    }
    for (int k = 0; k < se->n_cand; k++) {
        int inst = se->cand[k];
        if (se->chosen_by_hole)
            add(sv, se->sel[0] ? Z3_mk_implies(sv->ctx, se->sel[k], sv->allow[inst]) : sv->allow[inst]);
        if (!se->chosen_by_hole || allowed[inst]) encode_body(sv, i, k);
    }
}

/* Is slot a of statement k in use, i.e. does the chosen instance have it? */
static Z3_ast slot_active(solver *sv, int k, int a) {
    const stmt_enc *se = &sv->st[k];
    Z3_ast lits[LIPS_N_INSTANCES];
    int n = 0;
    for (int c = 0; c < se->n_cand; c++)
        if (lips_instances[se->cand[c]].arity > a) lits[n++] = se->sel[0] ? se->sel[c] : Z3_mk_true(sv->ctx);
    return or_of(sv, lits, n);
}

/* Plain synthesis tries lengths in increasing order, so a program of this
 * length with a statement nobody reads would have a shorter twin: every
 * statement but the last must feed a later one. With a plan, the statements
 * the plan leaves unread must be few enough for the completion's R
 * statements to read them all (two each), the enumerator's own rule. */
static void require_used(solver *sv) {
    const lips_program *sk = &sv->sk;
    int R = sk->n_stmts - sv->plan;
    Z3_ast unread[LIPS_MAX_STMTS];
    int n_unread = 0;
    for (int i = 0; i + 1 < sv->plan; i++) {
        int v = sk->n_inputs + i;
        Z3_ast uses[2 * LIPS_MAX_STMTS];
        int n = 0;
        for (int k = i + 1; k < sv->plan; k++)
            for (int a = 0; a < sv->st[k].slots; a++)
                if (sv->st[k].argsel_hole[a] && sv->st[k].argsel[a][v]) {
                    Z3_ast both[2] = {sv->st[k].argsel[a][v], slot_active(sv, k, a)};
                    uses[n++] = keep(sv, Z3_mk_and(sv->ctx, 2, both));
                }
        if (R == 0)
            add(sv, or_of(sv, uses, n));
        else
            unread[n_unread++] = keep(sv, Z3_mk_not(sv->ctx, or_of(sv, uses, n)));
    }
    /* the plan's last statement is unread too */
    if (R > 0 && n_unread > 2 * R - 1) add(sv, Z3_mk_atmost(sv->ctx, (unsigned)n_unread, unread, (unsigned)(2 * R - 1)));
}

/* Builds the solver for the plan of the sketch in sv->sk: its statements on
 * every example, and when the plan is the whole sketch the outputs. The
 * statements after the plan are not encoded: the enumerator completes them
 * concretely, faster than Z3 decides them abstractly (docs/solver.md).
 * sv->vals and sv->args are allocated here and owned by the caller. */
static void encode(solver *sv, int synth, const uint8_t *allowed) {
    lips_enc *e = &sv->e;
    const lips_program *sk = &sv->sk;
    int M = sv->pb->n_examples, nvars = sk->n_inputs + sv->plan;
    lips_absval(*vals)[LIPS_MAX_VARS] = sv->vals = calloc((size_t)M, sizeof *vals);
    sv->args = calloc(sk->n_stmts ? sk->n_stmts : 1, sizeof *sv->args);
    if (!vals || !sv->args) {
        e->oom = 1;
        return;
    }
    for (int x = 0; x < encoded_examples(sv); x++) {
        for (int v = 0; v < sk->n_inputs; v++) lips_enc_const(e, &sv->pb->examples[x].in[v], &vals[x][v]);
        for (int v = sk->n_inputs; v < nvars; v++)
            (typed_plan(sv) ? lips_enc_fresh_type : lips_enc_fresh)(e, lips_program_var_type(sk, v), &vals[x][v]);
    }
    for (int i = 0; i < sv->plan; i++) {
        candidates(sv, i);
        encode_stmt(sv, i, allowed);
    }
    if (synth) require_used(sv);
    for (int x = 0; !typed_plan(sv) && x < M; x++) {
        lips_absval out;
        lips_enc_const(e, &sv->pb->examples[x].out, &out);
        lips_enc_same(e, &vals[x][nvars - 1], &out);
    }
    flush(sv);
}

/* Is the Boolean constant x true in m? Its interpretation is looked up
 * directly; only a constant the model leaves out is evaluated (with model
 * completion: any value will do). */
static int model_true(solver *sv, Z3_model m, Z3_ast x) {
    Z3_ast v = Z3_model_get_const_interp(sv->ctx, m, Z3_get_app_decl(sv->ctx, Z3_to_app(sv->ctx, x)));
    if (v) return Z3_get_bool_value(sv->ctx, v) == Z3_L_TRUE;
    int r = 0;
    if (Z3_model_eval(sv->ctx, m, x, true, &v)) {
        Z3_inc_ref(sv->ctx, v);
        r = Z3_get_bool_value(sv->ctx, v) == Z3_L_TRUE;
        Z3_dec_ref(sv->ctx, v);
    }
    return r;
}

/* The candidate plan a model describes: one pass over the selectors of the
 * first sv->plan statements, each stopping at its true one (exactly one
 * is). The enumerator fills the statements after the plan. */
static void read_program(solver *sv, Z3_model m, lips_program *p) {
    *p = sv->sk;
    for (int i = 0; i < sv->plan; i++) {
        stmt_enc *se = &sv->st[i];
        int k = 0;
        while (se->sel[0] && k + 1 < se->n_cand && !model_true(sv, m, se->sel[k])) k++;
        lips_stmt *s = &p->stmts[i];
        *s = lips_stmt_of_instance(se->cand[k], se->fixed_arg[0], se->fixed_arg[1]);
        for (int a = 0; a < s->nargs; a++) {
            if (!se->argsel_hole[a]) continue;
            int last = -1;
            for (int v = 0; v < p->n_inputs + i && s->args[a] == LIPS_HOLE; v++) {
                if (!se->argsel[a][v]) continue;
                last = v;
                if (model_true(sv, m, se->argsel[a][v])) s->args[a] = (int8_t)v;
            }
            if (s->args[a] == LIPS_HOLE) s->args[a] = (int8_t)last;
        }
    }
}

/* Statements whose values statement j reads, j included. */
static void cone(const lips_program *p, int j, uint32_t *set) {
    if (*set & (1u << j)) return;
    *set |= 1u << j;
    for (int a = 0; a < p->stmts[j].nargs; a++)
        if (p->stmts[j].args[a] >= p->n_inputs) cone(p, p->stmts[j].args[a] - p->n_inputs, set);
}

/* Literals "statement i is not chosen as in p" (instance and hole arguments). */
static int choice_lits(solver *sv, const lips_program *p, uint32_t set, Z3_ast *lits) {
    int n = 0;
    for (int i = 0; i < p->n_stmts; i++) {
        if (!(set & (1u << i))) continue;
        const stmt_enc *se = &sv->st[i];
        const lips_stmt *s = &p->stmts[i];
        for (int k = 0; se->sel[0] && k < se->n_cand; k++)
            if (se->cand[k] == lips_stmt_instance(s)) lits[n++] = keep(sv, Z3_mk_not(sv->ctx, se->sel[k]));
        for (int a = 0; a < s->nargs; a++)
            if (se->argsel_hole[a]) lits[n++] = keep(sv, Z3_mk_not(sv->ctx, se->argsel[a][s->args[a]]));
    }
    return n;
}

static void assert_clause(solver *sv, Z3_ast *lits, int n) {
    Z3_solver_assert(sv->ctx, sv->s, or_of(sv, lits, n));
    sv->clauses++;
}

/* Why statement j of a candidate is refuted. */
typedef enum {
    WHY_FAIL, /* it fails (NULL or out of range) on an example */
    WHY_MISS, /* the last statement: a wrong output */
    WHY_DUP,  /* synthesis: it equals an earlier variable on every example */
    WHY_DEAD  /* the last statement of a plan no completion extends */
} refutation;

/* A refutation: the statement refuted, and the values every example
 * computed before it (have[x] 0 when an earlier statement failed there). */
typedef struct {
    int j;
    refutation kind;
    uint32_t prefix; /* statements before j the conflict keeps */
    uint32_t reads;  /* DEAD: the statements the plan reads */
    int have[LIPS_MAX_EXAMPLES];
    lips_value vars[LIPS_MAX_EXAMPLES][LIPS_MAX_VARS];
} conflict;

/* Runs head, the first statements of a candidate, in the problem's
 * semantics. Its last value may be an intermediate of the whole program, so
 * it is not held to the result's range; a whole program whose result is
 * out of it misses the output instead. */
static lips_run run_head(const solver *sv, const lips_program *head, const lips_value *in, lips_value *vars) {
    for (int i = 0; i < head->n_inputs; i++) vars[i] = in[i];
    return lips_program_run_from(head, (lips_semantics)sv->pb->semantics, 0, vars);
}

/* Is instance inst on variables (v0, v1) refuted for the conflict's reason
 * on the examples it has values for? DUP and DEAD need every example: the
 * value must equal an earlier variable's (DUP) or the refuted plan's last
 * value (DEAD) everywhere. A DEAD alternative must also read no statement
 * the refuted plan leaves unread: a completion must use every unread one,
 * so reading another would relax what its completions must do. */
static int combo_refuted(solver *sv, const conflict *c, int inst, int v0, int v1) {
    int ni = sv->sk.n_inputs, nv = ni + c->j, M = sv->pb->n_examples;
    lips_value out[LIPS_MAX_EXAMPLES];
    if (c->kind == WHY_DEAD)
        for (int a = 0; a < 2; a++) {
            int v = a == 0 ? v0 : v1;
            if (v >= ni && !(c->reads >> (v - ni) & 1)) return 0;
        }
    for (int x = 0; x < M; x++) {
        if (!c->have[x]) continue;
        if (lips_instance_eval(inst, (lips_semantics)sv->pb->semantics, &c->vars[x][v0],
                               &c->vars[x][v1 >= 0 ? v1 : v0], &out[x]) != LIPS_EVAL_OK)
            return 1;
        if (c->kind == WHY_MISS && !lips_value_equal(&out[x], &sv->pb->examples[x].out)) return 1;
    }
    if (c->kind == WHY_DEAD) {
        for (int x = 0; x < M; x++)
            if (!lips_value_equal(&out[x], &c->vars[x][nv])) return 0;
        return 1;
    }
    if (c->kind != WHY_DUP) return 0;
    for (int v = 0; v < nv; v++) {
        int same = 1;
        for (int x = 0; x < M && same; x++) same = lips_value_equal(&out[x], &c->vars[x][v]);
        if (same) return 1;
    }
    return 0;
}

/* Learns from statement j of p refuted: keeping the choices of the
 * statements in c->prefix, every choice at j over variables those
 * statements determine that is refuted the same way is blocked, one clause
 * each. The candidate's own choice is among them. */
static int learn(solver *sv, const lips_program *p, conflict *c) {
    const stmt_enc *se = &sv->st[c->j];
    Z3_ast lits[LIPS_MAX_STMTS * 3 + 3];
    int np = choice_lits(sv, p, c->prefix, lits), learned = 0;
    int nv = p->n_inputs + c->j;
    uint32_t known = c->prefix; /* variables whose values the prefix fixes: inputs and these */
    for (int k = 0; k < se->n_cand; k++) {
        int inst = se->cand[k];
        const lips_instance *in = &lips_instances[inst];
        /* argument domains: fixed by the sketch, or the hole's known variables */
        int dom[2][LIPS_MAX_VARS], nd[2] = {1, 1};
        dom[1][0] = -1;
        for (int a = 0; a < in->arity; a++) {
            nd[a] = 0;
            for (int v = 0; v < nv; v++) {
                int ok = se->argsel_hole[a] ? se->argsel[a][v] != NULL : v == se->fixed_arg[a];
                ok &= v < p->n_inputs || (known >> (v - p->n_inputs) & 1);
                ok &= lips_program_var_type(p, v) == in->arg_types[a];
                if (ok) dom[a][nd[a]++] = v;
            }
        }
        for (int i0 = 0; i0 < nd[0]; i0++)
            for (int i1 = 0; i1 < nd[1]; i1++) {
                int v0 = dom[0][i0], v1 = dom[1][i1];
                if (!combo_refuted(sv, c, inst, v0, v1)) continue;
                int n = np;
                if (se->sel[0]) lits[n++] = keep(sv, Z3_mk_not(sv->ctx, se->sel[k]));
                if (se->argsel_hole[0]) lits[n++] = keep(sv, Z3_mk_not(sv->ctx, se->argsel[0][v0]));
                if (in->arity == 2 && se->argsel_hole[1]) lits[n++] = keep(sv, Z3_mk_not(sv->ctx, se->argsel[1][v1]));
                assert_clause(sv, lits, n);
                learned++;
            }
    }
    return learned;
}

/* Finds why the first upto statements of a candidate are refuted, into c:
 * the earliest refuted statement of the first failing example, a failing
 * statement, a wrong output when upto is the whole program, or in plain
 * synthesis a statement that repeats an earlier value (the program without
 * it is shorter, and shorter lengths are searched too). 0 if none is. */
static int find_conflict(solver *sv, const lips_program *p, int upto, conflict *c, char *why, size_t n_why) {
    int M = sv->pb->n_examples, x0 = -1, whole = upto == p->n_stmts;
    lips_program head = *p;
    head.n_stmts = (uint8_t)upto;
    for (int x = 0; x < M && x0 < 0; x++) {
        lips_run r = run_head(sv, &head, sv->pb->examples[x].in, c->vars[x]);
        if (r.status != LIPS_EVAL_OK) {
            c->j = r.failed_stmt;
            c->kind = WHY_FAIL;
            snprintf(why, n_why, "statement %s fails (%s) on example %d", lips_var_name(p->n_inputs + c->j),
                     r.status == LIPS_EVAL_NULL ? "NULL" : "out of range", x + 1);
            x0 = x;
        } else if (whole && !lips_value_equal(&c->vars[x][p->n_inputs + p->n_stmts - 1], &sv->pb->examples[x].out)) {
            c->j = p->n_stmts - 1;
            c->kind = WHY_MISS;
            snprintf(why, n_why, "wrong output on example %d", x + 1);
            x0 = x;
        }
    }
    for (int j = 0; x0 < 0 && sv->search->synth && j < upto && j + 1 < p->n_stmts; j++) {
        int v = p->n_inputs + j;
        for (int u = 0; u < v && x0 < 0; u++) {
            int same = 1;
            for (int x = 0; x < M && same; x++) same = lips_value_equal(&c->vars[x][u], &c->vars[x][v]);
            if (!same) continue;
            c->j = j;
            c->kind = WHY_DUP;
            snprintf(why, n_why, "statement %s repeats %s", lips_var_name(v), lips_var_name(u));
            x0 = M - 1;
        }
    }
    if (x0 < 0) return 0;
    /* a duplicate is judged against every earlier variable: keep them all */
    c->prefix = 0;
    if (c->kind == WHY_DUP)
        c->prefix = (1u << c->j) - 1;
    else
        cone(p, c->j, &c->prefix);
    c->prefix &= ~(1u << c->j);
    /* the values before j: the candidate computed them up to example x0;
     * on later examples, where the statements before j run */
    head.n_stmts = (uint8_t)c->j;
    for (int x = 0; x < M; x++)
        c->have[x] = x <= x0 || run_head(sv, &head, sv->pb->examples[x].in, c->vars[x]).status == LIPS_EVAL_OK;
    return 1;
}

/* A failing or repeating statement is refuted whatever follows it, so its
 * lemma holds in every layer of plain synthesis with statements after it:
 * all layers' statements before it are the same holes over the same
 * variables. Such refutations are kept and replayed into each layer as it
 * is encoded. */
static int layer_takes(const layer *ly, const conflict *c) {
    return c->kind != WHY_MISS && ly->plan > c->j && ly->sk.n_stmts > c->j + 1;
}

/* In plain synthesis a statement that fails reading inputs alone fails
 * wherever it stands: its lemma holds at every statement of every plan. */
static int position_free(const solver *sv, const conflict *c) {
    return sv->search->synth && c->kind == WHY_FAIL && c->prefix == 0;
}

/* Learns c in the current layer, at every plan statement when it is
 * position-free (the inputs are known on every example). */
static int learn_here(solver *sv, const lips_program *p, conflict *c) {
    if (!position_free(sv, c)) return learn(sv, p, c);
    int j = c->j, learned = 0;
    for (int x = 0; x < sv->pb->n_examples; x++) c->have[x] = 1;
    for (c->j = 0; c->j < sv->plan; c->j++) learned += learn(sv, p, c);
    c->j = j;
    return learned;
}

static void replay_lemmas(solver *sv, layer *ly) {
    static _Thread_local conflict c;
    char why[96];
    for (int k = 0; k < sv->n_logged; k++)
        if (find_conflict(sv, &sv->logged[k].p, sv->logged[k].upto, &c, why, sizeof why) &&
            (position_free(sv, &c) || layer_takes(ly, &c)))
            sv->shared_lemmas += (uint64_t)learn_here(sv, &sv->logged[k].p, &c);
}

static void log_lemma(solver *sv, const lips_program *p, int upto) {
    if (sv->n_logged == sv->cap_logged) {
        int cap = sv->cap_logged ? 2 * sv->cap_logged : 64;
        logged_refutation *nl = realloc(sv->logged, (size_t)cap * sizeof *nl);
        if (!nl) return; /* a lemma not shared only costs time */
        sv->logged = nl;
        sv->cap_logged = cap;
    }
    sv->logged[sv->n_logged++] = (logged_refutation){*p, upto};
}

/* Checks the first upto statements of a candidate on every example and
 * learns from a refutation. */
static int refute(solver *sv, const lips_program *p, int upto) {
    static _Thread_local conflict c;
    char text[1024], why[96];
    if (!find_conflict(sv, p, upto, &c, why, sizeof why)) return 0;
    int learned = learn_here(sv, p, &c);
    if (upto == p->n_stmts && sv->st[c.j].chosen_by_hole) sv->refuted_at[lips_stmt_instance(&p->stmts[c.j])]++;
    if (sv->search->synth && c.kind != WHY_MISS) log_lemma(sv, p, upto);
    sv->refuted++;
    if (sv->cfg->explain) {
        lips_program head = *p;
        head.n_stmts = (uint8_t)upto;
        lips_program_print(&head, " | ", text, sizeof text);
        explain(sv, "  refuted %s%s: %s; kept %d statement%s, blocked %d choice%s of %s\n", text,
                upto == p->n_stmts ? "" : " (plan)", why, __builtin_popcount(c.prefix),
                __builtin_popcount(c.prefix) == 1 ? "" : "s", learned, learned == 1 ? "" : "s",
                lips_var_name(p->n_inputs + c.j));
    }
    return 1;
}

/* The state a plan of plain synthesis leaves to its completion: the
 * multiset of its statements' values on all examples, each with whether the
 * plan reads it, and the length. Completions see the inputs and these
 * values and must read the unread ones, whatever order or choices made
 * them, so two plans with one state are completed alike: a state no
 * completion extends is remembered, and a later plan reaching it is blocked
 * without running the enumerator again. Never 0. */
static uint64_t plan_state(solver *sv, const lips_program *p) {
    lips_value vars[LIPS_MAX_EXAMPLES][LIPS_MAX_VARS];
    uint64_t h[LIPS_MAX_STMTS] = {0};
    lips_program head = *p;
    head.n_stmts = (uint8_t)sv->plan;
    for (int x = 0; x < sv->pb->n_examples; x++) {
        run_head(sv, &head, sv->pb->examples[x].in, vars[x]);
        for (int i = 0; i < sv->plan; i++) h[i] = lips_value_hash(&vars[x][p->n_inputs + i], h[i]);
    }
    for (int i = 0; i < sv->plan; i++) {
        int read = 0;
        for (int k = i + 1; k < sv->plan; k++)
            for (int a = 0; a < p->stmts[k].nargs; a++) read |= p->stmts[k].args[a] == p->n_inputs + i;
        h[i] += (uint64_t)read;
    }
    /* insertion sort: the state is a multiset */
    for (int i = 1; i < sv->plan; i++)
        for (int k = i; k > 0 && h[k - 1] > h[k]; k--) {
            uint64_t t = h[k];
            h[k] = h[k - 1];
            h[k - 1] = t;
        }
    lips_value len = lips_value_int(p->n_stmts);
    uint64_t key = lips_value_hash(&len, 0);
    for (int i = 0; i < sv->plan; i++) key = (key ^ h[i]) * 0x100000001b3ull;
    return key ? key : 1;
}

static int dead_slot(const solver *sv, uint64_t key) {
    unsigned m = sv->cap_dead - 1, i = (unsigned)(key >> 32) & m;
    while (sv->dead[i] && sv->dead[i] != key) i = (i + 1) & m;
    return (int)i;
}

static int is_dead(const solver *sv, uint64_t key) { return sv->cap_dead && sv->dead[dead_slot(sv, key)] == key; }

static void remember_dead(solver *sv, uint64_t key) {
    if (2 * (sv->n_dead + 1) > sv->cap_dead) {
        unsigned cap = sv->cap_dead ? 2 * sv->cap_dead : 256, old = sv->cap_dead;
        uint64_t *od = sv->dead, *nd = calloc(cap, sizeof *nd);
        if (!nd) return; /* not remembering only costs time */
        sv->dead = nd;
        sv->cap_dead = cap;
        for (unsigned i = 0; i < old; i++)
            if (od[i]) sv->dead[dead_slot(sv, od[i])] = od[i];
        free(od);
    }
    sv->dead[dead_slot(sv, key)] = key;
    sv->n_dead++;
}

/* A plan no completion extends: blocks it, and with it every choice of its
 * last statement that computes the same values on every example (the
 * completions see the same variables, so they fail alike). */
static void block_plan(solver *sv, const lips_program *p) {
    static _Thread_local conflict c;
    int M = sv->pb->n_examples, j = sv->plan - 1;
    lips_program head = *p;
    head.n_stmts = (uint8_t)sv->plan;
    for (int x = 0; x < M; x++) {
        run_head(sv, &head, sv->pb->examples[x].in, c.vars[x]);
        c.have[x] = 1;
    }
    c.j = j;
    c.kind = WHY_DEAD;
    c.prefix = (1u << j) - 1;
    c.reads = 0;
    for (int i = 0; i <= j; i++)
        for (int a = 0; a < p->stmts[i].nargs; a++)
            if (p->stmts[i].args[a] >= p->n_inputs) c.reads |= 1u << (p->stmts[i].args[a] - p->n_inputs);
    int learned = learn(sv, p, &c);
    if (sv->cfg->explain) {
        char text[1024];
        lips_program_print(&head, " | ", text, sizeof text);
        explain(sv, "  plan %s: no completion; blocked %d choice%s of %s computing the same values\n", text, learned,
                learned == 1 ? "" : "s", lips_var_name(p->n_inputs + j));
    }
}

/* Hole statements the enumerator completes after a plan. */
#define COMPLETE_HOLES 3
/* Checks a layer may spend in one sort-and-add round. */
#define LAYER_BUDGET 32

typedef enum { RUN_FOUND, RUN_NONE, RUN_TIMEOUT, RUN_ERROR, RUN_UNSAT, RUN_OOM, RUN_BUDGET } run_status;

/* Each check gets the time left of the whole solve as Z3's timeout. Setting
 * a solver's parameters cost 4% of a solve when done before every check, so
 * they are set again only once 20 ms have passed: a check may outlast the
 * deadline by that much. */
static void limit_check(solver *sv) {
    double t = lips_now_s(), left = sv->search->deadline > 0 ? sv->search->deadline - t : 0;
    if (sv->cur->params_at > 0 && (sv->search->deadline <= 0 || t - sv->cur->params_at < 0.02)) return;
    sv->cur->params_at = t;
    Z3_params prm = Z3_mk_params(sv->ctx);
    Z3_params_inc_ref(sv->ctx, prm);
    Z3_params_set_uint(sv->ctx, prm, Z3_mk_string_symbol(sv->ctx, "timeout"),
                       sv->search->deadline > 0 ? (unsigned)(left * 1000) + 1 : 4294967295u);
    /* Z3 4.8's older simplex (arith.solver 2) answers these checks 1.5-3
     * times faster than its default (docs/results.md) */
    Z3_params_set_uint(sv->ctx, prm, Z3_mk_string_symbol(sv->ctx, "arith.solver"), 2);
    /* without propagating equalities between arithmetic terms to the other
     * theories, generated length-3 synthesis tasks take 14% less time (median
     * of per-task ratios) and 71 of 100 instead of 64 finish within 1 s with
     * the shipped model (docs/results.md, "Z3 sketch solver"); Z3 stays a
     * decision procedure, only its propagation changes */
    Z3_params_set_bool(sv->ctx, prm, Z3_mk_string_symbol(sv->ctx, "arith.propagate_eqs"), false);
    Z3_solver_set_params(sv->ctx, sv->s, prm);
    Z3_params_dec_ref(sv->ctx, prm);
}

static int n_allowed(const uint8_t *allowed) {
    int k = 0;
    for (int i = 0; i < LIPS_N_INSTANCES; i++) k += allowed[i];
    return k;
}

/* The enumerator's completion of the holes of partial, counted and timed. */
static lips_solve_status complete(solver *sv, const lips_program *partial, lips_program *found) {
    double t = lips_now_s();
    lips_solve_status cs = lips_completer_run(sv->comp, partial, found, &sv->comp_nodes);
    sv->comp_s += lips_now_s() - t;
    sv->completions++;
    return cs;
}

/* CEGIS over the current layer with the allowed instances, for at most
 * budget checks: Z3 proposes a plan (the first sv->plan statements), the
 * interpreter refutes failing or repeating plan statements, the enumerator
 * tries every completion of the rest, and a plan without one is blocked.
 * RUN_UNSAT when the layer is unsat; then sv->widen is the most probable
 * disallowed instance its unsat core blames (-1: none, the layer is
 * exhausted). */
static run_status search(solver *sv, const uint8_t *allowed, int budget, lips_program *found, lips_solve_result *res) {
    Z3_ast assume[LIPS_N_INSTANCES];
    if (sv->plan == 0) {
        /* nothing to plan: the enumerator alone decides */
        lips_solve_status cs = complete(sv, &sv->sk, found);
        sv->widen = -1;
        return cs == LIPS_SOLVE_FOUND ? RUN_FOUND : cs == LIPS_SOLVE_TIMEOUT ? RUN_TIMEOUT : RUN_UNSAT;
    }
    for (;; budget--) {
        if (sv->search->deadline > 0 && lips_now_s() >= sv->search->deadline) return RUN_TIMEOUT;
        if (budget <= 0) return RUN_BUDGET;
        limit_check(sv);
        for (int i = 0; i < LIPS_N_INSTANCES; i++)
            assume[i] = allowed[i] ? sv->allow[i] : keep(sv, Z3_mk_not(sv->ctx, sv->allow[i]));
        double t = lips_now_s();
        Z3_lbool r = Z3_solver_check_assumptions(sv->ctx, sv->s, LIPS_N_INSTANCES, assume);
        sv->z3_s += lips_now_s() - t;
        sv->checks++;
        if (z3_error) return RUN_ERROR;
        /* undef: the time is up, or Z3's allocations passed the memory bound ("memout") */
        if (r == Z3_L_UNDEF) return strstr(Z3_solver_get_reason_unknown(sv->ctx, sv->s), "mem") ? RUN_OOM : RUN_TIMEOUT;
        if (r == Z3_L_TRUE) {
            Z3_model m = Z3_solver_get_model(sv->ctx, sv->s);
            Z3_model_inc_ref(sv->ctx, m);
            lips_program p;
            read_program(sv, m, &p);
            Z3_model_dec_ref(sv->ctx, m);
            sv->candidates++;
            for (int i = 0; !typed_plan(sv) && i < p.n_stmts; i++)
                if (sv->st[i].chosen_by_hole) sv->proposed[lips_stmt_instance(&p.stmts[i])]++;
            if (refute(sv, &p, sv->plan)) continue;
            if (typed_plan(sv)) {
                uint64_t state = sv->search->synth ? plan_state(sv, &p) : 0;
                if (state && is_dead(sv, state)) {
                    sv->dead_hits++;
                    block_plan(sv, &p);
                    continue;
                }
                lips_solve_status cs = complete(sv, &p, found);
                if (cs == LIPS_SOLVE_FOUND) return RUN_FOUND;
                if (cs == LIPS_SOLVE_TIMEOUT) return RUN_TIMEOUT;
                if (state) remember_dead(sv, state);
                block_plan(sv, &p);
                continue;
            }
            *found = p;
            if (!sv->cfg->all) return RUN_FOUND;
            /* --all: record it and block exactly this program */
            if (res->n_results >= sv->cfg->max_results) return RUN_FOUND;
            lips_program *nr = realloc(res->results, (size_t)(res->n_results + 1) * sizeof *nr);
            if (!nr) return RUN_ERROR;
            res->results = nr;
            res->results[res->n_results++] = p;
            Z3_ast lits[LIPS_MAX_STMTS * 3];
            assert_clause(sv, lits, choice_lits(sv, &p, (1u << p.n_stmts) - 1, lits));
            continue;
        }
        Z3_ast_vector core = Z3_solver_get_unsat_core(sv->ctx, sv->s);
        Z3_ast_vector_inc_ref(sv->ctx, core);
        int best = -1, bestrank = LIPS_N_INSTANCES;
        unsigned nc = Z3_ast_vector_size(sv->ctx, core);
        for (unsigned c = 0; c < nc; c++) {
            Z3_ast lit = Z3_ast_vector_get(sv->ctx, core, c);
            for (int k = 0; k < bestrank; k++) {
                int inst = sv->search->rank[k];
                if (!allowed[inst] && Z3_is_eq_ast(sv->ctx, lit, assume[inst])) {
                    best = inst;
                    bestrank = k;
                }
            }
        }
        Z3_ast_vector_dec_ref(sv->ctx, core);
        sv->widen = best;
        if (best < 0)
            explain(sv, "  unsat with k = %d and no disallowed instance in the core: exhausted\n",
                    n_allowed(allowed));
        return RUN_UNSAT;
    }
}

/* --all's ranking, as the enumerator's: shorter first, then lower cost (the
 * sum of -log score of the instances), then the program's bytes. */
typedef struct {
    lips_program p;
    double cost;
} ranked;

static int cmp_ranked(const void *x, const void *y) {
    const ranked *a = x, *b = y;
    if (a->p.n_stmts != b->p.n_stmts) return a->p.n_stmts - b->p.n_stmts;
    if (a->cost != b->cost) return a->cost < b->cost ? -1 : 1;
    return memcmp(&a->p, &b->p, sizeof a->p);
}

static void rank_results(lips_solve_result *res, const float cost[LIPS_N_INSTANCES]) {
    ranked *r = malloc((size_t)res->n_results * sizeof *r);
    if (!r) return; /* unranked, but complete */
    for (int i = 0; i < res->n_results; i++) {
        r[i].p = res->results[i];
        r[i].cost = 0;
        for (int k = 0; k < r[i].p.n_stmts; k++) r[i].cost += cost[lips_stmt_instance(&r[i].p.stmts[k])];
    }
    qsort(r, (size_t)res->n_results, sizeof *r, cmp_ranked);
    for (int i = 0; i < res->n_results; i++) res->results[i] = r[i].p;
    free(r);
}

/* What the transformers did, per instance, where Z3 decided holes with them:
 * an instance allowed but never proposed was excluded by the abstraction
 * alone; one proposed and refuted got past it. */
static void explain_transformers(solver *sv) {
    int allowed = 0, never = 0;
    for (int i = 0; i < LIPS_N_INSTANCES; i++) {
        allowed += sv->ever_allowed[i];
        never += sv->ever_allowed[i] && !sv->proposed[i];
    }
    explain(sv, "transformers: %d of %d instances allowed at a hole were never proposed (excluded by the "
                "abstraction); proposed / refuted:",
            never, allowed);
    for (int k = 0; k < LIPS_N_INSTANCES; k++) {
        int i = sv->search->rank[k];
        if (sv->proposed[i]) explain(sv, " %s %u/%u", lips_instances[i].name, sv->proposed[i], sv->refuted_at[i]);
    }
    explain(sv, "\n");
}

/* The statements Z3 decides in a sketch of n statements: all up to and
 * including the hole statement after which at most COMPLETE_HOLES hole
 * statements remain, and at least the first hole statement, so that Z3
 * always fills a hole. A sketch with one hole statement, and --all, keep
 * every statement in the plan: the enumerator then only checks candidates. */
static int plan_length(const lips_program *sk, int all, int synth) {
    int holes[LIPS_MAX_STMTS], m = 0;
    for (int i = 0; i < sk->n_stmts; i++) {
        const lips_stmt *s = &sk->stmts[i];
        int hole = s->fn == LIPS_HOLE || s->lambda == LIPS_HOLE || s->nargs == LIPS_HOLE;
        for (int a = 0; a < s->nargs; a++) hole |= s->args[a] == LIPS_HOLE;
        if (hole) holes[m++] = i;
    }
    if (synth && m == 1 && !all) return 0;
    int r = all || m < 2 ? 0 : m - 1 < COMPLETE_HOLES ? m - 1 : COMPLETE_HOLES;
    return r ? holes[m - r - 1] + 1 : sk->n_stmts;
}

/* Encodes layer ly (the sketch, or in plain synthesis the programs of len
 * statements) with its allowed instances, and replays the lemmas other
 * layers learned that hold in it. */
static void encode_layer(solver *sv, layer *ly, int len) {
    int synth = sv->search->synth;
    ly->sk = lips_search_space(sv->search, len);
    ly->plan = plan_length(&ly->sk, sv->cfg->all, synth);
    ly->s = Z3_mk_simple_solver(sv->ctx);
    Z3_solver_inc_ref(sv->ctx, ly->s);
    use_layer(sv, ly);
    encode(sv, synth, ly->allowed);
    ly->vals = sv->vals;
    ly->args = sv->args;
    replay_lemmas(sv, ly);
}

/* Allows instance inst in the current layer: its transformers join the
 * statements whose holes may choose it. */
static void allow(solver *sv, layer *ly, int inst) {
    ly->allowed[inst] = 1;
    for (int i = 0; i < sv->plan; i++)
        for (int k = 0; sv->st[i].chosen_by_hole && k < sv->st[i].n_cand; k++)
            if (sv->st[i].cand[k] == inst) encode_body(sv, i, k);
    flush(sv);
}

/* Sort and add in one layer: each round gives Z3 a budget of checks with the
 * k allowed instances; then the most probable disallowed instance the unsat
 * core blames is allowed (an instance no core blames cannot help alone), or,
 * when the budget ran out first, the most probable disallowed one. With
 * everything allowed the layer runs until a program or unsat: RUN_NONE
 * then means the layer has no program. With exists, every instance is
 * allowed at once (the order does not matter to prove there is none), and
 * only when the layer has a program does sort and add start again from
 * k = 1 to report the one its order puts first. */
static run_status solve_layer(solver *sv, layer *ly, int exists, lips_solve_result *res) {
    if (exists) {
        for (int i = 0; i < LIPS_N_INSTANCES; i++)
            if (!ly->allowed[i]) allow(sv, ly, i);
        lips_program p;
        run_status rs = search(sv, ly->allowed, INT_MAX, &p, res);
        if (rs == RUN_UNSAT) return RUN_NONE;
        if (rs != RUN_FOUND || sv->cfg->all) return rs;
        memset(ly->allowed, 0, sizeof ly->allowed);
        ly->allowed[sv->search->rank[0]] = 1;
        explain(sv, "  it has a program: sort and add from k = 1\n");
    }
    if (sv->e.oom || z3_error) return RUN_ERROR;
    for (;;) {
        run_status rs = search(sv, ly->allowed, LAYER_BUDGET, &res->program, res);
        if (rs != RUN_UNSAT && rs != RUN_BUDGET) return rs;
        int widen = rs == RUN_UNSAT ? sv->widen : -1, rank = -1;
        if (rs == RUN_UNSAT && widen < 0) return RUN_NONE;
        for (int k = 0; k < LIPS_N_INSTANCES; k++)
            if (sv->search->rank[k] == widen || (widen < 0 && !ly->allowed[sv->search->rank[k]])) {
                widen = sv->search->rank[k];
                rank = k;
                break;
            }
        if (widen < 0) continue; /* everything is allowed: the budget ran out */
        allow(sv, ly, widen);
        if (sv->e.oom || z3_error) return RUN_ERROR;
        sv->rounds++;
        explain(sv, "round %llu: %s; allow %s (rank %d): k = %d\n", (unsigned long long)sv->rounds,
                rs == RUN_UNSAT ? "unsat" : "budget spent", lips_instances[widen].name, rank + 1,
                n_allowed(ly->allowed));
    }
}

/* Plain synthesis shortest first: the layer of length L is solved only once
 * every shorter one is proved to have no program, so the program printed is
 * a shortest one. A shorter length is first searched with every instance,
 * which settles whether it has a program; the longest goes straight to sort
 * and add. Layers are encoded when first reached. --all collects every
 * length's programs. */
static run_status solve_layers(solver *sv, lips_solve_result *res) {
    int n = sv->n_layers;
    for (int l = 0; l < n; l++) {
        layer *ly = &sv->layers[l];
        ly->allowed[sv->search->rank[0]] = 1;
        double t = lips_now_s();
        encode_layer(sv, ly, l + 1);
        sv->enc_s += lips_now_s() - t;
        if (sv->e.oom || z3_error) return RUN_ERROR;
        if (n > 1)
            explain(sv, "length %d: Z3 plans %d statement%s%s\n", l + 1, ly->plan, ly->plan == 1 ? "" : "s",
                    ly->plan ? "" : " (the enumerator alone)");
        run_status rs = solve_layer(sv, ly, l + 1 < n || sv->cfg->all, res);
        sv->k_end = n_allowed(ly->allowed);
        for (int i = 0; !typed_plan(sv) && i < ly->plan; i++)
            for (int k = 0; ly->st[i].chosen_by_hole && k < ly->st[i].n_cand; k++) {
                sv->transformed = 1;
                sv->ever_allowed[ly->st[i].cand[k]] |= ly->allowed[ly->st[i].cand[k]];
            }
        if (rs != RUN_NONE) return rs;
    }
    return sv->cfg->all && res->n_results ? RUN_FOUND : RUN_NONE;
}

/* Z3 4.8.12 has no memory bound of a context: it counts its allocations
 * for the whole process, the bound is the global memory_high_watermark,
 * and the solver parameter max_memory exits the process when passed. So
 * the bound is process-wide: it is set only when it changes, under a lock,
 * and z3 solves running at once in one process share the latest one
 * (docs/solver.md). Model compaction is global too: Z3 compacts every model
 * it returns, which took a fifth of the solve on generated length-3 tasks,
 * where a model is read for a handful of Booleans. */
static void set_global_params(size_t mem_limit) {
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static size_t current;
    pthread_mutex_lock(&lock);
    if (current != mem_limit) {
        char mem[32];
        snprintf(mem, sizeof mem, "%zu", mem_limit);
        Z3_global_param_set("memory_high_watermark", mem);
        if (!current) Z3_global_param_set("model.compact", "false");
        current = mem_limit;
    }
    pthread_mutex_unlock(&lock);
}

lips_status lips_sketch_solve(const lips_search *s, lips_solve_result *res, lips_error *err) {
    const lips_problem *p = s->pb;
    const lips_solve_config *cfg = s->cfg;
    memset(res, 0, sizeof *res);
    solver *sv = calloc(1, sizeof *sv);
    if (!sv) return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
    sv->search = s;
    sv->pb = p;
    sv->cfg = cfg;

    set_global_params(cfg->mem_limit ? cfg->mem_limit : LIPS_DEFAULT_MEM_LIMIT);
    Z3_config zc = Z3_mk_config();
    Z3_set_param_value(zc, "model", "true");
    sv->ctx = Z3_mk_context_rc(zc);
    Z3_del_config(zc);
    if (!sv->ctx) {
        free(sv);
        return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "Z3 failed: cannot create a context");
    }
    z3_error = Z3_OK;
    Z3_set_error_handler(sv->ctx, on_z3_error);

    int n = s->synth ? s->max_len : 1;
    explain(sv, "sort and add starts with k = 1: %s\n", lips_instances[sv->search->rank[0]].name);
    sv->layers = calloc((size_t)n, sizeof *sv->layers);
    sv->n_layers = n;
    sv->comp = lips_completer_new(s);
    lips_enc_init(&sv->e, sv->ctx, cfg->z3_bitvectors, (lips_semantics)p->semantics);
    for (int i = 0; i < LIPS_N_INSTANCES; i++) {
        char name[16];
        snprintf(name, sizeof name, "allow%d", i);
        sv->allow[i] = lips_enc_var(&sv->e, name, sv->e.bool_sort);
    }
    run_status rs = !sv->layers || !sv->comp || sv->e.oom || z3_error ? RUN_ERROR : solve_layers(sv, res);
    lips_status st = LIPS_OK;
    if (rs == RUN_ERROR)
        st = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "Z3 failed: %s",
                            z3_error ? Z3_get_error_msg(sv->ctx, z3_error) : "out of memory");
    for (int l = 0; sv->layers && l < n; l++) {
        if (sv->layers[l].s) Z3_solver_dec_ref(sv->ctx, sv->layers[l].s);
        free(sv->layers[l].vals);
        free(sv->layers[l].args);
    }
    free(sv->layers);
    free(sv->logged);
    free(sv->dead);
    lips_completer_free(sv->comp);
    lips_enc_free(&sv->e);
    Z3_del_context(sv->ctx);

    res->status = rs == RUN_FOUND     ? LIPS_SOLVE_FOUND
                  : rs == RUN_TIMEOUT ? LIPS_SOLVE_TIMEOUT
                  : rs == RUN_OOM     ? LIPS_SOLVE_OOM
                                      : LIPS_SOLVE_NONE;
    if (cfg->all && res->n_results) {
        rank_results(res, s->cost);
        res->program = res->results[0];
        if (res->status == LIPS_SOLVE_NONE) res->status = LIPS_SOLVE_FOUND;
    }
    res->nodes = sv->candidates;
    res->completions = sv->completions;
    res->smt_seconds = sv->z3_s;
    res->complete_seconds = sv->comp_s;
    res->seconds = lips_now_s() - s->t0;
    if (cfg->explain) {
        explain(sv, "%s: layers encoded in %.3g s; %llu plans proposed by Z3 in %llu checks (%.3g s), %llu refuted by the interpreter, "
                    "%llu completed by the enumerator (%llu nodes, %.3g s), %llu blocked as a known dead state; "
                    "%llu conflict clauses learned, %llu of them replayed into longer lengths; %llu sort-and-add rounds (k = %d at the end)\n",
                lips_solve_status_name(res->status), sv->enc_s,
                (unsigned long long)sv->candidates, (unsigned long long)sv->checks, sv->z3_s,
                (unsigned long long)sv->refuted, (unsigned long long)sv->completions,
                (unsigned long long)sv->comp_nodes, sv->comp_s, (unsigned long long)sv->dead_hits,
                (unsigned long long)sv->clauses,
                (unsigned long long)sv->shared_lemmas, (unsigned long long)sv->rounds,
                sv->k_end);
        if (sv->transformed) explain_transformers(sv);
        res->explain = sv->log;
    } else {
        free(sv->log);
    }
    free(sv);
    return st;
}
