/* shl-panels-figure.h: a figure of one panel or all four, with the
 * options a paper needs (what the app's export and `shallows-cli render`
 * draw).
 *
 *   ShlFigureOptions o;
 *   shl_figure_options_init (&o);
 *   o.panel = SHL_PANEL_LANDSCAPE;
 *   o.font = SHL_FONT_FAMILY_TERMES;
 *   o.legend = SHL_LEGEND_OUTSIDE;
 *   shl_panels_draw_figure_with (cr, scene, &o, 238, 190);
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "shl-plot-style.h"
#include "shl-plot.h"
#include "shl-scene.h"

G_BEGIN_DECLS

typedef struct {
  int            panel;        /* a ShlPanelKind, or -1: all four */
  ShlStylePreset preset;       /* paper (default) or a screen style */
  ShlFontFamily  font;         /* DejaVu (default), Termes, CM */
  ShlLegendPos   legend;       /* where legends go: AUTO (default),
                                  OUTSIDE, a corner, NONE (off) */
  gboolean       titles;       /* FALSE: no plot titles */
  const char    *title;        /* one panel: its title instead of the
                                  usual; all four: a title above them
                                  (markup, $math$; NULL: none) */
  const char    *panel_titles[4]; /* all four: each panel's title
                                     instead of the usual (NULL: usual) */
  ShlStepAxis    loss_steps;   /* the loss plot's step axis; AUTO: the
                                  scene's */
  /* a figure spec's choices (shl-figure-spec.h); zero: as before */
  double         font_size;    /* > 0: the axis labels' size in pt, the
                                  other sizes in the preset's proportion */
  int            panels[4];    /* all (panel -1): n_panels > 0 draws these
                                  ShlPanelKinds in this order, else all
                                  four */
  int            n_panels;
  int            columns;      /* > 0: the grid's columns; 0: four in a
                                  row when wide, else 2 x 2; fewer in a
                                  row */
  gboolean       letters;      /* (a), (b), ... in the panels' order */
  ShlLetterPos   letter_pos;   /* where letters go */
  gboolean       hide_kinks;   /* no kink marks or lines of f */
  gboolean       hide_data;    /* no data points */
  gboolean       hide_target;  /* no target curve */
  gboolean       hide_twin;    /* no twin g (the loss slice keeps its
                                  axes) */
  ShlColormap    diverging_map; /* signed 2-D maps: COOLWARM (default)
                                   or BLUEGOLD (greyscale-safe) */
  int            show_neurons; /* 1-D neuron terms: -1 the scene's, 0, 1 */
  double         color_range[3][2]; /* fixed colour ranges of the 2-D
                                       realization, derivative and loss
                                       slice; !(lo < hi): automatic */
  /* each panel's changes (labels, ranges, ticks, its letter): [0] its
   * plot, [1] the plot below it (the training loss); NULL: none.
   * Borrowed. */
  const ShlPlotOverrides *overrides[4][2];
  const char    *header;       /* a line across the top of the figure,
                                  above its title and panels (a frame's
                                  step; markup), or NULL */
} ShlFigureOptions;

void shl_figure_options_init      (ShlFigureOptions *options);
/* The style the options give (preset, font, font size, legend, titles). */
void shl_figure_options_style     (const ShlFigureOptions *options,
                                   ShlPlotStyle *style);
void shl_panels_draw_figure_with  (cairo_t *cr, const ShlScene *scene,
                                   const ShlFigureOptions *options,
                                   double width, double height);
/* Ranges fixed across the frames of a run: every frame's figure is
 * measured (shl_figure_ranges_add), then the union of each plot's axis
 * ranges and of each heat map's colour range is fixed in the options
 * (shl_figure_ranges_fix; ranges the options set already stay).
 *
 *   ShlFigureRanges r;
 *   shl_figure_ranges_init (&r);
 *   for each frame: shl_figure_ranges_add (&r, scene, &o, w, h);
 *   shl_figure_ranges_fix (&r, &o);   (o now points into r: keep r)
 *   for each frame: shl_panels_draw_figure_with (cr, scene, &o, w, h); */
typedef struct {
  double axis[4][2][2][2];  /* panel, plot (0 its own, 1 the loss below
                               it), axis (x, y), [lo, hi]; NAN: none */
  double color[3][2];       /* the 2-D realization, derivative, loss
                               slice */
  /* private */
  ShlPlotOverrides overrides_[4][2];
} ShlFigureRanges;

void shl_figure_ranges_init       (ShlFigureRanges *ranges);
void shl_figure_ranges_add        (ShlFigureRanges *ranges,
                                   const ShlScene *scene,
                                   const ShlFigureOptions *options,
                                   double width, double height);
void shl_figure_ranges_fix        (ShlFigureRanges *ranges,
                                   ShlFigureOptions *options);

/* The grid the options draw: the panels (rows * cols cells, row-major,
 * kinds in order), the number of panels; one panel: 1 x 1. */
int  shl_figure_options_grid      (const ShlFigureOptions *options,
                                   double width, double height,
                                   int *kinds /* (4) */, int *rows,
                                   int *cols);

/* The loss slice's grid (nodes per side) for a figure of this size whose
 * map is to have at least ppi nodes per inch, 3..1001; 0 when the
 * figure has no landscape panel. */
int  shl_figure_landscape_grid    (const ShlFigureOptions *options,
                                   double width, double height, double ppi);

G_END_DECLS
