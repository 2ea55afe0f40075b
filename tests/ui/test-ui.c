/* test-ui.c: the real window under a display (Xvfb in CI), driven through
 * its actions; screenshots go to the build directory. */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>

#include "shl-application.h"
#include "shl-panel-grid.h"
#include "shl-plot-view.h"
#include "shl-symmetry.h"
#include "shl-experiments-window.h"
#include "shl-window.h"

static ShlApplication *app;

/* iterate the main loop until cond or 20 s */
#define SPIN_UNTIL(cond)                                                     \
  G_STMT_START {                                                             \
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;         \
    while (!(cond) && g_get_monotonic_time () < deadline)                    \
      g_main_context_iteration (NULL, TRUE);                                 \
    if (!(cond))                                                             \
      g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #cond); \
  } G_STMT_END

static void
spin_for (int ms)
{
  /* never "until idle": with panels redrawing on every frame the main
   * context may never be idle */
  gint64 end = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static guint64
sim_step (ShlSim *sim)
{
  guint64 s;
  g_object_get (sim, "step", &s, NULL);
  return s;
}

static ShlWindow *
new_window (int w, int h)
{
  ShlWindow *win = shl_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (win), w, h);
  gtk_window_present (GTK_WINDOW (win));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (win))
              && gtk_widget_get_width (shl_window_get_grid (win)) > 0);
  ShlSim *sim = shl_window_get_sim (win);
  shl_sim_sync (sim);
  spin_for (100);
  return win;
}

static void
close_window (ShlWindow *win)
{
  gtk_window_destroy (GTK_WINDOW (win));
  spin_for (50);
}

static void
set_running (ShlSim *sim, gboolean on)
{
  g_action_group_change_action_state (shl_sim_get_actions (sim), "running",
                                      g_variant_new_boolean (on));
}

static void
activate (ShlSim *sim, const char *name)
{
  g_action_group_activate_action (shl_sim_get_actions (sim), name, NULL);
}

/* Save a PNG of the whole window, as GTK renders it. The window's
 * paintable has nothing to show until GTK has drawn a frame, which on a
 * slow (sanitizer) build may take a while: retry for a few seconds. */
static void
screenshot (ShlWindow *win, const char *name)
{
  GtkWidget *w = GTK_WIDGET (win);
  spin_for (200);
  GdkPaintable *paintable = gtk_widget_paintable_new (w);
  GskRenderNode *node = NULL;
  int width = 0, height = 0;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!node && g_get_monotonic_time () < deadline)
    {
      width = gtk_widget_get_width (w);
      height = gtk_widget_get_height (w);
      GtkSnapshot *snap = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snap, width, height);
      node = gtk_snapshot_free_to_node (snap);
      if (!node)
        spin_for (100);
    }
  if (!node)
    {
      g_test_message ("screenshot %s: GTK has not drawn the window yet; skipped", name);
      g_object_unref (paintable);
      return;
    }
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (win));
  GdkTexture *tex = gsk_renderer_render_texture (renderer, node,
                                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
  const char *dir = g_getenv ("SHL_BUILD_DIR");
  g_autofree char *path = g_build_filename (dir ? dir : ".", name, NULL);
  g_assert_true (gdk_texture_save_to_png (tex, path));
  g_test_message ("screenshot: %s (%dx%d)", path, width, height);
  g_object_unref (tex);
  gsk_render_node_unref (node);
  g_object_unref (paintable);
}

/* A panel is blank if almost every pixel has the corner's colour. */
static void
assert_panels_not_blank (ShlWindow *win)
{
  for (int k = 0; k < 4; k++)
    {
      ShlPlotView *view = SHL_PLOT_VIEW (shl_window_get_panel (win, k));
      if (!gtk_widget_get_child_visible (GTK_WIDGET (view)))
        continue;
      cairo_surface_t *s = shl_plot_view_snapshot_image (view);
      int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
      int stride = cairo_image_surface_get_stride (s);
      const guint8 *px = cairo_image_surface_get_data (s);
      guint32 corner = *(const guint32 *) px;
      long differ = 0;
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          differ += *(const guint32 *) (px + y * stride + 4 * x) != corner;
      double frac = (double) differ / ((double) w * h);
      if (frac < 0.02)
        g_error ("panel %s is blank (%.3f%% of %dx%d pixels drawn)",
                 shl_plot_view_get_name (view), 100 * frac, w, h);
      cairo_surface_destroy (s);
    }
}

static void
test_start_and_step (void)
{
  ShlWindow *win = new_window (1280, 800);
  ShlSim *sim = shl_window_get_sim (win);
  g_assert_cmpuint (sim_step (sim), ==, 0);
  activate (sim, "step");
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 1);
  activate (sim, "step-many");
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 101);
  assert_panels_not_blank (win);
  screenshot (win, "ui-1d-1280x800.png");
  close_window (win);
}

static void
test_run_pause_reset (void)
{
  ShlWindow *win = new_window (1280, 800);
  ShlSim *sim = shl_window_get_sim (win);
  set_running (sim, TRUE);
  SPIN_UNTIL (sim_step (sim) > 2000);
  gboolean running;
  g_object_get (sim, "running", &running, NULL);
  g_assert_true (running);
  set_running (sim, FALSE);
  shl_sim_sync (sim);
  g_object_get (sim, "running", &running, NULL);
  g_assert_false (running);
  guint64 at = sim_step (sim);
  spin_for (100);
  g_assert_cmpuint (sim_step (sim), ==, at);
  g_assert_cmpuint (shl_sim_get_history_length (sim), >, 1000);
  /* the full-resolution slice through the paused network arrives in the
   * background */
  SPIN_UNTIL (shl_sim_get_scene (sim)->have_landscape
              && shl_sim_get_scene (sim)->land_step == at
              && shl_sim_get_scene (sim)->land_n > 31);
  assert_panels_not_blank (win);
  screenshot (win, "ui-1d-trained.png");

  activate (sim, "reset");
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 0);
  close_window (win);
}

static void
test_switch_2d_and_width (void)
{
  ShlWindow *win = new_window (1280, 800);
  ShlSim *sim = shl_window_get_sim (win);
  g_object_set (sim, "dim", 2, NULL);
  shl_sim_sync (sim);
  ShlScene *scene = shl_sim_get_scene (sim);
  g_assert_nonnull (scene->net);
  g_assert_cmpint (scene->net->d, ==, 2);
  g_autofree char *target = NULL;
  g_object_get (sim, "target", &target, NULL);
  g_assert_cmpstr (target, ==, "bump");

  g_object_set (sim, "width", 7, NULL);
  shl_sim_sync (sim);
  g_assert_cmpint (shl_sim_get_scene (sim)->net->m, ==, 7);

  g_object_set (sim, "target", "spirals", NULL);
  shl_sim_sync (sim);
  g_autofree char *loss = NULL;
  g_object_get (sim, "loss", &loss, NULL);
  g_assert_cmpstr (loss, ==, "logistic");
  g_assert_true (shl_sim_get_scene (sim)->data->classification);
  set_running (sim, TRUE);
  SPIN_UNTIL (sim_step (sim) > 500);
  set_running (sim, FALSE);
  shl_sim_sync (sim);
  SPIN_UNTIL (shl_sim_get_scene (sim)->have_landscape
              && shl_sim_get_scene (sim)->land_step == sim_step (sim));
  assert_panels_not_blank (win);
  screenshot (win, "ui-2d-spirals.png");
  close_window (win);
}

static void
test_layouts_and_maximise (void)
{
  ShlWindow *wide = new_window (1800, 560);
  ShlPanelGrid *grid = SHL_PANEL_GRID (shl_window_get_grid (wide));
  g_assert_true (shl_panel_grid_is_row (grid));
  screenshot (wide, "ui-wide-1800x560.png");

  gtk_widget_activate_action (GTK_WIDGET (wide), "win.maximize-panel", "i", 2);
  spin_for (100);
  g_assert_cmpint (shl_panel_grid_get_maximized (grid), ==, 2);
  g_assert_true (gtk_widget_get_child_visible (shl_window_get_panel (wide, 2)));
  g_assert_false (gtk_widget_get_child_visible (shl_window_get_panel (wide, 0)));
  assert_panels_not_blank (wide);
  gtk_widget_activate_action (GTK_WIDGET (wide), "win.restore-panels", NULL);
  spin_for (100);
  g_assert_cmpint (shl_panel_grid_get_maximized (grid), ==, -1);
  g_assert_true (gtk_widget_get_child_visible (shl_window_get_panel (wide, 0)));
  gtk_widget_activate_action (GTK_WIDGET (wide), "win.toggle-sidebar", NULL);
  spin_for (100);
  close_window (wide);

  ShlWindow *small = new_window (800, 600);
  g_assert_false (shl_panel_grid_is_row (SHL_PANEL_GRID (shl_window_get_grid (small))));
  assert_panels_not_blank (small);
  screenshot (small, "ui-small-800x600.png");
  close_window (small);
}

static void
test_dark_and_projector (void)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  ShlWindow *win = new_window (1920, 1080);
  shl_window_set_plot_scale (win, 1.75);
  ShlSim *sim = shl_window_get_sim (win);
  activate (sim, "step-many");
  shl_sim_sync (sim);
  assert_panels_not_blank (win);
  screenshot (win, "ui-dark-projector-1920x1080.png");
  close_window (win);
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", FALSE, NULL);
}

static void
test_accels (void)
{
  struct { const char *action, *accel; } expect[] = {
    { "sim.running", "space" },
    { "sim.step", "Right" },
    { "sim.step-many", "<Shift>Right" },
    { "sim.reset", "<Control>r" },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (expect); k++)
    {
      g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                     expect[k].action);
      g_assert_true (g_strv_contains ((const char *const *) accels, expect[k].accel));
    }
}

static void
test_open_files (void)
{
  ShlWindow *win = new_window (1024, 700);
  ShlSim *sim = shl_window_get_sim (win);
  g_autofree char *dir = g_dir_make_tmp ("shallows-ui-XXXXXX", NULL);
  g_autofree char *net = g_build_filename (dir, "net.json", NULL);
  g_autofree char *csv = g_build_filename (dir, "data.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_assert_true (g_file_set_contents (net,
    "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 1,"
    " \"domain\": [[-1, 1]], \"a\": [[1.0], [-1.0], [1.0]], \"b\": [0.0, 0.0, -0.5],"
    " \"c\": [1.0, 1.0, -2.0], \"e\": 0.0}", -1, NULL));
  g_assert_true (g_file_set_contents (csv, "x,y\n-1,1\n0,0\n1,1\n0.5,0.5\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "x,y\n1,2,3\n", -1, NULL));
  g_autoptr (GFile) f1 = g_file_new_for_path (net);
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_window_open_file (win, f1, &err));
  shl_sim_sync (sim);
  g_assert_cmpint (shl_sim_get_scene (sim)->net->m, ==, 3);
  g_assert_cmpfloat (shl_sim_get_scene (sim)->net->c[2], ==, -2.0);
  g_autoptr (GFile) f2 = g_file_new_for_path (csv);
  g_assert_true (shl_window_open_file (win, f2, &err));
  shl_sim_sync (sim);
  g_assert_cmpuint (shl_sim_get_scene (sim)->data->n, ==, 4);
  g_autoptr (GFile) f3 = g_file_new_for_path (bad);
  g_assert_false (shl_window_open_file (win, f3, &err));
  g_assert_nonnull (strstr (err->message, "bad.csv:2"));
  /* nothing changed */
  g_assert_cmpuint (shl_sim_get_scene (sim)->data->n, ==, 4);
  g_unlink (net);
  g_unlink (csv);
  g_unlink (bad);
  g_rmdir (dir);
  close_window (win);
}

static double
sim_loss (ShlSim *sim)
{
  double l;
  g_object_get (sim, "loss-value", &l, NULL);
  return l;
}

static void
test_session_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shallows-session-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.json", NULL);
  ShlWindow *a = new_window (1024, 700);
  ShlSim *sa = shl_window_get_sim (a);
  g_object_set (sa, "optimizer", "sgd", "batch", 16, "lr", 0.05, NULL);
  shl_sim_sync (sa);
  activate (sa, "step-many");
  shl_sim_sync (sa);
  gboolean modified;
  g_object_get (sa, "modified", &modified, NULL);
  g_assert_true (modified);
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (a)), "• "));
  gtk_widget_activate_action (GTK_WIDGET (a), "win.maximize-panel", "i", 2);
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_window_save_session (a, path, &err));
  g_assert_no_error (err);
  g_object_get (sa, "modified", &modified, NULL);
  g_assert_false (modified);
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (a)), "run.json"));

  ShlWindow *b = new_window (1024, 700);
  ShlSim *sb = shl_window_get_sim (b);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_assert_true (shl_window_open_file (b, file, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (sim_step (sb), ==, 100);
  /* the view comes back too */
  g_assert_cmpint (shl_panel_grid_get_maximized (SHL_PANEL_GRID (shl_window_get_grid (b))), ==, 2);
  g_autofree char *opt = NULL;
  g_object_get (sb, "optimizer", &opt, NULL);
  g_assert_cmpstr (opt, ==, "sgd");
  g_assert_cmpuint (shl_sim_get_history_length (sb), ==, shl_sim_get_history_length (sa));

  /* continuing gives the same losses, bit for bit */
  for (int round = 0; round < 3; round++)
    {
      activate (sa, "step-many");
      activate (sb, "step-many");
      shl_sim_sync (sa);
      shl_sim_sync (sb);
      double la = sim_loss (sa), lb = sim_loss (sb);
      g_assert_cmpuint (sim_step (sa), ==, sim_step (sb));
      g_assert_cmpmem (&la, sizeof la, &lb, sizeof lb);
    }

  /* a damaged session says what is wrong and changes nothing */
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_assert_true (g_file_set_contents (bad, "{\"format\": \"shallows-session\", \"version\": 9}", -1, NULL));
  g_autoptr (GFile) fbad = g_file_new_for_path (bad);
  guint64 before = sim_step (sb);
  g_assert_false (shl_window_open_file (b, fbad, &err));
  g_assert_nonnull (strstr (err->message, "newer"));
  g_clear_error (&err);
  g_assert_cmpuint (sim_step (sb), ==, before);
  g_assert_cmpstr (shl_window_get_session_path (b), ==, path);

  close_window (a);
  close_window (b);
  g_unlink (path);
  g_unlink (bad);
  g_rmdir (dir);
}

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
  ShlWindow *w = new_window (1024, 700);
  ShlSim *sim = shl_window_get_sim (w);
  g_object_set (sim, "dim", 2, "width", 8, NULL);
  shl_sim_sync (sim);
  activate (sim, "step-many");
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
  close_window (w);
  g_unlink (session);
  g_unlink (app_png);
  g_unlink (cli_png);
  g_unlink (app_pdf);
  g_rmdir (dir);
}

static void
test_pathology_gallery (void)
{
  ShlWindow *w = new_window (1400, 900);
  ShlSim *sim = shl_window_get_sim (w);
  g_assert_true (shl_window_select_pathology (w, "p1"));
  shl_sim_sync (sim);
  spin_for (100);
  ShlScene *sc = shl_sim_get_scene (sim);
  g_assert_nonnull (sc->twin);
  g_assert_cmpint (sc->net->m, ==, 1);
  /* P1 at eps = 0.01: the functions are eps apart, the parameters 1/3 */
  g_assert_cmpstr (shl_window_get_twin_readout (w, 1), ==, "0.01");
  g_assert_true (g_str_has_prefix (shl_window_get_twin_readout (w, 4), "0.333") ||
                 strstr (shl_window_get_twin_readout (w, 4), "0.333"));
  activate (sim, "step-many");
  shl_sim_sync (sim);
  screenshot (w, "ui-pathology-p1.png");
  g_assert_true (shl_window_select_pathology (w, "p3"));
  shl_sim_sync (sim);
  spin_for (100);
  assert_panels_not_blank (w);
  screenshot (w, "ui-pathology-p3.png");
  /* training moves Γ towards g */
  activate (sim, "step-many");
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 100);
  g_assert_true (shl_window_select_pathology (w, "invisible-2d"));
  shl_sim_sync (sim);
  /* the six neurons compute zero (to rounding) */
  g_assert_cmpfloat (g_ascii_strtod (shl_window_get_twin_readout (w, 0), NULL), <, 1e-12);

  /* the published experiment: 500 steps of SGD with momentum bring the
   * sup error down while the slopes stay of order one */
  g_assert_true (shl_window_select_pathology (w, "experiment"));
  shl_sim_sync (sim);
  for (int k = 0; k < 5; k++)
    activate (sim, "step-many");
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 500);
  {
    ShlScene *e = shl_sim_get_scene (sim);
    g_assert_cmpfloat (e->net->lo[0], ==, -10.0);
    double sup = g_ascii_strtod (shl_window_get_twin_readout (w, 0), NULL);
    g_assert_cmpfloat (sup, <, 2.0);                       /* started at b = 2 */
    g_assert_cmpfloat (fabs (e->net->c[0] * e->net->a[0]), >, 0.1);  /* slopes stay */
    screenshot (w, "ui-experiment.png");
  }

  /* a balanced, permuted copy: the same function, other parameters */
  g_assert_true (shl_window_select_pathology (w, "p1"));
  shl_sim_sync (sim);
  gtk_widget_activate_action (GTK_WIDGET (w), "win.twin", "s", "transformed");
  g_assert_cmpfloat (g_ascii_strtod (shl_window_get_twin_readout (w, 1), NULL), <, 1e-12);
  g_assert_cmpfloat (g_ascii_strtod (shl_window_get_twin_readout (w, 3), NULL), <, 1e-9);
  g_assert_cmpfloat (g_ascii_strtod (shl_window_get_twin_readout (w, 2), NULL), >, 0.1);
  gtk_widget_activate_action (GTK_WIDGET (w), "win.twin", "s", "start");
  g_assert_nonnull (shl_sim_get_twin (sim));
  gtk_widget_activate_action (GTK_WIDGET (w), "win.twin", "s", "none");
  g_assert_null (shl_sim_get_twin (sim));
  close_window (w);
}

static void
test_landscape_directions (void)
{
  ShlWindow *w = new_window (1280, 800);
  ShlSim *sim = shl_window_get_sim (w);
  for (int k = 0; k < 5; k++)
    activate (sim, "step-many");
  shl_sim_sync (sim);
  guint64 at = sim_step (sim);
  shl_window_set_landscape_directions (w, SHL_DIRS_PCA);
  SPIN_UNTIL (shl_sim_get_scene (sim)->have_landscape && shl_sim_get_scene (sim)->land_step == at
              && shl_sim_get_scene (sim)->land_kind == SHL_DIRS_PCA);
  ShlScene *sc = shl_sim_get_scene (sim);
  /* the trajectory lies mostly in the plane of its first two components */
  g_assert_cmpfloat (sc->land_explained[0], >, 0.3);
  g_assert_cmpfloat (sc->land_explained[0] + sc->land_explained[1], <=, 1.0 + 1e-9);
  assert_panels_not_blank (w);
  screenshot (w, "ui-landscape-pca.png");
  /* two coordinates: neuron 1's b and c */
  shl_window_set_landscape_directions (w, SHL_DIRS_COORDS);
  SPIN_UNTIL (!shl_sim_get_scene (sim)->land_busy && shl_sim_get_scene (sim)->land_kind == SHL_DIRS_COORDS);
  /* the 1-D paths */
  shl_window_set_landscape_directions (w, 5);
  spin_for (100);
  assert_panels_not_blank (w);
  screenshot (w, "ui-landscape-paths.png");
  /* no twin: the twin plane falls back to random directions */
  shl_window_set_landscape_directions (w, SHL_DIRS_TWIN);
  spin_for (300);
  SPIN_UNTIL (!shl_sim_get_scene (sim)->land_busy && shl_sim_get_scene (sim)->land_kind == SHL_DIRS_RANDOM);
  close_window (w);
}

static void
test_scrubber (void)
{
  ShlWindow *w = new_window (1280, 800);
  ShlSim *sim = shl_window_get_sim (w);
  activate (sim, "step-many");
  shl_sim_sync (sim);
  guint n = shl_sim_get_history_length (sim);
  g_assert_cmpuint (n, ==, 101);
  ShlScene *sc = shl_sim_get_scene (sim);
  size_t np = sc->net->n_params;
  /* the start: exactly the network at step 0 */
  shl_window_scrub (w, 0.0);
  sc = shl_sim_get_scene (sim);
  g_assert_cmpuint (sc->step, ==, 0);
  g_assert_cmpmem (sc->net->theta, np * sizeof (double), sc->net0->theta, np * sizeof (double));
  /* half way: exactly the recorded parameters of step 50 */
  shl_window_scrub (w, 0.5);
  sc = shl_sim_get_scene (sim);
  g_assert_cmpuint (sc->step, ==, 50);
  g_assert_cmpmem (sc->net->theta, np * sizeof (double), sc->hist_theta + 50 * np, np * sizeof (double));
  g_assert_cmpfloat (sc->loss, ==, sc->hist_loss[50]);
  assert_panels_not_blank (w);
  screenshot (w, "ui-scrubbed.png");
  /* the right end is live again */
  shl_window_scrub (w, 1.0);
  /* the other views of the trajectory panel draw */
  for (int v = SHL_TRAJ_BALANCE; v <= SHL_TRAJ_DISTANCES; v++)
    {
      shl_window_set_trajectory_view (w, v);
      spin_for (50);
      assert_panels_not_blank (w);
    }
  screenshot (w, "ui-trajectory-distances.png");
  shl_window_set_trajectory_view (w, SHL_TRAJ_CONSERVATION);
  spin_for (50);
  screenshot (w, "ui-trajectory-conservation.png");
  sc = shl_sim_get_scene (sim);
  g_assert_cmpuint (sc->step, ==, 100);
  close_window (w);
}

static void
test_symmetry_moves (void)
{
  ShlWindow *w = new_window (1400, 1000);
  ShlSim *sim = shl_window_get_sim (w);
  activate (sim, "step-many");
  shl_sim_sync (sim);
  const char *ops[] = { "rescale-0-2", "rescale-1-0.5", "balance-2", "balance", "reverse", "canon-1", "canon-2", "canon-3", "canon-4",
                        "canon-5", "canon-6", "canonical" };
  for (unsigned k = 0; k < G_N_ELEMENTS (ops); k++)
    {
      g_autoptr (GError) err = NULL;
      g_assert_true (shl_sim_transform (sim, ops[k], &err));
      g_assert_no_error (err);
      shl_sim_sync (sim);
      /* the parameters change, the function does not: the twin is the
       * network before the move */
      double sup = g_ascii_strtod (shl_window_get_twin_readout (w, 0), NULL);
      double w1 = g_ascii_strtod (shl_window_get_twin_readout (w, 1), NULL);
      if (!(sup < 1e-9 && w1 < 1e-9))
        g_error ("%s changed the function: sup %g, W1inf %g", ops[k], sup, w1);
    }
  g_assert_true (shl_net_is_restricted (shl_sim_get_scene (sim)->net, 1e-9));
  spin_for (600);
  assert_panels_not_blank (w);
  screenshot (w, "ui-neurons.png");
  close_window (w);
}

static void
test_experiments_window (void)
{
  ShlWindow *w = new_window (1024, 700);
  ShlExperimentsWindow *e = shl_experiments_window_new (GTK_WINDOW (w), shl_window_get_sim (w));
  gtk_window_set_default_size (GTK_WINDOW (e), 900, 640);
  gtk_window_present (GTK_WINDOW (e));
  spin_for (100);
  shl_experiments_window_start_scatter (e);
  SPIN_UNTIL (!shl_experiments_window_is_busy (e));
  g_assert_cmpuint (shl_experiments_window_get_n_samples (e), ==, 400);
  shl_experiments_window_start_compare (e);
  SPIN_UNTIL (!shl_experiments_window_is_busy (e));
  int n;
  const double *plain = shl_experiments_window_get_losses (e, FALSE, &n);
  const double *restricted = shl_experiments_window_get_losses (e, TRUE, &n);
  g_assert_cmpint (n, ==, 3001);
  /* restricted training loses nothing */
  g_assert_cmpfloat (restricted[n - 1], <=, 2.5 * plain[n - 1] + 5e-4);
  spin_for (200);
  {
    GtkWidget *ww = GTK_WIDGET (e);
    GdkPaintable *paintable = gtk_widget_paintable_new (ww);
    int width = gtk_widget_get_width (ww), height = gtk_widget_get_height (ww);
    GtkSnapshot *snap = gtk_snapshot_new ();
    gdk_paintable_snapshot (paintable, snap, width, height);
    GskRenderNode *node = gtk_snapshot_free_to_node (snap);
    if (node)
      {
        GdkTexture *tex = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (e)), node,
                                                       &GRAPHENE_RECT_INIT (0, 0, width, height));
        const char *dir = g_getenv ("SHL_BUILD_DIR");
        g_autofree char *path = g_build_filename (dir ? dir : ".", "ui-experiments.png", NULL);
        gdk_texture_save_to_png (tex, path);
        g_object_unref (tex);
        gsk_render_node_unref (node);
      }
    g_object_unref (paintable);
  }
  gtk_window_destroy (GTK_WINDOW (e));
  close_window (w);
}

static void
test_frame_timing (void)
{
  /* printed, not asserted: the cost of redrawing all four panels */
  ShlWindow *win = new_window (1280, 800);
  ShlSim *sim = shl_window_get_sim (win);
  set_running (sim, TRUE);
  spin_for (3000);
  set_running (sim, FALSE);
  double median, max;
  guint frames;
  shl_window_get_draw_stats (win, &median, &max, &frames);
  g_test_message ("redraw of four panels at 1280x800: median %.2f ms, max %.2f ms over %u frames",
                  median / 1000, max / 1000, frames);
  g_print ("# redraw of four panels at 1280x800: median %.2f ms, max %.2f ms over %u frames\n",
           median / 1000, max / 1000, frames);
  g_assert_cmpuint (frames, >, 10);
  close_window (win);
}

int
main (int argc, char **argv)
{
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  app = shl_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);
  /* startup (actions, accelerators, CSS) without a main loop of its own */
  g_test_add_func ("/ui/accels", test_accels);
  g_test_add_func ("/ui/start-and-step", test_start_and_step);
  g_test_add_func ("/ui/run-pause-reset", test_run_pause_reset);
  g_test_add_func ("/ui/switch-2d-and-width", test_switch_2d_and_width);
  g_test_add_func ("/ui/layouts-and-maximise", test_layouts_and_maximise);
  g_test_add_func ("/ui/dark-and-projector", test_dark_and_projector);
  g_test_add_func ("/ui/open-files", test_open_files);
  g_test_add_func ("/ui/session-round-trip", test_session_round_trip);
  g_test_add_func ("/ui/export-matches-cli", test_export_matches_cli);
  g_test_add_func ("/ui/pathology-gallery", test_pathology_gallery);
  g_test_add_func ("/ui/landscape-directions", test_landscape_directions);
  g_test_add_func ("/ui/scrubber", test_scrubber);
  g_test_add_func ("/ui/symmetry-moves", test_symmetry_moves);
  g_test_add_func ("/ui/experiments-window", test_experiments_window);
  g_test_add_func ("/ui/frame-timing", test_frame_timing);
  int rc = g_test_run ();
  g_object_unref (app);
  return rc;
}
