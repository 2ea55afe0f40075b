/* test-exact.c: exact predicates and correct rounding (shl-exact).
 *
 * References: IEEE division and square root are correctly rounded, so the
 * exact rounding of an integer quotient or square root built from doubles
 * must agree with them bit for bit; determinant signs are checked against
 * rational arithmetic (mpq) computed here independently, on inputs built
 * to be nearly or exactly degenerate and across the exponent range. */
#include <float.h>
#include <glib.h>
#include <gmp.h>
#include <math.h>

#include "shl-exact.h"
#include "shl-rng.h"

static int
mpq_sign_det3 (const double *r0, const double *r1, const double *r2)
{
  mpq_t a[9], t, u, acc;
  const double *rows[3] = { r0, r1, r2 };
  for (int i = 0; i < 9; i++)
    {
      mpq_init (a[i]);
      mpq_set_d (a[i], rows[i / 3][i % 3]);
    }
  mpq_inits (t, u, acc, NULL);
  /* Leibniz formula */
  static const int perm[6][3] = { { 0, 1, 2 }, { 1, 2, 0 }, { 2, 0, 1 },
                                   { 0, 2, 1 }, { 2, 1, 0 }, { 1, 0, 2 } };
  for (int p = 0; p < 6; p++)
    {
      mpq_mul (t, a[0 + perm[p][0]], a[3 + perm[p][1]]);
      mpq_mul (t, t, a[6 + perm[p][2]]);
      if (p < 3)
        mpq_add (acc, acc, t);
      else
        mpq_sub (acc, acc, t);
    }
  int s = mpq_sgn (acc);
  for (int i = 0; i < 9; i++)
    mpq_clear (a[i]);
  mpq_clears (t, u, acc, NULL);
  return s;
}

static int
mpq_sign_det2 (double a, double b, double c, double d)
{
  mpq_t x, y, z;
  mpq_inits (x, y, z, NULL);
  mpq_set_d (x, a);
  mpq_set_d (y, d);
  mpq_mul (x, x, y);
  mpq_set_d (y, b);
  mpq_set_d (z, c);
  mpq_mul (y, y, z);
  int s = mpq_cmp (x, y);
  mpq_clears (x, y, z, NULL);
  return (s > 0) - (s < 0);
}

static double
random_double (ShlRng *rng, int emin, int emax)
{
  double m = shl_rng_range (rng, 0.5, 1.0);
  int e = emin + (int) (shl_rng_uniform (rng) * (emax - emin + 1));
  if (e > emax)
    e = emax;
  return (shl_rng_uniform (rng) < 0.5 ? -1 : 1) * ldexp (m, e);
}

static void
test_det_signs (void)
{
  ShlRng rng;
  shl_rng_seed (&rng, 5);
  int n_zero = 0, n_tiny = 0;
  for (int it = 0; it < 20000; it++)
    {
      int kind = it % 5;
      int emin = kind == 4 ? -1000 : (kind == 3 ? -300 : -20);
      int emax = kind == 4 ? 1000 : (kind == 3 ? 300 : 20);
      double r0[3], r1[3], r2[3];
      for (int k = 0; k < 3; k++)
        {
          r0[k] = random_double (&rng, emin, emax);
          r1[k] = random_double (&rng, emin, emax);
        }
      if (kind == 0 || kind == 3)
        {
          /* r2 = alpha r0 + beta r1, rounded: nearly degenerate */
          double al = random_double (&rng, -3, 3), be = random_double (&rng, -3, 3);
          for (int k = 0; k < 3; k++)
            r2[k] = al * r0[k] + be * r1[k];
        }
      else if (kind == 1)
        {
          /* exactly degenerate: small integers, r2 = r0 + 2 r1 */
          for (int k = 0; k < 3; k++)
            {
              r0[k] = (double) (int) shl_rng_range (&rng, -50, 50);
              r1[k] = (double) (int) shl_rng_range (&rng, -50, 50);
              r2[k] = r0[k] + 2 * r1[k];
            }
        }
      else
        for (int k = 0; k < 3; k++)
          r2[k] = random_double (&rng, emin, emax);
      int s = shl_exact_sign_det3 (r0, r1, r2);
      int ref = mpq_sign_det3 (r0, r1, r2);
      if (s != ref)
        g_error ("det3 sign %d, rational %d (iteration %d)", s, ref, it);
      n_zero += ref == 0;
      double approx = fabs (r2[0] * (r0[1] * r1[2] - r1[1] * r0[2]));
      n_tiny += ref != 0 && kind == 0 && approx > 0;

      /* 2x2: a d ~ b c */
      double a = r0[0], b = r0[1], c = r1[0];
      double d = kind == 0 ? b * c / a : r1[1];
      if (s != 0 && kind == 1)
        d = b * c / a;
      int s2 = shl_exact_sign_det2 (a, b, c, d);
      int ref2 = mpq_sign_det2 (a, b, c, d);
      if (s2 != ref2)
        g_error ("det2 sign %d, rational %d (iteration %d)", s2, ref2, it);
    }
  g_test_message ("%d exactly degenerate determinants", n_zero);
  g_assert_cmpint (n_zero, >, 1000);
  /* special values */
  double z[3] = { 0, 0, 0 }, o[3] = { 1, 2, 3 };
  g_assert_cmpint (shl_exact_sign_det3 (z, o, o), ==, 0);
  g_assert_cmpint (shl_exact_sign_det2 (0, 0, 0, 0), ==, 0);
  g_assert_cmpint (shl_exact_sign_det2 (1e308, 1e308, 1e308, 1e308), ==, 0);
  g_assert_cmpint (shl_exact_sign_det2 (1e308, 1e308, 1e308,
                                        nextafter (1e308, INFINITY)), ==, 1);
  g_assert_cmpint (shl_exact_sign_det2 (0x1p-1074, 1, 1, 0), ==, -1);
  g_assert_cmpint (shl_exact_sign_det2 (0x1p-1074, 0x1p-1074, 0x1p-1074,
                                        0x1p-1073), ==, 1);
}

static void
test_rounding (void)
{
  ShlRng rng;
  shl_rng_seed (&rng, 9);
  mpz_t n, d;
  mpz_inits (n, d, NULL);
  for (int it = 0; it < 20000; it++)
    {
      /* a / b with doubles as integers at a common base e0: the exact
       * quotient rounded once must be IEEE's a / b */
      int span = it % 3 == 0 ? 1000 : 60;
      double a = random_double (&rng, -span, span);
      double b = random_double (&rng, -span, span);
      if (it % 7 == 0)
        a = ldexp (shl_rng_range (&rng, 0.5, 1), -1074 + 60); /* subnormal results */
      long e0 = shl_exact_low_exp (a);
      long eb = shl_exact_low_exp (b);
      if (eb < e0)
        e0 = eb;
      shl_exact_set_d (n, a, e0);
      shl_exact_set_d (d, b, e0);
      double q = shl_exact_round_div (n, d, 0);
      if (q != a / b)
        g_error ("%.17g / %.17g: %.17g, IEEE %.17g", a, b, q, a / b);
      /* a itself, and a product of two doubles (exactly representable
       * product bits) against IEEE multiplication */
      g_assert_cmpfloat (shl_exact_round (n, e0), ==, a);
      mpz_mul (n, n, d);
      double p = shl_exact_round (n, 2 * e0);
      if (p != a * b)
        g_error ("%.17g * %.17g: %.17g, IEEE %.17g", a, b, p, a * b);
      /* sqrt (a^2 + b^2) against a correctly rounded hypot computed via
       * the square of a sum of squares: only check sqrt of a double */
      double x = fabs (a);
      long ex = shl_exact_low_exp (x);
      if (ex % 2 != 0)
        ex -= 1;
      shl_exact_set_d (n, x, ex);
      double r = shl_exact_round_sqrt (n, ex);
      if (r != sqrt (x))
        g_error ("sqrt %.17g: %.17g, IEEE %.17g", x, r, sqrt (x));
      /* the cheap approximation: relative error below 2^-52 */
      shl_exact_set_d (n, a, e0);
      double ap = shl_exact_approx (n, e0);
      g_assert_cmpfloat (fabs (ap - a), <=, 0x1p-52 * fabs (a));
    }
  /* overflow, ties to even, underflow */
  mpz_set_ui (n, 1);
  g_assert_true (isinf (shl_exact_round (n, 1024)));
  g_assert_cmpfloat (shl_exact_round (n, 1023), ==, 0x1p1023);
  g_assert_cmpfloat (shl_exact_round (n, -1074), ==, 0x1p-1074);
  g_assert_cmpfloat (shl_exact_round (n, -1075), ==, 0.0);  /* tie: even */
  mpz_set_ui (n, 3);
  g_assert_cmpfloat (shl_exact_round (n, -1076), ==, 0x1p-1074); /* 0.75 ulp */
  mpz_set_ui (n, 1);
  mpz_mul_2exp (n, n, 53);
  mpz_add_ui (n, n, 1); /* 2^53 + 1: halfway, ties to even 2^53 */
  g_assert_cmpfloat (shl_exact_round (n, 0), ==, 0x1p53);
  mpz_add_ui (n, n, 2); /* 2^53 + 3: halfway, to 2^53 + 4 */
  g_assert_cmpfloat (shl_exact_round (n, 0), ==, 0x1p53 + 4);
  mpz_set_ui (n, 1);
  mpz_set_ui (d, 3);
  g_assert_cmpfloat (shl_exact_round_div (n, d, 0), ==, 1.0 / 3.0);
  mpz_set_si (n, -2);
  g_assert_cmpfloat (shl_exact_round_div (n, d, -1074), ==, -0x1p-1074);
  mpz_set_ui (n, 2);
  g_assert_cmpfloat (shl_exact_round_sqrt (n, 0), ==, sqrt (2.0));
  g_assert_true (isinf (shl_exact_round_sqrt (n, 4000)));
  mpz_clears (n, d, NULL);
}

static void
test_low_exp_and_safe (void)
{
  g_assert_cmpint (shl_exact_low_exp (1.0), ==, 0);
  g_assert_cmpint (shl_exact_low_exp (3.0), ==, 0);
  g_assert_cmpint (shl_exact_low_exp (0.75), ==, -2);
  g_assert_cmpint (shl_exact_low_exp (-8.0), ==, 3);
  g_assert_cmpint (shl_exact_low_exp (0x1p-1074), ==, -1074);
  g_assert_cmpint (shl_exact_low_exp (1.0 + DBL_EPSILON), ==, -52);
  g_assert_true (shl_exact_safe (0.0));
  g_assert_true (shl_exact_safe (-1e50));
  g_assert_false (shl_exact_safe (1e300));
  g_assert_false (shl_exact_safe (1e-300));
  g_assert_false (shl_exact_safe (INFINITY));
  g_assert_false (shl_exact_safe (NAN));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/exact/det-signs", test_det_signs);
  g_test_add_func ("/exact/rounding", test_rounding);
  g_test_add_func ("/exact/low-exp-and-safe", test_low_exp_and_safe);
  return g_test_run ();
}
