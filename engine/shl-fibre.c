/* shl-fibre.c: distances to the fibre (see shl-fibre.h). */
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

bool
shl_fibre_distance (ShlFibreDistance *out, const ShlNet *gamma, const ShlNet *g)
{
  out->restricted = out->upper = out->lower = NAN;
  out->eps = out->eps_sup = out->bound = NAN;
  out->kappa_width = -1;
  if (!gamma || !g || gamma->d != g->d || !shl_net_is_finite (gamma) || !shl_net_is_finite (g))
    return false;
  const int d = gamma->d, m = gamma->m, len = SHL_NEURON_LEN (d);

  /* g on Γ's domain, canonical */
  ShlNet *g_here = shl_net_new (g->m, d, gamma->lo, gamma->hi);
  if (!g_here)
    return false;
  memcpy (g_here->theta, g->theta, g->n_params * sizeof (double));
  /* eps against g itself: κ(g) realizes g only up to the rounding of the
   * balancing, which moves kinks by an ulp (a genuine W^{1,inf} feature) */
  ShlDistances dist;
  shl_realization_distance (&dist, gamma, g_here, NULL, NULL);
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
  double *cost = malloc ((size_t) (m > 0 ? m : 1) * (size_t) (m > 0 ? m : 1) * sizeof (double));
  double *cost_up = malloc ((size_t) (m > 0 ? m : 1) * (size_t) (m > 0 ? m : 1) * sizeof (double));
  int *perm = malloc ((size_t) (m > 0 ? m : 1) * sizeof (int));
  double p[SHL_NEURON_LEN (SHL_MAX_DIM)], q[SHL_NEURON_LEN (SHL_MAX_DIM)];
  if (!cost || !cost_up || !perm)
    {
      ok = false;
      goto out;
    }

  /* the restricted fibre: κ(g)'s neurons exactly as they are (balanced,
   * oriented) in some slots, zero neurons in the others */
  double aff = affine_diff (gamma, k->v, *k->e);
  if (mk > m)
    out->restricted = INFINITY;
  else
    {
      for (int i = 0; i < m; i++)
        {
          pack_neuron (p, gamma, i);
          for (int j = 0; j < m; j++)
            {
              double c = 0.0;
              if (j < mk)
                {
                  pack_neuron (q, k, j);
                  for (int t = 0; t < len; t++)
                    c = fmax (c, fabs (p[t] - q[t]));
                }
              else
                for (int t = 0; t < len; t++)
                  c = fmax (c, fabs (p[t]));
              cost[i * m + j] = c;
            }
        }
      double neurons = m > 0 ? shl_assign_bottleneck (perm, cost, m) : 0.0;
      out->restricted = fmax (neurons, aff);
    }

  /* a constructive upper bound: each of κ(g)'s neurons rescaled optimally
   * for the slot it goes to; unused slots switched off */
  if (mk > m)
    out->upper = INFINITY;
  else
    {
      for (int i = 0; i < m; i++)
        {
          pack_neuron (p, gamma, i);
          double off = switch_off_cost (gamma, i);
          for (int j = 0; j < m; j++)
            {
              if (j < mk)
                {
                  pack_neuron (q, k, j);
                  double lambda;
                  double c = shl_neuron_delta (&lambda, p, q, d);
                  /* the zero-neuron limits (lambda 0 or inf) do not
                   * represent the neuron: use the balanced form then */
                  if (!(lambda > 0 && isfinite (lambda)))
                    {
                      c = 0.0;
                      for (int t = 0; t < len; t++)
                        c = fmax (c, fabs (p[t] - q[t]));
                    }
                  cost_up[i * m + j] = c;
                }
              else
                cost_up[i * m + j] = off;
            }
        }
      double neurons = m > 0 ? shl_assign_bottleneck (perm, cost_up, m) : 0.0;
      out->upper = fmin (fmax (neurons, aff), out->restricted);
    }
  /* Γ itself, when it realizes g exactly */
  if (out->eps == 0.0)
    out->upper = 0.0;
  /* g's own parameters, aligned to Γ modulo symmetries, are another
   * parametrization of g (at Γ's width when g is not wider) */
  if (g->m <= m)
    {
      double sym = shl_param_distance_sym (gamma, g);
      if (isfinite (sym))
        out->upper = fmin (out->upper, sym);
    }

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
  free (cost);
  free (cost_up);
  free (perm);
  shl_net_free (k);
  return ok;
}
