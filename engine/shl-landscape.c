/* shl-landscape.c: loss slices (see shl-landscape.h). */
#include "shl-landscape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void
shl_direction_per_neuron (double *dir, const ShlNet *center, ShlRng *rng)
{
  const int m = center->m, d = center->d;
  const size_t np = center->n_params;
  for (size_t k = 0; k < np; k++)
    dir[k] = shl_rng_normal (rng);
  double *da = dir, *db = dir + (size_t) m * d, *dc = db + m;
  double *de = dc + m, *dv = de + 1;
  for (int i = 0; i < m; i++)
    {
      double nd = db[i] * db[i] + dc[i] * dc[i];
      double nt = center->b[i] * center->b[i] + center->c[i] * center->c[i];
      for (int j = 0; j < d; j++)
        {
          nd += da[i * d + j] * da[i * d + j];
          nt += center->a[i * d + j] * center->a[i * d + j];
        }
      double s = nd > 0 ? sqrt (nt / nd) : 0.0;
      for (int j = 0; j < d; j++)
        da[i * d + j] *= s;
      db[i] *= s;
      dc[i] *= s;
    }
  *de = *de >= 0 ? fabs (*center->e) : -fabs (*center->e);
  double nv = 0, ntv = 0;
  for (int j = 0; j < d; j++)
    {
      nv += dv[j] * dv[j];
      ntv += center->v[j] * center->v[j];
    }
  double sv = nv > 0 ? sqrt (ntv / nv) : 0.0;
  for (int j = 0; j < d; j++)
    dv[j] *= sv;
}

bool
shl_landscape_grid (double *out, const ShlNet *center, const double *u,
                    const double *w, const ShlData *data, ShlLoss loss,
                    double a0, double a1, double b0, double b1, int nx, int ny,
                    const volatile int *cancel,
                    void (*progress) (double frac, void *user_data),
                    void *user_data)
{
  if (nx < 1 || ny < 1)
    return false;
  ShlNet *net = shl_net_copy (center);
  ShlWorkspace *ws = shl_workspace_new (center->m, center->d, data->n,
                                        SHL_KERNEL_FUSED);
  bool ok = net && ws;
  const size_t np = center->n_params;
  for (int r = 0; ok && r < ny; r++)
    {
      if (cancel && *cancel)
        {
          ok = false;
          break;
        }
      double beta = ny == 1 ? 0.5 * (b0 + b1) : b0 + (b1 - b0) * r / (ny - 1);
      for (int q = 0; q < nx; q++)
        {
          double alpha = nx == 1 ? 0.5 * (a0 + a1) : a0 + (a1 - a0) * q / (nx - 1);
          for (size_t k = 0; k < np; k++)
            net->theta[k] = center->theta[k] + alpha * u[k] + beta * w[k];
          out[(size_t) r * nx + q] = shl_loss_grad (NULL, ws, net, loss,
                                                    SHL_KERNEL_FUSED, data->x,
                                                    data->y, data->n);
        }
      if (progress)
        progress ((double) (r + 1) / ny, user_data);
    }
  shl_workspace_free (ws);
  shl_net_free (net);
  return ok;
}

bool
shl_landscape_project (double *alpha, double *beta, const double *theta,
                       const ShlNet *center, const double *u, const double *w)
{
  double uu = 0, uw = 0, ww = 0, ud = 0, wd = 0;
  for (size_t k = 0; k < center->n_params; k++)
    {
      double dk = theta[k] - center->theta[k];
      uu += u[k] * u[k];
      uw += u[k] * w[k];
      ww += w[k] * w[k];
      ud += u[k] * dk;
      wd += w[k] * dk;
    }
  double det = uu * ww - uw * uw;
  if (!(det > 1e-14 * uu * ww) || uu == 0 || ww == 0)
    return false;
  *alpha = (ww * ud - uw * wd) / det;
  *beta = (uu * wd - uw * ud) / det;
  return true;
}

ShlLandscapeSlice *
shl_landscape_slice_compute (const ShlNet *center, const ShlData *data,
                             ShlLoss loss, uint64_t seed, int n, double span,
                             const double *thetas, size_t n_thetas,
                             const volatile int *cancel)
{
  if (n < 2 || !(span > 0))
    return NULL;
  const size_t np = center->n_params;
  double *u = malloc (np * sizeof (double)), *w = malloc (np * sizeof (double));
  ShlLandscapeSlice *sl = calloc (1, sizeof *sl);
  if (!u || !w || !sl)
    goto fail;
  sl->n = n;
  sl->span = span;
  sl->loss = malloc ((size_t) n * (size_t) n * sizeof (double));
  sl->n_path = n_thetas;
  sl->path = malloc ((n_thetas ? n_thetas : 1) * 2 * sizeof (double));
  if (!sl->loss || !sl->path)
    goto fail;
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  shl_direction_per_neuron (u, center, &rng);
  shl_direction_per_neuron (w, center, &rng);
  if (!shl_landscape_grid (sl->loss, center, u, w, data, loss, -span, span,
                           -span, span, n, n, cancel, NULL, NULL))
    goto fail;
  for (size_t k = 0; k < n_thetas; k++)
    if (!shl_landscape_project (&sl->path[2 * k], &sl->path[2 * k + 1],
                                thetas + k * np, center, u, w))
      sl->path[2 * k] = sl->path[2 * k + 1] = NAN;
  free (u);
  free (w);
  return sl;

fail:
  free (u);
  free (w);
  shl_landscape_slice_free (sl);
  return NULL;
}

void
shl_landscape_slice_free (ShlLandscapeSlice *sl)
{
  if (!sl)
    return;
  free (sl->loss);
  free (sl->path);
  free (sl);
}
