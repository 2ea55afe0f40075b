/* test-sim-edit.c: direct manipulation through the sim: one neuron's
 * parameters (the network's and the twin's), data points added and
 * erased. An edit restarts training at the current step (the history up
 * to there stays), pauses training while it lasts, saves edited data in
 * the session (as points, round trip), and one edit bracket (a drag) is
 * one undo step that restores the state before it bit for bit (the
 * session's JSON, byte for byte). */
#include "shl-session.h"
#include "sim-test.h"

static gboolean
action_running (ShlSim *sim)
{
  g_autoptr (GVariant) v = g_action_group_get_action_state (shl_sim_get_actions (sim), "running");
  return g_variant_get_boolean (v);
}

/* the live network, once the engine has everything */
static const ShlNet *
live_net (ShlSim *sim)
{
  shl_sim_sync (sim);
  return shl_sim_get_scene (sim)->net;
}

/* move neuron i's kink to x (keeping a_i and c_i) */
static void
set_kink (ShlSim *sim, gboolean twin, int i, double x)
{
  const ShlNet *net = shl_sim_get_edit_net (sim, twin);
  double a = net->a[i], c = net->c[i];
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_sim_set_neuron (sim, twin, i, &a, -a * x, c, &err));
  g_assert_no_error (err);
}

/* a neuron's parameters: only neuron i changes, to what was asked; the
 * step and the history up to it stay; undo restores the state before it */
static void
test_neuron (void)
{
  ShlSim *sim = sim_new_settled ();
  sim_train (sim, 3);
  g_autofree char *before = sim_session_json (sim);
  ShlNet *old = shl_net_copy (live_net (sim));
  guint n_hist = shl_sim_get_history_length (sim);
  g_assert_cmpuint (n_hist, >, 1);

  const int i = 4;
  const double x = 0.3125, jump = -0.7;
  double a = old->a[i];
  g_assert_cmpfloat (a, !=, 0.0);
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_sim_set_neuron (sim, FALSE, i, &a, -a * x, jump / fabs (a), &err));
  g_assert_no_error (err);
  g_assert_false (shl_sim_is_editing (sim));
  const ShlNet *net = live_net (sim);
  sim_drain ();
  g_assert_cmpuint (sim_step (sim), ==, 300);
  g_assert_cmpfloat_with_epsilon (shl_net_neuron_kink (net, i), x, 1e-12);
  g_assert_cmpfloat_with_epsilon (shl_net_neuron_jump (net, i), jump, 1e-12);
  for (int j = 0; j < net->m; j++)
    if (j != i)
      {
        g_assert_cmpfloat (net->a[j], ==, old->a[j]);
        g_assert_cmpfloat (net->b[j], ==, old->b[j]);
        g_assert_cmpfloat (net->c[j], ==, old->c[j]);
      }
  g_assert_cmpfloat (net->e[0], ==, old->e[0]);
  /* the history up to the edit stays; the edited network is its last
   * point, at the same step */
  g_assert_cmpuint (shl_sim_get_history_length (sim), ==, n_hist);
  g_assert_cmpstr (shl_sim_get_undo_label (sim, FALSE), ==, "edit a neuron");
  g_assert_true (sim_modified (sim));

  /* training goes on from the edited network */
  sim_train (sim, 1);
  g_assert_cmpuint (sim_step (sim), ==, 400);

  sim_undo_redo (sim, FALSE);
  g_autofree char *undone = sim_session_json (sim);
  g_assert_cmpstr (before, ==, undone);
  shl_net_free (old);
  sim_destroy (sim);
}

/* a drag: many edits over several dispatches in one bracket are one undo
 * step; training pauses during it and resumes after */
static void
test_drag_bracket (void)
{
  ShlSim *sim = sim_new_settled ();
  g_object_set (sim, "speed", 2000.0, NULL);
  sim_set_running (sim, TRUE);
  SIM_WAIT_UNTIL (sim_step (sim) >= 50);

  shl_sim_edit_begin (sim, "drag neuron 2");
  g_assert_true (shl_sim_is_editing (sim));
  g_assert_false (action_running (sim));
  g_autofree char *before = sim_session_json (sim);
  guint64 step = sim_step (sim);
  for (int k = 0; k <= 10; k++)
    {
      set_kink (sim, FALSE, 1, -0.5 + 0.1 * k);
      sim_drain ();
      /* the scene follows at once, before the engine answers */
      g_assert_cmpfloat_with_epsilon (shl_net_neuron_kink (shl_sim_get_scene (sim)->net, 1),
                                      -0.5 + 0.1 * k, 1e-12);
    }
  shl_sim_sync (sim);
  sim_drain ();
  g_assert_cmpuint (sim_step (sim), ==, step);
  g_assert_false (sim_running (sim));
  shl_sim_edit_end (sim);
  g_assert_false (shl_sim_is_editing (sim));
  g_assert_true (action_running (sim));
  SIM_WAIT_UNTIL (sim_step (sim) > step + 10);
  g_assert_cmpstr (shl_sim_get_undo_label (sim, FALSE), ==, "drag neuron 2");

  sim_set_running (sim, FALSE);
  sim_undo_redo (sim, FALSE);
  g_autofree char *undone = sim_session_json (sim);
  g_assert_cmpstr (before, ==, undone);
  /* nothing before the drag was undoable: one step for the whole drag */
  g_assert_false (g_action_group_get_action_enabled (shl_sim_get_actions (sim), "undo"));
  sim_destroy (sim);
}

/* the twin's neurons: edited in place, the network untouched */
static void
test_twin (void)
{
  ShlSim *sim = sim_new_settled ();
  g_autoptr (GError) err = NULL;
  double a = 1.0;
  /* no twin yet: an error, nothing changes */
  g_assert_false (shl_sim_set_neuron (sim, TRUE, 0, &a, 0.0, 1.0, &err));
  g_assert_nonnull (err);
  g_clear_error (&err);
  g_assert_true (shl_sim_apply_pathology (sim, "p1", 0.01, &err));
  g_assert_no_error (err);
  sim_drain ();
  sim_train (sim, 1);
  g_autofree char *before = sim_session_json (sim);
  ShlNet *f = shl_net_copy (live_net (sim));
  ShlNet *g = shl_net_copy (shl_sim_get_twin (sim));
  set_kink (sim, TRUE, 0, -0.25);
  sim_drain ();
  const ShlNet *tw = shl_sim_get_twin (sim);
  g_assert_cmpfloat_with_epsilon (shl_net_neuron_kink (tw, 0), -0.25, 1e-12);
  g_assert_cmpfloat (tw->a[0], ==, g->a[0]);
  g_assert_cmpfloat (tw->c[0], ==, g->c[0]);
  sim_assert_same_net (live_net (sim), f);
  g_assert_cmpuint (sim_step (sim), ==, 100);
  sim_undo_redo (sim, FALSE);
  g_autofree char *undone = sim_session_json (sim);
  g_assert_cmpstr (before, ==, undone);
  sim_assert_same_net (shl_sim_get_twin (sim), g);
  shl_net_free (f);
  shl_net_free (g);
  sim_destroy (sim);
}

/* edits that do not apply change nothing and keep no undo step */
static void
test_refused (void)
{
  ShlSim *sim = sim_new_settled ();
  sim_train (sim, 1);
  g_autofree char *before = sim_session_json (sim);
  g_autoptr (GError) err = NULL;
  double a = 1.0, bad = NAN, x = 2.0;
  g_assert_false (shl_sim_set_neuron (sim, FALSE, 99, &a, 0.0, 1.0, &err));
  g_assert_nonnull (err);
  g_clear_error (&err);
  g_assert_false (shl_sim_set_neuron (sim, FALSE, 0, &bad, 0.0, 1.0, &err));
  g_assert_nonnull (err);
  g_clear_error (&err);
  g_assert_false (shl_sim_add_point (sim, &x, 0.0, &err));
  g_assert_nonnull (err);
  g_assert_nonnull (strstr (err->message, "outside the domain"));
  g_clear_error (&err);
  x = 0.0;
  g_assert_false (shl_sim_add_point (sim, &x, INFINITY, &err));
  g_assert_nonnull (err);
  g_clear_error (&err);
  /* erasing everything is refused */
  g_assert_cmpuint (shl_sim_erase_points (sim, 0.0, 0.0, 10.0, 10.0, &err), ==, 0);
  g_assert_nonnull (err);
  g_clear_error (&err);
  /* erasing where there is nothing erases nothing */
  g_assert_cmpuint (shl_sim_erase_points (sim, 0.0, 50.0, 0.01, 0.01, &err), ==, 0);
  g_assert_no_error (err);
  sim_drain ();
  g_autofree char *after = sim_session_json (sim);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_action_group_get_action_enabled (shl_sim_get_actions (sim), "undo"));
  sim_destroy (sim);
}

static gboolean
has_point (const ShlData *d, double x, double y)
{
  for (size_t k = 0; k < d->n; k++)
    if (d->x[k * (size_t) d->d] == x && d->y[k] == y)
      return TRUE;
  return FALSE;
}

/* data points added and erased: training goes on at the same step on the
 * new data, the target becomes "data", a session keeps the points and
 * loads them back; undo restores the data of before */
static void
test_data (void)
{
  ShlSim *sim = sim_new_settled ();
  sim_train (sim, 2);
  g_autofree char *before = sim_session_json (sim);
  size_t n0 = shl_sim_get_data (sim)->n;
  g_autoptr (GError) err = NULL;
  double x = 0.123;
  g_assert_true (shl_sim_add_point (sim, &x, 0.75, &err));
  g_assert_no_error (err);
  sim_drain ();
  const ShlData *d = shl_sim_get_data (sim);
  g_assert_cmpuint (d->n, ==, n0 + 1);
  g_assert_true (has_point (d, 0.123, 0.75));
  g_autofree char *target = NULL;
  g_object_get (sim, "target", &target, NULL);
  g_assert_cmpstr (target, ==, "data");
  g_assert_nonnull (strstr (shl_sim_get_data_label (sim), "(edited)"));
  g_assert_null (shl_sim_get_scene (sim)->target);
  g_assert_cmpuint (sim_step (sim), ==, 200);

  /* erase the points near a data point (in the (x, y) plane) */
  double cx = d->x[0], cy = d->y[0];
  guint near = 0;
  for (size_t k = 0; k < d->n; k++)
    {
      double u = (d->x[k] - cx) / 0.05, v = (d->y[k] - cy) / 0.1;
      near += u * u + v * v <= 1.0;
    }
  g_assert_cmpuint (shl_sim_erase_points (sim, cx, cy, 0.05, 0.1, &err), ==, near);
  g_assert_no_error (err);
  sim_drain ();
  d = shl_sim_get_data (sim);
  g_assert_cmpuint (d->n, ==, n0 + 1 - near);
  g_assert_false (has_point (d, cx, cy));
  sim_train (sim, 1);
  g_assert_cmpuint (sim_step (sim), ==, 300);

  /* the session keeps the points: text and back into a new sim */
  g_autofree char *json = sim_session_json (sim);
  g_autoptr (ShlSession) ss = shl_session_from_json (json, -1, "edited", &err);
  g_assert_no_error (err);
  g_assert_nonnull (ss->points);
  g_assert_null (ss->target);
  ShlSim *other = sim_new_settled ();
  g_assert_true (shl_sim_load_session (other, ss, &err));
  g_assert_no_error (err);
  const ShlData *od = shl_sim_get_data (other);
  g_assert_cmpuint (od->n, ==, d->n);
  g_assert_cmpmem (od->x, od->n * sizeof (double), d->x, d->n * sizeof (double));
  g_assert_cmpmem (od->y, od->n * sizeof (double), d->y, d->n * sizeof (double));
  g_autofree char *again = sim_session_json (other);
  g_assert_cmpstr (json, ==, again);
  sim_destroy (other);

  sim_undo_redo (sim, FALSE);
  sim_undo_redo (sim, FALSE);
  g_autofree char *undone = sim_session_json (sim);
  g_assert_cmpstr (before, ==, undone);
  g_free (target);
  g_object_get (sim, "target", &target, NULL);
  g_assert_cmpstr (target, ==, "sine");
  sim_destroy (sim);
}

/* classification data: the class is 0 or 1 */
static void
test_classes (void)
{
  ShlSim *sim = sim_new_settled ();
  g_object_set (sim, "target", "xor", NULL);
  shl_sim_sync (sim);
  sim_drain ();
  g_assert_true (shl_sim_get_data (sim)->classification);
  size_t n0 = shl_sim_get_data (sim)->n;
  g_autoptr (GError) err = NULL;
  double x[2] = { 0.5, -0.25 };
  g_assert_false (shl_sim_add_point (sim, x, 0.5, &err));
  g_assert_nonnull (err);
  g_clear_error (&err);
  g_assert_true (shl_sim_add_point (sim, x, 1.0, &err));
  g_assert_no_error (err);
  sim_drain ();
  const ShlData *d = shl_sim_get_data (sim);
  g_assert_cmpuint (d->n, ==, n0 + 1);
  g_assert_true (d->classification);
  g_assert_cmpfloat (d->x[2 * n0], ==, 0.5);
  g_assert_cmpfloat (d->x[2 * n0 + 1], ==, -0.25);
  g_assert_cmpfloat (d->y[n0], ==, 1.0);
  /* in 2-D the erase plane is (x1, x2) */
  g_assert_cmpuint (shl_sim_erase_points (sim, 0.5, -0.25, 1e-9, 1e-9, &err), >=, 1);
  g_assert_no_error (err);
  g_assert_cmpuint (shl_sim_get_data (sim)->n, ==, n0);
  g_autofree char *loss = NULL;
  g_object_get (sim, "loss", &loss, NULL);
  g_assert_cmpstr (loss, ==, "logistic");
  sim_destroy (sim);
}

/* an edit at step 0 is saved (the trainer's state holds it) and comes
 * back from the session's text; an empty bracket keeps no undo step */
static void
test_step0_saved (void)
{
  ShlSim *sim = sim_new_settled ();
  shl_sim_edit_begin (sim, "nothing");
  shl_sim_edit_end (sim);
  sim_drain ();
  g_assert_null (shl_sim_get_undo_label (sim, FALSE));
  set_kink (sim, FALSE, 2, -0.375);
  sim_drain ();
  ShlNet *edited = shl_net_copy (live_net (sim));
  g_assert_cmpuint (sim_step (sim), ==, 0);
  g_assert_cmpfloat_with_epsilon (shl_net_neuron_kink (edited, 2), -0.375, 1e-12);
  g_autofree char *json = sim_session_json (sim);
  g_autoptr (GError) err = NULL;
  g_autoptr (ShlSession) ss = shl_session_from_json (json, -1, "step0", &err);
  g_assert_no_error (err);
  ShlSim *other = sim_new_settled ();
  g_assert_true (shl_sim_load_session (other, ss, &err));
  g_assert_no_error (err);
  sim_assert_same_net (live_net (other), edited);
  /* and both train on the same way */
  sim_train (sim, 1);
  sim_train (other, 1);
  sim_assert_same_net (live_net (other), live_net (sim));
  sim_destroy (other);
  shl_net_free (edited);
  sim_destroy (sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/edit/neuron", test_neuron);
  g_test_add_func ("/sim/edit/drag-bracket", test_drag_bracket);
  g_test_add_func ("/sim/edit/twin", test_twin);
  g_test_add_func ("/sim/edit/refused", test_refused);
  g_test_add_func ("/sim/edit/data", test_data);
  g_test_add_func ("/sim/edit/classes", test_classes);
  g_test_add_func ("/sim/edit/step0-saved", test_step0_saved);
  return g_test_run ();
}
