/* shl-scene.h: everything one frame of the panels shows.
 *
 * A scene is a set of borrowed pointers and view options, filled by
 * whoever owns the data (the simulation controller on screen, a
 * ShlSceneData built from a saved session for export and the CLI) and
 * drawn by shl-panels.h. It owns nothing.
 *
 * Engine types only: no cairo, no GTK. */
#pragma once

#include <glib.h>

#include "shl-data.h"
#include "shl-landscape.h"
#include "shl-loss.h"
#include "shl-net.h"

G_BEGIN_DECLS

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

/* The step axis of the training-loss plot. */
typedef enum {
  SHL_STEP_AXIS_AUTO,    /* logarithmic once the run spans more than two
                            decades of steps, else linear */
  SHL_STEP_AXIS_LINEAR,
  SHL_STEP_AXIS_LOG,
} ShlStepAxis;
/* The readouts comparing the network with its twin, as the sidebar names
 * them; a preset highlights the one its explanation is about. */
typedef enum {
  SHL_READOUT_NONE,
  SHL_READOUT_SUP,       /* functions apart: ||f - g||_inf */
  SHL_READOUT_W1INF,     /* derivatives apart: |f - g|_{W^{1,inf}} */
  SHL_READOUT_RAW,       /* parameters apart as stored: ||theta - theta'||_inf */
  SHL_READOUT_DSYM,      /* parameters apart after the best symmetry */
  SHL_READOUT_DFIB,      /* the nearest parametrization of g */
  SHL_N_READOUTS
} ShlReadout;

/* How a view is set up beyond the choice of plots: what a preset's view
 * recipe sets (shl-view-recipe.h) and a session keeps. A range with
 * !(lo < hi) (NAN, or zeros in a zeroed scene) is automatic. The ranges are minimums: an axis always grows to show every
 * curve, neuron and data point (or marks what is too far out at its
 * edge). */
typedef struct {
  gboolean   diff_view;     /* realization and derivative show f - g and
                               (f - g)' at their own scale */
  gboolean   inset;         /* magnify the thinnest feature in an inset */
  double     real_y[2];     /* the realization's y-range */
  double     deriv_y[2];    /* the derivative's y-range */
  double     kink_x[2];     /* the kink axis reaches at least this */
  gboolean   balance_log;   /* the balance plane on log-log axes */
  gboolean   show_orbits;   /* rescaling orbits |c| ||(a, b)|| = const
                               in the balance plane */
  ShlReadout highlight;     /* the readout the preset is about */
} ShlViewRecipe;

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
  ShlStepAxis       loss_steps;     /* the loss plot's step axis */

  /* the network before the last symmetry move (drawn hollow, apart from
   * the twin; the move animates from it), or NULL */
  const ShlNet     *ghost;
  /* the caption of that move ("κ step 3 of 6: orient — f unchanged, θ
   * moved by 0.42"), shown while the network is the moved one; or NULL */
  const char       *move_caption;
  /* symmetry moves on the training timeline: the step of each and a
   * short label ("Balance", "κ 3") */
  guint             n_events;
  const guint64    *event_step;     /* (n_events) */
  const char *const *event_label;   /* (n_events) */
  /* a neuron to emphasise in every panel (hovered in the table): its
   * index + 1; 0: none (so that a zeroed scene emphasises nothing) */
  int               highlight;
  /* axis ranges and extras (a preset's recipe, or the defaults) */
  ShlViewRecipe     recipe;
  /* 2-D maps: above this many cells they are sampled instead of drawn
   * cell by cell; 0: SHL_PANEL_MAX_CELLS (figures). The app's live scene
   * sets a lower limit, redrawn at frame rate while training. */
  int               max_cells;
  /* a figure's choices (a figure spec, video frames); a zeroed scene
   * leaves everything automatic and shown */
  double            color_range[3][2]; /* the colour range of the 2-D
                                          realization, the 2-D gradient
                                          and the loss slice (ShlPanelKind
                                          order), exactly; !(lo < hi):
                                          automatic (a log scale ignores
                                          a range with lo <= 0) */
  gboolean          hide_kinks;     /* no kink marks or kink lines of f */
  gboolean          hide_data;      /* no data points */
  gboolean          hide_target;    /* no target curve */
  gboolean          hide_twin;      /* no twin g in the realization,
                                       derivative and neuron plots (the
                                       loss slice keeps its axes) */
  int               diverging_map;  /* the ShlColormap of signed 2-D maps;
                                       0 or not diverging: cool-warm */
} ShlScene;

/* the app's limit (a width-100 network has about 3,000 cells) */
#define SHL_SCENE_MAX_CELLS_LIVE 12000

/* The recipe with nothing fixed: automatic ranges, no extras. */
void shl_view_recipe_init (ShlViewRecipe *recipe);

G_END_DECLS
