/* Enumerative search: DFS, sort-and-add and plain enumeration over
 * straight-line programs, with incremental execution and pruning.
 * docs/search.md describes the search space and the pruning rules. */
#ifndef LIPS_ENUMERATE_H
#define LIPS_ENUMERATE_H

#include "lips/order.h"

/* Pruning rules, all on by default; lips_solve_config.no_prune is a mask of
 * the ones to switch off, so benchmarks can measure what each saves.
 *  EQUIV: a statement equal to an earlier variable on every example ends its
 *         branch (the program with that variable instead is in the space).
 *         Switching it off enlarges the space: --all then lists more programs.
 *  FAIL:  a statement that fails on some example ends its branch. Off, the
 *         search goes on below it (on stale values) and reports nothing there.
 *  DEAD:  a branch whose unused statements cannot all be used by the
 *         statements left ends; the last statement must use every unused
 *         one. Off, such branches are searched and report nothing. */
enum { LIPS_PRUNE_EQUIV = 1, LIPS_PRUNE_FAIL = 2, LIPS_PRUNE_DEAD = 4 };

/* Runs search s (lips_search_prepare) with s->cfg->solver in {DFS, SAA,
 * ENUM}. Fills *res (free with lips_solve_result_free). A program reported
 * FOUND fills the sketch and passes every example. */
lips_status lips_enumerate_solve(const lips_search *s, lips_solve_result *res, lips_error *err);

/* The enumerator as a completer: given a program whose first statements are
 * fixed and whose later ones are holes (a sketch's holes, or in synthesis
 * whole-statement holes), it tries every filling of the holes in the
 * ordering's depth-first order, with the same pruning as the search above
 * (in synthesis: failing, duplicate and dead statements). The Z3 solver uses
 * it to complete the plans it proposes (docs/solver.md). */
typedef struct lips_completer lips_completer;

/* For search s (its problem kept by reference): its order, and its
 * deadline. NULL when out of memory. */
lips_completer *lips_completer_new(const lips_search *s);
void lips_completer_free(lips_completer *c);

/* FOUND with the first consistent filling of partial in *out, NONE when
 * there is none, or TIMEOUT; adds the nodes it ran to *nodes. */
lips_solve_status lips_completer_run(lips_completer *c, const lips_program *partial, lips_program *out,
                                     uint64_t *nodes);

#endif
