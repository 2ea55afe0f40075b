/* shl-cli-bench.c: `shallows-cli bench`, training speed in context.
 *
 * For each case, full-batch Adam steps per second with the fused kernel
 * (what the app and the CLI use), the BLAS kernel and the naive loop, all
 * single-threaded, plus the effective GFLOP/s and, in the same run, the
 * machine's single-thread dgemm GFLOP/s. Then a loss-landscape grid, and
 * the exact distances between two random networks: the engine's algorithms
 * against its reference ones (naive exact realization distance, dense
 * assignment matrices), where those finish in reasonable time. */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shl-cli.h"
#include "shl-data.h"
#include "shl-fibre.h"
#include "shl-geom.h"
#include "shl-landscape.h"
#include "shl-loss.h"
#include "shl-net.h"
#include "shl-trainer.h"

typedef struct {
  int         d, m;
  size_t      n;
  double      torch_steps; /* PyTorch 1.13, CPU, one thread, this machine kind */
} BenchCase;

static const BenchCase cases[] = {
  { 1, 64, 256, 2000.0 },
  { 2, 64, 1024, 1200.0 },
  { 1, 1024, 4096, 31.0 },
};

/* steps per second of full-batch Adam with the given kernel */
static double
steps_per_second (const BenchCase *bc, ShlKernel kernel, double seconds)
{
  ShlRng rng;
  shl_rng_seed (&rng, 1);
  ShlNet *net = shl_net_new (bc->m, bc->d, NULL, NULL);
  shl_net_init_random (net, SHL_INIT_HE, &rng);
  ShlData *data = shl_data_new (bc->d, bc->n, NULL, NULL);
  for (size_t k = 0; k < bc->n; k++)
    {
      double r2 = 0.0;
      for (int j = 0; j < bc->d; j++)
        {
          double x = shl_rng_range (&rng, -1.0, 1.0);
          data->x[k * bc->d + j] = x;
          r2 += x * x;
        }
      data->y[k] = sin (3.0 * sqrt (r2));
    }
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  opts.optimizer = SHL_OPT_ADAM;
  opts.lr = 1e-3;
  opts.kernel = kernel;
  ShlTrainer *tr = shl_trainer_new (net, data, &opts);
  shl_net_free (net);
  shl_data_free (data);
  if (!tr)
    return NAN;

  shl_trainer_run (tr, 3); /* warm up */
  guint64 steps = 0, batch = 1;
  gint64 t0 = g_get_monotonic_time (), t1 = t0;
  while ((double) (t1 - t0) < seconds * 1e6)
    {
      steps += shl_trainer_run (tr, batch);
      t1 = g_get_monotonic_time ();
      if (batch < 1024)
        batch *= 2;
    }
  shl_trainer_free (tr);
  return (double) steps / ((double) (t1 - t0) * 1e-6);
}

static double
dgemm_gflops (int size, double seconds)
{
  size_t nn = (size_t) size * (size_t) size;
  double *a = g_new (double, nn), *b = g_new (double, nn), *c = g_new0 (double, nn);
  for (size_t k = 0; k < nn; k++)
    {
      a[k] = (double) (k % 7) * 0.1;
      b[k] = (double) (k % 5) * 0.2;
    }
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, size, size, size,
               1.0, a, size, b, size, 0.0, c, size);
  guint64 calls = 0;
  gint64 t0 = g_get_monotonic_time (), t1 = t0;
  while ((double) (t1 - t0) < seconds * 1e6)
    {
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, size, size, size,
                   1.0, a, size, b, size, 0.0, c, size);
      calls++;
      t1 = g_get_monotonic_time ();
    }
  g_free (a);
  g_free (b);
  g_free (c);
  return 2.0 * size * (double) size * size * (double) calls
         / ((double) (t1 - t0) * 1e-6) / 1e9;
}

/* ------------------------------------------------------------ landscape */

/* PyTorch 1.13 batched over the whole grid (one vmap-style tensor
 * program), this machine kind, (d=2, m=64, n=1024), 101 x 101; the target
 * of the engine for the same grid. */
#define LANDSCAPE_TORCH_SECONDS  3.8
#define LANDSCAPE_TARGET_SECONDS 0.4

typedef struct {
  ShlNet  *net;
  ShlData *data;
  double  *u, *w, *out;
  int      n;
} LandCase;

static void
land_case_init (LandCase *lc, int n)
{
  ShlRng rng;
  shl_rng_seed (&rng, 7);
  lc->net = shl_net_new (64, 2, NULL, NULL);
  shl_net_init_random (lc->net, SHL_INIT_HE, &rng);
  lc->data = shl_data_new (2, 1024, NULL, NULL);
  for (size_t k = 0; k < 1024; k++)
    {
      double x0 = shl_rng_range (&rng, -1.0, 1.0), x1 = shl_rng_range (&rng, -1.0, 1.0);
      lc->data->x[2 * k] = x0;
      lc->data->x[2 * k + 1] = x1;
      lc->data->y[k] = sin (3.0 * sqrt (x0 * x0 + x1 * x1));
    }
  lc->u = g_new (double, lc->net->n_params);
  lc->w = g_new (double, lc->net->n_params);
  shl_direction_per_neuron (lc->u, lc->net, &rng);
  shl_direction_per_neuron (lc->w, lc->net, &rng);
  lc->n = n;
  lc->out = g_new (double, (gsize) n * n);
}

static void
land_case_clear (LandCase *lc)
{
  shl_net_free (lc->net);
  shl_data_free (lc->data);
  g_free (lc->u);
  g_free (lc->w);
  g_free (lc->out);
}

/* seconds for one grid (the best of repeated runs within `seconds`) */
static double
land_seconds (LandCase *lc, int n_threads, ShlGridMethod method, int stride,
              double seconds)
{
  double best = INFINITY;
  gint64 start = g_get_monotonic_time ();
  do
    {
      gint64 t0 = g_get_monotonic_time ();
      shl_landscape_grid_stride (lc->out, lc->net, lc->u, lc->w, lc->data,
                                 SHL_LOSS_MSE, -1, 1, -1, 1, lc->n, lc->n,
                                 stride, 0, n_threads, method, NULL, NULL, NULL);
      double dt = (double) (g_get_monotonic_time () - t0) * 1e-6;
      best = fmin (best, dt);
    }
  while ((double) (g_get_monotonic_time () - start) < seconds * 1e6);
  return best;
}

static void
bench_landscape (double seconds)
{
  /* a short --seconds runs a 21 x 21 grid so the smoke test stays fast;
   * the timings are then scaled to 101 x 101 by the node count */
  int n = seconds < 0.5 ? 21 : 101;
  double scale = (101.0 * 101.0) / ((double) n * n);
  LandCase lc;
  land_case_init (&lc, n);
  printf ("\nloss landscape, d=2 m=64 n=1024, 101 x 101 grid%s, seconds\n",
          n == 101 ? "" : " (extrapolated from 21 x 21)");
  printf ("%-34s %10s %10s %10s\n", "", "time", "vs torch", "vs target");
  struct {
    const char   *name;
    int           threads;
    ShlGridMethod method;
    int           stride;
  } rows[] = {
    { "plain, 1 thread", 1, SHL_GRID_PLAIN, 1 },
    { "batched (dgemm Z), 1 thread", 1, SHL_GRID_BATCHED, 1 },
    { "plain, 2 threads", 2, SHL_GRID_PLAIN, 1 },
    { "batched, 2 threads", 2, SHL_GRID_BATCHED, 1 },
    { "auto, 2 threads", 2, SHL_GRID_AUTO, 1 },
    { "first coarse image (stride 4), 2 thr", 2, SHL_GRID_AUTO, 4 },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (rows); k++)
    {
      double t = scale * land_seconds (&lc, rows[k].threads, rows[k].method,
                                       rows[k].stride, seconds);
      printf ("%-34s %9.3fs %9.1fx %9.2fx\n", rows[k].name, t,
              LANDSCAPE_TORCH_SECONDS / t, LANDSCAPE_TARGET_SECONDS / t);
    }
  printf ("reference: PyTorch 1.13 batched over the grid %.1f s; target %.1f s\n"
          "(\"vs\" columns: > 1 is faster than the reference / within the target)\n",
          LANDSCAPE_TORCH_SECONDS, LANDSCAPE_TARGET_SECONDS);
  land_case_clear (&lc);
}

/* ------------------------------------------------------------- distance */

/* The measurements of the former algorithms (tolerance-based
 * realization distance, dense cost matrices, O(M^3) Hungarian) for the
 * whole `distance` report on two random networks, this machine kind. */
static const struct {
  int    d, m;
  double seconds;
} distance_before[] = {
  { 1, 300, 0.4 }, { 1, 1000, 4.4 }, { 1, 3000, 33.0 }, { 1, 10000, 260.0 },
  { 2, 256, 2.3 },
};

static ShlNet *
bench_net (int m, int d, guint64 seed)
{
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  ShlNet *net = shl_net_new (m, d, NULL, NULL);
  shl_net_init_random (net, SHL_INIT_HE, &rng);
  return net;
}

typedef struct {
  const ShlNet *a, *b;
  unsigned      parts;  /* 0: the naive realization distance;
                         * DIST_NO_ROBUST: the realization distance
                         * without its robust pass */
} DistCase;

#define DIST_NO_ROBUST (1u << 30)

static void
dist_run (const DistCase *c)
{
  if (c->parts == 0)
    {
      ShlDistances D;
      shl_realization_distance_naive (&D, c->a, c->b, NULL, NULL);
      return;
    }
  if (c->parts == DIST_NO_ROBUST)
    {
      ShlDistances D;
      shl_realization_distance_flags (&D, c->a, c->b, NULL, NULL,
                                      SHL_GEOM_NO_ROBUST);
      return;
    }
  ShlDistanceReport r;
  shl_distance_report (&r, c->a, c->b, c->parts);
}

static double
cpu_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* CPU seconds of one call (everything here is single-threaded, and CPU
 * time does not count the other processes of a busy machine): the best of
 * repeated calls within `seconds` of wall time (at least one) */
static double
dist_seconds (const DistCase *c, double seconds)
{
  double best = INFINITY;
  gint64 start = g_get_monotonic_time ();
  do
    {
      double t0 = cpu_now ();
      dist_run (c);
      best = fmin (best, cpu_now () - t0);
    }
  while ((double) (g_get_monotonic_time () - start) < seconds * 1e6);
  return best;
}

static void
print_seconds (double t)
{
  if (isnan (t))
    printf (" %10s", "-");
  else
    printf (" %9.3fs", t);
}

static void
bench_distance (double seconds)
{
  gboolean quick = seconds < 0.5;
  printf ("\nexact distances between two random networks (He init), CPU "
          "seconds,\none thread (best of repeated runs; \"-\": the reference "
          "would take too long)\n");

  /* the realization side */
  printf ("\nrealization side (sup, W1inf 2- and max-norm, argsup; the "
          "robust W1inf\nand the width of the maximiser; \"exact only\": "
          "without the robust pass)\n");
  printf ("%-16s %10s %10s %10s %10s %8s\n", "case", "new", "naive",
          "speed-up", "exact only", "robust");
  const int w1[] = { 1000, 10000, 100000 }, w2[] = { 64, 256, 1000 };
  for (int d = 1; d <= 2; d++)
    for (int k = 0; k < 3; k++)
      {
        int m = d == 1 ? w1[k] : w2[k];
        if (quick && k == 2)
          continue;
        ShlNet *a = bench_net (m, d, 1), *b = bench_net (m, d, 2);
        DistCase c = { a, b, SHL_DISTANCE_REALIZATION };
        double t = dist_seconds (&c, seconds), tn = NAN;
        c.parts = DIST_NO_ROBUST;
        double te = dist_seconds (&c, seconds);
        if ((d == 1 && m <= (quick ? 1000 : 3000)) || (d == 2 && m <= 64))
          {
            c.parts = 0;
            tn = dist_seconds (&c, seconds);
          }
        g_autofree char *name = g_strdup_printf ("d=%d m=%d", d, m);
        printf ("%-16s", name);
        print_seconds (t);
        print_seconds (tn);
        if (isnan (tn))
          printf (" %10s", "-");
        else
          printf (" %9.1fx", tn / t);
        print_seconds (te);
        printf (" %+7.0f%%\n", 100.0 * (t / te - 1.0));
        shl_net_free (a);
        shl_net_free (b);
      }
  /* the app's twin: a balanced copy, where every vertex value is at
   * rounding level (the hard case for the filters) */
  for (int d = 1; d <= 2; d++)
    {
      int m = d == 1 ? (quick ? 10000 : 100000) : (quick ? 64 : 1000);
      ShlNet *a = bench_net (m, d, 1), *b = shl_net_copy (a);
      shl_net_balance (b);
      DistCase c = { a, b, SHL_DISTANCE_REALIZATION };
      double t = dist_seconds (&c, seconds);
      c.parts = DIST_NO_ROBUST;
      double te = dist_seconds (&c, seconds);
      g_autofree char *name = g_strdup_printf ("d=%d m=%d twin", d, m);
      printf ("%-16s", name);
      print_seconds (t);
      printf (" %10s %10s", "-", "-");
      print_seconds (te);
      printf (" %+7.0f%%\n", 100.0 * (t / te - 1.0));
      shl_net_free (a);
      shl_net_free (b);
    }
  printf ("target: d=1 m=100000 under 0.1 s (twin: f against its balanced "
          "copy)\n");

  /* the whole report */
  printf ("\nwhole report (realization, raw, d_sym, d_sym_l2, fibre) and its "
          "parts\n");
  printf ("%-16s %10s %10s %10s %10s %10s %10s\n", "case", "all", "realiz.",
          "params", "fibre", "dense", "before");
  const int r1[] = { 300, 1000, 3000, 10000 }, r2[] = { 64, 256, 1000 };
  for (int d = 1; d <= 2; d++)
    for (int k = 0; k < (d == 1 ? 4 : 3); k++)
      {
        int m = d == 1 ? r1[k] : r2[k];
        if (quick && k >= 1)
          continue;
        ShlNet *a = bench_net (m, d, 1), *b = bench_net (m, d, 2);
        DistCase c = { a, b, SHL_DISTANCE_ALL };
        double t = dist_seconds (&c, seconds);
        double tp[3];
        for (int q = 0; q < 3; q++)
          {
            c.parts = 1u << q;
            tp[q] = dist_seconds (&c, seconds);
          }
        double td = NAN, tb = NAN;
        if ((d == 1 && m <= (quick ? 300 : 1000)) || (d == 2 && m <= 64))
          {
            c.parts = SHL_DISTANCE_ALL | SHL_DISTANCE_DENSE;
            td = dist_seconds (&c, seconds);
          }
        for (unsigned q = 0; q < G_N_ELEMENTS (distance_before); q++)
          if (distance_before[q].d == d && distance_before[q].m == m)
            tb = distance_before[q].seconds;
        g_autofree char *name = g_strdup_printf ("d=%d m=%d", d, m);
        printf ("%-16s", name);
        print_seconds (t);
        for (int q = 0; q < 3; q++)
          print_seconds (tp[q]);
        print_seconds (td);
        print_seconds (tb);
        printf ("\n");
        shl_net_free (a);
        shl_net_free (b);
      }
  printf ("targets: d=1 m=10000 under 2 s, d=2 m=1000 under 3 s\n"
          "dense: the engine's reference algorithms (naive exact realization "
          "distance,\ndense cost matrices, O(M^3) Hungarian); before: the "
          "former algorithms as\nmeasured in issue 13 (tolerance-based "
          "geometry, dense assignments)\n");
}

int
shl_cli_bench (int argc, char **argv)
{
  gboolean quick = FALSE;
  g_autofree char *seconds_s = NULL;
  GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Short measurements (a smoke test, noisy figures)", NULL },
    { "seconds", 0, 0, G_OPTION_ARG_STRING, &seconds_s, "Seconds per measurement (default 1)", "S" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- measure training speed");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Full-batch Adam, single-threaded, for (d=1, m=64, n=256), (d=2, m=64, n=1024)\n"
    "and (d=1, m=1024, n=4096): steps/s of the fused kernel, the BLAS kernel and\n"
    "a naive loop, the effective GFLOP/s, the machine's single-thread dgemm\n"
    "GFLOP/s, and the ratio to PyTorch 1.13 (one CPU thread, measured once on\n"
    "this kind of machine: 2000, 1200 and 31 steps/s).");
  g_autoptr (GError) err = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &err))
    return shl_cli_fail ("bench", SHL_CLI_EXIT_USAGE, "%s (see --help)", err->message);
  if (argc > 1)
    return shl_cli_fail ("bench", SHL_CLI_EXIT_USAGE, "unexpected argument \"%s\"", argv[1]);
  double seconds = quick ? 0.05 : 1.0;
  if (seconds_s && !shl_cli_parse_double ("--seconds", seconds_s, 0.001, 3600, &seconds, &err))
    return shl_cli_fail ("bench", SHL_CLI_EXIT_USAGE, "%s", err->message);

  openblas_set_num_threads (1);
  double gemm = dgemm_gflops (quick ? 256 : 1024, seconds);
  printf ("dgemm (single thread, %d^3): %.1f GFLOP/s\n\n", quick ? 256 : 1024, gemm);
  printf ("full-batch Adam, single thread, steps/s\n");
  printf ("%-22s %12s %8s %10s %12s %12s %10s %10s\n", "case", "fused", "GFLOP/s",
          "%dgemm", "blas", "naive", "vs naive", "vs torch");
  for (unsigned k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const BenchCase *bc = &cases[k];
      double fused = steps_per_second (bc, SHL_KERNEL_FUSED, seconds);
      double blas = steps_per_second (bc, SHL_KERNEL_BLAS, seconds);
      double naive = steps_per_second (bc, SHL_KERNEL_NAIVE, seconds);
      double gf = fused * shl_loss_grad_flops (bc->m, bc->d, bc->n) / 1e9;
      g_autofree char *name = g_strdup_printf ("d=%d m=%d n=%zu", bc->d, bc->m, bc->n);
      printf ("%-22s %12.0f %8.2f %9.0f%% %12.0f %12.0f %9.1fx %9.1fx\n", name,
              fused, gf, 100.0 * gf / gemm, blas, naive, fused / naive,
              fused / bc->torch_steps);
    }
  printf ("\nGFLOP/s counts %s flops per (sample, neuron) for loss + gradient;\n"
          "%%dgemm compares it with the dgemm figure above.\n", "4d + 8");
  bench_landscape (seconds);
  bench_distance (seconds);
  return SHL_CLI_EXIT_OK;
}
