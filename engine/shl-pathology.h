/* shl-pathology.h: the gallery of pathologies of inverse stability.
 *
 * Each preset builds a network Γ and a nearby function g (as a network) on
 * [-1, 1] (theory.md 3), from one parameter (n, ε, K or t). The app loads
 * Γ as the network and g as its twin; the readouts then show how close the
 * realizations are and how far the parameters must move.
 *
 * Plain C, no GLib. */
#pragma once

#include <stdbool.h>

#include <stdint.h>

#include "shl-data.h"
#include "shl-net.h"
#include "shl-trainer.h"

typedef struct {
  const char *id;           /* "p0", ... */
  const char *title;        /* short, for a menu */
  const char *explanation;  /* two or three sentences in plain words */
  const char *param_name;   /* "n", "ε", "K", "t" */
  double      param_min, param_max, param_default;
  bool        param_log;    /* slider on a logarithmic scale */
  bool        param_integer;
  int         d;            /* input dimension */
  /* Γ and g for a parameter in range (shl_pathology_build clamps) */
  void      (*build) (ShlNet **gamma, ShlNet **g, double param);
  /* A witness: an explicit parametrization Φ of g (R(Φ) = g on the
   * domain, Γ's width) as near to Γ as theory.md 3 knows, or NULL.
   * ||Φ - θ||_inf bounds d_fib(θ, g) from above for any θ of Γ's shape. */
  ShlNet   *(*witness) (double param);
  /* theory.md 3 proves d_fib(Γ, g) = ||Φ - Γ||_inf (over every
   * parametrization of g at Γ's width) */
  bool        dfib_exact;
  /* the claim of the explanation in one phrase, e.g. "d_fib = ½ for every
   * ε" */
  const char *claim;
  /* a short name: "P0", "the SGD experiment" */
  const char *short_name;
} ShlPathology;

const ShlPathology *shl_pathologies     (int *n_out);
const ShlPathology *shl_pathology_lookup (const char *id);

/* Γ and g for the given parameter (clamped to the range). Both are new
 * networks on [-1, 1]^d; free with shl_net_free. Returns false for an
 * unknown id. */
bool shl_pathology_build (ShlNet **gamma, ShlNet **g, const char *id,
                          double param);
/* The witness Φ of preset id at param (clamped as by build), or NULL
 * (unknown id, or the preset has none). */
ShlNet *shl_pathology_witness (const char *id, double param);
/* The data of preset id: g on equispaced points (1-D: 128; 2-D: a 12 x 12
 * grid); the published experiment: 1000 uniform points drawn from seed.
 * NULL for an unknown id. Free with shl_data_free. */
ShlData *shl_pathology_data   (const char *id, const ShlNet *g,
                               uint64_t seed);
/* The optimiser settings a preset brings into opts (only the published
 * experiment has its own: momentum 0.9, learning rate 1e-3, batches of
 * 10); the loss is always the squared error. Returns true if it changed
 * the optimiser itself. */
bool     shl_pathology_train_opts (const char *id, ShlTrainOpts *opts);
/* param clamped to the preset's range (and rounded when integral) */
double  shl_pathology_clamp   (const ShlPathology *info, double param);
