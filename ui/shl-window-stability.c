/* shl-window-stability.c: the sidebar's inverse-stability box: the
 * pathology gallery (a preset as a mode, its parameter, its explanation
 * and claim), the twin network g (the win.twin action) and the readouts
 * comparing the network f with g: one number per quantity, computed in
 * the background (shl-twin-readouts.h), the preset's readout
 * highlighted, bounds and details in an expander; and the history
 * scrubber's marks for the moves on the timeline. */
#include "shl-window-private.h"

#include <math.h>

#include "shl-caption-view.h"
#include "shl-io.h"
#include "shl-pathology.h"
#include "shl-text.h"
#include "shl-symmetry.h"
#include "shl-twin-readouts.h"

/* the twin readouts update at most this often while training */
#define TWIN_READOUTS_US (200 * G_TIME_SPAN_MILLISECOND)

enum { R_SUP, R_W1, R_RAW, R_DSYM, R_DFIB, R_RATIO, N_R };

/* the readouts in the order of the rows, with the ShlReadout a preset
 * highlights (named by shl_readout_label, as the caption names them) */
static const struct {
  ShlReadout  id;
  const char *tip;
} rows[N_R] = {
  { SHL_READOUT_SUP,
    "‖f − g‖∞: the largest gap between the two functions on the domain (exact)" },
  { SHL_READOUT_W1INF,
    "|f − g|W¹˒∞: the largest gap between their slopes (exact)" },
  { SHL_READOUT_RAW,
    "‖θ − θ′‖∞: the largest difference between the parameters as they are stored "
    "(only when the widths agree)" },
  { SHL_READOUT_DSYM,
    "d_sym: the same after the best permutation and rescaling of g's neurons" },
  { SHL_READOUT_DFIB,
    "d_fib: how far θ is from the nearest parameters that compute g exactly" },
  { SHL_READOUT_NONE,
    "The inverse-stability ratio: the distance to the restricted fibre over the square "
    "root of the W¹˒∞ distance ε" },
};

static const char *
row_name (int k)
{
  return rows[k].id != SHL_READOUT_NONE ? shl_readout_label (rows[k].id)
                                        : "d_fib / √ε in the restricted set";
}

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

/* "n = 1000", "ε = 0.01" */
static void
show_param (ShlWindow *self, const ShlPathology *p, double v)
{
  char num[48], buf[64];
  shl_format_readout (num, sizeof num, v);
  g_snprintf (buf, sizeof buf, "%s = %s", p->param_name, num);
  gtk_label_set_text (GTK_LABEL (self->stability.patho_value), buf);
}

static void
show_explanation (ShlWindow *self, const ShlPathology *p)
{
  ShlWindowStability *st = &self->stability;
  gtk_widget_set_sensitive (gtk_widget_get_parent (st->patho_scale), p != NULL);
  g_autofree char *text = shl_text_escape_plain (p ? p->explanation : "");
  gtk_label_set_markup (GTK_LABEL (st->patho_text), text);
  g_autofree char *claim_text = p && p->claim ? shl_text_escape_plain (p->claim) : NULL;
  g_autofree char *claim = claim_text ? g_strdup_printf ("<b>What to see:</b> %s", claim_text)
                                      : NULL;
  gtk_label_set_markup (GTK_LABEL (st->patho_claim), claim ? claim : "");
  gtk_widget_set_visible (st->patho_claim, claim != NULL);
}

static void
apply_pathology (ShlWindow *self)
{
  ShlWindowStability *st = &self->stability;
  const ShlPathology *p = selected_pathology (self);
  if (!p)
    return;
  double v = patho_param (p, gtk_range_get_value (GTK_RANGE (st->patho_scale)));
  show_param (self, p, v);
  g_autoptr (GError) err = NULL;
  if (!shl_sim_apply_pathology (self->sim, p->id, v, &err))
    shl_window_show_error (self, "Could not load the preset", err);
  shl_window_sidebar_show_view (self, shl_sim_get_view_settings (self->sim));
  shl_window_twin_changed (self);
}

static void
on_patho_selected (GObject *dd, GParamSpec *ps, gpointer data)
{
  ShlWindow *self = data;
  ShlWindowStability *st = &self->stability;
  if (st->patho_updating)
    return;
  const ShlPathology *p = selected_pathology (self);
  show_explanation (self, p);
  if (!p)
    {
      /* "(none)": the user's own problem comes back */
      shl_sim_leave_pathology (self->sim);
      shl_window_sidebar_show_view (self, shl_sim_get_view_settings (self->sim));
      shl_window_twin_changed (self);
      return;
    }
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

/* the sim entered or left a preset (a target chosen, a session opened):
 * the drop-down follows without applying anything */
static void
on_sim_preset (GObject *sim, GParamSpec *ps, gpointer data)
{
  ShlWindow *self = data;
  ShlWindowStability *st = &self->stability;
  double param;
  const char *id = shl_sim_get_preset (self->sim, &param);
  int n;
  const ShlPathology *t = shl_pathologies (&n);
  guint sel = 0;
  const ShlPathology *p = NULL;
  for (int k = 0; id && k < n; k++)
    if (g_str_equal (t[k].id, id))
      {
        sel = (guint) k + 1;
        p = &t[k];
      }
  st->patho_updating = TRUE;
  if (gtk_drop_down_get_selected (GTK_DROP_DOWN (st->patho_drop)) != sel)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (st->patho_drop), sel);
  if (p)
    {
      gtk_range_set_value (GTK_RANGE (st->patho_scale), patho_slider (p, param));
      show_param (self, p, param);
    }
  else
    gtk_label_set_text (GTK_LABEL (st->patho_value), "");
  st->patho_updating = FALSE;
  show_explanation (self, p);
  shl_window_twin_changed (self);
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
  shl_window_twin_changed (self);
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
set_value (ShlWindow *self, int k, const char *prefix, double v, const char *note)
{
  ShlWindowStability *st = &self->stability;
  char num[64], buf[96];
  shl_format_readout (num, sizeof num, v);
  g_snprintf (buf, sizeof buf, "%s%s", prefix ? prefix : "", num);
  gtk_label_set_text (GTK_LABEL (st->twin_labels[k]), buf);
  gtk_label_set_text (GTK_LABEL (st->twin_notes[k]), note ? note : "");
}

/* the readout the preset is about, in bold */
static void
show_highlight (ShlWindow *self)
{
  ShlWindowStability *st = &self->stability;
  ShlReadout h = shl_sim_get_view_settings (self->sim)->recipe.highlight;
  for (int k = 0; k < N_R; k++)
    {
      gboolean on = h != SHL_READOUT_NONE && rows[k].id == h;
      g_autofree char *name = shl_text_escape_plain (row_name (k));
      g_autofree char *m = g_strdup_printf (on ? "<b>▸ %s</b>" : "%s", name);
      gtk_label_set_markup (GTK_LABEL (st->twin_names[k]), m);
      if (on)
        {
          gtk_widget_remove_css_class (st->twin_names[k], "dim-label");
          gtk_widget_add_css_class (st->twin_labels[k], "heading");
        }
      else
        {
          gtk_widget_add_css_class (st->twin_names[k], "dim-label");
          gtk_widget_remove_css_class (st->twin_labels[k], "heading");
        }
    }
}

/* ------------------------------------------- the caption's readouts */

/* While presenting the panels (not an experiment) with a twin, the
 * caption band shows the key readouts of f against g under the slide's
 * lines (shl_twin_readouts_caption), as the hidden sidebar would. r
 * NULL: the values are being computed ("…"); no twin: no row. */
static void
show_caption_readouts (ShlWindow *self, const ShlTwinReadouts *r)
{
  ShlCaptionView *cap = SHL_CAPTION_VIEW (self->caption);
  if (!self->lesson.presenting || gtk_widget_get_visible (self->lesson.experiment)
      || !shl_sim_get_twin (self->sim))
    {
      shl_caption_view_set_readouts (cap, NULL);
      return;
    }
  g_autofree char *text = shl_twin_readouts_caption (
    r, shl_sim_get_view_settings (self->sim)->recipe.highlight);
  shl_caption_view_set_readouts (cap, text);
}

static const char *
dfib_note (ShlDfibKind kind)
{
  switch (kind)
    {
    case SHL_DFIB_RESTRICTED: return "exact (restricted set)";
    case SHL_DFIB_BOUNDS_MEET: return "exact";
    case SHL_DFIB_THEORY: return "exact (theory §3)";
    case SHL_DFIB_UPPER: return "upper bound";
    case SHL_DFIB_NONE:
    default: return "";
    }
}

static void
show_readouts (ShlWindow *self, const ShlTwinReadouts *r)
{
  ShlWindowStability *st = &self->stability;
  set_value (self, R_SUP, NULL, r->sup, NULL);
  set_value (self, R_W1, NULL, r->w1inf, NULL);
  set_value (self, R_RAW, NULL, r->raw, isnan (r->raw) ? "widths differ" : NULL);
  set_value (self, R_DSYM, NULL, r->dsym, NULL);
  set_value (self, R_DFIB, r->dfib_kind == SHL_DFIB_UPPER ? "≤ " : NULL, r->dfib, dfib_note (r->dfib_kind));
  set_value (self, R_RATIO, NULL, r->ratio, NULL);
  char lo[48], up[48], rs[48], wi[48], bd[48], ra[48], ax[48];
  shl_format_readout (lo, sizeof lo, r->dfib_lower);
  shl_format_readout (up, sizeof up, r->dfib_upper);
  shl_format_readout (rs, sizeof rs, r->dfib_restricted);
  shl_format_readout (wi, sizeof wi, r->witness);
  shl_format_readout (bd, sizeof bd, isfinite (r->bound) && r->eps > 0 ? r->bound / sqrt (r->eps) : NAN);
  shl_format_readout (ra, sizeof ra, r->ratio);
  shl_format_readout (ax, sizeof ax, r->argsup[0]);
  g_autoptr (GString) d = g_string_new (NULL);
  g_string_append_printf (d, "d_fib over every parametrization of g at this width: between %s and %s "
                          "(the engine's bounds; the upper one is an explicit Φ)", lo, up);
  if (!isnan (r->witness))
    g_string_append_printf (d, "; the preset's Φ from theory §3 is %s away", wi);
  g_string_append_printf (d, ".\nIn the restricted set (balanced, oriented, merged; g as κ(g)): %s.", rs);
  if (!r->f_restricted)
    g_string_append (d, "\nf is not in the restricted set, so the stability bound does not apply to it.");
  else if (!isnan (r->ratio))
    g_string_append_printf (d, "\nd_fib / √ε there: %s, against the proven bound %s.", ra, bd);
  if (!isnan (r->argsup[0]))
    g_string_append_printf (d, "\nThe functions are furthest apart at x = %s.", ax);
  gtk_label_set_text (GTK_LABEL (st->twin_details), d->str);
  show_highlight (self);
  show_caption_readouts (self, r);
}

static void
clear_readouts (ShlWindow *self)
{
  ShlWindowStability *st = &self->stability;
  for (int k = 0; k < N_R; k++)
    {
      gtk_label_set_text (GTK_LABEL (st->twin_labels[k]), "—");
      gtk_label_set_text (GTK_LABEL (st->twin_notes[k]), "");
    }
  gtk_label_set_text (GTK_LABEL (st->twin_details), "No twin: set one to compare with.");
  gtk_label_set_text (GTK_LABEL (st->twin_status), "");
  show_highlight (self);
  /* nothing to compare: no row in the caption either */
  shl_caption_view_set_readouts (SHL_CAPTION_VIEW (self->caption), NULL);
}

static void start_job (ShlWindow *self);

static void
on_job_done (GObject *source, GAsyncResult *res, gpointer data)
{
  ShlWindow *self = data;
  ShlWindowStability *st = &self->stability;
  ShlTwinReadouts r;
  g_autoptr (GError) err = NULL;
  gboolean ok = shl_twin_readouts_compute_finish (res, &r, &err);
  /* a job of a disposed window or one that was replaced changes nothing */
  if (st->twin_cancel && g_task_get_cancellable (G_TASK (res)) == st->twin_cancel)
    {
      g_clear_object (&st->twin_cancel);
      if (ok && self->sim)
        {
          show_readouts (self, &r);
          st->twin_done++;
        }
      gtk_label_set_text (GTK_LABEL (st->twin_status), "");
      if (st->twin_pending && self->sim)
        {
          st->twin_pending = FALSE;
          start_job (self);
        }
    }
  g_object_unref (self);
}

static void
start_job (ShlWindow *self)
{
  ShlWindowStability *st = &self->stability;
  ShlScene *sc = shl_sim_get_scene (self->sim);
  const ShlNet *f = sc->net, *g = shl_sim_get_twin (self->sim);
  if (!f || !g || f->d != g->d)
    {
      clear_readouts (self);
      return;
    }
  double param;
  const char *preset = shl_sim_get_preset (self->sim, &param);
  st->twin_cancel = g_cancellable_new ();
  gtk_label_set_text (GTK_LABEL (st->twin_status), "computing…");
  shl_twin_readouts_compute_async (f, g, preset, param, st->twin_cancel, on_job_done,
                                   g_object_ref (self));
}

/* The twin readouts, at most five times a second (during a drag, one job
 * after the other), in the background: a request while a job runs is done
 * when it ends. */
void
shl_window_update_twin_readouts (ShlWindow *self)
{
  ShlWindowStability *st = &self->stability;
  gint64 now = g_get_monotonic_time ();
  shl_window_stability_update_marks (self);
  /* while a drag edits the networks, as fast as the jobs finish */
  if (now - st->twin_last < TWIN_READOUTS_US && !shl_sim_is_editing (self->sim))
    {
      shl_window_schedule_refresh (self);
      return;
    }
  st->twin_last = now;
  if (st->twin_cancel)
    {
      st->twin_pending = TRUE;
      return;
    }
  start_job (self);
}

void
shl_window_twin_changed (ShlWindow *self)
{
  ShlWindowStability *st = &self->stability;
  st->twin_last = 0;
  /* the values shown belong to the networks before: not shown as current */
  for (int k = 0; k < N_R; k++)
    {
      gtk_label_set_text (GTK_LABEL (st->twin_labels[k]), "…");
      gtk_label_set_text (GTK_LABEL (st->twin_notes[k]), "");
    }
  show_caption_readouts (self, NULL);
  /* what runs now is out of date */
  if (st->twin_cancel)
    {
      g_cancellable_cancel (st->twin_cancel);
      st->twin_pending = TRUE;
    }
}

/* ------------------------------------------------- scrubber: the moves */

/* a mark on the history scrubber at every move on the timeline */
void
shl_window_stability_update_marks (ShlWindow *self)
{
  ShlWindowStability *st = &self->stability;
  ShlScene *sc = shl_sim_get_scene (self->sim);
  if (sc->n_events == st->marks_events && (sc->n_hist == st->marks_hist || sc->n_events == 0))
    return;
  st->marks_events = sc->n_events;
  st->marks_hist = sc->n_hist;
  GtkScale *scale = GTK_SCALE (self->readouts.scrubber);
  gtk_scale_clear_marks (scale);
  if (sc->n_hist < 2)
    return;
  for (guint k = 0; k < sc->n_events; k++)
    {
      /* the recorded point at the move's step */
      guint lo = 0, hi = sc->n_hist - 1;
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;
          if (sc->hist_step[mid] < sc->event_step[k])
            lo = mid + 1;
          else
            hi = mid;
        }
      gtk_scale_add_mark (scale, (double) lo / (sc->n_hist - 1), GTK_POS_TOP, NULL);
    }
}

/* --------------------------------------------------------------- build */

static void
build_gallery (ShlWindow *self, GtkWidget *box, GtkWidget *g)
{
  ShlWindowStability *st = &self->stability;
  int n;
  const ShlPathology *t = shl_pathologies (&n);
  GtkStringList *sl = gtk_string_list_new (NULL);
  gtk_string_list_append (sl, "— (none: your own problem)");
  for (int k = 0; k < n; k++)
    gtk_string_list_append (sl, t[k].title);
  st->patho_drop = gtk_drop_down_new (G_LIST_MODEL (sl), NULL);
  shl_window_sidebar_add_row (g, "_Pathology", st->patho_drop,
    "Show a network Γ and a nearby function g (the twin) from the gallery of theory.md; "
    "\"(none)\" brings back the problem you had");
  g_signal_connect (st->patho_drop, "notify::selected", G_CALLBACK (on_patho_selected), self);

  GtkWidget *pb = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  st->patho_scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 0.01);
  gtk_scale_set_draw_value (GTK_SCALE (st->patho_scale), FALSE);
  gtk_widget_set_hexpand (st->patho_scale, TRUE);
  st->patho_value = gtk_label_new ("");
  gtk_label_set_width_chars (GTK_LABEL (st->patho_value), 11);
  gtk_widget_add_css_class (st->patho_value, "numeric");
  gtk_box_append (GTK_BOX (pb), st->patho_scale);
  gtk_box_append (GTK_BOX (pb), st->patho_value);
  shl_window_sidebar_add_row (g, "Para_meter", pb, "The preset's parameter (n, ε, K, λ, t, s, b or c)");
  g_signal_connect (st->patho_scale, "value-changed", G_CALLBACK (on_patho_param), self);
  gtk_widget_set_sensitive (pb, FALSE);

  st->patho_text = gtk_label_new ("");
  gtk_label_set_wrap (GTK_LABEL (st->patho_text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (st->patho_text), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (st->patho_text), 40);
  gtk_widget_add_css_class (st->patho_text, "dim-label");
  gtk_box_append (GTK_BOX (box), st->patho_text);
  st->patho_claim = gtk_label_new ("");
  gtk_label_set_wrap (GTK_LABEL (st->patho_claim), TRUE);
  gtk_label_set_xalign (GTK_LABEL (st->patho_claim), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (st->patho_claim), 40);
  gtk_widget_set_visible (st->patho_claim, FALSE);
  gtk_box_append (GTK_BOX (box), st->patho_claim);
  g_signal_connect (self->sim, "notify::preset", G_CALLBACK (on_sim_preset), self);
}

static void
build_twin (ShlWindow *self, GtkWidget *box)
{
  ShlWindowStability *st = &self->stability;
  /* the twin: a menu of sources */
  GMenu *tm = g_menu_new ();
  g_menu_append (tm, "The network as it is now", "win.twin('now')");
  g_menu_append (tm, "The network at step 0", "win.twin('start')");
  g_menu_append (tm, "The teacher (teacher targets)", "win.twin('teacher')");
  g_menu_append (tm, "A balanced, permuted copy (same function)", "win.twin('transformed')");
  g_menu_append (tm, "A network file…", "win.twin('file')");
  g_menu_append (tm, "None", "win.twin('none')");
  GtkWidget *hb = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *tmb = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (tmb), "Set the twin");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (tmb), G_MENU_MODEL (tm));
  gtk_widget_set_tooltip_text (tmb, "The network g the readouts compare with");
  g_object_unref (tm);
  st->twin_status = gtk_label_new ("");
  gtk_widget_add_css_class (st->twin_status, "dim-label");
  gtk_box_append (GTK_BOX (hb), tmb);
  gtk_box_append (GTK_BOX (hb), st->twin_status);
  gtk_box_append (GTK_BOX (box), hb);

  GtkWidget *rg = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (rg), 8);
  gtk_grid_set_row_spacing (GTK_GRID (rg), 3);
  /* the first five readouts; the ratio lives in the details */
  for (int k = 0; k < N_R; k++)
    {
      GtkWidget *l = st->twin_names[k] = gtk_label_new (row_name (k));
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_label_set_wrap (GTK_LABEL (l), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (l), 26);
      gtk_widget_set_hexpand (l, TRUE);
      gtk_widget_add_css_class (l, "dim-label");
      g_autofree char *tip = shl_text_escape_plain (rows[k].tip);
      gtk_widget_set_tooltip_markup (l, tip);
      GtkWidget *v = st->twin_labels[k] = gtk_label_new ("—");
      gtk_label_set_xalign (GTK_LABEL (v), 1);
      gtk_label_set_selectable (GTK_LABEL (v), TRUE);
      gtk_widget_add_css_class (v, "numeric");
      GtkWidget *nt = st->twin_notes[k] = gtk_label_new ("");
      gtk_label_set_xalign (GTK_LABEL (nt), 0);
      gtk_widget_add_css_class (nt, "dim-label");
      if (k == R_RATIO)
        continue;
      gtk_grid_attach (GTK_GRID (rg), l, 0, k, 1, 1);
      gtk_grid_attach (GTK_GRID (rg), v, 1, k, 1, 1);
      gtk_grid_attach (GTK_GRID (rg), nt, 2, k, 1, 1);
    }
  gtk_box_append (GTK_BOX (box), rg);

  GtkWidget *ex = gtk_expander_new_with_mnemonic ("_Details and bounds");
  GtkWidget *db = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *rr = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_box_append (GTK_BOX (rr), st->twin_names[R_RATIO]);
  gtk_box_append (GTK_BOX (rr), st->twin_labels[R_RATIO]);
  gtk_box_append (GTK_BOX (rr), st->twin_notes[R_RATIO]);
  gtk_box_append (GTK_BOX (db), rr);
  st->twin_details = gtk_label_new ("");
  gtk_label_set_wrap (GTK_LABEL (st->twin_details), TRUE);
  gtk_label_set_xalign (GTK_LABEL (st->twin_details), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (st->twin_details), 40);
  gtk_label_set_selectable (GTK_LABEL (st->twin_details), TRUE);
  gtk_widget_add_css_class (st->twin_details, "dim-label");
  gtk_box_append (GTK_BOX (db), st->twin_details);
  gtk_expander_set_child (GTK_EXPANDER (ex), db);
  gtk_box_append (GTK_BOX (box), ex);
  clear_readouts (self);
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

void
shl_window_stability_dispose (ShlWindow *self)
{
  ShlWindowStability *st = &self->stability;
  if (st->twin_cancel)
    {
      g_cancellable_cancel (st->twin_cancel);
      g_clear_object (&st->twin_cancel);
    }
}

/* ------------------------------------------------------------ public */

gboolean
shl_window_twin_readouts_busy (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  return self->stability.twin_cancel != NULL || self->stability.twin_pending;
}

const char *
shl_window_get_twin_readout (ShlWindow *self, int k)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (k >= 0 && k < N_R, NULL);
  /* for tests: the readouts of the state now, computed in the background
   * (the main loop runs until the job is done) */
  ShlWindowStability *st = &self->stability;
  shl_window_twin_changed (self);
  shl_window_update_twin_readouts (self);
  while (shl_window_twin_readouts_busy (self))
    g_main_context_iteration (NULL, TRUE);
  return gtk_label_get_text (GTK_LABEL (st->twin_labels[k]));
}

const char *
shl_window_get_twin_readout_note (ShlWindow *self, int k)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (k >= 0 && k < N_R, NULL);
  shl_window_get_twin_readout (self, k);
  return gtk_label_get_text (GTK_LABEL (self->stability.twin_notes[k]));
}

int
shl_window_get_highlighted_readout (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), -1);
  ShlReadout h = shl_sim_get_view_settings (self->sim)->recipe.highlight;
  for (int k = 0; k < N_R; k++)
    if (h != SHL_READOUT_NONE && rows[k].id == h)
      return k;
  return -1;
}

const char *
shl_window_get_selected_pathology (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  const ShlPathology *p = selected_pathology (self);
  return p ? p->id : NULL;
}

const char *
shl_window_get_pathology_value (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->stability.patho_value));
}

gboolean
shl_window_select_pathology (ShlWindow *self, const char *id)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  if (g_str_equal (id, "none"))
    {
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->stability.patho_drop), 0);
      return TRUE;
    }
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

void
shl_window_set_pathology_param (ShlWindow *self, double param)
{
  g_return_if_fail (SHL_IS_WINDOW (self));
  const ShlPathology *p = selected_pathology (self);
  g_return_if_fail (p != NULL);
  gtk_range_set_value (GTK_RANGE (self->stability.patho_scale), patho_slider (p, param));
}
