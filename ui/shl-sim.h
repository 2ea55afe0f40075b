/* shl-sim.h: the simulation the window shows.
 *
 * ShlSim lives on the main thread. It holds the problem settings as GObject
 * properties (the sidebar binds its widgets to them), owns the engine
 * thread (ShlRunner), collects snapshots and the recorded history, runs the
 * loss-landscape job in the background, and exposes the `sim.` actions:
 *
 *   sim.running      stateful boolean: train / pause      (Space)
 *   sim.step         one step                             (Right, period)
 *   sim.step-many    100 steps                            (Shift+Right)
 *   sim.reset        back to step 0 with the current settings (Ctrl+R)
 *
 * Changing a problem property (dimension, target, samples, noise, data
 * seed, width, initialisation, init seed, loss) resets; changing an
 * optimiser property applies from the next step.
 *
 * GObject + GIO + the engine and the panels' scene, no GTK: the sim's
 * tests (tests/sim) run without a display. The implementation is split
 * by concern, see shl-sim-private.h. */
#pragma once

#include <gio/gio.h>

#include "shl-data.h"
#include "shl-move.h"
#include "shl-panels.h"
#include "shl-net.h"
#include "shl-runner.h"
#include "shl-timeline.h"
#include "shl-trainer.h"

G_BEGIN_DECLS

#define SHL_TYPE_SIM (shl_sim_get_type ())
G_DECLARE_FINAL_TYPE (ShlSim, shl_sim, SHL, SIM, GObject)

ShlSim           *shl_sim_new            (void);
GActionGroup     *shl_sim_get_actions    (ShlSim *sim);
/* What the panels show this frame (with the view options set on it);
 * owned by the sim, valid until the next main-loop iteration. */
ShlScene         *shl_sim_get_scene      (ShlSim *sim);
/* what the window shows and saves with a session (show_neurons,
 * grad_view, the landscape's seed, size and span); the window edits it
 * in place and redraws */
ShlViewSettings  *shl_sim_get_view_settings (ShlSim *sim);
/* Show recorded history point `index` instead of the live network in
 * every panel (-1: live). The network shown is the recorded parameter
 * vector exactly. */
void              shl_sim_set_scrub      (ShlSim *sim, int index);
int               shl_sim_get_scrub      (ShlSim *sim);
/* the landscape view settings changed: recompute the slice */
void              shl_sim_landscape_changed (ShlSim *sim);
/* "modified": changed since the last save or open */
void              shl_sim_set_modified   (ShlSim *sim, gboolean modified);
/* The whole run as a session (pauses nothing: the state is taken at a
 * step boundary). */
ShlSession       *shl_sim_to_session     (ShlSim *sim);
/* Replace everything by a session; training continues where it stopped.
 * On error nothing changes. */
gboolean          shl_sim_load_session   (ShlSim *sim, const ShlSession *session,
                                          GError **error);
/* The twin network g the readouts compare with (NULL: none). */
const ShlNet     *shl_sim_get_twin       (ShlSim *sim);
void              shl_sim_set_twin       (ShlSim *sim, const ShlNet *twin);
/* Show a preset of the pathology gallery (shl-pathology.h) as a mode: Γ
 * becomes the network at step 0, g the twin, the data are g on its points
 * (shl_pathology_data), so training moves Γ towards g, and the view takes
 * the preset's recipe (shl-view-recipe.h). Entering keeps the user's
 * problem (target, data, dimension, width, initialisation, loss,
 * optimiser settings, twin and view); another preset or parameter keeps
 * it still. */
gboolean          shl_sim_apply_pathology (ShlSim *sim, const char *id,
                                           double param, GError **error);
/* Leave the preset mode: the problem from before it comes back (and
 * restarts at step 0). Nothing happens outside a preset. Changing a
 * problem property (target, dimension, width, …) leaves the preset the
 * same way before the change applies. */
void              shl_sim_leave_pathology (ShlSim *sim);
/* Back to what a new sim shows: no preset (the problem from before it
 * is not restored either), every problem and optimiser setting at its
 * default, no imported data, no network from a file, no twin, the
 * default view; restarts at step 0, paused. The speed stays. */
void              shl_sim_restore_defaults (ShlSim *sim);
/* the preset shown (its id) and its parameter, or NULL outside one */
const char       *shl_sim_get_preset     (ShlSim *sim, double *param);
/* what the data are, when the target is "data": "g of P1 (preset)", an
 * imported file's name, or "Imported data" */
const char       *shl_sim_get_data_label (ShlSim *sim);
/* Apply a typed symmetry move (shl-move.h) to the current network: an
 * event on the training timeline (shl-timeline.h). Training goes on from
 * the moved network at the same step (the optimiser's state restarts);
 * the history and the loss curve keep what came before, and the network
 * before the move is kept as the event's ghost (the twin is not
 * touched). The width stays: neurons that κ drops or merges leave zero
 * neurons in their slots. The trajectory panel switches to the plane
 * that shows the move (the balance plane for rescaling and balancing,
 * the kink plane for the others, in 1-D). Each move keeps the
 * realization on the domain. On error (the move does not apply to this
 * network: a neuron out of range, λ <= 0, a network that is not finite)
 * nothing changes and the message names the move and why. */
gboolean          shl_sim_apply_move     (ShlSim *sim, const ShlMove *move,
                                          GError **error);
/* the symmetry moves made in this run */
const ShlTimeline *shl_sim_get_timeline  (ShlSim *sim);
/* The network before the last move (the ghost), or NULL when the last
 * move is not at the step shown. */
const ShlNet     *shl_sim_get_ghost      (ShlSim *sim);
/* Emphasise neuron i (0-based) in every panel; -1: none. */
void              shl_sim_set_highlight  (ShlSim *sim, int neuron);
int               shl_sim_get_highlight  (ShlSim *sim);
/* The same, from a move's id (shl_move_from_id: "balance", "balance-I",
 * "rescale-I-LAMBDA", "reverse", "canon-K", "canonical"); an unknown id
 * is an error. For files and tests; code builds ShlMove values. */
gboolean          shl_sim_transform      (ShlSim *sim, const char *op,
                                          GError **error);
/* the optimiser settings the engine trains with */
void              shl_sim_get_opts       (ShlSim *sim, ShlTrainOpts *opts);
/* the recorded history (for tests and export) */
guint             shl_sim_get_history_length (ShlSim *sim);
/* TRUE once per change since the last call (new snapshot or landscape) */
gboolean          shl_sim_take_dirty     (ShlSim *sim);

/* Replace the data by an imported set (CSV): the target becomes "data". */
gboolean          shl_sim_import_data    (ShlSim *sim, const char *path,
                                          GError **error);
/* Start from a given network (its width and dimension are adopted). */
gboolean          shl_sim_load_network   (ShlSim *sim, const char *path,
                                          GError **error);
/* Direct manipulation (shl-sim-edit.c). An edit is a bracket: begin
 * pauses training (waiting for the engine to stop at a step boundary),
 * keeps the state for undo under label (one undo step for the whole
 * bracket: a drag; none when nothing changed in it), and end resumes
 * training if it was running. Brackets
 * nest; the functions below make their own bracket when called outside
 * one. Undo or redo during a bracket ends it. */
void              shl_sim_edit_begin     (ShlSim *sim, const char *label);
void              shl_sim_edit_end       (ShlSim *sim);
gboolean          shl_sim_is_editing     (ShlSim *sim);
/* Set neuron i's (a_i (d), b_i, c_i) of the network (twin = FALSE: the
 * change takes effect as a restart at the current step, like a symmetry
 * move: the history up to there stays, the optimiser's state restarts)
 * or of the twin. On error (no twin, i out of range, a value not finite)
 * nothing changes. */
gboolean          shl_sim_set_neuron     (ShlSim *sim, gboolean twin, int i,
                                          const double *a, double b, double c,
                                          GError **error);
/* the network edits apply to (the live network at the current step), or
 * the twin (NULL: none) */
const ShlNet     *shl_sim_get_edit_net   (ShlSim *sim, gboolean twin);
/* the data training uses */
const ShlData    *shl_sim_get_data       (ShlSim *sim);
/* Add a data point: x (d) in the domain, y its value (classification:
 * its class, 0 or 1). The data become the sim's own points (saved in a
 * session as points; the target becomes "data"); training restarts at the
 * current step. */
gboolean          shl_sim_add_point      (ShlSim *sim, const double *x,
                                          double y, GError **error);
/* Erase the points drawn inside the ellipse centred at (cx, cy) with
 * half-axes rx, ry (> 0): in 1-D the plane is (x, y), in 2-D (x1, x2).
 * Returns how many were erased (0: none, nothing changes; also 0 with an
 * error when they would be all of them). */
guint             shl_sim_erase_points   (ShlSim *sim, double cx, double cy,
                                          double rx, double ry, GError **error);
/* Undo and redo every change that resets or moves the network (settings,
 * presets, symmetry moves, the twin, opened files, lesson slides, reset):
 * the network, optimiser state and history come back bit for bit. Also
 * the sim. actions "undo" and "redo" (enabled when there is something to
 * undo or redo). FALSE with an error when there is nothing to undo. */
gboolean          shl_sim_undo           (ShlSim *sim, GError **error);
gboolean          shl_sim_redo           (ShlSim *sim, GError **error);
/* what the next undo (redo: the next redo) reverts, or NULL */
const char       *shl_sim_get_undo_label (ShlSim *sim, gboolean redo);
/* Bookmarks: named states of the run, saved in the session. Adding one
 * keeps the state as it is (name NULL or "": "Step N"); going to one is a
 * change that undo reverts; bookmarks stay when the run is undone. Also
 * the sim. actions "bookmark" (the default name) and "goto-bookmark"
 * (its index, "u"). */
void              shl_sim_add_bookmark   (ShlSim *sim, const char *name);
guint             shl_sim_n_bookmarks    (ShlSim *sim);
const char       *shl_sim_get_bookmark_name (ShlSim *sim, guint index);
gboolean          shl_sim_goto_bookmark  (ShlSim *sim, guint index, GError **error);
void              shl_sim_remove_bookmark (ShlSim *sim, guint index);
/* block until the engine has processed everything sent so far (tests) */
void              shl_sim_sync           (ShlSim *sim);

G_END_DECLS
