/* shl-panels.h: the four panels of Shallows, drawn from a scene.
 *
 * The same functions draw the window's panels, exported figures and the
 * headless renderer: a scene holds everything a frame shows (the current
 * network, the data, the recorded history, the landscape slice) and the
 * view options; shl_panel_draw turns it into a plot with ui/render.
 *
 * cairo + pango + the engine's plain-C types; no GTK. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "shl-data.h"
#include "shl-net.h"
#include "shl-plot-style.h"
#include "shl-rect.h"
#include "shl-landscape.h"
#include "shl-session.h"

G_BEGIN_DECLS

typedef enum {
  SHL_PANEL_REALIZATION,
  SHL_PANEL_DERIVATIVE,
  SHL_PANEL_LANDSCAPE,
  SHL_PANEL_TRAJECTORY,
  SHL_N_PANELS
} ShlPanelKind;

typedef enum {
  SHL_GRAD_NORM,     /* ||grad f|| */
  SHL_GRAD_X1,       /* df/dx1 */
  SHL_GRAD_X2,       /* df/dx2 */
} ShlGradView;

typedef enum {
  SHL_TRAJ_KINKS,        /* 1-D: kink position and signed jump; 2-D: balance plane */
  SHL_TRAJ_BALANCE,      /* the balance plane (||(a_i, b_i)||, |c_i|) */
  SHL_TRAJ_CONSERVATION, /* h_i = c_i^2 - ||(a_i, b_i)||^2 over time */
  SHL_TRAJ_DISTANCES,    /* distance from the start: parameters vs realizations */
} ShlTrajView;

typedef struct {
  /* the network shown, and where it is in training */
  const ShlNet     *net;            /* NULL: nothing to show yet */
  guint64           step;
  double            loss;
  const ShlNet     *net0;           /* the network at step 0 (may be NULL) */
  const ShlData    *data;           /* may be NULL */
  const ShlTarget  *target;         /* NULL for imported data */
  const ShlNet     *twin;           /* a second network to compare, or NULL */

  /* the recorded history, parallel arrays of n_hist points */
  guint             n_hist;
  const guint64    *hist_step;
  const double     *hist_loss;
  const double     *hist_theta;     /* (n_hist, net->n_params) */

  /* a loss slice theta + alpha u + beta w, alpha, beta in [-span, span] */
  gboolean          have_landscape;
  int               land_n;         /* (land_n, land_n) grid */
  const double     *land_loss;
  double            land_span;
  const double     *land_path;      /* (n_land_path, 2) projected history */
  guint             n_land_path;
  gboolean          land_busy;
  double            land_progress;  /* of the job running, 0..1 */
  guint64           land_step;      /* the step of the slice's centre */
  ShlDirsKind       land_kind;      /* the directions of the slice */
  double            land_explained[2]; /* PCA: variance fractions */
  int               land_neuron;    /* orbit: the neuron */

  /* view options */
  gboolean          show_neurons;   /* 1-D: each neuron's term, faint */
  ShlGradView       grad_view;      /* 2-D derivative panel */
  ShlTrajView       traj_view;      /* the trajectory panel's upper plot */
  double            move_t;         /* 0..1: a move from the twin is being
                                       animated (neurons drawn part way);
                                       1: no animation */
  gboolean          land_paths;     /* the landscape panel shows 1-D paths */
  gboolean          land_linear;    /* linear colour scale (default: log) */
  ShlLoss           loss_kind;      /* the training loss */
} ShlScene;

const char *shl_panel_id    (ShlPanelKind kind);   /* "realization", ... */
const char *shl_panel_title (ShlPanelKind kind);   /* "Realization", ... */
/* parse an id; FALSE if unknown */
gboolean    shl_panel_from_id (const char *id, ShlPanelKind *out);

/* Draw one panel into area. */
void        shl_panel_draw  (cairo_t *cr, ShlPanelKind kind,
                             const ShlScene *scene, const ShlPlotStyle *style,
                             const ShlRect *area);
/* All four panels as one figure: a row when wide, else 2x2. */
void        shl_panels_draw_all (cairo_t *cr, const ShlScene *scene,
                                 const ShlPlotStyle *style,
                                 const ShlRect *area);

/* A figure: one panel (panel >= 0) or all four, in a style preset, into
 * width x height user units. What the app's export and the CLI draw. */
void        shl_panels_draw_figure (cairo_t *cr, const ShlScene *scene,
                                    int panel, ShlStylePreset preset,
                                    double width, double height);

/* Every plotted series as CSV files with a header naming each column,
 * written atomically into dir (created if needed): the curves, grids,
 * kinks, landscape slice and path, every recorded neuron position and the
 * loss. Returns the number of files written in *n_files (may be NULL). */
gboolean    shl_panels_export_csv (const ShlScene *scene, const char *dir,
                                   guint *n_files, GError **error);

/* The view settings a session keeps in its "view" object. */
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
} ShlViewSettings;

void      shl_view_settings_init      (ShlViewSettings *view);
/* a JSON object (g_free it) */
char     *shl_view_settings_to_json   (const ShlViewSettings *view);
/* reads the keys it knows from a JSON object (NULL: defaults); unknown
 * keys are ignored, a known key of the wrong type is an error */
gboolean  shl_view_settings_from_json (ShlViewSettings *view,
                                       const char *json, GError **error);

/* A scene built from a saved session: the network where the session
 * stopped, its loss, the data and target, the history and the loss slice
 * at full resolution. The app's figure export and `shallows-cli render`
 * both draw from this, so the same session gives the same figure. */
typedef struct _ShlSceneData ShlSceneData;

ShlSceneData *shl_scene_data_new       (const ShlSession *session,
                                        GError **error);
ShlScene     *shl_scene_data_get_scene (ShlSceneData *sd);
void          shl_scene_data_free      (ShlSceneData *sd);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlSceneData, shl_scene_data_free)

G_END_DECLS
