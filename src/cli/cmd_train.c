/* lips train / predict / eval: the attribute predictor from the command line. */
#include <cblas.h>
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lips/nn.h"
#include "lips/train.h"

static const char train_help[] =
    "usage: lips train --data TRAIN.jsonl --out MODEL.lips [options]\n\n"
    "Trains the attribute predictor on problems with known programs (lips gen\n"
    "output) with mini-batch Adam. A line per epoch on stderr (training loss;\n"
    "with --valid, the validation loss, mean AUC and MAP). Writes the model file\n"
    "and its JSON model card beside it (MODEL.json: the command, dimensions,\n"
    "data, time, throughput, final losses), both atomically.\n\n"
    "Training is deterministic for a seed and an OpenBLAS thread count: the same\n"
    "seed with another thread count may round differently and give another\n"
    "model (the card records the count used; --threads fixes it).\n\n"
    "      --data FILE     training set (JSON Lines)\n"
    "      --valid FILE    validation set, measured after every epoch\n"
    "  -o, --out FILE      the model file\n"
    "      --epochs N      passes over the data (default 10)\n"
    "      --batch B       problems per step (default 64)\n"
    "      --lr X          Adam learning rate (default 0.001)\n"
    "      --seed S        initialization and shuffling (default 1)\n"
    "      --embed E --hidden K --layers H   dimensions (default 20, 256, 3)\n"
    "      --list-len L    tokens a value is padded to, 1..20 (default 20); a\n"
    "                      longer list is cut to its first L elements\n"    "      --threads N     OpenBLAS threads (default: OPENBLAS_NUM_THREADS, else\n"
    "                      one a core)\n"
    "  -h, --help          this help\n";

/* Training and evaluation need each problem's program (lips gen output). */
static lips_status labelled(const char *path, const lips_problem *ps, size_t n, const char *what, lips_error *err) {
    if (!n) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "the %s set is empty", what);
    for (size_t i = 0; i < n; i++)
        if (!ps[i].has_program)
            return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0,
                                  "problem %zu has no \"program\" (the %s set needs lips gen output)", i + 1, what);
    return LIPS_OK;
}

/* ---- model cards ---- */

/* "lips CMD ARGS...", each argument quoted for a POSIX shell when needed. */
static char *command_line(int argc, char **argv) {
    size_t cap = 8;
    for (int i = 0; i < argc; i++) cap += 4 * strlen(argv[i]) + 3;
    char *s = malloc(cap), *o = s;
    if (!s) return NULL;
    o += sprintf(o, "lips");
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int plain = *a != 0;
        for (const char *c = a; *c && plain; c++)
            plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                    strchr("-_./=,:+@%", *c);
        *o++ = ' ';
        if (plain) {
            o += sprintf(o, "%s", a);
            continue;
        }
        *o++ = '\'';
        for (const char *c = a; *c; c++) {
            if (*c == '\'') o += sprintf(o, "'\\''");
            else *o++ = *c;
        }
        *o++ = '\'';
    }
    *o = 0;
    return s;
}

/* MODEL.lips -> MODEL.json; any other name gets ".json" added. */
static void card_path(const char *model, char *out, size_t size) {
    size_t n = strlen(model);
    if (n > 5 && strcmp(model + n - 5, ".lips") == 0) n -= 5;
    snprintf(out, size, "%.*s.json", (int)n, model);
}

static const char *base_name(const char *path) {
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* A number rounded to 4 decimals, so the card reads 0.8876, not 0.88759999. */
static cJSON *num4(cJSON *o, const char *key, double v) {
    if (!isfinite(v)) return cJSON_AddNullToObject(o, key);
    return cJSON_AddNumberToObject(o, key, round(v * 1e4) / 1e4);
}

/* Writes o (indented) to PATH.tmp and renames it over path. */
static lips_status write_card(const cJSON *o, const char *path, lips_error *err) {
    char *text = cJSON_Print(o);
    if (!text) return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    int ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    ok = f && fclose(f) == 0 && ok;
    cJSON_free(text);
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot write the model card");
    }
    return LIPS_OK;
}

static void add_network(cJSON *card, const lips_nn *nn, const char *model) {
    cJSON *net = cJSON_AddObjectToObject(card, "network");
    cJSON_AddNumberToObject(net, "E", nn->cfg.E);
    cJSON_AddNumberToObject(net, "L", nn->cfg.L);
    cJSON_AddNumberToObject(net, "K", nn->cfg.K);
    cJSON_AddNumberToObject(net, "H", nn->cfg.H);
    cJSON_AddNumberToObject(net, "C", LIPS_N_ATTRS);
    cJSON_AddNumberToObject(net, "parameters", (double)nn->n_params);
    FILE *f = fopen(model, "rb");
    long bytes = -1;
    if (f && fseek(f, 0, SEEK_END) == 0) bytes = ftell(f);
    if (f) fclose(f);
    cJSON_AddNumberToObject(net, "bytes", (double)bytes);
}

static lips_status train_card(const char *path, const char *model, const char *cmd, const lips_nn *nn,
                              const char *data, size_t n, const char *valid, size_t nv, const lips_train_config *tc,
                              int threads, const lips_train_report *r, lips_error *err) {
    cJSON *card = cJSON_CreateObject();
    if (!card) return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
    char name[256];
    const char *file = base_name(model);
    size_t len = strlen(file);
    if (len > 5 && strcmp(file + len - 5, ".lips") == 0) len -= 5;
    snprintf(name, sizeof name, "%.*s", (int)len, file);
    cJSON_AddStringToObject(card, "name", name);
    cJSON_AddStringToObject(card, "file", file);
    add_network(card, nn, model);
    cJSON *d = cJSON_AddObjectToObject(card, "data"), *t = cJSON_AddObjectToObject(d, "train");
    cJSON_AddStringToObject(t, "file", data);
    cJSON_AddNumberToObject(t, "problems", (double)n);
    if (valid) {
        cJSON *v = cJSON_AddObjectToObject(d, "valid");
        cJSON_AddStringToObject(v, "file", valid);
        cJSON_AddNumberToObject(v, "problems", (double)nv);
    }
    cJSON *tr = cJSON_AddObjectToObject(card, "training");
    cJSON_AddStringToObject(tr, "command", cmd);
    cJSON_AddNumberToObject(tr, "epochs", tc->epochs);
    cJSON_AddNumberToObject(tr, "batch", tc->batch);
    cJSON_AddNumberToObject(tr, "lr", round((double)tc->lr * 1e9) / 1e9);
    /* most JSON readers (cJSON too, when eval --card rewrites the card) hold
     * a number in a double, exact only up to 2^53: a larger seed is a string */
    if (tc->seed <= 1ull << 53) {
        cJSON_AddNumberToObject(tr, "seed", (double)tc->seed);
    } else {
        char seed[24];
        snprintf(seed, sizeof seed, "%" PRIu64, tc->seed);
        cJSON_AddStringToObject(tr, "seed", seed);
    }
    cJSON_AddNumberToObject(tr, "openblas_threads", threads);
    cJSON_AddStringToObject(tr, "deterministic", "for this seed and this OpenBLAS thread count");
    num4(tr, "seconds", r->seconds);
    cJSON_AddNumberToObject(tr, "throughput_problems_per_second", round(r->problems_per_s));
    cJSON *fin = cJSON_AddObjectToObject(tr, "final");
    num4(fin, "train_loss", r->loss);
    if (r->has_valid) {
        num4(fin, "valid_loss", r->valid.loss);
        num4(fin, "valid_mean_auc", r->valid.mean_auc);
        num4(fin, "valid_map", r->valid.map);
    }
    lips_status s = write_card(card, path, err);
    cJSON_Delete(card);
    return s;
}

int lips_cmd_train(int argc, char **argv) {
    enum { O_DATA = 256, O_VALID, O_EPOCHS, O_BATCH, O_LR, O_SEED, O_E, O_K, O_H, O_L, O_THREADS };
    static const struct option opts[] = {
        {"data", required_argument, 0, O_DATA},     {"valid", required_argument, 0, O_VALID},
        {"out", required_argument, 0, 'o'},         {"epochs", required_argument, 0, O_EPOCHS},
        {"batch", required_argument, 0, O_BATCH},   {"lr", required_argument, 0, O_LR},
        {"seed", required_argument, 0, O_SEED},     {"embed", required_argument, 0, O_E},
        {"hidden", required_argument, 0, O_K},      {"layers", required_argument, 0, O_H},
        {"list-len", required_argument, 0, O_L},    {"threads", required_argument, 0, O_THREADS},
        {"help", no_argument, 0, 'h'},              {0, 0, 0, 0}};
    const char *data = NULL, *valid = NULL, *out = NULL;
    lips_train_config tc;
    lips_train_config_default(&tc);
    lips_nn_config nc;
    lips_nn_config_default(&nc);
    double x;
    long v;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case O_DATA: data = optarg; break;
        case O_VALID: valid = optarg; break;
        case 'o': out = optarg; break;
        case O_EPOCHS:
            if (cli_parse_int("train", "--epochs", optarg, 1, 10000, &v)) return LIPS_ERR_INPUT;
            tc.epochs = (int)v;
            break;
        case O_BATCH:
            if (cli_parse_int("train", "--batch", optarg, 1, 1024, &v)) return LIPS_ERR_INPUT;
            tc.batch = nc.max_batch = (int)v;
            break;
        case O_LR:
            if (cli_parse_real("train", "--lr", optarg, 1e-7, 1, &x)) return LIPS_ERR_INPUT;
            tc.lr = (float)x;
            break;
        case O_SEED:
            if (cli_parse_u64("train", "--seed", optarg, &tc.seed)) return LIPS_ERR_INPUT;
            break;
        case O_E:
            if (cli_parse_int("train", "--embed", optarg, 1, 256, &v)) return LIPS_ERR_INPUT;
            nc.E = (int)v;
            break;
        case O_K:
            if (cli_parse_int("train", "--hidden", optarg, 1, 4096, &v)) return LIPS_ERR_INPUT;
            nc.K = (int)v;
            break;
        case O_H:
            if (cli_parse_int("train", "--layers", optarg, 1, 8, &v)) return LIPS_ERR_INPUT;
            nc.H = (int)v;
            break;
        case O_L:
            if (cli_parse_int("train", "--list-len", optarg, 1, LIPS_MAX_LEN, &v)) return LIPS_ERR_INPUT;
            nc.L = (int)v;
            break;
        case O_THREADS:
            if (cli_parse_int("train", "--threads", optarg, 1, 64, &v)) return LIPS_ERR_INPUT;
            openblas_set_num_threads((int)v);
            break;
        case 'h': fputs(train_help, stdout); return 0;
        default: return cli_bad_option("train", argv);
        }
    }
    if (optind != argc) return cli_usage_error("train", "unexpected argument '%s'", argv[optind]);
    if (!data || !out) return cli_usage_error("train", "give --data and --out");
    lips_error err;
    /* the model is written to OUT.tmp and renamed (lips_nn_save): find out
     * now, not after training, whether that can be written */
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    FILE *probe = fopen(tmp, "wb");
    if (!probe) {
        lips_error_set(&err, LIPS_ERR_INPUT, out, 0, 0, "cannot write the model file");
        return cli_fail(&err);
    }
    fclose(probe);
    remove(tmp);
    lips_problem *tr = NULL, *va = NULL;
    size_t n = 0, nv = 0;
    if (lips_dataset_load(data, &tr, &n, &err)) return cli_fail(&err);
    if (valid && lips_dataset_load(valid, &va, &nv, &err)) {
        free(tr);
        return cli_fail(&err);
    }
    int status = 0;
    lips_nn *nn = NULL;
    if (labelled(data, tr, n, "training", &err) || (valid && labelled(valid, va, nv, "validation", &err))) {
        status = cli_fail(&err);
    } else if (!(nn = lips_nn_new(&nc, tc.seed))) {
        lips_error_set(&err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
        status = cli_fail(&err);
    } else {
        static lips_train_report rep;
        tc.progress = stderr;
        tc.report = &rep;
        double loss;
        char card[4096], *cmd = command_line(argc, argv);
        card_path(out, card, sizeof card);
        if (!cmd) {
            lips_error_set(&err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
            status = cli_fail(&err);
        } else if (lips_train(nn, tr, n, va, nv, &tc, &loss, &err) || lips_nn_save(nn, out, &err) ||
                   train_card(card, out, cmd, nn, data, n, valid, nv, &tc, openblas_get_num_threads(), &rep, &err)) {
            status = cli_fail(&err);
        }
        free(cmd);
    }
    lips_nn_free(nn);
    free(tr);
    free(va);
    return status;
}

static const char predict_help[] =
    "usage: lips predict PROBLEM [--model FILE] [--json]\n\n"
    "Prints the 34 attribute probabilities the network predicts for the\n"
    "problem's examples, highest first (--json: an object readable by\n"
    "'lips solve --order'). Without --model, the shipped model.\n";

static lips_problem one;

static const float *sort_probs;
static int by_prob(const void *a, const void *b) {
    float x = sort_probs[*(const int *)a], y = sort_probs[*(const int *)b];
    return x > y ? -1 : x < y ? 1 : *(const int *)a - *(const int *)b;
}

int lips_cmd_predict(int argc, char **argv) {
    static const struct option opts[] = {{"model", required_argument, 0, 'm'}, {"json", no_argument, 0, 'j'},
                                         {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *model = cli_default_model();
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'm': model = optarg; break;
        case 'j': json = 1; break;
        case 'h': fputs(predict_help, stdout); return 0;
        default: return cli_bad_option("predict", argv);
        }
    }
    if (argc - optind != 1) return cli_usage_error("predict", "expected one PROBLEM");
    lips_error err;
    lips_nn *nn;
    if (lips_nn_load(model, &nn, &err)) return cli_fail(&err);
    if (lips_problem_load(argv[optind], &one, &err)) {
        lips_nn_free(nn);
        return cli_fail(&err);
    }
    float p[LIPS_N_ATTRS];
    lips_nn_predict(nn, &one, p);
    lips_nn_free(nn);
    int order[LIPS_N_ATTRS];
    for (int i = 0; i < LIPS_N_ATTRS; i++) order[i] = i;
    sort_probs = p;
    qsort(order, LIPS_N_ATTRS, sizeof order[0], by_prob);
    if (json) {
        cJSON *o = cJSON_CreateObject(), *a = cJSON_AddObjectToObject(o, "attributes");
        for (int i = 0; i < LIPS_N_ATTRS; i++) cJSON_AddNumberToObject(a, lips_attr_name(order[i]), p[order[i]]);
        char *s = cJSON_PrintUnformatted(o);
        puts(s);
        cJSON_free(s);
        cJSON_Delete(o);
    } else {
        for (int i = 0; i < LIPS_N_ATTRS; i++) printf("%-9s %.4f\n", lips_attr_name(order[i]), p[order[i]]);
    }
    return 0;
}

static const char eval_help[] =
    "usage: lips eval --data TEST.jsonl [--model FILE] [--prior PRIOR.json] [--plot FILE.png] [--json]\n"
    "                 [--card MODEL.json]\n\n"
    "Measures the network on problems with known programs: loss, per-attribute\n"
    "ROC AUC, mean average precision, mean rank of the true attributes; with\n"
    "--prior, the same for that fixed ordering side by side. --plot draws the\n"
    "confusion picture (how the presence of attribute i moves the prediction of\n"
    "attribute j) with gnuplot. --card writes the measures (and the command)\n"
    "into the model card's \"test_metrics\", keeping its other keys; the card is\n"
    "rewritten atomically.\n";

/* The card to merge into: read and parsed before the (slow) evaluation. */
static cJSON *load_card(const char *path, lips_error *err) {
    char *text;
    if (cli_read_file(path, &text, err)) return NULL;
    const char *end = NULL;
    cJSON *o = cJSON_ParseWithOpts(text, &end, 1);
    if (!o || !cJSON_IsObject(o)) {
        const char *at = o ? text : cJSON_GetErrorPtr();
        int line = 1, col = 1;
        for (const char *c = text; at && c < at && *c; c++) {
            if (*c == '\n') line++, col = 1;
            else col++;
        }
        lips_error_set(err, LIPS_ERR_INPUT, path, line, col, o ? "a model card must be a JSON object" : "malformed JSON");
        cJSON_Delete(o);
        o = NULL;
    }
    free(text);
    return o;
}

static void add_measures(cJSON *o, const lips_eval *ev) {
    num4(o, "loss", ev->loss);
    num4(o, "mean_auc", ev->mean_auc);
    num4(o, "map", ev->map);
    num4(o, "mean_rank_of_true_attributes", ev->mean_rank);
    num4(o, "mean_worst_rank", ev->mean_worst_rank);
}

static lips_status merge_card(cJSON *card, const char *path, const char *cmd, const char *data, size_t n,
                              const char *prior, const lips_eval *ev, const lips_eval *evp, lips_error *err) {
    cJSON *m = cJSON_CreateObject();
    if (!m) return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
    cJSON_AddStringToObject(m, "command", cmd);
    cJSON_AddStringToObject(m, "data", data);
    cJSON_AddNumberToObject(m, "problems", (double)n);
    add_measures(m, ev);
    if (prior) {
        cJSON *p = cJSON_AddObjectToObject(m, "prior");
        cJSON_AddStringToObject(p, "file", prior);
        add_measures(p, evp);
    }
    cJSON *a = cJSON_AddObjectToObject(m, "per_attribute_auc");
    for (int i = 0; i < LIPS_N_ATTRS; i++) num4(a, lips_attr_name(i), ev->auc[i]);
    /* in place when the card has the key, so the others keep their order */
    if (cJSON_GetObjectItemCaseSensitive(card, "test_metrics")) cJSON_ReplaceItemInObjectCaseSensitive(card, "test_metrics", m);
    else cJSON_AddItemToObject(card, "test_metrics", m);
    return write_card(card, path, err);
}

/* gnuplot reads tic labels as formats: '%' must be doubled */
static void tic_labels(FILE *g) {
    fputc('(', g);
    for (int i = 0; i < LIPS_N_ATTRS; i++) {
        fputs(i ? ", \"" : "\"", g);
        for (const char *c = lips_attr_name(i); *c; c++) fputs(*c == '%' ? "%%" : (char[2]){*c, 0}, g);
        fprintf(g, "\" %d", i);
    }
    fputs(")\n", g);
}

static int plot(const lips_eval *ev, const char *path) {
    char data[] = "/tmp/lips-plot-XXXXXX";
    int fd = mkstemp(data);
    if (fd < 0) return 1;
    FILE *f = fdopen(fd, "w");
    for (int i = 0; i < LIPS_N_ATTRS; i++) {
        for (int j = 0; j < LIPS_N_ATTRS; j++) fprintf(f, "%d %d %.5f\n", j, i, ev->confusion[i][j]);
        fputc('\n', f);
    }
    fclose(f);
    FILE *g = popen("gnuplot", "w");
    if (!g) {
        remove(data);
        return 1;
    }
    fprintf(g, "set terminal pngcairo size 900,850 font ',9'\nset output '%s'\n", path);
    fprintf(g, "set title 'mean predicted probability of j (x) on problems that use i (y)'\n");
    fprintf(g, "set xrange [-0.5:33.5]\nset yrange [33.5:-0.5]\nset cbrange [0:1]\nset palette rgb 33,13,10\n");
    fputs("set bmargin 8\nset xtics rotate by 90 right ", g);
    tic_labels(g);
    fputs("set ytics ", g);
    tic_labels(g);
    fprintf(g, "plot '%s' using 1:2:3 with image notitle\n", data);
    int rc = pclose(g);
    remove(data);
    return rc != 0;
}

static void print_eval(const char *what, const lips_eval *ev) {
    printf("%-8s loss %.4f  mean AUC %.4f  MAP %.4f  mean rank of true attributes %.2f  worst %.2f\n", what,
           ev->loss, ev->mean_auc, ev->map, ev->mean_rank, ev->mean_worst_rank);
}

int lips_cmd_eval(int argc, char **argv) {
    static const struct option opts[] = {{"model", required_argument, 0, 'm'}, {"data", required_argument, 0, 'd'},
                                         {"prior", required_argument, 0, 'p'}, {"plot", required_argument, 0, 'P'},
                                         {"json", no_argument, 0, 'j'},        {"help", no_argument, 0, 'h'},
                                         {"card", required_argument, 0, 'c'},  {0, 0, 0, 0}};
    const char *model = cli_default_model(), *data = NULL, *prior = NULL, *png = NULL, *card_file = NULL;
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'm': model = optarg; break;
        case 'd': data = optarg; break;
        case 'p': prior = optarg; break;
        case 'P': png = optarg; break;
        case 'j': json = 1; break;
        case 'c': card_file = optarg; break;
        case 'h': fputs(eval_help, stdout); return 0;
        default: return cli_bad_option("eval", argv);
        }
    }
    if (optind != argc || !data) return cli_usage_error("eval", "give --data");
    lips_error err;
    float pp[LIPS_N_ATTRS];
    if (prior && lips_order_load(prior, pp, &err)) return cli_fail(&err);
    cJSON *card = NULL;
    if (card_file && !(card = load_card(card_file, &err))) return cli_fail(&err);
    lips_nn *nn;
    if (lips_nn_load(model, &nn, &err)) {
        cJSON_Delete(card);
        return cli_fail(&err);
    }
    lips_problem *ps;
    size_t n;
    if (lips_dataset_load(data, &ps, &n, &err)) {
        lips_nn_free(nn);
        cJSON_Delete(card);
        return cli_fail(&err);
    }
    static lips_eval ev, evp;
    int status = labelled(data, ps, n, "test", &err) || lips_evaluate(nn, ps, n, &ev, &err) ? cli_fail(&err) : 0;
    if (!status && prior) lips_evaluate_fixed(pp, ps, n, &evp);
    if (!status && json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "problems", (double)n);
        cJSON_AddNumberToObject(o, "loss", ev.loss);
        cJSON_AddNumberToObject(o, "mean_auc", ev.mean_auc);
        cJSON_AddNumberToObject(o, "map", ev.map);
        cJSON_AddNumberToObject(o, "mean_rank", ev.mean_rank);
        cJSON_AddNumberToObject(o, "mean_worst_rank", ev.mean_worst_rank);
        cJSON *a = cJSON_AddObjectToObject(o, "auc");
        for (int i = 0; i < LIPS_N_ATTRS; i++)
            if (ev.auc[i] == ev.auc[i]) cJSON_AddNumberToObject(a, lips_attr_name(i), ev.auc[i]);
        char *s = cJSON_PrintUnformatted(o);
        puts(s);
        cJSON_free(s);
        cJSON_Delete(o);
    } else if (!status) {
        printf("%zu problems\n", n);
        print_eval("model", &ev);
        if (prior) print_eval("prior", &evp);
        printf("\nper-attribute AUC:\n");
        for (int i = 0; i < LIPS_N_ATTRS; i++) printf("  %-9s %.4f\n", lips_attr_name(i), ev.auc[i]);
    }
    if (!status && png && plot(&ev, png)) {
        lips_error_set(&err, LIPS_ERR_INTERNAL, png, 0, 0, "gnuplot could not draw the plot");
        status = cli_fail(&err);
    }
    if (!status && card) {
        char *cmd = command_line(argc, argv);
        if (!cmd) {
            lips_error_set(&err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
            status = cli_fail(&err);
        }
        if (!status && merge_card(card, card_file, cmd, data, n, prior, &ev, &evp, &err)) status = cli_fail(&err);
        free(cmd);
    }
    cJSON_Delete(card);
    lips_nn_free(nn);
    free(ps);
    return status;
}
