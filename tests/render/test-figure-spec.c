/* test-figure-spec.c: writing figure specs (shl_figure_spec_to_json,
 * shl_figure_spec_save) against the reader: every field survives a round
 * trip, the text is stable, defaults write a minimal spec, strings keep
 * every character. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "render-test.h"
#include "shl-figure-spec.h"
#include "shl-io.h"
#include "shl-panels.h"
#include "shl-test.h"

static void
assert_same_string (const char *a, const char *b)
{
  g_assert_true ((a == NULL) == (b == NULL));
  if (a)
    g_assert_cmpstr (a, ==, b);
}

static void
assert_same_double (double a, double b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_same_overrides (const ShlPlotOverrides *a, const ShlPlotOverrides *b)
{
  g_assert_true ((a == NULL) == (b == NULL));
  if (!a)
    return;
  for (int k = 0; k < 2; k++)
    {
      const ShlAxisOverride *x = &a->axis[k], *y = &b->axis[k];
      assert_same_string (x->label, y->label);
      assert_same_double (x->lo, y->lo);
      assert_same_double (x->hi, y->hi);
      g_assert_cmpint (x->n_ticks, ==, y->n_ticks);
      g_assert_cmpint (x->n_explicit, ==, y->n_explicit);
      for (int t = 0; t < x->n_explicit; t++)
        g_assert_cmpfloat (x->ticks[t], ==, y->ticks[t]);
    }
  assert_same_string (a->colorbar_label, b->colorbar_label);
  assert_same_string (a->letter, b->letter);
  g_assert_cmpint (a->letter_pos, ==, b->letter_pos);
}

/* every field of two options, pointers by what they point to */
static void
assert_same_options (const ShlFigureOptions *a, const ShlFigureOptions *b)
{
  g_assert_cmpint (a->panel, ==, b->panel);
  g_assert_cmpint (a->preset, ==, b->preset);
  g_assert_cmpint (a->font, ==, b->font);
  g_assert_cmpint (a->legend, ==, b->legend);
  g_assert_cmpint (a->titles, ==, b->titles);
  assert_same_string (a->title, b->title);
  for (int k = 0; k < SHL_N_PANELS; k++)
    assert_same_string (a->panel_titles[k], b->panel_titles[k]);
  g_assert_cmpint (a->loss_steps, ==, b->loss_steps);
  g_assert_cmpfloat (a->font_size, ==, b->font_size);
  g_assert_cmpint (a->n_panels, ==, b->n_panels);
  for (int k = 0; k < a->n_panels; k++)
    g_assert_cmpint (a->panels[k], ==, b->panels[k]);
  g_assert_cmpint (a->columns, ==, b->columns);
  g_assert_cmpint (a->letters, ==, b->letters);
  g_assert_cmpint (a->letter_pos, ==, b->letter_pos);
  g_assert_cmpint (a->hide_kinks, ==, b->hide_kinks);
  g_assert_cmpint (a->hide_data, ==, b->hide_data);
  g_assert_cmpint (a->hide_target, ==, b->hide_target);
  g_assert_cmpint (a->hide_twin, ==, b->hide_twin);
  g_assert_cmpint (a->diverging_map, ==, b->diverging_map);
  g_assert_cmpint (a->show_neurons, ==, b->show_neurons);
  for (int k = 0; k < 3; k++)
    for (int j = 0; j < 2; j++)
      g_assert_cmpfloat (a->color_range[k][j], ==, b->color_range[k][j]);
  for (int k = 0; k < SHL_N_PANELS; k++)
    for (int j = 0; j < 2; j++)
      assert_same_overrides (a->overrides[k][j], b->overrides[k][j]);
  assert_same_string (a->header, b->header);
}

static ShlFigureSpec *
read_spec (const char *text)
{
  g_autoptr (GError) error = NULL;
  ShlFigureSpec *spec = shl_figure_spec_from_json (text, -1, "t.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (spec);
  return spec;
}

/* A spec with every field set: read, written, read and written again
 * gives the same options and, the second time, the same bytes. */
static void
test_round_trip (void)
{
  const char *text =
    "{\"format\": \"shallows-figure\", \"version\": 1, \"preset\": \"icml\",\n"
    " \"style\": \"screen\", \"font\": \"cm\", \"font_size\": 7.5, \"legend\": \"top-right\",\n"
    " \"titles\": false, \"title\": \"All $x$\", \"letters\": \"title\",\n"
    " \"panels\": [\"trajectory\", \"landscape\", \"derivative\", \"realization\"],\n"
    " \"columns\": 3, \"colormap\": \"bluegold\", \"loss_steps\": \"log\",\n"
    " \"width_pt\": 401.25, \"height_pt\": 0.1e3,\n"
    " \"series\": {\"data\": false, \"target\": false, \"kinks\": false, \"twin\": false,\n"
    "            \"neurons\": false},\n"
    " \"realization\": {\"title\": \"R\", \"letter\": \"(z)\", \"x\": [-0.1, 0.30000000000000004],\n"
    "                 \"y\": [-2, 2], \"x_label\": \"$x$\", \"y_label\": \"\",\n"
    "                 \"x_ticks\": 5, \"y_ticks\": [-2, -0.0, 0.1, 2],\n"
    "                 \"colorbar_label\": \"$f$\", \"color_range\": [-3, 3]},\n"
    " \"derivative\": {\"color_range\": [-1e-300, 1e300]},\n"
    " \"landscape\": {\"color_range\": [0.01, 10], \"x_ticks\": 2},\n"
    " \"trajectory\": {\"title\": \"T\", \"y\": [0, 1],\n"
    "                \"loss\": {\"x\": [1, 1000], \"y\": [0.001, 1], \"y_ticks\": 3,\n"
    "                         \"x_label\": \"step\", \"x_ticks\": [1, 10, 100]}}}";
  g_autoptr (ShlFigureSpec) a = read_spec (text);
  g_autofree char *t1 = shl_figure_spec_to_json (&a->options, a->width_pt, a->height_pt);
  g_assert_true (g_str_has_suffix (t1, "}\n"));
  g_autoptr (ShlFigureSpec) b = read_spec (t1);
  assert_same_options (&a->options, &b->options);
  g_assert_cmpfloat (b->width_pt, ==, 401.25);
  g_assert_cmpfloat (b->height_pt, ==, 100);
  g_autofree char *t2 = shl_figure_spec_to_json (&b->options, b->width_pt, b->height_pt);
  g_assert_cmpstr (t1, ==, t2);
  /* numbers exactly; -0.0 stays -0.0 */
  g_assert_nonnull (strstr (t1, "\"x\": [-0.1, 0.30000000000000004]"));
  g_assert_nonnull (strstr (t1, "\"y_ticks\": [-2, -0.0, 0.1, 2]"));
  g_assert_true (signbit (b->options.overrides[SHL_PANEL_REALIZATION][0]->axis[1].ticks[1]));
  g_assert_nonnull (strstr (t1, "\"letters\": \"title\""));
  g_assert_nonnull (strstr (t1, "\"neurons\": false"));
  /* the same fields in the reader's order whatever the input's */
  g_assert_true (g_str_has_prefix (t1, "{\n  \"format\": \"shallows-figure\",\n"
                                       "  \"version\": 1,\n  \"style\": \"screen\",\n"));

  /* one panel: "panels": [it] */
  g_autoptr (ShlFigureSpec) one = read_spec ("{\"panels\": [\"landscape\"], \"columns\": 2}");
  g_autofree char *t3 = shl_figure_spec_to_json (&one->options, NAN, NAN);
  g_assert_nonnull (strstr (t3, "\"panels\": [\"landscape\"]"));
  g_assert_null (strstr (t3, "width_pt"));
  g_autoptr (ShlFigureSpec) one2 = read_spec (t3);
  g_assert_cmpint (one2->options.panel, ==, SHL_PANEL_LANDSCAPE);
  g_assert_cmpint (one2->options.n_panels, ==, 0);
}

/* Default options: a short spec that reads back to the defaults. */
static void
test_defaults (void)
{
  ShlFigureOptions o;
  shl_figure_options_init (&o);
  g_autofree char *text = shl_figure_spec_to_json (&o, NAN, NAN);
  g_autoptr (ShlFigureSpec) spec = read_spec (text);
  assert_same_options (&o, &spec->options);
  g_assert_true (isnan (spec->width_pt));
  g_assert_true (isnan (spec->height_pt));
  /* nothing the defaults leave out: no panels, sizes, titles or panel
   * objects */
  for (int k = 0; k < SHL_N_PANELS; k++)
    g_assert_null (strstr (text, shl_panel_id ((ShlPanelKind) k)));
  g_assert_null (strstr (text, "panels"));
  g_assert_null (strstr (text, "font_size"));
  g_assert_null (strstr (text, "\"title\""));
  g_assert_null (strstr (text, "neurons"));
  g_assert_cmpuint (strlen (text), <, 400);
}

/* Quotes, backslashes, control characters and non-ASCII survive; the
 * file is written atomically and errors name it. */
static void
test_strings (void)
{
  static const char *const s[] = { "$f'(x)$", "\"α\" \\ β\nγ\t", "(a)\x01", "" };
  ShlFigureOptions o;
  shl_figure_options_init (&o);
  ShlPlotOverrides ov;
  shl_plot_overrides_init (&ov);
  ov.axis[SHL_AXIS_Y].label = s[0];
  ov.colorbar_label = s[1];
  ov.letter = s[2];
  ov.axis[SHL_AXIS_X].label = s[3];
  o.overrides[SHL_PANEL_DERIVATIVE][0] = &ov;
  o.title = s[1];
  o.panel_titles[SHL_PANEL_TRAJECTORY] = s[0];
  g_autofree char *dir = g_dir_make_tmp ("shallows-spec-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "fig.json", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (shl_figure_spec_save (&o, 300, NAN, path, &error));
  g_assert_no_error (error);
  g_autoptr (ShlFigureSpec) spec = shl_figure_spec_load (path, &error);
  g_assert_no_error (error);
  assert_same_options (&o, &spec->options);
  g_assert_cmpfloat (spec->width_pt, ==, 300);
  g_assert_true (isnan (spec->height_pt));
  /* a folder is not a file: the message names it */
  g_assert_false (shl_figure_spec_save (&o, NAN, NAN, dir, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, dir));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/figure-spec/round-trip", test_round_trip);
  g_test_add_func ("/figure-spec/defaults", test_defaults);
  g_test_add_func ("/figure-spec/strings", test_strings);
  return rt_finish (g_test_run ());
}
