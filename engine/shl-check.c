/* shl-check.c: see shl-check.h. */
#include "shl-check.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Shallows-Engine"
#endif

static _Atomic (ShlCheckHandler) handler;
static atomic_ulong failures;

void
shl_check_failed (const char *func, const char *expr)
{
  atomic_fetch_add (&failures, 1);
  ShlCheckHandler h = atomic_load (&handler);
  if (h)
    {
      h (func, expr);
      return;
    }
  fprintf (stderr, "%s-CRITICAL **: %s: assertion '%s' failed\n",
           G_LOG_DOMAIN, func, expr);
  /* as GLib does with its criticals */
  const char *debug = getenv ("G_DEBUG");
  if (debug && (strstr (debug, "fatal-criticals") || strstr (debug, "fatal-warnings")))
    abort ();
}

ShlCheckHandler
shl_check_set_handler (ShlCheckHandler h)
{
  return atomic_exchange (&handler, h);
}

unsigned long
shl_check_count (void)
{
  return atomic_load (&failures);
}
