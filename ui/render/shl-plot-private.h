/* shl-plot-private.h: ShlPlot internals shared by the files of
 * ui/render (not installed, not for the widgets). */
#pragma once

#include "shl-contour.h"
#include "shl-plot-record.h"
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
  SHL_ITEM_XSPAN,
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
                               RUG (n); SEGMENTS (n, 4); VLINE, TEXT (1);
                               XSPAN (2): its ends */
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
  /* HEATMAP drawn as exact cells (shl-plot-cells.h): image is NULL */
  struct _ShlCellMap *cells;
} ShlItem;

typedef struct {
  char *label;
  ShlScale scale;
  double lo, hi;            /* NAN: automatic */
  double padding;
  int tick_count;           /* > 0: the wished number of ticks */
  double *ticks;            /* n_ticks explicit tick values, or NULL */
  int n_ticks;
} ShlAxisSpec;

typedef struct {
  double left, right, top, bottom;
} ShlMargins;

struct _ShlPlot {
  char *title;
  ShlAxisSpec axis[2];
  int grid;                 /* -1: from the style */
  gboolean equal_aspect;
  ShlLegendPos legend;
  guint legend_avoid;       /* corners (1 << ShlLegendPos) AUTO leaves
                               free */
  GPtrArray *items;         /* ShlItem* */
  char *cb_label;           /* replaces the colour bar's label when
                               cb_label_set ("" or NULL: none) */
  gboolean cb_label_set;
  char *letter;             /* a panel letter, or NULL */
  ShlLetterPos letter_pos;
  ShlMargins min_m;         /* a figure's alignment (overrides): the
                               least margins around the data area */
  int min_stage;            /* the drop stage the layout starts at */
};


/* A text placed by the layout. */
typedef struct {
  ShlBoxKind   kind;
  PangoLayout *layout;      /* a reference, held */
  ShlTextBox   m;           /* its box relative to its origin, unrotated */
  gboolean     rotated;     /* turned a quarter left: reads upwards */
  ShlRect      box;         /* where it goes (user units) */
  char         axis;        /* tick labels: 'x', 'y' or 'c' (colour bar) */
} ShlPlaced;

/* The laid-out labels of a set of ticks. */
typedef struct {
  int n;
  PangoLayout *layout[SHL_TICKS_MAX];  /* owned by the frame's ShlText */
  ShlTextBox m[SHL_TICKS_MAX];
  gboolean shown[SHL_TICKS_MAX];       /* labelled (every k-th) */
} ShlTickLabels;

typedef struct _ShlLegend ShlLegend;

/* How the legend is placed in one attempt at a layout. */
typedef enum {
  SHL_LEGEND_MODE_NONE,
  SHL_LEGEND_MODE_INSIDE,
  SHL_LEGEND_MODE_RIGHT,
  SHL_LEGEND_MODE_TOP,
} ShlLegendMode;

/* What a drop stage keeps. */
typedef struct {
  gboolean minor, title, legend, legend_inside, axis_labels, tick_labels,
           colorbar, text, min_size;
  gboolean letter;          /* a panel letter: at every stage, given up
                               only when the data area alone does not
                               fit with it */
  int stride;               /* label at most every stride-th tick */
} ShlStageFlags;

/* Everything one draw needs, resolved. */
typedef struct {
  ShlPlotStyle st;          /* scaled by st.scale, scale = 1 */
  ShlText *text;
  cairo_t *cr;              /* NULL while measuring only */
  gboolean snap;
  ShlPlotLayout lay;
  ShlTicks xt, yt, ct;
  ShlTickLabels xl, yl, cl;
  const ShlItem *cbar;      /* the heat map whose colour bar is shown */
  ShlMargins margins;
  gboolean grid;

  /* the constrained layout */
  ShlStageFlags flags;      /* of lay.stage */
  PangoLayout *title, *xlabel, *ylabel, *clabel;  /* owned, or NULL */
  PangoLayout *letter;      /* a letter at the top left, owned, or NULL */
  const ShlAxisSpec *tick_spec[2]; /* the plot's x and y axes (their
                                      explicit ticks or tick counts) */
  ShlLegend *legend;        /* NULL: no legend to show */
  ShlLegendPos legend_want; /* the plot's placement, the style's applied */
  guint legend_avoid;       /* the plot's corners to leave free */
  gboolean square_ticks;    /* an equal-aspect plot with the same range
                               on both axes: the same ticks on both */
  gboolean pin_title;       /* the title row at the area's top (a figure
                               lines its panels up: their titles and
                               letters share a row) */
  ShlLegendMode legend_mode;
  int legend_cols;
  GArray *placed;           /* ShlPlaced */
  ShlText *own_text;        /* text, when the frame made it */
} ShlFrame;

/* shl-plot.c: building a plot, the draw entry points */

/* shl-plot-layout.c: ranges, ticks, snapping, coordinates */
void     shl_plot_style_scaled    (ShlPlotStyle *out,
                                   const ShlPlotStyle *style);
/* A frame for drawing on cr (NULL: measuring only) that measures text
 * with text, or with a ShlText of its own when text is NULL. */
void     shl_frame_init           (ShlFrame *f, const ShlPlotStyle *style,
                                   cairo_t *cr, ShlText *text);
void     shl_frame_clear          (ShlFrame *f);
gboolean shl_plot_snap_enabled    (cairo_t *cr, const ShlPlotStyle *style);
/* Ranges, colour bar, grid and legend wish of the plot: what does not
 * depend on the area. */
void     shl_plot_resolve         (ShlPlot *plot, ShlFrame *f);
/* The plot area inside margins m of area (equal aspect: shrunk and
 * centred), snapped to whole pixels. */
ShlRect  shl_frame_plot_rect      (ShlPlot *plot, ShlFrame *f,
                                   const ShlRect *area, const ShlMargins *m);
/* Nice ticks along an axis of length len whose shown labels do not
 * collide; labels are measured only when the stage shows them. */
void     shl_frame_choose_ticks   (ShlFrame *f, ShlTicks *t,
                                   ShlTickLabels *tl, ShlScale s, double lo,
                                   double hi, double len,
                                   gboolean horizontal);
/* The same for an axis whose spec may ask for explicit ticks or a tick
 * count (spec may be NULL). */
void     shl_frame_choose_axis_ticks (ShlFrame *f, const ShlAxisSpec *spec,
                                      ShlTicks *t, ShlTickLabels *tl,
                                      ShlScale s, double lo, double hi,
                                      double len, gboolean horizontal);

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
/* The colour bar's place next to plot area p. */
ShlRect  shl_frame_colorbar_rect  (const ShlFrame *f, const ShlRect *p);
/* The minimum size of a data area. */
double   shl_frame_min_width      (const ShlFrame *f);
double   shl_frame_min_height     (const ShlFrame *f);

/* shl-plot-place.c: the constrained layout */
ShlStageFlags shl_stage_flags     (ShlDropStage stage);
/* Lays the plot out in area: the first drop stage whose layout is
 * accepted (see shl-plot.h), with margins at least min_margins (NULL:
 * none) so that figures can align plot areas. */
void     shl_plot_frame_layout    (ShlPlot *plot, ShlFrame *f,
                                   const ShlRect *area,
                                   const ShlMargins *min_margins);
/* The height a plot needs outside its data area at stage, laid out in
 * area (a hint for stacking plots). */
double   shl_plot_frame_text_height (ShlPlot *plot, ShlFrame *f,
                                     const ShlRect *area, ShlDropStage stage);
gboolean shl_rect_overlap         (const ShlRect *a, const ShlRect *b);

/* shl-plot-axes.c: drawing a laid-out frame (and recording it when a
 * ShlPlotRecord is attached to f->cr) */
void     shl_plot_frame_draw      (ShlPlot *plot, ShlFrame *f,
                                   gboolean paint_background);
/* Shows a placed text (rotated ones too) and records its box. */
void     shl_placed_show          (ShlFrame *f, const ShlPlaced *pl,
                                   int record_plot);

/* shl-plot-items.c */
void     shl_item_free            (ShlItem *item);
ShlColor shl_item_color           (const ShlItem *item,
                                   const ShlPlotStyle *st);
void     shl_item_draw            (const ShlItem *item, ShlFrame *f);
gboolean shl_item_extent          (const ShlItem *item, ShlAxisId axis,
                                   ShlScale scale, double *lo, double *hi,
                                   gboolean *exact);
/* A guide a legend may sit on: heat map, contours, hline, vline. */
gboolean shl_item_is_guide        (const ShlItem *item);
void     shl_item_draw_sample     (const ShlItem *item, ShlFrame *f,
                                   double x, double y, double width);
void     shl_apply_line_style     (cairo_t *cr, const ShlSeriesStyle *s,
                                   const ShlPlotStyle *st);
void     shl_draw_marker_path     (cairo_t *cr, ShlMarker marker, double x,
                                   double y, double size);
double   shl_item_marker_size     (const ShlSeriesStyle *s,
                                   const ShlPlotStyle *st);
double   shl_item_line_width      (const ShlSeriesStyle *s,
                                   const ShlPlotStyle *st);

/* shl-heatmap.c */
cairo_surface_t *shl_heatmap_image (const double *z, int nx, int ny,
                                    ShlHeatmapStyle *style);
/* style->vmin/vmax from the finite values z (n) when unset */
void     shl_heatmap_resolve_range (const double *z, gsize n,
                                    ShlHeatmapStyle *style);

/* shl-plot-cells.c: a HEATMAP item with cells */
void     shl_cell_map_draw        (const ShlItem *item, ShlFrame *f);
void     shl_colorbar_draw        (ShlFrame *f);

/* shl-legend.c: measuring, placing and drawing the legend */
/* The legend's entries measured, or NULL when the plot has none. */
ShlLegend *shl_legend_measure     (ShlPlot *plot, ShlFrame *f);
void     shl_legend_free          (ShlLegend *legend);
/* Its size in cols columns (entries row by row). */
void     shl_legend_size          (const ShlLegend *legend, int cols,
                                   double *w, double *h);
/* The most columns (>= 1) whose legend is at most width wide. */
int      shl_legend_fit_cols      (const ShlLegend *legend, double width);
/* An inside place for the legend at corner want (AUTO: the first corner
 * of top right, top left, bottom left, bottom right with no data and no
 * annotation under it); FALSE when there is none. */
gboolean shl_legend_place_inside  (ShlPlot *plot, ShlFrame *f,
                                   ShlLegendPos want, ShlRect *box,
                                   ShlLegendPos *pos);
/* Draws the legend at f->lay.legend (recording its boxes). */
void     shl_legend_draw          (ShlPlot *plot, ShlFrame *f,
                                   int record_plot);

G_END_DECLS
