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
#include "shl-net.h"
#include "shl-trainer.h"

G_BEGIN_DECLS

/* One recorded training point: the step, the full-data loss there and the
 * parameters (n_params doubles, laid out like ShlNet.theta). */
typedef struct {
  guint   generation;     /* the reset this point belongs to */
  guint64 step;
  double  loss;
  double *theta;          /* (n_params) */
} ShlHistoryPoint;

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
/* The trainer's state at a step boundary (for saving a session); the
 * snapshot and history up to that step are published first. Blocks
 * briefly. Free with shl_trainer_state_free. */
ShlTrainerState *shl_runner_get_state (ShlRunner *runner);
/* New optimiser settings from the next step on (same generation;
 * optimiser state restarts). */
void         shl_runner_set_opts  (ShlRunner *runner, const ShlTrainOpts *opts);
/* Steps per second while running; 0 = flat out. */
void         shl_runner_set_speed (ShlRunner *runner, double steps_per_second);
/* Record the parameters every `every` steps (default 1: every step, up to
 * the thinning below). */
void         shl_runner_set_record (ShlRunner *runner, guint every);

/* Take the latest snapshot (NULL if none since the last take) and move the
 * history points recorded since the last take into *history (a
 * GPtrArray of ShlHistoryPoint*, free with shl_history_point_free; may be
 * NULL to drop them). Never blocks on training. */
ShlSnapshot *shl_runner_take      (ShlRunner *runner, GPtrArray **history);

/* The generation of the latest reset that has been requested. */
guint        shl_runner_generation (ShlRunner *runner);

void         shl_history_point_free (ShlHistoryPoint *p);

/* The recording policy: after recording step `step`, the next recorded
 * step is the next multiple of this stride (every step below 2048, then
 * about 2048 points per doubling of the step count, never sparser than
 * `every`). The CLI's --session uses the same policy. */
guint64      shl_history_stride     (guint64 step, guint every);

/* Block until the engine has processed every command sent so far and
 * published a snapshot (for tests and the headless renderer). */
void         shl_runner_sync      (ShlRunner *runner);

G_END_DECLS
