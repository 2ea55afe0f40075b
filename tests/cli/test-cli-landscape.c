/* test-cli-landscape.c: `shallows-cli landscape` and `shallows-cli path`
 * end to end, run as a subprocess. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-test.h"

#include "cli-run.h"

static char *
read_tmp (const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* the lines of a CSV text, the trailing empty one dropped */
static GStrv
lines_of (const char *text)
{
  GStrv l = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (l);
  if (n > 0 && l[n - 1][0] == '\0')
    {
      g_free (l[n - 1]);
      l[n - 1] = NULL;
    }
  return l;
}

/* column k of a CSV line */
static double
field (const char *line, int k)
{
  g_auto (GStrv) f = g_strsplit (line, ",", -1);
  g_assert_cmpint (g_strv_length (f), >, k);
  return g_ascii_strtod (f[k], NULL);
}

/* net0.json (sine, width 8, step 0), its loss, net1.json after 40 steps,
 * s.json its session */
static double
setup_nets (void)
{
  Run r = run_cli ("train", "--target", "sine", "--width", "8", "--steps", "0",
                   "--seed", "3", "--out", "net0.json", "--log", "l0.csv", "-q",
                   NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  r = run_cli ("train", "--target", "sine", "--width", "8", "--steps", "40",
               "--seed", "3", "--out", "net1.json", "--session", "s.json", "-q",
               NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *log = read_tmp ("l0.csv");
  g_auto (GStrv) l = lines_of (log);
  g_assert_cmpint (g_strv_length (l), ==, 2);
  return field (l[1], 1);
}

static void
test_landscape_grid (void)
{
  double l0 = setup_nets ();
  const char *specs[] = { "random", "pca:s.json", "coords:0,5", "twin:net1.json",
                          "orbit:2" };
  for (unsigned k = 0; k < G_N_ELEMENTS (specs); k++)
    {
      Run r = run_cli ("landscape", "--init", "net0.json", "--target", "sine",
                       "--seed", "3", "--directions", specs[k], "--grid", "7",
                       "--threads", "2", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_auto (GStrv) l = lines_of (r.out);
      g_assert_cmpstr (l[0], ==, "alpha,beta,loss");
      g_assert_cmpint (g_strv_length (l), ==, 1 + 7 * 7);
      /* the centre node: alpha = beta = 0, the training loss */
      const char *c = l[1 + 3 * 7 + 3];
      g_assert_cmpfloat (field (c, 0), ==, 0.0);
      g_assert_cmpfloat (field (c, 1), ==, 0.0);
      shl_assert_close (field (c, 2), l0, 1e-13, 0);
      run_clear (&r);
    }
  /* --out, the default grid, and the thread count does not matter */
  Run r = run_cli ("landscape", "--init", "net0.json", "--target", "sine",
                   "--seed", "3", "--directions", "random", "--threads", "1",
                   "--out", "g1.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  run_clear (&r);
  r = run_cli ("landscape", "--init", "net0.json", "--target", "sine",
               "--seed", "3", "--directions", "random", "--threads", "3",
               "--out", "g3.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *g1 = read_tmp ("g1.csv"), *g3 = read_tmp ("g3.csv");
  g_assert_cmpstr (g1, ==, g3);
  g_auto (GStrv) l = lines_of (g1);
  g_assert_cmpint (g_strv_length (l), ==, 1 + 101 * 101);
  shl_assert_close (field (l[1 + 50 * 101 + 50], 2), l0, 1e-13, 0);
}

static void
test_path (void)
{
  double l0 = setup_nets ();
  Run r = run_cli ("path", "net0.json", "net1.json", "--target", "sine",
                   "--seed", "3", "--points", "11", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_auto (GStrv) l = lines_of (r.out);
  g_assert_cmpstr (l[0], ==, "t,loss_params,loss_realizations");
  g_assert_cmpint (g_strv_length (l), ==, 12);
  g_assert_cmpfloat (field (l[1], 0), ==, 0.0);
  g_assert_cmpfloat (field (l[11], 0), ==, 1.0);
  shl_assert_close (field (l[1], 1), l0, 1e-13, 0);
  shl_assert_close (field (l[1], 2), l0, 1e-12, 0);
  /* realizations: convex in t (mse) */
  for (int k = 2; k < 11; k++)
    g_assert_cmpfloat (field (l[k - 1], 2) + field (l[k + 1], 2) - 2 * field (l[k], 2),
                       >=, -1e-12);
  run_clear (&r);
  r = run_cli ("path", "net0.json", "net1.json", "--target", "sine",
               "--out", "p.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *p = read_tmp ("p.csv");
  g_auto (GStrv) pl = lines_of (p);
  g_assert_cmpint (g_strv_length (pl), ==, 102);
}

static void
test_bad_arguments (void)
{
  setup_nets ();
  const char *const cases[][12] = {
    { "landscape", "--target", "sine", "--directions", "random", NULL },
    { "landscape", "--init", "net0.json", "--target", "sine", NULL },
    { "landscape", "--init", "net0.json", "--directions", "random", NULL },
    { "landscape", "--init", "net0.json", "--target", "sine", "--directions", "bogus", NULL },
    { "landscape", "--init", "net0.json", "--target", "sine", "--directions", "coords:1,1", NULL },
    { "landscape", "--init", "net0.json", "--target", "sine", "--directions", "coords:1,9999", NULL },
    { "landscape", "--init", "net0.json", "--target", "sine", "--directions", "orbit:8", NULL },
    { "landscape", "--init", "net0.json", "--target", "sine", "--directions", "random", "--grid", "0", NULL },
    { "landscape", "--init", "net0.json", "--target", "sine", "--directions", "random", "--span", "-1", NULL },
    { "landscape", "--init", "net0.json", "--target", "nope", "--directions", "random", NULL },
    { "path", "net0.json", "--target", "sine", NULL },
    { "path", "net0.json", "net1.json", "--target", "sine", "--points", "x", NULL },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const char *const *a = cases[k];
      Run r = run_cli (a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8],
                       a[9], a[10], a[11], NULL);
      if (r.status != 2)
        g_error ("case %u: status %d, stderr %s", k, r.status, r.err);
      /* one line naming the command */
      g_assert_true (g_str_has_prefix (r.err, "shallows-cli "));
      g_assert_nonnull (strchr (r.err, '\n'));
      g_assert_cmpstr (strchr (r.err, '\n') + 1, ==, "");
      run_clear (&r);
    }
  /* a missing file is a file error */
  Run r = run_cli ("landscape", "--init", "missing.json", "--target", "sine",
                   "--directions", "random", NULL);
  g_assert_cmpint (r.status, ==, 1);
  run_clear (&r);
  r = run_cli ("path", "net0.json", "missing.json", "--target", "sine", NULL);
  g_assert_cmpint (r.status, ==, 1);
  run_clear (&r);
}

static void
test_bench_section (void)
{
  Run r = run_cli ("bench", "--seconds", "0.02", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "loss landscape"));
  g_assert_nonnull (strstr (r.out, "first coarse image"));
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
  tmpdir = g_dir_make_tmp ("shallows-cli-land-XXXXXX", NULL);
  g_test_add_func ("/cli-landscape/grid", test_landscape_grid);
  g_test_add_func ("/cli-landscape/path", test_path);
  g_test_add_func ("/cli-landscape/bad-arguments", test_bad_arguments);
  g_test_add_func ("/cli-landscape/bench-section", test_bench_section);
  int rc = g_test_run ();
  rm_rf (tmpdir);
  g_free (tmpdir);
  g_free (cli_path);
  return rc;
}
