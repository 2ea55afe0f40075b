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
 *     does not collapse);
 *   - a single panel at 497×400 pt (or 1920×1080 px) keeps its
 *     titles, axis and tick labels.
 *
 * All failures of all cases are listed before the test fails. Before the
 * constrained layout (issue 12) 50 of the 120 cases failed. Views beyond
 * the defaults (a twin, the distances and conservation views, the 1-D
 * paths, PCA directions, a diverged run, a long run) get the same checks
 * in /layout/views (at the extreme sizes); the panels as the app draws them with projector text
 * in /layout/app-sizes (where the training loss must keep 3 ems of data
 * area with two tick labels, or give way to the upper plot); the legend settings in /layout/legend-settings. Each plot's drop
 * stage is checked against what it drew (nothing of a dropped stage).
 *
 * SHL_LAYOUT_SAVE=DIR saves every case as a PNG for looking at it;
 * SHL_LAYOUT_ONLY=TEXT runs only the cases whose name contains TEXT;
 * SHL_LAYOUT_DUMP=1 lists every recorded box. */
#include <glib.h>
#include <cairo-pdf.h>
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
  /* what a plot's drop stage says it dropped is not there (shl-plot.h) */
  for (guint i = 0; i < n; i++)
    {
      const ShlBox *b = shl_plot_record_get_box (rec, i);
      if (b->plot < 0)
        continue;
      int stage = shl_plot_record_get_stage (rec, b->plot);
      gboolean gone = (b->kind == SHL_BOX_TITLE && stage >= SHL_DROP_TITLE)
                      || (b->kind == SHL_BOX_LEGEND && stage >= SHL_DROP_LEGEND)
                      || (b->kind == SHL_BOX_AXIS_LABEL && stage >= SHL_DROP_AXIS_LABELS)
                      || ((b->kind == SHL_BOX_TICK_LABEL || b->kind == SHL_BOX_MULTIPLIER)
                          && stage >= SHL_DROP_TICK_LABELS)
                      || (b->kind == SHL_BOX_COLORBAR && stage >= SHL_DROP_ALL_TEXT);
      if (gone)
        {
          g_string_append_printf (errors, "    dropped at stage %d but drawn: ", stage);
          describe (errors, b);
          g_string_append_c (errors, '\n');
          bad++;
        }
      /* from SHL_DROP_LEGEND_INSIDE on, a legend is outside the data area */
      if (b->kind == SHL_BOX_LEGEND && stage >= SHL_DROP_LEGEND_INSIDE)
        for (guint j = 0; j < n; j++)
          {
            const ShlBox *p = shl_plot_record_get_box (rec, j);
            if (p->kind == SHL_BOX_PLOT && p->plot == b->plot && overlap (&p->rect, &b->rect))
              {
                g_string_append (errors, "    legend inside after stage 3: ");
                describe (errors, b);
                g_string_append_c (errors, '\n');
                bad++;
              }
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
  double scale;         /* > 0: the app's text scale (one panel) */
  gboolean set_legend;  /* legend: the figure's legend setting (else auto) */
  ShlLegendPos legend;
  gboolean letters;     /* panel letters, placed at letter_pos */
  ShlLetterPos letter_pos;
  double font_size;     /* > 0: the figure's font size */
} Case;

static cairo_surface_t *
draw_case (const Case *c, const Size *sz, ShlPlotRecord *rec, ShlRecordPaint paint,
           double *scale_out)
{
  double scale = sz->px || c->scale > 0 ? 1.0 : 2.0;
  int pw = (int) lround (sz->w * scale), ph = (int) lround (sz->h * scale);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  cairo_t *cr = cairo_create (s);
  cairo_scale (cr, scale, scale);
  shl_plot_record_set_paint (rec, paint);
  shl_plot_record_attach (rec, cr);
  if (c->scale > 0)
    {
      /* a panel as the app draws it, with the text scale */
      ShlPlotStyle style;
      shl_plot_style_init (&style, c->preset);
      style.scale = c->scale;
      shl_panel_draw (cr, (ShlPanelKind) c->panel, c->scene, &style,
                      &(ShlRect) { 0, 0, sz->w, sz->h });
    }
  else
    {
      ShlFigureOptions o;
      shl_figure_options_init (&o);
      o.panel = c->panel;
      o.preset = c->preset;
      o.legend = c->set_legend ? c->legend : SHL_LEGEND_AUTO;
      o.letters = c->letters;
      o.letter_pos = c->letter_pos;
      o.font_size = c->font_size;
      shl_panels_draw_figure_with (cr, c->scene, &o, sz->w, sz->h);
    }
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
run_case_record (const Case *c, const char *name, const Size *sz, GString *errors,
                 ShlPlotRecord *rec)
{
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

  if (g_getenv ("SHL_LAYOUT_DUMP"))
    for (guint i = 0; i < shl_plot_record_get_n_boxes (rec); i++)
      {
        g_autoptr (GString) d = g_string_new (NULL);
        describe (d, shl_plot_record_get_box (rec, i));
        g_printerr ("%s: %s (stage %d)\n", name, d->str,
                    shl_plot_record_get_box (rec, i)->plot >= 0
                        ? shl_plot_record_get_stage (rec, shl_plot_record_get_box (rec, i)->plot) : -1);
      }

  g_autoptr (GString) e = g_string_new (NULL);
  int bad = check_boxes (rec, sz->w, sz->h, e);
  /* with room to spare nothing is dropped beyond the minor ticks, every
   * other tick label and a legend moved outside: crowded annotations in
   * the data area (neuron numbers) must not cost a plot its title and
   * ticks (they give way themselves) */
  gboolean roomy = sz->px ? sz->w >= 1280 : (sz->w >= 497 && sz->h >= 400);
  if (roomy && c->panel >= 0)
    for (int p = 0; p < shl_plot_record_get_n_plots (rec); p++)
      if (shl_plot_record_get_stage (rec, p) >= SHL_DROP_TITLE)
        {
          g_string_append_printf (e, "    plot %d dropped its texts to stage %d with room to spare\n",
                                  p, shl_plot_record_get_stage (rec, p));
          bad++;
        }
  /* a corner asked for by name is taken whatever lies under it */
  gboolean named = c->set_legend && c->legend != SHL_LEGEND_AUTO
                   && c->legend != SHL_LEGEND_OUTSIDE;
  if (!named)
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

static int
run_case (const Case *c, const char *name, const Size *sz, GString *errors)
{
  g_autoptr (ShlPlotRecord) rec = shl_plot_record_new ();
  return run_case_record (c, name, sz, errors, rec);
}

static gboolean
selected (const char *name)
{
  const char *only = g_getenv ("SHL_LAYOUT_ONLY");
  return !only || !*only || strstr (name, only);
}

static void
report (int failed, int cases, const GString *errors)
{
  g_test_message ("%d of %d cases failed", failed, cases);
  if (failed)
    {
      g_printerr ("%d of %d cases failed:\n%s", failed, cases, errors->str);
      g_test_fail ();
    }
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
            if (!selected (name))
              continue;
            cases++;
            if (run_case (&c, name, &sizes[k], errors) > 0)
              failed++;
          }
  report (failed, cases, errors);
}

/* ---------------------------------------------------------------- views */

typedef struct {
  const char *name;
  const char *target;
  guint64 steps;
  ShlOptimizer opt;
  double lr;
  const char *view_json;
  gboolean twin;          /* the start as the twin */
  int panels[3];          /* drawn, -1 ends (all four are drawn too) */
} Variant;

static const Variant variants[] = {
  { "twin-1d", "sine", 2000, SHL_OPT_ADAM, 0.01, "{\"landscape\": {\"directions\": \"twin\"}}",
    TRUE, { SHL_PANEL_REALIZATION, SHL_PANEL_LANDSCAPE, SHL_PANEL_TRAJECTORY } },
  { "twin-2d", "gaussians", 800, SHL_OPT_ADAM, 0.01, "{\"landscape\": {\"directions\": \"twin\"}}",
    TRUE, { SHL_PANEL_LANDSCAPE, SHL_PANEL_TRAJECTORY, -1 } },
  { "distances-1d", "sine", 2000, SHL_OPT_ADAM, 0.01, "{\"trajectory\": \"distances\"}",
    FALSE, { SHL_PANEL_TRAJECTORY, -1 } },
  { "distances-2d", "bump", 600, SHL_OPT_ADAM, 0.01, "{\"trajectory\": \"distances\"}",
    FALSE, { SHL_PANEL_TRAJECTORY, -1 } },
  { "conservation-1d", "abs", 1500, SHL_OPT_GD, 0.05, "{\"trajectory\": \"conservation\"}",
    FALSE, { SHL_PANEL_TRAJECTORY, -1 } },
  { "paths-1d", "sine", 1500, SHL_OPT_ADAM, 0.01, "{\"landscape\": {\"paths\": true}}",
    FALSE, { SHL_PANEL_LANDSCAPE, -1 } },
  { "pca-1d", "runge", 1500, SHL_OPT_ADAM, 0.01, "{\"landscape\": {\"directions\": \"pca\"}}",
    FALSE, { SHL_PANEL_LANDSCAPE, -1 } },
  { "diverged", "sine", 200, SHL_OPT_GD, 1e6, NULL, FALSE, { SHL_PANEL_TRAJECTORY, -1 } },
  { "long", "sine", 30000, SHL_OPT_ADAM, 0.01, NULL, FALSE, { SHL_PANEL_TRAJECTORY, -1 } },
  /* the inset takes the top right corner: the legend goes to another
   * corner with no data under it, or outside (it used to be put top left
   * over the data) */
  { "inset-1d", "abs", 300, SHL_OPT_ADAM, 0.01, "{\"recipe\": {\"inset\": true}}", TRUE,
    { SHL_PANEL_REALIZATION, SHL_PANEL_DERIVATIVE, -1 } },
};

/* Views beyond the defaults: a twin, the distances and conservation
 * views, the 1-D paths, PCA directions, a diverged and a long run. */
static void
test_views (void)
{
  gboolean light = g_getenv ("SHL_TEST_LIGHT") != NULL;
  g_autoptr (GString) errors = g_string_new (NULL);
  int cases = 0, failed = 0;
  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      const Variant *var = &variants[v];
      g_autoptr (ShlSession) ss = make_session (var->target, 12,
                                                light ? MIN (var->steps, 150) : var->steps,
                                                var->lr, var->opt, var->view_json);
      if (var->twin)
        ss->twin = shl_net_copy (ss->net0);
      GError *error = NULL;
      g_autoptr (ShlSceneData) sd = shl_scene_data_new (ss, &error);
      g_assert_no_error (error);
      for (int k = 0; k < 4; k++)
        {
          int panel = k < 3 ? var->panels[k] : -1;
          if (k < 3 && panel < 0)
            continue;
          for (int st = 0; st < 2; st++)
            for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
              {
                /* the matrix has the middle sizes; here the extremes */
                if ((light && z != 0 && z != 4) || z == 2 || z == 3)
                  continue;
                Case c = { shl_scene_data_get_scene (sd), panel,
                           st ? SHL_STYLE_SCREEN_LIGHT : SHL_STYLE_PAPER, 0, FALSE, 0 };
                g_autofree char *name = g_strdup_printf ("%s-%s-%s-%s", var->name,
                                                         panel < 0 ? "all" : panel_names[panel],
                                                         st ? "screen" : "paper", sizes[z].name);
                if (!selected (name))
                  continue;
                cases++;
                if (run_case (&c, name, &sizes[z], errors) > 0)
                  failed++;
              }
        }
    }
  report (failed, cases, errors);
}

static int
count_boxes (const ShlPlotRecord *rec, ShlBoxKind kind)
{
  int n = 0;
  for (guint i = 0; i < shl_plot_record_get_n_boxes (rec); i++)
    n += shl_plot_record_get_box (rec, i)->kind == kind;
  return n;
}

/* The panels as the app draws them at projector text size (1.75) in the
 * cells of a 1280 x 720 and a 1920 x 1080 window: all checks, and the
 * training loss keeps a data area of at least 3 tick-label ems. */
static void
test_app_sizes (void)
{
  gboolean light = g_getenv ("SHL_TEST_LIGHT") != NULL;
  g_autoptr (ShlSession) ss = make_session ("sine", 12, 2000, 0.01, SHL_OPT_ADAM, NULL);
  GError *error = NULL;
  g_autoptr (ShlSceneData) sd = shl_scene_data_new (ss, &error);
  g_assert_no_error (error);
  const Size cells[] = {
    { "490x290px", 490, 290, TRUE },    /* 2 x 2 in 1280 x 720 */
    { "980x580px", 980, 580, TRUE },    /* maximised in 1280 x 720 */
    { "800x450px", 800, 450, TRUE },    /* 2 x 2 in 1920 x 1080 */
    { "300x560px", 300, 560, TRUE },    /* a tall, narrow cell */
  };
  g_autoptr (GString) errors = g_string_new (NULL);
  int cases = 0, failed = 0;
  for (int panel = 0; panel < SHL_N_PANELS; panel++)
    for (guint z = 0; z < (light ? 1 : G_N_ELEMENTS (cells)); z++)
      for (int dark = 0; dark < 2; dark++)
        {
          Case c = { shl_scene_data_get_scene (sd), panel,
                     dark ? SHL_STYLE_SCREEN_DARK : SHL_STYLE_SCREEN_LIGHT, 1.75, FALSE, 0 };
          g_autofree char *name = g_strdup_printf ("app-%s-%s-%s", panel_names[panel],
                                                   dark ? "dark" : "light", cells[z].name);
          if (!selected (name))
            continue;
          cases++;
          g_autoptr (ShlPlotRecord) rec = shl_plot_record_new ();
          int bad = run_case_record (&c, name, &cells[z], errors, rec);
          if (panel == SHL_PANEL_TRAJECTORY)
            {
              /* two plots, or the upper one alone with its tick labels */
              int n_plots = shl_plot_record_get_n_plots (rec);
              if (n_plots == 1 && count_boxes (rec, SHL_BOX_TICK_LABEL) < 2)
                {
                  g_string_append_printf (errors, "  %s: the plane alone lost its tick "
                                                  "labels\n", name);
                  bad++;
                }
              /* the loss is the last plot drawn */
              ShlPlotStyle st;
              shl_plot_style_init (&st, c.preset);
              double min_h = 3.0 * st.tick_size * 1.75;
              int last = shl_plot_record_get_n_plots (rec) - 1;
              for (guint i = 0; i < shl_plot_record_get_n_boxes (rec); i++)
                {
                  const ShlBox *b = shl_plot_record_get_box (rec, i);
                  if (b->kind == SHL_BOX_PLOT && b->plot == last && b->rect.height < min_h - 0.5)
                    {
                      g_string_append_printf (errors, "  %s: the loss plot is %.1f high (< %.1f)\n",
                                              name, b->rect.height, min_h);
                      bad++;
                    }
                }
            }
          if (bad)
            failed++;
        }
  report (failed, cases, errors);
}

/* Panel letters over the size matrix, at the journals' font sizes: no
 * text overlaps or leaves the page, at a column's size and above every
 * panel keeps its letter (top left: at every drop stage), and at the
 * larger sizes its title. */
static void
test_letters (void)
{
  gboolean light = g_getenv ("SHL_TEST_LIGHT") != NULL;
  g_autoptr (ShlSession) s1 = make_session ("sine", 12, 2000, 0.01, SHL_OPT_ADAM, NULL);
  g_autoptr (ShlSession) s2 = make_session ("xor", 16, light ? 100 : 1000, 0.01,
                                            SHL_OPT_ADAM, NULL);
  GError *error = NULL;
  g_autoptr (ShlSceneData) d1 = shl_scene_data_new (s1, &error);
  g_assert_no_error (error);
  g_autoptr (ShlSceneData) d2 = shl_scene_data_new (s2, &error);
  g_assert_no_error (error);
  ShlSceneData *scenes[2] = { d1, d2 };
  const double font_sizes[2] = { 8.0, 9.0 };   /* ICML, NeurIPS */
  g_autoptr (GString) errors = g_string_new (NULL);
  int cases = 0, failed = 0;
  for (int dim = 0; dim < 2; dim++)
    for (int panel = 0; panel <= SHL_N_PANELS; panel++)
      for (int pos = 0; pos < 2; pos++)
        for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
          {
            if (sizes[k].px || (light && k != 1))
              continue;
            Case c = { shl_scene_data_get_scene (scenes[dim]),
                       panel == SHL_N_PANELS ? -1 : panel, SHL_STYLE_PAPER, 0, FALSE,
                       SHL_LEGEND_AUTO, TRUE, pos ? SHL_LETTER_TITLE : SHL_LETTER_TOP_LEFT,
                       font_sizes[(panel + k) % 2] };
            g_autofree char *name = g_strdup_printf ("letters-%s-%dd-%s-%s", panel_names[panel],
                                                     dim + 1, pos ? "title" : "top-left",
                                                     sizes[k].name);
            if (!selected (name))
              continue;
            cases++;
            g_autoptr (ShlPlotRecord) rec = shl_plot_record_new ();
            int bad = run_case_record (&c, name, &sizes[k], errors, rec);
            int want = panel == SHL_N_PANELS ? SHL_N_PANELS : 1;
            /* the trajectory's training loss has a title of its own */
            int has_loss = panel == SHL_N_PANELS || panel == SHL_PANEL_TRAJECTORY;
            if (!pos && sizes[k].w >= 238 && sizes[k].h >= 190
                && count_boxes (rec, SHL_BOX_LETTER) != want)
              {
                g_string_append_printf (errors, "  %s: %d letters, want %d\n", name,
                                        count_boxes (rec, SHL_BOX_LETTER), want);
                bad++;
              }
            /* every panel keeps its title at the larger sizes (the
             * plane of neurons too: colliding badges are left out one
             * by one, not every text with them) */
            else if (!pos && sizes[k].h >= (panel == SHL_N_PANELS ? 400 : 250)
                     && count_boxes (rec, SHL_BOX_TITLE) < want + has_loss)
              {
                g_string_append_printf (errors, "  %s: %d titles, want at least %d\n", name,
                                        count_boxes (rec, SHL_BOX_TITLE), want + has_loss);
                bad++;
              }
            else if (pos && count_boxes (rec, SHL_BOX_LETTER) != 0)
              {
                g_string_append_printf (errors, "  %s: letters apart from the titles\n", name);
                bad++;
              }
            if (bad > 0)
              failed++;
          }
  report (failed, cases, errors);
}

/* The legend settings: auto finds a place at ordinary sizes (legends are
 * not simply dropped), off has none, outside keeps them out of the data
 * area, a corner asked for is taken. */
static void
test_legend_settings (void)
{
  gboolean light = g_getenv ("SHL_TEST_LIGHT") != NULL;
  g_autoptr (ShlSession) s1 = make_session ("sine", 12, 2000, 0.01, SHL_OPT_ADAM, NULL);
  GError *error = NULL;
  g_autoptr (ShlSceneData) sd = shl_scene_data_new (s1, &error);
  g_assert_no_error (error);
  const ShlScene *scene = shl_scene_data_get_scene (sd);
  const int panels[3] = { SHL_PANEL_REALIZATION, SHL_PANEL_DERIVATIVE, SHL_PANEL_LANDSCAPE };
  const ShlLegendPos settings[4] = { SHL_LEGEND_AUTO, SHL_LEGEND_NONE, SHL_LEGEND_OUTSIDE,
                                     SHL_LEGEND_BOTTOM_LEFT };
  g_autoptr (GString) errors = g_string_new (NULL);
  int cases = 0, failed = 0;
  for (int k = 0; k < 3; k++)
    for (int l = 0; l < 4; l++)
      for (guint z = 1; z < G_N_ELEMENTS (sizes); z++)
        {
          if (sizes[z].h < 150 || (light && z != 1))   /* the strip may drop them */
            continue;
          Case c = { scene, panels[k], SHL_STYLE_PAPER, 0, TRUE, settings[l] };
          g_autofree char *name = g_strdup_printf ("legend%d-%s-%s", l, panel_names[panels[k]],
                                                   sizes[z].name);
          cases++;
          g_autoptr (ShlPlotRecord) rec = shl_plot_record_new ();
          int bad = run_case_record (&c, name, &sizes[z], errors, rec);
          int n = count_boxes (rec, SHL_BOX_LEGEND);
          int pos = shl_plot_record_get_legend (rec, 0);
          gboolean want = settings[l] != SHL_LEGEND_NONE;
          if (n != (want ? 1 : 0)
              || (settings[l] == SHL_LEGEND_OUTSIDE && pos != SHL_LEGEND_OUTSIDE)
              || (settings[l] == SHL_LEGEND_BOTTOM_LEFT && pos != SHL_LEGEND_BOTTOM_LEFT))
            {
              g_string_append_printf (errors, "  %s: %d legend(s), placed %d\n", name, n, pos);
              bad++;
            }
          if (bad)
            failed++;
        }
  report (failed, cases, errors);
}

/* ------------------------------------------------------ one plot alone */

/* A plot with every element: a long title, axis labels, a legend that
 * cannot sit inside (the data fill the plot), many ticks with minor
 * ones on a log axis. */
static ShlPlot *
busy_plot (void)
{
  ShlPlot *p = shl_plot_new ();
  shl_plot_set_title (p, "A long title about the $loss$ of a network over training");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "step $k$");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "loss $L(θ_k)$");
  shl_plot_set_axis_scale (p, SHL_AXIS_Y, SHL_SCALE_LOG10);
  shl_plot_set_legend (p, SHL_LEGEND_AUTO);
  enum { N = 200 };
  double x[N], y[N], z[N];
  for (int i = 0; i < N; i++)
    {
      x[i] = i * 50.0;
      y[i] = pow (10.0, -4.0 * i / (N - 1)) * (1.0 + 0.5 * sin (i * 0.9));
      z[i] = pow (10.0, -4.0 * (N - 1 - i) / (N - 1));
    }
  ShlSeriesStyle a = shl_series_style (0), b = shl_series_style (1);
  a.label = "training loss";
  b.label = "a rising curve";
  shl_plot_add_line (p, x, y, N, &a);
  shl_plot_add_line (p, x, z, N, &b);
  return p;
}

static ShlPlotRecord *
draw_recorded (ShlPlot *p, double w, double h)
{
  ShlPlotRecord *rec = shl_plot_record_new ();
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (2 * w),
                                                   (int) ceil (2 * h));
  cairo_t *cr = cairo_create (s);
  cairo_scale (cr, 2, 2);
  ShlPlotStyle style;
  shl_plot_style_init (&style, SHL_STYLE_PAPER);
  shl_plot_record_attach (rec, cr);
  shl_plot_draw (p, cr, &style, &(ShlRect) { 0, 0, w, h }, NULL);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  return rec;
}

/* Shrinking the area walks through the drop stages in their order: each
 * stage drew exactly what it keeps (both ways), the largest size drops
 * nothing, the smallest everything, and no text ever overlaps. */
static void
test_drop_order (void)
{
  g_autoptr (ShlPlot) p = busy_plot ();
  int seen[SHL_N_DROP_STAGES] = { 0 };
  g_autoptr (GString) errors = g_string_new (NULL);
  int bad = 0, first = -1, last = -1;
  double shrink = g_getenv ("SHL_TEST_LIGHT") ? 0.8 : 0.93;
  for (double w = 500; w >= 30; w *= shrink)
    {
      double h = 0.7 * w;
      g_autoptr (ShlPlotRecord) rec = draw_recorded (p, w, h);
      int stage = shl_plot_record_get_stage (rec, 0);
      seen[stage]++;
      if (first < 0)
        first = stage;
      last = stage;
      bad += check_boxes (rec, w, h, errors);
      int title = count_boxes (rec, SHL_BOX_TITLE), legend = count_boxes (rec, SHL_BOX_LEGEND);
      int labels = count_boxes (rec, SHL_BOX_AXIS_LABEL);
      int ticks = count_boxes (rec, SHL_BOX_TICK_LABEL);
      if ((title > 0) != (stage < SHL_DROP_TITLE) || (legend > 0) != (stage < SHL_DROP_LEGEND)
          || (labels == 2) != (stage < SHL_DROP_AXIS_LABELS)
          || (ticks > 0) != (stage < SHL_DROP_TICK_LABELS))
        {
          g_string_append_printf (errors, "  %.0f x %.0f at stage %d: title %d, legend %d, "
                                  "axis labels %d, tick labels %d\n", w, h, stage, title,
                                  legend, labels, ticks);
          bad++;
        }
    }
  int distinct = 0;
  for (int k = 0; k < SHL_N_DROP_STAGES; k++)
    distinct += seen[k] > 0;
  g_test_message ("first stage %d, last %d, %d stages seen", first, last, distinct);
  if (bad)
    g_printerr ("%s", errors->str);
  g_assert_cmpint (bad, ==, 0);
  g_assert_cmpint (first, ==, SHL_DROP_NOTHING);
  g_assert_cmpint (last, ==, SHL_DROP_ALL_TEXT);
  g_assert_cmpint (distinct, >=, 4);
}

/* A log axis of four decades in a plot of any height: the tick labels
 * ("10⁰" over "10⁻²" before) never touch, and a plot tall enough for two
 * labels shows at least two. */
static void
test_tick_collisions (void)
{
  g_autoptr (GString) errors = g_string_new (NULL);
  int bad = 0;
  for (double h = 40; h <= 400; h += g_getenv ("SHL_TEST_LIGHT") ? 31 : 7)
    {
      g_autoptr (ShlPlot) p = shl_plot_new ();
      shl_plot_set_axis_scale (p, SHL_AXIS_Y, SHL_SCALE_LOG10);
      double x[2] = { 0, 1 }, y[2] = { 1e-4, 1 };
      shl_plot_add_line (p, x, y, 2, NULL);
      g_autoptr (ShlPlotRecord) rec = draw_recorded (p, 200, h);
      bad += check_boxes (rec, 200, h, errors);
      /* the y labels: left of the data area */
      double left = 0;
      for (guint i = 0; i < shl_plot_record_get_n_boxes (rec); i++)
        if (shl_plot_record_get_box (rec, i)->kind == SHL_BOX_PLOT)
          left = shl_plot_record_get_box (rec, i)->rect.x;
      int y_labels = 0;
      for (guint i = 0; i < shl_plot_record_get_n_boxes (rec); i++)
        {
          const ShlBox *b = shl_plot_record_get_box (rec, i);
          y_labels += b->kind == SHL_BOX_TICK_LABEL && b->rect.x + b->rect.width <= left;
        }
      if (h >= 80 && y_labels < 2)
        {
          g_string_append_printf (errors, "  height %.0f: %d y tick labels\n", h, y_labels);
          bad++;
        }
    }
  if (bad)
    g_printerr ("%s", errors->str);
  g_assert_cmpint (bad, ==, 0);
}

static cairo_status_t
discard (void *closure, const unsigned char *data, unsigned int length)
{
  return CAIRO_STATUS_SUCCESS;
}

/* A figure's panels line up: in a NeurIPS-wide 2 x 2 figure of a 2-D
 * run, the realization's legend sits above its map and the derivative
 * has none, yet the two maps share their top and bottom edges (the same
 * size), and so do the panels' titles and letters. */
static void
test_aligned (void)
{
  g_autoptr (ShlSession) ss = make_session ("xor", 20, 300, 0.01, SHL_OPT_ADAM, NULL);
  GError *error = NULL;
  g_autoptr (ShlSceneData) sd = shl_scene_data_new (ss, &error);
  g_assert_no_error (error);
  ShlFigureOptions o;
  shl_figure_options_init (&o);
  o.letters = TRUE;
  cairo_surface_t *rs = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (rs);
  g_autoptr (ShlPlotRecord) rec = shl_plot_record_new ();
  shl_plot_record_attach (rec, cr);
  shl_panels_draw_figure_with (cr, shl_scene_data_get_scene (sd), &o, 396, 318);
  shl_plot_record_detach (cr);
  const ShlRect *data[2] = { NULL, NULL }, *title[2] = { NULL, NULL };
  for (guint i = 0; i < shl_plot_record_get_n_boxes (rec); i++)
    {
      const ShlBox *b = shl_plot_record_get_box (rec, i);
      if (b->plot < 0 || b->plot > 1)
        continue;
      if (b->kind == SHL_BOX_PLOT)
        data[b->plot] = &b->rect;
      else if (b->kind == SHL_BOX_TITLE)
        title[b->plot] = &b->rect;
    }
  g_assert_nonnull (data[0]);
  g_assert_nonnull (data[1]);
  g_assert_cmpint (shl_plot_record_get_legend (rec, 0), ==, SHL_LEGEND_OUTSIDE);
  g_assert_cmpfloat (fabs (data[0]->y - data[1]->y), <, 0.01);
  g_assert_cmpfloat (fabs (data[0]->height - data[1]->height), <, 0.01);
  if (title[0] && title[1])
    g_assert_cmpfloat (fabs (title[0]->y - title[1]->y), <, 0.5);
  cairo_destroy (cr);
  cairo_surface_destroy (rs);

  /* titles on all panels or on none: in an ICML column, where some
   * panels have no room for theirs, none has one (they used to differ
   * from panel to panel) */
  g_autoptr (ShlSession) s1 = make_session ("sine", 12, 500, 0.01, SHL_OPT_ADAM, NULL);
  g_autoptr (ShlSceneData) sd1 = shl_scene_data_new (s1, &error);
  g_assert_no_error (error);
  const double widths[] = { 234, 300, 397, 440, 497 };
  for (guint z = 0; z < 2 * G_N_ELEMENTS (widths); z++)
    {
      /* on a PDF surface too: the dry runs that measure the panels must
       * decide as the real target does (they snapped to pixels as if
       * raster, and a title that fitted there did not fit in the PDF) */
      rs = z % 2 ? cairo_pdf_surface_create_for_stream (discard, NULL, 600, 600)
                 : cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cr = cairo_create (rs);
      g_autoptr (ShlPlotRecord) r1 = shl_plot_record_new ();
      shl_plot_record_attach (r1, cr);
      double wz = widths[z / 2];
      shl_panels_draw_figure_with (cr, shl_scene_data_get_scene (sd1), &o, wz, wz * 0.8);
      /* and the 2-D run in screen style (pixel snapping on raster targets) */
      ShlFigureOptions os = o;
      os.preset = SHL_STYLE_SCREEN_LIGHT;
      shl_panels_draw_figure_with (cr, shl_scene_data_get_scene (sd), &os, wz, wz * 0.8);
      shl_plot_record_detach (cr);
      /* each figure's panels' first plots: realization, derivative,
       * landscape, the trajectory's upper plot (its loss plot after) */
      for (int fig = 0; fig < 2; fig++)
        {
          int titles = 0, first = fig ? shl_plot_record_get_n_plots (r1) - 5 : 0;
          for (guint i = 0; i < shl_plot_record_get_n_boxes (r1); i++)
            {
              const ShlBox *b = shl_plot_record_get_box (r1, i);
              titles += b->kind == SHL_BOX_TITLE && b->plot >= first && b->plot <= first + 3;
            }
          if (titles != 0 && titles != 4)
            g_error ("%s run, %g pt wide (%s): %d of the 4 panels have a title",
                     fig ? "2-D" : "1-D", wz, z % 2 ? "PDF" : "recording", titles);
        }
      cairo_destroy (cr);
      cairo_surface_destroy (rs);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layout/matrix", test_matrix);
  g_test_add_func ("/layout/views", test_views);
  g_test_add_func ("/layout/app-sizes", test_app_sizes);
  g_test_add_func ("/layout/legend-settings", test_legend_settings);
  g_test_add_func ("/layout/drop-order", test_drop_order);
  g_test_add_func ("/layout/tick-collisions", test_tick_collisions);
  g_test_add_func ("/layout/letters", test_letters);
  g_test_add_func ("/layout/aligned", test_aligned);
  return rt_finish (g_test_run ());
}
