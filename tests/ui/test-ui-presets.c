/* test-ui-presets.c: every preset of the pathology gallery shows its
 * evidence, asserted from what the panels drew (shl-panel-report.h), not
 * from pixels:
 *
 *   - the twin's derivative is in the derivative panel;
 *   - every neuron of the network and of the twin lies inside the
 *     trajectory panel's axes or is drawn as an edge marker;
 *   - the y-ranges stay fixed while the preset's slider moves;
 *   - leaving the preset brings back the previous target, data and width;
 *   - a symmetry move keeps the history and the preset's twin;
 *
 * and a screenshot of each at 1280 × 800 (ui-preset-ID-1280x800.png).
 * Every wait is for a condition. */
#include <math.h>

#include "shl-move.h"
#include "shl-pathology.h"
#include "shl-timeline.h"
#include "shl-window-inspect.h"
#include "ui-test-util.h"

/* the sim caught up with everything sent, and the readouts are current */
static void
settle (ShlWindow *w)
{
  ShlSim *sim = shl_window_get_sim (w);
  shl_sim_sync (sim);
  SHL_UI_WAIT_UNTIL (shl_sim_get_scene (sim)->net != NULL);
  shl_window_get_twin_readout (w, 0);
}

static const ShlReportPlot *
plot_named (const ShlPanelReport *rep, const char *name)
{
  const ShlReportPlot *p = shl_panel_report_find_plot (rep, name);
  if (!p || !p->drawn)
    g_error ("the panel drew no plot \"%s\"", name);
  return p;
}

static guint
plot_index (const ShlPanelReport *rep, const char *name)
{
  for (guint k = 0; k < shl_panel_report_n_plots (rep); k++)
    if (g_strcmp0 (shl_panel_report_plot (rep, k)->name, name) == 0)
      return k;
  g_error ("no plot \"%s\"", name);
  return 0;
}

/* the twin's derivative is in the derivative panel: in 1-D a step
 * function over the whole domain, in 2-D its kink lines */
static void
assert_twin_derivative (ShlWindow *w, const char *id)
{
  ShlScene *sc = shl_sim_get_scene (shl_window_get_sim (w));
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, 1);
  const ShlReportItem *it = shl_panel_report_find (rep, SHL_ROLE_TWIN_DERIV, SHL_OWNER_TWIN, 0);
  if (!it)
    g_error ("%s: no twin derivative in the derivative panel", id);
  if (sc->net->d == 1)
    {
      g_assert_cmpint (it->n, >=, 2);
      g_assert_cmpfloat (it->x[0], ==, sc->net->lo[0]);
      g_assert_cmpfloat (it->x[it->n - 1], ==, sc->net->hi[0]);
    }
}

/* every neuron of f and of the twin: a point inside the axes, or an edge
 * marker */
static void
assert_neurons_shown (ShlWindow *w, const char *id)
{
  ShlScene *sc = shl_sim_get_scene (shl_window_get_sim (w));
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, 3);
  guint np = plot_index (rep, "neurons");
  const ShlNet *nets[2] = { sc->net, sc->twin };
  ShlOwner owners[2] = { SHL_OWNER_NET, SHL_OWNER_TWIN };
  for (int q = 0; q < 2; q++)
    {
      if (!nets[q])
        continue;
      for (int i = 0; i < nets[q]->m; i++)
        {
          gboolean found = FALSE;
          for (guint k = 0; k < shl_panel_report_n_items (rep) && !found; k++)
            {
              const ShlReportItem *it = shl_panel_report_item (rep, k);
              if (it->owner != owners[q] || !it->neuron || it->plot != (int) np)
                continue;
              for (int p = 0; p < it->n && !found; p++)
                {
                  if (it->neuron[p] != i)
                    continue;
                  if (it->role == SHL_ROLE_EDGE_MARKER)
                    found = TRUE;
                  else if (it->role == SHL_ROLE_NEURONS)
                    {
                      if (!shl_panel_report_inside (rep, np, it->x[p], it->y[p]))
                        g_error ("%s: neuron %d of %s drawn outside the axes at (%g, %g)", id, i + 1,
                                 q ? "g" : "f", it->x[p], it->y[p]);
                      found = TRUE;
                    }
                }
            }
          if (!found)
            g_error ("%s: neuron %d of %s is neither inside the axes nor an edge marker", id,
                     i + 1, q ? "g" : "f");
        }
    }
}

static void
y_ranges (ShlWindow *w, double *r)
{
  for (int panel = 0; panel < 2; panel++)
    {
      g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, panel);
      const ShlReportPlot *p = shl_panel_report_plot (rep, 0);
      g_assert_true (p->drawn);
      r[2 * panel] = p->layout.y_min;
      r[2 * panel + 1] = p->layout.y_max;
    }
}

/* the y-ranges of the realization and derivative panels at the other
 * end of the slider are the same */
static void
assert_fixed_y_range (ShlWindow *w, const ShlPathology *p)
{
  double a[4], b[4];
  y_ranges (w, a);
  shl_window_set_pathology_param (w, p->param_log ? p->param_min * 1.5 : p->param_min);
  settle (w);
  y_ranges (w, b);
  for (int k = 0; k < 4; k++)
    if (a[k] != b[k])
      g_error ("%s: the %s panel's y-range moved with the slider: [%g, %g] -> [%g, %g]", p->id,
               k < 2 ? "realization" : "derivative", a[k & ~1], a[k | 1], b[k & ~1], b[k | 1]);
  shl_window_set_pathology_param (w, p->param_default);
  settle (w);
}

/* a move keeps the history, the step count and the preset's twin */
static void
assert_move_keeps_history (ShlWindow *w, const char *id)
{
  ShlSim *sim = shl_window_get_sim (w);
  shl_ui_activate (w, "sim.step-many");
  shl_sim_sync (sim);
  guint64 step = shl_ui_sim_step (sim);
  guint n_hist = shl_sim_get_history_length (sim);
  ShlNet *twin = shl_net_copy (shl_sim_get_twin (sim));
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_sim_transform (sim, "reverse", &err));
  g_assert_no_error (err);
  settle (w);
  g_assert_cmpuint (shl_ui_sim_step (sim), ==, step);
  g_assert_cmpuint (shl_sim_get_history_length (sim), ==, n_hist);
  const ShlNet *t = shl_sim_get_twin (sim);
  g_assert_true (shl_net_same_shape (t, twin));
  g_assert_cmpmem (t->theta, t->n_params * sizeof (double), twin->theta, twin->n_params * sizeof (double));
  g_assert_nonnull (shl_sim_get_ghost (sim));
  /* the move is on the loss plot's timeline, with its caption */
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, 3);
  const ShlReportItem *ev = shl_panel_report_find_in (rep, "loss", SHL_ROLE_EVENT, SHL_OWNER_NONE, 0);
  if (!ev)
    g_error ("%s: the move is not on the loss plot", id);
  g_assert_cmpfloat (ev->x[0], ==, (double) step);
  if (!shl_panel_report_find (rep, SHL_ROLE_CAPTION, SHL_OWNER_NONE, 0))
    g_error ("%s: no caption names the move", id);
  /* training goes on from there */
  shl_ui_activate (w, "sim.step");
  shl_sim_sync (sim);
  g_assert_cmpuint (shl_ui_sim_step (sim), ==, step + 1);
  shl_net_free (twin);
}

static void
test_every_preset (void)
{
  ShlWindow *w = shl_ui_window_new (1280, 800);
  ShlSim *sim = shl_window_get_sim (w);
  int n;
  const ShlPathology *t = shl_pathologies (&n);
  for (int k = 0; k < n; k++)
    {
      const char *id = t[k].id;
      g_test_message ("preset %s", id);
      g_assert_true (shl_window_select_pathology (w, id));
      settle (w);
      g_assert_cmpstr (shl_sim_get_preset (sim, NULL), ==, id);
      assert_twin_derivative (w, id);
      assert_neurons_shown (w, id);
      g_autofree char *shot = g_strdup_printf ("ui-preset-%s-1280x800.png", id);
      shl_ui_assert_panels_not_blank (w);
      SHL_UI_WAIT_UNTIL (!shl_sim_get_scene (sim)->land_busy);
      shl_ui_screenshot (w, shot);
      /* the readout the explanation is about is highlighted (the dead
       * neuron's claim is about the landscape) */
      if (!g_str_equal (id, "dead"))
        g_assert_cmpint (shl_window_get_highlighted_readout (w), >=, 0);
      assert_fixed_y_range (w, &t[k]);
      assert_move_keeps_history (w, id);
    }
  shl_ui_window_close (w);
}

/* the user's problem comes back when the preset is left */
static void
test_leave_restores (void)
{
  ShlWindow *w = shl_ui_window_new (1280, 800);
  ShlSim *sim = shl_window_get_sim (w);
  g_object_set (sim, "target", "abs", "width", 7, "samples", 64, "lr", 0.02, NULL);
  settle (w);
  ShlData *data = shl_data_copy (shl_sim_get_scene (sim)->data);
  const char *leaves[] = { "none", "target" };
  for (unsigned q = 0; q < G_N_ELEMENTS (leaves); q++)
    {
      g_assert_true (shl_window_select_pathology (w, "p0"));
      settle (w);
      g_autofree char *during = NULL;
      g_object_get (sim, "target", &during, NULL);
      g_assert_cmpstr (during, ==, "data");
      g_assert_cmpstr (shl_sim_get_data_label (sim), ==, "g of P0 (preset)");
      if (g_str_equal (leaves[q], "none"))
        g_assert_true (shl_window_select_pathology (w, "none"));
      else
        g_object_set (sim, "target", "abs", NULL);
      settle (w);
      g_assert_null (shl_sim_get_preset (sim, NULL));
      g_autofree char *target = NULL;
      int width;
      double lr;
      g_object_get (sim, "target", &target, "width", &width, "lr", &lr, NULL);
      g_assert_cmpstr (target, ==, "abs");
      g_assert_cmpint (width, ==, 7);
      g_assert_cmpfloat (lr, ==, 0.02);
      ShlScene *sc = shl_sim_get_scene (sim);
      g_assert_cmpint (sc->net->m, ==, 7);
      g_assert_null (sc->twin);
      g_assert_cmpuint (sc->data->n, ==, data->n);
      g_assert_cmpmem (sc->data->y, data->n * sizeof (double), data->y, data->n * sizeof (double));
    }
  /* another target while in a preset: that target, with the width from
   * before */
  g_assert_true (shl_window_select_pathology (w, "p3"));
  settle (w);
  g_object_set (sim, "target", "runge", NULL);
  settle (w);
  g_autofree char *target = NULL;
  g_object_get (sim, "target", &target, NULL);
  g_assert_cmpstr (target, ==, "runge");
  g_assert_cmpint (shl_sim_get_scene (sim)->net->m, ==, 7);
  g_assert_null (shl_sim_get_preset (sim, NULL));
  shl_data_free (data);
  shl_ui_window_close (w);
}

/* the numbers a student reads */
static void
test_readouts (void)
{
  ShlWindow *w = shl_ui_window_new (1280, 800);
  /* P3: the explanation's ½, exact by theory */
  g_assert_true (shl_window_select_pathology (w, "p3"));
  settle (w);
  g_assert_cmpint (shl_window_get_highlighted_readout (w), ==, 4);
  g_assert_cmpstr (shl_window_get_twin_readout (w, 4), ==, "0.5");
  g_assert_cmpstr (shl_window_get_twin_readout_note (w, 4), ==, "exact (theory §3)");
  /* the widths differ: no raw distance */
  g_assert_cmpstr (shl_window_get_twin_readout (w, 2), ==, "—");
  /* P0 at n = 1000: an integer as an integer, g′'s box drawn at least a
   * pixel wide and magnified in an inset */
  g_assert_true (shl_window_select_pathology (w, "p0"));
  shl_window_set_pathology_param (w, 1000);
  settle (w);
  g_assert_cmpstr (shl_window_get_pathology_value (w), ==, "n = 1000");
  g_assert_cmpstr (shl_window_get_twin_readout (w, 0), ==, "0.001");
  g_assert_cmpstr (shl_window_get_twin_readout (w, 4), ==, "1");
  {
    g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, 1);
    const ShlReportItem *thin = shl_panel_report_find (rep, SHL_ROLE_THIN, SHL_OWNER_TWIN, 0);
    g_assert_nonnull (thin);
    g_assert_cmpfloat (fabs (thin->value - 1e-3), <, 1e-12);
    g_assert_nonnull (shl_panel_report_find (rep, SHL_ROLE_INSET, SHL_OWNER_NONE, 0));
    const ShlReportPlot *inset = plot_named (rep, "inset");
    g_assert_cmpfloat (inset->layout.x_max - inset->layout.x_min, <, 0.01);
  }
  shl_ui_screenshot (w, "ui-preset-p0-n1000.png");
  /* n = 1e6: still there */
  shl_window_set_pathology_param (w, 1e6);
  settle (w);
  g_assert_cmpstr (shl_window_get_pathology_value (w), ==, "n = 1000000");
  {
    g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, 1);
    const ShlReportItem *thin = shl_panel_report_find (rep, SHL_ROLE_THIN, SHL_OWNER_TWIN, 0);
    g_assert_nonnull (thin);
    g_assert_cmpfloat (fabs (thin->value - 1e-6), <, 1e-15);
  }
  /* P2: the two neurons on one kink carry a ×2 */
  g_assert_true (shl_window_select_pathology (w, "p2"));
  settle (w);
  {
    g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, 3);
    const ShlReportItem *b = shl_panel_report_find (rep, SHL_ROLE_BADGE, SHL_OWNER_NET, 0);
    g_assert_nonnull (b);
    g_assert_cmpfloat (b->value, ==, 2);
  }
  /* P4: the kink axis reaches K */
  g_assert_true (shl_window_select_pathology (w, "p4"));
  shl_window_set_pathology_param (w, 50);
  settle (w);
  {
    g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, 3);
    g_assert_cmpfloat (plot_named (rep, "neurons")->layout.x_max, >=, 50);
  }
  /* P1: the balance plane with the rescaling orbit */
  g_assert_true (shl_window_select_pathology (w, "p1"));
  settle (w);
  {
    g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, 3);
    g_assert_nonnull (shl_panel_report_find (rep, SHL_ROLE_ORBIT, SHL_OWNER_NET, 0));
    g_assert_nonnull (shl_panel_report_find (rep, SHL_ROLE_BALANCED, SHL_OWNER_NONE, 0));
  }
  /* Balance on P1: the twin is still the preset's g, so the balanced
   * start's distance to it can be read: ((√3 − 1)/2) √ε (theory.md 3) */
  ShlMove balance = shl_move_balance ();
  g_assert_true (shl_sim_apply_move (shl_window_get_sim (w), &balance, NULL));
  settle (w);
  const char *text = shl_window_get_twin_readout (w, 4);
  /* an upper bound reads "≤ x" */
  if (g_str_has_prefix (text, "≤ "))
    text += strlen ("≤ ");
  double dfib = g_ascii_strtod (text, NULL);
  g_test_message ("d_fib after Balance on P1: %g", dfib);
  double expect = 0.5 * (sqrt (3) - 1) * sqrt (0.01);
  if (!(fabs (dfib - expect) < 0.01 * expect))
    g_error ("d_fib after Balance on P1: %g, expected %g", dfib, expect);
  {
    g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, 3);
    const ShlReportItem *cap = shl_panel_report_find (rep, SHL_ROLE_CAPTION, SHL_OWNER_NONE, 0);
    g_assert_nonnull (cap);
    g_assert_nonnull (strstr (cap->text, "f unchanged"));
    g_assert_cmpuint (shl_panel_report_count (rep, SHL_ROLE_NEURONS, SHL_OWNER_GHOST), ==, 1);
  }
  shl_ui_screenshot (w, "ui-preset-p1-balanced.png");
  shl_ui_window_close (w);
}

/* a neuron's identity: hovering its row emphasises it in the panels; a
 * click on it in a panel selects its row */
static void
test_neuron_identity (void)
{
  ShlWindow *w = shl_ui_window_new (1280, 800);
  ShlSim *sim = shl_window_get_sim (w);
  settle (w);
  shl_window_hover_neuron_row (w, 2);
  g_assert_cmpint (shl_sim_get_scene (sim)->highlight, ==, 3);
  {
    g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, 3);
    const ShlReportItem *h = shl_panel_report_find (rep, SHL_ROLE_HIGHLIGHT, SHL_OWNER_NET, 0);
    g_assert_nonnull (h);
    g_assert_cmpint (h->neuron[0], ==, 2);
  }
  shl_window_hover_neuron_row (w, -1);
  g_assert_cmpint (shl_sim_get_scene (sim)->highlight, ==, 0);

  /* a click where neuron 5 is drawn */
  g_autoptr (ShlPanelReport) rep = shl_window_panel_report (w, 3);
  const ShlReportPlot *np = plot_named (rep, "neurons");
  const ShlReportItem *pts = shl_panel_report_find (rep, SHL_ROLE_NEURONS, SHL_OWNER_NET, 0);
  g_assert_nonnull (pts);
  int target = -1;
  double ux = 0, uy = 0;
  for (int p = 0; p < pts->n && target < 0; p++)
    if (pts->neuron[p] == 4)
      {
        target = 4;
        shl_plot_layout_to_user (&np->layout, pts->x[p], pts->y[p], &ux, &uy);
      }
  g_assert_cmpint (target, ==, 4);
  int hit;
  ShlOwner owner;
  g_assert_true (shl_window_hit_neuron (w, 3, ux, uy, &hit, &owner));
  g_assert_cmpint (owner, ==, SHL_OWNER_NET);
  /* another neuron may sit on the same spot; it must be drawn there too */
  gboolean same = hit == 4;
  for (int p = 0; p < pts->n && !same; p++)
    if (pts->neuron[p] == hit)
      {
        double hx, hy;
        shl_plot_layout_to_user (&np->layout, pts->x[p], pts->y[p], &hx, &hy);
        same = hypot (hx - ux, hy - uy) < 9;
      }
  g_assert_true (same);
  shl_window_select_neuron (w, hit);
  g_assert_cmpint (shl_window_get_selected_neuron (w), ==, hit);
  g_assert_cmpint (shl_sim_get_scene (sim)->highlight, ==, hit + 1);
  shl_ui_screenshot (w, "ui-neuron-selected.png");
  shl_ui_window_close (w);
}

int
main (int argc, char **argv)
{
  shl_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/presets/every-preset", test_every_preset);
  g_test_add_func ("/ui/presets/leave-restores", test_leave_restores);
  g_test_add_func ("/ui/presets/readouts", test_readouts);
  g_test_add_func ("/ui/presets/neuron-identity", test_neuron_identity);
  return shl_ui_test_run ();
}
