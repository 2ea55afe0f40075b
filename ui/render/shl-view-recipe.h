/* shl-view-recipe.h: how each preset of the pathology gallery is shown.
 *
 * A view recipe chooses, for one preset, the view that shows its
 * evidence at a glance: the trajectory panel's plane (the balance plane
 * with the rescaling orbits for an unbalanced neuron, the kink plane with
 * an axis that reaches a far kink), the landscape's plane (towards the
 * twin where it lives in the same parameter space), whether each neuron's
 * term is drawn, an inset for thin features, the readout the preset's
 * explanation is about, and y-ranges that stay fixed while the preset's
 * slider moves (taken over the whole parameter range, so a shrinking ε
 * looks like it shrinks). The user can change any of it afterwards; a
 * session keeps it (shl-view-settings.h), so `render` draws what the app
 * showed. GLib; no GTK. */
#pragma once

#include "shl-view-settings.h"

G_BEGIN_DECLS

/* Sets view's plane choices and recipe for preset id at parameter param
 * (the other settings, e.g. the landscape's seed, stay); remembers the
 * preset and parameter in view->preset, view->preset_param. FALSE (view
 * unchanged) for an unknown id. */
gboolean shl_view_recipe_for_preset (ShlViewSettings *view, const char *id,
                                     double param);

/* The fixed y-ranges of a 1-D preset over its whole parameter range: of
 * Γ and g (real) and of their derivatives (deriv), padded; NAN when the
 * preset is 2-D or its functions are identically 0. */
void     shl_view_recipe_preset_ranges (double *real /* (2) */,
                                        double *deriv /* (2) */,
                                        const char *id);

G_END_DECLS
