/* shl-history.h: the recorded history of a training run.
 *
 * One store for every place that keeps a run's trajectory (the engine
 * thread's batches, the app's history, a session, the CLI's --session and
 * --frames): points (step, loss, theta) with strictly increasing steps, in
 * three contiguous, growable columns that a scene can point at directly:
 *
 *   steps  (n)            the step numbers, strictly increasing
 *   loss   (n)            the full-data loss at each recorded step
 *   theta  (n, n_params)  the parameters there, laid out like ShlNet.theta
 *
 * The fields are public for reading; change them only through the
 * functions below. The column pointers move when the store grows.
 *
 * The recording policy lives here too: shl_history_record keeps the steps
 * the policy wants — every step below SHL_HISTORY_DENSITY, then about
 * SHL_HISTORY_DENSITY points per doubling of the step count, never sparser
 * than one in `every` (set_every); with thinning off, every `every`-th
 * step. The engine thread, the CLI's --session and the app use this one
 * policy.
 *
 * Plain C, no GLib. Not thread-safe: one owner at a time. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* recorded points per doubling of the step count once thinning starts */
#define SHL_HISTORY_DENSITY 2048

typedef struct {
  size_t    n;          /* recorded points */
  size_t    n_params;   /* parameters per point */
  uint64_t *steps;      /* (n) */
  double   *loss;       /* (n) */
  double   *theta;      /* (n, n_params) */

  /* private */
  size_t    cap;        /* points the columns have room for */
  unsigned  every;      /* policy: at least one in `every` steps, >= 1 */
  bool      thin;       /* policy: thin out as the step count grows */
  uint64_t  next;       /* policy: the next step to record */
} ShlHistory;

/* An empty history for parameter vectors of n_params doubles; policy:
 * every 1, thinning on. NULL if memory runs out. */
ShlHistory *shl_history_new      (size_t n_params);
ShlHistory *shl_history_copy     (const ShlHistory *history);
void        shl_history_free     (ShlHistory *history);

/* Drop every point and restart the policy (the next step recorded is the
 * first one offered). */
void        shl_history_clear    (ShlHistory *history);
/* shl_history_clear, and a new parameter count */
void        shl_history_reset    (ShlHistory *history, size_t n_params);

/* Append a point. False, and nothing changes, if step is not above the
 * last recorded step or memory runs out. The policy continues from step:
 * the next step it wants is the next multiple of
 * shl_history_stride (step, every) above step. */
bool        shl_history_append   (ShlHistory *history, uint64_t step,
                                  double loss, const double *theta);

/* --------------------------------------------------------- the policy */

/* The stride after recording `step`: 1 below SHL_HISTORY_DENSITY, then
 * doubling with every doubling of the step count; at least `every`. */
uint64_t    shl_history_stride   (uint64_t step, unsigned every);
void        shl_history_set_every    (ShlHistory *history, unsigned every);
/* thinning off: every `every`-th step (every one with every = 1) */
void        shl_history_set_thinning (ShlHistory *history, bool thin);
/* the next step the policy wants (0 for an empty, fresh history) */
uint64_t    shl_history_next     (const ShlHistory *history);
/* true if the policy wants `step` recorded */
bool        shl_history_wants    (const ShlHistory *history, uint64_t step);
/* Append the point if the policy wants it; true if it was appended. */
bool        shl_history_record   (ShlHistory *history, uint64_t step,
                                  double loss, const double *theta);

/* ----------------------------------------------------------- reading */

/* the last recorded step; 0 if empty */
uint64_t      shl_history_last_step (const ShlHistory *history);
/* the parameters of point k < n */
const double *shl_history_theta_at  (const ShlHistory *history, size_t k);

/* ------------------------------------------------------ whole stores */

/* Append src's points that come after dst's last step, in order. False
 * (dst unchanged) if the parameter counts differ or memory runs out. */
bool        shl_history_append_all (ShlHistory *dst, const ShlHistory *src);
/* Move every point of src to the end of dst (as append_all; points not
 * after dst's last step are dropped) and leave src without points, its
 * policy untouched. Cheap when dst is empty (the columns change hands).
 * False (nothing changes) if the parameter counts differ or memory runs
 * out. */
bool        shl_history_move_into  (ShlHistory *dst, ShlHistory *src);
/* Drop the points after `step`. */
void        shl_history_truncate_after (ShlHistory *history, uint64_t step);
/* Keep every other point and the newest one (to cap a long history). */
void        shl_history_thin_half  (ShlHistory *history);
