/* test-problem.c: the problem builder gives, bit for bit, the data and
 * networks the hand-written set-ups gave before it existed. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "shl-problem.h"
#include "shl-test.h"

static void
assert_same_data (const ShlData *a, const ShlData *b)
{
  g_assert_cmpint (a->d, ==, b->d);
  g_assert_cmpuint (a->n, ==, b->n);
  g_assert_cmpint (a->classification, ==, b->classification);
  g_assert_cmpmem (a->lo, sizeof a->lo, b->lo, sizeof b->lo);
  g_assert_cmpmem (a->hi, sizeof a->hi, b->hi, sizeof b->hi);
  g_assert_cmpmem (a->x, a->n * a->d * sizeof (double), b->x, b->n * b->d * sizeof (double));
  g_assert_cmpmem (a->y, a->n * sizeof (double), b->y, b->n * sizeof (double));
}

static void
assert_same_net (const ShlNet *a, const ShlNet *b)
{
  g_assert_true (shl_net_same_shape (a, b));
  g_assert_cmpmem (a->lo, sizeof a->lo, b->lo, sizeof b->lo);
  g_assert_cmpmem (a->hi, sizeof a->hi, b->hi, sizeof b->hi);
  g_assert_cmpmem (a->theta, a->n_params * sizeof (double), b->theta, b->n_params * sizeof (double));
}

/* what `shallows-cli train --target` and the app did by hand */
static void
old_setup (ShlData **data, ShlNet **net, const char *target, const double *lo,
           const double *hi, size_t samples, double noise, guint64 data_seed,
           int width, ShlInitScheme scheme, guint64 seed)
{
  ShlTarget *t = shl_target_new (target, data_seed, lo, hi);
  *data = shl_target_sample (t, samples, noise, data_seed);
  shl_target_free (t);
  *net = shl_net_new (width, (*data)->d, (*data)->lo, (*data)->hi);
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  shl_net_init_random (*net, scheme, &rng);
}

static void
test_same_as_before (void)
{
  static const struct {
    const char   *target;
    double        lo, hi;
    size_t        samples;
    double        noise;
    guint64       data_seed;
    int           width;
    ShlInitScheme scheme;
    guint64       seed;
  } cases[] = {
    { "sine", -1, 1, 128, 0.0, 0, 12, SHL_INIT_HE, 0 },
    { "teacher", -2, 3, 100, 0.1, 9, 6, SHL_INIT_BALANCED, 4 },
    { "runge", -1, 1, 256, 0.05, 3, 8, SHL_INIT_UNIFORM, 3 },
    { "bump", -1, 1, 300, 0.0, 5, 10, SHL_INIT_HE, 7 },
    { "spirals", 0, 2, 200, 0.2, 11, 16, SHL_INIT_BALANCED, 1 },
    { "teacher2d", -1, 1, 64, 0.0, 2, 3, SHL_INIT_HE, 2 },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const double lo[2] = { cases[k].lo, cases[k].lo }, hi[2] = { cases[k].hi, cases[k].hi };
      ShlData *d0;
      ShlNet *n0;
      old_setup (&d0, &n0, cases[k].target, lo, hi, cases[k].samples, cases[k].noise,
                 cases[k].data_seed, cases[k].width, cases[k].scheme, cases[k].seed);

      ShlDataRecipe dr;
      shl_data_recipe_init (&dr);
      dr.dim = 0;
      memcpy (dr.lo, lo, sizeof lo);
      memcpy (dr.hi, hi, sizeof hi);
      dr.target = cases[k].target;
      dr.samples = cases[k].samples;
      dr.noise = cases[k].noise;
      dr.seed = cases[k].data_seed;
      ShlNetRecipe nr;
      shl_net_recipe_init (&nr);
      nr.width = cases[k].width;
      nr.scheme = cases[k].scheme;
      nr.seed = cases[k].seed;
      ShlProblem p;
      g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_OK);
      assert_same_data (p.data, d0);
      assert_same_net (p.net0, n0);
      /* the target is the one the data came from */
      g_assert_nonnull (p.target);
      g_assert_cmpstr (shl_target_info (p.target)->name, ==, cases[k].target);
      ShlTarget *t = shl_problem_make_target (&dr);
      double x[2] = { 0.5 * (lo[0] + hi[0]) + 0.1, 0.5 * (lo[1] + hi[1]) - 0.2 };
      g_assert_cmpfloat (shl_target_eval (t, x), ==, shl_target_eval (p.target, x));
      shl_target_free (t);
      g_assert_cmpint (shl_problem_default_loss (p.data), ==,
                       d0->classification ? SHL_LOSS_LOGISTIC : SHL_LOSS_MSE);
      shl_problem_clear (&p);
      g_assert_null (p.data);
      shl_data_free (d0);
      shl_net_free (n0);
    }
}

static void
test_points_and_given_net (void)
{
  ShlData *pts = shl_data_new (1, 3, (double[]) { -2 }, (double[]) { 5 });
  pts->x[0] = -1, pts->x[1] = 0, pts->x[2] = 4;
  pts->y[0] = 1, pts->y[1] = 0, pts->y[2] = 1;
  pts->classification = true;
  ShlDataRecipe dr;
  shl_data_recipe_init (&dr);
  dr.points = pts;
  ShlNetRecipe nr;
  shl_net_recipe_init (&nr);
  nr.width = 4;
  nr.seed = 8;
  ShlProblem p;
  g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_OK);
  assert_same_data (p.data, pts);
  g_assert_true (p.data != pts);
  g_assert_null (p.target);
  /* a new network lives on the points' domain */
  g_assert_cmpfloat (p.net0->lo[0], ==, -2);
  g_assert_cmpfloat (p.net0->hi[0], ==, 5);
  g_assert_cmpint (shl_problem_default_loss (p.data), ==, SHL_LOSS_LOGISTIC);
  /* a given network is copied as it is */
  ShlNet *given = shl_test_random_net (3, 1, 4);
  nr.net = given;
  ShlNet *n = NULL;
  g_assert_cmpint (shl_problem_make_net (&n, &nr, p.data), ==, SHL_PROBLEM_OK);
  assert_same_net (n, given);
  shl_net_free (n);
  shl_problem_clear (&p);
  shl_net_free (given);
  shl_data_free (pts);
}

static void
test_errors (void)
{
  ShlDataRecipe dr;
  ShlNetRecipe nr;
  ShlProblem p;
  shl_net_recipe_init (&nr);
  nr.width = 2;

  shl_data_recipe_init (&dr);
  g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_NO_DATA);
  g_assert_null (p.data);
  g_assert_null (p.net0);
  dr.target = "nope";
  g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_UNKNOWN_TARGET);
  dr.target = "bump";   /* 2-D, but the recipe says 1-D */
  g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_DATA_DIM);
  dr.dim = 2;
  dr.lo[1] = 3;
  g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_BAD_DOMAIN);
  dr.lo[1] = -1;
  dr.noise = -1;
  g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_BAD_SAMPLES);
  dr.noise = NAN;
  g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_BAD_SAMPLES);
  dr.noise = 0;
  dr.samples = 0;
  g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_BAD_SAMPLES);
  dr.samples = 10;
  nr.width = -1;
  g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_BAD_WIDTH);
  nr.width = 2;
  ShlNet *one_d = shl_test_random_net (2, 1, 1);
  nr.net = one_d;
  g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_NET_DIM);
  g_assert_null (p.data);
  nr.net = NULL;
  g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_OK);
  g_assert_cmpint (p.net0->d, ==, 2);
  shl_problem_clear (&p);
  shl_net_free (one_d);
  /* every status has a message */
  for (int st = SHL_PROBLEM_OK; st <= SHL_PROBLEM_NO_MEMORY; st++)
    g_assert_cmpstr (shl_problem_status_message (st), !=, "unknown");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/problem/same-as-before", test_same_as_before);
  g_test_add_func ("/problem/points-and-given-net", test_points_and_given_net);
  g_test_add_func ("/problem/errors", test_errors);
  return g_test_run ();
}
