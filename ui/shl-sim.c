/* shl-sim.c: the simulation controller (see shl-sim.h). */
#include "shl-sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-cancel-bridge.h"
#include "shl-io.h"
#include "shl-landscape.h"
#include "shl-pathology.h"
#include "shl-session.h"
#include "shl-symmetry.h"

#define HISTORY_CAP 16384      /* points kept; older ones are thinned */
#define LAND_LIVE_N 31         /* grid while training */
#define LAND_LIVE_INTERVAL_US 200000

struct _ShlSim {
  GObject parent_instance;

  /* settings (properties) */
  int           dim;
  char         *target_name;
  guint         samples;
  double        noise;
  guint64       data_seed;
  int           width;
  char         *init_name;
  guint64       init_seed;
  char         *loss_name;
  char         *optimizer_name;
  double        lr;
  double        momentum;
  guint         batch;
  double        weight_decay;
  double        speed;
  gboolean      restricted;
  ShlTrainOpts  base_opts;     /* settings without a control (kernel, betas…) */
  ShlViewSettings view;
  gboolean      modified;

  /* problem */
  ShlData      *imported;      /* data from a CSV file, or NULL */
  char         *imported_name;
  ShlNet       *loaded;        /* a network from a file, or NULL */
  ShlNet       *twin;          /* the network compared with, or NULL */
  int           scrub;         /* history index shown, -1: live */
  ShlNet       *scrub_net;
  ShlTarget    *target;
  ShlData      *data;
  ShlNet       *net0;
  ShlRunner    *runner;
  guint         generation;
  guint         reset_idle;

  /* what the engine sent */
  ShlSnapshot  *snap;
  GArray       *hist_step;     /* guint64 */
  GArray       *hist_loss;     /* double */
  GArray       *hist_theta;    /* double, n_params per point */
  gboolean      dirty;
  gboolean      last_running;
  guint64       last_step;

  /* landscape */
  GCancellable *land_cancel;
  gpointer      land_job;      /* LandJob running (owned by its task) */
  guint         land_serial;   /* serial of the latest job */
  gboolean      disposed;
  gboolean      land_busy;
  gint64        land_last;
  gboolean      land_full_done;
  guint         land_generation;
  int           land_n;
  double       *land_loss;
  double       *land_path;
  guint         n_land_path;
  double        land_span;
  guint64       land_step;     /* the step of the slice's centre */
  ShlDirsKind   land_kind;
  double        land_explained[2];

  GSimpleActionGroup *actions;
  ShlScene      scene;
};

G_DEFINE_FINAL_TYPE (ShlSim, shl_sim, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIM,
  PROP_TARGET,
  PROP_SAMPLES,
  PROP_NOISE,
  PROP_DATA_SEED,
  PROP_WIDTH,
  PROP_INIT,
  PROP_INIT_SEED,
  PROP_LOSS,
  PROP_OPTIMIZER,
  PROP_LR,
  PROP_MOMENTUM,
  PROP_BATCH,
  PROP_WEIGHT_DECAY,
  PROP_SPEED,
  PROP_RESTRICTED,
  PROP_MODIFIED,
  PROP_RUNNING,
  PROP_STEP,
  PROP_LOSS_VALUE,
  PROP_STEPS_PER_SECOND,
  PROP_STATUS_TEXT,
  PROP_DIVERGED,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void schedule_reset (ShlSim *self);
static void apply_opts (ShlSim *self);
static void maybe_start_landscape (ShlSim *self);

/* ----------------------------------------------------------- settings */

static void
fill_opts (ShlSim *self, ShlTrainOpts *o)
{
  *o = self->base_opts;
  shl_optimizer_from_name (self->optimizer_name, &o->optimizer);
  shl_loss_from_name (self->loss_name, &o->loss);
  o->lr = self->lr;
  o->momentum = self->momentum;
  o->batch = self->batch;
  o->weight_decay = self->weight_decay;
  o->seed = self->init_seed;
  o->restricted = self->restricted;
  o->train_linear = self->base_opts.train_linear || self->restricted;
}

static const char *
default_target (int dim)
{
  return dim == 1 ? "sine" : "bump";
}

static void
build_problem (ShlSim *self)
{
  g_clear_pointer (&self->target, shl_target_free);
  g_clear_pointer (&self->data, shl_data_free);
  g_clear_pointer (&self->net0, shl_net_free);

  if (self->imported && self->imported->d == self->dim)
    self->data = shl_data_copy (self->imported);
  else
    {
      const ShlTargetInfo *info = shl_target_lookup (self->target_name);
      if (!info || info->d != self->dim)
        {
          g_free (self->target_name);
          self->target_name = g_strdup (default_target (self->dim));
        }
      self->target = shl_target_new (self->target_name, self->data_seed, NULL, NULL);
      self->data = shl_target_sample (self->target, self->samples, self->noise,
                                      self->data_seed);
    }

  if (self->loaded && self->loaded->d == self->dim && self->loaded->m == self->width)
    self->net0 = shl_net_copy (self->loaded);
  else
    {
      ShlInitScheme scheme = SHL_INIT_HE;
      shl_init_scheme_from_name (self->init_name, &scheme);
      self->net0 = shl_net_new (self->width, self->dim, self->data->lo, self->data->hi);
      ShlRng rng;
      shl_rng_seed (&rng, self->init_seed);
      shl_net_init_random (self->net0, scheme, &rng);
    }
}

static void
clear_history (ShlSim *self)
{
  g_array_set_size (self->hist_step, 0);
  g_array_set_size (self->hist_loss, 0);
  g_array_set_size (self->hist_theta, 0);
}

static void
thin_history (ShlSim *self, size_t np)
{
  /* keep every other point (and the newest) */
  guint n = self->hist_step->len, j = 0;
  guint64 *st = (guint64 *) self->hist_step->data;
  double *lo = (double *) self->hist_loss->data;
  double *th = (double *) self->hist_theta->data;
  for (guint k = 0; k < n; k++)
    if (k % 2 == 0 || k == n - 1)
      {
        st[j] = st[k];
        lo[j] = lo[k];
        memmove (th + (size_t) j * np, th + (size_t) k * np, np * sizeof (double));
        j++;
      }
  g_array_set_size (self->hist_step, j);
  g_array_set_size (self->hist_loss, j);
  g_array_set_size (self->hist_theta, (guint) (j * np));
}

static void
on_engine (gpointer data)
{
  ShlSim *self = data;
  /* the runner delivers the points of the latest generation only */
  g_autoptr (ShlHistory) hist = self->net0 ? shl_history_new (self->net0->n_params) : NULL;
  ShlSnapshot *s = shl_runner_take (self->runner, hist);
  /* drop what another generation recorded */
  if (s && s->generation != self->generation)
    g_clear_pointer (&s, shl_snapshot_unref);
  if (hist && self->net0)
    {
      size_t np = self->net0->n_params;
      for (size_t k = 0; k < hist->n; k++)
        {
          guint n = self->hist_step->len;
          if (n > 0 && hist->steps[k] <= g_array_index (self->hist_step, guint64, n - 1))
            continue;
          g_array_append_val (self->hist_step, hist->steps[k]);
          g_array_append_val (self->hist_loss, hist->loss[k]);
          g_array_append_vals (self->hist_theta, shl_history_theta_at (hist, k), (guint) np);
        }
      if (self->hist_step->len > HISTORY_CAP)
        thin_history (self, np);
    }
  if (!s)
    return;
  if (self->snap)
    shl_snapshot_unref (self->snap);
  self->snap = s;
  self->dirty = TRUE;

  g_object_freeze_notify (G_OBJECT (self));
  if (s->running != self->last_running)
    {
      self->last_running = s->running;
      GAction *a = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "running");
      g_simple_action_set_state (G_SIMPLE_ACTION (a), g_variant_new_boolean (s->running));
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
    }
  if (s->step != self->last_step)
    {
      self->last_step = s->step;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STEP]);
      if (s->step > 0)
        shl_sim_set_modified (self, TRUE);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOSS_VALUE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STEPS_PER_SECOND]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATUS_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIVERGED]);
  g_object_thaw_notify (G_OBJECT (self));
  maybe_start_landscape (self);
}

static void
do_reset (ShlSim *self)
{
  build_problem (self);
  ShlTrainOpts opts;
  fill_opts (self, &opts);
  if (opts.loss == SHL_LOSS_LOGISTIC && !shl_data_labels_binary (self->data))
    {
      g_free (self->loss_name);
      self->loss_name = g_strdup ("mse");
      opts.loss = SHL_LOSS_MSE;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOSS]);
    }
  if (!self->runner)
    {
      self->runner = shl_runner_new (self->net0, self->data, &opts, on_engine, self);
      self->generation = 1;
    }
  else
    {
      guint gen = shl_runner_reset (self->runner, self->net0, self->data, &opts);
      if (gen)
        self->generation = gen;
    }
  shl_runner_set_speed (self->runner, self->speed);
  clear_history (self);
  self->scrub = -1;
  if (self->land_cancel)
    g_cancellable_cancel (self->land_cancel);
  self->land_full_done = FALSE;
  self->land_generation = 0;
  self->dirty = TRUE;
}

static gboolean
reset_idle_cb (gpointer data)
{
  ShlSim *self = data;
  self->reset_idle = 0;
  do_reset (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reset (ShlSim *self)
{
  if (!self->reset_idle)
    self->reset_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, reset_idle_cb, self, NULL);
}

static void
apply_opts (ShlSim *self)
{
  if (!self->runner)
    return;
  ShlTrainOpts opts;
  fill_opts (self, &opts);
  shl_runner_set_opts (self->runner, &opts);
}

/* ----------------------------------------------------------- landscape */

typedef struct {
  ShlNet  *center;
  ShlData *data;
  ShlLoss  loss;
  guint64  seed;
  int      n;
  double   span;
  double  *thetas;     /* (n_path, n_params) */
  ShlNet  *twin;       /* a copy, for twin directions */
  ShlSliceOptions opts;
  ShlDirsKind kind;    /* results: */
  double   explained[2];
  double   span_used;
  guint    n_path;
  guint    generation;
  guint64  step;
  /* results */
  double  *grid;       /* (n, n) */
  double  *path;       /* (n_path, 2) */
  gint         progress;    /* per mille, atomic */
  guint        serial;      /* which job this is */
  ShlSim      *sim;         /* a reference, for the coarse hand-over */
} LandJob;

static void
land_job_free (gpointer data)
{
  LandJob *j = data;
  if (j->sim)
    g_object_unref (j->sim);
  shl_net_free (j->center);
  shl_net_free (j->twin);
  shl_data_free (j->data);
  g_free (j->thetas);
  g_free (j->grid);
  g_free (j->path);
  g_free (j);
}

static void
land_progress_cb (double fraction, void *data)
{
  LandJob *j = data;
  g_atomic_int_set (&j->progress, (gint) (1000 * fraction));
}

/* the coarse first image of a full-resolution slice, handed to the UI */
typedef struct {
  ShlSim *sim;
  guint   serial;
  double *grid;
  int     n;
  double  span;
} Coarse;

static gboolean
apply_coarse (gpointer data)
{
  Coarse *c = data;
  ShlSim *self = c->sim;
  if (self->land_busy && self->land_serial == c->serial)
    {
      g_free (self->land_loss);
      self->land_loss = g_steal_pointer (&c->grid);
      self->land_n = c->n;
      self->land_span = c->span;
      g_clear_pointer (&self->land_path, g_free);
      self->n_land_path = 0;
      self->land_generation = self->generation;
      self->dirty = TRUE;
    }
  g_free (c->grid);
  g_object_unref (c->sim);
  g_free (c);
  return G_SOURCE_REMOVE;
}

static void
land_coarse_cb (const double *grid, int n, double span, void *data)
{
  LandJob *j = data;
  Coarse *c = g_new0 (Coarse, 1);
  c->sim = g_object_ref (j->sim);
  c->serial = j->serial;
  c->grid = g_memdup2 (grid, (gsize) n * (gsize) n * sizeof (double));
  c->n = n;
  c->span = span;
  /* an attached source runs on the main thread, never here */
  GSource *src = g_idle_source_new ();
  g_source_set_callback (src, apply_coarse, c, NULL);
  g_source_attach (src, NULL);
  g_source_unref (src);
}

static void
land_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LandJob *j = task_data;
  g_autoptr (ShlCancelBridge) cancel = shl_cancel_bridge_new (cancellable);
  j->opts.twin = j->twin;
  j->opts.progress = land_progress_cb;
  j->opts.progress_data = j;
  if (j->n >= 41)
    j->opts.coarse = land_coarse_cb;
  ShlLandscapeSlice *sl = shl_landscape_slice_compute_full (j->center, j->data, j->loss, j->seed,
                                                            j->n, j->span, j->thetas, j->n_path,
                                                            &j->opts,
                                                            shl_cancel_bridge_flag (cancel));
  if (sl)
    {
      j->grid = g_steal_pointer (&sl->loss);
      j->path = g_steal_pointer (&sl->path);
      j->kind = sl->kind;
      j->explained[0] = sl->explained[0];
      j->explained[1] = sl->explained[1];
      j->span_used = sl->span;
      shl_landscape_slice_free (sl);
    }
  g_task_return_boolean (task, sl != NULL);
}

static void
land_done (GObject *source, GAsyncResult *res, gpointer data)
{
  ShlSim *self = SHL_SIM (source);
  GTask *task = G_TASK (res);
  LandJob *j = g_task_get_task_data (task);
  gboolean ok = g_task_propagate_boolean (task, NULL);
  self->land_busy = FALSE;
  self->land_job = NULL;
  g_clear_object (&self->land_cancel);
  if (ok && j->generation == self->generation)
    {
      g_free (self->land_loss);
      g_free (self->land_path);
      self->land_loss = g_steal_pointer (&j->grid);
      self->land_path = g_steal_pointer (&j->path);
      self->n_land_path = j->n_path;
      self->land_n = j->n;
      self->land_span = j->span_used;
      self->land_kind = j->kind;
      self->land_explained[0] = j->explained[0];
      self->land_explained[1] = j->explained[1];
      self->land_generation = j->generation;
      self->land_full_done = j->n == self->view.landscape_n;
      self->land_step = j->step;
      self->dirty = TRUE;
    }
  g_object_unref (self);
  maybe_start_landscape (self);
}

static void
maybe_start_landscape (ShlSim *self)
{
  if (self->disposed)
    return;
  if (self->land_busy || !self->snap || self->snap->generation != self->generation)
    return;
  gint64 now = g_get_monotonic_time ();
  gboolean running = self->snap->running;
  if (running && now - self->land_last < LAND_LIVE_INTERVAL_US)
    return;
  /* paused: one full-resolution slice per parameter state */
  if (!running && self->land_full_done && self->land_generation == self->generation
      && self->land_step == self->snap->step)
    return;

  LandJob *j = g_new0 (LandJob, 1);
  j->center = shl_net_copy (self->snap->net);
  j->data = shl_data_copy (self->data);
  shl_loss_from_name (self->loss_name, &j->loss);
  j->seed = self->view.landscape_seed;
  j->opts.kind = self->view.landscape_dirs;
  j->opts.orbit_neuron = MIN (self->view.orbit_neuron, MAX (self->snap->net->m - 1, 0));
  j->opts.n_threads = running ? 1 : 2;
  j->twin = self->twin && shl_net_same_shape (self->twin, self->snap->net)
            ? shl_net_copy (self->twin) : NULL;
  j->n = running ? MIN (LAND_LIVE_N, self->view.landscape_n) : self->view.landscape_n;
  j->span = self->view.landscape_span;
  j->generation = self->generation;
  j->step = self->snap->step;
  size_t np = j->center->n_params;
  guint nh = self->hist_step->len;
  j->n_path = (guint) shl_landscape_path_count (nh);
  j->thetas = g_new (double, (size_t) MAX (j->n_path, 1) * np);
  for (guint k = 0; k < j->n_path; k++)
    {
      guint src = (guint) shl_landscape_path_index (k, nh);
      memcpy (j->thetas + k * np,
              &g_array_index (self->hist_theta, double, (size_t) src * np),
              np * sizeof (double));
    }
  self->land_busy = TRUE;
  self->land_job = j;
  j->serial = ++self->land_serial;
  j->sim = g_object_ref (self);
  self->land_last = now;
  self->land_cancel = g_cancellable_new ();
  GTask *task = g_task_new (g_object_ref (self), self->land_cancel, land_done, NULL);
  g_task_set_task_data (task, j, land_job_free);
  g_task_run_in_thread (task, land_thread);
  g_object_unref (task);
}

/* ------------------------------------------------------------- actions */

static void
act_running (GSimpleAction *a, GVariant *value, gpointer data)
{
  ShlSim *self = data;
  if (!self->runner)
    return;
  if (g_variant_get_boolean (value))
    {
      self->scrub = -1;
      shl_runner_run (self->runner);
    }
  else
    shl_runner_pause (self->runner);
  g_simple_action_set_state (a, value);
}

static void
act_step (GSimpleAction *a, GVariant *p, gpointer data)
{
  ShlSim *self = data;
  if (self->runner)
    shl_runner_step (self->runner, 1);
}

static void
act_step_many (GSimpleAction *a, GVariant *p, gpointer data)
{
  ShlSim *self = data;
  if (self->runner)
    shl_runner_step (self->runner, 100);
}

static void
act_reset (GSimpleAction *a, GVariant *p, gpointer data)
{
  ShlSim *self = data;
  if (self->reset_idle)
    {
      g_source_remove (self->reset_idle);
      self->reset_idle = 0;
    }
  do_reset (self);
}

static const GActionEntry sim_actions[] = {
  { "running", NULL, NULL, "false", act_running },
  { "step", act_step },
  { "step-many", act_step_many },
  { "reset", act_reset },
};

/* ----------------------------------------------------------- GObject */

static void
set_string (char **field, const GValue *value)
{
  g_free (*field);
  *field = g_value_dup_string (value);
}

static void
shl_sim_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  ShlSim *self = SHL_SIM (object);
  switch (id)
    {
    case PROP_DIM:
      if (self->dim == g_value_get_int (value))
        return;
      self->dim = g_value_get_int (value);
      {
        const ShlTargetInfo *info = shl_target_lookup (self->target_name);
        if (!info || info->d != self->dim)
          {
            g_free (self->target_name);
            self->target_name = g_strdup (default_target (self->dim));
            g_free (self->loss_name);
            self->loss_name = g_strdup ("mse");
            g_object_notify_by_pspec (object, props[PROP_TARGET]);
            g_object_notify_by_pspec (object, props[PROP_LOSS]);
          }
      }
      schedule_reset (self);
      break;
    case PROP_TARGET:
      {
        const char *name = g_value_get_string (value);
        const ShlTargetInfo *info = shl_target_lookup (name);
        if (!info || g_strcmp0 (name, self->target_name) == 0)
          return;
        set_string (&self->target_name, value);
        g_clear_pointer (&self->imported, shl_data_free);
        if (info->d != self->dim)
          {
            self->dim = info->d;
            g_object_notify_by_pspec (object, props[PROP_DIM]);
          }
        const char *loss = info->classification ? "logistic" : "mse";
        if (g_strcmp0 (loss, self->loss_name) != 0)
          {
            g_free (self->loss_name);
            self->loss_name = g_strdup (loss);
            g_object_notify_by_pspec (object, props[PROP_LOSS]);
          }
        schedule_reset (self);
      }
      break;
    case PROP_SAMPLES:
      if (self->samples == g_value_get_uint (value))
        return;
      self->samples = g_value_get_uint (value);
      schedule_reset (self);
      break;
    case PROP_NOISE:
      if (self->noise == g_value_get_double (value))
        return;
      self->noise = g_value_get_double (value);
      schedule_reset (self);
      break;
    case PROP_DATA_SEED:
      if (self->data_seed == g_value_get_uint64 (value))
        return;
      self->data_seed = g_value_get_uint64 (value);
      schedule_reset (self);
      break;
    case PROP_WIDTH:
      if (self->width == g_value_get_int (value))
        return;
      self->width = g_value_get_int (value);
      schedule_reset (self);
      break;
    case PROP_INIT:
      {
        ShlInitScheme s;
        if (!shl_init_scheme_from_name (g_value_get_string (value), &s)
            || g_strcmp0 (g_value_get_string (value), self->init_name) == 0)
          return;
        set_string (&self->init_name, value);
        g_clear_pointer (&self->loaded, shl_net_free);
        schedule_reset (self);
      }
      break;
    case PROP_INIT_SEED:
      if (self->init_seed == g_value_get_uint64 (value))
        return;
      self->init_seed = g_value_get_uint64 (value);
      g_clear_pointer (&self->loaded, shl_net_free);
      schedule_reset (self);
      break;
    case PROP_LOSS:
      {
        ShlLoss l;
        if (!shl_loss_from_name (g_value_get_string (value), &l)
            || g_strcmp0 (g_value_get_string (value), self->loss_name) == 0)
          return;
        set_string (&self->loss_name, value);
        schedule_reset (self);
      }
      break;
    case PROP_OPTIMIZER:
      {
        ShlOptimizer o;
        if (!shl_optimizer_from_name (g_value_get_string (value), &o)
            || g_strcmp0 (g_value_get_string (value), self->optimizer_name) == 0)
          return;
        set_string (&self->optimizer_name, value);
        apply_opts (self);
      }
      break;
    case PROP_LR:
      if (self->lr == g_value_get_double (value))
        return;
      self->lr = g_value_get_double (value);
      apply_opts (self);
      break;
    case PROP_MOMENTUM:
      if (self->momentum == g_value_get_double (value))
        return;
      self->momentum = g_value_get_double (value);
      apply_opts (self);
      break;
    case PROP_BATCH:
      if (self->batch == g_value_get_uint (value))
        return;
      self->batch = g_value_get_uint (value);
      apply_opts (self);
      break;
    case PROP_WEIGHT_DECAY:
      if (self->weight_decay == g_value_get_double (value))
        return;
      self->weight_decay = g_value_get_double (value);
      apply_opts (self);
      break;
    case PROP_RESTRICTED:
      if (self->restricted == g_value_get_boolean (value))
        return;
      self->restricted = g_value_get_boolean (value);
      apply_opts (self);
      break;
    case PROP_MODIFIED:
      if (self->modified == g_value_get_boolean (value))
        return;
      self->modified = g_value_get_boolean (value);
      g_object_notify_by_pspec (object, pspec);
      return;
    case PROP_SPEED:
      if (self->speed == g_value_get_double (value))
        return;
      self->speed = g_value_get_double (value);
      if (self->runner)
        shl_runner_set_speed (self->runner, self->speed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
      return;
    }
  /* explicit notification: only when something was set (the cases that
   * change nothing return early) */
  g_object_notify_by_pspec (object, pspec);
  if (id != PROP_SPEED)
    shl_sim_set_modified (self, TRUE);
}

static void
shl_sim_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  ShlSim *self = SHL_SIM (object);
  ShlSnapshot *s = self->snap;
  switch (id)
    {
    case PROP_DIM: g_value_set_int (value, self->dim); break;
    case PROP_TARGET:
      g_value_set_string (value, self->imported ? "data" : self->target_name);
      break;
    case PROP_SAMPLES: g_value_set_uint (value, self->samples); break;
    case PROP_NOISE: g_value_set_double (value, self->noise); break;
    case PROP_DATA_SEED: g_value_set_uint64 (value, self->data_seed); break;
    case PROP_WIDTH: g_value_set_int (value, self->width); break;
    case PROP_INIT: g_value_set_string (value, self->init_name); break;
    case PROP_INIT_SEED: g_value_set_uint64 (value, self->init_seed); break;
    case PROP_LOSS: g_value_set_string (value, self->loss_name); break;
    case PROP_OPTIMIZER: g_value_set_string (value, self->optimizer_name); break;
    case PROP_LR: g_value_set_double (value, self->lr); break;
    case PROP_MOMENTUM: g_value_set_double (value, self->momentum); break;
    case PROP_BATCH: g_value_set_uint (value, self->batch); break;
    case PROP_WEIGHT_DECAY: g_value_set_double (value, self->weight_decay); break;
    case PROP_SPEED: g_value_set_double (value, self->speed); break;
    case PROP_RESTRICTED: g_value_set_boolean (value, self->restricted); break;
    case PROP_MODIFIED: g_value_set_boolean (value, self->modified); break;
    case PROP_RUNNING: g_value_set_boolean (value, s && s->running); break;
    case PROP_STEP: g_value_set_uint64 (value, s ? s->step : 0); break;
    case PROP_LOSS_VALUE: g_value_set_double (value, s ? s->loss : NAN); break;
    case PROP_STEPS_PER_SECOND:
      g_value_set_double (value, s ? s->steps_per_second : 0.0);
      break;
    case PROP_STATUS_TEXT:
      if (!s)
        g_value_set_string (value, "starting");
      else if (s->status == SHL_STATUS_DIVERGED)
        g_value_set_string (value, s->message);
      else
        g_value_set_string (value, s->running ? "running" : "paused");
      break;
    case PROP_DIVERGED:
      g_value_set_boolean (value, s && s->status == SHL_STATUS_DIVERGED);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
shl_sim_dispose (GObject *object)
{
  ShlSim *self = SHL_SIM (object);
  self->disposed = TRUE;
  if (self->reset_idle)
    {
      g_source_remove (self->reset_idle);
      self->reset_idle = 0;
    }
  if (self->land_cancel)
    g_cancellable_cancel (self->land_cancel);
  g_clear_pointer (&self->runner, shl_runner_free);
  g_clear_object (&self->actions);
  G_OBJECT_CLASS (shl_sim_parent_class)->dispose (object);
}

static void
shl_sim_finalize (GObject *object)
{
  ShlSim *self = SHL_SIM (object);
  g_free (self->target_name);
  g_free (self->init_name);
  g_free (self->loss_name);
  g_free (self->optimizer_name);
  g_free (self->imported_name);
  shl_data_free (self->imported);
  shl_net_free (self->loaded);
  shl_net_free (self->twin);
  shl_net_free (self->scrub_net);
  shl_target_free (self->target);
  shl_data_free (self->data);
  shl_net_free (self->net0);
  if (self->snap)
    shl_snapshot_unref (self->snap);
  g_array_unref (self->hist_step);
  g_array_unref (self->hist_loss);
  g_array_unref (self->hist_theta);
  g_free (self->land_loss);
  g_free (self->land_path);
  G_OBJECT_CLASS (shl_sim_parent_class)->finalize (object);
}

static void
shl_sim_class_init (ShlSimClass *klass)
{
  GObjectClass *oc = G_OBJECT_CLASS (klass);
  oc->set_property = shl_sim_set_property;
  oc->get_property = shl_sim_get_property;
  oc->dispose = shl_sim_dispose;
  oc->finalize = shl_sim_finalize;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  props[PROP_DIM] = g_param_spec_int ("dim", NULL, NULL, 1, 2, 1, rw);
  props[PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, "sine", rw);
  props[PROP_SAMPLES] = g_param_spec_uint ("samples", NULL, NULL, 2, 100000, 128, rw);
  props[PROP_NOISE] = g_param_spec_double ("noise", NULL, NULL, 0, 10, 0.05, rw);
  props[PROP_DATA_SEED] = g_param_spec_uint64 ("data-seed", NULL, NULL, 0, G_MAXUINT32, 1, rw);
  props[PROP_WIDTH] = g_param_spec_int ("width", NULL, NULL, 1, 4096, 12, rw);
  props[PROP_INIT] = g_param_spec_string ("init", NULL, NULL, "he", rw);
  props[PROP_INIT_SEED] = g_param_spec_uint64 ("init-seed", NULL, NULL, 0, G_MAXUINT32, 1, rw);
  props[PROP_LOSS] = g_param_spec_string ("loss", NULL, NULL, "mse", rw);
  props[PROP_OPTIMIZER] = g_param_spec_string ("optimizer", NULL, NULL, "adam", rw);
  props[PROP_LR] = g_param_spec_double ("lr", NULL, NULL, 1e-6, 10, 0.01, rw);
  props[PROP_MOMENTUM] = g_param_spec_double ("momentum", NULL, NULL, 0, 0.999, 0.9, rw);
  props[PROP_BATCH] = g_param_spec_uint ("batch", NULL, NULL, 0, 100000, 0, rw);
  props[PROP_WEIGHT_DECAY] = g_param_spec_double ("weight-decay", NULL, NULL, 0, 10, 0, rw);
  props[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0, 1e9, 0, rw);
  props[PROP_RESTRICTED] = g_param_spec_boolean ("restricted", NULL, NULL, FALSE, rw);
  props[PROP_MODIFIED] = g_param_spec_boolean ("modified", NULL, NULL, FALSE, rw);
  props[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  props[PROP_STEP] = g_param_spec_uint64 ("step", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  props[PROP_LOSS_VALUE] = g_param_spec_double ("loss-value", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, ro);
  props[PROP_STEPS_PER_SECOND] = g_param_spec_double ("steps-per-second", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  props[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, ro);
  props[PROP_DIVERGED] = g_param_spec_boolean ("diverged", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (oc, N_PROPS, props);
}

static void
shl_sim_init (ShlSim *self)
{
  self->dim = 1;
  self->target_name = g_strdup ("sine");
  self->samples = 128;
  self->noise = 0.05;
  self->data_seed = 1;
  self->width = 12;
  self->init_name = g_strdup ("he");
  self->init_seed = 1;
  self->loss_name = g_strdup ("mse");
  self->optimizer_name = g_strdup ("adam");
  self->lr = 0.01;
  self->momentum = 0.9;
  self->batch = 0;
  self->weight_decay = 0.0;
  self->speed = 0.0;
  shl_train_opts_init (&self->base_opts);
  shl_view_settings_init (&self->view);
  self->scrub = -1;
  self->hist_step = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->hist_loss = g_array_new (FALSE, FALSE, sizeof (double));
  self->hist_theta = g_array_new (FALSE, FALSE, sizeof (double));
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), sim_actions,
                                   G_N_ELEMENTS (sim_actions), self);
  do_reset (self);
}

ShlSim *
shl_sim_new (void)
{
  return g_object_new (SHL_TYPE_SIM, NULL);
}

GActionGroup *
shl_sim_get_actions (ShlSim *self)
{
  return G_ACTION_GROUP (self->actions);
}

ShlScene *
shl_sim_get_scene (ShlSim *self)
{
  ShlScene *v = &self->scene;
  const ShlSnapshot *snap = self->snap && self->snap->generation == self->generation
                            ? self->snap : NULL;
  v->net = snap ? snap->net : NULL;
  v->step = snap ? snap->step : 0;
  v->loss = snap ? snap->loss : NAN;
  if (self->scrub >= 0 && (guint) self->scrub < self->hist_step->len && self->net0)
    {
      size_t np = self->net0->n_params;
      if (!self->scrub_net || !shl_net_same_shape (self->scrub_net, self->net0))
        {
          shl_net_free (self->scrub_net);
          self->scrub_net = shl_net_copy (self->net0);
        }
      memcpy (self->scrub_net->theta,
              &g_array_index (self->hist_theta, double, (size_t) self->scrub * np),
              np * sizeof (double));
      v->net = self->scrub_net;
      v->step = g_array_index (self->hist_step, guint64, self->scrub);
      v->loss = g_array_index (self->hist_loss, double, self->scrub);
    }
  v->net0 = self->net0;
  v->data = self->data;
  v->target = self->target;
  v->n_hist = self->hist_step->len;
  v->hist_step = (const guint64 *) self->hist_step->data;
  v->hist_loss = (const double *) self->hist_loss->data;
  v->hist_theta = (const double *) self->hist_theta->data;
  v->have_landscape = self->land_loss && self->land_generation == self->generation;
  v->land_n = self->land_n;
  v->land_loss = self->land_loss;
  v->land_span = self->land_span;
  v->land_path = self->land_path;
  v->n_land_path = self->n_land_path;
  v->land_busy = self->land_busy;
  /* progress of full-resolution jobs only (the live ones take a moment) */
  v->land_progress = self->land_busy && self->land_job
                     && ((LandJob *) self->land_job)->n == self->view.landscape_n
                     ? g_atomic_int_get (&((LandJob *) self->land_job)->progress) / 1000.0 : 1.0;
  v->land_step = self->land_step;
  v->land_kind = self->land_kind;
  v->land_explained[0] = self->land_explained[0];
  v->land_explained[1] = self->land_explained[1];
  v->land_neuron = self->view.orbit_neuron;
  v->twin = self->twin;
  v->show_neurons = self->view.show_neurons;
  v->traj_view = self->view.traj_view;
  v->land_paths = self->view.landscape_paths;
  if (!(v->move_t > 0))
    v->move_t = 1.0;
  v->land_linear = self->view.landscape_linear;
  shl_loss_from_name (self->loss_name, &v->loss_kind);
  v->grad_view = self->view.grad_view;
  return v;
}

void
shl_sim_get_opts (ShlSim *self, ShlTrainOpts *opts)
{
  fill_opts (self, opts);
}

guint
shl_sim_get_history_length (ShlSim *self)
{
  return self->hist_step->len;
}

gboolean
shl_sim_take_dirty (ShlSim *self)
{
  gboolean d = self->dirty;
  self->dirty = FALSE;
  return d;
}

gboolean
shl_sim_import_data (ShlSim *self, const char *path, GError **error)
{
  ShlData *data = shl_data_load_csv (path, error);
  if (!data)
    return FALSE;
  shl_data_free (self->imported);
  self->imported = data;
  g_free (self->imported_name);
  self->imported_name = g_path_get_basename (path);
  if (self->dim != data->d)
    {
      self->dim = data->d;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIM]);
    }
  const char *loss = data->classification ? "logistic" : "mse";
  g_free (self->loss_name);
  self->loss_name = g_strdup (loss);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOSS]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TARGET]);
  do_reset (self);
  return TRUE;
}

gboolean
shl_sim_load_network (ShlSim *self, const char *path, GError **error)
{
  ShlNet *net = shl_net_load_json (path, error);
  if (!net)
    return FALSE;
  shl_net_free (self->loaded);
  self->loaded = net;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->dim != net->d)
    {
      self->dim = net->d;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIM]);
      const ShlTargetInfo *info = shl_target_lookup (self->target_name);
      if (!info || info->d != net->d)
        {
          g_free (self->target_name);
          self->target_name = g_strdup (default_target (net->d));
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TARGET]);
        }
    }
  if (self->width != net->m)
    {
      self->width = net->m;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WIDTH]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  /* the notifications above scheduled a reset; do it now */
  if (self->reset_idle)
    {
      g_source_remove (self->reset_idle);
      self->reset_idle = 0;
    }
  do_reset (self);
  return TRUE;
}

void
shl_sim_sync (ShlSim *self)
{
  if (self->reset_idle)
    {
      g_source_remove (self->reset_idle);
      self->reset_idle = 0;
      do_reset (self);
    }
  shl_runner_sync (self->runner);
  on_engine (self);
}

ShlViewSettings *
shl_sim_get_view_settings (ShlSim *self)
{
  return &self->view;
}

void
shl_sim_set_modified (ShlSim *self, gboolean modified)
{
  if (self->modified == modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MODIFIED]);
}

ShlSession *
shl_sim_to_session (ShlSim *self)
{
  ShlTrainerState *state = shl_runner_get_state (self->runner);
  on_engine (self);   /* the history up to that state */
  ShlSession *ss = shl_session_new ();
  ss->dim = self->data->d;
  memcpy (ss->lo, self->data->lo, sizeof ss->lo);
  memcpy (ss->hi, self->data->hi, sizeof ss->hi);
  if (self->imported)
    ss->points = shl_data_copy (self->data);
  else
    {
      ss->target = g_strdup (self->target_name);
      ss->samples = self->samples;
      ss->noise = self->noise;
      ss->data_seed = self->data_seed;
    }
  gboolean from_file = self->loaded && self->loaded->d == self->dim && self->loaded->m == self->width;
  ss->init_scheme = g_strdup (from_file ? "file" : self->init_name);
  ss->init_seed = self->init_seed;
  ss->net0 = shl_net_copy (self->net0);
  fill_opts (self, &ss->opts);
  ss->state = state;
  size_t np = self->net0->n_params;
  shl_history_reset (ss->history, np);
  for (guint k = 0; k < self->hist_step->len; k++)
    shl_history_append (ss->history, g_array_index (self->hist_step, guint64, k),
                        g_array_index (self->hist_loss, double, k),
                        &g_array_index (self->hist_theta, double, (size_t) k * np));
  ss->view_json = shl_view_settings_to_json (&self->view);
  ss->twin = self->twin ? shl_net_copy (self->twin) : NULL;
  return ss;
}

static void
replace_string (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

gboolean
shl_sim_load_session (ShlSim *self, const ShlSession *ss, GError **error)
{
  ShlViewSettings view;
  if (!shl_view_settings_from_json (&view, ss->view_json, error))
    return FALSE;
  g_autoptr (ShlData) data = shl_session_make_data (ss, error);
  if (!data)
    return FALSE;
  /* the engine must accept it before anything changes */
  if (!shl_runner_reset_with_state (self->runner, ss->net0, data, &ss->opts, ss->state))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "the session's network, data and optimiser state do not fit together");
      return FALSE;
    }
  /* the reset above was sent; now mirror the session in the settings
   * without scheduling another one */
  g_object_freeze_notify (G_OBJECT (self));
  self->dim = ss->dim;
  shl_data_free (self->imported);
  self->imported = ss->points ? shl_data_copy (ss->points) : NULL;
  if (ss->target)
    {
      replace_string (&self->target_name, ss->target);
      self->samples = ss->samples;
      self->noise = ss->noise;
      self->data_seed = ss->data_seed;
    }
  self->width = ss->net0->m;
  shl_net_free (self->loaded);
  self->loaded = shl_net_copy (ss->net0);
  if (ss->init_scheme && !g_str_equal (ss->init_scheme, "file"))
    replace_string (&self->init_name, ss->init_scheme);
  self->init_seed = ss->opts.seed;
  self->base_opts = ss->opts;
  replace_string (&self->optimizer_name, shl_optimizer_name (ss->opts.optimizer));
  replace_string (&self->loss_name, shl_loss_name (ss->opts.loss));
  self->lr = ss->opts.lr;
  self->momentum = ss->opts.momentum;
  self->batch = (guint) ss->opts.batch;
  self->weight_decay = ss->opts.weight_decay;
  self->restricted = ss->opts.restricted;
  self->view = view;
  shl_net_free (self->twin);
  self->twin = ss->twin ? shl_net_copy (ss->twin) : NULL;
  for (int k = PROP_DIM; k <= PROP_RESTRICTED; k++)
    if (k != PROP_SPEED)
      g_object_notify_by_pspec (G_OBJECT (self), props[k]);

  /* the problem as the engine now has it */
  g_clear_pointer (&self->target, shl_target_free);
  g_clear_pointer (&self->data, shl_data_free);
  g_clear_pointer (&self->net0, shl_net_free);
  self->target = shl_session_make_target (ss);
  self->data = g_steal_pointer (&data);
  self->net0 = shl_net_copy (ss->net0);
  self->generation = shl_runner_generation (self->runner);
  if (self->reset_idle)
    {
      g_source_remove (self->reset_idle);
      self->reset_idle = 0;
    }
  clear_history (self);
  self->scrub = -1;
  size_t np = ss->net0->n_params;
  g_array_append_vals (self->hist_step, ss->history->steps, (guint) ss->history->n);
  g_array_append_vals (self->hist_loss, ss->history->loss, (guint) ss->history->n);
  g_array_append_vals (self->hist_theta, ss->history->theta, (guint) (ss->history->n * np));
  if (self->land_cancel)
    g_cancellable_cancel (self->land_cancel);
  self->land_full_done = FALSE;
  self->land_generation = 0;
  self->dirty = TRUE;
  g_object_thaw_notify (G_OBJECT (self));
  shl_runner_sync (self->runner);
  on_engine (self);
  shl_sim_set_modified (self, FALSE);
  return TRUE;
}

const ShlNet *
shl_sim_get_twin (ShlSim *self)
{
  return self->twin;
}

void
shl_sim_set_twin (ShlSim *self, const ShlNet *twin)
{
  shl_net_free (self->twin);
  self->twin = twin ? shl_net_copy (twin) : NULL;
  self->dirty = TRUE;
  shl_sim_set_modified (self, TRUE);
  if (self->view.landscape_dirs == SHL_DIRS_TWIN)
    shl_sim_landscape_changed (self);
}

gboolean
shl_sim_apply_pathology (ShlSim *self, const char *id, double param, GError **error)
{
  ShlNet *gamma = NULL, *g = NULL;
  if (!shl_pathology_build (&gamma, &g, id, param))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "unknown pathology \"%s\"", id ? id : "");
      return FALSE;
    }
  /* the data: g on equispaced points (a grid in 2-D); the published
   * experiment: 1000 uniform points, trained in batches of 10 */
  ShlData *data;
  gboolean experiment = g_str_equal (id, "experiment");
  if (experiment)
    {
      data = shl_data_new (1, 1000, g->lo, g->hi);
      ShlRng rng;
      shl_rng_seed (&rng, self->data_seed);
      for (size_t k = 0; k < 1000; k++)
        data->x[k] = shl_rng_range (&rng, g->lo[0], g->hi[0]);
    }
  else if (g->d == 1)
    {
      data = shl_data_new (1, 128, g->lo, g->hi);
      for (size_t k = 0; k < 128; k++)
        data->x[k] = g->lo[0] + (g->hi[0] - g->lo[0]) * (double) k / 127.0;
    }
  else
    {
      data = shl_data_new (2, 144, g->lo, g->hi);
      for (size_t k = 0; k < 144; k++)
        {
          data->x[2 * k] = g->lo[0] + (g->hi[0] - g->lo[0]) * (double) (k % 12) / 11.0;
          data->x[2 * k + 1] = g->lo[1] + (g->hi[1] - g->lo[1]) * (double) (k / 12) / 11.0;
        }
    }
  shl_net_eval (data->y, NULL, g, data->x, data->n);
  shl_data_free (self->imported);
  self->imported = data;
  shl_net_free (self->loaded);
  self->loaded = gamma;
  shl_net_free (self->twin);
  self->twin = g;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->dim != gamma->d)
    {
      self->dim = gamma->d;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIM]);
    }
  if (self->width != gamma->m)
    {
      self->width = gamma->m;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WIDTH]);
    }
  if (g_strcmp0 (self->loss_name, "mse") != 0)
    {
      g_free (self->loss_name);
      self->loss_name = g_strdup ("mse");
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOSS]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TARGET]);
  if (experiment)
    {
      /* its optimiser: SGD with momentum 0.9, lr 1e-3, batches of 10 */
      g_free (self->optimizer_name);
      self->optimizer_name = g_strdup ("momentum");
      self->lr = 1e-3;
      self->momentum = 0.9;
      self->batch = 10;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_OPTIMIZER]);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LR]);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MOMENTUM]);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BATCH]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  if (self->reset_idle)
    {
      g_source_remove (self->reset_idle);
      self->reset_idle = 0;
    }
  do_reset (self);
  shl_sim_set_modified (self, TRUE);
  return TRUE;
}

void
shl_sim_landscape_changed (ShlSim *self)
{
  if (self->land_cancel)
    g_cancellable_cancel (self->land_cancel);
  self->land_full_done = FALSE;
  self->land_step = G_MAXUINT64;
  self->land_last = 0;
  shl_sim_set_modified (self, TRUE);
  maybe_start_landscape (self);
}

void
shl_sim_set_scrub (ShlSim *self, int index)
{
  if (index >= (int) self->hist_step->len)
    index = -1;
  self->scrub = index;
  self->dirty = TRUE;
}

int
shl_sim_get_scrub (ShlSim *self)
{
  return self->scrub;
}

gboolean
shl_sim_transform (ShlSim *self, const char *op, GError **error)
{
  const ShlNet *src = self->snap && self->snap->generation == self->generation
                      ? self->snap->net : self->net0;
  if (!src)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "no network yet");
      return FALSE;
    }
  ShlNet *out = NULL;
  if (g_str_equal (op, "balance"))
    {
      out = shl_net_copy (src);
      shl_net_balance (out);
    }
  else if (g_str_has_prefix (op, "balance-"))
    {
      /* one neuron */
      int i = atoi (op + 8);
      if (i >= 0 && i < src->m)
        {
          out = shl_net_copy (src);
          shl_net_balance_neuron (out, i);
        }
    }
  else if (g_str_has_prefix (op, "rescale-"))
    {
      /* "rescale-I-LAMBDA" */
      char *end = NULL;
      long i = strtol (op + 8, &end, 10);
      double lam = end && *end == '-' ? g_ascii_strtod (end + 1, NULL) : 0;
      if (i >= 0 && i < src->m && lam > 0 && isfinite (lam))
        {
          out = shl_net_copy (src);
          shl_net_rescale_neuron (out, (int) i, lam);
        }
    }
  else if (g_str_equal (op, "reverse"))
    {
      out = shl_net_copy (src);
      for (int i = 0; i < out->m / 2; i++)
        shl_net_swap_neurons (out, i, out->m - 1 - i);
    }
  else if (g_str_equal (op, "canonical"))
    out = shl_canonicalize (src, src->m);
  else if (g_str_has_prefix (op, "canon-"))
    {
      int step = atoi (op + 6);
      if (step >= 1 && step <= SHL_CANON_N_STEPS)
        out = shl_canon_step (src, (ShlCanonStep) step, step == SHL_CANON_ORDER_PAD ? src->m : -1);
    }
  if (!out)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "cannot apply \"%s\" to this network", op);
      return FALSE;
    }
  shl_net_free (self->twin);
  self->twin = shl_net_copy (src);
  shl_net_free (self->loaded);
  self->loaded = out;
  if (self->width != out->m)
    {
      self->width = out->m;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WIDTH]);
    }
  if (self->reset_idle)
    {
      g_source_remove (self->reset_idle);
      self->reset_idle = 0;
    }
  do_reset (self);
  shl_sim_set_modified (self, TRUE);
  return TRUE;
}
