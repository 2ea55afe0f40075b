/* shl-timeline-io.c: the timeline's moves as JSON (see shl-timeline-io.h). */
#include "shl-timeline-io.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "shl-io.h"
#include "shl-number.h"
#include "shl-json.h"

static void
append_number (GString *s, double v)
{
  char buf[SHL_NUMBER_BUF];
  g_string_append_len (s, buf, (gssize) shl_number_format (buf, v, SHL_NUMBER_JSON));
}

char *
shl_timeline_to_json (const ShlTimeline *tl)
{
  g_return_val_if_fail (tl != NULL, NULL);
  GString *s = g_string_new ("[");
  for (size_t k = 0; k < tl->n; k++)
    {
      const ShlMoveEvent *e = &tl->ev[k];
      char id[SHL_MOVE_TEXT_MAX];
      shl_move_to_id (id, sizeof id, &e->move);
      g_string_append_printf (s, "%s\n    {\"step\": %" G_GUINT64_FORMAT ", \"move\": \"%s\", \"moved\": ",
                              k ? "," : "", e->step, id);
      append_number (s, e->moved);
      g_string_append (s, ", \"f_change\": ");
      append_number (s, e->f_change);
      g_string_append (s, ", \"f_tol\": ");
      append_number (s, e->f_tol);
      g_string_append (s, ", \"before\": [");
      for (size_t q = 0; q < tl->n_params; q++)
        {
          if (q)
            g_string_append (s, ", ");
          append_number (s, e->before[q]);
        }
      g_string_append (s, "]}");
    }
  g_string_append (s, tl->n ? "\n  ]" : "]");
  return g_string_free (s, FALSE);
}

static gboolean
get_number (JsonObject *o, const char *key, double *out)
{
  JsonNode *n = json_object_get_member (o, key);
  if (!n || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  GType t = json_node_get_value_type (n);
  if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_double (n);
  return isfinite (*out);
}

ShlTimeline *
shl_timeline_from_json (const char *json, size_t n_params, GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!json)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "no events");
      return NULL;
    }
  g_autoptr (JsonParser) p = shl_json_parse_text (json, -1, "events", error);
  if (!p)
    return NULL;
  JsonNode *root = json_parser_get_root (p);
  if (!root || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "expected an array of moves");
      return NULL;
    }
  JsonArray *a = json_node_get_array (root);
  ShlTimeline *tl = shl_timeline_new (n_params);
  guint n = json_array_get_length (a);
  double *before = g_new (double, MAX (n_params, 1));
  for (guint k = 0; k < n; k++)
    {
      JsonNode *en = json_array_get_element (a, k);
      const char *what = NULL;
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (en) ? json_node_get_object (en) : NULL;
      JsonNode *sn = o ? json_object_get_member (o, "step") : NULL;
      JsonNode *mn = o ? json_object_get_member (o, "move") : NULL;
      JsonNode *bn = o ? json_object_get_member (o, "before") : NULL;
      ShlMove move;
      double moved, f_change, f_tol;
      if (!o)
        what = "expected an object";
      else if (!sn || json_node_get_value_type (sn) != G_TYPE_INT64 || json_node_get_int (sn) < 0)
        what = "\"step\": expected a step number";
      else if (!mn || json_node_get_value_type (mn) != G_TYPE_STRING
               || !shl_move_from_id (&move, json_node_get_string (mn)))
        what = "\"move\": expected a move id (balance, balance-I, rescale-I-LAMBDA, reverse, canon-K, canonical)";
      else if (!get_number (o, "moved", &moved) || !get_number (o, "f_change", &f_change)
               || !get_number (o, "f_tol", &f_tol))
        what = "\"moved\", \"f_change\", \"f_tol\": expected numbers";
      else if (!bn || !JSON_NODE_HOLDS_ARRAY (bn)
               || json_array_get_length (json_node_get_array (bn)) != n_params)
        what = "\"before\": expected the network's parameters";
      else if (k > 0 && (guint64) json_node_get_int (sn) < tl->ev[tl->n - 1].step)
        what = "\"step\": before the previous move's";
      if (!what)
        {
          JsonArray *ba = json_node_get_array (bn);
          for (guint q = 0; q < n_params && !what; q++)
            {
              JsonNode *x = json_array_get_element (ba, q);
              GType t = JSON_NODE_HOLDS_VALUE (x) ? json_node_get_value_type (x) : G_TYPE_INVALID;
              if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
                what = "\"before\": expected numbers";
              else
                before[q] = json_node_get_double (x);
            }
        }
      if (!what)
        {
          ShlMoveEvent e = { (guint64) json_node_get_int (sn), move, moved, f_change, f_tol, before };
          if (!shl_timeline_append_event (tl, &e))
            what = "out of memory";
        }
      if (what)
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "move %u: %s", k + 1, what);
          g_free (before);
          shl_timeline_free (tl);
          return NULL;
        }
    }
  g_free (before);
  return tl;
}
