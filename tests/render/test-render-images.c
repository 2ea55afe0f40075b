/* test-render-images.c: fixed plots drawn to image surfaces and compared
 * with the reference PNGs in tests/render/ref (see render-test.h). */
#include "render-fixtures.h"
#include "render-test.h"

typedef ShlPlot *(*PlotFn) (void);

/* Draws plot into a width x height image at device scale `scale`. */
static void
check_plot (const char *name, ShlPlot *plot, ShlStylePreset preset,
            int width, int height, double device_scale)
{
  ShlPlotStyle style;
  rt_style (&style, preset);
  int pw = (int) lround (width * device_scale);
  int ph = (int) lround (height * device_scale);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw,
                                                   ph);
  cairo_surface_set_device_scale (s, device_scale, device_scale);
  cairo_t *cr = cairo_create (s);
  ShlPlotLayout lay;
  shl_plot_draw (plot, cr, &style, &(ShlRect) { 0, 0, width, height }, &lay);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  /* the plot area is inside the rectangle and not degenerate */
  g_assert_cmpfloat (lay.plot.x, >, 0.0);
  g_assert_cmpfloat (lay.plot.y, >, 0.0);
  g_assert_cmpfloat (lay.plot.x + lay.plot.width, <, width);
  g_assert_cmpfloat (lay.plot.y + lay.plot.height, <, height);
  g_assert_cmpfloat (lay.plot.width, >, 0.3 * width);

  rt_check_image (name, s);
  cairo_surface_destroy (s);
  shl_plot_free (plot);
}

static void
test_sine (void)
{
  check_plot ("sine-steps", fx_sine_plot (), SHL_STYLE_SCREEN_LIGHT, 640,
              420, 1.0);
}

static void
test_sine_small (void)
{
  check_plot ("sine-small", fx_sine_plot (), SHL_STYLE_SCREEN_LIGHT, 360,
              250, 1.0);
}

static void
test_sine_hidpi (void)
{
  check_plot ("sine-hidpi", fx_sine_plot (), SHL_STYLE_SCREEN_DARK, 420,
              300, 2.0);
}

static void
test_heat_viridis (void)
{
  check_plot ("heat-viridis", fx_heat_plot (SHL_COLORMAP_VIRIDIS),
              SHL_STYLE_SCREEN_LIGHT, 520, 440, 1.0);
}

static void
test_heat_coolwarm (void)
{
  check_plot ("heat-coolwarm", fx_heat_plot (SHL_COLORMAP_COOLWARM),
              SHL_STYLE_SCREEN_LIGHT, 520, 440, 1.0);
}

static void
test_heat_log (void)
{
  check_plot ("heat-log", fx_heat_log_plot (), SHL_STYLE_SCREEN_LIGHT, 520,
              440, 1.0);
}

static void
test_loss (void)
{
  check_plot ("loss-log", fx_loss_plot (), SHL_STYLE_SCREEN_LIGHT, 560, 380,
              1.0);
}

static void
test_styles (void)
{
  check_plot ("styles-legend", fx_styles_plot (), SHL_STYLE_SCREEN_LIGHT,
              560, 400, 1.0);
}

static void
check_figure (const char *name, ShlStylePreset preset, int width, int height)
{
  ShlPlotStyle style;
  rt_style (&style, preset);
  g_autoptr (ShlFigure) fig = fx_figure ();
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width,
                                                   height);
  cairo_t *cr = cairo_create (s);
  ShlPlotLayout lay[4];
  shl_figure_draw (fig, cr, &style, &(ShlRect) { 0, 0, width, height }, lay);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  /* aligned: same left edge in a column, same top edge in a row (equal
   * aspect plots may sit inside their aligned box) */
  g_assert_cmpfloat (fabs (lay[0].plot.x - lay[2].plot.x), <, 1e-9);
  g_assert_cmpfloat (fabs (lay[2].plot.y + lay[2].plot.height
                           - lay[0].plot.y - lay[0].plot.height
                           - (lay[2].area.y - lay[0].area.y)), <, 1e-9);
  rt_check_image (name, s);
  cairo_surface_destroy (s);
}

static void
test_sci (void)
{
  ShlPlotStyle style;
  rt_style (&style, SHL_STYLE_SCREEN_LIGHT);
  g_autoptr (ShlFigure) fig = fx_sci_figure ();
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900,
                                                   320);
  cairo_t *cr = cairo_create (s);
  shl_figure_draw (fig, cr, &style, &(ShlRect) { 0, 0, 900, 320 }, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  rt_check_image ("sci-log", s);
  cairo_surface_destroy (s);
}

static void
test_figure_light (void)
{
  check_figure ("grid-2x2", SHL_STYLE_SCREEN_LIGHT, 1000, 720);
}

static void
test_figure_dark (void)
{
  check_figure ("grid-2x2-dark", SHL_STYLE_SCREEN_DARK, 800, 600);
}

static void
test_paper (void)
{
  /* 3.3 in x 2.4 in at 200 dpi, user units are points */
  const double w_pt = 3.3 * 72, h_pt = 2.4 * 72, dpi = 200;
  int pw = (int) lround (w_pt / 72 * dpi), ph = (int) lround (h_pt / 72 * dpi);
  ShlPlotStyle style;
  rt_style (&style, SHL_STYLE_PAPER);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw,
                                                   ph);
  cairo_t *cr = cairo_create (s);
  cairo_scale (cr, pw / w_pt, ph / h_pt);
  g_autoptr (ShlPlot) p = fx_sine_plot ();
  shl_plot_set_title (p, NULL);
  shl_plot_draw (p, cr, &style, &(ShlRect) { 0, 0, w_pt, h_pt }, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  rt_check_image ("paper-sine", s);
  cairo_surface_destroy (s);
}

static void
test_paper_heat (void)
{
  const double w_pt = 3.3 * 72, h_pt = 2.7 * 72, dpi = 200;
  int pw = (int) lround (w_pt / 72 * dpi), ph = (int) lround (h_pt / 72 * dpi);
  ShlPlotStyle style;
  rt_style (&style, SHL_STYLE_PAPER);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw,
                                                   ph);
  cairo_t *cr = cairo_create (s);
  cairo_scale (cr, pw / w_pt, ph / h_pt);
  g_autoptr (ShlPlot) p = fx_heat_plot (SHL_COLORMAP_COOLWARM);
  shl_plot_draw (p, cr, &style, &(ShlRect) { 0, 0, w_pt, h_pt }, NULL);
  cairo_destroy (cr);
  rt_check_image ("paper-heat", s);
  cairo_surface_destroy (s);
}

/* The layout computed without drawing matches the drawn one (no pixel
 * snapping on a scaled target). */
static void
test_layout_matches (void)
{
  ShlPlotStyle style;
  rt_style (&style, SHL_STYLE_SCREEN_LIGHT);
  style.pixel_snap = FALSE;
  g_autoptr (ShlPlot) p = fx_loss_plot ();
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300,
                                                   200);
  cairo_t *cr = cairo_create (s);
  ShlRect area = { 10, 20, 280, 170 };
  ShlPlotLayout a, b;
  shl_plot_draw (p, cr, &style, &area, &a);
  shl_plot_compute_layout (p, &style, &area, &b);
  g_assert_cmpfloat (fabs (a.plot.x - b.plot.x), <, 1e-9);
  g_assert_cmpfloat (fabs (a.plot.width - b.plot.width), <, 1e-9);
  g_assert_cmpfloat (fabs (a.plot.y - b.plot.y), <, 1e-9);
  g_assert_cmpfloat (fabs (a.plot.height - b.plot.height), <, 1e-9);
  /* round trip through the transform */
  double ux, uy, x, y;
  shl_plot_layout_to_user (&a, 2500.0, 0.01, &ux, &uy);
  g_assert_true (shl_plot_layout_to_data (&a, ux, uy, &x, &y));
  g_assert_cmpfloat (fabs (x - 2500.0), <, 1e-6);
  g_assert_cmpfloat (fabs (y / 0.01 - 1.0), <, 1e-9);
  g_assert_false (shl_plot_layout_to_data (&a, 0.0, 0.0, &x, &y));
  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

/* Extreme and degenerate data must not crash or leave cairo in error. */
static void
test_degenerate (void)
{
  ShlPlotStyle style;
  rt_style (&style, SHL_STYLE_SCREEN_LIGHT);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200,
                                                   150);
  cairo_t *cr = cairo_create (s);
  const double x[] = { 0, 1, 2, 3, 4 };
  const double y[] = { 1e300, -1e300, NAN, INFINITY, 5 };
  const double flat[] = { 2, 2, 2, 2, 2 };
  for (int k = 0; k < 4; k++)
    {
      g_autoptr (ShlPlot) p = shl_plot_new ();
      if (k == 0)
        shl_plot_add_line (p, x, y, 5, NULL);
      else if (k == 1)
        shl_plot_add_line (p, x, flat, 5, NULL);
      else if (k == 2)
        {
          shl_plot_set_axis_scale (p, SHL_AXIS_Y, SHL_SCALE_LOG10);
          shl_plot_add_line (p, x, x, 5, NULL); /* includes 0 */
          shl_plot_set_legend (p, SHL_LEGEND_TOP_LEFT);
        }
      /* k == 3: empty */
      shl_plot_set_title (p, "<b>unclosed markup");
      shl_plot_draw (p, cr, &style, &(ShlRect) { 0, 0, 200, 150 }, NULL);
      /* tiny rectangles too */
      shl_plot_draw (p, cr, &style, &(ShlRect) { 0, 0, 20, 10 }, NULL);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

int
main (int argc, char **argv)
{
  rt_parse_args (&argc, argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/image/sine-steps", test_sine);
  g_test_add_func ("/render/image/sine-small", test_sine_small);
  g_test_add_func ("/render/image/sine-hidpi", test_sine_hidpi);
  g_test_add_func ("/render/image/heat-viridis", test_heat_viridis);
  g_test_add_func ("/render/image/heat-coolwarm", test_heat_coolwarm);
  g_test_add_func ("/render/image/heat-log", test_heat_log);
  g_test_add_func ("/render/image/loss-log", test_loss);
  g_test_add_func ("/render/image/styles-legend", test_styles);
  g_test_add_func ("/render/image/sci-log", test_sci);
  g_test_add_func ("/render/image/grid-2x2", test_figure_light);
  g_test_add_func ("/render/image/grid-2x2-dark", test_figure_dark);
  g_test_add_func ("/render/image/paper-sine", test_paper);
  g_test_add_func ("/render/image/paper-heat", test_paper_heat);
  g_test_add_func ("/render/layout/matches", test_layout_matches);
  g_test_add_func ("/render/layout/degenerate", test_degenerate);
  return rt_finish (g_test_run ());
}
