/* shl-landscape.c: loss slices (see shl-landscape.h). */
#include "shl-landscape.h"

#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

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
                    const ShlCancel *cancel,
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

ShlLandscapeSlice *
shl_landscape_slice_compute_full (const ShlNet *center, const ShlData *data,
                                  ShlLoss loss, uint64_t seed, int n, double span,
                                  const double *thetas, size_t n_thetas,
                                  const ShlSliceOptions *opts,
                                  const ShlCancel *cancel)
{
  if (n < 2 || !(span > 0))
    return NULL;
  const size_t np = center->n_params;
  ShlSliceOptions def = { SHL_DIRS_RANDOM, 0, NULL, 1, NULL, NULL, NULL };
  if (!opts)
    opts = &def;
  double *u = malloc (np * sizeof (double)), *w = malloc (np * sizeof (double));
  ShlLandscapeSlice *sl = calloc (1, sizeof *sl);
  if (!u || !w || !sl)
    goto fail;
  sl->n = n;
  sl->kind = SHL_DIRS_RANDOM;
  sl->explained[0] = sl->explained[1] = NAN;
  sl->loss = malloc ((size_t) n * (size_t) n * sizeof (double));
  sl->n_path = n_thetas;
  sl->path = malloc ((n_thetas ? n_thetas : 1) * 2 * sizeof (double));
  if (!sl->loss || !sl->path)
    goto fail;
  /* the random directions always come first from the seed, so that the
   * second direction of orbit/twin slices is the same random one */
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  shl_direction_per_neuron (u, center, &rng);
  shl_direction_per_neuron (w, center, &rng);
  switch (opts->kind)
    {
    case SHL_DIRS_PCA:
      if (n_thetas >= 3
          && shl_direction_pca (u, w, sl->explained, thetas, center->theta, n_thetas, np))
        sl->kind = SHL_DIRS_PCA;
      break;
    case SHL_DIRS_ORBIT:
      if (shl_direction_orbit (u, center, opts->orbit_neuron))
        sl->kind = SHL_DIRS_ORBIT;
      break;
    case SHL_DIRS_TWIN:
      if (opts->twin && shl_direction_twin (u, center, opts->twin))
        {
          double nu = 0;
          for (size_t k = 0; k < np; k++)
            nu += u[k] * u[k];
          if (nu > 0)
            sl->kind = SHL_DIRS_TWIN;
          else
            {
              shl_rng_seed (&rng, seed);
              shl_direction_per_neuron (u, center, &rng);
            }
        }
      break;
    case SHL_DIRS_COORDS:
      {
        /* neuron k's bias and outer weight */
        int k = opts->orbit_neuron;
        if (k >= 0 && k < center->m
            && shl_direction_coords (u, w, center, (size_t) center->m * center->d + k,
                                     (size_t) center->m * center->d + center->m + k))
          sl->kind = SHL_DIRS_COORDS;
        else
          {
            shl_rng_seed (&rng, seed);
            shl_direction_per_neuron (u, center, &rng);
            shl_direction_per_neuron (w, center, &rng);
          }
      }
      break;
    case SHL_DIRS_RANDOM:
    default:
      break;
    }
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
  int nt = opts->n_threads > 0 ? opts->n_threads : 1;
  if (opts->coarse && n > 8 && (n - 1) % 4 == 0)
    {
      /* the coarse nodes first, handed over as their own grid */
      if (!shl_landscape_grid_stride (sl->loss, center, u, w, data, loss, -span, span,
                                      -span, span, n, n, 4, 0, nt, SHL_GRID_AUTO, cancel,
                                      NULL, NULL))
        goto fail;
      int nc = (n - 1) / 4 + 1;
      double *cg = malloc ((size_t) nc * (size_t) nc * sizeof (double));
      if (!cg)
        goto fail;
      for (int r = 0; r < nc; r++)
        for (int q = 0; q < nc; q++)
          cg[r * nc + q] = sl->loss[(size_t) (4 * r) * n + 4 * q];
      opts->coarse (cg, nc, span, opts->progress_data);
      free (cg);
      if (!shl_landscape_grid_stride (sl->loss, center, u, w, data, loss, -span, span,
                                      -span, span, n, n, 1, 4, nt, SHL_GRID_AUTO, cancel,
                                      opts->progress, opts->progress_data))
        goto fail;
    }
  else if (!shl_landscape_grid_mt (sl->loss, center, u, w, data, loss, -span, span, -span,
                                   span, n, n, nt, SHL_GRID_AUTO, cancel, opts->progress,
                                   opts->progress_data))
    goto fail;
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

/* ------------------------------------------------ threaded and progressive */

/* The mean loss of outputs f (n) against labels y (n), with the same
 * per-sample formulas as shl-loss.c. */
static double
loss_of_outputs (const double *f, const double *y, size_t n, ShlLoss loss)
{
  if (n == 0)
    return 0.0;
  double total = 0.0;
  if (loss == SHL_LOSS_MSE)
    for (size_t k = 0; k < n; k++)
      {
        double r = f[k] - y[k];
        total += r * r;
      }
  else
    for (size_t k = 0; k < n; k++)
      {
        double t = -(2.0 * y[k] - 1.0) * f[k];
        total += t > 0.0 ? t + log1p (exp (-t)) : log1p (exp (t));
      }
  return total / (double) n;
}

/* One pass over a grid, shared by the threads. */
typedef struct {
  double             *out;
  const ShlNet       *center;
  const double       *u, *w;
  const ShlData      *data;
  ShlLoss             loss;
  double              a0, a1, b0, b1;
  int                 nx, ny, stride, done_stride;
  ShlGridMethod       method;     /* PLAIN or BATCHED */
  /* BATCHED: pre-activations (m, n), neuron-major, and <v, x_k> (n) */
  const double       *z0, *zu, *zw;
  const double       *xv0, *xvu, *xvw;
  int                 n_rows;     /* rows of this pass: 0, stride, ... */
  atomic_int          next_row;
  atomic_int          rows_done;
  atomic_int          failed;
  const ShlCancel *cancel;
} GridJob;

typedef struct {
  GridJob      *job;
  ShlNet       *net;
  ShlWorkspace *ws;
  double       *zr;       /* (m, n) Z0 + beta Zw, BATCHED */
  double       *fr;       /* (n) <v0 + beta vw, x>, BATCHED */
  double       *f;        /* (n) */
} GridWorker;

static double
node_alpha (const GridJob *job, int q)
{
  return job->nx == 1 ? 0.5 * (job->a0 + job->a1)
                      : job->a0 + (job->a1 - job->a0) * q / (job->nx - 1);
}

static double
node_beta (const GridJob *job, int r)
{
  return job->ny == 1 ? 0.5 * (job->b0 + job->b1)
                      : job->b0 + (job->b1 - job->b0) * r / (job->ny - 1);
}

static bool
node_wanted (const GridJob *job, int q, int r)
{
  if (q % job->stride != 0)
    return false;
  return !(job->done_stride > 0 && r % job->done_stride == 0
           && q % job->done_stride == 0);
}

static void
worker_clear (GridWorker *wk)
{
  shl_net_free (wk->net);
  shl_workspace_free (wk->ws);
  free (wk->zr);
  free (wk->fr);
  free (wk->f);
  memset (wk, 0, sizeof *wk);
}

static bool
worker_init (GridWorker *wk, GridJob *job)
{
  memset (wk, 0, sizeof *wk);
  wk->job = job;
  const ShlNet *c = job->center;
  wk->net = shl_net_copy (c);
  if (!wk->net)
    return false;
  if (job->method == SHL_GRID_PLAIN)
    {
      wk->ws = shl_workspace_new (c->m, c->d, job->data->n, SHL_KERNEL_FUSED);
      return wk->ws != NULL;
    }
  size_t n = job->data->n, m = (size_t) c->m;
  wk->zr = malloc ((m * n > 0 ? m * n : 1) * sizeof (double));
  wk->fr = malloc ((n ? n : 1) * sizeof (double));
  wk->f = malloc ((n ? n : 1) * sizeof (double));
  return wk->zr && wk->fr && wk->f;
}

/* one row of the pass, BATCHED; vectorised like the kernels (the engine
 * core is built at the project's optimisation level) */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__ ((optimize ("O3")))
#endif
static void
row_batched (GridWorker *wk, int r)
{
  const GridJob *job = wk->job;
  const ShlNet *c = job->center;
  const size_t n = job->data->n, m = (size_t) c->m, d = (size_t) c->d;
  const size_t ob = m * d, oc = ob + m, oe = oc + m;
  const double beta = node_beta (job, r);
  const double *u = job->u, *w = job->w;
  {
    double *restrict zr = wk->zr;
    const double *restrict z0 = job->z0, *restrict zw = job->zw;
    for (size_t k = 0; k < m * n; k++)
      zr[k] = z0[k] + beta * zw[k];
    double *restrict fr = wk->fr;
    const double *restrict xv0 = job->xv0, *restrict xvw = job->xvw;
    for (size_t k = 0; k < n; k++)
      fr[k] = xv0[k] + beta * xvw[k];
  }
  for (int q = 0; q < job->nx; q++)
    {
      if (!node_wanted (job, q, r))
        continue;
      const double alpha = node_alpha (job, q);
      const double e = c->theta[oe] + alpha * u[oe] + beta * w[oe];
      double *restrict f = wk->f;
      const double *restrict fr = wk->fr, *restrict xvu = job->xvu;
      for (size_t k = 0; k < n; k++)
        f[k] = e + (fr[k] + alpha * xvu[k]);
      size_t i = 0;
      for (; i + 4 <= m; i += 4)
        {
          const double c0 = c->theta[oc + i] + alpha * u[oc + i] + beta * w[oc + i];
          const double c1 = c->theta[oc + i + 1] + alpha * u[oc + i + 1] + beta * w[oc + i + 1];
          const double c2 = c->theta[oc + i + 2] + alpha * u[oc + i + 2] + beta * w[oc + i + 2];
          const double c3 = c->theta[oc + i + 3] + alpha * u[oc + i + 3] + beta * w[oc + i + 3];
          const double *restrict r0 = wk->zr + i * n, *restrict r1 = r0 + n;
          const double *restrict r2 = r1 + n, *restrict r3 = r2 + n;
          const double *restrict u0 = job->zu + i * n, *restrict u1 = u0 + n;
          const double *restrict u2 = u1 + n, *restrict u3 = u2 + n;
          for (size_t k = 0; k < n; k++)
            {
              double h0 = r0[k] + alpha * u0[k], h1 = r1[k] + alpha * u1[k];
              double h2 = r2[k] + alpha * u2[k], h3 = r3[k] + alpha * u3[k];
              h0 = h0 > 0.0 ? h0 : 0.0;
              h1 = h1 > 0.0 ? h1 : 0.0;
              h2 = h2 > 0.0 ? h2 : 0.0;
              h3 = h3 > 0.0 ? h3 : 0.0;
              f[k] += (c0 * h0 + c1 * h1) + (c2 * h2 + c3 * h3);
            }
        }
      for (; i < m; i++)
        {
          const double ci = c->theta[oc + i] + alpha * u[oc + i] + beta * w[oc + i];
          const double *restrict ri = wk->zr + i * n, *restrict ui = job->zu + i * n;
          for (size_t k = 0; k < n; k++)
            {
              double h = ri[k] + alpha * ui[k];
              f[k] += ci * (h > 0.0 ? h : 0.0);
            }
        }
      job->out[(size_t) r * job->nx + q] = loss_of_outputs (f, job->data->y, n,
                                                            job->loss);
    }
}

/* one row of the pass, PLAIN */
static void
row_plain (GridWorker *wk, int r)
{
  const GridJob *job = wk->job;
  const size_t np = job->center->n_params;
  const double beta = node_beta (job, r);
  for (int q = 0; q < job->nx; q++)
    {
      if (!node_wanted (job, q, r))
        continue;
      double alpha = node_alpha (job, q);
      for (size_t k = 0; k < np; k++)
        wk->net->theta[k] = job->center->theta[k] + alpha * job->u[k]
                            + beta * job->w[k];
      job->out[(size_t) r * job->nx + q]
        = shl_loss_grad (NULL, wk->ws, wk->net, job->loss, SHL_KERNEL_FUSED,
                         job->data->x, job->data->y, job->data->n);
    }
}

typedef struct {
  GridJob *job;
  bool     main;
  void   (*progress) (double frac, void *user_data);
  void    *user_data;
} WorkerArgs;

static void *
worker_run (void *p)
{
  WorkerArgs *wa = p;
  GridJob *job = wa->job;
  GridWorker wk;
  if (!worker_init (&wk, job))
    {
      atomic_store (&job->failed, 1);
      worker_clear (&wk);
      return NULL;
    }
  for (;;)
    {
      if (atomic_load (&job->failed))
        break;
      if (shl_cancel_requested (job->cancel))
        {
          atomic_store (&job->failed, 1);
          break;
        }
      int idx = atomic_fetch_add (&job->next_row, 1);
      if (idx >= job->n_rows)
        break;
      int r = idx * job->stride;
      if (job->method == SHL_GRID_BATCHED)
        row_batched (&wk, r);
      else
        row_plain (&wk, r);
      int done = atomic_fetch_add (&job->rows_done, 1) + 1;
      if (wa->main && wa->progress && done < job->n_rows)
        wa->progress ((double) done / job->n_rows, wa->user_data);
    }
  worker_clear (&wk);
  return NULL;
}

/* AUTO is PLAIN. Measured with `shallows-cli bench` (d = 2, m = 64,
 * n = 1024, 101 x 101, one thread): plain 0.11 s, batched 0.24 s. In
 * d <= 2 the batched node saves 2 d - 1 flops per (sample, neuron) of z
 * but streams two (m, n) matrices (1 MB per node here) from cache, while
 * the fused kernel computes z from x in registers: memory-bound loses. */
static ShlGridMethod
resolve_method (ShlGridMethod method, const ShlNet *center)
{
  (void) center;
  return method == SHL_GRID_BATCHED ? SHL_GRID_BATCHED : SHL_GRID_PLAIN;
}

/* Z (m, n) = A X^T + b 1^T for the a- and b-blocks of dir (n_params) */
static void
preact (double *z, const double *dir, const ShlNet *center,
        const ShlData *data)
{
  const int m = center->m, d = center->d, n = (int) data->n;
  const double *a = dir, *b = dir + (size_t) m * d;
  for (int i = 0; i < m; i++)
    for (int k = 0; k < n; k++)
      z[(size_t) i * n + k] = b[i];
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, m, n, d, 1.0, a, d,
               data->x, d, 1.0, z, n);
}

/* xv (n) = X v for the v-block of dir */
static void
linear_part (double *xv, const double *dir, const ShlNet *center,
             const ShlData *data)
{
  const size_t d = (size_t) center->d;
  const double *v = dir + center->n_params - d;
  for (size_t k = 0; k < data->n; k++)
    {
      double s = 0.0;
      for (size_t j = 0; j < d; j++)
        s += v[j] * data->x[k * d + j];
      xv[k] = s;
    }
}

bool
shl_landscape_grid_stride (double *out, const ShlNet *center, const double *u,
                           const double *w, const ShlData *data, ShlLoss loss,
                           double a0, double a1, double b0, double b1, int nx,
                           int ny, int stride, int done_stride, int n_threads,
                           ShlGridMethod method, const ShlCancel *cancel,
                           void (*progress) (double frac, void *user_data),
                           void *user_data)
{
  if (nx < 1 || ny < 1 || stride < 1 || done_stride < 0 || !center || !data
      || data->d != center->d)
    return false;
  if (n_threads < 1)
    n_threads = 1;
  GridJob job = {
    .out = out, .center = center, .u = u, .w = w, .data = data,
    .loss = loss, .a0 = a0, .a1 = a1, .b0 = b0, .b1 = b1, .nx = nx,
    .ny = ny, .stride = stride, .done_stride = done_stride,
    .method = resolve_method (method, center), .cancel = cancel,
  };
  job.n_rows = (ny - 1) / stride + 1;
  if (n_threads > job.n_rows)
    n_threads = job.n_rows;
  atomic_init (&job.next_row, 0);
  atomic_init (&job.rows_done, 0);
  atomic_init (&job.failed, 0);
  if (data->n == 0)
    job.method = SHL_GRID_PLAIN;

  double *pre = NULL;
  if (job.method == SHL_GRID_BATCHED)
    {
      size_t mn = (size_t) center->m * data->n, n = data->n;
      pre = malloc ((3 * mn + 3 * n) * sizeof (double));
      if (!pre)
        return false;
      double *z0 = pre, *zu = z0 + mn, *zw = zu + mn, *xv = zw + mn;
      if (center->m > 0)
        {
          preact (z0, center->theta, center, data);
          preact (zu, u, center, data);
          preact (zw, w, center, data);
        }
      linear_part (xv, center->theta, center, data);
      linear_part (xv + n, u, center, data);
      linear_part (xv + 2 * n, w, center, data);
      job.z0 = z0;
      job.zu = zu;
      job.zw = zw;
      job.xv0 = xv;
      job.xvu = xv + n;
      job.xvw = xv + 2 * n;
    }

  pthread_t *tids = calloc ((size_t) n_threads, sizeof (pthread_t));
  WorkerArgs *args = calloc ((size_t) n_threads, sizeof (WorkerArgs));
  bool ok = tids && args;
  int started = 0;
  if (ok)
    {
      for (int t = 1; t < n_threads; t++)
        {
          args[t] = (WorkerArgs) { .job = &job };
          if (pthread_create (&tids[started + 1], NULL, worker_run, &args[t]) == 0)
            started++;
        }
      args[0] = (WorkerArgs) { .job = &job, .main = true, .progress = progress,
                               .user_data = user_data };
      worker_run (&args[0]);
      for (int t = 0; t < started; t++)
        pthread_join (tids[t + 1], NULL);
      ok = !atomic_load (&job.failed)
           && atomic_load (&job.rows_done) == job.n_rows;
    }
  free (tids);
  free (args);
  free (pre);
  if (ok && progress)
    progress (1.0, user_data);
  return ok;
}

bool
shl_landscape_grid_mt (double *out, const ShlNet *center, const double *u,
                       const double *w, const ShlData *data, ShlLoss loss,
                       double a0, double a1, double b0, double b1, int nx,
                       int ny, int n_threads, ShlGridMethod method,
                       const ShlCancel *cancel,
                       void (*progress) (double frac, void *user_data),
                       void *user_data)
{
  return shl_landscape_grid_stride (out, center, u, w, data, loss, a0, a1, b0,
                                    b1, nx, ny, 1, 0, n_threads, method,
                                    cancel, progress, user_data);
}

bool
shl_landscape_grid_progressive (double *out, const ShlNet *center,
                                const double *u, const double *w,
                                const ShlData *data, ShlLoss loss, double a0,
                                double a1, double b0, double b1, int nx,
                                int ny, int n_threads,
                                const ShlCancel *cancel,
                                void (*pass_done) (int stride, void *user_data),
                                void *user_data)
{
  if (nx < 1 || ny < 1)
    return false;
  for (size_t k = 0; k < (size_t) nx * (size_t) ny; k++)
    out[k] = NAN;
  if (!shl_landscape_grid_stride (out, center, u, w, data, loss, a0, a1, b0,
                                  b1, nx, ny, 4, 0, n_threads, SHL_GRID_AUTO,
                                  cancel, NULL, NULL))
    return false;
  if (pass_done)
    pass_done (4, user_data);
  if (!shl_landscape_grid_stride (out, center, u, w, data, loss, a0, a1, b0,
                                  b1, nx, ny, 1, 4, n_threads, SHL_GRID_AUTO,
                                  cancel, NULL, NULL))
    return false;
  if (pass_done)
    pass_done (1, user_data);
  return true;
}

/* ------------------------------------------------------------- directions */

/* eigenvalues (descending) and rotation of the symmetric 2x2 [[p, q], [q, s]]:
 * columns (c, s') of the returned rotation are the eigenvectors */
static void
sym2_eigen (double *l1, double *l2, double *cs, double *sn, double p, double q,
            double s)
{
  double tr = 0.5 * (p + s), df = 0.5 * (p - s);
  double rad = hypot (df, q);
  *l1 = tr + rad;
  *l2 = tr - rad;
  double th = 0.5 * atan2 (2.0 * q, p - s);
  *cs = cos (th);
  *sn = sin (th);
}

static double
dot (const double *x, const double *y, size_t n)
{
  double s = 0.0;
  for (size_t k = 0; k < n; k++)
    s += x[k] * y[k];
  return s;
}

/* orthonormalise columns 0 and 1 of V (n, 2) row-major; false if column 0
 * vanishes (column 1 is then left as is if it vanishes: caller checks) */
static bool
orthonormalise2 (double *V, size_t n, bool *second_ok)
{
  double n0 = 0.0;
  for (size_t k = 0; k < n; k++)
    n0 += V[2 * k] * V[2 * k];
  n0 = sqrt (n0);
  if (!(n0 > 0))
    return false;
  for (size_t k = 0; k < n; k++)
    V[2 * k] /= n0;
  double n1 = 0.0;
  for (int pass = 0; pass < 2; pass++)
    {
      double p = 0.0;
      for (size_t k = 0; k < n; k++)
        p += V[2 * k] * V[2 * k + 1];
      for (size_t k = 0; k < n; k++)
        V[2 * k + 1] -= p * V[2 * k];
    }
  for (size_t k = 0; k < n; k++)
    n1 += V[2 * k + 1] * V[2 * k + 1];
  n1 = sqrt (n1);
  *second_ok = n1 > 0;
  if (*second_ok)
    for (size_t k = 0; k < n; k++)
      V[2 * k + 1] /= n1;
  return true;
}

bool
shl_direction_pca (double *u, double *w, double *explained,
                   const double *thetas, const double *center, size_t n_hist,
                   size_t n_params)
{
  if (n_hist < 2 || n_params < 2)
    return false;
  const size_t ns = n_hist < SHL_PCA_MAX_ROWS ? n_hist : SHL_PCA_MAX_ROWS;
  const size_t np = n_params;
  double *D = malloc (ns * np * sizeof (double));
  double *mean = calloc (np, sizeof (double));
  double *G = malloc (ns * ns * sizeof (double));
  double *V = malloc (ns * 2 * sizeof (double));
  double *W = malloc (ns * 2 * sizeof (double));
  bool ok = D && mean && G && V && W;
  if (!ok)
    goto out;
  for (size_t k = 0; k < ns; k++)
    memcpy (D + k * np, thetas + (k * (n_hist - 1) / (ns - 1)) * np,
            np * sizeof (double));
  if (center)
    memcpy (mean, center, np * sizeof (double));
  else
    {
      for (size_t k = 0; k < ns; k++)
        for (size_t j = 0; j < np; j++)
          mean[j] += D[k * np + j];
      for (size_t j = 0; j < np; j++)
        mean[j] /= (double) ns;
    }
  for (size_t k = 0; k < ns; k++)
    for (size_t j = 0; j < np; j++)
      D[k * np + j] -= mean[j];
  /* G = D D^T (ns, ns) */
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) ns, (int) ns,
               (int) np, 1.0, D, (int) np, D, (int) np, 0.0, G, (int) ns);
  double trace = 0.0;
  for (size_t k = 0; k < ns; k++)
    trace += G[k * ns + k];
  if (!(trace > 0) || !isfinite (trace))
    {
      ok = false;
      goto out;
    }
  /* subspace iteration with Rayleigh-Ritz on the 2x2 projection;
   * deterministic start */
  ShlRng rng;
  shl_rng_seed (&rng, 0x5ca1ab1e);
  for (size_t k = 0; k < 2 * ns; k++)
    V[k] = shl_rng_normal (&rng);
  bool second = true;
  orthonormalise2 (V, ns, &second);
  double l1 = 0.0, l2 = 0.0, prev1 = -1.0, prev2 = -1.0;
  int calm = 0;
  for (int it = 0; it < 10000 && calm < 3; it++)
    {
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) ns, 2,
                   (int) ns, 1.0, G, (int) ns, V, 2, 0.0, W, 2);
      if (!orthonormalise2 (W, ns, &second))
        {
          ok = false;
          goto out;
        }
      if (!second)
        {
          /* rank 1: any unit vector orthogonal to column 0 */
          for (size_t k = 0; k < ns; k++)
            W[2 * k + 1] = k == 0 ? 1.0 : 0.0;
          orthonormalise2 (W, ns, &second);
        }
      /* H = W^T G W, rotate W onto its eigenvectors */
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) ns, 2,
                   (int) ns, 1.0, G, (int) ns, W, 2, 0.0, V, 2);
      double h00 = 0, h01 = 0, h11 = 0;
      for (size_t k = 0; k < ns; k++)
        {
          h00 += W[2 * k] * V[2 * k];
          h01 += W[2 * k] * V[2 * k + 1];
          h11 += W[2 * k + 1] * V[2 * k + 1];
        }
      double cs, sn;
      sym2_eigen (&l1, &l2, &cs, &sn, h00, h01, h11);
      for (size_t k = 0; k < ns; k++)
        {
          double x0 = W[2 * k], x1 = W[2 * k + 1];
          V[2 * k] = cs * x0 + sn * x1;
          V[2 * k + 1] = -sn * x0 + cs * x1;
        }
      double tol = 1e-15 * l1;
      if (fabs (l1 - prev1) <= tol && fabs (l2 - prev2) <= tol)
        calm++;
      else
        calm = 0;
      prev1 = l1;
      prev2 = l2;
    }
  /* u = D^T v1, w = D^T v2, normalised */
  for (size_t j = 0; j < np; j++)
    {
      double su = 0.0, sw = 0.0;
      for (size_t k = 0; k < ns; k++)
        {
          su += D[k * np + j] * V[2 * k];
          sw += D[k * np + j] * V[2 * k + 1];
        }
      u[j] = su;
      w[j] = sw;
    }
  double nu = sqrt (dot (u, u, np));
  if (!(nu > 0))
    {
      ok = false;
      goto out;
    }
  for (size_t j = 0; j < np; j++)
    u[j] /= nu;
  bool rank1 = !(l2 > 1e-12 * l1);
  if (!rank1)
    {
      for (int pass = 0; pass < 2; pass++)
        {
          double p = dot (u, w, np);
          for (size_t j = 0; j < np; j++)
            w[j] -= p * u[j];
        }
      double nw = sqrt (dot (w, w, np));
      rank1 = !(nw > 1e-12);
      if (!rank1)
        for (size_t j = 0; j < np; j++)
          w[j] /= nw;
    }
  if (rank1)
    {
      size_t jmin = 0;
      for (size_t j = 1; j < np; j++)
        if (fabs (u[j]) < fabs (u[jmin]))
          jmin = j;
      for (size_t j = 0; j < np; j++)
        w[j] = -u[jmin] * u[j];
      w[jmin] += 1.0;
      double nw = sqrt (dot (w, w, np));
      for (size_t j = 0; j < np; j++)
        w[j] /= nw;
      l2 = 0.0;
    }
  /* signs: the trajectory runs towards +u (and +w) from first to last */
  {
    const double *first = thetas, *last = thetas + (n_hist - 1) * np;
    double pu = 0.0, pw = 0.0;
    for (size_t j = 0; j < np; j++)
      {
        pu += (last[j] - first[j]) * u[j];
        pw += (last[j] - first[j]) * w[j];
      }
    if (pu < 0)
      for (size_t j = 0; j < np; j++)
        u[j] = -u[j];
    if (pw < 0)
      for (size_t j = 0; j < np; j++)
        w[j] = -w[j];
  }
  explained[0] = fmax (l1, 0.0) / trace;
  explained[1] = fmax (l2, 0.0) / trace;

out:
  free (D);
  free (mean);
  free (G);
  free (V);
  free (W);
  return ok;
}

bool
shl_direction_coords (double *u, double *w, const ShlNet *net, size_t i,
                      size_t j)
{
  if (i == j || i >= net->n_params || j >= net->n_params)
    return false;
  memset (u, 0, net->n_params * sizeof (double));
  memset (w, 0, net->n_params * sizeof (double));
  u[i] = 1.0;
  w[j] = 1.0;
  return true;
}

bool
shl_direction_orbit (double *dir, const ShlNet *center, int k)
{
  if (k < 0 || k >= center->m)
    return false;
  const int d = center->d, m = center->m;
  memset (dir, 0, center->n_params * sizeof (double));
  for (int j = 0; j < d; j++)
    dir[k * d + j] = center->a[k * d + j];
  dir[m * d + k] = center->b[k];
  dir[m * d + m + k] = -center->c[k];
  return true;
}

bool
shl_direction_twin (double *dir, const ShlNet *center, const ShlNet *other)
{
  if (!shl_net_same_shape (center, other))
    return false;
  for (size_t k = 0; k < center->n_params; k++)
    dir[k] = other->theta[k] - center->theta[k];
  return true;
}

/* ------------------------------------------------------------------ paths */

static double
path_t (int k, int n_points)
{
  return n_points == 1 ? 0.0 : (double) k / (n_points - 1);
}

bool
shl_path_params (double *loss, const ShlNet *A, const ShlNet *B,
                 const ShlData *data, ShlLoss kind, int n_points)
{
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
          loss[p] = loss_of_outputs (f, data->y, data->n, kind);
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
