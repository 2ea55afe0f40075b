/* shl-sim-session.c: the sim to and from a session; opening a network or
 * a data set (see shl-sim.h, shl-sim-private.h).
 *
 * A session is taken at a step boundary of the engine; loading one hands
 * the engine the network, data, optimiser settings and trainer state
 * first, and only when the engine accepts them mirrors them in the
 * settings, so that a bad session changes nothing and training continues
 * bit for bit. */
#include "shl-sim-private.h"

#include <string.h>

#include "shl-io.h"
#include "shl-session.h"
#include "shl-timeline-io.h"

/* ------------------------------------------------------------ to a file */

ShlSession *
shl_sim_to_session (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), NULL);
  ShlTrainerState *state = shl_runner_get_state (self->runner);
  shl_sim_collect (self);   /* the history up to that state */
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
  gboolean from_file = self->loaded && !self->loaded_by_init
                       && self->loaded->d == self->dim && self->loaded->m == self->width;
  ss->init_scheme = g_strdup (from_file ? "file" : self->init_name);
  ss->init_seed = self->init_seed;
  ss->net0 = shl_net_copy (self->net0);
  shl_sim_fill_opts (self, &ss->opts);
  ss->state = state;
  shl_history_free (ss->history);
  ss->history = shl_history_copy (self->history);
  ss->view_json = shl_view_settings_to_json (&self->view);
  ss->twin = self->twin ? shl_net_copy (self->twin) : NULL;
  if (self->timeline->n > 0)
    ss->events_json = shl_timeline_to_json (self->timeline);
  if (self->bookmarks->len > 0)
    ss->bookmarks = shl_bookmarks_copy (self->bookmarks);
  return ss;
}

/* ---------------------------------------------------------- from a file */

/* the session's settings into the properties, without scheduling a reset */
static void
mirror_settings (ShlSim *self, const ShlSession *ss, const ShlViewSettings *view)
{
  self->dim = ss->dim;
  shl_data_free (self->imported);
  self->imported = ss->points ? shl_data_copy (ss->points) : NULL;
  if (ss->target)
    {
      shl_sim_replace_string (&self->target_name, ss->target);
      self->samples = ss->samples;
      self->noise = ss->noise;
      self->data_seed = ss->data_seed;
    }
  self->width = ss->net0->m;
  gboolean by_init = ss->init_scheme && !g_str_equal (ss->init_scheme, "file");
  shl_sim_take_loaded (self, shl_net_copy (ss->net0), by_init);
  if (ss->init_scheme && !g_str_equal (ss->init_scheme, "file"))
    shl_sim_replace_string (&self->init_name, ss->init_scheme);
  self->init_seed = ss->opts.seed;
  self->base_opts = ss->opts;
  shl_sim_replace_string (&self->optimizer_name, shl_optimizer_name (ss->opts.optimizer));
  shl_sim_replace_string (&self->loss_name, shl_loss_name (ss->opts.loss));
  self->lr = ss->opts.lr;
  self->momentum = ss->opts.momentum;
  self->batch = (guint) ss->opts.batch;
  self->weight_decay = ss->opts.weight_decay;
  self->restricted = ss->opts.restricted;
  self->view = *view;
  shl_net_free (self->twin);
  self->twin = ss->twin ? shl_net_copy (ss->twin) : NULL;
  for (guint k = PROP_DIM; k <= PROP_RESTRICTED; k++)
    if (k != PROP_SPEED)
      shl_sim_notify (self, k);
}

gboolean
shl_sim_load_session (ShlSim *self, const ShlSession *ss, GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  g_return_val_if_fail (ss != NULL && ss->net0 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  ShlViewSettings view;
  if (!shl_view_settings_from_json (&view, ss->view_json, error))
    return FALSE;
  ShlTimeline *tl = ss->events_json ? shl_timeline_from_json (ss->events_json, ss->net0->n_params, error)
                                    : shl_timeline_new (ss->net0->n_params);
  if (!tl)
    return FALSE;
  g_autoptr (ShlData) data = shl_session_make_data (ss, error);
  if (!data)
    {
      shl_timeline_free (tl);
      return FALSE;
    }
  /* the engine must accept it before anything changes */
  gboolean kept = shl_sim_undo_checkpoint (self, "open a session");
  if (!shl_runner_reset_with_state (self->runner, ss->net0, data, &ss->opts, ss->state))
    {
      if (kept)
        shl_sim_undo_forget_last (self);
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "the session's network, data and optimiser state do not fit together");
      shl_timeline_free (tl);
      return FALSE;
    }
  /* the reset above was sent; now mirror the session in the settings
   * without scheduling another one */
  g_object_freeze_notify (G_OBJECT (self));
  /* a session of a preset shows it as a mode again, over the problem the
   * window had; any other session ends a preset */
  shl_sim_session_preset (self, &view);
  mirror_settings (self, ss, &view);

  /* the problem as the engine now has it */
  g_clear_pointer (&self->target, shl_target_free);
  g_clear_pointer (&self->data, shl_data_free);
  g_clear_pointer (&self->net0, shl_net_free);
  self->target = shl_session_make_target (ss);
  self->data = g_steal_pointer (&data);
  self->net0 = shl_net_copy (ss->net0);
  self->generation = shl_runner_generation (self->runner);
  shl_sim_cancel_scheduled_reset (self);
  shl_sim_clear_history (self);
  self->scrub = -1;
  shl_history_append_all (self->history, ss->history);
  shl_sim_set_start (self, NULL, 0);
  shl_timeline_free (self->timeline);
  self->timeline = tl;
  /* an opened session brings its bookmarks; undo and going to a
   * bookmark keep the ones there are */
  if (self->undo_block == 0)
    {
      g_ptr_array_unref (self->bookmarks);
      self->bookmarks = shl_bookmarks_copy (ss->bookmarks);
    }
  shl_sim_timeline_changed (self);
  shl_sim_landscape_invalidate (self);
  self->dirty = TRUE;
  g_object_thaw_notify (G_OBJECT (self));
  shl_runner_sync (self->runner);
  shl_sim_collect (self);
  shl_sim_set_modified (self, FALSE);
  return TRUE;
}

/* ------------------------------------------------ a network or a data set */

gboolean
shl_sim_import_data (ShlSim *self, const char *path, GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  ShlData *data = shl_data_load_csv (path, error);
  if (!data)
    return FALSE;
  shl_sim_undo_checkpoint (self, "open data");
  /* new data end a preset (the rest of the user's problem comes back) */
  shl_sim_preset_before_change (self, PROP_TARGET);
  shl_data_free (self->imported);
  self->imported = data;
  g_free (self->imported_name);
  self->imported_name = g_path_get_basename (path);
  if (self->dim != data->d)
    {
      self->dim = data->d;
      shl_sim_notify (self, PROP_DIM);
    }
  shl_sim_replace_string (&self->loss_name, data->classification ? "logistic" : "mse");
  shl_sim_notify (self, PROP_LOSS);
  shl_sim_notify (self, PROP_TARGET);
  shl_sim_reset_now (self);
  return TRUE;
}

gboolean
shl_sim_load_network (ShlSim *self, const char *path, GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  ShlNet *net = shl_net_load_json (path, error);
  if (!net)
    return FALSE;
  shl_sim_undo_checkpoint (self, "open a network");
  shl_sim_preset_before_change (self, PROP_WIDTH);
  shl_sim_take_loaded (self, net, FALSE);
  g_object_freeze_notify (G_OBJECT (self));
  if (self->dim != net->d)
    {
      self->dim = net->d;
      shl_sim_notify (self, PROP_DIM);
      const ShlTargetInfo *info = shl_target_lookup (self->target_name);
      if (!info || info->d != net->d)
        {
          shl_sim_replace_string (&self->target_name, shl_sim_default_target (net->d));
          shl_sim_notify (self, PROP_TARGET);
        }
    }
  if (self->width != net->m)
    {
      self->width = net->m;
      shl_sim_notify (self, PROP_WIDTH);
    }
  g_object_thaw_notify (G_OBJECT (self));
  shl_sim_reset_now (self);
  return TRUE;
}
