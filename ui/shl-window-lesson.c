/* shl-window-lesson.c: lessons in the main window: the Lessons menu
 * (the shipped lessons, Open Lesson…, Present, Add This View as a Slide…,
 * Save Lesson…), moving through the slides, and the presenter mode.
 *
 * The presenter mode shows a lesson to a room: fullscreen, the caption
 * band above the panels (shl-caption-view.h, drawn by the same code as
 * `shallows-cli lesson`), the sidebar hidden, the panels kept as a 2x2
 * grid. Its keys are those of presentation clickers: Page Down, Right and
 * Space go forward, Page Up, Left and BackSpace back, Home and End to the
 * first and last slide, Escape leaves; Return trains or pauses and period
 * takes one step (Space and Right move slides there). They are the
 * application's accelerators while presenting, so they win over any
 * widget's own keys.
 *
 * Slides added from the live state keep the run as a session in a
 * temporary folder until the lesson is saved; "Save Lesson…" then writes
 * them next to the lesson file (NAME-slides/slide-NN.json). */
#include "shl-window-private.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "shl-caption-view.h"
#include "shl-plot-view.h"
#include "shl-stability-scatter.h"
#include "shl-io.h"
#include "shl-panel-grid.h"
#include "shl-session.h"
#include "shl-sim-lesson.h"

/* ---------------------------------------------------------- accelerators */

typedef struct {
  const char *action;
  const char *presenting[5];
} AccelSet;

/* the keys in the presenter mode; outside it, the actions keep the keys
 * they had before (Space trains, Right steps) */
static const AccelSet accel_sets[] = {
  { "sim.running", { "Return", "KP_Enter", NULL } },
  { "sim.step", { "period", NULL } },
  { "sim.step-many", { NULL } },
  { "win.lesson-next", { "Page_Down", "Right", "space", "Down", NULL } },
  { "win.lesson-prev", { "Page_Up", "Left", "BackSpace", "Up", NULL } },
  { "win.lesson-first", { "Home", NULL } },
  { "win.lesson-last", { "End", NULL } },
  { "win.lesson-leave", { "Escape", NULL } },
};

static void
set_accels (ShlWindow *self, gboolean presenting)
{
  ShlWindowLesson *L = &self->lesson;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  if (!app)
    return;
  if (presenting && !L->saved_accels)
    {
      L->saved_accels = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      for (guint k = 0; k < G_N_ELEMENTS (accel_sets); k++)
        g_ptr_array_add (L->saved_accels,
                         gtk_application_get_accels_for_action (app, accel_sets[k].action));
    }
  if (!presenting && !L->saved_accels)
    return;
  for (guint k = 0; k < G_N_ELEMENTS (accel_sets); k++)
    gtk_application_set_accels_for_action (
      app, accel_sets[k].action,
      presenting ? accel_sets[k].presenting
                 : (const char *const *) g_ptr_array_index (L->saved_accels, k));
  if (!presenting)
    g_clear_pointer (&L->saved_accels, g_ptr_array_unref);
  g_clear_pointer (&L->scatter, g_free);
}

/* ----------------------------------------------------------- the slides */

static void
update_actions (ShlWindow *self)
{
  ShlWindowLesson *L = &self->lesson;
  int n = L->lesson ? (int) shl_lesson_n_slides (L->lesson) : 0;
  GtkWidget *w = GTK_WIDGET (self);
  gtk_widget_action_set_enabled (w, "win.lesson-next", L->presenting && L->index + 1 < n);
  gtk_widget_action_set_enabled (w, "win.lesson-prev", L->presenting && L->index > 0);
  gtk_widget_action_set_enabled (w, "win.lesson-first", L->presenting && n > 0);
  gtk_widget_action_set_enabled (w, "win.lesson-last", L->presenting && n > 0);
  gtk_widget_action_set_enabled (w, "win.lesson-leave", L->presenting);
  gtk_widget_action_set_enabled (w, "win.lesson-present", n > 0);
  gtk_widget_action_set_enabled (w, "win.lesson-save", n > 0);
}

static void
update_caption (ShlWindow *self)
{
  ShlWindowLesson *L = &self->lesson;
  if (!L->lesson || L->index < 0)
    return;
  const ShlLessonSlide *s = shl_lesson_get_slide (L->lesson, (guint) L->index);
  g_autofree char *counter = g_strdup_printf ("%d / %u", L->index + 1,
                                              shl_lesson_n_slides (L->lesson));
  shl_caption_view_set (SHL_CAPTION_VIEW (self->caption), s->title,
                        (const char *const *) s->lines, s->n_lines, counter);
  shl_caption_view_set_scale (SHL_CAPTION_VIEW (self->caption), self->plot_scale);
}

/* A slide's experiment in place of the panels (the scatter's samples
 * take a tenth of a second and are the same every time: made once). */
static void
show_experiment (ShlWindow *self, const char *experiment)
{
  ShlWindowLesson *L = &self->lesson;
  gboolean scatter = g_strcmp0 (experiment, "scatter") == 0;
  if (scatter && !L->scatter)
    {
      L->n_scatter = SHL_STABILITY_SCATTER_SAMPLES;
      L->scatter = shl_stability_scatter_sample (L->n_scatter, SHL_STABILITY_SCATTER_WIDTH);
    }
  gtk_widget_set_visible (L->experiment, scatter);
  gtk_widget_set_visible (self->grid, !scatter);
  gtk_widget_queue_draw (L->experiment);
}

static void
draw_experiment (cairo_t *cr, int width, int height, gboolean dark, double scale,
                 gpointer user_data)
{
  ShlWindow *self = user_data;
  ShlPlotStyle style;
  shl_plot_style_init (&style, dark ? SHL_STYLE_SCREEN_DARK : SHL_STYLE_SCREEN_LIGHT);
  style.scale = scale;
  shl_stability_scatter_draw (cr, self->lesson.scatter, self->lesson.n_scatter, NULL, &style,
                              &(ShlRect) { 0, 0, width, height });
}

/* set the sim to slide index and show it: the view in the sidebar and
 * the grid, the caption, a symmetry move's animation */
static gboolean
show_slide (ShlWindow *self, int index, GError **error)
{
  ShlWindowLesson *L = &self->lesson;
  g_return_val_if_fail (L->lesson != NULL, FALSE);
  index = CLAMP (index, 0, (int) shl_lesson_n_slides (L->lesson) - 1);
  L->index = index;
  update_caption (self);
  update_actions (self);
  gboolean ok = shl_sim_apply_slide (self->sim, L->lesson, (guint) index,
                                     SHL_SLIDE_TRAIN_PACED, error);
  ShlViewSettings *view = shl_sim_get_view_settings (self->sim);
  shl_panel_grid_set_maximized (SHL_PANEL_GRID (self->grid), view->maximized);
  shl_window_sidebar_show_view (self, view);
  /* showing the view in the controls changes nothing */
  shl_sim_set_modified (self->sim, FALSE);
  const ShlLessonSlide *s = shl_lesson_get_slide (L->lesson, (guint) index);
  show_experiment (self, s->experiment);
  if (ok && s->moves && s->moves[0])
    shl_window_start_move_animation (self);
  shl_window_twin_changed (self);
  shl_window_update_readouts (self);
  shl_window_redraw_all (self);
  return ok;
}

/* Undo or redo brought back the state of another slide: show that slide
 * (its caption, counter, view and experiment) without applying it again */
static void
on_lesson_slide (ShlSim *sim, GParamSpec *pspec, gpointer data)
{
  ShlWindow *self = data;
  ShlWindowLesson *L = &self->lesson;
  int slide;
  g_object_get (sim, "lesson-slide", &slide, NULL);
  if (!L->lesson || !L->presenting || slide < 0 || slide == L->index
      || slide >= (int) shl_lesson_n_slides (L->lesson))
    return;
  L->index = slide;
  update_caption (self);
  update_actions (self);
  ShlViewSettings *view = shl_sim_get_view_settings (self->sim);
  shl_panel_grid_set_maximized (SHL_PANEL_GRID (self->grid), view->maximized);
  shl_window_sidebar_show_view (self, view);
  show_experiment (self, shl_lesson_get_slide (L->lesson, (guint) slide)->experiment);
  shl_window_twin_changed (self);
  shl_window_update_readouts (self);
  shl_window_redraw_all (self);
}

static void
go_or_complain (ShlWindow *self, int index)
{
  g_autoptr (GError) err = NULL;
  if (!show_slide (self, index, &err))
    shl_window_show_error (self, "This slide could not be shown", err);
}

/* ------------------------------------------------------ presenter mode */

static void
enter_presenter (ShlWindow *self)
{
  ShlWindowLesson *L = &self->lesson;
  if (L->presenting)
    return;
  L->presenting = TRUE;
  L->sidebar_was_visible = gtk_widget_get_visible (self->sidebar);
  gtk_widget_set_visible (self->sidebar, FALSE);
  gtk_widget_set_visible (self->sidebar_sep, FALSE);
  L->fullscreened = !gtk_window_is_fullscreen (GTK_WINDOW (self));
  if (L->fullscreened)
    gtk_window_fullscreen (GTK_WINDOW (self));
  gtk_widget_set_visible (self->caption, TRUE);
  /* the panels and the caption have the screen: no header bar (a
   * fullscreen window has none anyway, this holds where a window manager
   * does not make it fullscreen), no readouts bar (the caption shows the
   * step) */
  gtk_widget_set_visible (gtk_window_get_titlebar (GTK_WINDOW (self)), FALSE);
  gtk_widget_set_visible (self->readouts.bar, FALSE);
  shl_panel_grid_set_allow_row (SHL_PANEL_GRID (self->grid), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "presenting");
  set_accels (self, TRUE);
  /* the keys go to the window, not to a control that had the focus */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
}

void
shl_window_leave_presenter (ShlWindow *self)
{
  g_return_if_fail (SHL_IS_WINDOW (self));
  ShlWindowLesson *L = &self->lesson;
  if (!L->presenting)
    return;
  L->presenting = FALSE;
  gtk_widget_set_visible (self->sidebar, L->sidebar_was_visible);
  gtk_widget_set_visible (self->sidebar_sep, L->sidebar_was_visible);
  if (L->fullscreened)
    gtk_window_unfullscreen (GTK_WINDOW (self));
  L->fullscreened = FALSE;
  gtk_widget_set_visible (self->caption, FALSE);
  show_experiment (self, NULL);
  gtk_widget_set_visible (gtk_window_get_titlebar (GTK_WINDOW (self)), TRUE);
  gtk_widget_set_visible (self->readouts.bar, TRUE);
  shl_caption_view_set_status (SHL_CAPTION_VIEW (self->caption), NULL);
  shl_caption_view_set_readouts (SHL_CAPTION_VIEW (self->caption), NULL);
  shl_panel_grid_set_allow_row (SHL_PANEL_GRID (self->grid), TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self), "presenting");
  set_accels (self, FALSE);
  update_actions (self);
}

gboolean
shl_window_present_lesson (ShlWindow *self, int index, GError **error)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!self->lesson.lesson || shl_lesson_n_slides (self->lesson.lesson) == 0)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "no lesson is open");
      return FALSE;
    }
  enter_presenter (self);
  return show_slide (self, index, error);
}

GtkWidget *
shl_window_get_experiment_view (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  return self->lesson.experiment;
}

gboolean
shl_window_is_presenting (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  return self->lesson.presenting;
}

gboolean
shl_window_go_to_slide (ShlWindow *self, int index, GError **error)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!self->lesson.lesson)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "no lesson is open");
      return FALSE;
    }
  return show_slide (self, index, error);
}

int
shl_window_get_slide (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), -1);
  return self->lesson.lesson ? self->lesson.index : -1;
}

const ShlLesson *
shl_window_get_lesson (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  return self->lesson.lesson;
}

GtkWidget *
shl_window_get_caption (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  return self->caption;
}

/* ---------------------------------------------------------- opening */

static void
take_lesson (ShlWindow *self, ShlLesson *lesson, const char *path)
{
  ShlWindowLesson *L = &self->lesson;
  g_clear_pointer (&L->lesson, shl_lesson_free);
  L->lesson = lesson;
  g_free (L->path);
  L->path = g_strdup (path);
  L->index = -1;
  update_actions (self);
}

gboolean
shl_window_open_lesson (ShlWindow *self, const char *path, GError **error)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  /* a file, else a shipped lesson of that name ("paper") */
  g_autofree char *file = g_strdup (path);
  if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      char *shipped = shl_lessons_find_shipped (path);
      if (shipped)
        {
          g_free (file);
          file = shipped;
        }
    }
  ShlLesson *lesson = shl_sim_load_lesson (file, error);
  if (!lesson)
    return FALSE;
  take_lesson (self, lesson, file);
  return shl_window_present_lesson (self, 0, error);
}

/* ------------------------------------------------------ making lessons */

/* a temporary folder for the sessions of slides not saved yet */
static const char *
slides_tmpdir (ShlWindow *self, GError **error)
{
  ShlWindowLesson *L = &self->lesson;
  if (!L->tmpdir)
    L->tmpdir = g_dir_make_tmp ("shallows-slides-XXXXXX", error);
  return L->tmpdir;
}

gboolean
shl_window_add_slide (ShlWindow *self, const char *title, const char *const *lines,
                      guint64 steps, GError **error)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (title != NULL && lines != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!*title || !lines[0] || !*lines[0])
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "a slide needs a title and at least one line of caption");
      return FALSE;
    }
  ShlWindowLesson *L = &self->lesson;
  const char *dir = slides_tmpdir (self, error);
  if (!dir)
    return FALSE;
  /* the run as it is now, with its view */
  g_autoptr (ShlSession) ss = shl_sim_to_session (self->sim);
  g_autofree char *name = g_strdup_printf ("slide-%u.json", ++L->n_captured);
  g_autofree char *session = g_build_filename (dir, name, NULL);
  if (!shl_session_save (ss, session, error))
    return FALSE;
  ShlLessonSlide *s = shl_lesson_slide_new (title);
  for (guint k = 0; lines[k] && k < SHL_LESSON_MAX_LINES; k++)
    if (*lines[k])
      shl_lesson_slide_add_line (s, lines[k]);
  s->session = g_steal_pointer (&session);
  if (steps > 0)
    {
      s->train = TRUE;
      s->steps = MIN (steps, (guint64) SHL_LESSON_MAX_STEPS);
      g_object_get (self->sim, "speed", &s->speed, NULL);
    }
  if (!L->lesson)
    take_lesson (self, shl_lesson_new ("Untitled lesson"), NULL);
  shl_lesson_add_slide (L->lesson, s);
  update_actions (self);
  if (L->presenting)
    update_caption (self);
  return TRUE;
}

/* write the sessions of slides made here next to the lesson file */
static gboolean
place_sessions (ShlWindow *self, const char *path, GError **error)
{
  ShlWindowLesson *L = &self->lesson;
  if (!L->tmpdir)
    return TRUE;
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  g_autofree char *dir = g_path_get_dirname (abs);
  g_autofree char *base = g_path_get_basename (abs);
  if (g_str_has_suffix (base, ".json"))
    base[strlen (base) - 5] = '\0';
  g_autofree char *sub = g_strdup_printf ("%s-slides", base);
  g_autofree char *folder = g_build_filename (dir, sub, NULL);
  for (guint k = 0; k < shl_lesson_n_slides (L->lesson); k++)
    {
      ShlLessonSlide *s = shl_lesson_get_slide (L->lesson, k);
      if (!s->session)
        continue;
      g_autofree char *from = shl_lesson_resolve (L->lesson, s->session);
      if (!g_str_has_prefix (from, L->tmpdir))
        continue;
      if (g_mkdir_with_parents (folder, 0755) != 0)
        {
          int e = errno;
          g_set_error (error, SHL_ERROR, SHL_ERROR_IO, "%s: cannot create the folder: %s", folder,
                       g_strerror (e));
          return FALSE;
        }
      g_autofree char *name = g_strdup_printf ("slide-%02u.json", k + 1);
      g_autofree char *to = g_build_filename (folder, name, NULL);
      g_autofree char *text = NULL;
      gsize len;
      if (!g_file_get_contents (from, &text, &len, error)
          || !shl_write_file_atomic (to, text, (gssize) len, error))
        return FALSE;
      g_free (s->session);
      s->session = g_steal_pointer (&to);
    }
  return TRUE;
}

gboolean
shl_window_save_lesson (ShlWindow *self, const char *path, GError **error)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  ShlWindowLesson *L = &self->lesson;
  if (!L->lesson || shl_lesson_n_slides (L->lesson) == 0)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "the lesson has no slides yet");
      return FALSE;
    }
  if (!L->path && g_str_equal (L->lesson->title, "Untitled lesson"))
    {
      /* a new lesson is called after its file */
      g_autofree char *base = g_path_get_basename (path);
      if (g_str_has_suffix (base, ".json"))
        base[strlen (base) - 5] = '\0';
      g_free (L->lesson->title);
      L->lesson->title = g_steal_pointer (&base);
    }
  if (!place_sessions (self, path, error) || !shl_lesson_save (L->lesson, path, error))
    return FALSE;
  g_free (L->path);
  L->path = g_strdup (path);
  return TRUE;
}

/* ------------------------------------------------------------ dialogs */

typedef struct {
  ShlWindow *self;
  GtkWidget *dialog, *title, *lines[SHL_LESSON_MAX_LINES], *train, *steps, *add;
} AddDialog;

static void
add_dialog_changed (GtkEditable *e, gpointer data)
{
  AddDialog *d = data;
  if (!d->title || !d->lines[0] || !d->add)
    return;   /* still being built */
  gtk_widget_set_sensitive (d->add, *gtk_editable_get_text (GTK_EDITABLE (d->title))
                                    && *gtk_editable_get_text (GTK_EDITABLE (d->lines[0])));
}

static void
add_dialog_add (GtkButton *b, gpointer data)
{
  AddDialog *d = data;
  const char *lines[SHL_LESSON_MAX_LINES + 1] = { NULL };
  for (guint k = 0; k < SHL_LESSON_MAX_LINES; k++)
    lines[k] = gtk_editable_get_text (GTK_EDITABLE (d->lines[k]));
  guint64 steps = gtk_check_button_get_active (GTK_CHECK_BUTTON (d->train))
                  ? (guint64) gtk_spin_button_get_value (GTK_SPIN_BUTTON (d->steps)) : 0;
  g_autoptr (GError) err = NULL;
  if (!shl_window_add_slide (d->self, gtk_editable_get_text (GTK_EDITABLE (d->title)), lines,
                             steps, &err))
    shl_window_show_error (d->self, "Could not add the slide", err);
  gtk_window_destroy (GTK_WINDOW (d->dialog));
}

static void
add_dialog_cancel (GtkButton *b, gpointer data)
{
  AddDialog *d = data;
  gtk_window_destroy (GTK_WINDOW (d->dialog));
}

static void
act_add_slide (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  AddDialog *d = g_new0 (AddDialog, 1);
  d->self = self;
  d->dialog = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (d->dialog), "Add This View as a Slide");
  gtk_window_set_transient_for (GTK_WINDOW (d->dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (d->dialog), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (d->dialog), 560, -1);
  g_object_set_data_full (G_OBJECT (d->dialog), "shl-add-dialog", d, g_free);
  GtkWidget *grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 18);
  gtk_widget_set_margin_end (grid, 18);
  gtk_widget_set_margin_top (grid, 18);
  gtk_widget_set_margin_bottom (grid, 18);
  GtkWidget *intro = gtk_label_new ("The slide keeps this run and view as they are now; when "
                                    "shown, it can train on from here.");
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  /* a wrapping label needs a width to start from (else GTK 4.8 may
   * measure it negative) */
  gtk_label_set_width_chars (GTK_LABEL (intro), 40);
  gtk_label_set_max_width_chars (GTK_LABEL (intro), 70);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_grid_attach (GTK_GRID (grid), intro, 0, 0, 2, 1);
  const char *labels[] = { "_Title", "Caption _1", "Caption _2", "Caption _3" };
  guint n = self->lesson.lesson ? shl_lesson_n_slides (self->lesson.lesson) : 0;
  g_autofree char *title = g_strdup_printf ("Slide %u", n + 1);
  for (int k = 0; k < 4; k++)
    {
      GtkWidget *e = gtk_entry_new ();
      gtk_widget_set_hexpand (e, TRUE);
      GtkWidget *l = gtk_label_new_with_mnemonic (labels[k]);
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_label_set_mnemonic_widget (GTK_LABEL (l), e);
      gtk_grid_attach (GTK_GRID (grid), l, 0, k + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), e, 1, k + 1, 1, 1);
      g_signal_connect (e, "changed", G_CALLBACK (add_dialog_changed), d);
      if (k == 0)
        {
          d->title = e;
          gtk_editable_set_text (GTK_EDITABLE (e), title);
        }
      else
        d->lines[k - 1] = e;
    }
  d->train = gtk_check_button_new_with_mnemonic ("T_rain when shown, for");
  d->steps = gtk_spin_button_new_with_range (1, SHL_LESSON_MAX_STEPS, 100);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (d->steps), 2000);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (row), d->train);
  gtk_box_append (GTK_BOX (row), d->steps);
  gtk_box_append (GTK_BOX (row), gtk_label_new ("steps at the current pace"));
  gtk_grid_attach (GTK_GRID (grid), row, 0, 5, 2, 1);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  GtkWidget *cancel = gtk_button_new_with_mnemonic ("_Cancel");
  d->add = gtk_button_new_with_mnemonic ("_Add Slide");
  gtk_widget_add_css_class (d->add, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), cancel);
  gtk_box_append (GTK_BOX (buttons), d->add);
  gtk_grid_attach (GTK_GRID (grid), buttons, 0, 6, 2, 1);
  g_signal_connect (cancel, "clicked", G_CALLBACK (add_dialog_cancel), d);
  g_signal_connect (d->add, "clicked", G_CALLBACK (add_dialog_add), d);
  gtk_window_set_child (GTK_WINDOW (d->dialog), grid);
  add_dialog_changed (NULL, d);
  gtk_window_present (GTK_WINDOW (d->dialog));
  gtk_widget_grab_focus (d->lines[0]);
}

static void
on_open_lesson (GtkNativeDialog *dialog, int response, gpointer data)
{
  ShlWindow *self = data;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) err = NULL;
      if (path && !shl_window_open_lesson (self, path, &err))
        shl_window_show_error (self, "Could not open the lesson", err);
    }
  g_object_unref (dialog);
}

static void
act_open_lesson (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  GtkFileChooserNative *d = gtk_file_chooser_native_new ("Open a Lesson", GTK_WINDOW (self),
                                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                                         "_Open", "_Cancel");
  GtkFileFilter *f = gtk_file_filter_new ();
  gtk_file_filter_set_name (f, "Lessons (JSON)");
  gtk_file_filter_add_pattern (f, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (d), f);
  g_object_unref (f);
  g_autoptr (GFile) shipped = g_file_new_for_path (shl_lessons_dir ());
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (d), shipped, NULL);
  g_signal_connect (d, "response", G_CALLBACK (on_open_lesson), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (d));
}

static void
on_save_lesson (GtkNativeDialog *dialog, int response, gpointer data)
{
  ShlWindow *self = data;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      if (path && !g_str_has_suffix (path, ".json"))
        {
          char *with = g_strconcat (path, ".json", NULL);
          g_free (path);
          path = with;
        }
      g_autoptr (GError) err = NULL;
      if (path && !shl_window_save_lesson (self, path, &err))
        shl_window_show_error (self, "Could not save the lesson", err);
    }
  g_object_unref (dialog);
}

static void
act_save_lesson (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  GtkFileChooserNative *d = gtk_file_chooser_native_new ("Save the Lesson", GTK_WINDOW (self),
                                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                                         "_Save", "_Cancel");
  const char *path = self->lesson.path;
  g_autofree char *base = path ? g_path_get_basename (path) : g_strdup ("lesson.json");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (d), base);
  g_signal_connect (d, "response", G_CALLBACK (on_save_lesson), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (d));
}

/* ------------------------------------------------------------ actions */

static void
act_open_shipped (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  g_autoptr (GError) err = NULL;
  if (!shl_window_open_lesson (self, g_variant_get_string (p, NULL), &err))
    shl_window_show_error (self, "Could not open the lesson", err);
}

static void
act_next (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  go_or_complain (self, self->lesson.index + 1);
}

static void
act_prev (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  go_or_complain (self, self->lesson.index - 1);
}

static void
act_first (GtkWidget *w, const char *name, GVariant *p)
{
  go_or_complain (SHL_WINDOW (w), 0);
}

static void
act_last (GtkWidget *w, const char *name, GVariant *p)
{
  go_or_complain (SHL_WINDOW (w), G_MAXINT);
}

static void
act_leave (GtkWidget *w, const char *name, GVariant *p)
{
  shl_window_leave_presenter (SHL_WINDOW (w));
}

static void
act_present (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  g_autoptr (GError) err = NULL;
  if (!shl_window_present_lesson (self, MAX (self->lesson.index, 0), &err))
    shl_window_show_error (self, "This slide could not be shown", err);
}

/* the shipped lessons in the Lessons menu, by their titles */
static void
fill_menu (ShlWindow *self)
{
  g_autoptr (GPtrArray) files = shl_lessons_shipped ();
  for (guint k = 0; k < files->len; k++)
    {
      const char *path = g_ptr_array_index (files, k);
      g_autoptr (ShlLesson) l = shl_sim_load_lesson (path, NULL);
      if (!l)
        continue;
      g_autoptr (GMenuItem) item = g_menu_item_new (l->title, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-shipped-lesson",
                                               g_variant_new_string (path));
      g_menu_append_item (self->lesson.menu, item);
    }
}

/* ------------------------------------------------------------- set-up */

void
shl_window_lesson_class_init (GtkWidgetClass *wc)
{
  gtk_widget_class_install_action (wc, "win.open-lesson", NULL, act_open_lesson);
  gtk_widget_class_install_action (wc, "win.open-shipped-lesson", "s", act_open_shipped);
  gtk_widget_class_install_action (wc, "win.lesson-present", NULL, act_present);
  gtk_widget_class_install_action (wc, "win.lesson-next", NULL, act_next);
  gtk_widget_class_install_action (wc, "win.lesson-prev", NULL, act_prev);
  gtk_widget_class_install_action (wc, "win.lesson-first", NULL, act_first);
  gtk_widget_class_install_action (wc, "win.lesson-last", NULL, act_last);
  gtk_widget_class_install_action (wc, "win.lesson-leave", NULL, act_leave);
  gtk_widget_class_install_action (wc, "win.lesson-add-slide", NULL, act_add_slide);
  gtk_widget_class_install_action (wc, "win.lesson-save", NULL, act_save_lesson);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_F5, 0, "win.lesson-present", NULL);
}

void
shl_window_lesson_init (ShlWindow *self)
{
  self->lesson.index = -1;
  /* a slide's experiment, beside the panel grid, shown instead of it */
  ShlWindowLesson *L = &self->lesson;
  L->experiment = shl_plot_view_new ("Inverse stability scatter", draw_experiment, self);
  shl_plot_view_set_scale (SHL_PLOT_VIEW (L->experiment), self->plot_scale);
  gtk_widget_set_margin_start (L->experiment, 6);
  gtk_widget_set_margin_end (L->experiment, 6);
  gtk_widget_set_margin_top (L->experiment, 6);
  gtk_widget_set_visible (L->experiment, FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->grid)), L->experiment,
                              self->grid);
  fill_menu (self);
  update_actions (self);
  g_signal_connect (self->sim, "notify::lesson-slide", G_CALLBACK (on_lesson_slide), self);
}

void
shl_window_lesson_dispose (ShlWindow *self)
{
  ShlWindowLesson *L = &self->lesson;
  if (L->presenting)
    set_accels (self, FALSE);
  L->presenting = FALSE;
  g_clear_pointer (&L->saved_accels, g_ptr_array_unref);
  g_clear_pointer (&L->scatter, g_free);
  g_clear_pointer (&L->lesson, shl_lesson_free);
  g_clear_pointer (&L->path, g_free);
  if (L->tmpdir)
    {
      /* slides never saved: their runs go with the window */
      shl_io_remove_flat_dir (L->tmpdir);
      g_clear_pointer (&L->tmpdir, g_free);
    }
}
