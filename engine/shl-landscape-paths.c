/* shl-landscape-paths.c: the loss along 1-D paths between networks and
 * along rescaling orbits (see shl-landscape.h). */
#include "shl-landscape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-check.h"

static double
path_t (int k, int n_points)
{
  return n_points == 1 ? 0.0 : (double) k / (n_points - 1);
}

bool
shl_path_params (double *loss, const ShlNet *A, const ShlNet *B,
                 const ShlData *data, ShlLoss kind, int n_points)
{
  SHL_RETURN_VAL_IF_FAIL (loss != NULL && A != NULL && B != NULL && data != NULL, false);
  if (n_points < 1 || !shl_net_same_shape (A, B) || A->d != data->d)
    return false;
  ShlNet *net = shl_net_copy (A);
  ShlWorkspace *ws = shl_workspace_new (A->m, A->d, data->n, SHL_KERNEL_FUSED);
  bool ok = net && ws;
  for (int p = 0; ok && p < n_points; p++)
    {
      double t = path_t (p, n_points);
      for (size_t k = 0; k < A->n_params; k++)
        net->theta[k] = (1.0 - t) * A->theta[k] + t * B->theta[k];
      loss[p] = shl_loss_grad (NULL, ws, net, kind, SHL_KERNEL_FUSED, data->x,
                               data->y, data->n);
    }
  shl_workspace_free (ws);
  shl_net_free (net);
  return ok;
}

bool
shl_path_realizations (double *loss, const ShlNet *A, const ShlNet *B,
                       const ShlData *data, ShlLoss kind, int n_points)
{
  SHL_RETURN_VAL_IF_FAIL (loss != NULL && A != NULL && B != NULL && data != NULL, false);
  if (n_points < 1 || A->d != data->d || B->d != data->d)
    return false;
  size_t n = data->n ? data->n : 1;
  double *fa = malloc (n * sizeof (double)), *fb = malloc (n * sizeof (double));
  double *f = malloc (n * sizeof (double));
  bool ok = fa && fb && f;
  if (ok)
    {
      shl_net_eval (fa, NULL, A, data->x, data->n);
      shl_net_eval (fb, NULL, B, data->x, data->n);
      for (int p = 0; p < n_points; p++)
        {
          double t = path_t (p, n_points);
          for (size_t k = 0; k < data->n; k++)
            f[k] = (1.0 - t) * fa[k] + t * fb[k];
          loss[p] = shl_loss_of_outputs (f, data->y, data->n, kind);
        }
    }
  free (fa);
  free (fb);
  free (f);
  return ok;
}

bool
shl_path_orbit (double *loss, const ShlNet *center, int k, const ShlData *data,
                ShlLoss kind, double S, int n_points)
{
  SHL_RETURN_VAL_IF_FAIL (loss != NULL && center != NULL && data != NULL, false);
  if (n_points < 1 || k < 0 || k >= center->m || center->d != data->d
      || !isfinite (S))
    return false;
  ShlNet *net = shl_net_copy (center);
  ShlWorkspace *ws = shl_workspace_new (center->m, center->d, data->n,
                                        SHL_KERNEL_FUSED);
  bool ok = net && ws;
  for (int p = 0; ok && p < n_points; p++)
    {
      double s = n_points == 1 ? 0.0 : -S + 2.0 * S * p / (n_points - 1);
      memcpy (net->theta, center->theta, center->n_params * sizeof (double));
      shl_net_rescale_neuron (net, k, exp (s));
      loss[p] = shl_loss_grad (NULL, ws, net, kind, SHL_KERNEL_FUSED, data->x,
                               data->y, data->n);
    }
  shl_workspace_free (ws);
  shl_net_free (net);
  return ok;
}

