/* shl-window-neurons.c: the sidebar's neuron table (each neuron's colour
 * and number as in the panels, status, kink, jump, imbalance, partners)
 * and the symmetry moves: the whole-network buttons above it and the
 * per-neuron ×2, ÷2 and balance buttons in it. Every symmetry move (a
 * typed ShlMove) starts in this file. Hovering a row emphasises its
 * neuron in every panel; clicking a neuron in a panel selects its row. */
#include "shl-window-private.h"

#include <float.h>
#include <math.h>

#include "shl-geom.h"
#include "shl-move.h"
#include "shl-noise.h"
#include "shl-plot-view.h"
#include "shl-symmetry.h"
#include "shl-twin-readouts.h"

/* the table shows at most this many neurons */
#define TABLE_ROWS 24
/* training updates the table at most this often */
#define TABLE_US (500 * G_TIME_SPAN_MILLISECOND)
/* how near (user units) a click must be to a neuron to pick it */
#define HIT_RADIUS 9.0

G_STATIC_ASSERT (TABLE_ROWS <= G_N_ELEMENTS (((ShlWindowNeurons *) 0)->first_cell));

gint64
shl_window_move_duration_us (ShlWindow *self)
{
  if (self->settings)
    {
      g_autoptr (GSettingsSchema) schema = NULL;
      g_object_get (self->settings, "settings-schema", &schema, NULL);
      if (schema && g_settings_schema_has_key (schema, "move-animation-ms"))
        {
          int ms = g_settings_get_int (self->settings, "move-animation-ms");
          return (gint64) MAX (ms, 1) * G_TIME_SPAN_MILLISECOND;
        }
    }
  return SHL_MOVE_ANIMATION_US;
}

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
    {
      /* the move shows in the plane that reveals it (the sim chose it) */
      shl_window_sidebar_show_view (self, shl_sim_get_view_settings (self->sim));
      shl_window_start_move_animation (self);
    }
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

/* ------------------------------------------------------------ identity */

/* the pointer entered or left a cell of row i */
static void
on_row_enter (GtkEventControllerMotion *m, double x, double y, gpointer data)
{
  GtkWidget *w = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (m));
  shl_window_hover_neuron_row (data, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (w), "shl-neuron")));
}

static void
on_row_leave (GtkEventControllerMotion *m, gpointer data)
{
  shl_window_hover_neuron_row (data, -1);
}

static void
track_hover (ShlWindow *self, GtkWidget *cell, int i)
{
  g_object_set_data (G_OBJECT (cell), "shl-neuron", GINT_TO_POINTER (i));
  GtkEventController *mc = gtk_event_controller_motion_new ();
  g_signal_connect (mc, "enter", G_CALLBACK (on_row_enter), self);
  g_signal_connect (mc, "leave", G_CALLBACK (on_row_leave), self);
  gtk_widget_add_controller (cell, mc);
}

/* the neuron emphasised in the panels: the row under the pointer, else
 * the one selected by a click */
static void
update_highlight (ShlWindow *self)
{
  ShlWindowNeurons *nt = &self->neurons;
  int h = nt->hovered >= 0 ? nt->hovered : nt->selected;
  if (h != shl_sim_get_highlight (self->sim))
    {
      shl_sim_set_highlight (self->sim, h);
      shl_window_redraw_all (self);
    }
}

/* "#rrggbb" of neuron i's colour in the panels (light or dark style) */
static void
neuron_color_hex (ShlWindow *self, int i, char *buf, gsize len)
{
  gboolean dark = FALSE;
  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);
  ShlPlotStyle style;
  shl_plot_style_init (&style, dark ? SHL_STYLE_SCREEN_DARK : SHL_STYLE_SCREEN_LIGHT);
  ShlColor c = shl_panel_neuron_color (&style, i);
  g_snprintf (buf, len, "#%02x%02x%02x", (int) lround (255 * c.r), (int) lround (255 * c.g),
              (int) lround (255 * c.b));
}

static void
add_neuron_row (ShlWindow *self, int i, const ShlNeuronDiag *diag)
{
  ShlWindowNeurons *nt = &self->neurons;
  GtkGrid *grid = GTK_GRID (nt->grid);
  gboolean sel = nt->selected == i;
  char buf[5][64], hex[16];
  neuron_color_hex (self, i, hex, sizeof hex);
  g_snprintf (buf[0], sizeof buf[0], "<span foreground=\"%s\">●</span> %s%d%s", hex,
              sel ? "<b>" : "", i + 1, sel ? "</b>" : "");
  g_snprintf (buf[1], sizeof buf[1], "%s", shl_neuron_status_name (diag->status));
  shl_format_readout (buf[2], sizeof buf[2], diag->kink);
  shl_format_readout (buf[3], sizeof buf[3], diag->jump);
  /* an imbalance within rounding of 0 is 0 (shl-noise.h) */
  double imb = fabs (diag->imbalance) <= shl_noise_tol (0, 1.0) ? 0.0 : diag->imbalance;
  shl_format_readout (buf[4], sizeof buf[4], imb);
  for (int j = 0; j < 5; j++)
    {
      GtkWidget *l = gtk_label_new (NULL);
      if (j == 0)
        gtk_label_set_markup (GTK_LABEL (l), buf[0]);
      else if (sel)
        {
          g_autofree char *m = g_markup_printf_escaped ("<b>%s</b>", buf[j]);
          gtk_label_set_markup (GTK_LABEL (l), m);
        }
      else
        gtk_label_set_text (GTK_LABEL (l), buf[j]);
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_widget_add_css_class (l, "numeric");
      if (j == 1)
        gtk_widget_add_css_class (l, diag->status == SHL_NEURON_ACTIVE ? "success"
                                     : diag->status == SHL_NEURON_DEAD ? "error" : "warning");
      if (j == 4 && fabs (imb) > 1)
        gtk_widget_add_css_class (l, "warning");
      track_hover (self, l, i);
      gtk_grid_attach (grid, l, j, i + 1, 1, 1);
      if (j == 0)
        nt->first_cell[i] = l;
    }
  char partner[48] = "";
  if (diag->duplicate_of >= 0)
    g_snprintf (partner, sizeof partner, "= %d", diag->duplicate_of + 1);
  else if (diag->opposite_of >= 0)
    g_snprintf (partner, sizeof partner, "−%d", diag->opposite_of + 1);
  GtkWidget *pl = gtk_label_new (partner);
  gtk_widget_set_tooltip_text (pl, "= j: the same kink as neuron j; −j: neuron j's kink, facing the other way");
  track_hover (self, pl, i);
  gtk_grid_attach (grid, pl, 5, i + 1, 1, 1);
  add_neuron_moves (self, i);
}

static void
build_table (ShlWindow *self, const ShlNet *net)
{
  ShlWindowNeurons *nt = &self->neurons;
  GtkWidget *c;
  while ((c = gtk_widget_get_first_child (nt->grid)))
    gtk_grid_remove (GTK_GRID (nt->grid), c);
  memset (nt->first_cell, 0, sizeof nt->first_cell);
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

/* the neuron table: status badges, kink, jump, imbalance, partners */
void
shl_window_update_neuron_table (ShlWindow *self)
{
  ShlWindowNeurons *nt = &self->neurons;
  gint64 now = g_get_monotonic_time ();
  ShlScene *scn = shl_sim_get_scene (self->sim);
  /* a new network (reset, preset, move) is shown at once; training
   * updates at most twice a second */
  gboolean fresh = scn->net && (scn->net->m != nt->m || scn->step < nt->step
                                || (scn->n_events > 0 && scn->event_step[scn->n_events - 1] == scn->step));
  if (!fresh && now - nt->last < TABLE_US)
    {
      shl_window_schedule_refresh (self);
      return;
    }
  /* rebuilding the rows under the pointer would lose the hover */
  if (nt->hovered >= 0 && !fresh)
    return;
  nt->last = now;
  if (scn->net && scn->net->m != nt->m)
    {
      nt->selected = -1;
      nt->hovered = -1;
      update_highlight (self);
    }
  nt->m = scn->net ? scn->net->m : -1;
  nt->step = scn->step;
  build_table (self, scn->net);
}

/* ------------------------------------------------------------ panels */

ShlPanelReport *
shl_window_panel_report (ShlWindow *self, int kind)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (kind >= 0 && kind < SHL_N_PANELS, NULL);
  GtkWidget *view = self->views[kind];
  int w = MAX (gtk_widget_get_width (view), 1), h = MAX (gtk_widget_get_height (view), 1);
  ShlPlotStyle style;
  shl_plot_style_init (&style, SHL_STYLE_SCREEN_LIGHT);
  style.scale = shl_plot_view_get_scale (SHL_PLOT_VIEW (view));
  ShlScene *scene = shl_sim_get_scene (self->sim);
  double move_t = scene->move_t;
  scene->move_t = 1.0;
  cairo_surface_t *surf = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surf);
  ShlPanelReport *rep = shl_panel_report_new ();
  shl_panel_draw_report (cr, (ShlPanelKind) kind, scene, &style, &(ShlRect) { 0, 0, w, h }, rep);
  cairo_destroy (cr);
  cairo_surface_destroy (surf);
  scene->move_t = move_t;
  return rep;
}

gboolean
shl_window_hit_neuron (ShlWindow *self, int kind, double x, double y, int *neuron, ShlOwner *owner)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (self, kind);
  double s = shl_plot_view_get_scale (SHL_PLOT_VIEW (self->views[kind]));
  return rep && shl_panel_report_hit_neuron (rep, x, y, HIT_RADIUS * s, neuron, owner);
}

static void
on_panel_pressed (GtkGestureClick *g, int n_press, double x, double y, gpointer data)
{
  ShlWindow *self = data;
  if (n_press != 1)
    return;
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (g));
  for (int k = 0; k < SHL_N_PANELS; k++)
    if (self->views[k] == view)
      {
        int neuron;
        ShlOwner owner;
        if (shl_window_hit_neuron (self, k, x, y, &neuron, &owner) && owner != SHL_OWNER_TWIN)
          shl_window_select_neuron (self, neuron);
      }
}

void
shl_window_neurons_attach_panels (ShlWindow *self)
{
  for (int k = 0; k < SHL_N_PANELS; k++)
    {
      GtkGesture *click = gtk_gesture_click_new ();
      g_signal_connect (click, "pressed", G_CALLBACK (on_panel_pressed), self);
      gtk_widget_add_controller (self->views[k], GTK_EVENT_CONTROLLER (click));
    }
}

void
shl_window_select_neuron (ShlWindow *self, int neuron)
{
  g_return_if_fail (SHL_IS_WINDOW (self));
  ShlWindowNeurons *nt = &self->neurons;
  ShlScene *sc = shl_sim_get_scene (self->sim);
  if (!sc->net || neuron >= sc->net->m)
    neuron = -1;
  nt->selected = neuron;
  update_highlight (self);
  build_table (self, sc->net);
  nt->last = g_get_monotonic_time ();
  /* scroll the sidebar to the row */
  if (neuron >= 0 && neuron < TABLE_ROWS && nt->first_cell[neuron])
    {
      GtkWidget *row = nt->first_cell[neuron];
      graphene_point_t p;
      GtkWidget *sw = self->sidebar;
      if (gtk_widget_compute_point (row, sw, &GRAPHENE_POINT_INIT (0, 0), &p))
        {
          GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));
          double v = gtk_adjustment_get_value (adj), page = gtk_adjustment_get_page_size (adj);
          if (p.y < 0 || p.y > page - 40)
            gtk_adjustment_set_value (adj, v + p.y - page / 3);
        }
    }
}

int
shl_window_get_selected_neuron (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), -1);
  return self->neurons.selected;
}

void
shl_window_hover_neuron_row (ShlWindow *self, int neuron)
{
  g_return_if_fail (SHL_IS_WINDOW (self));
  self->neurons.hovered = neuron;
  update_highlight (self);
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
  gtk_widget_set_tooltip_text (self->neurons.grid,
    "Each neuron's colour and number are the same in every panel; point at a row to "
    "see its neuron, click a neuron in a panel to find its row");
  gtk_grid_set_column_spacing (GTK_GRID (self->neurons.grid), 6);
  /* the table scrolls sideways when it is wider than the sidebar (large
   * text): its per-neuron buttons stay reachable, and the sidebar keeps
   * its fixed width */
  GtkWidget *scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroll), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), self->neurons.grid);
  gtk_widget_set_hexpand (scroll, TRUE);
  gtk_grid_attach (GTK_GRID (g), scroll, 0, 1, 2, 1);
  self->neurons.canon_next = 1;
  self->neurons.selected = -1;
  self->neurons.hovered = -1;
  self->neurons.m = -1;
}
