/* shl-plot-extras.c: edge markers, pixel sizes, shaded intervals and
 * insets on the public plot API (see shl-plot-extras.h). */
#include "shl-plot-extras.h"

#include <math.h>

#include <pango/pangocairo.h>

void
shl_plot_add_edge_marker (ShlPlot *p, double x, double y, ShlAnchor anchor,
                          const char *markup, const ShlSeriesStyle *style)
{
  g_return_if_fail (p != NULL && style != NULL);
  ShlSeriesStyle ms = *style;
  if (ms.marker == SHL_MARKER_NONE)
    ms.marker = SHL_MARKER_TRIANGLE;
  ms.label = NULL;
  shl_plot_add_scatter (p, &x, &y, NULL, 1, &ms);
  if (markup && *markup)
    shl_plot_add_text (p, x, y, SHL_COORDS_DATA, anchor, markup);
}

double
shl_plot_extras_data_per_unit (const ShlPlotLayout *l, ShlAxisId axis)
{
  g_return_val_if_fail (l != NULL, NAN);
  double len = axis == SHL_AXIS_X ? l->plot.width : l->plot.height;
  double lo = axis == SHL_AXIS_X ? l->x_min : l->y_min;
  double hi = axis == SHL_AXIS_X ? l->x_max : l->y_max;
  ShlScale s = axis == SHL_AXIS_X ? l->x_scale : l->y_scale;
  if (!(len > 0))
    return NAN;
  if (s == SHL_SCALE_LOG10)
    return (log10 (hi) - log10 (lo)) / len;
  return (hi - lo) / len;
}

void
shl_plot_extras_inset_rect (const ShlPlotLayout *l, const ShlPlotStyle *style, gboolean right,
                            gboolean top, double frac_w, double frac_h, ShlRect *out)
{
  g_return_if_fail (l != NULL && style != NULL && out != NULL);
  double s = style->scale > 0 ? style->scale : 1.0;
  double m = style->pad * s;
  out->width = l->plot.width * frac_w;
  out->height = l->plot.height * frac_h;
  out->x = right ? l->plot.x + l->plot.width - out->width - m : l->plot.x + m;
  out->y = top ? l->plot.y + m : l->plot.y + l->plot.height - out->height - m;
}

void
shl_plot_extras_link_inset (cairo_t *cr, const ShlPlotLayout *l, const ShlPlotStyle *style,
                            double x0, double x1, double y0, double y1, const ShlRect *inset)
{
  g_return_if_fail (cr != NULL && l != NULL && style != NULL && inset != NULL);
  double s = style->scale > 0 ? style->scale : 1.0;
  double ux0, uy0, ux1, uy1;
  shl_plot_layout_to_user (l, x0, y0, &ux0, &uy0);
  shl_plot_layout_to_user (l, x1, y1, &ux1, &uy1);
  double rx = fmin (ux0, ux1), ry = fmin (uy0, uy1);
  double rw = fabs (ux1 - ux0), rh = fabs (uy1 - uy0);
  /* a region thinner than a few units is still framed visibly */
  double minw = 3 * s;
  if (rw < minw)
    {
      rx -= 0.5 * (minw - rw);
      rw = minw;
    }
  if (rh < minw)
    {
      ry -= 0.5 * (minw - rh);
      rh = minw;
    }
  cairo_save (cr);
  cairo_rectangle (cr, l->plot.x, l->plot.y, l->plot.width, l->plot.height);
  cairo_clip (cr);
  ShlColor c = style->foreground;
  /* the region shaded and outlined with dashes, as the connectors are: a
   * region as wide as the plot must not read as two reference lines */
  cairo_rectangle (cr, rx, ry, rw, rh);
  cairo_set_source_rgba (cr, c.r, c.g, c.b, 0.08);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, c.r, c.g, c.b, 0.55);
  cairo_set_line_width (cr, 0.8 * s);
  double region_dash[2] = { 3 * s, 2 * s };
  cairo_set_dash (cr, region_dash, 2, 0);
  cairo_stroke (cr);
  /* connectors from the region's corners to the inset's nearer side */
  double cx = rx + 0.5 * rw, icx = inset->x + 0.5 * inset->width;
  double sx = cx < icx ? rx + rw : rx, ix = cx < icx ? inset->x : inset->x + inset->width;
  if (cx >= inset->x && cx <= inset->x + inset->width)
    {
      sx = rx + 0.5 * rw;
      ix = icx;
    }
  double iy_top = inset->y, iy_bot = inset->y + inset->height;
  double dash[2] = { 2 * s, 2 * s };
  cairo_set_dash (cr, dash, 2, 0);
  cairo_set_line_width (cr, 0.6 * s);
  if (ry > iy_bot)
    {
      cairo_move_to (cr, sx, ry);
      cairo_line_to (cr, ix, iy_bot);
    }
  else if (ry + rh < iy_top)
    {
      cairo_move_to (cr, sx, ry + rh);
      cairo_line_to (cr, ix, iy_top);
    }
  else
    {
      cairo_move_to (cr, sx, ry + 0.5 * rh);
      cairo_line_to (cr, ix, inset->y + 0.5 * inset->height);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}
