/* test-cli.c: shallows-cli end to end, run as a subprocess with no display. */
#include <glib.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-io.h"
#include "shl-session.h"
#include "shl-test.h"

#include "cli-run.h"

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
write_file (const char *name, const char *text)
{
  g_autofree char *path = tmp_path (name);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static char *
read_file (const char *name)
{
  g_autofree char *path = tmp_path (name);
  char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* the error is one line naming the reason, status 2 */
static void
assert_usage_error (Run *r, const char *needle)
{
  if (r->status != 2 || !strstr (r->err, needle))
    g_error ("expected status 2 and \"%s\" in stderr, got %d: %s", needle,
             r->status, r->err);
  /* exactly one line */
  const char *nl = strchr (r->err, '\n');
  g_assert_nonnull (nl);
  g_assert_cmpstr (nl + 1, ==, "");
}

static void
test_help (void)
{
  const char *cmds[] = { "train", "eval", "distance", "bench", "targets" };
  Run r = run_cli ("--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  for (unsigned k = 0; k < G_N_ELEMENTS (cmds); k++)
    g_assert_nonnull (strstr (r.out, cmds[k]));
  run_clear (&r);
  for (unsigned k = 0; k < G_N_ELEMENTS (cmds); k++)
    {
      r = run_cli (cmds[k], "--help", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "Usage"));
      run_clear (&r);
    }
  r = run_cli (NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  r = run_cli ("frobnicate", NULL);
  assert_usage_error (&r, "unknown command");
  run_clear (&r);
}

static void
test_bad_arguments (void)
{
  static const struct {
    const char *args[12];
    const char *needle;
  } cases[] = {
    { { "train", "--width", "4", "--steps", "10", NULL }, "--data" },
    { { "train", "--target", "sine", "--steps", "10", NULL }, "--width" },
    { { "train", "--target", "sine", "--width", "4", NULL }, "--steps" },
    { { "train", "--target", "sine", "--width", "4", "--steps", "ten", NULL }, "--steps" },
    { { "train", "--target", "sine", "--width", "0", "--steps", "1", NULL }, "--width" },
    { { "train", "--target", "sine", "--width", "4", "--steps", "-3", NULL }, "--steps" },
    { { "train", "--target", "nope", "--width", "4", "--steps", "1", NULL }, "unknown target" },
    { { "train", "--target", "sine", "--width", "4", "--steps", "1", "--lr=abc", NULL }, "--lr" },
    { { "train", "--target", "sine", "--width", "4", "--steps", "1", "--lr=nan", NULL }, "--lr" },
    { { "train", "--target", "sine", "--width", "4", "--steps", "1", "--optimizer=lbfgs", NULL }, "--optimizer" },
    { { "train", "--target", "sine", "--width", "4", "--steps", "1", "--loss=hinge", NULL }, "--loss" },
    { { "train", "--target", "sine", "--width", "4", "--steps", "1", "--loss=logistic", NULL }, "labels" },
    { { "train", "--target", "sine", "--width", "4", "--steps", "1", "--noise=-1", NULL }, "--noise" },
    { { "train", "--target", "sine", "--width", "4", "--steps", "1", "--domain=1,0", NULL }, "--domain" },
    { { "train", "--target", "sine", "--width", "4", "--steps", "1", "--bogus", NULL }, "bogus" },
    { { "train", "--target", "sine", "--width", "4", "--steps", "1", "--optimizer=gd", "--batch=3", NULL }, "--batch" },
    { { "train", "--target", "sine", "--width", "4", "--steps", "1", "--momentum=0.5", NULL }, "--momentum" },
    { { "eval", "--points", "p.csv", NULL }, "network" },
    { { "eval", "net.json", NULL }, "--points" },
    { { "distance", "net.json", NULL }, "two network" },
    { { "bench", "--seconds", "x", NULL }, "--seconds" },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const char *const *a = cases[k].args;
      Run r = run_cli (a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8],
                       a[9], a[10], NULL);
      assert_usage_error (&r, cases[k].needle);
      run_clear (&r);
    }
}

static void
test_train_log (void)
{
  Run r = run_cli ("train", "--target", "sine", "--samples", "64", "--width",
                   "8", "--steps", "50", "--seed", "3", "--log", "log.csv",
                   "--out", "out.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "50 steps"));
  run_clear (&r);
  g_autofree char *log = read_file ("log.csv");
  g_auto (GStrv) lines = g_strsplit (log, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "step,loss");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 51 + 1); /* header, 0..50, "" */
  double first = 0, last = 0;
  for (int k = 0; k <= 50; k++)
    {
      g_auto (GStrv) f = g_strsplit (lines[k + 1], ",", -1);
      g_assert_cmpint (atoi (f[0]), ==, k);
      double l = g_ascii_strtod (f[1], NULL);
      g_assert_true (isfinite (l));
      if (k == 0)
        first = l;
      last = l;
    }
  g_assert_cmpfloat (last, <, first);

  /* the written network has that final loss and the same run gives the
   * same bytes */
  g_autofree char *out_path = tmp_path ("out.json");
  g_autoptr (GError) err = NULL;
  ShlNet *net = shl_net_load_json (out_path, &err);
  g_assert_no_error (err);
  g_assert_cmpint (net->m, ==, 8);
  shl_net_free (net);

  r = run_cli ("train", "--target", "sine", "--samples", "64", "--width", "8",
               "--steps", "50", "--seed", "3", "--log", "log2.csv", "--out",
               "out2.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *log2 = read_file ("log2.csv");
  g_assert_cmpstr (log, ==, log2);
  g_autofree char *o1 = read_file ("out.json"), *o2 = read_file ("out2.json");
  g_assert_cmpstr (o1, ==, o2);

  /* continuing from the saved network with --init */
  r = run_cli ("train", "--target", "sine", "--samples", "64", "--seed", "3",
               "--init", "out.json", "--optimizer", "gd", "--lr", "0.1",
               "--steps", "5", "--log", "log3.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
}

static void
test_train_every_optimizer (void)
{
  const char *opts[] = { "gd", "sgd", "momentum", "adam" };
  for (unsigned k = 0; k < G_N_ELEMENTS (opts); k++)
    {
      Run r = run_cli ("train", "--target", "xor", "--samples", "100",
                       "--width", "6", "--steps", "20", "--optimizer",
                       opts[k], "--weight-decay", "0.001", "--quiet", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.out, ==, "");
      run_clear (&r);
    }
}

static void
test_train_from_csv (void)
{
  write_file ("data.csv", "# a small data set\nx,y\n-1,1\n-0.5,0.5\n0,0\n0.5,0.5\n1,1\n");
  Run r = run_cli ("train", "--data", "data.csv", "--width", "4", "--steps",
                   "200", "--lr", "0.05", "--out", "abs.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);

  write_file ("bad.csv", "x,y\n1,2\n3\n");
  r = run_cli ("train", "--data", "bad.csv", "--width", "4", "--steps", "1", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "bad.csv:3"));
  run_clear (&r);

  r = run_cli ("train", "--data", "missing.csv", "--width", "4", "--steps", "1", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "missing.csv"));
  run_clear (&r);
}

static void
test_train_diverges (void)
{
  Run r = run_cli ("train", "--target", "sine", "--width", "8", "--steps",
                   "1000", "--optimizer", "gd", "--lr", "1000", "--out",
                   "div.json", "--log", "div.csv", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "diverged"));
  run_clear (&r);
  /* the last finite state is kept and written */
  g_autofree char *path = tmp_path ("div.json");
  g_autoptr (GError) err = NULL;
  ShlNet *net = shl_net_load_json (path, &err);
  g_assert_no_error (err);
  g_assert_true (shl_net_is_finite (net));
  shl_net_free (net);
  g_autofree char *log = read_file ("div.csv");
  g_assert_null (strstr (log, "inf"));
  g_assert_null (strstr (log, "nan"));
}

/* issue 12: training that diverges records every step once, in the log
 * and in the session's history, and the session renders */
static void
test_train_diverges_once (void)
{
  Run r = run_cli ("train", "--target", "sine", "--width", "12", "--steps", "200",
                   "--lr", "1e6", "--optimizer", "gd", "--session", "div-s.json",
                   "--log", "div-l.csv", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "kept the last finite parameters (step 18)"));
  run_clear (&r);

  /* the log: rows 0 .. 18, each once, all finite */
  g_autofree char *log = read_file ("div-l.csv");
  g_auto (GStrv) lines = g_strsplit (log, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "step,loss");
  guint rows = g_strv_length (lines) - 2;   /* header, trailing "" */
  g_assert_cmpuint (rows, ==, 19);
  for (guint k = 0; k < rows; k++)
    {
      g_auto (GStrv) f = g_strsplit (lines[k + 1], ",", -1);
      g_assert_cmpint (atoi (f[0]), ==, (int) k);
      g_assert_true (isfinite (g_ascii_strtod (f[1], NULL)));
    }

  /* the session: history 0 .. 18 once each, ending where the state is */
  g_autofree char *path = tmp_path ("div-s.json");
  g_autoptr (GError) err = NULL;
  g_autoptr (ShlSession) ss = shl_session_load (path, &err);
  g_assert_no_error (err);
  g_assert_nonnull (ss->state);
  g_assert_cmpuint (ss->state->steps, ==, 18);
  g_assert_cmpuint (ss->history->n, ==, 19);
  for (size_t k = 0; k < ss->history->n; k++)
    {
      g_assert_cmpuint (ss->history->steps[k], ==, k);
      g_assert_true (isfinite (ss->history->loss[k]));
    }
  /* the loss in the log and in the history agree on the kept step */
  g_auto (GStrv) last = g_strsplit (lines[rows], ",", -1);
  g_assert_cmpfloat (g_ascii_strtod (last[1], NULL), ==, ss->history->loss[18]);

  /* and render accepts it */
  r = run_cli ("render", "div-s.json", "--panel", "trajectory", "--out", "div.png",
               "--dpi", "40", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
}

static void
test_eval (void)
{
  write_file ("net1.json",
              "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 1,"
              " \"domain\": [[-1, 1]], \"a\": [[1.0], [-1.0]], \"b\": [0.0, 0.0],"
              " \"c\": [1.0, -1.0], \"e\": 0.5, \"v\": [0.0]}");
  write_file ("pts.csv", "x,y\n# comment\n-0.5,9\n0.25,9\n");
  Run r = run_cli ("eval", "net1.json", "--points", "pts.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* f = relu(x) - relu(-x) + 0.5 = x + 0.5 */
  g_assert_cmpstr (r.out, ==, "x,f,df_dx\n-0.5,0,1\n0.25,0.75,1\n");
  run_clear (&r);

  write_file ("net2.json",
              "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 2,"
              " \"domain\": [[-1, 1], [-1, 1]], \"a\": [[1.0, 2.0]], \"b\": [0.5],"
              " \"c\": [2.0], \"e\": 0.0}");
  write_file ("pts2.csv", "x1,x2\n0,0\n-1,-1\n");
  r = run_cli ("eval", "net2.json", "--points", "pts2.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "x1,x2,f,df_dx1,df_dx2\n0,0,1,2,4\n-1,-1,0,0,0\n");
  run_clear (&r);

  r = run_cli ("eval", "net2.json", "--points", "pts.csv", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "x1"));
  run_clear (&r);
  write_file ("pts3.csv", "x\n0.1\nfoo\n");
  r = run_cli ("eval", "net1.json", "--points", "pts3.csv", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "pts3.csv:3"));
  run_clear (&r);
}

static double
json_member (JsonObject *o, const char *name)
{
  g_assert_true (json_object_has_member (o, name));
  return json_object_get_double_member (o, name);
}

static void
test_distance (void)
{
  /* P0 with n = 4: relu(x) - relu(x - 1/4) against the zero network */
  write_file ("p0.json",
              "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 1,"
              " \"domain\": [[-1, 1]], \"a\": [[1.0], [1.0]], \"b\": [0.0, -0.25],"
              " \"c\": [1.0, -1.0], \"e\": 0.0}");
  write_file ("zero.json",
              "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 1,"
              " \"domain\": [[-1, 1]], \"a\": [[0.0], [0.0]], \"b\": [0.0, 0.0],"
              " \"c\": [0.0, 0.0], \"e\": 0.0}");
  Run r = run_cli ("distance", "p0.json", "zero.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_autoptr (JsonParser) p = json_parser_new ();
  g_autoptr (GError) err = NULL;
  json_parser_load_from_data (p, r.out, -1, &err);
  g_assert_no_error (err);
  JsonObject *o = json_node_get_object (json_parser_get_root (p));
  shl_assert_close (json_member (o, "sup"), 0.25, 1e-15, 1e-15);
  shl_assert_close (json_member (o, "w1inf_2"), 1.0, 1e-15, 0);
  shl_assert_close (json_member (o, "w1inf_max"), 1.0, 1e-15, 0);
  shl_assert_close (json_member (o, "sobolev"), 1.0, 1e-15, 0);
  shl_assert_close (json_member (o, "param_raw"), 1.0, 1e-15, 0);
  run_clear (&r);

  /* theory P1 from the balanced start, eps = 0.01: the restricted fibre
   * is 0.473 sqrt(eps) away, the whole fibre ((sqrt 3 - 1)/2) sqrt(eps) */
  write_file ("bal.json",
              "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 1,"
              " \"domain\": [[-1, 1]], \"a\": [[0.1]], \"b\": [0.0], \"c\": [0.1], \"e\": 0.0}");
  write_file ("p1.json",
              "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 1,"
              " \"domain\": [[-1, 1]], \"a\": [[1.0]], \"b\": [-0.5], \"c\": [0.01], \"e\": 0.0}");
  r = run_cli ("distance", "bal.json", "p1.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr (JsonParser) p1 = json_parser_new ();
    g_assert_true (json_parser_load_from_data (p1, r.out, -1, NULL));
    JsonObject *q = json_node_get_object (json_parser_get_root (p1));
    g_assert_true (json_object_get_boolean_member (q, "restricted_a"));
    g_assert_false (json_object_get_boolean_member (q, "restricted_b"));
    shl_assert_close (json_member (q, "fibre_restricted") / 0.1, 0.473, 1e-3, 0);
    shl_assert_close (json_member (q, "fibre_upper"), (sqrt (3.0) - 1) / 2 * 0.1, 1e-3, 0);
    g_assert_cmpfloat (json_member (q, "fibre_lower"), <=, json_member (q, "fibre_upper"));
    g_assert_true (json_object_has_member (q, "param_sym"));
    g_assert_true (json_object_has_member (q, "param_sym_l2"));
    g_assert_true (json_object_has_member (q, "stability_bound"));
  }
  run_clear (&r);
  /* two restricted networks: the exact fibre distance */
  r = run_cli ("distance", "bal.json", "bal.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"fibre\": 0"));
  run_clear (&r);

  r = run_cli ("distance", "p0.json", "net2.json", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);

  /* --only: the keys of the parts asked for, width_a and width_b always */
  const char *real_keys[] = { "sup", "w1inf_2", "w1inf_max", "sobolev", "argsup",
                              "w1inf_2_robust", "w1inf_max_robust",
                              "sobolev_robust", "w1inf_width" };
  const char *param_keys[] = { "param_raw", "param_sym", "param_sym_l2" };
  const char *fibre_keys[] = { "restricted_a", "restricted_b", "fibre_lower",
                               "fibre_upper", "fibre_restricted", "stability_bound" };
  const struct {
    const char *only;
    gboolean    real, param, fibre;
  } onlies[] = {
    { NULL, TRUE, TRUE, TRUE },
    { "realization", TRUE, FALSE, FALSE },
    { "parameters", FALSE, TRUE, FALSE },
    { "fibre", FALSE, FALSE, TRUE },
    { "parameters,realization", TRUE, TRUE, FALSE },
    { "realization, fibre", TRUE, FALSE, TRUE },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (onlies); k++)
    {
      r = onlies[k].only ? run_cli ("distance", "bal.json", "p1.json", "--only",
                                    onlies[k].only, NULL)
                         : run_cli ("distance", "bal.json", "p1.json", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_autoptr (JsonParser) pq = json_parser_new ();
      g_assert_true (json_parser_load_from_data (pq, r.out, -1, NULL));
      JsonObject *q = json_node_get_object (json_parser_get_root (pq));
      g_assert_cmpint (json_object_get_int_member (q, "width_a"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (q, "width_b"), ==, 1);
      for (unsigned i = 0; i < G_N_ELEMENTS (real_keys); i++)
        g_assert_true (json_object_has_member (q, real_keys[i]) == onlies[k].real);
      for (unsigned i = 0; i < G_N_ELEMENTS (param_keys); i++)
        g_assert_true (json_object_has_member (q, param_keys[i]) == onlies[k].param);
      for (unsigned i = 0; i < G_N_ELEMENTS (fibre_keys); i++)
        g_assert_true (json_object_has_member (q, fibre_keys[i]) == onlies[k].fibre);
      if (onlies[k].real)
        {
          /* P1: 0.1 rho(0.1 x) against 0.01 rho(x - 1/2): the slopes
           * differ by 0.01 on (0, 1/2), no sliver */
          shl_assert_close (json_member (q, "w1inf_2"), 0.01, 1e-12, 0);
          g_assert_cmpfloat (json_member (q, "w1inf_2_robust"), ==,
                             json_member (q, "w1inf_2"));
          g_assert_cmpfloat (json_member (q, "w1inf_width"), ==, 0.5);
        }
      if (onlies[k].fibre)
        shl_assert_close (json_member (q, "fibre_restricted") / 0.1, 0.473, 1e-3, 0);
      run_clear (&r);
    }
  const char *bad[] = { "realisation", "", "realization,", "all" };
  for (unsigned k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      r = run_cli ("distance", "bal.json", "p1.json", "--only", bad[k], NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, "--only"));
      g_assert_nonnull (strstr (r.err, "realization, parameters, fibre"));
      g_assert_cmpstr (r.out, ==, "");
      run_clear (&r);
    }

  /* a neuron rescaled by 0.3: its kink moves by rounding (1/3 against
   * fl(0.3) / fl(0.9)); the exact W^{1,inf} distance is the jump 3 on a
   * sliver about 2e-17 wide, the robust one is at rounding level */
  write_file ("k3.json",
              "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 1,"
              " \"domain\": [[-1, 1]], \"a\": [[3.0]], \"b\": [-1.0], \"c\": [1.0], \"e\": 0.0}");
  write_file ("k3r.json",
              "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 1,"
              " \"domain\": [[-1, 1]], \"a\": [[0.9]], \"b\": [-0.3],"
              " \"c\": [3.3333333333333335], \"e\": 0.0}");
  r = run_cli ("distance", "k3.json", "k3r.json", "--only", "realization", NULL);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr (JsonParser) pk = json_parser_new ();
    g_assert_true (json_parser_load_from_data (pk, r.out, -1, NULL));
    JsonObject *q = json_node_get_object (json_parser_get_root (pk));
    g_assert_cmpfloat (json_member (q, "sup"), <, 1e-15);
    shl_assert_close (json_member (q, "w1inf_2"), 3.0, 1e-15, 0);
    g_assert_cmpfloat (json_member (q, "w1inf_width"), <, 1e-16);
    g_assert_cmpfloat (json_member (q, "w1inf_2_robust"), <, 1e-15);
    g_assert_cmpfloat (json_member (q, "sobolev_robust"), <, 1e-15);
  }
  run_clear (&r);
  write_file ("broken.json", "{\"format\": \"shallows-network\", ");
  r = run_cli ("distance", "p0.json", "broken.json", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "broken.json"));
  run_clear (&r);
}

static void
test_targets_and_bench (void)
{
  Run r = run_cli ("targets", NULL);
  g_assert_cmpint (r.status, ==, 0);
  const char *names[] = { "sine", "abs", "step", "runge", "teacher", "zero",
                          "bump", "cone", "teacher2d", "xor", "circles",
                          "spirals", "gaussians" };
  for (unsigned k = 0; k < G_N_ELEMENTS (names); k++)
    g_assert_nonnull (strstr (r.out, names[k]));
  run_clear (&r);

  r = run_cli ("bench", "--seconds", "0.02", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "dgemm"));
  g_assert_nonnull (strstr (r.out, "d=2 m=64 n=1024"));
  run_clear (&r);
}

static void
test_session_and_render (void)
{
  Run r = run_cli ("train", "--target", "sine", "--width", "8", "--steps", "300",
                   "--seed", "4", "--session", "s.json", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  /* a figure in every format */
  r = run_cli ("render", "s.json", "--out", "all.pdf", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *pdf = read_file ("all.pdf");
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));
  if (g_file_test ("/usr/bin/pdftotext", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_autofree char *pdfpath = tmp_path ("all.pdf");
      const char *argv[] = { "/usr/bin/pdftotext", pdfpath, "-", NULL };
      g_autofree char *text = NULL;
      int st;
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, &text, NULL, &st, NULL));
      /* text stays text in PDF: the titles can be found */
      g_assert_nonnull (strstr (text, "Realization"));
      g_assert_nonnull (strstr (text, "Loss landscape"));
      g_assert_nonnull (strstr (text, "Training loss"));
    }
  if (g_file_test ("/usr/bin/pdftoppm", G_FILE_TEST_IS_EXECUTABLE))
    {
      /* the PDF renders */
      g_autofree char *pdfpath = tmp_path ("all.pdf");
      g_autofree char *prefix = tmp_path ("page");
      const char *argv[] = { "/usr/bin/pdftoppm", "-r", "50", "-png", "-singlefile", pdfpath, prefix, NULL };
      int st;
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, NULL, NULL, &st, NULL));
      g_assert_true (g_spawn_check_wait_status (st, NULL));
      g_autofree char *page = tmp_path ("page.png");
      cairo_surface_t *pg = cairo_image_surface_create_from_png (page);
      /* 497 x 400 pt at 50 dpi (pdftoppm rounds up) */
      g_assert_cmpint (abs (cairo_image_surface_get_width (pg) - 345), <=, 1);
      g_assert_cmpint (abs (cairo_image_surface_get_height (pg) - 278), <=, 1);
      cairo_surface_destroy (pg);
      g_unlink (page);
    }
  r = run_cli ("render", "s.json", "--panel", "derivative", "--format", "svg", "--out", "d.svg", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *svg = read_file ("d.svg");
  g_assert_nonnull (strstr (svg, "<svg"));
  g_autoptr (GMarkupParseContext) mp = g_markup_parse_context_new (
    &(GMarkupParser) { NULL, NULL, NULL, NULL, NULL }, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (mp, svg, -1, NULL));
  g_assert_true (g_markup_parse_context_end_parse (mp, NULL));
  r = run_cli ("render", "s.json", "--panel", "landscape", "--width-pt", "144", "--height-pt", "72",
               "--dpi", "150", "--out", "l.png", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *png = tmp_path ("l.png");
  cairo_surface_t *img = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 300);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 150);
  cairo_surface_destroy (img);

  /* frames for slides: a numbered PNG sequence of the replayed run */
  r = run_cli ("render", "s.json", "--frames", "frames", "--every", "100", "--panel",
               "realization", "--dpi", "40", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "4 frames"));
  run_clear (&r);
  /* named by step */
  for (int k = 0; k < 4; k++)
    {
      g_autofree char *name = g_strdup_printf ("frames/step-%06d.png", 100 * k);
      g_autofree char *path = tmp_path (name);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        g_error ("no %s", name);
      g_unlink (path);
    }
  g_autofree char *fdir = tmp_path ("frames");
  g_rmdir (fdir);

  /* every plotted series as CSV */
  r = run_cli ("render", "s.json", "--csv", "csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  const char *csvs[] = { "data.csv", "realization.csv", "derivative.csv", "kinks.csv", "target.csv",
                         "landscape.csv", "landscape-path.csv", "loss.csv", "trajectory.csv" };
  const char *heads[] = { "x,y\n", "x,f\n", "x_from,x_to,df_dx\n", "neuron,kink,jump\n", "x,target\n",
                          "alpha,beta,loss\n", "alpha,beta\n", "step,loss\n",
                          "step,neuron,kink,jump,norm_ab,abs_c\n" };
  for (unsigned k = 0; k < G_N_ELEMENTS (csvs); k++)
    {
      g_autofree char *name = g_build_filename ("csv", csvs[k], NULL);
      g_autofree char *text = read_file (name);
      if (!g_str_has_prefix (text, heads[k]))
        g_error ("%s starts with %.40s", csvs[k], text);
      g_autofree char *path = tmp_path (name);
      g_unlink (path);
    }
  g_autofree char *cdir = tmp_path ("csv");
  g_rmdir (cdir);

  /* errors */
  r = run_cli ("render", "s.json", "--out", "x.gif", NULL);
  assert_usage_error (&r, "--format");
  run_clear (&r);
  r = run_cli ("render", "s.json", "--panel", "loss", "--out", "x.pdf", NULL);
  assert_usage_error (&r, "--panel");
  run_clear (&r);
  r = run_cli ("render", "s.json", "--out", "/nonexistent/dir/x.pdf", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "/nonexistent/dir/x.pdf"));
  run_clear (&r);
  write_file ("broken.json", "{\"format\": \"shallows-session\", \"version\": 1}");
  r = run_cli ("render", "broken.json", "--out", "x.pdf", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "broken.json: field \"data\" is missing"));
  run_clear (&r);
}

static void
test_canonical_and_diagnose (void)
{
  /* theory P3: (1,0,1), (-1,0,-1) realize x: canonical form is width 0, v = 1 */
  write_file ("p3.json",
              "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 1,"
              " \"domain\": [[-1, 1]], \"a\": [[1.0], [-1.0]], \"b\": [0.0, 0.0],"
              " \"c\": [1.0, -1.0], \"e\": 0.0}");
  Run r = run_cli ("canonical", "p3.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_autoptr (GError) err = NULL;
  ShlNet *k = shl_net_from_json_data (r.out, -1, "stdout", &err);
  g_assert_no_error (err);
  g_assert_cmpint (k->m, ==, 0);
  shl_assert_close (k->v[0], 1.0, 1e-15, 0);
  shl_net_free (k);
  run_clear (&r);
  r = run_cli ("canonical", "p3.json", "--pad", "2", "--out", "k.json", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *kp = tmp_path ("k.json");
  k = shl_net_load_json (kp, &err);
  g_assert_no_error (err);
  g_assert_cmpint (k->m, ==, 2);
  shl_net_free (k);
  r = run_cli ("canonical", "p3.json", "--step", "7", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  r = run_cli ("diagnose", "p3.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "opposite"));
  run_clear (&r);
  r = run_cli ("diagnose", "p3.json", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_autoptr (JsonParser) p = json_parser_new ();
  g_assert_true (json_parser_load_from_data (p, r.out, -1, NULL));
  JsonObject *o = json_node_get_object (json_parser_get_root (p));
  g_assert_false (json_object_get_boolean_member (o, "restricted"));
  run_clear (&r);
  r = run_cli ("diagnose", "missing.json", NULL);
  g_assert_cmpint (r.status, ==, 1);
  run_clear (&r);

  /* the gallery, headless: P0 with n = 1000 and P4 with K = 20 */
  r = run_cli ("pathology", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "p0"));
  g_assert_nonnull (strstr (r.out, "invisible-2d"));
  run_clear (&r);
  r = run_cli ("pathology", "p0", "--param", "1000", "--out-gamma", "pg.json", "--out-g", "pgg.json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr (JsonParser) jp = json_parser_new ();
    g_assert_true (json_parser_load_from_data (jp, r.out, -1, NULL));
    JsonObject *q = json_node_get_object (json_parser_get_root (jp));
    g_assert_cmpstr (json_object_get_string_member (q, "id"), ==, "p0");
    shl_assert_close (json_object_get_double_member (q, "sup"), 1e-3, 1e-12, 0);
    shl_assert_close (json_object_get_double_member (q, "sobolev"), 1, 1e-12, 0);
    shl_assert_close (json_object_get_double_member (q, "fibre_upper"), 1, 1e-12, 0);
  }
  run_clear (&r);
  g_autofree char *pgp = tmp_path ("pgg.json");
  ShlNet *pg = shl_net_load_json (pgp, &err);
  g_assert_no_error (err);
  g_assert_cmpint (pg->m, ==, 2);
  shl_net_free (pg);
  r = run_cli ("pathology", "p4", "--param", "20", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"fibre_upper\": 20"));
  run_clear (&r);
  r = run_cli ("pathology", "p9", NULL);
  assert_usage_error (&r, "unknown preset");
  run_clear (&r);
  r = run_cli ("pathology", "p1", "--param", "5", NULL);
  assert_usage_error (&r, "--param");
  run_clear (&r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  const char *build = g_getenv ("SHL_BUILD_DIR");
  cli_path = g_build_filename (build ? build : ".", "app", "shallows-cli", NULL);
  if (!g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s is not built", cli_path);
  tmpdir = g_dir_make_tmp ("shallows-cli-XXXXXX", NULL);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/cli/train-log", test_train_log);
  g_test_add_func ("/cli/train-every-optimizer", test_train_every_optimizer);
  g_test_add_func ("/cli/train-from-csv", test_train_from_csv);
  g_test_add_func ("/cli/train-diverges", test_train_diverges);
  g_test_add_func ("/cli/train-diverges-once", test_train_diverges_once);
  g_test_add_func ("/cli/eval", test_eval);
  g_test_add_func ("/cli/distance", test_distance);
  g_test_add_func ("/cli/targets-and-bench", test_targets_and_bench);
  g_test_add_func ("/cli/session-and-render", test_session_and_render);
  g_test_add_func ("/cli/canonical-and-diagnose", test_canonical_and_diagnose);
  int rc = g_test_run ();
  GDir *dir = g_dir_open (tmpdir, 0, NULL);
  for (const char *name; dir && (name = g_dir_read_name (dir));)
    {
      g_autofree char *path = tmp_path (name);
      g_unlink (path);
    }
  if (dir)
    g_dir_close (dir);
  g_rmdir (tmpdir);
  g_free (tmpdir);
  g_free (cli_path);
  return rc;
}
