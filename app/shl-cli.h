/* shl-cli.h: shared helpers of the shallows-cli subcommands. */
#pragma once

#include <glib.h>

#include "shl-number.h"

#define SHL_CLI_EXIT_OK    0
#define SHL_CLI_EXIT_ERROR 1   /* a file could not be read/written, training diverged */
#define SHL_CLI_EXIT_USAGE 2   /* bad arguments */

/* Strict number parsing for option values: the whole string must be a
 * number in [min, max]; on failure *error says which option and why. */
gboolean shl_cli_parse_double (const char *option, const char *text,
                               double min, double max, double *out,
                               GError **error);
gboolean shl_cli_parse_uint   (const char *option, const char *text,
                               guint64 min, guint64 max, guint64 *out,
                               GError **error);

/* Parse a GOptionContext; a parse error becomes a one-line usage error
 * (printed, *status set to 2). */
gboolean shl_cli_parse_options (GOptionContext *ctx, const char *cmd,
                                int *argc, char ***argv, int *status);

/* x as the project writes every number (shl-number.h): the shortest text
 * that reads back to the same double; with SHL_NUMBER_JSON, non-finite
 * values as null */
void     shl_cli_append_number (GString *s, double x, ShlNumberFlags flags);

/* print "shallows-cli CMD: MESSAGE" on stderr and return code */
int      shl_cli_fail         (const char *cmd, int code, const char *fmt, ...)
  G_GNUC_PRINTF (3, 4);

int      shl_cli_bench        (int argc, char **argv);
int      shl_cli_render       (int argc, char **argv);
/* the default figure size in points: one panel (panel >= 0) or all */
void     shl_cli_default_figure_size (int panel, double *w, double *h);
