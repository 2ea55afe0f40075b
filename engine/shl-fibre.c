/* shl-fibre.c: distances to the fibre (see shl-fibre.h).
 *
 * The two assignments (the restricted fibre and the constructive upper
 * bound) are bottleneck problems between Γ's neuron slots and κ(g)'s
 * neurons, padded with zero slots. Above width SHL_PARAM_DIST_DENSE_MAX
 * (or with SHL_DISTANCE_SPARSE) they are solved without the dense matrix: the restricted cost ||p - q||_inf <= t confines q to a
 * box around p (a k-d range search in (a, b, c)); the upper bound's cost
 * is at least delta (p, q), so the rescaling-invariant bounds of
 * shl-paramdist apply. The optimum is the same as with the dense matrix
 * (SHL_DISTANCE_DENSE keeps that as the reference). */
#include "shl-fibre.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-assign.h"
#include "shl-geom.h"
#include "shl-paramdist.h"
#include "shl-symmetry.h"

/* R_j = max(|lo_j|, |hi_j|): the box lies in [-R_j, R_j] */
static double
box_radius (const ShlNet *net, int j)
{
  return fmax (fabs (net->lo[j]), fabs (net->hi[j]));
}

static void
pack_neuron (double *p, const ShlNet *net, int i)
{
  const int d = net->d;
  for (int j = 0; j < d; j++)
    p[j] = net->a[i * d + j];
  p[d] = net->b[i];
  p[d + 1] = net->c[i];
}

/* the cheapest way to make neuron i contribute nothing on Γ's box by an
 * explicit move: c -> 0, or b lowered until the neuron is dead */
static double
switch_off_cost (const ShlNet *net, int i)
{
  const int d = net->d;
  double zmax = net->b[i];
  for (int j = 0; j < d; j++)
    zmax += fmax (net->a[i * d + j] * net->lo[j], net->a[i * d + j] * net->hi[j]);
  return fmin (fabs (net->c[i]), fmax (0.0, zmax));
}

double
shl_fibre_bound (const ShlNet *net, double eps)
{
  if (net->d != 1)
    return NAN; /* theory.md states the constant C in 1-D only */
  double D = box_radius (net, 0);
  return (2.0 + sqrt (2.0)) * pow (1.0 + net->d * D * D, 0.25) * sqrt (eps)
         + (1.0 + D) * eps;
}

/* the affine part's difference ||v_Γ - v||_inf and |e_Γ - e| */
static double
affine_diff (const ShlNet *gamma, const double *v, double e)
{
  double r = fabs (*gamma->e - e);
  for (int j = 0; j < gamma->d; j++)
    r = fmax (r, fabs (gamma->v[j] - v[j]));
  return r;
}

/* ------------------------------------------------------------------------ */
/* The restricted fibre: ||p - q||_inf between Γ's slots and κ's neurons    */

typedef struct {
  int     len, m, mk;
  double *P, *Q;   /* (m, len), (mk, len) */
  double  qmax;    /* max ||q||_inf */
  double *pn;      /* (m) ||p||_inf */
} Restricted;

static double
res_cost (void *user, int i, int j)
{
  const Restricted *r = user;
  const double *p = r->P + (size_t) i * r->len, *q = r->Q + (size_t) j * r->len;
  double c = 0.0;
  for (int t = 0; t < r->len; t++)
    c = fmax (c, fabs (p[t] - q[t]));
  return c;
}

static double
res_radius (void *user, int i, double t, int space)
{
  const Restricted *r = user;
  if (!(t >= 0.0))
    return -1.0;
  return t * (1.0 + 0x1p-40) + 0x1p-40 * (r->pn[i] + r->qmax);
}

/* min over slot assignments of max ||Γ_i - κ_j||_inf (zero slots: ||Γ_i||) */
static double
restricted_bottleneck (const ShlNet *gamma, const ShlNet *k,
                       ShlParamDistFlags pf)
{
  const int m = gamma->m, mk = k->m, d = gamma->d, len = SHL_NEURON_LEN (d);
  if (m == 0)
    return 0.0;
  Restricted r = { len, m, mk, NULL, NULL, 0.0, NULL };
  r.P = malloc ((size_t) m * len * sizeof (double));
  r.Q = malloc (((size_t) mk * len + 1) * sizeof (double));
  r.pn = malloc ((size_t) m * sizeof (double));
  int *perm = malloc ((size_t) m * sizeof (int));
  double res = NAN;
  if (!r.P || !r.Q || !r.pn || !perm)
    goto out;
  for (int i = 0; i < m; i++)
    {
      pack_neuron (r.P + (size_t) i * len, gamma, i);
      r.pn[i] = 0.0;
      for (int t = 0; t < len; t++)
        r.pn[i] = fmax (r.pn[i], fabs (r.P[(size_t) i * len + t]));
    }
  for (int j = 0; j < mk; j++)
    {
      pack_neuron (r.Q + (size_t) j * len, k, j);
      for (int t = 0; t < len; t++)
        r.qmax = fmax (r.qmax, fabs (r.Q[(size_t) j * len + t]));
    }
  bool dense = (pf & SHL_PARAM_DIST_DENSE)
               || (!(pf & SHL_PARAM_DIST_SPARSE) && m <= SHL_PARAM_DIST_DENSE_MAX);
  if (dense)
    {
      double *cost = malloc ((size_t) m * m * sizeof (double));
      if (!cost)
        goto out;
      for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++)
          cost[(size_t) i * m + j] = j < mk ? res_cost (&r, i, j) : r.pn[i];
      res = shl_assign_bottleneck (perm, cost, m);
      free (cost);
      goto out;
    }
  ShlAssignGeom g = {
    .n_rows = m, .n_cols = mk, .dim = len, .row_pts = r.P, .col_pts = r.Q,
    .pad = m != mk ? r.pn : NULL, .radius = res_radius, .cost = res_cost,
    .user = &r,
  };
  res = shl_assign_bottleneck_geom (perm, &g, 0, NULL);

out:
  free (r.P);
  free (r.Q);
  free (r.pn);
  free (perm);
  return res;
}

/* ------------------------------------------------------------------------ */
/* The constructive upper bound                                             */

/* κ's neuron q rescaled optimally for the slot of p; the zero-neuron limits
 * (lambda 0 or inf) do not represent the neuron: the balanced form then.
 * Always >= delta (p, q). */
static double
upper_cost (void *user, const double *p, const double *q, int d)
{
  double lambda;
  double c = shl_neuron_delta (&lambda, p, q, d);
  if (!(lambda > 0 && isfinite (lambda)))
    {
      c = 0.0;
      for (int t = 0; t < SHL_NEURON_LEN (d); t++)
        c = fmax (c, fabs (p[t] - q[t]));
    }
  return c;
}

/* ------------------------------------------------------------------------ */

/* eps_dist: ||g - R(Γ)|| on Γ's domain if already known (NULL: compute);
 * sym: d_sym (Γ, g) if known (NAN: compute) */
static bool
fibre_distance (ShlFibreDistance *out, const ShlNet *gamma, const ShlNet *g,
                const ShlDistances *eps_dist, double sym, ShlParamDistFlags pf)
{
  out->restricted = out->upper = out->lower = NAN;
  out->eps = out->eps_sup = out->bound = NAN;
  out->kappa_width = -1;
  if (!gamma || !g || gamma->d != g->d || !shl_net_is_finite (gamma) || !shl_net_is_finite (g))
    return false;
  const int d = gamma->d, m = gamma->m;

  /* g on Γ's domain, canonical */
  ShlNet *g_here = shl_net_new (g->m, d, gamma->lo, gamma->hi);
  if (!g_here)
    return false;
  memcpy (g_here->theta, g->theta, g->n_params * sizeof (double));
  /* eps against g itself: κ(g) realizes g only up to the rounding of the
   * balancing, which moves kinks by an ulp (a genuine W^{1,inf} feature) */
  ShlDistances dist;
  if (eps_dist)
    dist = *eps_dist;
  else if (!shl_realization_distance (&dist, gamma, g_here, NULL, NULL))
    {
      shl_net_free (g_here);
      return false;
    }
  ShlNet *k = shl_canonicalize (g_here, -1);
  shl_net_free (g_here);
  if (!k)
    return false;
  const int mk = k->m;
  out->kappa_width = mk;
  out->eps_sup = dist.sup;
  out->eps = dist.sobolev;
  out->bound = shl_fibre_bound (gamma, out->eps);

  bool ok = true;
  double *pad = NULL;
  int *perm = NULL;

  /* the restricted fibre: κ(g)'s neurons exactly as they are (balanced,
   * oriented) in some slots, zero neurons in the others */
  double aff = affine_diff (gamma, k->v, *k->e);
  if (mk > m)
    out->restricted = INFINITY;
  else
    {
      double neurons = restricted_bottleneck (gamma, k, pf);
      if (isnan (neurons))
        {
          ok = false;
          goto out;
        }
      out->restricted = fmax (neurons, aff);
    }

  /* g's own parameters, aligned to Γ modulo symmetries, are a
   * parametrization of g (at Γ's width when g is not wider): d_sym is an
   * upper bound */
  double up = INFINITY;
  if (g->m <= m)
    {
      if (isnan (sym))
        {
          ShlParamAlign *al = shl_param_align_sym (gamma, g, pf);
          sym = al ? al->value : NAN;
          shl_param_align_free (al);
        }
      if (isfinite (sym))
        up = sym;
    }

  /* a constructive upper bound: each of κ(g)'s neurons rescaled optimally
   * for the slot it goes to; unused slots switched off (only needed where
   * it beats the bounds above) */
  if (mk > m)
    out->upper = fmin (INFINITY, up);
  else
    {
      double cap = fmin (up, out->restricted);
      double neurons = 0.0;
      if (m > 0 && aff < cap)
        {
          pad = malloc ((size_t) m * sizeof (double));
          perm = malloc ((size_t) m * sizeof (int));
          if (!pad || !perm)
            {
              ok = false;
              goto out;
            }
          for (int i = 0; i < m; i++)
            pad[i] = switch_off_cost (gamma, i);
          neurons = shl_param_bottleneck_capped (perm, gamma, k, upper_cost,
                                                 NULL, mk < m ? pad : NULL, pf,
                                                 cap);
          if (isnan (neurons))
            {
              ok = false;
              goto out;
            }
        }
      out->upper = fmin (fmax (neurons, aff), cap);
    }
  /* Γ itself, when it realizes g exactly */
  if (out->eps == 0.0)
    out->upper = 0.0;

  /* a lower bound: for R(Φ) = g and δ = ||Φ - Γ||_inf,
   *   eps_sup <= δ (Σ_i (Z_i + |c_i| K) + K) + δ² m K,
   * Z_i = sup |<a_i, x> + b_i|, K = 1 + Σ_j R_j (Lipschitz constants of the
   * realization map on the box); solve for δ */
  {
    double K = 1.0, B = 0.0;
    for (int j = 0; j < d; j++)
      K += box_radius (gamma, j);
    for (int i = 0; i < m; i++)
      {
        double Z = fabs (gamma->b[i]);
        for (int j = 0; j < d; j++)
          Z += fabs (gamma->a[i * d + j]) * box_radius (gamma, j);
        B += Z + fabs (gamma->c[i]) * K;
      }
    B += K;
    double A = m * K, e = out->eps_sup;
    out->lower = A > 0 ? (-B + sqrt (B * B + 4.0 * A * e)) / (2.0 * A) : e / B;
    out->lower = fmin (out->lower, out->upper);
  }

out:
  free (pad);
  free (perm);
  shl_net_free (k);
  return ok;
}

bool
shl_fibre_distance (ShlFibreDistance *out, const ShlNet *gamma, const ShlNet *g)
{
  return fibre_distance (out, gamma, g, NULL, NAN, SHL_PARAM_DIST_DEFAULT);
}

bool
shl_distance_report (ShlDistanceReport *out, const ShlNet *a, const ShlNet *b,
                     unsigned parts)
{
  if (!out)
    return false;
  memset (out, 0, sizeof *out);
  out->real.sup = out->real.w1inf_2 = out->real.w1inf_max = NAN;
  out->real.sobolev = out->real.argsup[0] = out->real.argsup[1] = NAN;
  out->real.w1inf_2_robust = out->real.w1inf_max_robust = NAN;
  out->real.sobolev_robust = out->real.w1inf_width = NAN;
  out->param_raw = out->param_sym = out->param_sym_l2 = NAN;
  out->fibre.restricted = out->fibre.upper = out->fibre.lower = NAN;
  out->fibre.eps = out->fibre.eps_sup = out->fibre.bound = NAN;
  out->fibre.kappa_width = -1;
  if (!a || !b || a->d != b->d)
    return false;
  ShlParamDistFlags pf = (parts & SHL_DISTANCE_DENSE) ? SHL_PARAM_DIST_DENSE
                         : (parts & SHL_DISTANCE_SPARSE) ? SHL_PARAM_DIST_SPARSE
                                                         : SHL_PARAM_DIST_DEFAULT;
  bool ok = true;
  out->parts = parts & (SHL_DISTANCE_REALIZATION | SHL_DISTANCE_PARAMETERS
                        | SHL_DISTANCE_FIBRE);
  /* the fibre needs the realization distance on a's domain: the same */
  if (parts & (SHL_DISTANCE_REALIZATION | SHL_DISTANCE_FIBRE))
    {
      ShlNet *b_here = shl_net_new (b->m, b->d, a->lo, a->hi);
      if (!b_here)
        return false;
      memcpy (b_here->theta, b->theta, b->n_params * sizeof (double));
      ok = shl_realization_distance (&out->real, a, b_here, NULL, NULL) && ok;
      shl_net_free (b_here);
    }
  ShlParamAlign *sym = NULL;
  if (parts & (SHL_DISTANCE_PARAMETERS | SHL_DISTANCE_FIBRE))
    {
      sym = shl_param_align_sym (a, b, pf);
      out->param_sym = sym ? sym->value : NAN;
      ok = sym && ok;
    }
  if (parts & SHL_DISTANCE_PARAMETERS)
    {
      out->param_raw = shl_param_distance_raw (a, b);
      ShlParamAlign *al = shl_param_align_sym_l2_hint (a, b, pf, sym);
      out->param_sym_l2 = al ? al->value : NAN;
      ok = al && ok;
      shl_param_align_free (al);
    }
  shl_param_align_free (sym);
  if (parts & SHL_DISTANCE_FIBRE)
    {
      out->restricted_a = shl_net_is_restricted (a, 1e-9);
      out->restricted_b = shl_net_is_restricted (b, 1e-9);
      out->fibre_ok = fibre_distance (&out->fibre, a, b,
                                      isnan (out->real.sup) ? NULL : &out->real,
                                      out->param_sym, pf);
      ok = out->fibre_ok && ok;
    }
  return ok;
}
