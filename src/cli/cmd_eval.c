/* lips eval: a model measured on a test set, with a confusion plot. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "lips/nn.h"
#include "lips/train.h"

static const char eval_help[] =
    "usage: lips eval --data [NAME=]TEST.jsonl [--data NAME=TEST.jsonl ...] [--model FILE]\n"
    "                 [--prior PRIOR.json] [--plot FILE.png] [--json] [--card MODEL.json]\n\n"
    "Measures the network on problems with known programs: loss, per-attribute\n"
    "ROC AUC, mean average precision, mean rank of the true attributes; with\n"
    "--prior, the same for that fixed ordering side by side. Each --data is a\n"
    "condition (e.g. standard=t3-test.jsonl small=t3-small.jsonl, made with lips gen\n"
    "--value-scale, --max-list-len, --examples): one line per condition, and the\n"
    "per-attribute AUC table with a column per condition. --plot draws the\n"
    "confusion picture of the first condition (how the presence of attribute i\n"
    "moves the prediction of attribute j) with gnuplot. --card writes the\n"
    "measures (and the command) into the model card's \"test_metrics\", keeping\n"
    "its other keys; the card is rewritten atomically.\n";

#define MAX_CONDITIONS 16

/* One test set and what the model and the prior scored on it. */
typedef struct {
    const char *name, *path;
    char name_buf[64]; /* NAME of NAME=FILE: argv stays as given, for the card's command */
    size_t n;
    lips_eval ev, evp;
} condition;

/* --data NAME=FILE names the condition (a NAME of 1-63 characters of
 * [A-Za-z0-9_.-]); a plain FILE is named by itself. */
static void split_condition(const char *arg, condition *c) {
    const char *eq = strchr(arg, '=');
    size_t k = eq ? (size_t)(eq - arg) : 0;
    if (k && k < sizeof c->name_buf &&
        strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") == k) {
        memcpy(c->name_buf, arg, k);
        c->name_buf[k] = 0;
        c->name = c->name_buf;
        c->path = eq + 1;
    } else {
        c->name = c->path = arg;
    }
}

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

static cJSON *condition_json(const condition *c, const char *prior, int named, const char *cmd) {
    cJSON *m = cJSON_CreateObject();
    if (cmd) cJSON_AddStringToObject(m, "command", cmd);
    if (named) cJSON_AddStringToObject(m, "name", c->name);
    cJSON_AddStringToObject(m, "data", c->path);
    cJSON_AddNumberToObject(m, "problems", (double)c->n);
    add_measures(m, &c->ev);
    if (prior) {
        cJSON *p = cJSON_AddObjectToObject(m, "prior");
        cJSON_AddStringToObject(p, "file", prior);
        add_measures(p, &c->evp);
    }
    cJSON *a = cJSON_AddObjectToObject(m, "per_attribute_auc");
    for (int i = 0; i < LIPS_N_ATTRS; i++) cli_card_number(a, lips_attr_name(i), c->ev.auc[i]);
    return m;
}

/* One condition: "test_metrics" as it always was; several: a list of them. */
static lips_status merge_card(cJSON *card, const char *path, const char *cmd, const condition *cs, int nc,
                              const char *prior, lips_error *err) {
    cJSON *m = nc == 1 ? condition_json(&cs[0], prior, 0, cmd) : cJSON_CreateObject();
    if (!m) return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
    if (nc > 1) {
        cJSON_AddStringToObject(m, "command", cmd);
        cJSON *l = cJSON_AddArrayToObject(m, "conditions");
        for (int i = 0; i < nc; i++) cJSON_AddItemToArray(l, condition_json(&cs[i], prior, 1, NULL));
    }
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

static void print_conditions(const condition *cs, int nc, int prior) {
    if (nc == 1) {
        printf("%zu problems\n", cs[0].n);
        print_eval("model", &cs[0].ev);
        if (prior) print_eval("prior", &cs[0].evp);
        printf("\nper-attribute AUC:\n");
        for (int i = 0; i < LIPS_N_ATTRS; i++) printf("  %-9s %.4f\n", lips_attr_name(i), cs[0].ev.auc[i]);
        return;
    }
    printf("%-12s %8s  %7s %9s %6s %10s %6s%s\n", "condition", "problems", "loss", "mean AUC", "MAP",
           "mean rank", "worst", prior ? "   prior: MAP mean rank" : "");
    for (int k = 0; k < nc; k++) {
        const lips_eval *e = &cs[k].ev;
        printf("%-12s %8zu  %7.4f %9.4f %6.4f %10.2f %6.2f", cs[k].name, cs[k].n, e->loss, e->mean_auc, e->map,
               e->mean_rank, e->mean_worst_rank);
        if (prior) printf("   %6.4f %9.2f", cs[k].evp.map, cs[k].evp.mean_rank);
        putchar('\n');
    }
    printf("\nper-attribute AUC:\n  %-9s", "");
    for (int k = 0; k < nc; k++) printf(" %12.12s", cs[k].name);
    putchar('\n');
    for (int i = 0; i < LIPS_N_ATTRS; i++) {
        printf("  %-9s", lips_attr_name(i));
        for (int k = 0; k < nc; k++) printf(" %12.4f", cs[k].ev.auc[i]);
        putchar('\n');
    }
}

static cJSON *eval_json(const condition *c, int named) {
    cJSON *o = cJSON_CreateObject();
    if (named) cJSON_AddStringToObject(o, "name", c->name);
    cJSON_AddNumberToObject(o, "problems", (double)c->n);
    cJSON_AddNumberToObject(o, "loss", c->ev.loss);
    cJSON_AddNumberToObject(o, "mean_auc", c->ev.mean_auc);
    cJSON_AddNumberToObject(o, "map", c->ev.map);
    cJSON_AddNumberToObject(o, "mean_rank", c->ev.mean_rank);
    cJSON_AddNumberToObject(o, "mean_worst_rank", c->ev.mean_worst_rank);
    cJSON *a = cJSON_AddObjectToObject(o, "auc");
    for (int i = 0; i < LIPS_N_ATTRS; i++)
        if (c->ev.auc[i] == c->ev.auc[i]) cJSON_AddNumberToObject(a, lips_attr_name(i), c->ev.auc[i]);
    return o;
}

/* Loads condition c's test set and measures the model (and the prior) on it. */
static lips_status measure(condition *c, lips_nn *nn, const float *prior, lips_error *err) {
    lips_problem *ps;
    if (lips_dataset_load(c->path, &ps, &c->n, err)) return err->code;
    lips_status st = cli_labelled(c->path, ps, c->n, "test", err);
    if (!st) st = lips_evaluate(nn, ps, c->n, &c->ev, err);
    if (!st && prior) lips_evaluate_fixed(prior, ps, c->n, &c->evp);
    free(ps);
    return st;
}

int lips_cmd_eval(int argc, char **argv) {
    static const struct option opts[] = {{"model", required_argument, 0, 'm'}, {"data", required_argument, 0, 'd'},
                                         {"prior", required_argument, 0, 'p'}, {"plot", required_argument, 0, 'P'},
                                         {"json", no_argument, 0, 'j'},        {"help", no_argument, 0, 'h'},
                                         {"card", required_argument, 0, 'c'},  {0, 0, 0, 0}};
    const char *model = cli_default_model(), *prior = NULL, *png = NULL, *card_file = NULL;
    static condition cs[MAX_CONDITIONS];
    int nc = 0, json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'm': model = optarg; break;
        case 'd':
            if (nc == MAX_CONDITIONS) return cli_usage_error("eval", "at most %d --data conditions", MAX_CONDITIONS);
            split_condition(optarg, &cs[nc++]);
            break;
        case 'p': prior = optarg; break;
        case 'P': png = optarg; break;
        case 'j': json = 1; break;
        case 'c': card_file = optarg; break;
        case 'h': fputs(eval_help, stdout); return 0;
        default: return cli_bad_option("eval", argv);
        }
    }
    if (optind != argc || !nc) return cli_usage_error("eval", "give --data");
    for (int i = 0; i < nc; i++)
        for (int j = 0; j < i; j++)
            if (!strcmp(cs[i].name, cs[j].name)) return cli_usage_error("eval", "condition '%s' is given twice", cs[i].name);
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
    int status = 0;
    for (int i = 0; i < nc && !status; i++)
        if (measure(&cs[i], nn, prior ? pp : NULL, &err)) status = cli_fail(&err);
    if (!status && json) {
        cJSON *o;
        if (nc == 1) {
            o = eval_json(&cs[0], 0);
        } else {
            o = cJSON_CreateObject();
            cJSON *l = cJSON_AddArrayToObject(o, "conditions");
            for (int i = 0; i < nc; i++) cJSON_AddItemToArray(l, eval_json(&cs[i], 1));
        }
        char *s = cJSON_PrintUnformatted(o);
        puts(s);
        cJSON_free(s);
        cJSON_Delete(o);
    } else if (!status) {
        print_conditions(cs, nc, prior != NULL);
    }
    if (!status && png && plot(&cs[0].ev, png)) {
        lips_error_set(&err, LIPS_ERR_INTERNAL, png, 0, 0, "gnuplot could not draw the plot");
        status = cli_fail(&err);
    }
    if (!status && card) {
        char *cmd = cli_command_line(argc, argv);
        if (!cmd) {
            lips_error_set(&err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
            status = cli_fail(&err);
        }
        if (!status && merge_card(card, card_file, cmd, cs, nc, prior, &err)) status = cli_fail(&err);
        free(cmd);
    }
    cJSON_Delete(card);
    lips_nn_free(nn);
    return status;
}
