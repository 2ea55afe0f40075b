/* shl-panels-figure.c: the four panels together, and a figure of one or
 * all of them with its options (what the app exports and the CLI
 * draws). */
#include "shl-panels-private.h"

#include <math.h>
#include <string.h>

#include "shl-export.h"
#include "shl-figure.h"
#include "shl-panel-report.h"
#include "shl-plot-record.h"

int
shl_figure_options_grid (const ShlFigureOptions *o, double width, double height,
                         int *kinds, int *rows, int *cols)
{
  int n = 0;
  if (o && o->panel >= 0)
    kinds[n++] = o->panel;
  else if (o && o->n_panels > 0)
    for (int k = 0; k < o->n_panels && k < SHL_N_PANELS; k++)
      kinds[n++] = o->panels[k];
  else
    for (int k = 0; k < SHL_N_PANELS; k++)
      kinds[n++] = k;
  if (o && o->columns > 0)
    *cols = MIN (o->columns, n);
  else if (n == SHL_N_PANELS)
    *cols = width >= 3.2 * height ? 4 : 2;
  else
    *cols = n;
  *rows = (n + *cols - 1) / *cols;
  return n;
}

int
shl_figure_landscape_grid (const ShlFigureOptions *o, double width, double height, double ppi)
{
  int kinds[SHL_N_PANELS], rows, cols;
  int n = shl_figure_options_grid (o, width, height, kinds, &rows, &cols);
  gboolean drawn = FALSE;
  for (int k = 0; k < n; k++)
    drawn = drawn || kinds[k] == SHL_PANEL_LANDSCAPE;
  if (!drawn || !(ppi > 0))
    return 0;
  /* the map takes about 70 % of its cell (the axis labels and the colour
   * bar take the rest); the longer side counts */
  double side_pt = 0.7 * MAX (width / cols, height / rows);
  double nodes = ceil (side_pt / 72.0 * ppi);
  return (int) CLAMP (nodes, 3.0, 1001.0);
}

/* The changes the options make to the panel at index (its letter, its
 * plots' overrides) into st, with ov (2) and letter as storage. */
static void
panel_style (const ShlFigureOptions *o, int kind, int index, ShlPlotStyle *st,
             ShlPlotOverrides *ov, char *letter, gsize size)
{
  for (int j = 0; j < 2; j++)
    {
      if (o->overrides[kind][j])
        ov[j] = *o->overrides[kind][j];
      else
        shl_plot_overrides_init (&ov[j]);
      st->overrides[j] = &ov[j];
    }
  if (o->letters && !(ov[0].letter && *ov[0].letter))
    {
      g_snprintf (letter, size, "(%c)", 'a' + index);
      ov[0].letter = letter;
    }
  ov[0].letter_pos = o->letter_pos;
}

/* What a figure's panel must keep to line up with the others: its data
 * areas' least margins (left, right, top, bottom) and the drop stage
 * every plot starts at. */
typedef struct {
  double m[4];
  int    stage;
  int    stages[2]; /* measured: the drop stage of each of its plots */
  int    plots;    /* measured: the panel's own plots drawn */
  gboolean titled; /* measured: its (first) plot kept its title */
} PanelFit;

/* One panel of the grid at r, with the options' changes and, when align
 * is given, the margins and stage that line it up with the others. */
static void
draw_one (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style, const ShlFigureOptions *o,
          int kind, int index, const ShlRect *r, ShlPanelReport *rep, const PanelFit *align)
{
  ShlPlotStyle st = *style;
  ShlPlotOverrides ov[2];
  char letter[8];
  st.title[0] = '\0';
  if (o && o->panel_titles[kind])
    g_strlcpy (st.title, o->panel_titles[kind], sizeof st.title);
  if (o)
    panel_style (o, kind, index, &st, ov, letter, sizeof letter);
  if (o && align)
    {
      /* the trajectory's two plots: the upper one's top, the loss's
       * bottom; both the sides */
      gboolean column = kind == SHL_PANEL_TRAJECTORY;
      for (int j = 0; j < 2; j++)
        {
          ov[j].min_stage = align->stage;
          ov[j].min_margin[0] = align->m[0];
          ov[j].min_margin[1] = align->m[1];
          ov[j].min_margin[2] = j == 0 ? align->m[2] : 0.0;
          ov[j].min_margin[3] = j == 1 || !column ? align->m[3] : 0.0;
        }
    }
  /* a hidden twin leaves the plots of f; the loss slice keeps the axes
   * it was computed with */
  ShlScene one;
  const ShlScene *ps = s;
  if (s && s->hide_twin && s->twin && kind != SHL_PANEL_LANDSCAPE)
    {
      one = *s;
      one.twin = NULL;
      ps = &one;
    }
  shl_panel_draw_report (cr, (ShlPanelKind) kind, ps, &st, r, rep);
}

/* A dry run of one panel on a recording surface in cr's units: the
 * margins around its data areas (the inset of a realization aside) and
 * the latest drop stage its plots needed. */
static void
measure_one (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
             const ShlFigureOptions *o, int kind, int index, const ShlRect *r,
             const PanelFit *align, PanelFit *fit)
{
  ShlPlotRecord *rec = shl_plot_record_new ();
  cairo_t *c = shl_plot_record_dry_run (cr, rec);
  draw_one (c, s, style, o, kind, index, r, NULL, align);
  shl_plot_record_dry_run_end (c);
  int n = shl_plot_record_get_n_plots (rec);
  /* the panel's own plots: the trajectory's column, else the first */
  int last = kind == SHL_PANEL_TRAJECTORY ? MIN (n, 2) - 1 : MIN (n, 1) - 1;
  memset (fit, 0, sizeof *fit);
  for (guint i = 0; i < shl_plot_record_get_n_boxes (rec); i++)
    {
      const ShlBox *b = shl_plot_record_get_box (rec, i);
      if (b->kind == SHL_BOX_TITLE && b->plot == 0)
        fit->titled = TRUE;
      if (b->kind != SHL_BOX_PLOT || b->plot > last)
        continue;
      const ShlRect *p = &b->rect;
      fit->m[0] = MAX (fit->m[0], p->x - r->x);
      fit->m[1] = MAX (fit->m[1], r->x + r->width - p->x - p->width);
      if (b->plot == 0)
        fit->m[2] = p->y - r->y;
      if (b->plot == last)
        fit->m[3] = r->y + r->height - p->y - p->height;
    }
  for (int i = 0; i <= last; i++)
    {
      fit->stages[i] = shl_plot_record_get_stage (rec, i);
      fit->stage = MAX (fit->stage, fit->stages[i]);
    }
  fit->plots = last + 1;
  shl_plot_record_free (rec);
}

/* The panels in a grid (shl_figure_options_grid; o NULL: all four, in a
 * row when the area is wide, else 2 x 2); titles replace the panels'
 * own. A figure's panels line up: their data areas share their top and
 * bottom edges along a row and their left sides down a column (measured
 * in a dry run), wherever that costs a panel no text. */
static void
draw_grid (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
           const ShlFigureOptions *o, const ShlRect *area, ShlPanelReport **reps)
{
  int kinds[SHL_N_PANELS], rows, cols;
  int n = shl_figure_options_grid (o, area->width, area->height, kinds, &rows, &cols);
  double gap = 6 * style->scale;
  double w = (area->width - (cols - 1) * gap) / cols;
  double h = (area->height - (rows - 1) * gap) / rows;
  ShlRect r[SHL_N_PANELS];
  for (int k = 0; k < n; k++)
    r[k] = (ShlRect) { area->x + (k % cols) * (w + gap), area->y + (k / cols) * (h + gap), w, h };
  PanelFit fit[SHL_N_PANELS], align[SHL_N_PANELS];
  gboolean aligned = o && s && n > 1;
  gboolean use[SHL_N_PANELS] = { FALSE };
  ShlPlotStyle all = *style;
  if (aligned)
    {
      /* titles on every panel or on none: when one has no room for its
       * title, the figure leaves them out (its caption names the panels) */
      gboolean untitled = FALSE;
      for (int k = 0; k < n; k++)
        {
          measure_one (cr, s, &all, o, kinds[k], k, &r[k], NULL, &fit[k]);
          untitled = untitled || !fit[k].titled;
        }
      if (untitled && all.titles)
        {
          all.titles = FALSE;
          for (int k = 0; k < n; k++)
            measure_one (cr, s, &all, o, kinds[k], k, &r[k], NULL, &fit[k]);
        }
      style = &all;
      for (int k = 0; k < n; k++)
        {
          memset (&align[k], 0, sizeof align[k]);
          for (int j = 0; j < n; j++)
            {
              /* the column: the left side (the y axes line up; the right
               * side is not forced: a map's colour bar would narrow a
               * plot with none below or above it) */
              if (j % cols == k % cols)
                align[k].m[0] = MAX (align[k].m[0], fit[j].m[0]);
              if (j / cols == k / cols)   /* the row: top and bottom */
                for (int e = 2; e < 4; e++)
                  align[k].m[e] = MAX (align[k].m[e], fit[j].m[e]);
            }
          /* a panel lines up only when that costs it nothing: no text
           * dropped, no plot left out (a panel whose neighbour's legend
           * sits above would otherwise be starved) */
          PanelFit got;
          measure_one (cr, s, style, o, kinds[k], k, &r[k], &align[k], &got);
          use[k] = got.plots == fit[k].plots && got.titled == fit[k].titled;
          for (int i = 0; i < got.plots; i++)
            use[k] = use[k] && got.stages[i] <= fit[k].stages[i];
        }
    }
  for (int k = 0; k < n; k++)
    draw_one (cr, s, style, o, kinds[k], k, &r[k], reps ? reps[kinds[k]] : NULL,
              use[k] ? &align[k] : NULL);
}

void
shl_panels_draw_all (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                     const ShlRect *area)
{
  g_return_if_fail (cr != NULL && style != NULL && area != NULL);
  draw_grid (cr, s, style, NULL, area, NULL);
}

void
shl_figure_options_init (ShlFigureOptions *o)
{
  g_return_if_fail (o != NULL);
  memset (o, 0, sizeof *o);
  o->panel = -1;
  o->preset = SHL_STYLE_PAPER;
  o->font = SHL_FONT_FAMILY_DEJAVU;
  o->legend = SHL_LEGEND_AUTO;
  o->titles = TRUE;
  o->loss_steps = SHL_STEP_AXIS_AUTO;
  o->letter_pos = SHL_LETTER_TOP_LEFT;
  o->show_neurons = -1;
  o->diverging_map = SHL_COLORMAP_COOLWARM;
}

void
shl_figure_options_style (const ShlFigureOptions *o, ShlPlotStyle *style)
{
  g_return_if_fail (o != NULL && style != NULL);
  shl_plot_style_init (style, o->preset);
  shl_plot_style_set_font_family (style, o->font);
  style->legend = o->legend;
  style->titles = o->titles;
  if (o->font_size > 0)
    {
      double f = o->font_size / style->label_size;
      style->title_size *= f;
      style->label_size = o->font_size;
      style->tick_size *= f;
      style->text_size *= f;
    }
}

/* The figure; reps (SHL_N_PANELS, by kind) may be NULL. */
static void
draw_figure (cairo_t *cr, const ShlScene *scene, const ShlFigureOptions *o, double width,
             double height, ShlPanelReport **reps)
{
  ShlPlotStyle style;
  shl_figure_options_style (o, &style);
  /* the page under the panels, their gaps and the header: a video frame
   * with transparent gaps turns them black */
  if (style.background.a > 0.0 && !shl_render_is_transparent (cr)
      && shl_plot_record_get_paint (shl_plot_record_get (cr)) == SHL_RECORD_PAINT_ALL)
    {
      cairo_save (cr);
      shl_color_set_source (style.background, cr);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  ShlScene sc;
  if (scene)
    {
      sc = *scene;
      if (o->loss_steps != SHL_STEP_AXIS_AUTO)
        sc.loss_steps = o->loss_steps;
      if (o->hide_kinks)
        sc.hide_kinks = TRUE;
      if (o->hide_data)
        sc.hide_data = TRUE;
      if (o->hide_target)
        sc.target = NULL;
      if (o->hide_twin)
        sc.hide_twin = TRUE;
      if (shl_colormap_is_diverging (o->diverging_map))
        sc.diverging_map = (int) o->diverging_map;
      if (o->show_neurons >= 0)
        sc.show_neurons = o->show_neurons != 0;
      for (int k = 0; k < 3; k++)
        if (o->color_range[k][0] < o->color_range[k][1])
          memcpy (sc.color_range[k], o->color_range[k], sizeof sc.color_range[k]);
    }
  ShlRect area = { 0, 0, width, height };
  if (o->header)
    area = shl_figure_draw_title (cr, &style, o->header, &area);
  if (o->panel >= 0)
    {
      /* one panel: the title is its own */
      ShlFigureOptions one = *o;
      if (o->title)
        one.panel_titles[o->panel] = o->title;
      draw_grid (cr, scene ? &sc : NULL, &style, &one, &area, reps);
      return;
    }
  if (o->title)
    area = shl_figure_draw_title (cr, &style, o->title, &area);
  draw_grid (cr, scene ? &sc : NULL, &style, o, &area, reps);
}

void
shl_panels_draw_figure_with (cairo_t *cr, const ShlScene *scene,
                             const ShlFigureOptions *o, double width,
                             double height)
{
  g_return_if_fail (cr != NULL && o != NULL);
  g_return_if_fail (o->panel < SHL_N_PANELS);
  draw_figure (cr, scene, o, width, height, NULL);
}

/* ------------------------------------------------ ranges across frames */

void
shl_figure_ranges_init (ShlFigureRanges *r)
{
  g_return_if_fail (r != NULL);
  memset (r, 0, sizeof *r);
  for (int k = 0; k < SHL_N_PANELS; k++)
    for (int j = 0; j < 2; j++)
      for (int a = 0; a < 2; a++)
        r->axis[k][j][a][0] = r->axis[k][j][a][1] = NAN;
  for (int k = 0; k < 3; k++)
    r->color[k][0] = r->color[k][1] = NAN;
}

static void
widen (double *range, double lo, double hi)
{
  if (!(isfinite (lo) && isfinite (hi) && lo < hi))
    return;
  if (isnan (range[0]) || lo < range[0])
    range[0] = lo;
  if (isnan (range[1]) || hi > range[1])
    range[1] = hi;
}

void
shl_figure_ranges_add (ShlFigureRanges *r, const ShlScene *scene,
                       const ShlFigureOptions *o, double width, double height)
{
  g_return_if_fail (r != NULL && scene != NULL && o != NULL);
  g_return_if_fail (o->panel < SHL_N_PANELS);
  /* the figure drawn where nothing is kept, for its reports */
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                                             &(cairo_rectangle_t) { 0, 0, width,
                                                                                    height });
  cairo_t *cr = cairo_create (surface);
  ShlPanelReport *reps[SHL_N_PANELS];
  for (int k = 0; k < SHL_N_PANELS; k++)
    reps[k] = shl_panel_report_new ();
  draw_figure (cr, scene, o, width, height, reps);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  for (int k = 0; k < SHL_N_PANELS; k++)
    {
      /* the panel's plot, and the trajectory's training loss below it */
      int n = k == SHL_PANEL_TRAJECTORY ? 2 : 1;
      for (int j = 0; j < n && j < (int) shl_panel_report_n_plots (reps[k]); j++)
        {
          const ShlReportPlot *pl = shl_panel_report_plot (reps[k], (guint) j);
          if (!pl->drawn)
            continue;
          widen (r->axis[k][j][SHL_AXIS_X], pl->layout.x_min, pl->layout.x_max);
          widen (r->axis[k][j][SHL_AXIS_Y], pl->layout.y_min, pl->layout.y_max);
        }
      for (guint i = 0; k < 3 && i < shl_panel_report_n_items (reps[k]); i++)
        {
          const ShlReportItem *it = shl_panel_report_item (reps[k], i);
          if (it->role == SHL_ROLE_HEATMAP && it->plot == 0 && it->owner == SHL_OWNER_NET)
            widen (r->color[k], it->vmin, it->vmax);
        }
      shl_panel_report_free (reps[k]);
    }
}

void
shl_figure_ranges_fix (ShlFigureRanges *r, ShlFigureOptions *o)
{
  g_return_if_fail (r != NULL && o != NULL);
  for (int k = 0; k < SHL_N_PANELS; k++)
    for (int j = 0; j < 2; j++)
      {
        ShlPlotOverrides *ov = &r->overrides_[k][j];
        if (o->overrides[k][j])
          *ov = *o->overrides[k][j];
        else
          shl_plot_overrides_init (ov);
        for (int a = 0; a < 2; a++)
          {
            const double *want = r->axis[k][j][a];
            if (isnan (ov->axis[a].lo) && want[0] < want[1])
              ov->axis[a].lo = want[0], ov->axis[a].hi = want[1];
          }
        o->overrides[k][j] = ov;
      }
  for (int k = 0; k < 3; k++)
    if (!(o->color_range[k][0] < o->color_range[k][1]) && r->color[k][0] < r->color[k][1])
      memcpy (o->color_range[k], r->color[k], sizeof o->color_range[k]);
}

void
shl_panels_draw_figure (cairo_t *cr, const ShlScene *scene, int panel,
                        ShlStylePreset preset, double width, double height)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (panel < SHL_N_PANELS);
  ShlFigureOptions o;
  shl_figure_options_init (&o);
  o.panel = panel;
  o.preset = preset;
  shl_panels_draw_figure_with (cr, scene, &o, width, height);
}
