/* lips bench: solvers under orderings over a dataset, DeepCoder's table and plot. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "world.h"
#include "lips/bench.h"

static const char help[] =
    "usage: lips bench --data TEST.jsonl [options]\n\n"
    "Runs every solver under every ordering on every problem of a dataset, each\n"
    "run in a child process of its own (a crash or hang is recorded as unsolved\n"
    "and the benchmark goes on), and writes to --out DIR:\n"
    "  results.jsonl  one line per (problem, solver, ordering), appended as runs\n"
    "                 end; the same command again resumes an interrupted run\n"
    "  summary.md     the time limit per problem needed to solve 20/40/60/80/100%\n"
    "                 of the problems, and the model's speedup over the prior\n"
    "                 (the DeepCoder paper's Table 1); also printed on stdout\n"
    "  summary.json   the same for tools\n"
    "  solved.png     fraction solved against time per problem (gnuplot)\n\n"
    "  -d, --data FILE      problems, JSON Lines (lips gen --test output)\n"
    "  -s, --solvers LIST   comma-separated of z3, saa, dfs, enum (default: all four)\n"
    "  -O, --order LIST     comma-separated of model, prior, oracle (default model,prior);\n"
    "                       enum always runs once, unordered\n"
    "      --model FILE     network of the model ordering (default: the shipped model)\n"
    "      --prior FILE     attribute probabilities of the prior ordering, 'lips gen\n"
    "                       --stats TRAIN.jsonl' (default: MODEL.prior.json beside\n"
    "                       the model, its training set's statistics)\n"
    "  -t, --timeout S      seconds per run (default 10)\n"
    "  -T, --max-len N      statements of synthesized programs (default: the length\n"
    "                       of each problem's known program)\n"
    "      --holdout K      the solvers (and the network) see all but the last K\n"
    "                       examples of each problem; each program found is run on\n"
    "                       those K, and the summary gives the share of problems\n"
    "                       whose program is right on all of them ('lips gen\n"
    "                       --holdout-examples K' adds K such examples). A problem\n"
    "                       with K examples or fewer is an error before any run\n"
    "      --examples M     the solvers (and the network) see only the first M of\n"
    "                       the examples not held out: the same problems from\n"
    "                       fewer examples\n"
    "      --semantics S    run every problem in semantics S, strict or deepcoder,\n"
    "                       instead of its own (a '\"semantics\"' key, else strict;\n"
    "                       docs/dsl.md); results.jsonl names it when not strict\n"
    "  -j, --jobs N         runs at once, one thread each (default: the cores)\n"
    "      --max-memory MB  memory bound per run (default 2048, at most 4095)\n"
    "  -o, --out DIR        output directory (default bench-out)\n"
    "      --no-plot        skip solved.png\n"
    "      --json           print summary.json instead of the table\n"
    "  -h, --help           this help\n\n"
    "Under mpirun (built with LIPS_MPI) the ranks take the runs as they free up,\n"
    "each with --jobs children, and rank 0 writes every file (docs/scale.md).\n\n"
    "Progress goes to stderr when it is a terminal. Exit code 0 when the\n"
    "benchmark ran, whatever it solved; 2 for bad input.\n";

/* Parses a comma-separated list into bits of names[i]; 0 on an unknown name. */
static unsigned parse_list(const char *s, const char *(*name)(int), int n, const char *what, int *bad) {
    unsigned bits = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int i = 0;
        while (i < n && strcmp(tok, name(i))) i++;
        if (i == n) {
            *bad = cli_usage_error("bench", "unknown %s '%s'", what, tok);
            return 0;
        }
        bits |= 1u << i;
    }
    if (!bits) *bad = cli_usage_error("bench", "give at least one %s", what);
    return bits;
}

static const char *solver_name(int i) { return lips_solver_name((lips_solver)i); }
static const char *order_name(int i) { return lips_order_kind_name((lips_order_kind)i); }

int lips_cmd_bench(int argc, char **argv) {
    enum { OPT_MODEL = 256, OPT_PRIOR, OPT_NOPLOT, OPT_JSON, OPT_MAXMEM, OPT_HOLDOUT, OPT_EXAMPLES, OPT_SEMANTICS };
    static const struct option opts[] = {
        {"data", required_argument, 0, 'd'},      {"solvers", required_argument, 0, 's'},
        {"order", required_argument, 0, 'O'},     {"model", required_argument, 0, OPT_MODEL},
        {"prior", required_argument, 0, OPT_PRIOR}, {"timeout", required_argument, 0, 't'},
        {"max-len", required_argument, 0, 'T'},   {"jobs", required_argument, 0, 'j'},
        {"out", required_argument, 0, 'o'},       {"no-plot", no_argument, 0, OPT_NOPLOT},
        {"json", no_argument, 0, OPT_JSON},       {"max-memory", required_argument, 0, OPT_MAXMEM},
        {"holdout", required_argument, 0, OPT_HOLDOUT}, {"examples", required_argument, 0, OPT_EXAMPLES},
        {"semantics", required_argument, 0, OPT_SEMANTICS},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    lips_bench_config cfg;
    lips_bench_config_default(&cfg);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    cfg.jobs = cores > 0 && cores < 64 ? (int)cores : 2;
    const char *data = NULL, *model = cli_default_model(), *prior = NULL, *dir = "bench-out";
    int c, no_plot = 0, json = 0, bad = 0, sem = -1;
    long v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:s:O:t:T:j:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': data = optarg; break;
        case 's': cfg.solvers = parse_list(optarg, solver_name, LIPS_N_SOLVERS, "solver", &bad); break;
        case 'O': cfg.orders = parse_list(optarg, order_name, LIPS_ORDER_NONE, "ordering", &bad); break; /* none is enum's */
        case OPT_MODEL: model = optarg; break;
        case OPT_PRIOR: prior = optarg; break;
        case 't':
            if (cli_parse_real("bench", "--timeout", optarg, 0.001, 1e6, &cfg.timeout_s)) return LIPS_ERR_INPUT;
            break;
        case 'T':
            if (cli_parse_int("bench", "--max-len", optarg, 1, LIPS_MAX_STMTS, &v)) return LIPS_ERR_INPUT;
            cfg.max_len = (int)v;
            break;
        case OPT_HOLDOUT:
            if (cli_parse_int("bench", "--holdout", optarg, 1, LIPS_MAX_EXAMPLES - 1, &v)) return LIPS_ERR_INPUT;
            cfg.holdout = (int)v;
            break;
        case OPT_SEMANTICS:
            if (cli_parse_semantics("bench", optarg, &sem)) return LIPS_ERR_INPUT;
            break;
        case OPT_EXAMPLES:
            if (cli_parse_int("bench", "--examples", optarg, 1, LIPS_MAX_EXAMPLES, &v)) return LIPS_ERR_INPUT;
            cfg.examples = (int)v;
            break;
        case 'j':
            if (cli_parse_int("bench", "--jobs", optarg, 1, 64, &v)) return LIPS_ERR_INPUT;
            cfg.jobs = (int)v;
            break;
        case OPT_MAXMEM:
            if (cli_parse_int("bench", "--max-memory", optarg, 1, (long)(LIPS_MAX_MEM_LIMIT >> 20), &v)) return LIPS_ERR_INPUT;
            cfg.mem_limit = (size_t)v << 20;
            break;
        case 'o': dir = optarg; break;
        case OPT_NOPLOT: no_plot = 1; break;
        case OPT_JSON: json = 1; break;
        case 'h': fputs(help, stdout); return 0;
        default: return cli_bad_option("bench", argv);
        }
        if (bad) return bad;
    }
    if (optind != argc) return cli_usage_error("bench", "unexpected argument '%s'", argv[optind]);
    if (!data) return cli_usage_error("bench", "give --data");

    lips_error err;
    int uses_order = cfg.solvers & ~(1u << LIPS_SOLVER_ENUM);
    int needs_prior = uses_order && (cfg.orders & (1u << LIPS_ORDER_PRIOR | 1u << LIPS_ORDER_ORACLE));
    if (uses_order && (cfg.orders & 1u << LIPS_ORDER_MODEL) && lips_nn_load(model, &cfg.model, &err))
        return cli_fail(&err);
    char prior_path[4096];
    if (!prior) {
        size_t len = strlen(model);
        int dot = len > 5 && !strcmp(model + len - 5, ".lips");
        snprintf(prior_path, sizeof prior_path, "%.*s.prior.json", (int)(dot ? len - 5 : len), model);
        prior = prior_path;
    }
    lips_problem *ps = NULL;
    size_t n = 0;
    int status = 0;
    if (needs_prior && lips_order_load(prior, cfg.prior, &err)) status = cli_fail(&err);
    else if (lips_dataset_load(data, &ps, &n, &err)) status = cli_fail(&err);
    for (size_t i = 0; sem >= 0 && i < n; i++) ps[i].semantics = (uint8_t)sem;
    /* the ranks share the runs (world.h); rank 0 writes */
    int root = cli_world_root();
    cfg.comm = cli_world_comm();
    cfg.progress = root && isatty(2);
    lips_bench_report rep;
    lips_bench_record *recs = NULL;
    size_t n_recs = 0;
    lips_bench_summary sum = {0};
    char title[512];
    snprintf(title, sizeof title, "lips bench: %s", data);
    if (!status && lips_bench_run(ps, n, data, &cfg, dir, &rep, &err))
        status = cli_fail(&err);
    else if (!status && root &&
             (lips_bench_load(dir, &recs, &n_recs, &err) || lips_bench_summarize(recs, n_recs, (long)n, &cfg, &sum, &err) ||
              lips_bench_write(&sum, title, dir, !no_plot, &err)))
        status = cli_fail(&err);
    if (!status && root) {
        if (json) lips_bench_summary_write_json(&sum, stdout);
        else lips_bench_summary_write_md(&sum, title, stdout);
        fprintf(stderr, "lips bench: %ld runs (%ld resumed, %ld crashed) in %.1f s; results in %s/\n", rep.runs,
                rep.resumed, rep.crashed, rep.seconds, dir);
    }
    lips_bench_summary_free(&sum);
    free(recs);
    free(ps);
    lips_nn_free(cfg.model);
    return status;
}
