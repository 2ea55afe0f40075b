/* shl-check.h: argument checks for the public entry points of the core.
 *
 * The plain-C counterpart of g_return_if_fail: when a caller breaks a
 * function's contract (a NULL network, a neuron index out of range where
 * the documentation does not allow one), the function reports it as a
 * programming error and returns without doing anything. Bad *input*
 * (files, user values) is never reported this way: it gets an error value
 * that names what is wrong.
 *
 * The report goes to a handler; the default prints
 *   Shallows-Engine-CRITICAL **: FUNC: assertion 'EXPR' failed
 * on stderr, like GLib does, and aborts when G_DEBUG contains
 * fatal-criticals (or fatal-warnings), as GLib would. The GLib side routes it into g_log with
 * shl_check_use_glib_log (shl-io.h), so that G_DEBUG=fatal-criticals and
 * g_test's fatal criticals apply to the core as well.
 *
 * Plain C, no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Called with the failing function's name and the text of the check. */
typedef void (*ShlCheckHandler) (const char *func, const char *expr);

/* Report a failed check (what the macros below call). */
void            shl_check_failed      (const char *func, const char *expr);
/* Install a handler (NULL: the default, stderr); returns the previous
 * one. Thread-safe. */
ShlCheckHandler shl_check_set_handler (ShlCheckHandler handler);
/* How many checks have failed in this process (for tests). */
unsigned long   shl_check_count       (void);

#define SHL_RETURN_IF_FAIL(expr)                                         \
  do                                                                    \
    {                                                                   \
      if (__builtin_expect (!(expr), 0))                                \
        {                                                               \
          shl_check_failed (__func__, #expr);                           \
          return;                                                       \
        }                                                               \
    }                                                                   \
  while (0)

#define SHL_RETURN_VAL_IF_FAIL(expr, val)                                \
  do                                                                    \
    {                                                                   \
      if (__builtin_expect (!(expr), 0))                                \
        {                                                               \
          shl_check_failed (__func__, #expr);                           \
          return (val);                                                 \
        }                                                               \
    }                                                                   \
  while (0)
