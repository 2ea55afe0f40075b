/* test-runner.c: the engine thread, driven as the UI drives it. */
#include <glib.h>
#include <math.h>

#include "shl-runner.h"
#include "shl-test.h"

typedef struct {
  ShlRunner   *runner;
  ShlSnapshot *last;
  ShlHistory  *history;    /* every point received */
  guint        wakes;
} Ui;

static void
on_notify (gpointer data)
{
  Ui *ui = data;
  ui->wakes++;
  ShlSnapshot *s = shl_runner_take (ui->runner, ui->history);
  if (s)
    {
      if (ui->last)
        shl_snapshot_unref (ui->last);
      ui->last = s;
    }
}

static ShlData *
make_data (double (*fn) (double), size_t n)
{
  ShlData *data = shl_data_new (1, n, NULL, NULL);
  for (size_t k = 0; k < n; k++)
    {
      data->x[k] = -1.0 + 2.0 * (double) k / (double) (n - 1);
      data->y[k] = fn (data->x[k]);
    }
  return data;
}

/* spin the main loop until cond holds; the deadline only guards against a
 * hang */
#define SPIN_UNTIL(cond)                                                     \
  G_STMT_START {                                                             \
    gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;        \
    while (!(cond) && g_get_monotonic_time () < deadline)                    \
      g_main_context_iteration (NULL, FALSE), g_usleep (200);                \
    g_assert_true (cond);                                                    \
  } G_STMT_END

static void
setup (Ui *ui, ShlTrainOpts *opts)
{
  ShlNet *net = shl_test_random_net (8, 1, 1);
  ShlData *data = make_data (sin, 64);
  ui->history = shl_history_new (net->n_params);
  ui->runner = shl_runner_new (net, data, opts, on_notify, ui);
  g_assert_nonnull (ui->runner);
  shl_net_free (net);
  shl_data_free (data);
}

static void
teardown (Ui *ui)
{
  shl_runner_free (ui->runner);
  /* a wake-up queued before the free must not reach the dead runner */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (ui->last)
    shl_snapshot_unref (ui->last);
  shl_history_free (ui->history);
}

static void
test_run_pause_step (void)
{
  Ui ui = { 0 };
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  setup (&ui, &opts);
  SPIN_UNTIL (ui.last != NULL);
  g_assert_cmpuint (ui.last->step, ==, 0);
  g_assert_false (ui.last->running);

  shl_runner_run (ui.runner);
  SPIN_UNTIL (ui.last->step > 3000);
  g_assert_true (ui.last->running);
  shl_runner_pause (ui.runner);
  SPIN_UNTIL (!ui.last->running);
  guint64 paused_at = ui.last->step;
  /* once the engine has answered a sync, nothing moved */
  shl_runner_sync (ui.runner);
  on_notify (&ui);
  g_assert_cmpuint (ui.last->step, ==, paused_at);

  shl_runner_step (ui.runner, 10);
  SPIN_UNTIL (ui.last->step == paused_at + 10);
  g_assert_false (ui.last->running);
  g_assert_true (isfinite (ui.last->loss));

  /* the history has every step up to the thinning threshold, in order */
  shl_runner_sync (ui.runner);
  on_notify (&ui);
  const ShlHistory *h = ui.history;
  g_assert_cmpuint (h->n, >, 2000);
  for (size_t k = 0; k < h->n; k++)
    {
      if (k < SHL_HISTORY_DENSITY)
        g_assert_cmpuint (h->steps[k], ==, k);
      else
        {
          /* thinned by the policy: every point at a multiple of the
           * stride the policy had after the previous one */
          g_assert_cmpuint (h->steps[k], >, h->steps[k - 1]);
          guint64 stride = shl_history_stride (h->steps[k - 1], 1);
          g_assert_cmpuint (h->steps[k] % stride, ==, 0);
          g_assert_cmpuint (h->steps[k] - h->steps[k - 1], <=, stride);
        }
      g_assert_true (isfinite (h->loss[k]));
    }
  g_assert_cmpuint (shl_history_last_step (h), <=, ui.last->step);
  /* coalesced wake-ups: far fewer than steps */
  g_assert_cmpuint (ui.wakes, <, paused_at / 10);
  teardown (&ui);
}

/* shl_runner_run_for: running at the set pace, paused after exactly n
 * more steps (flat out and at a pace), every step recorded once */
static void
test_run_for (void)
{
  Ui ui = { 0 };
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  setup (&ui, &opts);
  SPIN_UNTIL (ui.last != NULL);
  shl_runner_run_for (ui.runner, 1234);
  SPIN_UNTIL (ui.last->step > 0 && !ui.last->running);
  g_assert_cmpuint (ui.last->step, ==, 1234);
  /* nothing more comes */
  shl_runner_sync (ui.runner);
  on_notify (&ui);
  g_assert_cmpuint (ui.last->step, ==, 1234);
  g_assert_false (ui.last->running);

  /* at a pace: paused at the step (whether a snapshot caught it running
   * depends on the machine's load, so it is not asked) */
  shl_runner_set_speed (ui.runner, 2000);
  shl_runner_run_for (ui.runner, 300);
  SPIN_UNTIL (ui.last->step > 1234 && !ui.last->running);
  g_assert_cmpuint (ui.last->step, ==, 1534);

  /* a pause or a step cancels the limit: running again runs on */
  shl_runner_set_speed (ui.runner, 0);
  shl_runner_run_for (ui.runner, 1000000000);
  shl_runner_pause (ui.runner);
  shl_runner_sync (ui.runner);
  on_notify (&ui);
  g_assert_false (ui.last->running);
  guint64 at = ui.last->step;
  shl_runner_run (ui.runner);
  SPIN_UNTIL (ui.last->step > at + 5000);
  g_assert_true (ui.last->running);
  shl_runner_pause (ui.runner);
  shl_runner_sync (ui.runner);
  on_notify (&ui);
  for (size_t k = 1; k < ui.history->n; k++)
    g_assert_cmpuint (ui.history->steps[k], >, ui.history->steps[k - 1]);
  teardown (&ui);
}

static void
test_history_matches_replay (void)
{
  /* the recorded parameters are exactly those of a plain trainer */
  Ui ui = { 0 };
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  opts.optimizer = SHL_OPT_MOMENTUM;
  setup (&ui, &opts);
  shl_runner_step (ui.runner, 100);
  SPIN_UNTIL (ui.last && ui.last->step == 100);
  shl_runner_sync (ui.runner);
  on_notify (&ui);

  ShlNet *net = shl_test_random_net (8, 1, 1);
  ShlData *data = make_data (sin, 64);
  ShlTrainer *tr = shl_trainer_new (net, data, &opts);
  for (size_t k = 0; k < ui.history->n; k++)
    {
      g_assert_cmpuint (ui.history->steps[k], ==, k);
      g_assert_cmpmem (shl_history_theta_at (ui.history, k), net->n_params * sizeof (double),
                       shl_trainer_net (tr)->theta, net->n_params * sizeof (double));
      g_assert_cmpfloat (ui.history->loss[k], ==, shl_trainer_loss (tr));
      shl_trainer_step (tr, NULL);
    }
  g_assert_cmpuint (ui.history->n, ==, 101);
  shl_trainer_free (tr);
  shl_net_free (net);
  shl_data_free (data);
  teardown (&ui);
}

static double
absx (double x)
{
  return fabs (x);
}

static void
test_reset_and_generations (void)
{
  Ui ui = { 0 };
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  setup (&ui, &opts);
  shl_runner_run (ui.runner);
  SPIN_UNTIL (ui.last && ui.last->step > 100);
  ShlNet *net = shl_test_random_net (5, 1, 9);
  ShlData *data = make_data (absx, 32);
  guint gen = shl_runner_reset (ui.runner, net, data, &opts);
  g_assert_cmpuint (gen, ==, 2);
  /* a new problem, a new history, as the app does */
  shl_history_reset (ui.history, net->n_params);
  SPIN_UNTIL (ui.last->generation == gen);
  g_assert_cmpuint (ui.last->step, ==, 0);
  g_assert_false (ui.last->running);
  g_assert_cmpint (ui.last->net->m, ==, 5);

  /* an invalid problem is refused at once */
  ShlNet *net2 = shl_test_random_net (5, 2, 9);
  g_assert_cmpuint (shl_runner_reset (ui.runner, net2, data, &opts), ==, 0);
  shl_net_free (net2);

  /* new options continue from the current parameters */
  shl_runner_step (ui.runner, 5);
  SPIN_UNTIL (ui.last->step == 5);
  opts.optimizer = SHL_OPT_GD;
  opts.lr = 0.1;
  shl_runner_set_opts (ui.runner, &opts);
  shl_runner_step (ui.runner, 5);
  SPIN_UNTIL (ui.last->step == 10);
  g_assert_cmpuint (ui.last->generation, ==, gen);
  /* only the new problem's points arrive, each step once */
  shl_runner_sync (ui.runner);
  on_notify (&ui);
  g_assert_cmpuint (ui.history->n, ==, 11);
  for (size_t k = 0; k < ui.history->n; k++)
    g_assert_cmpuint (ui.history->steps[k], ==, k);
  shl_net_free (net);
  shl_data_free (data);
  teardown (&ui);
}

static void
test_divergence_stops (void)
{
  Ui ui = { 0 };
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  opts.optimizer = SHL_OPT_GD;
  opts.lr = 1e4;
  setup (&ui, &opts);
  shl_runner_run (ui.runner);
  SPIN_UNTIL (ui.last && ui.last->status == SHL_STATUS_DIVERGED && !ui.last->running);
  g_assert_true (shl_net_is_finite (ui.last->net));
  g_assert_nonnull (strstr (ui.last->message, "diverged"));
  /* the history ends at the kept step, with finite losses, each step once */
  shl_runner_sync (ui.runner);
  on_notify (&ui);
  g_assert_cmpuint (ui.history->n, >, 0);
  g_assert_cmpuint (shl_history_last_step (ui.history), ==, ui.last->step);
  for (size_t k = 0; k < ui.history->n; k++)
    {
      g_assert_true (isfinite (ui.history->loss[k]));
      if (k > 0)
        g_assert_cmpuint (ui.history->steps[k], >, ui.history->steps[k - 1]);
    }
  /* run does nothing now */
  shl_runner_run (ui.runner);
  shl_runner_sync (ui.runner);
  on_notify (&ui);
  g_assert_false (ui.last->running);
  teardown (&ui);
}

static void
test_speed_limit (void)
{
  Ui ui = { 0 };
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  setup (&ui, &opts);
  shl_runner_set_speed (ui.runner, 200.0);
  gint64 t0 = g_get_monotonic_time ();
  shl_runner_run (ui.runner);
  SPIN_UNTIL (ui.last && ui.last->step >= 10);
  shl_runner_pause (ui.runner);
  shl_runner_sync (ui.runner);
  gint64 t1 = g_get_monotonic_time ();
  on_notify (&ui);
  /* the limit is an upper bound whatever the load: never more steps than
   * 200 per second of wall time since the run began (a slow machine only
   * takes fewer) */
  double seconds = (double) (t1 - t0) / G_USEC_PER_SEC;
  g_printerr ("# %" G_GUINT64_FORMAT " steps in %.3f s at a limit of 200 steps/s\n",
              ui.last->step, seconds);
  g_assert_cmpfloat ((double) ui.last->step, <=, 200.0 * seconds + 2.0);
  teardown (&ui);
}

static void
test_free_while_running (void)
{
  Ui ui = { 0 };
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  setup (&ui, &opts);
  shl_runner_run (ui.runner);
  SPIN_UNTIL (ui.last && ui.last->running && ui.last->step > 0);
  teardown (&ui);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/runner/run-pause-step", test_run_pause_step);
  g_test_add_func ("/runner/run-for", test_run_for);
  g_test_add_func ("/runner/history-matches-replay", test_history_matches_replay);
  g_test_add_func ("/runner/reset-and-generations", test_reset_and_generations);
  g_test_add_func ("/runner/divergence-stops", test_divergence_stops);
  g_test_add_func ("/runner/speed-limit", test_speed_limit);
  g_test_add_func ("/runner/free-while-running", test_free_while_running);
  return g_test_run ();
}
