/* test-loss.c: losses, gradients (central differences) and kernels. */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-loss.h"
#include "shl-test.h"

static const ShlKernel all_kernels[] = { SHL_KERNEL_FUSED, SHL_KERNEL_BLAS,
                                         SHL_KERNEL_NAIVE };

/* random data (x uniform on the domain, y in {0,1} or N(0,1)) */
static void
make_data (double *x, double *y, int d, size_t n, gboolean labels,
           guint64 seed)
{
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  for (size_t k = 0; k < n * (size_t) d; k++)
    x[k] = shl_rng_range (&rng, -1.0, 1.0);
  for (size_t k = 0; k < n; k++)
    y[k] = labels ? (double) shl_rng_below (&rng, 2) : shl_rng_normal (&rng);
}

static void
test_hand_values (void)
{
  /* f(x) = 2 relu(x) - 1 on three points */
  ShlNet *net = shl_net_new (1, 1, NULL, NULL);
  net->a[0] = 1, net->b[0] = 0, net->c[0] = 2, *net->e = -1;
  const double x[] = { -0.5, 0.5, 1.0 };
  const double y[] = { 0.0, 1.0, 0.0 }; /* f = -1, 0, 1 */
  for (unsigned q = 0; q < G_N_ELEMENTS (all_kernels); q++)
    {
      ShlWorkspace *ws = shl_workspace_new (1, 1, 3, all_kernels[q]);
      double g[5];
      double l = shl_loss_grad (g, ws, net, SHL_LOSS_MSE, all_kernels[q], x, y,
                                3);
      shl_assert_close (l, (1.0 + 1.0 + 1.0) / 3.0, 1e-15, 0);
      /* dL/df_k = 2 (f_k - y_k) / 3 = (-2/3, -2/3, 2/3) */
      /* da = sum r_k c [x_k > 0] x_k = 2 (-2/3 * 0.5 + 2/3 * 1) = 2/3 */
      shl_assert_close (g[0], 2.0 / 3.0, 1e-15, 1e-16);
      shl_assert_close (g[1], 0.0, 0, 1e-16);                 /* db */
      shl_assert_close (g[2], (-2.0 / 3 * 0.5 + 2.0 / 3), 1e-15, 1e-16); /* dc */
      shl_assert_close (g[3], -2.0 / 3.0, 1e-15, 1e-16);      /* de */
      shl_assert_close (g[4], (2.0 / 3 * 0.5 - 2.0 / 3 * 0.5 + 2.0 / 3), 1e-15,
                        1e-16); /* dv */

      /* logistic: labels (0, 1, 0), f = (-1, 0, 1):
       * l = log(1+e^-1) + log 2 + log(1+e^1) */
      l = shl_loss_grad (g, ws, net, SHL_LOSS_LOGISTIC, all_kernels[q], x, y, 3);
      shl_assert_close (l, (log1p (exp (-1)) + log (2) + log1p (exp (1))) / 3,
                        1e-15, 0);
      shl_workspace_free (ws);
    }
  shl_net_free (net);
}

static double
loss_at (ShlNet *net, ShlLoss loss, const double *x, const double *y, size_t n)
{
  return shl_loss_grad (NULL, NULL, net, loss, SHL_KERNEL_NAIVE, x, y, n);
}

static void
check_gradient (int m, int d, size_t n, ShlLoss loss, guint64 seed)
{
  ShlNet *net = shl_test_random_net (m, d, seed);
  double *x = g_new (double, n * d), *y = g_new (double, n);
  make_data (x, y, d, n, loss == SHL_LOSS_LOGISTIC, seed + 100);
  double *g = g_new (double, net->n_params);
  ShlWorkspace *ws = shl_workspace_new (m, d, n, SHL_KERNEL_FUSED);
  shl_loss_grad (g, ws, net, loss, SHL_KERNEL_FUSED, x, y, n);
  const double h = 1e-6;
  for (size_t k = 0; k < net->n_params; k++)
    {
      double t = net->theta[k];
      net->theta[k] = t + h;
      double lp = loss_at (net, loss, x, y, n);
      net->theta[k] = t - h;
      double lm = loss_at (net, loss, x, y, n);
      net->theta[k] = t;
      double fd = (lp - lm) / (2 * h);
      /* a kink crossing a data point inside [t-h, t+h] would spoil the
       * difference; random data make that vanishingly unlikely */
      shl_assert_close (g[k], fd, 1e-6, 1e-8);
    }
  shl_workspace_free (ws);
  g_free (g);
  g_free (x);
  g_free (y);
  shl_net_free (net);
}

static void
test_gradient_fd (void)
{
  for (int d = 1; d <= 2; d++)
    for (int l = 0; l < 2; l++)
      for (guint64 seed = 1; seed <= 4; seed++)
        {
          check_gradient (1, d, 7, (ShlLoss) l, seed);
          check_gradient (5, d, 33, (ShlLoss) l, seed);
          check_gradient (17, d, 64, (ShlLoss) l, seed);
        }
}

static void
test_kernels_agree (void)
{
  const int widths[] = { 0, 1, 3, 8, 13, 64, 129 };
  const size_t counts[] = { 1, 3, 4, 5, 17, 256, 1001 };
  for (int d = 1; d <= 2; d++)
    for (unsigned wi = 0; wi < G_N_ELEMENTS (widths); wi++)
      for (unsigned ni = 0; ni < G_N_ELEMENTS (counts); ni++)
        for (int l = 0; l < 2; l++)
          {
            int m = widths[wi];
            size_t n = counts[ni];
            ShlNet *net = shl_test_random_net (m, d, 10 * wi + ni);
            double *x = g_new (double, n * d), *y = g_new (double, n);
            make_data (x, y, d, n, l == 1, wi + 7 * ni);
            double *g[3];
            double loss[3];
            for (int q = 0; q < 3; q++)
              {
                g[q] = g_new (double, net->n_params);
                ShlWorkspace *ws = shl_workspace_new (m, d, n, all_kernels[q]);
                loss[q] = shl_loss_grad (g[q], ws, net, (ShlLoss) l,
                                         all_kernels[q], x, y, n);
                /* value only */
                double v = shl_loss_grad (NULL, ws, net, (ShlLoss) l,
                                          all_kernels[q], x, y, n);
                shl_assert_close (v, loss[q], 1e-13, 1e-15);
                shl_workspace_free (ws);
              }
            for (int q = 0; q < 2; q++)
              {
                shl_assert_close (loss[q], loss[2], 1e-12, 1e-15);
                for (size_t k = 0; k < net->n_params; k++)
                  shl_assert_close (g[q][k], g[2][k], 1e-10, 1e-13);
              }
            for (int q = 0; q < 3; q++)
              g_free (g[q]);
            g_free (x);
            g_free (y);
            shl_net_free (net);
          }
}

static void
test_relu_derivative_at_zero (void)
{
  /* a data point exactly on the kink contributes nothing to da, db */
  ShlNet *net = shl_net_new (1, 1, NULL, NULL);
  net->a[0] = 1, net->b[0] = -0.5, net->c[0] = 3;
  const double x[] = { 0.5 }, y[] = { 1.0 };
  for (int q = 0; q < 3; q++)
    {
      ShlWorkspace *ws = shl_workspace_new (1, 1, 1, all_kernels[q]);
      double g[5];
      shl_loss_grad (g, ws, net, SHL_LOSS_MSE, all_kernels[q], x, y, 1);
      g_assert_cmpfloat (g[0], ==, 0.0);
      g_assert_cmpfloat (g[1], ==, 0.0);
      g_assert_cmpfloat (g[2], ==, 0.0);
      shl_assert_close (g[3], -2.0, 1e-15, 0);
      shl_workspace_free (ws);
    }
  shl_net_free (net);
}

static void
test_logistic_stable (void)
{
  /* |f| = 1000 must not overflow: loss 0 or 1000 */
  ShlNet *net = shl_net_new (0, 1, NULL, NULL);
  *net->e = 1000.0;
  const double x[] = { 0.0, 0.0 }, y[] = { 1.0, 0.0 };
  double g[2];
  double l = shl_loss_grad (g, NULL, net, SHL_LOSS_LOGISTIC, SHL_KERNEL_NAIVE,
                            x, y, 2);
  shl_assert_close (l, 500.0, 1e-15, 0);
  shl_assert_close (g[0], 0.5, 1e-15, 0); /* de: (0 + 1) / 2 */
  shl_net_free (net);
}

static void
test_names (void)
{
  ShlLoss l;
  ShlKernel k;
  g_assert_true (shl_loss_from_name ("logistic", &l));
  g_assert_cmpint (l, ==, SHL_LOSS_LOGISTIC);
  g_assert_false (shl_loss_from_name ("hinge", &l));
  g_assert_true (shl_kernel_from_name ("blas", &k));
  g_assert_cmpint (k, ==, SHL_KERNEL_BLAS);
  g_assert_cmpstr (shl_loss_name (SHL_LOSS_MSE), ==, "mse");
  g_assert_cmpstr (shl_kernel_name (SHL_KERNEL_NAIVE), ==, "naive");
  g_assert_cmpfloat (shl_loss_grad_flops (64, 2, 1024), ==, 64.0 * 1024 * 16);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/loss/hand-values", test_hand_values);
  g_test_add_func ("/loss/gradient-fd", test_gradient_fd);
  g_test_add_func ("/loss/kernels-agree", test_kernels_agree);
  g_test_add_func ("/loss/relu-derivative-at-zero", test_relu_derivative_at_zero);
  g_test_add_func ("/loss/logistic-stable", test_logistic_stable);
  g_test_add_func ("/loss/names", test_names);
  return g_test_run ();
}
