/* shl-caption-view.c: a slide's caption on screen (see shl-caption-view.h). */
#include "shl-caption-view.h"

#include <math.h>
#include <string.h>

#include "shl-caption.h"

#define MIN_WRAP_WIDTH 960

struct _ShlCaptionView {
  GtkWidget parent_instance;
  char     *title;
  char     *lines[SHL_CAPTION_MAX_LINES];
  guint     n_lines;
  char     *counter;
  char     *status;
  char     *readouts;
  double    scale;
};

G_DEFINE_FINAL_TYPE (ShlCaptionView, shl_caption_view, GTK_TYPE_WIDGET)

static gboolean
is_dark (GtkWidget *widget)
{
  /* as ShlPlotView: the theme's text colour tells light from dark */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GdkRGBA fg;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
}

static void
fill (ShlCaptionView *self, ShlCaption *c, ShlPlotStyle *style, gboolean dark)
{
  *c = (ShlCaption) { self->title ? self->title : "", { NULL }, self->n_lines, self->counter,
                      self->status, self->readouts };
  for (guint k = 0; k < self->n_lines; k++)
    c->lines[k] = self->lines[k];
  shl_plot_style_init (style, dark ? SHL_STYLE_SCREEN_DARK : SHL_STYLE_SCREEN_LIGHT);
  style->scale = self->scale;
}

static void
shl_caption_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                          int *min, int *nat, int *min_base, int *nat_base)
{
  ShlCaptionView *self = SHL_CAPTION_VIEW (widget);
  *min_base = *nat_base = -1;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *min = 100;
      *nat = 600;
      return;
    }
  ShlCaption c;
  ShlPlotStyle style;
  fill (self, &c, &style, FALSE);
  /* The window takes its minimum height for its minimum width, where a
   * caption wrapped to a narrow column would be very tall and would hold
   * the window taller than a 720-line screen: below MIN_WRAP_WIDTH the
   * caption is measured as if it had that width (the presenter mode is
   * fullscreen, wider than that) */
  double width = MAX (for_size, MIN_WRAP_WIDTH);
  *min = *nat = (int) ceil (shl_caption_height (&c, &style, width));
}

static GtkSizeRequestMode
shl_caption_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
shl_caption_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  ShlCaptionView *self = SHL_CAPTION_VIEW (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  if (w <= 0 || h <= 0)
    return;
  ShlCaption c;
  ShlPlotStyle style;
  fill (self, &c, &style, is_dark (widget));
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  shl_caption_draw (cr, &c, &style, &(ShlRect) { 0, 0, w, h });
  cairo_destroy (cr);
}

static void
clear (ShlCaptionView *self)
{
  g_clear_pointer (&self->title, g_free);
  for (guint k = 0; k < self->n_lines; k++)
    g_clear_pointer (&self->lines[k], g_free);
  self->n_lines = 0;
  g_clear_pointer (&self->counter, g_free);
}

static void
shl_caption_view_finalize (GObject *object)
{
  clear (SHL_CAPTION_VIEW (object));
  g_free (SHL_CAPTION_VIEW (object)->status);
  g_free (SHL_CAPTION_VIEW (object)->readouts);
  G_OBJECT_CLASS (shl_caption_view_parent_class)->finalize (object);
}

static void
shl_caption_view_class_init (ShlCaptionViewClass *klass)
{
  GObjectClass *oc = G_OBJECT_CLASS (klass);
  GtkWidgetClass *wc = GTK_WIDGET_CLASS (klass);
  oc->finalize = shl_caption_view_finalize;
  wc->measure = shl_caption_view_measure;
  wc->get_request_mode = shl_caption_view_get_request_mode;
  wc->snapshot = shl_caption_view_snapshot;
  gtk_widget_class_set_css_name (wc, "captionview");
  gtk_widget_class_set_accessible_role (wc, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
shl_caption_view_init (ShlCaptionView *self)
{
  self->scale = 1.0;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
shl_caption_view_new (void)
{
  return g_object_new (SHL_TYPE_CAPTION_VIEW, NULL);
}

void
shl_caption_view_set (ShlCaptionView *self, const char *title, const char *const *lines,
                      guint n_lines, const char *counter)
{
  g_return_if_fail (SHL_IS_CAPTION_VIEW (self));
  clear (self);
  self->title = g_strdup (title);
  self->n_lines = MIN (n_lines, SHL_CAPTION_MAX_LINES);
  for (guint k = 0; k < self->n_lines; k++)
    self->lines[k] = g_strdup (lines[k]);
  self->counter = g_strdup (counter);
  g_autoptr (GString) text = g_string_new (title);
  for (guint k = 0; k < self->n_lines; k++)
    g_string_append_printf (text, "\n%s", lines[k]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text->str, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
shl_caption_view_set_scale (ShlCaptionView *self, double scale)
{
  g_return_if_fail (SHL_IS_CAPTION_VIEW (self));
  g_return_if_fail (scale > 0);
  self->scale = scale;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
shl_caption_view_set_status (ShlCaptionView *self, const char *status)
{
  g_return_if_fail (SHL_IS_CAPTION_VIEW (self));
  if (g_strcmp0 (status, self->status) == 0)
    return;
  gboolean resize = !self->status != !status;
  g_free (self->status);
  self->status = g_strdup (status);
  /* the title leaves room for any step: a new size only when a status
   * comes or goes */
  if (resize)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
shl_caption_view_set_readouts (ShlCaptionView *self, const char *readouts)
{
  g_return_if_fail (SHL_IS_CAPTION_VIEW (self));
  if (g_strcmp0 (readouts, self->readouts) == 0)
    return;
  /* a new height only when the row comes or goes (or wraps otherwise:
   * measured again either way, cheap) */
  gboolean resize = !self->readouts != !readouts
                    || (readouts && self->readouts && strlen (readouts) != strlen (self->readouts));
  g_free (self->readouts);
  self->readouts = g_strdup (readouts);
  if (resize)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
shl_caption_view_get_readouts (ShlCaptionView *self)
{
  g_return_val_if_fail (SHL_IS_CAPTION_VIEW (self), NULL);
  return self->readouts;
}

const char *
shl_caption_view_get_status (ShlCaptionView *self)
{
  g_return_val_if_fail (SHL_IS_CAPTION_VIEW (self), NULL);
  return self->status;
}

const char *
shl_caption_view_get_title (ShlCaptionView *self)
{
  g_return_val_if_fail (SHL_IS_CAPTION_VIEW (self), NULL);
  return self->title;
}

const char *
shl_caption_view_get_counter (ShlCaptionView *self)
{
  g_return_val_if_fail (SHL_IS_CAPTION_VIEW (self), NULL);
  return self->counter;
}
