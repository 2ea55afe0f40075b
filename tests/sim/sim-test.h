/* sim-test.h: helpers shared by the ShlSim tests (header-only).
 *
 * The tests need no display: ShlSim is GObject + GIO + the engine. They
 * never wait a fixed time and never assert on elapsed time: SIM_WAIT_UNTIL
 * iterates the default GMainContext (where the engine's wake-ups and the
 * landscape jobs' completions are dispatched) until a condition holds,
 * failing only after SIM_TEST_HANG_GUARD_S seconds, against hangs. A
 * ticking source wakes the loop a few times a second so that conditions
 * changed by other threads are seen too. Timings are printed, never
 * asserted. */
#pragma once

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "shl-session.h"
#include "shl-sim-private.h"

/* against hangs only: a healthy wait ends in well under a second, or a
 * few under ASan on a loaded machine */
#define SIM_TEST_HANG_GUARD_S 300

typedef struct {
  gint64 start;
  guint  tick;
} SimWait;

static gboolean
sim_wait_tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static inline void
sim_wait_begin (SimWait *w)
{
  w->start = g_get_monotonic_time ();
  w->tick = g_timeout_add (50, sim_wait_tick, NULL);
}

/* one blocking iteration; FALSE once the hang guard has run out */
static inline gboolean
sim_wait_iterate (SimWait *w)
{
  if (g_get_monotonic_time () - w->start > (gint64) SIM_TEST_HANG_GUARD_S * G_USEC_PER_SEC)
    return FALSE;
  g_main_context_iteration (NULL, TRUE);
  return TRUE;
}

static inline double
sim_wait_end (SimWait *w)
{
  g_source_remove (w->tick);
  return (g_get_monotonic_time () - w->start) / 1e6;
}

/* seconds the last SIM_WAIT_UNTIL took (for printing) */
static double sim_last_wait_s;

/* Iterate the main context until cond holds. */
#define SIM_WAIT_UNTIL(cond)                                                  \
  G_STMT_START {                                                              \
    SimWait sim__w;                                                           \
    sim_wait_begin (&sim__w);                                                 \
    while (!(cond))                                                           \
      if (!sim_wait_iterate (&sim__w))                                        \
        g_error ("%s:%d: still waiting after %d s for %s", __FILE__, __LINE__, \
                 SIM_TEST_HANG_GUARD_S, #cond);                               \
    sim_last_wait_s = sim_wait_end (&sim__w);                                 \
  } G_STMT_END

/* dispatch whatever is pending without blocking */
static inline void
sim_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static inline guint64
sim_step (ShlSim *sim)
{
  guint64 step;
  g_object_get (sim, "step", &step, NULL);
  return step;
}

static inline gboolean
sim_running (ShlSim *sim)
{
  gboolean running;
  g_object_get (sim, "running", &running, NULL);
  return running;
}

static inline gboolean
sim_modified (ShlSim *sim)
{
  gboolean modified;
  g_object_get (sim, "modified", &modified, NULL);
  return modified;
}

static inline void
sim_activate (ShlSim *sim, const char *action)
{
  g_action_group_activate_action (shl_sim_get_actions (sim), action, NULL);
}

static inline void
sim_set_running (ShlSim *sim, gboolean running)
{
  g_action_group_change_action_state (shl_sim_get_actions (sim), "running",
                                      g_variant_new_boolean (running));
}

/* A sim that has finished its start-up: the first snapshot is in and the
 * first landscape job is done, so tests start from a quiet state. */
static inline ShlSim *
sim_new_settled (void)
{
  ShlSim *sim = shl_sim_new ();
  shl_sim_sync (sim);
  SIM_WAIT_UNTIL (!shl_sim_get_scene (sim)->land_busy);
  return sim;
}

/* Drop the last reference: the sim must be finalized at once (nothing
 * else holds it, not even a landscape job still running). */
static inline void
sim_unref_finalized (ShlSim *sim)
{
  g_object_add_weak_pointer (G_OBJECT (sim), (gpointer *) &sim);
  g_object_unref (sim);
  g_assert_null (sim);
}

/* The same, then wait until every landscape job has ended (their ends
 * touch no sim), so that the next test starts quiet. */
static inline void
sim_destroy (ShlSim *sim)
{
  sim_unref_finalized (sim);
  SIM_WAIT_UNTIL (shl_sim_landscape_jobs_alive () == 0);
}

/* the parameters of two networks agree bit for bit */
static inline void
sim_assert_same_net (const ShlNet *x, const ShlNet *y)
{
  g_assert_nonnull (x);
  g_assert_nonnull (y);
  g_assert_true (shl_net_same_shape (x, y));
  g_assert_cmpmem (x->theta, x->n_params * sizeof (double), y->theta,
                   y->n_params * sizeof (double));
}

/* ---- shared by the session, undo and edit tests ---- */

/* the run's state (without bookmarks) as session JSON: it holds the
 * network, the optimiser state and the history with every double exact */
static inline char *
sim_session_json (ShlSim *sim)
{
  shl_sim_sync (sim);
  g_autoptr (ShlSession) ss = shl_sim_to_session (sim);
  g_assert_nonnull (ss);
  g_clear_pointer (&ss->bookmarks, g_ptr_array_unref);
  return shl_session_to_json (ss);
}

/* the same text; otherwise fail showing where they part */
static inline void
sim_assert_same_text (const char *a, const char *b)
{
  size_t k = 0;
  while (a[k] && a[k] == b[k])
    k++;
  if (a[k] == b[k])
    return;
  size_t from = k > 60 ? k - 60 : 0;
  g_autofree char *x = g_strndup (a + from, 120), *y = g_strndup (b + from, 120);
  g_error ("the states differ at byte %zu:\n%s\n---\n%s", k, x, y);
}

/* train n hundred steps, then let the dispatch end (a new undo step) */
static inline void
sim_train (ShlSim *sim, int hundreds)
{
  for (int k = 0; k < hundreds; k++)
    sim_activate (sim, "step-many");
  shl_sim_sync (sim);
  sim_drain ();
}

/* undo (redo: redo) that must succeed, then settle */
static inline void
sim_undo_redo (ShlSim *sim, gboolean redo)
{
  g_autoptr (GError) err = NULL;
  g_assert_true (redo ? shl_sim_redo (sim, &err) : shl_sim_undo (sim, &err));
  g_assert_no_error (err);
  shl_sim_sync (sim);
  sim_drain ();
}
