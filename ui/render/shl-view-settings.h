/* shl-view-settings.h: the view a session keeps in its "view" object.
 *
 * How the panels were set when a session was saved (derivative shown,
 * trajectory view, the landscape's directions and resolution, the
 * maximised panel), to and from the session's JSON. The simulation
 * controller owns the live copy; ShlSceneData reads a saved one. */
#pragma once

#include <glib.h>

#include "shl-landscape.h"
#include "shl-scene.h"

G_BEGIN_DECLS

/* ids in files, labels for drop-downs */
extern const ShlNameTable shl_grad_view_names;
extern const ShlNameTable shl_traj_view_names;
/* "none", "sup", "w1inf", "raw", "dsym", "dfib" */
extern const ShlNameTable shl_readout_names;

#define SHL_PRESET_ID_MAX 24

typedef struct {
  gboolean    show_neurons;
  ShlGradView grad_view;
  guint64     landscape_seed;   /* directions of the loss slice */
  int         landscape_n;      /* grid nodes per side (full resolution) */
  double      landscape_span;   /* alpha, beta in [-span, span] */
  int         maximized;        /* the panel shown alone in the window, -1 */
  ShlDirsKind landscape_dirs;   /* directions of the slice */
  int         orbit_neuron;     /* for SHL_DIRS_ORBIT */
  ShlTrajView traj_view;
  gboolean    landscape_paths;  /* 1-D paths instead of the 2-D slice */
  gboolean    landscape_linear; /* linear colour scale instead of log */
  /* the pathology preset the session shows ("" none) and its parameter */
  char        preset[SHL_PRESET_ID_MAX];
  double      preset_param;
  /* axis ranges and extras (a preset's recipe, see shl-view-recipe.h) */
  ShlViewRecipe recipe;
} ShlViewSettings;

void      shl_view_settings_init      (ShlViewSettings *view);
/* a JSON object (g_free it) */
char     *shl_view_settings_to_json   (const ShlViewSettings *view);
/* reads the keys it knows from a JSON object (NULL: defaults); unknown
 * keys are ignored, a known key of the wrong type is an error */
gboolean  shl_view_settings_from_json (ShlViewSettings *view,
                                       const char *json, GError **error);

G_END_DECLS
