/* shl-panel-derivative.c: the derivative f', exact in 1-D (a step
 * function between the breakpoints), the gradient as a heat map with the
 * kink lines in 2-D; its series as CSV. */
#include "shl-panels-private.h"

#include <math.h>

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

static void
draw_derivative_1d (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                    const ShlRect *area)
{
  const ShlNet *net = s->net;
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Derivative $f'$");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "$x$");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "$f'(x)$");
  shl_plot_set_axis_range (p, SHL_AXIS_X, net->lo[0], net->hi[0]);
  shl_plot_set_legend (p, SHL_LEGEND_BEST);

  double *bp = g_new (double, net->m + 2), *mid = g_new (double, net->m + 1);
  double *dv = g_new (double, net->m + 1), *ignored = g_new (double, net->m + 1);
  /* distinct breakpoints only: the derivative is constant between them */
  int nu = shl_panel_breakpoints_distinct_1d (bp, net);
  for (int k = 0; k + 1 < nu; k++)
    mid[k] = 0.5 * (bp[k] + bp[k + 1]);
  shl_net_eval (ignored, dv, net, mid, (size_t) (nu - 1));

  if (s->target)
    add_target_derivative (p, net, s->target);
  ShlSeriesStyle fs = shl_series_style (0);
  fs.width = 1.8;
  fs.label = "$f'$";
  shl_plot_add_steps (p, bp, dv, nu - 1, &fs);
  ShlSeriesStyle ks = shl_series_style (1);
  ks.width = 1.4;
  ks.label = "kinks";
  if (nu > 2)
    shl_plot_add_rug (p, bp + 1, nu - 2, &ks);
  shl_plot_draw (p, cr, style, area, NULL);
  g_free (bp);
  g_free (mid);
  g_free (dv);
  g_free (ignored);
}

/* ---------------------------------------------------------------- 2-D */

static void
draw_derivative_2d (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                    const ShlRect *area)
{
  const ShlNet *net = s->net;
  const int n = SHL_PANEL_GRID_2D;
  int which = (int) s->grad_view;
  g_autoptr (ShlPlot) p = shl_panel_map_2d_new (net);
  const char *cb;
  if (which == SHL_GRAD_NORM)
    {
      shl_plot_set_title (p, "Derivative $‖∇f‖$");
      cb = "$‖∇f‖$";
    }
  else
    {
      shl_plot_set_title (p, which == SHL_GRAD_X1 ? "Derivative $∂f/∂x_1$"
                                                  : "Derivative $∂f/∂x_2$");
      cb = which == SHL_GRAD_X1 ? "$∂f/∂x_1$" : "$∂f/∂x_2$";
    }

  double *z = shl_panel_grid_values (net, which);
  ShlHeatmapStyle hs = shl_heatmap_style (which != SHL_GRAD_NORM ? SHL_COLORMAP_COOLWARM
                                                                 : SHL_COLORMAP_VIRIDIS);
  hs.colorbar = TRUE;
  hs.colorbar_label = cb;
  hs.smooth = FALSE;   /* the gradient is piecewise constant: crisp cells */
  shl_plot_add_heatmap (p, z, n, n, net->lo[0], net->hi[0], net->lo[1], net->hi[1], &hs);
  shl_panel_add_kink_lines (p, net);
  shl_plot_draw (p, cr, style, area, NULL);
  g_free (z);
}

void
shl_panel_derivative_draw (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                           const ShlRect *area)
{
  if (s->net->d == 2)
    draw_derivative_2d (cr, s, style, area);
  else
    draw_derivative_1d (cr, s, style, area);
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
  return shl_csv_write (csv, "derivative.csv", error);
}
