/* shl-session-bookmarks.c: a session's bookmarks, named states of the run
 * kept in the same file (see shl-session.h).
 *
 * In the file: "bookmarks": [{"name": "...", "session": {a whole session,
 * without bookmarks of its own}}, ...]. Each bookmark's session is kept
 * as its JSON text (the project writes every double so that it reads back
 * the same, so going to a bookmark is bit for bit) and checked as a
 * session when the file is read, so that a bad bookmark is refused with
 * the file, naming it. */
#include "shl-session-private.h"

#include "shl-io-private.h"
#include "shl-json.h"

ShlBookmark *
shl_bookmark_new (const char *name, const char *json)
{
  ShlBookmark *b = g_new0 (ShlBookmark, 1);
  b->name = g_strdup (name);
  b->json = g_strdup (json);
  return b;
}

void
shl_bookmark_free (ShlBookmark *b)
{
  if (!b)
    return;
  g_free (b->name);
  g_free (b->json);
  g_free (b);
}

GPtrArray *
shl_bookmarks_copy (const GPtrArray *from)
{
  GPtrArray *to = g_ptr_array_new_with_free_func ((GDestroyNotify) shl_bookmark_free);
  for (guint k = 0; from && k < from->len; k++)
    {
      const ShlBookmark *b = g_ptr_array_index (from, k);
      g_ptr_array_add (to, shl_bookmark_new (b->name, b->json));
    }
  return to;
}

void
shl_session_write_bookmarks (GString *s, const ShlSession *ss)
{
  if (!ss->bookmarks || ss->bookmarks->len == 0)
    return;
  g_string_append (s, "  \"bookmarks\": [");
  for (guint k = 0; k < ss->bookmarks->len; k++)
    {
      const ShlBookmark *b = g_ptr_array_index (ss->bookmarks, k);
      g_autoptr (JsonNode) name = json_node_init_string (json_node_alloc (), b->name);
      g_autofree char *quoted = shl_json_to_text (name);
      g_string_append_printf (s, "%s\n    {\"name\": %s, \"session\": %s}", k ? "," : "",
                              quoted, b->json);
    }
  g_string_append (s, "\n  ],\n");
}

static gboolean
bad (GError **error, const char *file, guint k, const char *what)
{
  g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "%s: field \"bookmarks[%u]\": %s", file, k, what);
  return FALSE;
}

gboolean
shl_session_read_bookmarks (ShlSession *ss, JsonNode *node, const char *file, GError **error)
{
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"bookmarks\": expected an array, found %s", file,
                   shl_json_node_kind (node));
      return FALSE;
    }
  JsonArray *a = json_node_get_array (node);
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) shl_bookmark_free);
  for (guint k = 0; k < json_array_get_length (a); k++)
    {
      JsonNode *e = json_array_get_element (a, k);
      if (!JSON_NODE_HOLDS_OBJECT (e))
        return bad (error, file, k, "expected an object with a name and a session");
      JsonObject *o = json_node_get_object (e);
      JsonNode *name = json_object_get_member (o, "name");
      JsonNode *sn = json_object_get_member (o, "session");
      if (!name || json_node_get_value_type (name) != G_TYPE_STRING)
        return bad (error, file, k, "field \"name\" is missing or not a string");
      if (!sn || !JSON_NODE_HOLDS_OBJECT (sn))
        return bad (error, file, k, "field \"session\" is missing or not an object");
      if (json_object_has_member (json_node_get_object (sn), "bookmarks"))
        return bad (error, file, k, "a bookmark's session has bookmarks of its own");
      g_autofree char *json = shl_json_to_text (sn);
      g_autofree char *where = g_strdup_printf ("%s: bookmarks[%u].session", file, k);
      g_autoptr (GError) local = NULL;
      g_autoptr (ShlSession) check = shl_session_from_json (json, -1, where, &local);
      if (!check)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_ptr_array_add (list, shl_bookmark_new (json_node_get_string (name), json));
    }
  g_clear_pointer (&ss->bookmarks, g_ptr_array_unref);
  ss->bookmarks = g_steal_pointer (&list);
  return TRUE;
}
