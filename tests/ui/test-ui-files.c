/* test-ui-files.c: opening files (network JSON, data CSV, by content, as
 * drag and drop does) and sessions: save, reopen, continue bit for bit,
 * refuse a damaged one. */
#include <glib/gstdio.h>

#include "shl-panel-grid.h"
#include "ui-test-util.h"

static void
test_open_files (void)
{
  ShlWindow *win = shl_ui_window_new (1024, 700);
  ShlSim *sim = shl_window_get_sim (win);
  g_autofree char *dir = g_dir_make_tmp ("shallows-ui-XXXXXX", NULL);
  g_autofree char *net = g_build_filename (dir, "net.json", NULL);
  g_autofree char *csv = g_build_filename (dir, "data.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_assert_true (g_file_set_contents (net,
    "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 1,"
    " \"domain\": [[-1, 1]], \"a\": [[1.0], [-1.0], [1.0]], \"b\": [0.0, 0.0, -0.5],"
    " \"c\": [1.0, 1.0, -2.0], \"e\": 0.0}", -1, NULL));
  g_assert_true (g_file_set_contents (csv, "x,y\n-1,1\n0,0\n1,1\n0.5,0.5\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "x,y\n1,2,3\n", -1, NULL));
  g_autoptr (GFile) f1 = g_file_new_for_path (net);
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_window_open_file (win, f1, &err));
  shl_sim_sync (sim);
  g_assert_cmpint (shl_sim_get_scene (sim)->net->m, ==, 3);
  g_assert_cmpfloat (shl_sim_get_scene (sim)->net->c[2], ==, -2.0);
  g_autoptr (GFile) f2 = g_file_new_for_path (csv);
  g_assert_true (shl_window_open_file (win, f2, &err));
  shl_sim_sync (sim);
  g_assert_cmpuint (shl_sim_get_scene (sim)->data->n, ==, 4);
  g_autoptr (GFile) f3 = g_file_new_for_path (bad);
  g_assert_false (shl_window_open_file (win, f3, &err));
  g_assert_nonnull (strstr (err->message, "bad.csv:2"));
  /* nothing changed */
  g_assert_cmpuint (shl_sim_get_scene (sim)->data->n, ==, 4);
  g_unlink (net);
  g_unlink (csv);
  g_unlink (bad);
  g_rmdir (dir);
  shl_ui_window_close (win);
}

static void
test_session_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shallows-session-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.json", NULL);
  ShlWindow *a = shl_ui_window_new (1024, 700);
  ShlSim *sa = shl_window_get_sim (a);
  g_object_set (sa, "optimizer", "sgd", "batch", 16, "lr", 0.05, NULL);
  shl_sim_sync (sa);
  shl_ui_activate (a, "sim.step-many");
  shl_sim_sync (sa);
  gboolean modified;
  g_object_get (sa, "modified", &modified, NULL);
  g_assert_true (modified);
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (a)), "• "));
  shl_ui_activate (a, "win.maximize-panel(2)");
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_window_save_session (a, path, &err));
  g_assert_no_error (err);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_object_get (sa, "modified", &modified, NULL);
  g_assert_false (modified);
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (a)), "run.json"));

  ShlWindow *b = shl_ui_window_new (1024, 700);
  ShlSim *sb = shl_window_get_sim (b);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_assert_true (shl_window_open_file (b, file, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (shl_ui_sim_step (sb), ==, 100);
  /* the view comes back too */
  g_assert_cmpint (shl_panel_grid_get_maximized (SHL_PANEL_GRID (shl_window_get_grid (b))), ==, 2);
  g_autofree char *opt = NULL;
  g_object_get (sb, "optimizer", &opt, NULL);
  g_assert_cmpstr (opt, ==, "sgd");
  g_assert_cmpuint (shl_sim_get_history_length (sb), ==, shl_sim_get_history_length (sa));

  /* continuing gives the same losses, bit for bit */
  for (int round = 0; round < 3; round++)
    {
      shl_ui_activate (a, "sim.step-many");
      shl_ui_activate (b, "sim.step-many");
      shl_sim_sync (sa);
      shl_sim_sync (sb);
      double la = shl_ui_sim_loss (sa), lb = shl_ui_sim_loss (sb);
      g_assert_cmpuint (shl_ui_sim_step (sa), ==, shl_ui_sim_step (sb));
      g_assert_cmpmem (&la, sizeof la, &lb, sizeof lb);
    }

  /* a damaged session says what is wrong and changes nothing */
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_assert_true (g_file_set_contents (bad, "{\"format\": \"shallows-session\", \"version\": 9}", -1, NULL));
  g_autoptr (GFile) fbad = g_file_new_for_path (bad);
  guint64 before = shl_ui_sim_step (sb);
  g_assert_false (shl_window_open_file (b, fbad, &err));
  g_assert_nonnull (strstr (err->message, "newer"));
  g_clear_error (&err);
  g_assert_cmpuint (shl_ui_sim_step (sb), ==, before);
  g_assert_cmpstr (shl_window_get_session_path (b), ==, path);

  shl_ui_window_close (a);
  shl_ui_window_close (b);
  g_unlink (path);
  g_unlink (bad);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  shl_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/open-files", test_open_files);
  g_test_add_func ("/ui/session-round-trip", test_session_round_trip);
  return shl_ui_test_run ();
}
