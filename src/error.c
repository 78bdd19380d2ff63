#include "lips/error.h"

#include <stdarg.h>
#include <string.h>

lips_status lips_error_set(lips_error *err, lips_status code, const char *file, int line, int col,
                           const char *fmt, ...) {
    if (!err) return code;
    err->code = code;
    err->line = line;
    err->col = col;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void lips_error_print(const lips_error *err, FILE *out) {
    if (err->file[0]) {
        fputs(err->file, out);
        if (err->line > 0) fprintf(out, ":%d", err->line);
        if (err->line > 0 && err->col > 0) fprintf(out, ":%d", err->col);
        fputs(": ", out);
    }
    fprintf(out, "%s\n", err->msg);
}
