/* shl-assign-candidates.c: geometric candidate generation for the
 * assignments of points (shl_assign_*_geom): a static k-d tree for
 * max-norm box queries (also against row and column potentials), the
 * candidate pairs of a row within a threshold, merging edge lists, and
 * the dense fallback.
 *
 * Plain C + libm, no GLib. */
#include "shl-assign-private.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================== */
/* Geometric candidate generation                                           */
/* ======================================================================== */

static void
kd_clear (KdTree *t)
{
  free (t->idx);
  free (t->nodes);
  free (t->stack);
}

/* reorder idx[lo .. hi - 1] so that idx[k] has the k-th smallest
 * coordinate ax (quickselect) */
static void
kd_select (KdTree *t, int lo, int hi, int k, int ax)
{
  const double *p = t->pts;
  int dim = t->dim;
  hi--;
  while (hi > lo)
    {
      double pivot = p[(size_t) t->idx[(lo + hi) / 2] * dim + ax];
      int i = lo, j = hi;
      while (i <= j)
        {
          while (p[(size_t) t->idx[i] * dim + ax] < pivot)
            i++;
          while (p[(size_t) t->idx[j] * dim + ax] > pivot)
            j--;
          if (i <= j)
            {
              int s = t->idx[i];
              t->idx[i] = t->idx[j];
              t->idx[j] = s;
              i++;
              j--;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }
}

static int
kd_build_node (KdTree *t, int lo, int hi)
{
  int id = t->n_nodes++;
  KdNode *nd = &t->nodes[id];
  nd->lo = lo;
  nd->hi = hi;
  nd->left = nd->right = -1;
  for (int a = 0; a < t->dim; a++)
    {
      nd->bmin[a] = INFINITY;
      nd->bmax[a] = -INFINITY;
    }
  for (int k = lo; k < hi; k++)
    for (int a = 0; a < t->dim; a++)
      {
        double x = t->pts[(size_t) t->idx[k] * t->dim + a];
        nd->bmin[a] = fmin (nd->bmin[a], x);
        nd->bmax[a] = fmax (nd->bmax[a], x);
      }
  if (hi - lo <= KD_LEAF)
    return id;
  int ax = 0;
  for (int a = 1; a < t->dim; a++)
    if (nd->bmax[a] - nd->bmin[a] > nd->bmax[ax] - nd->bmin[ax])
      ax = a;
  int mid = lo + (hi - lo) / 2;
  kd_select (t, lo, hi, mid, ax);
  int l = kd_build_node (t, lo, mid);
  int r = kd_build_node (t, mid, hi);
  t->nodes[id].left = l;
  t->nodes[id].right = r;
  return id;
}

static bool
kd_build (KdTree *t, const double *pts, int n, int dim)
{
  memset (t, 0, sizeof *t);
  t->pts = pts;
  t->n = n;
  t->dim = dim;
  t->idx = malloc (((size_t) n + 1) * sizeof (int));
  t->nodes = malloc ((2 * (size_t) n / (KD_LEAF / 2) + 4) * sizeof (KdNode));
  t->stack = malloc ((2 * (size_t) n / (KD_LEAF / 2) + 4) * sizeof (int));
  if (!t->idx || !t->nodes || !t->stack)
    return false;
  for (int k = 0; k < n; k++)
    t->idx[k] = k;
  if (n > 0)
    kd_build_node (t, 0, n);
  return true;
}

/* every point within max-norm distance r of x: out (n) receives their
 * indices; returns the count */
static int
kd_query (const KdTree *t, const double *x, double r, int *out)
{
  if (t->n == 0 || !(r >= 0.0))
    return 0;
  int top = 0, n = 0, dim = t->dim;
  t->stack[top++] = 0;
  while (top > 0)
    {
      const KdNode *nd = &t->nodes[t->stack[--top]];
      bool inside = true, outside = false;
      for (int a = 0; a < dim; a++)
        {
          if (nd->bmin[a] > x[a] + r || nd->bmax[a] < x[a] - r)
            outside = true;
          if (nd->bmin[a] < x[a] - r || nd->bmax[a] > x[a] + r)
            inside = false;
        }
      if (outside)
        continue;
      if (inside || nd->left < 0)
        {
          for (int k = nd->lo; k < nd->hi; k++)
            {
              int i = t->idx[k];
              const double *p = t->pts + (size_t) i * dim;
              bool ok = true;
              for (int a = 0; a < dim && ok && !inside; a++)
                ok = fabs (p[a] - x[a]) <= r;
              if (ok)
                out[n++] = i;
            }
          continue;
        }
      t->stack[top++] = nd->left;
      t->stack[top++] = nd->right;
    }
  return n;
}

/* vmax of every node from the column potentials v (post-order: children
 * have larger indices than their parent) */
void
shl_assign_kd_set_vmax (KdTree *t, const double *v)
{
  for (int id = t->n_nodes - 1; id >= 0; id--)
    {
      KdNode *nd = &t->nodes[id];
      if (nd->left < 0)
        {
          nd->vmax = -INFINITY;
          for (int k = nd->lo; k < nd->hi; k++)
            nd->vmax = fmax (nd->vmax, v[t->idx[k]]);
        }
      else
        nd->vmax = fmax (t->nodes[nd->left].vmax, t->nodes[nd->right].vmax);
    }
}

/* every column j that may have cost (i, j) < u + v_j: the radius of a node
 * is that of the threshold u + (its largest v); out (n) receives them */
int
shl_assign_kd_query_pot (const KdTree *t, const double *x, double u,
                         const double *v,
                         double (*radius) (void *, int, double, int),
                         void *user, int i, int space, int *out)
{
  if (t->n == 0)
    return 0;
  int top = 0, n = 0, dim = t->dim;
  t->stack[top++] = 0;
  while (top > 0)
    {
      const KdNode *nd = &t->nodes[t->stack[--top]];
      double r = radius (user, i, u + nd->vmax, space);
      if (isnan (r))
        r = INFINITY;
      if (!(r >= 0.0))
        continue;
      bool outside = false;
      for (int a = 0; a < dim && !outside; a++)
        outside = nd->bmin[a] > x[a] + r || nd->bmax[a] < x[a] - r;
      if (outside)
        continue;
      if (nd->left >= 0)
        {
          t->stack[top++] = nd->left;
          t->stack[top++] = nd->right;
          continue;
        }
      for (int k = nd->lo; k < nd->hi; k++)
        {
          int j = t->idx[k];
          const double *p = t->pts + (size_t) j * dim;
          double rj = radius (user, i, u + v[j], space);
          bool ok = !(rj < 0.0);
          for (int a = 0; a < dim && ok; a++)
            ok = !(fabs (p[a] - x[a]) > rj);
          if (ok)
            out[n++] = j;
        }
    }
  return n;
}

bool
shl_assign_geom_valid (const ShlAssignGeom *g)
{
  if (!g || g->n_rows < 0 || g->n_cols < 0 || g->dim < 1
      || g->dim > KD_DIM_MAX || !g->cost || !g->radius || g->dim2 < 0
      || g->dim2 > KD_DIM_MAX || g->n_always < 0
      || (g->n_always > 0 && !g->always))
    return false;
  if ((g->n_rows > 0 && !g->row_pts) || (g->n_cols > 0 && !g->col_pts))
    return false;
  if (g->dim2 > 0 && ((g->n_rows > 0 && !g->row_pts2)
                      || (g->n_cols > 0 && !g->col_pts2)))
    return false;
  return g->n_rows == g->n_cols || g->pad;
}

void
shl_assign_geom_index_clear (GeomIndex *x)
{
  kd_clear (&x->kd[0]);
  kd_clear (&x->kd[1]);
}

bool
shl_assign_geom_index_build (GeomIndex *x, const ShlAssignGeom *g)
{
  memset (x, 0, sizeof *x);
  x->n_spaces = g->dim2 > 0 ? 2 : 1;
  for (int s = 0; s < x->n_spaces; s++)
    {
      if (!kd_build (&x->kd[s], s ? g->col_pts2 : g->col_pts, g->n_cols,
                     s ? g->dim2 : g->dim))
        return false;
      x->ext[s] = 0.0;
      if (g->n_cols > 0)
        for (int a = 0; a < x->kd[s].dim; a++)
          x->ext[s] = fmax (x->ext[s], x->kd[s].nodes[0].bmax[a]
                                         - x->kd[s].nodes[0].bmin[a]);
    }
  return true;
}

/* The candidates of row i at threshold t: the columns within the radius
 * in the more selective space, plus the always list, in increasing order
 * and distinct (stamp (n_cols): scratch marks, tag: a fresh value). */
int
shl_assign_geom_candidates (const ShlAssignGeom *g, const GeomIndex *x, int i,
                            double t, int *buf, int *stamp, int tag)
{
  int best = 0;
  double rr[2] = { INFINITY, INFINITY }, rel[2] = { INFINITY, INFINITY };
  for (int s = 0; s < x->n_spaces; s++)
    {
      double r = g->radius (g->user, i, t, s);
      rr[s] = isnan (r) ? INFINITY : r;
      rel[s] = rr[s] / (x->ext[s] > 0.0 ? x->ext[s] : 1.0);
    }
  if (x->n_spaces > 1 && rel[1] < rel[0])
    best = 1;
  const double *pt = best ? g->row_pts2 + (size_t) i * g->dim2
                          : g->row_pts + (size_t) i * g->dim;
  int n = kd_query (&x->kd[best], pt, rr[best], buf);
  for (int k = 0; k < n; k++)
    stamp[buf[k]] = tag;
  for (int k = 0; k < g->n_always; k++)
    if (stamp[g->always[k]] != tag)
      {
        stamp[g->always[k]] = tag;
        buf[n++] = g->always[k];
      }
  return n; /* the k-d traversal order: deterministic */
}

/* merge the new edges (row-sorted list add) into el */
bool
shl_assign_edges_merge (EdgeList *el, const EdgeList *add)
{
  int nr = el->n_rows;
  size_t n = el->n + add->n;
  int *col = malloc ((n + 1) * sizeof (int));
  double *cost = malloc ((n + 1) * sizeof (double));
  int *start = malloc (((size_t) nr + 1) * sizeof (int));
  if (!col || !cost || !start)
    {
      free (col);
      free (cost);
      free (start);
      return false;
    }
  size_t k = 0;
  for (int i = 0; i < nr; i++)
    {
      start[i] = (int) k;
      for (int e = el->start[i]; e < el->start[i + 1]; e++)
        {
          col[k] = el->col[e];
          cost[k++] = el->cost[e];
        }
      for (int e = add->start[i]; e < add->start[i + 1]; e++)
        {
          col[k] = add->col[e];
          cost[k++] = add->cost[e];
        }
    }
  start[nr] = (int) k;
  free (el->col);
  free (el->cost);
  free (el->start);
  el->col = col;
  el->cost = cost;
  el->start = start;
  el->n = el->cap = k;
  return true;
}

/* the bottleneck (and refinement) on the dense matrix of cost () values */
double
shl_assign_geom_dense (int *perm, const ShlAssignGeom *g, ShlAssignFlags flags,
                       long *evals)
{
  int nr = g->n_rows, nc = g->n_cols, M = nr > nc ? nr : nc;
  size_t uM = (size_t) M;
  double *C = malloc (uM * uM * sizeof (double));
  if (!C)
    return NAN;
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++)
      {
        double c;
        if (i < nr && j < nc)
          {
            c = g->cost (g->user, i, j);
            (*evals)++;
          }
        else
          c = i >= nr ? g->pad[j] : g->pad[i];
        C[(size_t) i * uM + (size_t) j] = c;
      }
  double b = shl_assign_bottleneck (perm, C, M);
  if ((flags & SHL_ASSIGN_REFINE) && isfinite (b) && M > 1)
    {
      int *perm2 = malloc (uM * sizeof (int));
      if (perm2)
        {
          for (size_t k = 0; k < uM * uM; k++)
            if (C[k] > b)
              C[k] = INFINITY;
          if (isfinite (shl_assign_hungarian (perm2, C, M)))
            memcpy (perm, perm2, uM * sizeof (int));
          free (perm2);
        }
    }
  free (C);
  return b;
}
