/* shl-problem.c: see shl-problem.h. */
#include "shl-problem.h"

#include <math.h>
#include <string.h>

#include "shl-check.h"
#include "shl-rng.h"

static const ShlName status_entries[] = {
  { SHL_PROBLEM_OK, "ok", "ok" },
  { SHL_PROBLEM_UNKNOWN_TARGET, "unknown-target", "unknown built-in target" },
  { SHL_PROBLEM_DATA_DIM, "data-dim", "the data are not of the input dimension asked for" },
  { SHL_PROBLEM_BAD_DOMAIN, "bad-domain", "the domain is not a box with lo < hi" },
  { SHL_PROBLEM_BAD_SAMPLES, "bad-samples",
    "the number of samples must be positive and the noise finite and not negative" },
  { SHL_PROBLEM_NO_DATA, "no-data", "neither a built-in target nor points" },
  { SHL_PROBLEM_NET_DIM, "net-dim", "the network and the data differ in input dimension" },
  { SHL_PROBLEM_BAD_WIDTH, "bad-width", "the width must not be negative" },
  { SHL_PROBLEM_NO_MEMORY, "no-memory", "out of memory" },
};
const ShlNameTable shl_problem_status_names = SHL_NAME_TABLE ("problem status", status_entries);

const char *
shl_problem_status_message (ShlProblemStatus status)
{
  return shl_name_label (&shl_problem_status_names, (int) status);
}

void
shl_data_recipe_init (ShlDataRecipe *r)
{
  SHL_RETURN_IF_FAIL (r != NULL);
  memset (r, 0, sizeof *r);
  r->dim = 1;
  for (int j = 0; j < SHL_MAX_DIM; j++)
    {
      r->lo[j] = -1.0;
      r->hi[j] = 1.0;
    }
  r->samples = 128;
}

void
shl_net_recipe_init (ShlNetRecipe *r)
{
  SHL_RETURN_IF_FAIL (r != NULL);
  memset (r, 0, sizeof *r);
  r->scheme = SHL_INIT_HE;
}

static bool
domain_ok (const ShlDataRecipe *r, int d)
{
  for (int j = 0; j < d; j++)
    if (!isfinite (r->lo[j]) || !isfinite (r->hi[j]) || !(r->lo[j] < r->hi[j]))
      return false;
  return true;
}

ShlTarget *
shl_problem_make_target (const ShlDataRecipe *r)
{
  SHL_RETURN_VAL_IF_FAIL (r != NULL, NULL);
  const ShlTargetInfo *info = r->target ? shl_target_lookup (r->target) : NULL;
  if (!info || !domain_ok (r, info->d))
    return NULL;
  return shl_target_new (r->target, r->seed, r->lo, r->hi);
}

ShlProblemStatus
shl_problem_make_data (ShlData **data, ShlTarget **target,
                       const ShlDataRecipe *r)
{
  SHL_RETURN_VAL_IF_FAIL (data != NULL && r != NULL, SHL_PROBLEM_NO_DATA);
  *data = NULL;
  if (target)
    *target = NULL;
  if (r->dim < 0 || r->dim > SHL_MAX_DIM)
    return SHL_PROBLEM_DATA_DIM;
  if (!r->target)
    {
      if (!r->points)
        return SHL_PROBLEM_NO_DATA;
      if (r->dim != 0 && r->points->d != r->dim)
        return SHL_PROBLEM_DATA_DIM;
      *data = shl_data_copy (r->points);
      return *data ? SHL_PROBLEM_OK : SHL_PROBLEM_NO_MEMORY;
    }

  const ShlTargetInfo *info = shl_target_lookup (r->target);
  if (!info)
    return SHL_PROBLEM_UNKNOWN_TARGET;
  if (r->dim != 0 && info->d != r->dim)
    return SHL_PROBLEM_DATA_DIM;
  if (!domain_ok (r, info->d))
    return SHL_PROBLEM_BAD_DOMAIN;
  if (r->samples == 0 || !isfinite (r->noise) || r->noise < 0.0)
    return SHL_PROBLEM_BAD_SAMPLES;
  ShlTarget *t = shl_target_new (r->target, r->seed, r->lo, r->hi);
  if (!t)
    return SHL_PROBLEM_NO_MEMORY;
  *data = shl_target_sample (t, r->samples, r->noise, r->seed);
  if (!*data)
    {
      shl_target_free (t);
      return SHL_PROBLEM_NO_MEMORY;
    }
  if (target)
    *target = t;
  else
    shl_target_free (t);
  return SHL_PROBLEM_OK;
}

ShlProblemStatus
shl_problem_make_net (ShlNet **net, const ShlNetRecipe *r, const ShlData *data)
{
  SHL_RETURN_VAL_IF_FAIL (net != NULL && r != NULL && data != NULL,
                          SHL_PROBLEM_NO_DATA);
  *net = NULL;
  if (r->net)
    {
      if (r->net->d != data->d)
        return SHL_PROBLEM_NET_DIM;
      *net = shl_net_copy (r->net);
      return *net ? SHL_PROBLEM_OK : SHL_PROBLEM_NO_MEMORY;
    }
  if (r->width < 0)
    return SHL_PROBLEM_BAD_WIDTH;
  ShlNet *n = shl_net_new (r->width, data->d, data->lo, data->hi);
  if (!n)
    return SHL_PROBLEM_NO_MEMORY;
  ShlRng rng;
  shl_rng_seed (&rng, r->seed);
  shl_net_init_random (n, r->scheme, &rng);
  *net = n;
  return SHL_PROBLEM_OK;
}

ShlProblemStatus
shl_problem_build (ShlProblem *out, const ShlDataRecipe *data,
                   const ShlNetRecipe *net)
{
  SHL_RETURN_VAL_IF_FAIL (out != NULL && data != NULL && net != NULL,
                          SHL_PROBLEM_NO_DATA);
  memset (out, 0, sizeof *out);
  ShlProblemStatus st = shl_problem_make_data (&out->data, &out->target, data);
  if (st == SHL_PROBLEM_OK)
    st = shl_problem_make_net (&out->net0, net, out->data);
  if (st != SHL_PROBLEM_OK)
    shl_problem_clear (out);
  return st;
}

void
shl_problem_clear (ShlProblem *p)
{
  if (!p)
    return;
  shl_data_free (p->data);
  shl_target_free (p->target);
  shl_net_free (p->net0);
  p->data = NULL;
  p->target = NULL;
  p->net0 = NULL;
}

ShlLoss
shl_problem_default_loss (const ShlData *data)
{
  SHL_RETURN_VAL_IF_FAIL (data != NULL, SHL_LOSS_MSE);
  return data->classification ? SHL_LOSS_LOGISTIC : SHL_LOSS_MSE;
}
