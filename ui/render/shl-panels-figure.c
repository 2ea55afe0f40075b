/* shl-panels-figure.c: the four panels together, and a figure of one or
 * all of them with its options (what the app exports and the CLI
 * draws). */
#include "shl-panels-private.h"

#include <string.h>

#include "shl-figure.h"

/* The panels in a row when the area is wide, else 2 x 2; titles (4, may
 * be NULL) replace the panels' own. */
static void
draw_grid (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
           const char *const *titles, const ShlRect *area)
{
  gboolean row = area->width >= 3.2 * area->height;
  int cols = row ? 4 : 2, rows = row ? 1 : 2;
  double gap = 6 * style->scale;
  double w = (area->width - (cols - 1) * gap) / cols;
  double h = (area->height - (rows - 1) * gap) / rows;
  for (int k = 0; k < SHL_N_PANELS; k++)
    {
      ShlRect r = { area->x + (k % cols) * (w + gap), area->y + (k / cols) * (h + gap), w, h };
      ShlPlotStyle st = *style;
      st.title[0] = '\0';
      if (titles && titles[k])
        g_strlcpy (st.title, titles[k], sizeof st.title);
      shl_panel_draw (cr, (ShlPanelKind) k, s, &st, &r);
    }
}

void
shl_panels_draw_all (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                     const ShlRect *area)
{
  g_return_if_fail (cr != NULL && style != NULL && area != NULL);
  draw_grid (cr, s, style, NULL, area);
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
}

void
shl_figure_options_style (const ShlFigureOptions *o, ShlPlotStyle *style)
{
  g_return_if_fail (o != NULL && style != NULL);
  shl_plot_style_init (style, o->preset);
  shl_plot_style_set_font_family (style, o->font);
  style->legend = o->legend;
  style->titles = o->titles;
}

void
shl_panels_draw_figure_with (cairo_t *cr, const ShlScene *scene,
                             const ShlFigureOptions *o, double width,
                             double height)
{
  g_return_if_fail (cr != NULL && o != NULL);
  g_return_if_fail (o->panel < SHL_N_PANELS);
  ShlPlotStyle style;
  shl_figure_options_style (o, &style);
  ShlScene sc;
  if (scene)
    {
      sc = *scene;
      if (o->loss_steps != SHL_STEP_AXIS_AUTO)
        sc.loss_steps = o->loss_steps;
    }
  ShlRect area = { 0, 0, width, height };
  if (o->panel >= 0)
    {
      if (o->title)
        g_strlcpy (style.title, o->title, sizeof style.title);
      shl_panel_draw (cr, (ShlPanelKind) o->panel, scene ? &sc : NULL, &style, &area);
      return;
    }
  if (o->title)
    area = shl_figure_draw_title (cr, &style, o->title, &area);
  draw_grid (cr, scene ? &sc : NULL, &style, o->panel_titles, &area);
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
