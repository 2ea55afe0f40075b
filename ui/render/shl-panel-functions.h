/* shl-panel-functions.h: what the realization and derivative panels
 * share in 1-D (private to the panels, see shl-panels-private.h). */
#pragma once

#include "shl-panels-private.h"

G_BEGIN_DECLS

/* An inset magnifying [x0, x1] x [y0, y1] of a panel. */
typedef struct {
  gboolean on;
  double   x0, x1, y0, y1;
  double   zoom;          /* how much it magnifies (the wider of x, y) */
  char     label[32];     /* "zoom ×400" */
} ShlPanelInset;

/* The union of the distinct breakpoints of f and g (g may be NULL) in
 * f's domain: its ends and every kink inside. Returns the count. */
int      shl_panel_union_breakpoints (double *t /* (m_f + m_g + 2) */,
                                      const ShlNet *f, const ShlNet *g);
/* The narrowest gap between consecutive interior kinks of f and g that
 * is thinner than `frac` of the domain: TRUE and the interval. */
gboolean shl_panel_thin_feature (double *t0, double *t1, const ShlNet *f,
                                 const ShlNet *g, double frac);
/* grow [lo, hi] to the finite values of v (n) */
void     shl_panel_extent_add   (double *lo, double *hi, const double *v,
                                 int n);
/* A preset's fixed y-range (NAN or an empty range: leave the axis
 * automatic), widened to [lo, hi] (the extent of what is drawn) when that
 * does not fit, so nothing is ever clipped. */
void     shl_panel_set_y_range  (ShlPlot *p, const double *fixed, double lo,
                                 double hi);
/* A step function (breaks n + 1, values n) recorded under role; with
 * px > 0 (data units per user unit on x), every piece narrower than 1.5
 * units is also drawn as a bar 1.5 units wide and recorded as THIN. */
void     shl_panel_add_steps    (ShlPlot *p, ShlPanelReport *rep,
                                 ShlRole role, ShlOwner owner,
                                 const double *breaks, const double *values,
                                 int n, const ShlSeriesStyle *style,
                                 double px);
/* The feature an inset shows, for f and its twin g (may be NULL) on f's
 * domain: two kinks closer than 3 % of the domain (magnified along x), or
 * curves whose whole extent is under 12 % of the main plot's y-range
 * [main_lo, main_hi] (magnified along y); deriv: of the derivatives.
 * FALSE when there is none. */
gboolean shl_panel_find_inset   (ShlPanelInset *in, const ShlNet *f,
                                 const ShlNet *g, gboolean deriv,
                                 double main_lo, double main_hi);
/* A plot for the inset: its ranges, no legend, the zoom label. */
ShlPlot *shl_panel_inset_plot_new (const ShlPanelInset *in);
/* Draws the inset plot in the top right of the main plot (laid out as
 * main) with the frame and lines from the region it magnifies, and
 * closes the report's current plot. Skipped when there is no room. */
void     shl_panel_inset_draw   (ShlPlot *ip, const ShlPanelInset *in,
                                 cairo_t *cr, const ShlPlotStyle *style,
                                 const ShlPlotLayout *main,
                                 ShlPanelReport *rep);

G_END_DECLS
