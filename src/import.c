/* Neo's JSON problems and the DeepCoder utilities' data directory, in and
 * out (import.h; docs/formats.md has the formats and their sources). */
#include "lips/import.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json.h"

/* The problem's name: the file name without its directory and ".json". */
static void name_from_file(lips_problem *p, const char *file) {
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t n = strlen(base);
    if (n > 5 && !strcmp(base + n - 5, ".json")) n -= 5;
    if (n >= sizeof p->name) n = sizeof p->name - 1;
    memcpy(p->name, base, n);
    p->name[n] = 0;
}

/* ---- Neo's solution trees ---- */

/* "(root [id=1](ACCESS [id=2](SORT [id=3]input0) [id=4]input1))": a call is
 * "(NAME child...)", a child is "[id=N]" and then a call or a leaf: inputK,
 * an integer constant, a lambda name (INC, isPOS, +, MIN, ...) or a
 * predicate "l(a,b).(OP a b)". */
enum { N_CALL, N_INPUT, N_CONST, N_NAME, N_PRED };
#define TREE_MAX_NODES 256
#define TREE_MAX_KIDS 4

typedef struct {
    int kind, value; /* N_INPUT: the input; N_CONST: the constant */
    char name[32];   /* N_CALL, N_NAME: the name; N_PRED: the operator */
    int n_kids, kids[TREE_MAX_KIDS];
    int at;          /* offset in the program string */
} tnode;

typedef struct {
    const char *s;
    size_t pos;
    tnode nodes[TREE_MAX_NODES];
    int n;
    int bad_at;       /* offset of the error */
    char bad[200];    /* malformed: the message */
} tree;

static int tree_fail(tree *t, size_t at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int tree_fail(tree *t, size_t at, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->bad, sizeof t->bad, fmt, ap);
    va_end(ap);
    t->bad_at = (int)at;
    return -1;
}

static void tree_blanks(tree *t) {
    while (t->s[t->pos] == ' ') t->pos++;
}

static size_t token_len(const char *s) {
    size_t n = 0;
    while (s[n] && s[n] != ' ' && s[n] != '(' && s[n] != ')' && s[n] != '[' && s[n] != ']') n++;
    return n;
}

static int tree_node(tree *t, int depth);

/* "(NAME child...)" at t->pos; returns the node or -1 */
static int tree_call(tree *t, int depth) {
    size_t at = t->pos++;
    size_t n = token_len(t->s + t->pos);
    if (n == 0) return tree_fail(t, t->pos, "expected a function name after '('");
    if (t->n == TREE_MAX_NODES) return tree_fail(t, at, "a tree of more than %d nodes", TREE_MAX_NODES);
    int id = t->n++;
    tnode *x = &t->nodes[id];
    x->kind = N_CALL;
    x->at = (int)at + 1;
    snprintf(x->name, sizeof x->name, "%.*s", (int)(n < 31 ? n : 31), t->s + t->pos);
    t->pos += n;
    for (;;) {
        tree_blanks(t);
        if (t->s[t->pos] == ')') {
            t->pos++;
            return id;
        }
        if (!t->s[t->pos]) return tree_fail(t, at, "unclosed '('");
        if (t->nodes[id].n_kids == TREE_MAX_KIDS)
            return tree_fail(t, t->pos, "%s has more than %d arguments", t->nodes[id].name, TREE_MAX_KIDS);
        int k = tree_node(t, depth + 1);
        if (k < 0) return -1;
        t->nodes[id].kids[t->nodes[id].n_kids++] = k;
    }
}

static int tree_node(tree *t, int depth) {
    if (depth > 64) return tree_fail(t, t->pos, "a tree nested deeper than 64 levels");
    tree_blanks(t);
    const char *s = t->s + t->pos;
    if (!strncmp(s, "[id=", 4)) {
        const char *close = strchr(s, ']');
        size_t digits = strspn(s + 4, "0123456789");
        if (!close || digits == 0 || s + 4 + digits != close) return tree_fail(t, t->pos, "malformed node id");
        t->pos += (size_t)(close - s) + 1;
        s = t->s + t->pos;
    }
    if (*s == '(') return tree_call(t, depth);
    size_t at = t->pos;
    if (t->n == TREE_MAX_NODES) return tree_fail(t, at, "a tree of more than %d nodes", TREE_MAX_NODES);
    tnode *x = &t->nodes[t->n];
    memset(x, 0, sizeof *x);
    x->at = (int)at;
    if (!strncmp(s, "l(a,b).(", 8)) { /* a predicate with its constant: "l(a,b).(%= a b)" */
        size_t n = token_len(s + 8);
        if (n == 0 || n > 8 || strncmp(s + 8 + n, " a b)", 5))
            return tree_fail(t, at, "expected a predicate 'l(a,b).(OP a b)'");
        x->kind = N_PRED;
        snprintf(x->name, sizeof x->name, "%.*s", (int)n, s + 8);
        t->pos += 8 + n + 5;
        return t->n++;
    }
    size_t n = token_len(s);
    if (n == 0) return tree_fail(t, at, *s ? "unexpected '%c'" : "unexpected end of the program", *s);
    char tok[32];
    snprintf(tok, sizeof tok, "%.*s", (int)(n < 31 ? n : 31), s);
    t->pos += n;
    const char *digits = tok + (tok[0] == '-');
    if (!strncmp(tok, "input", 5) && tok[5] >= '0' && tok[5] <= '9' && strspn(tok + 5, "0123456789") == n - 5) {
        x->kind = N_INPUT;
        x->value = n - 5 > 3 ? INT_MAX : atoi(tok + 5);
    } else if (*digits >= '0' && *digits <= '9' && strspn(digits, "0123456789") == strlen(digits)) {
        x->kind = N_CONST;
        x->value = strlen(digits) > 6 ? INT_MAX : atoi(tok);
    } else {
        x->kind = N_NAME;
        snprintf(x->name, sizeof x->name, "%s", tok);
    }
    return t->n++;
}

/* ---- Neo's names and the 38 instances ---- */

enum {
    S_PLAIN,   /* the function's value arguments, in Neo's order; the lambda fixed or none */
    S_SWAP,    /* TAKE, DROP, ACCESS: Neo writes (list, n), lips n list */
    S_CONST,   /* MAP-MUL c: the lambda from (function, constant) */
    S_PRED,    /* FILTER, COUNT: "l(a,b).(OP a b) c", or a predicate name */
    S_NAMED    /* MAP, ZIPWITH, SCANL1: a lambda name among the arguments */
};

static const struct {
    const char *name;
    int8_t fn, lambda, shape;
} neo_fns[] = {
    {"HEAD", LIPS_FN_HEAD, LIPS_NONE, S_PLAIN},
    {"LAST", LIPS_FN_LAST, LIPS_NONE, S_PLAIN},
    {"MINIMUM", LIPS_FN_MINIMUM, LIPS_NONE, S_PLAIN},
    {"MAXIMUM", LIPS_FN_MAXIMUM, LIPS_NONE, S_PLAIN},
    {"SUM", LIPS_FN_SUM, LIPS_NONE, S_PLAIN},
    {"REVERSE", LIPS_FN_REVERSE, LIPS_NONE, S_PLAIN},
    {"SORT", LIPS_FN_SORT, LIPS_NONE, S_PLAIN},
    {"TAKE", LIPS_FN_TAKE, LIPS_NONE, S_SWAP},
    {"DROP", LIPS_FN_DROP, LIPS_NONE, S_SWAP},
    {"ACCESS", LIPS_FN_ACCESS, LIPS_NONE, S_SWAP},
    {"MAP-MUL", LIPS_FN_MAP, LIPS_HOLE, S_CONST},
    {"MAP-DIV", LIPS_FN_MAP, LIPS_HOLE, S_CONST},
    {"MAP-PLUS", LIPS_FN_MAP, LIPS_HOLE, S_CONST},
    {"MAP-POW", LIPS_FN_MAP, LIPS_HOLE, S_CONST},
    {"FILTER", LIPS_FN_FILTER, LIPS_HOLE, S_PRED},
    {"COUNT", LIPS_FN_COUNT, LIPS_HOLE, S_PRED},
    {"ZIPWITH-PLUS", LIPS_FN_ZIPWITH, LIPS_L_PLUS, S_PLAIN},
    {"ZIPWITH-MINUS", LIPS_FN_ZIPWITH, LIPS_L_MINUS, S_PLAIN},
    {"ZIPWITH-MUL", LIPS_FN_ZIPWITH, LIPS_L_TIMES, S_PLAIN},
    {"ZIPWITH-MIN", LIPS_FN_ZIPWITH, LIPS_L_MIN, S_PLAIN},
    {"ZIPWITH-MAX", LIPS_FN_ZIPWITH, LIPS_L_MAX, S_PLAIN},
    {"SCANL1-PLUS", LIPS_FN_SCANL1, LIPS_L_PLUS, S_PLAIN},
    {"SCANL1-MINUS", LIPS_FN_SCANL1, LIPS_L_MINUS, S_PLAIN},
    {"SCANL1-MUL", LIPS_FN_SCANL1, LIPS_L_TIMES, S_PLAIN},
    {"SCANL1-MIN", LIPS_FN_SCANL1, LIPS_L_MIN, S_PLAIN},
    {"SCANL1-MAX", LIPS_FN_SCANL1, LIPS_L_MAX, S_PLAIN},
    {"MAP", LIPS_FN_MAP, LIPS_HOLE, S_NAMED},
    {"ZIPWITH", LIPS_FN_ZIPWITH, LIPS_HOLE, S_NAMED},
    {"SCANL1", LIPS_FN_SCANL1, LIPS_HOLE, S_NAMED},
};
#define N_NEO_FNS (int)(sizeof neo_fns / sizeof neo_fns[0])

/* The constants that make one of the 38: MAP-x c, and "l(a,b).(OP a b) c".
 * The first row of each lambda is what the writer uses. MAP-POW c is
 * x^(c+1) in Neo's interpreter (PrimitiveBinop "^"), so MAP-POW 1 is x*x. */
static const struct {
    const char *name;
    int c;
    int8_t lambda;
} neo_consts[] = {
    {"MAP-PLUS", 1, LIPS_L_ADD1},   {"MAP-PLUS", -1, LIPS_L_SUB1}, {"MAP-MUL", 2, LIPS_L_MUL2},
    {"MAP-DIV", 2, LIPS_L_DIV2},    {"MAP-MUL", -1, LIPS_L_NEG},   {"MAP-DIV", -1, LIPS_L_NEG},
    {"MAP-POW", 1, LIPS_L_SQR},     {"MAP-MUL", 3, LIPS_L_MUL3},   {"MAP-DIV", 3, LIPS_L_DIV3},
    {"MAP-MUL", 4, LIPS_L_MUL4},    {"MAP-DIV", 4, LIPS_L_DIV4},   {">", 0, LIPS_L_POS},
    {"<", 0, LIPS_L_NEGP},          {"%=", 2, LIPS_L_EVEN},        {"%=", -2, LIPS_L_EVEN},
    {"%!=", 2, LIPS_L_ODD},         {"%!=", -2, LIPS_L_ODD},
};
#define N_NEO_CONSTS (int)(sizeof neo_consts / sizeof neo_consts[0])

static int neo_const_lambda(const char *name, int c) {
    for (int i = 0; i < N_NEO_CONSTS; i++)
        if (neo_consts[i].c == c && !strcmp(neo_consts[i].name, name)) return neo_consts[i].lambda;
    return -1;
}

/* A lambda by the utilities' name (Neo's: INC, isPOS, +, MIN) or lips's. */
static int lambda_by_name(const char *s) {
    for (int l = 0; l < LIPS_N_LAMBDAS; l++)
        if (!strcmp(s, lips_lambdas[l].alias) || !strcmp(s, lips_lambdas[l].name)) return l;
    return -1;
}

typedef struct {
    tree *t;
    lips_program *p;
    char why[256]; /* not expressible */
} conv;

static int not_expressible(conv *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static int not_expressible(conv *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->why, sizeof c->why, fmt, ap);
    va_end(ap);
    return -1;
}

/* The variable holding node k's value, the statements of its arguments
 * emitted first, in lips's argument order; -1 with c->why or c->t->bad set. */
static int emit(conv *c, int k) {
    const tnode *x = &c->t->nodes[k];
    switch (x->kind) {
    case N_INPUT:
        if (x->value >= c->p->n_inputs)
            return tree_fail(c->t, (size_t)x->at, "input%d, but the examples have %d inputs", x->value,
                             c->p->n_inputs);
        return x->value;
    case N_CONST: return not_expressible(c, "a constant (%d) as a value", x->value);
    case N_NAME:
    case N_PRED: return tree_fail(c->t, (size_t)x->at, "a lambda where a value is expected");
    }
    int f = 0;
    while (f < N_NEO_FNS && strcmp(neo_fns[f].name, x->name)) f++;
    if (f == N_NEO_FNS) return not_expressible(c, "%s is not a DeepCoder function", x->name);
    int fn = neo_fns[f].fn, lambda = neo_fns[f].lambda, shape = neo_fns[f].shape;
    const lips_fn_info *info = &lips_fns[fn];
    int vals[TREE_MAX_KIDS], nv = 0, consts = 0, cval = 0, named = -1, pred = -1;
    for (int i = 0; i < x->n_kids; i++) {
        const tnode *kid = &c->t->nodes[x->kids[i]];
        if (kid->kind == N_CONST && shape != S_PLAIN && shape != S_SWAP) consts++, cval = kid->value;
        else if (kid->kind == N_NAME && named < 0) named = x->kids[i];
        else if (kid->kind == N_PRED && pred < 0) pred = x->kids[i];
        else vals[nv++] = x->kids[i];
    }
    int want_consts = shape == S_CONST || (shape == S_PRED && pred >= 0);
    int want_named = shape == S_NAMED || (shape == S_PRED && pred < 0);
    if (nv != info->arity || consts != want_consts || (named >= 0) != want_named ||
        (pred >= 0) != (shape == S_PRED && named < 0))
        return tree_fail(c->t, (size_t)x->at, "%s takes %s", x->name,
                         shape == S_CONST  ? "a list and a constant"
                         : shape == S_PRED ? "a list and a predicate"
                         : shape == S_NAMED ? (info->arity == 2 ? "a lambda and two lists" : "a lambda and a list")
                         : shape == S_SWAP  ? "a list and an int"
                         : info->arity == 2 ? "two lists"
                                            : "a list");
    if (shape == S_CONST) {
        lambda = neo_const_lambda(x->name, cval);
        if (lambda < 0) return not_expressible(c, "%s %d is not one of the 38 instances", x->name, cval);
    } else if (pred >= 0) {
        lambda = neo_const_lambda(c->t->nodes[pred].name, cval);
        if (lambda < 0)
            return not_expressible(c, "%s l(a,b).(%s a b) %d is not one of the 38 instances", x->name,
                                   c->t->nodes[pred].name, cval);
    } else if (named >= 0) {
        lambda = lambda_by_name(c->t->nodes[named].name);
        if (lambda < 0 || lips_lambdas[lambda].kind != info->lambda_kind)
            return tree_fail(c->t, (size_t)c->t->nodes[named].at, "%s does not take the lambda '%s'", x->name,
                             c->t->nodes[named].name);
    }
    if (shape == S_SWAP) {
        int tmp = vals[0];
        vals[0] = vals[1];
        vals[1] = tmp;
    }
    int args[2] = {LIPS_NONE, LIPS_NONE};
    for (int i = 0; i < nv; i++) {
        args[i] = emit(c, vals[i]);
        if (args[i] < 0) return -1;
        if (lips_program_var_type(c->p, args[i]) != info->arg_types[i])
            return tree_fail(c->t, (size_t)c->t->nodes[vals[i]].at, "this argument of %s must be %s", x->name,
                             lips_type_name((lips_type)info->arg_types[i]));
    }
    if (c->p->n_stmts == LIPS_MAX_STMTS)
        return not_expressible(c, "more than %d statements", LIPS_MAX_STMTS);
    c->p->stmts[c->p->n_stmts++] = (lips_stmt){(int8_t)fn, (int8_t)lambda, (int8_t)nv,
                                               {(int8_t)args[0], (int8_t)args[1]}};
    return c->p->n_inputs + c->p->n_stmts - 1;
}

/* ---- Neo's JSON files ---- */

typedef struct {
    const char *text, *file;
} neo_src;

/* An error at at, a place in the file's text (NULL: no position). */
#define neo_error(err, src, at, ...) lips_json_error_at(err, (src)->file, (src)->text, 1, at, __VA_ARGS__)

/* Example e's value: input slot (or the output, slot -1), element k (-1: the value). */
static const char *neo_find(const neo_src *src, int e, int slot, int k) {
    const char *p = lips_json_element(lips_json_member(src->text, "examples"), e);
    p = slot < 0 ? lips_json_member(p, "output") : lips_json_element(lips_json_member(p, "input"), slot);
    return k < 0 ? p : lips_json_element(p, k);
}

/* A value; *skip set when it is well formed but outside what lips holds. */
static lips_status neo_value(const cJSON *j, const neo_src *src, int e, int slot, lips_value *out, int *skip,
                             lips_error *err) {
    char what[64];
    if (slot < 0) snprintf(what, sizeof what, "example %d, the output", e + 1);
    else snprintf(what, sizeof what, "example %d, input%d", e + 1, slot);
    int xs[LIPS_MAX_LEN], n = cJSON_IsArray(j) ? cJSON_GetArraySize(j) : 0;
    const cJSON *one = j;
    for (int k = cJSON_IsArray(j) ? 0 : -1; k < n; k++) {
        if (k >= 0) one = cJSON_GetArrayItem(j, k);
        const char *at = neo_find(src, e, slot, k);
        if (!cJSON_IsNumber(one))
            return neo_error(err, src, at, "%s: expected an integer or a list of integers", what);
        double d = one->valuedouble;
        if (d != floor(d)) return neo_error(err, src, at, "%s: %g is not an integer", what, d);
        if (!(d >= LIPS_INT_MIN && d <= LIPS_INT_MAX)) {
            *skip = 1;
            return neo_error(err, src, at, "%s: %g is outside [%d, %d]", what, d, LIPS_INT_MIN, LIPS_INT_MAX);
        }
        if (k >= LIPS_MAX_LEN) {
            *skip = 1;
            return neo_error(err, src, neo_find(src, e, slot, -1), "%s: a list of %d elements is longer than %d",
                             what, n, LIPS_MAX_LEN);
        }
        if (k >= 0) xs[k] = (int)d;
        else *out = lips_value_int((int)d);
    }
    if (cJSON_IsArray(j)) *out = lips_value_list(xs, n);
    return LIPS_OK;
}

static lips_status neo_examples(const cJSON *root, const neo_src *src, lips_problem *out, int *skip,
                                lips_error *err) {
    const cJSON *exs = cJSON_GetObjectItemCaseSensitive(root, "examples");
    if (!cJSON_IsArray(exs) || cJSON_GetArraySize(exs) == 0)
        return neo_error(err, src, lips_json_member(src->text, "examples"),
                         "\"examples\" must be a list of at least one example");
    int n = cJSON_GetArraySize(exs), e = 0;
    const cJSON *ex;
    cJSON_ArrayForEach(ex, exs) {
        const char *ex_at = lips_json_element(lips_json_member(src->text, "examples"), e);
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(ex, "input");
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(ex, "output");
        if (!cJSON_IsObject(ex) || !cJSON_IsArray(in) || !o)
            return neo_error(err, src, ex_at, "example %d needs \"input\" (a list) and \"output\"", e + 1);
        int ni = cJSON_GetArraySize(in);
        if (e == 0 && (ni == 0 || ni > LIPS_MAX_INPUTS)) {
            *skip = ni > 0;
            return neo_error(err, src, lips_json_member(ex_at, "input"), "%d inputs; lips takes 1 to %d", ni,
                             LIPS_MAX_INPUTS);
        }
        if (e > 0 && ni != out->sketch.n_inputs)
            return neo_error(err, src, lips_json_member(ex_at, "input"), "example %d has %d inputs, example 1 has %d",
                             e + 1, ni, out->sketch.n_inputs);
        if (e == LIPS_MAX_EXAMPLES) {
            *skip = 1;
            return neo_error(err, src, ex_at, "%d examples; lips takes at most %d", n, LIPS_MAX_EXAMPLES);
        }
        lips_example *x = &out->examples[e];
        for (int i = 0; i <= ni; i++) {
            int slot = i < ni ? i : -1;
            lips_value *v = slot < 0 ? &x->out : &x->in[i];
            lips_status s = neo_value(slot < 0 ? o : cJSON_GetArrayItem(in, i), src, e, slot, v, skip, err);
            if (s) return s;
            int want = e == 0 ? v->type : slot < 0 ? out->out_type : out->sketch.input_types[i];
            if (v->type != want)
                return neo_error(err, src, neo_find(src, e, slot, -1), "example %d: %s must be %s as in example 1",
                                 e + 1, slot < 0 ? "the output" : "an input", lips_type_name((lips_type)want));
            if (e == 0 && slot < 0) out->out_type = v->type;
            if (e == 0 && slot >= 0) out->sketch.input_types[i] = v->type;
        }
        if (e == 0) out->sketch.n_inputs = (uint8_t)ni;
        e++;
    }
    out->n_examples = e;
    return LIPS_OK;
}

lips_status lips_neo_parse(const char *text, const char *file, lips_problem *out, lips_import_note *note,
                           lips_error *err) {
    memset(note, 0, sizeof *note);
    memset(out, 0, sizeof *out);
    name_from_file(out, file);
    out->semantics = LIPS_SEM_DEEPCODER;
    const neo_src src = {text, file};
    cJSON *root;
    lips_status s = lips_json_parse(text, file, 1, &root, err);
    if (s) return s;
    if (!cJSON_IsObject(root)) {
        s = lips_error_set(err, LIPS_ERR_INPUT, file, 1, 0, "a Neo problem must be a JSON object, not %s",
                           lips_json_kind(root));
        cJSON_Delete(root);
        return s;
    }
    s = neo_examples(root, &src, out, &note->skipped, err);
    const cJSON *prog = cJSON_GetObjectItemCaseSensitive(root, "program");
    const char *prog_at = lips_json_member(text, "program");
    if (!s && prog && !cJSON_IsString(prog)) s = neo_error(err, &src, prog_at, "\"program\" must be a string");
    if (!s && prog) {
        tree t;
        memset(&t, 0, sizeof t);
        t.s = prog->valuestring;
        conv c = {&t, &out->program, ""};
        out->program.n_inputs = out->sketch.n_inputs;
        memcpy(out->program.input_types, out->sketch.input_types, sizeof out->program.input_types);
        int root_node = tree_node(&t, 0);
        tree_blanks(&t);
        if (root_node >= 0 && t.s[t.pos]) root_node = tree_fail(&t, t.pos, "unexpected text after the tree");
        if (root_node >= 0 && (t.nodes[root_node].kind != N_CALL || strcmp(t.nodes[root_node].name, "root") ||
                               t.nodes[root_node].n_kids != 1))
            root_node = tree_fail(&t, 0, "expected '(root CHILD)'");
        int v = root_node >= 0 ? emit(&c, t.nodes[root_node].kids[0]) : -1;
        if (v >= 0 && out->program.n_stmts == 0) v = not_expressible(&c, "the solution is an input itself");
        if (v >= 0 && lips_program_result_type(&out->program) != out->out_type)
            v = tree_fail(&t, 0, "the solution returns %s, the examples' outputs are %s",
                          lips_type_name(lips_program_result_type(&out->program)),
                          lips_type_name((lips_type)out->out_type));
        if (v >= 0) {
            out->has_program = 1;
        } else if (c.why[0]) {
            snprintf(note->why, sizeof note->why, "%s", c.why);
            memset(&out->program, 0, sizeof out->program);
        } else {
            /* the column in the file: the string's opening quote, then the offset (Neo writes no escapes) */
            int line = 1, col = 0;
            if (prog_at) lips_json_pos(text, prog_at, 1, &line, &col);
            s = lips_error_set(err, LIPS_ERR_INPUT, file, line, col ? col + 1 + t.bad_at : 0, "%s (in \"program\")",
                               t.bad);
        }
    }
    cJSON_Delete(root);
    return s;
}

/* Neo's layout (Gson's pretty printing): two spaces a level, a list's
 * elements one a line, an empty list "[]". */
static void neo_write_value(const lips_value *v, const char *indent, FILE *f) {
    if (v->type == LIPS_T_INT) {
        fprintf(f, "%d", v->v[0]);
        return;
    }
    if (v->len == 0) {
        fputs("[]", f);
        return;
    }
    fputs("[\n", f);
    for (int i = 0; i < v->len; i++) fprintf(f, "%s  %d%s\n", indent, v->v[i], i + 1 < v->len ? "," : "");
    fprintf(f, "%s]", indent);
}

/* Statement s's value as a Neo tree, ids numbered in writing order. */
static void neo_write_tree(const lips_program *p, int var, int *id, FILE *f) {
    fprintf(f, "[id=%d]", (*id)++);
    if (var < p->n_inputs) {
        fprintf(f, "input%d", var);
        return;
    }
    const lips_stmt *st = &p->stmts[var - p->n_inputs];
    int f_row = 0, c_row = 0;
    while (c_row < N_NEO_CONSTS - 1 && neo_consts[c_row].lambda != st->lambda) c_row++;
    const char *name = NULL;
    if (st->fn == LIPS_FN_MAP) name = neo_consts[c_row].name;
    for (; !name && f_row < N_NEO_FNS; f_row++)
        if (neo_fns[f_row].fn == st->fn && (neo_fns[f_row].lambda == LIPS_NONE || neo_fns[f_row].lambda == LIPS_HOLE ||
                                            neo_fns[f_row].lambda == st->lambda))
            name = neo_fns[f_row].name;
    fprintf(f, "(%s", name);
    int swap = st->fn == LIPS_FN_TAKE || st->fn == LIPS_FN_DROP || st->fn == LIPS_FN_ACCESS;
    for (int i = 0; i < st->nargs; i++) {
        fputc(' ', f);
        neo_write_tree(p, st->args[swap ? 1 - i : i], id, f);
    }
    if (st->fn == LIPS_FN_MAP) fprintf(f, " [id=%d]%d", (*id)++, neo_consts[c_row].c);
    if (st->fn == LIPS_FN_FILTER || st->fn == LIPS_FN_COUNT) {
        fprintf(f, " [id=%d]l(a,b).(%s a b)", (*id)++, neo_consts[c_row].name);
        fprintf(f, " [id=%d]%d", (*id)++, neo_consts[c_row].c);
    }
    fputc(')', f);
}

lips_status lips_neo_write(const lips_problem *p, FILE *f) {
    fputs("{\n  \"name\": \"", f);
    for (const char *c = p->name; *c; c++) /* JSON's escapes for what a name may hold */
        if (*c == '"' || *c == '\\') fprintf(f, "\\%c", *c);
        else if ((unsigned char)*c < 0x20) fprintf(f, "\\u%04x", *c);
        else fputc(*c, f);
    fputs(".json\",\n", f);
    if (p->has_program) {
        int id = 1;
        fputs("  \"program\": \"(root ", f);
        neo_write_tree(&p->program, p->program.n_inputs + p->program.n_stmts - 1, &id, f);
        fputs(")\",\n", f);
    }
    fputs("  \"examples\": [\n", f);
    for (int e = 0; e < p->n_examples; e++) {
        fputs("    {\n      \"input\": [\n", f);
        for (int i = 0; i < p->sketch.n_inputs; i++) {
            fputs("        ", f);
            neo_write_value(&p->examples[e].in[i], "        ", f);
            fputs(i + 1 < p->sketch.n_inputs ? ",\n" : "\n", f);
        }
        fputs("      ],\n      \"output\": ", f);
        neo_write_value(&p->examples[e].out, "      ", f);
        fprintf(f, "\n    }%s\n", e + 1 < p->n_examples ? "," : "");
    }
    fputs("  ]\n}\n", f);
    return ferror(f) ? LIPS_ERR_INTERNAL : LIPS_OK;
}

/* ---- The DeepCoder utilities' data directory ---- */

/* A whole file, its lines cut in place: line[i] is line i + 1, without its
 * newline (and without a '\r' before it). A last line without a newline
 * counts; the empty text after a final newline does not. */
typedef struct {
    char path[4096];
    char *text;
    char **line;
    int n;
} dcu_file;

static void dcu_file_free(dcu_file *f) {
    free(f->text);
    free(f->line);
}

static lips_status dcu_file_read(const char *path, dcu_file *f, lips_error *err) {
    memset(f, 0, sizeof *f);
    snprintf(f->path, sizeof f->path, "%s", path);
    struct stat st;
    if (stat(f->path, &st) != 0) return lips_error_set(err, LIPS_ERR_INPUT, f->path, 0, 0, "cannot open the file");
    if (S_ISDIR(st.st_mode)) return lips_error_set(err, LIPS_ERR_INPUT, f->path, 0, 0, "is a directory");
    if ((unsigned long long)st.st_size > LIPS_MAX_FILE_BYTES)
        return lips_error_set(err, LIPS_ERR_INPUT, f->path, 0, 0, "file of %llu bytes is larger than the %u-byte limit",
                              (unsigned long long)st.st_size, LIPS_MAX_FILE_BYTES);
    FILE *in = fopen(f->path, "rb");
    if (!in) return lips_error_set(err, LIPS_ERR_INPUT, f->path, 0, 0, "cannot open the file");
    size_t size = (size_t)st.st_size;
    f->text = malloc(size + 1);
    size_t got = f->text ? fread(f->text, 1, size, in) : 0;
    fclose(in);
    if (!f->text) return lips_error_set(err, LIPS_ERR_INTERNAL, f->path, 0, 0, "out of memory");
    f->text[got] = 0;
    if (memchr(f->text, 0, got)) return lips_error_set(err, LIPS_ERR_INPUT, f->path, 0, 0, "binary data (a NUL byte) in a text file");
    int lines = 0;
    for (size_t i = 0; i < got; i++) lines += f->text[i] == '\n';
    f->line = malloc(sizeof *f->line * (size_t)(lines + 1));
    if (!f->line) return lips_error_set(err, LIPS_ERR_INTERNAL, f->path, 0, 0, "out of memory");
    for (char *s = f->text; *s;) {
        char *nl = strchr(s, '\n');
        f->line[f->n++] = s;
        if (!nl) break;
        if (nl > s && nl[-1] == '\r') nl[-1] = 0;
        *nl = 0;
        s = nl + 1;
    }
    return LIPS_OK;
}

static const char *dcu_blanks(const char *s) {
    while (*s == ' ' || *s == '\t' || *s == '\r') s++;
    return s;
}

static size_t dcu_token(const char *s) {
    size_t n = 0;
    while (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != '\r') n++;
    return n;
}

/* "Int Array": types of one problem; want 1 (the output: exactly one type)
 * or 0 (the inputs: 1 to LIPS_MAX_INPUTS). */
static lips_status dcu_types(const dcu_file *f, int ln, int one, uint8_t *types, int *n, lips_error *err) {
    const char *line = f->line[ln];
    *n = 0;
    for (const char *s = dcu_blanks(line); *s; s = dcu_blanks(s)) {
        size_t len = dcu_token(s);
        int col = (int)(s - line) + 1;
        int t = len == 3 && !strncmp(s, "Int", 3) ? LIPS_T_INT : len == 5 && !strncmp(s, "Array", 5) ? LIPS_T_LIST : -1;
        if (t < 0)
            return lips_error_set(err, LIPS_ERR_INPUT, f->path, ln + 1, col, "unknown type '%.*s' (Int or Array)",
                                  (int)(len < 32 ? len : 32), s);
        if (*n == (one ? 1 : LIPS_MAX_INPUTS))
            return lips_error_set(err, LIPS_ERR_INPUT, f->path, ln + 1, col,
                                  one ? "one output type a line" : "more than %d inputs; lips takes 1 to %d",
                                  LIPS_MAX_INPUTS, LIPS_MAX_INPUTS);
        types[(*n)++] = (uint8_t)t;
        s += len;
    }
    if (*n == 0) return lips_error_set(err, LIPS_ERR_INPUT, f->path, ln + 1, 1, "no type on the line");
    return LIPS_OK;
}

/* "8 | 7 9 3": n values of the given types, arguments separated by '|'. */
/* *cannot_hold set with an error for a well-formed value lips cannot hold. */
static lips_status dcu_values(const dcu_file *f, int ln, const uint8_t *types, int n, lips_value *out,
                              int *cannot_hold, lips_error *err) {
    const char *line = f->line[ln];
    int slot = 0, count = 0, xs[LIPS_MAX_LEN];
    const char *slot_at = dcu_blanks(line);
    for (const char *s = slot_at;; s = dcu_blanks(s)) {
        int col = (int)(s - line) + 1;
        if (!*s || *s == '|') { /* the end of a value */
            if (slot == n)
                return lips_error_set(err, LIPS_ERR_INPUT, f->path, ln + 1, col, "more than the %d value%s of the types", n,
                                      n == 1 ? "" : "s");
            if (types[slot] == LIPS_T_INT && count != 1)
                return lips_error_set(err, LIPS_ERR_INPUT, f->path, ln + 1, (int)(slot_at - line) + 1,
                                      "value %d is an Int: one integer, not %d", slot + 1, count);
            out[slot] = types[slot] == LIPS_T_INT ? lips_value_int(xs[0]) : lips_value_list(xs, count);
            slot++;
            count = 0;
            if (!*s) break;
            slot_at = dcu_blanks(++s);
            continue;
        }
        size_t len = dcu_token(s);
        const char *digits = s + (*s == '-');
        size_t nd = strspn(digits, "0123456789");
        if (nd == 0 || digits + nd != s + len || (nd > 1 && *digits == '0'))
            return lips_error_set(err, LIPS_ERR_INPUT, f->path, ln + 1, col, "expected an integer or '|', not '%.*s'",
                                  (int)(len < 32 ? len : 32), s);
        long v = nd > 6 ? LONG_MAX : strtol(s, NULL, 10);
        *cannot_hold = 1;
        if (v < LIPS_INT_MIN || v > LIPS_INT_MAX)
            return lips_error_set(err, LIPS_ERR_INPUT, f->path, ln + 1, col, "integer %.*s is outside [%d, %d]",
                                  (int)(len < 32 ? len : 32), s, LIPS_INT_MIN, LIPS_INT_MAX);
        if (count == LIPS_MAX_LEN)
            return lips_error_set(err, LIPS_ERR_INPUT, f->path, ln + 1, (int)(slot_at - line) + 1,
                                  "list longer than %d elements", LIPS_MAX_LEN);
        *cannot_hold = 0;
        xs[count++] = (int)v;
        s += len;
    }
    if (slot < n)
        return lips_error_set(err, LIPS_ERR_INPUT, f->path, ln + 1, 0, "%d value%s, the types give %d", slot,
                              slot == 1 ? "" : "s", n);
    return LIPS_OK;
}

static const char *const dcu_names[] = {"input_types.txt", "input_values.txt", "output_types.txt",
                                        "output_values.txt"};

lips_status lips_dcu_read(const char *dir, lips_problem **out, size_t *n, lips_import_skip_fn skip, void *ctx,
                          lips_error *err) {
    *out = NULL;
    *n = 0;
    dcu_file f[4];
    lips_status s = LIPS_OK;
    int opened = 0;
    for (; opened < 4 && !s; opened++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, dcu_names[opened]);
        s = dcu_file_read(path, &f[opened], err);
    }
    int P = s ? 0 : f[0].n, N = 0;
    if (!s && P == 0) s = lips_error_set(err, LIPS_ERR_INPUT, f[0].path, 1, 1, "empty file");
    if (!s && f[2].n != P)
        s = lips_error_set(err, LIPS_ERR_INPUT, f[2].path, 0, 0, "%d lines, %s has %d problems", f[2].n,
                           dcu_names[0], P);
    if (!s) {
        N = f[1].n / P;
        if (f[1].n % P || N == 0)
            s = lips_error_set(err, LIPS_ERR_INPUT, f[1].path, 0, 0, "%d lines is not a multiple of the %d problems of %s",
                               f[1].n, P, dcu_names[0]);
        else if (f[3].n != f[1].n)
            s = lips_error_set(err, LIPS_ERR_INPUT, f[3].path, 0, 0, "%d lines, %s has %d", f[3].n, dcu_names[1], f[1].n);
        else if (N > LIPS_MAX_EXAMPLES)
            s = lips_error_set(err, LIPS_ERR_INPUT, f[1].path, 0, 0, "%d examples a problem; lips takes at most %d", N,
                               LIPS_MAX_EXAMPLES);
    }
    lips_problem *ps = s ? NULL : calloc((size_t)P, sizeof *ps);
    if (!s && !ps) s = lips_error_set(err, LIPS_ERR_INTERNAL, dir, 0, 0, "out of memory");
    size_t kept = 0;
    for (int i = 0; !s && i < P; i++) {
        lips_problem *p = &ps[kept];
        memset(p, 0, sizeof *p);
        snprintf(p->name, sizeof p->name, "%d", i);
        p->semantics = LIPS_SEM_DEEPCODER;
        int ni = 0, no;
        uint8_t ot = 0;
        s = dcu_types(&f[0], i, 0, p->sketch.input_types, &ni, err);
        if (!s) s = dcu_types(&f[2], i, 1, &ot, &no, err);
        p->sketch.n_inputs = (uint8_t)ni;
        p->out_type = ot;
        int cannot_hold = 0;
        for (int e = 0; !s && e < N; e++) {
            s = dcu_values(&f[1], i * N + e, p->sketch.input_types, ni, p->examples[e].in, &cannot_hold, err);
            if (!s) s = dcu_values(&f[3], i * N + e, &ot, 1, &p->examples[e].out, &cannot_hold, err);
        }
        p->n_examples = N;
        if (s == LIPS_ERR_INPUT && cannot_hold && skip) {
            skip(ctx, err);
            s = LIPS_OK;
        } else if (!s) {
            kept++;
        }
    }
    for (int i = 0; i < opened; i++) dcu_file_free(&f[i]);
    if (s) {
        free(ps);
        return s;
    }
    *out = ps;
    *n = kept;
    return LIPS_OK;
}

static void dcu_write_value(const lips_value *v, FILE *f) {
    if (v->type == LIPS_T_INT) {
        fprintf(f, "%d", v->v[0]);
        return;
    }
    for (int i = 0; i < v->len; i++) fprintf(f, i ? " %d" : "%d", v->v[i]);
}

lips_status lips_dcu_write(const lips_problem *ps, size_t n, const char *dir, lips_error *err) {
    for (size_t i = 1; i < n; i++)
        if (ps[i].n_examples != ps[0].n_examples)
            return lips_error_set(err, LIPS_ERR_INPUT, NULL, 0, 0,
                                  "problem %zu has %d examples, problem 1 has %d: the DeepCoder utilities' format "
                                  "needs the same number for every problem",
                                  i + 1, ps[i].n_examples, ps[0].n_examples);
    FILE *f[4] = {NULL, NULL, NULL, NULL};
    char path[4][4096];
    lips_status s = LIPS_OK;
    for (int k = 0; k < 4 && !s; k++) {
        snprintf(path[k], sizeof path[k], "%s/%s", dir, dcu_names[k]);
        f[k] = fopen(path[k], "w");
        if (!f[k]) s = lips_error_set(err, LIPS_ERR_INPUT, path[k], 0, 0, "cannot create the file");
    }
    static const char *const type_name[] = {"Int", "Array"};
    for (size_t i = 0; i < n && !s; i++) {
        const lips_problem *p = &ps[i];
        for (int k = 0; k < p->sketch.n_inputs; k++)
            fprintf(f[0], k ? " %s" : "%s", type_name[p->sketch.input_types[k]]);
        fprintf(f[0], "\n");
        fprintf(f[2], "%s\n", type_name[p->out_type]);
        for (int e = 0; e < p->n_examples; e++) {
            for (int k = 0; k < p->sketch.n_inputs; k++) {
                if (k) fputs(" | ", f[1]);
                dcu_write_value(&p->examples[e].in[k], f[1]);
            }
            fputc('\n', f[1]);
            dcu_write_value(&p->examples[e].out, f[3]);
            fputc('\n', f[3]);
        }
    }
    for (int k = 0; k < 4; k++)
        if (f[k] && fclose(f[k]) != 0 && !s) s = lips_error_set(err, LIPS_ERR_INTERNAL, path[k], 0, 0, "cannot write the file");
    return s;
}

/* ---- The utilities' orderings ---- */

const char *lips_dcu_attr_name(int attr) {
    if (attr == LIPS_FN_SCANL1) return "SCANL";
    if (attr < LIPS_N_FNS) return lips_fns[attr].name;
    int l = attr - LIPS_N_FNS;
    /* the utilities name the binary MIN and MAX as lips does, every other lambda by its alias */
    return l == LIPS_L_MIN || l == LIPS_L_MAX ? lips_lambdas[l].name : lips_lambdas[l].alias;
}

static int dcu_attr_find(const char *s, size_t len) {
    for (int i = 0; i < LIPS_N_ATTRS; i++)
        if (strlen(lips_dcu_attr_name(i)) == len && !strncmp(lips_dcu_attr_name(i), s, len)) return i;
    return -1;
}

lips_status lips_dcu_order_read(const char *path, float attr_p[LIPS_N_ATTRS], lips_error *err) {
    dcu_file f;
    lips_status s = dcu_file_read(path, &f, err);
    int seen[LIPS_N_ATTRS] = {0};
    for (int ln = 0; !s && ln < f.n; ln++) {
        const char *line = f.line[ln], *p = dcu_blanks(line);
        if (!*p) continue;
        size_t plen = dcu_token(p);
        const char *name = dcu_blanks(p + plen);
        size_t nlen = dcu_token(name);
        char num[64];
        snprintf(num, sizeof num, "%.*s", (int)(plen < 63 ? plen : 63), p);
        char *end;
        errno = 0;
        double v = strspn(num, "0123456789+-.eE") == strlen(num) ? strtod(num, &end) : -1;
        int a = dcu_attr_find(name, nlen);
        if (errno || !(v >= 0 && v <= 1) || *end)
            s = lips_error_set(err, LIPS_ERR_INPUT, f.path, ln + 1, (int)(p - line) + 1,
                               "expected a probability in [0, 1], not '%s'", num);
        else if (a < 0)
            s = lips_error_set(err, LIPS_ERR_INPUT, f.path, ln + 1, (int)(name - line) + 1,
                               nlen ? "unknown function or lambda '%.*s'" : "a name after the probability%.*s",
                               (int)(nlen < 32 ? nlen : 32), name);
        else if (*dcu_blanks(name + nlen))
            s = lips_error_set(err, LIPS_ERR_INPUT, f.path, ln + 1, (int)(dcu_blanks(name + nlen) - line) + 1,
                               "one probability and one name a line");
        else if (seen[a]++)
            s = lips_error_set(err, LIPS_ERR_INPUT, f.path, ln + 1, (int)(name - line) + 1, "'%s' given twice",
                               lips_dcu_attr_name(a));
        else
            attr_p[a] = (float)v;
    }
    for (int i = 0; !s && i < LIPS_N_ATTRS; i++)
        if (!seen[i]) s = lips_error_set(err, LIPS_ERR_INPUT, f.path, 0, 0, "no probability for '%s'", lips_dcu_attr_name(i));
    dcu_file_free(&f);
    return s;
}

lips_status lips_dcu_order_write(const float attr_p[LIPS_N_ATTRS], const char *path, lips_error *err) {
    /* the order of the utilities' own data/example/prior.txt */
    static const char *const order[LIPS_N_ATTRS] = {
        "ZIPWITH", "*",    "MAP",   "SQR",   "MUL4",    "DIV4",   "-",     "MUL3",    "DIV3",   "MIN",   "+",     "SCANL",
        "SHR",     "SHL",  "MAX",   "HEAD",  "DEC",     "SUM",    "doNEG", "isNEG",   "INC",    "LAST",  "MINIMUM", "isPOS",
        "SORT",    "FILTER", "isODD", "REVERSE", "ACCESS", "isEVEN", "COUNT", "TAKE", "MAXIMUM", "DROP"};
    FILE *f = fopen(path, "w");
    if (!f) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot create the file");
    for (int i = 0; i < LIPS_N_ATTRS; i++)
        fprintf(f, "%.6g %s\n", attr_p[dcu_attr_find(order[i], strlen(order[i]))], order[i]);
    fputc('\n', f);
    if (fclose(f) != 0) return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "cannot write the file");
    return LIPS_OK;
}
