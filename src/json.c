/* Strict JSON on top of cJSON (json.h). cJSON keeps no positions, so each
 * check that needs one walks the text again; good input costs one pass over
 * its numbers and a sort of each object's keys. */
#include "json.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lips_json_pos(const char *text, const char *at, int first_line, int *line, int *col) {
    *line = first_line;
    *col = 1;
    for (const char *c = text; c < at && *c; c++) {
        if (*c == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

const char *lips_json_kind(const cJSON *j) {
    if (cJSON_IsObject(j)) return "an object";
    if (cJSON_IsArray(j)) return "a list";
    if (cJSON_IsString(j)) return "a string";
    if (cJSON_IsNumber(j)) return "a number";
    if (cJSON_IsBool(j)) return "true or false";
    return "null";
}

/* Past the string whose '"' is at p, or at the NUL ending an unclosed one. */
static const char *string_end(const char *p) {
    for (p++; *p && *p != '"'; p++)
        if (*p == '\\' && p[1]) p++;
    return *p ? p + 1 : p;
}

/* The brackets open at at (cJSON stopped there), or -1 when at is inside a
 * string: cJSON stops at its nesting limit as at any other error. */
static long depth_at(const char *text, const char *at) {
    long depth = 0;
    const char *p = text;
    while (p < at) {
        if (*p == '"') {
            p = string_end(p);
            if (p > at) return -1;
            continue;
        }
        depth += (*p == '[' || *p == '{') - (*p == ']' || *p == '}');
        p++;
    }
    return depth;
}

static const char *digits(const char *p) {
    while (isdigit((unsigned char)*p)) p++;
    return p;
}

/* In text up to end, which cJSON read: the first number that is not JSON's
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? (cJSON hands strtod anything
 * made of digits, signs, points and exponents), with *leading_zero saying
 * whether that was its fault; NULL when all are. */
static const char *bad_number(const char *text, const char *end, int *leading_zero) {
    for (const char *p = text; p < end;) {
        if (*p == '"') {
            p = string_end(p);
            continue;
        }
        if (*p != '-' && !isdigit((unsigned char)*p)) { /* true, false, null hold no digit */
            p++;
            continue;
        }
        const char *q = p + (*p == '-');
        *leading_zero = q[0] == '0' && isdigit((unsigned char)q[1]);
        if (*leading_zero || !isdigit((unsigned char)*q)) return p;
        q = digits(q);
        if (*q == '.') {
            if (!isdigit((unsigned char)q[1])) return p;
            q = digits(q + 1);
        }
        if (*q == 'e' || *q == 'E') q = digits(q + 1 + (q[1] == '+' || q[1] == '-')); /* cJSON wants its digits */
        p = q;
    }
    return NULL;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Scratch space for one object's key names. */
typedef struct {
    const char **names;
    size_t cap;
} key_list;

/* A key name some object in j has twice, or NULL; *oom when memory ran out.
 * Sorting makes a huge object cost n log n, not n^2. */
static const char *repeated_key(const cJSON *j, key_list *keys, int *oom) {
    if (cJSON_IsObject(j) && j->child && j->child->next) { /* two keys at least */
        size_t n = 0;
        for (const cJSON *c = j->child; c; c = c->next) {
            if (n == keys->cap) {
                size_t cap = keys->cap ? 2 * keys->cap : 16;
                const char **grown = realloc(keys->names, cap * sizeof *grown);
                if (!grown) {
                    *oom = 1;
                    return NULL;
                }
                keys->names = grown;
                keys->cap = cap;
            }
            keys->names[n++] = c->string;
        }
        qsort(keys->names, n, sizeof *keys->names, by_name);
        for (size_t i = 1; i < n; i++)
            if (!strcmp(keys->names[i - 1], keys->names[i])) return keys->names[i];
    }
    /* cJSON's nesting limit bounds this recursion */
    for (const cJSON *c = j->child; c; c = c->next) {
        const char *k = repeated_key(c, keys, oom);
        if (k || *oom) return k;
    }
    return NULL;
}

/* The first place in text (valid JSON up to end) where an object has the key
 * name a second time, or NULL when its text differs from name (escapes). */
static const char *second_key(const char *text, const char *end, const char *name) {
    int seen[CJSON_NESTING_LIMIT + 1]; /* per open object: keys equal to name so far */
    char is_object[CJSON_NESTING_LIMIT + 1];
    size_t len = strlen(name);
    int depth = 0, key_next = 0;
    for (const char *p = text; p < end; p++) {
        switch (*p) {
        case '{':
        case '[':
            if (++depth > CJSON_NESTING_LIMIT) return NULL; /* a cJSON built with a larger limit */
            is_object[depth] = *p == '{';
            seen[depth] = 0;
            key_next = *p == '{';
            break;
        case '}':
        case ']': depth--; break;
        case ',': key_next = is_object[depth]; break;
        case '"': {
            const char *close = string_end(p) - 1;
            if (key_next && (size_t)(close - p - 1) == len && !memcmp(p + 1, name, len) && ++seen[depth] == 2)
                return p;
            key_next = 0;
            p = close;
            break;
        }
        }
    }
    return NULL;
}

lips_status lips_json_verror_at(lips_error *err, const char *file, const char *text, int first_line,
                                const char *at, const char *fmt, va_list ap) {
    int line = first_line, col = 0;
    if (at) lips_json_pos(text, at, first_line, &line, &col);
    char msg[sizeof err->msg];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return lips_error_set(err, LIPS_ERR_INPUT, file, line, col, "%s", msg);
}

lips_status lips_json_error_at(lips_error *err, const char *file, const char *text, int first_line,
                               const char *at, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    lips_status s = lips_json_verror_at(err, file, text, first_line, at, fmt, ap);
    va_end(ap);
    return s;
}

lips_status lips_json_parse(const char *text, const char *file, int first_line, cJSON **out, lips_error *err) {
    *out = NULL;
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithOpts(text, &end, 0);
    if (!j) {
        if (end && (*end == '[' || *end == '{') && depth_at(text, end) >= CJSON_NESTING_LIMIT)
            return lips_json_error_at(err, file, text, first_line, end, "JSON nested deeper than %d levels", CJSON_NESTING_LIMIT);
        return lips_json_error_at(err, file, text, first_line, end, "malformed JSON");
    }
    lips_status s = LIPS_OK;
    int zero, oom = 0;
    key_list keys = {NULL, 0};
    const char *at = bad_number(text, end, &zero), *key = NULL, *rest = end;
    while (isspace((unsigned char)*rest)) rest++;
    if (at) {
        s = lips_json_error_at(err, file, text, first_line, at, zero ? "number with a leading zero" : "malformed number");
    } else if ((key = repeated_key(j, &keys, &oom))) {
        char shown[64]; /* the message stays one line whatever the key holds */
        size_t n = 0;
        for (; key[n] && n + 1 < sizeof shown; n++) shown[n] = (unsigned char)key[n] < ' ' ? '?' : key[n];
        shown[n] = 0;
        s = lips_json_error_at(err, file, text, first_line, second_key(text, end, key), "repeated key \"%s\"", shown);
    } else if (oom) {
        s = lips_error_set(err, LIPS_ERR_INTERNAL, file, 0, 0, "out of memory");
    } else if (*rest) {
        s = lips_json_error_at(err, file, text, first_line, rest, "unexpected text after the JSON value");
    }
    free(keys.names);
    if (s) cJSON_Delete(j);
    else *out = j;
    return s;
}

/* Finding a value's text again (json.h): each function takes the start of a
 * value (or NULL, passed on) and returns NULL when it cannot tell. */
static const char *js_ws(const char *p) {
    while (p && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

static const char *js_string_end(const char *p) { /* p at '"' */
    for (p++; *p && *p != '"'; p++)
        if (*p == '\\' && !*++p) return NULL;
    return *p ? p + 1 : NULL;
}

static const char *js_skip(const char *p) { /* past the value at p */
    int depth = 0;
    do {
        p = js_ws(p);
        if (!p || !*p) return NULL;
        if (*p == '"') p = js_string_end(p);
        else if (*p == '[' || *p == '{') depth++, p++;
        else if (*p == ']' || *p == '}') depth--, p++;
        else if (*p == ',' || *p == ':') p++;
        else
            while (*p && !strchr(" \t\r\n,:]}", *p)) p++;
    } while (p && depth > 0);
    return p;
}

const char *lips_json_member(const char *p, const char *key) { /* the first key, as cJSON */
    p = js_ws(p);
    if (!p || *p != '{') return NULL;
    p = js_ws(p + 1);
    size_t kl = strlen(key);
    while (p && *p == '"') {
        const char *k = p + 1, *e = js_string_end(p);
        p = js_ws(e);
        if (!p || *p != ':') return NULL;
        const char *v = js_ws(p + 1);
        if ((size_t)(e - 1 - k) == kl && memcmp(k, key, kl) == 0) return v;
        p = js_ws(js_skip(v));
        if (p && *p == ',') p = js_ws(p + 1);
    }
    return NULL;
}

const char *lips_json_element(const char *p, int idx) {
    p = js_ws(p);
    if (!p || *p != '[') return NULL;
    p = js_ws(p + 1);
    for (int i = 0; p && *p && *p != ']'; i++) {
        if (i == idx) return p;
        p = js_ws(js_skip(p));
        if (p && *p == ',') p = js_ws(p + 1);
    }
    return NULL;
}
