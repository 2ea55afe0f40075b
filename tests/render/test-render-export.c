/* test-render-export.c: PDF, SVG and PNG export: headers, sizes, text,
 * transparency, atomic replacement and error reporting; PNG resolution,
 * reproducible PDFs, the memory limit. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "render-fixtures.h"
#include "render-test.h"

#define TITLE "Export title check"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  fx->dir = rt_make_tmp_dir ();
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  rt_remove_tree (fx->dir);
  g_free (fx->dir);
}

static int
count_entries (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  int n = 0;
  while (g_dir_read_name (d))
    n++;
  g_dir_close (d);
  return n;
}

/* Occurrences of needle in binary data. */
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

static void
draw_figure (cairo_t *cr, double width, double height, gpointer user_data)
{
  ShlPlotStyle style;
  shl_plot_style_init (&style, SHL_STYLE_PAPER);
  shl_plot_style_set_font (&style, "DejaVu Sans");
  g_autoptr (ShlFigure) fig = shl_figure_new (1, 2);
  shl_figure_set_title (fig, TITLE);
  shl_figure_set_plot (fig, 0, 0, fx_sine_plot ());
  shl_figure_set_plot (fig, 0, 1, fx_heat_plot (SHL_COLORMAP_VIRIDIS));
  shl_figure_draw (fig, cr, &style, &(ShlRect) { 0, 0, width, height }, NULL);
}

static void
draw_plot (cairo_t *cr, double width, double height, gpointer user_data)
{
  ShlPlotStyle style;
  shl_plot_style_init (&style, SHL_STYLE_SCREEN_LIGHT);
  g_autoptr (ShlPlot) p = fx_loss_plot ();
  shl_plot_draw (p, cr, &style, &(ShlRect) { 0, 0, width, height }, NULL);
}

static void
draw_broken (cairo_t *cr, double width, double height, gpointer user_data)
{
  draw_plot (cr, width, height, user_data);
  cairo_restore (cr); /* no matching save: CAIRO_STATUS_INVALID_RESTORE */
}

static void
test_pdf (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "figure.pdf", NULL);
  GError *error = NULL;
  g_assert_true (shl_render_export (path, SHL_EXPORT_PDF, 6.8 * 72, 2.8 * 72,
                                    0, SHL_EXPORT_FLAGS_NONE, draw_figure,
                                    NULL, &error));
  g_assert_no_error (error);
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  /* the heat map is one embedded image; the page is 6.8 x 2.8 in */
  g_assert_cmpint (count_in (contents, len, "/Subtype /Image"), ==, 1);
  g_assert_cmpint (count_in (contents, len, "/MediaBox [ 0 0 489.6 201.6 ]"),
                   ==, 1);
  /* text is text: fonts are embedded */
  g_assert_cmpint (count_in (contents, len, "/FontFile2"), >=, 1);
  g_assert_cmpint (count_entries (fx->dir), ==, 1);

  if (!g_file_test ("/usr/bin/pdftotext", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_message ("pdftotext missing: text check skipped");
      return;
    }
  const char *argv[] = { "/usr/bin/pdftotext", path, "-", NULL };
  g_autofree char *out = NULL;
  int status = 0;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, TITLE));
  g_assert_nonnull (strstr (out, "derivative f′(x)"));
  g_assert_nonnull (strstr (out, "\xe2\x88\x92")); /* a U+2212 tick label */
}

static void
test_svg (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "figure.svg", NULL);
  GError *error = NULL;
  g_assert_true (shl_render_export (path, SHL_EXPORT_SVG, 400, 300, 0,
                                    SHL_EXPORT_FLAGS_NONE, draw_plot, NULL,
                                    &error));
  g_assert_no_error (error);
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "width=\"400pt\""));
  g_assert_nonnull (strstr (contents, "height=\"300pt\""));
  /* well-formed XML */
  static const GMarkupParser parser = { 0 };
  GMarkupParseContext *ctx = g_markup_parse_context_new (&parser, 0, NULL,
                                                         NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, contents, len, &error));
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (ctx);
}

static void
test_png (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "figure.png", NULL);
  GError *error = NULL;
  /* 3.3 in x 2.5 in at 150 dpi: 495 x 375 px */
  g_assert_true (shl_render_export (path, SHL_EXPORT_PNG, 3.3 * 72, 2.5 * 72,
                                    150, SHL_EXPORT_FLAGS_NONE, draw_plot,
                                    NULL, &error));
  g_assert_no_error (error);
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 495);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 375);
  /* opaque background */
  cairo_surface_flush (s);
  guint32 corner = *(const guint32 *) (const void *) cairo_image_surface_get_data (s);
  g_assert_cmphex (corner >> 24, ==, 0xff);
  cairo_surface_destroy (s);

  /* transparent: the background is left out */
  g_assert_true (shl_render_export (path, SHL_EXPORT_PNG, 200, 100, 72,
                                    SHL_EXPORT_TRANSPARENT, draw_figure, NULL,
                                    &error));
  g_assert_no_error (error);
  s = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 200);
  g_assert_cmpint (cairo_image_surface_get_format (s), ==,
                   CAIRO_FORMAT_ARGB32);
  cairo_surface_flush (s);
  corner = *(const guint32 *) (const void *) cairo_image_surface_get_data (s);
  g_assert_cmphex (corner >> 24, ==, 0);
  cairo_surface_destroy (s);
  g_assert_cmpint (count_entries (fx->dir), ==, 1);
}

static void
test_errors (Fixture *fx, gconstpointer data)
{
  GError *error = NULL;

  /* a directory that does not exist */
  g_autofree char *missing = g_build_filename (fx->dir, "no", "such",
                                               "x.pdf", NULL);
  g_assert_false (shl_render_export (missing, SHL_EXPORT_PDF, 100, 100, 0,
                                     SHL_EXPORT_FLAGS_NONE, draw_plot, NULL,
                                     &error));
  g_assert_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_IO);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (count_entries (fx->dir), ==, 0);

  /* invalid sizes */
  g_autofree char *path = g_build_filename (fx->dir, "x.png", NULL);
  g_assert_false (shl_render_export (path, SHL_EXPORT_PNG, 100, 100, 0,
                                     SHL_EXPORT_FLAGS_NONE, draw_plot, NULL,
                                     &error));
  g_assert_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (shl_render_export (path, SHL_EXPORT_PDF, -1, 100, 0,
                                     SHL_EXPORT_FLAGS_NONE, draw_plot, NULL,
                                     &error));
  g_assert_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_entries (fx->dir), ==, 0);

  /* a failed render leaves an existing file alone and no temporary */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_false (shl_render_export (path, SHL_EXPORT_PNG, 100, 80, 72,
                                     SHL_EXPORT_FLAGS_NONE, draw_broken,
                                     NULL, &error));
  g_assert_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_CAIRO);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_autofree char *contents = NULL;
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpint (count_entries (fx->dir), ==, 1);

  /* success replaces it */
  g_assert_true (shl_render_export (path, SHL_EXPORT_PNG, 100, 80, 72,
                                    SHL_EXPORT_FLAGS_NONE, draw_plot, NULL,
                                    &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\x89PNG"));
  g_assert_cmpint (count_entries (fx->dir), ==, 1);

  /* a read-only directory (meaningless as root) */
  if (geteuid () != 0)
    {
      g_autofree char *ro = g_build_filename (fx->dir, "ro", NULL);
      g_assert_cmpint (g_mkdir (ro, 0555), ==, 0);
      g_autofree char *target = g_build_filename (ro, "x.svg", NULL);
      g_assert_false (shl_render_export (target, SHL_EXPORT_SVG, 100, 100, 0,
                                         SHL_EXPORT_FLAGS_NONE, draw_plot,
                                         NULL, &error));
      g_assert_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_IO);
      g_clear_error (&error);
      g_assert_cmpint (count_entries (ro), ==, 0);
    }
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* CRC-32 of PNG chunks (ISO 3309), bit by bit */
static guint32
png_crc (const guint8 *p, gsize n)
{
  guint32 c = 0xffffffffu;
  for (gsize i = 0; i < n; i++)
    {
      c ^= p[i];
      for (int k = 0; k < 8; k++)
        c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    }
  return ~c;
}

/* PNGs carry their resolution: a pHYs chunk right after IHDR, in pixels
 * per metre, with a valid CRC; the file still loads. */
static void
test_png_dpi (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "dpi.png", NULL);
  const double dpis[] = { 72, 150, 300, 600 };
  for (guint k = 0; k < G_N_ELEMENTS (dpis); k++)
    {
      GError *error = NULL;
      g_assert_true (shl_render_export (path, SHL_EXPORT_PNG, 100, 60, dpis[k],
                                        SHL_EXPORT_FLAGS_NONE, draw_plot, NULL, &error));
      g_assert_no_error (error);
      g_autofree guint8 *png = NULL;
      gsize len;
      g_assert_true (g_file_get_contents (path, (char **) &png, &len, NULL));
      g_assert_cmpuint (len, >, 33 + 21);
      g_assert_cmpmem (png + 12, 4, "IHDR", 4);
      g_assert_cmpuint (be32 (png + 33), ==, 9);
      g_assert_cmpmem (png + 37, 4, "pHYs", 4);
      guint32 ppm = (guint32) lround (dpis[k] / 0.0254);
      g_assert_cmpuint (be32 (png + 41), ==, ppm);
      g_assert_cmpuint (be32 (png + 45), ==, ppm);
      g_assert_cmpuint (png[49], ==, 1);   /* metres */
      g_assert_cmpuint (be32 (png + 50), ==, png_crc (png + 37, 13));
      cairo_surface_t *s = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (s), ==, (int) lround (100 / 72.0 * dpis[k]));
      cairo_surface_destroy (s);
    }
}

/* With SOURCE_DATE_EPOCH the PDF's dates are that time and two exports
 * are the same bytes. */
static void
test_pdf_reproducible (Fixture *fx, gconstpointer data)
{
  g_autofree char *a = g_build_filename (fx->dir, "a.pdf", NULL);
  g_autofree char *b = g_build_filename (fx->dir, "b.pdf", NULL);
  g_autofree char *old = g_strdup (g_getenv ("SOURCE_DATE_EPOCH"));
  g_setenv ("SOURCE_DATE_EPOCH", "1700000000", TRUE);
  GError *error = NULL;
  g_assert_true (shl_render_export (a, SHL_EXPORT_PDF, 300, 200, 0, SHL_EXPORT_FLAGS_NONE,
                                    draw_figure, NULL, &error));
  g_assert_true (shl_render_export (b, SHL_EXPORT_PDF, 300, 200, 0, SHL_EXPORT_FLAGS_NONE,
                                    draw_figure, NULL, &error));
  g_assert_no_error (error);
  g_autofree char *da = NULL, *db = NULL;
  gsize la, lb;
  g_assert_true (g_file_get_contents (a, &da, &la, NULL));
  g_assert_true (g_file_get_contents (b, &db, &lb, NULL));
  g_assert_cmpmem (da, la, db, lb);
  /* 1700000000 is 2023-11-14 22:13:20 UTC (cairo 1.16 writes no D:) */
  g_assert_cmpint (count_in (da, la, "/CreationDate (20231114221320Z)"), ==, 1);
  g_assert_cmpint (count_in (da, la, "/ModDate (20231114221320Z)"), ==, 1);
  if (old)
    g_setenv ("SOURCE_DATE_EPOCH", old, TRUE);
  else
    g_unsetenv ("SOURCE_DATE_EPOCH");
}

static void
draw_counted (cairo_t *cr, double width, double height, gpointer user_data)
{
  (*(int *) user_data)++;
}

/* A raster export over the memory limit is refused before anything is
 * drawn or written; the limit can be raised. */
static void
test_too_large (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "huge.png", NULL);
  GError *error = NULL;
  int calls = 0;
  /* 5000 x 5000 pt at 600 dpi: 41667^2 px, over cairo's limit too */
  ShlExportOptions o = { 600, SHL_EXPORT_FLAGS_NONE, 0 };
  g_assert_false (shl_render_export_with (path, SHL_EXPORT_PNG, 5000, 5000, &o, draw_counted,
                                          &calls, &error));
  g_assert_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_INVALID);
  g_clear_error (&error);
  /* 5000 x 5000 pt at 300 dpi: 20833^2 px = 1.6 GiB */
  o.dpi = 300;
  g_assert_false (shl_render_export_with (path, SHL_EXPORT_PNG, 5000, 5000, &o, draw_counted,
                                          &calls, &error));
  g_assert_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "MiB"));
  g_clear_error (&error);
  /* a small limit refuses a small PNG too */
  o.dpi = 72;
  o.max_bytes = 1000;
  g_assert_false (shl_render_export_with (path, SHL_EXPORT_PNG, 100, 100, &o, draw_counted,
                                          &calls, &error));
  g_assert_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_cmpint (calls, ==, 0);
  g_assert_cmpint (count_entries (fx->dir), ==, 0);
  /* vector files need little; a raised limit lets a large PNG through */
  g_assert_true (shl_render_export_check (SHL_EXPORT_PDF, 5000, 5000, 600, 0, NULL));
  g_assert_true (shl_render_export_check (SHL_EXPORT_PNG, 5000, 5000, 300,
                                          (guint64) 2 << 30, NULL));
  g_assert_cmpuint (shl_render_export_bytes (SHL_EXPORT_PNG, 72, 36, 144), ==, 4 * 144 * 72);
}

static void
test_format_from_path (void)
{
  ShlExportFormat f;
  g_assert_true (shl_export_format_from_path ("a/b.PDF", &f));
  g_assert_cmpint (f, ==, SHL_EXPORT_PDF);
  g_assert_true (shl_export_format_from_path ("b.svg", &f));
  g_assert_cmpint (f, ==, SHL_EXPORT_SVG);
  g_assert_true (shl_export_format_from_path ("b.png", &f));
  g_assert_cmpint (f, ==, SHL_EXPORT_PNG);
  g_assert_false (shl_export_format_from_path ("b.jpg", &f));
  g_assert_false (shl_export_format_from_path ("dir.pdf/b", &f));
  g_assert_cmpstr (shl_export_format_extension (SHL_EXPORT_SVG), ==, "svg");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/render/export/pdf", Fixture, NULL, fixture_setup, test_pdf,
              fixture_teardown);
  g_test_add ("/render/export/svg", Fixture, NULL, fixture_setup, test_svg,
              fixture_teardown);
  g_test_add ("/render/export/png", Fixture, NULL, fixture_setup, test_png,
              fixture_teardown);
  g_test_add ("/render/export/errors", Fixture, NULL, fixture_setup,
              test_errors, fixture_teardown);
  g_test_add_func ("/render/export/format-from-path", test_format_from_path);
  g_test_add ("/render/export/png-dpi", Fixture, NULL, fixture_setup, test_png_dpi,
              fixture_teardown);
  g_test_add ("/render/export/pdf-reproducible", Fixture, NULL, fixture_setup,
              test_pdf_reproducible, fixture_teardown);
  g_test_add ("/render/export/too-large", Fixture, NULL, fixture_setup, test_too_large,
              fixture_teardown);
  return rt_finish (g_test_run ());
}
