/* shl-panels.c: panel ids, the dispatch to each panel's file, and the
 * helpers several panels share. */
#include "shl-panels-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

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
  shl_panel_draw_report (cr, kind, s, style, area, NULL);
}

void
shl_panel_draw_report (cairo_t *cr, ShlPanelKind kind, const ShlScene *s,
                       const ShlPlotStyle *style, const ShlRect *area,
                       ShlPanelReport *rep)
{
  g_return_if_fail (cr != NULL && style != NULL && area != NULL);
  if (rep)
    shl_panel_report_clear (rep);
  if (!s || !s->net)
    {
      shl_panel_report_begin_plot (rep, "message");
      shl_panel_draw_message (cr, style, area, shl_panel_title (kind), "waiting for the engine…");
      return;
    }
  switch (kind)
    {
    case SHL_PANEL_REALIZATION:
      shl_panel_realization_draw (cr, s, style, area, rep);
      break;
    case SHL_PANEL_DERIVATIVE:
      shl_panel_derivative_draw (cr, s, style, area, rep);
      break;
    case SHL_PANEL_LANDSCAPE:
      shl_panel_landscape_draw (cr, s, style, area, rep);
      break;
    case SHL_PANEL_TRAJECTORY:
      shl_panel_trajectory_draw (cr, s, style, area, rep);
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

/* ------------------------------------------------------ noise as zero */

void
shl_view_recipe_init (ShlViewRecipe *r)
{
  g_return_if_fail (r != NULL);
  memset (r, 0, sizeof *r);
  r->real_y[0] = r->real_y[1] = NAN;
  r->deriv_y[0] = r->deriv_y[1] = NAN;
  r->kink_x[0] = r->kink_x[1] = NAN;
  r->highlight = SHL_READOUT_NONE;
}

double
shl_panel_noise_tol (int m, double A)
{
  return shl_noise_tol (m, A);
}

/* The magnitude the terms of f at x add up to, A(x) = sum |c_i|
 * (|<a_i, x>| + |b_i|) over the neurons active at x (or within rounding of
 * it) + |<v, x>| + |e|, and, if G is not NULL, G (d) = the sum of |c_i a_ij|
 * over the same neurons + |v_j|. Using |a_ij x_j| + |b_i| rather than the
 * pre-activation itself covers the rounding of the pre-activation. */
static void
term_sums (double *A, double *G, const ShlNet *net, const double *x)
{
  const int d = net->d;
  double acc = fabs (*net->e);
  if (G)
    for (int j = 0; j < d; j++)
      G[j] = fabs (net->v[j]);
  for (int j = 0; j < d; j++)
    acc += fabs (net->v[j] * x[j]);
  for (int i = 0; i < net->m; i++)
    {
      const double *a = net->a + (size_t) i * d;
      double z = net->b[i], size = fabs (net->b[i]);
      for (int j = 0; j < d; j++)
        {
          z += a[j] * x[j];
          size += fabs (a[j] * x[j]);
        }
      if (z <= -SHL_NOISE_ULPS * DBL_EPSILON * size)
        continue;
      acc += fabs (net->c[i]) * size;
      if (G)
        for (int j = 0; j < d; j++)
          G[j] += fabs (net->c[i] * a[j]);
    }
  *A = acc;
}

void
shl_panel_eval_clean (double *f, double *df, const ShlNet *net, const double *x, size_t n)
{
  const int d = net->d;
  shl_net_eval (f, df, net, x, n);
  double G[SHL_MAX_DIM];
  for (size_t k = 0; k < n; k++)
    {
      double A;
      term_sums (&A, df ? G : NULL, net, x + k * d);
      if (fabs (f[k]) <= shl_panel_noise_tol (net->m, A))
        f[k] = 0.0;
      if (df)
        for (int j = 0; j < d; j++)
          if (fabs (df[k * d + j]) <= shl_panel_noise_tol (net->m, G[j]))
            df[k * d + j] = 0.0;
    }
}

void
shl_panel_eval_diff_clean (double *diff, double *dd, const ShlNet *f, const ShlNet *g,
                           const double *x, size_t n)
{
  const int d = f->d;
  double *gv = g_new (double, MAX (n, 1)), *gd = dd ? g_new (double, MAX (n, 1) * d) : NULL;
  shl_net_eval (diff, dd, f, x, n);
  shl_net_eval (gv, gd, g, x, n);
  double Gf[SHL_MAX_DIM], Gg[SHL_MAX_DIM];
  const int m = f->m + g->m;
  for (size_t k = 0; k < n; k++)
    {
      double Af, Ag;
      term_sums (&Af, dd ? Gf : NULL, f, x + k * d);
      term_sums (&Ag, dd ? Gg : NULL, g, x + k * d);
      diff[k] -= gv[k];
      if (fabs (diff[k]) <= shl_panel_noise_tol (m, Af + Ag))
        diff[k] = 0.0;
      if (dd)
        for (int j = 0; j < d; j++)
          {
            dd[k * d + j] -= gd[k * d + j];
            if (fabs (dd[k * d + j]) <= shl_panel_noise_tol (m, Gf[j] + Gg[j]))
              dd[k * d + j] = 0.0;
          }
    }
  g_free (gv);
  g_free (gd);
}

ShlNet *
shl_panel_on_domain (const ShlNet *net, const ShlNet *dom)
{
  ShlNet *out = shl_net_new (net->m, net->d, dom->lo, dom->hi);
  memcpy (out->theta, net->theta, net->n_params * sizeof (double));
  return out;
}

/* ---------------------------------------------------- neurons, colours */

/* the palette in the order neurons take it: the colours of f (0) and of
 * the twin (4) last, so that the first five neurons look like neither */
static const int neuron_palette[SHL_PALETTE_SIZE] = { 1, 2, 3, 5, 6, 0, 4 };

ShlColor
shl_panel_neuron_color (const ShlPlotStyle *style, int i)
{
  return shl_plot_style_series_color (style, neuron_palette[(i % SHL_PALETTE_SIZE + SHL_PALETTE_SIZE)
                                                            % SHL_PALETTE_SIZE]);
}

ShlColor
shl_panel_ghost_color (const ShlPlotStyle *style)
{
  return shl_color_mix (style->foreground, style->background, 0.45);
}

gboolean
shl_panel_range_set (const double *r)
{
  return isfinite (r[0]) && isfinite (r[1]) && r[0] < r[1];
}

void
shl_panel_apply_overrides (ShlPlot *p, const ShlPlotStyle *style, int which)
{
  if (p && style && which >= 0 && which < 2 && style->overrides[which])
    shl_plot_apply_overrides (p, style->overrides[which]);
}

ShlColormap
shl_panel_diverging_map (const ShlScene *s)
{
  ShlColormap m = (ShlColormap) s->diverging_map;
  return shl_colormap_is_diverging (m) ? m : SHL_COLORMAP_COOLWARM;
}

void
shl_panel_fix_color_range (ShlHeatmapStyle *hs, const double *r)
{
  if (!shl_panel_range_set (r) || (hs->scale == SHL_SCALE_LOG10 && !(r[0] > 0)))
    return;
  hs->vmin = r[0];
  hs->vmax = r[1];
}

void
shl_panel_plot_draw (ShlPlot *p, cairo_t *cr, const ShlPlotStyle *style, const ShlRect *area,
                     ShlPanelReport *rep, ShlPlotLayout *layout)
{
  ShlPlotLayout lay;
  shl_panel_apply_overrides (p, style, 0);
  shl_plot_draw (p, cr, style, area, &lay);
  shl_panel_report_end_plot (rep, &lay);
  if (layout)
    *layout = lay;
}

void
shl_panel_heatmap_range (ShlHeatmapStyle *hs, const double *z, int n, gboolean is_signed)
{
  double lo = INFINITY, hi = -INFINITY;
  for (int k = 0; k < n; k++)
    if (isfinite (z[k]))
      {
        lo = fmin (lo, z[k]);
        hi = fmax (hi, z[k]);
      }
  if (is_signed)
    {
      double M = fmax (fabs (lo), fabs (hi));
      if (!(M > 0) || !isfinite (M))
        M = 1.0;
      hs->vmin = -M;
      hs->vmax = M;
    }
  else
    {
      hs->vmin = 0.0;
      hs->vmax = hi > 0 && isfinite (hi) ? hi : 1.0;
    }
}

void
shl_panel_add_events (ShlPlot *p, const ShlScene *s, ShlPanelReport *rep, const double *y, int n)
{
  /* labels at the top of the series, if one is given */
  double top = -INFINITY;
  for (int k = 0; y && k < n; k++)
    if (isfinite (y[k]))
      top = fmax (top, y[k]);
  for (guint k = 0; k < s->n_events; k++)
    {
      double x = (double) s->event_step[k];
      ShlSeriesStyle es = shl_series_style (SHL_COLOR_FOREGROUND);
      es.dash = SHL_DASH_DASHDOT;
      es.alpha = 0.55;
      es.width = 0.9;
      shl_plot_add_vline (p, x, &es);
      const char *label = s->event_label ? s->event_label[k] : NULL;
      /* one label per step (several moves at one step: the last) */
      gboolean last_at_step = k + 1 == s->n_events || s->event_step[k + 1] != s->event_step[k];
      if (label && isfinite (top) && last_at_step)
        {
          /* right of the line, or left of it in the right half */
          gboolean right_half = x > 0.5 * (double) s->step;
          g_autofree char *m = g_markup_printf_escaped (right_half ? "<span size=\"small\">%s </span>"
                                                                   : "<span size=\"small\"> %s</span>", label);
          shl_plot_add_text (p, x, top, SHL_COORDS_DATA, right_half ? SHL_ANCHOR_NE : SHL_ANCHOR_NW, m);
        }
      ShlReportItem *it = shl_panel_report_add (rep, SHL_ROLE_EVENT, SHL_OWNER_NET, &x, NULL, NULL, 1);
      shl_panel_report_set_text (it, label);
    }
}
