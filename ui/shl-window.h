/* shl-window.h: the main window. */
#pragma once

#include <gtk/gtk.h>

#include "shl-export.h"
#include "shl-lesson.h"
#include "shl-panels-figure.h"
#include "shl-plot-style.h"
#include "shl-sim.h"

G_BEGIN_DECLS

#define SHL_TYPE_WINDOW (shl_window_get_type ())
G_DECLARE_FINAL_TYPE (ShlWindow, shl_window, SHL, WINDOW, GtkApplicationWindow)

ShlWindow *shl_window_new          (GtkApplication *app);
ShlSim    *shl_window_get_sim      (ShlWindow *self);
/* the four plot views, in the order realization, derivative, landscape,
 * trajectory */
GtkWidget *shl_window_get_panel    (ShlWindow *self, int index);
GtkWidget *shl_window_get_grid     (ShlWindow *self);
/* open a network JSON or data CSV (by content), as drag and drop does */
gboolean   shl_window_open_file    (ShlWindow *self, GFile *file, GError **error);
/* the text size of the plots and of every widget of the window (CSS);
 * the sidebar's width grows with it */
void       shl_window_set_plot_scale (ShlWindow *self, double scale);
double     shl_window_get_plot_scale (ShlWindow *self);
/* Remember the window's size and maximised state in the preferences
 * (GSettings): done when the window closes and when the application
 * quits; a new window starts with them. */
void       shl_window_save_state     (ShlWindow *self);
/* frame timing: median and max draw time of all four panels in the last
 * frames, in microseconds */
void       shl_window_get_draw_stats (ShlWindow *self, double *median_us,
                                      double *max_us, guint *frames);

/* Export a figure of the current state (panel -1: all four) exactly as
 * `shallows-cli render` draws the same session. */
gboolean   shl_window_export_figure (ShlWindow *self, const char *path,
                                     ShlExportFormat format, int panel,
                                     double width_pt, double height_pt,
                                     double dpi, ShlStylePreset style,
                                     gboolean transparent, GError **error);
/* The same with every option of a figure (shl-panels-figure.h), as the
 * export dialog draws it. */
gboolean   shl_window_export_figure_with (ShlWindow *self, const char *path,
                                          ShlExportFormat format,
                                          const ShlFigureOptions *options,
                                          double width_pt, double height_pt,
                                          double dpi, gboolean transparent,
                                          GError **error);
/* The same in a worker thread (the dialog's Export: the loss slice on a
 * grid that follows the figure's size takes a while); cancellable: the
 * job stops and finishes with G_IO_ERROR_CANCELLED. The options are
 * copied at the call. */
void       shl_window_export_figure_async (ShlWindow *self, const char *path,
                                           ShlExportFormat format,
                                           const ShlFigureOptions *options,
                                           double width_pt, double height_pt,
                                           double dpi, gboolean transparent,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
gboolean   shl_window_export_figure_finish (ShlWindow *self,
                                            GAsyncResult *result,
                                            GError **error);
/* The Export Figure dialog (Ctrl+E), opened and returned; what its
 * buttons do, for tests. load_spec: as Load… does, every control from
 * the spec at path, its other fields (panel order, per-panel limits,
 * ticks, labels, ...) kept for the export; a bad spec changes nothing
 * and its error goes to error, or (error NULL) to an error dialog as
 * Load… shows it. save_spec: as Save…, the dialog's figure as a spec.
 * options: the figure Export draws and its size in pt; its pointers are
 * the dialog's (valid while it is open and loads no other spec). */
GtkWidget *shl_window_export_dialog_open      (ShlWindow *self);
gboolean   shl_window_export_dialog_load_spec (GtkWidget *dialog,
                                               const char *path,
                                               GError **error);
gboolean   shl_window_export_dialog_save_spec (GtkWidget *dialog,
                                               const char *path,
                                               GError **error);
void       shl_window_export_dialog_options   (GtkWidget *dialog,
                                               ShlFigureOptions *options,
                                               double *width_pt,
                                               double *height_pt);
/* Every plotted series as CSV files in dir (see shl_panels_export_csv). */
gboolean   shl_window_export_data  (ShlWindow *self, const char *dir,
                                    guint *n_files, GError **error);
/* Save the session to path (and remember it as the window's file). */
gboolean   shl_window_save_session (ShlWindow *self, const char *path,
                                    GError **error);
const char *shl_window_get_session_path (ShlWindow *self);
/* the text of twin readout k (0 sup, 1 W1inf, 2 raw, 3 d_sym, 4 d_fib,
 * 5 ratio), for tests */
const char *shl_window_get_twin_readout (ShlWindow *self, int k);
/* select a preset of the pathology gallery (id, e.g. "p1") by the
 * sidebar's drop-down, as a user would */
gboolean   shl_window_select_pathology (ShlWindow *self, const char *id);
/* move the history scrubber to a fraction of the recorded history (1: live) */
void       shl_window_scrub (ShlWindow *self, double fraction);
/* choose the trajectory panel's upper plot (ShlTrajView) */
void       shl_window_set_trajectory_view (ShlWindow *self, int view);
/* choose the landscape plane as the View drop-down does (ShlDirsKind) */
void       shl_window_set_landscape_directions (ShlWindow *self, int kind);
/* ---- lessons (shl-window-lesson.c; the format: engine/shl-lesson.h) */

/* Open a lesson file (or a shipped lesson by name: "paper", "p1") and
 * present it from its first slide. */
gboolean   shl_window_open_lesson   (ShlWindow *self, const char *path,
                                     GError **error);
/* The presenter mode (fullscreen, the caption band, no sidebar, the 2x2
 * grid, the clicker keys) on the open lesson's slide index. */
gboolean   shl_window_present_lesson (ShlWindow *self, int index, GError **error);
void       shl_window_leave_presenter (ShlWindow *self);
gboolean   shl_window_is_presenting (ShlWindow *self);
/* Show slide index (clamped to the lesson) as the presenter mode does:
 * the sim set to it, its training started at its pace. */
gboolean   shl_window_go_to_slide   (ShlWindow *self, int index, GError **error);
/* the slide shown (-1: none) and the open lesson (NULL: none; owned) */
int        shl_window_get_slide     (ShlWindow *self);
const ShlLesson *shl_window_get_lesson (ShlWindow *self);
/* the caption band (ShlCaptionView) */
GtkWidget *shl_window_get_caption   (ShlWindow *self);
/* where a slide's experiment (the scatter) is drawn instead of the panels */
GtkWidget *shl_window_get_experiment_view (ShlWindow *self);
/* "Add This View as a Slide": the run and view as they are now (a session
 * kept until the lesson is saved), a title and 1 to 3 caption lines (empty
 * ones skipped), training `steps` steps at the current pace when shown (0:
 * paused); a new lesson if none is open. */
gboolean   shl_window_add_slide     (ShlWindow *self, const char *title,
                                     const char *const *lines, guint64 steps,
                                     GError **error);
/* "Save Lesson…": the lesson to path, the sessions of slides added here
 * into NAME-slides/ next to it. */
gboolean   shl_window_save_lesson   (ShlWindow *self, const char *path,
                                     GError **error);

/* monotonic time (us) of the first frame the panels were drawn in, or 0 */
gint64     shl_window_get_first_frame_time (ShlWindow *self);

G_END_DECLS
