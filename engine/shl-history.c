/* shl-history.c: see shl-history.h. */
#include "shl-history.h"

#include <stdlib.h>
#include <string.h>

#include "shl-check.h"

ShlHistory *
shl_history_new (size_t n_params)
{
  ShlHistory *h = calloc (1, sizeof *h);
  if (!h)
    return NULL;
  h->n_params = n_params;
  h->every = 1;
  h->thin = true;
  return h;
}

void
shl_history_free (ShlHistory *h)
{
  if (!h)
    return;
  free (h->steps);
  free (h->loss);
  free (h->theta);
  free (h);
}

/* room for at least `want` points; false if memory runs out */
static bool
reserve (ShlHistory *h, size_t want)
{
  if (want <= h->cap)
    return true;
  size_t cap = h->cap ? h->cap : 64;
  while (cap < want)
    cap *= 2;
  size_t np = h->n_params ? h->n_params : 1;
  uint64_t *steps = realloc (h->steps, cap * sizeof *steps);
  if (!steps)
    return false;
  h->steps = steps;
  double *loss = realloc (h->loss, cap * sizeof *loss);
  if (!loss)
    return false;
  h->loss = loss;
  double *theta = realloc (h->theta, cap * np * sizeof *theta);
  if (!theta)
    return false;
  h->theta = theta;
  h->cap = cap;
  return true;
}

ShlHistory *
shl_history_copy (const ShlHistory *src)
{
  SHL_RETURN_VAL_IF_FAIL (src != NULL, NULL);
  ShlHistory *h = shl_history_new (src->n_params);
  if (!h)
    return NULL;
  h->every = src->every;
  h->thin = src->thin;
  h->next = src->next;
  if (!reserve (h, src->n))
    {
      shl_history_free (h);
      return NULL;
    }
  if (src->n)
    {
      memcpy (h->steps, src->steps, src->n * sizeof *h->steps);
      memcpy (h->loss, src->loss, src->n * sizeof *h->loss);
      memcpy (h->theta, src->theta, src->n * src->n_params * sizeof *h->theta);
    }
  h->n = src->n;
  return h;
}

void
shl_history_clear (ShlHistory *h)
{
  SHL_RETURN_IF_FAIL (h != NULL);
  h->n = 0;
  h->next = 0;
}

void
shl_history_reset (ShlHistory *h, size_t n_params)
{
  SHL_RETURN_IF_FAIL (h != NULL);
  shl_history_clear (h);
  if (n_params != h->n_params)
    {
      /* the theta column no longer fits: start the columns afresh */
      free (h->steps);
      free (h->loss);
      free (h->theta);
      h->steps = NULL;
      h->loss = NULL;
      h->theta = NULL;
      h->cap = 0;
      h->n_params = n_params;
    }
}

uint64_t
shl_history_stride (uint64_t step, unsigned every)
{
  /* about SHL_HISTORY_DENSITY points per doubling of the step count,
   * never sparser than asked */
  uint64_t stride = 1;
  while (stride * SHL_HISTORY_DENSITY <= step)
    stride *= 2;
  uint64_t e = every > 0 ? every : 1;
  return stride > e ? stride : e;
}

static void
advance_policy (ShlHistory *h, uint64_t step)
{
  uint64_t stride = h->thin ? shl_history_stride (step, h->every)
                            : (h->every > 0 ? h->every : 1);
  h->next = (step / stride + 1) * stride;
}

bool
shl_history_append (ShlHistory *h, uint64_t step, double loss,
                    const double *theta)
{
  SHL_RETURN_VAL_IF_FAIL (h != NULL, false);
  SHL_RETURN_VAL_IF_FAIL (theta != NULL || h->n_params == 0, false);
  if (h->n > 0 && step <= h->steps[h->n - 1])
    return false;
  if (!reserve (h, h->n + 1))
    return false;
  h->steps[h->n] = step;
  h->loss[h->n] = loss;
  if (h->n_params)
    memcpy (h->theta + h->n * h->n_params, theta,
            h->n_params * sizeof *h->theta);
  h->n++;
  advance_policy (h, step);
  return true;
}

void
shl_history_set_every (ShlHistory *h, unsigned every)
{
  SHL_RETURN_IF_FAIL (h != NULL);
  h->every = every > 0 ? every : 1;
}

void
shl_history_set_thinning (ShlHistory *h, bool thin)
{
  SHL_RETURN_IF_FAIL (h != NULL);
  h->thin = thin;
}

uint64_t
shl_history_next (const ShlHistory *h)
{
  SHL_RETURN_VAL_IF_FAIL (h != NULL, 0);
  return h->next;
}

bool
shl_history_wants (const ShlHistory *h, uint64_t step)
{
  SHL_RETURN_VAL_IF_FAIL (h != NULL, false);
  return step >= h->next && (h->n == 0 || step > h->steps[h->n - 1]);
}

bool
shl_history_record (ShlHistory *h, uint64_t step, double loss,
                    const double *theta)
{
  if (!shl_history_wants (h, step))
    return false;
  return shl_history_append (h, step, loss, theta);
}

uint64_t
shl_history_last_step (const ShlHistory *h)
{
  SHL_RETURN_VAL_IF_FAIL (h != NULL, 0);
  return h->n ? h->steps[h->n - 1] : 0;
}

const double *
shl_history_theta_at (const ShlHistory *h, size_t k)
{
  SHL_RETURN_VAL_IF_FAIL (h != NULL && k < h->n, NULL);
  return h->theta + k * h->n_params;
}

/* index of src's first point after dst's last step */
static size_t
first_new (const ShlHistory *dst, const ShlHistory *src)
{
  size_t k = 0;
  if (dst->n > 0)
    while (k < src->n && src->steps[k] <= dst->steps[dst->n - 1])
      k++;
  return k;
}

bool
shl_history_append_all (ShlHistory *dst, const ShlHistory *src)
{
  SHL_RETURN_VAL_IF_FAIL (dst != NULL && src != NULL, false);
  if (src->n == 0)
    return true;
  if (src->n_params != dst->n_params)
    return false;
  size_t k0 = first_new (dst, src), add = src->n - k0;
  if (add == 0)
    return true;
  if (!reserve (dst, dst->n + add))
    return false;
  const size_t np = dst->n_params;
  memcpy (dst->steps + dst->n, src->steps + k0, add * sizeof *dst->steps);
  memcpy (dst->loss + dst->n, src->loss + k0, add * sizeof *dst->loss);
  if (np)
    memcpy (dst->theta + dst->n * np, src->theta + k0 * np,
            add * np * sizeof *dst->theta);
  dst->n += add;
  advance_policy (dst, dst->steps[dst->n - 1]);
  return true;
}

bool
shl_history_move_into (ShlHistory *dst, ShlHistory *src)
{
  SHL_RETURN_VAL_IF_FAIL (dst != NULL && src != NULL && dst != src, false);
  if (src->n == 0)
    return true;
  if (src->n_params != dst->n_params)
    return false;
  if (dst->n == 0)
    {
      /* the columns change hands */
      uint64_t *steps = dst->steps;
      double *loss = dst->loss, *theta = dst->theta;
      size_t cap = dst->cap;
      dst->steps = src->steps;
      dst->loss = src->loss;
      dst->theta = src->theta;
      dst->cap = src->cap;
      dst->n = src->n;
      src->steps = steps;
      src->loss = loss;
      src->theta = theta;
      src->cap = cap;
      src->n = 0;
      advance_policy (dst, dst->steps[dst->n - 1]);
      return true;
    }
  if (!shl_history_append_all (dst, src))
    return false;
  src->n = 0;
  return true;
}

void
shl_history_truncate_after (ShlHistory *h, uint64_t step)
{
  SHL_RETURN_IF_FAIL (h != NULL);
  while (h->n > 0 && h->steps[h->n - 1] > step)
    h->n--;
  if (h->n > 0)
    advance_policy (h, h->steps[h->n - 1]);
  else
    h->next = 0;
}

void
shl_history_thin_half (ShlHistory *h)
{
  SHL_RETURN_IF_FAIL (h != NULL);
  const size_t n = h->n, np = h->n_params;
  size_t j = 0;
  for (size_t k = 0; k < n; k++)
    if (k % 2 == 0 || k == n - 1)
      {
        h->steps[j] = h->steps[k];
        h->loss[j] = h->loss[k];
        if (np && j != k)
          memmove (h->theta + j * np, h->theta + k * np, np * sizeof *h->theta);
        j++;
      }
  h->n = j;
}
