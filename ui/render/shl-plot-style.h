/* shl-plot-style.h: the look of a plot, independent of its data.
 *
 * Every length is in cairo user units: logical pixels on screen, points
 * (1/72 in) in PDF/SVG/PNG export, and is multiplied by `scale` when drawn
 * (e.g. 1.5 for a projector). Font sizes are absolute: a 9-unit font is
 * 9 pt in a PDF and 9 logical px on screen. */
#pragma once

#include <glib.h>

#include "shl-color.h"

G_BEGIN_DECLS

typedef enum {
  SHL_STYLE_SCREEN_LIGHT,
  SHL_STYLE_SCREEN_DARK,
  SHL_STYLE_PAPER,
} ShlStylePreset;

typedef struct {
  char font_family[96];   /* Pango family list, e.g. "DejaVu Sans, sans" */
  double title_size;      /* font sizes */
  double label_size;      /* axis labels, colour-bar label */
  double tick_size;       /* tick labels */
  double text_size;       /* legend, annotations */

  double line_width;      /* data curves (series widths are multiples) */
  double axis_width;      /* frame and tick marks */
  double grid_width;
  double tick_length;     /* major; minor ticks are 0.55 of it */
  double marker_size;     /* marker diameter */
  double pad;             /* the unit of spacing between elements */

  ShlColor background;    /* alpha 0: leave the target untouched */
  ShlColor foreground;    /* text, frame, ticks */
  ShlColor grid;
  ShlColor legend_background;
  ShlColor legend_border;

  gboolean ticks_inside;  /* tick marks point into the plot area */
  gboolean grid_lines;    /* default for plots that do not say */
  gboolean pixel_snap;    /* align axis-parallel lines to device pixels on
                             raster targets (never applied to PDF/SVG) */
  gboolean hinting;       /* slight outline hinting on raster targets
                             (metrics stay unhinted so layouts are the same
                             on every target) */
  double scale;           /* multiplies every length and font size */
} ShlPlotStyle;

void shl_plot_style_init   (ShlPlotStyle *style, ShlStylePreset preset);
void shl_plot_style_set_font (ShlPlotStyle *style, const char *family);
/* The categorical colour i for this style (palette, tuned for dark). */
ShlColor shl_plot_style_series_color (const ShlPlotStyle *style, int i);

G_END_DECLS
