/* lips: Learning Inductive Program Synthesis. The umbrella header: every
 * public header of liblips. */
#ifndef LIPS_LIPS_H
#define LIPS_LIPS_H

#include "lips/version.h"

#include "lips/error.h"
#include "lips/comm.h"
#include "lips/value.h"
#include "lips/dsl.h"
#include "lips/program.h"
#include "lips/interp.h"
#include "lips/problem.h"
#include "lips/order.h"
#include "lips/solve.h"
#include "lips/enumerate.h"
#include "lips/sketch.h"
#include "lips/bounds.h"
#include "lips/dataset.h"
#include "lips/oe.h"
#include "lips/nn.h"
#include "lips/train.h"
#include "lips/bench.h"
#include "lips/import.h"

#endif
