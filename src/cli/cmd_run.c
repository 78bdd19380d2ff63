/* lips run: execute a program on inputs given as JSON or as example lines. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: lips run PROGRAM [--inputs JSON] [--trace] [--json] [--semantics S]\n"
    "       lips run -e 'a <- [int] | b <- SORT a' [...]\n\n"
    "Runs a concrete program. Inputs come from --inputs, a JSON list with one\n"
    "element per program input (e.g. '[[3, 4, -9], 2]'), or else from standard\n"
    "input, one example a line: inputs separated by ',' and optionally '-> OUTPUT',\n"
    "in which case the output is compared.\n\n"
    "  -e, --eval TEXT   the program text itself instead of a file\n"
    "      --inputs JSON the inputs of one run\n"
    "      --trace       print every variable's value\n"
    "      --json        one JSON object per run on standard output\n"
    "      --semantics S how the program runs: strict (the default: every value\n"
    "                    in [-256, 255]) or deepcoder (values in between are\n"
    "                    32-bit and wrap around as Java's int; the result must\n"
    "                    be in [-256, 255]; docs/dsl.md)\n"
    "  -h, --help        this help\n";

typedef struct {
    int trace, json;
    lips_semantics sem;
    int n, matched, compared;
} run_opts;

/* Parses "v1, v2, ... [-> out]" (or, with brackets, the JSON list "[v1, v2]"). */
static lips_status parse_inputs(const char *t, const char *file, int line, int bracketed,
                                const lips_program *p, lips_value *in, lips_value *out,
                                int *has_out, lips_error *err) {
    size_t pos = 0;
    int n = 0;
    *has_out = 0;
    while (isspace((unsigned char)t[pos])) pos++;
    if (bracketed) {
        if (t[pos] != '[')
            return lips_error_set(err, LIPS_ERR_INPUT, file, line, (int)pos + 1,
                                  "--inputs must be a JSON list of the program's inputs");
        pos++;
        while (isspace((unsigned char)t[pos])) pos++;
    }
    for (;;) {
        if (bracketed && n == 0 && t[pos] == ']') break;
        if (n == LIPS_MAX_INPUTS)
            return lips_error_set(err, LIPS_ERR_INPUT, file, line, (int)pos + 1,
                                  "a program has at most %d inputs", LIPS_MAX_INPUTS);
        size_t at = pos;
        lips_status s = lips_value_parse(t, &pos, file, line, 1, &in[n], err);
        if (s) return s;
        if (n < p->n_inputs && in[n].type != p->input_types[n]) {
            while (t[at] == ' ') at++;
            return lips_error_set(err, LIPS_ERR_INPUT, file, line, (int)at + 1,
                                  "input %s must be %s, got %s", lips_var_name(n),
                                  lips_type_name((lips_type)p->input_types[n]),
                                  lips_type_name((lips_type)in[n].type));
        }
        n++;
        while (isspace((unsigned char)t[pos])) pos++;
        if (t[pos] == ',') {
            pos++;
            continue;
        }
        break;
    }
    if (bracketed) {
        if (t[pos] != ']')
            return lips_error_set(err, LIPS_ERR_INPUT, file, line, (int)pos + 1, "expected ',' or ']'");
        pos++;
    } else if (t[pos] == '-' && t[pos + 1] == '>') {
        pos += 2;
        lips_status s = lips_value_parse(t, &pos, file, line, 1, out, err);
        if (s) return s;
        *has_out = 1;
    }
    while (isspace((unsigned char)t[pos])) pos++;
    if (t[pos]) return lips_error_set(err, LIPS_ERR_INPUT, file, line, (int)pos + 1, "unexpected text");
    if (n != p->n_inputs)
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, 1,
                              "the program takes %d input%s, got %d", p->n_inputs,
                              p->n_inputs == 1 ? "" : "s", n);
    return LIPS_OK;
}

static cJSON *value_json(const lips_value *v) {
    if (v->type == LIPS_T_INT) return cJSON_CreateNumber(v->v[0]);
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < v->len; i++) cJSON_AddItemToArray(a, cJSON_CreateNumber(v->v[i]));
    return a;
}

static const char *failure_reason(const lips_program *p, int stmt, lips_eval_status st,
                                  int result_range) {
    if (result_range) return "a result outside [-256, 255]";
    /* only strict semantics fails in between: DeepCoder's wraps */
    if (st == LIPS_EVAL_RANGE) return "a value left [-256, 255]";
    int fn = p->stmts[stmt].fn;
    return fn == LIPS_FN_ACCESS ? "an index outside the list" : "an empty list";
}

static void run_one(const lips_program *p, const lips_value *in, const lips_value *want,
                    run_opts *o) {
    lips_value vars[LIPS_MAX_VARS];
    lips_run r = lips_program_run(p, o->sem, in, vars);
    const lips_value *res = &vars[p->n_inputs + p->n_stmts - 1];
    int ok = r.status == LIPS_EVAL_OK;
    /* in DeepCoder semantics the last statement may compute a value that
     * is out of range only as the program's result */
    int result_range = !ok && r.status == LIPS_EVAL_RANGE && o->sem != LIPS_SEM_STRICT &&
                       r.failed_stmt == p->n_stmts - 1 &&
                       lips_program_run_from(p, o->sem, r.failed_stmt, vars).status == LIPS_EVAL_OK;
    int match = ok && want && lips_value_equal(res, want);
    char buf[LIPS_VALUE_TEXT_MAX], stmt[128];
    o->n++;
    if (want) {
        o->compared++;
        o->matched += match;
    }
    if (!ok) lips_stmt_print(p, r.failed_stmt, stmt, sizeof stmt);
    if (o->json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddItemToObject(j, "output", ok ? value_json(res) : cJSON_CreateNull());
        if (!ok) {
            cJSON_AddNumberToObject(j, "failed_statement", r.failed_stmt + 1);
            cJSON_AddStringToObject(j, "reason", r.status == LIPS_EVAL_NULL ? "null" : "range");
        }
        if (want) cJSON_AddBoolToObject(j, "match", match);
        if (o->trace) {
            cJSON *t = cJSON_AddObjectToObject(j, "trace");
            int last = ok ? p->n_inputs + p->n_stmts : p->n_inputs + r.failed_stmt;
            for (int v = 0; v < last; v++) cJSON_AddItemToObject(t, lips_var_name(v), value_json(&vars[v]));
        }
        char *s = cJSON_PrintUnformatted(j);
        puts(s);
        cJSON_free(s);
        cJSON_Delete(j);
        return;
    }
    if (o->trace) {
        int last = ok ? p->n_inputs + p->n_stmts : p->n_inputs + r.failed_stmt;
        for (int v = 0; v < last; v++) {
            lips_value_print(&vars[v], buf, sizeof buf);
            printf("%s = %s\n", lips_var_name(v), buf);
        }
    }
    if (ok) {
        lips_value_print(res, buf, sizeof buf);
        printf("%s", buf);
    } else {
        printf("NULL: statement %d '%s <- %s' got %s", r.failed_stmt + 1,
               lips_var_name(p->n_inputs + r.failed_stmt), stmt,
               failure_reason(p, r.failed_stmt, r.status, result_range));
    }
    if (want && !match) {
        lips_value_print(want, buf, sizeof buf);
        printf("   (expected %s)", buf);
    }
    putchar('\n');
}

int lips_cmd_run(int argc, char **argv) {
    static const struct option longopts[] = {
        {"eval", required_argument, 0, 'e'}, {"inputs", required_argument, 0, 'i'},
        {"trace", no_argument, 0, 't'},      {"json", no_argument, 0, 'j'},
        {"semantics", required_argument, 0, 's'},
        {"help", no_argument, 0, 'h'},       {0, 0, 0, 0}};
    run_opts o = {0};
    const char *inline_prog = NULL, *inputs = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "e:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'e': inline_prog = optarg; break;
        case 'i':
            if (inputs) return cli_usage_error("run", "--inputs is given twice");
            inputs = optarg;
            break;
        case 't': o.trace = 1; break;
        case 'j': o.json = 1; break;
        case 's': {
            int sem;
            if (cli_parse_semantics("run", optarg, &sem)) return LIPS_ERR_INPUT;
            o.sem = (lips_semantics)sem;
            break;
        }
        case 'h': fputs(help, stdout); return 0;
        default: return cli_bad_option("run", argv);
        }
    }
    int npos = argc - optind;
    if (inline_prog ? npos != 0 : npos != 1)
        return cli_usage_error("run", inline_prog ? "-e takes the place of PROGRAM" : "expected one PROGRAM");
    lips_program p;
    lips_error err;
    if (cli_load_program(inline_prog ? inline_prog : argv[optind], inline_prog != NULL, 0, &p, &err))
        return cli_fail(&err);
    if (p.n_stmts == 0) {
        lips_error_set(&err, LIPS_ERR_INPUT, inline_prog ? "<program>" : argv[optind], 0, 0,
                       "the program has no statements");
        return cli_fail(&err);
    }
    lips_value in[LIPS_MAX_INPUTS], want;
    int has_out;
    if (inputs) {
        if (parse_inputs(inputs, "--inputs", 1, 1, &p, in, &want, &has_out, &err)) return cli_fail(&err);
        run_one(&p, in, NULL, &o);
        return 0;
    }
    char line[8192];
    int lineno = 0;
    while (fgets(line, sizeof line, stdin)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(stdin)) {
            lips_error_set(&err, LIPS_ERR_INPUT, "<stdin>", lineno, 0, "line longer than %zu bytes",
                           sizeof line - 2);
            return cli_fail(&err);
        }
        size_t i = 0;
        while (isspace((unsigned char)line[i])) i++;
        if (!line[i] || line[i] == '#') continue;
        if (parse_inputs(line, "<stdin>", lineno, 0, &p, in, &want, &has_out, &err)) return cli_fail(&err);
        run_one(&p, in, has_out ? &want : NULL, &o);
    }
    if (o.n == 0) return cli_usage_error("run", "no inputs: give --inputs or example lines on standard input");
    if (o.compared && !o.json) fprintf(stderr, "%d/%d outputs match\n", o.matched, o.compared);
    return 0;
}
