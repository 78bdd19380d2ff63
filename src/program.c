/* Program and sketch text: the paper's notation, parsed and printed from the
 * tables in dsl.c. */
#include "lips/program.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const var_names[LIPS_MAX_VARS] = {"a", "b", "c", "d", "e", "f", "g",
                                                     "h", "i", "j", "k", "l", "m", "n",
                                                     "o", "p", "q", "r", "s"};

const char *lips_var_name(int v) { return v >= 0 && v < LIPS_MAX_VARS ? var_names[v] : "?"; }

/* The result type of a function hole: the common result type of every
 * instance that fits the known argument types, or unknown. */
static lips_type hole_result_type(const lips_program *p, const lips_stmt *s) {
    int seen = -1;
    for (int i = 0; i < LIPS_N_INSTANCES; i++) {
        const lips_instance *in = &lips_instances[i];
        if (in->arity != s->nargs) continue;
        int fits = 1;
        for (int k = 0; k < s->nargs; k++) {
            if (s->args[k] == LIPS_HOLE) continue;
            lips_type t = lips_program_var_type(p, s->args[k]);
            if (t != LIPS_T_UNKNOWN && t != in->arg_types[k]) fits = 0;
        }
        if (!fits) continue;
        if (seen >= 0 && seen != in->ret_type) return LIPS_T_UNKNOWN;
        seen = in->ret_type;
    }
    return seen < 0 ? LIPS_T_UNKNOWN : (lips_type)seen;
}

lips_type lips_program_var_type(const lips_program *p, int v) {
    if (v < 0) return LIPS_T_UNKNOWN;
    if (v < p->n_inputs) return (lips_type)p->input_types[v];
    const lips_stmt *s = &p->stmts[v - p->n_inputs];
    if (s->fn >= 0) return (lips_type)lips_fns[s->fn].ret_type;
    if (s->nargs == LIPS_HOLE) return LIPS_T_UNKNOWN;
    return hole_result_type(p, s);
}

lips_stmt lips_stmt_of_instance(int inst, int a, int b) {
    const lips_instance *in = &lips_instances[inst];
    return (lips_stmt){(int8_t)in->fn, in->lambda, (int8_t)in->arity,
                       {(int8_t)a, in->arity == 2 ? (int8_t)b : (int8_t)LIPS_NONE}};
}

lips_type lips_program_result_type(const lips_program *p) {
    return lips_program_var_type(p, p->n_inputs + p->n_stmts - 1);
}

int lips_program_n_holes(const lips_program *p) {
    int n = 0;
    for (int i = 0; i < p->n_stmts; i++) {
        const lips_stmt *s = &p->stmts[i];
        if (s->nargs == LIPS_HOLE) {
            n++;
            continue;
        }
        n += s->fn == LIPS_HOLE;
        n += s->fn >= 0 && s->lambda == LIPS_HOLE;
        for (int k = 0; k < s->nargs; k++) n += s->args[k] == LIPS_HOLE;
    }
    return n;
}

int lips_program_is_concrete(const lips_program *p) { return lips_program_n_holes(p) == 0; }

int lips_program_equal(const lips_program *a, const lips_program *b) {
    if (a->n_inputs != b->n_inputs || a->n_stmts != b->n_stmts) return 0;
    if (memcmp(a->input_types, b->input_types, a->n_inputs)) return 0;
    for (int i = 0; i < a->n_stmts; i++) {
        const lips_stmt *x = &a->stmts[i], *y = &b->stmts[i];
        if (x->fn != y->fn || x->lambda != y->lambda || x->nargs != y->nargs ||
            x->args[0] != y->args[0] || x->args[1] != y->args[1])
            return 0;
    }
    return 1;
}

int lips_program_fills(const lips_program *sketch, const lips_program *p) {
    if (sketch->n_inputs != p->n_inputs ||
        memcmp(sketch->input_types, p->input_types, p->n_inputs))
        return 0;
    if (sketch->n_stmts == 0) return 1;
    if (sketch->n_stmts != p->n_stmts) return 0;
    for (int i = 0; i < p->n_stmts; i++) {
        const lips_stmt *h = &sketch->stmts[i], *s = &p->stmts[i];
        if (h->nargs == LIPS_HOLE) continue;
        if (h->nargs != s->nargs) return 0;
        if (h->fn != LIPS_HOLE && (h->fn != s->fn || (h->lambda != LIPS_HOLE && h->lambda != s->lambda)))
            return 0;
        for (int k = 0; k < h->nargs; k++)
            if (h->args[k] != LIPS_HOLE && h->args[k] != s->args[k]) return 0;
    }
    return 1;
}

uint64_t lips_program_attrs(const lips_program *p) {
    uint64_t bits = 0;
    for (int i = 0; i < p->n_stmts; i++) {
        const lips_stmt *s = &p->stmts[i];
        if (s->fn >= 0) bits |= 1ull << s->fn;
        if (s->lambda >= 0) bits |= 1ull << LIPS_ATTR_LAMBDA(s->lambda);
    }
    return bits;
}

/* ---- printing ---- */

typedef struct {
    char *buf;
    size_t cap, len;
} outbuf;

static void put(outbuf *o, const char *s) {
    size_t n = strlen(s);
    if (o->len < o->cap) {
        size_t room = o->cap - o->len - 1;
        memcpy(o->buf + o->len, s, n < room ? n : room);
        o->buf[o->len + (n < room ? n : room)] = 0;
    }
    o->len += n;
}

static void put_rhs(outbuf *o, const lips_stmt *s) {
    if (s->nargs == LIPS_HOLE) {
        put(o, "??");
        return;
    }
    put(o, s->fn == LIPS_HOLE ? "??" : lips_fns[s->fn].name);
    if (s->fn >= 0 && lips_fns[s->fn].is_higher) {
        put(o, " ");
        put(o, s->lambda == LIPS_HOLE ? "??" : lips_lambdas[s->lambda].name);
    }
    for (int k = 0; k < s->nargs; k++) {
        put(o, " ");
        put(o, s->args[k] == LIPS_HOLE ? "??" : lips_var_name(s->args[k]));
    }
}

int lips_stmt_print(const lips_program *p, int stmt, char *buf, size_t n) {
    outbuf o = {buf, n, 0};
    if (n) buf[0] = 0;
    put_rhs(&o, &p->stmts[stmt]);
    return (int)o.len;
}

int lips_program_print(const lips_program *p, const char *sep, char *buf, size_t n) {
    outbuf o = {buf, n, 0};
    if (n) buf[0] = 0;
    for (int v = 0; v < p->n_inputs + p->n_stmts; v++) {
        if (v) put(&o, sep);
        put(&o, lips_var_name(v));
        put(&o, " <- ");
        if (v < p->n_inputs)
            put(&o, lips_type_name((lips_type)p->input_types[v]));
        else
            put_rhs(&o, &p->stmts[v - p->n_inputs]);
    }
    return (int)o.len;
}

/* ---- checking ---- */

/* Checks statement s's known parts against the types of earlier variables.
 * Returns the index (0/1) of the offending argument, 2 for the function
 * itself, or -1 when the statement is well typed; *why explains. */
static int stmt_type_error(const lips_program *p, int i, char *why, size_t n) {
    const lips_stmt *s = &p->stmts[i];
    if (s->nargs == LIPS_HOLE) return -1;
    for (int k = 0; k < s->nargs; k++) {
        int v = s->args[k];
        if (v == LIPS_HOLE) continue;
        if (v < 0 || v >= p->n_inputs + i) {
            snprintf(why, n, "argument %d refers to an undefined variable", k + 1);
            return k;
        }
    }
    if (s->fn == LIPS_HOLE) {
        if (hole_result_type(p, s) == LIPS_T_UNKNOWN) {
            int any = 0;
            for (int j = 0; j < LIPS_N_INSTANCES && !any; j++) {
                const lips_instance *in = &lips_instances[j];
                if (in->arity != s->nargs) continue;
                int fits = 1;
                for (int k = 0; k < s->nargs; k++) {
                    lips_type t = lips_program_var_type(p, s->args[k]);
                    if (s->args[k] != LIPS_HOLE && t != LIPS_T_UNKNOWN && t != in->arg_types[k])
                        fits = 0;
                }
                any = fits;
            }
            if (!any) {
                snprintf(why, n, "no function takes these %d arguments", s->nargs);
                return 2;
            }
        }
        return -1;
    }
    const lips_fn_info *f = &lips_fns[s->fn];
    for (int k = 0; k < s->nargs; k++) {
        if (s->args[k] == LIPS_HOLE) continue;
        lips_type t = lips_program_var_type(p, s->args[k]);
        if (t != LIPS_T_UNKNOWN && t != f->arg_types[k]) {
            snprintf(why, n, "argument '%s' of %s has type %s, expected %s",
                     lips_var_name(s->args[k]), f->name, lips_type_name(t),
                     lips_type_name((lips_type)f->arg_types[k]));
            return k;
        }
    }
    return -1;
}

lips_status lips_program_check(const lips_program *p, const char *file, lips_error *err) {
    if (p->n_inputs < 1 || p->n_inputs > LIPS_MAX_INPUTS)
        return lips_error_set(err, LIPS_ERR_INPUT, file, 0, 0,
                              "a program has 1 to %d inputs, not %d", LIPS_MAX_INPUTS,
                              p->n_inputs);
    if (p->n_stmts > LIPS_MAX_STMTS)
        return lips_error_set(err, LIPS_ERR_INPUT, file, 0, 0,
                              "a program has at most %d statements", LIPS_MAX_STMTS);
    for (int i = 0; i < p->n_inputs; i++)
        if (p->input_types[i] != LIPS_T_INT && p->input_types[i] != LIPS_T_LIST)
            return lips_error_set(err, LIPS_ERR_INPUT, file, 0, 0, "input %s has no type",
                                  lips_var_name(i));
    for (int i = 0; i < p->n_stmts; i++) {
        const lips_stmt *s = &p->stmts[i];
        int ok = s->nargs == LIPS_HOLE
                     ? s->fn == LIPS_HOLE
                     : (s->nargs == 1 || s->nargs == 2) &&
                           (s->fn == LIPS_HOLE
                                ? s->lambda == LIPS_HOLE
                                : s->fn >= 0 && s->fn < LIPS_N_FNS &&
                                      s->nargs == lips_fns[s->fn].arity &&
                                      (lips_fns[s->fn].is_higher
                                           ? s->lambda == LIPS_HOLE ||
                                                 lips_instance_find(s->fn, s->lambda) >= 0
                                           : s->lambda == LIPS_NONE));
        if (!ok)
            return lips_error_set(err, LIPS_ERR_INPUT, file, 0, 0,
                                  "statement %s is malformed", lips_var_name(p->n_inputs + i));
        char why[160];
        if (stmt_type_error(p, i, why, sizeof why) >= 0)
            return lips_error_set(err, LIPS_ERR_INPUT, file, 0, 0, "statement %s: %s",
                                  lips_var_name(p->n_inputs + i), why);
    }
    return LIPS_OK;
}

/* ---- parsing ---- */

#define MAX_TOKENS 8
#define MAX_NAME 32

typedef struct {
    const char *s;
    int len, col;
} token;

typedef struct {
    const char *file;
    int flags;
    lips_program *p;
    char names[LIPS_MAX_VARS][MAX_NAME];
    int n_vars;
    lips_error *err;
} parser;

static int tok_is(const token *t, const char *s) {
    return (int)strlen(s) == t->len && strncmp(t->s, s, (size_t)t->len) == 0;
}

static int is_ident(const token *t) {
    if (!(isalpha((unsigned char)t->s[0]) || t->s[0] == '_')) return 0;
    for (int i = 1; i < t->len; i++)
        if (!(isalnum((unsigned char)t->s[i]) || t->s[i] == '_')) return 0;
    return 1;
}

static int find_fn(const token *t) {
    for (int f = 0; f < LIPS_N_FNS; f++)
        if (tok_is(t, lips_fns[f].name)) return f;
    return -1;
}

/* Canonical name, the utilities' alias, or for binary operators the bare
 * symbol ("+" is the alias of "(+)"). */
static int find_lambda(const token *t, int kind) {
    for (int l = 0; l < LIPS_N_LAMBDAS; l++) {
        const lips_lambda_info *li = &lips_lambdas[l];
        if (li->kind != kind) continue;
        if (tok_is(t, li->name) || (li->alias && tok_is(t, li->alias))) return l;
    }
    return -1;
}

static int find_var(const parser *ps, const token *t) {
    for (int v = 0; v < ps->n_vars; v++)
        if ((int)strlen(ps->names[v]) == t->len && strncmp(ps->names[v], t->s, (size_t)t->len) == 0)
            return v;
    return -1;
}

static lips_status fail(parser *ps, int line, int col, const char *fmt, const char *a,
                        const char *b) {
    return lips_error_set(ps->err, LIPS_ERR_INPUT, ps->file, line, col, fmt, a, b);
}

/* One statement "name <- rhs" occupying text[0..len) at (line, col). */
static lips_status parse_stmt(parser *ps, const char *text, int len, int line, int col) {
    token toks[MAX_TOKENS + 1];
    int n = 0;
    for (int i = 0; i < len;) {
        while (i < len && isspace((unsigned char)text[i])) i++;
        if (i >= len) break;
        int start = i;
        while (i < len && !isspace((unsigned char)text[i])) i++;
        if (n == MAX_TOKENS + 1) n = MAX_TOKENS; /* overwrite: only the count matters past here */
        toks[n++] = (token){text + start, i - start, col + start};
    }
    char name[MAX_NAME + 8];
    if (n == 0) return LIPS_OK;
    if (n < 3 || !tok_is(&toks[1], "<-")) {
        /* "a<-[int]" without blanks is common enough to say what is wrong */
        return fail(ps, line, toks[0].col, "expected 'NAME <- EXPRESSION'%s%s",
                    memchr(text, '<', (size_t)len) ? " with blanks around '<-'" : "", "");
    }
    const token *lhs = &toks[0];
    if (!is_ident(lhs) || lhs->len >= MAX_NAME) {
        snprintf(name, sizeof name, "%.*s", lhs->len < MAX_NAME ? lhs->len : MAX_NAME, lhs->s);
        return fail(ps, line, lhs->col, "'%s' is not a valid variable name", name, "");
    }
    snprintf(name, sizeof name, "%.*s", lhs->len, lhs->s);
    if (find_var(ps, lhs) >= 0)
        return fail(ps, line, lhs->col, "variable '%s' is already defined", name, "");
    lips_program *p = ps->p;
    const token *rhs = &toks[2];
    int nr = n - 2;

    if (tok_is(rhs, "int") || tok_is(rhs, "[int]")) {
        if (nr > 1) return fail(ps, line, rhs[1].col, "unexpected text after the input type", "", "");
        if (p->n_stmts > 0)
            return fail(ps, line, lhs->col, "input '%s' is declared after a statement", name, "");
        if (p->n_inputs == LIPS_MAX_INPUTS)
            return lips_error_set(ps->err, LIPS_ERR_INPUT, ps->file, line, lhs->col,
                                  "a program has at most %d inputs", LIPS_MAX_INPUTS);
        p->input_types[p->n_inputs++] = tok_is(rhs, "int") ? LIPS_T_INT : LIPS_T_LIST;
        memcpy(ps->names[ps->n_vars++], name, strlen(name) + 1);
        return LIPS_OK;
    }
    if (p->n_inputs == 0)
        return fail(ps, line, lhs->col, "statement '%s' comes before any input declaration", name, "");
    if (p->n_stmts == LIPS_MAX_STMTS)
        return lips_error_set(ps->err, LIPS_ERR_INPUT, ps->file, line, lhs->col,
                              "a program has at most %d statements", LIPS_MAX_STMTS);
    int sketch = ps->flags & LIPS_PARSE_SKETCH;
    lips_stmt s = {LIPS_NONE, LIPS_NONE, 0, {LIPS_NONE, LIPS_NONE}};
    int at = 0;
    if (tok_is(&rhs[0], "??")) {
        if (!sketch) return fail(ps, line, rhs[0].col, "holes '?\?' are allowed only in sketches", "", "");
        s.fn = LIPS_HOLE;
        s.lambda = LIPS_HOLE;
        at = 1;
        if (nr == 1) {
            s.nargs = LIPS_HOLE;
            s.args[0] = s.args[1] = LIPS_HOLE;
        } else if (nr > 3) {
            return fail(ps, line, rhs[3].col, "a function takes at most 2 arguments", "", "");
        } else {
            s.nargs = (int8_t)(nr - 1);
        }
    } else {
        char fname[MAX_NAME + 8];
        snprintf(fname, sizeof fname, "%.*s", rhs[0].len < MAX_NAME ? rhs[0].len : MAX_NAME, rhs[0].s);
        int f = find_fn(&rhs[0]);
        if (f < 0) return fail(ps, line, rhs[0].col, "unknown function '%s'", fname, "");
        const lips_fn_info *fi = &lips_fns[f];
        s.fn = (int8_t)f;
        at = 1;
        if (fi->is_higher) {
            if (nr < 2) return fail(ps, line, rhs[0].col, "%s needs a lambda and its arguments", fi->name, "");
            const token *lt = &rhs[1];
            char lname[MAX_NAME + 8];
            snprintf(lname, sizeof lname, "%.*s", lt->len < MAX_NAME ? lt->len : MAX_NAME, lt->s);
            if (tok_is(lt, "??")) {
                if (!sketch) return fail(ps, line, lt->col, "holes '?\?' are allowed only in sketches", "", "");
                s.lambda = LIPS_HOLE;
            } else {
                int l = find_lambda(lt, fi->lambda_kind);
                if (l < 0) {
                    int any = -1;
                    for (int k = 0; k < 3 && any < 0; k++) any = find_lambda(lt, k);
                    if (any >= 0) return fail(ps, line, lt->col, "%s does not take the lambda '%s'", fi->name, lname);
                    if (find_var(ps, lt) >= 0)
                        return fail(ps, line, lt->col, "%s needs a lambda before its arguments", fi->name, "");
                    return fail(ps, line, lt->col, "unknown lambda '%s'", lname, "");
                }
                s.lambda = (int8_t)l;
            }
            at = 2;
        } else if (nr >= 2) {
            for (int k = 0; k < 3; k++)
                if (find_lambda(&rhs[1], k) >= 0 && find_var(ps, &rhs[1]) < 0)
                    return fail(ps, line, rhs[1].col, "%s takes no lambda", fi->name, "");
        }
        s.nargs = (int8_t)fi->arity;
        if (nr - at != fi->arity) {
            char want[64];
            snprintf(want, sizeof want, "%d argument%s, got %d", fi->arity, fi->arity > 1 ? "s" : "", nr - at);
            return fail(ps, line, nr - at > fi->arity ? rhs[at + fi->arity].col : rhs[0].col,
                        "%s takes %s", fi->name, want);
        }
    }
    if (s.nargs != LIPS_HOLE) {
        for (int k = 0; k < s.nargs; k++) {
            const token *a = &rhs[at + k];
            if (tok_is(a, "??")) {
                if (!sketch) return fail(ps, line, a->col, "holes '?\?' are allowed only in sketches", "", "");
                s.args[k] = LIPS_HOLE;
                continue;
            }
            int v = find_var(ps, a);
            if (v < 0) {
                char vname[MAX_NAME + 8];
                snprintf(vname, sizeof vname, "%.*s", a->len < MAX_NAME ? a->len : MAX_NAME, a->s);
                return fail(ps, line, a->col, "undefined variable '%s'", vname, "");
            }
            s.args[k] = (int8_t)v;
        }
    }
    p->stmts[p->n_stmts] = s;
    char why[160];
    int bad = stmt_type_error(p, p->n_stmts, why, sizeof why);
    if (bad >= 0) {
        /* name the variable as the user wrote it, not by its canonical name */
        if (bad < 2 && s.fn >= 0) {
            const lips_fn_info *fi = &lips_fns[s.fn];
            lips_type t = lips_program_var_type(p, s.args[bad]);
            snprintf(why, sizeof why, "argument '%s' of %s has type %s, expected %s",
                     ps->names[s.args[bad]], fi->name, lips_type_name(t),
                     lips_type_name((lips_type)fi->arg_types[bad]));
        }
        return fail(ps, line, bad < 2 ? rhs[at + bad].col : rhs[0].col, "%s", why, "");
    }
    p->n_stmts++;
    memcpy(ps->names[ps->n_vars++], name, strlen(name) + 1);
    return LIPS_OK;
}

lips_status lips_program_parse(const char *text, const char *file, int first_line, int flags,
                               lips_program *out, lips_error *err) {
    parser ps = {file, flags, out, {{0}}, 0, err};
    memset(out, 0, sizeof *out);
    int line = first_line, blank = 1;
    const char *s = text;
    while (*s) {
        const char *eol = strchr(s, '\n');
        int len = eol ? (int)(eol - s) : (int)strlen(s);
        if (len && s[len - 1] == '\r') len--;
        int i = 0;
        while (i < len && isspace((unsigned char)s[i])) i++;
        if (i < len && s[i] != '#') {
            blank = 0;
            int start = 0;
            for (int j = 0; j <= len; j++) {
                if (j < len && s[j] != '|') continue;
                lips_status st = parse_stmt(&ps, s + start, j - start, line, start + 1);
                if (st) return st;
                start = j + 1;
            }
        }
        if (!eol) break;
        s = eol + 1;
        line++;
    }
    if (blank) return lips_error_set(err, LIPS_ERR_INPUT, file, first_line, 1, "empty program");
    if (out->n_inputs == 0)
        return lips_error_set(err, LIPS_ERR_INPUT, file, first_line, 0,
                              "the program declares no input");
    return LIPS_OK;
}
