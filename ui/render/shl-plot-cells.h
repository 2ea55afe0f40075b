/* shl-plot-cells.h: exact 2-D maps drawn as vector paths.
 *
 * A cell map is a function affine on convex polygons (cells) that tile a
 * rectangle, as the realization f of a 2-D ReLU network is on the cells
 * of its kink lines (engine/shl-cells.h). Each cell is one path:
 *
 * - a cell whose gradient is 0 is filled flat with its colour;
 * - any other is filled with a linear gradient along its gradient (in
 *   user space: the axes may scale x and y differently) whose colour
 *   stops are the map's colours at the values of its corners and at every
 *   one of SHL_CELL_MAP_STOPS equal steps of the colour range in between,
 *   so the fill follows the colour map as closely as the colour bar does
 *   (exact up to the map's interpolation between those steps).
 *
 * Vector targets (PDF, SVG, PS) get paths and linear shadings, no image.
 * Raster targets draw the same paths at device resolution, filled without
 * antialiasing so that neighbouring cells tile without seams; vector
 * targets stroke each cell with its own fill at a hairline width
 * (SHL_CELL_MAP_SEAM_PT) so that viewers that antialias each path show
 * no seams either.
 *
 * The item behaves as a heat map everywhere else (colour bar, extent,
 * legends may sit on it). Linear colour scales only; a log scale maps
 * flat cells only. */
#pragma once

#include "shl-contour.h"
#include "shl-plot.h"

G_BEGIN_DECLS

#define SHL_CELL_MAP_STOPS   64     /* colour-range steps (as the bar) */
#define SHL_CELL_MAP_SEAM_PT 0.35   /* the hairline that hides seams */

typedef struct _ShlCellMap ShlCellMap;

/* n_cells cells: cell k's corners are xy[start[k] .. start[k + 1]) (x, y
 * pairs, in order around it), value (start[n_cells]) the function at each
 * corner; grad (n_cells, 2) the gradient on each cell (data units), or
 * NULL when every cell is flat (the value at its first corner). The cells
 * tile [x0, x1] x [y0, y1]. The colour range is style's, or taken from
 * the values when unset (as shl_plot_add_heatmap). Everything is copied. */
void     shl_plot_add_cell_map      (ShlPlot *plot, int n_cells,
                                     const int *start, const double *xy,
                                     const double *value, const double *grad,
                                     double x0, double x1, double y0,
                                     double y1, const ShlHeatmapStyle *style);
/* Contour polylines computed elsewhere (e.g. exactly, cell by cell),
 * drawn as shl_plot_add_contours draws its own; [x0, x1] x [y0, y1] is
 * the rectangle they lie in (for the extent). Copied. */
void     shl_plot_add_contour_lines (ShlPlot *plot,
                                     const ShlContourLine *lines,
                                     int n_lines, double x0, double x1,
                                     double y0, double y1,
                                     const ShlSeriesStyle *style);

/* for shl-plot-items.c */
void     shl_cell_map_free          (ShlCellMap *map);

G_END_DECLS
