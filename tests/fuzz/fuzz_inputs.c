/* libFuzzer harness: the inputs of `lips run`, as the --inputs JSON list and
 * as example lines on standard input ("v1, v2 -> out"), parsed by cmd_run.c's
 * own reader against programs of one, two and three inputs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cli/cmd_run.c"

/* the rest of the command line that cmd_run.c refers to, unused here */
int cli_fail(const lips_error *err) { return err->code; }
int cli_usage_error(const char *cmd, const char *fmt, ...) { return LIPS_ERR_INPUT; }
int cli_bad_option(const char *cmd, char **argv) { return LIPS_ERR_INPUT; }
int cli_parse_semantics(const char *cmd, const char *s, int *out) { return LIPS_ERR_INPUT; }
lips_status cli_load_program(const char *src, int inline_text, int flags, lips_program *p, lips_error *err) {
    return lips_program_parse(src, "<program>", 1, flags, p, err);
}

static const char *const programs[] = {
    "a <- [int] | b <- SORT a",
    "a <- int | b <- [int] | c <- TAKE a b",
    "a <- [int] | b <- [int] | c <- int | d <- ZIPWITH (+) a b | e <- TAKE c d",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = 0;
    for (int k = 0; k < 3; k++) {
        lips_program p;
        lips_error err;
        if (lips_program_parse(programs[k], "p", 1, 0, &p, &err) != LIPS_OK) abort();
        for (int bracketed = 0; bracketed <= 1; bracketed++) {
            lips_value in[LIPS_MAX_INPUTS], want;
            int has_out;
            if (parse_inputs(text, "fuzz", 1, bracketed, &p, in, &want, &has_out, &err) == LIPS_OK) {
                for (int i = 0; i < p.n_inputs; i++)
                    if (in[i].type != p.input_types[i]) abort();
            } else if (err.code != LIPS_ERR_INPUT || err.line != 1) {
                abort();
            }
        }
    }
    free(text);
    return 0;
}
