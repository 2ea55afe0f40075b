/* shl-paramdist-geom.c: parameter alignments without the dense matrix:
 * every neuron as points whose distances bound the pair cost from below
 * (the jump c (a, b) and the direction (a, b) / ||(a, b)||_inf), the
 * radii and lower bounds the geometric solvers of shl-assign need, and
 * the alignment through them (shl_assign_*_geom), and the bottleneck
 * with a caller's cost (shl_param_bottleneck, dense or geometric).
 *
 * Plain C + libm, no GLib. */
#include "shl-paramdist-private.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-assign.h"

/* ------------------------------------------------------------------------ */
/* Without the dense matrix: geometric lower bounds                         */

/* Let q = (u, c_q), rescaled by lambda, be within alpha (in (a, b)) and
 * beta (in c) of p = (w, c_p); delta = max(alpha, beta), s^2 = alpha^2 +
 * beta^2. Two quantities do not change under rescaling, and bound how far
 * apart p and q may be:
 *
 * - the jump J = c (a, b): J_q - J_p = (c_q / lambda)(lambda u - w)
 *   + (c_q / lambda - c_p) w, so ||J_q - J_p||_inf <= (|c_p| +
 *   ||w||_inf + delta) delta and ||J_q - J_p||_2 <= n_p s + s^2 / 2
 *   (n_p = ||(w, c_p)||_2). Tight for balanced neurons.
 *
 * - the direction D = (a, b) / ||(a, b)||_inf: ||x/||x|| - y/||y|| ||
 *   <= 2 ||x - y|| / ||y||, so ||D_q - D_p||_inf <= 2 alpha / ||w||_inf.
 *   Tight for neurons with a large (a, b) (e.g. a small c).
 *
 * The candidates come from a range search over B's points in the more
 * selective of the two spaces, the other bound filters them, and only the
 * rest is evaluated. Neurons with (a, b) = 0 have no direction: they are
 * candidates of every row. The margins (2^-40 relative) cover the rounding
 * of J, D and of the costs. */
typedef struct {
  int           d, len;
  const double *P, *Q;   /* packed neurons (m_A, len), (m_B, len) */
  double       *JP, *JQ; /* (m_A, d + 1), (m_B, d + 1) jumps */
  double       *DP, *DQ; /* (m_A, d + 1), (m_B, d + 1) directions */
  double       *ap;      /* (m_A) |c_p| + ||w_p||_inf */
  double       *wp;      /* (m_A) ||w_p||_inf */
  double       *np;      /* (m_A) ||(w_p, c_p)||_2 */
  double       *jp;      /* (m_A) ||J_p||_inf */
  double        jq;      /* max ||J_q||_inf */
  int          *always;  /* B's neurons with (a, b) = 0 */
  int           n_always;
  double       *pad;     /* (M) pad costs, or NULL */
  ShlNeuronCost custom;  /* a pair cost >= delta, or NULL */
  void         *custom_user;
} PdGeom;

#define MARGIN 0x1p-40

static void
pd_geom_clear (PdGeom *g)
{
  free ((double *) g->P);
  free ((double *) g->Q);
  free (g->JP);
  free (g->JQ);
  free (g->DP);
  free (g->DQ);
  free (g->ap);
  free (g->wp);
  free (g->np);
  free (g->jp);
  free (g->always);
  free (g->pad);
}

/* J (d + 1) and D (d + 1) of the packed neuron p; returns ||(a, b)||_inf */
static double
pd_points (double *J, double *D, const double *p, int d)
{
  double w = 0.0;
  for (int k = 0; k <= d; k++)
    {
      J[k] = p[d + 1] * p[k];
      w = fmax (w, fabs (p[k]));
    }
  for (int k = 0; k <= d; k++)
    D[k] = w > 0.0 ? p[k] / w : 4.0; /* no direction: far from all */
  return w;
}

/* fn: the pair cost for the pad slots (NULL: no pads computed) */
static bool
pd_geom_init (PdGeom *g, const ShlNet *A, const ShlNet *B, PairCost fn)
{
  memset (g, 0, sizeof *g);
  int d = A->d, len = SHL_NEURON_LEN (d), ma = A->m, mb = B->m, K = d + 1;
  int M = ma > mb ? ma : mb;
  g->d = d;
  g->len = len;
  double *P = malloc (((size_t) ma * len + 1) * sizeof (double));
  double *Q = malloc (((size_t) mb * len + 1) * sizeof (double));
  g->P = P;
  g->Q = Q;
  g->JP = malloc (((size_t) ma * K + 1) * sizeof (double));
  g->JQ = malloc (((size_t) mb * K + 1) * sizeof (double));
  g->DP = malloc (((size_t) ma * K + 1) * sizeof (double));
  g->DQ = malloc (((size_t) mb * K + 1) * sizeof (double));
  g->ap = malloc (((size_t) ma + 1) * sizeof (double));
  g->wp = malloc (((size_t) ma + 1) * sizeof (double));
  g->np = malloc (((size_t) ma + 1) * sizeof (double));
  g->jp = malloc (((size_t) ma + 1) * sizeof (double));
  g->always = malloc (((size_t) mb + 1) * sizeof (int));
  if (ma != mb && fn)
    g->pad = malloc ((size_t) M * sizeof (double));
  if (!P || !Q || !g->JP || !g->JQ || !g->DP || !g->DQ || !g->ap || !g->wp
      || !g->np || !g->jp || !g->always || (ma != mb && fn && !g->pad))
    return false;
  for (int i = 0; i < ma; i++)
    {
      double *p = P + (size_t) i * len;
      shl_paramdist_pack_neuron (p, A, i);
      double *J = g->JP + (size_t) i * K;
      g->wp[i] = pd_points (J, g->DP + (size_t) i * K, p, d);
      double n2 = p[d + 1] * p[d + 1], jm = 0.0;
      for (int k = 0; k <= d; k++)
        {
          n2 += p[k] * p[k];
          jm = fmax (jm, fabs (J[k]));
        }
      g->ap[i] = fabs (p[d + 1]) + g->wp[i];
      g->np[i] = sqrt (n2);
      g->jp[i] = jm;
    }
  for (int j = 0; j < mb; j++)
    {
      double *q = Q + (size_t) j * len;
      shl_paramdist_pack_neuron (q, B, j);
      double *J = g->JQ + (size_t) j * K;
      if (pd_points (J, g->DQ + (size_t) j * K, q, d) == 0.0)
        g->always[g->n_always++] = j;
      for (int k = 0; k <= d; k++)
        g->jq = fmax (g->jq, fabs (J[k]));
    }
  /* the pad slots: zero neurons of the narrower network, through the same
   * pair cost as the dense matrix */
  double zero[SHL_NEURON_LEN (SHL_MAX_DIM)] = { 0 };
  if (!fn)
    return true;
  if (ma < mb)
    for (int j = 0; j < mb; j++)
      g->pad[j] = fn (NULL, zero, Q + (size_t) j * len, d);
  else if (ma > mb)
    for (int i = 0; i < ma; i++)
      g->pad[i] = fn (NULL, P + (size_t) i * len, zero, d);
  return true;
}

static double
pd_cost_sym (void *user, int i, int j)
{
  const PdGeom *g = user;
  const double *p = g->P + (size_t) i * g->len, *q = g->Q + (size_t) j * g->len;
  if (g->custom)
    return g->custom (g->custom_user, p, q, g->d);
  return shl_neuron_delta (NULL, p, q, g->d);
}

static double
pd_cost_l2 (void *user, int i, int j)
{
  const PdGeom *g = user;
  return shl_neuron_delta2 (NULL, g->P + (size_t) i * g->len,
                            g->Q + (size_t) j * g->len, g->d);
}

/* the distances ||J_q - J_p|| (inf- or 2-norm) and ||D_q - D_p||_inf,
 * rounded down by the margins */
static void
pd_dists (const PdGeom *g, int i, int j, bool two, double *dj, double *dd)
{
  int K = g->d + 1;
  double a = 0.0, b = 0.0;
  for (int k = 0; k < K; k++)
    {
      double t = g->JQ[(size_t) j * K + k] - g->JP[(size_t) i * K + k];
      a = two ? a + t * t : fmax (a, fabs (t));
      b = fmax (b, fabs (g->DQ[(size_t) j * K + k] - g->DP[(size_t) i * K + k]));
    }
  if (two)
    a = sqrt (a);
  *dj = a * (1.0 - MARGIN) - MARGIN * (g->jp[i] + g->jq);
  *dd = b - MARGIN;
}

/* pairs with delta <= t lie within these distances */
static double
pd_radius_sym (void *user, int i, double t, int space)
{
  const PdGeom *g = user;
  if (!(t >= 0.0))
    return -1.0;
  double a = g->ap[i], tt = t + MARGIN * (t + a);
  if (space == 0)
    return (a + tt) * tt * (1.0 + MARGIN) + MARGIN * (g->jp[i] + g->jq)
           + 0x1p-1000;
  return g->wp[i] > 0.0 ? 2.0 * tt / g->wp[i] * (1.0 + MARGIN) + MARGIN
                        : INFINITY;
}

/* a lower bound on delta from both distances */
static double
pd_lower_sym (void *user, int i, int j)
{
  const PdGeom *g = user;
  double dj, dd;
  pd_dists (g, i, j, false, &dj, &dd);
  double lb = 0.0, a = g->ap[i];
  if (dj > 0.0)
    lb = 2.0 * dj / (a + sqrt (a * a + 4.0 * dj)); /* (a + x) x = dj */
  bool has_dir = g->wp[i] > 0.0 && g->DQ[(size_t) j * (g->d + 1)] != 4.0;
  if (has_dir && dd > 0.0)
    lb = fmax (lb, 0.5 * dd * g->wp[i]);
  return lb * (1.0 - MARGIN) - MARGIN * a;
}

/* pairs with delta2 <= tau lie within these distances */
static double
pd_radius_l2 (void *user, int i, double tau, int space)
{
  const PdGeom *g = user;
  if (!(tau >= 0.0))
    return -1.0;
  double n = g->np[i], sq = sqrt (tau) * (1.0 + MARGIN) + MARGIN * n;
  if (space == 0)
    return (n * sq + 0.5 * sq * sq) * (1.0 + MARGIN)
           + MARGIN * (g->jp[i] + g->jq) + 0x1p-1000;
  return g->wp[i] > 0.0 ? 2.0 * sq / g->wp[i] * (1.0 + MARGIN) + MARGIN
                        : INFINITY;
}

/* a lower bound on delta2 from both distances (rounded down) */
static double
pd_lower_l2 (void *user, int i, int j)
{
  const PdGeom *g = user;
  double dj, dd;
  pd_dists (g, i, j, true, &dj, &dd);
  double n = g->np[i], s = 0.0;
  if (dj > 0.0)
    s = 2.0 * dj / (n + sqrt (n * n + 2.0 * dj)); /* -n + sqrt (...) */
  bool has_dir = g->wp[i] > 0.0 && g->DQ[(size_t) j * (g->d + 1)] != 4.0;
  if (has_dir && dd > 0.0)
    s = fmax (s, 0.5 * dd * g->wp[i]);
  double lb = s * s * (1.0 - MARGIN) - MARGIN * n * n;
  return lb > 0.0 ? lb : 0.0;
}
/* the permutation by the geometric solvers (l2: minimum sum, started from
 * hint (may be NULL), a permutation of A's slots to B's) */
bool
shl_paramdist_align_geom (ShlParamAlign *al, const ShlNet *A, const ShlNet *B,
                          bool l2, ShlParamDistFlags flags, const int *hint)
{
  PdGeom pg;
  bool ok = pd_geom_init (&pg, A, B, l2 ? shl_neuron_delta2 : shl_neuron_delta);
  if (ok)
    {
      ShlAssignGeom g = {
        .n_rows = A->m, .n_cols = B->m, .dim = A->d + 1,
        .row_pts = pg.JP, .col_pts = pg.JQ,
        .dim2 = A->d + 1, .row_pts2 = pg.DP, .col_pts2 = pg.DQ,
        .always = pg.always, .n_always = pg.n_always,
        .pad = pg.pad,
        .radius = l2 ? pd_radius_l2 : pd_radius_sym,
        .cost = l2 ? pd_cost_l2 : pd_cost_sym,
        .lower = l2 ? pd_lower_l2 : pd_lower_sym,
        .user = &pg,
        .hint = hint,
      };
      double r = l2 ? shl_assign_min_sum_geom (al->perm, &g, NULL)
                    : shl_assign_bottleneck_geom (
                        al->perm, &g,
                        (flags & SHL_PARAM_DIST_REFINE) ? SHL_ASSIGN_REFINE : 0,
                        NULL);
      ok = !isnan (r);
    }
  pd_geom_clear (&pg);
  return ok;
}

double
shl_param_bottleneck (int *perm, const ShlNet *A, const ShlNet *B,
                      ShlNeuronCost cost, void *user, const double *pad,
                      ShlParamDistFlags flags)
{
  return shl_param_bottleneck_capped (perm, A, B, cost, user, pad, flags,
                                      INFINITY);
}

double
shl_param_bottleneck_capped (int *perm, const ShlNet *A, const ShlNet *B,
                             ShlNeuronCost cost, void *user, const double *pad,
                             ShlParamDistFlags flags, double cap)
{
  if (!perm || !A || !B || !cost || A->d != B->d || (A->m != B->m && !pad))
    return NAN;
  int M = A->m > B->m ? A->m : B->m, d = A->d, len = SHL_NEURON_LEN (d);
  if (M == 0)
    return -INFINITY;
  double r = NAN;
  if (shl_paramdist_use_dense (flags, M))
    {
      double *C = calloc ((size_t) M * (size_t) M, sizeof (double));
      if (!C)
        return NAN;
      double p[SHL_NEURON_LEN (SHL_MAX_DIM)] = { 0 };
      double q[SHL_NEURON_LEN (SHL_MAX_DIM)] = { 0 };
      for (int i = 0; i < M; i++)
        {
          if (i < A->m)
            shl_paramdist_pack_neuron (p, A, i);
          for (int j = 0; j < M; j++)
            {
              double c;
              if (i < A->m && j < B->m)
                {
                  shl_paramdist_pack_neuron (q, B, j);
                  c = cost (user, p, q, d);
                }
              else
                c = i >= A->m ? pad[j] : pad[i];
              C[(size_t) i * M + j] = c;
            }
        }
      r = shl_assign_bottleneck (perm, C, M);
      free (C);
      (void) len;
      if (r >= cap)
        {
          for (int i = 0; i < M; i++)
            perm[i] = i;
          r = INFINITY;
        }
      return r;
    }
  PdGeom pg;
  if (pd_geom_init (&pg, A, B, NULL))
    {
      pg.custom = cost;
      pg.custom_user = user;
      ShlAssignGeom g = {
        .n_rows = A->m, .n_cols = B->m, .dim = d + 1,
        .row_pts = pg.JP, .col_pts = pg.JQ,
        .dim2 = d + 1, .row_pts2 = pg.DP, .col_pts2 = pg.DQ,
        .always = pg.always, .n_always = pg.n_always,
        .pad = pad,
        .radius = pd_radius_sym, .cost = pd_cost_sym, .lower = pd_lower_sym,
        .user = &pg, .cap = cap < INFINITY ? cap : 0.0,
      };
      r = shl_assign_bottleneck_geom (perm, &g, 0, NULL);
    }
  pd_geom_clear (&pg);
  return r;
}
