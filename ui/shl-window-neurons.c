/* shl-window-neurons.c: the sidebar's neuron table (status badges, kink,
 * jump, imbalance, partners) and the symmetry moves: the whole-network
 * buttons above it and the per-neuron ×2, ÷2 and balance buttons in it.
 * Every symmetry move (a typed ShlMove) starts in this file. */
#include "shl-window-private.h"

#include <math.h>

#include "shl-geom.h"
#include "shl-move.h"
#include "shl-symmetry.h"

/* the table shows at most this many neurons */
#define TABLE_ROWS 24
/* training updates the table at most this often */
#define TABLE_US (500 * G_TIME_SPAN_MILLISECOND)

static void
on_transform (GtkButton *b, gpointer data)
{
  ShlWindow *self = data;
  ShlWindowNeurons *nt = &self->neurons;
  /* no stored move: the κ step button (the step after the last one applied) */
  const ShlMove *stored = g_object_get_data (G_OBJECT (b), "shl-move");
  ShlMove move = stored ? *stored : shl_move_canon_step ((ShlCanonStep) nt->canon_next);
  if (!stored)
    {
      nt->canon_next = nt->canon_next % SHL_CANON_N_STEPS + 1;
      g_autofree char *tip = g_strdup_printf ("Next: step %d, %s", nt->canon_next,
                                              shl_canon_step_name ((ShlCanonStep) nt->canon_next));
      gtk_widget_set_tooltip_text (GTK_WIDGET (b), tip);
    }
  g_autoptr (GError) err = NULL;
  if (!shl_sim_apply_move (self->sim, &move, &err))
    shl_window_show_error (self, "Could not transform the network", err);
  else
    shl_window_start_move_animation (self);
  nt->last = 0;
  shl_window_twin_changed (self);
}

/* per neuron: ×2, ÷2 (rescale) and balance */
static void
add_neuron_moves (ShlWindow *self, int i)
{
  const struct { const char *label, *tip; } acts[] = {
    { "×2", "Rescale by λ = 2: (2a, 2b, c/2), the same function" },
    { "÷2", "Rescale by λ = ½: (a/2, b/2, 2c), the same function" },
    { "⚖", "Balance this neuron: |c| = ‖(a, b)‖" },
  };
  for (unsigned q = 0; q < G_N_ELEMENTS (acts); q++)
    {
      GtkWidget *bt = gtk_button_new_with_label (acts[q].label);
      gtk_widget_add_css_class (bt, "flat");
      gtk_widget_set_tooltip_text (bt, acts[q].tip);
      ShlMove mv = q == 0 ? shl_move_rescale_neuron (i, 2.0)
                   : q == 1 ? shl_move_rescale_neuron (i, 0.5)
                            : shl_move_balance_neuron (i);
      g_object_set_data_full (G_OBJECT (bt), "shl-move", g_memdup2 (&mv, sizeof mv), g_free);
      g_signal_connect (bt, "clicked", G_CALLBACK (on_transform), self);
      gtk_grid_attach (GTK_GRID (self->neurons.grid), bt, 6 + (int) q, i + 1, 1, 1);
    }
}

static void
add_neuron_row (ShlWindow *self, int i, const ShlNeuronDiag *diag)
{
  GtkGrid *grid = GTK_GRID (self->neurons.grid);
  char buf[5][48];
  g_snprintf (buf[0], sizeof buf[0], "%d", i + 1);
  g_snprintf (buf[1], sizeof buf[1], "%s", shl_neuron_status_name (diag->status));
  g_snprintf (buf[2], sizeof buf[2], "%.3g", diag->kink);
  g_snprintf (buf[3], sizeof buf[3], "%.3g", diag->jump);
  g_snprintf (buf[4], sizeof buf[4], "%.2g", diag->imbalance);
  for (int j = 0; j < 5; j++)
    {
      GtkWidget *l = gtk_label_new (buf[j]);
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_widget_add_css_class (l, "numeric");
      if (j == 1)
        gtk_widget_add_css_class (l, diag->status == SHL_NEURON_ACTIVE ? "success"
                                     : diag->status == SHL_NEURON_DEAD ? "error" : "warning");
      if (j == 4 && fabs (diag->imbalance) > 1)
        gtk_widget_add_css_class (l, "warning");
      gtk_grid_attach (grid, l, j, i + 1, 1, 1);
    }
  char partner[48] = "";
  if (diag->duplicate_of >= 0)
    g_snprintf (partner, sizeof partner, "= %d", diag->duplicate_of + 1);
  else if (diag->opposite_of >= 0)
    g_snprintf (partner, sizeof partner, "−%d", diag->opposite_of + 1);
  GtkWidget *pl = gtk_label_new (partner);
  gtk_widget_set_tooltip_text (pl, "= j: the same kink as neuron j; −j: neuron j's kink, facing the other way");
  gtk_grid_attach (grid, pl, 5, i + 1, 1, 1);
  add_neuron_moves (self, i);
}

/* the neuron table: status badges, kink, jump, imbalance, partners */
void
shl_window_update_neuron_table (ShlWindow *self)
{
  ShlWindowNeurons *nt = &self->neurons;
  gint64 now = g_get_monotonic_time ();
  ShlScene *scn = shl_sim_get_scene (self->sim);
  /* a new network (reset, preset, move) is shown at once; training
   * updates at most twice a second */
  gboolean fresh = scn->net && (scn->net->m != nt->m || scn->step < nt->step);
  if (!fresh && now - nt->last < TABLE_US)
    {
      shl_window_schedule_refresh (self);
      return;
    }
  nt->last = now;
  nt->m = scn->net ? scn->net->m : -1;
  nt->step = scn->step;
  GtkWidget *c;
  while ((c = gtk_widget_get_first_child (nt->grid)))
    gtk_grid_remove (GTK_GRID (nt->grid), c);
  const ShlNet *net = scn->net;
  if (!net)
    return;
  const int show = MIN (net->m, TABLE_ROWS);
  g_autofree ShlNeuronDiag *diag = g_new (ShlNeuronDiag, MAX (net->m, 1));
  shl_net_diagnose (diag, net);
  const char *heads[] = { "#", "status", net->d == 1 ? "kink" : "offset", "jump", "log |c|/‖(a,b)‖", "" };
  for (int j = 0; j < 6; j++)
    {
      GtkWidget *h = gtk_label_new (heads[j]);
      gtk_widget_add_css_class (h, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (h), 0);
      gtk_grid_attach (GTK_GRID (nt->grid), h, j, 0, 1, 1);
    }
  for (int i = 0; i < show; i++)
    add_neuron_row (self, i, &diag[i]);
  if (net->m > show)
    {
      g_autofree char *more = g_strdup_printf ("… and %d more", net->m - show);
      GtkWidget *l = gtk_label_new (more);
      gtk_widget_add_css_class (l, "dim-label");
      gtk_grid_attach (GTK_GRID (nt->grid), l, 0, show + 1, 6, 1);
    }
}

/* the neurons: the whole-network moves and the table */
void
shl_window_neurons_build (ShlWindow *self, GtkWidget *box)
{
  GtkWidget *g = shl_window_sidebar_section (box, "Neurons");
  GtkWidget *nb = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  /* next: the κ step button (the step after the last one applied) */
  const struct { const char *label; ShlMove move; gboolean next; const char *tip; } moves[] = {
    { "Balance", shl_move_balance (), FALSE, "Rescale every neuron so |cᵢ| = ‖(aᵢ, bᵢ)‖ (same function)" },
    { "Permute", shl_move_reverse (), FALSE, "Reverse the order of the neurons (same function)" },
    { "κ step", shl_move_canon_step (SHL_CANON_DROP), TRUE, "The next step of the canonical form: drop, fold affine, orient, merge, balance, order (same function)" },
    { "κ", shl_move_canonical (), FALSE, "The canonical form in the restricted set, all six steps (same function)" },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (moves); k++)
    {
      GtkWidget *b = gtk_button_new_with_label (moves[k].label);
      gtk_widget_set_tooltip_text (b, moves[k].tip);
      gtk_widget_set_hexpand (b, TRUE);
      if (!moves[k].next)
        g_object_set_data_full (G_OBJECT (b), "shl-move",
                                g_memdup2 (&moves[k].move, sizeof (ShlMove)), g_free);
      g_signal_connect (b, "clicked", G_CALLBACK (on_transform), self);
      gtk_box_append (GTK_BOX (nb), b);
    }
  gtk_grid_attach (GTK_GRID (g), nb, 0, 0, 2, 1);
  self->neurons.grid = gtk_grid_new ();
  gtk_widget_add_css_class (self->neurons.grid, "neurons");
  gtk_grid_set_column_spacing (GTK_GRID (self->neurons.grid), 8);
  gtk_grid_attach (GTK_GRID (g), self->neurons.grid, 0, 1, 2, 1);
  self->neurons.canon_next = 1;
}
