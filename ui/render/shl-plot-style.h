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

/* Where a plot's legend goes (shl_plot_set_legend, and the style's
 * default for plots that leave it to the style, see ShlPlotStyle). */
typedef enum {
  SHL_LEGEND_NONE,         /* off */
  SHL_LEGEND_TOP_LEFT,     /* inside the plot area, in that corner */
  SHL_LEGEND_TOP_RIGHT,
  SHL_LEGEND_BOTTOM_LEFT,
  SHL_LEGEND_BOTTOM_RIGHT,
  SHL_LEGEND_AUTO,         /* the first corner with no data under it,
                              else outside */
  SHL_LEGEND_OUTSIDE,      /* outside the plot area (right or above) */
  SHL_LEGEND_BEST = SHL_LEGEND_AUTO,
} ShlLegendPos;

/* The font families a figure can use (shl_plot_style_set_font_family). */
typedef enum {
  SHL_FONT_FAMILY_DEJAVU,  /* DejaVu Serif (paper) or Sans (screen) */
  SHL_FONT_FAMILY_TERMES,  /* TeX Gyre Termes (Times): fonts-texgyre,
                              fonts-texgyre-math */
  SHL_FONT_FAMILY_CM,      /* Computer Modern (CMU Serif): fonts-cmu,
                              fonts-lmodern (Latin Modern Math) */
} ShlFontFamily;

struct _ShlPlotOverrides;   /* shl-plot.h */

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

  /* figure options */
  ShlLegendPos legend;    /* for plots whose legend is SHL_LEGEND_AUTO:
                             AUTO leaves it to them; any other value
                             (NONE: off) replaces theirs */
  gboolean titles;        /* FALSE: no plot titles */
  char title[160];        /* non-empty: replaces the title of the plots
                             drawn with this style (a panel's own) */
  /* a figure's changes to a panel's plots (labels, ranges, ticks, the
   * colour bar's label, the letter): [0] the panel's plot, [1] the plot
   * below it in a column (the training loss); NULL: none. The panels
   * apply them (shl_plot_apply_overrides); plots drawn directly with the
   * style ignore them. Borrowed. */
  const struct _ShlPlotOverrides *overrides[2];
} ShlPlotStyle;

void shl_plot_style_init   (ShlPlotStyle *style, ShlStylePreset preset);
void shl_plot_style_set_font (ShlPlotStyle *style, const char *family);
/* One of the supported families. Termes and CM bring their math fonts
 * (TeX Gyre Termes Math, Latin Modern Math) for what the text fonts lack
 * (‖, ∇, ′) and for math italic Greek; DejaVu Serif is the last
 * fallback. DEJAVU keeps the preset's serif or sans. */
void shl_plot_style_set_font_family (ShlPlotStyle *style,
                                     ShlFontFamily family);
/* The categorical colour i for this style (palette, tuned for dark). */
ShlColor shl_plot_style_series_color (const ShlPlotStyle *style, int i);

G_END_DECLS
