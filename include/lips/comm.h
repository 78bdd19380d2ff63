/* A group of cooperating processes (MPI ranks, or anything alike) as liblips
 * sees it: a rank, a size and the few exchanges the library needs, as
 * callbacks. liblips never calls MPI itself, so it links without it; the
 * lips command fills one in from MPI_COMM_WORLD when it runs under mpirun or
 * srun (src/cli/world.c). lips_gen_run, lips_train and lips_bench_run take one
 * in their configs: NULL (the default), or a group of size 1, is one process
 * doing everything, exactly as before. docs/scale.md says what each divides.
 *
 * Every callback returns 0, or -1 on failure; a collective one must be called
 * by every rank, in the same order. Byte counts must fit in an int. */
#ifndef LIPS_COMM_H
#define LIPS_COMM_H

#include <stddef.h>

typedef struct lips_comm {
    int rank, size; /* 0 <= rank < size */
    void *ctx;      /* passed to every callback */
    /* Collective: rank r gives len bytes; *all gets (malloc'd, caller
     * frees) every rank's bytes in rank order, lens[r] of them from rank r
     * (lens has size entries). */
    int (*allgather)(void *ctx, const void *buf, size_t len, char **all, size_t *lens);
    /* Collective: x[0..n) summed over the ranks, in place; every rank gets
     * the same bits, and the same ones again for the same inputs. */
    int (*sum_floats)(void *ctx, float *x, size_t n);
    int (*sum_doubles)(void *ctx, double *x, size_t n);
    /* Collective: rank 0's len bytes at buf, copied into every rank's buf. */
    int (*broadcast)(void *ctx, void *buf, size_t len);
    /* A message of len bytes from this rank to rank `to`; it may wait
     * until `to` polls. */
    int (*send)(void *ctx, int to, const void *buf, size_t len);
    /* A message sent to this rank by any other, without waiting: 1 when
     * one was copied to buf (*from: its sender), 0 when none is there yet.
     * A library sends one kind of message, one length, each way. */
    int (*poll)(void *ctx, void *buf, size_t len, int *from);
    /* Optional (NULL: there is none). A counter every rank shares: adds n
     * to it and gives its value before in *old, atomically across the
     * ranks, without waiting for any other rank to call anything. It never
     * goes back, and may start anywhere: a library learns where it stands
     * from rank 0 (lips_comm_counter_base) before it counts. Any thread
     * may call it, two at once too, but not while another callback of this
     * rank runs.
     * With it gen and bench hand out work to whichever rank is free; without
     * it gen deals its chunks in turn and bench hands out runs by messages. */
    int (*fetch_add)(void *ctx, long n, long *old);
} lips_comm;

/* Is c more than one process? */
static inline int lips_comm_many(const lips_comm *c) { return c && c->size > 1; }

/* Where c's shared counter (c->fetch_add, which must be there) stands:
 * rank 0 reads it before any rank takes from it and broadcasts the value,
 * and whether it could read it. Every rank calls this; 0, or -1 on every
 * rank when the counter could not be read or shared. */
static inline int lips_comm_counter_base(const lips_comm *c, long *base) {
    long at[2] = {0, 0};
    if (c->rank == 0) at[1] = c->fetch_add(c->ctx, 0, &at[0]) != 0;
    if (c->broadcast(c->ctx, at, sizeof at) != 0 || at[1]) return -1;
    *base = at[0];
    return 0;
}

#endif
