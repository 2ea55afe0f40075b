/* shl-timeline-io.h: the timeline's moves as JSON, for sessions.
 *
 *   [{"step": 100, "move": "balance", "moved": 0.42, "f_change": 0,
 *     "f_tol": 1e-15, "before": [θ...]}, ...]
 *
 * "move" is a move id (shl-move.h); "before" has the network's number of
 * parameters; steps never decrease. GLib + json-glib. */
#pragma once

#include <glib.h>

#include "shl-timeline.h"

G_BEGIN_DECLS

/* a JSON array (g_free it) */
char        *shl_timeline_to_json   (const ShlTimeline *tl);
/* Parses the array; n_params: the parameters of every "before". NULL and
 * an error naming the event and field for anything else. */
ShlTimeline *shl_timeline_from_json (const char *json, size_t n_params,
                                     GError **error);

G_END_DECLS
