/* shl-experiments.c: see shl-experiments.h. */
#include "shl-experiments.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-check.h"

#include "shl-fibre.h"
#include "shl-rng.h"
#include "shl-symmetry.h"


bool
shl_stability_sample (ShlStabilitySample *out, int m, uint64_t seed, uint64_t k)
{
  SHL_RETURN_VAL_IF_FAIL (out != NULL, false);
  if (m < 1)
    return false;
  ShlRng rng;
  shl_rng_seed (&rng, seed * 0x9e3779b97f4a7c15ULL + k);
  /* Γ: a canonical network with at least one free (zero) slot */
  int m0 = m > 2 ? m - 2 : 1;
  ShlNet *raw = shl_net_new (m0, 1, NULL, NULL);
  if (!raw)
    return false;
  shl_net_init_random (raw, SHL_INIT_BALANCED, &rng);
  for (int i = 0; i < m0; i++)
    raw->c[i] = shl_rng_normal (&rng);
  ShlNet *gamma = shl_canonicalize (raw, m);
  shl_net_free (raw);
  if (!gamma)
    return false;
  /* g: a perturbation of size delta in W^{1,inf}: the jumps and the affine
   * part change by O(delta), and each free slot gets a new kink with a jump
   * of size O(delta) somewhere in the domain (moving an existing kink would
   * be a jump-sized change in W^{1,inf}: R is not continuous into it) */
  double delta = pow (10.0, shl_rng_range (&rng, -6.0, -1.0));
  ShlNet *g = shl_net_copy (gamma);
  bool ok = g != NULL;
  if (ok)
    {
      for (int i = 0; i < m; i++)
        {
          if (g->c[i] != 0.0)
            g->c[i] += delta * shl_rng_normal (&rng) / fmax (fabs (g->a[i]), 1e-3);
          else
            {
              g->a[i] = 1.0;
              g->b[i] = -shl_rng_range (&rng, -0.9, 0.9);
              g->c[i] = delta * shl_rng_normal (&rng);
            }
        }
      *g->e += delta * shl_rng_normal (&rng);
      g->v[0] += delta * shl_rng_normal (&rng);
    }
  /* Γ′: the same function as Γ with unbalanced neurons */
  ShlNet *gamma2 = ok ? shl_net_copy (gamma) : NULL;
  if (gamma2)
    for (int i = 0; i < m; i++)
      shl_net_rescale_neuron (gamma2, i, exp (shl_rng_range (&rng, log (1.0 / 20), log (20.0))));
  ShlFibreDistance f1, f2;
  ok = ok && gamma2 && shl_fibre_distance (&f1, gamma, g) && shl_fibre_distance (&f2, gamma2, g);
  if (ok)
    {
      out->eps = f1.eps;
      out->restricted = f1.restricted;
      out->bound = f1.bound;
      /* Γ′ computes Γ's function: its ε is Γ's. (f2.eps is not: the
       * rescaling moves kinks by an ulp, and the exact W^{1,inf} distance
       * sees each such sliver as a jump-sized gap between the slopes,
       * which put the triangles at ε ~ 1 instead of beside the circles.) */
      out->eps_unrestricted = f1.eps;
      out->unrestricted = f2.restricted;
    }
  shl_net_free (gamma);
  shl_net_free (gamma2);
  shl_net_free (g);
  return ok;
}

bool
shl_compare_restricted (double *loss_plain, double *loss_restricted,
                        const ShlNet *net, const ShlData *data,
                        const ShlTrainOpts *opts, int steps,
                        const ShlCancel *cancel)
{
  SHL_RETURN_VAL_IF_FAIL (loss_plain != NULL && loss_restricted != NULL, false);
  SHL_RETURN_VAL_IF_FAIL (net != NULL && data != NULL && opts != NULL && steps >= 0, false);
  for (int r = 0; r < 2; r++)
    {
      ShlTrainOpts o = *opts;
      o.restricted = r;
      o.train_linear = r ? true : opts->train_linear;
      ShlTrainer *tr = shl_trainer_new (net, data, &o);
      if (!tr)
        return false;
      double *out = r ? loss_restricted : loss_plain;
      for (int k = 0; k < steps; k++)
        {
          if ((k & 63) == 0 && shl_cancel_requested (cancel))
            {
              shl_trainer_free (tr);
              return false;
            }
          if (!shl_trainer_step (tr, &out[k]))
            {
              for (int j = k; j <= steps; j++)
                out[j] = NAN;
              break;
            }
        }
      if (shl_trainer_status (tr) == SHL_STATUS_OK)
        out[steps] = shl_trainer_loss (tr);
      shl_trainer_free (tr);
    }
  return true;
}
