/* shl-train-loop.c: see shl-train-loop.h. */
#include "shl-train-loop.h"

#include <stdbool.h>

#include "shl-check.h"

uint64_t
shl_train_loop (ShlTrainer *tr, uint64_t until, ShlHistory *history,
                ShlStepLossFunc on_loss, void *user_data)
{
  SHL_RETURN_VAL_IF_FAIL (tr != NULL, 0);
  const ShlNet *net = shl_trainer_net (tr);
  SHL_RETURN_VAL_IF_FAIL (!history || history->n_params == net->n_params,
                          shl_trainer_steps (tr));
  bool reported = false;      /* on_loss has heard a step ... */
  uint64_t last_reported = 0; /* ... and this was the last one */
  for (;;)
    {
      uint64_t k = shl_trainer_steps (tr);
      if (history && shl_history_wants (history, k))
        shl_history_append (history, k, shl_trainer_loss (tr), net->theta);
      if (k >= until)
        break;
      double before;
      if (!shl_trainer_step (tr, on_loss ? &before : NULL))
        break;
      /* the step succeeded: `before` is the loss after k steps */
      if (on_loss)
        on_loss (k, before, user_data);
      reported = true;
      last_reported = k;
    }

  /* Done, or diverged: then the trainer may have gone back to a step
   * that was reported and recorded already; the step it went back from
   * must not stay recorded. */
  uint64_t done = shl_trainer_steps (tr);
  double final = shl_trainer_loss (tr);
  if (history)
    {
      shl_history_truncate_after (history, done);
      if (history->n == 0 || shl_history_last_step (history) != done)
        shl_history_append (history, done, final, net->theta);
    }
  if (on_loss && !(reported && last_reported == done))
    on_loss (done, final, user_data);
  return done;
}
