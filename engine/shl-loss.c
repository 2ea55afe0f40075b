/* shl-loss.c: loss and gradient kernels.
 *
 * Three kernels compute the same numbers (up to rounding):
 *
 * fused  Samples in blocks of SHL_BLOCK. For a block, one sweep over the
 *        neurons computes the activations h = relu(<a_i,x_k> + b_i) of all
 *        block samples and the outputs f_k; then the residuals r_k = dl/df_k
 *        / n; then one sweep accumulates every gradient of the block. The
 *        neuron parameters are kept as structure-of-arrays in the workspace,
 *        so both sweeps are unit-stride loops that the compiler vectorises
 *        (OpenMP SIMD pragmas, one clone per instruction set).
 * blas   Z = X A^T + 1 b^T (dgemm), H = relu(Z), f = H c (dgemv),
 *        dc = H^T r (dgemv), G = r c^T o [Z > 0], da = G^T X (dgemm),
 *        db = G^T 1 (dgemv).
 * naive  The scalar double loop one would write first; the baseline of the
 *        benchmark and the reference of the tests.
 */
#include "shl-loss.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SHL_BLOCK 4

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) \
  && !defined(__SANITIZE_ADDRESS__)
#define SHL_CLONES __attribute__ ((target_clones ("avx512f", "avx2", "default")))
#else
#define SHL_CLONES
#endif

struct ShlWorkspace {
  int       m_max;
  int       d;
  size_t    n_max;
  ShlKernel kernel;
  /* structure-of-arrays copies of the parameters and gradients */
  double   *a0, *a1, *b, *c;          /* (m_max) each */
  double   *ga0, *ga1, *gb, *gc;      /* (m_max) each */
  double   *h;                        /* (SHL_BLOCK, m_max) */
  /* BLAS kernel only */
  double   *z;                        /* (n_max, m_max) */
  double   *g;                        /* (n_max, m_max) */
  double   *f;                        /* (n_max) */
  double   *r;                        /* (n_max) */
  double   *ones;                     /* (n_max) */
};

static const char *const loss_names[] = { "mse", "logistic" };
static const char *const kernel_names[] = { "fused", "blas", "naive" };

const char *
shl_loss_name (ShlLoss loss)
{
  return (unsigned) loss < 2 ? loss_names[loss] : "unknown";
}

bool
shl_loss_from_name (const char *name, ShlLoss *out)
{
  for (unsigned k = 0; k < 2; k++)
    if (name && strcmp (name, loss_names[k]) == 0)
      {
        *out = (ShlLoss) k;
        return true;
      }
  return false;
}

const char *
shl_kernel_name (ShlKernel kernel)
{
  return (unsigned) kernel < 3 ? kernel_names[kernel] : "unknown";
}

bool
shl_kernel_from_name (const char *name, ShlKernel *out)
{
  for (unsigned k = 0; k < 3; k++)
    if (name && strcmp (name, kernel_names[k]) == 0)
      {
        *out = (ShlKernel) k;
        return true;
      }
  return false;
}

static void *
xcalloc (size_t n, size_t size)
{
  /* 64-byte aligned, zeroed; at least one element so pointers are valid */
  size_t bytes = (n ? n : 1) * size;
  bytes = (bytes + 63) & ~(size_t) 63;
  void *p = aligned_alloc (64, bytes);
  if (p)
    memset (p, 0, bytes);
  return p;
}

ShlWorkspace *
shl_workspace_new (int m_max, int d, size_t n_max, ShlKernel kernel)
{
  if (m_max < 0 || d < 1 || d > SHL_MAX_DIM)
    return NULL;
  ShlWorkspace *ws = calloc (1, sizeof *ws);
  if (!ws)
    return NULL;
  size_t m = (size_t) m_max;
  ws->m_max = m_max;
  ws->d = d;
  ws->n_max = n_max;
  ws->kernel = kernel;
  ws->a0 = xcalloc (m, sizeof (double));
  ws->a1 = xcalloc (m, sizeof (double));
  ws->b = xcalloc (m, sizeof (double));
  ws->c = xcalloc (m, sizeof (double));
  ws->ga0 = xcalloc (m, sizeof (double));
  ws->ga1 = xcalloc (m, sizeof (double));
  ws->gb = xcalloc (m, sizeof (double));
  ws->gc = xcalloc (m, sizeof (double));
  ws->h = xcalloc (SHL_BLOCK * m, sizeof (double));
  bool ok = ws->a0 && ws->a1 && ws->b && ws->c && ws->ga0 && ws->ga1
            && ws->gb && ws->gc && ws->h;
  if (kernel == SHL_KERNEL_BLAS)
    {
      ws->z = xcalloc (n_max * m, sizeof (double));
      ws->g = xcalloc (n_max * m, sizeof (double));
      ws->f = xcalloc (n_max, sizeof (double));
      ws->r = xcalloc (n_max, sizeof (double));
      ws->ones = xcalloc (n_max, sizeof (double));
      ok = ok && ws->z && ws->g && ws->f && ws->r && ws->ones;
      if (ws->ones)
        for (size_t k = 0; k < n_max; k++)
          ws->ones[k] = 1.0;
    }
  if (!ok)
    {
      shl_workspace_free (ws);
      return NULL;
    }
  return ws;
}

void
shl_workspace_free (ShlWorkspace *ws)
{
  if (!ws)
    return;
  free (ws->a0);
  free (ws->a1);
  free (ws->b);
  free (ws->c);
  free (ws->ga0);
  free (ws->ga1);
  free (ws->gb);
  free (ws->gc);
  free (ws->h);
  free (ws->z);
  free (ws->g);
  free (ws->f);
  free (ws->r);
  free (ws->ones);
  free (ws);
}

double
shl_loss_grad_flops (int m, int d, size_t n)
{
  /* per (sample, neuron): forward z (2d), relu (1), f += c h (2);
   * backward g = r c [z>0] (2), dc (2), da (2d), db (1) */
  return (double) n * (double) m * (4.0 * d + 8.0);
}

/* The per-sample loss and its derivative with respect to f. */
static inline double
point_loss (double *dl, ShlLoss loss, double f, double y)
{
  if (loss == SHL_LOSS_MSE)
    {
      double r = f - y;
      *dl = 2.0 * r;
      return r * r;
    }
  /* logistic: l = log(1 + exp(-s f)), s = 2y - 1, computed stably */
  double s = 2.0 * y - 1.0;
  double t = -s * f;
  double l = t > 0.0 ? t + log1p (exp (-t)) : log1p (exp (t));
  /* dl/df = -s * sigmoid(t) */
  double sig = t > 0.0 ? 1.0 / (1.0 + exp (-t)) : exp (t) / (1.0 + exp (t));
  *dl = -s * sig;
  return l;
}

/* ---------------------------------------------------------------- naive */

static double
loss_naive (double *grad, const ShlNet *net, ShlLoss loss, const double *x,
            const double *y, size_t n)
{
  const int m = net->m, d = net->d;
  const double *a = net->a, *b = net->b, *c = net->c, *v = net->v;
  double total = 0.0;
  if (grad)
    memset (grad, 0, net->n_params * sizeof (double));
  for (size_t k = 0; k < n; k++)
    {
      const double *xk = x + k * (size_t) d;
      double f = *net->e;
      for (int j = 0; j < d; j++)
        f += v[j] * xk[j];
      for (int i = 0; i < m; i++)
        {
          double z = b[i];
          for (int j = 0; j < d; j++)
            z += a[i * d + j] * xk[j];
          if (z > 0.0)
            f += c[i] * z;
        }
      double dl;
      total += point_loss (&dl, loss, f, y[k]);
      if (!grad)
        continue;
      double r = dl / (double) n;
      double *ga = grad, *gb = grad + (size_t) m * d, *gc = gb + m;
      double *ge = gc + m, *gv = ge + 1;
      for (int i = 0; i < m; i++)
        {
          double z = b[i];
          for (int j = 0; j < d; j++)
            z += a[i * d + j] * xk[j];
          if (z > 0.0)
            {
              gc[i] += r * z;
              for (int j = 0; j < d; j++)
                ga[i * d + j] += r * c[i] * xk[j];
              gb[i] += r * c[i];
            }
        }
      *ge += r;
      for (int j = 0; j < d; j++)
        gv[j] += r * xk[j];
    }
  return total / (double) n;
}

/* ---------------------------------------------------------------- fused */

/* Forward and backward for a block of nb <= SHL_BLOCK samples in
 * dimension D (a compile-time constant after inlining). Accumulates the
 * neuron gradients into ws->g*, the affine ones into gev (e, v...). */
static inline __attribute__ ((always_inline)) double
fused_block (ShlWorkspace *ws, int m, const int D, ShlLoss loss,
             const double *x, const double *y, int nb, double e,
             const double *v, double inv_n, bool want_grad, double *gev)
{
  const double *restrict a0 = ws->a0, *restrict a1 = ws->a1;
  const double *restrict b = ws->b, *restrict c = ws->c;
  double f[SHL_BLOCK], r[SHL_BLOCK], x0[SHL_BLOCK], x1[SHL_BLOCK];
  double total = 0.0;

  for (int s = 0; s < nb; s++)
    {
      x0[s] = x[s * D];
      x1[s] = D == 2 ? x[s * D + 1] : 0.0;
      double *restrict h = ws->h + (size_t) s * (size_t) m;
      double acc = 0.0;
      const double xs0 = x0[s], xs1 = x1[s];
#pragma omp simd reduction(+ : acc)
      for (int i = 0; i < m; i++)
        {
          double z = D == 2 ? a0[i] * xs0 + a1[i] * xs1 + b[i]
                            : a0[i] * xs0 + b[i];
          double hi = z > 0.0 ? z : 0.0;
          h[i] = hi;
          acc += c[i] * hi;
        }
      f[s] = acc + e + v[0] * x0[s] + (D == 2 ? v[1] * x1[s] : 0.0);
      double dl;
      total += point_loss (&dl, loss, f[s], y[s]);
      r[s] = dl * inv_n;
    }
  if (!want_grad)
    return total;

  double *restrict ga0 = ws->ga0, *restrict ga1 = ws->ga1;
  double *restrict gb = ws->gb, *restrict gc = ws->gc;
  const double *restrict h = ws->h;
  for (int s = 0; s < nb; s++)
    {
      gev[0] += r[s];
      gev[1] += r[s] * x0[s];
      if (D == 2)
        gev[2] += r[s] * x1[s];
    }

  if (nb == SHL_BLOCK)
    {
      const double r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3];
      const double p00 = r0 * x0[0], p01 = r1 * x0[1], p02 = r2 * x0[2],
                   p03 = r3 * x0[3];
      const double p10 = r0 * x1[0], p11 = r1 * x1[1], p12 = r2 * x1[2],
                   p13 = r3 * x1[3];
      const double *restrict h0 = h, *restrict h1 = h + m, *restrict h2 = h + 2 * m,
                   *restrict h3 = h + 3 * m;
#pragma omp simd
      for (int i = 0; i < m; i++)
        {
          double m0 = h0[i] > 0.0 ? 1.0 : 0.0;
          double m1 = h1[i] > 0.0 ? 1.0 : 0.0;
          double m2 = h2[i] > 0.0 ? 1.0 : 0.0;
          double m3 = h3[i] > 0.0 ? 1.0 : 0.0;
          gc[i] += r0 * h0[i] + r1 * h1[i] + r2 * h2[i] + r3 * h3[i];
          double sb = r0 * m0 + r1 * m1 + r2 * m2 + r3 * m3;
          double s0 = p00 * m0 + p01 * m1 + p02 * m2 + p03 * m3;
          gb[i] += c[i] * sb;
          ga0[i] += c[i] * s0;
          if (D == 2)
            {
              double s1 = p10 * m0 + p11 * m1 + p12 * m2 + p13 * m3;
              ga1[i] += c[i] * s1;
            }
        }
      return total;
    }

  for (int s = 0; s < nb; s++)
    {
      const double rs = r[s], p0 = r[s] * x0[s], p1 = r[s] * x1[s];
      const double *restrict hs = h + (size_t) s * (size_t) m;
#pragma omp simd
      for (int i = 0; i < m; i++)
        {
          double mk = hs[i] > 0.0 ? 1.0 : 0.0;
          gc[i] += rs * hs[i];
          gb[i] += c[i] * (rs * mk);
          ga0[i] += c[i] * (p0 * mk);
          if (D == 2)
            ga1[i] += c[i] * (p1 * mk);
        }
    }
  return total;
}

static inline __attribute__ ((always_inline)) double
fused_run (ShlWorkspace *ws, const ShlNet *net, const int D, ShlLoss loss,
           const double *x, const double *y, size_t n, bool want_grad,
           double *gev)
{
  const int m = net->m;
  const double inv_n = 1.0 / (double) n;
  double total = 0.0;
  size_t k = 0;
  for (; k + SHL_BLOCK <= n; k += SHL_BLOCK)
    total += fused_block (ws, m, D, loss, x + k * D, y + k, SHL_BLOCK,
                          *net->e, net->v, inv_n, want_grad, gev);
  if (k < n)
    total += fused_block (ws, m, D, loss, x + k * D, y + k, (int) (n - k),
                          *net->e, net->v, inv_n, want_grad, gev);
  return total;
}

SHL_CLONES static double
fused_d1 (ShlWorkspace *ws, const ShlNet *net, ShlLoss loss, const double *x,
          const double *y, size_t n, bool want_grad, double *gev)
{
  return fused_run (ws, net, 1, loss, x, y, n, want_grad, gev);
}

SHL_CLONES static double
fused_d2 (ShlWorkspace *ws, const ShlNet *net, ShlLoss loss, const double *x,
          const double *y, size_t n, bool want_grad, double *gev)
{
  return fused_run (ws, net, 2, loss, x, y, n, want_grad, gev);
}

static double
loss_fused (double *grad, ShlWorkspace *ws, const ShlNet *net, ShlLoss loss,
            const double *x, const double *y, size_t n)
{
  const int m = net->m, d = net->d;
  for (int i = 0; i < m; i++)
    {
      ws->a0[i] = net->a[i * d];
      ws->a1[i] = d == 2 ? net->a[i * d + 1] : 0.0;
      ws->b[i] = net->b[i];
      ws->c[i] = net->c[i];
    }
  bool want_grad = grad != NULL;
  if (want_grad)
    {
      memset (ws->ga0, 0, (size_t) m * sizeof (double));
      memset (ws->ga1, 0, (size_t) m * sizeof (double));
      memset (ws->gb, 0, (size_t) m * sizeof (double));
      memset (ws->gc, 0, (size_t) m * sizeof (double));
    }
  double gev[1 + SHL_MAX_DIM] = { 0.0, 0.0, 0.0 };
  double total = d == 1 ? fused_d1 (ws, net, loss, x, y, n, want_grad, gev)
                        : fused_d2 (ws, net, loss, x, y, n, want_grad, gev);
  if (want_grad)
    {
      double *ga = grad, *gb = grad + (size_t) m * d, *gc = gb + m;
      for (int i = 0; i < m; i++)
        {
          ga[i * d] = ws->ga0[i];
          if (d == 2)
            ga[i * d + 1] = ws->ga1[i];
          gb[i] = ws->gb[i];
          gc[i] = ws->gc[i];
        }
      gc[m] = gev[0];
      for (int j = 0; j < d; j++)
        gc[m + 1 + j] = gev[1 + j];
    }
  return total / (double) n;
}

/* ----------------------------------------------------------------- blas */

static double
loss_blas (double *grad, ShlWorkspace *ws, const ShlNet *net, ShlLoss loss,
           const double *x, const double *y, size_t n)
{
  const int m = net->m, d = net->d;
  const int ni = (int) n;
  double *z = ws->z, *g = ws->g, *f = ws->f, *r = ws->r;

  /* Z = 1 b^T + X A^T   (n, m) */
  for (size_t k = 0; k < n; k++)
    memcpy (z + k * (size_t) m, net->b, (size_t) m * sizeof (double));
  if (m > 0)
    cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, ni, m, d, 1.0, x, d,
                 net->a, d, 1.0, z, m);
  /* H = relu(Z), in place */
  for (size_t k = 0; k < n * (size_t) m; k++)
    z[k] = z[k] > 0.0 ? z[k] : 0.0;
  /* f = H c + X v + e */
  for (size_t k = 0; k < n; k++)
    f[k] = *net->e;
  if (m > 0)
    cblas_dgemv (CblasRowMajor, CblasNoTrans, ni, m, 1.0, z, m, net->c, 1,
                 1.0, f, 1);
  cblas_dgemv (CblasRowMajor, CblasNoTrans, ni, d, 1.0, x, d, net->v, 1, 1.0,
               f, 1);
  double total = 0.0;
  for (size_t k = 0; k < n; k++)
    {
      double dl;
      total += point_loss (&dl, loss, f[k], y[k]);
      r[k] = dl / (double) n;
    }
  if (grad)
    {
      double *ga = grad, *gb = grad + (size_t) m * d, *gc = gb + m;
      double *ge = gc + m, *gv = ge + 1;
      if (m > 0)
        {
          /* dc = H^T r */
          cblas_dgemv (CblasRowMajor, CblasTrans, ni, m, 1.0, z, m, r, 1, 0.0,
                       gc, 1);
          /* G = (r c^T) o [H > 0] */
          for (size_t k = 0; k < n; k++)
            {
              const double *hk = z + k * (size_t) m;
              double *gk = g + k * (size_t) m;
              for (int i = 0; i < m; i++)
                gk[i] = hk[i] > 0.0 ? r[k] * net->c[i] : 0.0;
            }
          /* da = G^T X  (m, d); db = G^T 1 */
          cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, m, d, ni, 1.0,
                       g, m, x, d, 0.0, ga, d);
          cblas_dgemv (CblasRowMajor, CblasTrans, ni, m, 1.0, g, m, ws->ones,
                       1, 0.0, gb, 1);
        }
      double se = 0.0;
      for (size_t k = 0; k < n; k++)
        se += r[k];
      *ge = se;
      /* dv = X^T r */
      cblas_dgemv (CblasRowMajor, CblasTrans, ni, d, 1.0, x, d, r, 1, 0.0, gv,
                   1);
    }
  return total / (double) n;
}

double
shl_loss_grad (double *grad, ShlWorkspace *ws, const ShlNet *net,
               ShlLoss loss, ShlKernel kernel, const double *x,
               const double *y, size_t n)
{
  if (n == 0)
    {
      if (grad)
        memset (grad, 0, net->n_params * sizeof (double));
      return 0.0;
    }
  switch (kernel)
    {
    case SHL_KERNEL_NAIVE:
      return loss_naive (grad, net, loss, x, y, n);
    case SHL_KERNEL_BLAS:
      if (ws && ws->kernel == SHL_KERNEL_BLAS && net->m <= ws->m_max
          && net->d == ws->d && n <= ws->n_max)
        return loss_blas (grad, ws, net, loss, x, y, n);
      return NAN;
    case SHL_KERNEL_FUSED:
    default:
      if (ws && net->m <= ws->m_max && net->d == ws->d)
        return loss_fused (grad, ws, net, loss, x, y, n);
      return NAN;
    }
}
