/* ui-test-util.h: what the UI test programs share.
 *
 * Every wait here iterates the main loop until a named condition holds;
 * nothing sleeps for a fixed time and nothing asserts on elapsed time. The
 * only clock is a hang guard (SHL_UI_HANG_GUARD_S seconds, or the
 * environment variable SHL_UI_HANG_GUARD if it asks for a minute or more)
 * that turns a condition which never comes into a failure naming the
 * condition and the test's file:line. On a busy or sanitised build the
 * tests pass, only slower.
 *
 * The helpers that wait are macros, so that a hang is reported at the
 * line of the test that waited. */
#pragma once

#include <gtk/gtk.h>

#include "shl-application.h"
#include "shl-window.h"

G_BEGIN_DECLS

/* seconds a single wait may take before it counts as a hang */
#define SHL_UI_HANG_GUARD_S 300

/* where in a test a helper was called */
typedef struct {
  const char *file;
  int         line;
  const char *func;
} ShlUiWhere;
#define SHL_UI_HERE ((ShlUiWhere) { __FILE__, __LINE__, G_STRFUNC })

/* ---------------------------------------------------------- the program */

/* g_test_init, GTK (cairo renderer, no accessibility bus) and the
 * application, registered so that its startup (actions, accelerators, CSS)
 * has run. Exits 77 (skip) when no display can be had. */
void            shl_ui_test_init (int *argc, char ***argv);
/* the application made by shl_ui_test_init */
ShlApplication *shl_ui_test_app  (void);
/* g_test_run, then release the application; returns the exit status */
int             shl_ui_test_run  (void);

/* ------------------------------------------------------------- waiting */

/* Iterate the default main context until expr holds; fails the test with
 * "file:line: still waiting for EXPR after N s" once the hang guard has
 * run out:   SHL_UI_WAIT_UNTIL (shl_panel_grid_is_row (grid)); */
#define SHL_UI_WAIT_UNTIL(expr) SHL_UI_WAIT_UNTIL_AT (SHL_UI_HERE, #expr, expr)

/* the same with the place and the description given */
#define SHL_UI_WAIT_UNTIL_AT(where, what, expr)                               \
  G_STMT_START {                                                              \
    ShlUiWaiter *shl__waiter = shl_ui_waiter_new ((where), (what));           \
    while (!(expr))                                                           \
      shl_ui_waiter_iterate (shl__waiter);                                    \
    shl_ui_waiter_free (shl__waiter);                                         \
  } G_STMT_END

/* the machinery behind SHL_UI_WAIT_UNTIL */
typedef struct _ShlUiWaiter ShlUiWaiter;
ShlUiWaiter *shl_ui_waiter_new     (ShlUiWhere where, const char *what);
/* one blocking main-loop iteration (woken at least every few ms, so that
 * conditions set by other threads are seen); fails the test once the hang
 * guard has run out */
void         shl_ui_waiter_iterate (ShlUiWaiter *w);
/* returns the seconds the wait took (to print, never to assert on) */
double       shl_ui_waiter_free    (ShlUiWaiter *w);

/* Redraw widget and wait until GTK has drawn it in a new frame (its render
 * node was made anew). */
#define shl_ui_wait_frame(widget) shl_ui_wait_frame_at (SHL_UI_HERE, (widget))
void shl_ui_wait_frame_at (ShlUiWhere where, GtkWidget *widget);

/* --------------------------------------------------------------- windows */

/* A main window of the given default size, presented; returns once it is
 * mapped and allocated, its panels have been drawn and the engine has
 * processed everything sent to it (shl_sim_sync). The size it gets is the
 * display's to give: under Xvfb never more than the screen. */
#define shl_ui_window_new(width, height) \
  shl_ui_window_new_at (SHL_UI_HERE, (width), (height))
ShlWindow *shl_ui_window_new_at (ShlUiWhere where, int width, int height);

/* Present any window and wait until it is mapped, allocated and drawn. */
#define shl_ui_present(window) shl_ui_present_at (SHL_UI_HERE, GTK_WINDOW (window))
void shl_ui_present_at (ShlUiWhere where, GtkWindow *window);

/* Destroy a window and wait until it is gone (finalized: a main window's
 * engine thread has stopped). */
#define shl_ui_window_close(window) shl_ui_window_close_at (SHL_UI_HERE, GTK_WINDOW (window))
void shl_ui_window_close_at (ShlUiWhere where, GtkWindow *window);

/* ------------------------------------------------------------- actions */

/* Activate an action as a menu item or an accelerator would, by its
 * detailed name in the widget's scope: "sim.step", "win.maximize-panel(2)",
 * "win.twin('start')", "app.zoom(1.15)". Fails if there is no such action. */
#define shl_ui_activate(widget, detailed_name) \
  shl_ui_activate_at (SHL_UI_HERE, GTK_WIDGET (widget), (detailed_name))
void shl_ui_activate_at (ShlUiWhere where, GtkWidget *widget, const char *detailed_name);

/* change the state of sim.running (train / pause) */
void    shl_ui_set_running (ShlWindow *window, gboolean on);
/* the sim's "step" and "loss-value" */
guint64 shl_ui_sim_step    (ShlSim *sim);
double  shl_ui_sim_loss    (ShlSim *sim);

/* ------------------------------------------------------------- checks */

/* Save a PNG of the whole window as GTK draws it, to $SHL_BUILD_DIR/name
 * (the current directory without it). Waits for a new frame first, so the
 * picture shows the current state. */
#define shl_ui_screenshot(window, name) \
  shl_ui_screenshot_at (SHL_UI_HERE, GTK_WIDGET (window), (name))
void shl_ui_screenshot_at (ShlUiWhere where, GtkWidget *window, const char *name);

/* Fail unless every visible panel draws something: a panel is blank when
 * fewer than 2 % of its pixels differ from its corner. */
#define shl_ui_assert_panels_not_blank(window) \
  shl_ui_assert_panels_not_blank_at (SHL_UI_HERE, (window))
void shl_ui_assert_panels_not_blank_at (ShlUiWhere where, ShlWindow *window);

G_END_DECLS
