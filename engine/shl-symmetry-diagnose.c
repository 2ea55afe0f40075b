/* shl-symmetry-diagnose.c: the per-neuron diagnosis (status, kink, jump,
 * imbalance, duplicates; shl_net_diagnose) and its text.
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
/* Diagnosis                                                                */

void
shl_net_diagnose (ShlNeuronDiag *diag, const ShlNet *net)
{
  if (!diag || !net)
    return;
  for (int i = 0; i < net->m; i++)
    {
      ShlNeuronDiag *g = diag + i;
      g->status = shl_neuron_status (net, i);
      g->norm_ab = shl_net_neuron_norm_ab (net, i);
      g->imbalance = shl_net_neuron_imbalance (net, i);
      g->jump = shl_net_neuron_jump (net, i);
      g->kink = shl_net_neuron_kink (net, i);
      g->duplicate_of = -1;
      g->opposite_of = -1;
      for (int j = 0; j < i; j++)
        {
          int rel = shl_symmetry_hyperplane_relation (net, i, j);
          if (rel == 1 && g->duplicate_of < 0)
            g->duplicate_of = j;
          else if (rel == -1 && g->opposite_of < 0)
            g->opposite_of = j;
        }
    }
}

/* A growing malloc'd string. */
typedef struct {
  char  *s;
  size_t len, cap;
  bool   failed;
} Buf;

static void buf_printf (Buf *buf, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

static void
buf_printf (Buf *buf, const char *fmt, ...)
{
  if (buf->failed)
    return;
  for (;;)
    {
      va_list ap;
      va_start (ap, fmt);
      size_t room = buf->cap - buf->len;
      int n = vsnprintf (buf->s ? buf->s + buf->len : NULL, room, fmt, ap);
      va_end (ap);
      if (n < 0)
        {
          buf->failed = true;
          return;
        }
      if ((size_t) n < room)
        {
          buf->len += (size_t) n;
          return;
        }
      size_t cap = buf->cap ? buf->cap : 256;
      while (cap <= buf->len + (size_t) n)
        cap *= 2;
      char *s = realloc (buf->s, cap);
      if (!s)
        {
          buf->failed = true;
          return;
        }
      buf->s = s;
      buf->cap = cap;
    }
}

/* "%.6g", or "-" for NAN */
static const char *
fmt_num (char *out, size_t size, double x)
{
  if (isnan (x))
    snprintf (out, size, "-");
  else
    snprintf (out, size, "%.6g", x + 0.0); /* no "-0" */
  return out;
}

char *
shl_net_diagnosis_text (const ShlNet *net, const ShlNeuronDiag *diag)
{
  if (!net || (!diag && net->m > 0))
    return NULL;
  const int d = net->d;
  Buf buf = { NULL, 0, 0, false };
  char n1[32], n2[32], n3[32], n4[32], n5[32], n6[32], n7[32];
  const char *kink_head = d == 1 ? "kink" : "offset";

  if (d == 1)
    buf_printf (&buf, "%5s  %-7s %12s %12s %12s %12s %12s %10s  %s\n", "i",
                "status", "a", "b", "c", kink_head, "jump", "imbalance",
                "partner");
  else
    buf_printf (&buf, "%5s  %-7s %12s %12s %12s %12s %12s %12s %10s  %s\n",
                "i", "status", "a1", "a2", "b", "c", kink_head, "jump",
                "imbalance", "partner");
  int count[4] = { 0, 0, 0, 0 };
  for (int i = 0; i < net->m; i++)
    {
      const ShlNeuronDiag *g = diag + i;
      const double *a = neuron_a (net, i);
      if ((unsigned) g->status < 4)
        count[g->status]++;
      buf_printf (&buf, "%5d  %-7s %12s", i, shl_neuron_status_name (g->status),
                  fmt_num (n1, sizeof n1, a[0]));
      if (d == 2)
        buf_printf (&buf, " %12s", fmt_num (n2, sizeof n2, a[1]));
      buf_printf (&buf, " %12s %12s %12s %12s %10s  ",
                  fmt_num (n3, sizeof n3, net->b[i]),
                  fmt_num (n4, sizeof n4, net->c[i]),
                  fmt_num (n5, sizeof n5, g->kink),
                  fmt_num (n6, sizeof n6, g->jump),
                  fmt_num (n7, sizeof n7, g->imbalance));
      if (g->duplicate_of >= 0 && g->opposite_of >= 0)
        buf_printf (&buf, "duplicate of %d, opposite of %d\n",
                    g->duplicate_of, g->opposite_of);
      else if (g->duplicate_of >= 0)
        buf_printf (&buf, "duplicate of %d\n", g->duplicate_of);
      else if (g->opposite_of >= 0)
        buf_printf (&buf, "opposite of %d\n", g->opposite_of);
      else
        buf_printf (&buf, "-\n");
    }
  bool beyond = false;
  for (int i = 0; i < net->m; i++)
    beyond = beyond || isinf (diag[i].norm_ab) || isinf (diag[i].kink)
             || isinf (diag[i].jump) || isinf (diag[i].imbalance);
  if (beyond)
    buf_printf (&buf, "(inf: a value beyond the double range, about 1.8e308)\n");
  buf_printf (&buf, "\nwidth %d: %d active, %d affine, %d dead, %d zero\n",
              net->m, count[SHL_NEURON_ACTIVE], count[SHL_NEURON_AFFINE],
              count[SHL_NEURON_DEAD], count[SHL_NEURON_ZERO]);
  char num[SHL_NUMBER_BUF];
  shl_number_format (num, *net->e, SHL_NUMBER_DEFAULT);
  buf_printf (&buf, "e = %s, v = (", num);
  for (int j = 0; j < d; j++)
    {
      shl_number_format (num, net->v[j], SHL_NUMBER_DEFAULT);
      buf_printf (&buf, "%s%s", j ? ", " : "", num);
    }
  buf_printf (&buf, ")\n");
  int bad = -1;
  ShlRestrictedCheck chk = shl_net_check_restricted (&bad, net, SHL_RESTRICTED_TOL);
  if (chk == SHL_RESTRICTED_OK)
    buf_printf (&buf, "restricted: yes (balanced within " SHL_RESTRICTED_TOL_TEXT ")\n");
  else if (bad >= 0)
    buf_printf (&buf, "restricted: no (neuron %d: %s)\n", bad,
                shl_restricted_check_name (chk));
  else
    buf_printf (&buf, "restricted: no (%s)\n", shl_restricted_check_name (chk));
  if (buf.failed)
    {
      free (buf.s);
      return NULL;
    }
  return buf.s;
}
