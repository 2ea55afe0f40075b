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

/* Whether the neuron's kink crosses the domain (it is neither dead nor
 * affine there). */
static gboolean
neuron_active (const ShlNet *net, const double *a, double b)
{
  double zmin = b, zmax = b;
  for (int j = 0; j < net->d; j++)
    {
      zmin += fmin (a[j] * net->lo[j], a[j] * net->hi[j]);
      zmax += fmax (a[j] * net->lo[j], a[j] * net->hi[j]);
    }
  return zmin < 0 && zmax > 0;
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

static void
setup_neuron_plot (ShlPlot *p, const ShlNet *net, gboolean one_d)
{
  if (one_d)
    {
      shl_plot_set_title (p, "Neurons: kink position and jump");
      shl_plot_set_axis_label (p, SHL_AXIS_X, "kink $t_i = -b_i/a_i$");
      shl_plot_set_axis_label (p, SHL_AXIS_Y, "jump $c_i|a_i|$");
      double w = net->hi[0] - net->lo[0];
      shl_plot_set_axis_range (p, SHL_AXIS_X, net->lo[0] - 0.1 * w, net->hi[0] + 0.1 * w);
    }
  else
    {
      shl_plot_set_title (p, "Neurons: balance plane");
      shl_plot_set_axis_label (p, SHL_AXIS_X, "$‖(a_i, b_i)‖$");
      shl_plot_set_axis_label (p, SHL_AXIS_Y, "$|c_i|$");
    }
  shl_plot_set_legend (p, SHL_LEGEND_NONE);
}

/* Each neuron's recorded path: solid while its kink is in the domain,
 * faint and dotted while it is dead or affine there. On the balance plane
 * *hx, *hy grow to the largest coordinates. */
static void
add_neuron_histories (ShlPlot *p, const ShlScene *s, gboolean one_d,
                      double *hx, double *hy)
{
  const ShlNet *net = s->net;
  const int m = net->m, d = net->d;
  const double w = net->hi[0] - net->lo[0];
  guint *idx = g_new (guint, PATH_POINTS);
  int nh = s->hist_theta ? pick_history (idx, s->n_hist) : 0;
  double *px = g_new (double, MAX (nh, 1)), *py = g_new (double, MAX (nh, 1));
  double *qx = g_new (double, MAX (nh, 1)), *qy = g_new (double, MAX (nh, 1));
  gboolean *act = g_new (gboolean, MAX (nh, 1));
  for (int i = 0; i < m; i++)
    {
      for (int k = 0; k < nh; k++)
        {
          const double *a;
          double b, c;
          theta_neuron (s->hist_theta + (size_t) idx[k] * net->n_params, m, d, i, &a, &b, &c);
          act[k] = neuron_active (net, a, b);
          neuron_point (&px[k], &py[k], a, b, c, d, one_d);
          if (one_d)
            {
              /* a kink far outside the domain breaks the path */
              double t = px[k];
              px[k] = fabs (t) < 1e6 && t > net->lo[0] - 0.1 * w && t < net->hi[0] + 0.1 * w ? t : NAN;
            }
          else
            {
              *hx = fmax (*hx, px[k]);
              *hy = fmax (*hy, py[k]);
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
  g_free (idx);
  g_free (px);
  g_free (py);
  g_free (qx);
  g_free (qy);
  g_free (act);
}

/* The zero jump and the domain's ends (1-D), or the diagonal of balanced
 * neurons |c| = ||(a, b)|| up to the largest coordinate hx, hy. */
static void
add_neuron_references (ShlPlot *p, const ShlNet *net, gboolean one_d,
                       double hx, double hy)
{
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
      return;
    }
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

/* The twin's neurons (e.g. the network before a symmetry move), hollow,
 * joined to the same slot (cx, cy) of the network: how far each neuron
 * jumped. */
static void
add_twin_neurons (ShlPlot *p, const ShlNet *tw, const double *cx, const double *cy,
                  const ShlColor *cc, gboolean one_d)
{
  const int m = tw->m;
  double *tx = g_new (double, MAX (m, 1)), *ty = g_new (double, MAX (m, 1));
  double *jx = g_new (double, 3 * MAX (m, 1)), *jy = g_new (double, 3 * MAX (m, 1));
  for (int i = 0; i < m; i++)
    {
      neuron_point (&tx[i], &ty[i], tw->a + (size_t) i * tw->d, tw->b[i], tw->c[i], tw->d, one_d);
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
  ts.label = "twin $g$";
  shl_plot_add_scatter (p, tx, ty, cc, m, &ts);
  shl_plot_set_legend (p, SHL_LEGEND_BEST);
  g_free (tx);
  g_free (ty);
  g_free (jx);
  g_free (jy);
}

/* A move being animated: the neurons (cx, cy) travel from the twin's
 * place, t of the way (smoothstep). */
static void
move_from_twin (double *cx, double *cy, const ShlNet *tw, double t, gboolean one_d)
{
  double e = t * t * (3 - 2 * t);
  for (int i = 0; i < tw->m; i++)
    {
      double tx, ty;
      neuron_point (&tx, &ty, tw->a + (size_t) i * tw->d, tw->b[i], tw->c[i], tw->d, one_d);
      if (isfinite (tx) && isfinite (cx[i]))
        cx[i] = tx + e * (cx[i] - tx);
      if (isfinite (ty) && isfinite (cy[i]))
        cy[i] = ty + e * (cy[i] - ty);
    }
}

static ShlPlot *
neuron_paths_plot (const ShlScene *s, const ShlPlotStyle *style)
{
  const ShlNet *net = s->net;
  const int m = net->m, d = net->d;
  gboolean one_d = d == 1 && s->traj_view != SHL_TRAJ_BALANCE;
  gboolean twin = s->twin && s->twin->d == d && s->twin->m == m;
  g_autoptr (ShlPlot) p = shl_plot_new ();
  setup_neuron_plot (p, net, one_d);
  double hx = -1, hy = -1;
  add_neuron_histories (p, s, one_d, &hx, &hy);

  /* the current positions */
  double *cx = g_new (double, MAX (m, 1)), *cy = g_new (double, MAX (m, 1));
  ShlColor *cc = g_new (ShlColor, MAX (m, 1));
  for (int i = 0; i < m; i++)
    {
      neuron_point (&cx[i], &cy[i], net->a + (size_t) i * d, net->b[i], net->c[i], d, one_d);
      if (!one_d)
        {
          hx = fmax (hx, cx[i]);
          hy = fmax (hy, cy[i]);
        }
      cc[i] = shl_plot_style_series_color (style, i % 7);
    }
  add_neuron_references (p, net, one_d, hx, hy);
  if (twin)
    add_twin_neurons (p, s->twin, cx, cy, cc, one_d);
  if (twin && s->move_t > 0 && s->move_t < 1)
    move_from_twin (cx, cy, s->twin, s->move_t, one_d);
  ShlSeriesStyle ms = shl_series_style (SHL_COLOR_FOREGROUND);
  ms.marker = SHL_MARKER_CIRCLE;
  ms.marker_scale = 1.1;
  shl_plot_add_scatter (p, cx, cy, cc, m, &ms);
  g_free (cx);
  g_free (cy);
  g_free (cc);
  return g_steal_pointer (&p);
}

/* ----------------------------------------------------- other upper plots */

/* h_i = c_i^2 - ||(a_i, b_i)||^2 over the recorded steps: constant under
 * gradient flow, drifting under large steps or weight decay */
static ShlPlot *
conservation_plot (const ShlScene *s)
{
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
      ShlSeriesStyle ls = shl_series_style (i % 7);
      ls.alpha = 0.8;
      if (nh > 0)
        shl_plot_add_line (p, x, y, nh, &ls);
    }
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
distances_plot (const ShlScene *s)
{
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
  const char *labels[] = { "$‖θ - θ_0‖_∞$", "$d_{sym}(θ, θ_0)$",
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
loss_plot (const ShlScene *s)
{
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
      cs.label = "off scale (> 10<sup>3</sup> × start)";
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
      shl_plot_set_axis_range (p, SHL_AXIS_X, log_x ? 1 : 0, log_x ? 10 : 1);
    }
  g_free (idx);
  g_free (x);
  g_free (y);
  g_free (cx);
  g_free (cy);
  return g_steal_pointer (&p);
}

/* The upper plot (the view's) over the training loss, their data areas
 * aligned; the loss keeps at least its minimum height. A custom title
 * (the style's) goes to the upper plot only. */
void
shl_panel_trajectory_draw (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                           const ShlRect *area)
{
  ShlPlot *plots[2];
  if (s->traj_view == SHL_TRAJ_CONSERVATION)
    plots[0] = conservation_plot (s);
  else if (s->traj_view == SHL_TRAJ_DISTANCES)
    plots[0] = distances_plot (s);
  else
    plots[0] = neuron_paths_plot (s, style);
  plots[1] = loss_plot (s);
  ShlPlotStyle st = *style;
  if (st.title[0])
    {
      shl_plot_set_title (plots[0], st.title);
      st.title[0] = '\0';
    }
  const double weights[2] = { 0.6, 0.4 };
  shl_plot_draw_column (plots, weights, 2, cr, &st, area, 4 * style->scale, NULL);
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
