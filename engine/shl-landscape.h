/* shl-landscape.h: 2-D slices of the loss through a network.
 *
 *   L(alpha, beta) = loss(theta0 + alpha u + beta w)
 *
 * Plain C, no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

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

/* Least-squares coordinates (alpha, beta) of theta - center in the plane
 * spanned by u and w. Returns false if u and w are (nearly) dependent. */
bool shl_landscape_project (double *alpha, double *beta, const double *theta,
                            const ShlNet *center, const double *u,
                            const double *w);
