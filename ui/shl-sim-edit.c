/* shl-sim-edit.c: direct manipulation of the network, the twin and the
 * data (see shl-sim.h, shl-sim-private.h).
 *
 * An edit is a bracket: shl_sim_edit_begin pauses training, waits for the
 * engine to stop at a step boundary and keeps that state for undo (one
 * checkpoint for the whole bracket: changes made inside it take none;
 * dropped again when nothing changed);
 * shl_sim_edit_end resumes training if it was running. Each change to the
 * network or the data inside the bracket restarts the engine at the
 * current step, as a symmetry move does: the history up to there stays,
 * the optimiser's state restarts. The twin is edited in place (the engine
 * does not train it). Edited data become the sim's own points (as
 * imported data are), so a session saves them as points. */
#include "shl-sim-private.h"

#include <math.h>
#include <string.h>

#include "shl-io.h"

/* ------------------------------------------------------------ bracket */

void
shl_sim_edit_begin (ShlSim *self, const char *label)
{
  g_return_if_fail (SHL_IS_SIM (self));
  if (self->edit_depth++ > 0)
    return;
  if (self->reset_idle)
    shl_sim_reset_now (self);
  GAction *run = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "running");
  g_autoptr (GVariant) state = run ? g_action_get_state (run) : NULL;
  self->edit_was_running = state && g_variant_get_boolean (state);
  if (self->edit_was_running)
    g_action_change_state (run, g_variant_new_boolean (FALSE));
  /* the state the undo brings back: where the engine stopped */
  if (self->runner)
    shl_runner_sync (self->runner);
  shl_sim_collect (self);
  self->edit_kept = shl_sim_undo_checkpoint (self, label ? label : "edit");
  self->edit_changed = FALSE;
  self->undo_block++;
  self->scrub = -1;
  self->dirty = TRUE;
}

void
shl_sim_edit_end (ShlSim *self)
{
  g_return_if_fail (SHL_IS_SIM (self));
  if (self->edit_depth == 0)
    return;
  if (--self->edit_depth > 0)
    return;
  self->undo_block--;
  /* nothing changed (an eraser that met no point): no undo step */
  if (self->edit_kept && !self->edit_changed)
    shl_sim_undo_forget_last (self);
  self->edit_kept = FALSE;
  if (self->edit_was_running)
    {
      self->edit_was_running = FALSE;
      g_action_group_change_action_state (G_ACTION_GROUP (self->actions), "running",
                                          g_variant_new_boolean (TRUE));
    }
}

gboolean
shl_sim_is_editing (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  return self->edit_depth > 0;
}

void
shl_sim_edit_abandon (ShlSim *self)
{
  if (self->edit_depth == 0)
    return;
  self->edit_depth = 0;
  self->undo_block--;
  self->edit_was_running = FALSE;
  self->edit_kept = FALSE;
}

/* ------------------------------------------------------------ restart */

/* Training goes on from net (owned) on data (NULL: the current data, else
 * owned and adopted) at the current step, as after a symmetry move. */
static gboolean
restart_here (ShlSim *self, ShlNet *net, ShlData *data, GError **error)
{
  guint64 step = shl_sim_current_step (self);
  ShlTrainOpts opts;
  shl_sim_fill_opts (self, &opts);
  guint gen = shl_runner_reset_at_step (self->runner, net, data ? data : self->data, &opts, step);
  if (!gen)
    {
      shl_net_free (net);
      shl_data_free (data);
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "the engine did not accept the edited network or data");
      return FALSE;
    }
  if (data)
    {
      shl_data_free (self->data);
      self->data = data;
    }
  shl_sim_continue_from (self, gen, net, step);
  self->edit_changed = TRUE;
  return TRUE;
}

/* ------------------------------------------------------------ neurons */

static gboolean
check_neuron (const ShlNet *net, int i, const double *a, double b, double c, GError **error)
{
  if (!net)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "no network to edit");
      return FALSE;
    }
  if (i < 0 || i >= net->m)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "neuron %d does not exist (the network has %d)", i + 1, net->m);
      return FALSE;
    }
  gboolean finite = isfinite (b) && isfinite (c);
  for (int j = 0; j < net->d; j++)
    finite = finite && isfinite (a[j]);
  if (!finite)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "neuron %d: the new parameters are not finite", i + 1);
      return FALSE;
    }
  return TRUE;
}

static void
put_neuron (ShlNet *net, int i, const double *a, double b, double c)
{
  memcpy (&net->a[(size_t) i * net->d], a, (size_t) net->d * sizeof (double));
  net->b[i] = b;
  net->c[i] = c;
}

gboolean
shl_sim_set_neuron (ShlSim *self, gboolean twin, int i, const double *a, double b,
                    double c, GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (self->reset_idle)
    shl_sim_reset_now (self);
  const ShlNet *src = twin ? self->twin : shl_sim_current_net (self);
  if (twin && !src)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "there is no twin to edit");
      return FALSE;
    }
  if (!check_neuron (src, i, a, b, c, error))
    return FALSE;
  shl_sim_edit_begin (self, twin ? "edit the twin" : "edit a neuron");
  gboolean ok = TRUE;
  if (twin)
    {
      put_neuron (self->twin, i, a, b, c);
      self->edit_changed = TRUE;
      self->dirty = TRUE;
      shl_sim_set_modified (self, TRUE);
      if (self->view.landscape_dirs == SHL_DIRS_TWIN)
        shl_sim_landscape_changed (self);
    }
  else
    {
      ShlNet *out = shl_net_copy (shl_sim_current_net (self));
      put_neuron (out, i, a, b, c);
      ok = restart_here (self, out, NULL, error);
    }
  shl_sim_edit_end (self);
  return ok;
}

const ShlNet *
shl_sim_get_edit_net (ShlSim *self, gboolean twin)
{
  g_return_val_if_fail (SHL_IS_SIM (self), NULL);
  if (self->reset_idle)
    shl_sim_reset_now (self);
  return twin ? self->twin : shl_sim_current_net (self);
}

/* --------------------------------------------------------------- data */

/* the edited data become the sim's own points (what a session saves) */
static void
adopt_points (ShlSim *self, const ShlData *data)
{
  gboolean was_imported = self->imported != NULL;
  shl_data_free (self->imported);
  self->imported = shl_data_copy (data);
  const char *what = shl_sim_get_data_label (self);
  if (!g_str_has_suffix (what, "(edited)"))
    {
      const ShlTargetInfo *info = shl_target_lookup (self->target_name);
      g_autofree char *label = was_imported || !info
                               ? g_strdup_printf ("%s (edited)", what)
                               : g_strdup_printf ("%s samples (edited)", info->label);
      if (self->data_label)
        shl_sim_replace_string (&self->data_label, label);
      shl_sim_replace_string (&self->imported_name, label);
    }
  /* the points no longer come from the target */
  g_clear_pointer (&self->target, shl_target_free);
  shl_sim_notify (self, PROP_TARGET);
}

static gboolean
apply_data (ShlSim *self, ShlData *data, const char *label, GError **error)
{
  shl_sim_edit_begin (self, label);
  ShlNet *net = shl_net_copy (shl_sim_current_net (self));
  ShlData *copy = shl_data_copy (data);
  gboolean ok = restart_here (self, net, data, error);
  if (ok)
    adopt_points (self, copy);
  shl_data_free (copy);
  shl_sim_edit_end (self);
  return ok;
}

gboolean
shl_sim_add_point (ShlSim *self, const double *x, double y, GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (self->reset_idle)
    shl_sim_reset_now (self);
  const ShlData *old = self->data;
  if (!old || !self->runner)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "no data to add a point to");
      return FALSE;
    }
  for (int j = 0; j < old->d; j++)
    if (!isfinite (x[j]) || x[j] < old->lo[j] || x[j] > old->hi[j])
      {
        g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                     "data point: x%s = %g is outside the domain [%g, %g]",
                     old->d == 1 ? "" : j == 0 ? "₁" : "₂", x[j], old->lo[j], old->hi[j]);
        return FALSE;
      }
  if (!isfinite (y) || (old->classification && y != 0.0 && y != 1.0))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   old->classification ? "data point: the class must be 0 or 1, not %g"
                                       : "data point: the value %g is not finite", y);
      return FALSE;
    }
  ShlData *data = shl_data_new (old->d, old->n + 1, old->lo, old->hi);
  data->classification = old->classification;
  memcpy (data->x, old->x, old->n * (size_t) old->d * sizeof (double));
  memcpy (data->y, old->y, old->n * sizeof (double));
  memcpy (&data->x[old->n * (size_t) old->d], x, (size_t) old->d * sizeof (double));
  data->y[old->n] = y;
  return apply_data (self, data, "add a data point", error);
}

/* where point k is drawn: (x, y) in 1-D, (x1, x2) in 2-D */
static void
point_place (const ShlData *d, size_t k, double *px, double *py)
{
  *px = d->x[k * (size_t) d->d];
  *py = d->d == 1 ? d->y[k] : d->x[k * (size_t) d->d + 1];
}

guint
shl_sim_erase_points (ShlSim *self, double cx, double cy, double rx, double ry,
                      GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);
  if (self->reset_idle)
    shl_sim_reset_now (self);
  const ShlData *old = self->data;
  if (!old || !self->runner || !(rx > 0) || !(ry > 0))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "nothing to erase");
      return 0;
    }
  g_autofree gboolean *gone = g_new0 (gboolean, MAX (old->n, 1));
  size_t n_gone = 0;
  for (size_t k = 0; k < old->n; k++)
    {
      double px, py;
      point_place (old, k, &px, &py);
      double u = (px - cx) / rx, v = (py - cy) / ry;
      if (u * u + v * v <= 1.0)
        {
          gone[k] = TRUE;
          n_gone++;
        }
    }
  if (n_gone == 0)
    return 0;
  if (n_gone == old->n)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "the last data points cannot be erased: training needs one");
      return 0;
    }
  ShlData *data = shl_data_new (old->d, old->n - n_gone, old->lo, old->hi);
  data->classification = old->classification;
  size_t q = 0;
  for (size_t k = 0; k < old->n; k++)
    if (!gone[k])
      {
        memcpy (&data->x[q * (size_t) old->d], &old->x[k * (size_t) old->d],
                (size_t) old->d * sizeof (double));
        data->y[q++] = old->y[k];
      }
  if (!apply_data (self, data, "erase data points", error))
    return 0;
  return (guint) n_gone;
}

const ShlData *
shl_sim_get_data (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), NULL);
  if (self->reset_idle)
    shl_sim_reset_now (self);
  return self->data;
}
