/* shl-session-write.c: writing a session as JSON (shl_session_to_json,
 * shl_session_save): refused when a number is not finite, numbers written
 * shortest round-trip, the file written atomically. */
#include "shl-session-private.h"

#include <math.h>
#include <string.h>

#include "shl-io-private.h"
#include "shl-timeline-io.h"

/* ------------------------------------------------------------- writing */

static void
append_doubles (GString *s, const double *v, size_t n)
{
  g_string_append_c (s, '[');
  for (size_t k = 0; k < n; k++)
    {
      if (k)
        g_string_append (s, ", ");
      shl_json_append_double (s, v[k]);
    }
  g_string_append_c (s, ']');
}

static void
append_string (GString *s, const char *text)
{
  g_string_append_c (s, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (s, '\\');
      if ((unsigned char) *p < 0x20)
        g_string_append_printf (s, "\\u%04x", (unsigned char) *p);
      else
        g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

static void
append_domain (GString *s, int dim, const double *lo, const double *hi)
{
  g_string_append_c (s, '[');
  for (int j = 0; j < dim; j++)
    {
      g_string_append (s, j ? ", [" : "[");
      shl_json_append_double (s, lo[j]);
      g_string_append (s, ", ");
      shl_json_append_double (s, hi[j]);
      g_string_append_c (s, ']');
    }
  g_string_append_c (s, ']');
}

static gboolean
append_net (GString *s, const ShlNet *net)
{
  g_autofree char *text = shl_net_to_json_data (net);
  if (!text)
    return FALSE;
  g_strchomp (text);
  g_string_append (s, text);
  return TRUE;
}

/* JSON has no NaN or infinity: a session holding one is not written */
static gboolean
all_finite (const double *v, size_t n)
{
  for (size_t k = 0; k < n; k++)
    if (!isfinite (v[k]))
      return FALSE;
  return TRUE;
}

static gboolean
numbers_finite (const ShlSession *ss)
{
  const ShlTrainOpts *o = &ss->opts;
  const double opts[] = { ss->noise, o->lr, o->momentum, o->beta1, o->beta2, o->eps,
                          o->weight_decay };
  if (!all_finite (opts, G_N_ELEMENTS (opts)) || !all_finite (ss->lo, (size_t) ss->dim)
      || !all_finite (ss->hi, (size_t) ss->dim))
    return FALSE;
  if (ss->points && (!all_finite (ss->points->x, ss->points->n * (size_t) ss->points->d)
                     || !all_finite (ss->points->y, ss->points->n)))
    return FALSE;
  const ShlTrainerState *st = ss->state;
  if (st && (!all_finite (st->theta, st->n_params) || !all_finite (st->buf1, st->n_params)
             || !all_finite (st->buf2, st->n_params)))
    return FALSE;
  const ShlHistory *h = ss->history;
  return all_finite (h->loss, h->n) && all_finite (h->theta, h->n * h->n_params);
}

/* "data": the recipe or the points; FALSE if there are neither */
static gboolean
write_data (GString *s, const ShlSession *ss)
{
  g_string_append (s, "  \"data\": {\"domain\": ");
  append_domain (s, ss->dim, ss->lo, ss->hi);
  if (ss->target)
    {
      g_string_append (s, ", \"target\": ");
      append_string (s, ss->target);
      g_string_append_printf (s, ", \"samples\": %u, \"noise\": ", ss->samples);
      shl_json_append_double (s, ss->noise);
      g_string_append_printf (s, ", \"seed\": \"%" G_GUINT64_FORMAT "\"}", ss->data_seed);
    }
  else if (ss->points)
    {
      const ShlData *d = ss->points;
      g_string_append_printf (s, ", \"classification\": %s,\n    \"x\": [",
                              d->classification ? "true" : "false");
      for (size_t k = 0; k < d->n; k++)
        {
          if (k)
            g_string_append (s, ", ");
          append_doubles (s, d->x + k * (size_t) d->d, (size_t) d->d);
        }
      g_string_append (s, "],\n    \"y\": ");
      append_doubles (s, d->y, d->n);
      g_string_append (s, "}");
    }
  else
    return FALSE;
  g_string_append (s, ",\n");
  return TRUE;
}

/* "init" (with the network at step 0) and "twin" */
static gboolean
write_networks (GString *s, const ShlSession *ss)
{
  g_string_append (s, "  \"init\": {\"scheme\": ");
  append_string (s, ss->init_scheme ? ss->init_scheme : "file");
  g_string_append_printf (s, ", \"seed\": \"%" G_GUINT64_FORMAT "\",\n  \"network\": ", ss->init_seed);
  if (!append_net (s, ss->net0))
    return FALSE;
  g_string_append (s, "},\n  \"twin\": ");
  if (ss->twin)
    {
      if (!append_net (s, ss->twin))
        return FALSE;
    }
  else
    g_string_append (s, "null");
  g_string_append (s, ",\n");
  return TRUE;
}

static void
write_training (GString *s, const ShlTrainOpts *o)
{
  g_string_append (s, "  \"training\": {\"optimizer\": ");
  append_string (s, shl_optimizer_name (o->optimizer));
  g_string_append (s, ", \"loss\": ");
  append_string (s, shl_loss_name (o->loss));
  g_string_append (s, ", \"kernel\": ");
  append_string (s, shl_kernel_name (o->kernel));
  g_string_append (s, ",\n    \"lr\": ");
  shl_json_append_double (s, o->lr);
  g_string_append (s, ", \"momentum\": ");
  shl_json_append_double (s, o->momentum);
  g_string_append (s, ", \"beta1\": ");
  shl_json_append_double (s, o->beta1);
  g_string_append (s, ", \"beta2\": ");
  shl_json_append_double (s, o->beta2);
  g_string_append (s, ", \"eps\": ");
  shl_json_append_double (s, o->eps);
  g_string_append (s, ", \"weight_decay\": ");
  shl_json_append_double (s, o->weight_decay);
  g_string_append_printf (s, ",\n    \"batch\": %zu, \"train_linear\": %s, \"restricted\": %s, \"seed\": \"%" G_GUINT64_FORMAT "\"},\n",
                          o->batch, o->train_linear ? "true" : "false", o->restricted ? "true" : "false", o->seed);
}

static void
write_state (GString *s, const ShlTrainerState *st)
{
  g_string_append (s, "  \"state\": ");
  if (st)
    {
      g_string_append_printf (s, "{\"steps\": %" G_GUINT64_FORMAT ", \"opt_steps\": %" G_GUINT64_FORMAT
                              ", \"perm_pos\": %zu,\n    \"rng\": [",
                              st->steps, st->opt_steps, st->perm_pos);
      for (int k = 0; k < 4; k++)
        g_string_append_printf (s, "%s\"%016" G_GINT64_MODIFIER "x\"", k ? ", " : "", st->rng[k]);
      g_string_append (s, "],\n    \"perm\": [");
      for (size_t k = 0; k < st->n; k++)
        g_string_append_printf (s, "%s%d", k ? ", " : "", st->perm[k]);
      g_string_append (s, "],\n    \"theta\": ");
      append_doubles (s, st->theta, st->n_params);
      g_string_append (s, ",\n    \"moment1\": ");
      append_doubles (s, st->buf1, st->n_params);
      g_string_append (s, ",\n    \"moment2\": ");
      append_doubles (s, st->buf2, st->n_params);
      g_string_append (s, "}");
    }
  else
    g_string_append (s, "null");
  g_string_append (s, ",\n");
}

static void
write_history (GString *s, const ShlHistory *h)
{
  g_string_append (s, "  \"history\": {\"step\": [");
  for (size_t k = 0; k < h->n; k++)
    g_string_append_printf (s, "%s%" G_GUINT64_FORMAT, k ? ", " : "", h->steps[k]);
  g_string_append (s, "],\n    \"loss\": ");
  append_doubles (s, h->loss, h->n);
  g_string_append (s, ",\n    \"theta\": [");
  for (size_t k = 0; k < h->n; k++)
    {
      g_string_append (s, k ? ",\n      " : "\n      ");
      append_doubles (s, shl_history_theta_at (h, k), h->n_params);
    }
  g_string_append (s, "]},\n");
}

char *
shl_session_to_json (const ShlSession *ss)
{
  g_return_val_if_fail (ss != NULL && ss->net0 != NULL, NULL);
  const ShlHistory *h = ss->history;
  if ((h->n > 0 && h->n_params != ss->net0->n_params) || !numbers_finite (ss))
    return NULL;
  g_autoptr (GString) s = g_string_new ("{\n  \"format\": \"" SHL_SESSION_FORMAT "\",\n");
  g_string_append_printf (s, "  \"version\": %d,\n", SHL_SESSION_VERSION);
  if (!write_data (s, ss) || !write_networks (s, ss))
    return NULL;
  write_training (s, &ss->opts);
  write_state (s, ss->state);
  write_history (s, h);
  if (ss->events_json)
    g_string_append_printf (s, "  \"events\": %s,\n", ss->events_json);
  shl_session_write_bookmarks (s, ss);
  g_string_append (s, "  \"view\": ");
  g_string_append (s, ss->view_json && *ss->view_json ? ss->view_json : "{}");
  g_string_append (s, "\n}\n");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

gboolean
shl_session_save (const ShlSession *ss, const char *path, GError **error)
{
  g_return_val_if_fail (ss != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_autofree char *text = shl_session_to_json (ss);
  if (!text)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: the session has non-finite numbers or no data; not saved", path);
      return FALSE;
    }
  return shl_write_file_atomic (path, text, -1, error);
}
