/* shl-panel-realization.c: the realization f, exact in 1-D (a polyline
 * through its breakpoints) and a heat map with contours and kink lines in
 * 2-D; its series as CSV. */
#include "shl-panels-private.h"

#include <math.h>
#include <string.h>

#include "shl-geom.h"

static void
add_data_scatter (ShlPlot *p, const ShlScene *s, const ShlPlotStyle *style,
                  int x_col, gboolean two_d)
{
  const ShlData *data = s->data;
  if (!data || data->n == 0)
    return;
  int n = (int) MIN (data->n, (size_t) 20000);
  double *x = g_new (double, n), *y = g_new (double, n);
  ShlColor *col = NULL;
  for (int k = 0; k < n; k++)
    {
      x[k] = data->x[(size_t) k * data->d + x_col];
      y[k] = two_d ? data->x[(size_t) k * data->d + 1] : data->y[k];
    }
  ShlSeriesStyle ss = shl_series_style (SHL_COLOR_FOREGROUND);
  ss.marker = SHL_MARKER_CIRCLE;
  ss.marker_scale = n > 400 ? 0.55 : 0.8;
  ss.alpha = 0.75;
  if (two_d && data->classification)
    {
      /* class colours: palette 0 for label 0, palette 1 for label 1 */
      col = g_new (ShlColor, n);
      for (int k = 0; k < n; k++)
        col[k] = shl_plot_style_series_color (style, data->y[k] > 0.5 ? 1 : 0);
      ss.alpha = 0.9;
      ss.label = NULL;
    }
  else if (two_d)
    {
      ss.hollow = TRUE;
      ss.alpha = 0.5;
    }
  else
    {
      ss.hollow = TRUE;
      ss.label = "data";
    }
  shl_plot_add_scatter (p, x, y, col, n, &ss);
  if (two_d && data->classification)
    {
      ShlSeriesStyle l0 = shl_series_style (0), l1 = shl_series_style (1);
      l0.marker = l1.marker = SHL_MARKER_CIRCLE;
      l0.label = "label 0";
      l1.label = "label 1";
      shl_plot_add_legend_entry (p, &l0);
      shl_plot_add_legend_entry (p, &l1);
    }
  g_free (x);
  g_free (y);
  g_free (col);
}

/* ---------------------------------------------------------------- 1-D */

/* c_i relu(a_i x + b_i) of each neuron, faint, through the ends and its
 * kink */
static void
add_neuron_terms (ShlPlot *p, const ShlNet *net)
{
  for (int i = 0; i < net->m; i++)
    {
      double xs[3] = { net->lo[0], 0, net->hi[0] }, ys[3];
      int np = 2;
      if (net->a[i] != 0)
        {
          double t = -net->b[i] / net->a[i];
          if (t > net->lo[0] && t < net->hi[0])
            {
              xs[1] = t;
              xs[2] = net->hi[0];
              np = 3;
            }
        }
      for (int k = 0; k < np; k++)
        ys[k] = net->c[i] * fmax (net->a[i] * xs[k] + net->b[i], 0.0);
      ShlSeriesStyle ns = shl_series_style (2 + i % 5);
      ns.alpha = 0.35;
      ns.width = 0.8;
      shl_plot_add_line (p, xs, ys, np, &ns);
    }
}

/* the twin g, exact through its breakpoints (on f's domain) */
static void
add_twin_curve (ShlPlot *p, const ShlNet *twin, const ShlNet *net)
{
  ShlNet *tw = shl_net_new (twin->m, 1, net->lo, net->hi);
  memcpy (tw->theta, twin->theta, twin->n_params * sizeof (double));
  double *tb = g_new (double, tw->m + 2), *tv = g_new (double, tw->m + 2);
  int nt = shl_panel_breakpoints_1d (tb, tw);
  shl_net_eval (tv, NULL, tw, tb, (size_t) nt);
  ShlSeriesStyle ws = shl_series_style (4);
  ws.width = 1.6;
  ws.dash = SHL_DASH_DASHED;
  ws.label = "twin $g$";
  shl_plot_add_line (p, tb, tv, nt, &ws);
  g_free (tb);
  g_free (tv);
  shl_net_free (tw);
}

static void
draw_realization_1d (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                     const ShlRect *area)
{
  const ShlNet *net = s->net;
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Realization $f$");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "$x$");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "$f(x)$");
  shl_plot_set_axis_range (p, SHL_AXIS_X, net->lo[0], net->hi[0]);
  shl_plot_set_legend (p, SHL_LEGEND_BEST);

  double *bp = g_new (double, net->m + 2), *fv = g_new (double, net->m + 2);
  int nb = shl_panel_breakpoints_1d (bp, net);

  if (s->show_neurons)
    add_neuron_terms (p, net);

  add_data_scatter (p, s, style, 0, FALSE);

  if (s->target)
    {
      double tx[SHL_PANEL_CURVE_SAMPLES], ty[SHL_PANEL_CURVE_SAMPLES];
      shl_panel_target_curve (tx, ty, net, s->target);
      ShlSeriesStyle ts = shl_series_style (SHL_COLOR_FOREGROUND);
      ts.dash = SHL_DASH_DASHED;
      ts.alpha = 0.7;
      ts.label = "target";
      shl_plot_add_line (p, tx, ty, SHL_PANEL_CURVE_SAMPLES, &ts);
    }

  if (s->twin && s->twin->d == 1)
    add_twin_curve (p, s->twin, net);

  /* f is piecewise linear: the polyline through its breakpoints is exact */
  shl_net_eval (fv, NULL, net, bp, (size_t) nb);
  ShlSeriesStyle fs = shl_series_style (0);
  fs.width = 1.8;
  fs.label = "network $f$";
  shl_plot_add_line (p, bp, fv, nb, &fs);

  ShlSeriesStyle ks = shl_series_style (1);
  ks.width = 1.4;
  ks.label = "kinks";
  if (nb > 2)
    shl_plot_add_rug (p, bp + 1, nb - 2, &ks);

  shl_plot_draw (p, cr, style, area, NULL);
  g_free (bp);
  g_free (fv);
}

/* ---------------------------------------------------------------- 2-D */

static void
draw_realization_2d (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                     const ShlRect *area)
{
  const ShlNet *net = s->net;
  const int n = SHL_PANEL_GRID_2D;
  gboolean classes = s->data && s->data->classification;
  g_autoptr (ShlPlot) p = shl_panel_map_2d_new (net);
  shl_plot_set_title (p, "Realization $f$");

  double *z = shl_panel_grid_values (net, -1);
  ShlHeatmapStyle hs = shl_heatmap_style (classes ? SHL_COLORMAP_COOLWARM
                                                  : SHL_COLORMAP_VIRIDIS);
  hs.colorbar = TRUE;
  hs.colorbar_label = "$f$";
  hs.smooth = TRUE;   /* f is continuous */
  shl_plot_add_heatmap (p, z, n, n, net->lo[0], net->hi[0], net->lo[1], net->hi[1], &hs);
  ShlSeriesStyle cs = shl_series_style (SHL_COLOR_FOREGROUND);
  cs.width = 0.7;
  cs.alpha = 0.55;
  if (classes)
    {
      /* the decision boundary */
      double level = 0.0;
      cs.width = 1.6;
      cs.alpha = 0.9;
      shl_plot_add_contours (p, z, n, n, net->lo[0], net->hi[0],
                             net->lo[1], net->hi[1], &level, 1, &cs);
    }
  else
    shl_plot_add_contours (p, z, n, n, net->lo[0], net->hi[0],
                           net->lo[1], net->hi[1], NULL, 8, &cs);
  add_data_scatter (p, s, style, 0, TRUE);
  shl_panel_add_kink_lines (p, net);
  shl_plot_draw (p, cr, style, area, NULL);
  g_free (z);
}

void
shl_panel_realization_draw (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                            const ShlRect *area)
{
  if (s->net->d == 2)
    draw_realization_2d (cr, s, style, area);
  else
    draw_realization_1d (cr, s, style, area);
}

/* ---------------------------------------------------------------- CSV */

/* 1-D: f through its breakpoints, the kinks with their jumps, the target */
static gboolean
write_csv_1d (const ShlScene *s, ShlCsv *csv, GError **error)
{
  const ShlNet *net = s->net;
  const int m = net->m;
  double *bp = g_new (double, m + 2), *fv = g_new (double, m + 2);
  int *who = g_new (int, MAX (m, 1));
  int nb = shl_panel_breakpoints_1d (bp, net);
  shl_net_eval (fv, NULL, net, bp, (size_t) nb);
  shl_csv_begin (csv, "x,f\n");
  for (int k = 0; k < nb; k++)
    shl_csv_row (csv, (double[]) { bp[k], fv[k] }, 2);
  gboolean ok = shl_csv_write (csv, "realization.csv", error);

  shl_csv_begin (csv, "neuron,kink,jump\n");
  int nk = shl_net_kinks_1d (bp, who, net);
  for (int k = 0; k < nk; k++)
    shl_csv_row (csv, (double[]) { who[k], bp[k], net->c[who[k]] * fabs (net->a[who[k]]) }, 3);
  ok = ok && shl_csv_write (csv, "kinks.csv", error);

  if (ok && s->target)
    {
      double tx[SHL_PANEL_CURVE_SAMPLES], ty[SHL_PANEL_CURVE_SAMPLES];
      shl_panel_target_curve (tx, ty, net, s->target);
      shl_csv_begin (csv, "x,target\n");
      for (int k = 0; k < SHL_PANEL_CURVE_SAMPLES; k++)
        shl_csv_row (csv, (double[]) { tx[k], ty[k] }, 2);
      ok = shl_csv_write (csv, "target.csv", error);
    }
  g_free (bp);
  g_free (fv);
  g_free (who);
  return ok;
}

/* 2-D: f and its gradient on the grid of the heat maps, the kink lines */
static gboolean
write_csv_2d (const ShlScene *s, ShlCsv *csv, GError **error)
{
  const ShlNet *net = s->net;
  const int m = net->m, n = SHL_PANEL_GRID_2D;
  double *x = shl_panel_grid_points (net), *f = g_new (double, n * n), *g = g_new (double, 2 * n * n);
  shl_net_eval (f, g, net, x, (size_t) n * n);
  shl_csv_begin (csv, "x1,x2,f,df_dx1,df_dx2,grad_norm\n");
  for (int k = 0; k < n * n; k++)
    shl_csv_row (csv, (double[]) { x[2 * k], x[2 * k + 1], f[k], g[2 * k], g[2 * k + 1],
                                   hypot (g[2 * k], g[2 * k + 1]) }, 6);
  gboolean ok = shl_csv_write (csv, "grid.csv", error);

  double *seg = g_new (double, 4 * (size_t) MAX (m, 1));
  int *who = g_new (int, MAX (m, 1));
  int ns = shl_net_kink_segments_2d (seg, who, net);
  shl_csv_begin (csv, "neuron,x1_start,x2_start,x1_end,x2_end\n");
  for (int k = 0; k < ns; k++)
    shl_csv_row (csv, (double[]) { who[k], seg[4 * k], seg[4 * k + 1], seg[4 * k + 2], seg[4 * k + 3] }, 5);
  ok = ok && shl_csv_write (csv, "kinks.csv", error);
  g_free (seg);
  g_free (who);
  g_free (x);
  g_free (f);
  g_free (g);
  return ok;
}

gboolean
shl_panel_realization_csv (const ShlScene *s, ShlCsv *csv, GError **error)
{
  return s->net->d == 2 ? write_csv_2d (s, csv, error) : write_csv_1d (s, csv, error);
}
