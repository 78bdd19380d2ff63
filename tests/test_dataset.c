/* The data generator: canonical form, enumeration, examples re-checked by
 * the interpreter, determinism, disjointness from a training set, stats,
 * and the command line's argument errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lips/bounds.h"
#include "lips/dataset.h"
#include "lips/interp.h"
#include "lips/oe.h"
#include "lips/solve.h"

static lips_program prog(const char *text) {
    lips_program p;
    lips_error err;
    if (lips_program_parse(text, "<test>", 1, 0, &p, &err)) fail_msg("%s: %s", text, err.msg);
    return p;
}

/* Generates into a malloc'd buffer. */
static char *gen(const lips_gen_config *cfg, lips_gen_report *rep) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    lips_error err;
    lips_status st = lips_gen_run(cfg, f, rep, &err);
    fclose(f);
    if (st) fail_msg("lips_gen_run: %s", err.msg);
    return buf;
}

static void gen_file(const lips_gen_config *cfg, const char *path) {
    lips_gen_report rep;
    char *s = gen(cfg, &rep);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
    free(s);
}

static lips_problem *load(const char *path, size_t *n) {
    lips_problem *ps;
    lips_error err;
    if (lips_dataset_load(path, &ps, n, &err)) fail_msg("%s", err.msg);
    return ps;
}

static void canonical_form(void **state) {
    assert_true(lips_gen_is_canonical(&(lips_program){0}) == 0);
    lips_program p = prog("a <- [int] | b <- SORT a | c <- REVERSE b");
    assert_true(lips_gen_is_canonical(&p));
    p = prog("a <- int | b <- [int] | c <- TAKE a b");
    assert_true(lips_gen_is_canonical(&p));
    p = prog("a <- [int] | b <- int | c <- TAKE b a"); /* inputs out of first-use order */
    assert_false(lips_gen_is_canonical(&p));
    p = prog("a <- [int] | b <- SORT a | c <- REVERSE a"); /* b is dead */
    assert_false(lips_gen_is_canonical(&p));
    p = prog("a <- [int] | b <- [int] | c <- SORT a"); /* b unused */
    assert_false(lips_gen_is_canonical(&p));
    p = prog("a <- [int] | b <- SORT a | c <- REVERSE a | d <- ZIPWITH (+) c b"); /* c belongs first */
    assert_false(lips_gen_is_canonical(&p));
    p = prog("a <- [int] | b <- REVERSE a | c <- SORT a | d <- ZIPWITH (+) b c");
    assert_true(lips_gen_is_canonical(&p));
}

/* Counts canonical programs of length T by brute force over every program. */
static long brute_count(lips_program *p, int i, int T) {
    if (i == T) return lips_gen_is_canonical(p);
    long n = 0;
    int V = p->n_inputs + i;
    for (int inst = 0; inst < LIPS_N_INSTANCES; inst++) {
        const lips_instance *in = &lips_instances[inst];
        for (int a = 0; a < V; a++)
            for (int b = 0; b < (in->arity == 2 ? V : 1); b++) {
                if (lips_program_var_type(p, a) != in->arg_types[0]) continue;
                if (in->arity == 2 && lips_program_var_type(p, b) != in->arg_types[1]) continue;
                lips_stmt *s = &p->stmts[i];
                s->fn = (int8_t)in->fn;
                s->lambda = in->lambda;
                s->nargs = (int8_t)in->arity;
                s->args[0] = (int8_t)a;
                s->args[1] = in->arity == 2 ? (int8_t)b : LIPS_NONE;
                p->n_stmts = (uint8_t)(i + 1);
                n += brute_count(p, i + 1, T);
            }
    }
    return n;
}

static void enumeration_is_complete(void **state) {
    for (int T = 1; T <= 2; T++) {
        long want = 0;
        for (int n = 1; n <= 3; n++)
            for (int bits = 0; bits < (1 << n); bits++) {
                lips_program p = {0};
                p.n_inputs = (uint8_t)n;
                for (int i = 0; i < n; i++) p.input_types[i] = (uint8_t)((bits >> i) & 1);
                want += brute_count(&p, 0, T);
            }
        lips_gen_config cfg;
        lips_gen_config_default(&cfg);
        cfg.length = T;
        cfg.all = 1;
        lips_gen_report rep;
        free(gen(&cfg, &rep));
        assert_int_equal(rep.candidates, want);
        assert_true(rep.problems > 0 && rep.problems <= want);
    }
}

static void verdicts(void **state) {
    lips_problem pb;
    lips_program p = prog("a <- [int] | b <- SORT a | c <- SORT b");
    assert_int_equal(lips_gen_examples(&p, 5, 20, 1, &pb), LIPS_GEN_SHORTER);
    p = prog("a <- [int] | b <- MAP (**2) a | c <- COUNT (<0) b");
    assert_int_equal(lips_gen_examples(&p, 5, 20, 1, &pb), LIPS_GEN_CONSTANT);
    /* equivalent to a shorter program that no statement of theirs equals */
    p = prog("a <- [int] | b <- REVERSE a | c <- SORT b"); /* SORT a */
    assert_int_equal(lips_gen_examples(&p, 5, 20, 1, &pb), LIPS_GEN_SHORTER);
    p = prog("a <- [int] | b <- REVERSE a | c <- HEAD b"); /* LAST a */
    assert_int_equal(lips_gen_examples(&p, 5, 20, 1, &pb), LIPS_GEN_SHORTER);
    p = prog("a <- [int] | b <- REVERSE a | c <- SUM b"); /* SUM a */
    assert_int_equal(lips_gen_examples(&p, 5, 20, 1, &pb), LIPS_GEN_SHORTER);
    p = prog("a <- [int] | b <- SORT a | c <- REVERSE b");
    assert_int_equal(lips_gen_examples(&p, 5, 20, 1, &pb), LIPS_GEN_OK);
    assert_int_equal(pb.n_examples, 5);
    assert_int_equal(lips_problem_first_mismatch(&pb, &p), -1);
}

/* Thousands of generated examples, read back from the JSON and re-run
 * (few of length 5: each costs an exhaustive search of length 4). */
static void examples_rerun(void **state) {
    const char *path = "gen_examples.jsonl";
    long examples = 0;
    for (int T = 1; T <= 5; T++) {
        lips_gen_config cfg;
        lips_gen_config_default(&cfg);
        cfg.length = T;
        cfg.count = T == 5 ? 20 : 500;
        cfg.examples = 10;
        cfg.seed = (uint64_t)T;
        cfg.max_list_len = T == 3 ? 8 : 20;
        gen_file(&cfg, path);
        size_t n;
        lips_problem *ps = load(path, &n);
        assert_true(n >= 20);
        for (size_t i = 0; i < n; i++) {
            lips_problem *pb = &ps[i];
            assert_true(pb->has_program);
            assert_int_equal(pb->program.n_stmts, T);
            assert_true(lips_gen_is_canonical(&pb->program));
            assert_int_equal(pb->n_examples, 10);
            assert_int_equal(lips_problem_first_mismatch(pb, &pb->program), -1);
            int constant = 1;
            for (int e = 0; e < pb->n_examples; e++) {
                examples++;
                for (int j = 0; j < pb->program.n_inputs; j++)
                    assert_true(pb->examples[e].in[j].len <= cfg.max_list_len);
                constant &= lips_value_equal(&pb->examples[e].out, &pb->examples[0].out);
                for (int f = 0; f < e; f++) {
                    int same = 1;
                    for (int j = 0; j < pb->program.n_inputs; j++)
                        same &= lips_value_equal(&pb->examples[e].in[j], &pb->examples[f].in[j]);
                    assert_false(same);
                }
            }
            assert_false(constant);
        }
        free(ps);
    }
    remove(path);
    assert_true(examples > 10000);
}

/* Brute force, independent of the generator and of the search engine: is
 * some program of at most max_len statements over pb's inputs (any order,
 * dead statements allowed) producing every output? Statements that fail on
 * an example are not gone below (a program using them fails; one not using
 * them is shorter and tried anyway). */
typedef struct {
    const lips_problem *pb;
    lips_value vals[LIPS_MAX_VARS][LIPS_MAX_EXAMPLES];
    uint8_t types[LIPS_MAX_VARS];
} brute;

static int brute_solves(brute *b, int depth, int max_len) {
    const lips_problem *pb = b->pb;
    int M = pb->n_examples, V = pb->sketch.n_inputs + depth;
    for (int inst = 0; inst < LIPS_N_INSTANCES; inst++) {
        const lips_instance *in = &lips_instances[inst];
        for (int x = 0; x < V; x++)
            for (int y = 0; y < (in->arity == 2 ? V : 1); y++) {
                if (b->types[x] != in->arg_types[0]) continue;
                if (in->arity == 2 && b->types[y] != in->arg_types[1]) continue;
                int yy = in->arity == 2 ? y : x, ok = 1, match = in->ret_type == pb->out_type;
                for (int e = 0; e < M && ok; e++) {
                    ok = in->eval[LIPS_SEM_STRICT](&b->vals[x][e], &b->vals[yy][e], &b->vals[V][e]) == LIPS_EVAL_OK;
                    match &= ok && lips_value_equal(&b->vals[V][e], &pb->examples[e].out);
                    if (!match && depth + 1 == max_len) break; /* a leaf only matters if it matches */
                }
                if (!ok) continue;
                if (match) return 1;
                b->types[V] = (uint8_t)in->ret_type;
                if (depth + 1 < max_len && brute_solves(b, depth + 1, max_len)) return 1;
            }
    }
    return 0;
}

static int brute_shorter(const lips_problem *pb, int max_len) {
    static brute b;
    b.pb = pb;
    for (int i = 0; i < pb->sketch.n_inputs; i++) {
        b.types[i] = pb->sketch.input_types[i];
        for (int e = 0; e < pb->n_examples; e++) b.vals[i][e] = pb->examples[e].in[i];
    }
    return max_len > 0 && brute_solves(&b, 0, max_len);
}

/* Does the solver find a program of at most max_len statements? */
static int solver_shorter(const lips_problem *pb, int max_len) {
    lips_solve_config sc;
    lips_solve_config_default(&sc);
    sc.solver = LIPS_SOLVER_DFS;
    sc.max_len = max_len;
    sc.timeout_s = 0;
    sc.threads = 1;
    lips_solve_result res;
    lips_error err;
    if (lips_solve(pb, &sc, &res, &err)) fail_msg("lips_solve: %s", err.msg);
    assert_true(res.status == LIPS_SOLVE_FOUND || res.status == LIPS_SOLVE_NONE);
    lips_solve_result_free(&res);
    return res.status == LIPS_SOLVE_FOUND;
}

/* No generated problem of length T is solved by a program of T-1 statements:
 * checked by brute force (T = 2, 3) and by the solver (T = 2, 3, 4). */
static void no_shorter_program(void **state) {
    const char *path = "gen_shorter.jsonl";
    static const struct {
        int T, all;
        long count;
    } sets[] = {{2, 1, 0}, {3, 0, 300}, {4, 0, 40}};
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        lips_gen_config cfg;
        lips_gen_config_default(&cfg);
        cfg.length = sets[i].T;
        cfg.all = sets[i].all;
        cfg.count = sets[i].count;
        cfg.seed = 1;
        gen_file(&cfg, path);
        size_t n;
        lips_problem *ps = load(path, &n);
        assert_true(n >= (size_t)(sets[i].all ? 1000 : sets[i].count));
        for (size_t j = 0; j < n; j++) {
            int T = sets[i].T;
            if (T <= 3 && brute_shorter(&ps[j], T - 1))
                fail_msg("T=%d problem %s has a program of %d statements (brute force)", T, ps[j].name, T - 1);
            if (solver_shorter(&ps[j], T - 1))
                fail_msg("T=%d problem %s has a program of %d statements (solver)", T, ps[j].name, T - 1);
        }
        /* the brute force is not vacuous: it finds each T=2 program itself */
        for (size_t j = 0; j < n && j < 50 && sets[i].T == 2; j++) assert_true(brute_shorter(&ps[j], 2));
        free(ps);
    }
    remove(path);
}

/* cfg makes all its problems and the same bytes on 1 and 2 threads; the
 * next seed, other bytes. Returns the one-thread report. */
static lips_gen_report same_on_threads(lips_gen_config cfg) {
    lips_gen_report r1, r2, r3;
    cfg.threads = 1;
    char *a = gen(&cfg, &r1);
    cfg.threads = 2;
    char *b = gen(&cfg, &r2);
    assert_int_equal(r1.problems, cfg.count);
    assert_string_equal(a, b);
    cfg.seed++;
    char *c = gen(&cfg, &r3);
    assert_true(strcmp(a, c) != 0);
    free(a);
    free(b);
    free(c);
    return r1;
}

static void deterministic(void **state) {
    lips_gen_config cfg;
    lips_gen_config_default(&cfg);
    cfg.length = 3; /* several rounds; duplicates of earlier rounds are dropped by workers */
    cfg.count = 6000;
    cfg.seed = 99;
    same_on_threads(cfg);
}

/* Does training program p, with its inputs mapped injectively onto q's
 * (types kept), produce every output of test problem q? */
static int solves_mapped(const lips_program *p, const lips_problem *q, const int *m) {
    lips_value in[LIPS_MAX_INPUTS], vars[LIPS_MAX_VARS];
    for (int e = 0; e < q->n_examples; e++) {
        for (int j = 0; j < p->n_inputs; j++) in[j] = q->examples[e].in[m[j]];
        if (lips_program_run(p, LIPS_SEM_STRICT, in, vars).status != LIPS_EVAL_OK ||
            !lips_value_equal(&vars[p->n_inputs + p->n_stmts - 1], &q->examples[e].out))
            return 0;
    }
    return 1;
}

/* Number of test problems some training program of no more statements
 * solves under some injective, type-keeping mapping of its inputs onto the
 * test problem's (a subset or a permutation of them): the all-pairs check
 * the index replaces. *other counts those no program solves with the same
 * signature and inputs in place, i.e. found only through another mapping. */
static long violations(const lips_problem *test, size_t nt, const lips_problem *train, size_t nr,
                       long *other) {
    long bad = 0;
    *other = 0;
    for (size_t i = 0; i < nt; i++) {
        const lips_program *q = &test[i].program;
        int found = 0, in_place = 0;
        for (size_t j = 0; j < nr && !in_place; j++) {
            const lips_program *p = &train[j].program;
            if (p->n_stmts > q->n_stmts || p->n_inputs > q->n_inputs) continue;
            int m[LIPS_MAX_INPUTS], total = 1;
            for (int k = 0; k < p->n_inputs; k++) total *= q->n_inputs;
            for (int c = 0; c < total && !in_place; c++) {
                int ok = 1, ident = p->n_inputs == q->n_inputs;
                for (int k = 0, x = c; k < p->n_inputs; k++, x /= q->n_inputs) {
                    m[k] = x % q->n_inputs;
                    ok &= p->input_types[k] == q->input_types[m[k]];
                    ident &= m[k] == k;
                    for (int l = 0; l < k; l++) ok &= m[l] != m[k];
                }
                if (!ok || !solves_mapped(p, &test[i], m)) continue;
                found = 1;
                in_place |= ident;
            }
        }
        bad += found;
        *other += found && !in_place;
    }
    return bad;
}

static void disjoint_from_training(void **state) {
    const char *train = "gen_train.jsonl", *test = "gen_test.jsonl";
    lips_gen_config cfg;
    lips_gen_config_default(&cfg);
    /* a training set of all short programs and some of length 2 */
    cfg.length = 1;
    cfg.all = 1;
    lips_gen_report rep;
    char *t1 = gen(&cfg, &rep);
    cfg.all = 0;
    cfg.length = 2;
    cfg.count = 500;
    cfg.seed = 1;
    char *t2 = gen(&cfg, &rep);
    FILE *f = fopen(train, "w");
    fputs(t1, f);
    fputs(t2, f);
    fclose(f);
    free(t1);
    free(t2);
    size_t nr, nt;
    lips_problem *tr = load(train, &nr);

    cfg.count = 300;
    cfg.seed = 2;
    cfg.test = 1;
    gen_file(&cfg, test); /* without the training set: overlaps expected, */
    lips_problem *te = load(test, &nt);
    long other;
    assert_true(violations(te, nt, tr, nr, &other) > 0);
    assert_true(other > 0); /* some only through a subset or permutation of the inputs */
    free(te);

    cfg.disjoint_from = train;
    gen_file(&cfg, test);
    te = load(test, &nt);
    assert_true(nt >= 100);
    assert_int_equal(violations(te, nt, tr, nr, &other), 0);
    free(te);
    free(tr);
    remove(train);
    remove(test);
}

/* FNV-1a: a fingerprint of generated bytes. */
static uint64_t fnv1a(const char *s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
    return h;
}

static int same_inputs(const lips_example *a, const lips_example *b, int n) {
    for (int j = 0; j < n; j++)
        if (!lips_value_equal(&a->in[j], &b->in[j])) return 0;
    return 1;
}

/* --holdout-examples H appends H examples to every problem, drawn like the
 * others (the program's ranges, inputs distinct from every other example's,
 * the program's outputs), and leaves the rest as without it: the same
 * problems and the same first M examples, byte for byte. H = 0 writes what
 * lips gen wrote before the option existed. Every check judges the first M:
 * none of them has a shorter program. */
static void holdout_examples(void **state) {
    const char *path = "gen_holdout.jsonl";
    lips_gen_config cfg;
    lips_gen_config_default(&cfg);
    cfg.length = 3;
    cfg.count = 200;
    cfg.seed = 12;
    cfg.test = 1;
    lips_gen_report rep;
    char *plain = gen(&cfg, &rep);
    /* lips gen -T 3 -n 200 -s 12 --test at commit f04affa, before --holdout-examples */
    assert_int_equal(strlen(plain), 142118);
    assert_true(fnv1a(plain) == 0x26016269a3df51d9ull);

    static const struct {
        int T, M, H, test;
        uint64_t seed;
    } sets[] = {{3, 5, 4, 1, 12}, {2, 2, 6, 0, 4}};
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
        cfg.length = sets[k].T;
        cfg.examples = sets[k].M;
        cfg.test = sets[k].test;
        cfg.seed = sets[k].seed;
        cfg.holdout_examples = 0;
        char *without = k == 0 ? plain : gen(&cfg, &rep);
        cfg.holdout_examples = sets[k].H;
        gen_file(&cfg, path);
        size_t n;
        lips_problem *ps = load(path, &n);
        assert_int_equal(n, 200);
        char *visible = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&visible, &len);
        for (size_t i = 0; i < n; i++) {
            lips_problem *pb = &ps[i];
            int M = sets[k].M, all = M + sets[k].H;
            assert_int_equal(pb->n_examples, all);
            assert_int_equal(lips_problem_first_mismatch(pb, &pb->program), -1);
            for (int e = M; e < all; e++)
                for (int d = 0; d < e; d++) assert_false(same_inputs(&pb->examples[e], &pb->examples[d], pb->sketch.n_inputs));
            pb->n_examples = M;
            if (solver_shorter(pb, pb->program.n_stmts - 1))
                fail_msg("%s has a shorter program on its first %d examples", pb->name, M);
            assert_int_equal(lips_problem_write_json(pb, f), LIPS_OK);
        }
        fclose(f);
        assert_string_equal(visible, without);
        free(visible);
        free(without);
        free(ps);
    }
    remove(path);

    lips_error err;
    cfg.examples = 18;
    cfg.holdout_examples = 3;
    assert_int_equal(lips_gen_config_check(&cfg, &err), LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "--examples plus --holdout-examples must be at most 20, got 18 + 3");
}

/* Shapes: every problem of a shaped set keeps to its bounds (examples,
 * list lengths, input values), the dimensions really vary, the checks hold
 * on one example as on five (no shorter program, every output re-runs),
 * and --shaped 0 is the standard set byte for byte. */
static void shapes(void **state) {
    const char *path = "gen_shapes.jsonl";
    lips_gen_config cfg;
    lips_gen_config_default(&cfg);
    cfg.length = 3;
    cfg.count = 400;
    cfg.seed = 21;
    cfg.per_program = 2;
    cfg.examples_min = 1;
    cfg.list_len_min = 1;
    cfg.max_list_len = 12;
    cfg.scale_min = 3;
    cfg.scale_max = 40;
    cfg.shaped = 1;
    gen_file(&cfg, path);
    size_t n;
    lips_problem *ps = load(path, &n);
    assert_int_equal(n, 400);
    int seen_m[LIPS_MAX_EXAMPLES + 1] = {0}, small = 0, short_lists = 0;
    for (size_t j = 0; j < n; j++) {
        const lips_problem *p = &ps[j];
        assert_true(p->n_examples >= 1 && p->n_examples <= 5);
        seen_m[p->n_examples]++;
        int top = 0, longest = 0;
        for (int e = 0; e < p->n_examples; e++)
            for (int i = 0; i < p->sketch.n_inputs; i++) {
                const lips_value *v = &p->examples[e].in[i];
                int k = v->type == LIPS_T_INT ? 1 : v->len;
                if (v->type == LIPS_T_LIST && v->len > longest) longest = v->len;
                for (int x = 0; x < k; x++) top = abs(v->v[x]) > top ? abs(v->v[x]) : top;
            }
        assert_true(top <= 40);
        assert_true(longest <= 12);
        small += top <= 10;
        short_lists += longest <= 4;
        assert_int_equal(lips_problem_first_mismatch(p, &p->program), -1);
        if (brute_shorter(p, 2)) fail_msg("shaped problem %s has a program of 2 statements", p->name);
    }
    for (int m = 1; m <= 5; m++)
        if (seen_m[m] < 10) fail_msg("only %d problems with %d examples", seen_m[m], m);
    assert_true(small >= 40 && short_lists >= 40);
    free(ps);

    lips_gen_report rep;
    cfg.shaped = 0;
    cfg.per_program = 1;
    cfg.count = 200;
    cfg.seed = 12;
    cfg.test = 1;
    cfg.max_list_len = LIPS_MAX_LEN;
    char *standard = gen(&cfg, &rep);
    assert_true(fnv1a(standard) == 0x26016269a3df51d9ull); /* as in holdout_examples */
    free(standard);
    remove(path);
}

static void stats_are_an_ordering(void **state) {
    const char *path = "gen_stats.jsonl", *json = "gen_stats.json";
    FILE *f = fopen(path, "w");
    fputs("{\"program\": \"a <- [int] | b <- SORT a | c <- HEAD b\", \"examples\": [{\"inputs\": [[2, 1]], \"output\": 1}]}\n"
          "{\"program\": \"a <- [int] | b <- MAP (*2) a | c <- SORT b\", \"examples\": [{\"inputs\": [[1]], \"output\": [2]}]}\n",
          f);
    fclose(f);
    lips_dataset_stats st;
    lips_error err;
    assert_int_equal(lips_dataset_stats_read(path, &st, &err), LIPS_OK);
    assert_int_equal(st.problems, 2);
    assert_int_equal(st.attrs[LIPS_FN_SORT], 2);
    assert_int_equal(st.attrs[LIPS_FN_HEAD], 1);
    assert_int_equal(st.attrs[LIPS_ATTR_LAMBDA(LIPS_L_MUL2)], 1);
    assert_int_equal(st.lengths[2], 2);
    f = fopen(json, "w");
    lips_dataset_stats_write_json(&st, f);
    fclose(f);
    float p[LIPS_N_ATTRS];
    assert_int_equal(lips_order_load(json, p, &err), LIPS_OK);
    assert_true(p[LIPS_FN_SORT] == 1.0f);
    assert_true(p[LIPS_FN_HEAD] == 0.5f);
    assert_true(p[LIPS_FN_SUM] == 0.0f);
    remove(path);
    remove(json);
}

/* ---- shared inputs (--shared-inputs K) ---- */

static int rand_in(unsigned *seed, int lo, int hi) { return lo + (int)(rand_r(seed) % (unsigned)(hi - lo + 1)); }

/* A random program of len statements over pb's inputs, each statement
 * using the one before it (so none is dead; inputs may go unused), run on
 * pb's examples into pb's outputs; 0 when it fails on one. */
static int random_outputs(unsigned *seed, lips_problem *pb, int len) {
    lips_value vals[LIPS_MAX_VARS][LIPS_MAX_EXAMPLES];
    uint8_t types[LIPS_MAX_VARS];
    int n = pb->sketch.n_inputs;
    for (int i = 0; i < n; i++) {
        types[i] = pb->sketch.input_types[i];
        for (int e = 0; e < pb->n_examples; e++) vals[i][e] = pb->examples[e].in[i];
    }
    for (int d = 0; d < len; d++) {
        int V = n + d, inst, a, b, tries = 0;
        do {
            inst = rand_in(seed, 0, LIPS_N_INSTANCES - 1);
            a = rand_in(seed, 0, V - 1);
            b = rand_in(seed, 0, V - 1);
        } while ((types[a] != lips_instances[inst].arg_types[0] ||
                  (lips_instances[inst].arity == 2 && types[b] != lips_instances[inst].arg_types[1]) ||
                  (d > 0 && a != V - 1 && (lips_instances[inst].arity == 1 || b != V - 1))) &&
                 ++tries < 10000);
        if (lips_instances[inst].arity == 1) b = a;
        for (int e = 0; e < pb->n_examples; e++)
            if (lips_instances[inst].eval[LIPS_SEM_STRICT](&vals[a][e], &vals[b][e], &vals[V][e]) != LIPS_EVAL_OK) return 0;
        types[V] = lips_instances[inst].ret_type;
    }
    int res = n + len - 1;
    pb->out_type = types[res];
    for (int e = 0; e < pb->n_examples; e++) pb->examples[e].out = vals[res][e];
    return 1;
}

/* The index answers exactly "does a program of at most L statements
 * produce these outputs?": against the brute force (L = 1, 2) and the
 * solver's exhaustive search (L = 3), on outputs of random programs of
 * 1..L+1 statements over random small inputs, both answers seen often. */
static void oe_index_is_exact(void **state) {
    unsigned seed = 7;
    lips_oe_index *idx = lips_oe_index_new();
    assert_non_null(idx);
    static lips_problem pb;
    for (int L = 1; L <= 3; L++) {
        long yes = 0, no = 0;
        for (int set = 0; set < (L == 3 ? 8 : 20); set++) {
            memset(&pb, 0, sizeof pb);
            int n = rand_in(&seed, 1, 3);
            pb.sketch.n_inputs = (uint8_t)n;
            /* longer programs need more examples and wider values to be new */
            int wide = L == 3 ? 4 : 1;
            pb.n_examples = rand_in(&seed, L == 3 ? 3 : 1, 4);
            for (int i = 0; i < n; i++) pb.sketch.input_types[i] = (uint8_t)(i == 0 ? LIPS_T_LIST : rand_in(&seed, 0, 1));
            lips_value in[LIPS_MAX_EXAMPLES][LIPS_MAX_INPUTS];
            for (int e = 0; e < pb.n_examples; e++)
                for (int i = 0; i < n; i++) {
                    if (pb.sketch.input_types[i] == LIPS_T_INT) {
                        in[e][i] = lips_value_int(rand_in(&seed, -2, 4));
                    } else {
                        int xs[LIPS_MAX_LEN], len = rand_in(&seed, 0, 5 * wide / 2 + 1);
                        for (int k = 0; k < len; k++) xs[k] = rand_in(&seed, -4 * wide, 4 * wide);
                        in[e][i] = lips_value_list(xs, len);
                    }
                    pb.examples[e].in[i] = in[e][i];
                }
            assert_int_equal(lips_oe_index_build(idx, LIPS_SEM_STRICT, n, pb.sketch.input_types, pb.n_examples,
                                                 (const lips_value(*)[LIPS_MAX_INPUTS])in, L), LIPS_OK);
            for (int k = 0; k < (L == 3 ? 40 : 150); k++) {
                int len = rand_in(&seed, 1, L + 1);
                if (!random_outputs(&seed, &pb, len)) continue;
                int has = lips_oe_index_has(idx, (lips_value[LIPS_MAX_EXAMPLES]){pb.examples[0].out, pb.examples[1].out,
                                                                                 pb.examples[2].out, pb.examples[3].out});
                int want = L < 3 ? brute_shorter(&pb, L) : solver_shorter(&pb, L);
                /* an output equal to an input is the program of no statement */
                for (int i = 0; i < n && !want; i++) {
                    int eq = pb.sketch.input_types[i] == pb.out_type;
                    for (int e = 0; e < pb.n_examples && eq; e++) eq = lips_value_equal(&in[e][i], &pb.examples[e].out);
                    want = eq;
                }
                if (has != want) fail_msg("L=%d: the index says %d, the exhaustive check %d", L, has, want);
                if (len <= L) assert_true(has);
                yes += len > L && has;
                no += !has;
            }
        }
        if (yes < 10 || no < 10) fail_msg("L=%d: %ld reached, %ld not: too few of one", L, yes, no);
    }
    lips_oe_index_free(idx);
}

/* A hash of the inputs that does not depend on their order. */
static uint64_t inputs_key(const lips_example *ex, int n) {
    uint64_t k = 0;
    for (int i = 0; i < n; i++) k += lips_value_hash(&ex->in[i], 1);
    return k;
}

/* --shared-inputs: no problem has a program of fewer statements on its M
 * examples (brute force for T = 3, the solver for T = 3, 4, standard and
 * shaped sets, held-out examples set aside, all M shared or S of them);
 * programs canonical and distinct, examples re-run, distinct, inside the
 * program's ranges, outputs not constant; problems really share input sets,
 * and with S < M draw the others themselves. */
static void shared_inputs_no_shorter(void **state) {
    const char *path = "gen_shared.jsonl";
    static const struct {
        int T, K, count, mixed, H, S;
    } sets[] = {{3, 40, 300, 0, 0, 0}, {4, 20, 60, 0, 0, 0}, {3, 30, 200, 1, 2, 0}, {2, 10, 100, 0, 0, 0},
                {3, 40, 300, 0, 0, 2}, {4, 20, 60, 0, 0, 3}, {3, 30, 200, 1, 2, 1}};
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        lips_gen_config cfg;
        lips_gen_config_default(&cfg);
        cfg.length = sets[i].T;
        cfg.count = sets[i].count;
        cfg.shared_inputs = sets[i].K;
        cfg.holdout_examples = sets[i].H;
        cfg.shared_examples = sets[i].S;
        cfg.seed = 3;
        if (sets[i].mixed) lips_gen_config_mixed(&cfg);
        gen_file(&cfg, path);
        size_t n;
        lips_problem *ps = load(path, &n);
        assert_int_equal(n, sets[i].count);
        uint64_t *keys = calloc(n, sizeof *keys), *last = calloc(n, sizeof *last);
        size_t sets_seen = 0, own = 0, last_seen = 0;
        for (size_t j = 0; j < n; j++) {
            lips_problem *pb = &ps[j];
            int T = sets[i].T, nin = pb->sketch.n_inputs;
            assert_int_equal(pb->program.n_stmts, T);
            assert_true(lips_gen_is_canonical(&pb->program));
            assert_int_equal(lips_problem_first_mismatch(pb, &pb->program), -1);
            char text[1024], other[1024];
            lips_program_print(&pb->program, " | ", text, sizeof text);
            for (size_t k = 0; k < j; k++) {
                lips_program_print(&ps[k].program, " | ", other, sizeof other);
                if (!strcmp(text, other)) fail_msg("%s is written twice", text);
            }
            for (int e = 0; e < pb->n_examples; e++)
                for (int d = 0; d < e; d++) assert_false(same_inputs(&pb->examples[e], &pb->examples[d], nin));
            if (!sets[i].mixed) {
                lips_range rg[LIPS_MAX_VARS];
                assert_true(lips_bounds_program(&pb->program, cfg.max_list_len, LIPS_SEM_STRICT, rg));
                for (int e = 0; e < pb->n_examples; e++)
                    for (int k = 0; k < nin; k++) assert_true(lips_range_contains(&rg[k], &pb->examples[e].in[k]));
            }
            pb->n_examples -= sets[i].H; /* the checks judge the M */
            int constant = pb->n_examples > 1;
            for (int e = 1; e < pb->n_examples; e++) constant &= lips_value_equal(&pb->examples[e].out, &pb->examples[0].out);
            assert_false(constant);
            if (T <= 3 && brute_shorter(pb, T - 1))
                fail_msg("T=%d problem %s has a program of %d statements (brute force)", T, pb->name, T - 1);
            if (solver_shorter(pb, T - 1))
                fail_msg("T=%d problem %s has a program of %d statements (solver)", T, pb->name, T - 1);
            uint64_t key = inputs_key(&pb->examples[0], nin);
            size_t k = 0;
            while (k < sets_seen && keys[k] != key) k++;
            if (k == sets_seen) keys[sets_seen++] = key;
            if (sets[i].S && pb->n_examples > sets[i].S) {
                own++;
                key = inputs_key(&pb->examples[pb->n_examples - 1], nin);
                for (k = 0; k < last_seen && last[k] != key; k++) {}
                if (k == last_seen) last[last_seen++] = key;
            }
        }
        /* a set serves up to K problems: far fewer sets than problems */
        if (sets_seen * 4 > n) fail_msg("T=%d: %zu input sets for %zu problems", sets[i].T, sets_seen, n);
        /* the examples after the S are the problem's own */
        if (sets[i].S) assert_true(own > 0 && last_seen * 10 > own * 9);
        free(last);
        free(keys);
        free(ps);
    }
    remove(path);
}

/* The same bytes on 1 and 2 threads; another seed, other bytes. */
static void shared_inputs_deterministic(void **state) {
    lips_gen_config cfg;
    lips_gen_config_default(&cfg);
    cfg.length = 4;
    cfg.count = 500;
    cfg.shared_inputs = 16; /* several rounds of several chunks */
    cfg.seed = 5;
    lips_gen_config_mixed(&cfg);
    assert_true(same_on_threads(cfg).input_sets > 16);
}

/* Runs the lips binary; returns its exit code, stderr in err. */
static int run_cli(const char *args, char *err, size_t n) {
    const char *bin = getenv("LIPS_BIN");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s %s 2>&1 >/dev/null", bin ? bin : "lips", args);
    FILE *f = popen(cmd, "r");
    size_t len = fread(err, 1, n - 1, f);
    err[len] = 0;
    int st = pclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void cli_errors(void **state) {
    if (!getenv("LIPS_BIN")) skip();
    static const struct {
        const char *args, *msg;
    } cases[] = {
        {"gen --count 5 --out x.jsonl", "--length is required"},
        {"gen --length 0 --count 5 --out x.jsonl", "--length takes an integer in [1, 8], not '0'"},
        {"gen --length 3 --out x.jsonl", "give exactly one of --count N and --all"},
        {"gen --length 3 --count 5 --all --out x.jsonl", "give exactly one of --count N and --all"},
        {"gen --length 3 --count -4 --out x.jsonl", "--count takes an integer in [1, 1000000000], not '-4'"},
        {"gen --length 3 --count 5", "--out is required"},
        {"gen --length 3 --count 5 --examples 0 --out x.jsonl", "--examples takes N or A-B with 1 <= A <= B <= 20, not '0'"},
        {"gen --length 3 --count 5 --max-list-len 21 --out x.jsonl", "--max-list-len takes N or A-B with 1 <= A <= B <= 20, not '21'"},
        {"gen --length 3 --count 5 --holdout-examples 19 --out x.jsonl", "--holdout-examples takes an integer in [0, 18], not '19'"},
        {"gen --length 3 --count 5 --examples 18 --holdout-examples 3 --out x.jsonl",
         "--examples plus --holdout-examples must be at most 20, got 18 + 3"},
        {"gen --stats x.jsonl --holdout-examples 2", "--stats takes only --table"},
        {"gen --length 3 --count 5 --seed abc --out x.jsonl", "--seed takes an integer in [0, 18446744073709551615], not 'abc'"},
        {"gen --length 3 --count 5 --bogus", "option '--bogus' is unknown"},
        {"gen --length 3 --count 5 --disjoint-from /nonexistent.jsonl --out x.jsonl", "/nonexistent.jsonl: cannot open the file"},
        {"gen --stats /nonexistent.jsonl", "/nonexistent.jsonl: cannot open the file"},
        {"gen --length 3 --count 5 --shared-inputs 0 --out x.jsonl", "--shared-inputs takes an integer in [1, 65536], not '0'"},
        {"gen --length 3 --all --shared-inputs 8 --out x.jsonl", "--shared-inputs does not go with --all"},
        {"gen --length 3 --count 5 --per-program 2 --shared-inputs 8 --out x.jsonl", "--shared-inputs does not go with --per-program"},
        {"gen --length 3 --count 5 --test --shared-inputs 8 --out x.jsonl", "--shared-inputs does not go with --test"},
        {"gen --length 3 --count 5 --disjoint-from t.jsonl --shared-inputs 8 --out x.jsonl",
         "--shared-inputs does not go with --disjoint-from"},
        {"gen --stats x.jsonl --shared-inputs 8", "--stats takes only --table"},
        {"gen --length 3 --count 5 --shared-examples 2 --out x.jsonl", "--shared-examples needs --shared-inputs"},
        {"gen --length 3 --count 5 --shared-inputs 8 --shared-examples 0 --out x.jsonl",
         "--shared-examples takes an integer in [1, 20], not '0'"},
    };
    char err[2048];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int code = run_cli(cases[i].args, err, sizeof err);
        if (code != 2 || !strstr(err, cases[i].msg))
            fail_msg("'%s' gave exit %d and '%s', wanted 2 and '%s'", cases[i].args, code, err, cases[i].msg);
        assert_ptr_equal(strchr(err, '\n'), err + strlen(err) - 1); /* one line */
    }
    assert_int_equal(access("x.jsonl", F_OK), -1); /* nothing written on error */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(canonical_form),
        cmocka_unit_test(enumeration_is_complete),
        cmocka_unit_test(verdicts),
        cmocka_unit_test(examples_rerun),
        cmocka_unit_test(no_shorter_program),
        cmocka_unit_test(deterministic),
        cmocka_unit_test(oe_index_is_exact),
        cmocka_unit_test(shared_inputs_no_shorter),
        cmocka_unit_test(shared_inputs_deterministic),
        cmocka_unit_test(disjoint_from_training),
        cmocka_unit_test(holdout_examples),
        cmocka_unit_test(shapes),
        cmocka_unit_test(stats_are_an_ordering),
        cmocka_unit_test(cli_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
