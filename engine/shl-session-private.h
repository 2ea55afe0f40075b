/* shl-session-private.h: what the files of shl-session share (the
 * format name; the bookmarks' reader and writer, shl-session-bookmarks.c).
 * Not for other modules. */
#pragma once

#include <json-glib/json-glib.h>

#include "shl-session.h"

G_BEGIN_DECLS

#define SHL_SESSION_FORMAT "shallows-session"

/* "  \"bookmarks\": [...],\n" when the session has any */
void     shl_session_write_bookmarks (GString *s, const ShlSession *ss);
/* the "bookmarks" member of a session file named file, each checked as a
 * session; on error ss is unchanged */
gboolean shl_session_read_bookmarks  (ShlSession *ss, JsonNode *node,
                                      const char *file, GError **error);

G_END_DECLS
