/* shl-panels.c: realization, derivative, landscape, trajectories. */
#include "shl-panels.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include <glib/gstdio.h>
#include <errno.h>

#include "shl-geom.h"
#include "shl-io.h"
#include "shl-landscape.h"
#include "shl-paramdist.h"
#include "shl-plot.h"

#define CURVE_SAMPLES 400      /* target curves */
#define GRID_2D 120            /* heat maps of f and its gradient */
#define PATH_POINTS 400        /* history points drawn per neuron */

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
  for (int k = 0; k < SHL_N_PANELS; k++)
    if (g_strcmp0 (id, panel_ids[k]) == 0)
      {
        *out = (ShlPanelKind) k;
        return TRUE;
      }
  return FALSE;
}

static void
draw_message (cairo_t *cr, const ShlPlotStyle *style, const ShlRect *area,
              const char *title, const char *message)
{
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, title);
  shl_plot_set_axis_range (p, SHL_AXIS_X, 0, 1);
  shl_plot_set_axis_range (p, SHL_AXIS_Y, 0, 1);
  shl_plot_add_text (p, 0.5, 0.5, SHL_COORDS_AXES, SHL_ANCHOR_CENTER, message);
  shl_plot_draw (p, cr, style, area, NULL);
}

/* Sorted breakpoints of f in [lo, hi]: lo, the kinks inside, hi. */
static int
breakpoints_1d (double *t /* (m + 2) */, const ShlNet *net)
{
  int nk = shl_net_kinks_1d (t + 1, NULL, net);
  t[0] = net->lo[0];
  t[nk + 1] = net->hi[0];
  return nk + 2;
}

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

/* ------------------------------------------------------ realization 1-D */

static void
draw_realization_1d (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                     const ShlRect *area)
{
  const ShlNet *net = s->net;
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Realization <i>f</i>");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "<i>x</i>");
  shl_plot_set_axis_range (p, SHL_AXIS_X, net->lo[0], net->hi[0]);
  shl_plot_set_legend (p, SHL_LEGEND_BEST);

  double *bp = g_new (double, net->m + 2), *fv = g_new (double, net->m + 2);
  int nb = breakpoints_1d (bp, net);

  if (s->show_neurons)
    for (int i = 0; i < net->m; i++)
      {
        /* c_i relu(a_i x + b_i) through the ends and its kink */
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

  add_data_scatter (p, s, style, 0, FALSE);

  if (s->target)
    {
      double tx[CURVE_SAMPLES], ty[CURVE_SAMPLES];
      for (int k = 0; k < CURVE_SAMPLES; k++)
        {
          tx[k] = net->lo[0] + (net->hi[0] - net->lo[0]) * k / (CURVE_SAMPLES - 1);
          ty[k] = shl_target_eval (s->target, &tx[k]);
        }
      ShlSeriesStyle ts = shl_series_style (SHL_COLOR_FOREGROUND);
      ts.dash = SHL_DASH_DASHED;
      ts.alpha = 0.7;
      ts.label = "target";
      shl_plot_add_line (p, tx, ty, CURVE_SAMPLES, &ts);
    }

  if (s->twin && s->twin->d == 1)
    {
      /* the twin g, exact through its breakpoints (on f's domain) */
      ShlNet *tw = shl_net_new (s->twin->m, 1, net->lo, net->hi);
      memcpy (tw->theta, s->twin->theta, s->twin->n_params * sizeof (double));
      double *tb = g_new (double, tw->m + 2), *tv = g_new (double, tw->m + 2);
      int nt = breakpoints_1d (tb, tw);
      shl_net_eval (tv, NULL, tw, tb, (size_t) nt);
      ShlSeriesStyle ws = shl_series_style (4);
      ws.width = 1.6;
      ws.dash = SHL_DASH_DASHED;
      ws.label = "twin <i>g</i>";
      shl_plot_add_line (p, tb, tv, nt, &ws);
      g_free (tb);
      g_free (tv);
      shl_net_free (tw);
    }

  /* f is piecewise linear: the polyline through its breakpoints is exact */
  shl_net_eval (fv, NULL, net, bp, (size_t) nb);
  ShlSeriesStyle fs = shl_series_style (0);
  fs.width = 1.8;
  fs.label = "network <i>f</i>";
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

/* ------------------------------------------------------------- 2-D maps */

/* f or a gradient view on a GRID_2D^2 grid of cell centres */
static double *
grid_values (const ShlNet *net, int which /* -1: f, else ShlGradView */)
{
  const int n = GRID_2D;
  double *x = g_new (double, 2 * n * n), *f = g_new (double, n * n);
  double *df = g_new (double, 2 * n * n);
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++)
      {
        x[2 * (j * n + i)] = net->lo[0] + (net->hi[0] - net->lo[0]) * (i + 0.5) / n;
        x[2 * (j * n + i) + 1] = net->lo[1] + (net->hi[1] - net->lo[1]) * (j + 0.5) / n;
      }
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

static void
add_kink_lines (ShlPlot *p, const ShlNet *net, const ShlPlotStyle *style)
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

static void
draw_map_2d (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
             const ShlRect *area, gboolean derivative)
{
  const ShlNet *net = s->net;
  g_autoptr (ShlPlot) p = shl_plot_new ();
  const char *cb;
  int which = derivative ? (int) s->grad_view : -1;
  if (!derivative)
    {
      shl_plot_set_title (p, "Realization <i>f</i>");
      cb = "<i>f</i>";
    }
  else if (which == SHL_GRAD_NORM)
    {
      shl_plot_set_title (p, "Derivative ‖∇<i>f</i>‖");
      cb = "‖∇<i>f</i>‖";
    }
  else
    {
      shl_plot_set_title (p, which == SHL_GRAD_X1 ? "Derivative ∂<i>f</i>/∂<i>x</i><sub>1</sub>"
                                                  : "Derivative ∂<i>f</i>/∂<i>x</i><sub>2</sub>");
      cb = which == SHL_GRAD_X1 ? "∂<i>f</i>/∂<i>x</i><sub>1</sub>" : "∂<i>f</i>/∂<i>x</i><sub>2</sub>";
    }
  shl_plot_set_axis_label (p, SHL_AXIS_X, "<i>x</i><sub>1</sub>");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "<i>x</i><sub>2</sub>");
  shl_plot_set_equal_aspect (p, TRUE);
  shl_plot_set_axis_range (p, SHL_AXIS_X, net->lo[0], net->hi[0]);
  shl_plot_set_axis_range (p, SHL_AXIS_Y, net->lo[1], net->hi[1]);
  shl_plot_set_grid (p, FALSE);
  shl_plot_set_legend (p, SHL_LEGEND_NONE);

  double *z = grid_values (net, which);
  gboolean diverging = derivative ? which != SHL_GRAD_NORM
                                  : (s->data && s->data->classification);
  ShlHeatmapStyle hs = shl_heatmap_style (diverging ? SHL_COLORMAP_COOLWARM
                                                    : SHL_COLORMAP_VIRIDIS);
  hs.colorbar = TRUE;
  hs.colorbar_label = cb;
  /* the gradient is piecewise constant: crisp cells; f is continuous */
  hs.smooth = !derivative;
  shl_plot_add_heatmap (p, z, GRID_2D, GRID_2D, net->lo[0], net->hi[0],
                        net->lo[1], net->hi[1], &hs);
  if (!derivative)
    {
      ShlSeriesStyle cs = shl_series_style (SHL_COLOR_FOREGROUND);
      cs.width = 0.7;
      cs.alpha = 0.55;
      if (s->data && s->data->classification)
        {
          double level = 0.0;
          cs.width = 1.6;
          cs.alpha = 0.9;
          shl_plot_add_contours (p, z, GRID_2D, GRID_2D, net->lo[0], net->hi[0],
                                 net->lo[1], net->hi[1], &level, 1, &cs);
        }
      else
        shl_plot_add_contours (p, z, GRID_2D, GRID_2D, net->lo[0], net->hi[0],
                               net->lo[1], net->hi[1], NULL, 8, &cs);
      add_data_scatter (p, s, style, 0, TRUE);
    }
  add_kink_lines (p, net, style);
  shl_plot_draw (p, cr, style, area, NULL);
  g_free (z);
}

/* ------------------------------------------------------- derivative 1-D */

static void
draw_derivative_1d (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                    const ShlRect *area)
{
  const ShlNet *net = s->net;
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Derivative <i>f</i>′");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "<i>x</i>");
  shl_plot_set_axis_range (p, SHL_AXIS_X, net->lo[0], net->hi[0]);
  shl_plot_set_legend (p, SHL_LEGEND_BEST);

  double *bp = g_new (double, net->m + 2), *mid = g_new (double, net->m + 1);
  double *dv = g_new (double, net->m + 1), *ignored = g_new (double, net->m + 1);
  int nb = breakpoints_1d (bp, net);
  /* distinct breakpoints only: the derivative is constant between them */
  int nu = 0;
  for (int k = 0; k < nb; k++)
    if (nu == 0 || bp[k] > bp[nu - 1])
      bp[nu++] = bp[k];
  for (int k = 0; k + 1 < nu; k++)
    mid[k] = 0.5 * (bp[k] + bp[k + 1]);
  shl_net_eval (ignored, dv, net, mid, (size_t) (nu - 1));

  if (s->target)
    {
      /* the target's derivative by central differences, for reference */
      double tx[CURVE_SAMPLES], ty[CURVE_SAMPLES];
      double h = (net->hi[0] - net->lo[0]) * 1e-4;
      for (int k = 0; k < CURVE_SAMPLES; k++)
        {
          tx[k] = net->lo[0] + (net->hi[0] - net->lo[0]) * k / (CURVE_SAMPLES - 1);
          double xp = fmin (tx[k] + h, net->hi[0]), xm = fmax (tx[k] - h, net->lo[0]);
          ty[k] = (shl_target_eval (s->target, &xp) - shl_target_eval (s->target, &xm)) / (xp - xm);
        }
      ShlSeriesStyle ts = shl_series_style (SHL_COLOR_FOREGROUND);
      ts.dash = SHL_DASH_DASHED;
      ts.alpha = 0.6;
      ts.label = "target′";
      shl_plot_add_line (p, tx, ty, CURVE_SAMPLES, &ts);
    }
  ShlSeriesStyle fs = shl_series_style (0);
  fs.width = 1.8;
  fs.label = "<i>f</i>′";
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

/* ---------------------------------------------------------------- paths */

/* The loss along three 1-D paths from A to B: the straight segment between
 * the parameters, the straight segment between the realizations (convex
 * for the squared error), and the rescaling orbit of one neuron (flat). */
static void
draw_paths (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style, const ShlRect *area)
{
  const ShlNet *B = s->net;
  gboolean to_twin = s->twin && shl_net_same_shape (s->twin, B);
  ShlNet *A = NULL;
  if (to_twin)
    A = shl_net_copy (s->twin);
  else if (s->n_hist > 0)
    {
      A = shl_net_copy (B);
      memcpy (A->theta, s->hist_theta, B->n_params * sizeof (double));
    }
  if (!A || !s->data)
    {
      shl_net_free (A);
      draw_message (cr, style, area, "Loss along paths", "train a few steps first");
      return;
    }
  enum { N = 101 };
  double t[N], lp[N], lr[N], lo[N];
  for (int k = 0; k < N; k++)
    t[k] = (double) k / (N - 1);
  gboolean ok = shl_path_params (lp, A, B, s->data, s->loss_kind, N)
                && shl_path_realizations (lr, A, B, s->data, s->loss_kind, N);
  gboolean orbit = B->m > 0 && shl_path_orbit (lo, B, 0, s->data, s->loss_kind, 1.0, N);
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, to_twin ? "Loss from the twin (t = 0) to the network (t = 1)"
                                 : "Loss from the start (t = 0) to now (t = 1)");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "<i>t</i>");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "loss");
  shl_plot_set_legend (p, SHL_LEGEND_BEST);
  if (ok)
    {
      ShlSeriesStyle a = shl_series_style (0);
      a.width = 1.8;
      a.label = "parameters (1 − <i>t</i>)θ<sub>A</sub> + <i>t</i>θ<sub>B</sub>";
      shl_plot_add_line (p, t, lp, N, &a);
      ShlSeriesStyle b = shl_series_style (1);
      b.width = 1.8;
      b.dash = SHL_DASH_DASHED;
      b.label = "realizations (1 − <i>t</i>)<i>f</i><sub>A</sub> + <i>t</i><i>f</i><sub>B</sub>";
      shl_plot_add_line (p, t, lr, N, &b);
    }
  if (orbit)
    {
      ShlSeriesStyle c = shl_series_style (2);
      c.width = 1.4;
      c.dash = SHL_DASH_DOTTED;
      c.label = "rescaling orbit of neuron 1 (λ = e<sup>2t − 1</sup>)";
      shl_plot_add_line (p, t, lo, N, &c);
    }
  shl_plot_draw (p, cr, style, area, NULL);
  shl_net_free (A);
}

/* ------------------------------------------------------------ landscape */

static void
draw_landscape (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                const ShlRect *area)
{
  if (!s->have_landscape || !s->land_loss || s->land_n < 2)
    {
      char msg[64];
      g_snprintf (msg, sizeof msg, s->land_busy ? "computing the slice… %.0f%%" : "no slice yet",
                  100 * s->land_progress);
      draw_message (cr, style, area, "Loss landscape", msg);
      return;
    }
  g_autoptr (ShlPlot) p = shl_plot_new ();
  if (s->land_busy && s->land_progress < 1.0)
    {
      char t[64];
      g_snprintf (t, sizeof t, "Loss landscape · refining %.0f%%", 100 * s->land_progress);
      shl_plot_set_title (p, t);
    }
  else
    shl_plot_set_title (p, "Loss landscape");
  char xl[96], yl[96];
  switch (s->land_kind)
    {
    case SHL_DIRS_PCA:
      g_snprintf (xl, sizeof xl, "α (PC 1, %.0f%% of the path)", 100 * s->land_explained[0]);
      g_snprintf (yl, sizeof yl, "β (PC 2, %.0f%%)", 100 * s->land_explained[1]);
      break;
    case SHL_DIRS_ORBIT:
      g_snprintf (xl, sizeof xl, "α (rescaling orbit of neuron %d)", s->land_neuron + 1);
      g_snprintf (yl, sizeof yl, "β (random direction)");
      break;
    case SHL_DIRS_COORDS:
      g_snprintf (xl, sizeof xl, "α (<i>b</i><sub>%d</sub>)", s->land_neuron + 1);
      g_snprintf (yl, sizeof yl, "β (<i>c</i><sub>%d</sub>)", s->land_neuron + 1);
      break;
    case SHL_DIRS_TWIN:
      g_snprintf (xl, sizeof xl, "α (towards the twin: 1 is <i>g</i>)");
      g_snprintf (yl, sizeof yl, "β (random direction)");
      break;
    case SHL_DIRS_RANDOM:
    default:
      g_snprintf (xl, sizeof xl, "α (direction 1)");
      g_snprintf (yl, sizeof yl, "β (direction 2)");
      break;
    }
  shl_plot_set_axis_label (p, SHL_AXIS_X, xl);
  shl_plot_set_axis_label (p, SHL_AXIS_Y, yl);
  double sp = s->land_span;
  shl_plot_set_axis_range (p, SHL_AXIS_X, -sp, sp);
  shl_plot_set_axis_range (p, SHL_AXIS_Y, -sp, sp);
  shl_plot_set_equal_aspect (p, TRUE);
  shl_plot_set_grid (p, FALSE);
  shl_plot_set_legend (p, SHL_LEGEND_BEST);
  int n = s->land_n;
  /* grid points are nodes from -span to span; as cells they extend half a
   * cell beyond */
  double hx = sp / (n - 1);
  ShlHeatmapStyle hs = shl_heatmap_style (SHL_COLORMAP_VIRIDIS);
  hs.scale = SHL_SCALE_LOG10;
  hs.smooth = TRUE;
  hs.colorbar = TRUE;
  hs.colorbar_label = "loss";
  gboolean positive = TRUE;
  for (int k = 0; k < n * n; k++)
    if (!(s->land_loss[k] > 0))
      positive = FALSE;
  if (!positive || s->land_linear)
    hs.scale = SHL_SCALE_LINEAR;
  shl_plot_add_heatmap (p, s->land_loss, n, n, -sp - hx, sp + hx, -sp - hx, sp + hx, &hs);
  ShlSeriesStyle cs = shl_series_style (SHL_COLOR_CUSTOM);
  cs.color = shl_color_rgb (0xffffff);
  cs.alpha = 0.45;
  cs.width = 0.6;
  shl_plot_add_contours (p, s->land_loss, n, n, -sp - hx, sp + hx, -sp - hx, sp + hx,
                         NULL, 10, &cs);
  if (s->land_path && s->n_land_path > 1)
    {
      double *px = g_new (double, s->n_land_path), *py = g_new (double, s->n_land_path);
      for (guint k = 0; k < s->n_land_path; k++)
        {
          px[k] = s->land_path[2 * k];
          py[k] = s->land_path[2 * k + 1];
        }
      ShlSeriesStyle ps = shl_series_style (1);
      ps.width = 1.5;
      ps.label = "training path";
      shl_plot_add_line (p, px, py, (int) s->n_land_path, &ps);
      ShlSeriesStyle ss = shl_series_style (1);
      ss.marker = SHL_MARKER_SQUARE;
      ss.label = "start";
      shl_plot_add_scatter (p, px, py, NULL, 1, &ss);
      g_free (px);
      g_free (py);
    }
  if (s->land_kind == SHL_DIRS_TWIN)
    {
      double one = 1.0, z0 = 0.0;
      ShlSeriesStyle tw = shl_series_style (4);
      tw.marker = SHL_MARKER_TRIANGLE;
      tw.marker_scale = 1.5;
      tw.label = "twin <i>g</i>";
      shl_plot_add_scatter (p, &one, &z0, NULL, 1, &tw);
    }
  double zero = 0.0;
  ShlSeriesStyle cur = shl_series_style (SHL_COLOR_CUSTOM);
  cur.color = shl_color_rgb (0xffffff);
  cur.marker = SHL_MARKER_CROSS;
  cur.marker_scale = 1.6;
  cur.width = 2.0;
  cur.label = "current θ";
  shl_plot_add_scatter (p, &zero, &zero, NULL, 1, &cur);
  shl_plot_draw (p, cr, style, area, NULL);
}

/* ----------------------------------------------------------- trajectory */

/* the history indices to draw: at most PATH_POINTS, always the last */
static int
pick_history (guint *idx, guint n_hist)
{
  if (n_hist <= PATH_POINTS)
    {
      for (guint k = 0; k < n_hist; k++)
        idx[k] = k;
      return (int) n_hist;
    }
  for (int k = 0; k < PATH_POINTS; k++)
    idx[k] = (guint) ((guint64) k * (n_hist - 1) / (PATH_POINTS - 1));
  return PATH_POINTS;
}

static void
draw_neuron_paths (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                   const ShlRect *area)
{
  const ShlNet *net = s->net;
  const int m = net->m, d = net->d;
  const size_t np = net->n_params;
  g_autoptr (ShlPlot) p = shl_plot_new ();
  gboolean one_d = d == 1 && s->traj_view != SHL_TRAJ_BALANCE;
  if (one_d)
    {
      shl_plot_set_title (p, "Neurons: kink position and jump");
      shl_plot_set_axis_label (p, SHL_AXIS_X, "kink <i>t</i><sub>i</sub> = −<i>b</i><sub>i</sub>/<i>a</i><sub>i</sub>");
      shl_plot_set_axis_label (p, SHL_AXIS_Y, "jump <i>c</i><sub>i</sub>|<i>a</i><sub>i</sub>|");
      double w = net->hi[0] - net->lo[0];
      shl_plot_set_axis_range (p, SHL_AXIS_X, net->lo[0] - 0.1 * w, net->hi[0] + 0.1 * w);
    }
  else
    {
      shl_plot_set_title (p, "Neurons: balance plane");
      shl_plot_set_axis_label (p, SHL_AXIS_X, "‖(<i>a</i><sub>i</sub>, <i>b</i><sub>i</sub>)‖");
      shl_plot_set_axis_label (p, SHL_AXIS_Y, "|<i>c</i><sub>i</sub>|");
    }
  shl_plot_set_legend (p, SHL_LEGEND_NONE);

  guint *idx = g_new (guint, PATH_POINTS);
  int nh = s->hist_theta ? pick_history (idx, s->n_hist) : 0;
  double *px = g_new (double, MAX (nh, 1)), *py = g_new (double, MAX (nh, 1));
  double hx = -1, hy = -1;
  /* periods where a neuron's kink is outside the domain (dead or affine
   * there) are drawn faint and dotted */
  double *qx = g_new (double, MAX (nh, 1)), *qy = g_new (double, MAX (nh, 1));
  gboolean *act = g_new (gboolean, MAX (nh, 1));
  for (int i = 0; i < m; i++)
    {
      for (int k = 0; k < nh; k++)
        {
          const double *th = s->hist_theta + (size_t) idx[k] * np;
          const double *a = th + (size_t) i * d;
          double b = th[(size_t) m * d + i], c = th[(size_t) m * d + m + i];
          double zmin = b, zmax = b;
          for (int j = 0; j < d; j++)
            {
              zmin += fmin (a[j] * net->lo[j], a[j] * net->hi[j]);
              zmax += fmax (a[j] * net->lo[j], a[j] * net->hi[j]);
            }
          act[k] = zmin < 0 && zmax > 0;
          if (one_d)
            {
              double t = a[0] != 0 ? -b / a[0] : NAN;
              double w = net->hi[0] - net->lo[0];
              /* a kink far outside the domain breaks the path */
              px[k] = fabs (t) < 1e6 && t > net->lo[0] - 0.1 * w && t < net->hi[0] + 0.1 * w ? t : NAN;
              py[k] = c * fabs (a[0]);
            }
          else
            {
              px[k] = sqrt (a[0] * a[0] + (d == 2 ? a[1] * a[1] : 0.0) + b * b);
              py[k] = fabs (c);
              hx = fmax (hx, px[k]);
              hy = fmax (hy, py[k]);
            }
        }
      /* the active part (NaN where inactive) and the inactive part (NaN
       * where active); each keeps its neighbours so the pieces join */
      for (int k = 0; k < nh; k++)
        {
          gboolean na = act[k] || (k > 0 && act[k - 1]) || (k + 1 < nh && act[k + 1]);
          gboolean ni = !act[k] || (k > 0 && !act[k - 1]) || (k + 1 < nh && !act[k + 1]);
          qx[k] = ni ? px[k] : NAN;
          qy[k] = ni ? py[k] : NAN;
          if (!na)
            px[k] = NAN;
        }
      ShlSeriesStyle ls = shl_series_style (i % 7);
      ls.alpha = 0.75;
      ls.width = 1.0;
      if (nh > 1)
        shl_plot_add_line (p, px, py, nh, &ls);
      ShlSeriesStyle is = ls;
      is.alpha = 0.35;
      is.dash = SHL_DASH_DOTTED;
      if (nh > 1)
        shl_plot_add_line (p, qx, qy, nh, &is);
    }
  g_free (qx);
  g_free (qy);
  g_free (act);
  /* the current positions */
  double *cx = g_new (double, MAX (m, 1)), *cy = g_new (double, MAX (m, 1));
  ShlColor *cc = g_new (ShlColor, MAX (m, 1));
  for (int i = 0; i < m; i++)
    {
      const double *a = net->a + (size_t) i * d;
      if (one_d)
        {
          cx[i] = a[0] != 0 ? -net->b[i] / a[0] : NAN;
          cy[i] = net->c[i] * fabs (a[0]);
        }
      else
        {
          cx[i] = sqrt (a[0] * a[0] + (d == 2 ? a[1] * a[1] : 0.0) + net->b[i] * net->b[i]);
          cy[i] = fabs (net->c[i]);
          hx = fmax (hx, cx[i]);
          hy = fmax (hy, cy[i]);
        }
      cc[i] = shl_plot_style_series_color (style, i % 7);
    }
  if (one_d)
    {
      ShlSeriesStyle zs = shl_series_style (SHL_COLOR_FOREGROUND);
      zs.alpha = 0.3;
      zs.width = 0.8;
      shl_plot_add_hline (p, 0.0, &zs);
      ShlSeriesStyle ds = zs;
      ds.dash = SHL_DASH_DOTTED;
      shl_plot_add_vline (p, net->lo[0], &ds);
      shl_plot_add_vline (p, net->hi[0], &ds);
    }
  else
    {
      /* the diagonal of balanced neurons, |c| = ||(a, b)|| */
      double top = fmax (hx, hy) * 1.05;
      if (top > 0)
        {
          double dx[2] = { 0, top }, dy[2] = { 0, top };
          ShlSeriesStyle ds = shl_series_style (SHL_COLOR_FOREGROUND);
          ds.dash = SHL_DASH_DASHED;
          ds.alpha = 0.5;
          ds.label = "balanced";
          shl_plot_add_line (p, dx, dy, 2, &ds);
          shl_plot_set_axis_range (p, SHL_AXIS_X, 0, top);
          shl_plot_set_axis_range (p, SHL_AXIS_Y, 0, top);
        }
    }
  /* the twin's neurons (e.g. the network before a symmetry move), hollow,
   * joined to the same slot of the network: how far each neuron jumped */
  if (s->twin && s->twin->d == d && s->twin->m == m)
    {
      const ShlNet *tw = s->twin;
      double *tx = g_new (double, MAX (m, 1)), *ty = g_new (double, MAX (m, 1));
      double *jx = g_new (double, 3 * MAX (m, 1)), *jy = g_new (double, 3 * MAX (m, 1));
      for (int i = 0; i < m; i++)
        {
          const double *a = tw->a + (size_t) i * d;
          if (one_d)
            {
              tx[i] = a[0] != 0 ? -tw->b[i] / a[0] : NAN;
              ty[i] = tw->c[i] * fabs (a[0]);
            }
          else
            {
              tx[i] = sqrt (a[0] * a[0] + (d == 2 ? a[1] * a[1] : 0.0) + tw->b[i] * tw->b[i]);
              ty[i] = fabs (tw->c[i]);
            }
          jx[3 * i] = tx[i], jy[3 * i] = ty[i];
          jx[3 * i + 1] = cx[i], jy[3 * i + 1] = cy[i];
          jx[3 * i + 2] = NAN, jy[3 * i + 2] = NAN;
        }
      ShlSeriesStyle js = shl_series_style (SHL_COLOR_FOREGROUND);
      js.dash = SHL_DASH_DASHED;
      js.alpha = 0.5;
      js.width = 0.8;
      shl_plot_add_line (p, jx, jy, 3 * m, &js);
      ShlSeriesStyle ts = shl_series_style (SHL_COLOR_FOREGROUND);
      ts.marker = SHL_MARKER_CIRCLE;
      ts.hollow = TRUE;
      ts.marker_scale = 1.1;
      ts.label = "twin <i>g</i>";
      shl_plot_add_scatter (p, tx, ty, cc, m, &ts);
      shl_plot_set_legend (p, SHL_LEGEND_BEST);
      g_free (tx);
      g_free (ty);
      g_free (jx);
      g_free (jy);
    }
  /* a move being animated: the neurons travel from the twin's place */
  if (s->move_t > 0 && s->move_t < 1 && s->twin && s->twin->d == d && s->twin->m == m)
    {
      double t = s->move_t, e = t * t * (3 - 2 * t);   /* smoothstep */
      for (int i = 0; i < m; i++)
        {
          const double *a = s->twin->a + (size_t) i * d;
          double tx, ty;
          if (one_d)
            {
              tx = a[0] != 0 ? -s->twin->b[i] / a[0] : NAN;
              ty = s->twin->c[i] * fabs (a[0]);
            }
          else
            {
              tx = sqrt (a[0] * a[0] + (d == 2 ? a[1] * a[1] : 0.0) + s->twin->b[i] * s->twin->b[i]);
              ty = fabs (s->twin->c[i]);
            }
          if (isfinite (tx) && isfinite (cx[i]))
            cx[i] = tx + e * (cx[i] - tx);
          if (isfinite (ty) && isfinite (cy[i]))
            cy[i] = ty + e * (cy[i] - ty);
        }
    }
  ShlSeriesStyle ms = shl_series_style (SHL_COLOR_FOREGROUND);
  ms.marker = SHL_MARKER_CIRCLE;
  ms.marker_scale = 1.1;
  shl_plot_add_scatter (p, cx, cy, cc, m, &ms);
  shl_plot_draw (p, cr, style, area, NULL);
  g_free (idx);
  g_free (px);
  g_free (py);
  g_free (cx);
  g_free (cy);
  g_free (cc);
}

static void
draw_loss_curve (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                 const ShlRect *area)
{
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Training loss");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "step");
  shl_plot_set_axis_scale (p, SHL_AXIS_Y, SHL_SCALE_LOG10);
  guint *idx = g_new (guint, PATH_POINTS);
  int nh = s->hist_loss ? pick_history (idx, s->n_hist) : 0;
  double *x = g_new (double, MAX (nh + 1, 1)), *y = g_new (double, MAX (nh + 1, 1));
  for (int k = 0; k < nh; k++)
    {
      x[k] = (double) s->hist_step[idx[k]];
      y[k] = s->hist_loss[idx[k]];
    }
  if (nh == 0 || (nh > 0 && x[nh - 1] < (double) s->step))
    {
      x[nh] = (double) s->step;
      y[nh] = s->loss;
      nh++;
    }
  ShlSeriesStyle ls = shl_series_style (0);
  ls.width = 1.5;
  shl_plot_add_line (p, x, y, nh, &ls);
  if (s->n_hist > 0 && s->step < s->hist_step[s->n_hist - 1])
    {
      /* the step shown (history scrubber) */
      ShlSeriesStyle vs = shl_series_style (1);
      vs.width = 1.2;
      shl_plot_add_vline (p, (double) s->step, &vs);
    }
  if (nh == 1)
    {
      ShlSeriesStyle ms = ls;
      ms.marker = SHL_MARKER_CIRCLE;
      shl_plot_add_scatter (p, x, y, NULL, 1, &ms);
      shl_plot_set_axis_range (p, SHL_AXIS_X, 0, 1);
    }
  shl_plot_draw (p, cr, style, area, NULL);
  g_free (idx);
  g_free (x);
  g_free (y);
}

/* h_i = c_i^2 - ||(a_i, b_i)||^2 over the recorded steps: constant under
 * gradient flow, drifting under large steps or weight decay */
static void
draw_conservation (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                   const ShlRect *area)
{
  const ShlNet *net = s->net;
  const int m = net->m, d = net->d;
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Conservation: <i>h</i><sub>i</sub> = <i>c</i><sub>i</sub>² − ‖(<i>a</i><sub>i</sub>, <i>b</i><sub>i</sub>)‖²");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "step");
  shl_plot_set_legend (p, SHL_LEGEND_NONE);
  guint *idx = g_new (guint, PATH_POINTS);
  int nh = s->hist_theta ? pick_history (idx, s->n_hist) : 0;
  double *x = g_new (double, MAX (nh, 1)), *y = g_new (double, MAX (nh, 1));
  for (int i = 0; i < m; i++)
    {
      for (int k = 0; k < nh; k++)
        {
          const double *th = s->hist_theta + (size_t) idx[k] * net->n_params;
          const double *a = th + (size_t) i * d;
          double b = th[(size_t) m * d + i], c = th[(size_t) m * d + m + i];
          x[k] = (double) s->hist_step[idx[k]];
          y[k] = c * c - (a[0] * a[0] + (d == 2 ? a[1] * a[1] : 0) + b * b);
        }
      ShlSeriesStyle ls = shl_series_style (i % 7);
      ls.alpha = 0.8;
      if (nh > 0)
        shl_plot_add_line (p, x, y, nh, &ls);
    }
  if (nh <= 1)
    shl_plot_set_axis_range (p, SHL_AXIS_X, 0, 1);
  shl_plot_draw (p, cr, style, area, NULL);
  g_free (idx);
  g_free (x);
  g_free (y);
}

/* how far training has gone from the start, measured in parameters (raw
 * and modulo symmetries) and in realizations (sup and W^{1,inf}) */
static void
draw_distances (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                const ShlRect *area)
{
  const ShlNet *net = s->net;
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Distance from the start");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "step");
  shl_plot_set_legend (p, SHL_LEGEND_BEST);
  /* exact distances are cheap in 1-D; in 2-D fewer points */
  const int max_points = net->d == 1 ? 150 : 40;
  guint *idx = g_new (guint, PATH_POINTS);
  int nh = s->hist_theta ? pick_history (idx, s->n_hist) : 0;
  int stride = nh > max_points ? (nh + max_points - 1) / max_points : 1;
  int np = nh > 0 ? (nh - 1) / stride + 1 : 0;
  double *x = g_new (double, MAX (np, 1));
  double *v[4];
  for (int j = 0; j < 4; j++)
    v[j] = g_new (double, MAX (np, 1));
  ShlNet *start = shl_net_copy (net), *cur = shl_net_copy (net);
  if (nh > 0)
    memcpy (start->theta, s->hist_theta, net->n_params * sizeof (double));
  for (int q = 0; q < np; q++)
    {
      int k = q * stride < nh ? q * stride : nh - 1;
      if (q == np - 1)
        k = nh - 1;
      memcpy (cur->theta, s->hist_theta + (size_t) idx[k] * net->n_params,
              net->n_params * sizeof (double));
      x[q] = (double) s->hist_step[idx[k]];
      ShlDistances dist;
      shl_realization_distance (&dist, cur, start, NULL, NULL);
      v[0][q] = shl_param_distance_raw (cur, start);
      v[1][q] = shl_param_distance_sym (cur, start);
      v[2][q] = dist.sup;
      v[3][q] = dist.sobolev;
    }
  const char *labels[] = { "‖θ − θ<sub>0</sub>‖<sub>∞</sub>", "<i>d</i><sub>sym</sub>(θ, θ<sub>0</sub>)",
                           "‖<i>f</i> − <i>f</i><sub>0</sub>‖<sub>∞</sub>", "‖<i>f</i> − <i>f</i><sub>0</sub>‖<sub>W¹˒∞</sub>" };
  for (int j = 0; j < 4; j++)
    {
      ShlSeriesStyle ls = shl_series_style (j);
      ls.width = 1.5;
      ls.dash = j < 2 ? SHL_DASH_SOLID : SHL_DASH_DASHED;
      ls.label = labels[j];
      if (np > 0)
        shl_plot_add_line (p, x, v[j], np, &ls);
    }
  if (np <= 1)
    shl_plot_set_axis_range (p, SHL_AXIS_X, 0, 1);
  shl_plot_draw (p, cr, style, area, NULL);
  shl_net_free (start);
  shl_net_free (cur);
  g_free (idx);
  g_free (x);
  for (int j = 0; j < 4; j++)
    g_free (v[j]);
}

static void
draw_trajectory (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                 const ShlRect *area)
{
  double gap = 4 * style->scale;
  double top_h = floor ((area->height - gap) * 0.6);
  ShlRect top = { area->x, area->y, area->width, top_h };
  ShlRect bottom = { area->x, area->y + top_h + gap, area->width,
                     area->height - top_h - gap };
  if (s->traj_view == SHL_TRAJ_CONSERVATION)
    draw_conservation (cr, s, style, &top);
  else if (s->traj_view == SHL_TRAJ_DISTANCES)
    draw_distances (cr, s, style, &top);
  else
    draw_neuron_paths (cr, s, style, &top);
  draw_loss_curve (cr, s, style, &bottom);
}

/* ----------------------------------------------------------------- API */

void
shl_panel_draw (cairo_t *cr, ShlPanelKind kind, const ShlScene *s,
                const ShlPlotStyle *style, const ShlRect *area)
{
  if (!s || !s->net)
    {
      draw_message (cr, style, area, shl_panel_title (kind), "waiting for the engine…");
      return;
    }
  gboolean two_d = s->net->d == 2;
  switch (kind)
    {
    case SHL_PANEL_REALIZATION:
      if (two_d)
        draw_map_2d (cr, s, style, area, FALSE);
      else
        draw_realization_1d (cr, s, style, area);
      break;
    case SHL_PANEL_DERIVATIVE:
      if (two_d)
        draw_map_2d (cr, s, style, area, TRUE);
      else
        draw_derivative_1d (cr, s, style, area);
      break;
    case SHL_PANEL_LANDSCAPE:
      if (s->land_paths)
        draw_paths (cr, s, style, area);
      else
        draw_landscape (cr, s, style, area);
      break;
    case SHL_PANEL_TRAJECTORY:
      draw_trajectory (cr, s, style, area);
      break;
    default:
      break;
    }
}

void
shl_panels_draw_all (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                     const ShlRect *area)
{
  gboolean row = area->width >= 3.2 * area->height;
  int cols = row ? 4 : 2, rows = row ? 1 : 2;
  double gap = 6 * style->scale;
  double w = (area->width - (cols - 1) * gap) / cols;
  double h = (area->height - (rows - 1) * gap) / rows;
  for (int k = 0; k < SHL_N_PANELS; k++)
    {
      ShlRect r = { area->x + (k % cols) * (w + gap), area->y + (k / cols) * (h + gap), w, h };
      shl_panel_draw (cr, (ShlPanelKind) k, s, style, &r);
    }
}

/* -------------------------------------------------------- view settings */

static const char *const grad_ids[] = { "norm", "x1", "x2" };

void
shl_view_settings_init (ShlViewSettings *v)
{
  memset (v, 0, sizeof *v);
  v->show_neurons = FALSE;
  v->grad_view = SHL_GRAD_NORM;
  v->landscape_seed = 1;
  v->landscape_n = 81;
  v->landscape_span = 1.0;
  v->maximized = -1;
  v->landscape_dirs = SHL_DIRS_RANDOM;
  v->orbit_neuron = 0;
  v->traj_view = SHL_TRAJ_KINKS;
  v->landscape_paths = FALSE;
}

static const char *const traj_ids[] = { "kinks", "balance", "conservation", "distances" };

static const char *const dirs_ids[] = { "random", "pca", "orbit", "twin", "coords" };

char *
shl_view_settings_to_json (const ShlViewSettings *v)
{
  GString *s = g_string_new (NULL);
  char span[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_dtostr (span, sizeof span, v->landscape_span);
  g_string_append_printf (s, "{\"show_neurons\": %s, \"grad_view\": \"%s\", "
                          "\"landscape\": {\"seed\": \"%" G_GUINT64_FORMAT "\", \"n\": %d, \"span\": %s, "
                          "\"directions\": \"%s\", \"neuron\": %d, \"paths\": %s, \"linear\": %s}, "
                          "\"trajectory\": \"%s\", \"maximized\": ",
                          v->show_neurons ? "true" : "false",
                          grad_ids[(unsigned) v->grad_view < 3 ? v->grad_view : 0],
                          v->landscape_seed, v->landscape_n, span,
                          dirs_ids[(unsigned) v->landscape_dirs < 5 ? v->landscape_dirs : 0],
                          v->orbit_neuron, v->landscape_paths ? "true" : "false",
                          v->landscape_linear ? "true" : "false",
                          traj_ids[(unsigned) v->traj_view < 4 ? v->traj_view : 0]);
  if (v->maximized >= 0 && v->maximized < SHL_N_PANELS)
    g_string_append_printf (s, "\"%s\"}", shl_panel_id ((ShlPanelKind) v->maximized));
  else
    g_string_append (s, "null}");
  return g_string_free (s, FALSE);
}

gboolean
shl_view_settings_from_json (ShlViewSettings *v, const char *json, GError **error)
{
  shl_view_settings_init (v);
  if (!json || !*json)
    return TRUE;
  g_autoptr (JsonParser) p = json_parser_new ();
  if (!json_parser_load_from_data (p, json, -1, error))
    return FALSE;
  JsonNode *root = json_parser_get_root (p);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "field \"view\": expected an object");
      return FALSE;
    }
  JsonObject *o = json_node_get_object (root);
  JsonNode *n;
  if ((n = json_object_get_member (o, "show_neurons")))
    {
      if (json_node_get_value_type (n) != G_TYPE_BOOLEAN)
        goto bad;
      v->show_neurons = json_node_get_boolean (n);
    }
  if ((n = json_object_get_member (o, "grad_view")))
    {
      if (json_node_get_value_type (n) != G_TYPE_STRING)
        goto bad;
      const char *g = json_node_get_string (n);
      gboolean found = FALSE;
      for (int k = 0; k < 3; k++)
        if (g_strcmp0 (g, grad_ids[k]) == 0)
          v->grad_view = (ShlGradView) k, found = TRUE;
      if (!found)
        goto bad;
    }
  if ((n = json_object_get_member (o, "trajectory")))
    {
      if (json_node_get_value_type (n) != G_TYPE_STRING)
        goto bad;
      gboolean found = FALSE;
      for (int k = 0; k < 4; k++)
        if (g_strcmp0 (json_node_get_string (n), traj_ids[k]) == 0)
          v->traj_view = (ShlTrajView) k, found = TRUE;
      if (!found)
        goto bad;
    }
  if ((n = json_object_get_member (o, "maximized")) && !JSON_NODE_HOLDS_NULL (n))
    {
      ShlPanelKind k;
      if (json_node_get_value_type (n) != G_TYPE_STRING || !shl_panel_from_id (json_node_get_string (n), &k))
        goto bad;
      v->maximized = (int) k;
    }
  if ((n = json_object_get_member (o, "landscape")))
    {
      if (!JSON_NODE_HOLDS_OBJECT (n))
        goto bad;
      JsonObject *l = json_node_get_object (n);
      JsonNode *m;
      if ((m = json_object_get_member (l, "seed")))
        {
          if (json_node_get_value_type (m) != G_TYPE_STRING
              || !g_ascii_string_to_unsigned (json_node_get_string (m), 10, 0, G_MAXUINT64,
                                              &v->landscape_seed, NULL))
            goto bad;
        }
      if ((m = json_object_get_member (l, "n")))
        {
          if (json_node_get_value_type (m) != G_TYPE_INT64)
            goto bad;
          gint64 nn = json_node_get_int (m);
          if (nn < 3 || nn > 1001)
            goto bad;
          v->landscape_n = (int) nn;
        }
      if ((m = json_object_get_member (l, "directions")))
        {
          if (json_node_get_value_type (m) != G_TYPE_STRING)
            goto bad;
          gboolean found = FALSE;
          for (int k = 0; k < 5; k++)
            if (g_strcmp0 (json_node_get_string (m), dirs_ids[k]) == 0)
              v->landscape_dirs = (ShlDirsKind) k, found = TRUE;
          if (!found)
            goto bad;
        }
      if ((m = json_object_get_member (l, "linear")))
        {
          if (json_node_get_value_type (m) != G_TYPE_BOOLEAN)
            goto bad;
          v->landscape_linear = json_node_get_boolean (m);
        }
      if ((m = json_object_get_member (l, "paths")))
        {
          if (json_node_get_value_type (m) != G_TYPE_BOOLEAN)
            goto bad;
          v->landscape_paths = json_node_get_boolean (m);
        }
      if ((m = json_object_get_member (l, "neuron")))
        {
          if (json_node_get_value_type (m) != G_TYPE_INT64 || json_node_get_int (m) < 0)
            goto bad;
          v->orbit_neuron = (int) json_node_get_int (m);
        }
      if ((m = json_object_get_member (l, "span")))
        {
          GType t = json_node_get_value_type (m);
          if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
            goto bad;
          double sp = json_node_get_double (m);
          if (!(sp > 0 && sp < 1e6))
            goto bad;
          v->landscape_span = sp;
        }
    }
  return TRUE;
bad:
  g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
               "field \"view\": expected show_neurons (true/false), grad_view (\"norm\", \"x1\", \"x2\"), "
               "maximized (a panel name or null) and landscape {seed (a string), n (3..1001), span (> 0), directions (random, pca, orbit, twin), neuron}");
  return FALSE;
}

/* ------------------------------------------------------ scene data */

struct _ShlSceneData {
  ShlScene           scene;
  ShlNet            *net;
  ShlNet            *net0;
  ShlNet            *twin;
  ShlData           *data;
  ShlTarget         *target;
  guint64           *hist_step;
  double            *hist_loss;
  double            *hist_theta;
  ShlLandscapeSlice *slice;
};

ShlSceneData *
shl_scene_data_new (const ShlSession *ss, GError **error)
{
  ShlViewSettings view;
  if (!shl_view_settings_from_json (&view, ss->view_json, error))
    return NULL;
  ShlTrainer *tr = shl_session_make_trainer (ss, error);
  if (!tr)
    return NULL;
  ShlSceneData *sd = g_new0 (ShlSceneData, 1);
  sd->net = shl_net_copy (shl_trainer_net (tr));
  sd->net0 = shl_net_copy (ss->net0);
  sd->twin = ss->twin ? shl_net_copy (ss->twin) : NULL;
  sd->data = shl_data_copy (shl_trainer_data (tr));
  sd->target = shl_session_make_target (ss);
  size_t np = ss->net0->n_params;
  const ShlHistory *hist = ss->history;
  sd->hist_step = g_memdup2 (hist->steps, MAX (hist->n, 1) * sizeof (guint64));
  sd->hist_loss = g_memdup2 (hist->loss, MAX (hist->n, 1) * sizeof (double));
  sd->hist_theta = g_memdup2 (hist->theta, MAX (hist->n, 1) * np * sizeof (double));

  ShlScene *sc = &sd->scene;
  sc->net = sd->net;
  sc->step = shl_trainer_steps (tr);
  sc->loss = shl_trainer_loss (tr);
  sc->net0 = sd->net0;
  sc->twin = sd->twin;
  sc->data = sd->data;
  sc->target = sd->target;
  sc->n_hist = (guint) hist->n;
  sc->hist_step = sd->hist_step;
  sc->hist_loss = sd->hist_loss;
  sc->hist_theta = sd->hist_theta;
  sc->show_neurons = view.show_neurons;
  sc->grad_view = view.grad_view;
  sc->traj_view = view.traj_view;
  sc->land_paths = view.landscape_paths;
  sc->move_t = 1.0;
  sc->land_linear = view.landscape_linear;
  sc->loss_kind = ss->opts.loss;

  /* the slice through the current parameters, with the recorded path */
  size_t n_path = shl_landscape_path_count (hist->n);
  double *thetas = g_new (double, MAX (n_path, 1) * np);
  for (size_t k = 0; k < n_path; k++)
    memcpy (thetas + k * np, hist->theta + shl_landscape_path_index (k, hist->n) * np,
            np * sizeof (double));
  ShlSliceOptions so = { view.landscape_dirs, view.orbit_neuron, sd->twin, 2, NULL, NULL };
  if (so.twin && !shl_net_same_shape (so.twin, sd->net))
    so.twin = NULL;
  sd->slice = shl_landscape_slice_compute_full (sd->net, sd->data, ss->opts.loss,
                                                view.landscape_seed, view.landscape_n,
                                                view.landscape_span, thetas, n_path, &so, NULL);
  g_free (thetas);
  if (sd->slice)
    {
      sc->have_landscape = TRUE;
      sc->land_n = sd->slice->n;
      sc->land_loss = sd->slice->loss;
      sc->land_span = sd->slice->span;
      sc->land_path = sd->slice->path;
      sc->n_land_path = (guint) sd->slice->n_path;
      sc->land_step = sc->step;
      sc->land_kind = sd->slice->kind;
      sc->land_explained[0] = sd->slice->explained[0];
      sc->land_explained[1] = sd->slice->explained[1];
      sc->land_neuron = view.orbit_neuron;
    }
  shl_trainer_free (tr);
  return sd;
}

ShlScene *
shl_scene_data_get_scene (ShlSceneData *sd)
{
  return &sd->scene;
}

void
shl_scene_data_free (ShlSceneData *sd)
{
  if (!sd)
    return;
  shl_net_free (sd->net);
  shl_net_free (sd->net0);
  shl_net_free (sd->twin);
  shl_data_free (sd->data);
  shl_target_free (sd->target);
  g_free (sd->hist_step);
  g_free (sd->hist_loss);
  g_free (sd->hist_theta);
  shl_landscape_slice_free (sd->slice);
  g_free (sd);
}

void
shl_panels_draw_figure (cairo_t *cr, const ShlScene *scene, int panel,
                        ShlStylePreset preset, double width, double height)
{
  ShlPlotStyle style;
  shl_plot_style_init (&style, preset);
  ShlRect area = { 0, 0, width, height };
  if (panel < 0)
    shl_panels_draw_all (cr, scene, &style, &area);
  else
    shl_panel_draw (cr, (ShlPanelKind) panel, scene, &style, &area);
}

/* --------------------------------------------------------------- CSV */

static void
csv_num (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

static void
csv_row (GString *s, const double *v, int n)
{
  for (int k = 0; k < n; k++)
    {
      if (k)
        g_string_append_c (s, ',');
      csv_num (s, v[k]);
    }
  g_string_append_c (s, '\n');
}

static gboolean
csv_write (const char *dir, const char *name, GString *s, guint *count, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  if (!shl_write_file_atomic (path, s->str, (gssize) s->len, error))
    return FALSE;
  (*count)++;
  return TRUE;
}

gboolean
shl_panels_export_csv (const ShlScene *sc, const char *dir, guint *n_files, GError **error)
{
  guint count = 0;
  if (n_files)
    *n_files = 0;
  if (!sc || !sc->net)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "nothing to export yet");
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int e = errno;
      g_set_error (error, SHL_ERROR, SHL_ERROR_IO, "%s: cannot create the folder: %s", dir, g_strerror (e));
      return FALSE;
    }
  const ShlNet *net = sc->net;
  const int m = net->m, d = net->d;
  g_autoptr (GString) s = g_string_new (NULL);

  /* the data */
  if (sc->data)
    {
      g_string_assign (s, d == 1 ? "x,y\n" : "x1,x2,y\n");
      for (size_t k = 0; k < sc->data->n; k++)
        {
          double row[3] = { sc->data->x[k * d], d == 2 ? sc->data->x[k * d + 1] : sc->data->y[k],
                            sc->data->y[k] };
          csv_row (s, row, d + 1);
        }
      if (!csv_write (dir, "data.csv", s, &count, error))
        return FALSE;
    }

  if (d == 1)
    {
      double *bp = g_new (double, m + 2), *fv = g_new (double, m + 2), *df = g_new (double, m + 2);
      int nb = breakpoints_1d (bp, net);
      shl_net_eval (fv, NULL, net, bp, (size_t) nb);
      g_string_assign (s, "x,f\n");
      for (int k = 0; k < nb; k++)
        csv_row (s, (double[]) { bp[k], fv[k] }, 2);
      gboolean ok = csv_write (dir, "realization.csv", s, &count, error);
      /* the derivative: constant on each interval between distinct breakpoints */
      g_string_assign (s, "x_from,x_to,df_dx\n");
      for (int k = 0; ok && k + 1 < nb; k++)
        {
          if (!(bp[k + 1] > bp[k]))
            continue;
          double mid = 0.5 * (bp[k] + bp[k + 1]), f1;
          shl_net_eval (&f1, df, net, &mid, 1);
          csv_row (s, (double[]) { bp[k], bp[k + 1], df[0] }, 3);
        }
      ok = ok && csv_write (dir, "derivative.csv", s, &count, error);
      g_string_assign (s, "neuron,kink,jump\n");
      int *who = g_new (int, MAX (m, 1));
      int nk = shl_net_kinks_1d (bp, who, net);
      for (int k = 0; k < nk; k++)
        csv_row (s, (double[]) { who[k], bp[k], net->c[who[k]] * fabs (net->a[who[k]]) }, 3);
      ok = ok && csv_write (dir, "kinks.csv", s, &count, error);
      g_free (who);
      if (ok && sc->target)
        {
          g_string_assign (s, "x,target\n");
          for (int k = 0; k < CURVE_SAMPLES; k++)
            {
              double x = net->lo[0] + (net->hi[0] - net->lo[0]) * k / (CURVE_SAMPLES - 1);
              csv_row (s, (double[]) { x, shl_target_eval (sc->target, &x) }, 2);
            }
          ok = csv_write (dir, "target.csv", s, &count, error);
        }
      g_free (bp);
      g_free (fv);
      g_free (df);
      if (!ok)
        return FALSE;
    }
  else
    {
      const int n = GRID_2D;
      double *x = g_new (double, 2 * n * n), *f = g_new (double, n * n), *g = g_new (double, 2 * n * n);
      for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++)
          {
            x[2 * (j * n + i)] = net->lo[0] + (net->hi[0] - net->lo[0]) * (i + 0.5) / n;
            x[2 * (j * n + i) + 1] = net->lo[1] + (net->hi[1] - net->lo[1]) * (j + 0.5) / n;
          }
      shl_net_eval (f, g, net, x, (size_t) n * n);
      g_string_assign (s, "x1,x2,f,df_dx1,df_dx2,grad_norm\n");
      for (int k = 0; k < n * n; k++)
        csv_row (s, (double[]) { x[2 * k], x[2 * k + 1], f[k], g[2 * k], g[2 * k + 1],
                                 hypot (g[2 * k], g[2 * k + 1]) }, 6);
      gboolean ok = csv_write (dir, "grid.csv", s, &count, error);
      double *seg = g_new (double, 4 * (size_t) MAX (m, 1));
      int *who = g_new (int, MAX (m, 1));
      int ns = shl_net_kink_segments_2d (seg, who, net);
      g_string_assign (s, "neuron,x1_start,x2_start,x1_end,x2_end\n");
      for (int k = 0; k < ns; k++)
        csv_row (s, (double[]) { who[k], seg[4 * k], seg[4 * k + 1], seg[4 * k + 2], seg[4 * k + 3] }, 5);
      ok = ok && csv_write (dir, "kinks.csv", s, &count, error);
      g_free (seg);
      g_free (who);
      g_free (x);
      g_free (f);
      g_free (g);
      if (!ok)
        return FALSE;
    }

  if (sc->have_landscape && sc->land_loss)
    {
      int n = sc->land_n;
      g_string_assign (s, "alpha,beta,loss\n");
      for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++)
          csv_row (s, (double[]) { -sc->land_span + 2 * sc->land_span * i / (n - 1),
                                   -sc->land_span + 2 * sc->land_span * j / (n - 1),
                                   sc->land_loss[j * n + i] }, 3);
      if (!csv_write (dir, "landscape.csv", s, &count, error))
        return FALSE;
      g_string_assign (s, "alpha,beta\n");
      for (guint k = 0; k < sc->n_land_path; k++)
        csv_row (s, sc->land_path + 2 * k, 2);
      if (!csv_write (dir, "landscape-path.csv", s, &count, error))
        return FALSE;
    }

  /* every recorded point: the loss and each neuron's position */
  g_string_assign (s, "step,loss\n");
  for (guint k = 0; k < sc->n_hist; k++)
    csv_row (s, (double[]) { (double) sc->hist_step[k], sc->hist_loss[k] }, 2);
  if (!csv_write (dir, "loss.csv", s, &count, error))
    return FALSE;
  g_string_assign (s, d == 1 ? "step,neuron,kink,jump,norm_ab,abs_c\n" : "step,neuron,norm_ab,abs_c\n");
  for (guint k = 0; k < sc->n_hist; k++)
    {
      const double *th = sc->hist_theta + (size_t) k * net->n_params;
      for (int i = 0; i < m; i++)
        {
          const double *a = th + (size_t) i * d;
          double b = th[(size_t) m * d + i], c = th[(size_t) m * d + m + i];
          double nab = sqrt (a[0] * a[0] + (d == 2 ? a[1] * a[1] : 0) + b * b);
          if (d == 1)
            csv_row (s, (double[]) { (double) sc->hist_step[k], i, a[0] != 0 ? -b / a[0] : NAN,
                                     c * fabs (a[0]), nab, fabs (c) }, 6);
          else
            csv_row (s, (double[]) { (double) sc->hist_step[k], i, nab, fabs (c) }, 4);
        }
    }
  if (!csv_write (dir, "trajectory.csv", s, &count, error))
    return FALSE;
  if (n_files)
    *n_files = count;
  return TRUE;
}
