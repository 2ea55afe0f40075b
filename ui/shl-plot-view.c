/* shl-plot-view.c: a panel that draws with ui/render. */
#include "shl-plot-view.h"

struct _ShlPlotView {
  GtkWidget        parent_instance;
  char            *name;
  ShlPlotDrawFunc  func;
  gpointer         user_data;
  double           scale;
  gint64           last_draw_us;
};

G_DEFINE_FINAL_TYPE (ShlPlotView, shl_plot_view, GTK_TYPE_WIDGET)

enum { SIG_ACTIVATE, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
is_dark (GtkWidget *widget)
{
  /* the theme's text colour tells light from dark (GTK 4.8 has no
   * gtk_widget_get_color) */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GdkRGBA fg;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
}

static void
shl_plot_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  ShlPlotView *self = SHL_PLOT_VIEW (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  if (w <= 0 || h <= 0 || !self->func)
    return;
  gint64 t0 = g_get_monotonic_time ();
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  self->func (cr, w, h, is_dark (widget), self->scale, self->user_data);
  cairo_destroy (cr);
  self->last_draw_us = g_get_monotonic_time () - t0;
}

static void
on_pressed (GtkGestureClick *g, int n_press, double x, double y, gpointer data)
{
  if (n_press == 2)
    g_signal_emit (data, signals[SIG_ACTIVATE], 0);
}

static void
shl_plot_view_finalize (GObject *object)
{
  ShlPlotView *self = SHL_PLOT_VIEW (object);
  g_free (self->name);
  G_OBJECT_CLASS (shl_plot_view_parent_class)->finalize (object);
}

static void
shl_plot_view_measure (GtkWidget *widget, GtkOrientation orientation,
                       int for_size, int *min, int *nat, int *min_base,
                       int *nat_base)
{
  *min = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 150;
  *nat = orientation == GTK_ORIENTATION_HORIZONTAL ? 420 : 320;
  *min_base = *nat_base = -1;
}

static void
shl_plot_view_class_init (ShlPlotViewClass *klass)
{
  GObjectClass *oc = G_OBJECT_CLASS (klass);
  GtkWidgetClass *wc = GTK_WIDGET_CLASS (klass);
  oc->finalize = shl_plot_view_finalize;
  wc->snapshot = shl_plot_view_snapshot;
  wc->measure = shl_plot_view_measure;
  signals[SIG_ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
  gtk_widget_class_set_css_name (wc, "plotview");
  gtk_widget_class_set_accessible_role (wc, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
shl_plot_view_init (ShlPlotView *self)
{
  self->scale = 1.0;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
shl_plot_view_new (const char *name, ShlPlotDrawFunc func, gpointer user_data)
{
  g_return_val_if_fail (name != NULL, NULL);
  ShlPlotView *self = g_object_new (SHL_TYPE_PLOT_VIEW, NULL);
  self->name = g_strdup (name);
  self->func = func;
  self->user_data = user_data;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  /* no tooltip: it would cover the plot whenever the pointer rests on
   * it; the double click is in the shortcuts window */
  return GTK_WIDGET (self);
}

const char *
shl_plot_view_get_name (ShlPlotView *self)
{
  g_return_val_if_fail (SHL_IS_PLOT_VIEW (self), NULL);
  return self->name;
}

void
shl_plot_view_set_scale (ShlPlotView *self, double scale)
{
  g_return_if_fail (SHL_IS_PLOT_VIEW (self));
  g_return_if_fail (scale > 0);
  self->scale = scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
shl_plot_view_get_scale (ShlPlotView *self)
{
  g_return_val_if_fail (SHL_IS_PLOT_VIEW (self), 1.0);
  return self->scale;
}

gint64
shl_plot_view_last_draw_us (ShlPlotView *self)
{
  g_return_val_if_fail (SHL_IS_PLOT_VIEW (self), 0);
  return self->last_draw_us;
}

cairo_surface_t *
shl_plot_view_snapshot_image (ShlPlotView *self)
{
  g_return_val_if_fail (SHL_IS_PLOT_VIEW (self), NULL);
  GtkWidget *w = GTK_WIDGET (self);
  int width = MAX (gtk_widget_get_width (w), 1), height = MAX (gtk_widget_get_height (w), 1);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (s);
  if (self->func)
    self->func (cr, width, height, is_dark (w), self->scale, self->user_data);
  cairo_destroy (cr);
  return s;
}
