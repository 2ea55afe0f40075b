/* test-ui-inverse.c: inverse stability: the pathology gallery's presets
 * with their twin readouts, the twin actions, and the symmetry moves
 * (rescale, balance, permute, the canonical form), which change the
 * parameters but not the function. */
#include <math.h>

#include "shl-geom.h"
#include "shl-symmetry.h"
#include "ui-test-util.h"

static double
readout (ShlWindow *w, int k)
{
  return g_ascii_strtod (shl_window_get_twin_readout (w, k), NULL);
}

static void
test_pathology_gallery (void)
{
  ShlWindow *w = shl_ui_window_new (1400, 900);
  ShlSim *sim = shl_window_get_sim (w);
  g_assert_true (shl_window_select_pathology (w, "p1"));
  shl_sim_sync (sim);
  ShlScene *sc = shl_sim_get_scene (sim);
  g_assert_nonnull (sc->twin);
  g_assert_cmpint (sc->net->m, ==, 1);
  /* P1 at eps = 0.01: the functions are eps apart, the parameters 1/3 */
  g_assert_cmpstr (shl_window_get_twin_readout (w, 1), ==, "0.01");
  g_assert_nonnull (strstr (shl_window_get_twin_readout (w, 4), "0.333"));
  shl_ui_activate (w, "sim.step-many");
  shl_sim_sync (sim);
  shl_ui_screenshot (w, "ui-pathology-p1.png");
  g_assert_true (shl_window_select_pathology (w, "p3"));
  shl_sim_sync (sim);
  shl_ui_assert_panels_not_blank (w);
  shl_ui_screenshot (w, "ui-pathology-p3.png");
  /* training moves Γ towards g */
  shl_ui_activate (w, "sim.step-many");
  shl_sim_sync (sim);
  g_assert_cmpuint (shl_ui_sim_step (sim), ==, 100);
  g_assert_true (shl_window_select_pathology (w, "invisible-2d"));
  shl_sim_sync (sim);
  /* the six neurons compute zero (to rounding) */
  g_assert_cmpfloat (readout (w, 0), <, 1e-12);

  /* the published experiment: 500 steps of SGD with momentum bring the
   * sup error down while the slopes stay of order one */
  g_assert_true (shl_window_select_pathology (w, "experiment"));
  shl_sim_sync (sim);
  for (int k = 0; k < 5; k++)
    shl_ui_activate (w, "sim.step-many");
  shl_sim_sync (sim);
  g_assert_cmpuint (shl_ui_sim_step (sim), ==, 500);
  ShlScene *e = shl_sim_get_scene (sim);
  g_assert_cmpfloat (e->net->lo[0], ==, -10.0);
  g_assert_cmpfloat (readout (w, 0), <, 2.0);                        /* started at b = 2 */
  g_assert_cmpfloat (fabs (e->net->c[0] * e->net->a[0]), >, 0.1);    /* slopes stay */
  shl_ui_screenshot (w, "ui-experiment.png");

  /* a balanced, permuted copy: the same function, other parameters */
  g_assert_true (shl_window_select_pathology (w, "p1"));
  shl_sim_sync (sim);
  shl_ui_activate (w, "win.twin('transformed')");
  /* the same function: the uniform distance is at rounding level (the
   * exact W^{1,inf} distance sees the ulp-wide slivers that rescaling the
   * kinks by a factor that is not a power of two leaves) */
  g_assert_cmpfloat (readout (w, 0), <, 1e-12);
  g_assert_cmpfloat (readout (w, 3), <, 1e-9);
  g_assert_cmpfloat (readout (w, 2), >, 0.1);
  shl_ui_activate (w, "win.twin('start')");
  g_assert_nonnull (shl_sim_get_twin (sim));
  shl_ui_activate (w, "win.twin('none')");
  g_assert_null (shl_sim_get_twin (sim));
  shl_ui_window_close (w);
}

static void
test_symmetry_moves (void)
{
  ShlWindow *w = shl_ui_window_new (1400, 1000);
  ShlSim *sim = shl_window_get_sim (w);
  shl_ui_activate (w, "sim.step-many");
  shl_sim_sync (sim);
  const char *ops[] = { "rescale-0-2", "rescale-1-0.5", "balance-2", "balance", "reverse",
                        "canon-1", "canon-2", "canon-3", "canon-4", "canon-5", "canon-6",
                        "canonical" };
  for (unsigned k = 0; k < G_N_ELEMENTS (ops); k++)
    {
      g_autoptr (GError) err = NULL;
      g_assert_true (shl_sim_transform (sim, ops[k], &err));
      g_assert_no_error (err);
      shl_sim_sync (sim);
      /* the parameters change, the function does not: the ghost is the
       * network before the move. The derivative is checked with the robust
       * W^{1,inf} distance (kinks that coincide up to rounding are one
       * kink): a rescaling by a factor that is not a power of two rounds a
       * kink by an ulp, and the exact W^{1,inf} distance of the given
       * doubles sees that neuron's jump on the ulp-wide interval. */
      ShlDistances D;
      g_assert_true (shl_realization_distance (&D, shl_sim_get_scene (sim)->net,
                                               shl_sim_get_ghost (sim), NULL, NULL));
      g_test_message ("%s: sup %g, W1inf exact %g, robust %g", ops[k], D.sup,
                      D.w1inf_2, D.w1inf_2_robust);
      if (!(D.sup < 1e-9))
        g_error ("%s changed the function: sup %g", ops[k], D.sup);
      if (!(D.w1inf_2_robust < 1e-9))
        g_error ("%s changed the derivative: robust W1inf %g (exact %g)",
                 ops[k], D.w1inf_2_robust, D.w1inf_2);
    }
  g_assert_true (shl_net_is_restricted (shl_sim_get_scene (sim)->net, 1e-9));
  shl_ui_assert_panels_not_blank (w);
  shl_ui_screenshot (w, "ui-neurons.png");
  shl_ui_window_close (w);
}

int
main (int argc, char **argv)
{
  shl_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/pathology-gallery", test_pathology_gallery);
  g_test_add_func ("/ui/symmetry-moves", test_symmetry_moves);
  return shl_ui_test_run ();
}
