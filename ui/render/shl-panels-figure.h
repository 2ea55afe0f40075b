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
} ShlFigureOptions;

void shl_figure_options_init      (ShlFigureOptions *options);
/* The style the options give (preset, font, legend, titles). */
void shl_figure_options_style     (const ShlFigureOptions *options,
                                   ShlPlotStyle *style);
void shl_panels_draw_figure_with  (cairo_t *cr, const ShlScene *scene,
                                   const ShlFigureOptions *options,
                                   double width, double height);

G_END_DECLS
