/* test-cli-lesson.c: `shallows-cli lesson`: one image per slide, at the
 * size asked for, the same bytes on every run, the caption drawn above
 * the panels, sessions found next to the lesson, and clear errors. */
#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cli-run.h"

static void
rm_rf (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  if (d)
    {
      const char *name;
      while ((name = g_dir_read_name (d)))
        {
          g_autofree char *p = g_build_filename (dir, name, NULL);
          if (g_file_test (p, G_FILE_TEST_IS_DIR))
            rm_rf (p);
          else
            g_unlink (p);
        }
    }
  g_rmdir (dir);
}

static char *
read_all (const char *path, gsize *len)
{
  char *text = NULL;
  g_autoptr (GError) err = NULL;
  g_assert_true (g_file_get_contents (path, &text, len, &err));
  g_assert_no_error (err);
  return text;
}

/* dark pixels in a band of rows of a PNG (text is dark on the light
 * screen style) */
static int
dark_pixels (cairo_surface_t *s, int y0, int y1)
{
  int w = cairo_image_surface_get_width (s), stride = cairo_image_surface_get_stride (s);
  const guint8 *px = cairo_image_surface_get_data (s);
  int n = 0;
  for (int y = y0; y < y1; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 v = *(const guint32 *) (px + y * stride + 4 * x);
        int lum = (int) (((v >> 16) & 0xff) + ((v >> 8) & 0xff) + (v & 0xff));
        n += lum < 200;
      }
  return n;
}

static void
test_shipped_png (void)
{
  /* named as the lesson: a folder of that name is not a lesson file */
  g_autofree char *out = g_build_filename (tmpdir, "p1", NULL);
  g_autofree char *again = g_build_filename (tmpdir, "p1-again", NULL);
  Run r = run_cli ("lesson", "p1", "--out", out, NULL);
  if (r.status != 0)
    g_error ("%s", r.err);
  g_assert_nonnull (strstr (r.out, "4 slides of \"P1: an unbalanced neuron\""));
  run_clear (&r);
  r = run_cli ("lesson", "p1", "--out", again, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  for (int k = 1; k <= 4; k++)
    {
      g_autofree char *name = g_strdup_printf ("slide-%02d.png", k);
      g_autofree char *a = g_build_filename (out, name, NULL);
      g_autofree char *b = g_build_filename (again, name, NULL);
      gsize la, lb;
      g_autofree char *ta = read_all (a, &la);
      g_autofree char *tb = read_all (b, &lb);
      /* the same lesson gives the same files: training is deterministic */
      g_assert_cmpmem (ta, la, tb, lb);
      cairo_surface_t *s = cairo_image_surface_create_from_png (a);
      g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (s), ==, 1280);
      g_assert_cmpint (cairo_image_surface_get_height (s), ==, 720);
      /* a caption in the top band, panels below */
      g_assert_cmpint (dark_pixels (s, 0, 40), >, 200);
      g_assert_cmpint (dark_pixels (s, 300, 720), >, 2000);
      cairo_surface_destroy (s);
    }
  /* different slides, different captions */
  g_autofree char *s1 = g_build_filename (out, "slide-01.png", NULL);
  g_autofree char *s2 = g_build_filename (out, "slide-02.png", NULL);
  gsize l1, l2;
  g_autofree char *t1 = read_all (s1, &l1);
  g_autofree char *t2 = read_all (s2, &l2);
  g_assert_false (l1 == l2 && memcmp (t1, t2, l1) == 0);
  g_autofree char *s5 = g_build_filename (out, "slide-05.png", NULL);
  g_assert_false (g_file_test (s5, G_FILE_TEST_EXISTS));
}

static void
test_pdf_and_sizes (void)
{
  g_autofree char *out = g_build_filename (tmpdir, "pdf", NULL);
  Run r = run_cli ("lesson", "p4", "--out", out, "--format", "pdf", "--width-pt", "720",
                   "--height-pt", "405", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *pdf = g_build_filename (out, "slide-01.pdf", NULL);
  gsize len;
  g_autofree char *text = read_all (pdf, &len);
  g_assert_true (len > 1000 && memcmp (text, "%PDF", 4) == 0);
  const char *box = "/MediaBox [ 0 0 720 405 ]";
  g_assert_nonnull (memmem (text, len, box, strlen (box)));

  g_autofree char *big = g_build_filename (tmpdir, "big", NULL);
  r = run_cli ("lesson", "p4", "--out", big, "--size", "1920x1080", "--text-scale", "1.75", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *png = g_build_filename (big, "slide-03.png", NULL);
  cairo_surface_t *s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 1920);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 1080);
  cairo_surface_destroy (s);
}

/* a lesson of one's own: a session next to it, settings and a move */
static void
test_own_lesson (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "own", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_autofree char *session = g_build_filename (dir, "run.json", NULL);
  Run r = run_cli ("train", "--target", "abs", "--width", "4", "--steps", "50", "--session",
                   session, "--quiet", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_autofree char *lesson = g_build_filename (dir, "mine.json", NULL);
  const char *text =
    "{\"format\": \"shallows-lesson\", \"version\": 1, \"title\": \"Mine\", \"slides\": ["
    "{\"title\": \"A saved run\", \"lines\": [\"Fifty steps, then ten more.\"],"
    " \"session\": \"run.json\", \"train\": {\"steps\": 10}},"
    "{\"title\": \"Rescaled\", \"lines\": [\"The same function.\"], \"settings\": {\"width\": 3},"
    " \"moves\": [\"rescale-0-4\"], \"view\": {\"maximized\": \"trajectory\"}}]}";
  g_assert_true (g_file_set_contents (lesson, text, -1, NULL));
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  r = run_cli ("lesson", lesson, "--out", out, NULL);
  if (r.status != 0)
    g_error ("%s", r.err);
  g_assert_nonnull (strstr (r.out, "2 slides of \"Mine\""));
  run_clear (&r);
  g_autofree char *png = g_build_filename (out, "slide-02.png", NULL);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
}

static void
test_errors (void)
{
  g_autofree char *out = g_build_filename (tmpdir, "err", NULL);
  static const struct {
    const char *args[10];
    int status;
    const char *needle;
  } cases[] = {
    { { "lesson", "p1", NULL }, 2, "--out DIR is required" },
    { { "lesson", "--out", "x", NULL }, 2, "expected exactly one lesson file" },
    { { "lesson", "p1", "--out", "x", "--size", "12x", NULL }, 2, "--size" },
    { { "lesson", "p1", "--out", "x", "--size", "640x480", "--width-pt", "300", NULL }, 2, "not both" },
    { { "lesson", "p1", "--out", "x", "--width-pt", "300", NULL }, 2, "go together" },
    { { "lesson", "p1", "--out", "x", "--format", "svg", NULL }, 2, "--format: expected png or pdf" },
    { { "lesson", "p1", "--out", "x", "--text-scale", "9", NULL }, 2, "--text-scale" },
    { { "lesson", "no-such-lesson", "--out", "x", NULL }, 1, "no-such-lesson: cannot open" },
    { { "lesson", "bad.json", "--out", "x", NULL }, 1, "bad.json: slide 1 (\"t\"): field \"preset\": unknown preset \"p7\"" },
  };
  g_autofree char *bad = g_build_filename (tmpdir, "bad.json", NULL);
  g_assert_true (g_file_set_contents (bad, "{\"format\": \"shallows-lesson\", \"version\": 1, "
                                      "\"title\": \"x\", \"slides\": [{\"title\": \"t\", "
                                      "\"lines\": [\"l\"], \"preset\": \"p7\"}]}", -1, NULL));
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const char *const *a = cases[k].args;
      Run r = run_cli (a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
      if (r.status != cases[k].status || !strstr (r.err, cases[k].needle))
        g_error ("case %u: expected status %d and \"%s\", got %d: %s", k, cases[k].status,
                 cases[k].needle, r.status, r.err);
      run_clear (&r);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  const char *build = g_getenv ("SHL_BUILD_DIR");
  cli_path = g_build_filename (build ? build : ".", "app", "shallows-cli", NULL);
  if (!g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s is not built", cli_path);
  tmpdir = g_dir_make_tmp ("shallows-cli-lesson-XXXXXX", NULL);
  g_test_add_func ("/cli-lesson/shipped-png", test_shipped_png);
  g_test_add_func ("/cli-lesson/pdf-and-sizes", test_pdf_and_sizes);
  g_test_add_func ("/cli-lesson/own-lesson", test_own_lesson);
  g_test_add_func ("/cli-lesson/errors", test_errors);
  int rc = g_test_run ();
  rm_rf (tmpdir);
  g_free (tmpdir);
  g_free (cli_path);
  return rc;
}
