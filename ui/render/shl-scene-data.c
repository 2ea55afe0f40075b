/* shl-scene-data.c: a scene built from a saved session. */
#include "shl-scene-data.h"

#include <gio/gio.h>
#include <string.h>

#include "shl-landscape.h"
#include "shl-timeline-io.h"
#include "shl-view-settings.h"

struct _ShlSceneData {
  ShlScene           scene;
  ShlNet            *net;
  ShlNet            *net0;
  ShlNet            *twin;
  ShlData           *data;
  ShlTarget         *target;
  ShlHistory        *history;       /* the session's, copied */
  ShlLandscapeSlice *slice;
  ShlTimeline       *timeline;      /* the session's moves */
  guint64           *ev_steps;
  char             **ev_labels;
  ShlNet            *ghost;
  char              *caption;
};

/* the moves on the timeline, and the ghost and caption of one made at
 * the step shown */
static void
fill_moves (ShlSceneData *sd)
{
  ShlScene *sc = &sd->scene;
  const ShlTimeline *tl = sd->timeline;
  sd->ev_steps = g_new (guint64, MAX (tl->n, 1));
  sd->ev_labels = g_new0 (char *, tl->n + 1);
  for (size_t k = 0; k < tl->n; k++)
    {
      char buf[SHL_MOVE_TEXT_MAX];
      sd->ev_steps[k] = tl->ev[k].step;
      sd->ev_labels[k] = g_strdup (shl_move_short_label (buf, sizeof buf, &tl->ev[k].move));
    }
  sc->n_events = (guint) tl->n;
  sc->event_step = sd->ev_steps;
  sc->event_label = (const char *const *) sd->ev_labels;
  const ShlMoveEvent *e = shl_timeline_at (tl, sc->step);
  if (e && tl->n_params == sd->net->n_params)
    {
      sd->ghost = shl_net_copy (sd->net);
      memcpy (sd->ghost->theta, e->before, tl->n_params * sizeof (double));
      char buf[2 * SHL_MOVE_TEXT_MAX];
      sd->caption = g_strdup (shl_move_event_caption (buf, sizeof buf, e));
      sc->ghost = sd->ghost;
      sc->move_caption = sd->caption;
    }
}

/* The loss slice through the current parameters at full resolution, with
 * the recorded path projected on it; NULL if it cannot be computed. */
static ShlLandscapeSlice *
compute_slice (const ShlSceneData *sd, const ShlViewSettings *view, ShlLoss loss,
               const ShlCancel *cancel)
{
  size_t np = sd->net0->n_params;
  size_t n_path = shl_landscape_path_count (sd->history->n);
  double *thetas = g_new (double, MAX (n_path, 1) * np);
  for (size_t k = 0; k < n_path; k++)
    memcpy (thetas + k * np,
            shl_history_theta_at (sd->history, shl_landscape_path_index (k, sd->history->n)),
            np * sizeof (double));
  ShlSliceOptions so = { view->landscape_dirs, view->orbit_neuron, sd->twin, 2, NULL, NULL };
  if (so.twin && !shl_net_same_shape (so.twin, sd->net))
    so.twin = NULL;
  ShlLandscapeSlice *slice
    = shl_landscape_slice_compute_full (sd->net, sd->data, loss, view->landscape_seed,
                                        view->landscape_n, view->landscape_span, thetas,
                                        n_path, &so, cancel);
  g_free (thetas);
  return slice;
}

static void
fill_scene (ShlSceneData *sd, ShlTrainer *tr, const ShlViewSettings *view, ShlLoss loss)
{
  ShlScene *sc = &sd->scene;
  sc->net = sd->net;
  sc->step = shl_trainer_steps (tr);
  sc->loss = shl_trainer_loss (tr);
  sc->net0 = sd->net0;
  sc->twin = sd->twin;
  sc->data = sd->data;
  sc->target = sd->target;
  sc->n_hist = (guint) sd->history->n;
  sc->hist_step = sd->history->steps;
  sc->hist_loss = sd->history->loss;
  sc->hist_theta = sd->history->theta;
  sc->show_neurons = view->show_neurons;
  sc->grad_view = view->grad_view;
  sc->traj_view = view->traj_view;
  sc->land_paths = view->landscape_paths;
  sc->move_t = 1.0;
  sc->land_linear = view->landscape_linear;
  sc->loss_kind = loss;
  sc->recipe = view->recipe;
}

static void
fill_landscape (ShlSceneData *sd, const ShlViewSettings *view)
{
  ShlScene *sc = &sd->scene;
  if (sd->slice)
    {
      sc->have_landscape = TRUE;
      sc->land_n = sd->slice->n;
      sc->land_loss = sd->slice->loss;
      sc->land_span = sd->slice->span;
      sc->land_path = sd->slice->path;
      sc->n_land_path = (guint) sd->slice->n_path;
      sc->land_step = sc->step;
      sc->land_kind = sd->slice->kind;
      sc->land_explained[0] = sd->slice->explained[0];
      sc->land_explained[1] = sd->slice->explained[1];
      sc->land_neuron = view->orbit_neuron;
    }
}

ShlSceneData *
shl_scene_data_new (const ShlSession *ss, GError **error)
{
  return shl_scene_data_new_grid (ss, 0, error);
}

ShlSceneData *
shl_scene_data_new_grid (const ShlSession *ss, int landscape_n, GError **error)
{
  return shl_scene_data_new_cancellable (ss, landscape_n, NULL, error);
}

ShlSceneData *
shl_scene_data_new_cancellable (const ShlSession *ss, int landscape_n, const ShlCancel *cancel,
                                GError **error)
{
  g_return_val_if_fail (ss != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (landscape_n == 0
                        || (landscape_n >= SHL_SCENE_GRID_MIN && landscape_n <= SHL_SCENE_GRID_MAX),
                        NULL);
  ShlViewSettings view;
  if (!shl_view_settings_from_json (&view, ss->view_json, error))
    return NULL;
  if (landscape_n > 0)
    view.landscape_n = landscape_n;
  ShlTimeline *tl = ss->events_json ? shl_timeline_from_json (ss->events_json, ss->net0->n_params, error)
                                    : shl_timeline_new (ss->net0->n_params);
  if (!tl)
    return NULL;
  ShlTrainer *tr = shl_session_make_trainer (ss, error);
  if (!tr)
    {
      shl_timeline_free (tl);
      return NULL;
    }
  ShlSceneData *sd = g_new0 (ShlSceneData, 1);
  sd->timeline = tl;
  sd->net = shl_net_copy (shl_trainer_net (tr));
  sd->net0 = shl_net_copy (ss->net0);
  sd->twin = ss->twin ? shl_net_copy (ss->twin) : NULL;
  sd->data = shl_data_copy (shl_trainer_data (tr));
  sd->target = shl_session_make_target (ss);
  sd->history = shl_history_copy (ss->history);
  fill_scene (sd, tr, &view, ss->opts.loss);
  fill_moves (sd);
  sd->slice = compute_slice (sd, &view, ss->opts.loss, cancel);
  shl_trainer_free (tr);
  if (shl_cancel_requested (cancel))
    {
      shl_scene_data_free (sd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return NULL;
    }
  fill_landscape (sd, &view);
  return sd;
}

ShlScene *
shl_scene_data_get_scene (ShlSceneData *sd)
{
  g_return_val_if_fail (sd != NULL, NULL);
  return &sd->scene;
}

void
shl_scene_data_free (ShlSceneData *sd)
{
  if (!sd)
    return;
  shl_net_free (sd->net);
  shl_net_free (sd->net0);
  shl_net_free (sd->twin);
  shl_data_free (sd->data);
  shl_target_free (sd->target);
  shl_history_free (sd->history);
  shl_landscape_slice_free (sd->slice);
  shl_timeline_free (sd->timeline);
  g_free (sd->ev_steps);
  g_strfreev (sd->ev_labels);
  shl_net_free (sd->ghost);
  g_free (sd->caption);
  g_free (sd);
}
