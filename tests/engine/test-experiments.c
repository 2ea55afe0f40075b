/* test-experiments.c: the stability scatter and the restricted comparison. */
#include <glib.h>
#include <math.h>

#include "shl-experiments.h"
#include "shl-test.h"

static void
test_scatter (void)
{
  int above = 0, n = 0;
  for (guint64 k = 0; k < 60; k++)
    {
      ShlStabilitySample s;
      g_assert_true (shl_stability_sample (&s, 6, 1, k));
      ShlStabilitySample t;
      g_assert_true (shl_stability_sample (&t, 6, 1, k));
      g_assert_cmpmem (&s, sizeof s, &t, sizeof t);   /* deterministic */
      /* Γ′ is the same function as Γ: the same ε (it was taken exactly
       * on R(Γ′), whose kinks sit an ulp off Γ's, and came out ~1) */
      g_assert_cmpfloat (s.eps_unrestricted, ==, s.eps);
      if (!(s.eps > 0) || !isfinite (s.restricted))
        continue;
      /* the theorem: restricted d_fib within the bound */
      g_assert_cmpfloat (s.restricted, <=, s.bound * (1 + 1e-9));
      n++;
      if (isfinite (s.unrestricted) && s.unrestricted > s.restricted)
        above++;
    }
  g_assert_cmpint (n, >, 40);
  /* the unbalanced parametrizations land above, as a rule */
  g_assert_cmpint (above, >, n / 2);
}

static void
test_compare (void)
{
  ShlTarget *t = shl_target_new ("sine", 1, NULL, NULL);
  ShlData *data = shl_target_sample (t, 64, 0, 1);
  ShlNet *net = shl_net_new (8, 1, NULL, NULL);
  ShlRng rng;
  shl_rng_seed (&rng, 3);
  shl_net_init_random (net, SHL_INIT_BALANCED, &rng);
  ShlTrainOpts o;
  shl_train_opts_init (&o);
  double a[1001], b[1001];
  g_assert_true (shl_compare_restricted (a, b, net, data, &o, 1000, NULL));
  g_assert_cmpfloat (a[0], ==, b[0]);   /* the same start */
  g_assert_cmpfloat (a[1000], <, a[0]);
  g_assert_cmpfloat (b[1000], <, b[0]);
  ShlCancel cancel;
  shl_cancel_init (&cancel);
  shl_cancel_request (&cancel);
  g_assert_false (shl_compare_restricted (a, b, net, data, &o, 1000, &cancel));
  shl_net_free (net);
  shl_data_free (data);
  shl_target_free (t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/experiments/stability-scatter", test_scatter);
  g_test_add_func ("/experiments/compare-restricted", test_compare);
  return g_test_run ();
}
