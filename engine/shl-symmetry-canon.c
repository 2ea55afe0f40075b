/* shl-symmetry-canon.c: canonicalisation, step by step (drop, affine,
 * orient, merge, balance, order and pad) with a report of the first
 * step and neuron that failed (shl_canonicalize_report).
 *
 * Plain C + libm, no GLib. */
#include "shl-symmetry-private.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shl-number.h"

/* ------------------------------------------------------------------------ */
/* Canonicalisation                                                         */

static const ShlName step_entries[] = {
  { SHL_CANON_DROP, "drop", "Drop dead and constant neurons" },
  { SHL_CANON_AFFINE, "affine", "Fold always-active neurons into the linear part" },
  { SHL_CANON_ORIENT, "orient", "Orient" },
  { SHL_CANON_MERGE, "merge", "Merge neurons sharing a kink" },
  { SHL_CANON_BALANCE, "balance", "Balance" },
  { SHL_CANON_ORDER_PAD, "order-pad", "Sort and pad" },
};
const ShlNameTable shl_canon_step_names = SHL_NAME_TABLE ("canonicalisation step", step_entries);

const char *
shl_canon_step_name (ShlCanonStep step)
{
  return shl_name_id (&shl_canon_step_names, (int) step);
}

/* A new net with src's affine part, the neurons i with keep[i] in order,
 * then zero neurons up to width (if larger). NULL if out of memory. */
static ShlNet *
select_neurons (const ShlNet *src, const bool *keep, int width)
{
  const int d = src->d;
  int n = 0;
  for (int i = 0; i < src->m; i++)
    if (keep[i])
      n++;
  ShlNet *out = shl_net_new (n > width ? n : width, d, src->lo, src->hi);
  if (!out)
    return NULL;
  int k = 0;
  for (int i = 0; i < src->m; i++)
    if (keep[i])
      {
        memcpy (neuron_a (out, k), neuron_a (src, i),
                (size_t) d * sizeof (double));
        out->b[k] = src->b[i];
        out->c[k] = src->c[i];
        k++;
      }
  *out->e = *src->e;
  memcpy (out->v, src->v, (size_t) d * sizeof (double));
  return out;
}

/* The steps return the neuron whose result does not fit in doubles (and
 * why in *fit), or -1. */

static int
step_drop (ShlNet *w, bool *keep, Fit *fit)
{
  for (int i = 0; i < w->m; i++)
    {
      if (a_is_zero (w, i))
        {
          /* a constant neuron (or a zero one): c relu(b) */
          if ((*fit = shl_symmetry_add_product (w->e, w->c[i],
                                                fmax (w->b[i], 0.0), false))
              != FIT)
            return i;
          keep[i] = false;
        }
      else if (w->c[i] == 0.0
               || shl_symmetry_robust_status (w, i) == SHL_NEURON_DEAD)
        keep[i] = false;
    }
  return -1;
}

static int
step_affine (ShlNet *w, bool *keep, Fit *fit)
{
  for (int i = 0; i < w->m; i++)
    if (shl_symmetry_robust_status (w, i) == SHL_NEURON_AFFINE)
      {
        if ((*fit = shl_symmetry_fold_into_affine (w, i, true)) != FIT)
          return i;
        keep[i] = false;
      }
  return -1;
}

static int
step_orient (ShlNet *w, Fit *fit)
{
  for (int i = 0; i < w->m; i++)
    if (shl_symmetry_orientation (w, i) < 0
        && (*fit = shl_symmetry_flip_neuron (w, i, true)) != FIT)
      return i;
  return -1;
}

typedef struct {
  int    idx;
  int    d;
  int    cls;        /* 0: a != 0, 1: a = 0 but not zero, 2: zero */
  double k1, k2;     /* 1-D: kink, 0; 2-D: angle, offset */
  double raw[4];     /* a (padded), b, c: tie-breakers */
} SortKey;

static int
cmp_double (double x, double y)
{
  return (x > y) - (x < y);
}

static int
sort_key_cmp (const void *pa, const void *pb)
{
  const SortKey *x = pa, *y = pb;
  int r;
  if ((r = x->cls - y->cls) != 0)
    return r;
  if (x->cls == 0)
    {
      if (x->d == 1 || fabs (x->k1 - y->k1) > ANGLE_TOL)
        {
          if ((r = cmp_double (x->k1, y->k1)) != 0)
            return r;
        }
      if ((r = cmp_double (x->k2, y->k2)) != 0)
        return r;
    }
  for (int k = 0; k < 4; k++)
    if ((r = cmp_double (x->raw[k], y->raw[k])) != 0)
      return r;
  return (x->idx > y->idx) - (x->idx < y->idx);
}

static ShlNet *
step_order_pad (const ShlNet *net, int pad_width)
{
  const int m = net->m, d = net->d;
  SortKey *keys = malloc ((size_t) (m > 0 ? m : 1) * sizeof *keys);
  int *perm = malloc ((size_t) (m > 0 ? m : 1) * sizeof *perm);
  ShlNet *out = NULL;
  if (!keys || !perm)
    goto done;
  for (int i = 0; i < m; i++)
    {
      SortKey *k = keys + i;
      const double *a = neuron_a (net, i);
      k->idx = i;
      k->d = d;
      k->cls = is_zero_neuron (net, i) ? 2 : a_is_zero (net, i) ? 1 : 0;
      k->k1 = k->k2 = 0.0;
      /* the kink (1-D) or the normal's angle, then the line's offset (2-D);
       * shl_net_neuron_kink's "+ 0.0" does not change comparisons */
      if (k->cls == 0 && d == 1)
        k->k1 = shl_net_neuron_kink (net, i);
      else if (k->cls == 0)
        {
          k->k1 = atan2 (a[1], a[0]);
          k->k2 = shl_net_neuron_kink (net, i);
        }
      k->raw[0] = a[0];
      k->raw[1] = d > 1 ? a[1] : 0.0;
      k->raw[2] = net->b[i];
      k->raw[3] = net->c[i];
    }
  qsort (keys, (size_t) m, sizeof *keys, sort_key_cmp);
  for (int i = 0; i < m; i++)
    perm[i] = keys[i].idx;
  out = shl_net_new (pad_width > m ? pad_width : m, d, net->lo, net->hi);
  if (!out)
    goto done;
  for (int k = 0; k < m; k++)
    {
      memcpy (neuron_a (out, k), neuron_a (net, perm[k]),
              (size_t) d * sizeof (double));
      out->b[k] = net->b[perm[k]];
      out->c[k] = net->c[perm[k]];
    }
  *out->e = *net->e;
  memcpy (out->v, net->v, (size_t) d * sizeof (double));
done:
  free (keys);
  free (perm);
  return out;
}

static const ShlName status_entries[] = {
  { SHL_CANON_OK, "ok", "canonicalised" },
  { SHL_CANON_NOT_FINITE, "not-finite", "a parameter of the network is not finite" },
  { SHL_CANON_OVERFLOW, "overflow",
    "the result does not fit in double precision (a folded or merged weight "
    "is beyond the double range, about 1.8e308)" },
  { SHL_CANON_NO_MEMORY, "no-memory", "out of memory" },
  { SHL_CANON_INVALID, "invalid", "invalid arguments" },
  { SHL_CANON_UNDERFLOW, "underflow",
    "the result does not fit in double precision (a folded, merged or "
    "balanced parameter would be rounded below the smallest normal double, "
    "about 2.2e-308, where too few digits are left)" },
};
const ShlNameTable shl_canon_status_names = SHL_NAME_TABLE ("canonicalisation status", status_entries);

const char *
shl_canon_status_message (ShlCanonStatus status)
{
  return shl_name_label (&shl_canon_status_names, (int) status);
}

static ShlNet *
report (ShlCanonReport *r, ShlCanonStatus status, int step, int neuron)
{
  if (r)
    {
      r->status = status;
      r->step = step;
      r->neuron = neuron;
    }
  return NULL;
}

/* one step; the net is finite and the step valid. map (may be NULL)
 * holds, for each neuron of net, its index in the network kappa started
 * from: a failure is reported with that index, and map is updated for the
 * neurons kept (steps 1 to 5 keep their order; step 6, the last, cannot
 * fail). */
static ShlNet *
canon_step (ShlCanonReport *r, const ShlNet *net, ShlCanonStep step, int pad_width,
            int *map)
{
  if (step == SHL_CANON_ORDER_PAD)
    {
      ShlNet *out = step_order_pad (net, pad_width);
      return out ? out : report (r, SHL_CANON_NO_MEMORY, step, -1);
    }
  ShlNet *w = shl_net_copy (net);
  bool *keep = malloc ((size_t) (net->m > 0 ? net->m : 1) * sizeof *keep);
  ShlNet *out = NULL;
  int bad = -1;
  Fit fit = FIT;
  if (!w || !keep)
    {
      report (r, SHL_CANON_NO_MEMORY, step, -1);
      goto done;
    }
  for (int i = 0; i < net->m; i++)
    keep[i] = true;
  switch (step)
    {
    case SHL_CANON_DROP:
      bad = step_drop (w, keep, &fit);
      break;
    case SHL_CANON_AFFINE:
      bad = step_affine (w, keep, &fit);
      break;
    case SHL_CANON_ORIENT:
      bad = step_orient (w, &fit);
      break;
    case SHL_CANON_MERGE:
      if (shl_symmetry_merge_hyperplanes (w, keep, &bad, &fit, true) >= 0)
        bad = -1;
      break;
    case SHL_CANON_BALANCE:
      for (int i = 0; i < w->m; i++)
        {
          double before[SHL_MAX_DIM];
          memcpy (before, neuron_a (w, i), (size_t) w->d * sizeof (double));
          shl_symmetry_balance_neuron (w, i);
          /* |c| = ||(a, b)|| below DBL_MIN: subnormal, too few digits
           * to be balanced to SHL_RESTRICTED_TOL; or an entry of a lost
           * to underflow (1e-284 next to 1e124): the orientation would
           * change */
          bool lost = w->c[i] != 0.0 && fabs (w->c[i]) < DBL_MIN;
          for (int j = 0; j < w->d; j++)
            lost = lost
                   || shl_symmetry_lost_entry (before[j], neuron_a (w, i)[j]);
          if (bad < 0 && lost)
            bad = i;
        }
      if (bad >= 0)
        fit = FIT_UNDER;
      break;
    case SHL_CANON_ORDER_PAD:
    default:
      break;
    }
  if (bad >= 0 || !shl_net_is_finite (w))
    {
      report (r, fit == FIT_UNDER ? SHL_CANON_UNDERFLOW : SHL_CANON_OVERFLOW, step,
              bad >= 0 && map ? map[bad] : bad);
      goto done;
    }
  out = select_neurons (w, keep, 0);
  if (!out)
    report (r, SHL_CANON_NO_MEMORY, step, -1);
  for (int i = 0, k = 0; out && map && i < net->m; i++)
    if (keep[i])
      map[k++] = map[i];
done:
  shl_net_free (w);
  free (keep);
  return out;
}

ShlNet *
shl_canon_step (const ShlNet *net, ShlCanonStep step, int pad_width)
{
  if (!net || !shl_net_is_finite (net) || step < 1
      || step > SHL_CANON_N_STEPS)
    return NULL;
  return canon_step (NULL, net, step, pad_width, NULL);
}

ShlNet *
shl_canonicalize_report (ShlCanonReport *r, const ShlNet *net, int n_steps,
                         int pad_width)
{
  report (r, SHL_CANON_OK, 0, -1);
  if (!net || n_steps < 0 || n_steps > SHL_CANON_N_STEPS)
    return report (r, SHL_CANON_INVALID, 0, -1);
  if (!shl_net_is_finite (net))
    return report (r, SHL_CANON_NOT_FINITE, 0, -1);
  ShlNet *cur = shl_net_copy (net);
  int *map = malloc ((size_t) (net->m > 0 ? net->m : 1) * sizeof *map);
  if (!cur || !map)
    {
      shl_net_free (cur);
      free (map);
      return report (r, SHL_CANON_NO_MEMORY, 0, -1);
    }
  for (int i = 0; i < net->m; i++)
    map[i] = i;
  for (int s = 1; cur && s <= n_steps; s++)
    {
      ShlNet *next = canon_step (r, cur, (ShlCanonStep) s, pad_width, map);
      shl_net_free (cur);
      cur = next;
    }
  free (map);
  return cur;
}

ShlNet *
shl_canonicalize_steps (const ShlNet *net, int n_steps, int pad_width)
{
  return shl_canonicalize_report (NULL, net, n_steps, pad_width);
}

ShlNet *
shl_canonicalize (const ShlNet *net, int pad_width)
{
  return shl_canonicalize_steps (net, SHL_CANON_N_STEPS, pad_width);
}
