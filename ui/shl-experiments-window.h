/* shl-experiments-window.h: the inverse-stability experiments window. */
#pragma once

#include <gtk/gtk.h>

#include "shl-sim.h"

G_BEGIN_DECLS

#define SHL_TYPE_EXPERIMENTS_WINDOW (shl_experiments_window_get_type ())
G_DECLARE_FINAL_TYPE (ShlExperimentsWindow, shl_experiments_window, SHL, EXPERIMENTS_WINDOW, GtkWindow)

ShlExperimentsWindow *shl_experiments_window_new (GtkWindow *parent, ShlSim *sim);
/* start the jobs as the buttons do (for tests) */
void          shl_experiments_window_start_scatter (ShlExperimentsWindow *self);
void          shl_experiments_window_start_compare (ShlExperimentsWindow *self);
gboolean      shl_experiments_window_is_busy       (ShlExperimentsWindow *self);
guint         shl_experiments_window_get_n_samples (ShlExperimentsWindow *self);
const double *shl_experiments_window_get_losses    (ShlExperimentsWindow *self,
                                                    gboolean restricted, int *n);

G_END_DECLS
