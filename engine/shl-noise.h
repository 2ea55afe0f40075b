/* shl-noise.h: when a computed value is rounding noise.
 *
 * A value of a network computed as a sum of its terms c_i relu(<a_i, x>
 * + b_i), <v, x> and e can be wrong by about (m + 2) units of roundoff of
 * the sum of the terms' magnitudes. The app shows a value within
 *
 *     SHL_NOISE_ULPS (m + 2) DBL_EPSILON magnitude
 *
 * of zero as exactly 0: it cannot be told from 0 at the parameters' scale
 * (a 1e-16 chequer pattern in a heat map of f ≡ 0, a 1e-15 "tent" after
 * the SGD experiment converged, an imbalance of 2.2e-16 are all noise).
 * The magnitude is taken per point where the panels evaluate f (the sum
 * over the neurons active there), and over the whole domain for a
 * distance between two networks. Files keep the exact values.
 *
 * Plain C, no GLib. */
#pragma once

#include "shl-net.h"

#define SHL_NOISE_ULPS 4.0

/* the noise level of a value of width-m networks whose terms add up to
 * magnitude */
double shl_noise_tol          (int m, double magnitude);
/* An upper bound on the magnitude of the terms of net over its domain:
 * sum_i |c_i| (sum_j |a_ij| D_j + |b_i|) + sum_j |v_j| D_j + |e|, with
 * D_j = max(|lo_j|, |hi_j|). */
double shl_net_value_scale    (const ShlNet *net);
/* Whether a distance between the realizations of f and g is rounding
 * noise of both. */
bool   shl_noise_is_zero_distance (double distance, const ShlNet *f,
                                   const ShlNet *g);
/* The same for the gradients: a bound on the magnitude of the terms of
 * net's gradient, sum_i |c_i| ‖a_i‖_2 + ‖v‖_2, and whether a distance
 * between the gradients of f and g (the W^{1,inf} seminorm of f - g) is
 * rounding noise of both. */
double shl_net_slope_scale        (const ShlNet *net);
bool   shl_noise_is_zero_slope_distance (double distance, const ShlNet *f,
                                         const ShlNet *g);
