/* shl-contour.h: level sets of a sampled function by marching squares.
 *
 * z is (ny, nx) row-major: z[j * nx + i] is the value at the node
 * (x0 + i * (x1 - x0) / (nx - 1), y0 + j * (y1 - y0) / (ny - 1)); note
 * that x0/x1 here are the first and last NODES (ShlPlot's heat-map extent
 * is the rectangle of cells around them, see shl-plot.h).
 *
 * Crossings are linearly interpolated on cell edges; the ambiguous saddle
 * cells are resolved with the mean of the four corners (the centre joins
 * the two corners on its own side of the level). Cells with a NaN corner
 * are skipped. Segments are joined into polylines, closed where the
 * level set closes inside the grid. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double *xy;        /* (n, 2): x, y */
  int n;             /* points */
  gboolean closed;   /* last point joins the first (not repeated) */
} ShlContourLine;

/* Returns the number of polylines and sets *out_lines (free with
 * shl_contour_lines_free; NULL when none). nx, ny >= 2. */
int   shl_contour_trace      (ShlContourLine **out_lines, const double *z,
                              int nx, int ny, double x0, double x1,
                              double y0, double y1, double level);
void  shl_contour_lines_free (ShlContourLine *lines, int n_lines);
/* Total Euclidean length (closing segments included). */
double shl_contour_lines_length (const ShlContourLine *lines, int n_lines);

G_END_DECLS
