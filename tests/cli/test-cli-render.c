/* test-cli-render.c: `shallows-cli render` and issue 12, end to end.
 *
 * The layout is cross-checked on real PDFs with poppler's own reading of
 * them: `pdftotext -bbox` gives the box of every word, which must not
 * overlap another word or leave the page (the way issue 12 judged the
 * old layout). Then the options: --legend, --font (pdffonts names the
 * fonts embedded), --no-titles and --title, --width-pt or --height-pt
 * alone, --max-memory, PNG resolution, reproducible PDFs, a diverged run.
 * Tests that need poppler-utils are skipped without it. */
#include <glib.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli-run.h"

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static gboolean
have (const char *tool)
{
  g_autofree char *path = g_find_program_in_path (tool);
  if (!path)
    g_test_skip_printf ("%s is not installed (poppler-utils)", tool);
  return path != NULL;
}

/* stdout of a poppler tool on a file of the temporary folder */
static char *
poppler (const char *tool, const char *option, const char *name)
{
  g_autofree char *path = tmp_path (name);
  g_autofree char *prog = g_find_program_in_path (tool);
  /* pdftotext writes to stdout when told "-"; pdffonts and pdfinfo do */
  gboolean to_stdout = g_str_equal (tool, "pdftotext");
  const char *argv[5] = { prog, NULL, NULL, NULL, NULL };
  int k = 1;
  if (option)
    argv[k++] = option;
  argv[k++] = path;
  if (to_stdout)
    argv[k++] = "-";
  char *out = NULL;
  int status;
  GError *error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
render_ok (const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_ptr_array_add (args, cli_path);
  g_ptr_array_add (args, (char *) "render");
  va_list ap;
  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  char *out = NULL, *err = NULL;
  int status;
  GError *error = NULL;
  g_assert_true (g_spawn_sync (tmpdir, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("render failed: %s", err);
  g_free (out);
  g_free (err);
}

static void
train (const char *session, const char *target, const char *steps, const char *lr,
       const char *opt, int want_status)
{
  Run r = run_cli ("train", "--target", target, "--width", "12", "--steps", steps, "--lr", lr,
                   "--optimizer", opt, "--seed", "2", "--session", session, "-q", NULL);
  if (r.status != want_status)
    g_error ("train %s: status %d: %s", target, r.status, r.err);
  run_clear (&r);
}

/* ---------------------------------------------------------- pdftotext */

typedef struct {
  double x0, y0, x1, y1;
  char *text;
} Word;

static void
word_clear (gpointer p)
{
  g_free (((Word *) p)->text);
}

/* The words of a PDF with their boxes, and the page size. */
static GArray *
pdf_words (const char *name, double *w, double *h)
{
  g_autofree char *html = poppler ("pdftotext", "-bbox", name);
  g_autoptr (GRegex) page = g_regex_new ("<page width=\"([0-9.]+)\" height=\"([0-9.]+)\"", 0, 0,
                                         NULL);
  g_autoptr (GMatchInfo) pm = NULL;
  g_assert_true (g_regex_match (page, html, 0, &pm));
  g_autofree char *pw = g_match_info_fetch (pm, 1), *ph = g_match_info_fetch (pm, 2);
  *w = g_ascii_strtod (pw, NULL);
  *h = g_ascii_strtod (ph, NULL);
  g_autoptr (GRegex) re = g_regex_new ("<word xMin=\"([-0-9.]+)\" yMin=\"([-0-9.]+)\" "
                                       "xMax=\"([-0-9.]+)\" yMax=\"([-0-9.]+)\">([^<]*)</word>",
                                       0, 0, NULL);
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Word));
  g_array_set_clear_func (words, word_clear);
  g_autoptr (GMatchInfo) m = NULL;
  g_regex_match (re, html, 0, &m);
  for (; g_match_info_matches (m); g_match_info_next (m, NULL))
    {
      Word wd;
      double *v[4] = { &wd.x0, &wd.y0, &wd.x1, &wd.y1 };
      for (int k = 0; k < 4; k++)
        {
          g_autofree char *s = g_match_info_fetch (m, k + 1);
          *v[k] = g_ascii_strtod (s, NULL);
        }
      wd.text = g_match_info_fetch (m, 5);
      g_array_append_val (words, wd);
    }
  return words;
}

/* Problems with the words of a PDF: overlaps and words off the page. */
static int
check_words (const char *name, GString *errors, int *n_words)
{
  double w, h;
  g_autoptr (GArray) words = pdf_words (name, &w, &h);
  *n_words = (int) words->len;
  int bad = 0;
  for (guint i = 0; i < words->len; i++)
    {
      const Word *a = &g_array_index (words, Word, i);
      if (a->x0 < -0.05 || a->y0 < -0.05 || a->x1 > w + 0.05 || a->y1 > h + 0.05)
        {
          g_string_append_printf (errors, "  %s: \"%s\" leaves the page\n", name, a->text);
          bad++;
        }
      for (guint j = i + 1; j < words->len; j++)
        {
          const Word *b = &g_array_index (words, Word, j);
          double ox = MIN (a->x1, b->x1) - MAX (a->x0, b->x0);
          double oy = MIN (a->y1, b->y1) - MAX (a->y0, b->y0);
          if (ox > 0.05 && oy > 0.05)
            {
              g_string_append_printf (errors, "  %s: \"%s\" overlaps \"%s\" (%.2f x %.2f pt)\n",
                                      name, a->text, b->text, ox, oy);
              bad++;
            }
        }
    }
  return bad;
}

/* A sample of the size matrix, and the fonts and legend settings, as PDFs
 * read back by pdftotext: no word overlaps another or leaves the page. */
static void
test_bbox (void)
{
  if (!have ("pdftotext"))
    return;
  const struct {
    const char *session, *panel, *style, *w, *h, *extra, *value;
  } cases[] = {
    { "s1.json", "all", "paper", "497", "130", NULL, NULL },
    { "s1.json", "all", "paper", "238", "190", NULL, NULL },
    { "s1.json", "all", "screen", "497", "400", NULL, NULL },
    { "s1.json", "trajectory", "screen", "150", "120", NULL, NULL },
    { "s1.json", "trajectory", "paper", "497", "130", NULL, NULL },
    { "s1.json", "landscape", "paper", "150", "120", NULL, NULL },
    { "s1.json", "realization", "paper", "238", "190", "--font", "termes" },
    { "s1.json", "all", "paper", "397", "250", "--font", "cm" },
    { "s1.json", "derivative", "screen", "238", "190", "--legend", "outside" },
    { "s2.json", "all", "paper", "497", "400", NULL, NULL },
    { "s2.json", "all", "screen", "397", "250", NULL, NULL },
    { "s2.json", "landscape", "paper", "238", "190", "--font", "cm" },
    { "s2.json", "trajectory", "paper", "150", "120", NULL, NULL },
    { "s2.json", "realization", "screen", "497", "130", NULL, NULL },
  };
  g_autoptr (GString) errors = g_string_new (NULL);
  int bad = 0, words = 0;
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *name = g_strdup_printf ("bbox-%u.pdf", k);
      if (cases[k].extra)
        render_ok (cases[k].session, "--panel", cases[k].panel, "--style", cases[k].style,
                   "--width-pt", cases[k].w, "--height-pt", cases[k].h, cases[k].extra,
                   cases[k].value, "--out", name, NULL);
      else
        render_ok (cases[k].session, "--panel", cases[k].panel, "--style", cases[k].style,
                   "--width-pt", cases[k].w, "--height-pt", cases[k].h, "--out", name, NULL);
      int n;
      bad += check_words (name, errors, &n);
      words += n;
      /* the large figures have text to check */
      if (atoi (cases[k].h) >= 190)
        g_assert_cmpint (n, >=, 10);
    }
  g_test_message ("%d words in %u PDFs", words, (guint) G_N_ELEMENTS (cases));
  if (bad)
    g_error ("%d problems:\n%s", bad, errors->str);
}

/* --no-titles, --title for one panel and for all four */
static void
test_titles (void)
{
  if (!have ("pdftotext"))
    return;
  render_ok ("s1.json", "--no-titles", "--out", "t0.pdf", NULL);
  g_autofree char *t0 = poppler ("pdftotext", NULL, "t0.pdf");
  g_assert_null (strstr (t0, "Realization"));
  g_assert_null (strstr (t0, "Training loss"));
  g_assert_nonnull (strstr (t0, "step"));   /* axis labels stay */

  render_ok ("s1.json", "--panel", "realization", "--title", "Our network", "--out", "t1.pdf",
             NULL);
  g_autofree char *t1 = poppler ("pdftotext", NULL, "t1.pdf");
  g_assert_nonnull (strstr (t1, "Our network"));
  g_assert_null (strstr (t1, "Realization"));

  render_ok ("s1.json", "--title", "Four views", "--title", "landscape=The loss surface",
             "--out", "t2.pdf", NULL);
  g_autofree char *t2 = poppler ("pdftotext", NULL, "t2.pdf");
  g_assert_nonnull (strstr (t2, "Four views"));
  g_assert_nonnull (strstr (t2, "The loss surface"));
  g_assert_null (strstr (t2, "Loss landscape"));
  g_assert_nonnull (strstr (t2, "Realization"));

  Run r = run_cli ("render", "s1.json", "--panel", "realization", "--title", "landscape=X",
                   "--out", "x.pdf", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--title landscape"));
  run_clear (&r);
}

/* --font: the embedded fonts (pdffonts) are the family asked for and its
 * math font; bad names are usage errors */
static void
test_fonts (void)
{
  if (!have ("pdffonts"))
    return;
  const struct {
    const char *font, *want, *math;
  } fonts[] = {
    { "dejavu", "DejaVuSerif", NULL },
    { "termes", "TeXGyreTermes", "TeXGyreTermesMath" },
    { "cm", "CMUSerif", "LatinModernMath" },
  };
  for (guint k = 0; k < G_N_ELEMENTS (fonts); k++)
    {
      g_autofree char *name = g_strdup_printf ("font-%s.pdf", fonts[k].font);
      render_ok ("s1.json", "--font", fonts[k].font, "--out", name, NULL);
      g_autofree char *list = poppler ("pdffonts", NULL, name);
      if (!strstr (list, fonts[k].want) || (fonts[k].math && !strstr (list, fonts[k].math)))
        g_error ("--font %s embeds:\n%s", fonts[k].font, list);
    }
  Run r = run_cli ("render", "s1.json", "--font", "helvetica", "--out", "x.pdf", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--font: expected dejavu, termes or cm"));
  run_clear (&r);
  r = run_cli ("render", "s1.json", "--legend", "middle", "--out", "x.pdf", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--legend: expected auto, outside"));
  run_clear (&r);
}

static void
png_size (const char *name, int *w, int *h)
{
  g_autofree char *path = tmp_path (name);
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  *w = cairo_image_surface_get_width (s);
  *h = cairo_image_surface_get_height (s);
  cairo_surface_destroy (s);
}

/* One side alone keeps the default's aspect ratio (238 x 190 for a panel,
 * 497 x 400 for all four); the PNG says its resolution. */
static void
test_size_and_dpi (void)
{
  int w, h;
  render_ok ("s1.json", "--panel", "realization", "--width-pt", "300", "--dpi", "72",
             "--out", "w.png", NULL);
  png_size ("w.png", &w, &h);
  g_assert_cmpint (w, ==, 300);
  g_assert_cmpint (h, ==, (int) lround (300.0 * 190 / 238));
  render_ok ("s1.json", "--height-pt", "160", "--dpi", "72", "--out", "h.png", NULL);
  png_size ("h.png", &w, &h);
  g_assert_cmpint (h, ==, 160);
  g_assert_cmpint (w, ==, (int) lround (160.0 * 497 / 400));
  render_ok ("s1.json", "--width-pt", "200", "--height-pt", "50", "--dpi", "72", "--out",
             "wh.png", NULL);
  png_size ("wh.png", &w, &h);
  g_assert_cmpint (w, ==, 200);
  g_assert_cmpint (h, ==, 50);

  /* pHYs: 300 dpi is 11811 pixels per metre */
  render_ok ("s1.json", "--panel", "derivative", "--out", "d.png", NULL);
  g_autofree char *path = tmp_path ("d.png");
  g_autofree guint8 *png = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (path, (char **) &png, &len, NULL));
  g_assert_cmpmem (png + 37, 4, "pHYs", 4);
  guint32 ppm = (guint32) png[41] << 24 | (guint32) png[42] << 16 | (guint32) png[43] << 8 | png[44];
  g_assert_cmpuint (ppm, ==, 11811);
}

/* A PNG over the memory limit is refused, with status 2 and a clear
 * message, and nothing is written; --max-memory moves the limit. */
static void
test_max_memory (void)
{
  Run r = run_cli ("render", "s1.json", "--width-pt", "5000", "--height-pt", "5000", "--dpi",
                   "300", "--out", "huge.png", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "MiB, more than the limit of 512 MiB"));
  g_assert_nonnull (strstr (r.err, "--max-memory"));
  run_clear (&r);
  g_autofree char *huge = tmp_path ("huge.png");
  g_assert_false (g_file_test (huge, G_FILE_TEST_EXISTS));

  /* 100 x 100 pt at 300 dpi: 417 x 417 px, 0.66 MiB */
  r = run_cli ("render", "s1.json", "--panel", "realization", "--width-pt", "100",
               "--height-pt", "100", "--max-memory", "0.5", "--out", "m.png", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  render_ok ("s1.json", "--panel", "realization", "--width-pt", "100", "--height-pt", "100",
             "--max-memory", "1", "--out", "m.png", NULL);
  /* vector files are not limited */
  render_ok ("s1.json", "--panel", "realization", "--width-pt", "5000", "--height-pt", "5000",
             "--out", "big.pdf", NULL);
  r = run_cli ("render", "s1.json", "--max-memory", "lots", "--out", "m.png", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--max-memory"));
  run_clear (&r);
}

/* SOURCE_DATE_EPOCH makes PDFs byte for byte the same */
static void
test_reproducible (void)
{
  g_setenv ("SOURCE_DATE_EPOCH", "1700000000", TRUE);
  render_ok ("s1.json", "--out", "r1.pdf", NULL);
  render_ok ("s1.json", "--out", "r2.pdf", NULL);
  g_unsetenv ("SOURCE_DATE_EPOCH");
  g_autofree char *p1 = tmp_path ("r1.pdf"), *p2 = tmp_path ("r2.pdf");
  g_autofree char *a = NULL, *b = NULL;
  gsize la, lb;
  g_assert_true (g_file_get_contents (p1, &a, &la, NULL));
  g_assert_true (g_file_get_contents (p2, &b, &lb, NULL));
  g_assert_cmpmem (a, la, b, lb);
  if (have ("pdfinfo"))
    {
      g_autofree char *info = poppler ("pdfinfo", NULL, "r1.pdf");
      g_assert_nonnull (strstr (info, "Nov 14 22:13:20 2023"));
    }
}

/* A diverged run renders: the loss up to the last finite step, the huge
 * losses clipped and marked "off scale". */
static void
test_diverged (void)
{
  train ("div.json", "sine", "200", "1e6", "gd", 1);
  render_ok ("div.json", "--panel", "trajectory", "--out", "div.pdf", NULL);
  if (!have ("pdftotext"))
    return;
  g_autofree char *text = poppler ("pdftotext", NULL, "div.pdf");
  g_assert_nonnull (strstr (text, "off scale"));
  g_assert_nonnull (strstr (text, "Training loss"));
}

/* ------------------------------------------------------- figure specs */

static void
write_spec (const char *name, const char *json)
{
  g_autofree char *path = tmp_path (name);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
}

/* the first word with this text, or NULL */
static const Word *
find_word (GArray *words, const char *text)
{
  for (guint i = 0; i < words->len; i++)
    if (g_str_equal (g_array_index (words, Word, i).text, text))
      return &g_array_index (words, Word, i);
  return NULL;
}

/* A spec with a journal preset and letters: the NeurIPS width, the
 * letters (a)-(d) at the top left of their panels, on their titles'
 * rows, and no word overlaps another or leaves the page. */
static void
test_spec_letters (void)
{
  if (!have ("pdftotext"))
    return;
  write_spec ("letters.json",
              "{\"format\": \"shallows-figure\", \"version\": 1,\n"
              " \"preset\": \"neurips\", \"letters\": true, \"legend\": \"outside\"}\n");
  render_ok ("s1.json", "--spec", "letters.json", "--out", "letters.pdf", NULL);
  double w, h;
  g_autoptr (GArray) words = pdf_words ("letters.pdf", &w, &h);
  g_assert_cmpfloat (fabs (w - 396.0), <, 0.01);   /* 5.5 in */
  g_assert_cmpfloat (fabs (h - 396.0 * 400 / 497), <, 0.01);
  const char *letters[] = { "(a)", "(b)", "(c)", "(d)" };
  const char *titles[] = { "Realization", "Derivative", "Loss", NULL };
  for (int k = 0; k < 4; k++)
    {
      const Word *l = find_word (words, letters[k]);
      if (!l)
        g_error ("no %s in letters.pdf", letters[k]);
      /* in its cell's top-left corner: the 2 x 2 grid's quarter */
      g_assert_cmpfloat (l->x0, <, (k % 2) * w / 2 + 12);
      g_assert_cmpfloat (l->x0, >=, (k % 2) * w / 2 - 0.05);
      g_assert_cmpfloat (l->y0, <, (k / 2) * h / 2 + 12);
      const Word *t = titles[k] ? find_word (words, titles[k]) : NULL;
      if (t)
        {
          /* left of its title, on the same row */
          g_assert_cmpfloat (l->x1, <, t->x0);
          g_assert_cmpfloat (fabs (l->y1 - t->y1), <, 2.0);
        }
    }
  g_autoptr (GString) errors = g_string_new (NULL);
  int n;
  if (check_words ("letters.pdf", errors, &n))
    g_error ("letters.pdf:\n%s", errors->str);

  /* "title": the letter starts the title */
  write_spec ("letters-title.json",
              "{\"panels\": [\"derivative\", \"realization\"], \"letters\": \"title\"}");
  render_ok ("s1.json", "--spec", "letters-title.json", "--out", "lt.pdf", NULL);
  g_autofree char *text = poppler ("pdftotext", NULL, "lt.pdf");
  g_assert_nonnull (strstr (text, "(a) Derivative"));
  g_assert_nonnull (strstr (text, "(b) Realization"));
}

/* Axis limits and ticks: the realization on [-0.5, 0.5] x [-3, 3] shows
 * exactly the ticks asked for, not its automatic ones (its domain is
 * [-1, 1], its values about [-1, 1]); labels, title and the colour
 * range of a 2-D panel too. */
static void
test_spec_limits (void)
{
  if (!have ("pdftotext"))
    return;
  write_spec ("limits.json",
              "{\"panels\": [\"realization\"],\n"
              " \"realization\": {\"x\": [-0.5, 0.5], \"y\": [-3, 3],\n"
              "   \"x_ticks\": [-0.5, 0, 0.5], \"y_ticks\": [-3, 0, 3],\n"
              "   \"y_label\": \"height\", \"title\": \"Zoomed\"},\n"
              " \"series\": {\"kinks\": false}}");
  render_ok ("s1.json", "--spec", "limits.json", "--out", "limits.pdf", NULL);
  double w, h;
  g_autoptr (GArray) words = pdf_words ("limits.pdf", &w, &h);
  g_assert_cmpfloat (fabs (w - 238.0), <, 0.01);   /* one panel's default */
  const char *want[] = { "−0.5", "0.5", "−3", "3", "height", "Zoomed" };
  for (guint k = 0; k < G_N_ELEMENTS (want); k++)
    if (!find_word (words, want[k]))
      g_error ("limits.pdf has no \"%s\"", want[k]);
  const char *unwanted[] = { "1.0", "−1.0", "1", "−1", "Realization", "kinks" };
  for (guint k = 0; k < G_N_ELEMENTS (unwanted); k++)
    if (find_word (words, unwanted[k]))
      g_error ("limits.pdf has \"%s\"", unwanted[k]);
  /* the x ticks in order along the axis, the y ticks from the bottom up */
  const Word *xl = find_word (words, "−0.5"), *xr = find_word (words, "0.5");
  const Word *yb = find_word (words, "−3"), *yt = find_word (words, "3");
  g_assert_cmpfloat (xl->x1, <, xr->x0);
  g_assert_cmpfloat (yt->y1, <, yb->y0);

  /* a 2-D panel's colour range and label */
  write_spec ("color.json",
              "{\"panels\": [\"realization\"], \"realization\": "
              "{\"color_range\": [-7, 7], \"colorbar_label\": \"value\"}}");
  render_ok ("s2.json", "--spec", "color.json", "--out", "color.pdf", NULL);
  g_autoptr (GArray) cw = pdf_words ("color.pdf", &w, &h);
  g_assert_nonnull (find_word (cw, "value"));
  g_assert_true (find_word (cw, "6") || find_word (cw, "5"));
  g_assert_true (find_word (cw, "−6") || find_word (cw, "−5"));
}

/* Flags override the spec's fields; --preset and --letters alone. */
static void
test_spec_flags (void)
{
  if (!have ("pdftotext") || !have ("pdffonts"))
    return;
  write_spec ("icml.json", "{\"preset\": \"icml\", \"letters\": false, \"titles\": false}");
  render_ok ("s1.json", "--spec", "icml.json", "--out", "icml.pdf", NULL);
  double w, h;
  g_autoptr (GArray) a = pdf_words ("icml.pdf", &w, &h);
  g_assert_cmpfloat (fabs (w - 234.0), <, 0.01);   /* 3.25 in */
  g_assert_null (find_word (a, "(a)"));
  g_assert_null (find_word (a, "Realization"));
  g_autofree char *fonts = poppler ("pdffonts", NULL, "icml.pdf");
  g_assert_nonnull (strstr (fonts, "TeXGyreTermes"));

  render_ok ("s1.json", "--spec", "icml.json", "--letters", "--width-pt", "300", "--font", "cm",
             "--panel", "derivative", "--out", "icml2.pdf", NULL);
  g_autoptr (GArray) b = pdf_words ("icml2.pdf", &w, &h);
  g_assert_cmpfloat (fabs (w - 300.0), <, 0.01);
  g_assert_cmpfloat (fabs (h - 300.0 * 190 / 238), <, 0.01);
  g_assert_nonnull (find_word (b, "(a)"));
  g_autofree char *fonts2 = poppler ("pdffonts", NULL, "icml2.pdf");
  g_assert_nonnull (strstr (fonts2, "CMUSerif"));

  render_ok ("s1.json", "--preset", "icml-wide", "--letters", "--out", "wide.pdf", NULL);
  g_autoptr (GArray) c = pdf_words ("wide.pdf", &w, &h);
  g_assert_cmpfloat (fabs (w - 486.0), <, 0.01);   /* 6.75 in */
  g_assert_nonnull (find_word (c, "(d)"));

  Run r = run_cli ("render", "s1.json", "--preset", "nature", "--out", "x.pdf", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--preset: expected neurips, icml or icml-wide"));
  run_clear (&r);
}

/* Bad specs: exit status 1, a message naming the file and the field,
 * and nothing written. */
/* the contents of a file of the temporary folder */
static GBytes *
tmp_bytes (const char *name)
{
  g_autofree char *path = tmp_path (name);
  char *text;
  gsize len;
  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  return g_bytes_new_take (text, len);
}

/* the flags give the figure the same spec fields give, byte for byte */
static void
test_figure_flags (void)
{
  if (!have ("pdftotext"))
    return;
  g_setenv ("SOURCE_DATE_EPOCH", "1700000000", TRUE);
  write_spec ("flags.json",
              "{\"panels\": [\"realization\"], \"series\": {\"data\": false, \"target\": false},\n"
              " \"realization\": {\"x\": [-0.5, 0.5], \"y\": [-3, 3]}}");
  render_ok ("s1.json", "--spec", "flags.json", "--out", "by-spec.pdf", NULL);
  render_ok ("s1.json", "--panel", "realization", "--hide", "data,target", "--xlim", "-0.5,0.5",
             "--ylim", "realization=-3,3", "--out", "by-flags.pdf", NULL);
  g_autoptr (GBytes) a = tmp_bytes ("by-spec.pdf"), b = tmp_bytes ("by-flags.pdf");
  g_assert_true (g_bytes_equal (a, b));
  double w, h;
  g_autoptr (GArray) words = pdf_words ("by-flags.pdf", &w, &h);
  g_assert_null (find_word (words, "data"));
  g_assert_null (find_word (words, "target"));
  g_assert_nonnull (find_word (words, "−3"));
  /* --show brings back what the spec hides */
  render_ok ("s1.json", "--spec", "flags.json", "--show", "data", "--out", "shown.pdf", NULL);
  g_autoptr (GArray) shown = pdf_words ("shown.pdf", &w, &h);
  g_assert_nonnull (find_word (shown, "data"));
  g_assert_null (find_word (shown, "target"));

  /* the greyscale-safe map: the spec's field and the flag agree, and the
   * map is not the default's */
  write_spec ("bluegold.json", "{\"panels\": [\"realization\"], \"colormap\": \"bluegold\"}");
  render_ok ("s2.json", "--spec", "bluegold.json", "--out", "bg-spec.png", NULL);
  render_ok ("s2.json", "--panel", "realization", "--colormap", "bluegold", "--out", "bg-flag.png",
             NULL);
  render_ok ("s2.json", "--panel", "realization", "--out", "cw.png", NULL);
  g_autoptr (GBytes) c = tmp_bytes ("bg-spec.png"), d = tmp_bytes ("bg-flag.png");
  g_autoptr (GBytes) e = tmp_bytes ("cw.png");
  g_assert_true (g_bytes_equal (c, d));
  g_assert_false (g_bytes_equal (c, e));
  /* a twin hidden from the plots of f */
  Run t = run_cli ("pathology", "p2", "--session", "twin.json", NULL);
  g_assert_cmpint (t.status, ==, 0);
  run_clear (&t);
  render_ok ("twin.json", "--panel", "realization", "--out", "twin.pdf", NULL);
  render_ok ("twin.json", "--panel", "realization", "--hide", "twin", "--out", "no-twin.pdf", NULL);
  g_autoptr (GArray) tw = pdf_words ("twin.pdf", &w, &h);
  g_autoptr (GArray) ntw = pdf_words ("no-twin.pdf", &w, &h);
  g_assert_nonnull (find_word (tw, "twin"));
  g_assert_null (find_word (ntw, "twin"));
  /* a loss-plot range by name */
  render_ok ("s1.json", "--panel", "trajectory", "--ylim", "loss=1e-6,10", "--out", "loss.pdf",
             NULL);
  g_unsetenv ("SOURCE_DATE_EPOCH");

  const struct {
    const char *flag, *value, *message;
  } bad[] = {
    { "--xlim", "1,0", "--xlim: expected LO < HI" },
    { "--ylim", "2", "--ylim: expected LO,HI" },
    { "--xlim", "realisation=0,1", "expected realization, derivative, landscape, trajectory or loss" },
    { "--xlim", "a,1", "--xlim" },
    { "--color-range", "trajectory=0,1", "the trajectory has no colour bar" },
    { "--color-range", "landscape=0,1", "expected LO > 0" },
    { "--hide", "data,errors", "--hide: expected data, target, kinks, twin or neurons" },
    { "--colormap", "jet", "--colormap: expected coolwarm or bluegold" },
    { "--landscape-grid", "2", "--landscape-grid" },
    { "--landscape-grid", "many", "--landscape-grid" },
    { "--ylim", "loss=0,1", "expected LO > 0 (the loss axis is logarithmic)" },
  };
  for (guint k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      Run r = run_cli ("render", "s1.json", "--panel", "realization", bad[k].flag, bad[k].value,
                       "--out", "bad.pdf", NULL);
      if (r.status != 2 || !strstr (r.err, bad[k].message))
        g_error ("%s %s: status %d, \"%s\"; expected \"%s\"", bad[k].flag, bad[k].value,
                 r.status, r.err, bad[k].message);
      run_clear (&r);
    }
  Run r = run_cli ("render", "s1.json", "--title", "$\\sinus x$", "--out", "bad.pdf", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--title: \\sinus is not a TeX command"));
  run_clear (&r);
  r = run_cli ("render", "s1.json", "--xlim", "0,1", "--out", "bad.pdf", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "name the panel (PANEL=LO,HI)"));
  run_clear (&r);
  r = run_cli ("render", "s1.json", "--hide", "data,neurons", "--show", "neurons", "--out",
               "bad.pdf", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--hide and --show both name neurons"));
  run_clear (&r);
  /* a format that contradicts the file's name is not written under it */
  r = run_cli ("render", "s1.json", "--format", "png", "--out", "bad.pdf", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--format png, but --out \"bad.pdf\" ends in .pdf"));
  run_clear (&r);
  g_autofree char *not_written = tmp_path ("bad.pdf");
  g_assert_false (g_file_test (not_written, G_FILE_TEST_EXISTS));
}

/* pdfimages -list: the width and the horizontal ppi of the PDF's one
 * image */
static void
pdf_image (const char *name, int *width, int *ppi)
{
  g_autofree char *list = poppler ("pdfimages", "-list", name);
  g_auto (GStrv) lines = g_strsplit (list, "\n", -1);
  int n = 0;
  for (int k = 2; lines[k]; k++)
    {
      int page, num, w, h, comp, bpc, id, gen, xppi;
      char type[16], color[16], enc[16], interp[8];
      if (sscanf (lines[k], "%d %d %15s %d %d %15s %d %d %15s %7s %d %d %d", &page, &num, type,
                  &w, &h, color, &comp, &bpc, enc, interp, &id, &gen, &xppi) == 13)
        *width = w, *ppi = xppi, n++;
    }
  if (n != 1)
    g_error ("%s: expected one image, found %d:\n%s", name, n, list);
}

/* the loss slice (a raster) follows the figure's size: at least 200
 * nodes per inch of the map; --landscape-grid sets it */
static void
test_landscape_grid (void)
{
  if (!have ("pdfimages"))
    return;
  const struct {
    const char *panel, *width;
  } sizes[] = { { "landscape", "150" }, { "landscape", "238" }, { "landscape", "497" },
                { "all", "497" }, { "all", "1000" } };
  int last = 0;
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      render_ok ("s2.json", "--panel", sizes[k].panel, "--width-pt", sizes[k].width, "--out",
                 "grid.pdf", NULL);
      int w, ppi;
      pdf_image ("grid.pdf", &w, &ppi);
      if (ppi < 200)
        g_error ("%s at %s pt: the loss slice has %d ppi", sizes[k].panel, sizes[k].width, ppi);
      if (k < 3)
        g_assert_cmpint (w, >, last);   /* a larger map, a finer grid */
      last = w;
    }
  render_ok ("s2.json", "--panel", "landscape", "--landscape-grid", "41", "--out", "grid.pdf",
             NULL);
  int w, ppi;
  pdf_image ("grid.pdf", &w, &ppi);
  g_assert_cmpint (w, ==, 41);
}

/* --video: the frames encoded by ffmpeg; refused clearly without it */
static void
test_video (void)
{
  /* no ffmpeg on PATH: an error before any work, naming the package */
  g_autofree char *empty = tmp_path ("no-programs");
  g_mkdir (empty, 0755);
  cli_env_path = empty;
  Run r = run_cli ("render", "s1.json", "--video", "v.mp4", NULL);
  cli_env_path = NULL;
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "--video needs ffmpeg"));
  g_assert_nonnull (strstr (r.err, "--frames DIR"));
  run_clear (&r);
  g_rmdir (empty);
  g_autofree char *none = tmp_path ("v.mp4");
  g_assert_false (g_file_test (none, G_FILE_TEST_EXISTS));
  r = run_cli ("render", "s1.json", "--video", "v.avi", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, ".mp4 or .webm"));
  run_clear (&r);
  r = run_cli ("render", "s1.json", "--out", "x.pdf", "--fps", "5", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);

  g_autofree char *ffmpeg = g_find_program_in_path ("ffmpeg");
  if (!ffmpeg)
    {
      g_test_skip ("ffmpeg is not installed (scripts/deps.sh installs it for the tests)");
      return;
    }
  const struct {
    const char *name;
    gsize offset;
    const char *magic;
  } videos[] = { { "v.mp4", 4, "ftyp" }, { "v.webm", 0, "\x1a\x45\xdf\xa3" } };
  for (guint k = 0; k < G_N_ELEMENTS (videos); k++)
    {
      render_ok ("s1.json", "--panel", "realization", "--width-pt", "120", "--dpi", "72",
                 "--steps", "20", "--every", "10", "--fps", "2", "--video", videos[k].name, NULL);
      g_autoptr (GBytes) v = tmp_bytes (videos[k].name);
      gsize len;
      const char *data = g_bytes_get_data (v, &len);
      gsize m = strlen (videos[k].magic);
      g_assert_cmpuint (len, >, 256);
      g_assert_true (memcmp (data + videos[k].offset, videos[k].magic, m) == 0);
    }
  /* with --frames the frames stay */
  render_ok ("s1.json", "--panel", "realization", "--width-pt", "120", "--dpi", "72", "--steps",
             "10", "--every", "5", "--frames", "kept", "--video", "kept.mp4", NULL);
  const char *frames[] = { "step-000000.png", "step-000005.png", "step-000010.png" };
  for (guint k = 0; k < G_N_ELEMENTS (frames); k++)
    {
      g_autofree char *f = g_build_filename (tmpdir, "kept", frames[k], NULL);
      g_assert_true (g_file_test (f, G_FILE_TEST_IS_REGULAR));
      g_unlink (f);
    }
  g_autofree char *kept = tmp_path ("kept");
  g_rmdir (kept);
}

static void
test_spec_errors (void)
{
  const struct {
    const char *json, *message;
  } cases[] = {
    { "{\"realization\": {\"y\": [2, 1]}}", "bad.json: realization.y: expected lo < hi" },
    { "{\"realization\": {\"x\": \"wide\"}}", "bad.json: realization.x: expected [lo, hi], found a string" },
    { "{\"trajectory\": {\"loss\": {\"y\": [0, 1, 2]}}}", "bad.json: trajectory.loss.y: expected [lo, hi]" },
    { "{\"trajectory\": {\"loss\": {\"y\": [0, 1]}}}", "bad.json: trajectory.loss.y: expected lo > 0" },
    { "{\"derivative\": {\"x_ticks\": [0, \"a\"]}}", "bad.json: derivative.x_ticks[1]: expected a number" },
    { "{\"preset\": \"nature\"}", "bad.json: preset: expected neurips, icml or icml-wide, found \"nature\"" },
    { "{\"legend\": \"middle\"}", "bad.json: legend: expected auto, outside" },
    { "{\"legnd\": \"off\"}", "bad.json: legnd: unknown field" },
    { "{\"realization\": {\"color\": 1}}", "bad.json: realization.color: unknown field" },
    { "{\"trajectory\": {\"color_range\": [0, 1]}}", "bad.json: trajectory.color_range: unknown field" },
    { "{\"landscape\": {\"color_range\": [0, 1]}}", "bad.json: landscape.color_range: expected lo > 0" },
    { "{\"panels\": [\"realization\", \"realization\"]}", "bad.json: panels[1]: realization is named twice" },
    { "{\"panels\": [\"loss\"]}", "bad.json: panels[0]: expected realization, derivative" },
    { "{\"series\": {\"errors\": false}}", "bad.json: series.errors: unknown series" },
    { "{\"realization\": {\"y_label\": \"$\\\\mathbb{R}$\"}}",
      "bad.json: realization.y_label: \\mathbb is not a TeX command Shallows sets" },
    { "{\"series\": {\"twin\": 0}}", "bad.json: series.twin: expected true or false" },
    { "{\"colormap\": \"jet\"}", "bad.json: colormap: expected coolwarm or bluegold, found \"jet\"" },
    { "{\"titles\": \"no\"}", "bad.json: titles: expected true or false, found a string" },
    { "{\"font_size\": 100}", "bad.json: font_size: expected a number from 4 to 36" },
    { "{\"columns\": 1.5}", "bad.json: columns: expected a whole number" },
    { "{\"version\": 2}", "bad.json: version: 2 is newer" },
    { "{\"format\": \"shallows-network\"}", "bad.json: format: expected \"shallows-figure\"" },
    { "[1, 2]", "bad.json: expected a JSON object, found an array" },
    { "{\"titles\": true,", "bad.json:1:" },
    { "", "bad.json: the file is empty" },
  };
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      write_spec ("bad.json", cases[k].json);
      Run r = run_cli ("render", "s1.json", "--spec", "bad.json", "--out", "bad.pdf", NULL);
      if (r.status != 1 || !strstr (r.err, cases[k].message))
        g_error ("%s: status %d, \"%s\"; expected \"%s\"", cases[k].json, r.status, r.err,
                 cases[k].message);
      run_clear (&r);
      g_autofree char *out = tmp_path ("bad.pdf");
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
  /* nothing either when frames were asked for */
  Run r = run_cli ("render", "s1.json", "--spec", "bad.json", "--frames", "bad-frames", NULL);
  g_assert_cmpint (r.status, ==, 1);
  run_clear (&r);
  g_autofree char *dir = tmp_path ("bad-frames");
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  r = run_cli ("render", "s1.json", "--spec", "missing.json", "--out", "bad.pdf", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "missing.json"));
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
  tmpdir = g_dir_make_tmp ("shallows-render-XXXXXX", NULL);
  train ("s1.json", "sine", "1500", "0.01", "adam", 0);
  train ("s2.json", "xor", "600", "0.01", "adam", 0);
  g_test_add_func ("/cli/render/bbox", test_bbox);
  g_test_add_func ("/cli/render/titles", test_titles);
  g_test_add_func ("/cli/render/fonts", test_fonts);
  g_test_add_func ("/cli/render/size-and-dpi", test_size_and_dpi);
  g_test_add_func ("/cli/render/max-memory", test_max_memory);
  g_test_add_func ("/cli/render/reproducible", test_reproducible);
  g_test_add_func ("/cli/render/diverged", test_diverged);
  g_test_add_func ("/cli/render/spec-letters", test_spec_letters);
  g_test_add_func ("/cli/render/spec-limits", test_spec_limits);
  g_test_add_func ("/cli/render/spec-flags", test_spec_flags);
  g_test_add_func ("/cli/render/spec-errors", test_spec_errors);
  g_test_add_func ("/cli/render/figure-flags", test_figure_flags);
  g_test_add_func ("/cli/render/landscape-grid", test_landscape_grid);
  g_test_add_func ("/cli/render/video", test_video);
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
