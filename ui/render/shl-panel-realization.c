/* shl-panel-realization.c: the realization f, exact in 1-D (a polyline
 * through its breakpoints) and a heat map with contours and kink lines in
 * 2-D; its series as CSV. */
#include "shl-panel-functions.h"

#include <math.h>
#include <string.h>

#include "shl-geom.h"

/* Two classes told apart in greyscale too: label 0 as circles in palette
 * 0 with the background's edge, label 1 as triangles in palette 1 with a
 * dark outline. */
static void
add_class_scatter (ShlPlot *p, const double *x, const double *y,
                   const double *label, int n, double scale)
{
  double *cx = g_new (double, MAX (n, 1)), *cy = g_new (double, MAX (n, 1));
  for (int cls = 0; cls < 2; cls++)
    {
      int nc = 0;
      for (int k = 0; k < n; k++)
        if ((label[k] > 0.5) == cls)
          cx[nc] = x[k], cy[nc++] = y[k];
      ShlSeriesStyle ss = shl_series_style (cls);
      ss.marker = cls ? SHL_MARKER_TRIANGLE : SHL_MARKER_CIRCLE;
      ss.marker_scale = cls ? 1.15 * scale : scale;
      ss.alpha = 0.9;
      ss.label = cls ? "label 1" : "label 0";
      /* class 1 outlined, in the plot and in the legend alike */
      ss.outlined = cls;
      if (nc > 0)
        shl_plot_add_scatter (p, cx, cy, NULL, nc, &ss);
      else
        shl_plot_add_legend_entry (p, &ss);
    }
  g_free (cx);
  g_free (cy);
}

static void
add_data_scatter (ShlPlot *p, const ShlScene *s, const ShlPlotStyle *style,
                  int x_col, gboolean two_d)
{
  const ShlData *data = s->data;
  if (!data || data->n == 0 || s->hide_data)
    return;
  int n = (int) MIN (data->n, (size_t) 20000);
  double *x = g_new (double, n), *y = g_new (double, n);
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
      add_class_scatter (p, x, y, data->y, n, ss.marker_scale);
      g_free (x);
      g_free (y);
      return;
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
  shl_plot_add_scatter (p, x, y, NULL, n, &ss);
  g_free (x);
  g_free (y);
}

/* ---------------------------------------------------------------- 1-D */

/* c_i relu(a_i x + b_i) of each neuron, faint, in its colour, through the
 * ends and its kink; the highlighted one stronger */
static void
add_neuron_terms (ShlPlot *p, ShlPanelReport *rep, const ShlScene *s,
                  const ShlPlotStyle *style, double *lo, double *hi)
{
  const ShlNet *net = s->net;
  for (int i = 0; i < net->m; i++)
    {
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
      ShlSeriesStyle ns = shl_series_style_color (shl_panel_neuron_color (style, i));
      gboolean hl = s->highlight == i + 1;
      ns.alpha = hl ? 0.95 : 0.6;
      ns.width = hl ? 2.2 : 1.1;
      ns.dash = SHL_DASH_DASHDOT;
      shl_plot_add_line (p, xs, ys, np, &ns);
      int who[3] = { i, i, i };
      shl_panel_report_add (rep, SHL_ROLE_TERM, SHL_OWNER_NET, xs, ys, who, np);
      shl_panel_extent_add (lo, hi, ys, np);
    }
}

/* f (or the twin g on f's domain) through its breakpoints, exact, with
 * rounding noise drawn as 0: the points in *x, *y (g_free them) */
static int
curve_points (double **x, double **y, const ShlNet *net, const ShlNet *dom)
{
  ShlNet *on = shl_panel_on_domain (net, dom);
  *x = g_new (double, on->m + 2);
  *y = g_new (double, on->m + 2);
  int n = shl_panel_breakpoints_1d (*x, on);
  shl_panel_eval_clean (*y, NULL, on, *x, (size_t) n);
  shl_net_free (on);
  return n;
}

static void
add_twin_curve (ShlPlot *p, ShlPanelReport *rep, const double *x, const double *y, int n)
{
  ShlSeriesStyle ws = shl_series_style (SHL_PANEL_TWIN_PALETTE);
  ws.width = 1.6;
  ws.dash = SHL_DASH_DASHED;
  ws.label = "twin $g$";
  shl_plot_add_line (p, x, y, n, &ws);
  shl_panel_report_add (rep, SHL_ROLE_TWIN, SHL_OWNER_TWIN, x, y, NULL, n);
}

static void
add_network_curve (ShlPlot *p, ShlPanelReport *rep, const double *x, const double *y, int n)
{
  ShlSeriesStyle fs = shl_series_style (0);
  fs.width = 1.8;
  fs.label = "network $f$";
  shl_plot_add_line (p, x, y, n, &fs);
  shl_panel_report_add (rep, SHL_ROLE_NETWORK, SHL_OWNER_NET, x, y, NULL, n);
}

/* the twin's kinks inside f's domain on the x axis, thin and in the
 * twin's colour (Shift-drag moves them) */
static void
add_twin_kink_rug (ShlPlot *p, ShlPanelReport *rep, const ShlNet *twin, const ShlNet *net)
{
  ShlNet *tw = shl_panel_on_domain (twin, net);
  double *t = g_new (double, MAX (tw->m, 1));
  int *who = g_new (int, MAX (tw->m, 1));
  int nk = shl_net_kinks_1d (t, who, tw);
  ShlSeriesStyle ks = shl_series_style (SHL_PANEL_TWIN_PALETTE);
  ks.width = 0.9;
  ks.label = "kinks of $g$";
  if (nk > 0)
    shl_plot_add_rug (p, t, nk, &ks);
  shl_panel_report_add (rep, SHL_ROLE_KINKS, SHL_OWNER_TWIN, t, NULL, who, nk);
  g_free (t);
  g_free (who);
  shl_net_free (tw);
}

/* the kinks of f on the x axis; the highlighted neuron's emphasised */
static void
add_kink_rug (ShlPlot *p, ShlPanelReport *rep, const ShlScene *s, const ShlPlotStyle *style)
{
  const ShlNet *net = s->net;
  double *t = g_new (double, MAX (net->m, 1));
  int *who = g_new (int, MAX (net->m, 1));
  int nk = shl_net_kinks_1d (t, who, net);
  ShlSeriesStyle ks = shl_series_style (1);
  ks.width = 1.4;
  ks.label = s->twin && s->twin->d == 1 ? "kinks of $f$" : "kinks";
  if (nk > 0)
    shl_plot_add_rug (p, t, nk, &ks);
  shl_panel_report_add (rep, SHL_ROLE_KINKS, SHL_OWNER_NET, t, NULL, who, nk);
  for (int k = 0; k < nk; k++)
    if (s->highlight == who[k] + 1)
      {
        ShlSeriesStyle hs = shl_series_style_color (shl_panel_neuron_color (style, who[k]));
        hs.width = 3.0;
        shl_plot_add_rug (p, &t[k], 1, &hs);
        shl_panel_report_add (rep, SHL_ROLE_HIGHLIGHT, SHL_OWNER_NET, &t[k], NULL, &who[k], 1);
      }
  g_free (t);
  g_free (who);
}

static void
draw_realization_1d (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                     const ShlRect *area, ShlPanelReport *rep)
{
  const ShlNet *net = s->net;
  const ShlNet *twin = s->twin && s->twin->d == 1 ? s->twin : NULL;
  shl_panel_report_begin_plot (rep, "realization");
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Realization $f$");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "$x$");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "$f(x)$");
  shl_plot_set_axis_range (p, SHL_AXIS_X, net->lo[0], net->hi[0]);
  /* the inset goes in the top right corner: the legend anywhere else
   * with no data under it, or outside */
  shl_plot_set_legend (p, SHL_LEGEND_BEST);
  if (s->recipe.inset)
    shl_plot_legend_avoid (p, SHL_LEGEND_TOP_RIGHT);
  double lo = INFINITY, hi = -INFINITY;

  add_data_scatter (p, s, style, 0, FALSE);
  if (s->data && s->data->n > 0 && !s->hide_data)
    {
      shl_panel_extent_add (&lo, &hi, s->data->y, (int) MIN (s->data->n, (size_t) 20000));
      shl_panel_report_add (rep, SHL_ROLE_DATA, SHL_OWNER_NONE, s->data->x, s->data->y, NULL,
                            (int) MIN (s->data->n, (size_t) 20000));
    }

  if (s->target)
    {
      double tx[SHL_PANEL_CURVE_SAMPLES], ty[SHL_PANEL_CURVE_SAMPLES];
      shl_panel_target_curve (tx, ty, net, s->target);
      ShlSeriesStyle ts = shl_series_style (SHL_COLOR_FOREGROUND);
      ts.dash = SHL_DASH_DASHED;
      ts.alpha = 0.7;
      ts.label = "target";
      shl_plot_add_line (p, tx, ty, SHL_PANEL_CURVE_SAMPLES, &ts);
      shl_panel_report_add (rep, SHL_ROLE_TARGET, SHL_OWNER_NONE, tx, ty, NULL, SHL_PANEL_CURVE_SAMPLES);
      shl_panel_extent_add (&lo, &hi, ty, SHL_PANEL_CURVE_SAMPLES);
    }

  double *gx = NULL, *gy = NULL;
  int ng = 0;
  if (twin)
    {
      ng = curve_points (&gx, &gy, twin, net);
      add_twin_curve (p, rep, gx, gy, ng);
      shl_panel_extent_add (&lo, &hi, gy, ng);
    }

  /* f is piecewise linear: the polyline through its breakpoints is exact */
  double *fx, *fy;
  int nf = curve_points (&fx, &fy, net, net);
  add_network_curve (p, rep, fx, fy, nf);
  shl_panel_extent_add (&lo, &hi, fy, nf);
  /* each neuron's term over f: where terms cancel, both show */
  if (s->show_neurons)
    add_neuron_terms (p, rep, s, style, &lo, &hi);
  if (!s->hide_kinks && twin)
    add_twin_kink_rug (p, rep, twin, net);
  if (!s->hide_kinks)
    add_kink_rug (p, rep, s, style);
  shl_panel_set_y_range (p, s->recipe.real_y, lo, hi);

  ShlPlotLayout lay;
  shl_panel_plot_draw (p, cr, style, area, rep, &lay);

  ShlPanelInset in;
  if (s->recipe.inset && shl_panel_find_inset (&in, net, twin, FALSE, lay.y_min, lay.y_max))
    {
      double rx[2] = { in.x0, in.x1 }, ry[2] = { in.y0, in.y1 };
      ShlReportItem *it = shl_panel_report_add (rep, SHL_ROLE_INSET, SHL_OWNER_NONE, rx, ry, NULL, 2);
      if (it)
        it->value = in.zoom;
      shl_panel_report_begin_plot (rep, "inset");
      g_autoptr (ShlPlot) ip = shl_panel_inset_plot_new (&in);
      if (twin)
        add_twin_curve (ip, rep, gx, gy, ng);
      add_network_curve (ip, rep, fx, fy, nf);
      shl_panel_inset_draw (ip, &in, cr, style, &lay, rep);
    }
  g_free (fx);
  g_free (fy);
  g_free (gx);
  g_free (gy);
}

/* f - g through the breakpoints of both, at its own scale, with the band
 * |f - g| <= sup and the point where the sup is attained */
static void
draw_difference_1d (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                    const ShlRect *area, ShlPanelReport *rep)
{
  const ShlNet *net = s->net;
  ShlNet *tw = shl_panel_on_domain (s->twin, net);
  shl_panel_report_begin_plot (rep, "difference");
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Difference $f - g$");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "$x$");
  shl_plot_set_axis_range (p, SHL_AXIS_X, net->lo[0], net->hi[0]);
  shl_plot_set_legend (p, SHL_LEGEND_BEST);
  double *t = g_new (double, net->m + tw->m + 2), *dv = g_new (double, net->m + tw->m + 2);
  int n = shl_panel_union_breakpoints (t, net, tw);
  shl_panel_eval_diff_clean (dv, NULL, net, tw, t, (size_t) n);

  ShlDistances D;
  gboolean have = shl_realization_distance (&D, net, tw, NULL, NULL);
  double sup = have ? D.sup : NAN;
  /* the same rule as the curve: a distance within rounding is 0 */
  double sa = D.argsup[0], fa, ga;
  if (have)
    {
      shl_panel_eval_diff_clean (&fa, NULL, net, tw, &sa, 1);
      if (fa == 0.0)
        sup = 0.0;
    }
  ShlSeriesStyle zs = shl_series_style (SHL_COLOR_FOREGROUND);
  zs.alpha = 0.35;
  zs.width = 0.8;
  shl_plot_add_hline (p, 0.0, &zs);
  if (sup > 0)
    {
      ShlSeriesStyle bs = shl_series_style (SHL_COLOR_FOREGROUND);
      bs.dash = SHL_DASH_DOTTED;
      bs.alpha = 0.6;
      bs.label = "$±‖f - g‖_∞$";
      shl_plot_add_hline (p, sup, &bs);
      bs.label = NULL;
      shl_plot_add_hline (p, -sup, &bs);
    }
  ShlSeriesStyle ds = shl_series_style (0);
  ds.width = 1.8;
  ds.label = "$f - g$";
  shl_plot_add_line (p, t, dv, n, &ds);
  shl_panel_report_add (rep, SHL_ROLE_DIFF, SHL_OWNER_NET, t, dv, NULL, n);
  if (have)
    {
      ga = fa;
      char buf[96];
      g_snprintf (buf, sizeof buf, "sup = %.3g at $x$ = %.3g", sup, sa + 0.0);
      ShlSeriesStyle ms = shl_series_style (1);
      ms.marker = SHL_MARKER_CIRCLE;
      ms.marker_scale = 1.4;
      ms.label = "where $‖f - g‖_∞$ is attained";
      shl_plot_add_scatter (p, &sa, &ga, NULL, 1, &ms);
      gboolean right = sa > 0.5 * (net->lo[0] + net->hi[0]);
      shl_plot_add_text (p, sa, ga, SHL_COORDS_DATA,
                         right ? (ga >= 0 ? SHL_ANCHOR_NE : SHL_ANCHOR_SE)
                               : (ga >= 0 ? SHL_ANCHOR_NW : SHL_ANCHOR_SW), buf);
      /* the legend not in the label's corner, nor over data */
      shl_plot_set_legend (p, SHL_LEGEND_BEST);
      shl_plot_legend_avoid (p, right ? (ga >= 0 ? SHL_LEGEND_TOP_RIGHT : SHL_LEGEND_BOTTOM_RIGHT)
                                      : (ga >= 0 ? SHL_LEGEND_TOP_LEFT : SHL_LEGEND_BOTTOM_LEFT));
      ShlReportItem *it = shl_panel_report_add (rep, SHL_ROLE_ARGSUP, SHL_OWNER_NET, &sa, &ga, NULL, 1);
      if (it)
        {
          it->value = sup;
          shl_panel_report_set_text (it, buf);
        }
    }
  if (sup == 0.0)
    shl_plot_add_text (p, 0.5, 0.9, SHL_COORDS_AXES, SHL_ANCHOR_N, "$f = g$ on the domain");
  shl_panel_plot_draw (p, cr, style, area, rep, NULL);
  g_free (t);
  g_free (dv);
  shl_net_free (tw);
}

/* ---------------------------------------------------------------- 2-D */

/* the twin's kink lines, dotted in the twin's colour */
static void
add_twin_kink_lines (ShlPlot *p, ShlPanelReport *rep, const ShlNet *twin, const ShlNet *net)
{
  ShlNet *tw = shl_panel_on_domain (twin, net);
  double *seg = g_new (double, 4 * (size_t) MAX (tw->m, 1));
  int ns = shl_net_kink_segments_2d (seg, NULL, tw);
  ShlSeriesStyle ks = shl_series_style (SHL_PANEL_TWIN_PALETTE);
  ks.width = 1.0;
  ks.dash = SHL_DASH_DOTTED;
  ks.label = "twin's kink lines";
  if (ns > 0)
    shl_plot_add_segments (p, seg, ns, &ks);
  double *x = g_new (double, 2 * (size_t) MAX (ns, 1)), *y = g_new (double, 2 * (size_t) MAX (ns, 1));
  for (int k = 0; k < ns; k++)
    {
      x[2 * k] = seg[4 * k], y[2 * k] = seg[4 * k + 1];
      x[2 * k + 1] = seg[4 * k + 2], y[2 * k + 1] = seg[4 * k + 3];
    }
  shl_panel_report_add (rep, SHL_ROLE_TWIN, SHL_OWNER_TWIN, x, y, NULL, 2 * ns);
  g_free (x);
  g_free (y);
  g_free (seg);
  shl_net_free (tw);
}

/* the emphasised neuron's kink line in its colour, with handles: its
 * middle (drag to move it) and its ends (drag to rotate it, see the
 * window's direct manipulation) */
static void
add_highlight_line (ShlPlot *p, ShlPanelReport *rep, const ShlScene *s,
                    const ShlPlotStyle *style)
{
  const ShlNet *net = s->net;
  if (s->highlight <= 0 || s->highlight > net->m)
    return;
  int i = s->highlight - 1;
  double *seg = g_new (double, 4 * (size_t) MAX (net->m, 1));
  int *who = g_new (int, MAX (net->m, 1));
  int ns = shl_net_kink_segments_2d (seg, who, net);
  for (int k = 0; k < ns; k++)
    if (who[k] == i)
      {
        const double *q = &seg[4 * k];
        ShlSeriesStyle ls = shl_series_style_color (shl_panel_neuron_color (style, i));
        ls.width = 2.4;
        shl_plot_add_segments (p, q, 1, &ls);
        double hx[3] = { q[0], 0.5 * (q[0] + q[2]), q[2] };
        double hy[3] = { q[1], 0.5 * (q[1] + q[3]), q[3] };
        ShlSeriesStyle hs = ls;
        hs.marker = SHL_MARKER_CIRCLE;
        hs.marker_scale = 1.2;
        shl_plot_add_scatter (p, hx, hy, NULL, 3, &hs);
        int who3[3] = { i, i, i };
        shl_panel_report_add (rep, SHL_ROLE_HIGHLIGHT, SHL_OWNER_NET, hx, hy, who3, 3);
      }
  g_free (seg);
  g_free (who);
}

static void
draw_realization_2d (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                     const ShlRect *area, ShlPanelReport *rep)
{
  const ShlNet *net = s->net;
  const int n = SHL_PANEL_GRID_2D;
  gboolean classes = s->data && s->data->classification;
  const ShlNet *twin = s->twin && s->twin->d == 2 ? s->twin : NULL;
  gboolean diff = s->recipe.diff_view && twin;
  shl_panel_report_begin_plot (rep, diff ? "difference" : "realization");
  g_autoptr (ShlPlot) p = shl_panel_map_2d_new (net);
  shl_plot_set_title (p, diff ? "Difference $f - g$" : "Realization $f$");

  ShlNet *tw = twin ? shl_panel_on_domain (twin, net) : NULL;
  /* exact: the cells of the kink lines, f affine on each; sampled when
   * there are too many */
  ShlCells *cells = shl_panel_cells (net, diff ? tw : NULL, s->max_cells);
  int mc = net->m + (diff ? tw->m : 0);
  double *x = NULL, *z;
  int nz;
  if (cells)
    {
      z = shl_panel_cells_values (cells, mc);
      nz = cells->n_vertices;
    }
  else
    {
      x = shl_panel_grid_points (net);
      z = g_new (double, n * n);
      nz = n * n;
      if (diff)
        shl_panel_eval_diff_clean (z, NULL, net, tw, x, (size_t) nz);
      else
        shl_panel_eval_clean (z, NULL, net, x, (size_t) nz);
    }
  /* a signed quantity: a diverging map, symmetric about 0 */
  ShlHeatmapStyle hs = shl_heatmap_style (shl_panel_diverging_map (s));
  hs.colorbar = TRUE;
  hs.colorbar_label = diff ? "$f - g$" : "$f$";
  hs.smooth = TRUE;   /* f is continuous */
  shl_panel_heatmap_range (&hs, z, nz, TRUE);
  gboolean zero = hs.vmax == 1.0;
  for (int k = 0; k < nz && zero; k++)
    zero = z[k] == 0.0;
  shl_panel_fix_color_range (&hs, s->color_range[SHL_PANEL_REALIZATION]);
  if (cells)
    shl_panel_add_cell_map (p, cells, mc, z, NULL, &hs);
  else
    shl_plot_add_heatmap (p, z, n, n, net->lo[0], net->hi[0], net->lo[1], net->hi[1], &hs);
  ShlReportItem *hm = shl_panel_report_add (rep, SHL_ROLE_HEATMAP, SHL_OWNER_NET, NULL, NULL, NULL, 0);
  if (hm)
    hm->vmin = hs.vmin, hm->vmax = hs.vmax;
  ShlSeriesStyle cs = shl_series_style (SHL_COLOR_FOREGROUND);
  cs.width = 0.7;
  cs.alpha = 0.55;
  double level = 0.0;
  gboolean boundary = classes && !diff;
  for (int halo = boundary; halo >= 0; halo--)
    {
      ShlSeriesStyle ls = cs;
      if (boundary)
        {
          /* the decision boundary: solid and heavy on a halo of the
           * background, unlike the thin dashed kink lines (greyscale) */
          ls.width = halo ? 3.4 : 1.6;
          ls.alpha = halo ? 0.8 : 1.0;
          ls.label = halo ? NULL : "decision boundary $f = 0$";
          if (halo)
            {
              ls.palette = SHL_COLOR_CUSTOM;
              ls.color = style->background;
            }
        }
      if ((boundary || !zero) && cells)
        shl_panel_add_cell_contours (p, cells, z, boundary ? &level : NULL,
                                     boundary ? 1 : 8, &ls);
      else if (boundary || !zero)
        shl_plot_add_contours (p, z, n, n, net->lo[0], net->hi[0], net->lo[1], net->hi[1],
                               boundary ? &level : NULL, boundary ? 1 : 8, &ls);
    }
  if (!diff)
    add_data_scatter (p, s, style, 0, TRUE);
  if (!s->hide_kinks)
    shl_panel_add_kink_lines (p, net);
  if (twin)
    add_twin_kink_lines (p, rep, twin, net);
  add_highlight_line (p, rep, s, style);
  if (diff)
    {
      ShlDistances D;
      if (shl_realization_distance (&D, net, tw, NULL, NULL) && !zero)
        {
          char buf[96];
          g_snprintf (buf, sizeof buf, " sup = %.3g", D.sup);
          ShlSeriesStyle ms = shl_series_style (SHL_COLOR_FOREGROUND);
          ms.marker = SHL_MARKER_CIRCLE;
          ms.marker_scale = 1.4;
          ms.hollow = TRUE;
          ms.width = 2.0;
          ms.label = "where $‖f - g‖_∞$ is attained";
          shl_plot_add_scatter (p, &D.argsup[0], &D.argsup[1], NULL, 1, &ms);
          shl_plot_add_text (p, D.argsup[0], D.argsup[1], SHL_COORDS_DATA,
                             D.argsup[0] > 0.5 * (net->lo[0] + net->hi[0]) ? SHL_ANCHOR_E : SHL_ANCHOR_W, buf);
          ShlReportItem *it = shl_panel_report_add (rep, SHL_ROLE_ARGSUP, SHL_OWNER_NET, &D.argsup[0],
                                                    &D.argsup[1], NULL, 1);
          if (it)
            it->value = D.sup;
        }
    }
  if (zero)
    {
      /* said in the title: text on the map would sit on its colours */
      shl_plot_set_title (p, diff ? "Difference $f - g$\n<span size=\"small\">$f = g$ on the domain</span>"
                                  : "Realization $f$\n<span size=\"small\">$f ≡ 0$ on the domain (to rounding)</span>");
      ShlReportItem *it = shl_panel_report_add (rep, SHL_ROLE_CAPTION, SHL_OWNER_NET, NULL, NULL, NULL, 0);
      shl_panel_report_set_text (it, diff ? "f = g" : "f ≡ 0");
    }
  if (boundary)
    shl_plot_set_legend (p, SHL_LEGEND_AUTO);   /* the classes, the boundary, the kinks */
  else if (twin || !diff)
    shl_plot_set_legend (p, SHL_LEGEND_NONE);
  shl_panel_plot_draw (p, cr, style, area, rep, NULL);
  shl_cells_free (cells);
  shl_net_free (tw);
  g_free (x);
  g_free (z);
}

void
shl_panel_realization_draw (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                            const ShlRect *area, ShlPanelReport *rep)
{
  if (s->net->d == 2)
    draw_realization_2d (cr, s, style, area, rep);
  else if (s->recipe.diff_view && s->twin && s->twin->d == 1)
    draw_difference_1d (cr, s, style, area, rep);
  else
    draw_realization_1d (cr, s, style, area, rep);
}

/* ---------------------------------------------------------------- CSV */

/* 1-D: f through its breakpoints, the kinks with their jumps, the target */
static gboolean
write_csv_1d (const ShlScene *s, ShlCsv *csv, GError **error)
{
  const ShlNet *net = s->net;
  const int m = net->m;
  double *bp = g_new (double, m + 2), *fv = g_new (double, m + 2);
  int *who = g_new (int, MAX (m, 1));
  int nb = shl_panel_breakpoints_1d (bp, net);
  shl_net_eval (fv, NULL, net, bp, (size_t) nb);
  shl_csv_begin (csv, "x,f\n");
  for (int k = 0; k < nb; k++)
    shl_csv_row (csv, (double[]) { bp[k], fv[k] }, 2);
  gboolean ok = shl_csv_write (csv, "realization.csv", error);

  shl_csv_begin (csv, "neuron,kink,jump\n");
  int nk = shl_net_kinks_1d (bp, who, net);
  for (int k = 0; k < nk; k++)
    shl_csv_row (csv, (double[]) { who[k], bp[k], net->c[who[k]] * fabs (net->a[who[k]]) }, 3);
  ok = ok && shl_csv_write (csv, "kinks.csv", error);

  if (ok && s->twin && s->twin->d == 1)
    {
      /* the twin on f's domain, through its breakpoints (exact) */
      ShlNet *tw = shl_panel_on_domain (s->twin, net);
      double *tb = g_new (double, tw->m + 2), *tv = g_new (double, tw->m + 2);
      int nt = shl_panel_breakpoints_1d (tb, tw);
      shl_net_eval (tv, NULL, tw, tb, (size_t) nt);
      shl_csv_begin (csv, "x,g\n");
      for (int k = 0; k < nt; k++)
        shl_csv_row (csv, (double[]) { tb[k], tv[k] }, 2);
      ok = shl_csv_write (csv, "twin.csv", error);
      g_free (tb);
      g_free (tv);
      shl_net_free (tw);
    }
  if (ok && s->target)
    {
      double tx[SHL_PANEL_CURVE_SAMPLES], ty[SHL_PANEL_CURVE_SAMPLES];
      shl_panel_target_curve (tx, ty, net, s->target);
      shl_csv_begin (csv, "x,target\n");
      for (int k = 0; k < SHL_PANEL_CURVE_SAMPLES; k++)
        shl_csv_row (csv, (double[]) { tx[k], ty[k] }, 2);
      ok = shl_csv_write (csv, "target.csv", error);
    }
  g_free (bp);
  g_free (fv);
  g_free (who);
  return ok;
}

/* 2-D: f and its gradient on the grid of the heat maps (and the twin's,
 * when there is one), the kink lines */
static gboolean
write_csv_2d (const ShlScene *s, ShlCsv *csv, GError **error)
{
  const ShlNet *net = s->net;
  const int m = net->m, n = SHL_PANEL_GRID_2D;
  double *x = shl_panel_grid_points (net), *f = g_new (double, n * n), *g = g_new (double, 2 * n * n);
  shl_net_eval (f, g, net, x, (size_t) n * n);
  ShlNet *tw = s->twin && s->twin->d == 2 ? shl_panel_on_domain (s->twin, net) : NULL;
  double *tf = NULL, *tg = NULL;
  if (tw)
    {
      tf = g_new (double, n * n);
      tg = g_new (double, 2 * n * n);
      shl_net_eval (tf, tg, tw, x, (size_t) n * n);
    }
  shl_csv_begin (csv, tw ? "x1,x2,f,df_dx1,df_dx2,grad_norm,g,dg_dx1,dg_dx2,g_grad_norm\n"
                         : "x1,x2,f,df_dx1,df_dx2,grad_norm\n");
  for (int k = 0; k < n * n; k++)
    {
      double row[10] = { x[2 * k], x[2 * k + 1], f[k], g[2 * k], g[2 * k + 1],
                         hypot (g[2 * k], g[2 * k + 1]) };
      if (tw)
        {
          row[6] = tf[k];
          row[7] = tg[2 * k];
          row[8] = tg[2 * k + 1];
          row[9] = hypot (tg[2 * k], tg[2 * k + 1]);
        }
      shl_csv_row (csv, row, tw ? 10 : 6);
    }
  gboolean ok = shl_csv_write (csv, "grid.csv", error);
  shl_net_free (tw);
  g_free (tf);
  g_free (tg);

  double *seg = g_new (double, 4 * (size_t) MAX (m, 1));
  int *who = g_new (int, MAX (m, 1));
  int ns = shl_net_kink_segments_2d (seg, who, net);
  shl_csv_begin (csv, "neuron,x1_start,x2_start,x1_end,x2_end\n");
  for (int k = 0; k < ns; k++)
    shl_csv_row (csv, (double[]) { who[k], seg[4 * k], seg[4 * k + 1], seg[4 * k + 2], seg[4 * k + 3] }, 5);
  ok = ok && shl_csv_write (csv, "kinks.csv", error);
  g_free (seg);
  g_free (who);
  g_free (x);
  g_free (f);
  g_free (g);
  return ok;
}

gboolean
shl_panel_realization_csv (const ShlScene *s, ShlCsv *csv, GError **error)
{
  return s->net->d == 2 ? write_csv_2d (s, csv, error) : write_csv_1d (s, csv, error);
}
