/* shl-window-export-job.c: drawing a figure of the current state into a
 * file, exactly as `shallows-cli render` draws the same session: at once
 * (tests, scripts) or in a worker thread (the Export Figure dialog: the
 * loss slice on a grid that follows the figure's size can take a second
 * or more, and the window must not freeze; the job can be cancelled).
 * The worker touches no GTK: it has its own copy of the session and of
 * the figure's options. */
#include "shl-window-private.h"

#include "shl-cancel-bridge.h"
#include "shl-figure-spec.h"
#include "shl-session.h"

typedef struct {
  const ShlFigureOptions *options;
  ShlScene               *scene;
} ExportCtx;

static void
draw_export (cairo_t *cr, double width, double height, gpointer data)
{
  ExportCtx *ctx = data;
  shl_panels_draw_figure_with (cr, ctx->scene, ctx->options, width, height);
}

/* the figure of a session; the loss slice at 200 nodes per inch of its
 * map, as `render --out` computes it */
static gboolean
export_session (const ShlSession *ss, const char *path, ShlExportFormat format,
                const ShlFigureOptions *options, double width_pt, double height_pt, double dpi,
                gboolean transparent, const ShlCancel *cancel, GError **error)
{
  int grid = shl_figure_landscape_grid (options, width_pt, height_pt, 200.0);
  g_autoptr (ShlSceneData) sd = shl_scene_data_new_cancellable (ss, grid, cancel, error);
  if (!sd)
    return FALSE;
  ExportCtx ctx = { options, shl_scene_data_get_scene (sd) };
  return shl_render_export (path, format, width_pt, height_pt, dpi,
                            transparent ? SHL_EXPORT_TRANSPARENT : SHL_EXPORT_FLAGS_NONE,
                            draw_export, &ctx, error);
}

gboolean
shl_window_export_figure_with (ShlWindow *self, const char *path, ShlExportFormat format,
                               const ShlFigureOptions *options, double width_pt,
                               double height_pt, double dpi, gboolean transparent,
                               GError **error)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL && options != NULL, FALSE);
  g_return_val_if_fail (options->panel >= -1 && options->panel < SHL_N_PANELS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  /* the same scene `shallows-cli render` builds from the saved session */
  g_autoptr (ShlSession) ss = shl_sim_to_session (self->sim);
  return export_session (ss, path, format, options, width_pt, height_pt, dpi, transparent, NULL,
                         error);
}

gboolean
shl_window_export_figure (ShlWindow *self, const char *path, ShlExportFormat format,
                          int panel, double width_pt, double height_pt, double dpi,
                          ShlStylePreset style, gboolean transparent, GError **error)
{
  g_return_val_if_fail (panel >= -1 && panel < SHL_N_PANELS, FALSE);
  /* what shl_panels_draw_figure draws */
  ShlFigureOptions o;
  shl_figure_options_init (&o);
  o.panel = panel;
  o.preset = style;
  return shl_window_export_figure_with (self, path, format, &o, width_pt, height_pt, dpi,
                                        transparent, error);
}

/* ---------------------------------------------------------- in a thread */

typedef struct {
  ShlSession      *ss;
  ShlFigureSpec   *spec;   /* the options, the worker's own copy */
  char            *path;
  ShlExportFormat  format;
  double           width_pt, height_pt, dpi;
  gboolean         transparent;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *j = data;
  shl_session_free (j->ss);
  shl_figure_spec_free (j->spec);
  g_free (j->path);
  g_free (j);
}

static void
export_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ExportJob *j = data;
  g_autoptr (ShlCancelBridge) bridge = shl_cancel_bridge_new (cancellable);
  GError *error = NULL;
  if (export_session (j->ss, j->path, j->format, &j->spec->options, j->width_pt, j->height_pt,
                      j->dpi, j->transparent, shl_cancel_bridge_flag (bridge), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
shl_window_export_figure_async (ShlWindow *self, const char *path, ShlExportFormat format,
                                const ShlFigureOptions *options, double width_pt,
                                double height_pt, double dpi, gboolean transparent,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_return_if_fail (SHL_IS_WINDOW (self));
  g_return_if_fail (path != NULL && options != NULL);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, shl_window_export_figure_async);
  /* the result says what happened: a job that finished before Cancel
   * wrote its file */
  g_task_set_check_cancellable (task, FALSE);
  /* the options point into the dialog: the worker gets its own through
   * the spec's writer and reader, which keep every field exactly */
  g_autofree char *json = shl_figure_spec_to_json (options, NAN, NAN);
  GError *error = NULL;
  ShlFigureSpec *spec = shl_figure_spec_from_json (json, -1, "figure", &error);
  if (!spec)
    {
      g_task_return_error (task, error);
      return;
    }
  /* the header (a frame's step) is not a spec field */
  spec->options.header = NULL;
  ExportJob *j = g_new0 (ExportJob, 1);
  j->ss = shl_sim_to_session (self->sim);
  j->spec = spec;
  j->path = g_strdup (path);
  j->format = format;
  j->width_pt = width_pt;
  j->height_pt = height_pt;
  j->dpi = dpi;
  j->transparent = transparent;
  g_task_set_task_data (task, j, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
shl_window_export_figure_finish (ShlWindow *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
