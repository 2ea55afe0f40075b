/* mutate.h: table-driven audits of the JSON loaders (header-only).
 *
 * Starting from a document the loader accepts, every member of every
 * object (found by walking the tree, so that no field is forgotten) is in
 * turn removed, and replaced by a value of each wrong type. The loader
 * must then either refuse with an error that names the field by its path
 * ("state.moment1", "init.network.a", ...) or accept the change because
 * the field is optional or takes that type (listed by the caller, with
 * the reason in a comment). Criticals are fatal in g_test programs, so a
 * loader that lets json-glib complain fails the audit. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "shl-json.h"

/* load text; TRUE on success, else FALSE with *error set */
typedef gboolean (*MutateLoader) (const char *text, GError **error);

typedef enum {
  MUTATE_REMOVE,
  MUTATE_STRING,
  MUTATE_NULL,
  MUTATE_BOOL,
  MUTATE_NUMBER,
  MUTATE_OBJECT,
  MUTATE_ARRAY,
  MUTATE_N_KINDS,
} MutateKind;

static const char *const mutate_kind_names[MUTATE_N_KINDS] = {
  "removed", "a string", "null", "a boolean", "a number", "an object",
  "an array of strings",
};

/* An exception: the loader may accept `kind` at `path` (a glob, as for
 * g_pattern_match_simple), or must refuse it naming `needle` instead of
 * the path (needle NULL: it accepts). */
typedef struct {
  const char *path;
  MutateKind  kind;      /* MUTATE_N_KINDS: every kind */
  const char *needle;
} MutateRule;

static JsonNode *
mutate_value (MutateKind kind, JsonNode *old)
{
  JsonNode *n = json_node_new (JSON_NODE_VALUE);
  switch (kind)
    {
    case MUTATE_STRING:
      json_node_set_string (n, "wrong");
      break;
    case MUTATE_NULL:
      json_node_init_null (n);
      break;
    case MUTATE_BOOL:
      /* likewise: a boolean where one belongs becomes the string "true" */
      if (JSON_NODE_HOLDS_VALUE (old)
          && json_node_get_value_type (old) == G_TYPE_BOOLEAN)
        json_node_set_string (n, "true");
      else
        json_node_set_boolean (n, TRUE);
      break;
    case MUTATE_NUMBER:
      /* a number where a number belongs is no mutation: a string then */
      if (JSON_NODE_HOLDS_VALUE (old)
          && (json_node_get_value_type (old) == G_TYPE_INT64
              || json_node_get_value_type (old) == G_TYPE_DOUBLE))
        json_node_set_string (n, "12");
      else
        json_node_set_double (n, 0.5);
      break;
    case MUTATE_OBJECT:
      {
        /* (json_node_init_object takes its own reference) */
        JsonObject *o = json_object_new ();
        json_node_init_object (n, o);
        json_object_unref (o);
      }
      break;
    case MUTATE_ARRAY:
      {
        JsonArray *a = json_array_new ();
        json_array_add_string_element (a, "x");
        json_array_add_string_element (a, "y");
        json_node_init_array (n, a);
        json_array_unref (a);
      }
      break;
    case MUTATE_REMOVE:
    case MUTATE_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  return n;
}

static const MutateRule *
mutate_rule (const MutateRule *rules, guint n_rules, const char *path,
             MutateKind kind)
{
  for (guint k = 0; k < n_rules; k++)
    if ((rules[k].kind == kind || rules[k].kind == MUTATE_N_KINDS)
        && g_pattern_match_simple (rules[k].path, path))
      return &rules[k];
  return NULL;
}

/* every object member's path below node (objects only: arrays are data) */
static void
mutate_collect (GPtrArray *paths, JsonNode *node, const char *prefix)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  JsonObject *o = json_node_get_object (node);
  g_autoptr (GList) members = json_object_get_members (o);
  for (GList *l = members; l; l = l->next)
    {
      const char *key = l->data;
      char *path = *prefix ? g_strdup_printf ("%s.%s", prefix, key)
                           : g_strdup (key);
      g_ptr_array_add (paths, path);
      mutate_collect (paths, json_object_get_member (o, key), path);
    }
}

/* the object holding path's last member, and that member's name */
static JsonObject *
mutate_parent (JsonNode *root, const char *path, const char **key)
{
  g_auto (GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *o = json_node_get_object (root);
  guint n = g_strv_length (parts);
  for (guint k = 0; k + 1 < n; k++)
    o = json_object_get_object_member (o, parts[k]);
  *key = path + strlen (path) - strlen (parts[n - 1]);
  return o;
}

/* Run the audit; returns the number of mutations tried. */
static guint
mutate_audit (const char *good, MutateLoader load, const MutateRule *rules,
              guint n_rules)
{
  g_autoptr (GError) err = NULL;
  g_assert_true (load (good, &err));
  g_assert_no_error (err);

  g_autoptr (JsonParser) p = json_parser_new ();
  g_assert_true (json_parser_load_from_data (p, good, -1, NULL));
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  mutate_collect (paths, json_parser_get_root (p), "");
  g_assert_cmpuint (paths->len, >, 0);

  guint tried = 0;
  for (guint k = 0; k < paths->len; k++)
    for (int kind = 0; kind < MUTATE_N_KINDS; kind++)
      {
        const char *path = g_ptr_array_index (paths, k);
        g_autoptr (JsonParser) q = json_parser_new ();
        g_assert_true (json_parser_load_from_data (q, good, -1, NULL));
        JsonNode *root = json_parser_get_root (q);
        const char *key;
        JsonObject *parent = mutate_parent (root, path, &key);
        if (kind == MUTATE_REMOVE)
          json_object_remove_member (parent, key);
        else
          json_object_set_member (parent, key,
                                  mutate_value ((MutateKind) kind,
                                                json_object_get_member (parent, key)));
        g_autofree char *text = shl_json_to_text (root);
        const MutateRule *rule = mutate_rule (rules, n_rules, path, (MutateKind) kind);
        g_autofree char *quoted = g_strdup_printf ("\"%s\"", path);
        const char *needle = rule ? rule->needle : quoted;

        g_clear_error (&err);
        gboolean ok = load (text, &err);
        tried++;
        if (!needle)
          {
            if (!ok)
              g_error ("%s %s: expected to be accepted, got: %s", path,
                       mutate_kind_names[kind], err->message);
            continue;
          }
        if (ok)
          g_error ("%s %s: accepted, expected an error naming %s", path,
                   mutate_kind_names[kind], needle);
        /* the field itself, an entry of it ("data.x[1]") or a member
         * ("data.domain" for data) */
        g_autofree char *entry = g_strdup_printf ("\"%s[", path);
        g_autofree char *member = g_strdup_printf ("\"%s.", path);
        if (!strstr (err->message, needle)
            && (rule || (!strstr (err->message, entry) && !strstr (err->message, member))))
          g_error ("%s %s: the error \"%s\" does not name %s", path,
                   mutate_kind_names[kind], err->message, needle);
        if (kind == MUTATE_REMOVE && !rule)
          {
            g_autofree char *missing = g_strdup_printf ("\"%s\" is missing", path);
            if (!strstr (err->message, missing))
              g_error ("%s removed: the error \"%s\" does not say %s", path,
                       err->message, missing);
          }
        if (strstr (err->message, "(null)"))
          g_error ("%s %s: \"(null)\" in \"%s\"", path,
                   mutate_kind_names[kind], err->message);
      }
  return tried;
}
