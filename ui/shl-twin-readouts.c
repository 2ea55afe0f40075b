/* shl-twin-readouts.c: the readouts comparing a network with its twin
 * (see shl-twin-readouts.h). */
#include "shl-twin-readouts.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "shl-fibre.h"
#include "shl-geom.h"
#include "shl-io.h"
#include "shl-noise.h"
#include "shl-paramdist.h"
#include "shl-pathology.h"
#include "shl-symmetry.h"

/* a parameter distance within rounding of the parameters' size is 0 */
static double
param_clean (double v, const ShlNet *f, const ShlNet *g)
{
  double s = 0;
  for (size_t k = 0; k < f->n_params; k++)
    s = fmax (s, fabs (f->theta[k]));
  for (size_t k = 0; k < g->n_params; k++)
    s = fmax (s, fabs (g->theta[k]));
  return v <= shl_noise_tol (f->m + g->m, s) ? 0.0 : v;
}

gboolean
shl_twin_readouts_compute (ShlTwinReadouts *out, const ShlNet *f, const ShlNet *g,
                           const char *preset, double param, GCancellable *cancel)
{
  g_return_val_if_fail (out != NULL && f != NULL && g != NULL, FALSE);
  memset (out, 0, sizeof *out);
  out->sup = out->w1inf = out->raw = out->dsym = out->dfib = NAN;
  out->dfib_lower = out->dfib_upper = out->dfib_restricted = out->witness = NAN;
  out->eps = out->bound = out->ratio = NAN;
  out->argsup[0] = out->argsup[1] = NAN;
  out->dfib_kind = SHL_DFIB_NONE;
  if (f->d != g->d)
    return TRUE;
  ShlDistances D;
  if (shl_realization_distance (&D, f, g, NULL, NULL))
    {
      out->sup = shl_noise_is_zero_distance (D.sup, f, g) ? 0.0 : D.sup;
      /* robust: kinks that coincide up to rounding are one kink, so a
       * rescaled neuron's ulp-wide sliver does not read as a distance */
      out->w1inf = shl_noise_is_zero_slope_distance (D.w1inf_2_robust, f, g) ? 0.0
                                                                             : D.w1inf_2_robust;
      memcpy (out->argsup, D.argsup, sizeof out->argsup);
    }
  if (g_cancellable_is_cancelled (cancel))
    return FALSE;
  if (shl_net_same_shape (f, g))
    out->raw = param_clean (shl_param_distance_raw (f, g), f, g);
  out->dsym = param_clean (shl_param_distance_sym (f, g), f, g);
  if (g_cancellable_is_cancelled (cancel))
    return FALSE;
  out->f_restricted = shl_net_is_restricted (f, SHL_RESTRICTED_TOL);
  out->g_restricted = shl_net_is_restricted (g, SHL_RESTRICTED_TOL);
  ShlFibreDistance fd;
  if (!shl_fibre_distance (&fd, f, g))
    return !g_cancellable_is_cancelled (cancel);
  out->dfib_lower = fd.lower;
  out->dfib_upper = fd.upper;
  out->dfib_restricted = fd.restricted;
  out->eps = fd.eps;
  out->bound = fd.bound;
  if (fd.eps > 0 && isfinite (fd.restricted))
    out->ratio = fd.restricted / sqrt (fd.eps);
  if (g_cancellable_is_cancelled (cancel))
    return FALSE;

  /* the preset's witness Φ (R(Φ) = g exactly): an upper bound for any θ */
  double upper = fd.upper;
  gboolean theory = FALSE;
  ShlNet *phi = preset ? shl_pathology_witness (preset, param) : NULL;
  if (phi && shl_net_same_shape (phi, f))
    {
      out->witness = param_clean (shl_param_distance_raw (f, phi), f, phi);
      if (out->witness < upper || !isfinite (upper))
        upper = out->witness;
      /* at the preset's own Γ, theory.md 3 knows the exact value */
      const ShlPathology *info = shl_pathology_lookup (preset);
      ShlNet *gamma = NULL, *gg = NULL;
      if (info && info->dfib_exact && shl_pathology_build (&gamma, &gg, preset, param)
          && shl_net_same_shape (gamma, f)
          && memcmp (gamma->theta, f->theta, f->n_params * sizeof (double)) == 0)
        theory = TRUE;
      shl_net_free (gamma);
      shl_net_free (gg);
    }
  shl_net_free (phi);
  if (out->f_restricted && out->g_restricted)
    {
      out->dfib = param_clean (fd.restricted, f, g);
      out->dfib_kind = SHL_DFIB_RESTRICTED;
    }
  else if (theory)
    {
      out->dfib = upper;
      out->dfib_kind = SHL_DFIB_THEORY;
    }
  else if (upper <= fd.lower)
    {
      out->dfib = param_clean (upper, f, g);
      out->dfib_kind = SHL_DFIB_BOUNDS_MEET;
    }
  else
    {
      out->dfib = param_clean (upper, f, g);
      out->dfib_kind = out->dfib == 0 ? SHL_DFIB_BOUNDS_MEET : SHL_DFIB_UPPER;
    }
  return TRUE;
}

/* ------------------------------------------------------------- a task */

typedef struct {
  ShlNet *f, *g;
  char   *preset;
  double  param;
} Job;

static void
job_free (gpointer data)
{
  Job *j = data;
  shl_net_free (j->f);
  shl_net_free (j->g);
  g_free (j->preset);
  g_free (j);
}

static void
job_run (GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
  Job *j = data;
  ShlTwinReadouts *r = g_new (ShlTwinReadouts, 1);
  if (!shl_twin_readouts_compute (r, j->f, j->g, j->preset, j->param, cancel))
    {
      g_free (r);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return;
    }
  g_task_return_pointer (task, r, g_free);
}

void
shl_twin_readouts_compute_async (const ShlNet *f, const ShlNet *g, const char *preset,
                                 double param, GCancellable *cancel,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (f != NULL && g != NULL);
  Job *j = g_new0 (Job, 1);
  j->f = shl_net_copy (f);
  j->g = shl_net_copy (g);
  j->preset = g_strdup (preset);
  j->param = param;
  GTask *task = g_task_new (NULL, cancel, callback, user_data);
  g_task_set_source_tag (task, shl_twin_readouts_compute_async);
  g_task_set_name (task, "[shallows] twin readouts");
  g_task_set_task_data (task, j, job_free);
  g_task_run_in_thread (task, job_run);
  g_object_unref (task);
}

gboolean
shl_twin_readouts_compute_finish (GAsyncResult *result, ShlTwinReadouts *out, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  ShlTwinReadouts *r = g_task_propagate_pointer (G_TASK (result), error);
  if (!r)
    return FALSE;
  *out = *r;
  g_free (r);
  return TRUE;
}

/* ----------------------------------------------------------- numbers */

static const char *const superscripts[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };

/* strip trailing zeros of a fixed-point number ("0.0100" -> "0.01") */
static void
strip_zeros (char *s)
{
  if (!strchr (s, '.'))
    return;
  char *e = s + strlen (s) - 1;
  while (*e == '0')
    *e-- = '\0';
  if (*e == '.')
    *e = '\0';
}

char *
shl_format_readout (char *buf, gsize len, double v)
{
  g_return_val_if_fail (buf != NULL && len > 0, buf);
  if (isnan (v))
    g_strlcpy (buf, "—", len);
  else if (isinf (v))
    g_strlcpy (buf, v > 0 ? "∞" : "−∞", len);
  else if (v == 0)
    g_strlcpy (buf, "0", len);
  else if (v == round (v) && fabs (v) < 1e9)
    g_snprintf (buf, len, "%.0f", v);
  else if (fabs (v) >= 1e-3 && fabs (v) < 1e5)
    {
      int decimals = MAX (0, 2 - (int) floor (log10 (fabs (v))));
      char fmt[16];
      g_snprintf (fmt, sizeof fmt, "%%.%df", decimals);
      g_ascii_formatd (buf, len, fmt, v);
      strip_zeros (buf);
    }
  else
    {
      int ex = (int) floor (log10 (fabs (v)));
      double mant = v / pow (10, ex);
      if (fabs (mant) >= 9.995)
        {
          mant /= 10;
          ex++;
        }
      char m[32], e[32] = "";
      g_ascii_formatd (m, sizeof m, "%.2f", mant);
      strip_zeros (m);
      int a = abs (ex);
      char digits[16];
      g_snprintf (digits, sizeof digits, "%d", a);
      if (ex < 0)
        g_strlcat (e, "⁻", sizeof e);
      for (char *d = digits; *d; d++)
        g_strlcat (e, superscripts[*d - '0'], sizeof e);
      g_snprintf (buf, len, "%s × 10%s", m, e);
    }
  return buf;
}

/* ------------------------------------------------------------ names */

const char *
shl_readout_label (ShlReadout readout)
{
  switch (readout)
    {
    case SHL_READOUT_SUP: return "functions apart (sup)";
    case SHL_READOUT_W1INF: return "derivatives apart (W¹˒∞)";
    case SHL_READOUT_RAW: return "parameters apart, as stored";
    case SHL_READOUT_DSYM: return "parameters apart after the best symmetry (d_sym)";
    case SHL_READOUT_DFIB: return "nearest parametrization of g (d_fib)";
    case SHL_READOUT_NONE:
    case SHL_N_READOUTS:
    default: return NULL;
    }
}

static double
readout_value (const ShlTwinReadouts *r, ShlReadout readout)
{
  switch (readout)
    {
    case SHL_READOUT_SUP: return r->sup;
    case SHL_READOUT_W1INF: return r->w1inf;
    case SHL_READOUT_RAW: return r->raw;
    case SHL_READOUT_DSYM: return r->dsym;
    case SHL_READOUT_DFIB: return r->dfib;
    case SHL_READOUT_NONE:
    case SHL_N_READOUTS:
    default: return NAN;
    }
}

char *
shl_twin_readouts_caption (const ShlTwinReadouts *r, ShlReadout highlight)
{
  ShlReadout shown[3];
  guint n = 0;
  if (shl_readout_label (highlight))
    shown[n++] = highlight;
  const ShlReadout key[] = { SHL_READOUT_SUP, SHL_READOUT_W1INF, SHL_READOUT_DFIB };
  for (guint j = 0; j < G_N_ELEMENTS (key) && n < 3; j++)
    if (key[j] != highlight)
      shown[n++] = key[j];
  GString *text = g_string_new (NULL);
  for (guint j = 0; j < n; j++)
    {
      char num[64] = "…";
      if (r)
        shl_format_readout (num, sizeof num, readout_value (r, shown[j]));
      gboolean upper = r && shown[j] == SHL_READOUT_DFIB && r->dfib_kind == SHL_DFIB_UPPER;
      g_string_append_printf (text, "%s%s%s %s%s", j ? "  ·  " : "",
                              shown[j] == highlight ? "▸ " : "", shl_readout_label (shown[j]),
                              upper ? "≤ " : "", num);
    }
  return g_string_free (text, FALSE);
}
