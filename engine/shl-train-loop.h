/* shl-train-loop.h: the shared training loop of the headless front ends.
 *
 * Training for N steps while writing a loss log and recording a history
 * has one subtle case, divergence: the trainer then goes back to the last
 * finite parameters (shl_trainer_step), and a loop that records before
 * each step would record the step it went back from, or record the kept
 * step twice. This loop reports every step once.
 *
 * Plain C, no GLib. */
#pragma once

#include <stdint.h>

#include "shl-history.h"
#include "shl-trainer.h"

/* Called once for each step k reached, in order, with the full-data loss
 * at the parameters after k steps. */
typedef void (*ShlStepLossFunc) (uint64_t step, double loss, void *user_data);

/* Train from the trainer's current step up to step `until` or until it
 * diverges. history (may be NULL) records by its policy, and always the
 * last step reached; on_loss (may be NULL) hears every step from the
 * current one to the last one reached exactly once. Steps the trainer
 * went back from are neither reported nor recorded. Returns the last step
 * reached (shl_trainer_steps afterwards).
 *
 * Which loss: on_loss gets the loss the optimiser step computed anyway
 * (with the trainer's kernel; no extra evaluation) and, for the last step,
 * shl_trainer_loss; the history records shl_trainer_loss (the fused
 * kernel), as the engine thread does. */
uint64_t shl_train_loop (ShlTrainer *tr, uint64_t until, ShlHistory *history,
                         ShlStepLossFunc on_loss, void *user_data);
