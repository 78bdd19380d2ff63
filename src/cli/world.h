/* The MPI job lips runs in. Built with LIPS_MPI and started by mpirun or
 * srun, lips joins MPI_COMM_WORLD and hands gen, bench and train a lips_comm
 * over it (world.c); otherwise, or alone in its job, lips is one process and
 * these do nothing. liblips itself never calls MPI (lips/comm.h). */
#ifndef LIPS_CLI_WORLD_H
#define LIPS_CLI_WORLD_H

#include "lips/comm.h"

#ifdef LIPS_MPI
/* Joins the job when the environment says a launcher started this process. */
void cli_world_init(int *argc, char ***argv);
/* The job as a lips_comm, or NULL: one process (not launched, or size 1). */
const lips_comm *cli_world_comm(void);
/* Leaves the job: the exit status every rank agrees on, the worst of theirs.
 * A rank that failed waits a while for the others to get here too; if they
 * do not (they wait for it in an exchange), it ends the whole job with its
 * status (MPI_Abort), so an error never leaves a job hanging. */
int cli_world_end(int status);
#else
static inline void cli_world_init(int *argc, char ***argv) {}
static inline const lips_comm *cli_world_comm(void) { return NULL; }
static inline int cli_world_end(int status) { return status; }
#endif

/* Does this process write the job's files and standard output? */
static inline int cli_world_root(void) {
    const lips_comm *c = cli_world_comm();
    return !c || c->rank == 0;
}

#endif
