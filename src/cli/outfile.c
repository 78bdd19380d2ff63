#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

lips_status cli_out_open(cli_out *o, const char *path, lips_error *err) {
    memset(o, 0, sizeof *o);
    o->path = path;
    if (strcmp(path, "-") == 0) {
        o->f = stdout;
        return LIPS_OK;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        o->f = fopen(path, "wb");
    } else {
        size_t n = strlen(path) + 32;
        o->tmp = malloc(n);
        if (!o->tmp) return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
        snprintf(o->tmp, n, "%s.tmp%ld", path, (long)getpid());
        o->f = fopen(o->tmp, "wb");
    }
    if (o->f) return LIPS_OK;
    free(o->tmp);
    o->tmp = NULL;
    return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot write the file");
}

lips_status cli_out_close(cli_out *o, int ok, lips_error *err) {
    lips_status s = LIPS_OK;
    if (o->f == stdout) {
        if (fflush(stdout) != 0 && ok) s = lips_error_set(err, LIPS_ERR_INTERNAL, "<stdout>", 0, 0, "write error");
    } else if (o->f) {
        if (fclose(o->f) != 0 && ok) s = lips_error_set(err, LIPS_ERR_INTERNAL, o->path, 0, 0, "write error");
        if (ok && !s && o->tmp && rename(o->tmp, o->path) != 0)
            s = lips_error_set(err, LIPS_ERR_INPUT, o->path, 0, 0, "cannot write the file");
        if (o->tmp && (!ok || s)) remove(o->tmp);
    }
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return s;
}
