/* render-fixtures.h: fixed data and the plots built from it, shared by
 * the render tests (header-only). */
#pragma once

#include <math.h>

#include "shl-render.h"

/* A deterministic "noise" in [-1, 1]. */
static inline double
fx_noise (int i)
{
  double s = sin (i * 12.9898 + 78.233) * 43758.5453;
  return 2.0 * (s - floor (s)) - 1.0;
}

/* ---- 1-D: a ReLU network interpolating sin on [-3, 3] --------------- */

#define FX_N_KINKS 8
static const double fx_kinks[FX_N_KINKS] = {
  -2.6, -1.9, -1.1, -0.4, 0.35, 1.0, 1.7, 2.5,
};

static inline void
fx_breaks (double *b /* (FX_N_KINKS + 2) */)
{
  b[0] = -3.0;
  for (int k = 0; k < FX_N_KINKS; k++)
    b[k + 1] = fx_kinks[k];
  b[FX_N_KINKS + 1] = 3.0;
}

static inline ShlPlot *
fx_sine_plot (void)
{
  ShlPlot *p = shl_plot_new ();
  shl_plot_set_title (p, "A ReLU network and its derivative");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "x");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "y");
  shl_plot_set_axis_range (p, SHL_AXIS_X, -3.0, 3.0);

  enum { NS = 241 };
  double xs[NS], ys[NS];
  for (int i = 0; i < NS; i++)
    {
      xs[i] = -3.0 + 6.0 * i / (NS - 1);
      ys[i] = sin (xs[i]);
    }
  double b[FX_N_KINKS + 2], fb[FX_N_KINKS + 2], slope[FX_N_KINKS + 1];
  fx_breaks (b);
  for (int k = 0; k < FX_N_KINKS + 2; k++)
    fb[k] = sin (b[k]);
  for (int k = 0; k <= FX_N_KINKS; k++)
    slope[k] = (fb[k + 1] - fb[k]) / (b[k + 1] - b[k]);

  ShlSeriesStyle zero = shl_series_style (SHL_COLOR_FOREGROUND);
  zero.alpha = 0.35;
  zero.width = 0.6;
  shl_plot_add_hline (p, 0.0, &zero);

  ShlSeriesStyle target = shl_series_style (SHL_COLOR_FOREGROUND);
  target.dash = SHL_DASH_DASHED;
  target.alpha = 0.45;
  target.width = 0.8;
  target.label = "target sin x";
  shl_plot_add_line (p, xs, ys, NS, &target);

  ShlSeriesStyle net = shl_series_style (0);
  net.label = "network f(x)";
  shl_plot_add_line (p, b, fb, FX_N_KINKS + 2, &net);

  ShlSeriesStyle der = shl_series_style (1);
  der.label = "derivative f′(x)";
  shl_plot_add_steps (p, b, slope, FX_N_KINKS + 1, &der);

  enum { ND = 25 };
  double dx[ND], dy[ND];
  for (int i = 0; i < ND; i++)
    {
      dx[i] = -3.0 + 6.0 * (i + 0.5) / ND;
      dy[i] = sin (dx[i]) + 0.12 * fx_noise (i);
    }
  ShlSeriesStyle data = shl_series_style (2);
  data.label = "samples";
  data.marker = SHL_MARKER_CIRCLE;
  data.marker_scale = 0.9;
  shl_plot_add_scatter (p, dx, dy, NULL, ND, &data);

  ShlSeriesStyle rug = shl_series_style (3);
  rug.label = "kinks";
  shl_plot_add_rug (p, fx_kinks, FX_N_KINKS, &rug);

  shl_plot_set_legend (p, SHL_LEGEND_BEST);
  return p;
}

/* ---- 2-D: a small ReLU network on [-1, 1]^2 -------------------------- */

#define FX_M 5
static const double fx_a[FX_M][2] = {
  { 1.0, 0.4 }, { -0.3, 1.0 }, { 0.8, -0.9 }, { -1.0, -0.2 }, { 0.5, 0.7 },
};
static const double fx_b[FX_M] = { 0.2, -0.3, 0.1, 0.45, -0.6 };
static const double fx_c[FX_M] = { 1.2, -0.9, 0.8, 0.7, -1.1 };

static inline double
fx_net2 (double x, double y)
{
  double f = -0.25;
  for (int i = 0; i < FX_M; i++)
    f += fx_c[i] * fmax (0.0, fx_a[i][0] * x + fx_a[i][1] * y + fx_b[i]);
  return f;
}

/* Kink lines a.x + b = 0 clipped to [-1, 1]^2; seg (FX_M, 4). */
static inline int
fx_kink_segments (double *seg)
{
  int n = 0;
  for (int i = 0; i < FX_M; i++)
    {
      double ax = fx_a[i][0], ay = fx_a[i][1], b = fx_b[i];
      /* point on the line and direction */
      double nn = ax * ax + ay * ay;
      double px = -b * ax / nn, py = -b * ay / nn, dx = -ay, dy = ax;
      double t0 = -1e9, t1 = 1e9;
      double p[4] = { -dx, dx, -dy, dy };
      double q[4] = { px + 1, 1 - px, py + 1, 1 - py };
      gboolean ok = TRUE;
      for (int k = 0; k < 4; k++)
        {
          if (p[k] == 0.0)
            {
              if (q[k] < 0)
                ok = FALSE;
              continue;
            }
          double t = q[k] / p[k];
          if (p[k] < 0)
            t0 = fmax (t0, t);
          else
            t1 = fmin (t1, t);
        }
      if (!ok || t0 >= t1)
        continue;
      seg[4 * n + 0] = px + t0 * dx;
      seg[4 * n + 1] = py + t0 * dy;
      seg[4 * n + 2] = px + t1 * dx;
      seg[4 * n + 3] = py + t1 * dy;
      n++;
    }
  return n;
}

#define FX_NX 96
#define FX_NY 96

/* z (FX_NY, FX_NX) at the cell centres of [-1, 1]^2. */
static inline void
fx_grid (double *z, double (*fn) (double, double))
{
  for (int j = 0; j < FX_NY; j++)
    for (int i = 0; i < FX_NX; i++)
      {
        double x = -1.0 + 2.0 * (i + 0.5) / FX_NX;
        double y = -1.0 + 2.0 * (j + 0.5) / FX_NY;
        z[j * FX_NX + i] = fn (x, y);
      }
}

static inline double
fx_net2_centred (double x, double y)
{
  return fx_net2 (x, y) - 0.7;
}

static inline ShlPlot *
fx_heat_plot (ShlColormap map)
{
  ShlPlot *p = shl_plot_new ();
  static double z[FX_NX * FX_NY];
  gboolean div = shl_colormap_is_diverging (map);
  fx_grid (z, div ? fx_net2_centred : fx_net2);
  shl_plot_set_title (p, div ? "Sign of the network" : "Network on the square");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "x<sub>1</sub>");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "x<sub>2</sub>");
  shl_plot_set_equal_aspect (p, TRUE);

  ShlHeatmapStyle hs = shl_heatmap_style (map);
  hs.colorbar_label = "f(x<sub>1</sub>, x<sub>2</sub>)";
  hs.smooth = div;
  shl_plot_add_heatmap (p, z, FX_NX, FX_NY, -1, 1, -1, 1, &hs);

  ShlSeriesStyle cs = shl_series_style_color (div ? shl_color_rgb (0x202020)
                                                  : shl_color_rgb (0xffffff));
  cs.alpha = 0.55;
  cs.width = 0.5;
  shl_plot_add_contours (p, z, FX_NX, FX_NY, -1, 1, -1, 1, NULL, 7, &cs);

  double seg[4 * FX_M];
  int ns = fx_kink_segments (seg);
  ShlSeriesStyle ks = shl_series_style_color (div ? shl_color_rgb (0x000000)
                                                  : shl_color_rgb (0xffffff));
  ks.dash = SHL_DASH_DASHED;
  ks.width = 0.75;
  if (div)
    ks.label = "kinks";
  shl_plot_add_segments (p, seg, ns, &ks);

  if (div)
    {
      /* sample points by class: two scatter series, told apart by shape */
      enum { NP = 40 };
      double px[2][NP], py[2][NP];
      int np[2] = { 0, 0 };
      for (int i = 0; i < NP; i++)
        {
          double x = 0.92 * fx_noise (2 * i), y = 0.92 * fx_noise (2 * i + 1);
          int c = fx_net2_centred (x, y) > 0 ? 0 : 1;
          px[c][np[c]] = x;
          py[c][np[c]] = y;
          np[c]++;
        }
      ShlSeriesStyle s1 = shl_series_style_color (shl_color_rgb (0x111111));
      s1.marker = SHL_MARKER_CIRCLE;
      s1.hollow = TRUE;
      s1.label = "class +1";
      shl_plot_add_scatter (p, px[0], py[0], NULL, np[0], &s1);
      ShlSeriesStyle s2 = s1;
      s2.marker = SHL_MARKER_CROSS;
      s2.label = "class −1";
      shl_plot_add_scatter (p, px[1], py[1], NULL, np[1], &s2);
    }
  shl_plot_set_legend (p, SHL_LEGEND_BEST);
  return p;
}

static inline double
fx_gradnorm (double x, double y)
{
  return pow (10.0, 2.0 * (x * x + y * y) - 2.2) + 0.02 * (x + 1.2);
}

static inline ShlPlot *
fx_heat_log_plot (void)
{
  ShlPlot *p = shl_plot_new ();
  static double z[FX_NX * FX_NY];
  fx_grid (z, fx_gradnorm);
  shl_plot_set_title (p, "Gradient norm");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "x<sub>1</sub>");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "x<sub>2</sub>");
  shl_plot_set_equal_aspect (p, TRUE);
  ShlHeatmapStyle hs = shl_heatmap_style (SHL_COLORMAP_VIRIDIS);
  hs.scale = SHL_SCALE_LOG10;
  hs.smooth = TRUE;
  hs.colorbar_label = "‖∇f‖";
  shl_plot_add_heatmap (p, z, FX_NX, FX_NY, -1, 1, -1, 1, &hs);
  const double levels[] = { 0.01, 0.1, 1.0 };
  ShlSeriesStyle cs = shl_series_style_color (shl_color_rgb (0xffffff));
  cs.width = 0.6;
  cs.alpha = 0.8;
  shl_plot_add_contours (p, z, FX_NX, FX_NY, -1, 1, -1, 1, levels, 3, &cs);
  shl_plot_add_text (p, 0.0, 0.0, SHL_COORDS_DATA, SHL_ANCHOR_CENTER,
                     "<span foreground='white'>min</span>");
  return p;
}

/* ---- a training loss on a log axis ------------------------------------ */

static inline ShlPlot *
fx_loss_plot (void)
{
  ShlPlot *p = shl_plot_new ();
  enum { NL = 501 };
  double t[NL], raw[NL], train[NL], test[NL];
  for (int i = 0; i < NL; i++)
    {
      t[i] = 10.0 * i;
      double base = 0.6 * exp (-t[i] / 700.0) + 0.02 * exp (-t[i] / 4000.0)
                    + 4e-4;
      train[i] = base;
      raw[i] = base * (1.0 + 0.45 * fx_noise (i));
      test[i] = 1.35 * base + 2e-3;
    }
  shl_plot_set_title (p, "Training loss");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "step");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "loss");
  shl_plot_set_axis_scale (p, SHL_AXIS_Y, SHL_SCALE_LOG10);
  shl_plot_set_axis_range (p, SHL_AXIS_X, 0.0, NAN);

  ShlSeriesStyle rs = shl_series_style (0);
  rs.alpha = 0.25;
  rs.width = 0.6;
  shl_plot_add_line (p, t, raw, NL, &rs);
  ShlSeriesStyle ts = shl_series_style (0);
  ts.label = "train (smoothed)";
  shl_plot_add_line (p, t, train, NL, &ts);
  ShlSeriesStyle vs = shl_series_style (1);
  vs.label = "test";
  vs.dash = SHL_DASH_DASHED;
  shl_plot_add_line (p, t, test, NL, &vs);
  shl_plot_set_legend (p, SHL_LEGEND_TOP_RIGHT);
  return p;
}

/* ---- every marker and dash, text annotations -------------------------- */

static inline ShlPlot *
fx_styles_plot (void)
{
  ShlPlot *p = shl_plot_new ();
  shl_plot_set_title (p, "Markers, dashes and text");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "x<sub>1</sub>");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "‖∇f‖");
  static const ShlDash dashes[4] = {
    SHL_DASH_SOLID, SHL_DASH_DASHED, SHL_DASH_DOTTED, SHL_DASH_DASHDOT,
  };
  static const char *const names[4] = { "solid", "dashed", "dotted",
                                        "dash-dot" };
  static const ShlMarker markers[4] = {
    SHL_MARKER_CIRCLE, SHL_MARKER_SQUARE, SHL_MARKER_TRIANGLE,
    SHL_MARKER_CROSS,
  };
  for (int k = 0; k < 4; k++)
    {
      double x[9], y[9];
      for (int i = 0; i < 9; i++)
        {
          x[i] = 0.25 * i;
          y[i] = 0.0012 * k + 0.0004 * sin (1.3 * i + k);
        }
      ShlSeriesStyle s = shl_series_style (k);
      s.dash = dashes[k];
      s.marker = markers[k];
      s.hollow = k % 2 == 1;
      s.label = names[k];
      shl_plot_add_line (p, x, y, 9, &s);
    }
  /* per-point colours from a colour map, with a legend-only entry */
  double sx[9], sy[9], sv[9];
  ShlColor sc[9];
  for (int i = 0; i < 9; i++)
    {
      sx[i] = 0.125 + 0.25 * i;
      sy[i] = -0.0008;
      sv[i] = i;
    }
  shl_colormap_map_values (sc, SHL_COLORMAP_VIRIDIS, sv, 0, 8, FALSE, 9);
  ShlSeriesStyle ps = shl_series_style (0);
  ps.marker = SHL_MARKER_SQUARE;
  shl_plot_add_scatter (p, sx, sy, sc, 9, &ps);
  ShlSeriesStyle pe = shl_series_style_color (
      shl_colormap_lookup (SHL_COLORMAP_VIRIDIS, 0.5));
  pe.marker = SHL_MARKER_SQUARE;
  pe.label = "by value";
  shl_plot_add_legend_entry (p, &pe);

  ShlSeriesStyle v = shl_series_style (SHL_COLOR_FOREGROUND);
  v.alpha = 0.5;
  v.dash = SHL_DASH_DOTTED;
  shl_plot_add_vline (p, 1.0, &v);
  shl_plot_add_text (p, 1.02, 0.0045, SHL_COORDS_DATA, SHL_ANCHOR_W,
                     "f′(x) jumps at x = 1");
  shl_plot_add_text (p, 0.98, 0.03, SHL_COORDS_AXES, SHL_ANCHOR_SE,
                     "<i>R</i>(θ) = ‖θ‖<sub>2</sub><sup>2</sup>");
  shl_plot_set_legend (p, SHL_LEGEND_TOP_LEFT);
  shl_plot_set_axis_padding (p, SHL_AXIS_X, 0.04);
  shl_plot_set_axis_padding (p, SHL_AXIS_Y, 0.25);
  return p;
}

static inline ShlFigure *
fx_figure (void)
{
  ShlFigure *fig = shl_figure_new (2, 2);
  shl_figure_set_plot (fig, 0, 0, fx_sine_plot ());
  shl_figure_set_plot (fig, 0, 1, fx_heat_plot (SHL_COLORMAP_VIRIDIS));
  shl_figure_set_plot (fig, 1, 0, fx_loss_plot ());
  shl_figure_set_plot (fig, 1, 1, fx_heat_plot (SHL_COLORMAP_COOLWARM));
  return fig;
}

/* ---- log x axes, common factors of tick labels -------------------------- */

static inline ShlFigure *
fx_sci_figure (void)
{
  ShlFigure *fig = shl_figure_new (1, 2);
  enum { NS = 200 };
  double x[NS], y[NS], y2[NS];
  for (int i = 0; i < NS; i++)
    {
      x[i] = pow (10.0, -3.0 + 6.0 * i / (NS - 1));
      y[i] = 3e6 * x[i] / (1.0 + x[i]);
      y2[i] = 2.5e-5 * sin (i / 20.0);
    }
  ShlPlot *p = shl_figure_get_plot (fig, 0, 0);
  shl_plot_set_title (p, "Decades");
  shl_plot_set_axis_scale (p, SHL_AXIS_X, SHL_SCALE_LOG10);
  shl_plot_set_axis_label (p, SHL_AXIS_X, "learning rate η");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "steps");
  shl_plot_add_line (p, x, y, NS, NULL);

  ShlPlot *q = shl_figure_get_plot (fig, 0, 1);
  shl_plot_set_title (q, "1-2-5 log ticks, tiny values");
  shl_plot_set_axis_scale (q, SHL_AXIS_X, SHL_SCALE_LOG10);
  shl_plot_set_axis_range (q, SHL_AXIS_X, 0.5, 40.0);
  ShlSeriesStyle s = shl_series_style (1);
  s.marker = SHL_MARKER_TRIANGLE;
  s.marker_scale = 1.2;
  double xs[12], ys[12];
  for (int i = 0; i < 12; i++)
    {
      xs[i] = x[100 + 7 * i];
      ys[i] = y2[100 + 7 * i];
    }
  shl_plot_add_line (q, x, y2, NS, NULL);
  shl_plot_add_scatter (q, xs, ys, NULL, 12, &s);
  return fig;
}
