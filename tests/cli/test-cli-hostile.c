/* test-cli-hostile.c: shallows-cli against hostile inputs and outputs:
 * deeply nested JSON in every JSON input, outputs that are not regular
 * files, write errors on standard output, sessions with missing fields and
 * numbers near the ends of the double range. Every run has GLib criticals
 * fatal (cli-run.h), so a critical fails the test. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shl-io.h"
#include "shl-json.h"

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

/* status 1 and a one-line message containing needle, nothing on stdout,
 * no GLib message */
static void
assert_error (Run *r, const char *needle, const char *what)
{
  if (r->status != 1 || !strstr (r->err, needle))
    g_error ("%s: expected status 1 and \"%s\" in stderr, got %d: %s", what,
             needle, r->status, r->err);
  const char *nl = strchr (r->err, '\n');
  if (!nl || nl[1] != '\0')
    g_error ("%s: expected one line on stderr, got: %s", what, r->err);
  if (strstr (r->err, "CRITICAL") || strstr (r->err, "WARNING"))
    g_error ("%s: a GLib message: %s", what, r->err);
  if (r->out && *r->out)
    g_error ("%s: unexpected output: %s", what, r->out);
}

static void
assert_ok (Run *r, const char *what)
{
  if (r->status != 0)
    g_error ("%s: status %d: %s", what, r->status, r->err);
}

/* files every test uses: net.json (1-D, width 4), net2.json (2-D),
 * session.json, points.csv */
static void
make_inputs (void)
{
  static gboolean made;
  if (made)
    return;
  made = TRUE;
  Run r = run_cli ("train", "--target", "sine", "--width", "4", "--steps", "5",
                   "--samples", "16", "--out", "net.json", "--session",
                   "session.json", "--quiet", NULL);
  assert_ok (&r, "train");
  run_clear (&r);
  r = run_cli ("train", "--target", "bump", "--width", "3", "--steps", "2",
               "--samples", "16", "--out", "net2.json", "--quiet", NULL);
  assert_ok (&r, "train 2-D");
  run_clear (&r);
  write_file ("points.csv", "x\n-0.5\n0\n0.5\n");
}

/* ------------------------------------------------------------ nesting */

/* 100,000 nested '[' in every JSON input: a one-line error naming the
 * file, line and column, never a crash (run_cli fails on a signal) */
static void
test_deep_nesting (void)
{
  make_inputs ();
  g_autofree char *deep = g_strnfill (100000, '[');
  write_file ("deep.json", deep);
  /* a session whose view is nested deep (after 50 lines of its own) */
  g_autofree char *session = NULL;
  g_autofree char *spath = tmp_path ("session.json");
  g_assert_true (g_file_get_contents (spath, &session, NULL, NULL));
  char *view = strstr (session, "\"view\": ");
  g_assert_nonnull (view);
  g_autoptr (GString) deep_view = g_string_new_len (session, view - session);
  g_string_append (deep_view, "\"view\": {\"a\": ");
  for (int k = 0; k < 1000; k++)
    g_string_append (deep_view, "{\"b\": [");
  g_string_append (deep_view, "\n}\n");
  write_file ("deep-view.json", deep_view->str);

  const char *needle = "deep.json:1:65: arrays and objects nested more than 64 levels deep";
  static const char *const runs[][12] = {
    { "canonical", "deep.json", NULL },
    { "diagnose", "deep.json", "--json", NULL },
    { "distance", "deep.json", "net.json", NULL },
    { "distance", "net.json", "deep.json", NULL },
    { "eval", "deep.json", "--points", "points.csv", NULL },
    { "train", "--init", "deep.json", "--target", "sine", "--steps", "1", NULL },
    { "landscape", "--init", "deep.json", "--target", "sine", "--directions", "random", "--grid", "3", NULL },
    { "landscape", "--init", "net.json", "--target", "sine", "--directions", "twin:deep.json", "--grid", "3", NULL },
    { "landscape", "--init", "net.json", "--target", "sine", "--directions", "pca:deep.json", "--grid", "3", NULL },
    { "path", "deep.json", "net.json", "--target", "sine", NULL },
    { "render", "deep.json", "--out", "x.png", NULL },
  };
  for (guint k = 0; k < G_N_ELEMENTS (runs); k++)
    {
      Run r = run_cli_argv ((char *[]) { cli_path, (char *) runs[k][0], (char *) runs[k][1],
                                         (char *) runs[k][2], (char *) runs[k][3],
                                         (char *) runs[k][4], (char *) runs[k][5],
                                         (char *) runs[k][6], (char *) runs[k][7],
                                         (char *) runs[k][8], (char *) runs[k][9],
                                         (char *) runs[k][10], NULL });
      g_autofree char *what = g_strdup_printf ("%s %s", runs[k][0], runs[k][1]);
      assert_error (&r, needle, what);
      run_clear (&r);
    }
  Run r = run_cli ("render", "deep-view.json", "--out", "x.png", NULL);
  assert_error (&r, "deep-view.json:", "render deep-view.json");
  g_assert_nonnull (strstr (r.err, "arrays and objects nested more than 64 levels deep"));
  run_clear (&r);
  g_autofree char *png = tmp_path ("x.png");
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

/* ------------------------------------------------------------ outputs */

typedef struct {
  const char *name;   /* in tmpdir */
  const char *what;   /* in the message */
} Target;

static const Target targets[] = {
  { "fifo", "it is a FIFO (named pipe), not a regular file" },
  { "null", "it is a symbolic link to a character device, not a regular file" },
  { "dir", "it is a directory, not a regular file" },
};

static void
make_targets (void)
{
  g_autofree char *fifo = tmp_path ("fifo");
  g_autofree char *null = tmp_path ("null");
  g_autofree char *dir = tmp_path ("dir");
  g_autofree char *frames = tmp_path ("frames");
  g_autofree char *frame = tmp_path ("frames/step-000000.png");
  g_autofree char *csv = tmp_path ("csv");
  g_autofree char *data = tmp_path ("csv/data.csv");
  if (g_file_test (dir, G_FILE_TEST_EXISTS))
    return;
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("/dev/null", null), ==, 0);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (frames, 0700), ==, 0);
  g_assert_cmpint (mkfifo (frame, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (csv, 0700), ==, 0);
  g_assert_cmpint (mkfifo (data, 0600), ==, 0);
}

static void
assert_targets_intact (void)
{
  static const struct {
    const char *name;
    mode_t      type;
  } want[] = {
    { "fifo", S_IFIFO }, { "null", S_IFLNK }, { "dir", S_IFDIR },
    { "frames/step-000000.png", S_IFIFO }, { "csv/data.csv", S_IFIFO },
  };
  for (guint k = 0; k < G_N_ELEMENTS (want); k++)
    {
      g_autofree char *path = tmp_path (want[k].name);
      GStatBuf st;
      g_assert_cmpint (g_lstat (path, &st), ==, 0);
      if ((st.st_mode & S_IFMT) != want[k].type)
        g_error ("%s was replaced", want[k].name);
    }
  g_autofree char *dir = tmp_path ("dir");
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (d));
}

/* every option that writes a file refuses a FIFO, a link to /dev/null and
 * a directory before doing the work, and leaves them as they were */
static void
test_outputs_not_regular (void)
{
  make_inputs ();
  make_targets ();
  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      const char *o = targets[t].name;
      const char *const runs[][14] = {
        { "train", "--target", "sine", "--width", "2", "--steps", "2", "--out", o, NULL },
        { "train", "--target", "sine", "--width", "2", "--steps", "2", "--log", o, NULL },
        { "train", "--target", "sine", "--width", "2", "--steps", "2", "--session", o, NULL },
        { "canonical", "net.json", "--out", o, NULL },
        { "landscape", "--init", "net.json", "--target", "sine", "--directions", "random", "--grid", "3", "--out", o, NULL },
        { "path", "net.json", "net.json", "--target", "sine", "--points", "3", "--out", o, NULL },
        { "pathology", "p0", "--out-gamma", o, NULL },
        { "pathology", "p0", "--out-g", o, NULL },
        { "render", "session.json", "--format", "png", "--dpi", "10", "--out", o, NULL },
      };
      for (guint k = 0; k < G_N_ELEMENTS (runs); k++)
        {
          char *argv[16] = { cli_path };
          for (guint j = 0; runs[k][j]; j++)
            argv[j + 1] = (char *) runs[k][j];
          Run r = run_cli_argv (argv);
          g_autofree char *what = g_strdup_printf ("%s onto %s", runs[k][0], o);
          g_autofree char *needle = g_strdup_printf ("%s: not written: %s", o, targets[t].what);
          assert_error (&r, needle, what);
          run_clear (&r);
        }
    }
  /* files inside an output folder: a FIFO named like a frame or a CSV */
  Run r = run_cli ("render", "session.json", "--frames", "frames", "--dpi", "10", "--steps", "1", NULL);
  assert_error (&r, "step-000000.png: not written: it is a FIFO", "render --frames");
  run_clear (&r);
  r = run_cli ("render", "session.json", "--csv", "csv", NULL);
  assert_error (&r, "data.csv: not written: it is a FIFO", "render --csv");
  run_clear (&r);
  assert_targets_intact ();
}

/* ---------------------------------------------------------------- stdout */

/* every command that prints, into /dev/full: exit status 1 and a message,
 * never a silent 0 */
static void
test_stdout_full (void)
{
  make_inputs ();
  g_autofree char *frames = tmp_path ("frames-ok");
  g_autofree char *csv = tmp_path ("csv-ok");
  const char *const runs[][14] = {
    { "--help", NULL },
    { "--version", NULL },
    { "canonical", "--help", NULL },
    { "train", "--target", "sine", "--width", "2", "--steps", "2", NULL },
    { "eval", "net.json", "--points", "points.csv", NULL },
    { "distance", "net.json", "net2.json", NULL },
    { "distance", "net.json", "net.json", NULL },
    { "targets", NULL },
    { "pathology", NULL },
    { "pathology", "p1", NULL },
    { "canonical", "net.json", NULL },
    { "canonical", "net.json", "--out", "canon.json", NULL },
    { "diagnose", "net.json", NULL },
    { "diagnose", "net2.json", "--json", NULL },
    { "landscape", "--init", "net.json", "--target", "sine", "--directions", "random", "--grid", "3", NULL },
    { "path", "net.json", "net.json", "--target", "sine", "--points", "3", NULL },
    { "render", "session.json", "--csv", csv, NULL },
    { "render", "session.json", "--frames", frames, "--dpi", "10", "--steps", "1", NULL },
  };
  for (guint k = 0; k < G_N_ELEMENTS (runs); k++)
    {
      char *argv[16] = { cli_path };
      for (guint j = 0; runs[k][j]; j++)
        argv[j + 1] = (char *) runs[k][j];
      g_autofree char *what = g_strjoinv (" ", argv + 1);
      /* it prints something when stdout works */
      Run r = run_cli_argv (argv);
      if (r.status == 2 && g_str_equal (runs[k][0], "distance"))
        ;  /* a 1-D and a 2-D net: a usage error, printed on stderr */
      else
        {
          assert_ok (&r, what);
          g_assert_cmpuint (strlen (r.out), >, 0);
        }
      run_clear (&r);

      GPtrArray *args = g_ptr_array_new ();
      for (guint j = 0; runs[k][j]; j++)
        g_ptr_array_add (args, (char *) runs[k][j]);
      g_ptr_array_add (args, NULL);
      g_autoptr (GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_auto (GStrv) env = cli_environ ();
      g_subprocess_launcher_set_environ (l, env);
      g_subprocess_launcher_set_cwd (l, tmpdir);
      g_subprocess_launcher_set_stdout_file_path (l, "/dev/full");
      g_ptr_array_insert (args, 0, cli_path);
      g_autoptr (GError) err = NULL;
      g_autoptr (GSubprocess) p = g_subprocess_launcher_spawnv (l, (const char *const *) args->pdata, &err);
      g_assert_no_error (err);
      g_autofree char *errtext = NULL;
      g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, NULL, &errtext, &err));
      g_assert_true (g_subprocess_get_if_exited (p));
      int status = g_subprocess_get_exit_status (p);
      if (g_str_equal (runs[k][0], "distance") && strstr (errtext, "is 1-D but"))
        g_assert_cmpint (status, ==, 2);
      else if (status != 1 || !strstr (errtext, "cannot write to standard output: "))
        g_error ("%s > /dev/full: status %d, stderr: %s", what, status, errtext);
      g_ptr_array_free (args, TRUE);
    }
  /* the helper does the same */
  Run r = run_cli_to ("/dev/full", "targets", NULL);
  assert_error (&r, "shallows-cli targets: cannot write to standard output: No space left on device", "targets");
  run_clear (&r);
}

/* ------------------------------------------------------------ sessions */

/* the session file with `from` replaced by `to` */
static void
write_session_variant (const char *name, const char *from, const char *to)
{
  g_autofree char *path = tmp_path ("session.json");
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  const char *at = strstr (text, from);
  g_assert_nonnull (at);
  g_autoptr (GString) s = g_string_new_len (text, at - text);
  g_string_append (s, to);
  g_string_append (s, at + strlen (from));
  write_file (name, s->str);
}

/* a session without a required array says which, with no GLib critical;
 * bad view settings are an error of the "view" field */
static void
test_session_fields (void)
{
  make_inputs ();
  static const struct {
    const char *from, *to, *needle;
  } cases[] = {
    { "\"loss\": [", "\"losses\": [", "field \"history.loss\" is missing" },
    { "\"moment1\": [", "\"moment_1\": [", "field \"state.moment1\" is missing" },
    { "\"moment2\": [", "\"moment_2\": [", "field \"state.moment2\" is missing" },
    { "\"theta\": [", "\"thetas\": [", "field \"state.theta\" is missing" },
    { "\"step\": [", "\"steps_\": [", "field \"history.step\" is missing" },
    { "\"perm\": [", "\"perms\": [", "field \"state.perm\" is missing" },
    { "\"b\": [", "\"bb\": [", "field \"init.network.b\" is missing" },
    { "\"view\": {}", "\"view\": {\"landscape\": {\"n\": \"many\"}}", "field \"view\"" },
    { "\"view\": {}", "\"view\": {\"grad_view\": 3}", "field \"view\"" },
    { "\"view\": {}", "\"view\": {\"landscape\": {\"span\": 1e999}}", "field \"view\"" },
  };
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      write_session_variant ("variant.json", cases[k].from, cases[k].to);
      Run r = run_cli ("render", "variant.json", "--format", "png", "--dpi", "10", "--out", "v.png", NULL);
      assert_error (&r, cases[k].needle, cases[k].to);
      run_clear (&r);
    }
  /* a view with a small span survives a load and save (json-glib 1.6
   * would write 1e-08 as "1e-08.0") */
  write_session_variant ("small-span.json", "\"view\": {}", "\"view\": {\"landscape\": {\"span\": 1e-8}}");
  Run r = run_cli ("render", "small-span.json", "--panel", "landscape", "--format", "png", "--dpi", "10",
                   "--out", "s.png", NULL);
  assert_ok (&r, "render small-span.json");
  run_clear (&r);
}

/* ------------------------------------------------------------ overflow */

#define NET1(A, B, C, E, V)                                                   \
  "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 1, "     \
  "\"domain\": [[-1, 1]], \"a\": [[" A "]], \"b\": [" B "], \"c\": [" C "], " \
  "\"e\": " E ", \"v\": [" V "]}"

/* numbers near the ends of the range: a right answer or a clear error */
static void
test_overflow (void)
{
  write_file ("big.json", NET1 ("1e308", "1e308", "1e308", "1e308", "1e308"));
  write_file ("minus.json", NET1 ("1e308", "1e308", "-1e308", "1e308", "1e308"));
  write_file ("fold.json", NET1 ("1e308", "1e308", "2", "-1.5e308", "-1.5e308"));
  write_file ("tiny.json", NET1 ("1e-310", "-2.5e-311", "4.9e-324", "-2.2250738585072014e-308", "5e-324"));

  /* kappa of the all-1e308 network would fold 1e616 into v */
  Run r = run_cli ("canonical", "big.json", NULL);
  assert_error (&r, "big.json: no canonical form: step 2 (affine), neuron 0: the result does not fit "
                "in double precision", "canonical big.json");
  run_clear (&r);
  r = run_cli ("canonical", "big.json", "--out", "k.json", NULL);
  assert_error (&r, "no canonical form", "canonical big.json --out");
  run_clear (&r);
  g_autofree char *kpath = tmp_path ("k.json");
  g_assert_false (g_file_test (kpath, G_FILE_TEST_EXISTS));

  /* ... but this one folds 2e308 - 1.5e308 = 5e307 exactly */
  r = run_cli ("canonical", "fold.json", NULL);
  assert_ok (&r, "canonical fold.json");
  g_assert_nonnull (strstr (r.out, "\"e\": 5e+307"));
  g_assert_nonnull (strstr (r.out, "\"v\": [5e+307]"));
  g_assert_nonnull (strstr (r.out, "\"a\": []"));
  run_clear (&r);

  /* subnormals load, and are diagnosed; kappa would balance c = 5e-324
   * against ||(a, b)|| = 1e-310 into subnormal weights of too few digits:
   * refused */
  r = run_cli ("diagnose", "tiny.json", NULL);
  assert_ok (&r, "diagnose tiny.json");
  g_assert_nonnull (strstr (r.out, "active"));
  run_clear (&r);
  r = run_cli ("canonical", "tiny.json", NULL);
  assert_error (&r, "tiny.json: no canonical form: step 5 (balance), neuron 0: the result does not fit "
                "in double precision (a folded, merged or balanced parameter would be rounded below "
                "the smallest normal double", "canonical tiny");
  run_clear (&r);
  /* small but normal: kept, balanced, restricted, and it reads back */
  write_file ("small.json", NET1 ("1e-200", "-2.5e-201", "1e-100", "-1e-300", "1e-300"));
  r = run_cli ("canonical", "small.json", "--out", "small-k.json", NULL);
  assert_ok (&r, "canonical small.json");
  g_assert_nonnull (strstr (r.out, "width 1 -> 1"));
  g_assert_nonnull (strstr (r.out, "restricted: yes"));
  run_clear (&r);
  r = run_cli ("diagnose", "small-k.json", NULL);
  assert_ok (&r, "diagnose small-k.json");
  g_assert_nonnull (strstr (r.out, "1.01527e-150"));   /* sqrt (1e-100 1e-200 sqrt (1.0625)) */
  g_assert_nonnull (strstr (r.out, "restricted: yes"));
  run_clear (&r);

  /* diagnose: the imbalance log(1/sqrt 2), the jump beyond the range is
   * inf in text and null + "overflow" in JSON */
  r = run_cli ("diagnose", "big.json", NULL);
  assert_ok (&r, "diagnose big.json");
  g_assert_nonnull (strstr (r.out, "-0.346574"));
  g_assert_nonnull (strstr (r.out, "inf: a value beyond the double range"));
  run_clear (&r);
  r = run_cli ("diagnose", "big.json", "--json", NULL);
  assert_ok (&r, "diagnose --json big.json");
  g_autoptr (JsonParser) p = shl_json_parse_text (r.out, -1, "diagnose", NULL);
  g_assert_nonnull (p);
  JsonObject *o = json_node_get_object (json_parser_get_root (p));
  JsonArray *over = json_object_get_array_member (o, "overflow");
  g_assert_cmpuint (json_array_get_length (over), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (over, 0), ==, "neurons[0].jump");
  JsonObject *n0 = json_array_get_object_element (json_object_get_array_member (o, "neurons"), 0);
  g_assert_true (json_node_is_null (json_object_get_member (n0, "jump")));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (n0, "imbalance"), -0.5 * log (2.0), 1e-15);
  run_clear (&r);

  /* distance: ||theta_A - theta_B|| = 2e308 is beyond the range: null,
   * named in "overflow" (not confused with null = not applicable) */
  r = run_cli ("distance", "big.json", "minus.json", NULL);
  assert_ok (&r, "distance big minus");
  g_clear_object (&p);
  p = shl_json_parse_text (r.out, -1, "distance", NULL);
  g_assert_nonnull (p);
  o = json_node_get_object (json_parser_get_root (p));
  g_assert_true (json_node_is_null (json_object_get_member (o, "param_raw")));
  over = json_object_get_array_member (o, "overflow");
  g_assert_nonnull (over);
  gboolean named = FALSE;
  for (guint k = 0; k < json_array_get_length (over); k++)
    named = named || g_str_equal (json_array_get_string_element (over, k), "param_raw");
  g_assert_true (named);
  run_clear (&r);
  /* an ordinary distance has no "overflow" */
  make_inputs ();
  r = run_cli ("distance", "net.json", "net.json", NULL);
  assert_ok (&r, "distance net net");
  g_assert_null (strstr (r.out, "overflow"));
  run_clear (&r);

  /* a domain whose width overflows is refused by every loader */
  write_file ("wide.json", "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 1, "
              "\"domain\": [[-1e308, 1e308]], \"a\": [], \"b\": [], \"c\": [], \"e\": 0}");
  r = run_cli ("diagnose", "wide.json", NULL);
  assert_error (&r, "wide.json: field \"domain\": entry 1: [-1e+308, 1e+308] is too wide", "wide");
  run_clear (&r);
  write_file ("wide.csv", "x,y\n-1e308,0\n1e308,1\n");
  r = run_cli ("train", "--data", "wide.csv", "--width", "2", "--steps", "1", NULL);
  assert_error (&r, "wide.csv: the points' bounding box, the domain, is not usable in x", "wide.csv");
  run_clear (&r);
}

/* remove dir and everything in it (links are removed, not followed) */
static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  for (const char *name; d && (name = g_dir_read_name (d));)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;
      if (g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
        remove_tree (path);
      else
        g_unlink (path);
    }
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
  tmpdir = g_dir_make_tmp ("shallows-cli-hostile-XXXXXX", NULL);
  g_test_add_func ("/cli/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/cli/hostile/outputs-not-regular", test_outputs_not_regular);
  g_test_add_func ("/cli/hostile/stdout-full", test_stdout_full);
  g_test_add_func ("/cli/hostile/session-fields", test_session_fields);
  g_test_add_func ("/cli/hostile/overflow", test_overflow);
  int rc = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (cli_path);
  return rc;
}
