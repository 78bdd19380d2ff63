/* The one random number generator: splitmix64 (Steele, Lea and Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014). A state is
 * one uint64_t, so every chunk, program or test keeps its own stream, and a
 * stream is reproducible from its seed alone. */
#ifndef LIPS_RNG_H
#define LIPS_RNG_H

#include <stdint.h>

/* splitmix64's finalizer: a bijection that spreads every input bit. */
static inline uint64_t lips_mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline uint64_t lips_rng_next(uint64_t *s) { return lips_mix64(*s += 0x9e3779b97f4a7c15ull); }

/* Uniform in [0, n) for n >= 1 (multiply-shift: no modulo bias worth
 * measuring at these n). */
static inline uint32_t lips_rng_below(uint64_t *s, uint32_t n) {
    return (uint32_t)(((lips_rng_next(s) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static inline int lips_rng_int(uint64_t *s, int lo, int hi) {
    return lo + (int)lips_rng_below(s, (uint32_t)(hi - lo + 1));
}

#endif
