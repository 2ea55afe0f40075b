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

#include "shl-net.h"

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
} ShlPathology;

const ShlPathology *shl_pathologies     (int *n_out);
const ShlPathology *shl_pathology_lookup (const char *id);

/* Γ and g for the given parameter (clamped to the range). Both are new
 * networks on [-1, 1]^d; free with shl_net_free. Returns false for an
 * unknown id. */
bool shl_pathology_build (ShlNet **gamma, ShlNet **g, const char *id,
                          double param);
