/* shl-panel-landscape.c: the loss on a 2-D slice through the parameters
 * with the training path, or the loss along three 1-D paths; the slice
 * and the path as CSV. */
#include "shl-panels-private.h"

#include <math.h>
#include <string.h>

#include "shl-landscape.h"

/* ---------------------------------------------------------------- paths */

/* The loss along three 1-D paths from A to B: the straight segment between
 * the parameters, the straight segment between the realizations (convex
 * for the squared error), and the rescaling orbit of one neuron (flat). */
static void
draw_paths (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style, const ShlRect *area,
            ShlPanelReport *rep)
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
      shl_panel_report_begin_plot (rep, "message");
      shl_panel_draw_message (cr, style, area, "Loss along paths", "train a few steps first");
      return;
    }
  enum { N = 101 };
  double t[N], lp[N], lr[N], lo[N];
  for (int k = 0; k < N; k++)
    t[k] = (double) k / (N - 1);
  gboolean ok = shl_path_params (lp, A, B, s->data, s->loss_kind, N)
                && shl_path_realizations (lr, A, B, s->data, s->loss_kind, N);
  gboolean orbit = B->m > 0 && shl_path_orbit (lo, B, 0, s->data, s->loss_kind, 1.0, N);
  shl_panel_report_begin_plot (rep, "paths");
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, to_twin ? "Loss from the twin ($t = 0$) to the network ($t = 1$)"
                                 : "Loss from the start ($t = 0$) to now ($t = 1$)");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "$t$");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "loss");
  shl_plot_set_legend (p, SHL_LEGEND_BEST);
  if (ok)
    {
      ShlSeriesStyle a = shl_series_style (0);
      a.width = 1.8;
      a.label = "parameters $(1 - t)\\,θ_A + t\\,θ_B$";
      shl_plot_add_line (p, t, lp, N, &a);
      shl_panel_report_add (rep, SHL_ROLE_PATH, SHL_OWNER_NET, t, lp, NULL, N);
      ShlSeriesStyle b = shl_series_style (1);
      b.width = 1.8;
      b.dash = SHL_DASH_DASHED;
      b.label = "realizations $(1 - t)\\,f_A + t\\,f_B$";
      shl_plot_add_line (p, t, lr, N, &b);
      shl_panel_report_add (rep, SHL_ROLE_PATH, SHL_OWNER_TWIN, t, lr, NULL, N);
    }
  if (orbit)
    {
      ShlSeriesStyle c = shl_series_style (2);
      c.width = 1.4;
      c.dash = SHL_DASH_DOTTED;
      c.label = "rescaling orbit of neuron 1 ($λ = e^{2t - 1}$)";
      shl_plot_add_line (p, t, lo, N, &c);
    }
  shl_panel_plot_draw (p, cr, style, area, rep, NULL);
  shl_net_free (A);
}

/* ---------------------------------------------------------------- slice */

/* The axis labels name the slice's directions. */
static void
set_direction_labels (ShlPlot *p, const ShlScene *s)
{
  char xl[96], yl[96];
  switch (s->land_kind)
    {
    case SHL_DIRS_PCA:
      g_snprintf (xl, sizeof xl, "$α$ (PC 1, %.0f%% of the path)", 100 * s->land_explained[0]);
      g_snprintf (yl, sizeof yl, "$β$ (PC 2, %.0f%%)", 100 * s->land_explained[1]);
      break;
    case SHL_DIRS_ORBIT:
      g_snprintf (xl, sizeof xl, "$α$ (rescaling orbit of neuron %d)", s->land_neuron + 1);
      g_snprintf (yl, sizeof yl, "$β$ (random direction)");
      break;
    case SHL_DIRS_COORDS:
      g_snprintf (xl, sizeof xl, "$α$ ($b_{%d}$)", s->land_neuron + 1);
      g_snprintf (yl, sizeof yl, "$β$ ($c_{%d}$)", s->land_neuron + 1);
      break;
    case SHL_DIRS_TWIN:
      g_snprintf (xl, sizeof xl, "$α$ (towards the twin: 1 is $g$)");
      g_snprintf (yl, sizeof yl, "$β$ (random direction)");
      break;
    case SHL_DIRS_RANDOM:
    default:
      g_snprintf (xl, sizeof xl, "$α$ (direction 1)");
      g_snprintf (yl, sizeof yl, "$β$ (direction 2)");
      break;
    }
  shl_plot_set_axis_label (p, SHL_AXIS_X, xl);
  shl_plot_set_axis_label (p, SHL_AXIS_Y, yl);
}

/* Logarithmic loss colours span at most this many decades below the
 * largest loss: a slice reaching a zero-loss twin (1e-30) would otherwise
 * spend the whole colour map on rounding and leave the rest one colour. */
#define LOSS_LOG_DECADES 6.0

/* The loss as a heat map (log colours when all positive, clipped to a
 * useful range) with contours. */
static void
add_loss_map (ShlPlot *p, const ShlScene *s, ShlPanelReport *rep)
{
  int n = s->land_n;
  double sp = s->land_span;
  /* grid points are nodes from -span to span; as cells they extend half a
   * cell beyond */
  double hx = sp / (n - 1);
  ShlHeatmapStyle hs = shl_heatmap_style (SHL_COLORMAP_VIRIDIS);
  hs.scale = SHL_SCALE_LOG10;
  hs.smooth = TRUE;
  hs.colorbar = TRUE;
  hs.colorbar_label = "loss";
  gboolean positive = TRUE;
  double lo = INFINITY, hi = -INFINITY;
  for (int k = 0; k < n * n; k++)
    {
      if (!(s->land_loss[k] > 0))
        positive = FALSE;
      if (isfinite (s->land_loss[k]))
        {
          lo = fmin (lo, s->land_loss[k]);
          hi = fmax (hi, s->land_loss[k]);
        }
    }
  if (!positive || s->land_linear)
    {
      hs.scale = SHL_SCALE_LINEAR;
      /* a loss is never negative: the colours start at 0 */
      hs.vmin = 0.0;
      hs.vmax = hi > 0 ? hi : 1.0;
    }
  else if (hi > 0)
    {
      hs.vmax = hi;
      hs.vmin = fmax (lo, hi * pow (10, -LOSS_LOG_DECADES));
      if (!(hs.vmin < hs.vmax))
        hs.vmin = hs.vmax / 10;
    }
  shl_panel_fix_color_range (&hs, s->color_range[SHL_PANEL_LANDSCAPE]);
  shl_plot_add_heatmap (p, s->land_loss, n, n, -sp - hx, sp + hx, -sp - hx, sp + hx, &hs);
  ShlReportItem *it = shl_panel_report_add (rep, SHL_ROLE_HEATMAP, SHL_OWNER_NET, NULL, NULL, NULL, 0);
  if (it)
    it->vmin = hs.vmin, it->vmax = hs.vmax;
  ShlSeriesStyle cs = shl_series_style (SHL_COLOR_CUSTOM);
  cs.color = shl_color_rgb (0xffffff);
  cs.alpha = 0.45;
  cs.width = 0.6;
  if (hi > lo)
    shl_plot_add_contours (p, s->land_loss, n, n, -sp - hx, sp + hx, -sp - hx, sp + hx,
                           NULL, 10, &cs);
}

/* The training path projected on the slice, its start, the twin (when
 * the slice points at it: inside the span, or at its edge with its
 * coordinate) and the current parameters at the centre. */
static void
add_path_and_markers (ShlPlot *p, const ShlScene *s, ShlPanelReport *rep)
{
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
      shl_panel_report_add (rep, SHL_ROLE_PATH, SHL_OWNER_NET, px, py, NULL, (int) s->n_land_path);
      ShlSeriesStyle ss = shl_series_style (1);
      ss.marker = SHL_MARKER_SQUARE;
      ss.label = "start";
      shl_plot_add_scatter (p, px, py, NULL, 1, &ss);
      g_free (px);
      g_free (py);
    }
  if (s->land_kind == SHL_DIRS_TWIN)
    {
      double one = 1.0, z0 = 0.0, sp = s->land_span;
      ShlSeriesStyle tw = shl_series_style (SHL_PANEL_TWIN_PALETTE);
      tw.marker = SHL_MARKER_TRIANGLE;
      tw.marker_scale = 1.5;
      tw.label = "twin $g$ ($α = 1$)";
      if (one <= sp)
        {
          shl_plot_add_scatter (p, &one, &z0, NULL, 1, &tw);
          shl_panel_report_add (rep, SHL_ROLE_TWIN_MARK, SHL_OWNER_TWIN, &one, &z0, NULL, 1);
        }
      else
        {
          double x = sp;
          shl_plot_add_legend_entry (p, &tw);
          tw.label = NULL;
          shl_plot_add_edge_marker (p, x, z0, SHL_ANCHOR_E, "$g$ at $α = 1$ →", &tw);
          shl_panel_report_add (rep, SHL_ROLE_EDGE_MARKER, SHL_OWNER_TWIN, &x, &z0, NULL, 1);
        }
    }
  double zero = 0.0;
  ShlSeriesStyle cur = shl_series_style (SHL_COLOR_CUSTOM);
  cur.color = shl_color_rgb (0xffffff);
  cur.marker = SHL_MARKER_CROSS;
  cur.marker_scale = 1.6;
  cur.width = 2.0;
  cur.label = "current $θ$";
  shl_plot_add_scatter (p, &zero, &zero, NULL, 1, &cur);
  shl_panel_report_add (rep, SHL_ROLE_CURRENT_MARK, SHL_OWNER_NET, &zero, &zero, NULL, 1);
}

static void
draw_slice (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
            const ShlRect *area, ShlPanelReport *rep)
{
  if (!s->have_landscape || !s->land_loss || s->land_n < 2)
    {
      char msg[64];
      g_snprintf (msg, sizeof msg, s->land_busy ? "computing the slice… %.0f%%" : "no slice yet",
                  100 * s->land_progress);
      shl_panel_report_begin_plot (rep, "message");
      shl_panel_draw_message (cr, style, area, "Loss landscape", msg);
      return;
    }
  shl_panel_report_begin_plot (rep, "landscape");
  g_autoptr (ShlPlot) p = shl_plot_new ();
  if (s->land_busy && s->land_progress < 1.0)
    {
      char t[64];
      g_snprintf (t, sizeof t, "Loss landscape · refining %.0f%%", 100 * s->land_progress);
      shl_plot_set_title (p, t);
    }
  else
    shl_plot_set_title (p, "Loss landscape");
  set_direction_labels (p, s);
  double sp = s->land_span;
  shl_plot_set_axis_range (p, SHL_AXIS_X, -sp, sp);
  shl_plot_set_axis_range (p, SHL_AXIS_Y, -sp, sp);
  shl_plot_set_equal_aspect (p, TRUE);
  shl_plot_set_grid (p, FALSE);
  shl_plot_set_legend (p, SHL_LEGEND_BEST);
  add_loss_map (p, s, rep);
  add_path_and_markers (p, s, rep);
  shl_panel_plot_draw (p, cr, style, area, rep, NULL);
}

void
shl_panel_landscape_draw (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                          const ShlRect *area, ShlPanelReport *rep)
{
  if (s->land_paths)
    draw_paths (cr, s, style, area, rep);
  else
    draw_slice (cr, s, style, area, rep);
}

/* ---------------------------------------------------------------- CSV */

/* The slice on its nodes and the projected path, when there is a slice. */
gboolean
shl_panel_landscape_csv (const ShlScene *s, ShlCsv *csv, GError **error)
{
  if (!s->have_landscape || !s->land_loss)
    return TRUE;
  int n = s->land_n;
  shl_csv_begin (csv, "alpha,beta,loss\n");
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++)
      shl_csv_row (csv, (double[]) { -s->land_span + 2 * s->land_span * i / (n - 1),
                                     -s->land_span + 2 * s->land_span * j / (n - 1),
                                     s->land_loss[j * n + i] }, 3);
  if (!shl_csv_write (csv, "landscape.csv", error))
    return FALSE;
  shl_csv_begin (csv, "alpha,beta\n");
  for (guint k = 0; k < s->n_land_path; k++)
    shl_csv_row (csv, s->land_path + 2 * k, 2);
  return shl_csv_write (csv, "landscape-path.csv", error);
}
