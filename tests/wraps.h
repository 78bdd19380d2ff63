/* Tests' reference for DeepCoder semantics' wrap-around (shared by
 * test_encode.c and test_bounds.c). */
#ifndef LIPS_TEST_WRAPS_H
#define LIPS_TEST_WRAPS_H

#include <stdint.h>

#include "lips/dsl.h"

static inline int outside32(int64_t x) { return x < INT32_MIN || x > INT32_MAX; }

/* Does x g y leave 32 bits, for g (+), (-) or (*)? */
static inline int binop_wraps(int lambda, int64_t x, int64_t y) {
    switch (lambda) {
    case LIPS_L_PLUS: return outside32(x + y);
    case LIPS_L_MINUS: return outside32(x - y);
    case LIPS_L_TIMES: return outside32(x * y);
    default: return 0;
    }
}

/* Does DeepCoder semantics' result out of inst on a and b wrap around 32
 * bits somewhere? Each step is recomputed exactly in 64 bits from the
 * arguments (and for SCANL1 the kernel's previous result) and compared with
 * the 32-bit range. */
static inline int lips_test_wraps(int inst, const lips_value *a, const lips_value *b, const lips_value *out) {
    const lips_instance *in = &lips_instances[inst];
    int64_t s = 0;
    switch (in->fn) {
    case LIPS_FN_SUM:
        for (int i = 0; i < a->len; i++) s += a->v[i];
        return outside32(s);
    case LIPS_FN_MAP: {
        const lips_lambda_info *f = &lips_lambdas[in->lambda];
        for (int i = 0; i < a->len; i++) {
            int64_t x = a->v[i];
            if (outside32(f->mul == 0 ? x * x : x * f->mul / f->div + f->add)) return 1;
        }
        return 0;
    }
    case LIPS_FN_ZIPWITH:
        for (int i = 0; i < out->len; i++)
            if (binop_wraps(in->lambda, a->v[i], b->v[i])) return 1;
        return 0;
    case LIPS_FN_SCANL1:
        for (int i = 1; i < out->len; i++)
            if (binop_wraps(in->lambda, out->v[i - 1], a->v[i])) return 1;
        return 0;
    default:
        return 0;
    }
}

#endif
