/* test-noalloc.c: a training step allocates nothing.
 *
 * malloc, calloc and realloc are interposed to count calls; the program is
 * compiled without them under AddressSanitizer and is not run under
 * valgrind (both bring their own allocators). */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-test.h"
#include "shl-trainer.h"

static ShlData *
make_data (int d, size_t n, guint64 seed)
{
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  ShlData *data = shl_data_new (d, n, NULL, NULL);
  for (size_t k = 0; k < n * (size_t) d; k++)
    data->x[k] = shl_rng_range (&rng, -1.0, 1.0);
  for (size_t k = 0; k < n; k++)
    data->y[k] = sin (3.0 * data->x[k * d]);
  return data;
}

/* Count allocations while steps run (not under sanitizers or valgrind,
 * which bring their own allocators). */
#if !defined(__SANITIZE_ADDRESS__)
extern void *__libc_malloc (size_t);
extern void *__libc_calloc (size_t, size_t);
extern void *__libc_realloc (void *, size_t);
static volatile int alloc_count;
static volatile gboolean counting;
void *malloc (size_t n);
void *calloc (size_t a, size_t b);
void *realloc (void *p, size_t n);
void *
malloc (size_t n)
{
  if (counting)
    alloc_count++;
  return __libc_malloc (n);
}
void *
calloc (size_t a, size_t b)
{
  if (counting)
    alloc_count++;
  return __libc_calloc (a, b);
}
void *
realloc (void *p, size_t n)
{
  if (counting)
    alloc_count++;
  return __libc_realloc (p, n);
}
#endif

static void
test_no_allocation (void)
{
#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("allocation counting is off under AddressSanitizer");
#else
  if (g_getenv ("SHL_UNDER_VALGRIND"))
    {
      g_test_skip ("allocation counting is off under valgrind");
      return;
    }
  for (int o = 0; o < 4; o++)
    for (int q = 0; q < 3; q++)
      {
        ShlNet *net = shl_test_random_net (16, 2, 1);
        ShlData *data = make_data (2, 64, 2);
        ShlTrainOpts opts;
        shl_train_opts_init (&opts);
        opts.optimizer = (ShlOptimizer) o;
        opts.kernel = (ShlKernel) q;
        opts.batch = o == SHL_OPT_GD ? 0 : 8;
        /* the restricted projection allocates nothing either */
        opts.restricted = q == SHL_KERNEL_FUSED;
        ShlTrainer *tr = shl_trainer_new (net, data, &opts);
        shl_trainer_step (tr, NULL); /* BLAS may set up on first use */
        alloc_count = 0;
        counting = TRUE;
        for (int k = 0; k < 50; k++)
          shl_trainer_step (tr, NULL);
        double l;
        shl_trainer_step (tr, &l);
        counting = FALSE;
        g_assert_cmpint (alloc_count, ==, 0);
        shl_trainer_free (tr);
        shl_data_free (data);
        shl_net_free (net);
      }
#endif
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trainer/no-allocation", test_no_allocation);
  return g_test_run ();
}
