/* shl-sim-moves.c: the pathology presets as a mode, typed symmetry moves
 * as events on the training timeline, and the twin (see shl-sim.h,
 * shl-sim-private.h).
 *
 * A preset replaces the problem (Γ at step 0, g the twin, g's points as
 * data, the preset's view) and keeps the user's problem to restore when
 * the preset is left. A move replaces the network training continues
 * from at the same step; the timeline keeps the network before it (the
 * ghost), and the twin is not touched, so the readouts still compare with
 * the preset's g. */
#include "shl-sim-private.h"

#include <math.h>
#include <string.h>

#include "shl-io.h"
#include "shl-pathology.h"
#include "shl-view-recipe.h"

/* --------------------------------------------------------------- twin */

const ShlNet *
shl_sim_get_twin (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), NULL);
  return self->twin;
}

void
shl_sim_set_twin (ShlSim *self, const ShlNet *twin)
{
  g_return_if_fail (SHL_IS_SIM (self));
  shl_sim_undo_checkpoint (self, twin ? "set the twin" : "clear the twin");
  ShlNet *copy = twin ? shl_net_copy (twin) : NULL;
  shl_net_free (self->twin);
  self->twin = copy;
  self->dirty = TRUE;
  shl_sim_set_modified (self, TRUE);
  if (self->view.landscape_dirs == SHL_DIRS_TWIN)
    shl_sim_landscape_changed (self);
}

/* ------------------------------------------------------------ presets */

struct _ShlSimPreset {
  char           *id;
  double          param;
  /* the user's problem from before the preset */
  int             dim;
  char           *target_name;
  guint           samples;
  double          noise;
  guint64         data_seed;
  int             width;
  char           *init_name;
  guint64         init_seed;
  char           *loss_name;
  char           *optimizer_name;
  double          lr, momentum, weight_decay;
  guint           batch;
  gboolean        restricted;
  ShlData        *imported;
  char           *imported_name;
  ShlNet         *loaded;
  gboolean        loaded_by_init;
  ShlNet         *twin;
  ShlViewSettings view;
};

static void
preset_free (ShlSimPreset *p)
{
  if (!p)
    return;
  g_free (p->id);
  g_free (p->target_name);
  g_free (p->init_name);
  g_free (p->loss_name);
  g_free (p->optimizer_name);
  shl_data_free (p->imported);
  g_free (p->imported_name);
  shl_net_free (p->loaded);
  shl_net_free (p->twin);
  g_free (p);
}

/* the user's problem, kept to restore */
static ShlSimPreset *
preset_stash (ShlSim *self)
{
  ShlSimPreset *p = g_new0 (ShlSimPreset, 1);
  p->dim = self->dim;
  p->target_name = g_strdup (self->target_name);
  p->samples = self->samples;
  p->noise = self->noise;
  p->data_seed = self->data_seed;
  p->width = self->width;
  p->init_name = g_strdup (self->init_name);
  p->init_seed = self->init_seed;
  p->loss_name = g_strdup (self->loss_name);
  p->optimizer_name = g_strdup (self->optimizer_name);
  p->lr = self->lr;
  p->momentum = self->momentum;
  p->weight_decay = self->weight_decay;
  p->batch = self->batch;
  p->restricted = self->restricted;
  p->imported = self->imported ? shl_data_copy (self->imported) : NULL;
  p->imported_name = g_strdup (self->imported_name);
  p->loaded = self->loaded ? shl_net_copy (self->loaded) : NULL;
  p->loaded_by_init = self->loaded_by_init;
  p->twin = self->twin ? shl_net_copy (self->twin) : NULL;
  p->view = self->view;
  return p;
}

/* the optimiser settings of the stash (a preset starts from the user's) */
static void
restore_optimizer (ShlSim *self, const ShlSimPreset *p)
{
  shl_sim_replace_string (&self->optimizer_name, p->optimizer_name);
  self->lr = p->lr;
  self->momentum = p->momentum;
  self->weight_decay = p->weight_decay;
  self->batch = p->batch;
  self->restricted = p->restricted;
}

/* the problem settings of the stash (the properties; no reset) */
static void
restore_problem (ShlSim *self, ShlSimPreset *p)
{
  self->dim = p->dim;
  shl_sim_replace_string (&self->target_name, p->target_name);
  self->samples = p->samples;
  self->noise = p->noise;
  self->data_seed = p->data_seed;
  self->width = p->width;
  shl_sim_replace_string (&self->init_name, p->init_name);
  self->init_seed = p->init_seed;
  shl_sim_replace_string (&self->loss_name, p->loss_name);
  restore_optimizer (self, p);
  shl_data_free (self->imported);
  self->imported = g_steal_pointer (&p->imported);
  g_free (self->imported_name);
  self->imported_name = g_steal_pointer (&p->imported_name);
  shl_sim_take_loaded (self, g_steal_pointer (&p->loaded), p->loaded_by_init);
  shl_net_free (self->twin);
  self->twin = g_steal_pointer (&p->twin);
  /* the view as it was, but the landscape's seed and resolution as now */
  guint64 seed = self->view.landscape_seed;
  int n = self->view.landscape_n;
  self->view = p->view;
  self->view.landscape_seed = seed;
  self->view.landscape_n = n;
}

static void
notify_problem (ShlSim *self)
{
  for (guint k = PROP_DIM; k <= PROP_RESTRICTED; k++)
    if (k != PROP_SPEED)
      shl_sim_notify (self, k);
  shl_sim_notify (self, PROP_PRESET);
}

/* the label of the data: the preset's g, or a file's name */
static void
set_data_label (ShlSim *self, const char *label)
{
  shl_sim_replace_string (&self->data_label, label);
}

gboolean
shl_sim_apply_pathology (ShlSim *self, const char *id, double param, GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  const ShlPathology *info = id ? shl_pathology_lookup (id) : NULL;
  ShlNet *gamma = NULL, *g = NULL;
  if (!info || !shl_pathology_build (&gamma, &g, id, param))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "unknown pathology \"%s\"", id ? id : "");
      return FALSE;
    }
  param = shl_pathology_clamp (info, param);
  g_autofree char *undo_label = g_strdup_printf ("preset %s", id);
  shl_sim_undo_checkpoint_setting (self, undo_label);
  gboolean same_preset = self->preset && g_str_equal (self->preset->id, id);
  if (!self->preset)
    self->preset = preset_stash (self);
  g_free (self->preset->id);
  self->preset->id = g_strdup (id);
  self->preset->param = param;

  shl_data_free (self->imported);
  self->imported = shl_pathology_data (id, g, self->data_seed);
  g_free (self->imported_name);
  self->imported_name = NULL;
  g_autofree char *label = g_strdup_printf ("g of %s (preset)", info->short_name);
  set_data_label (self, label);
  shl_sim_take_loaded (self, gamma, FALSE);
  shl_net_free (self->twin);
  self->twin = g;

  g_object_freeze_notify (G_OBJECT (self));
  self->dim = gamma->d;
  self->width = gamma->m;
  shl_sim_replace_string (&self->loss_name, "mse");
  /* each preset starts from the user's optimiser; the experiment has its
   * own */
  restore_optimizer (self, self->preset);
  ShlTrainOpts o;
  shl_sim_fill_opts (self, &o);
  if (shl_pathology_train_opts (id, &o))
    {
      shl_sim_replace_string (&self->optimizer_name, shl_optimizer_name (o.optimizer));
      self->lr = o.lr;
      self->momentum = o.momentum;
      self->batch = (guint) o.batch;
    }
  /* the view: the preset's recipe; the same preset at another parameter
   * keeps what the user changed and updates what depends on it */
  if (same_preset)
    {
      ShlViewSettings fresh = self->view;
      shl_view_recipe_for_preset (&fresh, id, param);
      memcpy (self->view.recipe.kink_x, fresh.recipe.kink_x, sizeof fresh.recipe.kink_x);
      g_strlcpy (self->view.preset, id, sizeof self->view.preset);
      self->view.preset_param = param;
    }
  else
    shl_view_recipe_for_preset (&self->view, id, param);
  notify_problem (self);
  g_object_thaw_notify (G_OBJECT (self));
  shl_sim_reset_now (self);
  shl_sim_set_modified (self, TRUE);
  return TRUE;
}

static void
leave (ShlSim *self)
{
  ShlSimPreset *p = g_steal_pointer (&self->preset);
  restore_problem (self, p);
  set_data_label (self, NULL);
  preset_free (p);
  self->view.preset[0] = '\0';
  self->view.preset_param = NAN;
}

void
shl_sim_leave_pathology (ShlSim *self)
{
  g_return_if_fail (SHL_IS_SIM (self));
  if (!self->preset)
    return;
  shl_sim_undo_checkpoint (self, "leave the preset");
  g_object_freeze_notify (G_OBJECT (self));
  leave (self);
  notify_problem (self);
  g_object_thaw_notify (G_OBJECT (self));
  shl_sim_reset_now (self);
  shl_sim_set_modified (self, TRUE);
}

void
shl_sim_preset_drop (ShlSim *self)
{
  g_clear_pointer (&self->preset, preset_free);
  set_data_label (self, NULL);
  self->view.preset[0] = '\0';
  self->view.preset_param = NAN;
  shl_sim_notify (self, PROP_PRESET);
}

void
shl_sim_preset_before_change (ShlSim *self, guint prop_id)
{
  if (!self->preset)
    return;
  if (prop_id == PROP_DATA_SEED)
    return;   /* re-applied with the new seed, see shl_sim_set_property */
  /* the change applies to the user's own problem */
  leave (self);
  notify_problem (self);
  shl_sim_schedule_reset (self);
}

void
shl_sim_session_preset (ShlSim *self, const ShlViewSettings *view)
{
  const ShlPathology *info = shl_pathology_lookup (view->preset);
  if (!info)
    {
      g_clear_pointer (&self->preset, preset_free);
      set_data_label (self, NULL);
      shl_sim_notify (self, PROP_PRESET);
      return;
    }
  if (!self->preset)
    self->preset = preset_stash (self);
  g_free (self->preset->id);
  self->preset->id = g_strdup (info->id);
  self->preset->param = view->preset_param;
  g_autofree char *label = g_strdup_printf ("g of %s (preset)", info->short_name);
  set_data_label (self, label);
  shl_sim_notify (self, PROP_PRESET);
}

const char *
shl_sim_get_preset (ShlSim *self, double *param)
{
  g_return_val_if_fail (SHL_IS_SIM (self), NULL);
  if (param)
    *param = self->preset ? self->preset->param : NAN;
  return self->preset ? self->preset->id : NULL;
}

const char *
shl_sim_get_data_label (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), NULL);
  if (self->data_label)
    return self->data_label;
  return self->imported_name ? self->imported_name : "Imported data";
}

/* -------------------------------------------------------------- moves */

/* the plane that shows a move: rescaling and balancing move neurons
 * along their orbits to the diagonal of the balance plane; permutations,
 * merges and the other steps of κ show in the kink plane (1-D) */
static ShlTrajView
plane_of (const ShlMove *m, int d)
{
  if (d == 2)
    return SHL_TRAJ_BALANCE;
  switch (m->kind)
    {
    case SHL_MOVE_BALANCE:
    case SHL_MOVE_BALANCE_NEURON:
    case SHL_MOVE_RESCALE_NEURON:
      return SHL_TRAJ_BALANCE;
    case SHL_MOVE_CANON_STEP:
      return m->step == SHL_CANON_BALANCE ? SHL_TRAJ_BALANCE : SHL_TRAJ_KINKS;
    default:
      return SHL_TRAJ_KINKS;
    }
}

static gboolean
apply_move (ShlSim *self, const ShlMove *move, GError **error)
{
  const ShlNet *src = shl_sim_current_net (self);
  char label[SHL_MOVE_TEXT_MAX], why[SHL_MOVE_TEXT_MAX];
  shl_move_to_label (label, sizeof label, move);
  if (!src)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "%s: no network yet", label);
      return FALSE;
    }
  if (shl_move_check (move, src, why, sizeof why))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "%s: %s", label, why);
      return FALSE;
    }
  ShlNet *out = shl_move_apply_keep_width (move, src);
  if (!out)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: cannot be applied to this network", label);
      return FALSE;
    }

  /* the move happens at the step shown live: training goes on from there */
  guint64 step = shl_sim_current_step (self);
  ShlTrainOpts opts;
  shl_sim_fill_opts (self, &opts);
  guint gen = shl_runner_reset_at_step (self->runner, out, self->data, &opts, step);
  if (!gen || !shl_timeline_append (self->timeline, step, move, src, out))
    {
      shl_net_free (out);
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: the engine did not accept the moved network", label);
      return FALSE;
    }
  self->view.traj_view = plane_of (move, src->d);
  shl_sim_continue_from (self, gen, out, step);
  shl_sim_set_modified (self, TRUE);
  return TRUE;
}

gboolean
shl_sim_apply_move (ShlSim *self, const ShlMove *move, GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  g_return_val_if_fail (move != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (self->reset_idle)
    shl_sim_reset_now (self);
  /* kept before the move reads the network (keeping collects the latest
   * snapshot); forgotten if the move is refused */
  char label[SHL_MOVE_TEXT_MAX];
  shl_move_to_label (label, sizeof label, move);
  gboolean kept = shl_sim_undo_checkpoint (self, label);
  if (apply_move (self, move, error))
    return TRUE;
  if (kept)
    shl_sim_undo_forget_last (self);
  return FALSE;
}

gboolean
shl_sim_transform (ShlSim *self, const char *op, GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  ShlMove move;
  if (!shl_move_from_id (&move, op))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "unknown symmetry move \"%s\"",
                   op ? op : "");
      return FALSE;
    }
  return shl_sim_apply_move (self, &move, error);
}

const ShlTimeline *
shl_sim_get_timeline (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), NULL);
  return self->timeline;
}

const ShlNet *
shl_sim_get_ghost (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), NULL);
  return shl_sim_get_scene (self)->ghost;
}

void
shl_sim_set_highlight (ShlSim *self, int neuron)
{
  g_return_if_fail (SHL_IS_SIM (self));
  int h = neuron >= 0 ? neuron + 1 : 0;
  if (h == self->highlight)
    return;
  self->highlight = h;
  self->dirty = TRUE;
}

int
shl_sim_get_highlight (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), -1);
  return self->highlight - 1;
}

/* ------------------------------------------------------------ scene */

void
shl_sim_timeline_changed (ShlSim *self)
{
  const ShlTimeline *tl = self->timeline;
  g_free (self->ev_steps);
  g_strfreev (self->ev_labels);
  self->ev_steps = g_new (guint64, MAX (tl->n, 1));
  self->ev_labels = g_new0 (char *, tl->n + 1);
  for (size_t k = 0; k < tl->n; k++)
    {
      char buf[SHL_MOVE_TEXT_MAX];
      self->ev_steps[k] = tl->ev[k].step;
      self->ev_labels[k] = g_strdup (shl_move_short_label (buf, sizeof buf, &tl->ev[k].move));
    }
  self->dirty = TRUE;
}

void
shl_sim_scene_moves (ShlSim *self, ShlScene *v)
{
  const ShlTimeline *tl = self->timeline;
  v->n_events = (guint) tl->n;
  v->event_step = self->ev_steps;
  v->event_label = (const char *const *) self->ev_labels;
  v->highlight = self->highlight;
  v->recipe = self->view.recipe;
  v->ghost = NULL;
  v->move_caption = NULL;
  /* the move made at the step shown: its ghost and caption */
  const ShlMoveEvent *e = v->net ? shl_timeline_at (tl, v->step) : NULL;
  if (e && tl->n_params == v->net->n_params)
    {
      if (!self->ghost_net || !shl_net_same_shape (self->ghost_net, v->net))
        {
          shl_net_free (self->ghost_net);
          self->ghost_net = shl_net_copy (v->net);
        }
      memcpy (self->ghost_net->theta, e->before, tl->n_params * sizeof (double));
      char buf[2 * SHL_MOVE_TEXT_MAX];
      shl_move_event_caption (buf, sizeof buf, e);
      shl_sim_replace_string (&self->caption, buf);
      v->ghost = self->ghost_net;
      v->move_caption = self->caption;
    }
}

void
shl_sim_moves_init (ShlSim *self)
{
  self->timeline = shl_timeline_new (0);
  shl_sim_timeline_changed (self);
}

void
shl_sim_moves_finalize (ShlSim *self)
{
  preset_free (self->preset);
  g_free (self->data_label);
  shl_timeline_free (self->timeline);
  g_free (self->ev_steps);
  g_strfreev (self->ev_labels);
  shl_net_free (self->ghost_net);
  g_free (self->caption);
}
