/* test-ui-edit.c: direct manipulation, driven through the panels' drag
 * handlers (shl_window_edit_press/motion/release) with coordinates
 * computed from the panels' scene reports: a neuron's dot in the kink
 * plane, a kink marker and a vertex of f in the realization panel, the
 * twin's with Shift, data points added by a click (the class from the
 * button in 2-D) and erased by Shift-click; the network changes as
 * specified, and Ctrl+Z (sim.undo) restores it bit for bit. A screenshot
 * shows a drag in progress. */
#include <math.h>

#include "shl-window-inspect.h"
#include "ui-test-util.h"

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

  g_assert_true (shl_window_edit_press (w, SHL_PANEL_TRAJECTORY, px, py, 1, 0));
  int i;
  gboolean twin;
  g_assert_cmpstr (shl_window_edit_get_grab (w, &i, &twin), ==, "dot");
  g_assert_false (twin);
  g_assert_true (shl_sim_is_editing (sim));
  double ux[3], uy[3];
  plot_point (&lay, 0.3, 0.3, &ux[0], &uy[0]);
  plot_point (&lay, 0.5, 0.25, &ux[1], &uy[1]);
  plot_point (&lay, 0.62, 0.2, &ux[2], &uy[2]);
  for (int k = 0; k < 2; k++)
    shl_window_edit_motion (w, ux[k], uy[k]);
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
  shl_window_edit_motion (w, lay.plot.x + 0.7 * lay.plot.width, uy - 40);
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
  while (g_main_context_iteration (NULL, FALSE))
    ;
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
      /* a neuron was grabbed there: the drag is undone */
      shl_window_edit_release (w, *ux, *uy);
      shl_ui_activate (w, "sim.undo");
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

  /* Shift-click on it erases it (the axes may have changed: the target
   * is no longer drawn) */
  g_autoptr (ShlPanelReport) rep2 = shl_window_panel_report (w, SHL_PANEL_REALIZATION);
  shl_plot_layout_to_user (&plot_named (rep2, "realization")->layout, x, y, &ux, &uy);
  g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, ux, uy, 1, GDK_SHIFT_MASK));
  g_assert_cmpstr (shl_window_edit_get_grab (w, NULL, NULL), ==, "erase");
  shl_window_edit_release (w, ux, uy);
  d = shl_sim_get_data (sim);
  g_assert_cmpuint (d->n, ==, n0);
  for (size_t k = 0; k < d->n; k++)
    g_assert_false (d->x[k] == x && d->y[k] == y);

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
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, SHL_PANEL_REALIZATION);
  const ShlPlotLayout lay = plot_named (rep, "realization")->layout;
  size_t n0 = shl_sim_get_data (sim)->n;
  const struct { guint button; GdkModifierType state; double label; } clicks[] = {
    { 1, 0, 1.0 }, { 3, 0, 0.0 }, { 1, GDK_CONTROL_MASK, 0.0 },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (clicks); k++)
    {
      double ux, uy, x1, x2;
      plot_point (&lay, 0.2 + 0.3 * k, 0.4, &ux, &uy);
      g_assert_true (shl_window_edit_press (w, SHL_PANEL_REALIZATION, ux, uy, clicks[k].button,
                                            clicks[k].state));
      g_assert_cmpstr (shl_window_edit_get_grab (w, NULL, NULL), ==, "add");
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
  return shl_ui_test_run ();
}
