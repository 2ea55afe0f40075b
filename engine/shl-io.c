/* shl-io.c: network files (JSON) and data files (CSV).
 *
 * Network files (JSON, written by shl_net_to_json_data):
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
 * Writing: numbers are printed with the fewest of 15, 16 or 17 significant
 * digits that read back to the same double (so a save/load round trip is
 * bit for bit), parameters always with a decimal point or an exponent
 * ("1.0", not "1"), and -0.0 as "-0.0" (json-glib reads "-0" as the
 * integer 0 and would lose the sign).
 *
 * Data files (CSV, written by shl_data_save_csv):
 *
 *   # Shallows data set: 2 samples, 1-D, regression
 *   # task: regression
 *   # domain: -1 1
 *   x,y
 *   0.5,0.25
 *   -0.25,0.0625
 *
 * Reading rules:
 * - Lines end in LF or CRLF; a leading UTF-8 byte-order mark is skipped;
 *   whitespace around every field is ignored; blank lines and lines whose
 *   first non-blank character is '#' are skipped anywhere.
 * - The first other line is the header, "x,y" (d = 1) or "x1,x2,y"
 *   (d = 2); every later line is a data row with exactly d + 1 fields.
 * - Numbers are read with g_ascii_strtod and the whole field must be
 *   consumed; nan and inf (and overflowing values) are rejected.
 * - Two directive comments are understood, "# key: value" with the key
 *   case-insensitive; they must come before the first data row and may
 *   appear once each:
 *     "# domain: lo hi" (1-D) or "# domain: lo1 hi1 lo2 hi2" (2-D) sets the
 *       domain; every point must lie inside it (closed box);
 *     "# task: classification" or "# task: regression" (the default); with
 *       classification every y must be exactly 0 or 1.
 *   Other comments are ignored.
 * - Without "# domain:" the domain is [-1, 1]^d widened to the bounding
 *   box of the points.
 * - At least one data row is required.
 * - Error codes: SHL_ERROR_PARSE for malformed rows (wrong number of
 *   fields, a field that is not a number, a malformed directive),
 *   SHL_ERROR_FORMAT for well-formed input that is not acceptable (bad
 *   header, non-finite values, points outside the domain, labels that are
 *   not 0/1, lo >= hi, no rows).
 *
 * Writing: the two directives, the header, then one row per sample with
 * the same shortest round-trip number format. Data that would not load
 * back (no rows, non-finite values, points outside the domain, non-binary
 * labels with the classification flag) is refused with SHL_ERROR_INVALID.
 *
 * All writes go through shl_write_file_atomic (g_file_set_contents:
 * temporary file in the same directory, then rename). */
#include "shl-io.h"
#include "shl-io-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "shl-check.h"
#include "shl-number.h"

G_DEFINE_QUARK (shl-error-quark, shl_error)

static void
check_to_glib_log (const char *func, const char *expr)
{
  g_log ("Shallows-Engine", G_LOG_LEVEL_CRITICAL, "%s: assertion '%s' failed",
         func, expr);
}

void
shl_check_use_glib_log (void)
{
  shl_check_set_handler (check_to_glib_log);
}


#define FORMAT_NAME "shallows-network"
#define FORMAT_VERSION 1
#define MAX_FILE_SIZE (512u * 1024u * 1024u)
#define MAX_WIDTH (1 << 24)

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* A double as the project writes every number (shl-number.h). With
 * force_float, an integral-looking result gets ".0" appended. */
static void
append_double (GString *s, double x, gboolean force_float)
{
  char buf[SHL_NUMBER_BUF];
  shl_number_format (buf, x, force_float ? SHL_NUMBER_FLOAT : SHL_NUMBER_DEFAULT);
  g_string_append (s, buf);
}

/* The text append_double would write; g_free it. */
static char *
format_double (double x)
{
  GString *s = g_string_new (NULL);
  append_double (s, x, FALSE);
  return g_string_free (s, FALSE);
}

/* A short, printable, quoted excerpt of user text for messages. */
static char *
quote_text (const char *text, gssize len)
{
  g_autofree char *valid = g_utf8_make_valid (text, len);
  glong n = g_utf8_strlen (valid, -1);
  g_autofree char *cut = g_utf8_substring (valid, 0, MIN (n, 40));
  for (char *p = cut; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = '?';
  return g_strdup_printf ("\"%s%s\"", cut, n > 40 ? "…" : "");
}

static const char *
plural (gsize n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

static char *
read_whole_file (const char *path, gsize *len_out, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SHL_ERROR, SHL_ERROR_IO, "%s: cannot open: %s",
                   path, g_strerror (saved));
      return NULL;
    }

  g_autoptr (GByteArray) buf = g_byte_array_new ();
  guint8 chunk[16384];
  for (;;)
    {
      gssize r = read (fd, chunk, sizeof chunk);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int saved = errno;
          close (fd);
          g_set_error (error, SHL_ERROR, SHL_ERROR_IO, "%s: cannot read: %s",
                       path, g_strerror (saved));
          return NULL;
        }
      if (r == 0)
        break;
      if (buf->len + (gsize) r > MAX_FILE_SIZE)
        {
          close (fd);
          g_set_error (error, SHL_ERROR, SHL_ERROR_IO,
                       "%s: cannot read: the file is larger than %u MiB",
                       path, MAX_FILE_SIZE / (1024u * 1024u));
          return NULL;
        }
      g_byte_array_append (buf, chunk, (guint) r);
    }
  close (fd);

  *len_out = buf->len;
  g_byte_array_append (buf, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&buf), FALSE);
}

static int
errno_from_file_error (int code)
{
  switch (code)
    {
    case G_FILE_ERROR_EXIST: return EEXIST;
    case G_FILE_ERROR_ISDIR: return EISDIR;
    case G_FILE_ERROR_ACCES: return EACCES;
    case G_FILE_ERROR_NAMETOOLONG: return ENAMETOOLONG;
    case G_FILE_ERROR_NOENT: return ENOENT;
    case G_FILE_ERROR_NOTDIR: return ENOTDIR;
    case G_FILE_ERROR_ROFS: return EROFS;
    case G_FILE_ERROR_LOOP: return ELOOP;
    case G_FILE_ERROR_NOSPC: return ENOSPC;
    case G_FILE_ERROR_NOMEM: return ENOMEM;
    case G_FILE_ERROR_MFILE: return EMFILE;
    case G_FILE_ERROR_NFILE: return ENFILE;
    case G_FILE_ERROR_PERM: return EPERM;
    case G_FILE_ERROR_IO: return EIO;
    default: return 0;
    }
}

gboolean
shl_write_file_atomic (const char *path, const char *contents, gssize len,
                       GError **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (len < 0)
    len = (gssize) strlen (contents);
  g_autoptr (GError) local = NULL;
  if (g_file_set_contents_full (path, contents ? contents : "", len,
                                G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local))
    return TRUE;

  /* GLib's message names the temporary file; name the user's path. */
  int err = local->domain == G_FILE_ERROR
              ? errno_from_file_error (local->code) : 0;
  if (err != 0)
    g_set_error (error, SHL_ERROR, SHL_ERROR_IO, "%s: cannot write: %s",
                 path, g_strerror (err));
  else
    g_set_error (error, SHL_ERROR, SHL_ERROR_IO, "%s: cannot write: %s",
                 path, local->message);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Network files                                                       */

static const char *
node_kind (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  GType t = json_node_get_value_type (node);
  if (t == G_TYPE_INT64 || t == G_TYPE_DOUBLE)
    return "a number";
  if (t == G_TYPE_BOOLEAN)
    return "a boolean";
  if (t == G_TYPE_STRING)
    return "a string";
  return "a value of an unknown type";
}

/* NULL on success; otherwise what is wrong with the node (g_free it). */
static char *
node_to_double (JsonNode *node, double *out)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType t = json_node_get_value_type (node);
      if (t == G_TYPE_INT64)
        {
          *out = (double) json_node_get_int (node);
          return NULL;
        }
      if (t == G_TYPE_DOUBLE)
        {
          double v = json_node_get_double (node);
          if (!isfinite (v))
            return g_strdup ("the number is too large (not finite)");
          *out = v;
          return NULL;
        }
    }
  return g_strdup_printf ("expected a number, found %s", node_kind (node));
}

/* what a node that should have been an integer is */
static const char *
int_kind (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return "a number with a decimal point or an exponent";
  return node_kind (node);
}

static gboolean
node_to_int (JsonNode *node, gint64 *out)
{
  if (JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  return FALSE;
}

static JsonNode *
require_member (JsonObject *obj, const char *field, const char *name,
                GError **error)
{
  JsonNode *node = json_object_get_member (obj, field);
  if (!node)
    g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                 "%s: field \"%s\" is missing", name, field);
  return node;
}

/* field must be an array of exactly `expected` numbers (why says where
 * that count comes from); they go to out. */
static gboolean
read_number_array (double *out, JsonNode *node, const char *field,
                   guint expected, const char *why, const char *name,
                   GError **error)
{
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"%s\": expected an array of numbers, found %s",
                   name, field, node_kind (node));
      return FALSE;
    }
  JsonArray *arr = json_node_get_array (node);
  guint len = json_array_get_length (arr);
  if (len != expected)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"%s\": has %u %s, expected %u (%s)", name,
                   field, len, plural (len, "entry", "entries"), expected,
                   why);
      return FALSE;
    }
  for (guint k = 0; k < len; k++)
    {
      g_autofree char *problem =
        node_to_double (json_array_get_element (arr, k), &out[k]);
      if (problem)
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s: field \"%s\": entry %u: %s", name, field, k + 1,
                       problem);
          return FALSE;
        }
    }
  return TRUE;
}

static ShlNet *
net_from_root (JsonNode *root, const char *name, GError **error)
{
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: expected a JSON object at the top level, found %s",
                   name, node_kind (root));
      return NULL;
    }
  JsonObject *obj = json_node_get_object (root);
  JsonNode *node;

  /* "format" */
  node = json_object_get_member (obj, "format");
  if (!node)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"format\" is missing; this is not a Shallows "
                   "network file", name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"format\": expected \"" FORMAT_NAME "\", "
                   "found %s", name, node_kind (node));
      return NULL;
    }
  if (g_strcmp0 (json_node_get_string (node), FORMAT_NAME) != 0)
    {
      g_autofree char *found = quote_text (json_node_get_string (node), -1);
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"format\": expected \"" FORMAT_NAME "\", "
                   "found %s", name, found);
      return NULL;
    }

  /* "version" */
  gint64 version;
  if (!(node = require_member (obj, "version", name, error)))
    return NULL;
  if (!node_to_int (node, &version))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"version\": expected an integer, found %s",
                   name, int_kind (node));
      return NULL;
    }
  if (version > FORMAT_VERSION)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_VERSION,
                   "%s: version %" G_GINT64_FORMAT " is newer than this "
                   "Shallows understands (%d)", name, version,
                   FORMAT_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"version\": %" G_GINT64_FORMAT " is not a "
                   "valid version (expected %d)", name, version,
                   FORMAT_VERSION);
      return NULL;
    }

  /* "input_dim" */
  gint64 d64;
  if (!(node = require_member (obj, "input_dim", name, error)))
    return NULL;
  if (!node_to_int (node, &d64))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"input_dim\": expected the integer 1 or 2, "
                   "found %s", name, int_kind (node));
      return NULL;
    }
  if (d64 < 1 || d64 > SHL_MAX_DIM)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"input_dim\": expected 1 or 2, found %"
                   G_GINT64_FORMAT, name, d64);
      return NULL;
    }
  const int d = (int) d64;

  /* "domain" */
  double lo[SHL_MAX_DIM] = { -1.0, -1.0 }, hi[SHL_MAX_DIM] = { 1.0, 1.0 };
  if (!(node = require_member (obj, "domain", name, error)))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"domain\": expected an array of %d [lo, hi] "
                   "%s, found %s", name, d, plural ((gsize) d, "pair", "pairs"),
                   node_kind (node));
      return NULL;
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
                       name, k + 1, node_kind (pair));
          return NULL;
        }
    }
  if (json_array_get_length (dom) != (guint) d)
    {
      guint len = json_array_get_length (dom);
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"domain\": has %u %s, expected %d (input_dim)",
                   name, len, plural (len, "entry", "entries"), d);
      return NULL;
    }
  for (int j = 0; j < d; j++)
    {
      JsonNode *pair = json_array_get_element (dom, (guint) j);
      guint plen = json_array_get_length (json_node_get_array (pair));
      if (plen != 2)
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s: field \"domain\": entry %d: expected [lo, hi], "
                       "found %u %s", name, j + 1, plen,
                       plural (plen, "number", "numbers"));
          return NULL;
        }
      JsonArray *pa = json_node_get_array (pair);
      for (guint k = 0; k < 2; k++)
        {
          g_autofree char *problem =
            node_to_double (json_array_get_element (pa, k),
                            k == 0 ? &lo[j] : &hi[j]);
          if (problem)
            {
              g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                           "%s: field \"domain\": entry %d: %s: %s", name,
                           j + 1, k == 0 ? "lo" : "hi", problem);
              return NULL;
            }
        }
      if (!(lo[j] < hi[j]))
        {
          g_autofree char *l = format_double (lo[j]);
          g_autofree char *h = format_double (hi[j]);
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s: field \"domain\": entry %d: lo = %s is not less "
                       "than hi = %s", name, j + 1, l, h);
          return NULL;
        }
    }

  /* "a" */
  if (!(node = require_member (obj, "a", name, error)))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"a\": expected an array of rows (one per "
                   "neuron), found %s", name, node_kind (node));
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
  for (guint i = 0; i < m; i++)
    {
      JsonNode *row = json_array_get_element (rows, i);
      if (!JSON_NODE_HOLDS_ARRAY (row))
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s: field \"a\": row %u: expected an array of %d "
                       "%s, found %s", name, i + 1, d,
                       plural ((gsize) d, "number", "numbers"),
                       node_kind (row));
          return NULL;
        }
      JsonArray *ra = json_node_get_array (row);
      guint len = json_array_get_length (ra);
      if (len != (guint) d)
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s: field \"a\": row %u has %u %s, expected %d "
                       "(input_dim)", name, i + 1, len,
                       plural (len, "number", "numbers"), d);
          return NULL;
        }
      for (guint j = 0; j < len; j++)
        {
          g_autofree char *problem =
            node_to_double (json_array_get_element (ra, j),
                            &net->a[(gsize) i * (gsize) d + j]);
          if (problem)
            {
              g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                           "%s: field \"a\": row %u, entry %u: %s", name,
                           i + 1, j + 1, problem);
              return NULL;
            }
        }
    }

  /* "b", "c" */
  static const char *const rows_of_a = "the number of rows of \"a\"";
  if (!(node = require_member (obj, "b", name, error))
      || !read_number_array (net->b, node, "b", m, rows_of_a, name, error))
    return NULL;
  if (!(node = require_member (obj, "c", name, error))
      || !read_number_array (net->c, node, "c", m, rows_of_a, name, error))
    return NULL;

  /* "e" */
  if (!(node = require_member (obj, "e", name, error)))
    return NULL;
  g_autofree char *problem = node_to_double (node, net->e);
  if (problem)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "%s: field \"e\": %s",
                   name, problem);
      return NULL;
    }

  /* "v" (optional) */
  node = json_object_get_member (obj, "v");
  if (node && !read_number_array (net->v, node, "v", (guint) d,
                                  "input_dim", name, error))
    return NULL;

  return g_steal_pointer (&net);
}

/* json-glib silently wraps integer literals that do not fit in 64 bits;
 * find them first. Strings are skipped; line and column count from 1. */
static gboolean
check_integer_literals (const char *text, gsize len, const char *name,
                        GError **error)
{
  guint line = 1, col = 1;
  gsize i = 0;
  while (i < len)
    {
      char ch = text[i];
      if (ch == '"')
        {
          i++, col++;
          while (i < len && text[i] != '"')
            {
              if (text[i] == '\\' && i + 1 < len)
                i++, col++;
              if (text[i] == '\n')
                line++, col = 1;
              else
                col++;
              i++;
            }
          i++, col++;
          continue;
        }
      if (ch == '-' || g_ascii_isdigit (ch))
        {
          gsize start = i;
          guint start_col = col;
          gboolean integral = TRUE;
          while (i < len && (g_ascii_isdigit (text[i]) || text[i] == '-'
                             || text[i] == '+' || text[i] == '.'
                             || text[i] == 'e' || text[i] == 'E'))
            {
              if (text[i] == '.' || text[i] == 'e' || text[i] == 'E'
                  || text[i] == '+')
                integral = FALSE;
              i++, col++;
            }
          if (integral)
            {
              g_autofree char *tok = g_strndup (text + start, i - start);
              errno = 0;
              g_ascii_strtoll (tok, NULL, 10);
              if (errno == ERANGE)
                {
                  g_autofree char *q = quote_text (tok, -1);
                  g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                               "%s:%u:%u: the integer %s does not fit in 64 "
                               "bits; write it with an exponent (like 1e30)",
                               name, line, start_col, q);
                  return FALSE;
                }
            }
          continue;
        }
      if (ch == '\n')
        line++, col = 1;
      else
        col++;
      i++;
    }
  return TRUE;
}

JsonParser *
shl_json_parse_text (const char *text, gssize len, const char *name,
                     GError **error)
{
  if (!name)
    name = "<data>";
  if (!text)
    text = "";
  gsize n = len < 0 ? strlen (text) : (gsize) len;

  gboolean blank = TRUE;
  for (gsize k = 0; k < n && blank; k++)
    if (!g_ascii_isspace (text[k]))
      blank = FALSE;
  if (blank)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                   "%s: the file is empty (expected a JSON object)", name);
      return NULL;
    }
  if (memchr (text, '\0', n))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                   "%s: contains a NUL byte; this is not a JSON text file",
                   name);
      return NULL;
    }
  if (!check_integer_literals (text, n, name, error))
    return NULL;

  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;
  if (!json_parser_load_from_data (parser, text, (gssize) n, &local))
    {
      /* "<data>:3:7: Parse error: ..." -> "net.json:3:7: Parse error: ..." */
      const char *msg = local->message;
      if (g_str_has_prefix (msg, "<data>:"))
        g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE, "%s%s", name,
                     msg + strlen ("<data>"));
      else
        g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE, "%s: %s", name, msg);
      return NULL;
    }
  JsonNode *root = json_parser_get_root (parser);
  if (!root)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                   "%s: the file is empty (expected a JSON object)", name);
      return NULL;
    }
  return g_steal_pointer (&parser);
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
  return net_from_root (json_parser_get_root (parser), name, error);
}

ShlNet *
shl_net_load_json (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gsize len = 0;
  g_autofree char *text = read_whole_file (path, &len, error);
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
      append_double (s, v[k], TRUE);
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
      append_double (s, net->lo[j], FALSE);
      g_string_append (s, ", ");
      append_double (s, net->hi[j], FALSE);
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
  append_double (s, *net->e, TRUE);
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

/* ------------------------------------------------------------------ */
/* Data files                                                          */

static const char *const field_names[SHL_MAX_DIM][SHL_MAX_DIM + 1] = {
  { "x", "y", NULL },
  { "x1", "x2", "y" },
};
static const char *const headers[SHL_MAX_DIM] = { "x,y", "x1,x2,y" };

/* Parse a whole trimmed field as a double: 0 ok, 1 not a number,
 * 2 not finite. */
static int
parse_field (const char *field, double *out)
{
  if (*field == '\0')
    return 1;
  char *end = NULL;
  double v = g_ascii_strtod (field, &end);
  if (end == field || *end != '\0')
    return 1;
  if (!isfinite (v))
    return 2;
  *out = v;
  return 0;
}

typedef struct {
  const char *name;
  int         d;               /* 0 until the header is read */
  guint       header_line;
  guint       domain_line;     /* 0 when there is none */
  int         domain_dim;
  double      lo[SHL_MAX_DIM];
  double      hi[SHL_MAX_DIM];
  guint       task_line;
  gboolean    classification;
  GArray     *x;               /* (n, d) doubles */
  GArray     *y;               /* (n) doubles */
} CsvState;

static gboolean
check_domain_dim (CsvState *st, GError **error)
{
  if (st->d == 0 || st->domain_line == 0 || st->domain_dim == st->d)
    return TRUE;
  g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
               "%s:%u: \"# domain:\" gives %d %s but the header \"%s\" "
               "(line %u) is %d-D", st->name, st->domain_line, st->domain_dim,
               plural ((gsize) st->domain_dim, "dimension", "dimensions"),
               headers[st->d - 1], st->header_line, st->d);
  return FALSE;
}

/* A comment line (starting with '#'); directives are applied. */
static gboolean
csv_comment (CsvState *st, const char *line, guint lineno, GError **error)
{
  const char *p = line + 1;
  while (*p == ' ' || *p == '\t')
    p++;
  const char *key = p;
  while (g_ascii_isalpha (*p))
    p++;
  gsize key_len = (gsize) (p - key);
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != ':')
    return TRUE;
  p++;

  gboolean is_domain = key_len == 6 && g_ascii_strncasecmp (key, "domain", 6) == 0;
  gboolean is_task = key_len == 4 && g_ascii_strncasecmp (key, "task", 4) == 0;
  if (!is_domain && !is_task)
    return TRUE;
  const char *what = is_domain ? "domain" : "task";

  if (st->y->len > 0)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s:%u: \"# %s:\" must come before the first data row",
                   st->name, lineno, what);
      return FALSE;
    }
  guint previous = is_domain ? st->domain_line : st->task_line;
  if (previous != 0)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s:%u: a second \"# %s:\" comment (the first is on line "
                   "%u)", st->name, lineno, what, previous);
      return FALSE;
    }

  g_autofree char *value = g_strstrip (g_strdup (p));
  if (is_task)
    {
      if (g_ascii_strcasecmp (value, "classification") == 0)
        st->classification = TRUE;
      else if (g_ascii_strcasecmp (value, "regression") == 0)
        st->classification = FALSE;
      else
        {
          g_autofree char *q = quote_text (value, -1);
          g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                       "%s:%u: \"# task:\": unknown task %s (expected "
                       "classification or regression)", st->name, lineno, q);
          return FALSE;
        }
      st->task_line = lineno;
      return TRUE;
    }

  g_auto (GStrv) words = g_strsplit_set (value, " \t", -1);
  double v[2 * SHL_MAX_DIM];
  guint count = 0;
  for (guint k = 0; words[k]; k++)
    {
      if (words[k][0] == '\0')
        continue;
      double t = 0.0;
      int r = parse_field (words[k], &t);
      if (r != 0)
        {
          g_autofree char *q = quote_text (words[k], -1);
          g_set_error (error, SHL_ERROR,
                       r == 1 ? SHL_ERROR_PARSE : SHL_ERROR_FORMAT,
                       "%s:%u: \"# domain:\": %s is not %s", st->name, lineno,
                       q, r == 1 ? "a number" : "a finite number");
          return FALSE;
        }
      if (count < G_N_ELEMENTS (v))
        v[count] = t;
      count++;
    }
  if (count != 2 && count != 4)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                   "%s:%u: \"# domain:\" expects \"lo hi\" (1-D) or "
                   "\"lo1 hi1 lo2 hi2\" (2-D), found %u %s", st->name, lineno,
                   count, plural (count, "number", "numbers"));
      return FALSE;
    }
  st->domain_dim = (int) count / 2;
  for (int j = 0; j < st->domain_dim; j++)
    {
      if (!(v[2 * j] < v[2 * j + 1]))
        {
          g_autofree char *l = format_double (v[2 * j]);
          g_autofree char *h = format_double (v[2 * j + 1]);
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s:%u: \"# domain:\": lo = %s is not less than "
                       "hi = %s", st->name, lineno, l, h);
          return FALSE;
        }
      st->lo[j] = v[2 * j];
      st->hi[j] = v[2 * j + 1];
    }
  st->domain_line = lineno;
  return check_domain_dim (st, error);
}

static gboolean
csv_header (CsvState *st, const char *line, guint lineno, GError **error)
{
  g_auto (GStrv) fields = g_strsplit (line, ",", -1);
  guint nf = g_strv_length (fields);
  for (guint k = 0; k < nf; k++)
    g_strstrip (fields[k]);
  for (int d = 1; d <= SHL_MAX_DIM; d++)
    {
      if (nf != (guint) d + 1)
        continue;
      gboolean match = TRUE;
      for (int k = 0; k <= d; k++)
        if (g_strcmp0 (fields[k], field_names[d - 1][k]) != 0)
          match = FALSE;
      if (match)
        {
          st->d = d;
          st->header_line = lineno;
          return check_domain_dim (st, error);
        }
    }
  g_autofree char *q = quote_text (line, -1);
  g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
               "%s:%u: expected a header \"x,y\" or \"x1,x2,y\", found %s",
               st->name, lineno, q);
  return FALSE;
}

static gboolean
csv_row (CsvState *st, const char *line, guint lineno, GError **error)
{
  const int d = st->d;
  g_auto (GStrv) fields = g_strsplit (line, ",", -1);
  guint nf = g_strv_length (fields);
  if (nf != (guint) d + 1)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                   "%s:%u: expected %d fields (%s), found %u", st->name,
                   lineno, d + 1, headers[d - 1], nf);
      return FALSE;
    }
  double v[SHL_MAX_DIM + 1];
  for (int k = 0; k <= d; k++)
    {
      const char *fname = field_names[d - 1][k];
      char *f = g_strstrip (fields[k]);
      int r = parse_field (f, &v[k]);
      if (r == 1 && *f == '\0')
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                       "%s:%u: field \"%s\" is empty", st->name, lineno,
                       fname);
          return FALSE;
        }
      if (r != 0)
        {
          g_autofree char *q = quote_text (f, -1);
          g_set_error (error, SHL_ERROR,
                       r == 1 ? SHL_ERROR_PARSE : SHL_ERROR_FORMAT,
                       "%s:%u: field \"%s\": %s is not %s", st->name, lineno,
                       fname, q, r == 1 ? "a number" : "a finite number");
          return FALSE;
        }
      if (k < d && st->domain_line != 0
          && !(v[k] >= st->lo[k] && v[k] <= st->hi[k]))
        {
          g_autofree char *q = quote_text (f, -1);
          g_autofree char *l = format_double (st->lo[k]);
          g_autofree char *h = format_double (st->hi[k]);
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s:%u: field \"%s\": %s is outside the domain "
                       "[%s, %s] set by \"# domain:\" on line %u", st->name,
                       lineno, fname, q, l, h, st->domain_line);
          return FALSE;
        }
      if (k == d && st->classification && v[k] != 0.0 && v[k] != 1.0)
        {
          g_autofree char *q = quote_text (f, -1);
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s:%u: field \"y\": %s is not a class label (0 or 1), "
                       "and line %u says \"# task: classification\"",
                       st->name, lineno, q, st->task_line);
          return FALSE;
        }
    }
  g_array_append_vals (st->x, v, (guint) d);
  g_array_append_val (st->y, v[d]);
  return TRUE;
}

ShlData *
shl_data_from_csv_data (const char *text, gssize len, const char *name,
                        GError **error)
{
  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!name)
    name = "<data>";
  if (!text)
    text = "";
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  if (memchr (text, '\0', n))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                   "%s: contains a NUL byte; this is not a CSV text file",
                   name);
      return NULL;
    }

  g_autoptr (GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  CsvState st = {
    .name = name,
    .lo = { -1.0, -1.0 },
    .hi = { 1.0, 1.0 },
    .x = xs,
    .y = ys,
  };

  const char *p = text, *end = text + n;
  if (n >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  guint lineno = 0;
  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      if (!eol)
        eol = end;
      lineno++;
      g_autofree char *line = g_strndup (p, (gsize) (eol - p));
      p = eol < end ? eol + 1 : end;
      g_strstrip (line);   /* also drops the '\r' of CRLF */

      gboolean ok = TRUE;
      if (line[0] == '\0')
        continue;
      else if (line[0] == '#')
        ok = csv_comment (&st, line, lineno, error);
      else if (st.d == 0)
        ok = csv_header (&st, line, lineno, error);
      else
        ok = csv_row (&st, line, lineno, error);
      if (!ok)
        return NULL;
    }

  if (st.d == 0)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: %s; expected a header \"x,y\" or \"x1,x2,y\"", name,
                   lineno == 0 ? "the file is empty" : "no header line");
      return NULL;
    }
  if (ys->len == 0)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: no data rows after the header (line %u)", name,
                   st.header_line);
      return NULL;
    }

  const int d = st.d;
  const gsize rows = ys->len;
  const double *xv = (const double *) (void *) xs->data;
  if (st.domain_line == 0)
    for (gsize k = 0; k < rows; k++)
      for (int j = 0; j < d; j++)
        {
          st.lo[j] = fmin (st.lo[j], xv[k * (gsize) d + (gsize) j]);
          st.hi[j] = fmax (st.hi[j], xv[k * (gsize) d + (gsize) j]);
        }

  ShlData *data = shl_data_new (d, rows, st.lo, st.hi);
  if (!data)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: out of memory for %" G_GSIZE_FORMAT " rows", name,
                   rows);
      return NULL;
    }
  data->classification = st.classification;
  memcpy (data->x, xs->data, rows * (gsize) d * sizeof (double));
  memcpy (data->y, ys->data, rows * sizeof (double));
  return data;
}

ShlData *
shl_data_load_csv (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gsize len = 0;
  g_autofree char *text = read_whole_file (path, &len, error);
  if (!text)
    return NULL;
  return shl_data_from_csv_data (text, (gssize) len, path, error);
}

gboolean
shl_data_save_csv (const ShlData *data, const char *path, GError **error)
{
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  const int d = data->d;
  const char *problem = NULL;
  if (d < 1 || d > SHL_MAX_DIM)
    problem = "the input dimension is not 1 or 2";
  else if (data->n == 0)
    problem = "the data set has no rows";
  for (int j = 0; !problem && j < d; j++)
    if (!isfinite (data->lo[j]) || !isfinite (data->hi[j])
        || !(data->lo[j] < data->hi[j]))
      problem = "the domain is not a valid box";
  for (gsize k = 0; !problem && k < data->n; k++)
    {
      for (int j = 0; j < d; j++)
        {
          double xj = data->x[k * (gsize) d + (gsize) j];
          if (!isfinite (xj))
            problem = "an input is not finite";
          else if (!(xj >= data->lo[j] && xj <= data->hi[j]))
            problem = "an input lies outside the domain";
        }
      if (!problem && !isfinite (data->y[k]))
        problem = "a label is not finite";
      if (!problem && data->classification && data->y[k] != 0.0
          && data->y[k] != 1.0)
        problem = "a classification label is not 0 or 1";
    }
  if (problem)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: not saved: %s", path, problem);
      return FALSE;
    }

  GString *s = g_string_sized_new (128 + data->n * (gsize) (d + 1) * 24);
  g_string_append_printf (s, "# Shallows data set: %" G_GSIZE_FORMAT
                          " samples, %d-D, %s\n", data->n, d,
                          data->classification ? "classification"
                                               : "regression");
  g_string_append_printf (s, "# task: %s\n",
                          data->classification ? "classification"
                                               : "regression");
  g_string_append (s, "# domain:");
  for (int j = 0; j < d; j++)
    {
      g_string_append_c (s, ' ');
      append_double (s, data->lo[j], FALSE);
      g_string_append_c (s, ' ');
      append_double (s, data->hi[j], FALSE);
    }
  g_string_append_c (s, '\n');
  g_string_append (s, headers[d - 1]);
  g_string_append_c (s, '\n');
  for (gsize k = 0; k < data->n; k++)
    {
      for (int j = 0; j < d; j++)
        {
          append_double (s, data->x[k * (gsize) d + (gsize) j], FALSE);
          g_string_append_c (s, ',');
        }
      append_double (s, data->y[k], FALSE);
      g_string_append_c (s, '\n');
    }
  g_autofree char *text = g_string_free (s, FALSE);
  return shl_write_file_atomic (path, text, -1, error);
}

/* ------------------------------------------------------------------ */
/* Shared with other file formats (shl-io-private.h)                   */

char *
shl_io_read_file (const char *path, gsize *len_out, GError **error)
{
  return read_whole_file (path, len_out, error);
}

void
shl_json_append_double (GString *s, double x)
{
  append_double (s, x, FALSE);
}

const char *
shl_json_node_kind (JsonNode *node)
{
  return node_kind (node);
}

char *
shl_json_node_to_double (JsonNode *node, double *out)
{
  return node_to_double (node, out);
}

gboolean
shl_json_node_to_int (JsonNode *node, gint64 *out)
{
  return node_to_int (node, out);
}

gboolean
shl_json_read_number_array (double *out, JsonNode *node, const char *field,
                            guint expected, const char *why, const char *name,
                            GError **error)
{
  return read_number_array (out, node, field, expected, why, name, error);
}

ShlNet *
shl_net_from_json_node (JsonNode *root, const char *name, GError **error)
{
  return net_from_root (root, name, error);
}
