/* shl-plot.c: building a ShlPlot (styles, axes settings, items) and the
 * entry points that lay it out and draw it (shl-plot-layout.c,
 * shl-plot-axes.c, shl-plot-items.c do the work). */
#include "shl-plot-private.h"

#include <math.h>
#include <string.h>

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
    {
      g_free (plot->axis[a].label);
      g_free (plot->axis[a].ticks);
    }
  g_free (plot->title);
  g_free (plot->cb_label);
  g_free (plot->letter);
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

void
shl_plot_legend_avoid (ShlPlot *plot, ShlLegendPos corner)
{
  g_return_if_fail (plot != NULL);
  g_return_if_fail (corner >= SHL_LEGEND_TOP_LEFT && corner <= SHL_LEGEND_BOTTOM_RIGHT);
  plot->legend_avoid |= 1u << corner;
}

void
shl_plot_set_ticks (ShlPlot *plot, ShlAxisId axis, const double *values, int n)
{
  g_return_if_fail (plot != NULL && (axis == SHL_AXIS_X || axis == SHL_AXIS_Y));
  g_return_if_fail (n >= 0 && (n == 0 || values != NULL));
  ShlAxisSpec *a = &plot->axis[axis];
  g_clear_pointer (&a->ticks, g_free);
  a->n_ticks = n;
  if (n > 0)
    a->ticks = g_memdup2 (values, (gsize) n * sizeof (double));
}

void
shl_plot_set_tick_count (ShlPlot *plot, ShlAxisId axis, int n)
{
  g_return_if_fail (plot != NULL && (axis == SHL_AXIS_X || axis == SHL_AXIS_Y));
  plot->axis[axis].tick_count = n > 0 ? CLAMP (n, 2, SHL_TICKS_MAX) : 0;
}

void
shl_plot_set_colorbar_label (ShlPlot *plot, const char *markup)
{
  g_return_if_fail (plot != NULL);
  g_free (plot->cb_label);
  plot->cb_label = g_strdup (markup);
  plot->cb_label_set = markup != NULL;
}

void
shl_plot_set_letter (ShlPlot *plot, const char *markup, ShlLetterPos position)
{
  g_return_if_fail (plot != NULL);
  g_free (plot->letter);
  plot->letter = markup && *markup ? g_strdup (markup) : NULL;
  plot->letter_pos = position;
}

void
shl_plot_overrides_init (ShlPlotOverrides *o)
{
  g_return_if_fail (o != NULL);
  memset (o, 0, sizeof *o);
  for (int a = 0; a < 2; a++)
    o->axis[a].lo = o->axis[a].hi = NAN;
}

void
shl_plot_apply_overrides (ShlPlot *plot, const ShlPlotOverrides *o)
{
  g_return_if_fail (plot != NULL);
  if (!o)
    return;
  for (int a = 0; a < 2; a++)
    {
      const ShlAxisOverride *ax = &o->axis[a];
      if (ax->label)
        shl_plot_set_axis_label (plot, (ShlAxisId) a, ax->label);
      if (isfinite (ax->lo) && isfinite (ax->hi) && ax->lo < ax->hi)
        shl_plot_set_axis_range (plot, (ShlAxisId) a, ax->lo, ax->hi);
      if (ax->n_explicit > 0 && ax->ticks)
        shl_plot_set_ticks (plot, (ShlAxisId) a, ax->ticks, ax->n_explicit);
      if (ax->n_ticks > 0)
        shl_plot_set_tick_count (plot, (ShlAxisId) a, ax->n_ticks);
    }
  if (o->colorbar_label)
    shl_plot_set_colorbar_label (plot, o->colorbar_label);
  if (o->letter && *o->letter)
    shl_plot_set_letter (plot, o->letter, o->letter_pos);
  plot->min_m = (ShlMargins) { o->min_margin[0], o->min_margin[1], o->min_margin[2],
                               o->min_margin[3] };
  plot->min_stage = CLAMP (o->min_stage, 0, SHL_N_DROP_STAGES - 1);
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
shl_plot_add_xspan (ShlPlot *plot, double x0, double x1, const ShlSeriesStyle *style)
{
  g_return_if_fail (plot != NULL);
  ShlItem *item = item_new (plot, SHL_ITEM_XSPAN, style);
  item->n = 2;
  item->x = dup_doubles ((double[]) { x0, x1 }, 2);
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

/* ---- drawing entry points ------------------------------------------- */

void
shl_plot_draw (ShlPlot *plot, cairo_t *cr, const ShlPlotStyle *style,
               const ShlRect *area, ShlPlotLayout *layout)
{
  g_return_if_fail (plot != NULL && cr != NULL && style != NULL);
  g_return_if_fail (area != NULL);
  ShlFrame f;
  shl_frame_init (&f, style, cr, NULL);
  shl_plot_frame_layout (plot, &f, area, NULL);
  shl_plot_frame_draw (plot, &f, TRUE);
  if (layout)
    *layout = f.lay;
  shl_frame_clear (&f);
}

void
shl_plot_compute_layout (ShlPlot *plot, const ShlPlotStyle *style,
                         const ShlRect *area, ShlPlotLayout *layout)
{
  g_return_if_fail (plot != NULL && style != NULL && area != NULL);
  g_return_if_fail (layout != NULL);
  ShlFrame f;
  shl_frame_init (&f, style, NULL, NULL);
  shl_plot_frame_layout (plot, &f, area, NULL);
  *layout = f.lay;
  shl_frame_clear (&f);
}
