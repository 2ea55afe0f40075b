/* test-sim-moves.c: ShlSim's pathology presets, typed symmetry moves and
 * twin, without a display.
 *
 * Every preset loads (Γ at step 0, g the twin, the data g on its points);
 * every kind of move applied to the trained network restarts from exactly
 * what shl_move_apply computes, with the network before as the twin and
 * the same realization (the engine's exact sup distance); moves that do
 * not apply and unknown presets are errors that change nothing. */
#include "shl-geom.h"
#include "shl-io.h"
#include "shl-pathology.h"
#include "shl-timeline.h"
#include "sim-test.h"

/* the realization of f equals the twin's on the domain, up to rounding */
static void
assert_same_realization (const ShlNet *f, const ShlNet *g, const char *what)
{
  ShlDistances norm, D;
  g_assert_true (shl_realization_distance (&norm, g, NULL, NULL, NULL));
  g_assert_true (shl_realization_distance (&D, f, g, NULL, NULL));
  double tol = 1e-12 * fmax (1.0, norm.sup);
  if (!(D.sup <= tol))
    g_error ("%s changed the function: sup distance %g > %g", what, D.sup, tol);
}

/* ------------------------------------------------------------------- */

static void
test_presets (void)
{
  ShlSim *sim = sim_new_settled ();
  int n = 0;
  const ShlPathology *p = shl_pathologies (&n);
  g_assert_cmpint (n, >, 0);
  for (int k = 0; k < n; k++)
    {
      sim_activate (sim, "step-many");
      shl_sim_sync (sim);
      shl_sim_set_modified (sim, FALSE);
      g_autoptr (GError) err = NULL;
      double param = p[k].param_default;
      if (!shl_sim_apply_pathology (sim, p[k].id, param, &err))
        g_error ("preset %s: %s", p[k].id, err->message);
      shl_sim_sync (sim);
      ShlNet *gamma = NULL, *g = NULL;
      g_assert_true (shl_pathology_build (&gamma, &g, p[k].id, param));
      /* Γ is the network at step 0, g the twin */
      g_assert_cmpuint (sim_step (sim), ==, 0);
      ShlScene *sc = shl_sim_get_scene (sim);
      sim_assert_same_net (sc->net0, gamma);
      sim_assert_same_net (sc->net, gamma);
      sim_assert_same_net (shl_sim_get_twin (sim), g);
      /* the data are g on its points */
      double *y = g_new (double, sc->data->n);
      shl_net_eval (y, NULL, g, sc->data->x, sc->data->n);
      g_assert_cmpmem (y, sc->data->n * sizeof (double), sc->data->y,
                       sc->data->n * sizeof (double));
      g_free (y);
      int dim, width;
      g_autofree char *target = NULL, *loss = NULL;
      g_object_get (sim, "dim", &dim, "width", &width, "target", &target,
                    "loss", &loss, NULL);
      g_assert_cmpint (dim, ==, p[k].d);
      g_assert_cmpint (width, ==, gamma->m);
      g_assert_cmpstr (target, ==, "data");
      g_assert_cmpstr (loss, ==, "mse");
      g_assert_true (sim_modified (sim));
      if (g_str_equal (p[k].id, "experiment"))
        {
          ShlTrainOpts opts;
          shl_sim_get_opts (sim, &opts);
          g_assert_cmpint (opts.optimizer, ==, SHL_OPT_MOMENTUM);
          g_assert_cmpfloat (opts.lr, ==, 1e-3);
          g_assert_cmpuint (opts.batch, ==, 10);
          g_assert_cmpuint (sc->data->n, ==, 1000);
        }
      /* training moves Γ */
      sim_activate (sim, "step");
      shl_sim_sync (sim);
      g_assert_cmpuint (sim_step (sim), ==, 1);
      shl_net_free (gamma);
      shl_net_free (g);
    }

  /* an unknown preset is an error that changes nothing */
  sim_activate (sim, "step");
  shl_sim_sync (sim);
  const ShlNet *twin = shl_sim_get_twin (sim);
  g_autoptr (GError) err = NULL;
  g_assert_false (shl_sim_apply_pathology (sim, "p99", 1, &err));
  g_assert_error (err, SHL_ERROR, SHL_ERROR_INVALID);
  g_assert_nonnull (strstr (err->message, "p99"));
  g_clear_error (&err);
  g_assert_false (shl_sim_apply_pathology (sim, NULL, 1, &err));
  g_assert_error (err, SHL_ERROR, SHL_ERROR_INVALID);
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 2);
  g_assert_true (shl_sim_get_twin (sim) == twin);
  sim_destroy (sim);
}

/* apply move to the trained network and check what the sim did: an
 * event on the timeline at the step it was made */
static void
check_move (ShlSim *sim, const ShlMove *move)
{
  char id[SHL_MOVE_TEXT_MAX];
  shl_move_to_id (id, sizeof id, move);
  sim_activate (sim, "step-many");
  shl_sim_sync (sim);
  guint64 step = sim_step (sim);
  guint n_hist = shl_sim_get_history_length (sim);
  size_t n_events = shl_sim_get_timeline (sim)->n;
  ShlNet *before = shl_net_copy (shl_sim_get_scene (sim)->net);
  ShlNet *net0 = shl_net_copy (shl_sim_get_scene (sim)->net0);
  const ShlNet *twin = shl_sim_get_twin (sim);
  ShlNet *expected = shl_move_apply_keep_width (move, before);
  g_assert_nonnull (expected);
  shl_sim_set_modified (sim, FALSE);

  g_autoptr (GError) err = NULL;
  if (!shl_sim_apply_move (sim, move, &err))
    g_error ("%s: %s", id, err->message);
  shl_sim_sync (sim);
  /* training goes on from the moved network at the same step: the
   * history keeps its points (the one at this step is the moved network
   * now), the twin is untouched, the network before is the ghost */
  g_assert_cmpuint (sim_step (sim), ==, step);
  g_assert_cmpuint (shl_sim_get_history_length (sim), ==, n_hist);
  ShlScene *sc = shl_sim_get_scene (sim);
  sim_assert_same_net (sc->net, expected);
  sim_assert_same_net (sc->net0, net0);
  g_assert_true (shl_sim_get_twin (sim) == twin);
  sim_assert_same_net (shl_sim_get_ghost (sim), before);
  g_assert_true (sc->ghost == shl_sim_get_ghost (sim));
  g_assert_nonnull (sc->move_caption);
  g_assert_nonnull (strstr (sc->move_caption, "f unchanged"));
  const ShlTimeline *tl = shl_sim_get_timeline (sim);
  g_assert_cmpuint (tl->n, ==, n_events + 1);
  g_assert_cmpuint (tl->ev[tl->n - 1].step, ==, step);
  g_assert_cmpuint (sc->n_events, ==, tl->n);
  g_assert_cmpuint (sc->event_step[sc->n_events - 1], ==, step);
  g_assert_cmpuint (sc->hist_step[sc->n_hist - 1], ==, step);
  g_assert_cmpmem (sc->hist_theta + (size_t) (sc->n_hist - 1) * expected->n_params,
                   expected->n_params * sizeof (double), expected->theta,
                   expected->n_params * sizeof (double));
  int width;
  g_object_get (sim, "width", &width, NULL);
  g_assert_cmpint (width, ==, before->m);
  g_assert_cmpint (expected->m, ==, before->m);
  g_assert_true (sim_modified (sim));
  assert_same_realization (sc->net, before, id);
  /* training continues after the move: the ghost is gone, the event stays */
  sim_activate (sim, "step");
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, step + 1);
  g_assert_null (shl_sim_get_ghost (sim));
  g_assert_cmpuint (shl_sim_get_timeline (sim)->n, ==, n_events + 1);
  shl_net_free (expected);
  shl_net_free (before);
  shl_net_free (net0);
}

static void
test_moves_keep_the_realization (void)
{
  for (int dim = 1; dim <= 2; dim++)
    {
      ShlSim *sim = sim_new_settled ();
      g_object_set (sim, "dim", dim, "width", 9, NULL);
      shl_sim_sync (sim);
      ShlMove moves[] = {
        shl_move_balance_neuron (0),
        shl_move_rescale_neuron (1, 2.0),
        shl_move_rescale_neuron (2, 0.5),
        shl_move_rescale_neuron (3, 1.0 / 3.0),
        shl_move_balance (),
        shl_move_reverse (),
        shl_move_canon_step (SHL_CANON_DROP),
        shl_move_canon_step (SHL_CANON_AFFINE),
        shl_move_canon_step (SHL_CANON_ORIENT),
        shl_move_canon_step (SHL_CANON_MERGE),
        shl_move_canon_step (SHL_CANON_BALANCE),
        shl_move_canon_step (SHL_CANON_ORDER_PAD),
        shl_move_canonical (),
      };
      for (unsigned k = 0; k < G_N_ELEMENTS (moves); k++)
        check_move (sim, &moves[k]);
      /* κ keeps the width: in the restricted set (check_move trained a
       * step after it, so once more) */
      ShlMove kappa = shl_move_canonical ();
      g_assert_true (shl_sim_apply_move (sim, &kappa, NULL));
      shl_sim_sync (sim);
      g_assert_true (shl_net_is_restricted (shl_sim_get_scene (sim)->net, 1e-9));
      sim_destroy (sim);
    }
}

static void
test_moves_that_do_not_apply (void)
{
  ShlSim *sim = sim_new_settled ();
  sim_activate (sim, "step-many");
  shl_sim_sync (sim);
  ShlNet *before = shl_net_copy (shl_sim_get_scene (sim)->net);
  struct { ShlMove move; const char *message; } bad[] = {
    { shl_move_rescale_neuron (999, 2.0),
      "Rescale neuron 1000 by λ = 2: neuron 1000 does not exist (the width is 12)" },
    { shl_move_balance_neuron (12),
      "Balance neuron 13: neuron 13 does not exist (the width is 12)" },
    { shl_move_rescale_neuron (0, -1.0),
      "Rescale neuron: λ = -1 is not a positive finite number" },
    { shl_move_canon_step ((ShlCanonStep) 7), "κ step: κ has no step 7 (steps 1 to 6)" },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      g_autoptr (GError) err = NULL;
      g_assert_false (shl_sim_apply_move (sim, &bad[k].move, &err));
      g_assert_error (err, SHL_ERROR, SHL_ERROR_INVALID);
      g_assert_cmpstr (err->message, ==, bad[k].message);
    }
  g_autoptr (GError) err = NULL;
  g_assert_false (shl_sim_transform (sim, "rescale-0-x", &err));
  g_assert_error (err, SHL_ERROR, SHL_ERROR_INVALID);
  g_assert_cmpstr (err->message, ==, "unknown symmetry move \"rescale-0-x\"");
  /* nothing changed */
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 100);
  g_assert_null (shl_sim_get_twin (sim));
  sim_assert_same_net (shl_sim_get_scene (sim)->net, before);

  /* the ids of files and tests reach the same moves */
  g_clear_error (&err);
  g_assert_true (shl_sim_transform (sim, "rescale-0-2", &err));
  g_assert_no_error (err);
  shl_sim_sync (sim);
  ShlMove m = shl_move_rescale_neuron (0, 2.0);
  ShlNet *expected = shl_move_apply (&m, before);
  sim_assert_same_net (shl_sim_get_scene (sim)->net, expected);
  g_assert_null (shl_sim_get_twin (sim));
  sim_assert_same_net (shl_sim_get_ghost (sim), before);
  shl_net_free (expected);
  shl_net_free (before);
  sim_destroy (sim);
}

static void
test_twin (void)
{
  ShlSim *sim = sim_new_settled ();
  g_assert_null (shl_sim_get_twin (sim));
  shl_sim_set_modified (sim, FALSE);
  shl_sim_set_twin (sim, shl_sim_get_scene (sim)->net0);
  g_assert_true (sim_modified (sim));
  sim_assert_same_net (shl_sim_get_twin (sim), shl_sim_get_scene (sim)->net0);
  g_assert_true (shl_sim_get_twin (sim) != shl_sim_get_scene (sim)->net0);
  /* setting the twin to itself keeps it */
  shl_sim_set_twin (sim, shl_sim_get_twin (sim));
  sim_assert_same_net (shl_sim_get_twin (sim), shl_sim_get_scene (sim)->net0);
  g_assert_true (shl_sim_get_scene (sim)->twin == shl_sim_get_twin (sim));
  /* twin directions for the landscape follow the twin */
  shl_sim_get_view_settings (sim)->landscape_dirs = SHL_DIRS_TWIN;
  sim_activate (sim, "step-many");
  shl_sim_sync (sim);
  shl_sim_landscape_changed (sim);
  SIM_WAIT_UNTIL (!shl_sim_get_scene (sim)->land_busy && shl_sim_get_scene (sim)->have_landscape
                  && shl_sim_get_scene (sim)->land_step == 100);
  g_assert_cmpint (shl_sim_get_scene (sim)->land_kind, ==, SHL_DIRS_TWIN);
  shl_sim_set_twin (sim, NULL);
  g_assert_null (shl_sim_get_twin (sim));
  sim_destroy (sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/moves/presets", test_presets);
  g_test_add_func ("/sim/moves/keep-the-realization", test_moves_keep_the_realization);
  g_test_add_func ("/sim/moves/do-not-apply", test_moves_that_do_not_apply);
  g_test_add_func ("/sim/moves/twin", test_twin);
  return g_test_run ();
}
