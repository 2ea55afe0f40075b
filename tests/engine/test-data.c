/* test-data.c: ShlData and the built-in targets. */
#include <math.h>
#include <string.h>

#include "shl-data.h"
#include "shl-test.h"

static const char *const all_names[] = {
  "sine", "abs", "step", "runge", "teacher", "zero",
  "bump", "cone", "teacher2d",
  "xor", "circles", "spirals", "gaussians",
};

static gboolean
same_bytes (const ShlData *p, const ShlData *q)
{
  return p->d == q->d && p->n == q->n
         && p->classification == q->classification
         && memcmp (p->lo, q->lo, sizeof p->lo) == 0
         && memcmp (p->hi, q->hi, sizeof p->hi) == 0
         && memcmp (p->x, q->x, p->n * (size_t) p->d * sizeof (double)) == 0
         && memcmp (p->y, q->y, p->n * sizeof (double)) == 0;
}

static void
assert_inside (const ShlData *data)
{
  for (size_t k = 0; k < data->n; k++)
    for (int j = 0; j < data->d; j++)
      {
        double v = data->x[k * (size_t) data->d + (size_t) j];
        g_assert_true (isfinite (v));
        g_assert_cmpfloat (v, >=, data->lo[j]);
        g_assert_cmpfloat (v, <=, data->hi[j]);
      }
}

static void
test_data_basic (void)
{
  double lo[2] = { -2.0, 0.0 }, hi[2] = { 3.0, 0.5 }, bad[2] = { 3.0, 0.5 };

  g_assert_null (shl_data_new (0, 4, NULL, NULL));
  g_assert_null (shl_data_new (3, 4, NULL, NULL));
  g_assert_null (shl_data_new (2, 4, bad, hi));
  double nan_lo[2] = { NAN, 0.0 };
  g_assert_null (shl_data_new (1, 4, nan_lo, hi));

  ShlData *data = shl_data_new (2, 3, lo, hi);
  g_assert_nonnull (data);
  g_assert_cmpint (data->d, ==, 2);
  g_assert_cmpuint (data->n, ==, 3);
  g_assert_cmpfloat (data->lo[1], ==, 0.0);
  g_assert_cmpfloat (data->hi[0], ==, 3.0);
  g_assert_false (data->classification);
  for (size_t k = 0; k < 6; k++)
    g_assert_cmpfloat (data->x[k], ==, 0.0);
  g_assert_true (shl_data_labels_binary (data));   /* all zero */
  data->y[1] = 1.0;
  g_assert_true (shl_data_labels_binary (data));
  data->y[2] = 0.5;
  g_assert_false (shl_data_labels_binary (data));
  data->y[2] = -0.0;                               /* -0 == 0 */
  g_assert_true (shl_data_labels_binary (data));
  data->x[5] = 0.25;
  data->classification = true;

  ShlData *copy = shl_data_copy (data);
  g_assert_true (copy != data && copy->x != data->x && copy->y != data->y);
  g_assert_true (same_bytes (copy, data));
  shl_data_free (copy);
  shl_data_free (data);

  /* defaults and n = 0 */
  data = shl_data_new (1, 0, NULL, NULL);
  g_assert_nonnull (data);
  g_assert_nonnull (data->x);
  g_assert_nonnull (data->y);
  g_assert_cmpfloat (data->lo[0], ==, -1.0);
  g_assert_cmpfloat (data->hi[0], ==, 1.0);
  g_assert_true (shl_data_labels_binary (data));
  copy = shl_data_copy (data);
  g_assert_cmpuint (copy->n, ==, 0);
  shl_data_free (copy);
  shl_data_free (data);
  shl_data_free (NULL);
  g_assert_null (shl_data_copy (NULL));
}

static void
test_table (void)
{
  size_t n = 0;
  const ShlTargetInfo *table = shl_targets (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (all_names));
  for (size_t k = 0; k < n; k++)
    {
      g_assert_cmpstr (table[k].name, ==, all_names[k]);
      g_assert_true (shl_target_lookup (all_names[k]) == &table[k]);
      g_assert_nonnull (table[k].label);
      g_assert_nonnull (table[k].description);
      g_assert_cmpuint (strlen (table[k].description), >, 10);
      g_assert_true (table[k].d == 1 || table[k].d == 2);
      gboolean cls = k >= 9;
      g_assert_true (table[k].classification == cls);
      g_assert_cmpint (table[k].d, ==, k < 6 ? 1 : 2);
    }

  g_assert_null (shl_target_lookup ("nope"));
  g_assert_null (shl_target_lookup (""));
  g_assert_null (shl_target_lookup ("Sine"));
  g_assert_null (shl_target_lookup (NULL));
  g_assert_null (shl_target_new ("nope", 1, NULL, NULL));
  g_assert_null (shl_target_new (NULL, 1, NULL, NULL));

  double lo[2] = { 1.0, 0.0 }, hi[2] = { 1.0, 1.0 };
  g_assert_null (shl_target_new ("sine", 1, lo, hi));
  g_assert_null (shl_target_new ("xor", 1, lo, hi));
  shl_target_free (NULL);
}

static void
test_shapes (void)
{
  for (size_t t = 0; t < G_N_ELEMENTS (all_names); t++)
    {
      const ShlTargetInfo *info = shl_target_lookup (all_names[t]);
      ShlTarget *target = shl_target_new (all_names[t], 11, NULL, NULL);
      g_assert_nonnull (target);
      g_assert_true (shl_target_info (target) == info);

      ShlData *data = shl_target_sample (target, 257, 0.1, 5);
      g_assert_nonnull (data);
      g_assert_cmpuint (data->n, ==, 257);
      g_assert_cmpint (data->d, ==, info->d);
      g_assert_true (data->classification == info->classification);
      for (int j = 0; j < data->d; j++)
        {
          g_assert_cmpfloat (data->lo[j], ==, -1.0);
          g_assert_cmpfloat (data->hi[j], ==, 1.0);
        }
      assert_inside (data);
      for (size_t k = 0; k < data->n; k++)
        g_assert_true (isfinite (data->y[k]));

      if (info->classification)
        {
          g_assert_true (shl_data_labels_binary (data));
          size_t ones = 0;
          for (size_t k = 0; k < data->n; k++)
            ones += data->y[k] == 1.0;
          /* class k mod 2: 128 ones, 129 zeros */
          g_assert_cmpuint (ones, ==, 128);
        }
      shl_data_free (data);

      /* n = 0 and n = 1 */
      data = shl_target_sample (target, 0, 0.1, 5);
      g_assert_nonnull (data);
      g_assert_cmpuint (data->n, ==, 0);
      shl_data_free (data);
      data = shl_target_sample (target, 1, 0.0, 5);
      g_assert_cmpuint (data->n, ==, 1);
      assert_inside (data);
      shl_data_free (data);

      /* invalid noise */
      g_assert_null (shl_target_sample (target, 10, -0.1, 5));
      g_assert_null (shl_target_sample (target, 10, NAN, 5));
      g_assert_null (shl_target_sample (target, 10, INFINITY, 5));
      shl_target_free (target);
    }
}

static void
test_deterministic (void)
{
  for (size_t t = 0; t < G_N_ELEMENTS (all_names); t++)
    {
      ShlTarget *t1 = shl_target_new (all_names[t], 3, NULL, NULL);
      ShlTarget *t2 = shl_target_new (all_names[t], 3, NULL, NULL);
      ShlData *a = shl_target_sample (t1, 100, 0.2, 42);
      ShlData *b = shl_target_sample (t2, 100, 0.2, 42);
      ShlData *c = shl_target_sample (t1, 100, 0.2, 43);
      g_assert_true (same_bytes (a, b));
      g_assert_false (same_bytes (a, c));
      g_assert_true (memcmp (a->x, c->x, 100 * (size_t) a->d * sizeof (double)) != 0);

      /* the inputs of a regression sample do not depend on the noise */
      ShlData *quiet = shl_target_sample (t1, 100, 0.0, 42);
      if (!a->classification)
        g_assert_true (memcmp (a->x, quiet->x,
                               100 * (size_t) a->d * sizeof (double)) == 0);
      shl_data_free (quiet);

      /* the target seed only matters for the teachers */
      ShlTarget *t3 = shl_target_new (all_names[t], 4, NULL, NULL);
      ShlData *e = shl_target_sample (t3, 100, 0.2, 42);
      if (shl_target_teacher (t1))
        g_assert_false (same_bytes (a, e));
      else
        g_assert_true (same_bytes (a, e));

      shl_data_free (a);
      shl_data_free (b);
      shl_data_free (c);
      shl_data_free (e);
      shl_target_free (t1);
      shl_target_free (t2);
      shl_target_free (t3);
    }
}

static void
test_noise_free_regression (void)
{
  double lo[2] = { 2.0, -3.0 }, hi[2] = { 5.0, 0.5 };
  for (size_t t = 0; t < G_N_ELEMENTS (all_names); t++)
    {
      const ShlTargetInfo *info = shl_target_lookup (all_names[t]);
      if (info->classification)
        continue;
      for (int dom = 0; dom < 2; dom++)
        {
          ShlTarget *target = shl_target_new (all_names[t], 9,
                                              dom ? lo : NULL,
                                              dom ? hi : NULL);
          ShlData *data = shl_target_sample (target, 300, 0.0, 1);
          for (size_t k = 0; k < data->n; k++)
            g_assert_cmpfloat (data->y[k], ==,
                               shl_target_eval (target,
                                                data->x + k * (size_t) data->d));
          shl_data_free (data);

          /* with noise the residuals have about the right spread */
          data = shl_target_sample (target, 4000, 0.1, 1);
          double s2 = 0.0, s1 = 0.0;
          for (size_t k = 0; k < data->n; k++)
            {
              double r = data->y[k]
                         - shl_target_eval (target,
                                            data->x + k * (size_t) data->d);
              s1 += r;
              s2 += r * r;
            }
          double mean = s1 / 4000.0, sd = sqrt (s2 / 4000.0 - mean * mean);
          g_assert_cmpfloat (fabs (mean), <, 0.01);
          g_assert_cmpfloat (fabs (sd - 0.1), <, 0.01);
          shl_data_free (data);
          shl_target_free (target);
        }
    }
}

static void
test_teacher (void)
{
  struct { const char *name; int m, d; } cases[] = {
    { "teacher", 5, 1 },
    { "teacher2d", 8, 2 },
  };
  double lo[2] = { -0.5, 1.0 }, hi[2] = { 4.0, 2.0 };
  for (size_t t = 0; t < G_N_ELEMENTS (cases); t++)
    {
      ShlTarget *target = shl_target_new (cases[t].name, 77, lo, hi);
      const ShlNet *net = shl_target_teacher (target);
      g_assert_nonnull (net);
      g_assert_cmpint (net->m, ==, cases[t].m);
      g_assert_cmpint (net->d, ==, cases[t].d);
      for (int j = 0; j < net->d; j++)
        {
          g_assert_cmpfloat (net->lo[j], ==, lo[j]);
          g_assert_cmpfloat (net->hi[j], ==, hi[j]);
        }

      /* the documented recipe */
      ShlRng rng;
      shl_rng_seed (&rng, 77);
      ShlNet *ref = shl_net_new (cases[t].m, cases[t].d, lo, hi);
      shl_net_init_random (ref, SHL_INIT_HE, &rng);
      for (int i = 0; i < ref->m; i++)
        ref->c[i] = shl_rng_normal (&rng);
      g_assert_cmpuint (ref->n_params, ==, net->n_params);
      g_assert_true (memcmp (ref->theta, net->theta,
                             ref->n_params * sizeof (double)) == 0);
      shl_net_free (ref);

      ShlData *data = shl_target_sample (target, 200, 0.0, 3);
      double lo_y = INFINITY, hi_y = -INFINITY;
      for (size_t k = 0; k < data->n; k++)
        {
          const double *xk = data->x + k * (size_t) data->d;
          g_assert_cmpfloat (data->y[k], ==, shl_net_eval1 (net, xk));
          lo_y = fmin (lo_y, data->y[k]);
          hi_y = fmax (hi_y, data->y[k]);
        }
      g_assert_cmpfloat (hi_y - lo_y, >, 0.0);   /* not constant */
      assert_inside (data);
      shl_data_free (data);
      shl_target_free (target);
    }

  ShlTarget *sine = shl_target_new ("sine", 77, NULL, NULL);
  g_assert_null (shl_target_teacher (sine));
  shl_target_free (sine);
}

static double
eval_at (const char *name, double x0, double x1)
{
  ShlTarget *target = shl_target_new (name, 1, NULL, NULL);
  double x[2] = { x0, x1 };
  double v = shl_target_eval (target, x);
  shl_target_free (target);
  return v;
}

static void
test_formulas (void)
{
  shl_assert_close (eval_at ("sine", 0.5, 0), 1.0, 1e-15, 1e-15);
  shl_assert_close (eval_at ("sine", -0.25, 0), -sqrt (0.5), 1e-15, 1e-15);
  g_assert_cmpfloat (eval_at ("abs", -0.3, 0), ==, 0.3);
  g_assert_cmpfloat (eval_at ("step", 0.0, 0), ==, 0.0);
  shl_assert_close (eval_at ("step", 0.25, 0), 0.5 * tanh (2.0), 1e-15, 0);
  shl_assert_close (eval_at ("runge", 0.2, 0), 0.5, 1e-15, 0);
  g_assert_cmpfloat (eval_at ("runge", 0.0, 0), ==, 1.0);
  g_assert_cmpfloat (eval_at ("zero", 0.7, 0), ==, 0.0);
  g_assert_cmpfloat (eval_at ("bump", 0.0, 0.0), ==, 1.0);
  shl_assert_close (eval_at ("bump", 0.5, 0.0), exp (-1.0), 1e-15, 0);
  g_assert_cmpfloat (eval_at ("cone", 0.6, 0.8), ==, 0.0);
  g_assert_cmpfloat (eval_at ("cone", 0.9, 0.9), ==, 0.0);
  shl_assert_close (eval_at ("cone", 0.3, 0.4), 0.5, 1e-15, 0);
  g_assert_cmpfloat (eval_at ("xor", 0.5, 0.5), ==, 1.0);
  g_assert_cmpfloat (eval_at ("xor", -0.5, -0.1), ==, 1.0);
  g_assert_cmpfloat (eval_at ("xor", 0.5, -0.5), ==, 0.0);
  g_assert_cmpfloat (eval_at ("xor", 0.0, 0.5), ==, 0.0);
  g_assert_cmpfloat (eval_at ("circles", 0.1, 0.1), ==, 1.0);
  g_assert_cmpfloat (eval_at ("circles", 0.7, 0.0), ==, 0.0);
  g_assert_cmpfloat (eval_at ("gaussians", 0.4, 0.4), ==, 1.0);
  g_assert_cmpfloat (eval_at ("gaussians", -0.4, -0.3), ==, 0.0);
  g_assert_cmpfloat (eval_at ("gaussians", 0.9, -0.3), ==, 1.0);

  /* spirals: arm 0 is 0.9 t (cos 3 pi t, sin 3 pi t), arm 1 its negative */
  for (double t = 0.1; t <= 1.0; t += 0.05)
    {
      double r = 0.9 * t, th = 3.0 * M_PI * t;
      g_assert_cmpfloat (eval_at ("spirals", r * cos (th), r * sin (th)), ==, 0.0);
      g_assert_cmpfloat (eval_at ("spirals", -r * cos (th), -r * sin (th)), ==, 1.0);
      /* just off the arm, still nearer to it */
      g_assert_cmpfloat (eval_at ("spirals", 1.05 * r * cos (th),
                                  1.05 * r * sin (th)), ==, 0.0);
    }

  /* a non-default domain is the reference square, moved */
  double lo[2] = { 2.0, -3.0 }, hi[2] = { 6.0, 1.0 };
  ShlTarget *target = shl_target_new ("sine", 0, lo, hi);
  double x = 5.0;   /* u = 0.5 */
  shl_assert_close (shl_target_eval (target, &x), 1.0, 1e-15, 1e-15);
  shl_target_free (target);
  target = shl_target_new ("xor", 0, lo, hi);
  double p[2] = { 5.0, 0.0 }, q[2] = { 3.0, 0.0 };   /* u = (.5, .5), (-.5, .5) */
  g_assert_cmpfloat (shl_target_eval (target, p), ==, 1.0);
  g_assert_cmpfloat (shl_target_eval (target, q), ==, 0.0);
  shl_target_free (target);
}

static void
test_classification_labels (void)
{
  double lo[2] = { 2.0, -3.0 }, hi[2] = { 5.0, 0.5 };
  const char *exact[] = { "xor", "circles", "spirals" };
  for (int dom = 0; dom < 2; dom++)
    {
      for (size_t t = 0; t < G_N_ELEMENTS (exact); t++)
        {
          ShlTarget *target = shl_target_new (exact[t], 1, dom ? lo : NULL,
                                              dom ? hi : NULL);
          ShlData *data = shl_target_sample (target, 1000, 0.0, 2);
          assert_inside (data);
          for (size_t k = 0; k < data->n; k++)
            g_assert_cmpfloat (data->y[k], ==,
                               shl_target_eval (target, data->x + 2 * k));
          shl_data_free (data);

          /* jitter moves points across the boundary, but not most */
          data = shl_target_sample (target, 1000, 0.05, 2);
          assert_inside (data);
          size_t agree = 0;
          for (size_t k = 0; k < data->n; k++)
            agree += data->y[k] == shl_target_eval (target, data->x + 2 * k);
          g_assert_cmpuint (agree, >, 800);
          g_assert_cmpuint (agree, <, 1000);
          shl_data_free (data);
          shl_target_free (target);
        }

      /* the blobs overlap: the Bayes rule is right about 94% of the time */
      ShlTarget *target = shl_target_new ("gaussians", 1, dom ? lo : NULL,
                                          dom ? hi : NULL);
      ShlData *data = shl_target_sample (target, 2000, 0.0, 2);
      size_t agree = 0;
      for (size_t k = 0; k < data->n; k++)
        agree += data->y[k] == shl_target_eval (target, data->x + 2 * k);
      g_assert_cmpuint (agree, >, 1800);
      g_assert_cmpuint (agree, <, 2000);
      shl_data_free (data);
      shl_target_free (target);
    }
}

static void
test_circles_balance (void)
{
  /* inner disk r < 0.5, outer ring 0.6 <= r <= 1, half each */
  ShlTarget *target = shl_target_new ("circles", 0, NULL, NULL);
  ShlData *data = shl_target_sample (target, 2000, 0.0, 8);
  for (size_t k = 0; k < data->n; k++)
    {
      double r = hypot (data->x[2 * k], data->x[2 * k + 1]);
      if (data->y[k] == 1.0)
        g_assert_cmpfloat (r, <=, 0.5);
      else
        g_assert_true (r >= 0.6 - 1e-12 && r <= 1.0 + 1e-12);
    }
  shl_data_free (data);
  shl_target_free (target);
}

static void
test_domains (void)
{
  double lo[2] = { 10.0, -0.25 }, hi[2] = { 10.5, 0.25 };
  for (size_t t = 0; t < G_N_ELEMENTS (all_names); t++)
    {
      ShlTarget *target = shl_target_new (all_names[t], 5, lo, hi);
      g_assert_nonnull (target);
      ShlData *data = shl_target_sample (target, 500, 0.3, 6);
      for (int j = 0; j < data->d; j++)
        {
          g_assert_cmpfloat (data->lo[j], ==, lo[j]);
          g_assert_cmpfloat (data->hi[j], ==, hi[j]);
        }
      assert_inside (data);

      /* the inputs spread over the box, not a corner of it */
      for (int j = 0; j < data->d; j++)
        {
          double mn = INFINITY, mx = -INFINITY;
          for (size_t k = 0; k < data->n; k++)
            {
              mn = fmin (mn, data->x[k * (size_t) data->d + (size_t) j]);
              mx = fmax (mx, data->x[k * (size_t) data->d + (size_t) j]);
            }
          g_assert_cmpfloat (mx - mn, >, 0.5 * (hi[j] - lo[j]));
        }
      shl_data_free (data);
      shl_target_free (target);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/data/basic", test_data_basic);
  g_test_add_func ("/data/table", test_table);
  g_test_add_func ("/data/shapes", test_shapes);
  g_test_add_func ("/data/deterministic", test_deterministic);
  g_test_add_func ("/data/noise-free-regression", test_noise_free_regression);
  g_test_add_func ("/data/teacher", test_teacher);
  g_test_add_func ("/data/formulas", test_formulas);
  g_test_add_func ("/data/classification-labels", test_classification_labels);
  g_test_add_func ("/data/circles-balance", test_circles_balance);
  g_test_add_func ("/data/domains", test_domains);
  return g_test_run ();
}
