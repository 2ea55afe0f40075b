/* test-trainer.c: optimiser steps by hand, determinism, weight decay,
 * minibatches, divergence, and no allocation inside a step. */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-loss.h"
#include "shl-test.h"
#include "shl-symmetry.h"
#include "shl-trainer.h"

static ShlData *
make_data (int d, size_t n, gboolean labels, guint64 seed)
{
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  ShlData *data = shl_data_new (d, n, NULL, NULL);
  for (size_t k = 0; k < n * (size_t) d; k++)
    data->x[k] = shl_rng_range (&rng, -1.0, 1.0);
  for (size_t k = 0; k < n; k++)
    {
      double s = 0;
      for (int j = 0; j < d; j++)
        s += data->x[k * d + j];
      data->y[k] = labels ? (s > 0 ? 1.0 : 0.0) : sin (2.0 * s);
    }
  data->classification = labels;
  return data;
}

static double *
full_grad (const ShlNet *net, const ShlData *data, ShlLoss loss, double *l)
{
  double *g = g_new (double, net->n_params);
  *l = shl_loss_grad (g, NULL, net, loss, SHL_KERNEL_NAIVE, data->x, data->y,
                      data->n);
  return g;
}

/* Two steps of each optimiser against the formulas written out here. */
static void
test_steps_by_hand (void)
{
  for (int o = 0; o < 4; o++)
    for (int wdi = 0; wdi < 2; wdi++)
      {
        ShlNet *net = shl_test_random_net (4, 1, 3);
        ShlData *data = make_data (1, 20, FALSE, 4);
        ShlTrainOpts opts;
        shl_train_opts_init (&opts);
        opts.optimizer = (ShlOptimizer) o;
        opts.lr = 0.05;
        opts.weight_decay = wdi ? 0.1 : 0.0;
        opts.train_linear = TRUE;
        opts.batch = data->n; /* full batch for every optimiser */
        ShlTrainer *tr = shl_trainer_new (net, data, &opts);
        g_assert_nonnull (tr);

        const size_t np = net->n_params;
        double *th = g_memdup2 (net->theta, np * sizeof (double));
        double *m1 = g_new0 (double, np), *m2 = g_new0 (double, np);
        ShlNet *ref = shl_net_copy (net);
        for (int t = 1; t <= 2; t++)
          {
            double l;
            memcpy (ref->theta, th, np * sizeof (double));
            double *g = full_grad (ref, data, SHL_LOSS_MSE, &l);
            for (size_t k = 0; k < np; k++)
              {
                g[k] += opts.weight_decay * th[k];
                switch (opts.optimizer)
                  {
                  case SHL_OPT_GD:
                  case SHL_OPT_SGD:
                    th[k] -= opts.lr * g[k];
                    break;
                  case SHL_OPT_MOMENTUM:
                    m1[k] = t == 1 ? g[k] : 0.9 * m1[k] + g[k];
                    th[k] -= opts.lr * m1[k];
                    break;
                  case SHL_OPT_ADAM:
                    m1[k] = 0.9 * m1[k] + 0.1 * g[k];
                    m2[k] = 0.999 * m2[k] + 0.001 * g[k] * g[k];
                    th[k] -= opts.lr * (m1[k] / (1 - pow (0.9, t)))
                             / (sqrt (m2[k] / (1 - pow (0.999, t))) + 1e-8);
                    break;
                  }
              }
            g_free (g);
            double lb;
            g_assert_true (shl_trainer_step (tr, &lb));
            shl_assert_close (lb, l, 1e-12, 0);
            const ShlNet *cur = shl_trainer_net (tr);
            for (size_t k = 0; k < np; k++)
              shl_assert_close (cur->theta[k], th[k], 1e-11, 1e-14);
          }
        g_assert_cmpuint (shl_trainer_steps (tr), ==, 2);
        shl_net_free (ref);
        g_free (th);
        g_free (m1);
        g_free (m2);
        shl_trainer_free (tr);
        shl_data_free (data);
        shl_net_free (net);
      }
}

/* The weight-decayed gradient is the gradient of L + wd/2 |theta|^2:
 * one gd step with a tiny lr changes that objective by -lr |g|^2. */
static void
test_weight_decay_objective (void)
{
  ShlNet *net = shl_test_random_net (6, 2, 8);
  ShlData *data = make_data (2, 30, TRUE, 9);
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  opts.optimizer = SHL_OPT_GD;
  opts.loss = SHL_LOSS_LOGISTIC;
  opts.weight_decay = 0.3;
  opts.train_linear = TRUE;
  opts.lr = 1e-7;
  ShlTrainer *tr = shl_trainer_new (net, data, &opts);
  double l0;
  double *g = full_grad (net, data, SHL_LOSS_LOGISTIC, &l0);
  double r0 = 0, gg = 0;
  for (size_t k = 0; k < net->n_params; k++)
    {
      r0 += net->theta[k] * net->theta[k];
      double gk = g[k] + 0.3 * net->theta[k];
      gg += gk * gk;
    }
  g_assert_true (shl_trainer_step (tr, NULL));
  const ShlNet *cur = shl_trainer_net (tr);
  double l1;
  g_free (full_grad (cur, data, SHL_LOSS_LOGISTIC, &l1));
  double r1 = 0;
  for (size_t k = 0; k < cur->n_params; k++)
    r1 += cur->theta[k] * cur->theta[k];
  double change = (l1 + 0.15 * r1) - (l0 + 0.15 * r0);
  shl_assert_close (change, -1e-7 * gg, 1e-4, 1e-18);
  g_free (g);
  shl_trainer_free (tr);
  shl_data_free (data);
  shl_net_free (net);
}

static void
run_losses (double *out, int steps, ShlOptimizer opt, guint64 seed,
            size_t batch)
{
  ShlNet *net = shl_test_random_net (10, 1, 11);
  ShlData *data = make_data (1, 100, FALSE, 12);
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  opts.optimizer = opt;
  opts.seed = seed;
  opts.batch = batch;
  opts.lr = 0.01;
  ShlTrainer *tr = shl_trainer_new (net, data, &opts);
  for (int k = 0; k < steps; k++)
    g_assert_true (shl_trainer_step (tr, &out[k]));
  out[steps] = shl_trainer_loss (tr);
  shl_trainer_free (tr);
  shl_data_free (data);
  shl_net_free (net);
}

static void
test_determinism (void)
{
  for (int o = 0; o < 4; o++)
    {
      double a[201], b[201], c[201];
      run_losses (a, 200, (ShlOptimizer) o, 5, 16);
      run_losses (b, 200, (ShlOptimizer) o, 5, 16);
      run_losses (c, 200, (ShlOptimizer) o, 6, 16);
      g_assert_cmpmem (a, sizeof a, b, sizeof b);
      if (o != SHL_OPT_GD) /* gd ignores the batch and the seed */
        g_assert_true (memcmp (a, c, sizeof a) != 0);
      else
        g_assert_cmpmem (a, sizeof a, c, sizeof c);
      /* training makes progress */
      g_assert_cmpfloat (a[200], <, a[0]);
    }
}

static void
test_batches (void)
{
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  opts.optimizer = SHL_OPT_SGD;
  g_assert_cmpuint (shl_train_opts_batch (&opts, 1000), ==, 32);
  g_assert_cmpuint (shl_train_opts_batch (&opts, 10), ==, 10);
  opts.batch = 7;
  g_assert_cmpuint (shl_train_opts_batch (&opts, 1000), ==, 7);
  opts.optimizer = SHL_OPT_GD;
  g_assert_cmpuint (shl_train_opts_batch (&opts, 1000), ==, 1000);
  opts.optimizer = SHL_OPT_ADAM;
  opts.batch = 0;
  g_assert_cmpuint (shl_train_opts_batch (&opts, 1000), ==, 1000);

  /* a minibatch step moves along the gradient of that minibatch: with
   * batch = n the first sgd step equals the gd step */
  double a[3], b[3];
  run_losses (a, 2, SHL_OPT_SGD, 1, 100);
  run_losses (b, 2, SHL_OPT_GD, 1, 0);
  for (int k = 0; k < 3; k++)
    shl_assert_close (a[k], b[k], 1e-13, 0);
}

static void
test_linear_part_fixed (void)
{
  ShlNet *net = shl_test_random_net (3, 2, 2);
  ShlData *data = make_data (2, 40, FALSE, 3);
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  opts.weight_decay = 0.5;
  ShlTrainer *tr = shl_trainer_new (net, data, &opts);
  shl_trainer_run (tr, 20);
  const ShlNet *cur = shl_trainer_net (tr);
  g_assert_cmpmem (cur->v, 2 * sizeof (double), net->v, 2 * sizeof (double));
  g_assert_true (cur->c[0] != net->c[0]);
  shl_trainer_free (tr);

  opts.train_linear = TRUE;
  tr = shl_trainer_new (net, data, &opts);
  shl_trainer_run (tr, 20);
  g_assert_true (shl_trainer_net (tr)->v[0] != net->v[0]);
  shl_trainer_free (tr);
  shl_data_free (data);
  shl_net_free (net);
}

static void
test_divergence (void)
{
  for (int o = 0; o < 4; o++)
    {
      ShlNet *net = shl_test_random_net (8, 1, 4);
      ShlData *data = make_data (1, 50, FALSE, 5);
      ShlTrainOpts opts;
      shl_train_opts_init (&opts);
      opts.optimizer = (ShlOptimizer) o;
      opts.lr = o == SHL_OPT_ADAM ? 1e150 : 1e3;
      ShlTrainer *tr = shl_trainer_new (net, data, &opts);
      guint64 taken = shl_trainer_run (tr, 10000);
      g_assert_cmpuint (taken, <, 10000);
      g_assert_cmpint (shl_trainer_status (tr), ==, SHL_STATUS_DIVERGED);
      g_assert_true (shl_net_is_finite (shl_trainer_net (tr)));
      g_assert_true (isfinite (shl_trainer_loss (tr)));
      /* an overflowing loss sends it back one step, to a finite loss */
      guint64 kept = shl_trainer_steps (tr);
      g_assert_true (kept == taken || kept + 1 == taken);
      g_assert_nonnull (strstr (shl_trainer_message (tr), "diverged"));
      /* a diverged trainer takes no more steps */
      g_assert_false (shl_trainer_step (tr, NULL));
      g_assert_cmpuint (shl_trainer_steps (tr), ==, kept);
      shl_trainer_free (tr);
      shl_data_free (data);
      shl_net_free (net);
    }
}

static void
test_rejects (void)
{
  ShlNet *net = shl_test_random_net (3, 1, 1);
  ShlData *d2 = make_data (2, 10, FALSE, 1);
  ShlData *reg = make_data (1, 10, FALSE, 1);
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  g_assert_null (shl_trainer_new (net, d2, &opts));
  opts.loss = SHL_LOSS_LOGISTIC;
  g_assert_null (shl_trainer_new (net, reg, &opts));
  opts.loss = SHL_LOSS_MSE;
  net->b[0] = NAN;
  ShlTrainer *tr = shl_trainer_new (net, reg, &opts);
  g_assert_cmpint (shl_trainer_status (tr), ==, SHL_STATUS_DIVERGED);
  g_assert_false (shl_trainer_step (tr, NULL));
  shl_trainer_free (tr);
  shl_data_free (d2);
  shl_data_free (reg);
  shl_net_free (net);
}

/* restricted mode loses nothing: on the built-in 1-D targets it reaches
 * the unrestricted loss, and stays in the restricted set */
static void
test_restricted_mode (void)
{
  const char *targets[] = { "sine", "abs", "step", "runge", "teacher" };
  for (unsigned t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      ShlTarget *tg = shl_target_new (targets[t], 2, NULL, NULL);
      ShlData *data = shl_target_sample (tg, 256, 0.0, 2);
      ShlNet *net = shl_net_new (16, 1, NULL, NULL);
      ShlRng rng;
      shl_rng_seed (&rng, 2);
      shl_net_init_random (net, SHL_INIT_BALANCED, &rng);
      double loss[2];
      for (int r = 0; r < 2; r++)
        {
          ShlTrainOpts o;
          shl_train_opts_init (&o);
          o.restricted = r;
          o.train_linear = r;
          ShlTrainer *tr = shl_trainer_new (net, data, &o);
          g_assert_cmpuint (shl_trainer_run (tr, 3000), ==, 3000);
          loss[r] = shl_trainer_loss (tr);
          if (r)
            g_assert_true (shl_net_is_restricted (shl_trainer_net (tr), 1e-9));
          shl_trainer_free (tr);
        }
      g_test_message ("%s: unrestricted %.3g, restricted %.3g", targets[t], loss[0], loss[1]);
      if (!(loss[1] <= 2.5 * loss[0] + 5e-4))
        g_error ("%s: restricted training reached %g, unrestricted %g", targets[t], loss[1], loss[0]);
      shl_net_free (net);
      shl_data_free (data);
      shl_target_free (tg);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trainer/steps-by-hand", test_steps_by_hand);
  g_test_add_func ("/trainer/weight-decay-objective", test_weight_decay_objective);
  g_test_add_func ("/trainer/determinism", test_determinism);
  g_test_add_func ("/trainer/batches", test_batches);
  g_test_add_func ("/trainer/linear-part-fixed", test_linear_part_fixed);
  g_test_add_func ("/trainer/divergence", test_divergence);
  g_test_add_func ("/trainer/rejects", test_rejects);
  g_test_add_func ("/trainer/restricted-mode", test_restricted_mode);
  return g_test_run ();
}
