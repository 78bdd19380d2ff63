/* Problem files: text and JSON round trips, JSON Lines streaming, limits, and
 * every bundled example solved by its recorded solution. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lips/lips.h"

static lips_problem a, b;

static const char *src_dir(void) {
    const char *d = getenv("LIPS_SOURCE_DIR");
    return d ? d : ".";
}

static char *write_temp(const char *text) {
    static char path[64];
    snprintf(path, sizeof path, "/tmp/lips-test-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static const char *text_problem = "# solution: a <- int | b <- [int] | c <- TAKE a b\n"
                                  "a <- int\n"
                                  "b <- [int]\n"
                                  "c <- ?? a b\n"
                                  "---\n"
                                  "2, [1, 2, 3] -> [1, 2]\n"
                                  "# a comment between examples\n"
                                  "0, [5] -> []\n"
                                  "-1, [] -> []\n";

static void test_text_round_trip(void **state) {
    lips_error err;
    assert_int_equal(lips_problem_parse_text(text_problem, "t.lips", &a, &err), LIPS_OK);
    assert_int_equal(a.n_examples, 3);
    assert_int_equal(a.out_type, LIPS_T_LIST);
    assert_true(a.has_program);
    assert_int_equal(lips_problem_first_mismatch(&a, &a.program), -1);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_int_equal(lips_problem_write_text(&a, f), LIPS_OK);
    fclose(f);
    assert_string_equal(out, "# solution: a <- int | b <- [int] | c <- TAKE a b\n"
                             "a <- int\nb <- [int]\nc <- ?? a b\n---\n"
                             "2, [1, 2, 3] -> [1, 2]\n0, [5] -> []\n-1, [] -> []\n");
    assert_int_equal(lips_problem_parse_text(out, "again", &b, &err), LIPS_OK);
    assert_memory_equal(&a, &b, sizeof a);
    free(out);
}

static void test_json_round_trip(void **state) {
    lips_error err;
    assert_int_equal(lips_problem_parse_text(text_problem, "t.lips", &a, &err), LIPS_OK);
    snprintf(a.name, sizeof a.name, "take");
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_int_equal(lips_problem_write_json(&a, f), LIPS_OK);
    fclose(f);
    assert_string_equal(out, "{\"name\":\"take\",\"sketch\":\"a <- int | b <- [int] | c <- ?? a b\","
                             "\"program\":\"a <- int | b <- [int] | c <- TAKE a b\",\"attributes\":"
                             "[0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"
                             "\"output\":\"[int]\",\"examples\":[{\"inputs\":[2,[1,2,3]],\"output\":[1,2]},"
                             "{\"inputs\":[0,[5]],\"output\":[]},{\"inputs\":[-1,[]],\"output\":[]}]}\n");
    assert_int_equal(lips_problem_parse_json(out, "j", 1, &b, &err), LIPS_OK);
    assert_memory_equal(&a, &b, sizeof a);
    free(out);
}

/* A dataset record without a sketch is plain synthesis over the program's inputs. */
static void test_json_program_only(void **state) {
    lips_error err;
    const char *j = "{\"program\": \"a <- [int] | b <- SORT a\", \"examples\": "
                    "[{\"inputs\": [[3, 1]], \"output\": [1, 3]}]}";
    assert_int_equal(lips_problem_parse_json(j, "j", 1, &a, &err), LIPS_OK);
    assert_int_equal(a.sketch.n_stmts, 0);
    assert_int_equal(a.sketch.n_inputs, 1);
    assert_int_equal(a.out_type, LIPS_T_LIST);
}

static void test_dataset_stream_reports_bad_line(void **state) {
    const char *rec = "{\"sketch\": \"a <- [int]\", \"examples\": [{\"inputs\": [[1]], \"output\": 1}]}\n";
    char text[2048];
    snprintf(text, sizeof text, "%s\n%s{\"sketch\": \"a <- [int]\", \"examples\": [{\"inputs\": [[1]], "
                                "\"output\": 300}]}\n%s", rec, rec, rec);
    char *path = write_temp(text);
    lips_error err;
    lips_dataset *d = lips_dataset_open(path, &err);
    assert_non_null(d);
    assert_int_equal(lips_dataset_next(d, &a, &err), 1);
    assert_int_equal(lips_dataset_next(d, &a, &err), 1); /* the blank line is skipped */
    assert_int_equal(lips_dataset_next(d, &a, &err), -1);
    assert_int_equal(err.line, 4);
    assert_string_equal(err.msg, "example 1, output: 300 is outside [-256, 255]");
    lips_dataset_free(d);
    lips_problem *all;
    size_t n;
    assert_int_equal(lips_dataset_load(path, &all, &n, &err), LIPS_ERR_INPUT);
    assert_null(all);
    unlink(path);
}

typedef struct {
    const char *text, *msg;
    int line, col;
} bad_case;

static const bad_case bad_text[] = {
    {"", "empty file", 1, 1},
    {" \n\t\n", "empty file", 1, 1},
    {"a <- [int]\n[1] -> 1\n", "no '---' line between the sketch and the examples", 1, 0},
    {"a <- [int]\n---\n", "the problem has no examples", 2, 1},
    {"a <- [int]\n  ---\n# only a comment\n\n", "the problem has no examples", 2, 3},
    {"a <- [int]\n---\n[1, 2 -> 1\n", "expected ',' or ']' in list", 3, 7},
    {"a <- [int]\n---\n[1, 2] -> 999\n", "integer 999 is outside [-256, 255]", 3, 11},
    {"a <- [int]\n---\n[1, 2] -> 1\n[1] -> [1]\n", "the output must be int, got [int]", 4, 8},
    {"a <- [int]\n---\n3 -> 1\n", "input a must be [int], got int", 3, 1},
    {"a <- [int]\n---\n[1], [2] -> 1\n", "the sketch declares 1 input, this example has more", 3, 6},
    {"a <- int | b <- [int]\n---\n3 -> 1\n", "the sketch declares 2 inputs, this example has 1", 3, 1},
    {"a <- [int]\n---\n[1] 1\n", "expected ',' or '->' after an input", 3, 5},
    {"a <- [int]\n---\n[1] -> 1 2\n", "unexpected text after the output", 3, 10},
    {"a <- [int] | b <- SORT a\n---\n[1] -> 1\n", "the output must be [int], got int", 3, 8},
    {"a <- [int] | b <- FOO a\n---\n[1] -> 1\n", "unknown function 'FOO'", 1, 19},
};

static void test_text_errors(void **state) {
    for (size_t i = 0; i < sizeof bad_text / sizeof bad_text[0]; i++) {
        lips_error err;
        if (lips_problem_parse_text(bad_text[i].text, "p.lips", &a, &err) != LIPS_ERR_INPUT)
            fail_msg("accepted: %s", bad_text[i].text);
        if (strcmp(err.msg, bad_text[i].msg) || err.line != bad_text[i].line || err.col != bad_text[i].col)
            fail_msg("%s\n got %d:%d %s\nwant %d:%d %s", bad_text[i].text, err.line, err.col, err.msg,
                     bad_text[i].line, bad_text[i].col, bad_text[i].msg);
    }
}

static const bad_case bad_json[] = {
    {"{\"sketch\": \"a <- [int]\",\n \"examples\": [}", "malformed JSON", 2, 15},
    {"[1]", "a problem must be a JSON object, not a list", 1, 0},
    {"\n \"x\"", "a problem must be a JSON object, not a string", 1, 0},
    {"{\"examples\": []}", "a problem needs a \"sketch\" or a \"program\"", 1, 0},
    {"{\"sketch\": 3, \"examples\": []}", "\"sketch\" must be a string", 1, 0},
    {"{\"sketch\": \"a <- [int]\", \"examples\": 3}", "\"examples\" must be a list", 1, 0},
    {"{\"sketch\": \"a <- [int]\", \"examples\": []}", "the problem has no examples", 1, 38},
    {"{\"sketch\": \"a <- [int]\", \"examples\": [{\"inputs\": [1.5], \"output\": 1}]}",
     "example 1, input a: 1.5 is not an integer", 1, 51},
    {"{\"sketch\": \"a <- [int]\", \"examples\": [{\"inputs\": [[[1]]], \"output\": 1}]}",
     "example 1, input a: nested lists are not values", 1, 52},
    {"{\"sketch\": \"a <- [int]\", \"examples\": [{\"inputs\": [[1]]}]}",
     "example 1 needs \"inputs\" (a list) and \"output\"", 1, 39},
    {"{\"sketch\": \"a <- [int]\", \"examples\": [{\"inputs\": [[1], 2], \"output\": 1}]}",
     "example 1 has 2 inputs, the sketch declares 1", 1, 50},
    {"{\"sketch\": \"a <- [int]\", \"examples\": [{\"inputs\": [\"x\"], \"output\": 1}]}",
     "example 1, input a: expected an integer or a list of integers", 1, 51},
    {"{\"sketch\": \"a <- [int]\", \"output\": \"list\", \"examples\": [{\"inputs\": [[1]], \"output\": 1}]}",
     "\"output\" must be \"int\" or \"[int]\"", 1, 0},
    {"{\"sketch\": \"a <- [int]\", \"examples\": [{\"inputs\": [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,"
     "18,19,20,21]], \"output\": 1}]}",
     "example 1, input a: list of 21 elements is longer than 20", 1,51},
    /* values in the middle of a multi-line object, an output list's element, keys in any order */
    {"{\"sketch\": \"a <- [int]\",\n \"examples\": [{\"inputs\": [[1, 2]],\n  \"output\": 999}]}",
     "example 1, output: 999 is outside [-256, 255]", 3, 13},
    {"{\"sketch\": \"a <- [int]\", \"examples\": [{\"inputs\": [[1]], \"output\": [1]}, "
     "{\"output\": [1, 300], \"inputs\": [[2]]}]}",
     "example 2, output: 300 is outside [-256, 255]", 1, 88},
    {"{\"sketch\": \"a <- [int] | b <- MAP (+9) a\", \"examples\": []}",
     "unknown lambda '(+9)' (in \"sketch\")", 1, 23},
    {"{\"sketch\": \"a <- [int]\", \"examples\": [{\"inputs\": [[1]], \"output\": 1}]} extra",
     "unexpected text after the JSON value", 1, 72},
    /* what cJSON lets through: numbers JSON does not allow, a repeated key
     * (at its second place), in the problem or in an example */
    {"{\"sketch\": \"a <- [int]\", \"examples\": [{\"inputs\": [[007]], \"output\": 1}]}",
     "number with a leading zero", 1, 52},
    {"{\"sketch\": \"a <- int\", \"examples\": [{\"inputs\": [-01], \"output\": 1}]}",
     "number with a leading zero", 1, 49},
    {"{\"sketch\": \"a <- int\", \"examples\": [{\"inputs\": [1.], \"output\": 1}]}", "malformed number", 1, 49},
    {"{\"sketch\": \"a <- int\", \"examples\": [{\"inputs\": [-.5], \"output\": 1}]}", "malformed number", 1, 49},
    {"{\"sketch\": \"a <- int\", \"examples\": [{\"inputs\": [1.e2], \"output\": 1}]}", "malformed number", 1, 49},
    {"{\"sketch\": \"a <- int\",\n \"sketch\": \"a <- [int]\", \"examples\": []}", "repeated key \"sketch\"", 2, 2},
    {"{\"sketch\": \"a <- int\", \"examples\": [{\"inputs\": [1], \"output\": 1, \"output\": 2}]}",
     "repeated key \"output\"", 1, 66},
    /* the same key in two objects is no repeat; a key written with an escape
     * is found but has no column, and a control character in it shows as '?' */
    {"{\"sketch\": \"a <- int\", \"examples\": [{\"inputs\": [1], \"output\": 1}, {\"inputs\": [300], \"output\": 1}]}",
     "example 2, input a: 300 is outside [-256, 255]", 1, 79},
    {"{\"sketch\": \"a <- int\", \"\\u0073ketch\": \"a <- int\", \"examples\": []}", "repeated key \"sketch\"", 1, 0},
    {"{\"sketch\": \"a <- int\", \"examples\": [], \"a\\nb\": 1, \"a\\nb\": 2}", "repeated key \"a?b\"", 1, 0},
    {"{\"program\": \"a <- [int] | b <- SUM a\", \"attributes\": [1], \"examples\": "
     "[{\"inputs\": [[1]], \"output\": 1}]}",
     "\"attributes\" must be the program's 34 attribute bits", 1, 0},
};

static void test_json_errors(void **state) {
    for (size_t i = 0; i < sizeof bad_json / sizeof bad_json[0]; i++) {
        lips_error err;
        if (lips_problem_parse_json(bad_json[i].text, "p.json", 1, &a, &err) != LIPS_ERR_INPUT)
            fail_msg("accepted: %s", bad_json[i].text);
        if (strcmp(err.msg, bad_json[i].msg) || err.line != bad_json[i].line || err.col != bad_json[i].col)
            fail_msg("%s\n got %d:%d %s\nwant %d:%d %s", bad_json[i].text, err.line, err.col, err.msg,
                     bad_json[i].line, bad_json[i].col, bad_json[i].msg);
    }
}

/* JSON nested past cJSON's limit (1000) is told apart from malformed JSON,
 * without a deep recursion; 0 and -0 are integers; the form is JSON by the
 * first character or the name. */
static void test_json_strict(void **state) {
    lips_error err;
    size_t n = 100000;
    char *deep = malloc(n + 16);
    assert_non_null(deep);
    memcpy(deep, "{\"a\": ", 6);
    memset(deep + 6, '[', n);
    deep[6 + n] = 0;
    assert_int_equal(lips_problem_parse_json(deep, "d.json", 3, &a, &err), LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "JSON nested deeper than 1000 levels");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 1006);
    /* 999 lists in the object: 1000 levels, as deep as cJSON goes */
    memset(deep + 6 + 999, 'x', 1);
    deep[6 + 1000] = 0;
    assert_int_equal(lips_problem_parse_json(deep, "d.json", 1, &a, &err), LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "malformed JSON");
    free(deep);

    const char *zeros = "{\"sketch\": \"a <- int | b <- [int]\", \"examples\": [{\"inputs\": [-0, [0, 10]], "
                        "\"output\": [0]}]}";
    assert_int_equal(lips_problem_parse_json(zeros, "z.json", 1, &a, &err), LIPS_OK);
    assert_int_equal(a.examples[0].in[0].v[0], 0);

    assert_true(lips_problem_is_json("p.lips", " \n{\"sketch\": 1}"));
    assert_true(lips_problem_is_json("p.lips", "[1, 2]"));
    assert_true(lips_problem_is_json("p.json", "5"));
    assert_false(lips_problem_is_json("p.json", " \n"));
    assert_false(lips_problem_is_json("p.lips", "a <- int\n---\n1 -> 1\n"));
    char *path = write_temp("[1, 2]\n");
    assert_int_equal(lips_problem_load(path, &a, &err), LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "a problem must be a JSON object, not a list");
    unlink(path);
}

static void test_limits(void **state) {
    lips_error err;
    char text[8192] = "a <- [int]\n---\n";
    for (int i = 0; i <= LIPS_MAX_EXAMPLES; i++) strcat(text, "[1] -> 1\n");
    assert_int_equal(lips_problem_parse_text(text, "p", &a, &err), LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "a problem has at most 20 examples");
    assert_int_equal(err.line, 3 + LIPS_MAX_EXAMPLES);

    /* a file over the size limit is refused before it is read */
    char *path = write_temp("");
    assert_int_equal(truncate(path, (off_t)LIPS_MAX_FILE_BYTES + 1), 0);
    assert_int_equal(lips_problem_load(path, &a, &err), LIPS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "larger than the"));
    unlink(path);
    assert_int_equal(lips_problem_load("/nonexistent/p.lips", &a, &err), LIPS_ERR_INPUT);
    assert_string_equal(err.msg, "cannot open the file");
}

/* Every bundled example loads, and its recorded solution fills the sketch and
 * produces every output; together they cover every hole kind. */
static void test_examples(void **state) {
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/examples", src_dir());
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0, kinds = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        int is_text = len > 5 && !strcmp(e->d_name + len - 5, ".lips");
        int is_json = len > 5 && !strcmp(e->d_name + len - 5, ".json");
        if (!is_text && !is_json) continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        lips_error err;
        if (lips_problem_load(path, &a, &err)) fail_msg("%s: %s", path, err.msg);
        assert_true(a.has_program);
        assert_true(lips_program_fills(&a.sketch, &a.program));
        assert_int_equal(lips_problem_first_mismatch(&a, &a.program), -1);
        for (int i = 0; i < a.sketch.n_stmts; i++) {
            const lips_stmt *s = &a.sketch.stmts[i];
            if (s->nargs == LIPS_HOLE) kinds |= 1;
            else if (s->fn == LIPS_HOLE) kinds |= 2;
            else if (s->lambda == LIPS_HOLE) kinds |= 4;
            for (int k = 0; k < s->nargs; k++) kinds |= s->args[k] == LIPS_HOLE ? 8 : 0;
        }
        if (a.sketch.n_stmts == 0) kinds |= 16;
        n++;
    }
    closedir(d);
    assert_true(n >= 10);
    assert_int_equal(kinds, 31);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_round_trip),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_json_program_only),
        cmocka_unit_test(test_dataset_stream_reports_bad_line),
        cmocka_unit_test(test_text_errors),
        cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_json_strict),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
