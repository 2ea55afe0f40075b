/* shl-view-settings.c: the session's "view" object, to and from JSON. */
#include "shl-view-settings.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "shl-io.h"
#include "shl-json.h"
#include "shl-panels.h"

static const ShlName grad_entries[] = {
  { SHL_GRAD_NORM, "norm", "‖∇f‖" },
  { SHL_GRAD_X1, "x1", "∂f/∂x₁" },
  { SHL_GRAD_X2, "x2", "∂f/∂x₂" },
};
const ShlNameTable shl_grad_view_names = SHL_NAME_TABLE ("gradient view", grad_entries);

static const ShlName traj_entries[] = {
  { SHL_TRAJ_KINKS, "kinks", "Kinks and jumps" },
  { SHL_TRAJ_BALANCE, "balance", "Balance plane" },
  { SHL_TRAJ_CONSERVATION, "conservation", "Conservation hᵢ" },
  { SHL_TRAJ_DISTANCES, "distances", "Distance from the start" },
};
const ShlNameTable shl_traj_view_names = SHL_NAME_TABLE ("trajectory view", traj_entries);

void
shl_view_settings_init (ShlViewSettings *v)
{
  g_return_if_fail (v != NULL);
  memset (v, 0, sizeof *v);
  v->show_neurons = FALSE;
  v->grad_view = SHL_GRAD_NORM;
  v->landscape_seed = 1;
  v->landscape_n = 81;
  v->landscape_span = 1.0;
  v->maximized = -1;
  v->landscape_dirs = SHL_DIRS_RANDOM;
  v->orbit_neuron = 0;
  v->traj_view = SHL_TRAJ_KINKS;
  v->landscape_paths = FALSE;
}

/* the id of a value, or of the table's first entry when it has none */
static const char *
id_of (const ShlNameTable *table, int value)
{
  const ShlName *e = shl_name_by_value (table, value);
  return e ? e->id : table->entries[0].id;
}

char *
shl_view_settings_to_json (const ShlViewSettings *v)
{
  g_return_val_if_fail (v != NULL, NULL);
  GString *s = g_string_new (NULL);
  char span[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_dtostr (span, sizeof span, v->landscape_span);
  g_string_append_printf (s, "{\"show_neurons\": %s, \"grad_view\": \"%s\", "
                          "\"landscape\": {\"seed\": \"%" G_GUINT64_FORMAT "\", \"n\": %d, \"span\": %s, "
                          "\"directions\": \"%s\", \"neuron\": %d, \"paths\": %s, \"linear\": %s}, "
                          "\"trajectory\": \"%s\", \"maximized\": ",
                          v->show_neurons ? "true" : "false",
                          id_of (&shl_grad_view_names, v->grad_view),
                          v->landscape_seed, v->landscape_n, span,
                          id_of (&shl_dirs_names, v->landscape_dirs),
                          v->orbit_neuron, v->landscape_paths ? "true" : "false",
                          v->landscape_linear ? "true" : "false",
                          id_of (&shl_traj_view_names, v->traj_view));
  if (v->maximized >= 0 && v->maximized < SHL_N_PANELS)
    g_string_append_printf (s, "\"%s\"}", shl_panel_id ((ShlPanelKind) v->maximized));
  else
    g_string_append (s, "null}");
  return g_string_free (s, FALSE);
}

/* ---------------------------------------------------------- reading */

/* Each reader takes a member that is present and returns FALSE when it
 * has the wrong type or value (out is then unchanged). */

static gboolean
read_bool (JsonNode *n, gboolean *out)
{
  if (json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (n);
  return TRUE;
}

/* a string, one of a table's ids: its value */
static gboolean
read_id (JsonNode *n, const ShlNameTable *table, int *out)
{
  return json_node_get_value_type (n) == G_TYPE_STRING
         && shl_name_lookup (table, json_node_get_string (n), out);
}

static gboolean
read_landscape (JsonObject *l, ShlViewSettings *v)
{
  JsonNode *m;
  int k;
  if ((m = json_object_get_member (l, "seed")))
    {
      if (json_node_get_value_type (m) != G_TYPE_STRING
          || !g_ascii_string_to_unsigned (json_node_get_string (m), 10, 0, G_MAXUINT64,
                                          &v->landscape_seed, NULL))
        return FALSE;
    }
  if ((m = json_object_get_member (l, "n")))
    {
      if (json_node_get_value_type (m) != G_TYPE_INT64)
        return FALSE;
      gint64 nn = json_node_get_int (m);
      if (nn < 3 || nn > 1001)
        return FALSE;
      v->landscape_n = (int) nn;
    }
  if ((m = json_object_get_member (l, "directions")))
    {
      if (!read_id (m, &shl_dirs_names, &k))
        return FALSE;
      v->landscape_dirs = (ShlDirsKind) k;
    }
  if ((m = json_object_get_member (l, "linear")) && !read_bool (m, &v->landscape_linear))
    return FALSE;
  if ((m = json_object_get_member (l, "paths")) && !read_bool (m, &v->landscape_paths))
    return FALSE;
  if ((m = json_object_get_member (l, "neuron")))
    {
      if (json_node_get_value_type (m) != G_TYPE_INT64 || json_node_get_int (m) < 0)
        return FALSE;
      v->orbit_neuron = (int) json_node_get_int (m);
    }
  if ((m = json_object_get_member (l, "span")))
    {
      GType t = json_node_get_value_type (m);
      if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
        return FALSE;
      double sp = json_node_get_double (m);
      if (!(sp > 0 && sp < 1e6))
        return FALSE;
      v->landscape_span = sp;
    }
  return TRUE;
}

static gboolean
read_view (JsonObject *o, ShlViewSettings *v)
{
  JsonNode *n;
  int k;
  if ((n = json_object_get_member (o, "show_neurons")) && !read_bool (n, &v->show_neurons))
    return FALSE;
  if ((n = json_object_get_member (o, "grad_view")))
    {
      if (!read_id (n, &shl_grad_view_names, &k))
        return FALSE;
      v->grad_view = (ShlGradView) k;
    }
  if ((n = json_object_get_member (o, "trajectory")))
    {
      if (!read_id (n, &shl_traj_view_names, &k))
        return FALSE;
      v->traj_view = (ShlTrajView) k;
    }
  if ((n = json_object_get_member (o, "maximized")) && !JSON_NODE_HOLDS_NULL (n))
    {
      ShlPanelKind p;
      if (json_node_get_value_type (n) != G_TYPE_STRING || !shl_panel_from_id (json_node_get_string (n), &p))
        return FALSE;
      v->maximized = (int) p;
    }
  if ((n = json_object_get_member (o, "landscape")))
    {
      if (!JSON_NODE_HOLDS_OBJECT (n) || !read_landscape (json_node_get_object (n), v))
        return FALSE;
    }
  return TRUE;
}

gboolean
shl_view_settings_from_json (ShlViewSettings *v, const char *json, GError **error)
{
  g_return_val_if_fail (v != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  shl_view_settings_init (v);
  if (!json || !*json)
    return TRUE;
  g_autoptr (JsonParser) p = shl_json_parse_text (json, -1, "field \"view\"", error);
  if (!p)
    return FALSE;
  JsonNode *root = json_parser_get_root (p);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "field \"view\": expected an object");
      return FALSE;
    }
  if (!read_view (json_node_get_object (root), v))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "field \"view\": expected show_neurons (true/false), grad_view (\"norm\", \"x1\", \"x2\"), "
                   "maximized (a panel name or null) and landscape {seed (a string), n (3..1001), span (> 0), directions (random, pca, orbit, twin), neuron}");
      return FALSE;
    }
  return TRUE;
}
