/* test-ui-landscape.c: the loss-landscape panel's planes (PCA, coordinates,
 * 1-D paths, the twin plane's fallback) and the trajectory panel: the
 * history scrubber and the trajectory views. Landscape slices are computed
 * in the background: the tests wait for the job they need. */
#include "ui-test-util.h"

/* the landscape job for this plane, at this step, has finished */
static gboolean
landscape_ready (ShlSim *sim, ShlDirsKind kind, guint64 step)
{
  ShlScene *sc = shl_sim_get_scene (sim);
  return sc->have_landscape && !sc->land_busy && sc->land_kind == kind && sc->land_step == step;
}

static void
test_landscape_directions (void)
{
  ShlWindow *w = shl_ui_window_new (1280, 800);
  ShlSim *sim = shl_window_get_sim (w);
  for (int k = 0; k < 5; k++)
    shl_ui_activate (w, "sim.step-many");
  shl_sim_sync (sim);
  guint64 at = shl_ui_sim_step (sim);
  g_assert_cmpuint (at, ==, 500);
  shl_window_set_landscape_directions (w, SHL_DIRS_PCA);
  SHL_UI_WAIT_UNTIL (landscape_ready (sim, SHL_DIRS_PCA, at));
  ShlScene *sc = shl_sim_get_scene (sim);
  /* the trajectory lies mostly in the plane of its first two components */
  g_assert_cmpfloat (sc->land_explained[0], >, 0.3);
  g_assert_cmpfloat (sc->land_explained[0] + sc->land_explained[1], <=, 1.0 + 1e-9);
  shl_ui_assert_panels_not_blank (w);
  shl_ui_screenshot (w, "ui-landscape-pca.png");
  /* two coordinates: neuron 1's b and c */
  shl_window_set_landscape_directions (w, SHL_DIRS_COORDS);
  SHL_UI_WAIT_UNTIL (landscape_ready (sim, SHL_DIRS_COORDS, at));
  /* the 1-D paths: drawn from the slice there is, no new job */
  shl_window_set_landscape_directions (w, 5);
  g_assert_false (shl_sim_get_scene (sim)->land_busy);
  shl_ui_assert_panels_not_blank (w);
  shl_ui_screenshot (w, "ui-landscape-paths.png");
  /* no twin: the twin plane falls back to random directions */
  g_assert_null (shl_sim_get_twin (sim));
  shl_window_set_landscape_directions (w, SHL_DIRS_TWIN);
  SHL_UI_WAIT_UNTIL (landscape_ready (sim, SHL_DIRS_RANDOM, at));
  shl_ui_window_close (w);
}

static void
test_scrubber (void)
{
  ShlWindow *w = shl_ui_window_new (1280, 800);
  ShlSim *sim = shl_window_get_sim (w);
  shl_ui_activate (w, "sim.step-many");
  shl_sim_sync (sim);
  guint n = shl_sim_get_history_length (sim);
  g_assert_cmpuint (n, ==, 101);
  ShlScene *sc = shl_sim_get_scene (sim);
  size_t np = sc->net->n_params;
  /* the start: exactly the network at step 0 */
  shl_window_scrub (w, 0.0);
  sc = shl_sim_get_scene (sim);
  g_assert_cmpuint (sc->step, ==, 0);
  g_assert_cmpmem (sc->net->theta, np * sizeof (double), sc->net0->theta, np * sizeof (double));
  /* half way: exactly the recorded parameters of step 50 */
  shl_window_scrub (w, 0.5);
  sc = shl_sim_get_scene (sim);
  g_assert_cmpuint (sc->step, ==, 50);
  g_assert_cmpmem (sc->net->theta, np * sizeof (double), sc->hist_theta + 50 * np, np * sizeof (double));
  g_assert_cmpfloat (sc->loss, ==, sc->hist_loss[50]);
  shl_ui_assert_panels_not_blank (w);
  shl_ui_screenshot (w, "ui-scrubbed.png");
  /* the right end is live again */
  shl_window_scrub (w, 1.0);
  /* the other views of the trajectory panel draw, on screen too */
  for (int v = SHL_TRAJ_BALANCE; v <= SHL_TRAJ_DISTANCES; v++)
    {
      shl_window_set_trajectory_view (w, v);
      shl_ui_wait_frame (shl_window_get_panel (w, 3));
      shl_ui_assert_panels_not_blank (w);
    }
  shl_ui_screenshot (w, "ui-trajectory-distances.png");
  shl_window_set_trajectory_view (w, SHL_TRAJ_CONSERVATION);
  shl_ui_screenshot (w, "ui-trajectory-conservation.png");
  sc = shl_sim_get_scene (sim);
  g_assert_cmpuint (sc->step, ==, 100);
  shl_ui_window_close (w);
}

int
main (int argc, char **argv)
{
  shl_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/landscape-directions", test_landscape_directions);
  g_test_add_func ("/ui/scrubber", test_scrubber);
  return shl_ui_test_run ();
}
