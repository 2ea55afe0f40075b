/* shl-net.h: a shallow ReLU network and its realization.
 *
 *   f(x) = sum_i c_i relu(<a_i, x> + b_i) + <v, x> + e,   x in [lo, hi]^d
 *
 * Plain C, no GLib. All parameters live in one contiguous block `theta`,
 * laid out as
 *
 *   theta = [ a (m, d) row-major | b (m) | c (m) | e (1) | v (d) ]
 *
 * and a, b, c, e, v are typed views into it. Convention: relu'(0) = 0. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shl-names.h"
#include "shl-rng.h"

#define SHL_MAX_DIM 2

typedef struct {
  int     m;                  /* width (number of neurons), >= 0 */
  int     d;                  /* input dimension, 1 or 2 */
  double  lo[SHL_MAX_DIM];    /* domain lower corner */
  double  hi[SHL_MAX_DIM];    /* domain upper corner */
  size_t  n_params;           /* m*d + 2m + 1 + d */
  double *theta;              /* (n_params) owned */
  double *a;                  /* (m, d) view */
  double *b;                  /* (m) view */
  double *c;                  /* (m) view */
  double *e;                  /* (1) view */
  double *v;                  /* (d) view */
} ShlNet;

typedef enum {
  SHL_INIT_UNIFORM,   /* PyTorch nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) */
  SHL_INIT_HE,        /* a ~ N(0, 2/d), kinks uniform in the domain, c ~ N(0, 1/m) */
  SHL_INIT_BALANCED,  /* He, then every neuron balanced: |c_i| = ||(a_i, b_i)|| */
} ShlInitScheme;

size_t  shl_net_n_params       (int m, int d);

/* A zero network. lo/hi may be NULL for the default domain [-1, 1]^d.
 * Returns NULL if m < 0, d not in {1, 2} or lo >= hi. */
ShlNet *shl_net_new            (int m, int d, const double *lo, const double *hi);
ShlNet *shl_net_copy           (const ShlNet *net);
void    shl_net_free           (ShlNet *net);
/* same m, d and domain */
bool    shl_net_same_shape     (const ShlNet *a, const ShlNet *b);
/* all entries finite */
bool    shl_net_is_finite      (const ShlNet *net);

/* Batched evaluation at n points x (n, d). f (n) and df (n, d) may be NULL. */
void    shl_net_eval           (double *f, double *df, const ShlNet *net,
                                const double *x, size_t n);
double  shl_net_eval1          (const ShlNet *net, const double *x);

/* Initialisation from an explicit RNG; the domain of net is used. */
void    shl_net_init_random    (ShlNet *net, ShlInitScheme scheme, ShlRng *rng);

/* "uniform" ("Uniform (PyTorch)"), "he" ("He (kinks in the domain)"),
 * "balanced" ("Balanced") */
extern const ShlNameTable shl_init_scheme_names;
const char *shl_init_scheme_name  (ShlInitScheme scheme);   /* the id */
const char *shl_init_scheme_label (ShlInitScheme scheme);
/* Returns false for an unknown name. */
bool    shl_init_scheme_from_name (const char *name, ShlInitScheme *out);

/* ------------------------------------------------------------ per neuron */

/* Neuron i's quantities, computed one way for everyone (engine, CLI, UI),
 * so that a number shown is the number tested. i must be in [0, m): an
 * index out of range is a programming error (reported by shl-check.h; the
 * functions then return NAN, false or SHL_KINK_DEAD). */

/* ||(a_i, b_i)||_2, summed as b^2 + a_1^2 (+ a_2^2) */
double  shl_net_neuron_norm_ab   (const ShlNet *net, int i);
/* ||a_i||_2 and ||a_i||_1 */
double  shl_net_neuron_norm_a    (const ShlNet *net, int i);
double  shl_net_neuron_norm_a1   (const ShlNet *net, int i);
/* a_i = 0 */
bool    shl_net_neuron_a_is_zero (const ShlNet *net, int i);
/* a_i = 0, b_i = 0 and c_i = 0: the neuron contributes nothing */
bool    shl_net_neuron_is_zero   (const ShlNet *net, int i);
/* The kink: in 1-D its position -b_i / a_i (also outside the domain); in
 * 2-D the signed offset s = -(<a_i, x0> + b_i) / ||a_i||_2 of the kink
 * line from the box centre x0 along the unit normal a_i / ||a_i||_2
 * (s > 0: the centre is on the inactive side). NAN if a_i = 0; never -0. */
double  shl_net_neuron_kink      (const ShlNet *net, int i);
/* c_i ||a_i||_2: the signed jump of the gradient across the kink (in
 * 1-D, of the slope) */
double  shl_net_neuron_jump      (const ShlNet *net, int i);
/* log(|c_i| / ||(a_i, b_i)||_2): 0 when balanced; NAN if c_i = 0 or
 * (a_i, b_i) = 0 */
double  shl_net_neuron_imbalance (const ShlNet *net, int i);

/* The range [zmin, zmax] of the pre-activation <a_i, x> + b_i over the
 * domain box, and its size |b_i| + sum_j max(|a_ij lo_j|, |a_ij hi_j|)
 * (the scale of its terms, for relative margins). Any output may be
 * NULL. */
void    shl_net_neuron_preact_range (const ShlNet *net, int i, double *zmin,
                                     double *zmax, double *size);

/* Where neuron i's kink lies relative to the domain box. */
typedef enum {
  SHL_KINK_INSIDE,  /* the kink meets the interior: the neuron bends there */
  SHL_KINK_DEAD,    /* <a_i, x> + b_i <= 0 on the whole box: outputs 0 */
  SHL_KINK_AFFINE,  /* <a_i, x> + b_i >= 0 on the whole box: affine there */
} ShlKinkPlace;

/* With a margin: a kink closer to the boundary than rtol * size (see
 * shl_net_neuron_preact_range) counts as outside, on the side it is on.
 * rtol = 0 is the exact verdict (zmin < 0 < zmax is inside). A neuron with
 * a_i = 0 is dead (b_i <= 0) or affine (b_i > 0). */
ShlKinkPlace shl_net_neuron_place (const ShlNet *net, int i, double rtol);

/* Exact symmetries (leave the realization unchanged). */
/* (a_i, b_i, c_i) -> (lambda a_i, lambda b_i, c_i / lambda), lambda > 0 */
void    shl_net_rescale_neuron (ShlNet *net, int i, double lambda);
/* rescale so that |c_i| = ||(a_i, b_i)||_2; a zero neuron is left alone */
void    shl_net_balance_neuron (ShlNet *net, int i);
void    shl_net_balance        (ShlNet *net);
