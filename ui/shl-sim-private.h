/* shl-sim-private.h: what the files of ShlSim share.
 *
 *   shl-sim.c            the GObject: properties (a table of settings and
 *                        what changing each one does), the sim. actions,
 *                        small getters and setters
 *   shl-sim-runner.c     the engine thread: building the problem, resets,
 *                        optimiser settings, collecting snapshots and the
 *                        recorded history, the scene the panels draw
 *   shl-sim-landscape.c  loss-landscape jobs (GTask + GCancellable)
 *   shl-sim-session.c    to and from a session; opening a network or data
 *   shl-sim-moves.c      the pathology presets, typed symmetry moves and
 *                        the twin
 *   shl-sim-undo.c       undo and redo: the state before each change kept
 *                        as a session
 *   shl-sim-edit.c       direct manipulation: one neuron's parameters,
 *                        the twin's, adding and erasing data points
 *
 * Everything here runs on the main thread (the thread that created the
 * sim), except where a comment says otherwise. Not installed; the sim's
 * tests include it for the landscape job counters. */
#pragma once

#include "shl-landscape.h"
#include "shl-sim.h"
#include "shl-timeline.h"

G_BEGIN_DECLS

#define SHL_SIM_HISTORY_CAP 16384   /* points kept; older ones are thinned */

/* The link between a sim and its landscape jobs: reference counted (any
 * thread), `sim` read and written on the main thread only, NULL once the
 * sim is disposed, so that a job finishing later touches nothing. */
typedef struct {
  gatomicrefcount ref_count;
  ShlSim         *sim;
} ShlSimLink;

typedef struct _ShlSimLandJob ShlSimLandJob;

/* A preset shown as a mode: its id and parameter, and the user's problem
 * from before it was entered, to restore when it is left
 * (shl-sim-moves.c). */
typedef struct _ShlSimPreset ShlSimPreset;

struct _ShlSim {
  GObject parent_instance;

  /* settings (properties) */
  int           dim;
  char         *target_name;
  guint         samples;
  double        noise;
  guint64       data_seed;
  int           width;
  char         *init_name;
  guint64       init_seed;
  char         *loss_name;
  char         *optimizer_name;
  double        lr;
  double        momentum;
  guint         batch;
  double        weight_decay;
  double        speed;
  gboolean      restricted;
  ShlTrainOpts  base_opts;     /* settings without a control (kernel, betas…) */
  ShlViewSettings view;
  gboolean      modified;

  /* problem */
  ShlData      *imported;      /* data from a CSV file, or NULL */
  char         *imported_name;
  ShlNet       *loaded;        /* the network at step 0 from a file, a
                                * preset, a move or a session, or NULL */
  gboolean      loaded_by_init;/* loaded is a session's net0 that the init
                                * scheme made (saved as that scheme, not
                                * "file") */
  ShlNet       *twin;          /* the network compared with, or NULL */
  int           scrub;         /* history index shown, -1: live */
  ShlNet       *scrub_net;
  ShlTarget    *target;
  ShlData      *data;
  ShlNet       *net0;
  ShlRunner    *runner;
  guint         generation;
  guint         reset_idle;

  /* what the engine sent */
  ShlSnapshot  *snap;
  ShlHistory   *history;       /* recorded points of this generation */
  gboolean      dirty;
  gboolean      last_running;
  guint64       last_step;

  /* landscape */
  ShlSimLink   *link;
  GCancellable *land_cancel;
  ShlSimLandJob *land_job;     /* the job running (owned by its task) */
  guint         land_serial;   /* serial of the latest job */
  gboolean      disposed;
  gboolean      land_busy;
  gint64        land_last;
  gboolean      land_full_done;
  guint         land_generation;
  int           land_n;
  double       *land_loss;
  double       *land_path;
  guint         n_land_path;
  double        land_span;
  guint64       land_step;     /* the step of the slice's centre */
  ShlDirsKind   land_kind;
  double        land_explained[2];
  guint         land_started;  /* jobs started, finished with a slice, */
  guint         land_completed;/* and finished cancelled (for tests) */
  guint         land_cancelled;

  GSimpleActionGroup *actions;
  ShlScene      scene;

  /* presets and moves (shl-sim-moves.c) */
  ShlSimPreset *preset;        /* the preset shown, or NULL */
  char         *data_label;    /* what the data are, for the target list */
  ShlTimeline  *timeline;      /* the symmetry moves of this run */
  guint64      *ev_steps;      /* the scene's copy of the timeline: */
  char        **ev_labels;     /* steps and labels (NULL-terminated) */
  ShlNet       *ghost_net;     /* the scene's ghost (the net before a move) */
  char         *caption;       /* the scene's move caption */
  ShlNet       *start_net;     /* this generation started from it (a
                                * move), NULL: from net0 */
  guint64       start_step;
  int           highlight;     /* neuron + 1 to emphasise, 0 none */

  /* undo and redo (shl-sim-undo.c) */
  GPtrArray    *undo;          /* states to go back to, the latest last */
  GPtrArray    *redo;
  guint         undo_burst;    /* idle: changes join the last checkpoint */
  guint         undo_block;    /* > 0: no checkpoints (undo itself) */
  int           lesson_slide;  /* the lesson slide applied last (kept with
                                  each undo state), -1: none */
  gboolean      undo_mark_valid; /* the run after the last change: */
  guint         undo_mark_gen;   /* generation and step (a repeat of */
  guint64       undo_mark_step;  /* the same change joins it) */
  GPtrArray    *bookmarks;     /* ShlBookmark, in the order made */

  /* direct manipulation (shl-sim-edit.c) */
  guint         edit_depth;    /* > 0: inside shl_sim_edit_begin/end */
  gboolean      edit_was_running; /* resume training at the end */
  gboolean      edit_kept;     /* the bracket took an undo checkpoint */
  gboolean      edit_changed;  /* something changed inside the bracket */
};

enum {
  PROP_0,
  /* the problem: changing one resets to step 0 */
  PROP_DIM,
  PROP_TARGET,
  PROP_SAMPLES,
  PROP_NOISE,
  PROP_DATA_SEED,
  PROP_WIDTH,
  PROP_INIT,
  PROP_INIT_SEED,
  PROP_LOSS,
  /* the optimiser: applies from the next step */
  PROP_OPTIMIZER,
  PROP_LR,
  PROP_MOMENTUM,
  PROP_BATCH,
  PROP_WEIGHT_DECAY,
  PROP_SPEED,
  PROP_RESTRICTED,
  PROP_MODIFIED,
  /* read-only, from the latest snapshot */
  PROP_RUNNING,
  PROP_STEP,
  PROP_LOSS_VALUE,
  PROP_STEPS_PER_SECOND,
  PROP_STATUS_TEXT,
  PROP_DIVERGED,
  PROP_PRESET,       /* the preset shown (id), NULL: none */
  PROP_LESSON_SLIDE, /* the lesson slide the state is from, -1: none */
  N_PROPS
};

extern GParamSpec *shl_sim_props[N_PROPS];

/* shl-sim.c */
void         shl_sim_notify             (ShlSim *self, guint prop_id);
/* replace a string field by a copy of value */
void         shl_sim_replace_string     (char **field, const char *value);

/* shl-sim-runner.c */
const char  *shl_sim_default_target     (int dim);
/* the network training starts from (owned; NULL: the init scheme's);
 * made_by_init: a session's net0 the init scheme made */
void         shl_sim_take_loaded        (ShlSim *self, ShlNet *net,
                                         gboolean made_by_init);
/* the optimiser settings from the properties */
void         shl_sim_fill_opts          (ShlSim *self, ShlTrainOpts *opts);
/* rebuild the problem from the settings and restart the engine at step
 * 0 (a new generation); a scheduled reset is dropped */
void         shl_sim_reset_now          (ShlSim *self);
/* reset once the current batch of property changes is done */
void         shl_sim_schedule_reset     (ShlSim *self);
/* drop a scheduled reset (the caller resets or mirrors the engine) */
void         shl_sim_cancel_scheduled_reset (ShlSim *self);
/* send the optimiser settings to the engine */
void         shl_sim_apply_opts         (ShlSim *self);
/* take what the engine published: the snapshot and the history points */
void         shl_sim_collect            (ShlSim *self);
void         shl_sim_clear_history      (ShlSim *self);
/* the network training continues from: the latest snapshot's of this
 * generation, else the one the generation started from (net0, or the
 * network a move made); NULL before the first reset */
const ShlNet *shl_sim_current_net       (ShlSim *self);
/* the step of shl_sim_current_net */
guint64      shl_sim_current_step       (ShlSim *self);
/* The engine restarted (generation gen) from net (owned now) at step, a
 * move or an edit: the history keeps every point before step (the engine
 * records net at step), the timeline every event up to it. */
void         shl_sim_continue_from      (ShlSim *self, guint gen, ShlNet *net,
                                         guint64 step);
/* the generation just started from net (owned now) at step (a move) */
void         shl_sim_set_start          (ShlSim *self, ShlNet *net,
                                         guint64 step);
void         shl_sim_runner_init        (ShlSim *self);
void         shl_sim_runner_dispose     (ShlSim *self);
void         shl_sim_runner_finalize    (ShlSim *self);

/* shl-sim-moves.c */
/* a problem property is about to change: leave the preset, restoring
 * the problem from before it (the change then applies to that) */
void         shl_sim_preset_before_change (ShlSim *self, guint prop_id);
/* leave the preset without restoring the problem from before it (the
 * caller sets the problem) */
void         shl_sim_preset_drop        (ShlSim *self);
/* a session is being loaded with this view: its preset (if any) becomes
 * the mode, with the problem as it is now to restore */
void         shl_sim_session_preset     (ShlSim *self,
                                         const ShlViewSettings *view);
/* the timeline changed: the scene's copies of it */
void         shl_sim_timeline_changed   (ShlSim *self);
/* the scene's ghost, caption, events and highlight */
void         shl_sim_scene_moves        (ShlSim *self, ShlScene *scene);
void         shl_sim_moves_init         (ShlSim *self);
void         shl_sim_moves_finalize     (ShlSim *self);

/* shl-sim-undo.c */
/* keep the state as it is now, before a change that resets or moves the
 * network (label: what the change is, for the menu); changes made in the
 * same main-loop dispatch join the first one's checkpoint */
gboolean     shl_sim_undo_checkpoint    (ShlSim *self, const char *label);
/* the same for a setting (a property, a preset's parameter): the same
 * setting again with nothing trained since joins the last step */
gboolean     shl_sim_undo_checkpoint_setting (ShlSim *self, const char *label);
/* (TRUE: a checkpoint was taken.) Drop the last checkpoint: the change
 * it was for did not happen */
void         shl_sim_undo_forget_last   (ShlSim *self);
void         shl_sim_undo_init          (ShlSim *self);
void         shl_sim_undo_dispose       (ShlSim *self);
void         shl_sim_undo_finalize      (ShlSim *self);

/* shl-sim-edit.c */
/* end an edit bracket at once without resuming training (undo and redo
 * replace the state the edit was changing) */
void         shl_sim_edit_abandon       (ShlSim *self);

/* shl-sim-landscape.c */
/* start a job if none is running and the slice shown is out of date */
void         shl_sim_landscape_maybe_start (ShlSim *self);
/* the problem changed: cancel the job and forget the slice's state */
void         shl_sim_landscape_invalidate  (ShlSim *self);
/* progress 0..1 of a full-resolution job (1 when none runs) */
double       shl_sim_landscape_progress    (ShlSim *self);
void         shl_sim_landscape_init        (ShlSim *self);
void         shl_sim_landscape_dispose     (ShlSim *self);
void         shl_sim_landscape_finalize    (ShlSim *self);
/* landscape jobs alive in the process (any sim, any thread): a job lives
 * until its thread and its completion callback are done */
guint        shl_sim_landscape_jobs_alive  (void);

G_END_DECLS
