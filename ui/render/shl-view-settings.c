/* shl-view-settings.c: the session's "view" object, to and from JSON. */
#include "shl-view-settings.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "shl-io.h"
#include "shl-json.h"
#include "shl-number.h"
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

static const ShlName readout_entries[] = {
  { SHL_READOUT_NONE, "none", "none" },
  { SHL_READOUT_SUP, "sup", "functions apart (sup)" },
  { SHL_READOUT_W1INF, "w1inf", "derivatives apart (W¹˒∞)" },
  { SHL_READOUT_RAW, "raw", "parameters apart, as stored" },
  { SHL_READOUT_DSYM, "dsym", "parameters apart after the best symmetry (d_sym)" },
  { SHL_READOUT_DFIB, "dfib", "nearest parametrization of g (d_fib)" },
};
const ShlNameTable shl_readout_names = SHL_NAME_TABLE ("readout", readout_entries);

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
  v->preset[0] = '\0';
  v->preset_param = NAN;
  shl_view_recipe_init (&v->recipe);
}

/* the id of a value, or of the table's first entry when it has none */
static const char *
id_of (const ShlNameTable *table, int value)
{
  const ShlName *e = shl_name_by_value (table, value);
  return e ? e->id : table->entries[0].id;
}

static void
append_number (GString *s, double v)
{
  char buf[SHL_NUMBER_BUF];
  g_string_append_len (s, buf, (gssize) shl_number_format (buf, v, SHL_NUMBER_JSON));
}

/* a range as [lo, hi], or null when it is not set */
static void
append_range (GString *s, const char *key, const double *r)
{
  g_string_append_printf (s, ", \"%s\": ", key);
  if (!(isfinite (r[0]) && isfinite (r[1]) && r[0] < r[1]))
    {
      g_string_append (s, "null");
      return;
    }
  g_string_append_c (s, '[');
  append_number (s, r[0]);
  g_string_append (s, ", ");
  append_number (s, r[1]);
  g_string_append_c (s, ']');
}

static gboolean
range_set (const double *r)
{
  return isfinite (r[0]) && isfinite (r[1]) && r[0] < r[1];
}

static gboolean
recipe_is_default (const ShlViewRecipe *r)
{
  return !r->diff_view && !r->inset && !r->balance_log && !r->show_orbits
         && r->highlight == SHL_READOUT_NONE && !range_set (r->real_y)
         && !range_set (r->deriv_y) && !range_set (r->kink_x);
}

static void
append_recipe (GString *s, const ShlViewRecipe *r)
{
  g_string_append_printf (s, ", \"recipe\": {\"difference\": %s, \"inset\": %s, "
                          "\"balance_log\": %s, \"orbits\": %s, \"highlight\": \"%s\"",
                          r->diff_view ? "true" : "false", r->inset ? "true" : "false",
                          r->balance_log ? "true" : "false", r->show_orbits ? "true" : "false",
                          id_of (&shl_readout_names, r->highlight));
  append_range (s, "realization_y", r->real_y);
  append_range (s, "derivative_y", r->deriv_y);
  append_range (s, "kink_x", r->kink_x);
  g_string_append_c (s, '}');
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
    g_string_append_printf (s, "\"%s\"", shl_panel_id ((ShlPanelKind) v->maximized));
  else
    g_string_append (s, "null");
  /* the preset and the recipe only when set: a view without them reads
   * and writes as before they existed */
  if (v->preset[0] && isfinite (v->preset_param))
    {
      g_autofree char *id = g_strescape (v->preset, NULL);
      g_string_append_printf (s, ", \"preset\": {\"id\": \"%s\", \"param\": ", id);
      append_number (s, v->preset_param);
      g_string_append (s, "}");
    }
  if (!recipe_is_default (&v->recipe))
    append_recipe (s, &v->recipe);
  g_string_append (s, "}");
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
read_number (JsonNode *n, double *out)
{
  GType t = json_node_get_value_type (n);
  if (!JSON_NODE_HOLDS_VALUE (n) || (t != G_TYPE_DOUBLE && t != G_TYPE_INT64))
    return FALSE;
  double x = json_node_get_double (n);
  if (!isfinite (x))
    return FALSE;
  *out = x;
  return TRUE;
}

/* [lo, hi] with lo < hi, or null */
static gboolean
read_range (JsonNode *n, double *r)
{
  if (JSON_NODE_HOLDS_NULL (n))
    {
      r[0] = r[1] = NAN;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (n))
    return FALSE;
  JsonArray *a = json_node_get_array (n);
  double lo, hi;
  if (json_array_get_length (a) != 2 || !read_number (json_array_get_element (a, 0), &lo)
      || !read_number (json_array_get_element (a, 1), &hi) || !(lo < hi))
    return FALSE;
  r[0] = lo, r[1] = hi;
  return TRUE;
}

static gboolean
read_recipe (JsonObject *o, ShlViewRecipe *r)
{
  JsonNode *m;
  int k;
  if ((m = json_object_get_member (o, "difference")) && !read_bool (m, &r->diff_view))
    return FALSE;
  if ((m = json_object_get_member (o, "inset")) && !read_bool (m, &r->inset))
    return FALSE;
  if ((m = json_object_get_member (o, "balance_log")) && !read_bool (m, &r->balance_log))
    return FALSE;
  if ((m = json_object_get_member (o, "orbits")) && !read_bool (m, &r->show_orbits))
    return FALSE;
  if ((m = json_object_get_member (o, "highlight")))
    {
      if (!read_id (m, &shl_readout_names, &k))
        return FALSE;
      r->highlight = (ShlReadout) k;
    }
  if ((m = json_object_get_member (o, "realization_y")) && !read_range (m, r->real_y))
    return FALSE;
  if ((m = json_object_get_member (o, "derivative_y")) && !read_range (m, r->deriv_y))
    return FALSE;
  if ((m = json_object_get_member (o, "kink_x")) && !read_range (m, r->kink_x))
    return FALSE;
  return TRUE;
}

static gboolean
read_preset (JsonNode *n, ShlViewSettings *v)
{
  if (JSON_NODE_HOLDS_NULL (n))
    {
      v->preset[0] = '\0';
      v->preset_param = NAN;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return FALSE;
  JsonObject *o = json_node_get_object (n);
  JsonNode *id = json_object_get_member (o, "id"), *param = json_object_get_member (o, "param");
  double x;
  if (!id || json_node_get_value_type (id) != G_TYPE_STRING || !param || !read_number (param, &x))
    return FALSE;
  const char *s = json_node_get_string (id);
  if (strlen (s) == 0 || strlen (s) >= sizeof v->preset)
    return FALSE;
  g_strlcpy (v->preset, s, sizeof v->preset);
  v->preset_param = x;
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
  if ((n = json_object_get_member (o, "preset")) && !read_preset (n, v))
    return FALSE;
  if ((n = json_object_get_member (o, "recipe")))
    {
      if (!JSON_NODE_HOLDS_OBJECT (n) || !read_recipe (json_node_get_object (n), &v->recipe))
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
                   "maximized (a panel name or null), landscape {seed (a string), n (3..1001), span (> 0), directions (random, pca, orbit, twin), neuron}, "
                   "preset ({id, param} or null) and recipe {difference, inset, balance_log, orbits (true/false), "
                   "highlight (none, sup, w1inf, raw, dsym, dfib), realization_y, derivative_y, kink_x ([lo, hi] with lo < hi, or null)}");
      return FALSE;
    }
  return TRUE;
}
