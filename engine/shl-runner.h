/* shl-runner.h: the engine thread.
 *
 * The runner owns a ShlTrainer on its own thread. The UI sends small
 * commands (never waits), and receives immutable, reference-counted
 * snapshots through a latest-wins mailbox plus an append-only history of
 * every recorded step, so no trajectory point is lost when frames skip.
 * Publishing is throttled (about 60 Hz); between publishes the thread
 * trains flat out (or at the requested speed). The owner is woken with one
 * coalesced callback per publish on the GMainContext that created the
 * runner.
 *
 * GLib only (no GTK): the thread never touches the UI. */
#pragma once

#include <glib.h>

#include "shl-data.h"
#include "shl-history.h"
#include "shl-io.h"
#include "shl-net.h"
#include "shl-trainer.h"

G_BEGIN_DECLS

typedef struct {
  gint         ref_count;
  guint        generation;   /* increments with every reset */
  guint64      step;
  double       loss;         /* full-data loss at net */
  ShlNet      *net;          /* a copy: the parameters after `step` steps */
  gboolean     running;
  ShlStatus    status;
  char        *message;      /* trainer status text */
  double       steps_per_second;
} ShlSnapshot;

ShlSnapshot *shl_snapshot_ref   (ShlSnapshot *snap);
void         shl_snapshot_unref (ShlSnapshot *snap);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlSnapshot, shl_snapshot_unref)

typedef struct ShlRunner ShlRunner;

/* Called on the creating thread's main context when a new snapshot is
 * waiting; take it with shl_runner_take(). */
typedef void (*ShlRunnerNotify) (gpointer user_data);

/* Starts the thread with a first problem (copied). Returns NULL if the
 * trainer cannot be built (see shl_trainer_new). */
ShlRunner   *shl_runner_new       (const ShlNet *net, const ShlData *data,
                                   const ShlTrainOpts *opts,
                                   ShlRunnerNotify notify, gpointer user_data);
/* Stops and joins the thread. */
void         shl_runner_free      (ShlRunner *runner);

void         shl_runner_run       (ShlRunner *runner);
/* Run as shl_runner_run does (at the set speed), and pause once n more
 * steps are done; the snapshot says running until then. */
void         shl_runner_run_for   (ShlRunner *runner, guint64 n);
void         shl_runner_pause     (ShlRunner *runner);
void         shl_runner_step      (ShlRunner *runner, guint64 n);
/* A new problem (copied): training restarts at step 0, paused, in a new
 * generation. Returns the generation the new problem will carry, or 0 if
 * the problem is invalid (nothing changes then). */
guint        shl_runner_reset     (ShlRunner *runner, const ShlNet *net,
                                   const ShlData *data,
                                   const ShlTrainOpts *opts);
/* Like shl_runner_reset, then restore a trainer state (a saved session):
 * training continues where it stopped, bit for bit. */
guint        shl_runner_reset_with_state (ShlRunner *runner, const ShlNet *net,
                                          const ShlData *data,
                                          const ShlTrainOpts *opts,
                                          const ShlTrainerState *state);
/* Like shl_runner_reset, but the new problem starts at step `step`
 * instead of 0 (the optimiser's state restarts): a symmetry move made at
 * that step continues the timeline. The first point recorded is
 * (step, loss, net). */
guint        shl_runner_reset_at_step (ShlRunner *runner, const ShlNet *net,
                                       const ShlData *data,
                                       const ShlTrainOpts *opts,
                                       guint64 step);
/* The trainer's state at a step boundary (for saving a session); the
 * snapshot and history up to that step are published first. Blocks
 * briefly. Free with shl_trainer_state_free. */
ShlTrainerState *shl_runner_get_state (ShlRunner *runner);
/* New optimiser settings from the next step on (same generation;
 * optimiser state restarts). */
void         shl_runner_set_opts  (ShlRunner *runner, const ShlTrainOpts *opts);
/* Steps per second while running; 0 = flat out. */
void         shl_runner_set_speed (ShlRunner *runner, double steps_per_second);
/* Record the parameters at least every `every` steps (default 1: every
 * step, up to the thinning of ShlHistory's policy, shl-history.h). */
void         shl_runner_set_record (ShlRunner *runner, guint every);

/* Take the latest snapshot (NULL if none since the last take) and append
 * the points recorded since the last take to history (may be NULL to drop
 * them): lossless and in order, every point the policy recorded, exactly
 * once. Only points of the latest requested generation are delivered
 * (those of a superseded problem are dropped); history->n_params must be
 * that problem's. Points not after history's last step are skipped. Never
 * blocks on training. When training diverges the trainer goes back to the
 * last finite step and the runner drops the step it went back from from
 * the points not yet taken; a point taken before that (rare: only when a
 * publish fell between the two steps) is after the snapshot's `step` and
 * should be dropped with shl_history_truncate_after. */
ShlSnapshot *shl_runner_take      (ShlRunner *runner, ShlHistory *history);

/* The generation of the latest reset that has been requested. */
guint        shl_runner_generation (ShlRunner *runner);

/* Block until the engine has processed every command sent so far and
 * published a snapshot (for tests and the headless renderer). */
void         shl_runner_sync      (ShlRunner *runner);

G_END_DECLS
