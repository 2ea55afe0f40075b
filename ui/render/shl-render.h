/* shl-render.h: the plotting library of Shallows (cairo + pangocairo).
 *
 *   shl-color.h       colours, viridis / cool-warm maps, Okabe-Ito palette
 *   shl-ticks.h       nice linear / log ticks and compact labels
 *   shl-contour.h     marching squares
 *   shl-plot-style.h  fonts, sizes and colours: screen light/dark, paper
 *   shl-plot.h        one plot: axes, series, heat maps, legend, text
 *   shl-figure.h      plots in a grid with aligned margins
 *   shl-export.h      PDF / SVG / PNG files, atomically, with GError
 *
 * Never includes GTK: the widgets, the export and the headless CLI draw
 * through exactly the same functions. */
#pragma once

#include "shl-color.h"
#include "shl-contour.h"
#include "shl-export.h"
#include "shl-figure.h"
#include "shl-plot-style.h"
#include "shl-plot.h"
#include "shl-rect.h"
#include "shl-ticks.h"
