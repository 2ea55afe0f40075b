/* shl-landscape.c: loss slices (see shl-landscape.h). */
#include "shl-landscape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-check.h"

static const ShlName dirs_entries[] = {
  { SHL_DIRS_RANDOM, "random", "Random directions" },
  { SHL_DIRS_PCA, "pca", "PCA of the trajectory" },
  { SHL_DIRS_ORBIT, "orbit", "Rescaling orbit of a neuron" },
  { SHL_DIRS_TWIN, "twin", "Towards the twin" },
  { SHL_DIRS_COORDS, "coords", "Coordinates bᵢ, cᵢ" },
};
const ShlNameTable shl_dirs_names = SHL_NAME_TABLE ("landscape directions", dirs_entries);

static const ShlName method_entries[] = {
  { SHL_GRID_AUTO, "auto", "Automatic" },
  { SHL_GRID_PLAIN, "plain", "Plain (fused kernel per node)" },
  { SHL_GRID_BATCHED, "batched", "Batched (dgemm pre-activations)" },
};
const ShlNameTable shl_grid_method_names = SHL_NAME_TABLE ("grid method", method_entries);

bool
shl_landscape_grid (double *out, const ShlNet *center, const double *u,
                    const double *w, const ShlData *data, ShlLoss loss,
                    double a0, double a1, double b0, double b1, int nx, int ny,
                    const ShlCancel *cancel,
                    void (*progress) (double frac, void *user_data),
                    void *user_data)
{
  SHL_RETURN_VAL_IF_FAIL (out != NULL && center != NULL && u != NULL && w != NULL && data != NULL, false);
  if (nx < 1 || ny < 1)
    return false;
  ShlNet *net = shl_net_copy (center);
  ShlWorkspace *ws = shl_workspace_new (center->m, center->d, data->n,
                                        SHL_KERNEL_FUSED);
  bool ok = net && ws;
  const size_t np = center->n_params;
  for (int r = 0; ok && r < ny; r++)
    {
      if (shl_cancel_requested (cancel))
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
  SHL_RETURN_VAL_IF_FAIL (alpha != NULL && beta != NULL && theta != NULL, false);
  SHL_RETURN_VAL_IF_FAIL (center != NULL && u != NULL && w != NULL, false);
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
                             const ShlCancel *cancel)
{
  return shl_landscape_slice_compute_full (center, data, loss, seed, n, span, thetas,
                                           n_thetas, NULL, cancel);
}

/* The slice's directions u, w (n_params) by opts->kind; returns the kind
 * actually used (random when the one asked for is impossible). The random
 * directions always come first from the seed, so that the second
 * direction of orbit and twin slices is the same random one. */
static ShlDirsKind
choose_directions (double *u, double *w, double *explained,
                   const ShlNet *center, uint64_t seed, const double *thetas,
                   size_t n_thetas, const ShlSliceOptions *opts)
{
  const size_t np = center->n_params;
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  shl_direction_per_neuron (u, center, &rng);
  shl_direction_per_neuron (w, center, &rng);
  switch (opts->kind)
    {
    case SHL_DIRS_PCA:
      if (n_thetas >= 3
          && shl_direction_pca (u, w, explained, thetas, center->theta, n_thetas, np))
        return SHL_DIRS_PCA;
      /* a failed PCA may have written into u and w */
      shl_rng_seed (&rng, seed);
      shl_direction_per_neuron (u, center, &rng);
      shl_direction_per_neuron (w, center, &rng);
      break;
    case SHL_DIRS_ORBIT:
      if (shl_direction_orbit (u, center, opts->orbit_neuron))
        return SHL_DIRS_ORBIT;
      break;
    case SHL_DIRS_TWIN:
      if (opts->twin && shl_direction_twin (u, center, opts->twin))
        {
          double nu = 0;
          for (size_t k = 0; k < np; k++)
            nu += u[k] * u[k];
          if (nu > 0)
            return SHL_DIRS_TWIN;
          shl_rng_seed (&rng, seed);
          shl_direction_per_neuron (u, center, &rng);
        }
      break;
    case SHL_DIRS_COORDS:
      {
        /* neuron k's bias and outer weight */
        int k = opts->orbit_neuron;
        if (k >= 0 && k < center->m
            && shl_direction_coords (u, w, center, (size_t) center->m * center->d + k,
                                     (size_t) center->m * center->d + center->m + k))
          return SHL_DIRS_COORDS;
        shl_rng_seed (&rng, seed);
        shl_direction_per_neuron (u, center, &rng);
        shl_direction_per_neuron (w, center, &rng);
      }
      break;
    case SHL_DIRS_RANDOM:
    default:
      break;
    }
  return SHL_DIRS_RANDOM;
}

/* The grid of the slice on [-span, span]^2: the coarse nodes first,
 * handed over as their own grid, when opts asks for it. */
static bool
compute_grid (ShlLandscapeSlice *sl, const ShlNet *center, const double *u,
              const double *w, const ShlData *data, ShlLoss loss,
              const ShlSliceOptions *opts, const ShlCancel *cancel)
{
  const int n = sl->n;
  const double span = sl->span;
  int nt = opts->n_threads > 0 ? opts->n_threads : 1;
  if (!(opts->coarse && n > 8 && (n - 1) % 4 == 0))
    return shl_landscape_grid_mt (sl->loss, center, u, w, data, loss, -span, span, -span,
                                  span, n, n, nt, SHL_GRID_AUTO, cancel, opts->progress,
                                  opts->progress_data);
  if (!shl_landscape_grid_stride (sl->loss, center, u, w, data, loss, -span, span,
                                  -span, span, n, n, 4, 0, nt, SHL_GRID_AUTO, cancel,
                                  NULL, NULL))
    return false;
  int nc = (n - 1) / 4 + 1;
  double *cg = malloc ((size_t) nc * (size_t) nc * sizeof (double));
  if (!cg)
    return false;
  for (int r = 0; r < nc; r++)
    for (int q = 0; q < nc; q++)
      cg[r * nc + q] = sl->loss[(size_t) (4 * r) * n + 4 * q];
  opts->coarse (cg, nc, span, opts->progress_data);
  free (cg);
  return shl_landscape_grid_stride (sl->loss, center, u, w, data, loss, -span, span,
                                    -span, span, n, n, 1, 4, nt, SHL_GRID_AUTO, cancel,
                                    opts->progress, opts->progress_data);
}

ShlLandscapeSlice *
shl_landscape_slice_compute_full (const ShlNet *center, const ShlData *data,
                                  ShlLoss loss, uint64_t seed, int n, double span,
                                  const double *thetas, size_t n_thetas,
                                  const ShlSliceOptions *opts,
                                  const ShlCancel *cancel)
{
  SHL_RETURN_VAL_IF_FAIL (center != NULL && data != NULL, NULL);
  SHL_RETURN_VAL_IF_FAIL (thetas != NULL || n_thetas == 0, NULL);
  if (n < 2 || !(span > 0))
    return NULL;
  const size_t np = center->n_params;
  ShlSliceOptions def = { SHL_DIRS_RANDOM, 0, NULL, 1, NULL, NULL, NULL };
  if (!opts)
    opts = &def;
  double *u = malloc (np * sizeof (double)), *w = malloc (np * sizeof (double));
  ShlLandscapeSlice *sl = calloc (1, sizeof *sl);
  bool ok = u && w && sl;
  if (ok)
    {
      sl->n = n;
      sl->explained[0] = sl->explained[1] = NAN;
      sl->loss = malloc ((size_t) n * (size_t) n * sizeof (double));
      sl->n_path = n_thetas;
      sl->path = malloc ((n_thetas ? n_thetas : 1) * 2 * sizeof (double));
      ok = sl->loss && sl->path;
    }
  if (ok)
    {
      sl->kind = choose_directions (u, w, sl->explained, center, seed, thetas,
                                    n_thetas, opts);
      for (size_t k = 0; k < n_thetas; k++)
        if (!shl_landscape_project (&sl->path[2 * k], &sl->path[2 * k + 1],
                                    thetas + k * np, center, u, w))
          sl->path[2 * k] = sl->path[2 * k + 1] = NAN;
      if (sl->kind == SHL_DIRS_PCA)
        {
          /* frame the trajectory */
          double r = 0;
          for (size_t k = 0; k < 2 * n_thetas; k++)
            if (isfinite (sl->path[k]))
              r = fmax (r, fabs (sl->path[k]));
          span = fmax (span, 1.15 * r);
        }
      if (sl->kind == SHL_DIRS_TWIN)
        span = fmax (span, 1.5);
      sl->span = span;
      ok = compute_grid (sl, center, u, w, data, loss, opts, cancel);
    }
  free (u);
  free (w);
  if (!ok)
    {
      shl_landscape_slice_free (sl);
      return NULL;
    }
  return sl;
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

