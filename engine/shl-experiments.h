/* shl-experiments.h: the inverse-stability experiments of the app.
 *
 * Plain C, no GLib. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "shl-cancel.h"
#include "shl-data.h"
#include "shl-trainer.h"

/* One sample of the inverse-stability scatter: Γ = κ(a random 1-D network)
 * padded to width m (so it has free slots), and g = Γ perturbed by δ in
 * W^{1,inf}, δ = 10^U(-6, -1): the jumps and the affine part change by
 * O(δ) and every free slot gets a new kink of jump O(δ). eps is
 * ||g - R(Γ)||_{W^{1,inf}}, restricted the exact distance from Γ to the
 * restricted fibre of g, bound the proven bound. unrestricted: the
 * distance from Γ′ (Γ with every neuron rescaled by a random λ,
 * log-uniform in [1/20, 20]: the same function, unbalanced) to the same
 * fibre (eps_unrestricted is the same eps). Deterministic in (m, seed, k). */
typedef struct {
  double eps;
  double restricted;
  double bound;
  double eps_unrestricted;
  double unrestricted;
} ShlStabilitySample;

bool shl_stability_sample (ShlStabilitySample *out, int m, uint64_t seed,
                           uint64_t k);

/* Train the same network twice on the same data, once plain and once in
 * restricted mode (which also trains the linear part), for `steps` steps;
 * loss_plain and loss_restricted (steps + 1) receive the full-data loss
 * after each step (entry 0: the start). cancel (may be NULL) is polled
 * every 64 steps. */
bool shl_compare_restricted (double *loss_plain, double *loss_restricted,
                             const ShlNet *net, const ShlData *data,
                             const ShlTrainOpts *opts, int steps,
                             const ShlCancel *cancel);
