/* test-sim-presets.c: presets as a mode, symmetry moves as events on the
 * timeline, and their session round trip; the twin readouts; all without
 * a display. Waits are for conditions only. */
#include "shl-io.h"
#include "shl-pathology.h"
#include "shl-session.h"
#include "shl-timeline-io.h"
#include "shl-twin-readouts.h"
#include "sim-test.h"

static char *
get_string (ShlSim *sim, const char *prop)
{
  char *v = NULL;
  g_object_get (sim, prop, &v, NULL);
  return v;
}

/* ----------------------------------------------------------- the mode */

static void
test_preset_mode (void)
{
  ShlSim *sim = sim_new_settled ();
  g_object_set (sim, "target", "abs", "width", 5, "optimizer", "sgd", "lr", 0.05,
                "samples", 40, NULL);
  shl_sim_get_view_settings (sim)->traj_view = SHL_TRAJ_CONSERVATION;
  shl_sim_sync (sim);
  ShlData *data = shl_data_copy (shl_sim_get_scene (sim)->data);

  /* entering: the preset's problem and view */
  g_assert_true (shl_sim_apply_pathology (sim, "p1", 0.01, NULL));
  shl_sim_sync (sim);
  g_autofree char *t1 = get_string (sim, "target");
  g_autofree char *pr = get_string (sim, "preset");
  g_assert_cmpstr (t1, ==, "data");
  g_assert_cmpstr (pr, ==, "p1");
  g_assert_cmpstr (shl_sim_get_data_label (sim), ==, "g of P1 (preset)");
  ShlViewSettings *view = shl_sim_get_view_settings (sim);
  g_assert_cmpint (view->traj_view, ==, SHL_TRAJ_BALANCE);
  g_assert_true (view->recipe.balance_log);
  g_assert_cmpint (view->recipe.highlight, ==, SHL_READOUT_DFIB);
  g_assert_cmpstr (view->preset, ==, "p1");
  g_assert_true (isfinite (view->recipe.real_y[0]) && view->recipe.real_y[0] < view->recipe.real_y[1]);
  g_assert_cmpint (shl_sim_get_scene (sim)->recipe.highlight, ==, SHL_READOUT_DFIB);

  /* the experiment brings its optimiser; the next preset starts from the
   * user's again */
  g_assert_true (shl_sim_apply_pathology (sim, "experiment", 2, NULL));
  g_autofree char *o1 = get_string (sim, "optimizer");
  g_assert_cmpstr (o1, ==, "momentum");
  g_assert_true (shl_sim_apply_pathology (sim, "p0", 10, NULL));
  g_autofree char *o2 = get_string (sim, "optimizer");
  g_assert_cmpstr (o2, ==, "sgd");
  double lr;
  g_object_get (sim, "lr", &lr, NULL);
  g_assert_cmpfloat (lr, ==, 0.05);

  /* the same preset at another parameter keeps what the user changed */
  view->traj_view = SHL_TRAJ_DISTANCES;
  g_assert_true (shl_sim_apply_pathology (sim, "p0", 100, NULL));
  g_assert_cmpint (view->traj_view, ==, SHL_TRAJ_DISTANCES);
  double param;
  g_assert_cmpstr (shl_sim_get_preset (sim, &param), ==, "p0");
  g_assert_cmpfloat (param, ==, 100);

  /* leaving: everything from before */
  shl_sim_leave_pathology (sim);
  shl_sim_sync (sim);
  g_assert_null (shl_sim_get_preset (sim, NULL));
  g_autofree char *t2 = get_string (sim, "target");
  g_assert_cmpstr (t2, ==, "abs");
  int width;
  guint samples;
  g_object_get (sim, "width", &width, "samples", &samples, NULL);
  g_assert_cmpint (width, ==, 5);
  g_assert_cmpuint (samples, ==, 40);
  g_assert_cmpint (view->traj_view, ==, SHL_TRAJ_CONSERVATION);
  g_assert_cmpstr (view->preset, ==, "");
  g_assert_null (shl_sim_get_twin (sim));
  ShlScene *sc = shl_sim_get_scene (sim);
  g_assert_cmpint (sc->net->m, ==, 5);
  g_assert_cmpuint (sc->data->n, ==, data->n);
  g_assert_cmpmem (sc->data->x, data->n * sizeof (double), data->x, data->n * sizeof (double));
  g_assert_cmpmem (sc->data->y, data->n * sizeof (double), data->y, data->n * sizeof (double));
  /* leaving again does nothing */
  shl_sim_leave_pathology (sim);

  /* a problem setting in a preset leaves it and applies to the user's */
  g_assert_true (shl_sim_apply_pathology (sim, "p3", 0.01, NULL));
  shl_sim_sync (sim);
  g_object_set (sim, "width", 9, NULL);
  shl_sim_sync (sim);
  g_assert_null (shl_sim_get_preset (sim, NULL));
  g_autofree char *t3 = get_string (sim, "target");
  g_assert_cmpstr (t3, ==, "abs");
  g_assert_cmpint (shl_sim_get_scene (sim)->net->m, ==, 9);
  /* ... and a target */
  g_assert_true (shl_sim_apply_pathology (sim, "p3", 0.01, NULL));
  g_object_set (sim, "target", "sine", NULL);
  shl_sim_sync (sim);
  g_assert_null (shl_sim_get_preset (sim, NULL));
  g_autofree char *t4 = get_string (sim, "target");
  g_assert_cmpstr (t4, ==, "sine");
  g_assert_cmpint (shl_sim_get_scene (sim)->net->m, ==, 9);
  /* the same target again while in a preset still leaves it */
  g_assert_true (shl_sim_apply_pathology (sim, "p2", 0.01, NULL));
  g_object_set (sim, "target", "sine", NULL);
  shl_sim_sync (sim);
  g_assert_null (shl_sim_get_preset (sim, NULL));
  g_assert_null (shl_sim_get_twin (sim));

  /* the data seed in a preset: the same preset, new data */
  g_assert_true (shl_sim_apply_pathology (sim, "experiment", 2, NULL));
  shl_sim_sync (sim);
  ShlData *d1 = shl_data_copy (shl_sim_get_scene (sim)->data);
  g_object_set (sim, "data-seed", (guint64) 7, NULL);
  shl_sim_sync (sim);
  g_assert_cmpstr (shl_sim_get_preset (sim, NULL), ==, "experiment");
  g_assert_true (memcmp (d1->x, shl_sim_get_scene (sim)->data->x, d1->n * sizeof (double)) != 0);
  shl_data_free (d1);
  shl_data_free (data);
  sim_destroy (sim);
}

/* ----------------------------------------------------- moves, sessions */

static void
assert_same_timeline (const ShlTimeline *a, const ShlTimeline *b)
{
  g_assert_cmpuint (a->n, ==, b->n);
  g_assert_cmpuint (a->n_params, ==, b->n_params);
  for (size_t k = 0; k < a->n; k++)
    {
      char ia[SHL_MOVE_TEXT_MAX], ib[SHL_MOVE_TEXT_MAX];
      g_assert_cmpuint (a->ev[k].step, ==, b->ev[k].step);
      g_assert_cmpstr (shl_move_to_id (ia, sizeof ia, &a->ev[k].move), ==,
                       shl_move_to_id (ib, sizeof ib, &b->ev[k].move));
      g_assert_cmpfloat (a->ev[k].moved, ==, b->ev[k].moved);
      g_assert_cmpfloat (a->ev[k].f_change, ==, b->ev[k].f_change);
      g_assert_cmpmem (a->ev[k].before, a->n_params * sizeof (double), b->ev[k].before,
                       b->n_params * sizeof (double));
    }
}

static void
test_moves_in_sessions (void)
{
  ShlSim *sim = sim_new_settled ();
  g_assert_true (shl_sim_apply_pathology (sim, "p1", 0.01, NULL));
  shl_sim_sync (sim);
  for (int k = 0; k < 20; k++)
    sim_activate (sim, "step");
  shl_sim_sync (sim);
  g_assert_true (shl_sim_transform (sim, "balance", NULL));
  shl_sim_sync (sim);
  /* the move switched to the plane that shows it */
  g_assert_cmpint (shl_sim_get_view_settings (sim)->traj_view, ==, SHL_TRAJ_BALANCE);
  for (int k = 0; k < 10; k++)
    sim_activate (sim, "step");
  shl_sim_sync (sim);
  g_assert_true (shl_sim_transform (sim, "rescale-0-2", NULL));
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 30);
  const ShlTimeline *tl = shl_sim_get_timeline (sim);
  g_assert_cmpuint (tl->n, ==, 2);
  g_assert_cmpuint (tl->ev[0].step, ==, 20);
  g_assert_cmpuint (tl->ev[1].step, ==, 30);
  /* the history went on: every step recorded once */
  g_assert_cmpuint (shl_sim_get_history_length (sim), ==, 31);
  ShlScene *sc = shl_sim_get_scene (sim);
  for (guint k = 0; k < sc->n_hist; k++)
    g_assert_cmpuint (sc->hist_step[k], ==, k);

  /* to a session and back, in a new sim */
  g_autoptr (ShlSession) ss = shl_sim_to_session (sim);
  g_assert_nonnull (ss->events_json);
  g_autofree char *text = shl_session_to_json (ss);
  g_autoptr (GError) err = NULL;
  g_autoptr (ShlSession) back = shl_session_from_json (text, -1, "test", &err);
  g_assert_no_error (err);
  ShlSim *other = sim_new_settled ();
  g_assert_true (shl_sim_load_session (other, back, &err));
  g_assert_no_error (err);
  shl_sim_sync (other);
  assert_same_timeline (shl_sim_get_timeline (other), tl);
  g_assert_cmpuint (shl_sim_get_history_length (other), ==, 31);
  g_assert_cmpuint (sim_step (other), ==, 30);
  sc = shl_sim_get_scene (sim);
  sim_assert_same_net (shl_sim_get_scene (other)->net, sc->net);
  sim_assert_same_net (shl_sim_get_twin (other), shl_sim_get_twin (sim));
  /* the ghost of the last move, at its step */
  sim_assert_same_net (shl_sim_get_ghost (other), shl_sim_get_ghost (sim));
  g_assert_cmpstr (shl_sim_get_scene (other)->move_caption, ==, sc->move_caption);
  /* the preset comes back as a mode */
  g_assert_cmpstr (shl_sim_get_preset (other, NULL), ==, "p1");
  g_assert_true (shl_sim_get_view_settings (other)->recipe.balance_log);
  /* and saves to the same bytes */
  g_autoptr (ShlSession) again = shl_sim_to_session (other);
  g_autofree char *text2 = shl_session_to_json (again);
  g_assert_cmpstr (text2, ==, text);
  /* scrubbing to the first move shows its ghost */
  shl_sim_set_scrub (other, 20);
  g_assert_cmpuint (shl_sim_get_scene (other)->step, ==, 20);
  g_assert_nonnull (shl_sim_get_scene (other)->ghost);
  g_assert_cmpmem (shl_sim_get_scene (other)->ghost->theta, tl->n_params * sizeof (double),
                   tl->ev[0].before, tl->n_params * sizeof (double));
  shl_sim_set_scrub (other, -1);

  /* replaying the run from step 0 with the timeline's moves gives the
   * app's parameters bit for bit */
  {
    ShlTrainer *tr = shl_trainer_new (back->net0, shl_sim_get_scene (other)->data, &back->opts);
    for (guint64 k = 0; k < 30; k++)
      {
        tr = shl_timeline_replay_step (shl_sim_get_timeline (other), k, tr,
                                       shl_sim_get_scene (other)->data, &back->opts);
        g_assert_nonnull (tr);
        g_assert_true (shl_trainer_step (tr, NULL));
      }
    tr = shl_timeline_replay_step (shl_sim_get_timeline (other), 30, tr,
                                   shl_sim_get_scene (other)->data, &back->opts);
    g_assert_cmpuint (shl_trainer_steps (tr), ==, 30);
    sim_assert_same_net (shl_trainer_net (tr), shl_sim_get_scene (other)->net);
    shl_trainer_free (tr);
  }

  /* a reset clears the timeline */
  sim_activate (other, "reset");
  shl_sim_sync (other);
  g_assert_cmpuint (shl_sim_get_timeline (other)->n, ==, 0);
  g_assert_null (shl_sim_get_scene (other)->ghost);

  /* a damaged timeline is refused, naming the move */
  g_autofree char *bad = g_strdup (text);
  char *m = strstr (bad, "\"move\": \"balance\"");
  g_assert_nonnull (m);
  memcpy (m, "\"move\": \"bal4nce\"", strlen ("\"move\": \"bal4nce\""));
  g_autoptr (ShlSession) broken = shl_session_from_json (bad, -1, "broken.json", &err);
  g_assert_null (broken);
  g_assert_error (err, SHL_ERROR, SHL_ERROR_FORMAT);
  g_assert_nonnull (strstr (err->message, "events"));
  g_assert_nonnull (strstr (err->message, "move 1"));
  sim_destroy (other);
  sim_destroy (sim);
}

/* the highlight is a neuron + 1 in the scene */
static void
test_highlight (void)
{
  ShlSim *sim = sim_new_settled ();
  g_assert_cmpint (shl_sim_get_highlight (sim), ==, -1);
  shl_sim_set_highlight (sim, 3);
  g_assert_cmpint (shl_sim_get_highlight (sim), ==, 3);
  g_assert_cmpint (shl_sim_get_scene (sim)->highlight, ==, 4);
  shl_sim_set_highlight (sim, -1);
  g_assert_cmpint (shl_sim_get_scene (sim)->highlight, ==, 0);
  sim_destroy (sim);
}

/* ------------------------------------------------------------ readouts */

static void
readouts_of (ShlTwinReadouts *r, const char *id, double param)
{
  ShlNet *gamma, *g;
  g_assert_true (shl_pathology_build (&gamma, &g, id, param));
  g_assert_true (shl_twin_readouts_compute (r, gamma, g, id, param, NULL));
  shl_net_free (gamma);
  shl_net_free (g);
}

static void
on_async (GObject *src, GAsyncResult *res, gpointer data)
{
  ShlTwinReadouts *r = data;
  g_assert_true (shl_twin_readouts_compute_finish (res, r, NULL));
}

static void
test_readouts (void)
{
  ShlTwinReadouts r;
  /* theory.md 3's table */
  readouts_of (&r, "p0", 1000);
  g_assert_cmpfloat (fabs (r.sup - 1e-3), <, 1e-15);
  g_assert_cmpfloat (r.w1inf, ==, 1);
  g_assert_cmpfloat (r.dfib, ==, 1);
  g_assert_cmpint (r.dfib_kind, ==, SHL_DFIB_THEORY);
  readouts_of (&r, "p1", 0.01);
  g_assert_cmpfloat (fabs (r.dfib - 1.0 / 3), <, 1e-12);
  g_assert_cmpint (r.dfib_kind, ==, SHL_DFIB_THEORY);
  readouts_of (&r, "p3", 1e-3);
  g_assert_cmpfloat (r.dfib, ==, 0.5);
  g_assert_cmpint (r.dfib_kind, ==, SHL_DFIB_THEORY);
  g_assert_true (isnan (r.raw));          /* widths 2 and 3 */
  g_assert_cmpfloat (r.dfib_lower, <=, 0.5);
  readouts_of (&r, "p4", 20);
  g_assert_cmpfloat (r.dfib, ==, 20);
  /* rounding noise is 0: the rescaled copy's sup and d_sym */
  readouts_of (&r, "rescale", 5);
  g_assert_cmpfloat (r.sup, ==, 0);
  g_assert_cmpfloat (r.dsym, ==, 0);
  g_assert_cmpfloat (r.raw, ==, 4);
  /* away from Γ the theory does not apply: an upper bound */
  ShlNet *gamma, *g;
  g_assert_true (shl_pathology_build (&gamma, &g, "p3", 0.01));
  gamma->b[0] = 0.01;
  g_assert_true (shl_twin_readouts_compute (&r, gamma, g, "p3", 0.01, NULL));
  g_assert_cmpint (r.dfib_kind, ==, SHL_DFIB_UPPER);
  g_assert_cmpfloat (r.dfib, <=, 0.51);

  /* the job on a thread; a cancelled one returns nothing */
  ShlTwinReadouts a = { 0 };
  a.dfib = -1;
  shl_twin_readouts_compute_async (gamma, g, "p3", 0.01, NULL, on_async, &a);
  SIM_WAIT_UNTIL (a.dfib >= 0);
  g_assert_cmpfloat (a.dfib, ==, r.dfib);
  g_autoptr (GCancellable) c = g_cancellable_new ();
  g_cancellable_cancel (c);
  g_assert_false (shl_twin_readouts_compute (&r, gamma, g, NULL, 0, c));
  shl_net_free (gamma);
  shl_net_free (g);

  /* numbers for people */
  struct { double v; const char *text; } nums[] = {
    { 1000, "1000" }, { 1e6, "1000000" }, { 0.5, "0.5" }, { 1.0 / 3, "0.333" },
    { 0.01, "0.01" }, { 12.345, "12.3" }, { 0, "0" }, { -2, "-2" },
    { 2.5e-5, "2.5 × 10⁻⁵" }, { 1.5e12, "1.5 × 10¹²" }, { NAN, "—" }, { INFINITY, "∞" },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (nums); k++)
    {
      char buf[64];
      g_assert_cmpstr (shl_format_readout (buf, sizeof buf, nums[k].v), ==, nums[k].text);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/presets/mode", test_preset_mode);
  g_test_add_func ("/sim/presets/moves-in-sessions", test_moves_in_sessions);
  g_test_add_func ("/sim/presets/highlight", test_highlight);
  g_test_add_func ("/sim/presets/readouts", test_readouts);
  return g_test_run ();
}
