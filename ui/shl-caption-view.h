/* shl-caption-view.h: a lesson slide's caption on screen.
 *
 * Draws the caption band with ui/render (shl-caption.h), the same code
 * `shallows-cli lesson` draws handouts with; as tall as the caption needs
 * at the widget's width, in the light or dark style of the theme, at the
 * plot text scale. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SHL_TYPE_CAPTION_VIEW (shl_caption_view_get_type ())
G_DECLARE_FINAL_TYPE (ShlCaptionView, shl_caption_view, SHL, CAPTION_VIEW, GtkWidget)

GtkWidget  *shl_caption_view_new       (void);
/* the caption: a title, up to three lines, a counter ("3 / 12") */
void        shl_caption_view_set       (ShlCaptionView *view, const char *title,
                                        const char *const *lines, guint n_lines,
                                        const char *counter);
void        shl_caption_view_set_scale (ShlCaptionView *view, double scale);
/* the status at the right ("step 3 000"), or NULL */
void        shl_caption_view_set_status (ShlCaptionView *view, const char *status);
/* a row of readouts under the lines (the key twin distances while
 * presenting), or NULL */
void        shl_caption_view_set_readouts (ShlCaptionView *view,
                                           const char *readouts);
const char *shl_caption_view_get_readouts (ShlCaptionView *view);
const char *shl_caption_view_get_status (ShlCaptionView *view);
const char *shl_caption_view_get_title (ShlCaptionView *view);
const char *shl_caption_view_get_counter (ShlCaptionView *view);

G_END_DECLS
