/* test-panels.c: the panels library: ids, view settings JSON, the CSV
 * export against hand-computed values, the scene from a session, and
 * drawing every panel (including the states only the app reaches). */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "render-test.h"
#include "shl-figure-spec.h"
#include "shl-io.h"
#include "shl-panel-report.h"
#include "shl-panels.h"
#include "shl-plot-record.h"
#include "shl-scene-data.h"
#include "shl-session.h"
#include "shl-test.h"
#include "shl-view-settings.h"

/* ------------------------------------------------------------ fixtures */

/* f(x) = 2 relu(x) + relu(-2x + 1) + x/4 + 1/2 on [-1, 1]: kinks at 0
 * (jump 2) and 1/2 (jump 2); f(-1) = 3.25, f(0) = 1.5, f(1/2) = 1.625,
 * f(1) = 2.75; f' = -1.75, 0.25, 2.25 on the three pieces. */
static ShlNet *
net_1d (void)
{
  ShlNet *net = shl_net_new (2, 1, NULL, NULL);
  net->a[0] = 1, net->b[0] = 0, net->c[0] = 2;
  net->a[1] = -2, net->b[1] = 1, net->c[1] = 1;
  *net->e = 0.5;
  net->v[0] = 0.25;
  return net;
}

/* f(x) = relu(x1) + 1/4 on [-1, 1]^2: one kink line, x1 = 0. */
static ShlNet *
net_2d (void)
{
  ShlNet *net = shl_net_new (1, 2, NULL, NULL);
  net->a[0] = 1, net->a[1] = 0, net->b[0] = 0, net->c[0] = 1;
  *net->e = 0.25;
  net->v[0] = net->v[1] = 0;
  return net;
}

typedef struct {
  ShlScene scene;
  ShlNet *net, *twin;
  ShlData *data;
  guint64 steps[2];
  double losses[2];
  double *thetas;         /* (2, n_params) */
  double land[9];         /* (3, 3) */
  double path[4];         /* (2, 2) */
} Scene;

/* A scene around net: three data points, two recorded steps (the first
 * with every b shifted by 1/2), a 3 x 3 loss slice and a twin whose c is
 * doubled. */
static void
scene_init (Scene *sc, ShlNet *net)
{
  memset (sc, 0, sizeof *sc);
  sc->net = net;
  size_t np = net->n_params;
  sc->data = shl_data_new (net->d, 3, net->lo, net->hi);
  for (size_t k = 0; k < 3; k++)
    {
      for (int j = 0; j < net->d; j++)
        sc->data->x[k * net->d + j] = -0.5 + 0.5 * k;
      sc->data->y[k] = shl_net_eval1 (net, &sc->data->x[k * net->d]);
    }
  sc->thetas = g_new (double, 2 * np);
  memcpy (sc->thetas, net->theta, np * sizeof (double));
  for (int i = 0; i < net->m; i++)
    sc->thetas[(size_t) net->m * net->d + i] += 0.5;
  memcpy (sc->thetas + np, net->theta, np * sizeof (double));
  sc->steps[0] = 0, sc->steps[1] = 5;
  sc->losses[0] = 1.0, sc->losses[1] = 0.5;
  for (int k = 0; k < 9; k++)
    sc->land[k] = 0.1 * (k + 1);
  double path[4] = { -0.5, 0.25, 0, 0 };
  memcpy (sc->path, path, sizeof path);
  sc->twin = shl_net_copy (net);
  for (int i = 0; i < net->m; i++)
    sc->twin->c[i] *= 2;

  ShlScene *s = &sc->scene;
  s->net = net;
  s->step = 5;
  s->loss = 0.5;
  s->data = sc->data;
  s->n_hist = 2;
  s->hist_step = sc->steps;
  s->hist_loss = sc->losses;
  s->hist_theta = sc->thetas;
  s->have_landscape = TRUE;
  s->land_n = 3;
  s->land_loss = sc->land;
  s->land_span = 1.0;
  s->land_path = sc->path;
  s->n_land_path = 2;
  s->move_t = 1.0;
  s->loss_kind = SHL_LOSS_MSE;
}

static void
scene_clear (Scene *sc)
{
  shl_net_free (sc->net);
  shl_net_free (sc->twin);
  shl_data_free (sc->data);
  g_free (sc->thetas);
}

/* The rows of dir/name below its header, each split at commas; the
 * header must be as given. */
static GPtrArray *
read_csv (const char *dir, const char *name, const char *header)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = NULL;
  GError *error = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (lines[0], ==, header);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (int k = 1; lines[k] && *lines[k]; k++)
    g_ptr_array_add (rows, g_strsplit (lines[k], ",", -1));
  return rows;
}

static double
cell (GPtrArray *rows, guint r, int c)
{
  g_assert_cmpuint (r, <, rows->len);
  char **row = g_ptr_array_index (rows, r);
  g_assert_cmpuint (c, <, g_strv_length (row));
  char *end = NULL;
  double v = g_ascii_strtod (row[c], &end);
  g_assert_true (end && *end == '\0');
  return v;
}

static void
assert_row (GPtrArray *rows, guint r, const double *want, int n)
{
  char **row = g_ptr_array_index (rows, r);
  g_assert_cmpuint (g_strv_length (row), ==, (guint) n);
  for (int c = 0; c < n; c++)
    shl_assert_close (cell (rows, r, c), want[c], 1e-15, 1e-15);
}

/* ----------------------------------------------------------------- ids */

static void
test_ids (void)
{
  for (int k = 0; k < SHL_N_PANELS; k++)
    {
      ShlPanelKind back;
      g_assert_true (shl_panel_from_id (shl_panel_id ((ShlPanelKind) k), &back));
      g_assert_cmpint (back, ==, k);
      g_assert_cmpstr (shl_panel_title ((ShlPanelKind) k), !=, "");
    }
  ShlPanelKind kind = SHL_PANEL_DERIVATIVE;
  g_assert_false (shl_panel_from_id ("nothing", &kind));
  g_assert_false (shl_panel_from_id (NULL, &kind));
  g_assert_cmpint (kind, ==, SHL_PANEL_DERIVATIVE);
  g_assert_cmpstr (shl_panel_id (SHL_N_PANELS), ==, "unknown");
  g_assert_cmpstr (shl_panel_title (SHL_N_PANELS), ==, "");
}

/* ------------------------------------------------------- view settings */

static void
assert_view_equal (const ShlViewSettings *a, const ShlViewSettings *b)
{
  g_assert_cmpint (a->show_neurons, ==, b->show_neurons);
  g_assert_cmpint (a->grad_view, ==, b->grad_view);
  g_assert_cmpuint (a->landscape_seed, ==, b->landscape_seed);
  g_assert_cmpint (a->landscape_n, ==, b->landscape_n);
  g_assert_cmpfloat (a->landscape_span, ==, b->landscape_span);
  g_assert_cmpint (a->maximized, ==, b->maximized);
  g_assert_cmpint (a->landscape_dirs, ==, b->landscape_dirs);
  g_assert_cmpint (a->orbit_neuron, ==, b->orbit_neuron);
  g_assert_cmpint (a->traj_view, ==, b->traj_view);
  g_assert_cmpint (a->landscape_paths, ==, b->landscape_paths);
  g_assert_cmpint (a->landscape_linear, ==, b->landscape_linear);
}

static void
test_view_defaults (void)
{
  ShlViewSettings v, w;
  GError *error = NULL;
  shl_view_settings_init (&v);
  g_autofree char *json = shl_view_settings_to_json (&v);
  /* the text sessions have always held */
  g_assert_cmpstr (json, ==,
                   "{\"show_neurons\": false, \"grad_view\": \"norm\", \"landscape\": "
                   "{\"seed\": \"1\", \"n\": 81, \"span\": 1, \"directions\": \"random\", "
                   "\"neuron\": 0, \"paths\": false, \"linear\": false}, "
                   "\"trajectory\": \"kinks\", \"maximized\": null}");
  /* no view, an empty one and unknown keys: the defaults */
  const char *defaults[] = { NULL, "", "{}", "{\"zoom\": 3, \"landscape\": {\"colour\": \"red\"}}" };
  for (guint k = 0; k < G_N_ELEMENTS (defaults); k++)
    {
      g_assert_true (shl_view_settings_from_json (&w, defaults[k], &error));
      g_assert_no_error (error);
      assert_view_equal (&w, &v);
    }
}

static void
test_view_round_trip (void)
{
  ShlViewSettings v, w;
  GError *error = NULL;
  shl_view_settings_init (&v);
  v.show_neurons = TRUE;
  v.grad_view = SHL_GRAD_X2;
  v.landscape_seed = G_MAXUINT64;
  v.landscape_n = 1001;
  v.landscape_span = 0.1;
  v.maximized = SHL_PANEL_TRAJECTORY;
  v.landscape_dirs = SHL_DIRS_COORDS;
  v.orbit_neuron = 7;
  v.traj_view = SHL_TRAJ_DISTANCES;
  v.landscape_paths = TRUE;
  v.landscape_linear = TRUE;
  g_autofree char *json = shl_view_settings_to_json (&v);
  g_assert_true (shl_view_settings_from_json (&w, json, &error));
  g_assert_no_error (error);
  assert_view_equal (&w, &v);

  /* every value of every enum survives */
  for (int k = 0; k < 3; k++)
    {
      v.grad_view = (ShlGradView) k;
      g_autofree char *j = shl_view_settings_to_json (&v);
      g_assert_true (shl_view_settings_from_json (&w, j, NULL));
      g_assert_cmpint (w.grad_view, ==, k);
    }
  for (int k = 0; k < 4; k++)
    {
      v.traj_view = (ShlTrajView) k;
      v.maximized = k;
      g_autofree char *j = shl_view_settings_to_json (&v);
      g_assert_true (shl_view_settings_from_json (&w, j, NULL));
      g_assert_cmpint (w.traj_view, ==, k);
      g_assert_cmpint (w.maximized, ==, k);
    }
  for (int k = 0; k < 5; k++)
    {
      v.landscape_dirs = (ShlDirsKind) k;
      g_autofree char *j = shl_view_settings_to_json (&v);
      g_assert_true (shl_view_settings_from_json (&w, j, NULL));
      g_assert_cmpint (w.landscape_dirs, ==, k);
    }
  /* an integer span reads as a number */
  g_assert_true (shl_view_settings_from_json (&w, "{\"landscape\": {\"span\": 2}}", NULL));
  g_assert_cmpfloat (w.landscape_span, ==, 2.0);
  g_assert_true (shl_view_settings_from_json (&w, "{\"maximized\": null}", NULL));
  g_assert_cmpint (w.maximized, ==, -1);
}

static void
test_view_errors (void)
{
  const char *bad[] = {
    "[1, 2]",
    "\"view\"",
    "{\"show_neurons\": 1}",
    "{\"grad_view\": \"x3\"}",
    "{\"grad_view\": 0}",
    "{\"trajectory\": \"loss\"}",
    "{\"maximized\": \"everything\"}",
    "{\"maximized\": 2}",
    "{\"landscape\": 3}",
    "{\"landscape\": {\"seed\": 5}}",
    "{\"landscape\": {\"seed\": \"-5\"}}",
    "{\"landscape\": {\"n\": 2}}",
    "{\"landscape\": {\"n\": 1002}}",
    "{\"landscape\": {\"n\": 8.5}}",
    "{\"landscape\": {\"span\": 0}}",
    "{\"landscape\": {\"span\": 1e7}}",
    "{\"landscape\": {\"span\": \"1\"}}",
    "{\"landscape\": {\"directions\": \"up\"}}",
    "{\"landscape\": {\"neuron\": -1}}",
    "{\"landscape\": {\"paths\": \"yes\"}}",
    "{\"landscape\": {\"linear\": 0}}",
  };
  for (guint k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      ShlViewSettings v;
      GError *error = NULL;
      g_assert_false (shl_view_settings_from_json (&v, bad[k], &error));
      g_assert_error (error, SHL_ERROR, SHL_ERROR_FORMAT);
      g_assert_true (g_str_has_prefix (error->message, "field \"view\": expected"));
      g_clear_error (&error);
    }
  /* not JSON at all: the parser says where */
  ShlViewSettings v;
  GError *error = NULL;
  g_assert_false (shl_view_settings_from_json (&v, "{\"show_neurons\": tru", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
}

/* A NULL where the API wants an object is a programmer error, reported
 * in the library's own log domain. */
static void
test_argument_checks (void)
{
  if (g_test_subprocess ())
    {
      g_test_expect_message ("shl-panels", G_LOG_LEVEL_CRITICAL, "*v != NULL*");
      shl_view_settings_init (NULL);
      g_test_assert_expected_messages ();
      g_test_expect_message ("shl-panels", G_LOG_LEVEL_CRITICAL, "*dir != NULL*");
      g_assert_false (shl_panels_export_csv (NULL, NULL, NULL, NULL));
      g_test_assert_expected_messages ();
      g_test_expect_message ("shl-render", G_LOG_LEVEL_CRITICAL, "*cr != NULL*");
      shl_color_set_source (shl_color_rgb (0), NULL);
      g_test_assert_expected_messages ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* ------------------------------------------------------------------ CSV */

static void
test_csv_1d (void)
{
  Scene sc;
  scene_init (&sc, net_1d ());
  g_autofree char *tmp = rt_make_tmp_dir ();
  g_autofree char *dir = g_build_filename (tmp, "a", "b", NULL);  /* created */
  GError *error = NULL;
  guint n = 0;
  g_assert_true (shl_panels_export_csv (&sc.scene, dir, &n, &error));
  g_assert_no_error (error);
  /* data, realization, kinks, derivative, landscape, its path, loss,
   * trajectory; no target */
  g_assert_cmpuint (n, ==, 8);

  g_autoptr (GPtrArray) data = read_csv (dir, "data.csv", "x,y");
  g_assert_cmpuint (data->len, ==, 3);
  assert_row (data, 0, (double[]) { -0.5, 2.375 }, 2);  /* relu(2) + 0.5 - 0.125 */
  assert_row (data, 2, (double[]) { 0.5, 1.625 }, 2);

  g_autoptr (GPtrArray) f = read_csv (dir, "realization.csv", "x,f");
  g_assert_cmpuint (f->len, ==, 4);
  assert_row (f, 0, (double[]) { -1, 3.25 }, 2);
  assert_row (f, 1, (double[]) { 0, 1.5 }, 2);
  assert_row (f, 2, (double[]) { 0.5, 1.625 }, 2);
  assert_row (f, 3, (double[]) { 1, 2.75 }, 2);

  g_autoptr (GPtrArray) df = read_csv (dir, "derivative.csv", "x_from,x_to,df_dx");
  g_assert_cmpuint (df->len, ==, 3);
  assert_row (df, 0, (double[]) { -1, 0, -1.75 }, 3);
  assert_row (df, 1, (double[]) { 0, 0.5, 0.25 }, 3);
  assert_row (df, 2, (double[]) { 0.5, 1, 2.25 }, 3);

  g_autoptr (GPtrArray) kinks = read_csv (dir, "kinks.csv", "neuron,kink,jump");
  g_assert_cmpuint (kinks->len, ==, 2);
  assert_row (kinks, 0, (double[]) { 0, 0, 2 }, 3);
  assert_row (kinks, 1, (double[]) { 1, 0.5, 2 }, 3);

  g_autoptr (GPtrArray) land = read_csv (dir, "landscape.csv", "alpha,beta,loss");
  g_assert_cmpuint (land->len, ==, 9);
  assert_row (land, 0, (double[]) { -1, -1, 0.1 }, 3);
  assert_row (land, 5, (double[]) { 1, 0, 0.6 }, 3);
  assert_row (land, 7, (double[]) { 0, 1, 0.8 }, 3);
  g_autoptr (GPtrArray) lpath = read_csv (dir, "landscape-path.csv", "alpha,beta");
  g_assert_cmpuint (lpath->len, ==, 2);
  assert_row (lpath, 0, (double[]) { -0.5, 0.25 }, 2);

  g_autoptr (GPtrArray) loss = read_csv (dir, "loss.csv", "step,loss");
  g_assert_cmpuint (loss->len, ==, 2);
  assert_row (loss, 1, (double[]) { 5, 0.5 }, 2);

  g_autoptr (GPtrArray) traj = read_csv (dir, "trajectory.csv",
                                         "step,neuron,kink,jump,norm_ab,abs_c");
  g_assert_cmpuint (traj->len, ==, 4);
  /* step 0, b shifted by 1/2: neuron 0 has a = 1, b = 1/2, c = 2 */
  assert_row (traj, 0, (double[]) { 0, 0, -0.5, 2, sqrt (1.25), 2 }, 6);
  /* step 5: neuron 1 has a = -2, b = 1, c = 1 */
  assert_row (traj, 3, (double[]) { 5, 1, 0.5, 2, sqrt (5), 1 }, 6);

  /* a target adds its curve */
  ShlTarget *target = shl_target_new ("abs", 0, NULL, NULL);
  g_assert_nonnull (target);
  sc.scene.target = target;
  g_assert_true (shl_panels_export_csv (&sc.scene, dir, &n, &error));
  g_assert_cmpuint (n, ==, 9);
  g_autoptr (GPtrArray) t = read_csv (dir, "target.csv", "x,target");
  g_assert_cmpuint (t->len, ==, 400);
  assert_row (t, 0, (double[]) { -1, 1 }, 2);
  assert_row (t, 399, (double[]) { 1, 1 }, 2);
  shl_target_free (target);

  rt_remove_tree (tmp);
  scene_clear (&sc);
}

static void
test_csv_2d (void)
{
  Scene sc;
  scene_init (&sc, net_2d ());
  g_autofree char *dir = rt_make_tmp_dir ();
  GError *error = NULL;
  guint n = 0;
  sc.scene.have_landscape = FALSE;   /* no slice: no landscape files */
  g_assert_true (shl_panels_export_csv (&sc.scene, dir, &n, &error));
  g_assert_no_error (error);
  /* data, grid, kinks, loss, trajectory */
  g_assert_cmpuint (n, ==, 5);
  g_autofree char *land = g_build_filename (dir, "landscape.csv", NULL);
  g_assert_false (g_file_test (land, G_FILE_TEST_EXISTS));

  g_autoptr (GPtrArray) grid = read_csv (dir, "grid.csv", "x1,x2,f,df_dx1,df_dx2,grad_norm");
  g_assert_cmpuint (grid->len, ==, 120 * 120);
  for (guint r = 0; r < grid->len; r += 997)
    {
      double x1 = cell (grid, r, 0), x2 = cell (grid, r, 1);
      g_assert_true (fabs (x1) < 1 && fabs (x2) < 1);
      double g1 = x1 > 0 ? 1 : 0;
      assert_row (grid, r, (double[]) { x1, x2, fmax (x1, 0) + 0.25, g1, 0, g1 }, 6);
    }
  /* cell centres, row by row from the bottom left */
  shl_assert_close (cell (grid, 0, 0), -1 + 1.0 / 120, 1e-15, 1e-15);
  shl_assert_close (cell (grid, 0, 1), -1 + 1.0 / 120, 1e-15, 1e-15);
  shl_assert_close (cell (grid, 1, 0), -1 + 3.0 / 120, 1e-15, 1e-15);
  shl_assert_close (cell (grid, 120, 1), -1 + 3.0 / 120, 1e-15, 1e-15);

  g_autoptr (GPtrArray) kinks = read_csv (dir, "kinks.csv", "neuron,x1_start,x2_start,x1_end,x2_end");
  g_assert_cmpuint (kinks->len, ==, 1);
  g_assert_cmpfloat (cell (kinks, 0, 0), ==, 0);
  g_assert_cmpfloat (cell (kinks, 0, 1), ==, 0);
  g_assert_cmpfloat (cell (kinks, 0, 3), ==, 0);
  g_assert_cmpfloat (fabs (cell (kinks, 0, 2) - cell (kinks, 0, 4)), ==, 2);

  g_autoptr (GPtrArray) traj = read_csv (dir, "trajectory.csv", "step,neuron,norm_ab,abs_c");
  g_assert_cmpuint (traj->len, ==, 2);
  assert_row (traj, 0, (double[]) { 0, 0, sqrt (1.25), 1 }, 4);
  assert_row (traj, 1, (double[]) { 5, 0, 1, 1 }, 4);
  rt_remove_tree (dir);
  scene_clear (&sc);
}

static void
test_csv_errors (void)
{
  GError *error = NULL;
  guint n = 7;
  g_autofree char *dir = rt_make_tmp_dir ();
  ShlScene empty = { 0 };
  g_assert_false (shl_panels_export_csv (&empty, dir, &n, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_INVALID);
  g_assert_cmpuint (n, ==, 0);
  g_clear_error (&error);
  g_assert_false (shl_panels_export_csv (NULL, dir, NULL, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_INVALID);
  g_clear_error (&error);

  /* a file where the folder should be */
  Scene sc;
  scene_init (&sc, net_1d ());
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_autofree char *under = g_build_filename (file, "csv", NULL);
  g_assert_false (shl_panels_export_csv (&sc.scene, under, &n, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, under));
  g_clear_error (&error);
  scene_clear (&sc);
  rt_remove_tree (dir);
}

/* ------------------------------------------------------------- drawing */

static cairo_surface_t *
draw (const ShlScene *s, int panel)
{
  cairo_surface_t *surf = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create (surf);
  shl_panels_draw_figure (cr, s, panel, SHL_STYLE_SCREEN_LIGHT, 400, 300);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surf);
  return surf;
}

static gboolean
same_pixels (cairo_surface_t *a, cairo_surface_t *b)
{
  int stride = cairo_image_surface_get_stride (a);
  int h = cairo_image_surface_get_height (a);
  return memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                 (size_t) stride * h) == 0;
}

static void
assert_drawn_differently (const ShlScene *a, const ShlScene *b, int panel)
{
  cairo_surface_t *sa = draw (a, panel), *sb = draw (b, panel);
  g_assert_false (same_pixels (sa, sb));
  cairo_surface_destroy (sa);
  cairo_surface_destroy (sb);
}

/* Every panel and view of a 1-D and a 2-D scene draws; the states only
 * the app reaches (no engine yet, a slice being computed, a move being
 * animated) draw something of their own. */
static void
test_draw_views (void)
{
  for (int two_d = 0; two_d < 2; two_d++)
    {
      Scene sc;
      scene_init (&sc, two_d ? net_2d () : net_1d ());
      ShlScene base = sc.scene, v = base;
      for (int panel = -1; panel < SHL_N_PANELS; panel++)
        cairo_surface_destroy (draw (&base, panel));

      if (!two_d)
        {
          v.show_neurons = TRUE;   /* each neuron's term, 1-D only */
          assert_drawn_differently (&base, &v, SHL_PANEL_REALIZATION);
        }
      for (int k = 1; k < 4; k++)
        {
          v = base;
          v.traj_view = (ShlTrajView) k;
          if (!(two_d && k == SHL_TRAJ_BALANCE))  /* 2-D kinks are the balance plane */
            assert_drawn_differently (&base, &v, SHL_PANEL_TRAJECTORY);
        }
      v = base;
      v.land_paths = TRUE;
      assert_drawn_differently (&base, &v, SHL_PANEL_LANDSCAPE);
      v = base;
      v.land_linear = TRUE;
      assert_drawn_differently (&base, &v, SHL_PANEL_LANDSCAPE);
      if (two_d)
        for (int k = 1; k < 3; k++)
          {
            v = base;
            v.grad_view = (ShlGradView) k;
            assert_drawn_differently (&base, &v, SHL_PANEL_DERIVATIVE);
          }

      /* the slice being computed, then refined */
      v = base;
      v.have_landscape = FALSE;
      v.land_busy = TRUE;
      v.land_progress = 0.25;
      assert_drawn_differently (&base, &v, SHL_PANEL_LANDSCAPE);
      v.have_landscape = TRUE;
      assert_drawn_differently (&base, &v, SHL_PANEL_LANDSCAPE);

      /* a move from the network before it (the ghost), half way,
       * against the move done */
      ShlScene done = base;
      done.ghost = sc.twin;
      v = done;
      v.move_t = 0.5;
      assert_drawn_differently (&done, &v, SHL_PANEL_TRAJECTORY);

      /* nothing to show yet */
      v = base;
      v.net = NULL;
      assert_drawn_differently (&base, &v, -1);
      cairo_surface_t *a = draw (&v, -1), *b = draw (NULL, -1);
      g_assert_true (same_pixels (a, b));
      cairo_surface_destroy (a);
      cairo_surface_destroy (b);
      scene_clear (&sc);
    }
}

/* -------------------------------------------------- scene from session */

static ShlSession *
session_new (const char *view_json)
{
  ShlSession *ss = shl_session_new ();
  ss->target = g_strdup ("abs");
  ss->samples = 32;
  ss->data_seed = 3;
  ss->init_scheme = g_strdup ("file");
  ss->net0 = net_1d ();
  ss->twin = net_1d ();
  ss->twin->c[0] = 1;
  shl_history_reset (ss->history, ss->net0->n_params);
  g_assert_true (shl_history_append (ss->history, 0, 1.0, ss->net0->theta));
  ss->view_json = g_strdup (view_json);
  return ss;
}

static void
test_scene_data (void)
{
  GError *error = NULL;
  g_autoptr (ShlSession) ss = session_new ("{\"show_neurons\": true, \"trajectory\": \"balance\", "
                                           "\"landscape\": {\"n\": 5, \"span\": 0.5, \"linear\": true}}");
  g_autoptr (ShlSceneData) sd = shl_scene_data_new (ss, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sd);
  const ShlScene *s = shl_scene_data_get_scene (sd);
  /* at step 0: the network is net0, copied */
  g_assert_true (s->net != ss->net0);
  g_assert_cmpmem (s->net->theta, s->net->n_params * sizeof (double),
                   ss->net0->theta, ss->net0->n_params * sizeof (double));
  g_assert_cmpuint (s->step, ==, 0);
  g_assert_nonnull (s->target);
  g_assert_nonnull (s->data);
  g_assert_cmpuint (s->data->n, ==, 32);
  g_assert_nonnull (s->twin);
  g_assert_cmpfloat (s->twin->c[0], ==, 1);
  g_assert_cmpuint (s->n_hist, ==, 1);
  g_assert_true (s->hist_theta != ss->history->theta);
  g_assert_cmpfloat (s->hist_loss[0], ==, 1.0);
  g_assert_true (s->show_neurons);
  g_assert_cmpint (s->traj_view, ==, SHL_TRAJ_BALANCE);
  g_assert_true (s->land_linear);
  g_assert_cmpfloat (s->move_t, ==, 1.0);
  g_assert_true (s->have_landscape);
  g_assert_cmpint (s->land_n, ==, 5);
  g_assert_cmpfloat (s->land_span, ==, 0.5);
  /* the centre of the slice is the network itself */
  double mse = 0;
  for (size_t k = 0; k < s->data->n; k++)
    {
      double r = shl_net_eval1 (s->net, &s->data->x[k]) - s->data->y[k];
      mse += r * r;
    }
  mse /= (double) s->data->n;
  shl_assert_close (s->land_loss[2 * 5 + 2], mse, 1e-12, 1e-14);
}

static void
test_scene_data_bad_view (void)
{
  GError *error = NULL;
  g_autoptr (ShlSession) ss = session_new ("{\"landscape\": {\"n\": 1}}");
  g_autoptr (ShlSceneData) sd = shl_scene_data_new (ss, &error);
  g_assert_null (sd);
  g_assert_error (error, SHL_ERROR, SHL_ERROR_FORMAT);
  g_clear_error (&error);
}

/* A figure spec: the preset first whatever the order, then the fields;
 * each panel's changes where it has any; the grid of chosen panels. */
static void
test_figure_spec (void)
{
  const char *text =
    "{\"width_pt\": 300, \"panels\": [\"landscape\", \"trajectory\", \"realization\"],\n"
    " \"preset\": \"icml\", \"font\": \"cm\", \"letters\": \"title\", \"columns\": 2,\n"
    " \"landscape\": {\"color_range\": [0.01, 10], \"letter\": \"(z)\"},\n"
    " \"trajectory\": {\"loss\": {\"y\": [0.001, 1], \"y_ticks\": 3}},\n"
    " \"realization\": {\"x_ticks\": [0, 1], \"y_label\": \"\", \"title\": \"R\"},\n"
    " \"series\": {\"kinks\": false, \"neurons\": true}}";
  g_autoptr (GError) error = NULL;
  g_autoptr (ShlFigureSpec) spec = shl_figure_spec_from_json (text, -1, "f.json", &error);
  g_assert_no_error (error);
  const ShlFigureOptions *o = &spec->options;
  g_assert_cmpfloat (spec->width_pt, ==, 300);   /* the field over the preset */
  g_assert_true (isnan (spec->height_pt));
  g_assert_cmpint (o->font, ==, SHL_FONT_FAMILY_CM);
  g_assert_cmpfloat (o->font_size, ==, 8);       /* the preset's */
  g_assert_cmpint (o->preset, ==, SHL_STYLE_PAPER);
  g_assert_true (o->letters);
  g_assert_cmpint (o->letter_pos, ==, SHL_LETTER_TITLE);
  g_assert_true (o->hide_kinks);
  g_assert_cmpint (o->show_neurons, ==, 1);
  g_assert_cmpint (o->panel, ==, -1);
  g_assert_cmpint (o->n_panels, ==, 3);
  g_assert_cmpint (o->panels[0], ==, SHL_PANEL_LANDSCAPE);
  g_assert_cmpstr (o->panel_titles[SHL_PANEL_REALIZATION], ==, "R");
  g_assert_cmpfloat (o->color_range[SHL_PANEL_LANDSCAPE][1], ==, 10);
  g_assert_cmpstr (o->overrides[SHL_PANEL_LANDSCAPE][0]->letter, ==, "(z)");
  g_assert_null (o->overrides[SHL_PANEL_TRAJECTORY][0]);
  const ShlPlotOverrides *loss = o->overrides[SHL_PANEL_TRAJECTORY][1];
  g_assert_nonnull (loss);
  g_assert_cmpfloat (loss->axis[SHL_AXIS_Y].lo, ==, 0.001);
  g_assert_cmpint (loss->axis[SHL_AXIS_Y].n_ticks, ==, 3);
  const ShlPlotOverrides *real = o->overrides[SHL_PANEL_REALIZATION][0];
  g_assert_cmpint (real->axis[SHL_AXIS_X].n_explicit, ==, 2);
  g_assert_cmpstr (real->axis[SHL_AXIS_Y].label, ==, "");
  g_assert_true (isnan (real->axis[SHL_AXIS_X].lo));
  g_assert_null (o->overrides[SHL_PANEL_DERIVATIVE][0]);
  int kinds[4], rows, cols;
  g_assert_cmpint (shl_figure_options_grid (o, 300, 200, kinds, &rows, &cols), ==, 3);
  g_assert_cmpint (rows, ==, 2);
  g_assert_cmpint (cols, ==, 2);
  g_assert_cmpint (kinds[2], ==, SHL_PANEL_REALIZATION);

  /* one panel named: the same as --panel; the draw works with it */
  g_autoptr (ShlFigureSpec) one = shl_figure_spec_from_json (
    "{\"panels\": [\"derivative\"], \"letters\": true}", -1, "g.json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (one->options.panel, ==, SHL_PANEL_DERIVATIVE);
  g_assert_cmpint (one->options.n_panels, ==, 0);

  g_assert_null (shl_figure_spec_from_json ("{\"derivative\": {\"y\": [1, 1]}}", -1, "h.json",
                                            &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "h.json: derivative.y: expected lo < hi"));
}

/* Each plot's ranges for a scene drawn with options o (reps by kind). */
static void
figure_reports (const ShlScene *scene, const ShlFigureOptions *o, ShlPanelReport **reps)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 400);
  cairo_t *cr = cairo_create (surface);
  ShlPlotStyle style;
  shl_figure_options_style (o, &style);
  const ShlRect cells[4] = { { 0, 0, 250, 200 }, { 250, 0, 250, 200 }, { 0, 200, 250, 200 },
                             { 250, 200, 250, 200 } };
  for (int k = 0; k < SHL_N_PANELS; k++)
    {
      ShlPlotStyle st = style;
      st.overrides[0] = o->overrides[k][0];
      st.overrides[1] = o->overrides[k][1];
      ShlScene sc = *scene;
      memcpy (sc.color_range, o->color_range, sizeof sc.color_range);
      shl_panel_draw_report (cr, (ShlPanelKind) k, &sc, &st, &cells[k], reps[k]);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Ranges fixed across frames: two scenes far apart (f and f scaled by
 * 5) get the same axes and colour ranges, which hold both. */
static void
test_figure_ranges (void)
{
  for (int dim = 1; dim <= 2; dim++)
    {
      Scene a, b;
      scene_init (&a, dim == 1 ? net_1d () : net_2d ());
      ShlNet *big = dim == 1 ? net_1d () : net_2d ();
      for (int i = 0; i < big->m; i++)
        big->c[i] *= 5;
      scene_init (&b, big);
      b.losses[0] = 40, b.losses[1] = 20;
      ShlFigureOptions o;
      shl_figure_options_init (&o);
      ShlFigureRanges r;
      shl_figure_ranges_init (&r);
      shl_figure_ranges_add (&r, &a.scene, &o, 500, 400);
      shl_figure_ranges_add (&r, &b.scene, &o, 500, 400);
      shl_figure_ranges_fix (&r, &o);
      ShlPanelReport *ra[SHL_N_PANELS], *rb[SHL_N_PANELS];
      for (int k = 0; k < SHL_N_PANELS; k++)
        ra[k] = shl_panel_report_new (), rb[k] = shl_panel_report_new ();
      figure_reports (&a.scene, &o, ra);
      figure_reports (&b.scene, &o, rb);
      for (int k = 0; k < SHL_N_PANELS; k++)
        {
          int n = k == SHL_PANEL_TRAJECTORY ? 2 : 1;
          for (int j = 0; j < n; j++)
            {
              const ShlPlotLayout *la = &shl_panel_report_plot (ra[k], (guint) j)->layout;
              const ShlPlotLayout *lb = &shl_panel_report_plot (rb[k], (guint) j)->layout;
              g_assert_cmpfloat (la->x_min, ==, lb->x_min);
              g_assert_cmpfloat (la->x_max, ==, lb->x_max);
              g_assert_cmpfloat (la->y_min, ==, lb->y_min);
              g_assert_cmpfloat (la->y_max, ==, lb->y_max);
              g_assert_cmpfloat (la->y_max, ==, r.axis[k][j][SHL_AXIS_Y][1]);
            }
          for (guint i = 0; k < 3 && i < shl_panel_report_n_items (ra[k]); i++)
            {
              const ShlReportItem *ia = shl_panel_report_item (ra[k], i);
              if (ia->role != SHL_ROLE_HEATMAP || ia->owner != SHL_OWNER_NET)
                continue;
              g_assert_cmpfloat (ia->vmin, ==, o.color_range[k][0]);
              g_assert_cmpfloat (ia->vmax, ==, o.color_range[k][1]);
            }
          shl_panel_report_free (ra[k]);
          shl_panel_report_free (rb[k]);
        }
      /* the larger f sets the realization's range (1-D: its y axis,
       * 2-D: its colours), five times the smaller's */
      if (dim == 1)
        g_assert_cmpfloat (r.axis[SHL_PANEL_REALIZATION][0][SHL_AXIS_Y][1], >=, 5 * 2.0);
      else
        g_assert_cmpfloat (r.color[SHL_PANEL_REALIZATION][1], >=, 5 * 1.0);
      /* the loss plot holds both runs' losses */
      g_assert_cmpfloat (r.axis[SHL_PANEL_TRAJECTORY][1][SHL_AXIS_Y][1], >=, 40);
      g_assert_cmpfloat (r.axis[SHL_PANEL_TRAJECTORY][1][SHL_AXIS_Y][0], <=, 0.5);
      scene_clear (&a);
      scene_clear (&b);
    }
}

/* A header (a frame's step) goes across the top, above the panel, with
 * one panel and with all four. */
static void
test_figure_header (void)
{
  Scene sc;
  scene_init (&sc, net_1d ());
  for (int panel = -1; panel < 1; panel++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
      cairo_t *cr = cairo_create (surface);
      g_autoptr (ShlPlotRecord) rec = shl_plot_record_new ();
      shl_plot_record_attach (rec, cr);
      ShlFigureOptions o;
      shl_figure_options_init (&o);
      o.panel = panel;
      o.header = "step 5";
      shl_panels_draw_figure_with (cr, &sc.scene, &o, 400, 300);
      shl_plot_record_detach (cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      double header_bottom = NAN, plots_top = G_MAXDOUBLE;
      for (guint i = 0; i < shl_plot_record_get_n_boxes (rec); i++)
        {
          const ShlBox *b = shl_plot_record_get_box (rec, i);
          if (b->kind == SHL_BOX_FIGURE_TITLE)
            header_bottom = b->rect.y + b->rect.height;
          else if (b->kind == SHL_BOX_TITLE || b->kind == SHL_BOX_PLOT)
            plots_top = MIN (plots_top, b->rect.y);
        }
      g_assert_cmpfloat (header_bottom, <, 30);
      g_assert_cmpfloat (header_bottom, <=, plots_top);
    }
  scene_clear (&sc);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/panels/ids", test_ids);
  g_test_add_func ("/panels/figure-spec", test_figure_spec);
  g_test_add_func ("/panels/figure-ranges", test_figure_ranges);
  g_test_add_func ("/panels/figure-header", test_figure_header);
  g_test_add_func ("/panels/view-settings/defaults", test_view_defaults);
  g_test_add_func ("/panels/view-settings/round-trip", test_view_round_trip);
  g_test_add_func ("/panels/view-settings/errors", test_view_errors);
  g_test_add_func ("/panels/argument-checks", test_argument_checks);
  g_test_add_func ("/panels/csv/1d", test_csv_1d);
  g_test_add_func ("/panels/csv/2d", test_csv_2d);
  g_test_add_func ("/panels/csv/errors", test_csv_errors);
  g_test_add_func ("/panels/draw/views", test_draw_views);
  g_test_add_func ("/panels/scene-data", test_scene_data);
  g_test_add_func ("/panels/scene-data/bad-view", test_scene_data_bad_view);
  return rt_finish (g_test_run ());
}
