/* shl-cli-bench.c: `shallows-cli bench`, training speed in context.
 *
 * For each case, full-batch Adam steps per second with the fused kernel
 * (what the app and the CLI use), the BLAS kernel and the naive loop, all
 * single-threaded, plus the effective GFLOP/s and, in the same run, the
 * machine's single-thread dgemm GFLOP/s. */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shl-cli.h"
#include "shl-data.h"
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
  return SHL_CLI_EXIT_OK;
}
