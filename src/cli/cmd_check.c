/* lips check: does a program fill a problem's sketch and satisfy its examples? */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: lips check PROBLEM (--program FILE | -e TEXT) [--json] [--semantics S]\n\n"
    "Says whether a concrete program fills the problem's sketch (same inputs;\n"
    "the same statements where the sketch fixes them) and produces every\n"
    "example's output. Prints 'ok' and exits 0, or prints 'fail:' and the first\n"
    "reason and exits 3, so scripts can test the answer as with cmp and diff;\n"
    "2 for bad input, 1 for an internal error.\n\n"
    "  -p, --program FILE  the program file\n"
    "  -e, --eval TEXT     the program text itself\n"
    "      --json          {\"ok\": bool, \"reason\": ..., \"example\": N}\n"
    "      --semantics S   how the program runs: strict (every value in\n"
    "                      [-256, 255]) or deepcoder (only inputs and outputs;\n"
    "                      values in between are 32-bit and wrap around);\n"
    "                      default: the problem's own, else strict (docs/dsl.md)\n"
    "  -h, --help          this help\n";

static lips_problem problem; /* large: kept out of the stack */

int lips_cmd_check(int argc, char **argv) {
    static const struct option longopts[] = {{"program", required_argument, 0, 'p'},
                                             {"eval", required_argument, 0, 'e'},
                                             {"json", no_argument, 0, 'j'},
                                             {"semantics", required_argument, 0, 's'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *prog_file = NULL, *prog_text = NULL;
    int json = 0, c, sem = -1;
    optind = 1;
    while ((c = getopt_long(argc, argv, "p:e:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p': prog_file = optarg; break;
        case 'e': prog_text = optarg; break;
        case 'j': json = 1; break;
        case 's':
            if (cli_parse_semantics("check", optarg, &sem)) return LIPS_ERR_INPUT;
            break;
        case 'h': fputs(help, stdout); return 0;
        default: return cli_bad_option("check", argv);
        }
    }
    if (argc - optind != 1) return cli_usage_error("check", "expected one PROBLEM");
    if (!prog_file == !prog_text) return cli_usage_error("check", "give the program with --program or -e");
    lips_error err;
    lips_program p;
    if (lips_problem_load(argv[optind], &problem, &err)) return cli_fail(&err);
    if (sem >= 0) problem.semantics = (uint8_t)sem;
    if (cli_load_program(prog_text ? prog_text : prog_file, prog_text != NULL, 0, &p, &err))
        return cli_fail(&err);

    char reason[512] = "";
    int example = -1;
    if (!lips_program_fills(&problem.sketch, &p)) {
        snprintf(reason, sizeof reason, "the program does not fill the sketch");
    } else if (p.n_stmts == 0) {
        snprintf(reason, sizeof reason, "the program has no statements");
    } else if (lips_program_result_type(&p) != problem.out_type) {
        snprintf(reason, sizeof reason, "the program returns %s, the examples %s",
                 lips_type_name(lips_program_result_type(&p)),
                 lips_type_name((lips_type)problem.out_type));
    } else if ((example = lips_problem_first_mismatch(&problem, &p)) >= 0) {
        lips_value vars[LIPS_MAX_VARS];
        lips_run r = lips_program_run(&p, (lips_semantics)problem.semantics, problem.examples[example].in, vars);
        char want[160], got[160];
        lips_value_print(&problem.examples[example].out, want, sizeof want);
        if (r.status == LIPS_EVAL_OK)
            lips_value_print(&vars[p.n_inputs + p.n_stmts - 1], got, sizeof got);
        else if (r.status == LIPS_EVAL_RANGE)
            snprintf(got, sizeof got, "a value out of range in %s semantics (statement %d)",
                     lips_semantics_name((lips_semantics)problem.semantics), r.failed_stmt + 1);
        else
            snprintf(got, sizeof got, "NULL (statement %d fails)", r.failed_stmt + 1);
        snprintf(reason, sizeof reason, "example %d: expected %s, got %s", example + 1, want, got);
    }
    int ok = reason[0] == 0;
    if (json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddBoolToObject(j, "ok", ok);
        if (!ok) cJSON_AddStringToObject(j, "reason", reason);
        if (example >= 0) cJSON_AddNumberToObject(j, "example", example + 1);
        char *s = cJSON_PrintUnformatted(j);
        puts(s);
        cJSON_free(s);
        cJSON_Delete(j);
    } else if (ok) {
        puts("ok");
    } else {
        printf("fail: %s\n", reason);
    }
    return ok ? 0 : LIPS_EXIT_DOES_NOT_FIT;
}
