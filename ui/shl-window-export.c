/* shl-window-export.c: figure export (the same drawing as `shallows-cli
 * render`), CSV export of the plotted data, and the export dialog
 * (shl-window-export.ui): what to draw and how big, then where. */
#include "shl-window-private.h"

#include "shl-panel-grid.h"
#include "shl-session.h"
#include "shl-settings.h"

#define PT_PER_CM (72.0 / 2.54)

/* the choices of the drop-downs in shl-window-export.ui as the
 * preferences (GSettings) name them; export_ext doubles as the format's */
static const char *const export_ext[] = { "pdf", "svg", "png", NULL };
static const char *const panel_ids[] = { "all", "realization", "derivative", "landscape",
                                         "trajectory", NULL };
static const char *const size_ids[] = { "one-column", "two-columns", "custom", NULL };
static const char *const unit_ids[] = { "pt", "cm", NULL };
static const char *const style_ids[] = { "paper", "screen", NULL };

/* ------------------------------------------------------------ figures */

typedef struct {
  int            panel;   /* -1: all four */
  ShlStylePreset style;
  ShlScene      *scene;
} ExportCtx;

static void
draw_export (cairo_t *cr, double width, double height, gpointer data)
{
  ExportCtx *ctx = data;
  shl_panels_draw_figure (cr, ctx->scene, ctx->panel, ctx->style, width, height);
}

gboolean
shl_window_export_figure (ShlWindow *self, const char *path, ShlExportFormat format,
                          int panel, double width_pt, double height_pt, double dpi,
                          ShlStylePreset style, gboolean transparent, GError **error)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (panel >= -1 && panel < SHL_N_PANELS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  /* the same scene `shallows-cli render` builds from the saved session */
  g_autoptr (ShlSession) ss = shl_sim_to_session (self->sim);
  g_autoptr (ShlSceneData) sd = shl_scene_data_new (ss, error);
  if (!sd)
    return FALSE;
  ExportCtx ctx = { panel, style, shl_scene_data_get_scene (sd) };
  return shl_render_export (path, format, width_pt, height_pt, dpi,
                            transparent ? SHL_EXPORT_TRANSPARENT : SHL_EXPORT_FLAGS_NONE,
                            draw_export, &ctx, error);
}

/* ------------------------------------------------------------- dialog */

typedef struct {
  ShlWindow *self;
  GtkWidget *dialog;
  GtkWidget *panel, *preset, *width, *height, *unit, *format, *dpi, *style, *transparent;
  gboolean   updating;
} ExportDialog;

static guint
selected (GtkWidget *drop_down)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (drop_down));
}

static double
unit_factor (ExportDialog *d)
{
  return selected (d->unit) == 1 ? PT_PER_CM : 1.0;
}

static void
on_preset (GObject *o, GParamSpec *p, gpointer data)
{
  ExportDialog *d = data;
  guint i = selected (d->preset);
  if (i > 1 || d->updating)
    return;
  /* one column 3.3 in, two columns 6.9 in; height at 4:5 or 0.58 */
  double w = i == 0 ? 3.3 * 72 : 6.9 * 72;
  gboolean all = selected (d->panel) == 0;
  double h = i == 0 ? w * (all ? 0.9 : 0.8) : w * (all ? 0.62 : 0.5);
  d->updating = TRUE;
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (d->width), w / unit_factor (d));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (d->height), h / unit_factor (d));
  d->updating = FALSE;
}

static void
on_size_edited (GtkSpinButton *b, gpointer data)
{
  ExportDialog *d = data;
  if (!d->updating)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (d->preset), 2);
}

/* the size spin buttons in a unit: 20 to 5000 pt, in pt or in cm */
static void
set_size_unit (ExportDialog *d, guint unit)
{
  GtkSpinButton *spins[] = { GTK_SPIN_BUTTON (d->width), GTK_SPIN_BUTTON (d->height) };
  double f = unit == 1 ? PT_PER_CM : 1.0;
  for (int k = 0; k < 2; k++)
    {
      gtk_spin_button_set_digits (spins[k], unit == 1 ? 2 : 0);
      gtk_spin_button_set_increments (spins[k], unit == 1 ? 0.1 : 1, unit == 1 ? 1 : 10);
      gtk_spin_button_set_range (spins[k], 20 / f, 5000 / f);
    }
}

static void
on_unit (GObject *o, GParamSpec *p, gpointer data)
{
  ExportDialog *d = data;
  /* keep the physical size: convert the numbers */
  guint u = selected (d->unit);
  double f = u == 1 ? 1.0 / PT_PER_CM : PT_PER_CM;
  double w = gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->width));
  double h = gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->height));
  d->updating = TRUE;
  set_size_unit (d, u);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (d->width), w * f);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (d->height), h * f);
  d->updating = FALSE;
}

static void
on_format (GObject *o, GParamSpec *p, gpointer data)
{
  ExportDialog *d = data;
  gtk_widget_set_sensitive (d->dpi, selected (d->format) == 2);
}

/* ------------------------------------------------- remembered options */

static guint
get_choice (GSettings *s, const char *key, const char *const *ids)
{
  g_autofree char *v = g_settings_get_string (s, key);
  for (guint k = 0; ids[k]; k++)
    if (g_str_equal (ids[k], v))
      return k;
  return 0;
}

static void
set_choice (GSettings *s, const char *key, const char *const *ids, GtkWidget *drop_down)
{
  guint i = selected (drop_down);
  if (i < g_strv_length ((char **) ids))
    g_settings_set_string (s, key, ids[i]);
}

/* The options of the last export, if there was one: the panel (unless one
 * is maximised now: that one), the size, the format and the style. The
 * first time, the size fits the panel: one column for one, two for all. */
static void
restore_options (ExportDialog *d)
{
  GSettings *s = d->self->settings;
  int maxi = shl_panel_grid_get_maximized (SHL_PANEL_GRID (d->self->grid));
  guint panel = (guint) (maxi + 1);
  guint preset = maxi < 0 ? 1 : 0;
  if (s)
    {
      g_autoptr (GVariant) exported = g_settings_get_user_value (s, "export-size");
      if (maxi < 0)
        panel = get_choice (s, "export-panel", panel_ids);
      if (exported)
        preset = get_choice (s, "export-size", size_ids);
      guint unit = get_choice (s, "export-unit", unit_ids);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (d->unit), unit);
      set_size_unit (d, unit);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (d->width),
                                 g_settings_get_double (s, "export-width") / unit_factor (d));
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (d->height),
                                 g_settings_get_double (s, "export-height") / unit_factor (d));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (d->format), get_choice (s, "export-format", export_ext));
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (d->dpi), g_settings_get_double (s, "export-dpi"));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (d->style), get_choice (s, "export-style", style_ids));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (d->transparent),
                                   g_settings_get_boolean (s, "export-transparent"));
    }
  gtk_drop_down_set_selected (GTK_DROP_DOWN (d->panel), panel);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (d->preset), preset);
}

/* remember the options for the next export, in this run and the next */
static void
save_options (ExportDialog *d)
{
  g_autoptr (GSettings) s = shl_settings_new ();
  if (!s)
    return;
  g_settings_delay (s);
  set_choice (s, "export-panel", panel_ids, d->panel);
  set_choice (s, "export-size", size_ids, d->preset);
  double f = unit_factor (d);
  g_settings_set_double (s, "export-width",
                         CLAMP (gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->width)) * f, 20, 5000));
  g_settings_set_double (s, "export-height",
                         CLAMP (gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->height)) * f, 20, 5000));
  set_choice (s, "export-unit", unit_ids, d->unit);
  set_choice (s, "export-format", export_ext, d->format);
  g_settings_set_double (s, "export-dpi", gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->dpi)));
  set_choice (s, "export-style", style_ids, d->style);
  g_settings_set_boolean (s, "export-transparent",
                          gtk_check_button_get_active (GTK_CHECK_BUTTON (d->transparent)));
  g_settings_apply (s);
}

/* ------------------------------------------------------------ export */

static void
on_export_file (GtkNativeDialog *chooser, int response, gpointer data)
{
  ExportDialog *d = data;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      ShlExportFormat fmt = (ShlExportFormat) MIN (selected (d->format), 2);
      ShlExportFormat by_name;
      if (!shl_export_format_from_path (path, &by_name))
        {
          char *with = g_strconcat (path, ".", export_ext[fmt], NULL);
          g_free (path);
          path = with;
        }
      else
        fmt = by_name;
      double f = unit_factor (d);
      g_autoptr (GError) err = NULL;
      if (!shl_window_export_figure (d->self, path, fmt, (int) selected (d->panel) - 1,
                                     gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->width)) * f,
                                     gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->height)) * f,
                                     gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->dpi)),
                                     selected (d->style) == 0 ? SHL_STYLE_PAPER : SHL_STYLE_SCREEN_LIGHT,
                                     gtk_check_button_get_active (GTK_CHECK_BUTTON (d->transparent)),
                                     &err))
        shl_window_show_error (d->self, "Could not export the figure", err);
      else
        gtk_window_destroy (GTK_WINDOW (d->dialog));
    }
  g_object_unref (chooser);
}

static void
on_export_go (GtkButton *b, gpointer data)
{
  ExportDialog *d = data;
  save_options (d);
  GtkFileChooserNative *c = gtk_file_chooser_native_new (
    "Export Figure", GTK_WINDOW (d->dialog), GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
  guint panel = selected (d->panel);
  guint fi = MIN (selected (d->format), 2);
  g_autofree char *name = g_strdup_printf ("%s.%s", panel == 0 ? "shallows"
                                           : shl_panel_id ((ShlPanelKind) (panel - 1)), export_ext[fi]);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (c), name);
  g_signal_connect (c, "response", G_CALLBACK (on_export_file), d);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (c));
}

static void
act_export (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  g_autoptr (GtkBuilder) b = gtk_builder_new_from_resource (
    "/io/github/shallows/Shallows/shl-window-export.ui");
  ExportDialog *d = g_new0 (ExportDialog, 1);
  d->self = self;
#define GET(field) d->field = GTK_WIDGET (gtk_builder_get_object (b, #field))
  GET (dialog);
  GET (panel);
  GET (preset);
  GET (width);
  GET (height);
  GET (unit);
  GET (format);
  GET (dpi);
  GET (style);
  GET (transparent);
#undef GET
  gtk_window_set_transient_for (GTK_WINDOW (d->dialog), GTK_WINDOW (self));
  g_object_set_data_full (G_OBJECT (d->dialog), "shl-export", d, g_free);
  restore_options (d);

  g_signal_connect_swapped (gtk_builder_get_object (b, "cancel"), "clicked",
                            G_CALLBACK (gtk_window_destroy), d->dialog);
  g_signal_connect (gtk_builder_get_object (b, "go"), "clicked", G_CALLBACK (on_export_go), d);
  g_signal_connect (d->preset, "notify::selected", G_CALLBACK (on_preset), d);
  g_signal_connect (d->panel, "notify::selected", G_CALLBACK (on_preset), d);
  g_signal_connect (d->width, "value-changed", G_CALLBACK (on_size_edited), d);
  g_signal_connect (d->height, "value-changed", G_CALLBACK (on_size_edited), d);
  g_signal_connect (d->unit, "notify::selected", G_CALLBACK (on_unit), d);
  g_signal_connect (d->format, "notify::selected", G_CALLBACK (on_format), d);
  on_preset (NULL, NULL, d);
  on_format (NULL, NULL, d);
  gtk_window_present (GTK_WINDOW (d->dialog));
}

/* ---------------------------------------------------------------- CSV */

gboolean
shl_window_export_data (ShlWindow *self, const char *dir, guint *n_files, GError **error)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_autoptr (ShlSession) ss = shl_sim_to_session (self->sim);
  g_autoptr (ShlSceneData) sd = shl_scene_data_new (ss, error);
  return sd && shl_panels_export_csv (shl_scene_data_get_scene (sd), dir, n_files, error);
}

static void
on_export_data (GtkNativeDialog *dialog, int response, gpointer data)
{
  ShlWindow *self = data;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *dir = g_file_get_path (file);
      g_autoptr (GError) err = NULL;
      if (!shl_window_export_data (self, dir, NULL, &err))
        shl_window_show_error (self, "Could not export the data", err);
    }
  g_object_unref (dialog);
}

static void
act_export_data (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  GtkFileChooserNative *d = gtk_file_chooser_native_new (
    "Export the Plotted Data (CSV) to a Folder", GTK_WINDOW (self),
    GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, "_Export", "_Cancel");
  g_signal_connect (d, "response", G_CALLBACK (on_export_data), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (d));
}

void
shl_window_export_class_init (GtkWidgetClass *wc)
{
  gtk_widget_class_install_action (wc, "win.export", NULL, act_export);
  gtk_widget_class_install_action (wc, "win.export-data", NULL, act_export_data);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
}
