/* JSON that people write, read strictly: cJSON, with what it lets through
 * but JSON does not allow, or a writer cannot have meant, refused. Internal
 * to liblips and its command line. */
#ifndef LIPS_JSON_H
#define LIPS_JSON_H

#include <cjson/cJSON.h>
#include <stdarg.h>

#include "lips/error.h"

/* Parses the whole of text (one JSON value, then only white space) into *out,
 * to be freed with cJSON_Delete. text's first line is line first_line of
 * file, for positions. Refused with a positioned input error: malformed JSON
 * (where cJSON stopped), nesting deeper than CJSON_NESTING_LIMIT levels, a
 * number JSON does not allow (007, -01, 1., -.5; 0 and -0 are numbers), a
 * key an object has twice (cJSON would silently keep the first), text after
 * the value. */
lips_status lips_json_parse(const char *text, const char *file, int first_line, cJSON **out, lips_error *err);

/* The line and column of at in text, whose first line is first_line. */
void lips_json_pos(const char *text, const char *at, int first_line, int *line, int *col);

/* An LIPS_ERR_INPUT error in file at at, a place in text whose first line
 * is first_line (at NULL: first_line, no column). */
lips_status lips_json_error_at(lips_error *err, const char *file, const char *text, int first_line,
                               const char *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
lips_status lips_json_verror_at(lips_error *err, const char *file, const char *text, int first_line,
                                const char *at, const char *fmt, va_list ap);

/* cJSON keeps no offsets: to give a value's position, find its text again in
 * the (already valid) JSON source. The value of the first member key of the
 * object whose text starts at p (as cJSON reads a repeated key), or element
 * idx of the list at p; NULL when absent, or when p is NULL, so calls chain. */
const char *lips_json_member(const char *p, const char *key);
const char *lips_json_element(const char *p, int idx);

/* What j is, for "must be a JSON object, not ...": "a list", "a string", ... */
const char *lips_json_kind(const cJSON *j);

#endif
