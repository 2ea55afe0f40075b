/* shl-sim-runner.c: the sim's engine thread (see shl-sim-private.h).
 *
 * Builds the problem from the settings, restarts the engine (ShlRunner) in
 * a new generation on every reset, sends optimiser settings, collects the
 * snapshots and the recorded history the engine publishes (dropping what
 * an older generation sent), and assembles the scene the panels draw. */
#include "shl-sim-private.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------ problem */

const char *
shl_sim_default_target (int dim)
{
  return dim == 1 ? "sine" : "bump";
}

void
shl_sim_fill_opts (ShlSim *self, ShlTrainOpts *o)
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

void
shl_sim_take_loaded (ShlSim *self, ShlNet *net, gboolean made_by_init)
{
  shl_net_free (self->loaded);
  self->loaded = net;
  self->loaded_by_init = net && made_by_init;
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
        shl_sim_replace_string (&self->target_name, shl_sim_default_target (self->dim));
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

/* ------------------------------------------------------------ history */

void
shl_sim_clear_history (ShlSim *self)
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

/* append the points of this generation that are newer than the last one */
static void
append_history (ShlSim *self, GPtrArray *hist)
{
  if (!self->net0)
    return;
  size_t np = self->net0->n_params;
  for (guint k = 0; k < hist->len; k++)
    {
      ShlHistoryPoint *p = g_ptr_array_index (hist, k);
      guint n = self->hist_step->len;
      if (p->generation != self->generation
          || (n > 0 && p->step <= g_array_index (self->hist_step, guint64, n - 1)))
        continue;
      g_array_append_val (self->hist_step, p->step);
      g_array_append_val (self->hist_loss, p->loss);
      g_array_append_vals (self->hist_theta, p->theta, (guint) np);
    }
  if (self->hist_step->len > SHL_SIM_HISTORY_CAP)
    thin_history (self, np);
}

/* ----------------------------------------------------------- snapshots */

/* the read-only properties that follow the snapshot */
static void
notify_snapshot (ShlSim *self, const ShlSnapshot *s)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (s->running != self->last_running)
    {
      self->last_running = s->running;
      GAction *a = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "running");
      g_simple_action_set_state (G_SIMPLE_ACTION (a), g_variant_new_boolean (s->running));
      shl_sim_notify (self, PROP_RUNNING);
    }
  if (s->step != self->last_step)
    {
      self->last_step = s->step;
      shl_sim_notify (self, PROP_STEP);
      if (s->step > 0)
        shl_sim_set_modified (self, TRUE);
    }
  shl_sim_notify (self, PROP_LOSS_VALUE);
  shl_sim_notify (self, PROP_STEPS_PER_SECOND);
  shl_sim_notify (self, PROP_STATUS_TEXT);
  shl_sim_notify (self, PROP_DIVERGED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
shl_sim_collect (ShlSim *self)
{
  GPtrArray *hist = NULL;
  ShlSnapshot *s = shl_runner_take (self->runner, &hist);
  /* drop what another generation recorded */
  if (s && s->generation != self->generation)
    g_clear_pointer (&s, shl_snapshot_unref);
  if (hist)
    {
      append_history (self, hist);
      g_ptr_array_unref (hist);
    }
  if (!s)
    return;
  if (self->snap)
    shl_snapshot_unref (self->snap);
  self->snap = s;
  self->dirty = TRUE;
  notify_snapshot (self, s);
  shl_sim_landscape_maybe_start (self);
}

/* the runner's wake-up, on the main context */
static void
on_engine (gpointer data)
{
  shl_sim_collect (data);
}

const ShlNet *
shl_sim_current_net (ShlSim *self)
{
  return self->snap && self->snap->generation == self->generation
         ? self->snap->net : self->net0;
}

/* -------------------------------------------------------------- resets */

static void
do_reset (ShlSim *self)
{
  build_problem (self);
  ShlTrainOpts opts;
  shl_sim_fill_opts (self, &opts);
  if (opts.loss == SHL_LOSS_LOGISTIC && !shl_data_labels_binary (self->data))
    {
      shl_sim_replace_string (&self->loss_name, "mse");
      opts.loss = SHL_LOSS_MSE;
      shl_sim_notify (self, PROP_LOSS);
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
  shl_sim_clear_history (self);
  self->scrub = -1;
  shl_sim_landscape_invalidate (self);
  self->dirty = TRUE;
}

void
shl_sim_cancel_scheduled_reset (ShlSim *self)
{
  g_clear_handle_id (&self->reset_idle, g_source_remove);
}

void
shl_sim_reset_now (ShlSim *self)
{
  shl_sim_cancel_scheduled_reset (self);
  do_reset (self);
}

static gboolean
reset_idle_cb (gpointer data)
{
  ShlSim *self = data;
  self->reset_idle = 0;
  do_reset (self);
  return G_SOURCE_REMOVE;
}

void
shl_sim_schedule_reset (ShlSim *self)
{
  if (!self->reset_idle)
    self->reset_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, reset_idle_cb, self, NULL);
}

void
shl_sim_apply_opts (ShlSim *self)
{
  if (!self->runner)
    return;
  ShlTrainOpts opts;
  shl_sim_fill_opts (self, &opts);
  shl_runner_set_opts (self->runner, &opts);
}

void
shl_sim_sync (ShlSim *self)
{
  g_return_if_fail (SHL_IS_SIM (self));
  if (self->reset_idle)
    shl_sim_reset_now (self);
  shl_runner_sync (self->runner);
  shl_sim_collect (self);
}

/* --------------------------------------------------------------- scene */

/* the recorded point the scrubber shows, into the scene */
static void
scene_scrubbed (ShlSim *self, ShlScene *v)
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

static void
scene_landscape (ShlSim *self, ShlScene *v)
{
  v->have_landscape = self->land_loss && self->land_generation == self->generation;
  v->land_n = self->land_n;
  v->land_loss = self->land_loss;
  v->land_span = self->land_span;
  v->land_path = self->land_path;
  v->n_land_path = self->n_land_path;
  v->land_busy = self->land_busy;
  v->land_progress = shl_sim_landscape_progress (self);
  v->land_step = self->land_step;
  v->land_kind = self->land_kind;
  v->land_explained[0] = self->land_explained[0];
  v->land_explained[1] = self->land_explained[1];
  v->land_neuron = self->view.orbit_neuron;
}

ShlScene *
shl_sim_get_scene (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), NULL);
  ShlScene *v = &self->scene;
  const ShlSnapshot *snap = self->snap && self->snap->generation == self->generation
                            ? self->snap : NULL;
  v->net = snap ? snap->net : NULL;
  v->step = snap ? snap->step : 0;
  v->loss = snap ? snap->loss : NAN;
  if (self->scrub >= 0 && (guint) self->scrub < self->hist_step->len && self->net0)
    scene_scrubbed (self, v);
  v->net0 = self->net0;
  v->data = self->data;
  v->target = self->target;
  v->n_hist = self->hist_step->len;
  v->hist_step = (const guint64 *) self->hist_step->data;
  v->hist_loss = (const double *) self->hist_loss->data;
  v->hist_theta = (const double *) self->hist_theta->data;
  scene_landscape (self, v);
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
shl_sim_set_scrub (ShlSim *self, int index)
{
  g_return_if_fail (SHL_IS_SIM (self));
  if (index >= (int) self->hist_step->len)
    index = -1;
  self->scrub = index;
  self->dirty = TRUE;
}

int
shl_sim_get_scrub (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), -1);
  return self->scrub;
}

guint
shl_sim_get_history_length (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), 0);
  return self->hist_step->len;
}

void
shl_sim_get_opts (ShlSim *self, ShlTrainOpts *opts)
{
  g_return_if_fail (SHL_IS_SIM (self));
  g_return_if_fail (opts != NULL);
  shl_sim_fill_opts (self, opts);
}

/* ----------------------------------------------------------- lifecycle */

void
shl_sim_runner_init (ShlSim *self)
{
  self->scrub = -1;
  self->hist_step = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->hist_loss = g_array_new (FALSE, FALSE, sizeof (double));
  self->hist_theta = g_array_new (FALSE, FALSE, sizeof (double));
}

void
shl_sim_runner_dispose (ShlSim *self)
{
  shl_sim_cancel_scheduled_reset (self);
  /* stops and joins the engine thread; no wake-up runs after this */
  g_clear_pointer (&self->runner, shl_runner_free);
}

void
shl_sim_runner_finalize (ShlSim *self)
{
  shl_net_free (self->scrub_net);
  shl_target_free (self->target);
  shl_data_free (self->data);
  shl_net_free (self->net0);
  if (self->snap)
    shl_snapshot_unref (self->snap);
  g_array_unref (self->hist_step);
  g_array_unref (self->hist_loss);
  g_array_unref (self->hist_theta);
}
