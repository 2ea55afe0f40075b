/* test-ui-export.c: the in-app export (figure and CSV) against
 * `shallows-cli render` of the same session. */
#include <glib/gstdio.h>
#include <math.h>

#include "shl-figure-spec.h"
#include "ui-test-util.h"

/* The in-app export and `shallows-cli render` of the saved session give
 * the same picture. */
/* a window with a 2-D network of width 8 trained for a while */
static ShlWindow *
trained_2d_window (void)
{
  ShlWindow *w = shl_ui_window_new (1024, 700);
  ShlSim *sim = shl_window_get_sim (w);
  g_object_set (sim, "dim", 2, "width", 8, NULL);
  shl_sim_sync (sim);
  shl_ui_activate (w, "sim.step-many");
  shl_sim_sync (sim);
  return w;
}

typedef struct {
  gboolean done, ok;
  GError  *error;
} AsyncResult;

static void
on_exported (GObject *source, GAsyncResult *res, gpointer data)
{
  AsyncResult *r = data;
  r->ok = shl_window_export_figure_finish (SHL_WINDOW (source), res, &r->error);
  r->done = TRUE;
}

/* The dialog's Export runs in a worker thread: the same file as the
 * export at once; cancelled before the loss slice is done, no file. */
static void
test_export_async (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shallows-export-async-XXXXXX", NULL);
  g_autofree char *now = g_build_filename (dir, "now.png", NULL);
  g_autofree char *later = g_build_filename (dir, "later.png", NULL);
  g_autofree char *cancelled = g_build_filename (dir, "cancelled.pdf", NULL);
  ShlWindow *w = trained_2d_window ();
  ShlFigureOptions o;
  shl_figure_options_init (&o);
  o.letters = TRUE;
  o.diverging_map = SHL_COLORMAP_BLUEGOLD;
  o.hide_data = TRUE;
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_window_export_figure_with (w, now, SHL_EXPORT_PNG, &o, 400, 320, 72, FALSE,
                                                &err));
  g_assert_no_error (err);
  AsyncResult r = { 0 };
  shl_window_export_figure_async (w, later, SHL_EXPORT_PNG, &o, 400, 320, 72, FALSE, NULL,
                                  on_exported, &r);
  /* the options were copied: changing them now changes nothing */
  o.hide_data = FALSE;
  SHL_UI_WAIT_UNTIL (r.done);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_autofree char *a = NULL, *b = NULL;
  gsize na, nb;
  g_assert_true (g_file_get_contents (now, &a, &na, NULL));
  g_assert_true (g_file_get_contents (later, &b, &nb, NULL));
  g_assert_true (na == nb && memcmp (a, b, na) == 0);

  g_autoptr (GCancellable) c = g_cancellable_new ();
  g_cancellable_cancel (c);
  AsyncResult rc = { 0 };
  shl_window_export_figure_async (w, cancelled, SHL_EXPORT_PDF, &o, 400, 320, 72, FALSE, c,
                                  on_exported, &rc);
  SHL_UI_WAIT_UNTIL (rc.done);
  g_assert_false (rc.ok);
  g_assert_error (rc.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&rc.error);
  g_assert_false (g_file_test (cancelled, G_FILE_TEST_EXISTS));
  g_unlink (now);
  g_unlink (later);
  g_rmdir (dir);
  shl_ui_window_close (w);
}

static void
test_export_matches_cli (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shallows-export-ui-XXXXXX", NULL);
  g_autofree char *session = g_build_filename (dir, "s.json", NULL);
  g_autofree char *app_png = g_build_filename (dir, "app.png", NULL);
  g_autofree char *cli_png = g_build_filename (dir, "cli.png", NULL);
  g_autofree char *app_pdf = g_build_filename (dir, "app.pdf", NULL);
  ShlWindow *w = trained_2d_window ();
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_window_save_session (w, session, &err));
  g_assert_true (shl_window_export_figure (w, app_png, SHL_EXPORT_PNG, -1, 497, 400, 100,
                                           SHL_STYLE_PAPER, FALSE, &err));
  g_assert_no_error (err);
  g_assert_true (shl_window_export_figure (w, app_pdf, SHL_EXPORT_PDF, 2, 238, 190, 300,
                                           SHL_STYLE_PAPER, FALSE, &err));
  g_assert_no_error (err);
  const char *build = g_getenv ("SHL_BUILD_DIR");
  g_autofree char *cli = g_build_filename (build ? build : ".", "app", "shallows-cli", NULL);
  const char *argv[] = { cli, "render", session, "--panel", "all", "--dpi", "100",
                         "--out", cli_png, NULL };
  int status;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               NULL, &status, &err));
  g_assert_no_error (err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  cairo_surface_t *x = cairo_image_surface_create_from_png (app_png);
  cairo_surface_t *y = cairo_image_surface_create_from_png (cli_png);
  g_assert_cmpint (cairo_surface_status (x), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (y), ==, CAIRO_STATUS_SUCCESS);
  int wd = cairo_image_surface_get_width (x), ht = cairo_image_surface_get_height (x);
  g_assert_cmpint (wd, ==, 690);   /* 497 pt at 100 dpi */
  g_assert_cmpint (wd, ==, cairo_image_surface_get_width (y));
  g_assert_cmpint (ht, ==, cairo_image_surface_get_height (y));
  long differ = 0;
  for (int r = 0; r < ht; r++)
    differ += memcmp (cairo_image_surface_get_data (x) + r * cairo_image_surface_get_stride (x),
                      cairo_image_surface_get_data (y) + r * cairo_image_surface_get_stride (y),
                      (size_t) wd * 4) != 0;
  g_assert_cmpint (differ, ==, 0);
  cairo_surface_destroy (x);
  cairo_surface_destroy (y);
  /* the plotted series as CSV */
  g_autofree char *csvdir = g_build_filename (dir, "csv", NULL);
  guint n_csv = 0;
  g_assert_true (shl_window_export_data (w, csvdir, &n_csv, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (n_csv, ==, 7);   /* 2-D: data, grid, kinks, landscape, path, loss, trajectory */
  GDir *cd = g_dir_open (csvdir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (cd));)
    {
      g_autofree char *pth = g_build_filename (csvdir, name, NULL);
      g_unlink (pth);
    }
  g_dir_close (cd);
  g_rmdir (csvdir);
  g_autofree char *pdf = NULL;
  g_assert_true (g_file_get_contents (app_pdf, &pdf, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));
  shl_ui_window_close (w);
  g_unlink (session);
  g_unlink (app_png);
  g_unlink (cli_png);
  g_unlink (app_pdf);
  g_rmdir (dir);
}

/* ----------------------------------------------------- the dialog */

/* the first widget under root (depth first) that matches */
typedef gboolean (*WidgetTest) (GtkWidget *w, const char *text);

static GtkWidget *
find_widget (GtkWidget *root, WidgetTest test, const char *text)
{
  if (test (root, text))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, test, text);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
is_label (GtkWidget *w, const char *text)
{
  return GTK_IS_LABEL (w) && g_str_equal (gtk_label_get_label (GTK_LABEL (w)), text);
}

static gboolean
is_check (GtkWidget *w, const char *text)
{
  const char *l = GTK_IS_CHECK_BUTTON (w) ? gtk_check_button_get_label (GTK_CHECK_BUTTON (w)) : NULL;
  return l && g_str_equal (l, text);
}

/* a drop-down with an item text */
static gboolean
is_drop_down_with (GtkWidget *w, const char *text)
{
  if (!GTK_IS_DROP_DOWN (w))
    return FALSE;
  GListModel *m = gtk_drop_down_get_model (GTK_DROP_DOWN (w));
  for (guint k = 0; m && GTK_IS_STRING_LIST (m) && k < g_list_model_get_n_items (m); k++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (m), k), text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
must_find (GtkWidget *root, WidgetTest test, const char *text)
{
  GtkWidget *w = find_widget (root, test, text);
  if (!w)
    g_error ("no widget \"%s\" in the export dialog", text);
  return w;
}

/* the dialog's figure as spec text: equal texts, equal figures */
static char *
dialog_spec_text (GtkWidget *dialog)
{
  ShlFigureOptions o;
  double w, h;
  shl_window_export_dialog_options (dialog, &o, &w, &h);
  return shl_figure_spec_to_json (&o, w, h);
}

static void
write_text (const char *path, const char *text)
{
  g_autoptr (GError) err = NULL;
  g_assert_true (g_file_set_contents (path, text, -1, &err));
  g_assert_no_error (err);
}

/* the error dialog shown over the window, or NULL */
static GtkWidget *
find_error_dialog (void)
{
  GListModel *tops = gtk_window_get_toplevels ();   /* not ours */
  for (guint k = 0; k < g_list_model_get_n_items (tops); k++)
    {
      g_autoptr (GObject) top = g_list_model_get_item (tops, k);
      if (GTK_IS_MESSAGE_DIALOG (top))
        return GTK_WIDGET (top);
    }
  return NULL;
}

static void
assert_same_png (const char *a, const char *b)
{
  cairo_surface_t *x = cairo_image_surface_create_from_png (a);
  cairo_surface_t *y = cairo_image_surface_create_from_png (b);
  g_assert_cmpint (cairo_surface_status (x), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (y), ==, CAIRO_STATUS_SUCCESS);
  int wd = cairo_image_surface_get_width (x), ht = cairo_image_surface_get_height (x);
  g_assert_cmpint (wd, ==, cairo_image_surface_get_width (y));
  g_assert_cmpint (ht, ==, cairo_image_surface_get_height (y));
  long differ = 0;
  for (int r = 0; r < ht; r++)
    differ += memcmp (cairo_image_surface_get_data (x) + r * cairo_image_surface_get_stride (x),
                      cairo_image_surface_get_data (y) + r * cairo_image_surface_get_stride (y),
                      (size_t) wd * 4) != 0;
  g_assert_cmpint (differ, ==, 0);
  cairo_surface_destroy (x);
  cairo_surface_destroy (y);
}

static const char spec_text[] =
  "{\"format\": \"shallows-figure\", \"version\": 1, \"preset\": \"icml\",\n"
  " \"legend\": \"outside\", \"letters\": true, \"titles\": false, \"colormap\": \"bluegold\",\n"
  " \"panels\": [\"landscape\", \"realization\"], \"columns\": 2,\n"
  " \"width_pt\": 300, \"height_pt\": 180, \"series\": {\"kinks\": false, \"data\": false},\n"
  " \"realization\": {\"x\": [-0.5, 0.5], \"y_label\": \"$f(x)$ \\\"α\\\"\", \"title\": \"Zoom\",\n"
  "                 \"y_ticks\": 3}}\n";

/* The Export Figure dialog and figure specs: a spec sets every control
 * and keeps its other fields; a bad one changes nothing and says why;
 * Save writes what Load reads back; Export after Load draws what
 * `shallows-cli render --spec` draws. */
static void
test_dialog_spec (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shallows-export-spec-XXXXXX", NULL);
  g_autofree char *session = g_build_filename (dir, "s.json", NULL);
  g_autofree char *spec = g_build_filename (dir, "fig.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *saved = g_build_filename (dir, "saved.json", NULL);
  g_autofree char *app_png = g_build_filename (dir, "app.png", NULL);
  g_autofree char *cli_png = g_build_filename (dir, "cli.png", NULL);
  ShlWindow *w = trained_2d_window ();
  g_autoptr (GError) err = NULL;
  g_assert_true (shl_window_save_session (w, session, &err));
  write_text (spec, spec_text);
  write_text (bad, "{\"legend\": \"outside\",\n \"realization\": {\"x\": [0, 1], \"bogus\": 1}}");

  GtkWidget *dialog = shl_window_export_dialog_open (w);
  shl_ui_present (dialog);
  g_assert_true (is_label (must_find (dialog, is_label, "None"), "None"));

  /* a journal's size sets its font and font size */
  GtkWidget *size = must_find (dialog, is_drop_down_with, "NeurIPS (5.5 in)");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (size), 2);
  ShlFigureOptions o;
  double wd, ht;
  shl_window_export_dialog_options (dialog, &o, &wd, &ht);
  g_assert_cmpint (o.font, ==, SHL_FONT_FAMILY_TERMES);
  g_assert_cmpfloat (o.font_size, ==, 9);
  g_assert_cmpfloat (fabs (wd - 5.5 * 72), <, 0.5);

  /* load: every control from the spec, the other fields kept */
  g_assert_true (shl_window_export_dialog_load_spec (dialog, spec, &err));
  g_assert_no_error (err);
  must_find (dialog, is_label, "fig.json");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (must_find (dialog, is_check, "_Data"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (must_find (dialog, is_check, "_Kinks"))));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (must_find (dialog, is_check, "T_arget"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (must_find (dialog, is_check, "T_itles"))));
  GtkWidget *panel = must_find (dialog, is_drop_down_with, "The spec’s panels: landscape, realization");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (panel)), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (size)), ==, 5);   /* custom */
  shl_window_export_dialog_options (dialog, &o, &wd, &ht);
  g_assert_cmpfloat (wd, ==, 300);
  g_assert_cmpfloat (ht, ==, 180);
  g_assert_cmpint (o.font, ==, SHL_FONT_FAMILY_TERMES);
  g_assert_cmpfloat (o.font_size, ==, 8);
  g_assert_cmpint (o.legend, ==, SHL_LEGEND_OUTSIDE);
  g_assert_cmpint (o.diverging_map, ==, SHL_COLORMAP_BLUEGOLD);
  g_assert_true (o.letters && !o.titles && o.hide_kinks && o.hide_data && !o.hide_target);
  g_assert_cmpint (o.panel, ==, -1);
  g_assert_cmpint (o.n_panels, ==, 2);
  g_assert_cmpint (o.panels[0], ==, SHL_PANEL_LANDSCAPE);
  g_assert_cmpint (o.columns, ==, 2);
  g_assert_cmpstr (o.panel_titles[SHL_PANEL_REALIZATION], ==, "Zoom");
  const ShlPlotOverrides *ov = o.overrides[SHL_PANEL_REALIZATION][0];
  g_assert_nonnull (ov);
  g_assert_cmpfloat (ov->axis[SHL_AXIS_X].lo, ==, -0.5);
  g_assert_cmpstr (ov->axis[SHL_AXIS_Y].label, ==, "$f(x)$ \"α\"");
  shl_ui_screenshot (dialog, "ui-export-dialog.png");

  /* a bad spec: an error naming the file and the field; nothing changes */
  g_autofree char *before = dialog_spec_text (dialog);
  g_assert_false (shl_window_export_dialog_load_spec (dialog, bad, &err));
  g_assert_nonnull (err);
  g_assert_nonnull (strstr (err->message, bad));
  g_assert_nonnull (strstr (err->message, "realization.bogus"));
  g_clear_error (&err);
  g_assert_null (find_error_dialog ());
  g_assert_false (shl_window_export_dialog_load_spec (dialog, bad, NULL));   /* as Load… */
  GtkWidget *error_dialog = find_error_dialog ();
  g_assert_nonnull (error_dialog);
  g_autofree char *secondary = NULL;
  g_object_get (error_dialog, "secondary-text", &secondary, NULL);
  g_assert_nonnull (strstr (secondary, bad));
  g_assert_nonnull (strstr (secondary, "realization.bogus"));
  shl_ui_window_close (error_dialog);
  g_autofree char *after = dialog_spec_text (dialog);
  g_assert_cmpstr (before, ==, after);
  must_find (dialog, is_label, "fig.json");

  /* save, load: the same figure */
  g_assert_true (shl_window_export_dialog_save_spec (dialog, saved, &err));
  g_assert_no_error (err);
  must_find (dialog, is_label, "saved.json");
  g_autofree char *written = NULL;
  g_assert_true (g_file_get_contents (saved, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, before);
  g_assert_true (shl_window_export_dialog_load_spec (dialog, saved, &err));
  g_assert_no_error (err);
  g_autofree char *reloaded = dialog_spec_text (dialog);
  g_assert_cmpstr (reloaded, ==, before);

  /* Export (what the dialog's button does) and the CLI with the spec */
  shl_window_export_dialog_options (dialog, &o, &wd, &ht);
  g_assert_true (shl_window_export_figure_with (w, app_png, SHL_EXPORT_PNG, &o, wd, ht, 100,
                                                FALSE, &err));
  g_assert_no_error (err);
  const char *build = g_getenv ("SHL_BUILD_DIR");
  g_autofree char *cli = g_build_filename (build ? build : ".", "app", "shallows-cli", NULL);
  const char *argv[] = { cli, "render", session, "--spec", spec, "--dpi", "100",
                         "--out", cli_png, NULL };
  int status;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               NULL, &status, &err));
  g_assert_no_error (err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  assert_same_png (app_png, cli_png);

  gtk_window_destroy (GTK_WINDOW (dialog));
  shl_ui_window_close (w);
  const char *files[] = { session, spec, bad, saved, app_png, cli_png };
  for (guint k = 0; k < G_N_ELEMENTS (files); k++)
    g_unlink (files[k]);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  shl_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/export-matches-cli", test_export_matches_cli);
  g_test_add_func ("/ui/export-async", test_export_async);
  g_test_add_func ("/ui/export-dialog-spec", test_dialog_spec);
  return shl_ui_test_run ();
}
