/* shl-timeline.h: symmetry moves as events on the training timeline.
 *
 * A symmetry move (shl-move.h) changes the parameters and not the
 * function. In the app it happens at a step of training: the step count,
 * the loss curve and the recorded history go on, and the move is an
 * event at that step that keeps the parameters from before it (the
 * "ghost" the panels draw hollow), how far they moved and how much the
 * function changed (rounding only). A session saves the events, so a
 * reopened run shows the same timeline.
 *
 * Moves keep the width here: where a step of κ drops or merges neurons,
 * their slots become zero neurons (a = 0, b = 0, c = 0, which compute
 * nothing and stay zero under training), so every neuron keeps its number
 * and colour, and the history keeps one parameter vector size.
 *
 * Plain C + libm, no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shl-move.h"
#include "shl-net.h"
#include "shl-trainer.h"

typedef struct {
  uint64_t step;       /* the step the move was made at */
  ShlMove  move;
  double   moved;      /* ||θ_after − θ_before||_inf */
  double   f_change;   /* ||f_after − f_before||_inf on the domain (the
                          rounding of the move) */
  double   f_tol;      /* the rounding noise level of that distance
                          (shl-noise.h): f_change <= f_tol is "unchanged" */
  double  *before;     /* (n_params) θ before the move */
} ShlMoveEvent;

typedef struct {
  size_t        n;
  size_t        n_params;
  ShlMoveEvent *ev;    /* (n) in the order they were made; steps never
                          decrease */
  size_t        cap;   /* private */
} ShlTimeline;

ShlTimeline *shl_timeline_new   (size_t n_params);
ShlTimeline *shl_timeline_copy  (const ShlTimeline *tl);
void         shl_timeline_free  (ShlTimeline *tl);
/* drop every event; a new parameter count */
void         shl_timeline_reset (ShlTimeline *tl, size_t n_params);

/* Record a move made at step from before to after (same shape as the
 * timeline's parameters). False (nothing changes) if step is before the
 * last event's, the shapes do not fit, or memory runs out. */
bool         shl_timeline_append (ShlTimeline *tl, uint64_t step,
                                  const ShlMove *move, const ShlNet *before,
                                  const ShlNet *after);
/* Record an event as it is (its before is copied), e.g. read from a
 * file. False if its step is before the last event's or memory runs
 * out. */
bool         shl_timeline_append_event (ShlTimeline *tl,
                                        const ShlMoveEvent *event);
/* Drop the events after step. */
void         shl_timeline_truncate_after (ShlTimeline *tl, uint64_t step);
/* The last event made at exactly step, or NULL. */
const ShlMoveEvent *shl_timeline_at (const ShlTimeline *tl, uint64_t step);

/* "balance", "balance 3", "×2 on 3", "permute", "κ 3", "κ" (neurons
 * counted from 1): the event's label on the timeline. */
char *shl_move_short_label (char *buf, size_t len, const ShlMove *move);
/* "κ step 3 of 6: orient — f unchanged, θ moved by 0.42": what the move
 * did, for a caption ("f changed by 3e-16 (rounding)" when it did). */
char *shl_move_event_caption (char *buf, size_t len,
                              const ShlMoveEvent *event);

/* Replaying a run: the moves made at `step`, applied in order to the
 * trainer's network as the app did (each one a new trainer from the moved
 * network at the same step, its optimiser state fresh, on data with
 * opts). Returns tr itself when no move was made at step, else the new
 * trainer (tr is freed); NULL (tr freed) if a move does not apply. */
ShlTrainer *shl_timeline_replay_step (const ShlTimeline *tl, uint64_t step,
                                      ShlTrainer *tr, const ShlData *data,
                                      const ShlTrainOpts *opts);

/* Apply move to net keeping net's width: a neuron that a step of κ drops
 * or merges leaves a zero neuron in its slot (the others keep theirs);
 * otherwise as shl_move_apply. NULL as shl_move_apply. */
ShlNet *shl_move_apply_keep_width (const ShlMove *move, const ShlNet *net);
