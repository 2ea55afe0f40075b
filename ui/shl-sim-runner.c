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

  ShlDataRecipe dr;
  shl_data_recipe_init (&dr);
  dr.dim = self->dim;
  if (self->imported && self->imported->d == self->dim)
    dr.points = self->imported;
  else
    {
      const ShlTargetInfo *info = shl_target_lookup (self->target_name);
      if (!info || info->d != self->dim)
        shl_sim_replace_string (&self->target_name, shl_sim_default_target (self->dim));
      dr.target = self->target_name;
      dr.samples = self->samples;
      dr.noise = self->noise;
      dr.seed = self->data_seed;
    }
  ShlNetRecipe nr;
  shl_net_recipe_init (&nr);
  if (self->loaded && self->loaded->d == self->dim && self->loaded->m == self->width)
    nr.net = self->loaded;
  nr.width = self->width;
  nr.scheme = SHL_INIT_HE;
  shl_init_scheme_from_name (self->init_name, &nr.scheme);
  nr.seed = self->init_seed;
  ShlProblem p;
  ShlProblemStatus st = shl_problem_build (&p, &dr, &nr);
  /* the settings are validated by their properties: a failure here is a
   * programming error */
  if (st != SHL_PROBLEM_OK)
    g_error ("cannot build the problem: %s", shl_problem_status_message (st));
  self->data = p.data;
  self->target = p.target;
  self->net0 = p.net0;
}

/* ------------------------------------------------------------ history */

void
shl_sim_clear_history (ShlSim *self)
{
  shl_history_reset (self->history, self->net0 ? self->net0->n_params : 0);
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
  /* the runner hands over the points of the latest generation only */
  ShlSnapshot *s = shl_runner_take (self->runner, self->net0 ? self->history : NULL);
  /* drop what another generation sent */
  if (s && s->generation != self->generation)
    g_clear_pointer (&s, shl_snapshot_unref);
  /* a point taken just before training diverged */
  if (s && s->status == SHL_STATUS_DIVERGED)
    {
      shl_history_truncate_after (self->history, s->step);
      shl_timeline_truncate_after (self->timeline, s->step);
    }
  while (self->history->n > SHL_SIM_HISTORY_CAP)
    shl_history_thin_half (self->history);
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
  if (self->snap && self->snap->generation == self->generation)
    return self->snap->net;
  return self->start_net ? self->start_net : self->net0;
}

guint64
shl_sim_current_step (ShlSim *self)
{
  if (self->snap && self->snap->generation == self->generation)
    return self->snap->step;
  return self->start_net ? self->start_step : 0;
}

void
shl_sim_set_start (ShlSim *self, ShlNet *net, guint64 step)
{
  shl_net_free (self->start_net);
  self->start_net = net;
  self->start_step = step;
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
  shl_sim_set_start (self, NULL, 0);
  shl_timeline_reset (self->timeline, self->net0->n_params);
  shl_sim_timeline_changed (self);
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
  memcpy (self->scrub_net->theta, shl_history_theta_at (self->history, (size_t) self->scrub),
          np * sizeof (double));
  v->net = self->scrub_net;
  v->step = self->history->steps[self->scrub];
  v->loss = self->history->loss[self->scrub];
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
  v->net = snap ? snap->net : self->start_net;
  v->step = snap ? snap->step : self->start_step;
  v->loss = snap ? snap->loss : NAN;
  if (self->scrub >= 0 && (size_t) self->scrub < self->history->n && self->net0)
    scene_scrubbed (self, v);
  v->net0 = self->net0;
  v->max_cells = SHL_SCENE_MAX_CELLS_LIVE;
  v->data = self->data;
  v->target = self->target;
  v->n_hist = (guint) self->history->n;
  v->hist_step = self->history->steps;
  v->hist_loss = self->history->loss;
  v->hist_theta = self->history->theta;
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
  shl_sim_scene_moves (self, v);
  return v;
}

void
shl_sim_set_scrub (ShlSim *self, int index)
{
  g_return_if_fail (SHL_IS_SIM (self));
  if (index >= 0 && (size_t) index >= self->history->n)
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
  return (guint) self->history->n;
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
  self->history = shl_history_new (0);
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
  shl_net_free (self->start_net);
  shl_target_free (self->target);
  shl_data_free (self->data);
  shl_net_free (self->net0);
  if (self->snap)
    shl_snapshot_unref (self->snap);
  shl_history_free (self->history);
}

void
shl_sim_continue_from (ShlSim *self, guint gen, ShlNet *net, guint64 step)
{
  self->generation = gen;
  if (step == 0)
    shl_sim_clear_history (self);
  else
    shl_history_truncate_after (self->history, step - 1);
  shl_timeline_truncate_after (self->timeline, step);
  shl_sim_timeline_changed (self);
  shl_sim_set_start (self, net, step);
  self->scrub = -1;
  shl_sim_landscape_invalidate (self);
  self->dirty = TRUE;
  shl_sim_set_modified (self, TRUE);
}
