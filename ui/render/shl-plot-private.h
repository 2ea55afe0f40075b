/* shl-plot-private.h: ShlPlot internals shared by the files of
 * ui/render (not installed, not for the widgets). */
#pragma once

#include "shl-contour.h"
#include "shl-plot.h"
#include "shl-text.h"

G_BEGIN_DECLS

typedef enum {
  SHL_ITEM_LINE,
  SHL_ITEM_SCATTER,
  SHL_ITEM_STEPS,
  SHL_ITEM_RUG,
  SHL_ITEM_HLINE,
  SHL_ITEM_VLINE,
  SHL_ITEM_SEGMENTS,
  SHL_ITEM_HEATMAP,
  SHL_ITEM_CONTOURS,
  SHL_ITEM_TEXT,
  SHL_ITEM_LEGEND_ONLY,
} ShlItemKind;

typedef struct {
  ShlItemKind kind;
  ShlSeriesStyle style;     /* style.label points at label */
  char *label;              /* legend label, or the text of a TEXT item */
  int n;
  double *x;                /* LINE, SCATTER (n); STEPS breaks (n + 1);
                               RUG (n); SEGMENTS (n, 4); VLINE, TEXT (1) */
  double *y;                /* LINE, SCATTER (n); STEPS values (n);
                               HLINE, TEXT (1) */
  ShlColor *colors;         /* SCATTER (n) or NULL */
  /* HEATMAP */
  cairo_surface_t *image;   /* (ny, nx) ARGB32, premultiplied */
  ShlHeatmapStyle hstyle;   /* colorbar_label points at cb_label */
  char *cb_label;
  double x0, x1, y0, y1;    /* HEATMAP, CONTOURS: covered rectangle */
  /* CONTOURS */
  ShlContourLine *lines;
  int n_lines;
  /* TEXT */
  ShlCoords coords;
  ShlAnchor anchor;
} ShlItem;

typedef struct {
  char *label;
  ShlScale scale;
  double lo, hi;            /* NAN: automatic */
  double padding;
} ShlAxisSpec;

struct _ShlPlot {
  char *title;
  ShlAxisSpec axis[2];
  int grid;                 /* -1: from the style */
  gboolean equal_aspect;
  ShlLegendPos legend;
  GPtrArray *items;         /* ShlItem* */
};

typedef struct {
  double left, right, top, bottom;
} ShlMargins;

/* Everything one draw needs, resolved. */
typedef struct {
  ShlPlotStyle st;          /* scaled by st.scale, scale = 1 */
  ShlText *text;
  cairo_t *cr;              /* NULL while measuring only */
  gboolean snap;
  ShlPlotLayout lay;
  ShlTicks xt, yt, ct;
  const ShlItem *cbar;      /* the heat map whose colour bar is shown */
  ShlMargins margins;
  gboolean grid;
} ShlFrame;

/* shl-plot.c: building a plot, the draw entry points */

/* shl-plot-layout.c: ranges, ticks, margins, snapping, coordinates */
void     shl_plot_style_scaled    (ShlPlotStyle *out,
                                   const ShlPlotStyle *style);
void     shl_plot_frame_layout    (ShlPlot *plot, ShlFrame *f,
                                   const ShlRect *area,
                                   const ShlMargins *min_margins);
gboolean shl_plot_snap_enabled    (cairo_t *cr, const ShlPlotStyle *style);

/* Coordinates: data -> user units of the current frame. */
double   shl_frame_ux             (const ShlFrame *f, double x);
double   shl_frame_uy             (const ShlFrame *f, double y);
/* Where an axis-parallel line of user width w at coordinate v (a y when
 * horizontal) covers whole device pixels; v itself when not snapping. */
double   shl_frame_snap           (const ShlFrame *f, double v, double w,
                                   gboolean horizontal);
/* A user width that is a whole number of device pixels (>= 1). */
double   shl_frame_snap_width     (const ShlFrame *f, double w);
/* Gap between tick labels and axis labels; how far ticks stick out. */
double   shl_frame_label_gap      (const ShlFrame *f);
double   shl_frame_tick_out       (const ShlFrame *f);
/* Position of v along an axis of length len from lo (user units). */
double   shl_axis_pos             (ShlScale s, double lo, double hi,
                                   double len, double v);

/* The laid-out labels of a set of ticks. */
typedef struct {
  int n;
  PangoLayout *layout[SHL_TICKS_MAX];
  double w[SHL_TICKS_MAX], h[SHL_TICKS_MAX], base[SHL_TICKS_MAX];
  double wmax, hmax, basemax;
} ShlTickLabels;

void     shl_tick_labels_measure  (ShlFrame *f, const ShlTicks *t,
                                   ShlTickLabels *tl);
void     shl_tick_labels_clear    (ShlTickLabels *tl);

/* shl-plot-axes.c: drawing a laid-out frame */
void     shl_plot_frame_draw      (ShlPlot *plot, ShlFrame *f,
                                   gboolean paint_background);

/* shl-plot-items.c */
void     shl_item_free            (ShlItem *item);
ShlColor shl_item_color           (const ShlItem *item,
                                   const ShlPlotStyle *st);
void     shl_item_draw            (const ShlItem *item, ShlFrame *f);
gboolean shl_item_extent          (const ShlItem *item, ShlAxisId axis,
                                   ShlScale scale, double *lo, double *hi,
                                   gboolean *exact);
void     shl_item_draw_sample     (const ShlItem *item, ShlFrame *f,
                                   double x, double y, double width);
void     shl_apply_line_style     (cairo_t *cr, const ShlSeriesStyle *s,
                                   const ShlPlotStyle *st);
void     shl_draw_marker_path     (cairo_t *cr, ShlMarker marker, double x,
                                   double y, double size);

/* shl-heatmap.c */
cairo_surface_t *shl_heatmap_image (const double *z, int nx, int ny,
                                    ShlHeatmapStyle *style);
void     shl_colorbar_draw        (ShlFrame *f);

/* shl-legend.c */
void     shl_legend_draw          (ShlPlot *plot, ShlFrame *f);

G_END_DECLS
