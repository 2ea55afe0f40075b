/* test-pathology.c: the gallery's presets have the numbers of theory.md 3. */
#include <glib.h>
#include <math.h>

#include "shl-fibre.h"
#include "shl-geom.h"
#include "shl-pathology.h"
#include "shl-test.h"

static void
test_table (void)
{
  int n;
  const ShlPathology *t = shl_pathologies (&n);
  g_assert_cmpint (n, >=, 8);
  for (int k = 0; k < n; k++)
    {
      g_assert_true (shl_pathology_lookup (t[k].id) == &t[k]);
      g_assert_cmpfloat (t[k].param_min, <=, t[k].param_default);
      g_assert_cmpfloat (t[k].param_default, <=, t[k].param_max);
      g_assert_cmpuint (strlen (t[k].explanation), >, 80);
      ShlNet *gamma, *g;
      g_assert_true (shl_pathology_build (&gamma, &g, t[k].id, t[k].param_default));
      g_assert_cmpint (gamma->d, ==, t[k].d);
      g_assert_cmpint (g->d, ==, t[k].d);
      shl_net_free (gamma);
      shl_net_free (g);
    }
  ShlNet *a, *b;
  g_assert_false (shl_pathology_build (&a, &b, "p9", 1));
}

static void
check (const char *id, double p, double eps_sup, double eps, double fib_lo, double fib_hi)
{
  ShlNet *gamma, *g;
  g_assert_true (shl_pathology_build (&gamma, &g, id, p));
  ShlFibreDistance f;
  g_assert_true (shl_fibre_distance (&f, gamma, g));
  if (!isnan (eps_sup))
    shl_assert_close (f.eps_sup, eps_sup, 1e-9, 1e-12);
  if (!isnan (eps))
    shl_assert_close (f.eps, eps, 1e-9, 1e-12);
  g_assert_cmpfloat (f.lower, <=, fib_hi + 1e-12);
  g_assert_cmpfloat (f.upper, >=, fib_lo - 1e-12);
  shl_net_free (gamma);
  shl_net_free (g);
}

static void
test_numbers (void)
{
  /* id, parameter, sup, W1inf, d_fib (interval it must be consistent with) */
  check ("p0", 10, 0.1, 1, 1, 1);
  check ("p0", 1000, 1e-3, 1, 1, 1);
  check ("p1", 1e-2, NAN, 1e-2, 1.0 / 3 - 1e-3, 1.0 / 3 + 1e-3);
  check ("p2", 1e-2, NAN, 1e-2, 0.9, 0.9);
  check ("p3", 1e-3, NAN, 1e-3, 0.5, 0.5);
  check ("p4", 10, 1e-3, 1e-3, 10, 10);
  check ("rescale", 5, 0, 0, 0, 0);
  check ("invisible-1d", 0.7, 0, 0, 0, 0);
  check ("invisible-1d", -0.3, 0, 0, 0, 0);
  check ("invisible-2d", 0.3, 0, 0, 0, 0);
  /* the published experiment on [-10, 10]: relu(x) - relu(x - b) is b
   * away from 0 in the sup norm, 1 in W1inf */
  check ("experiment", 2, 2, 2, 0, INFINITY);
  check ("experiment", 0.5, 0.5, 1, 0, INFINITY);
  /* the dead neuron computes 0: sup distance to ρ(x) is 1 */
  check ("dead", 1, 1, 1, 0, INFINITY);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pathology/table", test_table);
  g_test_add_func ("/pathology/numbers", test_numbers);
  return g_test_run ();
}
