/* lips fmt: canonical form of a program, sketch or problem file. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: lips fmt FILE [--json | --text] [--oneline]\n\n"
    "Prints a program, sketch or problem in canonical form: variables renamed\n"
    "a, b, c, ..., aliases replaced by canonical names. A problem (a file with a\n"
    "'---' line, or JSON) prints in its own form unless --json or --text asks\n"
    "for the other.\n\n"
    "      --json      write a problem as one JSON line\n"
    "      --text      write a problem in the .lips text form\n"
    "      --oneline   write a program on one line, statements separated by ' | '\n"
    "  -h, --help      this help\n";

static lips_problem problem;

/* The text form of a problem: a '---' line after the sketch. */
static int is_problem_text(const char *t) {
    for (const char *l = t; l; l = strchr(l, '\n')) {
        while (*l == '\n' || *l == ' ' || *l == '\t') l++;
        if (!strncmp(l, "---", 3)) return 1;
    }
    return 0;
}

int lips_cmd_fmt(int argc, char **argv) {
    static const struct option longopts[] = {{"json", no_argument, 0, 'j'}, {"text", no_argument, 0, 't'},
                                             {"oneline", no_argument, 0, 'o'}, {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    int want = 0, oneline = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': want = 'j'; break;
        case 't': want = 't'; break;
        case 'o': oneline = 1; break;
        case 'h': fputs(help, stdout); return 0;
        default: return cli_bad_option("fmt", argv);
        }
    }
    if (argc - optind != 1) return cli_usage_error("fmt", "expected one FILE");
    const char *path = argv[optind];
    char *text;
    lips_error err;
    if (cli_read_file(path, &text, &err)) return cli_fail(&err);
    int status = 0;
    int json = lips_problem_is_json(path, text);
    if (json || is_problem_text(text)) {
        lips_status s = json ? lips_problem_parse_json(text, path, 1, &problem, &err)
                             : lips_problem_parse_text(text, path, &problem, &err);
        if (s) {
            status = cli_fail(&err);
        } else {
            int as_json = want ? want == 'j' : json;
            s = as_json ? lips_problem_write_json(&problem, stdout) : lips_problem_write_text(&problem, stdout);
            status = s ? LIPS_ERR_INTERNAL : 0;
        }
    } else {
        lips_program p;
        if (lips_program_parse(text, path, 1, LIPS_PARSE_SKETCH, &p, &err)) {
            status = cli_fail(&err);
        } else {
            char buf[4096];
            lips_program_print(&p, oneline ? " | " : "\n", buf, sizeof buf);
            puts(buf);
        }
    }
    free(text);
    return status;
}
