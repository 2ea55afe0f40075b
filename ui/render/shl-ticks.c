/* shl-ticks.c: nice linear and log ticks, compact tick labels. */
#include "shl-ticks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MINUS "\xe2\x88\x92" /* U+2212 */
#define TIMES "\xc3\x97"     /* U+00D7 */

/* 10^e for integer e, exact for |e| <= 22. */
static double
pow10i (int e)
{
  double p = 1.0;
  for (int i = 0; i < ABS (e); i++)
    p *= 10.0;
  return e < 0 ? 1.0 / p : p;
}

/* k * q * 10^e, rounded once (so 3 x 0.1 gives the double nearest 0.3). */
static double
tick_value (gint64 k, int q, int e)
{
  if (e >= 0)
    return (double) (k * q) * pow10i (e);
  return (double) (k * q) / pow10i (-e);
}

void
shl_ticks_linear (ShlTicks *out, double lo, double hi, int target)
{
  g_return_if_fail (out != NULL);
  memset (out, 0, sizeof *out);
  out->kind = SHL_TICKS_KIND_LINEAR;
  if (!isfinite (lo) || !isfinite (hi))
    return;
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  target = CLAMP (target, 2, SHL_TICKS_MAX - 1);
  if (!(hi > lo))
    {
      out->n = 1;
      out->v[0] = lo;
      out->step = 1.0;
      return;
    }

  static const int qs[3] = { 1, 5, 2 };
  static const double simplicity[3] = { 0.0, 0.25, 0.5 };
  double span = hi - lo;
  int e_base = (int) floor (log10 (span));
  double best_score = G_MAXDOUBLE;
  int best_q = 1, best_e = e_base;
  gint64 best_k0 = 0, best_k1 = -1;

  for (int e = e_base - 3; e <= e_base + 1; e++)
    for (int iq = 0; iq < 3; iq++)
      {
        double step = qs[iq] * pow10i (e);
        double a = lo / step, b = hi / step;
        if (fabs (a) > 1e15 || fabs (b) > 1e15)
          continue;
        double eps = 1e-9 * MAX (1.0, MAX (fabs (a), fabs (b)));
        gint64 k0 = (gint64) ceil (a - eps);
        gint64 k1 = (gint64) floor (b + eps);
        gint64 count = k1 - k0 + 1;
        if (count > SHL_TICKS_MAX || count < 1)
          continue;
        double score = fabs ((double) (count - target)) + simplicity[iq];
        if (count < 2)
          score += 10.0;
        if (score < best_score - 1e-12)
          {
            best_score = score;
            best_q = qs[iq];
            best_e = e;
            best_k0 = k0;
            best_k1 = k1;
          }
      }

  if (best_k1 < best_k0)
    {
      out->n = 1;
      out->v[0] = 0.5 * (lo + hi);
      out->step = span;
      return;
    }

  for (gint64 k = best_k0; k <= best_k1; k++)
    {
      double v = tick_value (k, best_q, best_e);
      out->v[out->n++] = (k == 0) ? 0.0 : v;
    }
  out->step = tick_value (1, best_q, best_e);

  double maxabs = MAX (fabs (out->v[0]), fabs (out->v[out->n - 1]));
  if (maxabs >= 1e5 || (maxabs > 0.0 && maxabs < 1e-3))
    {
      out->exponent = (int) floor (log10 (maxabs) + 1e-9);
      out->decimals = MAX (0, out->exponent - best_e);
    }
  else
    {
      out->exponent = 0;
      out->decimals = MAX (0, -best_e);
    }
  out->decimals = MIN (out->decimals, 15);
}

static void
add_minor (ShlTicks *out, double v)
{
  if (out->n_minor < SHL_TICKS_MINOR_MAX)
    out->minor[out->n_minor++] = v;
}

void
shl_ticks_log (ShlTicks *out, double lo, double hi, int target)
{
  g_return_if_fail (out != NULL);
  memset (out, 0, sizeof *out);
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  if (!(lo > 0.0) || !isfinite (hi) || !(hi > lo))
    {
      shl_ticks_linear (out, lo, hi, target);
      return;
    }
  target = CLAMP (target, 2, SHL_TICKS_MAX - 1);
  const double eps = 1e-9;
  double llo = log10 (lo), lhi = log10 (hi);
  int k0 = (int) ceil (llo - eps), k1 = (int) floor (lhi + eps);
  int ndec = k1 - k0 + 1;

  /* Under three decades 1-2-5 ticks read better, when they fit. */
  ShlTicks t125;
  memset (&t125, 0, sizeof t125);
  t125.kind = SHL_TICKS_KIND_LOG125;
  for (int k = (int) floor (llo) - 1; k <= (int) ceil (lhi); k++)
    for (int m = 1; m <= 9; m++)
      {
        double v = m * pow10i (k);
        if (v < lo * (1 - eps) || v > hi * (1 + eps))
          continue;
        if (m == 1 || m == 2 || m == 5)
          {
            if (t125.n < SHL_TICKS_MAX)
              t125.v[t125.n++] = v;
          }
        else
          add_minor (&t125, v);
      }
  if (ndec < 3 && t125.n >= 3 && t125.n <= target + 1)
    {
      *out = t125;
      return;
    }

  if (ndec >= 2)
    {
      static const int steps[] = { 1, 2, 3, 4, 5, 10, 20, 25, 50, 100, 200,
                                   500 };
      int s = 1;
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        {
          s = steps[i];
          int c = (int) floor ((double) k1 / s) - (int) ceil ((double) k0 / s)
                  + 1;
          if (c <= target)
            break;
        }
      out->kind = SHL_TICKS_KIND_DECADES;
      out->step = s;
      for (int k = k0; k <= k1 && out->n < SHL_TICKS_MAX; k++)
        if (k % s == 0)
          out->v[out->n++] = pow10i (k);
      if (s == 1 && lhi - llo <= 12.0)
        {
          for (int k = (int) floor (llo); k <= k1; k++)
            for (int m = 2; m <= 9; m++)
              {
                double v = m * pow10i (k);
                if (v >= lo * (1 - eps) && v <= hi * (1 + eps))
                  add_minor (out, v);
              }
        }
      else if (s > 1 && s <= 10)
        {
          for (int k = k0; k <= k1; k++)
            if (k % s != 0)
              add_minor (out, pow10i (k));
        }
      return;
    }

  shl_ticks_linear (out, lo, hi, target);
}

void
shl_ticks_compute (ShlTicks *out, ShlScale scale, double lo, double hi,
                   int target)
{
  if (scale == SHL_SCALE_LOG10)
    shl_ticks_log (out, lo, hi, target);
  else
    shl_ticks_linear (out, lo, hi, target);
}

/* Copies src into buf replacing '-' by U+2212. */
static void
copy_with_minus (char *buf, gsize size, const char *src)
{
  GString *s = g_string_sized_new (32);
  for (const char *p = src; *p; p++)
    {
      if (*p == '-')
        g_string_append (s, MINUS);
      else
        g_string_append_c (s, *p);
    }
  g_strlcpy (buf, s->str, size);
  g_string_free (s, TRUE);
}

static void
append_exponent (GString *s, int e, gboolean markup)
{
  static const char *const sup_digits[10] = {
    "\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4",
    "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8",
    "\xe2\x81\xb9",
  };
  if (markup)
    {
      g_string_append_printf (s, "10<sup>%s%d</sup>", e < 0 ? MINUS : "",
                              ABS (e));
      return;
    }
  g_string_append (s, "10");
  if (e < 0)
    g_string_append (s, "\xe2\x81\xbb"); /* U+207B superscript minus */
  char digits[16];
  g_snprintf (digits, sizeof digits, "%d", ABS (e));
  for (const char *p = digits; *p; p++)
    g_string_append (s, sup_digits[*p - '0']);
}

static void
trim_zeros (char *s)
{
  if (!strchr (s, '.'))
    return;
  char *end = s + strlen (s) - 1;
  while (end > s && *end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
}

void
shl_format_number (char *buf, gsize size, double v, int sig, gboolean markup)
{
  g_return_if_fail (buf != NULL && size > 0);
  sig = CLAMP (sig, 1, 17);
  if (isnan (v))
    {
      g_strlcpy (buf, "NaN", size);
      return;
    }
  if (isinf (v))
    {
      g_strlcpy (buf, v < 0 ? MINUS "\xe2\x88\x9e" : "\xe2\x88\x9e", size);
      return;
    }
  if (v == 0.0)
    {
      g_strlcpy (buf, "0", size);
      return;
    }
  double a = fabs (v);
  int e = (int) floor (log10 (a));
  char tmp[64];
  /* Decide on the rounded value so 99999.7 does not print as "100000". */
  g_snprintf (tmp, sizeof tmp, "%.*e", sig - 1, a);
  double ar = g_ascii_strtod (tmp, NULL);
  e = (int) floor (log10 (ar));
  if (ar >= 1e-3 && ar < 1e5)
    {
      int decimals = MAX (0, sig - 1 - e);
      g_snprintf (tmp, sizeof tmp, "%.*f", decimals, v);
      trim_zeros (tmp);
      if (strcmp (tmp, "-0") == 0)
        g_strlcpy (tmp, "0", sizeof tmp);
      copy_with_minus (buf, size, tmp);
      return;
    }
  double m = v / pow10i (e);
  g_snprintf (tmp, sizeof tmp, "%.*f", sig - 1, m);
  if (fabs (g_ascii_strtod (tmp, NULL)) >= 10.0)
    {
      e += 1;
      m = v / pow10i (e);
      g_snprintf (tmp, sizeof tmp, "%.*f", sig - 1, m);
    }
  trim_zeros (tmp);
  GString *s = g_string_new (NULL);
  g_string_append (s, tmp);
  g_string_append (s, TIMES);
  append_exponent (s, e, markup);
  copy_with_minus (buf, size, s->str);
  g_string_free (s, TRUE);
}

void
shl_ticks_label (const ShlTicks *ticks, int i, char *buf, gsize size)
{
  g_return_if_fail (ticks != NULL && buf != NULL && size > 0);
  g_return_if_fail (i >= 0 && i < ticks->n);
  double v = ticks->v[i];
  char tmp[64];

  switch (ticks->kind)
    {
    case SHL_TICKS_KIND_DECADES:
      {
        GString *s = g_string_new (NULL);
        append_exponent (s, (int) lround (log10 (v)), TRUE);
        g_strlcpy (buf, s->str, size);
        g_string_free (s, TRUE);
        return;
      }
    case SHL_TICKS_KIND_LOG125:
      shl_format_number (buf, size, v, 1, TRUE);
      return;
    case SHL_TICKS_KIND_EXPLICIT:
      shl_format_number (buf, size, v, 6, TRUE);
      return;
    case SHL_TICKS_KIND_LINEAR:
    default:
      break;
    }

  /* mantissas only: the common factor is shl_ticks_multiplier's */
  gboolean zero = fabs (v) < 1e-9 * ticks->step;
  double m = zero ? 0.0 : v / pow10i (ticks->exponent);
  g_snprintf (tmp, sizeof tmp, "%.*f", ticks->decimals, m);
  copy_with_minus (buf, size, tmp);
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

void
shl_ticks_explicit (ShlTicks *out, const double *values, int n, double lo,
                    double hi)
{
  g_return_if_fail (out != NULL && n >= 0 && (n == 0 || values != NULL));
  memset (out, 0, sizeof *out);
  out->kind = SHL_TICKS_KIND_EXPLICIT;
  double a = MIN (lo, hi), b = MAX (lo, hi);
  /* a hair of slack: a tick at the end of a range given in the same
   * numbers must not fall out to rounding */
  double slack = 1e-9 * (b - a);
  for (int i = 0; i < n && out->n < SHL_TICKS_MAX; i++)
    if (isfinite (values[i]) && values[i] >= a - slack && values[i] <= b + slack)
      out->v[out->n++] = values[i];
  qsort (out->v, (size_t) out->n, sizeof (double), cmp_double);
  int k = 0;
  for (int i = 0; i < out->n; i++)
    if (k == 0 || out->v[i] != out->v[k - 1])
      out->v[k++] = out->v[i];
  out->n = k;
  out->step = k > 1 ? (out->v[k - 1] - out->v[0]) / (k - 1) : 1.0;
}

gboolean
shl_ticks_multiplier (const ShlTicks *ticks, char *buf, gsize size)
{
  g_return_val_if_fail (ticks != NULL && buf != NULL && size > 0, FALSE);
  buf[0] = '\0';
  if (ticks->kind != SHL_TICKS_KIND_LINEAR || ticks->exponent == 0
      || ticks->n == 0)
    return FALSE;
  GString *s = g_string_new (TIMES);
  append_exponent (s, ticks->exponent, TRUE);
  g_strlcpy (buf, s->str, size);
  g_string_free (s, TRUE);
  return TRUE;
}
