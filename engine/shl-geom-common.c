/* shl-geom-common.c: what the 1-D and 2-D passes of shl-geom share: the
 * sort of records by a double key (radix, stable), the exact running
 * maximum of candidates |n / d| (Best), and the test whether two kink
 * coordinates coincide up to rounding (the robust fields, shl-geom.h).
 *
 * Plain C + libm + GMP, no GLib. */
#include "shl-geom-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Sorting                                                                  */

/* the small sorts (events along a line) avoid the malloc */
static void
sort_keyed_small (Keyed *x, size_t n)
{
  for (size_t i = 1; i < n; i++)
    {
      Keyed v = x[i];
      size_t j = i;
      while (j > 0 && key_bits (x[j - 1].key) > key_bits (v.key))
        {
          x[j] = x[j - 1];
          j--;
        }
      x[j] = v;
    }
}

DEFINE_RADIX_SORT (sort_keyed_radix, Keyed, key)

void
shl_geom_sort_keyed (Keyed *x, Keyed *tmp, size_t n)
{
  if (n < 48)
    sort_keyed_small (x, n);
  else
    sort_keyed_radix (x, tmp, n);
}

/* ------------------------------------------------------------------------ */
/* Exact maxima                                                             */

void
shl_geom_best_init (Best *b)
{
  b->have = false;
  b->m = 0.0;
  b->e = 0;
  b->where = b->where2 = -1;
  mpz_init (b->n);
  mpz_init_set_ui (b->d, 1);
}

void
shl_geom_best_clear (Best *b)
{
  mpz_clear (b->n);
  mpz_clear (b->d);
}

/* |n / d| ~ m 2^e with a relative error below 2^-50 */
static void
approx_ratio (const mpz_t n, const mpz_t d, double *m, long *e)
{
  if (mpz_sgn (n) == 0)
    {
      *m = 0.0;
      *e = 0;
      return;
    }
  long en, ed;
  double mn = fabs (mpz_get_d_2exp (&en, n));
  double md = fabs (mpz_get_d_2exp (&ed, d));
  int k;
  *m = frexp (mn / md, &k);
  *e = en - ed + k;
}

/* +1 / -1 if x = m1 2^e1 is clearly above / below y = m2 2^e2, 0 if too
 * close to tell from the approximations */
static int
approx_cmp (double m1, long e1, double m2, long e2)
{
  if (m1 == 0.0 || m2 == 0.0)
    return m1 == m2 ? 0 : (m1 > m2 ? 1 : -1);
  if (e1 > e2 + 1)
    return 1;
  if (e1 < e2 - 1)
    return -1;
  double r = ldexp (m1, (int) (e1 - e2)) / m2;
  if (r > 1.0 + 0x1p-45)
    return 1;
  if (r < 1.0 - 0x1p-45)
    return -1;
  return 0;
}

/* Offer |n / d|: becomes the best if strictly greater (or the first).
 * t1, t2 are scratch. Returns true if it did. */
bool
shl_geom_best_offer (Best *b, const mpz_t n, const mpz_t d, mpz_t t1,
                     mpz_t t2)
{
  double m;
  long e;
  approx_ratio (n, d, &m, &e);
  if (b->have)
    {
      int c = approx_cmp (m, e, b->m, b->e);
      if (c == 0)
        c = shl_exact_cmp_abs_ratio (n, d, b->n, b->d, t1, t2);
      if (c <= 0)
        return false;
    }
  mpz_abs (b->n, n);
  mpz_abs (b->d, d);
  b->m = m;
  b->e = e;
  b->have = true;
  return true;
}

/* the least exponent e0 <= 0 of a set bit over x (n) */
void
shl_geom_low_exp_update (long *e0, double x)
{
  long k = shl_exact_low_exp (x);
  if (k < *e0)
    *e0 = k;
}

/* Offer |n / d| like shl_geom_best_offer; returns 1 if it became the best
 * (or was the first), 0 if it equals the best exactly (the best is kept),
 * -1 if it is smaller. */
int
shl_geom_best_offer_cmp (Best *b, const mpz_t n, const mpz_t d, mpz_t t1,
                         mpz_t t2)
{
  double m;
  long e;
  approx_ratio (n, d, &m, &e);
  if (b->have)
    {
      int c = approx_cmp (m, e, b->m, b->e);
      if (c == 0)
        c = shl_exact_cmp_abs_ratio (n, d, b->n, b->d, t1, t2);
      if (c <= 0)
        return c;
    }
  mpz_abs (b->n, n);
  mpz_abs (b->d, d);
  b->m = m;
  b->e = e;
  b->have = true;
  return 1;
}

/* ------------------------------------------------------------------------ */
/* Kinks that coincide up to rounding (the robust fields, shl-geom.h)       */

/* the gap between |x| and the next double above it (x finite) */
static double
ulp_of (double x)
{
  uint64_t u;
  memcpy (&u, &x, sizeof u);
  int be = (int) ((u >> 52) & 0x7ff); /* |x| in [2^(be-1023), 2^(be-1022)) */
  if (be == 0)
    return 0x1p-1074;
  if (be <= 52)
    return ldexp (1.0, be - 1075);
  u = (uint64_t) (be - 52) << 52; /* 2^(be - 1075) */
  double r;
  memcpy (&r, &u, sizeof r);
  return r;
}

/* |x - y| <= SHL_ROBUST_ULPS ulp (max (|x|, |y|)), decided exactly: the
 * subtraction is exact whenever the answer can be yes (x and y within a
 * factor 2 of each other (Sterbenz), or subnormal); otherwise |x - y| >=
 * max / 2, far above the bound. */
bool
shl_geom_robust_coincide (double x, double y)
{
  double M = fmax (fabs (x), fabs (y));
  if (!isfinite (M))
    return false;
  return fabs (x - y) <= SHL_ROBUST_ULPS * ulp_of (M);
}
