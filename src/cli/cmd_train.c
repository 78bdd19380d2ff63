/* lips train / predict / eval: the attribute predictor from the command line. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lips/nn.h"
#include "lips/train.h"

static const char train_help[] =
    "usage: lips train --data TRAIN.jsonl --out MODEL.lips [options]\n\n"
    "Trains the attribute predictor on problems with known programs (lips gen\n"
    "output) with mini-batch Adam; deterministic for a seed. A line per epoch on\n"
    "stderr. The model file is written atomically.\n\n"
    "      --data FILE     training set (JSON Lines)\n"
    "      --valid FILE    validation set, measured after every epoch\n"
    "  -o, --out FILE      the model file\n"
    "      --epochs N      passes over the data (default 10)\n"
    "      --batch B       problems per step (default 64)\n"
    "      --lr X          Adam learning rate (default 0.001)\n"
    "      --seed S        initialization and shuffling (default 1)\n"
    "      --embed E --hidden K --layers H   dimensions (default 20, 256, 3)\n"
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

static int number(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out) {
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || !(v >= lo && v <= hi))
        return cli_usage_error(cmd, "%s takes a number in [%g, %g], not '%s'", opt, lo, hi, s);
    *out = v;
    return 0;
}

int lips_cmd_train(int argc, char **argv) {
    enum { O_DATA = 256, O_VALID, O_EPOCHS, O_BATCH, O_LR, O_SEED, O_E, O_K, O_H };
    static const struct option opts[] = {
        {"data", required_argument, 0, O_DATA},     {"valid", required_argument, 0, O_VALID},
        {"out", required_argument, 0, 'o'},         {"epochs", required_argument, 0, O_EPOCHS},
        {"batch", required_argument, 0, O_BATCH},   {"lr", required_argument, 0, O_LR},
        {"seed", required_argument, 0, O_SEED},     {"embed", required_argument, 0, O_E},
        {"hidden", required_argument, 0, O_K},      {"layers", required_argument, 0, O_H},
        {"help", no_argument, 0, 'h'},              {0, 0, 0, 0}};
    const char *data = NULL, *valid = NULL, *out = NULL;
    lips_train_config tc;
    lips_train_config_default(&tc);
    lips_nn_config nc;
    lips_nn_config_default(&nc);
    double x;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case O_DATA: data = optarg; break;
        case O_VALID: valid = optarg; break;
        case 'o': out = optarg; break;
        case O_EPOCHS: if (number("train", "--epochs", optarg, 1, 10000, &x)) return 2; tc.epochs = (int)x; break;
        case O_BATCH: if (number("train", "--batch", optarg, 1, 1024, &x)) return 2; tc.batch = nc.max_batch = (int)x; break;
        case O_LR: if (number("train", "--lr", optarg, 1e-7, 1, &x)) return 2; tc.lr = (float)x; break;
        case O_SEED: if (number("train", "--seed", optarg, 0, 1e18, &x)) return 2; tc.seed = (uint64_t)x; break;
        case O_E: if (number("train", "--embed", optarg, 1, 256, &x)) return 2; nc.E = (int)x; break;
        case O_K: if (number("train", "--hidden", optarg, 1, 4096, &x)) return 2; nc.K = (int)x; break;
        case O_H: if (number("train", "--layers", optarg, 1, 8, &x)) return 2; nc.H = (int)x; break;
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
        tc.progress = stderr;
        double loss;
        if (lips_train(nn, tr, n, va, nv, &tc, &loss, &err) || lips_nn_save(nn, out, &err)) status = cli_fail(&err);
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
    "usage: lips eval --data TEST.jsonl [--model FILE] [--prior PRIOR.json] [--plot FILE.png] [--json]\n\n"
    "Measures the network on problems with known programs: loss, per-attribute\n"
    "ROC AUC, mean average precision, mean rank of the true attributes; with\n"
    "--prior, the same for that fixed ordering side by side. --plot draws the\n"
    "confusion picture (how the presence of attribute i moves the prediction of\n"
    "attribute j) with gnuplot.\n";

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
                                         {0, 0, 0, 0}};
    const char *model = cli_default_model(), *data = NULL, *prior = NULL, *png = NULL;
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'm': model = optarg; break;
        case 'd': data = optarg; break;
        case 'p': prior = optarg; break;
        case 'P': png = optarg; break;
        case 'j': json = 1; break;
        case 'h': fputs(eval_help, stdout); return 0;
        default: return cli_bad_option("eval", argv);
        }
    }
    if (optind != argc || !data) return cli_usage_error("eval", "give --data");
    lips_error err;
    float pp[LIPS_N_ATTRS];
    if (prior && lips_order_load(prior, pp, &err)) return cli_fail(&err);
    lips_nn *nn;
    if (lips_nn_load(model, &nn, &err)) return cli_fail(&err);
    lips_problem *ps;
    size_t n;
    if (lips_dataset_load(data, &ps, &n, &err)) {
        lips_nn_free(nn);
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
    lips_nn_free(nn);
    free(ps);
    return status;
}
