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

/* Exact symmetries (leave the realization unchanged). */
/* (a_i, b_i, c_i) -> (lambda a_i, lambda b_i, c_i / lambda), lambda > 0 */
void    shl_net_rescale_neuron (ShlNet *net, int i, double lambda);
/* rescale so that |c_i| = ||(a_i, b_i)||_2; a zero neuron is left alone */
void    shl_net_balance_neuron (ShlNet *net, int i);
void    shl_net_balance        (ShlNet *net);
