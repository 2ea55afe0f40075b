/* shl-plot-view.h: one panel on screen.
 *
 * A widget that draws itself through a callback (the same
 * ui/render code that export and the headless CLI use) and reports a
 * double click, which the panel grid uses to maximise and restore it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SHL_TYPE_PLOT_VIEW (shl_plot_view_get_type ())
G_DECLARE_FINAL_TYPE (ShlPlotView, shl_plot_view, SHL, PLOT_VIEW, GtkWidget)

typedef void (*ShlPlotDrawFunc) (cairo_t *cr, int width, int height,
                                 gboolean dark, double scale,
                                 gpointer user_data);

GtkWidget  *shl_plot_view_new        (const char *name, ShlPlotDrawFunc func,
                                      gpointer user_data);
const char *shl_plot_view_get_name   (ShlPlotView *view);
void        shl_plot_view_set_scale  (ShlPlotView *view, double scale);
double      shl_plot_view_get_scale  (ShlPlotView *view);
/* time the last draw took, in microseconds */
gint64      shl_plot_view_last_draw_us (ShlPlotView *view);
/* render the view into an image surface of its current size (tests) */
cairo_surface_t *shl_plot_view_snapshot_image (ShlPlotView *view);

G_END_DECLS
