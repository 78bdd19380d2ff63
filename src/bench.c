/* Benchmarks: runs in child processes, results.jsonl, resume, DeepCoder's
 * percentile summary and the solved-against-time plot. */
#include "lips/bench.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "clock.h"

const int lips_bench_percents[LIPS_BENCH_N_PERCENTS] = {20, 40, 60, 80, 100};

static const char *const order_names[LIPS_N_ORDERS] = {"model", "prior", "oracle", "none"};
static const char *const outcome_names[LIPS_BENCH_N_OUTCOMES] = {"solved",        "no program", "timeout",
                                                                  "out of memory", "error",      "crash"};

const char *lips_order_kind_name(lips_order_kind o) {
    return o >= 0 && o < LIPS_N_ORDERS ? order_names[o] : "?";
}

const char *lips_bench_outcome_name(lips_bench_outcome o) {
    return o >= 0 && o < LIPS_BENCH_N_OUTCOMES ? outcome_names[o] : "?";
}

void lips_bench_config_default(lips_bench_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->solvers = 1u << LIPS_SOLVER_Z3 | 1u << LIPS_SOLVER_SAA | 1u << LIPS_SOLVER_DFS | 1u << LIPS_SOLVER_ENUM;
    cfg->orders = 1u << LIPS_ORDER_MODEL | 1u << LIPS_ORDER_PRIOR;
    cfg->timeout_s = 10;
    cfg->jobs = 2;
    for (int i = 0; i < LIPS_N_ATTRS; i++) cfg->prior[i] = 0.5f;
}

/* The orderings solver runs under: enum has none of its own. */
static unsigned orders_of(const lips_bench_config *cfg, lips_solver s) {
    return s == LIPS_SOLVER_ENUM ? 1u << LIPS_ORDER_NONE : cfg->orders & ~(1u << LIPS_ORDER_NONE);
}

/* ---- records ---------------------------------------------------------- */

void lips_bench_record_write(const lips_bench_record *r, const char *name, FILE *out) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "problem", (double)r->problem);
    if (name && *name) cJSON_AddStringToObject(j, "name", name);
    cJSON_AddStringToObject(j, "solver", lips_solver_name(r->solver));
    cJSON_AddStringToObject(j, "order", lips_order_kind_name(r->order));
    cJSON_AddStringToObject(j, "status", lips_bench_outcome_name(r->outcome));
    cJSON_AddNumberToObject(j, "seconds", r->seconds);
    if (r->order == LIPS_ORDER_MODEL) cJSON_AddNumberToObject(j, "predict_seconds", r->predict_seconds);
    cJSON_AddNumberToObject(j, "nodes", (double)r->nodes);
    if (r->solver == LIPS_SOLVER_Z3 && r->outcome != LIPS_BENCH_CRASH && r->outcome != LIPS_BENCH_ERROR) {
        cJSON_AddNumberToObject(j, "completions", (double)r->completions);
        cJSON_AddNumberToObject(j, "smt_seconds", r->smt_seconds);
        cJSON_AddNumberToObject(j, "complete_seconds", r->complete_seconds);
    }
    if (r->outcome == LIPS_BENCH_SOLVED) cJSON_AddStringToObject(j, "program", r->program);
    if (r->holdout > 0) {
        cJSON_AddNumberToObject(j, "holdout", r->holdout);
        cJSON_AddNumberToObject(j, "holdout_right", r->holdout_right);
        cJSON_AddBoolToObject(j, "holdout_ok", r->holdout_right == r->holdout);
    }
    if (r->semantics != LIPS_SEM_STRICT)
        cJSON_AddStringToObject(j, "semantics", lips_semantics_name((lips_semantics)r->semantics));
    char *s = cJSON_PrintUnformatted(j);
    fprintf(out, "%s\n", s);
    cJSON_free(s);
    cJSON_Delete(j);
}

static int lookup(const char *s, const char *(*name)(int), int n) {
    for (int i = 0; i < n; i++)
        if (!strcmp(s, name(i))) return i;
    return -1;
}

static const char *solver_at(int i) { return lips_solver_name((lips_solver)i); }
static const char *order_at(int i) { return lips_order_kind_name((lips_order_kind)i); }
static const char *outcome_at(int i) { return lips_bench_outcome_name((lips_bench_outcome)i); }

lips_status lips_bench_record_parse(const char *text, const char *file, int line, lips_bench_record *r,
                                    lips_error *err) {
    memset(r, 0, sizeof *r);
    cJSON *j = cJSON_Parse(text);
    if (!j) return lips_error_set(err, LIPS_ERR_INPUT, file, line, 0, "malformed JSON in a results line");
    const cJSON *pr = cJSON_GetObjectItemCaseSensitive(j, "problem");
    const cJSON *so = cJSON_GetObjectItemCaseSensitive(j, "solver");
    const cJSON *or = cJSON_GetObjectItemCaseSensitive(j, "order");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "status");
    const cJSON *se = cJSON_GetObjectItemCaseSensitive(j, "seconds");
    const cJSON *no = cJSON_GetObjectItemCaseSensitive(j, "nodes");
    const cJSON *pg = cJSON_GetObjectItemCaseSensitive(j, "program");
    const cJSON *ps = cJSON_GetObjectItemCaseSensitive(j, "predict_seconds");
    const cJSON *ho = cJSON_GetObjectItemCaseSensitive(j, "holdout");
    const cJSON *hr = cJSON_GetObjectItemCaseSensitive(j, "holdout_right");
    const cJSON *co = cJSON_GetObjectItemCaseSensitive(j, "completions");
    const cJSON *sm = cJSON_GetObjectItemCaseSensitive(j, "smt_seconds");
    const cJSON *cs = cJSON_GetObjectItemCaseSensitive(j, "complete_seconds");
    const cJSON *sx = cJSON_GetObjectItemCaseSensitive(j, "semantics");
    int sem = !sx ? LIPS_SEM_STRICT : cJSON_IsString(sx) ? lips_semantics_find(sx->valuestring) : -1;
    int s = cJSON_IsString(so) ? lookup(so->valuestring, solver_at, LIPS_N_SOLVERS) : -1;
    int o = cJSON_IsString(or) ? lookup(or->valuestring, order_at, LIPS_N_ORDERS) : -1;
    int u = cJSON_IsString(st) ? lookup(st->valuestring, outcome_at, LIPS_BENCH_N_OUTCOMES) : -1;
    lips_status status = LIPS_OK;
    if (!cJSON_IsNumber(pr) || !(pr->valuedouble >= 0 && pr->valuedouble < 1e12) || s < 0 || o < 0 || u < 0 ||
        !cJSON_IsNumber(se) || !(se->valuedouble >= 0) || !cJSON_IsNumber(no) || !(no->valuedouble >= 0) ||
        (pg && !cJSON_IsString(pg)) || (ps && !(cJSON_IsNumber(ps) && ps->valuedouble >= 0)))
        status = lips_error_set(err, LIPS_ERR_INPUT, file, line, 0,
                                "a results line needs problem, solver, order, status, seconds and nodes");
    else if (ho && !(cJSON_IsNumber(ho) && cJSON_IsNumber(hr) && ho->valuedouble >= 1 &&
                     ho->valuedouble < LIPS_MAX_EXAMPLES && hr->valuedouble >= 0 &&
                     hr->valuedouble <= ho->valuedouble))
        status = lips_error_set(err, LIPS_ERR_INPUT, file, line, 0,
                                "\"holdout\" needs a \"holdout_right\" between 0 and it");
    else if ((co || sm || cs) && !(cJSON_IsNumber(co) && co->valuedouble >= 0 && cJSON_IsNumber(sm) &&
                                   sm->valuedouble >= 0 && cJSON_IsNumber(cs) && cs->valuedouble >= 0))
        status = lips_error_set(err, LIPS_ERR_INPUT, file, line, 0,
                                "\"completions\", \"smt_seconds\" and \"complete_seconds\" go together, each >= 0");
    else if (sem < 0)
        status = lips_error_set(err, LIPS_ERR_INPUT, file, line, 0, "\"semantics\" must be \"strict\" or \"deepcoder\"");
    else {
        r->semantics = (uint8_t)sem;
        r->problem = (long)pr->valuedouble;
        r->solver = (lips_solver)s;
        r->order = (lips_order_kind)o;
        r->outcome = (lips_bench_outcome)u;
        r->seconds = se->valuedouble;
        r->nodes = no->valuedouble < 1.8e19 ? (uint64_t)no->valuedouble : UINT64_MAX;
        if (pg) snprintf(r->program, sizeof r->program, "%s", pg->valuestring);
        if (ps) r->predict_seconds = ps->valuedouble;
        if (co) {
            r->completions = co->valuedouble < 1.8e19 ? (uint64_t)co->valuedouble : UINT64_MAX;
            r->smt_seconds = sm->valuedouble;
            r->complete_seconds = cs->valuedouble;
        }
        if (ho) {
            r->holdout = (int)ho->valuedouble;
            r->holdout_right = (int)hr->valuedouble;
        }
    }
    cJSON_Delete(j);
    return status;
}

/* ---- files ------------------------------------------------------------ */

static void join(char *buf, size_t n, const char *dir, const char *name) { snprintf(buf, n, "%s/%s", dir, name); }

/* Writing path atomically: the text goes to path.tmpPID, renamed on success. */
static FILE *begin_write(const char *path, char *tmp, size_t n) {
    snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
    return fopen(tmp, "wb");
}

static lips_status end_write(FILE *f, const char *tmp, const char *path, lips_error *err) {
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (!bad && rename(tmp, path) == 0) return LIPS_OK;
    remove(tmp);
    return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot write the file");
}

static lips_status file_crc(const char *path, unsigned long *crc, long *bytes, lips_error *err) {
    FILE *f = fopen(path, "rb");
    if (!f) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot open the file");
    unsigned char buf[1 << 16];
    size_t got;
    *crc = crc32(0L, Z_NULL, 0);
    *bytes = 0;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
        *crc = crc32(*crc, buf, (uInt)got);
        *bytes += (long)got;
    }
    fclose(f);
    return LIPS_OK;
}

/* A setting of run.json, NAN when missing or not a number; a run without
 * --holdout or --examples records none, so those are 0 when missing. */
static double run_setting(const cJSON *run, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(run, key);
    return cJSON_IsNumber(v) ? v->valuedouble
           : !v && (!strcmp(key, "holdout") || !strcmp(key, "examples") || !strcmp(key, "deepcoder_problems")) ? 0
                                                                                                                : NAN;
}

/* dir/run.json: what a resumed run must share with the first one. */
static lips_status check_run_file(const char *dir, const char *data_path, const lips_problem *ps, size_t n,
                                  const lips_bench_config *cfg, lips_error *err) {
    char path[4096], tmp[4200];
    join(path, sizeof path, dir, "run.json");
    unsigned long crc = 0;
    long bytes = 0;
    lips_status st = file_crc(data_path, &crc, &bytes, err);
    if (st) return st;
    cJSON *want = cJSON_CreateObject();
    cJSON_AddStringToObject(want, "data", data_path);
    cJSON_AddNumberToObject(want, "data_crc32", (double)crc);
    cJSON_AddNumberToObject(want, "data_bytes", (double)bytes);
    cJSON_AddNumberToObject(want, "problems", (double)n);
    cJSON_AddNumberToObject(want, "timeout", cfg->timeout_s);
    cJSON_AddNumberToObject(want, "max_len", cfg->max_len);
    if (cfg->holdout > 0) cJSON_AddNumberToObject(want, "holdout", cfg->holdout);
    if (cfg->examples > 0) cJSON_AddNumberToObject(want, "examples", cfg->examples);
    long deepcoder = 0; /* a --semantics override changes it */
    for (size_t i = 0; i < n; i++) deepcoder += ps[i].semantics == LIPS_SEM_DEEPCODER;
    if (deepcoder) cJSON_AddNumberToObject(want, "deepcoder_problems", (double)deepcoder);
    FILE *f = fopen(path, "rb");
    if (f) {
        char buf[8192];
        size_t got = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[got] = 0;
        cJSON *have = cJSON_Parse(buf);
        static const char *const keys[] = {"data_crc32", "data_bytes", "problems", "timeout",
                                           "max_len",    "holdout",    "examples", "deepcoder_problems"};
        for (size_t k = 0; k < sizeof keys / sizeof *keys && !st; k++)
            if (!(run_setting(have, keys[k]) == run_setting(want, keys[k])))
                st = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0,
                                    "holds a run with another %s; resume with the same data and settings "
                                    "or choose another --out",
                                    k < 3 ? "dataset" : keys[k]);
        cJSON_Delete(have);
    } else {
        char *s = cJSON_Print(want);
        f = begin_write(path, tmp, sizeof tmp);
        if (!f) st = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot write the file");
        else {
            fprintf(f, "%s\n", s);
            st = end_write(f, tmp, path, err);
        }
        cJSON_free(s);
    }
    cJSON_Delete(want);
    return st;
}

/* Loads path; *whole is the byte length of its whole lines, so a run can cut
 * off a last line an interrupted run left short. */
static lips_status load_records(const char *path, lips_bench_record **out, size_t *n, long *whole, lips_error *err) {
    *out = NULL;
    *n = 0;
    *whole = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return errno == ENOENT ? LIPS_OK : lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot open the file");
    size_t cap = 0;
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t len;
    int lineno = 0;
    lips_status st = LIPS_OK;
    while (!st && (len = getline(&line, &line_cap, f)) > 0) {
        lineno++;
        if (line[len - 1] != '\n') break; /* cut short by an interrupted run */
        *whole += (long)len;
        if (*n == cap) {
            cap = cap ? 2 * cap : 1024;
            lips_bench_record *nr = realloc(*out, cap * sizeof *nr);
            if (!nr) {
                st = lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "out of memory");
                break;
            }
            *out = nr;
        }
        st = lips_bench_record_parse(line, path, lineno, &(*out)[*n], err);
        if (!st) (*n)++;
    }
    free(line);
    fclose(f);
    if (st) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return st;
}

lips_status lips_bench_load(const char *dir, lips_bench_record **out, size_t *n, lips_error *err) {
    char path[4096];
    long whole;
    join(path, sizeof path, dir, "results.jsonl");
    return load_records(path, out, n, &whole, err);
}

/* ---- runs ------------------------------------------------------------- */

/* A run's index among the n * solvers * orderings possible ones. */
static size_t run_key(size_t problem, int solver, int order) {
    return (problem * LIPS_N_SOLVERS + (size_t)solver) * LIPS_N_ORDERS + (size_t)order;
}

#define MAX_JOBS 64

typedef struct task {
    long problem;
    lips_solver solver;
    lips_order_kind order;
} task;

typedef struct slot {
    pid_t pid;
    int fd;
    long task;
    double started;
    size_t got;
    lips_bench_record rec;
} slot;

/* The network's probabilities for a problem and the time they took. */
typedef struct prediction {
    float p[LIPS_N_ATTRS];
    double seconds;
} prediction;

static void order_probs(const lips_bench_config *cfg, const lips_problem *p, const prediction *pred,
                        lips_order_kind o, float out[LIPS_N_ATTRS]) {
    uint64_t attrs = p->has_program ? lips_program_attrs(&p->program) : 0;
    for (int a = 0; a < LIPS_N_ATTRS; a++)
        out[a] = o == LIPS_ORDER_MODEL   ? pred->p[a]
                 : o == LIPS_ORDER_PRIOR ? cfg->prior[a]
                 : o == LIPS_ORDER_ORACLE ? ((attrs >> a) & 1 ? 0.9f : 0.1f * cfg->prior[a])
                                          : 0.5f;
}

/* What the solvers and the network see of p: all but its last `holdout`
 * examples, and of those at most the first `examples` (0: all). */
static void visible_part(const lips_problem *p, const lips_bench_config *cfg, lips_problem *out) {
    *out = *p;
    out->n_examples -= cfg->holdout;
    if (cfg->examples > 0 && out->n_examples > cfg->examples) out->n_examples = cfg->examples;
}

/* The child's side: one solve, its record written whole to fd; a found
 * program is then run on the held-out examples. */
static void run_child(const lips_problem *p, const task *t, const lips_bench_config *cfg, const prediction *pred,
                      int fd) {
    lips_problem seen;
    visible_part(p, cfg, &seen);
    lips_solve_config sc;
    lips_solve_config_default(&sc);
    sc.solver = t->solver;
    sc.max_len = cfg->max_len > 0 ? cfg->max_len : p->has_program ? p->program.n_stmts : 3;
    sc.timeout_s = cfg->timeout_s;
    sc.threads = 1;
    sc.mem_limit = cfg->mem_limit;
    order_probs(cfg, p, pred, t->order, sc.attr_p);
    lips_bench_record r;
    memset(&r, 0, sizeof r);
    r.problem = t->problem;
    r.solver = t->solver;
    r.order = t->order;
    r.semantics = seen.semantics;
    lips_solve_result res;
    memset(&res, 0, sizeof res);
    lips_error err;
    lips_status st = (cfg->solve ? cfg->solve : lips_solve)(&seen, &sc, &res, &err);
    if (st) {
        r.outcome = LIPS_BENCH_ERROR;
    } else {
        r.outcome = res.status == LIPS_SOLVE_FOUND  ? LIPS_BENCH_SOLVED
                    : res.status == LIPS_SOLVE_NONE ? LIPS_BENCH_NO_PROGRAM
                    : res.status == LIPS_SOLVE_OOM  ? LIPS_BENCH_OOM
                                                    : LIPS_BENCH_TIMEOUT;
        /* the model's ordering costs its prediction too */
        r.predict_seconds = t->order == LIPS_ORDER_MODEL ? pred->seconds : 0;
        r.seconds = res.seconds + r.predict_seconds;
        r.nodes = res.nodes;
        r.completions = res.completions;
        r.smt_seconds = res.smt_seconds;
        r.complete_seconds = res.complete_seconds;
        if (r.outcome == LIPS_BENCH_SOLVED) {
            lips_program_print(&res.program, " | ", r.program, sizeof r.program);
            if (cfg->holdout > 0) {
                r.holdout = cfg->holdout;
                r.holdout_right = lips_problem_count_right(p, &res.program, p->n_examples - cfg->holdout);
            }
        }
        lips_solve_result_free(&res);
    }
    const char *b = (const char *)&r;
    size_t left = sizeof r;
    while (left > 0) {
        ssize_t w = write(fd, b, left);
        if (w <= 0 && errno != EINTR) break;
        if (w > 0) b += w, left -= (size_t)w;
    }
}

static lips_status spawn(slot *sl, long ti, const task *t, const lips_problem *ps, const lips_bench_config *cfg,
                         const prediction *pred, lips_error *err) {
    int fds[2];
    if (pipe(fds) != 0) return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "pipe: %s", strerror(errno));
    fflush(NULL); /* the child must not write the parent's buffered output again */
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        run_child(&ps[t->problem], t, cfg, pred ? &pred[t->problem] : NULL, fds[1]);
        _exit(0);
    }
    close(fds[1]);
    sl->pid = pid;
    sl->fd = fds[0];
    sl->task = ti;
    sl->started = lips_now_s();
    sl->got = 0;
    return LIPS_OK;
}

/* Reaps a child whose pipe closed: its record, or a crash. */
static void reap(slot *sl, const task *t, lips_bench_record *out) {
    int ws;
    while (waitpid(sl->pid, &ws, 0) < 0 && errno == EINTR) {}
    close(sl->fd);
    if (sl->got == sizeof sl->rec) {
        *out = sl->rec;
    } else {
        memset(out, 0, sizeof *out);
        out->problem = t->problem;
        out->solver = t->solver;
        out->order = t->order;
        out->outcome = LIPS_BENCH_CRASH;
        out->seconds = lips_now_s() - sl->started;
    }
    sl->pid = 0;
}

/* At most four lines a second, and always the last. */
static void progress_line(long done, long total, long solved, double t0, double *shown) {
    double t = lips_now_s(), el = t - t0, rate = el > 0 ? done / el : 0;
    if (done < total && t - *shown < 0.25) return;
    *shown = t;
    double eta = rate > 0 ? (total - done) / rate : 0;
    fprintf(stderr, "\rbench: %ld/%ld runs, %ld solved, %.1f runs/s, ETA %.0f s   ", done, total, solved, rate,
            eta);
}

/* A finished run, this rank's or another's, appended by rank 0. */
static void keep_record(const lips_bench_record *rec, const lips_problem *ps, FILE *out, lips_bench_report *rep,
                        long *finished, long *solved) {
    ++*finished;
    *solved += rec->outcome == LIPS_BENCH_SOLVED;
    rep->crashed += rec->outcome == LIPS_BENCH_CRASH;
    lips_bench_record_write(rec, ps[rec->problem].name, out);
    fflush(out);
}

/* Rank 0's status (and its error) on every rank. */
static lips_status root_status(const lips_comm *comm, lips_status st, lips_error *err) {
    lips_error e;
    memset(&e, 0, sizeof e);
    if (comm->rank == 0 && st) {
        if (err) e = *err;
        e.code = st;
    }
    if (comm->broadcast(comm->ctx, &e, sizeof e))
        return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "the ranks could not agree on a start");
    if (e.code && err) *err = e;
    return e.code;
}

lips_status lips_bench_run(const lips_problem *ps, size_t n, const char *data_path, const lips_bench_config *cfg,
                           const char *dir, lips_bench_report *rep, lips_error *err) {
    memset(rep, 0, sizeof *rep);
    double t0 = lips_now_s();
    if (!(cfg->timeout_s > 0)) return lips_error_set(err, LIPS_ERR_INPUT, NULL, 0, 0, "a benchmark needs a timeout");
    if ((cfg->solvers & ~(1u << LIPS_SOLVER_ENUM)) && (cfg->orders & 1u << LIPS_ORDER_MODEL) && !cfg->model)
        return lips_error_set(err, LIPS_ERR_INPUT, NULL, 0, 0, "the model ordering needs a model");
    if (cfg->holdout < 0 || cfg->holdout >= LIPS_MAX_EXAMPLES)
        return lips_error_set(err, LIPS_ERR_INPUT, NULL, 0, 0, "--holdout must be in 0..%d", LIPS_MAX_EXAMPLES - 1);
    if (cfg->examples < 0 || cfg->examples > LIPS_MAX_EXAMPLES)
        return lips_error_set(err, LIPS_ERR_INPUT, NULL, 0, 0, "--examples must be in 0..%d", LIPS_MAX_EXAMPLES);
    if (n == 0) return lips_error_set(err, LIPS_ERR_INPUT, data_path, 0, 0, "the dataset has no problems");
    /* refused before anything is written: a problem without examples to solve from has no result */
    for (size_t p = 0; p < n; p++)
        if (ps[p].n_examples <= cfg->holdout)
            return lips_error_set(err, LIPS_ERR_INPUT, data_path, (int)p + 1, 0,
                                  "--holdout %d leaves none of the problem's %d examples to solve from",
                                  cfg->holdout, ps[p].n_examples);
    const lips_comm *comm = lips_comm_many(cfg->comm) ? cfg->comm : NULL;
    int root = !comm || comm->rank == 0;
    lips_status st = LIPS_OK;
    char path[4096];
    join(path, sizeof path, dir, "results.jsonl");
    lips_bench_record *old = NULL;
    size_t n_old = 0;
    long whole = 0;
    /* rank 0 alone reads and writes dir; the others learn from it what is done */
    if (root) {
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
            st = lips_error_set(err, LIPS_ERR_INPUT, dir, 0, 0, "cannot create the directory: %s", strerror(errno));
        else if (!(st = check_run_file(dir, data_path, ps, n, cfg, err)))
            st = load_records(path, &old, &n_old, &whole, err);
    }
    if (comm) st = root_status(comm, st, err);
    if (st) {
        free(old);
        return st;
    }
    size_t n_keys = n * LIPS_N_SOLVERS * LIPS_N_ORDERS;
    unsigned char *done = calloc(n_keys ? n_keys : 1, 1);
    task *tasks = malloc((n_keys ? n_keys : 1) * sizeof *tasks);
    prediction *pred = cfg->model && n ? malloc(n * sizeof *pred) : NULL;
    int jobs = cfg->jobs < 1 ? 1 : cfg->jobs > MAX_JOBS ? MAX_JOBS : cfg->jobs;
    slot *slots = calloc((size_t)jobs, sizeof *slots);
    lips_bench_record *unsent = malloc((size_t)jobs * sizeof *unsent); /* for rank 0, finished here */
    FILE *out = NULL;
    long *mine = NULL;
    if (!done || !tasks || (cfg->model && n && !pred) || !slots || !unsent) {
        st = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
        goto end;
    }
    for (size_t i = 0; i < n_old; i++) {
        const lips_bench_record *r = &old[i];
        if (r->problem < (long)n) done[run_key((size_t)r->problem, r->solver, r->order)] = 1;
    }
    if (comm && comm->broadcast(comm->ctx, done, n_keys)) {
        st = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "the ranks could not share the finished runs");
        goto end;
    }
    long counter_base = 0;
    if (comm && comm->fetch_add && lips_comm_counter_base(comm, &counter_base)) {
        st = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "the ranks could not share a counter");
        goto end;
    }
    long n_tasks = 0;
    for (size_t p = 0; p < n; p++)
        for (int s = 0; s < LIPS_N_SOLVERS; s++) {
            if (!(cfg->solvers & 1u << s)) continue;
            unsigned os = orders_of(cfg, (lips_solver)s);
            for (int o = 0; o < LIPS_N_ORDERS; o++) {
                if (!(os & 1u << o)) continue;
                rep->runs++;
                if (done[run_key(p, s, o)]) {
                    rep->resumed++;
                    continue;
                }
                tasks[n_tasks++] = (task){(long)p, (lips_solver)s, (lips_order_kind)o};
            }
        }
    /* one problem at a time, as lips solve --model does; the first call
     * warms up OpenBLAS and is not timed */
    if (!n_tasks) { /* every run resumed: nothing to predict for */
        free(pred);
        pred = NULL;
    }
    lips_problem seen;
    if (pred) lips_nn_predict(cfg->model, &ps[0], pred[0].p);
    for (size_t p = 0; pred && p < n; p++) {
        visible_part(&ps[p], cfg, &seen);
        double t = lips_now_s();
        lips_nn_predict(cfg->model, &seen, pred[p].p);
        pred[p].seconds = lips_now_s() - t;
    }

    /* Which runs this process does. One process: all, in order. Several
     * ranks with a shared counter: each takes the next run from it whenever
     * a child of its is free, so a rank that drew slow runs does fewer, and
     * no rank waits for another to hand it one. Without one: the first
     * jobs x size are dealt in turn (run k to rank k mod size); then rank 0
     * hands out the next each time a rank's run ends (its record asks for
     * one) and takes its own from the same count. */
    int shared = comm && comm->fetch_add, drained = !shared;
    long n_mine = 0, next = 0, waiting = 0;
    mine = malloc((n_tasks ? (size_t)n_tasks : 1) * sizeof *mine);
    long claim = comm && !shared ? (n_tasks < (long)jobs * comm->size ? n_tasks : (long)jobs * comm->size) : 0;
    if (!mine) {
        st = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
        goto end;
    }
    for (long k = 0; k < claim; k++)
        if (k % comm->size == comm->rank) mine[n_mine++] = k;
    /* Appending after the last whole line drops one an interrupted run cut short. */
    out = root ? fopen(path, "ab") : NULL;
    if (root && !out) {
        st = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot write the file");
        goto end;
    }
    struct stat sb;
    if (root && stat(path, &sb) == 0 && sb.st_size > whole && truncate(path, whole) != 0) {
        st = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot truncate the file");
        goto end;
    }

    long finished = 0, solved = 0, active = 0, n_unsent = 0;
    double timeout = cfg->timeout_s, shown = 0;
    /* A solver keeps its timeout within a few percent; one that overruns it
     * this far is hung and is killed. */
    double hard = timeout * 1.5 + 5;
    while (!st) {
        for (int k = 0; k < jobs && !st; k++) {
            if (slots[k].pid) continue;
            if (next == n_mine && !drained) {
                long v;
                if (comm->fetch_add(comm->ctx, 1, &v)) {
                    st = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "a run could not be taken from the ranks' counter");
                    break;
                }
                v -= counter_base;
                if (v < n_tasks) mine[n_mine++] = v;
                else drained = 1;
            }
            if (next == n_mine && root && !shared && claim < n_tasks) mine[n_mine++] = claim++;
            if (next == n_mine) break;
            st = spawn(&slots[k], mine[next], &tasks[mine[next]], ps, cfg, pred, err);
            if (!st) next++, active++;
        }
        /* the records of this rank's runs go to rank 0 once its children
         * are busy again: a send may wait until rank 0 looks for it */
        for (long i = 0; i < n_unsent && !st; i++) {
            if (comm->send(comm->ctx, 0, &unsent[i], sizeof unsent[i]))
                st = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "a record could not be sent to rank 0");
            else
                waiting += !shared; /* without a counter the answer is the next run */
        }
        n_unsent = 0;
        /* done when nothing is running, nothing is left to start and,
         * without a counter, no answer is due (rank 0: every record is in) */
        if (st || !(next < n_mine || active > 0 || !drained || (root ? finished < n_tasks : waiting > 0))) break;
        struct pollfd pf[MAX_JOBS];
        int idx[MAX_JOBS], np = 0;
        for (int k = 0; k < jobs; k++)
            if (slots[k].pid) pf[np] = (struct pollfd){.fd = slots[k].fd, .events = POLLIN}, idx[np++] = k;
        /* rank 0 looks for the other ranks' records often (a rank sending
         * one may wait, spinning, until rank 0 takes it), and they for the
         * next run it hands out */
        int pr = poll(pf, (nfds_t)np, comm && (root || waiting) ? 5 : 200);
        if (pr < 0 && errno != EINTR) {
            st = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "poll: %s", strerror(errno));
            break;
        }
        double t = lips_now_s();
        for (int q = 0; q < np; q++) {
            slot *sl = &slots[idx[q]];
            int closed = 0;
            if (pr > 0 && (pf[q].revents & (POLLIN | POLLHUP | POLLERR))) {
                ssize_t r = read(sl->fd, (char *)&sl->rec + sl->got, sizeof sl->rec - sl->got);
                if (r > 0) sl->got += (size_t)r;
                else if (r == 0 || errno != EINTR) closed = 1;
            }
            if (!closed && t - sl->started > hard) {
                kill(sl->pid, SIGKILL);
                closed = 1;
            }
            if (!closed) continue;
            lips_bench_record rec;
            const task *tk = &tasks[sl->task];
            reap(sl, tk, &rec);
            active--;
            if (root) keep_record(&rec, ps, out, rep, &finished, &solved);
            else unsent[n_unsent++] = rec;
            if (cfg->progress) progress_line(finished, n_tasks, solved, t0, &shown);
        }
        /* rank 0: the other ranks' records, each answered, without a
         * counter, with their next run (-1: none left); the others: those
         * answers */
        for (int got = 1, from; comm && (root || !shared) && !st && got;) {
            lips_bench_record rec;
            long ti;
            got = root ? comm->poll(comm->ctx, &rec, sizeof rec, &from) : comm->poll(comm->ctx, &ti, sizeof ti, &from);
            if (got < 0 || (got && root && (rec.problem < 0 || rec.problem >= (long)n)) ||
                (got && !root && (ti < -1 || ti >= n_tasks))) {
                st = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "a message between the ranks was lost");
            } else if (got && root) {
                keep_record(&rec, ps, out, rep, &finished, &solved);
                if (!shared) {
                    ti = claim < n_tasks ? claim++ : -1;
                    if (comm->send(comm->ctx, from, &ti, sizeof ti))
                        st = lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "a run could not be sent to rank %d",
                                            from);
                }
                if (cfg->progress) progress_line(finished, n_tasks, solved, t0, &shown);
            } else if (got) {
                waiting--;
                if (ti >= 0) mine[n_mine++] = ti;
            }
        }
    }
    if (cfg->progress && n_tasks) fputc('\n', stderr);
end:
    for (int k = 0; slots && k < jobs; k++)
        if (slots[k].pid) {
            kill(slots[k].pid, SIGKILL);
            waitpid(slots[k].pid, NULL, 0);
            close(slots[k].fd);
        }
    if (out && fclose(out) != 0 && !st) st = lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "write error");
    free(slots);
    free(unsent);
    free(mine);
    free(pred);
    free(tasks);
    free(done);
    free(old);
    rep->seconds = lips_now_s() - t0;
    return st;
}

/* ---- summary ---------------------------------------------------------- */

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

lips_status lips_bench_summarize(const lips_bench_record *recs, size_t n_recs, long problems,
                                 const lips_bench_config *cfg, lips_bench_summary *s, lips_error *err) {
    memset(s, 0, sizeof *s);
    s->problems = problems;
    s->timeout_s = cfg->timeout_s;
    s->holdout = cfg->holdout;
    s->examples = cfg->examples;
    for (size_t i = 0; i < n_recs; i++) s->deepcoder_runs += recs[i].semantics == LIPS_SEM_DEEPCODER;
    static const lips_solver solver_order[] = {LIPS_SOLVER_DFS, LIPS_SOLVER_SAA, LIPS_SOLVER_ENUM, LIPS_SOLVER_Z3};
    for (size_t si = 0; si < sizeof solver_order / sizeof *solver_order; si++) {
        lips_solver sv = solver_order[si];
        if (!(cfg->solvers & 1u << sv)) continue;
        for (int o = 0; o < LIPS_N_ORDERS; o++) {
            if (!(orders_of(cfg, sv) & 1u << o)) continue;
            lips_bench_row *row = &s->rows[s->n_rows++];
            row->solver = sv;
            row->order = (lips_order_kind)o;
            row->problems = problems;
            row->times = malloc((size_t)(problems > 0 ? problems : 1) * sizeof *row->times);
            if (!row->times) {
                lips_bench_summary_free(s);
                return lips_error_set(err, LIPS_ERR_INTERNAL, NULL, 0, 0, "out of memory");
            }
            /* a problem counts once even if results.jsonl repeats it */
            unsigned char *seen = calloc((size_t)(problems > 0 ? problems : 1), 1);
            double nodes = 0, completions = 0, total = 0, smt = 0, complete = 0;
            for (size_t i = 0; seen && i < n_recs; i++) {
                const lips_bench_record *r = &recs[i];
                if (r->solver != sv || r->order != (lips_order_kind)o || r->problem >= problems || seen[r->problem])
                    continue;
                seen[r->problem] = 1;
                row->runs++;
                row->crashed += r->outcome == LIPS_BENCH_CRASH;
                total += r->seconds - r->predict_seconds;
                smt += r->smt_seconds;
                complete += r->complete_seconds;
                if (r->outcome != LIPS_BENCH_SOLVED) continue;
                row->holdout_ok += r->holdout > 0 && r->holdout_right == r->holdout;
                row->times[row->solved++] = r->seconds;
                nodes += (double)r->nodes;
                completions += (double)r->completions;
            }
            free(seen);
            qsort(row->times, (size_t)row->solved, sizeof *row->times, cmp_double);
            for (int k = 0; k < LIPS_BENCH_N_PERCENTS; k++) {
                long need = (lips_bench_percents[k] * problems + 99) / 100;
                if (need < 1) need = 1;
                row->time_to[k] = need <= row->solved ? row->times[need - 1] : INFINITY;
            }
            row->median_seconds = row->solved ? row->times[(row->solved - 1) / 2] : NAN;
            row->mean_nodes = row->solved ? nodes / (double)row->solved : NAN;
            row->mean_completions = row->solved ? completions / (double)row->solved : NAN;
            row->smt_share = total > 0 ? smt / total : NAN;
            row->complete_share = total > 0 ? complete / total : NAN;
        }
    }
    return LIPS_OK;
}

void lips_bench_summary_free(lips_bench_summary *s) {
    for (int i = 0; i < s->n_rows; i++) {
        free(s->rows[i].times);
        s->rows[i].times = NULL;
    }
}

static const lips_bench_row *find_row(const lips_bench_summary *s, lips_solver sv, lips_order_kind o) {
    for (int i = 0; i < s->n_rows; i++)
        if (s->rows[i].solver == sv && s->rows[i].order == o) return &s->rows[i];
    return NULL;
}

double lips_bench_speedup(const lips_bench_summary *s, lips_solver solver, int k, int *lower_bound) {
    const lips_bench_row *m = find_row(s, solver, LIPS_ORDER_MODEL), *p = find_row(s, solver, LIPS_ORDER_PRIOR);
    *lower_bound = 0;
    if (!m || !p || isinf(m->time_to[k])) return NAN;
    double tm = m->time_to[k] > 1e-9 ? m->time_to[k] : 1e-9;
    if (isinf(p->time_to[k])) {
        *lower_bound = 1;
        return s->timeout_s / tm;
    }
    return p->time_to[k] / tm;
}

static void fmt_time(double t, char *buf, size_t n) {
    if (isinf(t) || isnan(t)) snprintf(buf, n, "—");
    else if (t < 1) snprintf(buf, n, "%.3g ms", t * 1e3);
    else snprintf(buf, n, "%.3g s", t);
}

/* A table's header "| LEAD | 20% | ... | 100% |TAIL" and its separator row;
 * lead and tail span lead_cols and tail_cols columns. */
static void percent_header(FILE *out, const char *lead, int lead_cols, const char *tail, int tail_cols) {
    fprintf(out, "| %s |", lead);
    for (int k = 0; k < LIPS_BENCH_N_PERCENTS; k++) fprintf(out, " %d%% |", lips_bench_percents[k]);
    fprintf(out, "%s\n|", tail);
    for (int k = 0; k < lead_cols + LIPS_BENCH_N_PERCENTS + tail_cols; k++) fputs("---|", out);
    fputc('\n', out);
}

/* x of n as a fraction; NAN when n is 0 */
static double share(long x, long n) { return n > 0 ? (double)x / (double)n : NAN; }

static void put_percent(FILE *out, double x) {
    if (isnan(x)) fputs(" — |", out);
    else fprintf(out, " %.1f%% |", x * 100);
}

void lips_bench_summary_write_md(const lips_bench_summary *s, const char *title, FILE *out) {
    char b[32];
    fprintf(out, "# %s\n\n", title);
    fprintf(out, "Time limit per problem needed to solve each share of the %ld problems (DeepCoder's "
                 "Table 1 measure; timeout %g s, '—' not reached).\n\n",
            s->problems, s->timeout_s);
    if (s->examples > 0)
        fprintf(out, "The solvers and the network saw at most the first %d example%s of each problem.\n\n",
                s->examples, s->examples == 1 ? "" : "s");
    if (s->deepcoder_runs > 0)
        fprintf(out, "%ld run%s in DeepCoder semantics (values in between may leave [-256, 255]; docs/dsl.md).\n\n",
                s->deepcoder_runs, s->deepcoder_runs == 1 ? "" : "s");
    percent_header(out, "solver | ordering | solved", 3, " median (solved) | mean nodes (solved) | crashed |", 3);
    for (int i = 0; i < s->n_rows; i++) {
        const lips_bench_row *r = &s->rows[i];
        fprintf(out, "| %s | %s | %ld/%ld |", lips_solver_name(r->solver), lips_order_kind_name(r->order), r->solved,
                r->problems);
        for (int k = 0; k < LIPS_BENCH_N_PERCENTS; k++) {
            fmt_time(r->time_to[k], b, sizeof b);
            fprintf(out, " %s |", b);
        }
        fmt_time(r->median_seconds, b, sizeof b);
        fprintf(out, " %s |", b);
        if (r->solved) fprintf(out, " %.3g |", r->mean_nodes);
        else fputs(" — |", out);
        fprintf(out, " %ld |\n", r->crashed);
    }
    if (s->holdout > 0) {
        fprintf(out, "\nHeld out: the last %d example%s of each problem, hidden from the solvers and the network; "
                     "a program found counts when it is right on every held-out example.\n\n",
                s->holdout, s->holdout == 1 ? "" : "s");
        fputs("| solver | ordering | solved | right on held-out | of all problems | of solved |\n"
              "|---|---|---|---|---|---|\n",
              out);
        for (int i = 0; i < s->n_rows; i++) {
            const lips_bench_row *r = &s->rows[i];
            fprintf(out, "| %s | %s | %ld/%ld | %ld |", lips_solver_name(r->solver), lips_order_kind_name(r->order),
                    r->solved, r->problems, r->holdout_ok);
            put_percent(out, share(r->holdout_ok, r->problems));
            put_percent(out, share(r->holdout_ok, r->solved));
            fputc('\n', out);
        }
    }
    int z3 = 0;
    for (int i = 0; i < s->n_rows; i++) z3 |= s->rows[i].solver == LIPS_SOLVER_Z3;
    if (z3) {
        fputs("\nZ3 plans, the enumerator completes: plans Z3 proposed and completions the enumerator ran (means "
              "of the solved runs), and the shares of all the runs' solver time in Z3's checks and in the "
              "completions.\n\n| ordering | plans | completions | time in Z3 | time in completions |\n"
              "|---|---|---|---|---|\n",
              out);
        for (int i = 0; i < s->n_rows; i++) {
            const lips_bench_row *r = &s->rows[i];
            if (r->solver != LIPS_SOLVER_Z3) continue;
            fprintf(out, "| %s |", lips_order_kind_name(r->order));
            if (r->solved) fprintf(out, " %.3g | %.3g |", r->mean_nodes, r->mean_completions);
            else fputs(" — | — |", out);
            put_percent(out, r->smt_share);
            put_percent(out, r->complete_share);
            fputc('\n', out);
        }
    }
    int any = 0;
    for (int i = 0; i < s->n_rows; i++)
        any |= s->rows[i].order == LIPS_ORDER_MODEL && find_row(s, s->rows[i].solver, LIPS_ORDER_PRIOR);
    if (!any) return;
    fputs("\nSpeedup of the model ordering over the prior (the prior's time over the model's; '>' a lower "
          "bound where only the model got there):\n\n",
          out);
    percent_header(out, "solver", 1, "", 0);
    for (int i = 0; i < s->n_rows; i++) {
        const lips_bench_row *r = &s->rows[i];
        if (r->order != LIPS_ORDER_MODEL || !find_row(s, r->solver, LIPS_ORDER_PRIOR)) continue;
        fprintf(out, "| %s |", lips_solver_name(r->solver));
        for (int k = 0; k < LIPS_BENCH_N_PERCENTS; k++) {
            int lb;
            double x = lips_bench_speedup(s, r->solver, k, &lb);
            if (isnan(x)) fputs(" — |", out);
            else fprintf(out, " %s%.3gx |", lb ? ">" : "", x);
        }
        fputc('\n', out);
    }
}

static cJSON *number_or_null(double x) { return isfinite(x) ? cJSON_CreateNumber(x) : cJSON_CreateNull(); }

void lips_bench_summary_write_json(const lips_bench_summary *s, FILE *out) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "problems", (double)s->problems);
    cJSON_AddNumberToObject(j, "timeout", s->timeout_s);
    if (s->holdout > 0) cJSON_AddNumberToObject(j, "holdout", s->holdout);
    if (s->examples > 0) cJSON_AddNumberToObject(j, "examples", s->examples);
    if (s->deepcoder_runs > 0) cJSON_AddNumberToObject(j, "deepcoder_runs", (double)s->deepcoder_runs);
    cJSON *pc = cJSON_AddArrayToObject(j, "percents");
    for (int k = 0; k < LIPS_BENCH_N_PERCENTS; k++) cJSON_AddItemToArray(pc, cJSON_CreateNumber(lips_bench_percents[k]));
    cJSON *rows = cJSON_AddArrayToObject(j, "rows");
    for (int i = 0; i < s->n_rows; i++) {
        const lips_bench_row *r = &s->rows[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "solver", lips_solver_name(r->solver));
        cJSON_AddStringToObject(o, "order", lips_order_kind_name(r->order));
        cJSON_AddNumberToObject(o, "runs", (double)r->runs);
        cJSON_AddNumberToObject(o, "solved", (double)r->solved);
        cJSON_AddNumberToObject(o, "crashed", (double)r->crashed);
        cJSON *tt = cJSON_AddArrayToObject(o, "time_to");
        for (int k = 0; k < LIPS_BENCH_N_PERCENTS; k++) cJSON_AddItemToArray(tt, number_or_null(r->time_to[k]));
        cJSON_AddItemToObject(o, "median_seconds", number_or_null(r->median_seconds));
        cJSON_AddItemToObject(o, "mean_nodes", number_or_null(r->mean_nodes));
        if (r->solver == LIPS_SOLVER_Z3) {
            cJSON_AddItemToObject(o, "mean_completions", number_or_null(r->mean_completions));
            cJSON_AddItemToObject(o, "smt_share", number_or_null(r->smt_share));
            cJSON_AddItemToObject(o, "complete_share", number_or_null(r->complete_share));
        }
        if (s->holdout > 0) {
            cJSON_AddNumberToObject(o, "holdout_ok", (double)r->holdout_ok);
            cJSON_AddItemToObject(o, "holdout_ok_share", number_or_null(share(r->holdout_ok, r->problems)));
            cJSON_AddItemToObject(o, "holdout_ok_share_of_solved", number_or_null(share(r->holdout_ok, r->solved)));
        }
        if (r->order == LIPS_ORDER_MODEL && find_row(s, r->solver, LIPS_ORDER_PRIOR)) {
            cJSON *sp = cJSON_AddArrayToObject(o, "speedup_over_prior");
            cJSON *lbs = cJSON_AddArrayToObject(o, "speedup_is_lower_bound");
            for (int k = 0; k < LIPS_BENCH_N_PERCENTS; k++) {
                int lb;
                cJSON_AddItemToArray(sp, number_or_null(lips_bench_speedup(s, r->solver, k, &lb)));
                cJSON_AddItemToArray(lbs, cJSON_CreateBool(lb));
            }
        }
        cJSON_AddItemToArray(rows, o);
    }
    char *txt = cJSON_Print(j);
    fprintf(out, "%s\n", txt);
    cJSON_free(txt);
    cJSON_Delete(j);
}

/* Fraction solved against the time limit, a step curve per row, log time. */
static int plot(const lips_bench_summary *s, const char *title, const char *png) {
    FILE *g = popen("gnuplot", "w");
    if (!g) return 1;
    double lo = s->timeout_s;
    for (int i = 0; i < s->n_rows; i++)
        if (s->rows[i].solved && s->rows[i].times[0] < lo) lo = s->rows[i].times[0];
    lo = lo > 1e-6 ? lo / 2 : 1e-6;
    fprintf(g, "set terminal pngcairo size 800,560 font ',10'\nset output '%s'\n", png);
    fputs("set title '", g);
    for (const char *c = title; *c; c++) fputs(*c == '\'' ? "''" : (char[2]){*c, 0}, g);
    fputs("' noenhanced\n", g);
    fprintf(g, "set logscale x\nset xrange [%g:%g]\nset yrange [0:1.02]\nset key left top noenhanced\n", lo,
            s->timeout_s);
    fputs("set xlabel 'time limit per problem (s)'\nset ylabel 'fraction of problems solved'\nset grid\n", g);
    fputs("plot ", g);
    for (int i = 0; i < s->n_rows; i++)
        fprintf(g, "%s'-' using 1:2 with steps lw 2 title '%s, %s'", i ? ", " : "", lips_solver_name(s->rows[i].solver),
                lips_order_kind_name(s->rows[i].order));
    fputc('\n', g);
    for (int i = 0; i < s->n_rows; i++) {
        const lips_bench_row *r = &s->rows[i];
        double n = r->problems > 0 ? (double)r->problems : 1;
        fprintf(g, "%g 0\n", lo);
        for (long k = 0; k < r->solved; k++) fprintf(g, "%.9g %.6f\n", r->times[k] > lo ? r->times[k] : lo, (k + 1) / n);
        fprintf(g, "%g %.6f\ne\n", s->timeout_s, r->solved / n);
    }
    return pclose(g) != 0;
}

lips_status lips_bench_write(const lips_bench_summary *s, const char *title, const char *dir, int want_plot,
                             lips_error *err) {
    char path[4096], tmp[4200];
    join(path, sizeof path, dir, "summary.md");
    FILE *f = begin_write(path, tmp, sizeof tmp);
    if (!f) return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot write the file");
    lips_bench_summary_write_md(s, title, f);
    lips_status st = end_write(f, tmp, path, err);
    if (st) return st;
    join(path, sizeof path, dir, "summary.json");
    if (!(f = begin_write(path, tmp, sizeof tmp)))
        return lips_error_set(err, LIPS_ERR_INPUT, path, 0, 0, "cannot write the file");
    lips_bench_summary_write_json(s, f);
    if ((st = end_write(f, tmp, path, err)) || !want_plot) return st;
    join(path, sizeof path, dir, "solved.png");
    snprintf(tmp, sizeof tmp, "%s.tmp%ld.png", path, (long)getpid());
    if (plot(s, title, tmp) || rename(tmp, path) != 0) {
        remove(tmp);
        return lips_error_set(err, LIPS_ERR_INTERNAL, path, 0, 0, "gnuplot could not draw the plot");
    }
    return LIPS_OK;
}
