/* cli-run.h: running shallows-cli as a subprocess in the CLI tests
 * (header-only; each test program sets cli_path and tmpdir in main). */
#pragma once

#include <glib.h>
#include <sys/wait.h>

static char *cli_path;
static char *tmpdir;

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

/* run shallows-cli with a NULL-terminated argument list */
static Run
run_cli (const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_ptr_array_add (args, cli_path);
  va_list ap;
  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  /* no display of any kind */
  g_auto (GStrv) env = g_get_environ ();
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_setenv (env, "OPENBLAS_NUM_THREADS", "1", TRUE);

  Run r = { 0 };
  int wait_status;
  g_autoptr (GError) err = NULL;
  gboolean ok = g_spawn_sync (tmpdir, (char **) args->pdata, env,
                              G_SPAWN_DEFAULT, NULL, NULL, &r.out, &r.err,
                              &wait_status, &err);
  g_assert_no_error (err);
  g_assert_true (ok);
  g_assert_true (WIFEXITED (wait_status));
  r.status = WEXITSTATUS (wait_status);
  return r;
}
