/* lips export: a lips dataset in other tools' DeepCoder benchmark formats. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char help[] =
    "usage: lips export --to FORMAT DATASET -o OUT [--order FILE] [--orders DIR]\n"
    "                   [--model FILE]\n\n"
    "Writes a lips dataset (a JSON Lines file, or one problem file) in another\n"
    "DeepCoder tool's format, so that tool can be run on the same problems.\n"
    "'lips import' reads both back. FORMAT is\n"
    "  neo              Neo's JSON problems (PLDI'18): OUT is a directory (made if\n"
    "                   missing) that gets NAME.json for each problem, or, for a\n"
    "                   dataset of one problem, a FILE ending in .json. A name\n"
    "                   that is empty, repeated or not of letters, digits, '.',\n"
    "                   '_' and '-' gives the file progI.json (I: the problem's\n"
    "                   index from 0). The program, when the problem has one, is\n"
    "                   written as Neo's tree.\n"
    "  deepcoder-utils  the DeepCoder utilities' data directory OUT (made if\n"
    "                   missing): input_types.txt, input_values.txt,\n"
    "                   output_types.txt, output_values.txt (every problem must\n"
    "                   have the same number of examples), prior.txt and, with\n"
    "                   --model or --orders, predictions/N.txt. Run their search\n"
    "                   as 'search NAME M LEN N ORDER -1' from the directory above\n"
    "                   data/NAME.\n"
    "docs/formats.md describes both.\n\n"
    "      --to FORMAT   neo or deepcoder-utils\n"
    "  -o, --out OUT     the directory (or file) to write\n"
    "      --order FILE  deepcoder-utils: prior.txt from this lips ordering file\n"
    "                    (default: how often each attribute occurs in the\n"
    "                    dataset's programs, or 1 for each when it has none)\n"
    "      --orders DIR  deepcoder-utils: lips ordering files as 'lips import\n"
    "                    --orders' writes them: prior.txt from DIR/prior.json and\n"
    "                    predictions/N.txt from DIR/N.json, where present\n"
    "      --model FILE  deepcoder-utils: predictions/N.txt from this network's\n"
    "                    predictions for problem N\n"
    "  -h, --help        this help\n";

enum { OPT_TO = 256, OPT_ORDER, OPT_ORDERS, OPT_MODEL };

static lips_status make_dir(const char *path, lips_error *err) {
    struct stat st;
    if (mkdir(path, 0777) == 0 || (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))) return LIPS_OK;
    return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot create the directory");
}

static int safe_name(const char *s) {
    return s[0] && s[0] != '.' && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == strlen(s);
}

static lips_status write_neo_file(const lips_problem *p, const char *path, lips_error *err) {
    FILE *f = fopen(path, "w");
    if (!f) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot create the file");
    lips_status s = lips_neo_write(p, f);
    if (fclose(f) != 0 || s) return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "cannot write the file");
    return LIPS_OK;
}

static lips_status export_neo(const lips_problem *ps, size_t n, const char *out, lips_error *err) {
    size_t len = strlen(out);
    if (len > 5 && !strcmp(out + len - 5, ".json")) {
        if (n != 1)
            return lips_error_set(err, LIPS_ERR_INPUT, out, 0, 0,
                                  "a .json file takes a dataset of one problem, this one has %zu; give a directory", n);
        return write_neo_file(&ps[0], out, err);
    }
    lips_status s = make_dir(out, err);
    char(*used)[64] = s ? NULL : calloc(n ? n : 1, sizeof *used);
    if (!s && !used) s = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n && !s; i++) {
        int fresh = safe_name(ps[i].name);
        for (size_t j = 0; j < i && fresh; j++) fresh = strcmp(used[j], ps[i].name) != 0;
        if (fresh) snprintf(used[i], sizeof used[i], "%s", ps[i].name);
        else snprintf(used[i], sizeof used[i], "prog%zu", i);
        for (size_t j = 0; j < i && !fresh; j++)
            if (!strcmp(used[j], used[i]))
                s = lips_error_set(err, LIPS_ERR_INPUT, NULL, 0, 0,
                                   "problem %zu would be written to %s.json, as problem %zu is", i + 1, used[i], j + 1);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.json", out, used[i]);
        if (!s) s = write_neo_file(&ps[i], path, err);
    }
    free(used);
    return s;
}

/* How often each attribute occurs among the dataset's programs; 1 without any. */
static void dataset_prior(const lips_problem *ps, size_t n, float p[LIPS_N_ATTRS]) {
    size_t count[LIPS_N_ATTRS] = {0}, with = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ps[i].has_program) continue;
        with++;
        uint64_t bits = lips_program_attrs(&ps[i].program);
        for (int a = 0; a < LIPS_N_ATTRS; a++) count[a] += (bits >> a) & 1;
    }
    for (int a = 0; a < LIPS_N_ATTRS; a++) p[a] = with ? (float)count[a] / (float)with : 1.0f;
}

static lips_status export_dcu(const lips_problem *ps, size_t n, const char *out, const char *order,
                              const char *orders, const char *model, lips_error *err) {
    lips_status s = make_dir(out, err);
    if (!s) s = lips_dcu_write(ps, n, out, err);
    float p[LIPS_N_ATTRS];
    char src[4096], dst[4096];
    struct stat st;
    snprintf(src, sizeof src, "%s/prior.json", orders ? orders : "");
    if (s) return s;
    if (order) s = lips_order_load(order, p, err);
    else if (orders && stat(src, &st) == 0) s = lips_order_load(src, p, err);
    else dataset_prior(ps, n, p);
    snprintf(dst, sizeof dst, "%s/prior.txt", out);
    if (!s) s = lips_dcu_order_write(p, dst, err);
    if (s || (!orders && !model)) return s;
    snprintf(dst, sizeof dst, "%s/predictions", out);
    s = make_dir(dst, err);
    lips_nn *nn = NULL;
    if (!s && model) s = lips_nn_load(model, &nn, err);
    for (size_t i = 0; i < n && !s; i++) {
        if (nn) {
            lips_nn_predict(nn, &ps[i], p);
        } else {
            snprintf(src, sizeof src, "%s/%zu.json", orders, i);
            if (stat(src, &st) != 0) continue;
            s = lips_order_load(src, p, err);
        }
        snprintf(dst, sizeof dst, "%s/predictions/%zu.txt", out, i);
        if (!s) s = lips_dcu_order_write(p, dst, err);
    }
    lips_nn_free(nn);
    return s;
}

int lips_cmd_export(int argc, char **argv) {
    static const struct option longopts[] = {{"to", required_argument, 0, OPT_TO},
                                             {"out", required_argument, 0, 'o'},
                                             {"order", required_argument, 0, OPT_ORDER},
                                             {"orders", required_argument, 0, OPT_ORDERS},
                                             {"model", required_argument, 0, OPT_MODEL},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *to = NULL, *out = NULL, *order = NULL, *orders = NULL, *model = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_TO: to = optarg; break;
        case 'o': out = optarg; break;
        case OPT_ORDER: order = optarg; break;
        case OPT_ORDERS: orders = optarg; break;
        case OPT_MODEL: model = optarg; break;
        case 'h': fputs(help, stdout); return 0;
        default: return cli_bad_option("export", argv);
        }
    }
    if (!to) return cli_usage_error("export", "give the format with --to neo or --to deepcoder-utils");
    int neo = !strcmp(to, "neo");
    if (!neo && strcmp(to, "deepcoder-utils"))
        return cli_usage_error("export", "--to takes neo or deepcoder-utils, not '%s'", to);
    if (argc - optind != 1) return cli_usage_error("export", "expected one DATASET");
    if (!out) return cli_usage_error("export", "give the output with -o OUT");
    if (neo && (order || orders || model))
        return cli_usage_error("export", "--order, --orders and --model are for --to deepcoder-utils");
    if (order && orders) return cli_usage_error("export", "give the prior with --order or --orders, not both");
    if (model && orders) return cli_usage_error("export", "give the predictions with --model or --orders, not both");
    const char *path = argv[optind];
    lips_error err;
    lips_problem *ps = NULL;
    size_t n = 0;
    lips_status s;
    struct stat st;
    /* a problem file (.lips, .json) is a dataset of one problem */
    size_t len = strlen(path);
    if (len > 6 && !strcmp(path + len - 6, ".jsonl")) {
        s = lips_dataset_load(path, &ps, &n, &err);
    } else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        s = lips_error_set(&err, LIPS_ERR_INPUT, path, 0, 0, "is a directory, not a dataset");
    } else {
        ps = malloc(sizeof *ps);
        s = ps ? lips_problem_load(path, ps, &err) : lips_error_set(&err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
        n = 1;
    }
    if (!s && n == 0) s = lips_error_set(&err, LIPS_ERR_INPUT, path, 0, 0, "the dataset has no problem");
    if (!s) s = neo ? export_neo(ps, n, out, &err) : export_dcu(ps, n, out, order, orders, model, &err);
    free(ps);
    return s ? cli_fail(&err) : 0;
}
