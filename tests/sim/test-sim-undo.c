/* test-sim-undo.c: undo and redo round-trip the network, the optimiser
 * state and the history bit for bit (the session's JSON, which holds all
 * three with every double exact, is the same byte for byte), for every
 * kind of change: a setting, reset, a preset, a symmetry move, the twin;
 * changes in one dispatch are one step; training after an undo goes on as
 * it would have. */
#include "shl-move.h"
#include "shl-session.h"
#include "sim-test.h"

static gboolean
action_enabled (ShlSim *sim, const char *name)
{
  return g_action_group_get_action_enabled (shl_sim_get_actions (sim), name);
}

/* a setting changed after training: undo brings back the trained run and
 * the old setting; redo the state undo left; both ways round trip */
static void
test_setting (void)
{
  ShlSim *sim = sim_new_settled ();
  g_assert_false (action_enabled (sim, "undo"));
  g_assert_false (action_enabled (sim, "redo"));
  sim_train (sim, 3);
  g_autofree char *before = sim_session_json (sim);
  g_object_set (sim, "width", 9, NULL);
  sim_drain ();
  g_assert_true (action_enabled (sim, "undo"));
  g_assert_cmpstr (shl_sim_get_undo_label (sim, FALSE), ==, "change width");
  sim_train (sim, 2);
  g_assert_cmpuint (sim_step (sim), ==, 200);
  g_autofree char *after = sim_session_json (sim);

  sim_undo_redo (sim, FALSE);
  int width;
  g_object_get (sim, "width", &width, NULL);
  g_assert_cmpint (width, ==, 12);
  g_assert_cmpuint (sim_step (sim), ==, 300);
  g_autofree char *undone = sim_session_json (sim);
  sim_assert_same_text (before, undone);
  g_assert_true (action_enabled (sim, "redo"));
  g_assert_false (action_enabled (sim, "undo"));
  g_assert_true (sim_modified (sim));

  sim_undo_redo (sim, TRUE);
  g_object_get (sim, "width", &width, NULL);
  g_assert_cmpint (width, ==, 9);
  g_autofree char *redone = sim_session_json (sim);
  sim_assert_same_text (after, redone);
  g_assert_false (action_enabled (sim, "redo"));

  /* nothing left to redo: an error, nothing changes */
  g_autoptr (GError) err = NULL;
  g_assert_false (shl_sim_redo (sim, &err));
  g_assert_nonnull (err);
  g_autofree char *still = sim_session_json (sim);
  sim_assert_same_text (after, still);
  sim_destroy (sim);
}

/* training after an undo continues as the run would have: the same as a
 * run that never had the change */
static void
test_training_continues (void)
{
  ShlSim *a = sim_new_settled (), *b = sim_new_settled ();
  g_object_set (a, "optimizer", "momentum", NULL);
  g_object_set (b, "optimizer", "momentum", NULL);
  sim_drain ();
  sim_train (a, 2);
  sim_train (b, 2);
  g_object_set (a, "lr", 0.5, NULL);   /* the mis-click */
  sim_drain ();
  sim_train (a, 1);
  sim_undo_redo (a, FALSE);
  sim_train (a, 3);
  sim_train (b, 3);
  g_autofree char *ja = sim_session_json (a), *jb = sim_session_json (b);
  sim_assert_same_text (ja, jb);
  sim_destroy (a);
  sim_destroy (b);
}

/* Reset throws the run away: undo gives it back */
static void
test_reset (void)
{
  ShlSim *sim = sim_new_settled ();
  sim_train (sim, 4);
  g_autofree char *before = sim_session_json (sim);
  sim_activate (sim, "reset");
  shl_sim_sync (sim);
  sim_drain ();
  g_assert_cmpuint (sim_step (sim), ==, 0);
  g_assert_cmpstr (shl_sim_get_undo_label (sim, FALSE), ==, "reset");
  sim_undo_redo (sim, FALSE);
  g_assert_cmpuint (sim_step (sim), ==, 400);
  g_autofree char *undone = sim_session_json (sim);
  sim_assert_same_text (before, undone);
  sim_destroy (sim);
}

/* several settings in one dispatch are one step */
static void
test_one_dispatch_one_step (void)
{
  ShlSim *sim = sim_new_settled ();
  sim_train (sim, 1);
  g_autofree char *before = sim_session_json (sim);
  g_object_set (sim, "width", 5, "lr", 0.02, "init-seed", (guint64) 7, NULL);
  g_object_set (sim, "samples", 40u, NULL);
  sim_drain ();
  g_object_set (sim, "noise", 0.2, NULL);
  sim_drain ();
  sim_undo_redo (sim, FALSE);
  double noise;
  guint samples;
  g_object_get (sim, "noise", &noise, "samples", &samples, NULL);
  g_assert_cmpfloat (noise, ==, 0.05);
  g_assert_cmpuint (samples, ==, 40);
  sim_undo_redo (sim, FALSE);
  g_autofree char *undone = sim_session_json (sim);
  sim_assert_same_text (before, undone);
  g_assert_false (action_enabled (sim, "undo"));
  /* a new change after an undo drops what could be redone */
  g_assert_true (action_enabled (sim, "redo"));
  g_object_set (sim, "batch", 8u, NULL);
  sim_drain ();
  g_assert_false (action_enabled (sim, "redo"));
  sim_destroy (sim);
}

/* the same setting again with nothing trained between (a slider being
 * dragged) is one step; after training, a new one */
static void
test_slider_drag_one_step (void)
{
  ShlSim *sim = sim_new_settled ();
  sim_train (sim, 2);
  g_autofree char *before = sim_session_json (sim);
  for (int k = 1; k <= 40; k++)
    {
      g_object_set (sim, "width", 12 + k, NULL);
      sim_drain ();
    }
  sim_undo_redo (sim, FALSE);
  g_autofree char *undone = sim_session_json (sim);
  sim_assert_same_text (before, undone);
  g_assert_false (action_enabled (sim, "undo"));
  sim_undo_redo (sim, TRUE);
  int width;
  g_object_get (sim, "width", &width, NULL);
  g_assert_cmpint (width, ==, 52);
  /* trained in between: two steps */
  sim_train (sim, 1);
  g_object_set (sim, "width", 8, NULL);
  sim_drain ();
  sim_undo_redo (sim, FALSE);
  g_object_get (sim, "width", &width, NULL);
  g_assert_cmpint (width, ==, 52);
  g_assert_cmpuint (sim_step (sim), ==, 100);
  g_assert_true (action_enabled (sim, "undo"));
  sim_destroy (sim);
}

/* a preset, a symmetry move on it and the twin, undone one by one */
static void
test_preset_move_twin (void)
{
  ShlSim *sim = sim_new_settled ();
  sim_train (sim, 2);
  g_autofree char *s0 = sim_session_json (sim);
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_sim_apply_pathology (sim, "p1", 0.01, &err));
  g_assert_no_error (err);
  sim_drain ();
  sim_train (sim, 1);
  g_autofree char *s1 = sim_session_json (sim);
  ShlMove move = shl_move_rescale_neuron (0, 2.0);
  g_assert_true (shl_sim_apply_move (sim, &move, &err));
  g_assert_no_error (err);
  sim_drain ();
  sim_train (sim, 1);
  g_autofree char *s2 = sim_session_json (sim);
  g_assert_cmpuint (shl_sim_get_timeline (sim)->n, ==, 1);
  shl_sim_set_twin (sim, NULL);
  sim_drain ();
  g_assert_null (shl_sim_get_twin (sim));
  g_autofree char *s3 = sim_session_json (sim);

  /* a refused move keeps no step */
  ShlMove bad = shl_move_rescale_neuron (999, 2.0);
  g_assert_false (shl_sim_apply_move (sim, &bad, &err));
  g_clear_error (&err);
  sim_drain ();

  sim_undo_redo (sim, FALSE);
  g_assert_nonnull (shl_sim_get_twin (sim));
  g_autofree char *u2 = sim_session_json (sim);
  sim_assert_same_text (s2, u2);
  sim_undo_redo (sim, FALSE);
  g_assert_cmpuint (shl_sim_get_timeline (sim)->n, ==, 0);
  g_assert_cmpstr (shl_sim_get_preset (sim, NULL), ==, "p1");
  g_autofree char *u1 = sim_session_json (sim);
  sim_assert_same_text (s1, u1);
  sim_undo_redo (sim, FALSE);
  g_assert_null (shl_sim_get_preset (sim, NULL));
  g_autofree char *u0 = sim_session_json (sim);
  sim_assert_same_text (s0, u0);
  g_assert_false (action_enabled (sim, "undo"));

  sim_undo_redo (sim, TRUE);
  sim_undo_redo (sim, TRUE);
  sim_undo_redo (sim, TRUE);
  g_autofree char *r3 = sim_session_json (sim);
  sim_assert_same_text (s3, r3);
  sim_destroy (sim);
}

/* a bookmark brings the run back as it was, is undone like any change,
 * stays when the run is undone, and is saved with the session */
static void
test_bookmarks (void)
{
  ShlSim *sim = sim_new_settled ();
  sim_train (sim, 2);
  g_autofree char *at_mark = sim_session_json (sim);
  sim_activate (sim, "bookmark");
  g_assert_cmpuint (shl_sim_n_bookmarks (sim), ==, 1);
  g_assert_cmpstr (shl_sim_get_bookmark_name (sim, 0), ==, "Step 200");
  g_object_set (sim, "width", 7, "optimizer", "momentum", NULL);
  sim_drain ();
  sim_train (sim, 3);
  shl_sim_add_bookmark (sim, "width 7, trained");
  g_autofree char *later = sim_session_json (sim);

  g_autoptr (GError) err = NULL;
  g_assert_true (shl_sim_goto_bookmark (sim, 0, &err));
  g_assert_no_error (err);
  sim_drain ();
  g_autofree char *back = sim_session_json (sim);
  sim_assert_same_text (at_mark, back);
  g_assert_cmpuint (shl_sim_n_bookmarks (sim), ==, 2);
  g_assert_true (sim_modified (sim));
  /* undo comes back from the bookmark; the bookmarks stay */
  g_assert_cmpstr (shl_sim_get_undo_label (sim, FALSE), ==, "go to Step 200");
  sim_undo_redo (sim, FALSE);
  g_autofree char *undone = sim_session_json (sim);
  sim_assert_same_text (later, undone);
  sim_undo_redo (sim, FALSE);
  g_assert_cmpuint (shl_sim_n_bookmarks (sim), ==, 2);
  g_assert_false (shl_sim_goto_bookmark (sim, 2, &err));
  g_assert_nonnull (err);
  g_clear_error (&err);

  /* saved with the session, in a new sim: the same bookmarks, the same
   * states */
  g_autoptr (ShlSession) ss = shl_sim_to_session (sim);
  g_autofree char *file = shl_session_to_json (ss);
  g_autoptr (ShlSession) loaded = shl_session_from_json (file, -1, "marks.json", &err);
  g_assert_no_error (err);
  ShlSim *other = sim_new_settled ();
  g_assert_true (shl_sim_load_session (other, loaded, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (shl_sim_n_bookmarks (other), ==, 2);
  g_assert_cmpstr (shl_sim_get_bookmark_name (other, 1), ==, "width 7, trained");
  g_assert_true (shl_sim_goto_bookmark (other, 1, &err));
  g_assert_no_error (err);
  g_autofree char *there = sim_session_json (other);
  sim_assert_same_text (later, there);
  shl_sim_remove_bookmark (other, 0);
  g_assert_cmpuint (shl_sim_n_bookmarks (other), ==, 1);
  sim_destroy (other);
  sim_destroy (sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/undo/setting", test_setting);
  g_test_add_func ("/sim/undo/training-continues", test_training_continues);
  g_test_add_func ("/sim/undo/reset", test_reset);
  g_test_add_func ("/sim/undo/one-dispatch-one-step", test_one_dispatch_one_step);
  g_test_add_func ("/sim/undo/preset-move-twin", test_preset_move_twin);
  g_test_add_func ("/sim/undo/slider-drag-one-step", test_slider_drag_one_step);
  g_test_add_func ("/sim/undo/bookmarks", test_bookmarks);
  return g_test_run ();
}
