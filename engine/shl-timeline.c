/* shl-timeline.c: symmetry moves as events on the training timeline (see
 * shl-timeline.h). */
#include "shl-timeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shl-check.h"
#include "shl-geom.h"
#include "shl-noise.h"

ShlTimeline *
shl_timeline_new (size_t n_params)
{
  ShlTimeline *tl = calloc (1, sizeof *tl);
  if (tl)
    tl->n_params = n_params;
  return tl;
}

void
shl_timeline_free (ShlTimeline *tl)
{
  if (!tl)
    return;
  for (size_t k = 0; k < tl->n; k++)
    free (tl->ev[k].before);
  free (tl->ev);
  free (tl);
}

void
shl_timeline_reset (ShlTimeline *tl, size_t n_params)
{
  SHL_RETURN_IF_FAIL (tl != NULL);
  for (size_t k = 0; k < tl->n; k++)
    free (tl->ev[k].before);
  tl->n = 0;
  tl->n_params = n_params;
}

/* room for one more event */
static bool
reserve (ShlTimeline *tl)
{
  if (tl->n < tl->cap)
    return true;
  size_t cap = tl->cap ? 2 * tl->cap : 8;
  ShlMoveEvent *ev = realloc (tl->ev, cap * sizeof *ev);
  if (!ev)
    return false;
  tl->ev = ev;
  tl->cap = cap;
  return true;
}

ShlTimeline *
shl_timeline_copy (const ShlTimeline *tl)
{
  SHL_RETURN_VAL_IF_FAIL (tl != NULL, NULL);
  ShlTimeline *c = shl_timeline_new (tl->n_params);
  if (!c)
    return NULL;
  for (size_t k = 0; k < tl->n; k++)
    {
      if (!reserve (c))
        goto fail;
      ShlMoveEvent *e = &c->ev[c->n];
      *e = tl->ev[k];
      e->before = malloc ((tl->n_params ? tl->n_params : 1) * sizeof (double));
      if (!e->before)
        goto fail;
      memcpy (e->before, tl->ev[k].before, tl->n_params * sizeof (double));
      c->n++;
    }
  return c;
fail:
  shl_timeline_free (c);
  return NULL;
}

bool
shl_timeline_append (ShlTimeline *tl, uint64_t step, const ShlMove *move, const ShlNet *before,
                     const ShlNet *after)
{
  SHL_RETURN_VAL_IF_FAIL (tl != NULL && move != NULL && before != NULL && after != NULL, false);
  if (before->n_params != tl->n_params || !shl_net_same_shape (before, after))
    return false;
  if (tl->n > 0 && step < tl->ev[tl->n - 1].step)
    return false;
  if (!reserve (tl))
    return false;
  ShlMoveEvent *e = &tl->ev[tl->n];
  memset (e, 0, sizeof *e);
  e->before = malloc ((tl->n_params ? tl->n_params : 1) * sizeof (double));
  if (!e->before)
    return false;
  memcpy (e->before, before->theta, tl->n_params * sizeof (double));
  e->step = step;
  e->move = *move;
  e->moved = 0;
  for (size_t k = 0; k < tl->n_params; k++)
    e->moved = fmax (e->moved, fabs (after->theta[k] - before->theta[k]));
  ShlDistances D;
  e->f_change = shl_realization_distance (&D, after, before, NULL, NULL) ? D.sup : NAN;
  e->f_tol = shl_noise_tol (before->m + after->m,
                            shl_net_value_scale (before) + shl_net_value_scale (after));
  tl->n++;
  return true;
}

bool
shl_timeline_append_event (ShlTimeline *tl, const ShlMoveEvent *event)
{
  SHL_RETURN_VAL_IF_FAIL (tl != NULL && event != NULL && event->before != NULL, false);
  if ((tl->n > 0 && event->step < tl->ev[tl->n - 1].step) || !reserve (tl))
    return false;
  ShlMoveEvent *e = &tl->ev[tl->n];
  *e = *event;
  e->before = malloc ((tl->n_params ? tl->n_params : 1) * sizeof (double));
  if (!e->before)
    return false;
  memcpy (e->before, event->before, tl->n_params * sizeof (double));
  tl->n++;
  return true;
}

void
shl_timeline_truncate_after (ShlTimeline *tl, uint64_t step)
{
  SHL_RETURN_IF_FAIL (tl != NULL);
  while (tl->n > 0 && tl->ev[tl->n - 1].step > step)
    {
      tl->n--;
      free (tl->ev[tl->n].before);
    }
}

const ShlMoveEvent *
shl_timeline_at (const ShlTimeline *tl, uint64_t step)
{
  SHL_RETURN_VAL_IF_FAIL (tl != NULL, NULL);
  for (size_t k = tl->n; k-- > 0;)
    if (tl->ev[k].step == step)
      return &tl->ev[k];
  return NULL;
}

char *
shl_move_short_label (char *buf, size_t len, const ShlMove *m)
{
  SHL_RETURN_VAL_IF_FAIL (buf != NULL && m != NULL, buf);
  switch (m->kind)
    {
    case SHL_MOVE_BALANCE:
      snprintf (buf, len, "balance");
      break;
    case SHL_MOVE_BALANCE_NEURON:
      snprintf (buf, len, "balance %d", m->neuron + 1);
      break;
    case SHL_MOVE_RESCALE_NEURON:
      if (m->lambda == 2.0 || m->lambda == 0.5)
        snprintf (buf, len, "%s on %d", m->lambda == 2.0 ? "×2" : "÷2", m->neuron + 1);
      else
        snprintf (buf, len, "λ %.3g on %d", m->lambda, m->neuron + 1);
      break;
    case SHL_MOVE_REVERSE:
      snprintf (buf, len, "permute");
      break;
    case SHL_MOVE_CANON_STEP:
      snprintf (buf, len, "κ %d", m->step);
      break;
    case SHL_MOVE_CANONICAL:
    default:
      snprintf (buf, len, "κ");
      break;
    }
  return buf;
}

char *
shl_move_event_caption (char *buf, size_t len, const ShlMoveEvent *e)
{
  SHL_RETURN_VAL_IF_FAIL (buf != NULL && e != NULL, buf);
  char label[SHL_MOVE_TEXT_MAX];
  /* the move's label (short for the whole of κ) */
  if (e->move.kind == SHL_MOVE_CANONICAL)
    snprintf (label, sizeof label, "κ: all six steps");
  else
    shl_move_to_label (label, sizeof label, &e->move);
  if (!(e->f_change > e->f_tol))
    snprintf (buf, len, "%s — f unchanged, θ moved by %.2g", label, e->moved);
  else
    snprintf (buf, len, "%s — f changed by %.2g (rounding), θ moved by %.2g", label,
              e->f_change, e->moved);
  return buf;
}

/* ------------------------------------------------------ keeping width */

/* whether neuron i of a and neuron j of b lie on the same oriented
 * hyperplane (their (a, b) vectors are positive multiples, to 1e-9) */
static bool
same_hyperplane (const ShlNet *a, int i, const ShlNet *b, int j)
{
  const int d = a->d;
  double u[SHL_MAX_DIM + 1], w[SHL_MAX_DIM + 1], nu = 0, nw = 0;
  for (int k = 0; k < d; k++)
    {
      u[k] = a->a[(size_t) i * d + k];
      w[k] = b->a[(size_t) j * d + k];
    }
  u[d] = a->b[i];
  w[d] = b->b[j];
  for (int k = 0; k <= d; k++)
    {
      nu += u[k] * u[k];
      nw += w[k] * w[k];
    }
  if (!(nu > 0) || !(nw > 0))
    return false;
  nu = sqrt (nu);
  nw = sqrt (nw);
  for (int k = 0; k <= d; k++)
    if (fabs (u[k] / nu - w[k] / nw) > 1e-9)
      return false;
  return true;
}

static void
copy_neuron (ShlNet *dst, int i, const ShlNet *src, int j)
{
  const int d = src->d;
  for (int k = 0; k < d; k++)
    dst->a[(size_t) i * d + k] = src->a[(size_t) j * d + k];
  dst->b[i] = src->b[j];
  dst->c[i] = src->c[j];
}

ShlNet *
shl_move_apply_keep_width (const ShlMove *move, const ShlNet *net)
{
  SHL_RETURN_VAL_IF_FAIL (move != NULL && net != NULL, NULL);
  ShlNet *out = shl_move_apply (move, net);
  if (!out || out->m >= net->m)
    return out;
  /* a step of κ dropped or merged neurons: every neuron that is left goes
   * back to the first free slot on its hyperplane (drops and merges keep
   * the order, so the search goes on from the last slot used) */
  ShlNet *w = shl_net_new (net->m, net->d, net->lo, net->hi);
  bool *used = calloc ((size_t) net->m, sizeof (bool));
  if (!w || !used)
    {
      shl_net_free (w);
      free (used);
      shl_net_free (out);
      return NULL;
    }
  *w->e = *out->e;
  memcpy (w->v, out->v, (size_t) net->d * sizeof (double));
  int next = 0;
  for (int j = 0; j < out->m; j++)
    {
      int slot = -1;
      for (int q = 0; q < net->m && slot < 0; q++)
        {
          int i = (next + q) % net->m;
          if (!used[i] && same_hyperplane (net, i, out, j))
            slot = i;
        }
      for (int i = 0; i < net->m && slot < 0; i++)
        if (!used[i])
          slot = i;
      used[slot] = true;
      copy_neuron (w, slot, out, j);
      next = slot + 1;
    }
  free (used);
  shl_net_free (out);
  return w;
}

ShlTrainer *
shl_timeline_replay_step (const ShlTimeline *tl, uint64_t step, ShlTrainer *tr,
                          const ShlData *data, const ShlTrainOpts *opts)
{
  SHL_RETURN_VAL_IF_FAIL (tl != NULL && tr != NULL && data != NULL && opts != NULL, tr);
  for (size_t k = 0; k < tl->n; k++)
    {
      if (tl->ev[k].step != step)
        continue;
      ShlNet *moved = shl_move_apply_keep_width (&tl->ev[k].move, shl_trainer_net (tr));
      ShlTrainer *next = moved ? shl_trainer_new (moved, data, opts) : NULL;
      shl_net_free (moved);
      shl_trainer_free (tr);
      if (!next)
        return NULL;
      shl_trainer_set_steps (next, step);
      tr = next;
    }
  return tr;
}
