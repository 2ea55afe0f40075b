/* shl-cli.h: what the shallows-cli subcommands share.
 *
 * Every subcommand is a function `int shl_cli_NAME (int argc, char **argv)`
 * listed in the table of shallows-cli.c (which drives the dispatch and the
 * top-level --help); argv[0] is "shallows-cli NAME". They parse their
 * options with shl_cli_parse_options, report a problem with one line on
 * stderr (shl_cli_fail) and return an exit status. */
#pragma once

#include <glib.h>

#include "shl-data.h"
#include "shl-names.h"
#include "shl-number.h"
#include "shl-problem.h"

#define SHL_CLI_EXIT_OK    0
#define SHL_CLI_EXIT_ERROR 1   /* a file could not be read/written, training diverged */
#define SHL_CLI_EXIT_USAGE 2   /* bad arguments */

/* ------------------------------------------------------------ options */

/* Parse a GOptionContext; a parse error becomes a one-line usage error
 * (printed, *status set to 2). */
gboolean shl_cli_parse_options (GOptionContext *ctx, const char *cmd,
                                int *argc, char ***argv, int *status);

/* Strict number parsing for option values: the whole string must be a
 * number in [min, max]; on failure *error says which option and why. */
gboolean shl_cli_parse_double (const char *option, const char *text,
                               double min, double max, double *out,
                               GError **error);
gboolean shl_cli_parse_uint   (const char *option, const char *text,
                               guint64 min, guint64 max, guint64 *out,
                               GError **error);
/* A name of table (shl-names.h): "OPTION: expected a, b or c, got \"x\"". */
gboolean shl_cli_parse_name   (const char *option, const char *text,
                               const ShlNameTable *table, int *out,
                               GError **error);

/* -------------------------------------------------------------- output */

/* print "shallows-cli CMD: MESSAGE" on stderr and return code */
int      shl_cli_fail          (const char *cmd, int code, const char *fmt, ...)
  G_GNUC_PRINTF (3, 4);

/* Standard output, checked in one place: shl_cli_guard_stdout (first
 * thing in main) makes an exit() that bypasses main's return (GLib's
 * --help) check it too; shl_cli_finish_stdout (main's return) flushes and
 * closes it. A write error (a full disk, /dev/full, a closed pipe's EIO)
 * is then "shallows-cli CMD: cannot write to standard output: REASON" and
 * exit status 1, never a silent 0. Returns the exit status to use. */
void     shl_cli_guard_stdout  (void);
int      shl_cli_finish_stdout (const char *cmd, int status);

/* x as the project writes every number (shl-number.h): the shortest text
 * that reads back to the same double; with SHL_NUMBER_JSON, non-finite
 * values as null */
void     shl_cli_append_number (GString *s, double x, ShlNumberFlags flags);

/* Before any work: an output file given by an option (path may be NULL:
 * nothing to check) must be writable by replacing it with a regular file
 * (shl_io_check_output_path): not a directory, device, FIFO or socket, nor
 * a symbolic link to one. Prints the reason and returns 1, else 0. */
int      shl_cli_check_output  (const char *cmd, const char *path);

/* A number in JSON output: x as shl_cli_append_number writes it with
 * SHL_NUMBER_JSON (null if not finite). An infinite x is a value beyond
 * the double range (an overflow, not "undefined"): its path (such as
 * "sup" or "neurons[0].jump") is then added to overflow (a GPtrArray of
 * strings it g_strdup's into). */
void     shl_cli_json_number   (GString *s, double x, const char *path,
                                GPtrArray *overflow);
/* The "overflow" member listing those paths, with a leading ",\n" (nothing
 * when the list is empty, so ordinary output is unchanged). */
void     shl_cli_json_overflow (GString *s, const GPtrArray *overflow);

/* s on stdout, or written atomically to path if it is not NULL; an exit
 * status */
int      shl_cli_write_or_print (const char *cmd, const char *path,
                                 const GString *s);

/* ---------------------------------------------------------------- data */

/* The data options train, landscape and path share. */
typedef struct {
  const char *data_path;   /* --data F.csv */
  const char *target;      /* --target NAME */
  const char *samples;     /* --samples N (default 256) */
  const char *noise;       /* --noise S (default 0) */
} ShlCliDataArgs;

/* Fill the data part of a recipe from the options: exactly one of --data
 * and --target (a known one), --samples and --noise parsed; --data is
 * loaded into *points (which the recipe then points at; free it after the
 * recipe is used). The recipe's dim, domain and seed are left as the
 * caller set them. Returns an exit status (errors are printed). */
int      shl_cli_data_recipe   (ShlDataRecipe *recipe, ShlData **points,
                                const char *cmd, const ShlCliDataArgs *args);

/* The message for a network of dimension net_dim (from net_path) that
 * does not fit the data of args (of dimension data_dim); exit status 2. */
int      shl_cli_fail_dims     (const char *cmd, const ShlCliDataArgs *args,
                                int data_dim, const char *net_path,
                                int net_dim);

/* ---------------------------------------------------------- subcommands */

int      shl_cli_train        (int argc, char **argv);
int      shl_cli_targets      (int argc, char **argv);
int      shl_cli_eval         (int argc, char **argv);
int      shl_cli_distance     (int argc, char **argv);
int      shl_cli_pathology    (int argc, char **argv);
int      shl_cli_bench        (int argc, char **argv);
int      shl_cli_render       (int argc, char **argv);
int      shl_cli_lesson       (int argc, char **argv);
/* the default figure size in points: one panel (panel >= 0) or all */
void     shl_cli_default_figure_size (int panel, double *w, double *h);

/* render --video (shl-cli-video.c): the file's extension (.mp4, .webm)
 * and ffmpeg on PATH checked before any work; the frames (step-*.png in
 * frames_dir) encoded at fps frames a second into path, atomically;
 * (the frames' temporary folder goes with shl_io_remove_flat_dir). */
gboolean shl_cli_video_check          (const char *path, GError **error);
gboolean shl_cli_video_assemble       (const char *frames_dir, const char *path,
                                       double fps, GError **error);
