/* shl-plot.h: one 2-D plot: axes, data items, legend; drawn on any cairo_t.
 *
 * Build a ShlPlot from data (every add_* call copies its inputs), then
 * draw it into a rectangle of any cairo_t with a ShlPlotStyle:
 *
 *   g_autoptr (ShlPlot) p = shl_plot_new ();
 *   shl_plot_set_axis_label (p, SHL_AXIS_X, "x");
 *   ShlSeriesStyle s = shl_series_style (0);
 *   s.label = "f(x)";
 *   shl_plot_add_line (p, x, y, n, &s);
 *   shl_plot_draw (p, cr, &style, &(ShlRect) { 0, 0, w, h }, &layout);
 *
 * Items are drawn in the order they were added, clipped to the plot area,
 * between the grid (below) and the frame, ticks and legend (above).
 * Axis ranges are automatic unless set: the union of the items' extents
 * (heat maps and contours exactly, other data padded by the axis
 * padding); reference lines and text do not take part. NaN/infinite data
 * (and non-positive values on log axes) break lines and are skipped.
 *
 * Constrained layout. Before anything is placed, every title, tick
 * label, axis label, common factor, legend and colour bar is measured
 * with Pango; the plot area gets what remains. A layout is accepted only
 * when no two texts overlap, none leaves the rectangle, none covers the
 * plot area (annotations and a legend inside excepted), the data area
 * keeps its minimum size (5 x 3 tick-label ems) and an automatic legend
 * sits on no data. Tick labels never collide: the ticks are thinned, and
 * then only every k-th is labelled, until they fit. Long titles and axis
 * labels wrap. When a layout is not accepted, elements are dropped in
 * this fixed order (ShlDropStage) until one is: minor ticks, every other
 * tick label, the legend goes outside the plot area, the title, the
 * legend, the axis labels, the tick labels; at the last stage only the
 * data area is drawn (no text can overlap). A legend in SHL_LEGEND_AUTO
 * goes into the first corner (top right, top left, bottom left, bottom
 * right) where no data lies under it, else outside (to the right, or
 * above the plot area, whichever leaves the larger data area). Data are
 * curves, markers, steps, rugs, segments and annotations; heat maps,
 * contour lines and reference lines (hline, vline) are guides a legend
 * may sit on. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "shl-color.h"
#include "shl-plot-style.h"
#include "shl-rect.h"
#include "shl-ticks.h"

G_BEGIN_DECLS

typedef struct _ShlPlot ShlPlot;

typedef enum {
  SHL_AXIS_X,
  SHL_AXIS_Y,
} ShlAxisId;

typedef enum {
  SHL_MARKER_NONE,
  SHL_MARKER_CIRCLE,
  SHL_MARKER_SQUARE,
  SHL_MARKER_TRIANGLE,
  SHL_MARKER_CROSS,
} ShlMarker;

typedef enum {
  SHL_DASH_SOLID,
  SHL_DASH_DASHED,
  SHL_DASH_DOTTED,
  SHL_DASH_DASHDOT,
} ShlDash;

typedef enum {
  SHL_COORDS_DATA,     /* data coordinates */
  SHL_COORDS_AXES,     /* fractions of the plot area, (0,0) bottom left */
} ShlCoords;

/* The point of the text's box that sits at the given position. */
typedef enum {
  SHL_ANCHOR_CENTER,
  SHL_ANCHOR_N,
  SHL_ANCHOR_NE,
  SHL_ANCHOR_E,
  SHL_ANCHOR_SE,
  SHL_ANCHOR_S,
  SHL_ANCHOR_SW,
  SHL_ANCHOR_W,
  SHL_ANCHOR_NW,
} ShlAnchor;

#define SHL_COLOR_CUSTOM     (-1)   /* ShlSeriesStyle.palette: use .color */
#define SHL_COLOR_FOREGROUND (-2)   /* the style's foreground */

typedef struct {
  int palette;          /* palette index >= 0 (resolved with the style, see
                           shl_plot_style_series_color), or SHL_COLOR_* */
  ShlColor color;       /* with SHL_COLOR_CUSTOM */
  double alpha;         /* opacity multiplier; 0 means 1 */
  double width;         /* line width as a multiple of the style's; 0: 1 */
  ShlDash dash;
  ShlMarker marker;     /* lines: markers at the points too */
  double marker_scale;  /* multiple of the style's marker size; 0: 1 */
  gboolean hollow;      /* outlined markers */
  gboolean outlined;    /* filled markers with a thin outline in the
                           foreground colour (a class that must read in
                           grey); the legend shows the same */
  const char *label;    /* legend entry, Pango markup (copied); NULL: none */
} ShlSeriesStyle;

typedef struct {
  ShlColormap colormap;
  ShlScale scale;       /* colour scale */
  double vmin, vmax;    /* colour range; if !(vmin < vmax) it is taken
                           from the data (diverging maps: symmetric about 0
                           when the data has both signs; log: positive
                           values only) */
  gboolean smooth;      /* FALSE: CAIRO_FILTER_NEAREST (crisp cells),
                           TRUE: CAIRO_FILTER_GOOD (interpolated) */
  gboolean colorbar;    /* show a colour bar right of the plot */
  const char *colorbar_label; /* markup (copied) or NULL */
} ShlHeatmapStyle;

/* What the layout dropped, in the order it drops it: a layout at stage k
 * has dropped everything of the stages up to k. */
typedef enum {
  SHL_DROP_NOTHING,
  SHL_DROP_MINOR_TICKS,
  SHL_DROP_EVERY_OTHER_TICK_LABEL,
  SHL_DROP_LEGEND_INSIDE,   /* the legend goes outside the plot area */
  SHL_DROP_TITLE,
  SHL_DROP_LEGEND,
  SHL_DROP_AXIS_LABELS,     /* x, y and colour-bar labels */
  SHL_DROP_TICK_LABELS,     /* and their common factors */
  SHL_DROP_ALL_TEXT,        /* the data area alone (no colour bar) */
  SHL_N_DROP_STAGES
} ShlDropStage;

/* Where a drawn plot ended up, for hover and hit testing. */
typedef struct {
  ShlRect area;         /* the rectangle the plot was given */
  ShlRect plot;         /* the data area inside the frame */
  ShlRect colorbar;     /* the colour bar (width 0 when none) */
  double x_min, x_max, y_min, y_max;   /* data range of the plot area */
  ShlScale x_scale, y_scale;
  double c_min, c_max;  /* colour range of the colour bar */
  ShlScale c_scale;
  ShlDropStage stage;   /* what the layout had to drop */
  ShlLegendPos legend_pos; /* where the legend went: a corner, OUTSIDE,
                              or NONE (none, or dropped) */
  ShlRect legend;       /* the legend's box (width 0 when none) */
} ShlPlotLayout;

ShlSeriesStyle shl_series_style       (int palette);
ShlSeriesStyle shl_series_style_color (ShlColor color);
ShlHeatmapStyle shl_heatmap_style     (ShlColormap colormap);

ShlPlot *shl_plot_new              (void);
void     shl_plot_free             (ShlPlot *plot);

void     shl_plot_set_title        (ShlPlot *plot, const char *markup);
void     shl_plot_set_axis_label   (ShlPlot *plot, ShlAxisId axis,
                                    const char *markup);
void     shl_plot_set_axis_scale   (ShlPlot *plot, ShlAxisId axis,
                                    ShlScale scale);
/* NAN for either end: automatic at that end. */
void     shl_plot_set_axis_range   (ShlPlot *plot, ShlAxisId axis, double lo,
                                    double hi);
/* Fraction of the data span added on both sides of an automatic range
 * (default 0 for x, 0.05 for y; on log axes, of the span in decades). */
void     shl_plot_set_axis_padding (ShlPlot *plot, ShlAxisId axis,
                                    double fraction);
/* Grid lines at the major ticks; the style's grid_lines until set. */
void     shl_plot_set_grid         (ShlPlot *plot, gboolean grid);
/* One data unit is as long on x as on y (the plot area shrinks). */
void     shl_plot_set_equal_aspect (ShlPlot *plot, gboolean equal);
/* Where the legend goes (default NONE). AUTO leaves it to the style's
 * legend setting, which is AUTO unless the figure asks otherwise. */
void     shl_plot_set_legend       (ShlPlot *plot, ShlLegendPos position);
/* A corner AUTO leaves free (something is drawn there after the plot,
 * such as an inset); a corner named by the figure is still taken. */
void     shl_plot_legend_avoid     (ShlPlot *plot, ShlLegendPos corner);

/* Ticks at exactly these values (n; those inside the range), labelled
 * with up to six significant digits; n = 0 goes back to automatic ticks.
 * When labels would collide only every k-th is labelled. */
void     shl_plot_set_ticks        (ShlPlot *plot, ShlAxisId axis,
                                    const double *values, int n);
/* About this many automatic ticks (2 to SHL_TICKS_MAX; fewer when their
 * labels would collide); 0: as many as the axis' length suggests. */
void     shl_plot_set_tick_count   (ShlPlot *plot, ShlAxisId axis, int n);
/* Replaces the colour bar's label (markup; "" : none; NULL: the heat
 * map's own). */
void     shl_plot_set_colorbar_label (ShlPlot *plot, const char *markup);

/* Where a panel letter goes (shl_plot_set_letter). */
typedef enum {
  SHL_LETTER_TOP_LEFT,   /* at the top left of the plot's area, on the
                            title's row (the title moves right of it);
                            kept at every drop stage, given up only when
                            the data area alone does not fit with it */
  SHL_LETTER_TITLE,      /* before the title ("(a) Realization"), or as
                            the title when there is none; dropped with
                            the title */
} ShlLetterPos;

/* A panel letter such as "(a)" (markup; NULL or "": none), set in the
 * title font; recorded as SHL_BOX_LETTER. */
void     shl_plot_set_letter       (ShlPlot *plot, const char *markup,
                                    ShlLetterPos position);

/* What a figure may change on a plot its builder made (a figure spec):
 * shl_plot_apply_overrides applies every field that is set. Pointers are
 * borrowed; the plot copies what it keeps. */
typedef struct {
  const char   *label;      /* non-NULL: the axis label ("": none) */
  double        lo, hi;     /* finite with lo < hi: exactly this range */
  int           n_ticks;    /* > 0: about this many ticks */
  const double *ticks;      /* n_explicit > 0: ticks at these values */
  int           n_explicit;
} ShlAxisOverride;

typedef struct _ShlPlotOverrides {
  ShlAxisOverride axis[2];  /* SHL_AXIS_X, SHL_AXIS_Y */
  const char     *colorbar_label; /* non-NULL: the colour bar's label */
  const char     *letter;   /* non-NULL, non-empty: a panel letter */
  ShlLetterPos    letter_pos;
  /* a figure's alignment of its panels: the data area at least this far
   * from the plot's area (left, right, top, bottom; 0: as the text
   * needs), and the drop stage (ShlDropStage) to start from */
  double          min_margin[4];
  int             min_stage;
} ShlPlotOverrides;

/* Nothing set: no labels, NAN ranges, automatic ticks, no letter. */
void     shl_plot_overrides_init   (ShlPlotOverrides *overrides);
void     shl_plot_apply_overrides  (ShlPlot *plot,
                                    const ShlPlotOverrides *overrides);

/* Polyline through (x[i], y[i]); a NaN in either breaks it. */
void     shl_plot_add_line     (ShlPlot *plot, const double *x,
                                const double *y, int n,
                                const ShlSeriesStyle *style);
/* Markers (style->marker, circle if NONE); colors (n) may be NULL, else a
 * per-point colour (see shl_colormap_map_values, shl_palette). */
void     shl_plot_add_scatter  (ShlPlot *plot, const double *x,
                                const double *y, const ShlColor *colors,
                                int n, const ShlSeriesStyle *style);
/* Piecewise constant: values[i] on [breaks[i], breaks[i+1]]; breaks (n+1)
 * ascending, values (n). Drawn as horizontal pieces; a jump is left as a
 * gap (no vertical line). */
void     shl_plot_add_steps    (ShlPlot *plot, const double *breaks,
                                const double *values, int n,
                                const ShlSeriesStyle *style);
/* Short ticks rising from the x axis at x (n), e.g. kink positions. */
void     shl_plot_add_rug      (ShlPlot *plot, const double *x, int n,
                                const ShlSeriesStyle *style);
void     shl_plot_add_hline    (ShlPlot *plot, double y,
                                const ShlSeriesStyle *style);
void     shl_plot_add_vline    (ShlPlot *plot, double x,
                                const ShlSeriesStyle *style);
/* A band shaded over the plot's height for x between x0 and x1 (e.g. the
 * part of an axis outside the domain), in the style's colour and alpha;
 * like reference lines, a background that legends may cover and that
 * takes no part in the automatic range. */
void     shl_plot_add_xspan    (ShlPlot *plot, double x0, double x1,
                                const ShlSeriesStyle *style);
/* seg (n, 4): x0, y0, x1, y1 per segment (as shl_net_kink_segments_2d). */
void     shl_plot_add_segments (ShlPlot *plot, const double *seg, int n,
                                const ShlSeriesStyle *style);
/* z (ny, nx) row-major, z[j * nx + i] the value of the cell centred at
 * (x0 + (i + 0.5) dx, y0 + (j + 0.5) dy), dx = (x1 - x0) / nx: the image
 * covers exactly [x0, x1] x [y0, y1], row 0 at the bottom. NaN cells are
 * transparent. Embedded as one image (vector targets keep it one image).
 * Heat maps assume linear axes. */
void     shl_plot_add_heatmap  (ShlPlot *plot, const double *z, int nx,
                                int ny, double x0, double x1, double y0,
                                double y1, const ShlHeatmapStyle *style);
/* Contour lines of the same kind of grid (same cell-centre convention)
 * as vector paths. levels (n_levels) may be NULL: then about n_levels
 * nice levels strictly inside the data range. */
void     shl_plot_add_contours (ShlPlot *plot, const double *z, int nx,
                                int ny, double x0, double x1, double y0,
                                double y1, const double *levels,
                                int n_levels, const ShlSeriesStyle *style);
/* Pango markup in the style's text font and foreground colour. */
void     shl_plot_add_text     (ShlPlot *plot, double x, double y,
                                ShlCoords coords, ShlAnchor anchor,
                                const char *markup);
/* A legend entry that draws nothing in the plot (e.g. a class marker). */
void     shl_plot_add_legend_entry (ShlPlot *plot,
                                    const ShlSeriesStyle *style);

/* Draws the plot into area (user units). Paints the style's background
 * over area unless its alpha is 0 or the target is an export with a
 * transparent background (shl_render_is_transparent). layout may be
 * NULL. The cairo_t state is saved and restored. */
void     shl_plot_draw         (ShlPlot *plot, cairo_t *cr,
                                const ShlPlotStyle *style,
                                const ShlRect *area, ShlPlotLayout *layout);
/* The layout shl_plot_draw would produce, without drawing: text is
 * measured with unhinted metrics, so it matches, except that a raster
 * target snaps the plot rectangle to whole device pixels (< 1 px). For
 * hover, prefer the layout returned by the last shl_plot_draw. */
void     shl_plot_compute_layout (ShlPlot *plot, const ShlPlotStyle *style,
                                  const ShlRect *area,
                                  ShlPlotLayout *layout);

/* Data -> user units, and back (FALSE when outside the plot area;
 * the coordinates are still set). */
void     shl_plot_layout_to_user (const ShlPlotLayout *layout, double x,
                                  double y, double *ux, double *uy);
gboolean shl_plot_layout_to_data (const ShlPlotLayout *layout, double ux,
                                  double uy, double *x, double *y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlPlot, shl_plot_free)

G_END_DECLS
