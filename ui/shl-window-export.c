/* shl-window-export.c: figure export (the same drawing as `shallows-cli
 * render`), CSV export of the plotted data, and the export dialog
 * (shl-window-export.ui): a figure spec to start from, what to draw,
 * how big and how it looks, then where. */
#include "shl-window-private.h"

#include <math.h>

#include "shl-figure-spec.h"
#include "shl-panel-grid.h"
#include "shl-session.h"
#include "shl-settings.h"

#define PT_PER_CM (72.0 / 2.54)

/* the choices of the drop-downs in shl-window-export.ui as the
 * preferences (GSettings) name them; export_ext doubles as the format's.
 * The font, legend and colour map drop-downs list the spec's name tables
 * (shl-figure-spec.h) and are remembered by their ids. */
static const char *const export_ext[] = { "pdf", "svg", "png", NULL };
static const char *const panel_ids[] = { "all", "realization", "derivative", "landscape",
                                         "trajectory", NULL };
/* sizes 2 to 4 are the journal presets, in ShlFigurePreset's order */
static const char *const size_ids[] = { "one-column", "two-columns", "neurips", "icml",
                                        "icml-wide", "custom", NULL };
enum { SIZE_JOURNAL = 2, SIZE_CUSTOM = 5 };
static const char *const unit_ids[] = { "pt", "cm", NULL };
static const char *const style_ids[] = { "paper", "screen", NULL };
/* the series check buttons, their keys and where they go in the options */
enum { SHOW_DATA, SHOW_TARGET, SHOW_KINKS, SHOW_TWIN, SHOW_NEURONS, N_SHOW };
static const char *const show_widgets[N_SHOW] = { "show_data", "show_target", "show_kinks",
                                                  "show_twin", "show_neurons" };
static const char *const show_keys[SHOW_NEURONS] = { "export-show-data", "export-show-target",
                                                     "export-show-kinks", "export-show-twin" };

/* ------------------------------------------------------------- dialog */

typedef struct {
  ShlWindow *self;
  GtkWidget *dialog;
  GtkWidget *panel, *preset, *width, *height, *unit, *format, *dpi, *style, *transparent;
  GtkWidget *font, *font_size, *legend, *colormap, *titles, *letters;
  GtkWidget *show[N_SHOW];
  GtkWidget *spec_name;
  /* the loaded spec, for its fields the dialog has no control for (the
   * panels' order and columns, each panel's limits, ticks, labels,
   * letters and titles, colour ranges, ...); NULL: none loaded */
  ShlFigureSpec *spec;
  double     last_font_size;
  gboolean   updating;
  GtkWidget *go, *cancel;
  GCancellable *job;      /* an export running in a worker, or NULL */
} ExportDialog;

static void
export_dialog_free (gpointer data)
{
  ExportDialog *d = data;
  g_clear_pointer (&d->spec, shl_figure_spec_free);
  g_clear_object (&d->job);
  g_free (d);
}

static guint
selected (GtkWidget *drop_down)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (drop_down));
}

static void
select_item (GtkWidget *drop_down, guint i)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), i);
}

static gboolean
active (GtkWidget *check)
{
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (check));
}

static void
set_active (GtkWidget *check, gboolean on)
{
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), on);
}

static double
spin_value (GtkWidget *spin)
{
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin));
}

static void
set_spin (GtkWidget *spin, double v)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), v);
}

/* a drop-down listing a name table's labels, in its order */
static void
fill_names (GtkWidget *drop_down, const ShlNameTable *table)
{
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);
  for (size_t k = 0; k < table->n; k++)
    gtk_string_list_append (list, table->entries[k].label);
  gtk_drop_down_set_model (GTK_DROP_DOWN (drop_down), G_LIST_MODEL (list));
}

/* the position of a value in its table (and its drop-down) */
static guint
name_index (const ShlNameTable *table, int value)
{
  const ShlName *e = shl_name_by_value (table, value);
  return e ? (guint) (e - table->entries) : 0;
}

static int
selected_value (GtkWidget *drop_down, const ShlNameTable *table)
{
  return table->entries[MIN (selected (drop_down), table->n - 1)].value;
}

static double
unit_factor (ExportDialog *d)
{
  return selected (d->unit) == 1 ? PT_PER_CM : 1.0;
}

/* The size of a preset (not custom) for the panel chosen: one column
 * 3.3 in, two columns 6.9 in, the journals' widths; the height at a
 * ratio that suits the width (a grid of four needs more) */
static void
update_size (ExportDialog *d)
{
  guint i = selected (d->preset);
  if (i >= SIZE_CUSTOM || d->updating)
    return;
  ShlFigureOptions tmp;
  shl_figure_options_init (&tmp);
  double w = i == 0   ? 3.3 * 72
             : i == 1 ? 6.9 * 72
                      : shl_figure_preset_apply ((ShlFigurePreset) (i - SIZE_JOURNAL), &tmp);
  gboolean all = selected (d->panel) == 0;
  double h = w < 300   ? w * (all ? 0.9 : 0.8)
             : w < 450 ? w * (all ? 0.75 : 0.6)
                       : w * (all ? 0.62 : 0.5);
  d->updating = TRUE;
  set_spin (d->width, w / unit_factor (d));
  set_spin (d->height, h / unit_factor (d));
  d->updating = FALSE;
}

/* A journal's preset also sets its paper style, font and font size
 * (shl_figure_preset_apply), which may then be changed. */
static void
on_preset (GObject *o, GParamSpec *p, gpointer data)
{
  ExportDialog *d = data;
  guint i = selected (d->preset);
  if (!d->updating && i >= SIZE_JOURNAL && i < SIZE_CUSTOM)
    {
      ShlFigureOptions tmp;
      shl_figure_options_init (&tmp);
      shl_figure_preset_apply ((ShlFigurePreset) (i - SIZE_JOURNAL), &tmp);
      select_item (d->style, tmp.preset == SHL_STYLE_PAPER ? 0 : 1);
      select_item (d->font, name_index (&shl_figure_font_names, tmp.font));
      set_spin (d->font_size, tmp.font_size);
    }
  update_size (d);
}

static void
on_panel (GObject *o, GParamSpec *p, gpointer data)
{
  update_size (data);
}

static void
on_size_edited (GtkSpinButton *b, gpointer data)
{
  ExportDialog *d = data;
  if (!d->updating)
    select_item (d->preset, SIZE_CUSTOM);
}

/* the size spin buttons in a unit: 10 to 10000 pt (what a spec may
 * say), in pt or in cm */
static void
set_size_unit (ExportDialog *d, guint unit)
{
  GtkSpinButton *spins[] = { GTK_SPIN_BUTTON (d->width), GTK_SPIN_BUTTON (d->height) };
  double f = unit == 1 ? PT_PER_CM : 1.0;
  for (int k = 0; k < 2; k++)
    {
      gtk_spin_button_set_digits (spins[k], unit == 1 ? 2 : 0);
      gtk_spin_button_set_increments (spins[k], unit == 1 ? 0.1 : 1, unit == 1 ? 1 : 10);
      gtk_spin_button_set_range (spins[k], 10 / f, 10000 / f);
    }
}

static void
on_unit (GObject *o, GParamSpec *p, gpointer data)
{
  ExportDialog *d = data;
  /* keep the physical size: convert the numbers */
  guint u = selected (d->unit);
  double f = u == 1 ? 1.0 / PT_PER_CM : PT_PER_CM;
  double w = spin_value (d->width);
  double h = spin_value (d->height);
  d->updating = TRUE;
  set_size_unit (d, u);
  set_spin (d->width, w * f);
  set_spin (d->height, h * f);
  d->updating = FALSE;
}

static void
on_format (GObject *o, GParamSpec *p, gpointer data)
{
  ExportDialog *d = data;
  gtk_widget_set_sensitive (d->dpi, selected (d->format) == 2);
}

/* The font size: 0 is the style's own, shown as "Auto"; a spec allows 4
 * to 36 pt, so a step up from 0 goes to 4 and a step down from 4 to 0. */
static gboolean
on_font_size_output (GtkSpinButton *b, gpointer data)
{
  if (gtk_spin_button_get_value (b) > 0)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (b), "Auto");
  return TRUE;
}

static int
on_font_size_input (GtkSpinButton *b, double *value, gpointer data)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (b)));
  if (g_ascii_strcasecmp (g_strstrip (text), "auto") != 0)
    return FALSE;
  *value = 0;
  return TRUE;
}

static void
on_font_size (GtkSpinButton *b, gpointer data)
{
  ExportDialog *d = data;
  double v = gtk_spin_button_get_value (b);
  if (v > 0 && v < 4)
    {
      v = v > d->last_font_size ? 4 : 0;
      d->last_font_size = v;
      gtk_spin_button_set_value (b, v);
      return;
    }
  d->last_font_size = v;
}

/* ------------------------------------------------------- the options */

/* The figure the dialog draws: the loaded spec's options (if any), with
 * every field the dialog has a control for set from it. */
static void
dialog_options (ExportDialog *d, ShlFigureOptions *o, double *w, double *h)
{
  if (d->spec)
    *o = d->spec->options;
  else
    shl_figure_options_init (o);
  /* all four: the spec's panels in its order if it names some */
  o->panel = (int) selected (d->panel) - 1;
  o->preset = selected (d->style) == 0 ? SHL_STYLE_PAPER : SHL_STYLE_SCREEN_LIGHT;
  o->font = (ShlFontFamily) selected_value (d->font, &shl_figure_font_names);
  o->font_size = spin_value (d->font_size) >= 4 ? spin_value (d->font_size) : 0;
  o->legend = (ShlLegendPos) selected_value (d->legend, &shl_figure_legend_names);
  o->diverging_map = (ShlColormap) selected_value (d->colormap, &shl_figure_colormap_names);
  o->titles = active (d->titles);
  o->letters = active (d->letters);   /* placed where the spec says */
  o->hide_data = !active (d->show[SHOW_DATA]);
  o->hide_target = !active (d->show[SHOW_TARGET]);
  o->hide_kinks = !active (d->show[SHOW_KINKS]);
  o->hide_twin = !active (d->show[SHOW_TWIN]);
  o->show_neurons = active (d->show[SHOW_NEURONS]);
  double f = unit_factor (d);
  if (w)
    *w = spin_value (d->width) * f;
  if (h)
    *h = spin_value (d->height) * f;
}

/* The first panel choice says what "all" means: the spec's panels if
 * it names some, else all four. */
static void
set_all_panels_label (ExportDialog *d)
{
  const ShlFigureOptions *o = d->spec ? &d->spec->options : NULL;
  g_autofree char *label = NULL;
  if (o && o->panel < 0 && o->n_panels > 0)
    {
      g_autoptr (GString) s = g_string_new ("The spec’s panels: ");
      for (int k = 0; k < o->n_panels; k++)
        g_string_append_printf (s, "%s%s", k ? ", " : "",
                                shl_panel_id ((ShlPanelKind) o->panels[k]));
      label = g_strdup (s->str);
    }
  GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (d->panel)));
  const char *items[] = { label ? label : "All four panels", NULL };
  guint i = selected (d->panel);
  d->updating = TRUE;
  gtk_string_list_splice (list, 0, 1, items);
  select_item (d->panel, i);
  d->updating = FALSE;
}

/* Every control from a spec; the spec is kept for its other fields. */
static void
apply_spec (ExportDialog *d, ShlFigureSpec *spec, const char *path)
{
  const ShlFigureOptions *o = &spec->options;
  double f = unit_factor (d);
  double w = spin_value (d->width) * f, h = spin_value (d->height) * f;
  gboolean sized = !isnan (spec->width_pt) || !isnan (spec->height_pt);
  /* one side alone keeps the dialog's aspect ratio */
  if (!isnan (spec->width_pt))
    h = isnan (spec->height_pt) ? spec->width_pt * h / w : spec->height_pt, w = spec->width_pt;
  else if (!isnan (spec->height_pt))
    w = spec->height_pt * w / h, h = spec->height_pt;
  d->updating = TRUE;
  select_item (d->panel, (guint) (o->panel + 1));
  select_item (d->style, o->preset == SHL_STYLE_PAPER ? 0 : 1);
  select_item (d->font, name_index (&shl_figure_font_names, o->font));
  set_spin (d->font_size, o->font_size);
  d->last_font_size = o->font_size;
  select_item (d->legend, name_index (&shl_figure_legend_names, o->legend));
  select_item (d->colormap, name_index (&shl_figure_colormap_names, o->diverging_map));
  set_active (d->titles, o->titles);
  set_active (d->letters, o->letters);
  set_active (d->show[SHOW_DATA], !o->hide_data);
  set_active (d->show[SHOW_TARGET], !o->hide_target);
  set_active (d->show[SHOW_KINKS], !o->hide_kinks);
  set_active (d->show[SHOW_TWIN], !o->hide_twin);
  if (o->show_neurons >= 0)
    set_active (d->show[SHOW_NEURONS], o->show_neurons);
  if (sized)
    {
      select_item (d->preset, SIZE_CUSTOM);
      set_spin (d->width, w / f);
      set_spin (d->height, h / f);
    }
  d->updating = FALSE;
  g_clear_pointer (&d->spec, shl_figure_spec_free);
  d->spec = spec;
  g_autofree char *base = g_path_get_basename (path);
  gtk_label_set_text (GTK_LABEL (d->spec_name), base);
  gtk_widget_set_tooltip_text (d->spec_name, path);
  set_all_panels_label (d);
  /* no size in the spec: the preset's for the (new) panel */
  update_size (d);
}

static ExportDialog *
dialog_of (GtkWidget *dialog)
{
  ExportDialog *d = g_object_get_data (G_OBJECT (dialog), "shl-export");
  g_return_val_if_fail (d != NULL, NULL);
  return d;
}

gboolean
shl_window_export_dialog_load_spec (GtkWidget *dialog, const char *path, GError **error)
{
  ExportDialog *d = dialog_of (dialog);
  g_return_val_if_fail (d != NULL && path != NULL, FALSE);
  g_autoptr (GError) err = NULL;
  /* a bad spec changes nothing: it is read whole before anything is set */
  ShlFigureSpec *spec = shl_figure_spec_load (path, &err);
  if (!spec)
    {
      if (error)
        g_propagate_error (error, g_steal_pointer (&err));
      else
        shl_window_show_error (d->self, "Could not load the figure spec", err);
      return FALSE;
    }
  apply_spec (d, spec, path);
  return TRUE;
}

gboolean
shl_window_export_dialog_save_spec (GtkWidget *dialog, const char *path, GError **error)
{
  ExportDialog *d = dialog_of (dialog);
  g_return_val_if_fail (d != NULL && path != NULL, FALSE);
  ShlFigureOptions o;
  double w, h;
  dialog_options (d, &o, &w, &h);
  if (!shl_figure_spec_save (&o, w, h, path, error))
    return FALSE;
  g_autofree char *base = g_path_get_basename (path);
  gtk_label_set_text (GTK_LABEL (d->spec_name), base);
  gtk_widget_set_tooltip_text (d->spec_name, path);
  return TRUE;
}

void
shl_window_export_dialog_options (GtkWidget *dialog, ShlFigureOptions *options, double *width_pt,
                                  double *height_pt)
{
  ExportDialog *d = dialog_of (dialog);
  g_return_if_fail (d != NULL && options != NULL);
  dialog_options (d, options, width_pt, height_pt);
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

/* a drop-down of a name table from its id in the preferences */
static void
restore_name (GSettings *s, const char *key, const ShlNameTable *table, GtkWidget *drop_down)
{
  g_autofree char *v = g_settings_get_string (s, key);
  int value;
  if (shl_name_lookup (table, v, &value))
    select_item (drop_down, name_index (table, value));
}

static void
save_name (GSettings *s, const char *key, const ShlNameTable *table, GtkWidget *drop_down)
{
  g_settings_set_string (s, key, shl_name_id (table, selected_value (drop_down, table)));
}

/* The options of the last export, if there was one: the panel (unless one
 * is maximised now: that one), the size, the format, the style and the
 * look. The first time, the size fits the panel: one column for one, two
 * for all. The neuron terms are shown as the window shows them now (the
 * session's choice, not a preference). */
static void
restore_options (ExportDialog *d)
{
  GSettings *s = d->self->settings;
  int maxi = shl_panel_grid_get_maximized (SHL_PANEL_GRID (d->self->grid));
  guint panel = (guint) (maxi + 1);
  guint preset = maxi < 0 ? 1 : 0;
  set_active (d->titles, TRUE);
  for (int k = 0; k < SHOW_NEURONS; k++)
    set_active (d->show[k], TRUE);
  set_active (d->show[SHOW_NEURONS], shl_sim_get_view_settings (d->self->sim)->show_neurons);
  if (s)
    {
      g_autoptr (GVariant) exported = g_settings_get_user_value (s, "export-size");
      if (maxi < 0)
        panel = get_choice (s, "export-panel", panel_ids);
      if (exported)
        preset = get_choice (s, "export-size", size_ids);
      guint unit = get_choice (s, "export-unit", unit_ids);
      select_item (d->unit, unit);
      set_size_unit (d, unit);
      set_spin (d->width, g_settings_get_double (s, "export-width") / unit_factor (d));
      set_spin (d->height, g_settings_get_double (s, "export-height") / unit_factor (d));
      select_item (d->format, get_choice (s, "export-format", export_ext));
      set_spin (d->dpi, g_settings_get_double (s, "export-dpi"));
      select_item (d->style, get_choice (s, "export-style", style_ids));
      set_active (d->transparent, g_settings_get_boolean (s, "export-transparent"));
      restore_name (s, "export-font", &shl_figure_font_names, d->font);
      d->last_font_size = g_settings_get_double (s, "export-font-size");
      set_spin (d->font_size, d->last_font_size);
      restore_name (s, "export-legend", &shl_figure_legend_names, d->legend);
      restore_name (s, "export-colormap", &shl_figure_colormap_names, d->colormap);
      set_active (d->titles, g_settings_get_boolean (s, "export-titles"));
      set_active (d->letters, g_settings_get_boolean (s, "export-letters"));
      for (int k = 0; k < SHOW_NEURONS; k++)
        set_active (d->show[k], g_settings_get_boolean (s, show_keys[k]));
    }
  /* the size preset last, without its font: the font restored stays */
  d->updating = TRUE;
  select_item (d->panel, panel);
  select_item (d->preset, preset);
  d->updating = FALSE;
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
  g_settings_set_double (s, "export-width", CLAMP (spin_value (d->width) * f, 20, 5000));
  g_settings_set_double (s, "export-height", CLAMP (spin_value (d->height) * f, 20, 5000));
  set_choice (s, "export-unit", unit_ids, d->unit);
  set_choice (s, "export-format", export_ext, d->format);
  g_settings_set_double (s, "export-dpi", spin_value (d->dpi));
  set_choice (s, "export-style", style_ids, d->style);
  g_settings_set_boolean (s, "export-transparent", active (d->transparent));
  save_name (s, "export-font", &shl_figure_font_names, d->font);
  g_settings_set_double (s, "export-font-size", CLAMP (spin_value (d->font_size), 0, 36));
  save_name (s, "export-legend", &shl_figure_legend_names, d->legend);
  save_name (s, "export-colormap", &shl_figure_colormap_names, d->colormap);
  g_settings_set_boolean (s, "export-titles", active (d->titles));
  g_settings_set_boolean (s, "export-letters", active (d->letters));
  for (int k = 0; k < SHOW_NEURONS; k++)
    g_settings_set_boolean (s, show_keys[k], active (d->show[k]));
  g_settings_apply (s);
}

/* ------------------------------------------------------- spec files */

static void
add_json_filter (GtkFileChooserNative *c)
{
  g_autoptr (GtkFileFilter) json = gtk_file_filter_new ();
  gtk_file_filter_set_name (json, "Figure specs (*.json)");
  gtk_file_filter_add_pattern (json, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (c), json);
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, "All files");
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (c), all);
}

static char *
chosen_path (GtkNativeDialog *chooser)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  return file ? g_file_get_path (file) : NULL;
}

static void
on_spec_load_file (GtkNativeDialog *chooser, int response, gpointer data)
{
  ExportDialog *d = data;
  g_autofree char *path = response == GTK_RESPONSE_ACCEPT ? chosen_path (chooser) : NULL;
  if (path)
    shl_window_export_dialog_load_spec (d->dialog, path, NULL);   /* shows errors */
  g_object_unref (chooser);
}

static void
on_spec_load (GtkButton *b, gpointer data)
{
  ExportDialog *d = data;
  GtkFileChooserNative *c = gtk_file_chooser_native_new (
    "Load a Figure Spec", GTK_WINDOW (d->dialog), GTK_FILE_CHOOSER_ACTION_OPEN, "_Load", "_Cancel");
  add_json_filter (c);
  g_signal_connect (c, "response", G_CALLBACK (on_spec_load_file), d);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (c));
}

static void
on_spec_save_file (GtkNativeDialog *chooser, int response, gpointer data)
{
  ExportDialog *d = data;
  g_autofree char *path = response == GTK_RESPONSE_ACCEPT ? chosen_path (chooser) : NULL;
  g_autoptr (GError) err = NULL;
  if (path && !shl_window_export_dialog_save_spec (d->dialog, path, &err))
    shl_window_show_error (d->self, "Could not save the figure spec", err);
  g_object_unref (chooser);
}

static void
on_spec_save (GtkButton *b, gpointer data)
{
  ExportDialog *d = data;
  GtkFileChooserNative *c = gtk_file_chooser_native_new (
    "Save the Figure Spec", GTK_WINDOW (d->dialog), GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel");
  add_json_filter (c);
  const char *name = gtk_label_get_text (GTK_LABEL (d->spec_name));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (c), d->spec ? name : "figure.json");
  g_signal_connect (c, "response", G_CALLBACK (on_spec_save_file), d);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (c));
}

/* ------------------------------------------------------------ export */

/* While an export runs: everything but Cancel insensitive, the Export
 * button saying so. */
static void
set_busy (ExportDialog *d, gboolean busy)
{
  GtkWidget *grid = gtk_window_get_child (GTK_WINDOW (d->dialog));
  for (GtkWidget *c = gtk_widget_get_first_child (grid); c; c = gtk_widget_get_next_sibling (c))
    if (!gtk_widget_is_ancestor (d->cancel, c))
      gtk_widget_set_sensitive (c, !busy);
  gtk_widget_set_sensitive (d->go, !busy);
  gtk_button_set_label (GTK_BUTTON (d->go), busy ? "Exporting…" : "_Export…");
}

static void
on_exported (GObject *source, GAsyncResult *result, gpointer data)
{
  GtkWidget *dialog = data;   /* a reference: alive even if closed */
  ExportDialog *d = g_object_get_data (G_OBJECT (dialog), "shl-export");
  g_autoptr (GError) err = NULL;
  gboolean ok = shl_window_export_figure_finish (SHL_WINDOW (source), result, &err);
  if (d)
    {
      g_clear_object (&d->job);
      set_busy (d, FALSE);
      if (ok)
        gtk_window_destroy (GTK_WINDOW (dialog));
      else if (!g_error_matches (err, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        shl_window_show_error (d->self, "Could not export the figure", err);
    }
  g_object_unref (dialog);
}

/* Cancel: stops a running export, else closes */
static void
on_cancel (GtkButton *b, gpointer data)
{
  ExportDialog *d = data;
  if (d->job)
    g_cancellable_cancel (d->job);
  else
    gtk_window_destroy (GTK_WINDOW (d->dialog));
}

/* closing the window while exporting cancels the export first */
static gboolean
on_close_request (GtkWindow *w, gpointer data)
{
  ExportDialog *d = data;
  if (!d->job)
    return FALSE;
  g_cancellable_cancel (d->job);
  return TRUE;
}

static void
on_export_file (GtkNativeDialog *chooser, int response, gpointer data)
{
  ExportDialog *d = data;
  g_autofree char *path = response == GTK_RESPONSE_ACCEPT ? chosen_path (chooser) : NULL;
  if (path)
    {
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
      ShlFigureOptions o;
      double w, h;
      dialog_options (d, &o, &w, &h);
      /* in a worker: the window stays live, Cancel stops the job */
      set_busy (d, TRUE);
      d->job = g_cancellable_new ();
      shl_window_export_figure_async (d->self, path, fmt, &o, w, h, spin_value (d->dpi),
                                      active (d->transparent), d->job, on_exported,
                                      g_object_ref (d->dialog));
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
connect_dialog (ExportDialog *d, GtkBuilder *b)
{
  g_signal_connect (d->cancel, "clicked", G_CALLBACK (on_cancel), d);
  g_signal_connect (d->dialog, "close-request", G_CALLBACK (on_close_request), d);
  g_signal_connect (gtk_builder_get_object (b, "go"), "clicked", G_CALLBACK (on_export_go), d);
  g_signal_connect (gtk_builder_get_object (b, "spec_load"), "clicked",
                    G_CALLBACK (on_spec_load), d);
  g_signal_connect (gtk_builder_get_object (b, "spec_save"), "clicked",
                    G_CALLBACK (on_spec_save), d);
  g_signal_connect (d->preset, "notify::selected", G_CALLBACK (on_preset), d);
  g_signal_connect (d->panel, "notify::selected", G_CALLBACK (on_panel), d);
  g_signal_connect (d->width, "value-changed", G_CALLBACK (on_size_edited), d);
  g_signal_connect (d->height, "value-changed", G_CALLBACK (on_size_edited), d);
  g_signal_connect (d->unit, "notify::selected", G_CALLBACK (on_unit), d);
  g_signal_connect (d->format, "notify::selected", G_CALLBACK (on_format), d);
  g_signal_connect (d->font_size, "output", G_CALLBACK (on_font_size_output), d);
  g_signal_connect (d->font_size, "input", G_CALLBACK (on_font_size_input), d);
  g_signal_connect (d->font_size, "value-changed", G_CALLBACK (on_font_size), d);
}

GtkWidget *
shl_window_export_dialog_open (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
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
  GET (font);
  GET (font_size);
  GET (legend);
  GET (colormap);
  GET (titles);
  GET (letters);
  GET (spec_name);
  GET (go);
  GET (cancel);
#undef GET
  for (int k = 0; k < N_SHOW; k++)
    d->show[k] = GTK_WIDGET (gtk_builder_get_object (b, show_widgets[k]));
  fill_names (d->font, &shl_figure_font_names);
  fill_names (d->legend, &shl_figure_legend_names);
  fill_names (d->colormap, &shl_figure_colormap_names);
  gtk_window_set_transient_for (GTK_WINDOW (d->dialog), GTK_WINDOW (self));
  g_object_set_data_full (G_OBJECT (d->dialog), "shl-export", d, export_dialog_free);
  set_size_unit (d, 0);
  restore_options (d);
  connect_dialog (d, b);
  update_size (d);
  on_format (NULL, NULL, d);
  gtk_window_present (GTK_WINDOW (d->dialog));
  return d->dialog;
}

static void
act_export (GtkWidget *w, const char *name, GVariant *p)
{
  shl_window_export_dialog_open (SHL_WINDOW (w));
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
