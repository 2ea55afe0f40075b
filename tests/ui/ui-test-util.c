/* ui-test-util.c: waiting, windows, actions and checks for the UI tests. */
#include "ui-test-util.h"

#include <math.h>

#include "shl-plot-view.h"

static ShlApplication *test_app;

/* fail the running test, reporting the test's own line */
G_GNUC_PRINTF (2, 3) static void
fail_at (ShlUiWhere where, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_assertion_message (G_LOG_DOMAIN, where.file, where.line, where.func, msg);
}

/* ---------------------------------------------------------- the program */

void
shl_ui_test_init (int *argc, char ***argv)
{
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      exit (77);
    }
  test_app = shl_application_new ();
  /* startup (actions, accelerators, CSS) without a main loop of its own */
  g_application_register (G_APPLICATION (test_app), NULL, NULL);
}

ShlApplication *
shl_ui_test_app (void)
{
  return test_app;
}

int
shl_ui_test_run (void)
{
  int rc = g_test_run ();
  g_clear_object (&test_app);
  return rc;
}

/* ------------------------------------------------------------- waiting */

struct _ShlUiWaiter {
  ShlUiWhere  where;
  const char *what;
  gint64      start;
  gint64      deadline;
  guint       wake_id;
};

static double
hang_guard_seconds (void)
{
  const char *s = g_getenv ("SHL_UI_HANG_GUARD");
  double v = s ? g_ascii_strtod (s, NULL) : 0;
  /* never under a minute: it guards against hangs, not against slowness */
  return v >= 60 ? v : SHL_UI_HANG_GUARD_S;
}

static gboolean
wake (gpointer data)
{
  /* nothing to do: it only makes a blocking iteration return, so that a
   * condition another thread changes and the hang guard are looked at */
  return G_SOURCE_CONTINUE;
}

ShlUiWaiter *
shl_ui_waiter_new (ShlUiWhere where, const char *what)
{
  ShlUiWaiter *w = g_new0 (ShlUiWaiter, 1);
  w->where = where;
  w->what = what;
  w->start = g_get_monotonic_time ();
  w->deadline = w->start + (gint64) (hang_guard_seconds () * G_USEC_PER_SEC);
  w->wake_id = g_timeout_add (5, wake, NULL);
  return w;
}

void
shl_ui_waiter_iterate (ShlUiWaiter *w)
{
  if (g_get_monotonic_time () > w->deadline)
    {
      double waited = (double) (g_get_monotonic_time () - w->start) / G_USEC_PER_SEC;
      /* with non-fatal assertions the test goes on: stop waiting */
      w->deadline = G_MAXINT64;
      fail_at (w->where, "still waiting for %s after %.0f s (hang guard)", w->what, waited);
      return;
    }
  g_main_context_iteration (NULL, TRUE);
}

double
shl_ui_waiter_free (ShlUiWaiter *w)
{
  double s = (double) (g_get_monotonic_time () - w->start) / G_USEC_PER_SEC;
  g_source_remove (w->wake_id);
  g_free (w);
  return s;
}

static void
count_frames (GdkPaintable *paintable, gpointer data)
{
  (*(guint *) data)++;
}

/* A widget paintable shows the render node GTK made for the widget in its
 * last frame and says so (invalidate-contents) each time there is a new
 * one. Its picture covers the widget's bounds, which for a window with
 * client-side decorations reach beyond the allocation: the picture is taken
 * at its own size (no scaling) and the allocation cut out of it. */
typedef struct {
  GtkWidget      *widget;
  GdkPaintable   *paintable;
  guint           frames;     /* new pictures since the last look */
  GskRenderNode  *node;
  graphene_rect_t area;       /* the allocation in the node's coordinates */
} Picture;

static gboolean
take_picture (Picture *p)
{
  if (p->frames == 0)
    return FALSE;
  p->frames = 0;
  graphene_rect_t b;
  if (gtk_widget_compute_bounds (p->widget, p->widget, &b)
      && gdk_paintable_get_intrinsic_width (p->paintable) == (int) ceilf (b.size.width)
      && gdk_paintable_get_intrinsic_height (p->paintable) == (int) ceilf (b.size.height))
    {
      GtkSnapshot *snap = gtk_snapshot_new ();
      gdk_paintable_snapshot (p->paintable, snap, b.size.width, b.size.height);
      p->node = gtk_snapshot_free_to_node (snap);
      p->area = GRAPHENE_RECT_INIT (-b.origin.x, -b.origin.y, gtk_widget_get_width (p->widget),
                                    gtk_widget_get_height (p->widget));
    }
  if (p->node)
    return TRUE;
  /* a relayout can hand the paintable an empty or outdated picture before
   * the frame that draws the widget anew: wait for that one */
  gtk_widget_queue_draw (p->widget);
  return FALSE;
}

/* Redraw widget and wait for GTK's new picture of it at its current size;
 * NULL only after a (non-fatal) hang-guard failure. */
static GskRenderNode *
new_picture (ShlUiWhere where, GtkWidget *widget, graphene_rect_t *area)
{
  Picture p = { .widget = widget, .paintable = gtk_widget_paintable_new (widget) };
  gulong id = g_signal_connect (p.paintable, "invalidate-contents",
                                G_CALLBACK (count_frames), &p.frames);
  gtk_widget_queue_draw (widget);
  SHL_UI_WAIT_UNTIL_AT (where, "a new frame of the widget", take_picture (&p));
  g_signal_handler_disconnect (p.paintable, id);
  g_object_unref (p.paintable);
  *area = p.area;
  return p.node;
}

void
shl_ui_wait_frame_at (ShlUiWhere where, GtkWidget *widget)
{
  graphene_rect_t area;
  GskRenderNode *node = new_picture (where, widget, &area);
  if (node)
    gsk_render_node_unref (node);
}

/* --------------------------------------------------------------- windows */

void
shl_ui_present_at (ShlUiWhere where, GtkWindow *window)
{
  GtkWidget *w = GTK_WIDGET (window);
  gtk_window_present (window);
  SHL_UI_WAIT_UNTIL_AT (where, "the window to be mapped and allocated",
                        gtk_widget_get_mapped (w) && gtk_widget_get_width (w) > 0);
  shl_ui_wait_frame_at (where, w);
}

ShlWindow *
shl_ui_window_new_at (ShlUiWhere where, int width, int height)
{
  ShlWindow *win = shl_window_new (GTK_APPLICATION (test_app));
  GtkWidget *w = GTK_WIDGET (win);
  gtk_window_set_default_size (GTK_WINDOW (win), width, height);
  gtk_window_present (GTK_WINDOW (win));
  /* the size is the window manager's to give (Xvfb: at most the screen),
   * so the test waits for an allocation, not for a number */
  SHL_UI_WAIT_UNTIL_AT (where, "the window to be mapped and allocated",
                        gtk_widget_get_mapped (w) && gtk_widget_get_width (w) > 0);
  SHL_UI_WAIT_UNTIL_AT (where, "the panels' first frame",
                        shl_window_get_first_frame_time (win) != 0);
  shl_sim_sync (shl_window_get_sim (win));
  return win;
}

void
shl_ui_window_close_at (ShlUiWhere where, GtkWindow *window)
{
  gpointer alive = window;
  g_object_add_weak_pointer (G_OBJECT (window), &alive);
  gtk_window_destroy (window);
  SHL_UI_WAIT_UNTIL_AT (where, "the window to be finalized", alive == NULL);
}

/* ------------------------------------------------------------- actions */

void
shl_ui_activate_at (ShlUiWhere where, GtkWidget *widget, const char *detailed_name)
{
  g_autofree char *name = NULL;
  g_autoptr (GVariant) target = NULL;
  g_autoptr (GError) err = NULL;
  if (!g_action_parse_detailed_name (detailed_name, &name, &target, &err))
    fail_at (where, "action \"%s\": %s", detailed_name, err->message);
  else if (!gtk_widget_activate_action_variant (widget, name, target))
    fail_at (where, "no action \"%s\" for a %s", detailed_name, G_OBJECT_TYPE_NAME (widget));
}

void
shl_ui_set_running (ShlWindow *window, gboolean on)
{
  g_action_group_change_action_state (shl_sim_get_actions (shl_window_get_sim (window)),
                                      "running", g_variant_new_boolean (on));
}

guint64
shl_ui_sim_step (ShlSim *sim)
{
  guint64 s;
  g_object_get (sim, "step", &s, NULL);
  return s;
}

double
shl_ui_sim_loss (ShlSim *sim)
{
  double l;
  g_object_get (sim, "loss-value", &l, NULL);
  return l;
}

/* ------------------------------------------------------------- checks */

void
shl_ui_screenshot_at (ShlUiWhere where, GtkWidget *window, const char *name)
{
  graphene_rect_t area;
  GskRenderNode *node = new_picture (where, window, &area);
  if (!node)
    return;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  GdkTexture *tex = gsk_renderer_render_texture (renderer, node, &area);
  const char *dir = g_getenv ("SHL_BUILD_DIR");
  g_autofree char *path = g_build_filename (dir ? dir : ".", name, NULL);
  if (!gdk_texture_save_to_png (tex, path))
    fail_at (where, "screenshot %s: could not write %s", name, path);
  else
    g_test_message ("screenshot: %s (%dx%d)", path, gdk_texture_get_width (tex),
                    gdk_texture_get_height (tex));
  g_object_unref (tex);
  gsk_render_node_unref (node);
}

void
shl_ui_assert_panels_not_blank_at (ShlUiWhere where, ShlWindow *window)
{
  for (int k = 0; k < 4; k++)
    {
      ShlPlotView *view = SHL_PLOT_VIEW (shl_window_get_panel (window, k));
      if (!gtk_widget_get_child_visible (GTK_WIDGET (view)))
        continue;
      cairo_surface_t *s = shl_plot_view_snapshot_image (view);
      cairo_surface_flush (s);
      int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
      int stride = cairo_image_surface_get_stride (s);
      const guint8 *px = cairo_image_surface_get_data (s);
      long differ = 0;
      if (px && w > 0 && h > 0)
        {
          guint32 corner = *(const guint32 *) px;
          for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
              differ += *(const guint32 *) (px + y * stride + 4 * x) != corner;
        }
      double frac = w > 0 && h > 0 ? (double) differ / ((double) w * h) : 0;
      cairo_surface_destroy (s);
      if (frac < 0.02)
        fail_at (where, "panel %s is blank (%.3f%% of %dx%d pixels drawn)",
                 shl_plot_view_get_name (view), 100 * frac, w, h);
    }
}
