/* test-sim-landscape.c: ShlSim's loss-landscape jobs, without a display.
 *
 * A job runs to completion and its slice is the one shown; a new step
 * brings a new slice; a job is cancelled when the problem changes (its
 * slice is never shown) and when the sim is disposed (the sim is finalized
 * at once, and the job's end touches nothing: under ASan a late callback
 * into the freed sim would fail the test). The counters of jobs started,
 * completed and cancelled come from the sim's private header. */
#include "sim-test.h"

static gboolean
slice_shown_at (ShlSim *sim, int n)
{
  ShlScene *sc = shl_sim_get_scene (sim);
  return sc->have_landscape && !sc->land_busy && sc->land_n == n
         && sc->land_step == sc->step;
}

static void
assert_slice_finite (ShlSim *sim)
{
  ShlScene *sc = shl_sim_get_scene (sim);
  g_assert_true (sc->have_landscape);
  for (int k = 0; k < sc->land_n * sc->land_n; k++)
    g_assert_true (isfinite (sc->land_loss[k]) && sc->land_loss[k] >= 0);
  g_assert_cmpfloat (sc->land_progress, ==, 1.0);
}

/* a job that takes long enough to be cancelled part way: a fine grid on
 * many samples */
static void
start_slow_job (ShlSim *sim)
{
  shl_sim_get_view_settings (sim)->landscape_n = 1201;
  guint started = sim->land_started;
  shl_sim_landscape_changed (sim);
  g_assert_cmpuint (sim->land_started, ==, started + 1);
  g_assert_true (shl_sim_get_scene (sim)->land_busy);
}

static ShlSim *
new_sim_with_many_samples (void)
{
  ShlSim *sim = shl_sim_new ();
  shl_sim_get_view_settings (sim)->landscape_n = 21;
  g_object_set (sim, "samples", 20000u, NULL);
  shl_sim_sync (sim);
  SIM_WAIT_UNTIL (!shl_sim_get_scene (sim)->land_busy);
  return sim;
}

/* ------------------------------------------------------------------- */

static void
test_completes (void)
{
  ShlSim *sim = sim_new_settled ();
  /* the start-up slice: at full resolution, for step 0 */
  SIM_WAIT_UNTIL (slice_shown_at (sim, 81));
  assert_slice_finite (sim);
  g_assert_cmpuint (sim->land_completed, >=, 1);

  /* a finer grid: coarse first, then complete */
  shl_sim_get_view_settings (sim)->landscape_n = 101;
  shl_sim_landscape_changed (sim);
  g_assert_true (shl_sim_get_scene (sim)->land_busy);
  SIM_WAIT_UNTIL (slice_shown_at (sim, 101));
  g_test_message ("101 x 101 slice in %.3f s", sim_last_wait_s);
  assert_slice_finite (sim);

  /* a step: a new slice centred at the new parameters, with the path */
  guint completed = sim->land_completed;
  sim_activate (sim, "step-many");
  shl_sim_sync (sim);
  SIM_WAIT_UNTIL (slice_shown_at (sim, 101) && shl_sim_get_scene (sim)->land_step == 100);
  g_assert_cmpuint (sim->land_completed, >, completed);
  ShlScene *sc = shl_sim_get_scene (sim);
  g_assert_cmpuint (sc->n_land_path, ==, 101);
  g_assert_nonnull (sc->land_path);
  /* when paused, one slice per parameter state: no more jobs */
  guint started = sim->land_started;
  shl_sim_sync (sim);
  sim_drain ();
  g_assert_cmpuint (sim->land_started, ==, started);
  g_assert_false (shl_sim_get_scene (sim)->land_busy);

  /* other directions: PCA of the trajectory */
  shl_sim_get_view_settings (sim)->landscape_dirs = SHL_DIRS_PCA;
  shl_sim_landscape_changed (sim);
  SIM_WAIT_UNTIL (slice_shown_at (sim, 101) && shl_sim_get_scene (sim)->land_kind == SHL_DIRS_PCA);
  assert_slice_finite (sim);
  sim_destroy (sim);
}

static void
test_live_while_running (void)
{
  ShlSim *sim = sim_new_settled ();
  guint completed = sim->land_completed;
  /* while training, small slices keep coming */
  sim_set_running (sim, TRUE);
  SIM_WAIT_UNTIL (sim->land_completed >= completed + 2 && shl_sim_get_scene (sim)->have_landscape);
  g_assert_cmpint (shl_sim_get_scene (sim)->land_n, ==, 31);
  sim_set_running (sim, FALSE);
  SIM_WAIT_UNTIL (!sim_running (sim));
  /* paused: a full slice at the step where it stopped */
  SIM_WAIT_UNTIL (slice_shown_at (sim, 81));
  sim_destroy (sim);
}

static void
test_cancelled_when_the_problem_changes (void)
{
  ShlSim *sim = new_sim_with_many_samples ();
  guint cancelled = sim->land_cancelled, completed = sim->land_completed;
  start_slow_job (sim);
  /* the problem changes before the job can be done: the reset cancels it
   * (its completion is dispatched from the main loop, which has not run
   * since; it reports cancelled whether or not the thread got far) */
  shl_sim_get_view_settings (sim)->landscape_n = 21;
  g_object_set (sim, "width", 5, NULL);
  shl_sim_sync (sim);
  g_assert_cmpuint (sim_step (sim), ==, 0);
  SIM_WAIT_UNTIL (sim->land_cancelled == cancelled + 1);
  g_test_message ("cancelled job ended %.3f s after the reset", sim_last_wait_s);
  g_assert_cmpuint (sim->land_completed, ==, completed);
  /* then a slice of the new problem, never the old one */
  SIM_WAIT_UNTIL (slice_shown_at (sim, 21));
  g_assert_cmpint (shl_sim_get_scene (sim)->net->m, ==, 5);
  assert_slice_finite (sim);

  /* a change of the view cancels too */
  cancelled = sim->land_cancelled;
  completed = sim->land_completed;
  start_slow_job (sim);
  shl_sim_get_view_settings (sim)->landscape_n = 25;
  shl_sim_landscape_changed (sim);
  SIM_WAIT_UNTIL (sim->land_cancelled == cancelled + 1);
  SIM_WAIT_UNTIL (slice_shown_at (sim, 25));
  g_assert_cmpuint (sim->land_completed, ==, completed + 1);
  sim_destroy (sim);
}

static void
test_cancelled_on_dispose (void)
{
  ShlSim *sim = new_sim_with_many_samples ();
  start_slow_job (sim);
  /* (a finished job's task may still be released by its worker thread) */
  g_assert_cmpuint (shl_sim_landscape_jobs_alive (), >=, 1);
  /* the job holds no reference: the sim is finalized now */
  sim_unref_finalized (sim);
  /* the job notices the cancellation, its thread ends and its completion
   * runs without a sim */
  SIM_WAIT_UNTIL (shl_sim_landscape_jobs_alive () == 0);
  g_test_message ("the job ended %.3f s after the sim was disposed", sim_last_wait_s);

  /* the same while training (live jobs, coarse hand-overs on the way) */
  sim = sim_new_settled ();
  sim_set_running (sim, TRUE);
  SIM_WAIT_UNTIL (sim_step (sim) > 100 && sim->land_started >= 3);
  sim_destroy (sim);

  /* several sims at once, each with a job in flight */
  ShlSim *sims[3];
  for (int k = 0; k < 3; k++)
    {
      sims[k] = shl_sim_new ();
      shl_sim_sync (sims[k]);
      g_assert_true (shl_sim_get_scene (sims[k])->land_busy);
    }
  for (int k = 0; k < 3; k++)
    sim_unref_finalized (sims[k]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/landscape/completes", test_completes);
  g_test_add_func ("/sim/landscape/live-while-running", test_live_while_running);
  g_test_add_func ("/sim/landscape/cancelled-when-the-problem-changes",
                   test_cancelled_when_the_problem_changes);
  g_test_add_func ("/sim/landscape/cancelled-on-dispose", test_cancelled_on_dispose);
  return g_test_run ();
}
