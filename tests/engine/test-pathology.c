/* test-pathology.c: the gallery's presets have the numbers of theory.md 3. */
#include <glib.h>
#include <math.h>

#include "shl-fibre.h"
#include "shl-geom.h"
#include "shl-paramdist.h"
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

/* Each witness Φ realizes g exactly (to rounding) at Γ's width, and where
 * theory.md 3 proves it nearest, its distance lies within the engine's
 * bounds (sampled over the parameter range). */
static void
test_witnesses (void)
{
  int n;
  const ShlPathology *t = shl_pathologies (&n);
  for (int k = 0; k < n; k++)
    {
      g_assert_nonnull (t[k].witness);
      g_assert_nonnull (t[k].claim);
      g_assert_nonnull (t[k].short_name);
      for (int q = 0; q <= 8; q++)
        {
          double u = q / 8.0;
          double p = t[k].param_log ? t[k].param_min * pow (t[k].param_max / t[k].param_min, u)
                                    : t[k].param_min + (t[k].param_max - t[k].param_min) * u;
          p = shl_pathology_clamp (&t[k], p);
          ShlNet *gamma, *g;
          g_assert_true (shl_pathology_build (&gamma, &g, t[k].id, p));
          ShlNet *phi = shl_pathology_witness (t[k].id, p);
          g_assert_nonnull (phi);
          g_assert_true (shl_net_same_shape (phi, gamma));
          ShlDistances D, N;
          g_assert_true (shl_realization_distance (&D, phi, g, gamma->lo, gamma->hi));
          g_assert_true (shl_realization_distance (&N, g, NULL, gamma->lo, gamma->hi));
          if (!(D.sobolev <= 1e-12 * fmax (1, N.sobolev)))
            g_error ("%s at %g: the witness is %g from g", t[k].id, p, D.sobolev);
          ShlFibreDistance f;
          g_assert_true (shl_fibre_distance (&f, gamma, g));
          double w = shl_param_distance_raw (gamma, phi);
          g_assert_cmpfloat (w, >=, f.lower - 1e-12);
          if (t[k].dfib_exact && f.upper < w - 1e-12)
            g_error ("%s at %g: the engine found %g < the theory's %g", t[k].id, p, f.upper, w);
          shl_net_free (phi);
          shl_net_free (gamma);
          shl_net_free (g);
        }
    }
  g_assert_null (shl_pathology_witness ("p9", 1));
  /* theory.md 3's values */
  struct { const char *id; double p, dfib; } v[] = {
    { "p0", 1e6, 1 }, { "p1", 0.01, 1.0 / 3 }, { "p2", 0.01, 0.9 }, { "p3", 1e-4, 0.5 },
    { "p4", 37, 37 }, { "rescale", 7, 0 }, { "dead", 0.5, 2 },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (v); k++)
    {
      ShlNet *gamma, *g, *phi = shl_pathology_witness (v[k].id, v[k].p);
      g_assert_true (shl_pathology_build (&gamma, &g, v[k].id, v[k].p));
      double d = shl_param_distance_raw (gamma, phi);
      if (!(fabs (d - v[k].dfib) <= 1e-12))
        g_error ("%s: ||Φ − Γ|| = %.17g, theory says %g", v[k].id, d, v[k].dfib);
      shl_net_free (phi);
      shl_net_free (gamma);
      shl_net_free (g);
    }
}

/* the data of a preset are g on its points; the experiment's optimiser */
static void
test_data_and_opts (void)
{
  ShlNet *gamma, *g;
  g_assert_true (shl_pathology_build (&gamma, &g, "p0", 10));
  ShlData *d = shl_pathology_data ("p0", g, 1);
  g_assert_cmpuint (d->n, ==, 128);
  g_assert_cmpfloat (d->x[0], ==, -1);
  g_assert_cmpfloat (d->x[127], ==, 1);
  for (size_t k = 0; k < d->n; k++)
    g_assert_cmpfloat (d->y[k], ==, shl_net_eval1 (g, &d->x[k]));
  shl_data_free (d);
  g_assert_null (shl_pathology_data ("p9", g, 1));
  shl_net_free (gamma);
  shl_net_free (g);
  g_assert_true (shl_pathology_build (&gamma, &g, "experiment", 2));
  ShlData *e1 = shl_pathology_data ("experiment", g, 1), *e2 = shl_pathology_data ("experiment", g, 1);
  g_assert_cmpuint (e1->n, ==, 1000);
  g_assert_cmpmem (e1->x, e1->n * sizeof (double), e2->x, e2->n * sizeof (double));
  shl_data_free (e1);
  shl_data_free (e2);
  shl_net_free (gamma);
  shl_net_free (g);
  g_assert_true (shl_pathology_build (&gamma, &g, "invisible-2d", 0.3));
  ShlData *d2 = shl_pathology_data ("invisible-2d", g, 1);
  g_assert_cmpuint (d2->n, ==, 144);
  shl_data_free (d2);
  shl_net_free (gamma);
  shl_net_free (g);
  ShlTrainOpts o;
  shl_train_opts_init (&o);
  g_assert_false (shl_pathology_train_opts ("p1", &o));
  g_assert_cmpint (o.optimizer, ==, SHL_OPT_ADAM);
  g_assert_true (shl_pathology_train_opts ("experiment", &o));
  g_assert_cmpint (o.optimizer, ==, SHL_OPT_MOMENTUM);
  g_assert_cmpfloat (o.lr, ==, 1e-3);
  g_assert_cmpuint (o.batch, ==, 10);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pathology/table", test_table);
  g_test_add_func ("/pathology/numbers", test_numbers);
  g_test_add_func ("/pathology/witnesses", test_witnesses);
  g_test_add_func ("/pathology/data-and-opts", test_data_and_opts);
  return g_test_run ();
}
