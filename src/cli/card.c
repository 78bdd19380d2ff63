/* What lips train and lips eval share: model cards (MODEL.json, written by
 * train, updated by eval --card) and the check that a dataset has programs. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

lips_status cli_labelled(const char *path, const lips_problem *ps, size_t n, const char *what, lips_error *err) {
    if (!n) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "the %s set is empty", what);
    for (size_t i = 0; i < n; i++)
        if (!ps[i].has_program)
            return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0,
                                  "problem %zu has no \"program\" (the %s set needs lips gen output)", i + 1, what);
    return LIPS_OK;
}

char *cli_command_line(int argc, char **argv) {
    size_t cap = 8;
    for (int i = 0; i < argc; i++) cap += 4 * strlen(argv[i]) + 3;
    char *s = malloc(cap), *o = s;
    if (!s) return NULL;
    o += sprintf(o, "lips");
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int plain = *a != 0;
        for (const char *c = a; *c && plain; c++)
            plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                    strchr("-_./=,:+@%", *c);
        *o++ = ' ';
        if (plain) {
            o += sprintf(o, "%s", a);
            continue;
        }
        *o++ = '\'';
        for (const char *c = a; *c; c++) {
            if (*c == '\'') o += sprintf(o, "'\\''");
            else *o++ = *c;
        }
        *o++ = '\'';
    }
    *o = 0;
    return s;
}

cJSON *cli_card_number(cJSON *o, const char *key, double v) {
    if (!isfinite(v)) return cJSON_AddNullToObject(o, key);
    return cJSON_AddNumberToObject(o, key, round(v * 1e4) / 1e4);
}

lips_status cli_card_write(const cJSON *o, const char *path, lips_error *err) {
    char *text = cJSON_Print(o);
    if (!text) return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    int ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    ok = f && fclose(f) == 0 && ok;
    cJSON_free(text);
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot write the model card");
    }
    return LIPS_OK;
}
