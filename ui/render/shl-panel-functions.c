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
  shl_plot_add_text (p, 0.03, 0.97, SHL_COORDS_AXES, SHL_ANCHOR_NW, in->label);
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
  shl_plot_extras_link_inset (cr, main, style, in->x0, in->x1, in->y0, in->y1, &r);
  ShlPlotLayout lay;
  shl_plot_draw (ip, cr, &small, &r, &lay);
  shl_panel_report_end_plot (rep, &lay);
}
