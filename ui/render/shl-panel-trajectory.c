/* shl-panel-trajectory.c: the neurons over training (kink and jump, the
 * balance plane, the conserved quantities or the distance from the
 * start) above the training loss; every recorded position and the loss
 * as CSV. */
#include "shl-panels-private.h"

#include <math.h>
#include <string.h>

#include "shl-figure.h"
#include "shl-geom.h"
#include "shl-paramdist.h"
#include "shl-plot-record.h"

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
static ShlPlot *
conservation_plot (const ShlScene *s, const ShlPlotStyle *style, ShlPanelReport *rep)
{
  shl_panel_report_begin_plot (rep, "conservation");
  const ShlNet *net = s->net;
  const int m = net->m, d = net->d;
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Conservation: $h_i = c_i^2 - ‖(a_i, b_i)‖^2$");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "step");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "$h_i$");
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
  g_free (idx);
  g_free (x);
  g_free (y);
  return g_steal_pointer (&p);
}

/* how far training has gone from the start, measured in parameters (raw
 * and modulo symmetries) and in realizations (sup and W^{1,inf}) */
static ShlPlot *
distances_plot (const ShlScene *s, ShlPanelReport *rep)
{
  shl_panel_report_begin_plot (rep, "distances");
  const ShlNet *net = s->net;
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Distance from the start");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "step");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "distance");
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
  const char *labels[] = { "$‖θ - θ_0‖_∞$", "$d_{\\mathrm{sym}}(θ, θ_0)$",
                           "$‖f - f_0‖_∞$", "$‖f - f_0‖_{W^{1,∞}}$" };
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
  shl_net_free (start);
  shl_net_free (cur);
  g_free (idx);
  g_free (x);
  for (int j = 0; j < 4; j++)
    g_free (v[j]);
  return g_steal_pointer (&p);
}

/* ---------------------------------------------------------------- loss */

/* Losses above this (or not finite) are clipped to the top of the plot:
 * a thousand times the first finite loss, where training started. */
static double
loss_clip (const double *y, int n)
{
  for (int i = 0; i < n; i++)
    if (isfinite (y[i]) && y[i] > 0)
      return 1e3 * y[i];
  return G_MAXDOUBLE;
}

/* Whether the step axis is logarithmic: asked for, or (automatic) the
 * recorded steps span more than two decades from the first positive
 * one. */
static gboolean
log_steps (const ShlScene *s)
{
  if (s->loss_steps != SHL_STEP_AXIS_AUTO)
    return s->loss_steps == SHL_STEP_AXIS_LOG;
  guint64 first = 0, last = s->step;
  for (guint k = 0; k < s->n_hist && first == 0; k++)
    first = s->hist_step[k];
  if (s->n_hist > 0)
    last = MAX (last, s->hist_step[s->n_hist - 1]);
  return first > 0 && (double) last / (double) first > 100.0;
}

/* On a logarithmic step axis: at most PATH_POINTS history indices evenly
 * spaced in log(step), step 0 left out, always the last. */
static int
pick_history_log (guint *idx, const ShlScene *s)
{
  guint lo = 0, n = s->n_hist;
  while (lo < n && s->hist_step[lo] == 0)
    lo++;
  if (lo >= n)
    return 0;
  double a = log ((double) s->hist_step[lo]), b = log ((double) s->hist_step[n - 1]);
  int count = 0;
  guint j = lo;
  for (int k = 0; k < PATH_POINTS; k++)
    {
      double want = exp (a + (b - a) * k / (PATH_POINTS - 1));
      while (j + 1 < n && (double) s->hist_step[j] < want)
        j++;
      if (count == 0 || idx[count - 1] != j)
        idx[count++] = j;
    }
  if (idx[count - 1] != n - 1)
    idx[count - 1] = n - 1;
  return count;
}

/* The training loss over the recorded steps, on a log scale. A long run
 * gets a logarithmic step axis (step 0 is then left out); losses that are
 * not finite or huge (a run that diverges) are clipped to the top of the
 * plot and marked there. */
static ShlPlot *
loss_plot (const ShlScene *s, ShlPanelReport *rep)
{
  shl_panel_report_begin_plot (rep, "loss");
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Training loss");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "step");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "loss");
  shl_plot_set_axis_scale (p, SHL_AXIS_Y, SHL_SCALE_LOG10);
  shl_plot_set_legend (p, SHL_LEGEND_AUTO);
  gboolean log_x = log_steps (s);
  guint *idx = g_new (guint, PATH_POINTS);
  int nh = !s->hist_loss ? 0 : log_x ? pick_history_log (idx, s) : pick_history (idx, s->n_hist);
  double *x = g_new (double, nh + 1), *y = g_new (double, nh + 1);
  for (int k = 0; k < nh; k++)
    {
      x[k] = (double) s->hist_step[idx[k]];
      y[k] = s->hist_loss[idx[k]];
    }
  if (nh == 0 || x[nh - 1] < (double) s->step)
    {
      x[nh] = (double) s->step;
      y[nh] = s->loss;
      nh++;
    }
  if (log_x)
    shl_plot_set_axis_scale (p, SHL_AXIS_X, SHL_SCALE_LOG10);

  /* clipped losses: the line leaves the plot, a marker at the top */
  double clip = loss_clip (y, nh);
  double *cx = g_new (double, nh), *cy = g_new (double, nh);
  int nc = 0;
  for (int k = 0; k < nh; k++)
    if (!(y[k] <= clip) && !(log_x && x[k] <= 0))
      {
        cx[nc] = x[k];
        cy[nc++] = clip;
        y[k] = isnan (y[k]) ? NAN : 1e3 * clip;
      }
  if (nc > 0)
    shl_plot_set_axis_range (p, SHL_AXIS_Y, NAN, clip * 1.6);

  ShlSeriesStyle ls = shl_series_style (0);
  ls.width = 1.5;
  shl_plot_add_line (p, x, y, nh, &ls);
  if (nc > 0)
    {
      ShlSeriesStyle cs = shl_series_style (1);
      cs.marker = SHL_MARKER_TRIANGLE;
      cs.label = "off scale (> $10^3$ × start)";
      shl_plot_add_scatter (p, cx, cy, NULL, nc, &cs);
    }
  if (s->n_hist > 0 && s->step < s->hist_step[s->n_hist - 1]
      && !(log_x && s->step == 0))
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
      /* one point (nothing trained yet): in the middle, not half cut off
       * by the left edge, on an axis that names only its step */
      double at = x[0];
      if (log_x)
        shl_plot_set_axis_range (p, SHL_AXIS_X, fmax (at, 1) / 3, fmax (at, 1) * 3);
      else
        shl_plot_set_axis_range (p, SHL_AXIS_X, at - 1, at + 1);
      shl_plot_set_ticks (p, SHL_AXIS_X, &at, 1);
    }
  /* symmetry moves on the timeline (issue 10) */
  shl_panel_report_add (rep, SHL_ROLE_LOSS, SHL_OWNER_NET, x, y, NULL, nh);
  shl_panel_add_events (p, s, rep, y, nh);
  g_free (idx);
  g_free (x);
  g_free (y);
  g_free (cx);
  g_free (cy);
  return g_steal_pointer (&p);
}

/* The tick labels the training loss (plots[1]) keeps in the column, from
 * a dry run on a recording surface with cr's units. */
static int
loss_tick_labels (ShlPlot **plots, const double *weights, cairo_t *cr, const ShlPlotStyle *st,
                  const ShlRect *area, double gap)
{
  ShlPlotRecord *rec = shl_plot_record_new ();
  cairo_t *c = shl_plot_record_dry_run (cr, rec);
  shl_plot_draw_column (plots, weights, 2, c, st, area, gap, NULL);
  shl_plot_record_dry_run_end (c);
  int n = 0;
  for (guint i = 0; i < shl_plot_record_get_n_boxes (rec); i++)
    {
      const ShlBox *b = shl_plot_record_get_box (rec, i);
      n += b->kind == SHL_BOX_TICK_LABEL && b->plot == 1;
    }
  shl_plot_record_free (rec);
  return n;
}

/* The upper plot (the view's) over the training loss, their data areas
 * aligned; the loss keeps at least its minimum height, or is left out
 * when it would keep fewer than two tick labels. A custom title
 * (the style's) goes to the upper plot only. */
void
shl_panel_trajectory_draw (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                           const ShlRect *area, ShlPanelReport *rep)
{
  const double weights[2] = { 0.6, 0.4 };
  double gap = 4 * style->scale;
  /* the upper plot's share of the panel, for the offsets of its labels
   * in data units (the column settles the exact height) */
  ShlRect probe = { area->x, area->y, area->width,
                    floor ((area->height - gap) * weights[0]) };
  guint first = rep ? shl_panel_report_n_plots (rep) : 0;
  ShlPlot *plots[2];
  if (s->traj_view == SHL_TRAJ_CONSERVATION)
    plots[0] = conservation_plot (s, style, rep);
  else if (s->traj_view == SHL_TRAJ_DISTANCES)
    plots[0] = distances_plot (s, rep);
  else
    plots[0] = shl_panel_neurons_plot (s, style, &probe, rep);
  ShlPlotStyle st = *style;
  if (st.title[0])
    {
      shl_plot_set_title (plots[0], st.title);
      st.title[0] = '\0';
    }
  shl_panel_apply_overrides (plots[0], style, 0);
  /* A panel too short for the training loss to keep two tick labels
   * shows the upper plot alone rather than a loss plot no one can read
   * (a log axis with one label or none says nothing of the scale). Only
   * a short panel needs the dry run that counts them: with ten tick
   * ems of its share the loss keeps its labels (the app redraws this
   * panel at frame rate) */
  double em = style->tick_size * (style->scale > 0 ? style->scale : 1.0);
  int n = 2;
  if (weights[1] * (area->height - gap) < 10 * em)
    {
      plots[1] = loss_plot (s, NULL);
      shl_panel_apply_overrides (plots[1], style, 1);
      n = loss_tick_labels (plots, weights, cr, &st, area, gap) >= 2 ? 2 : 1;
      shl_plot_free (plots[1]);
    }
  plots[1] = NULL;
  if (n == 2)
    {
      plots[1] = loss_plot (s, rep);
      shl_panel_apply_overrides (plots[1], style, 1);
    }
  ShlPlotLayout lay[2];
  shl_plot_draw_column (plots, weights, n, cr, &st, area, gap, lay);
  shl_panel_report_set_layout (rep, first, &lay[0]);
  if (n == 2)
    shl_panel_report_set_layout (rep, first + 1, &lay[1]);
  shl_plot_free (plots[0]);
  shl_plot_free (plots[1]);
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
