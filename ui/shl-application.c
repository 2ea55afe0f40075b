/* shl-application.c: application actions, accelerators, about and
 * preferences (remembered with GSettings), command line (files to open,
 * --lesson, --text-scale, --bench-ui). */
#include "shl-application.h"

#include "shl-settings.h"
#include "shl-window.h"

struct _ShlApplication {
  GtkApplication parent_instance;
  GSettings     *settings;        /* NULL without the schema */
  double         plot_scale;
  gboolean       scale_from_command_line;
  gboolean       bench_ui;
  char          *lesson;          /* --lesson: present it once started */
  gint64         start_time;      /* when the application object was made */
  guint64        bench_step0;
  gint64         bench_t0;
};

G_DEFINE_FINAL_TYPE (ShlApplication, shl_application, GTK_TYPE_APPLICATION)

static ShlWindow *
get_window (ShlApplication *self)
{
  GtkWindow *w = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!w)
    {
      w = GTK_WINDOW (shl_window_new (GTK_APPLICATION (self)));
      /* this run's text size (--text-scale, else the preferences), also
       * for a window made to open a file */
      shl_window_set_plot_scale (SHL_WINDOW (w), self->plot_scale);
    }
  return SHL_WINDOW (w);
}

/* the plot text size chosen by the user: every window shows it, and it
 * is remembered */
static void
set_scale (ShlApplication *self, double scale)
{
  self->plot_scale = scale;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (SHL_IS_WINDOW (l->data))
      shl_window_set_plot_scale (l->data, self->plot_scale);
  if (self->settings)
    g_settings_set_double (self->settings, "plot-scale", scale);
}

/* ------------------------------------------------------------ bench */

/* steps per second of a plain trainer on the window's problem, for
 * comparison with training behind the GUI */
static double
headless_steps_per_second (ShlSim *sim, double seconds)
{
  ShlScene *scene = shl_sim_get_scene (sim);
  ShlTrainOpts opts;
  shl_sim_get_opts (sim, &opts);
  ShlTrainer *tr = shl_trainer_new (scene->net0, scene->data, &opts);
  if (!tr)
    return NAN;
  guint64 steps = 0;
  gint64 t0 = g_get_monotonic_time (), t1 = t0;
  while (t1 - t0 < seconds * G_USEC_PER_SEC)
    {
      guint64 k = shl_trainer_run (tr, 256);
      steps += k;
      t1 = g_get_monotonic_time ();
      if (k < 256) /* diverged */
        break;
    }
  shl_trainer_free (tr);
  return (double) steps / ((double) (t1 - t0) / G_USEC_PER_SEC);
}

static guint64
sim_steps (ShlSim *sim)
{
  guint64 s;
  g_object_get (sim, "step", &s, NULL);
  return s;
}

static gboolean
bench_finish (gpointer data)
{
  ShlApplication *self = data;
  ShlWindow *win = get_window (self);
  ShlSim *sim = shl_window_get_sim (win);
  double gui_rate = (double) (sim_steps (sim) - self->bench_step0)
                    / ((double) (g_get_monotonic_time () - self->bench_t0) / G_USEC_PER_SEC);
  g_action_group_change_action_state (shl_sim_get_actions (sim), "running",
                                      g_variant_new_boolean (FALSE));
  shl_sim_sync (sim);
  double median, max;
  guint frames;
  shl_window_get_draw_stats (win, &median, &max, &frames);
  int w = gtk_widget_get_width (shl_window_get_grid (win));
  int h = gtk_widget_get_height (shl_window_get_grid (win));
  double headless = headless_steps_per_second (sim, 2.0);
  gint64 first = shl_window_get_first_frame_time (win);
  g_print ("start to first frame: %.0f ms\n",
           first ? (double) (first - self->start_time) / 1000.0 : NAN);
  g_print ("redraw of all four panels (%dx%d px) while training: median %.2f ms, "
           "max %.2f ms over %u frames\n", w, h, median / 1000.0, max / 1000.0, frames);
  g_print ("training behind the GUI: %.0f steps/s; headless, same problem: %.0f steps/s (%.0f%%)\n",
           gui_rate, headless, 100.0 * gui_rate / headless);
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static gboolean
bench_measure (gpointer data)
{
  ShlApplication *self = data;
  ShlSim *sim = shl_window_get_sim (get_window (self));
  self->bench_step0 = sim_steps (sim);
  self->bench_t0 = g_get_monotonic_time ();
  g_timeout_add_seconds (4, bench_finish, self);
  return G_SOURCE_REMOVE;
}

static gboolean
bench_start (gpointer data)
{
  ShlApplication *self = data;
  ShlWindow *win = get_window (self);
  /* flat out: the engine's speed behind the GUI is what is measured */
  g_object_set (shl_window_get_sim (win), "speed", 0.0, NULL);
  g_action_group_change_action_state (shl_sim_get_actions (shl_window_get_sim (win)),
                                      "running", g_variant_new_boolean (TRUE));
  /* one second of warm-up, then four measured */
  g_timeout_add_seconds (1, bench_measure, self);
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------ actions */

static void
act_quit (GSimpleAction *a, GVariant *p, gpointer data)
{
  g_application_quit (G_APPLICATION (data));
}

static void
act_about (GSimpleAction *a, GVariant *p, gpointer data)
{
  ShlApplication *self = data;
  const char *authors[] = { "The Shallows developers", NULL };
  gtk_show_about_dialog (GTK_WINDOW (get_window (self)),
                         "program-name", "Shallows",
                         "logo-icon-name", SHL_APP_ID,
                         "version", SHL_VERSION,
                         "comments", "Shallow ReLU networks: how the parameters map to the function, "
                                     "and why that map is not stable in reverse",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         "website", "https://github.com/shallows/shallows",
                         NULL);
}

static void
on_scale_changed (GtkRange *range, gpointer data)
{
  set_scale (data, gtk_range_get_value (range));
}

static void
on_dark_toggled (GtkSwitch *sw, GParamSpec *p, gpointer data)
{
  ShlApplication *self = data;
  gboolean dark = gtk_switch_get_active (sw);
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
  if (self->settings)
    g_settings_set_boolean (self->settings, "dark-style", dark);
}

static void
act_preferences (GSimpleAction *a, GVariant *p, gpointer data)
{
  ShlApplication *self = data;
  g_autoptr (GtkBuilder) b = gtk_builder_new_from_resource (
    "/io/github/shallows/Shallows/shl-preferences.ui");
  GtkWindow *win = GTK_WINDOW (gtk_builder_get_object (b, "window"));
  GtkRange *scale = GTK_RANGE (gtk_builder_get_object (b, "scale"));
  GtkSwitch *sw = GTK_SWITCH (gtk_builder_get_object (b, "dark"));
  gtk_window_set_transient_for (win, GTK_WINDOW (get_window (self)));
  gtk_range_set_value (scale, self->plot_scale);
  g_signal_connect (scale, "value-changed", G_CALLBACK (on_scale_changed), self);
  gboolean dark;
  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);
  gtk_switch_set_active (sw, dark);
  g_signal_connect (sw, "notify::active", G_CALLBACK (on_dark_toggled), self);
  /* how long a symmetry move animates (read by the window at each move) */
  GtkWidget *move_ms = GTK_WIDGET (gtk_builder_get_object (b, "move_ms"));
  if (self->settings)
    g_settings_bind (self->settings, "move-animation-ms", move_ms, "value", G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_sensitive (move_ms, FALSE);
  gtk_window_present (win);
}

static void
act_zoom (GSimpleAction *a, GVariant *p, gpointer data)
{
  ShlApplication *self = data;
  double f = g_variant_get_double (p);
  set_scale (self, f == 0 ? 1.0 : CLAMP (self->plot_scale * f, 0.75, 3.0));
}

static const GActionEntry app_actions[] = {
  { "quit", act_quit },
  { "about", act_about },
  { "preferences", act_preferences },
  { "zoom", act_zoom, "d" },
};

/* ------------------------------------------------------------ GApplication */

static void
shl_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (shl_application_parent_class)->startup (app);
  ShlApplication *self = SHL_APPLICATION (app);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.zoom(1.15)", { "<Control>plus", "<Control>equal", NULL } },
    { "app.zoom(0.87)", { "<Control>minus", NULL } },
    { "sim.running", { "space", NULL } },
    { "sim.step", { "Right", "period", NULL } },
    { "sim.step-many", { "<Shift>Right", NULL } },
    { "sim.reset", { "<Control>r", NULL } },
    { "sim.undo", { "<Control>z", NULL } },
    { "sim.bookmark", { "<Control>d", NULL } },
    { "win.bookmarks", { "<Control>b", NULL } },
    { "sim.redo", { "<Control><Shift>z", "<Control>y", NULL } },
  };
  for (guint k = 0; k < G_N_ELEMENTS (accels); k++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[k].action, accels[k].accels);

  GtkCssProvider *css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/shallows/Shallows/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (css);
  gtk_window_set_default_icon_name (SHL_APP_ID);

  /* the preferences of the last run (--text-scale wins for this run) */
  self->settings = shl_settings_new ();
  if (self->settings)
    {
      if (!self->scale_from_command_line)
        self->plot_scale = g_settings_get_double (self->settings, "plot-scale");
      /* false leaves the desktop's choice alone */
      if (g_settings_get_boolean (self->settings, "dark-style"))
        g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
    }
}

static void
shl_application_shutdown (GApplication *app)
{
  /* quitting skips the windows' close-request: remember the size of the
   * window used last (the list starts with it) */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (SHL_IS_WINDOW (l->data))
      {
        shl_window_save_state (l->data);
        break;
      }
  G_APPLICATION_CLASS (shl_application_parent_class)->shutdown (app);
}

static void
shl_application_dispose (GObject *object)
{
  g_clear_object (&SHL_APPLICATION (object)->settings);
  g_clear_pointer (&SHL_APPLICATION (object)->lesson, g_free);
  G_OBJECT_CLASS (shl_application_parent_class)->dispose (object);
}

/* --lesson FILE: present it (once; an error says what is wrong) */
static void
present_lesson (ShlApplication *self, ShlWindow *win)
{
  if (!self->lesson)
    return;
  g_autofree char *path = g_steal_pointer (&self->lesson);
  g_autoptr (GError) err = NULL;
  if (!shl_window_open_lesson (win, path, &err))
    {
      GtkWidget *d = gtk_message_dialog_new (GTK_WINDOW (win), GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR,
                                             GTK_BUTTONS_CLOSE, "Could not open the lesson %s", path);
      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (d), "%s", err->message);
      g_signal_connect (d, "response", G_CALLBACK (gtk_window_destroy), NULL);
      gtk_window_present (GTK_WINDOW (d));
    }
}

static void
shl_application_activate (GApplication *app)
{
  ShlApplication *self = SHL_APPLICATION (app);
  ShlWindow *win = get_window (self);
  shl_window_set_plot_scale (win, self->plot_scale);
  gtk_window_present (GTK_WINDOW (win));
  present_lesson (self, win);
  if (self->bench_ui)
    g_timeout_add (500, bench_start, self);
}

static void
shl_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  ShlApplication *self = SHL_APPLICATION (app);
  ShlWindow *win = get_window (self);
  gtk_window_present (GTK_WINDOW (win));
  for (int k = 0; k < n_files; k++)
    {
      g_autoptr (GError) err = NULL;
      if (!shl_window_open_file (win, files[k], &err))
        {
          g_autofree char *name = g_file_get_parse_name (files[k]);
          GtkWidget *d = gtk_message_dialog_new (GTK_WINDOW (win), GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR,
                                                 GTK_BUTTONS_CLOSE, "Could not open %s", name);
          gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (d), "%s", err->message);
          g_signal_connect (d, "response", G_CALLBACK (gtk_window_destroy), NULL);
          gtk_window_present (GTK_WINDOW (d));
        }
    }
  present_lesson (self, win);
}

static int
shl_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  ShlApplication *self = SHL_APPLICATION (app);
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("shallows %s\n", SHL_VERSION);
      return 0;
    }
  if (g_variant_dict_contains (options, "bench-ui"))
    self->bench_ui = TRUE;
  const char *lesson;
  if (g_variant_dict_lookup (options, "lesson", "^&ay", &lesson))
    {
      g_free (self->lesson);
      self->lesson = g_strdup (lesson);
    }
  double scale;
  if (g_variant_dict_lookup (options, "text-scale", "d", &scale))
    {
      if (!(scale >= 0.5 && scale <= 4.0))
        {
          g_printerr ("shallows: --text-scale: expected a number from 0.5 to 4, got %g\n", scale);
          return 2;
        }
      self->plot_scale = scale;
      self->scale_from_command_line = TRUE;
    }
  return -1;
}

static void
shl_application_class_init (ShlApplicationClass *klass)
{
  GApplicationClass *ac = G_APPLICATION_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = shl_application_dispose;
  ac->startup = shl_application_startup;
  ac->shutdown = shl_application_shutdown;
  ac->activate = shl_application_activate;
  ac->open = shl_application_open;
  ac->handle_local_options = shl_application_handle_local_options;
}

static void
shl_application_init (ShlApplication *self)
{
  self->plot_scale = 1.0;
  self->start_time = g_get_monotonic_time ();
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, "Print the version and exit", NULL },
    { "bench-ui", 0, 0, G_OPTION_ARG_NONE, NULL,
      "Train for five seconds, then print the start-up time, the panels' redraw time and the training speed against headless training", NULL },
    { "text-scale", 0, 0, G_OPTION_ARG_DOUBLE, NULL, "Text size of the plots and controls (1 = normal, 1.75 = projector)", "X" },
    { "lesson", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      "Present a lesson (a file, or a shipped one: paper, p0 … p4)", "FILE" },
    { NULL }
  };
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), "[FILE…]");
  g_application_set_option_context_summary (G_APPLICATION (self),
    "Shallow ReLU networks: watch the parameters and the function they compute.\n"
    "FILE may be a session, a network or a lesson (JSON), or a data set (CSV).");
}

ShlApplication *
shl_application_new (void)
{
  return g_object_new (SHL_TYPE_APPLICATION, "application-id", SHL_APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/shallows/Shallows", NULL);
}
