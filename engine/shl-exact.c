/* shl-exact.c: exact predicates and exactly rounded results (GMP). */
#include "shl-exact.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define U_ROUND 0x1p-53 /* unit roundoff */

bool
shl_exact_safe (double x)
{
  uint64_t u;
  memcpy (&u, &x, sizeof u);
  int be = (int) ((u >> 52) & 0x7ff); /* biased exponent: 2^(be - 1023) */
  return (u << 1) == 0 || (be >= 1023 - 240 && be < 1023 + 240);
}

double
shl_exact_det2_approx (double a, double b, double c, double d)
{
  double w = b * c;
  double e = fma (-b, c, w);  /* w - bc, exactly */
  double f = fma (a, d, -w);
  return f + e;
}

/* ------------------------------------------------------------------------ */
/* Integers from doubles                                                    */

long
shl_exact_low_exp (double x)
{
  uint64_t u;
  memcpy (&u, &x, sizeof u);
  uint64_t frac = u & 0xfffffffffffffull;
  int be = (int) ((u >> 52) & 0x7ff);
  if (be == 0)
    return frac == 0 ? LONG_MAX : -1074 + __builtin_ctzll (frac);
  frac |= 1ull << 52;
  return (long) be - 1075 + __builtin_ctzll (frac);
}

void
shl_exact_set_d (mpz_t z, double x, long e0)
{
  uint64_t u;
  memcpy (&u, &x, sizeof u);
  uint64_t frac = u & 0xfffffffffffffull;
  int be = (int) ((u >> 52) & 0x7ff);
  long k; /* |x| = frac 2^k */
  if (be == 0)
    k = -1074;
  else
    {
      frac |= 1ull << 52;
      k = (long) be - 1075;
    }
  mpz_set_ui (z, (unsigned long) frac);
  if (k > e0)
    mpz_mul_2exp (z, z, (mp_bitcnt_t) (k - e0));
  else if (k < e0)
    mpz_tdiv_q_2exp (z, z, (mp_bitcnt_t) (e0 - k)); /* exact: low zeros */
  if (u >> 63)
    mpz_neg (z, z);
}

/* ------------------------------------------------------------------------ */
/* Predicates                                                               */

static long
min_low_exp (const double *x, int n)
{
  long e0 = LONG_MAX;
  for (int i = 0; i < n; i++)
    {
      long k = shl_exact_low_exp (x[i]);
      if (k < e0)
        e0 = k;
    }
  return e0 == LONG_MAX ? 0 : e0;
}

int
shl_exact_sign_det2 (double a, double b, double c, double d)
{
  if (shl_exact_safe (a) && shl_exact_safe (b) && shl_exact_safe (c)
      && shl_exact_safe (d))
    {
      double r = shl_exact_det2_approx (a, b, c, d);
      return (r > 0.0) - (r < 0.0);
    }
  double x[4] = { a, b, c, d };
  long e0 = min_low_exp (x, 4);
  mpz_t A, B, C, D;
  mpz_inits (A, B, C, D, NULL);
  shl_exact_set_d (A, a, e0);
  shl_exact_set_d (B, b, e0);
  shl_exact_set_d (C, c, e0);
  shl_exact_set_d (D, d, e0);
  mpz_mul (A, A, D);
  mpz_mul (B, B, C);
  int s = mpz_cmp (A, B);
  mpz_clears (A, B, C, D, NULL);
  return (s > 0) - (s < 0);
}

/* ------------------------------------------------------------------------ */
/* Expansion arithmetic (Shewchuk): exact for safe inputs                   */

/* An expansion: a sum of doubles, nonoverlapping, by increasing magnitude,
 * without zeros. Exact as long as no product underflows, which the safe
 * range guarantees for the degrees used here (<= 3). */

static inline void
two_sum (double a, double b, double *x, double *y)
{
  *x = a + b;
  double bv = *x - a, av = *x - bv;
  *y = (a - av) + (b - bv);
}

static inline void
two_prod (double a, double b, double *x, double *y)
{
  *x = a * b;
  *y = fma (a, b, -*x);
}

/* h = e + f (Shewchuk's fast_expansion_sum_zeroelim); returns the length */
static int
exp_sum (int elen, const double *e, int flen, const double *f, double *h)
{
  double Q, Qnew, hh, enow, fnow;
  int ei = 0, fi = 0, hi = 0;
  if (elen == 0)
    {
      for (int k = 0; k < flen; k++)
        h[k] = f[k];
      return flen;
    }
  if (flen == 0)
    {
      for (int k = 0; k < elen; k++)
        h[k] = e[k];
      return elen;
    }
  enow = e[0];
  fnow = f[0];
  if ((fnow > enow) == (fnow > -enow))
    {
      Q = enow;
      enow = ++ei < elen ? e[ei] : 0.0;
    }
  else
    {
      Q = fnow;
      fnow = ++fi < flen ? f[fi] : 0.0;
    }
  if (ei < elen && fi < flen)
    {
      if ((fnow > enow) == (fnow > -enow))
        {
          /* fast_two_sum (enow, Q) */
          Qnew = enow + Q;
          hh = Q - (Qnew - enow);
          enow = ++ei < elen ? e[ei] : 0.0;
        }
      else
        {
          Qnew = fnow + Q;
          hh = Q - (Qnew - fnow);
          fnow = ++fi < flen ? f[fi] : 0.0;
        }
      Q = Qnew;
      if (hh != 0.0)
        h[hi++] = hh;
      while (ei < elen && fi < flen)
        {
          if ((fnow > enow) == (fnow > -enow))
            {
              two_sum (Q, enow, &Qnew, &hh);
              enow = ++ei < elen ? e[ei] : 0.0;
            }
          else
            {
              two_sum (Q, fnow, &Qnew, &hh);
              fnow = ++fi < flen ? f[fi] : 0.0;
            }
          Q = Qnew;
          if (hh != 0.0)
            h[hi++] = hh;
        }
    }
  while (ei < elen)
    {
      two_sum (Q, enow, &Qnew, &hh);
      enow = ++ei < elen ? e[ei] : 0.0;
      Q = Qnew;
      if (hh != 0.0)
        h[hi++] = hh;
    }
  while (fi < flen)
    {
      two_sum (Q, fnow, &Qnew, &hh);
      fnow = ++fi < flen ? f[fi] : 0.0;
      Q = Qnew;
      if (hh != 0.0)
        h[hi++] = hh;
    }
  if (Q != 0.0 || hi == 0)
    h[hi++] = Q;
  return hi;
}

/* h = e b (Shewchuk's scale_expansion_zeroelim); returns the length */
static int
exp_scale (int elen, const double *e, double b, double *h)
{
  double Q, sum, hh, p1, p0;
  int hi = 0;
  if (elen == 0 || b == 0.0)
    return 0;
  two_prod (e[0], b, &Q, &hh);
  if (hh != 0.0)
    h[hi++] = hh;
  for (int k = 1; k < elen; k++)
    {
      two_prod (e[k], b, &p1, &p0);
      two_sum (Q, p0, &sum, &hh);
      if (hh != 0.0)
        h[hi++] = hh;
      /* fast_two_sum (p1, sum): |p1| >= |sum| */
      Q = p1 + sum;
      hh = sum - (Q - p1);
      if (hh != 0.0)
        h[hi++] = hh;
    }
  if (Q != 0.0 || hi == 0)
    h[hi++] = Q;
  return hi;
}

/* h = a d - b c exactly (at most 4 components) */
static int
exp_det2 (double a, double b, double c, double d, double *h)
{
  double p[2], q[2];
  two_prod (a, d, &p[1], &p[0]);
  two_prod (-b, c, &q[1], &q[0]);
  double e[2], f[2];
  int ne = 0, nf = 0;
  if (p[0] != 0.0)
    e[ne++] = p[0];
  if (p[1] != 0.0)
    e[ne++] = p[1];
  if (q[0] != 0.0)
    f[nf++] = q[0];
  if (q[1] != 0.0)
    f[nf++] = q[1];
  return exp_sum (ne, e, nf, f, h);
}

static inline int
exp_sign (int n, const double *h)
{
  double top = n > 0 ? h[n - 1] : 0.0;
  return (top > 0.0) - (top < 0.0);
}

/* det [[r0], [r1], [r2]] for safe inputs, exactly */
static int
det3_expansion (const double *r0, const double *r1, const double *r2)
{
  double nx[4], ny[4], dd[4], t0[8], t1[8], t2[8], u[16], v[24];
  int nnx = exp_det2 (r0[1], r1[1], r0[2], r1[2], nx);
  int nny = exp_det2 (r1[0], r0[0], r1[2], r0[2], ny);
  int ndd = exp_det2 (r0[0], r0[1], r1[0], r1[1], dd);
  int n0 = exp_scale (nnx, nx, r2[0], t0);
  int n1 = exp_scale (nny, ny, r2[1], t1);
  int n2 = exp_scale (ndd, dd, r2[2], t2);
  int nu = exp_sum (n0, t0, n1, t1, u);
  int nv = exp_sum (nu, u, n2, t2, v);
  return exp_sign (nv, v);
}

void
shl_exact_det2_dd (double a, double b, double c, double d, double *hi,
                   double *lo)
{
  double h[4];
  int n = exp_det2 (a, b, c, d, h);
  double x = 0.0, y = 0.0;
  for (int k = 0; k < n; k++)
    {
      /* (x, y) += h[k] */
      double s, e;
      two_sum (x, h[k], &s, &e);
      e += y;
      x = s + e;
      y = e - (x - s);
    }
  *hi = x;
  *lo = y;
}

int
shl_exact_sign_det3 (const double *r0, const double *r1, const double *r2)
{
  bool safe = true;
  for (int i = 0; i < 3; i++)
    safe = safe && shl_exact_safe (r0[i]) && shl_exact_safe (r1[i])
           && shl_exact_safe (r2[i]);
  if (safe)
    {
      /* cofactors along the last row, each with a relative error <= 2u */
      double nx = shl_exact_det2_approx (r0[1], r1[1], r0[2], r1[2]);
      double ny = shl_exact_det2_approx (r1[0], r0[0], r1[2], r0[2]);
      double dd = shl_exact_det2_approx (r0[0], r0[1], r1[0], r1[1]);
      double t = fma (r2[0], nx, fma (r2[1], ny, r2[2] * dd));
      double perm = fabs (r2[0] * nx) + fabs (r2[1] * ny) + fabs (r2[2] * dd);
      double bound = 6.0 * U_ROUND * perm;
      if (t > bound)
        return 1;
      if (t < -bound)
        return -1;
      if (perm == 0.0)
        return 0;
      /* a second filter in double-double: the cofactors as ph + pl with
       * |error| <= 2^-103 of their terms, combined with error terms */
      double ch[3], cl[3], ce[3];
      const double *A[3][4] = { { &r0[1], &r1[1], &r0[2], &r1[2] },
                                { &r1[0], &r0[0], &r1[2], &r0[2] },
                                { &r0[0], &r0[1], &r1[0], &r1[1] } };
      for (int k = 0; k < 3; k++)
        {
          double a = *A[k][0], b = *A[k][1], c = *A[k][2], d = *A[k][3];
          double p = a * d, pe = fma (a, d, -p);
          double q = b * c, qe = fma (b, c, -q);
          double x, y;
          two_sum (p, -q, &x, &y);
          y += pe - qe;
          ch[k] = x + y;
          cl[k] = y - (ch[k] - x);
          ce[k] = 0x1p-103 * (fabs (p) + fabs (q));
        }
      /* sum of r2[k] (ch[k] + cl[k]): each product exact as two terms,
       * then an expansion-free sum with a bound */
      double sh = 0.0, sl = 0.0, err = 0.0, mag = 0.0;
      for (int k = 0; k < 3; k++)
        {
          double ph, pe2;
          two_prod (r2[k], ch[k], &ph, &pe2);
          double tl = fma (r2[k], cl[k], pe2);
          double x, y;
          two_sum (sh, ph, &x, &y);
          sl += y + tl;
          sh = x;
          err += fabs (r2[k]) * ce[k];
          mag += fabs (ph) + fabs (tl);
        }
      double total = sh + sl;
      double bound2 = err + 0x1p-100 * mag;
      if (total > bound2)
        return 1;
      if (total < -bound2)
        return -1;
      return det3_expansion (r0, r1, r2);
    }
  double x[9] = { r0[0], r0[1], r0[2], r1[0], r1[1], r1[2],
                  r2[0], r2[1], r2[2] };
  long e0 = min_low_exp (x, 9);
  mpz_t z[9], m, acc;
  for (int i = 0; i < 9; i++)
    {
      mpz_init (z[i]);
      shl_exact_set_d (z[i], x[i], e0);
    }
  mpz_inits (m, acc, NULL);
  /* r2[0] (r0[1] r1[2] - r1[1] r0[2]) */
  mpz_mul (m, z[1], z[5]);
  mpz_submul (m, z[4], z[2]);
  mpz_mul (acc, z[6], m);
  /* r2[1] (r1[0] r0[2] - r0[0] r1[2]) */
  mpz_mul (m, z[3], z[2]);
  mpz_submul (m, z[0], z[5]);
  mpz_addmul (acc, z[7], m);
  /* r2[2] (r0[0] r1[1] - r0[1] r1[0]) */
  mpz_mul (m, z[0], z[4]);
  mpz_submul (m, z[1], z[3]);
  mpz_addmul (acc, z[8], m);
  int s = mpz_sgn (acc);
  for (int i = 0; i < 9; i++)
    mpz_clear (z[i]);
  mpz_clears (m, acc, NULL);
  return s;
}

/* ------------------------------------------------------------------------ */
/* Rounding                                                                 */

/* The double nearest to sign (q + s) 2^ex, q > 0, where s = 0 if !sticky
 * and 0 < s < 1 otherwise. q is clobbered. With sticky, q must have at
 * least 56 bits (then the rounding position lies above bit 2 of q). */
static double
round_core (mpz_t q, bool sticky, long ex, int sign)
{
  long n = (long) mpz_sizeinbase (q, 2);
  long top = n - 1 + ex;
  if (top > 1023)
    return sign * INFINITY;
  long lsb = top - 52;
  if (lsb < -1074)
    lsb = -1074;
  long shift = lsb - ex;
  if (shift <= 0)
    {
      /* q fits in 53 bits at or above the last place: exact */
      double m = mpz_get_d (q);
      return sign * ldexp (m, (int) ex);
    }
  bool half = mpz_tstbit (q, (mp_bitcnt_t) (shift - 1));
  bool below = sticky || (long) mpz_scan1 (q, 0) < shift - 1;
  mpz_tdiv_q_2exp (q, q, (mp_bitcnt_t) shift);
  if (half && (below || mpz_odd_p (q)))
    mpz_add_ui (q, q, 1);
  double m = mpz_get_d (q); /* at most 2^53: exact */
  return sign * ldexp (m, (int) lsb);
}

double
shl_exact_round (const mpz_t z, long base)
{
  int sign = mpz_sgn (z);
  if (sign == 0)
    return 0.0;
  long n = (long) mpz_sizeinbase (z, 2);
  if (n - 1 + base > 1023)
    return sign * INFINITY;
  if (n - 1 + base < -1080)
    return sign * 0.0;
  mpz_t q;
  mpz_init (q);
  mpz_abs (q, z);
  double r = round_core (q, false, base, sign);
  mpz_clear (q);
  return r;
}

double
shl_exact_round_div (const mpz_t n, const mpz_t d, long base)
{
  int sign = mpz_sgn (n) * mpz_sgn (d);
  if (sign == 0)
    return 0.0;
  long bn = (long) mpz_sizeinbase (n, 2), bd = (long) mpz_sizeinbase (d, 2);
  /* |n / d| lies in (2^(bn - bd - 1), 2^(bn - bd + 1)) */
  if (bn - bd - 1 + base > 1023)
    return sign * INFINITY;
  if (bn - bd + 1 + base < -1080)
    return sign * 0.0;
  long s = 57 - (bn - bd);
  if (s < 0)
    s = 0;
  mpz_t q, r;
  mpz_inits (q, r, NULL);
  mpz_abs (q, n);
  mpz_mul_2exp (q, q, (mp_bitcnt_t) s);
  mpz_abs (r, d);
  mpz_tdiv_qr (q, r, q, r);
  bool sticky = mpz_sgn (r) != 0;
  double res = round_core (q, sticky, base - s, sign);
  mpz_clears (q, r, NULL);
  return res;
}

double
shl_exact_round_sqrt (const mpz_t z, long base)
{
  if (mpz_sgn (z) <= 0)
    return mpz_sgn (z) == 0 ? 0.0 : NAN;
  long n = (long) mpz_sizeinbase (z, 2);
  long k = 57 - n / 2;
  if (k < 0)
    k = 0;
  mpz_t q, r;
  mpz_inits (q, r, NULL);
  mpz_mul_2exp (q, z, (mp_bitcnt_t) (2 * k));
  mpz_sqrtrem (q, r, q);
  bool sticky = mpz_sgn (r) != 0;
  double res = round_core (q, sticky, base / 2 - k, 1);
  mpz_clears (q, r, NULL);
  return res;
}

void
shl_exact_round_dd (const mpz_t z, long base, double *hi, double *lo)
{
  *hi = shl_exact_round (z, base);
  *lo = 0.0;
  if (!isfinite (*hi) || *hi == 0.0)
    return;
  mpz_t t;
  mpz_init (t);
  long k = shl_exact_low_exp (*hi);
  if (k >= base)
    {
      shl_exact_set_d (t, *hi, base);
      mpz_sub (t, z, t);
      *lo = shl_exact_round (t, base);
    }
  mpz_clear (t);
}

double
shl_exact_approx (const mpz_t z, long base)
{
  long e;
  double d = mpz_get_d_2exp (&e, z);
  long t = e + base;
  if (t > 4000)
    t = 4000;
  if (t < -4000)
    t = -4000;
  return ldexp (d, (int) t);
}

int
shl_exact_cmp_abs_ratio (const mpz_t n1, const mpz_t d1, const mpz_t n2,
                         const mpz_t d2, mpz_t tmp1, mpz_t tmp2)
{
  mpz_mul (tmp1, n1, d2);
  mpz_mul (tmp2, n2, d1);
  int s = mpz_cmpabs (tmp1, tmp2);
  return (s > 0) - (s < 0);
}
