/* shl-twin-readouts.h: how far the network is from its twin, in numbers
 * a student can follow, computed in the background.
 *
 * One number per quantity, named plainly (shl_readout_names):
 *
 *   functions apart (sup)            ||f - g||_inf on the domain (exact)
 *   derivatives apart (W^{1,inf})    ess sup ||grad (f - g)|| (exact)
 *   parameters apart, as stored      ||θ - θ'||_inf (same shapes only)
 *   ... after the best symmetry      d_sym(θ, g's parameters)
 *   nearest parametrization of g     d_fib(θ, g): exact when both lie in
 *                                    the restricted set, or when the
 *                                    engine's bounds meet, or (a preset,
 *                                    at its Γ) by theory.md 3; otherwise
 *                                    the best upper bound known (an
 *                                    explicit Φ achieves it), shown "≤"
 *
 * and the details behind them (the bounds, the restricted-set value, the
 * preset's witness, the ratio to the proven bound). Values within
 * rounding of zero (shl-noise.h) are 0.
 *
 * The computation runs as a GTask on copies of the networks with a
 * GCancellable; any width. GIO only, no GTK. */
#pragma once

#include <gio/gio.h>

#include "shl-net.h"
#include "shl-scene.h"

G_BEGIN_DECLS

typedef enum {
  SHL_DFIB_NONE,         /* not computed (different dimensions) */
  SHL_DFIB_RESTRICTED,   /* exact: both networks lie in the restricted set */
  SHL_DFIB_BOUNDS_MEET,  /* exact: the engine's bounds agree */
  SHL_DFIB_THEORY,       /* exact by theory.md 3 (a preset at its Γ) */
  SHL_DFIB_UPPER,        /* an upper bound (constructive) */
} ShlDfibKind;

typedef struct {
  double      sup, w1inf;      /* realization distances */
  double      argsup[2];       /* where the sup is attained */
  double      raw;             /* NAN when the shapes differ */
  double      dsym;
  double      dfib;            /* the one number shown */
  ShlDfibKind dfib_kind;
  double      dfib_lower, dfib_upper;  /* the engine's bounds */
  double      dfib_restricted; /* to the restricted fibre (κ(g)) */
  double      witness;         /* ||Φ - θ||_inf for the preset's Φ, NAN */
  gboolean    f_restricted, g_restricted;
  double      eps;             /* ||g - f||_{W^{1,inf}} */
  double      bound;           /* the proven bound for eps */
  double      ratio;           /* dfib_restricted / sqrt(eps), NAN */
} ShlTwinReadouts;

/* Computes every readout of f against g (same d; preset: the preset id
 * shown, or NULL, with its parameter). Returns FALSE when cancelled. */
gboolean shl_twin_readouts_compute (ShlTwinReadouts *out, const ShlNet *f,
                                    const ShlNet *g, const char *preset,
                                    double param, GCancellable *cancel);
/* The same on a thread, on copies of f and g. */
void     shl_twin_readouts_compute_async  (const ShlNet *f, const ShlNet *g,
                                           const char *preset, double param,
                                           GCancellable *cancel,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
gboolean shl_twin_readouts_compute_finish (GAsyncResult *result,
                                           ShlTwinReadouts *out,
                                           GError **error);

/* A readout's plain name, as the sidebar shows it ("functions apart
 * (sup)", "nearest parametrization of g (d_fib)"); NULL for NONE. */
const char *shl_readout_label (ShlReadout readout);

/* The key readouts in one line, for the presenter's caption band and
 * `shallows-cli lesson`: the highlighted readout first (marked "▸ "),
 * then functions apart (sup), derivatives apart (W^{1,inf}) and the
 * nearest parametrization of g, three in all, joined by " · "
 * ("▸ nearest parametrization of g (d_fib) 0.333  ·  functions apart
 * (sup) 0.005  ·  derivatives apart (W¹˒∞) 0.01"). r NULL: the values
 * are being computed, each shown "…". g_free the result. */
char       *shl_twin_readouts_caption (const ShlTwinReadouts *r,
                                       ShlReadout highlight);

/* A value for a person: integers as integers ("1000"), three significant
 * digits otherwise ("0.333", "12.3"), "2.5 × 10⁻⁵" when small or large,
 * "0" for zero, "∞", "—" for NAN. Returns buf. */
char    *shl_format_readout (char *buf, gsize len, double value);

G_END_DECLS
