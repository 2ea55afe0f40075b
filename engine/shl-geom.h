/* shl-geom.h: exact geometry of piecewise-linear realizations.
 *
 * Nothing here samples: kinks, neuron status and the distances
 * ||f - g||_inf, ess sup ||grad (f - g)|| (2-norm and max-norm) and the
 * W^{1,inf} norm are computed from the breakpoints (1-D) or from the cells
 * of the kink-line arrangement in the domain box (2-D).
 *
 * Exact, with no tolerance: every decision (the order of kinks, the side
 * of a line a vertex lies on, whether a line meets the open box, which
 * candidate attains a maximum) is exact for the given doubles, and every
 * reported number is the exact real value at the maximiser rounded once
 * (to nearest): within half an ulp (the 2-norm of the gradient: one ulp).
 * Thin features count: kinks one ulp apart bound an interval whose slope
 * counts in the W^{1,inf} norm. An exact value beyond the double range is
 * reported as +inf, never as a wrong finite number.
 *
 * Plain C (+ GMP inside), no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shl-net.h"

typedef enum {
  SHL_NEURON_ZERO,    /* a_i = 0, b_i = 0 and c_i = 0: contributes nothing */
  SHL_NEURON_DEAD,    /* <a_i,x> + b_i <= 0 on the whole domain */
  SHL_NEURON_AFFINE,  /* <a_i,x> + b_i >= 0 on the whole domain */
  SHL_NEURON_ACTIVE,  /* the kink meets the interior of the domain */
} ShlNeuronStatus;

/* decided exactly from the signs of <a_i, x> + b_i at the box corners */
ShlNeuronStatus shl_neuron_status      (const ShlNet *net, int i);
const char     *shl_neuron_status_name (ShlNeuronStatus status);

/* 1-D: kinks strictly inside (lo, hi) (decided exactly), sorted by their
 * exact positions (ties by index). t (m) receives the positions -b/a
 * (rounded), neuron (m) (may be NULL) the neuron index. Returns the count. */
int  shl_net_kinks_1d       (double *t, int *neuron, const ShlNet *net);

/* 2-D: every kink line meeting the interior of the domain, clipped to it.
 * seg (m, 4) receives x0, y0, x1, y1; neuron (m) (may be NULL) the index.
 * Returns the count. */
int  shl_net_kink_segments_2d (double *seg, int *neuron, const ShlNet *net);

typedef struct {
  double sup;         /* ||f - g||_inf on the domain */
  double w1inf_2;     /* ess sup ||grad (f - g)||_2 */
  double w1inf_max;   /* ess sup ||grad (f - g)||_inf (max-norm of the gradient) */
  double sobolev;     /* max(sup, w1inf_2): the full W^{1,inf} norm */
  double argsup[SHL_MAX_DIM]; /* a point where |f - g| attains sup */
} ShlDistances;

/* Exact distances between the realizations of f and g (same d) on the box
 * [lo, hi] (NULL: f's domain). g may be NULL: norms of f itself.
 * Returns false (every field NAN) if the dimensions differ, the box is
 * invalid, a parameter is not finite, or memory runs out.
 * O(m log m) in 1-D (m = m_f + m_g); O(M^2 log M) in 2-D for M kink lines
 * crossing the box. argsup is the maximiser (a kink, a vertex of the
 * arrangement or a corner) rounded to nearest; among exact ties, the first
 * in the order of the computation. */
bool shl_realization_distance (ShlDistances *out, const ShlNet *f,
                               const ShlNet *g, const double *lo,
                               const double *hi);

/* The same distances by an independent reference algorithm (every point
 * and every cell evaluated directly; the same exactness, so the same
 * numbers): O(m^2) in 1-D, O(M^3) in 2-D. For tests and benchmarks. The
 * argsup may be another maximiser in case of exact ties. */
bool shl_realization_distance_naive (ShlDistances *out, const ShlNet *f,
                                     const ShlNet *g, const double *lo,
                                     const double *hi);

/* ||theta_f - theta_g||_inf over the whole block; NAN if m or d differ
 * (domains may differ). */
double shl_param_distance_raw (const ShlNet *f, const ShlNet *g);
