/* test-ui-export.c: the in-app export (figure and CSV) against
 * `shallows-cli render` of the same session. */
#include <glib/gstdio.h>

#include "ui-test-util.h"

/* The in-app export and `shallows-cli render` of the saved session give
 * the same picture. */
static void
test_export_matches_cli (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shallows-export-ui-XXXXXX", NULL);
  g_autofree char *session = g_build_filename (dir, "s.json", NULL);
  g_autofree char *app_png = g_build_filename (dir, "app.png", NULL);
  g_autofree char *cli_png = g_build_filename (dir, "cli.png", NULL);
  g_autofree char *app_pdf = g_build_filename (dir, "app.pdf", NULL);
  ShlWindow *w = shl_ui_window_new (1024, 700);
  ShlSim *sim = shl_window_get_sim (w);
  g_object_set (sim, "dim", 2, "width", 8, NULL);
  shl_sim_sync (sim);
  shl_ui_activate (w, "sim.step-many");
  shl_sim_sync (sim);
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_window_save_session (w, session, &err));
  g_assert_true (shl_window_export_figure (w, app_png, SHL_EXPORT_PNG, -1, 497, 400, 100,
                                           SHL_STYLE_PAPER, FALSE, &err));
  g_assert_no_error (err);
  g_assert_true (shl_window_export_figure (w, app_pdf, SHL_EXPORT_PDF, 2, 238, 190, 300,
                                           SHL_STYLE_PAPER, FALSE, &err));
  g_assert_no_error (err);
  const char *build = g_getenv ("SHL_BUILD_DIR");
  g_autofree char *cli = g_build_filename (build ? build : ".", "app", "shallows-cli", NULL);
  const char *argv[] = { cli, "render", session, "--panel", "all", "--dpi", "100",
                         "--out", cli_png, NULL };
  int status;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               NULL, &status, &err));
  g_assert_no_error (err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  cairo_surface_t *x = cairo_image_surface_create_from_png (app_png);
  cairo_surface_t *y = cairo_image_surface_create_from_png (cli_png);
  g_assert_cmpint (cairo_surface_status (x), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (y), ==, CAIRO_STATUS_SUCCESS);
  int wd = cairo_image_surface_get_width (x), ht = cairo_image_surface_get_height (x);
  g_assert_cmpint (wd, ==, 690);   /* 497 pt at 100 dpi */
  g_assert_cmpint (wd, ==, cairo_image_surface_get_width (y));
  g_assert_cmpint (ht, ==, cairo_image_surface_get_height (y));
  long differ = 0;
  for (int r = 0; r < ht; r++)
    differ += memcmp (cairo_image_surface_get_data (x) + r * cairo_image_surface_get_stride (x),
                      cairo_image_surface_get_data (y) + r * cairo_image_surface_get_stride (y),
                      (size_t) wd * 4) != 0;
  g_assert_cmpint (differ, ==, 0);
  cairo_surface_destroy (x);
  cairo_surface_destroy (y);
  /* the plotted series as CSV */
  g_autofree char *csvdir = g_build_filename (dir, "csv", NULL);
  guint n_csv = 0;
  g_assert_true (shl_window_export_data (w, csvdir, &n_csv, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (n_csv, ==, 7);   /* 2-D: data, grid, kinks, landscape, path, loss, trajectory */
  GDir *cd = g_dir_open (csvdir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (cd));)
    {
      g_autofree char *pth = g_build_filename (csvdir, name, NULL);
      g_unlink (pth);
    }
  g_dir_close (cd);
  g_rmdir (csvdir);
  g_autofree char *pdf = NULL;
  g_assert_true (g_file_get_contents (app_pdf, &pdf, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));
  shl_ui_window_close (w);
  g_unlink (session);
  g_unlink (app_png);
  g_unlink (cli_png);
  g_unlink (app_pdf);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  shl_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/export-matches-cli", test_export_matches_cli);
  return shl_ui_test_run ();
}
