/* shl-settings.c: find the GSettings schema, installed or in the build
 * tree. */
#include "shl-settings.h"

#include <stdlib.h>

#define SHL_SCHEMA_ID "io.github.shallows.Shallows"

/* TRUE when this program runs from the build tree it was built in */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  char *root = realpath (SHL_BUILD_ROOT, NULL);
  gboolean inside = exe && root && g_str_has_prefix (exe, root) && exe[strlen (root)] == '/';
  free (root);
  return inside;
}

static GSettingsSchema *
lookup_in_build_tree (GSettingsSchemaSource *parent)
{
  g_autofree char *compiled = g_build_filename (SHL_SCHEMA_BUILD_DIR, "gschemas.compiled", NULL);
  if (!g_file_test (compiled, G_FILE_TEST_IS_REGULAR))
    return NULL;
  g_autoptr (GError) err = NULL;
  GSettingsSchemaSource *src = g_settings_schema_source_new_from_directory (SHL_SCHEMA_BUILD_DIR,
                                                                            parent, FALSE, &err);
  if (!src)
    {
      g_message ("%s: %s", compiled, err->message);
      return NULL;
    }
  GSettingsSchema *schema = g_settings_schema_source_lookup (src, SHL_SCHEMA_ID, FALSE);
  g_settings_schema_source_unref (src);
  return schema;
}

/* The schema of the build tree first when running from it (an older
 * installed copy may lack keys), else the installed one; NULL if neither
 * is there. */
static GSettingsSchema *
find_schema (void)
{
  GSettingsSchemaSource *def = g_settings_schema_source_get_default ();
  GSettingsSchema *schema = NULL;
  gboolean uninstalled = running_uninstalled ();
  if (uninstalled)
    schema = lookup_in_build_tree (def);
  if (!schema && def)
    schema = g_settings_schema_source_lookup (def, SHL_SCHEMA_ID, TRUE);
  if (!schema && !uninstalled)
    schema = lookup_in_build_tree (def);
  if (!schema)
    g_message ("the settings schema %s is neither installed nor in %s: "
               "preferences will not be saved", SHL_SCHEMA_ID, SHL_SCHEMA_BUILD_DIR);
  return schema;
}

GSettings *
shl_settings_new (void)
{
  static GSettingsSchema *schema;
  static gsize once;
  if (g_once_init_enter (&once))
    {
      schema = find_schema ();
      g_once_init_leave (&once, 1);
    }
  return schema ? g_settings_new_full (schema, NULL, NULL) : NULL;
}
