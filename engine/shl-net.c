/* shl-net.c: network storage, evaluation, initialisation, rescaling. */
#include "shl-net.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-check.h"

size_t
shl_net_n_params (int m, int d)
{
  return (size_t) m * (size_t) d + 2 * (size_t) m + 1 + (size_t) d;
}

static void
shl_net_set_views (ShlNet *net)
{
  size_t m = (size_t) net->m, d = (size_t) net->d;
  net->a = net->theta;
  net->b = net->a + m * d;
  net->c = net->b + m;
  net->e = net->c + m;
  net->v = net->e + 1;
}

ShlNet *
shl_net_new (int m, int d, const double *lo, const double *hi)
{
  if (m < 0 || d < 1 || d > SHL_MAX_DIM)
    return NULL;
  for (int j = 0; j < d; j++)
    {
      double l = lo ? lo[j] : -1.0, h = hi ? hi[j] : 1.0;
      if (!(l < h) || !isfinite (l) || !isfinite (h))
        return NULL;
    }
  ShlNet *net = calloc (1, sizeof *net);
  if (!net)
    return NULL;
  net->m = m;
  net->d = d;
  for (int j = 0; j < SHL_MAX_DIM; j++)
    {
      net->lo[j] = (lo && j < d) ? lo[j] : -1.0;
      net->hi[j] = (hi && j < d) ? hi[j] : 1.0;
    }
  net->n_params = shl_net_n_params (m, d);
  net->theta = calloc (net->n_params, sizeof (double));
  if (!net->theta)
    {
      free (net);
      return NULL;
    }
  shl_net_set_views (net);
  return net;
}

ShlNet *
shl_net_copy (const ShlNet *net)
{
  if (!net)
    return NULL;
  ShlNet *copy = shl_net_new (net->m, net->d, net->lo, net->hi);
  if (copy)
    memcpy (copy->theta, net->theta, net->n_params * sizeof (double));
  return copy;
}

void
shl_net_free (ShlNet *net)
{
  if (!net)
    return;
  free (net->theta);
  free (net);
}

bool
shl_net_same_shape (const ShlNet *x, const ShlNet *y)
{
  SHL_RETURN_VAL_IF_FAIL (x != NULL && y != NULL, false);
  if (x->m != y->m || x->d != y->d)
    return false;
  for (int j = 0; j < x->d; j++)
    if (x->lo[j] != y->lo[j] || x->hi[j] != y->hi[j])
      return false;
  return true;
}

bool
shl_net_is_finite (const ShlNet *net)
{
  SHL_RETURN_VAL_IF_FAIL (net != NULL, false);
  for (size_t k = 0; k < net->n_params; k++)
    if (!isfinite (net->theta[k]))
      return false;
  return true;
}

void
shl_net_eval (double *f, double *df, const ShlNet *net, const double *x,
              size_t n)
{
  SHL_RETURN_IF_FAIL (net != NULL && (x != NULL || n == 0));
  const int m = net->m, d = net->d;
  for (size_t k = 0; k < n; k++)
    {
      const double *xk = x + k * (size_t) d;
      double acc = *net->e;
      double g[SHL_MAX_DIM] = { 0.0, 0.0 };
      for (int j = 0; j < d; j++)
        {
          acc += net->v[j] * xk[j];
          g[j] = net->v[j];
        }
      for (int i = 0; i < m; i++)
        {
          const double *ai = net->a + (size_t) i * (size_t) d;
          double z = net->b[i];
          for (int j = 0; j < d; j++)
            z += ai[j] * xk[j];
          if (z > 0.0)
            {
              acc += net->c[i] * z;
              for (int j = 0; j < d; j++)
                g[j] += net->c[i] * ai[j];
            }
        }
      if (f)
        f[k] = acc;
      if (df)
        for (int j = 0; j < d; j++)
          df[k * (size_t) d + j] = g[j];
    }
}

double
shl_net_eval1 (const ShlNet *net, const double *x)
{
  SHL_RETURN_VAL_IF_FAIL (net != NULL && x != NULL, NAN);
  double f;
  shl_net_eval (&f, NULL, net, x, 1);
  return f;
}

void
shl_net_init_random (ShlNet *net, ShlInitScheme scheme, ShlRng *rng)
{
  SHL_RETURN_IF_FAIL (net != NULL && rng != NULL);
  const int m = net->m, d = net->d;
  memset (net->theta, 0, net->n_params * sizeof (double));
  if (scheme == SHL_INIT_UNIFORM)
    {
      /* torch.nn.Linear's default for the hidden and the output layer */
      double s1 = 1.0 / sqrt ((double) d);
      double s2 = m > 0 ? 1.0 / sqrt ((double) m) : 0.0;
      for (int i = 0; i < m; i++)
        for (int j = 0; j < d; j++)
          net->a[i * d + j] = shl_rng_range (rng, -s1, s1);
      for (int i = 0; i < m; i++)
        net->b[i] = shl_rng_range (rng, -s1, s1);
      for (int i = 0; i < m; i++)
        net->c[i] = shl_rng_range (rng, -s2, s2);
      *net->e = shl_rng_range (rng, -s2, s2);
      return;
    }

  /* He: a ~ N(0, 2/d); each kink passes through a uniform point p_i of the
   * domain (b_i = -<a_i, p_i>), so every neuron starts active;
   * c ~ N(0, 1/m). */
  double sa = sqrt (2.0 / (double) d);
  double sc = m > 0 ? sqrt (1.0 / (double) m) : 0.0;
  for (int i = 0; i < m; i++)
    {
      double *ai = net->a + (size_t) i * (size_t) d;
      double bi = 0.0;
      for (int j = 0; j < d; j++)
        {
          ai[j] = sa * shl_rng_normal (rng);
          bi -= ai[j] * shl_rng_range (rng, net->lo[j], net->hi[j]);
        }
      net->b[i] = bi;
      net->c[i] = sc * shl_rng_normal (rng);
    }
  if (scheme == SHL_INIT_BALANCED)
    shl_net_balance (net);
}

static const ShlName init_entries[] = {
  { SHL_INIT_UNIFORM, "uniform", "Uniform (PyTorch)" },
  { SHL_INIT_HE, "he", "He (kinks in the domain)" },
  { SHL_INIT_BALANCED, "balanced", "Balanced" },
};
const ShlNameTable shl_init_scheme_names = SHL_NAME_TABLE ("init scheme", init_entries);

const char *
shl_init_scheme_name (ShlInitScheme scheme)
{
  return shl_name_id (&shl_init_scheme_names, (int) scheme);
}

const char *
shl_init_scheme_label (ShlInitScheme scheme)
{
  return shl_name_label (&shl_init_scheme_names, (int) scheme);
}

bool
shl_init_scheme_from_name (const char *name, ShlInitScheme *out)
{
  int v;
  if (!shl_name_lookup (&shl_init_scheme_names, name, &v))
    return false;
  *out = (ShlInitScheme) v;
  return true;
}

/* ------------------------------------------------------------ per neuron */

#define NEURON_CHECK(net, i, val) \
  SHL_RETURN_VAL_IF_FAIL ((net) != NULL && (i) >= 0 && (i) < (net)->m, val)

/* Large and small parameters: the plain formulas below are used while
 * their squares and products stay well inside the double range (then the
 * results are bit for bit what they always were); outside it, the
 * quantities are computed on copies scaled by a power of two, which is
 * exact, so that 1e200 or 1e-200 give the right answer instead of inf or
 * 0. A result that is itself beyond the double range is +-inf. */
#define SAFE_LO 0x1p-500
#define SAFE_HI 0x1p500

/* sqrt (b^2 + sum_j a_j^2), summed in that order (b = 0: norm of a) */
static double
norm_of (double b, const double *a, int d)
{
  double mx = fabs (b);
  for (int j = 0; j < d; j++)
    mx = fmax (mx, fabs (a[j]));
  if (mx == 0.0 || !isfinite (mx) || (mx >= SAFE_LO && mx <= SAFE_HI))
    {
      double s = b * b;
      for (int j = 0; j < d; j++)
        s += a[j] * a[j];
      return sqrt (s);
    }
  int e = ilogb (mx);
  double bs = ldexp (b, -e), s = bs * bs;
  for (int j = 0; j < d; j++)
    {
      double as = ldexp (a[j], -e);
      s += as * as;
    }
  return ldexp (sqrt (s), e);
}

double
shl_net_neuron_norm_ab (const ShlNet *net, int i)
{
  NEURON_CHECK (net, i, NAN);
  return norm_of (net->b[i], net->a + (size_t) i * (size_t) net->d, net->d);
}

double
shl_net_neuron_norm_a (const ShlNet *net, int i)
{
  NEURON_CHECK (net, i, NAN);
  return norm_of (0.0, net->a + (size_t) i * (size_t) net->d, net->d);
}

double
shl_net_neuron_norm_a1 (const ShlNet *net, int i)
{
  NEURON_CHECK (net, i, NAN);
  const double *a = net->a + (size_t) i * (size_t) net->d;
  double s = 0.0;
  for (int j = 0; j < net->d; j++)
    s += fabs (a[j]);
  return s;
}

bool
shl_net_neuron_a_is_zero (const ShlNet *net, int i)
{
  NEURON_CHECK (net, i, false);
  const double *a = net->a + (size_t) i * (size_t) net->d;
  for (int j = 0; j < net->d; j++)
    if (a[j] != 0.0)
      return false;
  return true;
}

bool
shl_net_neuron_is_zero (const ShlNet *net, int i)
{
  NEURON_CHECK (net, i, false);
  return shl_net_neuron_a_is_zero (net, i) && net->b[i] == 0.0
         && net->c[i] == 0.0;
}

double
shl_net_neuron_kink (const ShlNet *net, int i)
{
  NEURON_CHECK (net, i, NAN);
  const double *a = net->a + (size_t) i * (size_t) net->d;
  double na = shl_net_neuron_norm_a (net, i);
  if (na == 0.0)
    return NAN;
  if (net->d == 1)
    return -net->b[i] / a[0] + 0.0;
  double z0 = net->b[i];
  for (int j = 0; j < net->d; j++)
    z0 += a[j] * 0.5 * (net->lo[j] + net->hi[j]);
  double k = -z0 / na;
  if (isfinite (z0) && isfinite (k) && na >= SAFE_LO && na <= SAFE_HI)
    return k + 0.0;
  /* the same with the unit normal a / |a| (scaled by a power of two
   * first): no overflow in the products, no loss in subnormal ones */
  int e = ilogb (na);
  double nas = ldexp (na, -e);
  double r = ldexp (net->b[i], -e) / nas;
  if (!isfinite (r) || r == 0.0)
    r = net->b[i] / na;
  for (int j = 0; j < net->d; j++)
    r += ldexp (a[j], -e) / nas * (0.5 * net->lo[j] + 0.5 * net->hi[j]);
  return -r + 0.0;
}

double
shl_net_neuron_jump (const ShlNet *net, int i)
{
  NEURON_CHECK (net, i, NAN);
  return net->c[i] * shl_net_neuron_norm_a (net, i);
}

double
shl_net_neuron_imbalance (const ShlNet *net, int i)
{
  NEURON_CHECK (net, i, NAN);
  double nab = shl_net_neuron_norm_ab (net, i), c = net->c[i];
  if (!(c != 0.0 && nab > 0.0))
    return NAN;
  double ratio = fabs (c) / nab;
  if (isfinite (ratio) && ratio >= DBL_MIN)
    return log (ratio);
  return log (fabs (c)) - log (nab);   /* the ratio over- or underflows */
}

/* the range and size of the pre-activation of (a, b) (d) on the box */
static void
preact_range (const double *a, double b, int d, const double *lo,
              const double *hi, double *zmin, double *zmax, double *size)
{
  double l = b, h = b, sz = fabs (b);
  for (int j = 0; j < d; j++)
    {
      double p = a[j] * lo[j], q = a[j] * hi[j];
      l += fmin (p, q);
      h += fmax (p, q);
      sz += fmax (fabs (p), fabs (q));
    }
  *zmin = l;
  *zmax = h;
  *size = sz;
}

void
shl_net_neuron_preact_range (const ShlNet *net, int i, double *zmin,
                             double *zmax, double *size)
{
  SHL_RETURN_IF_FAIL (net != NULL && i >= 0 && i < net->m);
  double lo, hi, sz;
  preact_range (net->a + (size_t) i * (size_t) net->d, net->b[i], net->d,
                net->lo, net->hi, &lo, &hi, &sz);
  if (zmin)
    *zmin = lo;
  if (zmax)
    *zmax = hi;
  if (size)
    *size = sz;
}

ShlKinkPlace
shl_net_neuron_place (const ShlNet *net, int i, double rtol)
{
  NEURON_CHECK (net, i, SHL_KINK_DEAD);
  double zmin, zmax, size;
  shl_net_neuron_preact_range (net, i, &zmin, &zmax, &size);
  if (!isfinite (size) || (size < SAFE_LO && size > 0.0))
    {
      /* the verdict does not change when (a, b) is scaled by a power of
       * two (exactly): scale the largest term of the pre-activation to
       * about 1 so that nothing overflows or underflows */
      const double *a = net->a + (size_t) i * (size_t) net->d;
      int e = net->b[i] != 0.0 ? ilogb (net->b[i]) : INT_MIN;
      for (int j = 0; j < net->d; j++)
        {
          double M = fmax (fabs (net->lo[j]), fabs (net->hi[j]));
          if (a[j] != 0.0 && M > 0.0)
            e = ilogb (a[j]) + ilogb (M) > e ? ilogb (a[j]) + ilogb (M) : e;
        }
      double as[SHL_MAX_DIM];
      for (int j = 0; j < net->d; j++)
        as[j] = ldexp (a[j], -e);
      preact_range (as, ldexp (net->b[i], -e), net->d, net->lo, net->hi,
                    &zmin, &zmax, &size);
    }
  double margin = rtol * size;
  if (zmax <= margin)
    return SHL_KINK_DEAD;
  if (zmin >= -margin)
    return SHL_KINK_AFFINE;
  return SHL_KINK_INSIDE;
}

/* ------------------------------------------------------------ symmetries */

void
shl_net_rescale_neuron (ShlNet *net, int i, double lambda)
{
  SHL_RETURN_IF_FAIL (net != NULL);
  if (i < 0 || i >= net->m || !(lambda > 0.0) || !isfinite (lambda))
    return;
  for (int j = 0; j < net->d; j++)
    net->a[i * net->d + j] *= lambda;
  net->b[i] *= lambda;
  net->c[i] /= lambda;
}

void
shl_net_balance_neuron (ShlNet *net, int i)
{
  SHL_RETURN_IF_FAIL (net != NULL);
  if (i < 0 || i >= net->m)
    return;
  double inner = shl_net_neuron_norm_ab (net, i), outer = fabs (net->c[i]);
  if (inner == 0.0 || outer == 0.0 || !isfinite (inner) || !isfinite (outer))
    return;
  double ratio = outer / inner;
  if (isfinite (ratio) && ratio >= DBL_MIN && inner >= DBL_MIN)
    {
      shl_net_rescale_neuron (net, i, sqrt (ratio));
      return;
    }
  /* The ratio over- or underflows (1e300 against 1e-300), or the norm is
   * subnormal (and so has few digits), but the balanced neuron,
   * |c| = ||(a, b)|| = T = sqrt (|c| ||(a, b)||), is mostly in range. With
   * (a, b) = 2^e (a', b'), the largest entry of (a', b') in [1, 2), and
   * |c| = m 2^k (frexp), T^2 = m ||(a', b')|| 2^(e + k):
   * (a, b) <- T (a', b') / ||(a', b')||, c <- sign (c) T. */
  double *a = net->a + (size_t) i * (size_t) net->d;
  double mx = fabs (net->b[i]);
  for (int j = 0; j < net->d; j++)
    mx = fmax (mx, fabs (a[j]));
  int e = ilogb (mx), k;
  double as[SHL_MAX_DIM], bs = ldexp (net->b[i], -e);
  for (int j = 0; j < net->d; j++)
    as[j] = ldexp (a[j], -e);
  double ns = norm_of (bs, as, net->d);
  double m = frexp (outer, &k), p = m * ns;
  int q = e + k;
  if (q % 2 != 0)
    {
      p *= 2.0;
      q--;
    }
  double t = ldexp (sqrt (p), q / 2);
  for (int j = 0; j < net->d; j++)
    a[j] = as[j] / ns * t;
  net->b[i] = bs / ns * t;
  net->c[i] = copysign (t, net->c[i]);
}

void
shl_net_balance (ShlNet *net)
{
  SHL_RETURN_IF_FAIL (net != NULL);
  for (int i = 0; i < net->m; i++)
    shl_net_balance_neuron (net, i);
}
