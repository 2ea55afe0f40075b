/* test-assign.c: bottleneck and Hungarian assignment against brute force
 * over all permutations (n <= 7), structured instances with known optima,
 * degenerate inputs, and timings (n = 64 always, n = 512 with -m perf).
 * The sparse solvers (given edge lists with padding) and the geometric
 * drivers (candidate pairs from range searches) are checked against the
 * dense ones on the equivalent dense matrices: the same bottleneck value
 * bit for bit, the same minimum sum up to rounding, and dual potentials
 * that certify it.
 *
 * SHL_TEST_LIGHT=1 (valgrind runs) uses fewer random matrices. */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-assign.h"
#include "shl-rng.h"
#include "shl-test.h"

static gboolean
light_mode (void)
{
  const char *s = g_getenv ("SHL_TEST_LIGHT");
  return s && *s && strcmp (s, "0") != 0;
}

/* ------------------------------------------------------------------------ */
/* Brute force                                                              */

typedef struct {
  double best_max;
  double best_sum;
} Brute;

/* all permutations of perm[k .. n-1] (recursive swapping) */
static void
brute_rec (Brute *br, const double *cost, int *perm, int k, int n)
{
  if (k == n)
    {
      br->best_max = fmin (br->best_max, shl_assign_max (cost, perm, n));
      br->best_sum = fmin (br->best_sum, shl_assign_sum (cost, perm, n));
      return;
    }
  for (int i = k; i < n; i++)
    {
      int t = perm[k];
      perm[k] = perm[i];
      perm[i] = t;
      brute_rec (br, cost, perm, k + 1, n);
      perm[i] = perm[k];
      perm[k] = t;
    }
}

static Brute
brute_force (const double *cost, int n)
{
  Brute br = { INFINITY, INFINITY };
  int perm[8];
  for (int i = 0; i < n; i++)
    perm[i] = i;
  if (n == 0)
    {
      br.best_max = -INFINITY;
      br.best_sum = 0.0;
      return br;
    }
  brute_rec (&br, cost, perm, 0, n);
  return br;
}

static void
assert_permutation (const int *perm, int n)
{
  gboolean seen[1024] = { FALSE };
  g_assert_cmpint (n, <=, 1024);
  for (int i = 0; i < n; i++)
    {
      g_assert_cmpint (perm[i], >=, 0);
      g_assert_cmpint (perm[i], <, n);
      g_assert_false (seen[perm[i]]);
      seen[perm[i]] = TRUE;
    }
}

/* ------------------------------------------------------------------------ */
/* Random matrices                                                          */

enum {
  KIND_UNIFORM,     /* U(-1, 1): negative costs */
  KIND_INT,         /* integers 0 .. 3: many ties */
  KIND_INT_INF,     /* integers 0 .. 5, 30 % forbidden */
  KIND_NORMAL_INF,  /* N(0, 1), 55 % forbidden: often infeasible */
  KIND_CONST,       /* all equal */
  KIND_ROW_INF,     /* uniform, one row entirely forbidden */
  KIND_NAN,         /* integers 0 .. 2, 25 % NaN (forbidden) */
  KIND_SCALED,      /* huge dynamic range: 10^U(-8, 8) */
  N_KINDS
};

static void
random_matrix (double *cost, int n, int kind, ShlRng *rng)
{
  for (int k = 0; k < n * n; k++)
    {
      double x;
      switch (kind)
        {
        case KIND_UNIFORM:
        case KIND_ROW_INF:
          x = shl_rng_range (rng, -1.0, 1.0);
          break;
        case KIND_INT:
          x = (double) shl_rng_below (rng, 4);
          break;
        case KIND_INT_INF:
          x = shl_rng_uniform (rng) < 0.3 ? INFINITY
                                          : (double) shl_rng_below (rng, 6);
          break;
        case KIND_NORMAL_INF:
          x = shl_rng_uniform (rng) < 0.55 ? INFINITY : shl_rng_normal (rng);
          break;
        case KIND_CONST:
          x = 2.5;
          break;
        case KIND_NAN:
          x = shl_rng_uniform (rng) < 0.25 ? NAN
                                           : (double) shl_rng_below (rng, 3);
          break;
        case KIND_SCALED:
        default:
          x = pow (10.0, shl_rng_range (rng, -8.0, 8.0));
          break;
        }
      cost[k] = x;
    }
  if (kind == KIND_ROW_INF && n > 0)
    {
      int r = (int) shl_rng_below (rng, (uint64_t) n);
      for (int j = 0; j < n; j++)
        cost[r * n + j] = INFINITY;
    }
}

static gboolean
exact_kind (int kind)
{
  return kind == KIND_INT || kind == KIND_INT_INF || kind == KIND_CONST
         || kind == KIND_NAN;
}

static void
test_brute_force (void)
{
  double cost[49];
  int perm[7];
  ShlRng rng;
  shl_rng_seed (&rng, 20240611);
  int infeasible = 0, total = 0;
  for (int n = 0; n <= 7; n++)
    {
      int reps = n <= 4 ? 300 : n == 5 ? 150 : n == 6 ? 50 : 12;
      if (light_mode ())
        reps = (reps + 9) / 10;
      for (int kind = 0; kind < N_KINDS; kind++)
        for (int rep = 0; rep < reps; rep++)
          {
            random_matrix (cost, n, kind, &rng);
            Brute br = brute_force (cost, n);
            total++;
            infeasible += br.best_max == INFINITY;

            double b = shl_assign_bottleneck (perm, cost, n);
            assert_permutation (perm, n);
            g_assert_cmpfloat (b, ==, br.best_max);
            g_assert_cmpfloat (shl_assign_max (cost, perm, n), ==, b);

            double h = shl_assign_hungarian (perm, cost, n);
            assert_permutation (perm, n);
            if (br.best_sum == INFINITY)
              g_assert_cmpfloat (h, ==, INFINITY);
            else if (exact_kind (kind))
              g_assert_cmpfloat (h, ==, br.best_sum);
            else
              shl_assert_close (h, br.best_sum, 1e-13, 1e-13);
            g_assert_cmpfloat (shl_assign_sum (cost, perm, n), ==, h);
            /* the same pairs are forbidden for both objectives */
            g_assert_cmpint (h == INFINITY, ==, b == INFINITY);
            if (h == INFINITY)
              for (int i = 0; i < n; i++)
                g_assert_cmpint (perm[i], ==, i);
          }
    }
  /* the generators really produce both feasible and infeasible cases */
  g_assert_cmpint (infeasible, >, 0);
  g_assert_cmpint (infeasible, <, total / 2);
}

/* ------------------------------------------------------------------------ */
/* Structured instances                                                     */

static int
cmp_double (const void *x, const void *y)
{
  double a = *(const double *) x, b = *(const double *) y;
  return (a > b) - (a < b);
}

/* cost |x_i - y_j|: matching sorted x to sorted y is optimal for both the
 * sum and the max (1-D transport with a convex cost) */
static void
test_sorted_transport (void)
{
  const int n = light_mode () ? 60 : 300;
  double *x = g_new (double, n), *y = g_new (double, n);
  double *xs = g_new (double, n), *ys = g_new (double, n);
  double *cost = g_new (double, (gsize) n * n);
  int *perm = g_new (int, n);
  ShlRng rng;
  shl_rng_seed (&rng, 7);
  for (int rep = 0; rep < 3; rep++)
    {
      for (int i = 0; i < n; i++)
        {
          x[i] = shl_rng_normal (&rng);
          y[i] = rep == 2 ? floor (4.0 * shl_rng_uniform (&rng))
                          : shl_rng_normal (&rng) + 0.3;
          if (rep == 2)
            x[i] = floor (4.0 * shl_rng_uniform (&rng));
        }
      memcpy (xs, x, n * sizeof (double));
      memcpy (ys, y, n * sizeof (double));
      qsort (xs, n, sizeof (double), cmp_double);
      qsort (ys, n, sizeof (double), cmp_double);
      double want_max = 0.0, want_sum = 0.0;
      for (int i = 0; i < n; i++)
        {
          want_max = fmax (want_max, fabs (xs[i] - ys[i]));
          want_sum += fabs (xs[i] - ys[i]);
        }
      for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
          cost[i * n + j] = fabs (x[i] - y[j]);
      double b = shl_assign_bottleneck (perm, cost, n);
      assert_permutation (perm, n);
      g_assert_cmpfloat (b, ==, want_max);
      double h = shl_assign_hungarian (perm, cost, n);
      assert_permutation (perm, n);
      shl_assert_close (h, want_sum, 1e-12, 0.0);
    }
  g_free (x);
  g_free (y);
  g_free (xs);
  g_free (ys);
  g_free (cost);
  g_free (perm);
}

/* a hidden permutation with zero cost, everything else positive: both
 * objectives recover it */
static void
test_hidden_permutation (void)
{
  const int n = 97;
  double *cost = g_new (double, n * n);
  int *hidden = g_new (int, n), *perm = g_new (int, n);
  ShlRng rng;
  shl_rng_seed (&rng, 99);
  for (int i = 0; i < n; i++)
    hidden[i] = i;
  shl_rng_shuffle (&rng, hidden, n);
  for (int k = 0; k < n * n; k++)
    cost[k] = 0.5 + shl_rng_uniform (&rng);
  for (int i = 0; i < n; i++)
    cost[i * n + hidden[i]] = 0.0;
  g_assert_cmpfloat (shl_assign_bottleneck (perm, cost, n), ==, 0.0);
  for (int i = 0; i < n; i++)
    g_assert_cmpint (perm[i], ==, hidden[i]);
  g_assert_cmpfloat (shl_assign_hungarian (perm, cost, n), ==, 0.0);
  for (int i = 0; i < n; i++)
    g_assert_cmpint (perm[i], ==, hidden[i]);

  /* forbid everything but the hidden permutation and one other cycle */
  for (int k = 0; k < n * n; k++)
    cost[k] = INFINITY;
  for (int i = 0; i < n; i++)
    {
      cost[i * n + hidden[i]] = 3.0;
      cost[i * n + hidden[(i + 1) % n]] = 1.0;
    }
  g_assert_cmpfloat (shl_assign_bottleneck (perm, cost, n), ==, 1.0);
  for (int i = 0; i < n; i++)
    g_assert_cmpint (perm[i], ==, hidden[(i + 1) % n]);
  g_assert_cmpfloat (shl_assign_hungarian (perm, cost, n), ==, (double) n);

  /* one forbidden column entry too many: infeasible */
  for (int i = 0; i < n; i++)
    cost[i * n + hidden[0]] = INFINITY;
  g_assert_cmpfloat (shl_assign_bottleneck (perm, cost, n), ==, INFINITY);
  g_assert_cmpfloat (shl_assign_hungarian (perm, cost, n), ==, INFINITY);
  g_free (cost);
  g_free (hidden);
  g_free (perm);
}

/* Hall's condition fails without an empty row or column: rows 0, 1 may
 * only use column 0 */
static void
test_hall_violation (void)
{
  const double inf = INFINITY;
  const double cost[9] = {
    1.0, inf, inf,
    2.0, inf, inf,
    0.0, 0.0, 0.0,
  };
  int perm[3];
  g_assert_cmpfloat (shl_assign_bottleneck (perm, cost, 3), ==, INFINITY);
  g_assert_cmpint (perm[0], ==, 0);
  g_assert_cmpint (perm[2], ==, 2);
  g_assert_cmpfloat (shl_assign_hungarian (perm, cost, 3), ==, INFINITY);
  g_assert_cmpint (perm[1], ==, 1);
}

static void
test_edge_cases (void)
{
  int perm[4] = { 7, 7, 7, 7 };
  /* n = 0 */
  g_assert_cmpfloat (shl_assign_bottleneck (perm, NULL, 0), ==, -INFINITY);
  g_assert_cmpfloat (shl_assign_hungarian (perm, NULL, 0), ==, 0.0);
  g_assert_cmpint (perm[0], ==, 7);
  /* n = 1 */
  double one = -3.5;
  g_assert_cmpfloat (shl_assign_bottleneck (perm, &one, 1), ==, -3.5);
  g_assert_cmpint (perm[0], ==, 0);
  g_assert_cmpfloat (shl_assign_hungarian (perm, &one, 1), ==, -3.5);
  one = INFINITY;
  g_assert_cmpfloat (shl_assign_bottleneck (perm, &one, 1), ==, INFINITY);
  g_assert_cmpfloat (shl_assign_hungarian (perm, &one, 1), ==, INFINITY);
  one = NAN;
  g_assert_cmpfloat (shl_assign_bottleneck (perm, &one, 1), ==, INFINITY);
  g_assert_cmpfloat (shl_assign_hungarian (perm, &one, 1), ==, INFINITY);
  /* invalid arguments */
  g_assert_true (isnan (shl_assign_bottleneck (perm, NULL, 2)));
  g_assert_true (isnan (shl_assign_hungarian (NULL, &one, 1)));
  g_assert_true (isnan (shl_assign_bottleneck (perm, &one, -1)));
  /* -INFINITY: a value for the bottleneck, invalid for the sum */
  const double m[4] = { -INFINITY, 1.0, 2.0, 5.0 };
  g_assert_cmpfloat (shl_assign_bottleneck (perm, m, 2), ==, 2.0);
  g_assert_cmpint (perm[0], ==, 1);
  const double m2[4] = { -INFINITY, 9.0, 2.0, -1.0 };
  g_assert_cmpfloat (shl_assign_bottleneck (perm, m2, 2), ==, -1.0);
  g_assert_true (isnan (shl_assign_hungarian (perm, m2, 2)));
  /* the two objectives disagree: identity has max 3, sum 3; the swap
   * max 2, sum 4 */
  const double m3[4] = { 0.0, 2.0, 2.0, 3.0 };
  g_assert_cmpfloat (shl_assign_bottleneck (perm, m3, 2), ==, 2.0);
  g_assert_cmpint (perm[0], ==, 1);
  g_assert_cmpfloat (shl_assign_hungarian (perm, m3, 2), ==, 3.0);
  g_assert_cmpint (perm[0], ==, 0);
}

/* ------------------------------------------------------------------------ */
/* Optimality certificates for larger n                                     */

/* Kuhn's augmenting path from row r over pairs with cost < t (simple DFS,
 * independent of the library's Hopcroft-Karp) */
static gboolean
kuhn_augment (int r, const double *cost, int n, double t, int *match_col,
              gboolean *seen)
{
  for (int c = 0; c < n; c++)
    if (cost[r * n + c] < t && !seen[c])
      {
        seen[c] = TRUE;
        if (match_col[c] < 0
            || kuhn_augment (match_col[c], cost, n, t, match_col, seen))
          {
            match_col[c] = r;
            return TRUE;
          }
      }
  return FALSE;
}

static gboolean
perfect_below (const double *cost, int n, double t)
{
  int *match_col = g_new (int, n);
  gboolean *seen = g_new (gboolean, n);
  int matched = 0;
  for (int c = 0; c < n; c++)
    match_col[c] = -1;
  for (int r = 0; r < n; r++)
    {
      memset (seen, 0, n * sizeof (gboolean));
      matched += kuhn_augment (r, cost, n, t, match_col, seen);
    }
  g_free (match_col);
  g_free (seen);
  return matched == n;
}

/* A permutation is sum-optimal iff the exchange graph has no negative
 * cycle: node j = column j (held by row r(j)); edge j -> j' of weight
 * cost[r(j)][j'] - cost[r(j)][j] (row r(j) moves to column j'). Bellman-Ford
 * from a virtual source; a relaxation in round n means a negative cycle. */
static gboolean
no_negative_cycle (const double *cost, const int *perm, int n, double tol)
{
  int *row_of = g_new (int, n);
  double *dist = g_new0 (double, n);
  for (int i = 0; i < n; i++)
    row_of[perm[i]] = i;
  gboolean changed = TRUE;
  for (int round = 0; round <= n && changed; round++)
    {
      changed = FALSE;
      for (int j = 0; j < n; j++)
        {
          int r = row_of[j];
          for (int j2 = 0; j2 < n; j2++)
            {
              double w = cost[r * n + j2] - cost[r * n + j];
              if (isfinite (w) && dist[j] + w < dist[j2] - tol)
                {
                  dist[j2] = dist[j] + w;
                  changed = TRUE;
                }
            }
        }
    }
  g_free (row_of);
  g_free (dist);
  return !changed;
}

static void
test_certificates (void)
{
  ShlRng rng;
  shl_rng_seed (&rng, 31337);
  const int ns[] = { 12, 33, 80 };
  for (gsize t = 0; t < G_N_ELEMENTS (ns); t++)
    for (int kind = 0; kind < N_KINDS; kind++)
      for (int rep = 0; rep < (light_mode () ? 1 : 3); rep++)
        {
          int n = ns[t];
          double *cost = g_new (double, n * n);
          int *perm = g_new (int, n);
          /* sparser forbidden pairs than in the brute-force test, so that
           * most instances stay feasible */
          random_matrix (cost, n, kind, &rng);
          if (kind == KIND_NORMAL_INF)
            for (int k = 0; k < n * n; k++)
              if (cost[k] == INFINITY && shl_rng_uniform (&rng) < 0.8)
                cost[k] = shl_rng_normal (&rng);
          double b = shl_assign_bottleneck (perm, cost, n);
          assert_permutation (perm, n);
          if (isfinite (b))
            {
              g_assert_cmpfloat (shl_assign_max (cost, perm, n), ==, b);
              g_assert_false (perfect_below (cost, n, b));
            }
          else
            g_assert_false (perfect_below (cost, n, INFINITY));
          double h = shl_assign_hungarian (perm, cost, n);
          assert_permutation (perm, n);
          g_assert_cmpint (isfinite (h), ==, isfinite (b));
          if (isfinite (h))
            {
              double scale = 0.0;
              for (int k = 0; k < n * n; k++)
                if (isfinite (cost[k]))
                  scale = fmax (scale, fabs (cost[k]));
              g_assert_true (no_negative_cycle (cost, perm, n, 1e-12 * scale));
              /* the bottleneck permutation is no better in sum, the
               * Hungarian one no better in max */
              int *pb = g_new (int, n);
              shl_assign_bottleneck (pb, cost, n);
              g_assert_cmpfloat (h, <=, shl_assign_sum (cost, pb, n) + 1e-12 * n * scale);
              g_assert_cmpfloat (b, <=, shl_assign_max (cost, perm, n));
              g_free (pb);
            }
          g_free (cost);
          g_free (perm);
        }
}

/* ------------------------------------------------------------------------ */
/* Timing                                                                   */

static void
time_one (int n, int reps)
{
  double *cost = g_new (double, (gsize) n * n);
  int *perm = g_new (int, n);
  ShlRng rng;
  shl_rng_seed (&rng, (uint64_t) n);
  for (int k = 0; k < n * n; k++)
    cost[k] = shl_rng_uniform (&rng);
  double tb = 0.0, th = 0.0;
  for (int r = 0; r < reps; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double b = shl_assign_bottleneck (perm, cost, n);
      gint64 t1 = g_get_monotonic_time ();
      double h = shl_assign_hungarian (perm, cost, n);
      gint64 t2 = g_get_monotonic_time ();
      g_assert_true (isfinite (b) && isfinite (h));
      tb += (double) (t1 - t0) * 1e-3;
      th += (double) (t2 - t1) * 1e-3;
    }
  g_test_message ("n = %d: bottleneck %.3f ms, hungarian %.3f ms", n,
                  tb / reps, th / reps);
  if (g_test_perf ())
    g_test_minimized_result (tb / reps, "bottleneck n=%d (ms)", n);
  g_free (cost);
  g_free (perm);
}

static void
test_timing (void)
{
  time_one (64, light_mode () ? 1 : 5);
  if (g_test_perf ())
    time_one (512, 3);
}

/* ------------------------------------------------------------------------ */
/* Sparse and geometric solvers against the dense ones                      */

/* A random M x M problem: nr x nc real pairs (some forbidden with
 * probability pf), pad costs on the narrower side; dense (M * M) receives
 * the equivalent matrix, sc the sparse form (arrays owned by the caller:
 * start, col, cost, pad). Integer costs (ties) when integer. */
typedef struct {
  int     nr, nc, M;
  double *dense, *pad, *cost;
  int    *start, *col;
  ShlSparseCost sc;
} Sparse;

static void
sparse_random (Sparse *x, ShlRng *rng, int nr, int nc, double pf,
               gboolean integer)
{
  int M = MAX (nr, nc);
  x->nr = nr;
  x->nc = nc;
  x->M = M;
  x->dense = g_new (double, (gsize) M * M);
  x->pad = g_new (double, M);
  x->cost = g_new (double, (gsize) nr * nc + 1);
  x->start = g_new (int, nr + 1);
  x->col = g_new (int, (gsize) nr * nc + 1);
  for (int k = 0; k < M; k++)
    {
      x->pad[k] = integer ? (double) (int) (5 * shl_rng_uniform (rng))
                          : shl_rng_uniform (rng);
      if (shl_rng_uniform (rng) < 0.1)
        x->pad[k] = INFINITY;
    }
  int E = 0;
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++)
      {
        double c;
        if (i < nr && j < nc)
          {
            c = integer ? (double) (int) (5 * shl_rng_uniform (rng))
                        : shl_rng_uniform (rng);
            if (shl_rng_uniform (rng) < pf)
              c = INFINITY;
          }
        else if (i >= nr)
          c = x->pad[j];
        else
          c = x->pad[i];
        x->dense[i * M + j] = c;
      }
  for (int i = 0; i < nr; i++)
    {
      x->start[i] = E;
      for (int j = 0; j < nc; j++)
        if (isfinite (x->dense[i * M + j]))
          {
            x->col[E] = j;
            x->cost[E++] = x->dense[i * M + j];
          }
    }
  x->start[nr] = E;
  x->sc = (ShlSparseCost) { nr, nc, x->start, x->col, x->cost,
                            nr == nc ? NULL : x->pad };
}

static void
sparse_free (Sparse *x)
{
  g_free (x->dense);
  g_free (x->pad);
  g_free (x->cost);
  g_free (x->start);
  g_free (x->col);
}

static void
assert_perm (const int *perm, int M)
{
  gboolean *seen = g_new0 (gboolean, M);
  for (int i = 0; i < M; i++)
    {
      g_assert_cmpint (perm[i], >=, 0);
      g_assert_cmpint (perm[i], <, M);
      g_assert_false (seen[perm[i]]);
      seen[perm[i]] = TRUE;
    }
  g_free (seen);
}

static void
test_sparse_vs_dense (void)
{
  ShlRng rng;
  shl_rng_seed (&rng, 41);
  int n_iter = light_mode () ? 300 : 3000, n_inf = 0, n_pad = 0;
  for (int it = 0; it < n_iter; it++)
    {
      int nr = 1 + it % 9, nc = 1 + (it / 9) % 9;
      if (it % 5 == 0)
        nc = nr;
      Sparse x;
      sparse_random (&x, &rng, nr, nc, (it % 3) * 0.3, it % 2);
      int M = x.M;
      n_pad += nr != nc;
      int *p1 = g_new (int, M), *p2 = g_new (int, M);
      double *u = g_new (double, M), *v = g_new (double, M);

      double b1 = shl_assign_bottleneck (p1, x.dense, M);
      double b2 = shl_assign_bottleneck_sparse (p2, &x.sc);
      g_assert_cmpfloat (b1, ==, b2);
      if (isfinite (b2))
        {
          assert_perm (p2, M);
          g_assert_cmpfloat (shl_assign_max (x.dense, p2, M), ==, b2);
        }
      else
        n_inf++;

      double h1 = shl_assign_hungarian (p1, x.dense, M);
      double h2 = shl_assign_min_sum_sparse (p2, u, v, &x.sc);
      if (isinf (h1))
        g_assert_true (isinf (h2));
      else
        {
          shl_assert_close (h2, h1, 1e-12, 1e-12);
          assert_perm (p2, M);
          g_assert_cmpfloat (shl_assign_sum (x.dense, p2, M), ==, h2);
          /* the duals certify it: no allowed real pair has a negative
           * reduced cost, the chosen real pairs have none */
          for (int i = 0; i < nr; i++)
            for (int j = 0; j < nc; j++)
              {
                double c = x.dense[i * M + j];
                if (isfinite (c))
                  g_assert_cmpfloat (c - u[i] - v[j], >=, -1e-12);
              }
          for (int i = 0; i < nr; i++)
            if (p2[i] < nc)
              g_assert_cmpfloat (fabs (x.dense[i * M + p2[i]] - u[i] - v[p2[i]]),
                                 <=, 1e-12);
        }
      g_free (p1);
      g_free (p2);
      g_free (u);
      g_free (v);
      sparse_free (&x);
    }
  g_test_message ("%d infeasible, %d padded", n_inf, n_pad);
  g_assert_cmpint (n_inf, >, 0);

  /* degenerate inputs */
  int perm[2];
  ShlSparseCost empty = { 0, 0, (int[]) { 0 }, NULL, NULL, NULL };
  g_assert_cmpfloat (shl_assign_bottleneck_sparse (perm, &empty), ==, -INFINITY);
  g_assert_cmpfloat (shl_assign_min_sum_sparse (perm, NULL, NULL, &empty), ==, 0.0);
  ShlSparseCost bad = { 1, 2, (int[]) { 0, 0 }, NULL, NULL, NULL };
  g_assert_true (isnan (shl_assign_bottleneck_sparse (perm, &bad)));
  g_assert_true (isnan (shl_assign_min_sum_sparse (perm, NULL, NULL, &bad)));
  g_assert_true (isnan (shl_assign_bottleneck_sparse (perm, NULL)));
  /* one row, no edge, one pad column: the pad is the only way */
  double pad1[1] = { 3 };
  ShlSparseCost onepad = { 1, 0, (int[]) { 0, 0 }, NULL, NULL, pad1 };
  g_assert_cmpfloat (shl_assign_bottleneck_sparse (perm, &onepad), ==, 3.0);
  g_assert_cmpint (perm[0], ==, 0);
}

/* A geometric test problem: row i and column j are points x_i, y_j in the
 * plane and numbers z_i, z_j;
 *   cost (i, j) = max (w_i ||x_i - y_j||_inf + h_j, |z_i - z_j|),
 * so cost <= t needs ||x_i - y_j||_inf <= t / w_i (space 0) and
 * |z_i - z_j| <= t (space 1). Columns with flag always cost h_j only (no
 * place: always candidates). */
typedef struct {
  int     nr, nc;
  double *x, *y, *z, *zc, *w, *h;
  gboolean *special;
} GeoPb;

static double
geo_cost (void *user, int i, int j)
{
  const GeoPb *p = user;
  if (p->special[j])
    return p->h[j] + 0.5 * p->w[i];
  double d = fmax (fabs (p->x[2 * i] - p->y[2 * j]),
                   fabs (p->x[2 * i + 1] - p->y[2 * j + 1]));
  return fmax (p->w[i] * d + p->h[j], fabs (p->z[i] - p->zc[j]));
}

static double
geo_radius (void *user, int i, double t, int space)
{
  const GeoPb *p = user;
  if (!(t >= 0))
    return -1;
  return space == 0 ? t / p->w[i] * (1 + 1e-12) : t * (1 + 1e-12);
}

static double
geo_lower (void *user, int i, int j)
{
  const GeoPb *p = user;
  return p->special[j] ? 0.0 : fabs (p->z[i] - p->zc[j]);
}

static void
test_geom_vs_dense (void)
{
  ShlRng rng;
  shl_rng_seed (&rng, 43);
  int n_iter = light_mode () ? 20 : 120;
  for (int it = 0; it < n_iter; it++)
    {
      int nr = 5 + (int) (60 * shl_rng_uniform (&rng));
      int nc = it % 3 == 0 ? nr : 5 + (int) (60 * shl_rng_uniform (&rng));
      int M = MAX (nr, nc);
      GeoPb p = { nr, nc, g_new (double, 2 * nr), g_new (double, 2 * nc),
                  g_new (double, nr), g_new (double, nc), g_new (double, nr),
                  g_new (double, nc), g_new0 (gboolean, nc) };
      gboolean integer = it % 4 == 1;
      for (int i = 0; i < nr; i++)
        {
          p.x[2 * i] = shl_rng_uniform (&rng);
          p.x[2 * i + 1] = integer ? (int) (4 * shl_rng_uniform (&rng)) : shl_rng_uniform (&rng);
          p.z[i] = shl_rng_uniform (&rng);
          p.w[i] = exp (shl_rng_range (&rng, -2, 2));
        }
      for (int j = 0; j < nc; j++)
        {
          p.y[2 * j] = shl_rng_uniform (&rng);
          p.y[2 * j + 1] = integer ? (int) (4 * shl_rng_uniform (&rng)) : shl_rng_uniform (&rng);
          p.zc[j] = shl_rng_uniform (&rng);
          p.h[j] = 0.05 * shl_rng_uniform (&rng);
          p.special[j] = shl_rng_uniform (&rng) < 0.05;
        }
      int n_always = 0, *always = g_new (int, nc);
      for (int j = 0; j < nc; j++)
        if (p.special[j])
          always[n_always++] = j;
      /* the points of the special columns are anywhere */
      double *pad = g_new (double, M);
      for (int k = 0; k < M; k++)
        pad[k] = 0.3 + shl_rng_uniform (&rng);
      double *dense = g_new (double, (gsize) M * M);
      for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++)
          dense[i * M + j] = i < nr && j < nc ? geo_cost (&p, i, j)
                             : i >= nr ? pad[j] : pad[i];
      ShlAssignGeom g = { nr, nc, 2, p.x, p.y, 1, p.z, p.zc, always,
                          n_always, nr == nc ? NULL : pad, geo_radius,
                          geo_cost, it % 2 ? geo_lower : NULL, &p };
      int *p1 = g_new (int, M), *p2 = g_new (int, M);
      long evals = 0;
      double b1 = shl_assign_bottleneck (p1, dense, M);
      double b2 = shl_assign_bottleneck_geom (p2, &g, 0, &evals);
      g_assert_cmpfloat (b1, ==, b2);
      assert_perm (p2, M);
      g_assert_cmpfloat (shl_assign_max (dense, p2, M), ==, b2);

      /* refine: among the bottleneck-optimal, the least sum */
      double b3 = shl_assign_bottleneck_geom (p2, &g, SHL_ASSIGN_REFINE, NULL);
      g_assert_cmpfloat (b3, ==, b1);
      assert_perm (p2, M);
      g_assert_cmpfloat (shl_assign_max (dense, p2, M), ==, b1);
      double *dr = g_memdup2 (dense, sizeof (double) * M * M);
      for (int k = 0; k < M * M; k++)
        if (dr[k] > b1)
          dr[k] = INFINITY;
      double s1 = shl_assign_hungarian (p1, dr, M);
      shl_assert_close (shl_assign_sum (dense, p2, M), s1, 1e-12, 1e-12);
      g_free (dr);

      double h1 = shl_assign_hungarian (p1, dense, M);
      double h2 = shl_assign_min_sum_geom (p2, &g, &evals);
      shl_assert_close (h2, h1, 1e-12, 1e-12);
      assert_perm (p2, M);
      g_assert_cmpfloat (shl_assign_sum (dense, p2, M), ==, h2);

      g_free (p1);
      g_free (p2);
      g_free (dense);
      g_free (pad);
      g_free (always);
      g_free (p.x);
      g_free (p.y);
      g_free (p.z);
      g_free (p.zc);
      g_free (p.w);
      g_free (p.h);
      g_free (p.special);
    }

  /* bad input and empty problems */
  int perm[1];
  ShlAssignGeom e = { 0 };
  g_assert_true (isnan (shl_assign_bottleneck_geom (perm, &e, 0, NULL)));
  e.dim = 1;
  e.radius = geo_radius;
  e.cost = geo_cost;
  g_assert_cmpfloat (shl_assign_bottleneck_geom (perm, &e, 0, NULL), ==, -INFINITY);
  g_assert_cmpfloat (shl_assign_min_sum_geom (perm, &e, NULL), ==, 0.0);
  e.n_rows = 1; /* no pad costs for a padded problem */
  g_assert_true (isnan (shl_assign_min_sum_geom (perm, &e, NULL)));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/assign/brute-force", test_brute_force);
  g_test_add_func ("/assign/sorted-transport", test_sorted_transport);
  g_test_add_func ("/assign/hidden-permutation", test_hidden_permutation);
  g_test_add_func ("/assign/hall-violation", test_hall_violation);
  g_test_add_func ("/assign/edge-cases", test_edge_cases);
  g_test_add_func ("/assign/certificates", test_certificates);
  g_test_add_func ("/assign/sparse-vs-dense", test_sparse_vs_dense);
  g_test_add_func ("/assign/geom-vs-dense", test_geom_vs_dense);
  g_test_add_func ("/assign/timing", test_timing);
  return g_test_run ();
}
