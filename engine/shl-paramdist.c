/* shl-paramdist.c: parameter distances modulo permutations and rescalings.
 *
 * Per pair of neurons the best rescaling is found exactly (delta: finitely
 * many candidate lambdas, see shl-paramdist.h; delta2: the positive roots
 * of a quartic, isolated through its derivatives). The networks are padded
 * to a common width with zero neurons, the M x M matrix of pair costs is
 * filled, and the permutation comes from shl-assign (bottleneck for the
 * max-norm, Hungarian for the sum of squares).
 *
 * Plain C + libm, no GLib. */
#include "shl-paramdist.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-assign.h"

/* ------------------------------------------------------------------------ */
/* delta: max-norm                                                          */

/* max(max_k |lambda u_k - w_k|, |c_q / lambda - c_p|), lambda > 0 finite;
 * p = (w, c_p), q = (u, c_q), K = d + 1 entries in u and w */
static double
delta_objective (const double *p, const double *q, int K, double lambda)
{
  double r = fabs (q[K] / lambda - p[K]);
  for (int k = 0; k < K; k++)
    r = fmax (r, fabs (lambda * q[k] - p[k]));
  return r;
}

typedef struct {
  double value;
  double lambda;
} Best;

static inline void
delta_try (Best *best, const double *p, const double *q, int K, double lambda)
{
  if (!(lambda > 0.0) || !isfinite (lambda))
    return;
  double f = delta_objective (p, q, K, lambda);
  if (f < best->value)
    {
      best->value = f;
      best->lambda = lambda;
    }
}

/* The value of both limits lambda -> 0 (c_q = 0) and lambda -> infinity
 * ((a_q, b_q) = 0): q tends to the zero neuron. */
static double
delta_to_zero (const double *p, int K)
{
  double r = fabs (p[K]);
  for (int k = 0; k < K; k++)
    r = fmax (r, fabs (p[k]));
  return r;
}

double
shl_neuron_delta (double *lambda, const double *p, const double *q, int d)
{
  const int K = d + 1;        /* entries of (a, b); c is at index K */
  const double cp = p[K], cq = q[K];
  Best best = { delta_objective (p, q, K, 1.0), 1.0 };
  bool u_zero = true;

  for (int k = 0; k < K; k++)
    {
      double uk = q[k], wk = p[k];
      if (uk == 0.0)
        continue;     /* |w_k|: a constant floor, no candidate */
      u_zero = false;
      /* zero of |lambda u_k - w_k| */
      delta_try (&best, p, q, K, wk / uk);
      /* increasing piece of one coordinate meets the decreasing piece of
       * another: |u_k| lambda - s_k w_k = s_j w_j - |u_j| lambda (the same
       * formula for either order of k and j) */
      for (int j = k + 1; j < K; j++)
        {
          double uj = q[j], wj = p[j];
          if (uj == 0.0)
            continue;
          double num = copysign (1.0, uk) * wk + copysign (1.0, uj) * wj;
          delta_try (&best, p, q, K, num / (fabs (uk) + fabs (uj)));
        }
      /* a linear piece meets the hyperbola |c_q / lambda - c_p|: both
       * crossings (increasing line / decreasing hyperbola and vice versa)
       * solve |u_k| l^2 + B l - |c_q| = 0, B = s_c c_p - s_k w_k; one
       * positive root (the constant term is negative) */
      if (cq != 0.0)
        {
          double A = fabs (uk), G = fabs (cq);
          double B = copysign (1.0, cq) * cp - copysign (1.0, uk) * wk;
          double D = sqrt (B * B + 4.0 * A * G);
          if (!isfinite (D))
            D = hypot (B, 2.0 * sqrt (A) * sqrt (G));
          double l = B >= 0.0 ? 2.0 * G / (B + D) : (D - B) / (2.0 * A);
          delta_try (&best, p, q, K, l);
        }
    }
  /* zero of the hyperbola */
  if (cq != 0.0 && cp != 0.0)
    delta_try (&best, p, q, K, cq / cp);

  /* the limits: only reachable with a finite value when c_q = 0
   * (lambda -> 0) or (a_q, b_q) = 0 (lambda -> infinity); if both, the
   * objective is constant and lambda = 1 stays */
  if (cq == 0.0 || u_zero)
    {
      double f = delta_to_zero (p, K);
      if (f < best.value)
        {
          best.value = f;
          best.lambda = cq == 0.0 ? 0.0 : INFINITY;
        }
    }
  if (lambda)
    *lambda = best.lambda;
  return best.value;
}

/* ------------------------------------------------------------------------ */
/* delta2: sum of squares                                                   */

/* ||lambda u - w||_2^2 + (c_q / lambda - c_p)^2, from residuals */
static double
delta2_objective (const double *p, const double *q, int K, double lambda)
{
  double rc = q[K] / lambda - p[K];
  double r = rc * rc;
  for (int k = 0; k < K; k++)
    {
      double rk = lambda * q[k] - p[k];
      r += rk * rk;
    }
  return r;
}

static inline void
delta2_try (Best *best, const double *p, const double *q, int K,
            double lambda)
{
  if (!(lambda > 0.0) || !isfinite (lambda))
    return;
  double f = delta2_objective (p, q, K, lambda);
  if (f < best->value)
    {
      best->value = f;
      best->lambda = lambda;
    }
}

/* The stationarity quartic Q(l) = U l^4 - P l^3 + Kc l - G2
 * (U = |u|^2, P = <u, w>, Kc = c_q c_p, G2 = c_q^2); Q = l^3 phi'(l) / 2. */
typedef struct {
  const double *p, *q;
  int K;
  double U, P, Kc, G2;
} Quartic;

/* Q from residuals: l^3 <u, l u - w> - c_q (c_q - c_p l) */
static double
quartic_q (const Quartic *Q, double l)
{
  double s = 0.0;
  for (int k = 0; k < Q->K; k++)
    s += Q->q[k] * (l * Q->q[k] - Q->p[k]);
  double cq = Q->q[Q->K];
  return l * l * l * s - cq * (cq - Q->p[Q->K] * l);
}

static double
quartic_dq (const Quartic *Q, double l)
{
  return (4.0 * Q->U * l - 3.0 * Q->P) * l * l + Q->Kc;
}

static double
quartic_ddq (const Quartic *Q, double l)
{
  return (12.0 * Q->U * l - 6.0 * Q->P) * l;
}

/* The root of a function monotone on [lo, hi] with f(lo), f(hi) of
 * opposite signs (or zero): Newton steps safeguarded by bisection, down to
 * a few ulps. which: 0 for Q (derivative Q'), 1 for Q' (derivative Q''). */
static double
monotone_root (const Quartic *Q, int which, double lo, double hi)
{
  double (*f) (const Quartic *, double) = which == 0 ? quartic_q : quartic_dq;
  double (*df) (const Quartic *, double) =
    which == 0 ? quartic_dq : quartic_ddq;
  double flo = f (Q, lo), fhi = f (Q, hi);
  if (flo == 0.0)
    return lo;
  if (fhi == 0.0)
    return hi;
  bool rising = fhi > 0.0;
  double x = 0.5 * (lo + hi);
  for (int it = 0; it < 200; it++)
    {
      double fx = f (Q, x);
      if (fx == 0.0)
        return x;
      if ((fx > 0.0) == rising)
        hi = x;
      else
        lo = x;
      if (hi - lo <= 4.0 * DBL_EPSILON * hi)
        break;
      double dfx = df (Q, x);
      double xn = dfx != 0.0 ? x - fx / dfx : NAN;
      /* a Newton step below rounding: converged (quadratically) */
      if (fabs (xn - x) <= 2.0 * DBL_EPSILON * x)
        return xn > lo && xn < hi ? xn : x;
      /* Newton if it stays inside the bracket, else bisect */
      if (!(xn > lo && xn < hi))
        xn = 0.5 * (lo + hi);
      if (xn == x)
        break;
      x = xn;
    }
  return x;
}

/* Every local minimum of phi on (0, inf) for U > 0, c_q != 0. */
static void
delta2_quartic (Best *best, const double *p, const double *q, int K)
{
  Quartic Q = { .p = p, .q = q, .K = K };
  for (int k = 0; k < K; k++)
    {
      Q.U += q[k] * q[k];
      Q.P += q[k] * p[k];
    }
  Q.Kc = q[K] * p[K];
  Q.G2 = q[K] * q[K];

  /* a bound on the positive roots of Q (Fujiwara), then made safe */
  double bound = 2.0 * fmax (fmax (fabs (Q.P) / Q.U, cbrt (fabs (Q.Kc) / Q.U)),
                             sqrt (sqrt (Q.G2 / (2.0 * Q.U))));
  bound = fmax (bound, DBL_MIN);
  for (int it = 0; it < 64 && !(quartic_q (&Q, bound) > 0.0); it++)
    bound *= 2.0;

  /* Q'' = 6 l (2 U l - P): Q' decreases on (0, z), increases on (z, inf) */
  double z = Q.P > 0.0 ? Q.P / (2.0 * Q.U) : 0.0;
  double pts[5];
  int n_pts = 0;
  pts[n_pts++] = 0.0;
  if (z > 0.0 && quartic_dq (&Q, 0.0) > 0.0 && quartic_dq (&Q, z) < 0.0)
    pts[n_pts++] = monotone_root (&Q, 1, 0.0, z);
  if (quartic_dq (&Q, z) < 0.0)
    {
      double hi = fmax (2.0 * z, bound);
      for (int it = 0; it < 64 && !(quartic_dq (&Q, hi) > 0.0); it++)
        hi *= 2.0;
      pts[n_pts++] = monotone_root (&Q, 1, z, hi);
    }
  for (int i = 1; i < n_pts; i++)
    delta2_try (best, p, q, K, pts[i]);   /* guards near-double roots */
  double top = bound;
  for (int i = 1; i < n_pts; i++)
    top = fmax (top, 2.0 * pts[i]);
  for (int it = 0; it < 64 && !(quartic_q (&Q, top) > 0.0); it++)
    top *= 2.0;
  pts[n_pts++] = top;

  /* Q is monotone between consecutive points: a sign change is a root
   * (Q(0) = -c_q^2 < 0) */
  for (int i = 0; i + 1 < n_pts; i++)
    {
      double lo = pts[i], hi = pts[i + 1];
      if (!(hi > lo))
        continue;
      double flo = quartic_q (&Q, lo), fhi = quartic_q (&Q, hi);
      if ((flo <= 0.0 && fhi >= 0.0) || (flo >= 0.0 && fhi <= 0.0))
        delta2_try (best, p, q, K, monotone_root (&Q, 0, lo, hi));
    }
}

double
shl_neuron_delta2 (double *lambda, const double *p, const double *q, int d)
{
  const int K = d + 1;
  const double cp = p[K], cq = q[K];
  Best best = { delta2_objective (p, q, K, 1.0), 1.0 };
  double U = 0.0, P = 0.0, W = 0.0;
  for (int k = 0; k < K; k++)
    {
      U += q[k] * q[k];
      P += q[k] * p[k];
      W += p[k] * p[k];
    }

  if (U > 0.0 && cq != 0.0)
    delta2_quartic (&best, p, q, K);
  else if (U > 0.0)
    {
      /* c_q = 0: a quadratic in lambda, vertex <u, w> / |u|^2 */
      if (P > 0.0)
        delta2_try (&best, p, q, K, P / U);
    }
  else if (cq != 0.0)
    {
      /* (a_q, b_q) = 0: only the hyperbola, zero at c_q / c_p */
      if (cp != 0.0)
        delta2_try (&best, p, q, K, cq / cp);
    }

  if (U == 0.0 || cq == 0.0)
    {
      double f = W + cp * cp;     /* the zero-neuron limit */
      if (f < best.value)
        {
          best.value = f;
          best.lambda = cq == 0.0 ? 0.0 : INFINITY;
        }
    }
  if (lambda)
    *lambda = best.lambda;
  return best.value;
}

void
shl_neuron_rescaled (double *out, const double *q, double lambda, int d)
{
  const int K = d + 1;
  if (lambda == 0.0 || lambda == INFINITY)
    {
      for (int k = 0; k <= K; k++)
        out[k] = 0.0;
      return;
    }
  for (int k = 0; k < K; k++)
    out[k] = lambda * q[k];
  out[K] = q[K] / lambda;
}

/* ------------------------------------------------------------------------ */
/* Networks                                                                 */

/* neuron i of net packed as (a, b, c); the zero neuron for i >= m */
static void
pack_neuron (double *out, const ShlNet *net, int i)
{
  int d = net->d;
  if (i >= net->m)
    {
      memset (out, 0, (size_t) SHL_NEURON_LEN (d) * sizeof (double));
      return;
    }
  for (int k = 0; k < d; k++)
    out[k] = net->a[(size_t) i * (size_t) d + (size_t) k];
  out[d] = net->b[i];
  out[d + 1] = net->c[i];
}

void
shl_param_align_free (ShlParamAlign *align)
{
  if (!align)
    return;
  free (align->perm);
  free (align->lambda);
  free (align->cost);
  free (align);
}

static ShlParamAlign *
align_new (const ShlNet *A, const ShlNet *B, bool l2)
{
  if (!A || !B || A->d != B->d || !shl_net_is_finite (A)
      || !shl_net_is_finite (B))
    return NULL;
  ShlParamAlign *al = calloc (1, sizeof *al);
  if (!al)
    return NULL;
  al->d = A->d;
  al->width_a = A->m;
  al->width_b = B->m;
  al->width = A->m > B->m ? A->m : B->m;
  al->l2 = l2;
  al->worst = -1;
  size_t M = (size_t) al->width;
  /* + 1: never malloc (0) */
  al->perm = malloc ((M + 1) * sizeof (int));
  al->lambda = malloc ((M + 1) * sizeof (double));
  al->cost = malloc ((M + 1) * sizeof (double));
  if (!al->perm || !al->lambda || !al->cost)
    {
      shl_param_align_free (al);
      return NULL;
    }
  return al;
}

typedef double (*PairCost) (double *lambda, const double *p, const double *q,
                            int d);

/* the M x M matrix of pair costs, row i = A's slot, column j = B's slot */
static double *
cost_matrix (const ShlNet *A, const ShlNet *B, int M, PairCost fn)
{
  int d = A->d;
  size_t uM = (size_t) M;
  double *C = malloc ((uM * uM + 1) * sizeof (double));
  double *qs = malloc ((uM * (size_t) SHL_NEURON_LEN (d) + 1) * sizeof (double));
  if (!C || !qs)
    {
      free (C);
      free (qs);
      return NULL;
    }
  for (int j = 0; j < M; j++)
    pack_neuron (qs + (size_t) j * SHL_NEURON_LEN (d), B, j);
  double p[SHL_NEURON_LEN (SHL_MAX_DIM)];
  for (int i = 0; i < M; i++)
    {
      pack_neuron (p, A, i);
      for (int j = 0; j < M; j++)
        C[(size_t) i * uM + (size_t) j] =
          fn (NULL, p, qs + (size_t) j * SHL_NEURON_LEN (d), d);
    }
  free (qs);
  return C;
}

/* per-slot lambda, cost, the worst slot and the neuron part (max or sum) */
static void
align_fill_pairs (ShlParamAlign *al, const ShlNet *A, const ShlNet *B,
                  PairCost fn)
{
  int M = al->width, d = al->d;
  double p[SHL_NEURON_LEN (SHL_MAX_DIM)], q[SHL_NEURON_LEN (SHL_MAX_DIM)];
  double agg = 0.0, worst = -INFINITY;
  for (int i = 0; i < M; i++)
    {
      int j = al->perm[i];
      pack_neuron (p, A, i);
      pack_neuron (q, B, j);
      /* the same call as for the cost matrix: the same value */
      al->cost[i] = fn (&al->lambda[i], p, q, d);
      if (al->cost[i] > worst)
        {
          worst = al->cost[i];
          al->worst = i;
        }
      agg = al->l2 ? agg + al->cost[i] : fmax (agg, al->cost[i]);
    }
  al->neurons = agg;
  double de = fabs (*A->e - *B->e), dv = 0.0;
  for (int k = 0; k < d; k++)
    {
      double t = A->v[k] - B->v[k];
      dv = al->l2 ? dv + t * t : fmax (dv, fabs (t));
    }
  al->e_diff = de;
  al->v_diff = al->l2 ? sqrt (dv) : dv;
  if (al->l2)
    al->value = sqrt (agg + de * de + dv);
  else
    al->value = fmax (agg, fmax (de, dv));
}

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
      pack_neuron (p, A, i);
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
      pack_neuron (q, B, j);
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

static bool
use_dense (ShlParamDistFlags flags, int M)
{
  if (flags & SHL_PARAM_DIST_DENSE)
    return true;
  if (flags & SHL_PARAM_DIST_SPARSE)
    return M == 0;
  return M <= SHL_PARAM_DIST_DENSE_MAX;
}

/* the permutation by the geometric solvers (l2: minimum sum, started from
 * hint (may be NULL), a permutation of A's slots to B's) */
static bool
align_geom (ShlParamAlign *al, const ShlNet *A, const ShlNet *B, bool l2,
            ShlParamDistFlags flags, const int *hint)
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

ShlParamAlign *
shl_param_align_sym (const ShlNet *A, const ShlNet *B, ShlParamDistFlags flags)
{
  ShlParamAlign *al = align_new (A, B, false);
  if (!al)
    return NULL;
  int M = al->width;
  size_t uM = (size_t) M;
  double *C = NULL;
  if (!use_dense (flags, M))
    {
      if (!align_geom (al, A, B, false, flags, NULL))
        goto fail;
      align_fill_pairs (al, A, B, shl_neuron_delta);
      return al;
    }
  C = cost_matrix (A, B, M, shl_neuron_delta);
  if (!C)
    goto fail;
  double bn = shl_assign_bottleneck (al->perm, C, M);
  if (isnan (bn))
    goto fail;
  if ((flags & SHL_PARAM_DIST_REFINE) && M > 1)
    {
      /* among the bottleneck-optimal permutations, the least sum */
      int *perm2 = malloc (uM * sizeof (int));
      if (!perm2)
        goto fail;
      for (size_t k = 0; k < uM * uM; k++)
        if (C[k] > bn)
          C[k] = INFINITY;
      double s = shl_assign_hungarian (perm2, C, M);
      if (isfinite (s))
        memcpy (al->perm, perm2, uM * sizeof (int));
      free (perm2);
    }
  align_fill_pairs (al, A, B, shl_neuron_delta);
  free (C);
  return al;

fail:
  free (C);
  shl_param_align_free (al);
  return NULL;
}

ShlParamAlign *
shl_param_align_sym_l2_hint (const ShlNet *A, const ShlNet *B,
                             ShlParamDistFlags flags, const ShlParamAlign *sym)
{
  ShlParamAlign *al = align_new (A, B, true);
  if (!al)
    return NULL;
  if (!use_dense (flags, al->width))
    {
      /* the bottleneck pairing is a good, feasible start */
      ShlParamAlign *own = NULL;
      if (!sym || sym->width != al->width || sym->l2)
        sym = own = shl_param_align_sym (A, B, flags);
      bool ok = sym && align_geom (al, A, B, true, flags, sym->perm);
      shl_param_align_free (own);
      if (!ok)
        {
          shl_param_align_free (al);
          return NULL;
        }
      align_fill_pairs (al, A, B, shl_neuron_delta2);
      return al;
    }
  double *C = cost_matrix (A, B, al->width, shl_neuron_delta2);
  if (!C || isnan (shl_assign_hungarian (al->perm, C, al->width)))
    {
      free (C);
      shl_param_align_free (al);
      return NULL;
    }
  align_fill_pairs (al, A, B, shl_neuron_delta2);
  free (C);
  return al;
}

ShlParamAlign *
shl_param_align_sym_l2_flags (const ShlNet *A, const ShlNet *B,
                              ShlParamDistFlags flags)
{
  return shl_param_align_sym_l2_hint (A, B, flags, NULL);
}

ShlParamAlign *
shl_param_align_sym_l2 (const ShlNet *A, const ShlNet *B)
{
  return shl_param_align_sym_l2_flags (A, B, SHL_PARAM_DIST_DEFAULT);
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
  if (use_dense (flags, M))
    {
      double *C = calloc ((size_t) M * (size_t) M, sizeof (double));
      if (!C)
        return NAN;
      double p[SHL_NEURON_LEN (SHL_MAX_DIM)] = { 0 };
      double q[SHL_NEURON_LEN (SHL_MAX_DIM)] = { 0 };
      for (int i = 0; i < M; i++)
        {
          if (i < A->m)
            pack_neuron (p, A, i);
          for (int j = 0; j < M; j++)
            {
              double c;
              if (i < A->m && j < B->m)
                {
                  pack_neuron (q, B, j);
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

double
shl_param_distance_sym (const ShlNet *A, const ShlNet *B)
{
  ShlParamAlign *al = shl_param_align_sym (A, B, SHL_PARAM_DIST_DEFAULT);
  double r = al ? al->value : NAN;
  shl_param_align_free (al);
  return r;
}

double
shl_param_distance_sym_l2 (const ShlNet *A, const ShlNet *B)
{
  ShlParamAlign *al = shl_param_align_sym_l2 (A, B);
  double r = al ? al->value : NAN;
  shl_param_align_free (al);
  return r;
}

ShlNet *
shl_param_align_apply (const ShlParamAlign *align, const ShlNet *B)
{
  if (!align || !B || B->d != align->d || B->m != align->width_b)
    return NULL;
  int d = B->d;
  ShlNet *out = shl_net_new (align->width, d, B->lo, B->hi);
  if (!out)
    return NULL;
  double q[SHL_NEURON_LEN (SHL_MAX_DIM)];
  for (int i = 0; i < align->width; i++)
    {
      pack_neuron (q, B, align->perm[i]);
      shl_neuron_rescaled (q, q, align->lambda[i], d);
      for (int k = 0; k < d; k++)
        out->a[(size_t) i * (size_t) d + (size_t) k] = q[k];
      out->b[i] = q[d];
      out->c[i] = q[d + 1];
    }
  *out->e = *B->e;
  for (int k = 0; k < d; k++)
    out->v[k] = B->v[k];
  return out;
}
