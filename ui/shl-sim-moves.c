/* shl-sim-moves.c: the pathology presets, typed symmetry moves and the
 * twin (see shl-sim.h, shl-sim-private.h).
 *
 * A preset or a move replaces the network training starts from and
 * restarts at step 0; the twin keeps the network compared with (the
 * preset's g, or the network before the move), so the readouts show how
 * the function and the parameters moved. */
#include "shl-sim-private.h"

#include "shl-io.h"
#include "shl-pathology.h"

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
  ShlNet *copy = twin ? shl_net_copy (twin) : NULL;
  shl_net_free (self->twin);
  self->twin = copy;
  self->dirty = TRUE;
  shl_sim_set_modified (self, TRUE);
  if (self->view.landscape_dirs == SHL_DIRS_TWIN)
    shl_sim_landscape_changed (self);
}

/* ------------------------------------------------------------ presets */

/* The data of a preset: g on equispaced points (a 12 x 12 grid in 2-D);
 * the published experiment: 1000 uniform points. */
static ShlData *
preset_data (const ShlNet *g, gboolean experiment, guint64 seed)
{
  ShlData *data;
  if (experiment)
    {
      data = shl_data_new (1, 1000, g->lo, g->hi);
      ShlRng rng;
      shl_rng_seed (&rng, seed);
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
  return data;
}

/* the dimension, width and loss of a preset's network Γ */
static void
adopt_shape (ShlSim *self, const ShlNet *gamma)
{
  if (self->dim != gamma->d)
    {
      self->dim = gamma->d;
      shl_sim_notify (self, PROP_DIM);
    }
  if (self->width != gamma->m)
    {
      self->width = gamma->m;
      shl_sim_notify (self, PROP_WIDTH);
    }
  if (g_strcmp0 (self->loss_name, "mse") != 0)
    {
      shl_sim_replace_string (&self->loss_name, "mse");
      shl_sim_notify (self, PROP_LOSS);
    }
  shl_sim_notify (self, PROP_TARGET);
}

/* the published experiment's optimiser: SGD with momentum 0.9, lr 1e-3,
 * batches of 10 */
static void
adopt_experiment_optimizer (ShlSim *self)
{
  shl_sim_replace_string (&self->optimizer_name, "momentum");
  self->lr = 1e-3;
  self->momentum = 0.9;
  self->batch = 10;
  shl_sim_notify (self, PROP_OPTIMIZER);
  shl_sim_notify (self, PROP_LR);
  shl_sim_notify (self, PROP_MOMENTUM);
  shl_sim_notify (self, PROP_BATCH);
}

gboolean
shl_sim_apply_pathology (ShlSim *self, const char *id, double param, GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  ShlNet *gamma = NULL, *g = NULL;
  if (!id || !shl_pathology_build (&gamma, &g, id, param))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "unknown pathology \"%s\"", id ? id : "");
      return FALSE;
    }
  gboolean experiment = g_str_equal (id, "experiment");
  shl_data_free (self->imported);
  self->imported = preset_data (g, experiment, self->data_seed);
  shl_sim_take_loaded (self, gamma, FALSE);
  shl_net_free (self->twin);
  self->twin = g;
  g_object_freeze_notify (G_OBJECT (self));
  adopt_shape (self, gamma);
  if (experiment)
    adopt_experiment_optimizer (self);
  g_object_thaw_notify (G_OBJECT (self));
  shl_sim_reset_now (self);
  shl_sim_set_modified (self, TRUE);
  return TRUE;
}

/* -------------------------------------------------------------- moves */

gboolean
shl_sim_apply_move (ShlSim *self, const ShlMove *move, GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  g_return_val_if_fail (move != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
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
  ShlNet *out = shl_move_apply (move, src);
  if (!out)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: cannot be applied to this network", label);
      return FALSE;
    }
  shl_net_free (self->twin);
  self->twin = shl_net_copy (src);
  shl_sim_take_loaded (self, out, FALSE);
  if (self->width != out->m)
    {
      self->width = out->m;
      shl_sim_notify (self, PROP_WIDTH);
    }
  shl_sim_reset_now (self);
  shl_sim_set_modified (self, TRUE);
  return TRUE;
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
