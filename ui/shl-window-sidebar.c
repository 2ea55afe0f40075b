/* shl-window-sidebar.c: the sidebar's controls, generated from the ShlSim
 * properties they are bound to: problem, network, training and view. The
 * inverse-stability and neuron sections are built by their own rooms
 * (shl-window-stability.c, shl-window-neurons.c). */
#include "shl-window-private.h"

#include <math.h>

#include "shl-data.h"

/* ------------------------------------------------------------ helpers */

GtkWidget *
shl_window_sidebar_section (GtkWidget *box, const char *title)
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

void
shl_window_sidebar_add_row (GtkWidget *grid, const char *label, GtkWidget *widget,
                            const char *tooltip)
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

/* a label + control row at a given row, for controls that are shown and
 * hidden with their label */
static GtkWidget *
attach_row (GtkWidget *grid, int row, const char *label, GtkWidget *widget)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_widget_add_css_class (l, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
  gtk_grid_attach (GTK_GRID (grid), l, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), widget, 1, row, 1, 1);
  return l;
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

/* A drop-down bound to a string property, offering the entries of an
 * engine name table (ids in the property, labels on screen) in the order
 * given (the enum values). */
static GtkWidget *
choice (ShlSim *sim, const char *prop, const ShlNameTable *table, const int *order, guint n)
{
  const char **labels = g_new0 (const char *, n + 1);
  const char **values = g_new0 (const char *, n + 1);
  for (guint k = 0; k < n; k++)
    {
      const ShlName *e = shl_name_by_value (table, order[k]);
      g_assert (e != NULL);
      labels[k] = e->label;
      values[k] = e->id;
    }
  GtkWidget *dd = gtk_drop_down_new_from_strings (labels);
  g_free (labels);
  /* the binding's data: owned by the drop-down */
  g_object_set_data_full (G_OBJECT (dd), "shl-choice-values", values, g_free);
  g_object_bind_property_full (sim, prop, dd, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               string_to_index, index_to_string,
                               (gpointer) values, NULL);
  return dd;
}

/* a slider with a value label at its right */
static GtkWidget *
slider_box (GtkWidget *scale, GtkWidget *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_scale_set_draw_value (GTK_SCALE (scale), FALSE);
  gtk_widget_set_hexpand (scale, TRUE);
  gtk_box_append (GTK_BOX (box), scale);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

/* the order of the choices in the drop-downs */
static const int init_order[] = { SHL_INIT_HE, SHL_INIT_BALANCED, SHL_INIT_UNIFORM };
static const int loss_order[] = { SHL_LOSS_MSE, SHL_LOSS_LOGISTIC };
static const int opt_order[] = { SHL_OPT_ADAM, SHL_OPT_MOMENTUM, SHL_OPT_SGD, SHL_OPT_GD };
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
  gtk_label_set_text (GTK_LABEL (self->side.lr_label), buf);
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
  gtk_label_set_text (GTK_LABEL (self->side.speed_label), buf);
}

/* ------------------------------------------------------------ problem */

/* the targets of the current dimension (+ imported data) */
static void
rebuild_targets (ShlWindow *self)
{
  ShlWindowSidebar *sb = &self->side;
  int dim;
  g_autofree char *current = NULL;
  g_object_get (self->sim, "dim", &dim, "target", &current, NULL);
  sb->updating_targets = TRUE;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (sb->target_model));
  g_ptr_array_set_size (sb->target_names, 0);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  size_t nt;
  const ShlTargetInfo *t = shl_targets (&nt);
  guint sel = 0;
  for (size_t k = 0; k < nt; k++)
    if (t[k].d == dim)
      {
        if (g_strcmp0 (t[k].name, current) == 0)
          sel = sb->target_names->len;
        g_ptr_array_add (sb->target_names, g_strdup (t[k].name));
        g_ptr_array_add (labels, g_strdup_printf ("%s%s", t[k].label,
                                                  t[k].classification ? " (classes)" : ""));
      }
  if (g_strcmp0 (current, "data") == 0)
    {
      sel = sb->target_names->len;
      g_ptr_array_add (sb->target_names, g_strdup ("data"));
      /* what the data are: a preset's g or a file (never a target's name) */
      g_ptr_array_add (labels, g_strdup (shl_sim_get_data_label (self->sim)));
    }
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (sb->target_model, 0, n_old, (const char *const *) labels->pdata);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sb->target_drop), sel);
  sb->updating_targets = FALSE;
}

static void
on_target_selected (GObject *dd, GParamSpec *p, gpointer data)
{
  ShlWindow *self = data;
  if (self->side.updating_targets)
    return;
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (dd));
  if (i >= self->side.target_names->len)
    return;
  const char *name = g_ptr_array_index (self->side.target_names, i);
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
  gtk_widget_set_visible (self->side.neurons_check, dim == 1);
  gtk_widget_set_visible (self->side.grad_drop, dim == 2);
  gtk_widget_set_visible (self->side.grad_label, dim == 2);
}

static void
build_problem (ShlWindow *self, GtkWidget *box)
{
  ShlSim *sim = self->sim;
  GtkWidget *g = shl_window_sidebar_section (box, "Problem");
  GtkWidget *dim = gtk_drop_down_new_from_strings (dim_labels);
  g_object_bind_property_full (sim, "dim", dim, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               dim_to_index, index_to_dim, NULL, NULL);
  shl_window_sidebar_add_row (g, "_Input", dim, "One input (curves) or two inputs (heat maps)");
  self->side.target_model = gtk_string_list_new (NULL);
  self->side.target_drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->side.target_model)), NULL);
  shl_window_sidebar_add_row (g, "_Target", self->side.target_drop, "The function or classes to learn");
  g_signal_connect (self->side.target_drop, "notify::selected", G_CALLBACK (on_target_selected), self);
  shl_window_sidebar_add_row (g, "_Samples", spin (sim, "samples", 2, 100000, 16, 0),
                              "Number of training points");
  shl_window_sidebar_add_row (g, "_Noise", spin (sim, "noise", 0, 2, 0.01, 2),
                              "Regression: std of the noise on y; classes: jitter of the inputs");
  shl_window_sidebar_add_row (g, "_Data seed", spin (sim, "data-seed", 0, G_MAXUINT32, 1, 0), NULL);
  GtkWidget *imp = gtk_button_new_with_mnemonic ("_Import data (CSV)…");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (imp), "win.import-data");
  gtk_box_append (GTK_BOX (box), imp);
}

/* ------------------------------------------------- network and training */

static void
build_network (ShlWindow *self, GtkWidget *box)
{
  ShlSim *sim = self->sim;
  GtkWidget *g = shl_window_sidebar_section (box, "Network");
  shl_window_sidebar_add_row (g, "_Width", spin (sim, "width", 1, 1024, 1, 0), "Number of neurons m");
  shl_window_sidebar_add_row (g, "Initiali_sation", choice (sim, "init", &shl_init_scheme_names, init_order, G_N_ELEMENTS (init_order)), NULL);
  shl_window_sidebar_add_row (g, "Init s_eed", spin (sim, "init-seed", 0, G_MAXUINT32, 1, 0),
                              "Seed of the initialisation and of the minibatch order");
  GtkWidget *load = gtk_button_new_with_mnemonic ("_Load network (JSON)…");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (load), "win.open-network");
  gtk_box_append (GTK_BOX (box), load);
}

static void
build_training (ShlWindow *self, GtkWidget *box)
{
  ShlSim *sim = self->sim;
  GtkWidget *g = shl_window_sidebar_section (box, "Training");
  shl_window_sidebar_add_row (g, "L_oss", choice (sim, "loss", &shl_loss_names, loss_order, G_N_ELEMENTS (loss_order)), NULL);
  shl_window_sidebar_add_row (g, "O_ptimiser", choice (sim, "optimizer", &shl_optimizer_names, opt_order, G_N_ELEMENTS (opt_order)), NULL);

  GtkWidget *lr = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, -5, 0.5, 0.05);
  g_object_bind_property_full (sim, "lr", gtk_range_get_adjustment (GTK_RANGE (lr)), "value",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               lr_to_log, log_to_lr, NULL, NULL);
  self->side.lr_label = gtk_label_new ("");
  gtk_label_set_width_chars (GTK_LABEL (self->side.lr_label), 7);
  gtk_widget_add_css_class (self->side.lr_label, "numeric");
  shl_window_sidebar_add_row (g, "_Learning rate", slider_box (lr, self->side.lr_label),
                              "Logarithmic: each notch is a factor");
  g_signal_connect (sim, "notify::lr", G_CALLBACK (on_lr_changed), self);
  on_lr_changed (G_OBJECT (sim), NULL, self);

  shl_window_sidebar_add_row (g, "_Momentum", spin (sim, "momentum", 0, 0.999, 0.01, 3),
                              "Momentum of the 'Momentum' optimiser");
  shl_window_sidebar_add_row (g, "_Batch", spin (sim, "batch", 0, 100000, 1, 0),
                              "Minibatch size; 0 = the full batch (SGD: 32)");
  shl_window_sidebar_add_row (g, "Weight _decay", spin (sim, "weight-decay", 0, 1, 0.0001, 4),
                              "L2 weight decay added to the gradient");

  GtkWidget *sp = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, SPEED_MAX_LOG, 0.25);
  g_object_bind_property_full (sim, "speed", gtk_range_get_adjustment (GTK_RANGE (sp)), "value",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               speed_to_log, log_to_speed, NULL, NULL);
  self->side.speed_label = gtk_label_new ("");
  gtk_label_set_width_chars (GTK_LABEL (self->side.speed_label), 12);
  shl_window_sidebar_add_row (g, "Sp_eed", slider_box (sp, self->side.speed_label),
                              "Steps per second; the right end trains flat out");
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
}

/* --------------------------------------------------------------- view */

static void
on_neurons_toggled (GtkCheckButton *b, gpointer data)
{
  ShlWindow *self = data;
  shl_sim_get_view_settings (self->sim)->show_neurons = gtk_check_button_get_active (b);
  shl_sim_set_modified (self->sim, TRUE);
  shl_window_redraw_all (self);
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
  shl_window_redraw_all (self);
}

/* the landscape drop-down: the planes in this order, then "1-D paths" */
static const ShlDirsKind land_kinds[] = { SHL_DIRS_RANDOM, SHL_DIRS_PCA, SHL_DIRS_ORBIT,
                                          SHL_DIRS_TWIN, SHL_DIRS_COORDS };

static void
on_land_selected (GObject *dd, GParamSpec *p, gpointer data)
{
  ShlWindow *self = data;
  ShlViewSettings *v = shl_sim_get_view_settings (self->sim);
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (dd));
  if (i == G_N_ELEMENTS (land_kinds))
    {
      v->landscape_paths = TRUE;
      shl_sim_set_modified (self->sim, TRUE);
      shl_window_redraw_all (self);
      return;
    }
  gboolean was_paths = v->landscape_paths;
  v->landscape_paths = FALSE;
  if (i > G_N_ELEMENTS (land_kinds) || (v->landscape_dirs == land_kinds[i] && !was_paths))
    return;
  v->landscape_dirs = land_kinds[i];
  v->orbit_neuron = 0;
  shl_sim_landscape_changed (self->sim);
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
  shl_window_redraw_all (self);
}

static void
on_linear_toggled (GtkCheckButton *b, gpointer data)
{
  ShlWindow *self = data;
  ShlViewSettings *v = shl_sim_get_view_settings (self->sim);
  v->landscape_linear = gtk_check_button_get_active (b);
  shl_sim_set_modified (self->sim, TRUE);
  shl_window_redraw_all (self);
}

static void
on_diff_toggled (GtkCheckButton *b, gpointer data)
{
  ShlWindow *self = data;
  ShlViewSettings *v = shl_sim_get_view_settings (self->sim);
  gboolean on = gtk_check_button_get_active (b);
  if (v->recipe.diff_view == on)
    return;
  v->recipe.diff_view = on;
  shl_sim_set_modified (self->sim, TRUE);
  shl_window_redraw_all (self);
}

static GtkWidget *
view_drop (const char *const *labels, const char *tooltip, GCallback on_selected, ShlWindow *self)
{
  GtkWidget *dd = gtk_drop_down_new_from_strings (labels);
  gtk_widget_set_hexpand (dd, TRUE);
  gtk_widget_set_tooltip_text (dd, tooltip);
  g_signal_connect (dd, "notify::selected", on_selected, self);
  return dd;
}

static void
build_view (ShlWindow *self, GtkWidget *box)
{
  ShlWindowSidebar *sb = &self->side;
  GtkWidget *g = shl_window_sidebar_section (box, "View");
  sb->neurons_check = gtk_check_button_new_with_mnemonic ("Show each neuron's _term");
  g_signal_connect (sb->neurons_check, "toggled", G_CALLBACK (on_neurons_toggled), self);
  gtk_grid_attach (GTK_GRID (g), sb->neurons_check, 0, 0, 2, 1);

  const char *grad_labels[] = { shl_name_label (&shl_grad_view_names, SHL_GRAD_NORM),
                                shl_name_label (&shl_grad_view_names, SHL_GRAD_X1),
                                shl_name_label (&shl_grad_view_names, SHL_GRAD_X2), NULL };
  sb->grad_drop = view_drop (grad_labels, "What the 2-D derivative panel shows",
                             G_CALLBACK (on_grad_selected), self);
  sb->grad_label = attach_row (g, 1, "_Gradient", sb->grad_drop);

  const char *land_labels[] = { "Random directions", "PCA of the trajectory",
                                "Rescaling orbit of neuron 1", "Towards the twin",
                                "Coordinates b₁, c₁", "1-D paths", NULL };
  sb->land_drop = view_drop (land_labels,
    "The plane of the loss-landscape panel: two random directions normalised per neuron, "
    "the top two principal components of the recorded trajectory, the rescaling orbit of a "
    "neuron (the loss is flat along it), or the straight line to the twin network",
    G_CALLBACK (on_land_selected), self);
  attach_row (g, 2, "_Landscape", sb->land_drop);

  const char *traj_labels[] = { shl_name_label (&shl_traj_view_names, SHL_TRAJ_KINKS),
                                shl_name_label (&shl_traj_view_names, SHL_TRAJ_BALANCE),
                                shl_name_label (&shl_traj_view_names, SHL_TRAJ_CONSERVATION),
                                shl_name_label (&shl_traj_view_names, SHL_TRAJ_DISTANCES),
                                NULL };
  sb->traj_drop = view_drop (traj_labels,
    "The upper plot of the trajectory panel: each neuron's kink and jump (1-D), the balance "
    "plane, the conserved quantities hᵢ = cᵢ² − ‖(aᵢ, bᵢ)‖², or how far training has gone "
    "from the start in parameters and in realizations",
    G_CALLBACK (on_traj_selected), self);
  attach_row (g, 3, "_Trajectories", sb->traj_drop);

  sb->linear_check = gtk_check_button_new_with_mnemonic ("Linear colour scale for the _loss");
  g_signal_connect (sb->linear_check, "toggled", G_CALLBACK (on_linear_toggled), self);
  gtk_grid_attach (GTK_GRID (g), sb->linear_check, 0, 4, 2, 1);

  sb->diff_check = gtk_check_button_new_with_mnemonic ("Show the _difference f − g");
  gtk_widget_set_tooltip_text (sb->diff_check,
    "The realization and derivative panels show f − g and (f − g)′ at their own scale, "
    "with the points where the distances to the twin are attained");
  g_signal_connect (sb->diff_check, "toggled", G_CALLBACK (on_diff_toggled), self);
  gtk_grid_attach (GTK_GRID (g), sb->diff_check, 0, 5, 2, 1);
}

/* ------------------------------------------------------ the mouse wheel */

/* The control under the pointer that would take the wheel: a spin
 * button, a slider or a drop-down, or NULL. */
static GtkWidget *
wheel_control (GtkWidget *w, GtkWidget *stop)
{
  for (; w && w != stop; w = gtk_widget_get_parent (w))
    if (GTK_IS_SPIN_BUTTON (w) || GTK_IS_RANGE (w) || GTK_IS_DROP_DOWN (w))
      return w;
  return NULL;
}

/* the widget of the sidebar under the pointer that sent event (a scroll
 * event carries no position in GTK 4: the device's is asked) */
static GtkWidget *
widget_under (GtkWidget *sidebar, GdkEvent *event)
{
  GtkNative *native = gtk_widget_get_native (sidebar);
  /* the logical pointer (an event's own device may be a physical one,
   * which cannot be asked where it is) */
  GdkSeat *seat = gdk_display_get_default_seat (gtk_widget_get_display (sidebar));
  GdkDevice *device = seat ? gdk_seat_get_pointer (seat) : NULL;
  if (!event || !native || !device)
    return NULL;
  double x, y;
  if (!gdk_event_get_position (event, &x, &y)
      && !gdk_surface_get_device_position (gtk_native_get_surface (native), device, &x, &y, NULL))
    return NULL;
  double nx, ny, sx, sy;
  gtk_native_get_surface_transform (native, &nx, &ny);
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (native), sidebar, x - nx, y - ny, &sx, &sy))
    return NULL;
  return gtk_widget_pick (sidebar, sx, sy, GTK_PICK_DEFAULT);
}

/* Scrolling over the sidebar scrolls the sidebar: a spin button, slider
 * or drop-down takes the wheel only when it has the keyboard focus (it
 * was clicked or tabbed to), so a scroll that passes over one never
 * changes a setting (and throws away a run). Capture phase: this sees
 * the event before the control under the pointer does. */
static gboolean
on_sidebar_scroll (GtkEventControllerScroll *c, double dx, double dy, gpointer data)
{
  ShlWindow *self = data;
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (c));
  GtkWidget *control = wheel_control (widget_under (self->sidebar, event), self->sidebar);
  if (!control || (gtk_widget_get_state_flags (control) & GTK_STATE_FLAG_FOCUS_WITHIN))
    return FALSE;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->sidebar));
  double page = gtk_adjustment_get_page_size (adj);
  /* a wheel notch moves as far as GtkScrolledWindow's own */
  double delta = gtk_event_controller_scroll_get_unit (c) == GDK_SCROLL_UNIT_WHEEL
                 ? dy * pow (page, 2.0 / 3.0) : dy;
  double lo = gtk_adjustment_get_lower (adj), hi = gtk_adjustment_get_upper (adj) - page;
  gtk_adjustment_set_value (adj, CLAMP (gtk_adjustment_get_value (adj) + delta, lo, MAX (lo, hi)));
  return TRUE;
}

/* ------------------------------------------------------------ public */

void
shl_window_sidebar_init (ShlWindow *self)
{
  GtkWidget *box = self->sidebar_box;
  self->side.target_names = g_ptr_array_new_with_free_func (g_free);
  build_problem (self, box);
  shl_window_stability_build (self, box);
  shl_window_neurons_build (self, box);
  build_network (self, box);
  build_training (self, box);
  build_view (self, box);
  GtkEventController *wheel = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (wheel, GTK_PHASE_CAPTURE);
  g_signal_connect (wheel, "scroll", G_CALLBACK (on_sidebar_scroll), self);
  gtk_widget_add_controller (self->sidebar, wheel);
  g_signal_connect (self->sim, "notify::dim", G_CALLBACK (on_sim_target_or_dim), self);
  g_signal_connect (self->sim, "notify::target", G_CALLBACK (on_sim_target_or_dim), self);
  on_sim_target_or_dim (G_OBJECT (self->sim), NULL, self);
}

void
shl_window_sidebar_dispose (ShlWindow *self)
{
  g_clear_object (&self->side.target_model);
  g_clear_pointer (&self->side.target_names, g_ptr_array_unref);
}

void
shl_window_sidebar_show_view (ShlWindow *self, const ShlViewSettings *view)
{
  ShlWindowSidebar *sb = &self->side;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sb->neurons_check), view->show_neurons);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sb->grad_drop), (guint) view->grad_view);
  guint land = 0;
  if (view->landscape_paths)
    land = G_N_ELEMENTS (land_kinds);
  else if ((unsigned) view->landscape_dirs < G_N_ELEMENTS (land_kinds))
    land = (guint) view->landscape_dirs;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sb->land_drop), land);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sb->traj_drop), (guint) view->traj_view);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sb->linear_check), view->landscape_linear);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sb->diff_check), view->recipe.diff_view);
}

void
shl_window_set_landscape_directions (ShlWindow *self, int kind)
{
  g_return_if_fail (SHL_IS_WINDOW (self));
  g_return_if_fail (kind >= 0 && kind <= (int) G_N_ELEMENTS (land_kinds));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->side.land_drop), (guint) kind);
}

void
shl_window_set_trajectory_view (ShlWindow *self, int view)
{
  g_return_if_fail (SHL_IS_WINDOW (self));
  g_return_if_fail (view >= 0 && view <= SHL_TRAJ_DISTANCES);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->side.traj_drop), (guint) view);
}
