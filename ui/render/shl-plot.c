/* shl-plot.c: ShlPlot construction, ranges, layout, axes and frame. */
#include "shl-plot-private.h"

#include <math.h>
#include <string.h>

#include "shl-export.h"

/* ---- construction ---------------------------------------------------- */

ShlSeriesStyle
shl_series_style (int palette)
{
  ShlSeriesStyle s;
  memset (&s, 0, sizeof s);
  s.palette = palette;
  return s;
}

ShlSeriesStyle
shl_series_style_color (ShlColor color)
{
  ShlSeriesStyle s = shl_series_style (SHL_COLOR_CUSTOM);
  s.color = color;
  return s;
}

ShlHeatmapStyle
shl_heatmap_style (ShlColormap colormap)
{
  ShlHeatmapStyle h;
  memset (&h, 0, sizeof h);
  h.colormap = colormap;
  h.scale = SHL_SCALE_LINEAR;
  h.vmin = NAN;
  h.vmax = NAN;
  h.colorbar = TRUE;
  return h;
}

ShlPlot *
shl_plot_new (void)
{
  ShlPlot *plot = g_new0 (ShlPlot, 1);
  plot->items = g_ptr_array_new_with_free_func ((GDestroyNotify) shl_item_free);
  for (int a = 0; a < 2; a++)
    {
      plot->axis[a].scale = SHL_SCALE_LINEAR;
      plot->axis[a].lo = NAN;
      plot->axis[a].hi = NAN;
    }
  plot->axis[SHL_AXIS_X].padding = 0.0;
  plot->axis[SHL_AXIS_Y].padding = 0.05;
  plot->grid = -1;
  plot->legend = SHL_LEGEND_NONE;
  return plot;
}

void
shl_plot_free (ShlPlot *plot)
{
  if (!plot)
    return;
  g_ptr_array_unref (plot->items);
  for (int a = 0; a < 2; a++)
    g_free (plot->axis[a].label);
  g_free (plot->title);
  g_free (plot);
}

void
shl_plot_set_title (ShlPlot *plot, const char *markup)
{
  g_return_if_fail (plot != NULL);
  g_free (plot->title);
  plot->title = (markup && *markup) ? g_strdup (markup) : NULL;
}

void
shl_plot_set_axis_label (ShlPlot *plot, ShlAxisId axis, const char *markup)
{
  g_return_if_fail (plot != NULL && (axis == SHL_AXIS_X || axis == SHL_AXIS_Y));
  g_free (plot->axis[axis].label);
  plot->axis[axis].label = (markup && *markup) ? g_strdup (markup) : NULL;
}

void
shl_plot_set_axis_scale (ShlPlot *plot, ShlAxisId axis, ShlScale scale)
{
  g_return_if_fail (plot != NULL && (axis == SHL_AXIS_X || axis == SHL_AXIS_Y));
  plot->axis[axis].scale = scale;
}

void
shl_plot_set_axis_range (ShlPlot *plot, ShlAxisId axis, double lo, double hi)
{
  g_return_if_fail (plot != NULL && (axis == SHL_AXIS_X || axis == SHL_AXIS_Y));
  plot->axis[axis].lo = lo;
  plot->axis[axis].hi = hi;
}

void
shl_plot_set_axis_padding (ShlPlot *plot, ShlAxisId axis, double fraction)
{
  g_return_if_fail (plot != NULL && (axis == SHL_AXIS_X || axis == SHL_AXIS_Y));
  plot->axis[axis].padding = MAX (0.0, fraction);
}

void
shl_plot_set_grid (ShlPlot *plot, gboolean grid)
{
  g_return_if_fail (plot != NULL);
  plot->grid = grid ? 1 : 0;
}

void
shl_plot_set_equal_aspect (ShlPlot *plot, gboolean equal)
{
  g_return_if_fail (plot != NULL);
  plot->equal_aspect = equal;
}

void
shl_plot_set_legend (ShlPlot *plot, ShlLegendPos position)
{
  g_return_if_fail (plot != NULL);
  plot->legend = position;
}

static ShlItem *
item_new (ShlPlot *plot, ShlItemKind kind, const ShlSeriesStyle *style)
{
  ShlItem *item = g_new0 (ShlItem, 1);
  item->kind = kind;
  if (style)
    item->style = *style;
  else
    item->style = shl_series_style ((int) plot->items->len);
  item->label = (item->style.label && *item->style.label)
                    ? g_strdup (item->style.label) : NULL;
  item->style.label = item->label;
  g_ptr_array_add (plot->items, item);
  return item;
}

static double *
dup_doubles (const double *v, gsize n)
{
  return n ? g_memdup2 (v, n * sizeof (double)) : NULL;
}

void
shl_plot_add_line (ShlPlot *plot, const double *x, const double *y, int n,
                   const ShlSeriesStyle *style)
{
  g_return_if_fail (plot != NULL && n >= 0);
  g_return_if_fail (n == 0 || (x != NULL && y != NULL));
  ShlItem *item = item_new (plot, SHL_ITEM_LINE, style);
  item->n = n;
  item->x = dup_doubles (x, n);
  item->y = dup_doubles (y, n);
}

void
shl_plot_add_scatter (ShlPlot *plot, const double *x, const double *y,
                      const ShlColor *colors, int n,
                      const ShlSeriesStyle *style)
{
  g_return_if_fail (plot != NULL && n >= 0);
  g_return_if_fail (n == 0 || (x != NULL && y != NULL));
  ShlItem *item = item_new (plot, SHL_ITEM_SCATTER, style);
  if (item->style.marker == SHL_MARKER_NONE)
    item->style.marker = SHL_MARKER_CIRCLE;
  item->n = n;
  item->x = dup_doubles (x, n);
  item->y = dup_doubles (y, n);
  if (colors && n > 0)
    item->colors = g_memdup2 (colors, (gsize) n * sizeof (ShlColor));
}

void
shl_plot_add_steps (ShlPlot *plot, const double *breaks, const double *values,
                    int n, const ShlSeriesStyle *style)
{
  g_return_if_fail (plot != NULL && n >= 0);
  g_return_if_fail (n == 0 || (breaks != NULL && values != NULL));
  ShlItem *item = item_new (plot, SHL_ITEM_STEPS, style);
  item->n = n;
  item->x = n ? dup_doubles (breaks, (gsize) n + 1) : NULL;
  item->y = dup_doubles (values, n);
}

void
shl_plot_add_rug (ShlPlot *plot, const double *x, int n,
                  const ShlSeriesStyle *style)
{
  g_return_if_fail (plot != NULL && n >= 0 && (n == 0 || x != NULL));
  ShlItem *item = item_new (plot, SHL_ITEM_RUG, style);
  item->n = n;
  item->x = dup_doubles (x, n);
}

void
shl_plot_add_hline (ShlPlot *plot, double y, const ShlSeriesStyle *style)
{
  g_return_if_fail (plot != NULL);
  ShlItem *item = item_new (plot, SHL_ITEM_HLINE, style);
  item->n = 1;
  item->y = dup_doubles (&y, 1);
}

void
shl_plot_add_vline (ShlPlot *plot, double x, const ShlSeriesStyle *style)
{
  g_return_if_fail (plot != NULL);
  ShlItem *item = item_new (plot, SHL_ITEM_VLINE, style);
  item->n = 1;
  item->x = dup_doubles (&x, 1);
}

void
shl_plot_add_segments (ShlPlot *plot, const double *seg, int n,
                       const ShlSeriesStyle *style)
{
  g_return_if_fail (plot != NULL && n >= 0 && (n == 0 || seg != NULL));
  ShlItem *item = item_new (plot, SHL_ITEM_SEGMENTS, style);
  item->n = n;
  item->x = dup_doubles (seg, 4 * (gsize) n);
}

void
shl_plot_add_heatmap (ShlPlot *plot, const double *z, int nx, int ny,
                      double x0, double x1, double y0, double y1,
                      const ShlHeatmapStyle *style)
{
  g_return_if_fail (plot != NULL && z != NULL && nx >= 1 && ny >= 1);
  g_return_if_fail (x0 < x1 && y0 < y1);
  ShlItem *item = item_new (plot, SHL_ITEM_HEATMAP, NULL);
  g_clear_pointer (&item->label, g_free);
  item->style.label = NULL;
  item->hstyle = style ? *style : shl_heatmap_style (SHL_COLORMAP_VIRIDIS);
  item->cb_label = item->hstyle.colorbar_label
                       ? g_strdup (item->hstyle.colorbar_label) : NULL;
  item->hstyle.colorbar_label = item->cb_label;
  item->x0 = x0, item->x1 = x1, item->y0 = y0, item->y1 = y1;
  item->image = shl_heatmap_image (z, nx, ny, &item->hstyle);
}

void
shl_plot_add_contours (ShlPlot *plot, const double *z, int nx, int ny,
                       double x0, double x1, double y0, double y1,
                       const double *levels, int n_levels,
                       const ShlSeriesStyle *style)
{
  g_return_if_fail (plot != NULL && z != NULL && nx >= 2 && ny >= 2);
  g_return_if_fail (x0 < x1 && y0 < y1 && n_levels >= 0);
  ShlItem *item = item_new (plot, SHL_ITEM_CONTOURS, style);
  item->x0 = x0, item->x1 = x1, item->y0 = y0, item->y1 = y1;

  ShlTicks auto_levels;
  if (!levels)
    {
      double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
      for (gsize k = 0; k < (gsize) nx * ny; k++)
        if (isfinite (z[k]))
          lo = MIN (lo, z[k]), hi = MAX (hi, z[k]);
      if (!(lo < hi))
        return;
      shl_ticks_linear (&auto_levels, lo, hi, MAX (n_levels, 1) + 2);
      /* strictly inside: a level at the extreme is a point, not a line */
      int k = 0;
      for (int i = 0; i < auto_levels.n; i++)
        if (auto_levels.v[i] > lo && auto_levels.v[i] < hi)
          auto_levels.v[k++] = auto_levels.v[i];
      levels = auto_levels.v;
      n_levels = k;
    }

  /* nodes at the cell centres */
  double dx = (x1 - x0) / nx, dy = (y1 - y0) / ny;
  GArray *all = g_array_new (FALSE, FALSE, sizeof (ShlContourLine));
  for (int l = 0; l < n_levels; l++)
    {
      ShlContourLine *lines = NULL;
      int n = shl_contour_trace (&lines, z, nx, ny, x0 + 0.5 * dx,
                                 x1 - 0.5 * dx, y0 + 0.5 * dy, y1 - 0.5 * dy,
                                 levels[l]);
      if (n > 0)
        g_array_append_vals (all, lines, n);
      g_free (lines); /* the polylines moved into all */
    }
  item->n_lines = (int) all->len;
  item->lines = (ShlContourLine *) (void *) g_array_free (all, FALSE);
}

void
shl_plot_add_text (ShlPlot *plot, double x, double y, ShlCoords coords,
                   ShlAnchor anchor, const char *markup)
{
  g_return_if_fail (plot != NULL && markup != NULL);
  ShlItem *item = item_new (plot, SHL_ITEM_TEXT, NULL);
  g_free (item->label);
  item->label = g_strdup (markup);
  item->style.label = NULL;
  item->n = 1;
  item->x = dup_doubles (&x, 1);
  item->y = dup_doubles (&y, 1);
  item->coords = coords;
  item->anchor = anchor;
}

void
shl_plot_add_legend_entry (ShlPlot *plot, const ShlSeriesStyle *style)
{
  g_return_if_fail (plot != NULL && style != NULL);
  item_new (plot, SHL_ITEM_LEGEND_ONLY, style);
}

/* ---- style, snapping, coordinates ------------------------------------ */

void
shl_plot_style_scaled (ShlPlotStyle *out, const ShlPlotStyle *style)
{
  *out = *style;
  double s = style->scale > 0.0 ? style->scale : 1.0;
  out->title_size *= s;
  out->label_size *= s;
  out->tick_size *= s;
  out->text_size *= s;
  out->line_width *= s;
  out->axis_width *= s;
  out->grid_width *= s;
  out->tick_length *= s;
  out->marker_size *= s;
  out->pad *= s;
  out->scale = 1.0;
}

gboolean
shl_plot_snap_enabled (cairo_t *cr, const ShlPlotStyle *style)
{
  if (!cr || !style->pixel_snap)
    return FALSE;
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
    case CAIRO_SURFACE_TYPE_SCRIPT:
      return FALSE;
    default:
      break;
    }
  cairo_matrix_t m;
  cairo_get_matrix (cr, &m);
  return m.xy == 0.0 && m.yx == 0.0;
}

/* Position of an axis-parallel line of user width w at coordinate v so
 * that it covers whole device pixels. horizontal: v is a y. */
double
shl_frame_snap (const ShlFrame *f, double v, double w, gboolean horizontal)
{
  if (!f->snap)
    return v;
  double dx = w, dy = w;
  cairo_user_to_device_distance (f->cr, &dx, &dy);
  double dw = fabs (horizontal ? dy : dx);
  int n = MAX (1, (int) lround (dw));
  double px = horizontal ? 0.0 : v, py = horizontal ? v : 0.0;
  cairo_user_to_device (f->cr, &px, &py);
  double *d = horizontal ? &py : &px;
  *d = (n % 2) ? floor (*d) + 0.5 : round (*d);
  cairo_device_to_user (f->cr, &px, &py);
  return horizontal ? py : px;
}

/* A user width that is a whole number of device pixels (>= 1). */
static double
snap_width (const ShlFrame *f, double w)
{
  if (!f->snap)
    return w;
  double dx = w, dy = 0.0;
  cairo_user_to_device_distance (f->cr, &dx, &dy);
  double dw = fabs (dx);
  if (dw <= 0.0)
    return w;
  double n = MAX (1.0, round (dw));
  return w * n / dw;
}

static void
snap_rect (const ShlFrame *f, ShlRect *r)
{
  if (!f->snap)
    return;
  double x0 = r->x, y0 = r->y, x1 = r->x + r->width, y1 = r->y + r->height;
  cairo_user_to_device (f->cr, &x0, &y0);
  cairo_user_to_device (f->cr, &x1, &y1);
  x0 = round (x0), y0 = round (y0), x1 = round (x1), y1 = round (y1);
  cairo_device_to_user (f->cr, &x0, &y0);
  cairo_device_to_user (f->cr, &x1, &y1);
  r->x = MIN (x0, x1);
  r->y = MIN (y0, y1);
  r->width = fabs (x1 - x0);
  r->height = fabs (y1 - y0);
}

static double
tf (ShlScale s, double v)
{
  return s == SHL_SCALE_LOG10 ? log10 (v) : v;
}

static double
tf_inv (ShlScale s, double t)
{
  return s == SHL_SCALE_LOG10 ? pow (10.0, t) : t;
}

double
shl_frame_ux (const ShlFrame *f, double x)
{
  const ShlPlotLayout *l = &f->lay;
  double a = tf (l->x_scale, l->x_min), b = tf (l->x_scale, l->x_max);
  return l->plot.x + (tf (l->x_scale, x) - a) / (b - a) * l->plot.width;
}

double
shl_frame_uy (const ShlFrame *f, double y)
{
  const ShlPlotLayout *l = &f->lay;
  double a = tf (l->y_scale, l->y_min), b = tf (l->y_scale, l->y_max);
  return l->plot.y + l->plot.height
         - (tf (l->y_scale, y) - a) / (b - a) * l->plot.height;
}

void
shl_plot_layout_to_user (const ShlPlotLayout *layout, double x, double y,
                         double *ux, double *uy)
{
  g_return_if_fail (layout != NULL);
  ShlFrame f;
  f.lay = *layout;
  if (ux)
    *ux = shl_frame_ux (&f, x);
  if (uy)
    *uy = shl_frame_uy (&f, y);
}

gboolean
shl_plot_layout_to_data (const ShlPlotLayout *layout, double ux, double uy,
                         double *x, double *y)
{
  g_return_val_if_fail (layout != NULL, FALSE);
  const ShlPlotLayout *l = layout;
  if (l->plot.width <= 0.0 || l->plot.height <= 0.0)
    return FALSE;
  double fx = (ux - l->plot.x) / l->plot.width;
  double fy = (l->plot.y + l->plot.height - uy) / l->plot.height;
  double ax = tf (l->x_scale, l->x_min), bx = tf (l->x_scale, l->x_max);
  double ay = tf (l->y_scale, l->y_min), by = tf (l->y_scale, l->y_max);
  if (x)
    *x = tf_inv (l->x_scale, ax + fx * (bx - ax));
  if (y)
    *y = tf_inv (l->y_scale, ay + fy * (by - ay));
  return fx >= 0.0 && fx <= 1.0 && fy >= 0.0 && fy <= 1.0;
}

/* ---- ranges ---------------------------------------------------------- */

static void
resolve_range (ShlPlot *plot, ShlAxisId axis, double *out_lo,
               double *out_hi)
{
  const ShlAxisSpec *spec = &plot->axis[axis];
  ShlScale s = spec->scale;
  gboolean log = s == SHL_SCALE_LOG10;
  double plo = G_MAXDOUBLE, phi = -G_MAXDOUBLE; /* padded data */
  double elo = G_MAXDOUBLE, ehi = -G_MAXDOUBLE; /* exact extents */

  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *item = g_ptr_array_index (plot->items, i);
      double lo, hi;
      gboolean exact = FALSE;
      if (!shl_item_extent (item, axis, s, &lo, &hi, &exact))
        continue;
      if (exact)
        elo = MIN (elo, lo), ehi = MAX (ehi, hi);
      else
        plo = MIN (plo, lo), phi = MAX (phi, hi);
    }

  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  gboolean have_exact = elo <= ehi;
  if (plo <= phi)
    {
      double a = tf (s, plo), b = tf (s, phi);
      double span = b - a;
      double pad = span > 0.0 ? spec->padding * span
                   : log      ? 0.5
                   : (a != 0.0 ? 0.1 * fabs (a) : 1.0);
      /* only data sticking out of a heat map's rectangle is padded */
      double tol = have_exact ? 1e-9 * (ehi - elo) : 0.0;
      lo = have_exact && plo >= elo - tol ? elo : tf_inv (s, a - pad);
      hi = have_exact && phi <= ehi + tol ? ehi : tf_inv (s, b + pad);
    }
  if (have_exact)
    lo = MIN (lo, elo), hi = MAX (hi, ehi);
  if (!(lo <= hi))
    {
      lo = log ? 1.0 : 0.0;
      hi = log ? 10.0 : 1.0;
    }
  if (isfinite (spec->lo) && (!log || spec->lo > 0.0))
    lo = spec->lo;
  if (isfinite (spec->hi) && (!log || spec->hi > 0.0))
    hi = spec->hi;
  if (!(lo < hi))
    {
      if (isfinite (spec->lo) && !isfinite (spec->hi))
        hi = log ? lo * 10.0 : lo + 1.0;
      else if (log)
        {
          double c = MAX (lo, hi);
          lo = c / 3.0, hi = c * 3.0;
        }
      else
        {
          double c = lo, d = c != 0.0 ? 0.1 * fabs (c) : 1.0;
          lo = c - d, hi = c + d;
        }
    }
  *out_lo = lo;
  *out_hi = hi;
}

/* ---- tick labels ----------------------------------------------------- */

typedef struct {
  int n;
  PangoLayout *layout[SHL_TICKS_MAX];
  double w[SHL_TICKS_MAX], h[SHL_TICKS_MAX], base[SHL_TICKS_MAX];
  double wmax, hmax, basemax;
} TickLabels;

static void
tick_labels_clear (TickLabels *tl)
{
  for (int i = 0; i < tl->n; i++)
    g_clear_object (&tl->layout[i]);
  tl->n = 0;
}

static void
tick_labels_measure (ShlFrame *f, const ShlTicks *t, TickLabels *tl)
{
  tick_labels_clear (tl);
  tl->wmax = tl->hmax = tl->basemax = 0.0;
  for (int i = 0; i < t->n; i++)
    {
      char buf[96];
      shl_ticks_label (t, i, buf, sizeof buf);
      tl->layout[i] = shl_text_layout (f->text, SHL_FONT_TICK, buf);
      shl_text_extents (tl->layout[i], &tl->w[i], &tl->h[i], &tl->base[i]);
      tl->wmax = MAX (tl->wmax, tl->w[i]);
      tl->hmax = MAX (tl->hmax, tl->h[i]);
      tl->basemax = MAX (tl->basemax, tl->base[i]);
      tl->n = i + 1;
    }
}

/* Position of v along an axis of length len from lo (user units). */
static double
axis_pos (ShlScale s, double lo, double hi, double len, double v)
{
  double a = tf (s, lo), b = tf (s, hi);
  return (tf (s, v) - a) / (b - a) * len;
}

/* Nice ticks whose labels do not overlap along an axis of length len. */
static void
choose_ticks (ShlFrame *f, ShlTicks *t, TickLabels *tl, ShlScale s,
              double lo, double hi, double len, gboolean horizontal)
{
  double em = f->st.tick_size;
  int target = horizontal ? (int) lround (len / (5.0 * em)) + 1
                          : (int) lround (len / (4.0 * em)) + 1;
  target = CLAMP (target, 2, 8);
  for (;;)
    {
      shl_ticks_compute (t, s, lo, hi, target);
      tick_labels_measure (f, t, tl);
      gboolean ok = TRUE;
      for (int i = 0; i + 1 < t->n && ok; i++)
        {
          double d = axis_pos (s, lo, hi, len, t->v[i + 1])
                     - axis_pos (s, lo, hi, len, t->v[i]);
          double need = horizontal ? 0.5 * (tl->w[i] + tl->w[i + 1]) + 0.6 * em
                                   : 0.5 * (tl->h[i] + tl->h[i + 1]) + 0.1 * em;
          if (d < need)
            ok = FALSE;
        }
      if (ok || target <= 2)
        break;
      target--;
    }
}

/* ---- layout ---------------------------------------------------------- */

static void
label_size (ShlFrame *f, ShlFont font, const char *markup, double *w,
            double *h)
{
  *w = *h = 0.0;
  if (!markup)
    return;
  PangoLayout *l = shl_text_layout (f->text, font, markup);
  shl_text_extents (l, w, h, NULL);
  g_object_unref (l);
}

static void
multiplier_size (ShlFrame *f, const ShlTicks *t, double *w, double *h)
{
  char buf[64];
  *w = *h = 0.0;
  if (shl_ticks_multiplier (t, buf, sizeof buf))
    label_size (f, SHL_FONT_TICK, buf, w, h);
}

/* Shows the common factor of ticks t with its box's (ax, ay) fraction at
 * (x, y). */
static void
draw_multiplier (ShlFrame *f, const ShlTicks *t, double x, double y,
                 double ax, double ay)
{
  char buf[64];
  if (!shl_ticks_multiplier (t, buf, sizeof buf))
    return;
  PangoLayout *l = shl_text_layout (f->text, SHL_FONT_TICK, buf);
  double w, h;
  shl_text_extents (l, &w, &h, NULL);
  shl_text_show (f->cr, l, x - ax * w, y - ay * h);
  g_object_unref (l);
}

static const ShlItem *
colorbar_item (ShlPlot *plot)
{
  const ShlItem *found = NULL;
  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *item = g_ptr_array_index (plot->items, i);
      if (item->kind == SHL_ITEM_HEATMAP && item->hstyle.colorbar)
        found = item;
    }
  return found;
}

/* Colour-bar geometry relative to the plot area. */
static double
colorbar_gap (const ShlFrame *f)
{
  return 1.2 * f->st.tick_size;
}

static double
colorbar_width (const ShlFrame *f)
{
  return 1.1 * f->st.tick_size;
}

static double
label_gap (const ShlFrame *f)
{
  return 0.6 * f->st.pad;
}

static double
tick_out (const ShlFrame *f)
{
  return f->st.ticks_inside ? 0.0 : f->st.tick_length;
}

void
shl_plot_frame_layout (ShlPlot *plot, ShlFrame *f, const ShlRect *area,
                       const ShlMargins *min_margins)
{
  ShlPlotLayout *lay = &f->lay;
  memset (lay, 0, sizeof *lay);
  lay->area = *area;
  lay->x_scale = plot->axis[SHL_AXIS_X].scale;
  lay->y_scale = plot->axis[SHL_AXIS_Y].scale;
  resolve_range (plot, SHL_AXIS_X, &lay->x_min, &lay->x_max);
  resolve_range (plot, SHL_AXIS_Y, &lay->y_min, &lay->y_max);
  f->grid = plot->grid < 0 ? f->st.grid_lines : plot->grid;
  f->cbar = colorbar_item (plot);
  if (f->cbar)
    {
      lay->c_min = f->cbar->hstyle.vmin;
      lay->c_max = f->cbar->hstyle.vmax;
      lay->c_scale = f->cbar->hstyle.scale;
    }

  const ShlPlotStyle *st = &f->st;
  double pad = st->pad, gap = label_gap (f), tout = tick_out (f);
  double title_w, title_h, xl_w, xl_h, yl_w, yl_h, cl_w = 0, cl_h = 0;
  label_size (f, SHL_FONT_TITLE, plot->title, &title_w, &title_h);
  label_size (f, SHL_FONT_LABEL, plot->axis[SHL_AXIS_X].label, &xl_w, &xl_h);
  label_size (f, SHL_FONT_LABEL, plot->axis[SHL_AXIS_Y].label, &yl_w, &yl_h);
  if (f->cbar)
    label_size (f, SHL_FONT_LABEL, f->cbar->hstyle.colorbar_label, &cl_w,
                &cl_h);

  ShlMargins m = { pad, pad, pad, pad };
  TickLabels xl = { 0 }, yl = { 0 }, cl = { 0 };
  for (int iter = 0; iter < 4; iter++)
    {
      ShlMargins use = m;
      if (min_margins)
        {
          use.left = MAX (use.left, min_margins->left);
          use.right = MAX (use.right, min_margins->right);
          use.top = MAX (use.top, min_margins->top);
          use.bottom = MAX (use.bottom, min_margins->bottom);
        }
      ShlRect p = {
        area->x + use.left, area->y + use.top,
        MAX (1.0, area->width - use.left - use.right),
        MAX (1.0, area->height - use.top - use.bottom),
      };
      if (plot->equal_aspect && lay->x_scale == SHL_SCALE_LINEAR
          && lay->y_scale == SHL_SCALE_LINEAR)
        {
          double ux = (lay->x_max - lay->x_min) / p.width;
          double uy = (lay->y_max - lay->y_min) / p.height;
          if (ux > uy)
            {
              double h = (lay->y_max - lay->y_min) / ux;
              p.y += 0.5 * (p.height - h);
              p.height = h;
            }
          else
            {
              double w = (lay->x_max - lay->x_min) / uy;
              /* keep the colour bar next to the plot: centre the pair */
              p.x += 0.5 * (p.width - w);
              p.width = w;
            }
        }
      snap_rect (f, &p);
      lay->plot = p;
      f->margins = use;

      choose_ticks (f, &f->xt, &xl, lay->x_scale, lay->x_min, lay->x_max,
                    p.width, TRUE);
      choose_ticks (f, &f->yt, &yl, lay->y_scale, lay->y_min, lay->y_max,
                    p.height, FALSE);
      if (f->cbar)
        choose_ticks (f, &f->ct, &cl, lay->c_scale, lay->c_min, lay->c_max,
                      p.height, FALSE);

      /* common factors of the tick labels ("×10⁶") */
      double xm_w, xm_h, ym_w, ym_h, cm_w = 0, cm_h = 0;
      multiplier_size (f, &f->xt, &xm_w, &xm_h);
      multiplier_size (f, &f->yt, &ym_w, &ym_h);
      if (f->cbar)
        multiplier_size (f, &f->ct, &cm_w, &cm_h);

      /* What the text needs, measured from the area's edges. */
      ShlMargins need;
      need.bottom = pad + tout + gap + xl.hmax
                    + (MAX (xl_h, xm_h) > 0 ? gap + MAX (xl_h, xm_h) : 0);
      need.left = pad + (yl_h > 0 ? yl_h + gap : 0) + yl.wmax + gap + tout;
      need.top = pad + (title_h > 0 ? title_h + pad : 0);
      need.top = MAX (need.top, pad + MAX (ym_h, cm_h) + 0.3 * pad);
      need.right = pad;
      if (xm_w > 0)
        need.right = MAX (need.right, pad + 0.5 * xm_w - 0.5 * xl_w);
      /* overhangs of the outermost tick labels */
      for (int i = 0; i < xl.n; i++)
        {
          double x = axis_pos (lay->x_scale, lay->x_min, lay->x_max, p.width,
                               f->xt.v[i]);
          need.left = MAX (need.left, pad + 0.5 * xl.w[i] - x);
          need.right = MAX (need.right, pad + 0.5 * xl.w[i] - (p.width - x));
        }
      double dtop = -f->text->digit_top[SHL_FONT_TICK];
      for (int i = 0; i < yl.n; i++)
        {
          double y = axis_pos (lay->y_scale, lay->y_min, lay->y_max,
                               p.height, f->yt.v[i]);
          /* label top sits at tick - dtop/2 - base + ... ~ h/2 above */
          double above = yl.base[i] - 0.5 * dtop;
          double below = yl.h[i] - above;
          need.top = MAX (need.top, 0.5 * pad + above - (p.height - y));
          need.bottom = MAX (need.bottom, 0.5 * pad + below - y);
        }
      if (f->cbar)
        {
          need.right = pad + colorbar_gap (f) + colorbar_width (f) + tout
                       + gap + cl.wmax + (cl_h > 0 ? gap + cl_h : 0);
          for (int i = 0; i < cl.n; i++)
            {
              double y = axis_pos (lay->c_scale, lay->c_min, lay->c_max,
                                   p.height, f->ct.v[i]);
              double above = cl.base[i] - 0.5 * dtop;
              double below = cl.h[i] - above;
              need.top = MAX (need.top, 0.5 * pad + above - (p.height - y));
              need.bottom = MAX (need.bottom, 0.5 * pad + below - y);
            }
        }
      /* With equal aspect the plot may sit inside its margins; only the
       * text outside the plot area has to fit. */
      double sl = p.x - area->x, sr = area->x + area->width - p.x - p.width;
      double stp = p.y - area->y, sb = area->y + area->height - p.y - p.height;
      gboolean fits = need.left <= sl + 0.01 && need.right <= sr + 0.01
                      && need.top <= stp + 0.01 && need.bottom <= sb + 0.01;
      if (fits && iter > 0)
        break;
      m = need;
    }
  if (f->cbar)
    lay->colorbar = (ShlRect) {
      lay->plot.x + lay->plot.width + colorbar_gap (f), lay->plot.y,
      colorbar_width (f), lay->plot.height,
    };
  tick_labels_clear (&xl);
  tick_labels_clear (&yl);
  tick_labels_clear (&cl);
}

/* ---- drawing --------------------------------------------------------- */

static void
draw_grid (ShlFrame *f)
{
  cairo_t *cr = f->cr;
  const ShlRect *p = &f->lay.plot;
  double w = snap_width (f, f->st.grid_width);
  cairo_save (cr);
  cairo_set_line_width (cr, w);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  shl_color_set_source (f->st.grid, cr);
  for (int i = 0; i < f->xt.n; i++)
    {
      double x = shl_frame_snap (f, shl_frame_ux (f, f->xt.v[i]), w, FALSE);
      if (x <= p->x + 0.5 || x >= p->x + p->width - 0.5)
        continue;
      cairo_move_to (cr, x, p->y);
      cairo_line_to (cr, x, p->y + p->height);
    }
  for (int i = 0; i < f->yt.n; i++)
    {
      double y = shl_frame_snap (f, shl_frame_uy (f, f->yt.v[i]), w, TRUE);
      if (y <= p->y + 0.5 || y >= p->y + p->height - 0.5)
        continue;
      cairo_move_to (cr, p->x, y);
      cairo_line_to (cr, p->x + p->width, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Tick marks along one edge. ticks/minor at user positions pos; edge is
 * the coordinate of the edge, dir +1/-1 the outward direction. */
static void
stroke_ticks (ShlFrame *f, const double *pos, int n, double edge, double len,
              int dir, gboolean horizontal_axis, double w)
{
  cairo_t *cr = f->cr;
  double d = f->st.ticks_inside ? -dir * len : dir * len;
  for (int i = 0; i < n; i++)
    {
      if (horizontal_axis)
        {
          double x = shl_frame_snap (f, pos[i], w, FALSE);
          cairo_move_to (cr, x, edge);
          cairo_line_to (cr, x, edge + d);
        }
      else
        {
          double y = shl_frame_snap (f, pos[i], w, TRUE);
          cairo_move_to (cr, edge, y);
          cairo_line_to (cr, edge + d, y);
        }
    }
  cairo_stroke (cr);
}

static int
tick_positions (const ShlFrame *f, const double *v, int n, gboolean xaxis,
                gboolean cbar, double *pos)
{
  const ShlPlotLayout *l = &f->lay;
  const ShlRect *p = &l->plot;
  int k = 0;
  for (int i = 0; i < n; i++)
    {
      double u;
      if (cbar)
        u = p->y + p->height
            - axis_pos (l->c_scale, l->c_min, l->c_max, p->height, v[i]);
      else
        u = xaxis ? shl_frame_ux (f, v[i]) : shl_frame_uy (f, v[i]);
      double lo = xaxis ? p->x : p->y;
      double hi = xaxis ? p->x + p->width : p->y + p->height;
      if (u < lo - 0.01 || u > hi + 0.01)
        continue;
      pos[k++] = u;
    }
  return k;
}

/* Vertical tick labels (y axis, colour bar) centred on the digits. */
static void
draw_vertical_labels (ShlFrame *f, const ShlTicks *t, gboolean cbar,
                      double x, gboolean right_align)
{
  TickLabels tl = { 0 };
  tick_labels_measure (f, t, &tl);
  double dtop = -f->text->digit_top[SHL_FONT_TICK];
  const ShlPlotLayout *l = &f->lay;
  for (int i = 0; i < t->n; i++)
    {
      double y = cbar ? l->plot.y + l->plot.height
                            - axis_pos (l->c_scale, l->c_min, l->c_max,
                                        l->plot.height, t->v[i])
                      : shl_frame_uy (f, t->v[i]);
      double baseline = y + 0.5 * dtop;
      shl_text_show (f->cr, tl.layout[i], right_align ? x - tl.w[i] : x,
                     baseline - tl.base[i]);
    }
  tick_labels_clear (&tl);
}

static void
draw_axes (ShlPlot *plot, ShlFrame *f)
{
  cairo_t *cr = f->cr;
  const ShlPlotStyle *st = &f->st;
  const ShlRect *p = &f->lay.plot;
  double w = snap_width (f, st->axis_width);
  double gap = label_gap (f), tout = tick_out (f);
  double pos[SHL_TICKS_MINOR_MAX];

  cairo_save (cr);
  shl_color_set_source (st->foreground, cr);
  cairo_set_line_width (cr, w);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);

  /* frame */
  double x0 = shl_frame_snap (f, p->x, w, FALSE);
  double x1 = shl_frame_snap (f, p->x + p->width, w, FALSE);
  double y0 = shl_frame_snap (f, p->y, w, TRUE);
  double y1 = shl_frame_snap (f, p->y + p->height, w, TRUE);
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_stroke (cr);

  /* ticks: outward from the frame line's outer edge */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  int n = tick_positions (f, f->xt.v, f->xt.n, TRUE, FALSE, pos);
  stroke_ticks (f, pos, n, y1, st->tick_length, +1, TRUE, w);
  n = tick_positions (f, f->xt.minor, f->xt.n_minor, TRUE, FALSE, pos);
  stroke_ticks (f, pos, n, y1, 0.55 * st->tick_length, +1, TRUE, w);
  n = tick_positions (f, f->yt.v, f->yt.n, FALSE, FALSE, pos);
  stroke_ticks (f, pos, n, x0, st->tick_length, -1, FALSE, w);
  n = tick_positions (f, f->yt.minor, f->yt.n_minor, FALSE, FALSE, pos);
  stroke_ticks (f, pos, n, x0, 0.55 * st->tick_length, -1, FALSE, w);

  /* x tick labels, baselines aligned */
  TickLabels tl = { 0 };
  tick_labels_measure (f, &f->xt, &tl);
  double top = p->y + p->height + tout + gap;
  for (int i = 0; i < f->xt.n; i++)
    {
      double x = shl_frame_ux (f, f->xt.v[i]);
      shl_text_show (cr, tl.layout[i], x - 0.5 * tl.w[i],
                     top + tl.basemax - tl.base[i]);
    }
  double xl_top = top + tl.hmax + gap;
  tick_labels_clear (&tl);

  draw_multiplier (f, &f->xt, p->x + p->width, xl_top, 1.0, 0.0);
  draw_multiplier (f, &f->yt, p->x, p->y - 0.3 * st->pad, 0.0, 1.0);

  /* y tick labels */
  draw_vertical_labels (f, &f->yt, FALSE, p->x - tout - gap, TRUE);
  tick_labels_measure (f, &f->yt, &tl);
  double yl_right = p->x - tout - gap - tl.wmax - gap;
  tick_labels_clear (&tl);

  /* axis labels and title */
  if (plot->axis[SHL_AXIS_X].label)
    {
      PangoLayout *l = shl_text_layout (f->text, SHL_FONT_LABEL,
                                        plot->axis[SHL_AXIS_X].label);
      double lw;
      shl_text_extents (l, &lw, NULL, NULL);
      shl_text_show (cr, l, p->x + 0.5 * (p->width - lw), xl_top);
      g_object_unref (l);
    }
  if (plot->axis[SHL_AXIS_Y].label)
    {
      PangoLayout *l = shl_text_layout (f->text, SHL_FONT_LABEL,
                                        plot->axis[SHL_AXIS_Y].label);
      double lw, lh;
      shl_text_extents (l, &lw, &lh, NULL);
      cairo_save (cr);
      cairo_translate (cr, MAX (f->lay.area.x + st->pad, yl_right - lh),
                       p->y + 0.5 * (p->height + lw));
      cairo_rotate (cr, -G_PI / 2.0);
      shl_text_show (cr, l, 0.0, 0.0);
      cairo_restore (cr);
      g_object_unref (l);
    }
  if (plot->title)
    {
      PangoLayout *l = shl_text_layout (f->text, SHL_FONT_TITLE, plot->title);
      double lw, lh;
      shl_text_extents (l, &lw, &lh, NULL);
      double x = p->x + 0.5 * (p->width - lw);
      x = CLAMP (x, f->lay.area.x + st->pad,
                 MAX (f->lay.area.x + st->pad,
                      f->lay.area.x + f->lay.area.width - st->pad - lw));
      double y = MAX (f->lay.area.y + st->pad, p->y - st->pad - lh);
      shl_text_show (cr, l, x, y);
      g_object_unref (l);
    }
  cairo_restore (cr);
}

/* Colour-bar ticks and labels (the bar itself is in shl-heatmap.c). */
static void
draw_colorbar_axis (ShlFrame *f)
{
  cairo_t *cr = f->cr;
  const ShlPlotStyle *st = &f->st;
  const ShlRect *b = &f->lay.colorbar;
  double w = snap_width (f, st->axis_width);
  double pos[SHL_TICKS_MINOR_MAX];
  double gap = label_gap (f), tout = tick_out (f);

  cairo_save (cr);
  shl_color_set_source (st->foreground, cr);
  cairo_set_line_width (cr, w);
  double x0 = shl_frame_snap (f, b->x, w, FALSE);
  double x1 = shl_frame_snap (f, b->x + b->width, w, FALSE);
  double y0 = shl_frame_snap (f, b->y, w, TRUE);
  double y1 = shl_frame_snap (f, b->y + b->height, w, TRUE);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_stroke (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  int n = tick_positions (f, f->ct.v, f->ct.n, FALSE, TRUE, pos);
  stroke_ticks (f, pos, n, x1, st->tick_length, +1, FALSE, w);
  n = tick_positions (f, f->ct.minor, f->ct.n_minor, FALSE, TRUE, pos);
  stroke_ticks (f, pos, n, x1, 0.55 * st->tick_length, +1, FALSE, w);
  draw_vertical_labels (f, &f->ct, TRUE, b->x + b->width + tout + gap, FALSE);
  draw_multiplier (f, &f->ct, b->x, b->y - 0.3 * st->pad, 0.0, 1.0);

  TickLabels tl = { 0 };
  tick_labels_measure (f, &f->ct, &tl);
  double lx = b->x + b->width + tout + gap + tl.wmax + gap;
  tick_labels_clear (&tl);
  if (f->cbar->hstyle.colorbar_label)
    {
      PangoLayout *l = shl_text_layout (f->text, SHL_FONT_LABEL,
                                        f->cbar->hstyle.colorbar_label);
      double lw, lh;
      shl_text_extents (l, &lw, &lh, NULL);
      cairo_save (cr);
      /* reads bottom to top, like the y label */
      cairo_translate (cr, lx, b->y + 0.5 * (b->height + lw));
      cairo_rotate (cr, -G_PI / 2.0);
      shl_text_show (cr, l, 0.0, 0.0);
      cairo_restore (cr);
      g_object_unref (l);
    }
  cairo_restore (cr);
}

static void
draw_texts (ShlPlot *plot, ShlFrame *f)
{
  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *item = g_ptr_array_index (plot->items, i);
      if (item->kind != SHL_ITEM_TEXT)
        continue;
      const ShlRect *p = &f->lay.plot;
      double x, y;
      if (item->coords == SHL_COORDS_AXES)
        {
          x = p->x + item->x[0] * p->width;
          y = p->y + (1.0 - item->y[0]) * p->height;
        }
      else
        {
          x = shl_frame_ux (f, item->x[0]);
          y = shl_frame_uy (f, item->y[0]);
        }
      if (!isfinite (x) || !isfinite (y))
        continue;
      PangoLayout *l = shl_text_layout (f->text, SHL_FONT_TEXT, item->label);
      double w, h;
      shl_text_extents (l, &w, &h, NULL);
      /* anchor fractions of the box */
      static const double ax[] = { 0.5, 0.5, 1, 1, 1, 0.5, 0, 0, 0 };
      static const double ay[] = { 0.5, 0, 0, 0.5, 1, 1, 1, 0.5, 0 };
      int a = CLAMP ((int) item->anchor, 0, 8);
      cairo_save (f->cr);
      shl_color_set_source (f->st.foreground, f->cr);
      shl_text_show (f->cr, l, x - ax[a] * w, y - ay[a] * h);
      cairo_restore (f->cr);
      g_object_unref (l);
    }
}

void
shl_plot_frame_draw (ShlPlot *plot, ShlFrame *f, gboolean paint_background)
{
  cairo_t *cr = f->cr;
  const ShlRect *a = &f->lay.area;
  const ShlRect *p = &f->lay.plot;

  cairo_save (cr);
  if (paint_background && f->st.background.a > 0.0
      && !shl_render_is_transparent (cr))
    {
      shl_color_set_source (f->st.background, cr);
      cairo_rectangle (cr, a->x, a->y, a->width, a->height);
      cairo_fill (cr);
    }

  cairo_save (cr);
  cairo_rectangle (cr, p->x, p->y, p->width, p->height);
  cairo_clip (cr);
  if (f->grid)
    draw_grid (f);
  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *item = g_ptr_array_index (plot->items, i);
      if (item->kind != SHL_ITEM_TEXT)
        shl_item_draw (item, f);
    }
  cairo_restore (cr);

  draw_axes (plot, f);
  if (f->cbar)
    {
      shl_colorbar_draw (f);
      draw_colorbar_axis (f);
    }
  draw_texts (plot, f);
  if (plot->legend != SHL_LEGEND_NONE)
    shl_legend_draw (plot, f);
  cairo_restore (cr);
}

static void
frame_init (ShlFrame *f, const ShlPlotStyle *style, cairo_t *cr)
{
  memset (f, 0, sizeof *f);
  shl_plot_style_scaled (&f->st, style);
  f->cr = cr;
  f->snap = shl_plot_snap_enabled (cr, &f->st);
  f->text = shl_text_new (&f->st, f->st.hinting);
}

void
shl_plot_draw (ShlPlot *plot, cairo_t *cr, const ShlPlotStyle *style,
               const ShlRect *area, ShlPlotLayout *layout)
{
  g_return_if_fail (plot != NULL && cr != NULL && style != NULL);
  g_return_if_fail (area != NULL);
  ShlFrame f;
  frame_init (&f, style, cr);
  shl_plot_frame_layout (plot, &f, area, NULL);
  shl_plot_frame_draw (plot, &f, TRUE);
  if (layout)
    *layout = f.lay;
  shl_text_free (f.text);
}

void
shl_plot_compute_layout (ShlPlot *plot, const ShlPlotStyle *style,
                         const ShlRect *area, ShlPlotLayout *layout)
{
  g_return_if_fail (plot != NULL && style != NULL && area != NULL);
  g_return_if_fail (layout != NULL);
  ShlFrame f;
  frame_init (&f, style, NULL);
  shl_plot_frame_layout (plot, &f, area, NULL);
  *layout = f.lay;
  shl_text_free (f.text);
}
