/* lips predict: the attribute probabilities a model gives a problem. */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "cli.h"
#include "lips/nn.h"

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
