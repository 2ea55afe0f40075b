/* test-net.c: storage, evaluation, initialisation and rescaling. */
#include <glib.h>
#include <math.h>

#include "shl-check.h"
#include "shl-net.h"
#include "shl-test.h"

static void
test_layout (void)
{
  g_assert_cmpuint (shl_net_n_params (3, 2), ==, 3 * 2 + 6 + 1 + 2);
  ShlNet *net = shl_net_new (3, 2, NULL, NULL);
  g_assert_nonnull (net);
  g_assert_true (net->a == net->theta);
  g_assert_true (net->b == net->theta + 6);
  g_assert_true (net->c == net->theta + 9);
  g_assert_true (net->e == net->theta + 12);
  g_assert_true (net->v == net->theta + 13);
  g_assert_cmpfloat (net->lo[0], ==, -1.0);
  g_assert_cmpfloat (net->hi[1], ==, 1.0);
  for (size_t k = 0; k < net->n_params; k++)
    g_assert_cmpfloat (net->theta[k], ==, 0.0);
  shl_net_free (net);

  double lo = 2.0, hi = 1.0;
  g_assert_null (shl_net_new (2, 1, &lo, &hi));
  g_assert_null (shl_net_new (2, 3, NULL, NULL));
  g_assert_null (shl_net_new (-1, 1, NULL, NULL));
  ShlNet *empty = shl_net_new (0, 1, NULL, NULL);
  g_assert_nonnull (empty);
  *empty->e = 0.5;
  double x = 0.3;
  g_assert_cmpfloat (shl_net_eval1 (empty, &x), ==, 0.5);
  shl_net_free (empty);
}

static void
test_hand_values_1d (void)
{
  /* f(x) = 2 relu(x - 0.5) - relu(-x) + 0.25 x + 1 */
  ShlNet *net = shl_net_new (2, 1, NULL, NULL);
  net->a[0] = 1.0, net->b[0] = -0.5, net->c[0] = 2.0;
  net->a[1] = -1.0, net->b[1] = 0.0, net->c[1] = -1.0;
  *net->e = 1.0;
  net->v[0] = 0.25;
  const double x[] = { -1.0, -0.5, 0.0, 0.25, 0.5, 0.75, 1.0 };
  const double f_exp[] = { -0.25, 0.375, 1.0, 1.0625, 1.125, 1.6875, 2.25 };
  /* relu'(0) = 0: at x = 0 the second neuron is off, at 0.5 the first */
  const double df_exp[] = { 1.25, 1.25, 0.25, 0.25, 0.25, 2.25, 2.25 };
  double f[7], df[7];
  shl_net_eval (f, df, net, x, 7);
  for (int k = 0; k < 7; k++)
    {
      shl_assert_close (f[k], f_exp[k], 1e-15, 1e-15);
      shl_assert_close (df[k], df_exp[k], 1e-15, 1e-15);
      shl_assert_close (shl_net_eval1 (net, &x[k]), f_exp[k], 1e-15, 1e-15);
    }
  shl_net_free (net);
}

static void
test_hand_values_2d (void)
{
  /* f(x) = relu(x1 + 2 x2 - 1) - 3 relu(-x1) + x2 - 0.5 */
  ShlNet *net = shl_net_new (2, 2, NULL, NULL);
  net->a[0] = 1, net->a[1] = 2, net->b[0] = -1, net->c[0] = 1;
  net->a[2] = -1, net->a[3] = 0, net->b[1] = 0, net->c[1] = -3;
  *net->e = -0.5;
  net->v[1] = 1.0;
  const double x[] = { 1, 1, -0.5, 0.5, 0.2, -0.7 };
  double f[3], df[6];
  shl_net_eval (f, df, net, x, 3);
  shl_assert_close (f[0], 2.0 + 1.0 - 0.5, 1e-15, 1e-15);
  shl_assert_close (df[0], 1.0, 1e-15, 0); shl_assert_close (df[1], 3.0, 1e-15, 0);
  shl_assert_close (f[1], -1.5 + 0.5 - 0.5, 1e-15, 1e-15);
  shl_assert_close (df[2], 3.0, 1e-15, 0); shl_assert_close (df[3], 1.0, 1e-15, 0);
  shl_assert_close (f[2], -0.7 - 0.5, 1e-15, 1e-15);
  shl_assert_close (df[4], 0.0, 0, 0); shl_assert_close (df[5], 1.0, 1e-15, 0);
  shl_net_free (net);
}

static void
check_same_realization (const ShlNet *f, const ShlNet *g)
{
  ShlRng rng;
  shl_rng_seed (&rng, 99);
  for (int k = 0; k < 500; k++)
    {
      double x[2];
      for (int j = 0; j < f->d; j++)
        x[j] = shl_rng_range (&rng, f->lo[j], f->hi[j]);
      shl_assert_close (shl_net_eval1 (f, x), shl_net_eval1 (g, x), 1e-13,
                        1e-13);
    }
}

static void
test_rescale_balance (void)
{
  for (int d = 1; d <= 2; d++)
    for (guint64 seed = 1; seed <= 5; seed++)
      {
        ShlNet *net = shl_test_random_net (7, d, seed);
        ShlNet *g = shl_net_copy (net);
        shl_net_rescale_neuron (g, 0, 3.5);
        shl_net_rescale_neuron (g, 3, 0.01);
        shl_net_rescale_neuron (g, 2, -1.0); /* ignored */
        shl_net_rescale_neuron (g, 99, 2.0); /* ignored */
        check_same_realization (net, g);
        shl_assert_close (g->c[0], net->c[0] / 3.5, 1e-15, 0);
        shl_net_balance (g);
        for (int i = 0; i < g->m; i++)
          {
            double s = g->b[i] * g->b[i];
            for (int j = 0; j < d; j++)
              s += g->a[i * d + j] * g->a[i * d + j];
            shl_assert_close (fabs (g->c[i]), sqrt (s), 1e-14, 0);
          }
        check_same_realization (net, g);
        shl_net_free (net);
        shl_net_free (g);
      }
}

static void
test_init (void)
{
  ShlRng rng;
  for (int d = 1; d <= 2; d++)
    {
      double lo[2] = { -2.0, 0.0 }, hi[2] = { 3.0, 1.0 };
      ShlNet *net = shl_net_new (50, d, lo, hi);
      shl_rng_seed (&rng, 5);
      shl_net_init_random (net, SHL_INIT_UNIFORM, &rng);
      double s1 = 1.0 / sqrt (d), s2 = 1.0 / sqrt (50);
      for (int i = 0; i < 50; i++)
        {
          for (int j = 0; j < d; j++)
            g_assert_cmpfloat (fabs (net->a[i * d + j]), <=, s1);
          g_assert_cmpfloat (fabs (net->b[i]), <=, s1);
          g_assert_cmpfloat (fabs (net->c[i]), <=, s2);
        }

      shl_rng_seed (&rng, 5);
      shl_net_init_random (net, SHL_INIT_HE, &rng);
      for (int i = 0; i < 50; i++)
        {
          /* the kink passes through the domain */
          double zmin = net->b[i], zmax = net->b[i];
          for (int j = 0; j < d; j++)
            {
              double p = net->a[i * d + j] * lo[j], q = net->a[i * d + j] * hi[j];
              zmin += fmin (p, q);
              zmax += fmax (p, q);
            }
          g_assert_cmpfloat (zmin, <=, 0.0);
          g_assert_cmpfloat (zmax, >=, 0.0);
        }
      ShlNet *he = shl_net_copy (net);
      shl_rng_seed (&rng, 5);
      shl_net_init_random (net, SHL_INIT_BALANCED, &rng);
      check_same_realization (he, net);
      /* same seed, same network, bit for bit */
      ShlNet *again = shl_net_new (50, d, lo, hi);
      shl_rng_seed (&rng, 5);
      shl_net_init_random (again, SHL_INIT_BALANCED, &rng);
      g_assert_cmpmem (again->theta, again->n_params * sizeof (double),
                       net->theta, net->n_params * sizeof (double));
      shl_net_free (again);
      shl_net_free (he);
      shl_net_free (net);
    }
  ShlInitScheme s;
  g_assert_true (shl_init_scheme_from_name ("balanced", &s));
  g_assert_cmpint (s, ==, SHL_INIT_BALANCED);
  g_assert_false (shl_init_scheme_from_name ("xavier", &s));
  g_assert_cmpstr (shl_init_scheme_name (SHL_INIT_HE), ==, "he");
}

static void
test_finite (void)
{
  ShlNet *net = shl_test_random_net (3, 1, 1);
  g_assert_true (shl_net_is_finite (net));
  net->c[1] = INFINITY;
  g_assert_false (shl_net_is_finite (net));
  net->c[1] = NAN;
  g_assert_false (shl_net_is_finite (net));
  shl_net_free (net);
}

static void
quiet_check (const char *func, const char *expr)
{
}

/* the per-neuron helpers against hand-computed values */
static void
test_neuron_helpers (void)
{
  /* 1-D: a = 3, b = -1.5, c = -2 on [-1, 1]: kink at 0.5 */
  ShlNet *n1 = shl_net_new (5, 1, NULL, NULL);
  n1->a[0] = 3, n1->b[0] = -1.5, n1->c[0] = -2;
  g_assert_cmpfloat (shl_net_neuron_norm_ab (n1, 0), ==, sqrt (11.25));
  g_assert_cmpfloat (shl_net_neuron_norm_a (n1, 0), ==, 3);
  g_assert_cmpfloat (shl_net_neuron_norm_a1 (n1, 0), ==, 3);
  g_assert_cmpfloat (shl_net_neuron_kink (n1, 0), ==, 0.5);
  g_assert_cmpfloat (shl_net_neuron_jump (n1, 0), ==, -6);
  g_assert_cmpfloat (shl_net_neuron_imbalance (n1, 0), ==, log (2 / sqrt (11.25)));
  double lo, hi, size;
  shl_net_neuron_preact_range (n1, 0, &lo, &hi, &size);
  g_assert_cmpfloat (lo, ==, -4.5);
  g_assert_cmpfloat (hi, ==, 1.5);
  g_assert_cmpfloat (size, ==, 4.5);
  g_assert_cmpint (shl_net_neuron_place (n1, 0, 0), ==, SHL_KINK_INSIDE);
  g_assert_false (shl_net_neuron_is_zero (n1, 0));
  /* dead, affine, on the boundary, near it */
  n1->a[1] = 1, n1->b[1] = -2, n1->c[1] = 1;
  g_assert_cmpint (shl_net_neuron_place (n1, 1, 0), ==, SHL_KINK_DEAD);
  n1->b[1] = 2;
  g_assert_cmpint (shl_net_neuron_place (n1, 1, 0), ==, SHL_KINK_AFFINE);
  n1->b[1] = -1;  /* kink at the end point 1: dead on the box */
  g_assert_cmpint (shl_net_neuron_place (n1, 1, 0), ==, SHL_KINK_DEAD);
  n1->b[1] = 1;   /* kink at -1: affine */
  g_assert_cmpint (shl_net_neuron_place (n1, 1, 0), ==, SHL_KINK_AFFINE);
  n1->b[1] = -1 + 1e-14;  /* just inside: inside exactly, dead with a margin */
  g_assert_cmpint (shl_net_neuron_place (n1, 1, 0), ==, SHL_KINK_INSIDE);
  g_assert_cmpint (shl_net_neuron_place (n1, 1, 1e-12), ==, SHL_KINK_DEAD);
  g_assert_cmpfloat (shl_net_neuron_kink (n1, 1), ==, 1 - 1e-14);
  /* balanced: imbalance 0 */
  n1->a[2] = 3, n1->b[2] = 4, n1->c[2] = -5;
  g_assert_cmpfloat (shl_net_neuron_imbalance (n1, 2), ==, 0);
  /* a = 0: no kink; constant, dead or affine by the sign of b */
  n1->b[3] = 0.5, n1->c[3] = 1;
  g_assert_true (shl_net_neuron_a_is_zero (n1, 3));
  g_assert_true (isnan (shl_net_neuron_kink (n1, 3)));
  g_assert_cmpfloat (shl_net_neuron_jump (n1, 3), ==, 0);
  g_assert_cmpint (shl_net_neuron_place (n1, 3, 0), ==, SHL_KINK_AFFINE);
  /* a zero neuron */
  g_assert_true (shl_net_neuron_is_zero (n1, 4));
  g_assert_true (isnan (shl_net_neuron_imbalance (n1, 4)));
  g_assert_cmpint (shl_net_neuron_place (n1, 4, 0), ==, SHL_KINK_DEAD);
  /* the kink never comes out as -0 */
  n1->a[4] = 2, n1->b[4] = 0.0;
  g_assert_false (signbit (shl_net_neuron_kink (n1, 4)));

  /* 2-D: a = (3, -4), b = 1, c = 5 on [0, 2] x [-1, 1] */
  double l2[2] = { 0, -1 }, h2[2] = { 2, 1 };
  ShlNet *n2 = shl_net_new (1, 2, l2, h2);
  n2->a[0] = 3, n2->a[1] = -4, n2->b[0] = 1, n2->c[0] = 5;
  g_assert_cmpfloat (shl_net_neuron_norm_a (n2, 0), ==, 5);
  g_assert_cmpfloat (shl_net_neuron_norm_a1 (n2, 0), ==, 7);
  g_assert_cmpfloat (shl_net_neuron_norm_ab (n2, 0), ==, sqrt (26.0));
  /* centre (1, 0): <a, x0> + b = 4, offset -4/5 */
  g_assert_cmpfloat (shl_net_neuron_kink (n2, 0), ==, -0.8);
  g_assert_cmpfloat (shl_net_neuron_jump (n2, 0), ==, 25);
  shl_net_neuron_preact_range (n2, 0, &lo, &hi, &size);
  g_assert_cmpfloat (lo, ==, -3);
  g_assert_cmpfloat (hi, ==, 11);
  g_assert_cmpfloat (size, ==, 11);
  g_assert_cmpint (shl_net_neuron_place (n2, 0, 0), ==, SHL_KINK_INSIDE);

  /* an index out of range is a programming error: reported, no crash */
  ShlCheckHandler old = shl_check_set_handler (quiet_check);
  unsigned long before = shl_check_count ();
  g_assert_true (isnan (shl_net_neuron_norm_ab (n2, 1)));
  g_assert_true (isnan (shl_net_neuron_kink (NULL, 0)));
  g_assert_cmpuint (shl_check_count (), ==, before + 2);
  shl_check_set_handler (old);
  shl_net_free (n1);
  shl_net_free (n2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/layout", test_layout);
  g_test_add_func ("/net/hand-values-1d", test_hand_values_1d);
  g_test_add_func ("/net/hand-values-2d", test_hand_values_2d);
  g_test_add_func ("/net/rescale-balance", test_rescale_balance);
  g_test_add_func ("/net/init", test_init);
  g_test_add_func ("/net/finite", test_finite);
  g_test_add_func ("/net/neuron-helpers", test_neuron_helpers);
  return g_test_run ();
}
