/* shl-assign-private.h: what the files of shl-assign share: edge lists,
 * Hopcroft-Karp on compressed rows, the oriented view of a sparse cost,
 * the k-d tree and the geometric index of the candidate generation, and
 * the helpers one file defines and another calls (prefix shl_assign_).
 * Not for other modules.
 *
 * Plain C + libm, no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shl-assign.h"

/* A growable edge list in row order, turned into compressed rows. */
typedef struct {
  int    *start;   /* (n_rows + 1) */
  int    *col;
  double *cost;
  size_t  n, cap;
  int     n_rows;
} EdgeList;

/* ------------------------------------------------------------------------ */
/* Hopcroft-Karp on compressed rows                                         */

typedef struct {
  int        nr, nc;
  int       *start, *end; /* (nr + 1): row r's usable edges are */
  const int *adj;         /* adj[start[r] .. end[r] - 1] */
  int       *buf;         /* (E) scratch adjacency */
  int       *mr, *mc;     /* (nr), (nc): matches, -1 free */
  int       *dist, *it, *stack, *queue; /* (nr) each */
} Hk;

/* ------------------------------------------------------------------------ */
/* Orientation: the solvers want n_rows <= n_cols (pads on the row side)    */

typedef struct {
  int     nr, nc;     /* nr <= nc */
  int    *start, *col;
  double *cost;
  int    *orig;       /* (E) edge index in the caller's problem */
  const double *pad;  /* (nc) if nr < nc */
  bool    transposed;
  bool    owned;
} Oriented;

/* A static k-d tree over points (n, dim), dim <= 4, for max-norm box
 * queries. */
#define KD_DIM_MAX 4
#define KD_LEAF 8

typedef struct {
  int    lo, hi;         /* points idx[lo .. hi - 1] */
  int    left, right;    /* children, -1 at a leaf */
  double bmin[KD_DIM_MAX], bmax[KD_DIM_MAX];
  double vmax;           /* the largest column potential below (pricing) */
} KdNode;

typedef struct {
  int           dim, n;
  const double *pts;
  int          *idx;
  KdNode       *nodes;
  int           n_nodes;
  int          *stack;
} KdTree;

/* the k-d trees of the columns, one per space */
typedef struct {
  KdTree kd[2];
  double ext[2];  /* extent of the columns in each space */
  int    n_spaces;
} GeomIndex;

/* helpers one file defines and another calls, by file */

/* shl-assign-graph.c */

bool
shl_assign_edges_init (EdgeList *el, int n_rows);

void
shl_assign_edges_clear (EdgeList *el);

bool
shl_assign_edges_push (EdgeList *el, int j, double c);

bool
shl_assign_hk_init (Hk *h, int nr, int nc, size_t n_edges);

void
shl_assign_hk_clear (Hk *h);

int
shl_assign_hk_run (Hk *h);

void
shl_assign_oriented_clear (Oriented *o);

bool
shl_assign_oriented_make (Oriented *o, const ShlSparseCost *c);

void
shl_assign_oriented_perm (int *perm, const Oriented *o, const int *mr);

double
shl_assign_sparse_pair_cost (const ShlSparseCost *c, const Oriented *o,
                             const int *edge, const int *perm, int i);

bool
shl_assign_sparse_valid (const ShlSparseCost *c);

int
shl_assign_double_cmp (const void *pa, const void *pb);

/* shl-assign-bottleneck.c */

int
shl_assign_sparse_feasible (const ShlSparseCost *c);

/* shl-assign-min-sum.c */

double
shl_assign_min_sum_sparse_run (int *perm, double *u, double *v,
                               const ShlSparseCost *c, bool warm);

/* shl-assign-candidates.c */

bool
shl_assign_edges_merge (EdgeList *el, const EdgeList *add);

int
shl_assign_geom_candidates (const ShlAssignGeom *g, const GeomIndex *x, int i,
                            double t, int *buf, int *stamp, int tag);

double
shl_assign_geom_dense (int *perm, const ShlAssignGeom *g, ShlAssignFlags flags,
                       long *evals);

bool
shl_assign_geom_index_build (GeomIndex *x, const ShlAssignGeom *g);

void
shl_assign_geom_index_clear (GeomIndex *x);

bool
shl_assign_geom_valid (const ShlAssignGeom *g);

int
shl_assign_kd_query_pot (const KdTree *t, const double *x, double u,
                         const double *v,
                         double (*radius) (void *, int, double, int),
                         void *user, int i, int space, int *out);

void
shl_assign_kd_set_vmax (KdTree *t, const double *v);
