/* shl-json.h: the one way Shallows parses JSON text.
 *
 * Every JSON document the project reads (network files, sessions, the view
 * settings inside a session, lessons, ...) goes through
 * shl_json_parse_text, never straight to json-glib: before json-glib's
 * recursive parser sees the text, a small non-recursive scan refuses
 *
 *   - nesting deeper than SHL_JSON_MAX_DEPTH arrays and objects (100,000
 *     nested '[' overflow json-glib's stack: a crash, not an error),
 *   - integer literals that do not fit in 64 bits (json-glib wraps them
 *     silently),
 *   - NUL bytes and empty text,
 *
 * each with a message naming the file (or the name given) and the line and
 * column. json-glib's own parse errors get the same "NAME:LINE:COLUMN:"
 * prefix. GLib + json-glib. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The deepest nesting of arrays and objects accepted. Shallows' own files
 * nest at most six levels (a session's network's domain pairs). */
#define SHL_JSON_MAX_DEPTH 64

/* Parse JSON text (len < 0: NUL-terminated). Errors are SHL_ERROR_PARSE
 * (shl-io.h) and name `name` (NULL: "<data>"), with the line and column
 * where they are known. The parser returned always has a root; unref it
 * (g_autoptr (JsonParser)). */
JsonParser  *shl_json_parse_text       (const char *text, gssize len,
                                        const char *name, GError **error);

/* A node as compact JSON text (g_free it; json-glib's layout: no spaces,
 * short escapes such as \n in strings), numbers as the project
 * writes them (shl-number.h: the shortest text that reads back to the
 * same double; not finite: null), strings escaped. json-glib 1.6's own
 * json_to_string writes 1e-8 as "1e-08.0", which is not JSON. */
char        *shl_json_to_text          (JsonNode *node);
/* The same appended to s; flags: SHL_JSON_SPACED (", " and ": " between
 * members, as in the files the project writes for people), and
 * SHL_JSON_PLAIN_DOUBLES (a whole double as 3, not 3.0). */
enum { SHL_JSON_SPACED = 1 << 0, SHL_JSON_PLAIN_DOUBLES = 1 << 1 };
void         shl_json_append_node      (GString *s, JsonNode *node, unsigned flags);
/* text as a JSON string, quoted and escaped */
void         shl_json_append_string    (GString *s, const char *text);

G_END_DECLS
