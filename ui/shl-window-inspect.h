/* shl-window-inspect.h: what the window shows, asked the way a test (or
 * an assistive tool) asks it: the inverse-stability readouts and the
 * preset, and what a panel drew (shl-panel-report.h) rather than its
 * pixels. Also the neuron selection a click on a panel makes. */
#pragma once

#include "shl-panel-report.h"
#include "shl-window.h"

G_BEGIN_DECLS

/* the readouts job is running or wanted */
gboolean    shl_window_twin_readouts_busy    (ShlWindow *self);
/* the qualifier next to readout k ("exact", "exact (theory §3)", "at
 * most", "widths differ"); waits for the readouts like
 * shl_window_get_twin_readout */
const char *shl_window_get_twin_readout_note (ShlWindow *self, int k);
/* the readout the preset highlights (0 sup, 1 W1inf, 2 raw, 3 d_sym,
 * 4 d_fib), -1: none */
int         shl_window_get_highlighted_readout (ShlWindow *self);
/* the preset the sidebar's Pathology drop-down names (its id), NULL for
 * "(none)" */
const char *shl_window_get_selected_pathology (ShlWindow *self);
/* the preset's parameter as the sidebar shows it ("n = 1000") */
const char *shl_window_get_pathology_value   (ShlWindow *self);
/* move the preset's slider to a parameter, as a user would */
void        shl_window_set_pathology_param   (ShlWindow *self, double param);

/* Draw panel kind offscreen at its current size and style and record
 * what it drew (a new report; free it). */
ShlPanelReport *shl_window_panel_report      (ShlWindow *self, int kind);
/* The neuron under (x, y) (widget coordinates) in panel kind, as a click
 * there finds it: TRUE and its index and owner. */
gboolean    shl_window_hit_neuron            (ShlWindow *self, int kind,
                                              double x, double y, int *neuron,
                                              ShlOwner *owner);
/* a click on a neuron: its row in the table is selected (and the neuron
 * emphasised in every panel); -1 clears */
void        shl_window_select_neuron         (ShlWindow *self, int neuron);
int         shl_window_get_selected_neuron   (ShlWindow *self);
/* the pointer over neuron i's row of the table (-1: left it) */
void        shl_window_hover_neuron_row      (ShlWindow *self, int neuron);
/* the bookmarks popover: remember the state under a name (as typed in its
 * entry and Remember clicked), its rows, click row k's name */
void        shl_window_bookmarks_remember    (ShlWindow *self, const char *name);
guint       shl_window_bookmarks_n_rows      (ShlWindow *self);
void        shl_window_bookmarks_click       (ShlWindow *self, guint k);

/* Direct manipulation (shl-window-edit.c): what the panels' drag gesture
 * calls, in widget coordinates of panel kind (those of its report). A
 * press grabs what is under the pointer (TRUE) and begins the drag;
 * motion drags it; release ends it (one undo step). button: 1 primary, 3
 * secondary; state: the modifiers (Shift: the twin, or the eraser; Ctrl:
 * class 0). A click that adds a data point adds it once the double-click
 * time has passed without a second press. */
gboolean    shl_window_edit_press            (ShlWindow *self, int kind,
                                              double x, double y, guint button,
                                              GdkModifierType state);
void        shl_window_edit_motion           (ShlWindow *self, double x,
                                              double y);
void        shl_window_edit_release          (ShlWindow *self, double x,
                                              double y);
/* what the current press grabbed ("dot", "kink", "vertex", "erase",
 * "add", NULL: nothing), its neuron and whether it is the twin's */
const char *shl_window_edit_get_grab         (ShlWindow *self, int *neuron,
                                              gboolean *twin);
/* a vertex drag: the x where f follows the pointer (NAN: no vertex
 * drag) */
double      shl_window_edit_get_lever        (ShlWindow *self);
/* a click's data point waits for the double-click time */
gboolean    shl_window_edit_point_pending    (ShlWindow *self);

G_END_DECLS
