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

#include "lips/dataset.h"
#include "lips/interp.h"
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
    p = prog("a <- [int] | b <- SORT a | c <- REVERSE b");
    assert_int_equal(lips_gen_examples(&p, 5, 20, 1, &pb), LIPS_GEN_OK);
    assert_int_equal(pb.n_examples, 5);
    assert_int_equal(lips_problem_first_mismatch(&pb, &p), -1);
}

/* Thousands of generated examples, read back from the JSON and re-run. */
static void examples_rerun(void **state) {
    const char *path = "gen_examples.jsonl";
    long examples = 0;
    for (int T = 1; T <= 5; T++) {
        lips_gen_config cfg;
        lips_gen_config_default(&cfg);
        cfg.length = T;
        cfg.count = 500;
        cfg.seed = (uint64_t)T;
        cfg.max_list_len = T == 3 ? 8 : 20;
        gen_file(&cfg, path);
        size_t n;
        lips_problem *ps = load(path, &n);
        assert_true(n > 30);
        for (size_t i = 0; i < n; i++) {
            lips_problem *pb = &ps[i];
            assert_true(pb->has_program);
            assert_int_equal(pb->program.n_stmts, T);
            assert_true(lips_gen_is_canonical(&pb->program));
            assert_int_equal(pb->n_examples, 5);
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

static void deterministic(void **state) {
    lips_gen_config cfg;
    lips_gen_config_default(&cfg);
    cfg.length = 4;
    cfg.count = 3000;
    cfg.seed = 99;
    lips_gen_report r1, r2, r3;
    cfg.threads = 1;
    char *a = gen(&cfg, &r1);
    cfg.threads = 2;
    char *b = gen(&cfg, &r2);
    assert_int_equal(r1.problems, 3000);
    assert_string_equal(a, b);
    cfg.seed = 100;
    char *c = gen(&cfg, &r3);
    assert_true(strcmp(a, c) != 0);
    free(a);
    free(b);
    free(c);
}

/* Number of test problems some training program of the same signature and
 * no more statements solves: the all-pairs check the index replaces. */
static long violations(const lips_problem *test, size_t nt, const lips_problem *train, size_t nr) {
    long bad = 0;
    for (size_t i = 0; i < nt; i++)
        for (size_t j = 0; j < nr; j++) {
            const lips_program *p = &train[j].program, *q = &test[i].program;
            if (p->n_stmts > q->n_stmts || p->n_inputs != q->n_inputs ||
                memcmp(p->input_types, q->input_types, q->n_inputs))
                continue;
            if (lips_problem_first_mismatch(&test[i], p) == -1) {
                bad++;
                break;
            }
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
    gen_file(&cfg, test); /* without the training set: overlaps expected */
    lips_problem *te = load(test, &nt);
    assert_true(violations(te, nt, tr, nr) > 0);
    free(te);

    cfg.disjoint_from = train;
    gen_file(&cfg, test);
    te = load(test, &nt);
    assert_true(nt >= 100);
    assert_int_equal(violations(te, nt, tr, nr), 0);
    free(te);
    free(tr);
    remove(train);
    remove(test);
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
        {"gen --length 0 --count 5 --out x.jsonl", "--length must be an integer in 1..8, got '0'"},
        {"gen --length 3 --out x.jsonl", "give exactly one of --count N and --all"},
        {"gen --length 3 --count 5 --all --out x.jsonl", "give exactly one of --count N and --all"},
        {"gen --length 3 --count -4 --out x.jsonl", "--count must be a positive integer, got '-4'"},
        {"gen --length 3 --count 5", "--out is required"},
        {"gen --length 3 --count 5 --examples 1 --out x.jsonl", "--examples must be an integer in 2..20, got '1'"},
        {"gen --length 3 --count 5 --max-list-len 21 --out x.jsonl", "--max-list-len must be an integer in 1..20"},
        {"gen --length 3 --count 5 --seed abc --out x.jsonl", "--seed must be a non-negative integer"},
        {"gen --length 3 --count 5 --bogus", "option '--bogus' is unknown"},
        {"gen --length 3 --count 5 --disjoint-from /nonexistent.jsonl --out x.jsonl", "/nonexistent.jsonl: cannot open the file"},
        {"gen --stats /nonexistent.jsonl", "/nonexistent.jsonl: cannot open the file"},
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
        cmocka_unit_test(deterministic),
        cmocka_unit_test(disjoint_from_training),
        cmocka_unit_test(stats_are_an_ordering),
        cmocka_unit_test(cli_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
