/* shl-cli-train.c: `shallows-cli train` and `shallows-cli targets`.
 *
 * train: parse the options, build the problem from its recipes
 * (shl-problem.h), run the shared training loop (shl-train-loop.h) and
 * write the network, the loss log and the session. */
#include <stdio.h>
#include <string.h>

#include "shl-cli.h"
#include "shl-io.h"
#include "shl-session.h"
#include "shl-train-loop.h"
#include "shl-trainer.h"

/* the option values as given */
typedef struct {
  char    *data_path, *target, *samples, *noise, *data_seed, *domain;
  char    *init_path, *width, *scheme, *seed;
  char    *optimizer, *lr, *momentum, *batch, *weight_decay, *loss, *kernel;
  char    *steps, *out, *log, *session;
  gboolean train_linear, restricted, quiet;
} TrainArgs;

static void
train_args_clear (TrainArgs *a)
{
  char **fields[] = {
    &a->data_path, &a->target, &a->samples, &a->noise, &a->data_seed,
    &a->domain, &a->init_path, &a->width, &a->scheme, &a->seed,
    &a->optimizer, &a->lr, &a->momentum, &a->batch, &a->weight_decay,
    &a->loss, &a->kernel, &a->steps, &a->out, &a->log, &a->session,
  };
  for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
    g_clear_pointer (fields[k], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TrainArgs, train_args_clear)

/* the parsed and checked settings */
typedef struct {
  guint64       steps;
  guint64       seed;        /* initialisation and minibatches */
  guint64       data_seed;   /* default: seed */
  guint64       width;
  ShlInitScheme scheme;
  double        dom[2];      /* --domain */
  ShlTrainOpts  opts;
} TrainSettings;

static int
parse_train_options (TrainArgs *a, const char *cmd, int *argc, char ***argv)
{
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &a->data_path, "Training data (CSV: x,y or x1,x2,y)", "F.csv" },
    { "target", 0, 0, G_OPTION_ARG_STRING, &a->target, "Built-in target (see 'shallows-cli targets')", "NAME" },
    { "samples", 0, 0, G_OPTION_ARG_STRING, &a->samples, "Samples drawn from the target (default 256)", "N" },
    { "noise", 0, 0, G_OPTION_ARG_STRING, &a->noise, "Noise level of the target (default 0)", "S" },
    { "data-seed", 0, 0, G_OPTION_ARG_STRING, &a->data_seed, "Seed of the target's samples and teacher (default: --seed)", "S" },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &a->domain, "Domain [LO,HI]^d of a new network and of the target (default -1,1)", "LO,HI" },
    { "init", 0, 0, G_OPTION_ARG_FILENAME, &a->init_path, "Initial network (JSON)", "NET.json" },
    { "width", 0, 0, G_OPTION_ARG_STRING, &a->width, "Width of a new random network", "M" },
    { "init-scheme", 0, 0, G_OPTION_ARG_STRING, &a->scheme, "uniform|he|balanced (default he)", "NAME" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &a->seed, "Seed of the initialisation and minibatches (default 0)", "S" },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &a->optimizer, "gd|sgd|momentum|adam (default adam)", "NAME" },
    { "lr", 0, 0, G_OPTION_ARG_STRING, &a->lr, "Learning rate (default 0.01)", "X" },
    { "momentum", 0, 0, G_OPTION_ARG_STRING, &a->momentum, "Momentum of 'momentum' (default 0.9)", "X" },
    { "batch", 0, 0, G_OPTION_ARG_STRING, &a->batch, "Minibatch size (default: full batch; sgd 32)", "N" },
    { "weight-decay", 0, 0, G_OPTION_ARG_STRING, &a->weight_decay, "L2 weight decay added to the gradient (default 0)", "X" },
    { "loss", 0, 0, G_OPTION_ARG_STRING, &a->loss, "mse|logistic (default: logistic for classification data)", "NAME" },
    { "steps", 0, 0, G_OPTION_ARG_STRING, &a->steps, "Number of optimiser steps (required)", "N" },
    { "train-linear", 0, 0, G_OPTION_ARG_NONE, &a->train_linear, "Also train the linear part v", NULL },
    { "restricted", 0, 0, G_OPTION_ARG_NONE, &a->restricted, "Project into the restricted set after every step (implies --train-linear)", NULL },
    { "kernel", 0, 0, G_OPTION_ARG_STRING, &a->kernel, "fused|blas|naive (default fused)", "NAME" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &a->out, "Write the trained network (JSON)", "NET.json" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &a->log, "Write the loss of every step (CSV: step,loss)", "LOG.csv" },
    { "session", 0, 0, G_OPTION_ARG_FILENAME, &a->session, "Write a session (data recipe, networks, optimiser state, history) that the app opens and 'render' draws", "S.json" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &a->quiet, "Print nothing on success", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- train a shallow ReLU network");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Row k of LOG.csv is the full-data loss after k steps (row 0: the initial loss).\n"
    "Exit status: 0 success, 1 a file error or divergence, 2 bad arguments.");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, argc, argv, &status))
    return status;
  if (*argc > 1)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "unexpected argument \"%s\"", (*argv)[1]);
  return SHL_CLI_EXIT_OK;
}

/* which options go together */
static int
check_combinations (const TrainArgs *a, const char *cmd)
{
  if (!a->data_path == !a->target)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "give exactly one of --data F.csv or --target NAME");
  if (!a->init_path == !a->width)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "give exactly one of --init NET.json or --width M");
  if (!a->steps)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--steps N is required");
  if (a->data_path && (a->samples || a->noise || a->data_seed))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--samples, --noise and --data-seed go with --target, not --data");
  if (a->init_path && (a->scheme || a->domain))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--init-scheme and --domain go with --width, not --init (the file sets the domain)");
  return SHL_CLI_EXIT_OK;
}

/* the numbers and names, and the checks that need them */
static int
parse_settings (TrainSettings *s, const TrainArgs *a, const char *cmd)
{
  g_autoptr (GError) err = NULL;
  ShlTrainOpts *o = &s->opts;
  shl_train_opts_init (o);
  s->seed = 0;
  s->width = 0;
  s->scheme = SHL_INIT_HE;
  s->dom[0] = -1.0;
  s->dom[1] = 1.0;
  guint64 samples, batch = 0;
  double noise;
  gboolean ok =
    shl_cli_parse_uint ("--steps", a->steps, 0, G_MAXINT64, &s->steps, &err)
    && (!a->seed || shl_cli_parse_uint ("--seed", a->seed, 0, G_MAXUINT64, &s->seed, &err))
    && (!a->samples || shl_cli_parse_uint ("--samples", a->samples, 1, 100000000, &samples, &err))
    && (!a->noise || shl_cli_parse_double ("--noise", a->noise, 0.0, 1e6, &noise, &err))
    && (!a->width || shl_cli_parse_uint ("--width", a->width, 1, 1000000, &s->width, &err))
    && (!a->batch || shl_cli_parse_uint ("--batch", a->batch, 1, G_MAXINT32, &batch, &err))
    && (!a->lr || shl_cli_parse_double ("--lr", a->lr, 0.0, 1e6, &o->lr, &err))
    && (!a->momentum || shl_cli_parse_double ("--momentum", a->momentum, 0.0, 1.0, &o->momentum, &err))
    && (!a->weight_decay || shl_cli_parse_double ("--weight-decay", a->weight_decay, 0.0, 1e6, &o->weight_decay, &err));
  if (!ok)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  s->data_seed = s->seed;
  if (a->data_seed && !shl_cli_parse_uint ("--data-seed", a->data_seed, 0, G_MAXUINT64, &s->data_seed, &err))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  if (a->domain)
    {
      g_auto (GStrv) parts = g_strsplit (a->domain, ",", -1);
      if (g_strv_length (parts) != 2
          || !shl_cli_parse_double ("--domain LO", parts[0], -1e9, 1e9, &s->dom[0], &err)
          || !shl_cli_parse_double ("--domain HI", parts[1], -1e9, 1e9, &s->dom[1], &err)
          || !(s->dom[0] < s->dom[1]))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                             "--domain: expected LO,HI with LO < HI, got \"%s\"%s%s",
                             a->domain, err ? ": " : "", err ? err->message : "");
    }
  int scheme = s->scheme, optimizer = o->optimizer, kernel = o->kernel;
  int loss = o->loss;
  if ((a->scheme && !shl_cli_parse_name ("--init-scheme", a->scheme, &shl_init_scheme_names, &scheme, &err))
      || (a->optimizer && !shl_cli_parse_name ("--optimizer", a->optimizer, &shl_optimizer_names, &optimizer, &err))
      || (a->kernel && !shl_cli_parse_name ("--kernel", a->kernel, &shl_kernel_names, &kernel, &err))
      || (a->loss && !shl_cli_parse_name ("--loss", a->loss, &shl_loss_names, &loss, &err)))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  s->scheme = (ShlInitScheme) scheme;
  o->optimizer = (ShlOptimizer) optimizer;
  o->kernel = (ShlKernel) kernel;
  o->loss = (ShlLoss) loss;
  if (a->momentum && o->optimizer != SHL_OPT_MOMENTUM)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--momentum goes with --optimizer momentum");
  if (a->batch && o->optimizer == SHL_OPT_GD)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--batch does not go with --optimizer gd (always the full batch); use sgd");
  o->batch = (size_t) batch;
  o->seed = s->seed;
  o->train_linear = a->train_linear || a->restricted;
  o->restricted = a->restricted;
  return SHL_CLI_EXIT_OK;
}

/* The problem of the options: the network first (its domain is the
 * data's), then the data, then a new network on the data's domain. */
static int
build_problem (ShlProblem *p, ShlDataRecipe *dr, ShlData **points,
               const TrainArgs *a, TrainSettings *s, const char *cmd)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (ShlNet) given = NULL;
  if (a->init_path && !(given = shl_net_load_json (a->init_path, &err)))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);

  ShlCliDataArgs da = { a->data_path, a->target, a->samples, a->noise };
  shl_data_recipe_init (dr);
  int code = shl_cli_data_recipe (dr, points, cmd, &da);
  if (code != SHL_CLI_EXIT_OK)
    return code;
  dr->dim = 0;   /* the target's, or the points' */
  dr->seed = s->data_seed;
  for (int j = 0; j < SHL_MAX_DIM; j++)
    {
      dr->lo[j] = given ? given->lo[j] : s->dom[0];
      dr->hi[j] = given ? given->hi[j] : s->dom[1];
    }
  if (given && a->target && shl_target_lookup (a->target)->d != given->d)
    return shl_cli_fail_dims (cmd, &da, shl_target_lookup (a->target)->d,
                              a->init_path, given->d);

  ShlNetRecipe nr;
  shl_net_recipe_init (&nr);
  nr.net = given;
  nr.width = (int) s->width;
  nr.scheme = s->scheme;
  nr.seed = s->seed;
  ShlProblemStatus st = shl_problem_build (p, dr, &nr);
  if (st == SHL_PROBLEM_NET_DIM)
    return shl_cli_fail_dims (cmd, &da, (*points)->d, a->init_path, given->d);
  if (st != SHL_PROBLEM_OK)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", shl_problem_status_message (st));

  if (!a->loss)
    s->opts.loss = shl_problem_default_loss (p->data);
  if (s->opts.loss == SHL_LOSS_LOGISTIC && !shl_data_labels_binary (p->data))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                         "--loss logistic needs labels 0 or 1, but %s has others",
                         a->data_path ? a->data_path : a->target);
  return SHL_CLI_EXIT_OK;
}

/* what a session needs to reproduce the run (history and state added
 * after training) */
static ShlSession *
session_for (const ShlProblem *p, const ShlDataRecipe *dr, const TrainArgs *a,
             const TrainSettings *s)
{
  ShlSession *ss = shl_session_new ();
  ss->dim = p->data->d;
  memcpy (ss->lo, p->data->lo, sizeof ss->lo);
  memcpy (ss->hi, p->data->hi, sizeof ss->hi);
  if (dr->target)
    {
      ss->target = g_strdup (dr->target);
      ss->samples = (guint) dr->samples;
      ss->noise = dr->noise;
      ss->data_seed = dr->seed;
    }
  else
    ss->points = shl_data_copy (p->data);
  ss->init_scheme = g_strdup (a->init_path ? "file" : shl_init_scheme_name (s->scheme));
  ss->init_seed = s->seed;
  ss->net0 = shl_net_copy (p->net0);
  ss->opts = s->opts;
  return ss;
}

static void
log_row (uint64_t step, double loss, void *data)
{
  GString *log = data;
  g_string_append_printf (log, "%" G_GUINT64_FORMAT ",", (guint64) step);
  shl_cli_append_number (log, loss, SHL_NUMBER_DEFAULT);
  g_string_append_c (log, '\n');
}

/* write --out, --log and --session; an exit status */
static int
write_outputs (ShlTrainer *tr, const TrainArgs *a, const GString *log,
               ShlSession *ss, ShlHistory *history, const char *cmd)
{
  g_autoptr (GError) err = NULL;
  int code = SHL_CLI_EXIT_OK;
  if (a->out && !shl_net_save_json (shl_trainer_net (tr), a->out, &err))
    {
      code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
      g_clear_error (&err);
    }
  if (log && !shl_write_file_atomic (a->log, log->str, (gssize) log->len, &err))
    {
      code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
      g_clear_error (&err);
    }
  if (ss)
    {
      shl_history_free (ss->history);
      ss->history = history;
      ss->state = shl_trainer_get_state (tr);
      if (!shl_session_save (ss, a->session, &err))
        code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
    }
  else
    shl_history_free (history);
  return code;
}

int
shl_cli_train (int argc, char **argv)
{
  const char *cmd = "train";
  g_auto (TrainArgs) a = { 0 };
  int code = parse_train_options (&a, cmd, &argc, &argv);
  if (code == SHL_CLI_EXIT_OK)
    code = check_combinations (&a, cmd);
  TrainSettings s;
  if (code == SHL_CLI_EXIT_OK)
    code = parse_settings (&s, &a, cmd);
  /* the outputs are checked before training, not after */
  for (guint k = 0; k < 3 && code == SHL_CLI_EXIT_OK; k++)
    code = shl_cli_check_output (cmd, k == 0 ? a.out : k == 1 ? a.log : a.session);
  if (code != SHL_CLI_EXIT_OK)
    return code;

  ShlProblem p = { 0 };
  ShlDataRecipe dr;
  g_autoptr (ShlData) points = NULL;
  code = build_problem (&p, &dr, &points, &a, &s, cmd);
  if (code != SHL_CLI_EXIT_OK)
    {
      shl_problem_clear (&p);
      return code;
    }
  ShlTrainer *tr = shl_trainer_new (p.net0, p.data, &s.opts);
  g_autoptr (ShlSession) ss = a.session ? session_for (&p, &dr, &a, &s) : NULL;
  shl_problem_clear (&p);
  if (!tr)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "could not set up training (out of memory?)");

  /* the shared loop: every step reported once, also when it diverges */
  g_autoptr (GString) log = a.log ? g_string_new ("step,loss\n") : NULL;
  ShlHistory *history = ss ? shl_history_new (shl_trainer_net (tr)->n_params) : NULL;
  double first = shl_trainer_loss (tr);
  guint64 done = shl_train_loop (tr, s.steps, history, log ? log_row : NULL, log);
  double final = shl_trainer_loss (tr);

  code = write_outputs (tr, &a, log, ss, history, cmd);
  if (shl_trainer_status (tr) != SHL_STATUS_OK)
    code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", shl_trainer_message (tr));
  else if (!a.quiet)
    printf ("%" G_GUINT64_FORMAT " steps (%s, lr %g, loss %s): loss %.6g -> %.6g\n",
            done, shl_optimizer_name (s.opts.optimizer), s.opts.lr,
            shl_loss_name (s.opts.loss), first, final);
  shl_trainer_free (tr);
  return code;
}

/* -------------------------------------------------------------- targets */

int
shl_cli_targets (int argc, char **argv)
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
