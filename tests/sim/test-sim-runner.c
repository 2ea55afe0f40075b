/* test-sim-runner.c: ShlSim's properties, sim. actions and engine thread,
 * without a display.
 *
 * The engine thread starts and stops (the step advances while running and
 * no longer after a pause, observed through the snapshots), the actions
 * step, step-many and reset, problem properties restart at step 0 and
 * optimiser properties do not, invalid values are ignored, "modified"
 * follows, and the public entry points refuse a NULL sim. */
#include <dlfcn.h>

#include "sim-test.h"

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer data)
{
  (*(guint *) data)++;
}

/* notifications of settings (the read-only properties follow every
 * snapshot) */
static void
count_setting_notify (GObject *object, GParamSpec *pspec, gpointer data)
{
  if (pspec->flags & G_PARAM_WRITABLE)
    (*(guint *) data)++;
}

/* ------------------------------------------------------------------- */

static void
test_no_gtk (void)
{
  /* the suite runs without a display because nothing here links GTK */
  g_assert_null (dlsym (RTLD_DEFAULT, "gtk_init"));
  g_assert_null (dlsym (RTLD_DEFAULT, "gtk_get_major_version"));
}

static void
test_start_state (void)
{
  ShlSim *sim = shl_sim_new ();
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 0);
  g_assert_false (sim_running (sim));
  g_assert_false (sim_modified (sim));
  ShlScene *sc = shl_sim_get_scene (sim);
  g_assert_nonnull (sc->net);
  g_assert_cmpint (sc->net->m, ==, 12);
  g_assert_cmpint (sc->net->d, ==, 1);
  g_assert_cmpuint (sc->data->n, ==, 128);
  sim_assert_same_net (sc->net, sc->net0);
  g_assert_cmpuint (shl_sim_get_history_length (sim), ==, 1);
  g_assert_cmpint (shl_sim_get_scrub (sim), ==, -1);
  g_assert_null (shl_sim_get_twin (sim));
  g_autofree char *status = NULL;
  g_object_get (sim, "status-text", &status, NULL);
  g_assert_cmpstr (status, ==, "paused");
  double loss;
  g_object_get (sim, "loss-value", &loss, NULL);
  g_assert_true (isfinite (loss) && loss > 0);
  GVariant *state = g_action_group_get_action_state (shl_sim_get_actions (sim), "running");
  g_assert_false (g_variant_get_boolean (state));
  g_variant_unref (state);
  sim_destroy (sim);
}

static void
test_run_and_pause (void)
{
  ShlSim *sim = sim_new_settled ();
  guint n_step = 0, n_running = 0;
  g_signal_connect (sim, "notify::step", G_CALLBACK (count_notify), &n_step);
  g_signal_connect (sim, "notify::running", G_CALLBACK (count_notify), &n_running);

  /* the engine thread starts: the step advances, again and again */
  sim_set_running (sim, TRUE);
  SIM_WAIT_UNTIL (sim_running (sim));
  g_test_message ("running after %.3f s", sim_last_wait_s);
  guint64 s1 = sim_step (sim);
  SIM_WAIT_UNTIL (sim_step (sim) > s1);
  guint64 s2 = sim_step (sim);
  SIM_WAIT_UNTIL (sim_step (sim) > s2);
  g_assert_cmpuint (n_running, ==, 1);
  g_assert_cmpuint (n_step, >=, 2);
  GVariant *state = g_action_group_get_action_state (shl_sim_get_actions (sim), "running");
  g_assert_true (g_variant_get_boolean (state));
  g_variant_unref (state);
  g_assert_true (sim_modified (sim));

  /* and stops: once a snapshot says paused, the step no longer moves */
  sim_set_running (sim, FALSE);
  SIM_WAIT_UNTIL (!sim_running (sim));
  guint64 s3 = sim_step (sim);
  g_assert_cmpuint (n_running, ==, 2);
  shl_sim_sync (sim);
  sim_drain ();
  g_assert_cmpuint (sim_step (sim), ==, s3);
  g_assert_false (sim_running (sim));
  g_test_message ("paused at step %" G_GUINT64_FORMAT, s3);

  /* the history: from step 0, in order, up to there (recorded sparser
   * as the step count grows, shl_history_stride) */
  ShlScene *sc = shl_sim_get_scene (sim);
  g_assert_cmpuint (sc->n_hist, >=, 2);
  g_assert_cmpuint (sc->hist_step[0], ==, 0);
  g_assert_cmpuint (sc->hist_step[sc->n_hist - 1], <=, s3);
  for (guint k = 1; k < sc->n_hist; k++)
    g_assert_cmpuint (sc->hist_step[k], >, sc->hist_step[k - 1]);

  /* running again continues from there */
  sim_set_running (sim, TRUE);
  SIM_WAIT_UNTIL (sim_step (sim) > s3);
  sim_set_running (sim, FALSE);
  SIM_WAIT_UNTIL (!sim_running (sim));
  sim_destroy (sim);
}

static void
test_step_actions (void)
{
  ShlSim *sim = sim_new_settled ();
  sim_activate (sim, "step");
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 1);
  sim_activate (sim, "step-many");
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 101);
  g_assert_cmpuint (shl_sim_get_history_length (sim), ==, 102);
  g_assert_true (sim_modified (sim));
  ShlScene *sc = shl_sim_get_scene (sim);
  g_assert_false (memcmp (sc->net->theta, sc->net0->theta,
                          sc->net->n_params * sizeof (double)) == 0);
  /* the scrubber shows a recorded point exactly */
  shl_sim_set_scrub (sim, 40);
  sc = shl_sim_get_scene (sim);
  g_assert_cmpuint (sc->step, ==, 40);
  g_assert_cmpmem (sc->net->theta, sc->net->n_params * sizeof (double),
                   sc->hist_theta + 40 * sc->net->n_params,
                   sc->net->n_params * sizeof (double));
  shl_sim_set_scrub (sim, 100000);
  g_assert_cmpint (shl_sim_get_scrub (sim), ==, -1);

  /* reset: step 0, the same network as before */
  g_autoptr (GArray) theta0 = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (theta0, sc->net0->theta, (guint) sc->net0->n_params);
  sim_activate (sim, "reset");
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 0);
  g_assert_cmpuint (shl_sim_get_history_length (sim), ==, 1);
  sc = shl_sim_get_scene (sim);
  g_assert_cmpmem (sc->net->theta, sc->net->n_params * sizeof (double),
                   theta0->data, theta0->len * sizeof (double));
  /* the same steps again give the same losses, bit for bit */
  sim_activate (sim, "step-many");
  shl_sim_sync (sim);
  double loss_a;
  g_object_get (sim, "loss-value", &loss_a, NULL);
  sim_activate (sim, "reset");
  sim_activate (sim, "step-many");
  shl_sim_sync (sim);
  double loss_b;
  g_object_get (sim, "loss-value", &loss_b, NULL);
  g_assert_cmpfloat (loss_a, ==, loss_b);
  sim_destroy (sim);
}

/* ---------------------------------------------------------- properties */

static void
set_value (ShlSim *sim, const char *name, const GValue *v)
{
  g_object_set_property (G_OBJECT (sim), name, v);
}

static void
test_problem_properties_reset (void)
{
  ShlSim *sim = sim_new_settled ();
  struct { const char *name; GType type; double number; const char *string; } cases[] = {
    { "width", G_TYPE_INT, 7, NULL },
    { "samples", G_TYPE_UINT, 40, NULL },
    { "noise", G_TYPE_DOUBLE, 0.2, NULL },
    { "data-seed", G_TYPE_UINT64, 5, NULL },
    { "init", G_TYPE_STRING, 0, "uniform" },
    { "init-seed", G_TYPE_UINT64, 9, NULL },
    { "target", G_TYPE_STRING, 0, "runge" },
    { "dim", G_TYPE_INT, 2, NULL },
    { "target", G_TYPE_STRING, 0, "xor" },      /* brings the logistic loss */
    { "loss", G_TYPE_STRING, 0, "mse" },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      sim_activate (sim, "step-many");
      shl_sim_sync (sim);
      g_assert_cmpuint (sim_step (sim), ==, 100);
      shl_sim_set_modified (sim, FALSE);
      guint notified = 0;
      g_autofree char *detail = g_strconcat ("notify::", cases[k].name, NULL);
      gulong id = g_signal_connect (sim, detail, G_CALLBACK (count_notify), &notified);
      g_auto (GValue) v = G_VALUE_INIT;
      g_value_init (&v, cases[k].type);
      switch (cases[k].type)
        {
        case G_TYPE_INT: g_value_set_int (&v, (int) cases[k].number); break;
        case G_TYPE_UINT: g_value_set_uint (&v, (guint) cases[k].number); break;
        case G_TYPE_UINT64: g_value_set_uint64 (&v, (guint64) cases[k].number); break;
        case G_TYPE_DOUBLE: g_value_set_double (&v, cases[k].number); break;
        default: g_value_set_string (&v, cases[k].string); break;
        }
      set_value (sim, cases[k].name, &v);
      g_assert_cmpuint (notified, ==, 1);
      g_assert_true (sim_modified (sim));
      /* the reset comes from the main loop, once the changes are done */
      SIM_WAIT_UNTIL (sim_step (sim) == 0 && shl_sim_get_history_length (sim) == 1);
      /* setting the same value again changes nothing */
      set_value (sim, cases[k].name, &v);
      g_assert_cmpuint (notified, ==, 1);
      g_signal_handler_disconnect (sim, id);
    }
  /* what the settings asked for */
  ShlScene *sc = shl_sim_get_scene (sim);
  int width, dim;
  guint samples;
  g_autofree char *target = NULL, *loss = NULL, *init = NULL;
  g_object_get (sim, "width", &width, "dim", &dim, "samples", &samples,
                "target", &target, "loss", &loss, "init", &init, NULL);
  g_assert_cmpint (width, ==, 7);
  g_assert_cmpint (dim, ==, 2);
  g_assert_cmpuint (samples, ==, 40);
  g_assert_cmpstr (target, ==, "xor");
  g_assert_cmpstr (loss, ==, "mse");
  g_assert_cmpstr (init, ==, "uniform");
  g_assert_cmpint (sc->net->m, ==, 7);
  g_assert_cmpint (sc->net->d, ==, 2);
  g_assert_cmpuint (sc->data->n, ==, 40);
  g_assert_true (sc->data->classification);
  sim_assert_same_net (sc->net, sc->net0);
  ShlTrainOpts opts;
  shl_sim_get_opts (sim, &opts);
  g_assert_cmpint (opts.loss, ==, SHL_LOSS_MSE);
  g_assert_cmpuint (opts.seed, ==, 9);

  /* a dimension that does not fit the target brings a target that does */
  g_object_set (sim, "dim", 1, NULL);
  shl_sim_sync (sim);
  g_clear_pointer (&target, g_free);
  g_object_get (sim, "target", &target, NULL);
  g_assert_cmpstr (target, ==, "sine");
  g_assert_cmpint (shl_sim_get_scene (sim)->net->d, ==, 1);

  /* the logistic loss needs labels 0 and 1: on sine the reset takes it
   * back to mse */
  g_object_set (sim, "loss", "logistic", NULL);
  shl_sim_sync (sim);
  g_clear_pointer (&loss, g_free);
  g_object_get (sim, "loss", &loss, NULL);
  g_assert_cmpstr (loss, ==, "mse");

  /* several changes at once: one reset with all of them */
  sim_activate (sim, "step-many");
  shl_sim_sync (sim);
  g_object_set (sim, "width", 3, "samples", 17, NULL);
  SIM_WAIT_UNTIL (sim_step (sim) == 0 && shl_sim_get_scene (sim)->net->m == 3);
  g_assert_cmpuint (shl_sim_get_scene (sim)->data->n, ==, 17);
  sim_destroy (sim);
}

static void
test_optimizer_properties_keep_step (void)
{
  ShlSim *sim = sim_new_settled ();
  sim_activate (sim, "step-many");
  shl_sim_sync (sim);
  ShlScene *sc = shl_sim_get_scene (sim);
  g_autoptr (GArray) theta = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (theta, sc->net->theta, (guint) sc->net->n_params);

  shl_sim_set_modified (sim, FALSE);
  g_object_set (sim, "optimizer", "momentum", "lr", 0.005, "momentum", 0.5,
                "batch", 16u, "weight-decay", 0.001, "restricted", TRUE, NULL);
  g_assert_true (sim_modified (sim));
  shl_sim_sync (sim);
  sim_drain ();
  g_assert_cmpuint (sim_step (sim), ==, 100);
  g_assert_cmpuint (shl_sim_get_history_length (sim), ==, 101);
  sc = shl_sim_get_scene (sim);
  g_assert_cmpmem (sc->net->theta, sc->net->n_params * sizeof (double),
                   theta->data, theta->len * sizeof (double));
  ShlTrainOpts opts;
  shl_sim_get_opts (sim, &opts);
  g_assert_cmpint (opts.optimizer, ==, SHL_OPT_MOMENTUM);
  g_assert_cmpfloat (opts.lr, ==, 0.005);
  g_assert_cmpfloat (opts.momentum, ==, 0.5);
  g_assert_cmpuint (opts.batch, ==, 16);
  g_assert_cmpfloat (opts.weight_decay, ==, 0.001);
  g_assert_true (opts.restricted);
  g_assert_true (opts.train_linear);

  /* training goes on from step 100 with them: restricted training keeps
   * the network in the restricted set */
  sim_activate (sim, "step");
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 101);
  g_assert_true (shl_net_is_restricted (shl_sim_get_scene (sim)->net, 1e-9));

  /* the speed is not a setting of the run: not "modified" */
  shl_sim_set_modified (sim, FALSE);
  g_object_set (sim, "speed", 50.0, NULL);
  g_assert_false (sim_modified (sim));
  double speed;
  g_object_get (sim, "speed", &speed, NULL);
  g_assert_cmpfloat (speed, ==, 50.0);
  sim_destroy (sim);
}

static void
test_invalid_values_ignored (void)
{
  ShlSim *sim = sim_new_settled ();
  sim_activate (sim, "step-many");
  shl_sim_sync (sim);
  shl_sim_set_modified (sim, FALSE);
  guint notified = 0;
  g_signal_connect (sim, "notify", G_CALLBACK (count_setting_notify), &notified);
  g_object_set (sim, "target", "no-such-target", "init", "zeros", "loss", "hinge",
                "optimizer", "lbfgs", NULL);
  g_object_set (sim, "target", "sine", "optimizer", "adam", NULL);   /* the same */
  shl_sim_sync (sim);
  g_assert_cmpuint (notified, ==, 0);
  g_assert_false (sim_modified (sim));
  g_assert_cmpuint (sim_step (sim), ==, 100);
  g_autofree char *target = NULL, *init = NULL, *loss = NULL, *opt = NULL;
  g_object_get (sim, "target", &target, "init", &init, "loss", &loss,
                "optimizer", &opt, NULL);
  g_assert_cmpstr (target, ==, "sine");
  g_assert_cmpstr (init, ==, "he");
  g_assert_cmpstr (loss, ==, "mse");
  g_assert_cmpstr (opt, ==, "adam");
  sim_destroy (sim);
}

static void
test_dispose_while_running (void)
{
  ShlSim *sim = sim_new_settled ();
  sim_set_running (sim, TRUE);
  SIM_WAIT_UNTIL (sim_step (sim) > 10);
  /* finalized at once: the engine thread is stopped and joined */
  sim_destroy (sim);
  sim_drain ();
}

/* --------------------------------------------------- g_return_if_fail */

/* Each public entry point with a NULL sim: a critical naming the check,
 * and the failure value (run in a subprocess, where the critical is
 * fatal). */
static void
call_with_null_sim (int k)
{
  ShlTrainOpts opts;
  ShlMove move = shl_move_balance ();
  switch (k)
    {
    case 0: g_assert_null (shl_sim_get_actions (NULL)); break;
    case 1: g_assert_null (shl_sim_get_scene (NULL)); break;
    case 2: g_assert_null (shl_sim_get_view_settings (NULL)); break;
    case 3: shl_sim_set_scrub (NULL, 0); break;
    case 4: g_assert_cmpint (shl_sim_get_scrub (NULL), ==, -1); break;
    case 5: shl_sim_landscape_changed (NULL); break;
    case 6: shl_sim_set_modified (NULL, TRUE); break;
    case 7: g_assert_null (shl_sim_to_session (NULL)); break;
    case 8: g_assert_false (shl_sim_load_session (NULL, NULL, NULL)); break;
    case 9: g_assert_null (shl_sim_get_twin (NULL)); break;
    case 10: shl_sim_set_twin (NULL, NULL); break;
    case 11: g_assert_false (shl_sim_apply_pathology (NULL, "p1", 1, NULL)); break;
    case 12: g_assert_false (shl_sim_apply_move (NULL, &move, NULL)); break;
    case 13: g_assert_false (shl_sim_transform (NULL, "balance", NULL)); break;
    case 14: shl_sim_get_opts (NULL, &opts); break;
    case 15: g_assert_cmpuint (shl_sim_get_history_length (NULL), ==, 0); break;
    case 16: g_assert_false (shl_sim_take_dirty (NULL)); break;
    case 17: g_assert_false (shl_sim_import_data (NULL, "x.csv", NULL)); break;
    case 18: g_assert_false (shl_sim_load_network (NULL, "x.json", NULL)); break;
    case 19: shl_sim_sync (NULL); break;
    default: g_assert_not_reached ();
    }
}

#define N_ENTRY_POINTS 20

static void
test_null_sim (gconstpointer data)
{
  int k = GPOINTER_TO_INT (data);
  if (g_test_subprocess ())
    {
      call_with_null_sim (k);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*assertion 'SHL_IS_SIM (self)' failed*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/no-gtk", test_no_gtk);
  g_test_add_func ("/sim/start-state", test_start_state);
  g_test_add_func ("/sim/run-and-pause", test_run_and_pause);
  g_test_add_func ("/sim/step-actions", test_step_actions);
  g_test_add_func ("/sim/problem-properties-reset", test_problem_properties_reset);
  g_test_add_func ("/sim/optimizer-properties-keep-step", test_optimizer_properties_keep_step);
  g_test_add_func ("/sim/invalid-values-ignored", test_invalid_values_ignored);
  g_test_add_func ("/sim/dispose-while-running", test_dispose_while_running);
  for (int k = 0; k < N_ENTRY_POINTS; k++)
    {
      g_autofree char *path = g_strdup_printf ("/sim/null-sim/%d", k);
      g_test_add_data_func (path, GINT_TO_POINTER (k), test_null_sim);
    }
  return g_test_run ();
}
