/* test-ui-lessons.c: lessons and the presenter mode, and the controls
 * that must be safe in front of a class.
 *
 *  - a lesson opens in the presenter mode, moves forward and back (by its
 *    actions and by the keys a clicker sends), and after each slide the
 *    window shows what the slide specifies;
 *  - slides made from the live state are saved and come back;
 *  - screenshots of the presentation at 1280x720 and 1920x1080 (meson runs
 *    this program on its own 1920x1080 X server);
 *  - a wheel over an unfocused spin button scrolls the sidebar and leaves
 *    the value alone (real X events, through XTest); focused, it spins;
 *  - --text-scale works together with a file and with --lesson; the text
 *    of every widget grows with it; the sidebar keeps its width;
 *  - the pace control; F9 keeps the 2x2 grid; no tooltips on the plots.
 *
 * Every wait is for a condition (ui-test-util.h). */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "shl-caption-view.h"
#include "shl-panel-grid.h"
#include "shl-pathology.h"
#include "shl-session.h"
#include "shl-sim-lesson.h"
#include "shl-view-settings.h"
#include "shl-window-inspect.h"
#include "sim/slide-expect.h"
#include "ui-test-util.h"

#ifdef SHL_HAVE_XTEST
#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>
#include <gdk/x11/gdkx.h>
#endif

static char *tmpdir;

static guint64
slide_steps (const ShlLessonSlide *s)
{
  return s->train ? s->steps : 0;
}

static gboolean
sim_running (ShlSim *sim)
{
  gboolean r;
  g_object_get (sim, "running", &r, NULL);
  return r;
}

/* wait until the slide's training is done (flat out, to be quick: the
 * slide stops at its step whatever the pace) */
static void
finish_slide (ShlWindow *win, const ShlLessonSlide *s)
{
  ShlSim *sim = shl_window_get_sim (win);
  if (s->train)
    g_object_set (sim, "speed", 0.0, NULL);
  SHL_UI_WAIT_UNTIL (shl_ui_sim_step (sim) == slide_steps (s) && !sim_running (sim));
  shl_sim_sync (sim);
}

/* The window shows slide k of its lesson as the slide specifies. */
static void
assert_shows_slide (ShlWindow *win, guint k)
{
  const ShlLesson *lesson = shl_window_get_lesson (win);
  const ShlLessonSlide *s = shl_lesson_get_slide (lesson, k);
  ShlSim *sim = shl_window_get_sim (win);
  g_assert_cmpint (shl_window_get_slide (win), ==, (int) k);
  /* the caption and the counter */
  ShlCaptionView *cap = SHL_CAPTION_VIEW (shl_window_get_caption (win));
  g_assert_cmpstr (shl_caption_view_get_title (cap), ==, s->title);
  g_autofree char *counter = g_strdup_printf ("%u / %u", k + 1, shl_lesson_n_slides (lesson));
  g_assert_cmpstr (shl_caption_view_get_counter (cap), ==, counter);
  /* the state: the preset's networks, its moves on the timeline
   * (slide-expect.h); the sidebar's drop-down names the preset shown */
  if (s->preset)
    slide_expect_preset_run (sim, s, slide_steps (s));
  else
    g_assert_null (shl_sim_get_preset (sim, NULL));
  g_assert_cmpstr (shl_window_get_selected_pathology (win), ==, s->preset);
  /* the settings */
  for (guint j = 0; j < s->n_settings; j++)
    {
      const ShlLessonSetting *set = &s->settings[j];
      GParamSpec *ps = g_object_class_find_property (G_OBJECT_GET_CLASS (sim), set->info->key);
      g_auto (GValue) v = G_VALUE_INIT;
      g_value_init (&v, ps->value_type);
      g_object_get_property (G_OBJECT (sim), set->info->key, &v);
      if (G_VALUE_HOLDS_INT (&v))
        g_assert_cmpint (g_value_get_int (&v), ==, set->i);
      else if (G_VALUE_HOLDS_BOOLEAN (&v))
        g_assert_cmpint (g_value_get_boolean (&v), ==, set->b);
      else if (G_VALUE_HOLDS_DOUBLE (&v))
        g_assert_cmpfloat (g_value_get_double (&v), ==, set->d);
    }
  /* the panels, or the slide's experiment in their place */
  g_assert_cmpint (gtk_widget_get_visible (shl_window_get_experiment_view (win)), ==,
                   s->experiment != NULL);
  g_assert_cmpint (gtk_widget_get_visible (shl_window_get_grid (win)), ==, s->experiment == NULL);
  /* the view, in the sim and in the grid */
  if (!s->session)
    {
      ShlViewSettings want;
      slide_expect_view (&want, s);
      g_assert_cmpmem (shl_sim_get_view_settings (sim), sizeof want, &want, sizeof want);
    }
  g_assert_cmpint (shl_panel_grid_get_maximized (SHL_PANEL_GRID (shl_window_get_grid (win))), ==,
                   shl_sim_get_view_settings (sim)->maximized);
  /* trained for its steps, then paused */
  g_assert_cmpuint (shl_ui_sim_step (sim), ==, slide_steps (s));
  g_assert_false (sim_running (sim));
  /* over the panels with a twin, the caption shows the key readouts as
   * the (hidden) sidebar does, the preset's own first */
  if (shl_sim_get_twin (sim) && !s->experiment)
    {
      int h = shl_window_get_highlighted_readout (win);
      g_autofree char *value = g_strdup (shl_window_get_twin_readout (win, h >= 0 ? h : 0));
      const char *row = shl_caption_view_get_readouts (cap);
      g_assert_nonnull (row);
      g_test_message ("slide %u: %s", k + 1, row);
      g_assert_null (strstr (row, "…"));
      g_assert_nonnull (strstr (row, value));
      g_assert_nonnull (strstr (row, "functions apart (sup)"));
      g_assert_cmpint (g_str_has_prefix (row, "▸ "), ==, h >= 0);
    }
  else
    g_assert_null (shl_caption_view_get_readouts (cap));
}

static gboolean
accel_is (const char *action, const char *accel)
{
  g_auto (GStrv) accels = gtk_application_get_accels_for_action (
    GTK_APPLICATION (shl_ui_test_app ()), action);
  return g_strv_contains ((const char *const *) accels, accel);
}

static void
assert_presenter_layout (ShlWindow *win)
{
  ShlPanelGrid *grid = SHL_PANEL_GRID (shl_window_get_grid (win));
  g_assert_true (shl_window_is_presenting (win));
  g_assert_true (gtk_widget_get_visible (shl_window_get_caption (win)));
  /* the sidebar is hidden (it is the first child of the window's box) */
  GtkWidget *box = gtk_window_get_child (GTK_WINDOW (win));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_first_child (box)));
  g_assert_false (shl_panel_grid_is_row (grid));
}

#ifdef SHL_HAVE_XTEST
/* ------------------------------------------------- real X input (XTest) */

static Display *
xdisplay (GtkWidget *w)
{
  GdkDisplay *d = gtk_widget_get_display (w);
  return GDK_IS_X11_DISPLAY (d) ? gdk_x11_display_get_xdisplay (d) : NULL;
}

/* move the pointer over the middle of widget */
static void
pointer_to (GtkWidget *widget)
{
  Display *dpy = xdisplay (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  double nx, ny, x, y;
  gtk_native_get_surface_transform (native, &nx, &ny);
  g_assert_true (gtk_widget_translate_coordinates (widget, GTK_WIDGET (native),
                                                   gtk_widget_get_width (widget) / 2.0,
                                                   gtk_widget_get_height (widget) / 2.0, &x, &y));
  Window xw = gdk_x11_surface_get_xid (gtk_native_get_surface (native)), child;
  int rx, ry;
  XTranslateCoordinates (dpy, xw, DefaultRootWindow (dpy), (int) (x + nx), (int) (y + ny), &rx, &ry,
                         &child);
  XTestFakeMotionEvent (dpy, -1, rx, ry, CurrentTime);
  XSync (dpy, False);
}

/* one notch of the wheel: button 5 turns it down */
static void
wheel_down (GtkWidget *widget)
{
  Display *dpy = xdisplay (widget);
  XTestFakeButtonEvent (dpy, 5, True, CurrentTime);
  XTestFakeButtonEvent (dpy, 5, False, CurrentTime);
  XSync (dpy, False);
}

static void
press_key (GtkWidget *widget, KeySym sym)
{
  Display *dpy = xdisplay (widget);
  KeyCode code = XKeysymToKeycode (dpy, sym);
  XTestFakeKeyEvent (dpy, code, True, CurrentTime);
  XTestFakeKeyEvent (dpy, code, False, CurrentTime);
  XSync (dpy, False);
}

static gboolean
have_xtest (GtkWidget *w)
{
  Display *dpy = xdisplay (w);
  int ev, err, major, minor;
  return dpy && XTestQueryExtension (dpy, &ev, &err, &major, &minor);
}
#endif

/* ------------------------------------------------------------- lessons */

static void
test_present_forward_back (void)
{
  ShlWindow *win = shl_ui_window_new (1280, 720);
  g_autoptr (GError) err = NULL;
  g_assert_true (accel_is ("sim.running", "space"));
  g_assert_true (shl_window_open_lesson (win, "p1", &err));
  g_assert_no_error (err);
  const ShlLesson *lesson = shl_window_get_lesson (win);
  guint n = shl_lesson_n_slides (lesson);
  g_assert_cmpuint (n, >=, 3);
  assert_presenter_layout (win);
  /* the clicker's keys move the slides; Return trains */
  g_assert_true (accel_is ("win.lesson-next", "Page_Down"));
  g_assert_true (accel_is ("win.lesson-next", "space"));
  g_assert_true (accel_is ("win.lesson-next", "Right"));
  g_assert_true (accel_is ("win.lesson-prev", "Page_Up"));
  g_assert_true (accel_is ("win.lesson-prev", "Left"));
  g_assert_true (accel_is ("win.lesson-leave", "Escape"));
  g_assert_true (accel_is ("sim.running", "Return"));
  g_assert_false (accel_is ("sim.running", "space"));
  g_assert_false (accel_is ("sim.step", "Right"));

  finish_slide (win, shl_lesson_get_slide (lesson, 0));
  assert_shows_slide (win, 0);
  for (guint k = 1; k < n; k++)
    {
      shl_ui_activate (win, "win.lesson-next");
      finish_slide (win, shl_lesson_get_slide (lesson, k));
      assert_shows_slide (win, k);
      shl_ui_assert_panels_not_blank (win);
    }
  /* past the end: nothing more */
  shl_ui_activate (win, "win.lesson-next");
  g_assert_cmpint (shl_window_get_slide (win), ==, (int) n - 1);
  for (guint k = n - 1; k-- > 0;)
    {
      shl_ui_activate (win, "win.lesson-prev");
      finish_slide (win, shl_lesson_get_slide (lesson, k));
      assert_shows_slide (win, k);
    }
  shl_ui_activate (win, "win.lesson-last");
  finish_slide (win, shl_lesson_get_slide (lesson, n - 1));
  assert_shows_slide (win, n - 1);
  shl_ui_activate (win, "win.lesson-first");
  finish_slide (win, shl_lesson_get_slide (lesson, 0));
  assert_shows_slide (win, 0);
  /* Ctrl+Z after Next: the state and the counter of the slide before;
   * Ctrl+Shift+Z: the next slide again (each key press is a dispatch of
   * its own: what one dispatch changes is one undo step) */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  shl_ui_activate (win, "win.lesson-next");
  finish_slide (win, shl_lesson_get_slide (lesson, 1));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  shl_ui_activate (win, "sim.undo");
  assert_shows_slide (win, 0);
  shl_ui_activate (win, "sim.redo");
  assert_shows_slide (win, 1);
  shl_ui_activate (win, "win.lesson-first");
  finish_slide (win, shl_lesson_get_slide (lesson, 0));

#ifdef SHL_HAVE_XTEST
  if (!have_xtest (GTK_WIDGET (win)))
    g_test_message ("the display has no XTest: the keys are not pressed");
  else
    {
      /* the keys themselves, as a clicker sends them */
      gtk_window_present (GTK_WINDOW (win));
      SHL_UI_WAIT_UNTIL (gtk_window_is_active (GTK_WINDOW (win)));
      press_key (GTK_WIDGET (win), XK_Next);
      SHL_UI_WAIT_UNTIL (shl_window_get_slide (win) == 1);
      finish_slide (win, shl_lesson_get_slide (lesson, 1));
      assert_shows_slide (win, 1);
      press_key (GTK_WIDGET (win), XK_space);
      SHL_UI_WAIT_UNTIL (shl_window_get_slide (win) == 2);
      press_key (GTK_WIDGET (win), XK_Prior);
      SHL_UI_WAIT_UNTIL (shl_window_get_slide (win) == 1);
      finish_slide (win, shl_lesson_get_slide (lesson, 1));
      assert_shows_slide (win, 1);
      press_key (GTK_WIDGET (win), XK_Escape);
      SHL_UI_WAIT_UNTIL (!shl_window_is_presenting (win));
    }
#endif
  shl_window_leave_presenter (win);
  g_assert_false (shl_window_is_presenting (win));
  g_assert_false (gtk_widget_get_visible (shl_window_get_caption (win)));
  g_assert_null (shl_caption_view_get_readouts (SHL_CAPTION_VIEW (shl_window_get_caption (win))));
  g_assert_true (accel_is ("sim.running", "space"));
  g_assert_true (accel_is ("sim.step", "Right"));
  g_assert_false (accel_is ("win.lesson-next", "space"));
  shl_ui_window_close (win);
}

/* slides from the live state, saved next to the lesson, come back */
static void
test_make_and_save (void)
{
  ShlWindow *win = shl_ui_window_new (1280, 800);
  ShlSim *sim = shl_window_get_sim (win);
  g_autoptr (GError) err = NULL;
  g_object_set (sim, "width", 5, "speed", 0.0, NULL);
  shl_sim_sync (sim);
  shl_ui_activate (win, "sim.step-many");
  shl_sim_sync (sim);
  shl_ui_activate (win, "win.maximize-panel(3)");
  ShlNet *first = shl_net_copy (shl_sim_get_scene (sim)->net);
  const char *lines1[] = { "A hundred steps.", "", NULL };
  g_assert_true (shl_window_add_slide (win, "First", lines1, 0, &err));
  g_assert_no_error (err);
  shl_ui_activate (win, "win.restore-panels");
  g_assert_true (shl_window_select_pathology (win, "p3"));
  shl_sim_sync (sim);
  const char *lines2[] = { "P3.", "Then 50 steps.", "Three lines.", NULL };
  g_assert_true (shl_window_add_slide (win, "Second", lines2, 50, &err));
  const char *none[] = { NULL };
  g_assert_false (shl_window_add_slide (win, "Third", none, 0, &err));
  g_assert_nonnull (err);
  g_clear_error (&err);

  /* the dialog opens over the window, with the next slide's title */
  GListModel *tops = gtk_window_get_toplevels ();   /* (transfer none) */
  guint before = g_list_model_get_n_items (tops);
  shl_ui_activate (win, "win.lesson-add-slide");
  SHL_UI_WAIT_UNTIL (g_list_model_get_n_items (tops) == before + 1);
  GtkWindow *dialog = NULL;
  for (guint k = 0; k < g_list_model_get_n_items (tops) && !dialog; k++)
    {
      GtkWindow *t = g_list_model_get_item (tops, k);
      if (gtk_window_get_transient_for (t) == GTK_WINDOW (win)
          && g_strcmp0 (gtk_window_get_title (t), "Add This View as a Slide") == 0)
        dialog = t;
      g_object_unref (t);
    }
  g_assert_nonnull (dialog);
  shl_ui_present (dialog);
  shl_ui_screenshot (dialog, "ui-add-slide-dialog.png");
  shl_ui_window_close (dialog);

  g_autofree char *path = g_build_filename (tmpdir, "made.json", NULL);
  g_assert_true (shl_window_save_lesson (win, path, &err));
  g_assert_no_error (err);
  g_autoptr (ShlLesson) back = shl_sim_load_lesson (path, &err);
  g_assert_no_error (err);
  g_assert_cmpstr (back->title, ==, "made");
  g_assert_cmpuint (shl_lesson_n_slides (back), ==, 2);
  ShlLessonSlide *s1 = shl_lesson_get_slide (back, 0), *s2 = shl_lesson_get_slide (back, 1);
  g_assert_cmpstr (s1->session, ==, "made-slides/slide-01.json");
  g_assert_cmpuint (s1->n_lines, ==, 1);
  g_assert_cmpuint (s2->n_lines, ==, 3);
  g_assert_false (s1->train);
  g_assert_true (s2->train);
  g_assert_cmpuint (s2->steps, ==, 50);
  shl_ui_window_close (win);

  /* a new window presents it: the run exactly, the maximised panel */
  win = shl_ui_window_new (1280, 800);
  sim = shl_window_get_sim (win);
  g_assert_true (shl_window_open_lesson (win, path, &err));
  g_assert_no_error (err);
  shl_sim_sync (sim);
  g_assert_cmpuint (shl_ui_sim_step (sim), ==, 100);
  const ShlNet *net = shl_sim_get_scene (sim)->net;
  g_assert_cmpmem (net->theta, net->n_params * sizeof (double), first->theta,
                   first->n_params * sizeof (double));
  SHL_UI_WAIT_UNTIL (shl_panel_grid_get_maximized (SHL_PANEL_GRID (shl_window_get_grid (win))) == 3);
  shl_ui_activate (win, "win.lesson-next");
  g_object_set (sim, "speed", 0.0, NULL);
  SHL_UI_WAIT_UNTIL (shl_ui_sim_step (sim) == 50 && !sim_running (sim));
  g_assert_nonnull (shl_sim_get_twin (sim));
  g_assert_cmpint (shl_panel_grid_get_maximized (SHL_PANEL_GRID (shl_window_get_grid (win))), ==, -1);
  shl_net_free (first);
  shl_ui_window_close (win);
}

/* The window's content at exactly width x height, as a fullscreen
 * window on a screen of that size has it. (No window manager runs under
 * the tests' X server, so nothing makes a window fullscreen there: the
 * size is asked for instead, plus what the window's own decorations
 * take.) */
static void
content_size (ShlWindow *win, int width, int height)
{
  GtkWidget *w = GTK_WIDGET (win);
  int dw, dh;
  gtk_window_get_default_size (GTK_WINDOW (win), &dw, &dh);
  int extra_w = MAX (dw - gtk_widget_get_width (w), 0);
  int extra_h = MAX (dh - gtk_widget_get_height (w), 0);
  gtk_window_set_default_size (GTK_WINDOW (win), width + extra_w, height + extra_h);
  SHL_UI_WAIT_UNTIL (gtk_widget_get_width (w) == width && gtk_widget_get_height (w) == height);
}

/* the presentation as a class sees it, at a projector's text size */
static void
screenshot_at (int width, int height, double scale, const char *lesson, int slide)
{
  ShlWindow *win = shl_ui_window_new (width, height);
  shl_window_set_plot_scale (win, scale);
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_window_open_lesson (win, lesson, &err));
  g_assert_no_error (err);
  g_assert_true (shl_window_go_to_slide (win, slide, &err));
  g_assert_no_error (err);
  const ShlLessonSlide *s = shl_lesson_get_slide (shl_window_get_lesson (win), (guint) slide);
  finish_slide (win, s);
  if (!gtk_window_is_fullscreen (GTK_WINDOW (win)))
    content_size (win, width, height);
  assert_presenter_layout (win);
  assert_shows_slide (win, (guint) slide);
  shl_ui_assert_panels_not_blank (win);
  g_autofree char *name = g_strdup_printf ("ui-lesson-%s-%d-%dx%d-text%.0f.png", lesson, slide + 1,
                                           width, height, 100 * scale);
  shl_ui_screenshot (win, name);
  shl_ui_window_close (win);
}

static void
test_screenshots (void)
{
  GdkMonitor *m = g_list_model_get_item (gdk_display_get_monitors (gdk_display_get_default ()), 0);
  GdkRectangle geo;
  gdk_monitor_get_geometry (m, &geo);
  g_object_unref (m);
  g_test_message ("screen %dx%d", geo.width, geo.height);
  if (geo.width < 1940 || geo.height < 1100)
    {
      /* meson runs this program on its own larger screen
       * (tests/ui/meson.build) */
      g_test_message ("the screen is %dx%d: no presentation screenshots", geo.width, geo.height);
      return;
    }
  screenshot_at (1280, 720, 1.0, "paper", 0);
  screenshot_at (1280, 720, 1.75, "paper", 0);
  screenshot_at (1280, 720, 1.75, "paper", 6);
  screenshot_at (1920, 1080, 1.75, "paper", 0);
  screenshot_at (1920, 1080, 1.75, "paper", 7);
  screenshot_at (1920, 1080, 2.5, "p4", 1);
  /* the scatter in place of the panels */
  g_autofree char *paper = shl_lessons_find_shipped ("paper");
  g_autoptr (ShlLesson) lesson = shl_sim_load_lesson (paper, NULL);
  for (guint k = 0; k < shl_lesson_n_slides (lesson); k++)
    if (shl_lesson_get_slide (lesson, k)->experiment)
      screenshot_at (1920, 1080, 1.75, "paper", (int) k);
}

/* ------------------------------------------------------------ controls */

static GtkWidget *
find_spin (GtkWidget *w)
{
  if (GTK_IS_SPIN_BUTTON (w))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *s = find_spin (c);
      if (s)
        return s;
    }
  return NULL;
}

static void
test_wheel (void)
{
#ifdef SHL_HAVE_XTEST
  ShlWindow *win = shl_ui_window_new (1280, 720);
  if (!have_xtest (GTK_WIDGET (win)))
    {
      shl_ui_window_close (win);
      g_test_skip ("the display has no XTest: no real wheel events");
      return;
    }
  GtkWidget *box = gtk_window_get_child (GTK_WINDOW (win));
  GtkWidget *sidebar = gtk_widget_get_first_child (box);
  g_assert_true (GTK_IS_SCROLLED_WINDOW (sidebar));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sidebar));
  SHL_UI_WAIT_UNTIL (gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj));
  /* the first spin button of the sidebar (Samples), not focused */
  GtkWidget *spin = find_spin (sidebar);
  g_assert_nonnull (spin);
  gtk_window_set_focus (GTK_WINDOW (win), NULL);
  gtk_window_present (GTK_WINDOW (win));
  SHL_UI_WAIT_UNTIL (gtk_window_is_active (GTK_WINDOW (win)));
  double value = gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin));
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);
  pointer_to (spin);
  wheel_down (spin);
  /* the sidebar scrolls, the value stays (whichever happens first: a
   * spin button that took the wheel fails at once) */
  SHL_UI_WAIT_UNTIL (gtk_adjustment_get_value (adj) > 0
                     || gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)) != value);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, value);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, 0);
  g_test_message ("one notch scrolled the sidebar by %.0f px", gtk_adjustment_get_value (adj));

  /* focused (clicked or tabbed to), the spin button takes the wheel */
  gtk_adjustment_set_value (adj, 0);
  SHL_UI_WAIT_UNTIL (gtk_widget_get_mapped (spin));
  shl_ui_wait_frame (GTK_WIDGET (win));
  g_assert_true (gtk_widget_grab_focus (spin));
  SHL_UI_WAIT_UNTIL (gtk_widget_get_state_flags (spin) & GTK_STATE_FLAG_FOCUS_WITHIN);
  pointer_to (spin);
  wheel_down (spin);
  SHL_UI_WAIT_UNTIL (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)) != value);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);
  shl_ui_window_close (win);
#else
  g_test_skip ("built without XTest (libxtst-dev): no real wheel events");
#endif
}

/* the first label with this CSS class below w */
static GtkWidget *
find_class (GtkWidget *w, const char *cls)
{
  if (gtk_widget_has_css_class (w, cls))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *f = find_class (c, cls);
      if (f)
        return f;
    }
  return NULL;
}

/* the height of a widget's text (its margins left out) */
static int
natural_height (GtkWidget *w)
{
  int min, nat;
  gtk_widget_measure (w, GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  return nat - gtk_widget_get_margin_top (w) - gtk_widget_get_margin_bottom (w);
}

static void
test_text_scale_and_width (void)
{
  ShlWindow *win = shl_ui_window_new (1280, 800);
  GtkWidget *box = gtk_window_get_child (GTK_WINDOW (win));
  GtkWidget *sidebar = gtk_widget_get_first_child (box);
  GtkWidget *readout = find_class (GTK_WIDGET (win), "readout");
  GtkWidget *heading = find_class (sidebar, "heading");
  g_assert_nonnull (readout);
  g_assert_nonnull (heading);
  int r1 = natural_height (readout), h1 = natural_height (heading);
  int w1 = gtk_widget_get_width (sidebar);

  /* the sidebar keeps its width while training changes every number */
  ShlSim *sim = shl_window_get_sim (win);
  g_assert_true (shl_window_select_pathology (win, "p1"));
  g_object_set (sim, "speed", 0.0, NULL);
  shl_ui_set_running (win, TRUE);
  SHL_UI_WAIT_UNTIL (shl_ui_sim_step (sim) > 3000);
  shl_ui_set_running (win, FALSE);
  shl_sim_sync (sim);
  shl_ui_wait_frame (GTK_WIDGET (win));
  g_assert_cmpint (gtk_widget_get_width (sidebar), ==, w1);

  shl_window_set_plot_scale (win, 1.75);
  shl_ui_wait_frame (GTK_WIDGET (win));
  int r2 = natural_height (readout), h2 = natural_height (heading);
  g_test_message ("readout %d -> %d px, sidebar heading %d -> %d px, sidebar %d -> %d px",
                  r1, r2, h1, h2, w1, gtk_widget_get_width (sidebar));
  g_assert_cmpint (r2, >, r1 * 3 / 2);
  g_assert_cmpint (h2, >, h1 * 3 / 2);
  SHL_UI_WAIT_UNTIL (gtk_widget_get_width (sidebar) > w1 * 3 / 2);
  shl_ui_screenshot (win, "ui-text-scale-1.75-1280x800.png");
  shl_ui_window_close (win);
}

/* F9 hides the sidebar; at 1280x720 the panels stay a 2x2 grid */
static void
test_f9_keeps_grid (void)
{
  ShlWindow *win = shl_ui_window_new (1280, 720);
  ShlPanelGrid *grid = SHL_PANEL_GRID (shl_window_get_grid (win));
  int before = gtk_widget_get_width (GTK_WIDGET (grid));
  shl_ui_activate (win, "win.toggle-sidebar");
  SHL_UI_WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (grid)) > before);
  g_assert_false (shl_panel_grid_is_row (grid));
  GtkWidget *land = shl_window_get_panel (win, 2);
  g_assert_cmpint (gtk_widget_get_width (land), >, 500);
  shl_window_set_plot_scale (win, 1.75);
  shl_ui_wait_frame (GTK_WIDGET (win));
  g_assert_false (shl_panel_grid_is_row (grid));
  shl_ui_screenshot (win, "ui-f9-1280x720.png");
  shl_ui_window_close (win);
}

/* the shortcuts window (with the presenter's keys and the double click)
 * opens and draws */
static void
test_shortcuts_window (void)
{
  ShlWindow *win = shl_ui_window_new (1280, 800);
  GtkShortcutsWindow *help = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (win));
  g_assert_nonnull (help);
  shl_ui_present (help);
  shl_ui_screenshot (help, "ui-shortcuts.png");
  gtk_window_close (GTK_WINDOW (help));
  shl_ui_window_close (win);
}

static void
test_pace_and_tooltips (void)
{
  ShlWindow *win = shl_ui_window_new (1280, 800);
  ShlSim *sim = shl_window_get_sim (win);
  double speed;
  g_object_get (sim, "speed", &speed, NULL);
  g_assert_cmpfloat (speed, >=, 100);
  g_assert_cmpfloat (speed, <=, 1000);
  g_autofree char *pace = NULL;
  g_object_get (win, "pace", &pace, NULL);
  g_assert_cmpstr (pace, ==, "normal");
  shl_ui_activate (win, "win.pace('fast')");
  g_object_get (sim, "speed", &speed, NULL);
  g_assert_cmpfloat (speed, ==, 0);
  shl_ui_activate (win, "win.pace('slow')");
  g_object_get (sim, "speed", &speed, NULL);
  g_assert_cmpfloat (speed, ==, 30);
  /* the sidebar's slider sets the same property: another pace */
  g_object_set (sim, "speed", 1000.0, NULL);
  g_free (pace);
  g_object_get (win, "pace", &pace, NULL);
  g_assert_cmpstr (pace, ==, "custom");
  /* training at the slow pace moves, but slowly (printed, not asserted) */
  shl_ui_activate (win, "win.pace('normal')");
  shl_ui_set_running (win, TRUE);
  SHL_UI_WAIT_UNTIL (shl_ui_sim_step (sim) >= 30);
  shl_ui_set_running (win, FALSE);
  for (int k = 0; k < 4; k++)
    g_assert_null (gtk_widget_get_tooltip_text (shl_window_get_panel (win, k)));
  shl_ui_window_close (win);
}

/* ------------------------------------------------------- command line */

typedef struct {
  const char *file;      /* a session the command line opens, or NULL */
  gboolean    lesson;
  double      scale;
  int         step;      /* the session's */
  gboolean    checked;
} CmdCheck;

static gboolean
check_started (gpointer data)
{
  CmdCheck *c = data;
  GApplication *app = g_application_get_default ();
  GtkWindow *w = gtk_application_get_active_window (GTK_APPLICATION (app));
  SHL_UI_WAIT_UNTIL (w && gtk_widget_get_mapped (GTK_WIDGET (w)));
  ShlWindow *win = SHL_WINDOW (w);
  c->scale = shl_window_get_plot_scale (win);
  shl_sim_sync (shl_window_get_sim (win));
  c->step = (int) shl_ui_sim_step (shl_window_get_sim (win));
  c->lesson = shl_window_is_presenting (win);
  c->checked = TRUE;
  gtk_window_destroy (w);
  return G_SOURCE_REMOVE;
}

/* `shallows ARGS…` in this process: a new application instance */
static CmdCheck
run_command_line (const char *const *args)
{
  CmdCheck c = { 0 };
  ShlApplication *app = shl_application_new ();
  g_application_set_default (G_APPLICATION (app));
  g_idle_add (check_started, &c);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) "shallows");
  for (guint k = 0; args[k]; k++)
    g_ptr_array_add (argv, (char *) args[k]);
  g_ptr_array_add (argv, NULL);
  int status = g_application_run (G_APPLICATION (app), (int) argv->len - 1, (char **) argv->pdata);
  g_assert_cmpint (status, ==, 0);
  g_application_set_default (G_APPLICATION (shl_ui_test_app ()));
  g_object_unref (app);
  g_assert_true (c.checked);
  return c;
}

/* `shallows --text-scale 1.75 SESSION.json` opens the session at that
 * text size (it was ignored with a file), and so does --lesson */
static void
test_text_scale_with_file (void)
{
  ShlWindow *win = shl_ui_window_new (800, 600);
  ShlSim *sim = shl_window_get_sim (win);
  shl_ui_activate (win, "sim.step-many");
  shl_sim_sync (sim);
  g_autofree char *path = g_build_filename (tmpdir, "session.json", NULL);
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_window_save_session (win, path, &err));
  g_assert_no_error (err);
  shl_ui_window_close (win);

  const char *with_file[] = { "--text-scale", "1.75", path, NULL };
  CmdCheck c = run_command_line (with_file);
  g_assert_cmpfloat (c.scale, ==, 1.75);
  g_assert_cmpint (c.step, ==, 100);
  g_assert_false (c.lesson);

  const char *with_lesson[] = { "--text-scale", "2", "--lesson", "p4", NULL };
  c = run_command_line (with_lesson);
  g_assert_cmpfloat (c.scale, ==, 2);
  g_assert_true (c.lesson);
}

int
main (int argc, char **argv)
{
  shl_ui_test_init (&argc, &argv);
  tmpdir = g_dir_make_tmp ("shl-ui-lessons-XXXXXX", NULL);
  g_test_add_func ("/lessons/present-forward-back", test_present_forward_back);
  g_test_add_func ("/lessons/make-and-save", test_make_and_save);
  g_test_add_func ("/lessons/screenshots", test_screenshots);
  g_test_add_func ("/controls/wheel", test_wheel);
  g_test_add_func ("/controls/text-scale-and-width", test_text_scale_and_width);
  g_test_add_func ("/controls/f9-keeps-grid", test_f9_keeps_grid);
  g_test_add_func ("/controls/pace-and-tooltips", test_pace_and_tooltips);
  g_test_add_func ("/controls/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/controls/text-scale-with-file", test_text_scale_with_file);
  int rc = shl_ui_test_run ();
  g_free (tmpdir);
  return rc;
}
