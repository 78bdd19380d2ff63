/* lips import: other tools' DeepCoder benchmark files as a lips dataset. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char help[] =
    "usage: lips import --from FORMAT PATH [-o FILE] [--orders DIR]\n\n"
    "Reads problems written for another DeepCoder tool and writes them as a lips\n"
    "JSON Lines dataset, each problem with the deepcoder semantics (inputs and\n"
    "outputs in [-256, 255], the values in between unbounded). FORMAT is\n"
    "  neo              Neo's JSON problems (PLDI'18): PATH is one .json file or a\n"
    "                   directory, whose .json files are read in the order of\n"
    "                   their names, numbers by value (prog2 before prog10). A\n"
    "                   solution the 38 instances cannot express is left out with\n"
    "                   a line on stderr; a problem lips cannot hold (a value\n"
    "                   outside [-256, 255], more than 3 inputs or 20 examples)\n"
    "                   is skipped with a line on stderr.\n"
    "  deepcoder-utils  the DeepCoder utilities' data directory PATH:\n"
    "                   input_types.txt, input_values.txt, output_types.txt,\n"
    "                   output_values.txt; problems are named 0, 1, ...\n"
    "A last line on stderr counts the problems. docs/formats.md describes both.\n\n"
    "      --from FORMAT  neo or deepcoder-utils\n"
    "  -o, --out FILE     the dataset (default: standard output)\n"
    "      --orders DIR   deepcoder-utils: write PATH/prior.txt as DIR/prior.json and\n"
    "                     PATH/predictions/N.txt as DIR/N.json, lips ordering files\n"
    "                     ('lips solve --order DIR/N.json' searches problem N in the\n"
    "                     order its prediction gives)\n"
    "  -h, --help         this help\n";

enum { OPT_FROM = 256, OPT_ORDERS };

/* Names compared with runs of digits by value: prog2 < prog10. */
static int natural_cmp(const void *a, const void *b) {
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    while (*x && *y) {
        if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
            while (*x == '0') x++;
            while (*y == '0') y++;
            size_t nx = strspn(x, "0123456789"), ny = strspn(y, "0123456789");
            if (nx != ny) return nx < ny ? -1 : 1;
            int c = strncmp(x, y, nx);
            if (c) return c;
            x += nx, y += ny;
        } else {
            if (*x != *y) return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
            x++, y++;
        }
    }
    return *x ? 1 : *y ? -1 : strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .json files of dir, sorted; *out malloc'd, each name too. */
static lips_status list_json(const char *dir, char ***out, size_t *n, lips_error *err) {
    DIR *d = opendir(dir);
    if (!d) return lips_error_set(err, LIPS_ERR_INPUT, dir, 0, 0, "cannot open the directory");
    char **names = NULL;
    size_t cap = 0, k = 0;
    struct dirent *e;
    lips_status s = LIPS_OK;
    while (!s && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || strcmp(e->d_name + len - 5, ".json") || e->d_name[0] == '.') continue;
        if (k == cap) {
            char **nn = realloc(names, sizeof *names * (cap = cap ? 2 * cap : 64));
            if (!nn) s = lips_error_set(err, LIPS_ERR_INTERNAL, dir, 0, 0, "out of memory");
            else names = nn;
        }
        if (!s && !(names[k++] = strdup(e->d_name))) s = lips_error_set(err, LIPS_ERR_INTERNAL, dir, 0, 0, "out of memory");
    }
    closedir(d);
    if (!s && k == 0) s = lips_error_set(err, LIPS_ERR_INPUT, dir, 0, 0, "no .json file in the directory");
    if (s) {
        for (size_t i = 0; i < k; i++) free(names[i]);
        free(names);
        return s;
    }
    qsort(names, k, sizeof *names, natural_cmp);
    *out = names;
    *n = k;
    return LIPS_OK;
}

typedef struct {
    size_t problems, programs, unexpressed, skipped;
} tally;

static lips_problem problem;

static int import_neo(const char *path, FILE *out, tally *t) {
    struct stat st;
    char **names = NULL;
    size_t n = 1;
    lips_error err;
    int is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    if (is_dir && list_json(path, &names, &n, &err)) return cli_fail(&err);
    int status = 0;
    for (size_t i = 0; i < n && !status; i++) {
        char file[4096];
        snprintf(file, sizeof file, "%s%s%s", is_dir ? path : "", is_dir ? "/" : "", is_dir ? names[i] : path);
        char *text;
        lips_import_note note;
        lips_status s = cli_read_file(file, &text, &err);
        if (!s) {
            s = lips_neo_parse(text, file, &problem, &note, &err);
            free(text);
        }
        if (s && s == LIPS_ERR_INPUT && note.skipped) {
            size_t len = strlen(err.msg);
            snprintf(err.msg + len, sizeof err.msg - len, "; the problem is skipped");
            lips_error_print(&err, stderr);
            t->skipped++;
        } else if (s) {
            status = cli_fail(&err);
        } else {
            if (note.why[0]) fprintf(stderr, "%s: the solution is left out: %s\n", file, note.why), t->unexpressed++;
            t->problems++;
            t->programs += problem.has_program;
            if (lips_problem_write_json(&problem, out)) status = LIPS_ERR_INTERNAL;
        }
    }
    for (size_t i = 0; names && i < n; i++) free(names[i]);
    free(names);
    return status;
}

/* PATH/prior.txt and PATH/predictions/N.txt, when present, as lips ordering files in orders. */
static void skip_problem(void *ctx, const lips_error *why) {
    lips_error e = *why;
    size_t len = strlen(e.msg);
    snprintf(e.msg + len, sizeof e.msg - len, "; the problem is skipped");
    lips_error_print(&e, stderr);
    ((tally *)ctx)->skipped++;
}

/* Each problem's predictions/NAME.txt and the prior, as lips ordering files. */
static int import_orders(const char *path, const char *orders, const lips_problem *ps, size_t n) {
    char src[4096], dst[4096];
    float p[LIPS_N_ATTRS];
    lips_error err;
    struct stat st;
    if (mkdir(orders, 0777) != 0 && !(stat(orders, &st) == 0 && S_ISDIR(st.st_mode))) {
        lips_error_set(&err, LIPS_ERR_INPUT, orders, 0, 0, "cannot create the directory");
        return cli_fail(&err);
    }
    for (size_t i = 0; i <= n; i++) { /* i == n: the prior */
        if (i < n) snprintf(src, sizeof src, "%s/predictions/%s.txt", path, ps[i].name);
        else snprintf(src, sizeof src, "%s/prior.txt", path);
        if (stat(src, &st) != 0) continue;
        if (i < n) snprintf(dst, sizeof dst, "%s/%s.json", orders, ps[i].name);
        else snprintf(dst, sizeof dst, "%s/prior.json", orders);
        if (lips_dcu_order_read(src, p, &err) || lips_order_write(p, dst, &err)) return cli_fail(&err);
    }
    return 0;
}

int lips_cmd_import(int argc, char **argv) {
    static const struct option longopts[] = {{"from", required_argument, 0, OPT_FROM},
                                             {"out", required_argument, 0, 'o'},
                                             {"orders", required_argument, 0, OPT_ORDERS},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *from = NULL, *out_path = NULL, *orders = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_FROM: from = optarg; break;
        case 'o': out_path = optarg; break;
        case OPT_ORDERS: orders = optarg; break;
        case 'h': fputs(help, stdout); return 0;
        default: return cli_bad_option("import", argv);
        }
    }
    if (!from) return cli_usage_error("import", "give the format with --from neo or --from deepcoder-utils");
    int neo = !strcmp(from, "neo");
    if (!neo && strcmp(from, "deepcoder-utils"))
        return cli_usage_error("import", "--from takes neo or deepcoder-utils, not '%s'", from);
    if (argc - optind != 1) return cli_usage_error("import", "expected one PATH");
    if (neo && orders) return cli_usage_error("import", "--orders is for --from deepcoder-utils");
    const char *path = argv[optind];
    lips_error err;
    lips_problem *ps = NULL;
    size_t n = 0;
    tally t = {0, 0, 0, 0};
    if (!neo && lips_dcu_read(path, &ps, &n, skip_problem, &t, &err)) return cli_fail(&err);
    cli_out out;
    if (cli_out_open(&out, out_path ? out_path : "-", &err)) {
        free(ps);
        return cli_fail(&err);
    }
    int status = 0;
    if (neo) {
        status = import_neo(path, out.f, &t);
    } else {
        for (size_t i = 0; i < n && !status; i++)
            if (lips_problem_write_json(&ps[i], out.f)) status = LIPS_ERR_INTERNAL;
        t.problems = n;
        if (!status && orders) status = import_orders(path, orders, ps, n);
        char prior[4096];
        struct stat st;
        snprintf(prior, sizeof prior, "%s/prior.txt", path);
        if (!status && !orders && stat(prior, &st) == 0)
            fprintf(stderr, "lips import: %s/prior.txt (and predictions/) not read: --orders DIR writes them as lips ordering files\n", path);
    }
    free(ps);
    if (cli_out_close(&out, !status, &err)) status = cli_fail(&err);
    if (!status)
        fprintf(stderr, "lips import: %zu problem%s, %zu with a solution, %zu left without one (not expressible), %zu skipped\n",
                t.problems, t.problems == 1 ? "" : "s", t.programs, t.unexpressed, t.skipped);
    return status;
}
