/* shl-text.h: Pango text for the plots (internal to ui/render).
 *
 * One ShlText per draw: a PangoContext at 72 dpi with absolute font sizes
 * in user units, grey antialiasing and UNHINTED metrics, so a layout
 * measures the same on screen, in PDF/SVG and in PNG; it can measure
 * without a cairo_t. Markup that does not parse is shown as plain text. */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "shl-plot-style.h"

G_BEGIN_DECLS

typedef enum {
  SHL_FONT_TITLE,
  SHL_FONT_LABEL,
  SHL_FONT_TICK,
  SHL_FONT_TEXT,
  SHL_N_FONTS,
} ShlFont;

typedef struct {
  PangoContext *context;
  PangoFontDescription *fonts[SHL_N_FONTS];
  /* ink extent of the digit "0" in each font, relative to the baseline:
   * top (negative, above) and bottom */
  double digit_top[SHL_N_FONTS];
} ShlText;

/* style must be already scaled (sizes final). */
ShlText     *shl_text_new      (const ShlPlotStyle *style, gboolean hinting);
void         shl_text_free     (ShlText *text);
PangoLayout *shl_text_layout   (ShlText *text, ShlFont font,
                                const char *markup);
/* Logical size and baseline (distance from the top) in user units. */
void         shl_text_extents  (PangoLayout *layout, double *width,
                                double *height, double *baseline);
/* Draws layout with its top-left corner at (x, y) in the current
 * colour. */
void         shl_text_show     (cairo_t *cr, PangoLayout *layout, double x,
                                double y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlText, shl_text_free)

G_END_DECLS
