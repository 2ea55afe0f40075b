/* shl-net-io.c: network files (JSON), written by shl_net_to_json_data:
 *
 *   {
 *     "format": "shallows-network",
 *     "version": 1,
 *     "input_dim": 1,
 *     "domain": [[-1, 1]],
 *     "a": [
 *       [1.0],
 *       [-1.0]
 *     ],
 *     "b": [0.0, 0.0],
 *     "c": [1.0, -1.0],
 *     "e": 0.0,
 *     "v": [0.0]
 *   }
 *
 * Reading rules:
 * - "format" must be the string "shallows-network"; it is checked first.
 * - "version" must be an integer; 1 is understood, a larger one fails with
 *   SHL_ERROR_VERSION before any other field is looked at.
 * - "input_dim" is the integer 1 or 2.
 * - "domain" has input_dim entries [lo, hi], lo < hi.
 * - "a" has one row per neuron (m rows, m >= 0, so "a": [] is width 0),
 *   each with input_dim numbers; "b" and "c" have m numbers; "e" is a
 *   number; "v" (optional, default zeros) has input_dim numbers.
 * - Numbers may be written as integers or decimals; they must be finite
 *   (a decimal such as 1e999 that overflows is rejected, and so is an
 *   integer literal that does not fit in 64 bits).
 * - Unknown fields are ignored (forward compatible).
 * - Rows and entries are counted from 1 in messages.
 *
 * Writing: numbers are written by the project's number writer
 * (shl-number.h: the shortest text that reads back to the same double, so
 * a save/load round trip is bit for bit), parameters always with a
 * decimal point or an exponent ("1.0", not "1"), and -0.0 as "-0.0"
 * (json-glib reads "-0" as the integer 0 and would lose the sign). */
#include "shl-io.h"
#include "shl-io-private.h"

#include <math.h>
#include <string.h>

#define FORMAT_NAME "shallows-network"
#define FORMAT_VERSION 1
#define MAX_WIDTH (1 << 24)

/* "format" (checked first) and "version" */
static gboolean
read_format_version (JsonObject *obj, const char *name, GError **error)
{
  JsonNode *node = json_object_get_member (obj, "format");
  if (!node)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"format\" is missing; this is not a Shallows "
                   "network file", name);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"format\": expected \"" FORMAT_NAME "\", "
                   "found %s", name, shl_json_node_kind (node));
      return FALSE;
    }
  if (g_strcmp0 (json_node_get_string (node), FORMAT_NAME) != 0)
    {
      g_autofree char *found = shl_io_quote_text (json_node_get_string (node), -1);
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"format\": expected \"" FORMAT_NAME "\", "
                   "found %s", name, found);
      return FALSE;
    }

  gint64 version;
  if (!(node = shl_json_require_member (obj, "version", name, error)))
    return FALSE;
  if (!shl_json_node_to_int (node, &version))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"version\": expected an integer, found %s",
                   name, shl_json_int_kind (node));
      return FALSE;
    }
  if (version > FORMAT_VERSION)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_VERSION,
                   "%s: version %" G_GINT64_FORMAT " is newer than this "
                   "Shallows understands (%d)", name, version,
                   FORMAT_VERSION);
      return FALSE;
    }
  if (version < 1)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"version\": %" G_GINT64_FORMAT " is not a "
                   "valid version (expected %d)", name, version,
                   FORMAT_VERSION);
      return FALSE;
    }
  return TRUE;
}

/* "input_dim": 1 or 2 */
static gboolean
read_input_dim (int *d, JsonObject *obj, const char *name, GError **error)
{
  gint64 d64;
  JsonNode *node = shl_json_require_member (obj, "input_dim", name, error);
  if (!node)
    return FALSE;
  if (!shl_json_node_to_int (node, &d64))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"input_dim\": expected the integer 1 or 2, "
                   "found %s", name, shl_json_int_kind (node));
      return FALSE;
    }
  if (d64 < 1 || d64 > SHL_MAX_DIM)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"input_dim\": expected 1 or 2, found %"
                   G_GINT64_FORMAT, name, d64);
      return FALSE;
    }
  *d = (int) d64;
  return TRUE;
}

/* one [lo, hi] pair of "domain" (entry j, counted from 0) */
static gboolean
read_domain_pair (double *lo, double *hi, JsonNode *pair, int j,
                  const char *name, GError **error)
{
  guint plen = json_array_get_length (json_node_get_array (pair));
  if (plen != 2)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"domain\": entry %d: expected [lo, hi], "
                   "found %u %s", name, j + 1, plen,
                   shl_io_plural (plen, "number", "numbers"));
      return FALSE;
    }
  JsonArray *pa = json_node_get_array (pair);
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *problem =
        shl_json_node_to_double (json_array_get_element (pa, k), k == 0 ? lo : hi);
      if (problem)
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s: field \"domain\": entry %d: %s: %s", name,
                       j + 1, k == 0 ? "lo" : "hi", problem);
          return FALSE;
        }
    }
  if (!(*lo < *hi))
    {
      g_autofree char *l = shl_io_format_double (*lo);
      g_autofree char *h = shl_io_format_double (*hi);
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"domain\": entry %d: lo = %s is not less "
                   "than hi = %s", name, j + 1, l, h);
      return FALSE;
    }
  return TRUE;
}

/* "domain": d pairs [lo, hi] */
static gboolean
read_domain (double *lo, double *hi, JsonObject *obj, int d, const char *name,
             GError **error)
{
  JsonNode *node = shl_json_require_member (obj, "domain", name, error);
  if (!node)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"domain\": expected an array of %d [lo, hi] "
                   "%s, found %s", name, d, shl_io_plural ((gsize) d, "pair", "pairs"),
                   shl_json_node_kind (node));
      return FALSE;
    }
  JsonArray *dom = json_node_get_array (node);
  /* catch a flat [lo, hi] before complaining about the count */
  for (guint k = 0; k < json_array_get_length (dom); k++)
    {
      JsonNode *pair = json_array_get_element (dom, k);
      if (!JSON_NODE_HOLDS_ARRAY (pair))
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s: field \"domain\": entry %u: expected [lo, hi], "
                       "found %s (write the domain as [[lo, hi]] in 1-D)",
                       name, k + 1, shl_json_node_kind (pair));
          return FALSE;
        }
    }
  if (json_array_get_length (dom) != (guint) d)
    {
      guint len = json_array_get_length (dom);
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"domain\": has %u %s, expected %d (input_dim)",
                   name, len, shl_io_plural (len, "entry", "entries"), d);
      return FALSE;
    }
  for (int j = 0; j < d; j++)
    if (!read_domain_pair (&lo[j], &hi[j], json_array_get_element (dom, (guint) j),
                           j, name, error))
      return FALSE;
  return TRUE;
}

/* the rows of "a" into net->a */
static gboolean
read_rows_of_a (ShlNet *net, JsonArray *rows, const char *name, GError **error)
{
  const int d = net->d;
  for (guint i = 0; i < (guint) net->m; i++)
    {
      JsonNode *row = json_array_get_element (rows, i);
      if (!JSON_NODE_HOLDS_ARRAY (row))
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s: field \"a\": row %u: expected an array of %d "
                       "%s, found %s", name, i + 1, d,
                       shl_io_plural ((gsize) d, "number", "numbers"),
                       shl_json_node_kind (row));
          return FALSE;
        }
      JsonArray *ra = json_node_get_array (row);
      guint len = json_array_get_length (ra);
      if (len != (guint) d)
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s: field \"a\": row %u has %u %s, expected %d "
                       "(input_dim)", name, i + 1, len,
                       shl_io_plural (len, "number", "numbers"), d);
          return FALSE;
        }
      for (guint j = 0; j < len; j++)
        {
          g_autofree char *problem =
            shl_json_node_to_double (json_array_get_element (ra, j),
                                     &net->a[(gsize) i * (gsize) d + j]);
          if (problem)
            {
              g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                           "%s: field \"a\": row %u, entry %u: %s", name,
                           i + 1, j + 1, problem);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* "a" (whose rows give the width), "b", "c", "e" and the optional "v" */
static ShlNet *
read_parameters (JsonObject *obj, int d, const double *lo, const double *hi,
                 const char *name, GError **error)
{
  JsonNode *node = shl_json_require_member (obj, "a", name, error);
  if (!node)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"a\": expected an array of rows (one per "
                   "neuron), found %s", name, shl_json_node_kind (node));
      return NULL;
    }
  JsonArray *rows = json_node_get_array (node);
  guint m = json_array_get_length (rows);
  if (m > MAX_WIDTH)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"a\": %u rows is more than the %d neurons "
                   "Shallows supports", name, m, MAX_WIDTH);
      return NULL;
    }
  g_autoptr (ShlNet) net = shl_net_new ((int) m, d, lo, hi);
  if (!net)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: out of memory for %u neurons", name, m);
      return NULL;
    }
  if (!read_rows_of_a (net, rows, name, error))
    return NULL;

  static const char *const rows_of_a = "the number of rows of \"a\"";
  if (!(node = shl_json_require_member (obj, "b", name, error))
      || !shl_json_read_number_array (net->b, node, "b", m, rows_of_a, name, error))
    return NULL;
  if (!(node = shl_json_require_member (obj, "c", name, error))
      || !shl_json_read_number_array (net->c, node, "c", m, rows_of_a, name, error))
    return NULL;
  if (!(node = shl_json_require_member (obj, "e", name, error)))
    return NULL;
  g_autofree char *problem = shl_json_node_to_double (node, net->e);
  if (problem)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "%s: field \"e\": %s",
                   name, problem);
      return NULL;
    }
  node = json_object_get_member (obj, "v");
  if (node && !shl_json_read_number_array (net->v, node, "v", (guint) d,
                                           "input_dim", name, error))
    return NULL;
  return g_steal_pointer (&net);
}

ShlNet *
shl_net_from_json_node (JsonNode *root, const char *name, GError **error)
{
  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: expected a JSON object at the top level, found %s",
                   name, shl_json_node_kind (root));
      return NULL;
    }
  JsonObject *obj = json_node_get_object (root);
  int d;
  double lo[SHL_MAX_DIM] = { -1.0, -1.0 }, hi[SHL_MAX_DIM] = { 1.0, 1.0 };
  if (!read_format_version (obj, name, error)
      || !read_input_dim (&d, obj, name, error)
      || !read_domain (lo, hi, obj, d, name, error))
    return NULL;
  return read_parameters (obj, d, lo, hi, name, error);
}

ShlNet *
shl_net_from_json_data (const char *text, gssize len, const char *name,
                        GError **error)
{
  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!name)
    name = "<data>";
  g_autoptr (JsonParser) parser = shl_json_parse_text (text, len, name, error);
  if (!parser)
    return NULL;
  return shl_net_from_json_node (json_parser_get_root (parser), name, error);
}

ShlNet *
shl_net_load_json (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gsize len = 0;
  g_autofree char *text = shl_io_read_file (path, &len, error);
  if (!text)
    return NULL;
  return shl_net_from_json_data (text, (gssize) len, path, error);
}

static void
append_number_list (GString *s, const double *v, gsize n)
{
  g_string_append_c (s, '[');
  for (gsize k = 0; k < n; k++)
    {
      if (k > 0)
        g_string_append (s, ", ");
      shl_io_append_double (s, v[k], TRUE);
    }
  g_string_append_c (s, ']');
}

char *
shl_net_to_json_data (const ShlNet *net)
{
  g_return_val_if_fail (net != NULL, NULL);
  if (!shl_net_is_finite (net))
    return NULL;
  for (int j = 0; j < net->d; j++)
    if (!isfinite (net->lo[j]) || !isfinite (net->hi[j]))
      return NULL;

  const gsize m = (gsize) net->m, d = (gsize) net->d;
  GString *s = g_string_sized_new (256 + net->n_params * 26);
  g_string_append (s, "{\n");
  g_string_append (s, "  \"format\": \"" FORMAT_NAME "\",\n");
  g_string_append_printf (s, "  \"version\": %d,\n", FORMAT_VERSION);
  g_string_append_printf (s, "  \"input_dim\": %d,\n", net->d);
  g_string_append (s, "  \"domain\": [");
  for (gsize j = 0; j < d; j++)
    {
      if (j > 0)
        g_string_append (s, ", ");
      g_string_append_c (s, '[');
      shl_io_append_double (s, net->lo[j], FALSE);
      g_string_append (s, ", ");
      shl_io_append_double (s, net->hi[j], FALSE);
      g_string_append_c (s, ']');
    }
  g_string_append (s, "],\n");

  if (m == 0)
    g_string_append (s, "  \"a\": [],\n");
  else
    {
      g_string_append (s, "  \"a\": [\n");
      for (gsize i = 0; i < m; i++)
        {
          g_string_append (s, "    ");
          append_number_list (s, net->a + i * d, d);
          g_string_append (s, i + 1 < m ? ",\n" : "\n");
        }
      g_string_append (s, "  ],\n");
    }
  g_string_append (s, "  \"b\": ");
  append_number_list (s, net->b, m);
  g_string_append (s, ",\n  \"c\": ");
  append_number_list (s, net->c, m);
  g_string_append (s, ",\n  \"e\": ");
  shl_io_append_double (s, *net->e, TRUE);
  g_string_append (s, ",\n  \"v\": ");
  append_number_list (s, net->v, d);
  g_string_append (s, "\n}\n");
  return g_string_free (s, FALSE);
}

gboolean
shl_net_save_json (const ShlNet *net, const char *path, GError **error)
{
  g_return_val_if_fail (net != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autofree char *text = shl_net_to_json_data (net);
  if (!text)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: not saved: the network has non-finite parameters, "
                   "which JSON cannot hold", path);
      return FALSE;
    }
  return shl_write_file_atomic (path, text, -1, error);
}
