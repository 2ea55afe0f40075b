/* shl-window-actions.c: the window's view actions: maximise and restore
 * a panel, show or hide the sidebar, fullscreen, and the experiments
 * window. The actions of the other rooms are installed by them. */
#include "shl-window-private.h"

#include "shl-experiments-window.h"
#include "shl-panel-grid.h"

/* win.maximize-panel(i): maximise panel i, or restore if it is maximised */
static void
act_maximize (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  int i = g_variant_get_int32 (p);
  ShlPanelGrid *grid = SHL_PANEL_GRID (self->grid);
  shl_panel_grid_set_maximized (grid, shl_panel_grid_get_maximized (grid) == i ? -1 : i);
  shl_sim_get_view_settings (self->sim)->maximized = shl_panel_grid_get_maximized (grid);
}

static void
act_restore (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  shl_panel_grid_set_maximized (SHL_PANEL_GRID (self->grid), -1);
  shl_sim_get_view_settings (self->sim)->maximized = -1;
}

static void
act_toggle_sidebar (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  gboolean show = !gtk_widget_get_visible (self->sidebar);
  gtk_widget_set_visible (self->sidebar, show);
  gtk_widget_set_visible (self->sidebar_sep, show);
}

static void
act_fullscreen (GtkWidget *w, const char *name, GVariant *p)
{
  GtkWindow *win = GTK_WINDOW (w);
  if (gtk_window_is_fullscreen (win))
    gtk_window_unfullscreen (win);
  else
    gtk_window_fullscreen (win);
}

static void
act_experiments (GtkWidget *w, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (w);
  ShlExperimentsWindow *e = shl_experiments_window_new (GTK_WINDOW (self), self->sim);
  gtk_window_present (GTK_WINDOW (e));
}

void
shl_window_actions_class_init (GtkWidgetClass *wc)
{
  gtk_widget_class_install_action (wc, "win.maximize-panel", "i", act_maximize);
  gtk_widget_class_install_action (wc, "win.restore-panels", NULL, act_restore);
  gtk_widget_class_install_action (wc, "win.toggle-sidebar", NULL, act_toggle_sidebar);
  gtk_widget_class_install_action (wc, "win.fullscreen", NULL, act_fullscreen);
  gtk_widget_class_install_action (wc, "win.experiments", NULL, act_experiments);

  gtk_widget_class_add_binding_action (wc, GDK_KEY_F11, 0, "win.fullscreen", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_Escape, 0, "win.restore-panels", NULL);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_0, GDK_CONTROL_MASK, "win.restore-panels", NULL);
  for (int k = 0; k < SHL_N_PANELS; k++)
    gtk_widget_class_add_binding_action (wc, GDK_KEY_1 + k, GDK_CONTROL_MASK,
                                         "win.maximize-panel", "i", k);
}
