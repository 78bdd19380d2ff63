/* A set of 64-bit keys (hashes), open addressing: the generator's
 * de-duplication sets and the observational-equivalence index. Zeroed is
 * empty. Key 0 is stored as 1, so callers pass hashes, not counters. */
#ifndef LIPS_HSET_H
#define LIPS_HSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct lips_hset {
    uint64_t *slot; /* 0 marks empty */
    size_t cap, n;
} lips_hset;

/* 1 when k is new, 0 when it was there, -1 out of memory (s unchanged). */
int lips_hset_insert(lips_hset *s, uint64_t k);
int lips_hset_has(const lips_hset *s, uint64_t k);
/* Empties s and keeps its memory. */
void lips_hset_clear(lips_hset *s);
void lips_hset_free(lips_hset *s);

#endif
