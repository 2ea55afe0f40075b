/* shl-assign-graph.c: the pieces the sparse solvers share: growable edge
 * lists in row order (compressed rows), Hopcroft-Karp on compressed rows,
 * and the orientation of a sparse cost (n_rows <= n_cols, pads on the
 * row side).
 *
 * Plain C + libm, no GLib. */
#include "shl-assign-private.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================== */
/* Sparse problems                                                          */
/* ======================================================================== */

bool
shl_assign_edges_init (EdgeList *el, int n_rows)
{
  memset (el, 0, sizeof *el);
  el->n_rows = n_rows;
  el->start = calloc ((size_t) n_rows + 1, sizeof (int));
  return el->start != NULL;
}

void
shl_assign_edges_clear (EdgeList *el)
{
  free (el->start);
  free (el->col);
  free (el->cost);
  memset (el, 0, sizeof *el);
}

bool
shl_assign_edges_push (EdgeList *el, int j, double c)
{
  if (el->n == el->cap)
    {
      size_t cap = el->cap ? 2 * el->cap : 1024;
      int *pc = realloc (el->col, cap * sizeof *pc);
      if (!pc)
        return false;
      el->col = pc;
      double *pd = realloc (el->cost, cap * sizeof *pd);
      if (!pd)
        return false;
      el->cost = pd;
      el->cap = cap;
    }
  el->col[el->n] = j;
  el->cost[el->n] = c;
  el->n++;
  return true;
}

/* ------------------------------------------------------------------------ */
/* Hopcroft-Karp on compressed rows                                         */

bool
shl_assign_hk_init (Hk *h, int nr, int nc, size_t n_edges)
{
  memset (h, 0, sizeof *h);
  h->nr = nr;
  h->nc = nc;
  size_t r = (size_t) nr + 1, c = (size_t) nc + 1;
  h->start = malloc (r * sizeof (int));
  h->end = malloc (r * sizeof (int));
  h->buf = malloc ((n_edges + 1) * sizeof (int));
  h->mr = malloc (r * sizeof (int));
  h->mc = malloc (c * sizeof (int));
  h->dist = malloc (r * sizeof (int));
  h->it = malloc (r * sizeof (int));
  h->stack = malloc (r * sizeof (int));
  h->queue = malloc (r * sizeof (int));
  return h->start && h->end && h->buf && h->mr && h->mc && h->dist && h->it
         && h->stack && h->queue;
}

void
shl_assign_hk_clear (Hk *h)
{
  free (h->start);
  free (h->end);
  free (h->buf);
  free (h->mr);
  free (h->mc);
  free (h->dist);
  free (h->it);
  free (h->stack);
  free (h->queue);
}

static bool
shk_bfs (Hk *h)
{
  int head = 0, tail = 0;
  bool found = false;
  for (int r = 0; r < h->nr; r++)
    if (h->mr[r] < 0)
      {
        h->dist[r] = 0;
        h->queue[tail++] = r;
      }
    else
      h->dist[r] = INT_MAX;
  while (head < tail)
    {
      int r = h->queue[head++];
      for (int k = h->start[r]; k < h->end[r]; k++)
        {
          int r2 = h->mc[h->adj[k]];
          if (r2 < 0)
            found = true;
          else if (h->dist[r2] == INT_MAX)
            {
              h->dist[r2] = h->dist[r] + 1;
              h->queue[tail++] = r2;
            }
        }
    }
  return found;
}

static bool
shk_dfs (Hk *h, int root)
{
  int top = 0;
  h->stack[top++] = root;
  while (top > 0)
    {
      int r = h->stack[top - 1];
      if (h->it[r] == h->end[r])
        {
          h->dist[r] = INT_MAX;
          top--;
          if (top > 0)
            h->it[h->stack[top - 1]]++;
          continue;
        }
      int c = h->adj[h->it[r]];
      int r2 = h->mc[c];
      if (r2 < 0)
        {
          for (int k = top - 1; k >= 0; k--)
            {
              int rr = h->stack[k];
              int cc = h->adj[h->it[rr]];
              h->mr[rr] = cc;
              h->mc[cc] = rr;
            }
          return true;
        }
      if (h->dist[r2] != INT_MAX && h->dist[r2] == h->dist[r] + 1)
        h->stack[top++] = r2;
      else
        h->it[r]++;
    }
  return false;
}

/* grow the current matching to a maximum one on the usable edges; returns
 * the number of matched rows */
int
shl_assign_hk_run (Hk *h)
{
  int matched = 0;
  for (int r = 0; r < h->nr; r++)
    {
      if (h->mr[r] < 0)
        for (int e = h->start[r]; e < h->end[r]; e++)
          if (h->mc[h->adj[e]] < 0)
            {
              h->mr[r] = h->adj[e];
              h->mc[h->adj[e]] = r;
              break;
            }
      matched += h->mr[r] >= 0;
    }
  while (matched < h->nr && shk_bfs (h))
    {
      int before = matched;
      for (int r = 0; r < h->nr; r++)
        h->it[r] = h->start[r];
      for (int r = 0; r < h->nr; r++)
        if (h->mr[r] < 0 && shk_dfs (h, r))
          matched++;
      if (matched == before)
        break;
    }
  return matched;
}

/* ------------------------------------------------------------------------ */
/* Orientation: the solvers want n_rows <= n_cols (pads on the row side)    */

void
shl_assign_oriented_clear (Oriented *o)
{
  if (o->owned)
    {
      free (o->start);
      free (o->col);
      free (o->cost);
    }
  free (o->orig);
}

bool
shl_assign_oriented_make (Oriented *o, const ShlSparseCost *c)
{
  memset (o, 0, sizeof *o);
  size_t E = (size_t) c->start[c->n_rows];
  o->orig = malloc ((E + 1) * sizeof (int));
  if (!o->orig)
    return false;
  if (c->n_rows <= c->n_cols)
    {
      o->nr = c->n_rows;
      o->nc = c->n_cols;
      o->start = (int *) c->start;
      o->col = (int *) c->col;
      o->cost = (double *) c->cost;
      o->pad = c->pad;
      for (size_t e = 0; e < E; e++)
        o->orig[e] = (int) e;
      return true;
    }
  o->transposed = true;
  o->owned = true;
  o->nr = c->n_cols;
  o->nc = c->n_rows;
  o->pad = c->pad;
  o->start = calloc ((size_t) o->nr + 2, sizeof (int));
  o->col = malloc ((E + 1) * sizeof (int));
  o->cost = malloc ((E + 1) * sizeof (double));
  if (!o->start || !o->col || !o->cost)
    return false;
  for (size_t e = 0; e < E; e++)
    o->start[c->col[e] + 1]++;
  for (int j = 0; j < o->nr; j++)
    o->start[j + 1] += o->start[j];
  int *fill = malloc (((size_t) o->nr + 1) * sizeof (int));
  if (!fill)
    return false;
  memcpy (fill, o->start, (size_t) o->nr * sizeof (int));
  for (int i = 0; i < c->n_rows; i++)
    for (int e = c->start[i]; e < c->start[i + 1]; e++)
      {
        int k = fill[c->col[e]]++;
        o->col[k] = i;
        o->cost[k] = c->cost[e];
        o->orig[k] = e;
      }
  free (fill);
  return true;
}

bool
shl_assign_sparse_valid (const ShlSparseCost *c)
{
  if (!c || c->n_rows < 0 || c->n_cols < 0 || !c->start)
    return false;
  if (c->n_rows != c->n_cols && !c->pad)
    return false;
  if (c->start[c->n_rows] > 0 && (!c->col || !c->cost))
    return false;
  return true;
}

/* perm (M) of the caller's problem from the matches of the oriented one:
 * mr (o->nr) the column of each oriented row; the pad rows take the
 * remaining columns in increasing order */
void
shl_assign_oriented_perm (int *perm, const Oriented *o, const int *mr)
{
  int M = o->nc;
  int *pm = malloc ((size_t) M * sizeof (int)); /* oriented perm */
  bool *used = calloc ((size_t) M + 1, sizeof (bool));
  if (!pm || !used)
    {
      free (pm);
      free (used);
      for (int i = 0; i < M; i++)
        perm[i] = i;
      return;
    }
  for (int r = 0; r < o->nr; r++)
    {
      pm[r] = mr[r];
      used[mr[r]] = true;
    }
  int r = o->nr;
  for (int j = 0; j < M; j++)
    if (!used[j])
      pm[r++] = j;
  if (!o->transposed)
    memcpy (perm, pm, (size_t) M * sizeof (int));
  else
    for (int k = 0; k < M; k++)
      perm[pm[k]] = k;
  free (pm);
  free (used);
}

/* cost of the caller's pair (i, perm[i]) for the chosen edges: edge[r]
 * (oriented row r's chosen edge, oriented index) */
double
shl_assign_sparse_pair_cost (const ShlSparseCost *c, const Oriented *o,
                             const int *edge, const int *perm, int i)
{
  int j = perm[i];
  if (i >= c->n_rows)
    return c->pad[j];
  if (j >= c->n_cols)
    return c->pad[i];
  int r = o->transposed ? j : i;
  return c->cost[o->orig[edge[r]]];
}

int
shl_assign_double_cmp (const void *pa, const void *pb)
{
  double x = *(const double *) pa, y = *(const double *) pb;
  return (x > y) - (x < y);
}
