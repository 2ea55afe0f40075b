/* shl-session.h: a whole run in one file, reproducible bit for bit.
 *
 * A session holds the data (a built-in target's recipe, or the points
 * themselves), the network at step 0, the optimiser and its settings, the
 * trainer's state after the recorded steps (parameters, optimiser moments,
 * minibatch RNG and order), the recorded history, an optional twin network
 * and the view settings of the app (kept verbatim as a JSON object).
 * Loading a session and training on gives the same losses, bit for bit, as
 * a run that never stopped.
 *
 * File: JSON, {"format": "shallows-session", "version": 1, ...} (see
 * README). Bookmarks, named states of the run, are sessions inside it. GLib + json-glib. Loading validates everything and names the
 * field; nothing is half-loaded. Saving is atomic. */
#pragma once

#include <glib.h>

#include "shl-data.h"
#include "shl-history.h"
#include "shl-io.h"
#include "shl-net.h"
#include "shl-problem.h"
#include "shl-trainer.h"

G_BEGIN_DECLS

#define SHL_SESSION_VERSION 1

typedef struct {
  /* the data: a built-in target's recipe, or (target == NULL) the points */
  char            *target;       /* built-in target name, or NULL */
  guint            samples;
  double           noise;
  guint64          data_seed;
  ShlData         *points;       /* when target is NULL */
  int              dim;
  double           lo[SHL_MAX_DIM], hi[SHL_MAX_DIM];

  /* how net0 was made (for the app's controls); net0 itself is stored */
  char            *init_scheme;  /* "he", "balanced", "uniform", or "file" */
  guint64          init_seed;

  ShlNet          *net0;         /* the network at step 0 */
  ShlNet          *twin;         /* may be NULL */
  ShlTrainOpts     opts;
  ShlTrainerState *state;        /* NULL: at step 0 */

  /* the recorded history (never NULL; its n_params is net0's once a
   * point is recorded) */
  ShlHistory      *history;

  char            *view_json;    /* a JSON object, or NULL */
  /* the symmetry moves on the training timeline (shl-timeline.h): a JSON
   * array written by shl_timeline_to_json, or NULL (none; the field is
   * then not written) */
  char            *events_json;
  /* named states of the run (ShlBookmark), or NULL: none */
  GPtrArray       *bookmarks;
} ShlSession;

/* A named state: a whole session (without bookmarks) as JSON text
 * (shl-session-bookmarks.c). */
typedef struct {
  char *name;
  char *json;
} ShlBookmark;

ShlBookmark *shl_bookmark_new          (const char *name, const char *json);
void         shl_bookmark_free         (ShlBookmark *bookmark);
/* a deep copy (from may be NULL: an empty array) */
GPtrArray   *shl_bookmarks_copy        (const GPtrArray *from);

ShlSession  *shl_session_new           (void);
void         shl_session_free          (ShlSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlSession, shl_session_free)

char        *shl_session_to_json       (const ShlSession *session);
gboolean     shl_session_save          (const ShlSession *session,
                                        const char *path, GError **error);
ShlSession  *shl_session_from_json     (const char *text, gssize len,
                                        const char *name, GError **error);
ShlSession  *shl_session_load          (const char *path, GError **error);
/* TRUE if the text looks like a session (its "format" field) */
gboolean     shl_session_sniff         (const char *text, gsize len);

/* The session's data recipe (shl-problem.h); it points into the session,
 * which must outlive it. */
void         shl_session_data_recipe   (const ShlSession *session,
                                        ShlDataRecipe *recipe);
/* The data the session trains on (regenerated from the recipe, or a copy
 * of the points). */
ShlData     *shl_session_make_data     (const ShlSession *session,
                                        GError **error);
/* The built-in target (NULL for stored points). */
ShlTarget   *shl_session_make_target   (const ShlSession *session);
/* A trainer positioned where the session stopped. */
ShlTrainer  *shl_session_make_trainer  (const ShlSession *session,
                                        GError **error);

G_END_DECLS
