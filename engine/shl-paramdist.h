/* shl-paramdist.h: parameter distances modulo the exact symmetries.
 *
 *   f(x) = sum_i c_i relu(<a_i, x> + b_i) + <v, x> + e
 *
 * The symmetries of a network (permuting neurons; rescaling a neuron
 * (a, b, c) -> (lambda a, lambda b, c / lambda), lambda > 0) leave its
 * realization unchanged. The distances here measure how far A's parameters
 * are from the symmetry orbit of B's:
 *
 *   d_sym(A, B)    = inf over sigma of ||theta_A - sigma theta_B||_inf
 *                  = max( min over permutations pi of
 *                           max_i delta(A_i, B_pi(i)),
 *                         |e_A - e_B|, ||v_A - v_B||_inf )
 *   d_sym_l2(A, B) = inf over sigma of ||theta_A - sigma theta_B||_2
 *                  = sqrt( min over pi of sum_i delta2(A_i, B_pi(i))
 *                          + (e_A - e_B)^2 + ||v_A - v_B||_2^2 )
 *
 * with the per-neuron best rescalings (p = (a_p, b_p, c_p) the reference,
 * q = (a_q, b_q, c_q) the neuron that is rescaled)
 *
 *   delta (p, q) = inf_{lambda > 0} max( ||lambda (a_q, b_q) - (a_p, b_p)||_inf,
 *                                        |c_q / lambda - c_p| )
 *   delta2(p, q) = inf_{lambda > 0} ||lambda (a_q, b_q) - (a_p, b_p)||_2^2
 *                                   + (c_q / lambda - c_p)^2
 *
 * The narrower network is padded with zero neurons (0, 0, 0) to the width
 * M = max(m_A, m_B) of the wider one. The infimum is over the closure of
 * the orbit (see "Limits" below), so it is always attained by an explicit
 * aligned network (shl_param_align_apply).
 *
 * NOT SYMMETRIC. Rescaling is not an isometry of the parameter norms, so
 * the distance from theta_A to the orbit of B differs in general from the
 * distance from theta_B to the orbit of A. Example (d = 1, width 1):
 * A = (1, 0, 1), B = (2, 0, 0): d_sym(A, B) = 1, d_sym(B, A) = sqrt 2 - 1.
 * What holds exactly:
 *   - d_sym(A, sigma B) = d_sym(A, B) for every symmetry sigma of B;
 *   - d_sym(pi A, B) = d_sym(A, B) for every permutation pi of A (but not
 *     for rescalings of A);
 *   - d_sym(A, B) = 0 iff A is in the closure of B's orbit (after
 *     padding), e.g. d_sym(A, sigma A) = d_sym(sigma A, A) = 0. The closure
 *     adds limits only for half-zero neurons (c = 0 with (a, b) != 0, or
 *     (a, b) = 0 with c != 0), which tend to the zero neuron: d_sym(0, B)
 *     = 0 for B = (1, 0, 0) but d_sym(B, 0) = 1. Without half-zero neurons
 *     the orbits are closed and d_sym(A, B) = 0 iff d_sym(B, A) = 0;
 *   - d_sym(A, B) <= ||theta_A - theta_B||_inf for equal widths (identity
 *     permutation, lambda = 1); d_sym_l2 likewise with the 2-norm;
 *   - padding the narrower network with zero neurons up to the width of
 *     the wider one changes nothing (that is what is done here). Padding
 *     BOTH beyond M is a different, smaller-or-equal quantity: extra zero
 *     slots let a neuron of A go to a zero slot of B and a neuron of B to a
 *     zero slot of A. Example: A = (1, 0, 1), B = (-1, 0, -1): d_sym = 2
 *     at width 1, but 1 at width 2 (delta(p, 0) = delta(0, q) = 1);
 *   - d_sym >= the distance from A to the fibre of R(B) (the fibre holds
 *     B's orbit), with equality when the fibre is B's orbit.
 * There is no triangle inequality in general.
 *
 * Limits. For a single pair the infimum over lambda is attained at some
 * 0 < lambda < infinity, except in two cases where it is approached only
 * as lambda -> 0 (possible only when c_q = 0) or lambda -> infinity
 * (possible only when (a_q, b_q) = 0). In both cases the rescaled neuron
 * tends to the zero neuron (0, 0, 0), which has the same (zero)
 * contribution to the realization as q itself, and the value is
 * delta(p, 0) = max(||(a_p, b_p)||_inf, |c_p|) (delta2(p, 0) =
 * ||(a_p, b_p)||_2^2 + c_p^2). The reported lambda is then 0 or INFINITY,
 * and shl_neuron_rescaled / shl_param_align_apply produce the zero neuron.
 * A zero reference p (a padding slot of A) costs
 * delta(0, q) = sqrt(||(a_q, b_q)||_inf |c_q|) and
 * delta2(0, q) = 2 ||(a_q, b_q)||_2 |c_q|: a new kink needs a neuron of
 * size sqrt(|jump|).
 *
 * Plain C + libm, no GLib. */
#pragma once

#include <stdbool.h>

#include "shl-net.h"

/* A neuron packed as (a_1 .. a_d, b, c): SHL_NEURON_LEN (d) doubles. */
#define SHL_NEURON_LEN(d) ((d) + 2)

/* ------------------------------------------------------------------------ */
/* One pair of neurons                                                      */

/* delta(p, q), computed exactly (no iterative search): with u = (a_q, b_q),
 * w = (a_p, b_p), F(lambda) = max_k |lambda u_k - w_k| and
 * H(lambda) = |c_q / lambda - c_p|, every piece of max(F, H) is monotone in
 * lambda, so the infimum is where the largest increasing piece meets the
 * largest decreasing one, or a limit lambda -> 0 / infinity. The candidates
 * are: lambda = 1; the zeros w_k / u_k and c_q / c_p; the crossings of the
 * increasing and decreasing linear pieces of coordinates k != j,
 * (s_k w_k + s_j w_j) / (|u_k| + |u_j|) with s = sign(u); the crossing of
 * a linear piece with the hyperbola, the positive root of
 * |u_k| lambda^2 + (s_c c_p - s_k w_k) lambda - |c_q| = 0 (s_c = sign c_q);
 * and the two limits. The least value wins (ties: the earliest candidate,
 * so lambda = 1 whenever it is optimal; a limit only when strictly better).
 * The value is max(F, H) evaluated at the winning lambda: an achievable
 * value, exact up to a few roundings.
 *
 * p, q: SHL_NEURON_LEN (d) each, d >= 0. lambda (may be NULL) receives the
 * optimal rescaling of q, in [0, INFINITY] (see "Limits"). O(d^2). */
double shl_neuron_delta    (double *lambda, const double *p, const double *q,
                            int d);

/* delta2(p, q) (the squared 2-norm version). The stationarity condition
 * in lambda is the quartic Q(lambda) = |u|^2 lambda^4 - <u, w> lambda^3
 * + c_q c_p lambda - c_q^2 = 0, which may have three positive roots (two
 * local minima). Its positive roots are isolated exactly through its
 * derivatives (Q'' has the single positive root <u, w> / (2 |u|^2), so Q'
 * has at most two and Q at most three, each in an interval where Q is
 * monotone), refined by safeguarded Newton-bisection to a few ulps, and
 * the least value of the objective at them (evaluated from residuals) wins.
 * Degenerate cases (u = 0 or c_q = 0) are solved in closed form. Relative
 * precision of the value ~1e-15 of ||p||^2 + ||q||^2, far below 1e-12.
 *
 * Returns the squared distance; lambda (may be NULL) as for
 * shl_neuron_delta. */
double shl_neuron_delta2   (double *lambda, const double *p, const double *q,
                            int d);

/* The rescaled neuron out = (lambda a_q, lambda b_q, c_q / lambda); the
 * zero neuron for lambda = 0 or INFINITY (the limits above). out and q may
 * be the same array. */
void   shl_neuron_rescaled (double *out, const double *q, double lambda,
                            int d);

/* ------------------------------------------------------------------------ */
/* Two networks                                                             */

typedef enum {
  SHL_PARAM_DIST_DEFAULT = 0,
  /* d_sym only: among the permutations with the optimal bottleneck, pick
   * one minimising the sum of the per-pair costs (a second, Hungarian,
   * assignment restricted to the pairs with cost <= the bottleneck). The
   * value is unchanged; the pairing of the non-critical neurons becomes
   * meaningful (nicer to animate). Costs one O(M^3) assignment more. */
  SHL_PARAM_DIST_REFINE = 1 << 0,
  /* the reference algorithm: the dense M x M matrix of pair costs and the
   * dense assignment (O(M^2 d^2) costs, O(M^3) Hungarian). Without it,
   * widths above SHL_PARAM_DIST_DENSE_MAX use the sparse solvers of
   * shl-assign: only the pairs whose rescaling-invariant jumps and
   * directions are close enough to possibly be cheap are evaluated (see
   * shl-paramdist-geom.c); the result is the same optimum (the same value
   * for d_sym; the l2 sum is certified by its dual potentials, equal to the
   * dense one up to rounding). */
  SHL_PARAM_DIST_DENSE = 1 << 1,
  /* the sparse solvers at every width (tests) */
  SHL_PARAM_DIST_SPARSE = 1 << 2,
} ShlParamDistFlags;

/* below this width the dense algorithms are the faster ones */
#define SHL_PARAM_DIST_DENSE_MAX 400

typedef struct {
  int     d;          /* input dimension */
  int     width_a;    /* m_A */
  int     width_b;    /* m_B */
  int     width;      /* M = max(m_A, m_B): slots i >= m_A of A and
                       * j >= m_B of B are zero neurons */
  bool    l2;         /* false: d_sym; true: d_sym_l2 */
  double  value;      /* d_sym(A, B), or d_sym_l2(A, B) */
  double  neurons;    /* d_sym: the bottleneck max_i cost[i] (0 if M = 0);
                       * l2: sum_i cost[i] (a squared distance) */
  double  e_diff;     /* |e_A - e_B| */
  double  v_diff;     /* ||v_A - v_B||_inf, l2: ||v_A - v_B||_2 */
  int     worst;      /* a slot i with the largest cost[i], -1 if M = 0 */
  int    *perm;       /* (M) A's slot i is paired with B's slot perm[i] */
  double *lambda;     /* (M) the rescaling of B's neuron perm[i], in
                       * [0, INFINITY] (0 / INFINITY: the zero-neuron
                       * limit) */
  double *cost;       /* (M) delta(A_i, B_perm[i]); l2: delta2 (squared) */
} ShlParamAlign;

/* d_sym(A, B) with the optimal pairing and rescalings. A and B must have
 * the same d (domains may differ; they play no role). Returns NULL if
 * either is NULL, d differs, a parameter is not finite, or memory runs
 * out. Free with shl_param_align_free. Dense (SHL_PARAM_DIST_DENSE, or
 * M <= SHL_PARAM_DIST_DENSE_MAX): O(M^2 d^2) for the costs plus the
 * bottleneck assignment;
 * otherwise about O(M log M + E) for E candidate pairs (typically a few
 * dozen per neuron for random networks). */
ShlParamAlign *shl_param_align_sym    (const ShlNet *A, const ShlNet *B,
                                       ShlParamDistFlags flags);
/* d_sym_l2(A, B): the minimum-sum assignment on delta2. NULL as above. */
ShlParamAlign *shl_param_align_sym_l2 (const ShlNet *A, const ShlNet *B);
/* the same; flags: SHL_PARAM_DIST_DENSE (REFINE plays no role) */
ShlParamAlign *shl_param_align_sym_l2_flags (const ShlNet *A, const ShlNet *B,
                                             ShlParamDistFlags flags);
/* the same, with sym = shl_param_align_sym (A, B, ...) if already known
 * (may be NULL): the sparse solver starts from its pairing */
ShlParamAlign *shl_param_align_sym_l2_hint (const ShlNet *A, const ShlNet *B,
                                            ShlParamDistFlags flags,
                                            const ShlParamAlign *sym);
void           shl_param_align_free   (ShlParamAlign *align);

/* A bottleneck assignment between A's neuron slots (rows) and B's
 * (columns) with a pair cost of one's own, which must be >= delta (p, q)
 * for every pair of real neurons (p of A, q of B packed as (a, b, c)):
 * then the bounds that make d_sym sparse hold for it too. The narrower
 * side is padded as in ShlSparseCost (shl-assign.h): pad (max(m_A, m_B))
 * gives the cost of a real slot against a pad slot (m_A < m_B: B's slot j;
 * m_A > m_B: A's slot i); NULL if the widths are equal. perm (max(m_A,
 * m_B)) receives the pairing. flags: SHL_PARAM_DIST_DENSE / _SPARSE as
 * for d_sym. Returns the bottleneck value, NAN
 * on bad input. */
typedef double (*ShlNeuronCost) (void *user, const double *p, const double *q,
                                 int d);
double shl_param_bottleneck (int *perm, const ShlNet *A, const ShlNet *B,
                             ShlNeuronCost cost, void *user, const double *pad,
                             ShlParamDistFlags flags);
/* the same, where only a value below cap matters: +INFINITY if the
 * optimum is not below cap (a smaller search) */
double shl_param_bottleneck_capped (int *perm, const ShlNet *A,
                                    const ShlNet *B, ShlNeuronCost cost,
                                    void *user, const double *pad,
                                    ShlParamDistFlags flags, double cap);

/* Values only; NAN where the align functions return NULL. */
double shl_param_distance_sym    (const ShlNet *A, const ShlNet *B);
double shl_param_distance_sym_l2 (const ShlNet *A, const ShlNet *B);

/* B moved onto A: a width-M network (B's d and domain) whose neuron i is
 * B's neuron perm[i] rescaled by lambda[i] (the zero neuron for padding
 * slots and for the limits lambda = 0, INFINITY), with B's e and v.
 * It has exactly B's realization (up to the rounding of the rescaling),
 * and ||theta_A' - theta||_inf = d_sym(A, B) (2-norm: d_sym_l2) up to
 * rounding, where A' is A padded to width M. Returns NULL if B does not
 * match align (d, width) or memory runs out. */
ShlNet *shl_param_align_apply (const ShlParamAlign *align, const ShlNet *B);
