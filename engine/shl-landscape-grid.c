/* shl-landscape-grid.c: loss grids on several threads, in passes (see
 * shl-landscape.h). */
#include "shl-landscape.h"

#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "shl-check.h"


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
      job->out[(size_t) r * job->nx + q] = shl_loss_of_outputs (f, job->data->y, n, job->loss);
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
  SHL_RETURN_VAL_IF_FAIL (out != NULL && u != NULL && w != NULL, false);
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
  SHL_RETURN_VAL_IF_FAIL (out != NULL && center != NULL && data != NULL, false);
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
