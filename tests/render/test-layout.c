/* test-layout.c: the size matrix of issue 12. Every panel (realization,
 * derivative, landscape, trajectory) and all four together, of a trained
 * 1-D and 2-D network, in the paper and the screen style, at 150×120,
 * 238×190, 397×250, 497×400 and 497×130 pt and at 1920×1080 px, drawn
 * with a ShlPlotRecord attached. For each case:
 *
 *   - no two text boxes (titles, axis and tick labels, common factors,
 *     annotations, legends) overlap;
 *   - none leaves the page;
 *   - every legend entry's label lies inside its legend;
 *   - no legend covers plotted data: the same figure drawn with only the
 *     data painted (SHL_RECORD_PAINT_DATA, same layout) has no opaque
 *     pixel inside any legend box;
 *   - every data area keeps a usable size (the training-loss subplot
 *     does not collapse).
 *
 * All failures of all cases are listed before the test fails. Before the
 * constrained layout (issue 12) 50 of the 120 cases failed. Views beyond
 * the defaults (a twin, the distances view, the 1-D paths, a diverged
 * run, a long run) get the same checks in /layout/views.
 *
 * SHL_LAYOUT_SAVE=DIR saves every case as a PNG for looking at it;
 * SHL_LAYOUT_ONLY=TEXT runs only the cases whose name contains TEXT. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "render-test.h"
#include "shl-io.h"
#include "shl-panels.h"
#include "shl-plot-record.h"
#include "shl-problem.h"
#include "shl-scene-data.h"
#include "shl-session.h"
#include "shl-train-loop.h"

/* ------------------------------------------------------------ sessions */

/* A trained run as a session: a built-in target, a He network, Adam. */
static ShlSession *
make_session (const char *target, int width, guint64 steps, double lr,
              ShlOptimizer opt, const char *view_json)
{
  ShlDataRecipe dr;
  shl_data_recipe_init (&dr);
  dr.dim = 0;   /* the target's */
  dr.target = target;
  dr.samples = 128;
  dr.seed = 3;
  ShlNetRecipe nr;
  shl_net_recipe_init (&nr);
  nr.width = width;
  nr.scheme = SHL_INIT_HE;
  nr.seed = 5;
  ShlProblem p = { 0 };
  g_assert_cmpint (shl_problem_build (&p, &dr, &nr), ==, SHL_PROBLEM_OK);

  ShlSession *ss = shl_session_new ();
  ss->target = g_strdup (target);
  ss->samples = 128;
  ss->data_seed = 3;
  ss->dim = p.data->d;
  memcpy (ss->lo, p.data->lo, sizeof ss->lo);
  memcpy (ss->hi, p.data->hi, sizeof ss->hi);
  ss->init_scheme = g_strdup ("he");
  ss->init_seed = 5;
  ss->net0 = shl_net_copy (p.net0);
  shl_train_opts_init (&ss->opts);
  ss->opts.optimizer = opt;
  ss->opts.lr = lr;
  ss->opts.loss = shl_problem_default_loss (p.data);
  ss->view_json = g_strdup (view_json);

  ShlTrainer *tr = shl_trainer_new (p.net0, p.data, &ss->opts);
  g_assert_nonnull (tr);
  shl_history_reset (ss->history, p.net0->n_params);
  shl_train_loop (tr, steps, ss->history, NULL, NULL);
  ss->state = shl_trainer_get_state (tr);
  shl_trainer_free (tr);
  shl_problem_clear (&p);
  return ss;
}

/* ------------------------------------------------------------- checks */

typedef struct {
  const char *name;
  double w, h;        /* user units: points, or pixels when px */
  gboolean px;
} Size;

static const Size sizes[] = {
  { "150x120pt", 150, 120, FALSE },
  { "238x190pt", 238, 190, FALSE },
  { "397x250pt", 397, 250, FALSE },
  { "497x400pt", 497, 400, FALSE },
  { "497x130pt", 497, 130, FALSE },
  { "1920x1080px", 1920, 1080, TRUE },
};

#define EPS 0.05   /* user units */

static gboolean
overlap (const ShlRect *a, const ShlRect *b)
{
  double w = MIN (a->x + a->width, b->x + b->width) - MAX (a->x, b->x);
  double h = MIN (a->y + a->height, b->y + b->height) - MAX (a->y, b->y);
  return w > EPS && h > EPS;
}

static gboolean
inside (const ShlRect *in, const ShlRect *out)
{
  return in->x >= out->x - EPS && in->y >= out->y - EPS
         && in->x + in->width <= out->x + out->width + EPS
         && in->y + in->height <= out->y + out->height + EPS;
}

static void
describe (GString *s, const ShlBox *b)
{
  g_string_append_printf (s, "%s \"%s\" [%.1f, %.1f; %.1f × %.1f] of plot %d",
                          shl_box_kind_name (b->kind), b->text ? b->text : "",
                          b->rect.x, b->rect.y, b->rect.width, b->rect.height, b->plot);
}

/* the legend (of the same plot) a box lies in, or NULL */
static const ShlBox *
legend_of (const ShlPlotRecord *rec, const ShlBox *b)
{
  if (b->kind == SHL_BOX_LEGEND)
    return NULL;
  for (guint i = 0; i < shl_plot_record_get_n_boxes (rec); i++)
    {
      const ShlBox *l = shl_plot_record_get_box (rec, i);
      if (l->kind == SHL_BOX_LEGEND && l->plot == b->plot && inside (&b->rect, &l->rect))
        return l;
    }
  return NULL;
}

/* The problems of one drawing, appended to errors (one per line);
 * returns their number. */
static int
check_boxes (const ShlPlotRecord *rec, double w, double h, GString *errors)
{
  int bad = 0;
  ShlRect page = { 0, 0, w, h };
  guint n = shl_plot_record_get_n_boxes (rec);
  for (guint i = 0; i < n; i++)
    {
      const ShlBox *a = shl_plot_record_get_box (rec, i);
      if (!shl_box_kind_is_text (a->kind))
        continue;
      if (!inside (&a->rect, &page))
        {
          g_string_append (errors, "    leaves the page: ");
          describe (errors, a);
          g_string_append_c (errors, '\n');
          bad++;
        }
      const ShlBox *la = legend_of (rec, a);
      if (a->kind == SHL_BOX_LEGEND_TEXT && !la)
        {
          g_string_append (errors, "    outside its legend: ");
          describe (errors, a);
          g_string_append_c (errors, '\n');
          bad++;
        }
      for (guint j = i + 1; j < n; j++)
        {
          const ShlBox *b = shl_plot_record_get_box (rec, j);
          if (!shl_box_kind_is_text (b->kind) || !overlap (&a->rect, &b->rect))
            continue;
          /* a legend's own labels lie in it, and next to each other */
          const ShlBox *lb = legend_of (rec, b);
          if ((la && (la == b || la == lb)) || (lb && lb == a))
            continue;
          g_string_append (errors, "    overlap: ");
          describe (errors, a);
          g_string_append (errors, " and ");
          describe (errors, b);
          g_string_append_c (errors, '\n');
          bad++;
        }
    }
  /* every data area keeps a usable share of its plot's area */
  for (guint i = 0; i < n; i++)
    {
      const ShlBox *p = shl_plot_record_get_box (rec, i);
      if (p->kind != SHL_BOX_PLOT)
        continue;
      for (guint j = 0; j < n; j++)
        {
          const ShlBox *a = shl_plot_record_get_box (rec, j);
          if (a->kind != SHL_BOX_AREA || a->plot != p->plot)
            continue;
          if (p->rect.height < MIN (0.2 * a->rect.height, 20.0)
              || p->rect.width < MIN (0.3 * a->rect.width, 30.0))
            {
              g_string_append (errors, "    data area collapsed: ");
              describe (errors, p);
              g_string_append_printf (errors, " in an area of %.1f × %.1f\n", a->rect.width,
                                      a->rect.height);
              bad++;
            }
        }
    }
  return bad;
}

/* Pixels painted inside the legends of a data-only drawing (surface at
 * scale px per unit). */
static int
check_legends (const ShlPlotRecord *rec, cairo_surface_t *s, double scale, GString *errors)
{
  int bad = 0;
  cairo_surface_flush (s);
  const guint8 *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);
  int sw = cairo_image_surface_get_width (s), sh = cairo_image_surface_get_height (s);
  for (guint i = 0; i < shl_plot_record_get_n_boxes (rec); i++)
    {
      const ShlBox *l = shl_plot_record_get_box (rec, i);
      if (l->kind != SHL_BOX_LEGEND)
        continue;
      /* a pixel of anti-aliasing at the edges is not cover */
      int x0 = (int) ceil (l->rect.x * scale) + 1, y0 = (int) ceil (l->rect.y * scale) + 1;
      int x1 = (int) floor ((l->rect.x + l->rect.width) * scale) - 1;
      int y1 = (int) floor ((l->rect.y + l->rect.height) * scale) - 1;
      int count = 0;
      for (int y = MAX (y0, 0); y < MIN (y1, sh); y++)
        {
          const guint32 *row = (const guint32 *) (const void *) (data + (gsize) y * stride);
          for (int x = MAX (x0, 0); x < MIN (x1, sw); x++)
            if ((row[x] >> 24) > 64)
              count++;
        }
      if (count > 0)
        {
          g_string_append_printf (errors, "    legend covers data (%d px): ", count);
          describe (errors, l);
          g_string_append_c (errors, '\n');
          bad++;
        }
    }
  return bad;
}

/* ------------------------------------------------------------- drawing */

typedef struct {
  const ShlScene *scene;
  int panel;            /* -1: all */
  ShlStylePreset preset;
} Case;

static cairo_surface_t *
draw_case (const Case *c, const Size *sz, ShlPlotRecord *rec, ShlRecordPaint paint,
           double *scale_out)
{
  double scale = sz->px ? 1.0 : 2.0;
  int pw = (int) lround (sz->w * scale), ph = (int) lround (sz->h * scale);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  cairo_t *cr = cairo_create (s);
  cairo_scale (cr, scale, scale);
  shl_plot_record_set_paint (rec, paint);
  shl_plot_record_attach (rec, cr);
  shl_panels_draw_figure (cr, c->scene, c->panel, c->preset, sz->w, sz->h);
  shl_plot_record_detach (cr);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  *scale_out = scale;
  return s;
}

/* The data-only drawing must place the plots and legends where the
 * full one did (text boxes are not compared). */
static gboolean
same_boxes (const ShlPlotRecord *a, const ShlPlotRecord *b)
{
  GArray *ra = g_array_new (FALSE, FALSE, sizeof (ShlBox));
  GArray *rb = g_array_new (FALSE, FALSE, sizeof (ShlBox));
  for (int k = 0; k < 2; k++)
    {
      const ShlPlotRecord *r = k ? b : a;
      for (guint i = 0; i < shl_plot_record_get_n_boxes (r); i++)
        {
          const ShlBox *x = shl_plot_record_get_box (r, i);
          if (x->kind == SHL_BOX_LEGEND || !shl_box_kind_is_text (x->kind))
            g_array_append_val (k ? rb : ra, *x);
        }
    }
  gboolean same = ra->len == rb->len;
  for (guint i = 0; same && i < ra->len; i++)
    {
      const ShlBox *x = &g_array_index (ra, ShlBox, i), *y = &g_array_index (rb, ShlBox, i);
      same = x->kind == y->kind && fabs (x->rect.x - y->rect.x) < 1e-6
             && fabs (x->rect.y - y->rect.y) < 1e-6
             && fabs (x->rect.width - y->rect.width) < 1e-6
             && fabs (x->rect.height - y->rect.height) < 1e-6;
    }
  g_array_unref (ra);
  g_array_unref (rb);
  return same;
}

/* Draws and checks one case; returns the number of problems (listed in
 * errors under a heading). */
static int
run_case (const Case *c, const char *name, const Size *sz, GString *errors)
{
  g_autoptr (ShlPlotRecord) rec = shl_plot_record_new ();
  g_autoptr (ShlPlotRecord) data_rec = shl_plot_record_new ();
  double scale;
  cairo_surface_t *img = draw_case (c, sz, rec, SHL_RECORD_PAINT_ALL, &scale);
  cairo_surface_t *data = draw_case (c, sz, data_rec, SHL_RECORD_PAINT_DATA, &scale);

  const char *save = g_getenv ("SHL_LAYOUT_SAVE");
  if (save && *save)
    {
      g_mkdir_with_parents (save, 0755);
      g_autofree char *file = g_strconcat (name, ".png", NULL);
      g_autofree char *path = g_build_filename (save, file, NULL);
      cairo_surface_write_to_png (img, path);
    }

  g_autoptr (GString) e = g_string_new (NULL);
  int bad = check_boxes (rec, sz->w, sz->h, e);
  bad += check_legends (data_rec, data, scale, e);
  if (!same_boxes (rec, data_rec))
    {
      g_string_append (e, "    the data-only drawing was laid out differently\n");
      bad++;
    }
  if (bad)
    g_string_append_printf (errors, "  %s: %d problem(s)\n%s", name, bad, e->str);
  cairo_surface_destroy (img);
  cairo_surface_destroy (data);
  return bad;
}

static const char *const panel_names[] = { "realization", "derivative", "landscape",
                                           "trajectory", "all" };

static void
test_matrix (void)
{
  gboolean light = g_getenv ("SHL_TEST_LIGHT") != NULL;
  g_autoptr (ShlSession) s1 = make_session ("sine", 12, light ? 200 : 3000, 0.01,
                                            SHL_OPT_ADAM, NULL);
  g_autoptr (ShlSession) s2 = make_session ("xor", 16, light ? 100 : 1500, 0.01,
                                            SHL_OPT_ADAM, NULL);
  GError *error = NULL;
  g_autoptr (ShlSceneData) d1 = shl_scene_data_new (s1, &error);
  g_assert_no_error (error);
  g_autoptr (ShlSceneData) d2 = shl_scene_data_new (s2, &error);
  g_assert_no_error (error);
  ShlSceneData *scenes[2] = { d1, d2 };
  const ShlStylePreset presets[2] = { SHL_STYLE_PAPER, SHL_STYLE_SCREEN_LIGHT };

  g_autoptr (GString) errors = g_string_new (NULL);
  int cases = 0, failed = 0;
  for (int dim = 0; dim < 2; dim++)
    for (int panel = 0; panel <= SHL_N_PANELS; panel++)
      for (int st = 0; st < 2; st++)
        for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
          {
            if (light && k != 0 && k != 4)
              continue;
            Case c = { shl_scene_data_get_scene (scenes[dim]),
                       panel == SHL_N_PANELS ? -1 : panel, presets[st] };
            g_autofree char *name = g_strdup_printf ("%s-%dd-%s-%s", panel_names[panel],
                                                     dim + 1, st ? "screen" : "paper",
                                                     sizes[k].name);
            const char *only = g_getenv ("SHL_LAYOUT_ONLY");
            if (only && *only && !strstr (name, only))
              continue;
            cases++;
            if (run_case (&c, name, &sizes[k], errors) > 0)
              failed++;
          }
  g_test_message ("%d of %d cases failed", failed, cases);
  if (failed)
    {
      g_printerr ("%d of %d cases failed:\n%s", failed, cases, errors->str);
      g_test_fail ();
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layout/matrix", test_matrix);
  return rt_finish (g_test_run ());
}
