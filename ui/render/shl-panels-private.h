/* shl-panels-private.h: what the files of the panels share (not for the
 * callers of shl-panels.h).
 *
 *   shl-panels.c              ids, dispatch, helpers of several panels
 *   shl-panel-realization.c   f: 1-D curve, 2-D map
 *   shl-panel-derivative.c    f' (1-D), the gradient (2-D)
 *   shl-panel-landscape.c     the loss slice, or the loss along paths
 *   shl-panel-trajectory.c    neurons over training, and the loss
 *   shl-panels-figure.c       all four panels, a figure in a style
 *   shl-panels-csv.c          every plotted series as CSV files
 *
 * Each panel's file draws it and writes its series as CSV. */
#pragma once

#include "shl-noise.h"
#include "shl-panels.h"
#include "shl-plot-extras.h"
#include "shl-plot.h"

G_BEGIN_DECLS

#define SHL_PANEL_CURVE_SAMPLES 400    /* target curves */
#define SHL_PANEL_GRID_2D       120    /* heat maps of f and its gradient */

/* ---- shl-panels.c ---------------------------------------------------- */

/* Rounding noise is shown as zero (the rule: shl-noise.h), with the
 * magnitude A(x) of the terms at each point: sum |c_i| (|<a_i, x>| + |b_i|)
 * over the neurons active there, |<v, x>| and |e| (slopes and gradients
 * likewise, with the sum of |c_i a_ij| over the active neurons and |v_j|).
 * The exact values still go to the CSV files. */

/* The tolerance for a value of a width-m network whose terms add up to A
 * in magnitude. */
double   shl_panel_noise_tol      (int m, double A);
/* f (n) and, if df is not NULL, the gradient (n, d) at x (n, d), with
 * values within rounding of zero set to exactly 0. */
void     shl_panel_eval_clean     (double *f, double *df, const ShlNet *net,
                                   const double *x, size_t n);
/* f - g (n) and, if dd is not NULL, its gradient (n, d) at x (n, d) (g on
 * f's points; same d), cleaned the same way with both networks' terms. */
void     shl_panel_eval_diff_clean (double *diff, double *dd, const ShlNet *f,
                                    const ShlNet *g, const double *x,
                                    size_t n);
/* A copy of net on dom's domain (the twin drawn over f's axes). */
ShlNet  *shl_panel_on_domain      (const ShlNet *net, const ShlNet *dom);

/* the twin's colour, the ghost's (the network before a move) */
#define SHL_PANEL_TWIN_PALETTE 4
ShlColor shl_panel_ghost_color    (const ShlPlotStyle *style);

/* Whether a recipe range is set (lo < hi, both finite). */
gboolean shl_panel_range_set      (const double *range /* (2) */);

/* Applies the figure's changes the style carries for the panel's plot
 * (which 0) or the plot below it (1): labels, ranges, ticks, letter
 * (shl-plot-style.h). Idempotent; shl_panel_plot_draw applies 0. */
void     shl_panel_apply_overrides (ShlPlot *p, const ShlPlotStyle *style,
                                    int which);
/* The diverging map of signed 2-D maps: the scene's, cool-warm by
 * default. */
ShlColormap shl_panel_diverging_map (const ShlScene *s);
/* A fixed colour range (2; the scene's color_range) replaces the one
 * computed, when it is set (lo < hi, and lo > 0 on a log scale). */
void     shl_panel_fix_color_range (ShlHeatmapStyle *hs,
                                    const double *range);
/* Draws p and closes the report's current plot with its layout (layout
 * may be NULL). */
void     shl_panel_plot_draw      (ShlPlot *p, cairo_t *cr,
                                   const ShlPlotStyle *style,
                                   const ShlRect *area, ShlPanelReport *rep,
                                   ShlPlotLayout *layout);
/* A heat map's colour range: symmetric about 0 for a signed quantity
 * (-1..1 when it is identically 0), 0..max for a norm (0..1 when 0). */
void     shl_panel_heatmap_range  (ShlHeatmapStyle *hs, const double *z,
                                   int n, gboolean is_signed);
/* The move events as vertical lines on a plot whose x axis is the step
 * (the loss, conservation and distance plots), labelled at the top of
 * the series y (n; NULL: no labels). */
void     shl_panel_add_events     (ShlPlot *p, const ShlScene *s,
                                   ShlPanelReport *rep, const double *y,
                                   int n);

/* A plot with a title and one centred line of text. */
void     shl_panel_draw_message   (cairo_t *cr, const ShlPlotStyle *style,
                                   const ShlRect *area, const char *title,
                                   const char *message);

/* Sorted breakpoints of f in [lo, hi]: lo, the kinks inside, hi. Returns
 * their number (kinks at the same place repeat). */
int      shl_panel_breakpoints_1d (double *t /* (m + 2) */, const ShlNet *net);
/* The same without repeats: f' is constant between consecutive ones. */
int      shl_panel_breakpoints_distinct_1d (double *t /* (m + 2) */,
                                            const ShlNet *net);
/* SHL_PANEL_CURVE_SAMPLES points from lo to hi, ends included. */
void     shl_panel_curve_x        (double *x /* (CURVE_SAMPLES) */,
                                   const ShlNet *net);
/* The target on shl_panel_curve_x. */
void     shl_panel_target_curve   (double *x /* (CURVE_SAMPLES) */,
                                   double *y /* (CURVE_SAMPLES) */,
                                   const ShlNet *net, const ShlTarget *target);

/* The centres of a SHL_PANEL_GRID_2D^2 grid of cells over the domain, row
 * by row from the bottom (g_free it). */
double  *shl_panel_grid_points    (const ShlNet *net) /* (n * n, 2) */;
/* f (which < 0) or a ShlGradView at those points (g_free it). */
double  *shl_panel_grid_values    (const ShlNet *net, int which) /* (n * n) */;
/* A plot of the square domain: x1, x2 axes, equal aspect, no grid. */
ShlPlot *shl_panel_map_2d_new     (const ShlNet *net);
/* The kink lines of a 2-D network, dashed. */
void     shl_panel_add_kink_lines (ShlPlot *p, const ShlNet *net);

/* ---- one file per panel --------------------------------------------- */

void     shl_panel_realization_draw (cairo_t *cr, const ShlScene *s,
                                     const ShlPlotStyle *style,
                                     const ShlRect *area,
                                     ShlPanelReport *rep);
void     shl_panel_derivative_draw  (cairo_t *cr, const ShlScene *s,
                                     const ShlPlotStyle *style,
                                     const ShlRect *area,
                                     ShlPanelReport *rep);
void     shl_panel_landscape_draw   (cairo_t *cr, const ShlScene *s,
                                     const ShlPlotStyle *style,
                                     const ShlRect *area,
                                     ShlPanelReport *rep);
void     shl_panel_trajectory_draw  (cairo_t *cr, const ShlScene *s,
                                     const ShlPlotStyle *style,
                                     const ShlRect *area,
                                     ShlPanelReport *rep);

/* shl-panel-neurons.c: the trajectory panel's plane of neurons (kinks
 * and jumps, or the balance plane) */
ShlPlot *shl_panel_neurons_plot    (const ShlScene *s,
                                     const ShlPlotStyle *style,
                                     const ShlRect *area,
                                     ShlPanelReport *rep);


/* shl-panel-functions.h: what the realization and derivative panels share
 * in 1-D (the twin's breakpoints, thin features, insets) */

/* ---- CSV (shl-panels-csv.c) ----------------------------------------- */

/* One CSV file at a time, written into dir. */
typedef struct {
  const char *dir;
  GString    *s;        /* the file being built */
  guint       count;    /* files written */
} ShlCsv;

/* Starts a file: header is its first line, with the newline. */
void     shl_csv_begin            (ShlCsv *csv, const char *header);
/* One row of numbers, 17 significant digits (they read back exactly). */
void     shl_csv_row              (ShlCsv *csv, const double *v, int n);
/* Writes the file built so far as dir/name, atomically. */
gboolean shl_csv_write            (ShlCsv *csv, const char *name,
                                   GError **error);

/* Each panel's series; scene->net is set. */
gboolean shl_panel_realization_csv (const ShlScene *s, ShlCsv *csv,
                                    GError **error);
gboolean shl_panel_derivative_csv  (const ShlScene *s, ShlCsv *csv,
                                    GError **error);
gboolean shl_panel_landscape_csv   (const ShlScene *s, ShlCsv *csv,
                                    GError **error);
gboolean shl_panel_trajectory_csv  (const ShlScene *s, ShlCsv *csv,
                                    GError **error);

G_END_DECLS
