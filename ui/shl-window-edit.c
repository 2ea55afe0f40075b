/* shl-window-edit.c: direct manipulation on the panels (1-D networks).
 *
 *   trajectory panel, kink plane   drag a neuron's dot: its kink t_i and
 *                                  jump c_i|a_i| go where the pointer is
 *   realization, kink marker       drag a kink along the x axis: b_i moves
 *                                  (a_i and c_i, the slope contribution,
 *                                  stay)
 *   realization, vertex of f       drag it up or down: c_i changes so that
 *                                  f in the middle of the neuron's active
 *                                  part of the domain follows the pointer
 *                                  (the vertex itself is the pivot)
 *   realization, elsewhere         a click adds a data point there
 *                                  (classification: left button class 1,
 *                                  right button or Ctrl+click class 0;
 *                                  in 2-D the point is (x1, x2))
 *   realization (2-D), kink line   drag its middle to move it (b_i), an
 *                                  end (its outer fifths) to rotate it
 *                                  about its middle (a_i turns, |a_i| and
 *                                  c_i stay)
 *   Shift                          the neuron drags act on the twin g;
 *                                  away from g's neurons, Shift-click and
 *                                  Shift-drag erase the points near the
 *                                  pointer
 *
 * A drag is one sim edit bracket (shl_sim_edit_begin/end): training
 * pauses, every pointer motion edits the sim (the panels follow at frame
 * rate), and the whole drag is one undo step. The pointer is mapped to
 * data with the plot's layout at the press, so that axes rescaling under
 * the drag cannot run away with it. A click that adds a point waits for
 * the double-click time: a double click maximises the panel instead.
 *
 * The handlers take widget coordinates of the panel, which are the
 * coordinates of its scene report (shl_window_panel_report); the gestures
 * call them, and so can tests (shl-window-inspect.h). */
#include "shl-window-private.h"

#include <math.h>

#include "shl-geom.h"
#include "shl-plot-view.h"

/* how near (user units, times the plot scale) a press must be to grab */
#define GRAB_RADIUS 9.0
/* the band above the x axis where the kink markers are grabbed */
#define KINK_BAND 16.0
/* the radius the eraser clears */
#define ERASE_RADIUS 12.0
/* a click moved this far is a drag that grabbed nothing */
#define CLICK_SLOP 4.0
/* the lever of a vertex drag is at least this far from the kink (when
 * the active part of the domain is wider) */
#define LEVER_MIN 24.0

/* the outer part of a kink line that rotates it (a fraction of it) */
#define ROTATE_ENDS 0.2

static const char *const grab_names[] = {
  [SHL_EDIT_NONE] = NULL, [SHL_EDIT_DOT] = "dot", [SHL_EDIT_KINK] = "kink",
  [SHL_EDIT_VERTEX] = "vertex", [SHL_EDIT_ERASE] = "erase", [SHL_EDIT_ADD] = "add",
  [SHL_EDIT_LINE] = "line", [SHL_EDIT_ROTATE] = "rotate",
};

static double
grab_radius (ShlWindow *self, int kind)
{
  return GRAB_RADIUS * shl_plot_view_get_scale (SHL_PLOT_VIEW (self->views[kind]));
}

/* data units per user unit along x and y at the layout */
static void
data_per_unit (const ShlPlotLayout *lay, double *dx, double *dy)
{
  double x0, y0, x1, y1;
  double cx = lay->plot.x + 0.5 * lay->plot.width, cy = lay->plot.y + 0.5 * lay->plot.height;
  shl_plot_layout_to_data (lay, cx, cy, &x0, &y0);
  shl_plot_layout_to_data (lay, cx + 1, cy + 1, &x1, &y1);
  *dx = fabs (x1 - x0);
  *dy = fabs (y1 - y0);
}

/* ----------------------------------------------------------- grabbing */

/* the dot of a neuron of owner nearest to (x, y) in the kink plane */
static gboolean
hit_dot (const ShlPanelReport *rep, ShlOwner owner, double x, double y, double radius,
         int *neuron)
{
  double best = radius * radius;
  gboolean hit = FALSE;
  for (guint k = 0; k < shl_panel_report_n_items (rep); k++)
    {
      const ShlReportItem *it = shl_panel_report_item (rep, k);
      if (!it->neuron || it->owner != owner
          || (it->role != SHL_ROLE_NEURONS && it->role != SHL_ROLE_EDGE_MARKER))
        continue;
      const ShlReportPlot *p = shl_panel_report_plot (rep, (guint) it->plot);
      if (!p->drawn || g_strcmp0 (p->name, "neurons") != 0)
        continue;
      for (int q = 0; q < it->n; q++)
        {
          double px, py;
          if (!isfinite (it->x[q]) || !isfinite (it->y[q]))
            continue;
          shl_plot_layout_to_user (&p->layout, it->x[q], it->y[q], &px, &py);
          double d2 = (px - x) * (px - x) + (py - y) * (py - y);
          if (d2 <= best)
            {
              best = d2;
              hit = TRUE;
              *neuron = it->neuron[q];
            }
        }
    }
  return hit;
}

/* a kink marker or a vertex of net in the realization plot: what was hit
 * and the neuron */
static ShlEditGrab
hit_kink (const ShlNet *net, const ShlPlotLayout *lay, double x, double y, double radius,
          double band, int *neuron)
{
  ShlEditGrab grab = SHL_EDIT_NONE;
  double best = radius;
  double bottom = lay->plot.y + lay->plot.height;
  for (int i = 0; i < net->m; i++)
    {
      if (net->a[i] == 0)
        continue;
      double t = -net->b[i] / net->a[i];
      if (!(t > net->lo[0] && t < net->hi[0]))
        continue;
      double ux, uy;
      shl_plot_layout_to_user (lay, t, shl_net_eval1 (net, &t), &ux, &uy);
      double dv = hypot (ux - x, uy - y);
      if (dv <= best)
        {
          best = dv;
          grab = SHL_EDIT_VERTEX;
          *neuron = i;
        }
      if (y >= bottom - band && y <= bottom + 0.5 * band && fabs (ux - x) <= best)
        {
          best = fabs (ux - x);
          grab = SHL_EDIT_KINK;
          *neuron = i;
        }
    }
  return grab;
}

/* 2-D: the kink line of net nearest to (x, y) within radius: its middle
 * moves it, its ends rotate it */
static ShlEditGrab
hit_line (ShlWindowEdit *ed, const ShlNet *net, const ShlPlotLayout *lay, double x, double y,
          double radius)
{
  g_autofree double *seg = g_new (double, 4 * (size_t) MAX (net->m, 1));
  g_autofree int *who = g_new (int, MAX (net->m, 1));
  int ns = shl_net_kink_segments_2d (seg, who, net);
  ShlEditGrab grab = SHL_EDIT_NONE;
  double best = radius;
  for (int k = 0; k < ns; k++)
    {
      double x0, y0, x1, y1;
      shl_plot_layout_to_user (lay, seg[4 * k], seg[4 * k + 1], &x0, &y0);
      shl_plot_layout_to_user (lay, seg[4 * k + 2], seg[4 * k + 3], &x1, &y1);
      double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
      double s = len2 > 0 ? CLAMP (((x - x0) * dx + (y - y0) * dy) / len2, 0.0, 1.0) : 0.0;
      double dist = hypot (x0 + s * dx - x, y0 + s * dy - y);
      if (dist > best)
        continue;
      best = dist;
      grab = s < ROTATE_ENDS || s > 1 - ROTATE_ENDS ? SHL_EDIT_ROTATE : SHL_EDIT_LINE;
      ed->neuron = who[k];
      ed->pivot[0] = 0.5 * (seg[4 * k] + seg[4 * k + 2]);
      ed->pivot[1] = 0.5 * (seg[4 * k + 1] + seg[4 * k + 3]);
    }
  if (grab != SHL_EDIT_NONE)
    {
      int i = ed->neuron;
      ed->a0[0] = net->a[2 * i];
      ed->a0[1] = net->a[2 * i + 1];
      ed->b0 = net->b[i];
    }
  return grab;
}

/* the vertex drag's lever: a point next to the kink on the neuron's
 * active side, where f follows the pointer */
static void
setup_lever (ShlWindowEdit *ed, const ShlNet *net, int i, double x_press, double per_x)
{
  double t = -net->b[i] / net->a[i];
  double side = net->a[i] > 0 ? 1.0 : -1.0;
  double end = side > 0 ? net->hi[0] : net->lo[0];
  /* the middle of the active part of the domain, or where the press was
   * if farther out (a short lever would swing f wildly) */
  double min_off = fmax (0.5 * side * (end - t), LEVER_MIN * per_x);
  double off = side * (x_press - t);
  if (!(off >= min_off))
    off = min_off;
  double xg = t + side * off;
  if (side * (xg - end) > 0)
    xg = end;
  ed->lever_x = xg;
  ed->lever_r = fmax (net->a[i] * xg + net->b[i], 0.0);
  ed->lever_f0 = shl_net_eval1 (net, &xg);
  ed->lever_rest = ed->lever_f0 - net->c[i] * ed->lever_r;
}

static const char *
grab_label (ShlEditGrab grab, gboolean twin, int neuron, char *buf, gsize len)
{
  const char *what = grab == SHL_EDIT_DOT ? "" : grab == SHL_EDIT_KINK ? "'s kink"
                     : grab == SHL_EDIT_VERTEX ? "'s vertex" : grab == SHL_EDIT_LINE ? "'s kink line"
                                                                  : "'s kink line (rotate)";
  g_snprintf (buf, len, "drag %sneuron %d%s", twin ? "the twin's " : "", neuron + 1, what);
  return buf;
}

/* ------------------------------------------------------------- acting */

static void
apply_drag (ShlWindow *self, double x, double y)
{
  ShlWindowEdit *ed = &self->edit;
  double dx, dy;
  shl_plot_layout_to_data (&ed->layout, x, y, &dx, &dy);
  const ShlNet *net = shl_sim_get_edit_net (self->sim, ed->twin);
  if (!net || ed->neuron >= net->m || !isfinite (dx) || !isfinite (dy))
    return;
  int i = ed->neuron;
  if (net->d == 2)
    {
      double a2[2] = { ed->a0[0], ed->a0[1] }, b2 = ed->b0;
      if (ed->grab == SHL_EDIT_LINE)
        /* moved with the pointer along its normal */
        b2 = ed->b0 - (a2[0] * (dx - ed->press_x[0]) + a2[1] * (dy - ed->press_x[1]));
      else if (ed->grab == SHL_EDIT_ROTATE)
        {
          /* turned about its middle by the angle the pointer turned */
          double th = atan2 (dy - ed->pivot[1], dx - ed->pivot[0])
                      - atan2 (ed->press_x[1] - ed->pivot[1], ed->press_x[0] - ed->pivot[0]);
          double cs = cos (th), sn = sin (th);
          a2[0] = cs * ed->a0[0] - sn * ed->a0[1];
          a2[1] = sn * ed->a0[0] + cs * ed->a0[1];
          b2 = -(a2[0] * ed->pivot[0] + a2[1] * ed->pivot[1]);
        }
      else
        return;
      g_autoptr (GError) err = NULL;
      if (!shl_sim_set_neuron (self->sim, ed->twin, i, a2, b2, net->c[i], &err))
        g_debug ("drag: %s", err->message);
      return;
    }
  double a = net->a[i], b = net->b[i], c = net->c[i];
  switch (ed->grab)
    {
    case SHL_EDIT_DOT:
      /* the kink plane: (t_i, c_i |a_i|) */
      b = -a * dx;
      c = dy / fabs (a);
      break;
    case SHL_EDIT_KINK:
      b = -a * CLAMP (dx, net->lo[0], net->hi[0]);
      break;
    case SHL_EDIT_VERTEX:
      if (!(ed->lever_r > 0))
        return;
      c = (ed->lever_f0 + (dy - ed->press_y) - ed->lever_rest) / ed->lever_r;
      break;
    default:
      return;
    }
  g_autoptr (GError) err = NULL;
  if (!shl_sim_set_neuron (self->sim, ed->twin, i, &a, b, c, &err))
    g_debug ("drag: %s", err->message);
}

static void
erase_at (ShlWindow *self, double x, double y)
{
  ShlWindowEdit *ed = &self->edit;
  double cx, cy, px, py;
  shl_plot_layout_to_data (&ed->layout, x, y, &cx, &cy);
  data_per_unit (&ed->layout, &px, &py);
  double r = ERASE_RADIUS * shl_plot_view_get_scale (SHL_PLOT_VIEW (self->views[ed->panel]));
  g_autoptr (GError) err = NULL;
  shl_sim_erase_points (self->sim, cx, cy, r * px, r * py, &err);
  if (err)
    g_debug ("erase: %s", err->message);
}

static gboolean
add_pending_point (gpointer data)
{
  ShlWindow *self = data;
  ShlWindowEdit *ed = &self->edit;
  ed->add_id = 0;
  g_autoptr (GError) err = NULL;
  if (!shl_sim_add_point (self->sim, ed->add_x, ed->add_y, &err))
    shl_window_show_error (self, "Could not add the data point", err);
  return G_SOURCE_REMOVE;
}

/* the point a click at (x, y) adds: its place and value (the pointer's
 * height in 1-D; the class from the button; in 2-D regression the
 * target's value there, else f's) */
static gboolean
prepare_point (ShlWindow *self, const ShlPlotLayout *lay, double x, double y, guint button,
               GdkModifierType state)
{
  ShlWindowEdit *ed = &self->edit;
  const ShlData *data = shl_sim_get_data (self->sim);
  double dx, dy;
  if (!data || !shl_plot_layout_to_data (lay, x, y, &dx, &dy))
    return FALSE;
  ed->add_x[0] = dx;
  ed->add_x[1] = dy;
  if (data->classification)
    ed->add_y = button == GDK_BUTTON_SECONDARY || (state & GDK_CONTROL_MASK) ? 0.0 : 1.0;
  else if (data->d == 1)
    ed->add_y = dy;
  else
    {
      ShlScene *sc = shl_sim_get_scene (self->sim);
      ed->add_y = sc->target ? shl_target_eval (sc->target, ed->add_x)
                             : shl_net_eval1 (sc->net, ed->add_x);
    }
  return TRUE;
}

/* ------------------------------------------------------------ handlers */

static gboolean
press_trajectory (ShlWindow *self, const ShlPanelReport *rep, double x, double y,
                  gboolean shift, gboolean twin)
{
  ShlWindowEdit *ed = &self->edit;
  const ShlReportPlot *p = shl_panel_report_find_plot (rep, "neurons");
  ShlScene *sc = shl_sim_get_scene (self->sim);
  if (!p || !p->drawn || sc->net->d != 1 || sc->traj_view == SHL_TRAJ_BALANCE)
    return FALSE;
  if (shift && !twin)
    return FALSE;
  if (!hit_dot (rep, twin ? SHL_OWNER_TWIN : SHL_OWNER_NET, x, y,
                grab_radius (self, SHL_PANEL_TRAJECTORY), &ed->neuron))
    return FALSE;
  ed->grab = SHL_EDIT_DOT;
  ed->layout = p->layout;
  return TRUE;
}

static gboolean
press_realization (ShlWindow *self, const ShlPanelReport *rep, double x, double y,
                   guint button, GdkModifierType state)
{
  ShlWindowEdit *ed = &self->edit;
  const ShlReportPlot *p = shl_panel_report_find_plot (rep, "realization");
  if (!p || !p->drawn)
    return FALSE;
  ed->layout = p->layout;
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;
  /* Shift without a twin: no neuron to drag, only the eraser */
  const ShlNet *net = shift && !ed->twin ? NULL : shl_sim_get_edit_net (self->sim, ed->twin);
  if (net && net->d == 1)
    {
      double s = shl_plot_view_get_scale (SHL_PLOT_VIEW (self->views[SHL_PANEL_REALIZATION]));
      ed->grab = hit_kink (net, &p->layout, x, y, grab_radius (self, SHL_PANEL_REALIZATION),
                           KINK_BAND * s, &ed->neuron);
      if (ed->grab == SHL_EDIT_VERTEX)
        {
          double px, py, dx;
          data_per_unit (&p->layout, &px, &py);
          shl_plot_layout_to_data (&p->layout, x, y, &dx, &ed->press_y);
          setup_lever (ed, net, ed->neuron, dx, px * s);
        }
      if (ed->grab != SHL_EDIT_NONE)
        return TRUE;
    }
  if (net && net->d == 2)
    {
      ed->grab = hit_line (ed, net, &p->layout, x, y, grab_radius (self, SHL_PANEL_REALIZATION));
      if (ed->grab != SHL_EDIT_NONE)
        return TRUE;
    }
  if (shift)
    {
      ed->grab = SHL_EDIT_ERASE;
      return TRUE;
    }
  if (!prepare_point (self, &p->layout, x, y, button, state))
    return FALSE;
  ed->grab = SHL_EDIT_ADD;
  return TRUE;
}

gboolean
shl_window_edit_press (ShlWindow *self, int kind, double x, double y, guint button,
                       GdkModifierType state)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (kind >= 0 && kind < SHL_N_PANELS, FALSE);
  ShlWindowEdit *ed = &self->edit;
  if (ed->grab != SHL_EDIT_NONE)
    shl_window_edit_release (self, ed->press_ux, ed->press_uy);
  if (ed->add_id)
    {
      int near = 5;
      g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-double-click-distance", &near, NULL);
      g_clear_handle_id (&ed->add_id, g_source_remove);
      /* the second click of a double click: no point, the panel maximises */
      if (kind == ed->panel && hypot (x - ed->press_ux, y - ed->press_uy) <= near)
        return FALSE;
      /* clicks in quick succession elsewhere: each adds its point */
      add_pending_point (self);
    }
  if (kind != SHL_PANEL_REALIZATION && kind != SHL_PANEL_TRAJECTORY)
    return FALSE;
  if (!shl_sim_get_scene (self->sim)->net)
    return FALSE;
  ed->panel = kind;
  ed->twin = (state & GDK_SHIFT_MASK) && shl_sim_get_twin (self->sim);
  ed->press_ux = x;
  ed->press_uy = y;
  ed->started = FALSE;
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (self, kind);
  gboolean hit = kind == SHL_PANEL_TRAJECTORY ? press_trajectory (self, rep, x, y,
                                                                (state & GDK_SHIFT_MASK) != 0, ed->twin)
                                              : press_realization (self, rep, x, y, button, state);
  if (!hit)
    {
      ed->grab = SHL_EDIT_NONE;
      return FALSE;
    }
  shl_plot_layout_to_data (&ed->layout, x, y, &ed->press_x[0], &ed->press_x[1]);
  if (ed->grab == SHL_EDIT_ERASE)
    {
      /* the eraser works at once */
      shl_sim_edit_begin (self->sim, "erase data points");
      ed->started = TRUE;
      erase_at (self, x, y);
    }
  else if (ed->grab != SHL_EDIT_ADD)
    /* the neuron grabbed is emphasised; it changes once the pointer
     * moves (a click changes nothing) */
    shl_window_select_neuron (self, ed->twin ? -1 : ed->neuron);
  return TRUE;
}

void
shl_window_edit_motion (ShlWindow *self, double x, double y)
{
  g_return_if_fail (SHL_IS_WINDOW (self));
  ShlWindowEdit *ed = &self->edit;
  switch (ed->grab)
    {
    case SHL_EDIT_NONE:
      return;
    case SHL_EDIT_ADD:
      /* a drag that grabbed nothing adds nothing */
      if (hypot (x - ed->press_ux, y - ed->press_uy) > CLICK_SLOP)
        ed->grab = SHL_EDIT_NONE;
      return;
    default:
      break;
    }
  if (!ed->started)
    {
      if (hypot (x - ed->press_ux, y - ed->press_uy) <= CLICK_SLOP)
        return;
      char label[96];
      shl_sim_edit_begin (self->sim, grab_label (ed->grab, ed->twin, ed->neuron, label, sizeof label));
      ed->started = TRUE;
    }
  /* an undo during the drag ended the edit: the drag ends with it */
  if (!shl_sim_is_editing (self->sim))
    {
      ed->grab = SHL_EDIT_NONE;
      return;
    }
  if (ed->grab == SHL_EDIT_ERASE)
    erase_at (self, x, y);
  else
    apply_drag (self, x, y);
}

void
shl_window_edit_release (ShlWindow *self, double x, double y)
{
  g_return_if_fail (SHL_IS_WINDOW (self));
  ShlWindowEdit *ed = &self->edit;
  if (ed->grab == SHL_EDIT_NONE)
    return;
  shl_window_edit_motion (self, x, y);
  ShlEditGrab grab = ed->grab;
  ed->grab = SHL_EDIT_NONE;
  if (grab == SHL_EDIT_ADD)
    {
      guint ms = 400;
      g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-double-click-time", &ms, NULL);
      ed->add_id = g_timeout_add (ms, add_pending_point, self);
      return;
    }
  if (!ed->started)
    return;
  ed->started = FALSE;
  if (shl_sim_is_editing (self->sim))
    shl_sim_edit_end (self->sim);
  if (ed->twin)
    shl_window_twin_changed (self);
}

const char *
shl_window_edit_get_grab (ShlWindow *self, int *neuron, gboolean *twin)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NULL);
  ShlWindowEdit *ed = &self->edit;
  if (neuron)
    *neuron = ed->neuron;
  if (twin)
    *twin = ed->twin;
  return grab_names[ed->grab];
}

double
shl_window_edit_get_lever (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), NAN);
  return self->edit.grab == SHL_EDIT_VERTEX ? self->edit.lever_x : NAN;
}

gboolean
shl_window_edit_point_pending (ShlWindow *self)
{
  g_return_val_if_fail (SHL_IS_WINDOW (self), FALSE);
  return self->edit.add_id != 0;
}

/* ------------------------------------------------------------ gestures */

static int
panel_of (ShlWindow *self, GtkGesture *g)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (g));
  for (int k = 0; k < SHL_N_PANELS; k++)
    if (self->views[k] == view)
      return k;
  return -1;
}

static void
on_drag_begin (GtkGestureDrag *g, double x, double y, gpointer data)
{
  ShlWindow *self = data;
  int kind = panel_of (self, GTK_GESTURE (g));
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (g));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (g));
  if (kind >= 0)
    shl_window_edit_press (self, kind, x, y, button, state);
}

static void
on_drag_update (GtkGestureDrag *g, double ox, double oy, gpointer data)
{
  ShlWindow *self = data;
  double x, y;
  if (gtk_gesture_drag_get_start_point (g, &x, &y))
    shl_window_edit_motion (self, x + ox, y + oy);
}

static void
on_drag_end (GtkGestureDrag *g, double ox, double oy, gpointer data)
{
  ShlWindow *self = data;
  double x, y;
  if (gtk_gesture_drag_get_start_point (g, &x, &y))
    shl_window_edit_release (self, x + ox, y + oy);
}

void
shl_window_edit_attach (ShlWindow *self)
{
  const ShlPanelKind kinds[] = { SHL_PANEL_REALIZATION, SHL_PANEL_TRAJECTORY };
  for (unsigned k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GtkGesture *drag = gtk_gesture_drag_new ();
      gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
      g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
      g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
      g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
      gtk_widget_add_controller (self->views[kinds[k]], GTK_EVENT_CONTROLLER (drag));
    }
}

void
shl_window_edit_dispose (ShlWindow *self)
{
  ShlWindowEdit *ed = &self->edit;
  g_clear_handle_id (&ed->add_id, g_source_remove);
  if (ed->started && self->sim && shl_sim_is_editing (self->sim))
    shl_sim_edit_end (self->sim);
  ed->grab = SHL_EDIT_NONE;
  ed->started = FALSE;
}
