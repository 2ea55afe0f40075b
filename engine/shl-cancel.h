/* shl-cancel.h: a cancellation flag for long computations of the core.
 *
 * One thread (the UI, a GCancellable's handler) requests cancellation;
 * the workers of a long job (landscape grids, experiments) poll the flag
 * between units of work and stop. The flag is a C11 atomic, so that the
 * request is seen by every worker thread without a data race.
 *
 * On the GLib side a GCancellable is the one way to cancel a long job:
 * ShlCancelBridge (shl-cancel-bridge.h) connects one to a ShlCancel.
 *
 *   ShlCancel cancel;
 *   shl_cancel_init (&cancel);
 *   ... start workers with &cancel ...
 *   shl_cancel_request (&cancel);    (from any thread)
 *
 * Functions taking a `const ShlCancel *` accept NULL: never cancelled.
 *
 * Plain C, no GLib. */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>

typedef struct {
  atomic_int requested;
} ShlCancel;

void shl_cancel_init      (ShlCancel *cancel);
/* from any thread; idempotent */
void shl_cancel_request   (ShlCancel *cancel);
/* back to "not requested" (before the flag is reused for a new job) */
void shl_cancel_reset     (ShlCancel *cancel);
/* false for NULL */
bool shl_cancel_requested (const ShlCancel *cancel);
