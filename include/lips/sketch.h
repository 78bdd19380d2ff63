/* The SMT sketch solver: Z3 fills a sketch's holes. Every function instance is
 * a constraint transformer over interval abstractions of values
 * (smt/encode.c); the sketch is encoded once per problem, candidates are
 * checked by the interpreter (CEGIS) and refuted ones are blocked together
 * with every completion that shares the cause. Sort and add restricts the
 * holes to the k most probable instances through assumption literals.
 * docs/solver.md describes the encoding. */
#ifndef LIPS_SKETCH_H
#define LIPS_SKETCH_H

#include "lips/order.h"

/* Runs search s (lips_search_prepare) with Z3. Fills *res (free with
 * lips_solve_result_free). */
lips_status lips_sketch_solve(const lips_search *s, lips_solve_result *res, lips_error *err);

#endif
