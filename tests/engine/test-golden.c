/* test-golden.c: training trajectories against PyTorch.
 *
 * tests/engine/golden/golden.json holds small problems trained in float64
 * with torch.optim (SGD, SGD with momentum, Adam; with and without weight
 * decay; v trained or frozen), written by tools/gen-golden.py:
 *
 *   /usr/bin/python3 tools/gen-golden.py > tests/engine/golden/golden.json
 *
 * For every case and every kernel (fused, BLAS, naive) this runs the
 * engine's trainer from the same initial parameters on the same data and
 * compares the full-batch loss before every step, the loss after the last
 * step and the final parameters with torch's. One test per case,
 * /golden/<case name>; every kernel is checked inside it. */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "shl-data.h"
#include "shl-loss.h"
#include "shl-net.h"
#include "shl-test.h"
#include "shl-trainer.h"

#define LOSS_RTOL  1e-9
#define PARAM_RTOL 1e-9
#define PARAM_ATOL 1e-12

static const ShlKernel all_kernels[] = { SHL_KERNEL_FUSED, SHL_KERNEL_BLAS,
                                         SHL_KERNEL_NAIVE };
#define N_KERNELS G_N_ELEMENTS (all_kernels)

/* largest relative errors seen over all cases, per kernel */
static double max_loss_err[N_KERNELS];
static double max_param_err[N_KERNELS];

typedef struct {
  char         *name;
  int           d, m;
  size_t        n;
  ShlLoss       loss;
  ShlOptimizer  optimizer;
  double        lr, momentum, weight_decay;
  gboolean      train_linear;
  size_t        steps;
  ShlNet       *init;
  ShlNet       *final;
  ShlData      *data;
  double       *losses; /* (steps + 1) */
} GoldenCase;

/* ------------------------------------------------------------- reading */

static JsonNode *
member (JsonObject *obj, const char *key)
{
  JsonNode *node = json_object_get_member (obj, key);
  if (!node)
    g_error ("golden.json: missing member \"%s\"", key);
  return node;
}

static double
get_double (JsonObject *obj, const char *key)
{
  JsonNode *node = member (obj, key);
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE
      && json_node_get_value_type (node) != G_TYPE_INT64)
    g_error ("golden.json: \"%s\" is not a number", key);
  return json_node_get_double (node);
}

static gint64
get_int (JsonObject *obj, const char *key)
{
  JsonNode *node = member (obj, key);
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    g_error ("golden.json: \"%s\" is not an integer", key);
  return json_node_get_int (node);
}

static double
node_double (JsonNode *node, const char *what)
{
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_DOUBLE
          && json_node_get_value_type (node) != G_TYPE_INT64))
    g_error ("golden.json: an entry of \"%s\" is not a number", what);
  return json_node_get_double (node);
}

/* Reads a flat array of `len` numbers, or a (len / cols, cols) array of
 * arrays (cols > 0), into out (row-major). */
static void
get_array (JsonObject *obj, const char *key, double *out, size_t len,
           size_t cols)
{
  JsonNode *node = member (obj, key);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    g_error ("golden.json: \"%s\" is not an array", key);
  JsonArray *arr = json_node_get_array (node);
  size_t rows = cols ? len / cols : len;
  if (json_array_get_length (arr) != rows)
    g_error ("golden.json: \"%s\" has %u entries, expected %zu", key,
             json_array_get_length (arr), rows);
  for (size_t r = 0; r < rows; r++)
    {
      JsonNode *el = json_array_get_element (arr, (guint) r);
      if (!cols)
        {
          out[r] = node_double (el, key);
          continue;
        }
      if (!JSON_NODE_HOLDS_ARRAY (el)
          || json_array_get_length (json_node_get_array (el)) != cols)
        g_error ("golden.json: row %zu of \"%s\" is not an array of %zu",
                 r, key, cols);
      JsonArray *row = json_node_get_array (el);
      for (size_t j = 0; j < cols; j++)
        out[r * cols + j]
          = node_double (json_array_get_element (row, (guint) j), key);
    }
}

static ShlNet *
read_net (JsonObject *obj, const char *key, int m, int d)
{
  JsonNode *node = member (obj, key);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    g_error ("golden.json: \"%s\" is not an object", key);
  JsonObject *p = json_node_get_object (node);
  ShlNet *net = shl_net_new (m, d, NULL, NULL);
  g_assert_nonnull (net);
  get_array (p, "a", net->a, (size_t) m * d, (size_t) d);
  get_array (p, "b", net->b, (size_t) m, 0);
  get_array (p, "c", net->c, (size_t) m, 0);
  *net->e = get_double (p, "e");
  get_array (p, "v", net->v, (size_t) d, 0);
  return net;
}

static GoldenCase *
read_case (JsonObject *obj)
{
  GoldenCase *gc = g_new0 (GoldenCase, 1);
  gc->name = g_strdup (json_object_get_string_member (obj, "name"));
  gc->d = (int) get_int (obj, "d");
  gc->m = (int) get_int (obj, "m");
  gint64 n = get_int (obj, "n"), steps = get_int (obj, "steps");
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (steps, >, 0);
  gc->n = (size_t) n;
  gc->steps = (size_t) steps;
  const char *loss = json_object_get_string_member (obj, "loss");
  const char *opt = json_object_get_string_member (obj, "optimizer");
  if (!shl_loss_from_name (loss, &gc->loss))
    g_error ("golden.json: %s: unknown loss \"%s\"", gc->name, loss);
  if (!shl_optimizer_from_name (opt, &gc->optimizer))
    g_error ("golden.json: %s: unknown optimizer \"%s\"", gc->name, opt);
  gc->lr = get_double (obj, "lr");
  gc->momentum = get_double (obj, "momentum");
  gc->weight_decay = get_double (obj, "weight_decay");
  gc->train_linear = json_object_get_boolean_member (obj, "train_linear");
  gc->init = read_net (obj, "initial", gc->m, gc->d);
  gc->final = read_net (obj, "final", gc->m, gc->d);
  gc->data = shl_data_new (gc->d, gc->n, NULL, NULL);
  g_assert_nonnull (gc->data);
  get_array (obj, "x", gc->data->x, gc->n * (size_t) gc->d, (size_t) gc->d);
  get_array (obj, "y", gc->data->y, gc->n, 0);
  gc->data->classification = gc->loss == SHL_LOSS_LOGISTIC;
  gc->losses = g_new (double, gc->steps + 1);
  get_array (obj, "losses", gc->losses, gc->steps + 1, 0);
  return gc;
}

static void
golden_case_free (gpointer p)
{
  GoldenCase *gc = p;
  g_free (gc->name);
  shl_net_free (gc->init);
  shl_net_free (gc->final);
  shl_data_free (gc->data);
  g_free (gc->losses);
  g_free (gc);
}

/* ------------------------------------------------------------- the test */

static double
rel_err (double x, double y)
{
  if (x == y)
    return 0.0;
  return fabs (x - y) / fmax (fabs (x), fabs (y));
}

/* Fails the current test and also logs the message: the TAP line only
 * shows the last failure of a test, this keeps every kernel's. */
G_GNUC_PRINTF (1, 2) static void
golden_fail (const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_test_message ("FAIL: %s", msg);
  g_test_fail_printf ("%s", msg);
  g_free (msg);
}

static void
check_kernel (const GoldenCase *gc, unsigned q)
{
  const ShlKernel kernel = all_kernels[q];
  const char *kname = shl_kernel_name (kernel);
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  opts.optimizer = gc->optimizer;
  opts.loss = gc->loss;
  opts.kernel = kernel;
  opts.lr = gc->lr;
  if (gc->optimizer == SHL_OPT_MOMENTUM)
    opts.momentum = gc->momentum;
  opts.weight_decay = gc->weight_decay;
  opts.train_linear = gc->train_linear;
  opts.batch = 0; /* full batch: gd, momentum and adam as torch ran them */
  /* torch.optim.Adam's defaults, which the generator uses */
  g_assert_cmpfloat (opts.beta1, ==, 0.9);
  g_assert_cmpfloat (opts.beta2, ==, 0.999);
  g_assert_cmpfloat (opts.eps, ==, 1e-8);

  ShlTrainer *tr = shl_trainer_new (gc->init, gc->data, &opts);
  g_assert_nonnull (tr);
  g_assert_cmpuint (shl_train_opts_batch (&opts, gc->n), ==, gc->n);

  double worst_loss = 0.0, worst_param = 0.0;
  for (size_t k = 0; k < gc->steps; k++)
    {
      double lb = NAN;
      if (!shl_trainer_step (tr, &lb))
        {
          golden_fail ("%s [%s]: step %zu failed: %s", gc->name, kname,
                       k, shl_trainer_message (tr));
          goto out;
        }
      if (!shl_test_close (lb, gc->losses[k], LOSS_RTOL, 0.0))
        {
          golden_fail ("%s [%s]: loss after %zu steps: engine %.17g, "
                       "torch %.17g (relative error %.3g)",
                       gc->name, kname, k, lb, gc->losses[k],
                       rel_err (lb, gc->losses[k]));
          goto out;
        }
      worst_loss = fmax (worst_loss, rel_err (lb, gc->losses[k]));
    }
  g_assert_cmpuint (shl_trainer_steps (tr), ==, gc->steps);
  g_assert_cmpint (shl_trainer_status (tr), ==, SHL_STATUS_OK);
  double lf = shl_trainer_loss (tr);
  if (!shl_test_close (lf, gc->losses[gc->steps], LOSS_RTOL, 0.0))
    {
      golden_fail ("%s [%s]: final loss after %zu steps: engine "
                   "%.17g, torch %.17g (relative error %.3g)",
                   gc->name, kname, gc->steps, lf,
                   gc->losses[gc->steps],
                   rel_err (lf, gc->losses[gc->steps]));
      goto out;
    }
  worst_loss = fmax (worst_loss, rel_err (lf, gc->losses[gc->steps]));

  const ShlNet *net = shl_trainer_net (tr);
  g_assert_true (shl_net_same_shape (net, gc->final));
  for (size_t k = 0; k < net->n_params; k++)
    {
      double x = net->theta[k], y = gc->final->theta[k];
      if (!shl_test_close (x, y, PARAM_RTOL, PARAM_ATOL))
        {
          golden_fail ("%s [%s]: final parameter theta[%zu]: engine "
                       "%.17g, torch %.17g",
                       gc->name, kname, k, x, y);
          goto out;
        }
      /* relative error, entries below the absolute tolerance aside */
      if (fmax (fabs (x), fabs (y)) > PARAM_ATOL / PARAM_RTOL)
        worst_param = fmax (worst_param, rel_err (x, y));
    }
  /* frozen v is left exactly as it was */
  if (!gc->train_linear)
    for (int j = 0; j < net->d; j++)
      g_assert_cmpfloat (net->v[j], ==, gc->init->v[j]);

  g_test_message ("%s [%s]: max relative error: losses %.3g, parameters %.3g",
                  gc->name, kname, worst_loss, worst_param);
  max_loss_err[q] = fmax (max_loss_err[q], worst_loss);
  max_param_err[q] = fmax (max_param_err[q], worst_param);
out:
  shl_trainer_free (tr);
}

static void
test_golden_case (gconstpointer p)
{
  const GoldenCase *gc = p;
  /* a mismatch fails the case but the other kernels still run */
  for (unsigned q = 0; q < N_KERNELS; q++)
    check_kernel (gc, q);
}

/* ---------------------------------------------------------------- main */

static char *
golden_path (void)
{
  const char *dir = g_getenv ("SHL_TEST_DATA");
  if (dir && *dir)
    return g_build_filename (dir, "engine", "golden", "golden.json", NULL);
  /* run by hand: next to this source file (__FILE__ is relative to the
   * build directory), or from the top of the source tree */
  char *src = g_path_get_dirname (__FILE__);
  char *path = g_build_filename (src, "golden", "golden.json", NULL);
  g_free (src);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_free (path);
      path = g_build_filename ("tests", "engine", "golden", "golden.json",
                               NULL);
    }
  return path;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  char *path = golden_path ();
  if (!g_getenv ("SHL_TEST_DATA") && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      printf ("1..0 # SKIP %s not found (set SHL_TEST_DATA to the tests "
              "directory)\n", path);
      g_free (path);
      return 0;
    }
  JsonParser *parser = json_parser_new ();
  GError *error = NULL;
  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  JsonNode *root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root))
    g_error ("%s: the root is not an object", path);
  JsonArray *arr = json_object_get_array_member (json_node_get_object (root),
                                                 "cases");
  if (!arr || json_array_get_length (arr) == 0)
    g_error ("%s: no cases", path);

  GPtrArray *cases = g_ptr_array_new_with_free_func (golden_case_free);
  for (guint k = 0; k < json_array_get_length (arr); k++)
    {
      JsonNode *node = json_array_get_element (arr, k);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        g_error ("%s: case %u is not an object", path, k);
      GoldenCase *gc = read_case (json_node_get_object (node));
      g_ptr_array_add (cases, gc);
      char *tpath = g_strdup_printf ("/golden/%s", gc->name);
      g_test_add_data_func (tpath, gc, test_golden_case);
      g_free (tpath);
    }
  g_object_unref (parser);
  g_free (path);

  int rc = g_test_run ();
  for (unsigned q = 0; q < N_KERNELS; q++)
    printf ("# %-5s max relative error over all cases: losses %.3g, "
            "parameters %.3g\n",
            shl_kernel_name (all_kernels[q]), max_loss_err[q],
            max_param_err[q]);
  g_ptr_array_unref (cases);
  return rc;
}
