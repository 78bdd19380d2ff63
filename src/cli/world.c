/* lips_comm over MPI_COMM_WORLD (see world.h), built only with LIPS_MPI. */
#include "world.h"

#include <limits.h>
#include <mpi.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MESSAGE_TAG 1  /* send's messages, apart from the collectives' */
#define FAILED_WAIT 3 /* seconds a failed rank waits for the others at the end */

static lips_comm world;
static int joined;
static MPI_Comm end_comm; /* the final agreement's own, apart from any exchange left pending */
static MPI_Win counter_win; /* fetch_add's counter: one long on rank 0, open to all for the whole run */
static long *counter;
static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;

/* Out of memory on one rank: the others would wait for it, so it ends the job. */
static void *alloc_or_abort(size_t bytes) {
    void *p = malloc(bytes ? bytes : 1);
    if (!p) MPI_Abort(MPI_COMM_WORLD, 1);
    return p;
}

static int allgather(void *ctx, const void *buf, size_t len, char **all, size_t *lens) {
    int n = world.size, fits = 1;
    unsigned long long mine = len, total = 0, *each = alloc_or_abort((size_t)n * sizeof *each);
    int *counts = alloc_or_abort((size_t)n * sizeof *counts), *displs = alloc_or_abort((size_t)n * sizeof *displs);
    *all = NULL;
    if (MPI_Allgather(&mine, 1, MPI_UNSIGNED_LONG_LONG, each, 1, MPI_UNSIGNED_LONG_LONG, MPI_COMM_WORLD)) fits = 0;
    /* every rank sees the same sizes, so all of them give up together */
    for (int r = 0; fits && r < n; r++) {
        if (each[r] > INT_MAX - total) fits = 0;
        else counts[r] = (int)each[r], displs[r] = (int)total, lens[r] = each[r], total += each[r];
    }
    if (fits) {
        *all = alloc_or_abort(total);
        if (MPI_Allgatherv(buf, (int)len, MPI_BYTE, *all, counts, displs, MPI_BYTE, MPI_COMM_WORLD)) fits = 0;
    }
    free(each);
    free(counts);
    free(displs);
    if (fits) return 0;
    free(*all);
    *all = NULL;
    return -1;
}

static int sum_floats(void *ctx, float *x, size_t n) {
    return n > INT_MAX || MPI_Allreduce(MPI_IN_PLACE, x, (int)n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD) ? -1 : 0;
}

static int sum_doubles(void *ctx, double *x, size_t n) {
    return n > INT_MAX || MPI_Allreduce(MPI_IN_PLACE, x, (int)n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD) ? -1 : 0;
}

static int broadcast(void *ctx, void *buf, size_t len) {
    return len > INT_MAX || MPI_Bcast(buf, (int)len, MPI_BYTE, 0, MPI_COMM_WORLD) ? -1 : 0;
}

static int send_to(void *ctx, int to, const void *buf, size_t len) {
    return len > INT_MAX || MPI_Send(buf, (int)len, MPI_BYTE, to, MESSAGE_TAG, MPI_COMM_WORLD) ? -1 : 0;
}

static int poll_any(void *ctx, void *buf, size_t len, int *from) {
    int flag = 0, got = 0;
    MPI_Status s;
    if (MPI_Iprobe(MPI_ANY_SOURCE, MESSAGE_TAG, MPI_COMM_WORLD, &flag, &s)) return -1;
    if (!flag) return 0;
    if (MPI_Get_count(&s, MPI_BYTE, &got) || (size_t)got != len ||
        MPI_Recv(buf, (int)len, MPI_BYTE, s.MPI_SOURCE, MESSAGE_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE))
        return -1;
    *from = s.MPI_SOURCE;
    return 1;
}

/* gen's worker threads both call this: MPI is joined serialized, and the
 * lock keeps their calls apart. On one machine Open MPI adds in shared
 * memory, never waiting for rank 0; between machines rank 0 may answer only
 * when it next calls MPI itself (bench: every 5 ms). */
static int fetch_add(void *ctx, long n, long *old) {
    pthread_mutex_lock(&counter_mu);
    int bad = MPI_Fetch_and_op(&n, old, MPI_LONG, 0, 0, MPI_SUM, counter_win) || MPI_Win_flush(0, counter_win);
    pthread_mutex_unlock(&counter_mu);
    return bad ? -1 : 0;
}

/* mpirun (Open MPI), srun and PMIx or PMI launchers say so in the environment;
 * a lips run by hand does not start MPI at all. */
static int launched(void) {
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK") || getenv("PMI_SIZE");
}

void cli_world_init(int *argc, char ***argv) {
    int provided;
    /* Every rank on this machine, as Open MPI's launcher says before
     * MPI_Init: shared memory is the only way between them, so MPI_Init need
     * not look for network transports (UCX, OFI), which took 0.2 s of its
     * 0.25 s here. A choice of the user's (mpirun --mca pml ...) stands. */
    const char *all = getenv("OMPI_COMM_WORLD_SIZE"), *here = getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
    if (all && here && !strcmp(all, here)) setenv("OMPI_MCA_pml", "ob1", 0);
    /* gen's worker threads take chunks with fetch_add, one at a time */
    if (!launched() || MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided)) return;
    joined = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &world.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world.size);
    MPI_Comm_dup(MPI_COMM_WORLD, &end_comm);
    /* an MPI that cannot take calls from other threads gets no counter:
     * gen and bench then divide their work without one */
    if (world.size > 1 && provided >= MPI_THREAD_SERIALIZED &&
        MPI_Win_allocate(world.rank == 0 ? sizeof *counter : 0, sizeof *counter, MPI_INFO_NULL, MPI_COMM_WORLD,
                         &counter, &counter_win) == MPI_SUCCESS) {
        MPI_Win_lock_all(0, counter_win);
        if (world.rank == 0) *counter = 0;
        MPI_Win_sync(counter_win);
        MPI_Barrier(MPI_COMM_WORLD);
        world.fetch_add = fetch_add;
    }
    world.allgather = allgather;
    world.sum_floats = sum_floats;
    world.sum_doubles = sum_doubles;
    world.broadcast = broadcast;
    world.send = send_to;
    world.poll = poll_any;
}

const lips_comm *cli_world_comm(void) { return joined && world.size > 1 ? &world : NULL; }

int cli_world_end(int status) {
    if (!joined) return status;
    int agreed = status, done = 0;
    MPI_Request rq;
    MPI_Iallreduce(&status, &agreed, 1, MPI_INT, MPI_MAX, end_comm, &rq);
    double t0 = MPI_Wtime();
    while (!done) {
        MPI_Test(&rq, &done, MPI_STATUS_IGNORE);
        if (done) break;
        if (status && MPI_Wtime() - t0 > FAILED_WAIT) MPI_Abort(MPI_COMM_WORLD, status);
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    /* every rank is here (it agreed): the window's collective free can wait for them */
    if (world.fetch_add) {
        MPI_Win_unlock_all(counter_win);
        MPI_Win_free(&counter_win);
    }
    MPI_Comm_free(&end_comm);
    MPI_Finalize();
    return agreed;
}
