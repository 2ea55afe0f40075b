/* shl-stability-scatter.c: the inverse-stability scatter (see
 * shl-stability-scatter.h). */
#include "shl-stability-scatter.h"

#include <math.h>

#include "shl-plot.h"

ShlStabilitySample *
shl_stability_scatter_sample (guint n, int m)
{
  ShlStabilitySample *s = g_new0 (ShlStabilitySample, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    if (!shl_stability_sample (&s[k], m, 1, k))
      s[k].eps = NAN;
  return s;
}

void
shl_stability_scatter_draw (cairo_t *cr, const ShlStabilitySample *samples, guint n,
                            const char *empty_note, const ShlPlotStyle *style,
                            const ShlRect *area)
{
  g_return_if_fail (cr != NULL && style != NULL && area != NULL);
  g_return_if_fail (n == 0 || samples != NULL);
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Inverse stability: distance to the fibre against ε");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "$ε = ‖g − R(Γ)‖_{W^{1,∞}}$");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "<i>d</i><sub>fib</sub>(Γ, <i>g</i>)");
  shl_plot_set_axis_scale (p, SHL_AXIS_X, SHL_SCALE_LOG10);
  shl_plot_set_axis_scale (p, SHL_AXIS_Y, SHL_SCALE_LOG10);
  shl_plot_set_legend (p, SHL_LEGEND_BOTTOM_RIGHT);
  if (n == 0)
    {
      shl_plot_set_axis_range (p, SHL_AXIS_X, 1e-5, 1);
      shl_plot_set_axis_range (p, SHL_AXIS_Y, 1e-3, 10);
      if (empty_note)
        shl_plot_add_text (p, 0.5, 0.5, SHL_COORDS_AXES, SHL_ANCHOR_CENTER, empty_note);
      shl_plot_draw (p, cr, style, area, NULL);
      return;
    }
  double *x = g_new (double, n), *y = g_new (double, n), *xu = g_new (double, n), *yu = g_new (double, n);
  double lo = INFINITY, hi = 0;
  for (guint k = 0; k < n; k++)
    {
      x[k] = samples[k].eps;
      y[k] = samples[k].restricted;
      xu[k] = samples[k].eps_unrestricted;
      yu[k] = samples[k].unrestricted;
      if (x[k] > 0 && isfinite (x[k]))
        lo = fmin (lo, x[k]), hi = fmax (hi, x[k]);
    }
  ShlSeriesStyle su = shl_series_style (1);
  su.marker = SHL_MARKER_TRIANGLE;
  su.marker_scale = 0.6;
  su.alpha = 0.6;
  su.label = "unbalanced Γ′ (same function)";
  shl_plot_add_scatter (p, xu, yu, NULL, (int) n, &su);
  ShlSeriesStyle sr = shl_series_style (0);
  sr.marker = SHL_MARKER_CIRCLE;
  sr.marker_scale = 0.6;
  sr.alpha = 0.7;
  sr.label = "restricted Γ";
  shl_plot_add_scatter (p, x, y, NULL, (int) n, &sr);
  if (hi > lo)
    {
      enum { K = 60 };
      double bx[K], by[K], hx[K], hy[K];
      for (int k = 0; k < K; k++)
        {
          double e = lo * pow (hi / lo, (double) k / (K - 1));
          bx[k] = hx[k] = e;
          by[k] = (2 + sqrt (2.0)) * pow (2.0, 0.25) * sqrt (e) + 2 * e;
          hy[k] = sqrt (e);
        }
      ShlSeriesStyle sb = shl_series_style (SHL_COLOR_FOREGROUND);
      sb.width = 1.4;
      sb.label = "proven bound";
      shl_plot_add_line (p, bx, by, K, &sb);
      ShlSeriesStyle sh = shl_series_style (SHL_COLOR_FOREGROUND);
      sh.dash = SHL_DASH_DASHED;
      sh.alpha = 0.7;
      sh.label = "slope ½: √ε";
      shl_plot_add_line (p, hx, hy, K, &sh);
    }
  shl_plot_draw (p, cr, style, area, NULL);
  g_free (x);
  g_free (y);
  g_free (xu);
  g_free (yu);
}
