/* shl-cli-landscape.c: `shallows-cli landscape` and `shallows-cli path`. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "shl-cli.h"
#include "shl-cli-landscape.h"
#include "shl-data.h"
#include "shl-io.h"
#include "shl-landscape.h"
#include "shl-loss.h"
#include "shl-net.h"
#include "shl-session.h"

/* The data of --data F.csv or --target NAME [--samples --noise] with data
 * seed `seed`, on net's domain (shl-problem.h), and the loss (--loss, else
 * logistic for classification data). Returns an exit code; *out is set
 * on success. */
static int
load_data (ShlData **out, ShlLoss *loss, const char *cmd,
           const ShlCliDataArgs *da, guint64 seed, const char *loss_s,
           const ShlNet *net, const char *net_path)
{
  g_autoptr (GError) err = NULL;
  *out = NULL;
  if (!da->data_path == !da->target)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "give exactly one of --data F.csv or --target NAME");
  if (da->data_path && (da->samples || da->noise))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--samples and --noise go with --target, not --data");
  int value = *loss;
  if (loss_s && !shl_cli_parse_name ("--loss", loss_s, &shl_loss_names, &value, &err))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  *loss = (ShlLoss) value;
  ShlDataRecipe dr;
  shl_data_recipe_init (&dr);
  g_autoptr (ShlData) points = NULL;
  int code = shl_cli_data_recipe (&dr, &points, cmd, da);
  if (code != SHL_CLI_EXIT_OK)
    return code;
  dr.dim = net->d;
  dr.seed = seed;
  memcpy (dr.lo, net->lo, sizeof dr.lo);
  memcpy (dr.hi, net->hi, sizeof dr.hi);
  ShlData *data = NULL;
  ShlProblemStatus st = shl_problem_make_data (&data, NULL, &dr);
  if (st == SHL_PROBLEM_DATA_DIM)
    return shl_cli_fail_dims (cmd, da, da->target ? shl_target_lookup (da->target)->d
                                                  : points->d, net_path, net->d);
  if (st != SHL_PROBLEM_OK)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "could not sample %s: %s",
                         da->target ? da->target : da->data_path,
                         shl_problem_status_message (st));
  if (!loss_s)
    *loss = shl_problem_default_loss (data);
  if (*loss == SHL_LOSS_LOGISTIC && !shl_data_labels_binary (data))
    {
      shl_data_free (data);
      return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                           "--loss logistic needs labels 0 or 1, but %s has others",
                           da->data_path ? da->data_path : da->target);
    }
  *out = data;
  return SHL_CLI_EXIT_OK;
}

/* ------------------------------------------------------------ landscape */

/* u and w (n_params) from --directions; an exit code */
static int
make_directions (double *u, double *w, const char *cmd, const char *spec,
                 const ShlNet *net, guint64 seed)
{
  g_autoptr (GError) err = NULL;
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  const size_t np = net->n_params;
  if (g_str_equal (spec, "random"))
    {
      shl_direction_per_neuron (u, net, &rng);
      shl_direction_per_neuron (w, net, &rng);
      return SHL_CLI_EXIT_OK;
    }
  if (g_str_has_prefix (spec, "pca:"))
    {
      const char *path = spec + 4;
      g_autoptr (ShlSession) ss = shl_session_load (path, &err);
      if (!ss)
        return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
      if (ss->net0->n_params != np || ss->net0->d != net->d)
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                             "--directions pca: the session %s has %zu parameters, the network %zu",
                             path, ss->net0->n_params, np);
      double ex[2];
      const ShlHistory *h = ss->history;
      if (h->n < 2
          || !shl_direction_pca (u, w, ex, h->theta, net->theta, h->n, np))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                             "--directions pca: the history of %s has %zu points and no spread",
                             path, h->n);
      g_printerr ("shallows-cli %s: pca explained variance %.6f, %.6f\n", cmd,
                  ex[0], ex[1]);
      return SHL_CLI_EXIT_OK;
    }
  if (g_str_has_prefix (spec, "coords:"))
    {
      g_auto (GStrv) parts = g_strsplit (spec + 7, ",", -1);
      guint64 i, j;
      if (g_strv_length (parts) != 2
          || !shl_cli_parse_uint ("--directions coords:I", parts[0], 0, np - 1, &i, &err)
          || !shl_cli_parse_uint ("--directions coords:J", parts[1], 0, np - 1, &j, &err))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                             "%s", err ? err->message : "--directions coords:I,J: expected two indices");
      if (!shl_direction_coords (u, w, net, (size_t) i, (size_t) j))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--directions coords:I,J: I and J must differ");
      return SHL_CLI_EXIT_OK;
    }
  if (g_str_has_prefix (spec, "twin:"))
    {
      g_autoptr (ShlNet) other = shl_net_load_json (spec + 5, &err);
      if (!other)
        return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
      if (!shl_direction_twin (u, net, other))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                             "--directions twin: %s and the network differ in width, dimension or domain",
                             spec + 5);
      shl_direction_per_neuron (w, net, &rng);
      return SHL_CLI_EXIT_OK;
    }
  if (g_str_has_prefix (spec, "orbit:"))
    {
      guint64 k;
      if (net->m < 1
          || !shl_cli_parse_uint ("--directions orbit:K", spec + 6, 0, (guint64) net->m - 1, &k, &err))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s",
                             err ? err->message : "--directions orbit: the network has no neurons");
      shl_direction_orbit (u, net, (int) k);
      shl_direction_per_neuron (w, net, &rng);
      return SHL_CLI_EXIT_OK;
    }
  return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                       "--directions: expected random, pca:HIST, coords:I,J, twin:OTHER.json or orbit:K, got \"%s\"",
                       spec);
}

int
shl_cli_landscape (int argc, char **argv)
{
  const char *cmd = "landscape";
  g_autofree char *init_path = NULL, *data_path = NULL, *target = NULL;
  g_autofree char *samples_s = NULL, *noise_s = NULL, *seed_s = NULL;
  g_autofree char *dirs_s = NULL, *grid_s = NULL, *span_s = NULL;
  g_autofree char *threads_s = NULL, *loss_s = NULL, *out_path = NULL;
  GOptionEntry entries[] = {
    { "init", 0, 0, G_OPTION_ARG_FILENAME, &init_path, "The centre network (JSON, required)", "NET.json" },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_path, "Data (CSV: x,y or x1,x2,y)", "F.csv" },
    { "target", 0, 0, G_OPTION_ARG_STRING, &target, "Built-in target (see 'shallows-cli targets')", "NAME" },
    { "samples", 0, 0, G_OPTION_ARG_STRING, &samples_s, "Samples drawn from the target (default 256)", "N" },
    { "noise", 0, 0, G_OPTION_ARG_STRING, &noise_s, "Noise level of the target (default 0)", "S" },
    { "directions", 0, 0, G_OPTION_ARG_STRING, &dirs_s, "random|pca:SESSION.json|coords:I,J|twin:OTHER.json|orbit:K (required)", "SPEC" },
    { "grid", 0, 0, G_OPTION_ARG_STRING, &grid_s, "Nodes per side (default 101)", "N" },
    { "span", 0, 0, G_OPTION_ARG_STRING, &span_s, "alpha and beta run over [-S, S] (default 1)", "S" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_s, "Seed of the target's samples and of random directions (default 0)", "S" },
    { "threads", 0, 0, G_OPTION_ARG_STRING, &threads_s, "Threads (default: the number of processors; the values do not depend on it)", "T" },
    { "loss", 0, 0, G_OPTION_ARG_STRING, &loss_s, "mse|logistic (default: logistic for classification data)", "NAME" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Write the grid here instead of printing it", "GRID.csv" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- the loss on a 2-D slice through a network");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "L(alpha, beta) = loss(theta + alpha u + beta w) on an N x N grid over [-S, S]^2.\n"
    "CSV columns alpha,beta,loss, one row per node, beta outer, alpha inner; with\n"
    "N odd the middle row is the network itself (alpha = beta = 0).\n"
    "Directions:\n"
    "  random          two per-neuron-normalised random directions (as the app)\n"
    "  pca:S.json      the top two principal components of the recorded history of\n"
    "                  session S, relative to the network; unit vectors (the\n"
    "                  explained variance fractions go to stderr)\n"
    "  coords:I,J      unit vectors on parameters I and J of theta = [a|b|c|e|v]\n"
    "  twin:OTHER.json u = OTHER - NET (alpha = 1 is OTHER), w random\n"
    "  orbit:K         u = the tangent of the rescaling orbit of neuron K, w random\n"
    "Exit status: 0 success, 1 a file error, 2 bad arguments.");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "unexpected argument \"%s\"", argv[1]);
  if (!init_path)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--init NET.json is required");
  if (!dirs_s)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--directions SPEC is required");
  if ((status = shl_cli_check_output (cmd, out_path)) != SHL_CLI_EXIT_OK)
    return status;
  g_autoptr (GError) err = NULL;
  guint64 grid = 101, seed = 0, threads = (guint64) g_get_num_processors ();
  double span = 1.0;
  if ((grid_s && !shl_cli_parse_uint ("--grid", grid_s, 1, 10001, &grid, &err))
      || (span_s && !shl_cli_parse_double ("--span", span_s, 1e-300, 1e300, &span, &err))
      || (seed_s && !shl_cli_parse_uint ("--seed", seed_s, 0, G_MAXUINT64, &seed, &err))
      || (threads_s && !shl_cli_parse_uint ("--threads", threads_s, 1, 1024, &threads, &err)))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);

  g_autoptr (ShlNet) net = shl_net_load_json (init_path, &err);
  if (!net)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  ShlLoss loss = SHL_LOSS_MSE;
  g_autoptr (ShlData) data = NULL;
  ShlCliDataArgs da = { data_path, target, samples_s, noise_s };
  int code = load_data (&data, &loss, cmd, &da, seed, loss_s, net, init_path);
  if (code != SHL_CLI_EXIT_OK)
    return code;

  g_autofree double *u = g_new (double, net->n_params);
  g_autofree double *w = g_new (double, net->n_params);
  code = make_directions (u, w, cmd, dirs_s, net, seed);
  if (code != SHL_CLI_EXIT_OK)
    return code;

  const int n = (int) grid;
  g_autofree double *out = g_try_new (double, (gsize) n * (gsize) n);
  if (!out
      || !shl_landscape_grid_mt (out, net, u, w, data, loss, -span, span,
                                 -span, span, n, n, (int) threads,
                                 SHL_GRID_AUTO, NULL, NULL, NULL))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "could not compute the grid (out of memory?)");
  g_autoptr (GString) s = g_string_new ("alpha,beta,loss\n");
  for (int r = 0; r < n; r++)
    for (int q = 0; q < n; q++)
      {
        double alpha = n == 1 ? 0.0 : -span + 2.0 * span * q / (n - 1);
        double beta = n == 1 ? 0.0 : -span + 2.0 * span * r / (n - 1);
        shl_cli_append_number (s, alpha, SHL_NUMBER_DEFAULT);
        g_string_append_c (s, ',');
        shl_cli_append_number (s, beta, SHL_NUMBER_DEFAULT);
        g_string_append_c (s, ',');
        shl_cli_append_number (s, out[(size_t) r * n + q], SHL_NUMBER_DEFAULT);
        g_string_append_c (s, '\n');
      }
  return shl_cli_write_or_print (cmd, out_path, s);
}

/* ----------------------------------------------------------------- path */

int
shl_cli_path (int argc, char **argv)
{
  const char *cmd = "path";
  g_autofree char *data_path = NULL, *target = NULL, *samples_s = NULL;
  g_autofree char *noise_s = NULL, *seed_s = NULL, *points_s = NULL;
  g_autofree char *loss_s = NULL, *out_path = NULL;
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_path, "Data (CSV: x,y or x1,x2,y)", "F.csv" },
    { "target", 0, 0, G_OPTION_ARG_STRING, &target, "Built-in target (see 'shallows-cli targets')", "NAME" },
    { "samples", 0, 0, G_OPTION_ARG_STRING, &samples_s, "Samples drawn from the target (default 256)", "N" },
    { "noise", 0, 0, G_OPTION_ARG_STRING, &noise_s, "Noise level of the target (default 0)", "S" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_s, "Seed of the target's samples (default 0)", "S" },
    { "points", 0, 0, G_OPTION_ARG_STRING, &points_s, "Points along the path, ends included (default 101)", "N" },
    { "loss", 0, 0, G_OPTION_ARG_STRING, &loss_s, "mse|logistic (default: logistic for classification data)", "NAME" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Write the CSV here instead of printing it", "PATH.csv" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("A.json B.json - the loss between two networks");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "CSV columns t,loss_params,loss_realizations for t = 0, 1/(N-1), ..., 1:\n"
    "  loss_params        the loss of the network (1 - t) theta_A + t theta_B\n"
    "                     (empty when the widths or domains differ)\n"
    "  loss_realizations  the loss of the function (1 - t) f_A + t f_B (for mse a\n"
    "                     convex quadratic in t)\n"
    "Exit status: 0 success, 1 a file error, 2 bad arguments.");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "expected two network files, got %d", argc - 1);
  if ((status = shl_cli_check_output (cmd, out_path)) != SHL_CLI_EXIT_OK)
    return status;
  g_autoptr (GError) err = NULL;
  guint64 points = 101, seed = 0;
  if ((points_s && !shl_cli_parse_uint ("--points", points_s, 1, 100000000, &points, &err))
      || (seed_s && !shl_cli_parse_uint ("--seed", seed_s, 0, G_MAXUINT64, &seed, &err)))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  g_autoptr (ShlNet) a = shl_net_load_json (argv[1], &err);
  if (!a)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  g_autoptr (ShlNet) b = shl_net_load_json (argv[2], &err);
  if (!b)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  if (a->d != b->d)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s is %d-D but %s is %d-D",
                         argv[1], a->d, argv[2], b->d);
  ShlLoss loss = SHL_LOSS_MSE;
  g_autoptr (ShlData) data = NULL;
  ShlCliDataArgs da = { data_path, target, samples_s, noise_s };
  int code = load_data (&data, &loss, cmd, &da, seed, loss_s, a, argv[1]);
  if (code != SHL_CLI_EXIT_OK)
    return code;
  const int n = (int) points;
  g_autofree double *lp = g_try_new (double, n);
  g_autofree double *lr = g_try_new (double, n);
  if (!lp || !lr)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "out of memory");
  gboolean same = shl_net_same_shape (a, b);
  if ((same && !shl_path_params (lp, a, b, data, loss, n))
      || !shl_path_realizations (lr, a, b, data, loss, n))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "could not evaluate the path (out of memory?)");
  g_autoptr (GString) s = g_string_new ("t,loss_params,loss_realizations\n");
  for (int k = 0; k < n; k++)
    {
      double t = n == 1 ? 0.0 : (double) k / (n - 1);
      shl_cli_append_number (s, t, SHL_NUMBER_DEFAULT);
      g_string_append_c (s, ',');
      if (same)
        shl_cli_append_number (s, lp[k], SHL_NUMBER_DEFAULT);
      g_string_append_c (s, ',');
      shl_cli_append_number (s, lr[k], SHL_NUMBER_DEFAULT);
      g_string_append_c (s, '\n');
    }
  return shl_cli_write_or_print (cmd, out_path, s);
}
