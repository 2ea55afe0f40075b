/* test-cli-presets.c: `pathology ID --session` writes a preset as the app
 * shows it, `render` draws it (with the moves on its timeline), and
 * `render --csv` writes the twin's series: twin.csv and
 * twin-derivative.csv in 1-D, the twin's columns of grid.csv in 2-D. */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cli-run.h"
#include "shl-session.h"

static char *
read_text (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, dir, name, NULL);
  char *text = NULL;
  g_autoptr (GError) err = NULL;
  if (!g_file_get_contents (path, &text, NULL, &err))
    g_error ("%s: %s", path, err->message);
  return text;
}

static void
test_session (void)
{
  Run r = run_cli ("pathology", "p0", "--param", "1000", "--session", "p0.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *path = g_build_filename (tmpdir, "p0.json", NULL);
  g_autoptr (GError) err = NULL;
  g_autoptr (ShlSession) ss = shl_session_load (path, &err);
  g_assert_no_error (err);
  /* Γ = 0 at step 0, the twin g, g's 128 points, the preset's view */
  g_assert_cmpint (ss->net0->m, ==, 2);
  for (size_t k = 0; k < ss->net0->n_params; k++)
    g_assert_cmpfloat (ss->net0->theta[k], ==, 0);
  g_assert_nonnull (ss->twin);
  g_assert_cmpfloat (ss->twin->b[1], ==, -1e-3);
  g_assert_nonnull (ss->points);
  g_assert_cmpuint (ss->points->n, ==, 128);
  g_assert_null (ss->state);
  g_assert_cmpuint (ss->history->n, ==, 1);
  /* (the view is kept as JSON, without spaces once read) */
  g_autofree char *view = g_strdup (ss->view_json);
  g_strdelimit (view, " ", '\n');
  g_auto (GStrv) parts = g_strsplit (view, "\n", -1);
  g_autofree char *compact = g_strjoinv ("", parts);
  g_assert_nonnull (strstr (compact, "\"preset\":{\"id\":\"p0\",\"param\":1000}"));
  g_assert_nonnull (strstr (compact, "\"highlight\":\"dfib\""));
  g_assert_nonnull (strstr (compact, "\"inset\":true"));

  /* the experiment's optimiser */
  r = run_cli ("pathology", "experiment", "--session", "exp.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *exp = g_build_filename (tmpdir, "exp.json", NULL);
  g_autoptr (ShlSession) es = shl_session_load (exp, &err);
  g_assert_no_error (err);
  g_assert_cmpint (es->opts.optimizer, ==, SHL_OPT_MOMENTUM);
  g_assert_cmpuint (es->opts.batch, ==, 10);
  g_assert_cmpuint (es->points->n, ==, 1000);

  /* the list: integers as integers */
  r = run_cli ("pathology", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "n in [1, 1000000], default 10"));
  run_clear (&r);
  /* a parameter outside the range */
  r = run_cli ("pathology", "p0", "--param", "2000000", "--session", "x.json", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_false (g_file_test ("x.json", G_FILE_TEST_EXISTS));
  run_clear (&r);
}

static void
test_render_1d (void)
{
  Run r = run_cli ("pathology", "p0", "--param", "1000", "--session", "p0.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  r = run_cli ("render", "p0.json", "--csv", "csv0", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  /* g through its breakpoints, the exact doubles: the ramp from 0 to
   * 1/n on [0, 1/n] (the kink of (1, 0, 1) is −0/1 = -0.0; g(1) is
   * 1 − (1 − 0.001) in doubles) */
  g_autofree char *twin = read_text ("csv0", "twin.csv");
  g_assert_cmpstr (twin, ==, "x,g\n-1,0\n-0.0,0\n0.001,0.001\n1,0.0010000000000000009\n");
  /* g' on each piece: the box of height 1 */
  g_autofree char *dtwin = read_text ("csv0", "twin-derivative.csv");
  g_assert_cmpstr (dtwin, ==, "x_from,x_to,dg_dx\n-1,-0.0,0\n-0.0,0.001,1\n0.001,1,0\n");
  /* and f's as before */
  g_autofree char *real = read_text ("csv0", "realization.csv");
  g_assert_true (g_str_has_prefix (real, "x,f\n"));

  /* the figure */
  r = run_cli ("render", "p0.json", "--panel", "all", "--out", "p0.png", "--dpi", "72", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *png = g_build_filename (tmpdir, "p0.png", NULL);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
}

static void
test_render_2d (void)
{
  Run r = run_cli ("pathology", "invisible-2d", "--session", "i2.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  r = run_cli ("render", "i2.json", "--csv", "csv2", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *grid = read_text ("csv2", "grid.csv");
  g_assert_true (g_str_has_prefix (grid, "x1,x2,f,df_dx1,df_dx2,grad_norm,g,dg_dx1,dg_dx2,g_grad_norm\n"));
  /* the twin is the zero network: its columns are 0 */
  g_auto (GStrv) lines = g_strsplit (grid, "\n", 3);
  g_auto (GStrv) cols = g_strsplit (lines[1], ",", -1);
  g_assert_cmpuint (g_strv_length (cols), ==, 10);
  for (int k = 6; k < 10; k++)
    g_assert_cmpfloat (g_ascii_strtod (cols[k], NULL), ==, 0);
  g_autofree char *ghost = g_build_filename (tmpdir, "csv2", "twin.csv", NULL);
  g_assert_false (g_file_test (ghost, G_FILE_TEST_EXISTS));
}

/* a session with a move on its timeline renders (the ghost and caption
 * of the move at the step shown); a damaged timeline is refused */
static void
test_render_events (void)
{
  Run r = run_cli ("pathology", "p1", "--session", "p1.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *text = read_text ("", "p1.json");
  /* Γ = (1, 0, 0.01) balanced at step 0: before = Γ's parameters */
  const char *events = "  \"events\": [{\"step\": 0, \"move\": \"balance\", \"moved\": 0.9, "
                       "\"f_change\": 0, \"f_tol\": 1e-15, \"before\": [1, 0, 0.01, 0, 0]}],\n  \"view\"";
  g_autofree char *with = NULL;
  {
    char *v = strstr (text, "  \"view\"");
    g_assert_nonnull (v);
    with = g_strdup_printf ("%.*s%s%s", (int) (v - text), text, events, v + strlen ("  \"view\""));
  }
  g_autofree char *path = g_build_filename (tmpdir, "p1-moved.json", NULL);
  g_assert_true (g_file_set_contents (path, with, -1, NULL));
  r = run_cli ("render", "p1-moved.json", "--panel", "trajectory", "--out", "moved.png", "--dpi", "72", NULL);
  if (r.status != 0)
    g_error ("render: %s", r.err);
  run_clear (&r);

  /* the frames replay the move at its step */
  r = run_cli ("render", "p1-moved.json", "--frames", "frames", "--steps", "3", "--every", "1",
               "--panel", "trajectory", "--dpi", "36", NULL);
  if (r.status != 0)
    g_error ("render --frames: %s", r.err);
  g_assert_nonnull (strstr (r.out, "4 frames"));
  run_clear (&r);

  g_autofree char *broken = g_strdup (with);
  char *m = strstr (broken, "\"balance\"");
  memcpy (m, "\"ba1ance\"", strlen ("\"ba1ance\""));
  g_autofree char *bpath = g_build_filename (tmpdir, "p1-broken.json", NULL);
  g_assert_true (g_file_set_contents (bpath, broken, -1, NULL));
  r = run_cli ("render", "p1-broken.json", "--out", "broken.png", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "events"));
  run_clear (&r);
}

static void
rm_rf (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (!d)
    return;
  const char *name;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        rm_rf (p);
      else
        g_remove (p);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  const char *build = g_getenv ("SHL_BUILD_DIR");
  cli_path = g_build_filename (build ? build : ".", "app", "shallows-cli", NULL);
  if (!g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s is not built", cli_path);
  tmpdir = g_dir_make_tmp ("shallows-cli-presets-XXXXXX", NULL);
  g_test_add_func ("/cli-presets/session", test_session);
  g_test_add_func ("/cli-presets/render-1d", test_render_1d);
  g_test_add_func ("/cli-presets/render-2d", test_render_2d);
  g_test_add_func ("/cli-presets/render-events", test_render_events);
  int rc = g_test_run ();
  rm_rf (tmpdir);
  g_free (tmpdir);
  g_free (cli_path);
  return rc;
}
