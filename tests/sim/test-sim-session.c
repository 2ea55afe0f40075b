/* test-sim-session.c: ShlSim to a session and back, without a display.
 *
 * to_session -> JSON -> from_json -> load_session gives the same network,
 * data, history, twin, settings and view settings (the reloaded sim saves
 * the same JSON, byte for byte), and training continues bit for bit. A
 * session that does not fit changes nothing. */
#include "shl-session.h"
#include "sim-test.h"

/* a new sim loaded from the JSON of a session */
static ShlSim *
reload (const char *json)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (ShlSession) ss = shl_session_from_json (json, -1, "test", &err);
  g_assert_no_error (err);
  ShlSim *sim = sim_new_settled ();
  g_assert_true (shl_sim_load_session (sim, ss, &err));
  g_assert_no_error (err);
  return sim;
}

static double
loss_of (ShlSim *sim)
{
  double l;
  g_object_get (sim, "loss-value", &l, NULL);
  return l;
}

static void
assert_same_history (ShlSim *a, ShlSim *b)
{
  ShlScene *x = shl_sim_get_scene (a), *y = shl_sim_get_scene (b);
  g_assert_cmpuint (x->n_hist, ==, y->n_hist);
  size_t np = x->net0->n_params;
  g_assert_cmpmem (x->hist_step, x->n_hist * sizeof (guint64), y->hist_step,
                   y->n_hist * sizeof (guint64));
  g_assert_cmpmem (x->hist_loss, x->n_hist * sizeof (double), y->hist_loss,
                   y->n_hist * sizeof (double));
  g_assert_cmpmem (x->hist_theta, x->n_hist * np * sizeof (double), y->hist_theta,
                   y->n_hist * np * sizeof (double));
}

static void
assert_same_state (ShlSim *a, ShlSim *b)
{
  g_assert_cmpuint (sim_step (a), ==, sim_step (b));
  ShlScene *x = shl_sim_get_scene (a), *y = shl_sim_get_scene (b);
  sim_assert_same_net (x->net, y->net);
  sim_assert_same_net (x->net0, y->net0);
  g_assert_cmpuint (x->data->n, ==, y->data->n);
  g_assert_cmpint (x->data->d, ==, y->data->d);
  g_assert_cmpmem (x->data->x, x->data->n * x->data->d * sizeof (double),
                   y->data->x, y->data->n * y->data->d * sizeof (double));
  g_assert_cmpmem (x->data->y, x->data->n * sizeof (double),
                   y->data->y, y->data->n * sizeof (double));
  assert_same_history (a, b);
  if (shl_sim_get_twin (a))
    sim_assert_same_net (shl_sim_get_twin (a), shl_sim_get_twin (b));
  else
    g_assert_null (shl_sim_get_twin (b));
  double la = loss_of (a), lb = loss_of (b);
  g_assert_cmpmem (&la, sizeof la, &lb, sizeof lb);
}

/* train both the same way: they stay equal bit for bit */
static void
assert_training_continues (ShlSim *a, ShlSim *b)
{
  for (int round = 0; round < 3; round++)
    {
      sim_activate (a, "step-many");
      sim_activate (b, "step-many");
      sim_activate (a, "step");
      sim_activate (b, "step");
      shl_sim_sync (a);
      shl_sim_sync (b);
      assert_same_state (a, b);
    }
}

/* ------------------------------------------------------------------- */

static void
test_round_trip (void)
{
  ShlSim *a = sim_new_settled ();
  g_object_set (a, "width", 7, "target", "runge", "samples", 60u, "noise", 0.1,
                "data-seed", (guint64) 3, "init", "balanced", "init-seed", (guint64) 4,
                "optimizer", "momentum", "lr", 0.02, "momentum", 0.8, "batch", 16u,
                "weight-decay", 1e-4, NULL);
  shl_sim_sync (a);
  ShlViewSettings *view = shl_sim_get_view_settings (a);
  view->show_neurons = TRUE;
  view->grad_view = SHL_GRAD_X1;
  view->landscape_seed = 9;
  view->landscape_n = 41;
  view->landscape_span = 2.0;
  view->maximized = 2;
  view->landscape_dirs = SHL_DIRS_PCA;
  view->traj_view = SHL_TRAJ_BALANCE;
  view->landscape_linear = TRUE;
  shl_sim_landscape_changed (a);
  sim_activate (a, "step-many");
  sim_activate (a, "step-many");
  sim_activate (a, "step");
  shl_sim_sync (a);
  /* a twin: the network at step 0 */
  shl_sim_set_twin (a, shl_sim_get_scene (a)->net0);
  g_assert_cmpuint (sim_step (a), ==, 201);
  g_assert_true (sim_modified (a));

  g_autofree char *json = sim_session_json (a);
  ShlSim *b = reload (json);
  g_assert_false (sim_modified (b));
  assert_same_state (a, b);

  /* the settings and the view come back */
  int width;
  guint samples, batch;
  double noise, lr, momentum, wd;
  guint64 data_seed, init_seed;
  g_autofree char *target = NULL, *init = NULL, *opt = NULL;
  g_object_get (b, "width", &width, "target", &target, "samples", &samples,
                "noise", &noise, "data-seed", &data_seed, "init", &init,
                "init-seed", &init_seed, "optimizer", &opt, "lr", &lr,
                "momentum", &momentum, "batch", &batch, "weight-decay", &wd, NULL);
  g_assert_cmpint (width, ==, 7);
  g_assert_cmpstr (target, ==, "runge");
  g_assert_cmpuint (samples, ==, 60);
  g_assert_cmpfloat (noise, ==, 0.1);
  g_assert_cmpuint (data_seed, ==, 3);
  g_assert_cmpstr (init, ==, "balanced");
  g_assert_cmpuint (init_seed, ==, 4);
  g_assert_cmpstr (opt, ==, "momentum");
  g_assert_cmpfloat (lr, ==, 0.02);
  g_assert_cmpfloat (momentum, ==, 0.8);
  g_assert_cmpuint (batch, ==, 16);
  g_assert_cmpfloat (wd, ==, 1e-4);
  ShlViewSettings *vb = shl_sim_get_view_settings (b);
  g_autofree char *view_a = shl_view_settings_to_json (view);
  g_autofree char *view_b = shl_view_settings_to_json (vb);
  g_assert_cmpstr (view_a, ==, view_b);
  g_assert_true (vb->show_neurons);
  g_assert_cmpint (vb->maximized, ==, 2);
  g_assert_cmpint (vb->landscape_dirs, ==, SHL_DIRS_PCA);
  g_assert_cmpint (vb->landscape_n, ==, 41);
  /* everything else too: b saves what a saved, byte for byte */
  g_autofree char *json_b = sim_session_json (b);
  sim_assert_same_text (json, json_b);

  /* the landscape of the loaded run comes at full resolution */
  SIM_WAIT_UNTIL (shl_sim_get_scene (b)->have_landscape && !shl_sim_get_scene (b)->land_busy
                  && shl_sim_get_scene (b)->land_n == 41
                  && shl_sim_get_scene (b)->land_step == 201);

  assert_training_continues (a, b);
  sim_destroy (a);
  sim_destroy (b);
}

static void
test_round_trip_of_a_preset (void)
{
  /* stored points, a network from "file" and a twin from the preset */
  ShlSim *a = sim_new_settled ();
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_sim_apply_pathology (a, "experiment", 0, &err));
  g_assert_no_error (err);
  sim_activate (a, "step-many");
  shl_sim_sync (a);
  g_autofree char *json = sim_session_json (a);
  ShlSim *b = reload (json);
  assert_same_state (a, b);
  g_autofree char *target = NULL;
  g_object_get (b, "target", &target, NULL);
  g_assert_cmpstr (target, ==, "data");
  g_autofree char *json_b = sim_session_json (b);
  sim_assert_same_text (json, json_b);
  assert_training_continues (a, b);
  sim_destroy (a);
  sim_destroy (b);
}

static void
test_session_that_does_not_fit (void)
{
  ShlSim *a = sim_new_settled ();
  sim_activate (a, "step-many");
  shl_sim_sync (a);
  g_autofree char *json = sim_session_json (a);
  ShlSim *b = sim_new_settled ();
  g_object_set (b, "width", 4, NULL);
  shl_sim_sync (b);
  sim_activate (b, "step");
  shl_sim_sync (b);
  shl_sim_set_modified (b, FALSE);
  g_autofree char *before = sim_session_json (b);

  /* a view setting of the wrong type */
  g_autoptr (GError) err = NULL;
  g_autoptr (ShlSession) ss = shl_session_from_json (json, -1, "test", &err);
  g_assert_no_error (err);
  g_free (ss->view_json);
  ss->view_json = g_strdup ("{\"show_neurons\": \"yes\"}");
  g_assert_false (shl_sim_load_session (b, ss, &err));
  g_assert_nonnull (err);
  g_test_message ("refused: %s", err->message);
  g_clear_error (&err);

  /* a network the trainer state does not fit */
  g_autoptr (ShlSession) ss2 = shl_session_from_json (json, -1, "test", &err);
  g_assert_no_error (err);
  shl_net_free (ss2->net0);
  ss2->net0 = shl_net_new (3, 1, ss2->lo, ss2->hi);
  g_assert_false (shl_sim_load_session (b, ss2, &err));
  g_assert_error (err, SHL_ERROR, SHL_ERROR_FORMAT);
  g_test_message ("refused: %s", err->message);

  /* nothing changed */
  shl_sim_sync (b);
  g_autofree char *after = sim_session_json (b);
  sim_assert_same_text (before, after);
  g_assert_false (sim_modified (b));
  g_assert_cmpuint (sim_step (b), ==, 1);
  sim_destroy (a);
  sim_destroy (b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/session/round-trip", test_round_trip);
  g_test_add_func ("/sim/session/round-trip-of-a-preset", test_round_trip_of_a_preset);
  g_test_add_func ("/sim/session/does-not-fit", test_session_that_does_not_fit);
  return g_test_run ();
}
