/* shl-move.c: typed symmetry moves (see shl-move.h).
 *
 * Plain C + libm, no GLib. Numbers in ids and labels are written and read
 * in the C locale (uselocale, per thread), whatever the app's locale. */
#include "shl-move.h"

#include <float.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* The kind table                                                           */

static const struct {
  ShlMoveKind kind;
  const char *name;    /* the kind's name; also the id prefix */
  const char *label;
} kinds[SHL_MOVE_N_KINDS] = {
  { SHL_MOVE_BALANCE, "balance", "Balance" },
  { SHL_MOVE_BALANCE_NEURON, "balance-neuron", "Balance neuron" },
  { SHL_MOVE_RESCALE_NEURON, "rescale-neuron", "Rescale neuron" },
  { SHL_MOVE_REVERSE, "reverse", "Permute" },
  { SHL_MOVE_CANON_STEP, "canon-step", "κ step" },
  { SHL_MOVE_CANONICAL, "canonical", "κ" },
};

/* the steps of kappa as the app names them, indexed by ShlCanonStep - 1 */
static const char *const step_labels[SHL_CANON_N_STEPS] = {
  "drop", "fold affine", "orient", "merge", "balance", "order",
};

const char *
shl_move_kind_name (ShlMoveKind kind)
{
  if ((unsigned) kind < SHL_MOVE_N_KINDS)
    return kinds[kind].name;
  return "unknown";
}

const char *
shl_move_kind_label (ShlMoveKind kind)
{
  if ((unsigned) kind < SHL_MOVE_N_KINDS)
    return kinds[kind].label;
  return "unknown";
}

bool
shl_move_kind_from_name (const char *name, ShlMoveKind *out)
{
  for (unsigned k = 0; name && k < SHL_MOVE_N_KINDS; k++)
    if (strcmp (name, kinds[k].name) == 0)
      {
        *out = kinds[k].kind;
        return true;
      }
  return false;
}

/* ------------------------------------------------------------------------ */
/* Constructors                                                             */

ShlMove
shl_move_balance (void)
{
  return (ShlMove) { .kind = SHL_MOVE_BALANCE, .neuron = -1 };
}

ShlMove
shl_move_balance_neuron (int neuron)
{
  return (ShlMove) { .kind = SHL_MOVE_BALANCE_NEURON, .neuron = neuron };
}

ShlMove
shl_move_rescale_neuron (int neuron, double lambda)
{
  return (ShlMove) {
    .kind = SHL_MOVE_RESCALE_NEURON, .neuron = neuron, .lambda = lambda
  };
}

ShlMove
shl_move_reverse (void)
{
  return (ShlMove) { .kind = SHL_MOVE_REVERSE, .neuron = -1 };
}

ShlMove
shl_move_canon_step (ShlCanonStep step)
{
  return (ShlMove) {
    .kind = SHL_MOVE_CANON_STEP, .neuron = -1, .step = (int) step
  };
}

ShlMove
shl_move_canonical (void)
{
  return (ShlMove) { .kind = SHL_MOVE_CANONICAL, .neuron = -1 };
}

/* ------------------------------------------------------------------------ */
/* Numbers in the C locale                                                  */

typedef struct {
  locale_t c;
  locale_t old;
} CLocale;

static void
c_locale_enter (CLocale *cl)
{
  cl->c = newlocale (LC_NUMERIC_MASK, "C", (locale_t) 0);
  cl->old = cl->c ? uselocale (cl->c) : (locale_t) 0;
}

static void
c_locale_leave (CLocale *cl)
{
  if (cl->c)
    {
      uselocale (cl->old);
      freelocale (cl->c);
    }
}

/* the shortest of %.15g, %.16g and %.17g that reads back to x */
static void
format_double (char *buf, size_t len, double x)
{
  CLocale cl;
  c_locale_enter (&cl);
  for (int digits = 15; digits <= 17; digits++)
    {
      snprintf (buf, len, "%.*g", digits, x);
      if (strtod (buf, NULL) == x)
        break;
    }
  c_locale_leave (&cl);
}

/* a positive finite decimal number that is the whole of s: digits, one
 * optional point, an optional exponent */
static bool
parse_lambda (const char *s, double *out)
{
  if (!((*s >= '0' && *s <= '9') || *s == '.'))
    return false;
  for (const char *p = s; *p; p++)
    if (!strchr ("0123456789.eE+-", *p))
      return false;
  CLocale cl;
  c_locale_enter (&cl);
  char *end = NULL;
  double v = strtod (s, &end);
  c_locale_leave (&cl);
  if (end == s || *end != '\0' || !isfinite (v) || !(v > 0.0))
    return false;
  *out = v;
  return true;
}

/* decimal digits only, at most INT_MAX; *end after the last digit */
static bool
parse_index (const char *s, int *out, const char **end)
{
  long long v = 0;
  const char *p = s;
  for (; *p >= '0' && *p <= '9'; p++)
    {
      v = 10 * v + (*p - '0');
      if (v > INT_MAX)
        return false;
    }
  if (p == s)
    return false;
  *out = (int) v;
  *end = p;
  return true;
}

/* ------------------------------------------------------------------------ */
/* Checks, ids and labels                                                   */

/* every entry of neuron i finite, and none that was not 0 gone to 0 or
 * shrunk into the subnormals (digits lost) */
static bool
rescaled_in_range (const ShlNet *before, const ShlNet *after, int i)
{
  const int d = before->d;
  double x[SHL_MAX_DIM + 2], y[SHL_MAX_DIM + 2];
  for (int j = 0; j < d; j++)
    {
      x[j] = before->a[i * d + j];
      y[j] = after->a[i * d + j];
    }
  x[d] = before->b[i], y[d] = after->b[i];
  x[d + 1] = before->c[i], y[d + 1] = after->c[i];
  for (int k = 0; k < d + 2; k++)
    if (!isfinite (y[k]) || (x[k] != 0.0 && fabs (y[k]) < DBL_MIN && fabs (y[k]) < fabs (x[k])))
      return false;
  return true;
}

/* The move applied (its arguments checked, net finite): the new network,
 * or NULL with the reason in buf. */
static ShlNet *
apply_move (const ShlMove *move, const ShlNet *net, char *buf, size_t len)
{
  ShlNet *out = NULL;
  if (move->kind == SHL_MOVE_CANONICAL || move->kind == SHL_MOVE_CANON_STEP)
    {
      ShlCanonReport r;
      if (move->kind == SHL_MOVE_CANONICAL)
        out = shl_canonicalize_report (&r, net, SHL_CANON_N_STEPS, net->m);
      else
        {
          ShlCanonStep step = (ShlCanonStep) move->step;
          out = shl_canon_step (net, step, step == SHL_CANON_ORDER_PAD ? net->m : -1);
          /* (NULL: overflow, or out of memory, which is told apart only
           * by the report of the whole of kappa) */
          r.status = out ? SHL_CANON_OK : SHL_CANON_OVERFLOW;
        }
      if (!out)
        snprintf (buf, len, "%s", r.status == SHL_CANON_NO_MEMORY
                  ? "out of memory"
                  : "the result is beyond the double range (a folded or merged weight over about 1.8e308)");
      return out;
    }
  out = shl_net_copy (net);
  if (!out)
    {
      snprintf (buf, len, "out of memory");
      return NULL;
    }
  switch (move->kind)
    {
    case SHL_MOVE_BALANCE:
      shl_net_balance (out);
      break;
    case SHL_MOVE_BALANCE_NEURON:
      shl_net_balance_neuron (out, move->neuron);
      break;
    case SHL_MOVE_RESCALE_NEURON:
      shl_net_rescale_neuron (out, move->neuron, move->lambda);
      if (!rescaled_in_range (net, out, move->neuron))
        {
          char num[32];
          format_double (num, sizeof num, move->lambda);
          snprintf (buf, len, "rescaling neuron %d by λ = %s leaves the double range",
                    move->neuron + 1, num);
          shl_net_free (out);
          return NULL;
        }
      break;
    case SHL_MOVE_REVERSE:
      for (int i = 0; i < out->m / 2; i++)
        shl_net_swap_neurons (out, i, out->m - 1 - i);
      break;
    case SHL_MOVE_CANON_STEP:
    case SHL_MOVE_CANONICAL:
    default:
      break;
    }
  if (!shl_net_is_finite (out))
    {
      snprintf (buf, len, "the result is beyond the double range");
      shl_net_free (out);
      return NULL;
    }
  return out;
}

const char *
shl_move_check (const ShlMove *move, const ShlNet *net, char *buf,
                size_t len)
{
  if (!move || (unsigned) move->kind >= SHL_MOVE_N_KINDS)
    {
      snprintf (buf, len, "unknown move");
      return buf;
    }
  bool per_neuron = move->kind == SHL_MOVE_BALANCE_NEURON
                    || move->kind == SHL_MOVE_RESCALE_NEURON;
  if (per_neuron && move->neuron < 0)
    {
      snprintf (buf, len, "neuron index %d is negative", move->neuron);
      return buf;
    }
  if (move->kind == SHL_MOVE_RESCALE_NEURON
      && !(move->lambda > 0.0 && isfinite (move->lambda)))
    {
      char num[32];
      format_double (num, sizeof num, move->lambda);
      snprintf (buf, len, "λ = %s is not a positive finite number", num);
      return buf;
    }
  if (move->kind == SHL_MOVE_CANON_STEP
      && (move->step < 1 || move->step > SHL_CANON_N_STEPS))
    {
      snprintf (buf, len, "κ has no step %d (steps 1 to %d)", move->step,
                SHL_CANON_N_STEPS);
      return buf;
    }
  if (!net)
    return NULL;
  if (per_neuron && move->neuron >= net->m)
    {
      snprintf (buf, len, "neuron %d does not exist (the width is %d)",
                move->neuron + 1, net->m);
      return buf;
    }
  if (!shl_net_is_finite (net))
    {
      snprintf (buf, len, "a parameter of the network is not finite");
      return buf;
    }
  /* the result must be representable: tried, and thrown away */
  ShlNet *out = apply_move (move, net, buf, len);
  if (!out)
    return buf;
  shl_net_free (out);
  return NULL;
}

char *
shl_move_to_id (char *buf, size_t len, const ShlMove *move)
{
  char why[SHL_MOVE_TEXT_MAX];
  if (len == 0)
    return buf;
  buf[0] = '\0';
  if (shl_move_check (move, NULL, why, sizeof why))
    return buf;
  switch (move->kind)
    {
    case SHL_MOVE_BALANCE_NEURON:
      snprintf (buf, len, "balance-%d", move->neuron);
      break;
    case SHL_MOVE_RESCALE_NEURON:
      {
        char num[32];
        format_double (num, sizeof num, move->lambda);
        snprintf (buf, len, "rescale-%d-%s", move->neuron, num);
      }
      break;
    case SHL_MOVE_CANON_STEP:
      snprintf (buf, len, "canon-%d", move->step);
      break;
    case SHL_MOVE_BALANCE:
    case SHL_MOVE_REVERSE:
    case SHL_MOVE_CANONICAL:
    default:
      snprintf (buf, len, "%s", kinds[move->kind].name);
      break;
    }
  return buf;
}

bool
shl_move_from_id (ShlMove *out, const char *id)
{
  if (!id)
    return false;
  ShlMove m;
  const char *end;
  if (strcmp (id, "balance") == 0)
    m = shl_move_balance ();
  else if (strcmp (id, "reverse") == 0)
    m = shl_move_reverse ();
  else if (strcmp (id, "canonical") == 0)
    m = shl_move_canonical ();
  else if (strncmp (id, "balance-", 8) == 0)
    {
      int i;
      if (!parse_index (id + 8, &i, &end) || *end != '\0')
        return false;
      m = shl_move_balance_neuron (i);
    }
  else if (strncmp (id, "rescale-", 8) == 0)
    {
      int i;
      double lambda;
      if (!parse_index (id + 8, &i, &end) || *end != '-'
          || !parse_lambda (end + 1, &lambda))
        return false;
      m = shl_move_rescale_neuron (i, lambda);
    }
  else if (strncmp (id, "canon-", 6) == 0)
    {
      int k;
      if (!parse_index (id + 6, &k, &end) || *end != '\0'
          || k < 1 || k > SHL_CANON_N_STEPS)
        return false;
      m = shl_move_canon_step ((ShlCanonStep) k);
    }
  else
    return false;
  *out = m;
  return true;
}

char *
shl_move_to_label (char *buf, size_t len, const ShlMove *move)
{
  char why[SHL_MOVE_TEXT_MAX];
  if (len == 0)
    return buf;
  if (shl_move_check (move, NULL, why, sizeof why))
    {
      snprintf (buf, len, "%s",
                shl_move_kind_label (move ? move->kind : SHL_MOVE_N_KINDS));
      return buf;
    }
  switch (move->kind)
    {
    case SHL_MOVE_BALANCE:
      snprintf (buf, len, "Balance every neuron");
      break;
    case SHL_MOVE_BALANCE_NEURON:
      snprintf (buf, len, "Balance neuron %d", move->neuron + 1);
      break;
    case SHL_MOVE_RESCALE_NEURON:
      {
        char num[32];
        format_double (num, sizeof num, move->lambda);
        snprintf (buf, len, "Rescale neuron %d by λ = %s", move->neuron + 1,
                  num);
      }
      break;
    case SHL_MOVE_REVERSE:
      snprintf (buf, len, "Permute: reverse the order of the neurons");
      break;
    case SHL_MOVE_CANON_STEP:
      snprintf (buf, len, "κ step %d of %d: %s", move->step,
                SHL_CANON_N_STEPS, step_labels[move->step - 1]);
      break;
    case SHL_MOVE_CANONICAL:
    default:
      snprintf (buf, len, "κ: the canonical form, padded to the width");
      break;
    }
  return buf;
}

/* ------------------------------------------------------------------------ */
/* Applying a move                                                          */

ShlNet *
shl_move_apply (const ShlMove *move, const ShlNet *net)
{
  char why[SHL_MOVE_TEXT_MAX];
  /* the arguments only: the move itself is done once, here */
  if (!net || shl_move_check (move, NULL, why, sizeof why))
    return NULL;
  if ((move->kind == SHL_MOVE_BALANCE_NEURON || move->kind == SHL_MOVE_RESCALE_NEURON)
      && move->neuron >= net->m)
    return NULL;
  if (!shl_net_is_finite (net))
    return NULL;
  return apply_move (move, net, why, sizeof why);
}
