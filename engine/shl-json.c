/* shl-json.c: the project's one JSON parser entry point (shl-json.h) and
 * the helpers the engine's file formats share (network files, sessions):
 * parsing with messages that name the file, line and column, and reading
 * typed values with messages that name the field. */
#include "shl-json.h"
#include "shl-io-private.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "shl-number.h"

const char *
shl_json_node_kind (JsonNode *node)
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
char *
shl_json_node_to_double (JsonNode *node, double *out)
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
  return g_strdup_printf ("expected a number, found %s", shl_json_node_kind (node));
}

/* what a node that should have been an integer is */
const char *
shl_json_int_kind (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return "a number with a decimal point or an exponent";
  return shl_json_node_kind (node);
}

gboolean
shl_json_node_to_int (JsonNode *node, gint64 *out)
{
  if (JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  return FALSE;
}

JsonNode *
shl_json_require_member (JsonObject *obj, const char *field, const char *name,
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
gboolean
shl_json_read_number_array (double *out, JsonNode *node, const char *field,
                   guint expected, const char *why, const char *name,
                   GError **error)
{
  if (!node)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"%s\" is missing", name, field);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"%s\": expected an array of numbers, found %s",
                   name, field, shl_json_node_kind (node));
      return FALSE;
    }
  JsonArray *arr = json_node_get_array (node);
  guint len = json_array_get_length (arr);
  if (len != expected)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: field \"%s\": has %u %s, expected %u (%s)", name,
                   field, len, shl_io_plural (len, "entry", "entries"), expected,
                   why);
      return FALSE;
    }
  for (guint k = 0; k < len; k++)
    {
      g_autofree char *problem =
        shl_json_node_to_double (json_array_get_element (arr, k), &out[k]);
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

/* An integer literal (text[start, end)) that does not fit in 64 bits:
 * json-glib would wrap it silently. */
static gboolean
integer_fits (const char *text, gsize start, gsize end)
{
  g_autofree char *tok = g_strndup (text + start, end - start);
  errno = 0;
  g_ascii_strtoll (tok, NULL, 10);
  return errno != ERANGE;
}

/* One pass over the text before json-glib sees it, without recursion:
 * the nesting depth of arrays and objects (json-glib's parser recurses
 * once per level, so deep nesting overflows the stack) and integer
 * literals that do not fit in 64 bits. Strings, with their escapes, are
 * skipped; line and column count from 1, the column in bytes. */
static gboolean
prescan (const char *text, gsize len, const char *name, GError **error)
{
  guint line = 1, col = 1, depth = 0;
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
      if (ch == '[' || ch == '{')
        {
          if (++depth > SHL_JSON_MAX_DEPTH)
            {
              g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                           "%s:%u:%u: arrays and objects nested more than %d "
                           "levels deep (Shallows' files nest a few levels)",
                           name, line, col, SHL_JSON_MAX_DEPTH);
              return FALSE;
            }
        }
      else if ((ch == ']' || ch == '}') && depth > 0)
        depth--;
      else if (ch == '-' || g_ascii_isdigit (ch))
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
          if (integral && !integer_fits (text, start, i))
            {
              g_autofree char *tok = g_strndup (text + start, i - start);
              g_autofree char *q = shl_io_quote_text (tok, -1);
              g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                           "%s:%u:%u: the integer %s does not fit in 64 "
                           "bits; write it with an exponent (like 1e30)",
                           name, line, start_col, q);
              return FALSE;
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

/* text as one line of valid UTF-8 without control characters ('?'
 * instead), at most 300 characters (then "…") */
static char *
printable_line (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  glong n = g_utf8_strlen (valid, -1);
  char *line = g_utf8_substring (valid, 0, MIN (n, 300));
  for (char *p = line; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = '?';
  if (n > 300)
    {
      char *longer = g_strconcat (line, "…", NULL);
      g_free (line);
      line = longer;
    }
  return line;
}

JsonParser *
shl_json_parse_text (const char *text, gssize len, const char *name,
                     GError **error)
{
  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
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
  if (!prescan (text, n, name, error))
    return NULL;

  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;
  if (!json_parser_load_from_data (parser, text, (gssize) n, &local))
    {
      /* "<data>:3:7: Parse error: ..." -> "net.json:3:7: Parse error: ..."
       * json-glib quotes the offending text as it is (newlines, control
       * characters, invalid UTF-8, any length): one printable line */
      g_autofree char *clean = printable_line (local->message);
      const char *msg = clean;
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

void
shl_json_append_string (GString *s, const char *text)
{
  g_string_append_c (s, '"');
  for (const char *p = text; *p; p++)
    {
      guchar ch = (guchar) *p;
      if (ch == '"' || ch == '\\')
        {
          g_string_append_c (s, '\\');
          g_string_append_c (s, (char) ch);
        }
      else if (ch == '\n')
        g_string_append (s, "\\n");
      else if (ch == '\t')
        g_string_append (s, "\\t");
      else if (ch == '\r')
        g_string_append (s, "\\r");
      else if (ch == '\b')
        g_string_append (s, "\\b");
      else if (ch == '\f')
        g_string_append (s, "\\f");
      else if (ch < 0x20 || ch == 0x7f)
        g_string_append_printf (s, "\\u%04x", ch);
      else
        g_string_append_c (s, (char) ch);
    }
  g_string_append_c (s, '"');
}

void
shl_json_append_node (GString *s, JsonNode *node, unsigned flags)
{
  const char *comma = flags & SHL_JSON_SPACED ? ", " : ",";
  const char *colon = flags & SHL_JSON_SPACED ? ": " : ":";
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *o = json_node_get_object (node);
        g_autoptr (GList) members = json_object_get_members (o);
        g_string_append_c (s, '{');
        for (GList *l = members; l; l = l->next)
          {
            if (l != members)
              g_string_append (s, comma);
            shl_json_append_string (s, l->data);
            g_string_append (s, colon);
            shl_json_append_node (s, json_object_get_member (o, l->data), flags);
          }
        g_string_append_c (s, '}');
      }
      return;
    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (node);
        g_string_append_c (s, '[');
        for (guint k = 0; k < json_array_get_length (a); k++)
          {
            if (k)
              g_string_append (s, comma);
            shl_json_append_node (s, json_array_get_element (a, k), flags);
          }
        g_string_append_c (s, ']');
      }
      return;
    case JSON_NODE_NULL:
      g_string_append (s, "null");
      return;
    case JSON_NODE_VALUE:
    default:
      break;
    }
  GType t = json_node_get_value_type (node);
  if (t == G_TYPE_INT64)
    g_string_append_printf (s, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (t == G_TYPE_DOUBLE && (flags & SHL_JSON_PLAIN_DOUBLES))
    shl_json_append_double (s, json_node_get_double (node));
  else if (t == G_TYPE_DOUBLE)
    {
      char buf[SHL_NUMBER_BUF];
      shl_number_format (buf, json_node_get_double (node), SHL_NUMBER_JSON | SHL_NUMBER_FLOAT);
      g_string_append (s, buf);
    }
  else if (t == G_TYPE_BOOLEAN)
    g_string_append (s, json_node_get_boolean (node) ? "true" : "false");
  else if (t == G_TYPE_STRING)
    shl_json_append_string (s, json_node_get_string (node));
  else
    g_string_append (s, "null");
}

char *
shl_json_to_text (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  GString *s = g_string_new (NULL);
  shl_json_append_node (s, node, 0);
  return g_string_free (s, FALSE);
}

void
shl_json_append_double (GString *s, double x)
{
  shl_io_append_double (s, x, FALSE);
}
