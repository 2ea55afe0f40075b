/* shl-assign.c: bottleneck and minimum-sum assignment of dense matrices.
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
 * Files: this one holds the dense solvers; shl-assign-graph.c the pieces the
 * sparse solvers share (edge lists, Hopcroft-Karp on compressed rows, the
 * oriented view of a sparse cost); shl-assign-bottleneck.c and
 * shl-assign-min-sum.c the sparse solvers; shl-assign-candidates.c the
 * geometric candidate generation (k-d tree); shl-assign-geom.c the
 * assignments of points on top of them; shl-assign-private.h what they
 * share.
 *
 * Plain C + libm, no GLib. */
#include "shl-assign-private.h"

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
