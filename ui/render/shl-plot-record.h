/* shl-plot-record.h: the boxes a drawing put on the page, as it drew them.
 *
 * Attach a record to a cairo_t and every plot, figure and panel drawn on
 * it afterwards adds the box of each text it shows (title, axis and tick
 * labels, common factors, annotations, legend entries), of each legend
 * and colour bar, and of each plot's area and data area, in the user
 * units the cairo_t had when the record was attached (points for an
 * export, logical pixels on screen). The layout of each plot (its drop
 * stage, where its legend went) is kept too. Tests use it to prove that
 * no text overlaps another or leaves the page, whatever the size:
 *
 *   g_autoptr (ShlPlotRecord) rec = shl_plot_record_new ();
 *   shl_plot_record_attach (rec, cr);
 *   shl_panel_draw (cr, ...);
 *   shl_plot_record_detach (cr);
 *   for (guint i = 0; i < shl_plot_record_get_n_boxes (rec); i++) ...
 *
 * With SHL_RECORD_PAINT_DATA the drawing lays everything out exactly as
 * usual but paints only the data a legend must not cover (curves,
 * markers, steps, rugs, segments, annotations): not the background,
 * grid, frame, heat maps, contour lines, reference lines, text or
 * legends. What is painted under a recorded legend box is then data the
 * legend would cover. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "shl-rect.h"

G_BEGIN_DECLS

typedef enum {
  SHL_BOX_AREA,          /* the rectangle a plot was given */
  SHL_BOX_PLOT,          /* its data area (inside the frame) */
  SHL_BOX_COLORBAR,      /* the colour bar itself */
  SHL_BOX_LEGEND,        /* a legend's frame */
  SHL_BOX_TITLE,
  SHL_BOX_AXIS_LABEL,    /* x, y and colour-bar labels */
  SHL_BOX_TICK_LABEL,    /* x, y and colour-bar tick labels */
  SHL_BOX_MULTIPLIER,    /* a common factor "×10⁵" of tick labels */
  SHL_BOX_TEXT,          /* an annotation (shl_plot_add_text) */
  SHL_BOX_LEGEND_TEXT,   /* a legend entry's label, inside its legend */
  SHL_BOX_FIGURE_TITLE,  /* a figure's title above its plots */
  SHL_BOX_LETTER,        /* a panel letter "(a)" (shl_plot_set_letter) */
} ShlBoxKind;

typedef enum {
  SHL_RECORD_PAINT_ALL,  /* draw as usual */
  SHL_RECORD_PAINT_DATA, /* only the data a legend must not cover */
} ShlRecordPaint;

typedef struct {
  ShlBoxKind kind;
  int        plot;       /* the plot, numbered in drawing order from 0;
                            -1 for a figure's own boxes */
  ShlRect    rect;       /* axis-aligned, covering ink and logical
                            extents (rotated text: its rotated box) */
  char      *text;       /* the plain text of a text box, else NULL */
} ShlBox;

typedef struct _ShlPlotRecord ShlPlotRecord;

ShlPlotRecord *shl_plot_record_new        (void);
void           shl_plot_record_free       (ShlPlotRecord *record);
/* From now on plots drawn on cr add to record (which must outlive the
 * attachment); the current matrix of cr defines the record's units. */
void           shl_plot_record_attach     (ShlPlotRecord *record,
                                           cairo_t *cr);
void           shl_plot_record_detach     (cairo_t *cr);
void           shl_plot_record_set_paint  (ShlPlotRecord *record,
                                           ShlRecordPaint paint);
/* A dry run: a cairo_t on a recording surface with like's units and
 * record attached, to draw into and read the record of (what a layout
 * would do); shl_plot_record_dry_run_end detaches and frees it. */
cairo_t       *shl_plot_record_dry_run     (cairo_t *like, ShlPlotRecord *record);
/* The type of the surface cr draws to, or for a dry run the type of the
 * surface it stands in for (a layout snaps to pixels on raster targets
 * only: the dry run must decide as the real drawing will). */
cairo_surface_type_t shl_plot_target_type  (cairo_t *cr);
void           shl_plot_record_dry_run_end (cairo_t *cr);
void           shl_plot_record_clear      (ShlPlotRecord *record);

guint          shl_plot_record_get_n_boxes (const ShlPlotRecord *record);
const ShlBox  *shl_plot_record_get_box     (const ShlPlotRecord *record,
                                            guint i);
int            shl_plot_record_get_n_plots (const ShlPlotRecord *record);
/* The drop stage (ShlDropStage) the layout of plot i needed, and where
 * its legend went (ShlLegendPos: a corner, SHL_LEGEND_OUTSIDE, or
 * SHL_LEGEND_NONE when it has none or it was dropped). */
int            shl_plot_record_get_stage   (const ShlPlotRecord *record,
                                            int plot);
int            shl_plot_record_get_legend  (const ShlPlotRecord *record,
                                            int plot);

/* TRUE for the kinds that are text (or hold text: legends). */
gboolean       shl_box_kind_is_text       (ShlBoxKind kind);
const char    *shl_box_kind_name          (ShlBoxKind kind);

/* For the drawing code: the record attached to cr, or NULL. */
ShlPlotRecord *shl_plot_record_get        (cairo_t *cr);
/* Starts the next plot and returns its number. */
int            shl_plot_record_begin_plot (ShlPlotRecord *record, int stage,
                                           int legend);
/* Adds the box r (user units of cr's current matrix) to plot. */
void           shl_plot_record_add        (ShlPlotRecord *record,
                                           cairo_t *cr, ShlBoxKind kind,
                                           int plot, const ShlRect *r,
                                           const char *text);
ShlRecordPaint shl_plot_record_get_paint  (const ShlPlotRecord *record);
int            shl_plot_record_current_plot (const ShlPlotRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlPlotRecord, shl_plot_record_free)

G_END_DECLS
