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
 * reported as +inf, never as a wrong finite number. Next to the exact
 * W^{1,inf} distance, a robust one (exact in the same sense) treats kinks
 * that coincide up to rounding as one kink (SHL_ROBUST_ULPS below), and
 * w1inf_width says how wide the maximiser's interval or cell is (2-D: an
 * estimate within a factor 2).
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

/* Kinks that coincide up to rounding (the robust fields below).
 *
 * The members are the kinks of f - g: the kink points (1-D) or kink lines
 * (2-D) of the neurons of f and g with a != 0 and c != 0, neurons on
 * exactly the same kink grouped, and a group left out when the gradient of
 * f - g does not jump across it (its neurons cancel exactly, e.g. the same
 * neuron in f and in g). Members inside the domain and outside it count
 * alike, so a kink that rounding moved across the boundary still has its
 * partner.
 *
 * 1-D: t = -b/a rounded to nearest. Two kinks t <= t' coincide when
 *   t' - t <= SHL_ROBUST_ULPS ulp (max (|t|, |t'|)).
 * 2-D: a line (a0, a1, b) in its canonical orientation (the first non-zero
 * entry of a positive: the same geometric line whatever the neuron's
 * orientation), normalised by its max-norm, n = r / ||r||_inf (each entry
 * rounded). Two lines coincide when every entry agrees relative to its own
 * size: |n_k - n'_k| <= SHL_ROBUST_ULPS ulp (max (|n_k|, |n'_k|)) (so a
 * zero entry only matches a zero entry).
 *
 * Clusters are formed greedily: the members in order (1-D: by position;
 * 2-D: by direction angle, then offset) each join the first earlier
 * cluster whose first member (its leader) they coincide with, or start a
 * new one. A cluster so never spans more than SHL_ROBUST_ULPS ulps from
 * its leader (no chains), and distinct kinks further apart than that are
 * never merged, whatever their distance in the domain: the tolerance is
 * relative, never absolute, so thin features that are not rounding noise
 * (two kinks 1e-12 apart near 0.5, P0 at n = 1e15) keep their value.
 *
 * Why 8: rescaling a neuron by lambda rounds lambda a and lambda b once
 * each, and the kink positions (or the normalised entries) compared are
 * rounded once more on each side: four roundings, so the kink of a
 * rescaled neuron lies within 4 ulps of the original one; 8 covers two
 * successive rescalings (a balance followed by a rescale) with room. */
#define SHL_ROBUST_ULPS 8

typedef struct {
  double sup;         /* ||f - g||_inf on the domain */
  double w1inf_2;     /* ess sup ||grad (f - g)||_2 */
  double w1inf_max;   /* ess sup ||grad (f - g)||_inf (max-norm of the gradient) */
  double sobolev;     /* max(sup, w1inf_2): the full W^{1,inf} norm */
  double argsup[SHL_MAX_DIM]; /* a point where |f - g| attains sup */
  /* The robust variants: the same ess sup, exact in the same sense, over
   * the domain without the intervals (1-D) or cells (2-D) that lie
   * strictly between two kinks of one cluster (see above): the gradient of
   * f - g jumps once at a cluster. Always <= the exact values, and equal
   * to them when no two kinks coincide up to rounding. A symmetry move that
   * rescales by a factor that is not a power of two moves a kink by ulps:
   * the exact W^{1,inf} distance sees the neuron's jump on the ulp-wide
   * sliver, the robust one does not. */
  double w1inf_2_robust;
  double w1inf_max_robust;
  double sobolev_robust;   /* max(sup, w1inf_2_robust) */
  /* How wide the region is where the exact w1inf_2 is attained: 1-D the
   * length of the interval (exact, rounded once); 2-D the cell's area over
   * its diameter (between half its minimal width and its minimal width;
   * computed from the exact vertices). Among several maximisers, the
   * widest (2-D: the widest of the first 8 found); when w1inf_2 = 0, the
   * whole domain. So a reader can say "1.81 on an interval 2e-16 wide". */
  double w1inf_width;
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

typedef enum {
  SHL_GEOM_NO_ROBUST = 1 << 0, /* skip the robust pass: the robust fields
                                * are NAN (benchmarks) */
} ShlGeomFlags;

/* shl_realization_distance with flags (an OR of ShlGeomFlags). */
bool shl_realization_distance_flags (ShlDistances *out, const ShlNet *f,
                                     const ShlNet *g, const double *lo,
                                     const double *hi, unsigned flags);

/* The same distances by an independent reference algorithm (every point
 * and every cell evaluated directly; the same exactness, so the same
 * numbers): O(m^2) in 1-D, O(M^3) in 2-D. For tests and benchmarks. The
 * argsup may be another maximiser in case of exact ties. The robust fields
 * share the clusters (the definition) but test every interval or cell
 * directly against them; w1inf_width may differ in 2-D when several cells
 * attain the maximum. */
bool shl_realization_distance_naive (ShlDistances *out, const ShlNet *f,
                                     const ShlNet *g, const double *lo,
                                     const double *hi);

/* ||theta_f - theta_g||_inf over the whole block; NAN if m or d differ
 * (domains may differ). */
double shl_param_distance_raw (const ShlNet *f, const ShlNet *g);
