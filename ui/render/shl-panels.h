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

#include "shl-panel-report.h"
#include "shl-plot-style.h"
#include "shl-rect.h"
#include "shl-scene.h"

G_BEGIN_DECLS

typedef enum {
  SHL_PANEL_REALIZATION,
  SHL_PANEL_DERIVATIVE,
  SHL_PANEL_LANDSCAPE,
  SHL_PANEL_TRAJECTORY,
  SHL_N_PANELS
} ShlPanelKind;

const char *shl_panel_id    (ShlPanelKind kind);   /* "realization", ... */
const char *shl_panel_title (ShlPanelKind kind);   /* "Realization", ... */
/* parse an id; FALSE if unknown */
gboolean    shl_panel_from_id (const char *id, ShlPanelKind *out);

/* Draw one panel into area. */
void        shl_panel_draw  (cairo_t *cr, ShlPanelKind kind,
                             const ShlScene *scene, const ShlPlotStyle *style,
                             const ShlRect *area);
/* The same, recording into report (may be NULL) every plot it laid out
 * and every item it added, by role (shl-panel-report.h): what tests assert
 * on and what a click on a panel is hit-tested against. The report is
 * cleared first. */
void        shl_panel_draw_report (cairo_t *cr, ShlPanelKind kind,
                                   const ShlScene *scene,
                                   const ShlPlotStyle *style,
                                   const ShlRect *area,
                                   ShlPanelReport *report);
/* Neuron i's colour, the same in every panel and in the app's neuron
 * table (the palette cycles; with more neurons than colours the panels
 * number them). */
ShlColor    shl_panel_neuron_color (const ShlPlotStyle *style, int i);

/* All four panels as one figure: a row when wide, else 2x2. */
void        shl_panels_draw_all (cairo_t *cr, const ShlScene *scene,
                                 const ShlPlotStyle *style,
                                 const ShlRect *area);

/* A figure: one panel (panel >= 0) or all four, in a style preset, into
 * width x height user units, with the default figure options (see
 * shl-panels-figure.h for the others). */
void        shl_panels_draw_figure (cairo_t *cr, const ShlScene *scene,
                                    int panel, ShlStylePreset preset,
                                    double width, double height);

/* Every plotted series as CSV files with a header naming each column,
 * written atomically into dir (created if needed): the curves, grids,
 * kinks, landscape slice and path, every recorded neuron position and the
 * loss. Returns the number of files written in *n_files (may be NULL). */
gboolean    shl_panels_export_csv (const ShlScene *scene, const char *dir,
                                   guint *n_files, GError **error);

G_END_DECLS

/* The window and the simulation controller reach the view settings and
 * the scene from a session through this header; new code includes these
 * two directly (they are about sessions, not drawing). */
#include "shl-panels-figure.h"
#include "shl-scene-data.h"
#include "shl-view-settings.h"
