/* Problem files: the .lips text form and JSON / JSON Lines, read with bounded
 * memory and checked against the sketch's types. */
#include "lips/problem.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json.h"
#include "lips/interp.h"

#define SOLUTION_TAG "# solution:"
#define SEMANTICS_TAG "# semantics:"

lips_status lips_problem_check(const lips_problem *p, const char *file, lips_error *err) {
    if (p->n_examples < 1)
        return lips_error_set(err, LIPS_ERR_INPUT, file, 0, 0, "the problem has no examples");
    lips_type rt = lips_program_result_type(&p->sketch);
    if (p->sketch.n_stmts && rt != LIPS_T_UNKNOWN && rt != p->out_type)
        return lips_error_set(err, LIPS_ERR_INPUT, file, 0, 0,
                              "the sketch returns %s but the examples' outputs are %s",
                              lips_type_name(rt), lips_type_name((lips_type)p->out_type));
    if (p->has_program) {
        if (p->program.n_inputs != p->sketch.n_inputs ||
            memcmp(p->program.input_types, p->sketch.input_types, p->sketch.n_inputs))
            return lips_error_set(err, LIPS_ERR_INPUT, file, 0, 0,
                                  "the program's inputs differ from the sketch's");
        if (lips_program_result_type(&p->program) != p->out_type)
            return lips_error_set(err, LIPS_ERR_INPUT, file, 0, 0,
                                  "the program returns %s but the examples' outputs are %s",
                                  lips_type_name(lips_program_result_type(&p->program)),
                                  lips_type_name((lips_type)p->out_type));
    }
    for (int e = 0; e < p->n_examples; e++) {
        for (int i = 0; i < p->sketch.n_inputs; i++)
            if (p->examples[e].in[i].type != p->sketch.input_types[i])
                return lips_error_set(err, LIPS_ERR_INPUT, file, 0, 0,
                                      "example %d: input %s must be %s", e + 1, lips_var_name(i),
                                      lips_type_name((lips_type)p->sketch.input_types[i]));
        if (p->examples[e].out.type != p->out_type)
            return lips_error_set(err, LIPS_ERR_INPUT, file, 0, 0,
                                  "example %d: the output must be %s like the others", e + 1,
                                  lips_type_name((lips_type)p->out_type));
    }
    return LIPS_OK;
}

/* Does prog run on example e of p, in p's semantics, and produce its output? */
static int right_on(const lips_problem *p, const lips_program *prog, int e) {
    lips_value vars[LIPS_MAX_VARS];
    return lips_program_run(prog, (lips_semantics)p->semantics, p->examples[e].in, vars).status == LIPS_EVAL_OK &&
           lips_value_equal(&vars[prog->n_inputs + prog->n_stmts - 1], &p->examples[e].out);
}

int lips_problem_first_mismatch(const lips_problem *p, const lips_program *prog) {
    for (int e = 0; e < p->n_examples; e++)
        if (!right_on(p, prog, e)) return e;
    return -1;
}

int lips_problem_count_right(const lips_problem *p, const lips_program *prog, int from) {
    int n = 0;
    for (int e = from > 0 ? from : 0; e < p->n_examples; e++) n += right_on(p, prog, e);
    return n;
}

static void name_from_path(lips_problem *p, const char *path) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    int n = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(p->name, sizeof p->name, "%.*s", n, base);
}

/* ---- text form ---- */

/* One example line: "in1, in2 -> out". */
static lips_status parse_example(const char *t, const char *file, int line, lips_problem *p,
                                 lips_error *err) {
    if (p->n_examples == LIPS_MAX_EXAMPLES)
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, 1,
                              "a problem has at most %d examples", LIPS_MAX_EXAMPLES);
    lips_example *ex = &p->examples[p->n_examples];
    memset(ex, 0, sizeof *ex);
    size_t pos = 0;
    int n = 0;
    for (;;) {
        if (n == LIPS_MAX_INPUTS)
            return lips_error_set(err, LIPS_ERR_INPUT, file, line, (int)pos + 1,
                                  "an example has at most %d inputs", LIPS_MAX_INPUTS);
        size_t at = pos;
        while (t[at] == ' ' || t[at] == '\t') at++;
        lips_status s = lips_value_parse(t, &pos, file, line, 1, &ex->in[n], err);
        if (s) return s;
        if (n >= p->sketch.n_inputs)
            return lips_error_set(err, LIPS_ERR_INPUT, file, line, (int)at + 1,
                                  "the sketch declares %d input%s, this example has more",
                                  p->sketch.n_inputs, p->sketch.n_inputs == 1 ? "" : "s");
        if (ex->in[n].type != p->sketch.input_types[n])
            return lips_error_set(err, LIPS_ERR_INPUT, file, line, (int)at + 1,
                                  "input %s must be %s, got %s", lips_var_name(n),
                                  lips_type_name((lips_type)p->sketch.input_types[n]),
                                  lips_type_name((lips_type)ex->in[n].type));
        n++;
        while (t[pos] == ' ' || t[pos] == '\t') pos++;
        if (t[pos] == ',') {
            pos++;
            continue;
        }
        if (t[pos] == '-' && t[pos + 1] == '>') {
            pos += 2;
            break;
        }
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, (int)pos + 1,
                              "expected ',' or '->' after an input");
    }
    if (n != p->sketch.n_inputs)
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, 1,
                              "the sketch declares %d inputs, this example has %d",
                              p->sketch.n_inputs, n);
    size_t at = pos;
    while (t[at] == ' ' || t[at] == '\t') at++;
    lips_status s = lips_value_parse(t, &pos, file, line, 1, &ex->out, err);
    if (s) return s;
    while (isspace((unsigned char)t[pos])) pos++;
    if (t[pos])
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, (int)pos + 1,
                              "unexpected text after the output");
    if (p->n_examples == 0 && p->sketch.n_stmts == 0) p->out_type = ex->out.type;
    if (p->n_examples == 0 && p->sketch.n_stmts > 0) {
        lips_type rt = lips_program_result_type(&p->sketch);
        p->out_type = rt == LIPS_T_UNKNOWN ? ex->out.type : rt;
    }
    if (ex->out.type != p->out_type)
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, (int)at + 1,
                              "the output must be %s, got %s",
                              lips_type_name((lips_type)p->out_type),
                              lips_type_name((lips_type)ex->out.type));
    p->n_examples++;
    return LIPS_OK;
}

/* The "---" line of a text problem: its start, line and column, or NULL. */
static const char *find_separator(const char *text, int *sep_line, int *sep_col) {
    int line = 1;
    for (const char *s = text; *s; line++) {
        const char *eol = strchr(s, '\n');
        size_t len = eol ? (size_t)(eol - s) : strlen(s);
        size_t i = 0;
        while (i < len && isspace((unsigned char)s[i])) i++;
        if (len - i >= 3 && strncmp(s + i, "---", 3) == 0) {
            size_t j = i + 3;
            while (j < len && isspace((unsigned char)s[j])) j++;
            if (j == len) {
                *sep_line = line;
                *sep_col = (int)i + 1;
                return s;
            }
        }
        if (!eol) break;
        s = eol + 1;
    }
    return NULL;
}

/* Does a text example line hold an example (not blank, not a comment)? */
static int is_example_line(const char *s) {
    while (*s != '\n' && isspace((unsigned char)*s)) s++;
    return *s && *s != '\n' && *s != '#';
}

/* Line and column of the first example's input slot (-1: its output) in a
 * text problem that parsed. */
static void text_example_pos(const char *text, int slot, int *line, int *col) {
    int sep_col;
    const char *s = find_separator(text, line, &sep_col);
    do {
        s = strchr(s, '\n') + 1;
        ++*line;
    } while (!is_example_line(s));
    size_t pos = 0;
    if (slot < 0) {
        pos = (size_t)(strstr(s, "->") + 2 - s);
    } else {
        for (int k = 0; k < slot; k++) {
            lips_value v;
            lips_value_parse(s, &pos, NULL, 0, 0, &v, NULL);
            while (s[pos] == ' ' || s[pos] == '\t') pos++;
            pos++; /* the ',' */
        }
    }
    while (s[pos] == ' ' || s[pos] == '\t') pos++;
    *col = (int)pos + 1;
}

lips_status lips_problem_parse_text(const char *text, const char *file, lips_problem *out,
                                    lips_error *err) {
    memset(out, 0, sizeof *out);
    int sep_line = 0, sep_col = 1;
    const char *sep = find_separator(text, &sep_line, &sep_col);
    if (!sep) {
        int empty = 1;
        for (const char *c = text; *c && empty; c++) empty = isspace((unsigned char)*c);
        return lips_error_set(err, LIPS_ERR_INPUT, file, 1, empty ? 1 : 0, "%s",
                              empty ? "empty file" : "no '---' line between the sketch and the examples");
    }
    size_t head_len = (size_t)(sep - text);
    char *head = malloc(head_len + 1);
    if (!head) return lips_error_set(err, LIPS_ERR_INTERNAL, file, 0, 0, "out of memory");
    memcpy(head, text, head_len);
    head[head_len] = 0;
    lips_status st = lips_program_parse(head, file, 1, LIPS_PARSE_SKETCH, &out->sketch, err);
    /* "# solution: PROGRAM" records a known solution */
    for (char *c = head; st == LIPS_OK && (c = strstr(c, SOLUTION_TAG)); c++) {
        int l = 1;
        for (char *d = head; d < c; d++) l += *d == '\n';
        char *eol = strchr(c, '\n');
        if (eol) *eol = 0;
        st = lips_program_parse(c + strlen(SOLUTION_TAG), file, l, 0, &out->program, err);
        out->has_program = st == LIPS_OK;
        if (eol) *eol = '\n';
    }
    /* "# semantics: NAME" says how the problem's programs run */
    for (char *c = head; st == LIPS_OK && (c = strstr(c, SEMANTICS_TAG)); c++) {
        int l = 1;
        char *bol = head;
        for (char *d = head; d < c; d++)
            if (*d == '\n') l++, bol = d + 1;
        char *name = c + strlen(SEMANTICS_TAG);
        while (*name == ' ' || *name == '\t') name++;
        size_t len = strcspn(name, " \t\r\n");
        char word[32] = "";
        if (len < sizeof word) memcpy(word, name, len), word[len] = 0;
        int sem = len < sizeof word ? lips_semantics_find(word) : -1;
        if (sem < 0)
            st = lips_error_set(err, LIPS_ERR_INPUT, file, l, (int)(name - bol) + 1,
                                "unknown semantics \"%.*s\" (strict or deepcoder)", (int)(len < 32 ? len : 32), name);
        else out->semantics = (uint8_t)sem;
    }
    free(head);
    if (st) return st;

    const char *s = strchr(sep, '\n');
    int line = sep_line + 1;
    char buf[4096];
    while (s && *++s) {
        const char *eol = strchr(s, '\n');
        size_t len = eol ? (size_t)(eol - s) : strlen(s);
        if (len >= sizeof buf)
            return lips_error_set(err, LIPS_ERR_INPUT, file, line, 1,
                                  "example line longer than %zu bytes", sizeof buf - 1);
        memcpy(buf, s, len);
        buf[len] = 0;
        if (is_example_line(buf)) {
            st = parse_example(buf, file, line, out, err);
            if (st) return st;
        }
        s = eol;
        line++;
    }
    if (out->n_examples == 0) /* at the separator: no example follows it */
        return lips_error_set(err, LIPS_ERR_INPUT, file, sep_line, sep_col, "the problem has no examples");
    return lips_problem_check(out, file, err);
}

/* ---- JSON ---- */

/* A JSON problem's source, for positions: its text, file and first line. */
typedef struct {
    const char *text, *file;
    int line;
} json_src;

/* Where a value sits: example e (0-based; -1: nowhere known; INT_MAX: the
 * "examples" list itself), input slot (-1: the output; INT_MAX: the example
 * object; INT_MIN: its "inputs" list), element k of a list (-1: the value
 * itself). Its text is found only when an error needs it, so reading good
 * records costs nothing. */
typedef struct {
    int e, slot, k;
} json_path;

static const char *json_find(const json_src *src, json_path at) {
    if (at.e < 0) return NULL;
    const char *p = lips_json_member(src->text, "examples");
    if (at.e == INT_MAX) return p; /* the examples list itself */
    p = lips_json_element(p, at.e);
    if (at.slot == INT_MAX) return p; /* the example object */
    if (at.slot == INT_MIN) return lips_json_member(p, "inputs");
    p = at.slot < 0 ? lips_json_member(p, "output") : lips_json_element(lips_json_member(p, "inputs"), at.slot);
    return at.k < 0 ? p : lips_json_element(p, at.k);
}

static lips_status json_error_at(lips_error *err, const json_src *src, json_path path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* An error at the line and column of path's text, or at the record's line. */
static lips_status json_error_at(lips_error *err, const json_src *src, json_path path, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    lips_status s = lips_json_verror_at(err, src->file, src->text, src->line, json_find(src, path), fmt, ap);
    va_end(ap);
    return s;
}

static lips_status json_value(const cJSON *j, const json_src *src, json_path at, lips_value *out,
                              const char *what, lips_error *err) {
    if (cJSON_IsNumber(j)) {
        double d = j->valuedouble;
        /* the range first: converting a huge double to an integer is undefined */
        if (!(d >= LIPS_INT_MIN && d <= LIPS_INT_MAX))
            return json_error_at(err, src, at, "%s: %g is outside [%d, %d]", what, d, LIPS_INT_MIN, LIPS_INT_MAX);
        if (d != (double)(int)d) return json_error_at(err, src, at, "%s: %g is not an integer", what, d);
        *out = lips_value_int((int)d);
        return LIPS_OK;
    }
    if (!cJSON_IsArray(j))
        return json_error_at(err, src, at, "%s: expected an integer or a list of integers", what);
    int n = cJSON_GetArraySize(j), xs[LIPS_MAX_LEN], i = 0;
    if (n > LIPS_MAX_LEN)
        return json_error_at(err, src, at, "%s: list of %d elements is longer than %d", what, n, LIPS_MAX_LEN);
    const cJSON *e;
    cJSON_ArrayForEach(e, j) {
        lips_value v;
        json_path eat = {at.e, at.slot, i};
        if (cJSON_IsArray(e)) return json_error_at(err, src, eat, "%s: nested lists are not values", what);
        lips_status s = json_value(e, src, eat, &v, what, err);
        if (s) return s;
        xs[i++] = v.v[0];
    }
    *out = lips_value_list(xs, n);
    return LIPS_OK;
}

static lips_status json_program(const cJSON *o, const char *key, int flags, const char *file,
                                int line, lips_program *out, int *present, lips_error *err) {
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);
    *present = j != NULL;
    if (!j) return LIPS_OK;
    if (!cJSON_IsString(j))
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, 0, "\"%s\" must be a string", key);
    lips_status s = lips_program_parse(j->valuestring, file, line, flags, out, err);
    if (s && err && err->col > 0)
        snprintf(err->msg + strlen(err->msg), sizeof err->msg - strlen(err->msg),
                 " (in \"%s\")", key);
    return s;
}

static lips_status parse_json_object(const cJSON *o, const char *text, const char *file, int line,
                                     lips_problem *out, lips_error *err) {
    const json_src src = {text, file, line};
    if (!cJSON_IsObject(o))
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, 0, "a problem must be a JSON object, not %s",
                              lips_json_kind(o));
    int has_sketch, has_program;
    lips_status s = json_program(o, "sketch", LIPS_PARSE_SKETCH, file, line, &out->sketch, &has_sketch, err);
    if (s) return s;
    s = json_program(o, "program", 0, file, line, &out->program, &has_program, err);
    if (s) return s;
    out->has_program = (uint8_t)has_program;
    if (!has_sketch && !has_program)
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, 0, "a problem needs a \"sketch\" or a \"program\"");
    if (!has_sketch) { /* a dataset record: synthesize from the program's inputs */
        out->sketch = out->program;
        out->sketch.n_stmts = 0;
    }
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
    if (name) {
        if (!cJSON_IsString(name))
            return lips_error_set(err, LIPS_ERR_INPUT, file, line, 0, "\"name\" must be a string");
        snprintf(out->name, sizeof out->name, "%s", name->valuestring);
    }
    const cJSON *sem = cJSON_GetObjectItemCaseSensitive(o, "semantics");
    if (sem) {
        int k = cJSON_IsString(sem) ? lips_semantics_find(sem->valuestring) : -1;
        if (k < 0)
            return lips_error_set(err, LIPS_ERR_INPUT, file, line, 0,
                                  "\"semantics\" must be \"strict\" or \"deepcoder\"");
        out->semantics = (uint8_t)k;
    }
    const cJSON *ot = cJSON_GetObjectItemCaseSensitive(o, "output");
    int out_type = -1;
    if (ot) {
        if (cJSON_IsString(ot) && strcmp(ot->valuestring, "int") == 0) out_type = LIPS_T_INT;
        else if (cJSON_IsString(ot) && strcmp(ot->valuestring, "[int]") == 0) out_type = LIPS_T_LIST;
        else return lips_error_set(err, LIPS_ERR_INPUT, file, line, 0, "\"output\" must be \"int\" or \"[int]\"");
    }
    const cJSON *exs = cJSON_GetObjectItemCaseSensitive(o, "examples");
    if (!cJSON_IsArray(exs))
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, 0, "\"examples\" must be a list");
    if (cJSON_GetArraySize(exs) > LIPS_MAX_EXAMPLES)
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, 0, "a problem has at most %d examples",
                              LIPS_MAX_EXAMPLES);
    if (cJSON_GetArraySize(exs) == 0)
        return json_error_at(err, &src, (json_path){INT_MAX, 0, 0}, "the problem has no examples");
    const cJSON *ex;
    cJSON_ArrayForEach(ex, exs) {
        char what[64];
        int e = out->n_examples;
        lips_example *dst = &out->examples[e];
        memset(dst, 0, sizeof *dst);
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(ex, "inputs");
        const cJSON *o2 = cJSON_GetObjectItemCaseSensitive(ex, "output");
        if (!cJSON_IsArray(in) || !o2)
            return json_error_at(err, &src, (json_path){e, INT_MAX, 0}, "example %d needs \"inputs\" (a list) and \"output\"", e + 1);
        if (cJSON_GetArraySize(in) != out->sketch.n_inputs)
            return json_error_at(err, &src, (json_path){e, INT_MIN, 0}, "example %d has %d inputs, the sketch declares %d", e + 1,
                                 cJSON_GetArraySize(in), out->sketch.n_inputs);
        int i = 0;
        const cJSON *v;
        cJSON_ArrayForEach(v, in) {
            snprintf(what, sizeof what, "example %d, input %s", e + 1, lips_var_name(i));
            s = json_value(v, &src, (json_path){e, i, -1}, &dst->in[i], what, err);
            if (s) return s;
            i++;
        }
        snprintf(what, sizeof what, "example %d, output", e + 1);
        s = json_value(o2, &src, (json_path){e, -1, -1}, &dst->out, what, err);
        if (s) return s;
        if (out_type < 0) out_type = dst->out.type;
        out->n_examples++;
    }
    out->out_type = (uint8_t)(out_type < 0 ? LIPS_T_INT : out_type);
    s = lips_problem_check(out, file, err);
    if (s) {
        if (err && err->line == 0) err->line = line;
        return s;
    }
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(o, "attributes");
    if (attrs && has_program) {
        uint64_t want = lips_program_attrs(&out->program), got = 0;
        int n = 0;
        const cJSON *a;
        cJSON_ArrayForEach(a, attrs) {
            if (n < LIPS_N_ATTRS && cJSON_IsNumber(a) && a->valuedouble != 0) got |= 1ull << n;
            n++;
        }
        if (!cJSON_IsArray(attrs) || n != LIPS_N_ATTRS || got != want)
            return lips_error_set(err, LIPS_ERR_INPUT, file, line, 0,
                                  "\"attributes\" must be the program's %d attribute bits", LIPS_N_ATTRS);
    }
    return LIPS_OK;
}

lips_status lips_problem_parse_json(const char *text, const char *file, int line,
                                    lips_problem *out, lips_error *err) {
    memset(out, 0, sizeof *out);
    cJSON *o;
    lips_status s = lips_json_parse(text, file, line, &o, err);
    if (s) return s;
    s = parse_json_object(o, text, file, line, out, err);
    cJSON_Delete(o);
    return s;
}

static cJSON *value_json(const lips_value *v) {
    if (v->type == LIPS_T_INT) return cJSON_CreateNumber(v->v[0]);
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; a && i < v->len; i++) cJSON_AddItemToArray(a, cJSON_CreateNumber(v->v[i]));
    return a;
}

lips_status lips_problem_write_json(const lips_problem *p, FILE *f) {
    char prog[2048];
    cJSON *o = cJSON_CreateObject();
    if (!o) return LIPS_ERR_INTERNAL;
    if (p->name[0]) cJSON_AddStringToObject(o, "name", p->name);
    if (p->semantics != LIPS_SEM_STRICT)
        cJSON_AddStringToObject(o, "semantics", lips_semantics_name((lips_semantics)p->semantics));
    lips_program_print(&p->sketch, " | ", prog, sizeof prog);
    cJSON_AddStringToObject(o, "sketch", prog);
    if (p->has_program) {
        lips_program_print(&p->program, " | ", prog, sizeof prog);
        cJSON_AddStringToObject(o, "program", prog);
        uint64_t bits = lips_program_attrs(&p->program);
        cJSON *a = cJSON_AddArrayToObject(o, "attributes");
        for (int i = 0; a && i < LIPS_N_ATTRS; i++)
            cJSON_AddItemToArray(a, cJSON_CreateNumber((double)((bits >> i) & 1)));
    }
    cJSON_AddStringToObject(o, "output", lips_type_name((lips_type)p->out_type));
    cJSON *exs = cJSON_AddArrayToObject(o, "examples");
    for (int e = 0; exs && e < p->n_examples; e++) {
        cJSON *ex = cJSON_CreateObject(), *in = cJSON_CreateArray();
        for (int i = 0; in && i < p->sketch.n_inputs; i++)
            cJSON_AddItemToArray(in, value_json(&p->examples[e].in[i]));
        cJSON_AddItemToObject(ex, "inputs", in);
        cJSON_AddItemToObject(ex, "output", value_json(&p->examples[e].out));
        cJSON_AddItemToArray(exs, ex);
    }
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!s) return LIPS_ERR_INTERNAL;
    int ok = fputs(s, f) >= 0 && fputc('\n', f) != EOF;
    cJSON_free(s);
    return ok ? LIPS_OK : LIPS_ERR_INTERNAL;
}

lips_status lips_problem_write_text(const lips_problem *p, FILE *f) {
    char buf[2048];
    if (p->semantics != LIPS_SEM_STRICT)
        fprintf(f, "%s %s\n", SEMANTICS_TAG, lips_semantics_name((lips_semantics)p->semantics));
    if (p->has_program) {
        lips_program_print(&p->program, " | ", buf, sizeof buf);
        fprintf(f, "%s %s\n", SOLUTION_TAG, buf);
    }
    lips_program_print(&p->sketch, "\n", buf, sizeof buf);
    fprintf(f, "%s\n---\n", buf);
    for (int e = 0; e < p->n_examples; e++) {
        for (int i = 0; i < p->sketch.n_inputs; i++) {
            lips_value_print(&p->examples[e].in[i], buf, sizeof buf);
            fprintf(f, i ? ", %s" : "%s", buf);
        }
        lips_value_print(&p->examples[e].out, buf, sizeof buf);
        fprintf(f, " -> %s\n", buf);
    }
    return ferror(f) ? LIPS_ERR_INTERNAL : LIPS_OK;
}

/* ---- files ---- */

int lips_problem_is_json(const char *path, const char *text) {
    while (isspace((unsigned char)*text)) text++;
    size_t len = strlen(path);
    /* by its name too, so that a .json file holding 5 is told it is the wrong
     * JSON, not that it lacks the text form's '---' */
    return *text == '{' || *text == '[' || (*text && len >= 5 && !strcmp(path + len - 5, ".json"));
}

/* Loads path into out and hands back its text (*text, malloc'd, also on
 * errors after reading; NULL before) for positions; *json says its form. */
static lips_status load_file(const char *path, lips_problem *out, char **text, int *json, lips_error *err) {
    *text = NULL;
    struct stat st;
    if (stat(path, &st) != 0)
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot open the file");
    if (S_ISDIR(st.st_mode))
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "is a directory, not a problem file");
    if ((unsigned long long)st.st_size > LIPS_MAX_FILE_BYTES)
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0,
                              "file of %lld bytes is larger than the %u-byte limit",
                              (long long)st.st_size, LIPS_MAX_FILE_BYTES);
    FILE *f = fopen(path, "rb");
    if (!f) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot open the file");
    /* a pipe or a device has no size to trust: read it to its end, up to the
     * limit and one byte more to know it is over */
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : LIPS_MAX_FILE_BYTES + 2;
    char *t = malloc(cap);
    if (!t) {
        fclose(f);
        return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
    }
    size_t n = fread(t, 1, cap - 1, f);
    fclose(f);
    t[n] = 0;
    *text = t;
    if (n > LIPS_MAX_FILE_BYTES)
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "the file is larger than the %u-byte limit",
                              LIPS_MAX_FILE_BYTES);
    if (memchr(t, 0, n))
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "binary data (a NUL byte) in a text file");
    *json = lips_problem_is_json(path, t);
    lips_status s = *json ? lips_problem_parse_json(t, path, 1, out, err) : lips_problem_parse_text(t, path, out, err);
    if (s == LIPS_OK && !out->name[0]) name_from_path(out, path);
    return s;
}

lips_status lips_problem_load(const char *path, lips_problem *out, lips_error *err) {
    char *text;
    int json;
    lips_status s = load_file(path, out, &text, &json, err);
    free(text);
    return s;
}

lips_status lips_problem_load_like(const char *path, const lips_problem *like, const char *like_file,
                                   lips_problem *out, lips_error *err) {
    char *text;
    int json;
    lips_status s = load_file(path, out, &text, &json, err);
    if (s) {
        free(text);
        return s;
    }
    /* every example of out has its sketch's types, so the first one shows a difference */
    const lips_example *ex = &out->examples[0];
    char msg[sizeof err->msg];
    int slot = INT_MAX;
    if (out->sketch.n_inputs != like->sketch.n_inputs) {
        slot = INT_MIN;
        snprintf(msg, sizeof msg, "example 1 has %d input%s, %s has %d", out->sketch.n_inputs,
                 out->sketch.n_inputs == 1 ? "" : "s", like_file, like->sketch.n_inputs);
    }
    for (int i = 0; i < like->sketch.n_inputs && slot == INT_MAX; i++)
        if (ex->in[i].type != like->sketch.input_types[i]) {
            slot = i;
            snprintf(msg, sizeof msg, "example 1, input %s must be %s as in %s, got %s", lips_var_name(i),
                     lips_type_name((lips_type)like->sketch.input_types[i]), like_file,
                     lips_type_name((lips_type)ex->in[i].type));
        }
    if (slot == INT_MAX && out->out_type != like->out_type) {
        slot = -1;
        snprintf(msg, sizeof msg, "example 1, the output must be %s as in %s, got %s",
                 lips_type_name((lips_type)like->out_type), like_file, lips_type_name((lips_type)out->out_type));
    }
    if (slot != INT_MAX) {
        int line = 1, col = 0;
        if (json) {
            const json_src src = {text, path, 1};
            const char *at = json_find(&src, (json_path){0, slot, -1});
            if (at) lips_json_pos(text, at, 1, &line, &col);
        } else {
            text_example_pos(text, slot == INT_MIN ? 0 : slot, &line, &col);
        }
        s = lips_error_set(err, LIPS_ERR_INPUT, path, line, col, "%s", msg);
    }
    free(text);
    return s;
}

struct lips_dataset {
    FILE *f;
    char *path;
    int line;
    char *buf; /* LIPS_MAX_LINE_BYTES + 2 */
};

lips_dataset *lips_dataset_open(const char *path, lips_error *err) {
    lips_dataset *d = calloc(1, sizeof *d);
    if (!d) {
        lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
        return NULL;
    }
    d->f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    d->path = strdup(path);
    d->buf = malloc(LIPS_MAX_LINE_BYTES + 2);
    struct stat st;
    int dir = d->f && fstat(fileno(d->f), &st) == 0 && S_ISDIR(st.st_mode);
    if (!d->f || dir || !d->path || !d->buf) {
        if (!d->f) lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot open the file");
        else if (dir) lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "is a directory, not a dataset");
        else lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
        lips_dataset_free(d);
        return NULL;
    }
    return d;
}

int lips_dataset_next(lips_dataset *d, lips_problem *out, lips_error *err) {
    for (;;) {
        if (!fgets(d->buf, LIPS_MAX_LINE_BYTES + 2, d->f)) return 0;
        d->line++;
        size_t len = strlen(d->buf);
        if (len > LIPS_MAX_LINE_BYTES) {
            lips_error_set(err, LIPS_ERR_INPUT, d->path, d->line, 0,
                           "line longer than the %u-byte limit", LIPS_MAX_LINE_BYTES);
            return -1;
        }
        size_t i = 0;
        while (isspace((unsigned char)d->buf[i])) i++;
        if (!d->buf[i]) continue;
        if (lips_problem_parse_json(d->buf, d->path, d->line, out, err) != LIPS_OK) return -1;
        return 1;
    }
}

void lips_dataset_free(lips_dataset *d) {
    if (!d) return;
    if (d->f && d->f != stdin) fclose(d->f);
    free(d->path);
    free(d->buf);
    free(d);
}

lips_status lips_dataset_load(const char *path, lips_problem **out, size_t *n, lips_error *err) {
    *out = NULL;
    *n = 0;
    lips_dataset *d = lips_dataset_open(path, err);
    if (!d) return err ? err->code : LIPS_ERR_INPUT;
    size_t cap = 0;
    lips_problem *arr = NULL;
    int r;
    for (;;) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            lips_problem *na = realloc(arr, cap * sizeof *arr);
            if (!na) {
                free(arr);
                lips_dataset_free(d);
                return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
            }
            arr = na;
        }
        r = lips_dataset_next(d, &arr[*n], err);
        if (r <= 0) break;
        (*n)++;
    }
    lips_dataset_free(d);
    if (r < 0) {
        free(arr);
        *n = 0;
        return err ? err->code : LIPS_ERR_INPUT;
    }
    *out = arr;
    return LIPS_OK;
}
