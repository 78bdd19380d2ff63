/* lips train: the attribute predictor from the command line. */
#include <cblas.h>
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "world.h"
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
    "Under mpirun (built with LIPS_MPI), N ranks train data-parallel: each step\n"
    "takes N x B problems, each rank the gradient of B of them, summed over the\n"
    "ranks: the model of one process with --batch N x B, to rounding. Rank 0\n"
    "writes the files (docs/scale.md).\n\n"
    "      --data FILE     training set (JSON Lines)\n"
    "      --valid FILE    validation set, measured after every epoch\n"
    "  -o, --out FILE      the model file\n"
    "      --epochs N      passes over the data (default 10)\n"
    "      --batch B       problems per step (default 64)\n"
    "      --lr X          Adam learning rate (default 0.001)\n"
    "      --seed S        initialization and shuffling (default 1)\n"
    "      --embed E --hidden K --layers H   dimensions (default 20, 256, 3)\n"
    "      --list-len L    tokens a value is padded to, 1..20 (default 20); a\n"
    "                      longer list is cut to its first L elements\n"
    "      --no-relations  leave out the relation features between each input\n"
    "                      and the output (sorted, permutation, reverse, ...;\n"
    "                      docs/nn.md)\n"
    "      --threads N     OpenBLAS threads (default: OPENBLAS_NUM_THREADS, else\n"
    "                      one a core)\n"
    "  -h, --help          this help\n";

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

static void add_network(cJSON *card, const lips_nn *nn, const char *model) {
    cJSON *net = cJSON_AddObjectToObject(card, "network");
    cJSON_AddNumberToObject(net, "E", nn->cfg.E);
    cJSON_AddNumberToObject(net, "L", nn->cfg.L);
    cJSON_AddNumberToObject(net, "K", nn->cfg.K);
    cJSON_AddNumberToObject(net, "H", nn->cfg.H);
    cJSON_AddNumberToObject(net, "R", nn->cfg.R);
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
    /* under mpirun a step takes ranks x batch problems */
    if (lips_comm_many(tc->comm)) cJSON_AddNumberToObject(tr, "ranks", tc->comm->size);
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
    cli_card_number(tr, "seconds", r->seconds);
    cJSON_AddNumberToObject(tr, "throughput_problems_per_second", round(r->problems_per_s));
    cJSON *fin = cJSON_AddObjectToObject(tr, "final");
    cli_card_number(fin, "train_loss", r->loss);
    if (r->has_valid) {
        cli_card_number(fin, "valid_loss", r->valid.loss);
        cli_card_number(fin, "valid_mean_auc", r->valid.mean_auc);
        cli_card_number(fin, "valid_map", r->valid.map);
    }
    lips_status s = cli_card_write(card, path, err);
    cJSON_Delete(card);
    return s;
}

int lips_cmd_train(int argc, char **argv) {
    enum { O_DATA = 256, O_VALID, O_EPOCHS, O_BATCH, O_LR, O_SEED, O_E, O_K, O_H, O_L, O_THREADS, O_NOREL };
    static const struct option opts[] = {
        {"data", required_argument, 0, O_DATA},     {"valid", required_argument, 0, O_VALID},
        {"out", required_argument, 0, 'o'},         {"epochs", required_argument, 0, O_EPOCHS},
        {"batch", required_argument, 0, O_BATCH},   {"lr", required_argument, 0, O_LR},
        {"seed", required_argument, 0, O_SEED},     {"embed", required_argument, 0, O_E},
        {"hidden", required_argument, 0, O_K},      {"layers", required_argument, 0, O_H},
        {"list-len", required_argument, 0, O_L},    {"threads", required_argument, 0, O_THREADS},
        {"no-relations", no_argument, 0, O_NOREL},  {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
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
        case O_NOREL: nc.R = 0; break;
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
    int root = cli_world_root();
    FILE *probe = root ? fopen(tmp, "wb") : NULL;
    if (root && !probe) {
        lips_error_set(&err, LIPS_ERR_INPUT, out, 0, 0, "cannot write the model file");
        return cli_fail(&err);
    }
    if (probe) fclose(probe);
    if (root) remove(tmp);
    lips_problem *tr = NULL, *va = NULL;
    size_t n = 0, nv = 0;
    if (lips_dataset_load(data, &tr, &n, &err)) return cli_fail(&err);
    if (valid && lips_dataset_load(valid, &va, &nv, &err)) {
        free(tr);
        return cli_fail(&err);
    }
    int status = 0;
    lips_nn *nn = NULL;
    if (cli_labelled(data, tr, n, "training", &err) || (valid && cli_labelled(valid, va, nv, "validation", &err))) {
        status = cli_fail(&err);
    } else if (!(nn = lips_nn_new(&nc, tc.seed))) {
        lips_error_set(&err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
        status = cli_fail(&err);
    } else {
        static lips_train_report rep;
        /* the ranks share each step (world.h); rank 0 reports and writes */
        tc.comm = cli_world_comm();
        tc.progress = root ? stderr : NULL;
        tc.report = root ? &rep : NULL;
        double loss;
        char card[4096], *cmd = cli_command_line(argc, argv);
        card_path(out, card, sizeof card);
        if (!cmd) {
            lips_error_set(&err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
            status = cli_fail(&err);
        } else if (lips_train(nn, tr, n, va, nv, &tc, &loss, &err) ||
                   (root && (lips_nn_save(nn, out, &err) ||
                   train_card(card, out, cmd, nn, data, n, valid, nv, &tc, openblas_get_num_threads(), &rep, &err)))) {
            status = cli_fail(&err);
        }
        free(cmd);
    }
    lips_nn_free(nn);
    free(tr);
    free(va);
    return status;
}
