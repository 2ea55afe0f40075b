/* shl-scene-data.h: a scene built from a saved session.
 *
 * The network where the session stopped, its loss, the data and target,
 * the history and the loss slice at full resolution, owned together with
 * the ShlScene that points into them. The app's figure export and
 * `shallows-cli render` both draw from this, so the same session gives the
 * same figure. */
#pragma once

#include <glib.h>

#include "shl-scene.h"
#include "shl-session.h"

G_BEGIN_DECLS

typedef struct _ShlSceneData ShlSceneData;

ShlSceneData *shl_scene_data_new       (const ShlSession *session,
                                        GError **error);
ShlScene     *shl_scene_data_get_scene (ShlSceneData *sd);
void          shl_scene_data_free      (ShlSceneData *sd);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlSceneData, shl_scene_data_free)

G_END_DECLS
