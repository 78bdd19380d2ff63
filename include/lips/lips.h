/* lips: Learning Inductive Program Synthesis. The umbrella header. */
#ifndef LIPS_LIPS_H
#define LIPS_LIPS_H

#define LIPS_VERSION "0.1.0"

#include "lips/error.h"
#include "lips/value.h"
#include "lips/dsl.h"
#include "lips/program.h"
#include "lips/interp.h"
#include "lips/problem.h"
#include "lips/solve.h"

#endif
