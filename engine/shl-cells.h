/* shl-cells.h: the cells of a 2-D network's kink arrangement in a box.
 *
 * A 2-D network f is affine on each cell of the arrangement of its kink
 * lines <a_i, x> + b_i = 0 inside the box [lo, hi]: a convex polygon on
 * which the same neurons are active, so that
 *
 *     f(x) = <grad_k, x> + offset_k,
 *     grad_k = sum over the active neurons of c_i a_i + v,
 *     offset_k = sum over the active neurons of c_i b_i + e.
 *
 * With a second network g (the twin) the cells are those of both
 * networks' kink lines and the function is f - g. Cells tile the box: the
 * arrangement is a planar subdivision whose vertices are shared by the
 * cells that meet there (the same index), and each edge of a cell knows
 * the cell across it.
 *
 * Exact, like shl-geom: every combinatorial decision is decided exactly
 * for the given doubles, with no tolerance (the order of crossings along a
 * line, whether two crossings are the same point, which lines meet the
 * open box, which neurons share a line, which side of a line a cell is
 * on). A sliver of width 1e-15 is a cell. Only the outputs are rounded:
 * the vertex coordinates (to within an ulp, inside the box), the sums of
 * the gradients and offsets (plain double sums over the active neurons),
 * and the values at the vertices (shl_net_eval at the rounded vertex).
 *
 * Neurons that share a line are one line; a line whose neurons cancel on
 * both sides (f has no kink there) is dropped, and one that is affine
 * across the box is folded into the affine part, as in shl-geom: the
 * cells are the pieces on which f - g is affine, not cut further.
 *
 * O(M^2 log M) for M kink lines (each line sorts its crossings, each
 * vertex its edges), plus O(M) per cell for the gradient sums.
 *
 * Plain C (+ GMP inside), no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shl-net.h"

typedef struct {
  int     n_cells;
  int     n_vertices;
  int     n_lines;     /* kink lines of the arrangement (after grouping) */
  double  lo[2], hi[2];
  double *xy;          /* (n_vertices, 2) vertex coordinates, in the box */
  int    *vline;       /* (n_vertices, 2) two lines through each vertex:
                          0..3 the box edges x = lo0, x = hi0, y = lo1,
                          y = hi1; 4 + k the k-th kink line */
  double *value;       /* (n_vertices) f - g at xy (shl_net_eval) */
  int    *start;       /* (n_cells + 1): cell k's corners are
                          corner[start[k] .. start[k + 1]) */
  int    *corner;      /* (start[n_cells]) vertex indices, counter-
                          clockwise */
  int    *across;      /* (start[n_cells]) for the edge from corner s to
                          the next corner of its cell: the slot of the
                          same edge in the cell across it (running the
                          other way), -1 on the box's boundary */
  int    *slot_cell;   /* (start[n_cells]) the cell of each slot */
  double *grad;        /* (n_cells, 2) the gradient of f - g on the cell */
  double *offset;      /* (n_cells) f - g = <grad, x> + offset there */
  double *grad_mag;    /* (n_cells, 2) the magnitude of grad's terms:
                          sum of |c_i a_ij| over the active neurons of
                          both networks + |v_fj| + |v_gj| (the scale of
                          its rounding, see shl-noise.h) */
  double *offset_mag;  /* (n_cells) the same for the offset: sum of
                          |c_i b_i| + |e_f| + |e_g| */
  double *line;        /* (n_lines, 3) the kink lines r0 x + r1 y + r2 = 0 */
} ShlCells;

/* The cells of f's kink lines (and g's, if g is not NULL; same d = 2) in
 * the box [lo, hi] (NULL: f's domain), with the affine form of f - g (of
 * f when g is NULL) on each. NULL if a network is not 2-D or not finite,
 * the dimensions differ, the box is invalid, or memory runs out. */
ShlCells *shl_cells_new  (const ShlNet *f, const ShlNet *g, const double *lo,
                          const double *hi);
void      shl_cells_free (ShlCells *cells);

/* Polylines: polyline k is xy[start[k] .. start[k + 1]) (points, x y);
 * closed[k]: its last point joins its first (which is not repeated). */
typedef struct {
  int     n;
  int    *start;       /* (n + 1) */
  double *xy;          /* (start[n], 2) */
  bool   *closed;      /* (n) */
} ShlPolylines;

/* The level set {value = level} of the function with the given values at
 * the vertices (value (n_vertices), e.g. cells->value or a cleaned copy),
 * affine on each cell: in each cell a segment between two edges, the
 * crossing of an edge interpolated linearly between its ends (the same
 * point from both cells beside it), and the segments joined into
 * polylines across the cells. A vertex counts as above the level when
 * value > level. NULL on allocation failure; n = 0 when the level is not
 * crossed. */
ShlPolylines *shl_cells_level_set (const ShlCells *cells, const double *value,
                                   double level);
void          shl_polylines_free  (ShlPolylines *lines);

/* The signed area of cell k from its rounded corners (shoelace). */
double        shl_cells_area      (const ShlCells *cells, int k);
