/* shl-assign-min-sum.c: the sparse minimum-sum assignment by successive
 * shortest paths (Dijkstra on reduced costs with a binary heap, row and
 * column potentials), with pads for unequal sides.
 *
 * Plain C + libm, no GLib. */
#include "shl-assign-private.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Sparse minimum sum: successive shortest paths                            */

typedef struct {
  double d;
  int    j;
} HeapItem;

typedef struct {
  HeapItem *a;
  size_t    n, cap;
} Heap;

static bool
heap_push (Heap *hp, double d, int j)
{
  if (hp->n == hp->cap)
    {
      size_t cap = hp->cap ? 2 * hp->cap : 256;
      HeapItem *p = realloc (hp->a, cap * sizeof *p);
      if (!p)
        return false;
      hp->a = p;
      hp->cap = cap;
    }
  size_t k = hp->n++;
  while (k > 0)
    {
      size_t parent = (k - 1) / 2;
      if (hp->a[parent].d <= d)
        break;
      hp->a[k] = hp->a[parent];
      k = parent;
    }
  hp->a[k] = (HeapItem) { d, j };
  return true;
}

static HeapItem
heap_pop (Heap *hp)
{
  HeapItem top = hp->a[0], last = hp->a[--hp->n];
  size_t k = 0;
  for (;;)
    {
      size_t l = 2 * k + 1;
      if (l >= hp->n)
        break;
      if (l + 1 < hp->n && hp->a[l + 1].d < hp->a[l].d)
        l++;
      if (hp->a[l].d >= last.d)
        break;
      hp->a[k] = hp->a[l];
      k = l;
    }
  if (hp->n > 0)
    hp->a[k] = last;
  return top;
}

typedef struct {
  const Oriented *o;
  int     nr, nc, S, K;  /* S = nr: the pad node, capacity K */
  double *u, *v;         /* (nr + 1), (nc) */
  int    *mr, *me;       /* (nr): column and edge of each real row */
  int    *mc;            /* (nc): row of each column (-1 free, S pad) */
  double *dist, *rdist;  /* (nc), (nr + 1) */
  int    *prow, *pedge;  /* (nc): row and edge a column was reached by */
  int    *entry;         /* (nr + 1): column a row was reached through */
  int    *cstamp, *rstamp; /* settled marks (stamp = round) */
  int    *touched;       /* (nc) */
  int    *srows;         /* (nr + 1) rows settled in this round */
  Heap    heap;
} Ssp;

static void
ssp_clear (Ssp *s)
{
  free (s->u);
  free (s->v);
  free (s->mr);
  free (s->me);
  free (s->mc);
  free (s->dist);
  free (s->rdist);
  free (s->prow);
  free (s->pedge);
  free (s->entry);
  free (s->cstamp);
  free (s->rstamp);
  free (s->touched);
  free (s->srows);
  free (s->heap.a);
}

static int
pad_idx_cmp (const void *pa, const void *pb, void *user)
{
  const double *pad = user;
  int i = *(const int *) pa, j = *(const int *) pb;
  if (pad[i] != pad[j])
    return pad[i] < pad[j] ? -1 : 1;
  return (i > j) - (i < j);
}

/* reduced cost of real row r's edge e, clamped at 0 (rounding) */
static inline double
ssp_rc (const Ssp *s, int r, int e)
{
  double x = s->o->cost[e] - s->u[r] - s->v[s->o->col[e]];
  return x > 0.0 ? x : 0.0;
}

/* relax the edges of row r (settled at distance dr) */
static bool
ssp_relax (Ssp *s, int r, double dr, int round, int *n_touched)
{
  const Oriented *o = s->o;
  int lo = r < s->S ? o->start[r] : 0, hi = r < s->S ? o->start[r + 1] : s->nc;
  for (int e = lo; e < hi; e++)
    {
      int j;
      double x;
      if (r < s->S)
        {
          j = o->col[e];
          x = o->cost[e] - s->u[r] - s->v[j];
        }
      else
        {
          j = e;
          if (s->mc[j] == s->S || !(o->pad[j] < INFINITY))
            continue;
          x = o->pad[j] - s->u[s->S] - s->v[j];
        }
      if (s->cstamp[j] == round)
        continue;
      double nd = dr + (x > 0.0 ? x : 0.0);
      if (s->cstamp[j] != -round)
        {
          s->cstamp[j] = -round; /* touched this round */
          s->dist[j] = INFINITY;
          s->touched[(*n_touched)++] = j;
        }
      if (nd < s->dist[j])
        {
          s->dist[j] = nd;
          s->prow[j] = r;
          s->pedge[j] = r < s->S ? e : -1;
          if (!heap_push (&s->heap, nd, j))
            return false;
        }
    }
  return true;
}

/* One shortest augmenting path from the free real row src (Dijkstra on
 * reduced costs). The matched edge of a real row is tight, so the row is
 * settled with its column; the pad node (capacity K) is a heap node of its
 * own: its matched edges may have a negative reduced cost, so reaching it
 * back through one of its columns costs that much. */
static bool
ssp_augment (Ssp *s, int src, int round)
{
  const Oriented *o = s->o;
  const int S = s->S;
  int n_touched = 0, n_srows = 0;
  s->heap.n = 0;
  s->rdist[src] = 0.0;
  s->rstamp[src] = round;
  double distS = INFINITY;
  if (!ssp_relax (s, src, 0.0, round, &n_touched))
    return false;
  int found = -1;
  double D = 0.0;
  while (found < 0)
    {
      if (s->heap.n == 0)
        return false; /* no free column reachable: infeasible */
      HeapItem it = heap_pop (&s->heap);
      if (it.j == s->nc)
        {
          /* the pad node */
          if (s->rstamp[S] == round || it.d > distS)
            continue;
          s->rstamp[S] = round;
          s->rdist[S] = it.d;
          s->srows[n_srows++] = S;
          if (!ssp_relax (s, S, it.d, round, &n_touched))
            return false;
          continue;
        }
      int j = it.j;
      if (s->cstamp[j] == round || it.d > s->dist[j])
        continue;
      s->cstamp[j] = round;
      int r = s->mc[j];
      if (r < 0)
        {
          found = j;
          D = it.d;
        }
      else if (r == S)
        {
          if (s->rstamp[S] == round)
            continue;
          double x = -(o->pad[j] - s->u[S] - s->v[j]);
          double nd = it.d + (x > 0.0 ? x : 0.0);
          if (nd < distS)
            {
              distS = nd;
              s->entry[S] = j;
              if (!heap_push (&s->heap, nd, s->nc))
                return false;
            }
        }
      else
        {
          s->rdist[r] = it.d;
          s->rstamp[r] = round;
          s->entry[r] = j;
          s->srows[n_srows++] = r;
          if (!ssp_relax (s, r, it.d, round, &n_touched))
            return false;
        }
    }

  /* potentials: settled nodes move by D - their distance */
  for (int k = 0; k < n_touched; k++)
    {
      int j = s->touched[k];
      if (s->cstamp[j] == round && j != found)
        s->v[j] -= D - s->dist[j];
    }
  for (int k = 0; k < n_srows; k++)
    s->u[s->srows[k]] += D - s->rdist[s->srows[k]];
  s->u[src] += D;

  /* augment along the path */
  int j = found;
  for (;;)
    {
      int rr = s->prow[j];
      if (rr == S)
        {
          int next = s->entry[S];
          s->mc[j] = S;
          j = next;
          continue;
        }
      int next = rr == src ? -1 : s->entry[rr];
      s->mc[j] = rr;
      s->mr[rr] = j;
      s->me[rr] = s->pedge[j];
      if (rr == src)
        break;
      j = next;
    }
  return true;
}

/* the solver's arrays for the oriented problem o, and order (nc + 1):
 * scratch */
static bool
ssp_alloc (Ssp *s, const Oriented *o, int **order)
{
  s->o = o;
  s->nr = o->nr;
  s->nc = o->nc;
  s->S = o->nr;
  s->K = o->nc - o->nr;
  size_t R = (size_t) o->nr + 1, C = (size_t) o->nc + 1;
  s->u = calloc (R, sizeof (double));
  s->v = calloc (C, sizeof (double));
  s->mr = malloc (R * sizeof (int));
  s->me = malloc (R * sizeof (int));
  s->mc = malloc (C * sizeof (int));
  s->dist = malloc (C * sizeof (double));
  s->rdist = malloc (R * sizeof (double));
  s->prow = malloc (C * sizeof (int));
  s->pedge = malloc (C * sizeof (int));
  s->entry = malloc (R * sizeof (int));
  s->cstamp = calloc (C, sizeof (int));
  s->rstamp = calloc (R, sizeof (int));
  s->touched = malloc (C * sizeof (int));
  s->srows = malloc (R * sizeof (int));
  *order = malloc (C * sizeof (int));
  if (!s->u || !s->v || !s->mr || !s->me || !s->mc || !s->dist || !s->rdist
      || !s->prow || !s->pedge || !s->entry || !s->cstamp || !s->rstamp
      || !s->touched || !s->srows || !*order)
    return false;
  for (int j = 0; j < o->nc; j++)
    s->mc[j] = -1;
  for (int r = 0; r < o->nr; r++)
    s->mr[r] = s->me[r] = -1;
  return true;
}

/* warm start: the previous solution perm, u, v (of the same problem with
 * fewer edges), in this orientation: rows of o are the caller's columns
 * when transposed; a row that a new edge undercuts is freed (pm: scratch
 * (nc + 1)) */
static void
ssp_warm_start (Ssp *s, const Oriented *o, const int *perm, const double *u,
                const double *v, int M, int *pm)
{
  /* pm: o's row -> column */
  const double *ur = o->transposed ? v : u, *vc = o->transposed ? u : v;
  if (!o->transposed)
    memcpy (pm, perm, (size_t) M * sizeof (int));
  else
    for (int i = 0; i < M; i++)
      pm[perm[i]] = i;
  for (int r = 0; r < o->nr; r++)
    s->u[r] = ur[r];
  if (s->K > 0)
    s->u[s->S] = ur[o->nr];
  for (int j = 0; j < o->nc; j++)
    s->v[j] = vc[j];
  for (int r = o->nr; r < M; r++)
    s->mc[pm[r]] = s->S;
  int n_freed = 0;
  double vfree = INFINITY;
  for (int r = 0; r < o->nr; r++)
    {
      double best = INFINITY;
      int me = -1;
      for (int e = o->start[r]; e < o->start[r + 1]; e++)
        {
          best = fmin (best, o->cost[e] - s->v[o->col[e]]);
          if (o->col[e] == pm[r])
            me = e;
        }
      double tol = 0x1p-40 * (fabs (s->u[r]) + fabs (best));
      if (best < s->u[r] - tol)
        s->u[r] = best; /* a new edge undercuts the row */
      if (me >= 0 && o->cost[me] - s->u[r] - s->v[pm[r]] <= tol)
        {
          s->mr[r] = pm[r];
          s->me[r] = me;
          s->mc[pm[r]] = r;
        }
      else
        {
          n_freed++;
          vfree = fmin (vfree, s->v[pm[r]]);
        }
    }
  /* the free columns share one potential (lowering keeps every
   * reduced cost >= 0) */
  if (n_freed > 0)
    for (int j = 0; j < o->nc; j++)
      if (s->mc[j] < 0)
        s->v[j] = fmin (s->v[j], vfree);
}

/* cold start; false when no permutation exists (order: scratch (nc + 1)) */
static bool
ssp_cold_start (Ssp *s, const Oriented *o, int *order)
{
  /* the pad node starts with the K cheapest columns; its potential makes
   * every pad edge's reduced cost >= 0 (free columns keep v = 0) */
  if (s->K > 0)
    {
      int nf = 0;
      for (int j = 0; j < o->nc; j++)
        if (o->pad[j] < INFINITY)
          order[nf++] = j;
      if (nf < s->K)
        return false;
      qsort_r (order, (size_t) nf, sizeof (int), pad_idx_cmp, (void *) o->pad);
      s->u[s->S] = o->pad[order[s->K - 1]];
      for (int k = 0; k < s->K; k++)
        {
          int j = order[k];
          s->mc[j] = s->S;
          s->v[j] = o->pad[j] - s->u[s->S];
        }
    }
  /* row potentials, and a greedy start on the tight edges */
  for (int r = 0; r < o->nr; r++)
    {
      double best = INFINITY;
      int be = -1;
      for (int e = o->start[r]; e < o->start[r + 1]; e++)
        {
          double x = o->cost[e] - s->v[o->col[e]];
          if (x < best)
            {
              best = x;
              be = e;
            }
        }
      if (be < 0)
        return false;
      s->u[r] = best;
      int j = o->col[be];
      if (s->mc[j] < 0)
        {
          s->mc[j] = r;
          s->mr[r] = j;
          s->me[r] = be;
        }
    }
  return true;
}

/* the sum of the matching found (perm receives it in the caller's
 * orientation), and the potentials into u, v (either may be NULL) */
static double
ssp_result (const Ssp *s, const Oriented *o, const ShlSparseCost *c,
            int *perm, double *u, double *v, int M)
{
  shl_assign_oriented_perm (perm, o, s->mr);
  double result = 0.0;
  for (int i = 0; i < M; i++)
    result += shl_assign_sparse_pair_cost (c, o, s->me, perm, i);
  if (u || v)
    {
      double *ur = o->transposed ? v : u, *vc = o->transposed ? u : v;
      for (int i = 0; i < M && ur; i++)
        ur[i] = i < o->nr ? s->u[i] : s->u[s->S];
      for (int j = 0; j < M && vc; j++)
        vc[j] = s->v[j];
    }
  return result;
}

/* warm: perm, u, v hold a solution of the same problem with fewer edges
 * (the pricing rounds): its matching and potentials are the start, and
 * only the rows that a new edge undercuts are augmented again. */
double
shl_assign_min_sum_sparse_run (int *perm, double *u, double *v,
                               const ShlSparseCost *c, bool warm)
{
  if (!shl_assign_sparse_valid (c) || !perm)
    return NAN;
  int M = c->n_rows > c->n_cols ? c->n_rows : c->n_cols;
  if (M == 0)
    return 0.0;
  Oriented o;
  Ssp s;
  memset (&s, 0, sizeof s);
  int *order = NULL;
  double result = NAN;
  if (shl_assign_oriented_make (&o, c) && ssp_alloc (&s, &o, &order))
    {
      bool feasible = true;
      if (warm && u && v)
        ssp_warm_start (&s, &o, perm, u, v, M, order);
      else
        feasible = ssp_cold_start (&s, &o, order);
      int round = 1;
      for (int r = 0; feasible && r < o.nr; r++)
        if (s.mr[r] < 0 && !ssp_augment (&s, r, round++))
          feasible = false;
      if (feasible)
        result = ssp_result (&s, &o, c, perm, u, v, M);
      else
        {
          result = INFINITY;
          for (int i = 0; i < M; i++)
            perm[i] = i;
        }
    }
  shl_assign_oriented_clear (&o);
  ssp_clear (&s);
  free (order);
  return result;
}

double
shl_assign_min_sum_sparse (int *perm, double *u, double *v,
                           const ShlSparseCost *c)
{
  return shl_assign_min_sum_sparse_run (perm, u, v, c, false);
}
