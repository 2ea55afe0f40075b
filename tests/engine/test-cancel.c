/* test-cancel.c: the core's cancellation flag and the GCancellable bridge
 * that drives it. No fixed waits: the tests wait for conditions, with a
 * generous guard against hangs only. */
#include <glib.h>
#include <gio/gio.h>
#include <math.h>

#include "shl-cancel-bridge.h"
#include "shl-cancel.h"
#include "shl-experiments.h"
#include "shl-landscape.h"
#include "shl-test.h"

#define HANG_GUARD_US (120 * G_USEC_PER_SEC)

static void
test_flag (void)
{
  ShlCancel c;
  shl_cancel_init (&c);
  g_assert_false (shl_cancel_requested (&c));
  shl_cancel_request (&c);
  shl_cancel_request (&c);
  g_assert_true (shl_cancel_requested (&c));
  shl_cancel_reset (&c);
  g_assert_false (shl_cancel_requested (&c));
  g_assert_false (shl_cancel_requested (NULL));
}

static void
test_bridge (void)
{
  /* no cancellable: never requested */
  ShlCancelBridge *b = shl_cancel_bridge_new (NULL);
  g_assert_false (shl_cancel_requested (shl_cancel_bridge_flag (b)));
  shl_cancel_bridge_free (b);

  /* cancelled before the bridge is made */
  g_autoptr (GCancellable) early = g_cancellable_new ();
  g_cancellable_cancel (early);
  b = shl_cancel_bridge_new (early);
  g_assert_true (shl_cancel_requested (shl_cancel_bridge_flag (b)));
  shl_cancel_bridge_free (b);

  /* cancelled while it is connected */
  g_autoptr (GCancellable) later = g_cancellable_new ();
  b = shl_cancel_bridge_new (later);
  g_assert_false (shl_cancel_requested (shl_cancel_bridge_flag (b)));
  g_cancellable_cancel (later);
  g_assert_true (shl_cancel_requested (shl_cancel_bridge_flag (b)));
  shl_cancel_bridge_free (b);

  /* after the bridge is gone, cancelling touches nothing (valgrind and
   * ASan check the memory) */
  g_autoptr (GCancellable) after = g_cancellable_new ();
  b = shl_cancel_bridge_new (after);
  shl_cancel_bridge_free (b);
  g_cancellable_cancel (after);
}

/* a landscape job in a worker thread, cancelled from this thread through
 * a GCancellable once it has made progress */
typedef struct {
  GCancellable *cancellable;
  ShlNet       *net;
  ShlData      *data;
  double       *u, *w, *grid;
  int           n;
  gint          rows;      /* atomic: rows reported by progress */
  gint          finished;  /* atomic */
  gboolean      ok;
} Job;

static void
on_progress (double frac, void *data)
{
  Job *j = data;
  g_atomic_int_inc (&j->rows);
}

static gpointer
job_thread (gpointer data)
{
  Job *j = data;
  g_autoptr (ShlCancelBridge) bridge = shl_cancel_bridge_new (j->cancellable);
  j->ok = shl_landscape_grid_mt (j->grid, j->net, j->u, j->w, j->data,
                                 SHL_LOSS_MSE, -1, 1, -1, 1, j->n, j->n, 2,
                                 SHL_GRID_PLAIN, shl_cancel_bridge_flag (bridge),
                                 on_progress, j);
  g_atomic_int_set (&j->finished, 1);
  return NULL;
}

static void
test_cancel_running_job (void)
{
  Job j = { 0 };
  j.cancellable = g_cancellable_new ();
  j.net = shl_test_random_net (64, 2, 3);
  j.data = shl_data_new (2, 4096, NULL, NULL);
  ShlRng rng;
  shl_rng_seed (&rng, 4);
  for (size_t k = 0; k < 2 * j.data->n; k++)
    j.data->x[k] = shl_rng_range (&rng, -1, 1);
  j.n = 401;
  j.u = g_new (double, j.net->n_params);
  j.w = g_new (double, j.net->n_params);
  shl_direction_per_neuron (j.u, j.net, &rng);
  shl_direction_per_neuron (j.w, j.net, &rng);
  j.grid = g_new (double, (gsize) j.n * j.n);
  GThread *t = g_thread_new ("job", job_thread, &j);
  /* wait until the job has done some work */
  gint64 guard = g_get_monotonic_time () + HANG_GUARD_US;
  while (g_atomic_int_get (&j.rows) < 1 && !g_atomic_int_get (&j.finished))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, guard);
      g_thread_yield ();
    }
  g_cancellable_cancel (j.cancellable);
  g_thread_join (t);
  g_printerr ("# cancelled after %d of %d rows\n", g_atomic_int_get (&j.rows), j.n);
  g_assert_false (j.ok);
  g_assert_cmpint (g_atomic_int_get (&j.rows), <, j.n);
  g_object_unref (j.cancellable);
  shl_net_free (j.net);
  shl_data_free (j.data);
  g_free (j.u);
  g_free (j.w);
  g_free (j.grid);
}

static void
test_cancel_experiment (void)
{
  ShlNet *net = shl_test_random_net (4, 1, 5);
  ShlData *data = shl_data_new (1, 16, NULL, NULL);
  for (size_t k = 0; k < data->n; k++)
    data->x[k] = -1 + 2.0 * k / (data->n - 1), data->y[k] = fabs (data->x[k]);
  ShlTrainOpts o;
  shl_train_opts_init (&o);
  double a[101], b[101];
  g_autoptr (GCancellable) c = g_cancellable_new ();
  g_cancellable_cancel (c);
  g_autoptr (ShlCancelBridge) bridge = shl_cancel_bridge_new (c);
  g_assert_false (shl_compare_restricted (a, b, net, data, &o, 100,
                                          shl_cancel_bridge_flag (bridge)));
  shl_net_free (net);
  shl_data_free (data);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cancel/flag", test_flag);
  g_test_add_func ("/cancel/bridge", test_bridge);
  g_test_add_func ("/cancel/running-job", test_cancel_running_job);
  g_test_add_func ("/cancel/experiment", test_cancel_experiment);
  return g_test_run ();
}
