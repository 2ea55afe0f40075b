/* test-sim-lesson.c: lessons on the sim: every shipped lesson loads and
 * every slide, applied, leaves the sim in the state the slide specifies
 * (source, settings, view, steps), whatever slide came before; paced and
 * headless training reach the same parameters; the lesson's settings are
 * the sim's properties; bad files are named by slide and field. */
#include <glib/gstdio.h>

#include "shl-io.h"
#include "shl-pathology.h"
#include "shl-session.h"
#include "shl-sim-lesson.h"
#include "shl-twin-readouts.h"
#include "shl-view-settings.h"
#include "sim-test.h"
#include "slide-expect.h"

/* the lesson's settings are the sim's writable properties, with the same
 * types and ranges (the lesson checks them without a sim) */
static void
test_settings_are_properties (void)
{
  g_autoptr (ShlSim) sim = shl_sim_new ();
  guint n;
  const ShlLessonSettingInfo *t = shl_lesson_settings (&n);
  for (guint k = 0; k < n; k++)
    {
      GParamSpec *p = g_object_class_find_property (G_OBJECT_GET_CLASS (sim), t[k].key);
      if (!p)
        g_error ("the sim has no property \"%s\"", t[k].key);
      g_assert_true (p->flags & G_PARAM_WRITABLE);
      switch (t[k].type)
        {
        case SHL_LESSON_VALUE_INT:
          if (G_IS_PARAM_SPEC_INT (p))
            {
              g_assert_cmpfloat (t[k].min, ==, G_PARAM_SPEC_INT (p)->minimum);
              g_assert_cmpfloat (t[k].max, ==, G_PARAM_SPEC_INT (p)->maximum);
            }
          else if (G_IS_PARAM_SPEC_UINT (p))
            {
              g_assert_cmpfloat (t[k].min, ==, G_PARAM_SPEC_UINT (p)->minimum);
              g_assert_cmpfloat (t[k].max, ==, G_PARAM_SPEC_UINT (p)->maximum);
            }
          else if (G_IS_PARAM_SPEC_UINT64 (p))
            {
              g_assert_cmpfloat (t[k].min, ==, (double) G_PARAM_SPEC_UINT64 (p)->minimum);
              g_assert_cmpfloat (t[k].max, ==, (double) G_PARAM_SPEC_UINT64 (p)->maximum);
            }
          else
            g_error ("\"%s\" is not an integer property", t[k].key);
          break;
        case SHL_LESSON_VALUE_DOUBLE:
          g_assert_true (G_IS_PARAM_SPEC_DOUBLE (p));
          g_assert_cmpfloat (t[k].min, ==, G_PARAM_SPEC_DOUBLE (p)->minimum);
          g_assert_cmpfloat (t[k].max, ==, G_PARAM_SPEC_DOUBLE (p)->maximum);
          break;
        case SHL_LESSON_VALUE_BOOL:
          g_assert_true (G_IS_PARAM_SPEC_BOOLEAN (p));
          break;
        case SHL_LESSON_VALUE_STRING:
        default:
          g_assert_true (G_IS_PARAM_SPEC_STRING (p));
          break;
        }
    }
  /* and every setting of the problem or the optimiser is one of them */
  for (guint id = PROP_DIM; id <= PROP_RESTRICTED; id++)
    if (id != PROP_SPEED)
      g_assert_nonnull (shl_lesson_setting_lookup (shl_sim_props[id]->name));
}

/* a setting the lesson calls the problem's leaves a preset on the sim,
 * the others keep it (a preset slide may only give those) */
static void
test_problem_settings (void)
{
  ShlSim *sim = sim_new_settled ();
  guint n;
  const ShlLessonSettingInfo *t = shl_lesson_settings (&n);
  /* a valid value other than the preset's, for each string setting */
  static const char *const strings[][2] = {
    { "target", "teacher" }, { "init", "uniform" }, { "loss", "logistic" },
    { "optimizer", "sgd" },
  };
  for (guint k = 0; k < n; k++)
    {
      g_assert_true (shl_sim_apply_pathology (sim, "p1", 0.01, NULL));
      shl_sim_sync (sim);
      GParamSpec *p = g_object_class_find_property (G_OBJECT_GET_CLASS (sim), t[k].key);
      g_auto (GValue) v = G_VALUE_INIT;
      g_value_init (&v, p->value_type);
      g_object_get_property (G_OBJECT (sim), t[k].key, &v);
      switch (t[k].type)
        {
        case SHL_LESSON_VALUE_INT:
          {
            g_auto (GValue) d = G_VALUE_INIT;
            g_value_init (&d, G_TYPE_DOUBLE);
            g_value_transform (&v, &d);
            double x = g_value_get_double (&d) == t[k].min ? t[k].max : t[k].min;
            g_value_set_double (&d, x);
            g_value_transform (&d, &v);
            break;
          }
        case SHL_LESSON_VALUE_DOUBLE:
          g_value_set_double (&v, g_value_get_double (&v) == t[k].max ? t[k].min : t[k].max);
          break;
        case SHL_LESSON_VALUE_BOOL:
          g_value_set_boolean (&v, !g_value_get_boolean (&v));
          break;
        case SHL_LESSON_VALUE_STRING:
        default:
          for (guint j = 0; j < G_N_ELEMENTS (strings); j++)
            if (g_str_equal (strings[j][0], t[k].key))
              g_value_set_string (&v, strings[j][1]);
          break;
        }
      g_object_set_property (G_OBJECT (sim), t[k].key, &v);
      shl_sim_sync (sim);
      if ((shl_sim_get_preset (sim, NULL) == NULL) != t[k].problem)
        g_error ("setting \"%s\" in a preset %s it, but the lesson says it %s the problem",
                 t[k].key, t[k].problem ? "keeps" : "leaves", t[k].problem ? "changes" : "keeps");
    }
  sim_destroy (sim);
}

/* the value of a property as a lesson setting holds it */
static void
assert_setting_holds (ShlSim *sim, const ShlLessonSetting *set)
{
  GParamSpec *p = g_object_class_find_property (G_OBJECT_GET_CLASS (sim), set->info->key);
  g_auto (GValue) v = G_VALUE_INIT;
  g_value_init (&v, p->value_type);
  g_object_get_property (G_OBJECT (sim), set->info->key, &v);
  switch (set->info->type)
    {
    case SHL_LESSON_VALUE_INT:
      {
        gint64 got = G_VALUE_HOLDS_INT (&v) ? g_value_get_int (&v)
                     : G_VALUE_HOLDS_UINT (&v) ? (gint64) g_value_get_uint (&v)
                                               : (gint64) g_value_get_uint64 (&v);
        g_assert_cmpint (got, ==, set->i);
        break;
      }
    case SHL_LESSON_VALUE_DOUBLE:
      g_assert_cmpfloat (g_value_get_double (&v), ==, set->d);
      break;
    case SHL_LESSON_VALUE_BOOL:
      g_assert_cmpint (g_value_get_boolean (&v), ==, set->b);
      break;
    case SHL_LESSON_VALUE_STRING:
    default:
      g_assert_cmpstr (g_value_get_string (&v), ==, set->s);
      break;
    }
}

/* The sim shows what slide k of the lesson specifies: the source (a
 * preset's Γ and g, its moves as events on the timeline; a session's or
 * file's network), the settings, the view (defaults, the preset's
 * recipe, the last move's plane, then the slide's keys: slide-expect.h),
 * the steps, paused. */
static void
assert_slide_state (ShlSim *sim, const ShlLesson *lesson, guint k, guint64 steps0)
{
  const ShlLessonSlide *s = shl_lesson_get_slide (lesson, k);
  ShlScene *scene = shl_sim_get_scene (sim);
  g_assert_nonnull (scene->net);
  guint64 steps = steps0 + (s->train ? s->steps : 0);
  if (s->preset)
    slide_expect_preset_run (sim, s, steps);
  else
    {
      g_assert_null (shl_sim_get_preset (sim, NULL));
      if (!s->session && !s->network && !s->data)
        g_assert_null (shl_sim_get_twin (sim));
    }
  for (guint j = 0; j < s->n_settings; j++)
    assert_setting_holds (sim, &s->settings[j]);
  if (!s->preset && !s->session && !shl_lesson_slide_get_setting (s, "target"))
    {
      g_autofree char *target = NULL;
      g_object_get (sim, "target", &target, NULL);
      if (!s->data)
        g_assert_cmpstr (target, ==, "sine");
    }
  if (!s->session)
    {
      ShlViewSettings want;
      slide_expect_view (&want, s);
      g_assert_cmpmem (shl_sim_get_view_settings (sim), sizeof want, &want, sizeof want);
    }
  g_assert_cmpuint (sim_step (sim), ==, steps);
  g_assert_false (sim_running (sim));
  g_assert_cmpuint (scene->step, ==, steps);
  /* every step was recorded while training: the history ends at it */
  if (steps < 2048)
    g_assert_cmpuint (shl_sim_get_history_length (sim), ==, steps + 1);
}

static void
test_shipped_lessons (void)
{
  g_autoptr (GPtrArray) files = shl_lessons_shipped ();
  g_assert_cmpuint (files->len, >=, 6);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (files, 0), "/paper.json"));
  ShlSim *sim = sim_new_settled ();
  guint slides = 0;
  for (guint f = 0; f < files->len; f++)
    {
      const char *path = g_ptr_array_index (files, f);
      g_autoptr (GError) err = NULL;
      g_autoptr (ShlLesson) lesson = shl_sim_load_lesson (path, &err);
      g_assert_no_error (err);
      for (guint k = 0; k < shl_lesson_n_slides (lesson); k++)
        {
          const ShlLessonSlide *s = shl_lesson_get_slide (lesson, k);
          g_assert_cmpuint (s->n_lines, >=, 1);
          g_assert_true (shl_sim_apply_slide (sim, lesson, k, SHL_SLIDE_TRAIN_NOW, &err));
          g_assert_no_error (err);
          shl_sim_sync (sim);
          g_assert_false (sim_modified (sim) && !s->train);
          assert_slide_state (sim, lesson, k, 0);
          slides++;
        }
    }
  g_test_message ("%u shipped lessons, %u slides", files->len, slides);
  g_autofree char *paper = shl_lessons_find_shipped ("paper");
  g_assert_nonnull (paper);
  g_assert_null (shl_lessons_find_shipped ("no-such-lesson"));
  g_assert_null (shl_lessons_find_shipped ("../lessons/paper"));
  sim_destroy (sim);
}

/* a slide's state does not depend on the slide before, and training at
 * a pace reaches the parameters headless training reaches, bit for bit */
static void
test_forward_back_and_paced (void)
{
  g_autofree char *path = shl_lessons_find_shipped ("p1");
  g_autoptr (GError) err = NULL;
  g_autoptr (ShlLesson) lesson = shl_sim_load_lesson (path, &err);
  g_assert_no_error (err);
  /* the slide that trains unrestricted */
  guint trains = G_MAXUINT;
  for (guint k = 0; k < shl_lesson_n_slides (lesson); k++)
    if (shl_lesson_get_slide (lesson, k)->train && shl_lesson_get_slide (lesson, k)->steps > 100)
      {
        trains = k;
        break;
      }
  g_assert_cmpuint (trains, <, shl_lesson_n_slides (lesson));
  ShlSim *sim = sim_new_settled ();
  g_assert_true (shl_sim_apply_slide (sim, lesson, trains, SHL_SLIDE_TRAIN_NOW, &err));
  shl_sim_sync (sim);
  ShlNet *headless = shl_net_copy (shl_sim_get_scene (sim)->net);

  /* forward and back through every slide, then the training slide paced */
  for (guint k = 0; k < shl_lesson_n_slides (lesson); k++)
    {
      g_assert_true (shl_sim_apply_slide (sim, lesson, k, SHL_SLIDE_TRAIN_NOW, &err));
      shl_sim_sync (sim);
    }
  for (guint k = shl_lesson_n_slides (lesson); k-- > 0;)
    {
      g_assert_true (shl_sim_apply_slide (sim, lesson, k, SHL_SLIDE_TRAIN_NOW, &err));
      shl_sim_sync (sim);
      assert_slide_state (sim, lesson, k, 0);
    }
  g_assert_true (shl_sim_apply_slide (sim, lesson, trains, SHL_SLIDE_TRAIN_PACED, &err));
  double speed;
  g_object_get (sim, "speed", &speed, NULL);
  g_assert_cmpfloat (speed, ==, shl_lesson_get_slide (lesson, trains)->speed);
  /* flat out from here: the slide still stops at its step */
  g_object_set (sim, "speed", 0.0, NULL);
  guint64 want = shl_lesson_get_slide (lesson, trains)->steps;
  SIM_WAIT_UNTIL (sim_step (sim) == want && !sim_running (sim));
  shl_sim_sync (sim);
  assert_slide_state (sim, lesson, trains, 0);
  sim_assert_same_net (shl_sim_get_scene (sim)->net, headless);
  shl_net_free (headless);
  sim_destroy (sim);
}

/* a session slide continues from the session's step; its view is the
 * session's with the slide's keys on top */
static void
test_session_slide (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shl-sim-lesson-XXXXXX", NULL);
  ShlSim *sim = sim_new_settled ();
  g_object_set (sim, "width", 5, "lr", 0.05, NULL);
  shl_sim_sync (sim);
  shl_sim_get_view_settings (sim)->show_neurons = TRUE;
  shl_runner_step (sim->runner, 40);
  shl_sim_sync (sim);
  g_autoptr (ShlSession) ss = shl_sim_to_session (sim);
  g_assert_cmpuint (ss->state->steps, ==, 40);
  g_autofree char *spath = g_build_filename (dir, "run.json", NULL);
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_session_save (ss, spath, &err));
  const char *text =
    "{\"format\": \"shallows-lesson\", \"version\": 1, \"title\": \"S\", \"slides\": ["
    "{\"title\": \"a run\", \"lines\": [\"on\"], \"session\": \"run.json\","
    " \"view\": {\"trajectory\": \"balance\"}, \"train\": {\"steps\": 10}},"
    "{\"title\": \"bad\", \"lines\": [\"x\"], \"network\": \"broken.json\"}]}";
  g_autofree char *bpath = g_build_filename (dir, "broken.json", NULL);
  g_assert_true (g_file_set_contents (bpath, "{\"format\": \"shallows-network\"}", -1, NULL));
  g_autoptr (ShlLesson) lesson = shl_lesson_from_json (text, -1, "s.json", dir,
                                                       shl_sim_lesson_check_view, &err);
  g_assert_no_error (err);

  /* from another state entirely */
  g_object_set (sim, "dim", 2, NULL);
  shl_sim_sync (sim);
  g_assert_true (shl_sim_apply_slide (sim, lesson, 0, SHL_SLIDE_TRAIN_NOW, &err));
  g_assert_no_error (err);
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 50);
  int width;
  double lr;
  g_object_get (sim, "width", &width, "lr", &lr, NULL);
  g_assert_cmpint (width, ==, 5);
  g_assert_cmpfloat (lr, ==, 0.05);
  ShlViewSettings *v = shl_sim_get_view_settings (sim);
  g_assert_true (v->show_neurons);
  g_assert_cmpint (v->traj_view, ==, SHL_TRAJ_BALANCE);

  /* a file that does not load: named by lesson, slide and field; the sim
   * shows the default problem */
  g_assert_false (shl_sim_apply_slide (sim, lesson, 1, SHL_SLIDE_TRAIN_NOW, &err));
  g_assert_nonnull (err);
  g_assert_nonnull (strstr (err->message, "S: slide 2 (\"bad\"): field \"network\": "));
  g_assert_nonnull (strstr (err->message, "broken.json"));
  shl_sim_sync (sim);
  g_object_get (sim, "width", &width, NULL);
  g_assert_cmpint (width, ==, 12);
  g_assert_cmpuint (sim_step (sim), ==, 0);
  g_unlink (spath);
  g_unlink (bpath);
  g_rmdir (dir);
  sim_destroy (sim);
}

/* a slide's view over a preset's recipe: its keys win, the recipe's
 * other keys stay (objects merge one level down) */
static void
test_view_layers (void)
{
  ShlViewSettings v;
  shl_view_settings_init (&v);
  g_assert_true (shl_view_recipe_for_preset (&v, "p4", 10));
  g_assert_cmpint (v.recipe.highlight, ==, SHL_READOUT_DFIB);
  g_assert_true (isfinite (v.recipe.kink_x[1]) && v.recipe.kink_x[1] >= 10);
  g_assert_false (v.recipe.diff_view);
  double kink_hi = v.recipe.kink_x[1];
  ShlViewSettings before = v;
  g_assert_true (shl_sim_lesson_layer_view (&v, NULL, NULL));
  g_assert_cmpmem (&v, sizeof v, &before, sizeof before);
  g_assert_true (shl_sim_lesson_layer_view (
    &v, "{\"trajectory\": \"balance\", \"recipe\": {\"difference\": true, \"realization_y\": [-2, 3]},"
        " \"later\": {\"key\": 1}}", NULL));
  g_assert_true (v.recipe.diff_view);
  g_assert_cmpint (v.traj_view, ==, SHL_TRAJ_BALANCE);
  g_assert_cmpfloat (v.recipe.real_y[0], ==, -2);
  g_assert_cmpfloat (v.recipe.real_y[1], ==, 3);
  /* kept from the recipe */
  g_assert_cmpint (v.recipe.highlight, ==, SHL_READOUT_DFIB);
  g_assert_cmpfloat (v.recipe.kink_x[1], ==, kink_hi);
  g_assert_cmpstr (v.preset, ==, "p4");
  g_assert_cmpfloat (v.preset_param, ==, 10);
  /* an unlocked axis: null */
  g_assert_true (shl_sim_lesson_layer_view (&v, "{\"recipe\": {\"kink_x\": null}}", NULL));
  g_assert_true (isnan (v.recipe.kink_x[0]));
  g_assert_true (v.recipe.diff_view);
  /* a bad value changes nothing */
  before = v;
  g_autoptr (GError) err = NULL;
  g_assert_false (shl_sim_lesson_layer_view (&v, "{\"recipe\": {\"difference\": 3}}", &err));
  g_assert_nonnull (err);
  g_assert_cmpmem (&v, sizeof v, &before, sizeof before);
}

/* the shipped lessons use the view keys issue 10 added: a slide with the
 * difference view, its recipe kept */
static void
test_difference_slide (void)
{
  g_autofree char *path = shl_lessons_find_shipped ("paper");
  g_autoptr (GError) err = NULL;
  g_autoptr (ShlLesson) lesson = shl_sim_load_lesson (path, &err);
  g_assert_no_error (err);
  ShlSim *sim = sim_new_settled ();
  guint found = 0;
  for (guint k = 0; k < shl_lesson_n_slides (lesson); k++)
    {
      const ShlLessonSlide *s = shl_lesson_get_slide (lesson, k);
      if (!s->view_json || !strstr (s->view_json, "difference"))
        continue;
      g_assert_true (shl_sim_apply_slide (sim, lesson, k, SHL_SLIDE_TRAIN_NOW, &err));
      g_assert_no_error (err);
      shl_sim_sync (sim);
      ShlViewSettings *v = shl_sim_get_view_settings (sim);
      g_assert_true (v->recipe.diff_view);
      g_assert_true (shl_sim_get_scene (sim)->recipe.diff_view);
      /* the preset's recipe underneath */
      g_assert_nonnull (s->preset);
      g_assert_cmpint (v->recipe.highlight, ==, SHL_READOUT_DFIB);
      g_assert_true (isfinite (v->recipe.real_y[0]));
      found++;
    }
  g_assert_cmpuint (found, >=, 1);
  sim_destroy (sim);
}

/* the caption's row of readouts, from hand-set values */
static void
test_caption_readouts (void)
{
  ShlTwinReadouts r = { 0 };
  r.sup = 0.005;
  r.w1inf = 0.01;
  r.dsym = 0.5;
  r.dfib = 1.0 / 3;
  r.dfib_kind = SHL_DFIB_UPPER;
  g_autofree char *dfib = shl_twin_readouts_caption (&r, SHL_READOUT_DFIB);
  g_assert_cmpstr (dfib, ==, "▸ nearest parametrization of g (d_fib) ≤ 0.333  ·  functions apart "
                             "(sup) 0.005  ·  derivatives apart (W¹˒∞) 0.01");
  r.dfib_kind = SHL_DFIB_THEORY;
  g_autofree char *none = shl_twin_readouts_caption (&r, SHL_READOUT_NONE);
  g_assert_cmpstr (none, ==, "functions apart (sup) 0.005  ·  derivatives apart (W¹˒∞) 0.01  ·  "
                             "nearest parametrization of g (d_fib) 0.333");
  g_autofree char *sup = shl_twin_readouts_caption (&r, SHL_READOUT_SUP);
  g_assert_cmpstr (sup, ==, "▸ functions apart (sup) 0.005  ·  derivatives apart (W¹˒∞) 0.01  ·  "
                            "nearest parametrization of g (d_fib) 0.333");
  g_autofree char *dsym = shl_twin_readouts_caption (&r, SHL_READOUT_DSYM);
  g_assert_cmpstr (dsym, ==, "▸ parameters apart after the best symmetry (d_sym) 0.5  ·  "
                             "functions apart (sup) 0.005  ·  derivatives apart (W¹˒∞) 0.01");
  g_autofree char *pending = shl_twin_readouts_caption (NULL, SHL_READOUT_W1INF);
  g_assert_cmpstr (pending, ==, "▸ derivatives apart (W¹˒∞) …  ·  functions apart (sup) …  ·  "
                                "nearest parametrization of g (d_fib) …");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim-lesson/settings-are-properties", test_settings_are_properties);
  g_test_add_func ("/sim-lesson/problem-settings", test_problem_settings);
  g_test_add_func ("/sim-lesson/shipped-lessons", test_shipped_lessons);
  g_test_add_func ("/sim-lesson/forward-back-and-paced", test_forward_back_and_paced);
  g_test_add_func ("/sim-lesson/session-slide", test_session_slide);
  g_test_add_func ("/sim-lesson/view-layers", test_view_layers);
  g_test_add_func ("/sim-lesson/difference-slide", test_difference_slide);
  g_test_add_func ("/sim-lesson/caption-readouts", test_caption_readouts);
  return g_test_run ();
}
