/* shl-panel-functions.h: what the realization and derivative panels
 * share: in 1-D, and the exact cells of the 2-D maps (private to the
 * panels, see shl-panels-private.h). */
#pragma once

#include "shl-cells.h"
#include "shl-panels-private.h"
#include "shl-plot-cells.h"

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

/* ---- 2-D: the exact cells ------------------------------------------- */

/* Above this many cells the 2-D maps are sampled on the grid instead (a
 * width-1000 network has about 290,000). */
#define SHL_PANEL_MAX_CELLS 200000

/* The cells of f - g (g may be NULL: of f) on f's domain (g is taken onto
 * it), or NULL when the arrangement would have more than
 * SHL_PANEL_MAX_CELLS cells (counted from the kink segments first) or
 * cannot be built: then the panel samples. */
ShlCells *shl_panel_cells         (const ShlNet *f, const ShlNet *g,
                                   int max_cells /* 0: SHL_PANEL_MAX_CELLS */);
/* The values at c's vertices with rounding noise set to 0 (as
 * shl_panel_eval_clean; m: the width of f plus g's), g_free it. */
double   *shl_panel_cells_values  (const ShlCells *c, int m);
/* Cell k's gradient with rounding noise set to 0. */
void      shl_panel_cells_grad    (const ShlCells *c, int m, int k,
                                   double *grad /* (2) */);
/* The map of the values (n_vertices; linear in each cell, filled along
 * the gradient) when z is NULL, else flat cells with the values z
 * (n_cells). hs's range must be set. */
void      shl_panel_add_cell_map  (ShlPlot *p, const ShlCells *c, int m,
                                   const double *value, const double *z,
                                   const ShlHeatmapStyle *hs);
/* The level sets of the values (n_vertices) at levels (n), or at about n
 * nice levels strictly inside their range when levels is NULL, exact cell
 * by cell. */
void      shl_panel_add_cell_contours (ShlPlot *p, const ShlCells *c,
                                       const double *value,
                                       const double *levels, int n,
                                       const ShlSeriesStyle *style);

G_END_DECLS
