/* shl-panels.c: panel ids, the dispatch to each panel's file, and the
 * helpers several panels share. */
#include "shl-panels-private.h"

#include <math.h>

#include "shl-geom.h"

static const char *const panel_ids[] = { "realization", "derivative",
                                         "landscape", "trajectory" };
static const char *const panel_titles[] = { "Realization", "Derivative",
                                            "Loss landscape",
                                            "Parameter trajectories" };

const char *
shl_panel_id (ShlPanelKind kind)
{
  return (unsigned) kind < SHL_N_PANELS ? panel_ids[kind] : "unknown";
}

const char *
shl_panel_title (ShlPanelKind kind)
{
  return (unsigned) kind < SHL_N_PANELS ? panel_titles[kind] : "";
}

gboolean
shl_panel_from_id (const char *id, ShlPanelKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);
  for (int k = 0; k < SHL_N_PANELS; k++)
    if (g_strcmp0 (id, panel_ids[k]) == 0)
      {
        *out = (ShlPanelKind) k;
        return TRUE;
      }
  return FALSE;
}

void
shl_panel_draw (cairo_t *cr, ShlPanelKind kind, const ShlScene *s,
                const ShlPlotStyle *style, const ShlRect *area)
{
  g_return_if_fail (cr != NULL && style != NULL && area != NULL);
  if (!s || !s->net)
    {
      shl_panel_draw_message (cr, style, area, shl_panel_title (kind), "waiting for the engine…");
      return;
    }
  switch (kind)
    {
    case SHL_PANEL_REALIZATION:
      shl_panel_realization_draw (cr, s, style, area);
      break;
    case SHL_PANEL_DERIVATIVE:
      shl_panel_derivative_draw (cr, s, style, area);
      break;
    case SHL_PANEL_LANDSCAPE:
      shl_panel_landscape_draw (cr, s, style, area);
      break;
    case SHL_PANEL_TRAJECTORY:
      shl_panel_trajectory_draw (cr, s, style, area);
      break;
    default:
      break;
    }
}

/* ----------------------------------------------------- shared helpers */

void
shl_panel_draw_message (cairo_t *cr, const ShlPlotStyle *style, const ShlRect *area,
                        const char *title, const char *message)
{
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, title);
  shl_plot_set_axis_range (p, SHL_AXIS_X, 0, 1);
  shl_plot_set_axis_range (p, SHL_AXIS_Y, 0, 1);
  shl_plot_add_text (p, 0.5, 0.5, SHL_COORDS_AXES, SHL_ANCHOR_CENTER, message);
  shl_plot_draw (p, cr, style, area, NULL);
}

int
shl_panel_breakpoints_1d (double *t /* (m + 2) */, const ShlNet *net)
{
  int nk = shl_net_kinks_1d (t + 1, NULL, net);
  t[0] = net->lo[0];
  t[nk + 1] = net->hi[0];
  return nk + 2;
}

int
shl_panel_breakpoints_distinct_1d (double *t /* (m + 2) */, const ShlNet *net)
{
  int nb = shl_panel_breakpoints_1d (t, net);
  int nu = 0;
  for (int k = 0; k < nb; k++)
    if (nu == 0 || t[k] > t[nu - 1])
      t[nu++] = t[k];
  return nu;
}

void
shl_panel_curve_x (double *x /* (CURVE_SAMPLES) */, const ShlNet *net)
{
  for (int k = 0; k < SHL_PANEL_CURVE_SAMPLES; k++)
    x[k] = net->lo[0] + (net->hi[0] - net->lo[0]) * k / (SHL_PANEL_CURVE_SAMPLES - 1);
}

void
shl_panel_target_curve (double *x /* (CURVE_SAMPLES) */, double *y /* (CURVE_SAMPLES) */,
                        const ShlNet *net, const ShlTarget *target)
{
  shl_panel_curve_x (x, net);
  for (int k = 0; k < SHL_PANEL_CURVE_SAMPLES; k++)
    y[k] = shl_target_eval (target, &x[k]);
}

double *
shl_panel_grid_points (const ShlNet *net) /* (n * n, 2) */
{
  const int n = SHL_PANEL_GRID_2D;
  double *x = g_new (double, 2 * n * n);
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++)
      {
        x[2 * (j * n + i)] = net->lo[0] + (net->hi[0] - net->lo[0]) * (i + 0.5) / n;
        x[2 * (j * n + i) + 1] = net->lo[1] + (net->hi[1] - net->lo[1]) * (j + 0.5) / n;
      }
  return x;
}

double *
shl_panel_grid_values (const ShlNet *net, int which /* -1: f, else ShlGradView */)
{
  const int n = SHL_PANEL_GRID_2D;
  double *x = shl_panel_grid_points (net), *f = g_new (double, n * n);
  double *df = g_new (double, 2 * n * n);
  shl_net_eval (f, df, net, x, (size_t) n * n);
  if (which >= 0)
    for (int k = 0; k < n * n; k++)
      {
        double g1 = df[2 * k], g2 = df[2 * k + 1];
        f[k] = which == SHL_GRAD_NORM ? hypot (g1, g2) : which == SHL_GRAD_X1 ? g1 : g2;
      }
  g_free (x);
  g_free (df);
  return f;
}

ShlPlot *
shl_panel_map_2d_new (const ShlNet *net)
{
  ShlPlot *p = shl_plot_new ();
  shl_plot_set_axis_label (p, SHL_AXIS_X, "$x_1$");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "$x_2$");
  shl_plot_set_equal_aspect (p, TRUE);
  shl_plot_set_axis_range (p, SHL_AXIS_X, net->lo[0], net->hi[0]);
  shl_plot_set_axis_range (p, SHL_AXIS_Y, net->lo[1], net->hi[1]);
  shl_plot_set_grid (p, FALSE);
  shl_plot_set_legend (p, SHL_LEGEND_NONE);
  return p;
}

void
shl_panel_add_kink_lines (ShlPlot *p, const ShlNet *net)
{
  double *seg = g_new (double, 4 * (size_t) MAX (net->m, 1));
  int ns = shl_net_kink_segments_2d (seg, NULL, net);
  ShlSeriesStyle ks = shl_series_style (SHL_COLOR_FOREGROUND);
  ks.width = 0.9;
  ks.alpha = 0.8;
  ks.dash = SHL_DASH_DASHED;
  ks.label = "kink lines";
  if (ns > 0)
    shl_plot_add_segments (p, seg, ns, &ks);
  g_free (seg);
}
