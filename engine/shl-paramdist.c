/* shl-paramdist.c: parameter distances modulo permutations and rescalings.
 *
 * Per pair of neurons the best rescaling is found exactly (delta: finitely
 * many candidate lambdas, see shl-paramdist.h; delta2: the positive roots
 * of a quartic, isolated through its derivatives). The networks are padded
 * to a common width with zero neurons, the M x M matrix of pair costs is
 * filled, and the permutation comes from shl-assign (bottleneck for the
 * max-norm, Hungarian for the sum of squares).
 *
 * Files: this one holds the per-pair rescalings, the dense alignments and
 * the public entry points; shl-paramdist-geom.c the alignments without the
 * dense matrix (geometric lower bounds and candidates) and the bottleneck
 * with a caller's cost; shl-paramdist-private.h what they share.
 *
 * Plain C + libm, no GLib. */
#include "shl-paramdist-private.h"

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
void
shl_paramdist_pack_neuron (double *out, const ShlNet *net, int i)
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
    shl_paramdist_pack_neuron (qs + (size_t) j * SHL_NEURON_LEN (d), B, j);
  double p[SHL_NEURON_LEN (SHL_MAX_DIM)];
  for (int i = 0; i < M; i++)
    {
      shl_paramdist_pack_neuron (p, A, i);
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
      shl_paramdist_pack_neuron (p, A, i);
      shl_paramdist_pack_neuron (q, B, j);
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

bool
shl_paramdist_use_dense (ShlParamDistFlags flags, int M)
{
  if (flags & SHL_PARAM_DIST_DENSE)
    return true;
  if (flags & SHL_PARAM_DIST_SPARSE)
    return M == 0;
  return M <= SHL_PARAM_DIST_DENSE_MAX;
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
  if (!shl_paramdist_use_dense (flags, M))
    {
      if (!shl_paramdist_align_geom (al, A, B, false, flags, NULL))
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
  if (!shl_paramdist_use_dense (flags, al->width))
    {
      /* the bottleneck pairing is a good, feasible start */
      ShlParamAlign *own = NULL;
      if (!sym || sym->width != al->width || sym->l2)
        sym = own = shl_param_align_sym (A, B, flags);
      bool ok = sym && shl_paramdist_align_geom (al, A, B, true, flags,
                                                 sym->perm);
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
      shl_paramdist_pack_neuron (q, B, align->perm[i]);
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
