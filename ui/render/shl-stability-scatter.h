/* shl-stability-scatter.h: the inverse-stability scatter, drawn.
 *
 * Random restricted 1-D networks Γ and functions g at W¹˒∞ distance ε
 * from them (shl_stability_sample, engine/shl-experiments.h): the
 * distance from Γ to the nearest parametrization of g against ε on log
 * axes, with the same functions parametrized with unbalanced neurons, the
 * slope-½ line and the proven bound. The experiments window, the
 * presenter mode and `shallows-cli lesson` draw it with this function.
 *
 * Engine types + ui/render, no GTK (the panels library). */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "shl-experiments.h"
#include "shl-plot-style.h"
#include "shl-rect.h"

G_BEGIN_DECLS

/* what a lesson's scatter samples: as the experiments window's defaults */
#define SHL_STABILITY_SCATTER_SAMPLES 400
#define SHL_STABILITY_SCATTER_WIDTH   6

/* n samples of width m (seed 1, sample k for k < n: deterministic);
 * g_free the result. A sample that cannot be made has eps NAN. */
ShlStabilitySample *shl_stability_scatter_sample (guint n, int m);
/* the plot; with n == 0 the axes and empty_note (may be NULL) */
void shl_stability_scatter_draw (cairo_t *cr, const ShlStabilitySample *samples, guint n,
                                 const char *empty_note, const ShlPlotStyle *style,
                                 const ShlRect *area);

G_END_DECLS
