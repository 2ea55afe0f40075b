/* cli-run.h: running shallows-cli as a subprocess in the CLI tests
 * (header-only; each test program sets cli_path and tmpdir in main). */
#pragma once

#include <gio/gio.h>
#include <glib.h>
#include <stdarg.h>
#include <sys/wait.h>

static char *cli_path;
static char *tmpdir;
/* non-NULL: the PATH of the runs (a test of a missing helper program) */
static const char *cli_env_path;

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

/* the environment of every run: no display of any kind, one BLAS thread,
 * and GLib criticals fatal (a critical on any input is a bug: the run
 * then dies of SIGTRAP instead of exiting, which the tests catch) */
static char **
cli_environ (void)
{
  char **env = g_get_environ ();
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_setenv (env, "OPENBLAS_NUM_THREADS", "1", TRUE);
  env = g_environ_setenv (env, "G_DEBUG", "fatal-criticals", TRUE);
  if (cli_env_path)
    env = g_environ_setenv (env, "PATH", cli_env_path, TRUE);
  return env;
}

static GPtrArray *
cli_args (const char *first, va_list ap)
{
  GPtrArray *args = g_ptr_array_new ();
  g_ptr_array_add (args, cli_path);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  g_ptr_array_add (args, NULL);
  return args;
}

static Run
run_cli_argv (char **argv)
{
  g_auto (GStrv) env = cli_environ ();
  Run r = { 0 };
  int wait_status;
  g_autoptr (GError) err = NULL;
  gboolean ok = g_spawn_sync (tmpdir, argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                              &r.out, &r.err, &wait_status, &err);
  g_assert_no_error (err);
  g_assert_true (ok);
  if (!WIFEXITED (wait_status))
    g_error ("%s %s: killed by signal %d; stderr: %s", argv[1],
             argv[2] ? argv[2] : "", WTERMSIG (wait_status), r.err);
  r.status = WEXITSTATUS (wait_status);
  return r;
}

/* run shallows-cli with a NULL-terminated argument list */
static Run
run_cli (const char *first, ...)
{
  va_list ap;
  va_start (ap, first);
  g_autoptr (GPtrArray) args = cli_args (first, ap);
  va_end (ap);
  return run_cli_argv ((char **) args->pdata);
}

/* the same with standard output going to the file stdout_path (such as
 * /dev/full); r.out is then empty */
G_GNUC_NULL_TERMINATED G_GNUC_UNUSED static Run
run_cli_to (const char *stdout_path, const char *first, ...)
{
  va_list ap;
  va_start (ap, first);
  g_autoptr (GPtrArray) args = cli_args (first, ap);
  va_end (ap);
  g_auto (GStrv) env = cli_environ ();
  g_autoptr (GSubprocessLauncher) l =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (l, env);
  g_subprocess_launcher_set_cwd (l, tmpdir);
  g_subprocess_launcher_set_stdout_file_path (l, stdout_path);
  g_autoptr (GError) err = NULL;
  g_autoptr (GSubprocess) p =
    g_subprocess_launcher_spawnv (l, (const char *const *) args->pdata, &err);
  g_assert_no_error (err);
  Run r = { 0 };
  g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, NULL, &r.err, &err));
  g_assert_no_error (err);
  if (!g_subprocess_get_if_exited (p))
    g_error ("%s: killed by signal %d; stderr: %s", first,
             g_subprocess_get_term_sig (p), r.err);
  r.status = g_subprocess_get_exit_status (p);
  r.out = g_strdup ("");
  return r;
}
