/* test-net.c: storage, evaluation, initialisation and rescaling. */
#include <glib.h>
#include <math.h>

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
  return g_test_run ();
}
