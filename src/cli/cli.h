/* Shared pieces of the lips commands. Each command is cmd_<name>.c with one
 * entry point, listed in main.c's table. */
#ifndef LIPS_CLI_H
#define LIPS_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "lips/lips.h"

typedef int (*lips_cmd_fn)(int argc, char **argv);

/* lips check's answer "the program does not fit": a status of its own, apart
 * from 1 (internal error) and 2 (bad input), for scripts to test. */
#define LIPS_EXIT_DOES_NOT_FIT 3

int lips_cmd_run(int argc, char **argv);
int lips_cmd_check(int argc, char **argv);
int lips_cmd_fmt(int argc, char **argv);
int lips_cmd_solve(int argc, char **argv);
int lips_cmd_gen(int argc, char **argv);
int lips_cmd_train(int argc, char **argv);
int lips_cmd_predict(int argc, char **argv);
int lips_cmd_eval(int argc, char **argv);
int lips_cmd_bench(int argc, char **argv);

/* The model `lips solve` orders by when no ordering is given (and predict,
 * eval and bench use without --model): $LIPS_MODEL, else the shipped
 * deepcoder-t3.lips in share/lips/models beside the binary's directory
 * (bin/../share/lips/models of its prefix, or of the build tree). */
const char *cli_default_model(void);

/* Prints err on stderr ("lips: " first when it names no file), returns its code. */
int cli_fail(const lips_error *err);

/* Prints "lips CMD: message" on stderr and returns 2: bad usage. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Parses a number in [lo, hi] for option opt; 0, or prints why and returns 2. */
int cli_parse_number(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out);

/* For getopt_long's '?': names the offending option in one line, returns 2. */
int cli_bad_option(const char *cmd, char **argv);

/* Reads a whole file (bounded by LIPS_MAX_FILE_BYTES); "-" is stdin. The
 * caller frees *text. */
lips_status cli_read_file(const char *path, char **text, lips_error *err);

/* Loads a program: the file at path, or with inline set, the text itself. */
lips_status cli_load_program(const char *path_or_text, int inline_text, int flags,
                             lips_program *p, lips_error *err);

#endif
