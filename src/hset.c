#include "hset.h"

#include <stdlib.h>
#include <string.h>

int lips_hset_insert(lips_hset *s, uint64_t k) {
    if (!k) k = 1;
    if (2 * (s->n + 1) > s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 1024;
        uint64_t *ns = calloc(nc, sizeof *ns);
        if (!ns) return -1;
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i]) {
                size_t j = s->slot[i] & (nc - 1);
                while (ns[j]) j = (j + 1) & (nc - 1);
                ns[j] = s->slot[i];
            }
        free(s->slot);
        s->slot = ns;
        s->cap = nc;
    }
    size_t j = k & (s->cap - 1);
    while (s->slot[j]) {
        if (s->slot[j] == k) return 0;
        j = (j + 1) & (s->cap - 1);
    }
    s->slot[j] = k;
    s->n++;
    return 1;
}

int lips_hset_has(const lips_hset *s, uint64_t k) {
    if (!k) k = 1;
    if (!s->cap) return 0;
    size_t j = k & (s->cap - 1);
    while (s->slot[j]) {
        if (s->slot[j] == k) return 1;
        j = (j + 1) & (s->cap - 1);
    }
    return 0;
}

void lips_hset_clear(lips_hset *s) {
    if (s->cap) memset(s->slot, 0, s->cap * sizeof *s->slot);
    s->n = 0;
}

void lips_hset_free(lips_hset *s) {
    free(s->slot);
    memset(s, 0, sizeof *s);
}
