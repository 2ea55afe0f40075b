/* shl-sim-lesson.c: a lesson's slides on the sim, and the shipped lessons
 * (see shl-sim-lesson.h). */
#include "shl-sim-lesson.h"

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "shl-pathology.h"
#include "shl-session.h"
#include "shl-sim-private.h"
#include "shl-view-settings.h"
#include "shl-json.h"

/* ------------------------------------------------------------- errors */

static gboolean fail (GError **error, const ShlLesson *lesson, guint index,
                      const char *field, const char *fmt, ...) G_GNUC_PRINTF (5, 6);

/* "LESSON: slide K ("title"): field "F": MESSAGE" */
static gboolean
fail (GError **error, const ShlLesson *lesson, guint index, const char *field,
      const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  const ShlLessonSlide *s = shl_lesson_get_slide (lesson, index);
  g_autoptr (GString) where = g_string_new (lesson->title);
  g_string_append_printf (where, ": slide %u (\"%s\")", index + 1, s->title);
  if (field)
    g_string_append_printf (where, ": field \"%s\"", field);
  g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "%s: %s", where->str, msg);
  return FALSE;
}

/* ------------------------------------------------------------- source */

static gboolean
apply_source (ShlSim *self, const ShlLesson *lesson, guint index, GError **error)
{
  const ShlLessonSlide *s = shl_lesson_get_slide (lesson, index);
  g_autoptr (GError) err = NULL;
  if (s->preset)
    {
      const ShlPathology *p = shl_pathology_lookup (s->preset);
      double param = s->has_param ? s->param : (p ? p->param_default : 0);
      if (!shl_sim_apply_pathology (self, s->preset, param, &err))
        return fail (error, lesson, index, "preset", "%s", err->message);
      return TRUE;
    }
  if (s->session)
    {
      g_autofree char *path = shl_lesson_resolve (lesson, s->session);
      g_autoptr (ShlSession) ss = shl_session_load (path, &err);
      if (!ss || !shl_sim_load_session (self, ss, &err))
        return fail (error, lesson, index, "session", "%s", err->message);
      return TRUE;
    }
  if (s->data)
    {
      g_autofree char *path = shl_lesson_resolve (lesson, s->data);
      if (!shl_sim_import_data (self, path, &err))
        return fail (error, lesson, index, "data", "%s", err->message);
    }
  if (s->network)
    {
      g_autofree char *path = shl_lesson_resolve (lesson, s->network);
      int data_dim = self->imported ? self->imported->d : 0;
      if (!shl_sim_load_network (self, path, &err))
        return fail (error, lesson, index, "network", "%s", err->message);
      if (data_dim && data_dim != self->dim)
        return fail (error, lesson, index, "network", "the network is %d-D but the data are %d-D",
                     self->dim, data_dim);
    }
  return TRUE;
}

/* ----------------------------------------------------------- settings */

static gboolean
apply_settings (ShlSim *self, const ShlLesson *lesson, guint index, GError **error)
{
  const ShlLessonSlide *s = shl_lesson_get_slide (lesson, index);
  g_object_freeze_notify (G_OBJECT (self));
  gboolean ok = TRUE;
  for (guint k = 0; k < s->n_settings && ok; k++)
    {
      const ShlLessonSetting *set = &s->settings[k];
      const char *key = set->info->key;
      GParamSpec *p = g_object_class_find_property (G_OBJECT_GET_CLASS (self), key);
      g_autofree char *field = g_strdup_printf ("settings.%s", key);
      if (!p || !(p->flags & G_PARAM_WRITABLE))
        {
          ok = fail (error, lesson, index, field, "the simulation has no such setting");
          break;
        }
      g_auto (GValue) v = G_VALUE_INIT;
      g_value_init (&v, p->value_type);
      switch (set->info->type)
        {
        case SHL_LESSON_VALUE_INT:
          if (p->value_type == G_TYPE_INT)
            g_value_set_int (&v, (int) CLAMP (set->i, G_MININT, G_MAXINT));
          else if (p->value_type == G_TYPE_UINT)
            g_value_set_uint (&v, (guint) CLAMP (set->i, 0, G_MAXUINT));
          else if (p->value_type == G_TYPE_UINT64)
            g_value_set_uint64 (&v, (guint64) MAX (set->i, 0));
          else
            ok = FALSE;
          break;
        case SHL_LESSON_VALUE_DOUBLE:
          if (p->value_type == G_TYPE_DOUBLE)
            g_value_set_double (&v, set->d);
          else
            ok = FALSE;
          break;
        case SHL_LESSON_VALUE_BOOL:
          if (p->value_type == G_TYPE_BOOLEAN)
            g_value_set_boolean (&v, set->b);
          else
            ok = FALSE;
          break;
        case SHL_LESSON_VALUE_STRING:
        default:
          if (p->value_type == G_TYPE_STRING)
            g_value_set_string (&v, set->s);
          else
            ok = FALSE;
          break;
        }
      if (!ok)
        {
          fail (error, lesson, index, field, "the simulation keeps it as a %s",
                g_type_name (p->value_type));
          break;
        }
      if (g_param_value_validate (p, &v))
        {
          ok = fail (error, lesson, index, field, "out of the simulation's range");
          break;
        }
      g_object_set_property (G_OBJECT (self), key, &v);
    }
  g_object_thaw_notify (G_OBJECT (self));
  /* the settings that restart the problem do it now, not at idle */
  if (self->reset_idle)
    shl_sim_reset_now (self);
  return ok;
}

/* --------------------------------------------------------------- moves */

static gboolean
apply_moves (ShlSim *self, const ShlLesson *lesson, guint index, GError **error)
{
  const ShlLessonSlide *s = shl_lesson_get_slide (lesson, index);
  for (guint k = 0; s->moves && s->moves[k]; k++)
    {
      g_autoptr (GError) err = NULL;
      if (!shl_sim_transform (self, s->moves[k], &err))
        {
          g_autofree char *field = g_strdup_printf ("moves[%u]", k);
          return fail (error, lesson, index, field, "%s", err->message);
        }
    }
  return TRUE;
}

/* ---------------------------------------------------------------- view */

/* base's members, then over's (objects merged one level down), as JSON */
static char *
merge_view (const char *base, const char *over)
{
  g_autoptr (JsonParser) pb = shl_json_parse_text (base, -1, "view", NULL);
  g_autoptr (JsonParser) po = shl_json_parse_text (over, -1, "view", NULL);
  if (!pb || !po
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (pb))
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (po)))
    return g_strdup (over);
  JsonObject *b = json_node_get_object (json_parser_get_root (pb));
  JsonObject *o = json_node_get_object (json_parser_get_root (po));
  g_autoptr (GList) members = json_object_get_members (o);
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *on = json_object_get_member (o, l->data);
      JsonNode *bn = json_object_get_member (b, l->data);
      if (bn && JSON_NODE_HOLDS_OBJECT (bn) && JSON_NODE_HOLDS_OBJECT (on))
        {
          JsonObject *bo = json_node_get_object (bn), *oo = json_node_get_object (on);
          g_autoptr (GList) inner = json_object_get_members (oo);
          for (GList *i = inner; i; i = i->next)
            json_object_set_member (bo, i->data, json_node_copy (json_object_get_member (oo, i->data)));
        }
      else
        json_object_set_member (b, l->data, json_node_copy (on));
    }
  return json_to_string (json_parser_get_root (pb), FALSE);
}

gboolean
shl_sim_lesson_layer_view (ShlViewSettings *view, const char *slide_view, GError **error)
{
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!slide_view)
    return TRUE;
  g_autofree char *base = shl_view_settings_to_json (view);
  g_autofree char *json = merge_view (base, slide_view);
  ShlViewSettings out;
  if (!shl_view_settings_from_json (&out, json, error))
    return FALSE;
  *view = out;
  return TRUE;
}

static gboolean
apply_view (ShlSim *self, const ShlLesson *lesson, guint index, GError **error)
{
  const ShlLessonSlide *s = shl_lesson_get_slide (lesson, index);
  if (!s->view_json)
    return TRUE;
  g_autoptr (GError) err = NULL;
  if (!shl_sim_lesson_layer_view (&self->view, s->view_json, &err))
    return fail (error, lesson, index, "view", "%s", err->message);
  shl_sim_landscape_changed (self);
  return TRUE;
}

/* ------------------------------------------------------------- public */

void
shl_sim_run_for (ShlSim *self, guint64 n)
{
  g_return_if_fail (SHL_IS_SIM (self));
  if (n == 0 || !self->runner)
    return;
  self->scrub = -1;
  shl_runner_run_for (self->runner, n);
}

gboolean
shl_sim_apply_slide (ShlSim *self, const ShlLesson *lesson, guint index, ShlSlideTraining how,
                     GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  g_return_val_if_fail (lesson != NULL, FALSE);
  g_return_val_if_fail (index < shl_lesson_n_slides (lesson), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  const ShlLessonSlide *s = shl_lesson_get_slide (lesson, index);
  g_autofree char *undo_label = g_strdup_printf ("slide %u", index + 1);
  shl_sim_undo_checkpoint (self, undo_label);
  /* the state from here on is this slide's (undo goes back to the slide
   * before, see shl-sim-undo.c) */
  if (self->lesson_slide != (int) index)
    {
      self->lesson_slide = (int) index;
      shl_sim_notify (self, PROP_LESSON_SLIDE);
    }
  shl_sim_restore_defaults (self);
  gboolean ok = apply_source (self, lesson, index, error)
                && apply_settings (self, lesson, index, error)
                && apply_moves (self, lesson, index, error)
                && apply_view (self, lesson, index, error);
  if (!ok)
    {
      shl_sim_restore_defaults (self);
      shl_sim_set_modified (self, FALSE);
      return FALSE;
    }
  if (s->train)
    {
      if (how == SHL_SLIDE_TRAIN_PACED)
        {
          g_object_set (self, "speed", s->speed, NULL);
          shl_sim_run_for (self, s->steps);
        }
      else
        shl_runner_step (self->runner, s->steps);
    }
  self->dirty = TRUE;
  shl_sim_set_modified (self, FALSE);
  return TRUE;
}

gboolean
shl_sim_lesson_check_view (const char *view_json, GError **error)
{
  ShlViewSettings view;
  return shl_view_settings_from_json (&view, view_json, error);
}

ShlLesson *
shl_sim_load_lesson (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  return shl_lesson_load (path, shl_sim_lesson_check_view, error);
}

/* ------------------------------------------------------ shipped lessons */

/* TRUE when this program runs from the build tree it was built in (as
 * ui/shl-settings.c decides for the settings schema) */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  char *root = realpath (SHL_BUILD_ROOT, NULL);
  gboolean inside = exe && root && g_str_has_prefix (exe, root) && exe[strlen (root)] == '/';
  free (root);
  return inside;
}

const char *
shl_lessons_dir (void)
{
  static const char *dir;
  static gsize once;
  if (g_once_init_enter (&once))
    {
      const char *d = SHL_LESSONS_INSTALLED_DIR;
      if (running_uninstalled () || !g_file_test (d, G_FILE_TEST_IS_DIR))
        d = SHL_LESSONS_SOURCE_DIR;
      dir = d;
      g_once_init_leave (&once, 1);
    }
  return dir;
}

static int
cmp_lessons (gconstpointer a, gconstpointer b)
{
  const char *x = *(const char *const *) a, *y = *(const char *const *) b;
  gboolean px = g_str_has_suffix (x, "/paper.json"), py = g_str_has_suffix (y, "/paper.json");
  if (px != py)
    return px ? -1 : 1;
  return strcmp (x, y);
}

GPtrArray *
shl_lessons_shipped (void)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  const char *dir = shl_lessons_dir ();
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  if (!d)
    return out;
  const char *name;
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (out, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (out, cmp_lessons);
  return out;
}

char *
shl_lessons_find_shipped (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  if (!*name || strchr (name, '/'))
    return NULL;
  g_autofree char *file = g_strconcat (name, ".json", NULL);
  char *path = g_build_filename (shl_lessons_dir (), file, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return path;
  g_free (path);
  return NULL;
}
