/* shl-panel-functions.c: what the realization and derivative panels
 * share in 1-D: the breakpoints of f and its twin together, thin
 * features and the inset that magnifies them, step functions whose
 * pieces are narrower than a pixel, and the y-range a preset fixes. */
#include "shl-panel-functions.h"

#include <math.h>
#include <string.h>

#include "shl-geom.h"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
shl_panel_union_breakpoints (double *t, const ShlNet *f, const ShlNet *g)
{
  int n = shl_net_kinks_1d (t + 1, NULL, f);
  if (g)
    {
      ShlNet *gd = shl_panel_on_domain (g, f);
      n += shl_net_kinks_1d (t + 1 + n, NULL, gd);
      shl_net_free (gd);
    }
  qsort (t + 1, (size_t) n, sizeof (double), cmp_double);
  t[0] = f->lo[0];
  t[n + 1] = f->hi[0];
  int nu = 0;
  for (int k = 0; k < n + 2; k++)
    if (nu == 0 || t[k] > t[nu - 1])
      t[nu++] = t[k];
  return nu;
}

gboolean
shl_panel_thin_feature (double *t0, double *t1, const ShlNet *f, const ShlNet *g, double frac)
{
  int cap = f->m + (g ? g->m : 0) + 2;
  double *t = g_new (double, cap);
  int n = shl_panel_union_breakpoints (t, f, g);
  double w = f->hi[0] - f->lo[0], best = frac * w;
  gboolean found = FALSE;
  /* interior gaps only: both ends are kinks */
  for (int k = 1; k + 2 < n; k++)
    if (t[k + 1] - t[k] < best)
      {
        best = t[k + 1] - t[k];
        *t0 = t[k];
        *t1 = t[k + 1];
        found = TRUE;
      }
  g_free (t);
  return found;
}

/* ---------------------------------------------------------- y-ranges */

void
shl_panel_extent_add (double *lo, double *hi, const double *v, int n)
{
  for (int k = 0; k < n; k++)
    if (isfinite (v[k]))
      {
        *lo = fmin (*lo, v[k]);
        *hi = fmax (*hi, v[k]);
      }
}

void
shl_panel_set_y_range (ShlPlot *p, const double *fixed, double lo, double hi)
{
  if (!shl_panel_range_set (fixed))
    return;
  double a = fixed[0], b = fixed[1];
  double pad = 0.05 * (fmax (b, hi) - fmin (a, lo));
  if (lo < a)
    a = lo - pad;
  if (hi > b)
    b = hi + pad;
  shl_plot_set_axis_range (p, SHL_AXIS_Y, a, b);
}

/* -------------------------------------------------------------- steps */

void
shl_panel_add_steps (ShlPlot *p, ShlPanelReport *rep, ShlRole role, ShlOwner owner,
                     const double *breaks, const double *values, int n,
                     const ShlSeriesStyle *style, double px)
{
  shl_plot_add_steps (p, breaks, values, n, style);
  /* the report holds the pieces as (x_from, value), closed by (x_to, NaN) */
  double *rx = g_new (double, 2 * MAX (n, 1)), *ry = g_new (double, 2 * MAX (n, 1));
  for (int k = 0; k < n; k++)
    {
      rx[2 * k] = breaks[k], ry[2 * k] = values[k];
      rx[2 * k + 1] = breaks[k + 1], ry[2 * k + 1] = values[k];
    }
  shl_panel_report_add (rep, role, owner, rx, ry, NULL, 2 * n);
  g_free (rx);
  g_free (ry);
  if (!(px > 0))
    return;
  /* a piece narrower than 1.5 units (pixels on screen) is drawn as a bar
   * at least that wide: its top, and its sides down to the neighbours */
  ShlSeriesStyle ts = *style;
  ts.label = NULL;
  ts.dash = SHL_DASH_SOLID;
  for (int k = 0; k < n; k++)
    {
      double w = breaks[k + 1] - breaks[k];
      if (w >= 1.5 * px)
        continue;
      double mid = 0.5 * (breaks[k] + breaks[k + 1]), half = 0.75 * px;
      double left = k > 0 ? values[k - 1] : values[k];
      double right = k + 1 < n ? values[k + 1] : values[k];
      /* the top as the curve; the sides fainter, so that they read as the
       * edges of a thin box and not as a jump drawn in */
      double top[4] = { mid - half, values[k], mid + half, values[k] };
      double sides[8] = { mid - half, left, mid - half, values[k],
                          mid + half, values[k], mid + half, right };
      shl_plot_add_segments (p, top, 1, &ts);
      ShlSeriesStyle ss = ts;
      ss.alpha = 0.55 * (ts.alpha > 0 ? ts.alpha : 1);
      ss.width = 0.6 * (ts.width > 0 ? ts.width : 1);
      shl_plot_add_segments (p, sides, 2, &ss);
      double bx[2] = { breaks[k], breaks[k + 1] }, by[2] = { values[k], values[k] };
      ShlReportItem *it = shl_panel_report_add (rep, SHL_ROLE_THIN, owner, bx, by, NULL, 2);
      if (it)
        it->value = w;
    }
}

/* --------------------------------------------------------------- inset */

/* the extent of f and g over [x0, x1]: at the ends and every breakpoint
 * between (their curves are straight in between) */
static void
window_extent (double *lo, double *hi, const ShlNet *f, const ShlNet *g, gboolean deriv,
               double x0, double x1)
{
  int cap = f->m + (g ? g->m : 0) + 2;
  double *t = g_new (double, cap + 2), *v = g_new (double, cap + 2), *dv = g_new (double, cap + 2);
  int n = shl_panel_union_breakpoints (t, f, g), q = 0;
  double *x = g_new (double, n + 2);
  x[q++] = x0;
  for (int k = 0; k < n; k++)
    if (t[k] > x0 && t[k] < x1)
      x[q++] = t[k];
  x[q++] = x1;
  if (deriv)
    {
      /* slopes: at the midpoints of the pieces */
      for (int k = 0; k + 1 < q; k++)
        x[k] = 0.5 * (x[k] + x[k + 1]);
      q--;
    }
  for (int w = 0; w < (g ? 2 : 1); w++)
    {
      ShlNet *net = w == 0 ? shl_net_copy (f) : shl_panel_on_domain (g, f);
      shl_panel_eval_clean (v, dv, net, x, (size_t) q);
      shl_panel_extent_add (lo, hi, deriv ? dv : v, q);
      shl_net_free (net);
    }
  g_free (t);
  g_free (v);
  g_free (dv);
  g_free (x);
}

gboolean
shl_panel_find_inset (ShlPanelInset *in, const ShlNet *f, const ShlNet *g, gboolean deriv,
                      double main_lo, double main_hi)
{
  memset (in, 0, sizeof *in);
  double w = f->hi[0] - f->lo[0], t0, t1;
  double lo = INFINITY, hi = -INFINITY;
  if (shl_panel_thin_feature (&t0, &t1, f, g, 0.03))
    {
      /* narrow: magnify x around the gap */
      double gap = t1 - t0;
      in->x0 = fmax (f->lo[0], t0 - 1.5 * gap);
      in->x1 = fmin (f->hi[0], t1 + 1.5 * gap);
      window_extent (&lo, &hi, f, g, deriv, in->x0, in->x1);
      in->zoom = w / (in->x1 - in->x0);
    }
  else
    {
      /* flat: magnify y over the whole domain */
      in->x0 = f->lo[0];
      in->x1 = f->hi[0];
      window_extent (&lo, &hi, f, g, deriv, in->x0, in->x1);
      double span = hi - lo;
      if (!(span > 0) || !(main_hi > main_lo) || span > 0.12 * (main_hi - main_lo))
        return FALSE;
      in->zoom = (main_hi - main_lo) / span;
    }
  if (!(hi > lo))
    {
      /* flat in the window too: a band around the value */
      double c = isfinite (lo) ? lo : 0, r = fmax (fabs (c), 1e-300);
      lo = c - r;
      hi = c + r;
    }
  double pad = 0.12 * (hi - lo);
  in->y0 = lo - pad;
  in->y1 = hi + pad;
  in->on = TRUE;
  double z = in->zoom;
  double nice = pow (10, floor (log10 (z)));
  z = z >= 5 * nice ? 5 * nice : z >= 2 * nice ? 2 * nice : nice;
  g_snprintf (in->label, sizeof in->label, "zoom ×%.0f", z);
  return TRUE;
}

ShlPlot *
shl_panel_inset_plot_new (const ShlPanelInset *in)
{
  ShlPlot *p = shl_plot_new ();
  shl_plot_set_axis_range (p, SHL_AXIS_X, in->x0, in->x1);
  shl_plot_set_axis_range (p, SHL_AXIS_Y, in->y0, in->y1);
  shl_plot_set_legend (p, SHL_LEGEND_NONE);
  shl_plot_set_grid (p, FALSE);
  /* "zoom ×10" over the inset, not inside it over the curves */
  shl_plot_set_title (p, in->label);
  return p;
}

void
shl_panel_inset_draw (ShlPlot *ip, const ShlPanelInset *in, cairo_t *cr,
                      const ShlPlotStyle *style, const ShlPlotLayout *main,
                      ShlPanelReport *rep)
{
  ShlRect r;
  shl_plot_extras_inset_rect (main, style, TRUE, TRUE, 0.46, 0.46, &r);
  if (r.width < 60 * style->scale || r.height < 45 * style->scale)
    return;
  ShlPlotStyle small = *style;
  small.tick_size *= 0.85;
  small.text_size *= 0.85;
  small.label_size *= 0.85;
  small.title_size = small.text_size;
  small.title[0] = '\0';
  shl_plot_extras_link_inset (cr, main, style, in->x0, in->x1, in->y0, in->y1, &r);
  ShlPlotLayout lay;
  shl_plot_draw (ip, cr, &small, &r, &lay);
  shl_panel_report_end_plot (rep, &lay);
}

/* ---------------------------------------------------------- 2-D cells */

/* the number of crossings of the segments seg (n, 4) inside their box
 * (floating point: an estimate of the arrangement's size) */
static double
count_crossings (const double *seg, int n)
{
  double count = 0.0;
  for (int i = 0; i < n; i++)
    {
      const double *p = seg + 4 * i;
      double dx = p[2] - p[0], dy = p[3] - p[1];
      for (int j = i + 1; j < n; j++)
        {
          const double *q = seg + 4 * j;
          double s1 = dx * (q[1] - p[1]) - dy * (q[0] - p[0]);
          double s2 = dx * (q[3] - p[1]) - dy * (q[2] - p[0]);
          if ((s1 > 0.0) == (s2 > 0.0))
            continue;
          double ex = q[2] - q[0], ey = q[3] - q[1];
          double t1 = ex * (p[1] - q[1]) - ey * (p[0] - q[0]);
          double t2 = ex * (p[3] - q[1]) - ey * (p[2] - q[0]);
          count += (t1 > 0.0) != (t2 > 0.0);
        }
    }
  return count;
}

ShlCells *
shl_panel_cells (const ShlNet *f, const ShlNet *g, int max_cells)
{
  double limit = max_cells > 0 ? max_cells : SHL_PANEL_MAX_CELLS;
  ShlNet *gd = g ? shl_panel_on_domain (g, f) : NULL;
  int m = f->m + (gd ? gd->m : 0);
  /* M lines make at most 1 + M + M (M - 1) / 2 cells */
  double bound = 1.0 + m + 0.5 * (double) m * (m - 1);
  if (bound > limit)
    {
      double *seg = g_new (double, 4 * (size_t) MAX (m, 1));
      int ns = shl_net_kink_segments_2d (seg, NULL, f);
      if (gd)
        ns += shl_net_kink_segments_2d (seg + 4 * ns, NULL, gd);
      bound = 1.0 + ns + count_crossings (seg, ns);
      g_free (seg);
    }
  ShlCells *c = bound <= limit ? shl_cells_new (f, gd, NULL, NULL)
                                              : NULL;
  shl_net_free (gd);
  return c;
}

double *
shl_panel_cells_values (const ShlCells *c, int m)
{
  int nv = c->n_vertices;
  double *mag = g_new0 (double, MAX (nv, 1));
  double *v = g_new (double, MAX (nv, 1));
  /* the terms' magnitude at a vertex: the largest of its cells' */
  for (int k = 0; k < c->n_cells; k++)
    for (int s = c->start[k]; s < c->start[k + 1]; s++)
      {
        int q = c->corner[s];
        double a = c->grad_mag[2 * k] * fabs (c->xy[2 * q])
                   + c->grad_mag[2 * k + 1] * fabs (c->xy[2 * q + 1])
                   + c->offset_mag[k];
        mag[q] = MAX (mag[q], a);
      }
  for (int q = 0; q < nv; q++)
    v[q] = fabs (c->value[q]) <= shl_noise_tol (m, mag[q]) ? 0.0 : c->value[q];
  g_free (mag);
  return v;
}

void
shl_panel_cells_grad (const ShlCells *c, int m, int k, double *grad)
{
  for (int j = 0; j < 2; j++)
    {
      double g = c->grad[2 * k + j];
      grad[j] = fabs (g) <= shl_noise_tol (m, c->grad_mag[2 * k + j]) ? 0.0 : g;
    }
}

void
shl_panel_add_cell_map (ShlPlot *p, const ShlCells *c, int m,
                        const double *value, const double *z,
                        const ShlHeatmapStyle *hs)
{
  int ns = c->start[c->n_cells];
  double *xy = g_new (double, 2 * (size_t) MAX (ns, 1));
  double *v = g_new (double, (size_t) MAX (ns, 1));
  double *grad = z ? NULL : g_new (double, 2 * (size_t) MAX (c->n_cells, 1));
  for (int k = 0; k < c->n_cells; k++)
    {
      for (int s = c->start[k]; s < c->start[k + 1]; s++)
        {
          int q = c->corner[s];
          xy[2 * s] = c->xy[2 * q];
          xy[2 * s + 1] = c->xy[2 * q + 1];
          v[s] = z ? z[k] : value[q];
        }
      if (grad)
        shl_panel_cells_grad (c, m, k, grad + 2 * k);
    }
  shl_plot_add_cell_map (p, c->n_cells, c->start, xy, v, grad, c->lo[0],
                         c->hi[0], c->lo[1], c->hi[1], hs);
  g_free (xy);
  g_free (v);
  g_free (grad);
}

void
shl_panel_add_cell_contours (ShlPlot *p, const ShlCells *c,
                             const double *value, const double *levels, int n,
                             const ShlSeriesStyle *style)
{
  ShlTicks auto_levels;
  if (!levels)
    {
      double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
      for (int q = 0; q < c->n_vertices; q++)
        if (isfinite (value[q]))
          lo = MIN (lo, value[q]), hi = MAX (hi, value[q]);
      if (!(lo < hi))
        return;
      shl_ticks_linear (&auto_levels, lo, hi, MAX (n, 1) + 2);
      /* strictly inside: a level at the extreme is a point, not a line */
      int k = 0;
      for (int i = 0; i < auto_levels.n; i++)
        if (auto_levels.v[i] > lo && auto_levels.v[i] < hi)
          auto_levels.v[k++] = auto_levels.v[i];
      levels = auto_levels.v;
      n = k;
    }
  /* all levels in one item, as shl_plot_add_contours makes it */
  GArray *all = g_array_new (FALSE, FALSE, sizeof (ShlContourLine));
  GPtrArray *sets = g_ptr_array_new_with_free_func ((GDestroyNotify) shl_polylines_free);
  for (int l = 0; l < n; l++)
    {
      ShlPolylines *pl = shl_cells_level_set (c, value, levels[l]);
      if (!pl)
        continue;
      g_ptr_array_add (sets, pl);
      for (int k = 0; k < pl->n; k++)
        {
          ShlContourLine cl;
          cl.n = pl->start[k + 1] - pl->start[k];
          cl.closed = pl->closed[k];
          cl.xy = pl->xy + 2 * pl->start[k];   /* copied by the plot */
          g_array_append_val (all, cl);
        }
    }
  shl_plot_add_contour_lines (p, (const ShlContourLine *) (void *) all->data,
                              (int) all->len, c->lo[0], c->hi[0], c->lo[1],
                              c->hi[1], style);
  g_ptr_array_unref (sets);
  g_array_unref (all);
}
