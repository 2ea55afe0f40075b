/* shl-assign-geom.c: the bottleneck and minimum-sum assignments of
 * points (ShlAssignGeom): sparse candidate sets from the k-d tree, grown
 * until the sparse optimum is certified against every pair left out.
 *
 * Plain C + libm, no GLib. */
#include "shl-assign-private.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The state both searches share: the index of the columns, the pairs
 * evaluated so far (el) and those of the current round (add), scratch */
typedef struct {
  const ShlAssignGeom *g;
  int        nr, nc, M;
  GeomIndex  gx;
  EdgeList   el, add;
  int       *buf;          /* (nc + n_always) candidates of a row */
  int       *stamp, *mark; /* (nc) scratch marks */
  int        tag;
  long       evals;        /* cost evaluations */
} GeomRun;

static bool
geom_run_init (GeomRun *run, const ShlAssignGeom *g)
{
  memset (run, 0, sizeof *run);
  run->g = g;
  run->nr = g->n_rows;
  run->nc = g->n_cols;
  run->M = run->nr > run->nc ? run->nr : run->nc;
  int nc = run->nc;
  run->buf = malloc (((size_t) nc + (size_t) g->n_always + 1) * sizeof (int));
  run->stamp = calloc ((size_t) nc + 1, sizeof (int));
  run->mark = calloc ((size_t) nc + 1, sizeof (int));
  return run->buf && run->stamp && run->mark
         && shl_assign_geom_index_build (&run->gx, g)
         && shl_assign_edges_init (&run->el, run->nr)
         && shl_assign_edges_init (&run->add, run->nr);
}

static void
geom_run_clear (GeomRun *run)
{
  shl_assign_geom_index_clear (&run->gx);
  shl_assign_edges_clear (&run->el);
  shl_assign_edges_clear (&run->add);
  free (run->buf);
  free (run->stamp);
  free (run->mark);
}

/* ------------------------------------------------------------------------ */
/* Bottleneck                                                               */

/* a lower bound *t to start from: every sampled row needs a column, and
 * the pad slots need the cheapest of the other side; *seed: the largest
 * finite cost seen (the first growth step when t = 0) */
static bool
bn_lower_bound (GeomRun *run, double *t_out, double *seed_out)
{
  const ShlAssignGeom *g = run->g;
  int nr = run->nr, nc = run->nc;
  double t = 0.0, seed = 0.0;
  int n_sample = nr < 8 ? nr : 8;
  for (int q = 0; q < n_sample; q++)
    {
      int i = (int) ((long) q * nr / n_sample);
      double best = nr > nc ? g->pad[i] : INFINITY;
      for (int j = 0; j < nc; j++)
        {
          double c = g->cost (g->user, i, j);
          run->evals++;
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
        return false;
      int nf = 0;
      for (int q = 0; q < np; q++)
        if (isfinite (g->pad[q]))
          tmp[nf++] = g->pad[q];
      if (nf >= K)
        {
          qsort (tmp, (size_t) nf, sizeof *tmp, shl_assign_double_cmp);
          t = fmax (t, tmp[K - 1]);
        }
      free (tmp);
    }
  if (!(seed > 0.0))
    seed = 1.0;
  *t_out = t;
  *seed_out = seed;
  return true;
}

/* evaluate the candidates of every row at threshold t not evaluated in an
 * earlier round and merge them into run->el: 1, or 0 when out of memory,
 * or -1 when the pairs would pass limit (then the dense matrix is both
 * smaller and faster) */
static int
bn_grow_candidates (GeomRun *run, double t, size_t limit)
{
  const ShlAssignGeom *g = run->g;
  EdgeList *el = &run->el, *add = &run->add;
  int nr = run->nr;
  add->n = 0;
  for (int i = 0; i < nr; i++)
    {
      add->start[i] = (int) add->n;
      if (el->n + add->n > limit)
        return -1;
      int tg = ++run->tag;
      for (int e = el->start[i]; e < el->start[i + 1]; e++)
        run->mark[el->col[e]] = tg;
      int n = shl_assign_geom_candidates (g, &run->gx, i, t, run->buf,
                                          run->stamp, tg);
      for (int k = 0; k < n; k++)
        {
          int j = run->buf[k];
          if (run->mark[j] == tg
              || (g->lower && g->lower (g->user, i, j) > t))
            continue;
          double c = g->cost (g->user, i, j);
          run->evals++;
          if (!isnan (c) && c != INFINITY
              && !shl_assign_edges_push (add, j, c))
            return 0;
        }
    }
  add->start[nr] = (int) add->n;
  if (add->n > 0 && !shl_assign_edges_merge (el, add))
    return 0;
  return 1;
}

/* the pairs of run->el of cost <= t into sub */
static bool
bn_pairs_below (const GeomRun *run, EdgeList *sub, double t)
{
  const EdgeList *el = &run->el;
  sub->n = 0;
  for (int i = 0; i < run->nr; i++)
    {
      sub->start[i] = (int) sub->n;
      for (int e = el->start[i]; e < el->start[i + 1]; e++)
        if (el->cost[e] <= t
            && !shl_assign_edges_push (sub, el->col[e], el->cost[e]))
          return false;
    }
  sub->start[run->nr] = (int) sub->n;
  return true;
}

/* How a search of bn_rounds ended */
enum {
  BN_SPARSE, /* the sparse optimum (or NAN: out of memory) */
  BN_DENSE,  /* the dense fallback's value */
  BN_CAPPED  /* the threshold reached the cap */
};

/* grow the threshold from t until the sparse optimum over the pairs <= t
 * is itself <= t (then no other pair can matter); the pairs evaluated in
 * earlier rounds are kept and reused. *result: the optimum, NAN when out
 * of memory. */
static int
bn_rounds (GeomRun *run, int *perm, ShlAssignFlags flags, double t,
           double seed, double *result)
{
  const ShlAssignGeom *g = run->g;
  int nr = run->nr, nc = run->nc;
  EdgeList sub;
  *result = NAN;
  if (!shl_assign_edges_init (&sub, nr))
    return BN_SPARSE;
  double *padt = malloc (((size_t) run->M + 1) * sizeof (double));
  if (!padt)
    {
      shl_assign_edges_clear (&sub);
      return BN_SPARSE;
    }
  int how = BN_SPARSE;
  double cap = g->cap > 0.0 ? g->cap : INFINITY;
  size_t limit = (size_t) (0.25 * (double) nr * (double) nc) + 64;
  if (t > cap)
    t = cap;
  for (int round = 0;; round++)
    {
      if (round > 60)
        t = cap;
      int grown = bn_grow_candidates (run, t, limit);
      if (grown < 0)
        {
          *result = shl_assign_geom_dense (perm, g, flags, &run->evals);
          how = BN_DENSE;
          break;
        }
      if (grown == 0 || !bn_pairs_below (run, &sub, t))
        break;
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
          feasible = shl_assign_sparse_feasible (&st);
        }
      if (feasible < 0)
        break;
      if (feasible)
        {
          b = shl_assign_bottleneck_sparse (perm, &sc);
          if (isnan (b))
            break;
        }
      if (b <= t || t == INFINITY)
        {
          *result = b;
          break;
        }
      if (t >= cap)
        {
          how = BN_CAPPED;
          break;
        }
      double grow = t > 0.0 ? 2.0 * t : seed;
      t = isfinite (b) ? fmin (b, grow) : grow;
      if (t > cap)
        t = cap;
    }
  shl_assign_edges_clear (&sub);
  free (padt);
  return how;
}

/* among the bottleneck-optimal permutations, the least sum: every pair
 * <= the bottleneck is among the edges; perm is kept if this fails */
static void
bn_refine (GeomRun *run, int *perm, double result)
{
  const ShlAssignGeom *g = run->g;
  EdgeList *el = &run->el;
  int nr = run->nr, nc = run->nc, M = run->M;
  size_t k = 0;
  for (int i = 0; i < nr; i++)
    {
      int s0 = el->start[i];
      el->start[i] = (int) k;
      for (int e = s0; e < el->start[i + 1]; e++)
        if (el->cost[e] <= result)
          {
            el->col[k] = el->col[e];
            el->cost[k] = el->cost[e];
            k++;
          }
    }
  el->start[nr] = (int) k;
  double *pad2 = NULL;
  if (nr != nc)
    {
      int np = nr > nc ? nr : nc;
      pad2 = malloc ((size_t) np * sizeof (double));
      if (!pad2)
        return;
      for (int q = 0; q < np; q++)
        pad2[q] = g->pad[q] <= result ? g->pad[q] : INFINITY;
    }
  int *perm2 = malloc ((size_t) M * sizeof (int));
  if (perm2)
    {
      ShlSparseCost sc = { nr, nc, el->start, el->col, el->cost, pad2 };
      double s = shl_assign_min_sum_sparse (perm2, NULL, NULL, &sc);
      if (isfinite (s))
        memcpy (perm, perm2, (size_t) M * sizeof (int));
      free (perm2);
    }
  free (pad2);
}

double
shl_assign_bottleneck_geom (int *perm, const ShlAssignGeom *g,
                            ShlAssignFlags flags, long *n_evals)
{
  if (!shl_assign_geom_valid (g) || !perm)
    return NAN;
  int M = g->n_rows > g->n_cols ? g->n_rows : g->n_cols;
  if (n_evals)
    *n_evals = 0;
  if (M == 0)
    return -INFINITY;
  GeomRun run;
  double result = NAN, t, seed;
  if (geom_run_init (&run, g) && bn_lower_bound (&run, &t, &seed))
    {
      int how = bn_rounds (&run, perm, flags, t, seed, &result);
      double cap = g->cap > 0.0 ? g->cap : INFINITY;
      if (how == BN_CAPPED || result >= cap)
        {
          for (int i = 0; i < M; i++)
            perm[i] = i;
          result = INFINITY;
        }
      else if (how == BN_SPARSE && (flags & SHL_ASSIGN_REFINE)
               && isfinite (result) && M > 1)
        bn_refine (&run, perm, result);
    }
  if (n_evals)
    *n_evals = run.evals;
  geom_run_clear (&run);
  return result;
}

/* ------------------------------------------------------------------------ */
/* Minimum sum                                                              */

/* a starting threshold: the cheapest pair of a few sampled rows */
static double
ms_start_threshold (GeomRun *run)
{
  const ShlAssignGeom *g = run->g;
  int nr = run->nr, nc = run->nc;
  double t0 = INFINITY;
  int n_sample = nr < 8 ? nr : 8;
  double mins[8];
  for (int q = 0; q < n_sample; q++)
    {
      int i = (int) ((long) q * nr / n_sample);
      mins[q] = INFINITY;
      for (int j = 0; j < nc; j++)
        {
          mins[q] = fmin (mins[q], g->cost (g->user, i, j));
          run->evals++;
        }
    }
  for (int q = 0; q < n_sample; q++)
    t0 = fmin (t0, mins[q]);
  if (!(t0 > 0.0) || !isfinite (t0))
    t0 = 0x1p-30;
  return t0;
}

/* row i's first candidates into run->el: the columns within a threshold
 * grown from t0 until there are enough, ranked by cost (lb: scratch); the
 * k best are kept, and the hint's pair */
static bool
ms_row_candidates (GeomRun *run, int i, int k, double t0, double *lb)
{
  const ShlAssignGeom *g = run->g;
  int nc = run->nc, *buf = run->buf;
  EdgeList *el = &run->el;
  int n = 0, want = k < nc ? k : nc;
  for (double t = t0;; t *= 4.0)
    {
      n = shl_assign_geom_candidates (g, &run->gx, i, t, buf, run->stamp,
                                      ++run->tag);
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
      run->evals++;
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
          && !shl_assign_edges_push (el, buf[q], lb[q]))
        return false;
    }
  if (g->hint && g->hint[i] < nc)
    for (int q = want; q < n; q++)
      if (buf[q] == g->hint[i])
        {
          if (!isnan (lb[q]) && lb[q] != INFINITY
              && !shl_assign_edges_push (el, buf[q], lb[q]))
            return false;
          break;
        }
  return true;
}

/* first candidates: for each row, the k best by cost (more on a further
 * try while that leaves no permutation); *result: the sparse optimum */
static bool
ms_first_candidates (GeomRun *run, int *perm, double *u, double *v,
                     double *result)
{
  const ShlAssignGeom *g = run->g;
  int nr = run->nr, nc = run->nc;
  EdgeList *el = &run->el;
  double *lb = malloc (((size_t) nc + (size_t) g->n_always + 1)
                       * sizeof (double));
  if (!lb)
    return false;
  double t0 = ms_start_threshold (run);
  for (int k = 6;; k *= 3)
    {
      el->n = 0;
      for (int i = 0; i < nr; i++)
        {
          el->start[i] = (int) el->n;
          if (!ms_row_candidates (run, i, k, t0, lb))
            {
              free (lb);
              return false;
            }
        }
      el->start[nr] = (int) el->n;
      ShlSparseCost sc = { nr, nc, el->start, el->col, el->cost, g->pad };
      *result = shl_assign_min_sum_sparse (perm, u, v, &sc);
      if (isnan (*result) || isfinite (*result) || k >= nc)
        break;
    }
  free (lb);
  return true;
}

/* one pricing round: the pairs left out that can lower the sum, cost
 * (i, j) < u[i] + v[j], into run->add; the search prunes each k-d node
 * with the largest v below it (in the space that is more selective at
 * u[i] + max v) */
static bool
ms_price_round (GeomRun *run, const double *u, const double *v)
{
  const ShlAssignGeom *g = run->g;
  int nr = run->nr, nc = run->nc, *buf = run->buf;
  GeomIndex *gx = &run->gx;
  EdgeList *el = &run->el, *add = &run->add;
  double vmax = -INFINITY;
  for (int j = 0; j < nc; j++)
    vmax = fmax (vmax, v[j]);
  for (int q = 0; q < gx->n_spaces; q++)
    shl_assign_kd_set_vmax (&gx->kd[q], v);
  add->n = 0;
  for (int i = 0; i < nr; i++)
    {
      add->start[i] = (int) add->n;
      int tag = ++run->tag;
      for (int e = el->start[i]; e < el->start[i + 1]; e++)
        run->mark[el->col[e]] = tag;
      double tau = u[i] + vmax;
      int best = 0;
      if (gx->n_spaces > 1)
        {
          double r0 = g->radius (g->user, i, tau, 0);
          double r1 = g->radius (g->user, i, tau, 1);
          if (r1 / (gx->ext[1] > 0 ? gx->ext[1] : 1.0)
              < r0 / (gx->ext[0] > 0 ? gx->ext[0] : 1.0))
            best = 1;
        }
      const double *pt = best ? g->row_pts2 + (size_t) i * g->dim2
                              : g->row_pts + (size_t) i * g->dim;
      int n = shl_assign_kd_query_pot (&gx->kd[best], pt, u[i], v, g->radius,
                                       g->user, i, best, buf);
      for (int k = 0; k < n; k++)
        run->stamp[buf[k]] = tag;
      for (int k = 0; k < g->n_always; k++)
        if (run->stamp[g->always[k]] != tag)
          {
            run->stamp[g->always[k]] = tag;
            buf[n++] = g->always[k];
          }
      for (int q = 0; q < n; q++)
        {
          int j = buf[q];
          if (run->mark[j] == tag)
            continue;
          double thr = u[i] + v[j];
          /* a margin for the rounding of the potentials */
          thr -= 0x1p-40 * (fabs (u[i]) + fabs (v[j]));
          if (g->lower && !(g->lower (g->user, i, j) < thr))
            continue;
          double c = g->cost (g->user, i, j);
          run->evals++;
          if (c < thr && !shl_assign_edges_push (add, j, c))
            return false;
        }
    }
  add->start[nr] = (int) add->n;
  return true;
}

double
shl_assign_min_sum_geom (int *perm, const ShlAssignGeom *g, long *n_evals)
{
  if (!shl_assign_geom_valid (g) || !perm)
    return NAN;
  int nr = g->n_rows, nc = g->n_cols, M = nr > nc ? nr : nc;
  if (n_evals)
    *n_evals = 0;
  if (M == 0)
    return 0.0;
  GeomRun run;
  double *u = malloc ((size_t) M * sizeof (double));
  double *v = malloc ((size_t) M * sizeof (double));
  double result = NAN;
  bool ok = geom_run_init (&run, g) && u && v
            && ms_first_candidates (&run, perm, u, v, &result)
            && !isnan (result);
  /* price out the pairs left out until none can lower the sum */
  while (ok && isfinite (result))
    {
      if (!ms_price_round (&run, u, v) || run.add.n == 0
          || !shl_assign_edges_merge (&run.el, &run.add))
        break;
      ShlSparseCost sc = { nr, nc, run.el.start, run.el.col, run.el.cost,
                           g->pad };
      result = shl_assign_min_sum_sparse_run (perm, u, v, &sc, true);
    }
  if (n_evals)
    *n_evals = run.evals;
  geom_run_clear (&run);
  free (u);
  free (v);
  return result;
}
