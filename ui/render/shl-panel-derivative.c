/* shl-panel-derivative.c: the derivative f', exact in 1-D (a step
 * function between the breakpoints), the gradient as a heat map with the
 * kink lines in 2-D; its series as CSV. */
#include "shl-panel-functions.h"

#include <math.h>

#include "shl-geom.h"

/* ---------------------------------------------------------------- 1-D */

/* the target's derivative by central differences, for reference */
static void
add_target_derivative (ShlPlot *p, const ShlNet *net, const ShlTarget *target)
{
  double tx[SHL_PANEL_CURVE_SAMPLES], ty[SHL_PANEL_CURVE_SAMPLES];
  double h = (net->hi[0] - net->lo[0]) * 1e-4;
  shl_panel_curve_x (tx, net);
  for (int k = 0; k < SHL_PANEL_CURVE_SAMPLES; k++)
    {
      double xp = fmin (tx[k] + h, net->hi[0]), xm = fmax (tx[k] - h, net->lo[0]);
      ty[k] = (shl_target_eval (target, &xp) - shl_target_eval (target, &xm)) / (xp - xm);
    }
  ShlSeriesStyle ts = shl_series_style (SHL_COLOR_FOREGROUND);
  ts.dash = SHL_DASH_DASHED;
  ts.alpha = 0.6;
  ts.label = "target$'$";
  shl_plot_add_line (p, tx, ty, SHL_PANEL_CURVE_SAMPLES, &ts);
}

/* The slopes of net (on dom's domain) between its distinct breakpoints,
 * rounding noise as 0: breaks in *b (n + 1), values in *v (n); returns n */
static int
slopes (double **b, double **v, const ShlNet *net, const ShlNet *dom)
{
  ShlNet *on = shl_panel_on_domain (net, dom);
  *b = g_new (double, on->m + 2);
  *v = g_new (double, on->m + 1);
  double *mid = g_new (double, on->m + 1), *f = g_new (double, on->m + 1);
  /* distinct breakpoints only: the derivative is constant between them */
  int nu = shl_panel_breakpoints_distinct_1d (*b, on);
  for (int k = 0; k + 1 < nu; k++)
    mid[k] = 0.5 * ((*b)[k] + (*b)[k + 1]);
  shl_panel_eval_clean (f, *v, on, mid, (size_t) (nu - 1));
  g_free (mid);
  g_free (f);
  shl_net_free (on);
  return nu - 1;
}

static void
add_twin_steps (ShlPlot *p, ShlPanelReport *rep, const double *b, const double *v, int n,
                double px)
{
  ShlSeriesStyle ws = shl_series_style (SHL_PANEL_TWIN_PALETTE);
  ws.width = 1.6;
  ws.dash = SHL_DASH_DASHED;
  ws.label = "twin $g'$";
  shl_panel_add_steps (p, rep, SHL_ROLE_TWIN_DERIV, SHL_OWNER_TWIN, b, v, n, &ws, px);
  /* g's jumps joined by faint verticals, so that a box reads as a box */
  if (n > 1)
    {
      double *seg = g_new (double, 4 * (n - 1));
      int ns = 0;
      for (int k = 1; k < n; k++)
        if (v[k] != v[k - 1])
          {
            seg[4 * ns] = seg[4 * ns + 2] = b[k];
            seg[4 * ns + 1] = v[k - 1];
            seg[4 * ns + 3] = v[k];
            ns++;
          }
      ShlSeriesStyle js = shl_series_style (SHL_PANEL_TWIN_PALETTE);
      js.dash = SHL_DASH_DOTTED;
      js.alpha = 0.6;
      js.width = 1.0;
      if (ns > 0)
        shl_plot_add_segments (p, seg, ns, &js);
      g_free (seg);
    }
}

static void
add_network_steps (ShlPlot *p, ShlPanelReport *rep, const double *b, const double *v, int n,
                   double px)
{
  ShlSeriesStyle fs = shl_series_style (0);
  fs.width = 1.8;
  fs.label = "network $f'$";
  shl_panel_add_steps (p, rep, SHL_ROLE_NETWORK_DERIV, SHL_OWNER_NET, b, v, n, &fs, px);
}

/* data units per user unit along x of a plot about to be drawn */
static double
x_per_unit (ShlPlot *p, const ShlPlotStyle *style, const ShlRect *area)
{
  ShlPlotLayout lay;
  shl_panel_apply_overrides (p, style, 0);
  shl_plot_compute_layout (p, style, area, &lay);
  return shl_plot_extras_data_per_unit (&lay, SHL_AXIS_X);
}

static void
draw_derivative_1d (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                    const ShlRect *area, ShlPanelReport *rep)
{
  const ShlNet *net = s->net;
  const ShlNet *twin = s->twin && s->twin->d == 1 ? s->twin : NULL;
  shl_panel_report_begin_plot (rep, "derivative");
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Derivative $f'$");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "$x$");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "$f'(x)$");
  shl_plot_set_axis_range (p, SHL_AXIS_X, net->lo[0], net->hi[0]);
  /* the inset goes in the top right corner: the legend anywhere else
   * with no data under it, or outside */
  shl_plot_set_legend (p, SHL_LEGEND_BEST);
  if (s->recipe.inset)
    shl_plot_legend_avoid (p, SHL_LEGEND_TOP_RIGHT);
  double lo = INFINITY, hi = -INFINITY;

  double *fb, *fv, *gb = NULL, *gv = NULL;
  int nf = slopes (&fb, &fv, net, net), ng = 0;
  shl_panel_extent_add (&lo, &hi, fv, nf);
  if (twin)
    {
      ng = slopes (&gb, &gv, twin, net);
      shl_panel_extent_add (&lo, &hi, gv, ng);
    }
  if (s->target)
    add_target_derivative (p, net, s->target);
  shl_panel_set_y_range (p, s->recipe.deriv_y, lo, hi);
  /* the x-range is fixed, so a pixel's width is known before the items */
  double px = x_per_unit (p, style, area);
  if (twin)
    add_twin_steps (p, rep, gb, gv, ng, px);
  add_network_steps (p, rep, fb, fv, nf, px);
  ShlSeriesStyle ks = shl_series_style (1);
  ks.width = 1.4;
  ks.label = "kinks";
  if (nf > 1 && !s->hide_kinks)
    {
      shl_plot_add_rug (p, fb + 1, nf - 1, &ks);
      shl_panel_report_add (rep, SHL_ROLE_KINKS, SHL_OWNER_NET, fb + 1, NULL, NULL, nf - 1);
    }
  if (s->highlight > 0 && s->highlight <= net->m && net->a[s->highlight - 1] != 0)
    {
      /* the emphasised neuron: where f' jumps by its c_i a_i */
      int i = s->highlight - 1;
      double t = -net->b[i] / net->a[i];
      if (t > net->lo[0] && t < net->hi[0])
        {
          ShlSeriesStyle hs = shl_series_style_color (shl_panel_neuron_color (style, i));
          hs.width = 3.0;
          shl_plot_add_rug (p, &t, 1, &hs);
          shl_panel_report_add (rep, SHL_ROLE_HIGHLIGHT, SHL_OWNER_NET, &t, NULL, &i, 1);
        }
    }
  ShlPlotLayout lay;
  shl_panel_plot_draw (p, cr, style, area, rep, &lay);

  ShlPanelInset in;
  if (s->recipe.inset && shl_panel_find_inset (&in, net, twin, TRUE, lay.y_min, lay.y_max))
    {
      double rx[2] = { in.x0, in.x1 }, ry[2] = { in.y0, in.y1 };
      ShlReportItem *it = shl_panel_report_add (rep, SHL_ROLE_INSET, SHL_OWNER_NONE, rx, ry, NULL, 2);
      if (it)
        it->value = in.zoom;
      shl_panel_report_begin_plot (rep, "inset");
      g_autoptr (ShlPlot) ip = shl_panel_inset_plot_new (&in);
      if (twin)
        add_twin_steps (ip, rep, gb, gv, ng, 0);
      add_network_steps (ip, rep, fb, fv, nf, 0);
      shl_panel_inset_draw (ip, &in, cr, style, &lay, rep);
    }
  g_free (fb);
  g_free (fv);
  g_free (gb);
  g_free (gv);
}

/* (f - g)' between the breakpoints of both, at its own scale, with the
 * piece where |(f - g)'| attains the W^{1,inf} distance marked */
static void
draw_difference_1d (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                    const ShlRect *area, ShlPanelReport *rep)
{
  const ShlNet *net = s->net;
  ShlNet *tw = shl_panel_on_domain (s->twin, net);
  shl_panel_report_begin_plot (rep, "difference-derivative");
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Difference $(f - g)'$");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "$x$");
  shl_plot_set_axis_range (p, SHL_AXIS_X, net->lo[0], net->hi[0]);
  shl_plot_set_legend (p, SHL_LEGEND_BEST);
  double *t = g_new (double, net->m + tw->m + 2), *mid = g_new (double, net->m + tw->m + 1);
  double *dv = g_new (double, net->m + tw->m + 1), *ignored = g_new (double, net->m + tw->m + 1);
  int n = shl_panel_union_breakpoints (t, net, tw) - 1;
  for (int k = 0; k < n; k++)
    mid[k] = 0.5 * (t[k] + t[k + 1]);
  shl_panel_eval_diff_clean (ignored, dv, net, tw, mid, (size_t) n);
  /* the piece with the largest |(f - g)'| (the first of equals) */
  int worst = -1;
  for (int k = 0; k < n; k++)
    if (dv[k] != 0 && (worst < 0 || fabs (dv[k]) > fabs (dv[worst])))
      worst = k;

  ShlSeriesStyle zs = shl_series_style (SHL_COLOR_FOREGROUND);
  zs.alpha = 0.35;
  zs.width = 0.8;
  shl_plot_add_hline (p, 0.0, &zs);
  double lo = 0, hi = 0;
  shl_panel_extent_add (&lo, &hi, dv, n);
  if (!(hi > lo))
    shl_plot_set_axis_range (p, SHL_AXIS_Y, -1, 1);
  double px = x_per_unit (p, style, area);
  ShlSeriesStyle ds = shl_series_style (0);
  ds.width = 1.8;
  ds.label = "$(f - g)'$";
  shl_panel_add_steps (p, rep, SHL_ROLE_DIFF_DERIV, SHL_OWNER_NET, t, dv, n, &ds, px);

  ShlDistances D;
  if (worst >= 0 && shl_realization_distance (&D, net, tw, NULL, NULL))
    {
      double x = mid[worst], y = dv[worst];
      ShlSeriesStyle ws = shl_series_style (1);
      ws.width = 4.0;
      ws.alpha = 0.6;
      ws.label = "where $|f - g|_{W^{1,∞}}$ is attained";
      double wb[2] = { t[worst], t[worst + 1] };
      if (wb[1] - wb[0] < 3 * px)
        {
          wb[0] = x - 1.5 * px;
          wb[1] = x + 1.5 * px;
        }
      shl_plot_add_steps (p, wb, &y, 1, &ws);
      char buf[96];
      /* (+ 0.0: a kink at -0.0 reads 0) */
      g_snprintf (buf, sizeof buf, "$W^{1,∞}$: %.3g on [%.3g, %.3g]", D.w1inf_2_robust, t[worst] + 0.0,
                  t[worst + 1] + 0.0);
      gboolean right = x > 0.5 * (net->lo[0] + net->hi[0]);
      shl_plot_add_text (p, x, y, SHL_COORDS_DATA,
                         right ? (y >= 0 ? SHL_ANCHOR_NE : SHL_ANCHOR_SE)
                               : (y >= 0 ? SHL_ANCHOR_NW : SHL_ANCHOR_SW),
                         buf);
      /* the legend not in the label's corner, nor over data */
      shl_plot_set_legend (p, SHL_LEGEND_BEST);
      shl_plot_legend_avoid (p, right ? (y >= 0 ? SHL_LEGEND_TOP_RIGHT : SHL_LEGEND_BOTTOM_RIGHT)
                                      : (y >= 0 ? SHL_LEGEND_TOP_LEFT : SHL_LEGEND_BOTTOM_LEFT));
      double rx[2] = { t[worst], t[worst + 1] }, ry[2] = { y, y };
      ShlReportItem *it = shl_panel_report_add (rep, SHL_ROLE_ARGW1, SHL_OWNER_NET, rx, ry, NULL, 2);
      if (it)
        {
          it->value = D.w1inf_2_robust;
          shl_panel_report_set_text (it, buf);
        }
    }
  else
    shl_plot_add_text (p, 0.5, 0.9, SHL_COORDS_AXES, SHL_ANCHOR_N, "$f' = g'$ on the domain");
  shl_panel_plot_draw (p, cr, style, area, rep, NULL);
  g_free (t);
  g_free (mid);
  g_free (dv);
  g_free (ignored);
  shl_net_free (tw);
}

/* ---------------------------------------------------------------- 2-D */

/* The gradient's component which (or its norm) of f - g (g may be NULL)
 * sampled on the SHL_PANEL_GRID_2D^2 grid: the fallback when there are
 * too many cells (g_free it). The gradient is constant on each cell of
 * the kink lines and undefined on them; a sample exactly on a line would
 * see neither side (the lines of cancelling pairs then show as false
 * ridges), so it is taken a hair off the cell centre. */
static double *
sampled_gradient (const ShlNet *net, const ShlNet *g, int which)
{
  const int n = SHL_PANEL_GRID_2D;
  double *x = shl_panel_grid_points (net), *z = g_new (double, n * n);
  double *f = g_new (double, n * n), *df = g_new (double, 2 * n * n);
  double h = 1e-7 * fmin (net->hi[0] - net->lo[0], net->hi[1] - net->lo[1]) / n;
  for (int k = 0; k < n * n; k++)
    {
      x[2 * k] += 0.7548776662 * h;
      x[2 * k + 1] += 0.5698402910 * h;
    }
  if (g)
    shl_panel_eval_diff_clean (f, df, net, g, x, (size_t) n * n);
  else
    shl_panel_eval_clean (f, df, net, x, (size_t) n * n);
  for (int k = 0; k < n * n; k++)
    {
      double g1 = df[2 * k], g2 = df[2 * k + 1];
      z[k] = which == SHL_GRAD_NORM ? hypot (g1, g2) : which == SHL_GRAD_X1 ? g1 : g2;
    }
  g_free (x);
  g_free (f);
  g_free (df);
  return z;
}

static void
draw_derivative_2d (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                    const ShlRect *area, ShlPanelReport *rep)
{
  const ShlNet *net = s->net;
  const int n = SHL_PANEL_GRID_2D;
  int which = (int) s->grad_view;
  const ShlNet *twin = s->twin && s->twin->d == 2 ? s->twin : NULL;
  gboolean diff = s->recipe.diff_view && twin;
  shl_panel_report_begin_plot (rep, diff ? "difference-derivative" : "derivative");
  g_autoptr (ShlPlot) p = shl_panel_map_2d_new (net);
  const char *what = which == SHL_GRAD_NORM ? (diff ? "$‖∇(f - g)‖$" : "$‖∇f‖$")
                     : which == SHL_GRAD_X1 ? (diff ? "$∂(f - g)/∂x_1$"
                                                    : "$∂f/∂x_1$")
                     : (diff ? "$∂(f - g)/∂x_2$" : "$∂f/∂x_2$");
  g_autofree char *title = g_strdup_printf (diff ? "Difference %s" : "Derivative %s", what);
  shl_plot_set_title (p, title);

  ShlNet *tw = twin ? shl_panel_on_domain (twin, net) : NULL;
  ShlHeatmapStyle hs = shl_heatmap_style (which != SHL_GRAD_NORM ? shl_panel_diverging_map (s)
                                                                 : SHL_COLORMAP_VIRIDIS);
  hs.colorbar = TRUE;
  hs.colorbar_label = what;
  hs.smooth = FALSE;   /* the gradient is piecewise constant: crisp cells */
  /* exact: the gradient on each cell of the kink lines, a flat fill;
   * sampled when there are too many cells */
  ShlCells *cells = shl_panel_cells (net, diff ? tw : NULL, s->max_cells);
  double *z;
  int nz;
  if (cells)
    {
      int mc = net->m + (diff ? tw->m : 0);
      nz = cells->n_cells;
      z = g_new (double, MAX (nz, 1));
      for (int k = 0; k < nz; k++)
        {
          double g[2];
          shl_panel_cells_grad (cells, mc, k, g);
          z[k] = which == SHL_GRAD_NORM ? hypot (g[0], g[1]) : which == SHL_GRAD_X1 ? g[0] : g[1];
        }
      /* signed components symmetric about 0, the norm from 0 */
      shl_panel_heatmap_range (&hs, z, nz, which != SHL_GRAD_NORM);
      shl_panel_fix_color_range (&hs, s->color_range[SHL_PANEL_DERIVATIVE]);
      shl_panel_add_cell_map (p, cells, mc, NULL, z, &hs);
    }
  else
    {
      nz = n * n;
      z = sampled_gradient (net, diff ? tw : NULL, which);
      shl_panel_heatmap_range (&hs, z, nz, which != SHL_GRAD_NORM);
      shl_panel_fix_color_range (&hs, s->color_range[SHL_PANEL_DERIVATIVE]);
      shl_plot_add_heatmap (p, z, n, n, net->lo[0], net->hi[0], net->lo[1], net->hi[1], &hs);
    }
  ShlReportItem *hm = shl_panel_report_add (rep, SHL_ROLE_HEATMAP, SHL_OWNER_NET, NULL, NULL, NULL, 0);
  if (hm)
    hm->vmin = hs.vmin, hm->vmax = hs.vmax;
  if (!s->hide_kinks)
    shl_panel_add_kink_lines (p, net);
  if (twin)
    {
      /* where g's gradient jumps: its kink lines, dotted in its colour */
      double *seg = g_new (double, 4 * (size_t) MAX (tw->m, 1));
      int ns = shl_net_kink_segments_2d (seg, NULL, tw);
      ShlSeriesStyle ks = shl_series_style (SHL_PANEL_TWIN_PALETTE);
      ks.width = 1.0;
      ks.dash = SHL_DASH_DOTTED;
      if (ns > 0)
        shl_plot_add_segments (p, seg, ns, &ks);
      double *sx = g_new (double, 2 * (size_t) MAX (ns, 1)), *sy = g_new (double, 2 * (size_t) MAX (ns, 1));
      for (int k = 0; k < ns; k++)
        {
          sx[2 * k] = seg[4 * k], sy[2 * k] = seg[4 * k + 1];
          sx[2 * k + 1] = seg[4 * k + 2], sy[2 * k + 1] = seg[4 * k + 3];
        }
      shl_panel_report_add (rep, SHL_ROLE_TWIN_DERIV, SHL_OWNER_TWIN, sx, sy, NULL, 2 * ns);
      g_free (sx);
      g_free (sy);
      g_free (seg);
    }
  gboolean zero = TRUE;
  for (int k = 0; k < nz && zero; k++)
    zero = z[k] == 0.0;
  if (zero)
    {
      /* said in the title: text on the map would sit on its colours */
      g_autofree char *t2 = g_strdup_printf ("%s\n<span size=\"small\">%s</span>", title,
                                             diff ? "$∇f = ∇g$ on the domain"
                                                  : "$∇f = 0$ on the domain (to rounding)");
      shl_plot_set_title (p, t2);
      ShlReportItem *it = shl_panel_report_add (rep, SHL_ROLE_CAPTION, SHL_OWNER_NET, NULL, NULL, NULL, 0);
      shl_panel_report_set_text (it, diff ? "grad f = grad g" : "grad f = 0");
    }
  shl_panel_plot_draw (p, cr, style, area, rep, NULL);
  shl_cells_free (cells);
  shl_net_free (tw);
  g_free (z);
}

void
shl_panel_derivative_draw (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                           const ShlRect *area, ShlPanelReport *rep)
{
  if (s->net->d == 2)
    draw_derivative_2d (cr, s, style, area, rep);
  else if (s->recipe.diff_view && s->twin && s->twin->d == 1)
    draw_difference_1d (cr, s, style, area, rep);
  else
    draw_derivative_1d (cr, s, style, area, rep);
}

/* ---------------------------------------------------------------- CSV */

/* 1-D: f' on each interval between distinct breakpoints. In 2-D the
 * gradient is in the realization's grid.csv. */
gboolean
shl_panel_derivative_csv (const ShlScene *s, ShlCsv *csv, GError **error)
{
  const ShlNet *net = s->net;
  if (net->d != 1)
    return TRUE;
  double *bp = g_new (double, net->m + 2);
  int nu = shl_panel_breakpoints_distinct_1d (bp, net);
  shl_csv_begin (csv, "x_from,x_to,df_dx\n");
  for (int k = 0; k + 1 < nu; k++)
    {
      double mid = 0.5 * (bp[k] + bp[k + 1]), f1, df;
      shl_net_eval (&f1, &df, net, &mid, 1);
      shl_csv_row (csv, (double[]) { bp[k], bp[k + 1], df }, 3);
    }
  g_free (bp);
  if (!shl_csv_write (csv, "derivative.csv", error))
    return FALSE;
  if (!s->twin || s->twin->d != 1)
    return TRUE;
  /* the twin's derivative on f's domain, exact */
  ShlNet *tw = shl_panel_on_domain (s->twin, net);
  double *tb = g_new (double, tw->m + 2);
  int nt = shl_panel_breakpoints_distinct_1d (tb, tw);
  shl_csv_begin (csv, "x_from,x_to,dg_dx\n");
  for (int k = 0; k + 1 < nt; k++)
    {
      double mid = 0.5 * (tb[k] + tb[k + 1]), g1, dg;
      shl_net_eval (&g1, &dg, tw, &mid, 1);
      shl_csv_row (csv, (double[]) { tb[k], tb[k + 1], dg }, 3);
    }
  g_free (tb);
  shl_net_free (tw);
  return shl_csv_write (csv, "twin-derivative.csv", error);
}
