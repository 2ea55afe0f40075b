/* shl-landscape.h: 2-D slices of the loss through a network.
 *
 *   L(alpha, beta) = loss(theta0 + alpha u + beta w)
 *
 * Plain C, no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shl-data.h"
#include "shl-loss.h"
#include "shl-net.h"

/* A random direction normalised per neuron: the (a_i, b_i, c_i) block of a
 * Gaussian vector is rescaled to the norm of the same block of center (the
 * shallow-net analogue of filter normalisation); the e and v entries are
 * rescaled likewise to |e| and ||v|| (zero stays zero). */
void shl_direction_per_neuron (double *dir /* (n_params) */,
                               const ShlNet *center, ShlRng *rng);

/* The loss on an nx-by-ny grid of (alpha, beta) in
 * [a0, a1] x [b0, b1]; out is row-major (ny, nx) with beta along rows.
 * cancel (may be NULL) is polled once per row: when it reads non-zero
 * the function returns false. progress (may be NULL) receives the
 * fraction done after each row. */
bool shl_landscape_grid (double *out, const ShlNet *center, const double *u,
                         const double *w, const ShlData *data, ShlLoss loss,
                         double a0, double a1, double b0, double b1, int nx,
                         int ny, const volatile int *cancel,
                         void (*progress) (double frac, void *user_data),
                         void *user_data);

/* A slice through `center` along two per-neuron-normalised random
 * directions drawn from `seed` (the first two draws of
 * shl_direction_per_neuron), on an n-by-n grid of nodes covering
 * [-span, span]^2, with `n_thetas` recorded parameter vectors projected
 * onto its plane. The app's panel, its export and the headless renderer
 * all compute slices with this one function, so the same inputs give the
 * same picture everywhere. */
typedef struct {
  int     n;
  double  span;
  double *loss;        /* (n, n), row j is beta_j, column i alpha_i */
  size_t  n_path;
  double *path;        /* (n_path, 2) projected (alpha, beta), NaN if the
                          plane is degenerate */
} ShlLandscapeSlice;

/* NULL when cancelled or on allocation failure. */
ShlLandscapeSlice *shl_landscape_slice_compute (const ShlNet *center,
                                                const ShlData *data,
                                                ShlLoss loss, uint64_t seed,
                                                int n, double span,
                                                const double *thetas,
                                                size_t n_thetas,
                                                const volatile int *cancel);
void               shl_landscape_slice_free    (ShlLandscapeSlice *slice);

/* The trajectory drawn on a slice: at most SHL_LANDSCAPE_PATH_MAX of the
 * n_hist recorded points, evenly spread, always the first and the last.
 * Index k < shl_landscape_path_count (n_hist) of the path is history
 * point shl_landscape_path_index (k, n_hist). */
#define SHL_LANDSCAPE_PATH_MAX 1500
static inline size_t
shl_landscape_path_count (size_t n_hist)
{
  return n_hist < SHL_LANDSCAPE_PATH_MAX ? n_hist : SHL_LANDSCAPE_PATH_MAX;
}
static inline size_t
shl_landscape_path_index (size_t k, size_t n_hist)
{
  size_t n = shl_landscape_path_count (n_hist);
  return n <= 1 ? (n_hist ? n_hist - 1 : 0) : k * (n_hist - 1) / (n - 1);
}

/* Least-squares coordinates (alpha, beta) of theta - center in the plane
 * spanned by u and w. Returns false if u and w are (nearly) dependent. */
bool shl_landscape_project (double *alpha, double *beta, const double *theta,
                            const ShlNet *center, const double *u,
                            const double *w);
