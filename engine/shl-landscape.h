/* shl-landscape.h: 2-D slices of the loss through a network.
 *
 *   L(alpha, beta) = loss(theta0 + alpha u + beta w)
 *
 * Plain C, no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shl-cancel.h"
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
 * cancel (may be NULL) is polled once per row: once it is requested the
 * function returns false. progress (may be NULL) receives the
 * fraction done after each row. */
bool shl_landscape_grid (double *out, const ShlNet *center, const double *u,
                         const double *w, const ShlData *data, ShlLoss loss,
                         double a0, double a1, double b0, double b1, int nx,
                         int ny, const ShlCancel *cancel,
                         void (*progress) (double frac, void *user_data),
                         void *user_data);

/* A slice through `center` along two per-neuron-normalised random
 * directions drawn from `seed` (the first two draws of
 * shl_direction_per_neuron), on an n-by-n grid of nodes covering
 * [-span, span]^2, with `n_thetas` recorded parameter vectors projected
 * onto its plane. The app's panel, its export and the headless renderer
 * all compute slices with this one function, so the same inputs give the
 * same picture everywhere. */
typedef enum {
  SHL_DIRS_RANDOM,     /* two per-neuron-normalised random directions */
  SHL_DIRS_PCA,        /* the top two principal components of the history */
  SHL_DIRS_ORBIT,      /* the rescaling orbit of one neuron, and a random one */
  SHL_DIRS_TWIN,       /* towards the twin (alpha = 1 is the twin), and a random one */
  SHL_DIRS_COORDS,     /* two coordinates of theta: b and c of orbit_neuron */
} ShlDirsKind;

/* ids "random", "pca", "orbit", "twin", "coords" (as in session files)
 * with labels "Random directions", "PCA of the trajectory", ... */
extern const ShlNameTable shl_dirs_names;

typedef struct {
  ShlDirsKind   kind;
  int           orbit_neuron;   /* SHL_DIRS_ORBIT */
  const ShlNet *twin;           /* SHL_DIRS_TWIN: same shape as the centre */
  int           n_threads;      /* >= 1 */
  void        (*progress) (double fraction, void *user_data); /* or NULL */
  void         *progress_data;
  /* progressive: when set and (n - 1) % 4 == 0, the nodes at multiples of
   * 4 are computed first and handed over as a coarse grid
   * ((n - 1) / 4 + 1 nodes per side over the same span) before the rest */
  void        (*coarse) (const double *grid, int n_coarse, double span,
                         void *user_data);
} ShlSliceOptions;

typedef struct {
  int     n;
  double  span;
  ShlDirsKind kind;    /* the directions actually used (random when the
                          asked ones were impossible, e.g. PCA of one point) */
  double  explained[2];/* PCA: fractions of the variance along u and w */
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
                                                const ShlCancel *cancel);
void               shl_landscape_slice_free    (ShlLandscapeSlice *slice);
/* Like shl_landscape_slice_compute with other directions and threads;
 * opts may be NULL (random, one thread). For PCA the span is chosen to
 * frame the projected trajectory (the given span is a minimum). */
ShlLandscapeSlice *shl_landscape_slice_compute_full (const ShlNet *center,
                                                     const ShlData *data,
                                                     ShlLoss loss, uint64_t seed,
                                                     int n, double span,
                                                     const double *thetas,
                                                     size_t n_thetas,
                                                     const ShlSliceOptions *opts,
                                                     const ShlCancel *cancel);

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

/* ------------------------------------------------ threaded and progressive */

/* How a grid evaluates the loss. PLAIN sets theta0 + alpha u + beta w and
 * calls shl_loss_grad (fused kernel) per node. BATCHED precomputes the
 * pre-activations Z0 = A0 X^T + b0, Zu, Zw (m, n) once by dgemm, so that a
 * node costs one relu(Z0 + beta Zw + alpha Zu) (the beta part formed once
 * per row) instead of the 2 d n m flops of z; the same values up to
 * rounding (1e-12 relative). AUTO picks the one that measured faster on
 * the benchmark case: see shl-landscape.c. */
typedef enum {
  SHL_GRID_AUTO,
  SHL_GRID_PLAIN,
  SHL_GRID_BATCHED,
} ShlGridMethod;

/* ids "auto", "plain", "batched" */
extern const ShlNameTable shl_grid_method_names;

/* shl_landscape_grid on n_threads POSIX threads (the calling thread is
 * one of them; n_threads <= 0 means 1). Rows are handed out one at a time;
 * every thread has its own workspace and network copy, and a node's value
 * does not depend on which thread computed it, so the result is the same
 * bit for bit for any n_threads (and equal to shl_landscape_grid's with
 * method PLAIN). cancel is polled by every thread before each row;
 * progress is called from the calling thread only. Returns false when
 * cancelled, on bad arguments or allocation failure (out is then
 * partially written). */
bool shl_landscape_grid_mt (double *out, const ShlNet *center,
                            const double *u, const double *w,
                            const ShlData *data, ShlLoss loss, double a0,
                            double a1, double b0, double b1, int nx, int ny,
                            int n_threads, ShlGridMethod method,
                            const ShlCancel *cancel,
                            void (*progress) (double frac, void *user_data),
                            void *user_data);

/* The nodes (column q, row r) with q and r multiples of stride (>= 1),
 * except those that are also multiples of done_stride (0: none), which
 * are left untouched: stride 4 then stride 1 with done_stride 4 computes
 * every node exactly once. Same threading and values as
 * shl_landscape_grid_mt; progress is the fraction of this pass. */
bool shl_landscape_grid_stride (double *out, const ShlNet *center,
                                const double *u, const double *w,
                                const ShlData *data, ShlLoss loss, double a0,
                                double a1, double b0, double b1, int nx,
                                int ny, int stride, int done_stride,
                                int n_threads, ShlGridMethod method,
                                const ShlCancel *cancel,
                                void (*progress) (double frac, void *user_data),
                                void *user_data);

/* A first image fast: fills out with NaN, computes the stride-4 nodes,
 * calls pass_done (4), then the rest, then pass_done (1). pass_done (may
 * be NULL) runs on the calling thread; after pass 4 exactly the nodes at
 * multiples of 4 are not NaN (unless the loss itself is NaN there). */
bool shl_landscape_grid_progressive (double *out, const ShlNet *center,
                                     const double *u, const double *w,
                                     const ShlData *data, ShlLoss loss,
                                     double a0, double a1, double b0,
                                     double b1, int nx, int ny, int n_threads,
                                     const ShlCancel *cancel,
                                     void (*pass_done) (int stride,
                                                        void *user_data),
                                     void *user_data);

/* ------------------------------------------------------------- directions */

/* The top two principal directions of the recorded parameter vectors
 * thetas (n_hist, n_params): rows minus center (n_params) if center is not
 * NULL, else minus their mean. At most SHL_PCA_MAX_ROWS rows are used,
 * evenly spread, always the first and the last. u and w (n_params) are
 * unit vectors, orthogonal; explained (2) receives the fractions of the
 * total variance (sum of squared deviations) along u and w. When the
 * deviations have rank 1, w is a unit vector orthogonal to u along the
 * coordinate where |u| is smallest and explained[1] = 0. Via the Gram
 * matrix of the rows and subspace iteration. Returns false if n_hist < 2
 * or all deviations are zero. */
#define SHL_PCA_MAX_ROWS 512
bool shl_direction_pca (double *u /* (n_params) */, double *w /* (n_params) */,
                        double *explained /* (2) */,
                        const double *thetas /* (n_hist, n_params) */,
                        const double *center /* (n_params) or NULL */,
                        size_t n_hist, size_t n_params);

/* unit vectors on theta indices i and j; false if i == j or out of range */
bool shl_direction_coords (double *u, double *w, const ShlNet *net, size_t i,
                           size_t j);

/* The tangent of the rescaling orbit (lambda a_k, lambda b_k, c_k / lambda)
 * of neuron k at lambda = 1: (a_k, b_k, -c_k) in that neuron's block, zero
 * elsewhere. False if k is out of range. Not normalised. */
bool shl_direction_orbit (double *dir, const ShlNet *center, int k);

/* other - center; false if the shapes differ */
bool shl_direction_twin (double *dir, const ShlNet *center,
                         const ShlNet *other);

/* ------------------------------------------------------------------ paths */

/* loss (n_points) along theta(t) = (1 - t) theta_A + t theta_B,
 * t = k / (n_points - 1) (t = 0 for one point). False if the shapes differ
 * or n_points < 1. */
bool shl_path_params (double *loss /* (n_points) */, const ShlNet *A,
                      const ShlNet *B, const ShlData *data, ShlLoss kind,
                      int n_points);

/* loss (n_points) of the function (1 - t) f_A + t f_B (the widths may
 * differ; the dimensions must match the data's). For mse a convex
 * quadratic in t. */
bool shl_path_realizations (double *loss /* (n_points) */, const ShlNet *A,
                            const ShlNet *B, const ShlData *data,
                            ShlLoss kind, int n_points);

/* loss (n_points) along the rescaling orbit of neuron k,
 * lambda = exp(s), s = -S + 2 S j / (n_points - 1): constant up to
 * rounding. */
bool shl_path_orbit (double *loss /* (n_points) */, const ShlNet *center,
                     int k, const ShlData *data, ShlLoss kind, double S,
                     int n_points);
