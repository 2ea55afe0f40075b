/* shl-assign.c: bottleneck and minimum-sum assignment.
 *
 * Bottleneck: the optimal value is one of the matrix entries, and "there is
 * a permutation using only pairs of cost <= t" is monotone in t, so a binary
 * search over the entries in sorted order finds the smallest feasible t.
 * The sorted order is never built: each step takes the median of the
 * remaining candidate window by quickselect and halves the window (expected
 * O(n^2) in all instead of O(n^2 log n) for sorting; 7x faster at n = 512).
 * Feasibility is a perfect-matching test (Hopcroft-Karp on the pairs of cost
 * <= t, stored as compressed rows), warm-started from the matching of the
 * previous test with the pairs above t removed.
 *
 * Hungarian: the shortest-augmenting-path form with row and column
 * potentials (Kuhn-Munkres as refined by Jonker-Volgenant, in the compact
 * O(n^3) formulation): rows are added one by one; a Dijkstra-like sweep over
 * reduced costs finds the cheapest augmenting path of the new row, and the
 * potentials keep every reduced cost non-negative. A forbidden pair
 * (+INFINITY) never enters a path; if a new row reaches no free column,
 * no permutation avoids the forbidden pairs.
 *
 * Plain C + libm, no GLib. */
#include "shl-assign.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* a pair may be used */
static inline bool
allowed (double c)
{
  return !isnan (c) && c != INFINITY;
}

#define SWAP_D(a, b)                                                       \
  do                                                                         \
    {                                                                        \
      double swap__ = (a);                                                   \
      (a) = (b);                                                             \
      (b) = swap__;                                                          \
    }                                                                        \
  while (0)

static void
set_identity (int *perm, int n)
{
  for (int i = 0; i < n; i++)
    perm[i] = i;
}

double
shl_assign_max (const double *cost, const int *perm, int n)
{
  double r = -INFINITY;
  for (int i = 0; i < n; i++)
    {
      double c = cost[(size_t) i * (size_t) n + (size_t) perm[i]];
      r = fmax (r, allowed (c) ? c : INFINITY);
    }
  return r;
}

double
shl_assign_sum (const double *cost, const int *perm, int n)
{
  double r = 0.0;
  for (int i = 0; i < n; i++)
    {
      double c = cost[(size_t) i * (size_t) n + (size_t) perm[i]];
      r += allowed (c) ? c : INFINITY;
    }
  return r;
}

/* ------------------------------------------------------------------------ */
/* Hopcroft-Karp on the pairs with cost <= t                                */

typedef struct {
  int     n;
  int    *start;      /* (n + 1) compressed rows: row r's columns are */
  int    *adj;        /* (n * n)  adj[start[r] .. start[r + 1] - 1] */
  int    *match_row;  /* (n) column of row r, -1 if free */
  int    *match_col;  /* (n) row of column c, -1 if free */
  int    *dist;       /* (n) BFS layer of a row, INT_MAX: unreachable/dead */
  int    *it;         /* (n) DFS: next edge of row r to try */
  int    *stack;      /* (n) DFS path of rows */
  int    *queue;      /* (n) BFS queue */
} Matcher;

static void
matcher_clear (Matcher *mt)
{
  free (mt->start);
  free (mt->adj);
  free (mt->match_row);
  free (mt->match_col);
  free (mt->dist);
  free (mt->it);
  free (mt->stack);
  free (mt->queue);
}

static bool
matcher_init (Matcher *mt, int n)
{
  size_t un = (size_t) n;
  memset (mt, 0, sizeof *mt);
  mt->n = n;
  mt->start = malloc ((un + 1) * sizeof (int));
  mt->adj = malloc (un * un * sizeof (int));
  mt->match_row = malloc (un * sizeof (int));
  mt->match_col = malloc (un * sizeof (int));
  mt->dist = malloc (un * sizeof (int));
  mt->it = malloc (un * sizeof (int));
  mt->stack = malloc (un * sizeof (int));
  mt->queue = malloc (un * sizeof (int));
  if (!mt->start || !mt->adj || !mt->match_row || !mt->match_col || !mt->dist
      || !mt->it || !mt->stack || !mt->queue)
    {
      matcher_clear (mt);
      return false;
    }
  for (int i = 0; i < n; i++)
    mt->match_row[i] = mt->match_col[i] = -1;
  return true;
}

/* Layered BFS from the free rows. Returns true if a free column is
 * reachable by an alternating path. */
static bool
hk_bfs (Matcher *mt)
{
  int head = 0, tail = 0;
  bool found = false;
  for (int r = 0; r < mt->n; r++)
    {
      if (mt->match_row[r] < 0)
        {
          mt->dist[r] = 0;
          mt->queue[tail++] = r;
        }
      else
        mt->dist[r] = INT_MAX;
    }
  while (head < tail)
    {
      int r = mt->queue[head++];
      for (int k = mt->start[r]; k < mt->start[r + 1]; k++)
        {
          int r2 = mt->match_col[mt->adj[k]];
          if (r2 < 0)
            found = true;
          else if (mt->dist[r2] == INT_MAX)
            {
              mt->dist[r2] = mt->dist[r] + 1;
              mt->queue[tail++] = r2;
            }
        }
    }
  return found;
}

/* Iterative DFS along the BFS layers from the free row root; augments and
 * returns true if it reaches a free column. it[] points at the edge by
 * which each row on the stack continues, so augmenting just rematches every
 * row on the stack along its current edge. */
static bool
hk_dfs (Matcher *mt, int root)
{
  int top = 0;
  mt->stack[top++] = root;
  while (top > 0)
    {
      int r = mt->stack[top - 1];
      if (mt->it[r] == mt->start[r + 1])
        {
          /* exhausted: r leads nowhere in this phase */
          mt->dist[r] = INT_MAX;
          top--;
          if (top > 0)
            mt->it[mt->stack[top - 1]]++;
          continue;
        }
      int c = mt->adj[mt->it[r]];
      int r2 = mt->match_col[c];
      if (r2 < 0)
        {
          for (int k = top - 1; k >= 0; k--)
            {
              int rr = mt->stack[k];
              int cc = mt->adj[mt->it[rr]];
              mt->match_row[rr] = cc;
              mt->match_col[cc] = rr;
            }
          return true;
        }
      if (mt->dist[r2] != INT_MAX && mt->dist[r2] == mt->dist[r] + 1)
        mt->stack[top++] = r2;
      else
        mt->it[r]++;
    }
  return false;
}

/* Is there a perfect matching on the pairs with cost <= t? Starts from the
 * current matching (pairs above t removed) and leaves the maximum matching
 * found in match_row / match_col. */
static bool
matcher_feasible (Matcher *mt, const double *cost, double t)
{
  int n = mt->n;
  size_t un = (size_t) n;
  int k = 0;
  for (int r = 0; r < n; r++)
    {
      mt->start[r] = k;
      const double *row = cost + (size_t) r * un;
      for (int c = 0; c < n; c++)
        if (allowed (row[c]) && row[c] <= t)
          mt->adj[k++] = c;
    }
  mt->start[n] = k;

  int matched = 0;
  for (int r = 0; r < n; r++)
    {
      int c = mt->match_row[r];
      if (c >= 0 && !(cost[(size_t) r * un + (size_t) c] <= t))
        {
          mt->match_row[r] = -1;
          mt->match_col[c] = -1;
        }
    }
  /* greedy completion */
  for (int r = 0; r < n; r++)
    {
      if (mt->match_row[r] < 0)
        for (int e = mt->start[r]; e < mt->start[r + 1]; e++)
          {
            int c = mt->adj[e];
            if (mt->match_col[c] < 0)
              {
                mt->match_row[r] = c;
                mt->match_col[c] = r;
                break;
              }
          }
      matched += mt->match_row[r] >= 0;
    }

  while (matched < n && hk_bfs (mt))
    {
      int before = matched;
      for (int r = 0; r < n; r++)
        mt->it[r] = mt->start[r];
      for (int r = 0; r < n; r++)
        if (mt->match_row[r] < 0 && hk_dfs (mt, r))
          matched++;
      if (matched == before)
        break;  /* cannot happen: the BFS saw an augmenting path */
    }
  return matched == n;
}

/* Partially order x (n) so that x[k] is the k-th smallest, x[i] <= x[k]
 * for i < k and x[i] >= x[k] for i > k (quickselect, median-of-three
 * pivot, Hoare partition); returns x[k]. */
static double
select_kth (double *x, size_t n, size_t k)
{
  size_t lo = 0, hi = n - 1;
  while (hi > lo)
    {
      size_t mid = lo + (hi - lo) / 2;
      /* median of three into x[mid] */
      if (x[mid] < x[lo])
        SWAP_D (x[mid], x[lo]);
      if (x[hi] < x[lo])
        SWAP_D (x[hi], x[lo]);
      if (x[hi] < x[mid])
        SWAP_D (x[hi], x[mid]);
      double pivot = x[mid];
      size_t i = lo, j = hi;
      while (i <= j)
        {
          while (x[i] < pivot)
            i++;
          while (x[j] > pivot)
            j--;
          if (i <= j)
            {
              SWAP_D (x[i], x[j]);
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      /* now x[lo .. j] <= pivot <= x[i .. hi], and x[j + 1 .. i - 1] = pivot */
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }
  return x[k];
}

double
shl_assign_bottleneck (int *perm, const double *cost, int n)
{
  if (n < 0 || (n > 0 && (!cost || !perm)))
    return NAN;
  if (n == 0)
    return -INFINITY;

  size_t un = (size_t) n;
  /* lower bound: every row and every column needs one of its entries */
  double *colmin = malloc (un * sizeof (double));
  if (!colmin)
    return NAN;
  for (int c = 0; c < n; c++)
    colmin[c] = INFINITY;
  double lb = -INFINITY;
  bool infeasible = false;
  for (int r = 0; r < n; r++)
    {
      double rowmin = INFINITY;
      const double *row = cost + (size_t) r * un;
      for (int c = 0; c < n; c++)
        if (allowed (row[c]))
          {
            rowmin = fmin (rowmin, row[c]);
            colmin[c] = fmin (colmin[c], row[c]);
          }
      if (rowmin == INFINITY)
        infeasible = true;
      lb = fmax (lb, rowmin);
    }
  for (int c = 0; c < n; c++)
    {
      if (colmin[c] == INFINITY)
        infeasible = true;
      lb = fmax (lb, colmin[c]);
    }
  free (colmin);
  if (infeasible)
    {
      set_identity (perm, n);
      return INFINITY;
    }

  /* the candidate values: every allowed entry >= lb (unsorted) */
  size_t n_vals = 0;
  double vmax = lb;
  for (size_t k = 0; k < un * un; k++)
    if (allowed (cost[k]) && cost[k] >= lb)
      n_vals++;
  double *vals = malloc (n_vals * sizeof (double));
  int *best = malloc (un * sizeof (int));
  Matcher mt;
  if (!vals || !best || !matcher_init (&mt, n))
    {
      free (vals);
      free (best);
      return NAN;
    }
  n_vals = 0;
  for (size_t k = 0; k < un * un; k++)
    if (allowed (cost[k]) && cost[k] >= lb)
      {
        vals[n_vals++] = cost[k];
        vmax = fmax (vmax, cost[k]);
      }

  double result, best_t;
  /* the lower bound itself is often optimal (e.g. near-identical nets) */
  if (matcher_feasible (&mt, cost, lb))
    {
      memcpy (perm, mt.match_row, un * sizeof (int));
      result = shl_assign_max (cost, perm, n);
      goto out;
    }
  if (!matcher_feasible (&mt, cost, vmax))
    {
      set_identity (perm, n);
      result = INFINITY;
      goto out;
    }
  memcpy (best, mt.match_row, un * sizeof (int));
  best_t = vmax;

  /* Binary search by selection (no sorting): the optimum is one of the
   * values in the window vals[0 .. len - 1]. Split at the median: if it is
   * feasible, keep the values <= it, else those > it. Expected O(n^2)
   * selection work in all, plus one matching test per halving. */
  size_t len = n_vals;
  while (len > 1)
    {
      size_t k = (len - 1) / 2;
      double t = select_kth (vals, len, k);
      if (matcher_feasible (&mt, cost, t))
        {
          memcpy (best, mt.match_row, un * sizeof (int));
          best_t = t;
          len = k + 1;            /* vals[0 .. k] <= t, vals[k] = t */
        }
      else
        {
          size_t w = 0;           /* keep the values > t */
          for (size_t i = k + 1; i < len; i++)
            if (vals[i] > t)
              vals[w++] = vals[i];
          len = w;
        }
    }
  if (len == 1 && vals[0] != best_t)
    {
      /* the last value standing was never tested: it is feasible */
      if (matcher_feasible (&mt, cost, vals[0]))
        memcpy (best, mt.match_row, un * sizeof (int));
    }
  memcpy (perm, best, un * sizeof (int));
  result = shl_assign_max (cost, perm, n);

out:
  matcher_clear (&mt);
  free (vals);
  free (best);
  return result;
}

/* ------------------------------------------------------------------------ */
/* Hungarian                                                                */

double
shl_assign_hungarian (int *perm, const double *cost, int n)
{
  if (n < 0 || (n > 0 && (!cost || !perm)))
    return NAN;
  if (n == 0)
    return 0.0;
  size_t un = (size_t) n;
  for (size_t k = 0; k < un * un; k++)
    if (cost[k] == -INFINITY)
      return NAN;

  /* 1-based: row 0 / column 0 are the virtual start of each search.
   * u (n + 1) row potentials, v (n + 1) column potentials, p (n + 1) the
   * row matched to column j (0: free), way (n + 1) the predecessor column
   * on the shortest path, minv (n + 1) tentative reduced distances. */
  double *u = calloc (un + 1, sizeof (double));
  double *v = calloc (un + 1, sizeof (double));
  double *minv = malloc ((un + 1) * sizeof (double));
  int *p = calloc (un + 1, sizeof (int));
  int *way = calloc (un + 1, sizeof (int));
  bool *used = malloc ((un + 1) * sizeof (bool));
  double result = NAN;
  if (!u || !v || !minv || !p || !way || !used)
    goto out;

  for (int i = 1; i <= n; i++)
    {
      p[0] = i;
      int j0 = 0;
      for (int j = 0; j <= n; j++)
        {
          minv[j] = INFINITY;
          used[j] = false;
        }
      do
        {
          used[j0] = true;
          int i0 = p[j0], j1 = -1;
          double delta = INFINITY;
          const double *row = cost + (size_t) (i0 - 1) * un;
          for (int j = 1; j <= n; j++)
            if (!used[j])
              {
                /* NaN compares false: a NaN entry acts as forbidden */
                double cur = row[j - 1] - u[i0] - v[j];
                if (cur < minv[j])
                  {
                    minv[j] = cur;
                    way[j] = j0;
                  }
                if (minv[j] < delta)
                  {
                    delta = minv[j];
                    j1 = j;
                  }
              }
          if (j1 < 0)
            {
              /* row i reaches no free column through allowed pairs */
              set_identity (perm, n);
              result = INFINITY;
              goto out;
            }
          for (int j = 0; j <= n; j++)
            if (used[j])
              {
                u[p[j]] += delta;
                v[j] -= delta;
              }
            else
              minv[j] -= delta;
          j0 = j1;
        }
      while (p[j0] != 0);
      do
        {
          int j1 = way[j0];
          p[j0] = p[j1];
          j0 = j1;
        }
      while (j0 != 0);
    }
  for (int j = 1; j <= n; j++)
    perm[p[j] - 1] = j - 1;
  result = shl_assign_sum (cost, perm, n);

out:
  free (u);
  free (v);
  free (minv);
  free (p);
  free (way);
  free (used);
  return result;
}

/* ======================================================================== */
/* Sparse problems                                                          */
/* ======================================================================== */

/* A growable edge list in row order, turned into compressed rows. */
typedef struct {
  int    *start;   /* (n_rows + 1) */
  int    *col;
  double *cost;
  size_t  n, cap;
  int     n_rows;
} EdgeList;

static bool
edges_init (EdgeList *el, int n_rows)
{
  memset (el, 0, sizeof *el);
  el->n_rows = n_rows;
  el->start = calloc ((size_t) n_rows + 1, sizeof (int));
  return el->start != NULL;
}

static void
edges_clear (EdgeList *el)
{
  free (el->start);
  free (el->col);
  free (el->cost);
  memset (el, 0, sizeof *el);
}

static bool
edges_push (EdgeList *el, int j, double c)
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

typedef struct {
  int        nr, nc;
  int       *start, *end; /* (nr + 1): row r's usable edges are */
  const int *adj;         /* adj[start[r] .. end[r] - 1] */
  int       *buf;         /* (E) scratch adjacency */
  int       *mr, *mc;     /* (nr), (nc): matches, -1 free */
  int       *dist, *it, *stack, *queue; /* (nr) each */
} Hk;

static bool
hk_init (Hk *h, int nr, int nc, size_t n_edges)
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

static void
hk_clear (Hk *h)
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
static int
hk_run (Hk *h)
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

typedef struct {
  int     nr, nc;     /* nr <= nc */
  int    *start, *col;
  double *cost;
  int    *orig;       /* (E) edge index in the caller's problem */
  const double *pad;  /* (nc) if nr < nc */
  bool    transposed;
  bool    owned;
} Oriented;

static void
oriented_clear (Oriented *o)
{
  if (o->owned)
    {
      free (o->start);
      free (o->col);
      free (o->cost);
    }
  free (o->orig);
}

static bool
oriented_make (Oriented *o, const ShlSparseCost *c)
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

static bool
sparse_valid (const ShlSparseCost *c)
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
static void
oriented_perm (int *perm, const Oriented *o, const int *mr)
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
static double
sparse_pair_cost (const ShlSparseCost *c, const Oriented *o, const int *edge,
                  const int *perm, int i)
{
  int j = perm[i];
  if (i >= c->n_rows)
    return c->pad[j];
  if (j >= c->n_cols)
    return c->pad[i];
  int r = o->transposed ? j : i;
  return c->cost[o->orig[edge[r]]];
}

static int
double_cmp (const void *pa, const void *pb)
{
  double x = *(const double *) pa, y = *(const double *) pb;
  return (x > y) - (x < y);
}

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
      qsort (x, n, sizeof *x, double_cmp);
      return true;
    }
  double *tmp = malloc (n * sizeof *tmp);
  size_t *count = malloc (65536 * sizeof *count);
  if (!tmp || !count)
    {
      free (tmp);
      free (count);
      qsort (x, n, sizeof *x, double_cmp);
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
      bool ok = hk_run (h) == o->nr;
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
          if (hk_run (h) < heavy)
            return false;
        }
    }
  bn_edges (h, o, sr, t, false);
  return hk_run (h) == o->nr;
}

/* Does the sparse problem (all its edges usable) admit a permutation?
 * 1 yes, 0 no, -1 bad input or no memory. */
static int
sparse_feasible (const ShlSparseCost *c)
{
  if (!sparse_valid (c))
    return -1;
  int M = c->n_rows > c->n_cols ? c->n_rows : c->n_cols;
  if (M == 0)
    return 1;
  Oriented o;
  Hk h;
  memset (&h, 0, sizeof h);
  int res = -1;
  if (!oriented_make (&o, c) || !hk_init (&h, o.nr, o.nc, 0))
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
      if (heavy > 0 && hk_run (&h) < heavy)
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
  res = hk_run (&h) == o.nr;
out:
  oriented_clear (&o);
  hk_clear (&h);
  return res;
}

double
shl_assign_bottleneck_sparse (int *perm, const ShlSparseCost *c)
{
  if (!sparse_valid (c) || !perm)
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
  bool ok = oriented_make (&o, c);
  size_t E = (size_t) c->start[c->n_rows];
  ok = ok && hk_init (&h, o.nr, o.nc, E);
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
  oriented_perm (perm, &o, h.mr);
  result = -INFINITY;
  for (int i = 0; i < M; i++)
    result = fmax (result, sparse_pair_cost (c, &o, edge, perm, i));

out:
  if (ok || o.orig)
    oriented_clear (&o);
  hk_clear (&h);
  free (vals);
  free (edge);
  free (mcost);
  free (sr.col);
  free (sr.cost);
  return result;
}

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

/* warm: perm, u, v hold a solution of the same problem with fewer edges
 * (the pricing rounds): its matching and potentials are the start, and
 * only the rows that a new edge undercuts are augmented again. */
static double
min_sum_sparse (int *perm, double *u, double *v, const ShlSparseCost *c,
                bool warm)
{
  if (!sparse_valid (c) || !perm)
    return NAN;
  int M = c->n_rows > c->n_cols ? c->n_rows : c->n_cols;
  if (M == 0)
    return 0.0;
  Oriented o;
  Ssp s;
  memset (&s, 0, sizeof s);
  int *order = NULL;
  double result = NAN;
  if (!oriented_make (&o, c))
    goto out;
  s.o = &o;
  s.nr = o.nr;
  s.nc = o.nc;
  s.S = o.nr;
  s.K = o.nc - o.nr;
  size_t R = (size_t) o.nr + 1, C = (size_t) o.nc + 1;
  s.u = calloc (R, sizeof (double));
  s.v = calloc (C, sizeof (double));
  s.mr = malloc (R * sizeof (int));
  s.me = malloc (R * sizeof (int));
  s.mc = malloc (C * sizeof (int));
  s.dist = malloc (C * sizeof (double));
  s.rdist = malloc (R * sizeof (double));
  s.prow = malloc (C * sizeof (int));
  s.pedge = malloc (C * sizeof (int));
  s.entry = malloc (R * sizeof (int));
  s.cstamp = calloc (C, sizeof (int));
  s.rstamp = calloc (R, sizeof (int));
  s.touched = malloc (C * sizeof (int));
  s.srows = malloc (R * sizeof (int));
  order = malloc (C * sizeof (int));
  if (!s.u || !s.v || !s.mr || !s.me || !s.mc || !s.dist || !s.rdist
      || !s.prow || !s.pedge || !s.entry || !s.cstamp || !s.rstamp
      || !s.touched || !s.srows || !order)
    goto out;
  for (int j = 0; j < o.nc; j++)
    s.mc[j] = -1;
  for (int r = 0; r < o.nr; r++)
    s.mr[r] = s.me[r] = -1;

  if (warm && u && v)
    {
      /* the previous solution, in this orientation: rows of o are the
       * caller's columns when transposed */
      const double *ur = o.transposed ? v : u, *vc = o.transposed ? u : v;
      int *pm = order; /* o's row -> column */
      if (!o.transposed)
        memcpy (pm, perm, (size_t) M * sizeof (int));
      else
        for (int i = 0; i < M; i++)
          pm[perm[i]] = i;
      for (int r = 0; r < o.nr; r++)
        s.u[r] = ur[r];
      if (s.K > 0)
        s.u[s.S] = ur[o.nr];
      for (int j = 0; j < o.nc; j++)
        s.v[j] = vc[j];
      for (int r = o.nr; r < M; r++)
        s.mc[pm[r]] = s.S;
      int n_freed = 0;
      double vfree = INFINITY;
      for (int r = 0; r < o.nr; r++)
        {
          double best = INFINITY;
          int me = -1;
          for (int e = o.start[r]; e < o.start[r + 1]; e++)
            {
              best = fmin (best, o.cost[e] - s.v[o.col[e]]);
              if (o.col[e] == pm[r])
                me = e;
            }
          double tol = 0x1p-40 * (fabs (s.u[r]) + fabs (best));
          if (best < s.u[r] - tol)
            s.u[r] = best; /* a new edge undercuts the row */
          if (me >= 0 && o.cost[me] - s.u[r] - s.v[pm[r]] <= tol)
            {
              s.mr[r] = pm[r];
              s.me[r] = me;
              s.mc[pm[r]] = r;
            }
          else
            {
              n_freed++;
              vfree = fmin (vfree, s.v[pm[r]]);
            }
        }
      /* the free columns share one potential (lowering keeps every
       * reduced cost >= 0) */
      if (n_freed > 0)
        for (int j = 0; j < o.nc; j++)
          if (s.mc[j] < 0)
            s.v[j] = fmin (s.v[j], vfree);
      goto augment;
    }

  /* the pad node starts with the K cheapest columns; its potential makes
   * every pad edge's reduced cost >= 0 (free columns keep v = 0) */
  if (s.K > 0)
    {
      int nf = 0;
      for (int j = 0; j < o.nc; j++)
        if (o.pad[j] < INFINITY)
          order[nf++] = j;
      if (nf < s.K)
        {
          result = INFINITY;
          goto infeasible;
        }
      qsort_r (order, (size_t) nf, sizeof (int), pad_idx_cmp, (void *) o.pad);
      s.u[s.S] = o.pad[order[s.K - 1]];
      for (int k = 0; k < s.K; k++)
        {
          int j = order[k];
          s.mc[j] = s.S;
          s.v[j] = o.pad[j] - s.u[s.S];
        }
    }
  /* row potentials, and a greedy start on the tight edges */
  for (int r = 0; r < o.nr; r++)
    {
      double best = INFINITY;
      int be = -1;
      for (int e = o.start[r]; e < o.start[r + 1]; e++)
        {
          double x = o.cost[e] - s.v[o.col[e]];
          if (x < best)
            {
              best = x;
              be = e;
            }
        }
      if (be < 0)
        {
          result = INFINITY;
          goto infeasible;
        }
      s.u[r] = best;
      int j = o.col[be];
      if (s.mc[j] < 0)
        {
          s.mc[j] = r;
          s.mr[r] = j;
          s.me[r] = be;
        }
    }
augment:;
  int round = 1;
  for (int r = 0; r < o.nr; r++)
    if (s.mr[r] < 0)
      {
        if (!ssp_augment (&s, r, round++))
          {
            result = INFINITY;
            goto infeasible;
          }
      }

  oriented_perm (perm, &o, s.mr);
  result = 0.0;
  for (int i = 0; i < M; i++)
    result += sparse_pair_cost (c, &o, s.me, perm, i);
  if (u || v)
    {
      double *ur = o.transposed ? v : u, *vc = o.transposed ? u : v;
      for (int i = 0; i < M && ur; i++)
        ur[i] = i < o.nr ? s.u[i] : s.u[s.S];
      for (int j = 0; j < M && vc; j++)
        vc[j] = s.v[j];
    }
  goto out;

infeasible:
  for (int i = 0; i < M; i++)
    perm[i] = i;
out:
  oriented_clear (&o);
  ssp_clear (&s);
  free (order);
  return result;
}

double
shl_assign_min_sum_sparse (int *perm, double *u, double *v,
                           const ShlSparseCost *c)
{
  return min_sum_sparse (perm, u, v, c, false);
}

/* ======================================================================== */
/* Geometric candidate generation                                           */
/* ======================================================================== */

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
static void
kd_set_vmax (KdTree *t, const double *v)
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
static int
kd_query_pot (const KdTree *t, const double *x, double u, const double *v,
              double (*radius) (void *, int, double, int), void *user, int i,
              int space, int *out)
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

static bool
geom_valid (const ShlAssignGeom *g)
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

/* The candidates of row i at threshold t: the columns within the radius
 * in the more selective space, plus the always list, in increasing order
 * and distinct (stamp (n_cols): scratch marks, tag: a fresh value). */
typedef struct {
  KdTree kd[2];
  double ext[2];  /* extent of the columns in each space */
  int    n_spaces;
} GeomIndex;

static void
geom_index_clear (GeomIndex *x)
{
  kd_clear (&x->kd[0]);
  kd_clear (&x->kd[1]);
}

static bool
geom_index_build (GeomIndex *x, const ShlAssignGeom *g)
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

static int
geom_candidates (const ShlAssignGeom *g, const GeomIndex *x, int i, double t,
                 int *buf, int *stamp, int tag)
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
static bool
edges_merge (EdgeList *el, const EdgeList *add)
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
static double
geom_dense (int *perm, const ShlAssignGeom *g, ShlAssignFlags flags,
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

double
shl_assign_bottleneck_geom (int *perm, const ShlAssignGeom *g,
                            ShlAssignFlags flags, long *n_evals)
{
  long evals = 0;
  if (!geom_valid (g) || !perm)
    return NAN;
  int nr = g->n_rows, nc = g->n_cols, M = nr > nc ? nr : nc;
  if (n_evals)
    *n_evals = 0;
  if (M == 0)
    return -INFINITY;
  GeomIndex gx;
  EdgeList el, add;
  memset (&gx, 0, sizeof gx);
  memset (&el, 0, sizeof el);
  memset (&add, 0, sizeof add);
  int *buf = malloc (((size_t) nc + (size_t) g->n_always + 1) * sizeof (int));
  int *stamp = calloc ((size_t) nc + 1, sizeof (int));
  int *mark = calloc ((size_t) nc + 1, sizeof (int));
  int tag = 0;
  double *pad2 = NULL, *padt = NULL;
  double result = NAN;
  bool ok = buf && stamp && mark && geom_index_build (&gx, g)
            && edges_init (&el, nr) && edges_init (&add, nr);
  if (!ok)
    goto out;

  /* a lower bound to start from: every sampled row needs a column, and
   * the pad slots need the cheapest of the other side */
  double t = 0.0, seed = 0.0;
  int n_sample = nr < 8 ? nr : 8;
  for (int q = 0; q < n_sample; q++)
    {
      int i = (int) ((long) q * nr / n_sample);
      double best = nr > nc ? g->pad[i] : INFINITY;
      for (int j = 0; j < nc; j++)
        {
          double c = g->cost (g->user, i, j);
          evals++;
          best = fmin (best, c);
          if (isfinite (c))
            seed = fmax (seed, c);
        }
      if (isfinite (best))
        t = fmax (t, best);
    }
  if (nr != nc)
    {
      int np = nr > nc ? nr : nc, K = abs (nr - nc);
      double *tmp = malloc ((size_t) np * sizeof (double));
      if (!tmp)
        goto out;
      int nf = 0;
      for (int q = 0; q < np; q++)
        if (isfinite (g->pad[q]))
          tmp[nf++] = g->pad[q];
      if (nf >= K)
        {
          qsort (tmp, (size_t) nf, sizeof *tmp, double_cmp);
          t = fmax (t, tmp[K - 1]);
        }
      free (tmp);
    }
  if (!(seed > 0.0))
    seed = 1.0;

  /* grow the threshold until the sparse optimum over the pairs <= t is
   * itself <= t (then no other pair can matter); the pairs evaluated in
   * earlier rounds are kept and reused */
  EdgeList sub;
  if (!edges_init (&sub, nr))
    goto out;
  padt = malloc (((size_t) M + 1) * sizeof (double));
  if (!padt)
    {
      edges_clear (&sub);
      goto out;
    }
  double cap = g->cap > 0.0 ? g->cap : INFINITY;
  size_t limit = (size_t) (0.25 * (double) nr * (double) nc) + 64;
  if (t > cap)
    t = cap;
  for (int round = 0;; round++)
    {
      if (round > 60)
        t = cap;
      add.n = 0;
      for (int i = 0; i < nr; i++)
        {
          add.start[i] = (int) add.n;
          if (el.n + add.n > limit)
            {
              /* far apart: most pairs are candidates, and the dense
               * matrix is both smaller and faster */
              edges_clear (&sub);
              result = geom_dense (perm, g, flags, &evals);
              if (result >= cap)
                goto capped;
              goto out;
            }
          int tg = ++tag;
          for (int e = el.start[i]; e < el.start[i + 1]; e++)
            mark[el.col[e]] = tg;
          int n = geom_candidates (g, &gx, i, t, buf, stamp, tg);
          for (int k = 0; k < n; k++)
            {
              int j = buf[k];
              if (mark[j] == tg
                  || (g->lower && g->lower (g->user, i, j) > t))
                continue;
              double c = g->cost (g->user, i, j);
              evals++;
              if (!isnan (c) && c != INFINITY && !edges_push (&add, j, c))
                {
                  edges_clear (&sub);
                  goto out;
                }
            }
        }
      add.start[nr] = (int) add.n;
      if (add.n > 0 && !edges_merge (&el, &add))
        {
          edges_clear (&sub);
          goto out;
        }
      /* the pairs <= t */
      sub.n = 0;
      for (int i = 0; i < nr; i++)
        {
          sub.start[i] = (int) sub.n;
          for (int e = el.start[i]; e < el.start[i + 1]; e++)
            if (el.cost[e] <= t && !edges_push (&sub, el.col[e], el.cost[e]))
              {
                edges_clear (&sub);
                goto out;
              }
        }
      sub.start[nr] = (int) sub.n;
      /* a growing round that fails needs only one matching test; pads
       * above t are forbidden in it */
      ShlSparseCost sc = { nr, nc, sub.start, sub.col, sub.cost, g->pad };
      double b = INFINITY;
      int feasible = 1;
      if (t != INFINITY)
        {
          int np = nr > nc ? nr : nc;
          if (nr != nc)
            for (int q = 0; q < np; q++)
              padt[q] = g->pad[q] <= t ? g->pad[q] : INFINITY;
          ShlSparseCost st = { nr, nc, sub.start, sub.col, sub.cost,
                               nr != nc ? padt : NULL };
          feasible = sparse_feasible (&st);
        }
      if (feasible < 0)
        {
          edges_clear (&sub);
          goto out;
        }
      if (feasible)
        {
          b = shl_assign_bottleneck_sparse (perm, &sc);
          if (isnan (b))
            {
              edges_clear (&sub);
              goto out;
            }
        }
      if (b <= t || t == INFINITY)
        {
          result = b;
          break;
        }
      if (t >= cap)
        {
          edges_clear (&sub);
          goto capped;
        }
      double grow = t > 0.0 ? 2.0 * t : seed;
      t = isfinite (b) ? fmin (b, grow) : grow;
      if (t > cap)
        t = cap;
    }
  edges_clear (&sub);
  if (result >= cap)
    goto capped;

  if ((flags & SHL_ASSIGN_REFINE) && isfinite (result) && M > 1)
    {
      /* among the bottleneck-optimal permutations, the least sum: every
       * pair <= the bottleneck is among the edges */
      size_t k = 0;
      for (int i = 0; i < nr; i++)
        {
          int s0 = el.start[i];
          el.start[i] = (int) k;
          for (int e = s0; e < el.start[i + 1]; e++)
            if (el.cost[e] <= result)
              {
                el.col[k] = el.col[e];
                el.cost[k] = el.cost[e];
                k++;
              }
        }
      el.start[nr] = (int) k;
      if (nr != nc)
        {
          int np = nr > nc ? nr : nc;
          pad2 = malloc ((size_t) np * sizeof (double));
          if (!pad2)
            goto out;
          for (int q = 0; q < np; q++)
            pad2[q] = g->pad[q] <= result ? g->pad[q] : INFINITY;
        }
      int *perm2 = malloc ((size_t) M * sizeof (int));
      if (!perm2)
        goto out;
      ShlSparseCost sc = { nr, nc, el.start, el.col, el.cost, pad2 };
      double s = shl_assign_min_sum_sparse (perm2, NULL, NULL, &sc);
      if (isfinite (s))
        memcpy (perm, perm2, (size_t) M * sizeof (int));
      free (perm2);
    }

  goto out;

capped:
  for (int i = 0; i < M; i++)
    perm[i] = i;
  result = INFINITY;
out:
  if (n_evals)
    *n_evals = evals;
  geom_index_clear (&gx);
  edges_clear (&el);
  edges_clear (&add);
  free (buf);
  free (stamp);
  free (mark);
  free (pad2);
  free (padt);
  return result;
}

double
shl_assign_min_sum_geom (int *perm, const ShlAssignGeom *g, long *n_evals)
{
  long evals = 0;
  if (!geom_valid (g) || !perm)
    return NAN;
  int nr = g->n_rows, nc = g->n_cols, M = nr > nc ? nr : nc;
  if (n_evals)
    *n_evals = 0;
  if (M == 0)
    return 0.0;
  GeomIndex gx;
  EdgeList el, add;
  memset (&gx, 0, sizeof gx);
  memset (&el, 0, sizeof el);
  memset (&add, 0, sizeof add);
  int *buf = malloc (((size_t) nc + (size_t) g->n_always + 1) * sizeof (int));
  int *stamp = calloc ((size_t) nc + 1, sizeof (int));
  int *mark = calloc ((size_t) nc + 1, sizeof (int));
  int tag = 0;
  double *u = malloc ((size_t) M * sizeof (double));
  double *v = malloc ((size_t) M * sizeof (double));
  double result = NAN;
  bool ok = buf && stamp && mark && u && v && geom_index_build (&gx, g)
            && edges_init (&el, nr) && edges_init (&add, nr);
  if (!ok)
    goto out;

  /* first candidates: for each row, the columns within a threshold grown
   * until there are enough, ranked by the lower bound; the k best are
   * evaluated (more on a second try if that leaves no permutation) */
  double *lb = malloc (((size_t) nc + (size_t) g->n_always + 1) * sizeof (double));
  if (!lb)
    goto out;
  double t0 = INFINITY;
  {
    /* a starting threshold: the cheapest pair of a few sampled rows */
    int n_sample = nr < 8 ? nr : 8;
    double mins[8];
    for (int q = 0; q < n_sample; q++)
      {
        int i = (int) ((long) q * nr / n_sample);
        mins[q] = INFINITY;
        for (int j = 0; j < nc; j++)
          {
            mins[q] = fmin (mins[q], g->cost (g->user, i, j));
            evals++;
          }
      }
    for (int q = 0; q < n_sample; q++)
      t0 = fmin (t0, mins[q]);
    if (!(t0 > 0.0) || !isfinite (t0))
      t0 = 0x1p-30;
  }
  for (int k = 6;; k *= 3)
    {
      el.n = 0;
      for (int i = 0; i < nr; i++)
        {
          el.start[i] = (int) el.n;
          int n = 0, want = k < nc ? k : nc;
          for (double t = t0;; t *= 4.0)
            {
              n = geom_candidates (g, &gx, i, t, buf, stamp, ++tag);
              if (n >= 2 * want || n >= nc || !isfinite (t))
                break;
              if (t > 1e300)
                t = INFINITY / 4.0;
            }
          /* the hint's pair first */
          if (g->hint && g->hint[i] < nc)
            {
              bool found = false;
              for (int q = 0; q < n && !found; q++)
                found = buf[q] == g->hint[i];
              if (!found)
                buf[n++] = g->hint[i];
            }
          /* evaluate them and keep the want cheapest (and the hint's) */
          for (int q = 0; q < n; q++)
            {
              lb[q] = g->cost (g->user, i, buf[q]);
              evals++;
            }
          for (int q = 0; q < n && q < want; q++)
            {
              int best = q;
              for (int r = q + 1; r < n; r++)
                if (lb[r] < lb[best])
                  best = r;
              double tl = lb[q];
              lb[q] = lb[best];
              lb[best] = tl;
              int tj = buf[q];
              buf[q] = buf[best];
              buf[best] = tj;
              if (!isnan (lb[q]) && lb[q] != INFINITY
                  && !edges_push (&el, buf[q], lb[q]))
                {
                  free (lb);
                  goto out;
                }
            }
          if (g->hint && g->hint[i] < nc)
            for (int q = want; q < n; q++)
              if (buf[q] == g->hint[i])
                {
                  if (!isnan (lb[q]) && lb[q] != INFINITY
                      && !edges_push (&el, buf[q], lb[q]))
                    {
                      free (lb);
                      goto out;
                    }
                  break;
                }
        }
      el.start[nr] = (int) el.n;
      ShlSparseCost sc = { nr, nc, el.start, el.col, el.cost, g->pad };
      result = shl_assign_min_sum_sparse (perm, u, v, &sc);
      if (isnan (result) || isfinite (result) || k >= nc)
        break;
    }
  free (lb);
  if (isnan (result))
    goto out;

  /* price out the pairs left out: a pair (i, j) can lower the sum only if
   * cost (i, j) < u[i] + v[j]; the search prunes each k-d node with the
   * largest v below it (in the space that is more selective at u[i] +
   * max v) */
  for (int round = 0; isfinite (result); round++)
    {
      double vmax = -INFINITY;
      for (int j = 0; j < nc; j++)
        vmax = fmax (vmax, v[j]);
      for (int q = 0; q < gx.n_spaces; q++)
        kd_set_vmax (&gx.kd[q], v);
      add.n = 0;
      for (int i = 0; i < nr; i++)
        {
          add.start[i] = (int) add.n;
          ++tag;
          for (int e = el.start[i]; e < el.start[i + 1]; e++)
            mark[el.col[e]] = tag;
          double tau = u[i] + vmax;
          int best = 0;
          if (gx.n_spaces > 1)
            {
              double r0 = g->radius (g->user, i, tau, 0);
              double r1 = g->radius (g->user, i, tau, 1);
              if (r1 / (gx.ext[1] > 0 ? gx.ext[1] : 1.0)
                  < r0 / (gx.ext[0] > 0 ? gx.ext[0] : 1.0))
                best = 1;
            }
          const double *pt = best ? g->row_pts2 + (size_t) i * g->dim2
                                  : g->row_pts + (size_t) i * g->dim;
          int n = kd_query_pot (&gx.kd[best], pt, u[i], v, g->radius, g->user,
                                i, best, buf);
          for (int k = 0; k < n; k++)
            stamp[buf[k]] = tag;
          for (int k = 0; k < g->n_always; k++)
            if (stamp[g->always[k]] != tag)
              {
                stamp[g->always[k]] = tag;
                buf[n++] = g->always[k];
              }
          for (int q = 0; q < n; q++)
            {
              int j = buf[q];
              if (mark[j] == tag)
                continue;
              double thr = u[i] + v[j];
              /* a margin for the rounding of the potentials */
              thr -= 0x1p-40 * (fabs (u[i]) + fabs (v[j]));
              if (g->lower && !(g->lower (g->user, i, j) < thr))
                continue;
              double c = g->cost (g->user, i, j);
              evals++;
              if (c < thr && !edges_push (&add, j, c))
                goto out;
            }
        }
      add.start[nr] = (int) add.n;
      if (add.n == 0)
        break;
      if (!edges_merge (&el, &add))
        goto out;
      ShlSparseCost sc = { nr, nc, el.start, el.col, el.cost, g->pad };
      result = min_sum_sparse (perm, u, v, &sc, true);
    }

out:
  if (n_evals)
    *n_evals = evals;
  geom_index_clear (&gx);
  edges_clear (&el);
  edges_clear (&add);
  free (buf);
  free (stamp);
  free (mark);
  free (u);
  free (v);
  return result;
}
