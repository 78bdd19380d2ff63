/* Program and sketch text: round trips over random programs, aliases, and
 * every parse error with its exact message and position. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "lips/lips.h"
#include "rng.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n) { return lips_rng_below(&rng, n); }

/* A random well-typed program; with holes > 0, some parts become holes. */
static void random_program(lips_program *p, int holes) {
    memset(p, 0, sizeof *p);
    p->n_inputs = (uint8_t)(1 + rnd(3));
    for (int i = 0; i < p->n_inputs; i++) p->input_types[i] = (uint8_t)rnd(2);
    p->input_types[rnd(p->n_inputs)] = LIPS_T_LIST; /* every function needs a list */
    p->n_stmts = (uint8_t)(1 + rnd(8));
    for (int i = 0; i < p->n_stmts; i++) {
        int nvars = p->n_inputs + i;
        lips_stmt *s = &p->stmts[i];
        for (;;) {
            const lips_instance *in = &lips_instances[rnd(LIPS_N_INSTANCES)];
            int args[2] = {LIPS_NONE, LIPS_NONE}, ok = 1;
            for (int k = 0; k < in->arity && ok; k++) {
                int cands[LIPS_MAX_VARS], nc = 0;
                for (int v = 0; v < nvars; v++)
                    if (lips_program_var_type(p, v) == in->arg_types[k]) cands[nc++] = v;
                if (!nc) ok = 0;
                else args[k] = cands[rnd((unsigned)nc)];
            }
            if (!ok) continue;
            *s = (lips_stmt){(int8_t)in->fn, in->lambda, (int8_t)in->arity, {(int8_t)args[0], (int8_t)args[1]}};
            break;
        }
        if (holes && rnd(3) == 0) {
            switch (rnd(4)) {
            case 0: *s = (lips_stmt){LIPS_HOLE, LIPS_HOLE, LIPS_HOLE, {LIPS_HOLE, LIPS_HOLE}}; break;
            case 1: s->fn = LIPS_HOLE; s->lambda = LIPS_HOLE; break;
            case 2: if (s->lambda >= 0) s->lambda = LIPS_HOLE; break;
            default: s->args[rnd((unsigned)s->nargs)] = LIPS_HOLE; break;
            }
        }
    }
}

static void test_round_trip_random_programs(void **state) {
    char text[4096], again[4096];
    for (int iter = 0; iter < 10000; iter++) {
        lips_program p, q;
        lips_error err;
        random_program(&p, 0);
        assert_int_equal(lips_program_check(&p, "gen", &err), LIPS_OK);
        const char *sep = iter & 1 ? " | " : "\n";
        lips_program_print(&p, sep, text, sizeof text);
        if (lips_program_parse(text, "gen", 1, 0, &q, &err) != LIPS_OK)
            fail_msg("%s\n-> %d:%d %s", text, err.line, err.col, err.msg);
        assert_true(lips_program_equal(&p, &q));
        lips_program_print(&q, sep, again, sizeof again);
        assert_string_equal(text, again);
        assert_true(lips_program_is_concrete(&q));
        assert_true(lips_program_fills(&p, &q));
    }
}

static void test_round_trip_random_sketches(void **state) {
    char text[4096];
    int kinds_seen = 0;
    for (int iter = 0; iter < 10000; iter++) {
        lips_program p, q;
        lips_error err;
        random_program(&p, 1);
        lips_program_print(&p, "\n", text, sizeof text);
        if (lips_program_parse(text, "gen", 1, LIPS_PARSE_SKETCH, &q, &err) != LIPS_OK)
            fail_msg("%s\n-> %d:%d %s", text, err.line, err.col, err.msg);
        assert_true(lips_program_equal(&p, &q));
        assert_int_equal(lips_program_n_holes(&p), lips_program_n_holes(&q));
        if (lips_program_n_holes(&q)) {
            kinds_seen++;
            assert_int_equal(lips_program_parse(text, "gen", 1, 0, &q, &err), LIPS_ERR_INPUT);
        }
    }
    assert_true(kinds_seen > 1000);
}

static void test_aliases_and_names(void **state) {
    lips_program p;
    lips_error err;
    const char *src = "xs <- [int]\n"
                      "# a comment line\n"
                      "\n"
                      "neg <- FILTER isNEG xs | four <- MAP MUL4 neg\n"
                      "s <- SORT four\n"
                      "r <- REVERSE s | z <- ZIPWITH + r s | m <- SCANL1 max z | o <- MAP doNEG m\n"
                      "odd <- COUNT isODD o\n";
    assert_int_equal(lips_program_parse(src, "t", 1, 0, &p, &err), LIPS_OK);
    char buf[1024];
    lips_program_print(&p, " | ", buf, sizeof buf);
    assert_string_equal(buf, "a <- [int] | b <- FILTER (<0) a | c <- MAP (*4) b | d <- SORT c | "
                             "e <- REVERSE d | f <- ZIPWITH (+) e d | g <- SCANL1 MAX f | "
                             "h <- MAP (*(-1)) g | i <- COUNT (%2==1) h");
    uint64_t want = 1ull << LIPS_FN_FILTER | 1ull << LIPS_FN_MAP | 1ull << LIPS_FN_SORT |
                    1ull << LIPS_FN_REVERSE | 1ull << LIPS_FN_ZIPWITH | 1ull << LIPS_FN_SCANL1 |
                    1ull << LIPS_FN_COUNT | 1ull << LIPS_ATTR_LAMBDA(LIPS_L_NEGP) |
                    1ull << LIPS_ATTR_LAMBDA(LIPS_L_MUL4) | 1ull << LIPS_ATTR_LAMBDA(LIPS_L_PLUS) |
                    1ull << LIPS_ATTR_LAMBDA(LIPS_L_MAX) | 1ull << LIPS_ATTR_LAMBDA(LIPS_L_NEG) |
                    1ull << LIPS_ATTR_LAMBDA(LIPS_L_ODD);
    assert_true(lips_program_attrs(&p) == want);
    assert_int_equal(lips_program_result_type(&p), LIPS_T_INT);
}

static void test_sketch_holes(void **state) {
    lips_program p;
    lips_error err;
    const char *src = "a <- [int] | b <- int | c <- ?? | d <- ?? a | e <- ?? b a | f <- MAP ?? a | "
                      "g <- TAKE ?? f | h <- ZIPWITH (+) ?? ??";
    assert_int_equal(lips_program_parse(src, "t", 1, LIPS_PARSE_SKETCH, &p, &err), LIPS_OK);
    assert_int_equal(lips_program_n_holes(&p), 7);
    assert_int_equal(p.stmts[0].nargs, LIPS_HOLE);
    assert_int_equal(p.stmts[1].fn, LIPS_HOLE);
    assert_int_equal(p.stmts[1].nargs, 1);
    assert_int_equal(p.stmts[2].nargs, 2);
    assert_int_equal(p.stmts[3].fn, LIPS_FN_MAP);
    assert_int_equal(p.stmts[3].lambda, LIPS_HOLE);
    assert_int_equal(p.stmts[4].args[0], LIPS_HOLE);
    assert_int_equal(p.stmts[4].args[1], 5);
    assert_int_equal(lips_program_var_type(&p, 2), LIPS_T_UNKNOWN);   /* c <- ?? */
    assert_int_equal(lips_program_var_type(&p, 3), LIPS_T_UNKNOWN);   /* ?? a: int or [int] */
    assert_int_equal(lips_program_var_type(&p, 4), LIPS_T_UNKNOWN);   /* TAKE/DROP or ACCESS */
    assert_int_equal(lips_program_var_type(&p, 7), LIPS_T_LIST);
    char buf[1024];
    lips_program_print(&p, " | ", buf, sizeof buf);
    assert_string_equal(buf, src);

    /* a program fills the sketch only where the fixed parts agree */
    lips_program full;
    assert_int_equal(lips_program_parse("a <- [int] | b <- int | c <- SUM a | d <- SORT a | "
                                        "e <- DROP b a | f <- MAP (*2) a | g <- TAKE b f | "
                                        "h <- ZIPWITH (+) g f",
                                        "t", 1, 0, &full, &err),
                     LIPS_OK);
    assert_true(lips_program_fills(&p, &full));
    full.stmts[3].lambda = LIPS_L_MUL3;
    assert_true(lips_program_fills(&p, &full));
    full.stmts[4].args[1] = 3;
    assert_false(lips_program_fills(&p, &full));
}

typedef struct {
    const char *text;
    int flags, line, col;
    const char *msg;
} bad_case;

static const bad_case bad[] = {
    {"", 0, 1, 1, "empty program"},
    {"\n# only a comment\n  \n", 0, 1, 1, "empty program"},
    {"a <- [int]\nb <- FOO a", 0, 2, 6, "unknown function 'FOO'"},
    {"a <- [int]\nb <- MAP (+7) a", 0, 2, 10, "unknown lambda '(+7)'"},
    {"a <- [int]\nb <- MAP (>0) a", 0, 2, 10, "MAP does not take the lambda '(>0)'"},
    {"a <- [int]\nb <- MAP a", 0, 2, 10, "MAP needs a lambda before its arguments"},
    {"a <- [int]\nb <- MAP", 0, 2, 6, "MAP needs a lambda and its arguments"},
    {"a <- [int] | b <- FILTER a a", 0, 1, 26, "FILTER needs a lambda before its arguments"},
    {"a <- [int] | b <- SORT (+1) a", 0, 1, 24, "SORT takes no lambda"},
    {"a <- [int] | b <- SORT a a", 0, 1, 26, "SORT takes 1 argument, got 2"},
    {"a <- [int] | b <- TAKE a", 0, 1, 19, "TAKE takes 2 arguments, got 1"},
    {"a <- [int] | b <- int | c <- TAKE a b", 0, 1, 35, "argument 'a' of TAKE has type [int], expected int"},
    {"xs <- [int]\nn <- HEAD xs\ny <- SUM n", 0, 3, 10, "argument 'n' of SUM has type int, expected [int]"},
    {"a <- [int] | b <- SORT q", 0, 1, 24, "undefined variable 'q'"},
    {"a <- [int] | b <- SORT b", 0, 1, 24, "undefined variable 'b'"},
    {"a <- [int] | a <- SORT a", 0, 1, 14, "variable 'a' is already defined"},
    {"a <- [int] | b <- int | c <- int | d <- [int]", 0, 1, 36, "a program has at most 3 inputs"},
    {"a <- [int] | b <- SORT a | c <- int", 0, 1, 28, "input 'c' is declared after a statement"},
    {"b <- SORT a", 0, 1, 1, "statement 'b' comes before any input declaration"},
    {"a [int]", 0, 1, 1, "expected 'NAME <- EXPRESSION'"},
    {"a<-[int]", 0, 1, 1, "expected 'NAME <- EXPRESSION' with blanks around '<-'"},
    {"1a <- [int]", 0, 1, 1, "'1a' is not a valid variable name"},
    {"a <- [int] | b <- ?? a", 0, 1, 19, "holes '?\?' are allowed only in sketches"},
    {"a <- [int] | b <- MAP ?? a", 0, 1, 23, "holes '?\?' are allowed only in sketches"},
    {"a <- [int] | b <- ?? a a a", LIPS_PARSE_SKETCH, 1, 26, "a function takes at most 2 arguments"},
    {"a <- int | b <- ?? a", LIPS_PARSE_SKETCH, 1, 17, "no function takes these 1 arguments"},
    {"a <- [int] | b <- int extra", 0, 1, 23, "unexpected text after the input type"},
};

static void test_parse_errors(void **state) {
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lips_program p;
        lips_error err;
        lips_status s = lips_program_parse(bad[i].text, "f.txt", 1, bad[i].flags, &p, &err);
        if (s != LIPS_ERR_INPUT) fail_msg("accepted: %s", bad[i].text);
        if (strcmp(err.msg, bad[i].msg) || err.line != bad[i].line || err.col != bad[i].col)
            fail_msg("%s\n got %d:%d %s\nwant %d:%d %s", bad[i].text, err.line, err.col, err.msg,
                     bad[i].line, bad[i].col, bad[i].msg);
        assert_string_equal(err.file, "f.txt");
    }
}

static void test_too_many_statements(void **state) {
    char text[4096] = "a <- [int]";
    for (int i = 0; i <= LIPS_MAX_STMTS; i++) {
        size_t n = strlen(text);
        snprintf(text + n, sizeof text - n, "\nv%d <- SORT a", i);
    }
    lips_program p;
    lips_error err;
    assert_int_equal(lips_program_parse(text, "f", 1, 0, &p, &err), LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "a program has at most 16 statements");
    assert_int_equal(err.line, LIPS_MAX_STMTS + 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_random_programs),
        cmocka_unit_test(test_round_trip_random_sketches),
        cmocka_unit_test(test_aliases_and_names),
        cmocka_unit_test(test_sketch_holes),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_too_many_statements),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
