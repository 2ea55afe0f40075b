/* shl-trainer.h: optimisers over the flat parameter block.
 *
 * gd:       theta -= lr * g                (always the full batch)
 * sgd:      theta -= lr * g                (minibatches, default 32)
 * momentum: buf = mu * buf + g; theta -= lr * buf        (torch.optim.SGD)
 * adam:     torch.optim.Adam, bias-corrected
 * Weight decay wd adds wd * theta to g before the update (torch's
 * weight_decay). Minibatches: each epoch the seeded RNG shuffles the sample
 * indices, batches are consecutive slices, a short tail is dropped.
 *
 * Restricted mode: after every update the parameters are mapped back into
 * the restricted set (theory.md 4) by shl_restricted_project: balanced,
 * oriented (the affine part takes the flips), same-hyperplane neurons
 * merged, neurons whose kink left the domain folded into (v, e) or dropped
 * (the slot becomes a zero neuron, which training does not revive). The
 * realization is unchanged by the projection.
 *
 * A step never allocates. A non-finite loss or parameter stops training:
 * the trainer restores the last finite state and reports DIVERGED.
 *
 * Plain C, no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shl-data.h"
#include "shl-loss.h"
#include "shl-net.h"

typedef enum {
  SHL_OPT_GD,
  SHL_OPT_SGD,
  SHL_OPT_MOMENTUM,
  SHL_OPT_ADAM,
} ShlOptimizer;

typedef struct {
  ShlOptimizer optimizer;
  ShlLoss      loss;
  ShlKernel    kernel;
  double       lr;            /* default 0.01 */
  double       momentum;      /* default 0.9 */
  double       beta1;         /* default 0.9 */
  double       beta2;         /* default 0.999 */
  double       eps;           /* default 1e-8 */
  double       weight_decay;  /* default 0 */
  size_t       batch;         /* 0: full batch (sgd: 32), clamped to n */
  bool         train_linear;  /* also train v; default false (v stays fixed) */
  bool         restricted;    /* project into the restricted set after every
                                 step (shl_restricted_project); default false */
  uint64_t     seed;          /* minibatch order */
} ShlTrainOpts;

typedef enum {
  SHL_STATUS_OK,
  SHL_STATUS_DIVERGED,
} ShlStatus;

/* "gd" ("Gradient descent"), "sgd" ("SGD (minibatches)"), "momentum"
 * ("Momentum"), "adam" ("Adam") */
extern const ShlNameTable shl_optimizer_names;
/* "ok" ("Training"), "diverged" ("Diverged") */
extern const ShlNameTable shl_status_names;

void        shl_train_opts_init      (ShlTrainOpts *opts);
const char *shl_optimizer_name       (ShlOptimizer opt);   /* the id */
const char *shl_optimizer_label      (ShlOptimizer opt);
bool        shl_optimizer_from_name  (const char *name, ShlOptimizer *out);
const char *shl_status_name          (ShlStatus status);   /* the id */
/* the batch size a step of these options uses on n samples */
size_t      shl_train_opts_batch     (const ShlTrainOpts *opts, size_t n);

typedef struct ShlTrainer ShlTrainer;

/* Copies net, data and opts. NULL if the shapes do not fit (dimension
 * mismatch, empty data, logistic loss with labels other than 0/1). */
ShlTrainer     *shl_trainer_new        (const ShlNet *net, const ShlData *data,
                                        const ShlTrainOpts *opts);
void            shl_trainer_free       (ShlTrainer *tr);

/* One optimiser step. If loss_before is not NULL it receives the full-data
 * loss at the parameters before the step (free for full-batch optimisers).
 * Returns false (and changes nothing) once the trainer has diverged. */
bool            shl_trainer_step       (ShlTrainer *tr, double *loss_before);
/* up to n steps; returns how many were taken */
uint64_t        shl_trainer_run        (ShlTrainer *tr, uint64_t n);

/* full-data loss at the current parameters (cached) */
double          shl_trainer_loss       (ShlTrainer *tr);
const ShlNet   *shl_trainer_net        (const ShlTrainer *tr);
const ShlData  *shl_trainer_data       (const ShlTrainer *tr);
const ShlTrainOpts *shl_trainer_opts   (const ShlTrainer *tr);
uint64_t        shl_trainer_steps      (const ShlTrainer *tr);
/* Set the step counter (e.g. to continue a run with new options); the
 * optimiser's own state (momentum, Adam moments and t) starts afresh with
 * every new trainer regardless. */
void            shl_trainer_set_steps  (ShlTrainer *tr, uint64_t steps);
ShlStatus       shl_trainer_status     (const ShlTrainer *tr);
/* Everything that, with the options, the data and the network, determines
 * the rest of a run: restoring it into a fresh trainer continues bit for
 * bit as if training had never stopped. */
typedef struct {
  size_t    n_params;
  double   *theta;       /* (n_params) the parameters */
  double   *buf1;        /* (n_params) momentum buffer / Adam first moment */
  double   *buf2;        /* (n_params) Adam second moment */
  uint64_t  steps;       /* the step counter */
  uint64_t  opt_steps;   /* steps of this optimiser state (Adam's t) */
  uint64_t  rng[4];      /* minibatch RNG (xoshiro256** state) */
  size_t    n;           /* number of samples */
  int      *perm;        /* (n) the current epoch's sample order */
  size_t    perm_pos;    /* next position in perm */
} ShlTrainerState;

ShlTrainerState *shl_trainer_get_state  (const ShlTrainer *tr);
/* false (nothing changes) if the shapes differ, perm is not a permutation
 * of 0..n-1, perm_pos > n or a number is not finite */
bool             shl_trainer_set_state  (ShlTrainer *tr,
                                         const ShlTrainerState *state);
ShlTrainerState *shl_trainer_state_new  (size_t n_params, size_t n);
void             shl_trainer_state_free (ShlTrainerState *state);

/* human-readable status, e.g. "diverged at step 12: loss became inf" */
const char     *shl_trainer_message    (const ShlTrainer *tr);
