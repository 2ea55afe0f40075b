/* shl-session.c: session files (see shl-session.h): the session itself,
 * reading it from JSON (every field checked, errors name the field) and
 * building the problem it describes. Writing is in shl-session-write.c. */
#include "shl-session-private.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "shl-io-private.h"
#include "shl-timeline-io.h"

/* the largest noise, learning rate and weight decay a session may hold
 * (those of the command line) */
#define MAX_NOISE 1e6
#define MAX_RATE 1e6

ShlSession *
shl_session_new (void)
{
  ShlSession *s = g_new0 (ShlSession, 1);
  s->dim = 1;
  for (int j = 0; j < SHL_MAX_DIM; j++)
    {
      s->lo[j] = -1.0;
      s->hi[j] = 1.0;
    }
  s->samples = 128;
  shl_train_opts_init (&s->opts);
  s->history = shl_history_new (0);
  return s;
}

void
shl_session_free (ShlSession *s)
{
  if (!s)
    return;
  g_free (s->target);
  shl_data_free (s->points);
  g_free (s->init_scheme);
  shl_net_free (s->net0);
  shl_net_free (s->twin);
  shl_trainer_state_free (s->state);
  shl_history_free (s->history);
  g_free (s->view_json);
  g_free (s->events_json);
  g_clear_pointer (&s->bookmarks, g_ptr_array_unref);
  g_free (s);
}

/* ------------------------------------------------------------- reading */

typedef struct {
  const char *name;
  GError    **error;
} Ctx;

static gboolean
fail (Ctx *c, ShlError code, const char *field, const char *fmt, ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (Ctx *c, ShlError code, const char *field, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  if (field)
    g_set_error (c->error, SHL_ERROR, code, "%s: field \"%s\": %s", c->name, field, msg);
  else
    g_set_error (c->error, SHL_ERROR, code, "%s: %s", c->name, msg);
  return FALSE;
}

static JsonNode *
member (Ctx *c, JsonObject *o, const char *key, const char *field, gboolean required)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;
  if (!n && required)
    fail (c, SHL_ERROR_FORMAT, NULL, "field \"%s\" is missing", field);
  return n;
}

static JsonObject *
get_object (Ctx *c, JsonObject *o, const char *key, const char *field)
{
  JsonNode *n = member (c, o, key, field, TRUE);
  if (!n)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      fail (c, SHL_ERROR_FORMAT, field, "expected an object, found %s", shl_json_node_kind (n));
      return NULL;
    }
  return json_node_get_object (n);
}

static gboolean
get_double (Ctx *c, JsonObject *o, const char *key, const char *field, double *out)
{
  JsonNode *n = member (c, o, key, field, TRUE);
  if (!n)
    return FALSE;
  g_autofree char *problem = shl_json_node_to_double (n, out);
  if (problem)
    return fail (c, SHL_ERROR_FORMAT, field, "%s", problem);
  return TRUE;
}

static gboolean
get_int (Ctx *c, JsonObject *o, const char *key, const char *field, gint64 lo, gint64 hi, gint64 *out)
{
  JsonNode *n = member (c, o, key, field, TRUE);
  if (!n)
    return FALSE;
  if (!shl_json_node_to_int (n, out))
    return fail (c, SHL_ERROR_FORMAT, field, "expected a whole number, found %s", shl_json_node_kind (n));
  if (*out < lo || *out > hi)
    return fail (c, SHL_ERROR_FORMAT, field, "%" G_GINT64_FORMAT " is out of range [%" G_GINT64_FORMAT
                 ", %" G_GINT64_FORMAT "]", *out, lo, hi);
  return TRUE;
}

static gboolean
get_bool (Ctx *c, JsonObject *o, const char *key, const char *field, gboolean *out)
{
  JsonNode *n = member (c, o, key, field, TRUE);
  if (!n)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    return fail (c, SHL_ERROR_FORMAT, field, "expected true or false, found %s", shl_json_node_kind (n));
  *out = json_node_get_boolean (n);
  return TRUE;
}

static const char *
get_string (Ctx *c, JsonObject *o, const char *key, const char *field)
{
  JsonNode *n = member (c, o, key, field, TRUE);
  if (!n)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    {
      fail (c, SHL_ERROR_FORMAT, field, "expected a string, found %s", shl_json_node_kind (n));
      return NULL;
    }
  return json_node_get_string (n);
}

/* one of the ids of a name table (shl-names.h) */
static gboolean
get_name (Ctx *c, JsonObject *o, const char *key, const char *field,
          const ShlNameTable *table, int *out)
{
  const char *t = get_string (c, o, key, field);
  if (!t)
    return FALSE;
  if (!shl_name_lookup (table, t, out))
    {
      char list[256];
      g_autofree char *q = shl_io_quote_text (t, -1);
      return fail (c, SHL_ERROR_FORMAT, field, "expected %s, found %s",
                   shl_name_list (table, list, sizeof list), q);
    }
  return TRUE;
}

/* a 64-bit unsigned integer written as a decimal string */
static gboolean
get_u64_string (Ctx *c, JsonObject *o, const char *key, const char *field, guint64 *out)
{
  const char *t = get_string (c, o, key, field);
  if (!t)
    return FALSE;
  if (!g_ascii_string_to_unsigned (t, 10, 0, G_MAXUINT64, out, NULL))
    {
      g_autofree char *q = shl_io_quote_text (t, -1);
      return fail (c, SHL_ERROR_FORMAT, field, "expected a whole number in a string, found %s", q);
    }
  return TRUE;
}

static gboolean
get_array (Ctx *c, JsonObject *o, const char *key, const char *field, JsonArray **out)
{
  JsonNode *n = member (c, o, key, field, TRUE);
  if (!n)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    return fail (c, SHL_ERROR_FORMAT, field, "expected an array, found %s", shl_json_node_kind (n));
  *out = json_node_get_array (n);
  return TRUE;
}

static gboolean
read_domain (Ctx *c, JsonObject *o, ShlSession *ss)
{
  JsonArray *arr;
  if (!get_array (c, o, "domain", "data.domain", &arr))
    return FALSE;
  guint d = json_array_get_length (arr);
  if (d < 1 || d > SHL_MAX_DIM)
    return fail (c, SHL_ERROR_FORMAT, "data.domain", "expected 1 or 2 [lo, hi] pairs, found %u", d);
  ss->dim = (int) d;
  for (guint j = 0; j < d; j++)
    {
      double pair[2];
      if (!shl_json_read_number_array (pair, json_array_get_element (arr, j), "data.domain", 2,
                                       "a [lo, hi] pair", c->name, c->error))
        return FALSE;
      g_autofree char *problem = shl_io_domain_problem (pair[0], pair[1]);
      if (problem)
        return fail (c, SHL_ERROR_FORMAT, "data.domain", "pair %u: %s", j + 1, problem);
      ss->lo[j] = pair[0];
      ss->hi[j] = pair[1];
    }
  return TRUE;
}

static gboolean
read_data (Ctx *c, JsonObject *root, ShlSession *ss)
{
  JsonObject *o = get_object (c, root, "data", "data");
  if (!o || !read_domain (c, o, ss))
    return FALSE;
  if (json_object_has_member (o, "target"))
    {
      const char *t = get_string (c, o, "target", "data.target");
      if (!t)
        return FALSE;
      const ShlTargetInfo *info = shl_target_lookup (t);
      if (!info)
        {
          g_autofree char *q = shl_io_quote_text (t, -1);
          return fail (c, SHL_ERROR_FORMAT, "data.target", "unknown target %s", q);
        }
      if (info->d != ss->dim)
        return fail (c, SHL_ERROR_FORMAT, "data.target", "\"%s\" is %d-D but the domain is %d-D", t,
                     info->d, ss->dim);
      gint64 n;
      double noise;
      if (!get_int (c, o, "samples", "data.samples", 1, 100000000, &n)
          || !get_double (c, o, "noise", "data.noise", &noise)
          || !get_u64_string (c, o, "seed", "data.seed", &ss->data_seed))
        return FALSE;
      if (!(noise >= 0 && noise <= MAX_NOISE))
        return fail (c, SHL_ERROR_FORMAT, "data.noise", "%g is out of range [0, %g]", noise, MAX_NOISE);
      ss->target = g_strdup (t);
      ss->samples = (guint) n;
      ss->noise = noise;
      return TRUE;
    }
  JsonArray *xs, *ys;
  gboolean cls;
  if (!get_bool (c, o, "classification", "data.classification", &cls)
      || !get_array (c, o, "x", "data.x", &xs) || !get_array (c, o, "y", "data.y", &ys))
    return FALSE;
  guint n = json_array_get_length (xs);
  if (n == 0)
    return fail (c, SHL_ERROR_FORMAT, "data.x", "no points");
  ShlData *d = shl_data_new (ss->dim, n, ss->lo, ss->hi);
  if (!d)
    return fail (c, SHL_ERROR_INVALID, "data.x", "out of memory for %u points", n);
  d->classification = cls;
  for (guint k = 0; k < n; k++)
    {
      g_autofree char *field = g_strdup_printf ("data.x[%u]", k + 1);
      if (!shl_json_read_number_array (d->x + (size_t) k * ss->dim, json_array_get_element (xs, k),
                                       field, (guint) ss->dim, "the input dimension", c->name, c->error))
        {
          shl_data_free (d);
          return FALSE;
        }
    }
  if (json_array_get_length (ys) != n)
    {
      shl_data_free (d);
      return fail (c, SHL_ERROR_FORMAT, "data.y", "has %u entries, expected %u (the points in \"x\")",
                   json_array_get_length (ys), n);
    }
  if (!shl_json_read_number_array (d->y, json_object_get_member (o, "y"), "data.y", n,
                                   "the points in \"x\"", c->name, c->error))
    {
      shl_data_free (d);
      return FALSE;
    }
  if (cls && !shl_data_labels_binary (d))
    {
      shl_data_free (d);
      return fail (c, SHL_ERROR_FORMAT, "data.y", "classification labels must be 0 or 1");
    }
  for (guint k = 0; k < n; k++)
    for (int j = 0; j < ss->dim; j++)
      {
        double xj = d->x[(size_t) k * ss->dim + j];
        if (!(xj >= ss->lo[j] && xj <= ss->hi[j]))
          {
            shl_data_free (d);
            return fail (c, SHL_ERROR_FORMAT, "data.x", "point %u lies outside the domain (coordinate %d)",
                         k + 1, j + 1);
          }
      }
  ss->points = d;
  return TRUE;
}

static ShlNet *
read_net (Ctx *c, JsonNode *node, const char *field)
{
  return shl_net_from_json_member (node, c->name, field, c->error);
}

static gboolean
read_training (Ctx *c, JsonObject *root, ShlSession *ss)
{
  JsonObject *o = get_object (c, root, "training", "training");
  if (!o)
    return FALSE;
  ShlTrainOpts *t = &ss->opts;
  int optimizer, loss, kernel;
  if (!get_name (c, o, "optimizer", "training.optimizer", &shl_optimizer_names, &optimizer)
      || !get_name (c, o, "loss", "training.loss", &shl_loss_names, &loss)
      || !get_name (c, o, "kernel", "training.kernel", &shl_kernel_names, &kernel))
    return FALSE;
  t->optimizer = (ShlOptimizer) optimizer;
  t->loss = (ShlLoss) loss;
  t->kernel = (ShlKernel) kernel;
  gint64 batch;
  gboolean lin;
  if (!get_double (c, o, "lr", "training.lr", &t->lr)
      || !get_double (c, o, "momentum", "training.momentum", &t->momentum)
      || !get_double (c, o, "beta1", "training.beta1", &t->beta1)
      || !get_double (c, o, "beta2", "training.beta2", &t->beta2)
      || !get_double (c, o, "eps", "training.eps", &t->eps)
      || !get_double (c, o, "weight_decay", "training.weight_decay", &t->weight_decay)
      || !get_int (c, o, "batch", "training.batch", 0, G_MAXINT32, &batch)
      || !get_bool (c, o, "train_linear", "training.train_linear", &lin)
      || !get_u64_string (c, o, "seed", "training.seed", &t->seed))
    return FALSE;
  const struct {
    const char *field;
    double      value, lo, hi;
    gboolean    lo_open, hi_open;
  } ranges[] = {
    { "training.lr", t->lr, 0, MAX_RATE, TRUE, FALSE },
    { "training.momentum", t->momentum, 0, 1, FALSE, FALSE },
    { "training.beta1", t->beta1, 0, 1, FALSE, TRUE },
    { "training.beta2", t->beta2, 0, 1, FALSE, TRUE },
    { "training.eps", t->eps, 0, 1, TRUE, FALSE },
    { "training.weight_decay", t->weight_decay, 0, MAX_RATE, FALSE, FALSE },
  };
  for (guint k = 0; k < G_N_ELEMENTS (ranges); k++)
    {
      double v = ranges[k].value;
      if ((ranges[k].lo_open ? !(v > ranges[k].lo) : !(v >= ranges[k].lo))
          || (ranges[k].hi_open ? !(v < ranges[k].hi) : !(v <= ranges[k].hi)))
        {
          g_autofree char *num = shl_io_format_double (v);
          return fail (c, SHL_ERROR_FORMAT, ranges[k].field, "%s is out of range %s%g, %g%s", num,
                       ranges[k].lo_open ? "(" : "[", ranges[k].lo, ranges[k].hi,
                       ranges[k].hi_open ? ")" : "]");
        }
    }
  t->batch = (size_t) batch;
  t->train_linear = lin;
  /* optional (absent: false) */
  if (json_object_has_member (o, "restricted"))
    {
      gboolean r;
      if (!get_bool (c, o, "restricted", "training.restricted", &r))
        return FALSE;
      t->restricted = r;
    }
  return TRUE;
}

static gboolean
read_state (Ctx *c, JsonObject *root, ShlSession *ss, size_t n_samples)
{
  JsonNode *n = member (c, root, "state", "state", TRUE);
  if (!n)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return fail (c, SHL_ERROR_FORMAT, "state", "expected an object or null, found %s", shl_json_node_kind (n));
  JsonObject *o = json_node_get_object (n);
  size_t np = ss->net0->n_params;
  ShlTrainerState *st = shl_trainer_state_new (np, n_samples);
  gint64 steps, opt_steps, pos;
  JsonArray *rng, *perm;
  gboolean ok = get_int (c, o, "steps", "state.steps", 0, G_MAXINT64, &steps)
                && get_int (c, o, "opt_steps", "state.opt_steps", 0, G_MAXINT64, &opt_steps)
                && get_int (c, o, "perm_pos", "state.perm_pos", 0, (gint64) n_samples, &pos)
                && get_array (c, o, "rng", "state.rng", &rng)
                && get_array (c, o, "perm", "state.perm", &perm)
                && shl_json_read_number_array (st->theta, json_object_get_member (o, "theta"), "state.theta",
                                               (guint) np, "the network's parameters", c->name, c->error)
                && shl_json_read_number_array (st->buf1, json_object_get_member (o, "moment1"), "state.moment1",
                                               (guint) np, "the network's parameters", c->name, c->error)
                && shl_json_read_number_array (st->buf2, json_object_get_member (o, "moment2"), "state.moment2",
                                               (guint) np, "the network's parameters", c->name, c->error);
  for (size_t k = 0; ok && k < np; k++)
    if (!(st->buf2[k] >= 0))
      ok = fail (c, SHL_ERROR_FORMAT, "state.moment2", "entry %zu: must not be negative (a running mean of squares)",
                 k + 1);
  if (ok && json_array_get_length (rng) != 4)
    ok = fail (c, SHL_ERROR_FORMAT, "state.rng", "expected 4 hexadecimal strings");
  for (guint k = 0; ok && k < 4; k++)
    {
      JsonNode *e = json_array_get_element (rng, k);
      const char *t = JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
                      ? json_node_get_string (e) : NULL;
      if (!t || !g_ascii_string_to_unsigned (t, 16, 0, G_MAXUINT64, &st->rng[k], NULL))
        ok = fail (c, SHL_ERROR_FORMAT, "state.rng", "entry %u: expected a hexadecimal string", k + 1);
    }
  if (ok && json_array_get_length (perm) != n_samples)
    ok = fail (c, SHL_ERROR_FORMAT, "state.perm", "has %u entries, expected %zu (the samples)",
               json_array_get_length (perm), n_samples);
  for (guint k = 0; ok && k < n_samples; k++)
    {
      gint64 v;
      if (!shl_json_node_to_int (json_array_get_element (perm, k), &v) || v < 0 || v >= (gint64) n_samples)
        ok = fail (c, SHL_ERROR_FORMAT, "state.perm", "entry %u: expected a sample index", k + 1);
      else
        st->perm[k] = (int) v;
    }
  if (!ok)
    {
      shl_trainer_state_free (st);
      return FALSE;
    }
  st->steps = (guint64) steps;
  st->opt_steps = (guint64) opt_steps;
  st->perm_pos = (size_t) pos;
  ss->state = st;
  return TRUE;
}

static gboolean
read_history (Ctx *c, JsonObject *root, ShlSession *ss)
{
  JsonObject *o = get_object (c, root, "history", "history");
  JsonArray *steps, *thetas;
  if (!o || !get_array (c, o, "step", "history.step", &steps) || !get_array (c, o, "theta", "history.theta", &thetas))
    return FALSE;
  guint n = json_array_get_length (steps);
  /* the steps first: they give the count the others must have */
  gint64 prev = -1;
  for (guint k = 0; k < n; k++)
    {
      gint64 v;
      if (!shl_json_node_to_int (json_array_get_element (steps, k), &v) || v <= prev)
        return fail (c, SHL_ERROR_FORMAT, "history.step", "entry %u: expected increasing step numbers", k + 1);
      prev = v;
    }
  if (json_array_get_length (thetas) != n)
    return fail (c, SHL_ERROR_FORMAT, "history.theta", "has %u entries, expected %u (like \"step\")",
                 json_array_get_length (thetas), n);
  size_t np = ss->net0->n_params;
  shl_history_reset (ss->history, np);
  g_autofree double *loss = g_new (double, MAX (n, 1));
  g_autofree double *theta = g_new (double, MAX (np, 1));
  if (!shl_json_read_number_array (loss, json_object_get_member (o, "loss"), "history.loss", n,
                                   "like \"step\"", c->name, c->error))
    return FALSE;
  for (guint k = 0; k < n; k++)
    {
      gint64 v = json_node_get_int (json_array_get_element (steps, k));
      g_autofree char *field = g_strdup_printf ("history.theta[%u]", k + 1);
      if (!shl_json_read_number_array (theta, json_array_get_element (thetas, k),
                                       field, (guint) np, "the network's parameters", c->name, c->error))
        return FALSE;
      if (!(loss[k] >= 0))
        return fail (c, SHL_ERROR_FORMAT, "history.loss", "entry %u: must not be negative", k + 1);
      if (!shl_history_append (ss->history, (guint64) v, loss[k], theta))
        return fail (c, SHL_ERROR_INVALID, "history", "out of memory at entry %u", k + 1);
    }
  return TRUE;
}

gboolean
shl_session_sniff (const char *text, gsize len)
{
  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  /* cheap: the format name within the first kilobyte */
  gsize n = MIN (len, 1024);
  g_autofree char *head = g_strndup (text, n);
  return strstr (head, "\"" SHL_SESSION_FORMAT "\"") != NULL;
}

ShlSession *
shl_session_from_json (const char *text, gssize len, const char *name, GError **error)
{
  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!name)
    name = "<session>";
  Ctx c = { name, error };
  g_autoptr (JsonParser) parser = shl_json_parse_text (text, len, name, error);
  if (!parser)
    return NULL;
  JsonNode *rn = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (rn))
    {
      fail (&c, SHL_ERROR_FORMAT, NULL, "expected a JSON object at the top level, found %s", shl_json_node_kind (rn));
      return NULL;
    }
  JsonObject *root = json_node_get_object (rn);
  const char *fmt = get_string (&c, root, "format", "format");
  if (!fmt)
    return NULL;
  if (strcmp (fmt, SHL_SESSION_FORMAT) != 0)
    {
      g_autofree char *q = shl_io_quote_text (fmt, -1);
      fail (&c, SHL_ERROR_FORMAT, "format", "expected \"" SHL_SESSION_FORMAT "\", found %s", q);
      return NULL;
    }
  gint64 version;
  if (!get_int (&c, root, "version", "version", 0, G_MAXINT64, &version))
    return NULL;
  if (version > SHL_SESSION_VERSION)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_VERSION,
                   "%s: version %" G_GINT64_FORMAT " is newer than this Shallows understands (%d)", name,
                   version, SHL_SESSION_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      fail (&c, SHL_ERROR_FORMAT, "version", "expected 1, found %" G_GINT64_FORMAT, version);
      return NULL;
    }

  g_autoptr (ShlSession) ss = shl_session_new ();
  if (!read_data (&c, root, ss))
    return NULL;
  JsonObject *init = get_object (&c, root, "init", "init");
  if (!init)
    return NULL;
  const char *scheme = get_string (&c, init, "scheme", "init.scheme");
  if (!scheme || !get_u64_string (&c, init, "seed", "init.seed", &ss->init_seed))
    return NULL;
  ShlInitScheme scheme_value;
  if (!g_str_equal (scheme, "file") && !shl_init_scheme_from_name (scheme, &scheme_value))
    {
      char list[256];
      g_autofree char *q = shl_io_quote_text (scheme, -1);
      fail (&c, SHL_ERROR_FORMAT, "init.scheme", "expected file or one of %s, found %s",
            shl_name_list (&shl_init_scheme_names, list, sizeof list), q);
      return NULL;
    }
  ss->init_scheme = g_strdup (scheme);
  JsonNode *nn = member (&c, init, "network", "init.network", TRUE);
  if (!nn || !(ss->net0 = read_net (&c, nn, "init.network")))
    return NULL;
  if (ss->net0->d != ss->dim)
    {
      fail (&c, SHL_ERROR_FORMAT, "init.network", "is %d-D but the data are %d-D", ss->net0->d, ss->dim);
      return NULL;
    }
  JsonNode *tw = member (&c, root, "twin", "twin", FALSE);
  if (tw && !JSON_NODE_HOLDS_NULL (tw))
    {
      if (!(ss->twin = read_net (&c, tw, "twin")))
        return NULL;
      if (ss->twin->d != ss->dim)
        {
          fail (&c, SHL_ERROR_FORMAT, "twin", "is %d-D but the data are %d-D", ss->twin->d, ss->dim);
          return NULL;
        }
    }
  if (!read_training (&c, root, ss))
    return NULL;
  size_t n_samples = ss->points ? ss->points->n : ss->samples;
  if (!read_state (&c, root, ss, n_samples) || !read_history (&c, root, ss))
    return NULL;
  JsonNode *view = member (&c, root, "view", "view", FALSE);
  if (view)
    {
      if (!JSON_NODE_HOLDS_OBJECT (view))
        {
          fail (&c, SHL_ERROR_FORMAT, "view", "expected an object, found %s", shl_json_node_kind (view));
          return NULL;
        }
      ss->view_json = shl_json_to_text (view);
    }
  JsonNode *events = member (&c, root, "events", "events", FALSE);
  if (events)
    {
      /* the moves on the timeline: checked here (shl-timeline-io.c), kept
       * as written */
      g_autoptr (GError) bad = NULL;
      ss->events_json = json_to_string (events, FALSE);
      ShlTimeline *tl = shl_timeline_from_json (ss->events_json, ss->net0->n_params, &bad);
      if (!tl)
        {
          fail (&c, SHL_ERROR_FORMAT, "events", "%s", bad->message);
          return NULL;
        }
      shl_timeline_free (tl);
    }
  JsonNode *marks = member (&c, root, "bookmarks", "bookmarks", FALSE);
  if (marks && !shl_session_read_bookmarks (ss, marks, name, error))
    return NULL;
  /* the trainer must accept it: check now, so that a bad file changes
   * nothing later */
  g_autoptr (GError) local = NULL;
  ShlTrainer *tr = shl_session_make_trainer (ss, &local);
  if (!tr)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "%s: %s", name, local->message);
      return NULL;
    }
  shl_trainer_free (tr);
  return g_steal_pointer (&ss);
}

ShlSession *
shl_session_load (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  gsize len = 0;
  g_autofree char *text = shl_io_read_file (path, &len, error);
  if (!text)
    return NULL;
  return shl_session_from_json (text, (gssize) len, path, error);
}

void
shl_session_data_recipe (const ShlSession *ss, ShlDataRecipe *r)
{
  g_return_if_fail (ss != NULL && r != NULL);
  shl_data_recipe_init (r);
  r->dim = ss->dim;
  memcpy (r->lo, ss->lo, sizeof r->lo);
  memcpy (r->hi, ss->hi, sizeof r->hi);
  r->target = ss->target;
  r->samples = ss->samples;
  r->noise = ss->noise;
  r->seed = ss->data_seed;
  r->points = ss->target ? NULL : ss->points;
}

ShlTarget *
shl_session_make_target (const ShlSession *ss)
{
  g_return_val_if_fail (ss != NULL, NULL);
  ShlDataRecipe r;
  shl_session_data_recipe (ss, &r);
  return shl_problem_make_target (&r);
}

ShlData *
shl_session_make_data (const ShlSession *ss, GError **error)
{
  g_return_val_if_fail (ss != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  ShlDataRecipe r;
  shl_session_data_recipe (ss, &r);
  ShlData *d = NULL;
  ShlProblemStatus st = shl_problem_make_data (&d, NULL, &r);
  if (st == SHL_PROBLEM_UNKNOWN_TARGET || st == SHL_PROBLEM_NO_DATA)
    g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "unknown target \"%s\"",
                 ss->target ? ss->target : "(none)");
  else if (st != SHL_PROBLEM_OK)
    g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "could not sample the target: %s",
                 shl_problem_status_message (st));
  return d;
}

ShlTrainer *
shl_session_make_trainer (const ShlSession *ss, GError **error)
{
  g_return_val_if_fail (ss != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  ShlData *data = shl_session_make_data (ss, error);
  if (!data)
    return NULL;
  ShlTrainer *tr = shl_trainer_new (ss->net0, data, &ss->opts);
  gboolean labels_ok = ss->opts.loss != SHL_LOSS_LOGISTIC || shl_data_labels_binary (data);
  shl_data_free (data);
  if (!tr)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, labels_ok
                   ? "the network and the data do not fit together"
                   : "field \"training.loss\": logistic needs labels 0 or 1");
      return NULL;
    }
  if (ss->state && !shl_trainer_set_state (tr, ss->state))
    {
      shl_trainer_free (tr);
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "field \"state\": does not fit the network and the data (sizes, or \"perm\" is not a permutation)");
      return NULL;
    }
  return tr;
}
