#include "lips/value.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "rng.h"

lips_value lips_value_list(const int *xs, int n) {
    lips_value r = {LIPS_T_LIST, (uint8_t)n, {0}};
    for (int i = 0; i < n; i++) r.v[i] = (int32_t)xs[i];
    return r;
}

int lips_value_equal(const lips_value *a, const lips_value *b) {
    if (a->type != b->type || a->len != b->len) return 0;
    if (a->type == LIPS_T_INT) return a->v[0] == b->v[0];
    return memcmp(a->v, b->v, a->len * sizeof a->v[0]) == 0;
}

/* FNV-1a over the meaningful bytes, then a final avalanche (splitmix64). */
uint64_t lips_value_hash(const lips_value *v, uint64_t seed) {
    uint64_t h = seed ^ 0xcbf29ce484222325ull;
    int n = v->type == LIPS_T_INT ? 1 : v->len;
    h = (h ^ (uint64_t)(v->type * 64 + v->len)) * 0x100000001b3ull;
    for (int i = 0; i < n; i++) {
        int32_t x = v->v[i];
        h = (h ^ (uint16_t)x) * 0x100000001b3ull;
        /* wider values add their upper half, so x and x + 65536 differ */
        if (x != (int16_t)x) h = (h ^ ((uint32_t)x >> 16) ^ 0x10000u) * 0x100000001b3ull;
    }
    return lips_mix64(h);
}

int lips_value_within(const lips_value *v, int32_t lo, int32_t hi) {
    int n = v->type == LIPS_T_INT ? 1 : v->len;
    for (int i = 0; i < n; i++)
        if (v->v[i] < lo || v->v[i] > hi) return 0;
    return 1;
}

static const char *const semantics_names[LIPS_N_SEMANTICS] = {"strict", "deepcoder"};

const char *lips_semantics_name(lips_semantics s) {
    return (unsigned)s < LIPS_N_SEMANTICS ? semantics_names[s] : "?";
}

int lips_semantics_find(const char *name) {
    for (int s = 0; s < LIPS_N_SEMANTICS; s++)
        if (strcmp(name, semantics_names[s]) == 0) return s;
    return -1;
}

const char *lips_type_name(lips_type t) {
    switch (t) {
    case LIPS_T_INT: return "int";
    case LIPS_T_LIST: return "[int]";
    default: return "?";
    }
}

int lips_value_print(const lips_value *v, char *buf, size_t n) {
    if (v->type == LIPS_T_INT) return snprintf(buf, n, "%d", v->v[0]);
    size_t len = 0;
    int w = snprintf(buf, n, "[");
    len += (size_t)w;
    for (int i = 0; i < v->len; i++) {
        w = snprintf(len < n ? buf + len : NULL, len < n ? n - len : 0, i ? ", %d" : "%d", v->v[i]);
        len += (size_t)w;
    }
    w = snprintf(len < n ? buf + len : NULL, len < n ? n - len : 0, "]");
    return (int)(len + (size_t)w);
}

static void skip_blanks(const char *t, size_t *pos) {
    while (t[*pos] == ' ' || t[*pos] == '\t') (*pos)++;
}

/* Parses a decimal int at *pos; keeps the digits count bounded so a long run
 * of digits cannot overflow before the range check. */
static lips_status parse_int(const char *t, size_t *pos, const char *file, int line, int col,
                             int *out, lips_error *err) {
    size_t start = *pos;
    int neg = 0;
    if (t[*pos] == '-') {
        neg = 1;
        (*pos)++;
    }
    if (!isdigit((unsigned char)t[*pos]))
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, col + (int)start,
                              "expected an integer");
    /* as in JSON: 007 is no integer (octal to some, decimal to others) */
    if (t[*pos] == '0' && isdigit((unsigned char)t[*pos + 1]))
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, col + (int)start,
                              "integer with a leading zero");
    long x = 0;
    while (isdigit((unsigned char)t[*pos])) {
        if (x < 100000) x = x * 10 + (t[*pos] - '0');
        (*pos)++;
    }
    if (neg) x = -x;
    if (x < LIPS_INT_MIN || x > LIPS_INT_MAX)
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, col + (int)start,
                              "integer %.*s is outside [%d, %d]", (int)(*pos - start), t + start,
                              LIPS_INT_MIN, LIPS_INT_MAX);
    *out = (int)x;
    return LIPS_OK;
}

lips_status lips_value_parse(const char *t, size_t *pos, const char *file, int line, int col,
                             lips_value *out, lips_error *err) {
    skip_blanks(t, pos);
    if (t[*pos] != '[') {
        int x;
        lips_status s = parse_int(t, pos, file, line, col, &x, err);
        if (s) return s;
        *out = lips_value_int(x);
        return LIPS_OK;
    }
    size_t open = *pos;
    (*pos)++;
    out->type = LIPS_T_LIST;
    out->len = 0;
    memset(out->v, 0, sizeof out->v);
    skip_blanks(t, pos);
    if (t[*pos] == ']') {
        (*pos)++;
        return LIPS_OK;
    }
    for (;;) {
        int x;
        skip_blanks(t, pos);
        size_t at = *pos;
        lips_status s = parse_int(t, pos, file, line, col, &x, err);
        if (s) return s;
        if (out->len == LIPS_MAX_LEN)
            return lips_error_set(err, LIPS_ERR_INPUT, file, line, col + (int)at,
                                  "list starting at column %d is longer than %d elements",
                                  col + (int)open, LIPS_MAX_LEN);
        out->v[out->len++] = (int32_t)x;
        skip_blanks(t, pos);
        if (t[*pos] == ',') {
            (*pos)++;
            continue;
        }
        if (t[*pos] == ']') {
            (*pos)++;
            return LIPS_OK;
        }
        return lips_error_set(err, LIPS_ERR_INPUT, file, line, col + (int)*pos,
                              "expected ',' or ']' in list");
    }
}
