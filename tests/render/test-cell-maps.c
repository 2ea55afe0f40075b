/* test-cell-maps.c: the exact 2-D maps (ui/render/shl-plot-cells.c and the
 * 2-D realization and derivative panels).
 *
 * - A cell map drawn on an image surface has the colour map's colour at
 *   the function's value at every sampled pixel: linear fills along a
 *   gradient in any direction (the axes scaled differently in x and y),
 *   flat fills, no background showing through the edges between cells.
 * - The 2-D panels exported to PDF and SVG contain no raster image
 *   (the PDF's objects, `pdfimages -list` when poppler is installed, and
 *   the SVG's elements), with and without a twin, in the difference view,
 *   for every gradient view; a width-1000 network, whose arrangement has
 *   more cells than SHL_PANEL_MAX_CELLS, falls back to one sampled image.
 * - The legend of a classification names the classes, the decision
 *   boundary and the kink lines. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "render-test.h"
#include "shl-panels.h"
#include "shl-data.h"
#include "shl-plot-cells.h"
#include "shl-test.h"

/* ---------------------------------------------------------- pixel checks */

#define W 300
#define H 240

static guint32
pixel (cairo_surface_t *s, double ux, double uy)
{
  int i = (int) floor (ux), j = (int) floor (uy);
  g_assert_true (i >= 0 && i < W && j >= 0 && j < H);
  const unsigned char *d = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);
  return *(const guint32 *) (const void *) (d + (gsize) j * stride + 4 * i);
}

static void
assert_colour (guint32 p, ShlColor want, int tol, const char *where)
{
  int r = rt_chan (p, 16), g = rt_chan (p, 8), b = rt_chan (p, 0);
  int wr = (int) lround (want.r * 255), wg = (int) lround (want.g * 255),
      wb = (int) lround (want.b * 255);
  if (abs (r - wr) > tol || abs (g - wg) > tol || abs (b - wb) > tol)
    g_error ("%s: pixel %02x%02x%02x, want %02x%02x%02x", where, r, g, b, wr,
             wg, wb);
}

/* f(x, y) = 0.6 x - 0.3 y + 0.2 on [0, 2] x [0, 1] as four cells (a fan
 * around an inner point): f ranges over [-0.1, 1.4]; range [-0.1, 1.4] */
static void
test_linear (void)
{
  const double cx = 0.7, cy = 0.4;
  const double box[4][2] = { { 0, 0 }, { 2, 0 }, { 2, 1 }, { 0, 1 } };
  int start[5];
  double xy[24], v[12], grad[8];
  for (int k = 0; k < 4; k++)
    {
      start[k] = 3 * k;
      const double *p[3] = { box[k], box[(k + 1) % 4], (double[]) { cx, cy } };
      for (int t = 0; t < 3; t++)
        {
          xy[2 * (3 * k + t)] = p[t][0];
          xy[2 * (3 * k + t) + 1] = p[t][1];
          v[3 * k + t] = 0.6 * p[t][0] - 0.3 * p[t][1] + 0.2;
        }
      grad[2 * k] = 0.6;
      grad[2 * k + 1] = -0.3;
    }
  start[4] = 12;
  for (int flat = 0; flat < 2; flat++)
    {
      ShlPlot *p = shl_plot_new ();
      ShlHeatmapStyle hs = shl_heatmap_style (SHL_COLORMAP_VIRIDIS);
      hs.vmin = -0.1;
      hs.vmax = 1.4;
      if (flat)
        {
          /* flat cells: the value at each cell's first corner */
          for (int k = 0; k < 4; k++)
            v[3 * k + 1] = v[3 * k + 2] = v[3 * k];
        }
      shl_plot_add_cell_map (p, 4, start, xy, v, flat ? NULL : grad, 0, 2,
                             0, 1, &hs);
      cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                       W, H);
      cairo_t *cr = cairo_create (s);
      ShlPlotStyle st;
      rt_style (&st, SHL_STYLE_PAPER);
      ShlPlotLayout lay;
      shl_plot_draw (p, cr, &st, &(ShlRect) { 0, 0, W, H }, &lay);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_flush (s);
      /* every sampled pixel, the edges between cells included */
      for (int j = 1; j < 20 && !flat; j++)
        for (int i = 1; i < 40; i++)
          {
            double x = 2.0 * i / 40, y = (double) j / 20, ux, uy;
            shl_plot_layout_to_user (&lay, x, y, &ux, &uy);
            /* the value at the pixel's centre */
            double px, py;
            shl_plot_layout_to_data (&lay, floor (ux) + 0.5, floor (uy) + 0.5,
                                     &px, &py);
            char where[64];
            g_snprintf (where, sizeof where, "linear at (%g, %g)", x, y);
            double f = 0.6 * px - 0.3 * py + 0.2;
            ShlColor want = shl_colormap_lookup (hs.colormap,
                                                 (f + 0.1) / 1.5);
            assert_colour (pixel (s, ux, uy), want, 3, where);
          }
      if (flat)
        for (int k = 0; k < 4; k++)
          {
            /* the centroid of each triangle */
            double x = (xy[6 * k] + xy[6 * k + 2] + xy[6 * k + 4]) / 3;
            double y = (xy[6 * k + 1] + xy[6 * k + 3] + xy[6 * k + 5]) / 3;
            double ux, uy;
            shl_plot_layout_to_user (&lay, x, y, &ux, &uy);
            ShlColor want = shl_colormap_lookup (hs.colormap,
                                                 (v[3 * k] + 0.1) / 1.5);
            assert_colour (pixel (s, ux, uy), want, 1, "flat cell");
          }
      cairo_surface_destroy (s);
      shl_plot_free (p);
    }
}

/* ---------------------------------------------------------- vector files */

typedef struct {
  ShlScene scene;
  int panel;
} Draw;

static void
draw_panel (cairo_t *cr, double width, double height, gpointer user_data)
{
  const Draw *d = user_data;
  shl_panels_draw_figure (cr, &d->scene, d->panel, SHL_STYLE_PAPER, width,
                          height);
}

static int
count_in (const char *data, gsize len, const char *needle)
{
  int n = 0;
  gsize nl = strlen (needle);
  const char *p = data, *end = data + len;
  while (p < end && (p = memmem (p, (gsize) (end - p), needle, nl)))
    {
      n++;
      p += nl;
    }
  return n;
}

/* the number of images `pdfimages -list` lists (-1: no pdfimages) */
static int
pdfimages_count (const char *path)
{
  g_autofree char *tool = g_find_program_in_path ("pdfimages");
  if (!tool)
    return -1;
  const char *argv[] = { tool, "-list", path, NULL };
  g_autofree char *out = NULL;
  int status = 0;
  GError *error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* two header lines, then one line per image */
  int lines = 0;
  for (const char *p = out; *p; p++)
    lines += *p == '\n';
  return lines - 2;
}

/* exports d's panel to dir as PDF and SVG; the number of images in each
 * (the same in both, asserted) */
static int
export_images (const Draw *d, const char *dir)
{
  int n = -1;
  const ShlExportFormat fmts[2] = { SHL_EXPORT_PDF, SHL_EXPORT_SVG };
  const char *names[2] = { "p.pdf", "p.svg" };
  const char *needles[2] = { "/Subtype /Image", "<image" };
  for (int f = 0; f < 2; f++)
    {
      g_autofree char *path = g_build_filename (dir, names[f], NULL);
      GError *error = NULL;
      if (!shl_render_export (path, fmts[f], 238, 190, 0,
                              SHL_EXPORT_FLAGS_NONE, draw_panel, (gpointer) d,
                              &error))
        g_error ("%s: %s", names[f], error->message);
      g_autofree char *contents = NULL;
      gsize len = 0;
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      int k = count_in (contents, len, needles[f]);
      if (f == 0)
        {
          int pi = pdfimages_count (path);
          if (pi >= 0)
            g_assert_cmpint (pi, ==, k);
          else
            g_test_message ("pdfimages missing: only the PDF's objects checked");
        }
      if (n >= 0)
        g_assert_cmpint (k, ==, n);
      n = k;
    }
  return n;
}

static void
scene_init (Draw *d, const ShlNet *net, const ShlNet *twin)
{
  memset (d, 0, sizeof *d);
  d->scene.net = net;
  d->scene.twin = twin;
  d->scene.move_t = 1.0;
  d->scene.loss_kind = SHL_LOSS_MSE;
  shl_view_recipe_init (&d->scene.recipe);
}

static void
test_no_images (void)
{
  g_autofree char *dir = rt_make_tmp_dir ();
  ShlNet *f = shl_test_random_net (30, 2, 11);
  ShlNet *g = shl_test_random_net (12, 2, 12);
  ShlNet *zero = shl_net_new (0, 2, NULL, NULL);
  const ShlNet *nets[3] = { f, zero, f };
  const ShlNet *twins[3] = { NULL, NULL, g };
  for (int c = 0; c < 3; c++)
    for (int diff = 0; diff < (twins[c] ? 2 : 1); diff++)
      {
        Draw d;
        scene_init (&d, nets[c], twins[c]);
        d.scene.recipe.diff_view = diff;
        d.panel = SHL_PANEL_REALIZATION;
        g_assert_cmpint (export_images (&d, dir), ==, 0);
        for (int gv = 0; gv < 3; gv++)
          {
            d.panel = SHL_PANEL_DERIVATIVE;
            d.scene.grad_view = (ShlGradView) gv;
            g_assert_cmpint (export_images (&d, dir), ==, 0);
          }
      }
  shl_net_free (f);
  shl_net_free (g);
  shl_net_free (zero);
  rt_remove_tree (dir);
}

/* pdftotext's text of a file */
static char *
pdf_text (const char *path)
{
  g_autofree char *tool = g_find_program_in_path ("pdftotext");
  if (!tool)
    return NULL;
  const char *argv[] = { tool, path, "-", NULL };
  char *out = NULL;
  int status = 0;
  GError *error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
test_classes (void)
{
  /* a classification: the legend names both classes, the decision
   * boundary and the kink lines; still no image */
  g_autofree char *dir = rt_make_tmp_dir ();
  ShlNet *f = shl_test_random_net (8, 2, 21);
  ShlData *data = shl_data_new (2, 40, NULL, NULL);
  data->classification = true;
  ShlRng rng;
  shl_rng_seed (&rng, 3);
  for (size_t k = 0; k < data->n; k++)
    {
      data->x[2 * k] = shl_rng_range (&rng, -1, 1);
      data->x[2 * k + 1] = shl_rng_range (&rng, -1, 1);
      data->y[k] = shl_net_eval1 (f, &data->x[2 * k]) > 0.0;
    }
  Draw d;
  scene_init (&d, f, NULL);
  d.scene.data = data;
  d.scene.loss_kind = SHL_LOSS_LOGISTIC;
  d.panel = SHL_PANEL_REALIZATION;
  /* a larger figure, so that the legend is not dropped */
  g_autofree char *path = g_build_filename (dir, "c.pdf", NULL);
  GError *error = NULL;
  g_assert_true (shl_render_export (path, SHL_EXPORT_PDF, 397, 300, 0,
                                    SHL_EXPORT_FLAGS_NONE, draw_panel, &d,
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpint (export_images (&d, dir), ==, 0);
  g_autofree char *text = pdf_text (path);
  if (text)
    for (int k = 0; k < 4; k++)
      {
        const char *want[4] = { "decision boundary", "kink lines", "label 0",
                                "label 1" };
        if (!strstr (text, want[k]))
          g_error ("no \"%s\" in the realization's text:\n%s", want[k], text);
      }
  else
    g_test_message ("pdftotext missing: legend not checked");
  shl_data_free (data);
  shl_net_free (f);
  rt_remove_tree (dir);
}

static void
test_fallback (void)
{
  /* about 290,000 cells: sampled, one image */
  g_autofree char *dir = rt_make_tmp_dir ();
  ShlNet *f = shl_test_random_net (1000, 2, 77);
  Draw d;
  scene_init (&d, f, NULL);
  d.panel = SHL_PANEL_DERIVATIVE;
  g_assert_cmpint (export_images (&d, dir), ==, 1);
  shl_net_free (f);
  rt_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  rt_parse_args (&argc, argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cell-maps/linear", test_linear);
  g_test_add_func ("/cell-maps/no-images", test_no_images);
  g_test_add_func ("/cell-maps/classes", test_classes);
  g_test_add_func ("/cell-maps/fallback", test_fallback);
  return rt_finish (g_test_run ());
}
