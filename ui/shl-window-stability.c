/* shl-window-stability.c: the sidebar's inverse-stability box: the
 * pathology gallery (a preset and its parameter), the twin network g (the
 * win.twin action) and the readouts comparing the network f with g. */
#include "shl-window-private.h"

#include <math.h>

#include "shl-fibre.h"
#include "shl-geom.h"
#include "shl-io.h"
#include "shl-paramdist.h"
#include "shl-pathology.h"
#include "shl-symmetry.h"

/* the twin readouts update at most this often while training */
#define TWIN_READOUTS_US (200 * G_TIME_SPAN_MILLISECOND)

/* --------------------------------------------------- pathology gallery */

static const ShlPathology *
selected_pathology (ShlWindow *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->stability.patho_drop));
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
  ShlWindowStability *st = &self->stability;
  const ShlPathology *p = selected_pathology (self);
  if (!p)
    return;
  double v = patho_param (p, gtk_range_get_value (GTK_RANGE (st->patho_scale)));
  char buf[64];
  g_snprintf (buf, sizeof buf, "%s = %.3g", p->param_name, v);
  gtk_label_set_text (GTK_LABEL (st->patho_value), buf);
  g_autoptr (GError) err = NULL;
  if (!shl_sim_apply_pathology (self->sim, p->id, v, &err))
    shl_window_show_error (self, "Could not load the preset", err);
  st->twin_last = 0;
}

static void
on_patho_selected (GObject *dd, GParamSpec *ps, gpointer data)
{
  ShlWindow *self = data;
  ShlWindowStability *st = &self->stability;
  const ShlPathology *p = selected_pathology (self);
  gtk_widget_set_sensitive (gtk_widget_get_parent (st->patho_scale), p != NULL);
  gtk_label_set_text (GTK_LABEL (st->patho_text), p ? p->explanation : "");
  if (!p)
    return;
  st->patho_updating = TRUE;
  gtk_range_set_value (GTK_RANGE (st->patho_scale), patho_slider (p, p->param_default));
  st->patho_updating = FALSE;
  apply_pathology (self);
}

static void
on_patho_param (GtkRange *r, gpointer data)
{
  ShlWindow *self = data;
  if (!self->stability.patho_updating)
    apply_pathology (self);
}

/* ---------------------------------------------------------------- twin */

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
        shl_window_show_error (self, "Could not load the twin", err);
      else
        {
          shl_sim_set_twin (self->sim, net);
          shl_net_free (net);
          self->stability.twin_last = 0;
        }
    }
  g_object_unref (dialog);
}

static void
load_twin (ShlWindow *self)
{
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

/* win.twin('now' | 'start' | 'teacher' | 'transformed' | 'file' | 'none') */
static void
act_twin (GtkWidget *w, const char *name, GVariant *param)
{
  ShlWindow *self = SHL_WINDOW (w);
  const char *what = g_variant_get_string (param, NULL);
  ShlScene *sc = shl_sim_get_scene (self->sim);
  self->stability.twin_last = 0;
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
          shl_window_show_error (self, "No teacher", err);
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
    load_twin (self);
  else if (g_str_equal (what, "none"))
    shl_sim_set_twin (self->sim, NULL);
}

/* ------------------------------------------------------------ readouts */

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

/* d_fib and the inverse-stability ratio d_fib / √ε */
static void
show_fibre_distance (ShlWindow *self, const ShlNet *f, const ShlNet *g)
{
  GtkWidget *const *labels = self->stability.twin_labels;
  ShlFibreDistance fd;
  if (!shl_fibre_distance (&fd, f, g))
    return;
  char buf[128];
  gboolean f_restricted = shl_net_is_restricted (f, SHL_RESTRICTED_TOL);
  gboolean exact = f_restricted && shl_net_is_restricted (g, SHL_RESTRICTED_TOL);
  if (exact || fd.upper == fd.lower)
    g_snprintf (buf, sizeof buf, "%.4g%s", exact ? fd.restricted : fd.upper, exact ? " (exact)" : "");
  else
    g_snprintf (buf, sizeof buf, "%.3g … %.3g (restricted %.3g)", fd.lower, fd.upper, fd.restricted);
  gtk_label_set_text (GTK_LABEL (labels[4]), buf);
  if (!f_restricted)
    gtk_label_set_text (GTK_LABEL (labels[5]), "— (f is not in the restricted set)");
  else if (fd.eps > 0 && isfinite (fd.restricted))
    {
      if (isfinite (fd.bound))
        g_snprintf (buf, sizeof buf, "%.3g (bound %.3g)", fd.restricted / sqrt (fd.eps),
                    fd.bound / sqrt (fd.eps));
      else
        g_snprintf (buf, sizeof buf, "%.3g", fd.restricted / sqrt (fd.eps));
      gtk_label_set_text (GTK_LABEL (labels[5]), buf);
    }
  else
    gtk_label_set_text (GTK_LABEL (labels[5]), "—");
}

/* The twin readouts, at most five times a second. Exact but cheap for
 * the widths a demo uses; wide networks are skipped. */
void
shl_window_update_twin_readouts (ShlWindow *self)
{
  ShlWindowStability *st = &self->stability;
  gint64 now = g_get_monotonic_time ();
  if (now - st->twin_last < TWIN_READOUTS_US)
    {
      shl_window_schedule_refresh (self);
      return;
    }
  st->twin_last = now;
  ShlScene *sc = shl_sim_get_scene (self->sim);
  const ShlNet *f = sc->net, *g = shl_sim_get_twin (self->sim);
  if (!f || !g || f->d != g->d || f->m + g->m > 512)
    {
      for (int k = 0; k < 6; k++)
        gtk_label_set_text (GTK_LABEL (st->twin_labels[k]), "—");
      return;
    }
  ShlDistances dist;
  shl_realization_distance (&dist, f, g, NULL, NULL);
  set_num (st->twin_labels[0], dist.sup);
  set_num (st->twin_labels[1], dist.w1inf_2);
  set_num (st->twin_labels[2], shl_param_distance_raw (f, g));
  set_num (st->twin_labels[3], shl_param_distance_sym (f, g));
  show_fibre_distance (self, f, g);
}

void
shl_window_twin_changed (ShlWindow *self)
{
  self->stability.twin_last = 0;
}

/* --------------------------------------------------------------- build */

static void
build_gallery (ShlWindow *self, GtkWidget *box, GtkWidget *g)
{
  ShlWindowStability *st = &self->stability;
  int n;
  const ShlPathology *t = shl_pathologies (&n);
  GtkStringList *sl = gtk_string_list_new (NULL);
  gtk_string_list_append (sl, "— (none)");
  for (int k = 0; k < n; k++)
    gtk_string_list_append (sl, t[k].title);
  st->patho_drop = gtk_drop_down_new (G_LIST_MODEL (sl), NULL);
  shl_window_sidebar_add_row (g, "_Pathology", st->patho_drop,
    "Load a network Γ and a nearby function g (the twin) from theory.md's gallery");
  g_signal_connect (st->patho_drop, "notify::selected", G_CALLBACK (on_patho_selected), self);

  GtkWidget *pb = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  st->patho_scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 0.01);
  gtk_scale_set_draw_value (GTK_SCALE (st->patho_scale), FALSE);
  gtk_widget_set_hexpand (st->patho_scale, TRUE);
  st->patho_value = gtk_label_new ("");
  gtk_label_set_width_chars (GTK_LABEL (st->patho_value), 10);
  gtk_box_append (GTK_BOX (pb), st->patho_scale);
  gtk_box_append (GTK_BOX (pb), st->patho_value);
  shl_window_sidebar_add_row (g, "Para_meter", pb, "The preset's parameter (n, ε, K, t, s or c)");
  g_signal_connect (st->patho_scale, "value-changed", G_CALLBACK (on_patho_param), self);
  gtk_widget_set_sensitive (pb, FALSE);

  st->patho_text = gtk_label_new ("");
  gtk_label_set_wrap (GTK_LABEL (st->patho_text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (st->patho_text), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (st->patho_text), 40);
  gtk_widget_add_css_class (st->patho_text, "dim-label");
  gtk_box_append (GTK_BOX (box), st->patho_text);
}

static void
build_twin (ShlWindow *self, GtkWidget *box)
{
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
      GtkWidget *v = self->stability.twin_labels[k] = gtk_label_new ("—");
      gtk_label_set_xalign (GTK_LABEL (v), 0);
      gtk_label_set_selectable (GTK_LABEL (v), TRUE);
      gtk_widget_add_css_class (v, "numeric");
      gtk_grid_attach (GTK_GRID (rg), l, 0, k, 1, 1);
      gtk_grid_attach (GTK_GRID (rg), v, 1, k, 1, 1);
    }
  gtk_widget_set_tooltip_text (rg,
    "Between the network f (parameters θ) and the twin g (θ′): the realization distances "
    "(exact), the parameter distance raw and modulo symmetries, the distance to the fibre of g "
    "(exact in the restricted set, bounds otherwise), and the inverse-stability ratio against "
    "the proven bound");
  gtk_box_append (GTK_BOX (box), rg);
}

void
shl_window_stability_build (ShlWindow *self, GtkWidget *box)
{
  GtkWidget *g = shl_window_sidebar_section (box, "Inverse stability");
  build_gallery (self, box, g);
  build_twin (self, box);
}

void
shl_window_stability_class_init (GtkWidgetClass *wc)
{
  gtk_widget_class_install_action (wc, "win.twin", "s", act_twin);
}

/* ------------------------------------------------------------ public */

const char *
shl_window_get_twin_readout (ShlWindow *self, int k)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (k >= 0 && k < 6, NULL);
  self->stability.twin_last = 0;
  shl_window_update_twin_readouts (self);
  return gtk_label_get_text (GTK_LABEL (self->stability.twin_labels[k]));
}

gboolean
shl_window_select_pathology (ShlWindow *self, const char *id)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  int n;
  const ShlPathology *t = shl_pathologies (&n);
  for (int k = 0; k < n; k++)
    if (g_strcmp0 (t[k].id, id) == 0)
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->stability.patho_drop), (guint) k + 1);
        return TRUE;
      }
  return FALSE;
}
