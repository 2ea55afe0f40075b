/* shl-scene-data.h: a scene built from a saved session.
 *
 * The network where the session stopped, its loss, the data and target,
 * the history and the loss slice at full resolution, owned together with
 * the ShlScene that points into them. The app's figure export and
 * `shallows-cli render` both draw from this, so the same session gives the
 * same figure. */
#pragma once

#include <glib.h>

#include "shl-cancel.h"
#include "shl-scene.h"
#include "shl-session.h"

G_BEGIN_DECLS

typedef struct _ShlSceneData ShlSceneData;

ShlSceneData *shl_scene_data_new       (const ShlSession *session,
                                        GError **error);
/* The same with the loss slice on a grid of landscape_n nodes per side
 * instead of the session's (SHL_SCENE_GRID_MIN..MAX; 0: the session's):
 * a figure's grid follows its size (shl_figure_landscape_grid). */
#define SHL_SCENE_GRID_MIN 3
#define SHL_SCENE_GRID_MAX 1001
ShlSceneData *shl_scene_data_new_grid  (const ShlSession *session,
                                        int landscape_n, GError **error);
/* The same in a worker thread: cancel (may be NULL) stops the loss
 * slice; then NULL with G_IO_ERROR_CANCELLED. */
ShlSceneData *shl_scene_data_new_cancellable (const ShlSession *session,
                                              int landscape_n,
                                              const ShlCancel *cancel,
                                              GError **error);
ShlScene     *shl_scene_data_get_scene (ShlSceneData *sd);
void          shl_scene_data_free      (ShlSceneData *sd);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlSceneData, shl_scene_data_free)

G_END_DECLS
