/* test-landscape2.c: threaded and progressive grids, the batched
 * evaluation, PCA and the other directions, 1-D paths. */
#include <glib.h>
#include <math.h>
#include <string.h>

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

static ShlData *
make_labels (int d, size_t n, guint64 seed)
{
  ShlData *data = make_data (d, n, seed);
  for (size_t k = 0; k < n; k++)
    data->y[k] = data->y[k] > 0.5 ? 1.0 : 0.0;
  return data;
}

static void
directions (double *u, double *w, const ShlNet *net, guint64 seed)
{
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  shl_direction_per_neuron (u, net, &rng);
  shl_direction_per_neuron (w, net, &rng);
}

static void
test_center (void)
{
  for (int d = 1; d <= 2; d++)
    for (int method = SHL_GRID_PLAIN; method <= SHL_GRID_BATCHED; method++)
      {
        ShlNet *net = shl_test_random_net (9, d, 11);
        ShlData *data = make_data (d, 70, 12);
        double *u = g_new (double, net->n_params), *w = g_new (double, net->n_params);
        directions (u, w, net, 13);
        double grid[7 * 7];
        g_assert_true (shl_landscape_grid_mt (grid, net, u, w, data, SHL_LOSS_MSE,
                                              -1, 1, -1, 1, 7, 7, 2, method,
                                              NULL, NULL, NULL));
        double l0 = shl_loss_grad (NULL, NULL, net, SHL_LOSS_MSE, SHL_KERNEL_NAIVE,
                                   data->x, data->y, data->n);
        shl_assert_close (grid[3 * 7 + 3], l0, 1e-13, 0);
        g_free (u);
        g_free (w);
        shl_net_free (net);
        shl_data_free (data);
      }
}

typedef struct {
  int    calls;
  double last;
  gboolean monotone;
} Progress;

static void
on_progress (double frac, void *user_data)
{
  Progress *p = user_data;
  if (frac < p->last)
    p->monotone = FALSE;
  p->last = frac;
  p->calls++;
}

static void
test_threads_bitwise (void)
{
  for (int d = 1; d <= 2; d++)
    for (int method = SHL_GRID_PLAIN; method <= SHL_GRID_BATCHED; method++)
      {
        ShlNet *net = shl_test_random_net (13, d, 21);
        ShlData *data = make_data (d, 97, 22);
        double *u = g_new (double, net->n_params), *w = g_new (double, net->n_params);
        directions (u, w, net, 23);
        const int nx = 17, ny = 15;
        double *g1 = g_new (double, nx * ny), *g0 = g_new (double, nx * ny);
        g_assert_true (shl_landscape_grid_mt (g1, net, u, w, data, SHL_LOSS_MSE,
                                              -2, 1, -1, 3, nx, ny, 1, method,
                                              NULL, NULL, NULL));
        if (method == SHL_GRID_PLAIN)
          {
            /* the old single-threaded function gives the same bits */
            g_assert_true (shl_landscape_grid (g0, net, u, w, data, SHL_LOSS_MSE,
                                               -2, 1, -1, 3, nx, ny, NULL, NULL,
                                               NULL));
            g_assert_cmpmem (g0, sizeof (double) * nx * ny, g1,
                             sizeof (double) * nx * ny);
          }
        for (int t = 2; t <= 5; t++)
          {
            double *gt = g_new (double, nx * ny);
            Progress p = { 0, 0.0, TRUE };
            g_assert_true (shl_landscape_grid_mt (gt, net, u, w, data,
                                                  SHL_LOSS_MSE, -2, 1, -1, 3,
                                                  nx, ny, t, method, NULL,
                                                  on_progress, &p));
            g_assert_cmpmem (g1, sizeof (double) * nx * ny, gt,
                             sizeof (double) * nx * ny);
            g_assert_true (p.monotone);
            g_assert_cmpfloat (p.last, ==, 1.0);
            g_assert_cmpint (p.calls, >=, 1);
            g_free (gt);
          }
        g_free (g0);
        g_free (g1);
        g_free (u);
        g_free (w);
        shl_net_free (net);
        shl_data_free (data);
      }
}

typedef struct {
  const double *full;
  int           nx, ny, passes;
  double       *out;
} PassCheck;

static void
on_pass (int stride, void *user_data)
{
  PassCheck *pc = user_data;
  pc->passes++;
  for (int r = 0; r < pc->ny; r++)
    for (int q = 0; q < pc->nx; q++)
      {
        double v = pc->out[r * pc->nx + q];
        if (q % stride == 0 && r % stride == 0)
          g_assert_cmpmem (&v, sizeof v, &pc->full[r * pc->nx + q], sizeof v);
        else
          g_assert_true (isnan (v));
      }
}

static void
test_progressive (void)
{
  ShlNet *net = shl_test_random_net (8, 2, 31);
  ShlData *data = make_data (2, 60, 32);
  double *u = g_new (double, net->n_params), *w = g_new (double, net->n_params);
  directions (u, w, net, 33);
  const int sizes[][2] = { { 21, 21 }, { 10, 7 }, { 1, 5 }, { 13, 1 } };
  for (unsigned s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int nx = sizes[s][0], ny = sizes[s][1];
      double *full = g_new (double, nx * ny), *out = g_new (double, nx * ny);
      g_assert_true (shl_landscape_grid_mt (full, net, u, w, data, SHL_LOSS_MSE,
                                            -1, 1, -1, 1, nx, ny, 1,
                                            SHL_GRID_AUTO, NULL, NULL, NULL));
      PassCheck pc = { full, nx, ny, 0, out };
      g_assert_true (shl_landscape_grid_progressive (out, net, u, w, data,
                                                     SHL_LOSS_MSE, -1, 1, -1, 1,
                                                     nx, ny, 2, NULL, on_pass,
                                                     &pc));
      g_assert_cmpint (pc.passes, ==, 2);
      g_assert_cmpmem (full, sizeof (double) * nx * ny, out,
                       sizeof (double) * nx * ny);
      /* each node exactly once: the refinement pass alone leaves the
       * stride-4 nodes untouched */
      for (int k = 0; k < nx * ny; k++)
        out[k] = -7.0;
      g_assert_true (shl_landscape_grid_stride (out, net, u, w, data,
                                                SHL_LOSS_MSE, -1, 1, -1, 1, nx,
                                                ny, 1, 4, 3, SHL_GRID_AUTO,
                                                NULL, NULL, NULL));
      for (int r = 0; r < ny; r++)
        for (int q = 0; q < nx; q++)
          if (q % 4 == 0 && r % 4 == 0)
            g_assert_cmpfloat (out[r * nx + q], ==, -7.0);
          else
            g_assert_cmpfloat (out[r * nx + q], ==, full[r * nx + q]);
      g_free (full);
      g_free (out);
    }
  g_free (u);
  g_free (w);
  shl_net_free (net);
  shl_data_free (data);
}

static void
test_batched_matches (void)
{
  for (int d = 1; d <= 2; d++)
    for (int lk = 0; lk < 2; lk++)
      {
        ShlLoss loss = lk ? SHL_LOSS_LOGISTIC : SHL_LOSS_MSE;
        ShlNet *net = shl_test_random_net (11, d, 41 + d);
        ShlData *data = lk ? make_labels (d, 123, 42) : make_data (d, 123, 42);
        double *u = g_new (double, net->n_params), *w = g_new (double, net->n_params);
        directions (u, w, net, 43);
        const int n = 21;
        double *gp = g_new (double, n * n), *gb = g_new (double, n * n);
        g_assert_true (shl_landscape_grid_mt (gp, net, u, w, data, loss, -1.5,
                                              1.5, -1.5, 1.5, n, n, 1,
                                              SHL_GRID_PLAIN, NULL, NULL, NULL));
        g_assert_true (shl_landscape_grid_mt (gb, net, u, w, data, loss, -1.5,
                                              1.5, -1.5, 1.5, n, n, 2,
                                              SHL_GRID_BATCHED, NULL, NULL,
                                              NULL));
        /* and against the naive kernel, node by node */
        ShlNet *p = shl_net_copy (net);
        for (int r = 0; r < n; r++)
          for (int q = 0; q < n; q++)
            {
              double al = -1.5 + 3.0 * q / (n - 1), be = -1.5 + 3.0 * r / (n - 1);
              for (size_t k = 0; k < net->n_params; k++)
                p->theta[k] = net->theta[k] + al * u[k] + be * w[k];
              double ref = shl_loss_grad (NULL, NULL, p, loss, SHL_KERNEL_NAIVE,
                                          data->x, data->y, data->n);
              shl_assert_close (gb[r * n + q], ref, 1e-12, 0);
              shl_assert_close (gp[r * n + q], ref, 1e-12, 0);
            }
        shl_net_free (p);
        g_free (gp);
        g_free (gb);
        g_free (u);
        g_free (w);
        shl_net_free (net);
        shl_data_free (data);
      }
}

static void
test_pca_line (void)
{
  const size_t np = 25, nh = 700; /* more than SHL_PCA_MAX_ROWS: subsampled */
  double *thetas = g_new (double, nh * np), delta[25], theta0[25];
  ShlRng rng;
  shl_rng_seed (&rng, 51);
  for (size_t j = 0; j < np; j++)
    {
      theta0[j] = shl_rng_normal (&rng);
      delta[j] = 0.01 * shl_rng_normal (&rng);
    }
  for (size_t k = 0; k < nh; k++)
    for (size_t j = 0; j < np; j++)
      thetas[k * np + j] = theta0[j] + (double) k * delta[j];
  double u[25], w[25], ex[2];
  for (int centred = 0; centred < 2; centred++)
    {
      g_assert_true (shl_direction_pca (u, w, ex, thetas, centred ? theta0 : NULL,
                                        nh, np));
      double nd = 0, ud = 0, uu = 0, ww = 0, uw = 0;
      for (size_t j = 0; j < np; j++)
        {
          nd += delta[j] * delta[j];
          ud += u[j] * delta[j];
          uu += u[j] * u[j];
          ww += w[j] * w[j];
          uw += u[j] * w[j];
        }
      shl_assert_close (ud / sqrt (nd), 1.0, 1e-12, 0); /* u = delta/|delta| */
      shl_assert_close (uu, 1.0, 1e-13, 0);
      shl_assert_close (ww, 1.0, 1e-13, 0);
      g_assert_cmpfloat (fabs (uw), <, 1e-12);
      shl_assert_close (ex[0], 1.0, 1e-12, 0);
      g_assert_cmpfloat (fabs (ex[1]), <, 1e-12);
    }
  g_free (thetas);

  /* a plane: two directions, explained fractions from a known spectrum */
  const size_t nh2 = 200;
  double *t2 = g_new (double, nh2 * np), e1[25] = { 0 }, e2[25] = { 0 };
  e1[3] = 1.0;
  e2[7] = 1.0;
  double s1 = 0, s2 = 0;
  for (size_t k = 0; k < nh2; k++)
    {
      double x = cos (2 * G_PI * k / nh2) * 3.0, y = sin (2 * G_PI * k / nh2);
      s1 += x * x;
      s2 += y * y;
      for (size_t j = 0; j < np; j++)
        t2[k * np + j] = theta0[j] + x * e1[j] + y * e2[j];
    }
  g_assert_true (shl_direction_pca (u, w, ex, t2, theta0, nh2, np));
  shl_assert_close (fabs (u[3]), 1.0, 1e-10, 0);
  shl_assert_close (fabs (w[7]), 1.0, 1e-10, 0);
  shl_assert_close (ex[0], s1 / (s1 + s2), 1e-10, 0);
  shl_assert_close (ex[1], s2 / (s1 + s2), 1e-10, 0);
  g_free (t2);
  /* degenerate */
  double same[2 * 25];
  memcpy (same, theta0, sizeof theta0);
  memcpy (same + 25, theta0, sizeof theta0);
  g_assert_false (shl_direction_pca (u, w, ex, same, NULL, 2, np));
}

static void
test_other_directions (void)
{
  ShlNet *net = shl_test_random_net (5, 2, 61);
  ShlNet *other = shl_test_random_net (5, 2, 62);
  const size_t np = net->n_params;
  double *u = g_new (double, np), *w = g_new (double, np);
  g_assert_true (shl_direction_coords (u, w, net, 2, 17));
  for (size_t k = 0; k < np; k++)
    {
      g_assert_cmpfloat (u[k], ==, k == 2 ? 1.0 : 0.0);
      g_assert_cmpfloat (w[k], ==, k == 17 ? 1.0 : 0.0);
    }
  g_assert_false (shl_direction_coords (u, w, net, 3, 3));
  g_assert_false (shl_direction_coords (u, w, net, 3, np));
  /* orbit tangent: finite difference of the rescaling */
  g_assert_true (shl_direction_orbit (u, net, 3));
  ShlNet *p = shl_net_copy (net), *q = shl_net_copy (net);
  const double h = 1e-6;
  shl_net_rescale_neuron (p, 3, 1.0 + h);
  shl_net_rescale_neuron (q, 3, 1.0 - h);
  for (size_t k = 0; k < np; k++)
    shl_assert_close (u[k], (p->theta[k] - q->theta[k]) / (2 * h), 1e-8, 1e-12);
  g_assert_false (shl_direction_orbit (u, net, 5));
  g_assert_true (shl_direction_twin (u, net, other));
  for (size_t k = 0; k < np; k++)
    g_assert_cmpfloat (u[k], ==, other->theta[k] - net->theta[k]);
  ShlNet *wide = shl_test_random_net (6, 2, 63);
  g_assert_false (shl_direction_twin (u, net, wide));
  shl_net_free (wide);
  shl_net_free (p);
  shl_net_free (q);
  shl_net_free (net);
  shl_net_free (other);
  g_free (u);
  g_free (w);
}

static void
test_paths (void)
{
  for (int d = 1; d <= 2; d++)
    {
      ShlNet *A = shl_test_random_net (7, d, 71), *B = shl_test_random_net (7, d, 72);
      ShlNet *C = shl_test_random_net (4, d, 73);
      ShlData *data = make_data (d, 88, 74);
      const int np = 41;
      double lp[41], lr[41], lo[41];
      g_assert_true (shl_path_params (lp, A, B, data, SHL_LOSS_MSE, np));
      for (int k = 0; k < np; k += 10)
        {
          double t = k / 40.0;
          ShlNet *p = shl_net_copy (A);
          for (size_t j = 0; j < A->n_params; j++)
            p->theta[j] = (1 - t) * A->theta[j] + t * B->theta[j];
          shl_assert_close (lp[k], shl_loss_grad (NULL, NULL, p, SHL_LOSS_MSE,
                                                  SHL_KERNEL_NAIVE, data->x,
                                                  data->y, data->n), 1e-12, 0);
          shl_net_free (p);
        }
      g_assert_false (shl_path_params (lp, A, C, data, SHL_LOSS_MSE, np));
      /* realizations, widths may differ: the closed-form quadratic */
      g_assert_true (shl_path_realizations (lr, A, C, data, SHL_LOSS_MSE, np));
      double *fa = g_new (double, data->n), *fc = g_new (double, data->n);
      shl_net_eval (fa, NULL, A, data->x, data->n);
      shl_net_eval (fc, NULL, C, data->x, data->n);
      for (int k = 0; k < np; k++)
        {
          double t = k / 40.0, s = 0.0;
          for (size_t j = 0; j < data->n; j++)
            {
              double r = (1 - t) * fa[j] + t * fc[j] - data->y[j];
              s += r * r;
            }
          shl_assert_close (lr[k], s / data->n, 1e-12, 0);
          if (k > 0 && k < np - 1)
            g_assert_cmpfloat (lr[k - 1] + lr[k + 1] - 2 * lr[k], >=,
                               -1e-12 * lr[k]);
        }
      /* the ends: the networks' own losses */
      shl_assert_close (lr[0], shl_loss_grad (NULL, NULL, A, SHL_LOSS_MSE,
                                              SHL_KERNEL_NAIVE, data->x,
                                              data->y, data->n), 1e-12, 0);
      g_free (fa);
      g_free (fc);
      /* the rescaling orbit: constant */
      for (int i = 0; i < 7; i++)
        {
          g_assert_true (shl_path_orbit (lo, A, i, data, SHL_LOSS_MSE, 3.0, np));
          for (int k = 0; k < np; k++)
            shl_assert_close (lo[k], lo[np / 2], 1e-12, 0);
        }
      g_assert_false (shl_path_orbit (lo, A, 7, data, SHL_LOSS_MSE, 3.0, np));
      shl_net_free (A);
      shl_net_free (B);
      shl_net_free (C);
      shl_data_free (data);
    }
}

/* cancel as soon as the first row is done (progress runs on the calling
 * thread after each row) */
static void
cancel_after_first_row (double frac, void *data)
{
  shl_cancel_request (data);
}

static void
test_cancel (void)
{
  /* a grid that takes seconds, cancelled after its first row: one thread
   * stops right there; with two, the other stops after the row it is in
   * (how many rows it managed meanwhile depends on scheduling) */
  ShlNet *net = shl_test_random_net (64, 2, 81);
  ShlData *data = make_data (2, 2048, 82);
  double *u = g_new (double, net->n_params), *w = g_new (double, net->n_params);
  directions (u, w, net, 83);
  const int n = 301;
  double *g = g_new (double, n * n);
  for (int run = 0; run < 4; run++)
    {
      int method = run % 2 ? SHL_GRID_BATCHED : SHL_GRID_PLAIN;
      int threads = run < 2 ? 1 : 2;
      ShlCancel flag;
      shl_cancel_init (&flag);
      for (int k = 0; k < n * n; k++)
        g[k] = NAN;
      gboolean ok = shl_landscape_grid_mt (g, net, u, w, data, SHL_LOSS_MSE, -1,
                                           1, -1, 1, n, n, threads, method, &flag,
                                           cancel_after_first_row, &flag);
      g_assert_false (ok);
      /* every thread polls before each row: a few rows, not the grid */
      int rows = 0;
      for (int r = 0; r < n; r++)
        rows += !isnan (g[(size_t) r * n]);
      if (threads == 1)
        g_assert_cmpint (rows, ==, 1);
      else
        {
          g_assert_cmpint (rows, >=, 1);
          g_assert_cmpint (rows, <, n);
        }
      /* already cancelled: returns without computing anything */
      for (int k = 0; k < n * n; k++)
        g[k] = 0.0;
      g_assert_false (shl_landscape_grid_progressive (g, net, u, w, data,
                                                      SHL_LOSS_MSE, -1, 1, -1,
                                                      1, n, n, 2, &flag, NULL,
                                                      NULL));
      for (int k = 0; k < n * n; k++)
        g_assert_true (isnan (g[k]));
    }
  g_free (g);
  g_free (u);
  g_free (w);
  shl_net_free (net);
  shl_data_free (data);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/landscape2/center", test_center);
  g_test_add_func ("/landscape2/threads-bitwise", test_threads_bitwise);
  g_test_add_func ("/landscape2/progressive", test_progressive);
  g_test_add_func ("/landscape2/batched-matches", test_batched_matches);
  g_test_add_func ("/landscape2/pca-line", test_pca_line);
  g_test_add_func ("/landscape2/other-directions", test_other_directions);
  g_test_add_func ("/landscape2/paths", test_paths);
  g_test_add_func ("/landscape2/cancel", test_cancel);
  return g_test_run ();
}
