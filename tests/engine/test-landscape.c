/* test-landscape.c: loss slices and projections. */
#include <glib.h>
#include <math.h>

#include "shl-landscape.h"
#include "shl-test.h"

static ShlData *
make_data (int d, size_t n, guint64 seed)
{
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  ShlData *data = shl_data_new (d, n, NULL, NULL);
  for (size_t k = 0; k < n * (size_t) d; k++)
    data->x[k] = shl_rng_range (&rng, -1.0, 1.0);
  for (size_t k = 0; k < n; k++)
    data->y[k] = cos (2.0 * data->x[k * d]);
  return data;
}

static void
test_direction_per_neuron (void)
{
  ShlNet *net = shl_test_random_net (6, 2, 3);
  double *u = g_new (double, net->n_params);
  ShlRng rng;
  shl_rng_seed (&rng, 4);
  shl_direction_per_neuron (u, net, &rng);
  for (int i = 0; i < 6; i++)
    {
      double nu = u[12 + i] * u[12 + i] + u[18 + i] * u[18 + i];
      double nt = net->b[i] * net->b[i] + net->c[i] * net->c[i];
      for (int j = 0; j < 2; j++)
        {
          nu += u[i * 2 + j] * u[i * 2 + j];
          nt += net->a[i * 2 + j] * net->a[i * 2 + j];
        }
      shl_assert_close (sqrt (nu), sqrt (nt), 1e-13, 0);
    }
  shl_assert_close (fabs (u[24]), fabs (*net->e), 1e-15, 0);
  g_free (u);
  shl_net_free (net);
}

static void
test_center_and_orbit (void)
{
  for (int d = 1; d <= 2; d++)
    {
      ShlNet *net = shl_test_random_net (7, d, 5);
      ShlData *data = make_data (d, 50, 6);
      double *u = g_new (double, net->n_params), *w = g_new (double, net->n_params);
      ShlRng rng;
      shl_rng_seed (&rng, 7);
      shl_direction_per_neuron (u, net, &rng);
      shl_direction_per_neuron (w, net, &rng);
      double grid[5 * 5];
      g_assert_true (shl_landscape_grid (grid, net, u, w, data, SHL_LOSS_MSE,
                                         -1, 1, -1, 1, 5, 5, NULL, NULL, NULL));
      double l0 = shl_loss_grad (NULL, NULL, net, SHL_LOSS_MSE, SHL_KERNEL_NAIVE,
                                 data->x, data->y, data->n);
      shl_assert_close (grid[2 * 5 + 2], l0, 1e-12, 0);

      /* a corner is the loss at theta + a0 u + b0 w */
      ShlNet *corner = shl_net_copy (net);
      for (size_t k = 0; k < net->n_params; k++)
        corner->theta[k] += -u[k] + w[k];
      shl_assert_close (grid[4 * 5 + 0],
                        shl_loss_grad (NULL, NULL, corner, SHL_LOSS_MSE,
                                       SHL_KERNEL_NAIVE, data->x, data->y, data->n),
                        1e-12, 0);

      /* the projection of corner recovers (-1, 1) */
      double alpha, beta;
      g_assert_true (shl_landscape_project (&alpha, &beta, corner->theta, net, u, w));
      shl_assert_close (alpha, -1.0, 1e-10, 1e-12);
      shl_assert_close (beta, 1.0, 1e-10, 1e-12);
      g_assert_false (shl_landscape_project (&alpha, &beta, corner->theta, net, u, u));

      /* along a rescaling orbit of neuron 0, (lambda a, lambda b, c/lambda),
       * the loss is constant */
      for (double lam = 0.25; lam <= 4.0; lam *= 2)
        {
          ShlNet *g = shl_net_copy (net);
          shl_net_rescale_neuron (g, 0, lam);
          shl_assert_close (shl_loss_grad (NULL, NULL, g, SHL_LOSS_MSE, SHL_KERNEL_NAIVE,
                                           data->x, data->y, data->n), l0, 1e-13, 0);
          shl_net_free (g);
        }
      shl_net_free (corner);
      g_free (u);
      g_free (w);
      shl_data_free (data);
      shl_net_free (net);
    }
}

static void
test_cancel (void)
{
  ShlNet *net = shl_test_random_net (3, 1, 5);
  ShlData *data = make_data (1, 10, 6);
  double *u = g_new0 (double, net->n_params);
  double grid[9];
  ShlCancel cancel;
  shl_cancel_init (&cancel);
  shl_cancel_request (&cancel);
  g_assert_false (shl_landscape_grid (grid, net, u, u, data, SHL_LOSS_MSE, -1, 1,
                                      -1, 1, 3, 3, &cancel, NULL, NULL));
  g_free (u);
  shl_data_free (data);
  shl_net_free (net);
}

typedef struct {
  double *grid;
  int     n;
  int     calls;
} CoarseSeen;

static void
on_coarse (const double *grid, int n, double span, void *data)
{
  CoarseSeen *c = data;
  c->grid = g_memdup2 (grid, (gsize) n * n * sizeof (double));
  c->n = n;
  c->calls++;
}

/* progressive slices: the coarse image is exactly every 4th node of the
 * final one, and the final one equals the direct computation */
static void
test_slice_progressive (void)
{
  ShlNet *net = shl_test_random_net (6, 2, 2);
  ShlData *data = make_data (2, 40, 3);
  CoarseSeen seen = { 0 };
  ShlSliceOptions o = { SHL_DIRS_RANDOM, 0, NULL, 2, NULL, &seen, on_coarse };
  ShlLandscapeSlice *a = shl_landscape_slice_compute_full (net, data, SHL_LOSS_MSE, 5, 41, 1.0,
                                                           NULL, 0, &o, NULL);
  ShlLandscapeSlice *b = shl_landscape_slice_compute (net, data, SHL_LOSS_MSE, 5, 41, 1.0,
                                                      NULL, 0, NULL);
  g_assert_cmpint (seen.calls, ==, 1);
  g_assert_cmpint (seen.n, ==, 11);
  g_assert_cmpmem (a->loss, 41 * 41 * sizeof (double), b->loss, 41 * 41 * sizeof (double));
  for (int r = 0; r < 11; r++)
    for (int q = 0; q < 11; q++)
      g_assert_cmpfloat (seen.grid[r * 11 + q], ==, a->loss[(4 * r) * 41 + 4 * q]);
  g_free (seen.grid);
  shl_landscape_slice_free (a);
  shl_landscape_slice_free (b);
  shl_data_free (data);
  shl_net_free (net);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/landscape/direction-per-neuron", test_direction_per_neuron);
  g_test_add_func ("/landscape/center-and-orbit", test_center_and_orbit);
  g_test_add_func ("/landscape/cancel", test_cancel);
  g_test_add_func ("/landscape/slice-progressive", test_slice_progressive);
  return g_test_run ();
}
