/* shl-window.c: the main window's core: the template (shl-window.ui), the
 * four plot views, init and dispose, the frame tick that redraws what
 * changed, the readouts bar and the history scrubber. The other rooms are
 * listed in shl-window-private.h. */
#include "shl-window-private.h"

#include <math.h>

#include "shl-caption.h"
#include "shl-caption-view.h"
#include "shl-panel-grid.h"
#include "shl-plot-view.h"
#include "shl-settings.h"

/* a landscape job's progress is redrawn at most this often */
#define LANDSCAPE_PROGRESS_US (100 * G_TIME_SPAN_MILLISECOND)
/* the rate-limited readouts show the last state after this long */
#define REFRESH_MS 550

G_DEFINE_FINAL_TYPE (ShlWindow, shl_window, GTK_TYPE_APPLICATION_WINDOW)

static void apply_text_scale (ShlWindow *self);

enum { PROP_0, PROP_PACE, N_PROPS };
static GParamSpec *props[N_PROPS];

/* ---------------------------------------------------------------- pace */

/* "slow", "normal", "fast" (flat out), or "custom" (another speed, set
 * with the sidebar's slider) */
static const char *
pace_of_speed (double speed)
{
  if (speed <= 0)
    return "fast";
  if (speed == SHL_PACE_SLOW)
    return "slow";
  if (speed == SHL_PACE_NORMAL)
    return "normal";
  return "custom";
}

static void
set_pace (ShlWindow *self, const char *pace)
{
  double speed;
  if (g_strcmp0 (pace, "slow") == 0)
    speed = SHL_PACE_SLOW;
  else if (g_strcmp0 (pace, "normal") == 0)
    speed = SHL_PACE_NORMAL;
  else if (g_strcmp0 (pace, "fast") == 0)
    speed = 0.0;
  else
    return;
  g_object_set (self->sim, "speed", speed, NULL);
}

static void
on_speed (GObject *sim, GParamSpec *p, gpointer data)
{
  g_object_notify_by_pspec (data, props[PROP_PACE]);
}

static void
shl_window_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  ShlWindow *self = SHL_WINDOW (object);
  double speed;
  switch (id)
    {
    case PROP_PACE:
      g_object_get (self->sim, "speed", &speed, NULL);
      g_value_set_string (value, pace_of_speed (speed));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
shl_window_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  switch (id)
    {
    case PROP_PACE:
      set_pace (SHL_WINDOW (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

/* ------------------------------------------------------------- drawing */

/* the progress of the symmetry move animation, 0 to 1 (1: done or none) */
static double
move_progress (ShlWindow *self)
{
  if (!self->frames.move_start)
    return 1.0;
  double t = (double) (g_get_monotonic_time () - self->frames.move_start)
             / (double) shl_window_move_duration_us (self);
  return t < 1.0 ? fmax (t, 1e-3) : 1.0;
}

static void
draw_panel (cairo_t *cr, int width, int height, gboolean dark, double scale,
            gpointer user_data)
{
  ShlPanelSlot *slot = user_data;
  ShlWindow *self = slot->win;
  ShlPlotStyle style;
  shl_plot_style_init (&style, dark ? SHL_STYLE_SCREEN_DARK : SHL_STYLE_SCREEN_LIGHT);
  style.scale = scale;
  ShlScene *scene = shl_sim_get_scene (self->sim);
  /* while a symmetry move animates, the neurons travel and the
   * realization stays where it is */
  scene->move_t = move_progress (self);
  ShlRect area = { 0, 0, width, height };
  shl_panel_draw (cr, slot->kind, scene, &style, &area);
}

void
shl_window_start_move_animation (ShlWindow *self)
{
  self->frames.move_start = g_get_monotonic_time ();
}

void
shl_window_redraw_all (ShlWindow *self)
{
  for (int k = 0; k < SHL_N_PANELS; k++)
    gtk_widget_queue_draw (self->views[k]);
}

/* ------------------------------------------------------------ readouts */

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
set_running (ShlWindow *self, gboolean running)
{
  gtk_button_set_icon_name (GTK_BUTTON (self->run_button),
                            running ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->run_button, running ? "Pause (Space)" : "Train (Space)");
}

void
shl_window_update_readouts (ShlWindow *self)
{
  ShlWindowReadouts *r = &self->readouts;
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
  else if (!r->scrub_updating && gtk_range_get_value (GTK_RANGE (r->scrubber)) < 1.0)
    {
      /* back to live (a reset or training started) */
      r->scrub_updating = TRUE;
      gtk_range_set_value (GTK_RANGE (r->scrubber), 1.0);
      r->scrub_updating = FALSE;
    }
  char buf[64], num[48];
  format_count (num, sizeof num, step);
  g_snprintf (buf, sizeof buf, "%s", num);
  gtk_label_set_text (GTK_LABEL (r->step_label), buf);
  if (isfinite (loss))
    g_snprintf (buf, sizeof buf, "%.4g", loss);
  else
    g_snprintf (buf, sizeof buf, "—");
  gtk_label_set_text (GTK_LABEL (r->loss_label), buf);
  if (running && sps > 0)
    {
      format_count (num, sizeof num, (guint64) llround (sps));
      gtk_label_set_text (GTK_LABEL (r->speed_label), num);
    }
  else
    gtk_label_set_text (GTK_LABEL (r->speed_label), "—");
  gtk_label_set_text (GTK_LABEL (r->status_label), status ? status : "");
  if (self->lesson.presenting)
    {
      /* the readouts bar is hidden: the caption says where training is
       * (not over an experiment, which has no steps) */
      g_autofree char *text = shl_caption_format_step (step);
      gboolean panels = !gtk_widget_get_visible (self->lesson.experiment);
      shl_caption_view_set_status (SHL_CAPTION_VIEW (self->caption), panels ? text : NULL);
    }
  if (diverged)
    gtk_widget_add_css_class (r->status_label, "error");
  else
    gtk_widget_remove_css_class (r->status_label, "error");
  set_running (self, running);
}

/* the history scrubber (a template callback) */
static void
on_scrub (GtkRange *range, ShlWindow *self)
{
  if (self->readouts.scrub_updating)
    return;
  guint n = shl_sim_get_history_length (self->sim);
  double v = gtk_range_get_value (range);
  int index = v >= 0.9995 || n == 0 ? -1 : (int) lround (v * (n - 1));
  shl_sim_set_scrub (self->sim, index);
  shl_window_update_readouts (self);
  shl_window_redraw_all (self);
}

/* The rate-limited readouts skip updates that come too soon; this makes
 * sure the last state is shown once things settle. */
static gboolean
refresh_cb (gpointer data)
{
  ShlWindow *self = data;
  self->frames.refresh_id = 0;
  shl_window_update_twin_readouts (self);
  shl_window_update_neuron_table (self);
  return G_SOURCE_REMOVE;
}

void
shl_window_schedule_refresh (ShlWindow *self)
{
  if (!self->frames.refresh_id)
    self->frames.refresh_id = g_timeout_add (REFRESH_MS, refresh_cb, self);
}

/* ---------------------------------------------------------- frame tick */

/* the cost of the previous frame's panel draws */
static void
measure_frame (ShlWindow *self)
{
  ShlWindowFrames *fr = &self->frames;
  double sum = 0;
  for (int k = 0; k < SHL_N_PANELS; k++)
    if (gtk_widget_get_child_visible (self->views[k]))
      sum += (double) shl_plot_view_last_draw_us (SHL_PLOT_VIEW (self->views[k]));
  fr->draw_us[fr->n % SHL_WINDOW_FRAME_STATS] = sum;
  fr->n++;
  fr->pending = FALSE;
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  ShlWindow *self = data;
  ShlWindowFrames *fr = &self->frames;
  gint64 now = g_get_monotonic_time ();
  if (!fr->first && shl_plot_view_last_draw_us (SHL_PLOT_VIEW (self->views[0])) > 0)
    fr->first = now;
  if (fr->pending)
    measure_frame (self);
  if (fr->move_start)
    {
      /* a symmetry move animates: redraw until its last frame (t = 1) is
       * drawn */
      if (now - fr->move_start >= shl_window_move_duration_us (self))
        fr->move_start = 0;
      gtk_widget_queue_draw (self->views[SHL_PANEL_TRAJECTORY]);
    }
  /* a landscape job running: show its progress about ten times a second */
  if (shl_sim_get_scene (self->sim)->land_busy && now - fr->land_redraw > LANDSCAPE_PROGRESS_US)
    {
      fr->land_redraw = now;
      gtk_widget_queue_draw (self->views[SHL_PANEL_LANDSCAPE]);
    }
  if (shl_sim_take_dirty (self->sim))
    {
      shl_window_redraw_all (self);
      shl_window_update_readouts (self);
      shl_window_update_twin_readouts (self);
      shl_window_update_neuron_table (self);
      fr->pending = TRUE;
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
  g_return_if_fail (SHL_IS_WINDOW (self));
  g_return_if_fail (median_us != NULL && max_us != NULL && frames != NULL);
  guint n = MIN (self->frames.n, SHL_WINDOW_FRAME_STATS);
  double tmp[SHL_WINDOW_FRAME_STATS];
  memcpy (tmp, self->frames.draw_us, n * sizeof (double));
  qsort (tmp, n, sizeof (double), cmp_double);
  *median_us = n ? tmp[n / 2] : NAN;
  *max_us = n ? tmp[n - 1] : NAN;
  *frames = self->frames.n;
}

/* -------------------------------------------------------------- errors */

void
shl_window_show_error (ShlWindow *self, const char *primary, const GError *error)
{
  GtkWidget *d = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                         GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (d), "%s", error->message);
  g_signal_connect (d, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (d));
}

/* --------------------------------------------------------- preferences */

/* the plot text size and the window's size as they were last left */
static void
restore_state (ShlWindow *self)
{
  if (!self->settings)
    return;
  shl_window_set_plot_scale (self, g_settings_get_double (self->settings, "plot-scale"));
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

void
shl_window_save_state (ShlWindow *self)
{
  g_return_if_fail (SHL_IS_WINDOW (self));
  if (!self->settings)
    return;
  GtkWindow *win = GTK_WINDOW (self);
  gboolean maximized = gtk_window_is_maximized (win);
  /* the size to come back to: not that of a maximised or fullscreen
   * window */
  if (!maximized && !gtk_window_is_fullscreen (win))
    {
      int w, h;
      gtk_window_get_default_size (win, &w, &h);
      if (w > 0 && h > 0)
        {
          g_settings_set_int (self->settings, "window-width", CLAMP (w, 200, 32767));
          g_settings_set_int (self->settings, "window-height", CLAMP (h, 200, 32767));
        }
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
}

/* ------------------------------------------------------------ GObject */

/* a double click on a panel maximises or restores it */
static void
on_view_activate (ShlPlotView *view, gpointer data)
{
  ShlWindow *self = data;
  for (int k = 0; k < SHL_N_PANELS; k++)
    if (self->views[k] == GTK_WIDGET (view))
      gtk_widget_activate_action (GTK_WIDGET (self), "win.maximize-panel", "i", k);
}

static void
add_panels (ShlWindow *self)
{
  for (int k = 0; k < SHL_N_PANELS; k++)
    {
      self->slots[k].win = self;
      self->slots[k].kind = (ShlPanelKind) k;
      self->views[k] = shl_plot_view_new (shl_panel_title ((ShlPanelKind) k), draw_panel, &self->slots[k]);
      g_signal_connect (self->views[k], "activate", G_CALLBACK (on_view_activate), self);
      shl_panel_grid_add (SHL_PANEL_GRID (self->grid), self->views[k]);
    }
}

static void
shl_window_dispose (GObject *object)
{
  ShlWindow *self = SHL_WINDOW (object);
  if (self->frames.tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->frames.tick_id);
      self->frames.tick_id = 0;
    }
  g_clear_handle_id (&self->frames.refresh_id, g_source_remove);
  shl_window_edit_dispose (self);
  shl_window_stability_dispose (self);
  if (self->sim)
    g_signal_handlers_disconnect_by_data (self->sim, self);
  g_clear_object (&self->sim);
  g_clear_object (&self->settings);
  if (self->text_css)
    {
      gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                     GTK_STYLE_PROVIDER (self->text_css));
      g_clear_object (&self->text_css);
    }
  g_clear_pointer (&self->css_class, g_free);
  shl_window_sidebar_dispose (self);
  shl_window_files_dispose (self);
  shl_window_lesson_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SHL_TYPE_WINDOW);
  G_OBJECT_CLASS (shl_window_parent_class)->dispose (object);
}

static void
shl_window_class_init (ShlWindowClass *klass)
{
  GObjectClass *oc = G_OBJECT_CLASS (klass);
  GtkWidgetClass *wc = GTK_WIDGET_CLASS (klass);
  oc->dispose = shl_window_dispose;
  oc->get_property = shl_window_get_property;
  oc->set_property = shl_window_set_property;
  /* the pace control in the header bar (win.pace): "slow" (30 steps a
   * second), "normal" (300), "fast" (flat out), "custom" */
  props[PROP_PACE] = g_param_spec_string ("pace", NULL, NULL, "normal",
                                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (oc, N_PROPS, props);
  gtk_widget_class_install_property_action (wc, "win.pace", "pace");

  g_type_ensure (SHL_TYPE_PANEL_GRID);
  g_type_ensure (SHL_TYPE_CAPTION_VIEW);
  gtk_widget_class_set_template_from_resource (wc, "/io/github/shallows/Shallows/shl-window.ui");
#define CHILD(id, member) \
  gtk_widget_class_bind_template_child_full (wc, id, FALSE, G_STRUCT_OFFSET (ShlWindow, member))
  CHILD ("readouts", readouts.bar);
  CHILD ("run_button", run_button);
  CHILD ("bookmarks_button", marks.button);
  CHILD ("sidebar", sidebar);
  CHILD ("sidebar_box", sidebar_box);
  CHILD ("sidebar_sep", sidebar_sep);
  CHILD ("grid", grid);
  CHILD ("caption", caption);
  CHILD ("shipped_lessons", lesson.menu);
  CHILD ("recent_menu", files.recent_menu);
  CHILD ("step_label", readouts.step_label);
  CHILD ("loss_label", readouts.loss_label);
  CHILD ("speed_label", readouts.speed_label);
  CHILD ("status_label", readouts.status_label);
  CHILD ("scrubber", readouts.scrubber);
#undef CHILD
  gtk_widget_class_bind_template_callback (wc, on_scrub);

  shl_window_actions_class_init (wc);
  shl_window_files_class_init (wc);
  shl_window_export_class_init (wc);
  shl_window_stability_class_init (wc);
  shl_window_lesson_class_init (wc);
  shl_window_bookmarks_class_init (wc);
}

static void
shl_window_init (ShlWindow *self)
{
  static guint serial;
  self->sim = shl_sim_new ();
  /* the first Space shows learning at a pace a class can watch */
  g_object_set (self->sim, "speed", SHL_PACE_NORMAL, NULL);
  g_signal_connect (self->sim, "notify::speed", G_CALLBACK (on_speed), self);
  self->settings = shl_settings_new ();
  self->plot_scale = 1.0;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->css_class = g_strdup_printf ("shl-window-%u", ++serial);
  gtk_widget_add_css_class (GTK_WIDGET (self), self->css_class);
  self->text_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->text_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  apply_text_scale (self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sim", shl_sim_get_actions (self->sim));
  shl_window_sidebar_init (self);
  add_panels (self);
  shl_window_neurons_attach_panels (self);
  shl_window_edit_attach (self);
  restore_state (self);
  shl_window_files_init (self);
  shl_window_lesson_init (self);
  shl_window_bookmarks_init (self);
  self->frames.tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, self, NULL);
  shl_window_update_readouts (self);
}

/* ------------------------------------------------------------ public */

ShlWindow *
shl_window_new (GtkApplication *app)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);
  return g_object_new (SHL_TYPE_WINDOW, "application", app, NULL);
}

gint64
shl_window_get_first_frame_time (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), 0);
  return self->frames.first;
}

ShlSim *
shl_window_get_sim (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  return self->sim;
}

GtkWidget *
shl_window_get_panel (ShlWindow *self, int index)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (index >= 0 && index < SHL_N_PANELS, NULL);
  return self->views[index];
}

GtkWidget *
shl_window_get_grid (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  return self->grid;
}

/* The text of every widget of the window (the sidebar and its readouts,
 * the neuron table, the readouts bar, the header bar) at the plot text
 * scale, through a CSS font size on this window; the sidebar's fixed
 * width grows with it. */
static void
apply_text_scale (ShlWindow *self)
{
  /* the theme's typography classes have sizes of their own, in points
   * (GTK's default theme: .heading is 11pt, ...): scaled too */
  static const struct { const char *cls; double pt; } typo[] = {
    { "large-title", 24 }, { "title-1", 20 }, { "title-2", 15 }, { "title-3", 15 },
    { "title-4", 13 }, { "heading", 11 }, { "body", 11 }, { "caption-heading", 9 },
    { "caption", 9 },
  };
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr (GString) css = g_string_new (NULL);
  g_ascii_formatd (num, sizeof num, "%.1f", 100.0 * self->plot_scale);
  g_string_append_printf (css, "window.%s { font-size: %s%%; }\n", self->css_class, num);
  for (guint k = 0; k < G_N_ELEMENTS (typo); k++)
    {
      g_ascii_formatd (num, sizeof num, "%.2f", typo[k].pt * self->plot_scale);
      g_string_append_printf (css, "window.%s .%s { font-size: %spt; }\n", self->css_class,
                              typo[k].cls, num);
    }
  gtk_css_provider_load_from_data (self->text_css, css->str, -1);
  gtk_widget_set_size_request (self->sidebar, (int) lround (SHL_SIDEBAR_WIDTH * self->plot_scale), -1);
  shl_caption_view_set_scale (SHL_CAPTION_VIEW (self->caption), self->plot_scale);
  if (self->lesson.experiment)
    shl_plot_view_set_scale (SHL_PLOT_VIEW (self->lesson.experiment), self->plot_scale);
}

void
shl_window_set_plot_scale (ShlWindow *self, double scale)
{
  g_return_if_fail (SHL_IS_WINDOW (self));
  g_return_if_fail (scale > 0);
  self->plot_scale = scale;
  for (int k = 0; k < SHL_N_PANELS; k++)
    shl_plot_view_set_scale (SHL_PLOT_VIEW (self->views[k]), scale);
  apply_text_scale (self);
}

double
shl_window_get_plot_scale (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), 1.0);
  return self->plot_scale;
}

void
shl_window_scrub (ShlWindow *self, double fraction)
{
  g_return_if_fail (SHL_IS_WINDOW (self));
  gtk_range_set_value (GTK_RANGE (self->readouts.scrubber), fraction);
}
