/* shl-window-files.c: sessions and files: open (by content: a session, a
 * network or a data set), save and save as, recent sessions, drag and
 * drop, loading and saving single networks and data sets, the window
 * title, and the confirmation before closing with unsaved changes. */
#include "shl-window-private.h"

#include "shl-io.h"
#include "shl-panel-grid.h"
#include "shl-session.h"

/* the recent sessions shown in the menu */
#define N_RECENT 8

static void add_recent (ShlWindow *self, const char *path);

/* ------------------------------------------------------ title and state */

static void
update_title (ShlWindow *self)
{
  gboolean modified;
  g_object_get (self->sim, "modified", &modified, NULL);
  const char *path = self->files.session_path;
  g_autofree char *base = path ? g_path_get_basename (path) : g_strdup ("Untitled session");
  g_autofree char *title = g_strdup_printf ("%s%s — Shallows", modified ? "• " : "", base);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
on_modified (GObject *sim, GParamSpec *p, gpointer data)
{
  update_title (data);
}

static void
set_session_path (ShlWindow *self, const char *path)
{
  g_free (self->files.session_path);
  self->files.session_path = g_strdup (path);
  shl_sim_set_modified (self->sim, FALSE);
  add_recent (self, path);
  update_title (self);
}

/* --------------------------------------------------------- open, save */

static gboolean
open_session (ShlWindow *self, const char *path, GError **error)
{
  g_autoptr (ShlSession) ss = shl_session_load (path, error);
  if (!ss || !shl_sim_load_session (self->sim, ss, error))
    return FALSE;
  ShlViewSettings *view = shl_sim_get_view_settings (self->sim);
  shl_panel_grid_set_maximized (SHL_PANEL_GRID (self->grid), view->maximized);
  shl_window_sidebar_show_view (self, view);
  set_session_path (self, path);
  return TRUE;
}

gboolean
shl_window_open_file (ShlWindow *self, GFile *file, GError **error)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_autofree char *path = g_file_get_path (file);
  if (!path)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_IO, "only local files can be opened");
      return FALSE;
    }
  /* by content: a session, a network (a JSON object), or a CSV */
  g_autofree char *head = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &head, &len, error))
    return FALSE;
  const char *p = head;
  while (p < head + len && g_ascii_isspace (*p))
    p++;
  if (shl_session_sniff (head, len))
    return open_session (self, path, error);
  if (shl_lesson_sniff (head, len))
    return shl_window_open_lesson (self, path, error);
  if (p < head + len && *p == '{')
    return shl_sim_load_network (self->sim, path, error);
  return shl_sim_import_data (self->sim, path, error);
}

gboolean
shl_window_save_session (ShlWindow *self, const char *path, GError **error)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_autoptr (ShlSession) ss = shl_sim_to_session (self->sim);
  if (!shl_session_save (ss, path, error))
    return FALSE;
  set_session_path (self, path);
  return TRUE;
}

const char *
shl_window_get_session_path (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  return self->files.session_path;
}

/* ------------------------------------------------------------- recent */

/* recent sessions: GtkRecentManager entries registered by "shallows" */
static void
rebuild_recent (ShlWindow *self)
{
  g_menu_remove_all (self->files.recent_menu);
  GtkRecentManager *rm = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (rm);
  int n = 0;
  for (GList *l = items; l && n < N_RECENT; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      if (!gtk_recent_info_has_application (info, "shallows") || !gtk_recent_info_exists (info))
        continue;
      g_autoptr (GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (gtk_recent_info_get_uri (info)));
      g_menu_append_item (self->files.recent_menu, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static void
add_recent (ShlWindow *self, const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  if (!uri)
    return;
  GtkRecentData data = { NULL, NULL, (char *) "application/json", (char *) "shallows",
                         (char *) "shallows %u", NULL, FALSE };
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
  rebuild_recent (self);
}

static void
act_open_recent (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (p, NULL));
  g_autoptr (GError) err = NULL;
  if (!shl_window_open_file (self, file, &err))
    shl_window_show_error (self, "Could not open the session", err);
}

/* ------------------------------------------------------ file choosers */

static void
on_open_any (GtkNativeDialog *dialog, int response, gpointer data)
{
  ShlWindow *self = data;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr (GError) err = NULL;
      if (!shl_window_open_file (self, file, &err))
        shl_window_show_error (self, "Could not open the file", err);
    }
  g_object_unref (dialog);
}

static void
act_open (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  GtkFileChooserNative *d = gtk_file_chooser_native_new (
    "Open a Session, Network or Data Set", GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
    "_Open", "_Cancel");
  const char *names[] = { "Sessions, networks and data", "Sessions and networks (JSON)", "Data (CSV)" };
  const char *pats[][3] = { { "*.json", "*.csv", NULL }, { "*.json", NULL, NULL }, { "*.csv", NULL, NULL } };
  for (int k = 0; k < 3; k++)
    {
      GtkFileFilter *f = gtk_file_filter_new ();
      gtk_file_filter_set_name (f, names[k]);
      for (int j = 0; pats[k][j]; j++)
        gtk_file_filter_add_pattern (f, pats[k][j]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (d), f);
      g_object_unref (f);
    }
  g_signal_connect (d, "response", G_CALLBACK (on_open_any), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (d));
}

/* a single network (JSON) or data set (CSV) */
typedef struct {
  ShlWindow *self;
  gboolean   network;
  gboolean   save;
} DialogCtx;

static void
on_file_response (GtkNativeDialog *dialog, int response, gpointer data)
{
  DialogCtx *ctx = data;
  ShlWindow *self = ctx->self;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr (GError) err = NULL;
      g_autofree char *path = g_file_get_path (file);
      if (ctx->save)
        {
          ShlScene *scene = shl_sim_get_scene (self->sim);
          if (scene->net && !shl_net_save_json (scene->net, path, &err))
            shl_window_show_error (self, "Could not save the network", err);
        }
      else if (ctx->network ? !shl_sim_load_network (self->sim, path, &err)
                            : !shl_sim_import_data (self->sim, path, &err))
        shl_window_show_error (self, ctx->network ? "Could not open the network"
                                                  : "Could not import the data", err);
    }
  g_object_unref (dialog);
  g_free (ctx);
}

static void
file_dialog (ShlWindow *self, gboolean network, gboolean save)
{
  GtkFileChooserNative *d;
  if (save)
    {
      d = gtk_file_chooser_native_new ("Save the Network", GTK_WINDOW (self),
                                       GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel");
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (d), "network.json");
    }
  else
    {
      d = gtk_file_chooser_native_new (network ? "Load a Network" : "Import Data", GTK_WINDOW (self),
                                       GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
      GtkFileFilter *f = gtk_file_filter_new ();
      gtk_file_filter_set_name (f, network ? "Networks (JSON)" : "Data (CSV)");
      gtk_file_filter_add_pattern (f, network ? "*.json" : "*.csv");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (d), f);
      g_object_unref (f);
    }
  DialogCtx *ctx = g_new0 (DialogCtx, 1);
  ctx->self = self;
  ctx->network = network;
  ctx->save = save;
  g_signal_connect (d, "response", G_CALLBACK (on_file_response), ctx);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (d));
}

static void
act_open_network (GtkWidget *w, const char *name, GVariant *p)
{
  file_dialog (SHL_WINDOW (w), TRUE, FALSE);
}

static void
act_import_data (GtkWidget *w, const char *name, GVariant *p)
{
  file_dialog (SHL_WINDOW (w), FALSE, FALSE);
}

static void
act_save_network (GtkWidget *w, const char *name, GVariant *p)
{
  file_dialog (SHL_WINDOW (w), TRUE, TRUE);
}

/* ----------------------------------------------------- save as, close */

static void
close_now (ShlWindow *self)
{
  self->files.closing_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

typedef struct {
  ShlWindow *self;
  gboolean   close_after;
} SaveCtx;

static void
on_save_as (GtkNativeDialog *dialog, int response, gpointer data)
{
  SaveCtx *c = data;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      if (!g_str_has_suffix (path, ".json"))
        {
          char *with = g_strconcat (path, ".json", NULL);
          g_free (path);
          path = with;
        }
      g_autoptr (GError) err = NULL;
      if (!shl_window_save_session (c->self, path, &err))
        shl_window_show_error (c->self, "Could not save the session", err);
      else if (c->close_after)
        close_now (c->self);
    }
  g_object_unref (dialog);
  g_free (c);
}

static void
save_as (ShlWindow *self, gboolean close_after)
{
  GtkFileChooserNative *d = gtk_file_chooser_native_new (
    "Save the Session", GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel");
  const char *path = self->files.session_path;
  g_autofree char *base = path ? g_path_get_basename (path) : g_strdup ("session.json");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (d), base);
  SaveCtx *c = g_new0 (SaveCtx, 1);
  c->self = self;
  c->close_after = close_after;
  g_signal_connect (d, "response", G_CALLBACK (on_save_as), c);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (d));
}

/* save to the session's file (asking for one if there is none); TRUE if
 * saved now */
static gboolean
save (ShlWindow *self, gboolean close_after)
{
  if (!self->files.session_path)
    {
      save_as (self, close_after);
      return FALSE;
    }
  g_autoptr (GError) err = NULL;
  if (!shl_window_save_session (self, self->files.session_path, &err))
    {
      shl_window_show_error (self, "Could not save the session", err);
      return FALSE;
    }
  return TRUE;
}

static void
act_save (GtkWidget *w, const char *name, GVariant *p)
{
  save (SHL_WINDOW (w), FALSE);
}

static void
act_save_as (GtkWidget *w, const char *name, GVariant *p)
{
  save_as (SHL_WINDOW (w), FALSE);
}

static void
on_close_answer (GtkDialog *dialog, int response, gpointer data)
{
  ShlWindow *self = data;
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_REJECT)       /* discard */
    close_now (self);
  else if (response == GTK_RESPONSE_ACCEPT)  /* save */
    {
      if (save (self, TRUE))
        close_now (self);
    }
}

static gboolean
on_close_request (GtkWindow *win, gpointer data)
{
  ShlWindow *self = SHL_WINDOW (win);
  gboolean modified;
  g_object_get (self->sim, "modified", &modified, NULL);
  if (self->files.closing_confirmed || !modified)
    {
      shl_window_save_state (self);
      return FALSE;
    }
  GtkWidget *d = gtk_message_dialog_new (win, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                         GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                         "Save the session before closing?");
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (d),
    "The training run, its history and its settings have changed since they were last saved.");
  gtk_dialog_add_buttons (GTK_DIALOG (d), "_Cancel", GTK_RESPONSE_CANCEL,
                          "_Discard", GTK_RESPONSE_REJECT, "_Save", GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (d), GTK_RESPONSE_ACCEPT);
  g_signal_connect (d, "response", G_CALLBACK (on_close_answer), self);
  gtk_window_present (GTK_WINDOW (d));
  return TRUE;
}

/* ------------------------------------------------------ drag and drop */

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, gpointer data)
{
  ShlWindow *self = data;
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  GSList *files = g_value_get_boxed (value);
  gboolean any = FALSE;
  for (GSList *l = files; l; l = l->next)
    {
      g_autoptr (GError) err = NULL;
      if (!shl_window_open_file (self, l->data, &err))
        shl_window_show_error (self, "Could not open the dropped file", err);
      else
        any = TRUE;
    }
  return any;
}

/* ------------------------------------------------------------- set-up */

void
shl_window_files_class_init (GtkWidgetClass *wc)
{
  gtk_widget_class_install_action (wc, "win.open", NULL, act_open);
  gtk_widget_class_install_action (wc, "win.open-recent", "s", act_open_recent);
  gtk_widget_class_install_action (wc, "win.save", NULL, act_save);
  gtk_widget_class_install_action (wc, "win.save-as", NULL, act_save_as);
  gtk_widget_class_install_action (wc, "win.open-network", NULL, act_open_network);
  gtk_widget_class_install_action (wc, "win.import-data", NULL, act_import_data);
  gtk_widget_class_install_action (wc, "win.save-network", NULL, act_save_network);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_i, GDK_CONTROL_MASK, "win.import-data", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
}

void
shl_window_files_init (ShlWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  g_signal_connect (self->sim, "notify::modified", G_CALLBACK (on_modified), self);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
  /* building the controls set the sim's properties: nothing to save yet */
  shl_sim_set_modified (self->sim, FALSE);
  rebuild_recent (self);
  update_title (self);
}

void
shl_window_files_dispose (ShlWindow *self)
{
  g_clear_pointer (&self->files.session_path, g_free);
}
