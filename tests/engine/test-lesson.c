/* test-lesson.c: lesson files: a round trip of every field, the writer's
 * bytes, paths when a lesson moves, and every kind of bad input named by
 * file, slide and field. */
#include <glib/gstdio.h>
#include <string.h>

#include "shl-lesson.h"

/* a folder with the files a lesson may name */
static char *
make_folder (void)
{
  g_autoptr (GError) err = NULL;
  char *dir = g_dir_make_tmp ("shl-lesson-XXXXXX", &err);
  g_assert_no_error (err);
  g_autofree char *sub = g_build_filename (dir, "files", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  const char *names[] = { "files/run.json", "files/net.json", "files/points.csv" };
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      g_autofree char *p = g_build_filename (dir, names[k], NULL);
      g_assert_true (g_file_set_contents (p, "{}", -1, NULL));
    }
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  if (!d)
    return;
  const char *name;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

static ShlLessonSetting
setting (const char *key)
{
  ShlLessonSetting s = { shl_lesson_setting_lookup (key), 0, 0, FALSE, NULL };
  g_assert_nonnull (s.info);
  return s;
}

/* a lesson with every kind of field */
static ShlLesson *
make_lesson (const char *dir)
{
  ShlLesson *l = shl_lesson_new ("Every field «quoted \"and\" back\\slashed»");
  l->dir = g_strdup (dir);

  ShlLessonSlide *a = shl_lesson_slide_new ("P1 · an unbalanced neuron");
  shl_lesson_slide_add_line (a, "A tiny outer weight, a large inner one.");
  shl_lesson_slide_add_line (a, "Moving the kink by ½ costs about ⅓ in parameters.");
  shl_lesson_slide_add_line (a, "Balanced: only √ε.");
  a->preset = g_strdup ("p1");
  a->has_param = TRUE;
  a->param = 0.01;
  a->n_settings = 4;
  a->settings = g_new0 (ShlLessonSetting, 4);
  a->settings[0] = setting ("lr");
  a->settings[0].d = 0.1;
  a->settings[1] = setting ("data-seed");
  a->settings[1].i = 7;
  a->settings[2] = setting ("restricted");
  a->settings[2].b = TRUE;
  a->settings[3] = setting ("optimizer");
  a->settings[3].s = g_strdup ("momentum");
  a->moves = g_strsplit ("canon-4,rescale-0-0.5,canonical", ",", -1);
  a->view_json = g_strdup ("{\"show_neurons\": true, \"landscape\": {\"span\": 0.25, \"n\": 41}, "
                           "\"locks\": {\"x\": [-1, 1]}}");
  a->train = TRUE;
  a->steps = 2500;
  a->speed = 0;
  shl_lesson_add_slide (l, a);

  ShlLessonSlide *b = shl_lesson_slide_new ("A saved run");
  shl_lesson_slide_add_line (b, "Exactly as it was saved.");
  b->session = g_strdup ("files/run.json");
  shl_lesson_add_slide (l, b);

  ShlLessonSlide *c = shl_lesson_slide_new ("A network and data");
  shl_lesson_slide_add_line (c, "Both from files.");
  c->network = g_strdup ("files/net.json");
  c->experiment = g_strdup ("scatter");
  c->data = g_strdup ("files/points.csv");
  c->n_settings = 1;
  c->settings = g_new0 (ShlLessonSetting, 1);
  c->settings[0] = setting ("width");
  c->settings[0].i = 3;
  c->train = TRUE;
  c->steps = 1;
  c->speed = 12.5;
  shl_lesson_add_slide (l, c);
  return l;
}

static void
assert_slides_equal (const ShlLessonSlide *x, const ShlLessonSlide *y)
{
  g_assert_cmpstr (x->title, ==, y->title);
  g_assert_cmpuint (x->n_lines, ==, y->n_lines);
  for (guint k = 0; k < x->n_lines; k++)
    g_assert_cmpstr (x->lines[k], ==, y->lines[k]);
  g_assert_cmpstr (x->preset, ==, y->preset);
  g_assert_cmpint (x->has_param, ==, y->has_param);
  if (x->has_param)
    g_assert_true (x->param == y->param);
  g_assert_cmpstr (x->session, ==, y->session);
  g_assert_cmpstr (x->network, ==, y->network);
  g_assert_cmpstr (x->data, ==, y->data);
  g_assert_cmpuint (x->n_settings, ==, y->n_settings);
  for (guint k = 0; k < x->n_settings; k++)
    {
      const ShlLessonSetting *p = &x->settings[k], *q = &y->settings[k];
      g_assert_true (p->info == q->info);
      g_assert_cmpint (p->i, ==, q->i);
      g_assert_true (p->d == q->d);
      g_assert_cmpint (p->b, ==, q->b);
      g_assert_cmpstr (p->s, ==, q->s);
    }
  g_assert_cmpuint (x->moves ? g_strv_length (x->moves) : 0, ==,
                    y->moves ? g_strv_length (y->moves) : 0);
  for (guint k = 0; x->moves && x->moves[k]; k++)
    g_assert_cmpstr (x->moves[k], ==, y->moves[k]);
  g_assert_cmpstr (x->view_json, ==, y->view_json);
  g_assert_cmpstr (x->experiment, ==, y->experiment);
  g_assert_cmpint (x->train, ==, y->train);
  if (x->train)
    {
      g_assert_cmpuint (x->steps, ==, y->steps);
      g_assert_true (x->speed == y->speed);
    }
}

static void
test_round_trip (void)
{
  g_autofree char *dir = make_folder ();
  g_autoptr (ShlLesson) l = make_lesson (dir);
  g_autofree char *path = g_build_filename (dir, "lesson.json", NULL);
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_lesson_save (l, path, &err));
  g_assert_no_error (err);

  g_autoptr (ShlLesson) back = shl_lesson_load (path, NULL, &err);
  g_assert_no_error (err);
  g_assert_cmpstr (back->title, ==, l->title);
  g_assert_cmpuint (shl_lesson_n_slides (back), ==, 3);
  for (guint k = 0; k < 3; k++)
    assert_slides_equal (shl_lesson_get_slide (l, k), shl_lesson_get_slide (back, k));
  g_assert_cmpstr (back->dir, ==, l->dir);

  /* the writer writes what it read, byte for byte */
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_autofree char *again = shl_lesson_to_json (back);
  g_assert_cmpstr (text, ==, again);
  g_assert_true (shl_lesson_sniff (text, strlen (text)));
  g_assert_false (shl_lesson_sniff ("{\"format\": \"shallows-session\"}", 30));

  /* the paths resolve in the lesson's folder */
  g_autofree char *run = shl_lesson_resolve (back, shl_lesson_get_slide (back, 1)->session);
  g_autofree char *want = g_build_filename (dir, "files", "run.json", NULL);
  g_assert_cmpstr (run, ==, want);

  /* a copy is deep and equal */
  g_autoptr (ShlLessonSlide) copy = shl_lesson_slide_copy (shl_lesson_get_slide (back, 0));
  assert_slides_equal (copy, shl_lesson_get_slide (back, 0));
  g_assert_true (copy->settings[3].s != shl_lesson_get_slide (back, 0)->settings[3].s);
  g_assert_nonnull (shl_lesson_slide_get_setting (copy, "data-seed"));
  g_assert_null (shl_lesson_slide_get_setting (copy, "noise"));
  g_assert_false (shl_lesson_slide_add_line (copy, "a fourth line"));
  remove_tree (dir);
}

/* Saving elsewhere keeps the slides' files found: relative below the new
 * folder, absolute otherwise; a failed save changes nothing. */
static void
test_paths_move (void)
{
  g_autofree char *dir = make_folder ();
  g_autoptr (ShlLesson) l = make_lesson (dir);
  g_autoptr (GError) err = NULL;
  g_autoptr (GError) err2 = NULL;

  g_assert_false (shl_lesson_save (l, "/nonexistent-folder/x/lesson.json", &err2));
  g_assert_nonnull (err2);
  g_assert_cmpstr (l->dir, ==, dir);
  g_assert_cmpstr (shl_lesson_get_slide (l, 1)->session, ==, "files/run.json");

  g_autofree char *other = g_dir_make_tmp ("shl-lesson-other-XXXXXX", &err);
  g_assert_no_error (err);
  g_autofree char *path = g_build_filename (other, "moved.json", NULL);
  g_assert_true (shl_lesson_save (l, path, &err));
  g_assert_no_error (err);
  g_autofree char *abs = g_build_filename (dir, "files", "run.json", NULL);
  g_assert_cmpstr (shl_lesson_get_slide (l, 1)->session, ==, abs);
  g_assert_cmpstr (l->dir, ==, other);
  g_autoptr (ShlLesson) back = shl_lesson_load (path, NULL, &err);
  g_assert_no_error (err);
  g_autofree char *points = g_build_filename (dir, "files", "points.csv", NULL);
  g_assert_cmpstr (shl_lesson_get_slide (back, 2)->data, ==, points);

  /* and back into the first folder's subfolder: relative again */
  g_autofree char *inner = g_build_filename (dir, "lesson.json", NULL);
  g_assert_true (shl_lesson_save (back, inner, &err));
  g_assert_no_error (err);
  g_assert_cmpstr (shl_lesson_get_slide (back, 1)->session, ==, "files/run.json");
  g_unlink (path);
  g_rmdir (other);
  remove_tree (dir);
}

/* the view checker: any key "bad" is refused */
static gboolean
check_view (const char *json, GError **error)
{
  if (strstr (json, "\"bad\""))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "the key \"bad\" is not a view setting");
      return FALSE;
    }
  return TRUE;
}

static void
test_malformed (void)
{
  g_autofree char *dir = make_folder ();
  g_autoptr (ShlLesson) l = make_lesson (dir);
  g_autofree char *good = shl_lesson_to_json (l);
  g_autoptr (GError) e0 = NULL;
  g_autoptr (ShlLesson) ok = shl_lesson_from_json (good, -1, "bad.json", dir, check_view, &e0);
  g_assert_no_error (e0);

  static const struct {
    const char *from, *to, *needle;
    ShlError code;
  } cases[] = {
    /* the lesson */
    { "\"shallows-lesson\"", "\"shallows-session\"", "bad.json: field \"format\"", SHL_ERROR_FORMAT },
    { "\"version\": 1", "\"version\": 2", "newer", SHL_ERROR_VERSION },
    { "\"version\": 1", "\"version\": 0", "field \"version\"", SHL_ERROR_FORMAT },
    { "\"version\": 1", "\"version\": 1.0", "field \"version\": expected an integer", SHL_ERROR_FORMAT },
    { "\"version\": 1,", "", "field \"version\" is missing", SHL_ERROR_FORMAT },
    { "\"title\": \"Every", "\"titel\": \"Every", "bad.json: field \"title\" is missing", SHL_ERROR_FORMAT },
    { "\"slides\": [", "\"slides\": [], \"x\": [", "field \"slides\": expected an array of at least one", SHL_ERROR_FORMAT },
    { "\"slides\": [", "\"slides\": 3, \"x\": [", "field \"slides\"", SHL_ERROR_FORMAT },
    { "\"slides\": [\n", "\"slides\": [7,\n", "bad.json: slide 1: expected an object", SHL_ERROR_FORMAT },
    /* the caption */
    { "\"title\": \"P1", "\"title\": 5, \"x\": \"P1", "slide 1: field \"title\": expected a string", SHL_ERROR_FORMAT },
    { "\"title\": \"P1 · an unbalanced neuron\"", "\"title\": \"\"", "slide 1: field \"title\": is empty", SHL_ERROR_FORMAT },
    { "\"title\": \"A saved run\"", "\"title\": \"A saved\\nrun\"", "slide 2: field \"title\": holds a line break", SHL_ERROR_FORMAT },
    { "\"lines\": [\"Exactly", "\"lines\": [], \"x\": [\"Exactly", "slide 2 (\"A saved run\"): field \"lines\": has 0 lines", SHL_ERROR_FORMAT },
    { "\"lines\": [\"Exactly", "\"lines\": [\"1\", \"2\", \"3\", \"Exactly", "field \"lines\": has 4 lines", SHL_ERROR_FORMAT },
    { "\"lines\": [\"Exactly", "\"lines\": [3, \"Exactly", "field \"lines[0]\": expected a string", SHL_ERROR_FORMAT },
    { "\"lines\": [\"Exactly as it was saved.\"]", "\"lines\": \"Exactly as it was saved.\"", "field \"lines\": expected an array", SHL_ERROR_FORMAT },
    { "\"lines\": [\"Exactly as it was saved.\"],", "", "slide 2 (\"A saved run\"): field \"lines\": is missing", SHL_ERROR_FORMAT },
    /* the state */
    { "\"preset\": \"p1\"", "\"preset\": \"p9\"", "slide 1 (\"P1 · an unbalanced neuron\"): field \"preset\": unknown preset \"p9\" (expected p0, p1", SHL_ERROR_FORMAT },
    { "\"preset\": \"p1\"", "\"preset\": 1", "field \"preset\": expected a preset id", SHL_ERROR_FORMAT },
    { "\"param\": 0.01", "\"param\": 0.5", "field \"param\": 0.5 is outside [0.0001, 0.1]", SHL_ERROR_FORMAT },
    { "\"param\": 0.01", "\"param\": \"small\"", "field \"param\": expected a number", SHL_ERROR_FORMAT },
    { "\"preset\": \"p1\",", "", "field \"param\": goes with \"preset\"", SHL_ERROR_FORMAT },
    { "\"preset\": \"p1\"", "\"preset\": \"p1\", \"network\": \"files/net.json\"", "not from several", SHL_ERROR_FORMAT },
    { "\"session\": \"files/run.json\"", "\"session\": \"files/run.json\", \"data\": \"files/points.csv\"", "field \"session\": a session brings its own", SHL_ERROR_FORMAT },
    { "\"files/run.json\"", "\"files/gone.json\"", "slide 2 (\"A saved run\"): field \"session\": ", SHL_ERROR_FORMAT },
    { "\"files/net.json\"", "\"\"", "slide 3 (\"A network and data\"): field \"network\": expected a file name", SHL_ERROR_FORMAT },
    { "\"files/points.csv\"", "[]", "field \"data\": expected a file name", SHL_ERROR_FORMAT },
    { "\"data\": \"files", "\"dat\": \"files", "slide 3 (\"A network and data\"): unknown field \"dat\" in a slide", SHL_ERROR_FORMAT },
    /* settings */
    { "\"settings\": {", "\"settings\": {\"speed\": 3, ", "field \"settings.speed\": unknown setting (expected dim, target", SHL_ERROR_FORMAT },
    { "\"width\": 3", "\"width\": 0", "field \"settings.width\": 0 is outside [1, 4096]", SHL_ERROR_FORMAT },
    { "\"width\": 3", "\"width\": 2.5", "field \"settings.width\": expected an integer, found a number with a decimal point", SHL_ERROR_FORMAT },
    { "\"lr\": 0.1", "\"lr\": 0", "field \"settings.lr\": 0 is outside", SHL_ERROR_FORMAT },
    { "\"restricted\": true", "\"restricted\": 1", "field \"settings.restricted\": expected true or false", SHL_ERROR_FORMAT },
    { "\"optimizer\": \"momentum\"", "\"optimizer\": \"lbfgs\"", "field \"settings.optimizer\": expected gd, sgd, momentum or adam, found \"lbfgs\"", SHL_ERROR_FORMAT },
    { "\"data-seed\": 7", "\"data-seed\": 7, \"width\": 20", "slide 1 (\"P1 · an unbalanced neuron\"): field \"settings.width\": changes the problem the preset \"p1\" sets", SHL_ERROR_FORMAT },
    { "\"data-seed\": 7", "\"data-seed\": 7, \"target\": \"bump\"", "field \"settings.target\": changes the problem the preset", SHL_ERROR_FORMAT },
    { "\"settings\": {", "\"settings\": [], \"x\": {", "field \"settings\": expected an object", SHL_ERROR_FORMAT },
    { "\"settings\": {", "\"settings\": {\"target\": \"sinus\", ", "field \"settings.target\": expected a built-in target", SHL_ERROR_FORMAT },
    /* moves */
    { "\"moves\": [", "\"moves\": [\"canon-9\", ", "field \"moves[0]\": unknown move \"canon-9\"", SHL_ERROR_FORMAT },
    { "\"moves\": [", "\"moves\": [3, ", "field \"moves[0]\": expected a move id", SHL_ERROR_FORMAT },
    { "\"moves\": [\"canon-4\", \"rescale-0-0.5\", \"canonical\"]", "\"moves\": \"canonical\"", "field \"moves\": expected an array", SHL_ERROR_FORMAT },
    /* view */
    { "\"view\": {", "\"view\": 3, \"x\": {", "field \"view\": expected an object", SHL_ERROR_FORMAT },
    { "\"view\": {", "\"view\": {\"bad\": 1, ", "slide 1 (\"P1 · an unbalanced neuron\"): field \"view\": the key \"bad\" is not a view setting", SHL_ERROR_FORMAT },
    /* an experiment */
    { "\"experiment\": \"scatter\"", "\"experiment\": \"scatterplot\"", "slide 3 (\"A network and data\"): field \"experiment\": expected scatter or null", SHL_ERROR_FORMAT },
    /* training */
    { "\"steps\": 2500", "\"steps\": 0", "field \"train.steps\": 0 is outside", SHL_ERROR_FORMAT },
    { "\"steps\": 2500", "\"steps\": -4", "field \"train.steps\": -4 is outside", SHL_ERROR_FORMAT },
    { "\"steps\": 2500, ", "", "field \"train.steps\": is missing", SHL_ERROR_FORMAT },
    { "\"speed\": 0}", "\"speed\": -1}", "field \"train.speed\": -1 is outside", SHL_ERROR_FORMAT },
    { "\"speed\": 0}", "\"speed\": 0, \"pace\": 3}", "unknown field \"pace\" in \"train\"", SHL_ERROR_FORMAT },
    { "\"train\": {\"steps\": 2500", "\"train\": true, \"x\": {\"steps\": 2500", "field \"train\": expected {\"steps\"", SHL_ERROR_FORMAT },
    /* not JSON */
    { "{\n  \"format\"", "[\n  \"format\"", "bad.json:", SHL_ERROR_PARSE },
    { "\"version\": 1", "\"version\": 123456789012345678901234567890", "does not fit in 64 bits", SHL_ERROR_PARSE },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const char *at = strstr (good, cases[k].from);
      if (!at)
        g_error ("case %u: \"%s\" is not in the good lesson", k, cases[k].from);
      g_autoptr (GString) bad = g_string_new_len (good, at - good);
      g_string_append (bad, cases[k].to);
      g_string_append (bad, at + strlen (cases[k].from));
      g_autoptr (GError) err = NULL;
      ShlLesson *back = shl_lesson_from_json (bad->str, -1, "bad.json", dir, check_view, &err);
      if (back || !err || !strstr (err->message, cases[k].needle)
          || !g_str_has_prefix (err->message, "bad.json"))
        g_error ("case %u (%s -> %s): expected an error with \"%s\", got %s", k, cases[k].from,
                 cases[k].to, cases[k].needle, err ? err->message : "a lesson");
      g_assert_cmpint (err->code, ==, cases[k].code);
    }

  /* "train": false and null mean: paused */
  const char *train = "\"train\": {\"steps\": 1, \"speed\": 12.5}";
  const char *at = strstr (good, train);
  g_assert_nonnull (at);
  for (int k = 0; k < 2; k++)
    {
      g_autoptr (GString) s = g_string_new_len (good, at - good);
      g_string_append (s, k ? "\"train\": null" : "\"train\": false");
      g_string_append (s, at + strlen (train));
      g_autoptr (GError) err = NULL;
      g_autoptr (ShlLesson) back = shl_lesson_from_json (s->str, -1, "t.json", dir, NULL, &err);
      g_assert_no_error (err);
      g_assert_false (shl_lesson_get_slide (back, 2)->train);
      g_assert_true (shl_lesson_get_slide (back, 0)->train);
    }

  /* a file that is not there, empty, or not text */
  g_autoptr (GError) err = NULL;
  g_assert_null (shl_lesson_load ("/nonexistent/lesson.json", NULL, &err));
  g_assert_error (err, SHL_ERROR, SHL_ERROR_IO);
  g_clear_error (&err);
  g_assert_null (shl_lesson_from_json ("  ", -1, "empty.json", NULL, NULL, &err));
  g_assert_error (err, SHL_ERROR, SHL_ERROR_PARSE);
  g_clear_error (&err);
  g_assert_null (shl_lesson_from_json ("{\"format\": \"shallows-lesson\", \"version\": 1, "
                                       "\"title\": \"x\", \"slides\": [{\"title\": \"t\", "
                                       "\"lines\": [\"\\u00e9t\\u00e9\"], \"train\": false}], "
                                       "\"extra\": 1}", -1, "x.json", NULL, NULL, &err));
  g_assert_nonnull (strstr (err->message, "x.json: unknown field \"extra\" in the lesson"));
  g_clear_error (&err);
  g_autoptr (ShlLesson) fine =
    shl_lesson_from_json ("{\"format\": \"shallows-lesson\", \"version\": 1, \"title\": \"x\", "
                          "\"slides\": [{\"title\": \"t\", \"lines\": [\"\\u00e9t\\u00e9\"], "
                          "\"train\": false, \"view\": null}]}", -1, "x.json", NULL, NULL, &err);
  g_assert_no_error (err);
  ShlLessonSlide *s = shl_lesson_get_slide (fine, 0);
  g_assert_cmpstr (s->lines[0], ==, "été");
  g_assert_false (s->train);
  g_assert_null (s->view_json);
  g_assert_null (s->preset);
  remove_tree (dir);
}

static void
test_settings_table (void)
{
  guint n;
  const ShlLessonSettingInfo *t = shl_lesson_settings (&n);
  g_assert_cmpuint (n, >=, 15);
  for (guint k = 0; k < n; k++)
    {
      g_assert_true (shl_lesson_setting_lookup (t[k].key) == &t[k]);
      if (t[k].type == SHL_LESSON_VALUE_STRING)
        g_assert_true (t[k].check != NULL && t[k].choices != NULL);
      if (t[k].type == SHL_LESSON_VALUE_INT || t[k].type == SHL_LESSON_VALUE_DOUBLE)
        g_assert_cmpfloat (t[k].min, <=, t[k].max);
    }
  g_assert_null (shl_lesson_setting_lookup ("speed"));
  g_assert_null (shl_lesson_setting_lookup (NULL));
  g_assert_true (shl_lesson_setting_lookup ("target")->check ("sine"));
  g_assert_false (shl_lesson_setting_lookup ("target")->check ("data"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lesson/round-trip", test_round_trip);
  g_test_add_func ("/lesson/paths-move", test_paths_move);
  g_test_add_func ("/lesson/malformed", test_malformed);
  g_test_add_func ("/lesson/settings-table", test_settings_table);
  return g_test_run ();
}
