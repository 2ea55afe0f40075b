/* shl-symmetry-private.h: what the files of shl-symmetry share: the
 * tolerances, the small neuron helpers, the Fit verdict of a computed
 * parameter, and the helpers one file defines and another calls (prefix
 * shl_symmetry_). Not for other modules.
 *
 * Plain C + libm, no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shl-symmetry.h"

/* angles of 2-D normals closer than this count as equal when sorting */
#define ANGLE_TOL 1e-12
/* "already balanced": leave the neuron bit for bit as it is */
#define BALANCED_ULPS 4.0

static inline double *
neuron_a (const ShlNet *net, int i)
{
  return net->a + (size_t) i * (size_t) net->d;
}

static inline bool
a_is_zero (const ShlNet *net, int i)
{
  return shl_net_neuron_a_is_zero (net, i);
}

static inline bool
is_zero_neuron (const ShlNet *net, int i)
{
  return shl_net_neuron_is_zero (net, i);
}

/* Whether a computed parameter fits: in range, beyond the double range,
 * or rounded in the subnormals (too few digits left: a slope v_j or a
 * weight there is off by up to 2^-1075, which the domain's extent
 * multiplies) */
typedef enum {
  FIT,
  FIT_OVER,
  FIT_UNDER,
} Fit;

/* helpers one file defines and another calls, by file */

/* shl-symmetry.c */

void
shl_symmetry_balance_neuron (ShlNet *net, int i);

bool
shl_symmetry_lost_entry (double x, double y);

int
shl_symmetry_merge_hyperplanes (ShlNet *net, bool *keep, int *bad, Fit *why,
                                bool strict);

int
shl_symmetry_hyperplane_relation (const ShlNet *net, int i, int j);

Fit
shl_symmetry_add_product (double *acc, double c, double x, bool check_under);

ShlNeuronStatus
shl_symmetry_robust_status (const ShlNet *net, int i);

Fit
shl_symmetry_fold_into_affine (ShlNet *net, int i, bool strict);

int
shl_symmetry_orientation (const ShlNet *net, int i);

Fit
shl_symmetry_flip_neuron (ShlNet *net, int i, bool strict);
