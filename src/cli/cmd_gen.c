/* lips gen: generate a dataset, or print a dataset's statistics. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "world.h"
#include "lips/dataset.h"

static const char help[] =
    "usage: lips gen --length T (--count N | --all) --out FILE.jsonl [options]\n"
    "       lips gen --stats FILE.jsonl [--table]\n\n"
    "Generates synthesis problems as JSON Lines: canonical programs of T statements,\n"
    "examples drawn from input ranges that backward bounds allow; programs that a\n"
    "shorter program matches on their examples (an exhaustive search of length T-1:\n"
    "costly from T = 5 on) and duplicates are removed (docs/datagen.md). The same\n"
    "options give the same bytes on every run and any thread count. Under mpirun\n"
    "(built with LIPS_MPI) the ranks share the work and rank 0 writes the same\n"
    "bytes as one process (docs/scale.md).\n\n"
    "  -T, --length T          statements per program, 1..8\n"
    "  -n, --count N           sample N distinct problems\n"
    "      --all               every canonical program of length T (small T)\n"
    "  -m, --examples M|A-B    examples per problem, 1..20 (default 5); A-B: a\n"
    "                          shaped problem draws M uniformly from A..B\n"
    "      --holdout-examples H  H more examples per problem, drawn the same way,\n"
    "                          after the M (M + H <= 20): 'lips bench --holdout H'\n"
    "                          hides them from the solvers. Every check (shorter\n"
    "                          program, constant output, --disjoint-from) judges\n"
    "                          the M alone (default 0)\n"
    "      --max-list-len L|A-B  longest input list, 1..20 (default 20); A-B: a\n"
    "                          shaped problem draws its cap log-uniformly in A..B\n"
    "      --value-scale S|A-B input ints and list elements within [-S, S], 1..256;\n"
    "                          A-B: a shaped problem draws S log-uniformly in A..B\n"
    "                          (default: as wide as the program allows)\n"
    "      --shaped P          the share of problems that draw a shape with the\n"
    "                          three options above, 0..1 (default 1); the others\n"
    "                          keep the largest M, cap and no scale\n"
    "      --mixed             examples as people write them, mixed with standard\n"
    "                          ones: --examples 1-5 --max-list-len 1-20\n"
    "                          --value-scale 3-256 --shaped 0.75 (docs/datagen.md)\n"
    "  -k, --per-program K     K problems (example sets) per program (default 1)\n"
    "  -s, --seed S            random seed (default 0)\n"
    "  -o, --out FILE          output, written atomically; '-' is standard output\n"
    "      --test              a test set: each problem carries one probe example\n"
    "      --disjoint-from F   a test set none of whose problems is solved by a\n"
    "                          program of F of the same or shorter length, with\n"
    "                          its inputs mapped onto any of the problem's inputs\n"
    "                          of their types (implies --test)\n"
    "      --semantics S       how programs run: strict (default: every value in\n"
    "                          [-256, 255]) or deepcoder (inputs and outputs in\n"
    "                          [-256, 255], values in between 32-bit, wrapping:\n"
    "                          the bounds, the shorter-program and duplicate\n"
    "                          checks follow);\n"
    "                          each record carries it (docs/dsl.md)\n"
    "      --shared-inputs K   K problems share one input set, and a program is\n"
    "                          checked against every output the programs of T-1\n"
    "                          statements reach on it (one enumeration per set,\n"
    "                          not one search per candidate: fast for T = 4, 5;\n"
    "                          default: each problem draws its own inputs). Not\n"
    "                          with --all, --per-program, --test, --disjoint-from\n"
    "      --shared-examples S with --shared-inputs: the problems of a set share\n"
    "                          S of their examples (default: all), and each draws\n"
    "                          the others from its own ranges (more varied inputs\n"
    "                          for training; the check is made on the S)\n"
    "  -j, --threads N         1 or 2 (default 2)\n"
    "      --stats FILE        print attribute frequencies of FILE's programs as JSON,\n"
    "                          an ordering 'lips solve --order' reads\n"
    "      --table             with --stats: an aligned table instead of JSON\n"
    "  -h, --help              this help\n";

static void progress(void *ctx, long done, long target, double seconds) {
    const lips_gen_config *cfg = ctx;
    double rate = seconds > 0 ? (double)done / seconds : 0;
    if (target > 0)
        fprintf(stderr, "\rT%d: %ld/%ld problems  %.0f/s  ETA %.0f s   ", cfg->length, done, target, rate,
                rate > 0 ? (double)(target - done) / rate : 0.0);
    else
        fprintf(stderr, "\rT%d: %ld problems  %.0f/s   ", cfg->length, done, rate);
}

static int stats(const char *path, int table) {
    lips_dataset_stats st;
    lips_error err;
    if (lips_dataset_stats_read(path, &st, &err)) return cli_fail(&err);
    if (table) lips_dataset_stats_write_table(&st, stdout);
    else lips_dataset_stats_write_json(&st, stdout);
    return 0;
}

int lips_cmd_gen(int argc, char **argv) {
    enum { O_ALL = 256, O_MAXLEN, O_TEST, O_DISJOINT, O_STATS, O_TABLE, O_HOLDOUT, O_SCALE, O_SHAPED, O_MIXED, O_SEMANTICS, O_SHARED,
           O_SHARED_EX };
    static const struct option longopts[] = {
        {"length", required_argument, 0, 'T'},   {"count", required_argument, 0, 'n'},
        {"all", no_argument, 0, O_ALL},          {"examples", required_argument, 0, 'm'},
        {"holdout-examples", required_argument, 0, O_HOLDOUT},
        {"max-list-len", required_argument, 0, O_MAXLEN},
        {"value-scale", required_argument, 0, O_SCALE}, {"shaped", required_argument, 0, O_SHAPED},
        {"mixed", no_argument, 0, O_MIXED},      {"semantics", required_argument, 0, O_SEMANTICS},
        {"shared-inputs", required_argument, 0, O_SHARED},
        {"shared-examples", required_argument, 0, O_SHARED_EX},
        {"seed", required_argument, 0, 's'},     {"out", required_argument, 0, 'o'},
        {"test", no_argument, 0, O_TEST},        {"disjoint-from", required_argument, 0, O_DISJOINT},
        {"threads", required_argument, 0, 'j'},  {"stats", required_argument, 0, O_STATS},
        {"table", no_argument, 0, O_TABLE},      {"per-program", required_argument, 0, 'k'},      {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    lips_gen_config cfg;
    lips_gen_config_default(&cfg);
    cfg.length = 0;
    cfg.count = 0;
    const char *out_path = NULL, *stats_path = NULL;
    int table = 0, c, sem = -1;
    long v, lo;
    double shaped = -1;
    optind = 1;
    while ((c = getopt_long(argc, argv, "T:n:m:k:s:o:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'T':
            if (cli_parse_int("gen", "--length", optarg, 1, LIPS_GEN_MAX_LEN, &v)) return LIPS_ERR_INPUT;
            cfg.length = (int)v;
            break;
        case 'n':
            if (cli_parse_int("gen", "--count", optarg, 1, 1000000000L, &v)) return LIPS_ERR_INPUT;
            cfg.count = v;
            break;
        case O_ALL: cfg.all = 1; break;
        case 'm':
            if (cli_parse_range("gen", "--examples", optarg, 1, LIPS_MAX_EXAMPLES, &lo, &v)) return LIPS_ERR_INPUT;
            cfg.examples = (int)v;
            cfg.examples_min = lo < v ? (int)lo : 0;
            break;
        case O_HOLDOUT:
            if (cli_parse_int("gen", "--holdout-examples", optarg, 0, LIPS_MAX_EXAMPLES - 2, &v)) return LIPS_ERR_INPUT;
            cfg.holdout_examples = (int)v;
            break;
        case 'k':
            if (cli_parse_int("gen", "--per-program", optarg, 1, 1000, &v)) return LIPS_ERR_INPUT;
            cfg.per_program = (int)v;
            break;
        case O_MAXLEN:
            if (cli_parse_range("gen", "--max-list-len", optarg, 1, LIPS_MAX_LEN, &lo, &v)) return LIPS_ERR_INPUT;
            cfg.max_list_len = (int)v;
            cfg.list_len_min = lo < v ? (int)lo : 0;
            break;
        case O_SCALE:
            if (cli_parse_range("gen", "--value-scale", optarg, 1, 256, &lo, &v)) return LIPS_ERR_INPUT;
            cfg.scale_min = (int)lo;
            cfg.scale_max = (int)v;
            break;
        case O_SHAPED:
            if (cli_parse_real("gen", "--shaped", optarg, 0, 1, &shaped)) return LIPS_ERR_INPUT;
            break;
        case O_MIXED: lips_gen_config_mixed(&cfg); break;
        case O_SEMANTICS:
            if (cli_parse_semantics("gen", optarg, &sem)) return LIPS_ERR_INPUT;
            break;
        case O_SHARED:
            if (cli_parse_int("gen", "--shared-inputs", optarg, 1, LIPS_GEN_MAX_SHARED, &v)) return LIPS_ERR_INPUT;
            cfg.shared_inputs = (int)v;
            break;
        case O_SHARED_EX:
            if (cli_parse_int("gen", "--shared-examples", optarg, 1, LIPS_MAX_EXAMPLES, &v)) return LIPS_ERR_INPUT;
            cfg.shared_examples = (int)v;
            break;
        case 's':
            if (cli_parse_u64("gen", "--seed", optarg, &cfg.seed)) return LIPS_ERR_INPUT;
            break;
        case 'o': out_path = optarg; break;
        case O_TEST: cfg.test = 1; break;
        case O_DISJOINT: cfg.disjoint_from = optarg; break;
        case 'j':
            if (cli_parse_int("gen", "--threads", optarg, 1, 2, &v)) return LIPS_ERR_INPUT;
            cfg.threads = (int)v;
            break;
        case O_STATS: stats_path = optarg; break;
        case O_TABLE: table = 1; break;
        case 'h': fputs(help, stdout); return 0;
        default: return cli_bad_option("gen", argv);
        }
    }
    if (optind < argc) return cli_usage_error("gen", "unexpected argument '%s'", argv[optind]);
    if (shaped >= 0) cfg.shaped = shaped;
    /* after --mixed, which sets a whole configuration */
    if (sem >= 0) cfg.semantics = (lips_semantics)sem;
    if (stats_path) {
        if (cfg.length || cfg.count || cfg.all || out_path || cfg.disjoint_from || cfg.holdout_examples ||
            sem >= 0 || cfg.shared_inputs || cfg.shared_examples)
            return cli_usage_error("gen", "--stats takes only --table");
        return stats(stats_path, table);
    }
    if (table) return cli_usage_error("gen", "--table goes with --stats");
    if (!cfg.length) return cli_usage_error("gen", "--length is required");
    if (cfg.all == (cfg.count > 0)) return cli_usage_error("gen", "give exactly one of --count N and --all");
    if (!out_path) return cli_usage_error("gen", "--out is required ('-' for standard output)");
    lips_error err;
    if (lips_gen_config_check(&cfg, &err)) return cli_usage_error("gen", "%s", err.msg);

    /* under mpirun the ranks share the work and rank 0 writes (world.h) */
    cfg.comm = cli_world_comm();
    int root = cli_world_root();
    cli_out out = {0};
    if (root && cli_out_open(&out, out_path, &err)) return cli_fail(&err);
    if (root && isatty(2)) {
        cfg.progress = progress;
        cfg.progress_ctx = &cfg;
    }
    lips_gen_report rep;
    lips_status st = lips_gen_run(&cfg, out.f, &rep, &err);
    if (cfg.progress) fputc('\n', stderr);
    if (root) {
        lips_error cerr;
        lips_status cs = cli_out_close(&out, !st, &cerr);
        if (!st && cs) st = cs, err = cerr;
    }
    if (st) return cli_fail(&err);
    if (!root) return 0;
    if (!cfg.all && rep.problems < cfg.count)
        fprintf(stderr, "lips gen: only %ld distinct problems of length %d were found (--all lists them)\n",
                rep.problems, cfg.length);
    fprintf(stderr,
            "lips gen: %ld problems in %.2f s (%.0f/s); %ld candidates: %ld no range, %ld too few examples, "
            "%ld constant, %ld shorter, %ld duplicate, %ld in training (%ld indexed)\n",
            rep.problems, rep.seconds, rep.seconds > 0 ? rep.problems / rep.seconds : 0.0, rep.candidates,
            rep.no_range, rep.bad_examples, rep.constant, rep.shorter, rep.duplicate, rep.in_training,
            rep.train_programs);
    if (cfg.shared_inputs)
        fprintf(stderr, "lips gen: %ld shared input sets, the largest index %.1f MiB\n", rep.input_sets,
                (double)rep.index_bytes / (1 << 20));
    return 0;
}
