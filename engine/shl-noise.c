/* shl-noise.c: when a computed value is rounding noise (see shl-noise.h). */
#include "shl-noise.h"

#include <float.h>
#include <math.h>

#include "shl-check.h"

double
shl_noise_tol (int m, double magnitude)
{
  return SHL_NOISE_ULPS * ((m > 0 ? m : 0) + 2) * DBL_EPSILON * magnitude;
}

double
shl_net_value_scale (const ShlNet *net)
{
  SHL_RETURN_VAL_IF_FAIL (net != NULL, NAN);
  const int d = net->d;
  double D[SHL_MAX_DIM], s = fabs (*net->e);
  for (int j = 0; j < d; j++)
    {
      D[j] = fmax (fabs (net->lo[j]), fabs (net->hi[j]));
      s += fabs (net->v[j]) * D[j];
    }
  for (int i = 0; i < net->m; i++)
    {
      double z = fabs (net->b[i]);
      for (int j = 0; j < d; j++)
        z += fabs (net->a[(size_t) i * d + j]) * D[j];
      s += fabs (net->c[i]) * z;
    }
  return s;
}

bool
shl_noise_is_zero_distance (double distance, const ShlNet *f, const ShlNet *g)
{
  SHL_RETURN_VAL_IF_FAIL (f != NULL && g != NULL, false);
  double scale = shl_net_value_scale (f) + shl_net_value_scale (g);
  return distance <= shl_noise_tol (f->m + g->m, scale);
}

double
shl_net_slope_scale (const ShlNet *net)
{
  SHL_RETURN_VAL_IF_FAIL (net != NULL, NAN);
  const int d = net->d;
  double v = 0.0, s = 0.0;
  for (int j = 0; j < d; j++)
    v = hypot (v, net->v[j]);
  for (int i = 0; i < net->m; i++)
    {
      double a = 0.0;
      for (int j = 0; j < d; j++)
        a = hypot (a, net->a[(size_t) i * d + j]);
      s += fabs (net->c[i]) * a;
    }
  return s + v;
}

bool
shl_noise_is_zero_slope_distance (double distance, const ShlNet *f, const ShlNet *g)
{
  SHL_RETURN_VAL_IF_FAIL (f != NULL && g != NULL, false);
  double scale = shl_net_slope_scale (f) + shl_net_slope_scale (g);
  return distance <= shl_noise_tol (f->m + g->m, scale);
}
