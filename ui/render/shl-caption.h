/* shl-caption.h: a lesson slide's caption, drawn large.
 *
 * A band with the slide's title (bold), its one to three lines (wrapped
 * to the width), at the right of the title a status ("step 3 000")
 * and a slide counter ("3 / 12"), and optionally a row of readouts under
 * the lines. The title leaves room for a status of
 * up to eight digits, so the band keeps its height while the step grows. The
 * presenter mode on screen and `shallows-cli lesson` draw it with the
 * same function, above the panels. Lengths are user units multiplied by
 * the style's scale, as for plots: text sizes follow the plot text size.
 *
 * cairo + pango, no GTK. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "shl-plot-style.h"
#include "shl-rect.h"

G_BEGIN_DECLS

#define SHL_CAPTION_MAX_LINES 3

typedef struct {
  const char *title;
  const char *lines[SHL_CAPTION_MAX_LINES];
  guint       n_lines;
  const char *counter;   /* "3 / 12", or NULL */
  const char *status;    /* "step 3 000", or NULL */
  /* a row under the lines, in the status' colour: the key readouts while
   * presenting ("nearest parametrization of g (d_fib) 0.333 · functions
   * apart (sup) 0.01"), or NULL */
  const char *readouts;
} ShlCaption;

/* "step 1 234 567" (thin spaces between thousands); g_free it */
char  *shl_caption_format_step (guint64 step);
/* The height the caption takes at this width (user units). */
double shl_caption_height (const ShlCaption *caption, const ShlPlotStyle *style,
                           double width);
/* Draw it filling area (the band's background in the style's). */
void   shl_caption_draw   (cairo_t *cr, const ShlCaption *caption,
                           const ShlPlotStyle *style, const ShlRect *area);

G_END_DECLS
