/* test-ui-edit.c: direct manipulation, driven through the panels' drag
 * handlers (shl_window_edit_press/motion/release) with coordinates
 * computed from the panels' scene reports: a neuron's dot in the kink
 * plane, a kink marker and a vertex of f in the realization panel, the
 * twin's with Shift, data points added by a click (the class from the
 * button in 2-D) and erased by Shift-click; the network changes as
 * specified, and Ctrl+Z (sim.undo) restores it bit for bit. A screenshot
 * shows a drag in progress. One drag goes through real X events (XTest)
 * to the panel's drag gesture. */
#include <math.h>

#include "shl-geom.h"
#include "shl-window-inspect.h"
#include "ui-test-util.h"

#ifdef SHL_HAVE_XTEST
#include <X11/extensions/XTest.h>
#include <gdk/x11/gdkx.h>
#endif

static const ShlReportPlot *
plot_named (const ShlPanelReport *rep, const char *name)
{
  const ShlReportPlot *p = shl_panel_report_find_plot (rep, name);
  if (!p || !p->drawn)
    g_error ("the panel drew no plot \"%s\"", name);
  return p;
}

/* the user point at fractions (fx, fy) of a plot's data area (fy from
 * the top) */
static void
plot_point (const ShlPlotLayout *lay, double fx, double fy, double *ux, double *uy)
{
  *ux = lay->plot.x + fx * lay->plot.width;
  *uy = lay->plot.y + fy * lay->plot.height;
}

/* let the main loop go idle, as it does between a user's gestures (the
 * changes of one dispatch are one undo step) */
static void
settle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static ShlNet *
net_copy (ShlWindow *w, gboolean twin)
{
  ShlSim *sim = shl_window_get_sim (w);
  shl_sim_sync (sim);
  return shl_net_copy (twin ? shl_sim_get_twin (sim) : shl_sim_get_scene (sim)->net);
}

static void
assert_same_net (const ShlNet *x, const ShlNet *y)
{
  g_assert_true (shl_net_same_shape (x, y));
  g_assert_cmpmem (x->theta, x->n_params * sizeof (double), y->theta, y->n_params * sizeof (double));
}

/* Ctrl+Z: the network (or twin) before the drag, bit for bit */
static void
undo_restores (ShlWindow *w, const ShlNet *before, gboolean twin)
{
  settle ();
  shl_ui_activate (w, "sim.undo");
  ShlNet *now = net_copy (w, twin);
  assert_same_net (now, before);
  shl_net_free (now);
}

/* the dot of neuron owner's i in the kink plane, in user units: the first
 * one drawn inside the axes */
static gboolean
find_dot (const ShlPanelReport *rep, ShlOwner owner, double *ux, double *uy)
{
  const ShlReportPlot *p = plot_named (rep, "neurons");
  const ShlReportItem *it = shl_panel_report_find_in (rep, "neurons", SHL_ROLE_NEURONS, owner, 0);
  g_assert_nonnull (it);
  for (int q = 0; q < it->n; q++)
    if (isfinite (it->x[q]) && isfinite (it->y[q]))
      {
        shl_plot_layout_to_user (&p->layout, it->x[q], it->y[q], ux, uy);
        if (*ux > p->layout.plot.x + 2 && *ux < p->layout.plot.x + p->layout.plot.width - 2)
          return TRUE;
      }
  return FALSE;
}

/* a dot dragged in the kink plane: its kink and jump go where it is
 * dropped; the screenshot shows the drag in progress */
static void
test_drag_dot (void)
{
  ShlWindow *w = shl_ui_window_new (1400, 900);
  ShlSim *sim = shl_window_get_sim (w);
  shl_window_set_trajectory_view (w, SHL_TRAJ_KINKS);
  shl_ui_activate (w, "sim.step-many");
  shl_sim_sync (sim);
  ShlNet *before = net_copy (w, FALSE);
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, SHL_PANEL_TRAJECTORY);
  const ShlPlotLayout lay = plot_named (rep, "neurons")->layout;
  double px, py;
  g_assert_true (find_dot (rep, SHL_OWNER_NET, &px, &py));

  /* a click on a dot selects its neuron and changes nothing */
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_TRAJECTORY, px, py, 1, 0));
  int i;
  gboolean twin;
  g_assert_cmpstr (shl_window_edit_get_grab (w, &i, &twin), ==, "dot");
  g_assert_cmpint (shl_window_get_selected_neuron (w), ==, i);
  shl_window_edit_release (w, px + 1, py);
  g_assert_false (shl_sim_is_editing (sim));
  ShlNet *same = net_copy (w, FALSE);
  assert_same_net (same, before);
  shl_net_free (same);
  g_assert_cmpstr (shl_sim_get_undo_label (sim, FALSE), ==, NULL);

  g_assert_true (shl_window_edit_press (w, SHL_PANEL_TRAJECTORY, px, py, 1, 0));
  g_assert_cmpstr (shl_window_edit_get_grab (w, &i, &twin), ==, "dot");
  g_assert_false (twin);
  g_assert_false (shl_sim_is_editing (sim));
  double ux[3], uy[3];
  plot_point (&lay, 0.3, 0.3, &ux[0], &uy[0]);
  plot_point (&lay, 0.5, 0.25, &ux[1], &uy[1]);
  plot_point (&lay, 0.62, 0.2, &ux[2], &uy[2]);
  for (int k = 0; k < 2; k++)
    shl_window_edit_motion (w, ux[k], uy[k]);
  g_assert_true (shl_sim_is_editing (sim));
  shl_sim_sync (sim);
  shl_ui_screenshot (w, "ui-edit-drag.png");
  shl_window_edit_release (w, ux[2], uy[2]);
  g_assert_false (shl_sim_is_editing (sim));
  g_assert_null (shl_window_edit_get_grab (w, NULL, NULL));

  double x, y;
  shl_plot_layout_to_data (&lay, ux[2], uy[2], &x, &y);
  ShlNet *after = net_copy (w, FALSE);
  g_assert_cmpfloat_with_epsilon (-after->b[i] / after->a[i], x, 1e-12);
  g_assert_cmpfloat_with_epsilon (after->c[i] * fabs (after->a[i]), y, 1e-12);
  g_assert_cmpfloat (after->a[i], ==, before->a[i]);
  for (int j = 0; j < after->m; j++)
    if (j != i)
      g_assert_cmpfloat (after->c[j], ==, before->c[j]);
  g_assert_cmpuint (shl_ui_sim_step (sim), ==, 100);
  g_autofree char *label = g_strdup_printf ("drag neuron %d", i + 1);
  g_assert_cmpstr (shl_sim_get_undo_label (sim, FALSE), ==, label);
  undo_restores (w, before, FALSE);
  shl_net_free (before);
  shl_net_free (after);
  shl_ui_window_close (w);
}

/* the first kink of f strictly inside the domain, away from the ends */
static int
inner_kink (const ShlPanelReport *rep, const ShlNet *net, double *t)
{
  const ShlReportItem *k = shl_panel_report_find_in (rep, "realization", SHL_ROLE_KINKS,
                                                     SHL_OWNER_NET, 0);
  g_assert_nonnull (k);
  for (int q = 0; q < k->n; q++)
    if (k->x[q] > net->lo[0] + 0.2 && k->x[q] < net->hi[0] - 0.2)
      {
        *t = k->x[q];
        return k->neuron[q];
      }
  g_error ("no kink inside the domain");
  return -1;
}

/* a kink marker dragged along the axis: b moves, a and c stay */
static void
test_drag_kink (void)
{
  ShlWindow *w = shl_ui_window_new (1400, 900);
  ShlNet *before = net_copy (w, FALSE);
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, SHL_PANEL_REALIZATION);
  const ShlPlotLayout lay = plot_named (rep, "realization")->layout;
  double t;
  int want = inner_kink (rep, before, &t);
  double ux, uy;
  shl_plot_layout_to_user (&lay, t, 0, &ux, &uy);
  uy = lay.plot.y + lay.plot.height - 3;
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, ux, uy, 1, 0));
  int i;
  g_assert_cmpstr (shl_window_edit_get_grab (w, &i, NULL), ==, "kink");
  /* the hit is the nearest kink: the one asked for, or one drawn on it */
  double ti = -before->b[i] / before->a[i];
  g_assert_true (i == want || fabs (ti - t) < 0.01);
  double drop = lay.plot.x + 0.8 * lay.plot.width;
  double mid = lay.plot.x + 0.7 * lay.plot.width, xm, ym;
  shl_window_edit_motion (w, mid, uy - 40);
  /* while the drag goes on, the panels show the kink where it is: the
   * realization's kink markers and the derivative's jumps */
  shl_plot_layout_to_data (&lay, mid, uy, &xm, &ym);
  const ShlPanelKind kinds[] = { SHL_PANEL_REALIZATION, SHL_PANEL_DERIVATIVE };
  const char *plots[] = { "realization", "derivative" };
  for (int q = 0; q < 2; q++)
    {
      g_autoptr (ShlPanelReport) live = shl_window_panel_report (w, kinds[q]);
      const ShlReportItem *k = shl_panel_report_find_in (live, plots[q], SHL_ROLE_KINKS,
                                                         SHL_OWNER_NET, 0);
      g_assert_nonnull (k);
      gboolean seen = FALSE;
      for (int p = 0; p < k->n; p++)
        seen = seen || fabs (k->x[p] - xm) < 1e-12;
      g_assert_true (seen);
    }
  shl_window_edit_release (w, drop, uy - 60);
  double x, y;
  shl_plot_layout_to_data (&lay, drop, uy, &x, &y);
  ShlNet *after = net_copy (w, FALSE);
  g_assert_cmpfloat_with_epsilon (-after->b[i] / after->a[i], x, 1e-12);
  g_assert_cmpfloat (after->a[i], ==, before->a[i]);
  g_assert_cmpfloat (after->c[i], ==, before->c[i]);
  undo_restores (w, before, FALSE);
  shl_net_free (before);
  shl_net_free (after);
  shl_ui_window_close (w);
}

/* a vertex of f dragged up: c changes so that f at the drag's lever point
 * (on the neuron's active side) follows the pointer; a and b stay */
static void
test_drag_vertex (void)
{
  ShlWindow *w = shl_ui_window_new (1400, 900);
  ShlSim *sim = shl_window_get_sim (w);
  ShlNet *before = net_copy (w, FALSE);
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, SHL_PANEL_REALIZATION);
  const ShlPlotLayout lay = plot_named (rep, "realization")->layout;
  double t;
  inner_kink (rep, before, &t);
  double ux, uy;
  shl_plot_layout_to_user (&lay, t, shl_net_eval1 (before, &t), &ux, &uy);
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, ux, uy, 1, 0));
  int i;
  g_assert_cmpstr (shl_window_edit_get_grab (w, &i, NULL), ==, "vertex");
  double lever = shl_window_edit_get_lever (w);
  /* on the neuron's active side, inside the domain */
  g_assert_cmpfloat (before->a[i] * lever + before->b[i], >, 0);
  g_assert_cmpfloat (lever, >=, before->lo[0]);
  g_assert_cmpfloat (lever, <=, before->hi[0]);
  double x0, y0, x1, y1;
  shl_plot_layout_to_data (&lay, ux, uy, &x0, &y0);
  shl_window_edit_motion (w, ux, uy - 20);
  shl_window_edit_motion (w, ux, uy - 45);
  shl_sim_sync (sim);
  shl_ui_screenshot (w, "ui-edit-vertex.png");
  shl_window_edit_release (w, ux, uy - 45);
  shl_plot_layout_to_data (&lay, ux, uy - 45, &x1, &y1);
  ShlNet *after = net_copy (w, FALSE);
  g_assert_cmpfloat (after->a[i], ==, before->a[i]);
  g_assert_cmpfloat (after->b[i], ==, before->b[i]);
  g_assert_cmpfloat (after->c[i], !=, before->c[i]);
  double f0 = shl_net_eval1 (before, &lever), f1 = shl_net_eval1 (after, &lever);
  g_assert_cmpfloat_with_epsilon (f1 - f0, y1 - y0, 1e-9 * (1 + fabs (f1)));
  g_autofree char *label = g_strdup_printf ("drag neuron %d's vertex", i + 1);
  g_assert_cmpstr (shl_sim_get_undo_label (sim, FALSE), ==, label);
  undo_restores (w, before, FALSE);
  shl_net_free (before);
  shl_net_free (after);
  shl_ui_window_close (w);
}

/* with Shift the drag moves the twin's neuron; the network stays */
static void
test_drag_twin (void)
{
  ShlWindow *w = shl_ui_window_new (1400, 900);
  ShlSim *sim = shl_window_get_sim (w);
  g_assert_true (shl_window_select_pathology (w, "p1"));
  shl_window_set_trajectory_view (w, SHL_TRAJ_KINKS);
  shl_sim_sync (sim);
  settle ();
  ShlNet *f = net_copy (w, FALSE), *g = net_copy (w, TRUE);
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, SHL_PANEL_TRAJECTORY);
  const ShlPlotLayout lay = plot_named (rep, "neurons")->layout;
  double px, py;
  g_assert_true (find_dot (rep, SHL_OWNER_TWIN, &px, &py));
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_TRAJECTORY, px, py, 1, GDK_SHIFT_MASK));
  int i;
  gboolean twin;
  g_assert_cmpstr (shl_window_edit_get_grab (w, &i, &twin), ==, "dot");
  g_assert_true (twin);
  double ux, uy, x, y;
  plot_point (&lay, 0.25, 0.7, &ux, &uy);
  shl_window_edit_motion (w, ux, uy);
  shl_sim_sync (sim);
  shl_ui_screenshot (w, "ui-edit-drag-twin.png");
  shl_window_edit_release (w, ux, uy);
  shl_plot_layout_to_data (&lay, ux, uy, &x, &y);
  ShlNet *g1 = net_copy (w, TRUE), *f1 = net_copy (w, FALSE);
  g_assert_cmpfloat_with_epsilon (-g1->b[i] / g1->a[i], x, 1e-12);
  g_assert_cmpfloat_with_epsilon (g1->c[i] * fabs (g1->a[i]), y, 1e-12);
  assert_same_net (f1, f);
  /* the twin readouts follow */
  SHL_UI_WAIT_UNTIL (!shl_window_twin_readouts_busy (w));
  undo_restores (w, g, TRUE);
  shl_net_free (f);
  shl_net_free (g);
  shl_net_free (f1);
  shl_net_free (g1);
  shl_ui_window_close (w);
}

/* a place in the realization plot with nothing to grab */
static void
free_spot (ShlWindow *w, const ShlPlotLayout *lay, double *ux, double *uy)
{
  for (int k = 0; k < 40; k++)
    {
      plot_point (lay, 0.1 + 0.02 * k, 0.12, ux, uy);
      if (!shl_window_edit_press (w, SHL_PANEL_REALIZATION, *ux, *uy, 1, 0))
        continue;
      if (g_strcmp0 (shl_window_edit_get_grab (w, NULL, NULL), "add") == 0)
        {
          /* a move beyond the click slop cancels the add */
          shl_window_edit_release (w, *ux + 30, *uy);
          g_assert_false (shl_window_edit_point_pending (w));
          return;
        }
      /* a neuron was grabbed there: a click on it changes nothing */
      shl_window_edit_release (w, *ux, *uy);
    }
  g_error ("no free spot in the realization plot");
}

/* a click adds a data point where it is; a double click adds none;
 * Shift-click erases the points near the pointer */
static void
test_data_points (void)
{
  ShlWindow *w = shl_ui_window_new (1400, 900);
  ShlSim *sim = shl_window_get_sim (w);
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, SHL_PANEL_REALIZATION);
  const ShlPlotLayout lay = plot_named (rep, "realization")->layout;
  size_t n0 = shl_sim_get_data (sim)->n;
  double ux, uy, x, y;
  free_spot (w, &lay, &ux, &uy);
  g_assert_cmpuint (shl_sim_get_data (sim)->n, ==, n0);

  /* a double click: no point */
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, ux, uy, 1, 0));
  shl_window_edit_release (w, ux, uy);
  g_assert_true (shl_window_edit_point_pending (w));
  g_assert_false (shl_window_edit_press (w, SHL_PANEL_REALIZATION, ux, uy, 1, 0));
  shl_window_edit_release (w, ux, uy);
  g_assert_false (shl_window_edit_point_pending (w));
  g_assert_cmpuint (shl_sim_get_data (sim)->n, ==, n0);

  /* two quick clicks apart: two points (the second press adds the first
   * point at once); undone */
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, ux, uy, 1, 0));
  shl_window_edit_release (w, ux, uy);
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, ux + 40, uy, 1, 0));
  g_assert_cmpuint (shl_sim_get_data (sim)->n, ==, n0 + 1);
  shl_window_edit_release (w, ux + 40, uy);
  SHL_UI_WAIT_UNTIL (!shl_window_edit_point_pending (w));
  g_assert_cmpuint (shl_sim_get_data (sim)->n, ==, n0 + 2);
  settle ();
  shl_ui_activate (w, "sim.undo");
  settle ();
  shl_ui_activate (w, "sim.undo");
  settle ();
  g_assert_cmpuint (shl_sim_get_data (sim)->n, ==, n0);

  /* a click */
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, ux, uy, 1, 0));
  shl_window_edit_release (w, ux, uy);
  SHL_UI_WAIT_UNTIL (!shl_window_edit_point_pending (w));
  const ShlData *d = shl_sim_get_data (sim);
  g_assert_cmpuint (d->n, ==, n0 + 1);
  shl_plot_layout_to_data (&lay, ux, uy, &x, &y);
  g_assert_cmpfloat (d->x[n0], ==, x);
  g_assert_cmpfloat (d->y[n0], ==, y);
  g_autofree char *target = NULL;
  g_object_get (sim, "target", &target, NULL);
  g_assert_cmpstr (target, ==, "data");
  shl_ui_screenshot (w, "ui-edit-point.png");

  settle ();
  /* Shift-click on it erases it (the axes may have changed: the target
   * is no longer drawn) */
  g_autoptr (ShlPanelReport) rep2 = shl_window_panel_report (w, SHL_PANEL_REALIZATION);
  shl_plot_layout_to_user (&plot_named (rep2, "realization")->layout, x, y, &ux, &uy);
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, ux, uy, 1, GDK_SHIFT_MASK));
  g_assert_cmpstr (shl_window_edit_get_grab (w, NULL, NULL), ==, "erase");
  shl_window_edit_release (w, ux, uy);
  settle ();
  d = shl_sim_get_data (sim);
  g_assert_cmpuint (d->n, ==, n0);
  for (size_t k = 0; k < d->n; k++)
    g_assert_false (d->x[k] == x && d->y[k] == y);

  /* Shift-click where there is no point: nothing changes, no undo step */
  g_autofree char *last = g_strdup (shl_sim_get_undo_label (sim, FALSE));
  double ex, ey;
  plot_point (&lay, 0.5, 0.02, &ex, &ey);
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, ex, ey, 1, GDK_SHIFT_MASK));
  shl_window_edit_release (w, ex, ey);
  settle ();
  g_assert_cmpuint (shl_sim_get_data (sim)->n, ==, n0);
  g_assert_cmpstr (shl_sim_get_undo_label (sim, FALSE), ==, last);

  /* Shift-drag along the data: many points go, in one undo step */
  const ShlData *dd = shl_sim_get_data (sim);
  const ShlPlotLayout *l2 = &plot_named (rep2, "realization")->layout;
  double sx, sy;
  shl_plot_layout_to_user (l2, dd->x[0], dd->y[0], &sx, &sy);
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, sx, sy, 1, GDK_SHIFT_MASK));
  for (size_t k = 1; k < 20 && k < dd->n; k++)
    {
      double qx, qy;
      shl_plot_layout_to_user (l2, dd->x[k], dd->y[k], &qx, &qy);
      shl_window_edit_motion (w, qx, qy);
      dd = shl_sim_get_data (sim);
    }
  shl_window_edit_release (w, sx, sy);
  settle ();
  g_assert_cmpuint (shl_sim_get_data (sim)->n, <, n0);
  g_assert_cmpstr (shl_sim_get_undo_label (sim, FALSE), ==, "erase data points");
  shl_ui_activate (w, "sim.undo");
  settle ();
  g_assert_cmpuint (shl_sim_get_data (sim)->n, ==, n0);

  /* undo: the point comes back; again: the data of before */
  shl_ui_activate (w, "sim.undo");
  g_assert_cmpuint (shl_sim_get_data (sim)->n, ==, n0 + 1);
  shl_ui_activate (w, "sim.undo");
  g_assert_cmpuint (shl_sim_get_data (sim)->n, ==, n0);
  g_free (target);
  g_object_get (sim, "target", &target, NULL);
  g_assert_cmpstr (target, ==, "sine");
  shl_ui_window_close (w);
}

/* classification in 2-D: left button class 1, right button or Ctrl
 * class 0, at (x1, x2) */
static void
test_classes (void)
{
  ShlWindow *w = shl_ui_window_new (1400, 900);
  ShlSim *sim = shl_window_get_sim (w);
  g_object_set (sim, "target", "xor", NULL);
  shl_sim_sync (sim);
  shl_ui_wait_frame (GTK_WIDGET (w));
  settle ();
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, SHL_PANEL_REALIZATION);
  const ShlPlotLayout lay = plot_named (rep, "realization")->layout;
  size_t n0 = shl_sim_get_data (sim)->n;
  const struct { guint button; GdkModifierType state; double label; } clicks[] = {
    { 1, 0, 1.0 }, { 3, 0, 0.0 }, { 1, GDK_CONTROL_MASK, 0.0 },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (clicks); k++)
    {
      double ux, uy, x1, x2;
      /* a place off the kink lines (a press on one grabs it; released
       * where it was pressed, it changes nothing) */
      gboolean found = FALSE;
      for (int q = 0; q < 30 && !found; q++)
        {
          plot_point (&lay, 0.15 + 0.3 * k + 0.01 * q, 0.3 + 0.01 * q, &ux, &uy);
          g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, ux, uy,
                                                clicks[k].button, clicks[k].state));
          found = g_strcmp0 (shl_window_edit_get_grab (w, NULL, NULL), "add") == 0;
          if (!found)
            shl_window_edit_release (w, ux, uy);
        }
      g_assert_true (found);
      g_assert_cmpuint (shl_sim_get_data (sim)->n, ==, n0 + k);
      shl_window_edit_release (w, ux, uy);
      SHL_UI_WAIT_UNTIL (!shl_window_edit_point_pending (w));
      const ShlData *d = shl_sim_get_data (sim);
      g_assert_cmpuint (d->n, ==, n0 + k + 1);
      shl_plot_layout_to_data (&lay, ux, uy, &x1, &x2);
      g_assert_cmpfloat (d->x[2 * (n0 + k)], ==, x1);
      g_assert_cmpfloat (d->x[2 * (n0 + k) + 1], ==, x2);
      g_assert_cmpfloat (d->y[n0 + k], ==, clicks[k].label);
    }
  shl_ui_screenshot (w, "ui-edit-classes.png");
  shl_ui_window_close (w);
}

/* the kink segment of neuron i in user units, and its middle in data */
static void
segment_of (const ShlNet *net, int i, const ShlPlotLayout *lay, double u[4], double mid[2])
{
  g_autofree double *seg = g_new (double, 4 * (size_t) net->m);
  g_autofree int *who = g_new (int, net->m);
  int ns = shl_net_kink_segments_2d (seg, who, net);
  for (int k = 0; k < ns; k++)
    if (who[k] == i)
      {
        shl_plot_layout_to_user (lay, seg[4 * k], seg[4 * k + 1], &u[0], &u[1]);
        shl_plot_layout_to_user (lay, seg[4 * k + 2], seg[4 * k + 3], &u[2], &u[3]);
        mid[0] = 0.5 * (seg[4 * k] + seg[4 * k + 2]);
        mid[1] = 0.5 * (seg[4 * k + 1] + seg[4 * k + 3]);
        return;
      }
  g_error ("neuron %d has no kink line in the domain", i + 1);
}

/* 2-D: a kink line dragged by its middle moves along with the pointer
 * (a stays); by an end it turns about its middle (|a| and c stay) */
static void
test_drag_lines (void)
{
  ShlWindow *w = shl_ui_window_new (1400, 900);
  ShlSim *sim = shl_window_get_sim (w);
  g_object_set (sim, "target", "bump", NULL);
  shl_sim_sync (sim);
  shl_ui_wait_frame (GTK_WIDGET (w));
  settle ();
  ShlNet *before = net_copy (w, FALSE);
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, SHL_PANEL_REALIZATION);
  const ShlPlotLayout lay = plot_named (rep, "realization")->layout;
  g_autofree double *seg = g_new (double, 4 * (size_t) before->m);
  g_autofree int *who = g_new (int, before->m);
  g_assert_cmpint (shl_net_kink_segments_2d (seg, who, before), >, 0);
  double u[4], mid[2];
  segment_of (before, who[0], &lay, u, mid);

  /* move: press at the middle, drop 40 px away */
  double px = 0.5 * (u[0] + u[2]), py = 0.5 * (u[1] + u[3]);
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, px, py, 1, 0));
  int i;
  g_assert_cmpstr (shl_window_edit_get_grab (w, &i, NULL), ==, "line");
  shl_window_edit_motion (w, px + 20, py + 10);
  shl_window_edit_release (w, px + 30, py + 25);
  double p0[2], p1[2];
  shl_plot_layout_to_data (&lay, px, py, &p0[0], &p0[1]);
  shl_plot_layout_to_data (&lay, px + 30, py + 25, &p1[0], &p1[1]);
  ShlNet *after = net_copy (w, FALSE);
  const double *a = &before->a[2 * i];
  g_assert_cmpfloat (after->a[2 * i], ==, a[0]);
  g_assert_cmpfloat (after->a[2 * i + 1], ==, a[1]);
  g_assert_cmpfloat (after->c[i], ==, before->c[i]);
  /* the pre-activation at the drop is what it was at the press */
  double z0 = a[0] * p0[0] + a[1] * p0[1] + before->b[i];
  double z1 = a[0] * p1[0] + a[1] * p1[1] + after->b[i];
  g_assert_cmpfloat_with_epsilon (z1, z0, 1e-12);
  undo_restores (w, before, FALSE);
  shl_net_free (after);

  /* rotate: press near an end, turn about the middle */
  segment_of (before, i, &lay, u, mid);
  px = u[0] + 0.05 * (u[2] - u[0]);
  py = u[1] + 0.05 * (u[3] - u[1]);
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, px, py, 1, 0));
  int j;
  g_assert_cmpstr (shl_window_edit_get_grab (w, &j, NULL), ==, "rotate");
  g_assert_cmpint (j, ==, i);
  /* the line grabbed is drawn with its handles: the middle and the ends */
  {
    g_autoptr (ShlPanelReport) hl = shl_window_panel_report (w, SHL_PANEL_REALIZATION);
    const ShlReportItem *h = shl_panel_report_find_in (hl, "realization", SHL_ROLE_HIGHLIGHT,
                                                       SHL_OWNER_NET, 0);
    g_assert_nonnull (h);
    g_assert_cmpint (h->n, ==, 3);
    g_assert_cmpint (h->neuron[1], ==, i);
    g_assert_cmpfloat_with_epsilon (h->x[1], mid[0], 1e-12);
    g_assert_cmpfloat_with_epsilon (h->y[1], mid[1], 1e-12);
  }
  double mx, my;
  shl_plot_layout_to_user (&lay, mid[0], mid[1], &mx, &my);
  /* a quarter turn of the pointer about the middle, on screen */
  double qx = mx - (py - my), qy = my + (px - mx);
  shl_window_edit_motion (w, 0.5 * (px + qx), 0.5 * (py + qy));
  shl_sim_sync (sim);
  {
    /* the line has turned already, halfway */
    ShlNet *half = net_copy (w, FALSE);
    const double *ah = &half->a[2 * i];
    double turned = atan2 (a[0] * ah[1] - a[1] * ah[0], a[0] * ah[0] + a[1] * ah[1]);
    g_assert_cmpfloat (fabs (turned), >, 0.3);
    shl_net_free (half);
  }
  shl_ui_screenshot (w, "ui-edit-rotate.png");
  shl_window_edit_release (w, qx, qy);
  shl_plot_layout_to_data (&lay, px, py, &p0[0], &p0[1]);
  shl_plot_layout_to_data (&lay, qx, qy, &p1[0], &p1[1]);
  after = net_copy (w, FALSE);
  const double *a1 = &after->a[2 * i];
  g_assert_cmpfloat_with_epsilon (hypot (a1[0], a1[1]), hypot (a[0], a[1]), 1e-12 * hypot (a[0], a[1]));
  g_assert_cmpfloat (after->c[i], ==, before->c[i]);
  /* through the middle */
  g_assert_cmpfloat_with_epsilon (a1[0] * mid[0] + a1[1] * mid[1] + after->b[i], 0.0, 1e-12);
  /* turned by the angle the pointer turned (in data units) */
  double th = atan2 (p1[1] - mid[1], p1[0] - mid[0]) - atan2 (p0[1] - mid[1], p0[0] - mid[0]);
  double turned = atan2 (a[0] * a1[1] - a[1] * a1[0], a[0] * a1[0] + a[1] * a1[1]);
  g_assert_cmpfloat_with_epsilon (remainder (turned - th, 2 * G_PI), 0.0, 1e-9);
  undo_restores (w, before, FALSE);
  shl_net_free (after);
  shl_net_free (before);
  shl_ui_window_close (w);
}

#ifdef SHL_HAVE_XTEST
static Display *
xdisplay (GtkWidget *w)
{
  GdkDisplay *d = gtk_widget_get_display (w);
  return GDK_IS_X11_DISPLAY (d) ? gdk_x11_display_get_xdisplay (d) : NULL;
}

/* the pointer to (x, y) of widget (its own coordinates, whole pixels of
 * the screen) */
static void
pointer_at (GtkWidget *widget, double x, double y)
{
  Display *dpy = xdisplay (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  double nx, ny, wx, wy;
  gtk_native_get_surface_transform (native, &nx, &ny);
  g_assert_true (gtk_widget_translate_coordinates (widget, GTK_WIDGET (native), x, y, &wx, &wy));
  Window xw = gdk_x11_surface_get_xid (gtk_native_get_surface (native)), child;
  int rx, ry;
  XTranslateCoordinates (dpy, xw, DefaultRootWindow (dpy), (int) lround (wx + nx),
                         (int) lround (wy + ny), &rx, &ry, &child);
  XTestFakeMotionEvent (dpy, -1, rx, ry, CurrentTime);
  XSync (dpy, False);
}

static void
button (GtkWidget *widget, gboolean down)
{
  Display *dpy = xdisplay (widget);
  XTestFakeButtonEvent (dpy, 1, down, CurrentTime);
  XSync (dpy, False);
}

static gboolean
have_xtest (GtkWidget *w)
{
  Display *dpy = xdisplay (w);
  int ev, err, major, minor;
  return dpy && XTestQueryExtension (dpy, &ev, &err, &major, &minor);
}
#endif

/* a kink marker dragged with the mouse: the X events reach the panel's
 * drag gesture, which calls the handlers */
static void
test_real_drag (void)
{
#ifdef SHL_HAVE_XTEST
  ShlWindow *w = shl_ui_window_new (1400, 900);
  if (!have_xtest (GTK_WIDGET (w)))
    {
      shl_ui_window_close (w);
      g_test_skip ("the display has no XTest: no real pointer events");
      return;
    }
  gtk_window_present (GTK_WINDOW (w));
  SHL_UI_WAIT_UNTIL (gtk_window_is_active (GTK_WINDOW (w)));
  ShlSim *sim = shl_window_get_sim (w);
  ShlNet *before = net_copy (w, FALSE);
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, SHL_PANEL_REALIZATION);
  const ShlPlotLayout lay = plot_named (rep, "realization")->layout;
  double t;
  inner_kink (rep, before, &t);
  double ux, uy;
  shl_plot_layout_to_user (&lay, t, 0, &ux, &uy);
  uy = lay.plot.y + lay.plot.height - 3;
  GtkWidget *view = shl_window_get_panel (w, SHL_PANEL_REALIZATION);
  settle ();
  pointer_at (view, ux, uy);
  button (view, TRUE);
  SHL_UI_WAIT_UNTIL (g_strcmp0 (shl_window_edit_get_grab (w, NULL, NULL), "kink") == 0);
  int i;
  shl_window_edit_get_grab (w, &i, NULL);
  double drop = lay.plot.x + 0.25 * lay.plot.width;
  for (int k = 1; k <= 8; k++)
    pointer_at (view, ux + (drop - ux) * k / 8.0, uy - 2 * k);
  SHL_UI_WAIT_UNTIL (shl_sim_is_editing (sim));
  button (view, FALSE);
  SHL_UI_WAIT_UNTIL (!shl_sim_is_editing (sim));
  double x, y;
  shl_plot_layout_to_data (&lay, drop, uy, &x, &y);
  ShlNet *after = net_copy (w, FALSE);
  /* within a pixel: the X server has whole pixels */
  double px = (lay.x_max - lay.x_min) / lay.plot.width;
  g_assert_cmpfloat (fabs (-after->b[i] / after->a[i] - x), <, 1.01 * px);
  g_assert_cmpfloat (after->a[i], ==, before->a[i]);
  g_assert_cmpfloat (after->c[i], ==, before->c[i]);
  undo_restores (w, before, FALSE);
  shl_net_free (before);
  shl_net_free (after);
  shl_ui_window_close (w);
#else
  g_test_skip ("built without XTest (libxtst-dev): no real pointer events");
#endif
}

int
main (int argc, char **argv)
{
  shl_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/edit/drag-dot", test_drag_dot);
  g_test_add_func ("/ui/edit/drag-kink", test_drag_kink);
  g_test_add_func ("/ui/edit/drag-vertex", test_drag_vertex);
  g_test_add_func ("/ui/edit/drag-twin", test_drag_twin);
  g_test_add_func ("/ui/edit/data-points", test_data_points);
  g_test_add_func ("/ui/edit/classes", test_classes);
  g_test_add_func ("/ui/edit/drag-lines", test_drag_lines);
  g_test_add_func ("/ui/edit/real-drag", test_real_drag);
  return shl_ui_test_run ();
}
