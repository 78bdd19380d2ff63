/* Shared pieces of the lips commands. Each command is cmd_<name>.c with one
 * entry point, listed in main.c's table. */
#ifndef LIPS_CLI_H
#define LIPS_CLI_H

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdint.h>
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
int lips_cmd_import(int argc, char **argv);
int lips_cmd_export(int argc, char **argv);

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

/* The value s of option opt of command cmd: 0 with *out set, or a line
 * "lips CMD: OPT takes ..., not 'S'" on stderr and 2. Integers are decimal
 * digits (after a '-' for cli_parse_int; none at all for the unsigned 64-bit
 * seeds), nothing else; a real is decimal too and finite. */
int cli_parse_int(const char *cmd, const char *opt, const char *s, long lo, long hi, long *out);
int cli_parse_u64(const char *cmd, const char *opt, const char *s, uint64_t *out);
int cli_parse_real(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out);

/* --semantics NAME: 0 with *out the lips_semantics, or a line naming the
 * choices on stderr and 2. */
int cli_parse_semantics(const char *cmd, const char *s, int *out);

/* An output file written whole or not at all. A regular file (or a new
 * one) is written beside it and renamed over it on success; a path that
 * is not a regular file (/dev/null, a pipe) is written in place, never
 * replaced; "-" is standard output. */
typedef struct cli_out {
    FILE *f;
    const char *path;
    char *tmp; /* NULL when written in place */
} cli_out;

/* 0 with o->f open, or an LIPS_ERR_INPUT error naming path. */
lips_status cli_out_open(cli_out *o, const char *path, lips_error *err);
/* Closes o: with ok, keeps what was written (renames it into place);
 * without, removes the temporary file. A failing write or rename is an
 * error when ok. */
lips_status cli_out_close(cli_out *o, int ok, lips_error *err);

/* "N" (a = b = N) or "A-B", each in [lo, hi] and A <= B. */
int cli_parse_range(const char *cmd, const char *opt, const char *s, long lo, long hi, long *a, long *b);

/* For getopt_long's '?': names the offending option in one line, returns 2. */
int cli_bad_option(const char *cmd, char **argv);

/* Reads a whole file (bounded by LIPS_MAX_FILE_BYTES); "-" is stdin. The
 * caller frees *text. */
lips_status cli_read_file(const char *path, char **text, lips_error *err);

/* Loads a program: the file at path, or with inline set, the text itself. */
lips_status cli_load_program(const char *path_or_text, int inline_text, int flags,
                             lips_program *p, lips_error *err);

/* What train and eval share (card.c). */

/* Training and evaluation need each problem's program (lips gen output): an
 * error naming path when the set (what: "training", ...) is empty or a
 * problem has none. */
lips_status cli_labelled(const char *path, const lips_problem *ps, size_t n, const char *what, lips_error *err);

/* "lips CMD ARGS...", each argument quoted for a POSIX shell when needed;
 * malloc'd, NULL when out of memory. */
char *cli_command_line(int argc, char **argv);

/* Adds v to a model card rounded to 4 decimals, so the card reads 0.8876,
 * not 0.88759999; null when v is not finite. */
cJSON *cli_card_number(cJSON *o, const char *key, double v);

/* Writes card o (indented) to PATH.tmp and renames it over path. */
lips_status cli_card_write(const cJSON *o, const char *path, lips_error *err);

#endif
