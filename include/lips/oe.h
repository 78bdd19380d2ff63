/* The observational-equivalence index of one input set: the outputs (one
 * value per example) that every straight-line program of at most L
 * statements produces on those inputs. `lips gen --shared-inputs K` builds
 * one per input set and accepts a program of L+1 statements only when its
 * outputs are not in it: no per-candidate search (docs/datagen.md). */
#ifndef LIPS_OE_H
#define LIPS_OE_H

#include <stddef.h>
#include <stdint.h>

#include "lips/problem.h"

typedef struct lips_oe_index lips_oe_index;

lips_oe_index *lips_oe_index_new(void);
void lips_oe_index_free(lips_oe_index *x);

/* Replaces x's content with the outputs of every program of 0..max_len
 * statements over the n_inputs inputs of types `types`, run in semantics
 * sem on the M
 * examples in[e][0..n_inputs): any instance on any earlier variables (so
 * programs reading a subset of the inputs, or one twice, are included), the
 * inputs themselves for length 0. Programs failing on an example produce
 * nothing. Exact up to 64-bit hash collisions, which can only make
 * lips_oe_index_has answer 1 for outputs no program reaches. Returns
 * LIPS_ERR_INTERNAL when out of memory. */
lips_status lips_oe_index_build(lips_oe_index *x, lips_semantics sem, int n_inputs, const uint8_t *types, int M,
                                const lips_value in[][LIPS_MAX_INPUTS], int max_len);

/* Does some program of at most max_len statements produce out[0..M) on
 * the build's examples? */
int lips_oe_index_has(const lips_oe_index *x, const lips_value *out);

/* Distinct outputs recorded, statements run (nodes), and the bytes held. */
size_t lips_oe_index_size(const lips_oe_index *x);
uint64_t lips_oe_index_nodes(const lips_oe_index *x);
size_t lips_oe_index_bytes(const lips_oe_index *x);

#endif
