/* shl-panel-trajectory.c: the neurons over training (kink and jump, the
 * balance plane, the conserved quantities or the distance from the
 * start) above the training loss; every recorded position and the loss
 * as CSV. */
#include "shl-panels-private.h"

#include <math.h>
#include <string.h>

#include "shl-geom.h"
#include "shl-paramdist.h"

#define PATH_POINTS 400        /* history points drawn per neuron */

/* ------------------------------------------------------------ neurons */

/* Neuron i of a parameter vector laid out as ShlNet's theta: a (m, d),
 * then b (m), then c (m). */
static void
theta_neuron (const double *theta, int m, int d, int i, const double **a,
              double *b, double *c)
{
  *a = theta + (size_t) i * d;
  *b = theta[(size_t) m * d + i];
  *c = theta[(size_t) m * d + m + i];
}

/* ||(a, b)||^2 */
static double
norm2_ab (const double *a, double b, int d)
{
  return a[0] * a[0] + (d == 2 ? a[1] * a[1] : 0.0) + b * b;
}

/* Where a neuron sits: its kink -b/a (NaN when a = 0) and signed jump
 * c|a| in 1-D, or (||(a, b)||, |c|) on the balance plane. */
static void
neuron_point (double *x, double *y, const double *a, double b, double c,
              int d, gboolean one_d)
{
  if (one_d)
    {
      *x = a[0] != 0 ? -b / a[0] : NAN;
      *y = c * fabs (a[0]);
    }
  else
    {
      *x = sqrt (norm2_ab (a, b, d));
      *y = fabs (c);
    }
}

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

/* ----------------------------------------------------- other upper plots */

/* h_i = c_i^2 - ||(a_i, b_i)||^2 over the recorded steps: constant under
 * gradient flow, drifting under large steps or weight decay */
static void
draw_conservation (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                   const ShlRect *area, ShlPanelReport *rep)
{
  shl_panel_report_begin_plot (rep, "conservation");
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
          const double *a;
          double b, c;
          theta_neuron (s->hist_theta + (size_t) idx[k] * net->n_params, m, d, i, &a, &b, &c);
          x[k] = (double) s->hist_step[idx[k]];
          y[k] = c * c - norm2_ab (a, b, d);
        }
      ShlSeriesStyle ls = shl_series_style_color (shl_panel_neuron_color (style, i));
      ls.alpha = 0.8;
      ls.width = s->highlight == i + 1 ? 2.2 : 1.0;
      if (nh > 0)
        shl_plot_add_line (p, x, y, nh, &ls);
    }
  shl_panel_add_events (p, s, rep, NULL, 0);
  if (nh <= 1)
    shl_plot_set_axis_range (p, SHL_AXIS_X, 0, 1);
  shl_panel_plot_draw (p, cr, style, area, rep, NULL);
  g_free (idx);
  g_free (x);
  g_free (y);
}

/* how far training has gone from the start, measured in parameters (raw
 * and modulo symmetries) and in realizations (sup and W^{1,inf}) */
static void
draw_distances (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                const ShlRect *area, ShlPanelReport *rep)
{
  shl_panel_report_begin_plot (rep, "distances");
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
  shl_panel_add_events (p, s, rep, NULL, 0);
  if (np <= 1)
    shl_plot_set_axis_range (p, SHL_AXIS_X, 0, 1);
  shl_panel_plot_draw (p, cr, style, area, rep, NULL);
  shl_net_free (start);
  shl_net_free (cur);
  g_free (idx);
  g_free (x);
  for (int j = 0; j < 4; j++)
    g_free (v[j]);
}

/* ---------------------------------------------------------------- loss */

static void
draw_loss_curve (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                 const ShlRect *area, ShlPanelReport *rep)
{
  shl_panel_report_begin_plot (rep, "loss");
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
  /* symmetry moves on the timeline (issue 10) */
  shl_panel_report_add (rep, SHL_ROLE_LOSS, SHL_OWNER_NET, x, y, NULL, nh);
  shl_panel_add_events (p, s, rep, y, nh);
  shl_panel_plot_draw (p, cr, style, area, rep, NULL);
  g_free (idx);
  g_free (x);
  g_free (y);
}

void
shl_panel_trajectory_draw (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                           const ShlRect *area, ShlPanelReport *rep)
{
  double gap = 4 * style->scale;
  double top_h = floor ((area->height - gap) * 0.6);
  ShlRect top = { area->x, area->y, area->width, top_h };
  ShlRect bottom = { area->x, area->y + top_h + gap, area->width,
                     area->height - top_h - gap };
  if (s->traj_view == SHL_TRAJ_CONSERVATION)
    draw_conservation (cr, s, style, &top, rep);
  else if (s->traj_view == SHL_TRAJ_DISTANCES)
    draw_distances (cr, s, style, &top, rep);
  else
    shl_panel_neurons_draw (cr, s, style, &top, rep);
  draw_loss_curve (cr, s, style, &bottom, rep);
}

/* ---------------------------------------------------------------- CSV */

/* Every recorded point: the loss, and each neuron's position (kink and
 * jump in 1-D) on the balance plane. */
gboolean
shl_panel_trajectory_csv (const ShlScene *s, ShlCsv *csv, GError **error)
{
  const ShlNet *net = s->net;
  const int m = net->m, d = net->d;
  shl_csv_begin (csv, "step,loss\n");
  for (guint k = 0; k < s->n_hist; k++)
    shl_csv_row (csv, (double[]) { (double) s->hist_step[k], s->hist_loss[k] }, 2);
  if (!shl_csv_write (csv, "loss.csv", error))
    return FALSE;
  shl_csv_begin (csv, d == 1 ? "step,neuron,kink,jump,norm_ab,abs_c\n" : "step,neuron,norm_ab,abs_c\n");
  for (guint k = 0; k < s->n_hist; k++)
    for (int i = 0; i < m; i++)
      {
        const double *a;
        double b, c, kink, jump, nab, abs_c;
        theta_neuron (s->hist_theta + (size_t) k * net->n_params, m, d, i, &a, &b, &c);
        neuron_point (&nab, &abs_c, a, b, c, d, FALSE);
        if (d == 1)
          {
            neuron_point (&kink, &jump, a, b, c, d, TRUE);
            shl_csv_row (csv, (double[]) { (double) s->hist_step[k], i, kink, jump, nab, abs_c }, 6);
          }
        else
          shl_csv_row (csv, (double[]) { (double) s->hist_step[k], i, nab, abs_c }, 4);
      }
  return shl_csv_write (csv, "trajectory.csv", error);
}
