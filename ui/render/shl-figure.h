/* shl-figure.h: several plots in a grid (or one), laid out together.
 *
 * The figure owns its plots. Cells are equal; each plot is laid out by
 * the constrained layout (shl-plot.h), then again with the margins of its
 * row and column made equal, so the plot areas of a column share
 * left/right edges and those of a row share top/bottom edges (like
 * matplotlib's constrained layout). A title taller than a third of the
 * figure is left out. */
#pragma once

#include "shl-plot.h"

G_BEGIN_DECLS

typedef struct _ShlFigure ShlFigure;

ShlFigure *shl_figure_new          (int rows, int cols);
void       shl_figure_free         (ShlFigure *fig);
int        shl_figure_get_rows     (const ShlFigure *fig);
int        shl_figure_get_cols     (const ShlFigure *fig);
/* The plot of a cell, created empty on first use; owned by the figure. */
ShlPlot   *shl_figure_get_plot     (ShlFigure *fig, int row, int col);
/* Replaces the plot of a cell (takes ownership; NULL leaves it empty). */
void       shl_figure_set_plot     (ShlFigure *fig, int row, int col,
                                    ShlPlot *plot);
void       shl_figure_set_title    (ShlFigure *fig, const char *markup);
/* Extra space between cells in user units (before style scaling);
 * negative: the default (2 x style pad). */
void       shl_figure_set_spacing  (ShlFigure *fig, double hspace,
                                    double vspace);
/* Draws every cell; layouts (rows * cols, row-major) may be NULL. */
void       shl_figure_draw         (ShlFigure *fig, cairo_t *cr,
                                    const ShlPlotStyle *style,
                                    const ShlRect *area,
                                    ShlPlotLayout *layouts);

/* Plots (n) stacked in a column of area, gap apart, their data areas
 * sharing left and right edges: plot i gets the share weights[i] of the
 * height, but never less than the text it shows plus its minimum data
 * area (5 x 3 tick-label ems); when even the minima do not fit, every
 * plot drops text (shl-plot.h) at the same stage. The style's background
 * is painted over area. layouts (n) may be NULL. The plots stay the caller's. */
void       shl_plot_draw_column    (ShlPlot *const *plots,
                                    const double *weights, int n,
                                    cairo_t *cr, const ShlPlotStyle *style,
                                    const ShlRect *area, double gap,
                                    ShlPlotLayout *layouts);

/* A figure's title (markup, $math$) across the top of area, wrapped to
 * its width, in the style's title font; returns what remains below it.
 * A title taller than a third of area is left out (area is returned).
 * Recorded as SHL_BOX_FIGURE_TITLE. */
ShlRect    shl_figure_draw_title   (cairo_t *cr, const ShlPlotStyle *style,
                                    const char *markup, const ShlRect *area);

/* Pure helper: the rows * cols cell rectangles (row-major) of area with
 * the given gaps between them. */
void       shl_figure_grid_cells   (ShlRect *cells, const ShlRect *area,
                                    int rows, int cols, double hspace,
                                    double vspace);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlFigure, shl_figure_free)

G_END_DECLS
