/* shl-panel-grid.h: lays out the plot panels.
 *
 * A 2x2 grid, or a row of four on windows wide and short enough that
 * the row's panels are clearly larger (and never narrower than a
 * landscape needs); one panel can be maximised (the others are hidden)
 * and restored. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SHL_TYPE_PANEL_GRID (shl_panel_grid_get_type ())
G_DECLARE_FINAL_TYPE (ShlPanelGrid, shl_panel_grid, SHL, PANEL_GRID, GtkWidget)

GtkWidget *shl_panel_grid_new           (void);
void       shl_panel_grid_add           (ShlPanelGrid *grid, GtkWidget *child);
/* index of the maximised panel, or -1 */
int        shl_panel_grid_get_maximized (ShlPanelGrid *grid);
void       shl_panel_grid_set_maximized (ShlPanelGrid *grid, int index);
/* FALSE: always the 2x2 grid (the presenter mode) */
void       shl_panel_grid_set_allow_row (ShlPanelGrid *grid, gboolean allow);
/* TRUE when the current layout is a single row */
gboolean   shl_panel_grid_is_row        (ShlPanelGrid *grid);

G_END_DECLS
