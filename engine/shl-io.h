/* shl-io.h: network files (JSON) and data files (CSV).
 *
 * GLib + json-glib. Loaders validate everything and report the file, the
 * line or field and what was expected; nothing is half-loaded. Writers are
 * atomic (temporary file + rename, g_file_set_contents). */
#pragma once

#include <glib.h>

#include "shl-data.h"
#include "shl-history.h"
#include "shl-net.h"

G_BEGIN_DECLS

/* g_autoptr for the engine's plain-C types */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlNet, shl_net_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlData, shl_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlHistory, shl_history_free)

#define SHL_ERROR (shl_error_quark ())
GQuark shl_error_quark (void);

typedef enum {
  SHL_ERROR_IO,          /* could not read or write the file */
  SHL_ERROR_PARSE,       /* not well-formed JSON / CSV */
  SHL_ERROR_FORMAT,      /* well-formed, but not what was expected */
  SHL_ERROR_VERSION,     /* written by a newer version */
  SHL_ERROR_INVALID,     /* invalid argument or value */
} ShlError;

/* {"format": "shallows-network", "version": 1, "input_dim": d,
 *  "domain": [[lo, hi], ...], "a": [[...], ...], "b": [...], "c": [...],
 *  "e": x, "v": [...]}  ("v" optional, default zeros) */
ShlNet  *shl_net_load_json      (const char *path, GError **error);
ShlNet  *shl_net_from_json_data (const char *text, gssize len,
                                 const char *name, GError **error);
gboolean shl_net_save_json      (const ShlNet *net, const char *path,
                                 GError **error);
/* the JSON text (doubles printed round-trip exactly); free with g_free.
 * NULL if a parameter is not finite (JSON cannot hold it) or the domain is
 * one the loader refuses (not finite, too wide or too narrow). */
char    *shl_net_to_json_data   (const ShlNet *net);

/* CSV: header "x,y" (d = 1) or "x1,x2,y" (d = 2); '#' comments and blank
 * lines allowed. A `# domain: lo hi [lo2 hi2]` comment before the data
 * sets the domain (points must lie inside); without it the domain is
 * [-1, 1]^d widened to contain every point. `# task: classification` (or
 * regression, the default) sets the flag; classification labels are 0/1. */
ShlData *shl_data_load_csv      (const char *path, GError **error);
ShlData *shl_data_from_csv_data (const char *text, gssize len,
                                 const char *name, GError **error);
gboolean shl_data_save_csv      (const ShlData *data, const char *path,
                                 GError **error);

/* Route the core's failed argument checks (shl-check.h) into g_log, as
 * criticals of the "Shallows-Engine" domain (so that G_DEBUG=fatal-criticals
 * and g_test's fatal criticals apply to them). Call once at start-up. */
void     shl_check_use_glib_log (void);

/* TRUE if path may be written by replacing it with a regular file: it
 * does not exist, or it is a regular file (or a symbolic link to one).
 * Otherwise (a directory, a device, a FIFO, a socket, or a symbolic link
 * to one) FALSE with an SHL_ERROR_IO error naming the path and what it
 * is. Every writer of a file by path calls it first. */
gboolean shl_io_check_output_path (const char *path, GError **error);

/* Removes a folder of plain files that this program made (a temporary
 * folder of frames or of a lesson's images): its files, then itself.
 * Subfolders are not entered; nothing is reported. */
void     shl_io_remove_flat_dir  (const char *dir);

/* Atomic write of a whole file (temporary file in the same folder, then
 * rename), with a clear error; refuses a path that is not a regular file
 * (shl_io_check_output_path). */
gboolean shl_write_file_atomic  (const char *path, const char *contents,
                                 gssize len, GError **error);

G_END_DECLS
