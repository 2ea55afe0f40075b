/* shl-plot-extras.h: a few plot primitives the panels need beyond
 * shl-plot.h, built on its public API only.
 *
 *   - an edge marker: a neuron too far out for a sensible axis, drawn at
 *     the axis edge with its value ("t = 10 →");
 *   - the size of a device pixel in data units, so that a feature
 *     narrower than a pixel can be drawn at least a pixel wide;
 *   - a shaded x-interval (the part of a plot outside the domain), drawn
 *     translucently over a plot already drawn;
 *   - an inset: where to put one inside a drawn plot, and the frame and
 *     connector lines from the region it magnifies.
 *
 * The functions that draw take the ShlPlotLayout that shl_plot_draw (or
 * shl_plot_compute_layout) returned. cairo + pango, never GTK. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "shl-plot.h"

G_BEGIN_DECLS

/* A marker at (x, y) (data coordinates, usually on an axis limit) with
 * markup next to it, anchored at the marker: SHL_ANCHOR_E puts the text
 * left of a marker on the right edge. */
void    shl_plot_add_edge_marker (ShlPlot *plot, double x, double y,
                                  ShlAnchor anchor, const char *markup,
                                  const ShlSeriesStyle *style);

/* Data units per user unit along an axis of a laid-out plot (linear
 * axes; on a log axis, decades per user unit). */
double  shl_plot_extras_data_per_unit (const ShlPlotLayout *layout,
                                       ShlAxisId axis);

/* Where an inset goes: a rectangle of frac_w x frac_h of the plot area in
 * one of its corners (right/top), inset by the style's padding. */
void    shl_plot_extras_inset_rect (const ShlPlotLayout *layout,
                                    const ShlPlotStyle *style,
                                    gboolean right, gboolean top,
                                    double frac_w, double frac_h,
                                    ShlRect *out);

/* The region [x0, x1] x [y0, y1] of a drawn plot that an inset at `inset`
 * magnifies: a thin frame around it (at least 3 user units each way) and
 * two lines to the inset's nearest corners. */
void    shl_plot_extras_link_inset (cairo_t *cr, const ShlPlotLayout *layout,
                                    const ShlPlotStyle *style, double x0,
                                    double x1, double y0, double y1,
                                    const ShlRect *inset);

G_END_DECLS
