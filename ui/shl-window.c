/* shl-window.c: the main window: header bar, sidebar, panels, readouts. */
#include "shl-window.h"

#include <math.h>

#include "shl-experiments-window.h"
#include "shl-export.h"
#include "shl-io.h"
#include "shl-panel-grid.h"
#include "shl-panels.h"
#include "shl-plot-view.h"
#include "shl-fibre.h"
#include "shl-geom.h"
#include "shl-paramdist.h"
#include "shl-pathology.h"
#include "shl-session.h"
#include "shl-symmetry.h"

#define FRAME_STATS 240

typedef struct {
  ShlWindow   *win;
  ShlPanelKind kind;
} PanelSlot;

struct _ShlWindow {
  GtkApplicationWindow parent_instance;

  ShlSim      *sim;
  GtkWidget   *sidebar;
  GtkWidget   *grid;
  GtkWidget   *views[SHL_N_PANELS];
  PanelSlot    slots[SHL_N_PANELS];
  GtkWidget   *run_button;
  GtkWidget   *step_label, *loss_label, *speed_label, *status_label;
  GtkWidget   *target_drop;
  GtkStringList *target_model;
  GPtrArray   *target_names;     /* char*, parallel to target_model */
  gboolean     updating_targets;
  GtkWidget   *lr_label;
  GtkWidget   *speed_value_label;
  GtkWidget   *grad_drop;
  GtkWidget   *grad_label;
  GtkWidget   *neurons_check;
  double       plot_scale;
  char        *session_path;   /* the open session file, or NULL */
  GtkWidget   *patho_drop, *patho_scale, *patho_value, *patho_text;
  gboolean     patho_updating;
  GtkWidget   *twin_labels[6];
  GtkWidget   *land_drop;
  GtkWidget   *traj_drop;
  GtkWidget   *neuron_grid;
  gint64       neurons_last;
  gint64       move_start;     /* when a symmetry move started animating */
  int          neurons_m;
  guint64      neurons_step;
  guint        refresh_id;     /* a pending refresh of the rate-limited readouts */
  int          canon_next;
  GtkWidget   *linear_check;
  gint64       land_redraw;
  GtkWidget   *scrubber;
  gboolean     scrub_updating;
  gint64       twin_last;
  GMenu       *recent_menu;
  gboolean     closing_confirmed;
  guint        tick_id;
  double       frame_us[FRAME_STATS];
  guint        n_frames;
  gboolean     pending_stats;
  gint64       first_frame;
};

G_DEFINE_FINAL_TYPE (ShlWindow, shl_window, GTK_TYPE_APPLICATION_WINDOW)

static void update_twin_readouts (ShlWindow *self);
static void schedule_refresh (ShlWindow *self);
static void update_neuron_table (ShlWindow *self);
static void on_transform (GtkButton *b, gpointer data);
static void show_error (ShlWindow *self, const char *primary, const GError *error);

/* ------------------------------------------------------------- drawing */

static void
draw_panel (cairo_t *cr, int width, int height, gboolean dark, double scale,
            gpointer user_data)
{
  PanelSlot *slot = user_data;
  ShlWindow *self = slot->win;
  ShlPlotStyle style;
  shl_plot_style_init (&style, dark ? SHL_STYLE_SCREEN_DARK : SHL_STYLE_SCREEN_LIGHT);
  style.scale = scale;
  ShlScene *scene = shl_sim_get_scene (self->sim);
  /* a symmetry move animates for 0.8 s: the neurons travel while the
   * realization stays where it is */
  double dt = (double) (g_get_monotonic_time () - self->move_start) / 800000.0;
  scene->move_t = self->move_start && dt < 1.0 ? fmax (dt, 1e-3) : 1.0;
  ShlRect area = { 0, 0, width, height };
  shl_panel_draw (cr, slot->kind, scene, &style, &area);
}

static void
format_count (char *buf, gsize size, guint64 v)
{
  /* thin spaces between thousands: 1 234 567 */
  char digits[32];
  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, v);
  int len = (int) strlen (digits), o = 0;
  for (int k = 0; k < len && o + 4 < (int) size; k++)
    {
      if (k > 0 && (len - k) % 3 == 0)
        {
          /* U+2009 THIN SPACE */
          buf[o++] = (char) 0xe2;
          buf[o++] = (char) 0x80;
          buf[o++] = (char) 0x89;
        }
      buf[o++] = digits[k];
    }
  buf[o] = '\0';
}

static void
update_readouts (ShlWindow *self)
{
  guint64 step;
  double loss, sps;
  g_autofree char *status = NULL;
  gboolean diverged, running;
  g_object_get (self->sim, "step", &step, "loss-value", &loss,
                "steps-per-second", &sps, "status-text", &status,
                "diverged", &diverged, "running", &running, NULL);
  ShlScene *sc = shl_sim_get_scene (self->sim);
  if (shl_sim_get_scrub (self->sim) >= 0)
    {
      step = sc->step;
      loss = sc->loss;
      g_free (status);
      status = g_strdup ("history");
    }
  else if (!self->scrub_updating && gtk_range_get_value (GTK_RANGE (self->scrubber)) < 1.0)
    {
      /* back to live (a reset or training started) */
      self->scrub_updating = TRUE;
      gtk_range_set_value (GTK_RANGE (self->scrubber), 1.0);
      self->scrub_updating = FALSE;
    }
  char buf[64], num[48];
  format_count (num, sizeof num, step);
  g_snprintf (buf, sizeof buf, "%s", num);
  gtk_label_set_text (GTK_LABEL (self->step_label), buf);
  if (isfinite (loss))
    g_snprintf (buf, sizeof buf, "%.4g", loss);
  else
    g_snprintf (buf, sizeof buf, "—");
  gtk_label_set_text (GTK_LABEL (self->loss_label), buf);
  if (running && sps > 0)
    {
      format_count (num, sizeof num, (guint64) llround (sps));
      gtk_label_set_text (GTK_LABEL (self->speed_label), num);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->speed_label), "—");
  gtk_label_set_text (GTK_LABEL (self->status_label), status ? status : "");
  if (diverged)
    gtk_widget_add_css_class (self->status_label, "error");
  else
    gtk_widget_remove_css_class (self->status_label, "error");
  gtk_button_set_icon_name (GTK_BUTTON (self->run_button),
                            running ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->run_button, running ? "Pause (Space)" : "Train (Space)");
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  ShlWindow *self = data;
  if (!self->first_frame && shl_plot_view_last_draw_us (SHL_PLOT_VIEW (self->views[0])) > 0)
    self->first_frame = g_get_monotonic_time ();
  if (self->pending_stats)
    {
      /* the cost of the previous frame's panel draws */
      double sum = 0;
      for (int k = 0; k < SHL_N_PANELS; k++)
        if (gtk_widget_get_child_visible (self->views[k]))
          sum += (double) shl_plot_view_last_draw_us (SHL_PLOT_VIEW (self->views[k]));
      self->frame_us[self->n_frames % FRAME_STATS] = sum;
      self->n_frames++;
      self->pending_stats = FALSE;
    }
  if (self->move_start && g_get_monotonic_time () - self->move_start < 900000)
    gtk_widget_queue_draw (self->views[SHL_PANEL_TRAJECTORY]);
  /* a landscape job running: show its progress about ten times a second */
  if (shl_sim_get_scene (self->sim)->land_busy)
    {
      gint64 now = g_get_monotonic_time ();
      if (now - self->land_redraw > 100000)
        {
          self->land_redraw = now;
          gtk_widget_queue_draw (self->views[SHL_PANEL_LANDSCAPE]);
        }
    }
  if (shl_sim_take_dirty (self->sim))
    {
      for (int k = 0; k < SHL_N_PANELS; k++)
        gtk_widget_queue_draw (self->views[k]);
      update_readouts (self);
      update_twin_readouts (self);
      update_neuron_table (self);
      self->pending_stats = TRUE;
    }
  return G_SOURCE_CONTINUE;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

void
shl_window_get_draw_stats (ShlWindow *self, double *median_us, double *max_us,
                           guint *frames)
{
  guint n = MIN (self->n_frames, FRAME_STATS);
  double tmp[FRAME_STATS];
  memcpy (tmp, self->frame_us, n * sizeof (double));
  qsort (tmp, n, sizeof (double), cmp_double);
  *median_us = n ? tmp[n / 2] : NAN;
  *max_us = n ? tmp[n - 1] : NAN;
  *frames = self->n_frames;
}

static void
redraw_all (ShlWindow *self)
{
  for (int k = 0; k < SHL_N_PANELS; k++)
    gtk_widget_queue_draw (self->views[k]);
}

/* ------------------------------------------------------------ sidebar */

static GtkWidget *
section (GtkWidget *box, const char *title)
{
  GtkWidget *l = gtk_label_new (title);
  gtk_widget_add_css_class (l, "heading");
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_widget_set_margin_top (l, 12);
  gtk_box_append (GTK_BOX (box), l);
  GtkWidget *grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_box_append (GTK_BOX (box), grid);
  return grid;
}

static void
add_row (GtkWidget *grid, const char *label, GtkWidget *widget, const char *tooltip)
{
  int row = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (grid); c; c = gtk_widget_get_next_sibling (c))
    row++;
  row /= 2;
  GtkWidget *l = gtk_label_new_with_mnemonic (label);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_widget_add_css_class (l, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_grid_attach (GTK_GRID (grid), l, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), widget, 1, row, 1, 1);
  if (tooltip)
    {
      gtk_widget_set_tooltip_text (l, tooltip);
      gtk_widget_set_tooltip_text (widget, tooltip);
    }
}

static GtkWidget *
spin (ShlSim *sim, const char *prop, double lo, double hi, double step, int digits)
{
  GtkWidget *s = gtk_spin_button_new_with_range (lo, hi, step);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (s), (guint) digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (s), TRUE);
  g_object_bind_property (sim, prop, s, "value", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  return s;
}

/* GtkDropDown <-> string property: the closure data is a NULL-terminated
 * array of the property values in the drop-down's order. */
static gboolean
string_to_index (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  const char *const *values = data;
  const char *s = g_value_get_string (from);
  for (guint k = 0; values[k]; k++)
    if (g_strcmp0 (values[k], s) == 0)
      {
        g_value_set_uint (to, k);
        return TRUE;
      }
  return FALSE;
}

static gboolean
index_to_string (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  const char *const *values = data;
  guint i = g_value_get_uint (from);
  if (i == GTK_INVALID_LIST_POSITION || i >= g_strv_length ((char **) values))
    return FALSE;
  g_value_set_string (to, values[i]);
  return TRUE;
}

static GtkWidget *
choice (ShlSim *sim, const char *prop, const char *const *labels, const char *const *values)
{
  GtkWidget *dd = gtk_drop_down_new_from_strings (labels);
  g_object_bind_property_full (sim, prop, dd, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               string_to_index, index_to_string,
                               (gpointer) values, NULL);
  return dd;
}

static const char *const init_values[] = { "he", "balanced", "uniform", NULL };
static const char *const init_labels[] = { "He (kinks in the domain)", "Balanced", "Uniform (PyTorch)", NULL };
static const char *const loss_values[] = { "mse", "logistic", NULL };
static const char *const loss_labels[] = { "Squared error", "Logistic", NULL };
static const char *const opt_values[] = { "adam", "momentum", "sgd", "gd", NULL };
static const char *const opt_labels[] = { "Adam", "Momentum", "SGD (minibatches)", "Gradient descent", NULL };
static const char *const dim_labels[] = { "1-D", "2-D", NULL };

static gboolean
dim_to_index (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  g_value_set_uint (to, (guint) g_value_get_int (from) - 1);
  return TRUE;
}

static gboolean
index_to_dim (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  guint i = g_value_get_uint (from);
  if (i > 1)
    return FALSE;
  g_value_set_int (to, (int) i + 1);
  return TRUE;
}

/* the learning-rate slider works on log10(lr) */
static gboolean
lr_to_log (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  g_value_set_double (to, log10 (g_value_get_double (from)));
  return TRUE;
}

static gboolean
log_to_lr (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  /* two significant digits: 0.0032, not 0.0031622776 */
  double v = pow (10.0, g_value_get_double (from));
  double e = pow (10.0, floor (log10 (v)) - 1);
  g_value_set_double (to, round (v / e) * e);
  return TRUE;
}

/* the speed slider: log10(steps/s) from 0 to 6; the right end is
 * "flat out" (speed 0) */
#define SPEED_MAX_LOG 6.0

static gboolean
speed_to_log (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  double s = g_value_get_double (from);
  g_value_set_double (to, s > 0 ? fmin (log10 (s), SPEED_MAX_LOG) : SPEED_MAX_LOG);
  return TRUE;
}

static gboolean
log_to_speed (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  double v = g_value_get_double (from);
  g_value_set_double (to, v >= SPEED_MAX_LOG - 1e-9 ? 0.0 : round (pow (10.0, v)));
  return TRUE;
}

static void
on_lr_changed (GObject *sim, GParamSpec *p, gpointer data)
{
  ShlWindow *self = data;
  double lr;
  g_object_get (sim, "lr", &lr, NULL);
  char buf[32];
  g_snprintf (buf, sizeof buf, "%.2g", lr);
  gtk_label_set_text (GTK_LABEL (self->lr_label), buf);
}

static void
on_speed_changed (GObject *sim, GParamSpec *p, gpointer data)
{
  ShlWindow *self = data;
  double s;
  g_object_get (sim, "speed", &s, NULL);
  char buf[48];
  if (s > 0)
    g_snprintf (buf, sizeof buf, "%.0f steps/s", s);
  else
    g_snprintf (buf, sizeof buf, "flat out");
  gtk_label_set_text (GTK_LABEL (self->speed_value_label), buf);
}

/* the targets of the current dimension (+ imported data) */
static void
rebuild_targets (ShlWindow *self)
{
  int dim;
  g_autofree char *current = NULL;
  g_object_get (self->sim, "dim", &dim, "target", &current, NULL);
  self->updating_targets = TRUE;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->target_model));
  g_ptr_array_set_size (self->target_names, 0);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  size_t nt;
  const ShlTargetInfo *t = shl_targets (&nt);
  guint sel = 0;
  for (size_t k = 0; k < nt; k++)
    if (t[k].d == dim)
      {
        if (g_strcmp0 (t[k].name, current) == 0)
          sel = self->target_names->len;
        g_ptr_array_add (self->target_names, g_strdup (t[k].name));
        g_ptr_array_add (labels, g_strdup_printf ("%s%s", t[k].label,
                                                  t[k].classification ? " (classes)" : ""));
      }
  if (g_strcmp0 (current, "data") == 0)
    {
      sel = self->target_names->len;
      g_ptr_array_add (self->target_names, g_strdup ("data"));
      g_ptr_array_add (labels, g_strdup ("Imported data"));
    }
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->target_model, 0, n_old, (const char *const *) labels->pdata);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->target_drop), sel);
  self->updating_targets = FALSE;
}

static void
on_target_selected (GObject *dd, GParamSpec *p, gpointer data)
{
  ShlWindow *self = data;
  if (self->updating_targets)
    return;
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (dd));
  if (i >= self->target_names->len)
    return;
  const char *name = g_ptr_array_index (self->target_names, i);
  if (g_strcmp0 (name, "data") != 0)
    g_object_set (self->sim, "target", name, NULL);
}

static void
on_sim_target_or_dim (GObject *sim, GParamSpec *p, gpointer data)
{
  ShlWindow *self = data;
  rebuild_targets (self);
  int dim;
  g_object_get (sim, "dim", &dim, NULL);
  gtk_widget_set_visible (self->neurons_check, dim == 1);
  gtk_widget_set_visible (self->grad_drop, dim == 2);
  gtk_widget_set_visible (self->grad_label, dim == 2);
}

static void
on_neurons_toggled (GtkCheckButton *b, gpointer data)
{
  ShlWindow *self = data;
  shl_sim_get_view_settings (self->sim)->show_neurons = gtk_check_button_get_active (b);
  shl_sim_set_modified (self->sim, TRUE);
  redraw_all (self);
}

static void
on_grad_selected (GObject *dd, GParamSpec *p, gpointer data)
{
  ShlWindow *self = data;
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (dd));
  if (i <= SHL_GRAD_X2)
    {
      ShlViewSettings *v = shl_sim_get_view_settings (self->sim);
      if (v->grad_view != (ShlGradView) i)
        shl_sim_set_modified (self->sim, TRUE);
      v->grad_view = (ShlGradView) i;
    }
  redraw_all (self);
}

static void
on_land_selected (GObject *dd, GParamSpec *p, gpointer data)
{
  ShlWindow *self = data;
  ShlViewSettings *v = shl_sim_get_view_settings (self->sim);
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (dd));
  const ShlDirsKind kinds[] = { SHL_DIRS_RANDOM, SHL_DIRS_PCA, SHL_DIRS_ORBIT, SHL_DIRS_TWIN,
                                SHL_DIRS_COORDS };
  if (i == G_N_ELEMENTS (kinds))
    {
      v->landscape_paths = TRUE;
      shl_sim_set_modified (self->sim, TRUE);
      redraw_all (self);
      return;
    }
  gboolean was_paths = v->landscape_paths;
  v->landscape_paths = FALSE;
  if (i > G_N_ELEMENTS (kinds) || (v->landscape_dirs == kinds[i] && !was_paths))
    return;
  v->landscape_dirs = kinds[i];
  v->orbit_neuron = 0;
  shl_sim_landscape_changed (self->sim);
}

static void
on_scrub (GtkRange *r, gpointer data)
{
  ShlWindow *self = data;
  if (self->scrub_updating)
    return;
  guint n = shl_sim_get_history_length (self->sim);
  double v = gtk_range_get_value (r);
  int index = v >= 0.9995 || n == 0 ? -1 : (int) lround (v * (n - 1));
  shl_sim_set_scrub (self->sim, index);
  update_readouts (self);
  redraw_all (self);
}

static void
on_traj_selected (GObject *dd, GParamSpec *p, gpointer data)
{
  ShlWindow *self = data;
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (dd));
  if (i > SHL_TRAJ_DISTANCES)
    return;
  ShlViewSettings *v = shl_sim_get_view_settings (self->sim);
  if (v->traj_view != (ShlTrajView) i)
    shl_sim_set_modified (self->sim, TRUE);
  v->traj_view = (ShlTrajView) i;
  redraw_all (self);
}

static void
on_linear_toggled (GtkCheckButton *b, gpointer data)
{
  ShlWindow *self = data;
  ShlViewSettings *v = shl_sim_get_view_settings (self->sim);
  v->landscape_linear = gtk_check_button_get_active (b);
  shl_sim_set_modified (self->sim, TRUE);
  redraw_all (self);
}

static void open_dialog (ShlWindow *self, gboolean network);

static void
on_import_clicked (GtkButton *b, gpointer data)
{
  open_dialog (data, FALSE);
}

static void
on_load_net_clicked (GtkButton *b, gpointer data)
{
  open_dialog (data, TRUE);
}

/* The rate-limited readouts skip updates that come too soon; this makes
 * sure the last state is shown once things settle. */
static gboolean
refresh_cb (gpointer data)
{
  ShlWindow *self = data;
  self->refresh_id = 0;
  update_twin_readouts (self);
  update_neuron_table (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (ShlWindow *self)
{
  if (!self->refresh_id)
    self->refresh_id = g_timeout_add (550, refresh_cb, self);
}

/* -------------------------------------------------- inverse stability */

static const ShlPathology *
selected_pathology (ShlWindow *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->patho_drop));
  int n;
  const ShlPathology *t = shl_pathologies (&n);
  return i >= 1 && (int) i <= n ? &t[i - 1] : NULL;
}

/* the slider works on [0, 1], mapped (log or linearly) to the range */
static double
patho_param (const ShlPathology *p, double u)
{
  double v = p->param_log ? p->param_min * pow (p->param_max / p->param_min, u)
                          : p->param_min + (p->param_max - p->param_min) * u;
  return p->param_integer ? round (v) : v;
}

static double
patho_slider (const ShlPathology *p, double v)
{
  return p->param_log ? log (v / p->param_min) / log (p->param_max / p->param_min)
                      : (v - p->param_min) / (p->param_max - p->param_min);
}

static void
apply_pathology (ShlWindow *self)
{
  const ShlPathology *p = selected_pathology (self);
  if (!p)
    return;
  double v = patho_param (p, gtk_range_get_value (GTK_RANGE (self->patho_scale)));
  char buf[64];
  g_snprintf (buf, sizeof buf, "%s = %.3g", p->param_name, v);
  gtk_label_set_text (GTK_LABEL (self->patho_value), buf);
  g_autoptr (GError) err = NULL;
  if (!shl_sim_apply_pathology (self->sim, p->id, v, &err))
    show_error (self, "Could not load the preset", err);
  self->twin_last = 0;
}

static void
on_patho_selected (GObject *dd, GParamSpec *ps, gpointer data)
{
  ShlWindow *self = data;
  const ShlPathology *p = selected_pathology (self);
  gtk_widget_set_sensitive (gtk_widget_get_parent (self->patho_scale), p != NULL);
  gtk_label_set_text (GTK_LABEL (self->patho_text), p ? p->explanation : "");
  if (!p)
    return;
  self->patho_updating = TRUE;
  gtk_range_set_value (GTK_RANGE (self->patho_scale), patho_slider (p, p->param_default));
  self->patho_updating = FALSE;
  apply_pathology (self);
}

static void
on_patho_param (GtkRange *r, gpointer data)
{
  ShlWindow *self = data;
  if (!self->patho_updating)
    apply_pathology (self);
}


static void
on_twin_file (GtkNativeDialog *dialog, int response, gpointer data)
{
  ShlWindow *self = data;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) err = NULL;
      ShlNet *net = path ? shl_net_load_json (path, &err) : NULL;
      if (!net)
        show_error (self, "Could not load the twin", err);
      else
        {
          shl_sim_set_twin (self->sim, net);
          shl_net_free (net);
          self->twin_last = 0;
        }
    }
  g_object_unref (dialog);
}

static void
on_twin_load (GtkButton *b, gpointer data)
{
  ShlWindow *self = data;
  GtkFileChooserNative *d = gtk_file_chooser_native_new (
    "Load the Twin Network", GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  GtkFileFilter *f = gtk_file_filter_new ();
  gtk_file_filter_set_name (f, "Networks (JSON)");
  gtk_file_filter_add_pattern (f, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (d), f);
  g_object_unref (f);
  g_signal_connect (d, "response", G_CALLBACK (on_twin_file), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (d));
}


static void
set_num (GtkWidget *label, double v)
{
  char buf[64];
  if (isnan (v))
    g_snprintf (buf, sizeof buf, "—");
  else if (isinf (v))
    g_snprintf (buf, sizeof buf, "∞");
  else
    g_snprintf (buf, sizeof buf, "%.4g", v);
  gtk_label_set_text (GTK_LABEL (label), buf);
}

/* The twin readouts, at most five times a second. Exact but cheap for
 * the widths a demo uses; wide networks are skipped. */
static void
update_twin_readouts (ShlWindow *self)
{
  gint64 now = g_get_monotonic_time ();
  if (now - self->twin_last < 200000)
    {
      schedule_refresh (self);
      return;
    }
  self->twin_last = now;
  ShlScene *sc = shl_sim_get_scene (self->sim);
  const ShlNet *f = sc->net, *g = shl_sim_get_twin (self->sim);
  if (!f || !g || f->d != g->d || f->m + g->m > 512)
    {
      for (int k = 0; k < 6; k++)
        gtk_label_set_text (GTK_LABEL (self->twin_labels[k]), "—");
      return;
    }
  ShlDistances dist;
  shl_realization_distance (&dist, f, g, NULL, NULL);
  set_num (self->twin_labels[0], dist.sup);
  set_num (self->twin_labels[1], dist.w1inf_2);
  set_num (self->twin_labels[2], shl_param_distance_raw (f, g));
  set_num (self->twin_labels[3], shl_param_distance_sym (f, g));
  ShlFibreDistance fd;
  if (shl_fibre_distance (&fd, f, g))
    {
      char buf[128];
      gboolean exact = shl_net_is_restricted (f, 1e-9) && shl_net_is_restricted (g, 1e-9);
      if (exact || fd.upper == fd.lower)
        g_snprintf (buf, sizeof buf, "%.4g%s", exact ? fd.restricted : fd.upper, exact ? " (exact)" : "");
      else
        g_snprintf (buf, sizeof buf, "%.3g … %.3g (restricted %.3g)", fd.lower, fd.upper, fd.restricted);
      gtk_label_set_text (GTK_LABEL (self->twin_labels[4]), buf);
      if (!shl_net_is_restricted (f, 1e-9))
        gtk_label_set_text (GTK_LABEL (self->twin_labels[5]), "— (f is not in the restricted set)");
      else if (fd.eps > 0 && isfinite (fd.restricted))
        {
          if (isfinite (fd.bound))
            g_snprintf (buf, sizeof buf, "%.3g (bound %.3g)", fd.restricted / sqrt (fd.eps),
                        fd.bound / sqrt (fd.eps));
          else
            g_snprintf (buf, sizeof buf, "%.3g", fd.restricted / sqrt (fd.eps));
          gtk_label_set_text (GTK_LABEL (self->twin_labels[5]), buf);
        }
      else
        gtk_label_set_text (GTK_LABEL (self->twin_labels[5]), "—");
    }
}

static GtkWidget *
build_sidebar (ShlWindow *self)
{
  ShlSim *sim = self->sim;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_bottom (box, 12);

  /* problem */
  GtkWidget *g = section (box, "Problem");
  GtkWidget *dim = gtk_drop_down_new_from_strings (dim_labels);
  g_object_bind_property_full (sim, "dim", dim, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               dim_to_index, index_to_dim, NULL, NULL);
  add_row (g, "_Input", dim, "One input (curves) or two inputs (heat maps)");
  self->target_model = gtk_string_list_new (NULL);
  self->target_drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->target_model)), NULL);
  add_row (g, "_Target", self->target_drop, "The function or classes to learn");
  g_signal_connect (self->target_drop, "notify::selected", G_CALLBACK (on_target_selected), self);
  add_row (g, "_Samples", spin (sim, "samples", 2, 100000, 16, 0), "Number of training points");
  add_row (g, "_Noise", spin (sim, "noise", 0, 2, 0.01, 2),
           "Regression: std of the noise on y; classes: jitter of the inputs");
  add_row (g, "_Data seed", spin (sim, "data-seed", 0, G_MAXUINT32, 1, 0), NULL);
  GtkWidget *imp = gtk_button_new_with_mnemonic ("_Import data (CSV)…");
  g_signal_connect (imp, "clicked", G_CALLBACK (on_import_clicked), self);
  gtk_box_append (GTK_BOX (box), imp);

  /* inverse stability: the pathology gallery and the twin */
  g = section (box, "Inverse stability");
  {
    int n;
    const ShlPathology *t = shl_pathologies (&n);
    GtkStringList *sl = gtk_string_list_new (NULL);
    gtk_string_list_append (sl, "— (none)");
    for (int k = 0; k < n; k++)
      gtk_string_list_append (sl, t[k].title);
    self->patho_drop = gtk_drop_down_new (G_LIST_MODEL (sl), NULL);
    add_row (g, "_Pathology", self->patho_drop,
             "Load a network Γ and a nearby function g (the twin) from theory.md's gallery");
    g_signal_connect (self->patho_drop, "notify::selected", G_CALLBACK (on_patho_selected), self);
    GtkWidget *pb = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    self->patho_scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 0.01);
    gtk_scale_set_draw_value (GTK_SCALE (self->patho_scale), FALSE);
    gtk_widget_set_hexpand (self->patho_scale, TRUE);
    self->patho_value = gtk_label_new ("");
    gtk_label_set_width_chars (GTK_LABEL (self->patho_value), 10);
    gtk_box_append (GTK_BOX (pb), self->patho_scale);
    gtk_box_append (GTK_BOX (pb), self->patho_value);
    add_row (g, "Para_meter", pb, "The preset's parameter (n, ε, K, t, s or c)");
    g_signal_connect (self->patho_scale, "value-changed", G_CALLBACK (on_patho_param), self);
    gtk_widget_set_sensitive (pb, FALSE);
    self->patho_text = gtk_label_new ("");
    gtk_label_set_wrap (GTK_LABEL (self->patho_text), TRUE);
    gtk_label_set_xalign (GTK_LABEL (self->patho_text), 0);
    gtk_label_set_max_width_chars (GTK_LABEL (self->patho_text), 40);
    gtk_widget_add_css_class (self->patho_text, "dim-label");
    gtk_box_append (GTK_BOX (box), self->patho_text);
    /* the twin: a menu of sources */
    GMenu *tm = g_menu_new ();
    g_menu_append (tm, "The network as it is now", "win.twin('now')");
    g_menu_append (tm, "The network at step 0", "win.twin('start')");
    g_menu_append (tm, "The teacher (teacher targets)", "win.twin('teacher')");
    g_menu_append (tm, "A balanced, permuted copy (same function)", "win.twin('transformed')");
    g_menu_append (tm, "A network file…", "win.twin('file')");
    g_menu_append (tm, "None", "win.twin('none')");
    GtkWidget *tmb = gtk_menu_button_new ();
    gtk_menu_button_set_label (GTK_MENU_BUTTON (tmb), "Set the twin");
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (tmb), G_MENU_MODEL (tm));
    gtk_widget_set_tooltip_text (tmb, "The network g the readouts compare with");
    g_object_unref (tm);
    gtk_box_append (GTK_BOX (box), tmb);
    GtkWidget *rg = gtk_grid_new ();
    gtk_grid_set_column_spacing (GTK_GRID (rg), 12);
    gtk_grid_set_row_spacing (GTK_GRID (rg), 2);
    const char *names[] = { "‖f − g‖<sub>∞</sub>", "|f − g|<sub>W¹˒∞</sub>", "‖θ − θ′‖<sub>∞</sub>",
                            "d<sub>sym</sub>", "d<sub>fib</sub>", "d<sub>fib</sub> / √ε" };
    for (int k = 0; k < 6; k++)
      {
        GtkWidget *l = gtk_label_new (NULL);
        gtk_label_set_markup (GTK_LABEL (l), names[k]);
        gtk_label_set_xalign (GTK_LABEL (l), 0);
        gtk_widget_add_css_class (l, "dim-label");
        self->twin_labels[k] = gtk_label_new ("—");
        gtk_label_set_xalign (GTK_LABEL (self->twin_labels[k]), 0);
        gtk_label_set_selectable (GTK_LABEL (self->twin_labels[k]), TRUE);
        gtk_widget_add_css_class (self->twin_labels[k], "numeric");
        gtk_grid_attach (GTK_GRID (rg), l, 0, k, 1, 1);
        gtk_grid_attach (GTK_GRID (rg), self->twin_labels[k], 1, k, 1, 1);
      }
    gtk_widget_set_tooltip_text (rg,
      "Between the network f (parameters θ) and the twin g (θ′): the realization distances "
      "(exact), the parameter distance raw and modulo symmetries, the distance to the fibre of g "
      "(exact in the restricted set, bounds otherwise), and the inverse-stability ratio against "
      "the proven bound");
    gtk_box_append (GTK_BOX (box), rg);
  }

  /* the neurons: a table with the symmetry moves and κ's steps */
  g = section (box, "Neurons");
  {
    GtkWidget *nb = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
    /* next: the κ step button (the step after the last one applied) */
    const struct { const char *label; ShlMove move; gboolean next; const char *tip; } moves[] = {
      { "Balance", shl_move_balance (), FALSE, "Rescale every neuron so |cᵢ| = ‖(aᵢ, bᵢ)‖ (same function)" },
      { "Permute", shl_move_reverse (), FALSE, "Reverse the order of the neurons (same function)" },
      { "κ step", shl_move_canon_step (SHL_CANON_DROP), TRUE, "The next step of the canonical form: drop, fold affine, orient, merge, balance, order (same function)" },
      { "κ", shl_move_canonical (), FALSE, "The canonical form in the restricted set, all six steps (same function)" },
    };
    for (unsigned k = 0; k < G_N_ELEMENTS (moves); k++)
      {
        GtkWidget *b = gtk_button_new_with_label (moves[k].label);
        gtk_widget_set_tooltip_text (b, moves[k].tip);
        gtk_widget_set_hexpand (b, TRUE);
        if (!moves[k].next)
          g_object_set_data_full (G_OBJECT (b), "shl-move",
                                  g_memdup2 (&moves[k].move, sizeof (ShlMove)), g_free);
        g_signal_connect (b, "clicked", G_CALLBACK (on_transform), self);
        gtk_box_append (GTK_BOX (nb), b);
      }
    gtk_grid_attach (GTK_GRID (g), nb, 0, 0, 2, 1);
    self->neuron_grid = gtk_grid_new ();
    gtk_widget_add_css_class (self->neuron_grid, "neurons");
    gtk_grid_set_column_spacing (GTK_GRID (self->neuron_grid), 8);
    gtk_grid_attach (GTK_GRID (g), self->neuron_grid, 0, 1, 2, 1);
    self->canon_next = 1;
  }

  /* network */
  g = section (box, "Network");
  add_row (g, "_Width", spin (sim, "width", 1, 1024, 1, 0), "Number of neurons m");
  add_row (g, "Initiali_sation", choice (sim, "init", init_labels, init_values), NULL);
  add_row (g, "Init s_eed", spin (sim, "init-seed", 0, G_MAXUINT32, 1, 0),
           "Seed of the initialisation and of the minibatch order");
  GtkWidget *load = gtk_button_new_with_mnemonic ("_Load network (JSON)…");
  g_signal_connect (load, "clicked", G_CALLBACK (on_load_net_clicked), self);
  gtk_box_append (GTK_BOX (box), load);

  /* training */
  g = section (box, "Training");
  add_row (g, "L_oss", choice (sim, "loss", loss_labels, loss_values), NULL);
  add_row (g, "O_ptimiser", choice (sim, "optimizer", opt_labels, opt_values), NULL);
  GtkWidget *lr_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *lr = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, -5, 0.5, 0.05);
  gtk_scale_set_draw_value (GTK_SCALE (lr), FALSE);
  gtk_widget_set_hexpand (lr, TRUE);
  g_object_bind_property_full (sim, "lr", gtk_range_get_adjustment (GTK_RANGE (lr)), "value",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               lr_to_log, log_to_lr, NULL, NULL);
  self->lr_label = gtk_label_new ("");
  gtk_label_set_width_chars (GTK_LABEL (self->lr_label), 7);
  gtk_widget_add_css_class (self->lr_label, "numeric");
  gtk_box_append (GTK_BOX (lr_box), lr);
  gtk_box_append (GTK_BOX (lr_box), self->lr_label);
  add_row (g, "_Learning rate", lr_box, "Logarithmic: each notch is a factor");
  g_signal_connect (sim, "notify::lr", G_CALLBACK (on_lr_changed), self);
  on_lr_changed (G_OBJECT (sim), NULL, self);
  add_row (g, "_Momentum", spin (sim, "momentum", 0, 0.999, 0.01, 3), "Momentum of the 'Momentum' optimiser");
  add_row (g, "_Batch", spin (sim, "batch", 0, 100000, 1, 0), "Minibatch size; 0 = the full batch (SGD: 32)");
  add_row (g, "Weight _decay", spin (sim, "weight-decay", 0, 1, 0.0001, 4), "L2 weight decay added to the gradient");
  GtkWidget *sp_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *sp = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, SPEED_MAX_LOG, 0.25);
  gtk_scale_set_draw_value (GTK_SCALE (sp), FALSE);
  gtk_widget_set_hexpand (sp, TRUE);
  g_object_bind_property_full (sim, "speed", gtk_range_get_adjustment (GTK_RANGE (sp)), "value",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               speed_to_log, log_to_speed, NULL, NULL);
  self->speed_value_label = gtk_label_new ("");
  gtk_label_set_width_chars (GTK_LABEL (self->speed_value_label), 12);
  gtk_box_append (GTK_BOX (sp_box), sp);
  gtk_box_append (GTK_BOX (sp_box), self->speed_value_label);
  add_row (g, "Sp_eed", sp_box, "Steps per second; the right end trains flat out");
  g_signal_connect (sim, "notify::speed", G_CALLBACK (on_speed_changed), self);
  on_speed_changed (G_OBJECT (sim), NULL, self);
  GtkWidget *restricted = gtk_check_button_new_with_mnemonic ("_Restricted parametrization");
  gtk_widget_set_tooltip_text (restricted,
    "After every step, map the parameters back into the restricted set: balanced neurons, "
    "one orientation per kink (the linear part takes the flips), no two neurons on one kink. "
    "The function is unchanged by the projection.");
  g_object_bind_property (sim, "restricted", restricted, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), restricted);

  /* view */
  g = section (box, "View");
  self->neurons_check = gtk_check_button_new_with_mnemonic ("Show each neuron's _term");
  g_signal_connect (self->neurons_check, "toggled", G_CALLBACK (on_neurons_toggled), self);
  gtk_grid_attach (GTK_GRID (g), self->neurons_check, 0, 0, 2, 1);
  const char *grad_labels[] = { "‖∇f‖", "∂f/∂x₁", "∂f/∂x₂", NULL };
  self->grad_drop = gtk_drop_down_new_from_strings (grad_labels);
  gtk_widget_set_hexpand (self->grad_drop, TRUE);
  gtk_widget_set_tooltip_text (self->grad_drop, "What the 2-D derivative panel shows");
  g_signal_connect (self->grad_drop, "notify::selected", G_CALLBACK (on_grad_selected), self);
  self->grad_label = gtk_label_new_with_mnemonic ("_Gradient");
  gtk_label_set_xalign (GTK_LABEL (self->grad_label), 0);
  gtk_widget_add_css_class (self->grad_label, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (self->grad_label), self->grad_drop);
  gtk_grid_attach (GTK_GRID (g), self->grad_label, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (g), self->grad_drop, 1, 1, 1, 1);

  const char *land_labels[] = { "Random directions", "PCA of the trajectory",
                                "Rescaling orbit of neuron 1", "Towards the twin",
                                "Coordinates b₁, c₁", "1-D paths", NULL };
  self->land_drop = gtk_drop_down_new_from_strings (land_labels);
  gtk_widget_set_hexpand (self->land_drop, TRUE);
  gtk_widget_set_tooltip_text (self->land_drop,
    "The plane of the loss-landscape panel: two random directions normalised per neuron, "
    "the top two principal components of the recorded trajectory, the rescaling orbit of a "
    "neuron (the loss is flat along it), or the straight line to the twin network");
  g_signal_connect (self->land_drop, "notify::selected", G_CALLBACK (on_land_selected), self);
  GtkWidget *ll = gtk_label_new_with_mnemonic ("_Landscape");
  gtk_label_set_xalign (GTK_LABEL (ll), 0);
  gtk_widget_add_css_class (ll, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (ll), self->land_drop);
  gtk_grid_attach (GTK_GRID (g), ll, 0, 2, 1, 1);
  gtk_grid_attach (GTK_GRID (g), self->land_drop, 1, 2, 1, 1);
  const char *traj_labels[] = { "Kinks and jumps", "Balance plane", "Conservation hᵢ",
                                "Distance from the start", NULL };
  self->traj_drop = gtk_drop_down_new_from_strings (traj_labels);
  gtk_widget_set_hexpand (self->traj_drop, TRUE);
  gtk_widget_set_tooltip_text (self->traj_drop,
    "The upper plot of the trajectory panel: each neuron's kink and jump (1-D), the balance "
    "plane, the conserved quantities hᵢ = cᵢ² − ‖(aᵢ, bᵢ)‖², or how far training has gone "
    "from the start in parameters and in realizations");
  g_signal_connect (self->traj_drop, "notify::selected", G_CALLBACK (on_traj_selected), self);
  GtkWidget *tl = gtk_label_new_with_mnemonic ("_Trajectories");
  gtk_label_set_xalign (GTK_LABEL (tl), 0);
  gtk_widget_add_css_class (tl, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (tl), self->traj_drop);
  gtk_grid_attach (GTK_GRID (g), tl, 0, 3, 1, 1);
  gtk_grid_attach (GTK_GRID (g), self->traj_drop, 1, 3, 1, 1);
  self->linear_check = gtk_check_button_new_with_mnemonic ("Linear colour scale for the _loss");
  g_signal_connect (self->linear_check, "toggled", G_CALLBACK (on_linear_toggled), self);
  gtk_grid_attach (GTK_GRID (g), self->linear_check, 0, 4, 2, 1);

  g_signal_connect (sim, "notify::dim", G_CALLBACK (on_sim_target_or_dim), self);
  g_signal_connect (sim, "notify::target", G_CALLBACK (on_sim_target_or_dim), self);
  on_sim_target_or_dim (G_OBJECT (sim), NULL, self);

  GtkWidget *scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), box);
  gtk_widget_set_size_request (scroll, 290, -1);
  gtk_widget_add_css_class (scroll, "sidebar");
  return scroll;
}

/* ------------------------------------------------------------- files */

static void
show_error (ShlWindow *self, const char *primary, const GError *error)
{
  GtkWidget *d = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                         GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (d), "%s", error->message);
  g_signal_connect (d, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (d));
}

static void update_title (ShlWindow *self);
static void add_recent (ShlWindow *self, const char *path);

gboolean
shl_window_open_file (ShlWindow *self, GFile *file, GError **error)
{
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
    {
      g_autoptr (ShlSession) ss = shl_session_load (path, error);
      if (!ss || !shl_sim_load_session (self->sim, ss, error))
        return FALSE;
      g_free (self->session_path);
      self->session_path = g_strdup (path);
      ShlViewSettings *view = shl_sim_get_view_settings (self->sim);
      shl_panel_grid_set_maximized (SHL_PANEL_GRID (self->grid), view->maximized);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->neurons_check), view->show_neurons);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->grad_drop), (guint) view->grad_view);
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->land_drop),
                                    view->landscape_paths ? 5
                                    : (guint) ((unsigned) view->landscape_dirs < 5 ? view->landscape_dirs : 0));
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->traj_drop), (guint) view->traj_view);
        gtk_check_button_set_active (GTK_CHECK_BUTTON (self->linear_check), view->landscape_linear);
      }
      shl_sim_set_modified (self->sim, FALSE);
      add_recent (self, path);
      update_title (self);
      return TRUE;
    }
  if (p < head + len && *p == '{')
    return shl_sim_load_network (self->sim, path, error);
  return shl_sim_import_data (self->sim, path, error);
}

gboolean
shl_window_save_session (ShlWindow *self, const char *path, GError **error)
{
  g_autoptr (ShlSession) ss = shl_sim_to_session (self->sim);
  if (!shl_session_save (ss, path, error))
    return FALSE;
  g_free (self->session_path);
  self->session_path = g_strdup (path);
  shl_sim_set_modified (self->sim, FALSE);
  add_recent (self, path);
  update_title (self);
  return TRUE;
}

const char *
shl_window_get_session_path (ShlWindow *self)
{
  return self->session_path;
}

static void
update_title (ShlWindow *self)
{
  gboolean modified;
  g_object_get (self->sim, "modified", &modified, NULL);
  g_autofree char *base = self->session_path ? g_path_get_basename (self->session_path)
                                             : g_strdup ("Untitled session");
  g_autofree char *title = g_strdup_printf ("%s%s — Shallows", modified ? "• " : "", base);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
on_modified (GObject *sim, GParamSpec *p, gpointer data)
{
  update_title (data);
}

/* recent sessions: GtkRecentManager entries registered by "shallows" */
static void
rebuild_recent (ShlWindow *self)
{
  g_menu_remove_all (self->recent_menu);
  GtkRecentManager *rm = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (rm);
  int n = 0;
  for (GList *l = items; l && n < 8; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      if (!gtk_recent_info_has_application (info, "shallows") || !gtk_recent_info_exists (info))
        continue;
      g_autoptr (GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (gtk_recent_info_get_uri (info)));
      g_menu_append_item (self->recent_menu, item);
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

typedef struct {
  ShlWindow *self;
  gboolean   network;
  gboolean   save;
} DialogCtx;

static void
on_open_response (GtkNativeDialog *dialog, int response, gpointer data)
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
            show_error (self, "Could not save the network", err);
        }
      else if (ctx->network ? !shl_sim_load_network (self->sim, path, &err)
                            : !shl_sim_import_data (self->sim, path, &err))
        show_error (self, ctx->network ? "Could not open the network" : "Could not import the data", err);
    }
  g_object_unref (dialog);
  g_free (ctx);
}

static void
open_dialog (ShlWindow *self, gboolean network)
{
  GtkFileChooserNative *d = gtk_file_chooser_native_new (
    network ? "Load a Network" : "Import Data", GTK_WINDOW (self),
    GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  GtkFileFilter *f = gtk_file_filter_new ();
  gtk_file_filter_set_name (f, network ? "Networks (JSON)" : "Data (CSV)");
  gtk_file_filter_add_pattern (f, network ? "*.json" : "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (d), f);
  g_object_unref (f);
  DialogCtx *ctx = g_new0 (DialogCtx, 1);
  ctx->self = self;
  ctx->network = network;
  g_signal_connect (d, "response", G_CALLBACK (on_open_response), ctx);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (d));
}

static void
on_open_any (GtkNativeDialog *dialog, int response, gpointer data)
{
  ShlWindow *self = data;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr (GError) err = NULL;
      if (!shl_window_open_file (self, file, &err))
        show_error (self, "Could not open the file", err);
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

static void
act_open_recent (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (p, NULL));
  g_autoptr (GError) err = NULL;
  if (!shl_window_open_file (self, file, &err))
    show_error (self, "Could not open the session", err);
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
        show_error (c->self, "Could not save the session", err);
      else if (c->close_after)
        {
          c->self->closing_confirmed = TRUE;
          gtk_window_close (GTK_WINDOW (c->self));
        }
    }
  g_object_unref (dialog);
  g_free (c);
}

static void
save_as (ShlWindow *self, gboolean close_after)
{
  GtkFileChooserNative *d = gtk_file_chooser_native_new (
    "Save the Session", GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel");
  g_autofree char *base = self->session_path ? g_path_get_basename (self->session_path)
                                             : g_strdup ("session.json");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (d), base);
  SaveCtx *c = g_new0 (SaveCtx, 1);
  c->self = self;
  c->close_after = close_after;
  g_signal_connect (d, "response", G_CALLBACK (on_save_as), c);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (d));
}

static void
act_save (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  if (!self->session_path)
    {
      save_as (self, FALSE);
      return;
    }
  g_autoptr (GError) err = NULL;
  if (!shl_window_save_session (self, self->session_path, &err))
    show_error (self, "Could not save the session", err);
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
    {
      self->closing_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (response == GTK_RESPONSE_ACCEPT)  /* save */
    {
      if (!self->session_path)
        {
          save_as (self, TRUE);
          return;
        }
      g_autoptr (GError) err = NULL;
      if (!shl_window_save_session (self, self->session_path, &err))
        show_error (self, "Could not save the session", err);
      else
        {
          self->closing_confirmed = TRUE;
          gtk_window_close (GTK_WINDOW (self));
        }
    }
}

static gboolean
on_close_request (GtkWindow *win, gpointer data)
{
  ShlWindow *self = SHL_WINDOW (win);
  gboolean modified;
  g_object_get (self->sim, "modified", &modified, NULL);
  if (self->closing_confirmed || !modified)
    return FALSE;
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

static void
act_open_network (GtkWidget *w, const char *name, GVariant *p)
{
  open_dialog (SHL_WINDOW (w), TRUE);
}

static void
act_import_data (GtkWidget *w, const char *name, GVariant *p)
{
  open_dialog (SHL_WINDOW (w), FALSE);
}

static void
act_save_network (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  GtkFileChooserNative *d = gtk_file_chooser_native_new (
    "Save the Network", GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (d), "network.json");
  DialogCtx *ctx = g_new0 (DialogCtx, 1);
  ctx->self = self;
  ctx->network = TRUE;
  ctx->save = TRUE;
  g_signal_connect (d, "response", G_CALLBACK (on_open_response), ctx);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (d));
}

/* ------------------------------------------------------------ export */

typedef struct {
  ShlWindow     *self;
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
  /* the same scene `shallows-cli render` builds from the saved session */
  g_autoptr (ShlSession) ss = shl_sim_to_session (self->sim);
  g_autoptr (ShlSceneData) sd = shl_scene_data_new (ss, error);
  if (!sd)
    return FALSE;
  ExportCtx ctx = { self, panel, style, shl_scene_data_get_scene (sd) };
  return shl_render_export (path, format, width_pt, height_pt, dpi,
                            transparent ? SHL_EXPORT_TRANSPARENT : SHL_EXPORT_FLAGS_NONE,
                            draw_export, &ctx, error);
}

/* The export dialog: what to draw and how big, then where. */
typedef struct {
  ShlWindow *self;
  GtkWidget *dialog;
  GtkWidget *panel, *preset, *width, *height, *unit, *format, *dpi, *style, *transparent;
  gboolean   updating;
} ExportDialog;

#define PT_PER_CM (72.0 / 2.54)

static double
unit_factor (ExportDialog *d)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (d->unit)) == 1 ? PT_PER_CM : 1.0;
}

static void
on_preset (GObject *o, GParamSpec *p, gpointer data)
{
  ExportDialog *d = data;
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (d->preset));
  if (i > 1 || d->updating)
    return;
  /* one column 3.3 in, two columns 6.9 in; height at 4:5 or 0.58 */
  double w = i == 0 ? 3.3 * 72 : 6.9 * 72;
  gboolean all = gtk_drop_down_get_selected (GTK_DROP_DOWN (d->panel)) == 0;
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

static void
on_unit (GObject *o, GParamSpec *p, gpointer data)
{
  ExportDialog *d = data;
  /* keep the physical size: convert the numbers */
  guint u = gtk_drop_down_get_selected (GTK_DROP_DOWN (d->unit));
  double f = u == 1 ? 1.0 / PT_PER_CM : PT_PER_CM;
  d->updating = TRUE;
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (d->width), u == 1 ? 2 : 0);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (d->height), u == 1 ? 2 : 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (d->width), gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->width)) * f);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (d->height), gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->height)) * f);
  d->updating = FALSE;
}

static void
on_format (GObject *o, GParamSpec *p, gpointer data)
{
  ExportDialog *d = data;
  gtk_widget_set_sensitive (d->dpi, gtk_drop_down_get_selected (GTK_DROP_DOWN (d->format)) == 2);
}

static const char *const export_ext[] = { "pdf", "svg", "png" };

static void
on_export_file (GtkNativeDialog *chooser, int response, gpointer data)
{
  ExportDialog *d = data;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      guint fi = gtk_drop_down_get_selected (GTK_DROP_DOWN (d->format));
      ShlExportFormat fmt = (ShlExportFormat) MIN (fi, 2);
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
      guint panel = gtk_drop_down_get_selected (GTK_DROP_DOWN (d->panel));
      if (!shl_window_export_figure (d->self, path, fmt, (int) panel - 1,
                                     gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->width)) * f,
                                     gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->height)) * f,
                                     gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->dpi)),
                                     gtk_drop_down_get_selected (GTK_DROP_DOWN (d->style)) == 0
                                       ? SHL_STYLE_PAPER : SHL_STYLE_SCREEN_LIGHT,
                                     gtk_check_button_get_active (GTK_CHECK_BUTTON (d->transparent)),
                                     &err))
        show_error (d->self, "Could not export the figure", err);
      else
        gtk_window_destroy (GTK_WINDOW (d->dialog));
    }
  g_object_unref (chooser);
}

static void
on_export_go (GtkButton *b, gpointer data)
{
  ExportDialog *d = data;
  GtkFileChooserNative *c = gtk_file_chooser_native_new (
    "Export Figure", GTK_WINDOW (d->dialog), GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
  guint panel = gtk_drop_down_get_selected (GTK_DROP_DOWN (d->panel));
  guint fi = MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (d->format)), 2);
  g_autofree char *name = g_strdup_printf ("%s.%s", panel == 0 ? "shallows"
                                           : shl_panel_id ((ShlPanelKind) (panel - 1)), export_ext[fi]);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (c), name);
  g_signal_connect (c, "response", G_CALLBACK (on_export_file), d);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (c));
}

static GtkWidget *
dialog_row (GtkWidget *grid, int row, const char *label, GtkWidget *w)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), w);
  gtk_widget_set_hexpand (w, TRUE);
  gtk_grid_attach (GTK_GRID (grid), l, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), w, 1, row, 2, 1);
  return w;
}

static void
act_export (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  ExportDialog *d = g_new0 (ExportDialog, 1);
  d->self = self;
  d->dialog = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (d->dialog), "Export Figure");
  gtk_window_set_transient_for (GTK_WINDOW (d->dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (d->dialog), TRUE);
  g_object_set_data_full (G_OBJECT (d->dialog), "shl-export", d, g_free);
  GtkWidget *grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 18);
  gtk_widget_set_margin_end (grid, 18);
  gtk_widget_set_margin_top (grid, 18);
  gtk_widget_set_margin_bottom (grid, 18);
  const char *panels[] = { "All four panels", "Realization", "Derivative", "Loss landscape",
                           "Parameter trajectories", NULL };
  d->panel = dialog_row (grid, 0, "_Panel", gtk_drop_down_new_from_strings (panels));
  int maxi = shl_panel_grid_get_maximized (SHL_PANEL_GRID (self->grid));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (d->panel), (guint) (maxi + 1));
  const char *presets[] = { "One column (3.3 in)", "Two columns (6.9 in)", "Custom", NULL };
  d->preset = dialog_row (grid, 1, "_Size", gtk_drop_down_new_from_strings (presets));
  d->width = gtk_spin_button_new_with_range (20, 5000, 1);
  d->height = gtk_spin_button_new_with_range (20, 5000, 1);
  const char *units[] = { "pt", "cm", NULL };
  d->unit = gtk_drop_down_new_from_strings (units);
  GtkWidget *size = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (size), d->width);
  gtk_box_append (GTK_BOX (size), gtk_label_new ("×"));
  gtk_box_append (GTK_BOX (size), d->height);
  gtk_box_append (GTK_BOX (size), d->unit);
  gtk_accessible_update_property (GTK_ACCESSIBLE (d->width), GTK_ACCESSIBLE_PROPERTY_LABEL, "Width", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (d->height), GTK_ACCESSIBLE_PROPERTY_LABEL, "Height", -1);
  dialog_row (grid, 2, "_Width × height", size);
  const char *formats[] = { "PDF", "SVG", "PNG", NULL };
  d->format = dialog_row (grid, 3, "_Format", gtk_drop_down_new_from_strings (formats));
  d->dpi = dialog_row (grid, 4, "_Resolution (dpi)", gtk_spin_button_new_with_range (50, 1200, 50));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (d->dpi), 300);
  const char *styles[] = { "Paper (white, print line widths)", "Screen", NULL };
  d->style = dialog_row (grid, 5, "S_tyle", gtk_drop_down_new_from_strings (styles));
  d->transparent = gtk_check_button_new_with_mnemonic ("Transparent _background");
  gtk_grid_attach (GTK_GRID (grid), d->transparent, 1, 6, 2, 1);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 12);
  GtkWidget *cancel = gtk_button_new_with_mnemonic ("_Cancel");
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), d->dialog);
  GtkWidget *go = gtk_button_new_with_mnemonic ("_Export…");
  gtk_widget_add_css_class (go, "suggested-action");
  g_signal_connect (go, "clicked", G_CALLBACK (on_export_go), d);
  gtk_box_append (GTK_BOX (buttons), cancel);
  gtk_box_append (GTK_BOX (buttons), go);
  gtk_grid_attach (GTK_GRID (grid), buttons, 0, 7, 3, 1);
  g_signal_connect (d->preset, "notify::selected", G_CALLBACK (on_preset), d);
  g_signal_connect (d->panel, "notify::selected", G_CALLBACK (on_preset), d);
  g_signal_connect (d->width, "value-changed", G_CALLBACK (on_size_edited), d);
  g_signal_connect (d->height, "value-changed", G_CALLBACK (on_size_edited), d);
  g_signal_connect (d->unit, "notify::selected", G_CALLBACK (on_unit), d);
  g_signal_connect (d->format, "notify::selected", G_CALLBACK (on_format), d);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (d->preset), maxi < 0 ? 1 : 0);
  on_preset (NULL, NULL, d);
  on_format (NULL, NULL, d);
  gtk_window_set_child (GTK_WINDOW (d->dialog), grid);
  gtk_window_set_default_widget (GTK_WINDOW (d->dialog), go);
  gtk_window_present (GTK_WINDOW (d->dialog));
}

gboolean
shl_window_export_data (ShlWindow *self, const char *dir, guint *n_files, GError **error)
{
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
        show_error (self, "Could not export the data", err);
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

static void
act_twin (GtkWidget *w, const char *name, GVariant *param)
{
  ShlWindow *self = SHL_WINDOW (w);
  const char *what = g_variant_get_string (param, NULL);
  ShlScene *sc = shl_sim_get_scene (self->sim);
  self->twin_last = 0;
  if (g_str_equal (what, "now") && sc->net)
    shl_sim_set_twin (self->sim, sc->net);
  else if (g_str_equal (what, "start") && sc->net0)
    shl_sim_set_twin (self->sim, sc->net0);
  else if (g_str_equal (what, "teacher"))
    {
      const ShlNet *t = sc->target ? shl_target_teacher (sc->target) : NULL;
      if (t)
        shl_sim_set_twin (self->sim, t);
      else
        {
          g_autoptr (GError) err = g_error_new_literal (SHL_ERROR, SHL_ERROR_INVALID,
            "Only the teacher targets (teacher, teacher2d) have a teacher network.");
          show_error (self, "No teacher", err);
        }
    }
  else if (g_str_equal (what, "transformed") && sc->net)
    {
      /* the same function, other parameters: every neuron balanced and the
       * order reversed */
      ShlNet *t = shl_net_copy (sc->net);
      shl_net_balance (t);
      for (int i = 0; i < t->m / 2; i++)
        shl_net_swap_neurons (t, i, t->m - 1 - i);
      shl_sim_set_twin (self->sim, t);
      shl_net_free (t);
    }
  else if (g_str_equal (what, "file"))
    on_twin_load (NULL, self);
  else if (g_str_equal (what, "none"))
    shl_sim_set_twin (self->sim, NULL);
}

static void
on_transform (GtkButton *b, gpointer data)
{
  ShlWindow *self = data;
  const ShlMove *stored = g_object_get_data (G_OBJECT (b), "shl-move");
  ShlMove move = stored ? *stored : shl_move_canon_step ((ShlCanonStep) self->canon_next);
  if (!stored)
    {
      self->canon_next = self->canon_next % SHL_CANON_N_STEPS + 1;
      g_autofree char *tip = g_strdup_printf ("Next: step %d, %s", self->canon_next,
                                              shl_canon_step_name ((ShlCanonStep) self->canon_next));
      gtk_widget_set_tooltip_text (GTK_WIDGET (b), tip);
    }
  g_autoptr (GError) err = NULL;
  if (!shl_sim_apply_move (self->sim, &move, &err))
    show_error (self, "Could not transform the network", err);
  else
    self->move_start = g_get_monotonic_time ();
  self->neurons_last = 0;
  self->twin_last = 0;
}

/* the neuron table: status badges, kink, jump, imbalance, partners */
static void
update_neuron_table (ShlWindow *self)
{
  gint64 now = g_get_monotonic_time ();
  ShlScene *scn = shl_sim_get_scene (self->sim);
  /* a new network (reset, preset, move) is shown at once; training
   * updates at most twice a second */
  gboolean fresh = scn->net && (scn->net->m != self->neurons_m || scn->step < self->neurons_step);
  if (!fresh && now - self->neurons_last < 500000)
    {
      schedule_refresh (self);
      return;
    }
  self->neurons_last = now;
  self->neurons_m = scn->net ? scn->net->m : -1;
  self->neurons_step = scn->step;
  GtkWidget *c;
  while ((c = gtk_widget_get_first_child (self->neuron_grid)))
    gtk_grid_remove (GTK_GRID (self->neuron_grid), c);
  const ShlNet *net = shl_sim_get_scene (self->sim)->net;
  if (!net)
    return;
  const int show = MIN (net->m, 24);
  ShlNeuronDiag *diag = g_new (ShlNeuronDiag, MAX (net->m, 1));
  shl_net_diagnose (diag, net);
  const char *heads[] = { "#", "status", net->d == 1 ? "kink" : "offset", "jump", "log |c|/‖(a,b)‖", "" };
  for (int j = 0; j < 6; j++)
    {
      GtkWidget *h = gtk_label_new (heads[j]);
      gtk_widget_add_css_class (h, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (h), 0);
      gtk_grid_attach (GTK_GRID (self->neuron_grid), h, j, 0, 1, 1);
    }
  for (int i = 0; i < show; i++)
    {
      char buf[5][48];
      g_snprintf (buf[0], sizeof buf[0], "%d", i + 1);
      g_snprintf (buf[1], sizeof buf[1], "%s", shl_neuron_status_name (diag[i].status));
      g_snprintf (buf[2], sizeof buf[2], "%.3g", diag[i].kink);
      g_snprintf (buf[3], sizeof buf[3], "%.3g", diag[i].jump);
      g_snprintf (buf[4], sizeof buf[4], "%.2g", diag[i].imbalance);
      for (int j = 0; j < 5; j++)
        {
          GtkWidget *l = gtk_label_new (buf[j]);
          gtk_label_set_xalign (GTK_LABEL (l), 0);
          gtk_widget_add_css_class (l, "numeric");
          if (j == 1)
            gtk_widget_add_css_class (l, diag[i].status == SHL_NEURON_ACTIVE ? "success"
                                         : diag[i].status == SHL_NEURON_DEAD ? "error" : "warning");
          if (j == 4 && fabs (diag[i].imbalance) > 1)
            gtk_widget_add_css_class (l, "warning");
          gtk_grid_attach (GTK_GRID (self->neuron_grid), l, j, i + 1, 1, 1);
        }
      char partner[48] = "";
      if (diag[i].duplicate_of >= 0)
        g_snprintf (partner, sizeof partner, "= %d", diag[i].duplicate_of + 1);
      else if (diag[i].opposite_of >= 0)
        g_snprintf (partner, sizeof partner, "−%d", diag[i].opposite_of + 1);
      GtkWidget *pl = gtk_label_new (partner);
      gtk_widget_set_tooltip_text (pl, "= j: the same kink as neuron j; −j: neuron j's kink, facing the other way");
      gtk_grid_attach (GTK_GRID (self->neuron_grid), pl, 5, i + 1, 1, 1);
      /* per neuron: ×2, ÷2 (rescale) and balance */
      const struct { const char *label, *tip; } acts[] = {
        { "×2", "Rescale by λ = 2: (2a, 2b, c/2), the same function" },
        { "÷2", "Rescale by λ = ½: (a/2, b/2, 2c), the same function" },
        { "⚖", "Balance this neuron: |c| = ‖(a, b)‖" },
      };
      for (unsigned q = 0; q < G_N_ELEMENTS (acts); q++)
        {
          GtkWidget *bt = gtk_button_new_with_label (acts[q].label);
          gtk_widget_add_css_class (bt, "flat");
          gtk_widget_set_tooltip_text (bt, acts[q].tip);
          ShlMove mv = q == 0 ? shl_move_rescale_neuron (i, 2.0)
                       : q == 1 ? shl_move_rescale_neuron (i, 0.5)
                                : shl_move_balance_neuron (i);
          g_object_set_data_full (G_OBJECT (bt), "shl-move", g_memdup2 (&mv, sizeof mv), g_free);
          g_signal_connect (bt, "clicked", G_CALLBACK (on_transform), self);
          gtk_grid_attach (GTK_GRID (self->neuron_grid), bt, 6 + (int) q, i + 1, 1, 1);
        }
    }
  if (net->m > show)
    {
      g_autofree char *more = g_strdup_printf ("… and %d more", net->m - show);
      GtkWidget *l = gtk_label_new (more);
      gtk_widget_add_css_class (l, "dim-label");
      gtk_grid_attach (GTK_GRID (self->neuron_grid), l, 0, show + 1, 6, 1);
    }
  g_free (diag);
}

static void
act_experiments (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  ShlExperimentsWindow *e = shl_experiments_window_new (GTK_WINDOW (self), self->sim);
  gtk_window_present (GTK_WINDOW (e));
}

/* ------------------------------------------------------------ actions */

static void
act_maximize (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  int i = g_variant_get_int32 (p);
  ShlPanelGrid *grid = SHL_PANEL_GRID (self->grid);
  shl_panel_grid_set_maximized (grid, shl_panel_grid_get_maximized (grid) == i ? -1 : i);
  shl_sim_get_view_settings (self->sim)->maximized = shl_panel_grid_get_maximized (grid);
}

static void
act_restore (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  shl_panel_grid_set_maximized (SHL_PANEL_GRID (self->grid), -1);
  shl_sim_get_view_settings (self->sim)->maximized = -1;
}

static void
act_toggle_sidebar (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  gtk_widget_set_visible (self->sidebar, !gtk_widget_get_visible (self->sidebar));
}

static void
act_fullscreen (GtkWidget *w, const char *name, GVariant *p)
{
  GtkWindow *win = GTK_WINDOW (w);
  if (gtk_window_is_fullscreen (win))
    gtk_window_unfullscreen (win);
  else
    gtk_window_fullscreen (win);
}

static void
on_view_activate (ShlPlotView *view, gpointer data)
{
  ShlWindow *self = data;
  for (int k = 0; k < SHL_N_PANELS; k++)
    if (self->views[k] == GTK_WIDGET (view))
      gtk_widget_activate_action (GTK_WIDGET (self), "win.maximize-panel", "i", k);
}

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
        show_error (self, "Could not open the dropped file", err);
      else
        any = TRUE;
    }
  return any;
}

/* ------------------------------------------------------------ GObject */

static void
shl_window_dispose (GObject *object)
{
  ShlWindow *self = SHL_WINDOW (object);
  if (self->tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (self->refresh_id)
    {
      g_source_remove (self->refresh_id);
      self->refresh_id = 0;
    }
  if (self->sim)
    g_signal_handlers_disconnect_by_data (self->sim, self);
  g_clear_object (&self->sim);
  g_clear_object (&self->target_model);
  g_clear_object (&self->recent_menu);
  g_clear_pointer (&self->session_path, g_free);
  g_clear_pointer (&self->target_names, g_ptr_array_unref);
  G_OBJECT_CLASS (shl_window_parent_class)->dispose (object);
}

static void
shl_window_class_init (ShlWindowClass *klass)
{
  GObjectClass *oc = G_OBJECT_CLASS (klass);
  GtkWidgetClass *wc = GTK_WIDGET_CLASS (klass);
  oc->dispose = shl_window_dispose;

  gtk_widget_class_install_action (wc, "win.maximize-panel", "i", act_maximize);
  gtk_widget_class_install_action (wc, "win.restore-panels", NULL, act_restore);
  gtk_widget_class_install_action (wc, "win.toggle-sidebar", NULL, act_toggle_sidebar);
  gtk_widget_class_install_action (wc, "win.fullscreen", NULL, act_fullscreen);
  gtk_widget_class_install_action (wc, "win.open", NULL, act_open);
  gtk_widget_class_install_action (wc, "win.open-recent", "s", act_open_recent);
  gtk_widget_class_install_action (wc, "win.save", NULL, act_save);
  gtk_widget_class_install_action (wc, "win.save-as", NULL, act_save_as);
  gtk_widget_class_install_action (wc, "win.open-network", NULL, act_open_network);
  gtk_widget_class_install_action (wc, "win.import-data", NULL, act_import_data);
  gtk_widget_class_install_action (wc, "win.save-network", NULL, act_save_network);
  gtk_widget_class_install_action (wc, "win.export", NULL, act_export);
  gtk_widget_class_install_action (wc, "win.twin", "s", act_twin);
  gtk_widget_class_install_action (wc, "win.experiments", NULL, act_experiments);
  gtk_widget_class_install_action (wc, "win.export-data", NULL, act_export_data);

  gtk_widget_class_add_binding_action (wc, GDK_KEY_F11, 0, "win.fullscreen", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_i, GDK_CONTROL_MASK, "win.import-data", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_Escape, 0, "win.restore-panels", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_0, GDK_CONTROL_MASK, "win.restore-panels", NULL);
  for (int k = 0; k < SHL_N_PANELS; k++)
    gtk_widget_class_add_binding_action (wc, GDK_KEY_1 + k, GDK_CONTROL_MASK,
                                         "win.maximize-panel", "i", k);
}

static GtkWidget *
readout (GtkWidget *box, const char *caption, GtkWidget **value, int chars)
{
  GtkWidget *b = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *c = gtk_label_new (caption);
  gtk_widget_add_css_class (c, "dim-label");
  *value = gtk_label_new ("");
  gtk_widget_add_css_class (*value, "numeric");
  gtk_widget_add_css_class (*value, "readout");
  gtk_label_set_xalign (GTK_LABEL (*value), 0);
  if (chars > 0)
    gtk_label_set_width_chars (GTK_LABEL (*value), chars);
  gtk_box_append (GTK_BOX (b), c);
  gtk_box_append (GTK_BOX (b), *value);
  gtk_flow_box_append (GTK_FLOW_BOX (box), b);
  return b;
}

static void
shl_window_init (ShlWindow *self)
{
  self->sim = shl_sim_new ();
  self->plot_scale = 1.0;
  self->target_names = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sim", shl_sim_get_actions (self->sim));
  gtk_window_set_title (GTK_WINDOW (self), "Shallows");
  gtk_window_set_default_size (GTK_WINDOW (self), 1280, 800);

  /* header bar */
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *side = gtk_button_new_from_icon_name ("sidebar-show-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (side), "win.toggle-sidebar");
  gtk_widget_set_tooltip_text (side, "Show or hide the controls (F9)");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), side);
  self->run_button = gtk_button_new_from_icon_name ("media-playback-start-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->run_button), "sim.running");
  gtk_widget_add_css_class (self->run_button, "suggested-action");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), self->run_button);
  GtkWidget *step = gtk_button_new_from_icon_name ("media-skip-forward-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (step), "sim.step");
  gtk_widget_set_tooltip_text (step, "One step (Right); 100 steps (Shift+Right)");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), step);
  GtkWidget *reset = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (reset), "sim.reset");
  gtk_widget_set_tooltip_text (reset, "Back to step 0 (Ctrl+R)");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), reset);

  GMenu *menu = g_menu_new ();
  GMenu *session = g_menu_new ();
  g_menu_append (session, "_Open…", "win.open");
  self->recent_menu = g_menu_new ();
  g_menu_append_submenu (session, "Open _Recent", G_MENU_MODEL (self->recent_menu));
  g_menu_append (session, "_Save", "win.save");
  g_menu_append (session, "Save _As…", "win.save-as");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (session));
  g_object_unref (session);
  GMenu *files = g_menu_new ();
  g_menu_append (files, "_Load Network…", "win.open-network");
  g_menu_append (files, "_Import Data…", "win.import-data");
  g_menu_append (files, "Save _Network…", "win.save-network");
  g_menu_append (files, "_Export Figure…", "win.export");
  g_menu_append (files, "Export _Data (CSV)…", "win.export-data");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (files));
  g_object_unref (files);
  files = g_menu_new ();
  g_menu_append (files, "Inverse Stability _Experiments…", "win.experiments");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (files));
  GMenu *view = g_menu_new ();
  g_menu_append (view, "_Fullscreen", "win.fullscreen");
  g_menu_append (view, "_Preferences", "app.preferences");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (view));
  GMenu *help = g_menu_new ();
  g_menu_append (help, "_Keyboard Shortcuts", "win.show-help-overlay");
  g_menu_append (help, "_About Shallows", "app.about");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (help));
  GtkWidget *mb = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (mb), "open-menu-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (mb), G_MENU_MODEL (menu));
  gtk_menu_button_set_primary (GTK_MENU_BUTTON (mb), TRUE);
  gtk_widget_set_tooltip_text (mb, "Main menu");
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), mb);
  g_object_unref (files);
  g_object_unref (view);
  g_object_unref (help);
  g_object_unref (menu);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  /* body */
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  self->sidebar = build_sidebar (self);
  gtk_box_append (GTK_BOX (body), self->sidebar);
  gtk_box_append (GTK_BOX (body), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  GtkWidget *main = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->grid = shl_panel_grid_new ();
  gtk_widget_set_margin_start (self->grid, 6);
  gtk_widget_set_margin_end (self->grid, 6);
  gtk_widget_set_margin_top (self->grid, 6);
  for (int k = 0; k < SHL_N_PANELS; k++)
    {
      self->slots[k].win = self;
      self->slots[k].kind = (ShlPanelKind) k;
      self->views[k] = shl_plot_view_new (shl_panel_title ((ShlPanelKind) k), draw_panel, &self->slots[k]);
      g_signal_connect (self->views[k], "activate", G_CALLBACK (on_view_activate), self);
      shl_panel_grid_add (SHL_PANEL_GRID (self->grid), self->views[k]);
    }
  gtk_box_append (GTK_BOX (main), self->grid);
  /* a flow box: the readouts wrap onto two lines in narrow windows */
  GtkWidget *bar = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (bar), GTK_SELECTION_NONE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (bar), 2);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (bar), 5);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (bar), 18);
  gtk_widget_set_can_focus (bar, FALSE);
  gtk_widget_add_css_class (bar, "readouts");
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  readout (bar, "Step", &self->step_label, 9);
  readout (bar, "Loss", &self->loss_label, 8);
  readout (bar, "Steps/s", &self->speed_label, 8);
  readout (bar, "Status", &self->status_label, 0);
  /* the history scrubber: drag it and every panel shows that step */
  GtkWidget *sb = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *sl = gtk_label_new ("History");
  gtk_widget_add_css_class (sl, "dim-label");
  self->scrubber = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 0.001);
  gtk_scale_set_draw_value (GTK_SCALE (self->scrubber), FALSE);
  gtk_range_set_value (GTK_RANGE (self->scrubber), 1.0);
  gtk_widget_set_size_request (self->scrubber, 220, -1);
  gtk_widget_set_hexpand (self->scrubber, TRUE);
  gtk_widget_set_tooltip_text (self->scrubber,
    "Drag back through the recorded training: every panel shows the network at that step "
    "(the right end is live)");
  g_signal_connect (self->scrubber, "value-changed", G_CALLBACK (on_scrub), self);
  gtk_box_append (GTK_BOX (sb), sl);
  gtk_box_append (GTK_BOX (sb), self->scrubber);
  gtk_flow_box_append (GTK_FLOW_BOX (bar), sb);
  gtk_label_set_ellipsize (GTK_LABEL (self->status_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (self->status_label), 8);
  gtk_label_set_max_width_chars (GTK_LABEL (self->status_label), 60);
  gtk_box_append (GTK_BOX (main), bar);
  gtk_box_append (GTK_BOX (body), main);
  gtk_window_set_child (GTK_WINDOW (self), body);

  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, self, NULL);
  update_readouts (self);
  g_signal_connect (self->sim, "notify::modified", G_CALLBACK (on_modified), self);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
  shl_sim_set_modified (self->sim, FALSE);
  rebuild_recent (self);
  update_title (self);
}

ShlWindow *
shl_window_new (GtkApplication *app)
{
  return g_object_new (SHL_TYPE_WINDOW, "application", app, NULL);
}

gint64
shl_window_get_first_frame_time (ShlWindow *self)
{
  return self->first_frame;
}

ShlSim *
shl_window_get_sim (ShlWindow *self)
{
  return self->sim;
}

GtkWidget *
shl_window_get_panel (ShlWindow *self, int index)
{
  g_return_val_if_fail (index >= 0 && index < SHL_N_PANELS, NULL);
  return self->views[index];
}

GtkWidget *
shl_window_get_grid (ShlWindow *self)
{
  return self->grid;
}

void
shl_window_set_plot_scale (ShlWindow *self, double scale)
{
  self->plot_scale = scale;
  for (int k = 0; k < SHL_N_PANELS; k++)
    shl_plot_view_set_scale (SHL_PLOT_VIEW (self->views[k]), scale);
}

const char *
shl_window_get_twin_readout (ShlWindow *self, int k)
{
  g_return_val_if_fail (k >= 0 && k < 6, NULL);
  self->twin_last = 0;
  update_twin_readouts (self);
  return gtk_label_get_text (GTK_LABEL (self->twin_labels[k]));
}

gboolean
shl_window_select_pathology (ShlWindow *self, const char *id)
{
  int n;
  const ShlPathology *t = shl_pathologies (&n);
  for (int k = 0; k < n; k++)
    if (g_strcmp0 (t[k].id, id) == 0)
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->patho_drop), (guint) k + 1);
        return TRUE;
      }
  return FALSE;
}

void
shl_window_set_landscape_directions (ShlWindow *self, int kind)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->land_drop), (guint) kind);
}

void
shl_window_scrub (ShlWindow *self, double fraction)
{
  gtk_range_set_value (GTK_RANGE (self->scrubber), fraction);
}

void
shl_window_set_trajectory_view (ShlWindow *self, int view)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->traj_drop), (guint) view);
}
