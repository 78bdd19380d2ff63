/* lips eval: a model measured on a test set, with a confusion plot. */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "cli.h"
#include "json.h"
#include "lips/nn.h"
#include "lips/train.h"

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
    cJSON *o;
    if (!lips_json_parse(text, path, 1, &o, err) && !cJSON_IsObject(o)) {
        lips_error_set(err, LIPS_ERR_INPUT, path, 1, 0, "a model card must be a JSON object, not %s", lips_json_kind(o));
        cJSON_Delete(o);
        o = NULL;
    }
    free(text);
    return o;
}

static void add_measures(cJSON *o, const lips_eval *ev) {
    cli_card_number(o, "loss", ev->loss);
    cli_card_number(o, "mean_auc", ev->mean_auc);
    cli_card_number(o, "map", ev->map);
    cli_card_number(o, "mean_rank_of_true_attributes", ev->mean_rank);
    cli_card_number(o, "mean_worst_rank", ev->mean_worst_rank);
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
    for (int i = 0; i < LIPS_N_ATTRS; i++) cli_card_number(a, lips_attr_name(i), ev->auc[i]);
    /* in place when the card has the key, so the others keep their order */
    if (cJSON_GetObjectItemCaseSensitive(card, "test_metrics")) cJSON_ReplaceItemInObjectCaseSensitive(card, "test_metrics", m);
    else cJSON_AddItemToObject(card, "test_metrics", m);
    return cli_card_write(card, path, err);
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
    int status = cli_labelled(data, ps, n, "test", &err) || lips_evaluate(nn, ps, n, &ev, &err) ? cli_fail(&err) : 0;
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
        char *cmd = cli_command_line(argc, argv);
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
