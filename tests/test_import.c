/* Neo's problems and the DeepCoder utilities' orderings: every instance
 * through Neo's tree and back, random programs through it, the spellings
 * of the 38 instances, what is not expressible, and malformed trees with
 * their exact positions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lips/lips.h"

static lips_problem a, b;

/* p written in Neo's layout and read back as b. */
static void neo_round_trip(const lips_problem *p) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(lips_neo_write(p, f), LIPS_OK);
    fclose(f);
    lips_import_note note;
    lips_error err;
    lips_status s = lips_neo_parse(buf, "t.json", &b, &note, &err);
    if (s) fprintf(stderr, "%s\n%s\n", err.msg, buf);
    assert_int_equal(s, LIPS_OK);
    assert_string_equal(note.why, "");
    free(buf);
}

/* A problem with inputs [int], [int], int and one example of zeros and
 * empty lists, for programs on those inputs. */
static void three_inputs(lips_problem *p) {
    memset(p, 0, sizeof *p);
    strcpy(p->name, "t");
    p->semantics = LIPS_SEM_DEEPCODER;
    p->sketch.n_inputs = 3;
    p->sketch.input_types[0] = p->sketch.input_types[1] = LIPS_T_LIST;
    p->sketch.input_types[2] = LIPS_T_INT;
    p->program.n_inputs = 3;
    memcpy(p->program.input_types, p->sketch.input_types, sizeof p->program.input_types);
    p->n_examples = 1;
    p->examples[0].in[0] = p->examples[0].in[1] = lips_value_list(NULL, 0);
    p->examples[0].in[2] = lips_value_int(-3);
    p->has_program = 1;
}

static void test_every_instance(void **state) {
    (void)state;
    for (int i = 0; i < LIPS_N_INSTANCES; i++) {
        three_inputs(&a);
        const lips_instance *in = &lips_instances[i];
        int x = in->arg_types[0] == LIPS_T_INT ? 2 : 0, y = in->arity == 2 ? (in->arg_types[1] == LIPS_T_INT ? 2 : 1) : 0;
        a.program.stmts[0] = lips_stmt_of_instance(i, x, y);
        a.program.n_stmts = 1;
        a.out_type = in->ret_type;
        a.examples[0].out = in->ret_type == LIPS_T_INT ? lips_value_int(0) : lips_value_list(NULL, 0);
        neo_round_trip(&a);
        assert_true(lips_program_equal(&a.program, &b.program));
        assert_int_equal(b.semantics, LIPS_SEM_DEEPCODER);
        assert_string_equal(b.name, "t");
    }
}

/* Random programs whose every statement is used once (a tree) come back
 * the same; the outputs are not checked by the reader. */
static void test_random_trees(void **state) {
    (void)state;
    uint64_t r = 12345;
    int done = 0;
    for (int trial = 0; trial < 20000 && done < 2000; trial++) {
        three_inputs(&a);
        int used[LIPS_MAX_VARS] = {0}, n = 1 + (int)((r >> 33) % 6);
        for (int k = 0; k < n; k++) {
            r = r * 6364136223846793005u + 1442695040888963407u;
            int inst = (int)((r >> 33) % LIPS_N_INSTANCES);
            const lips_instance *in = &lips_instances[inst];
            int args[2] = {-1, -1};
            for (int j = 0; j < in->arity; j++) { /* the newest unused variable of the type */
                for (int v = a.program.n_inputs + k - 1; v >= 0 && args[j] < 0; v--)
                    if (!used[v] && v != args[0] && lips_program_var_type(&a.program, v) == in->arg_types[j]) args[j] = v;
            }
            if ((in->arity >= 1 && args[0] < 0) || (in->arity == 2 && args[1] < 0)) break;
            used[args[0]] = 1;
            if (in->arity == 2) used[args[1]] = 1;
            a.program.stmts[k] = lips_stmt_of_instance(inst, args[0], in->arity == 2 ? args[1] : 0);
            a.program.n_stmts = (uint8_t)(k + 1);
        }
        if (a.program.n_stmts != n) continue;
        int tree = 1; /* every statement but the last used */
        for (int k = 0; k + 1 < n; k++) tree &= used[3 + k];
        if (!tree) continue;
        a.out_type = lips_program_result_type(&a.program);
        a.examples[0].out = a.out_type == LIPS_T_INT ? lips_value_int(0) : lips_value_list(NULL, 0);
        neo_round_trip(&a);
        assert_true(lips_program_equal(&a.program, &b.program));
        done++;
    }
    assert_true(done >= 500);
}

static const char *neo(const char *program, const char *output) {
    static char buf[2048];
    snprintf(buf, sizeof buf,
             "{\"name\": \"x\", \"program\": \"%s\",\n"
             " \"examples\": [{\"input\": [[1, 2], [3], 2], \"output\": %s}]}",
             program, output);
    return buf;
}

/* The solution of a Neo program as lips prints it, or its note, or its
 * error; the example's output is output. */
static const char *import_to(const char *program, const char *output) {
    static char out[1024];
    lips_import_note note;
    lips_error err;
    if (lips_neo_parse(neo(program, output), "x.json", &b, &note, &err)) {
        snprintf(out, sizeof out, "error %d:%d: %s", err.line, err.col, err.msg);
    } else if (note.why[0]) {
        snprintf(out, sizeof out, "left out: %s", note.why);
        assert_false(b.has_program);
    } else {
        assert_true(b.has_program);
        lips_program_print(&b.program, " | ", out, sizeof out);
    }
    return out;
}

static const char *import(const char *program) { return import_to(program, "0"); }

static void test_spellings(void **state) {
    (void)state;
    const char *pre = "a <- [int] | b <- [int] | c <- int | ";
    struct {
        const char *neo, *lips;
    } cases[] = {
        {"(root [id=1](COUNT [id=2]input0 [id=3]l(a,b).(> a b) [id=4]0))", "d <- COUNT (>0) a"},
        {"(root (ACCESS (TAKE input0 input2) input2))", "d <- TAKE c a | e <- ACCESS c d"},
        {"(root [id=1](FILTER [id=2]input1 [id=3]l(a,b).(%= a b) [id=4]-2))", "d <- FILTER (%2==0) b"},
        {"(root [id=1](FILTER [id=2]input1 [id=3]l(a,b).(< a b) [id=4]0))", "d <- FILTER (<0) b"},
        {"(root [id=1](FILTER [id=2]input1 [id=3]isODD))", "d <- FILTER (%2==1) b"},
        {"(root [id=1](MAP-DIV [id=2]input0 [id=3]-1))", "d <- MAP (*(-1)) a"},
        {"(root [id=1](MAP-PLUS [id=2]input0 [id=3]-1))", "d <- MAP (-1) a"},
        {"(root [id=1](MAP-POW [id=2]input0 [id=3]1))", "d <- MAP (**2) a"},
        {"(root [id=1](MAP [id=2]SHR [id=3]input0))", "d <- MAP (/2) a"},
        {"(root [id=1](ZIPWITH [id=2]input0 [id=3]input1 [id=4]MAX))", "d <- ZIPWITH MAX a b"},
        {"(root [id=1](SCANL1 [id=2]* [id=3]input0))", "d <- SCANL1 (*) a"},
        {"(root [id=1](DROP [id=2](ZIPWITH-MINUS [id=3]input0 [id=4]input1) [id=5](SUM [id=6]input1)))",
         "d <- SUM b | e <- ZIPWITH (-) a b | f <- DROP d e"},
    };
    char want[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = import_to(cases[i].neo, strstr(cases[i].lips, "COUNT") || strstr(cases[i].lips, "ACCESS") ? "0" : "[]");
        snprintf(want, sizeof want, "%s%s", pre, cases[i].lips);
        assert_string_equal(got, want);
    }
}

static void test_not_expressible(void **state) {
    (void)state;
    assert_string_equal(import("(root [id=1](COUNT [id=2]input0 [id=3]l(a,b).(%= a b) [id=4]3))"),
                        "left out: COUNT l(a,b).(%= a b) 3 is not one of the 38 instances");
    assert_string_equal(import("(root [id=1](FILTER [id=2]input0 [id=3]l(a,b).(> a b) [id=4]-1))"),
                        "left out: FILTER l(a,b).(> a b) -1 is not one of the 38 instances");
    assert_string_equal(import("(root [id=1](COUNT [id=2]input0 [id=3]l(a,b).(>= a b) [id=4]0))"),
                        "left out: COUNT l(a,b).(>= a b) 0 is not one of the 38 instances");
    assert_string_equal(import("(root [id=1](MAP-MUL [id=2]input0 [id=3]-3))"),
                        "left out: MAP-MUL -3 is not one of the 38 instances");
    assert_string_equal(import("(root [id=1](MAP-POW [id=2]input0 [id=3]2))"),
                        "left out: MAP-POW 2 is not one of the 38 instances");
    assert_string_equal(import("(root [id=1](LENGTH [id=2]input0))"), "left out: LENGTH is not a DeepCoder function");
    assert_string_equal(import("(root [id=1](TAKE [id=2]input0 [id=3]2))"), "left out: a constant (2) as a value");
    assert_string_equal(import("(root [id=1]input2)"), "left out: the solution is an input itself");
}

static void test_malformed(void **state) {
    (void)state;
    /* the column is in the file: the program string starts at column 30 */
    assert_string_equal(import("(root [id=1](HEAD [id=2]input0)"), "error 1:27: unclosed '(' (in \"program\")");
    assert_string_equal(import("(root [id=1](HEAD [id=2]input0 [id=3]input1))"),
                        "error 1:40: HEAD takes a list (in \"program\")");
    assert_string_equal(import("(root [id=1](HEAD [id=2]input2))"),
                        "error 1:51: this argument of HEAD must be [int] (in \"program\")");
    assert_string_equal(import("(root [id=1](HEAD [id=2]input5))"),
                        "error 1:51: input5, but the examples have 3 inputs (in \"program\")");
    assert_string_equal(import("(root [id=1](MAP [id=2]input0 [id=3]isPOS))"),
                        "error 1:63: MAP does not take the lambda 'isPOS' (in \"program\")");
    assert_string_equal(import("(root [id=1](COUNT [id=2]input0 [id=3]input1))"),
                        "error 1:40: COUNT takes a list and a predicate (in \"program\")");
    assert_string_equal(import("(root [id=1](MAP-MUL [id=2]input0))"),
                        "error 1:40: MAP-MUL takes a list and a constant (in \"program\")");
    assert_string_equal(import("(root [id=1](HEAD [id=2]l(a,b).(> a))"),
                        "error 1:51: expected a predicate 'l(a,b).(OP a b)' (in \"program\")");
    assert_string_equal(import("(root [id=x](HEAD input0))"), "error 1:33: malformed node id (in \"program\")");
    assert_string_equal(import("(HEAD input0)"), "error 1:27: expected '(root CHILD)' (in \"program\")");
    assert_string_equal(import("(root (SUM input0)) x"),
                        "error 1:47: unexpected text after the tree (in \"program\")");
}

static void test_dcu_names(void **state) {
    (void)state;
    /* every attribute has a name of its own in the utilities' ordering files */
    for (int i = 0; i < LIPS_N_ATTRS; i++)
        for (int j = 0; j < i; j++) assert_string_not_equal(lips_dcu_attr_name(i), lips_dcu_attr_name(j));
    assert_string_equal(lips_dcu_attr_name(LIPS_FN_SCANL1), "SCANL");
    assert_string_equal(lips_dcu_attr_name(LIPS_ATTR_LAMBDA(LIPS_L_MIN)), "MIN");
    assert_string_equal(lips_dcu_attr_name(LIPS_ATTR_LAMBDA(LIPS_L_NEG)), "doNEG");
    assert_string_equal(lips_dcu_attr_name(LIPS_ATTR_LAMBDA(LIPS_L_TIMES)), "*");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_instance), cmocka_unit_test(test_random_trees),
        cmocka_unit_test(test_spellings),      cmocka_unit_test(test_not_expressible),
        cmocka_unit_test(test_malformed),      cmocka_unit_test(test_dcu_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
