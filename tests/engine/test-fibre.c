/* test-fibre.c: distances to the fibre against theory.md 3 and 4; the
 * sparse assignments against the dense reference; the combined report
 * against the separate functions. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "shl-paramdist.h"
#include "shl-fibre.h"
#include "shl-geom.h"
#include "shl-symmetry.h"
#include "shl-test.h"

static ShlNet *
net1 (int m, const double *abc)
{
  ShlNet *n = shl_net_new (m, 1, NULL, NULL);
  for (int i = 0; i < m; i++)
    {
      n->a[i] = abc[3 * i];
      n->b[i] = abc[3 * i + 1];
      n->c[i] = abc[3 * i + 2];
    }
  return n;
}

static ShlFibreDistance
fib (const ShlNet *gamma, const ShlNet *g)
{
  ShlFibreDistance f;
  g_assert_true (shl_fibre_distance (&f, gamma, g));
  g_assert_cmpfloat (f.lower, <=, f.upper);
  return f;
}

/* P0: the uniform norm is too weak */
static void
test_p0 (void)
{
  for (int n = 1; n <= 20; n++)
    {
      ShlNet *gamma = net1 (2, (double[]) { 0, 0, 0, 0, 0, 0 });
      ShlNet *g = net1 (2, (double[]) { 1, 0, 1, 1, -1.0 / n, -1 });
      ShlFibreDistance f = fib (gamma, g);
      shl_assert_close (f.eps_sup, 1.0 / n, 1e-12, 0);
      shl_assert_close (f.eps, 1.0, 1e-12, 0);
      shl_assert_close (f.upper, 1.0, 1e-12, 0);   /* d_fib = 1 for every n */
      g_assert_cmpfloat (f.lower, <=, 1.0);
      shl_net_free (gamma);
      shl_net_free (g);
    }
}

/* P1: an unbalanced neuron */
static void
test_p1 (void)
{
  const double eps_list[] = { 1e-1, 1e-2, 1e-3, 1e-4 };
  for (unsigned k = 0; k < G_N_ELEMENTS (eps_list); k++)
    {
      double e = eps_list[k];
      ShlNet *g = net1 (1, (double[]) { 1, -0.5, e });
      ShlNet *gamma = net1 (1, (double[]) { 1, 0, e });
      ShlFibreDistance f = fib (gamma, g);
      shl_assert_close (f.eps, e, 1e-12, 1e-14);
      shl_assert_close (f.upper, 1.0 / 3.0, 1e-3, 0);   /* ≈ 1/3 */
      /* the balanced start: ((sqrt 3 - 1)/2) sqrt(eps) over all
       * parametrizations, ≈ 0.473 sqrt(eps) in the restricted set */
      ShlNet *bal = net1 (1, (double[]) { sqrt (e), 0, sqrt (e) });
      f = fib (bal, g);
      shl_assert_close (f.upper, (sqrt (3.0) - 1) / 2 * sqrt (e), 1e-3, 0);
      double lam = sqrt (e / sqrt (1.25));
      shl_assert_close (f.restricted, lam / 2, 1e-12, 0);
      shl_assert_close (f.restricted / sqrt (e), 0.473, 1e-3, 0);
      g_assert_cmpfloat (f.restricted, <=, f.bound);
      shl_net_free (g);
      shl_net_free (gamma);
      shl_net_free (bal);
    }
}

/* P2: two neurons in the same direction */
static void
test_p2 (void)
{
  for (double e = 0.1; e > 1e-5; e /= 10)
    {
      ShlNet *gamma = net1 (2, (double[]) { 1, 0, 1, 1, 0, 1 });
      ShlNet *g = net1 (2, (double[]) { 1, 0, 2, 1, -0.5, e });
      ShlFibreDistance f = fib (gamma, g);
      shl_assert_close (f.eps, e, 1e-12, 1e-14);
      double truth = fmax (sqrt (2.0) - 1, 1 - sqrt (e));
      g_assert_cmpfloat (f.lower, <=, truth + 1e-12);
      g_assert_cmpfloat (f.upper, >=, truth - 1e-12);
      /* after merging Γ into the restricted set: ~sqrt(eps) (the balanced
       * neuron at 1/2 has c = (eps sqrt 1.25)^{1/2}) */
      ShlNet *k = shl_canonicalize (gamma, 2);
      f = fib (k, g);
      shl_assert_close (f.restricted, sqrt (e * sqrt (1.25)), 1e-12, 0);
      shl_net_free (k);
      shl_net_free (gamma);
      shl_net_free (g);
    }
}

/* P3: opposite directions cancel */
static void
test_p3 (void)
{
  for (double e = 0.1; e > 1e-5; e /= 10)
    {
      ShlNet *gamma = net1 (2, (double[]) { 1, 0, 1, -1, 0, -1 });
      ShlNet *g = net1 (2, (double[]) { 1, 0, 1, -1, 0, -1 });
      ShlNet *g2 = shl_net_new (3, 1, NULL, NULL);
      /* g = x + e relu(x - 1/2) */
      g2->a[0] = 1, g2->c[0] = 1, g2->a[1] = -1, g2->c[1] = -1;
      g2->a[2] = 1, g2->b[2] = -0.5, g2->c[2] = e;
      ShlFibreDistance f = fib (gamma, g2);
      shl_assert_close (f.eps, e, 1e-12, 1e-14);
      g_assert_cmpfloat (f.lower, <=, 0.5);        /* d_fib = 1/2 */
      g_assert_cmpfloat (f.upper, >=, 0.5 - 1e-12);
      shl_net_free (gamma);
      shl_net_free (g);
      shl_net_free (g2);
    }
}

/* P4: a kink outside the domain */
static void
test_p4 (void)
{
  for (double K = 1; K <= 100; K *= 10)
    {
      ShlNet *gamma = net1 (1, (double[]) { 1, -K, 1 });
      ShlNet *g = net1 (1, (double[]) { 1, 0, 1e-3 });
      ShlFibreDistance f = fib (gamma, g);
      shl_assert_close (f.eps, 1e-3, 1e-12, 0);
      shl_assert_close (f.upper, K, 1e-12, 0);     /* d_fib = K */
      g_assert_cmpfloat (f.lower, <=, K);
      shl_net_free (gamma);
      shl_net_free (g);
    }
}

/* inverse stability in the restricted set: on random 1-D instances the
 * exact distance stays within the proven bound */
static void
test_bound_random (void)
{
  double worst = 0;
  for (guint64 seed = 1; seed <= 300; seed++)
    {
      ShlNet *base = shl_test_random_net (6, 1, seed);
      ShlNet *gamma = shl_canonicalize (base, 6);
      ShlNet *g = shl_net_copy (gamma);
      ShlRng rng;
      shl_rng_seed (&rng, seed + 1000);
      double scale = pow (10.0, -1 - 4 * shl_rng_uniform (&rng));
      for (size_t k = 0; k < g->n_params; k++)
        g->theta[k] += scale * shl_rng_normal (&rng);
      ShlFibreDistance f = fib (gamma, g);
      if (isfinite (f.restricted) && f.eps > 0)
        {
          g_assert_cmpfloat (f.restricted, <=, f.bound * (1 + 1e-9));
          worst = fmax (worst, f.restricted / (sqrt (f.eps) + f.eps));
        }
      shl_net_free (base);
      shl_net_free (gamma);
      shl_net_free (g);
    }
  g_test_message ("worst d_fib / (sqrt(eps) + eps) = %.3f (bound %.2f)", worst,
                  (2 + sqrt (2)) * pow (2.0, 0.25));
}

static void
test_identity_and_errors (void)
{
  ShlNet *raw = shl_test_random_net (5, 2, 3);
  ShlNet *gamma = shl_canonicalize (raw, 5);
  shl_net_free (raw);
  ShlFibreDistance f = fib (gamma, gamma);
  shl_assert_close (f.restricted, 0, 0, 1e-12);
  shl_assert_close (f.upper, 0, 0, 1e-12);
  ShlNet *one = shl_test_random_net (3, 1, 1);
  g_assert_false (shl_fibre_distance (&f, gamma, one));
  /* a function that needs more neurons than Γ has: the restricted fibre
   * at Γ's width is empty */
  ShlNet *small = shl_net_new (1, 1, NULL, NULL);
  ShlNet *wide = net1 (3, (double[]) { 1, 0, 1, 1, -0.5, 1, 1, 0.5, 1 });
  g_assert_true (shl_fibre_distance (&f, small, wide));
  g_assert_true (isinf (f.restricted));
  g_assert_cmpint (f.kappa_width, ==, 3);
  shl_net_free (small);
  shl_net_free (wide);
  shl_net_free (one);
  shl_net_free (gamma);
}

/* Γ and g of several kinds (restricted or not, g near Γ or not, widths
 * equal or not): the report with the sparse solvers and with the dense
 * matrices (SHL_DISTANCE_DENSE) gives the same numbers; at the default
 * the same again (and the same as the separate functions). */
static void
test_sparse_vs_dense (void)
{
  const int widths[][2] = { { 40, 40 }, { 60, 35 }, { 30, 45 }, { 120, 120 } };
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    for (int d = 1; d <= 2; d++)
      for (int kind = 0; kind < 3; kind++)
        {
          guint64 seed = 100 * w + 10 * d + kind;
          ShlNet *raw = shl_test_random_net (widths[w][0], d, seed);
          ShlNet *gamma = kind == 0 ? shl_canonicalize (raw, widths[w][0])
                                    : shl_net_copy (raw);
          ShlNet *g;
          if (kind == 2)
            {
              /* g near Γ: perturbed */
              g = shl_net_copy (gamma);
              ShlRng rng;
              shl_rng_seed (&rng, seed);
              for (size_t k = 0; k < g->n_params; k++)
                g->theta[k] += 1e-3 * shl_rng_normal (&rng);
            }
          else
            g = shl_test_random_net (widths[w][1], d, seed + 7);
          ShlDistanceReport r, rd;
          g_assert_true (shl_distance_report (&r, gamma, g, SHL_DISTANCE_ALL
                                                            | SHL_DISTANCE_SPARSE));
          g_assert_true (shl_distance_report (&rd, gamma, g, SHL_DISTANCE_ALL
                                                             | SHL_DISTANCE_DENSE));
          g_assert_cmpuint (r.parts, ==, SHL_DISTANCE_ALL);
          g_assert_cmpfloat (r.fibre.restricted, ==, rd.fibre.restricted);
          g_assert_cmpfloat (r.fibre.upper, ==, rd.fibre.upper);
          g_assert_cmpfloat (r.fibre.lower, ==, rd.fibre.lower);
          g_assert_cmpfloat (r.param_sym, ==, rd.param_sym);
          shl_assert_close (r.param_sym_l2, rd.param_sym_l2, 1e-12, 1e-14);
          g_assert_cmpfloat (r.real.sup, ==, rd.real.sup);
          g_assert_cmpfloat (r.real.w1inf_2, ==, rd.real.w1inf_2);

          /* the default report agrees with the separate functions */
          g_assert_true (shl_distance_report (&r, gamma, g, SHL_DISTANCE_ALL));
          ShlFibreDistance f;
          g_assert_true (shl_fibre_distance (&f, gamma, g));
          g_assert_cmpfloat (f.restricted, ==, r.fibre.restricted);
          g_assert_cmpfloat (f.upper, ==, r.fibre.upper);
          g_assert_cmpfloat (f.lower, ==, r.fibre.lower);
          g_assert_cmpfloat (f.eps, ==, r.fibre.eps);
          g_assert_cmpint (f.kappa_width, ==, r.fibre.kappa_width);
          ShlDistances D;
          g_assert_true (shl_realization_distance (&D, gamma, g, NULL, NULL));
          g_assert_cmpfloat (D.sup, ==, r.real.sup);
          g_assert_cmpfloat (D.w1inf_max, ==, r.real.w1inf_max);
          g_assert_cmpfloat (shl_param_distance_sym (gamma, g), ==, r.param_sym);
          g_assert_cmpfloat (shl_param_distance_sym_l2 (gamma, g), ==,
                             r.param_sym_l2);
          g_assert_true (r.restricted_a == shl_net_is_restricted (gamma, 1e-9));
          g_assert_true (r.restricted_b == shl_net_is_restricted (g, 1e-9));
          if (kind == 0)
            g_assert_true (r.restricted_a);
          shl_net_free (raw);
          shl_net_free (gamma);
          shl_net_free (g);
        }
}

/* Only some parts: the others stay NAN / false. */
static void
test_report_parts (void)
{
  ShlNet *a = shl_test_random_net (30, 1, 1), *b = shl_test_random_net (28, 1, 2);
  ShlDistanceReport r;
  g_assert_true (shl_distance_report (&r, a, b, SHL_DISTANCE_REALIZATION));
  g_assert_cmpuint (r.parts, ==, SHL_DISTANCE_REALIZATION);
  g_assert_true (isfinite (r.real.sup) && isfinite (r.real.w1inf_2));
  g_assert_true (isnan (r.param_sym) && isnan (r.param_sym_l2));
  g_assert_true (isnan (r.fibre.upper));
  g_assert_true (shl_distance_report (&r, a, b, SHL_DISTANCE_PARAMETERS));
  g_assert_true (isnan (r.real.sup) && isnan (r.param_raw)); /* widths differ */
  g_assert_true (isfinite (r.param_sym) && isfinite (r.param_sym_l2));
  g_assert_true (isnan (r.fibre.restricted));
  g_assert_true (shl_distance_report (&r, a, b, SHL_DISTANCE_FIBRE));
  g_assert_true (r.fibre_ok && isfinite (r.fibre.upper));
  g_assert_true (isnan (r.param_sym_l2));
  ShlNet *c = shl_test_random_net (3, 2, 3);
  g_assert_false (shl_distance_report (&r, a, c, SHL_DISTANCE_ALL));
  g_assert_false (shl_distance_report (NULL, a, b, SHL_DISTANCE_ALL));
  shl_net_free (a);
  shl_net_free (b);
  shl_net_free (c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fibre/p0-uniform-norm-too-weak", test_p0);
  g_test_add_func ("/fibre/p1-unbalanced", test_p1);
  g_test_add_func ("/fibre/p2-same-direction", test_p2);
  g_test_add_func ("/fibre/p3-cancelling-pair", test_p3);
  g_test_add_func ("/fibre/p4-kink-outside", test_p4);
  g_test_add_func ("/fibre/bound-random-1d", test_bound_random);
  g_test_add_func ("/fibre/identity-and-errors", test_identity_and_errors);
  g_test_add_func ("/fibre/sparse-vs-dense", test_sparse_vs_dense);
  g_test_add_func ("/fibre/report-parts", test_report_parts);
  return g_test_run ();
}
