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
#include <stdarg.h>
#include <string.h>

#define FORMAT_NAME "shallows-network"
#define FORMAT_VERSION 1
#define MAX_WIDTH (1 << 24)

/* Where a network is read: the file (for messages) and the path of the
 * network's object inside it ("" for a network file, "init.network" in a
 * session), so that a message names "init.network.a". */
typedef struct {
  const char *file;
  const char *prefix;
  GError    **error;
} Ctx;

/* the full path of a field of the network ("a", or "init.network.a") */
static char *
path_of (const Ctx *c, const char *field)
{
  if (!c->prefix || !*c->prefix)
    return g_strdup (field);
  return g_strdup_printf ("%s.%s", c->prefix, field);
}

static gboolean fail (const Ctx *c, ShlError code, const char *field,
                      const char *fmt, ...) G_GNUC_PRINTF (4, 5);

/* "FILE: field \"PATH\": MESSAGE" (field NULL: the network itself) */
static gboolean
fail (const Ctx *c, ShlError code, const char *field, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  if (field)
    {
      g_autofree char *path = path_of (c, field);
      g_set_error (c->error, SHL_ERROR, code, "%s: field \"%s\": %s", c->file,
                   path, msg);
    }
  else if (c->prefix && *c->prefix)
    g_set_error (c->error, SHL_ERROR, code, "%s: field \"%s\": %s", c->file,
                 c->prefix, msg);
  else
    g_set_error (c->error, SHL_ERROR, code, "%s: %s", c->file, msg);
  return FALSE;
}

/* obj's member field, or NULL and "field \"PATH\" is missing" */
static JsonNode *
require (const Ctx *c, JsonObject *obj, const char *field)
{
  JsonNode *node = json_object_get_member (obj, field);
  if (!node)
    {
      g_autofree char *path = path_of (c, field);
      g_set_error (c->error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"%s\" is missing", c->file, path);
    }
  return node;
}

/* node (may be NULL: missing) is an array of `expected` numbers */
static gboolean
read_numbers (const Ctx *c, double *out, JsonNode *node, const char *field,
              guint expected, const char *why)
{
  g_autofree char *path = path_of (c, field);
  return shl_json_read_number_array (out, node, path, expected, why, c->file,
                                     c->error);
}

/* "format" (checked first) and "version" */
static gboolean
read_format_version (const Ctx *c, JsonObject *obj)
{
  JsonNode *node = json_object_get_member (obj, "format");
  if (!node)
    {
      g_autofree char *path = path_of (c, "format");
      g_set_error (c->error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"%s\" is missing; this is not a Shallows "
                   "network", c->file, path);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (c, SHL_ERROR_FORMAT, "format",
                 "expected \"" FORMAT_NAME "\", found %s",
                 shl_json_node_kind (node));
  if (g_strcmp0 (json_node_get_string (node), FORMAT_NAME) != 0)
    {
      g_autofree char *found = shl_io_quote_text (json_node_get_string (node), -1);
      return fail (c, SHL_ERROR_FORMAT, "format",
                   "expected \"" FORMAT_NAME "\", found %s", found);
    }

  gint64 version;
  if (!(node = require (c, obj, "version")))
    return FALSE;
  if (!shl_json_node_to_int (node, &version))
    return fail (c, SHL_ERROR_FORMAT, "version",
                 "expected an integer, found %s", shl_json_int_kind (node));
  if (version > FORMAT_VERSION)
    {
      g_set_error (c->error, SHL_ERROR, SHL_ERROR_VERSION,
                   "%s: %s%s%sversion %" G_GINT64_FORMAT " is newer than this "
                   "Shallows understands (%d)", c->file,
                   c->prefix && *c->prefix ? "field \"" : "",
                   c->prefix && *c->prefix ? c->prefix : "",
                   c->prefix && *c->prefix ? "\": " : "", version,
                   FORMAT_VERSION);
      return FALSE;
    }
  if (version < 1)
    return fail (c, SHL_ERROR_FORMAT, "version",
                 "%" G_GINT64_FORMAT " is not a valid version (expected %d)",
                 version, FORMAT_VERSION);
  return TRUE;
}

/* "input_dim": 1 or 2 */
static gboolean
read_input_dim (const Ctx *c, int *d, JsonObject *obj)
{
  gint64 d64;
  JsonNode *node = require (c, obj, "input_dim");
  if (!node)
    return FALSE;
  if (!shl_json_node_to_int (node, &d64))
    return fail (c, SHL_ERROR_FORMAT, "input_dim",
                 "expected the integer 1 or 2, found %s",
                 shl_json_int_kind (node));
  if (d64 < 1 || d64 > SHL_MAX_DIM)
    return fail (c, SHL_ERROR_FORMAT, "input_dim",
                 "expected 1 or 2, found %" G_GINT64_FORMAT, d64);
  *d = (int) d64;
  return TRUE;
}

/* one [lo, hi] pair of "domain" (entry j, counted from 0) */
static gboolean
read_domain_pair (const Ctx *c, double *lo, double *hi, JsonNode *pair, int j)
{
  JsonArray *pa = json_node_get_array (pair);
  guint plen = json_array_get_length (pa);
  if (plen != 2)
    return fail (c, SHL_ERROR_FORMAT, "domain",
                 "entry %d: expected [lo, hi], found %u %s", j + 1, plen,
                 shl_io_plural (plen, "number", "numbers"));
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *problem =
        shl_json_node_to_double (json_array_get_element (pa, k), k == 0 ? lo : hi);
      if (problem)
        return fail (c, SHL_ERROR_FORMAT, "domain", "entry %d: %s: %s", j + 1,
                     k == 0 ? "lo" : "hi", problem);
    }
  g_autofree char *problem = shl_io_domain_problem (*lo, *hi);
  if (problem)
    return fail (c, SHL_ERROR_FORMAT, "domain", "entry %d: %s", j + 1,
                 problem);
  return TRUE;
}

/* "domain": d pairs [lo, hi] */
static gboolean
read_domain (const Ctx *c, double *lo, double *hi, JsonObject *obj, int d)
{
  JsonNode *node = require (c, obj, "domain");
  if (!node)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (c, SHL_ERROR_FORMAT, "domain",
                 "expected an array of %d [lo, hi] %s, found %s", d,
                 shl_io_plural ((gsize) d, "pair", "pairs"),
                 shl_json_node_kind (node));
  JsonArray *dom = json_node_get_array (node);
  /* catch a flat [lo, hi] before complaining about the count */
  for (guint k = 0; k < json_array_get_length (dom); k++)
    {
      JsonNode *pair = json_array_get_element (dom, k);
      if (!JSON_NODE_HOLDS_ARRAY (pair))
        return fail (c, SHL_ERROR_FORMAT, "domain",
                     "entry %u: expected [lo, hi], found %s (write the domain "
                     "as [[lo, hi]] in 1-D)", k + 1, shl_json_node_kind (pair));
    }
  guint len = json_array_get_length (dom);
  if (len != (guint) d)
    return fail (c, SHL_ERROR_FORMAT, "domain",
                 "has %u %s, expected %d (input_dim)", len,
                 shl_io_plural (len, "entry", "entries"), d);
  for (int j = 0; j < d; j++)
    if (!read_domain_pair (c, &lo[j], &hi[j],
                           json_array_get_element (dom, (guint) j), j))
      return FALSE;
  return TRUE;
}

/* the rows of "a" into net->a */
static gboolean
read_rows_of_a (const Ctx *c, ShlNet *net, JsonArray *rows)
{
  const int d = net->d;
  for (guint i = 0; i < (guint) net->m; i++)
    {
      JsonNode *row = json_array_get_element (rows, i);
      if (!JSON_NODE_HOLDS_ARRAY (row))
        return fail (c, SHL_ERROR_FORMAT, "a",
                     "row %u: expected an array of %d %s, found %s", i + 1, d,
                     shl_io_plural ((gsize) d, "number", "numbers"),
                     shl_json_node_kind (row));
      JsonArray *ra = json_node_get_array (row);
      guint len = json_array_get_length (ra);
      if (len != (guint) d)
        return fail (c, SHL_ERROR_FORMAT, "a",
                     "row %u has %u %s, expected %d (input_dim)", i + 1, len,
                     shl_io_plural (len, "number", "numbers"), d);
      for (guint j = 0; j < len; j++)
        {
          g_autofree char *problem =
            shl_json_node_to_double (json_array_get_element (ra, j),
                                     &net->a[(gsize) i * (gsize) d + j]);
          if (problem)
            return fail (c, SHL_ERROR_FORMAT, "a", "row %u, entry %u: %s",
                         i + 1, j + 1, problem);
        }
    }
  return TRUE;
}

/* "a" (whose rows give the width), "b", "c", "e" and the optional "v" */
static ShlNet *
read_parameters (const Ctx *c, JsonObject *obj, int d, const double *lo,
                 const double *hi)
{
  JsonNode *node = require (c, obj, "a");
  if (!node)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (c, SHL_ERROR_FORMAT, "a", "expected an array of rows (one per "
            "neuron), found %s", shl_json_node_kind (node));
      return NULL;
    }
  JsonArray *rows = json_node_get_array (node);
  guint m = json_array_get_length (rows);
  if (m > MAX_WIDTH)
    {
      fail (c, SHL_ERROR_FORMAT, "a", "%u rows is more than the %d neurons "
            "Shallows supports", m, MAX_WIDTH);
      return NULL;
    }
  g_autoptr (ShlNet) net = shl_net_new ((int) m, d, lo, hi);
  if (!net)
    {
      fail (c, SHL_ERROR_INVALID, NULL, "out of memory for %u neurons", m);
      return NULL;
    }
  if (!read_rows_of_a (c, net, rows))
    return NULL;

  static const char *const rows_of_a = "the number of rows of \"a\"";
  if (!(node = require (c, obj, "b"))
      || !read_numbers (c, net->b, node, "b", m, rows_of_a))
    return NULL;
  if (!(node = require (c, obj, "c"))
      || !read_numbers (c, net->c, node, "c", m, rows_of_a))
    return NULL;
  if (!(node = require (c, obj, "e")))
    return NULL;
  g_autofree char *problem = shl_json_node_to_double (node, net->e);
  if (problem)
    {
      fail (c, SHL_ERROR_FORMAT, "e", "%s", problem);
      return NULL;
    }
  node = json_object_get_member (obj, "v");
  if (node && !read_numbers (c, net->v, node, "v", (guint) d, "input_dim"))
    return NULL;
  return g_steal_pointer (&net);
}

ShlNet *
shl_net_from_json_member (JsonNode *root, const char *file, const char *path,
                          GError **error)
{
  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (file != NULL, NULL);
  Ctx c = { file, path, error };
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      if (path && *path)
        fail (&c, SHL_ERROR_FORMAT, NULL, "expected a network (an object), "
              "found %s", shl_json_node_kind (root));
      else
        fail (&c, SHL_ERROR_FORMAT, NULL, "expected a JSON object at the top "
              "level, found %s", shl_json_node_kind (root));
      return NULL;
    }
  JsonObject *obj = json_node_get_object (root);
  int d = 1;
  double lo[SHL_MAX_DIM] = { -1.0, -1.0 }, hi[SHL_MAX_DIM] = { 1.0, 1.0 };
  if (!read_format_version (&c, obj)
      || !read_input_dim (&c, &d, obj)
      || !read_domain (&c, lo, hi, obj, d))
    return NULL;
  return read_parameters (&c, obj, d, lo, hi);
}

ShlNet *
shl_net_from_json_node (JsonNode *root, const char *name, GError **error)
{
  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return shl_net_from_json_member (root, name, NULL, error);
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
    {
      g_autofree char *problem = shl_io_domain_problem (net->lo[j], net->hi[j]);
      if (problem)
        return NULL;
    }

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
  if (!text && !shl_net_is_finite (net))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: not saved: the network has non-finite parameters, "
                   "which JSON cannot hold", path);
      return FALSE;
    }
  if (!text)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: not saved: its domain would not load back (not "
                   "finite, too wide or too narrow)", path);
      return FALSE;
    }
  return shl_write_file_atomic (path, text, -1, error);
}
