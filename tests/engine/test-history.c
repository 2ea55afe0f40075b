/* test-history.c: the history store (shl-history.h) and the shared
 * training loop (shl-train-loop.h). */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "shl-history.h"
#include "shl-problem.h"
#include "shl-test.h"
#include "shl-train-loop.h"

static void
fill_theta (double *theta, size_t np, uint64_t step)
{
  for (size_t j = 0; j < np; j++)
    theta[j] = (double) step + 0.001 * (double) j;
}

static void
test_append_and_columns (void)
{
  const size_t np = 5;
  ShlHistory *h = shl_history_new (np);
  g_assert_cmpuint (h->n, ==, 0);
  g_assert_cmpuint (shl_history_last_step (h), ==, 0);
  double theta[5];
  for (uint64_t s = 0; s < 1000; s += 3)
    {
      fill_theta (theta, np, s);
      g_assert_true (shl_history_append (h, s, 1.0 / (1 + s), theta));
    }
  g_assert_cmpuint (h->n, ==, 334);
  /* steps must increase: equal or smaller steps are refused */
  fill_theta (theta, np, 7);
  g_assert_false (shl_history_append (h, 999, 0.5, theta));
  g_assert_false (shl_history_append (h, 12, 0.5, theta));
  g_assert_cmpuint (h->n, ==, 334);
  /* the columns are contiguous */
  for (size_t k = 0; k < h->n; k++)
    {
      g_assert_cmpuint (h->steps[k], ==, 3 * k);
      g_assert_cmpfloat (h->loss[k], ==, 1.0 / (1 + 3 * k));
      for (size_t j = 0; j < np; j++)
        g_assert_cmpfloat (h->theta[k * np + j], ==, (double) (3 * k) + 0.001 * (double) j);
      g_assert_true (shl_history_theta_at (h, k) == h->theta + k * np);
    }
  ShlHistory *c = shl_history_copy (h);
  g_assert_cmpuint (c->n, ==, h->n);
  g_assert_cmpmem (c->theta, h->n * np * sizeof (double), h->theta, h->n * np * sizeof (double));
  g_assert_cmpmem (c->steps, h->n * sizeof (uint64_t), h->steps, h->n * sizeof (uint64_t));
  /* clear keeps the shape; reset changes it */
  shl_history_clear (c);
  g_assert_cmpuint (c->n, ==, 0);
  g_assert_cmpuint (c->n_params, ==, np);
  shl_history_reset (c, 2);
  g_assert_cmpuint (c->n_params, ==, 2);
  g_assert_true (shl_history_append (c, 0, 1, (double[]) { 1, 2 }));
  g_assert_cmpfloat (c->theta[1], ==, 2);
  shl_history_free (c);
  shl_history_free (h);
}

/* the policy the engine thread had before the store existed */
static uint64_t
old_stride (uint64_t step, unsigned every)
{
  uint64_t auto_stride = 1;
  while (auto_stride * 2048 <= step)
    auto_stride *= 2;
  return MAX ((uint64_t) MAX (every, 1u), auto_stride);
}

static void
test_policy (void)
{
  for (uint64_t s = 0; s < 100000; s += 17)
    for (unsigned every = 0; every < 5; every++)
      g_assert_cmpuint (shl_history_stride (s, every), ==, old_stride (s, every));
  /* record every step offered, as the runner offers them */
  ShlHistory *h = shl_history_new (1);
  double t = 0;
  for (uint64_t s = 0; s <= 20000; s++)
    shl_history_record (h, s, 0, &t);
  for (size_t k = 0; k < SHL_HISTORY_DENSITY; k++)
    g_assert_cmpuint (h->steps[k], ==, k);
  for (size_t k = SHL_HISTORY_DENSITY; k < h->n; k++)
    {
      uint64_t stride = shl_history_stride (h->steps[k - 1], 1);
      g_assert_cmpuint (h->steps[k] - h->steps[k - 1], ==, stride);
    }
  /* about DENSITY points per doubling: 2048 + 1024 (2048..4095 at 2) + ... */
  g_assert_cmpuint (h->n, <, 2048 + 4 * 1024 + 8);
  g_assert_false (shl_history_wants (h, h->steps[h->n - 1]));

  /* every 10, thinning off: 0, 10, 20, ... */
  shl_history_reset (h, 1);
  shl_history_set_every (h, 10);
  shl_history_set_thinning (h, FALSE);
  for (uint64_t s = 0; s <= 50000; s++)
    shl_history_record (h, s, 0, &t);
  g_assert_cmpuint (h->n, ==, 5001);
  g_assert_cmpuint (h->steps[4321], ==, 43210);
  shl_history_free (h);
}

static ShlHistory *
history_of (const uint64_t *steps, size_t n, size_t np)
{
  ShlHistory *h = shl_history_new (np);
  double theta[3];
  for (size_t k = 0; k < n; k++)
    {
      fill_theta (theta, np, steps[k]);
      g_assert_true (shl_history_append (h, steps[k], (double) steps[k], theta));
    }
  return h;
}

static void
check_steps (const ShlHistory *h, const uint64_t *want, size_t n)
{
  g_assert_cmpuint (h->n, ==, n);
  for (size_t k = 0; k < n; k++)
    {
      g_assert_cmpuint (h->steps[k], ==, want[k]);
      g_assert_cmpfloat (h->loss[k], ==, (double) want[k]);
      g_assert_cmpfloat (h->theta[k * h->n_params + 1], ==, (double) want[k] + 0.001);
    }
}

static void
test_whole_stores (void)
{
  const uint64_t a[] = { 0, 1, 2, 5 }, b[] = { 3, 5, 6, 9 };
  ShlHistory *ha = history_of (a, 4, 3), *hb = history_of (b, 4, 3);
  /* append_all takes what comes after the last step */
  g_assert_true (shl_history_append_all (ha, hb));
  check_steps (ha, (uint64_t[]) { 0, 1, 2, 5, 6, 9 }, 6);
  check_steps (hb, b, 4);
  /* move_into an empty store hands the columns over */
  ShlHistory *empty = shl_history_new (3);
  const uint64_t *cols = hb->steps;
  g_assert_true (shl_history_move_into (empty, hb));
  g_assert_true (empty->steps == cols);
  check_steps (empty, b, 4);
  g_assert_cmpuint (hb->n, ==, 0);
  /* ... and appends to a non-empty one */
  ShlHistory *more = history_of ((uint64_t[]) { 10, 11 }, 2, 3);
  g_assert_true (shl_history_move_into (empty, more));
  check_steps (empty, (uint64_t[]) { 3, 5, 6, 9, 10, 11 }, 6);
  g_assert_cmpuint (more->n, ==, 0);
  /* shapes must agree */
  ShlHistory *other = history_of ((uint64_t[]) { 20 }, 1, 2);
  g_assert_false (shl_history_append_all (empty, other));
  g_assert_false (shl_history_move_into (empty, other));
  g_assert_cmpuint (other->n, ==, 1);
  check_steps (empty, (uint64_t[]) { 3, 5, 6, 9, 10, 11 }, 6);
  /* truncate and thin */
  shl_history_truncate_after (empty, 9);
  check_steps (empty, (uint64_t[]) { 3, 5, 6, 9 }, 4);
  shl_history_truncate_after (empty, 7);
  check_steps (empty, (uint64_t[]) { 3, 5, 6 }, 3);
  ShlHistory *t = history_of ((uint64_t[]) { 0, 1, 2, 3, 4, 5, 6 }, 7, 3);
  shl_history_thin_half (t);
  check_steps (t, (uint64_t[]) { 0, 2, 4, 6 }, 4);
  shl_history_thin_half (t);
  check_steps (t, (uint64_t[]) { 0, 4, 6 }, 3);
  shl_history_free (t);
  shl_history_free (ha);
  shl_history_free (hb);
  shl_history_free (empty);
  shl_history_free (more);
  shl_history_free (other);
}

/* ------------------------------------------------------- training loop */

typedef struct {
  GArray *steps;   /* uint64_t */
  GArray *loss;    /* double */
} Heard;

static void
hear (uint64_t step, double loss, void *data)
{
  Heard *h = data;
  g_array_append_val (h->steps, step);
  g_array_append_val (h->loss, loss);
}

static ShlProblem
sine_problem (int width)
{
  ShlDataRecipe dr;
  shl_data_recipe_init (&dr);
  dr.target = "sine";
  dr.samples = 64;
  ShlNetRecipe nr;
  shl_net_recipe_init (&nr);
  nr.width = width;
  nr.seed = 2;
  ShlProblem p;
  g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_OK);
  return p;
}

static void
test_loop_matches_plain_loop (void)
{
  ShlProblem p = sine_problem (8);
  ShlTrainOpts o;
  shl_train_opts_init (&o);
  ShlTrainer *tr = shl_trainer_new (p.net0, p.data, &o);
  ShlTrainer *ref = shl_trainer_new (p.net0, p.data, &o);
  Heard heard = { g_array_new (FALSE, FALSE, sizeof (uint64_t)),
                  g_array_new (FALSE, FALSE, sizeof (double)) };
  ShlHistory *h = shl_history_new (p.net0->n_params);
  const uint64_t n = 3000;
  g_assert_cmpuint (shl_train_loop (tr, n, h, hear, &heard), ==, n);
  g_assert_cmpuint (heard.steps->len, ==, n + 1);
  /* the same numbers as stepping by hand */
  for (uint64_t k = 0; k <= n; k++)
    {
      g_assert_cmpuint (g_array_index (heard.steps, uint64_t, k), ==, k);
      double want;
      if (k < n)
        g_assert_true (shl_trainer_step (ref, &want));
      else
        want = shl_trainer_loss (ref);
      double got = g_array_index (heard.loss, double, k);
      g_assert_cmpmem (&got, sizeof got, &want, sizeof want);
    }
  g_assert_cmpmem (shl_trainer_net (tr)->theta, p.net0->n_params * sizeof (double),
                   shl_trainer_net (ref)->theta, p.net0->n_params * sizeof (double));
  /* the history by the policy, ending at the last step */
  g_assert_cmpuint (h->steps[0], ==, 0);
  g_assert_cmpuint (shl_history_last_step (h), ==, n);
  for (size_t k = 1; k < h->n; k++)
    g_assert_cmpuint (h->steps[k], >, h->steps[k - 1]);
  g_assert_cmpuint (h->n, ==, 2048 + (n - 2048 + 1) / 2 + 1);
  g_array_unref (heard.steps);
  g_array_unref (heard.loss);
  shl_history_free (h);
  shl_trainer_free (tr);
  shl_trainer_free (ref);
  shl_problem_clear (&p);
}

/* divergence of either kind: every step reported once, the history ends
 * at the kept step with finite losses */
static void
check_divergence (double lr, double c_scale, const char *why)
{
  ShlProblem p = sine_problem (12);
  for (int i = 0; i < p.net0->m; i++)
    p.net0->c[i] *= c_scale;
  ShlTrainOpts o;
  shl_train_opts_init (&o);
  o.optimizer = SHL_OPT_GD;
  o.lr = lr;
  ShlTrainer *tr = shl_trainer_new (p.net0, p.data, &o);
  Heard heard = { g_array_new (FALSE, FALSE, sizeof (uint64_t)),
                  g_array_new (FALSE, FALSE, sizeof (double)) };
  ShlHistory *h = shl_history_new (p.net0->n_params);
  uint64_t done = shl_train_loop (tr, 200, h, hear, &heard);
  g_assert_cmpint (shl_trainer_status (tr), ==, SHL_STATUS_DIVERGED);
  g_assert_nonnull (strstr (shl_trainer_message (tr), why));
  g_assert_cmpuint (done, <, 200);
  g_assert_cmpuint (done, ==, shl_trainer_steps (tr));
  g_assert_cmpuint (heard.steps->len, ==, done + 1);
  for (uint64_t k = 0; k <= done; k++)
    {
      g_assert_cmpuint (g_array_index (heard.steps, uint64_t, k), ==, k);
      g_assert_true (isfinite (g_array_index (heard.loss, double, k)));
    }
  g_assert_cmpuint (h->n, ==, done + 1);
  for (size_t k = 0; k < h->n; k++)
    {
      g_assert_cmpuint (h->steps[k], ==, k);
      g_assert_true (isfinite (h->loss[k]));
    }
  g_assert_cmpmem (shl_history_theta_at (h, h->n - 1), p.net0->n_params * sizeof (double),
                   shl_trainer_net (tr)->theta, p.net0->n_params * sizeof (double));
  g_array_unref (heard.steps);
  g_array_unref (heard.loss);
  shl_history_free (h);
  shl_trainer_free (tr);
  shl_problem_clear (&p);
}

static void
test_loop_divergence (void)
{
  /* the loss overflows first: the trainer goes back one step */
  check_divergence (1e6, 1, "the loss overflowed at step 20");
  /* the loss becomes NaN at step 1: back to step 0 */
  check_divergence (1e300, 1, "the loss became NaN at step 1");
  /* a parameter overflows first (huge outer weights, loss ~ 1e300, a
   * gradient step of 1e310): the trainer keeps the step it is at */
  check_divergence (1e10, 1e150, "a parameter became non-finite at step 1");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/history/append-and-columns", test_append_and_columns);
  g_test_add_func ("/history/policy", test_policy);
  g_test_add_func ("/history/whole-stores", test_whole_stores);
  g_test_add_func ("/history/loop-matches-plain-loop", test_loop_matches_plain_loop);
  g_test_add_func ("/history/loop-divergence", test_loop_divergence);
  return g_test_run ();
}
