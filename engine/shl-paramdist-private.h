/* shl-paramdist-private.h: what the files of shl-paramdist share: the
 * pair cost type, packing a neuron, the choice of the dense solvers and
 * the geometric alignment (prefix shl_paramdist_). Not for other
 * modules.
 *
 * Plain C + libm, no GLib. */
#pragma once

#include <stdbool.h>

#include "shl-paramdist.h"

/* the cost of a pair of neurons p, q (packed), the best rescaling of q
 * into *lambda */
typedef double (*PairCost) (double *lambda, const double *p, const double *q,
                            int d);

/* shl-paramdist.c */

void
shl_paramdist_pack_neuron (double *out, const ShlNet *net, int i);

bool
shl_paramdist_use_dense (ShlParamDistFlags flags, int M);

/* shl-paramdist-geom.c */

bool
shl_paramdist_align_geom (ShlParamAlign *al, const ShlNet *A, const ShlNet *B,
                          bool l2, ShlParamDistFlags flags, const int *hint);
