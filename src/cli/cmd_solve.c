/* lips solve: fill a sketch's holes or synthesize a program from examples. */
#include <cblas.h>
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lips/nn.h"

static const char help[] =
    "usage: lips solve PROBLEM... [options]\n\n"
    "Fills the holes of each problem's sketch, or synthesizes a whole program of\n"
    "up to --max-len statements when the sketch declares only inputs, consistent\n"
    "with every example. Every program printed has been re-run on all examples.\n"
    "Synthesis reports a program of the fewest statements that fits the examples\n"
    "(lengths 1..--max-len are tried in increasing order; within a length, the\n"
    "ordering decides); --all ranks by length, then by score.\n\n"
    "  -s, --solver NAME     dfs | saa (sort and add, default) | enum | z3\n"
    "  -T, --max-len N       statements of a synthesized program (default 3)\n"
    "  -t, --timeout S       seconds per problem (default 60; 0: none)\n"
    "      --max-memory MB   memory bound per problem (default 2048, at most 4095)\n"
    "      --order FILE      attribute probabilities (JSON) that order the search\n"
    "      --prior FILE      the same, from 'lips gen --stats' of a training set\n"
    "      --model FILE      the same, predicted for each problem by a trained network\n"
    "  -a, --all             every consistent program up to the bound, ranked\n"
    "      --max-results N   bound for --all (default 1000)\n"
    "  -j, --threads N       1 or 2 threads for one problem (default 2)\n"
    "      --explain         z3: plans, refutations, completions, lemmas, sort-and-add rounds\n"
    "      --check-on FILE   run each program found on the examples of FILE (a problem\n"
    "                        file with the same input and output types, e.g. examples\n"
    "                        held out from the solver) and report how many it gets\n"
    "                        right: a line '# held-out: R/N right'; with --all,\n"
    "                        '# held-out: P of Q programs right on all N'\n"
    "      --semantics S     how programs run: strict (every value in [-256, 255])\n"
    "                        or deepcoder (only inputs and outputs in it, values\n"
    "                        in between 32-bit, wrapping); default: each\n"
    "                        problem's own\n"
    "                        ('# semantics:' line or JSON key), else strict\n"
    "      --json            one JSON object per problem\n"
    "  -h, --help            this help\n\n"
    "Without --order, --prior or --model the model $LIPS_MODEL, else the shipped\n"
    "deepcoder-t3.lips (share/lips/models beside the lips binary's directory),\n"
    "orders the search; without one, every instance scores the same and dfs and\n"
    "saa search in the table order of docs/dsl.md.\n"
    "Prints the program, or 'no program' when the space is exhausted, or\n"
    "'timeout', or 'out of memory' when the memory bound is reached. Exit code 0\n"
    "for all four; 2 for bad input.\n";

static lips_problem problem, held_out;

/* Held-out examples right: the program reported, and each of --all's. */
typedef struct check {
    int n;        /* examples of --check-on; 0 without it */
    int right;    /* of them, right by the program reported */
    int *results; /* with --all: each result's count (malloc'd) */
} check;

static lips_status check_programs(const lips_problem *h, const lips_solve_result *r, check *c, lips_error *err) {
    c->n = h->n_examples;
    c->right = r->status == LIPS_SOLVE_FOUND ? lips_problem_count_right(h, &r->program, 0) : 0;
    c->results = r->n_results ? malloc((size_t)r->n_results * sizeof *c->results) : NULL;
    if (r->n_results && !c->results) return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
    for (int i = 0; i < r->n_results; i++) c->results[i] = lips_problem_count_right(h, &r->results[i], 0);
    return LIPS_OK;
}

static void print_result(const char *path, const lips_problem *pb, const lips_solve_config *cfg,
                         const lips_solve_result *r, const check *c, int json) {
    lips_semantics sem = (lips_semantics)pb->semantics;
    char prog[4096];
    if (json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "problem", path);
        cJSON_AddStringToObject(j, "solver", lips_solver_name(cfg->solver));
        cJSON_AddStringToObject(j, "semantics", lips_semantics_name(sem));
        cJSON_AddStringToObject(j, "status", lips_solve_status_name(r->status));
        if (r->status == LIPS_SOLVE_FOUND) {
            lips_program_print(&r->program, " | ", prog, sizeof prog);
            cJSON_AddStringToObject(j, "program", prog);
        }
        cJSON_AddNumberToObject(j, "seconds", r->seconds);
        cJSON_AddNumberToObject(j, "nodes", (double)r->nodes);
        if (cfg->solver == LIPS_SOLVER_Z3) {
            cJSON_AddNumberToObject(j, "completions", (double)r->completions);
            cJSON_AddNumberToObject(j, "smt_seconds", r->smt_seconds);
            cJSON_AddNumberToObject(j, "complete_seconds", r->complete_seconds);
        }
        if (cfg->all) {
            cJSON *a = cJSON_AddArrayToObject(j, "results");
            for (int i = 0; i < r->n_results; i++) {
                lips_program_print(&r->results[i], " | ", prog, sizeof prog);
                cJSON_AddItemToArray(a, cJSON_CreateString(prog));
            }
        }
        if (c->n && r->status == LIPS_SOLVE_FOUND) {
            cJSON_AddNumberToObject(j, "holdout_examples", c->n);
            cJSON_AddNumberToObject(j, "holdout_right", c->right);
            cJSON_AddBoolToObject(j, "holdout_ok", c->right == c->n);
            if (cfg->all) {
                cJSON *a = cJSON_AddArrayToObject(j, "results_holdout_right");
                for (int i = 0; i < r->n_results; i++) cJSON_AddItemToArray(a, cJSON_CreateNumber(c->results[i]));
            }
        }
        if (r->explain) cJSON_AddStringToObject(j, "explain", r->explain);
        char *s = cJSON_PrintUnformatted(j);
        puts(s);
        cJSON_free(s);
        cJSON_Delete(j);
        return;
    }
    const char *unit = r->seconds < 1 ? "ms" : "s";
    double t = r->seconds < 1 ? r->seconds * 1e3 : r->seconds;
    printf("# %s: %s by %s%s in %.3g %s, %llu %s\n", path, lips_solve_status_name(r->status),
           lips_solver_name(cfg->solver), sem == LIPS_SEM_STRICT ? "" : " (deepcoder semantics)", t, unit,
           (unsigned long long)r->nodes,
           cfg->solver != LIPS_SOLVER_Z3 ? r->nodes == 1 ? "node" : "nodes" : r->nodes == 1 ? "plan" : "plans");
    if (cfg->all) {
        for (int i = 0; i < r->n_results; i++) {
            lips_program_print(&r->results[i], " | ", prog, sizeof prog);
            printf("%s\n", prog);
        }
    } else if (r->status == LIPS_SOLVE_FOUND) {
        lips_program_print(&r->program, "\n", prog, sizeof prog);
        printf("%s\n", prog);
    }
    if (c->n && r->status == LIPS_SOLVE_FOUND) {
        if (cfg->all) {
            int ok = 0;
            for (int i = 0; i < r->n_results; i++) ok += c->results[i] == c->n;
            printf("# held-out: %d of %d programs right on all %d\n", ok, r->n_results, c->n);
        } else {
            printf("# held-out: %d/%d right\n", c->right, c->n);
        }
    }
    if (r->explain) fputs(r->explain, stdout);
}

int lips_cmd_solve(int argc, char **argv) {
    enum { OPT_ORDER = 256, OPT_PRIOR, OPT_MODEL, OPT_MAXRES, OPT_EXPLAIN, OPT_JSON, OPT_MAXMEM, OPT_CHECKON, OPT_SEMANTICS };
    static const struct option longopts[] = {
        {"solver", required_argument, 0, 's'},  {"max-len", required_argument, 0, 'T'},
        {"timeout", required_argument, 0, 't'}, {"order", required_argument, 0, OPT_ORDER},
        {"max-memory", required_argument, 0, OPT_MAXMEM},
        {"prior", required_argument, 0, OPT_PRIOR}, {"model", required_argument, 0, OPT_MODEL},
        {"all", no_argument, 0, 'a'},
        {"max-results", required_argument, 0, OPT_MAXRES}, {"threads", required_argument, 0, 'j'},
        {"explain", no_argument, 0, OPT_EXPLAIN}, {"json", no_argument, 0, OPT_JSON},
        {"check-on", required_argument, 0, OPT_CHECKON},
        {"semantics", required_argument, 0, OPT_SEMANTICS},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    lips_error err;
    int json = 0, c, orders = 0, sem = -1;
    const char *model_path = NULL, *check_on = NULL;
    long v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:T:t:aj:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': {
            int found = 0;
            for (int s = 0; s < LIPS_N_SOLVERS; s++)
                if (!strcmp(optarg, lips_solver_name((lips_solver)s))) cfg.solver = (lips_solver)s, found = 1;
            if (!found) return cli_usage_error("solve", "unknown solver '%s' (dfs, saa, enum or z3)", optarg);
            break;
        }
        case 'T':
            if (cli_parse_int("solve", "--max-len", optarg, 1, 8, &v)) return LIPS_ERR_INPUT;
            cfg.max_len = (int)v;
            break;
        case 't':
            if (cli_parse_real("solve", "--timeout", optarg, 0, 1e6, &cfg.timeout_s)) return LIPS_ERR_INPUT;
            break;
        case OPT_MAXMEM:
            if (cli_parse_int("solve", "--max-memory", optarg, 1, (long)(LIPS_MAX_MEM_LIMIT >> 20), &v)) return LIPS_ERR_INPUT;
            cfg.mem_limit = (size_t)v << 20;
            break;
        case OPT_ORDER:
        case OPT_PRIOR:
            orders++;
            if (lips_order_load(optarg, cfg.attr_p, &err)) return cli_fail(&err);
            break;
        case OPT_MODEL:
            orders++;
            model_path = optarg;
            break;
        case 'a': cfg.all = 1; break;
        case OPT_MAXRES:
            if (cli_parse_int("solve", "--max-results", optarg, 1, 1000000, &v)) return LIPS_ERR_INPUT;
            cfg.max_results = (int)v;
            break;
        case 'j':
            if (cli_parse_int("solve", "--threads", optarg, 1, 2, &v)) return LIPS_ERR_INPUT;
            cfg.threads = (int)v;
            break;
        case OPT_EXPLAIN: cfg.explain = 1; break;
        case OPT_JSON: json = 1; break;
        case OPT_CHECKON: check_on = optarg; break;
        case OPT_SEMANTICS:
            if (cli_parse_semantics("solve", optarg, &sem)) return LIPS_ERR_INPUT;
            break;
        case 'h': fputs(help, stdout); return 0;
        default: return cli_bad_option("solve", argv);
        }
    }
    if (orders > 1) return cli_usage_error("solve", "give one of --order, --prior and --model");
    if (optind == argc) return cli_usage_error("solve", "expected a PROBLEM file");
    /* no ordering given: the shipped model, when it is where the build says */
    if (!orders && !access(cli_default_model(), R_OK)) model_path = cli_default_model();
    lips_nn *nn = NULL;
    if (model_path && lips_nn_load(model_path, &nn, &err)) return cli_fail(&err);
    /* one problem's prediction is too small to share out, and OpenBLAS's idle
     * threads would spin on the cores the solver runs on */
    if (nn) openblas_set_num_threads(1);
    int status = 0;
    for (int i = optind; i < argc && !status; i++) {
        /* a bad --check-on file is reported before the solver runs */
        if (lips_problem_load(argv[i], &problem, &err) ||
            (check_on && lips_problem_load_like(check_on, &problem, argv[i], &held_out, &err))) {
            status = cli_fail(&err);
            break;
        }
        if (sem >= 0) problem.semantics = (uint8_t)sem;
        held_out.semantics = problem.semantics; /* its programs run as the problem's */
        if (nn) lips_nn_predict(nn, &problem, cfg.attr_p);
        lips_solve_result r;
        check held = {0};
        lips_status st = lips_solve(&problem, &cfg, &r, &err);
        if (!st && check_on) st = check_programs(&held_out, &r, &held, &err);
        if (st) {
            free(held.results);
            lips_solve_result_free(&r);
            status = cli_fail(&err);
            break;
        }
        print_result(argv[i], &problem, &cfg, &r, &held, json);
        free(held.results);
        lips_solve_result_free(&r);
        fflush(stdout);
    }
    lips_nn_free(nn);
    return status;
}
