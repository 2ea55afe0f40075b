/* shl-plot-cells.c: exact 2-D maps drawn as vector paths (see
 * shl-plot-cells.h). */
#include "shl-plot-cells.h"

#include <math.h>

#include "shl-plot-private.h"

struct _ShlCellMap {
  int     n;
  int    *start;    /* (n + 1) */
  double *xy;       /* (start[n], 2) */
  double *value;    /* (start[n]) */
  double *grad;     /* (n, 2) or NULL */
};

void
shl_cell_map_free (ShlCellMap *map)
{
  if (!map)
    return;
  g_free (map->start);
  g_free (map->xy);
  g_free (map->value);
  g_free (map->grad);
  g_free (map);
}

/* a new item at the end of the plot, as shl-plot.c makes them */
static ShlItem *
item_append (ShlPlot *plot, ShlItemKind kind, const ShlSeriesStyle *style)
{
  ShlItem *item = g_new0 (ShlItem, 1);
  item->kind = kind;
  item->style = style ? *style : shl_series_style ((int) plot->items->len);
  item->label = (style && item->style.label && *item->style.label)
                    ? g_strdup (item->style.label) : NULL;
  item->style.label = item->label;
  g_ptr_array_add (plot->items, item);
  return item;
}

void
shl_plot_add_cell_map (ShlPlot *plot, int n_cells, const int *start,
                       const double *xy, const double *value,
                       const double *grad, double x0, double x1, double y0,
                       double y1, const ShlHeatmapStyle *style)
{
  g_return_if_fail (plot != NULL && n_cells >= 0 && start != NULL);
  g_return_if_fail (n_cells == 0 || (xy != NULL && value != NULL));
  g_return_if_fail (x0 < x1 && y0 < y1);
  ShlItem *item = item_append (plot, SHL_ITEM_HEATMAP, NULL);
  item->hstyle = style ? *style : shl_heatmap_style (SHL_COLORMAP_VIRIDIS);
  item->cb_label = item->hstyle.colorbar_label
                       ? g_strdup (item->hstyle.colorbar_label) : NULL;
  item->hstyle.colorbar_label = item->cb_label;
  item->x0 = x0, item->x1 = x1, item->y0 = y0, item->y1 = y1;
  gsize ns = (gsize) start[n_cells];
  shl_heatmap_resolve_range (value, ns, &item->hstyle);
  ShlCellMap *m = g_new0 (ShlCellMap, 1);
  m->n = n_cells;
  m->start = g_memdup2 (start, ((gsize) n_cells + 1) * sizeof (int));
  m->xy = g_memdup2 (xy, 2 * ns * sizeof (double));
  m->value = g_memdup2 (value, ns * sizeof (double));
  m->grad = grad ? g_memdup2 (grad, 2 * (gsize) n_cells * sizeof (double))
                 : NULL;
  item->cells = m;
}

void
shl_plot_add_contour_lines (ShlPlot *plot, const ShlContourLine *lines,
                            int n_lines, double x0, double x1, double y0,
                            double y1, const ShlSeriesStyle *style)
{
  g_return_if_fail (plot != NULL && n_lines >= 0);
  g_return_if_fail (n_lines == 0 || lines != NULL);
  ShlItem *item = item_append (plot, SHL_ITEM_CONTOURS, style);
  item->x0 = x0, item->x1 = x1, item->y0 = y0, item->y1 = y1;
  item->lines = g_new0 (ShlContourLine, MAX (n_lines, 1));
  item->n_lines = n_lines;
  for (int l = 0; l < n_lines; l++)
    {
      item->lines[l].n = lines[l].n;
      item->lines[l].closed = lines[l].closed;
      item->lines[l].xy = g_memdup2 (lines[l].xy,
                                     2 * (gsize) lines[l].n * sizeof (double));
    }
}

/* ---------------------------------------------------------------- drawing */

/* the colour-map fraction of value v */
static double
frac (const ShlHeatmapStyle *hs, double v)
{
  if (hs->scale == SHL_SCALE_LOG10)
    {
      double lo = log10 (hs->vmin), hi = log10 (hs->vmax);
      return v > 0.0 ? (log10 (v) - lo) / (hi - lo) : 0.0;
    }
  return (v - hs->vmin) / (hs->vmax - hs->vmin);
}

static void
add_stop (cairo_pattern_t *pat, double offset, ShlColormap map, double t)
{
  ShlColor c = shl_colormap_lookup (map, t);
  cairo_pattern_add_color_stop_rgb (pat, CLAMP (offset, 0.0, 1.0), c.r, c.g,
                                    c.b);
}

/* A linear gradient from user point a (value fraction ta) along the
 * user-space gradient (gu0, gu1) of the fraction, up to fraction tb > ta:
 * stops at both ends and at every colour-range step between. */
static cairo_pattern_t *
cell_gradient (const ShlHeatmapStyle *hs, const double *a, double ta,
               double tb, double gu0, double gu1)
{
  double g2 = gu0 * gu0 + gu1 * gu1, s = (tb - ta) / g2;
  cairo_pattern_t *pat = cairo_pattern_create_linear (a[0], a[1],
                                                      a[0] + s * gu0,
                                                      a[1] + s * gu1);
  add_stop (pat, 0.0, hs->colormap, ta);
  int k0 = (int) floor (ta * SHL_CELL_MAP_STOPS) + 1;
  k0 = MAX (k0, 0);
  for (int k = k0; k <= SHL_CELL_MAP_STOPS; k++)
    {
      double t = (double) k / SHL_CELL_MAP_STOPS;
      if (t >= tb)
        break;
      add_stop (pat, (t - ta) / (tb - ta), hs->colormap, t);
    }
  add_stop (pat, 1.0, hs->colormap, tb);
  cairo_pattern_set_extend (pat, CAIRO_EXTEND_PAD);
  return pat;
}

/* The path of the convex polygon u (n points, user units), grown by
 * grow on every side (the corners mitred, at most 4 grow out): so that
 * neighbours overlap by a hairline and no seam shows between them. */
static void
polygon_path (cairo_t *cr, const double *u, int n, double grow)
{
  double area = 0.0;
  for (int t = 0; t < n; t++)
    {
      const double *p = u + 2 * t, *q = u + 2 * ((t + 1) % n);
      area += p[0] * q[1] - p[1] * q[0];
    }
  double side = area > 0.0 ? 1.0 : -1.0;
  for (int t = 0; t < n; t++)
    {
      const double *p = u + 2 * t;
      double x = p[0], y = p[1];
      if (grow > 0.0)
        {
          /* the outward normals of the edges before and after p */
          double nrm[2][2] = { { 0, 0 }, { 0, 0 } };
          for (int e = 0; e < 2; e++)
            {
              const double *a = u + 2 * ((t + n - 1 + e) % n);
              const double *b = u + 2 * ((t + e) % n);
              double dx = b[0] - a[0], dy = b[1] - a[1], len = hypot (dx, dy);
              if (len > 0.0)
                nrm[e][0] = side * dy / len, nrm[e][1] = -side * dx / len;
            }
          double mx = nrm[0][0] + nrm[1][0], my = nrm[0][1] + nrm[1][1];
          double dot = mx * mx + my * my;
          if (dot > 0.0)
            {
              /* the mitre: (n0 + n1) 2 / |n0 + n1|^2, at most 4 long */
              double sc = fmin (2.0 / dot, 4.0 / sqrt (dot));
              x += grow * sc * mx;
              y += grow * sc * my;
            }
        }
      if (t == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_close_path (cr);
}

/* cell k's path (grown by grow), its source set; FALSE when it has no
 * finite value */
static gboolean
cell_source (const ShlCellMap *m, int k, const ShlHeatmapStyle *hs,
             ShlFrame *f, double sx, double sy, double grow, GArray *ubuf)
{
  cairo_t *cr = f->cr;
  int s0 = m->start[k], s1 = m->start[k + 1];
  int ia = -1;
  double va = INFINITY, vb = -INFINITY;
  for (int s = s0; s < s1; s++)
    {
      double v = m->value[s];
      if (!isfinite (v))
        return FALSE;
      if (v < va)
        va = v, ia = s;
      vb = MAX (vb, v);
    }
  if (ia < 0)
    return FALSE;
  g_array_set_size (ubuf, 0);
  for (int s = s0; s < s1; s++)
    {
      double u[2] = { shl_frame_ux (f, m->xy[2 * s]),
                      shl_frame_uy (f, m->xy[2 * s + 1]) };
      g_array_append_vals (ubuf, u, 2);
    }
  polygon_path (cr, (const double *) (void *) ubuf->data, s1 - s0, grow);
  double ta = frac (hs, va), tb = frac (hs, vb);
  double g0 = m->grad ? m->grad[2 * k] : 0.0;
  double g1 = m->grad ? m->grad[2 * k + 1] : 0.0;
  /* the fraction's gradient in user space */
  double span = hs->vmax - hs->vmin;
  double gu0 = g0 / (sx * span), gu1 = g1 / (sy * span);
  /* a cell whose colours differ by less than the 8 bits of a colour
   * channel (1/512 of the map: viridis and cool-warm change by about one
   * level in 1/256) is flat: the same pixels, a tenth of the file */
  gboolean flat = !m->grad || hs->scale == SHL_SCALE_LOG10
                  || !(tb - ta > 1.0 / 512) || !isfinite (gu0) || !isfinite (gu1)
                  || (gu0 == 0.0 && gu1 == 0.0);
  if (flat)
    {
      ShlColor c = shl_colormap_lookup (hs->colormap,
                                        m->grad ? 0.5 * (ta + tb) : frac (hs, m->value[s0]));
      cairo_set_source_rgb (cr, c.r, c.g, c.b);
      return TRUE;
    }
  double a[2] = { shl_frame_ux (f, m->xy[2 * ia]),
                  shl_frame_uy (f, m->xy[2 * ia + 1]) };
  cairo_pattern_t *pat = cell_gradient (hs, a, ta, tb, gu0, gu1);
  cairo_set_source (cr, pat);
  cairo_pattern_destroy (pat);
  return TRUE;
}

void
shl_cell_map_draw (const ShlItem *item, ShlFrame *f)
{
  cairo_t *cr = f->cr;
  const ShlCellMap *m = item->cells;
  const ShlHeatmapStyle *hs = &item->hstyle;
  double sx = (shl_frame_ux (f, item->x1) - shl_frame_ux (f, item->x0))
              / (item->x1 - item->x0);
  double sy = (shl_frame_uy (f, item->y1) - shl_frame_uy (f, item->y0))
              / (item->y1 - item->y0);
  if (!isfinite (sx) || !isfinite (sy) || sx == 0.0 || sy == 0.0
      || !(hs->vmin < hs->vmax))
    return;
  cairo_surface_type_t t = cairo_surface_get_type (cairo_get_target (cr));
  gboolean vector = t == CAIRO_SURFACE_TYPE_PDF || t == CAIRO_SURFACE_TYPE_SVG
                    || t == CAIRO_SURFACE_TYPE_PS
                    || t == CAIRO_SURFACE_TYPE_RECORDING;
  cairo_save (cr);
  cairo_new_path (cr);
  double seam = 0.0;
  GArray *ubuf = g_array_new (FALSE, FALSE, sizeof (double));
  if (vector)
    {
      /* device units of vector surfaces are points */
      double dx = SHL_CELL_MAP_SEAM_PT, dy = 0.0;
      cairo_device_to_user_distance (cr, &dx, &dy);
      seam = hypot (dx, dy);
    }
  else
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (int k = 0; k < m->n; k++)
    {
      if (cell_source (m, k, hs, f, sx, sy, 0.5 * seam, ubuf))
        cairo_fill (cr);
      else
        cairo_new_path (cr);
    }
  g_array_unref (ubuf);
  cairo_restore (cr);
}
