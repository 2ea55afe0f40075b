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

#include "shl-panels.h"
#include "shl-plot.h"

G_BEGIN_DECLS

#define SHL_PANEL_CURVE_SAMPLES 400    /* target curves */
#define SHL_PANEL_GRID_2D       120    /* heat maps of f and its gradient */

/* ---- shl-panels.c ---------------------------------------------------- */

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
                                     const ShlRect *area);
void     shl_panel_derivative_draw  (cairo_t *cr, const ShlScene *s,
                                     const ShlPlotStyle *style,
                                     const ShlRect *area);
void     shl_panel_landscape_draw   (cairo_t *cr, const ShlScene *s,
                                     const ShlPlotStyle *style,
                                     const ShlRect *area);
void     shl_panel_trajectory_draw  (cairo_t *cr, const ShlScene *s,
                                     const ShlPlotStyle *style,
                                     const ShlRect *area);

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
