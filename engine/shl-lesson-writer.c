/* shl-lesson-writer.c: writing lesson files (see shl-lesson.h). */
#include "shl-lesson.h"

#include <string.h>

#include "shl-io-private.h"
#include "shl-lesson-private.h"
#include "shl-json.h"

#define FORMAT_NAME "shallows-lesson"

static void
append_string (GString *s, const char *text)
{
  shl_json_append_string (s, text);
}

void
shl_lesson_append_json (GString *s, JsonNode *n)
{
  shl_json_append_node (s, n, SHL_JSON_SPACED | SHL_JSON_PLAIN_DOUBLES);
}

static void
append_setting (GString *s, const ShlLessonSetting *set)
{
  append_string (s, set->info->key);
  g_string_append (s, ": ");
  switch (set->info->type)
    {
    case SHL_LESSON_VALUE_INT:
      g_string_append_printf (s, "%" G_GINT64_FORMAT, set->i);
      break;
    case SHL_LESSON_VALUE_DOUBLE:
      shl_json_append_double (s, set->d);
      break;
    case SHL_LESSON_VALUE_BOOL:
      g_string_append (s, set->b ? "true" : "false");
      break;
    case SHL_LESSON_VALUE_STRING:
    default:
      append_string (s, set->s ? set->s : "");
      break;
    }
}

/* a slide's view text, re-written compactly (it was read from JSON, but
 * a program may have set it) */
static void
append_view (GString *s, const char *json)
{
  g_autoptr (JsonParser) p = json ? shl_json_parse_text (json, -1, "view", NULL) : NULL;
  if (p && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p)))
    shl_lesson_append_json (s, json_parser_get_root (p));
  else
    g_string_append (s, "{}");
}

static void
append_slide (GString *s, const ShlLessonSlide *sl)
{
  g_string_append (s, "    {\n      \"title\": ");
  append_string (s, sl->title);
  g_string_append (s, ",\n      \"lines\": [");
  for (guint k = 0; k < sl->n_lines; k++)
    {
      g_string_append (s, k ? ",\n                " : "");
      append_string (s, sl->lines[k]);
    }
  g_string_append (s, "]");
  if (sl->preset)
    {
      g_string_append (s, ",\n      \"preset\": ");
      append_string (s, sl->preset);
      if (sl->has_param)
        {
          g_string_append (s, ",\n      \"param\": ");
          shl_json_append_double (s, sl->param);
        }
    }
  const char *paths[] = { sl->session, sl->network, sl->data };
  const char *names[] = { "session", "network", "data" };
  for (guint k = 0; k < G_N_ELEMENTS (paths); k++)
    if (paths[k])
      {
        g_string_append_printf (s, ",\n      \"%s\": ", names[k]);
        append_string (s, paths[k]);
      }
  if (sl->n_settings)
    {
      g_string_append (s, ",\n      \"settings\": {");
      for (guint k = 0; k < sl->n_settings; k++)
        {
          if (k)
            g_string_append (s, ", ");
          append_setting (s, &sl->settings[k]);
        }
      g_string_append_c (s, '}');
    }
  if (sl->moves && sl->moves[0])
    {
      g_string_append (s, ",\n      \"moves\": [");
      for (guint k = 0; sl->moves[k]; k++)
        {
          if (k)
            g_string_append (s, ", ");
          append_string (s, sl->moves[k]);
        }
      g_string_append_c (s, ']');
    }
  if (sl->view_json)
    {
      g_string_append (s, ",\n      \"view\": ");
      append_view (s, sl->view_json);
    }
  if (sl->experiment)
    {
      g_string_append (s, ",\n      \"experiment\": ");
      append_string (s, sl->experiment);
    }
  if (sl->train)
    {
      g_string_append_printf (s, ",\n      \"train\": {\"steps\": %" G_GUINT64_FORMAT
                              ", \"speed\": ", sl->steps);
      shl_json_append_double (s, sl->speed);
      g_string_append_c (s, '}');
    }
  g_string_append (s, "\n    }");
}

char *
shl_lesson_to_json (const ShlLesson *l)
{
  g_return_val_if_fail (l != NULL, NULL);
  GString *s = g_string_new ("{\n  \"format\": \"" FORMAT_NAME "\",\n");
  g_string_append_printf (s, "  \"version\": %d,\n  \"title\": ", SHL_LESSON_VERSION);
  append_string (s, l->title);
  g_string_append (s, ",\n  \"slides\": [\n");
  for (guint k = 0; k < l->slides->len; k++)
    {
      if (k)
        g_string_append (s, ",\n");
      append_slide (s, g_ptr_array_index (l->slides, k));
    }
  g_string_append (s, "\n  ]\n}\n");
  return g_string_free (s, FALSE);
}

/* path (relative to old_dir, or absolute) as seen from new_dir: relative
 * when it lies below new_dir, else absolute */
static char *
rebase (const char *path, const char *old_dir, const char *new_dir)
{
  g_autofree char *abs = shl_lesson_resolve_in (old_dir, path);
  gsize n = strlen (new_dir);
  if (g_str_has_prefix (abs, new_dir) && (abs[n] == '/' || (n > 0 && new_dir[n - 1] == '/')))
    return g_strdup (abs + n + (abs[n] == '/'));
  return g_steal_pointer (&abs);
}

gboolean
shl_lesson_save (ShlLesson *l, const char *path, GError **error)
{
  g_return_val_if_fail (l != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  g_autofree char *dir = g_path_get_dirname (abs);
  /* the slides' paths as seen from the new folder, on a copy: a failed
   * write changes nothing */
  g_autoptr (ShlLesson) copy = shl_lesson_new (l->title);
  for (guint k = 0; k < l->slides->len; k++)
    {
      ShlLessonSlide *s = shl_lesson_slide_copy (g_ptr_array_index (l->slides, k));
      char **paths[] = { &s->session, &s->network, &s->data };
      for (guint j = 0; j < G_N_ELEMENTS (paths); j++)
        if (*paths[j])
          {
            char *r = rebase (*paths[j], l->dir, dir);
            g_free (*paths[j]);
            *paths[j] = r;
          }
      shl_lesson_add_slide (copy, s);
    }
  g_autofree char *text = shl_lesson_to_json (copy);
  if (!shl_write_file_atomic (path, text, -1, error))
    return FALSE;
  g_ptr_array_unref (l->slides);
  l->slides = g_steal_pointer (&copy->slides);
  copy->slides = g_ptr_array_new ();
  g_free (l->dir);
  l->dir = g_steal_pointer (&dir);
  return TRUE;
}
