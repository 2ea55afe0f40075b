/* shl-trainer.c: optimisers, minibatches, divergence handling. */
#include "shl-trainer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shl-check.h"

#include "shl-rng.h"
#include "shl-symmetry.h"

struct ShlTrainer {
  ShlTrainOpts  opts;
  ShlNet       *net;
  ShlData      *data;
  ShlWorkspace *ws;
  ShlRng        rng;
  size_t        batch;         /* samples per step */
  bool          full_batch;
  double       *grad;          /* (n_params) */
  double       *buf1;          /* (n_params) momentum buffer / Adam m */
  double       *buf2;          /* (n_params) Adam v */
  double       *prev;          /* (n_params) last finite parameters */
  int          *perm;          /* (n) minibatch order */
  size_t        perm_pos;
  double       *bx;            /* (batch, d) gathered minibatch */
  double       *by;            /* (batch) */
  uint64_t      steps;         /* steps counted for the user */
  uint64_t      opt_steps;     /* steps of this optimiser state (Adam's t) */
  double        loss;          /* full-data loss at the current parameters */
  bool          loss_valid;
  ShlStatus     status;
  char          message[160];
};

static const ShlName opt_entries[] = {
  { SHL_OPT_GD, "gd", "Gradient descent" },
  { SHL_OPT_SGD, "sgd", "SGD (minibatches)" },
  { SHL_OPT_MOMENTUM, "momentum", "Momentum" },
  { SHL_OPT_ADAM, "adam", "Adam" },
};
const ShlNameTable shl_optimizer_names = SHL_NAME_TABLE ("optimizer", opt_entries);

static const ShlName status_entries[] = {
  { SHL_STATUS_OK, "ok", "Training" },
  { SHL_STATUS_DIVERGED, "diverged", "Diverged" },
};
const ShlNameTable shl_status_names = SHL_NAME_TABLE ("status", status_entries);

void
shl_train_opts_init (ShlTrainOpts *opts)
{
  SHL_RETURN_IF_FAIL (opts != NULL);
  memset (opts, 0, sizeof *opts);
  opts->optimizer = SHL_OPT_ADAM;
  opts->loss = SHL_LOSS_MSE;
  opts->kernel = SHL_KERNEL_FUSED;
  opts->lr = 0.01;
  opts->momentum = 0.9;
  opts->beta1 = 0.9;
  opts->beta2 = 0.999;
  opts->eps = 1e-8;
  opts->weight_decay = 0.0;
  opts->batch = 0;
  opts->train_linear = false;
  opts->restricted = false;
  opts->seed = 0;
}

const char *
shl_optimizer_name (ShlOptimizer opt)
{
  return shl_name_id (&shl_optimizer_names, (int) opt);
}

const char *
shl_optimizer_label (ShlOptimizer opt)
{
  return shl_name_label (&shl_optimizer_names, (int) opt);
}

bool
shl_optimizer_from_name (const char *name, ShlOptimizer *out)
{
  int v;
  if (!shl_name_lookup (&shl_optimizer_names, name, &v))
    return false;
  *out = (ShlOptimizer) v;
  return true;
}

const char *
shl_status_name (ShlStatus status)
{
  return shl_name_id (&shl_status_names, (int) status);
}

size_t
shl_train_opts_batch (const ShlTrainOpts *opts, size_t n)
{
  SHL_RETURN_VAL_IF_FAIL (opts != NULL, 0);
  size_t b;
  if (opts->optimizer == SHL_OPT_GD)
    b = n;
  else if (opts->batch > 0)
    b = opts->batch;
  else if (opts->optimizer == SHL_OPT_SGD)
    b = 32;
  else
    b = n;
  return b < n ? b : n;
}

ShlTrainer *
shl_trainer_new (const ShlNet *net, const ShlData *data,
                 const ShlTrainOpts *opts)
{
  if (!net || !data || !opts || data->n == 0 || net->d != data->d)
    return NULL;
  if (opts->loss == SHL_LOSS_LOGISTIC && !shl_data_labels_binary (data))
    return NULL;
  ShlTrainer *tr = calloc (1, sizeof *tr);
  if (!tr)
    return NULL;
  tr->opts = *opts;
  tr->net = shl_net_copy (net);
  tr->data = shl_data_copy (data);
  tr->batch = shl_train_opts_batch (opts, data->n);
  tr->full_batch = tr->batch == data->n;
  /* sized for the full data: the loss is also reported on all of it */
  tr->ws = shl_workspace_new (net->m, net->d, data->n, opts->kernel);
  size_t np = net->n_params;
  tr->grad = calloc (np, sizeof (double));
  tr->buf1 = calloc (np, sizeof (double));
  tr->buf2 = calloc (np, sizeof (double));
  tr->prev = calloc (np, sizeof (double));
  tr->perm = calloc (data->n, sizeof (int));
  tr->bx = calloc (tr->batch * (size_t) net->d, sizeof (double));
  tr->by = calloc (tr->batch, sizeof (double));
  if (!tr->net || !tr->data || !tr->ws || !tr->grad || !tr->buf1 || !tr->buf2
      || !tr->prev || !tr->perm || !tr->bx || !tr->by)
    {
      shl_trainer_free (tr);
      return NULL;
    }
  shl_rng_seed (&tr->rng, opts->seed);
  for (size_t k = 0; k < data->n; k++)
    tr->perm[k] = (int) k;
  tr->perm_pos = data->n; /* shuffle before the first batch */
  tr->status = SHL_STATUS_OK;
  snprintf (tr->message, sizeof tr->message, "ready");
  if (!shl_net_is_finite (tr->net))
    {
      tr->status = SHL_STATUS_DIVERGED;
      snprintf (tr->message, sizeof tr->message,
                "the initial parameters are not finite");
    }
  return tr;
}

void
shl_trainer_free (ShlTrainer *tr)
{
  if (!tr)
    return;
  shl_net_free (tr->net);
  shl_data_free (tr->data);
  shl_workspace_free (tr->ws);
  free (tr->grad);
  free (tr->buf1);
  free (tr->buf2);
  free (tr->prev);
  free (tr->perm);
  free (tr->bx);
  free (tr->by);
  free (tr);
}

double
shl_trainer_loss (ShlTrainer *tr)
{
  SHL_RETURN_VAL_IF_FAIL (tr != NULL, NAN);
  if (!tr->loss_valid)
    {
      tr->loss = shl_loss_grad (NULL, tr->ws, tr->net, tr->opts.loss,
                                tr->opts.kernel == SHL_KERNEL_NAIVE
                                  ? SHL_KERNEL_NAIVE : SHL_KERNEL_FUSED,
                                tr->data->x, tr->data->y, tr->data->n);
      tr->loss_valid = true;
    }
  return tr->loss;
}

/* Gather the next minibatch into bx/by. */
static void
next_batch (ShlTrainer *tr)
{
  const size_t n = tr->data->n, d = (size_t) tr->data->d;
  if (tr->perm_pos + tr->batch > n)
    {
      shl_rng_shuffle (&tr->rng, tr->perm, (int) n);
      tr->perm_pos = 0;
    }
  for (size_t s = 0; s < tr->batch; s++)
    {
      size_t k = (size_t) tr->perm[tr->perm_pos + s];
      memcpy (tr->bx + s * d, tr->data->x + k * d, d * sizeof (double));
      tr->by[s] = tr->data->y[k];
    }
  tr->perm_pos += tr->batch;
}

static void
diverge (ShlTrainer *tr, const char *what, uint64_t at)
{
  tr->status = SHL_STATUS_DIVERGED;
  snprintf (tr->message, sizeof tr->message,
            "diverged: %s at step %llu; kept the last finite parameters "
            "(step %llu)",
            what, (unsigned long long) at, (unsigned long long) tr->steps);
}

bool
shl_trainer_step (ShlTrainer *tr, double *loss_before)
{
  SHL_RETURN_VAL_IF_FAIL (tr != NULL, false);
  if (tr->status != SHL_STATUS_OK)
    return false;
  ShlNet *net = tr->net;
  const size_t np = net->n_params;
  const ShlTrainOpts *o = &tr->opts;
  double *theta = net->theta, *g = tr->grad;

  double lb;
  if (tr->full_batch)
    {
      lb = shl_loss_grad (g, tr->ws, net, o->loss, o->kernel, tr->data->x,
                          tr->data->y, tr->data->n);
      tr->loss = lb;
      tr->loss_valid = true;
    }
  else
    {
      if (loss_before)
        lb = shl_trainer_loss (tr);
      next_batch (tr);
      double bl = shl_loss_grad (g, tr->ws, net, o->loss, o->kernel, tr->bx,
                                 tr->by, tr->batch);
      if (!loss_before)
        lb = bl;
    }
  if (loss_before)
    *loss_before = lb;
  if (!isfinite (lb))
    {
      /* The current parameters are finite but their loss is not: go back
       * to the previous step, whose loss was finite. */
      uint64_t at = tr->steps;
      if (tr->opt_steps > 0)
        {
          memcpy (theta, tr->prev, np * sizeof (double));
          tr->steps--;
          tr->opt_steps--;
        }
      tr->loss_valid = false;
      diverge (tr, isnan (lb) ? "the loss became NaN" : "the loss overflowed",
               at);
      return false;
    }

  const double wd = o->weight_decay;
  if (wd != 0.0)
    for (size_t k = 0; k < np; k++)
      g[k] += wd * theta[k];
  if (!o->train_linear)
    memset (g + (net->v - net->theta), 0, (size_t) net->d * sizeof (double));

  memcpy (tr->prev, theta, np * sizeof (double));
  const double lr = o->lr;
  switch (o->optimizer)
    {
    case SHL_OPT_GD:
    case SHL_OPT_SGD:
      for (size_t k = 0; k < np; k++)
        theta[k] -= lr * g[k];
      break;
    case SHL_OPT_MOMENTUM:
      {
        double *buf = tr->buf1;
        const double mu = o->momentum;
        if (tr->opt_steps == 0)
          memcpy (buf, g, np * sizeof (double));
        else
          for (size_t k = 0; k < np; k++)
            buf[k] = mu * buf[k] + g[k];
        for (size_t k = 0; k < np; k++)
          theta[k] -= lr * buf[k];
      }
      break;
    case SHL_OPT_ADAM:
    default:
      {
        /* the operation order of torch.optim.Adam (single tensor) */
        double *m1 = tr->buf1, *m2 = tr->buf2;
        const double b1 = o->beta1, b2 = o->beta2;
        const double t = (double) (tr->opt_steps + 1);
        const double bc1 = 1.0 - pow (b1, t);
        const double bc2 = 1.0 - pow (b2, t);
        const double step_size = lr / bc1;
        const double bc2_sqrt = sqrt (bc2);
        for (size_t k = 0; k < np; k++)
          {
            m1[k] = m1[k] * b1 + (1.0 - b1) * g[k];
            m2[k] = m2[k] * b2 + (1.0 - b2) * g[k] * g[k];
            double denom = sqrt (m2[k]) / bc2_sqrt + o->eps;
            theta[k] += -step_size * (m1[k] / denom);
          }
      }
      break;
    }

  tr->loss_valid = false;
  if (!shl_net_is_finite (net))
    {
      memcpy (theta, tr->prev, np * sizeof (double));
      tr->loss_valid = true; /* the loss at prev is lb */
      tr->loss = lb;
      diverge (tr, "a parameter became non-finite", tr->steps + 1);
      return false;
    }
  if (o->restricted)
    shl_restricted_project (net);
  tr->steps++;
  tr->opt_steps++;
  return true;
}

uint64_t
shl_trainer_run (ShlTrainer *tr, uint64_t n)
{
  SHL_RETURN_VAL_IF_FAIL (tr != NULL, 0);
  uint64_t k = 0;
  while (k < n && shl_trainer_step (tr, NULL))
    k++;
  return k;
}

const ShlNet *
shl_trainer_net (const ShlTrainer *tr)
{
  SHL_RETURN_VAL_IF_FAIL (tr != NULL, NULL);
  return tr->net;
}

const ShlData *
shl_trainer_data (const ShlTrainer *tr)
{
  SHL_RETURN_VAL_IF_FAIL (tr != NULL, NULL);
  return tr->data;
}

const ShlTrainOpts *
shl_trainer_opts (const ShlTrainer *tr)
{
  SHL_RETURN_VAL_IF_FAIL (tr != NULL, NULL);
  return &tr->opts;
}

uint64_t
shl_trainer_steps (const ShlTrainer *tr)
{
  SHL_RETURN_VAL_IF_FAIL (tr != NULL, 0);
  return tr->steps;
}

void
shl_trainer_set_steps (ShlTrainer *tr, uint64_t steps)
{
  SHL_RETURN_IF_FAIL (tr != NULL);
  tr->steps = steps;
}

ShlStatus
shl_trainer_status (const ShlTrainer *tr)
{
  SHL_RETURN_VAL_IF_FAIL (tr != NULL, SHL_STATUS_DIVERGED);
  return tr->status;
}

const char *
shl_trainer_message (const ShlTrainer *tr)
{
  SHL_RETURN_VAL_IF_FAIL (tr != NULL, "no trainer");
  return tr->message;
}

ShlTrainerState *
shl_trainer_state_new (size_t n_params, size_t n)
{
  ShlTrainerState *st = calloc (1, sizeof *st);
  if (!st)
    return NULL;
  st->n_params = n_params;
  st->n = n;
  st->theta = calloc (n_params ? n_params : 1, sizeof (double));
  st->buf1 = calloc (n_params ? n_params : 1, sizeof (double));
  st->buf2 = calloc (n_params ? n_params : 1, sizeof (double));
  st->perm = calloc (n ? n : 1, sizeof (int));
  if (!st->theta || !st->buf1 || !st->buf2 || !st->perm)
    {
      shl_trainer_state_free (st);
      return NULL;
    }
  return st;
}

void
shl_trainer_state_free (ShlTrainerState *st)
{
  if (!st)
    return;
  free (st->theta);
  free (st->buf1);
  free (st->buf2);
  free (st->perm);
  free (st);
}

ShlTrainerState *
shl_trainer_get_state (const ShlTrainer *tr)
{
  SHL_RETURN_VAL_IF_FAIL (tr != NULL, NULL);
  const size_t np = tr->net->n_params, n = tr->data->n;
  ShlTrainerState *st = shl_trainer_state_new (np, n);
  if (!st)
    return NULL;
  memcpy (st->theta, tr->net->theta, np * sizeof (double));
  memcpy (st->buf1, tr->buf1, np * sizeof (double));
  memcpy (st->buf2, tr->buf2, np * sizeof (double));
  memcpy (st->perm, tr->perm, n * sizeof (int));
  memcpy (st->rng, tr->rng.s, sizeof st->rng);
  st->steps = tr->steps;
  st->opt_steps = tr->opt_steps;
  st->perm_pos = tr->perm_pos;
  return st;
}

bool
shl_trainer_set_state (ShlTrainer *tr, const ShlTrainerState *st)
{
  SHL_RETURN_VAL_IF_FAIL (tr != NULL, false);
  const size_t np = tr->net->n_params, n = tr->data->n;
  if (!st || st->n_params != np || st->n != n || st->perm_pos > n)
    return false;
  for (size_t k = 0; k < np; k++)
    if (!isfinite (st->theta[k]) || !isfinite (st->buf1[k]) || !isfinite (st->buf2[k]))
      return false;
  /* perm must be a permutation of 0..n-1 */
  unsigned char *seen = calloc (n ? n : 1, 1);
  if (!seen)
    return false;
  bool ok = true;
  for (size_t k = 0; k < n && ok; k++)
    {
      int v = st->perm[k];
      if (v < 0 || (size_t) v >= n || seen[v])
        ok = false;
      else
        seen[v] = 1;
    }
  free (seen);
  if (!ok)
    return false;
  memcpy (tr->net->theta, st->theta, np * sizeof (double));
  memcpy (tr->buf1, st->buf1, np * sizeof (double));
  memcpy (tr->buf2, st->buf2, np * sizeof (double));
  memcpy (tr->perm, st->perm, n * sizeof (int));
  memcpy (tr->rng.s, st->rng, sizeof st->rng);
  tr->steps = st->steps;
  tr->opt_steps = st->opt_steps;
  tr->perm_pos = st->perm_pos;
  tr->loss_valid = false;
  tr->status = SHL_STATUS_OK;
  snprintf (tr->message, sizeof tr->message, "ready");
  return true;
}
