/* test-ui-prefs.c: preferences set in one window come back in a new
 * window and after a restart.
 *
 * The settings go to a keyfile backend in a temporary directory
 * (XDG_CONFIG_HOME), never to the user's settings. The "restart" is a
 * subprocess of this binary with the same directory: a new application
 * whose startup reads what the first one wrote. */
#include <errno.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>

#include "shl-application.h"
#include "shl-plot-view.h"
#include "shl-window.h"

static ShlApplication *app;
static char *config_dir;

/* iterate the main loop until cond; a minute guards against hangs */
#define SPIN_UNTIL(cond)                                                     \
  G_STMT_START {                                                             \
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;         \
    while (!(cond) && g_get_monotonic_time () < deadline)                    \
      if (!g_main_context_iteration (NULL, FALSE))                           \
        g_usleep (1000);                                                     \
    if (!(cond))                                                             \
      g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #cond); \
  } G_STMT_END

/* the widget built from a .ui file with this id, under w */
static GtkWidget *
find_id (GtkWidget *w, const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)), id) == 0)
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_id (c, id);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
get_id (GtkWidget *w, const char *id)
{
  GtkWidget *found = find_id (w, id);
  if (!found)
    g_error ("no widget '%s' in %s", id, G_OBJECT_TYPE_NAME (w));
  return found;
}

/* the visible toplevel with this title that is (file chooser) or is not a
 * GtkFileChooser, or NULL */
static GtkWindow *
find_toplevel (const char *title, gboolean chooser)
{
  GListModel *list = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;
  for (guint k = 0; k < g_list_model_get_n_items (list) && !found; k++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (list, k);
      if (gtk_widget_get_visible (GTK_WIDGET (w))
          && g_strcmp0 (gtk_window_get_title (w), title) == 0
          && GTK_IS_FILE_CHOOSER (w) == chooser)
        found = w;
    }
  return found;
}

static double
panel_scale (ShlWindow *win)
{
  return shl_plot_view_get_scale (SHL_PLOT_VIEW (shl_window_get_panel (win, 0)));
}

static gboolean
prefer_dark (void)
{
  gboolean dark;
  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);
  return dark;
}

static guint
selected (GtkWidget *dialog, const char *id)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (get_id (dialog, id)));
}

static double
spin_value (GtkWidget *dialog, const char *id)
{
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (get_id (dialog, id)));
}

static GtkWidget *
open_export_dialog (ShlWindow *win)
{
  g_assert_null (find_toplevel ("Export Figure", FALSE));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.export", NULL);
  GtkWindow *d;
  SPIN_UNTIL ((d = find_toplevel ("Export Figure", FALSE)) != NULL);
  return GTK_WIDGET (d);
}

/* the keyfile the settings backend writes */
static char *
read_keyfile (void)
{
  g_autofree char *path = g_build_filename (config_dir, "glib-2.0", "settings", "keyfile", NULL);
  char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

static gboolean
keyfile_has (const char *line)
{
  g_autofree char *text = read_keyfile ();
  return strstr (text, line) != NULL;
}

/* text size and dark style through the preferences window */
static void
set_preferences (ShlWindow *win)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  GtkWindow *prefs;
  SPIN_UNTIL ((prefs = find_toplevel ("Preferences", FALSE)) != NULL);
  gtk_range_set_value (GTK_RANGE (get_id (GTK_WIDGET (prefs), "scale")), 1.75);
  g_assert_cmpfloat (panel_scale (win), ==, 1.75);
  g_assert_false (prefer_dark ());
  gtk_switch_set_active (GTK_SWITCH (get_id (GTK_WIDGET (prefs), "dark")), TRUE);
  g_assert_true (prefer_dark ());
  gtk_window_destroy (prefs);
}

/* export options: chosen in the dialog and confirmed with "Export…";
 * the file chooser that follows is cancelled */
static void
set_export_options (ShlWindow *win)
{
  GtkWidget *d = open_export_dialog (win);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_id (d, "panel")), 2);        /* derivative */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_id (d, "unit")), 1);         /* cm */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get_id (d, "width")), 12.5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get_id (d, "height")), 8);
  g_assert_cmpuint (selected (d, "preset"), ==, 5);                          /* custom */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_id (d, "format")), 2);       /* PNG */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_id (d, "font")), 2);         /* cm */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get_id (d, "font_size")), 10);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_id (d, "legend")), 6);       /* off */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_id (d, "colormap")), 1);     /* bluegold */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (get_id (d, "titles")), FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (get_id (d, "letters")), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (get_id (d, "show_kinks")), FALSE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get_id (d, "dpi")), 150);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_id (d, "style")), 1);        /* screen */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (get_id (d, "transparent")), TRUE);
  g_signal_emit_by_name (get_id (d, "go"), "clicked");
  GtkWindow *chooser;
  SPIN_UNTIL ((chooser = find_toplevel ("Export Figure", TRUE)) != NULL);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  SPIN_UNTIL (find_toplevel ("Export Figure", TRUE) == NULL);
  g_signal_emit_by_name (get_id (d, "cancel"), "clicked");
  SPIN_UNTIL (find_toplevel ("Export Figure", FALSE) == NULL);
}

/* what set_export_options chose, in a new window's dialog */
static void
assert_export_options (ShlWindow *win)
{
  GtkWidget *d = open_export_dialog (win);
  g_assert_cmpuint (selected (d, "panel"), ==, 2);
  g_assert_cmpuint (selected (d, "preset"), ==, 5);
  g_assert_cmpuint (selected (d, "unit"), ==, 1);
  g_assert_cmpuint (selected (d, "font"), ==, 2);
  g_assert_cmpfloat (spin_value (d, "font_size"), ==, 10);
  g_assert_cmpuint (selected (d, "legend"), ==, 6);
  g_assert_cmpuint (selected (d, "colormap"), ==, 1);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_id (d, "titles"))));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_id (d, "letters"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_id (d, "show_kinks"))));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_id (d, "show_data"))));
  g_assert_cmpfloat_with_epsilon (spin_value (d, "width"), 12.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (spin_value (d, "height"), 8, 1e-9);
  g_assert_cmpuint (selected (d, "format"), ==, 2);
  g_assert_cmpfloat (spin_value (d, "dpi"), ==, 150);
  g_assert_cmpuint (selected (d, "style"), ==, 1);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_id (d, "transparent"))));
  g_assert_true (gtk_widget_get_sensitive (get_id (d, "dpi")));
  gtk_window_destroy (GTK_WINDOW (d));
}

static void
assert_window_state (ShlWindow *win)
{
  int w, h;
  gtk_window_get_default_size (GTK_WINDOW (win), &w, &h);
  g_assert_cmpint (w, ==, 900);
  g_assert_cmpint (h, ==, 640);
  g_assert_cmpfloat (panel_scale (win), ==, 1.75);
}

static void
test_remembered (void)
{
  /* the first run: nothing remembered yet */
  ShlWindow *win = shl_window_new (GTK_APPLICATION (app));
  g_assert_cmpfloat (panel_scale (win), ==, 1.0);
  gtk_window_set_default_size (GTK_WINDOW (win), 900, 640);
  gtk_window_present (GTK_WINDOW (win));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (win)));

  set_preferences (win);
  set_export_options (win);

  /* closing remembers the window's size */
  shl_sim_set_modified (shl_window_get_sim (win), FALSE);
  gtk_window_close (GTK_WINDOW (win));
  SPIN_UNTIL (gtk_application_get_windows (GTK_APPLICATION (app)) == NULL);

  /* on disk, for the next run */
  SPIN_UNTIL (keyfile_has ("window-width=900") && keyfile_has ("window-height=640")
              && keyfile_has ("plot-scale=1.75") && keyfile_has ("dark-style=true")
              && keyfile_has ("export-format='png'"));

  /* a new window in this run */
  win = shl_window_new (GTK_APPLICATION (app));
  assert_window_state (win);
  assert_export_options (win);

  gtk_window_destroy (GTK_WINDOW (win));

  /* a restart */
  g_test_trap_subprocess ("/ui-prefs/restart/subprocess", 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* run by test_remembered as a new process: the preferences of the first
 * run come back */
static void
test_restart (void)
{
  g_assert_true (prefer_dark ());
  ShlWindow *win = shl_window_new (GTK_APPLICATION (app));
  assert_window_state (win);
  assert_export_options (win);
  gtk_window_destroy (GTK_WINDOW (win));
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;
      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
    }
  g_remove (path);
}

int
main (int argc, char **argv)
{
  /* before anything reads the environment: settings in a keyfile in a
   * temporary directory (shared with the restarted subprocess) */
  gboolean owner = FALSE;
  config_dir = g_strdup (g_getenv ("SHL_PREFS_TEST_DIR"));
  if (!config_dir)
    {
      /* in the build directory when run by meson: a failed run leaves its
       * directory there to look at, not in /tmp */
      const char *base = g_getenv ("SHL_BUILD_DIR");
      config_dir = g_build_filename (base ? base : g_get_tmp_dir (), "test-ui-prefs-XXXXXX", NULL);
      if (!g_mkdtemp (config_dir))
        g_error ("%s: %s", config_dir, g_strerror (errno));
      g_setenv ("SHL_PREFS_TEST_DIR", config_dir, TRUE);
      owner = TRUE;
    }
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      if (owner)
        remove_tree (config_dir);
      return 77;
    }
  app = shl_application_new ();
  /* startup (actions, CSS, the remembered preferences) without a main loop
   * of its own */
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_test_add_func ("/ui-prefs/remembered", test_remembered);
  g_test_add_func ("/ui-prefs/restart/subprocess", test_restart);
  int rc = g_test_run ();
  g_object_unref (app);
  if (owner)
    remove_tree (config_dir);
  g_free (config_dir);
  return rc;
}
