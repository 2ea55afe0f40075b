/* shl-lesson-private.h: what the lesson reader and writer share (not for
 * use outside engine/). */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* any JSON value on one line, numbers by the project's number writer */
void  shl_lesson_append_json (GString *s, JsonNode *node);
/* path relative to dir (NULL: the current directory), or absolute, as a
 * canonical absolute path; g_free it */
char *shl_lesson_resolve_in  (const char *dir, const char *path);

G_END_DECLS
