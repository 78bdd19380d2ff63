/* The benchmarks' draws (tasks, holes): xorshift64, not the library's
 * splitmix64, so that the figures in docs/ stay reproducible from their
 * commands. */
#ifndef LIPS_BENCH_RNG_H
#define LIPS_BENCH_RNG_H

#include <stdint.h>

static uint64_t rng;

static unsigned rnd(unsigned n) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

#endif
