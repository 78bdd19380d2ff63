/* lips: the command line, a thin layer over liblips. */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <z3.h>

#include "cli.h"
#include "world.h"

static const struct {
    const char *name, *summary;
    lips_cmd_fn fn;
} commands[] = {
    {"run", "execute a program on inputs", lips_cmd_run},
    {"check", "check a program against a problem's examples", lips_cmd_check},
    {"fmt", "print a program, sketch or problem in canonical form", lips_cmd_fmt},
    {"solve", "fill a sketch's holes or synthesize a program from examples", lips_cmd_solve},
    {"gen", "generate a dataset of problems, or print a dataset's statistics", lips_cmd_gen},
    {"train", "train the attribute predictor on a dataset", lips_cmd_train},
    {"predict", "the attribute probabilities a model predicts for a problem", lips_cmd_predict},
    {"eval", "measure a model on a test set, with a confusion plot", lips_cmd_eval},
    {"bench", "compare solvers and orderings on a dataset: DeepCoder's table and plot", lips_cmd_bench},
    {"import", "read Neo's or the DeepCoder utilities' benchmark files as a dataset", lips_cmd_import},
    {"export", "write a dataset in Neo's or the DeepCoder utilities' format", lips_cmd_export},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out) {
    fprintf(out, "usage: lips <command> [options]\n\n"
                 "lips synthesizes DeepCoder-DSL programs from input/output examples.\n\n"
                 "commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'lips <command> --help' describes a command; 'lips --version' prints versions.\n");
}

const char *cli_default_model(void) {
    const char *env = getenv("LIPS_MODEL");
    if (env && *env) return env;
    static char path[PATH_MAX + sizeof LIPS_MODELS_FROM_BIN + 32];
    if (!path[0]) {
        /* the shipped model lies at a fixed place relative to this binary's
         * directory (LIPS_MODELS_FROM_BIN, from CMake's install directories),
         * in an installed prefix and in the build tree alike; without
         * /proc the place is taken from the working directory */
        char exe[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        exe[n > 0 ? n : 0] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) slash[1] = 0;
        snprintf(path, sizeof path, "%s" LIPS_MODELS_FROM_BIN "/deepcoder-t3.lips", exe);
    }
    return path;
}

int cli_fail(const lips_error *err) {
    if (!err->file[0]) fputs("lips: ", stderr);
    lips_error_print(err, stderr);
    return err->code ? err->code : LIPS_ERR_INTERNAL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "lips %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see 'lips %s --help')\n", cmd);
    return LIPS_ERR_INPUT;
}

int cli_bad_option(const char *cmd, char **argv) {
    const char *arg = optind > 0 ? argv[optind - 1] : "?";
    if (optopt && arg[0] == '-' && arg[1] != '-')
        return cli_usage_error(cmd, "option '-%c' is unknown or lacks its value", optopt);
    return cli_usage_error(cmd, "option '%s' is unknown or lacks its value", arg);
}

lips_status cli_read_file(const char *path, char **text, lips_error *err) {
    *text = NULL;
    int is_stdin = strcmp(path, "-") == 0;
    struct stat st;
    if (!is_stdin) {
        if (stat(path, &st) != 0) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot open the file");
        if (S_ISDIR(st.st_mode)) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "is a directory");
        if ((unsigned long long)st.st_size > LIPS_MAX_FILE_BYTES)
            return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "file is larger than the %u-byte limit",
                                  LIPS_MAX_FILE_BYTES);
    }
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot open the file");
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (len + 1 == cap) {
            if (cap > LIPS_MAX_FILE_BYTES) {
                free(buf);
                if (!is_stdin) fclose(f);
                return lips_error_set(err, LIPS_ERR_INPUT, is_stdin ? "<stdin>" : path, 0, 0,
                                      "input is larger than the %u-byte limit", LIPS_MAX_FILE_BYTES);
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        if (got == 0) break;
        len += got;
    }
    if (!is_stdin) fclose(f);
    if (!buf) return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
    buf[len] = 0;
    if (memchr(buf, 0, len)) {
        free(buf);
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "binary data (a NUL byte) in a text file");
    }
    *text = buf;
    return LIPS_OK;
}

lips_status cli_load_program(const char *src, int inline_text, int flags, lips_program *p,
                             lips_error *err) {
    if (inline_text) return lips_program_parse(src, "<program>", 1, flags, p, err);
    char *text;
    lips_status s = cli_read_file(src, &text, err);
    if (s) return s;
    s = lips_program_parse(text, src, 1, flags, p, err);
    free(text);
    return s;
}

static int dispatch(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return LIPS_ERR_INPUT;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("lips %s (Z3 %s)\n", LIPS_VERSION, Z3_get_full_version());
        return 0;
    }
    opterr = 0; /* cli_bad_option says it in one line */
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strcmp(cmd, commands[i].name)) return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "lips: unknown command '%s' (see 'lips --help')\n", cmd);
    return LIPS_ERR_INPUT;
}

/* Under mpirun or srun every rank runs the command; gen, bench and train
 * share the work (world.h), the others run whole on each rank. */
int main(int argc, char **argv) {
    cli_world_init(&argc, &argv);
    return cli_world_end(dispatch(argc, argv));
}
