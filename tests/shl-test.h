/* shl-test.h: small helpers shared by the test programs (header-only). */
#pragma once

#include <glib.h>
#include <math.h>

#include "shl-net.h"
#include "shl-rng.h"

/* |x - y| <= atol + rtol * max(|x|, |y|) */
static inline gboolean
shl_test_close (double x, double y, double rtol, double atol)
{
  if (isnan (x) || isnan (y))
    return FALSE;
  if (x == y)
    return TRUE;
  return fabs (x - y) <= atol + rtol * fmax (fabs (x), fabs (y));
}

#define shl_assert_close(x, y, rtol, atol)                                   \
  G_STMT_START {                                                             \
    double shl__x = (x), shl__y = (y);                                       \
    if (!shl_test_close (shl__x, shl__y, (rtol), (atol)))                    \
      g_error ("%s:%d: %s = %.17g, %s = %.17g (rtol %g, atol %g)", __FILE__, \
               __LINE__, #x, shl__x, #y, shl__y, (double) (rtol),            \
               (double) (atol));                                             \
  } G_STMT_END

/* A random network: a ~ N(0,1), kinks through uniform points of the
 * domain, c ~ N(0,1), e and v ~ N(0, 0.25). */
static inline ShlNet *
shl_test_random_net (int m, int d, guint64 seed)
{
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  ShlNet *net = shl_net_new (m, d, NULL, NULL);
  shl_net_init_random (net, SHL_INIT_HE, &rng);
  for (int i = 0; i < m; i++)
    net->c[i] = shl_rng_normal (&rng);
  *net->e = 0.5 * shl_rng_normal (&rng);
  for (int j = 0; j < d; j++)
    net->v[j] = 0.5 * shl_rng_normal (&rng);
  return net;
}
