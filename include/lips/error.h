/* Errors: every fallible lips call reports through a lips_error. */
#ifndef LIPS_ERROR_H
#define LIPS_ERROR_H

#include <stdio.h>

/* Exit codes of the CLI and status codes of the library are the same numbers. */
typedef enum {
    LIPS_OK = 0,
    LIPS_ERR_INTERNAL = 1, /* a bug, out of memory, a Z3 failure */
    LIPS_ERR_INPUT = 2     /* bad file, bad argument, bad option */
} lips_status;

typedef struct lips_error {
    lips_status code;
    int line, col;  /* 1-based; 0 when the error has no position */
    char file[256]; /* empty when the error has no file */
    char msg[512];
} lips_error;

/* Fills err (if not NULL) and returns code, so callers can write
 * `return lips_error_set(err, LIPS_ERR_INPUT, file, line, col, "...")`. */
lips_status lips_error_set(lips_error *err, lips_status code, const char *file, int line, int col,
                           const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Writes "file:line:col: msg" (parts that are absent are left out) and a newline. */
void lips_error_print(const lips_error *err, FILE *out);

#endif
