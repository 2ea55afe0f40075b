/* shl-loss.c: loss and gradient kernels.
 *
 * Three kernels compute the same numbers (up to rounding):
 *
 * fused  Neurons outer, samples inner: a forward sweep per neuron adds
 *        c_i relu(<a_i,x_k> + b_i) to every f_k, then the residuals
 *        r_k = dl/df_k / n, then a backward sweep per neuron accumulates
 *        its four gradient sums over the samples in SIMD registers. The
 *        inputs are kept as structure of arrays, so every inner loop is a
 *        unit-stride stream the compiler vectorises (OpenMP SIMD pragmas,
 *        one clone per instruction set). O(n) scratch, nothing per step.
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

#include "shl-check.h"

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
  /* fused kernel */
  double   *x0, *x1;                  /* (n_max) inputs as structure of arrays */
  double   *fv, *rv;                  /* (n_max) outputs and residuals */
  /* BLAS kernel only */
  double   *z;                        /* (n_max, m_max) */
  double   *g;                        /* (n_max, m_max) */
  double   *f;                        /* (n_max) */
  double   *r;                        /* (n_max) */
  double   *ones;                     /* (n_max) */
};

static const ShlName loss_entries[] = {
  { SHL_LOSS_MSE, "mse", "Squared error" },
  { SHL_LOSS_LOGISTIC, "logistic", "Logistic" },
};
const ShlNameTable shl_loss_names = SHL_NAME_TABLE ("loss", loss_entries);

static const ShlName kernel_entries[] = {
  { SHL_KERNEL_FUSED, "fused", "Fused (vectorised)" },
  { SHL_KERNEL_BLAS, "blas", "BLAS" },
  { SHL_KERNEL_NAIVE, "naive", "Naive loop" },
};
const ShlNameTable shl_kernel_names = SHL_NAME_TABLE ("kernel", kernel_entries);

const char *
shl_loss_name (ShlLoss loss)
{
  return shl_name_id (&shl_loss_names, (int) loss);
}

const char *
shl_loss_label (ShlLoss loss)
{
  return shl_name_label (&shl_loss_names, (int) loss);
}

bool
shl_loss_from_name (const char *name, ShlLoss *out)
{
  int v;
  if (!shl_name_lookup (&shl_loss_names, name, &v))
    return false;
  *out = (ShlLoss) v;
  return true;
}

const char *
shl_kernel_name (ShlKernel kernel)
{
  return shl_name_id (&shl_kernel_names, (int) kernel);
}

const char *
shl_kernel_label (ShlKernel kernel)
{
  return shl_name_label (&shl_kernel_names, (int) kernel);
}

bool
shl_kernel_from_name (const char *name, ShlKernel *out)
{
  int v;
  if (!shl_name_lookup (&shl_kernel_names, name, &v))
    return false;
  *out = (ShlKernel) v;
  return true;
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
  ws->x0 = xcalloc (n_max, sizeof (double));
  ws->x1 = xcalloc (n_max, sizeof (double));
  ws->fv = xcalloc (n_max, sizeof (double));
  ws->rv = xcalloc (n_max, sizeof (double));
  bool ok = ws->x0 && ws->x1 && ws->fv && ws->rv;
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
  free (ws->x0);
  free (ws->x1);
  free (ws->fv);
  free (ws->rv);
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

/* Forward: f_k = e + <v, x_k> + sum_i c_i relu(<a_i, x_k> + b_i), neurons
 * outer and samples inner, so the inner loop streams over the inputs
 * (structure of arrays) with no reduction; the sum over i runs in the same
 * order as the naive loop. Backward: for each neuron, one sweep over the
 * samples accumulates sum r_k [z>0] (z, 1, x_k) in SIMD registers.
 * D is a compile-time constant after inlining. */
static inline __attribute__ ((always_inline)) double
fused_run (ShlWorkspace *ws, const ShlNet *net, const int D, ShlLoss loss,
           const double *x, const double *y, size_t n, double *grad)
{
  const int m = net->m;
  const double *restrict x0 = x, *restrict x1 = NULL;
  if (D == 2)
    {
      double *restrict t0 = ws->x0, *restrict t1 = ws->x1;
      for (size_t k = 0; k < n; k++)
        {
          t0[k] = x[2 * k];
          t1[k] = x[2 * k + 1];
        }
      x0 = t0;
      x1 = t1;
    }
  double *restrict f = ws->fv, *restrict r = ws->rv;
  const double e = *net->e, v0 = net->v[0], v1 = D == 2 ? net->v[1] : 0.0;
  for (size_t k = 0; k < n; k++)
    f[k] = D == 2 ? e + v0 * x0[k] + v1 * x1[k] : e + v0 * x0[k];
  /* four neurons per sweep: a quarter of the traffic on f */
  int i = 0;
  for (; i + 4 <= m; i += 4)
    {
      const double *ai = net->a + (size_t) i * D, *bi = net->b + i;
      const double *ci = net->c + i;
      const double p0 = ai[0], p1 = ai[D], p2 = ai[2 * D], p3 = ai[3 * D];
      const double q0 = D == 2 ? ai[1] : 0.0, q1 = D == 2 ? ai[D + 1] : 0.0;
      const double q2 = D == 2 ? ai[2 * D + 1] : 0.0;
      const double q3 = D == 2 ? ai[3 * D + 1] : 0.0;
      const double b0 = bi[0], b1 = bi[1], b2 = bi[2], b3 = bi[3];
      const double c0 = ci[0], c1 = ci[1], c2 = ci[2], c3 = ci[3];
#pragma omp simd
      for (size_t k = 0; k < n; k++)
        {
          const double u = x0[k], w = D == 2 ? x1[k] : 0.0;
          double z0 = D == 2 ? p0 * u + q0 * w + b0 : p0 * u + b0;
          double z1 = D == 2 ? p1 * u + q1 * w + b1 : p1 * u + b1;
          double z2 = D == 2 ? p2 * u + q2 * w + b2 : p2 * u + b2;
          double z3 = D == 2 ? p3 * u + q3 * w + b3 : p3 * u + b3;
          z0 = z0 > 0.0 ? z0 : 0.0;
          z1 = z1 > 0.0 ? z1 : 0.0;
          z2 = z2 > 0.0 ? z2 : 0.0;
          z3 = z3 > 0.0 ? z3 : 0.0;
          f[k] += (c0 * z0 + c1 * z1) + (c2 * z2 + c3 * z3);
        }
    }
  for (; i < m; i++)
    {
      const double a0 = net->a[i * D], a1 = D == 2 ? net->a[i * D + 1] : 0.0;
      const double b = net->b[i], c = net->c[i];
#pragma omp simd
      for (size_t k = 0; k < n; k++)
        {
          double z = D == 2 ? a0 * x0[k] + a1 * x1[k] + b : a0 * x0[k] + b;
          f[k] += c * (z > 0.0 ? z : 0.0);
        }
    }
  const double inv_n = 1.0 / (double) n;
  double total = 0.0;
  if (loss == SHL_LOSS_MSE)
    {
#pragma omp simd reduction(+ : total)
      for (size_t k = 0; k < n; k++)
        {
          double d = f[k] - y[k];
          total += d * d;
          r[k] = (2.0 * d) * inv_n;
        }
    }
  else
    for (size_t k = 0; k < n; k++)
      {
        double dl;
        total += point_loss (&dl, loss, f[k], y[k]);
        r[k] = dl * inv_n;
      }
  if (!grad)
    return total;

  double *ga = grad, *gb = grad + (size_t) m * D, *gc = gb + m;
  double *ge = gc + m, *gv = ge + 1;
  /* two neurons per sweep share the loads of x and r */
  i = 0;
  for (; i + 2 <= m; i += 2)
    {
      const double p0 = net->a[i * D], p1 = net->a[(i + 1) * D];
      const double q0 = D == 2 ? net->a[i * D + 1] : 0.0;
      const double q1 = D == 2 ? net->a[(i + 1) * D + 1] : 0.0;
      const double b0 = net->b[i], b1 = net->b[i + 1];
      double sc0 = 0.0, sb0 = 0.0, s00 = 0.0, s10 = 0.0;
      double sc1 = 0.0, sb1 = 0.0, s01 = 0.0, s11 = 0.0;
#pragma omp simd reduction(+ : sc0, sb0, s00, s10, sc1, sb1, s01, s11)
      for (size_t k = 0; k < n; k++)
        {
          const double u = x0[k], w = D == 2 ? x1[k] : 0.0, rk = r[k];
          double z0 = D == 2 ? p0 * u + q0 * w + b0 : p0 * u + b0;
          double z1 = D == 2 ? p1 * u + q1 * w + b1 : p1 * u + b1;
          double r0 = z0 > 0.0 ? rk : 0.0, r1 = z1 > 0.0 ? rk : 0.0;
          sc0 += r0 * z0;
          sb0 += r0;
          s00 += r0 * u;
          sc1 += r1 * z1;
          sb1 += r1;
          s01 += r1 * u;
          if (D == 2)
            {
              s10 += r0 * w;
              s11 += r1 * w;
            }
        }
      const double c0 = net->c[i], c1 = net->c[i + 1];
      ga[i * D] = c0 * s00;
      ga[(i + 1) * D] = c1 * s01;
      if (D == 2)
        {
          ga[i * D + 1] = c0 * s10;
          ga[(i + 1) * D + 1] = c1 * s11;
        }
      gb[i] = c0 * sb0;
      gb[i + 1] = c1 * sb1;
      gc[i] = sc0;
      gc[i + 1] = sc1;
    }
  for (; i < m; i++)
    {
      const double a0 = net->a[i * D], a1 = D == 2 ? net->a[i * D + 1] : 0.0;
      const double b = net->b[i];
      double sc = 0.0, sb = 0.0, s0 = 0.0, s1 = 0.0;
#pragma omp simd reduction(+ : sc, sb, s0, s1)
      for (size_t k = 0; k < n; k++)
        {
          double z = D == 2 ? a0 * x0[k] + a1 * x1[k] + b : a0 * x0[k] + b;
          double rk = z > 0.0 ? r[k] : 0.0;
          sc += rk * z;
          sb += rk;
          s0 += rk * x0[k];
          s1 += D == 2 ? rk * x1[k] : 0.0;
        }
      const double c = net->c[i];
      ga[i * D] = c * s0;
      if (D == 2)
        ga[i * D + 1] = c * s1;
      gb[i] = c * sb;
      gc[i] = sc;
    }
  double se = 0.0, sv0 = 0.0, sv1 = 0.0;
#pragma omp simd reduction(+ : se, sv0, sv1)
  for (size_t k = 0; k < n; k++)
    {
      se += r[k];
      sv0 += r[k] * x0[k];
      sv1 += D == 2 ? r[k] * x1[k] : 0.0;
    }
  *ge = se;
  gv[0] = sv0;
  if (D == 2)
    gv[1] = sv1;
  return total;
}

SHL_CLONES static double
fused_d1 (ShlWorkspace *ws, const ShlNet *net, ShlLoss loss, const double *x,
          const double *y, size_t n, double *grad)
{
  return fused_run (ws, net, 1, loss, x, y, n, grad);
}

SHL_CLONES static double
fused_d2 (ShlWorkspace *ws, const ShlNet *net, ShlLoss loss, const double *x,
          const double *y, size_t n, double *grad)
{
  return fused_run (ws, net, 2, loss, x, y, n, grad);
}

static double
loss_fused (double *grad, ShlWorkspace *ws, const ShlNet *net, ShlLoss loss,
            const double *x, const double *y, size_t n)
{
  double total = net->d == 1 ? fused_d1 (ws, net, loss, x, y, n, grad)
                             : fused_d2 (ws, net, loss, x, y, n, grad);
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
  SHL_RETURN_VAL_IF_FAIL (net != NULL && (n == 0 || (x != NULL && y != NULL)), NAN);
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
      if (ws && net->m <= ws->m_max && net->d == ws->d && n <= ws->n_max)
        return loss_fused (grad, ws, net, loss, x, y, n);
      return NAN;
    }
}

double
shl_loss_of_outputs (const double *f, const double *y, size_t n, ShlLoss loss)
{
  SHL_RETURN_VAL_IF_FAIL (n == 0 || (f != NULL && y != NULL), NAN);
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
