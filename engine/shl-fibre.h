/* shl-fibre.h: distance from a network to the fibre of a function.
 *
 *   d_fib(Γ, g) = inf { ||Φ - Γ||_inf : R(Φ) = g }
 *
 * In the restricted set (theory.md 4) a function has exactly one
 * parametrization up to the order of the neurons: the balanced, oriented,
 * merged canonical form κ(g), padded with zero neurons. The distance to
 * that fibre is therefore exact: a bottleneck assignment between Γ's
 * neuron slots and κ(g)'s neurons (zero-padded), and the affine part's
 * difference.
 *
 * Over all width-m parametrizations (neurons may be rescaled freely, split,
 * or parked as neurons that contribute nothing) the infimum is not
 * computed; the engine gives a constructive upper bound (the best of two
 * explicit Φ with R(Φ) = g: κ(g)'s neurons rescaled optimally per slot
 * with unused slots switched off as cheaply as possible, and g's own
 * parameters aligned to Γ modulo symmetries) and a lower bound (from the
 * Lipschitz constant of the realization map in the sup norm), reported as
 * such.
 *
 * Both assignments are bottleneck problems; above width
 * SHL_PARAM_DIST_DENSE_MAX they are solved without the dense matrix
 * (shl-assign's sparse solvers), with the same optimum.
 *
 * Plain C, no GLib. */
#pragma once

#include <stdbool.h>

#include "shl-geom.h"
#include "shl-net.h"

typedef struct {
  double restricted;  /* exact distance from Γ to the restricted fibre of
                         g at Γ's width; INFINITY if κ(g) needs more
                         neurons than Γ has */
  double upper;       /* a constructive upper bound on the unrestricted
                         d_fib (width m of Γ) */
  double lower;       /* a lower bound on the unrestricted d_fib */
  double eps_sup;     /* ||g - R(Γ)||_inf on Γ's domain */
  double eps;         /* ||g - R(Γ)||_{W^{1,inf}} on Γ's domain */
  double bound;       /* the proven bound on the restricted d_fib:
                         (2 + sqrt 2)(1 + d D^2)^{1/4} sqrt(eps) + C eps,
                         C = 1 + D (D: half-width of a symmetric domain) */
  int    kappa_width; /* neurons of κ(g) */
} ShlFibreDistance;

/* Distances from Γ (gamma) to the fibre of g's realization, both on
 * Γ's domain. Returns false if the dimensions differ or a parameter is not
 * finite. */
bool   shl_fibre_distance   (ShlFibreDistance *out, const ShlNet *gamma,
                             const ShlNet *g);

/* The proven inverse-stability bound for a given eps on a net's domain. */
double shl_fibre_bound      (const ShlNet *net, double eps);

/* ------------------------------------------------------------------------ */
/* Every distance between two networks (what `shallows-cli distance`
 * prints), or only some parts of it.                                       */

typedef enum {
  SHL_DISTANCE_REALIZATION = 1 << 0, /* sup, W^{1,inf} (2- and max-norm),
                                      * argsup on A's domain */
  SHL_DISTANCE_PARAMETERS  = 1 << 1, /* raw, d_sym, d_sym_l2 */
  SHL_DISTANCE_FIBRE       = 1 << 2, /* restricted_a/b and the fibre
                                      * distances (needs the realization
                                      * distance and d_sym: computed once) */
  SHL_DISTANCE_ALL         = 7,
  SHL_DISTANCE_DENSE       = 1 << 8, /* the dense reference algorithms
                                      * (benchmarks and tests) */
  SHL_DISTANCE_SPARSE      = 1 << 9, /* the sparse assignment solvers at
                                      * every width (tests) */
} ShlDistanceParts;

typedef struct {
  unsigned         parts;        /* the parts computed (without DENSE,
                                  * SPARSE) */
  ShlDistances     real;         /* REALIZATION (or FIBRE): f_A - f_B on
                                  * A's domain; NAN fields otherwise */
  double           param_raw;    /* PARAMETERS: NAN if the widths differ */
  double           param_sym;    /* PARAMETERS (or FIBRE): d_sym (A, B) */
  double           param_sym_l2; /* PARAMETERS */
  bool             restricted_a; /* FIBRE: in the restricted set (1e-9) */
  bool             restricted_b;
  bool             fibre_ok;     /* FIBRE: fibre is valid */
  ShlFibreDistance fibre;        /* FIBRE: from A to the fibre of f_B */
} ShlDistanceReport;

/* The parts (an OR of ShlDistanceParts) of the distances from a to b.
 * Fields of parts not asked for are NAN / false. Returns false if the
 * dimensions differ, a parameter is not finite, or memory runs out (the
 * parts computed stay filled in). */
bool   shl_distance_report  (ShlDistanceReport *out, const ShlNet *a,
                             const ShlNet *b, unsigned parts);
