/* shallows-cli: the headless front end (train, eval, distance, bench).
 *
 * Links the engine only; never needs a display. Bad arguments give a
 * one-line reason and exit status 2; file errors and divergence exit 1. */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shl-cli.h"
#include "shl-cli-inverse.h"
#include "shl-cli-landscape.h"
#include "shl-data.h"
#include "shl-fibre.h"
#include "shl-geom.h"
#include "shl-paramdist.h"
#include "shl-pathology.h"
#include "shl-symmetry.h"
#include "shl-io.h"
#include "shl-loss.h"
#include "shl-net.h"
#include "shl-runner.h"
#include "shl-session.h"
#include "shl-trainer.h"

/* ------------------------------------------------------------ helpers */

int
shl_cli_fail (const char *cmd, int code, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  if (cmd)
    fprintf (stderr, "shallows-cli %s: %s\n", cmd, msg);
  else
    fprintf (stderr, "shallows-cli: %s\n", msg);
  return code;
}

void
shl_cli_append_number (GString *s, double x, ShlNumberFlags flags)
{
  char buf[SHL_NUMBER_BUF];
  shl_number_format (buf, x, flags);
  g_string_append (s, buf);
}

gboolean
shl_cli_parse_double (const char *option, const char *text, double min,
                      double max, double *out, GError **error)
{
  char *end = NULL;
  if (!text || !*text)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: expected a number, got an empty value", option);
      return FALSE;
    }
  errno = 0;
  double v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || errno == ERANGE || !isfinite (v))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: expected a finite number, got \"%s\"", option, text);
      return FALSE;
    }
  if (v < min || v > max)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: %s is out of range [%g, %g]", option, text, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
shl_cli_parse_uint (const char *option, const char *text, guint64 min,
                    guint64 max, guint64 *out, GError **error)
{
  guint64 v;
  g_autoptr (GError) err = NULL;
  if (!text || !g_ascii_string_to_unsigned (text, 10, min, max, &v, &err))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: expected a whole number from %" G_GUINT64_FORMAT
                   " to %" G_GUINT64_FORMAT ", got \"%s\"",
                   option, min, max, text ? text : "");
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
shl_cli_parse_options (GOptionContext *ctx, const char *cmd, int *argc,
                       char ***argv, int *status)
{
  g_autoptr (GError) err = NULL;
  g_option_context_set_help_enabled (ctx, TRUE);
  if (!g_option_context_parse (ctx, argc, argv, &err))
    {
      *status = shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s (see --help)",
                              err->message);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------- train */

static int
cmd_train (int argc, char **argv)
{
  const char *cmd = "train";
  g_autofree char *data_path = NULL, *target = NULL, *samples_s = NULL;
  g_autofree char *noise_s = NULL, *data_seed_s = NULL, *init_path = NULL;
  g_autofree char *width_s = NULL, *scheme_s = NULL, *seed_s = NULL;
  g_autofree char *opt_s = NULL, *lr_s = NULL, *mom_s = NULL, *batch_s = NULL;
  g_autofree char *wd_s = NULL, *loss_s = NULL, *steps_s = NULL;
  g_autofree char *out_path = NULL, *log_path = NULL, *kernel_s = NULL;
  g_autofree char *domain_s = NULL, *session_path = NULL;
  gboolean train_linear = FALSE, quiet = FALSE, restricted = FALSE;
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_path, "Training data (CSV: x,y or x1,x2,y)", "F.csv" },
    { "target", 0, 0, G_OPTION_ARG_STRING, &target, "Built-in target (see 'shallows-cli targets')", "NAME" },
    { "samples", 0, 0, G_OPTION_ARG_STRING, &samples_s, "Samples drawn from the target (default 256)", "N" },
    { "noise", 0, 0, G_OPTION_ARG_STRING, &noise_s, "Noise level of the target (default 0)", "S" },
    { "data-seed", 0, 0, G_OPTION_ARG_STRING, &data_seed_s, "Seed of the target's samples and teacher (default: --seed)", "S" },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &domain_s, "Domain [LO,HI]^d of a new network and of the target (default -1,1)", "LO,HI" },
    { "init", 0, 0, G_OPTION_ARG_FILENAME, &init_path, "Initial network (JSON)", "NET.json" },
    { "width", 0, 0, G_OPTION_ARG_STRING, &width_s, "Width of a new random network", "M" },
    { "init-scheme", 0, 0, G_OPTION_ARG_STRING, &scheme_s, "uniform|he|balanced (default he)", "NAME" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_s, "Seed of the initialisation and minibatches (default 0)", "S" },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &opt_s, "gd|sgd|momentum|adam (default adam)", "NAME" },
    { "lr", 0, 0, G_OPTION_ARG_STRING, &lr_s, "Learning rate (default 0.01)", "X" },
    { "momentum", 0, 0, G_OPTION_ARG_STRING, &mom_s, "Momentum of 'momentum' (default 0.9)", "X" },
    { "batch", 0, 0, G_OPTION_ARG_STRING, &batch_s, "Minibatch size (default: full batch; sgd 32)", "N" },
    { "weight-decay", 0, 0, G_OPTION_ARG_STRING, &wd_s, "L2 weight decay added to the gradient (default 0)", "X" },
    { "loss", 0, 0, G_OPTION_ARG_STRING, &loss_s, "mse|logistic (default: logistic for classification data)", "NAME" },
    { "steps", 0, 0, G_OPTION_ARG_STRING, &steps_s, "Number of optimiser steps (required)", "N" },
    { "train-linear", 0, 0, G_OPTION_ARG_NONE, &train_linear, "Also train the linear part v", NULL },
    { "restricted", 0, 0, G_OPTION_ARG_NONE, &restricted, "Project into the restricted set after every step (implies --train-linear)", NULL },
    { "kernel", 0, 0, G_OPTION_ARG_STRING, &kernel_s, "fused|blas|naive (default fused)", "NAME" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Write the trained network (JSON)", "NET.json" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path, "Write the loss of every step (CSV: step,loss)", "LOG.csv" },
    { "session", 0, 0, G_OPTION_ARG_FILENAME, &session_path, "Write a session (data recipe, networks, optimiser state, history) that the app opens and 'render' draws", "S.json" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing on success", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- train a shallow ReLU network");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Row k of LOG.csv is the full-data loss after k steps (row 0: the initial loss).\n"
    "Exit status: 0 success, 1 a file error or divergence, 2 bad arguments.");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "unexpected argument \"%s\"", argv[1]);

  g_autoptr (GError) err = NULL;
  if (!data_path == !target)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "give exactly one of --data F.csv or --target NAME");
  if (!init_path == !width_s)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "give exactly one of --init NET.json or --width M");
  if (!steps_s)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--steps N is required");
  if (data_path && (samples_s || noise_s || data_seed_s))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--samples, --noise and --data-seed go with --target, not --data");
  if (init_path && (scheme_s || domain_s))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--init-scheme and --domain go with --width, not --init (the file sets the domain)");

  guint64 steps, seed = 0, samples = 256, width = 0, batch = 0, data_seed;
  double noise = 0.0;
  ShlTrainOpts opts;
  shl_train_opts_init (&opts);
  ShlInitScheme scheme = SHL_INIT_HE;
  double dom[2] = { -1.0, 1.0 };
  gboolean ok =
    shl_cli_parse_uint ("--steps", steps_s, 0, G_MAXINT64, &steps, &err)
    && (!seed_s || shl_cli_parse_uint ("--seed", seed_s, 0, G_MAXUINT64, &seed, &err))
    && (!samples_s || shl_cli_parse_uint ("--samples", samples_s, 1, 100000000, &samples, &err))
    && (!noise_s || shl_cli_parse_double ("--noise", noise_s, 0.0, 1e6, &noise, &err))
    && (!width_s || shl_cli_parse_uint ("--width", width_s, 1, 1000000, &width, &err))
    && (!batch_s || shl_cli_parse_uint ("--batch", batch_s, 1, G_MAXINT32, &batch, &err))
    && (!lr_s || shl_cli_parse_double ("--lr", lr_s, 0.0, 1e6, &opts.lr, &err))
    && (!mom_s || shl_cli_parse_double ("--momentum", mom_s, 0.0, 1.0, &opts.momentum, &err))
    && (!wd_s || shl_cli_parse_double ("--weight-decay", wd_s, 0.0, 1e6, &opts.weight_decay, &err));
  if (!ok)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  data_seed = seed;
  if (data_seed_s && !shl_cli_parse_uint ("--data-seed", data_seed_s, 0, G_MAXUINT64, &data_seed, &err))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  if (domain_s)
    {
      g_auto (GStrv) parts = g_strsplit (domain_s, ",", -1);
      if (g_strv_length (parts) != 2
          || !shl_cli_parse_double ("--domain LO", parts[0], -1e9, 1e9, &dom[0], &err)
          || !shl_cli_parse_double ("--domain HI", parts[1], -1e9, 1e9, &dom[1], &err)
          || !(dom[0] < dom[1]))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                             "--domain: expected LO,HI with LO < HI, got \"%s\"%s%s",
                             domain_s, err ? ": " : "", err ? err->message : "");
    }
  if (scheme_s && !shl_init_scheme_from_name (scheme_s, &scheme))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--init-scheme: expected uniform, he or balanced, got \"%s\"", scheme_s);
  if (opt_s && !shl_optimizer_from_name (opt_s, &opts.optimizer))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--optimizer: expected gd, sgd, momentum or adam, got \"%s\"", opt_s);
  if (kernel_s && !shl_kernel_from_name (kernel_s, &opts.kernel))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--kernel: expected fused, blas or naive, got \"%s\"", kernel_s);
  if (loss_s && !shl_loss_from_name (loss_s, &opts.loss))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--loss: expected mse or logistic, got \"%s\"", loss_s);
  if (mom_s && opts.optimizer != SHL_OPT_MOMENTUM)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--momentum goes with --optimizer momentum");
  if (batch_s && opts.optimizer == SHL_OPT_GD)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--batch does not go with --optimizer gd (always the full batch); use sgd");
  opts.batch = (size_t) batch;
  opts.seed = seed;
  opts.train_linear = train_linear || restricted;
  opts.restricted = restricted;

  /* the network first: its domain is the data's domain */
  ShlNet *net = NULL;
  if (init_path)
    {
      net = shl_net_load_json (init_path, &err);
      if (!net)
        return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
    }

  ShlData *data = NULL;
  if (target)
    {
      const ShlTargetInfo *info = shl_target_lookup (target);
      if (!info)
        {
          shl_net_free (net);
          return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                               "--target: unknown target \"%s\" (see 'shallows-cli targets')", target);
        }
      double lo[2] = { dom[0], dom[0] }, hi[2] = { dom[1], dom[1] };
      if (net)
        {
          if (net->d != info->d)
            {
              int nd = net->d;
              shl_net_free (net);
              return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                                   "--target %s is %d-D but the network in %s is %d-D",
                                   target, info->d, init_path, nd);
            }
          memcpy (lo, net->lo, sizeof lo);
          memcpy (hi, net->hi, sizeof hi);
        }
      ShlTarget *t = shl_target_new (target, data_seed, lo, hi);
      data = shl_target_sample (t, (size_t) samples, noise, data_seed);
      shl_target_free (t);
      if (!loss_s && info->classification)
        opts.loss = SHL_LOSS_LOGISTIC;
    }
  else
    {
      data = shl_data_load_csv (data_path, &err);
      if (!data)
        {
          shl_net_free (net);
          return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
        }
      if (!loss_s && data->classification)
        opts.loss = SHL_LOSS_LOGISTIC;
      if (net && net->d != data->d)
        {
          int nd = net->d, dd = data->d;
          shl_net_free (net);
          shl_data_free (data);
          return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                               "%s is %d-D but the network in %s is %d-D",
                               data_path, dd, init_path, nd);
        }
    }

  if (!net)
    {
      double lo[2] = { dom[0], dom[0] }, hi[2] = { dom[1], dom[1] };
      if (data_path)
        {
          memcpy (lo, data->lo, sizeof lo);
          memcpy (hi, data->hi, sizeof hi);
        }
      net = shl_net_new ((int) width, data->d, lo, hi);
      ShlRng rng;
      shl_rng_seed (&rng, seed);
      shl_net_init_random (net, scheme, &rng);
    }

  if (opts.loss == SHL_LOSS_LOGISTIC && !shl_data_labels_binary (data))
    {
      shl_net_free (net);
      shl_data_free (data);
      return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                           "--loss logistic needs labels 0 or 1, but %s has others",
                           data_path ? data_path : target);
    }

  ShlTrainer *tr = shl_trainer_new (net, data, &opts);
  /* what a session needs to reproduce the run */
  g_autoptr (ShlSession) ss = NULL;
  if (session_path)
    {
      ss = shl_session_new ();
      ss->dim = data->d;
      memcpy (ss->lo, data->lo, sizeof ss->lo);
      memcpy (ss->hi, data->hi, sizeof ss->hi);
      if (target)
        {
          ss->target = g_strdup (target);
          ss->samples = (guint) samples;
          ss->noise = noise;
          ss->data_seed = data_seed;
        }
      else
        ss->points = shl_data_copy (data);
      ss->init_scheme = g_strdup (init_path ? "file" : shl_init_scheme_name (scheme));
      ss->init_seed = seed;
      ss->net0 = shl_net_copy (net);
      ss->opts = opts;
    }
  shl_net_free (net);
  shl_data_free (data);
  if (!tr)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "could not set up training (out of memory?)");

  g_autoptr (GString) log = log_path ? g_string_new ("step,loss\n") : NULL;
  double first = shl_trainer_loss (tr);
  g_autoptr (GArray) hs = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr (GArray) hl = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) ht = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 next_record = 0;
  for (guint64 k = 0; k <= steps; k++)
    {
      if (ss && k == next_record)
        {
          double l = shl_trainer_loss (tr);
          g_array_append_val (hs, k);
          g_array_append_val (hl, l);
          g_array_append_vals (ht, shl_trainer_net (tr)->theta,
                               (guint) shl_trainer_net (tr)->n_params);
          guint64 stride = shl_history_stride (k, 1);
          next_record = (k / stride + 1) * stride;
        }
      if (k == steps)
        break;
      double lb;
      if (!shl_trainer_step (tr, log ? &lb : NULL))
        break;
      if (log)
        {
          g_string_append_printf (log, "%" G_GUINT64_FORMAT ",", k);
          shl_cli_append_number (log, lb, SHL_NUMBER_DEFAULT);
          g_string_append_c (log, '\n');
        }
    }
  gboolean diverged = shl_trainer_status (tr) != SHL_STATUS_OK;
  double final = shl_trainer_loss (tr);
  guint64 done = shl_trainer_steps (tr);
  if (log)
    {
      g_string_append_printf (log, "%" G_GUINT64_FORMAT ",", done);
      shl_cli_append_number (log, final, SHL_NUMBER_DEFAULT);
      g_string_append_c (log, '\n');
    }

  int code = SHL_CLI_EXIT_OK;
  if (out_path && !shl_net_save_json (shl_trainer_net (tr), out_path, &err))
    {
      code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
      g_clear_error (&err);
    }
  if (log && !shl_write_file_atomic (log_path, log->str, (gssize) log->len, &err))
    {
      code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
      g_clear_error (&err);
    }
  if (ss)
    {
      /* the last recorded point is the final state unless training
       * diverged (then the kept state may be an earlier step) */
      guint64 last = hs->len ? g_array_index (hs, guint64, hs->len - 1) : 0;
      if (hs->len == 0 || last != done)
        {
          if (hs->len && last > done)
            {
              g_array_set_size (hs, hs->len - 1);
              g_array_set_size (hl, hl->len - 1);
              g_array_set_size (ht, ht->len - (guint) ss->net0->n_params);
            }
          g_array_append_val (hs, done);
          g_array_append_val (hl, final);
          g_array_append_vals (ht, shl_trainer_net (tr)->theta, (guint) ss->net0->n_params);
        }
      ss->n_hist = hs->len;
      ss->hist_step = g_memdup2 (hs->data, hs->len * sizeof (guint64));
      ss->hist_loss = g_memdup2 (hl->data, hl->len * sizeof (double));
      ss->hist_theta = g_memdup2 (ht->data, ht->len * sizeof (double));
      ss->state = shl_trainer_get_state (tr);
      if (!shl_session_save (ss, session_path, &err))
        {
          code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
          g_clear_error (&err);
        }
    }
  if (diverged)
    code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", shl_trainer_message (tr));
  else if (!quiet)
    printf ("%" G_GUINT64_FORMAT " steps (%s, lr %g, loss %s): loss %.6g -> %.6g\n",
            done, shl_optimizer_name (opts.optimizer), opts.lr,
            shl_loss_name (opts.loss), first, final);
  shl_trainer_free (tr);
  return code;
}

/* ----------------------------------------------------------------- eval */

/* Points CSV: a header naming the input columns (x, or x1 and x2; other
 * columns such as y are ignored), '#' comments and blank lines allowed. */
static double *
load_points (const char *path, int d, size_t *n_out, GError **error)
{
  g_autofree char *text = NULL;
  gsize len;
  if (!g_file_get_contents (path, &text, &len, error))
    return NULL;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  int col[2] = { -1, -1 }, ncols = 0;
  gboolean have_header = FALSE;
  g_autoptr (GArray) pts = g_array_new (FALSE, FALSE, sizeof (double));
  for (int ln = 0; lines[ln]; ln++)
    {
      char *line = g_strstrip (lines[ln]);
      if (!*line || *line == '#')
        continue;
      g_auto (GStrv) f = g_strsplit (line, ",", -1);
      int nf = (int) g_strv_length (f);
      if (!have_header)
        {
          for (int j = 0; j < nf; j++)
            {
              char *name = g_strstrip (f[j]);
              if (d == 1 && g_str_equal (name, "x"))
                col[0] = j;
              else if (d == 2 && g_str_equal (name, "x1"))
                col[0] = j;
              else if (d == 2 && g_str_equal (name, "x2"))
                col[1] = j;
            }
          if (col[0] < 0 || (d == 2 && col[1] < 0))
            {
              g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                           "%s:%d: expected a header with the column%s %s (the network is %d-D)",
                           path, ln + 1, d == 1 ? "" : "s",
                           d == 1 ? "\"x\"" : "\"x1\" and \"x2\"", d);
              return NULL;
            }
          ncols = nf;
          have_header = TRUE;
          continue;
        }
      if (nf != ncols)
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s:%d: expected %d fields like the header, found %d",
                       path, ln + 1, ncols, nf);
          return NULL;
        }
      for (int j = 0; j < d; j++)
        {
          char *field = g_strstrip (f[col[j]]);
          char *end = NULL;
          double v = g_ascii_strtod (field, &end);
          if (end == field || *end || !isfinite (v))
            {
              g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                           "%s:%d: field \"%s\": \"%s\" is not a finite number",
                           path, ln + 1, d == 1 ? "x" : (j == 0 ? "x1" : "x2"), field);
              return NULL;
            }
          g_array_append_val (pts, v);
        }
    }
  if (!have_header)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: empty file, expected a header line", path);
      return NULL;
    }
  *n_out = pts->len / (guint) d;
  return (double *) g_array_free (g_steal_pointer (&pts), FALSE);
}

static int
cmd_eval (int argc, char **argv)
{
  const char *cmd = "eval";
  g_autofree char *points_path = NULL;
  GOptionEntry entries[] = {
    { "points", 0, 0, G_OPTION_ARG_FILENAME, &points_path, "Points (CSV with a header x, or x1,x2)", "F.csv" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("NET.json --points F.csv - evaluate f and its gradient");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Prints CSV: the inputs, f, and df_dx (1-D) or df_dx1,df_dx2 (2-D), with relu'(0) = 0.");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "expected exactly one network file");
  if (!points_path)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--points F.csv is required");
  g_autoptr (GError) err = NULL;
  ShlNet *net = shl_net_load_json (argv[1], &err);
  if (!net)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  size_t n = 0;
  double *x = load_points (points_path, net->d, &n, &err);
  if (!x)
    {
      shl_net_free (net);
      return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
    }
  const int d = net->d;
  double *f = g_new (double, n ? n : 1), *df = g_new (double, n ? n * d : 1);
  shl_net_eval (f, df, net, x, n);
  g_autoptr (GString) out = g_string_new (d == 1 ? "x,f,df_dx\n" : "x1,x2,f,df_dx1,df_dx2\n");
  for (size_t k = 0; k < n; k++)
    {
      for (int j = 0; j < d; j++)
        {
          shl_cli_append_number (out, x[k * d + j], SHL_NUMBER_DEFAULT);
          g_string_append_c (out, ',');
        }
      shl_cli_append_number (out, f[k], SHL_NUMBER_DEFAULT);
      for (int j = 0; j < d; j++)
        {
          g_string_append_c (out, ',');
          shl_cli_append_number (out, df[k * d + j], SHL_NUMBER_DEFAULT);
        }
      g_string_append_c (out, '\n');
    }
  fwrite (out->str, 1, out->len, stdout);
  g_free (f);
  g_free (df);
  g_free (x);
  shl_net_free (net);
  return SHL_CLI_EXIT_OK;
}

/* ------------------------------------------------------------- distance */

static void
json_double (GString *s, const char *key, double v, gboolean last)
{
  g_string_append_printf (s, "  \"%s\": ", key);
  shl_cli_append_number (s, v, SHL_NUMBER_JSON);
  g_string_append (s, last ? "\n" : ",\n");
}

/* every distance between a and b as one JSON object (see distance --help) */
static char *
distances_json (const ShlNet *a, const ShlNet *b)
{
  ShlDistances dist;
  shl_realization_distance (&dist, a, b, NULL, NULL);
  double raw = shl_param_distance_raw (a, b);
  GString *s = g_string_new ("{\n");
  json_double (s, "sup", dist.sup, FALSE);
  json_double (s, "w1inf_2", dist.w1inf_2, FALSE);
  json_double (s, "w1inf_max", dist.w1inf_max, FALSE);
  json_double (s, "sobolev", dist.sobolev, FALSE);
  g_string_append (s, "  \"argsup\": [");
  for (int j = 0; j < a->d; j++)
    {
      if (j)
        g_string_append (s, ", ");
      shl_cli_append_number (s, dist.argsup[j], SHL_NUMBER_JSON);
    }
  g_string_append (s, "],\n");
  g_string_append_printf (s, "  \"width_a\": %d,\n  \"width_b\": %d,\n", a->m, b->m);
  json_double (s, "param_raw", raw, FALSE);
  json_double (s, "param_sym", shl_param_distance_sym (a, b), FALSE);
  json_double (s, "param_sym_l2", shl_param_distance_sym_l2 (a, b), FALSE);
  gboolean ra = shl_net_is_restricted (a, SHL_RESTRICTED_TOL);
  gboolean rb = shl_net_is_restricted (b, SHL_RESTRICTED_TOL);
  g_string_append_printf (s, "  \"restricted_a\": %s,\n  \"restricted_b\": %s,\n",
                          ra ? "true" : "false", rb ? "true" : "false");
  ShlFibreDistance fd;
  if (shl_fibre_distance (&fd, a, b))
    {
      if (ra && rb)
        json_double (s, "fibre", fd.restricted, FALSE);
      else
        {
          json_double (s, "fibre_lower", fd.lower, FALSE);
          json_double (s, "fibre_upper", fd.upper, FALSE);
        }
      json_double (s, "fibre_restricted", fd.restricted, FALSE);
      json_double (s, "stability_bound", fd.bound, TRUE);
    }
  else
    g_string_append (s, "  \"fibre\": null\n");
  g_string_append (s, "}\n");
  return g_string_free (s, FALSE);
}

static int
cmd_distance (int argc, char **argv)
{
  const char *cmd = "distance";
  g_autoptr (GOptionContext) ctx = g_option_context_new ("A.json B.json - distances between two networks");
  g_option_context_set_description (ctx,
    "Prints one JSON object. Realization side, exact on A's domain:\n"
    "  sup        ||f_A - f_B||_inf\n"
    "  w1inf_2    ess sup ||grad(f_A - f_B)||_2\n"
    "  w1inf_max  ess sup ||grad(f_A - f_B)||_inf\n"
    "  sobolev    max(sup, w1inf_2), the W^{1,inf} norm\n"
    "  argsup     a point where |f_A - f_B| = sup\n"
    "Parameter side:\n"
    "  param_raw     ||theta_A - theta_B||_inf (null when the widths differ)\n"
    "  param_sym     from A to B's symmetry orbit: best rescaling of B's neuron\n"
    "                per pair, best permutation (bottleneck assignment), widths\n"
    "                padded with zero neurons, and the affine parts (not\n"
    "                symmetric in A and B: rescaling is not an isometry)\n"
    "  param_sym_l2  the sum-of-squares variant (Hungarian assignment)\n"
    "Distance from A to the fibre of f_B (all parametrizations of f_B):\n"
    "  restricted_a, restricted_b  whether each network is in the restricted set\n"
    "  fibre         exact, when both are restricted: the distance from A to\n"
    "                the restricted parametrizations of f_B (the canonical form)\n"
    "  fibre_lower, fibre_upper  otherwise: bounds on the distance over all\n"
    "                width-m_A parametrizations (the upper one is constructive)\n"
    "  fibre_restricted  the distance to the restricted fibre (always exact)\n"
    "  stability_bound   the proven bound on it for this eps (1-D)");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "expected two network files, got %d", argc - 1);
  g_autoptr (GError) err = NULL;
  ShlNet *a = shl_net_load_json (argv[1], &err);
  if (!a)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  ShlNet *b = shl_net_load_json (argv[2], &err);
  if (!b)
    {
      shl_net_free (a);
      return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
    }
  if (a->d != b->d)
    {
      int da = a->d, db = b->d;
      shl_net_free (a);
      shl_net_free (b);
      return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s is %d-D but %s is %d-D",
                           argv[1], da, argv[2], db);
    }
  g_autofree char *json = distances_json (a, b);
  fputs (json, stdout);
  shl_net_free (a);
  shl_net_free (b);
  return SHL_CLI_EXIT_OK;
}

/* ----------------------------------------------------------- pathology */

static int
cmd_pathology (int argc, char **argv)
{
  const char *cmd = "pathology";
  g_autofree char *param_s = NULL, *out_gamma = NULL, *out_g = NULL;
  GOptionEntry entries[] = {
    { "param", 0, 0, G_OPTION_ARG_STRING, &param_s, "The preset's parameter (default: its default)", "X" },
    { "out-gamma", 0, 0, G_OPTION_ARG_FILENAME, &out_gamma, "Write the network Γ (JSON)", "F" },
    { "out-g", 0, 0, G_OPTION_ARG_FILENAME, &out_g, "Write the nearby function g as a network (JSON)", "F" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[ID] - the gallery of pathologies, headless");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Without ID, lists the presets. With ID, builds the preset's network Γ and\n"
    "nearby function g (as the app's gallery does) and prints every distance\n"
    "between them, as 'distance' does, plus the id and parameter.");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  int n;
  const ShlPathology *t = shl_pathologies (&n);
  if (argc == 1)
    {
      for (int k = 0; k < n; k++)
        printf ("%-14s %-40s %s in [%g, %g], default %g\n", t[k].id, t[k].title, t[k].param_name,
                t[k].param_min, t[k].param_max, t[k].param_default);
      return SHL_CLI_EXIT_OK;
    }
  if (argc != 2)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "expected one preset id");
  const ShlPathology *info = shl_pathology_lookup (argv[1]);
  if (!info)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "unknown preset \"%s\" (run without an id for the list)",
                         argv[1]);
  double p = info->param_default;
  g_autoptr (GError) err = NULL;
  if (param_s && !shl_cli_parse_double ("--param", param_s, info->param_min, info->param_max, &p, &err))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  ShlNet *gamma, *g;
  shl_pathology_build (&gamma, &g, info->id, p);
  int code = SHL_CLI_EXIT_OK;
  if ((out_gamma && !shl_net_save_json (gamma, out_gamma, &err))
      || (out_g && !shl_net_save_json (g, out_g, &err)))
    code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  g_autofree char *json = distances_json (gamma, g);
  g_autoptr (GString) head = g_string_new (NULL);
  g_string_append_printf (head, "{\n  \"id\": \"%s\",\n  \"param\": ", info->id);
  shl_cli_append_number (head, p, SHL_NUMBER_JSON);
  printf ("%s,\n%s", head->str, json + 2);
  shl_net_free (gamma);
  shl_net_free (g);
  return code;
}

/* -------------------------------------------------------------- targets */

static int
cmd_targets (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- list the built-in targets");
  int status;
  if (!shl_cli_parse_options (ctx, "targets", &argc, &argv, &status))
    return status;
  size_t n;
  const ShlTargetInfo *t = shl_targets (&n);
  printf ("%-10s %-3s %-14s %s\n", "name", "dim", "task", "description");
  for (size_t k = 0; k < n; k++)
    printf ("%-10s %-3d %-14s %s\n", t[k].name, t[k].d,
            t[k].classification ? "classification" : "regression",
            t[k].description);
  return SHL_CLI_EXIT_OK;
}

/* ----------------------------------------------------------------- main */

static const char usage[] =
  "Usage: shallows-cli COMMAND [OPTIONS]\n"
  "\n"
  "Headless Shallows: shallow ReLU networks, their training and exact geometry.\n"
  "\n"
  "Commands:\n"
  "  train      train a network on a built-in target or a CSV data file\n"
  "  eval       evaluate a network and its gradient at points from a CSV file\n"
  "  distance   exact distances between two networks (JSON)\n"
  "  targets    list the built-in targets\n"
  "  pathology  the gallery's networks and their distances (theory.md 3)\n"
  "  render     draw a saved session's panels to PDF, SVG or PNG (no display)\n"
  "  bench      measure training speed against baselines\n"
  "  canonical  canonical form of a network in the restricted set (JSON)\n"
  "  diagnose   per-neuron diagnosis: status, kink, jump, imbalance, duplicates\n"
  "  landscape  the loss on a 2-D slice through a network (CSV grid)\n"
  "  path       the loss between two networks, in parameters and realizations\n"
  "\n"
  "'shallows-cli COMMAND --help' describes each command.\n";

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      fputs (usage, stderr);
      return SHL_CLI_EXIT_USAGE;
    }
  const char *cmd = argv[1];
  if (g_str_equal (cmd, "--help") || g_str_equal (cmd, "-h")
      || g_str_equal (cmd, "help"))
    {
      fputs (usage, stdout);
      return SHL_CLI_EXIT_OK;
    }
  if (g_str_equal (cmd, "--version"))
    {
      printf ("shallows-cli %s\n", SHL_VERSION);
      return SHL_CLI_EXIT_OK;
    }
  /* subcommands see argv[0] = "shallows-cli CMD" so that --help reads well */
  g_autofree char *prog = g_strdup_printf ("shallows-cli %s", cmd);
  g_set_prgname (prog);
  argv[1] = prog;
  argc--;
  argv++;
  if (g_str_equal (cmd, "train"))
    return cmd_train (argc, argv);
  if (g_str_equal (cmd, "eval"))
    return cmd_eval (argc, argv);
  if (g_str_equal (cmd, "distance"))
    return cmd_distance (argc, argv);
  if (g_str_equal (cmd, "targets"))
    return cmd_targets (argc, argv);
  if (g_str_equal (cmd, "pathology"))
    return cmd_pathology (argc, argv);
  if (g_str_equal (cmd, "bench"))
    return shl_cli_bench (argc, argv);
  if (g_str_equal (cmd, "render"))
    return shl_cli_render (argc, argv);
  if (g_str_equal (cmd, "canonical"))
    return shl_cli_canonical (argc, argv);
  if (g_str_equal (cmd, "diagnose"))
    return shl_cli_diagnose (argc, argv);
  if (g_str_equal (cmd, "landscape"))
    return shl_cli_landscape (argc, argv);
  if (g_str_equal (cmd, "path"))
    return shl_cli_path (argc, argv);
  return shl_cli_fail (NULL, SHL_CLI_EXIT_USAGE,
                       "unknown command \"%s\" (try 'shallows-cli --help')", cmd);
}
