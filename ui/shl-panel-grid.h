/* shl-panel-grid.h: lays out the plot panels.
 *
 * A row on wide windows, a 2x2 grid on narrower ones; one panel can be
 * maximised (the others are hidden) and restored. */
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
/* TRUE when the current layout is a single row */
gboolean   shl_panel_grid_is_row        (ShlPanelGrid *grid);

G_END_DECLS
