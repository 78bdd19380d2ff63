/* The library's one clock: seconds on CLOCK_MONOTONIC, which deadlines,
 * timings and throughput figures all read. */
#ifndef LIPS_CLOCK_H
#define LIPS_CLOCK_H

double lips_now_s(void);

#endif
