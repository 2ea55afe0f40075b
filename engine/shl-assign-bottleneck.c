/* shl-assign-bottleneck.c: the sparse bottleneck assignment: the rows'
 * edges sorted by cost (a radix sort of doubles by their bits), then a
 * binary search over the distinct costs with a perfect-matching test
 * (Hopcroft-Karp, warm-started) at each step.
 *
 * Plain C + libm, no GLib. */
#include "shl-assign-private.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Sparse bottleneck                                                        */

static inline uint64_t
dbl_key (double x)
{
  uint64_t u;
  x += 0.0;
  memcpy (&u, &x, sizeof u);
  return (u >> 63) ? ~u : (u | 0x8000000000000000ull);
}

/* sort x (n) ascending (no NaN) through tmp (n): LSD radix, 16-bit digits */
static bool
sort_doubles (double *x, size_t n)
{
  if (n < 64)
    {
      qsort (x, n, sizeof *x, shl_assign_double_cmp);
      return true;
    }
  double *tmp = malloc (n * sizeof *tmp);
  size_t *count = malloc (65536 * sizeof *count);
  if (!tmp || !count)
    {
      free (tmp);
      free (count);
      qsort (x, n, sizeof *x, shl_assign_double_cmp);
      return true;
    }
  double *src = x, *dst = tmp;
  for (int sh = 0; sh < 64; sh += 16)
    {
      memset (count, 0, 65536 * sizeof *count);
      for (size_t i = 0; i < n; i++)
        count[(dbl_key (src[i]) >> sh) & 0xffff]++;
      if (count[(dbl_key (src[0]) >> sh) & 0xffff] == n)
        continue;
      size_t pos = 0;
      for (size_t b = 0; b < 65536; b++)
        {
          size_t c = count[b];
          count[b] = pos;
          pos += c;
        }
      for (size_t i = 0; i < n; i++)
        dst[count[(dbl_key (src[i]) >> sh) & 0xffff]++] = src[i];
      double *t = src;
      src = dst;
      dst = t;
    }
  if (src != x)
    memcpy (x, src, n * sizeof *x);
  free (tmp);
  free (count);
  return true;
}

/* The rows' edges sorted by cost (scol, scost, within o's row starts):
 * the usable edges at threshold t are a prefix of each row. */
typedef struct {
  int    *col;
  double *cost;
} SortedRows;

/* usable edges: cost <= t and (heavy_only: column's pad cost > t) */
static void
bn_edges (Hk *h, const Oriented *o, const SortedRows *sr, double t,
          bool heavy_only)
{
  if (!heavy_only)
    {
      h->adj = sr->col;
      for (int r = 0; r < o->nr; r++)
        {
          int lo = o->start[r], hi = o->start[r + 1];
          while (lo < hi) /* the first edge above t */
            {
              int mid = lo + (hi - lo) / 2;
              if (sr->cost[mid] <= t)
                lo = mid + 1;
              else
                hi = mid;
            }
          h->start[r] = o->start[r];
          h->end[r] = lo;
        }
      return;
    }
  h->adj = h->buf;
  int k = 0;
  for (int r = 0; r < o->nr; r++)
    {
      h->start[r] = k;
      for (int e = o->start[r]; e < o->start[r + 1] && sr->cost[e] <= t; e++)
        {
          int j = sr->col[e];
          if (o->nr < o->nc && !(o->pad[j] > t))
            continue;
          h->buf[k++] = j;
        }
      h->end[r] = k;
    }
}

/* sort each row's edges by cost: a stable radix sort of all edges by cost,
 * then a stable counting sort by row; vals (E) receives all the costs in
 * increasing order */
static bool
sort_rows (SortedRows *sr, const Oriented *o, double *vals)
{
  size_t E = (size_t) o->start[o->nr];
  typedef struct { double c; int col, row; } Ed;
  Ed *x = malloc ((E + 1) * sizeof *x), *y = malloc ((E + 1) * sizeof *y);
  size_t *count = malloc (65536 * sizeof *count);
  sr->col = malloc ((E + 1) * sizeof (int));
  sr->cost = malloc ((E + 1) * sizeof (double));
  bool ok = x && y && count && sr->col && sr->cost;
  if (ok)
    {
      for (int r = 0; r < o->nr; r++)
        for (int e = o->start[r]; e < o->start[r + 1]; e++)
          x[e] = (Ed) { o->cost[e], o->col[e], r };
      Ed *src = x, *dst = y;
      for (int sh = 0; sh < 64 && E > 1; sh += 16)
        {
          memset (count, 0, 65536 * sizeof *count);
          for (size_t i = 0; i < E; i++)
            count[(dbl_key (src[i].c) >> sh) & 0xffff]++;
          if (count[(dbl_key (src[0].c) >> sh) & 0xffff] == E)
            continue;
          size_t pos = 0;
          for (size_t b = 0; b < 65536; b++)
            {
              size_t c = count[b];
              count[b] = pos;
              pos += c;
            }
          for (size_t i = 0; i < E; i++)
            dst[count[(dbl_key (src[i].c) >> sh) & 0xffff]++] = src[i];
          Ed *t = src;
          src = dst;
          dst = t;
        }
      int *fill = malloc (((size_t) o->nr + 1) * sizeof (int));
      ok = fill != NULL;
      if (ok)
        {
          memcpy (fill, o->start, (size_t) o->nr * sizeof (int));
          for (size_t i = 0; i < E; i++)
            {
              int k = fill[src[i].row]++;
              sr->col[k] = src[i].col;
              sr->cost[k] = src[i].c;
              vals[i] = src[i].c;
            }
          free (fill);
        }
    }
  free (x);
  free (y);
  free (count);
  return ok;
}

/* Is there a permutation using only costs <= t? Leaves the matching in h.
 * Without padding, the previous matching (its pairs <= t) is the start;
 * cost (nr): the cost of each row's matched pair. */
static bool
bn_feasible (Hk *h, const Oriented *o, const SortedRows *sr, double t,
             double *mcost)
{
  if (o->nr == o->nc)
    {
      for (int r = 0; r < o->nr; r++)
        if (h->mr[r] >= 0 && !(mcost[r] <= t))
          {
            h->mc[h->mr[r]] = -1;
            h->mr[r] = -1;
          }
      bn_edges (h, o, sr, t, false);
      bool ok = shl_assign_hk_run (h) == o->nr;
      /* the costs of the pairs: the cheapest edge to the column (rows are
       * sorted by cost, so the first one found) */
      for (int r = 0; r < o->nr; r++)
        if (h->mr[r] >= 0)
          {
            double c = INFINITY;
            for (int e = o->start[r]; e < o->start[r + 1]; e++)
              if (sr->col[e] == h->mr[r])
                {
                  c = sr->cost[e];
                  break;
                }
            mcost[r] = c;
          }
      return ok;
    }
  for (int r = 0; r < o->nr; r++)
    h->mr[r] = -1;
  for (int j = 0; j < o->nc; j++)
    h->mc[j] = -1;
  if (o->nr < o->nc)
    {
      int heavy = 0;
      for (int j = 0; j < o->nc; j++)
        heavy += !(o->pad[j] <= t);
      if (heavy > o->nr)
        return false;
      if (heavy > 0)
        {
          bn_edges (h, o, sr, t, true);
          if (shl_assign_hk_run (h) < heavy)
            return false;
        }
    }
  bn_edges (h, o, sr, t, false);
  return shl_assign_hk_run (h) == o->nr;
}

/* Does the sparse problem (all its edges usable) admit a permutation?
 * 1 yes, 0 no, -1 bad input or no memory. */
int
shl_assign_sparse_feasible (const ShlSparseCost *c)
{
  if (!shl_assign_sparse_valid (c))
    return -1;
  int M = c->n_rows > c->n_cols ? c->n_rows : c->n_cols;
  if (M == 0)
    return 1;
  Oriented o;
  Hk h;
  memset (&h, 0, sizeof h);
  int res = -1;
  if (!shl_assign_oriented_make (&o, c)
      || !shl_assign_hk_init (&h, o.nr, o.nc, 0))
    goto out;
  for (int r = 0; r < o.nr; r++)
    h.mr[r] = -1;
  for (int j = 0; j < o.nc; j++)
    h.mc[j] = -1;
  /* pad rows: the columns they cannot take must be matched first */
  if (o.nr < o.nc)
    {
      int heavy = 0, k = 0;
      for (int j = 0; j < o.nc; j++)
        heavy += !(o.pad[j] < INFINITY);
      if (heavy > o.nr)
        {
          res = 0;
          goto out;
        }
      free (h.buf);
      h.buf = malloc (((size_t) o.start[o.nr] + 1) * sizeof (int));
      if (!h.buf)
        goto out;
      for (int r = 0; r < o.nr; r++)
        {
          h.start[r] = k;
          for (int e = o.start[r]; e < o.start[r + 1]; e++)
            if (!(o.pad[o.col[e]] < INFINITY))
              h.buf[k++] = o.col[e];
          h.end[r] = k;
        }
      h.adj = h.buf;
      if (heavy > 0 && shl_assign_hk_run (&h) < heavy)
        {
          res = 0;
          goto out;
        }
    }
  h.adj = o.col;
  for (int r = 0; r < o.nr; r++)
    {
      h.start[r] = o.start[r];
      h.end[r] = o.start[r + 1];
    }
  res = shl_assign_hk_run (&h) == o.nr;
out:
  shl_assign_oriented_clear (&o);
  shl_assign_hk_clear (&h);
  return res;
}

double
shl_assign_bottleneck_sparse (int *perm, const ShlSparseCost *c)
{
  if (!shl_assign_sparse_valid (c) || !perm)
    return NAN;
  int M = c->n_rows > c->n_cols ? c->n_rows : c->n_cols;
  if (M == 0)
    return -INFINITY;
  Oriented o;
  Hk h;
  double *vals = NULL, *mcost = NULL;
  int *edge = NULL;
  double result = NAN;
  SortedRows sr = { NULL, NULL };
  memset (&h, 0, sizeof h);
  bool ok = shl_assign_oriented_make (&o, c);
  size_t E = (size_t) c->start[c->n_rows];
  ok = ok && shl_assign_hk_init (&h, o.nr, o.nc, E);
  vals = ok ? malloc ((E + (size_t) M + 1) * sizeof (double)) : NULL;
  edge = ok ? malloc (((size_t) o.nr + 1) * sizeof (int)) : NULL;
  mcost = ok ? malloc (((size_t) o.nr + 1) * sizeof (double)) : NULL;
  if (!vals || !edge || !mcost)
    goto out;
  for (int r = 0; r < o.nr; r++)
    h.mr[r] = -1;
  for (int j = 0; j < o.nc; j++)
    h.mc[j] = -1;

  /* the rows sorted by cost; the candidate values, sorted and distinct */
  if (!sort_rows (&sr, &o, vals))
    goto out;
  size_t nv = E;
  if (o.nr < o.nc)
    {
      for (int j = 0; j < o.nc; j++)
        if (o.pad[j] != INFINITY && !isnan (o.pad[j]))
          vals[nv++] = o.pad[j];
      sort_doubles (vals, nv);
    }
  size_t nu = 0;
  for (size_t k = 0; k < nv; k++)
    if (!isnan (vals[k]) && (nu == 0 || vals[k] != vals[nu - 1]))
      vals[nu++] = vals[k];
  if (nu == 0 || !bn_feasible (&h, &o, &sr, vals[nu - 1], mcost))
    {
      for (int i = 0; i < M; i++)
        perm[i] = i;
      result = INFINITY;
      goto out;
    }
  /* a lower bound: every real row needs an edge, every column an edge or
   * (with pad rows) its pad slot */
  double lb = -INFINITY;
  for (int r = 0; r < o.nr; r++)
    {
      double mn = INFINITY;
      for (int e = o.start[r]; e < o.start[r + 1]; e++)
        mn = fmin (mn, o.cost[e]);
      lb = fmax (lb, mn);
    }
  {
    double *cmin = mcost; /* scratch: nr <= nc, so reuse needs nc */
    double *cm = malloc (((size_t) o.nc + 1) * sizeof (double));
    if (cm)
      {
        for (int j = 0; j < o.nc; j++)
          cm[j] = o.nr < o.nc ? o.pad[j] : INFINITY;
        for (int e = 0; e < o.start[o.nr]; e++)
          cm[o.col[e]] = fmin (cm[o.col[e]], o.cost[e]);
        for (int j = 0; j < o.nc; j++)
          lb = fmax (lb, cm[j]);
        free (cm);
      }
    (void) cmin;
  }
  size_t lo = 0, hi = nu - 1; /* vals[hi] is feasible */
  while (lo < hi && vals[lo] < lb)
    lo++;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (bn_feasible (&h, &o, &sr, vals[mid], mcost))
        hi = mid;
      else
        lo = mid + 1;
    }
  bn_feasible (&h, &o, &sr, vals[hi], mcost);
  /* the chosen edges: the cheapest edge to the matched column */
  for (int r = 0; r < o.nr; r++)
    {
      edge[r] = -1;
      for (int e = o.start[r]; e < o.start[r + 1]; e++)
        if (o.col[e] == h.mr[r] && o.cost[e] <= vals[hi]
            && (edge[r] < 0 || o.cost[e] < o.cost[edge[r]]))
          edge[r] = e;
    }
  shl_assign_oriented_perm (perm, &o, h.mr);
  result = -INFINITY;
  for (int i = 0; i < M; i++)
    result = fmax (result, shl_assign_sparse_pair_cost (c, &o, edge, perm, i));

out:
  if (ok || o.orig)
    shl_assign_oriented_clear (&o);
  shl_assign_hk_clear (&h);
  free (vals);
  free (edge);
  free (mcost);
  free (sr.col);
  free (sr.cost);
  return result;
}
