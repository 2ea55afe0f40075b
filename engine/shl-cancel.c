/* shl-cancel.c: see shl-cancel.h. */
#include "shl-cancel.h"

#include "shl-check.h"

void
shl_cancel_init (ShlCancel *cancel)
{
  SHL_RETURN_IF_FAIL (cancel != NULL);
  atomic_init (&cancel->requested, 0);
}

void
shl_cancel_request (ShlCancel *cancel)
{
  SHL_RETURN_IF_FAIL (cancel != NULL);
  atomic_store (&cancel->requested, 1);
}

void
shl_cancel_reset (ShlCancel *cancel)
{
  SHL_RETURN_IF_FAIL (cancel != NULL);
  atomic_store (&cancel->requested, 0);
}

bool
shl_cancel_requested (const ShlCancel *cancel)
{
  return cancel && atomic_load (&cancel->requested) != 0;
}
