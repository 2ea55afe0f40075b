/* test-ui-experiments.c: the inverse-stability experiments window: the
 * scatter of sampled pairs and plain against restricted training. */
#include "shl-experiments-window.h"
#include "ui-test-util.h"

static void
test_experiments_window (void)
{
  ShlWindow *w = shl_ui_window_new (1024, 700);
  ShlExperimentsWindow *e = shl_experiments_window_new (GTK_WINDOW (w), shl_window_get_sim (w));
  gtk_window_set_default_size (GTK_WINDOW (e), 900, 640);
  shl_ui_present (e);
  shl_experiments_window_start_scatter (e);
  g_assert_true (shl_experiments_window_is_busy (e));
  SHL_UI_WAIT_UNTIL (!shl_experiments_window_is_busy (e));
  g_assert_cmpuint (shl_experiments_window_get_n_samples (e), ==, 400);
  shl_experiments_window_start_compare (e);
  g_assert_true (shl_experiments_window_is_busy (e));
  SHL_UI_WAIT_UNTIL (!shl_experiments_window_is_busy (e));
  int n;
  const double *plain = shl_experiments_window_get_losses (e, FALSE, &n);
  const double *restricted = shl_experiments_window_get_losses (e, TRUE, &n);
  g_assert_cmpint (n, ==, 3001);
  /* restricted training loses nothing */
  g_assert_cmpfloat (restricted[n - 1], <=, 2.5 * plain[n - 1] + 5e-4);
  shl_ui_screenshot (e, "ui-experiments.png");
  shl_ui_window_close (e);
  shl_ui_window_close (w);
}

int
main (int argc, char **argv)
{
  shl_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/experiments-window", test_experiments_window);
  return shl_ui_test_run ();
}
