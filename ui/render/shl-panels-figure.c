/* shl-panels-figure.c: the four panels together, and a figure of one or
 * all of them in a style preset (what the app exports and the CLI
 * draws). */
#include "shl-panels-private.h"

void
shl_panels_draw_all (cairo_t *cr, const ShlScene *s, const ShlPlotStyle *style,
                     const ShlRect *area)
{
  g_return_if_fail (cr != NULL && style != NULL && area != NULL);
  gboolean row = area->width >= 3.2 * area->height;
  int cols = row ? 4 : 2, rows = row ? 1 : 2;
  double gap = 6 * style->scale;
  double w = (area->width - (cols - 1) * gap) / cols;
  double h = (area->height - (rows - 1) * gap) / rows;
  for (int k = 0; k < SHL_N_PANELS; k++)
    {
      ShlRect r = { area->x + (k % cols) * (w + gap), area->y + (k / cols) * (h + gap), w, h };
      shl_panel_draw (cr, (ShlPanelKind) k, s, style, &r);
    }
}

void
shl_panels_draw_figure (cairo_t *cr, const ShlScene *scene, int panel,
                        ShlStylePreset preset, double width, double height)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (panel < SHL_N_PANELS);
  ShlPlotStyle style;
  shl_plot_style_init (&style, preset);
  ShlRect area = { 0, 0, width, height };
  if (panel < 0)
    shl_panels_draw_all (cr, scene, &style, &area);
  else
    shl_panel_draw (cr, (ShlPanelKind) panel, scene, &style, &area);
}
