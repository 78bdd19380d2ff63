/* The sketch solver: encode once, let Z3 propose hole fillings consistent
 * with the abstract semantics, check each candidate with the interpreter, and
 * learn from refutations (CEGIS). Sort and add restricts the holes to the
 * most probable instances through assumption literals and widens the set
 * along the unsat core. docs/solver.md describes the whole loop. */
#include "lips/sketch.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "encode.h"
#include "lips/interp.h"

typedef struct {
    int n_cand, cand[LIPS_N_INSTANCES]; /* instances this statement may run */
    int chosen_by_hole;                 /* the instance comes from a hole */
    Z3_ast sel[LIPS_N_INSTANCES];       /* one-hot choice of cand[k]; NULL for one candidate */
    int slots;                          /* argument slots encoded */
    int fixed_arg[2];                   /* variable, or LIPS_HOLE */
    int argsel_hole[2];                 /* the argument is a hole */
    Z3_ast argsel[2][LIPS_MAX_VARS];    /* one-hot choice of a hole argument's variable */
} stmt_enc;

/* One encoded sketch. Plain synthesis keeps one per program length, so that
 * every sort-and-add round tries all lengths without re-encoding. */
typedef struct {
    lips_program sk;
    stmt_enc st[LIPS_MAX_STMTS];
    Z3_solver s;
    int exhausted; /* unsat whatever is allowed */
    /* abstract values per example, and each statement's arguments per
     * example: kept to encode instances when sort and add allows them */
    lips_absval (*vals)[LIPS_MAX_VARS];
    lips_absval (*args)[2][LIPS_MAX_EXAMPLES];
} layer;

typedef struct {
    const lips_problem *pb;
    const lips_solve_config *cfg;
    Z3_context ctx;
    Z3_solver s;
    int widen; /* after an unsat round: the instance the core blames, or -1 */
    lips_enc e;
    int bv;
    lips_program sk;
    stmt_enc st[LIPS_MAX_STMTS];
    lips_absval (*vals)[LIPS_MAX_VARS];
    lips_absval (*args)[2][LIPS_MAX_EXAMPLES];
    Z3_ast allow[LIPS_N_INSTANCES];
    int order[LIPS_N_INSTANCES];
    double deadline;
    /* statistics and the --explain log */
    uint64_t candidates, refuted, clauses, rounds, checks;
    char *log;
    size_t log_len, log_cap;
} solver;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
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

static int model_true(solver *sv, Z3_model m, Z3_ast x) {
    Z3_ast v;
    int r = 0;
    if (Z3_model_eval(sv->ctx, m, x, true, &v)) {
        Z3_inc_ref(sv->ctx, v);
        r = Z3_get_bool_value(sv->ctx, v) == Z3_L_TRUE;
        Z3_dec_ref(sv->ctx, v);
    }
    return r;
}

/* Candidate instances of statement i of the sketch, most probable first. */
static void candidates(solver *sv, int i) {
    const lips_program *sk = &sv->sk;
    const lips_stmt *s = &sk->stmts[i];
    stmt_enc *se = &sv->st[i];
    se->n_cand = 0;
    se->chosen_by_hole = s->fn == LIPS_HOLE || s->lambda == LIPS_HOLE;
    for (int k = 0; k < LIPS_N_INSTANCES; k++) {
        int inst = sv->order[k];
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

/* Adds candidate k of statement i: its types and transformer on every
 * example, implied by its selector. */
static void encode_body(solver *sv, int i, int k) {
    lips_enc *e = &sv->e;
    stmt_enc *se = &sv->st[i];
    int inst = se->cand[k], nv = sv->sk.n_inputs + i;
    const lips_instance *in = &lips_instances[inst];
    lips_absval(*args)[LIPS_MAX_EXAMPLES] = sv->args[i];
    int mark = e->n_conj;
    for (int x = 0; x < sv->pb->n_examples; x++) {
        const lips_absval *o = &sv->vals[x][nv];
        for (int a = 0; a < in->arity; a++)
            add(sv, Z3_mk_eq(sv->ctx, args[a][x].islist.z, lips_enc_bool(e, in->arg_types[a] == LIPS_T_LIST).z));
        add(sv, Z3_mk_eq(sv->ctx, o->islist.z, lips_enc_bool(e, in->ret_type == LIPS_T_LIST).z));
        lips_enc_transform(e, inst, &args[0][x], in->arity == 2 ? &args[1][x] : &args[0][x], o);
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
    int nv = sk->n_inputs + i, M = sv->pb->n_examples;
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
            lips_enc_fresh_alias(e, t, &args[a][x]);
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
 * length with a statement nobody reads would have a shorter twin that was
 * already refuted: every statement but the last must feed a later one. */
static void require_used(solver *sv) {
    const lips_program *sk = &sv->sk;
    for (int i = 0; i + 1 < sk->n_stmts; i++) {
        int v = sk->n_inputs + i;
        Z3_ast uses[2 * LIPS_MAX_STMTS];
        int n = 0;
        for (int k = i + 1; k < sk->n_stmts; k++)
            for (int a = 0; a < sv->st[k].slots; a++)
                if (sv->st[k].argsel_hole[a] && sv->st[k].argsel[a][v]) {
                    Z3_ast both[2] = {sv->st[k].argsel[a][v], slot_active(sv, k, a)};
                    uses[n++] = keep(sv, Z3_mk_and(sv->ctx, 2, both));
                }
        add(sv, or_of(sv, uses, n));
    }
}

/* Builds the solver for the sketch in sv->sk; sv->vals and sv->args are
 * allocated here and owned by the caller. */
static void encode(solver *sv, int synth, const uint8_t *allowed) {
    lips_enc *e = &sv->e;
    const lips_program *sk = &sv->sk;
    int M = sv->pb->n_examples, nvars = sk->n_inputs + sk->n_stmts;
    lips_absval(*vals)[LIPS_MAX_VARS] = sv->vals = calloc((size_t)M, sizeof *vals);
    sv->args = calloc(sk->n_stmts ? sk->n_stmts : 1, sizeof *sv->args);
    if (!vals || !sv->args) {
        e->oom = 1;
        return;
    }
    for (int x = 0; x < M; x++) {
        for (int v = 0; v < sk->n_inputs; v++) lips_enc_const(e, &sv->pb->examples[x].in[v], &vals[x][v]);
        for (int v = sk->n_inputs; v < nvars; v++) lips_enc_fresh(e, lips_program_var_type(sk, v), &vals[x][v]);
    }
    for (int i = 0; i < sk->n_stmts; i++) {
        candidates(sv, i);
        encode_stmt(sv, i, allowed);
    }
    if (synth) require_used(sv);
    for (int x = 0; x < M; x++) {
        lips_absval out;
        lips_enc_const(e, &sv->pb->examples[x].out, &out);
        lips_enc_same(e, &vals[x][nvars - 1], &out);
    }
    flush(sv);
}

/* The candidate program a model describes. */
static void read_program(solver *sv, Z3_model m, lips_program *p) {
    *p = sv->sk;
    for (int i = 0; i < p->n_stmts; i++) {
        stmt_enc *se = &sv->st[i];
        int inst = se->cand[0];
        for (int k = 0; se->sel[0] && k < se->n_cand; k++)
            if (model_true(sv, m, se->sel[k])) inst = se->cand[k];
        const lips_instance *in = &lips_instances[inst];
        lips_stmt *s = &p->stmts[i];
        s->fn = (int8_t)in->fn;
        s->lambda = in->lambda;
        s->nargs = (int8_t)in->arity;
        for (int a = 0; a < 2; a++) {
            s->args[a] = a >= in->arity ? LIPS_NONE : (int8_t)se->fixed_arg[a];
            for (int v = 0; a < in->arity && se->argsel_hole[a] && v < p->n_inputs + i; v++)
                if (se->argsel[a][v] && model_true(sv, m, se->argsel[a][v])) s->args[a] = (int8_t)v;
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

/* A refutation: the statement that failed, and the values every example
 * computed before it (NULL when an earlier statement failed there). */
typedef struct {
    int j, last;
    uint32_t prefix; /* cone of j without j: the statements the conflict keeps */
    int have[LIPS_MAX_EXAMPLES];
    lips_value vars[LIPS_MAX_EXAMPLES][LIPS_MAX_VARS];
} conflict;

/* Does instance inst on variables (v0, v1) fail, or for the last statement
 * miss the output, on some example the conflict has values for? */
static int combo_fails(solver *sv, const conflict *c, int inst, int v0, int v1) {
    for (int x = 0; x < sv->pb->n_examples; x++) {
        if (!c->have[x]) continue;
        lips_value out;
        if (lips_instance_eval(inst, &c->vars[x][v0], &c->vars[x][v1 >= 0 ? v1 : v0], &out) != LIPS_EVAL_OK) return 1;
        if (c->last && !lips_value_equal(&out, &sv->pb->examples[x].out)) return 1;
    }
    return 0;
}

/* Learns from statement j of p failing (or, as the last statement, missing
 * an output): keeping the choices of the statements j reads, every choice at
 * j over variables those statements determine that fails the same examples
 * is blocked, one clause each. The candidate's own choice is among them. */
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
                if (!combo_fails(sv, c, inst, v0, v1)) continue;
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

/* Checks a candidate on every example; on failure learns from the earliest
 * failing statement of the first failing example. */
static int refute(solver *sv, const lips_program *p) {
    static _Thread_local conflict c;
    int M = sv->pb->n_examples, x0 = -1;
    char text[1024], why[96];
    for (int x = 0; x < M && x0 < 0; x++) {
        lips_run r = lips_program_run(p, sv->pb->examples[x].in, c.vars[x]);
        if (r.status != LIPS_EVAL_OK) {
            c.j = r.failed_stmt;
            snprintf(why, sizeof why, "statement %s fails (%s) on example %d", lips_var_name(p->n_inputs + c.j),
                     r.status == LIPS_EVAL_NULL ? "NULL" : "out of range", x + 1);
            x0 = x;
        } else if (!lips_value_equal(&c.vars[x][p->n_inputs + p->n_stmts - 1], &sv->pb->examples[x].out)) {
            c.j = p->n_stmts - 1;
            snprintf(why, sizeof why, "wrong output on example %d", x + 1);
            x0 = x;
        }
    }
    if (x0 < 0) return 0;
    c.last = c.j == p->n_stmts - 1;
    c.prefix = 0;
    cone(p, c.j, &c.prefix);
    c.prefix &= ~(1u << c.j);
    /* the values before j: the candidate computed them up to example x0;
     * on later examples, where the statements before j run */
    lips_program head = *p;
    head.n_stmts = (uint8_t)c.j;
    for (int x = 0; x < M; x++)
        c.have[x] = x <= x0 || lips_program_run(&head, sv->pb->examples[x].in, c.vars[x]).status == LIPS_EVAL_OK;
    int learned = learn(sv, p, &c);
    sv->refuted++;
    if (sv->cfg->explain) {
        lips_program_print(p, " | ", text, sizeof text);
        explain(sv, "  refuted %s: %s; kept %d statement%s, blocked %d choice%s of %s\n", text, why,
                __builtin_popcount(c.prefix), __builtin_popcount(c.prefix) == 1 ? "" : "s", learned,
                learned == 1 ? "" : "s", lips_var_name(p->n_inputs + c.j));
    }
    return 1;
}

typedef enum { RUN_FOUND, RUN_NONE, RUN_TIMEOUT, RUN_ERROR, RUN_UNSAT, RUN_OOM } run_status;

/* Each check gets the time left of the whole solve as Z3's timeout. */
static void limit_check(solver *sv) {
    double left = sv->deadline > 0 ? sv->deadline - now_s() : 0;
    Z3_params prm = Z3_mk_params(sv->ctx);
    Z3_params_inc_ref(sv->ctx, prm);
    Z3_params_set_uint(sv->ctx, prm, Z3_mk_string_symbol(sv->ctx, "timeout"),
                       sv->deadline > 0 ? (unsigned)(left * 1000) + 1 : 4294967295u);
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

/* CEGIS over the current layer with the allowed instances, until a program
 * passes or the layer is unsat; then sv->widen is the most probable
 * disallowed instance its unsat core blames (-1: none, the layer is
 * exhausted). */
static run_status search(solver *sv, uint8_t *allowed, lips_program *found, lips_solve_result *res) {
    Z3_ast assume[LIPS_N_INSTANCES];
    for (;;) {
        if (sv->deadline > 0 && now_s() >= sv->deadline) return RUN_TIMEOUT;
        limit_check(sv);
        for (int i = 0; i < LIPS_N_INSTANCES; i++)
            assume[i] = allowed[i] ? sv->allow[i] : keep(sv, Z3_mk_not(sv->ctx, sv->allow[i]));
        Z3_lbool r = Z3_solver_check_assumptions(sv->ctx, sv->s, LIPS_N_INSTANCES, assume);
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
            if (refute(sv, &p)) continue;
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
                int inst = sv->order[k];
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

static int cmp_len(const void *a, const void *b) {
    return ((const lips_program *)a)->n_stmts - ((const lips_program *)b)->n_stmts;
}

/* Sort and add across the layers: each round runs every open layer (each
 * length, shortest first) with the allowed instances; when all are unsat, the
 * most probable disallowed instance any core blames is allowed next (an
 * instance no core blames cannot help alone). Trying all lengths in a round
 * keeps a good ordering useful: exhausting short lengths first would allow
 * every instance before the program's own length is reached. */
static void use_layer(solver *sv, const layer *ly) {
    sv->sk = ly->sk;
    memcpy(sv->st, ly->st, sizeof sv->st);
    sv->s = ly->s;
    sv->vals = ly->vals;
    sv->args = ly->args;
}

static run_status sort_and_add(solver *sv, layer *layers, int n, uint8_t *allowed, lips_solve_result *res) {
    for (;;) {
        int widen = -1, rank = LIPS_N_INSTANCES, open = 0;
        for (int l = 0; l < n; l++) {
            if (layers[l].exhausted) continue;
            use_layer(sv, &layers[l]);
            if (n > 1) explain(sv, "length %d\n", sv->sk.n_stmts);
            run_status rs = search(sv, allowed, &res->program, res);
            if (rs != RUN_UNSAT) return rs;
            if (sv->widen < 0) {
                layers[l].exhausted = 1;
                continue;
            }
            open = 1;
            for (int k = 0; k < rank; k++)
                if (sv->order[k] == sv->widen) widen = sv->widen, rank = k;
        }
        if (!open) return sv->cfg->all && res->n_results ? RUN_FOUND : RUN_NONE;
        allowed[widen] = 1;
        for (int l = 0; l < n; l++) {
            if (layers[l].exhausted) continue;
            use_layer(sv, &layers[l]);
            for (int i = 0; i < sv->sk.n_stmts; i++)
                for (int k = 0; sv->st[i].chosen_by_hole && k < sv->st[i].n_cand; k++)
                    if (sv->st[i].cand[k] == widen) encode_body(sv, i, k);
            flush(sv);
        }
        if (sv->e.oom || z3_error) return RUN_ERROR;
        sv->rounds++;
        explain(sv, "round %llu: unsat with k = %d; allow %s (rank %d): k = %d\n", (unsigned long long)sv->rounds,
                n_allowed(allowed) - 1, lips_instances[widen].name, rank + 1, n_allowed(allowed));
    }
}

lips_status lips_sketch_solve(const lips_problem *p, const lips_solve_config *cfg, lips_solve_result *res,
                              lips_error *err) {
    memset(res, 0, sizeof *res);
    double t0 = now_s();
    solver *sv = calloc(1, sizeof *sv);
    if (!sv) return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
    sv->pb = p;
    sv->cfg = cfg;
    sv->deadline = cfg->timeout_s > 0 ? t0 + cfg->timeout_s : 0;
    /* integer arithmetic unless measuring bit-vectors (docs/results.md) */
    const char *arith = getenv("LIPS_Z3_ARITH");
    sv->bv = arith && !strcmp(arith, "bv");
    float score[LIPS_N_INSTANCES];
    lips_order_scores(cfg->attr_p, score);
    lips_order_rank(score, sv->order);

    /* the memory bound: Z3 answers undef ("max. memory exceeded") once its
     * allocations pass this many bytes (a soft bound, checked by Z3) */
    char mem[32];
    snprintf(mem, sizeof mem, "%zu", cfg->mem_limit ? cfg->mem_limit : LIPS_DEFAULT_MEM_LIMIT);
    Z3_global_param_set("memory_high_watermark", mem);
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

    int synth = p->sketch.n_stmts == 0;
    int n = synth ? (cfg->max_len < 1 ? 1 : cfg->max_len > LIPS_MAX_STMTS ? LIPS_MAX_STMTS : cfg->max_len) : 1;
    uint8_t allowed[LIPS_N_INSTANCES] = {0};
    allowed[sv->order[0]] = 1;
    explain(sv, "sort and add starts with k = 1: %s\n", lips_instances[sv->order[0]].name);
    layer *layers = calloc((size_t)n, sizeof *layers);
    lips_enc_init(&sv->e, sv->ctx, sv->bv);
    for (int i = 0; i < LIPS_N_INSTANCES; i++) {
        char name[16];
        snprintf(name, sizeof name, "allow%d", i);
        sv->allow[i] = lips_enc_var(&sv->e, name, sv->e.bool_sort);
    }
    for (int l = 0; layers && l < n && !sv->e.oom && !z3_error; l++) {
        sv->sk = p->sketch;
        if (synth) {
            sv->sk.n_stmts = (uint8_t)(l + 1);
            for (int i = 0; i <= l; i++)
                sv->sk.stmts[i] = (lips_stmt){LIPS_HOLE, LIPS_HOLE, LIPS_HOLE, {LIPS_HOLE, LIPS_HOLE}};
        }
        /* the logic-specific solver answers these queries several times faster
         * than the default portfolio (docs/solver.md) */
        sv->s = Z3_mk_solver_for_logic(sv->ctx, Z3_mk_string_symbol(sv->ctx, sv->bv ? "QF_BV" : "QF_LIA"));
        Z3_solver_inc_ref(sv->ctx, sv->s);
        encode(sv, synth, allowed);
        layers[l].sk = sv->sk;
        memcpy(layers[l].st, sv->st, sizeof sv->st);
        layers[l].s = sv->s;
        layers[l].vals = sv->vals;
        layers[l].args = sv->args;
    }
    run_status rs = !layers || sv->e.oom || z3_error ? RUN_ERROR : sort_and_add(sv, layers, n, allowed, res);
    lips_status st = LIPS_OK;
    if (rs == RUN_ERROR)
        st = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "Z3 failed: %s",
                            z3_error ? Z3_get_error_msg(sv->ctx, z3_error) : "out of memory");
    for (int l = 0; layers && l < n; l++) {
        if (layers[l].s) Z3_solver_dec_ref(sv->ctx, layers[l].s);
        free(layers[l].vals);
        free(layers[l].args);
    }
    free(layers);
    lips_enc_free(&sv->e);
    Z3_del_context(sv->ctx);

    res->status = rs == RUN_FOUND     ? LIPS_SOLVE_FOUND
                  : rs == RUN_TIMEOUT ? LIPS_SOLVE_TIMEOUT
                  : rs == RUN_OOM     ? LIPS_SOLVE_OOM
                                      : LIPS_SOLVE_NONE;
    if (cfg->all && res->n_results) {
        qsort(res->results, (size_t)res->n_results, sizeof *res->results, cmp_len);
        res->program = res->results[0];
        if (res->status == LIPS_SOLVE_NONE) res->status = LIPS_SOLVE_FOUND;
    }
    res->nodes = sv->candidates;
    res->seconds = now_s() - t0;
    if (cfg->explain) {
        explain(sv, "%s: %llu candidates proposed by Z3 in %llu checks, %llu refuted by the interpreter, "
                    "%llu conflict clauses learned, %llu sort-and-add rounds (k = %d at the end)\n",
                res->status == LIPS_SOLVE_FOUND ? "solved" : res->status == LIPS_SOLVE_TIMEOUT ? "timeout"
                : res->status == LIPS_SOLVE_OOM ? "out of memory" : "no program",
                (unsigned long long)sv->candidates, (unsigned long long)sv->checks,
                (unsigned long long)sv->refuted, (unsigned long long)sv->clauses,
                (unsigned long long)sv->rounds, n_allowed(allowed));
        res->explain = sv->log;
    } else {
        free(sv->log);
    }
    free(sv);
    return st;
}
