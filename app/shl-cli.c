/* shl-cli.c: helpers the shallows-cli subcommands share (see shl-cli.h). */
#include "shl-cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "shl-io.h"

int
shl_cli_fail (const char *cmd, int code, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  if (cmd)
    fprintf (stderr, "shallows-cli %s: %s\n", cmd, msg);
  else
    fprintf (stderr, "shallows-cli: %s\n", msg);
  return code;
}

void
shl_cli_append_number (GString *s, double x, ShlNumberFlags flags)
{
  char buf[SHL_NUMBER_BUF];
  shl_number_format (buf, x, flags);
  g_string_append (s, buf);
}

/* ------------------------------------------------------- standard output */

static gboolean stdout_closed;

/* flush and close stdout: 0, or the errno of the first failure */
static int
close_stdout (void)
{
  if (stdout_closed)
    return 0;
  stdout_closed = TRUE;
  int err = 0;
  errno = 0;
  if (fflush (stdout) != 0)
    err = errno ? errno : EIO;
  else if (ferror (stdout))
    err = EIO;   /* an earlier write failed; its errno is gone */
  errno = 0;
  if (fclose (stdout) != 0 && err == 0 && errno != EBADF)
    err = errno ? errno : EIO;   /* EBADF: stdout was closed and unused */
  return err;
}

static void
check_stdout_at_exit (void)
{
  int err = close_stdout ();
  if (err != 0)
    {
      fprintf (stderr, "shallows-cli: cannot write to standard output: %s\n",
               g_strerror (err));
      _exit (SHL_CLI_EXIT_ERROR);
    }
}

void
shl_cli_guard_stdout (void)
{
  atexit (check_stdout_at_exit);
}

int
shl_cli_finish_stdout (const char *cmd, int status)
{
  int err = close_stdout ();
  if (err == 0)
    return status;
  shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "cannot write to standard output: %s",
                g_strerror (err));
  return status == SHL_CLI_EXIT_OK ? SHL_CLI_EXIT_ERROR : status;
}

/* ------------------------------------------------------------ output files */

void
shl_cli_json_number (GString *s, double x, const char *path, GPtrArray *overflow)
{
  shl_cli_append_number (s, x, SHL_NUMBER_JSON);
  if (isinf (x) && overflow)
    g_ptr_array_add (overflow, g_strdup (path));
}

void
shl_cli_json_overflow (GString *s, const GPtrArray *overflow)
{
  if (!overflow || overflow->len == 0)
    return;
  g_string_append (s, ",\n  \"overflow\": [");
  for (guint k = 0; k < overflow->len; k++)
    g_string_append_printf (s, "%s\"%s\"", k ? ", " : "",
                            (const char *) g_ptr_array_index (overflow, k));
  g_string_append_c (s, ']');
}

int
shl_cli_check_output (const char *cmd, const char *path)
{
  g_autoptr (GError) err = NULL;
  if (path && !shl_io_check_output_path (path, &err))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  return SHL_CLI_EXIT_OK;
}

int
shl_cli_write_or_print (const char *cmd, const char *path, const GString *s)
{
  g_autoptr (GError) err = NULL;
  if (!path)
    {
      fwrite (s->str, 1, s->len, stdout);
      return SHL_CLI_EXIT_OK;
    }
  if (!shl_write_file_atomic (path, s->str, (gssize) s->len, &err))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  return SHL_CLI_EXIT_OK;
}

gboolean
shl_cli_parse_double (const char *option, const char *text, double min,
                      double max, double *out, GError **error)
{
  char *end = NULL;
  if (!text || !*text)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: expected a number, got an empty value", option);
      return FALSE;
    }
  errno = 0;
  double v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || errno == ERANGE || !isfinite (v))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: expected a finite number, got \"%s\"", option, text);
      return FALSE;
    }
  if (v < min || v > max)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: %s is out of range [%g, %g]", option, text, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
shl_cli_parse_uint (const char *option, const char *text, guint64 min,
                    guint64 max, guint64 *out, GError **error)
{
  guint64 v;
  g_autoptr (GError) err = NULL;
  if (!text || !g_ascii_string_to_unsigned (text, 10, min, max, &v, &err))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: expected a whole number from %" G_GUINT64_FORMAT
                   " to %" G_GUINT64_FORMAT ", got \"%s\"",
                   option, min, max, text ? text : "");
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
shl_cli_parse_name (const char *option, const char *text,
                    const ShlNameTable *table, int *out, GError **error)
{
  if (shl_name_lookup (table, text, out))
    return TRUE;
  char list[256];
  g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
               "%s: expected %s, got \"%s\"", option,
               shl_name_list (table, list, sizeof list), text ? text : "");
  return FALSE;
}

gboolean
shl_cli_parse_options (GOptionContext *ctx, const char *cmd, int *argc,
                       char ***argv, int *status)
{
  g_autoptr (GError) err = NULL;
  g_option_context_set_help_enabled (ctx, TRUE);
  if (!g_option_context_parse (ctx, argc, argv, &err))
    {
      *status = shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s (see --help)",
                              err->message);
      return FALSE;
    }
  return TRUE;
}

int
shl_cli_data_recipe (ShlDataRecipe *r, ShlData **points, const char *cmd,
                     const ShlCliDataArgs *a)
{
  g_autoptr (GError) err = NULL;
  *points = NULL;
  if (!a->data_path == !a->target)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                         "give exactly one of --data F.csv or --target NAME");
  guint64 samples = 256;
  double noise = 0.0;
  if ((a->samples && !shl_cli_parse_uint ("--samples", a->samples, 1, 100000000, &samples, &err))
      || (a->noise && !shl_cli_parse_double ("--noise", a->noise, 0.0, 1e6, &noise, &err)))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  r->samples = (size_t) samples;
  r->noise = noise;
  if (a->target)
    {
      if (!shl_target_lookup (a->target))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                             "--target: unknown target \"%s\" (see 'shallows-cli targets')",
                             a->target);
      r->target = a->target;
      r->points = NULL;
      return SHL_CLI_EXIT_OK;
    }
  *points = shl_data_load_csv (a->data_path, &err);
  if (!*points)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  r->target = NULL;
  r->points = *points;
  return SHL_CLI_EXIT_OK;
}

int
shl_cli_fail_dims (const char *cmd, const ShlCliDataArgs *a, int data_dim,
                   const char *net_path, int net_dim)
{
  if (a->target)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                         "--target %s is %d-D but the network in %s is %d-D",
                         a->target, data_dim, net_path, net_dim);
  return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                       "%s is %d-D but the network in %s is %d-D",
                       a->data_path, data_dim, net_path, net_dim);
}
