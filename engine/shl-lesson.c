/* shl-lesson.c: lessons and slides, and reading lesson files (see
 * shl-lesson.h; the writer is shl-lesson-writer.c). */
#include "shl-lesson.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "shl-data.h"
#include "shl-io-private.h"
#include "shl-lesson-private.h"
#include "shl-loss.h"
#include "shl-move.h"
#include "shl-net.h"
#include "shl-pathology.h"
#include "shl-trainer.h"

#define FORMAT_NAME "shallows-lesson"

/* ------------------------------------------------------------ settings */

static gboolean
check_target (const char *v)
{
  return shl_target_lookup (v) != NULL;
}

static gboolean
check_init (const char *v)
{
  ShlInitScheme s;
  return shl_init_scheme_from_name (v, &s);
}

static gboolean
check_loss (const char *v)
{
  ShlLoss l;
  return shl_loss_from_name (v, &l);
}

static gboolean
check_optimizer (const char *v)
{
  ShlOptimizer o;
  return shl_optimizer_from_name (v, &o);
}

/* the simulation's settings (ShlSim's writable properties but "speed",
 * which a slide gives in "train"), with their ranges, and whether they
 * change the problem a preset sets (data-seed does not: the preset makes
 * new data with it) */
static const ShlLessonSettingInfo settings_table[] = {
  { "dim", SHL_LESSON_VALUE_INT, 1, 2, NULL, NULL, TRUE },
  { "target", SHL_LESSON_VALUE_STRING, 0, 0, check_target,
    "a built-in target (shallows-cli targets)", TRUE },
  { "samples", SHL_LESSON_VALUE_INT, 2, 100000, NULL, NULL, TRUE },
  { "noise", SHL_LESSON_VALUE_DOUBLE, 0, 10, NULL, NULL, TRUE },
  { "data-seed", SHL_LESSON_VALUE_INT, 0, G_MAXUINT32, NULL, NULL, FALSE },
  { "width", SHL_LESSON_VALUE_INT, 1, 4096, NULL, NULL, TRUE },
  { "init", SHL_LESSON_VALUE_STRING, 0, 0, check_init, "he, balanced or uniform", TRUE },
  { "init-seed", SHL_LESSON_VALUE_INT, 0, G_MAXUINT32, NULL, NULL, TRUE },
  { "loss", SHL_LESSON_VALUE_STRING, 0, 0, check_loss, "mse or logistic", TRUE },
  { "optimizer", SHL_LESSON_VALUE_STRING, 0, 0, check_optimizer, "gd, sgd, momentum or adam", FALSE },
  { "lr", SHL_LESSON_VALUE_DOUBLE, 1e-6, 10, NULL, NULL, FALSE },
  { "momentum", SHL_LESSON_VALUE_DOUBLE, 0, 0.999, NULL, NULL, FALSE },
  { "batch", SHL_LESSON_VALUE_INT, 0, 100000, NULL, NULL, FALSE },
  { "weight-decay", SHL_LESSON_VALUE_DOUBLE, 0, 10, NULL, NULL, FALSE },
  { "restricted", SHL_LESSON_VALUE_BOOL, 0, 0, NULL, NULL, FALSE },
};

const ShlLessonSettingInfo *
shl_lesson_settings (guint *n_out)
{
  g_return_val_if_fail (n_out != NULL, NULL);
  *n_out = G_N_ELEMENTS (settings_table);
  return settings_table;
}

const ShlLessonSettingInfo *
shl_lesson_setting_lookup (const char *key)
{
  if (!key)
    return NULL;
  for (guint k = 0; k < G_N_ELEMENTS (settings_table); k++)
    if (strcmp (settings_table[k].key, key) == 0)
      return &settings_table[k];
  return NULL;
}

static char *
setting_keys (void)
{
  GString *s = g_string_new (NULL);
  for (guint k = 0; k < G_N_ELEMENTS (settings_table); k++)
    g_string_append_printf (s, "%s%s", k ? ", " : "", settings_table[k].key);
  return g_string_free (s, FALSE);
}

/* -------------------------------------------------------------- slides */

ShlLessonSlide *
shl_lesson_slide_new (const char *title)
{
  ShlLessonSlide *s = g_new0 (ShlLessonSlide, 1);
  s->title = g_strdup (title ? title : "");
  s->speed = SHL_LESSON_DEFAULT_SPEED;
  return s;
}

static void
clear_settings (ShlLessonSlide *s)
{
  for (guint k = 0; k < s->n_settings; k++)
    g_free (s->settings[k].s);
  g_clear_pointer (&s->settings, g_free);
  s->n_settings = 0;
}

void
shl_lesson_slide_free (ShlLessonSlide *s)
{
  if (!s)
    return;
  g_free (s->title);
  for (guint k = 0; k < s->n_lines; k++)
    g_free (s->lines[k]);
  g_free (s->preset);
  g_free (s->session);
  g_free (s->network);
  g_free (s->data);
  clear_settings (s);
  g_strfreev (s->moves);
  g_free (s->view_json);
  g_free (s->experiment);
  g_free (s);
}

ShlLessonSlide *
shl_lesson_slide_copy (const ShlLessonSlide *src)
{
  g_return_val_if_fail (src != NULL, NULL);
  ShlLessonSlide *s = g_new0 (ShlLessonSlide, 1);
  *s = *src;
  s->title = g_strdup (src->title);
  for (guint k = 0; k < src->n_lines; k++)
    s->lines[k] = g_strdup (src->lines[k]);
  s->preset = g_strdup (src->preset);
  s->session = g_strdup (src->session);
  s->network = g_strdup (src->network);
  s->data = g_strdup (src->data);
  s->settings = src->n_settings ? g_new0 (ShlLessonSetting, src->n_settings) : NULL;
  for (guint k = 0; k < src->n_settings; k++)
    {
      s->settings[k] = src->settings[k];
      s->settings[k].s = g_strdup (src->settings[k].s);
    }
  s->moves = g_strdupv (src->moves);
  s->view_json = g_strdup (src->view_json);
  s->experiment = g_strdup (src->experiment);
  return s;
}

gboolean
shl_lesson_slide_add_line (ShlLessonSlide *s, const char *line)
{
  g_return_val_if_fail (s != NULL, FALSE);
  g_return_val_if_fail (line != NULL, FALSE);
  if (s->n_lines >= SHL_LESSON_MAX_LINES)
    return FALSE;
  s->lines[s->n_lines++] = g_strdup (line);
  return TRUE;
}

const ShlLessonSetting *
shl_lesson_slide_get_setting (const ShlLessonSlide *s, const char *key)
{
  g_return_val_if_fail (s != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  for (guint k = 0; k < s->n_settings; k++)
    if (strcmp (s->settings[k].info->key, key) == 0)
      return &s->settings[k];
  return NULL;
}

/* -------------------------------------------------------------- lessons */

ShlLesson *
shl_lesson_new (const char *title)
{
  ShlLesson *l = g_new0 (ShlLesson, 1);
  l->title = g_strdup (title ? title : "");
  l->slides = g_ptr_array_new_with_free_func ((GDestroyNotify) shl_lesson_slide_free);
  return l;
}

void
shl_lesson_free (ShlLesson *l)
{
  if (!l)
    return;
  g_free (l->title);
  g_free (l->dir);
  g_ptr_array_unref (l->slides);
  g_free (l);
}

void
shl_lesson_add_slide (ShlLesson *l, ShlLessonSlide *slide)
{
  g_return_if_fail (l != NULL);
  g_return_if_fail (slide != NULL);
  g_ptr_array_add (l->slides, slide);
}

guint
shl_lesson_n_slides (const ShlLesson *l)
{
  g_return_val_if_fail (l != NULL, 0);
  return l->slides->len;
}

ShlLessonSlide *
shl_lesson_get_slide (const ShlLesson *l, guint index)
{
  g_return_val_if_fail (l != NULL, NULL);
  g_return_val_if_fail (index < l->slides->len, NULL);
  return g_ptr_array_index (l->slides, index);
}

char *
shl_lesson_resolve_in (const char *dir, const char *path)
{
  if (g_path_is_absolute (path))
    return g_canonicalize_filename (path, NULL);
  return g_canonicalize_filename (path, dir);
}

char *
shl_lesson_resolve (const ShlLesson *l, const char *path)
{
  g_return_val_if_fail (l != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  return shl_lesson_resolve_in (l->dir, path);
}

/* ------------------------------------------------------------- reading */

typedef struct {
  const char *name;      /* the file, for messages */
  const char *dir;
  guint       slide;     /* 1-based; 0: the lesson itself */
  const char *title;     /* of the slide, once read */
  GError    **error;
} Ctx;

static gboolean fail (Ctx *c, ShlError code, const char *field, const char *fmt, ...)
  G_GNUC_PRINTF (4, 5);

/* "NAME: slide K ("title"): field "F": MESSAGE" */
static gboolean
fail (Ctx *c, ShlError code, const char *field, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_autoptr (GString) where = g_string_new (c->name);
  if (c->slide)
    {
      g_string_append_printf (where, ": slide %u", c->slide);
      if (c->title && *c->title)
        {
          g_autofree char *q = shl_io_quote_text (c->title, -1);
          g_string_append_printf (where, " (%s)", q);
        }
    }
  if (field)
    g_string_append_printf (where, ": field \"%s\"", field);
  g_set_error (c->error, SHL_ERROR, code, "%s: %s", where->str, msg);
  return FALSE;
}

/* Only the listed fields may appear (a typo is an error, not a silently
 * ignored key). */
static gboolean
check_fields (Ctx *c, JsonObject *o, const char *const *known, const char *what)
{
  g_autoptr (GList) members = json_object_get_members (o);
  for (GList *l = members; l; l = l->next)
    {
      const char *key = l->data;
      if (g_strv_contains (known, key))
        continue;
      g_autofree char *list = g_strjoinv (", ", (char **) known);
      g_autofree char *q = shl_io_quote_text (key, -1);
      return fail (c, SHL_ERROR_FORMAT, NULL, "unknown field %s in %s (expected %s)", q, what,
                   list);
    }
  return TRUE;
}

/* a string of 1..max characters without control characters */
static const char *
read_text (Ctx *c, JsonNode *n, const char *field, guint max)
{
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    {
      fail (c, SHL_ERROR_FORMAT, field, "expected a string, found %s", shl_json_node_kind (n));
      return NULL;
    }
  const char *s = json_node_get_string (n);
  if (!g_utf8_validate (s, -1, NULL))
    {
      fail (c, SHL_ERROR_FORMAT, field, "is not valid UTF-8");
      return NULL;
    }
  glong len = g_utf8_strlen (s, -1);
  if (len == 0)
    {
      fail (c, SHL_ERROR_FORMAT, field, "is empty");
      return NULL;
    }
  if ((guint) len > max)
    {
      fail (c, SHL_ERROR_FORMAT, field, "has %ld characters, at most %u fit on a slide", len, max);
      return NULL;
    }
  for (const char *p = s; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      {
        fail (c, SHL_ERROR_FORMAT, field, "holds a line break or another control character "
              "(one caption line per string)");
        return NULL;
      }
  return s;
}

static gboolean
read_number (Ctx *c, JsonNode *n, const char *field, double min, double max, double *out)
{
  g_autofree char *problem = shl_json_node_to_double (n, out);
  if (problem)
    return fail (c, SHL_ERROR_FORMAT, field, "%s", problem);
  if (!(*out >= min && *out <= max))
    {
      g_autofree char *lo = shl_io_format_double (min), *hi = shl_io_format_double (max);
      g_autofree char *v = shl_io_format_double (*out);
      return fail (c, SHL_ERROR_FORMAT, field, "%s is outside [%s, %s]", v, lo, hi);
    }
  return TRUE;
}

static gboolean
read_integer (Ctx *c, JsonNode *n, const char *field, gint64 min, gint64 max, gint64 *out)
{
  if (!shl_json_node_to_int (n, out))
    return fail (c, SHL_ERROR_FORMAT, field, "expected an integer, found %s", shl_json_int_kind (n));
  if (*out < min || *out > max)
    return fail (c, SHL_ERROR_FORMAT, field, "%" G_GINT64_FORMAT " is outside [%" G_GINT64_FORMAT
                 ", %" G_GINT64_FORMAT "]", *out, min, max);
  return TRUE;
}

static gboolean
read_setting (Ctx *c, const char *key, JsonNode *n, ShlLessonSetting *out)
{
  const ShlLessonSettingInfo *info = shl_lesson_setting_lookup (key);
  g_autofree char *field = g_strdup_printf ("settings.%s", key);
  if (!info)
    {
      g_autofree char *keys = setting_keys ();
      return fail (c, SHL_ERROR_FORMAT, field, "unknown setting (expected %s)", keys);
    }
  out->info = info;
  switch (info->type)
    {
    case SHL_LESSON_VALUE_INT:
      return read_integer (c, n, field, (gint64) info->min, (gint64) info->max, &out->i);
    case SHL_LESSON_VALUE_DOUBLE:
      return read_number (c, n, field, info->min, info->max, &out->d);
    case SHL_LESSON_VALUE_BOOL:
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
        return fail (c, SHL_ERROR_FORMAT, field, "expected true or false, found %s",
                     shl_json_node_kind (n));
      out->b = json_node_get_boolean (n);
      return TRUE;
    case SHL_LESSON_VALUE_STRING:
    default:
      {
        if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
          return fail (c, SHL_ERROR_FORMAT, field, "expected a string, found %s",
                       shl_json_node_kind (n));
        const char *v = json_node_get_string (n);
        if (!info->check (v))
          {
            g_autofree char *q = shl_io_quote_text (v, -1);
            return fail (c, SHL_ERROR_FORMAT, field, "expected %s, found %s", info->choices, q);
          }
        out->s = g_strdup (v);
        return TRUE;
      }
    }
}

static gboolean
read_settings (Ctx *c, JsonNode *n, ShlLessonSlide *s)
{
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return fail (c, SHL_ERROR_FORMAT, "settings", "expected an object, found %s",
                 shl_json_node_kind (n));
  JsonObject *o = json_node_get_object (n);
  g_autoptr (GList) members = json_object_get_members (o);
  guint len = g_list_length (members);
  s->settings = len ? g_new0 (ShlLessonSetting, len) : NULL;
  for (GList *l = members; l; l = l->next)
    {
      if (!read_setting (c, l->data, json_object_get_member (o, l->data),
                         &s->settings[s->n_settings]))
        return FALSE;
      s->n_settings++;
    }
  return TRUE;
}

/* a file the slide names: a string, and the file must be there */
static gboolean
read_path (Ctx *c, JsonNode *n, const char *field, char **out)
{
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING
      || !*json_node_get_string (n))
    return fail (c, SHL_ERROR_FORMAT, field, "expected a file name (relative to the lesson's "
                 "folder), found %s", shl_json_node_kind (n));
  const char *p = json_node_get_string (n);
  g_autofree char *full = shl_lesson_resolve_in (c->dir, p);
  if (!g_file_test (full, G_FILE_TEST_IS_REGULAR))
    return fail (c, SHL_ERROR_FORMAT, field, "%s: no such file", full);
  *out = g_strdup (p);
  return TRUE;
}

static gboolean
read_preset (Ctx *c, JsonObject *o, ShlLessonSlide *s)
{
  JsonNode *n = json_object_get_member (o, "preset");
  JsonNode *pn = json_object_get_member (o, "param");
  if (!n)
    return pn ? fail (c, SHL_ERROR_FORMAT, "param", "goes with \"preset\", which is missing") : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return fail (c, SHL_ERROR_FORMAT, "preset", "expected a preset id (shallows-cli pathology), found %s",
                 shl_json_node_kind (n));
  const ShlPathology *p = shl_pathology_lookup (json_node_get_string (n));
  if (!p)
    {
      GString *ids = g_string_new (NULL);
      int np;
      const ShlPathology *all = shl_pathologies (&np);
      for (int k = 0; k < np; k++)
        g_string_append_printf (ids, "%s%s", k ? ", " : "", all[k].id);
      g_autofree char *list = g_string_free (ids, FALSE);
      g_autofree char *q = shl_io_quote_text (json_node_get_string (n), -1);
      return fail (c, SHL_ERROR_FORMAT, "preset", "unknown preset %s (expected %s)", q, list);
    }
  s->preset = g_strdup (p->id);
  if (!pn)
    return TRUE;
  if (!read_number (c, pn, "param", p->param_min, p->param_max, &s->param))
    return FALSE;
  if (p->param_integer && s->param != floor (s->param))
    return fail (c, SHL_ERROR_FORMAT, "param", "the preset's %s is a whole number", p->param_name);
  s->has_param = TRUE;
  return TRUE;
}

static gboolean
read_source (Ctx *c, JsonObject *o, ShlLessonSlide *s)
{
  if (!read_preset (c, o, s))
    return FALSE;
  static const char *const fields[] = { "session", "network", "data" };
  char **outs[] = { &s->session, &s->network, &s->data };
  for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
    {
      JsonNode *n = json_object_get_member (o, fields[k]);
      if (n && !read_path (c, n, fields[k], outs[k]))
        return FALSE;
    }
  if (s->preset && (s->session || s->network || s->data))
    return fail (c, SHL_ERROR_FORMAT, "preset", "a slide starts from a preset, a session, or a "
                 "network and data, not from several");
  if (s->session && (s->network || s->data))
    return fail (c, SHL_ERROR_FORMAT, "session", "a session brings its own network and data: "
                 "leave out \"network\" and \"data\"");
  return TRUE;
}

static gboolean
read_train (Ctx *c, JsonNode *n, ShlLessonSlide *s)
{
  if (JSON_NODE_HOLDS_NULL (n)
      || (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN
          && !json_node_get_boolean (n)))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return fail (c, SHL_ERROR_FORMAT, "train", "expected {\"steps\": N, \"speed\": S}, null or "
                 "false, found %s", shl_json_node_kind (n));
  JsonObject *o = json_node_get_object (n);
  static const char *const known[] = { "steps", "speed", NULL };
  if (!check_fields (c, o, known, "\"train\""))
    return FALSE;
  JsonNode *st = json_object_get_member (o, "steps");
  if (!st)
    return fail (c, SHL_ERROR_FORMAT, "train.steps", "is missing (how many steps, then it pauses)");
  gint64 steps;
  if (!read_integer (c, st, "train.steps", 1, SHL_LESSON_MAX_STEPS, &steps))
    return FALSE;
  s->steps = (guint64) steps;
  JsonNode *sp = json_object_get_member (o, "speed");
  s->speed = SHL_LESSON_DEFAULT_SPEED;
  if (sp && !read_number (c, sp, "train.speed", 0, SHL_LESSON_MAX_SPEED, &s->speed))
    return FALSE;
  s->train = TRUE;
  return TRUE;
}

static gboolean
read_moves (Ctx *c, JsonNode *n, ShlLessonSlide *s)
{
  if (!JSON_NODE_HOLDS_ARRAY (n))
    return fail (c, SHL_ERROR_FORMAT, "moves", "expected an array of move ids (like \"canonical\"), "
                 "found %s", shl_json_node_kind (n));
  JsonArray *a = json_node_get_array (n);
  guint len = json_array_get_length (a);
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  for (guint k = 0; k < len; k++)
    {
      g_autofree char *field = g_strdup_printf ("moves[%u]", k);
      JsonNode *e = json_array_get_element (a, k);
      ShlMove move;
      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        return fail (c, SHL_ERROR_FORMAT, field, "expected a move id, found %s", shl_json_node_kind (e));
      if (!shl_move_from_id (&move, json_node_get_string (e)))
        {
          g_autofree char *q = shl_io_quote_text (json_node_get_string (e), -1);
          return fail (c, SHL_ERROR_FORMAT, field, "unknown move %s (expected balance, balance-I, "
                       "rescale-I-LAMBDA, reverse, canon-K or canonical)", q);
        }
      g_strv_builder_add (b, json_node_get_string (e));
    }
  s->moves = len ? g_strv_builder_end (b) : NULL;
  return TRUE;
}

/* the experiments a slide can show instead of the panels */
static const char *const experiments[] = { "scatter", NULL };

static gboolean
read_experiment (Ctx *c, JsonNode *n, ShlLessonSlide *s)
{
  if (JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING
      || !g_strv_contains (experiments, json_node_get_string (n)))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) experiments);
      return fail (c, SHL_ERROR_FORMAT, "experiment", "expected %s or null", list);
    }
  s->experiment = g_strdup (json_node_get_string (n));
  return TRUE;
}


static gboolean
read_view (Ctx *c, JsonNode *n, ShlLessonViewCheck check, ShlLessonSlide *s)
{
  if (JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return fail (c, SHL_ERROR_FORMAT, "view", "expected an object (the view settings, as a "
                 "session keeps them), found %s", shl_json_node_kind (n));
  GString *text = g_string_new (NULL);
  shl_lesson_append_json (text, n);
  s->view_json = g_string_free (text, FALSE);
  g_autoptr (GError) local = NULL;
  if (check && !check (s->view_json, &local))
    return fail (c, SHL_ERROR_FORMAT, "view", "%s", local ? local->message : "not accepted");
  return TRUE;
}

static gboolean
read_caption (Ctx *c, JsonObject *o, ShlLessonSlide *s)
{
  JsonNode *n = json_object_get_member (o, "title");
  if (!n)
    return fail (c, SHL_ERROR_FORMAT, "title", "is missing (every slide has a caption: a title and 1 "
                 "to %d lines)", SHL_LESSON_MAX_LINES);
  const char *title = read_text (c, n, "title", SHL_LESSON_TITLE_MAX);
  if (!title)
    return FALSE;
  g_free (s->title);
  s->title = g_strdup (title);
  c->title = s->title;
  JsonNode *ln = json_object_get_member (o, "lines");
  if (!ln)
    return fail (c, SHL_ERROR_FORMAT, "lines", "is missing (1 to %d lines of caption)",
                 SHL_LESSON_MAX_LINES);
  if (!JSON_NODE_HOLDS_ARRAY (ln))
    return fail (c, SHL_ERROR_FORMAT, "lines", "expected an array of 1 to %d strings, found %s",
                 SHL_LESSON_MAX_LINES, shl_json_node_kind (ln));
  JsonArray *a = json_node_get_array (ln);
  guint len = json_array_get_length (a);
  if (len < 1 || len > SHL_LESSON_MAX_LINES)
    return fail (c, SHL_ERROR_FORMAT, "lines", "has %u %s, a caption has 1 to %d", len,
                 shl_io_plural (len, "line", "lines"), SHL_LESSON_MAX_LINES);
  for (guint k = 0; k < len; k++)
    {
      g_autofree char *field = g_strdup_printf ("lines[%u]", k);
      const char *line = read_text (c, json_array_get_element (a, k), field, SHL_LESSON_LINE_MAX);
      if (!line)
        return FALSE;
      shl_lesson_slide_add_line (s, line);
    }
  return TRUE;
}

static ShlLessonSlide *
read_slide (Ctx *c, JsonNode *n, ShlLessonViewCheck check)
{
  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      fail (c, SHL_ERROR_FORMAT, NULL, "expected an object, found %s", shl_json_node_kind (n));
      return NULL;
    }
  JsonObject *o = json_node_get_object (n);
  g_autoptr (ShlLessonSlide) s = shl_lesson_slide_new (NULL);
  if (!read_caption (c, o, s))
    return NULL;
  if (!read_source (c, o, s))
    return NULL;
  JsonNode *m;
  if ((m = json_object_get_member (o, "settings")) && !read_settings (c, m, s))
    return NULL;
  for (guint k = 0; s->preset && k < s->n_settings; k++)
    if (s->settings[k].info->problem)
      {
        g_autofree char *field = g_strdup_printf ("settings.%s", s->settings[k].info->key);
        fail (c, SHL_ERROR_FORMAT, field, "changes the problem the preset \"%s\" sets, which "
              "would leave the preset (a preset slide may set data-seed and the optimiser's "
              "settings)", s->preset);
        return NULL;
      }
  if ((m = json_object_get_member (o, "moves")) && !read_moves (c, m, s))
    return NULL;
  if ((m = json_object_get_member (o, "view")) && !read_view (c, m, check, s))
    return NULL;
  if ((m = json_object_get_member (o, "train")) && !read_train (c, m, s))
    return NULL;
  if ((m = json_object_get_member (o, "experiment")) && !read_experiment (c, m, s))
    return NULL;
  /* last, so that a known field's own error comes first */
  static const char *const known[] = { "title", "lines", "preset", "param", "session", "network",
                                       "data", "settings", "moves", "view", "experiment",
                                       "train", NULL };
  if (!check_fields (c, o, known, "a slide"))
    return NULL;
  return g_steal_pointer (&s);
}

ShlLesson *
shl_lesson_from_json (const char *text, gssize len, const char *name, const char *dir,
                      ShlLessonViewCheck check_view, GError **error)
{
  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  Ctx c = { name ? name : "<lesson>", dir, 0, NULL, error };
  g_autoptr (JsonParser) parser = shl_json_parse_text (text, len, c.name, error);
  if (!parser)
    return NULL;
  JsonNode *rn = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (rn))
    {
      fail (&c, SHL_ERROR_FORMAT, NULL, "expected a JSON object at the top level, found %s",
            shl_json_node_kind (rn));
      return NULL;
    }
  JsonObject *root = json_node_get_object (rn);
  JsonNode *n = shl_json_require_member (root, "format", c.name, error);
  if (!n)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING
      || strcmp (json_node_get_string (n), FORMAT_NAME) != 0)
    {
      fail (&c, SHL_ERROR_FORMAT, "format", "expected \"" FORMAT_NAME "\"");
      return NULL;
    }
  gint64 version;
  if (!(n = shl_json_require_member (root, "version", c.name, error))
      || !read_integer (&c, n, "version", 1, G_MAXINT64, &version))
    return NULL;
  if (version > SHL_LESSON_VERSION)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_VERSION,
                   "%s: version %" G_GINT64_FORMAT " is newer than this Shallows understands (%d)",
                   c.name, version, SHL_LESSON_VERSION);
      return NULL;
    }
  const char *title;
  if (!(n = shl_json_require_member (root, "title", c.name, error))
      || !(title = read_text (&c, n, "title", SHL_LESSON_TITLE_MAX)))
    return NULL;
  if (!(n = shl_json_require_member (root, "slides", c.name, error)))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (n) || json_array_get_length (json_node_get_array (n)) == 0)
    {
      fail (&c, SHL_ERROR_FORMAT, "slides", "expected an array of at least one slide, found %s",
            JSON_NODE_HOLDS_ARRAY (n) ? "an empty array" : shl_json_node_kind (n));
      return NULL;
    }
  g_autoptr (ShlLesson) lesson = shl_lesson_new (title);
  lesson->dir = dir ? g_canonicalize_filename (dir, NULL) : NULL;
  c.dir = lesson->dir;
  JsonArray *slides = json_node_get_array (n);
  for (guint k = 0; k < json_array_get_length (slides); k++)
    {
      c.slide = k + 1;
      c.title = NULL;
      ShlLessonSlide *s = read_slide (&c, json_array_get_element (slides, k), check_view);
      if (!s)
        return NULL;
      shl_lesson_add_slide (lesson, s);
    }
  c.slide = 0;
  static const char *const known[] = { "format", "version", "title", "slides", NULL };
  if (!check_fields (&c, root, known, "the lesson"))
    return NULL;
  return g_steal_pointer (&lesson);
}

ShlLesson *
shl_lesson_load (const char *path, ShlLessonViewCheck check_view, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  gsize len;
  g_autofree char *text = shl_io_read_file (path, &len, error);
  if (!text)
    return NULL;
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  g_autofree char *dir = g_path_get_dirname (abs);
  return shl_lesson_from_json (text, (gssize) len, path, dir, check_view, error);
}

gboolean
shl_lesson_sniff (const char *text, gsize len)
{
  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  /* cheap: the format name within the first kilobyte */
  g_autofree char *head = g_strndup (text, MIN (len, 1024));
  return strstr (head, "\"" FORMAT_NAME "\"") != NULL;
}
