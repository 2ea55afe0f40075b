/* test-session.c: session files and bit-for-bit continuation. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "shl-json.h"
#include "shl-session.h"
#include "shl-test.h"

#include "mutate.h"

static char *tmpdir;

/* a session at step k of a run on `target` with the given optimiser */
static ShlSession *
make_session (const char *target, ShlOptimizer opt, size_t batch, guint64 steps,
              double **losses_out, guint64 total)
{
  ShlSession *ss = shl_session_new ();
  const ShlTargetInfo *info = shl_target_lookup (target);
  ss->target = g_strdup (target);
  ss->samples = 60;
  ss->noise = 0.1;
  ss->data_seed = 7;
  ss->dim = info->d;
  ss->init_scheme = g_strdup ("he");
  ss->init_seed = 3;
  ss->net0 = shl_test_random_net (6, info->d, 3);
  shl_train_opts_init (&ss->opts);
  ss->opts.optimizer = opt;
  ss->opts.batch = batch;
  ss->opts.seed = 11;
  ss->opts.weight_decay = 1e-3;
  ss->opts.loss = info->classification ? SHL_LOSS_LOGISTIC : SHL_LOSS_MSE;

  g_autoptr (GError) err = NULL;
  ShlTrainer *tr = shl_session_make_trainer (ss, &err);
  g_assert_no_error (err);
  double *losses = g_new (double, total + 1);
  shl_history_reset (ss->history, ss->net0->n_params);
  for (guint64 k = 0; k < total; k++)
    {
      if (k == steps)
        ss->state = shl_trainer_get_state (tr);
      if (k <= steps)
        g_assert_true (shl_history_append (ss->history, k, shl_trainer_loss (tr),
                                           shl_trainer_net (tr)->theta));
      g_assert_true (shl_trainer_step (tr, &losses[k]));
    }
  losses[total] = shl_trainer_loss (tr);
  shl_trainer_free (tr);
  *losses_out = losses;
  return ss;
}

static void
check_continuation (const char *target, ShlOptimizer opt, size_t batch)
{
  const guint64 stop = 37, total = 120;
  double *uninterrupted;
  g_autoptr (ShlSession) ss = make_session (target, opt, batch, stop, &uninterrupted, total);
  g_autofree char *path = g_build_filename (tmpdir, "s.json", NULL);
  g_autoptr (GError) err = NULL;
  ss->view_json = g_strdup ("{\"panel\":\"landscape\",\"scale\":1.5}");
  g_assert_true (shl_session_save (ss, path, &err));
  g_assert_no_error (err);

  g_autoptr (ShlSession) back = shl_session_load (path, &err);
  g_assert_no_error (err);
  g_assert_nonnull (back);
  g_assert_cmpuint (back->history->n, ==, ss->history->n);
  g_assert_cmpuint (back->history->n, ==, stop + 1);
  g_assert_cmpmem (back->history->theta, ss->history->n * ss->net0->n_params * sizeof (double),
                   ss->history->theta, ss->history->n * ss->net0->n_params * sizeof (double));
  g_assert_cmpmem (back->history->steps, ss->history->n * sizeof (guint64),
                   ss->history->steps, ss->history->n * sizeof (guint64));
  g_assert_cmpmem (back->history->loss, ss->history->n * sizeof (double),
                   ss->history->loss, ss->history->n * sizeof (double));
  g_assert_nonnull (strstr (back->view_json, "landscape"));
  ShlTrainer *tr = shl_session_make_trainer (back, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (shl_trainer_steps (tr), ==, stop);
  for (guint64 k = stop; k < total; k++)
    {
      double l;
      g_assert_true (shl_trainer_step (tr, &l));
      if (memcmp (&l, &uninterrupted[k], sizeof l) != 0)
        g_error ("%s/%s: step %" G_GUINT64_FORMAT ": %.17g after reopening, %.17g uninterrupted",
                 target, shl_optimizer_name (opt), k, l, uninterrupted[k]);
    }
  double final = shl_trainer_loss (tr);
  g_assert_cmpmem (&final, sizeof final, &uninterrupted[total], sizeof final);
  shl_trainer_free (tr);

  /* saving what was loaded gives the same text */
  g_autofree char *t1 = shl_session_to_json (ss), *t2 = shl_session_to_json (back);
  g_assert_true (strcmp (t1, t2) == 0);
  g_free (uninterrupted);
  g_unlink (path);
}

static void
test_continuation (void)
{
  check_continuation ("sine", SHL_OPT_ADAM, 0);
  check_continuation ("sine", SHL_OPT_SGD, 8);
  check_continuation ("runge", SHL_OPT_MOMENTUM, 16);
  check_continuation ("xor", SHL_OPT_ADAM, 12);
  check_continuation ("bump", SHL_OPT_GD, 0);
}

static void
test_points_and_twin (void)
{
  g_autoptr (ShlSession) ss = shl_session_new ();
  ss->dim = 2;
  ss->points = shl_data_new (2, 3, NULL, NULL);
  double x[] = { 0.1, -0.2, 0.3, 0.4, -0.0, 1.0 }, y[] = { 0, 1, 1 };
  memcpy (ss->points->x, x, sizeof x);
  memcpy (ss->points->y, y, sizeof y);
  ss->points->classification = TRUE;
  ss->net0 = shl_test_random_net (4, 2, 1);
  ss->twin = shl_test_random_net (5, 2, 2);
  shl_train_opts_init (&ss->opts);
  ss->opts.loss = SHL_LOSS_LOGISTIC;
  g_autofree char *text = shl_session_to_json (ss);
  g_autoptr (GError) err = NULL;
  g_autoptr (ShlSession) back = shl_session_from_json (text, -1, "p.json", &err);
  g_assert_no_error (err);
  g_assert_null (back->target);
  g_assert_cmpmem (back->points->x, sizeof x, x, sizeof x);
  g_assert_true (signbit (back->points->x[4]));
  g_assert_true (back->points->classification);
  g_assert_cmpint (back->twin->m, ==, 5);
  g_assert_cmpmem (back->twin->theta, back->twin->n_params * sizeof (double), ss->twin->theta,
                   ss->twin->n_params * sizeof (double));
  g_assert_null (back->state);
  g_assert_true (shl_session_sniff (text, strlen (text)));
}

/* bookmarks: whole sessions inside the session, read back to the same
 * text; a bad one is refused naming it */
static void
test_bookmarks (void)
{
  double *losses;
  g_autoptr (ShlSession) inner = make_session ("sine", SHL_OPT_ADAM, 0, 20, &losses, 30);
  g_free (losses);
  g_autofree char *inner_json = shl_session_to_json (inner);
  g_autoptr (ShlSession) ss = make_session ("sine", SHL_OPT_ADAM, 0, 25, &losses, 30);
  g_free (losses);
  ss->bookmarks = g_ptr_array_new_with_free_func ((GDestroyNotify) shl_bookmark_free);
  g_ptr_array_add (ss->bookmarks, shl_bookmark_new ("after \"P1\"\n converged", inner_json));
  g_ptr_array_add (ss->bookmarks, shl_bookmark_new ("Step 20", inner_json));
  g_autofree char *text = shl_session_to_json (ss);
  g_autoptr (GError) err = NULL;
  g_autoptr (ShlSession) back = shl_session_from_json (text, -1, "b.json", &err);
  g_assert_no_error (err);
  g_assert_cmpuint (back->bookmarks->len, ==, 2);
  const ShlBookmark *b = g_ptr_array_index (back->bookmarks, 0);
  g_assert_cmpstr (b->name, ==, "after \"P1\"\n converged");
  /* the bookmark's session, read and written again: the same text */
  g_autoptr (ShlSession) again = shl_session_from_json (b->json, -1, "inner", &err);
  g_assert_no_error (err);
  g_autofree char *again_json = shl_session_to_json (again);
  g_assert_cmpstr (again_json, ==, inner_json);
  /* (read back, a bookmark's text is compact JSON; from then on the file
   * reads and writes to the same text) */
  g_autofree char *text2 = shl_session_to_json (back);
  g_autoptr (ShlSession) back2 = shl_session_from_json (text2, -1, "b2.json", &err);
  g_assert_no_error (err);
  g_autofree char *text3 = shl_session_to_json (back2);
  g_assert_true (g_str_equal (text2, text3));

  /* a bookmark without a session, a broken session, bookmarks inside one */
  static const struct { const char *bookmarks, *message; } bad[] = {
    { "{}", "field \"bookmarks\": expected an array" },
    { "[{\"name\": \"x\"}]", "field \"bookmarks[0]\": field \"session\" is missing" },
    { "[{\"session\": {}}]", "field \"bookmarks[0]\": field \"name\" is missing" },
    { "[{\"name\": \"x\", \"session\": {\"format\": \"shallows-session\"}}]",
      "bookmarks[0].session" },
    { "[{\"name\": \"x\", \"session\": {\"bookmarks\": []}}]",
      "has bookmarks of its own" },
  };
  for (guint k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      g_autoptr (GString) t = g_string_new (text);
      char *at = strstr (t->str, "  \"bookmarks\": [");
      g_assert_nonnull (at);
      char *end = strstr (at, "\n  ],\n  \"view\"");
      g_assert_nonnull (end);
      gssize from = at - t->str, len = end + 5 - at;
      g_string_erase (t, from, len);
      g_autofree char *field = g_strdup_printf ("  \"bookmarks\": %s,", bad[k].bookmarks);
      g_string_insert (t, from, field);
      g_autoptr (GError) e = NULL;
      g_autoptr (ShlSession) no = shl_session_from_json (t->str, -1, "b.json", &e);
      g_assert_null (no);
      g_assert_nonnull (e);
      if (!strstr (e->message, bad[k].message) || !g_str_has_prefix (e->message, "b.json: "))
        g_error ("case %u: \"%s\" does not say \"%s\"", k, e->message, bad[k].message);
    }
}

/* every malformed case gives its own message and no session */
static void
test_malformed (void)
{
  double *l;
  g_autoptr (ShlSession) ss = make_session ("sine", SHL_OPT_SGD, 8, 5, &l, 6);
  g_free (l);
  g_autofree char *good = shl_session_to_json (ss);
  static const struct {
    const char *from, *to, *needle;
    ShlError code;
  } cases[] = {
    { "\"shallows-session\"", "\"shallows-network\"", "field \"format\"", SHL_ERROR_FORMAT },
    { "\"version\": 1", "\"version\": 2", "newer", SHL_ERROR_VERSION },
    { "\"version\": 1", "\"version\": \"1\"", "field \"version\"", SHL_ERROR_FORMAT },
    { "\"target\": \"sine\"", "\"target\": \"sinus\"", "unknown target", SHL_ERROR_FORMAT },
    { "\"target\": \"sine\"", "\"target\": \"bump\"", "2-D", SHL_ERROR_FORMAT },
    { "\"samples\": 60", "\"samples\": 0", "data.samples", SHL_ERROR_FORMAT },
    { "\"noise\": 0.1", "\"noise\": -0.1", "data.noise", SHL_ERROR_FORMAT },
    { "\"seed\": \"7\"", "\"seed\": 7", "data.seed", SHL_ERROR_FORMAT },
    { "\"optimizer\": \"sgd\"", "\"optimizer\": \"lbfgs\"", "training.optimizer", SHL_ERROR_FORMAT },
    { "\"loss\": \"mse\"", "\"loss\": \"hinge\"", "training.loss", SHL_ERROR_FORMAT },
    { "\"lr\": 0.01", "\"lr\": -1", "training.lr", SHL_ERROR_FORMAT },
    { "\"batch\": 8", "\"batch\": 2.5", "training.batch", SHL_ERROR_FORMAT },
    { "\"train_linear\": false", "\"train_linear\": 0", "training.train_linear", SHL_ERROR_FORMAT },
    { "\"rng\": [\"", "\"rng\": [\"zz", "state.rng", SHL_ERROR_FORMAT },
    { "\"perm\": [", "\"perm\": [0, ", "state.perm", SHL_ERROR_FORMAT },
    { "\"perm_pos\": ", "\"perm_pos\": 1000, \"x\": ", "state.perm_pos", SHL_ERROR_FORMAT },
    { "\"moment1\": [", "\"moment1\": [1, ", "state.moment1", SHL_ERROR_FORMAT },
    { "\"step\": [0, 1", "\"step\": [1, 0", "history.step", SHL_ERROR_FORMAT },
    { "\"input_dim\": 1", "\"input_dim\": 3", "init.network", SHL_ERROR_FORMAT },
    { "\"view\": {", "\"view\": 3, \"v\": {", "field \"view\"", SHL_ERROR_FORMAT },
    { "\"history\": {", "\"history\": 3, \"h\": {", "field \"history\"", SHL_ERROR_FORMAT },
    { "{\n  \"format\"", "[\n  \"format\"", "Parse error", SHL_ERROR_PARSE },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const char *at = strstr (good, cases[k].from);
      g_assert_nonnull (at);
      g_autoptr (GString) bad = g_string_new_len (good, at - good);
      g_string_append (bad, cases[k].to);
      g_string_append (bad, at + strlen (cases[k].from));
      g_autoptr (GError) err = NULL;
      ShlSession *back = shl_session_from_json (bad->str, -1, "bad.json", &err);
      if (back || !err || !strstr (err->message, cases[k].needle)
          || !g_str_has_prefix (err->message, "bad.json"))
        g_error ("case %u (%s -> %s): expected an error with \"%s\", got %s", k, cases[k].from,
                 cases[k].to, cases[k].needle, err ? err->message : "a session");
      if (cases[k].code != SHL_ERROR_PARSE)
        g_assert_cmpint (err->code, ==, cases[k].code);
    }
  g_autoptr (GError) err = NULL;
  g_assert_null (shl_session_load ("/nonexistent/s.json", &err));
  g_assert_error (err, SHL_ERROR, SHL_ERROR_IO);
}

static void
test_state_validation (void)
{
  ShlNet *net = shl_test_random_net (3, 1, 1);
  ShlData *data = shl_data_new (1, 5, NULL, NULL);
  for (int k = 0; k < 5; k++)
    data->x[k] = 0.1 * k, data->y[k] = k;
  ShlTrainOpts o;
  shl_train_opts_init (&o);
  ShlTrainer *tr = shl_trainer_new (net, data, &o);
  ShlTrainerState *st = shl_trainer_get_state (tr);
  g_assert_true (shl_trainer_set_state (tr, st));
  st->perm[0] = st->perm[1];
  g_assert_false (shl_trainer_set_state (tr, st));
  st->perm[0] = 7;
  g_assert_false (shl_trainer_set_state (tr, st));
  shl_trainer_state_free (st);
  st = shl_trainer_state_new (4, 5);
  g_assert_false (shl_trainer_set_state (tr, st));
  shl_trainer_state_free (st);
  shl_trainer_free (tr);
  shl_data_free (data);
  shl_net_free (net);
}

/* A session written before the history store and the problem builder
 * existed (golden/session-v1.json: `shallows-cli train --target sine
 * --width 4 --samples 32 --steps 20 --seed 5 --optimizer sgd --batch 8
 * --kernel naive --session`) loads, saves back to the same bytes, and continues with the
 * losses the uninterrupted 30-step run logged then. */
static void
test_old_file_continues (void)
{
  const char *dir = g_getenv ("SHL_TEST_DATA");
  g_autofree char *path = g_build_filename (dir ? dir : "tests", "engine", "golden",
                                            "session-v1.json", NULL);
  g_autoptr (GError) err = NULL;
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, &err));
  g_autoptr (ShlSession) ss = shl_session_load (path, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (ss->history->n, ==, 21);
  for (size_t k = 0; k < ss->history->n; k++)
    g_assert_cmpuint (ss->history->steps[k], ==, k);
  g_autofree char *again = shl_session_to_json (ss);
  g_assert_cmpstr (again, ==, text);

  /* the naive kernel: scalar loops, the same numbers on every CPU (the
   * fused kernel's SIMD clone depends on the machine) */
  static const char *const logged[] = {
    "0.21939713535807751", "0.21569643424492577", "0.21245916528593869",
    "0.21013774667710083", "0.20855063062524562", "0.20765439845120229",
    "0.20486536369888089", "0.20175913398223275", "0.20025701026962919",
    "0.197593150166606", "0.19543779867985622",
  };
  ShlTrainer *tr = shl_session_make_trainer (ss, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (shl_trainer_steps (tr), ==, 20);
  for (int k = 0; k <= 10; k++)
    {
      double l, want = g_ascii_strtod (logged[k], NULL);
      if (k < 10)
        g_assert_true (shl_trainer_step (tr, &l));
      else
        l = shl_trainer_loss (tr);
      g_assert_cmpmem (&l, sizeof l, &want, sizeof want);
    }
  shl_trainer_free (tr);
  /* the data the recipe makes are the data the session trains on */
  ShlDataRecipe r;
  shl_session_data_recipe (ss, &r);
  g_assert_cmpstr (r.target, ==, "sine");
  g_assert_cmpuint (r.samples, ==, 32);
  g_autoptr (ShlData) data = shl_session_make_data (ss, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (data->n, ==, 32);
}

/* JSON has no NaN: a session with a non-finite number is not written */
static void
test_non_finite_refused (void)
{
  double *l;
  g_autoptr (ShlSession) ss = make_session ("sine", SHL_OPT_ADAM, 0, 3, &l, 4);
  g_free (l);
  g_autofree char *good = shl_session_to_json (ss);
  g_assert_nonnull (good);
  ss->history->loss[2] = INFINITY;
  g_assert_null (shl_session_to_json (ss));
  g_autofree char *path = g_build_filename (tmpdir, "nan.json", NULL);
  g_autoptr (GError) err = NULL;
  g_assert_false (shl_session_save (ss, path, &err));
  g_assert_error (err, SHL_ERROR, SHL_ERROR_INVALID);
  g_assert_nonnull (strstr (err->message, "nan.json"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Every field of a session, removed or of each wrong type, gives an error
 * that names it by its path (state.moment1, init.network.a, ...), and no
 * GLib critical (criticals are fatal here). */
static gboolean
load_session_text (const char *text, GError **error)
{
  ShlSession *ss = shl_session_from_json (text, -1, "s.json", error);
  shl_session_free (ss);
  return ss != NULL;
}

static const MutateRule session_rules[] = {
  /* optional: the twin (null or absent), the view (kept verbatim, read
   * by the view settings), training.restricted, a network's v */
  { "twin", MUTATE_REMOVE, NULL },
  { "twin", MUTATE_NULL, NULL },
  { "view", MUTATE_REMOVE, NULL },
  { "view", MUTATE_OBJECT, NULL },
  { "view.*", MUTATE_N_KINDS, NULL },
  { "training.restricted", MUTATE_REMOVE, NULL },
  { "init.network.v", MUTATE_REMOVE, NULL },
  { "twin.v", MUTATE_REMOVE, NULL },
  /* null: at step 0 */
  { "state", MUTATE_NULL, NULL },
  /* an empty object: its first required member is named */
  { "data", MUTATE_OBJECT, "\"data.domain\" is missing" },
  { "init", MUTATE_OBJECT, "\"init.scheme\" is missing" },
  { "init.network", MUTATE_OBJECT, "\"init.network.format\" is missing" },
  { "twin", MUTATE_OBJECT, "\"twin.format\" is missing" },
  { "training", MUTATE_OBJECT, "\"training.optimizer\" is missing" },
  { "state", MUTATE_OBJECT, "\"state.steps\" is missing" },
  { "history", MUTATE_OBJECT, "\"history.step\" is missing" },
  /* without a target, the data are the points */
  { "data.target", MUTATE_REMOVE, "\"data.classification\" is missing" },
};

static void
test_every_field (void)
{
  double *l;
  g_autoptr (ShlSession) ss = make_session ("sine", SHL_OPT_ADAM, 0, 5, &l, 6);
  g_free (l);
  ss->twin = shl_test_random_net (2, 1, 8);
  ss->view_json = g_strdup ("{\"show_neurons\": true, \"landscape\": {\"n\": 21}}");
  ss->opts.restricted = TRUE;
  g_autofree char *recipe = shl_session_to_json (ss);
  guint n = mutate_audit (recipe, load_session_text, session_rules, G_N_ELEMENTS (session_rules));

  /* the points instead of a recipe, 2-D, SGD */
  g_autoptr (ShlSession) pts = make_session ("xor", SHL_OPT_SGD, 4, 3, &l, 4);
  g_free (l);
  g_autoptr (GError) err = NULL;
  pts->points = shl_session_make_data (pts, &err);
  g_assert_no_error (err);
  g_clear_pointer (&pts->target, g_free);
  g_autofree char *points = shl_session_to_json (pts);
  n += mutate_audit (points, load_session_text, session_rules, G_N_ELEMENTS (session_rules));
  g_test_message ("%u mutations", n);
  g_assert_cmpuint (n, >, 400);
}

/* The cases of the issue, and values out of range: each names its field. */
static void
test_field_values (void)
{
  double *l;
  g_autoptr (ShlSession) ss = make_session ("sine", SHL_OPT_ADAM, 0, 5, &l, 6);
  g_free (l);
  g_autofree char *good = shl_session_to_json (ss);
  static const struct {
    const char *from, *to, *needle;
  } cases[] = {
    { "\"loss\": [", "\"losses\": [", "field \"history.loss\" is missing" },
    { "\"moment1\": [", "\"moment_1\": [", "field \"state.moment1\" is missing" },
    { "\"moment2\": [", "\"moment_2\": [", "field \"state.moment2\" is missing" },
    { "\"theta\": [", "\"thetas\": [", "field \"state.theta\" is missing" },
    /* "KEY": [x, -> "KEY": [y, (the first entry replaced) */
    { "\"moment2\": [", "\"moment2\": [-1,", "field \"state.moment2\": entry 1: must not be negative" },
    { "\"moment1\": [", "\"moment1\": [1e999,", "field \"state.moment1\": entry 1: the number is too large" },
    { "\"loss\": [", "\"loss\": [-0.5,", "field \"history.loss\": entry 1: must not be negative" },
    { "\"noise\": 0.1", "\"noise\": 1e300", "field \"data.noise\": 1e+300 is out of range [0, 1e+06]" },
    { "\"lr\": 0.01", "\"lr\": 1e308", "field \"training.lr\": 1e+308 is out of range (0, 1e+06]" },
    { "\"lr\": 0.01", "\"lr\": 0", "field \"training.lr\": 0 is out of range" },
    { "\"beta1\": 0.9", "\"beta1\": 1", "field \"training.beta1\": 1 is out of range [0, 1)" },
    { "\"beta2\": 0.999", "\"beta2\": -0.5", "field \"training.beta2\"" },
    { "\"eps\": 1e-08", "\"eps\": 0", "field \"training.eps\": 0 is out of range (0, 1]" },
    { "\"momentum\": 0.9", "\"momentum\": 2", "field \"training.momentum\"" },
    { "\"weight_decay\": 0.001", "\"weight_decay\": 1e7", "field \"training.weight_decay\"" },
    { "\"scheme\": \"he\"", "\"scheme\": \"xavier\"", "field \"init.scheme\": expected file or one of" },
    { "\"domain\": [[-1, 1]]", "\"domain\": [[-1e308, 1e308]]", "field \"data.domain\": pair 1: [-1e+308, 1e+308] is too wide" },
    { "\"domain\": [[-1, 1]]", "\"domain\": [[0, 1e-320]]", "field \"data.domain\": pair 1: [0, 1e-320] is too narrow" },
    { "\"view\": {", "\"view\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]], \"v\": {",
      "arrays and objects nested more than 64 levels deep" },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const char *at = strstr (good, cases[k].from);
      if (!at)
        g_error ("case %u: \"%s\" is not in the session", k, cases[k].from);
      g_autoptr (GString) bad = g_string_new_len (good, at - good);
      g_string_append (bad, cases[k].to);
      const char *rest = at + strlen (cases[k].from);
      if (g_str_has_suffix (cases[k].to, ","))
        rest = strchr (rest, ',') + 1;
      g_string_append (bad, rest);
      g_autoptr (GError) err = NULL;
      ShlSession *back = shl_session_from_json (bad->str, -1, "bad.json", &err);
      if (back || !err || !strstr (err->message, cases[k].needle)
          || !g_str_has_prefix (err->message, "bad.json"))
        g_error ("case %u (%s -> %s): expected an error with \"%s\", got %s", k, cases[k].from,
                 cases[k].to, cases[k].needle, err ? err->message : "a session");
    }

  /* points outside the domain */
  g_autoptr (ShlSession) pts = make_session ("xor", SHL_OPT_SGD, 4, 3, &l, 4);
  g_free (l);
  g_autoptr (GError) err = NULL;
  pts->points = shl_session_make_data (pts, &err);
  g_clear_pointer (&pts->target, g_free);
  pts->points->x[5] = 3.0;
  g_autofree char *outside = shl_session_to_json (pts);
  g_assert_null (shl_session_from_json (outside, -1, "p.json", &err));
  g_assert_error (err, SHL_ERROR, SHL_ERROR_FORMAT);
  g_assert_nonnull (strstr (err->message, "field \"data.x\": point 3 lies outside the domain"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("shallows-session-XXXXXX", NULL);
  g_test_add_func ("/session/continuation-bit-for-bit", test_continuation);
  g_test_add_func ("/session/points-and-twin", test_points_and_twin);
  g_test_add_func ("/session/malformed", test_malformed);
  g_test_add_func ("/session/bookmarks", test_bookmarks);
  g_test_add_func ("/session/state-validation", test_state_validation);
  g_test_add_func ("/session/old-file-continues", test_old_file_continues);
  g_test_add_func ("/session/non-finite-refused", test_non_finite_refused);
  g_test_add_func ("/session/every-field", test_every_field);
  g_test_add_func ("/session/field-values", test_field_values);
  int rc = g_test_run ();
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return rc;
}
