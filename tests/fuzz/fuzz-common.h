/* fuzz-common.h: what the libFuzzer harnesses share (header-only).
 *
 * Each harness defines LLVMFuzzerTestOneInput and calls fuzz_init once:
 * GLib warnings and criticals (also the core's argument checks) abort, so
 * that libFuzzer reports them like a crash; a broken invariant aborts
 * with a message (FUZZ_CHECK). */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shl-io.h"

#define FUZZ_CHECK(cond, ...)                                                \
  do {                                                                       \
    if (!(cond))                                                             \
      {                                                                      \
        fprintf (stderr, "%s:%d: invariant broken: %s: ", __FILE__,          \
                 __LINE__, #cond);                                           \
        fprintf (stderr, __VA_ARGS__);                                       \
        fputc ('\n', stderr);                                                \
        abort ();                                                            \
      }                                                                      \
  } while (0)

static void
fuzz_init (void)
{
  static gboolean done;
  if (done)
    return;
  done = TRUE;
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  shl_check_use_glib_log ();
  g_setenv ("OPENBLAS_NUM_THREADS", "1", TRUE);
}

/* An error from a loader names the input (the harnesses pass "fuzz"), is
 * one line of valid UTF-8 without control characters, and has no
 * "(null)" (a NULL string printed) unless the input has one. */
G_GNUC_UNUSED static void
fuzz_check_error (const GError *error, const char *name, const uint8_t *data, size_t size)
{
  FUZZ_CHECK (error != NULL, "no error set");
  FUZZ_CHECK (error->domain == SHL_ERROR, "error domain %s", g_quark_to_string (error->domain));
  FUZZ_CHECK (g_str_has_prefix (error->message, name), "%s", error->message);
  FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "message is not UTF-8");
  for (const char *p = error->message; *p; p++)
    FUZZ_CHECK ((unsigned char) *p >= 0x20 && *p != 0x7f, "a control character in: %s",
                error->message);
  FUZZ_CHECK (strstr (error->message, "(null)") == NULL
              || memmem (data, size, "(null)", 6) != NULL, "%s", error->message);
}
